// The soak test: every lab's page left running, as in a lecture, and watched.
//
//   trunk build && node bench/soak.mjs [minutes, default 60] [--in-turn]
//
// Opens every lab's page at once in headless Chromium (one tab each, presenter mode,
// autoplay, the default preset); whenever a run finishes it is reset and played again, so
// every tab computes for the whole time. With `--in-turn` every tab stays open for the
// whole time but they play one at a time, a minute each in a loop (the others paused),
// as a lecture moves from lab to lab: that is the mode whose long-task column measures a
// page rather than the machine's cores. Once a minute it samples each tab's JavaScript
// heap (`performance.memory`, precise), the WebAssembly memory of its page and of its
// compute worker (where the experiment is) and its main-thread tasks over 50 ms. At the
// end it prints, per page, the heap's slope (least squares over the samples after a
// warm-up), the wasm memories' growth after the warm-up (wasm memory never shrinks, so
// flat means no growth), the long tasks after the first minute (which holds the one task
// that compiles and starts the module) and the console errors, and writes the table to
// bench/results/soak.txt. Exits non-zero on a console error or memory that keeps growing.
// Issue 10: memory flat, no console errors, no main-thread task over 50 ms.
//
// Tabs share the machine's cores: on a 2-core machine a dozen busy tabs preempt each
// other, which inflates main-thread tasks; without `--in-turn` the long-task column is an
// upper bound there.
import { writeFileSync } from "node:fs";
import { DIST, launch } from "../tests/e2e/support.mjs";
import { serve } from "../tests/e2e/serve.mjs";
import { routes } from "../scripts/post-build.mjs";

const args = process.argv.slice(2);
const inTurn = args.includes("--in-turn");
const minutes = Number(args.find((a) => !a.startsWith("--")) ?? 60);
// Memory is judged after a warm-up: five minutes, or in turn the first round (each tab's
// first run grows its memory to what the run needs).
const WARM_UP = inTurn ? routes().length - 1 : Math.min(5, Math.floor(minutes / 3));
// Heap growth over this many bytes a minute after the warm-up counts as a leak.
const LEAK_BYTES_PER_MIN = 256 * 1024;

const server = await serve(DIST, 0, "127.0.0.1", { fallback: false });
const base = `http://127.0.0.1:${server.address().port}`;
// Precise heap figures: without the flag Chromium rounds them and updates them rarely.
const browser = await launch({ webgpu: false, extraArgs: ["--enable-precise-memory-info"] });

// In turn, the tabs share one window, as in a lecture: the one playing is in front and the
// others are hidden (no frames drawn), which separate windows would not be.
const shared = inTurn ? await browser.newContext({ viewport: { width: 1280, height: 800 } }) : null;

/** A lab's tab, watched: its errors, long tasks and wasm memory. */
async function openTab(route) {
  const context = shared ?? await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const tab = { route, page, errors: [], samples: [] };
  page.on("console", (m) => { if (m.type() === "error") tab.errors.push(m.text()); });
  page.on("pageerror", (e) => tab.errors.push(String(e)));
  page.on("crash", () => tab.errors.push(`the tab crashed (${new Date().toISOString()})`));
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration)))
      .observe({ type: "longtask", buffered: true });
    addEventListener("TrunkApplicationStarted", (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  });
  await page.goto(`${base}/${route}?ui.present=1${inTurn ? "&ui.autoplay=0" : ""}`);
  return tab;
}

/** A finished run starts again, so the tab keeps computing. */
async function keepPlaying(tab) {
  const status = await tab.page.evaluate(() => document.querySelector('[data-testid="status"]')?.textContent);
  if (status === "finished" || status === "stopped") await tab.page.getByTestId("reset").click();
  if (status !== "running") await setPlaying(tab, true);
}

/** Presses Play or Pause unless the run is already in that state. */
async function setPlaying(tab, on) {
  const play = tab.page.getByTestId("play");
  if ((await play.getAttribute("aria-pressed")) !== String(on)) await play.click();
}

