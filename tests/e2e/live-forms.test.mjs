// Issue 9, point 4 and parts of point 10: every figure follows a field as the person types (no
// blur needed), an action is enabled only when what it would do is valid and otherwise says why
// beside the field, money fields read amounts as the page writes them, exchange refusals sit at
// their line, "Also return" offers only what the exchange rules accept, what is owed to the
// customer is always shown, and no support request is drafted for a refund that would be refused.
//
// Typing here is key by key into a focused field, never followed by a blur or a change event: the
// bug was figures that moved only when the field lost focus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountOf, start, settle, assertClean } from "./harness.mjs";

async function demo(t) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  return ctx;
}

async function open({ page, server }, hash, anchor) {
  await page.goto(server.url + hash);
  await page.getByTestId(anchor).waitFor();
}

const reservationPage = (ctx, customer, reservation, anchor = "properties") =>
  open(ctx, `#/customer/${customer}/reservation/${reservation}`, anchor);

/** Replaces a field's text by typing, as a person does: select it all, then press each key. */
async function typeInto(locator, text) {
  await locator.click();
  await locator.press("ControlOrMeta+a");
  if (text === "") await locator.press("Backspace");
  else await locator.pressSequentially(text);
}

/** The test ID of the element that has the focus. */
const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? null);

/** The field's own error: `aria-invalid` and the text its `aria-describedby` names. */
async function errorBeside(page, input) {
  const id = await input.getAttribute("aria-describedby");
  return {
    invalid: await input.getAttribute("aria-invalid"),
    text: ((await page.locator(`[id="${id}"]`).textContent()) ?? "").trim(),
  };
}

/** The 1-unit and 5-unit refunds of contoso-vm-d4 as its own refund panel quotes them. */
async function quotedCanceledCommitment(ctx, units) {
  const { page } = ctx;
  await reservationPage(ctx, "contoso", "contoso-vm-d4", "refund-panel");
  await typeInto(page.getByTestId("refund-quantity"), units);
  await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), new RegExp(`"quantity": ${units}\\b`)));
  return amountOf(page, "canceledCommitmentUsd");
}

test("the refund figure follows the quantity as it is typed", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  const one = await quotedCanceledCommitment(ctx, "1");
  // On the reservation's own refund panel: typed, not yet left, and the figures are the 5 units'.
  const refund = page.getByTestId("refund-quantity");
  await typeInto(refund, "5");
  await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), /"quantity": 5\b/));
  const five = await amountOf(page, "canceledCommitmentUsd");
  assert.notEqual(five, one);
  assert.equal(await focused(page), "refund-quantity", "the field keeps the focus");

  // "What would a refund do?" on the limit page: the same figures, as they are typed.
  await open(ctx, "#/customer/contoso/limit", "planned-refund");
  await page.getByTestId("plan-reservation").selectOption("contoso-vm-d4");
  await settle(async () => assert.equal(await amountOf(page, "plan-requested"), one));
  const plan = page.getByTestId("plan-quantity");
  await typeInto(plan, "5");
  await settle(async () => assert.equal(await amountOf(page, "plan-requested"), five, "the 5-unit figure, before the field is left"));
  assert.equal(await focused(page), "plan-quantity", "the field keeps the focus while the figures change");
  // A keystroke more: still the field being typed in, and the figure follows again.
  await plan.press("Backspace");
  await plan.pressSequentially("1");
  await settle(async () => assert.equal(await amountOf(page, "plan-requested"), one));
  assert.equal(await plan.inputValue(), "1");

  // Text that is no quantity is refused beside the field, and no figure is left standing.
  await typeInto(plan, "x");
  await settle(async () => assert.deepEqual(await errorBeside(page, plan), { invalid: "true", text: 'Quantity: expected a whole number, found "x"' }));
  assert.equal(await page.getByTestId("plan-result").count(), 0);
  assertClean(ctx);
});

