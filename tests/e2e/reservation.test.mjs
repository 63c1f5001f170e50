// One reservation's page, with the demo loaded: its IDs, the refund quote (held against the real
// `reservoir quote` CLI), a refused refund, cancel and undo, the what-if date, the exchange panel,
// and what a customer user may not do.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { amountOf, start, settle, assertClean, buildCli } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI = join(ROOT, "target/debug/reservoir");

/** A fresh profile with the demo loaded. */
async function demo(t) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  return ctx;
}

/** Goes to a reservation's page (a hash change, as a link does). */
async function openReservation({ page, server }, customer, reservation) {
  await page.goto(server.url + `#/customer/${customer}/reservation/${reservation}`);
  await page.getByTestId("properties").waitFor();
  await settle(async () => assert.equal(await page.getByTestId("reservation-id").textContent(), reservation));
}

/** Sets a date input the way a person does: the value, then the change event the app listens to. */
async function setDate(locator, iso) {
  await locator.fill(iso);
  await locator.dispatchEvent("change");
}

/** Runs the engine's CLI on a request, as a partner would; returns the parsed quote. */
function cliQuote(requestText) {
  const dir = mkdtempSync(join(tmpdir(), "reservoir-quote-"));
  try {
    const file = join(dir, "request.json");
    writeFileSync(file, requestText);
    return JSON.parse(execFileSync(CLI, ["quote", file], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** `2027-07-26` as the page writes it: `26 Jul 2027`. */
const shownDate = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};
const addDays = (iso, days) => new Date(Date.parse(iso + "T00:00:00Z") + days * 86400000).toISOString().slice(0, 10);
/** Exact cents of an amount string (`-1234.56`). */
const cents = (text) => {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
};

// The engine binary the page is held against, built once.
before(buildCli);

test("a reservation's page shows its reservation ID and its order ID", async (t) => {
  const ctx = await demo(t);
  await openReservation(ctx, "woodgrove", "woodgrove-vm-m");
  const { page } = ctx;
  assert.equal(await page.getByTestId("reservation-id").textContent(), "woodgrove-vm-m");
  assert.equal(await page.getByTestId("order-id").textContent(), "woodgrove-vm-m-order");
  assert.equal(await page.locator("h1").textContent(), "Reservation woodgrove-vm-m");
  // Support asks for both; the page offers to copy each.
  assert.equal(await page.getByTestId("copy-reservation-id").count(), 1);
  assert.equal(await page.getByTestId("copy-order-id").count(), 1);
  assertClean(ctx);
});

test("the refund quote's figures equal what `reservoir quote` prints for the request the page shows", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  // Monthly with a customer price (USD), a part of an upfront one, EUR upfront, SEK monthly, GBP
  // monthly, and one the limit refuses.
  const cases = [
    ["contoso", "contoso-vm-d4", null],
    ["contoso", "contoso-vm-b2", "2"],
    ["fabrikam", "fabrikam-vm-e8", null],
    ["tailspin", "tailspin-vm-d2", "3"],
    ["northwind", "northwind-vm-f4", null],
    ["woodgrove", "woodgrove-vm-m", null],
  ];
  const amounts = {
    billingRefundAmount: (q) => q.billingRefundAmount,
    pricingRefundAmount: (q) => q.pricingRefundAmount,
    billingFeeAmount: (q) => q.billingFeeAmount,
    billingCurrencyTotalPaidAmount: (q) => q.billingInformation.billingCurrencyTotalPaidAmount,
    billingCurrencyProratedAmount: (q) => q.billingInformation.billingCurrencyProratedAmount,
    billingCurrencyRemainingCommitmentAmount: (q) => q.billingInformation.billingCurrencyRemainingCommitmentAmount,
    canceledCommitmentUsd: (q) => q.canceledCommitmentUsd,
    consumedRefundsTotal: (q) => q.policyResult.consumedRefundsTotal,
    maxRefundLimit: (q) => q.policyResult.maxRefundLimit,
    customerRefundAmount: (q) => q.customerRefundAmount,
  };
  let customerPriced = 0;
  for (const [customer, reservation, quantity] of cases) {
    await openReservation(ctx, customer, reservation);
    if (quantity) {
      await page.getByTestId("refund-quantity").fill(quantity);
      await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), new RegExp(`"quantity": ${quantity}\\b`)));
    }
    const request = await page.getByTestId("quote-request").textContent();
    assert.equal(JSON.parse(request).refund.reservation, reservation);
    const quote = cliQuote(request);
    assert.equal(quote.reservationId, reservation);
    const label = `${reservation}`;
    for (const [name, pick] of Object.entries(amounts)) {
      const expected = pick(quote);
      const shown = page.getByTestId("quote-figures").getByTestId(name);
      if (expected === undefined) {
        assert.equal(await shown.count(), 0, `${label} ${name}: the CLI has none, the page shows none`);
        continue;
      }
      assert.equal(await shown.getAttribute("data-amount"), expected.amount, `${label} ${name}`);
      assert.equal(await shown.getAttribute("data-currency"), expected.currencyCode, `${label} ${name} currency`);
      if (name === "customerRefundAmount") customerPriced++;
    }
    const info = quote.billingInformation;
    assert.equal(await page.getByTestId("transactions").textContent(), `${info.completedTransactions} / ${info.totalTransactions}`, label);
    assert.equal(
      await page.getByTestId("earliestDateThatFits").textContent(),
      quote.earliestDateThatFits ? shownDate(quote.earliestDateThatFits) : "—",
      `${label} earliestDateThatFits`,
    );
    const codes = quote.policyResult.policyErrors.map((e) => e.code);
    const shownCodes = (await page.getByTestId("policy-errors").count())
      ? await page.getByTestId("policy-errors").locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.code))
      : [];
    assert.deepEqual(shownCodes, codes, `${label} policy errors`);
  }
  assert.ok(customerPriced >= 1, "at least one case compares what is owed to the customer");
  assertClean(ctx);
});

