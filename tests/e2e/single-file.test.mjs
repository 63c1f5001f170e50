// The one file for a USB stick (tools/single-file.mjs): opened from disk, with no network.
// Each run builds it afresh from dist/ (about a second), so it is always the build under test.
import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { openApp, plantRequests } from "./harness.mjs";
import { build } from "../../tools/single-file.mjs";

let folder;
let file;
before(() => {
  folder = mkdtempSync(join(tmpdir(), "reservoir-single-"));
  file = pathToFileURL(build(undefined, join(folder, "reservoir.html")).out).href;
});
after(() => rmSync(folder, { recursive: true, force: true }));

/** Opens the file from disk in a fresh profile with the network off from the start. */
async function openFile(t) {
  const app = await openApp({ url: "" }, { path: "about:blank", waitFor: null });
  t.after(() => app.close());
  await app.context.setOffline(true);
  await app.page.goto(file);
  await app.page.waitForSelector("header.top");
  return app;
}

test("the one file opens from disk with the network off, loads the demo and keeps it across a reload", async (t) => {
  const app = await openFile(t);
  const { page } = app;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.reload();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.goto(file + "#/customer/contoso");
  await page.getByTestId("reservations-table").waitFor();
  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null, "no service worker");
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests.filter((url) => url !== file && !url.startsWith(file + "#")), [], "requests besides the file itself");
});

test("the workspace downloads from the one file as a scenario file", async (t) => {
  const app = await openFile(t);
  const { page } = app;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.goto(file + "#/data");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-workspace").click()]);
  assert.equal(await download.failure(), null);
  const scenario = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.ok(scenario.commands.some((c) => c.command === "add_customer" && c.customer === "woodgrove"), "the demo's customers are in it");
  assert.deepEqual(app.errors, [], "console errors");
});

test("a request planted to another origin is blocked by the one file's policy", async (t) => {
  const app = await openFile(t);
  await plantRequests(app.page);
  assert.ok(app.errors.every((e) => /Content Security Policy/.test(e)), app.errors.join("\n"));
});
