// A tiny static server for the built app (dist/). By default with the single-page-app
// fallback: any path that is not a file gets index.html, as `trunk serve` does. With
// `{ fallback: false }` it is a plain static host, as GitHub Pages or `python3 -m
// http.server`: a folder's index.html, a redirect from `/route` to `/route/`, else 404.
// With `{ gzip: true }` it compresses and lets browsers cache for ten minutes, as such
// hosts do (GitHub Pages: gzip, `Cache-Control: max-age=600`), for the transfer benchmark.
// No dependencies.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

export function serve(root, port, host = "127.0.0.1", { fallback = true, gzip = false } = {}) {
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = normalize(decodeURIComponent(url.pathname));
    const file = await (fallback ? withFallback : plainHost)(root, path, url, res);
    if (!file) return;
    try {
      let body = await readFile(file);
      const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream" };
      if (gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
        body = compressed.get(file);
        headers["content-encoding"] = "gzip";
      }
      if (gzip) headers["cache-control"] = "max-age=600";
      res.writeHead(200, headers);
      res.end(body);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

/** What `path` is on disk, or undefined. */
async function kind(file) {
  try {
    const s = await stat(file);
    return s.isFile() ? "file" : s.isDirectory() ? "dir" : undefined;
  } catch {
    return undefined;
  }
}

/** The file to send: the path's own, else its folder's index.html (a route's page, as
 *  hosts with pretty URLs serve it), else the app's index.html. */
async function withFallback(root, path) {
  const file = join(root, path);
  if (!file.startsWith(root)) return join(root, "index.html");
  const what = await kind(file);
  if (what === "file") return file;
  return (what === "dir" && (await folderIndex(file))) || join(root, "index.html");
}

/** A folder's index.html, if it has one. */
async function folderIndex(dir) {
  const index = join(dir, "index.html");
  return (await kind(index)) === "file" ? index : undefined;
}

/** The file to send as a plain static host would; answers redirects and 404s itself. */
async function plainHost(root, path, url, res) {
  const file = join(root, path);
  const what = file.startsWith(root) ? await kind(file) : undefined;
  if (what === "file") return file;
  if (what === "dir" && !url.pathname.endsWith("/")) {
    res.writeHead(301, { location: `${url.pathname}/${url.search}` });
    res.end();
    return undefined;
  }
  const index = what === "dir" ? await folderIndex(file) : undefined;
  if (index) return index;
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("404: no such file");
  return undefined;
}

if (process.argv[1] && process.argv[1].endsWith("serve.mjs")) {
  const root = process.argv[2] ?? "dist";
  const port = Number(process.argv[3] ?? 8080);
  await serve(new URL(root, `file://${process.cwd()}/`).pathname, port);
  console.log(`serving ${root} at http://127.0.0.1:${port}`);
}
