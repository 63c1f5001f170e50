// WCAG 2.2 A and AA, as axe-core (npm) checks them in Chromium, on every page with the demo loaded
// and in every language the app speaks: the customers list, a customer, a reservation, a limit,
// the refund planner (its form, a refused quantity, a plan),
// the policy, the activity log, import & export with an Azure import's preview, the printable
// estimate, the training page, a demo story's panel, the confirmation a replacement asks, the recovery view, and a customer's user's view.
// Zero violations. (Issue 14, point 1: the rule engine's part; what no rule engine sees is tested
// by the keyboard walkthrough.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start, settle, assertClean } from "./harness.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe's violations on the page as it is now, each as one readable line. */
async function violations(page, where) {
  // Evaluated through the DevTools protocol, as a test's own code: the page's
  // Content-Security-Policy, which lets no script in but the app's, does not apply to it.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
  );
}

/** A tiny reservations list and a price sheet, as an Azure import's preview reads them. */
async function azureFiles(t) {
  const dir = await mkdtemp(join(tmpdir(), "reservoir-axe-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const list = join(dir, "reservations.json");
  await writeFile(list, JSON.stringify({ value: [
    { id: "/providers/microsoft.capacity/reservationOrders/o-1/reservations/r-1", name: "r-1", location: "westeurope", sku: { name: "Standard_D2s_v5" },
      properties: { reservedResourceType: "VirtualMachines", quantity: 2, appliedScopeType: "Shared", provisioningState: "Succeeded", term: "P1Y", billingPlan: "Monthly", purchaseDate: "2026-03-01" } },
    { id: "/providers/microsoft.capacity/reservationOrders/o-2/reservations/r-2", name: "r-2", location: "westeurope", sku: { name: "Standard_E4s_v5" },
      properties: { reservedResourceType: "VirtualMachines", quantity: 1, appliedScopeType: "Shared", provisioningState: "Cancelled", term: "P1Y", purchaseDate: "2026-01-01" } },
  ] }));
  return [list];
}

for (const locale of ["en-GB", "fr-FR", "sv-SE"]) {
  test(`every page passes axe's WCAG 2.2 A and AA rules in ${locale}`, async (t) => {
    const ctx = await start(t, { locale });
    const { page, server } = ctx;
    const found = [];
    const check = async (path, ready, where = path) => {
      if (path !== null) await page.goto(server.url + path);
      await page.locator(ready).first().waitFor();
      found.push(...(await violations(page, where)));
    };

    await check("#/", "header.top", "empty customers list");
    await page.getByTestId("load-demo").click();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    await check("#/", "[data-testid=customer-row-woodgrove]", "customers list");
    await check("#/customer/woodgrove", "[data-testid=reservations-table]");
    await check("#/customer/woodgrove/reservation/woodgrove-vm-m", "[data-testid=refund-panel]");
    await check("#/customer/contoso/reservation/contoso-vm-d4", "[data-testid=exchange-panel], [data-testid=refund-panel]");
    await check("#/customer/woodgrove/limit", "main h1");
    await check("#/customer/woodgrove/plan", "[data-testid=planner-form]", "refund planner");
    await page.getByTestId("planner-units-woodgrove-sql").fill("1");
    await page.getByTestId("planner-units-woodgrove-vm-m").fill("9");
    await page.getByTestId("planner-plan").click();
    await check(null, "[aria-invalid=true]", "refund planner, a quantity refused");
    await page.getByTestId("planner-units-woodgrove-vm-m").fill("1");
    await page.getByTestId("planner-plan").click();
    await check(null, "[data-testid=plan-total]", "refund planner, a plan");
    await check("#/customer/contoso/reservation/contoso-vm-d4/estimate/1", "[data-testid=estimate]");
    await check("#/policy", "main h1");
    await check("#/activity", "main h1");
    await check("#/data", "[data-testid=azure-import]");
    await page.getByTestId("azure-customer").fill("tenant");
    await page.getByTestId("azure-files").setInputFiles(await azureFiles(t));
    await check(null, "[data-testid=azure-preview]", "import preview");

    // The training page: a learner named, an exercise graded with its breakdown open.
    await page.goto(server.url + "#/training");
    await page.getByTestId("training-name").fill("Ada");
    await page.getByTestId("training-start").click();
    const exercise = page.locator("[data-testid=exercise]").first();
    await exercise.getByTestId("answer").fill("1");
    await exercise.getByTestId("check").click();
    await exercise.locator("[data-testid=feedback] summary").click();
    await check(null, "[data-testid=exercise-breakdown]", "training");

    // The question asked before the demo replaces a workspace.
    await page.goto(server.url + "#/");
    await page.getByTestId("load-demo").click();
    await check(null, "[data-testid=confirm][open]", "confirmation");
    await page.keyboard.press("Escape");

    // A demo story's panel, open beside its page.
    await page.getByTestId("demo-stories").selectOption("near-limit");
    await page.getByTestId("confirm-replace").click();
    await check(null, "[data-testid=story-panel]", "story panel");
    await page.getByTestId("story-next").click();
    await check(null, "[data-testid=story-panel] [data-testid=story-step]", "story panel, second step");
    await page.getByTestId("story-close").click();

    // A customer's user: what it may not see is said, not hidden by colour.
    await page.getByTestId("acting-as").selectOption({ index: (await page.getByTestId("acting-as").locator("option").count()) - 1 });
    await check("#/customer/woodgrove", "main h1", "a customer's user's view");

    // The recovery view, over stored text that cannot be read.
    await page.evaluate(() => localStorage.setItem("reservoir.session", "{ not json"));
    await page.reload();
    await check(null, "[data-testid=recovery]", "recovery view");

    assert.deepEqual(found, [], `${found.length} violations:\n${found.join("\n")}`);
    assertClean(ctx);
  });
}

test("every chart has its numbers as a table, and an amount over the limit says so in words", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  for (const [path, chart] of [["#/customer/woodgrove/limit", "limit-chart"], ["#/customer/contoso/reservation/contoso-vm-d4", "value-chart"]]) {
    await page.goto(server.url + path);
    const figure = page.getByTestId(chart);
    await figure.waitFor();
    const numbers = figure.getByTestId("chart-numbers");
    await numbers.locator("summary").click();
    const rows = numbers.locator("tbody tr");
    assert.ok((await rows.count()) > 1, `${chart}: its numbers as rows`);
    // Each row is a date and an amount per series, written as the page writes them.
    assert.match(await rows.first().locator("th").textContent(), /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    assert.match(await rows.first().locator("td").first().textContent(), /^(USD|EUR|GBP|SEK) [\d,]+\.\d\d$|^—$/);
  }

  // Woodgrove has used 46,450 of its 50,000: an earlier refund of 5,000 puts it over.
  await page.goto(server.url + "#/customer/woodgrove/limit");
  await page.getByTestId("earlier-date").fill("2026-11-01");
  await page.getByTestId("earlier-usd").fill("5000");
  await page.getByTestId("earlier-note").fill("sweep");
  await page.getByTestId("earlier-submit").click();
  await settle(async () => assert.match(await page.getByTestId("timeline-left").textContent(), /^USD -1,450\.00$/));
  const overLimit = page.getByTestId("timeline-left").locator("xpath=..").getByTestId("over-limit");
  assert.equal(await overLimit.textContent(), "over the limit");
  await page.goto(server.url + "#/");
  const row = page.getByTestId("customer-row-woodgrove");
  await row.waitFor();
  assert.equal(await row.getByTestId("over-limit").textContent(), "over the limit");
  assert.equal(await page.getByTestId("customer-row-contoso").getByTestId("over-limit").count(), 0);
  assertClean(ctx);
});
