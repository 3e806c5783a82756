// Time to the first plotted point on a slow link, per page: the built site (dist/) served
// gzipped and cacheable as static hosts do, opened cold (a fresh browser context: empty
// cache, no service worker) in headless Chromium under DevTools' "Fast 4G" network
// profile, every lab's page with its default scenario. What the page fetched is then in
// the cache, as on a visitor's first load: the compute worker imports the bindings the
// page already has. Prints, per page, the median time from navigation to the `pp:first-point`
// mark over a few loads and the bytes that crossed the network.
//
//   trunk build && node bench/first_plot.mjs [loads per page, default 3]
//
// Issue 9's targets: first plotted point ≤ 2 s, total transfer ≤ 1.5 MB.
import { mkdirSync, writeFileSync } from "node:fs";
import { DIST, ROOT, launch } from "../tests/e2e/support.mjs";
import { serve } from "../tests/e2e/serve.mjs";
import { routes as allRoutes } from "../scripts/post-build.mjs";

// Chromium DevTools' "Fast 4G" preset (front_end's NetworkManager): 9 Mbit/s down,
// 1.5 Mbit/s up, both at 90%, and 60 ms × 2.75 of latency.
const FAST_4G = {
  offline: false,
  latency: 60 * 2.75,
  downloadThroughput: ((9_000_000 / 8) * 0.9),
  uploadThroughput: ((1_500_000 / 8) * 0.9),
};

const loads = Number(process.argv[2] ?? 3);
// Every lab's page: the benchmark page draws no figure.
const routes = allRoutes().filter((r) => r !== "bench");

/** One cold load of `url` under the slow profile: ms to the first point, bytes moved. */
async function coldLoad(browser, url) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", FAST_4G);
    let bytes = 0;
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0, null, { timeout: 120_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName("pp:first-point")[0].startTime);
    return { ms, bytes };
  } finally {
    await context.close();
  }
}

const server = await serve(DIST, 0, "127.0.0.1", { gzip: true });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch({ webgpu: false });
const rows = [];
try {
  for (const route of routes) {
    const runs = [];
    for (let i = 0; i < loads; i++) runs.push(await coldLoad(browser, `${base}/${route}`));
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    rows.push({ route, median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms.at(-1), bytes: runs[0].bytes });
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`First plotted point, cold, Fast 4G (9 Mbit/s, ${FAST_4G.latency} ms), ${loads} loads per page`);
console.log("page".padEnd(20), "median ms".padStart(10), "min–max".padStart(14), "transfer".padStart(12));
for (const r of rows) {
  console.log(
    `/${r.route}`.padEnd(20),
    r.median.toFixed(0).padStart(10),
    `${r.min.toFixed(0)}–${r.max.toFixed(0)}`.padStart(14),
    `${(r.bytes / 1024).toFixed(0)} KB`.padStart(12),
  );
}
const worst = Math.max(...rows.map((r) => r.median));
const heaviest = Math.max(...rows.map((r) => r.bytes));
console.log(`slowest median ${worst.toFixed(0)} ms (target ≤ 2000: ${(worst / 2000).toFixed(2)}× the target); ` +
  `largest transfer ${(heaviest / 1024 / 1024).toFixed(2)} MiB (target ≤ 1.5 MB)`);
mkdirSync(`${ROOT}bench/out`, { recursive: true });
writeFileSync(`${ROOT}bench/out/first_plot.json`, JSON.stringify({ loads, rows, slowest_ms: worst, largest_bytes: heaviest }, null, 2));
