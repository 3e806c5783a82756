// Intransitive preferences end to end in headless Chromium: a preset runs to the CLI's
// numbers with every check passing, the simplex and the bars draw, and the preference
// matrix is edited as rows of numbers.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, suite, longTaskWindows } from "./support.mjs";

// Exact CPU maths: one launch (without WebGPU) is enough.
suite("Intransitive preferences (CPU only)", { webgpu: false }, (lab) => {
  it("rock-paper-scissors runs to the CLI's numbers and draws the simplex; the matrix is editable", async () => {
    const page = await lab.open("/nash?preset=nash-rock-paper-scissors");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 3 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "nash-rock-paper-scissors"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.final, cli.final);
    assert.ok((await canvasInk(page)) > 1500, "the simplex is drawn");
    const bars = 'section[aria-label="Policy"] canvas';
    await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, bars);
    assert.ok((await canvasInk(page, bars)) > 1000, "the bars are drawn");
    // The matrix is a table: one row per line.
    const matrix = page.getByTestId("field-env-preferences");
    assert.equal((await matrix.inputValue()).split("\n").length, 3);
    await matrix.fill("0.5, 0.9, 0.3\n0.1, 0.5, 0.8\n0.7, 0.2, 0.5");
    await matrix.dispatchEvent("change");
    // A matrix travels in the link row by row: env.preferences.0=[…]&env.preferences.1=[…].
    await page.waitForFunction(() => new URL(location.href).searchParams.get("env.preferences.0") === "[0.5,0.9,0.3]");
    await waitForStatus(page, "finished");
    assert.deepEqual(page.errors, []);
  });
});
