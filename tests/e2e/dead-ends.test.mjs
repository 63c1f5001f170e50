// Dead ends (issue 9, points 8 and 10): a closed reservation leads to what it became, made-up IDs
// say which order holds them, the activity log names and filters customers, the quote CSV and an
// export carry what they are about, and money is written one way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { start, settle, assertClean } from "./harness.mjs";

async function demo(t, path = "") {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  if (path) await ctx.page.goto(ctx.server.url + path);
  return ctx;
}

async function setDate(locator, iso) {
  await locator.fill(iso);
  await locator.dispatchEvent("change");
}

/** Clicks `testid` and returns the file it downloads: { name, text }. */
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  assert.equal(await file.failure(), null);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

const property = (page, label) =>
  page.locator("[data-testid=properties] tr", { has: page.locator("th", { hasText: label }) }).locator("td");

test("a partly canceled reservation links to its successor", async (t) => {
  const ctx = await demo(t, "#/customer/contoso/reservation/contoso-vm-d4");
  const { page, server } = ctx;
  await page.getByTestId("refund-quantity").fill("2");
  await settle(async () => assert.equal(await page.getByTestId("refund-submit").isDisabled(), false));
  await page.getByTestId("refund-submit").click();
  const link = page.getByTestId("successor-link");
  await link.waitFor();
  assert.match(await page.getByTestId("reservation-status").textContent(), /^Closed on 21 Nov 2026Its remaining units continue in contoso-vm-d4-2$/);
  assert.equal(await link.textContent(), "contoso-vm-d4-2");
  await link.click();
  await settle(async () => assert.equal(await page.getByTestId("reservation-id").textContent(), "contoso-vm-d4-2"));
  assert.equal(new URL(page.url()).hash, "#/customer/contoso/reservation/contoso-vm-d4-2");
  assert.equal(await property(page, "Quantity").textContent(), "8");
  assert.equal(await page.getByTestId("order-id").textContent(), "contoso-vm-d4-order", "the rest stays in its order");
  // The customer's table leads there too, from the closed row.
  await page.goto(server.url + "#/customer/contoso");
  await page.getByTestId("show-closed").check();
  const closed = page.getByTestId("reservation-row").filter({ has: page.getByTestId("reservation-link").getByText("contoso-vm-d4", { exact: true }) });
  assert.equal(await closed.getByTestId("successor-link").textContent(), "contoso-vm-d4-2");
  assertClean(ctx);
});

test("an exchanged reservation names what it became, and what it bought says its order", async (t) => {
  const ctx = await demo(t, "#/customer/contoso/reservation/contoso-vm-d4");
  const { page } = ctx;
  await page.getByTestId("exchange-purchase-price-0").fill("20000");
  await settle(async () => assert.equal(await page.getByTestId("exchange-submit").isDisabled(), false));
  await page.getByTestId("exchange-submit").click();
  const bought = page.getByTestId("exchanged-for-link");
  await bought.first().waitFor();
  // Contoso had three orders: the exchange is its fourth, and so is what it bought.
  assert.deepEqual(await bought.allTextContents(), ["res-0004"]);
  assert.match(await page.getByTestId("reservation-status").textContent(), /Exchanged for res-0004/);
  assert.doesNotMatch(await page.getByTestId("reservation-status").textContent(), /^Closed$/);
  await bought.first().click();
  await settle(async () => assert.equal(await page.getByTestId("reservation-id").textContent(), "res-0004"));
  assert.equal(await page.getByTestId("order-id").textContent(), "order-0004");
  assert.equal(await property(page, "Origin").textContent(), "Bought by an exchange");
  assertClean(ctx);
});

test("a bought reservation's ID matches its order", async (t) => {
  const ctx = await demo(t, "#/customer/woodgrove");
  const { page } = ctx;
  await page.getByTestId("buy-sku").fill("Standard_D2s_v5");
  await page.getByTestId("buy-region").fill("eastus");
  await page.getByTestId("buy-quantity").fill("1");
  await page.getByTestId("buy-price").fill("1000");
  await page.getByTestId("buy-submit").click();
  // Woodgrove had two orders: this is its third.
  const link = page.getByTestId("reservation-link").getByText("res-0003", { exact: true });
  await link.waitFor();
  await link.click();
  await settle(async () => assert.equal(await page.getByTestId("order-id").textContent(), "order-0003"));
  assertClean(ctx);
});

