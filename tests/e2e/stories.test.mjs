// Guided demo stories: a presenter picks one from the header's menu, and the side panel walks
// through it step by step, each step on its page with the element that matters outlined.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, assertClean, BROWSER_TODAY } from "./harness.mjs";

/** Each story's steps: the page (URL hash) and the element outlined. */
const STORIES = {
  "near-limit": [
    ["#/customer/woodgrove/limit", "ledger"],
    ["#/customer/woodgrove/reservation/woodgrove-vm-m", "refund-panel"],
    ["#/customer/woodgrove/limit", "planned-refund"],
  ],
  "monthly-3-years": [
    ["#/customer/contoso", "reservations"],
    ["#/customer/contoso/reservation/contoso-vm-d4", "value-over-time"],
    ["#/customer/contoso/reservation/contoso-vm-d4", "what-if"],
  ],
  "last-exchange": [
    ["#/policy", "policy-editor"],
    ["#/customer/litware/reservation/litware-vm-2026", "exchange-panel"],
    ["#/customer/litware/reservation/litware-vm-2027", "exchange-panel"],
  ],
  "bought-by-customer": [
    ["#/customer/contoso", "purchase-permission"],
    ["#/customer/contoso", "orders"],
    ["#/activity", "activity-log"],
    ["#/customer/contoso/reservation/contoso-vm-b2", "manage-panel"],
  ],
  "gbp-customer": [
    ["#/customer/northwind", "customer-name"],
    ["#/customer/northwind/reservation/northwind-sql", "value-over-time"],
    ["#/customer/northwind/limit", "ledger"],
  ],
  "2020-and-today": [
    ["#/policy", "compare"],
    ["#/customer/contoso/reservation/contoso-sql", "refund-panel"],
  ],
};

const ENGLISH_TITLES = [
  "A customer near its limit",
  "A 3-year monthly reservation",
  "The last exchange before the February 2027 change",
  "The customer bought it themselves",
  "A GBP customer",
  "2020 and today",
];

/** Picks a story from the menu, answering the question when there is work to replace. */
async function loadStory(page, code) {
  const asked = (await page.locator("[data-testid=customers-table] tbody tr, [data-testid=reservations-table]").count()) > 0
    || (await page.getByTestId("undo").isEnabled());
  await page.getByTestId("demo-stories").selectOption(code);
  if (asked) await page.getByTestId("confirm-replace").click();
  await settle(async () => assert.equal(await page.getByTestId("story-panel").getAttribute("data-story"), code));
}

/** The step shown: its page, its outlined element (beside the panel, not under it), its words. */
async function assertStep(page, [hash, testid], index, count, stepWord = "Step", ofWord = "of") {
  return settle(async () => {
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.equal(await page.getByTestId("story-step").textContent(), `${stepWord} ${index + 1} ${ofWord} ${count}`);
    const outlined = page.locator(".story-highlight");
    assert.equal(await outlined.count(), 1, `one element outlined at ${hash}`);
    assert.equal(await outlined.getAttribute("data-testid"), testid);
    // What shows of it (a scrolling box clips what is wider) is left of the panel.
    const right = await outlined.evaluate((e) => {
      let edge = e.getBoundingClientRect().right;
      for (let a = e.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") edge = Math.min(edge, a.getBoundingClientRect().right);
      }
      return edge;
    });
    const panel = await page.getByTestId("story-panel").boundingBox();
    assert.ok(right <= panel.x, `${testid} is left of the panel`);
    const text = (await page.getByTestId("story-text").textContent()).trim();
    assert.ok(text.length > 40, text);
    return text;
  });
}

test("each story walks from its first step to its last on the pages it names", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  const titles = await page.getByTestId("demo-stories").locator("option").allTextContents();
  assert.deepEqual(titles.slice(1), ENGLISH_TITLES);
  for (const [code, steps] of Object.entries(STORIES)) {
    await loadStory(page, code);
    assert.equal(await page.getByTestId("story-back").isDisabled(), true);
    const said = [];
    for (let i = 0; i < steps.length; i++) {
      if (i > 0) await page.getByTestId("story-next").click();
      said.push(await assertStep(page, steps[i], i, steps.length));
    }
    assert.equal(new Set(said).size, steps.length, `${code}: every step says something else`);
    assert.equal(await page.getByTestId("story-next").isDisabled(), true);
  }
  assertClean(ctx);
});

test("the near-limit story names the day the limit page finds, and Back goes back", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await loadStory(page, "near-limit");
  const steps = STORIES["near-limit"];
  const first = await assertStep(page, steps[0], 0, 3);
  assert.match(first, /^Woodgrove Bank has already had USD 46,450\.00 of refunds counted in the last 12 months: only USD 3,550\.00 of its USD 50,000\.00 limit is left\.$/);
  await page.getByTestId("story-next").click();
  const refused = await assertStep(page, steps[1], 1, 3);
  assert.match(refused, /^Cancelling all of woodgrove-vm-m today would count USD [\d,.]+ toward the limit/);
  // The refund panel refuses it too.
  await settle(async () => assert.match(await page.getByTestId("refund-panel").textContent(), /RefundLimitExceeded/));
  await page.getByTestId("story-next").click();
  const fits = await assertStep(page, steps[2], 2, 3);
  // Planned on the limit page as the step says, the refund fits on the day the step names.
  await page.getByTestId("plan-reservation").selectOption("woodgrove-vm-m");
  const earliest = (await page.getByTestId("plan-earliest").textContent()).trim();
  assert.ok(fits.includes(` fits on ${earliest}, `), `${fits} / ${earliest}`);
  await page.getByTestId("story-back").click();
  assert.equal(await assertStep(page, steps[1], 1, 3), refused);
  await page.getByTestId("story-back").click();
  assert.equal(await assertStep(page, steps[0], 0, 3), first);
  // Closed: no panel, no outline, the page has its width back.
  await page.getByTestId("story-close").click();
  await settle(async () => {
    assert.equal(await page.getByTestId("story-panel").count(), 0);
    assert.equal(await page.locator(".story-highlight").count(), 0);
    assert.equal(await page.evaluate(() => document.body.classList.contains("story-open")), false);
  });
  assertClean(ctx);
});

