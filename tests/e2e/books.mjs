// Big books for the browser tests and the benchmark: a distributor's workspace as a scenario file
// (`reservoir.scenario/1`), made the same way every time (a seeded generator, no clock).
//
// IDs are Azure-shaped GUIDs with random digits, so the stored size measured is what a real book
// takes (GUIDs are what packing cannot shrink much), not the flattering size of counted IDs.

/** A small seeded generator (xorshift32): the same book for the same arguments. */
function generator(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

/**
 * A scenario of `reservations` reservations spread over `customers` customers, all bought (and
 * live) in the 11 months before `today`. The first customer holds `first` of them when given (a
 * customer with thousands of reservations); the rest are dealt round the others.
 */
export function bigBook({ reservations, customers, first = 0, today = "2026-11-21", seed = 16 }) {
  const next = generator(seed);
  const hex = (n) => Array.from({ length: n }, () => (next() % 16).toString(16)).join("");
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const commands = [];
  for (let c = 0; c < customers; c++) {
    commands.push({ date: today, command: "add_customer", customer: `cust-${String(c).padStart(3, "0")}`, name: `Customer ${c} Ltd`, currency: "USD" });
  }
  const [y, m, d] = today.split("-").map(Number);
  let order = guid();
  for (let i = 0; i < reservations; i++) {
    const c = i < first ? 0 : customers === 1 ? 0 : 1 + ((i - first) % (customers - 1));
    if (i % 3 === 0) order = guid(); // an order holds up to three reservations
    const bought = new Date(Date.UTC(y, m - 2 - (i % 11), Math.min(d, 28) - (i % 27))).toISOString().slice(0, 10);
    commands.push({
      date: today, command: "buy", customer: `cust-${String(c).padStart(3, "0")}`,
      reservation: {
        id: guid(), order_id: order, display_name: `VM_RI_${i}`,
        family: ["compute", "sql", "cosmos_db", "storage"][i % 4], sku: `Standard_D${2 << (i % 4)}s_v5`, region: ["westeurope", "eastus", "swedencentral"][i % 3],
        term: i % 3 === 0 ? "P3Y" : "P1Y", billing_plan: i % 2 === 0 ? "Monthly" : "Upfront",
        quantity: 1 + (i % 7), unit_price: ((1000 + ((i * 7919) % 500000)) / 100).toFixed(2),
        purchase_date: bought, used: true,
      },
    });
  }
  return JSON.stringify({ format: "reservoir.scenario/1", policy: "azure-2026", today, commands });
}
