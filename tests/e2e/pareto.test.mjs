// The Pareto Lab end to end in headless Chromium: Deep Sea Treasure runs to the CLI's
// numbers with every check passing, the objective plane and the weight slider draw, the
// slider moves the learners along the front, and the MaxMin preset serves both groups.
// The maths is exact on the CPU; the WebGPU launch checks the page is the same there.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, withAndWithoutWebGpu, longTaskWindows } from "./support.mjs";

const cli = (preset) =>
  JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", preset], { encoding: "utf8", maxBuffer: 64 << 20 }));

withAndWithoutWebGpu("Pareto Lab", (lab, webgpu) => {
  it("Deep Sea Treasure runs to the CLI's numbers; the plane and the slider draw", async () => {
    const page = await lab.open("/pareto?preset=pareto-deep-sea-treasure");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 4 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const expected = cli("pareto-deep-sea-treasure");
    assert.deepEqual(report.final, expected.final);
    assert.deepEqual(report.series, expected.series);
    // The names: final.<label>.points and hypervolume as a series.
    const [linear, , guided] = Object.keys(report.final);
    assert.equal(report.final[linear].points.length, 2, "linear weights reach two corners");
    assert.equal(report.final[guided].points.length, 10, "hypervolume guidance finds the whole front");
    assert.ok(report.series[guided].hypervolume.length > 0);
    assert.ok((await canvasInk(page)) > 1500, "the plane is drawn");
    const slider = 'section[aria-label="Weight slider"] canvas';
    await page.waitForFunction((s) => document.querySelector(s)?.width > 0, slider);
    assert.ok((await canvasInk(page, slider)) > 800, "the slider's plane is drawn");
    assert.deepEqual(page.errors, []);
  });

  if (!webgpu) {
    it("the slider is kept in the link, and MaxMin serves both groups", async () => {
      const page = await lab.open("/pareto?preset=pareto-maxmin-rlhf");
      await waitForStatus(page, "finished");
      await page.getByTestId("view-weight").fill("0.8");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("ui.weight") === "0.8");
      const report = JSON.parse((await download(page, "export-json")).bytes.toString());
      const [single, maxmin] = Object.values(report.final);
      assert.ok(single.worst_objective < 0.2 && maxmin.worst_objective > 0.6, JSON.stringify([single.worst_objective, maxmin.worst_objective]));
      assert.ok(Math.abs(maxmin.primal_value - maxmin.dual_value) < 1e-6);
      assert.deepEqual(page.errors, []);
    });

    it("rewarded soups, experts trained by Adam on the neural engine too, match the CLI", async () => {
      const page = await lab.open("/pareto?preset=pareto-rewarded-soups");
      await waitForStatus(page, "finished");
      const report = JSON.parse((await download(page, "export-json")).bytes.toString());
      const expected = cli("pareto-rewarded-soups");
      assert.deepEqual(report.final, expected.final);
      assert.deepEqual(report.series, expected.series);
      assert.ok(report.checks.every((c) => c.passed), JSON.stringify(report.checks));
      assert.ok(report.checks.some((c) => c.name.includes("engine's gradient")));
      assert.deepEqual(page.errors, []);
    });
  }
});
