//! Fuzzing of every parser of outside input, in process, with proptest: the quote request reader
//! (`parse_quote_request`), the whole of `reservoir quote` but the I/O (`quote_text`), the scenario
//! reader (`parse_scenario`) and the whole of `reservoir simulate` (`simulate_text`), and the
//! app's readers of outside text: an import (`transfer::check_import`) and a stored session
//! (`stored::read`); and the readers of Azure's own exports (`formats::azure`: reservations,
//! orders, transactions in JSON and CSV, price sheets), whose property is the same with places:
//! never a panic, every place names the file on one line, and what they import replays.
//!
//! The property is the contract of docs/quote-format.md: whatever the input, never a panic; either
//! a result, or one `InputError` whose path and message are non-empty and fit on one line (the CLI
//! prints `path: message` as its one line on standard error).
//!
//! Inputs come in four layers, from the most shallow to the deepest: arbitrary bytes, arbitrary
//! JSON values, requests and scenarios built from the grammar with boundary-heavy values, and
//! valid requests and scenarios with one field mutated (replaced, deleted, or swapped for raw
//! text such as `1e400`, an impossible date or arrays nested 10,000 deep).
//!
//! The case counts keep the file under about 20 seconds in a debug build on 2 cores. Set
//! `RESERVOIR_FUZZ_CASES=N` to run N cases per property instead, for a longer local run.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use reservoir::formats::input::InputError;
use serde_json::{json, Map, Value};

/// Cases per property: `default`, or `RESERVOIR_FUZZ_CASES` when set.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("RESERVOIR_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    // No persistence file: a failure found here becomes a named test in regressions.rs instead.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// The properties.

/// An input error as the contract wants it: a path and a message, each non-empty and on one line.
fn check_input_error(error: &InputError) -> Result<(), TestCaseError> {
    prop_assert!(!error.path.trim().is_empty(), "empty path in {error:?}");
    prop_assert!(!error.message().trim().is_empty(), "empty message in {error:?}");
    prop_assert!(
        error.path.lines().count() == 1 && !error.path.contains(['\n', '\r']),
        "path on several lines: {error:?}"
    );
    prop_assert!(
        error.message().lines().count() == 1 && !error.message().contains(['\n', '\r']),
        "message on several lines: {error:?}"
    );
    prop_assert!(error.to_string().lines().count() == 1, "{error:?}");
    Ok(())
}

/// Runs every quote parser on `text`.
fn check_quote_parsers(text: &str) -> Result<(), TestCaseError> {
    let parsed = reservoir::formats::quote_request::parse_quote_request(text);
    let quoted = reservoir::formats::quote_json::quote_text(text);
    // `reservoir plan` reads with the same reader; it refuses a request without a plan, by name.
    match (&parsed, reservoir::formats::plan_json::plan_text(text)) {
        (Ok(request), Ok((json, _))) => {
            let is_plan = matches!(request.action, reservoir::formats::quote_request::Action::Plan { .. });
            prop_assert!(is_plan, "plan_text planned a request without a plan");
            let plan: Value = serde_json::from_str(&json).expect("the plan is JSON");
            prop_assert_eq!(&plan["format"], "reservoir.plan/1");
        }
        (Ok(_), Err(e)) => prop_assert_eq!(e.path.as_str(), "plan"),
        (Err(a), Err(b)) => prop_assert_eq!(a, &b),
        (Err(_), Ok(_)) => prop_assert!(false, "plan_text read what parse_quote_request refused: {:?}", text),
    }
    match (&parsed, &quoted) {
        (Ok(request), Ok((json, _))) => {
            let quote: Value = serde_json::from_str(json).expect("the quote is JSON");
            if matches!(request.action, reservoir::formats::quote_request::Action::Plan { .. }) {
                prop_assert_eq!(&quote["format"], "reservoir.plan/1");
            } else {
                prop_assert_eq!(&quote["format"], "reservoir.quote/1");
                prop_assert!(quote["policyResult"]["policyErrors"].is_array(), "{}", json);
            }
        }
        (Err(a), Err(b)) => {
            // The CLI path reads the request with the very same reader.
            prop_assert_eq!(a, b);
            check_input_error(a)?;
        }
        _ => prop_assert!(false, "parse_quote_request and quote_text disagree on {:?}", text),
    }
    Ok(())
}

/// Runs every scenario parser on `text`.
fn check_scenario_parsers(text: &str) -> Result<(), TestCaseError> {
    let mut ignored = Vec::new();
    let parsed = reservoir::formats::simulation::parse_scenario(text, &mut ignored);
    let simulated = reservoir::formats::simulation::simulate_text(text);
    match (&parsed, &simulated) {
        (Ok(scenario), Ok((json, _))) => {
            // The simulation is checked against the parsed scenario without reading it back as a
            // whole (a workspace's JSON is long, and the sweep below runs thousands of them).
            prop_assert!(json.starts_with("{\n  \"format\": \"reservoir.simulation/1\""), "{:.200}", json);
            let outcomes = reservoir::formats::simulation::simulate(scenario).outcomes;
            prop_assert_eq!(outcomes.len(), scenario.commands.len());
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(a, b);
            check_input_error(a)?;
        }
        _ => prop_assert!(false, "parse_scenario and simulate_text disagree on {:?}", text),
    }
    check_app_readers(text, parsed.is_ok())
}

