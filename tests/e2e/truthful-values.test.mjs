// What the value figures promise, with the demo loaded: what cancelling a reservation pays back,
// cancels, counts toward the limit and saves the customer; what cannot be refunded; whose date a
// figure is on; and the labels a quote owes the person reading it (issue 9, points 1, 2, 5, 6, 10).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { amountOf, start, settle, assertClean } from "./harness.mjs";

/** A fresh profile with the demo loaded. */
async function demo(t) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  return ctx;
}

async function openCustomer({ page, server }, customer) {
  await page.goto(server.url + `#/customer/${customer}`);
  await page.getByTestId("reservations-table").waitFor();
}

async function openReservation({ page, server }, customer, reservation) {
  await page.goto(server.url + `#/customer/${customer}/reservation/${reservation}`);
  await page.getByTestId("value-over-time").waitFor();
  await settle(async () => assert.equal(await page.getByTestId("reservation-id").textContent(), reservation));
}

/** Sets a date input the way a person does: the value, then the change event the app listens to. */
async function setDate(locator, iso) {
  await locator.fill(iso);
  await locator.dispatchEvent("change");
}

/** The row of the reservations table for one reservation. */
const rowOf = (page, id) =>
  page.getByTestId("reservation-row").filter({ has: page.getByTestId("reservation-link").getByText(id, { exact: true }) });

const amountIn = (locator, testid) => locator.getByTestId(testid).getAttribute("data-amount");
const cents = (amount) => Math.round(Number(amount) * 100);

/** Every row's four figures, by reservation (null where a row has none). */
async function rowFigures(page) {
  const figures = {};
  for (const row of await page.getByTestId("reservation-row").all()) {
    const id = await row.getByTestId("reservation-link").textContent();
    const priced = (await row.getByTestId("row-counted").count()) > 0;
    figures[id] = priced
      ? await Promise.all(["row-refund", "row-canceled", "row-counted", "row-saves"].map((x) => amountIn(row, x)))
      : null;
  }
  return figures;
}

test("a monthly reservation's row shows what cancelling it counts toward the limit", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openCustomer(ctx, "woodgrove");
  const row = rowOf(page, "woodgrove-vm-m");
  // The refund is only the current month's payment pro-rated; cancelling also cancels 19 payments
  // of USD 3,000.00, and the two together count toward the limit (the engine's figures on the demo date).
  assert.equal(await amountIn(row, "row-refund"), "2700.00");
  assert.equal(await amountIn(row, "row-canceled"), "57000.00");
  assert.equal(await amountIn(row, "row-counted"), "59700.00");
  assert.equal(await row.getByTestId("row-counted").getAttribute("data-currency"), "USD");
  assert.equal(await amountIn(row, "row-saves"), "59700.00", "no customer price: the customer saves what the partner does");
  // The column says which cap_counts is in force.
  assert.match(await page.getByTestId("counted-help").textContent(), /refund \+ canceled future payments/);

  // Each total is the sum of its column.
  const figures = Object.values(await rowFigures(page)).filter(Boolean);
  for (const [index, testid] of ["total-refund", "total-canceled", "total-counted", "total-saves"].entries()) {
    const sum = figures.reduce((s, f) => s + cents(f[index]), 0);
    assert.equal(cents(await amountOf(page, testid)), sum, testid);
  }

  // The reservation page says the same, and its chart is drawn in USD against the limit left.
  await openReservation(ctx, "woodgrove", "woodgrove-vm-m");
  assert.equal(await amountOf(page, "value-today"), "2700.00");
  assert.equal(await amountOf(page, "canceled-today"), "57000.00");
  assert.equal(await amountOf(page, "counted-today"), "59700.00");
  const legend = await page.getByTestId("value-chart").locator(".legend li").allTextContents();
  assert.deepEqual(legend, [
    "What cancelling saves (refund + canceled future payments)",
    "What it counts toward the limit",
    "Limit left that day",
  ]);
  assert.match(await page.getByTestId("value-chart").getByTestId("chart-max").textContent(), /^USD /);
  assertClean(ctx);
});

