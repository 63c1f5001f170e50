// Not a test: takes screenshots of every page with the demo loaded, at a desktop, a small laptop
// and a phone width, for a person to look at; then a few states worth seeing (the confirmation
// before a replacement, a customer's user's view).
// Every page is shot in each language at each width; the confirmation and the customer's user's
// view in each language too.
// Usage: node tests/e2e/screens.mjs OUTDIR
import { serve, openApp } from "./harness.mjs";
const out = process.argv[2] ?? "/tmp/screens";
const server = await serve();
const app = await openApp(server);
const { page } = app;
const shot = async (name) => {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
};
for (const locale of ["fr", "sv", "en"]) {
  await page.getByTestId("locale").selectOption(locale);
  await page.waitForSelector(`html[lang=${locale}]`);
  await shot(`${locale}-0-empty`);
}
await page.getByTestId("load-demo").click();
await page.getByTestId("customer-row-woodgrove").waitFor();
const pages = [
  ["1-customers", "#/", "customers-table"],
  ["2-customer", "#/customer/woodgrove", "reservations-table"],
  ["3-reservation", "#/customer/woodgrove/reservation/woodgrove-vm-m", "value-chart"],
  ["4-limit", "#/customer/woodgrove/limit", "limit-chart"],
  ["5-policy", "#/policy", "compare"],
  ["6-activity", "#/activity", "activity-log"],
  ["7-data", "#/data", "export"],
];
for (const [locale, widths] of [["fr", [1360, 1024, 390]], ["sv", [1360, 1024, 390]], ["en", [1360, 1024, 390]]]) {
  await page.getByTestId("locale").selectOption(locale);
  await page.waitForSelector(`html[lang=${locale}]`);
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, hash, ready] of pages) {
      await page.goto(server.url + hash);
      await page.getByTestId(ready).first().waitFor();
      await shot(`${locale}-${width}-${name}`);
    }
  }
}
await page.setViewportSize({ width: 1360, height: 900 });
const megan = await page.getByTestId("acting-as").locator("option", { hasText: "megan" }).getAttribute("value");
const partner = await page.getByTestId("acting-as").inputValue();
for (const locale of ["fr", "sv", "en"]) {
  await page.goto(server.url + "#/");
  await page.getByTestId("locale").selectOption(locale);
  await page.waitForSelector(`html[lang=${locale}]`);
  await page.getByTestId("reset").click();
  await page.getByTestId("confirm-replace").waitFor();
  await shot(`${locale}-8-confirm-reset`);
  await page.getByTestId("confirm-cancel").click();
  await page.getByTestId("acting-as").selectOption(megan);
  await page.goto(server.url + "#/customer/contoso/reservation/contoso-vm-d4");
  await page.getByTestId("refund-panel").waitFor();
  await shot(`${locale}-9-customer-user-reservation`);
  await page.getByTestId("acting-as").selectOption(partner);
}
console.log("errors:", app.errors);
console.log("requests outside:", app.requests.filter((u) => !u.startsWith(server.url)));
await app.close(); await server.close();
