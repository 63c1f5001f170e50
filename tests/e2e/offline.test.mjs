// Offline after one visit (web/sw.js, src/update.rs), an installable app, and a policy that lets
// no request leave the machine (index.html's Content-Security-Policy, tools/post-build.mjs).
import test from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { start, assertClean, plantRequests } from "./harness.mjs";
import { finish } from "../../tools/post-build.mjs";

const DIST = new URL("../../dist/", import.meta.url).pathname;

/** A copy of dist/ in a temporary folder, removed after the test. */
function copyOfDist(t) {
  const dir = mkdtempSync(join(tmpdir(), "reservoir-build-"));
  cpSync(DIST, dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * "A new build" without a second cargo build: the copy's index.html changes (it names itself
 * `second`), and the post-build hook runs again on it, as Trunk would after a rebuild: new CSP
 * hashes, new file list, a new build name and so a new sw.js.
 */
function rebuild(dir) {
  const index = join(dir, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace(/(<meta charset="?utf-8"?>)/i, '$1<meta name=reservoir-build content=second>'));
  return finish(dir).build;
}

async function loadDemo(page) {
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
}

/** Waits until the service worker controls the page: from then on its files come from the cache. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
}

const buildOf = (page) => page.evaluate(() => document.querySelector("meta[name=reservoir-build]")?.content ?? "first");
const caches = (page) => page.evaluate(async () => (await window.caches.keys()).filter((k) => k.startsWith("reservoir-")).sort());

test("after one visit, the app opens with its data with the network off", async (t) => {
  const ctx = await start(t);
  const { page, context, server } = ctx;
  await loadDemo(page);
  await controlled(page);
  assert.equal((await caches(page)).length, 1, "one cache, this build's");

  // Airplane mode: the browser has no network, and the server is gone too.
  await context.setOffline(true);
  await server.close();
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), "the page came from the service worker");
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.goto(server.url + "#/customer/contoso");
  await page.getByTestId("reservations-table").waitFor();
  assert.equal(await page.getByTestId("update-ready").count(), 0, "no new build was offered");
  assertClean(ctx);
});

test("a new build installs in the background, is offered, and opens only when accepted", async (t) => {
  const second = copyOfDist(t);
  const ctx = await start(t);
  const { page, server } = ctx;
  await loadDemo(page);
  await controlled(page);
  const [firstCache] = await caches(page);
  assert.equal(await page.getByTestId("update-ready").count(), 0, "the first visit offers nothing");

  const secondBuild = rebuild(second);
  server.serveFrom(second);
  await page.reload();
  await page.getByTestId("update-ready").waitFor({ timeout: 15000 });
  // Until the person accepts, the page is the build it was, whole: its HTML from the old cache.
  assert.equal(await buildOf(page), "first");
  assert.deepEqual(await caches(page), [firstCache, `reservoir-${secondBuild}`].sort(), "both builds kept, each in its own cache");
  await page.reload();
  await page.getByTestId("update-ready").waitFor();
  assert.equal(await buildOf(page), "first", "a reload alone does not switch builds");

  await Promise.all([page.waitForEvent("load"), page.getByTestId("update-reload").click()]);
  await page.getByTestId("customer-row-woodgrove").waitFor();
  assert.equal(await buildOf(page), "second", "accepting opens the new build");
  assert.deepEqual(await caches(page), [`reservoir-${secondBuild}`], "the old build's cache is gone");
  assert.equal(await page.getByTestId("update-ready").count(), 0);
  assertClean(ctx);
});

test("Chromium can install it as an app", async (t) => {
  const { page, context } = await start(t);
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send("Page.getAppManifest");
  assert.deepEqual(manifest.errors, [], "the manifest reads without errors");
  assert.equal(JSON.parse(manifest.data).name, "Reservoir");
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  assert.deepEqual(installabilityErrors, [], "nothing stops installing it");
});

test("a request planted to another origin is blocked by the page's policy", async (t) => {
  const ctx = await start(t);
  await plantRequests(ctx.page);
  // Chromium's word on the refusals is all there is in the console.
  assert.ok(ctx.app.errors.every((e) => /Content Security Policy/.test(e)), ctx.app.errors.join("\n"));
});
