// The Tiny-LM Alignment Lab end to end in headless Chromium, with WebGPU (SwiftShader, a
// software adapter) and without: π_ref loads, a short DPO run moves the policy toward the
// frontier to the CLI's exact numbers, samples and the heatmap render, the run moves to
// WebGPU and back mid-run.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { PHONE, ROOT, canvasInk, download, keepGpuDevices, longTaskWindows, loseGpu, progress, sidewaysOverflow, waitForStatus, withAndWithoutWebGpu } from "./support.mjs";

// Three-word responses (512 of them) and small batches: quick on a software GPU too.
const SMALL = "kind=lm-alignment&seed=3&steps=30&world.length=3&world.pairs=128" +
  "&learners.0.type=dpo&learners.0.beta=0.2&learners.0.learning_rate=0.02&learners.0.batch=16" +
  "&learners.1.type=rloo&learners.1.beta=0.2&learners.1.learning_rate=0.02&learners.1.batch=16";

const TOML = `kind = "lm-alignment"
seed = 3
steps = 30
[world]
length = 3
pairs = 128
[[learners]]
type = "dpo"
beta = 0.2
learning_rate = 0.02
batch = 16
[[learners]]
type = "rloo"
beta = 0.2
learning_rate = 0.02
batch = 16
`;

async function waitForStep(page, n, timeout = 120_000) {
  await page.waitForFunction((n) => {
    const m = document.querySelector('[data-testid="progress"]')?.textContent.match(/t = (\d+)/);
    return m && Number(m[1]) >= n;
  }, n, { timeout });
}

/** The CLI's report of the same scenario as SMALL, `steps` long, on the CPU. */
function cliReport(steps) {
  const file = join(ROOT, "target", `e2e-lm-alignment-${steps}.toml`);
  execFileSync("bash", ["-c", `cat > ${file}`], { input: TOML.replace("steps = 30", `steps = ${steps}`) });
  return JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", file, "--backend", "cpu"], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

withAndWithoutWebGpu("Tiny-LM Alignment Lab", (lab, webgpu) => {
  it("a DPO run moves toward the frontier, to the CLI's exact numbers", async () => {
    const page = await lab.open(`/lm-alignment?${SMALL}`);
    await waitForStep(page, 2);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished", 180_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.every((c) => c.passed), JSON.stringify(report.checks.filter((c) => !c.passed)));
    const ref = report.final.reference.gold_reward_exact;
    for (const label of ["DPO β=0.2", "RLOO β=0.2"]) {
      const f = report.final[label];
      assert.ok(f.gold_reward_exact > ref + 0.2, `${label} gains gold over π_ref (${ref} → ${f.gold_reward_exact})`);
      assert.ok(f.gold_reward_exact <= f.frontier_gold_at_kl + 1e-9, `${label} is under the frontier`);
    }
    const cli = cliReport(30);
    assert.deepEqual(report.series, cli.series, "the page's numbers are the CLI's, bit for bit");
    assert.ok((await canvasInk(page)) > 1500, "the paths and the frontier are drawn");
    assert.equal(await page.getByTestId("samples-policy").locator("li").count(), 6);
    assert.equal(await page.getByTestId("heatmap").locator("tbody tr").count(), 8);
    assert.match(await page.getByTestId("alignment-readout").textContent(), /DPO β=0.2: gold -?[0-9.]+ at KL [0-9.]+ \(frontier/);
    assert.deepEqual(page.errors, []);
  });

  it("reads on a phone: the page does not scroll sideways", async () => {
    const page = await lab.open(`/lm-alignment?${SMALL}`, { viewport: PHONE });
    await waitForStep(page, 2);
    assert.equal(await sidewaysOverflow(page), 0);
    assert.deepEqual(page.errors, []);
  });

  it("the backend badge tells the truth, and the run moves to WebGPU and back", async () => {
    const page = await lab.open(`/lm-alignment?${SMALL}`);
    // Slowly, so the run is still going when it moves (at full speed the CPU can finish
    // its 30 steps before the switch is clicked).
    await page.getByTestId("speed").selectOption({ label: "5 steps/s" });
    await waitForStep(page, 3);
    assert.equal(await page.getByTestId("backend-badge").textContent(), "computing on CPU (WebAssembly)");
    assert.match(await page.getByTestId("speed-readout").textContent(), /steps\/s · [0-9.]+ tokens\/s/);
    if (!webgpu) {
      assert.ok(await page.getByTestId("backend-gpu").isDisabled(), "no WebGPU: the switch is off");
      return;
    }
    assert.match(await page.getByTestId("note").textContent(), /software rasteriser/);
    await page.getByTestId("backend-gpu").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 60_000 });
    const { t } = await progress(page);
    await waitForStep(page, t + 2);
    await page.getByTestId("backend-cpu").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("CPU"), null, { timeout: 60_000 });
    await page.getByTestId("speed").selectOption({ label: "as fast as possible" });
    await waitForStatus(page, "finished", 180_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.every((c) => c.passed), JSON.stringify(report.checks.filter((c) => !c.passed)));
    assert.deepEqual(page.errors, []);
  });

  if (webgpu) {
    it("one step on WebGPU gives the CPU's loss to 1e-4", async () => {
      const steps = SMALL.replace("steps=30", "steps=2");
      const page = await lab.open(`/lm-alignment?${steps}&backend=gpu`);
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 60_000 });
      await waitForStatus(page, "finished", 180_000);
      const report = JSON.parse((await download(page, "export-json")).bytes.toString());
      const cli = cliReport(2);
      for (const label of ["DPO β=0.2", "RLOO β=0.2"]) {
        const [gpu, cpu] = [report.series[label].loss[0], cli.series[label].loss[0]];
        assert.ok(Math.abs(gpu - cpu) <= 1e-4 * Math.max(Math.abs(cpu), 1e-2), `${label}: WebGPU ${gpu} vs CPU ${cpu}`);
      }
      assert.notDeepEqual(report.series, cli.series, "the page really computed on WebGPU (its bits differ from the CPU's)");
      assert.deepEqual(page.errors, []);
    });

    it("a GPU lost mid-run hands over to the CPU and the numbers continue the same curve", async () => {
      const steps = SMALL.replace("steps=30", "steps=4");
      const page = await lab.open(`/lm-alignment?${steps}&backend=gpu`, { init: keepGpuDevices });
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("WebGPU"), null, { timeout: 60_000 });
      await page.waitForFunction(() => /t = [1-9]/.test(document.querySelector('[data-testid="progress"]')?.textContent), null, { timeout: 120_000 });
      await loseGpu(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent.includes("the GPU was lost"), null, { timeout: 120_000 });
      await waitForStatus(page, "finished", 120_000);
      const report = JSON.parse((await download(page, "export-json")).bytes.toString());
      const cli = cliReport(4);
      for (const label of ["DPO β=0.2", "RLOO β=0.2"]) {
        const [page4, cli4] = [report.series[label].loss, cli.series[label].loss];
        assert.equal(page4.length, 4, `${label}: every step is there`);
        page4.forEach((x, i) => assert.ok(Math.abs(x - cli4[i]) <= 1e-3 * Math.max(Math.abs(cli4[i]), 1e-2), `${label} step ${i + 1}: ${x} vs the CPU's ${cli4[i]}`));
      }
      assert.deepEqual(page.errors.filter((e) => !/destroyed|lost|Device/i.test(e)), []);
    });
  }
});
