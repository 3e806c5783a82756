// The demo shell, the same on every lab's page: links that belong to another demo,
// export on every page, and the figure first in embeds and presenter mode.
import { it } from "node:test";
import assert from "node:assert/strict";
import { download, waitForStatus, suite } from "./support.mjs";

/** The main figure's canvas box, in CSS pixels of the viewport. */
async function mainFigureBox(page) {
  await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
  return page.locator(".plot.main canvas").boundingBox();
}

suite("Demo shell (CPU only)", { webgpu: false }, (lab) => {
  it("another demo's preset opens the default, says whose it is and links there", async () => {
    const page = await lab.open(`/bandits?preset=tiny-transformer`);
    const message = page.getByTestId("message");
    await message.waitFor();
    assert.match(await message.textContent(), /belongs to Watch a transformer learn/);
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    await page.getByRole("link", { name: "Open it in Watch a transformer learn" }).click();
    await page.getByRole("heading", { name: "Watch a transformer learn", level: 1 }).waitFor();
    assert.equal(await page.getByTestId("preset").inputValue(), "tiny-transformer");
    assert.deepEqual(page.errors, []);
  });

  it("the home page lists every demo's presets", async () => {
    const page = await lab.open(`/`);
    await page.getByRole("link", { name: "A tiny transformer learns a language" }).waitFor();
    await page.getByRole("link", { name: "Four strategies on the 10-armed testbed" }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  it("the transformer page exports its figure and a report with the loss", async () => {
    const tiny = "kind=transformer&seed=2&steps=20&model.vocab=8&model.context=8&model.width=16" +
      "&model.heads=2&model.layers=1&train.batch=8&corpus.branching=2&backend=cpu";
    const page = await lab.open(`/transformer?${tiny}`);
    await waitForStatus(page, "finished", 90_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    assert.equal(report.series.transformer.loss.length, 20);
    assert.ok("final" in report && Array.isArray(report.checks) && report.checks.length > 0);
    const png = await download(page, "export-png");
    assert.equal(png.bytes.readUInt32BE(16), 1600, "PNG is drawn at 2×");
    const csv = (await download(page, "export-csv")).bytes.toString().trim().split("\n");
    assert.equal(csv[0], "learner,t,loss,loss_ci95,entropy_rate,entropy_rate_ci95");
    assert.equal(csv.length, 21);
  });

  it("an 800×500 embed shows the whole figure first", async () => {
    const page = await lab.open(`/bandits?preset=bernoulli-regret&ui.embed=1`,
      { viewport: { width: 800, height: 500 } });
    const box = await mainFigureBox(page);
    assert.ok(box.y < 120, `the figure starts near the top (y = ${box.y})`);
    assert.ok(box.y + box.height <= 500, `the figure ends within the frame (${box.y + box.height} px)`);
    assert.ok(box.height >= 250, `and fills it (${box.height} px tall)`);
  });

  it("presenter mode on a 1366×768 projector shows the whole figure", async () => {
    const page = await lab.open(`/bandits?preset=bernoulli-regret&ui.present=1`,
      { viewport: { width: 1366, height: 768 } });
    const box = await mainFigureBox(page);
    assert.ok(box.y + box.height <= 768, `the figure ends on screen (${box.y + box.height} px)`);
    assert.ok(box.height >= 400, `and is large (${box.height} px tall)`);
    assert.deepEqual(page.errors, []);
  });
});
