//! The real `reservoir` binary, run the way a partner scripts it: request files from
//! `tests/requests/` (policy.md §5, W1–W9, and the example of the quote format), the example
//! scenarios of `docs/examples/`, and invalid input of every kind. The contract is
//! `docs/quote-format.md`: exit 0 and one quote on standard output; exit 2, nothing on standard
//! output and one line on standard error naming the field; never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_reservoir");

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args`, `stdin` on its standard input. Every run, whatever the test,
/// must end by itself with an exit code and without a panic.
fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("piped");
    let bytes = stdin.to_vec();
    // Fed from a thread so a large input cannot block against full output pipes. The binary stops
    // reading at its size limit, so a broken pipe is what a too-large input should meet.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().expect("the binary runs");
    feeder.join().expect("the feeder thread ends");
    let run = Run {
        code: output.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}", output.status)),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(!run.stderr.contains("panicked"), "{args:?} panicked: {}", run.stderr);
    run
}

fn requests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/requests")
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A request file of `tests/requests/`, as JSON, for tests that vary it.
fn request(name: &str) -> Value {
    serde_json::from_str(&read(&requests_dir().join(name))).unwrap()
}

/// Quotes a request file, by its path and through standard input: both exit 0 with nothing on
/// standard error and print the same quote.
fn quote_file(name: &str) -> Value {
    let stdout = by_file_and_stdin("quote", &requests_dir().join(name));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{name}: {e}: {stdout}"))
}

/// Runs `reservoir COMMAND` on a file by its path and through standard input: both must exit 0
/// with nothing on standard error and print the same thing, which is returned.
fn by_file_and_stdin(command: &str, path: &Path) -> String {
    let by_file = run(&[command, path.to_str().unwrap()], b"");
    let by_stdin = run(&[command, "-"], read(path).as_bytes());
    for (how, r) in [("file", &by_file), ("stdin", &by_stdin)] {
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{} by {how}: {r:?}", path.display());
    }
    assert_eq!(by_file.stdout, by_stdin.stdout, "{}: file and stdin differ", path.display());
    by_file.stdout
}

/// Quotes a request given as JSON, through standard input.
fn quote_value(request: &Value) -> Value {
    let r = run(&["quote", "-"], request.to_string().as_bytes());
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    serde_json::from_str(&r.stdout).unwrap()
}

/// The value at `pointer` as text: a money value's amount (checked to be in USD), a string as
/// itself, anything else as JSON (`null`, `13`, `false`).
fn at(quote: &Value, pointer: &str) -> String {
    let value = quote.pointer(pointer).unwrap_or_else(|| panic!("{pointer} missing in {quote:#}"));
    match value {
        Value::Object(money) if money.contains_key("amount") => {
            assert_eq!(money["currencyCode"], "USD", "{pointer}");
            money["amount"].as_str().expect("amounts are strings").to_string()
        }
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn error_codes(quote: &Value) -> Vec<&str> {
    quote["policyResult"]["policyErrors"]
        .as_array()
        .expect("policyErrors is a list")
        .iter()
        .map(|e| e["code"].as_str().expect("codes are strings"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Golden quotes: policy.md §5, to the cent.

/// (request file, policy error codes, (JSON pointer, expected value) pairs).
type Golden = (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)]);

const GOLDEN: &[Golden] = &[
    (
        "quote-format-example.json",
        &[],
        &[
            ("/format", "reservoir.quote/1"),
            ("/policy", "azure-2026"),
            ("/reservationId", "r1"),
            ("/quantity", "1"),
            ("/billingRefundAmount", "1.80"),
            ("/pricingRefundAmount", "1.80"),
            ("/billingFeeAmount", "0.00"),
            ("/policyResult/consumedRefundsTotal", "83.69"),
            ("/policyResult/maxRefundLimit", "50000.00"),
            ("/billingInformation/billingPlan", "Monthly"),
            ("/billingInformation/completedTransactions", "3"),
            ("/billingInformation/totalTransactions", "12"),
            ("/billingInformation/billingCurrencyTotalPaidAmount", "7.98"),
            ("/billingInformation/billingCurrencyProratedAmount", "6.18"),
            ("/billingInformation/billingCurrencyRemainingCommitmentAmount", "23.94"),
            ("/canceledCommitmentUsd", "25.74"),
            ("/earliestDateThatFits", "null"),
            (
                "/breakdown/0/label",
                "Current payment pro-rated: 2.66 × 1 unit × 21 / 31 days left in the cycle, at the purchase price, not above the current price 2.66",
            ),
        ],
    ),
    (
        "w1-exchange.json",
        &[],
        &[
            ("/format", "reservoir.quote/1"),
            ("/refundsTotal", "1800.00"),
            ("/purchasesTotal", "1800.00"),
            ("/netPayable", "0.00"),
            ("/reservationsToExchange/0/reservationId", "r1"),
            ("/reservationsToExchange/0/quantity", "1"),
            ("/reservationsToExchange/0/billingRefundAmount", "100.00"),
            ("/reservationsToExchange/0/billingInformation/completedTransactions", "19"),
            (
                "/reservationsToExchange/0/billingInformation/billingCurrencyRemainingCommitmentAmount",
                "1700.00",
            ),
            ("/reservationsToPurchase/0/sku", "Standard_D4s_v5"),
            ("/reservationsToPurchase/0/term", "P1Y"),
            ("/reservationsToPurchase/0/billingPlan", "Upfront"),
            ("/reservationsToPurchase/0/quantity", "1"),
            ("/reservationsToPurchase/0/billingCurrencyTotal", "1800.00"),
            ("/finalExchange", "false"),
        ],
    ),
    (
        // A lifetime value under 1,800.00 breaks the value rule; the quote still shows by how much.
        "w1-exchange-too-low.json",
        &["ExchangeValueTooLow"],
        &[("/refundsTotal", "1800.00"), ("/purchasesTotal", "1799.99"), ("/netPayable", "-0.01")],
    ),
    (
        "w2-refund.json",
        &[],
        &[
            ("/billingRefundAmount", "1200.00"),
            ("/pricingRefundAmount", "1200.00"),
            ("/canceledCommitmentUsd", "1200.00"),
            ("/breakdown/0/label", "Pro-rated refund: 2400 × 1 unit × 183 / 366 days remaining, at the purchase price (no current price is set)"),
        ],
    ),
    (
        "w3-refund.json",
        &[],
        &[
            ("/billingInformation/completedTransactions", "13"),
            ("/billingInformation/totalTransactions", "36"),
            ("/billingRefundAmount", "100.00"),
            ("/billingInformation/billingCurrencyRemainingCommitmentAmount", "2300.00"),
            ("/canceledCommitmentUsd", "2400.00"),
            ("/policyResult/consumedRefundsTotal", "0.00"),
            ("/earliestDateThatFits", "null"),
        ],
    ),
    (
        // Refused, and still a quote: exit 0 with the numbers and the day it would fit.
        "w4-refund.json",
        &["RefundLimitExceeded"],
        &[
            ("/billingRefundAmount", "2032.26"),
            ("/billingInformation/billingCurrencyRemainingCommitmentAmount", "48000.00"),
            ("/canceledCommitmentUsd", "50032.26"),
            ("/policyResult/consumedRefundsTotal", "0.00"),
            ("/policyResult/maxRefundLimit", "50000.00"),
            ("/earliestDateThatFits", "2025-08-26"),
        ],
    ),
    (
        "w4-refund-a-day-later.json",
        &[],
        &[
            ("/billingRefundAmount", "1935.48"),
            ("/billingInformation/billingCurrencyRemainingCommitmentAmount", "48000.00"),
            ("/canceledCommitmentUsd", "49935.48"),
            ("/earliestDateThatFits", "null"),
        ],
    ),
    (
        "w5-refund.json",
        &[],
        &[
            ("/billingRefundAmount", "10.00"),
            ("/breakdown/0/label", "Pro-rated refund: 3650 × 1 unit × 1 / 365 days remaining, at the purchase price (no current price is set)"),
        ],
    ),
    (
        "w6-refund.json",
        &[],
        &[("/policy", "csp-2020"), ("/billingRefundAmount", "12000.00"), ("/billingFeeAmount", "0.00")],
    ),
    (
        "w7-refund.json",
        &[],
        &[
            ("/billingRefundAmount", "11901.64"),
            ("/billingFeeAmount", "0.00"),
            ("/breakdown/0/label", "Pro-rated refund: 12000 × 1 unit × 363 / 366 days remaining, at the purchase price (no current price is set)"),
        ],
    ),
    (
        "w8-refund.json",
        &[],
        &[
            ("/breakdown/0/amount", "11016.39"),
            (
                "/breakdown/1/label",
                "Early termination fee: 12% (returned 30 days after purchase, more than 5)",
            ),
            ("/breakdown/1/amount", "1321.97"),
            ("/breakdown/1/op", "minus"),
            ("/breakdown/2/amount", "9694.42"),
            ("/breakdown/2/op", "equals"),
            ("/billingFeeAmount", "1321.97"),
            ("/billingRefundAmount", "9694.42"),
        ],
    ),
    (
        "w9-refund.json",
        &[],
        &[
            ("/billingRefundAmount", "3960.00"),
            ("/breakdown/0/label", "Pro-rated refund: 19800 × 1 unit × 73 / 365 days remaining, at the purchase price (no current price is set)"),
        ],
    ),
];

#[test]
fn every_worked_example_quotes_to_the_cent_by_file_and_by_stdin() {
    for (file, codes, checks) in GOLDEN {
        let quote = quote_file(file);
        assert_eq!(error_codes(&quote), *codes, "{file}");
        for (pointer, expected) in *checks {
            assert_eq!(at(&quote, pointer), *expected, "{file} {pointer}");
        }
    }
}

#[test]
fn every_request_file_has_its_golden_row() {
    let mut files: Vec<String> = std::fs::read_dir(requests_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut listed: Vec<String> = GOLDEN.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

#[test]
fn every_breakdown_of_the_worked_examples_adds_up() {
    // The lines are chains (start, plus/minus, equals); each equals line is its chain's sum.
    for (file, _, _) in GOLDEN {
        let quote = quote_file(file);
        let mut sum: Option<rust_decimal::Decimal> = None;
        for line in quote["breakdown"].as_array().unwrap() {
            let amount: rust_decimal::Decimal = line["amount"]["amount"].as_str().unwrap().parse().unwrap();
            match line["op"].as_str().unwrap() {
                "start" => sum = Some(amount),
                "plus" => sum = sum.map(|s| s + amount),
                "minus" => sum = sum.map(|s| s - amount),
                "equals" => assert_eq!(sum, Some(amount), "{file}: {line}"),
                other => panic!("{file}: unknown op {other}"),
            }
        }
    }
}

#[test]
fn w3_the_canceled_commitment_counts_through_2026_01_14_and_comes_back_on_2026_01_15() {
    let mut later = request("w3-refund.json");
    later["refunds_before"] = json!([{ "date": "2025-01-15", "usd": "2400.00" }]);
    for (today, consumed) in [("2026-01-14", "2400.00"), ("2026-01-15", "0.00")] {
        later["today"] = json!(today);
        let quote = quote_value(&later);
        assert_eq!(at(&quote, "/policyResult/consumedRefundsTotal"), consumed, "{today}");
        assert_eq!(at(&quote, "/policyResult/maxRefundLimit"), "50000.00");
    }
}

#[test]
fn w4_the_refused_refund_says_by_how_much_and_until_when() {
    let quote = quote_file("w4-refund.json");
    let error = &quote["policyResult"]["policyErrors"][0];
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("USD 50032.26") && message.contains("by USD 32.26"), "{message}");
    assert!(message.contains("2025-08-26"), "{message}");
    let last = quote["breakdown"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["label"], "Left of the limit after this refund");
    assert_eq!(last["amount"]["amount"], "-32.26");
}

#[test]
fn requests_may_omit_format_and_reservations_default_to_used() {
    // csp-2020 inside five days: used means pro-rated (W7), unused a full refund (W6). A request
    // that says nothing about usage gets the estimate that does not promise too much.
    let mut silent = request("w6-refund.json");
    silent.as_object_mut().unwrap().remove("format");
    silent["reservations"][0].as_object_mut().unwrap().remove("used");
    let quote = quote_value(&silent);
    assert_eq!(at(&quote, "/billingRefundAmount"), "11901.64");
}

#[test]
fn unknown_fields_are_ignored_with_one_warning_each() {
    let mut extra = request("quote-format-example.json");
    extra["colour"] = json!("blue");
    extra["reservations"][0]["note"] = json!({ "any": ["thing"] });
    extra["refund"]["why"] = json!(1);
    let r = run(&["quote", "-"], extra.to_string().as_bytes());
    assert_eq!(r.code, 0, "{r:?}");
    // serde_json writes object keys in order, so the warnings come in that order.
    assert_eq!(
        r.stderr,
        "warning: colour: unknown field, ignored\n\
         warning: refund.why: unknown field, ignored\n\
         warning: reservations[0].note: unknown field, ignored\n"
    );
    let plain = quote_file("quote-format-example.json");
    assert_eq!(serde_json::from_str::<Value>(&r.stdout).unwrap(), plain);
}

#[test]
fn a_custom_policy_is_named_custom_and_applies_its_overrides() {
    let mut custom = request("w4-refund.json");
    custom["policy"] = json!({ "base": "azure-2026", "cap_counts": "refund_only" });
    let quote = quote_value(&custom);
    assert_eq!(at(&quote, "/policy"), "custom");
    assert_eq!(at(&quote, "/canceledCommitmentUsd"), "2032.26");
    assert!(error_codes(&quote).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Invalid requests: exit 2, nothing on standard output, one line on standard error.

/// Checks that `input` on standard input is refused with exactly `line` on standard error.
fn refused(input: &[u8], line: &str) {
    let r = run(&["quote", "-"], input);
    assert_eq!(r.code, 2, "{line}: {r:?}");
    assert_eq!(r.stdout, "", "{line}");
    assert_eq!(r.stderr, format!("{line}\n"));
}

/// The quote-format example with one change.
fn example_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut request = request("quote-format-example.json");
    change(&mut request);
    request.to_string().into_bytes()
}

fn exchange_of(returns: Value, purchase_currency: &str) -> Value {
    json!({
        "return": returns,
        "purchase": [{ "family": "compute", "sku": "Standard_B12ms", "region": "westeurope",
                       "term": "P3Y", "billing_plan": "Upfront", "quantity": 1,
                       "currency": purchase_currency, "unit_price": "5699" }]
    })
}

#[test]
fn an_invalid_date_is_named_by_its_path_by_file_and_by_stdin() {
    let input = example_with(|r| r["reservations"][0]["purchase_date"] = json!("2023-13-01"));
    let line = r#"reservations[0].purchase_date: expected a date YYYY-MM-DD, found "2023-13-01""#;
    refused(&input, line);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-invalid-date.json");
    std::fs::write(&path, &input).unwrap();
    let r = run(&["quote", path.to_str().unwrap()], b"");
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (2, "", format!("{line}\n").as_str()));
}

#[test]
fn invalid_fields_are_named_with_what_was_expected_and_found() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            example_with(|r| {
                r["reservations"][0].as_object_mut().unwrap().remove("term");
            }),
            "reservations[0].term: expected a value, found none (the field is missing)",
        ),
        (
            example_with(|r| {
                r.as_object_mut().unwrap().remove("today");
            }),
            "today: expected a value, found none (the field is missing)",
        ),
        (
            example_with(|r| r["today"] = json!("2023-02-29")),
            r#"today: expected a date YYYY-MM-DD, found "2023-02-29""#,
        ),
        (
            example_with(|r| r["today"] = json!("0000-01-01")),
            r#"today: expected a date between 2000 and 2100, found "0000-01-01""#,
        ),
        (
            example_with(|r| r["reservations"][0]["currency"] = json!("XYZ")),
            r#"reservations[0].currency: expected a currency code such as USD, EUR, GBP or SEK, found "XYZ""#,
        ),
        (
            example_with(|r| r["usd_per_unit"] = json!({ "XYZ": "2" })),
            r#"usd_per_unit.XYZ: expected a currency code such as EUR, found "XYZ""#,
        ),
        (
            example_with(|r| r["reservations"][0]["currency"] = json!("EUR")),
            r#"reservations[0].currency: expected a currency with a rate in usd_per_unit, found "EUR" without one"#,
        ),
        (
            example_with(|r| r["usd_per_unit"]["GBP"] = json!("0")),
            r#"usd_per_unit.GBP: expected a rate above zero, found "0""#,
        ),
        (
            example_with(|r| r["reservations"][0]["unit_price"] = json!("-5")),
            r#"reservations[0].unit_price: expected an amount of zero or more, found "-5""#,
        ),
        (
            example_with(|r| r["reservations"][0]["unit_price"] = json!(-5)),
            r#"reservations[0].unit_price: expected an amount of zero or more, found "-5""#,
        ),
        (
            example_with(|r| r["refunds_before"][0]["usd"] = json!("-83.69")),
            r#"refunds_before[0].usd: expected an amount of zero or more, found "-83.69""#,
        ),
        (
            example_with(|r| r["reservations"][0]["quantity"] = json!(1.5)),
            "reservations[0].quantity: expected a whole number of units, found 1.5",
        ),
        (
            example_with(|r| r["refund"]["quantity"] = json!(1.5)),
            "refund.quantity: expected a whole number of units, found 1.5",
        ),
        (
            example_with(|r| r["reservations"][0]["quantity"] = json!(0)),
            "reservations[0].quantity: expected at least 1 unit, found 0",
        ),
        (
            example_with(|r| r["reservations"][0]["term"] = json!("P2Y")),
            "reservations[0].term: unknown variant `P2Y`, expected `P1Y` or `P3Y`",
        ),
        (
            example_with(|r| r["format"] = json!("reservoir.quote-request/2")),
            r#"format: expected "reservoir.quote-request/1", found "reservoir.quote-request/2""#,
        ),
        (
            example_with(|r| r["exchange"] = exchange_of(json!([{ "reservation": "r1", "quantity": 1 }]), "USD")),
            r#"request: expected exactly one of "refund", "exchange" or "plan", found both"#,
        ),
        (
            example_with(|r| {
                r.as_object_mut().unwrap().remove("refund");
            }),
            r#"request: expected exactly one of "refund", "exchange" or "plan", found neither"#,
        ),
        (
            example_with(|r| r["refund"]["reservation"] = json!("r9")),
            r#"refund.reservation: expected the id of one of the reservations, found "r9""#,
        ),
        (
            example_with(|r| {
                let second = json!({ "id": "r2", "family": "compute", "term": "P1Y", "billing_plan": "Upfront",
                                     "purchase_date": "2022-11-10", "quantity": 1, "currency": "GBP",
                                     "unit_price": "30" });
                r["reservations"].as_array_mut().unwrap().push(second);
                r.as_object_mut().unwrap().remove("refund");
                r["exchange"] = exchange_of(
                    json!([{ "reservation": "r1", "quantity": 1 }, { "reservation": "r2", "quantity": 1 }]),
                    "USD",
                );
            }),
            "exchange.return[1].reservation: expected a reservation billed in USD like the rest of this exchange, found one billed in GBP",
        ),
        (
            example_with(|r| {
                r.as_object_mut().unwrap().remove("refund");
                r["exchange"] = exchange_of(json!([{ "reservation": "r1", "quantity": 1 }]), "GBP");
            }),
            "exchange.purchase[0].currency: expected USD like the rest of this exchange, found GBP",
        ),
        (
            example_with(|r| r["policy"] = json!("azure-2027")),
            r#"policy: expected "csp-2020" or "azure-2026", found "azure-2027""#,
        ),
        (
            example_with(|r| r["policy"] = json!(5)),
            r#"policy: expected "csp-2020", "azure-2026" or an object of overrides, found 5"#,
        ),
        (
            example_with(|r| r["policy"] = json!({ "base": "azure-2026", "refund_limit": "100000" })),
            "policy.refund_limit: expected one of \"base\", \"customized\", \"refund_limit_usd\", \
             \"refund_window_days\", \"cap_counts\", \"fee_percent\", \"fee_free_days\", \
             \"full_refund_window_days\", \"full_refund_requires_unused\", \"price_basis\", \
             \"exchange_same_family_only\", \"exchange_minimum_value\", \"exchanges_count_toward_limit\", \
             \"exchange_cutoff_date\", found the unknown parameter \"refund_limit\"",
        ),
        (
            example_with(|r| r["policy"] = json!({ "fee_percent": "-1" })),
            r#"policy.fee_percent: expected an amount of zero or more, found "-1""#,
        ),
        (
            example_with(|r| r["policy"] = json!({ "base": "csp-2021" })),
            r#"policy.base: expected "csp-2020" or "azure-2026", found "csp-2021""#,
        ),
        (
            example_with(|r| {
                r["reservations"][0]["quantity"] = serde_json::from_str("1000000000000000000000000000000").unwrap()
            }),
            "reservations[0].quantity: expected a whole number of units, found 1000000000000000000000000000000",
        ),
        (
            example_with(|r| r["reservations"][0]["unit_price"] = json!("1e400")),
            r#"reservations[0].unit_price: expected a decimal amount such as "1234.56", found "1e400""#,
        ),
        (b"null".to_vec(), "request: invalid type: null, expected a quote request object"),
        (b"{\"format\": x}".to_vec(), "format: expected JSON, found malformed text (expected value at line 1 column 12)"),
        (b"{\"policy\": \"azure-2026\",".to_vec(), "request: the JSON ends too early (EOF while parsing a value at line 1 column 24)"),
        (
            b"{\"refund\": {\"reservation\": \"r1\",".to_vec(),
            "refund: the JSON ends too early (EOF while parsing a value at line 1 column 32)",
        ),
        (b"".to_vec(), "request: the JSON ends too early (EOF while parsing a value at line 1 column 0)"),
        (b"\xff\xfe{}".to_vec(), "request: expected UTF-8 text, found invalid bytes at byte 0"),
    ];
    for (input, line) in &cases {
        refused(input, line);
    }
}

#[test]
fn an_input_over_20_mib_is_refused_by_file_and_by_stdin() {
    // 25 MB: a valid request carrying a huge unknown field.
    let input = example_with(|r| r["padding"] = json!("x".repeat(25 * 1000 * 1000)));
    assert!(input.len() > 25_000_000);
    let line = "request: expected at most 20 MiB, found more";
    refused(&input, line);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-25-mb.json");
    std::fs::write(&path, &input).unwrap();
    let r = run(&["quote", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).unwrap();
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (2, "", format!("{line}\n").as_str()));
}

#[test]
fn deep_nesting_is_refused_on_one_line_or_ignored_with_a_warning() {
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Where a value is read, serde_json's recursion limit (128) refuses it.
    let text = String::from_utf8(example_with(|r| r["policy"] = json!("PLACEHOLDER"))).unwrap();
    for input in
        [text.replace("\"PLACEHOLDER\"", &deep(100_000)), "[".repeat(100_000), "{\"a\":".repeat(100_000)]
    {
        let r = run(&["quote", "-"], input.as_bytes());
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", &r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    let r = run(&["quote", "-"], text.replace("\"PLACEHOLDER\"", &deep(100_000)).as_bytes());
    assert!(r.stderr.contains("recursion limit exceeded"), "{}", r.stderr);

    // In an unknown field it is skipped without being read, and the request still quotes.
    let ignored = String::from_utf8(example_with(|r| r["padding"] = json!("PLACEHOLDER")))
        .unwrap()
        .replace("\"PLACEHOLDER\"", &deep(100_000));
    let r = run(&["quote", "-"], ignored.as_bytes());
    assert_eq!((r.code, r.stderr.as_str()), (0, "warning: padding: unknown field, ignored\n"));
    assert_eq!(serde_json::from_str::<Value>(&r.stdout).unwrap(), quote_file("quote-format-example.json"));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let usage = "usage: reservoir quote REQUEST.json | reservoir plan REQUEST.json | reservoir simulate SCENARIO.json  (- reads standard input)
       reservoir import --customer ID [--name NAME] [--currency CUR] [--rate USD_PER_UNIT] --today DATE FILE...
       reservoir exercise --seed N --count K [--lessons 2,3] | --class K7M2-9QXD
";
    for args in
        [&[][..], &["quote"], &["simulate"], &["frob", "x.json"], &["quote", "a.json", "b.json"], &["-x"]]
    {
        let r = run(args, b"");
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (2, "", usage), "{args:?}");
    }
    for flag in ["--help", "-h"] {
        let r = run(&[flag], b"");
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, usage, ""), "{flag}");
    }
}

#[test]
fn a_file_that_cannot_be_read_exits_1() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-request.json");
    let r = run(&["quote", missing.to_str().unwrap()], b"");
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(r.stderr.starts_with(&format!("{}: cannot read: ", missing.display())), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
}

// ---------------------------------------------------------------------------------------------
// `reservoir simulate` on the example scenarios of docs/examples/.

/// Simulates an example scenario by file and by stdin: exit 0, nothing on standard error, the
/// same output both ways, one outcome per command.
fn simulate_example(name: &str) -> Value {
    let path = examples_dir().join(name);
    let simulation: Value = serde_json::from_str(&by_file_and_stdin("simulate", &path)).unwrap();
    let scenario: Value = serde_json::from_str(&read(&path)).unwrap();
    assert_eq!(simulation["format"], "reservoir.simulation/1");
    let outcomes = simulation["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), scenario["commands"].as_array().unwrap().len(), "{name}");
    for (index, outcome) in outcomes.iter().enumerate() {
        assert_eq!(outcome["index"], index, "{name}");
    }
    simulation
}

/// Each outcome as (status, code) with the code empty when applied.
fn statuses(simulation: &Value) -> Vec<(String, String)> {
    simulation["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["status"].as_str().unwrap().into(), o["code"].as_str().unwrap_or("").into()))
        .collect()
}

fn expect_statuses(simulation: &Value, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> =
        expected.iter().map(|(s, c)| (s.to_string(), c.to_string())).collect();
    assert_eq!(statuses(simulation), expected);
}

fn message(simulation: &Value, index: usize) -> String {
    simulation["outcomes"][index]["message"].as_str().unwrap().to_string()
}

/// The customer's reservations as (id, quantity, origin, status).
fn reservations(simulation: &Value, customer: usize) -> Vec<(String, u64, String, String)> {
    simulation["workspace"]["customers"][customer]["reservations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().into(),
                r["quantity"].as_u64().unwrap(),
                r["origin"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, u64, &str, &str)]) -> Vec<(String, u64, String, String)> {
    rows.iter().map(|(i, q, o, s)| (i.to_string(), *q, o.to_string(), s.to_string())).collect()
}

#[test]
fn every_example_scenario_simulates() {
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for name in names {
        simulate_example(&name);
    }
}

#[test]
fn the_customer_buys_and_the_partner_cancels() {
    let s = simulate_example("customer-buys-and-partner-cancels.json");
    expect_statuses(
        &s,
        &[
            ("applied", ""),
            ("applied", ""),
            ("applied", ""),
            ("applied", ""),
            ("refused", "NotAllowed"), // a Sales agent cannot switch the permission
            ("applied", ""),
            ("refused", "NotOwner"), // alice is not Owner yet
            ("applied", ""),
            ("applied", ""),
            ("refused", "NotAllowed"), // a customer never cancels, even what it bought
            ("applied", ""),
        ],
    );
    // The activity log says a subscription's kind as Partner Center does (it said "AzurePlan").
    assert_eq!(message(&s, 2), "Added subscription sub-1 (Azure plan) to contoso.");
    // 13 payments made: EUR 100 refunded, 23 × 100 canceled; at 1.08: USD 108 + 2,484.
    assert_eq!(
        message(&s, 10),
        "Returned 1 unit of vm-1: refund EUR 100.00; USD 2592.00 counted toward the limit. The remaining units continue as vm-1-0002."
    );
    let customer = &s["workspace"]["customers"][0];
    assert_eq!(customer["purchase_permission"], true);
    assert_eq!(
        customer["ledger"],
        json!([{ "date": "2025-01-12", "usd": "2592.00",
        "reason": { "kind": "refund", "reservation": "vm-1", "quantity": 1 } }])
    );
    assert_eq!(
        reservations(&s, 0),
        owned(&[("vm-1", 2, "purchase", "closed"), ("vm-1-0002", 1, "purchase", "active")])
    );
    let operations: Vec<&str> = s["workspace"]["activity_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert!(operations.contains(&"Create Customer Purchase Permissions"), "{operations:?}");
    assert_eq!(operations.len(), 8, "one log entry per applied command");
}

#[test]
fn a_customer_near_its_limit_waits_for_the_next_payment_date() {
    let s = simulate_example("customer-near-its-limit.json");
    expect_statuses(
        &s,
        &[
            ("applied", ""),
            ("applied", ""),
            ("applied", ""),
            ("refused", "RefundRefused"),
            ("refused", "RefundRefused"),
            ("applied", ""),
            ("applied", ""),
            ("refused", "RefundRefused"),
            ("applied", ""),
        ],
    );
    // 2025-03-01: 500 × 9 / 28 = 160.71 plus 10 × 500 canceled, on top of 45,000.
    assert_eq!(
        message(&s, 3),
        "This refund would add USD 5160.71 to the USD 45000.00 already counted, over the USD 50000.00 limit by USD 160.71. It would fit on 2025-03-10 as things stand."
    );
    assert!(message(&s, 4).contains("by USD 17.86. It would fit on 2025-03-10"), "{}", message(&s, 4));
    // 2025-03-10, a new payment cycle: 500.00 + 9 × 500 = 5,000.00 reaches the limit exactly.
    assert_eq!(
        message(&s, 5),
        "Returned 1 unit of sql-1: refund USD 500.00; USD 5000.00 counted toward the limit."
    );
    assert!(message(&s, 7).contains("It would fit on 2025-09-01"), "{}", message(&s, 7));
    // 2025-09-01: the 45,000 of 2024-09-01 has come back; 120 × 190 / 365 = 62.47.
    assert!(message(&s, 8).contains("refund USD 62.47"), "{}", message(&s, 8));
    let ledger: Vec<(&str, &str)> = s["workspace"]["customers"][0]["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["date"].as_str().unwrap(), e["usd"].as_str().unwrap()))
        .collect();
    assert_eq!(ledger, [("2024-09-01", "45000"), ("2025-03-10", "5000.00"), ("2025-09-01", "62.47")]);
    // A Helpdesk agent may cancel: the log names who did.
    let refund_entry = s["workspace"]["activity_log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["operation"] == "Cancel reservation")
        .unwrap()
        .clone();
    assert_eq!(refund_entry["actor"], json!({ "partner": { "role": "helpdesk_agent" } }));
}

#[test]
fn exchanges_under_the_2027_cutoff() {
    let s = simulate_example("exchange-under-the-2027-cutoff.json");
    expect_statuses(
        &s,
        &[
            ("applied", ""),
            ("applied", ""),
            ("applied", ""),
            ("applied", ""),
            ("applied", ""), // 2 of 10 units bought before the cut-off: a final exchange
            ("refused", "ExchangeRefused"), // what a final exchange bought
            ("refused", "ExchangeRefused"), // bought after the cut-off
            ("refused", "ExchangeRefused"), // compute for SQL
            ("refused", "ExchangeRefused"), // worth less than what is returned
            ("applied", ""), // the 8 units left keep their final exchange
            ("applied", ""), // Azure VMware Solution is exempt
        ],
    );
    assert_eq!(
        message(&s, 4),
        "Returned 2 units of vm-old for USD 2700.00; bought res-0006 for USD 3000.00; net payable USD 300.00. A final exchange: what it bought cannot be exchanged again."
    );
    assert_eq!(message(&s, 5), "res-0006 was bought by a final exchange and cannot be exchanged again.");
    assert!(
        message(&s, 6).contains("vm-new was bought on 2027-03-01, on or after 2027-02-01"),
        "{}",
        message(&s, 6)
    );
    assert_eq!(message(&s, 7), "Exchanges stay inside one product family: this one mixes compute and sql.");
    assert_eq!(
        message(&s, 8),
        "What is bought (USD 4800.00) is worth less than the remaining commitment returned (USD 10800.00): buy at least USD 6000.00 more."
    );
    assert!(message(&s, 9)
        .ends_with("net payable USD 720.00. A final exchange: what it bought cannot be exchanged again."));
    // 50,000 × 92 / 365 returned; the exempt exchange is not final.
    assert_eq!(
        message(&s, 10),
        "Returned 1 unit of avs-1 for USD 12602.74; bought res-0010 for USD 100000.00; net payable USD 87397.26."
    );
    assert_eq!(
        reservations(&s, 0),
        owned(&[
            ("vm-old", 10, "purchase", "closed"),
            ("avs-1", 1, "purchase", "closed"),
            ("vm-new", 1, "purchase", "active"),
            ("vm-old-0004", 8, "purchase", "closed"),
            ("res-0006", 1, "final_exchange", "active"),
            ("res-0008", 8, "final_exchange", "active"),
            ("res-0010", 1, "exchange", "active"),
        ])
    );
    // Exchanges do not count toward the refund limit under azure-2026.
    assert_eq!(s["workspace"]["customers"][0]["ledger"], json!([]));
}

#[test]
fn invalid_scenarios_exit_2_with_one_line() {
    for (input, line) in [
        (
            r#"{"format": "reservoir.scenario/3", "commands": []}"#,
            r#"format: expected "reservoir.scenario/2", found "reservoir.scenario/3""#,
        ),
        (
            r#"{"format": "reservoir.scenario/1"}"#,
            "commands: expected a value, found none (the field is missing)",
        ),
        (
            r#"{"format": "reservoir.scenario/1", "commands": [{"date": "2024-01-01", "command": "refund",
                "customer": "c", "reservation": "r", "quantity": 1.5}]}"#,
            "commands[0].quantity: expected a whole number of units, found 1.5",
        ),
        (
            r#"{"format": "reservoir.scenario/1", "commands": [{"date": "2024-13-01", "command": "add_user",
                "customer": "c", "user": "u"}]}"#,
            r#"commands[0].date: expected a date YYYY-MM-DD, found "2024-13-01""#,
        ),
        (
            r#"{"format": "reservoir.scenario/1", "policy": {"fee_percent": "x"}, "commands": []}"#,
            r#"policy.fee_percent: expected a decimal amount such as "1234.56", found "x""#,
        ),
    ] {
        let r = run(&["simulate", "-"], input.as_bytes());
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (2, "", format!("{line}\n").as_str()),
            "{input}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The documents say what the binary does: every name the binary knows is documented.

/// The names in a serde "expected one of `a`, `b`" message the binary prints.
fn names_in_expected_list(stderr: &str) -> Vec<String> {
    let list = stderr.split("expected one of ").nth(1).unwrap_or_else(|| panic!("no list in {stderr}"));
    let list = list.split(", found").next().unwrap_or(list);
    list.trim().split(", ").map(|n| n.trim_matches(|c| c == '`' || c == '"').to_string()).collect()
}

