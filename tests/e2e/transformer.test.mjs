// "Watch a transformer learn", end to end in headless Chromium: with WebGPU (SwiftShader,
// a software adapter) and without.
import { it } from "node:test";
import assert from "node:assert/strict";
import { canvasInk, waitForStatus, PHONE, sidewaysOverflow, withAndWithoutWebGpu } from "./support.mjs";

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

  it("a diverging run stops with a message, never a frozen tab", async () => {
    const page = await lab.open(`/transformer?preset=transformer-exploding`);
    const message = page.getByTestId("message");
    await message.waitFor({ timeout: 120_000 });
    assert.match(await message.textContent(), /Training stopped: .*not finite|Training stopped/);
    assert.match(await message.textContent(), /learning rate/);
    await waitForStatus(page, "paused");
    // The page still answers: reset starts a fresh run.
    await page.getByTestId("reset").click();
    await page.getByTestId("play").click();
    await page.waitForFunction(() => /t = [1-9]/.test(document.querySelector('[data-testid="progress"]')?.textContent), null, { timeout: 30_000 });
  });
});
