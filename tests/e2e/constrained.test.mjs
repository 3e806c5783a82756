// The Constrained Alignment Lab end to end in headless Chromium: the ReLOAD preset runs
// to the CLI's numbers with every check passing, the plane, the dual and the bars draw,
// no main-thread task outlasts a frame, and an edited budget re-runs the lab. The maths
// is exact on the CPU; the WebGPU launch checks the page is the same there.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, withAndWithoutWebGpu, longTaskWindows, finishedExport } from "./support.mjs";

withAndWithoutWebGpu("Constrained Alignment Lab", (lab, webgpu) => {
  it("the ReLOAD preset runs to the CLI's numbers and draws its figures", async () => {
    const page = await lab.open("/constrained?preset=reload-last-iterate");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 6 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "reload-last-iterate"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.final, cli.final);
    assert.deepEqual(report.series, cli.series);
    // The names: per learner final_policy, and reward, cost, lambda as series.
    const [gda, optimistic] = Object.keys(report.final);
    assert.equal(report.final[gda].final_policy.length, 8);
    for (const name of ["reward", "cost", "lambda"]) assert.equal(report.series[optimistic][name].length, 1500);
    assert.ok((await canvasInk(page)) > 1500, "the cost curves are drawn");
    for (const panel of ["The dual", "Policy"]) {
      const sel = `section[aria-label="${panel}"] canvas`;
      await page.waitForFunction((s) => document.querySelector(s)?.width > 0, sel);
      assert.ok((await canvasInk(page, sel)) > 800, `${panel} is drawn`);
    }
    assert.deepEqual(page.errors, []);
  });

  if (!webgpu) {
    it("the plane shows the frontier, and a new budget moves the optimum", async () => {
      const page = await lab.open("/constrained?preset=one-shot-dualization&ui.metric=plane");
      await waitForStatus(page, "finished");
      assert.ok((await canvasInk(page)) > 1500, "the plane is drawn");
      const budget = page.getByTestId("field-env-budget");
      await budget.fill("0.45");
      await budget.dispatchEvent("change");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("env.budget") === "0.45");
      const report = await finishedExport(
        page,
        (r) => r.scenario.env.budget === 0.45 && Object.values(r.series)[0].cost.length === 400,
      );
      const costs = Object.values(report.final).map((f) => f.cost);
      // One-shot dualization and stepwise alignment spend exactly the new budget.
      assert.ok(Math.abs(costs[1] - 0.45) < 1e-6 && Math.abs(costs[2] - 0.45) < 1e-6, JSON.stringify(costs));
      assert.ok(report.checks.every((c) => c.passed), JSON.stringify(report.checks));
      // A budget no policy can meet is refused with a message naming the field.
      await budget.fill("-1");
      await budget.dispatchEvent("change");
      await page.getByText("above the lowest cost").first().waitFor();
      assert.deepEqual(page.errors, []);
    });
  }
});
