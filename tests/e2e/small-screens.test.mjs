// Small screens (issue 9, point 9): no page is wider than the screen, a wide table scrolls inside
// its card with its first column kept, and chart labels keep a readable size on a phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean } from "./harness.mjs";

const PAGES = [
  ["customers", "#/", "customers-table"],
  ["customer", "#/customer/woodgrove", "reservations-table"],
  ["reservation", "#/customer/woodgrove/reservation/woodgrove-vm-m", "quote-figures"],
  ["limit", "#/customer/woodgrove/limit", "ledger-table"],
  ["planner", "#/customer/woodgrove/plan", "planner-form"],
  ["policy", "#/policy", "compare-reservation"],
  ["activity", "#/activity", "activity-log"],
  ["data", "#/data", "export"],
];

async function demo(t) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  return ctx;
}

/** [the page's width, the window's]. */
const widths = (page) => page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);

for (const width of [390, 1024]) {
  test(`no page is wider than a ${width} px screen`, async (t) => {
    const ctx = await demo(t);
    const { page, server } = ctx;
    await page.setViewportSize({ width, height: 900 });
    for (const [name, hash, testid] of PAGES) {
      await page.goto(server.url + hash);
      await page.getByTestId(testid).waitFor({ state: "attached" });
      // The comparison table appears once a reservation is chosen.
      if (name === "policy") {
        await page.getByTestId("compare-reservation").selectOption("woodgrove/woodgrove-vm-m");
        await page.getByTestId("compare-table").waitFor();
      }
      // The planner with a plan: its schedule and chart.
      if (name === "planner") {
        await page.getByTestId("planner-units-woodgrove-sql").fill("1");
        await page.getByTestId("planner-units-woodgrove-vm-m").fill("1");
        await page.getByTestId("planner-plan").click();
        await page.getByTestId("plan-chart").waitFor();
      }
      const [scroll, inner] = await widths(page);
      assert.ok(scroll <= inner, `${name} at ${width} px is ${scroll} px wide`);
    }
    assertClean(ctx);
  });
}

// A laptop window shows the whole customer list, its last column (Delete) included, in every
// language: French headings kept on one line once pushed it past a 1,100 px window.
test("the customer list fits a 1,100 px window in English, French and Swedish", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await page.setViewportSize({ width: 1100, height: 900 });
  for (const locale of ["en", "fr", "sv"]) {
    await page.getByTestId("locale").selectOption(locale);
    await page.waitForSelector(`html[lang=${locale}]`);
    const box = page.getByTestId("customers-table").locator("xpath=..");
    const [scrollWidth, clientWidth] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scrollWidth <= clientWidth, `in ${locale} the customer list is ${scrollWidth} px wide in a ${clientWidth} px card`);
    const remove = page.getByTestId("delete-customer").first();
    const [right, edge] = [(await remove.boundingBox()), await box.boundingBox()];
    assert.ok(right.x + right.width <= edge.x + edge.width, `in ${locale} Delete is inside the card`);
  }
  assertClean(ctx);
});

// A row being renamed, its name refused, still fits: the field's error once took a narrow column
// of its own beside the field, one word a line, and pushed Delete out of the card in French.
test("the customer list fits a 1,100 px window while a refused rename is shown, in every language", async (t) => {
  const ctx = await demo(t);
  const { page } = ctx;
  await page.setViewportSize({ width: 1100, height: 900 });
  const row = page.getByTestId("customer-row-woodgrove");
  for (const locale of ["en", "fr", "sv"]) {
    await page.getByTestId("locale").selectOption(locale);
    await page.waitForSelector(`html[lang=${locale}]`);
    // A change of language writes the page again, which closes the form: it is opened anew.
    await page.getByTestId("rename-input").waitFor({ state: "detached" });
    await row.getByTestId("rename").click();
    await page.getByTestId("rename-input").fill("   ");
    await page.getByTestId("rename-save").click();
    const error = page.locator("#rename-input-error");
    await page.locator("#rename-input-error:not(:empty)").waitFor();
    const box = page.getByTestId("customers-table").locator("xpath=..");
    const [scrollWidth, clientWidth] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scrollWidth <= clientWidth, `in ${locale} the list with a refused rename is ${scrollWidth} px wide in a ${clientWidth} px card`);
    const [input, said] = [await page.getByTestId("rename-input").boundingBox(), await error.boundingBox()];
    assert.ok(said.y >= input.y + input.height, `in ${locale} the error is under its field`);
    assert.ok(said.width >= input.width, `in ${locale} the error has at least its field's width (${said.width} px)`);
  }
  assertClean(ctx);
});

