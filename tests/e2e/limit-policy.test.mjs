// The limit over time page and the policy page, with the demo loaded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountOf, start, settle, assertClean } from "./harness.mjs";

async function demo(t, path) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  if (path) await ctx.page.goto(ctx.server.url + path);
  return ctx;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const shownDate = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};
/** `months` calendar months before `iso`, a day the month lacks becoming its last (as chrono does). */
function monthsBefore(iso, months) {
  const [y, m, d] = iso.split("-").map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
const addDays = (iso, days) => new Date(Date.parse(iso + "T00:00:00Z") + days * 86400000).toISOString().slice(0, 10);

test("the limit over time page charts the limit and lists when each refund comes back", async (t) => {
  const ctx = await demo(t, "#/customer/woodgrove/limit");
  const { page } = ctx;
  const chart = page.getByTestId("limit-chart");
  await chart.waitFor();
  assert.equal(await chart.locator("svg path.series.limit").count(), 1, "the limit line");
  assert.equal(await chart.locator("svg path.series.line-a").count(), 1, "the used line");
  assert.equal(await chart.locator("svg path.series.line-b").count(), 0, "no planned refund yet");
  assert.match(await chart.locator("svg").getAttribute("aria-label"), /\S/);
  assert.equal(await amountOf(page, "timeline-used"), "46450.00");
  assert.equal(await amountOf(page, "timeline-left"), "3550.00");

  // model/src/demo.rs: refunds of USD 31,800 and 14,650 dated 8 and 3 months before today; each
  // comes back 365 days after its date.
  const today = await page.getByTestId("today").inputValue();
  const expected = [
    [shownDate(addDays(monthsBefore(today, 8), 365)), "31800.00"],
    [shownDate(addDays(monthsBefore(today, 3), 365)), "14650.00"],
  ];
  const rows = page.getByTestId("comes-back").locator("tbody tr");
  const shown = await Promise.all((await rows.all()).map(async (row) => [
    await row.locator("th").textContent(),
    await row.locator("[data-amount]").getAttribute("data-amount"),
  ]));
  assert.deepEqual(shown, expected);
  assertClean(ctx);
});

test("a planned refund that does not fit shows the earliest date it would", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  // What the reservation page says for the same refund.
  await page.goto(server.url + "#/customer/woodgrove/reservation/woodgrove-vm-m");
  await page.getByTestId("earliestDateThatFits").waitFor();
  const earliest = await page.getByTestId("earliestDateThatFits").textContent();
  assert.match(earliest, /^\d{1,2} \w{3} \d{4}$/);

  await page.goto(server.url + "#/customer/woodgrove/limit");
  await page.getByTestId("planned-refund").waitFor();
  assert.equal(await page.getByTestId("plan-result").count(), 0, "nothing planned yet");
  await page.getByTestId("plan-reservation").selectOption("woodgrove-vm-m");
  const quantity = page.getByTestId("plan-quantity");
  await quantity.fill("1");
  await quantity.dispatchEvent("change");

  await settle(async () => assert.equal(await page.getByTestId("plan-earliest").textContent(), earliest));
  assert.match(await page.getByTestId("plan-result").textContent(), /limit/i);
  // The chart gains the line with the planned refund.
  assert.equal(await page.getByTestId("limit-chart").locator("svg path.series.line-b").count(), 1);

  assertClean(ctx);
});

test("switching to csp-2020, then editing a parameter and applying it, makes the policy custom", async (t) => {
  const ctx = await demo(t, "#/policy");
  const { page } = ctx;
  const name = page.getByTestId("policy-name");
  await name.waitFor();
  assert.equal(await name.textContent(), "azure-2026");

  await page.getByTestId("use-csp-2020").click();
  await settle(async () => assert.equal(await name.textContent(), "csp-2020"));
  assert.match(await page.getByTestId("policy-in-force").textContent(), /csp-2020/);
  const fee = page.getByTestId("param-fee_percent");
  assert.equal(await fee.inputValue(), "12", "the source documents' 12% fee");

  await fee.fill("15");
  await fee.dispatchEvent("change");
  assert.equal(await name.textContent(), "csp-2020", "nothing changes until it is applied");
  await page.getByTestId("apply-policy").click();
  await settle(async () => assert.equal(await name.textContent(), "custom"));
  assert.equal(await page.getByTestId("param-fee_percent").inputValue(), "15");
  assert.match(await page.getByTestId("policy-in-force").textContent(), /custom/);
  assert.equal((await page.getByTestId("policy-error").textContent()).trim(), "");
  assertClean(ctx);
});

test("a bad parameter value is refused with a message and leaves the policy as it was", async (t) => {
  const ctx = await demo(t, "#/policy");
  const { page } = ctx;
  const fee = page.getByTestId("param-fee_percent");
  await fee.waitFor();
  await fee.fill("120");
  await fee.dispatchEvent("change");
  await settle(async () => assert.match(await page.getByTestId("policy-error").textContent(), /^fee_percent: /));
  await page.getByTestId("apply-policy").click();
  await settle(async () => assert.equal(await page.getByTestId("policy-name").textContent(), "azure-2026"));
  assertClean(ctx);
});

test("azure-2026's full refund window is labelled as observed, not documented", async (t) => {
  const ctx = await demo(t, "#/policy");
  const { page } = ctx;
  const row = page.getByTestId("param-row-full_refund_window_days");
  await row.waitFor();
  assert.equal(await page.getByTestId("policy-name").textContent(), "azure-2026");
  const badge = row.locator(".badge");
  assert.equal(await badge.count(), 1);
  assert.equal(await badge.textContent(), "observed, not documented");
  assert.equal(await badge.getAttribute("class"), "badge observed");
  // The refund limit itself is documented.
  assert.equal(await page.getByTestId("param-row-refund_limit_usd").locator(".badge").textContent(), "documented");
  assertClean(ctx);
});

test("the comparison shows the same refund under csp-2020, azure-2026 and the policy in force", async (t) => {
  const ctx = await demo(t, "#/policy");
  const { page } = ctx;
  const select = page.getByTestId("compare-reservation");
  await select.waitFor();
  assert.equal(await page.getByTestId("compare-table").count(), 0);
  await select.selectOption("woodgrove/woodgrove-vm-m");
  const table = page.getByTestId("compare-table");
  await table.waitFor();
  const headers = await table.locator("thead th").allTextContents();
  assert.equal(headers.length, 4, "the figure's name and three policies");
  assert.deepEqual(headers.slice(1, 3), ["csp-2020", "azure-2026"]);
  assert.match(headers[3], /azure-2026/);
  const outcomes = await page.getByTestId("compare-outcome").allTextContents();
  assert.equal(outcomes.length, 3);
  assert.equal(outcomes[1], "RefundLimitExceeded", "azure-2026 counts the canceled future payments");
  for (const row of await table.locator("tbody tr").all()) {
    assert.equal(await row.locator("td").count(), 3);
  }
  assertClean(ctx);
});
