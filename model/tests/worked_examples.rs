//! policy.md §5, W1–W9: the worked examples the model must reproduce, through the same request
//! reader and quote writer that `reservoir quote` uses.

use serde_json::{json, Value};

/// Builds a request for one USD reservation and returns the quote as JSON.
fn quote(policy: &str, today: &str, reservation: Value, action: Value) -> Value {
    let mut request = json!({
        "format": "reservoir.quote-request/1",
        "policy": policy,
        "today": today,
        "reservations": [reservation],
    });
    let object = request.as_object_mut().unwrap();
    for (key, value) in action.as_object().unwrap() {
        object.insert(key.clone(), value.clone());
    }
    let (text, ignored) = reservoir::formats::quote_json::quote_text(&request.to_string()).unwrap();
    assert!(ignored.is_empty(), "{ignored:?}");
    serde_json::from_str(&text).unwrap()
}

fn reservation(term: &str, plan: &str, bought: &str, price: &str, used: bool) -> Value {
    json!({ "id": "r1", "order_id": "o1", "family": "compute", "sku": "Standard_D2s_v5",
            "region": "westeurope", "term": term, "billing_plan": plan, "purchase_date": bought,
            "quantity": 1, "currency": "USD", "unit_price": price, "used": used })
}

fn refund_all() -> Value {
    json!({ "refund": { "reservation": "r1", "quantity": 1 } })
}

fn amount(quote: &Value, pointer: &str) -> String {
    quote.pointer(pointer).unwrap_or_else(|| panic!("{pointer} missing in {quote:#}"))["amount"]
        .as_str()
        .unwrap()
        .to_string()
}

