//! Decision tables: the engine at every edge of policy.md, for both packs, as rows of cases with
//! their expected values. One `check` helper per boundary; each table reports every failing row.
//!
//! Quotes are driven through `reservoir::formats::quote_json::quote_text`, the same path as `reservoir
//! quote`; the workspace flows through `Workspace::apply`. Every expected number is worked out by
//! hand from policy.md §3 (the working is in the comments) and written as a literal: none is
//! computed by the code under test.

use chrono::NaiveDate;
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::{ExchangeError, Purchase};
use reservoir::domain::money::Currency;
use reservoir::domain::partner::{Actor, Role};
use reservoir::domain::policy::{PackId, Policy};
use reservoir::domain::quote::RefundError;
use reservoir::domain::reservation::{
    BillingPlan, Buyer, ClosedReason, Origin, ProductFamily, Scope, Status,
};
use reservoir::domain::values::{Amount, Date, Name, Quantity};
use reservoir::formats::plain;
use reservoir::simulation::command::{
    Command, DatedCommand, NewReservation, Rejection, ReturnLine, SubscriptionKind,
};
use reservoir::simulation::workspace::Workspace;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Requests and quotes.

/// One USD reservation `r1` of one unit, used.
fn reservation(term: &str, plan: &str, bought: &str, price: &str) -> Value {
    json!({ "id": "r1", "order_id": "o1", "family": "compute", "sku": "Standard_D2s_v5",
            "region": "westeurope", "term": term, "billing_plan": plan, "purchase_date": bought,
            "quantity": 1, "currency": "USD", "unit_price": price, "used": true })
}

/// `value` with `key` set.
fn with(mut value: Value, key: &str, field: impl Into<Value>) -> Value {
    value[key] = field.into();
    value
}

/// A refund request of `quantity` units of `r1`.
fn refund_request(policy: Value, today: &str, reservation: Value, quantity: u32) -> Value {
    json!({ "format": "reservoir.quote-request/1", "policy": policy, "today": today,
            "usd_per_unit": { "GBP": "1.2027", "SEK": "0.09517", "JPY": "0.0067" },
            "reservations": [reservation],
            "refund": { "reservation": "r1", "quantity": quantity } })
}

/// An exchange request: the reservations, what is returned and what is bought.
fn exchange_request(
    policy: Value,
    today: &str,
    reservations: Vec<Value>,
    returns: Value,
    purchases: Value,
) -> Value {
    json!({ "format": "reservoir.quote-request/1", "policy": policy, "today": today,
            "usd_per_unit": { "GBP": "1.2027" },
            "reservations": reservations,
            "exchange": { "return": returns, "purchase": purchases } })
}

/// A purchase line of one unit.
fn purchase(family: &str, term: &str, plan: &str, price: &str) -> Value {
    json!({ "family": family, "sku": "Standard_D4s_v5", "region": "westeurope", "term": term,
            "billing_plan": plan, "quantity": 1, "currency": "USD", "unit_price": price })
}

/// The quote, through the same reader and writer as `reservoir quote`.
fn quote(request: &Value) -> Value {
    let (text, ignored) = reservoir::formats::quote_json::quote_text(&request.to_string())
        .unwrap_or_else(|e| panic!("the request is valid, but: {e}\n{request:#}"));
    assert!(ignored.is_empty(), "{ignored:?}");
    serde_json::from_str(&text).expect("the quote is JSON")
}

/// A money amount at a JSON pointer, or `-` when the quote has none there.
fn amount(quote: &Value, pointer: &str) -> String {
    match quote.pointer(pointer) {
        Some(money) => money["amount"].as_str().unwrap_or("?").to_string(),
        None => "-".to_string(),
    }
}

fn error_codes(quote: &Value) -> Vec<String> {
    quote["policyResult"]["policyErrors"]
        .as_array()
        .expect("policyErrors")
        .iter()
        .map(|e| e["code"].as_str().expect("a code").to_string())
        .collect()
}

/// The breakdown's labels, to see the day counts the arithmetic used.
fn labels(quote: &Value) -> Vec<String> {
    quote["breakdown"]
        .as_array()
        .expect("breakdown")
        .iter()
        .map(|l| l["label"].as_str().unwrap().into())
        .collect()
}

/// Collects the rows of a table that fail, so a table reports all of them at once.
#[derive(Default)]
struct Table {
    failures: Vec<String>,
    rows: usize,
}

impl Table {
    fn row<T: PartialEq + std::fmt::Debug>(&mut self, name: &str, got: T, expected: T) {
        self.rows += 1;
        if got != expected {
            self.failures.push(format!("{name}:\n    expected {expected:?}\n    got      {got:?}"));
        }
    }

    fn done(self, at_least: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} rows fail:\n{}",
            self.failures.len(),
            self.rows,
            self.failures.join("\n")
        );
        assert!(self.rows >= at_least, "the table ran {} rows, expected at least {at_least}", self.rows);
    }
}

