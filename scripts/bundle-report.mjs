// Bundle report: what each page of the release build in dist/ loads, raw and gzipped,
// against the budget.
//
//   node scripts/bundle-report.mjs           print the table
//   node scripts/bundle-report.mjs --check   also fail (exit 1) when a page is over budget
//
// The time to the first plotted point on a slow link, per page: bench/first_plot.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

// 600 KB at the foundation stage (the Bandit Arena alone: about 440 KB); 700 KB when the
// neural engine landed (playground-nn, WebGPU bindings, the transformer page), whose
// numeric crates are compiled for speed rather than size (see Cargo.toml); 950 KB since
// the Gridworld and Policy-Gradient Labs (about 900 KB: their engines, their scenario
// types' serde code — one serialiser each, through serde_json::Value — and their pages);
// 990 KB since the DPO Lab (about 956 KB: playground-pref, its scenario and its page);
// 1100 KB since the rest of the DPO family, the Nash page and the Overoptimization Lab
// (about 1036 KB before the last: seventeen learners' field tables, presets and pages);
// 1160 KB since Rewards from Preferences (about 1131 KB: its engine, scenario, presets,
// the labeller panel and the label store); 1200 KB since the Preference Lab's last claims
// (about 1168 KB: the MLP reward model brings playground-nn's Adam into the Preference
// Lab's code, plus constrained RLHF, CoPG, cardinal feedback and the bars to drag); 1500 KB
// since the Tiny-LM Alignment Lab (about 1485 KB: π_ref's weights, about 100 KB, are in the
// bundle, with the lab's engine, its eleven learners' field tables and its page). 1500 KB is
// issue 9's ceiling for the whole site: loading each lab's code and data with its page is
// how the bundle shrinks from here. 1600 KB since the Pareto, Constrained Alignment and
// Bayesian Optimisation labs (about 1532 KB: three engines, their scenarios' serde code,
// field tables, presets and pages): the site is past issue 9's 1.5 MB again, which stays
// open until labs load with their pages. 1500 KB again since wasm-opt stopped inlining
// functions into their only caller (about 1413 KB: that inlining saved 3% of the raw
// module but cost 10% more gzip; web/index.html says why).
// Since each lab's page loads a module of its own (scripts/lab-modules.mjs) the budget is
// per page: what a page's HTML names (its loader, bindings, module, stylesheet, icon, the
// worker's script and data it prefetches), gzipped, within issue 9's 1.5 MB. The site's
// root loads the main module, with every lab.
const BUDGET_GZIP = 1500 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const sizes = new Map();
/** The raw and gzipped size of a file of the site. */
function size(file) {
  if (!sizes.has(file)) {
    const bytes = readFileSync(join(dist, file));
    sizes.set(file, { raw: statSync(join(dist, file)).size, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes.get(file);
}

/** What a page's HTML names, with their sizes. */
function page(html) {
  const files = [...new Set([...html.matchAll(/(?:href|src)="\/([^"]+)"/g)].map((m) => m[1]))];
  return files.map((file) => ({ file, ...size(file) }));
}

const pages = [["/", "index.html"], ...readdirSync(dist)
  .filter((d) => statSync(join(dist, d)).isDirectory() && existsSync(join(dist, d, "index.html")))
  .map((d) => [`/${d}`, join(d, "index.html")])];
console.log("page".padEnd(20), "module".padEnd(58), "raw".padStart(10), "gzip".padStart(10));
let over = [];
for (const [route, html] of pages) {
  const files = page(readFileSync(join(dist, html), "utf8"));
  const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const module = files.find((f) => f.file.endsWith(".wasm"))?.file ?? "(none)";
  console.log(route.padEnd(20), module.padEnd(58), kb(total.raw).padStart(10), kb(total.gzip).padStart(10));
  if (total.gzip > BUDGET_GZIP) over.push(`${route} by ${kb(total.gzip - BUDGET_GZIP)}`);
}
console.log(`budget: ${kb(BUDGET_GZIP)} gzip per page`);

if (process.argv.includes("--check") && over.length > 0) {
  console.error(`over budget: ${over.join(", ")}`);
  process.exit(1);
}