fn error_codes(quote: &Value) -> Vec<String> {
    quote["policyResult"]["policyErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn w1_exchange_after_18_months_needs_1800_of_new_commitment() {
    let returned = reservation("P3Y", "Monthly", "2024-01-15", "100", true);
    let exchange = |price: &str| {
        json!({ "exchange": {
            "return": [{ "reservation": "r1", "quantity": 1 }],
            "purchase": [{ "family": "compute", "sku": "Standard_D4s_v5", "region": "westeurope",
                           "term": "P1Y", "billing_plan": "Upfront", "quantity": 1,
                           "currency": "USD", "unit_price": price }] } })
    };
    let enough = quote("azure-2026", "2025-07-15", returned.clone(), exchange("1800"));
    assert_eq!(amount(&enough, "/refundsTotal"), "1800.00");
    assert_eq!(amount(&enough, "/netPayable"), "0.00");
    assert!(error_codes(&enough).is_empty());

    let short = quote("azure-2026", "2025-07-15", returned, exchange("1799.99"));
    assert_eq!(amount(&short, "/netPayable"), "-0.01");
    assert_eq!(error_codes(&short), ["ExchangeValueTooLow"]);
}

#[test]
fn w2_upfront_one_year_over_a_leap_day_refunds_half() {
    let q = quote(
        "azure-2026",
        "2023-08-31",
        reservation("P1Y", "Upfront", "2023-03-01", "2400", true),
        refund_all(),
    );
    assert_eq!(amount(&q, "/billingRefundAmount"), "1200.00");
    let labels: Vec<&str> =
        q["breakdown"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert!(labels.iter().any(|l| l.contains("183 / 366")), "{labels:?}");
}

#[test]
fn w3_monthly_refund_counts_the_canceled_future_payments() {
    let q = quote(
        "azure-2026",
        "2025-01-15",
        reservation("P3Y", "Monthly", "2024-01-15", "100", true),
        refund_all(),
    );
    assert_eq!(q["billingInformation"]["completedTransactions"], 13);
    assert_eq!(amount(&q, "/billingRefundAmount"), "100.00");
    assert_eq!(amount(&q, "/billingInformation/billingCurrencyRemainingCommitmentAmount"), "2300.00");
    assert_eq!(amount(&q, "/canceledCommitmentUsd"), "2400.00");
    assert!(error_codes(&q).is_empty());

    // The limit after it: 47,600 left through 2026-01-14, 50,000 again on 2026-01-15.
    let ledger = |today: &str| {
        let mut l = reservoir::domain::ledger::RefundLedger::new();
        l.record(reservoir::domain::ledger::LedgerEntry {
            date: "2025-01-15".parse().unwrap(),
            usd: "2400.00".parse().unwrap(),
            reason: reservoir::domain::ledger::EntryReason::Earlier { note: String::new() },
        });
        let policy = reservoir::domain::policy::Policy::pack(reservoir::domain::policy::PackId::Azure2026);
        let check = l.check(today.parse().unwrap(), reservoir::domain::money::Currency::USD.zero(), &policy);
        check.left_after.amount_string()
    };
    assert_eq!(ledger("2026-01-14"), "47600.00");
    assert_eq!(ledger("2026-01-15"), "50000.00");
}

#[test]
fn w4_a_large_monthly_cancellation_waits_until_2025_08_26() {
    let r = reservation("P3Y", "Monthly", "2024-01-15", "3000", true);
    let refused = quote("azure-2026", "2025-08-25", r.clone(), refund_all());
    assert_eq!(amount(&refused, "/billingRefundAmount"), "2032.26");
    assert_eq!(amount(&refused, "/billingInformation/billingCurrencyRemainingCommitmentAmount"), "48000.00");
    assert_eq!(amount(&refused, "/canceledCommitmentUsd"), "50032.26");
    assert_eq!(error_codes(&refused), ["RefundLimitExceeded"]);
    assert_eq!(refused["earliestDateThatFits"], "2025-08-26");

    let fits = quote("azure-2026", "2025-08-26", r, refund_all());
    assert_eq!(amount(&fits, "/billingRefundAmount"), "1935.48");
    assert_eq!(amount(&fits, "/canceledCommitmentUsd"), "49935.48");
    assert!(error_codes(&fits).is_empty());
    assert_eq!(fits["earliestDateThatFits"], Value::Null);
}

#[test]
fn w5_the_day_of_return_counts_as_a_remaining_day() {
    let q = quote(
        "azure-2026",
        "2025-07-09",
        reservation("P1Y", "Upfront", "2024-07-10", "3650", true),
        refund_all(),
    );
    // 3,650 × 1 / 365 = 10.00: exactly one day refunded.
    assert_eq!(amount(&q, "/billingRefundAmount"), "10.00");
}

#[test]
fn w6_csp_2020_unused_within_five_days_refunds_in_full() {
    let q = quote(
        "csp-2020",
        "2024-01-04",
        reservation("P1Y", "Upfront", "2024-01-01", "12000", false),
        refund_all(),
    );
    assert_eq!(amount(&q, "/billingRefundAmount"), "12000.00");
    assert_eq!(amount(&q, "/billingFeeAmount"), "0.00");
}

#[test]
fn w7_csp_2020_used_within_five_days_is_pro_rated_without_fee() {
    let q = quote(
        "csp-2020",
        "2024-01-04",
        reservation("P1Y", "Upfront", "2024-01-01", "12000", true),
        refund_all(),
    );
    assert_eq!(amount(&q, "/billingRefundAmount"), "11901.64");
    assert_eq!(amount(&q, "/billingFeeAmount"), "0.00");
}

#[test]
fn w8_csp_2020_on_day_30_pays_the_12_percent_fee() {
    let q = quote(
        "csp-2020",
        "2024-01-31",
        reservation("P1Y", "Upfront", "2024-01-01", "12000", true),
        refund_all(),
    );
    let lines: Vec<(String, String)> = q["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (l["label"].as_str().unwrap().to_string(), l["amount"]["amount"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(lines[0].1, "11016.39", "{lines:?}");
    assert!(lines[1].0.starts_with("Early termination fee: 12%"), "{lines:?}");
    assert_eq!(lines[1].1, "1321.97");
    assert_eq!(amount(&q, "/billingFeeAmount"), "1321.97");
    assert_eq!(amount(&q, "/billingRefundAmount"), "9694.42");
}

#[test]
fn w9_73_of_365_days_left_of_19800() {
    // Bought 2025-01-01 (a 365-day term ending 2026-01-01); 73 days before the end is 2025-10-20.
    let q = quote(
        "azure-2026",
        "2025-10-20",
        reservation("P1Y", "Upfront", "2025-01-01", "19800", true),
        refund_all(),
    );
    assert_eq!(amount(&q, "/billingRefundAmount"), "3960.00");
}

#[test]
fn the_quote_format_example_reproduces_its_printed_numbers() {
    let request = json!({
        "format": "reservoir.quote-request/1", "policy": "azure-2026", "today": "2023-01-20",
        "usd_per_unit": { "GBP": "1.2027" },
        "refunds_before": [ { "date": "2022-06-01", "usd": "83.69" } ],
        "reservations": [ { "id": "r1", "order_id": "o1", "family": "compute", "sku": "Standard_B1s",
            "region": "westeurope", "term": "P1Y", "billing_plan": "Monthly", "purchase_date": "2022-11-10",
            "quantity": 1, "currency": "USD", "unit_price": "2.66", "current_unit_price": "2.66", "used": true } ],
        "refund": { "reservation": "r1", "quantity": 1 }
    });
    let (text, _) = reservoir::formats::quote_json::quote_text(&request.to_string()).unwrap();
    let q: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(amount(&q, "/billingRefundAmount"), "1.80");
    assert_eq!(amount(&q, "/pricingRefundAmount"), "1.80");
    assert_eq!(amount(&q, "/billingInformation/billingCurrencyTotalPaidAmount"), "7.98");
    assert_eq!(amount(&q, "/billingInformation/billingCurrencyProratedAmount"), "6.18");
    assert_eq!(amount(&q, "/billingInformation/billingCurrencyRemainingCommitmentAmount"), "23.94");
    assert_eq!(amount(&q, "/canceledCommitmentUsd"), "25.74");
    assert_eq!(amount(&q, "/policyResult/consumedRefundsTotal"), "83.69");
    assert_eq!(amount(&q, "/policyResult/maxRefundLimit"), "50000.00");
    assert_eq!(q["billingInformation"]["completedTransactions"], 3);
    assert_eq!(q["billingInformation"]["totalTransactions"], 12);
}