/// What a refund quote says: refund, fee, total paid, kept by Microsoft, remaining commitment,
/// canceled commitment in USD, and the policy errors.
fn refund_outcome(quote: &Value) -> (Vec<String>, Vec<String>) {
    let amounts = [
        "/billingRefundAmount",
        "/billingFeeAmount",
        "/billingInformation/billingCurrencyTotalPaidAmount",
        "/billingInformation/billingCurrencyProratedAmount",
        "/billingInformation/billingCurrencyRemainingCommitmentAmount",
        "/canceledCommitmentUsd",
    ]
    .iter()
    .map(|p| amount(quote, p))
    .collect();
    (amounts, error_codes(quote))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// The boundary of most tables: a refund quote's six amounts and its errors.
fn check_refund(table: &mut Table, name: &str, request: Value, expected: [&str; 6], errors: &[&str]) {
    let q = quote(&request);
    table.row(name, refund_outcome(&q), (strings(&expected), strings(errors)));
}

fn pack(name: &str) -> Value {
    Value::String(name.into())
}

// ---------------------------------------------------------------------------------------------
// Days held: 5 vs 6.

/// The fee and the full-refund window turn between day 5 and day 6 (bought on the 1st, returned on
/// the 6th: 5 days held). 12,000 upfront for one year from 2024-01-01, a 366-day term:
/// day 5: 361 days remain, 12000 × 361 / 366 = 11836.0655… → 11836.07;
/// day 6: 360 days remain, 12000 × 360 / 366 = 11803.2787… → 11803.28, fee 12% = 1416.3936 → 1416.39,
/// refund 11803.28 − 1416.39 = 10386.89, kept 12000.00 − 10386.89 = 1613.11.
#[test]
fn days_held_five_and_six_upfront() {
    let mut t = Table::default();
    // (pack, today, used, [refund, fee, total paid, kept, remaining commitment, canceled USD])
    #[rustfmt::skip]
    let rows: &[(&str, &str, bool, [&str; 6])] = &[
        ("csp-2020", "2024-01-01", false, ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("csp-2020", "2024-01-06", false, ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("csp-2020", "2024-01-06", true, ["11836.07", "0.00", "12000.00", "163.93", "0.00", "11836.07"]),
        ("csp-2020", "2024-01-07", false, ["10386.89", "1416.39", "12000.00", "1613.11", "0.00", "10386.89"]),
        ("csp-2020", "2024-01-07", true, ["10386.89", "1416.39", "12000.00", "1613.11", "0.00", "10386.89"]),
        ("azure-2026", "2024-01-01", true, ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("azure-2026", "2024-01-06", false, ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        // azure-2026's observed full-refund window does not ask whether the reservation was used.
        ("azure-2026", "2024-01-06", true, ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("azure-2026", "2024-01-07", false, ["11803.28", "0.00", "12000.00", "196.72", "0.00", "11803.28"]),
        ("azure-2026", "2024-01-07", true, ["11803.28", "0.00", "12000.00", "196.72", "0.00", "11803.28"]),
    ];
    check_days_held(&mut t, "Upfront", "12000", rows);
    t.done(10);
}

/// The same edge for a monthly plan: 1,000 a month for a year from 2024-01-01. On both days one
/// payment is made and the cycle runs 2024-01-01 → 2024-02-01 (31 days); 11 payments remain
/// (11,000.00). Day 5: 26 cycle days left, 1000 × 26 / 31 = 838.709… → 838.71. Day 6: 25 left,
/// 806.451… → 806.45, fee 12% = 96.774 → 96.77, refund 709.68.
#[test]
fn days_held_five_and_six_monthly() {
    let mut t = Table::default();
    #[rustfmt::skip]
    let rows: &[(&str, &str, bool, [&str; 6])] = &[
        ("csp-2020", "2024-01-06", false, ["1000.00", "0.00", "1000.00", "0.00", "11000.00", "12000.00"]),
        ("csp-2020", "2024-01-06", true, ["838.71", "0.00", "1000.00", "161.29", "11000.00", "11838.71"]),
        ("csp-2020", "2024-01-07", false, ["709.68", "96.77", "1000.00", "290.32", "11000.00", "11709.68"]),
        ("csp-2020", "2024-01-07", true, ["709.68", "96.77", "1000.00", "290.32", "11000.00", "11709.68"]),
        ("azure-2026", "2024-01-06", false, ["1000.00", "0.00", "1000.00", "0.00", "11000.00", "12000.00"]),
        ("azure-2026", "2024-01-06", true, ["1000.00", "0.00", "1000.00", "0.00", "11000.00", "12000.00"]),
        ("azure-2026", "2024-01-07", false, ["806.45", "0.00", "1000.00", "193.55", "11000.00", "11806.45"]),
        ("azure-2026", "2024-01-07", true, ["806.45", "0.00", "1000.00", "193.55", "11000.00", "11806.45"]),
    ];
    check_days_held(&mut t, "Monthly", "1000", rows);
    t.done(8);
}

/// One row a return of a one-year reservation bought 2024-01-01, used or not, on `today`.
fn check_days_held(t: &mut Table, plan: &str, price: &str, rows: &[(&str, &str, bool, [&str; 6])]) {
    for (p, today, used, expected) in rows {
        let r = with(reservation("P1Y", plan, "2024-01-01", price), "used", *used);
        check_refund(
            t,
            &format!("{p} {today} used={used}"),
            refund_request(pack(p), today, r, 1),
            *expected,
            &[],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The limit's window: day 364 vs 365.

/// An earlier refund of 50,000 dated D fills the limit through D + 364 and is back in the pool on
/// D + 365, in ordinary years, in leap years and across 29 February. On D + 364 a small refund is
/// refused and would fit on D + 365; on D + 365 nothing is counted.
#[test]
fn the_limit_window_turns_between_day_364_and_day_365() {
    let mut t = Table::default();
    // (D, D + 364, D + 365)
    #[rustfmt::skip]
    let rows = [
        ("2025-01-15", "2026-01-14", "2026-01-15"),
        ("2025-03-01", "2026-02-28", "2026-03-01"),
        ("2023-03-01", "2024-02-28", "2024-02-29"), // across 29 February 2024
        ("2024-01-15", "2025-01-13", "2025-01-14"), // a leap year: 365 days reach 14 January
        ("2024-02-29", "2025-02-27", "2025-02-28"), // a refund on the leap day itself
        ("2023-12-31", "2024-12-29", "2024-12-30"),
    ];
    for p in ["csp-2020", "azure-2026"] {
        for (d, last, back) in rows {
            let request = |today: &str| {
                // Bought well before and active long after every date above.
                let r = reservation("P3Y", "Upfront", "2023-06-01", "1000");
                let mut request = refund_request(pack(p), today, r, 1);
                request["refunds_before"] = json!([{ "date": d, "usd": "50000" }]);
                request
            };
            let on_last = quote(&request(last));
            t.row(
                &format!("{p}: refund of {d} on {last}"),
                (
                    amount(&on_last, "/policyResult/consumedRefundsTotal"),
                    error_codes(&on_last),
                    on_last["earliestDateThatFits"].clone(),
                ),
                ("50000.00".into(), strings(&["RefundLimitExceeded"]), json!(back)),
            );
            let on_back = quote(&request(back));
            t.row(
                &format!("{p}: refund of {d} on {back}"),
                (
                    amount(&on_back, "/policyResult/consumedRefundsTotal"),
                    error_codes(&on_back),
                    on_back["earliestDateThatFits"].clone(),
                ),
                ("0.00".into(), vec![], Value::Null),
            );
        }
    }
    // A custom window of 30 days: an entry of 2025-01-01 counts through 2025-01-30.
    for (today, consumed) in [("2025-01-30", "50000.00"), ("2025-01-31", "0.00")] {
        let policy = json!({ "base": "azure-2026", "refund_window_days": 30 });
        let mut request =
            refund_request(policy, today, reservation("P3Y", "Upfront", "2023-06-01", "1000"), 1);
        request["refunds_before"] = json!([{ "date": "2025-01-01", "usd": "50000" }]);
        let q = quote(&request);
        t.row(
            &format!("30-day window on {today}"),
            amount(&q, "/policyResult/consumedRefundsTotal"),
            consumed.to_string(),
        );
    }
    t.done(26);
}

// ---------------------------------------------------------------------------------------------
// Leap years and the ends of months.

/// Term lengths in days, read from the breakdown's "remaining / term days", with the refund.
#[test]
fn leap_year_terms() {
    let mut t = Table::default();
    // (term, bought, today, price, "remaining / term", refund)
    #[rustfmt::skip]
    let rows = [
        // W2: 2023-03-01 → 2024-03-01 holds 29 February 2024: 366 days; 183 remain; 2400 × 183/366.
        ("P1Y", "2023-03-01", "2023-08-31", "2400", "183 / 366", "1200.00"),
        // The leap day itself: 1 day remains, 2400 / 366 = 6.557… → 6.56.
        ("P1Y", "2023-03-01", "2024-02-29", "2400", "1 / 366", "6.56"),
        ("P1Y", "2024-01-01", "2024-12-31", "3660", "1 / 366", "10.00"),
        // From 1 March 2024 the year holds no 29 February: 365 days.
        ("P1Y", "2024-03-01", "2025-02-28", "3650", "1 / 365", "10.00"),
        // Bought on 29 February 2024: the term ends on 28 February 2025 (the month lacks the 29th),
        // 365 days; on 2024-12-31, 59 remain: 3650 × 59 / 365 = 590.00.
        ("P1Y", "2024-02-29", "2024-12-31", "3650", "59 / 365", "590.00"),
        ("P1Y", "2024-02-29", "2025-02-27", "3650", "1 / 365", "10.00"),
        // Three years from 29 February 2024 end on 28 February 2027: 365 × 3 = 1095 days.
        ("P3Y", "2024-02-29", "2027-02-27", "10950", "1 / 1095", "10.00"),
        // Three years from 1 March 2023 hold 29 February 2024: 1096 days.
        ("P3Y", "2023-03-01", "2026-02-28", "10960", "1 / 1096", "10.00"),
        ("P1Y", "2023-02-28", "2024-02-27", "3650", "1 / 365", "10.00"),
    ];
    for (term, bought, today, price, days, refund) in rows {
        let q =
            quote(&refund_request(pack("azure-2026"), today, reservation(term, "Upfront", bought, price), 1));
        let shown = labels(&q).into_iter().find(|l| l.starts_with("Pro-rated refund")).unwrap_or_default();
        t.row(
            &format!("{term} from {bought} on {today}"),
            (shown.contains(&format!("× {days} days")), amount(&q, "/billingRefundAmount")),
            (true, refund.to_string()),
        );
    }
    // The last day of a term that ends on a clamped date is the day before: on 28 February 2025
    // the reservation bought on 29 February 2024 is no longer active.
    let q = quote(&refund_request(
        pack("azure-2026"),
        "2025-02-28",
        reservation("P1Y", "Upfront", "2024-02-29", "3650"),
        1,
    ));
    t.row("bought 2024-02-29, on 2025-02-28", error_codes(&q), strings(&["ReservationNotActive"]));
    // Monthly from 29 February 2024: payments on the 29th (28 February in 2025 is the term end).
    // On 2025-02-10, 12 payments are made; the cycle 2025-01-29 → 2025-02-28 has 30 days, 18 left:
    // 300 × 18 / 30 = 180.00; nothing remains; paid 300 × 12 = 3600.00; kept 3420.00.
    let mut monthly = Table::default();
    check_refund(
        &mut monthly,
        "monthly from 2024-02-29 on 2025-02-10",
        refund_request(
            pack("azure-2026"),
            "2025-02-10",
            reservation("P1Y", "Monthly", "2024-02-29", "300"),
            1,
        ),
        ["180.00", "0.00", "3600.00", "3420.00", "0.00", "180.00"],
        &[],
    );
    monthly.done(1);
    t.done(10);
}

/// Monthly cycles: purchases on the 29th to 31st pay on the month's last day where the month lacks
/// the day, counted from the purchase date each time (31 January → 29 February → 31 March); and
/// cycles of 28, 29, 30 and 31 days.
#[test]
fn monthly_cycles_at_the_ends_of_months() {
    let mut t = Table::default();
    // (bought, today, price, completed, "left / cycle", refund)
    #[rustfmt::skip]
    let rows = [
        // 31 Jan 2024 → 29 Feb (29 days); on 15 Feb 14 days left: 290 × 14/29 = 140.00.
        ("2024-01-31", "2024-02-15", "290", 1, "14 / 29", "140.00"),
        // The 29 Feb payment is made; the next is 31 March (31 days).
        ("2024-01-31", "2024-02-29", "310", 2, "31 / 31", "310.00"),
        // Back to the 31st in March, then 30 April: the cycle 31 Mar → 30 Apr has 30 days.
        ("2024-01-31", "2024-04-29", "300", 3, "1 / 30", "10.00"),
        ("2024-01-31", "2024-04-30", "310", 4, "31 / 31", "310.00"),
        // The last cycle of a year bought on 31 January: 31 Dec 2024 → 31 Jan 2025.
        ("2024-01-31", "2025-01-30", "310", 12, "1 / 31", "10.00"),
        // An ordinary February: 31 Jan 2023 → 28 Feb (28 days).
        ("2023-01-31", "2023-02-27", "280", 1, "1 / 28", "10.00"),
        ("2023-01-31", "2023-02-28", "310", 2, "31 / 31", "310.00"),
        ("2023-01-30", "2023-03-01", "300", 2, "29 / 30", "290.00"),
        ("2023-01-29", "2023-02-27", "300", 1, "1 / 30", "10.00"),
        ("2023-01-29", "2023-02-28", "290", 2, "29 / 29", "290.00"),
        // Cycles of 28, 29, 30 and 31 days from the 15th.
        ("2023-01-15", "2023-02-20", "280", 2, "23 / 28", "230.00"),
        ("2024-01-15", "2024-02-20", "290", 2, "24 / 29", "240.00"),
        ("2024-01-15", "2024-04-20", "300", 4, "25 / 30", "250.00"),
        ("2024-01-15", "2024-03-20", "310", 3, "26 / 31", "260.00"),
        // Rounding: 100 × 26/31 = 83.8709… → 83.87.
        ("2024-01-15", "2024-03-20", "100", 3, "26 / 31", "83.87"),
        // Half a cent rounds away from zero: 0.01 × 15/30 = 0.005 → 0.01; 0.05 × 15/30 = 0.025 →
        // 0.03 (rounding half to even would give 0.00 and 0.02).
        ("2024-01-15", "2024-04-30", "0.01", 4, "15 / 30", "0.01"),
        ("2024-01-15", "2024-04-30", "0.05", 4, "15 / 30", "0.03"),
    ];
    for (bought, today, price, completed, days, refund) in rows {
        let q = quote(&refund_request(
            pack("azure-2026"),
            today,
            reservation("P1Y", "Monthly", bought, price),
            1,
        ));
        let shown =
            labels(&q).into_iter().find(|l| l.starts_with("Current payment pro-rated")).unwrap_or_default();
        t.row(
            &format!("monthly from {bought} on {today}"),
            (
                q["billingInformation"]["completedTransactions"].clone(),
                shown.contains(&format!("× {days} days")),
                amount(&q, "/billingRefundAmount"),
            ),
            (json!(completed), true, refund.to_string()),
        );
    }
    t.done(17);
}

// ---------------------------------------------------------------------------------------------
// Partial quantities, prices, fees, what counts, currencies.

/// q of Q units: the refund and the remaining commitment scale with q; the total paid is for all
/// Q units (so "kept by Microsoft" = total paid for Q − refund for q, as §3 defines it).
#[test]
fn partial_quantities() {
    let mut t = Table::default();
    // Upfront 1,000 a unit, 10 units, 365-day term from 2025-01-01; 2025-10-20 leaves 73 days:
    // q × 1000 × 73/365 = q × 200. Paid 10 × 1000 = 10,000.00.
    for (p, q, expected) in [
        ("azure-2026", 1, ["200.00", "0.00", "10000.00", "9800.00", "0.00", "200.00"]),
        ("azure-2026", 3, ["600.00", "0.00", "10000.00", "9400.00", "0.00", "600.00"]),
        ("azure-2026", 10, ["2000.00", "0.00", "10000.00", "8000.00", "0.00", "2000.00"]),
        // csp-2020: fee 12% of 600.00 = 72.00.
        ("csp-2020", 3, ["528.00", "72.00", "10000.00", "9472.00", "0.00", "528.00"]),
    ] {
        let r = with(reservation("P1Y", "Upfront", "2025-01-01", "1000"), "quantity", 10);
        check_refund(
            &mut t,
            &format!("{p} upfront {q} of 10"),
            refund_request(pack(p), "2025-10-20", r, q),
            expected,
            &[],
        );
    }
    // Inside the full-refund window: q × p back, 3 × 1000.
    let r = with(reservation("P1Y", "Upfront", "2025-01-01", "1000"), "quantity", 10);
    check_refund(
        &mut t,
        "full refund, 3 of 10",
        refund_request(pack("azure-2026"), "2025-01-03", r, 3),
        ["3000.00", "0.00", "10000.00", "7000.00", "0.00", "3000.00"],
        &[],
    );
    // Monthly 100 a unit, 10 units, 3 years from 2024-01-15, returned 2025-01-15: 13 payments made,
    // a full 31-day cycle left (q × 100), 23 payments remain (q × 2,300), paid 10 × 100 × 13.
    for (q, expected) in [
        (1, ["100.00", "0.00", "13000.00", "12900.00", "2300.00", "2400.00"]),
        (3, ["300.00", "0.00", "13000.00", "12700.00", "6900.00", "7200.00"]),
        (10, ["1000.00", "0.00", "13000.00", "12000.00", "23000.00", "24000.00"]),
    ] {
        let r = with(reservation("P3Y", "Monthly", "2024-01-15", "100"), "quantity", 10);
        let request = refund_request(pack("azure-2026"), "2025-01-15", r, q);
        let quoted = quote(&request);
        t.row(&format!("monthly {q} of 10: quantity"), quoted["quantity"].clone(), json!(q));
        check_refund(&mut t, &format!("monthly {q} of 10"), request, expected, &[]);
    }
    t.done(11);
}

/// The refund uses the lower of the purchase price and today's price under azure-2026, the
/// purchase price under csp-2020 or with `price_basis: purchase`; the full-refund window, the
/// total paid and the remaining commitment always use the purchase price.
#[test]
fn lower_of_purchase_and_current_price() {
    let mut t = Table::default();
    // Upfront 3,650 for a year from 2025-01-01; 2025-10-20 leaves 73 of 365 days: b × 73 / 365 = b / 5.
    let upfront = |current: Option<&str>| {
        let r = reservation("P1Y", "Upfront", "2025-01-01", "3650");
        match current {
            Some(price) => with(r, "current_unit_price", price),
            None => r,
        }
    };
    let purchase_basis = json!({ "base": "azure-2026", "price_basis": "purchase" });
    let csp_lower = json!({ "base": "csp-2020", "price_basis": "lower_of_purchase_and_current" });
    // (name, policy, today, today's price, [refund, fee, total paid, kept, remaining, canceled USD])
    type Row<'a> = (&'a str, Value, &'a str, Option<&'a str>, [&'a str; 6]);
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("current below", pack("azure-2026"), "2025-10-20", Some("1825"), ["365.00", "0.00", "3650.00", "3285.00", "0.00", "365.00"]),
        ("current above", pack("azure-2026"), "2025-10-20", Some("5000"), ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
        ("current equal", pack("azure-2026"), "2025-10-20", Some("3650"), ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
        ("current unknown", pack("azure-2026"), "2025-10-20", None, ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
        ("price_basis purchase", purchase_basis, "2025-10-20", Some("1825"), ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
        // csp-2020 pro-rates what was paid: 730.00 less the 12% fee (87.60).
        ("csp-2020", pack("csp-2020"), "2025-10-20", Some("1825"), ["642.40", "87.60", "3650.00", "3007.60", "0.00", "642.40"]),
        // ... unless told otherwise: 365.00 less 43.80.
        ("csp-2020 lower", csp_lower, "2025-10-20", Some("1825"), ["321.20", "43.80", "3650.00", "3328.80", "0.00", "321.20"]),
        // The full-refund window gives back p × q, whatever today's price.
        ("full refund window", pack("azure-2026"), "2025-01-03", Some("1825"), ["3650.00", "0.00", "3650.00", "0.00", "0.00", "3650.00"]),
    ];
    for (name, policy, today, current, expected) in rows {
        check_refund(&mut t, name, refund_request(policy, today, upfront(current), 1), expected, &[]);
    }
    // Monthly 100, today's price 50, a year from 2024-01-15, returned 2024-03-20: 3 payments made;
    // 50 × 26/31 = 41.935… → 41.94; the 9 canceled payments are at the purchase price: 900.00.
    let r = with(reservation("P1Y", "Monthly", "2024-01-15", "100"), "current_unit_price", "50");
    check_refund(
        &mut t,
        "monthly, current below",
        refund_request(pack("azure-2026"), "2024-03-20", r, 1),
        ["41.94", "0.00", "300.00", "258.06", "900.00", "941.94"],
        &[],
    );
    t.done(9);
}

/// The fee as a custom override: percent, fee-free days, and the full-refund window next to it.
#[test]
fn the_fee_as_a_custom_override() {
    let mut t = Table::default();
    let year_2024 = || reservation("P1Y", "Upfront", "2024-01-01", "12000");
    let w9 = || reservation("P1Y", "Upfront", "2025-01-01", "3650"); // 73/365 on 2025-10-20: 730.00
    let w5 = || reservation("P1Y", "Upfront", "2024-07-10", "3650"); // its last day: 10.00
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str, Value, [&str; 6])> = vec![
        // azure-2026 with csp-2020's fee: the window still refunds in full on day 5 ...
        ("azure + 12% after 5 days, day 5", json!({ "base": "azure-2026", "fee_percent": "12", "fee_free_days": 5 }), "2024-01-06", year_2024(), ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        // ... and charges it on day 6 (as csp-2020 does on day 6: 11803.28 − 1416.39).
        ("azure + 12% after 5 days, day 6", json!({ "base": "azure-2026", "fee_percent": "12", "fee_free_days": 5 }), "2024-01-07", year_2024(), ["10386.89", "1416.39", "12000.00", "1613.11", "0.00", "10386.89"]),
        // A fee from day 1 and azure-2026's 5-day full-refund window: on day 3 the window wins and
        // no fee is charged. §3 does not say which wins; this is the model's reading (a full
        // refund is the whole price; the reference model in laws.rs makes the same choice).
        ("12% from day 1, day 3", json!({ "base": "azure-2026", "fee_percent": "12", "fee_free_days": 0 }), "2024-01-04", year_2024(), ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("12% from day 1, day 6", json!({ "base": "azure-2026", "fee_percent": "12", "fee_free_days": 0 }), "2024-01-07", year_2024(), ["10386.89", "1416.39", "12000.00", "1613.11", "0.00", "10386.89"]),
        ("csp-2020 without fee", json!({ "base": "csp-2020", "fee_percent": "0" }), "2024-01-07", year_2024(), ["11803.28", "0.00", "12000.00", "196.72", "0.00", "11803.28"]),
        // 2.5% of 730.00 = 18.25.
        ("2.5%", json!({ "base": "azure-2026", "fee_percent": "2.5" }), "2025-10-20", w9(), ["711.75", "18.25", "3650.00", "2938.25", "0.00", "711.75"]),
        // 12.345% of 730.00 = 90.1185 → 90.12.
        ("12.345%", json!({ "base": "azure-2026", "fee_percent": "12.345" }), "2025-10-20", w9(), ["639.88", "90.12", "3650.00", "3010.12", "0.00", "639.88"]),
        // 0.05% of 10.00 = 0.005 → 0.01, half away from zero.
        ("0.05% of 10.00", json!({ "base": "azure-2026", "fee_percent": "0.05" }), "2025-07-09", w5(), ["9.99", "0.01", "3650.00", "3640.01", "0.00", "9.99"]),
        // 100%: nothing comes back.
        ("100%", json!({ "base": "csp-2020", "fee_percent": "100" }), "2024-01-07", year_2024(), ["0.00", "11803.28", "12000.00", "12000.00", "0.00", "0.00"]),
        // Fee-free for 30 days: day 30 (W8's date) pays none; day 31: 335 days remain,
        // 12000 × 335/366 = 10983.606… → 10983.61, fee 1318.0332 → 1318.03.
        ("30 fee-free days, day 30", json!({ "base": "csp-2020", "fee_free_days": 30 }), "2024-01-31", year_2024(), ["11016.39", "0.00", "12000.00", "983.61", "0.00", "11016.39"]),
        ("30 fee-free days, day 31", json!({ "base": "csp-2020", "fee_free_days": 30 }), "2024-02-01", year_2024(), ["9665.58", "1318.03", "12000.00", "2334.42", "0.00", "9665.58"]),
        // No full-refund window: an unused reservation on day 3 is pro-rated (363/366), no fee.
        ("csp-2020 without window", json!({ "base": "csp-2020", "full_refund_window_days": null }), "2024-01-04", with(year_2024(), "used", false), ["11901.64", "0.00", "12000.00", "98.36", "0.00", "11901.64"]),
        // A window of 0 days: the purchase day only; the day after, 12000 × 365/366 = 11967.21.
        ("window of 0 days, day 0", json!({ "base": "azure-2026", "full_refund_window_days": 0 }), "2024-01-01", year_2024(), ["12000.00", "0.00", "12000.00", "0.00", "0.00", "12000.00"]),
        ("window of 0 days, day 1", json!({ "base": "azure-2026", "full_refund_window_days": 0 }), "2024-01-02", year_2024(), ["11967.21", "0.00", "12000.00", "32.79", "0.00", "11967.21"]),
    ];
    for (name, policy, today, r, expected) in rows {
        let request = refund_request(policy, today, r, 1);
        let q = quote(&request);
        t.row(&format!("{name}: policy name"), q["policy"].clone(), json!("custom"));
        let fee_line = labels(&q).iter().any(|l| l.starts_with("Early termination fee"));
        let charges = expected[1] != "0.00";
        t.row(&format!("{name}: fee line"), fee_line || !charges, true);
        check_refund(&mut t, name, request, expected, &[]);
    }
    t.done(42);
}

/// What a refund adds to the limit: the refund and the canceled future payments, or the refund
/// alone. W3's reservation (3 years, 100 a month, from 2024-01-15, returned 2025-01-15): refund
/// 100.00, remaining commitment 2,300.00; under csp-2020 the fee is 12.00.
#[test]
fn cap_counts_refund_only_or_canceled_commitment() {
    let mut t = Table::default();
    let w3 = || reservation("P3Y", "Monthly", "2024-01-15", "100");
    let refund_only = |base: &str| json!({ "base": base, "cap_counts": "refund_only" });
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, Value, [&str; 6])> = vec![
        ("azure-2026", pack("azure-2026"), w3(), ["100.00", "0.00", "1300.00", "1200.00", "2300.00", "2400.00"]),
        ("azure-2026 refund_only", refund_only("azure-2026"), w3(), ["100.00", "0.00", "1300.00", "1200.00", "2300.00", "100.00"]),
        ("csp-2020", pack("csp-2020"), w3(), ["88.00", "12.00", "1300.00", "1212.00", "2300.00", "2388.00"]),
        ("csp-2020 refund_only", refund_only("csp-2020"), w3(), ["88.00", "12.00", "1300.00", "1212.00", "2300.00", "88.00"]),
        // Upfront plans cancel no future payment: the two readings agree.
        ("upfront", pack("azure-2026"), reservation("P1Y", "Upfront", "2025-01-01", "3650"), ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
        ("upfront refund_only", refund_only("azure-2026"), reservation("P1Y", "Upfront", "2025-01-01", "3650"), ["730.00", "0.00", "3650.00", "2920.00", "0.00", "730.00"]),
    ];
    for (name, policy, r, expected) in rows {
        let today = if r["billing_plan"] == "Monthly" { "2025-01-15" } else { "2025-10-20" };
        check_refund(&mut t, name, refund_request(policy, today, r, 1), expected, &[]);
    }
    // The reading decides: with 48,000 counted, 2,400 does not fit and 100 does.
    for (name, policy, errors) in [
        ("canceled_commitment", pack("azure-2026"), strings(&["RefundLimitExceeded"])),
        ("refund_only", refund_only("azure-2026"), vec![]),
    ] {
        let mut request = refund_request(policy, "2025-01-15", w3(), 1);
        request["refunds_before"] = json!([{ "date": "2024-12-01", "usd": "48000" }]);
        t.row(&format!("48,000 counted, {name}"), error_codes(&quote(&request)), errors);
    }
    t.done(8);
}

/// A reservation billed in another currency: the billing amounts in it, each USD side rounded
/// where it is produced, the limit counted in USD.
#[test]
fn multi_currency() {
    let mut t = Table::default();
    let in_currency = |r: Value, currency: &str| with(r, "currency", currency);
    // The quote format's example in GBP at 1.2027: refund 2.66 × 21/31 = 1.8019… → 1.80 GBP,
    // USD 1.80 × 1.2027 = 2.16486 → 2.16; remaining 2.66 × 9 = 23.94 GBP, USD 28.792638 → 28.79;
    // canceled commitment 2.16 + 28.79 = 30.95 (rounding 25.74 × 1.2027 once would give 30.96).
    let gbp = in_currency(reservation("P1Y", "Monthly", "2022-11-10", "2.66"), "GBP");
    let q = quote(&refund_request(pack("azure-2026"), "2023-01-20", gbp, 1));
    t.row(
        "GBP monthly",
        (
            refund_outcome(&q).0,
            q["billingRefundAmount"]["currencyCode"].clone(),
            amount(&q, "/pricingRefundAmount"),
            q["pricingRefundAmount"]["currencyCode"].clone(),
            q["canceledCommitmentUsd"]["currencyCode"].clone(),
        ),
        (
            strings(&["1.80", "0.00", "7.98", "6.18", "23.94", "30.95"]),
            json!("GBP"),
            "2.16".into(),
            json!("USD"),
            json!("USD"),
        ),
    );
    // SEK upfront 36,500, 73/365 days: 7,300.00 SEK; at 0.09517, 694.741 → 694.74 USD; at 0.0952,
    // 694.96.
    for (rate, usd) in [("0.09517", "694.74"), ("0.0952", "694.96")] {
        let sek = in_currency(reservation("P1Y", "Upfront", "2025-01-01", "36500"), "SEK");
        let mut request = refund_request(pack("azure-2026"), "2025-10-20", sek, 1);
        request["usd_per_unit"] = json!({ "SEK": rate });
        let q = quote(&request);
        t.row(
            &format!("SEK at {rate}"),
            (
                amount(&q, "/billingRefundAmount"),
                amount(&q, "/pricingRefundAmount"),
                amount(&q, "/canceledCommitmentUsd"),
            ),
            ("7300.00".into(), usd.into(), usd.into()),
        );
    }
    // Half a cent of USD rounds away from zero: 0.50 GBP at 1.01 = 0.505 → 0.51. 182.50 GBP for a
    // year from 2025-01-01, on its last day: 182.50 / 365 = 0.50.
    let half = in_currency(reservation("P1Y", "Upfront", "2025-01-01", "182.50"), "GBP");
    let mut request = refund_request(pack("azure-2026"), "2025-12-31", half, 1);
    request["usd_per_unit"] = json!({ "GBP": "1.01" });
    let q = quote(&request);
    t.row(
        "0.50 GBP at 1.01",
        (amount(&q, "/billingRefundAmount"), amount(&q, "/pricingRefundAmount")),
        ("0.50".into(), "0.51".into()),
    );
    // JPY has no minor unit: 365,000 × 73/365 = 73,000 JPY; × 0.0067 = 489.10 USD.
    let jpy = in_currency(reservation("P1Y", "Upfront", "2025-01-01", "365000"), "JPY");
    let q = quote(&refund_request(pack("azure-2026"), "2025-10-20", jpy, 1));
    t.row(
        "JPY",
        (amount(&q, "/billingRefundAmount"), amount(&q, "/pricingRefundAmount")),
        ("73000".into(), "489.10".into()),
    );
    // The limit is in USD: 450.00 GBP (2,250 × 73/365) is 541.22 USD, over the 500 left after
    // 49,500. It fits once the USD side is at most 500: 67 days left gives 2250 × 67/365 =
    // 413.013… → 413.01 GBP → 496.73 USD (68 days: 419.18 → 504.15), on 2026-01-01 − 67 days =
    // 2025-10-26.
    let limit = in_currency(reservation("P1Y", "Upfront", "2025-01-01", "2250"), "GBP");
    let mut request = refund_request(pack("azure-2026"), "2025-10-20", limit, 1);
    request["refunds_before"] = json!([{ "date": "2025-06-01", "usd": "49500" }]);
    let q = quote(&request);
    t.row(
        "GBP against the USD limit",
        (
            amount(&q, "/billingRefundAmount"),
            amount(&q, "/canceledCommitmentUsd"),
            error_codes(&q),
            q["earliestDateThatFits"].clone(),
        ),
        ("450.00".into(), "541.22".into(), strings(&["RefundLimitExceeded"]), json!("2025-10-26")),
    );
    // A currency without a rate is an invalid request, named by its path.
    let no_rate = json!({ "format": "reservoir.quote-request/1", "policy": "azure-2026", "today": "2025-10-20",
        "reservations": [in_currency(reservation("P1Y", "Upfront", "2025-01-01", "1"), "EUR")],
        "refund": { "reservation": "r1", "quantity": 1 } });
    let error = reservoir::formats::quote_json::quote_text(&no_rate.to_string()).expect_err("no EUR rate");
    t.row("EUR without a rate", error.path, "reservations[0].currency".to_string());
    t.done(7);
}

// ---------------------------------------------------------------------------------------------
// The policy errors of a refund.

#[test]
fn refund_policy_errors() {
    let mut t = Table::default();
    let year = || reservation("P1Y", "Upfront", "2025-01-01", "3650");
    // (name, request, errors, refund shown)
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &[&str], &str)> = vec![
        ("zero units", refund_request(pack("azure-2026"), "2025-10-20", year(), 0), &["InvalidRefundQuantity"], "0.00"),
        ("3 of 2 units", refund_request(pack("azure-2026"), "2025-10-20", with(year(), "quantity", 2), 3), &["InvalidRefundQuantity"], "0.00"),
        ("2 of 2 units", refund_request(pack("azure-2026"), "2025-10-20", with(year(), "quantity", 2), 2), &[], "1460.00"),
        ("the day before purchase", refund_request(pack("azure-2026"), "2024-12-31", year(), 1), &["ReservationNotActive"], "0.00"),
        ("the purchase day", refund_request(pack("azure-2026"), "2025-01-01", year(), 1), &[], "3650.00"),
        ("the last day", refund_request(pack("azure-2026"), "2025-12-31", year(), 1), &[], "10.00"),
        ("the term end", refund_request(pack("azure-2026"), "2026-01-01", year(), 1), &["ReservationNotActive"], "0.00"),
        ("after the term", refund_request(pack("csp-2020"), "2026-06-01", year(), 1), &["ReservationNotActive"], "0.00"),
        // Errors in precedence order: the quantity first, then the family.
        ("red_hat, zero units", refund_request(pack("azure-2026"), "2025-10-20", with(year(), "family", "red_hat"), 0), &["InvalidRefundQuantity", "SelfServiceRefundNotSupported"], "0.00"),
    ];
    for (name, request, errors, refund) in rows {
        let q = quote(&request);
        t.row(
            name,
            (error_codes(&q), amount(&q, "/billingRefundAmount")),
            (strings(errors), refund.to_string()),
        );
    }
    // Families that are not refundable, however they are spelt; the quote still shows the amounts.
    for family in
        ["red_hat", "Red Hat", "redhat", "suse", "SUSE", "pre_purchase", "pre-purchase", "prepurchase"]
    {
        for p in ["csp-2020", "azure-2026"] {
            let q = quote(&refund_request(pack(p), "2025-10-20", with(year(), "family", family), 1));
            t.row(
                &format!("{family} under {p}"),
                error_codes(&q),
                strings(&["SelfServiceRefundNotSupported"]),
            );
        }
    }
    for family in ["compute", "sql", "cosmos_db", "storage", "app_service"] {
        let q = quote(&refund_request(pack("azure-2026"), "2025-10-20", with(year(), "family", family), 1));
        t.row(&format!("{family} is refundable"), error_codes(&q), vec![]);
    }
    // A message a person can act on.
    let q = quote(&refund_request(pack("azure-2026"), "2025-10-20", with(year(), "quantity", 2), 3));
    let message = q["policyResult"]["policyErrors"][0]["message"].as_str().unwrap_or_default().to_string();
    t.row("the quantity message", message.contains("holds 2") && message.contains("between 1 and 2"), true);
    t.done(30);
}

/// RefundLimitExceeded shows the amounts and the first date the same refund would fit. A year
/// upfront at 3,650 from 2025-06-01 (365 days to 2026-06-01) on 2025-09-01: 273 days left, refund
/// 2,730.00, that is 10 × the days left.
#[test]
fn refund_limit_exceeded_and_the_earliest_date_that_fits() {
    let mut t = Table::default();
    let r = || reservation("P1Y", "Upfront", "2025-06-01", "3650");
    let request = |today: &str, counted: &str| {
        let mut request = refund_request(pack("azure-2026"), today, r(), 1);
        request["refunds_before"] = json!([{ "date": "2025-03-01", "usd": counted }]);
        request
    };
    let summary = |q: &Value| {
        (
            error_codes(q),
            amount(q, "/billingRefundAmount"),
            amount(q, "/canceledCommitmentUsd"),
            amount(q, "/policyResult/consumedRefundsTotal"),
            q["earliestDateThatFits"].clone(),
        )
    };
    let refused = |refund: &str, counted: &str, fits: Value| {
        (strings(&["RefundLimitExceeded"]), refund.to_string(), refund.to_string(), counted.to_string(), fits)
    };
    let allowed = |refund: &str, counted: &str| {
        (vec![], refund.to_string(), refund.to_string(), counted.to_string(), Value::Null)
    };
    // 49,000 counted: 1,000 left, so it fits once at most 100 days are left, on 2026-06-01 − 100
    // days = 2026-02-21 (exactly 50,000.00: at the limit is allowed), before the 49,000 come back
    // on 2026-03-01.
    t.row(
        "49,000 on 2025-09-01",
        summary(&quote(&request("2025-09-01", "49000"))),
        refused("2730.00", "49000.00", json!("2026-02-21")),
    );
    t.row(
        "49,000 on 2026-02-20",
        summary(&quote(&request("2026-02-20", "49000"))),
        refused("1010.00", "49000.00", json!("2026-02-21")),
    );
    t.row(
        "49,000 on 2026-02-21",
        summary(&quote(&request("2026-02-21", "49000"))),
        allowed("1000.00", "49000.00"),
    );
    // 49,900 counted: 100 left would need 10 days left (2026-05-22), but the 49,900 come back
    // first, on 2025-03-01 + 365 = 2026-03-01 (92 days left then: 920.00).
    t.row(
        "49,900 on 2025-09-01",
        summary(&quote(&request("2025-09-01", "49900"))),
        refused("2730.00", "49900.00", json!("2026-03-01")),
    );
    t.row(
        "49,900 on 2026-02-28",
        summary(&quote(&request("2026-02-28", "49900"))),
        refused("930.00", "49900.00", json!("2026-03-01")),
    );
    t.row(
        "49,900 on 2026-03-01",
        summary(&quote(&request("2026-03-01", "49900"))),
        allowed("920.00", "0.00"),
    );
    // Full: nothing fits before the term ends on 2026-01-15, since the 50,000 stay until
    // 2026-03-01: no date.
    let mut full = refund_request(
        pack("azure-2026"),
        "2025-09-01",
        reservation("P1Y", "Upfront", "2025-01-15", "3650"),
        1,
    );
    full["refunds_before"] = json!([{ "date": "2025-03-01", "usd": "50000" }]);
    let q = quote(&full);
    t.row(
        "full until after the term",
        (error_codes(&q), q["earliestDateThatFits"].clone()),
        (strings(&["RefundLimitExceeded"]), Value::Null),
    );
    let message = q["policyResult"]["policyErrors"][0]["message"].as_str().unwrap_or_default().to_string();
    t.row("its message", message.contains("does not fit on any later day"), true);
    // The excess in the message: 49,000 + 2,730 − 50,000 = 1,730.00.
    let q = quote(&request("2025-09-01", "49000"));
    let message = q["policyResult"]["policyErrors"][0]["message"].as_str().unwrap_or_default().to_string();
    t.row("the excess", (message.contains("USD 1730.00"), message.contains("2026-02-21")), (true, true));
    t.done(9);
}

// ---------------------------------------------------------------------------------------------
// Exchanges.

/// W2's reservation returned for an exchange on 2023-08-31 is worth 1,200.00 (no fee, under either
/// pack); the value rule, the families, and several lines at once.
#[test]
fn exchange_values_and_families() {
    let mut t = Table::default();
    let w2 = || reservation("P1Y", "Upfront", "2023-03-01", "2400");
    let one = || json!([{ "reservation": "r1", "quantity": 1 }]);
    let summary = |q: &Value| {
        (amount(q, "/refundsTotal"), amount(q, "/purchasesTotal"), amount(q, "/netPayable"), error_codes(q))
    };
    let row = |refunds: &str, purchases: &str, net: &str, errors: &[&str]| {
        (refunds.to_string(), purchases.to_string(), net.to_string(), strings(errors))
    };
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, Value, _)> = vec![
        ("exactly enough", pack("azure-2026"), json!([purchase("compute", "P3Y", "Upfront", "1200")]), row("1200.00", "1200.00", "0.00", &[])),
        ("a cent short", pack("azure-2026"), json!([purchase("compute", "P3Y", "Upfront", "1199.99")]), row("1200.00", "1199.99", "-0.01", &["ExchangeValueTooLow"])),
        // csp-2020 charges no fee on an exchange either.
        ("csp-2020, no fee", pack("csp-2020"), json!([purchase("compute", "P3Y", "Upfront", "1200")]), row("1200.00", "1200.00", "0.00", &[])),
        // A monthly purchase is worth all its payments: 100 × 12.
        ("monthly purchase", pack("azure-2026"), json!([purchase("compute", "P1Y", "Monthly", "100")]), row("1200.00", "1200.00", "0.00", &[])),
        ("another family", pack("azure-2026"), json!([purchase("sql", "P3Y", "Upfront", "5000")]), row("1200.00", "5000.00", "3800.00", &["ExchangeFamilyMismatch"])),
        ("another family, too low", pack("azure-2026"), json!([purchase("sql", "P3Y", "Upfront", "5")]), row("1200.00", "5.00", "-1195.00", &["ExchangeFamilyMismatch", "ExchangeValueTooLow"])),
        ("families allowed to mix", json!({ "base": "azure-2026", "exchange_same_family_only": false }), json!([purchase("sql", "P3Y", "Upfront", "5000")]), row("1200.00", "5000.00", "3800.00", &[])),
        ("no minimum value", json!({ "base": "azure-2026", "exchange_minimum_value": false }), json!([purchase("compute", "P3Y", "Upfront", "1")]), row("1200.00", "1.00", "-1199.00", &[])),
    ];
    for (name, policy, purchases, expected) in rows {
        let q = quote(&exchange_request(policy, "2023-08-31", vec![w2()], one(), purchases));
        t.row(name, summary(&q), expected);
    }
    // Several returned, several bought, on 2025-07-15: r1 a year upfront at 3,650 from 2025-01-01
    // (170 days left: 1,700.00), r2 W1's reservation (1,800.00); bought 2 units at 50 a month for 3
    // years (3,600.00) and one at 100 upfront.
    let r1 = reservation("P1Y", "Upfront", "2025-01-01", "3650");
    let r2 = with(with(reservation("P3Y", "Monthly", "2024-01-15", "100"), "id", "r2"), "order_id", "o2");
    let returns = json!([{ "reservation": "r1", "quantity": 1 }, { "reservation": "r2", "quantity": 1 }]);
    let purchases = json!([
        with(purchase("compute", "P3Y", "Monthly", "50"), "quantity", 2),
        purchase("compute", "P1Y", "Upfront", "100")
    ]);
    let q = quote(&exchange_request(pack("azure-2026"), "2025-07-15", vec![r1, r2], returns, purchases));
    t.row("two for two", summary(&q), row("3500.00", "3700.00", "200.00", &[]));
    let lines = (
        amount(&q, "/reservationsToExchange/0/billingRefundAmount"),
        amount(&q, "/reservationsToExchange/1/billingRefundAmount"),
        amount(&q, "/reservationsToExchange/1/billingInformation/billingCurrencyRemainingCommitmentAmount"),
        amount(&q, "/reservationsToPurchase/0/billingCurrencyTotal"),
        amount(&q, "/reservationsToPurchase/1/billingCurrencyTotal"),
    );
    // r2 on 2025-07-15: 19 payments made, a full cycle refunded (100.00), 17 remain (1,700.00).
    t.row(
        "two for two, lines",
        lines,
        ("1700.00".into(), "100.00".into(), "1700.00".into(), "3600.00".into(), "100.00".into()),
    );
    // Under a policy where exchanges count toward the limit, one can exceed it.
    let mut counting = exchange_request(
        json!({ "base": "azure-2026", "exchanges_count_toward_limit": true }),
        "2023-08-31",
        vec![w2()],
        one(),
        json!([purchase("compute", "P3Y", "Upfront", "5000")]),
    );
    counting["refunds_before"] = json!([{ "date": "2023-01-01", "usd": "49000" }]);
    t.row("counting toward the limit", error_codes(&quote(&counting)), strings(&["RefundLimitExceeded"]));
    // By default they do not.
    counting["policy"] = pack("azure-2026");
    t.row("not counting toward the limit", error_codes(&quote(&counting)), vec![]);
    // A request mixing currencies in one exchange is invalid.
    let mixed = exchange_request(
        pack("azure-2026"),
        "2023-08-31",
        vec![with(w2(), "currency", "GBP")],
        one(),
        json!([purchase("compute", "P3Y", "Upfront", "5000")]),
    );
    let error = reservoir::formats::quote_json::quote_text(&mixed.to_string()).expect_err("mixed currencies");
    t.row("mixed currencies", error.path, "exchange.purchase[0].currency".to_string());
    t.done(13);
}

/// The 1 February 2027 rules, request by request: a compute reservation exchanged from 2027-02-01
/// on. A year upfront at 3,650 bought 2027-02-01 is worth 3,650 × 337/365 = 3,370.00 on 2027-03-01.
#[test]
fn exchange_cutoff_decisions() {
    let mut t = Table::default();
    let buy_more = || json!([purchase("compute", "P3Y", "Upfront", "5000")]);
    let one = || json!([{ "reservation": "r1", "quantity": 1 }]);
    let bought = |date: &str| reservation("P1Y", "Upfront", date, "3650");
    // (name, policy, reservation, today, errors, final exchange)
    type Row<'a> = (&'a str, Value, Value, &'a str, &'a [&'a str], bool);
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("bought on the cut-off", pack("azure-2026"), bought("2027-02-01"), "2027-03-01", &["ExchangeNotAllowedAfterCutoff"], false),
        ("bought on the cut-off, exchanged that day", pack("azure-2026"), bought("2027-02-01"), "2027-02-01", &["ExchangeNotAllowedAfterCutoff"], false),
        ("bought the day before", pack("azure-2026"), bought("2027-01-31"), "2027-03-01", &[], true),
        ("exchanged before the cut-off", pack("azure-2026"), bought("2026-06-01"), "2027-01-31", &[], false),
        ("sql is covered by savings plans", pack("azure-2026"), with(bought("2027-02-01"), "family", "sql"), "2027-03-01", &["ExchangeNotAllowedAfterCutoff"], false),
        ("cosmos_db is not", pack("azure-2026"), with(bought("2027-02-01"), "family", "cosmos_db"), "2027-03-01", &[], false),
        ("VMware Solution is exempt", pack("azure-2026"), with(bought("2027-02-01"), "service", "vmware_solution"), "2027-03-01", &[], false),
        ("csp-2020 has no cut-off", pack("csp-2020"), bought("2027-02-01"), "2027-03-01", &[], false),
        ("a custom policy without it", json!({ "base": "azure-2026", "exchange_cutoff_date": null }), bought("2027-02-01"), "2027-03-01", &[], false),
        ("a custom cut-off", json!({ "base": "csp-2020", "exchange_cutoff_date": "2026-01-01" }), bought("2026-01-01"), "2026-02-01", &["ExchangeNotAllowedAfterCutoff"], false),
        ("what a final exchange bought", pack("azure-2026"), with(bought("2027-02-01"), "origin", "final_exchange"), "2027-03-01", &["FinalExchangeAlreadyUsed"], false),
        ("a renewal after the cut-off", pack("azure-2026"), with(bought("2027-02-15"), "origin", "renewal"), "2027-03-01", &["ExchangeNotAllowedAfterCutoff"], false),
        ("a renewal before it", pack("azure-2026"), with(bought("2026-12-01"), "origin", "renewal"), "2027-03-01", &[], true),
        ("bought by an exchange before it", pack("azure-2026"), with(bought("2026-12-01"), "origin", "exchange"), "2027-03-01", &[], true),
    ];
    for (name, policy, r, today, errors, final_exchange) in rows {
        // What is bought is of the returned reservation's family, so only the cut-off decides.
        let family = r["family"].as_str().expect("a family").to_string();
        let purchases = json!([purchase(&family, "P3Y", "Upfront", "5000")]);
        let q = quote(&exchange_request(policy, today, vec![r], one(), purchases));
        t.row(name, (error_codes(&q), q["finalExchange"].clone()), (strings(errors), json!(final_exchange)));
    }
    let q = quote(&exchange_request(
        pack("azure-2026"),
        "2027-03-01",
        vec![bought("2027-02-01")],
        one(),
        buy_more(),
    ));
    t.row(
        "the amounts of a refused exchange",
        (amount(&q, "/refundsTotal"), amount(&q, "/netPayable")),
        ("3370.00".into(), "1630.00".into()),
    );
    t.done(15);
}

#[test]
fn exchange_policy_errors() {
    let mut t = Table::default();
    let r = || with(reservation("P1Y", "Upfront", "2025-01-01", "3650"), "quantity", 2);
    let buy = |family: &str| json!([purchase(family, "P3Y", "Upfront", "5000")]);
    let ret = |q: u32| json!([{ "reservation": "r1", "quantity": q }]);
    // (name, reservation, returned, bought, today, errors)
    type Row<'a> = (&'a str, Value, Value, Value, &'a str, &'a [&'a str]);
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("zero units", r(), ret(0), buy("compute"), "2025-10-20", &["InvalidExchangeQuantity"]),
        ("3 of 2 units", r(), ret(3), buy("compute"), "2025-10-20", &["InvalidExchangeQuantity"]),
        ("2 of 2 units", r(), ret(2), buy("compute"), "2025-10-20", &[]),
        ("after the term", r(), ret(1), buy("compute"), "2026-01-01", &["ReservationNotActive"]),
        ("red_hat", with(r(), "family", "red_hat"), ret(1), buy("red_hat"), "2025-10-20", &["SelfServiceExchangeNotSupported"]),
        ("suse", with(r(), "family", "suse"), ret(1), buy("suse"), "2025-10-20", &["SelfServiceExchangeNotSupported"]),
        ("pre_purchase", with(r(), "family", "pre_purchase"), ret(1), buy("pre_purchase"), "2025-10-20", &["SelfServiceExchangeNotSupported"]),
        ("nothing returned", r(), json!([]), buy("compute"), "2025-10-20", &["EmptyExchange"]),
        // Nothing bought is also worth less than what is returned: both are said.
        ("nothing bought", r(), ret(1), json!([]), "2025-10-20", &["EmptyExchange", "ExchangeValueTooLow"]),
    ];
    for (name, reservation, returns, purchases, today, errors) in rows {
        let q = quote(&exchange_request(pack("azure-2026"), today, vec![reservation], returns, purchases));
        t.row(name, error_codes(&q), strings(errors));
    }
    t.done(9);
}

// ---------------------------------------------------------------------------------------------
// The workspace: roles, the purchase permission, orders, the 2027 rules over a sequence, dates.

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn day(s: &str) -> Date {
    Date::parse(s).expect("a date")
}

fn name(s: &str) -> Name {
    Name::parse(s).expect("a name")
}

fn amount_of(s: &str) -> Amount {
    Amount::parse(s).expect("an amount")
}

fn at(day: &str, command: Command) -> DatedCommand {
    DatedCommand { date: self::day(day), actor: Actor::admin_agent(), command }
}

fn by(actor: &Actor, day: &str, command: Command) -> DatedCommand {
    DatedCommand { date: self::day(day), actor: actor.clone(), command }
}

fn new_reservation(id: &str, term: Term, bought: Option<&str>, quantity: u32, price: &str) -> NewReservation {
    NewReservation {
        id: Some(name(id)),
        order_id: Some(name(&format!("order-of-{id}"))),
        family: ProductFamily::compute(),
        service: None,
        sku: name(&format!("sku-{id}")),
        region: name("westeurope"),
        term,
        billing_plan: BillingPlan::Upfront,
        quantity: Quantity::new(quantity).expect("a quantity"),
        unit_price: amount_of(price),
        current_unit_price: None,
        customer_unit_price: None,
        scope: Scope::Shared,
        purchase_date: bought.map(day),
        used: true,
        display_name: None,
    }
}

fn buy(customer: &str, new: NewReservation) -> Command {
    Command::Buy { customer: name(customer), reservation: Box::new(new) }
}

fn refund(reservation: &str, quantity: u32) -> Command {
    Command::Refund { customer: name("c1"), reservation: name(reservation), quantity }
}

fn exchange(reservation: &str, quantity: u32, price: &str) -> Command {
    Command::Exchange {
        customer: name("c1"),
        returns: vec![ReturnLine { reservation: name(reservation), quantity }],
        purchases: vec![Purchase {
            family: ProductFamily::compute(),
            service: None,
            sku: Some(name("bought-by-exchange")),
            region: Some(name("westeurope")),
            term: Term::P3Y,
            billing_plan: BillingPlan::Upfront,
            quantity: Quantity::new(1).unwrap(),
            currency: Currency::USD,
            unit_price: amount_of(price),
            scope: Scope::Shared,
        }],
    }
}

/// Applies commands that must all be accepted.
fn setup(policy: PackId, commands: &[DatedCommand]) -> Workspace {
    let mut ws = Workspace::new(Policy::pack(policy));
    for command in commands {
        if let Err(rejection) = ws.apply(command) {
            panic!("setup command {command:?} refused: {}", plain::rejection(&rejection));
        }
    }
    ws
}

/// Applies one command to a copy and says what happened; a refusal must change nothing.
fn outcome(ws: &Workspace, command: &DatedCommand) -> Result<String, String> {
    let mut after = ws.clone();
    match after.apply(command) {
        Ok(entry) => Ok(reservoir::formats::plain::operation(&entry.event).to_string()),
        Err(rejection) => {
            assert_eq!(&after, ws, "a refused command changed the workspace: {command:?}");
            Err(rejection.code().to_string())
        }
    }
}

/// Customer c1 with a qualifying subscription s1, user alice (Owner on s1), the permission on,
/// a reservation the partner bought (p1) and one alice bought (a1).
fn customer_workspace() -> Workspace {
    let alice = Actor::Customer { customer: name("c1"), user: name("alice") };
    setup(
        PackId::Azure2026,
        &[
            at(
                "2025-01-01",
                Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD },
            ),
            at(
                "2025-01-01",
                Command::AddSubscription {
                    customer: name("c1"),
                    subscription: name("s1"),
                    kind: SubscriptionKind::AzurePlan,
                    bought_by_partner: true,
                },
            ),
            at(
                "2025-01-01",
                Command::AddSubscription {
                    customer: name("c1"),
                    subscription: name("s2"),
                    kind: SubscriptionKind::AzurePlan,
                    bought_by_partner: true,
                },
            ),
            at("2025-01-01", Command::AddUser { customer: name("c1"), user: name("alice") }),
            at(
                "2025-01-01",
                Command::AssignOwner { customer: name("c1"), user: name("alice"), subscription: name("s1") },
            ),
            at("2025-01-01", Command::SetPurchasePermission { customer: name("c1"), allowed: true }),
            at("2025-01-02", buy("c1", new_reservation("p1", Term::P1Y, None, 2, "3650"))),
            by(&alice, "2025-01-02", buy("c1", new_reservation("a1", Term::P1Y, None, 2, "3650"))),
        ],
    )
}

/// policy.md §4.1 and §2.2: every partner role may refund, exchange, renew and re-scope; only an
/// Admin agent switches the purchase permission; a customer may do none of it, even to what it
/// bought itself.
#[test]
fn the_role_table() {
    let mut t = Table::default();
    let ws = customer_workspace();
    assert_eq!(ws.customer("c1").unwrap().reservation("a1").unwrap().bought_by, Buyer::Customer);
    let actions = |reservation: &str| {
        vec![
            ("refund", refund(reservation, 1)),
            ("exchange", exchange(reservation, 1, "5000")),
            ("renew", Command::Renew { customer: name("c1"), reservation: name(reservation) }),
            (
                "change scope",
                Command::ChangeScope {
                    customer: name("c1"),
                    reservation: name(reservation),
                    scope: Scope::Single { subscription: name("s1") },
                },
            ),
        ]
    };
    let switch = Command::SetPurchasePermission { customer: name("c1"), allowed: false };
    for role in Role::ALL {
        let actor = Actor::Partner { role };
        for reservation in ["p1", "a1"] {
            for (name, command) in actions(reservation) {
                t.row(
                    &format!("{} {name} {reservation}", role.name()),
                    outcome(&ws, &by(&actor, "2025-03-01", command)).is_ok(),
                    true,
                );
            }
        }
        let expected = if role == Role::AdminAgent {
            Ok("Delete Customer Purchase Permissions".to_string())
        } else {
            Err("NotAllowed".to_string())
        };
        t.row(
            &format!("{} switches the permission", role.name()),
            outcome(&ws, &by(&actor, "2025-03-01", switch.clone())),
            expected,
        );
    }
    let alice = Actor::Customer { customer: name("c1"), user: name("alice") };
    for reservation in ["p1", "a1"] {
        for (name, command) in actions(reservation) {
            t.row(
                &format!("customer {name} {reservation}"),
                outcome(&ws, &by(&alice, "2025-03-01", command)),
                Err("NotAllowed".to_string()),
            );
        }
    }
    t.row(
        "customer switches the permission",
        outcome(&ws, &by(&alice, "2025-03-01", switch)),
        Err("NotAllowed".to_string()),
    );
    t.row(
        "customer adds a customer",
        outcome(
            &ws,
            &by(
                &alice,
                "2025-03-01",
                Command::AddCustomer { customer: name("c9"), name: name("X"), currency: Currency::USD },
            ),
        ),
        Err("NotAllowed".to_string()),
    );
    t.row(
        "customer buys",
        outcome(&ws, &by(&alice, "2025-03-01", buy("c1", new_reservation("a2", Term::P1Y, None, 1, "1")))),
        Ok("Purchase reservation".to_string()),
    );
    // A customer acts only in its own tenant.
    let mallory = Actor::Customer { customer: name("c2"), user: name("mallory") };
    t.row(
        "another tenant's user buys",
        outcome(&ws, &by(&mallory, "2025-03-01", buy("c1", new_reservation("m1", Term::P1Y, None, 1, "1")))),
        Err("NotAllowed".to_string()),
    );
    // The refusal's message names who and what.
    let mut copy = ws.clone();
    let rejection = copy.apply(&by(&alice, "2025-03-01", refund("a1", 1))).expect_err("refused");
    t.row(
        "the refusal says why",
        plain::rejection(&rejection).contains("cannot cancel reservations")
            && plain::rejection(&rejection).contains("even for reservations the customer bought itself"),
        true,
    );
    t.done(56);
}

/// policy.md §4.2: the permission needs an Azure plan or Azure Global subscription bought by the
/// partner; each switch is logged under Partner Center's own operation names.
#[test]
fn the_purchase_permission_and_its_prerequisites() {
    let mut t = Table::default();
    let add = |kind: SubscriptionKind, by_partner: bool| {
        at(
            "2025-01-01",
            Command::AddSubscription {
                customer: name("c1"),
                subscription: name("s1"),
                kind,
                bought_by_partner: by_partner,
            },
        )
    };
    let customer = at(
        "2025-01-01",
        Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD },
    );
    let on = at("2025-01-02", Command::SetPurchasePermission { customer: name("c1"), allowed: true });
    #[rustfmt::skip]
    let rows: Vec<(&str, Vec<DatedCommand>, Result<String, String>)> = vec![
        ("no subscription", vec![customer.clone()], Err("PurchasePermissionPrerequisite".into())),
        ("another kind", vec![customer.clone(), add(SubscriptionKind::Other, true)], Err("PurchasePermissionPrerequisite".into())),
        ("an Azure plan not bought by the partner", vec![customer.clone(), add(SubscriptionKind::AzurePlan, false)], Err("PurchasePermissionPrerequisite".into())),
        ("an Azure plan bought by the partner", vec![customer.clone(), add(SubscriptionKind::AzurePlan, true)], Ok("Create Customer Purchase Permissions".into())),
        ("Azure Global bought by the partner", vec![customer.clone(), add(SubscriptionKind::AzureGlobal, true)], Ok("Create Customer Purchase Permissions".into())),
    ];
    for (name, commands, expected) in rows {
        let ws = setup(PackId::Azure2026, &commands);
        t.row(name, outcome(&ws, &on), expected);
    }
    // On, again on (nothing to change), off: each switch is one log entry with its name.
    let mut ws = setup(PackId::Azure2026, &[customer, add(SubscriptionKind::AzurePlan, true), on.clone()]);
    t.row("on twice", outcome(&ws, &on), Err("NothingToChange".into()));
    ws.apply(&at("2025-01-03", Command::SetPurchasePermission { customer: name("c1"), allowed: false }))
        .expect("off");
    let operations: Vec<&str> =
        ws.activity_log.iter().map(|e| reservoir::formats::plain::operation(&e.event)).collect();
    t.row(
        "the log",
        operations,
        vec![
            "Add customer",
            "Add subscription",
            "Create Customer Purchase Permissions",
            "Delete Customer Purchase Permissions",
        ],
    );
    t.row("off", ws.customer("c1").unwrap().purchase_permission, false);

    // A customer's user buys only with the permission on and as Owner of a qualifying subscription
    // (for a single-subscription scope, of that one).
    let alice = Actor::Customer { customer: name("c1"), user: name("alice") };
    let base = customer_workspace();
    let scoped = |subscription: &str| NewReservation {
        scope: Scope::Single { subscription: name(subscription) },
        ..new_reservation("a9", Term::P1Y, None, 1, "100")
    };
    let mut off = base.clone();
    off.apply(&at("2025-02-01", Command::SetPurchasePermission { customer: name("c1"), allowed: false }))
        .expect("off");
    let mut no_owner = base.clone();
    no_owner
        .apply(&at(
            "2025-02-01",
            Command::RemoveOwner { customer: name("c1"), user: name("alice"), subscription: name("s1") },
        ))
        .expect("remove owner");
    let mut other_kind_owner = no_owner.clone();
    other_kind_owner
        .apply(&at(
            "2025-02-01",
            Command::AddSubscription {
                customer: name("c1"),
                subscription: name("s3"),
                kind: SubscriptionKind::Other,
                bought_by_partner: true,
            },
        ))
        .expect("s3");
    other_kind_owner
        .apply(&at(
            "2025-02-01",
            Command::AssignOwner { customer: name("c1"), user: name("alice"), subscription: name("s3") },
        ))
        .expect("owner of s3");
    let bob = Actor::Customer { customer: name("c1"), user: name("bob") };
    let admin = Actor::admin_agent();
    type Row<'a> = (&'a str, &'a Workspace, &'a Actor, NewReservation, Result<String, String>);
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("permission off", &off, &alice, new_reservation("a9", Term::P1Y, None, 1, "100"), Err("PurchasePermissionOff".into())),
        ("unknown user", &base, &bob, new_reservation("a9", Term::P1Y, None, 1, "100"), Err("UnknownUser".into())),
        ("not Owner", &no_owner, &alice, new_reservation("a9", Term::P1Y, None, 1, "100"), Err("NotOwner".into())),
        ("Owner of a subscription of another kind", &other_kind_owner, &alice, new_reservation("a9", Term::P1Y, None, 1, "100"), Err("NotOwner".into())),
        ("Owner, shared scope", &base, &alice, new_reservation("a9", Term::P1Y, None, 1, "100"), Ok("Purchase reservation".into())),
        ("Owner of the scope's subscription", &base, &alice, scoped("s1"), Ok("Purchase reservation".into())),
        ("not Owner of the scope's subscription", &base, &alice, scoped("s2"), Err("NotOwner".into())),
        ("the partner, permission off", &off, &admin, new_reservation("a9", Term::P1Y, None, 1, "100"), Ok("Purchase reservation".into())),
    ];
    for (name, ws, actor, new, expected) in rows {
        t.row(name, outcome(ws, &by(actor, "2025-03-01", buy("c1", new))), expected);
    }
    let mut bought = base.clone();
    bought
        .apply(&by(&alice, "2025-03-01", buy("c1", new_reservation("a9", Term::P1Y, None, 1, "100"))))
        .expect("bought");
    t.row(
        "the buyer is recorded",
        bought.customer("c1").unwrap().reservation("a9").unwrap().bought_by,
        Buyer::Customer,
    );
    t.done(17);
}

/// A customer's orders come in the order they were placed, each with its reservations in the order
/// they were bought, however the purchases of different orders interleave.
#[test]
fn orders_group_reservations_in_the_order_placed() {
    let mut t = Table::default();
    let in_order = |id: &str, order: &str| NewReservation {
        order_id: Some(name(order)),
        ..new_reservation(id, Term::P1Y, None, 1, "100")
    };
    let mut commands = vec![at(
        "2025-01-01",
        Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD },
    )];
    for (id, order) in [("r1", "B"), ("r2", "A"), ("r3", "B"), ("r4", "C"), ("r5", "A"), ("r6", "B")] {
        commands.push(at("2025-01-01", buy("c1", in_order(id, order))));
    }
    let ws = setup(PackId::Azure2026, &commands);
    let orders: Vec<(String, Vec<String>)> = ws
        .customer("c1")
        .unwrap()
        .orders()
        .into_iter()
        .map(|(id, members)| (id.to_string(), members.iter().map(|r| r.id.to_string()).collect()))
        .collect();
    let expected =
        |o: &str, ids: &[&str]| (o.to_string(), ids.iter().map(|i| i.to_string()).collect::<Vec<_>>());
    t.row(
        "three orders, first placed first",
        orders,
        vec![expected("B", &["r1", "r3", "r6"]), expected("A", &["r2", "r5"]), expected("C", &["r4"])],
    );
    t.done(1);
}

/// A partial refund closes the reservation and leaves a successor with what remains, in the same
/// order; each refund is one ledger entry of its canceled commitment.
#[test]
fn partial_refunds_leave_a_successor_in_the_same_order() {
    let mut t = Table::default();
    let mut ws = setup(
        PackId::Azure2026,
        &[
            at(
                "2025-01-01",
                Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD },
            ),
            at("2025-01-01", buy("c1", new_reservation("r1", Term::P1Y, None, 10, "1000"))),
        ],
    );
    // On 2025-10-20: 73 of 365 days left, 200.00 a unit.
    ws.apply(&at("2025-10-20", refund("r1", 3))).expect("refund 3");
    let c = ws.customer("c1").unwrap();
    let r1 = c.reservation("r1").unwrap();
    let successor = match &r1.status {
        Status::Closed { date: closed, reason: ClosedReason::Refunded, successor: Some(id), .. }
            if *closed == date("2025-10-20") =>
        {
            id.clone()
        }
        other => panic!("r1 should be closed by the refund with a successor, is {other:?}"),
    };
    let s = c.reservation(&successor).unwrap();
    t.row(
        "the successor",
        (s.quantity, s.order_id.as_str(), s.status == Status::Active, s.purchase_date, s.origin),
        (7, "order-of-r1", true, date("2025-01-01"), Origin::Purchase),
    );
    t.row("r1 keeps its 10 units on record", r1.quantity, 10);
    t.row(
        "the ledger",
        c.ledger.entries().iter().map(|e| (e.date, e.usd.to_string())).collect::<Vec<_>>(),
        vec![(date("2025-10-20"), "600.00".to_string())],
    );
    // The successor is returned in part again, then in full.
    ws.apply(&at("2025-10-21", refund(&successor, 2))).expect("refund 2 of 7");
    let c = ws.customer("c1").unwrap();
    let second = match &c.reservation(&successor).unwrap().status {
        Status::Closed { successor: Some(id), .. } => id.clone(),
        other => panic!("{other:?}"),
    };
    ws.apply(&at("2025-10-22", refund(&second, 5))).expect("refund the last 5");
    let c = ws.customer("c1").unwrap();
    t.row(
        "the last closes without successor",
        matches!(&c.reservation(&second).unwrap().status, Status::Closed { successor: None, .. }),
        true,
    );
    let orders: Vec<(String, Vec<(String, u32)>)> = c
        .orders()
        .into_iter()
        .map(|(id, members)| {
            (id.to_string(), members.iter().map(|r| (r.id.to_string(), r.quantity)).collect())
        })
        .collect();
    t.row(
        "one order",
        orders,
        vec![(
            "order-of-r1".to_string(),
            vec![("r1".to_string(), 10), (successor.clone(), 7), (second.clone(), 5)],
        )],
    );
    t.row("no units left open", c.open_reservations().count(), 0);
    // A closed reservation cannot be refunded again.
    let again = outcome(&ws, &at("2025-10-23", refund("r1", 1)));
    t.row("refund a closed one", again, Err("RefundRefused".to_string()));
    let mut copy = ws.clone();
    let rejection = copy.apply(&at("2025-10-23", refund("r1", 1))).expect_err("closed");
    t.row("why", matches!(rejection, Rejection::RefundRefused { ref errors } if matches!(errors.as_slice(), [RefundError::ReservationNotActive { .. }])), true);
    t.done(8);
}

/// The 1 February 2027 rules over a sequence: 10 units bought before the cut-off, 2 exchanged
/// after it; the 8 left keep their final exchange; what a final exchange bought cannot be
/// exchanged again; a renewal whose term starts after the cut-off cannot be exchanged, one that
/// starts before can.
#[test]
fn the_2027_cutoff_over_a_sequence() {
    let mut t = Table::default();
    let c1 = || Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD };
    let mut ws = setup(
        PackId::Azure2026,
        &[
            at("2026-06-01", c1()),
            at("2026-06-01", buy("c1", new_reservation("r10", Term::P3Y, None, 10, "3000"))),
            // Years bought 2026-03-01 and 2025-12-01: their renewals start 2027-03-01 (after the
            // cut-off) and 2026-12-01 (before it).
            at("2026-06-01", buy("c1", new_reservation("late", Term::P1Y, Some("2026-03-01"), 1, "1000"))),
            at("2026-06-01", buy("c1", new_reservation("early", Term::P1Y, Some("2025-12-01"), 1, "1000"))),
            at("2026-06-02", Command::Renew { customer: name("c1"), reservation: name("early") }),
            at("2026-12-01", Command::Renew { customer: name("c1"), reservation: name("late") }),
        ],
    );
    let find = |ws: &Workspace, what: &dyn Fn(&reservoir::domain::reservation::Reservation) -> bool| {
        ws.customer("c1").unwrap().reservations.iter().find(|r| what(r)).map(|r| r.id.clone()).expect("found")
    };
    let renewal_of = |ws: &Workspace, sku: &str| find(ws, &|r| r.origin == Origin::Renewal && &*r.sku == sku);
    let late = renewal_of(&ws, "sku-late");
    let early = renewal_of(&ws, "sku-early");
    let late_start = ws.customer("c1").unwrap().reservation(&late).unwrap().purchase_date;
    t.row("the late renewal starts", late_start, date("2027-03-01"));

    // 2 of the 10 exchanged after the cut-off: their value is 2 × 3000 × 823/1096 = 4505.47
    // (2026-06-01 → 2029-06-01 is 1096 days, 823 of them left on 2027-03-01).
    let entry = ws.apply(&at("2027-03-01", exchange("r10", 2, "10000"))).expect("the first exchange").clone();
    t.row(
        "a final exchange",
        (
            reservoir::formats::plain::event(&entry.event).contains("for USD 4505.47"),
            reservoir::formats::plain::event(&entry.event).contains("A final exchange"),
        ),
        (true, true),
    );
    let eight = match &ws.customer("c1").unwrap().reservation("r10").unwrap().status {
        Status::Closed { reason: ClosedReason::Exchanged, successor: Some(id), .. } => id.clone(),
        other => panic!("{other:?}"),
    };
    let bought = find(&ws, &|r| r.origin == Origin::FinalExchange);
    let (units, origin) = {
        let s = ws.customer("c1").unwrap().reservation(&eight).unwrap();
        (s.quantity, s.origin)
    };
    t.row("the 8 left", (units, origin), (8, Origin::Purchase));
    let ledger_before = ws.customer("c1").unwrap().ledger.clone();

    // Each of the 8 still has its final exchange: 3 of them now, the 5 left later.
    let three = outcome(&ws, &at("2027-03-02", exchange(&eight, 3, "10000")));
    t.row("3 of the 8", three, Ok("Exchange reservations".to_string()));
    ws.apply(&at("2027-03-02", exchange(&eight, 3, "10000"))).expect("3 of the 8");
    let five = match &ws.customer("c1").unwrap().reservation(&eight).unwrap().status {
        Status::Closed { successor: Some(id), .. } => id.clone(),
        other => panic!("{other:?}"),
    };
    t.row(
        "the 5 left",
        outcome(&ws, &at("2027-03-03", exchange(&five, 5, "20000"))),
        Ok("Exchange reservations".to_string()),
    );

    // What the final exchange bought cannot be exchanged again.
    let mut copy = ws.clone();
    let rejection = copy.apply(&at("2027-03-03", exchange(&bought, 1, "100000"))).expect_err("final");
    t.row(
        "what the final exchange bought",
        matches!(&rejection, Rejection::ExchangeRefused { errors } if matches!(errors.as_slice(), [ExchangeError::FinalExchangeAlreadyUsed { .. }])),
        true,
    );
    // The renewal that starts after the cut-off cannot be exchanged; the earlier one can.
    let mut copy = ws.clone();
    let rejection =
        copy.apply(&at("2027-04-01", exchange(&late, 1, "5000"))).expect_err("renewed after the cut-off");
    t.row(
        "a renewal after the cut-off",
        matches!(&rejection, Rejection::ExchangeRefused { errors } if matches!(errors.as_slice(), [ExchangeError::ExchangeNotAllowedAfterCutoff { .. }])),
        true,
    );
    t.row(
        "a renewal before the cut-off",
        outcome(&ws, &at("2027-04-01", exchange(&early, 1, "5000"))),
        Ok("Exchange reservations".to_string()),
    );
    // Exchanges never touched the limit.
    t.row("the ledger", ws.customer("c1").unwrap().ledger.clone(), ledger_before);
    t.row("still empty", ws.customer("c1").unwrap().ledger.is_empty(), true);
    t.done(9);
}

/// Simulated time only moves forward: a command dated before the last applied one is refused, one
/// on the same day is not, and a refused command does not move the date.
#[test]
fn date_out_of_order() {
    let mut t = Table::default();
    let add = |id: &str| Command::AddCustomer { customer: name(id), name: name(id), currency: Currency::USD };
    let ws = setup(PackId::Csp2020, &[at("2025-01-10", add("c1"))]);
    let mut copy = ws.clone();
    let rejection = copy.apply(&at("2025-01-09", add("c2"))).expect_err("earlier");
    t.row(
        "a day earlier",
        rejection.clone(),
        Rejection::DateOutOfOrder { date: date("2025-01-09"), last_date: date("2025-01-10") },
    );
    t.row("unchanged", copy == ws, true);
    t.row("the same day", outcome(&ws, &at("2025-01-10", add("c2"))), Ok("Add customer".to_string()));
    // The order of checks: the date comes first, even before who acts.
    let alice = Actor::Customer { customer: name("c1"), user: name("alice") };
    t.row(
        "date before role",
        outcome(&ws, &by(&alice, "2025-01-01", add("c3"))),
        Err("DateOutOfOrder".to_string()),
    );
    // A refused command on a later day leaves the date where it was.
    let mut copy = ws.clone();
    copy.apply(&at("2025-02-01", add("c1"))).expect_err("already exists");
    t.row("last date after a refusal", copy.last_date, Some(date("2025-01-10")));
    t.row(
        "then an earlier day still works",
        outcome(&copy, &at("2025-01-20", add("c2"))),
        Ok("Add customer".to_string()),
    );
    t.done(6);
}
