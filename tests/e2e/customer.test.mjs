// One customer's page, with the demo loaded: subscriptions, the purchase permission and who may
// switch it, the reservations table (sort, filter), and buying through the form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean } from "./harness.mjs";
import { bigBook } from "./books.mjs";

/** Opens a fresh profile, loads the demo, and goes to one customer's page. */
async function demoCustomer(t, customer) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  await ctx.page.goto(ctx.server.url + `#/customer/${customer}`);
  await ctx.page.getByTestId("reservations-table").waitFor();
  return ctx;
}

const reservationIds = (page) => page.getByTestId("reservation-link").allTextContents();

test("a customer's page lists its subscriptions, and adding one shows it", async (t) => {
  const ctx = await demoCustomer(t, "woodgrove");
  const { page } = ctx;
  assert.equal(await page.getByTestId("customer-name").textContent(), "Woodgrove Bank");
  const table = page.getByTestId("subscriptions").locator("tbody tr");
  const read = async () =>
    Promise.all((await table.all()).map(async (row) => [
      (await row.locator("th").textContent()).trim(),
      (await row.locator("td").nth(0).textContent()).trim(),
      (await row.locator("td").nth(1).textContent()).trim(),
    ]));
  assert.deepEqual(await read(), [
    ["woodgrove-plan", "Azure plan", "Yes"],
    ["woodgrove-global", "Azure Global", "Yes"],
  ]);

  await page.getByTestId("new-subscription").fill("woodgrove-dev");
  await page.getByTestId("new-subscription-kind").selectOption("Other");
  await page.getByTestId("add-subscription").click();
  await settle(async () => assert.equal(await table.count(), 3));
  assert.deepEqual((await read())[2], ["woodgrove-dev", "Other", "Yes"]);
  assertClean(ctx);
});

test("acting as a Sales agent, the purchase permission is read-only and says who may switch it", async (t) => {
  const ctx = await demoCustomer(t, "woodgrove");
  const { page } = ctx;
  const toggle = page.getByTestId("permission-switch");
  assert.equal(await toggle.isDisabled(), false, "an Admin agent (the default) may switch it");

  await page.getByTestId("acting-as").selectOption("partner:sales_agent");
  await settle(async () => assert.equal(await page.getByTestId("permission-switch").isDisabled(), true));
  const why = await page.getByTestId("permission-why").textContent();
  assert.match(why, /Sales agent/);
  assert.match(why, /only an Admin agent may/);
  // The switch points at its explanation.
  assert.equal(await page.getByTestId("permission-switch").getAttribute("aria-describedby"), "permission-why");
  assert.match(await page.getByTestId("policy-in-force").textContent(), /Partner · Sales agent/);
  assertClean(ctx);
});

test("an Admin agent turning the purchase permission on logs Create Customer Purchase Permissions", async (t) => {
  const ctx = await demoCustomer(t, "northwind");
  const { page } = ctx;
  const toggle = page.getByTestId("permission-switch");
  assert.equal(await toggle.isChecked(), false, "Northwind starts without the permission");
  assert.equal(await toggle.isDisabled(), false);
  const operations = page.getByTestId("activity-log").getByTestId("activity-operation");
  assert.ok(!(await operations.allTextContents()).includes("Create Customer Purchase Permissions"));

  await toggle.check();
  await settle(async () => assert.equal((await operations.allTextContents())[0], "Create Customer Purchase Permissions"));
  assert.equal(await page.getByTestId("permission-switch").isChecked(), true);
  const newest = page.getByTestId("activity-log").getByTestId("activity-row").first();
  assert.match(await newest.textContent(), /Partner · Admin agent/);
  assert.match(await newest.textContent(), /Allowed customer northwind to purchase Azure reservations/);
  assertClean(ctx);
});