/// The string literals a `match` returns in one function of a source file (`=> "Code"`).
fn codes_in(source_file: &str, function: &str) -> Vec<String> {
    let source = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(source_file));
    let start = source.find(function).unwrap_or_else(|| panic!("{function} not in {source_file}"));
    let body = &source[start..];
    let body = &body[..body.find("\n    }\n").or_else(|| body.find("\n}\n")).unwrap()];
    body.split("=> \"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
}

#[test]
fn the_scenario_format_documents_every_command_and_rejection() {
    let doc = read(&examples_dir().join("../scenario-format.md"));
    let r = run(
        &["simulate", "-"],
        br#"{"format": "reservoir.scenario/1", "commands": [{"date": "2024-01-01", "command": "?"}]}"#,
    );
    let commands = names_in_expected_list(&r.stderr);
    assert!(commands.len() >= 19, "{commands:?}");
    for command in commands {
        assert!(
            doc.contains(&format!("### `{command}`")),
            "docs/scenario-format.md lacks a section for {command}"
        );
    }
    let rejections = codes_in("src/simulation/command.rs", "pub fn code(&self)");
    assert!(rejections.len() >= 16, "{rejections:?}");
    for code in rejections {
        assert!(doc.contains(&format!("`{code}`")), "docs/scenario-format.md lacks rejection {code}");
    }
}