test("Undo after loading a story brings back the workspace and the day that were there", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  // The February 2027 story is told on 1 February 2027: it moves today there.
  await page.getByTestId("demo-stories").selectOption("last-exchange");
  assert.match(await page.getByTestId("confirm-question").textContent(), /\d/);
  await page.getByTestId("confirm-replace").click();
  await assertStep(page, STORIES["last-exchange"][0], 0, 3);
  assert.equal(await page.getByTestId("today").inputValue(), "2027-02-01");
  assert.match(await page.getByTestId("notice-ok").textContent(), /^Story loaded: The last exchange before the February 2027 change\./);
  await page.getByTestId("story-next").click();
  await assertStep(page, STORIES["last-exchange"][1], 1, 3);
  // On that day, the exchange panel says the exchange is a final one once it is priced.
  await page.getByTestId("exchange-purchase-price-0").fill("20000");
  await settle(async () => assert.match(await page.getByTestId("exchange-totals").textContent(), /final/i));
  await page.getByTestId("undo").click();
  await settle(async () => assert.equal(await page.getByTestId("today").inputValue(), BROWSER_TODAY));
  // The story's workspace is gone, and its panel with it.
  await settle(async () => assert.equal(await page.getByTestId("story-panel").count(), 0));
  await page.goto(ctx.server.url + "#/");
  await settle(async () => {
    const rows = await page.locator("[data-testid=customers-table] tbody tr").count();
    assert.equal(rows, 5);
  });
  await page.getByTestId("customer-row-woodgrove").waitFor();
  assert.equal(await page.getByTestId("customer-row-litware").count(), 0);
  assertClean(ctx);
});

test("a story in French speaks French, and follows a change to Swedish", async (t) => {
  const ctx = await start(t, { locale: "fr-FR" });
  const { page } = ctx;
  await loadStory(page, "gbp-customer");
  const steps = STORIES["gbp-customer"];
  const title = await page.getByTestId("story-title").textContent();
  assert.equal(title, "Un client facturé en GBP");
  const said = await assertStep(page, steps[0], 0, 3, "Étape", "sur");
  assert.match(said, /^Northwind Traders est facturé en GBP : .* à 1 GBP = 1,27 USD\.$/);
  await page.getByTestId("story-next").click();
  const refund = await assertStep(page, steps[1], 1, 3, "Étape", "sur");
  assert.match(refund, /^Annuler aujourd’hui rembourse [\d\s,]+GBP\s; .* en USD\s: [\d\s,]+USD\.$/);
  // The language changes under the panel: it is written again, at the same step, in Swedish.
  await page.getByTestId("locale").selectOption("sv");
  await settle(async () => assert.equal(await page.getByTestId("story-title").textContent(), "En kund som faktureras i GBP"));
  const swedish = await assertStep(page, steps[1], 1, 3, "Steg", "av");
  assert.match(swedish, /^Att avbryta i dag återbetalar /);
  for (const english of ENGLISH_TITLES) {
    assert.ok(!(await page.getByTestId("story-panel").textContent()).includes(english));
  }
  assertClean(ctx);
});

test("a story in Swedish has Swedish titles in the menu and the panel", async (t) => {
  const ctx = await start(t, { locale: "sv-SE" });
  const { page } = ctx;
  const titles = (await page.getByTestId("demo-stories").locator("option").allTextContents()).slice(1);
  assert.equal(titles.length, 6);
  for (const title of titles) assert.ok(!ENGLISH_TITLES.includes(title), title);
  await loadStory(page, "2020-and-today");
  assert.equal(await page.getByTestId("story-title").textContent(), "2020 och i dag");
  const said = await assertStep(page, STORIES["2020-and-today"][0], 0, 2, "Steg", "av");
  const [, then] = said.match(/^Välj contoso-sql i jämförelsen\. Samma avbokning i dag: enligt csp-2020 blir återbetalningen (.+?), efter /);
  // Chosen in the comparison, the table shows the figure the panel said.
  await page.getByTestId("compare-reservation").selectOption("contoso/contoso-sql");
  await settle(async () => assert.ok((await page.getByTestId("compare-table").textContent()).includes(then), then));
  assertClean(ctx);
});

test("the monthly story's later date saves on the reservation page what the panel says", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await loadStory(page, "monthly-3-years");
  const steps = STORIES["monthly-3-years"];
  await page.getByTestId("story-next").click();
  const today = await assertStep(page, steps[1], 1, 3);
  const [, savesToday] = today.match(/; at its own price, the customer saves (.+) in all\.$/);
  await settle(async () => assert.equal((await page.getByTestId("saves-today").textContent()).trim(), savesToday));
  await page.getByTestId("story-next").click();
  const later = await assertStep(page, steps[2], 2, 3);
  const [, date, savesLater] = later.match(/^Set the what-if date to (.+), three months on: cancelling then saves the customer (.+), that is /);
  assert.equal(date, "21 Feb 2027");
  await page.getByTestId("what-if").fill("2027-02-21");
  await settle(async () => assert.equal((await page.getByTestId("saves-what-if").textContent()).trim(), savesLater));
  assertClean(ctx);
});
