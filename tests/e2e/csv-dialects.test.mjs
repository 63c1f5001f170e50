// CSV for the partner's spreadsheet (issue 10, point 5): each download offers the comma-separated
// file, the same bytes in every language (point 6: what programs read does not change), and a file
// for a spreadsheet in the page's language: its separator and decimal mark, with a UTF-8 byte-order
// mark, so a French or Swedish spreadsheet opens the amounts as numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { start, assertClean } from "./harness.mjs";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function demo(t) {
  const ctx = await start(t);
  await ctx.page.getByTestId("load-demo").click();
  await ctx.page.getByTestId("customer-row-woodgrove").waitFor();
  return ctx;
}

/** Picks a language in the header's menu and waits for the page to speak it. */
async function speak(page, code) {
  await page.getByTestId("locale").selectOption(code);
  await page.locator(`html[lang=${code}]`).waitFor({ state: "attached" });
}

/** Clicks `testid` and returns the bytes of the file it downloads. */
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  assert.equal(await file.failure(), null);
  return readFileSync(await file.path());
}

/** A spreadsheet file's text after its byte-order mark, which it must start with. */
function afterBom(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [...BOM], "the file starts with the UTF-8 byte-order mark");
  return bytes.subarray(3).toString("utf8");
}

/** RFC 4180 read back with `separator`: rows of cells, quotes undone. */
function rows(text, separator) {
  const out = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) { row.push(cell); cell = ""; }
    else if (c === "\r") continue;
    else if (c === "\n") { row.push(cell); out.push(row); row = []; cell = ""; }
    else cell += c;
  }
  assert.ok(!quoted && cell === "" && row.length === 0, "the file ends with a whole row");
  return out;
}

/** A plain decimal (`-1234.50`) as a French or Swedish spreadsheet reads it: `-1234,50`. */
const decimalComma = (plain) => plain.replace(".", ",");

test("in French, the reservations' spreadsheet CSV has a byte-order mark, semicolons and decimal commas, and the comma-separated file is the English one", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.goto(server.url + "#/customer/woodgrove");
  await page.getByTestId("reservations-table").waitFor();
  const english = await download(page, "reservations-csv");
  const englishSheet = await download(page, "reservations-csv-sheet");
  // An English spreadsheet reads commas and decimal points: the same file, with the mark first.
  assert.equal(afterBom(englishSheet), english.toString("utf8"));
  assert.ok(!english.subarray(0, 3).equals(BOM), "the comma-separated file has no byte-order mark");
  assert.match(english.toString("utf8"), /^reservation_id,order_id,/);

  await speak(page, "fr");
  await page.getByTestId("reservations-table").waitFor();
  assert.ok((await download(page, "reservations-csv")).equals(english), "the comma-separated file is the same bytes in French");

  const sheet = rows(afterBom(await download(page, "reservations-csv-sheet")), ";");
  assert.deepEqual(sheet[0], rows(english.toString("utf8"), ",")[0], "the same columns, separated by semicolons");
  const line = sheet.find((r) => r[0] === "woodgrove-vm-m");
  assert.equal(line.length, sheet[0].length);
  const row = page.getByTestId("reservation-row").filter({ has: page.getByTestId("reservation-link").getByText("woodgrove-vm-m", { exact: true }) });
  const refund = await row.getByTestId("row-refund").getAttribute("data-amount");
  assert.equal(refund, "2700.00");
  assert.equal(line[sheet[0].indexOf("refund_amount")], "2700,00");
  assert.equal(line[sheet[0].indexOf("unit_price")], "3000,00");
  assert.equal(line[sheet[0].indexOf("quantity")], "1");
  // The page writes the same amount the French way, grouped; the file leaves groups out.
  assert.equal((await row.getByTestId("row-refund").textContent()).replace(/\s/g, ""), "2700,00USD");
  assertClean(ctx);
});

test("in French, a quote's spreadsheet CSV has a byte-order mark, semicolons, decimal commas and the page's labels whole", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.goto(server.url + "#/customer/woodgrove/reservation/woodgrove-vm-m");
  await page.getByTestId("quote-csv").waitFor();
  const englishQuote = rows((await download(page, "quote-csv")).toString("utf8"), ",");
  // In English the spreadsheet file is the comma-separated file, byte-order mark first.
  assert.deepEqual(rows(afterBom(await download(page, "quote-csv-sheet")), ","), englishQuote);

  await speak(page, "fr");
  await page.getByTestId("quote-csv").waitFor();
  const bytes = await download(page, "quote-csv-sheet");
  const text = afterBom(bytes);
  const [header, ...lines] = text.split("\r\n").filter((l) => l !== "");
  assert.equal(header, "customer_id;customer_name;reservation_id;units;date;policy;policy_base;line;op;currency;amount");
  const about = "woodgrove;Woodgrove Bank;woodgrove-vm-m;1;2026-11-21;azure-2026;azure-2026;";
  // The first line is the page's first breakdown line: its French label (which writes its own
  // numbers with a decimal comma, as text) is one cell, and its amount a number with a comma.
  const first = page.getByTestId("refund-breakdown").locator("tr").first();
  const label = (await first.locator("th").textContent()).trim();
  const amount = await first.locator("[data-amount]").getAttribute("data-amount");
  assert.equal(amount, "2700.00");
  assert.ok(!/[;"\n]/.test(label), "a label without a semicolon is written as it is");
  assert.equal(lines[0], `${about}${label};start;USD;2700,00`);
  // The refund to the partner, as the page's figure gives it, and a negative figure stays a number.
  const partner = await page.getByTestId("quote-figures").getByTestId("billingRefundAmount").getAttribute("data-amount");
  assert.ok(lines.some((l) => l.startsWith(about) && l.endsWith(`;equals;USD;${decimalComma(partner)}`)), text);
  assert.ok(lines.some((l) => l.endsWith(";equals;USD;-56150,00")), "the limit left after the return, below zero");
  const cells = rows(text, ";");
  assert.ok(cells.every((r) => r.length === 11), "every line has its eleven cells");

  // The comma-separated file in French: the same lines, figures and dates as in English; only the
  // labels (the page's words) are French.
  const french = rows((await download(page, "quote-csv")).toString("utf8"), ",");
  assert.equal(french.length, englishQuote.length);
  const withoutLabel = (r) => r.filter((_, i) => i !== 7);
  assert.deepEqual(french.map(withoutLabel), englishQuote.map(withoutLabel));
  assert.equal(french[1][7], label);
  assert.notEqual(label, englishQuote[1][7], "the label is the French page's");
  assertClean(ctx);
});

test("in Swedish, the limit timeline's spreadsheet CSV has semicolons and decimal commas, and the comma-separated file is the English one", async (t) => {
  const ctx = await demo(t);
  const { page, server } = ctx;
  await page.goto(server.url + "#/customer/woodgrove/limit");
  await page.getByTestId("timeline-csv").waitFor();
  const english = await download(page, "timeline-csv");

  await speak(page, "sv");
  await page.getByTestId("timeline-csv").waitFor();
  assert.ok((await download(page, "timeline-csv")).equals(english), "the comma-separated file is the same bytes in Swedish");
  const [header, first] = afterBom(await download(page, "timeline-csv-sheet")).split("\r\n");
  assert.equal(header, "date;consumed_usd;with_planned_refund_usd;limit_usd");
  const used = await page.getByTestId("timeline-used").getAttribute("data-amount");
  assert.equal(first, `2026-11-21;${decimalComma(used)};;50000,00`);
  assert.match(first, /^2026-11-21;\d+,\d\d;;50000,00$/);
  assertClean(ctx);
});