test("the exchange button is disabled with 11 of 10 units and says why", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await reservationPage(ctx, "contoso", "contoso-vm-d4", "exchange-panel");
  const submit = page.getByTestId("exchange-submit");
  await typeInto(page.getByTestId("exchange-purchase-price-0"), "90000");
  await settle(async () => assert.equal(await submit.isDisabled(), false));
  const tenUnits = await amountOf(page, "refundsTotal");

  const quantity = page.getByTestId("exchange-return-quantity-0");
  await typeInto(quantity, "11");
  await settle(async () => assert.equal(await submit.isDisabled(), true, "disabled as soon as 11 is typed"));
  assert.equal(await focused(page), "exchange-return-quantity-0", "the field keeps the focus");
  assert.deepEqual(await errorBeside(page, quantity), {
    invalid: "true",
    text: "Cannot return 11 units of contoso-vm-d4: it holds 10. Return between 1 and 10.",
  });
  // Beside the field, not under the totals; and no total pretends to be the basket's.
  assert.equal(await page.getByTestId("exchange-errors").count(), 0);
  assert.equal(await page.getByTestId("refundsTotal").getAttribute("data-amount"), null);
  assert.equal(await page.getByTestId("netPayable").getAttribute("data-amount"), null);

  // Back to what it holds, key by key: enabled again, and the total is the 10 units'.
  await quantity.press("Backspace");
  await quantity.press("Backspace");
  await quantity.pressSequentially("10");
  await settle(async () => assert.equal(await submit.isDisabled(), false));
  assert.equal(await amountOf(page, "refundsTotal"), tenUnits);
  assert.deepEqual(await errorBeside(page, quantity), { invalid: null, text: "" });
  assertClean(ctx);
});

test("a money field takes 20,000 as the page writes it", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await reservationPage(ctx, "contoso", "contoso-vm-d4", "exchange-panel");
  const price = page.getByTestId("exchange-purchase-price-0");
  for (const written of ["20,000", "20,000.00", "USD 20,000.00"]) {
    await typeInto(price, written);
    await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "20000.00", written));
    assert.deepEqual(await errorBeside(page, price), { invalid: null, text: "" }, written);
  }
  // What the page would never write stays refused, beside the field, naming it.
  for (const [typed, said] of [
    ["2,00,0", 'Unit price: expected a decimal amount such as "1234.56", found "2,00,0"'],
    ["1.2.3", 'Unit price: expected a decimal amount such as "1234.56", found "1.2.3"'],
    ["EUR 20,000", 'Unit price: expected an amount in USD, found "EUR 20,000"'],
  ]) {
    await typeInto(price, typed);
    await settle(async () => assert.deepEqual(await errorBeside(page, price), { invalid: "true", text: said }));
    assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true, typed);
  }

  // The limit page's earlier refund, in USD: 12,500 is recorded as USD 12,500.00.
  await open(ctx, "#/customer/woodgrove/limit", "record-refund");
  const rows = await page.getByTestId("ledger-row").count();
  await page.getByTestId("earlier-date").fill("2026-01-15");
  await page.getByTestId("earlier-date").dispatchEvent("change");
  await page.getByTestId("earlier-usd").fill("USD 12,500");
  await page.getByTestId("earlier-note").fill("typed as the page writes it");
  await page.getByTestId("earlier-submit").click();
  await settle(async () => assert.equal(await page.getByTestId("ledger-row").count(), rows + 1));
  assert.match(await page.getByTestId("ledger-row").last().textContent(), /USD 12,500(\.00)?(?![\d,.])/);
  assertClean(ctx);
});

