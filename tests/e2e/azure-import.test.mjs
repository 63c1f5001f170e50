// Import from Azure on the Import & export page: Azure's own recorded exports (the reservations
// list and the three order pages, read from ../shared at test time) and a price sheet the test
// writes; the preview counts what the files hold (expected numbers counted here from the files);
// confirming adds the book in one step that Undo takes back out; a file that is neither JSON nor
// CSV is refused with its name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { serve, openApp, settle, assertClean } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const RECORDED = join(ROOT, "../shared/azure_formats/azure-cli-extensions/extracted_response_bodies");
const RESERVATIONS = "test_list_reservations__interaction0__GET_providers_Microsoft.Capacity_reservations.json";
const ORDERS = [1, 2, 3].map(
  (n) => `test_list_reservation_order__interaction${n - 1}__GET_reservationOrders_page${n}.json`,
);
const present = existsSync(join(RECORDED, RESERVATIONS));
const skip = present ? false : `the recorded Azure responses are not at ${RECORDED}`;

// The day the recordings were made near: every 3-year reservation bought in 2021 is live, every
// 1-year one has expired.
const TODAY = "2023-03-08";
const CUSTOMER = "azure-tenant";

// Every recorded SKU priced, all but the SUSE plan: the partner types that one in the preview.
const PRICE_SHEET = [
  "sku,region,term,billing_plan,currency,unit_price",
  ...["Standard_B1ls", "Standard_B1ms", "Standard_B1s", "Standard_B2ms", "Standard_B2s", "Standard_B4ms", "Standard_D2s_v3"]
    .flatMap((sku) => ["P1Y", "P3Y"].flatMap((term) => [`${sku},,${term},Monthly,USD,5.00`, `${sku},,${term},Upfront,USD,150`])),
].join("\n");

// Cost Management's MCA export of the tenant's reservation transactions: one earlier refund in USD,
// which goes into the refund-limit ledger.
const REFUND_USD = "1200.50";
const TRANSACTIONS = `Amount,ArmSkuName,BillingFrequency,BillingProfileId,Currency,EventDate,EventType,Quantity,Region,ReservationOrderId,Term
-${REFUND_USD},Standard_D2s_v3,OneTime,BP1,USD,2023-02-14T00:00:00Z,Refund,1,eastus,/providers/Microsoft.Capacity/reservationOrders/order-z,P3Y
`;

/** What the recorded reservations list says, counted from the file itself. */
function expected() {
  const list = JSON.parse(readFileSync(join(RECORDED, RESERVATIONS), "utf8")).value;
  const years = { P1Y: 1, P3Y: 3 };
  const live = list.filter((r) => {
    const p = r.properties;
    if (p.provisioningState !== "Succeeded") return false;
    const end = new Date(p.purchaseDate);
    end.setUTCFullYear(end.getUTCFullYear() + years[p.term]);
    return new Date(p.purchaseDate) <= new Date(TODAY) && end > new Date(TODAY);
  });
  const unpriced = live.filter((r) => r.sku.name.startsWith("sles_"));
  return { total: list.length, live, skipped: list.length - live.length, unpriced };
}

/** The app on TODAY (the recordings' time), on the Import & export page. */
async function openOn(t) {
  const server = await serve();
  const app = await openApp(server, { path: "about:blank", pinDate: false, waitFor: null });
  t.after(async () => {
    await app.close();
    await server.close();
  });
  await app.context.clock.setFixedTime(new Date(`${TODAY}T09:30:00Z`));
  await app.page.goto(server.url + "#/data");
  await app.page.getByTestId("azure-import").waitFor();
  return { server, app, page: app.page };
}