test("the reservations table sorts by the column clicked, both ways", async (t) => {
  const ctx = await demoCustomer(t, "contoso");
  const { page } = ctx;
  // By purchase date first: bought 14, 7 and 3 months ago.
  assert.deepEqual(await reservationIds(page), ["contoso-vm-d4", "contoso-sql", "contoso-vm-b2"]);

  await page.getByTestId("sort-id").click();
  await settle(async () => assert.deepEqual(await reservationIds(page), ["contoso-sql", "contoso-vm-b2", "contoso-vm-d4"]));
  assert.equal(await page.getByTestId("sort-id").locator("xpath=..").getAttribute("aria-sort"), "ascending");

  await page.getByTestId("sort-id").click();
  await settle(async () => assert.deepEqual(await reservationIds(page), ["contoso-vm-d4", "contoso-vm-b2", "contoso-sql"]));
  assert.equal(await page.getByTestId("sort-id").locator("xpath=..").getAttribute("aria-sort"), "descending");

  // Quantities 10, 4 and 1.
  await page.getByTestId("sort-quantity").click();
  await settle(async () => assert.deepEqual(await reservationIds(page), ["contoso-sql", "contoso-vm-b2", "contoso-vm-d4"]));
  assert.equal(await page.getByTestId("sort-id").locator("xpath=..").getAttribute("aria-sort"), "none");
  assertClean(ctx);
});

test("the reservations filter keeps the rows that match", async (t) => {
  const ctx = await demoCustomer(t, "contoso");
  const { page } = ctx;
  const filter = page.getByTestId("reservation-filter");
  await filter.fill("sql");
  await settle(async () => assert.deepEqual(await reservationIds(page), ["contoso-sql"]));
  assert.match(await page.getByTestId("page-of").textContent(), /· 1 shown$/);

  // By SKU, case-insensitively.
  await filter.fill("STANDARD_B2");
  await settle(async () => assert.deepEqual(await reservationIds(page), ["contoso-vm-b2"]));

  await filter.fill("nothing-matches-this");
  await settle(async () => assert.deepEqual(await reservationIds(page), []));

  await filter.fill("");
  await settle(async () => assert.equal((await reservationIds(page)).length, 3));
  assertClean(ctx);
});

test("buying through the form adds a reservation to the table and the activity log", async (t) => {
  const ctx = await demoCustomer(t, "contoso");
  const { page } = ctx;
  const before = await reservationIds(page);
  await page.getByTestId("buy-family").selectOption("sql");
  await page.getByTestId("buy-sku").fill("SQL_DB_GP_Gen5_2");
  await page.getByTestId("buy-region").fill("westus");
  await page.getByTestId("buy-term").selectOption("P3Y");
  await page.getByTestId("buy-quantity").fill("2");
  await page.getByTestId("buy-price").fill("1500.00");
  await page.getByTestId("buy-submit").click();

  await settle(async () => assert.equal((await reservationIds(page)).length, before.length + 1));
  const added = (await reservationIds(page)).filter((id) => !before.includes(id));
  assert.equal(added.length, 1);
  const row = page.getByTestId("reservation-row").filter({ has: page.getByText(added[0], { exact: true }) });
  const cells = (await row.locator("td").allTextContents()).map((c) => c.trim());
  assert.equal(cells[0], "SQL_DB_GP_Gen5_2");
  assert.equal(cells[1], "SQL");
  assert.equal(cells[2], "3 years · Upfront");
  assert.equal(cells[3], "2");
  assert.equal(cells[5], "Partner");
  assert.equal((await page.getByTestId("activity-log").getByTestId("activity-operation").allTextContents())[0], "Purchase reservation");
  assert.equal(await page.getByTestId("buy-sku").inputValue(), "", "the form is ready for the next purchase");
  assertClean(ctx);
});

test("a bad unit price shows its error beside the price field and buys nothing", async (t) => {
  const ctx = await demoCustomer(t, "contoso");
  const { page } = ctx;
  const before = await reservationIds(page);
  await page.getByTestId("buy-sku").fill("Standard_D2s_v5");
  await page.getByTestId("buy-region").fill("eastus");
  const price = page.getByTestId("buy-price");
  await price.fill("12,50");
  await page.getByTestId("buy-submit").click();

  await settle(async () => assert.equal(await price.getAttribute("aria-invalid"), "true"));
  const error = page.locator(`[id="${await price.getAttribute("aria-describedby")}"]`);
  assert.equal(await error.textContent(), 'Unit price: expected a decimal amount such as "1234.56", found "12,50"');
  // The error sits in the price field's own box.
  assert.equal(await error.evaluate((e, input) => e.parentElement === input.parentElement, await price.elementHandle()), true);
  for (const other of ["buy-sku", "buy-region", "buy-quantity"]) {
    assert.equal(await page.getByTestId(other).getAttribute("aria-invalid"), null, other);
  }
  assert.deepEqual(await reservationIds(page), before);
  assert.equal(await price.inputValue(), "12,50", "what was typed stays for the correction");
  assertClean(ctx);
});

