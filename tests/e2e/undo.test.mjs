// No work lost to a click: what replaces the whole workspace (Load demo data, Reset scenario, an
// import that replaces) asks first and names what would be lost; Undo says what it takes back,
// before and after, and is still there after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean } from "./harness.mjs";

const KEY = "reservoir.session";
const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const customerIds = (page) =>
  page.locator("[data-testid=customers-table] tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.testid.replace(/^customer-row-/, "")));
const DEMO = ["contoso", "fabrikam", "northwind", "tailspin", "woodgrove"];

async function loadDemoOnEmpty(page) {
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
}

async function addCustomer(page, id, name) {
  await page.getByTestId("new-customer-id").fill(id);
  await page.getByTestId("new-customer-name").fill(name);
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId(`customer-row-${id}`).waitFor();
}

/** The demo and one customer of the person's own: work a click must not wipe. */
async function someWork(page) {
  await loadDemoOnEmpty(page);
  await addCustomer(page, "acme", "Acme Corp");
  await settle(async () => assert.deepEqual((await customerIds(page)).sort(), [...DEMO, "acme"].sort()));
}

/** How many actions the stored session records (what the question should count). */
async function recordedActions(page) {
  return settle(async () => JSON.parse(await stored(page)).scenario.commands.length);
}

const dialog = (page) => page.getByTestId("confirm");

/** Cancels 1 unit of contoso-vm-d4 on its reservation page. */
async function cancelOneUnit({ page, server }) {
  await page.goto(server.url + "#/customer/contoso/reservation/contoso-vm-d4");
  await page.getByTestId("refund-panel").waitFor();
  await page.getByTestId("refund-quantity").fill("1");
  await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), /"quantity": 1\b/));
  await page.getByTestId("refund-submit").click();
  await settle(async () => assert.match(await page.getByTestId("notice-ok").textContent(), /^Returned 1 unit of contoso-vm-d4: /));
}

test("loading the demo over work asks first and names what will be lost", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  // On an empty workspace there is nothing to lose: no question.
  await loadDemoOnEmpty(page);
  assert.equal(await dialog(page).isVisible(), false);
  await addCustomer(page, "acme", "Acme Corp");
  const actions = await recordedActions(page);

  // A second click used to wipe the demo and the customer at once.
  await page.getByTestId("load-demo").click();
  await dialog(page).waitFor();
  assert.equal(await page.locator("dialog[data-testid=confirm]:modal").count(), 1, "a modal dialog");
  assert.equal(await page.getByRole("dialog").getAttribute("aria-labelledby"), "confirm-title");
  assert.equal(await page.locator("#confirm-title").textContent(), "Load demo data");
  assert.equal(
    await page.getByTestId("confirm-question").textContent(),
    `Replace 6 customers, 11 reservations and ${actions} recorded actions with the demo?`,
  );
  assert.match(await page.getByTestId("confirm-undo-note").textContent(), /^Undo can bring it back/);
  assert.equal(await page.getByTestId("confirm-replace").textContent(), "Replace with the demo");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "confirm-cancel", "the safe answer has the focus");
  assert.ok(await page.getByTestId("customer-row-acme").isVisible(), "nothing replaced yet");

  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.deepEqual((await customerIds(page)).sort(), DEMO));
  assert.equal(await dialog(page).isVisible(), false);
  assert.match(await page.getByTestId("notice-ok").textContent(), /^Demo data loaded/);
  assertClean(ctx);
});

test("cancelling the confirmation keeps everything", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await someWork(page);
  await settle(async () => assert.equal(JSON.parse(await stored(page)).scenario.commands.at(-1).customer, "acme"));
  const before = await stored(page);

  // Escape.
  await page.getByTestId("reset").click();
  await dialog(page).waitFor();
  assert.match(await page.getByTestId("confirm-question").textContent(), /^Remove 6 customers, 11 reservations and \d+ recorded actions and start again with an empty workspace\?$/);
  assert.equal(await page.getByTestId("confirm-replace").textContent(), "Reset scenario");
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "hidden" });
  // Cancel.
  await page.getByTestId("load-demo").click();
  await dialog(page).waitFor();
  await page.getByTestId("confirm-cancel").click();
  await dialog(page).waitFor({ state: "hidden" });

  assert.deepEqual((await customerIds(page)).sort(), [...DEMO, "acme"].sort());
  assert.equal(await stored(page), before, "nothing was saved: nothing changed");
  assert.equal(await page.getByTestId("undo").textContent(), "Undo: Add customer · acme", "Undo still takes back the last action");
  // And the question comes again, fresh, the next time.
  await page.getByTestId("reset").click();
  await dialog(page).waitFor();
  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.deepEqual(await customerIds(page), []));
  assertClean(ctx);
});

