// The customer list: add, a refused add with its error on the field, rename, delete and undo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountOf, start, settle, assertClean } from "./harness.mjs";

const rows = (page) => page.locator("[data-testid=customers-table] tbody tr");

async function addCustomer(page, id, name, currency) {
  await page.getByTestId("new-customer-id").fill(id);
  await page.getByTestId("new-customer-name").fill(name);
  if (currency) await page.getByTestId("new-customer-currency").selectOption(currency);
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId(`customer-row-${id}`).waitFor();
}

test("adding a customer shows its row with its currency and an untouched limit", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  assert.equal(await page.getByTestId("no-customers").count(), 1, "an empty profile starts with no customer");
  assert.equal(await rows(page).count(), 0);

  await addCustomer(page, "acme", "Acme Corp", "EUR");

  const row = page.getByTestId("customer-row-acme");
  await settle(async () => assert.equal(await rows(page).count(), 1));
  assert.equal(await row.getByTestId("customer-link").textContent(), "Acme Corp");
  assert.equal((await row.locator("td").nth(0).textContent()).trim(), "acme");
  assert.equal((await row.locator("td").nth(1).textContent()).trim(), "EUR");
  assert.equal(await row.getByTestId("limit-left").getAttribute("data-amount"), "50000.00");
  assert.equal(await row.getByTestId("limit-used").getAttribute("data-amount"), "0.00");
  assert.equal(await page.getByTestId("no-customers").count(), 0);
  // The form is ready for the next one, and the live region says what happened.
  assert.equal(await page.getByTestId("new-customer-id").inputValue(), "");
  assert.equal(await page.getByTestId("new-customer-name").inputValue(), "");
  assert.match(await page.getByTestId("notice-ok").textContent(), /Acme Corp \(acme\), billed in EUR/);
  assertClean(ctx);
});

test("an empty ID shows an error tied to the ID field and adds nothing", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  const idInput = page.getByTestId("new-customer-id");
  await page.getByTestId("new-customer-name").fill("Nameless Ltd");
  await idInput.fill("   ");
  await page.getByTestId("add-customer-submit").click();

  await settle(async () => assert.equal(await idInput.getAttribute("aria-invalid"), "true"));
  const describedBy = await idInput.getAttribute("aria-describedby");
  assert.ok(describedBy, "the ID input names its error element");
  const message = await page.locator(`[id="${describedBy}"]`).textContent();
  assert.match(message, /^ID: expected a name, found an empty one$/);
  // Only the bad field is marked.
  assert.equal(await page.getByTestId("new-customer-name").getAttribute("aria-invalid"), null);
  const nameError = await page.getByTestId("new-customer-name").getAttribute("aria-describedby");
  assert.equal((await page.locator(`[id="${nameError}"]`).textContent()).trim(), "");
  // Nothing was added, and the name typed is kept for the correction.
  assert.equal(await rows(page).count(), 0);
  assert.equal(await page.getByTestId("no-customers").count(), 1);
  assert.equal(await page.getByTestId("new-customer-name").inputValue(), "Nameless Ltd");

  // Correcting the field clears the error and adds the customer.
  await idInput.fill("nameless");
  await page.getByTestId("add-customer-submit").click();
  await page.getByTestId("customer-row-nameless").waitFor();
  assert.equal(await idInput.getAttribute("aria-invalid"), null);
  assert.equal((await page.locator(`[id="${describedBy}"]`).textContent()).trim(), "");
  assertClean(ctx);
});

test("renaming a customer changes its row and keeps its ID", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await addCustomer(page, "acme", "Acme Corp");
  const row = page.getByTestId("customer-row-acme");
  await row.getByTestId("rename").click();
  const input = page.getByTestId("rename-input");
  assert.equal(await input.inputValue(), "Acme Corp", "the rename field starts from the current name");
  await input.fill("Acme Holdings");
  await page.getByTestId("rename-save").click();

  await settle(async () => assert.equal(await page.getByTestId("customer-row-acme").getByTestId("customer-link").textContent(), "Acme Holdings"));
  assert.equal(await page.getByTestId("rename-input").count(), 0, "the editor closes");
  assert.equal(await rows(page).count(), 1);
  assert.match(await page.getByTestId("notice-ok").textContent(), /Renamed customer acme from Acme Corp to Acme Holdings/);
  assertClean(ctx);
});

