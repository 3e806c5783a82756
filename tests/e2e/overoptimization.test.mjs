// The Overoptimization Lab end to end in headless Chromium: Goodhart's preset runs to the
// CLI's numbers with every check passing, the curves draw and the peaks table fills.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, suite, longTaskWindows } from "./support.mjs";

// Exact CPU maths: one launch (without WebGPU) is enough.
suite("Overoptimization Lab (CPU only)", { webgpu: false }, (lab) => {
  it("overopt-goodhart runs to the CLI's numbers; the gold reward peaks inside the sweep", async () => {
    const page = await lab.open("/overoptimization?preset=overopt-goodhart");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 4 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "overopt-goodhart"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.final, cli.final);
    for (const [label, f] of Object.entries(report.final)) {
      assert.ok(f.gold_drop > 0, `${label}: the gold reward falls after its peak`);
    }
    assert.ok((await canvasInk(page)) > 1500, "the curves are drawn");
    const rows = page.getByTestId("peaks").locator("tbody tr");
    assert.equal(await rows.count(), Object.keys(report.final).length);
    assert.deepEqual(page.errors, []);
  });
});
