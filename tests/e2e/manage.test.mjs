// Managing a reservation besides returning it (scope, renewal, usage, today's price), and the
// customer's refund-limit ledger (recording an earlier refund, cancelling a wrong entry).
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountOf, start, settle, assertClean } from "./harness.mjs";

async function demo(t, path) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  await ctx.page.goto(ctx.server.url + path);
  return ctx;
}

const property = (page, label) =>
  page.locator("[data-testid=properties] tr", { has: page.locator("th", { hasText: label }) }).locator("td");

test("a partner changes a reservation's scope, and the log says so", async (t) => {
  const ctx = await demo(t, "#/customer/woodgrove/reservation/woodgrove-sql");
  const { page } = ctx;
  await page.getByTestId("scope-select").selectOption("woodgrove-plan");
  await settle(async () => assert.equal(await property(page, "Scope").textContent(), "Single subscription: woodgrove-plan"));
  assert.match(await page.getByTestId("notice-ok").textContent(), /Scope of woodgrove-sql changed from Shared to Single subscription: woodgrove-plan\./);
  assertClean(ctx);
});

test("renewing buys the same reservation from the term's end; a customer may not renew", async (t) => {
  const ctx = await demo(t, "#/customer/contoso/reservation/contoso-sql");
  const { page } = ctx;
  const termEnds = await property(page, "Term ends").textContent();
  await page.getByTestId("renew").click();
  const notice = await page.getByTestId("notice-ok").textContent();
  const renewal = /renews as (\S+) from/.exec(notice)?.[1];
  assert.ok(renewal, notice);
  await page.goto(ctx.server.url + `#/customer/contoso/reservation/${renewal}`);
  await settle(async () => assert.equal(await property(page, "Origin").textContent(), "Renewal"));
  assert.equal(await property(page, "Purchase date").textContent(), termEnds, "the renewal starts when the term ends");
  // Renewing twice is refused with the reason.
  await page.goto(ctx.server.url + "#/customer/contoso/reservation/contoso-sql");
  await page.getByTestId("renew").click();
  assert.match(await page.getByTestId("notice-error").textContent(), /cannot be renewed: it is already renewed/);
  // As the customer, the button is disabled and the page says why.
  await page.getByTestId("acting-as").selectOption("customer:contoso:megan");
  await settle(async () => assert.equal(await page.getByTestId("renew").isDisabled(), true));
  assert.match(await page.getByTestId("manage-why").textContent(), /only the partner does/);
  assertClean(ctx);
});

test("today's price lowers the refund under lower-of-prices, and a bad price is named by its field", async (t) => {
  const ctx = await demo(t, "#/customer/contoso/reservation/contoso-sql");
  const { page } = ctx;
  const before = Number(await amountOf(page, "billingRefundAmount"));
  await page.getByTestId("current-price").fill("abc");
  await page.getByTestId("current-price-save").click();
  assert.equal(await page.getByTestId("current-price").getAttribute("aria-invalid"), "true");
  assert.match(await page.locator("#current-price-error").textContent(), /Current unit price: expected a decimal amount/);
  await page.getByTestId("current-price").fill("4925");
  await page.getByTestId("current-price-save").click();
  await settle(async () => {
    const after = Number(await amountOf(page, "billingRefundAmount"));
    assert.ok(Math.abs(after - before / 2) <= 0.01, `half the price, half the refund: ${before} → ${after}`);
  });
  // The notice (and the log) write the price with its currency, grouped as the page writes amounts.
  assert.equal(await page.getByTestId("notice-ok").textContent(), "Today's unit price of contoso-sql set to USD 4,925.00.");
  assertClean(ctx);
});

test("an earlier refund recorded on the ledger counts toward the limit, and a correction takes it back out", async (t) => {
  const ctx = await demo(t, "#/customer/contoso/limit");
  const { page } = ctx;
  assert.equal(await amountOf(page, "timeline-used"), "0.00");
  // A bad amount is refused beside the field, and nothing is recorded.
  await page.getByTestId("earlier-date").fill("2026-06-01");
  await page.getByTestId("earlier-date").dispatchEvent("change");
  await page.getByTestId("earlier-usd").fill("-5");
  await page.getByTestId("earlier-submit").click();
  assert.match(await page.locator("#earlier-error").textContent(), /expected an amount of zero or more/);
  assert.equal(await page.getByTestId("ledger-row").count(), 0);
  await page.getByTestId("earlier-usd").fill("12500");
  await page.getByTestId("earlier-note").fill("ticket 77");
  await page.getByTestId("earlier-submit").click();
  await settle(async () => assert.equal(await amountOf(page, "timeline-used"), "12500.00"));
  assert.match(await page.getByTestId("ledger-row").first().textContent(), /ticket 77/);
  await page.getByTestId("ledger-correct").click();
  await settle(async () => assert.equal(await amountOf(page, "timeline-used"), "0.00"));
  assert.equal(await page.getByTestId("ledger-row").count(), 2, "the entry stays, with its correction after it");
  assert.equal(await page.getByTestId("ledger-correct").count(), 0, "a corrected entry cannot be corrected twice");
  assertClean(ctx);
});
