// Trunk's post_build hook (Trunk.toml), run on the staged build after Trunk has minified
// index.html, so every hash below is of the bytes the browser gets:
//
// 1. the Content-Security-Policy: index.html's meta lists the hash of each inline script (Trunk's
//    wasm init, and in `trunk serve` without --no-autoreload its reload script), and nothing else
//    may run;
// 2. the service worker: sw.js, copied from web/sw.js, gets the build's file list and the build's
//    name (a hash of those files), so a new build is a new sw.js and a new cache.
//
//   node tools/post-build.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR (as Trunk runs it)
//
// Running it again on its own output gives the same files: the tests rerun it on a copied dist/
// to make "a new build" without a second cargo build.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const WORKER = "sw.js";
const WORKER_SOURCE = new URL("../web/sw.js", import.meta.url);

/** The CSP source for a script or style whose text is `text`: `'sha256-…'`. */
export function hashSource(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The text of every inline `<script>` (one without `src`) in `html`, as the browser hashes it. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/**
 * `html` with its CSP meta's `script-src` listing exactly `hashes`: the placeholder that
 * index.html carries, or the hashes of an earlier run, are replaced. Fails when there is no CSP
 * meta with a script-src: a build without its policy must not be shipped.
 */
export function withScriptHashes(html, hashes) {
  // The minifier writes attributes in its own order: find the meta, then its content.
  const meta = html.match(/<meta\b[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i);
  const content = meta?.[0].match(/\bcontent="([^"]*)"/);
  if (!content || !/script-src/.test(content[1])) throw new Error("index.html has no Content-Security-Policy meta with a script-src");
  const policy = content[1]
    .split(";")
    .map((directive) => {
      const words = directive.trim().split(/\s+/);
      if (words[0] !== "script-src") return directive.trim();
      const kept = words.filter((w) => !w.startsWith("'sha256-") && w !== "'inline-script-hashes'");
      return [...kept, ...hashes].join(" ");
    })
    .join("; ");
  const tag = meta[0].replace(content[0], `content="${policy}"`);
  return html.slice(0, meta.index) + tag + html.slice(meta.index + meta[0].length);
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => relative(dir, join(dir, name)).split("\\").join("/"))
    .sort();
}

/** Fills in the CSP and the worker of the build in `dir`. Debug builds get a worker that keeps nothing. */
export function finish(dir, { release = true } = {}) {
  const indexPath = join(dir, "index.html");
  const index = readFileSync(indexPath, "utf8");
  writeFileSync(indexPath, withScriptHashes(index, inlineScripts(index).map(hashSource)));

  // Everything the page needs, and nothing else: every file of the build but the worker itself.
  // A debug build (`trunk serve` while working) keeps nothing, so each rebuild shows at once.
  const files = release ? filesUnder(dir).filter((f) => f !== WORKER) : [];
  const build = createHash("sha256");
  for (const file of files) build.update(`${file}\0`).update(readFileSync(join(dir, file))).update("\0");
  const name = release ? build.digest("hex").slice(0, 16) : "debug";
  const urls = files.map((f) => (f === "index.html" ? "./" : f));
  const worker = readFileSync(WORKER_SOURCE, "utf8")
    .replace('"__BUILD__"', JSON.stringify(name))
    .replace('["__FILES__"]', JSON.stringify(urls));
  if (worker.includes("__BUILD__") || worker.includes("__FILES__")) throw new Error("web/sw.js lost its placeholders");
  writeFileSync(join(dir, WORKER), worker);
  return { build: name, files: urls };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error("usage: node tools/post-build.mjs DIR (or run by Trunk, which sets TRUNK_STAGING_DIR)");
  const { build, files } = finish(dir, { release: process.env.TRUNK_PROFILE !== "debug" });
  console.log(`post-build: build ${build}, ${files.length} files precached, CSP hashes written`);
}
