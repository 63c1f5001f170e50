// French and Swedish: the language menu, the first visit following the browser's languages, the
// choice kept across reloads (and not taken back by Undo), numbers, amounts and dates as each
// language writes them (CLDR, through the browser's Intl), Partner Center's words, and no English
// left on any page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean } from "./harness.mjs";

const NBSP = "\u00a0"; // Intl's space before a currency code (fr, sv) and Swedish digit groups
const NNBSP = "\u202f"; // French digit groups

async function loadDemo(page) {
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
}

async function speak(page, locale) {
  await page.getByTestId("locale").selectOption(locale);
  await page.waitForSelector(`html[lang=${locale}]`);
}

test("the first visit speaks the browser's preferred language, and English when it speaks none of Reservoir's", async (t) => {
  for (const [browser, expected, customers] of [
    ["fr-FR", "fr", "Clients"],
    ["sv-SE", "sv", "Kunder"],
    ["fr-CA", "fr", "Clients"],
    ["de-DE", "en", "Customers"],
  ]) {
    await t.test(browser, async (t) => {
      const ctx = await start(t, { locale: browser });
      const { page } = ctx;
      assert.equal(await page.locator("html").getAttribute("lang"), expected);
      assert.equal(await page.getByTestId("locale").inputValue(), expected);
      assert.equal((await page.getByTestId("nav-customers").textContent()).trim(), customers);
      assertClean(ctx);
    });
  }
});

test("the language chosen in the menu is kept across a reload, and Undo does not take it back", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  assert.deepEqual(
    await page.getByTestId("locale").locator("option").evaluateAll((os) => os.map((o) => o.value)),
    ["en", "fr", "sv"],
  );
  await loadDemo(page);
  await speak(page, "sv");
  assert.equal((await page.getByTestId("nav-customers").textContent()).trim(), "Kunder");
  // Undo takes back the demo, not the language.
  await page.getByTestId("undo").click();
  await page.getByTestId("no-customers").waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "sv");
  await page.reload();
  await page.waitForSelector("header.top");
  assert.equal(await page.locator("html").getAttribute("lang"), "sv");
  assert.equal(await page.getByTestId("locale").inputValue(), "sv");
  assert.equal((await page.getByTestId("nav-customers").textContent()).trim(), "Kunder");
  await speak(page, "en");
  await page.reload();
  await page.waitForSelector("header.top");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assertClean(ctx);
});

test("the demo loaded in French is written in French: its message and the notes its partner typed", async (t) => {
  const ctx = await start(t, { locale: "fr-FR" });
  const { page, server } = ctx;
  await loadDemo(page);
  assert.match(await page.getByTestId("notice-ok").textContent(), /^Données de démonstration chargées/);
  await page.goto(`${server.url}#/customer/woodgrove/limit`);
  await page.getByTestId("limit-chart").waitFor();
  const ledger = await page.locator("main").textContent();
  assert.ok(ledger.includes("Ticket partenaire 4411") && ledger.includes("Ticket partenaire 4630"), ledger);
  assertClean(ctx);
});

test("a language chosen in one tab is spoken in the other", async (t) => {
  const ctx = await start(t);
  const other = await ctx.context.newPage();
  await other.goto(ctx.server.url);
  await other.waitForSelector("header.top");
  await speak(ctx.page, "fr");
  await other.waitForSelector("html[lang=fr]");
  assert.equal((await other.getByTestId("nav-customers").textContent()).trim(), "Clients");
  assertClean(ctx);
});

// What the demo shows on 21 Nov 2026, in each language: amounts with Intl's own spaces and the
// code after the number, dates with CLDR's month names, Partner Center's role names.
const EXPECTED = {
  fr: {
    limitLeft: `3${NNBSP}550,00${NBSP}USD`,
    nextBack: "21 mars 2027",
    refund: `2${NNBSP}700,00${NBSP}USD`,
    ledgerDate: "21 mars 2026",
    roles: ["Agent d’administration", "Agent commercial", "Agent du support technique"],
    breakdown: "Paiement en cours au prorata",
    refused: `47${NNBSP}709,68${NBSP}USD`,
    earliest: "25 juil. 2027",
  },
  sv: {
    limitLeft: `3${NBSP}550,00${NBSP}USD`,
    nextBack: "21 mars 2027",
    refund: `2${NBSP}700,00${NBSP}USD`,
    ledgerDate: "21 mars 2026",
    roles: ["Administratörsagent", "Försäljningsagent", "Supportagent"],
    breakdown: "proportionellt beräknad",
    refused: `47${NBSP}709,68${NBSP}USD`,
    earliest: "25 juli 2027",
  },
};