test("Rename puts the cursor in the name field, and Cancel and Save give it back to the row's Rename", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await addCustomer(page, "acme", "Acme Corp");
  await addCustomer(page, "beta", "Beta Ltd");
  await addCustomer(page, "gamma", "Gamma AB");
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.closest("tr")?.dataset.testid ?? ""} ${el?.dataset.testid ?? el?.tagName}`;
  });
  // The rows are in one body; the row being renamed stays in its place between the others (it is
  // drawn in a body of its own), and no body of the table is ever left empty.
  const bodies = () => page.locator("[data-testid=customers-table] tbody").evaluateAll(
    (bodies) => bodies.map((body) => [...body.rows].map((tr) => tr.dataset.testid).join(" ")),
  );
  assert.deepEqual(await bodies(), ["customer-row-acme customer-row-beta customer-row-gamma"]);
  await page.getByTestId("customer-row-beta").getByTestId("rename").click();
  await settle(async () => assert.equal(await focused(), "customer-row-beta rename-input"));
  assert.deepEqual(await bodies(), ["customer-row-acme", "customer-row-beta", "customer-row-gamma"]);
  await page.keyboard.press("End");
  await page.keyboard.type(" Group");
  await page.getByTestId("customer-row-beta").getByRole("button", { name: "Cancel" }).click();
  await settle(async () => assert.equal(await focused(), "customer-row-beta rename"));
  assert.equal(await page.getByTestId("customer-row-beta").getByTestId("customer-link").textContent(), "Beta Ltd", "Cancel changes nothing");
  await page.keyboard.press("Enter");
  await settle(async () => assert.equal(await focused(), "customer-row-beta rename-input"));
  await page.keyboard.press("End");
  await page.keyboard.type(" Group");
  await page.keyboard.press("Enter");
  await settle(async () => assert.equal(await page.getByTestId("customer-row-beta").getByTestId("customer-link").textContent(), "Beta Ltd Group"));
  await settle(async () => assert.equal(await focused(), "customer-row-beta rename"));
  assert.equal(await page.getByTestId("customer-row-acme").getByTestId("customer-link").textContent(), "Acme Corp", "the other row is untouched");
  assertClean(ctx);
});

test("an ID and a name holding HTML's own characters show as typed, and their row's buttons work", async (t) => {
  // The rows are written as one piece of HTML (src/pages/customers.rs): what a person typed is
  // text there, never markup, and the row's buttons still find their customer.
  const ctx = await start(t);
  const { page } = ctx;
  const id = `a&b"<c>'d`;
  const name = `<b>Bold</b> & "Co" <img src=x onerror=alert(1)>`;
  await addCustomer(page, id, name);
  const row = page.getByTestId(`customer-row-${id}`);
  assert.equal(await row.getByTestId("customer-link").textContent(), name);
  assert.equal((await row.locator("td").nth(0).textContent()).trim(), id);
  assert.equal(await row.locator("b, img").count(), 0, "no element was made of what was typed");
  assert.equal(await row.getByTestId("customer-link").getAttribute("href"), "#/customer/a%26b%22%3Cc%3E%27d");
  // The activity log's rows are written as HTML too (src/pages/activity.rs): the same text there.
  await page.goto(ctx.server.url + "#/activity");
  const cell = page.getByTestId("activity-customer-cell").first();
  assert.equal(await cell.textContent(), name);
  assert.equal(await cell.locator("a").getAttribute("href"), "#/customer/a%26b%22%3Cc%3E%27d");
  assert.equal(await page.getByTestId("activity-log").locator("b, img").count(), 0, "no element was made of what was typed");
  await page.goBack();
  await row.waitFor();
  // Rename: the cursor in the field, the new name shown as typed, the focus back on this row's Rename.
  await row.getByTestId("rename").click();
  await settle(async () => assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "rename-input"));
  await page.getByTestId("rename-input").fill(`<i>New</i> & "Co"`);
  await page.keyboard.press("Enter");
  await settle(async () => assert.equal(await row.getByTestId("customer-link").textContent(), `<i>New</i> & "Co"`));
  await settle(async () => assert.equal(
    await page.evaluate(() => `${document.activeElement?.closest("tr")?.dataset.customer} ${document.activeElement?.dataset.testid}`),
    `${id} rename`,
  ));
  // The link opens this customer's page.
  await row.getByTestId("customer-link").click();
  await settle(async () => assert.equal(await page.locator("h1").textContent(), `<i>New</i> & "Co"`));
  await page.goBack();
  // Delete removes this customer.
  await page.getByTestId(`customer-row-${id}`).getByTestId("delete-customer").click();
  await settle(async () => assert.equal(await rows(page).count(), 0));
  assertClean(ctx);
});

