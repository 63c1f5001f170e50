// Shared by every browser test: serves dist/ (the release build, exactly as `trunk serve` would,
// index.html for app routes) on 127.0.0.1, and drives Debian's Chromium through playwright-core
// with a fresh profile. No browser is downloaded; no request may leave 127.0.0.1.
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { tmpdir } from "node:os";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const DIST = new URL("../../dist/", import.meta.url).pathname;
const TYPES = {
  ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css",
  ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml",
};

/**
 * Serves `dist` (the release build by default) on a free port; returns { url, close, serveFrom }.
 * `serveFrom(dir)` serves another build at the same address from then on, as a deployment would.
 */
export async function serve(dist = DIST) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
    let file = join(dist, path || "index.html");
    let body;
    try {
      body = await readFile(file);
    } catch {
      file = join(dist, "index.html");
      body = await readFile(file);
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    // Kept-alive connections too: a closed server must answer nothing more.
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
    serveFrom: (dir) => { dist = dir; },
  };
}

/**
 * The browser's clock in every test: the real date the simulated today starts from. Pinned, so that
 * what the demo (built relative to that date) holds, and what the 2027 exchange cut-off allows, is
 * the same whatever day the tests run on. Timers still run; only the date is fixed.
 */
export const BROWSER_TODAY = "2026-11-21";

const FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

/**
 * Opens the app in a fresh browser profile. Returns { page, context, errors, requests, close }:
 * `errors` collects console errors and page errors, `requests` every URL the page asked for.
 * The browser's date is BROWSER_TODAY unless `pinDate` is false; `locale` sets the browser's
 * preferred language (navigator.languages), as a person's browser settings would.
 */
export async function openApp(server, { path = "", profile, waitFor = "header.top", pinDate = true, locale } = {}) {
  const dir = profile ?? (await mkdtemp(join(tmpdir(), "reservoir-e2e-")));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1360, height: 900 },
    ...(locale ? { locale } : {}),
  });
  const errors = [];
  const requests = [];
  const watch = (page) => {
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => requests.push(r.url()));
  };
  // The benchmark leaves the clock alone: Playwright's fake clock wraps the page's timers.
  if (pinDate) await context.clock.setFixedTime(new Date(`${BROWSER_TODAY}T09:30:00Z`));
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  if (path === "about:blank") {
    await page.goto(path);
  } else {
    await page.goto(server.url + path);
  }
  if (waitFor) await page.waitForSelector(waitFor);
  return {
    page, context, errors, requests, dir,
    close: async () => { await context.close(); if (!profile) await rm(dir, { recursive: true, force: true }); },
  };
}

/** The exact amount (`1234.56`) a `data-testid` shows. */
export async function amountOf(page, testid) {
  return page.getByTestId(testid).first().getAttribute("data-amount");
}

/** Serves dist/ and opens the app in a fresh profile; both are closed after the test. */
export async function start(t, options = {}) {
  const server = await serve();
  let app;
  try {
    app = await openApp(server, options);
  } catch (error) {
    await server.close();
    throw error;
  }
  t.after(async () => {
    await app.close();
    await server.close();
  });
  return { server, app, page: app.page, context: app.context };
}

/** Retries a check until it passes (the page updates after the event), or rethrows its failure. */
export async function settle(check, timeout = 5000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** No console error, and no request went anywhere but the served origin. */
export function assertClean({ server, app }) {
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests.filter((url) => !url.startsWith(server.url)), [], "requests outside the served origin");
}

/** Builds the engine's command-line binary (a test file calls it once, in `before`). */
export function buildCli() {
  const root = new URL("../../", import.meta.url).pathname;
  execFileSync("cargo", ["build", "-q", "-p", "reservoir", "--bin", "reservoir"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` },
  });
  assert.ok(existsSync(join(root, "target/debug/reservoir")));
}

/**
 * Plants, in the open page, a fetch and an image to another origin and an inline script, and
 * checks that the page's policy refused each, as Chromium reports it (`securitypolicyviolation`).
 */
export async function plantRequests(page) {
  const outcome = await page.evaluate(async () => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const fetched = await fetch("http://example.com/planted").then(() => "answered", () => "refused");
    const image = document.createElement("img");
    const loaded = new Promise((resolve) => { image.onload = () => resolve("loaded"); image.onerror = () => resolve("refused"); });
    image.src = "http://example.com/planted.png";
    document.body.append(image);
    const script = document.createElement("script");
    script.textContent = "window.plantedRan = true";
    document.body.append(script);
    return { fetched, image: await loaded, inlineRan: window.plantedRan === true };
  });
  assert.deepEqual(outcome, { fetched: "refused", image: "refused", inlineRan: false });
  await settle(async () => assert.deepEqual((await page.evaluate(() => window.violations)).sort(), [
    "connect-src http://example.com/planted",
    "img-src http://example.com/planted.png",
    "script-src-elem inline",
  ]));
}