test("a refund over the limit is refused with its numbers and the earliest date it fits", async (t) => {
  const ctx = await demo(t);
  await openReservation(ctx, "woodgrove", "woodgrove-vm-m");
  const { page } = ctx;
  const errors = page.getByTestId("policy-errors");
  await errors.waitFor();
  assert.deepEqual(await errors.locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.code)), ["RefundLimitExceeded"]);
  assert.match(await errors.textContent(), /RefundLimitExceeded/);

  // The numbers add up: what the refund cancels, on top of what is used, passes the limit.
  const refundUsd = cents(await amountOf(page, "pricingRefundAmount"));
  const remaining = cents(await amountOf(page, "billingCurrencyRemainingCommitmentAmount"));
  const canceled = cents(await amountOf(page, "canceledCommitmentUsd"));
  const consumed = cents(await amountOf(page, "consumedRefundsTotal"));
  const limit = cents(await amountOf(page, "maxRefundLimit"));
  assert.equal(consumed, cents("46450.00"), "Woodgrove's two earlier refunds");
  assert.equal(limit, cents("50000.00"));
  assert.equal(canceled, refundUsd + remaining, "a monthly plan's canceled commitment is the refund plus the future payments");
  assert.ok(consumed + canceled > limit);

  // The earliest date is a real date after today.
  const today = await page.getByTestId("today").inputValue();
  const earliest = await page.getByTestId("earliestDateThatFits").textContent();
  const match = /^(\d{1,2}) (\w{3}) (\d{4})$/.exec(earliest);
  assert.ok(match, `an earliest date, found ${JSON.stringify(earliest)}`);
  const iso = `${match[3]}-${String(MONTHS.indexOf(match[2]) + 1).padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  assert.ok(iso > today, `${iso} is after ${today}`);
  // The refusal says the same date, written as the page writes dates (not ISO).
  assert.ok((await errors.textContent()).includes(`would fit on ${earliest}`), await errors.textContent());
  assert.doesNotMatch(await errors.textContent(), /\d{5,}\.\d{2}/, "amounts carry thousands separators");

  assert.equal(await page.getByTestId("refund-submit").isDisabled(), true);
  assertClean(ctx);
});

test("cancelling one unit that fits is logged, and Undo restores the reservation", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  await page.getByTestId("refund-quantity").fill("1");
  await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), /"quantity": 1\b/));
  assert.equal(await page.getByTestId("policy-errors").count(), 0);
  const refund = await amountOf(page, "billingRefundAmount");
  const canceled = await amountOf(page, "canceledCommitmentUsd");
  // The notice writes the amounts as the quote shows them (the locale's grouping, the currency code).
  const refundShown = await page.getByTestId("billingRefundAmount").first().textContent();
  const canceledShown = await page.getByTestId("canceledCommitmentUsd").first().textContent();
  const submit = page.getByTestId("refund-submit");
  assert.equal(await submit.isDisabled(), false);
  await submit.click();

  const notice = page.getByTestId("notice-ok");
  await settle(async () => assert.match(await notice.textContent(), /^Returned 1 unit of contoso-vm-b2: /));
  const text = await notice.textContent();
  assert.ok(text.includes(`refund ${refundShown}; ${canceledShown} counted toward the limit.`), text);
  const successor = /continue as (\S+)\./.exec(text)?.[1];
  assert.ok(successor, "the 3 units left continue as a new reservation");
  assert.equal(await page.getByTestId("notice-undo").count(), 1);
  // Closed: no more refund or exchange from this page.
  await settle(async () => assert.equal(await page.getByTestId("refund-panel").count(), 0));

  // The activity log has it, and the customer's limit counts it.
  await page.goto(server.url + "#/activity");
  await page.getByTestId("activity-log").waitFor();
  const newest = page.getByTestId("activity-row").first();
  assert.equal(await newest.getByTestId("activity-operation").textContent(), "Cancel reservation");
  assert.match(await newest.textContent(), /Returned 1 unit of contoso-vm-b2/);
  assert.ok((await newest.textContent()).includes(`refund ${refundShown};`), "the log writes amounts as the page does");
  await page.goto(server.url + "#/customer/contoso");
  await page.getByTestId("reservations-table").waitFor();
  assert.equal(await amountOf(page, "customer-limit-used"), canceled);
  assert.ok((await page.getByTestId("reservation-link").allTextContents()).includes(successor));

  await page.getByTestId("undo").click();
  await settle(async () => assert.equal(await amountOf(page, "customer-limit-used"), "0.00"));
  assert.ok(!(await page.getByTestId("reservation-link").allTextContents()).includes(successor));
  assert.ok(!(await page.getByTestId("activity-operation").allTextContents()).includes("Cancel reservation"));
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  await page.getByTestId("refund-panel").waitFor();
  assert.match(await page.getByTestId("refund-quantity").locator("xpath=..").textContent(), /\(of 4\)/);
  assertClean(ctx);
});

// Regression: the button was built once with the request for the quantity the page opened with,
// so after changing the quantity it copied a request other than the one shown.
test("Copy request copies the request the page shows, for the quantity typed", async (t) => {
  const ctx = await demo(t);
  const { page, context, server } = ctx;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url.replace(/\/$/, "") });
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  await page.getByTestId("refund-quantity").fill("2");
  const shown = page.getByTestId("quote-request");
  await settle(async () => assert.equal(JSON.parse(await shown.textContent()).refund.quantity, 2));
  await page.locator("details", { has: shown }).locator("summary").click();
  await page.getByTestId("copy-request").click();
  await settle(async () => assert.equal(await page.getByTestId("copy-request").textContent(), "Copied"));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await shown.textContent());
  // ... which the CLI quotes as the page does.
  assert.equal(cliQuote(copied).billingRefundAmount.amount, await amountOf(page, "billingRefundAmount"));
  assertClean(ctx);
});

test("the what-if date changes the refund value to the engine's value on that day", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  const today = await page.getByTestId("today").inputValue();
  const valueToday = await amountOf(page, "value-today");
  assert.equal(await amountOf(page, "value-what-if"), valueToday, "the what-if date starts at today");
  assert.equal(await page.getByTestId("what-if").inputValue(), today);

  const later = addDays(today, 45);
  await setDate(page.getByTestId("what-if"), later);
  await settle(async () => assert.notEqual(await amountOf(page, "value-what-if"), valueToday));
  const valueLater = await amountOf(page, "value-what-if");
  assert.ok(cents(valueLater) < cents(valueToday), `an upfront reservation is worth less later: ${valueLater} < ${valueToday}`);
  assert.equal(await amountOf(page, "value-today"), valueToday, "today's value does not move");

  // The same request, asked for that day, gives the same refund on the command line.
  const request = JSON.parse(await page.getByTestId("quote-request").textContent());
  request.today = later;
  assert.equal(cliQuote(JSON.stringify(request)).billingRefundAmount.amount, valueLater);
  assertClean(ctx);
});

test("the exchange panel: netPayable follows the typed price, too low is refused, bad text is named", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await openReservation(ctx, "contoso", "contoso-vm-d4");
  const price = page.getByTestId("exchange-purchase-price-0");
  // Typed key by key, as a person does: the figures follow each keystroke.
  await price.pressSequentially("20000");
  await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "20000.00"));
  assert.equal(await price.inputValue(), "20000");
  const refunds = cents(await amountOf(page, "refundsTotal"));
  assert.ok(refunds > 0n);
  assert.equal(cents(await amountOf(page, "netPayable")), cents("20000.00") - refunds);
  assert.equal(await page.getByTestId("exchange-errors").count(), 0);
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), false);

  await price.fill("100");
  await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "100.00"));
  assert.equal(cents(await amountOf(page, "netPayable")), cents("100.00") - refunds);
  assert.ok(cents(await amountOf(page, "netPayable")) < 0n);
  const codes = await page.getByTestId("exchange-errors").locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.code));
  assert.deepEqual(codes, ["ExchangeValueTooLow"]);
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true);

  await price.fill("1OO");
  await settle(async () => assert.equal(await price.getAttribute("aria-invalid"), "true"));
  const error = page.locator(`[id="${await price.getAttribute("aria-describedby")}"]`);
  assert.equal(await error.textContent(), 'Unit price: expected a decimal amount such as "1234.56", found "1OO"');
  assert.equal(await error.evaluate((e, input) => e.parentElement === input.parentElement, await price.elementHandle()), true);
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true);
  // A good price again clears it.
  await price.fill("30000");
  await settle(async () => assert.equal(await price.getAttribute("aria-invalid"), null));
  assert.equal((await error.textContent()).trim(), "");
  assertClean(ctx);
});

test("acting as a customer user, cancelling is disabled and says only the partner can", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  // Megan bought this one herself, and it fits the limit.
  await openReservation(ctx, "contoso", "contoso-vm-b2");
  assert.equal(await page.getByTestId("refund-submit").isDisabled(), false, "the partner may cancel it");
  assert.equal((await page.getByTestId("refund-why").textContent()).trim(), "");

  await page.getByTestId("acting-as").selectOption("customer:contoso:megan");
  await settle(async () => assert.equal(await page.getByTestId("refund-submit").isDisabled(), true));
  assert.equal(
    await page.getByTestId("refund-why").textContent(),
    "Customer contoso cannot cancel reservations: in CSP only the partner does, even for reservations the customer bought itself.",
  );
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true);
  assert.match(await page.getByTestId("exchange-why").textContent(), /^Customer contoso cannot exchange reservations/);
  assertClean(ctx);
});
