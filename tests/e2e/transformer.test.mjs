// "Watch a transformer learn", end to end in headless Chromium: with WebGPU (SwiftShader,
// a software adapter) and without.
import { it } from "node:test";
import assert from "node:assert/strict";
import { canvasInk, waitForStatus, PHONE, sidewaysOverflow, withAndWithoutWebGpu, keepGpuDevices, loseGpu, refuseGpuDevices } from "./support.mjs";

/** { step, loss } from the readout under the loss figure. */
async function readout(page) {
  const text = await page.getByTestId("loss-readout").textContent();
  const m = text.match(/step (\d+): loss ([0-9.]+)/);
  return m ? { step: Number(m[1]), loss: Number(m[2]) } : null;
}

async function waitForStep(page, n, timeout = 90_000) {
  await page.waitForFunction((n) => {
    const m = document.querySelector('[data-testid="loss-readout"]')?.textContent.match(/step (\d+):/);
    return m && Number(m[1]) >= n;
  }, n, { timeout });
}

// A small model, so that steps on a software GPU take well under a second.
const TINY = "kind=transformer&seed=2&steps=2000&model.vocab=8&model.context=8&model.width=16" +
  "&model.heads=2&model.layers=1&train.batch=8&corpus.branching=2";

withAndWithoutWebGpu("Transformer", (lab, webgpu) => {
  it("trains: the loss falls from ln 16 toward the entropy-rate floor", async () => {
    const page = await lab.open(`/transformer`);
    await waitForStep(page, 5);
    const first = await readout(page);
    await waitForStep(page, 80);
    const later = await readout(page);
    const floor = Number((await page.getByTestId("loss-readout").textContent()).match(/floor ([0-9.]+)/)[1]);
    assert.ok(first.loss > later.loss, `loss falls (${first.loss} → ${later.loss})`);
    assert.ok(later.loss < floor + 0.5, `near the floor ${floor} after ${later.step} steps: ${later.loss}`);
    assert.ok((await canvasInk(page)) > 1500, "the loss figure is drawn");
    await page.getByTestId("sample-model").waitFor();
    assert.match(await page.getByTestId("sample-chain").textContent(), /^[a-p]{64}$/);
    assert.ok((await canvasInk(page, ".plot.small canvas")) > 500, "the attention map is drawn");
    assert.deepEqual(page.errors, []);
  });

  it("reads on a phone: the page does not scroll sideways", async () => {
    const page = await lab.open(`/transformer?${TINY}`, { viewport: PHONE });
    await waitForStep(page, 2);
    assert.equal(await sidewaysOverflow(page), 0);
    assert.deepEqual(page.errors, []);
  });

  it("the backend badge tells the truth", async () => {
    const page = await lab.open(`/transformer?${TINY}`);
    await waitForStep(page, 2);
    assert.equal(await page.getByTestId("backend-badge").textContent(), "training on CPU (WebAssembly)");
    const gpuButton = page.getByTestId("backend-gpu");
    if (webgpu) {
      // SwiftShader is a software adapter: `auto` keeps to the CPU and says why.
      assert.match(await page.getByTestId("note").textContent(), /software rasteriser/);
      await page.waitForFunction(() => !document.querySelector('[data-testid="backend-gpu"]').disabled);
    } else {
      await page.waitForFunction(() => document.querySelector('[data-testid="gpu-badge"]')?.textContent.includes("CPU only"));
      assert.ok(await gpuButton.isDisabled(), "no WebGPU: the switch is off");
    }
  });

  if (webgpu) {
    it("switching to WebGPU mid-run and back keeps the loss continuous", async () => {
      const page = await lab.open(`/transformer?${TINY}`);
      await waitForStep(page, 150);
      await page.getByTestId("backend-gpu").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 30_000 });
      const atSwitch = await readout(page);
      await waitForStep(page, atSwitch.step + 3);
      const onGpu = await readout(page);
      // A fresh model would start near ln 8 ≈ 2.08; the trained one is far below. (Each
      // readout is one batch's loss, 64 tokens: it moves by a few tenths from step to step
      // on its own, so the two readouts are not compared with each other.)
      assert.ok(onGpu.loss < 1.7, `GPU steps continue the trained model (${atSwitch.loss} → ${onGpu.loss})`);
      await page.getByTestId("backend-cpu").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("CPU"), null, { timeout: 60_000 });
      const back = await readout(page);
      await waitForStep(page, back.step + 20);
      assert.ok((await readout(page)).loss < 1.7);
      assert.deepEqual(page.errors, []);
    });
  }

  if (webgpu) {
    it("a GPU lost mid-run hands over to the CPU: training goes on and the badge says so", async () => {
      const page = await lab.open(`/transformer?${TINY}`, { init: keepGpuDevices });
      await waitForStep(page, 150);
      await page.getByTestId("backend-gpu").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 30_000 });
      const atSwitch = await readout(page);
      await waitForStep(page, atSwitch.step + 3);
      await loseGpu(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("the GPU was lost"), null, { timeout: 60_000 });
      const said = (await page.getByTestId("message").textContent()).match(/The GPU stopped working during step (\d+) .*goes on on the CPU from step (\d+), the last completed one: the steps since its copy at step (\d+)/);
      assert.ok(said, "the message says when and from where");
      // The first copy is the run as it moved to the GPU, after 150 CPU steps; later ones
      // come every 100 steps or 1 s. The GPU was lost after the copy, and the CPU redid
      // the steps since, so the run goes on from the last one the GPU completed.
      const [lost, resumed, copy] = [Number(said[1]), Number(said[2]), Number(said[3])];
      assert.equal(resumed, lost - 1);
      assert.ok(copy >= 150 && copy < lost, `copy at ${copy}, lost at ${lost}, switched at ${atSwitch.step}`);
      const handed = await readout(page);
      assert.ok(handed.step >= resumed, `the run went back to step ${handed.step}`);
      await waitForStep(page, handed.step + 30);
      assert.equal(await page.getByTestId("status").textContent(), "running", "no Play press needed");
      assert.ok((await readout(page)).loss < 1.7, "the CPU continues the trained model, not a fresh one");
      // wgpu reports the destroyed device on the console; nothing else may.
      assert.deepEqual(page.errors.filter((e) => !/destroyed|lost|Device/i.test(e)), []);
    });

    it("a browser whose workers lack WebGPU trains on WebGPU from the page", async () => {
      // As in a browser that offers WebGPU to pages but not to workers.
      const workersWithoutWebGpu = () => {
        if (typeof window === "undefined") delete Object.getPrototypeOf(navigator).gpu;
      };
      const page = await lab.open(`/transformer?${TINY}&backend=gpu`, { init: workersWithoutWebGpu });
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 30_000 });
      const badge = page.getByTestId("backend-badge");
      assert.match(await badge.getAttribute("title"), /^WebGPU: .*from the page's own thread/);
      await waitForStep(page, 1);
      const first = await readout(page);
      await waitForStep(page, first.step + 5);
      assert.deepEqual(page.errors, []);
    });

    it("a GPU that refuses its device leaves the run on the CPU, saying why", async () => {
      const page = await lab.open(`/transformer?${TINY}&backend=gpu`, { init: refuseGpuDevices });
      await page.getByTestId("message").waitFor({ timeout: 30_000 });
      assert.match(await page.getByTestId("message").textContent(), /^Could not move to WebGPU: .*refused a device: Error: the test refused the device\. The run stays on CPU/);
      await waitForStep(page, 20);
      assert.equal(await page.getByTestId("backend-badge").textContent(), "training on CPU (WebAssembly)");
      assert.deepEqual(page.errors.filter((e) => !/refused the device/.test(e)), []);
    });
  }

  it("a diverging run stops with a message, never a frozen tab", async () => {
    const page = await lab.open(`/transformer?preset=transformer-exploding`);
    const message = page.getByTestId("message");
    await message.waitFor({ timeout: 120_000 });
    assert.match(await message.textContent(), /Training stopped: .*not finite|Training stopped/);
    assert.match(await message.textContent(), /learning rate/);
    await waitForStatus(page, "paused");
    // The page still answers: the message's Reset starts a fresh run.
    await page.getByTestId("message-reset").click();
    await page.getByTestId("play").click();
    await page.waitForFunction(() => /t = [1-9]/.test(document.querySelector('[data-testid="progress"]')?.textContent), null, { timeout: 30_000 });
  });
});
