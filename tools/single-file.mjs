// One file for a USB stick: dist-single/reservoir.html holds the release build's wasm (base64),
// JavaScript and CSS inline, and opens from disk (file://) with no network and nothing installed.
//
//   node tools/single-file.mjs [DIST [OUT]]     defaults: dist/ (trunk build --release), dist-single/reservoir.html
//
// Built from dist/ as Trunk wrote it: the stylesheet becomes a <style>, and the wasm-bindgen module
// becomes one inline module script that ends by starting the app from the embedded wasm bytes
// (`__wbg_init({ module_or_path: bytes })`), as Trunk's own init script does from the .wasm URL.
// No service worker (a file has none) and no manifest. Its Content-Security-Policy allows nothing
// to be fetched at all (`default-src 'none'`): only the hashes of its own script and style run.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { hashSource, inlineScripts } from "./post-build.mjs";

const root = new URL("../", import.meta.url).pathname;

/** The path (from dist/) of the one `<link>` whose attributes match `pattern`. */
function linked(html, pattern, what) {
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((tag) => pattern.test(tag));
  if (links.length !== 1) throw new Error(`dist/index.html: expected one ${what} link, found ${links.length}`);
  return links[0].match(/href="?\/?([^" >]+)/)[1];
}

/** The single file's HTML, from the release build in `dist`. */
export function singleFile(dist) {
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const css = readFileSync(join(dist, linked(index, /rel="?stylesheet/, "stylesheet")), "utf8");
  const js = readFileSync(join(dist, linked(index, /rel="?modulepreload/, "module")), "utf8");
  const wasm = readFileSync(join(dist, linked(index, /application\/wasm/, "wasm preload")));
  if (/^\s*import\b/m.test(js)) throw new Error("the wasm-bindgen module imports another file: it cannot be inlined as it is");
  if (!js.includes("__wbg_init as default")) throw new Error("the wasm-bindgen module has no __wbg_init: its init changed");
  if (inlineScripts(index).length !== 1) throw new Error("dist/index.html: expected Trunk's one inline init script");

  // Trunk's init script, with the wasm's bytes instead of its URL. The start event is kept: it is
  // how Trunk's pages say the app has started.
  // In a block: the module's own top-level names (`wasm`, …) stay its own.
  const script = `${js}
{
  const bytes = Uint8Array.from(atob(${JSON.stringify(wasm.toString("base64"))}), (c) => c.charCodeAt(0));
  const started = await __wbg_init({ module_or_path: bytes });
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: started } }));
}
`;
  // `</script` or `</style` inside would end the element early.
  if (/<\/script/i.test(script) || /<\/style/i.test(css)) throw new Error("the script or the stylesheet holds a closing tag");
  const policy = [
    "default-src 'none'",
    `script-src 'wasm-unsafe-eval' ${hashSource(script)}`,
    `style-src ${hashSource(css)}`,
    "img-src data:",
    "base-uri 'none'",
  ].join("; ");

  let html = index
    // Trunk's own tags for the files now inline, the manifest (a file cannot be installed), and
    // the served build's policy (replaced below).
    .replace(/<link\b[^>]*rel="?(stylesheet|modulepreload|preload|manifest)\b[^>]*>/g, "")
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "")
    .replace(/<meta\b[^>]*Content-Security-Policy[^>]*>/i, "");
  const head = html.match(/<meta charset="?utf-8"?\s*\/?>/i);
  if (!head) throw new Error("dist/index.html: no <meta charset>");
  const at = head.index + head[0].length;
  html =
    html.slice(0, at) +
    `<meta http-equiv="Content-Security-Policy" content="${policy}"><style>${css}</style>` +
    html.slice(at);
  // Module scripts run after the document is parsed, so the body is there to mount on.
  html = html.replace(/<\/body>|$/, (end) => `<script type="module">${script}</script>${end}`);
  return html;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** Raw and gzip -9 sizes of `bytes`. */
export function sizes(bytes) {
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

/** Writes the single file and returns its sizes beside the served bundle's. */
export function build(dist = join(root, "dist"), out = join(root, "dist-single/reservoir.html")) {
  const html = singleFile(dist);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  // What a visitor of the served build downloads: every file of dist/ (the worker fetches them all).
  const served = { raw: 0, gz: 0 };
  for (const file of readdirSync(dist, { recursive: true }).map(String)) {
    if (!statSync(join(dist, file)).isFile()) continue;
    const s = sizes(readFileSync(join(dist, file)));
    served.raw += s.raw;
    served.gz += s.gz;
  }
  return { out, single: sizes(Buffer.from(html)), served };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { out, single, served } = build(process.argv[2], process.argv[3]);
  console.log(`wrote ${out}`);
  console.log("                              raw        gzip -9");
  console.log(`single file (reservoir.html) ${kib(single.raw).padStart(11)} ${kib(single.gz).padStart(11)}`);
  console.log(`served bundle (dist/, all)   ${kib(served.raw).padStart(11)} ${kib(served.gz).padStart(11)}`);
}
