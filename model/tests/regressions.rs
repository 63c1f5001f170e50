//! One test per bug found by the fuzzing and property tests, named after what broke (ripgrep's
//! `tests/regression.rs`). Each input is the smallest one that showed the bug.

use serde_json::{json, Value};

fn valid_request() -> Value {
    json!({
        "format": "reservoir.quote-request/1", "policy": "azure-2026", "today": "2024-03-01",
        "usd_per_unit": { "GBP": "1.2027" },
        "reservations": [ { "id": "r1", "family": "compute", "term": "P1Y", "billing_plan": "Upfront",
                            "purchase_date": "2024-01-01", "quantity": 1, "currency": "USD", "unit_price": "100" } ],
        "refund": { "reservation": "r1", "quantity": 1 }
    })
}

/// Found by fuzz.rs (`a_valid_request_with_one_field_mutated_never_panics`): serde echoes some input
/// as is, without escaping it — an unknown enum variant, an unknown policy key, a map key in the
/// path — so a newline there split the error over several lines, although the quote contract
/// promises one line on standard error. `InputError::new` now writes control characters escaped.
#[test]
fn an_input_error_stays_on_one_line_when_the_input_holds_a_newline() {
    let mut unknown_variant = valid_request();
    unknown_variant["reservations"][0]["billing_plan"] = json!("\n");
    let mut unknown_override = valid_request();
    unknown_override["policy"] = json!({ "base": "azure-2026", "fee\npercent": "12" });
    let mut map_key = valid_request();
    map_key["usd_per_unit"] = json!({ "GB\nP": "x" });
    let mut carriage_return = valid_request();
    carriage_return["reservations"][0]["term"] = json!("P1Y\r\nP3Y");
    let mut separator = valid_request();
    separator["reservations"][0]["term"] = json!("P1Y\u{2028}");
    let cases = [
        ("unknown variant", unknown_variant, "reservations[0].billing_plan", "\\n"),
        ("unknown override", unknown_override, "policy", "fee\\npercent"),
        ("map key in the path", map_key, "usd_per_unit.GB\\nP", "found \"x\""),
        ("carriage return", carriage_return, "reservations[0].term", "P1Y\\r\\nP3Y"),
        ("line separator", separator, "reservations[0].term", "P1Y\\u{2028}"),
    ];
    for (name, request, path, shown) in cases {
        let error = reservoir::formats::quote_json::quote_text(&request.to_string()).expect_err(name);
        let line = error.to_string();
        assert_eq!(line.lines().count(), 1, "{name}: {line:?}");
        assert!(!line.contains(['\n', '\r', '\u{2028}']), "{name}: {line:?}");
        assert!(error.path.starts_with(path), "{name}: path {:?}", error.path);
        assert!(line.contains(shown), "{name}: {line:?} should show {shown:?} escaped");
    }

    // The same through the scenario reader: an unknown command name with a newline.
    let scenario = json!({ "format": "reservoir.scenario/1",
        "commands": [ { "date": "2024-01-01", "command": "refund\nall" } ] });
    let error =
        reservoir::formats::simulation::simulate_text(&scenario.to_string()).expect_err("unknown command");
    assert_eq!(error.to_string().lines().count(), 1, "{error:?}");
    assert!(error.message().contains("refund\\nall"), "{error:?}");
}

/// Noticed by laws.rs's review: a refund that can never be made (a Red Hat plan) and is also over
/// the limit was offered an `earliestDateThatFits`, as if waiting would let it through.
#[test]
fn a_refund_that_can_never_be_made_is_offered_no_date() {
    let mut request = valid_request();
    request["reservations"][0]["family"] = json!("red_hat");
    request["reservations"][0]["unit_price"] = json!("90000");
    let (text, _) = reservoir::formats::quote_json::quote_text(&request.to_string()).unwrap();
    let quote: Value = serde_json::from_str(&text).unwrap();
    let codes: Vec<&str> = quote["policyResult"]["policyErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SelfServiceRefundNotSupported", "RefundLimitExceeded"]);
    assert_eq!(quote["earliestDateThatFits"], Value::Null);

    // The same refund of a compute reservation is offered the day it fits.
    let mut compute = request.clone();
    compute["reservations"][0]["family"] = json!("compute");
    let (text, _) = reservoir::formats::quote_json::quote_text(&compute.to_string()).unwrap();
    let quote: Value = serde_json::from_str(&text).unwrap();
    assert!(quote["earliestDateThatFits"].is_string(), "{quote:#}");
}

/// Issue 9: "Owed to the customer" was blank when the customer pays the partner's price (no
/// `customer_unit_price`): the engine priced no customer side at all, as if nothing were owed.
#[test]
fn what_is_owed_to_the_customer_is_quoted_when_the_prices_are_equal() {
    let owed = |request: &Value| {
        let quote: Value = serde_json::from_str(
            &reservoir::formats::quote_json::quote_text(&request.to_string()).unwrap().0,
        )
        .unwrap();
        (quote["billingRefundAmount"]["amount"].clone(), quote["customerRefundAmount"]["amount"].clone())
    };
    let (partner, customer) = owed(&valid_request());
    assert_eq!(partner, json!("83.61"));
    assert_eq!(customer, partner, "no price of its own: the customer is owed what the partner gets back");

    let mut same_price = valid_request();
    same_price["reservations"][0]["customer_unit_price"] = json!("100");
    assert_eq!(owed(&same_price), (json!("83.61"), json!("83.61")));
    let mut higher = valid_request();
    higher["reservations"][0]["customer_unit_price"] = json!("120");
    assert_eq!(owed(&higher), (json!("83.61"), json!("100.33")));
}
