// The Bayesian Optimisation Playground end to end in headless Chromium: Forrester runs to
// the CLI's numbers with every check passing, the regret curves, posterior, acquisition
// and (μ, s) scatter draw, and the visitor answers duels by clicking — each answer lands
// in the link and the run replays it. The maths runs on the CPU; the WebGPU launch checks
// the page is the same there.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, withAndWithoutWebGpu, longTaskWindows, finishedExport } from "./support.mjs";

withAndWithoutWebGpu("Bayesian Optimisation Playground", (lab, webgpu) => {
  it("Forrester runs to the CLI's numbers and draws its panels", async () => {
    const page = await lab.open("/bayesopt?preset=bayesopt-tutorial-forrester");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished", 120_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 5 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "bayesopt-tutorial-forrester"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.final, cli.final);
    assert.deepEqual(report.series, cli.series);
    // The names: simple and cumulative regret as series, final.<label>.queries.
    const first = Object.keys(report.final)[0];
    assert.ok(report.final[first].queries.length > 0);
    for (const m of ["simple_regret", "cumulative_regret"]) assert.equal(report.series[first][m].length, report.scenario.steps);
    assert.ok((await canvasInk(page)) > 1500, "the regret curves are drawn");
    for (const panel of ["Posterior", "Exploit against explore"]) {
      const sel = `section[aria-label="${panel}"] canvas`;
      await page.waitForFunction((s) => document.querySelector(s)?.width > 0, sel);
      assert.ok((await canvasInk(page, sel)) > 800, `${panel} is drawn`);
    }
    assert.deepEqual(page.errors, []);
  });

  if (!webgpu) {
    it("the visitor answers duels by clicking, and the link keeps the answers", async () => {
      const page = await lab.open("/bayesopt?preset=bayesopt-you-judge");
      await page.getByTestId("duel").waitFor();
      await page.getByTestId("duel-a").click();
      await page.waitForFunction(() => new URL(location.href).searchParams.get("learners.0.answers") === "[1]");
      await page.getByTestId("duel").waitFor();
      await page.getByTestId("duel-b").click();
      await page.waitForFunction(() => new URL(location.href).searchParams.get("learners.0.answers") === "[1,0]");
      await page.getByTestId("duel").waitFor();
      // Two duels answered: the run waits at step 2 for the third.
      await page.waitForFunction(() => /t = 2 \//.test(document.querySelector('[data-testid="progress"]')?.textContent ?? ""));
      const report = JSON.parse((await download(page, "export-json")).bytes.toString());
      assert.deepEqual(report.scenario.learners[0].answers, [1, 0]);
      assert.equal(report.final["your duels"].duels.length, 2);
      assert.deepEqual(page.errors, []);
    });

    it("a curve drawn with the mouse becomes the objective, in the link", async () => {
      const page = await lab.open("/bayesopt?preset=bayesopt-tutorial-forrester");
      await waitForStatus(page, "finished", 120_000);
      // Any run (seed) can be looked at; the choice is kept in the link.
      await page.getByTestId("view-run").fill("3");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("ui.run") === "3");
      await page.getByTestId("draw-box").scrollIntoViewIfNeeded();
      const box = await page.getByTestId("draw-box").boundingBox();
      await page.mouse.move(box.x + 2, box.y + box.height * 0.2);
      await page.mouse.down();
      for (let i = 1; i <= 60; i++) {
        const u = i / 60;
        // A dip at two thirds of the way: the drawn minimum.
        const v = 0.2 + 0.7 * Math.exp(-((u - 0.66) ** 2) / 0.02);
        await page.mouse.move(box.x + 2 + u * (box.width - 4), box.y + box.height * v);
      }
      await page.mouse.up();
      await page.waitForFunction(() => new URL(location.href).searchParams.get("env.objective") === "drawn");
      const report = await finishedExport(
        page,
        (r) => r.scenario.env.objective === "drawn" && Object.values(r.series)[0].simple_regret.length === r.scenario.steps,
      );
      const points = report.scenario.env.points;
      assert.ok(points.length >= 20, JSON.stringify(points));
      const lowest = points.reduce((a, b) => (b[1] < a[1] ? b : a));
      assert.ok(Math.abs(lowest[0] - 0.66) < 0.1, `the drawn minimum is where it was drawn: ${lowest}`);
      assert.ok(report.checks.every((c) => c.passed), JSON.stringify(report.checks));
      assert.deepEqual(page.errors, []);
    });
  }
});
