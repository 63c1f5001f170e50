// A distributor-sized book (issue 16): 20,000 reservations across 200 customers, imported as a
// partner would, is kept by the browser (stored packed), comes back whole after a reload, survives
// a full storage without losing anything, and stays in step between two tabs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean } from "./harness.mjs";
import { bigBook } from "./books.mjs";

const KEY = "reservoir.session";
const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
// Chromium keeps 5,242,880 characters per site in localStorage (measured).
const QUOTA = 5_242_880;
const BOOK = bigBook({ reservations: 20_000, customers: 200 });

/** Every customer row's text, in order: what a reload must bring back exactly. */
const rowsShown = (page) => page.locator("[data-testid=customers-table] tbody tr").allTextContents();

/** Imports the book through the Import page, as a partner would, and waits until it is stored. */
async function importBook(page, server) {
  await page.goto(server.url + "#/data");
  await page.getByTestId("import-file").setInputFiles({ name: "distributor.json", mimeType: "application/json", buffer: Buffer.from(BOOK) });
  await page.getByTestId("import-add").click({ timeout: 60_000 });
  await page.getByTestId("notice-ok").waitFor({ timeout: 60_000 });
  await page.goto(server.url + "#/");
  await page.getByTestId("customer-row-cust-199").waitFor();
  return settle(async () => {
    const text = await stored(page);
    assert.match(text ?? "", /^\{"format":"reservoir\.session\/5"/);
    assert.ok(text.includes('"packed":"'), "a big book is stored packed");
    return text;
  }, 30_000);
}

test("20,000 reservations imported from a file are kept: a reload shows every customer as it was", { timeout: 180_000 }, async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  const text = await importBook(page, server);
  // Kept with room to spare: under half of what the browser holds, beside anything else there.
  assert.ok(text.length < QUOTA / 2, `${text.length} characters stored`);
  const before = await rowsShown(page);
  assert.equal(before.length, 200);
  await page.reload();
  await page.getByTestId("customer-row-cust-199").waitFor({ timeout: 30_000 });
  assert.deepEqual(await rowsShown(page), before, "every customer's figures are back");
  assert.equal(await page.getByTestId("recovery").count(), 0);
  assert.equal(await page.getByTestId("storage-warning").count(), 0);
  // One customer's reservations, all of them, with their figures.
  await page.goto(server.url + "#/customer/cust-007");
  await page.getByTestId("reservations-table").waitFor();
  const count = BOOK.split('"customer":"cust-007"').length - 2; // its add_customer, then its buys
  assert.match(await page.getByTestId("reservations").textContent(), new RegExp(`${count}`));
  assertClean(ctx);
});

/** In the page: fills what storage has left with junk under `junk-N` keys. */
function fillStorage() {
  let n = 0;
  for (let size = 1 << 20; size >= 1; ) {
    try { localStorage.setItem(`junk-${n}`, "j".repeat(size)); n++; } catch { size >>= 1; }
  }
  return n;
}

test("storage filled while a big book is open: the change stays in the page, and nothing stored is lost", { timeout: 180_000 }, async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  const earlier = await importBook(page, server);
  assert.ok(await page.evaluate(fillStorage) > 0);

  await page.getByTestId("new-customer-id").fill("late-arrival");
  await page.getByTestId("new-customer-name").fill("Late Arrival Ltd");
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId("customer-row-late-arrival").waitFor();
  const warning = page.getByTestId("storage-warning");
  await warning.waitFor({ timeout: 30_000 });
  assert.match(await warning.textContent(), /storage is full/);
  assert.equal(await stored(page), earlier, "the stored book is what it was");

  // Room made: the next change saves everything, the earlier one too.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("junk-")).forEach((k) => localStorage.removeItem(k)));
  await page.getByTestId("new-customer-id").fill("later-still");
  await page.getByTestId("new-customer-name").fill("Later Still Ltd");
  await page.getByTestId("add-customer-submit").click();
  await settle(async () => assert.notEqual(await stored(page), earlier), 30_000);
  await page.reload();
  await page.getByTestId("customer-row-later-still").waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId("customer-row-late-arrival").count(), 1);
  assert.equal((await rowsShown(page)).length, 202);
  assertClean(ctx);
});

test("two tabs with a big book stay in step", { timeout: 180_000 }, async (t) => {
  const ctx = await start(t);
  const { page: a, server } = ctx;
  await importBook(a, server);
  const b = await ctx.app.context.newPage();
  await b.goto(server.url);
  await b.getByTestId("customer-row-cust-199").waitFor({ timeout: 30_000 });

  await a.getByTestId("new-customer-id").fill("from-tab-a");
  await a.getByTestId("new-customer-name").fill("From Tab A");
  await a.getByTestId("add-customer-submit").click();
  await b.getByTestId("customer-row-from-tab-a").waitFor({ timeout: 30_000 });
  assert.equal(await b.getByTestId("notice-ok").textContent(), "Updated with changes made in another tab.");

  await b.getByTestId("new-customer-id").fill("from-tab-b");
  await b.getByTestId("new-customer-name").fill("From Tab B");
  await b.getByTestId("add-customer-submit").click();
  await a.getByTestId("customer-row-from-tab-b").waitFor({ timeout: 30_000 });
  assert.deepEqual(await rowsShown(a), await rowsShown(b));
  assert.equal((await rowsShown(a)).length, 202);
  assertClean(ctx);
});