async function tempFile(t, name, text) {
  const dir = await mkdtemp(join(tmpdir(), "reservoir-azure-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const text = async (page, testid) => (await page.getByTestId(testid).textContent()).trim();

test("Azure's recorded exports and a price sheet are previewed, imported in one step, and Undo takes them out", { skip }, async (t) => {
  const ctx = await openOn(t);
  const { page, server } = ctx;
  const want = expected();
  assert.ok(want.live.length > 0 && want.skipped > 0 && want.unpriced.length === 1, "the recordings hold live, skipped and SUSE reservations");
  const sheet = await tempFile(t, "prices.csv", PRICE_SHEET);
  const transactions = await tempFile(t, "transactions.csv", TRANSACTIONS);
  const files = [join(RECORDED, RESERVATIONS), ...ORDERS.map((o) => join(RECORDED, o)), sheet, transactions];

  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-name").fill("Recorded tenant");
  await page.getByTestId("azure-files").setInputFiles(files);
  await page.getByTestId("azure-preview").waitFor();

  // Each file read, with its kind and records.
  const read = await page.getByTestId("azure-files-read").locator("li").allTextContents();
  assert.equal(read.length, 6);
  assert.match(read[0], new RegExp(`^${RESERVATIONS.replace(/\./g, "\\.")}: reservations, ${want.total} records$`));
  for (const [i, order] of ORDERS.entries()) {
    const count = JSON.parse(readFileSync(join(RECORDED, order), "utf8")).value.length;
    assert.equal(read[i + 1], `${order}: reservation orders, ${count} records`);
  }
  assert.equal(read[4], `prices.csv: price sheet, ${PRICE_SHEET.split("\n").length - 1} records`);
  assert.equal(read[5], "transactions.csv: reservation transactions (MCA CSV), 1 record");
  assert.equal(await text(page, "azure-refunds"), "1 refund for the refund-limit ledger");

  assert.equal(await text(page, "azure-to-customer"), `${want.live.length} reservations to import for ${CUSTOMER}, billed in USD`);
  assert.equal(await text(page, "azure-skipped-heading"), `${want.skipped} reservations skipped`);
  const skipped = await page.getByTestId("azure-skipped").locator("li").allTextContents();
  assert.equal(skipped.length, want.skipped);
  // Each with its place in its file.
  for (const line of skipped) assert.match(line, new RegExp(`^${RESERVATIONS.replace(/\./g, "\\.")}: value\\[\\d+\\]`));
  assert.ok(skipped.some((l) => /: cancelled$/.test(l)), skipped.join("\n"));

  // The SUSE plan has no price in any file: nothing can be imported until it is typed.
  assert.match(await text(page, "azure-unpriced"), /^1 reservation without a price/);
  const suse = want.unpriced[0];
  // Its field is the one for its SKU, region, term and plan.
  assert.equal(await page.getByTestId("azure-price-row").count(), 1);
  assert.match(await page.getByTestId("azure-price-row").textContent(), new RegExp(`^${suse.sku.name} · ${suse.location} · `));
  await page.getByTestId("azure-price").fill("120.00");
  await page.getByTestId("azure-price").dispatchEvent("change");

  await page.getByTestId("azure-confirm").click();
  await settle(async () =>
    assert.equal(
      await text(page, "notice-ok"),
      `Imported. Reservations added: ${want.live.length}; already there: 0; refunds added to the ledger: 1. Undo takes it back out.`,
    ),
  );

  // The customer's page lists the book, with the IDs the files give.
  await page.goto(server.url + `#/customer/${CUSTOMER}`);
  await page.getByTestId("reservations-table").waitFor();
  await settle(async () => assert.equal(await page.getByTestId("reservation-row").count(), want.live.length));
  const table = await page.getByTestId("reservations-table").textContent();
  for (const r of want.live) assert.ok(table.includes(r.name), `${r.name} listed`);
  // The earlier refund counts toward the limit from the first minute.
  assert.equal(await page.getByTestId("customer-limit-used").first().getAttribute("data-amount"), REFUND_USD);
  // A reservation's page shows its IDs and the display name Azure gave it.
  const first = want.live[0];
  await page.goto(server.url + `#/customer/${CUSTOMER}/reservation/${first.name}`);
  await settle(async () => assert.equal(await text(page, "reservation-id"), first.name));
  assert.equal(await text(page, "order-id"), first.id.split("/")[4]);
  assert.equal(await text(page, "display-name"), first.properties.displayName);

  // The same files again add nothing, and say so.
  await page.goto(server.url + "#/data");
  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-files").setInputFiles(files);
  await page.getByTestId("azure-preview").waitFor();
  await page.getByTestId("azure-confirm").click();
  await settle(async () =>
    assert.equal(await text(page, "notice-ok"), `Nothing added: everything is already there (reservations: ${want.live.length}; refunds: 1).`),
  );

  // Undo takes the whole import back out in one step.
  await page.goto(server.url + "#/");
  await page.getByTestId(`customer-row-${CUSTOMER}`).waitFor();
  await page.getByTestId("undo").click();
  await settle(async () => assert.equal(await page.getByTestId(`customer-row-${CUSTOMER}`).count(), 0));
  assertClean(ctx);
});

test("a file that is neither JSON nor CSV is refused with its name, and nothing is imported", async (t) => {
  const ctx = await openOn(t);
  const { page } = ctx;
  const prose = await tempFile(t, "notes.txt", "Dear partner,\nhere are the reservations we talked about.\n");
  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-files").setInputFiles([prose]);
  await settle(async () => assert.match(await text(page, "azure-error"), /^notes\.txt: .*nothing was imported\.$/));
  assert.equal(await page.getByTestId("azure-preview").count(), 0);
  assert.equal(await page.getByTestId("azure-confirm").isDisabled(), true);
  assertClean(ctx);
});

test("a customer billed in euros without a rate to USD is asked for one before anything is imported", { skip }, async (t) => {
  const ctx = await openOn(t);
  const { page, server } = ctx;
  const want = expected();
  const sheet = await tempFile(t, "prices.csv", PRICE_SHEET.replace(/,USD,/g, ",EUR,"));
  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-currency").selectOption("EUR");
  await page.getByTestId("azure-files").setInputFiles([join(RECORDED, RESERVATIONS), sheet]);
  await page.getByTestId("azure-preview").waitFor();
  assert.equal(await text(page, "azure-to-customer"), `${want.live.length} reservations to import for ${CUSTOMER}, billed in EUR`);
  await page.getByTestId("azure-price").fill("110.00");
  await page.getByTestId("azure-price").dispatchEvent("change");
  // The workspace has no rate for EUR: the plan asks for one, and nothing can be confirmed yet.
  await settle(async () => assert.match(await text(page, "azure-plan-error"), /^No rate to USD for EUR yet/));
  assert.equal(await page.getByTestId("azure-confirm").isDisabled(), true);
  await page.getByTestId("azure-rate").fill("1.08");
  await page.getByTestId("azure-rate").dispatchEvent("change");
  await settle(async () => assert.equal(await page.getByTestId("azure-confirm").isDisabled(), false));
  await page.getByTestId("azure-confirm").click();
  await settle(async () => assert.match(await text(page, "notice-ok"), new RegExp(`^Imported\\. Reservations added: ${want.live.length};`)));
  await page.goto(server.url + `#/customer/${CUSTOMER}`);
  await settle(async () => assert.equal(await page.getByTestId("reservation-row").count(), want.live.length));
  assert.equal(await page.getByTestId("rate-input").inputValue(), "1.08");
  assertClean(ctx);
});

test("a file over 20 MB is refused by its name and size, and the book chosen before is not imported", async (t) => {
  const ctx = await openOn(t);
  const { page } = ctx;
  // 21 MiB of a JSON list: refused by its size alone (the page never reads it).
  const huge = await tempFile(t, "huge-reservations.json", "[" + " ".repeat(21 * 1024 * 1024) + "]");
  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-files").setInputFiles([huge]);
  await settle(async () =>
    assert.match(await text(page, "azure-error"), /^huge-reservations\.json: .*at most 20 MiB, found 22,020,098 bytes/),
  );
  assert.equal(await page.getByTestId("azure-preview").count(), 0);
  assert.equal(await page.getByTestId("azure-confirm").isDisabled(), true);
  // Files that can be read, chosen next, are previewed as usual: the refusal left nothing behind.
  const sheet = await tempFile(t, "prices.csv", PRICE_SHEET);
  await page.getByTestId("azure-files").setInputFiles([sheet]);
  await page.getByTestId("azure-preview").waitFor();
  assert.equal(await page.getByTestId("azure-error").count(), 0);
  assertClean(ctx);
});

test("an EA transactions CSV and the Consumption API's transactions JSON are known by their content, and their refunds reach the ledger", { skip }, async (t) => {
  const ctx = await openOn(t);
  const { page, server } = ctx;
  const want = expected();
  // Enterprise Agreement columns, as Cost Management exports them; a refund is a negative amount.
  const ea = await tempFile(t, "ea-export.csv", [
    "AccountName,AccountOwnerEmail,Amount,ArmSkuName,BillingFrequency,BillingMonth,CostCenter,Currency,CurrentEnrollmentId,DepartmentName,Description,EventDate,EventType,MonetaryCommitment,Overage,PurchasingSubscriptionGuid,PurchasingSubscriptionName,PurchasingEnrollment,Quantity,Region,ReservationOrderId,ReservationOrderName,Term",
    "Contoso,owner@contoso.example,-300.25,Standard_B1s,OneTime,2023-01-01,CC1,USD,E100,Dept,Reserved VM,2023-01-10T00:00:00Z,Refund,0,0,11111111-2222-3333-4444-555555555555,Prod,E100,1,eastus,/providers/Microsoft.Capacity/reservationOrders/order-ea,VM_RI,P3Y",
  ].join("\n"));
  // The Consumption API's list (`…/reservationTransactions`), one refund.
  const consumption = await tempFile(t, "transactions.json", JSON.stringify({
    value: [{
      id: "/providers/Microsoft.Billing/billingAccounts/123/providers/Microsoft.Consumption/reservationTransactions/tx1",
      name: "tx1", type: "Microsoft.Consumption/modernReservationTransactions",
      properties: { eventType: "Refund", eventDate: "2023-02-20T00:00:00Z", amount: -99.5, currency: "USD", quantity: 1, reservationOrderId: "/providers/Microsoft.Capacity/reservationOrders/order-json" },
    }],
  }));
  const sheet = await tempFile(t, "prices.csv", PRICE_SHEET);
  await page.getByTestId("azure-customer").fill(CUSTOMER);
  await page.getByTestId("azure-files").setInputFiles([join(RECORDED, RESERVATIONS), sheet, ea, consumption]);
  await page.getByTestId("azure-preview").waitFor();
  const read = await page.getByTestId("azure-files-read").locator("li").allTextContents();
  assert.deepEqual(read.slice(2), [
    "ea-export.csv: reservation transactions (EA CSV), 1 record",
    "transactions.json: reservation transactions (JSON), 1 record",
  ]);
  assert.equal(await text(page, "azure-refunds"), "2 refunds for the refund-limit ledger");
  await page.getByTestId("azure-price").fill("120.00");
  await page.getByTestId("azure-price").dispatchEvent("change");
  await page.getByTestId("azure-confirm").click();
  await settle(async () => assert.match(await text(page, "notice-ok"), new RegExp(`^Imported\\. Reservations added: ${want.live.length}; already there: 0; refunds added to the ledger: 2\\.`)));
  await page.goto(server.url + `#/customer/${CUSTOMER}`);
  await page.getByTestId("reservations-table").waitFor();
  // 300.25 + 99.50, both inside the last 365 days on 8 March 2023.
  assert.equal(await page.getByTestId("customer-limit-used").first().getAttribute("data-amount"), "399.75");
  assertClean(ctx);
});

test("importing into a customer billed in euros reads the files' prices in euros only, and says which it could not use", { skip }, async (t) => {
  const ctx = await openOn(t);
  const { page } = ctx;
  const want = expected();
  await page.getByTestId("load-demo").click();
  await page.getByTestId("notice-ok").waitFor();
  await page.goto(ctx.server.url + "#/data");
  const sheet = await tempFile(t, "prices.csv", PRICE_SHEET);
  await page.getByTestId("azure-customer").fill("fabrikam");
  await page.getByTestId("azure-files").setInputFiles([join(RECORDED, RESERVATIONS), sheet]);
  await page.getByTestId("azure-preview").waitFor();
  assert.equal(await text(page, "azure-to-customer"), `${want.live.length} reservations to import for fabrikam, billed in EUR`);
  // The sheet's USD rows price nothing; each row that would have is named, once.
  assert.match(await text(page, "azure-unpriced"), new RegExp(`^${want.live.length} reservations without a price: type a unit price in EUR`));
  const warnings = await page.getByTestId("azure-warnings").locator("li").allTextContents();
  const otherCurrency = warnings.filter((w) => w.endsWith("a price in USD, not the customer's EUR: not used"));
  const skus = new Set(want.live.filter((r) => !r.sku.name.startsWith("sles_")).map((r) => `${r.sku.name}|${r.properties.term}|${r.properties.billingPlan ?? "Upfront"}`));
  assert.equal(otherCurrency.length, skus.size, warnings.join("\n"));
  for (const w of otherCurrency) assert.match(w, /^prices\.csv: line \d+: /);
  assert.equal(await page.getByTestId("azure-confirm").isDisabled(), true);
  // One field per SKU, region, term and plan, fewer than the reservations; a price typed in each
  // prices them all, and the whole book is imported.
  const fields = page.getByTestId("azure-price");
  const groups = await fields.count();
  assert.ok(groups > 1 && groups < want.live.length, `${groups} fields`);
  // A price that cannot be read is said beside its field, which is marked invalid.
  await fields.nth(0).fill("1OO");
  await fields.nth(0).dispatchEvent("change");
  await settle(async () => assert.equal(await fields.nth(0).getAttribute("aria-invalid"), "true"));
  const priceError = page.locator(`[id="${await fields.nth(0).getAttribute("aria-describedby")}"]`);
  assert.match(await priceError.textContent(), /"1OO"/);
  for (let i = 0; i < groups; i++) {
    await fields.nth(i).fill("100.00");
    await fields.nth(i).dispatchEvent("change");
  }
  await settle(async () => assert.equal(await page.getByTestId("azure-confirm").isDisabled(), false));
  await page.getByTestId("azure-confirm").click();
  await settle(async () => assert.match(await text(page, "notice-ok"), new RegExp(`^Imported\\. Reservations added: ${want.live.length};`)));
  assertClean(ctx);
});