/// The app's readers of the same text: an import (checked against an empty workspace), and a
/// stored session wrapped around it. Neither may panic; each either accepts what the scenario
/// reader accepts or reports problems that are well formed.
fn check_app_readers(text: &str, scenario_reads: bool) -> Result<(), TestCaseError> {
    use reservoir::formats::transfer::{check_import, ImportCheck, ImportMode};
    let empty = reservoir::simulation::scenario::Scenario::new(reservoir::domain::policy::Policy::pack(
        reservoir::domain::policy::PackId::Azure2026,
    ));
    let today = reservoir::domain::values::Date::parse("2026-11-21").unwrap();
    match check_import(text, &empty, today, ImportMode::Add) {
        ImportCheck::Ready { scenario, .. } => {
            // An import also takes a stored session (a file the app downloaded).
            prop_assert!(
                scenario_reads || reservoir::formats::stored::read(text).is_ok(),
                "an import accepted what neither the scenario nor the session reader accepts: {:?}",
                text
            );
            prop_assert!(reservoir::simulation::scenario::replay(&scenario).is_ok());
        }
        ImportCheck::Problems(problems) => {
            prop_assert!(!problems.is_empty());
            for problem in &problems {
                check_input_error(problem)?;
            }
        }
    }
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        let stored = serde_json::json!({
            "format": "reservoir.session/2", "revision": 1, "today": "2026-11-21",
            "actor": { "partner": { "role": "admin_agent" } }, "scenario": value,
        });
        let plainly = reservoir::formats::stored::read(&stored.to_string());
        match &plainly {
            Ok(read) => prop_assert!(scenario_reads && read.revision == 1),
            Err(error) => check_input_error(error)?,
        }
        // The same scenario packed, as version 4 stores a big session, reads exactly as plainly.
        let body = serde_json::json!({ "scenario": value, "undo": [] }).to_string();
        let packed = serde_json::json!({
            "format": "reservoir.session/4", "revision": 1, "today": "2026-11-21",
            "actor": { "partner": { "role": "admin_agent" } },
            "packed": reservoir::formats::packed::pack(&body),
        });
        let unpacked = reservoir::formats::stored::read(&packed.to_string());
        prop_assert_eq!(unpacked.is_ok(), plainly.is_ok(), "packed and plain disagree on {:?}", text);
        if let (Err(a), Err(b)) = (&unpacked, &plainly) {
            prop_assert_eq!(a, b);
        }
        // What reads plainly reads the same from version 5's compact body.
        if let Ok(read) = &plainly {
            let compact = reservoir::formats::compact::write(&read.scenario, &read.undo);
            let v5 = serde_json::json!({
                "format": "reservoir.session/5", "revision": 1, "today": "2026-11-21",
                "actor": { "partner": { "role": "admin_agent" } },
                "packed": reservoir::formats::packed::pack_bytes(&compact),
            });
            let again = reservoir::formats::stored::read(&v5.to_string());
            prop_assert!(again.as_ref() == Ok(read), "version 5 reads back differently: {:?}", again);
        }
    }
    // The text's bytes as a compact body, plain and packed: refused by a field, never a panic.
    if let Err(error) = reservoir::formats::compact::read(text.as_bytes()) {
        check_input_error(&error)?;
    }
    let v5 = serde_json::json!({
        "format": "reservoir.session/5", "revision": 1, "today": "2026-11-21",
        "actor": { "partner": { "role": "admin_agent" } },
        "packed": reservoir::formats::packed::pack_bytes(text.as_bytes()),
    });
    if let Err(error) = reservoir::formats::stored::read(&v5.to_string()) {
        check_input_error(&error)?;
    }
    // The text itself as a packed body: any text there is refused by its field, never a panic.
    let packed = serde_json::json!({ "format": "reservoir.session/4", "packed": text });
    if let Err(error) = reservoir::formats::stored::read(&packed.to_string()) {
        check_input_error(&error)?;
    }
    if let Err(error) = reservoir::formats::stored::read(text) {
        check_input_error(&error)?;
    }
    Ok(())
}

/// Both families of parsers, since neither must panic on what the other expects.
fn check_all_parsers(text: &str) -> Result<(), TestCaseError> {
    check_quote_parsers(text)?;
    check_scenario_parsers(text)
}

// ---------------------------------------------------------------------------------------------
// Raw text that JSON values cannot hold, or that is best written by hand.

/// Number literals at and past every bound the readers know.
const NUMBER_TEXTS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "-0.01",
    "0.1",
    "1.5",
    "1e400",
    "-1e400",
    "1e-400",
    "1E5",
    "1e28",
    "1e12",
    "1000000000000.00000001",
    "0.000000001",
    "0.00000001",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "4294967295",
    "4294967296",
    "1000000",
    "1000001",
    "18446744073709551616",
    "123456789012345678901234567890.123456789",
    "3660",
    "3661",
    "100.0000000001",
];

/// Strings the readers look at closely.
const STRING_TEXTS: &[&str] = &[
    "",
    " ",
    "\n",
    "a\nb",
    "\u{0}",
    "\t",
    "\u{7f}",
    "\u{202e}",
    "é",
    "🦀",
    "9999-12-31",
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "1999-12-31",
    "2000-01-01",
    "2100-12-31",
    "2101-01-01",
    "2024-02-29",
    "2023-02-29",
    "+2023-01-01",
    "2023-1-01",
    "2024-01-31",
    "2027-02-01",
    "-1",
    "1e400",
    "-0",
    "0",
    "NaN",
    "Infinity",
    "1,000",
    "0x10",
    "12.345678901",
    "P1Y",
    "P3Y",
    "P2Y",
    "p1y",
    "Upfront",
    "Monthly",
    "monthly",
    "compute",
    "sql",
    "red_hat",
    "suse",
    "pre_purchase",
    "Cosmos DB",
    "vmware_solution",
    "USD",
    "GBP",
    "SEK",
    "JPY",
    "XYZ",
    "usd",
    "azure-2026",
    "csp-2020",
    "custom",
    "canceled_commitment",
    "refund_only",
    "purchase",
    "lower_of_purchase_and_current",
    "reservoir.quote-request/1",
    "reservoir.scenario/1",
    "reservoir.quote-request/2",
    "r1",
    "r2",
    "c1",
    "admin_agent",
    "sales_agent",
    "Azure plan",
    "Azure Global",
    "Other",
    "$serde_json::private::Number",
];

/// Keys the readers know, so that random objects sometimes look like the real thing.
const KEYS: &[&str] = &[
    "format",
    "policy",
    "base",
    "today",
    "usd_per_unit",
    "refunds_before",
    "date",
    "usd",
    "reservations",
    "id",
    "order_id",
    "family",
    "service",
    "sku",
    "region",
    "term",
    "billing_plan",
    "purchase_date",
    "quantity",
    "currency",
    "unit_price",
    "current_unit_price",
    "customer_unit_price",
    "used",
    "scope",
    "kind",
    "subscription",
    "bought_by",
    "origin",
    "refund",
    "exchange",
    "return",
    "purchase",
    "reservation",
    "commands",
    "command",
    "actor",
    "partner",
    "role",
    "customer",
    "user",
    "name",
    "fee_percent",
    "refund_limit_usd",
    "refund_window_days",
    "full_refund_window_days",
    "exchange_cutoff_date",
    "cap_counts",
    "price_basis",
    "allowed",
    "returns",
    "purchases",
    "entry",
    "note",
    "refund_date",
    "$serde_json::private::Number",
    "",
    "a\nb",
];

