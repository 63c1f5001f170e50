//! Exercises from a seed: the same seed and lessons give the same exercises, everywhere. Each
//! lesson draws situations that teach its point (a term across a 29 February, today's lower price,
//! a monthly plan's cycle, a limit nearly used, an exchange across families or after February
//! 2027, the fee of 2020); a draw whose request the quote reader refuses, or that repeats one
//! already in the set, is drawn again.

use chrono::{Days, NaiveDate};
use serde_json::{json, Value};

use crate::domain::order;
use crate::domain::partner::ActionKind;
use crate::domain::values::lenient_date;
use crate::training::exercise::{Answer, Ask, Exercise};
use crate::training::seed::Draw;

/// At most this many exercises in one set.
pub const MAX_COUNT: usize = 32;

/// Draws before a set gives up on an exercise that differs from the others (never reached in
/// practice: the tests run 10,000 seeds).
const ATTEMPTS: usize = 200;

/// `count` exercises of `lessons` (taken in turn) from `seed`. Lessons outside 1 to 6 are left out;
/// no lesson at all means all six. A set is shorter than `count` only when its lessons hold fewer
/// different exercises: lesson 5 alone asks about eight actions.
pub fn exercises(seed: u64, lessons: &[u8], count: usize) -> Vec<Exercise> {
    let mut chosen: Vec<u8> = lessons.iter().copied().filter(|l| (1..=6).contains(l)).collect();
    order::sort_by(&mut chosen, u8::cmp);
    chosen.dedup();
    if chosen.is_empty() {
        chosen = vec![1, 2, 3, 4, 5, 6];
    }
    let mut draw = Draw::new(seed);
    let mut set: Vec<Exercise> = Vec::new();
    for n in 0..count.min(MAX_COUNT) {
        let lesson = chosen[n % chosen.len()];
        for _ in 0..ATTEMPTS {
            let Some(mut exercise) = one(lesson, &mut draw) else { continue };
            exercise.id = format!("e{}", n + 1);
            if set.iter().any(|e| same(e, &exercise)) {
                continue;
            }
            set.push(exercise);
            break;
        }
    }
    set
}

/// Two exercises ask the same thing about the same situation.
pub fn same(a: &Exercise, b: &Exercise) -> bool {
    a.ask == b.ask && a.request == b.request && a.action == b.action
}

/// One exercise of a lesson, or `None` when the draw does not make the lesson's point.
fn one(lesson: u8, d: &mut Draw) -> Option<Exercise> {
    let (ask, request, action) = match lesson {
        1 => {
            let ask = *d.pick(&[Ask::TotalPaid, Ask::RemainingCommitment]);
            let r = reservation(d, Some("Monthly"), false);
            let today = inside(d, &r, 6);
            (ask, refund_request(d, "azure-2026", today, r, Vec::new()), None)
        }
        2 => {
            let r = reservation(d, None, true);
            let today = inside(d, &r, 6);
            (Ask::Refund, refund_request(d, "azure-2026", today, r, Vec::new()), None)
        }
        3 => {
            let ask =
                *d.pick(&[Ask::CanceledCommitment, Ask::ConsumedTotal, Ask::EarliestFit, Ask::PolicyErrors]);
            let r = reservation(d, None, false);
            let today = inside(d, &r, 6);
            let earlier = earlier_refunds(d, today);
            (ask, refund_request(d, "azure-2026", today, r, earlier), None)
        }
        4 => {
            let ask = *d.pick(&[Ask::NetPayable, Ask::PolicyErrors]);
            (ask, exchange_request(d), None)
        }
        5 => {
            let action = *d.pick(&[
                ActionKind::SetPurchasePermission,
                ActionKind::Buy,
                ActionKind::Cancel,
                ActionKind::Exchange,
                ActionKind::Renew,
                ActionKind::ChangeScope,
                ActionKind::AssignOwner,
                ActionKind::ManageWorkspace,
            ]);
            return Some(Exercise {
                id: String::new(),
                lesson,
                ask: Ask::Roles,
                request: None,
                action: Some(action),
            });
        }
        _ => {
            let ask = *d.pick(&[Ask::Refund, Ask::Refund, Ask::PolicyErrors]);
            let policy = *d.pick(&["csp-2020", "azure-2026"]);
            let mut r = reservation(d, Some("Upfront"), false);
            let days = d.between(0, 40) as u64;
            let today = date(&r["purchase_date"]).checked_add_days(Days::new(days))?;
            if d.chance(30) {
                r["used"] = json!(false);
            }
            if ask == Ask::PolicyErrors && d.chance(40) {
                r["family"] = json!(*d.pick(&["red_hat", "suse"]));
            }
            (ask, refund_request(d, policy, today, r, Vec::new()), None)
        }
    };
    let exercise = Exercise { id: String::new(), lesson, ask, request: Some(request), action };
    // A date exercise asks for a day that exists: an earliest date only of a refund the limit
    // refuses and that fits a later day of its term. (Every other request is valid as drawn, which
    // the tests hold over 10,000 seeds, so only this one is quoted while drawing.)
    if ask == Ask::EarliestFit && exercise.solve().ok()?.answer == Answer::Date(None) {
        return None;
    }
    Some(exercise)
}

