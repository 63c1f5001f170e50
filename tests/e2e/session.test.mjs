// The simulation's controls (today, reset and undo), what is kept across reloads and browser
// restarts, what happens to stored data the app cannot read, and a tour of every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openApp, start, settle, assertClean, BROWSER_TODAY } from "./harness.mjs";

async function setDate(locator, iso) {
  await locator.fill(iso);
  await locator.dispatchEvent("change");
}

const customerRows = (page) => page.locator("[data-testid=customers-table] tbody tr");
const KEY = "reservoir.session";
const stored = (page, key = KEY) => page.evaluate((k) => localStorage.getItem(k), key);

test("changing the simulated today moves the header's date and dates the next action", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  const today = page.getByTestId("today");
  assert.equal(await today.inputValue(), BROWSER_TODAY, "the simulation starts on the browser's date");

  await setDate(today, "2027-03-15");
  await settle(async () => assert.equal(await page.getByTestId("today").inputValue(), "2027-03-15"));
  assert.equal(await page.getByTestId("notice-ok").textContent(), "Simulated today is now 15 Mar 2027");

  await page.getByTestId("new-customer-id").fill("acme");
  await page.getByTestId("new-customer-name").fill("Acme Corp");
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId("customer-row-acme").waitFor();
  await page.goto(server.url + "#/activity");
  const newest = page.getByTestId("activity-row").first();
  await newest.waitFor();
  assert.equal(await newest.getByTestId("activity-operation").textContent(), "Add customer");
  assert.equal(await newest.locator("td").first().textContent(), "15 Mar 2027");
  assertClean(ctx);
});

// Regression for the second half: Reset (and Load demo) go to the customer list, and that page
// change used to wipe the message that offers Undo as soon as it appeared.
test("Reset scenario empties the workspace, and Undo brings everything back", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await settle(async () => assert.equal(await customerRows(page).count(), 5));
  // From another page: Reset goes to the customer list.
  await page.goto(server.url + "#/policy");
  await page.getByTestId("policy-editor").waitFor();

  await page.getByTestId("reset").click();
  // It asks first (tests/e2e/undo.test.mjs has the question).
  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.equal(await customerRows(page).count(), 0));
  assert.equal(await page.evaluate(() => location.hash), "#/");
  assert.equal(await page.getByTestId("no-customers").count(), 1);
  await page.waitForTimeout(150); // the hashchange event comes after the click's own updates
  assert.match(await page.getByTestId("notice-ok").textContent(), /^Scenario reset/);

  await page.getByTestId("notice-undo").click();
  await settle(async () => assert.equal(await customerRows(page).count(), 5));
  assert.equal(await page.getByTestId("customer-row-woodgrove").getByTestId("limit-left").getAttribute("data-amount"), "3550.00");
  assertClean(ctx);
});

test("Load demo says what it did and offers Undo, which brings back what was there", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("new-customer-id").fill("acme");
  await page.getByTestId("new-customer-name").fill("Acme Corp");
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId("customer-row-acme").waitFor();
  await page.goto(server.url + "#/activity");
  await page.getByTestId("activity-log").waitFor();

  await page.getByTestId("load-demo").click();
  // Acme would be lost: it asks first (tests/e2e/undo.test.mjs has the question).
  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.equal(await customerRows(page).count(), 5));
  await page.waitForTimeout(150); // past the hashchange of the move to the customer list
  assert.match(await page.getByTestId("notice-ok").textContent(), /^Demo data loaded: five customers/);
  assert.equal(await page.getByTestId("customer-row-acme").count(), 0);

  await page.getByTestId("notice-undo").click();
  await page.getByTestId("customer-row-acme").waitFor();
  assert.equal(await customerRows(page).count(), 1);
  // A link the person follows still takes the message away: it belongs to the page it was said on.
  await page.getByTestId("nav-policy").click();
  await page.getByTestId("policy-editor").waitFor();
  await settle(async () => assert.equal((await page.getByTestId("notice").textContent()).trim(), ""));
  assertClean(ctx);
});