for (const [locale, want] of Object.entries(EXPECTED)) {
  test(`in ${locale}, amounts, dates, roles, a refusal and the breakdown read as the language writes them`, async (t) => {
    const ctx = await start(t);
    const { page, server } = ctx;
    await loadDemo(page);
    await speak(page, locale);

    // The customer list: Woodgrove's limit left.
    const woodgrove = page.getByTestId("customer-row-woodgrove");
    assert.equal((await woodgrove.getByTestId("limit-left").textContent()).trim(), want.limitLeft);
    assert.ok((await woodgrove.textContent()).includes(want.nextBack), await woodgrove.textContent());

    // The roles, as Partner Center names them in this language.
    const options = await page.getByTestId("acting-as").locator("option").allTextContents();
    for (const role of want.roles) assert.ok(options.includes(role), `${role} in ${options}`);

    // The limit page: a ledger date.
    await page.goto(`${server.url}#/customer/woodgrove/limit`);
    await page.getByTestId("limit-chart").waitFor();
    assert.ok((await page.locator("main").textContent()).includes(want.ledgerDate));

    // A reservation's quote: the refund, the refusal with its numbers and its earliest date, and
    // the breakdown's words.
    await page.goto(`${server.url}#/customer/woodgrove/reservation/woodgrove-vm-m`);
    await page.getByTestId("refund-panel").waitFor();
    const panel = await page.getByTestId("refund-panel").textContent();
    assert.ok(panel.includes(want.refund), panel);
    assert.ok(panel.includes(want.refused), panel);
    assert.ok(panel.includes(want.earliest), panel);
    assert.ok(panel.includes("RefundLimitExceeded"), "the refusal's code stays as Azure writes it");
    assert.ok(panel.toLowerCase().includes(want.breakdown.toLowerCase()), panel);
    assertClean(ctx);
  });
}

test("in French, a form takes an amount as the page writes it, and refuses an English decimal point by name", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await loadDemo(page);
  await speak(page, "fr");
  await page.goto(`${server.url}#/customer/woodgrove/reservation/woodgrove-vm-m`);
  await page.getByTestId("current-price").waitFor();
  await page.getByTestId("current-price").fill("2.50");
  await page.getByTestId("current-price-save").click();
  await settle(async () => assert.match(await page.locator("#current-price-error").textContent(), /1234,56/));
  await page.getByTestId("current-price").fill("2,50");
  await page.getByTestId("current-price-save").click();
  await settle(async () => assert.ok((await page.getByTestId("notice-ok").textContent()).includes(`2,50${NBSP}USD`)));
  assertClean(ctx);
});

// Every text a page holds (visible or folded away: closed details, options, titles and labels), cut
// into sentences.
async function sentences(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // <noscript> speaks all three languages at once, for a browser without JavaScript.
      if (!node.parentElement.closest("noscript, script, style")) out.push(node.nodeValue);
    }
    out.push(document.title);
    for (const el of document.body.querySelectorAll("[title],[aria-label],[placeholder]")) {
      for (const name of ["title", "aria-label", "placeholder"]) if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
    return out.flatMap((text) => text.split(/[\n.:;!?—]+/)).map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean);
  });
}

