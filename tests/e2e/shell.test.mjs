// The demo shell, the same on every lab's page: links that belong to another demo,
// export on every page, the figure first in embeds and presenter mode, and every route
// loading from a static host with no single-page-app fallback.
import { it } from "node:test";
import assert from "node:assert/strict";
import { DIST, download, openPage, waitForStatus, suite } from "./support.mjs";
import { serve } from "./serve.mjs";

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

  it("every route loads from a static host without a fallback, deep links included", async () => {
    const plain = await serve(DIST, 0, "127.0.0.1", { fallback: false });
    const host = `http://127.0.0.1:${plain.address().port}`;
    try {
      assert.equal((await fetch(`${host}/no-such-page`)).status, 404, "a plain host, no fallback");
      const home = await openPage(lab.browser, `${host}/`);
      const nav = 'nav[aria-label="Demos"] a';
      await home.locator(nav).first().waitFor();
      const routes = await home.$$eval(nav, (links) => links.map((a) => new URL(a.href).pathname));
      assert.ok(routes.length >= 9, routes.join(" "));
      await home.context().close();
      for (const route of [...routes, "/bench"]) {
        const page = await openPage(lab.browser, `${host}${route}?ui.theme=dark`);
        const h1 = page.locator("h1");
        await h1.waitFor();
        assert.notEqual(await h1.textContent(), "No such page", route);
        const at = new URL(page.url());
        assert.equal(at.pathname, route, "the host's /route/ is shown as /route");
        assert.ok(at.search.includes("ui.theme=dark"), `the query survives the redirect: ${at.search}`);
        if (route !== "/bench") {
          await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
        }
        // A lab's page loads the module holding that lab alone; the benchmark page, the
        // main one (every lab).
        const module = await page.locator('link[rel="modulepreload"]').getAttribute("href");
        const own = route === "/bench" ? "" : `${route.slice(1)}-`;
        assert.match(module, new RegExp(`^/playground-web-${own}[0-9a-f]{16}\\.js$`), route);
        // π_ref's weights cross the network beside the module on the lab that needs them.
        const weights = await page.locator('link[rel="prefetch"][href="/reference.safetensors"]').count();
        assert.equal(weights, route === "/lm-alignment" ? 1 : 0, route);
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
        assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, route);
        assert.deepEqual(page.errors, [], route);
        await page.context().close();
      }
      const page = await openPage(lab.browser, `${host}/bandits?preset=testbed-four`);
      await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
      assert.equal(await page.getByTestId("preset").inputValue(), "testbed-four");
      assert.deepEqual(page.errors, []);
    } finally {
      // close() waits for open connections, and a browser may keep one alive (a service
      // worker's fetch): end them, or the suite can hang here.
      plain.closeAllConnections();
      await new Promise((r) => plain.close(r));
    }
  });

  it("links between labs load each lab's own module; the gallery's stay in its page", async () => {
    const wasm = (page) => page.evaluate(() =>
      performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => p.endsWith(".wasm")));
    const plotted = (page) => page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    // The bandit module does not hold the Gridworld Lab: its link is a page load.
    const page = await lab.open("/bandits");
    await plotted(page);
    await page.locator('nav[aria-label="Demos"] a[href="/gridworld"]').click();
    await page.waitForURL(/\/gridworld(\?|$)/);
    await plotted(page);
    assert.match((await wasm(page)).join(" "), /^\/playground-web-gridworld-[0-9a-f]{16}_bg\.wasm$/);
    // The gallery's module holds every lab: the router opens one without a download.
    const home = await lab.open("/");
    await home.locator('main a[href="/dpo"]').first().click();
    await home.waitForURL(/\/dpo(\?|$)/);
    await plotted(home);
    assert.match((await wasm(home)).join(" "), /^\/playground-web-[0-9a-f]{16}_bg\.wasm$/);
    assert.deepEqual([...page.errors, ...home.errors], []);
  });

  it("a hostile label from a link is shown as text, never run as HTML", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1">`;
    const page = await lab.open("/bandits?kind=bandit&seed=3&steps=50&runs=2&env.type=bernoulli" +
      `&env.means=[0.9,0.8]&agents.0.type=ucb&agents.0.label=${encodeURIComponent(hostile)}`);
    await waitForStatus(page, "finished");
    assert.equal(await page.locator("#agents-0-label").inputValue(), hostile, "the editor holds it as text");
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(page.errors, []);
  });

  it("the theme chosen survives a reload, and a corrupted stored value falls back quietly", async () => {
    const page = await lab.open("/bandits?preset=testbed-four");
    const dark = () => page.evaluate(() => document.body.classList.contains("dark"));
    const before = await dark();
    await page.getByRole("button", { name: "Switch light or dark theme" }).click();
    assert.equal(await dark(), !before);
    await page.reload();
    await page.getByRole("button", { name: "Switch light or dark theme" }).waitFor();
    assert.equal(await dark(), !before, "the choice is kept");
    await page.evaluate(() => { for (const k of Object.keys(localStorage)) localStorage.setItem(k, "\u0000{garbage"); });
    await page.reload();
    await page.getByTestId("status").waitFor();
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

  it("a paused or finished page rests: no messages to its worker, no animation frames", async () => {
    // Counts the page's messages to its compute worker and its requests for frames.
    const countWork = () => {
      if (typeof window === "undefined" || window.__work !== undefined) return;
      window.__work = { messages: 0, frames: 0 };
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (...args) { window.__work.messages++; return post.apply(this, args); };
      const frame = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (f) => { window.__work.frames++; return frame(f); };
    };
    const workWhileResting = async (page) => {
      await page.waitForTimeout(1500); // the Verify panel's request for checks, answered
      await page.evaluate(() => { window.__work = { messages: 0, frames: 0 }; });
      await page.waitForTimeout(2000);
      return page.evaluate(() => window.__work);
    };
    const resting = { messages: 0, frames: 0 };
    const paused = await lab.open(`/dpo?ui.autoplay=0`, { init: countWork });
    await waitForStatus(paused, "ready");
    assert.deepEqual(await workWhileResting(paused), resting, "paused before the first step");
    await paused.getByTestId("step").click();
    await waitForStatus(paused, "paused");
    assert.deepEqual(await workWhileResting(paused), resting, "paused after a step");
    await paused.getByTestId("play").click();
    await paused.waitForFunction(() => window.__work.frames > 10, null, { timeout: 10_000 });
    const finished = await lab.open(`/bandits?preset=bernoulli-regret`, { init: countWork });
    await waitForStatus(finished, "finished");
    assert.deepEqual(await workWhileResting(finished), resting, "finished");
    assert.deepEqual([...paused.errors, ...finished.errors], []);
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