/// Raw replacements for one field: every number above, every string above quoted, and the
/// pathological shapes (deep nesting, long strings) that are easiest to write as text.
fn raw_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts: Vec<String> = NUMBER_TEXTS.iter().map(|n| n.to_string()).collect();
        texts.extend(STRING_TEXTS.iter().map(|s| Value::String(s.to_string()).to_string()));
        texts.extend(["null", "true", "false", "[]", "{}", "[1]", "{\"a\":1}"].map(String::from));
        for depth in [127, 128, 129, 10_000] {
            texts.push(format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
            texts.push(format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
        }
        // A JSON text truncated in the middle of the nesting.
        texts.push("[".repeat(10_000));
        texts.push(Value::String("x".repeat(100_000)).to_string());
        texts.push(Value::String("é".repeat(30_000)).to_string());
        texts.push(Value::String("\n".repeat(1_000)).to_string());
        texts.push(format!("[{}]", vec!["1"; 10_000].join(",")));
        texts.push(format!("\"{}\"", "9".repeat(10_000)));
        texts.push("9".repeat(10_000));
        texts.push(format!("0.{}1", "0".repeat(5_000)));
        texts
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(STRING_TEXTS).prop_map(String::from),
        2 => "\\PC{0,24}",
        1 => ".{0,8}",
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => "-?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][-+]?[0-9]{1,5})?",
    ]
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![4 => select(KEYS).prop_map(String::from), 1 => arb_string()]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u32..40).prop_map(Value::from),
        // With arbitrary_precision a number keeps its text, so 1e400 is a real JSON number here.
        select(NUMBER_TEXTS).prop_map(|n| serde_json::from_str::<Value>(n).expect("a JSON number")),
        arb_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A mutation of one field of a valid input.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value with another JSON value.
    Replace(Value),
    /// Replace the value with raw text (the position in `raw_texts()`).
    Raw(usize),
    /// Remove the field (or the array element).
    Delete,
    /// Add an unknown key to an object (or an element to an array).
    Insert(String, Value),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => arb_json().prop_map(Mutation::Replace),
        4 => (0..raw_texts().len()).prop_map(Mutation::Raw),
        2 => Just(Mutation::Delete),
        1 => (arb_key(), arb_json()).prop_map(|(k, v)| Mutation::Insert(k, v)),
    ]
}

/// Every JSON pointer in `value`, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const PLACEHOLDER: &str = "@@reservoir-fuzz-raw@@";

/// Applies a mutation at the pointer that `which` picks (given how many there are), and returns
/// the text to parse.
fn mutate(valid: &Value, which: impl FnOnce(usize) -> usize, mutation: &Mutation) -> String {
    let mut value = valid.clone();
    let mut all = Vec::new();
    pointers(&value, String::new(), &mut all);
    let pointer = all[which(all.len())].clone();
    let (parent, last) = match pointer.rfind('/') {
        Some(cut) => (pointer[..cut].to_string(), pointer[cut + 1..].replace("~1", "/").replace("~0", "~")),
        None => (String::new(), String::new()),
    };
    match mutation {
        Mutation::Replace(new) => *value.pointer_mut(&pointer).expect("listed") = new.clone(),
        Mutation::Raw(index) => {
            *value.pointer_mut(&pointer).expect("listed") = Value::String(PLACEHOLDER.into());
            let raw = &raw_texts()[*index];
            return value.to_string().replace(&format!("\"{PLACEHOLDER}\""), raw);
        }
        Mutation::Delete => match value.pointer_mut(&parent) {
            Some(Value::Object(map)) if !pointer.is_empty() => {
                map.remove(&last);
            }
            Some(Value::Array(items)) if !pointer.is_empty() => {
                items.remove(last.parse::<usize>().expect("an index"));
            }
            _ => value = Value::Null,
        },
        Mutation::Insert(key, new) => match value.pointer_mut(&pointer).expect("listed") {
            Value::Object(map) => {
                map.insert(key.clone(), new.clone());
            }
            Value::Array(items) => items.push(new.clone()),
            other => *other = json!({ key.clone(): new.clone() }),
        },
    }
    value.to_string()
}

// ---------------------------------------------------------------------------------------------
// Valid inputs to mutate.

fn valid_requests() -> Vec<Value> {
    let reservation = |id: &str, plan: &str, currency: &str, price: &str| {
        json!({ "id": id, "order_id": "o1", "family": "compute", "sku": "Standard_B1s",
                "region": "westeurope", "term": "P1Y", "billing_plan": plan,
                "purchase_date": "2022-11-10", "quantity": 3, "currency": currency,
                "unit_price": price, "current_unit_price": price, "customer_unit_price": "3",
                "used": true, "scope": { "kind": "single", "subscription": "s1" } })
    };
    vec![
        json!({
            "format": "reservoir.quote-request/1", "policy": "azure-2026", "today": "2023-01-20",
            "usd_per_unit": { "GBP": "1.2027" },
            "refunds_before": [ { "date": "2022-06-01", "usd": "83.69" } ],
            "reservations": [ reservation("r1", "Monthly", "GBP", "2.66") ],
            "refund": { "reservation": "r1", "quantity": 1 }
        }),
        json!({
            "format": "reservoir.quote-request/1",
            "policy": { "base": "csp-2020", "fee_percent": "10", "full_refund_window_days": null,
                        "cap_counts": "refund_only", "exchange_cutoff_date": "2023-01-01" },
            "today": "2023-03-01",
            "reservations": [ reservation("r1", "Upfront", "USD", "1200"),
                              reservation("r2", "Monthly", "USD", "100") ],
            "exchange": {
                "return": [ { "reservation": "r1", "quantity": 2 }, { "reservation": "r2", "quantity": 1 } ],
                "purchase": [ { "family": "compute", "sku": "Standard_B12ms", "region": "westeurope",
                                "term": "P3Y", "billing_plan": "Monthly", "quantity": 1,
                                "currency": "USD", "unit_price": "5699", "service": "vmware_solution" } ]
            }
        }),
        json!({
            "format": "reservoir.quote-request/1", "policy": "azure-2026", "today": "2023-01-20",
            "usd_per_unit": { "GBP": "1.2027" },
            "refunds_before": [ { "date": "2022-06-01", "usd": "83.69" } ],
            "reservations": [ reservation("r1", "Monthly", "GBP", "2.66"),
                              reservation("r2", "Upfront", "GBP", "1200") ],
            "plan": { "exits": [ { "reservation": "r1", "quantity": 2 }, { "reservation": "r2", "quantity": 3 } ],
                      "from": "2023-02-01", "until": "2023-11-09" }
        }),
    ]
}