/** Words of a sentence: letters only, so IDs, codes, amounts and dates are not words. */
const words = (sentence) => sentence.split(" ").filter((w) => /^[A-Za-zÀ-ÿ’']+$/.test(w));

const PAGES = [
  ["customers", "#/", "customers-table"],
  ["customer", "#/customer/woodgrove", "reservations-table"],
  ["reservation", "#/customer/woodgrove/reservation/woodgrove-vm-m", "refund-panel"],
  ["exchange-allowed", "#/customer/contoso/reservation/contoso-vm-d4", "refund-panel"],
  ["limit", "#/customer/woodgrove/limit", "limit-chart"],
  ["policy", "#/policy", "compare"],
  ["activity", "#/activity", "activity-log"],
  ["data", "#/data", "export"],
];

for (const locale of ["fr", "sv"]) {
  test(`no page in ${locale} shows an English sentence of more than three words`, async (t) => {
    const ctx = await start(t);
    const { page, server } = ctx;
    await loadDemo(page);
    const english = new Map();
    for (const [name, hash, ready] of PAGES) {
      await page.goto(server.url + hash);
      await page.getByTestId(ready).first().waitFor();
      english.set(name, new Set(await sentences(page)));
    }
    await speak(page, locale);
    const left = [];
    for (const [name, hash, ready] of PAGES) {
      await page.goto(server.url + hash);
      await page.getByTestId(ready).first().waitFor();
      for (const sentence of await sentences(page)) {
        if (words(sentence).length > 3 && english.get(name).has(sentence)) left.push(`${name}: ${sentence}`);
      }
    }
    assert.deepEqual(left, [], `English left in ${locale}`);
    assertClean(ctx);
  });
}

// What the browser's Intl says of a language's marks and months is kept (`i18n/intl.rs`), since
// asking it costs a page 30 to 60 ms. Kept or asked again, every amount and date reads the same; a
// kept entry that would change what an amount reads as is not used, and is written again.
test("amounts and dates read the same whether the browser's marks were kept or asked again, and a damaged keep is not used", async (t) => {
  for (const locale of ["en-GB", "fr-FR", "sv-SE"]) {
    const ctx = await start(t, { locale });
    const { page } = ctx;
    await page.getByTestId("load-demo").click();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    const shown = () => page.locator("[data-testid=customers-table] tbody").innerText();
    const asked = await shown();
    assert.match(asked, locale === "en-GB" ? /USD 46,450\.00/ : /46\u202F?\u00A0?450,00\s?USD/, `${locale}: ${asked}`);
    assert.match(asked, /2027/, "a date is shown");
    // Its lines: the format, the browser version, then a language each (tag, marks, months, by tabs).
    const kept = () => page.evaluate(() => localStorage.getItem("reservoir.cldr").split("\n"));
    const languages = (lines) => lines.slice(2).map((line) => line.split("\t"));
    assert.ok(languages(await kept()).some(([tag]) => tag === locale), `${locale} is kept: ${await kept()}`);
    await page.reload();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    assert.equal(await shown(), asked, `${locale}: the kept marks write what Intl wrote`);

    // What is kept is what writes the page (here an edited gap between code and number)...
    const edit = (change) => page.evaluate((change) => {
      const lines = localStorage.getItem("reservoir.cldr").split("\n");
      const field = { gap: 5, decimal: 2 }[change];
      const edited = lines.map((line, i) => {
        if (change === "browser" && i === 1) return "another browser";
        if (field === undefined || i < 2) return line;
        const fields = line.split("\t");
        fields[field] = change === "gap" ? "~" : "9";
        return fields.join("\t");
      });
      localStorage.setItem("reservoir.cldr", edited.join("\n"));
    }, change);
    await edit("gap");
    await page.reload();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    assert.match(await shown(), /USD~|~USD/, `${locale}: the kept marks are used`);
    // ...for the browser version that said it only: another version's keep is asked again.
    await edit("browser");
    await page.reload();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    assert.equal(await shown(), asked, `${locale}: another browser's keep is not used`);

    // A decimal mark that is a digit would make 46,450.00 read as another number: not used.
    await edit("decimal");
    await page.reload();
    await page.getByTestId("customer-row-woodgrove").waitFor();
    assert.equal(await shown(), asked, `${locale}: a damaged keep is asked of Intl again`);
    assert.ok(languages(await kept()).every((fields) => fields[2] !== "9"), "and kept again as Intl says");
    assertClean(ctx);
  }
});