/// A reservation as the request writes it. `plan` fixes the billing plan; `leap` buys a term that
/// spans a 29 February most of the time.
fn reservation(d: &mut Draw, plan: Option<&str>, leap: bool) -> Value {
    let term = *d.pick(&["P1Y", "P1Y", "P3Y"]);
    let plan = plan.unwrap_or_else(|| *d.pick(&["Upfront", "Monthly"]));
    let purchase = if leap && term == "P1Y" && d.chance(70) {
        // Between 1 March and 28 February before a leap day: the term is 366 days long.
        let start = *d.pick(&[day(2023, 3, 2), day(2027, 3, 2)]);
        start + Days::new(d.between(0, 362) as u64)
    } else {
        day(2021, 1, 1) + Days::new(d.between(0, 2000) as u64)
    };
    let quantity = d.between(1, 8);
    let unit = match plan {
        "Upfront" => d.between(30_000, 2_400_000),
        _ => d.between(2_000, 120_000),
    };
    let mut r = json!({
        "id": "r1",
        "family": "compute",
        "sku": *d.pick(&["Standard_D4s_v5", "Standard_E8s_v5", "Standard_B2ms", "Standard_F16s_v2"]),
        "region": *d.pick(&["westeurope", "swedencentral", "francecentral", "eastus"]),
        "term": term,
        "billing_plan": plan,
        "purchase_date": purchase.to_string(),
        "quantity": quantity,
        "currency": "USD",
        "unit_price": cents(unit),
    });
    match d.between(0, 2) {
        // Today's price lower: a refund uses it.
        0 => r["current_unit_price"] = json!(cents(unit * d.between(70, 99) / 100)),
        1 => r["current_unit_price"] = json!(cents(unit * d.between(100, 115) / 100)),
        _ => {}
    }
    r
}

/// A day inside the reservation's term, at least `after` days past its purchase.
fn inside(d: &mut Draw, r: &Value, after: i64) -> NaiveDate {
    let days = if r["term"] == "P3Y" { 1094 } else { 363 };
    date(&r["purchase_date"]) + Days::new(d.between(after, days) as u64)
}

/// Earlier refunds inside the window before `today`, together near the USD 50,000 limit.
fn earlier_refunds(d: &mut Draw, today: NaiveDate) -> Vec<Value> {
    (0..d.between(1, 3))
        .map(|_| {
            json!({
                "date": (today - Days::new(d.between(1, 360) as u64)).to_string(),
                "usd": cents(d.between(500_000, 2_400_000)),
            })
        })
        .collect()
}

fn refund_request(d: &mut Draw, policy: &str, today: NaiveDate, r: Value, earlier: Vec<Value>) -> Value {
    let held = r["quantity"].as_i64().unwrap_or(1);
    let quantity = d.between(1, held);
    let mut request = json!({
        "format": "reservoir.quote-request/1",
        "policy": policy,
        "today": today.to_string(),
        "reservations": [r],
        "refund": { "reservation": "r1", "quantity": quantity },
    });
    if !earlier.is_empty() {
        request["refunds_before"] = Value::Array(earlier);
    }
    request
}

/// An exchange: usually the same family for more, sometimes another family, less value, or a day
/// past the February 2027 cut-off (and then sometimes a reservation a final exchange bought).
fn exchange_request(d: &mut Draw) -> Value {
    let mut r = reservation(d, None, false);
    let today = inside(d, &r, 6).min(day(2028, 6, 1));
    if today >= day(2027, 2, 1) && d.chance(30) {
        r["origin"] = json!("final_exchange");
    }
    let family = if d.chance(20) { *d.pick(&["storage", "sql", "cosmos_db"]) } else { "compute" };
    let term = *d.pick(&["P1Y", "P3Y"]);
    let plan = *d.pick(&["Upfront", "Monthly"]);
    let unit = match plan {
        "Upfront" => d.between(50_000, 4_000_000),
        _ => d.between(3_000, 150_000),
    };
    json!({
        "format": "reservoir.quote-request/1",
        "policy": "azure-2026",
        "today": today.to_string(),
        "reservations": [r.clone()],
        "exchange": {
            "return": [ { "reservation": "r1", "quantity": r["quantity"] } ],
            "purchase": [ {
                "family": family, "sku": "Standard_D8s_v5", "region": r["region"],
                "term": term, "billing_plan": plan, "quantity": d.between(1, 8),
                "currency": "USD", "unit_price": cents(unit)
            } ]
        }
    })
}

fn cents(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().and_then(lenient_date).unwrap_or_else(|| day(2024, 1, 1))
}