#[test]
fn the_quote_format_documents_every_policy_key_and_error_code() {
    let doc = read(&examples_dir().join("../quote-format.md"));
    let r = run(&["quote", "-"], &example_with(|r| r["policy"] = json!({ "?": 1 })));
    let keys = names_in_expected_list(&r.stderr);
    assert!(keys.len() >= 12, "{keys:?}");
    for key in keys {
        assert!(doc.contains(&format!("`{key}`")), "docs/quote-format.md lacks policy key {key}");
    }
    let mut codes = codes_in("src/domain/quote.rs", "pub fn code(&self)");
    codes.extend(codes_in("src/formats/quote_json.rs", "pub fn exchange_error_code"));
    assert!(codes.len() >= 12, "{codes:?}");
    for code in codes {
        assert!(doc.contains(&format!("`{code}`")), "docs/quote-format.md lacks policy error {code}");
    }
}

/// True when `doc` is contained in `actual`: every key of an object with a contained value, an
/// array a prefix of the actual one (the documents cut long breakdowns short), anything else equal.
fn contained(doc: &Value, actual: &Value) -> bool {
    match (doc, actual) {
        (Value::Object(d), Value::Object(a)) => {
            d.iter().all(|(key, value)| a.get(key).is_some_and(|other| contained(value, other)))
        }
        (Value::Array(d), Value::Array(a)) => {
            d.len() <= a.len() && d.iter().zip(a).all(|(value, other)| contained(value, other))
        }
        _ => doc == actual,
    }
}

