// Trunk's post-build hook (Trunk.toml), run on the staged site before it replaces dist/:
//
// 1. No inline script. Trunk writes the loader (import the bindings, start the wasm) inline
//    in index.html; it moves to its own file, named by a hash of its text, so the Content
//    Security Policy can forbid inline scripts.
// 2. The Content Security Policy, as a meta tag (a static host may not set headers): only
//    this site's own files, no eval — WebAssembly compiles under 'wasm-unsafe-eval' alone —
//    and no plug-ins, base-URL rewrites or form posts. Styles may be inline: Leptos writes
//    style attributes.
// 3. One index.html per route listed in web/routes.txt, so a deep link such as
//    /bandits?preset=testbed-four loads from any static host, including those with no
//    single-page-app fallback (GitHub Pages, `python3 -m http.server`). The shell's e2e
//    suite fails if a page in the app's navigation has none.
// 4. A route whose page needs a data file at once prefetches it in its own index.html
//    (PREFETCHES), so it crosses the network beside the module instead of after it.
// 5. No HTML comments (web/index.html's are for its readers, not for every visitor).
// 6. The loader starts the compute worker's thread first (SPARE_WORKER).
// 7. Each lab's page loads a module holding that lab alone (scripts/lab-modules.mjs); the
//    site's root, the benchmark page and `trunk serve` load the main one, with every lab.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildLabModules, labRoutes, mainModuleSettings, pageFor } from "./lab-modules.mjs";

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");

/** The app's routes but "/", from web/routes.txt (also read by bench/first_plot.mjs). */
export function routes() {
  return readFileSync(new URL("../web/routes.txt", import.meta.url), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** Files a route's page fetches as soon as it starts: the Tiny-LM Alignment Lab's runs
 *  need π_ref's weights (web/src/demos/lm_alignment/mod.rs, REFERENCE_URL). Prefetched,
 *  not preloaded: the worker's fetch finds them in the HTTP cache, and a preload the
 *  page itself never reads draws a console warning. */
export const PREFETCHES = { "lm-alignment": ["/reference.safetensors"] };

/** The page for `route`, with a prefetch link for each of its PREFETCHES. */
export function withPrefetches(page, route) {
  const links = (PREFETCHES[route] ?? [])
    .map((href) => `<link rel="prefetch" href="${href}">`)
    .join("");
  return links ? page.replace("</head>", `${links}</head>`) : page;
}

const INLINE_MODULE = /<script type="module">([\s\S]*?)<\/script>/;

/** The loader's first lines: the compute worker's thread starts while the module
 *  downloads. Started once the module runs, a worker waits for the page's first long
 *  tasks (its start needs the page's main thread), and the first plotted point waits with
 *  it. The page's first run takes this one (web/src/runner/module_worker.rs); a script
 *  that fails to load marks it, and the page's error handling takes over from there. */
export const SPARE_WORKER = `try {
  const spare = new Worker("/worker.js", { type: "module" });
  spare.addEventListener("error", (e) => { spare.failed = true; e.preventDefault(); });
  window.ppSpareWorker = spare;
} catch {}
`;

/** The page with SPARE_WORKER at the top of Trunk's loader. */
export function withSpareWorker(html) {
  if (!INLINE_MODULE.test(html)) throw new Error("post-build: Trunk's inline loader was not found in index.html");
  return html.replace(INLINE_MODULE, (_, code) => `<script type="module">\n${SPARE_WORKER}${code.trim()}\n</script>`);
}

/** The page with its inline loader moved to `/boot-<hash>.js` and the policy in its head;
 *  the loader's file name and text. */
export function harden(html) {
  const found = html.match(INLINE_MODULE);
  if (!found) throw new Error("post-build: Trunk's inline loader was not found in index.html");
  const code = found[1].trim() + "\n";
  const name = `boot-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  const page = html
    .replace(INLINE_MODULE, `<script type="module" src="/${name}"></script>`)
    .replace(/<meta charset="[^"]*">/, (charset) =>
      `${charset}\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  if (!page.includes("Content-Security-Policy")) {
    throw new Error('post-build: index.html has no <meta charset="…"> to put the policy after');
  }
  const left = page.match(/<script(?![^>]*\bsrc=)[^>]*>[\s\S]{0,200}/);
  if (left) throw new Error(`post-build: an inline script is left in index.html: ${left[0]}`);
  return { page, name, code };
}

// `trunk serve` adds an inline script that reloads the page on a rebuild, whose address
// it fills in when it serves the page; the development server keeps it and goes without
// the policy. Built sites (`trunk build`) always carry it.
const DEV_RELOAD = /\{\{__TRUNK_ADDRESS__\}\}/i;

/** The finished page: hardened (a built site) and without comments; `dir` gets its loader. */
function finish(html, dir, dev) {
  let page = html;
  if (!dev) {
    const hardened = harden(html);
    writeFileSync(join(dir, hardened.name), hardened.code);
    page = hardened.page;
  }
  return page.replace(/[ \t]*<!--[\s\S]*?-->\n?/g, "");
}

async function main() {
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error("post-build: run by trunk as a post_build hook (TRUNK_STAGING_DIR)");
  const html = withSpareWorker(readFileSync(join(dir, "index.html"), "utf8"));
  // `trunk serve` rebuilds on every edit: there the main module serves every route.
  const dev = DEV_RELOAD.test(html);
  const page = finish(html, dir, dev);
  writeFileSync(join(dir, "index.html"), page);
  const settings = mainModuleSettings(readFileSync(new URL("../web/index.html", import.meta.url), "utf8"));
  const all = routes();
  const modules = dev ? new Map() : await buildLabModules(dir, labRoutes(all), settings);
  for (const route of all) {
    const files = modules.get(route);
    const own = files ? finish(pageFor(html, files), dir, dev) : page;
    mkdirSync(join(dir, route), { recursive: true });
    writeFileSync(join(dir, route, "index.html"), withPrefetches(own, route));
  }
}

if (process.argv[1]?.endsWith("post-build.mjs")) await main();
