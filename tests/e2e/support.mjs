// Shared helpers for the end-to-end tests: a static server for dist/, Chromium launches
// with and without WebGPU, pages that record console errors and long tasks, and small
// readers of what is on screen.
import { describe, before, after, afterEach } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

export const DIST = new URL("../../dist/", import.meta.url).pathname;
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Serve dist/ on a free port. */
export async function startServer() {
  const server = await serve(DIST, 0);
  const { port } = server.address();
  // close() waits for open connections; end them first so a kept-alive one cannot hang it.
  const close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** Debian's Chromium, headless; `webgpu` adds --enable-unsafe-webgpu (SwiftShader on CPU).
 *  Playwright gives every launch a fresh temporary profile (DESIGN.md's --user-data-dir). */
export async function launch({ webgpu, extraArgs = [] }) {
  const args = [
    "--headless=new", "--no-sandbox", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ...extraArgs,
  ];
  if (webgpu) args.push("--enable-unsafe-webgpu");
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args });
}

/** Contexts opened by openPage and not yet closed. */
const open = new Set();

/** Close every page opened so far. Run it after each test: a page left open keeps its
 *  experiment running and would compete for the CPU with the next test's page (timing
 *  tests on a 2-core machine notice). */
export async function closePages() {
  await Promise.all([...open].map((c) => c.close().catch(() => {})));
  open.clear();
}

/** A page that records console errors (breaches of the Content Security Policy among
 *  them), uncaught exceptions and long tasks; `block` lists URL patterns that fail. */
export async function openPage(browser, url, { viewport = { width: 1400, height: 1000 }, init, block = [] } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  if (init) {
    // Every worker runs `init` too, first in its script. Playwright's init scripts reach
    // pages only, and evaluating one in a worker once it has started raced the worker's
    // own start (a run read the real core count before the test's arrived).
    const prelude = typeof init === "function" ? `(${init})();` : `{\n${init}\n}`;
    await context.route("**/worker.js", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `${prelude}\n${await response.text()}` });
    });
  }
  // Requests for these URL patterns fail, as on a host missing the file (routes added
  // later take precedence).
  for (const pattern of block) await context.route(pattern, (route) => route.abort());
  open.add(context);
  context.on("close", () => open.delete(context));
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.addInitScript(() => {
    // A breach of the site's Content Security Policy is an error in every test.
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}`));
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))))
      .observe({ type: "longtask", buffered: true });
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return page;
}

/** An init script: every WebGPU device the page (or its worker) opens is kept in
 *  `__gpuDevices`, so a test can destroy one mid-run, as a driver reset or a lost GPU would. */
export function keepGpuDevices() {
  globalThis.__gpuDevices = [];
  if (typeof GPUAdapter === "undefined") return;
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await request.apply(this, args);
    globalThis.__gpuDevices.push(device);
    return device;
  };
}

/** An init script: the adapter is offered but refuses every device (a blocked GPU). */
export function refuseGpuDevices() {
  if (typeof GPUAdapter === "undefined") return;
  GPUAdapter.prototype.requestDevice = () => Promise.reject(new Error("the test refused the device"));
}

/** Destroy every WebGPU device the page and its workers hold (after `keepGpuDevices`). */
export async function loseGpu(page) {
  const destroy = () => { for (const d of globalThis.__gpuDevices ?? []) d.destroy(); return globalThis.__gpuDevices?.length ?? 0; };
  let n = await page.evaluate(destroy);
  for (const worker of page.workers()) n += await worker.evaluate(destroy);
  if (n === 0) throw new Error("the page held no WebGPU device to lose");
}

/** Main-thread tasks over 50 ms, watched in up to five windows of `ms` each, stopping at
 *  the first clean one. On shared hardware a one-off preemption spoils one window, but a
 *  systematic overrun (a unit of work or a redraw too long for a frame) spoils them all:
 *  callers require that some window was clean. Returns each window's long tasks. */
export async function longTaskWindows(page, ms) {
  const windows = [];
  for (let i = 0; i < 5; i++) {
    const start = await page.evaluate(() => performance.now());
    await page.waitForTimeout(ms);
    const long = await page.evaluate((s) => window.__longTasks.filter((e) => e.start > s && e.duration > 50), start);
    windows.push(long);
    if (long.length === 0) break;
  }
  return windows;
}

/** The step counter under the figure: { t, horizon }. */
export async function progress(page) {
  const text = await page.getByTestId("progress").textContent();
  const [, t, h] = text.match(/t = (\d+) \/ (\d+)/);
  return { t: Number(t), horizon: Number(h) };
}

export async function waitForStatus(page, status, timeout = 60_000) {
  await page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent === s, status, { timeout });
}

/** The page's JSON export once it is of a finished run that `isNew(report)` recognises:
 *  right after an edit the status can still read the last run's "finished" until the new
 *  run starts, so the status alone does not say which run an export is of. */
export async function finishedExport(page, isNew, tries = 60) {
  for (let i = 0; ; i++) {
    await waitForStatus(page, "finished", 120_000);
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    if (isNew(report) || i + 1 >= tries) return report;
    await page.waitForTimeout(250);
  }
}

/** How many pixels of a canvas differ from its corner (background) colour. */
export async function canvasInk(page, selector = ".plot.main canvas") {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const ctx = c.getContext("2d");
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const bg = [data[0], data[1], data[2]];
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 60) ink++;
    }
    return ink;
  }, selector);
}

/** Click an export button and return the downloaded file's bytes and name. */
export async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** A phone-sized viewport (an iPhone 12–15 in portrait). */
export const PHONE = { width: 390, height: 844 };

/** How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways). */
export async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A suite against dist/ served once and one Chromium launch. `body(lab)` declares its
 *  tests; in them `lab.open(path)` opens a page of the app (`lab.url`, `lab.browser` once
 *  the suite is up). Every test's pages are closed after it. */
export function suite(name, { webgpu }, body) {
  describe(name, () => {
    const lab = {
      open: (path, options) => openPage(lab.browser, `${lab.url}${path}`, options),
    };
    let server;
    before(async () => {
      server = await startServer();
      lab.url = server.url;
      lab.browser = await launch({ webgpu });
    });
    afterEach(closePages);
    after(async () => {
      await lab.browser?.close();
      await server?.close();
    });
    body(lab);
  });
}

/** The same suite twice: with WebGPU (SwiftShader) and without (the CPU fallback). */
export function withAndWithoutWebGpu(name, body) {
  for (const webgpu of [true, false]) {
    suite(`${name} (${webgpu ? "with WebGPU" : "CPU only, no WebGPU"})`, { webgpu }, (lab) => body(lab, webgpu));
  }
}