test("deleting a customer removes it, and Undo brings it back", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await addCustomer(page, "acme", "Acme Corp", "GBP");
  await addCustomer(page, "globex", "Globex");
  await page.getByTestId("customer-row-acme").getByTestId("delete-customer").click();

  await settle(async () => assert.equal(await page.getByTestId("customer-row-acme").count(), 0));
  assert.equal(await rows(page).count(), 1);
  assert.match(await page.getByTestId("notice-ok").textContent(), /Removed customer Acme Corp \(acme\)/);

  await page.getByTestId("notice-undo").click();
  await page.getByTestId("customer-row-acme").waitFor();
  assert.equal(await rows(page).count(), 2);
  const row = page.getByTestId("customer-row-acme");
  assert.equal(await row.getByTestId("customer-link").textContent(), "Acme Corp");
  assert.equal((await row.locator("td").nth(1).textContent()).trim(), "GBP");
  // It says what it took back (it used to say only "Undone.").
  assert.equal(await page.getByTestId("notice-ok").textContent(), "Undone: Remove customer — Removed customer Acme Corp (acme) with 0 reservations.");
  assertClean(ctx);
});

test("the demo loads five customers in four currencies, Woodgrove near its limit", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await page.getByTestId("load-demo").click();
  await settle(async () => assert.equal(await rows(page).count(), 5));

  const ids = [];
  const currencies = new Set();
  for (const row of await rows(page).all()) {
    ids.push((await row.locator("td").nth(0).textContent()).trim());
    currencies.add((await row.locator("td").nth(1).textContent()).trim());
  }
  assert.deepEqual(ids.sort(), ["contoso", "fabrikam", "northwind", "tailspin", "woodgrove"]);
  assert.deepEqual([...currencies].sort(), ["EUR", "GBP", "SEK", "USD"]);

  // model/src/demo.rs: the USD 50,000 limit, and two earlier refunds recorded for Woodgrove,
  // 8 and 3 months ago (both inside the 365-day window): USD 31,800.00 and USD 14,650.00.
  const cents = (text) => BigInt(text.replace(".", ""));
  const used = cents("31800.00") + cents("14650.00");
  const left = cents("50000.00") - used;
  const format = (c) => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
  const woodgrove = page.getByTestId("customer-row-woodgrove");
  assert.equal(format(left), "3550.00");
  assert.equal(await woodgrove.getByTestId("limit-left").getAttribute("data-amount"), format(left));
  assert.equal(await woodgrove.getByTestId("limit-used").getAttribute("data-amount"), format(used));
  assert.equal(await woodgrove.getByTestId("limit-left").getAttribute("data-currency"), "USD");
  // Nobody else has refunded anything.
  for (const id of ["contoso", "fabrikam", "northwind", "tailspin"]) {
    assert.equal(await amountOf(page.getByTestId(`customer-row-${id}`), "limit-left"), "50000.00", id);
  }
  assertClean(ctx);
});
