// The Policy-Gradient Lab end to end in headless Chromium: a preset runs to the end with
// every check passing and the CLI's numbers, and the diagnostics draw.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, withAndWithoutWebGpu, longTaskWindows } from "./support.mjs";

withAndWithoutWebGpu("Policy-Gradient Lab", (lab) => {
  it("the short corridor runs to the CLI's numbers, every check passing", async () => {
    const page = await lab.open(`/policy-gradient?preset=pg-short-corridor`);
    await waitForStatus(page, "finished", 90_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 4 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "pg-short-corridor"], { encoding: "utf8" }));
    assert.deepEqual(report.series, cli.series);
    assert.deepEqual(report.final, cli.final);
    assert.ok((await canvasInk(page)) > 1500, "the curves are drawn");
    assert.deepEqual(page.errors, []);
  });

  it("plays its slowest preset without main-thread tasks over 50 ms", async () => {
    // Its updates are the lab's longest units of work (long corridor episodes).
    // As in the other labs: on shared hardware require one clean window of five.
    const page = await lab.open(`/policy-gradient?preset=pg-long-horizon-critic`);
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1500);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    assert.deepEqual(page.errors, []);
  });

  it("the diagnostics draw the ratio histogram and say when a learner has none", async () => {
    const page = await lab.open(`/policy-gradient?preset=pg-ppo-vs-spo&ui.diag=ratios&ui.learner=1`);
    await waitForStatus(page, "finished", 120_000);
    const diagnostics = 'section[aria-label="Diagnostics"] canvas';
    await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, diagnostics);
    assert.ok((await canvasInk(page, diagnostics)) > 1000, "the histogram is drawn");
    // REINFORCE takes no ratios: the panel says so instead of drawing nothing.
    const other = await lab.open(`/policy-gradient?preset=pg-short-corridor&ui.diag=ratios&ui.learner=0`);
    await other.waitForFunction(() => /takes no importance ratios/.test(document.querySelector('[data-testid="diag-note"]')?.textContent));
    await other.getByRole("tab", { name: "Credit decay" }).click();
    await other.waitForFunction(() => /uses no λ/.test(document.querySelector('[data-testid="diag-note"]')?.textContent));
    assert.deepEqual(page.errors, []);
    assert.deepEqual(other.errors, []);
  });

  it("twenty questions draws π at the first turn, and the Task editor switches to a map", async () => {
    const game = "kind=policy-gradient&seed=1&iterations=5&runs=1&env.type=twenty-questions" +
      "&learners.0.type=grpo&ui.diag=policy";
    const page = await lab.open(`/policy-gradient?${game}`);
    await waitForStatus(page, "finished");
    const diagnostics = 'section[aria-label="Diagnostics"] canvas';
    await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, diagnostics);
    assert.ok((await canvasInk(page, diagnostics)) > 1000, "the bars are drawn");
    assert.equal(await page.getByTestId("env-type").inputValue(), "twenty-questions");
    assert.equal(await page.getByTestId("field-env-turns").inputValue(), "5");
    // A map's table has no type: the editor must still read it as a map.
    await page.getByTestId("env-type").selectOption("gridworld");
    const map = page.getByTestId("field-env-map");
    assert.equal(await map.inputValue(), "S..G");
    assert.equal(await page.getByTestId("env-type").inputValue(), "gridworld");
    // The map is typed as text here (the Gridworld Lab also paints it).
    await map.fill("S.#\n..G");
    await map.dispatchEvent("change");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("env.map") === "S.#\n..G");
    await waitForStatus(page, "finished");
    assert.deepEqual(page.errors, []);
  });
});