#[test]
fn the_quotes_shown_in_the_quote_format_are_what_the_binary_prints() {
    let doc = read(&examples_dir().join("../quote-format.md"));
    let quotes: Vec<Value> = doc
        .split("```json\n")
        .skip(1)
        .filter_map(|block| serde_json::from_str::<Value>(&block[..block.find("```").unwrap()]).ok())
        .filter(|value| value["format"] == "reservoir.quote/1")
        .collect();
    assert_eq!(quotes.len(), 2, "a refund and an exchange");
    for shown in quotes {
        let file =
            if shown.get("netPayable").is_some() { "w1-exchange.json" } else { "quote-format-example.json" };
        let actual = quote_file(file);
        assert!(
            contained(&shown, &actual),
            "docs/quote-format.md shows for {file}:\n{shown:#}\nthe binary prints:\n{actual:#}"
        );
    }
    // The request shown first is the example request file.
    let request: Value =
        serde_json::from_str(doc.split("```json\n").nth(1).unwrap().split("```").next().unwrap()).unwrap();
    assert_eq!(request, self::request("quote-format-example.json"));
}

// ---------------------------------------------------------------------------------------------
// `reservoir import`: Azure's exports in, a scenario out (docs/import.md).

const AZURE_RECORDINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/azure_formats/azure-cli-extensions/extracted_response_bodies"
);