test("the activity log shows and filters by customer", async (t) => {
  const ctx = await demo(t, "#/activity");
  const { page } = ctx;
  const log = page.getByTestId("activity-log");
  await log.waitFor();
  assert.deepEqual(await log.locator("thead th").allTextContents(), ["Date", "Operation", "Customer", "By", "Details"]);
  const everyone = await log.getByTestId("activity-row").count();
  const named = new Set((await log.getByTestId("activity-customer-cell").allTextContents()).map((s) => s.trim()));
  for (const name of ["Contoso Ltd", "Woodgrove Bank", "Tailspin Toys AB"]) assert.ok(named.has(name), `${name} in ${[...named]}`);

  await page.getByTestId("activity-customer").selectOption("woodgrove");
  await settle(async () => assert.ok((await log.getByTestId("activity-row").count()) < everyone));
  const shown = (await log.getByTestId("activity-customer-cell").allTextContents()).map((s) => s.trim());
  assert.ok(shown.length > 0);
  assert.deepEqual([...new Set(shown)], ["Woodgrove Bank"]);
  // A customer's cell leads to its page.
  await log.getByTestId("activity-customer-cell").first().locator("a").click();
  await settle(async () => assert.equal(new URL(page.url()).hash, "#/customer/woodgrove"));

  // A removed customer's entries stay, under its last name, marked removed.
  await page.goto(ctx.server.url + "#/");
  await page.getByTestId("customer-row-tailspin").getByTestId("delete-customer").click();
  await page.goto(ctx.server.url + "#/activity");
  await page.getByTestId("activity-customer").locator("option", { hasText: "Tailspin Toys AB (removed)" }).waitFor({ state: "attached" });
  await page.getByTestId("activity-customer").selectOption("tailspin");
  await settle(async () => assert.equal(await log.getByTestId("activity-operation").first().textContent(), "Remove customer"));
  assertClean(ctx);
});

const csvLines = (text) => text.split("\r\n").filter((l) => l !== "");

test("the quote CSV names the customer, the date and the policy", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await setDate(page.getByTestId("today"), "2026-12-01");
  await page.goto(ctx.server.url + "#/customer/woodgrove/reservation/woodgrove-vm-m");
  await page.getByTestId("quote-csv").waitFor();
  const quote = await download(page, "quote-csv");
  const [header, ...lines] = csvLines(quote.text);
  assert.equal(header, "customer_id,customer_name,reservation_id,units,date,policy,policy_base,line,op,currency,amount");
  assert.ok(lines.length > 5);
  for (const line of lines) assert.ok(line.startsWith("woodgrove,Woodgrove Bank,woodgrove-vm-m,1,2026-12-01,azure-2026,azure-2026,"), line);
  assertClean(ctx);
});

test("an export keeps the simulated date, and importing it in place of everything brings it back", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  const today = page.getByTestId("today");
  await setDate(today, "2027-01-15");
  await settle(async () => assert.equal(await today.inputValue(), "2027-01-15"));
  await page.goto(ctx.server.url + "#/data");
  const file = await download(page, "export-workspace");
  const exported = JSON.parse(file.text);
  assert.equal(exported.today, "2027-01-15");
  assert.equal(exported.format, "reservoir.scenario/2");

  await setDate(today, "2027-06-30");
  await settle(async () => assert.equal(await today.inputValue(), "2027-06-30"));
  const pick = async (name, text) => {
    await page.getByTestId("import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
    await page.getByTestId("import-result").getByText(name, { exact: true }).waitFor();
  };
  await pick(file.name, file.text);
  await page.getByTestId("import-replace").click();
  await page.getByTestId("confirm-replace").click(); // replacing what is here asks first
  await settle(async () => assert.equal(await today.inputValue(), "2027-01-15"));
  // Undo brings back the day it replaced, with the scenario.
  await page.getByTestId("undo").click();
  await settle(async () => assert.equal(await today.inputValue(), "2027-06-30"));

  // A file written before the format carried the date still imports, and leaves the day alone.
  const old = { ...exported, format: "reservoir.scenario/1" };
  delete old.today;
  await pick("old-export.json", JSON.stringify(old));
  await page.getByTestId("import-replace").click();
  await page.getByTestId("confirm-replace").click(); // replacing what is here asks first
  await settle(async () => assert.match(await page.getByTestId("notice-ok").textContent(), /^Replaced with the file's workspace/));
  assert.equal(await today.inputValue(), "2027-06-30");
  assertClean(ctx);
});

test("the limit reads USD 50,000.00, and every ledger amount has its cents", async (t) => {
  const ctx = await demo(t, "#/customer/woodgrove/limit");
  const { page } = ctx;
  await page.getByTestId("limit-chart").waitFor();
  assert.equal(await page.getByTestId("limit-chart").getByTestId("chart-max").textContent(), "USD 50,000.00");
  const amounts = await page.getByTestId("ledger-row").locator("td.num").allTextContents();
  assert.deepEqual(amounts, ["USD 31,800.00", "USD 14,650.00"]);
  await page.goto(ctx.server.url + "#/activity");
  const recorded = await page.getByTestId("activity-log").getByText(/^Recorded a refund of/).allTextContents();
  assert.ok(recorded.length >= 2);
  for (const sentence of recorded) assert.match(sentence, /^Recorded a refund of USD \d{1,3}(,\d{3})*\.\d{2} made on/);
  assertClean(ctx);
});