/** Loads the demo and changes three things: a name, a permission, and the simulated today. */
async function makeChanges(page, server) {
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-contoso").waitFor();
  await page.getByTestId("customer-row-contoso").getByTestId("rename").click();
  await page.getByTestId("rename-input").fill("Contoso Renamed");
  await page.getByTestId("rename-save").click();
  await settle(async () => assert.equal(await page.getByTestId("customer-row-contoso").getByTestId("customer-link").textContent(), "Contoso Renamed"));
  await setDate(page.getByTestId("today"), "2027-02-01");
  await settle(async () => assert.equal(await page.getByTestId("today").inputValue(), "2027-02-01"));
  await page.goto(server.url + "#/customer/northwind");
  await page.getByTestId("permission-switch").check();
  await settle(async () => assert.equal(await page.getByTestId("permission-switch").isChecked(), true));
}

async function assertChangesKept(page, server) {
  await page.goto(server.url + "#/");
  await settle(async () => assert.equal(await customerRows(page).count(), 5));
  const names = await page.getByTestId("customer-link").allTextContents();
  assert.deepEqual(names.sort(), ["Contoso Renamed", "Fabrikam GmbH", "Northwind Traders", "Tailspin Toys AB", "Woodgrove Bank"]);
  assert.equal(await page.getByTestId("today").inputValue(), "2027-02-01");
  await page.goto(server.url + "#/customer/northwind");
  await page.getByTestId("permission-switch").waitFor();
  assert.equal(await page.getByTestId("permission-switch").isChecked(), true);
  const log = await page.getByTestId("activity-row").first().textContent();
  assert.match(log, /^1 Feb 2027Create Customer Purchase Permissions/);
}

test("a reload keeps the customers, the changes and the simulated today", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await makeChanges(page, server);
  await page.reload();
  await page.waitForSelector("header.top");
  await assertChangesKept(page, server);
  assertClean(ctx);
});

test("closing the browser and opening it again on the same profile keeps everything", async (t) => {
  const profile = await mkdtemp(join(tmpdir(), "reservoir-e2e-kept-"));
  t.after(() => rm(profile, { recursive: true, force: true }));
  const server = await serve();
  t.after(() => server.close());

  const first = await openApp(server, { profile });
  try {
    await makeChanges(first.page, server);
    assertClean({ server, app: first });
  } finally {
    await first.close();
  }
  const second = await openApp(server, { profile });
  try {
    await assertChangesKept(second.page, server);
    assertClean({ server, app: second });
  } finally {
    await second.close();
  }
});

