// Keyboard only (issue 14, point 2): Tab, Shift+Tab, Enter, Space and the arrows, never the
// mouse; where the focus is, asserted at each step. The skip link, the focus moving to a new
// page's heading, and a walk from the customers list to a reservation, a quote, a cancellation,
// Undo, and an exchange basket with a purchase added.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, settle, amountOf, assertClean } from "./harness.mjs";

/** What has the focus: its test ID, else its tag (and text, for a heading). */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return "body";
    if (e.tagName === "H1") return `h1: ${e.textContent.trim()}`;
    return e.dataset.testid ?? e.tagName.toLowerCase();
  });

/**
 * Presses `key` (Tab or Shift+Tab) until the focused element matches `selector`; fails when it
 * takes more than `most` presses (the element is not reachable, or the order went astray).
 */
async function tabTo(page, selector, { key = "Tab", most = 120 } = {}) {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press(key);
    const [reached, visible, what] = await page.evaluate((s) => {
      const e = document.activeElement;
      const style = e ? getComputedStyle(e) : null;
      // Every stop shows where the focus is: an outline or a ring.
      const ring = style && ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
      return [e?.matches(s) ?? false, e === document.body || Boolean(ring), e ? `${e.tagName} ${e.dataset.testid ?? e.textContent.trim().slice(0, 30)}` : "none"];
    }, selector);
    assert.ok(visible, `the focus on ${what} is not visible`);
    if (reached) return presses;
  }
  assert.fail(`${selector} not reached with ${most} presses of ${key}; the focus is on ${await focused(page)}`);
}

/** Waits until the focus is on the page's heading, and returns its text. */
async function headingFocused(page) {
  let text = "";
  await settle(async () => {
    text = await focused(page);
    assert.match(text, /^h1: /);
  });
  return text.slice("h1: ".length);
}

test("Tab first reaches the skip link, which takes the focus past the header to the page's heading", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "skip-link");
  // Seen when it has the focus: on screen, not clipped away.
  const box = await page.getByTestId("skip-link").boundingBox();
  assert.ok(box && box.y >= 0 && box.width >= 24 && box.height >= 24, JSON.stringify(box));
  await page.keyboard.press("Enter");
  assert.equal(await headingFocused(page), "Customers");
  assertClean(ctx);
});

test("keyboard only: from the customers list to a reservation, a quote, a cancellation, Undo, and an exchange with a purchase added", async (t) => {
  const ctx = await start(t);
  const { page } = ctx;

  // The demo, by the header's button.
  await tabTo(page, "[data-testid=load-demo]");
  await page.keyboard.press("Enter");
  await page.getByTestId("customer-row-contoso").waitFor();

  // The customers list → Contoso: the focus lands on the customer's heading.
  await tabTo(page, "[data-testid=customer-row-contoso] a[data-testid=customer-link]");
  await page.keyboard.press("Enter");
  assert.equal(await headingFocused(page), "Contoso Ltd");
  assert.match(page.url(), /#\/customer\/contoso$/);

  // Its reservations table → contoso-vm-b2.
  await tabTo(page, "a[data-testid=reservation-link][href$='/contoso-vm-b2']");
  await page.keyboard.press("Enter");
  assert.equal(await headingFocused(page), "Reservation contoso-vm-b2");

  // The quote for 1 unit: the units field, its text replaced by typing.
  await tabTo(page, "[data-testid=refund-quantity]");
  for (let i = 0; i < 4; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type("1");
  await settle(async () => assert.match(await page.getByTestId("quote-request").textContent(), /"quantity": 1\b/));
  const refund = await page.getByTestId("billingRefundAmount").first().textContent();

  // Cancel those units: the next stop is the form's button.
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "refund-submit");
  await page.keyboard.press("Enter");
  await settle(async () => assert.match(await page.getByTestId("notice-ok").textContent(), /^Returned 1 unit of contoso-vm-b2: /));
  assert.ok((await page.getByTestId("notice-ok").textContent()).includes(refund));

  // Undo, from the notice: back with Shift+Tab.
  await tabTo(page, "[data-testid=notice-undo]", { key: "Shift+Tab" });
  await page.keyboard.press("Space");
  await page.getByTestId("refund-panel").waitFor();
  await settle(async () => assert.equal(await page.getByTestId("reservation-status").count() === 0 || /Active/.test(await page.getByTestId("reservation-status").textContent()), true));

  // The exchange basket: the purchase line's price typed, a second purchase added with Space, its
  // family chosen with the arrows, its SKU and price typed.
  await tabTo(page, "[data-testid=exchange-purchase-price-0]");
  await page.keyboard.type("20000");
  await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "20000.00"));
  await tabTo(page, "[data-testid=exchange-add-purchase]");
  await page.keyboard.press("Space");
  await page.getByTestId("exchange-purchase-family-1").waitFor();
  await tabTo(page, "[data-testid=exchange-purchase-family-1]", { key: "Shift+Tab" });
  const family = await page.getByTestId("exchange-purchase-family-1").inputValue();
  await page.keyboard.press("ArrowDown");
  await settle(async () => assert.notEqual(await page.getByTestId("exchange-purchase-family-1").inputValue(), family));
  await page.keyboard.press("ArrowUp");
  await settle(async () => assert.equal(await page.getByTestId("exchange-purchase-family-1").inputValue(), family));
  await tabTo(page, "[data-testid=exchange-purchase-sku-1]");
  await page.keyboard.type("Standard_D8s_v5");
  await tabTo(page, "[data-testid=exchange-purchase-price-1]");
  await page.keyboard.type("1500");
  await settle(async () => assert.equal(await amountOf(page, "purchasesTotal"), "21500.00"));

  await tabTo(page, "[data-testid=exchange-submit]");
  assert.equal(await page.getByTestId("exchange-submit").isDisabled(), false);
  await page.keyboard.press("Enter");
  await settle(async () => assert.match(await page.getByTestId("notice-ok").textContent(), /contoso-vm-b2/));
  await settle(async () => assert.equal(await page.getByTestId("exchange-panel").count(), 0));
  assertClean(ctx);
});