/// The recorded reservations list and the three order pages, or `None` (said) when the shared
/// recordings are absent.
fn azure_recordings() -> Option<Vec<String>> {
    if !Path::new(AZURE_RECORDINGS).is_dir() {
        println!("skipped: {AZURE_RECORDINGS} is absent");
        return None;
    }
    Some(
        [
            "test_list_reservations__interaction0__GET_providers_Microsoft.Capacity_reservations.json",
            "test_list_reservation_order__interaction0__GET_reservationOrders_page1.json",
            "test_list_reservation_order__interaction1__GET_reservationOrders_page2.json",
            "test_list_reservation_order__interaction2__GET_reservationOrders_page3.json",
        ]
        .map(|f| format!("{AZURE_RECORDINGS}/{f}"))
        .to_vec(),
    )
}

/// A file of this test's own under the system's temporary folder.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reservoir-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_prints_a_scenario_that_simulate_replays_with_warnings_on_standard_error() {
    let Some(mut files) = azure_recordings() else { return };
    // Prices for the 18 live Monthly-or-Upfront VMs; the SUSE plan stays without one.
    let sheet = temp_file(
        "prices.csv",
        "sku,region,term,billing_plan,currency,unit_price\n\
         Standard_B2s,,P3Y,Monthly,EUR,10\nStandard_B1ls,,P3Y,Monthly,EUR,1.25\n\
         Standard_B1ls,,P3Y,Upfront,EUR,40\nStandard_B2ms,,P3Y,Monthly,EUR,20\n\
         Standard_B1ms,,P3Y,Monthly,EUR,5\nStandard_D2s_v3,,P3Y,Monthly,EUR,30\n\
         Standard_B1s,,P3Y,Monthly,EUR,3\nStandard_B4ms,,P3Y,Monthly,EUR,40\n",
    );
    files.push(sheet.to_str().unwrap().to_string());
    let mut args = vec!["import", "--customer", "fabrikam", "--name", "Fabrikam AG", "--today", "2023-03-08"];
    args.extend(["--currency", "EUR", "--rate", "1.08"]);
    args.extend(files.iter().map(String::as_str));
    let r = run(&args, b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let scenario: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    assert_eq!(scenario["format"], "reservoir.scenario/1");
    let commands: Vec<&str> =
        scenario["commands"].as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
    // The customer, its rate, the one subscription three reservations are scoped to, 18 buys.
    assert_eq!(commands[..3], ["add_customer", "set_rate", "add_subscription"]);
    assert_eq!(commands.iter().filter(|c| **c == "buy").count(), 18);
    assert_eq!(commands.len(), 21);
    // Every line on standard error names its place; the SUSE plan is said to lack a price.
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(lines.iter().all(|l| l.contains(": ")), "{}", r.stderr);
    assert_eq!(lines.iter().filter(|l| l.starts_with("skipped: ")).count(), 29);
    assert_eq!(lines.iter().filter(|l| l.starts_with("read: ")).count(), 5);
    let no_price: Vec<&&str> = lines.iter().filter(|l| l.starts_with("no price: ")).collect();
    assert_eq!(no_price.len(), 1);
    assert!(
        no_price[0].contains("value[0]: reservation 9df353c5-fad0-4555-be85-3789afe44b5c"),
        "{}",
        no_price[0]
    );
    assert!(
        lines.iter().any(|l| l.ends_with(
            "page2.json: value[0].properties.term: \"None\" is no term: its reservations' own terms are used"
        )),
        "{}",
        r.stderr
    );
    assert!(lines
        .last()
        .unwrap()
        .starts_with("import: 18 reservations added, 0 already there, 1 without a price, 29 skipped"));

    // `reservoir simulate` replays it: every command applied.
    let simulated = run(&["simulate", "-"], r.stdout.as_bytes());
    assert_eq!(simulated.code, 0, "{}", simulated.stderr);
    let simulation: Value = serde_json::from_str(&simulated.stdout).unwrap();
    let statuses = statuses(&simulation);
    assert_eq!(statuses.len(), 21);
    assert!(statuses.iter().all(|(status, _)| status == "applied"), "{statuses:?}");
}