fn valid_scenario() -> Value {
    let customer = json!({ "customer": { "customer": "c1", "user": "alice" } });
    json!({
        "format": "reservoir.scenario/1",
        "policy": { "base": "azure-2026", "refund_limit_usd": "60000" },
        "commands": [
            { "date": "2024-01-10", "command": "set_rate", "currency": "EUR", "usd_per_unit": "1.08" },
            { "date": "2024-01-10", "command": "add_customer", "customer": "c1", "name": "Contoso", "currency": "EUR" },
            { "date": "2024-01-10", "command": "add_subscription", "customer": "c1", "subscription": "s1", "kind": "Azure plan" },
            { "date": "2024-01-10", "command": "add_user", "customer": "c1", "user": "alice" },
            { "date": "2024-01-10", "command": "assign_owner", "customer": "c1", "user": "alice", "subscription": "s1" },
            { "date": "2024-01-11", "command": "set_purchase_permission", "customer": "c1", "allowed": true },
            { "date": "2024-01-12", "actor": customer, "command": "buy", "customer": "c1",
              "reservation": { "id": "vm-1", "family": "compute", "sku": "D2s", "region": "westeurope",
                               "term": "P3Y", "billing_plan": "Monthly", "quantity": 4, "unit_price": "100",
                               "scope": { "kind": "single", "subscription": "s1" } } },
            { "date": "2024-01-12", "command": "buy", "customer": "c1",
              "reservation": { "id": "vm-2", "family": "compute", "sku": "D4s", "region": "westeurope",
                               "term": "P3Y", "billing_plan": "Upfront", "quantity": 1, "unit_price": "1000",
                               "purchase_date": "2023-12-01", "current_unit_price": "900" } },
            { "date": "2024-02-01", "command": "record_earlier_refund", "customer": "c1",
              "refund_date": "2023-06-01", "usd": "1000", "note": "before" },
            { "date": "2024-02-01", "command": "correct_ledger_entry", "customer": "c1", "entry": 0, "note": "typo" },
            { "date": "2024-03-01", "command": "set_current_price", "customer": "c1", "reservation": "vm-1",
              "current_unit_price": "90" },
            { "date": "2024-03-01", "command": "set_used", "customer": "c1", "reservation": "vm-1", "used": true },
            { "date": "2024-03-02", "command": "change_scope", "customer": "c1", "reservation": "vm-1",
              "scope": { "kind": "shared" } },
            { "date": "2025-01-12", "command": "refund", "customer": "c1", "reservation": "vm-1", "quantity": 1 },
            { "date": "2025-01-13", "command": "exchange", "customer": "c1",
              "returns": [ { "reservation": "vm-2", "quantity": 1 } ],
              "purchases": [ { "family": "compute", "sku": "D8s", "region": "westeurope", "term": "P1Y",
                               "billing_plan": "Upfront", "quantity": 1, "currency": "EUR", "unit_price": "2000" } ] },
            { "date": "2025-01-14", "command": "renew", "customer": "c1", "reservation": "vm-1-0003" },
            { "date": "2025-01-15", "actor": { "partner": { "role": "sales_agent" } },
              "command": "set_policy", "policy": "csp-2020" },
            { "date": "2025-01-16", "command": "rename_customer", "customer": "c1", "name": "Contoso AG" },
            { "date": "2025-01-17", "command": "remove_owner", "customer": "c1", "user": "alice", "subscription": "s1" },
            { "date": "2025-01-18", "command": "remove_customer", "customer": "c1" }
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// Requests and scenarios from the grammar, with values at the bounds.

fn boundary_amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(
            &[
                "0",
                "0.01",
                "0.00000001",
                "1",
                "2.66",
                "100",
                "12000",
                "999999999999.99999999",
                "1000000000000"
            ][..]
        )
        .prop_map(|s| Value::String(s.into())),
        (0u64..=1_000_000_000_000u64, 0u32..=8).prop_map(|(n, scale)| {
            Value::String(rust_decimal::Decimal::from_i128_with_scale(i128::from(n), scale).to_string())
        }),
    ]
}

fn boundary_date() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&["2000-01-01", "2024-02-29", "2027-02-01", "2097-12-31", "2100-12-31", "2099-03-31"][..])
            .prop_map(String::from),
        (2000i32..=2100, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ]
}

fn boundary_units() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(&[0u64, 1, 2, 10, 999_999, 1_000_000, 1_000_001, 4_294_967_295][..]).prop_map(Value::from),
        (1u64..20).prop_map(Value::from),
    ]
}

fn grammar_reservation() -> impl Strategy<Value = Value> {
    (
        (
            select(&["compute", "sql", "red_hat", "cosmos_db"][..]),
            proptest::option::of(Just("vmware_solution")),
        ),
        (select(&["P1Y", "P3Y"][..]), select(&["Upfront", "Monthly"][..]), boundary_date()),
        (boundary_units(), select(&["USD", "GBP", "JPY", "SEK"][..])),
        (boundary_amount(), proptest::option::of(boundary_amount()), proptest::option::of(boundary_amount())),
        (any::<bool>(), select(&["purchase", "renewal", "exchange", "final_exchange"][..])),
    )
        .prop_map(
            |(
                (family, service),
                (term, plan, date),
                (quantity, currency),
                (price, current, customer),
                (used, origin),
            )| {
                let mut r = json!({ "id": "r1", "family": family, "term": term, "billing_plan": plan,
                "purchase_date": date, "quantity": quantity, "currency": currency,
                "unit_price": price, "used": used, "origin": origin });
                let object = r.as_object_mut().expect("an object");
                if let Some(service) = service {
                    object.insert("service".into(), service.into());
                }
                if let Some(current) = current {
                    object.insert("current_unit_price".into(), current);
                }
                if let Some(customer) = customer {
                    object.insert("customer_unit_price".into(), customer);
                }
                r
            },
        )
}

fn grammar_policy() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(&["azure-2026", "csp-2020"][..]).prop_map(Value::from),
        (
            select(&["azure-2026", "csp-2020"][..]),
            boundary_amount(),
            select(&[1u64, 365, 3660][..]),
            select(&["0", "12", "100", "0.5"][..]),
            prop_oneof![Just(Value::Null), select(&[0u64, 5, 3660][..]).prop_map(Value::from)],
            select(&["canceled_commitment", "refund_only"][..]),
            any::<(bool, bool, bool)>(),
        )
            .prop_map(|(base, limit, window, fee, full, counts, (unused, same, count))| {
                json!({ "base": base, "refund_limit_usd": limit, "refund_window_days": window,
                        "fee_percent": fee, "fee_free_days": 5, "full_refund_window_days": full,
                        "cap_counts": counts, "full_refund_requires_unused": unused,
                        "exchange_same_family_only": same, "exchanges_count_toward_limit": count })
            }),
    ]
}