test("a Red Hat plan reads not refundable and counts in no total", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openCustomer(ctx, "northwind");
  const redhat = rowOf(page, "northwind-redhat");
  const why = await redhat.getByTestId("row-not-refundable").textContent();
  assert.match(why, /^not refundable — Reservations of the Red Hat software plan family cannot be refunded/);
  assert.equal(await redhat.locator("[data-amount]").count(), 0, "no amount beside it");

  // The totals are northwind-vm-f4's alone.
  const figures = await rowFigures(page);
  assert.equal(figures["northwind-redhat"], null);
  const [refund, canceled, counted, saves] = figures["northwind-vm-f4"];
  assert.equal(await amountOf(page, "total-refund"), refund);
  assert.equal(await amountOf(page, "total-canceled"), canceled);
  assert.equal(await amountOf(page, "total-counted"), counted);
  assert.equal(await amountOf(page, "total-saves"), saves);

  // The reservations CSV carries no refund for it.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("reservations-csv").click()]);
  const line = readFileSync(await file.path(), "utf8").split("\r\n").find((l) => l.startsWith("northwind-redhat,"));
  assert.equal(line.split(",").at(-1), "", line);

  // Its page shows the reason, today and on any what-if date, and no figure or chart.
  await openReservation(ctx, "northwind", "northwind-redhat");
  assert.match(await page.getByTestId("value-today-why").textContent(), /^not refundable — .*Red Hat/);
  assert.equal(await page.getByTestId("value-over-time").locator("[data-amount]").count(), 0);
  assert.equal(await page.getByTestId("value-chart").count(), 0);
  assertClean(ctx);
});

test("a date picked in the policy comparison does not change the customer's values", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  const today = await page.getByTestId("today").inputValue();
  await openCustomer(ctx, "contoso");
  const before = await rowFigures(page);

  await page.goto(server.url + "#/policy");
  await page.getByTestId("compare-reservation").selectOption("contoso/contoso-vm-b2");
  await setDate(page.getByTestId("compare-date"), "2027-07-30");
  await settle(async () => assert.match(await page.getByTestId("compare-not-today").textContent(), /on 30 Jul 2027 — not today/));

  await openCustomer(ctx, "contoso");
  assert.equal(await page.getByTestId("what-if-date").inputValue(), today);
  assert.equal(await page.getByTestId("values-not-today").count(), 0);
  assert.deepEqual(await rowFigures(page), before);
  // Nor the reservation page's.
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  assert.equal(await page.getByTestId("what-if").inputValue(), today);
  assert.equal(await amountOf(page, "value-what-if"), await amountOf(page, "value-today"));
  assertClean(ctx);
});

test("a figure on another date than today says so", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  const today = await page.getByTestId("today").inputValue();
  await openCustomer(ctx, "contoso");
  const before = await rowFigures(page);
  assert.equal(await page.getByTestId("values-not-today").count(), 0, "nothing to say on today");

  await setDate(page.getByTestId("what-if-date"), "2027-07-30");
  await settle(async () => assert.match(await page.getByTestId("values-not-today").textContent(), /^on 30 Jul 2027 — not today/));
  assert.match(await page.getByTestId("reservations-totals").textContent(), /on 30 Jul 2027 — not today/);
  assert.notDeepEqual(await rowFigures(page), before);

  await page.getByTestId("values-not-today").getByRole("button", { name: "Back to today" }).click();
  await settle(async () => assert.equal(await page.getByTestId("values-not-today").count(), 0));
  assert.equal(await page.getByTestId("what-if-date").inputValue(), today);
  assert.deepEqual(await rowFigures(page), before);

  // The reservation page says it beside its own what-if date too.
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  await setDate(page.getByTestId("what-if"), "2027-01-05");
  await settle(async () => assert.match(await page.getByTestId("what-if-not-today").textContent(), /^on 5 Jan 2027 — not today/));
  await page.getByTestId("what-if-not-today").getByRole("button", { name: "Back to today" }).click();
  await settle(async () => assert.equal(await page.getByTestId("what-if").inputValue(), today));
  assertClean(ctx);
});

