// Each lab's page as a wasm module of its own, for the built site (scripts/post-build.mjs
// calls this after Trunk has built the main module).
//
// Trunk builds one module, the app's main one, with every lab in it (web/src/main.rs):
// the gallery, the benchmark page, `trunk serve` and offline visits use it. A visitor who
// opens a lab's page needs only that lab: web/src/bin/<route>.rs is a module holding one
// lab (web/src/labs.rs), about half the main module's size, and the route's index.html
// loads it instead. The pipeline is Trunk's for the main module — cargo with the same
// profile, wasm-bindgen for `--target web`, wasm-opt with web/index.html's level and
// parameters — and the files are named by a hash of their contents, as Trunk names its.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const TARGET = "wasm32-unknown-unknown";

/** The main module's rust link in web/index.html: its cargo profile, wasm-opt level and
 *  wasm-opt parameters, which every lab's module is built with too. */
export function mainModuleSettings(indexHtml) {
  const link = indexHtml.match(/<link data-trunk rel="rust"[^>]*>/)?.[0];
  if (!link) throw new Error("lab-modules: web/index.html has no rust link");
  const attr = (name) => link.match(new RegExp(`${name}="([^"]*)"`))?.[1];
  return {
    profile: attr("data-cargo-profile") ?? "release",
    level: attr("data-wasm-opt") ?? "z",
    params: (attr("data-wasm-opt-params") ?? "").split(/\s+/).filter(Boolean),
  };
}

/** The routes that have a module of their own: those with a web/src/bin/<route>.rs. */
export function labRoutes(routes) {
  return routes.filter((r) => existsSync(join(ROOT, "web/src/bin", `${r}.rs`)));
}

/** A tool: the project's pinned copy (scripts/setup.sh installs them) if present, else PATH. */
function tool(name) {
  const pinned = [join(ROOT, "tools/node_modules/.bin", name), join(process.env.HOME ?? "", ".cargo/bin", name)];
  return pinned.find(existsSync) ?? name;
}

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/** Build every lab route's module into `dir` (the staged site). Returns, per route, its
 *  files: { js, wasm } (names under `dir`) and their integrity hashes. */
export async function buildLabModules(dir, routes, settings) {
  const { stdout } = await run("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"], { cwd: ROOT, maxBuffer: 64 << 20 });
  const built = join(JSON.parse(stdout).target_directory, TARGET, settings.profile);
  const bins = routes.flatMap((r) => ["--bin", r]);
  await run("cargo", ["build", "--offline", "--quiet", "--profile", settings.profile, "--target", TARGET, "-p", "playground-web", ...bins], { cwd: ROOT, maxBuffer: 64 << 20 });
  const scratch = mkdtempSync(join(tmpdir(), "lab-modules-"));
  try {
    const one = async (route) => {
      await run(tool("wasm-bindgen"), ["--target", "web", "--no-typescript", "--out-dir", scratch, "--out-name", route, join(built, `${route}.wasm`)]);
      const bound = join(scratch, `${route}_bg.wasm`);
      const optimised = join(scratch, `${route}_opt.wasm`);
      await run(tool("wasm-opt"), [`-O${settings.level}`, ...settings.params, bound, "-o", optimised], { maxBuffer: 64 << 20 });
      const js = readFileSync(join(scratch, `${route}.js`));
      const wasm = readFileSync(optimised);
      const hash = createHash("sha256").update(js).update(wasm).digest("hex").slice(0, 16);
      const stem = `playground-web-${route}-${hash}`;
      writeFileSync(join(dir, `${stem}.js`), js);
      writeFileSync(join(dir, `${stem}_bg.wasm`), wasm);
      return [route, { js: `${stem}.js`, wasm: `${stem}_bg.wasm`, jsIntegrity: sri(js), wasmIntegrity: sri(wasm) }];
    };
    // wasm-opt is most of the time: one per core, at most four (each holds a module of
    // several megabytes and its passes' copies in memory).
    const modules = new Map();
    const queue = [...routes];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const [route, files] = await one(r);
        modules.set(route, files);
      }
    };
    await Promise.all(Array.from({ length: Math.min(availableParallelism(), 4, routes.length) }, worker));
    return modules;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Trunk's page for the main module, turned into a lab's: its loader, preloads and their
 *  integrity hashes name the lab's files instead. */
export function pageFor(html, files) {
  const main = html.match(/\/(playground-web-[0-9a-f]+)\.js/)?.[1];
  if (!main) throw new Error("lab-modules: the page names no playground-web bindings");
  const withIntegrity = (page, file, integrity) =>
    page.replace(new RegExp(`(href="/${file}"[^>]*integrity=")[^"]*(")`), `$1${integrity}$2`);
  let page = withIntegrity(html, `${main}.js`, files.jsIntegrity);
  page = withIntegrity(page, `${main}_bg.wasm`, files.wasmIntegrity);
  page = page.replaceAll(`/${main}_bg.wasm`, `/${files.wasm}`).replaceAll(`/${main}.js`, `/${files.js}`);
  if (page.includes(main)) throw new Error(`lab-modules: ${main} is still named in a lab's page`);
  return page;
}