fn grammar_request() -> impl Strategy<Value = Value> {
    (
        grammar_policy(),
        boundary_date(),
        prop::collection::vec(grammar_reservation(), 1..3),
        prop::collection::vec((boundary_date(), boundary_amount()), 0..3),
        boundary_amount(),
        boundary_units(),
        any::<bool>(),
        (
            select(&["compute", "sql"][..]),
            select(&["Upfront", "Monthly"][..]),
            boundary_amount(),
            boundary_units(),
        ),
    )
        .prop_map(|(policy, today, mut reservations, before, rate, quantity, exchange, purchase)| {
            for (i, r) in reservations.iter_mut().enumerate() {
                r["id"] = format!("r{}", i + 1).into();
            }
            let currency = reservations[0]["currency"].clone();
            let refunds_before: Vec<Value> =
                before.into_iter().map(|(date, usd)| json!({ "date": date, "usd": usd })).collect();
            let mut request = json!({
                "format": "reservoir.quote-request/1", "policy": policy, "today": today,
                "usd_per_unit": { "GBP": rate.clone(), "JPY": rate.clone(), "SEK": rate },
                "refunds_before": refunds_before, "reservations": reservations,
            });
            let (family, plan, price, units) = purchase;
            if exchange {
                request["exchange"] = json!({
                    "return": [ { "reservation": "r1", "quantity": quantity } ],
                    "purchase": [ { "family": family, "term": "P3Y", "billing_plan": plan,
                                    "quantity": units, "currency": currency, "unit_price": price } ]
                });
            } else {
                request["refund"] = json!({ "reservation": "r1", "quantity": quantity });
            }
            request
        })
}

fn grammar_command() -> impl Strategy<Value = Value> {
    let id = || select(&["c1", "c2", "r1", "r1-0001", "res-0003", "s1", "alice"][..]);
    prop_oneof![
        (id(), select(&["USD", "EUR", "JPY"][..])).prop_map(|(c, cur)| json!({ "command": "add_customer", "customer": c, "name": "N", "currency": cur })),
        (select(&["EUR", "JPY", "USD"][..]), boundary_amount()).prop_map(|(cur, rate)| json!({ "command": "set_rate", "currency": cur, "usd_per_unit": rate })),
        (id(), id(), select(&["Azure plan", "Azure Global", "Other"][..]), any::<bool>()).prop_map(|(c, s, kind, by)| json!({ "command": "add_subscription", "customer": c, "subscription": s, "kind": kind, "bought_by_partner": by })),
        (id(), id()).prop_map(|(c, u)| json!({ "command": "add_user", "customer": c, "user": u })),
        (id(), id(), id()).prop_map(|(c, u, s)| json!({ "command": "assign_owner", "customer": c, "user": u, "subscription": s })),
        (id(), any::<bool>()).prop_map(|(c, a)| json!({ "command": "set_purchase_permission", "customer": c, "allowed": a })),
        (id(), grammar_reservation(), proptest::option::of(boundary_date())).prop_map(|(c, mut r, date)| {
            let object = r.as_object_mut().expect("an object");
            object.remove("currency");
            object.remove("origin");
            object.insert("sku".into(), "D2s".into());
            object.insert("region".into(), "westeurope".into());
            match date {
                Some(date) => { object.insert("purchase_date".into(), date.into()); }
                None => { object.remove("purchase_date"); }
            }
            json!({ "command": "buy", "customer": c, "reservation": r })
        }),
        (id(), id(), boundary_units()).prop_map(|(c, r, q)| json!({ "command": "refund", "customer": c, "reservation": r, "quantity": q })),
        (id(), id(), boundary_units(), boundary_amount(), select(&["EUR", "USD"][..])).prop_map(|(c, r, q, price, cur)| json!({
            "command": "exchange", "customer": c, "returns": [ { "reservation": r, "quantity": q } ],
            "purchases": [ { "family": "compute", "term": "P3Y", "billing_plan": "Upfront", "quantity": 1, "currency": cur, "unit_price": price } ] })),
        (id(), id()).prop_map(|(c, r)| json!({ "command": "renew", "customer": c, "reservation": r })),
        (id(), boundary_date(), boundary_amount()).prop_map(|(c, d, usd)| json!({ "command": "record_earlier_refund", "customer": c, "refund_date": d, "usd": usd })),
        (id(), 0u64..4).prop_map(|(c, e)| json!({ "command": "correct_ledger_entry", "customer": c, "entry": e, "note": "n" })),
        grammar_policy().prop_map(|p| json!({ "command": "set_policy", "policy": p })),
    ]
}

fn grammar_scenario() -> impl Strategy<Value = Value> {
    let actor = prop_oneof![
        3 => Just(Value::Null),
        1 => select(&["admin_agent", "global_admin", "helpdesk_agent", "sales_agent", "user_management_admin"][..])
            .prop_map(|role| json!({ "partner": { "role": role } })),
        1 => Just(json!({ "customer": { "customer": "c1", "user": "alice" } })),
    ];
    (grammar_policy(), prop::collection::vec((boundary_date(), actor, grammar_command()), 0..12)).prop_map(
        |(policy, mut commands)| {
            // Mostly in date order, so that commands get past DateOutOfOrder and do something.
            commands.sort_by(|a, b| a.0.cmp(&b.0));
            let base = json!([
                { "date": "2000-01-01", "command": "add_customer", "customer": "c1", "name": "C", "currency": "EUR" },
                { "date": "2000-01-01", "command": "set_rate", "currency": "EUR", "usd_per_unit": "1.1" }
            ]);
            let mut all = base.as_array().expect("a list").clone();
            for (date, actor, mut command) in commands {
                command["date"] = date.into();
                if !actor.is_null() {
                    command["actor"] = actor;
                }
                all.push(command);
            }
            json!({ "format": "reservoir.scenario/1", "policy": policy, "commands": all })
        },
    )
}

/// A compact body (stored version 5) of the demo with a purchase of every optional field, by an
/// actor other than the default: what the damaged-body properties alter.
fn valid_compact_body() -> &'static [u8] {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    BODY.get_or_init(|| {
        use reservoir::simulation::scenario::{Replacement, UndoStep};
        let today = reservoir::domain::values::Date::parse("2026-11-21").unwrap();
        let mut scenario = reservoir::simulation::demo::demo_scenario(today);
        let text = json!({"date": "2026-11-21", "command": "buy", "customer": "contoso",
            "actor": {"customer": {"customer": "contoso", "user": "megan"}},
            "reservation": {"id": "r-1", "order_id": "o-1", "family": "sql", "service": "sql_database",
                "sku": "GP_Gen5", "region": "westeurope", "term": "P3Y", "billing_plan": "Upfront",
                "quantity": 2, "unit_price": "10.5", "current_unit_price": "11", "customer_unit_price": "12",
                "scope": {"kind": "single", "subscription": "contoso-plan"}, "purchase_date": "2026-01-02",
                "used": true, "display_name": "é ✓"}});
        let text = text.to_string();
        let value = reservoir::formats::json::parse(&text).unwrap();
        let buy = reservoir::formats::decode::dated_command(&value, "x", &mut Vec::new()).unwrap();
        scenario.commands.push(buy);
        let undo = [
            UndoStep::Command,
            UndoStep::Scenario { replaced: Replacement::Demo, previous: Box::new(scenario.clone()) },
        ];
        reservoir::formats::compact::write(&scenario, &undo)
    })
}