test("replacing the workspace with a file asks first and names what will be lost", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await someWork(page);
  const actions = await recordedActions(page);
  await page.goto(server.url + "#/data");
  const file = JSON.stringify({ format: "reservoir.scenario/1", commands: [{ date: "2024-01-05", command: "add_customer", customer: "goodco", name: "Good Co", currency: "USD" }] });
  await page.getByTestId("import-file").setInputFiles({ name: "goodco.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await page.getByTestId("import-replace").click();
  await dialog(page).waitFor();
  assert.equal(
    await page.getByTestId("confirm-question").textContent(),
    `Replace 6 customers, 11 reservations and ${actions} recorded actions with the file's workspace?`,
  );
  assert.equal(await page.getByTestId("confirm-replace").textContent(), "Replace everything here");
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "hidden" });
  assert.equal(JSON.parse(await stored(page)).scenario.commands.length, actions, "Escape replaced nothing");

  await page.getByTestId("import-replace").click();
  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.match(await page.getByTestId("notice-ok").textContent(), /^Replaced with the file's workspace/));
  assert.equal(await page.getByTestId("undo").textContent(), "Undo: Import in place of what was here");
  assertClean(ctx);
});

test("Undo names what it will undo", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  const undo = page.getByTestId("undo");
  assert.equal(await undo.textContent(), "Undo");
  assert.equal(await undo.isDisabled(), true);
  await loadDemoOnEmpty(page);
  assert.equal(await undo.textContent(), "Undo: Load demo data");

  await cancelOneUnit(ctx);
  // The activity log's name of the operation, and its whole sentence as the description.
  await settle(async () => assert.equal(await undo.textContent(), "Undo: Cancel reservation · 1 unit of contoso-vm-d4"));
  const detail = await undo.getAttribute("title");
  assert.match(detail, /^Returned 1 unit of contoso-vm-d4: refund [A-Z]{3} [\d,]+\.\d\d; /);
  assert.equal(detail, await page.getByTestId("notice-ok").textContent(), "the same sentence the action's message gave");
  assertClean(ctx);
});

test("after Undo the notice says what was undone", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await loadDemoOnEmpty(page);
  await cancelOneUnit(ctx);
  const sentence = await page.getByTestId("notice-ok").textContent();

  await page.getByTestId("undo").click();
  await settle(async () => assert.equal(await page.getByTestId("notice-ok").textContent(), `Undone: Cancel reservation — ${sentence}`));
  await settle(async () => assert.equal(await page.getByTestId("undo").textContent(), "Undo: Load demo data"));

  // A whole scenario: what is back, in the engine's counts.
  const actions = await recordedActions(page);
  await page.getByTestId("reset").click();
  await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.deepEqual(await customerIds(page), []));
  assert.equal(await page.getByTestId("undo").textContent(), "Undo: Reset scenario");
  await page.getByTestId("notice-undo").click();
  await settle(async () =>
    assert.equal(await page.getByTestId("notice-ok").textContent(), `Undone: Reset scenario. Back: 5 customers, 11 reservations and ${actions} recorded actions.`),
  );
  assert.deepEqual((await customerIds(page)).sort(), DEMO);
  assertClean(ctx);
});

test("Undo is still there after a reload and undoes the same thing", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await addCustomer(page, "acme", "Acme Corp");
  await page.getByTestId("load-demo").click();
  await page.getByTestId("confirm-replace").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await cancelOneUnit(ctx);
  const sentence = await page.getByTestId("notice-ok").textContent();
  const undo = page.getByTestId("undo");
  await settle(async () => assert.equal(await undo.textContent(), "Undo: Cancel reservation · 1 unit of contoso-vm-d4"));

  await page.reload();
  await page.waitForSelector("header.top");
  assert.equal(await undo.textContent(), "Undo: Cancel reservation · 1 unit of contoso-vm-d4");
  assert.equal(await undo.getAttribute("title"), sentence);
  await undo.click();
  await settle(async () => assert.equal(await page.getByTestId("notice-ok").textContent(), `Undone: Cancel reservation — ${sentence}`));
  await page.goto(server.url + "#/customer/contoso/reservation/contoso-vm-d4");
  await page.getByTestId("refund-panel").waitFor();
  assert.match(await page.getByTestId("refund-quantity").locator("xpath=..").textContent(), /\(of 10\)/, "all ten units back");

  // Each step in turn, across reloads, and no more than there was.
  await page.reload();
  await page.waitForSelector("header.top");
  await settle(async () => assert.equal(await undo.textContent(), "Undo: Load demo data"));
  await undo.click();
  await page.goto(server.url + "#/");
  await settle(async () => assert.deepEqual(await customerIds(page), ["acme"]));
  await page.reload();
  await page.waitForSelector("header.top");
  await settle(async () => assert.equal(await undo.textContent(), "Undo: Add customer · acme"));
  await undo.click();
  await settle(async () => assert.deepEqual(await customerIds(page), []));
  await page.reload();
  await page.waitForSelector("header.top");
  assert.equal(await undo.textContent(), "Undo");
  assert.equal(await undo.isDisabled(), true);
  assertClean(ctx);
});
