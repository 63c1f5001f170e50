//! Figures for the engine's hot paths, and the issue's budgets, checked:
//!
//!     cargo bench -p reservoir --bench engine
//!
//! It prints a table (median and minimum per operation) and exits non-zero when a budget is broken:
//! one refund quote within 10 µs, revaluing a 10,000-reservation portfolio within 16 ms, importing
//! 10,000 reservations from Azure's exports (read, map, scenario) within the issue's 1 s (checked
//! here natively; the page's WebAssembly figure is its own benchmark's). Most of the import's time
//! is building and dropping the `serde_json::Value` trees of 19 MB of JSON, not the mapping.
//!
//! Plain `std::time::Instant` and `std::hint::black_box`, no benchmark crate. Each figure is the
//! time of one operation, measured in batches long enough for the clock (a batch of a fast
//! operation runs it thousands of times), after a warm-up. A budget is checked against the lowest
//! of several runs' medians: a median is robust to a stray slow batch, and the lowest of several
//! medians is robust to a neighbour that compiles on the same cores for a while, so the check
//! reports the engine, not the machine's load, and does not flicker.
//!
//! Outside `cargo bench` (a debug build, or `cargo test --all-targets`, which runs this binary
//! without `--bench`), it only runs each operation a few times and checks no budget.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use reservoir::domain::calendar::Term;
use reservoir::domain::ledger::{EntryReason, LedgerEntry, RefundLedger};
use reservoir::domain::money::{Currency, UsdRate};
use reservoir::domain::policy::{PackId, Policy};
use reservoir::domain::quote::quote_refund;
use reservoir::domain::reservation::{BillingPlan, Buyer, Origin, ProductFamily, Reservation, Scope, Status};
use reservoir::domain::values::Name;
use reservoir::simulation::workspace::{Customer, Workspace};

/// One refund quote.
const QUOTE_BUDGET: Duration = Duration::from_micros(10);
/// Revaluing a customer's 10,000 reservations.
const REVALUE_BUDGET: Duration = Duration::from_millis(16);

/// Importing 10,000 reservations with their orders from Azure's JSON: read, map, scenario.
const IMPORT_BUDGET: Duration = Duration::from_secs(1);

/// The refund planner's budget: issue 15's 100 ms, held here natively. It is meant for the browser,
/// where wasm runs slower; `tests/bench/planner.mjs` measures it there, in the planner page. Half of
/// it, 50 ms, was tried here first and measured 49 to 50 ms on a loaded machine: a budget a busy CI
/// would break by chance.
const PLAN_BUDGET: Duration = Duration::from_millis(100);

/// Runs of each measurement whose medians are compared with a budget.
const RUNS: usize = 5;
/// Batches per run.
const SAMPLES: usize = 31;
/// A batch lasts at least this long, so the clock's resolution does not matter.
const MIN_BATCH: Duration = Duration::from_millis(2);

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a valid date")
}

fn name(text: &str) -> Name {
    Name::parse(text).expect("a valid name")
}

/// A reservation of one unit of compute at EUR 100; callers set what they vary.
fn reservation(id: String, term: Term, billing_plan: BillingPlan, purchase_date: NaiveDate) -> Reservation {
    Reservation {
        order_id: name(&format!("order-{id}")),
        id: name(&id),
        family: ProductFamily::compute(),
        service: None,
        sku: "Standard_D2s_v5".into(),
        region: "westeurope".into(),
        quantity: 1,
        term,
        billing_plan,
        purchase_date,
        scope: Scope::Shared,
        currency: Currency::from_code("EUR").expect("EUR is known"),
        unit_price: Decimal::ONE_HUNDRED,
        current_unit_price: None,
        customer_unit_price: None,
        used: true,
        bought_by: Buyer::Partner,
        origin: Origin::Purchase,
        display_name: None,
        status: Status::Active,
    }
}

