// Acting as a customer's user (issue 9, point 7): it sees its own customer only, at its own price,
// none of the partner's facts (its buy price, Microsoft's side, the refund limit, the support
// draft), and every action it may not take is disabled with the reason before the click.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean, amountOf } from "./harness.mjs";

const OTHERS = ["Woodgrove", "Fabrikam", "Northwind", "Tailspin"];

/** The demo, acting as Megan, a user of Contoso, on `hash`. */
async function asMegan(t, hash = "") {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.getByTestId("acting-as").selectOption("customer:contoso:megan");
  await settle(async () => assert.match(await page.getByTestId("policy-in-force").textContent(), /Customer contoso · megan/));
  if (hash) await page.goto(server.url + hash);
  return ctx;
}

const mainText = (page) => page.locator("main").innerText();

test("acting as a customer's user lists only that customer, without the refund limit", async (t) => {
  const ctx = await asMegan(t);
  const { page } = ctx;
  await settle(async () => assert.equal(await page.getByTestId("customer-row-woodgrove").count(), 0));
  const rows = page.getByTestId("customers-table").locator("tbody tr");
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.testid)), ["customer-row-contoso"]);
  const text = await mainText(page);
  for (const other of OTHERS) assert.ok(!text.includes(other), `${other} is not listed`);
  assert.equal(await page.getByTestId("limit-used").count(), 0);
  assert.ok(!/Limit used|Limit left/.test(text), "no limit column");
  // Managing customers is the partner's: disabled, and why is on the page.
  assert.equal(await page.getByTestId("rename").isDisabled(), true);
  assert.equal(await page.getByTestId("delete-customer").isDisabled(), true);
  assert.equal(await page.getByTestId("add-customer-submit").isDisabled(), true);
  assert.match(await page.getByTestId("customers-why").textContent(), /^Customer contoso cannot manage customers/);
  assertClean(ctx);
});

test("a customer's user sees its own price, not the partner's", async (t) => {
  const ctx = await asMegan(t, "#/customer/contoso/reservation/contoso-vm-d4");
  const { page } = ctx;
  // Contoso pays 92.50 a month for a unit the partner buys at 84.10.
  await settle(async () => assert.equal(await page.getByTestId("unit-price").textContent(), "USD 92.50"));
  const text = await mainText(page);
  assert.ok(!text.includes("84.10"), "the partner's buy price is not on the page");
  assert.ok(!/Customer unit price|Current unit price/.test(text));
  assert.equal(await page.getByTestId("billingRefundAmount").count(), 0);
  assert.equal(await page.getByTestId("pricingRefundAmount").count(), 0);
  assert.equal(await page.getByTestId("quote-csv").count(), 0);
  assert.equal(await page.getByTestId("quote-request").count(), 0, "the reproducing request holds the partner's price");
  const owed = await amountOf(page, "customerRefundAmount");
  // What it would be owed is the amount the partner's own quote says it owes the customer.
  await page.getByTestId("acting-as").selectOption("partner:admin_agent");
  await settle(async () => assert.equal(await page.getByTestId("unit-price").textContent(), "USD 84.10"));
  assert.equal(await amountOf(page, "customerRefundAmount"), owed);
  assert.notEqual(await amountOf(page, "billingRefundAmount"), owed);
  assertClean(ctx);
});

test("a customer's user with no customer price set sees the price the partner charges it", async (t) => {
  // contoso-vm-b2 has no customer price: the partner charges Contoso what it pays.
  const ctx = await asMegan(t, "#/customer/contoso/reservation/contoso-vm-b2");
  const { page } = ctx;
  await settle(async () => assert.equal(await page.getByTestId("unit-price").textContent(), "USD 512.00"));
  const owed = await amountOf(page, "customerRefundAmount");
  assert.ok(Number(owed) > 0, owed);
  await page.getByTestId("acting-as").selectOption("partner:admin_agent");
  await settle(async () => assert.equal(await amountOf(page, "billingRefundAmount"), owed));
  assertClean(ctx);
});