// ---------------------------------------------------------------------------------------------
// The tests.

proptest! {
    #![proptest_config(config(500))]

    /// A compact body altered after it was written (a byte changed, or cut short): read or refused
    /// by a field, never a panic.
    #[test]
    fn a_damaged_compact_body_never_panics(at in any::<Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut body = valid_compact_body().to_vec();
        let at = at.index(body.len());
        if cut { body.truncate(at) } else { body[at] = byte }
        if let Err(error) = reservoir::formats::compact::read(&body) {
            check_input_error(&error)?;
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_all_parsers(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_text_that_starts_like_json_never_panics(
        prefix in select(&["{", "[", "{\"format\":", "{\"policy\":", "{\"commands\":[", "\""][..]),
        rest in "\\PC{0,64}",
    ) {
        check_all_parsers(&format!("{prefix}{rest}"))?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn arbitrary_json_values_never_panic(value in arb_json()) {
        check_all_parsers(&value.to_string())?;
    }

    #[test]
    fn arbitrary_json_objects_with_known_keys_never_panic(
        fields in prop::collection::vec((select(KEYS), arb_json()), 0..10)
    ) {
        let object: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        check_all_parsers(&Value::Object(object).to_string())?;
    }
}

/// What every reader walks, `formats::json`, reads `text` exactly as `serde_json::Value` does: the
/// same value (written back the same), or the same error.
fn check_json_reads_as_serde_json(text: &str) -> Result<(), TestCaseError> {
    match (reservoir::formats::json::parse(text), serde_json::from_str::<Value>(text)) {
        (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours.to_string(), theirs.to_string()),
        (Err(ours), Err(theirs)) => prop_assert_eq!(ours.to_string(), theirs.to_string()),
        (ours, theirs) => prop_assert!(false, "{text:?}: formats::json {ours:?}, serde_json {theirs:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn the_borrowed_json_tree_reads_any_value_as_serde_json_does(
        value in arb_json(),
        pretty in any::<bool>(),
        // A key written twice: the last one written wins in both.
        repeat in prop::option::of((arb_key(), arb_json())),
    ) {
        let written = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }
            .expect("values serialize");
        let text = match (&repeat, written.strip_prefix('{')) {
            (Some((key, again)), Some(body)) => {
                let key = serde_json::to_string(key).expect("keys serialize");
                let body = body.trim_end().strip_suffix('}').unwrap_or(body);
                if body.trim().is_empty() {
                    format!("{{{key}: 0, {key}: {again}}}")
                } else {
                    format!("{{{key}: 0, {body}, {key}: {again}}}")
                }
            }
            _ => written,
        };
        check_json_reads_as_serde_json(&text)?;
    }

    #[test]
    fn the_borrowed_json_tree_refuses_what_serde_json_refuses(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        check_json_reads_as_serde_json(&String::from_utf8_lossy(&bytes))?;
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn requests_from_the_grammar_with_values_at_the_bounds_never_panic(request in grammar_request()) {
        check_quote_parsers(&request.to_string())?;
    }

    #[test]
    fn scenarios_from_the_grammar_with_values_at_the_bounds_never_panic(scenario in grammar_scenario()) {
        check_scenario_parsers(&scenario.to_string())?;
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn a_valid_request_with_one_field_mutated_never_panics(
        which_request in any::<Index>(),
        which_field in any::<Index>(),
        mutation in arb_mutation(),
    ) {
        let requests = valid_requests();
        let text = mutate(which_request.get(&requests), |n| which_field.index(n), &mutation);
        check_quote_parsers(&text)?;
    }

    #[test]
    fn a_valid_scenario_with_one_field_mutated_never_panics(
        which_field in any::<Index>(),
        mutation in arb_mutation(),
    ) {
        let text = mutate(&valid_scenario(), |n| which_field.index(n), &mutation);
        check_scenario_parsers(&text)?;
    }

    #[test]
    fn a_valid_request_with_two_fields_mutated_never_panics(
        which_request in any::<Index>(),
        first in (any::<Index>(), arb_mutation()),
        second in (any::<Index>(), arb_mutation()),
    ) {
        let requests = valid_requests();
        let once = mutate(which_request.get(&requests), |n| first.0.index(n), &first.1);
        // The second mutation needs a JSON value to work on; when the first broke the JSON (raw
        // text), the broken text is what is parsed.
        let text = match serde_json::from_str::<Value>(&once) {
            Ok(value) => mutate(&value, |n| second.0.index(n), &second.1),
            Err(_) => once,
        };
        check_quote_parsers(&text)?;
    }
}

/// The mutation machinery itself: the inputs it starts from are valid, so that a mutation tests
/// one broken field and not an input that was broken from the start.
#[test]
fn the_inputs_that_are_mutated_are_valid() {
    for request in valid_requests() {
        let (quote, ignored) =
            reservoir::formats::quote_json::quote_text(&request.to_string()).expect("valid request");
        assert!(ignored.is_empty(), "{ignored:?}");
        assert!(quote.contains("reservoir.quote/1") || quote.contains("reservoir.plan/1"));
    }
    let (simulation, ignored) =
        reservoir::formats::simulation::simulate_text(&valid_scenario().to_string()).expect("valid scenario");
    assert!(ignored.is_empty(), "{ignored:?}");
    let simulation: Value = serde_json::from_str(&simulation).unwrap();
    let refused: Vec<&Value> =
        simulation["outcomes"].as_array().unwrap().iter().filter(|o| o["status"] != "applied").collect();
    assert!(refused.is_empty(), "every command of the valid scenario applies: {refused:#?}");
}

/// Raw texts in every field of `input`: a fixed sweep, so that the worst shapes are tried
/// everywhere on every run, not only when the random draw picks them.
fn sweep(input: &Value, raw: &[usize], check: fn(&str) -> Result<(), TestCaseError>) -> usize {
    let mut all = Vec::new();
    pointers(input, String::new(), &mut all);
    let mut tried = 0;
    for (field, pointer) in all.iter().enumerate() {
        for &raw in raw {
            let text = mutate(input, |_| field, &Mutation::Raw(raw));
            if let Err(e) = check(&text) {
                panic!("{pointer} = {:.80}: {e}", raw_texts()[raw]);
            }
            tried += 1;
        }
    }
    tried
}

#[test]
fn every_raw_text_in_every_field_of_the_refund_request() {
    let all: Vec<usize> = (0..raw_texts().len()).collect();
    let tried = sweep(&valid_requests()[0], &all, check_quote_parsers);
    assert!(tried > 3_000, "{tried}");
}

#[test]
fn every_raw_text_in_every_field_of_the_exchange_request() {
    let all: Vec<usize> = (0..raw_texts().len()).collect();
    let tried = sweep(&valid_requests()[1], &all, check_quote_parsers);
    assert!(tried > 6_000, "{tried}");
}

/// The scenario is longer and slower to replay, so its sweep takes one text of each kind.
#[test]
fn the_sharpest_raw_texts_in_every_field_of_the_scenario() {
    let sharp = [
        "1e400",
        "-1",
        "-0.01",
        "99999999999999999999999999999",
        "4294967296",
        "0.000000001",
        "1.5",
        "\"\"",
        "\"a\\nb\"",
        "\"\\u0000\"",
        "\"9999-12-31\"",
        "\"2023-02-30\"",
        "null",
        "[]",
        "{}",
    ];
    let position = |wanted: &dyn Fn(&String) -> bool| raw_texts().iter().position(wanted).expect("listed");
    let mut chosen: Vec<usize> = sharp.iter().map(|t| position(&|r| r == t)).collect();
    // The pathological shapes: both kinds of nesting 10,000 deep, nesting cut off in the middle,
    // and the 100,000-character string.
    chosen.push(position(&|r| r.starts_with("[[") && r.ends_with("]]") && r.len() == 20_000));
    chosen.push(position(&|r| r.starts_with("{\"a\":") && r.len() > 50_000));
    chosen.push(position(&|r| r.starts_with("[[") && !r.contains(']')));
    chosen.push(position(&|r| r.starts_with("\"xx") && r.len() > 100_000));
    let tried = sweep(&valid_scenario(), &chosen, check_scenario_parsers);
    assert!(tried > 2_500, "{tried}");
}

// ---------------------------------------------------------------------------------------------
// Azure's own exports (`formats::azure`).

/// Reads `files` as one import and checks the contract: no panic; a refusal is one line naming a
/// file (or the import); every place names one of the files, on one line, and an unreadable
/// reservation or row is named by a path inside it; every sentence the CLI prints is one line;
/// and what the book adds replays.
fn check_azure(files: &[(&str, &str)]) -> Result<(), TestCaseError> {
    use reservoir::formats::azure::book::{AzureBook, AzureFile};
    use reservoir::formats::azure::findings::{SkipReason, WarningKind};
    use reservoir::formats::plain;
    let azure: Vec<AzureFile> = files.iter().map(|(name, text)| AzureFile { name, text }).collect();
    let today = reservoir::domain::values::Date::parse("2023-03-08").unwrap();
    let one_line = |text: &str| !text.contains(['\n', '\r']);
    let book = match AzureBook::read(&azure, today, None) {
        Ok(book) => book,
        Err(error) => {
            let line = plain::azure_error(&error);
            prop_assert!(one_line(&line), "{line:?}");
            prop_assert!(
                files.iter().any(|(name, _)| line.starts_with(&format!("{name}: ")))
                    || line.starts_with("import: "),
                "{line}"
            );
            return Ok(());
        }
    };
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    for s in &book.skipped {
        prop_assert!(names.contains(&s.place.file.as_str()), "{s:?}");
        prop_assert!(one_line(&s.place.to_string()) && one_line(&plain::skip_reason(&s.reason)), "{s:?}");
        if matches!(s.reason, SkipReason::Unreadable(_)) {
            prop_assert!(!s.place.path.is_empty(), "an unreadable reservation names its field: {s:?}");
        }
    }
    for w in &book.warnings {
        prop_assert!(names.contains(&w.place.file.as_str()), "{w:?}");
        prop_assert!(one_line(&w.place.to_string()) && one_line(&plain::warning(&w.kind)), "{w:?}");
        if matches!(w.kind, WarningKind::Unreadable(_)) {
            prop_assert!(!w.place.path.is_empty(), "an unreadable record names its field: {w:?}");
        }
    }
    match book.scenario(
        &reservoir::domain::values::Name::parse("c1").unwrap(),
        None,
        reservoir::domain::values::Amount::parse("1.1").ok(),
    ) {
        Ok((scenario, plan)) => {
            for line in plain::import_report(&book, &plan) {
                prop_assert!(one_line(&line), "{line:?}");
            }
            let replayed = reservoir::simulation::scenario::replay(&scenario);
            prop_assert!(replayed.is_ok(), "the import's scenario replays: {:?}", replayed.err());
        }
        Err(error) => prop_assert!(one_line(&plain::plan_error(&error))),
    }
    Ok(())
}

/// A reservations list, an order read with its schedule, and transactions, that import whole.
fn valid_azure_files() -> Vec<(&'static str, Value)> {
    let reservation = |id: &str, order: &str, props: Value| {
        let mut r = json!({
            "id": format!("/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{id}"),
            "name": id, "type": "Microsoft.Capacity/reservationOrders/reservations",
            "location": "westeurope", "sku": {"name": "Standard_B1s"},
            "properties": {"reservedResourceType": "VirtualMachines", "quantity": 2, "term": "P3Y",
                "billingPlan": "Monthly", "provisioningState": "Succeeded", "purchaseDate": "2022-05-01",
                "appliedScopeType": "Single", "displayName": "vm",
                "appliedScopeProperties": {"subscriptionId": "/subscriptions/s1"}, "renew": false}
        });
        for (k, v) in props.as_object().unwrap() {
            r["properties"][k] = v.clone();
        }
        r
    };
    vec![
        (
            "reservations.json",
            json!({"value": [
            reservation("r1", "o1", json!({})),
            reservation("r2", "O2", json!({"billingPlan": null, "appliedScopeType": "Shared", "purchaseDate": null})),
            reservation("r3", "o3", json!({"provisioningState": "Cancelled",
                "splitProperties": {"splitDestinations": ["r4", "r5"]}})),
        ], "nextLink": null}),
        ),
        (
            "orders.json",
            json!({"value": [{
                "id": "/providers/Microsoft.Capacity/reservationOrders/o1", "name": "o1",
                "type": "Microsoft.Capacity/reservationOrders",
                "properties": {"originalQuantity": 2, "billingPlan": "Monthly", "term": "P3Y",
                    "benefitStartTime": "2022-05-01T10:00:00Z",
                    "reservations": [{"id": "/providers/Microsoft.Capacity/reservationOrders/o1/reservations/r1"}],
                    "planInformation": {"transactions": [{"dueDate": "2022-05-01",
                        "billingCurrencyTotal": {"currencyCode": "USD", "amount": 20.5}}]}}
            }, {
                "id": "/providers/Microsoft.Capacity/reservationOrders/o2", "name": "o2",
                "type": "Microsoft.Capacity/reservationOrders",
                "properties": {"originalQuantity": 2, "billingPlan": "Upfront", "term": "None",
                    "benefitStartTime": "2022-06-01T10:00:00Z", "reservations": []}
            }]}),
        ),
        (
            "transactions.json",
            json!({"value": [
                {"type": "Microsoft.Consumption/reservationTransactions", "properties": {"eventType": "Purchase",
                    "eventDate": "2022-06-01T00:00:00Z", "amount": 300, "currency": "USD", "quantity": 2,
                    "reservationOrderId": "o2"}},
                {"type": "Microsoft.Consumption/reservationTransactions", "properties": {"eventType": "Refund",
                    "eventDate": "2022-09-01T00:00:00Z", "amount": -120.25, "currency": "USD", "quantity": 1,
                    "reservationOrderId": "o9"}}
            ]}),
        ),
    ]
}

fn check_azure_values(files: &[(&str, String)]) -> Result<(), TestCaseError> {
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    check_azure(&borrowed)
}

/// Headers the CSV readers know, and cells they look at closely.
const AZURE_CSV_HEADERS: &[&str] = &[
    "sku,region,term,billing_plan,currency,unit_price",
    "Amount,ArmSkuName,BillingFrequency,BillingProfileId,Currency,EventDate,EventType,Quantity,Region,ReservationOrderId,Term",
    "AccountName,Amount,Currency,EventDate,EventType,Quantity,ReservationOrderId",
    "\u{feff}eventDate,eventType,amount,currency,quantity,reservationOrderId",
];

fn arb_csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => arb_string(),
        2 => select(NUMBER_TEXTS).prop_map(String::from),
        2 => select(&["Purchase", "Refund", "Cancel", "Exchange", "refund", "USD", "EUR", "P1Y", "P3Y",
            "Upfront", "Monthly", "01/31/2023", "2023-02-29T00:00:00Z", "02/30/2023", "\"", "\"a,b\"", ""][..])
            .prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn azure_readers_never_panic_on_arbitrary_text(
        prefix in select(&["", "{", "[", "{\"value\":[", "sku,region,term,billing_plan,currency,unit_price\n",
            "EventDate,EventType,Amount,Currency,Quantity,ReservationOrderId\n"][..]),
        bytes in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let text = format!("{prefix}{}", String::from_utf8_lossy(&bytes));
        check_azure(&[("a.json", &text)])?;
    }

    #[test]
    fn azure_readers_never_panic_on_arbitrary_resources(
        kind in select(&["Microsoft.Capacity/reservationOrders/reservations", "Microsoft.Capacity/reservationOrders",
            "Microsoft.Consumption/modernReservationTransactions", ""][..]),
        items in prop::collection::vec((arb_json(), arb_json()), 0..4),
    ) {
        let value: Vec<Value> = items
            .into_iter()
            .map(|(props, other)| json!({"type": kind, "id": other, "name": "r1", "properties": props,
                "sku": {"name": "x"}, "location": "y"}))
            .collect();
        check_azure_values(&[("page.json", json!({"value": value}).to_string())])?;
    }

    #[test]
    fn azure_csv_readers_never_panic_on_arbitrary_rows(
        header in select(AZURE_CSV_HEADERS),
        rows in prop::collection::vec(prop::collection::vec(arb_csv_cell(), 0..12), 0..5),
    ) {
        let body: Vec<String> = rows.iter().map(|cells| cells.join(",")).collect();
        check_azure_values(&[("export.csv", format!("{header}\n{}", body.join("\r\n")))])?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn valid_azure_files_with_one_field_mutated_never_panic(
        which_file in any::<Index>(),
        which_field in any::<Index>(),
        mutation in arb_mutation(),
    ) {
        let files = valid_azure_files();
        let chosen = which_file.index(files.len());
        let texts: Vec<(&str, String)> = files
            .iter()
            .enumerate()
            .map(|(i, (name, value))| {
                (*name, if i == chosen { mutate(value, |n| which_field.index(n), &mutation) } else { value.to_string() })
            })
            .collect();
        check_azure_values(&texts)?;
    }
}

#[test]
fn the_valid_azure_files_import_whole() {
    let files: Vec<(&str, String)> =
        valid_azure_files().into_iter().map(|(n, v)| (n, v.to_string())).collect();
    let azure: Vec<reservoir::formats::azure::book::AzureFile> =
        files.iter().map(|(name, text)| reservoir::formats::azure::book::AzureFile { name, text }).collect();
    let today = reservoir::domain::values::Date::parse("2023-03-08").unwrap();
    let book = reservoir::formats::azure::book::AzureBook::read(&azure, today, None).unwrap();
    assert_eq!(book.reservations.len(), 2);
    assert!(book.reservations.iter().all(|r| r.price.is_some()), "{:?}", book.reservations);
    assert_eq!((book.skipped.len(), book.refunds.len()), (1, 1));
    check_azure_values(&files).unwrap();
}

/// The sharpest raw texts (huge numbers, deep nesting, control characters, impossible dates, a
/// 100,000-character string) in every field of every valid Azure file: a fixed sweep, one text of
/// each kind, as for the scenario.
#[test]
fn the_sharpest_raw_texts_in_every_field_of_the_azure_files() {
    let sharp = [
        "1e400",
        "-1",
        "-0.01",
        "99999999999999999999999999999",
        "4294967296",
        "0.000000001",
        "1.5",
        "\"\"",
        "\"a\\nb\"",
        "\"\\u0000\"",
        "\"9999-12-31\"",
        "\"2023-02-30\"",
        "null",
        "[]",
        "{}",
        "true",
    ];
    let position = |wanted: &dyn Fn(&String) -> bool| raw_texts().iter().position(wanted).expect("listed");
    let mut chosen: Vec<usize> = sharp.iter().map(|t| position(&|r| r == t)).collect();
    chosen.push(position(&|r| r.starts_with("[[") && r.ends_with("]]") && r.len() == 20_000));
    chosen.push(position(&|r| r.starts_with("{\"a\":") && r.len() > 50_000));
    chosen.push(position(&|r| r.starts_with("[[") && !r.contains(']')));
    chosen.push(position(&|r| r.starts_with("\"xx") && r.len() > 100_000));
    let files = valid_azure_files();
    let mut tried = 0;
    for (which, (name, value)) in files.iter().enumerate() {
        let mut all = Vec::new();
        pointers(value, String::new(), &mut all);
        for (field, pointer) in all.iter().enumerate() {
            for &raw in &chosen {
                let texts: Vec<(&str, String)> = files
                    .iter()
                    .enumerate()
                    .map(|(i, (n, v))| {
                        (
                            *n,
                            if i == which {
                                mutate(v, |_| field, &Mutation::Raw(raw))
                            } else {
                                v.to_string()
                            },
                        )
                    })
                    .collect();
                if let Err(e) = check_azure_values(&texts) {
                    panic!("{name} {pointer} = {:.80}: {e}", raw_texts()[raw]);
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 1_500, "{tried}");
}