/** The tabs that compute during this minute: all, or in turn one at a time. */
function playingNow(tabs, minute) {
  return inTurn ? [tabs[(minute - 1) % tabs.length]] : tabs;
}

async function sample(tab, minute) {
  const worker = tab.page.workers()[0];
  const workerWasm = worker ? await worker.evaluate(() => self.wasmMemory?.buffer.byteLength ?? 0) : 0;
  const s = await tab.page.evaluate(() => {
    const tasks = window.__longTasks.splice(0);
    return {
      heap: performance.memory.usedJSHeapSize,
      wasm: window.__wasmMemory?.buffer.byteLength ?? 0,
      longTasks: tasks.length,
      longest: Math.max(0, ...tasks),
    };
  });
  tab.samples.push({ minute, ...s, workerWasm });
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

const tabs = [];
for (const route of routes().filter((r) => r !== "bench")) tabs.push(await openTab(route));
const started = Date.now();
for (let minute = 1; minute <= minutes; minute++) {
  const playing = playingNow(tabs, minute);
  for (const tab of tabs) if (!playing.includes(tab)) await setPlaying(tab, false);
  if (inTurn) await playing[0].page.bringToFront();
  for (const tab of playing) tab.minutesPlayed = (tab.minutesPlayed ?? 0) + 1;
  while (Date.now() - started < minute * 60_000) {
    for (const tab of playing) await keepPlaying(tab);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  for (const tab of tabs) await sample(tab, minute);
  const late = tabs.filter((t) => t.samples.at(-1).longTasks > 0).map((t) => `${t.route} ${t.samples.at(-1).longTasks}×≤${t.samples.at(-1).longest.toFixed(0)} ms`);
  process.stderr.write(`${minute} / ${minutes} min, ${playing.map((t) => t.route).join(" ")} playing; tasks > 50 ms: ${late.join(", ") || "none"}\n`);
}

const mib = (b) => (b / 1048576).toFixed(1);
const rows = [["page", "minutes played", "heap MiB (first → last)", "heap slope KiB/min", "wasm MiB growth (page, worker)", "tasks > 50 ms after minute 1", "longest ms", "errors"]];
let failed = false;
for (const tab of tabs) {
  const after = tab.samples.filter((s) => s.minute > WARM_UP);
  const heapSlope = slope(after.map((s) => ({ x: s.minute, y: s.heap })));
  const growth = (key) => (after.length ? after.at(-1)[key] - after[0][key] : 0);
  const [wasmGrowth, workerGrowth] = [growth("wasm"), growth("workerWasm")];
  const later = tab.samples.filter((s) => s.minute > 1);
  const tasks = later.reduce((a, s) => a + s.longTasks, 0);
  const longest = Math.max(0, ...later.map((s) => s.longest));
  if (tab.errors.length || heapSlope > LEAK_BYTES_PER_MIN || wasmGrowth > 0 || workerGrowth > 0) failed = true;
  rows.push([tab.route, String(tab.minutesPlayed ?? 0), `${mib(tab.samples[0].heap)} → ${mib(tab.samples.at(-1).heap)}`,
    (heapSlope / 1024).toFixed(1), `${mib(wasmGrowth)}, ${mib(workerGrowth)}`, String(tasks), longest.toFixed(0), String(tab.errors.length)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n");
const mode = inTurn ? "open at once, playing in turn a minute each" : "playing at once";
const header = `# node bench/soak.mjs ${args.join(" ")}: ${tabs.length} tabs ${mode}, ${new Date().toISOString().slice(0, 10)}; ` +
  `slope and growth after a ${WARM_UP}-minute warm-up`;
console.log(`${header}\n${table}`);
for (const tab of tabs) for (const e of tab.errors.slice(0, 3)) console.log(`${tab.route}: ${e}`);
writeFileSync(new URL("results/soak.txt", import.meta.url), `${header}\n${table}\n`);
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