/// A customer billed in EUR holding `count` reservations of every shape: both terms and plans,
/// four families, 1 to 10 units, purchase dates spread over the last four years (so some are
/// inside the full-refund window and some have ended), some with today's price lower, some with
/// a customer price.
fn portfolio(count: usize, today: NaiveDate) -> (Workspace, Customer) {
    let eur = Currency::from_code("EUR").expect("EUR is known");
    let mut workspace = Workspace::new(Policy::pack(PackId::Azure2026));
    workspace.rates.insert(eur, UsdRate::new(Decimal::new(108, 2)).expect("a valid rate"));
    let families = ["compute", "sql", "cosmos_db", "storage"];
    let reservations = (0..count)
        .map(|i| {
            let term = if i % 3 == 0 { Term::P1Y } else { Term::P3Y };
            let plan = if i % 2 == 0 { BillingPlan::Monthly } else { BillingPlan::Upfront };
            let days_ago = (i as u64 * 7919) % 1460;
            let purchase_date = today - chrono::Days::new(days_ago);
            let price = Decimal::new(1_000 + (i as i64 * 37) % 90_000, 2);
            let mut r = reservation(format!("r{i}"), term, plan, purchase_date);
            r.family = ProductFamily::parse(families[i % families.len()]).expect("a valid family");
            r.quantity = 1 + (i as u32 % 10);
            r.unit_price = price;
            if i % 4 == 1 {
                r.current_unit_price = Some(price * Decimal::new(9, 1));
            }
            if i % 5 == 2 {
                r.customer_unit_price = Some(price * Decimal::new(115, 2));
            }
            r
        })
        .collect();
    let customer = Customer::with_reservations(name("c1"), name("Contoso"), eur, reservations);
    (workspace, customer)
}

/// A ledger of `count` entries spread over the two years before `today`.
fn ledger(count: usize, today: NaiveDate) -> RefundLedger {
    RefundLedger::from_entries(
        (0..count)
            .map(|i| LedgerEntry {
                date: today - chrono::Days::new((i as u64 * 104_729) % 730),
                usd: Decimal::new(100 + (i as i64 * 13) % 5_000, 2),
                reason: EntryReason::Earlier { note: String::new() },
            })
            .collect(),
    )
}

/// The time of one call of `operation`: per run, the median and minimum over its batches.
struct Measured {
    /// Each run's median.
    run_medians: Vec<Duration>,
    /// The median over every batch of every run.
    median: Duration,
    /// The fastest batch.
    min: Duration,
}

fn measure(full: bool, operation: impl FnMut()) -> Measured {
    measure_in(full, RUNS, SAMPLES, operation)
}

/// [`measure`] for an operation that takes most of a second: fewer batches (3 runs of 7), so the
/// benchmark does not spend minutes on it; still the lowest of the runs' medians.
fn measure_slow(full: bool, operation: impl FnMut()) -> Measured {
    measure_in(full, 3, 7, operation)
}

fn measure_in(full: bool, runs: usize, samples: usize, mut operation: impl FnMut()) -> Measured {
    if !full {
        for _ in 0..3 {
            operation();
        }
        let start = Instant::now();
        operation();
        let once = start.elapsed();
        return Measured { run_medians: vec![once], median: once, min: once };
    }
    // Warm up, and find how many calls make a batch of at least MIN_BATCH.
    let mut batch: u32 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            operation();
        }
        if start.elapsed() >= MIN_BATCH {
            break;
        }
        batch = batch.saturating_mul(2);
    }
    let mut all = Vec::with_capacity(runs * samples);
    let mut run_medians = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut times: Vec<Duration> = (0..samples)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..batch {
                    operation();
                }
                start.elapsed() / batch
            })
            .collect();
        times.sort();
        run_medians.push(times[times.len() / 2]);
        all.extend(times);
    }
    all.sort();
    Measured { run_medians, median: all[all.len() / 2], min: all[0] }
}