test("a customer's user sees no Kept by Microsoft and no support draft", async (t) => {
  const ctx = await asMegan(t, "#/customer/contoso/reservation/contoso-sql");
  const { page } = ctx;
  await page.getByTestId("quote-figures").waitFor();
  const text = await mainText(page);
  assert.ok(!text.includes("Kept by Microsoft"), "no Kept by Microsoft");
  assert.ok(!text.includes("canceledCommitmentUsd") && !text.includes("maxRefundLimit"), "no limit figures");
  assert.equal(await page.getByTestId("refund-breakdown").count(), 0);
  assert.equal(await page.getByTestId("support-request").count(), 0);
  assert.match(await page.getByTestId("support-partner-only").textContent(), /the partner opens the support request/i);
  // The partner, on the same page, has both.
  await page.getByTestId("acting-as").selectOption("partner:helpdesk_agent");
  await settle(async () => assert.equal(await page.getByTestId("support-request").count(), 1));
  assert.ok((await mainText(page)).includes("Kept by Microsoft"));
  assertClean(ctx);
});

test("a customer's user cannot open another customer's page", async (t) => {
  const ctx = await asMegan(t);
  const { page, server } = ctx;
  for (const hash of [
    "#/customer/woodgrove",
    "#/customer/fabrikam/reservation/fabrikam-vm-e8",
    "#/customer/woodgrove/limit",
    "#/customer/no-such-customer",
  ]) {
    await page.goto(server.url + hash);
    const concerned = hash.split("/")[2];
    const hidden = page.getByTestId(hash.endsWith("/limit") ? "limit-hidden" : "customer-hidden");
    await settle(async () =>
      assert.equal(
        await hidden.textContent(),
        `You are acting as a user of customer contoso, which sees its own customer only: ${concerned} is not shown.`,
      ),
    );
    const text = await mainText(page);
    for (const other of OTHERS) assert.ok(!text.includes(other), `${hash}: ${other}`);
    assert.ok(!/USD|EUR|GBP|SEK/.test(text), `${hash}: no amount`);
  }
  assertClean(ctx);
});