test("a refund inside five days is labelled observed, not documented", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await openCustomer(ctx, "contoso");
  const before = await page.getByTestId("reservation-link").allTextContents();
  await page.getByTestId("buy-sku").fill("Standard_D2s_v5");
  await page.getByTestId("buy-region").fill("eastus");
  await page.getByTestId("buy-price").fill("1200");
  await page.getByTestId("buy-submit").click();
  await settle(async () => assert.equal((await page.getByTestId("reservation-link").allTextContents()).length, before.length + 1));
  const id = (await page.getByTestId("reservation-link").allTextContents()).find((x) => !before.includes(x));

  // Bought today, so inside the five-day window: the row's refund says which rule, and its trust.
  const row = rowOf(page, id);
  assert.equal(await amountIn(row, "row-refund"), "1200.00");
  assert.equal(await row.getByTestId("row-full-refund").textContent(), "Full refund · observed, not documented");

  // The quote's headline and its breakdown say it too.
  await openReservation(ctx, "contoso", id);
  assert.match(await page.getByTestId("full-refund-headline").textContent(), /observed, not documented.*Full refund: returned 0 days after purchase, inside the 5-day full-refund window/);
  assert.match(await page.getByTestId("refund-breakdown").locator("tr").first().locator("th").textContent(), /^Full refund, .*observed, not documented/);
  assert.equal(await page.getByTestId("full-refund-today").textContent(), "Full refund · observed, not documented");

  // And the policy comparison, in the azure-2026 columns.
  await page.goto(server.url + "#/policy");
  await page.getByTestId("compare-reservation").selectOption(`contoso/${id}`);
  await settle(async () => assert.equal(await page.getByTestId("compare-rule").count(), 3));
  const rules = await page.getByTestId("compare-rule").allTextContents();
  assert.deepEqual(rules.map((r) => r.trim()), ["Pro-rated", "Full refund observed, not documented", "Full refund observed, not documented"]);
  assertClean(ctx);
});

test("the date it would fit says why the money coming back earlier is not enough", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openCustomer(ctx, "woodgrove");
  const nextBack = (await page.locator(".stat", { hasText: "Next money back" }).locator("span").nth(1).textContent()).split(":")[0];

  await openReservation(ctx, "woodgrove", "woodgrove-vm-m");
  const refusal = await page.getByTestId("policy-errors").locator('li[data-code="RefundLimitExceeded"]').textContent();
  const match = refusal.match(/When money next comes back, on (.+?), USD ([\d,.]+) of the limit will be left: still less than the USD ([\d,.]+) this refund would count that day\. It would fit on (.+?) as things stand\./);
  assert.ok(match, refusal);
  const [, on, left, counted, fits] = match;
  assert.equal(on, nextBack, "the day the customer's page says money next comes back");
  assert.ok(Number(counted.replaceAll(",", "")) > Number(left.replaceAll(",", "")), refusal);
  assert.equal(fits, await page.getByTestId("earliestDateThatFits").textContent());
  assert.ok(new Date(on) < new Date(fits), `${on} before ${fits}`);
  assertClean(ctx);
});

test("the breakdown says which price the lower-of rule took", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  const first = () => page.getByTestId("refund-breakdown").locator("tr").first().locator("th").textContent();
  assert.match(await first(), /, at the purchase price \(no current price is set\)$/);

  await page.getByTestId("current-price").fill("450");
  await page.getByTestId("current-price-save").click();
  await settle(async () => assert.match(await first(), /^Pro-rated refund: 450 × 4 units × .*, at the current price, lower than the purchase price 512\.00$/));

  await page.getByTestId("current-price").fill("600");
  await page.getByTestId("current-price-save").click();
  await settle(async () => assert.match(await first(), /^Pro-rated refund: 512\.00 × 4 units × .*, at the purchase price, not above the current price 600$/));
  assertClean(ctx);
});
