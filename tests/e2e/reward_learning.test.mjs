// Rewards from Preferences end to end in headless Chromium, with and without WebGPU:
// the visitor labels ten pairs by clicking, reloads, and finds the labels and the learned
// reward still there; export, a refused import and clear; the disagreement preset runs
// to the CLI's numbers with every check passing and no main-thread task over 50 ms.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, waitForStatus, download, canvasInk, withAndWithoutWebGpu, longTaskWindows } from "./support.mjs";

const PAGE = "/reward-learning?preset=rlhp-disagreement-queries";
const summary = (page) => page.getByTestId("label-summary").textContent();

withAndWithoutWebGpu("Rewards from Preferences", (lab) => {
  it("ten labels by clicking survive a reload, with the reward learned from them", async () => {
    const page = await lab.open(PAGE);
    await page.getByTestId("label-first").waitFor();
    const answers = ["first", "first", "second", "first", "equal", "second", "first", "skip", "second", "equal"];
    for (const a of answers) await page.getByTestId(`label-${a}`).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="label-summary"]')?.textContent.startsWith("10 labels"));
    const before = await summary(page);
    assert.match(before, /^10 labels \(9 fitted\)\. The policy your reward implies earns -?\d+\.\d\d/);
    const learned = 'canvas[aria-label="The reward learned from your labels"]';
    assert.ok((await canvasInk(page, learned)) > 500, "the learned reward is drawn");

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="label-summary"]')?.textContent.startsWith("10 labels"));
    assert.equal(await summary(page), before, "labels and the learned reward persist");

    const exported = JSON.parse((await download(page, "labels-export")).bytes.toString());
    assert.equal(exported.format, "policy-playground/reward-labels");
    assert.deepEqual(exported.labels.map((l) => l.answer), answers.map((a) => (a === "skip" ? "cant-tell" : a)));

    const junk = { name: "labels.json", mimeType: "application/json", buffer: Buffer.from('{"format":"policy-playground/reward-labels","version":1,"map":"S.\\nL.","labels":[]}') };
    await page.getByTestId("labels-import").setInputFiles(junk);
    await page.getByRole("alert").filter({ hasText: "another map" }).waitFor();
    assert.equal(await summary(page), before, "a refused import changes nothing");

    await page.getByTestId("labels-clear").click();
    await page.getByTestId("labels-clear").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="label-summary"]')?.textContent.startsWith("0 labels"));
    await page.getByTestId("labels-import").setInputFiles({ name: "mine.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
    await page.waitForFunction(() => document.querySelector('[data-testid="label-summary"]')?.textContent.startsWith("10 labels"));
    assert.equal(await summary(page), before, "the exported file brings everything back");

    // The same labels fitted by the MLP on the cell's letter: the map is redrawn from it.
    const tablePixels = await page.$eval(learned, (c) => c.toDataURL());
    await page.getByTestId("labeller-model").selectOption("mlp");
    await page.waitForFunction(([sel, old]) => document.querySelector(sel).toDataURL() !== old, [learned, tablePixels]);
    assert.match(await summary(page), /^10 labels \(9 fitted\)\. The policy your reward implies earns -?\d+\.\d\d/);
    assert.ok((await canvasInk(page, learned)) > 500, "the MLP's reward is drawn");
    assert.deepEqual(page.errors, []);
  });

  it("labels survive a second tab labelling at the same time, a corrupted entry and a full storage", async () => {
    const first = await lab.open(PAGE);
    const second = await first.context().newPage();
    await second.goto(first.url());
    const label = async (page, n) => {
      for (let i = 0; i < n; i++) await page.getByTestId(i % 2 ? "label-second" : "label-first").click();
    };
    const count = (page, n) => page.waitForFunction((n) => document.querySelector('[data-testid="label-summary"]')?.textContent.startsWith(`${n} labels`), n);
    await Promise.all([first, second].map((p) => p.getByTestId("label-first").waitFor()));
    await label(first, 2);
    await count(second, 2); // the other tab follows
    await label(second, 3);
    await label(first, 1);
    await count(first, 6);
    await first.reload();
    await count(first, 6);

    // A corrupted entry is kept aside under its own key and reported, not dropped.
    const key = await first.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("policy-playground.reward-labels.")));
    await first.evaluate((k) => localStorage.setItem(k, '{"format": "policy-playground/reward-labels", "vers'), key);
    await second.close();
    await first.reload();
    await first.getByRole("alert").filter({ hasText: "could not be read" }).waitFor();
    assert.match(await first.getByRole("alert").filter({ hasText: "could not be read" }).textContent(), new RegExp(`kept in browser storage under "${key}.unreadable"`));
    assert.equal(await first.evaluate((k) => localStorage.getItem(`${k}.unreadable`), key), '{"format": "policy-playground/reward-labels", "vers');
    await count(first, 0);

    // Storage that refuses every write: the labels stay on the page, and the page says so.
    await first.evaluate(() => {
      Storage.prototype.setItem = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
    });
    await label(first, 2);
    await count(first, 2);
    await first.getByRole("alert").filter({ hasText: "Browser storage refused the labels" }).waitFor();
    assert.deepEqual(first.errors, []);
  });

  it("the disagreement preset runs to the CLI's numbers, checks pass, no long tasks", async () => {
    const page = await lab.open(PAGE);
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    // As in the other labs: on shared hardware require one clean window of five.
    const windows = await longTaskWindows(page, 800);
    assert.ok(windows.some((w) => w.length === 0), `a window without main-thread tasks over 50 ms: ${JSON.stringify(windows)}`);
    await waitForStatus(page, "finished", 120_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.ok(report.checks.length >= 4 && report.checks.every((c) => c.passed), JSON.stringify(report.checks));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", "--preset", "rlhp-disagreement-queries"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    assert.deepEqual(report.final, cli.final);
    assert.ok((await canvasInk(page)) > 1500, "the curves are drawn");
    assert.deepEqual(page.errors, []);
  });
});
