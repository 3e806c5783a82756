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
  it("a learner that diverges stops the run, saying who, when and why; Reset starts it again", async () => {
    // IPO with a tiny τ and a huge step: its loss overflows at step 86.
    const ipo = "learners.1.type=ipo&learners.1.beta=0.00001&learners.1.learning_rate=100";
    const env = "env.ref_probs=[0.3,0.2,0.15,0.1,0.1,0.07,0.05,0.03]&env.gold_reward=[0,0.5,1,1.5,2,2.5,3,3.5]";
    const page = await lab.open(`/dpo?kind=dpo&seed=3&steps=3000&${env}&learners.0.type=dpo&${ipo}`);
    await waitForStatus(page, "stopped");
    const message = page.getByTestId("message");
    assert.match(await message.textContent(), /IPO β=0\.00001 diverged at step 86: its loss became inf\. .*learning rate/);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.equal(report.series["IPO β=0.00001"].loss.length, 85, "the steps before it are kept");
    assert.ok(report.series["IPO β=0.00001"].loss.every(Number.isFinite));
    await page.getByTestId("message-reset").click();
    await waitForStatus(page, "ready");
    assert.equal(await message.count(), 0, "Reset clears the message");
    assert.deepEqual(page.errors, []);
  });

  it("dragging r*'s bar re-runs: a fix worth less than the style turns the cardinal learner", async () => {
    const page = await lab.open("/dpo?preset=cardinal-feedback-picks-the-better-model");
    await waitForStatus(page, "finished");
    // Explicit pairs: the data menu says it is left out, not "population".
    assert.equal(await page.getByTestId("field-env-data").inputValue(), "");
    const before = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(before.final["RLHF, willingness to pay"].final_policy[0][1] > 0.8);
    // Prompt 1's "1969" is worth 2.0; drag its bar down near the bottom of the axis.
    const handle = page.getByTestId("drag-gold-1");
    await handle.scrollIntoViewIfNeeded();
    const bar = await handle.boundingBox();
    const x = bar.x + bar.width / 2;
    await page.mouse.move(x, bar.y + 2);
    await page.mouse.down();
    await page.mouse.move(x, bar.y + bar.height * 0.8, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => !location.search.includes("gold_reward.0=[0,2]"));
    await waitForStatus(page, "finished");
    const after = JSON.parse((await download(page, "export-json")).bytes.toString());
    const fix = after.scenario.env.gold_reward[0][1];
    assert.ok(fix < 0.2 && fix > -0.5, `the fix is now worth ${fix}`);
    assert.deepEqual(after.scenario.env.gold_reward[1], [0.0, 0.2], "the other prompt is untouched");
    assert.ok(after.final["RLHF, willingness to pay"].final_policy[0][1] < 0.5, "the dial turns to style");
    assert.deepEqual(after.final["DPO, ordinal labels"].final_policy, before.final["DPO, ordinal labels"].final_policy);
    // The bars are sliders for the keyboard too: π_ref of y1 up by one step.
    await page.getByTestId("drag-ref-0").focus();
    await page.keyboard.press("ArrowUp");
    await waitForStatus(page, "finished");
    const keyed = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.deepEqual(keyed.scenario.env.ref_probs[0], [0.51, 0.49]);
    assert.deepEqual(page.errors, []);
  });
});
