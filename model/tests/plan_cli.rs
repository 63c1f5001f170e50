//! `reservoir plan REQUEST.json` (issue 15), run as a person runs it: the plan of a request in
//! `model/tests/requests`, and the refusals that name the field.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_reservoir");

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN).args(args).output().expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    (output.status.code().expect("an exit code"), String::from_utf8(output.stdout).expect("UTF-8"), stderr)
}

fn request() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/leaving.json").display().to_string()
}

fn amount(value: &Value) -> f64 {
    value["amount"].as_str().expect("an amount").parse().expect("a number")
}

#[test]
fn a_plan_request_prints_the_dated_schedule_its_total_and_the_two_strategies() {
    let (code, stdout, _) = run(&["plan", &request()]);
    assert_eq!(code, 0);
    let plan: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(plan["format"], "reservoir.plan/1");
    let steps = plan["steps"].as_array().expect("steps");
    assert!(!steps.is_empty());
    for step in steps {
        for key in
            ["date", "reservation", "quantity", "billingRefundAmount", "canceledCommitmentUsd", "savedUsd"]
        {
            assert!(!step[key].is_null(), "{key} in {step}");
        }
        assert_eq!(step["savedUsd"]["currencyCode"], "USD");
    }
    let total: f64 = steps.iter().map(|s| amount(&s["savedUsd"])).sum();
    assert!((total - amount(&plan["totalSavedUsd"])).abs() < 0.005, "the total is the steps' sum");
    for strategy in ["firstDateThenWhole", "eachWholeEarliest"] {
        let s = &plan["strategies"][strategy];
        let more = amount(&plan["totalSavedUsd"]) - amount(&s["totalSavedUsd"]);
        assert!((more - amount(&s["planSavesMoreUsd"])).abs() < 0.005, "{strategy}");
        assert!(more >= 0.0, "{strategy} saves more than the plan");
    }
    assert!(plan["neverFits"].is_array());
    // The same request through `reservoir quote` prints the same plan.
    let (code, quoted, _) = run(&["quote", &request()]);
    assert_eq!(code, 0);
    assert_eq!(quoted, stdout);
}

/// The example request with `from` written as `to`, saved under `name` in the temporary folder.
fn edited_request(name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(request()).expect("the request");
    assert!(text.contains(from), "the example request holds {from}");
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, text.replace(from, to)).expect("written");
    path
}

#[test]
fn a_last_date_before_the_first_is_refused_naming_the_field() {
    let path = edited_request(
        "reservoir-plan-until-before-from.json",
        "\"from\": \"2025-02-01\"",
        "\"from\": \"2025-02-01\", \"until\": \"2025-01-31\"",
    );
    let (code, stdout, stderr) = run(&["plan", path.to_str().expect("a path")]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("plan.until:"), "{stderr}");
}

#[test]
fn more_units_than_held_are_refused_naming_the_field() {
    let path = edited_request(
        "reservoir-plan-too-many.json",
        "{ \"reservation\": \"sql-1y\", \"quantity\": 2 }",
        "{ \"reservation\": \"sql-1y\", \"quantity\": 5 }",
    );
    let (code, _, stderr) = run(&["plan", path.to_str().expect("a path")]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("plan.exits[1].quantity: expected at most 2 units, found 5"), "{stderr}");
}

#[test]
fn a_refund_request_given_to_plan_is_refused_naming_plan() {
    let w4 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/requests/w4-refund.json");
    let (code, _, stderr) = run(&["plan", w4.to_str().expect("a path")]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("plan:"), "{stderr}");
}

/// No units of a reservation is no exit: refused by its field, by `plan` and by `quote` alike (the
/// quote used to stop on it, as the reader let it through to the planner, which refuses it).
#[test]
fn no_units_to_get_out_of_are_refused_naming_the_field_by_plan_and_by_quote() {
    let path = edited_request(
        "reservoir-plan-no-units.json",
        "{ \"reservation\": \"sql-1y\", \"quantity\": 2 }",
        "{ \"reservation\": \"sql-1y\", \"quantity\": 0 }",
    );
    for command in ["plan", "quote"] {
        let (code, _, stderr) = run(&[command, path.to_str().expect("a path")]);
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(
            stderr.starts_with("plan.exits[1].quantity: expected at least 1 unit, found 0"),
            "{command}: {stderr}"
        );
    }
}