#[test]
fn import_refuses_a_file_of_no_known_kind_by_its_name_and_bad_arguments_with_the_usage() {
    let notes = temp_file("notes.txt", "not an export\n");
    let notes = notes.to_str().unwrap();
    let r = run(&["import", "--customer", "c1", "--today", "2023-03-08", notes], b"");
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with(&format!("{notes}: expected Azure reservations")), "{}", r.stderr);

    let missing = run(&["import", "--customer", "c1", "--today", "2023-03-08", "/nonexistent/x.json"], b"");
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(missing.stderr.starts_with("/nonexistent/x.json: cannot read"));

    for args in [
        vec!["import", "--customer", "c1", notes],
        vec!["import", "--today", "2023-03-08", notes],
        vec!["import", "--customer", "c1", "--today", "2023-03-08"],
        vec!["import", "--customer", "c1", "--today", "2023-03-08", "--colour", "red", notes],
        vec!["import", "--customer", "c1", "--today"],
    ] {
        let r = run(&args, b"");
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{args:?}");
        assert!(r.stderr.starts_with("usage: "), "{args:?}: {}", r.stderr);
    }
    let r = run(&["import", "--customer", "c1", "--today", "2023-02-30", notes], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("--today: expected a date"), "{}", r.stderr);
    let r = run(&["import", "--customer", "c1", "--currency", "XYZ", "--today", "2023-03-08", notes], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("--currency: expected a currency code"), "{}", r.stderr);

    // EUR prices and no rate: refused, saying what to give; the currency is the first the files
    // name when none is given.
    let sheet = temp_file(
        "eur.csv",
        "sku,region,term,billing_plan,currency,unit_price\nStandard_B2s,,P3Y,Monthly,EUR,10\n",
    );
    let Some(files) = azure_recordings() else { return };
    let r = run(
        &["import", "--customer", "c1", "--today", "2023-03-08", &files[0], sheet.to_str().unwrap()],
        b"",
    );
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", r.stderr);
    assert_eq!(r.stderr, "--rate: EUR has no rate to USD yet: give one, in USD per 1 EUR\n");
}