test("a bad purchase price is refused beside its field and the basket does not call itself empty", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await reservationPage(ctx, "contoso", "contoso-vm-d4", "exchange-panel");
  const price = page.getByTestId("exchange-purchase-price-0");
  await typeInto(price, "1OO");
  await settle(async () => assert.equal(await price.getAttribute("aria-invalid"), "true"));
  assert.equal((await errorBeside(page, price)).text, 'Unit price: expected a decimal amount such as "1234.56", found "1OO"');
  const panel = page.getByTestId("exchange-panel");
  assert.doesNotMatch(await panel.textContent(), /EmptyExchange|buys 0|returns at least one/);
  assert.equal(await page.getByTestId("exchange-errors").count(), 0);
  // What is bought is not known: no purchasesTotal of 0.00, no netPayable built on it.
  assert.equal(await page.getByTestId("purchasesTotal").getAttribute("data-amount"), null);
  assert.equal(await page.getByTestId("netPayable").getAttribute("data-amount"), null);
  assert.ok(await amountOf(page, "refundsTotal"), "what is returned is still priced");
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true);

  // A family the returns are not in is refused beside that purchase's family, not under the totals.
  await typeInto(price, "90000");
  await settle(async () => assert.equal(await page.getByTestId("exchange-submit").isDisabled(), false));
  const family = page.getByTestId("exchange-purchase-family-0");
  await family.selectOption("sql");
  await settle(async () => assert.equal(await family.getAttribute("aria-invalid"), "true"));
  assert.equal((await errorBeside(page, family)).text, "Exchanges stay inside one product family: this one mixes Compute and SQL.");
  assert.equal(await page.getByTestId("exchange-errors").count(), 0);
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), true);

  // What is about the basket as a whole stays with the totals: too little bought.
  await family.selectOption("compute");
  await typeInto(price, "100");
  await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "100.00"));
  const codes = await page.getByTestId("exchange-errors").locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.code));
  assert.deepEqual(codes, ["ExchangeValueTooLow"]);
  assertClean(ctx);
});

test("Also return offers only reservations of the same family", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  const offered = () => page.getByTestId("exchange-add-return").locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  // Contoso holds two compute reservations and one SQL database.
  await reservationPage(ctx, "contoso", "contoso-vm-d4", "exchange-panel");
  assert.deepEqual(await offered(), ["contoso-vm-b2"]);
  await page.getByTestId("exchange-add-return").selectOption("contoso-vm-b2");
  await page.getByTestId("exchange-return-quantity-1").waitFor();
  await settle(async () => assert.deepEqual(await offered(), []));

  await reservationPage(ctx, "contoso", "contoso-sql", "exchange-panel");
  assert.deepEqual(await offered(), [], "an SQL exchange is offered no compute reservation");
  // A Red Hat plan can never be exchanged: Northwind's compute exchange does not offer it.
  await reservationPage(ctx, "northwind", "northwind-vm-f4", "exchange-panel");
  assert.deepEqual(await offered(), []);
  assertClean(ctx);
});

test("owed to the customer is shown when the prices are equal", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  // contoso-vm-b2 has no customer price of its own: the customer pays the partner's.
  await reservationPage(ctx, "contoso", "contoso-vm-b2", "quote-figures");
  assert.match(await page.getByTestId("properties").textContent(), /same as the partner.s/);
  const partner = await amountOf(page, "billingRefundAmount");
  assert.ok(Number(partner) > 0);
  assert.equal(await amountOf(page, "customerRefundAmount"), partner);
  // It follows the quantity too.
  await typeInto(page.getByTestId("refund-quantity"), "1");
  await settle(async () => assert.notEqual(await amountOf(page, "billingRefundAmount"), partner));
  assert.equal(await amountOf(page, "customerRefundAmount"), await amountOf(page, "billingRefundAmount"));
  assertClean(ctx);
});

test("no support request is drafted for a refund that would be refused", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  // Over Woodgrove's limit.
  await reservationPage(ctx, "woodgrove", "woodgrove-vm-m", "support-request");
  await page.getByTestId("support-request").locator("summary").click();
  await page.getByTestId("support-refused").waitFor();
  assert.equal(await page.getByTestId("support-text").count(), 0);
  assert.equal(await page.getByTestId("copy-support").count(), 0);
  const said = await page.getByTestId("support-refused").textContent();
  assert.match(said, /^No request is drafted: support would be asked for a refund the policy refuses\. /);
  assert.match(said, /limit/);

  // One that fits is drafted; typing more units than it holds takes the draft away.
  await reservationPage(ctx, "contoso", "contoso-vm-b2", "support-request");
  await page.getByTestId("support-request").locator("summary").click();
  await page.getByTestId("support-text").waitFor();
  assert.match(await page.getByTestId("support-text").textContent(), /contoso-vm-b2/);
  await typeInto(page.getByTestId("refund-quantity"), "9");
  await page.getByTestId("support-refused").waitFor();
  assert.equal(await page.getByTestId("support-text").count(), 0);
  assert.match(await page.getByTestId("support-refused").textContent(), /9 units/);
  assertClean(ctx);
});