for (const [what, text, problem] of [
  ["a newer version's data", '{"format": "reservoir.session/9"}', /^format: written by a newer version of Reservoir \(session format 9; this one reads up to \d+\)/],
  ["text that is not JSON", "{not json", /^stored session: expected JSON, found malformed text \(.+\)$/],
  // A big session's packed body cut short (the first 4,000 characters of a real one).
  ["a packed session cut short", (() => {
    const whole = JSON.parse(readFileSync(new URL("../../model/tests/fixtures/session-v4.json", import.meta.url), "utf8"));
    return JSON.stringify({ ...whole, packed: whole.packed.slice(0, 4000) });
  })(), /^packed: the packed session cannot be unpacked: it is damaged or cut short$/],
  // The same in version 5, whose packed body is binary (model/src/formats/compact.rs).
  ["a compact packed session cut short", (() => {
    const whole = JSON.parse(readFileSync(new URL("../../model/tests/fixtures/session-v5.json", import.meta.url), "utf8"));
    return JSON.stringify({ ...whole, packed: whole.packed.slice(0, 4000) });
  })(), /^packed: the packed session cannot be unpacked: it is damaged or cut short$/],
  // A value altered inside a compact body that still unpacks: refused at its own place, as in JSON.
  ["a compact packed session with a SKU altered inside", (() => {
    const whole = JSON.parse(readFileSync(new URL("../../model/tests/fixtures/session-v5.json", import.meta.url), "utf8"));
    const body = inflateRawSync(Buffer.from(whole.packed, "base64"));
    const at = body.indexOf("SQLDB_GP_Compute_Gen5");
    assert.ok(at > 0, "the fixture's purchase of every field is in its body");
    body[at + 5] = 0x07;
    return JSON.stringify({ ...whole, packed: deflateRawSync(body).toString("base64") });
  })(), /^scenario\.commands\[\d+\]\.reservation\.sku: expected no control characters, found /],
]) {
  test(`stored ${what} opens the recovery view, is never overwritten, and Start fresh moves it aside`, async (t) => {
    const ctx = await start(t);
    const { page } = ctx;
    // Written by another version (or damaged), before the app starts.
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, text]);
    await page.reload();
    await page.waitForSelector("header.top");

    const recovery = page.getByTestId("recovery");
    await recovery.waitFor();
    assert.match(await page.getByTestId("recovery-problem").textContent(), problem);
    assert.equal(await stored(page), text, "the app ran and left the stored text as it was");
    // Working meanwhile writes nothing over it.
    await page.getByTestId("load-demo").click();
    await settle(async () => assert.equal(await customerRows(page).count(), 5));
    await page.waitForTimeout(200);
    assert.equal(await stored(page), text, "still untouched after a change");
    assert.equal(await stored(page, `${KEY}.unreadable`), null);

    await page.getByTestId("recovery-start-fresh").click();
    await settle(async () => assert.equal(await recovery.count(), 0));
    assert.equal(await stored(page, `${KEY}.unreadable`), text, "the old text is kept aside");
    const fresh = JSON.parse(await stored(page));
    assert.match(fresh.format, /^reservoir\.session\/\d+$/, "a session this version writes (read back by the reload below)");
    assert.notEqual(fresh.format, "reservoir.session/9");
    assert.equal(await customerRows(page).count(), 0, "a fresh start is empty");

    // And it works: a change is saved and survives a reload.
    await page.getByTestId("new-customer-id").fill("acme");
    await page.getByTestId("new-customer-name").fill("Acme Corp");
    await page.getByTestId("add-customer-submit").click();
    await page.getByTestId("customer-row-acme").waitFor();
    await page.reload();
    await page.getByTestId("customer-row-acme").waitFor();
    assert.equal(await page.getByTestId("recovery").count(), 0);
    assert.equal(await stored(page, `${KEY}.unreadable`), text);
    assertClean(ctx);
  });
}

test("every page, with the demo loaded, renders without a console error or a request elsewhere", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  const customers = ["contoso", "fabrikam", "northwind", "tailspin", "woodgrove"];
  const visits = [["#/", "customers-table"], ["#/policy", "policy-editor"], ["#/activity", "activity-log"]];
  for (const customer of customers) {
    visits.push([`#/customer/${customer}`, "reservations-table"], [`#/customer/${customer}/limit`, "limit-chart"]);
  }
  let reservations = 0;
  for (const customer of customers) {
    await page.goto(server.url + `#/customer/${customer}`);
    await page.getByTestId("reservations-table").waitFor();
    await page.getByTestId("show-closed").check();
    for (const id of await page.getByTestId("reservation-link").allTextContents()) {
      visits.push([`#/customer/${customer}/reservation/${id}`, "properties"]);
      reservations++;
    }
  }
  assert.equal(reservations, 11, "the demo's eleven reservations");
  for (const [hash, testid] of visits) {
    await page.goto(server.url + hash);
    await page.getByTestId(testid).waitFor({ timeout: 5000 });
    assert.doesNotMatch(await page.locator("h1").first().textContent(), /not found/i, hash);
    assert.equal(await page.getByTestId("panic-message").count(), 0, hash);
    assert.deepEqual(ctx.app.errors, [], `console errors on ${hash}`);
  }
  // A full load of each page too, not only hash changes.
  for (const hash of ["#/customer/tailspin/reservation/tailspin-storage", "#/customer/fabrikam/limit", "#/policy"]) {
    await page.goto(server.url + hash);
    await page.reload();
    await page.waitForSelector("header.top");
    assert.equal(await page.getByTestId("recovery").count(), 0);
  }
  assert.ok(ctx.app.requests.length >= 4, "the bundle was requested");
  assertClean(ctx);
});