test("a customer's user does not see its refund limit, and the limit page says why", async (t) => {
  const ctx = await asMegan(t, "#/customer/contoso");
  const { page, server } = ctx;
  await page.getByTestId("reservations-table").waitFor();
  assert.equal(await page.getByTestId("customer-limit-used").count(), 0);
  assert.equal(await page.getByTestId("open-limit").count(), 0);
  assert.equal(await page.getByTestId("reservations-csv").count(), 0);
  // Nor what counts toward it: not in the table, not in the policy strip.
  assert.equal(await page.getByTestId("row-counted").count(), 0);
  assert.doesNotMatch(await page.getByTestId("policy-in-force").textContent(), /limit/);
  await page.goto(server.url + "#/customer/contoso/limit");
  await settle(async () => assert.match(await page.getByTestId("limit-hidden").textContent(), /between Microsoft and the partner, at the partner's price/));
  assert.equal(await page.getByTestId("limit-chart").count(), 0);
  assertClean(ctx);
});

test("cancel and exchange are disabled for a customer's user with the reason shown before the click", async (t) => {
  const ctx = await asMegan(t, "#/customer/contoso/reservation/contoso-vm-b2");
  const { page } = ctx;
  await page.getByTestId("refund-submit").waitFor();
  const only = /^Customer contoso cannot (cancel|exchange|renew|change a reservation's scope|manage customers)[^:]*: |cannot manage customers and their subscriptions/;
  for (const [control, why] of [
    ["refund-submit", "refund-why"],
    ["exchange-submit", "exchange-why"],
    ["renew", "renew-why"],
    ["scope-select", "manage-why"],
    ["used-toggle", "used-why"],
  ]) {
    await settle(async () => assert.equal(await page.getByTestId(control).isDisabled(), true, control));
    assert.match(await page.getByTestId(why).textContent(), only, why);
  }
  assert.match(await page.getByTestId("refund-why").textContent(), /only the partner does/);
  // The exchange is priced at the partner's prices: no totals for the customer.
  assert.equal(await page.getByTestId("refundsTotal").count(), 0);
  assert.equal(await page.getByTestId("current-price").count(), 0);
  assertClean(ctx);
});

test("a customer's user may buy when its customer allows it, and is told why not before the click otherwise", async (t) => {
  const ctx = await asMegan(t, "#/customer/contoso");
  const { page } = ctx;
  await page.getByTestId("buy-form").waitFor();
  // Contoso allows purchases and Megan owns its Azure plan.
  assert.equal(await page.getByTestId("buy-submit").isDisabled(), false);
  assert.equal((await page.getByTestId("buy-why").textContent()).trim(), "");
  // Adding users or subscriptions is the partner's.
  assert.equal(await page.getByTestId("add-user").isDisabled(), true);
  assert.equal(await page.getByTestId("add-subscription").isDisabled(), true);
  assert.match(await page.getByTestId("users-why").textContent(), /^Customer contoso cannot manage customers/);
  // Priya's Northwind does not allow it.
  await page.getByTestId("acting-as").selectOption("customer:northwind:priya");
  await page.goto(ctx.server.url + "#/customer/northwind");
  await settle(async () => assert.equal(await page.getByTestId("buy-submit").isDisabled(), true));
  assert.match(await page.getByTestId("buy-why").textContent(), /^"Allow customer to purchase" is off for customer northwind/);
  assertClean(ctx);
});

test("a customer's user's activity log holds only its own customer", async (t) => {
  const ctx = await asMegan(t, "#/activity");
  const { page } = ctx;
  const rows = page.getByTestId("activity-row");
  await settle(async () => assert.ok((await rows.count()) > 0));
  const own = await rows.count();
  const text = await page.getByTestId("activity-log").innerText();
  for (const other of OTHERS) assert.ok(!text.toLowerCase().includes(other.toLowerCase()), other);
  // A purchase's details hold the partner's price: not shown.
  assert.ok(text.includes("Shown to the partner only"));
  assert.ok(!text.includes("84.10"));
  await page.getByTestId("acting-as").selectOption("partner:admin_agent");
  await settle(async () => assert.ok((await rows.count()) > own, "the partner sees every customer's entries"));
  assert.ok((await page.getByTestId("activity-log").innerText()).includes("Woodgrove"));
  assertClean(ctx);
});

test("a customer's user cannot export, import or change the policy, and reads why", async (t) => {
  const ctx = await asMegan(t, "#/data");
  const { page, server } = ctx;
  await page.getByTestId("export-workspace").waitFor();
  assert.equal(await page.getByTestId("export-workspace").isDisabled(), true);
  assert.match(await page.getByTestId("export-why").textContent(), /shown to the partner only/);
  assert.deepEqual(await page.getByTestId("export-customer").locator("option").allTextContents(), ["—", "Contoso Ltd"]);
  assert.match(await page.getByTestId("import-why").textContent(), /^Customer contoso cannot manage customers/);
  await page.goto(server.url + "#/policy");
  await page.getByTestId("apply-policy").waitFor();
  assert.equal(await page.getByTestId("apply-policy").isDisabled(), true);
  assert.equal(await page.getByTestId("use-csp-2020").isDisabled(), true);
  assert.match(await page.getByTestId("policy-why").textContent(), /^Customer contoso cannot manage customers/);
  const choices = await page.getByTestId("compare-reservation").locator("option").allTextContents();
  assert.ok(choices.length > 1 && choices.slice(1).every((c) => c.startsWith("Contoso Ltd")), choices.join(" | "));
  assertClean(ctx);
});
