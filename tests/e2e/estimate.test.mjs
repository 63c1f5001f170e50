// The printable estimate and limit summary (issue 14, point 3): from a reservation's refund quote, "Print estimate"
// opens a view for the customer; printed by Chromium (`page.pdf()`, the print CSS) on A4 and on
// Letter, its text (extracted by poppler's `pdftotext`) holds the reservation ID, the order ID and
// every figure of the quote as the reservation's page shows it, none of the app's chrome, on one
// page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start, settle, assertClean } from "./harness.mjs";

/** The PDF Chromium prints of the page, as text (layout kept), and its number of pages. */
async function printed(page, format) {
  const pdf = await page.pdf({ format, printBackground: false });
  const dir = mkdtempSync(join(tmpdir(), "reservoir-estimate-"));
  try {
    const file = join(dir, "estimate.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))[1]);
    return { text, pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text with every run of white space (no-break spaces included) as one space. */
const flat = (text) => text.replace(/[\s\u00a0\u202f]+/g, " ").trim();

/** The demo loaded, on one reservation's page, with `units` typed in the refund panel. */
async function onQuote(t, customer, reservation, units, options) {
  const ctx = await start(t, options);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.goto(server.url + `#/customer/${customer}/reservation/${reservation}`);
  await page.getByTestId("refund-panel").waitFor();
  await page.getByTestId("refund-quantity").fill(String(units));
  await page.getByTestId("quote-figures").waitFor();
  return ctx;
}

/** The quote's figures as the reservation's page shows them, by API name. */
async function shownFigures(page, names) {
  const figures = {};
  for (const name of names) {
    figures[name] = flat(await page.getByTestId("refund-panel").getByTestId(name).first().textContent());
  }
  return figures;
}

// What the app shows around a page, which a printed estimate must not carry.
const CHROME = ["Customers", "Policy", "Activity", "Import & export", "Undo", "Print estimate", "Back to the reservation", "Partner's name"];

test("a printed estimate holds the reservation's IDs and every figure the quote shows, on one A4 or Letter page with none of the app around it", async (t) => {
  const ctx = await onQuote(t, "contoso", "contoso-vm-d4", 1);
  const { page } = ctx;
  const names = ["billingRefundAmount", "pricingRefundAmount", "canceledCommitmentUsd", "customerRefundAmount", "consumedRefundsTotal", "maxRefundLimit"];
  const figures = await shownFigures(page, names);
  const orderId = (await page.getByTestId("order-id").textContent()).trim();

  await page.getByTestId("print-estimate").click();
  await page.getByTestId("estimate").waitFor();
  assert.match(page.url(), /#\/customer\/contoso\/reservation\/contoso-vm-d4\/estimate\/1$/);
  await page.getByTestId("estimate-partner").fill("Northwind Cloud Partners");
  await settle(async () => assert.equal(await page.getByTestId("estimate-parties").textContent(), "Prepared by Northwind Cloud Partners for Contoso Ltd (contoso)."));

  for (const format of ["A4", "Letter"]) {
    const { text, pages } = await printed(page, format);
    const all = flat(text);
    assert.equal(pages, 1, `${format}: ${pages} pages`);
    assert.ok(all.includes("Refund estimate"), all);
    assert.ok(all.includes("contoso-vm-d4"), "the reservation ID");
    assert.ok(all.includes(orderId), "the order ID");
    assert.ok(all.includes("Prepared by Northwind Cloud Partners for Contoso Ltd (contoso)."), all);
    for (const [name, shown] of Object.entries(figures)) {
      assert.ok(all.includes(shown), `${format}: ${name} ${shown} is printed as the page shows it\n${all}`);
    }
    assert.match(all, /This is an estimate, not an offer: Reservoir computed it on 21 Nov 2026 from the rules of the azure- ?2026 policy\./);
    for (const word of CHROME) assert.ok(!all.includes(word), `${format}: "${word}" is the app's, not the estimate's`);
  }
  // The partner's name is kept for the next estimate, beside the workspace.
  await page.reload();
  await page.getByTestId("estimate").waitFor();
  assert.equal(await page.getByTestId("estimate-partner").inputValue(), "Northwind Cloud Partners");
  assertClean(ctx);
});

test("a refused refund's estimate says so, with the limit before and after and the earliest date it fits", async (t) => {
  const ctx = await onQuote(t, "woodgrove", "woodgrove-vm-m", 1);
  const { page } = ctx;
  await settle(async () => assert.equal(await page.getByTestId("policy-errors").locator("li").count(), 1));
  const earliest = flat(await page.getByTestId("earliestDateThatFits").textContent());
  const consumed = flat(await page.getByTestId("refund-panel").getByTestId("consumedRefundsTotal").textContent());
  await page.getByTestId("print-estimate").click();
  await page.getByTestId("estimate").waitFor();
  assert.equal(flat(await page.getByTestId("estimate-earliest").textContent()), earliest);
  const { text, pages } = await printed(page, "A4");
  const all = flat(text);
  assert.equal(pages, 1);
  assert.ok(all.includes("This refund is refused today"), all);
  assert.ok(all.includes(earliest), "the earliest date it fits");
  assert.ok(all.includes(`Used before this refund ${consumed}`), all);
  // What it would leave is negative: said in words beside the figure, not by colour alone.
  assert.match(all, /Limit left after USD -\d/);
  assertClean(ctx);
});

test("the estimate is written in the app's language", async (t) => {
  const ctx = await onQuote(t, "contoso", "contoso-vm-d4", 1, { locale: "fr-FR" });
  const { page } = ctx;
  await page.getByTestId("print-estimate").click();
  await page.getByTestId("estimate").waitFor();
  const { text } = await printed(page, "A4");
  const all = flat(text);
  assert.ok(all.includes("Estimation de remboursement"), all);
  assert.ok(all.includes("Ce que le partenaire doit au client"), all);
  assert.ok(all.includes("votre partenaire Microsoft"), all);
  assert.ok(!all.includes("Refund estimate"), all);
  assertClean(ctx);
});

test("a customer's limit summary prints on one page: its figures, when amounts come back and the ledger, without the forms", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await page.goto(server.url + "#/customer/woodgrove/limit");
  await page.getByTestId("ledger").waitFor();
  assert.equal(await page.getByTestId("print-limit").isVisible(), true);
  const used = flat(await page.getByTestId("timeline-used").textContent());
  const left = flat(await page.getByTestId("timeline-left").textContent());
  const rowsOf = (rows) => rows.evaluateAll((trs) => trs.map((tr) => tr.innerText));
  const comesBack = (await rowsOf(page.getByTestId("comes-back").locator("tbody tr"))).map(flat);
  const ledger = (await rowsOf(page.getByTestId("ledger-row"))).map(flat);
  assert.ok(comesBack.length > 0 && ledger.length > 0);
  const { text, pages } = await printed(page, "A4");
  const all = flat(text);
  assert.equal(pages, 1);
  assert.ok(all.includes("Limit over time — Woodgrove Bank"), all);
  assert.ok(all.includes("Customer woodgrove, on 21 Nov 2026, under the azure-2026 policy."), all);
  assert.ok(all.includes(used) && all.includes(left), all);
  for (const row of [...comesBack, ...ledger]) {
    for (const cell of row.split(" ").filter((w) => /\d/.test(w))) assert.ok(all.includes(cell), `${cell} of "${row}" printed`);
  }
  for (const word of ["What would a refund do?", "Print limit summary", ...CHROME]) assert.ok(!all.includes(word), `"${word}" is not printed`);
  assertClean(ctx);
});

test("an exchange basket's estimate prints what is returned and bought, and refundsTotal, purchasesTotal and netPayable as the panel shows them", async (t) => {
  const ctx = await onQuote(t, "contoso", "contoso-vm-d4", 1);
  const { page } = ctx;
  await page.getByTestId("exchange-purchase-price-0").fill("20000");
  await settle(async () => assert.equal(await page.getByTestId("print-exchange-estimate").isDisabled(), false));
  const totals = {};
  for (const name of ["refundsTotal", "purchasesTotal", "netPayable"]) totals[name] = flat(await page.getByTestId("exchange-totals").getByTestId(name).textContent());
  const orderId = (await page.getByTestId("order-id").textContent()).trim();
  await page.getByTestId("print-exchange-estimate").click();
  await page.getByTestId("exchange-estimate").waitFor();
  assert.match(page.url(), /#\/customer\/contoso\/reservation\/contoso-vm-d4\/exchange-estimate$/);
  const { text, pages } = await printed(page, "Letter");
  const all = flat(text);
  assert.equal(pages, 1);
  assert.ok(all.includes("Exchange estimate") && all.includes("contoso-vm-d4") && all.includes(orderId), all);
  for (const [name, shown] of Object.entries(totals)) assert.ok(all.includes(shown), `${name} ${shown} printed\n${all}`);
  assert.ok(all.includes("USD 20,000.00"), "the purchase's unit price");
  for (const word of CHROME) assert.ok(!all.includes(word), `"${word}" is not printed`);
  // The basket is this visit's: a reload says where to make one, and nothing else.
  await page.reload();
  await page.getByTestId("exchange-estimate-missing").waitFor();
  assertClean(ctx);
});
