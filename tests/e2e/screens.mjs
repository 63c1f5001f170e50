// Not a test: takes screenshots of every page with the demo loaded, for a person to look at.
// Usage: node tests/e2e/screens.mjs OUTDIR
import { serve, openApp } from "./harness.mjs";
const out = process.argv[2] ?? "/tmp/screens";
const server = await serve();
const app = await openApp(server);
const { page } = app;
const shot = async (name) => { await page.waitForTimeout(150); await page.screenshot({ path: `${out}/${name}.png`, fullPage: true }); };
await shot("0-empty");
await page.getByTestId("load-demo").click();
await shot("1-customers");
await page.goto(server.url + "#/customer/woodgrove"); await shot("2-customer");
await page.goto(server.url + "#/customer/woodgrove/reservation/woodgrove-vm-m"); await shot("3-reservation");
await page.goto(server.url + "#/customer/woodgrove/limit"); await shot("4-limit");
await page.goto(server.url + "#/policy"); await shot("5-policy");
await page.goto(server.url + "#/activity"); await shot("6-activity");
await page.goto(server.url + "#/data"); await shot("7-data");
console.log("errors:", app.errors);
console.log("requests outside:", app.requests.filter((u) => !u.startsWith(server.url)));
await app.close(); await server.close();
