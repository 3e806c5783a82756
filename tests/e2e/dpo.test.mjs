// The DPO Lab end to end in headless Chromium: the example runs to the CLI's
// numbers with every check passing, and the policy bars and reward–KL paths draw.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, suite, longTaskWindows } from "./support.mjs";

// Pure CPU maths: one launch (without WebGPU) is enough.
suite("DPO Lab (CPU only)", { webgpu: false }, (lab) => {
  it("dpo-vs-ipo runs to the CLI's numbers, every check passing, and draws its bars", async () => {
    const page = await lab.open("/dpo?preset=dpo-vs-ipo");
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    const windows = await longTaskWindows(page, 1000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 5 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "dpo-vs-ipo"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.series, cli.series);
    assert.deepEqual(report.final, cli.final);
    assert.ok((await canvasInk(page)) > 1500, "the curves are drawn");
    const bars = 'section[aria-label="Policy"] canvas';
    await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, bars);
    assert.ok((await canvasInk(page, bars)) > 1500, "the bars are drawn");
    const paths = 'section[aria-label="Reward against KL"] canvas';
    await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, paths);
    assert.ok((await canvasInk(page, paths)) > 1500, "the reward–KL paths are drawn");
    assert.equal(report.final["DPO β=1"].final_policy.length, 1, "one list per prompt");
    assert.deepEqual(page.errors, []);
  });
});