// Regression: every change of the session rebuilt the whole customer page, so a refused purchase
// emptied the buy form and changing who is acting reset the reservations filter.
test("a refused purchase keeps the form as typed, and the filter survives a change of actor", async (t) => {
  const ctx = await demoCustomer(t, "northwind");
  const { page } = ctx;
  await page.getByTestId("reservation-filter").fill("redhat");
  await settle(async () => assert.deepEqual(await reservationIds(page), ["northwind-redhat"]));

  // Priya is a Northwind user; Northwind may not buy for itself.
  await page.getByTestId("acting-as").selectOption("customer:northwind:priya");
  await settle(async () => assert.match(await page.getByTestId("policy-in-force").textContent(), /Customer northwind · priya/));
  assert.equal(await page.getByTestId("reservation-filter").inputValue(), "redhat");
  assert.deepEqual(await reservationIds(page), ["northwind-redhat"]);

  await page.getByTestId("buy-sku").fill("Standard_F2s_v2");
  await page.getByTestId("buy-region").fill("uksouth");
  await page.getByTestId("buy-price").fill("300");
  // Priya's purchase is refused before the click, with the reason beside the button.
  assert.equal(await page.getByTestId("buy-submit").isDisabled(), true);
  assert.match(await page.getByTestId("buy-why").textContent(), /^"Allow customer to purchase" is off for customer northwind/);
  // Back as the partner, a purchase the command refuses (dated in the future) keeps the form.
  await page.getByTestId("acting-as").selectOption("partner:admin_agent");
  await page.getByTestId("buy-purchase-date").fill("2030-01-01");
  await page.getByTestId("buy-submit").click();
  await settle(async () => assert.match(await page.getByTestId("notice-error").textContent(), /^Refused: /));
  assert.equal(await page.getByTestId("buy-sku").inputValue(), "Standard_F2s_v2");
  assert.equal(await page.getByTestId("buy-region").inputValue(), "uksouth");
  assert.equal(await page.getByTestId("buy-price").inputValue(), "300");
  assert.equal(await page.getByTestId("reservation-filter").inputValue(), "redhat");
  assertClean(ctx);
});

// Long lists are drawn a page at a time: a customer of 5,000 reservations has 1,250 orders, and its
// order history drawn whole was 120,000 pixels high, laid out again at every what-if date.
test("a customer's order history is drawn fifty orders at a time, with Previous and Next", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  // One customer, 300 reservations in 100 orders of three.
  const scenario = JSON.parse(bigBook({ reservations: 300, customers: 1 }));
  const session = { format: "reservoir.session/1", today: "2026-11-21", actor: { partner: { role: "admin_agent" } }, scenario };
  await page.evaluate((text) => localStorage.setItem("reservoir.session", text), JSON.stringify(session));
  await page.goto(ctx.server.url + "#/customer/cust-000");
  await page.reload();
  const orders = page.getByTestId("orders");
  const orderIds = () => orders.locator("tbody th code").allTextContents();
  await settle(async () => assert.equal((await orderIds()).length, 50));
  const pageOf = orders.getByTestId("orders-page-of");
  assert.equal(await pageOf.textContent(), "Page 1 / 2 · 100 orders");
  const first = await orderIds();
  assert.equal(await orders.locator("tbody li").count(), 150, "each order lists its three reservations");

  await orders.getByRole("button", { name: "Next" }).click();
  await settle(async () => assert.equal(await pageOf.textContent(), "Page 2 / 2 · 100 orders"));
  const second = await orderIds();
  assert.equal(second.length, 50);
  assert.equal(new Set([...first, ...second]).size, 100, "the two pages show every order once");
  assert.ok(await orders.getByRole("button", { name: "Next" }).isDisabled());

  await orders.getByRole("button", { name: "Previous" }).click();
  await settle(async () => assert.deepEqual(await orderIds(), first));
  assert.ok(await orders.getByRole("button", { name: "Previous" }).isDisabled());
  // The reservations table keeps its own pages.
  assert.match(await page.getByTestId("page-of").textContent(), /^Page 1 \/ 6 · 300 shown$/);
  assertClean(ctx);
});

test("a customer of a few orders shows them all, with no pager", async (t) => {
  const ctx = await demoCustomer(t, "contoso");
  const orders = ctx.page.getByTestId("orders");
  await settle(async () => assert.equal(await orders.locator("tbody tr").count(), 3));
  assert.equal(await orders.getByTestId("orders-page-of").count(), 0);
  assertClean(ctx);
});