/// A reservations list and an orders list (read with their schedules) as Azure writes them, for
/// `count` reservations of every shape: both terms and plans, 1 to 10 units, single and shared
/// scopes, a few cancelled and expired, IDs in mixed case between the two files.
fn azure_exports(count: usize) -> (String, String) {
    let mut reservations = Vec::with_capacity(count);
    let mut orders = Vec::with_capacity(count);
    for i in 0..count {
        let order = format!("{i:08x}-0000-4000-8000-00000000abcd");
        let id = format!("{i:08x}-1111-4000-8000-00000000ef01");
        let term = if i % 3 == 0 { "P1Y" } else { "P3Y" };
        let plan = if i % 2 == 0 { "Monthly" } else { "Upfront" };
        let day = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let state = match i % 50 {
            0 => "Cancelled",
            1 => "PendingCapacity",
            _ => "Succeeded",
        };
        let scope = if i % 4 == 0 {
            r#""appliedScopeType": "Single", "appliedScopeProperties": {"subscriptionId": "/subscriptions/00000000-0000-0000-0000-000000000001", "displayName": "Production"}"#
        } else {
            r#""appliedScopeType": "Shared""#
        };
        let quantity = 1 + i % 10;
        reservations.push(format!(
            r#"{{"id": "/providers/microsoft.capacity/reservationOrders/{order}/reservations/{id}", "name": "{id}", "type": "microsoft.capacity/reservationOrders/reservations", "location": "westeurope", "etag": 3, "sku": {{"name": "Standard_D{}s_v5"}}, "properties": {{"reservedResourceType": "VirtualMachines", "userFriendlyRenewState": "Off", "skuDescription": "Reserved VM Instance", "renew": false, "archived": false, "quantity": {quantity}, {scope}, "displayName": "VM_RI_{i}", "provisioningState": "{state}", "term": "{term}", "billingPlan": "{plan}", "displayProvisioningState": "{state}", "expiryDate": "2028-01-01", "purchaseDate": "{day}", "purchaseDateTime": "{day}T10:00:00.1234567Z", "benefitStartTime": "{day}T10:00:00.1234567Z", "instanceFlexibility": "On", "capabilities": "ApiReturnEnabled, ApiExchangeEnabled"}}}}"#,
            2 << (i % 4)
        ));
        orders.push(format!(
            r#"{{"id": "/providers/microsoft.capacity/reservationOrders/{}", "name": "{}", "type": "microsoft.capacity/reservationOrders", "etag": 5, "properties": {{"originalQuantity": {quantity}, "requestDateTime": "{day}T09:59:00Z", "billingPlan": "{plan}", "term": "{term}", "displayName": "VM_RI_{i}", "benefitStartTime": "{day}T10:00:00.1234567Z", "provisioningState": "Succeeded", "reservations": [{{"id": "/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{}"}}], "planInformation": {{"pricingCurrencyTotal": {{"currencyCode": "USD", "amount": 1234.5}}, "startDate": "{day}", "transactions": [{{"dueDate": "{day}", "paymentDate": "{day}", "pricingCurrencyTotal": {{"currencyCode": "USD", "amount": 100.0}}, "billingCurrencyTotal": {{"currencyCode": "EUR", "amount": {}.50}}, "status": "Succeeded"}}]}}}}}}"#,
            order.to_uppercase(),
            order.to_uppercase(),
            id.to_uppercase(),
            quantity * 31
        ));
    }
    (
        format!(r#"{{"value": [{}]}}"#, reservations.join(",")),
        format!(r#"{{"value": [{}]}}"#, orders.join(",")),
    )
}

fn show(duration: Duration) -> String {
    let ns = duration.as_nanos();
    if ns < 10_000 {
        format!("{ns} ns")
    } else if ns < 1_000_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{:.2} ms", ns as f64 / 1e6)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not.
    let full = std::env::args().any(|a| a == "--bench") && !cfg!(debug_assertions);
    let today = date("2026-06-15");
    let eur_rate = UsdRate::new(Decimal::new(108, 2)).expect("a valid rate");
    let azure = Policy::pack(PackId::Azure2026);

    let mut rows: Vec<(&str, Measured, Option<Duration>)> = Vec::new();

    // (a) One refund quote: 2 of the 5 units of a 3-year monthly reservation, for a customer with a
    // few earlier refunds.
    let mut monthly = reservation("r1".into(), Term::P3Y, BillingPlan::Monthly, date("2024-01-15"));
    monthly.quantity = 5;
    monthly.unit_price = Decimal::new(31_000, 2);
    let small_ledger = ledger(5, today);
    let quote = quote_refund(&monthly, 2, today, &azure, eur_rate, &small_ledger);
    assert!(quote.is_allowed(), "the benchmark's refund fits the limit: {:?}", quote.errors);
    rows.push((
        "refund quote (P3Y monthly, quote_refund)",
        measure(full, || {
            black_box(quote_refund(
                black_box(&monthly),
                black_box(2),
                black_box(today),
                &azure,
                eur_rate,
                &small_ledger,
            ));
        }),
        Some(QUOTE_BUDGET),
    ));

    // The same refund refused by the limit: the quote also searches the first day it would fit.
    let mut full_ledger = RefundLedger::new();
    full_ledger.record(LedgerEntry {
        date: date("2026-01-10"),
        usd: Decimal::from(49_000),
        reason: EntryReason::Earlier { note: String::new() },
    });
    let refused = quote_refund(&monthly, 2, today, &azure, eur_rate, &full_ledger);
    assert!(!refused.is_allowed() && refused.earliest_fit().is_some(), "{:?}", refused.errors);
    rows.push((
        "refused refund quote, with its earliest date",
        measure(full, || {
            black_box(quote_refund(black_box(&monthly), 2, black_box(today), &azure, eur_rate, &full_ledger));
        }),
        None,
    ));

    // The worst case of that search: a customer with a 10,000-entry ledger whose refund does not
    // fit on any remaining day of the term.
    let crowded_ledger = ledger(10_000, today);
    let never = quote_refund(&monthly, 2, today, &azure, eur_rate, &crowded_ledger);
    assert!(!never.is_allowed() && never.earliest_fit().is_none(), "{:?}", never.errors);
    rows.push((
        "refused, never fits, 10,000-entry ledger",
        measure(full, || {
            black_box(quote_refund(
                black_box(&monthly),
                2,
                black_box(today),
                &azure,
                eur_rate,
                &crowded_ledger,
            ));
        }),
        None,
    ));

    // (b) Revaluing a 10,000-reservation portfolio.
    let (workspace, customer) = portfolio(10_000, today);
    let revalued = workspace.revalue(&customer, today).len();
    assert!(revalued > 5_000 && revalued < 10_000, "most, not all, are active: {revalued}");
    rows.push((
        "revalue 10,000 reservations (Workspace::revalue)",
        measure(full, || {
            black_box(workspace.revalue(black_box(&customer), black_box(today)));
        }),
        Some(REVALUE_BUDGET),
    ));

    // (c) The limit over a 10,000-entry ledger, scanned and indexed.
    let big_ledger = ledger(10_000, today);
    let index = big_ledger.index(365);
    assert_eq!(index.consumed(today), big_ledger.consumed(today, 365));
    rows.push((
        "limit query, 10,000-entry ledger (consumed)",
        measure(full, || {
            black_box(big_ledger.consumed(black_box(today), 365));
        }),
        None,
    ));
    rows.push((
        "limit query, indexed (LedgerIndex::consumed)",
        measure(full, || {
            black_box(index.consumed(black_box(today)));
        }),
        None,
    ));
    rows.push((
        "  building the index (RefundLedger::index)",
        measure(full, || {
            black_box(big_ledger.index(365));
        }),
        None,
    ));

    // (d) The W4 request, text to text: parse, quote, serialize.
    let w4 = include_str!("../tests/requests/w4-refund.json");
    let (json, _) = reservoir::formats::quote_json::quote_text(w4).expect("W4 is a valid request");
    assert!(json.contains("RefundLimitExceeded"));
    rows.push((
        "W4 request → quote JSON (quote_text)",
        measure(full, || {
            black_box(reservoir::formats::quote_json::quote_text(black_box(w4)).expect("valid"));
        }),
        None,
    ));

    // (e) Importing 10,000 reservations from Azure's exports: read both files, map, make the
    // scenario (a new EUR customer, its rate, its subscription, the buys).
    use reservoir::formats::azure::book::{AzureBook, AzureFile};
    // A smoke run (a debug build under `cargo test --all-targets`) imports 500, to stay quick.
    let count = if full { 10_000 } else { 500 };
    let (list, orders) = azure_exports(count);
    let import_today = reservoir::domain::values::Date::parse("2025-12-31").expect("a date");
    let files = [
        AzureFile { name: "reservations.json", text: &list },
        AzureFile { name: "orders.json", text: &orders },
    ];
    let customer_id = name("contoso");
    let rate = reservoir::domain::values::Amount::parse("1.08").ok();
    let import = || {
        let book = AzureBook::read(&files, import_today, None).expect("the exports read");
        book.scenario(&customer_id, None, rate).expect("a scenario")
    };
    let (scenario, plan) = import();
    assert!(
        plan.reservations_added > count * 9 / 10 && plan.unpriced == 0,
        "{} added",
        plan.reservations_added
    );
    rows.push((
        if full {
            "import 10,000 Azure reservations (read, map, scenario)"
        } else {
            "import 500 Azure reservations (smoke run)"
        },
        measure_slow(full, || {
            black_box(import());
        }),
        Some(IMPORT_BUDGET),
    ));
    rows.push((
        "  reading the files (AzureBook::read)",
        measure_slow(full, || {
            black_box(AzureBook::read(&files, import_today, None).expect("the exports read"));
        }),
        None,
    ));
    rows.push((
        "  replaying what the import adds (scenario::replay)",
        measure_slow(full, || {
            black_box(reservoir::simulation::scenario::replay(black_box(&scenario)).expect("replays"));
        }),
        None,
    ));

    // (s) The imported book kept as the app keeps it, and opened again (issue 16): the stored
    // session's text, its body compact and packed (`formats/compact.rs`), then read and replayed.
    let session = reservoir::app::session::Session::restore(
        scenario.clone(),
        import_today,
        reservoir::domain::partner::Actor::admin_agent(),
    )
    .expect("the import replays");
    let stored = reservoir::app::session::write(&session, 1);
    rows.push((
        "  storing them (session::write)",
        measure_slow(full, || {
            black_box(reservoir::app::session::write(black_box(&session), 1));
        }),
        None,
    ));
    rows.push((
        "  opening them again (session::read, replay included)",
        measure_slow(full, || {
            black_box(reservoir::app::session::read(black_box(&stored)).expect("reads back"));
        }),
        None,
    ));

    // (p) The refund planner (issue 15): 20 reservations of 3-year terms, 1 to 4 units each, a
    // customer leaving all of them over the whole term. The browser's budget is 100 ms; native
    // must leave room for wasm's slower arithmetic.
    let leaving: Vec<Reservation> = (0..20)
        .map(|i| {
            let mut r = reservation(
                format!("leave-{i}"),
                Term::P3Y,
                if i % 2 == 0 { BillingPlan::Monthly } else { BillingPlan::Upfront },
                date("2025-01-15").checked_add_days(chrono::Days::new(i * 17)).expect("a date"),
            );
            r.quantity = 1 + (i as u32 % 4);
            r.unit_price =
                if i % 2 == 0 { Decimal::from(400 + 50 * i) } else { Decimal::from(9_000 + 700 * i) };
            r
        })
        .collect();
    let exits: Vec<reservoir::simulation::plan::Exit> = leaving
        .iter()
        .map(|r| reservoir::simulation::plan::Exit {
            reservation: r,
            quantity: r.quantity,
            rate: UsdRate::ONE,
        })
        .collect();
    let planned =
        reservoir::simulation::plan::plan(&exits, today, None, &azure, &small_ledger).expect("a plan");
    assert!(!planned.best.steps.is_empty(), "the benchmark's plan has steps");
    rows.push((
        "refund plan (20 reservations, 3-year terms)",
        measure_slow(full, || {
            black_box(
                reservoir::simulation::plan::plan(black_box(&exits), today, None, &azure, &small_ledger)
                    .expect("a plan"),
            );
        }),
        Some(PLAN_BUDGET),
    ));

    if full {
        println!(
            "Reservoir engine benchmark (cargo bench: {RUNS} runs × {SAMPLES} batches of at least {} ms each)",
            MIN_BATCH.as_millis()
        );
    } else {
        println!("Reservoir engine benchmark (smoke run: each operation once after warm-up, no budgets)");
    }
    println!("{:<50} {:>11} {:>11} {:>11}  budget", "operation", "median", "min", "best run");
    let mut broken = Vec::new();
    for (name, m, budget) in &rows {
        let best_run = *m.run_medians.iter().min().expect("at least one run");
        let verdict = match budget {
            None => String::new(),
            Some(b) if !full => format!("≤ {} (not checked)", show(*b)),
            Some(b) if best_run <= *b => format!("≤ {}: ok", show(*b)),
            Some(b) => {
                broken.push(format!(
                    "{name}: the best of its runs' medians is {}, over the budget of {}",
                    show(best_run),
                    show(*b)
                ));
                format!("≤ {}: BROKEN", show(*b))
            }
        };
        println!("{name:<50} {:>11} {:>11} {:>11}  {verdict}", show(m.median), show(m.min), show(best_run));
    }
    if !broken.is_empty() {
        eprintln!("budget broken:");
        for line in &broken {
            eprintln!("  {line}");
        }
        std::process::exit(1);
    }
}
