// The Tiny-LM Alignment Lab in headless Chromium, as shipped (dist/): aligned steps per
// second of a DPO and a PPO learner at the default size on the wasm CPU backend and on
// WebGPU (SwiftShader here: a software adapter, a correctness path, not a speed figure),
// read from the page's own speed readout after a warm-up, and the wall time a DPO run
// takes to come within 5% of the frontier on the CPU (gap to the frontier's gold at the
// run's KL, on the frontier's range above π_ref).
//
// Run it with bench/lm_alignment.sh.
import { startServer, launch, openPage } from "../tests/e2e/support.mjs";

const DPO = "learners.0.type=dpo&learners.0.beta=0.1&learners.0.learning_rate=0.01";
const PPO = "learners.0.type=ppo";
const base = (learner, backend, steps) =>
  `/lm-alignment?kind=lm-alignment&seed=1&steps=${steps}&backend=${backend}&${learner}`;

async function readout(page) {
  return page.getByTestId("speed-readout").textContent();
}

/** Steps/s from the page's readout after `seconds` of running. */
async function speed(browser, url, seconds) {
  const page = await openPage(browser, url);
  await page.waitForFunction(() => /t = [1-9]/.test(document.querySelector('[data-testid="progress"]')?.textContent ?? ""), null, { timeout: 120_000 });
  await page.waitForTimeout(seconds * 1000);
  const text = await readout(page);
  const badge = await page.getByTestId("backend-badge").textContent();
  await page.context().close();
  return { badge, rate: Number(text.match(/([0-9.]+) steps\/s/)[1]), text };
}

/** Seconds from the first step until the DPO run is within 5% of the frontier. */
async function toFrontier(browser) {
  const page = await openPage(browser, `${server.url}${base(DPO, "cpu", 2000)}`);
  const t0 = await page.evaluate(async () => {
    while (!/t = [1-9]/.test(document.querySelector('[data-testid="progress"]')?.textContent ?? "")) {
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now();
  });
  const result = await page.evaluate(async () => {
    for (;;) {
      const read = document.querySelector('[data-testid="alignment-readout"]')?.textContent ?? "";
      const m = read.match(/gold (-?[0-9.]+) at KL ([0-9.]+) \(frontier (-?[0-9.]+)\)/);
      const rows = [...document.querySelectorAll('[data-testid="alignment-table"] tbody tr')];
      const ref = rows.find((r) => r.cells[0].textContent === "π_ref");
      if (m && ref) {
        const [gold, kl, best] = m.slice(1).map(Number);
        const r = Number(ref.cells[2].textContent);
        if (kl > 0.1 && best - gold <= 0.05 * (best - r)) {
          const step = Number(document.querySelector('[data-testid="progress"]').textContent.match(/t = (\d+)/)[1]);
          return { now: performance.now(), step, gold, kl, best };
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  await page.context().close();
  return { seconds: (result.now - t0) / 1000, ...result };
}

const server = await startServer();
const browser = await launch({ webgpu: true });
try {
  console.log("aligned steps/s in headless Chromium, default size (4-word responses, batch 32)");
  for (const [name, learner] of [["DPO", DPO], ["PPO", PPO]]) {
    const cpu = await speed(browser, `${server.url}${base(learner, "cpu", 20000)}`, 5);
    const gpu = await speed(browser, `${server.url}${base(learner, "gpu", 20000)}`, 20);
    console.log(`${name}: wasm CPU ${cpu.rate} steps/s; WebGPU (${gpu.badge}) ${gpu.rate} steps/s; ratio ${(gpu.rate / cpu.rate).toFixed(3)}`);
  }
  const f = await toFrontier(browser);
  console.log(`DPO (β = 0.1, learning rate 0.01) within 5% of the frontier on the wasm CPU: ${f.seconds.toFixed(2)} s, step ${f.step} (KL ${f.kl}, gold ${f.gold}, frontier ${f.best})`);
} finally {
  await browser.close();
  await server.close();
}