// On a wide screen the refund quote's breakdown starts beside its figures: the print link once took
// that place, and left an empty block beside the figures with the breakdown pushed below them.
test("a refund quote's breakdown stands beside its figures on a wide screen, the print link under them", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(server.url + "#/customer/woodgrove/reservation/woodgrove-vm-m");
  const figures = page.getByTestId("quote-figures");
  const breakdown = page.getByTestId("refund-breakdown");
  await breakdown.waitFor();
  const [f, b, print] = [await figures.boundingBox(), await breakdown.boundingBox(), await page.getByTestId("print-estimate").boundingBox()];
  assert.ok(b.x > f.x + f.width, "the breakdown is in the column beside the figures");
  assert.ok(b.y < f.y + f.height / 2, `the breakdown starts beside the figures (at ${Math.round(b.y)} px; figures ${Math.round(f.y)}-${Math.round(f.y + f.height)} px)`);
  assert.ok(print.y >= f.y + f.height && print.y < f.y + f.height + 40, "the print link is right under the figures");
  assert.ok(print.x < b.x, "the print link is in the figures' column");
  assertClean(ctx);
});

test("tables scroll inside their card with the first column kept", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(server.url + "#/customer/woodgrove");
  const table = page.getByTestId("reservations-table");
  await table.waitFor();
  const box = table.locator("xpath=..");
  const [scrollWidth, clientWidth] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
  assert.ok(scrollWidth > clientWidth, `the table (${scrollWidth} px) is wider than its card (${clientWidth} px) and scrolls`);
  const firstCell = table.locator("tbody tr").first().locator("> *").first();
  const secondCell = table.locator("tbody tr").first().locator("> *").nth(1);
  const before = [await firstCell.boundingBox(), await secondCell.boundingBox()];
  await box.evaluate((e) => { e.scrollLeft = 150; });
  await settle(async () => assert.ok((await secondCell.boundingBox()).x < before[1].x - 100, "the other columns scroll"));
  assert.ok(Math.abs((await firstCell.boundingBox()).x - before[0].x) <= 1, "the first column stays where it was");
  assert.equal(await firstCell.textContent(), "woodgrove-vm-m");
  assertClean(ctx);
});

test("chart labels stay readable on a phone", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.setViewportSize({ width: 390, height: 900 });
  for (const [hash, testid] of [["#/customer/woodgrove/reservation/woodgrove-vm-m", "value-over-time"], ["#/customer/woodgrove/limit", "limit-chart"]]) {
    await page.goto(server.url + hash);
    const chart = page.getByTestId(testid).locator("figure.chart").or(page.locator(`figure.chart[data-testid=${testid}]`));
    await chart.first().waitFor();
    // Every piece of text drawn in or beside the plot, by its rendered height and font size.
    const sizes = await chart.first().evaluate((figure) =>
      [...figure.querySelectorAll(".tick, svg text")].map((e) => ({
        text: e.textContent,
        font: parseFloat(getComputedStyle(e).fontSize) * (e.closest("svg") ? e.closest("svg").getBoundingClientRect().width / e.closest("svg").viewBox.baseVal.width : 1),
        height: e.getBoundingClientRect().height,
      })),
    );
    assert.ok(sizes.length >= 4, `${testid}: ${JSON.stringify(sizes)}`);
    for (const s of sizes) {
      assert.ok(s.font >= 11, `${testid}: "${s.text}" is drawn at ${s.font.toFixed(1)} px`);
      assert.ok(s.height >= 11, `${testid}: "${s.text}" is ${s.height.toFixed(1)} px tall`);
    }
  }
  assertClean(ctx);
});
