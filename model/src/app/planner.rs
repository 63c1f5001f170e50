//! What the planner page asks (issue 15): the reservations a customer could leave, the plan of
//! the units picked, the limit timeline with the plan's steps, and the plan as a scenario whose
//! dated commands replay it. The plan itself is [`crate::simulation::plan`]'s; nothing here prices
//! anything again.

use chrono::NaiveDate;
use serde::Serialize;

use crate::app::queries::{customer_access, LIMIT_HORIZON_DAYS};
use crate::app::session::Session;
use crate::domain::ledger::{EntryReason, LedgerEntry};
use crate::domain::money::{Currency, Money};
use crate::domain::partner::{sees, Actor, Fact};
use crate::domain::values::{Date, Name};
use crate::formats::transfer::customer_scenario;
use crate::simulation::activity::Event;
use crate::simulation::command::{Command, DatedCommand, Rejection};
use crate::simulation::plan::{plan, Exit, Plan, PlanError};
use crate::simulation::scenario::{replay, Scenario};
use crate::simulation::timeline::{limit_timeline, LimitTimeline};

/// A reservation the customer could leave: one holding units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanChoice {
    /// The reservation.
    pub reservation: Name,
    /// Its SKU.
    pub sku: String,
    /// Units it holds: the most a plan may take out of it.
    pub held: u32,
}

/// The reservations of a customer a plan may take units out of (empty when the actor may not see
/// the customer's limit, or there is no such customer).
pub fn plan_choices(session: &Session, customer: &str) -> Vec<PlanChoice> {
    if !sees(&session.actor, Fact::RefundLimit) || customer_access(session, customer) != Ok(true) {
        return Vec::new();
    }
    let Some(c) = session.workspace().customer(customer) else { return Vec::new() };
    c.open_reservations()
        .map(|r| PlanChoice { reservation: r.id.clone(), sku: r.sku.to_string(), held: r.quantity })
        .collect()
}

/// What the page asks a plan of: units of the customer's reservations, a first and a last date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRequest {
    /// (reservation, units) picked, in the page's order.
    pub exits: Vec<(String, u32)>,
    /// The first day a step may be on.
    pub from: NaiveDate,
    /// The last day (default: the last day any of them can be refunded).
    pub until: Option<NaiveDate>,
}

/// Why the page's request cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum PlanRefusal {
    /// The planner refuses it (nothing picked, too many units, the last date before the first).
    Plan(PlanError),
    /// The first date is before the simulated today: a plan's steps are commands, and simulated
    /// time only moves forward.
    FirstBeforeToday {
        /// The simulated today.
        today: NaiveDate,
    },
    /// An exit names no reservation of the customer that holds units.
    UnknownReservation {
        /// Which exit.
        exit: usize,
    },
    /// The workspace has no USD rate for the customer's billing currency.
    NoRate {
        /// The currency.
        currency: Currency,
    },
}

/// A plan as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanView {
    /// The planner's answer.
    pub plan: Plan,
    /// Each exit's reservation, by exit index.
    pub reservations: Vec<Name>,
    /// How much more the plan saves than "everything on the first date, the rest when it fits
    /// whole" (never negative).
    pub more_than_first_date: Money,
    /// How much more the plan saves than "each whole reservation on its earliest date".
    pub more_than_whole_earliest: Money,
    /// The limit consumed from the simulated today: `consumed` without the plan, `with_plan` with
    /// its steps, until the last step's amount has come back.
    pub timeline: LimitTimeline,
}

/// The plan of `request` for `customer` (`None` when there is no such customer, or the actor may
/// not see it or its limit).
pub fn customer_plan(
    session: &Session,
    customer: &str,
    request: &PlanRequest,
) -> Option<Result<PlanView, PlanRefusal>> {
    if !sees(&session.actor, Fact::RefundLimit) || customer_access(session, customer) != Ok(true) {
        return None;
    }
    let w = session.workspace();
    let c = w.customer(customer)?;
    let today = session.today.get();
    if request.from < today {
        return Some(Err(PlanRefusal::FirstBeforeToday { today }));
    }
    let mut exits = Vec::with_capacity(request.exits.len());
    for (at, (id, quantity)) in request.exits.iter().enumerate() {
        let Some(reservation) = c.reservation(id).filter(|r| r.quantity > 0) else {
            return Some(Err(PlanRefusal::UnknownReservation { exit: at }));
        };
        let Some(rate) = w.rate(reservation.currency) else {
            return Some(Err(PlanRefusal::NoRate { currency: reservation.currency }));
        };
        exits.push(Exit { reservation, quantity: *quantity, rate });
    }
    let planned = match plan(&exits, request.from, request.until, &w.policy, &c.ledger) {
        Ok(planned) => planned,
        Err(why) => return Some(Err(PlanRefusal::Plan(why))),
    };
    let reservations: Vec<Name> = exits.iter().map(|e| e.reservation.id.clone()).collect();
    // The ledger as it would be after the plan's steps, drawn from today until the last step's
    // amount has come back.
    let mut after = c.ledger.clone();
    for step in &planned.best.steps {
        let counted =
            step.quote.priced.as_ref().map(|p| p.canceled_commitment_usd.amount()).unwrap_or_default();
        after.record(LedgerEntry {
            date: step.date,
            usd: counted,
            reason: EntryReason::Refund {
                reservation: reservations[step.exit].to_string(),
                quantity: step.quantity,
            },
        });
    }
    let window = w.policy.refund_window_days.get();
    let last = planned.best.steps.last().map(|s| s.date).unwrap_or(today);
    let reach =
        u32::try_from((last - today).num_days()).unwrap_or(0).saturating_add(window.saturating_add(1));
    let horizon = reach.max(LIMIT_HORIZON_DAYS);
    let without = limit_timeline(&c.ledger, &w.policy, today, horizon, None);
    let with = limit_timeline(&after, &w.policy, today, horizon, None);
    let timeline =
        LimitTimeline { consumed: without.consumed, with_plan: with.consumed, limit: without.limit };
    Some(Ok(PlanView {
        more_than_first_date: planned
            .best
            .total_saved_usd
            .minus(planned.first_date_then_whole.total_saved_usd),
        more_than_whole_earliest: planned
            .best
            .total_saved_usd
            .minus(planned.each_whole_earliest.total_saved_usd),
        reservations,
        timeline,
        plan: planned,
    }))
}

/// The customer's own scenario (its commands, and the rates and policies they were made under)
/// followed by one dated refund a step of the plan, carrying the last step's day as its today:
/// replayed by `reservoir simulate` or imported, it makes the plan's refunds. A step that takes
/// part of a reservation leaves its other units in a successor with another ID, which the next
/// step of the same reservation names: so each step is applied here as it is written, and the
/// first one the workspace refuses is the error (never, for a plan the planner checked).
pub fn plan_scenario(session: &Session, customer: &str, view: &PlanView) -> Result<Scenario, Rejection> {
    let mut scenario = customer_scenario(session.scenario(), customer);
    let mut workspace = replay(&scenario).map_err(|(_, why)| why)?;
    let unknown = |reservation: &str| Rejection::UnknownReservation {
        customer: customer.to_string(),
        reservation: reservation.to_string(),
    };
    let customer_id = workspace
        .customer(customer)
        .map(|c| c.id.clone())
        .ok_or_else(|| Rejection::UnknownCustomer { customer: customer.to_string() })?;
    let mut current = view.reservations.clone();
    for step in &view.plan.best.steps {
        let reservation = current[step.exit].clone();
        // A planned day is inside a reservation's term, so inside the years a date may have.
        let date = Date::new(step.date).map_err(|_| unknown(reservation.as_str()))?;
        let dated = DatedCommand {
            date,
            actor: Actor::admin_agent(),
            command: Command::Refund { customer: customer_id.clone(), reservation, quantity: step.quantity },
        };
        if let Event::Canceled { successor: Some(next), .. } = &workspace.apply(&dated)?.event {
            current[step.exit] = Name::parse(next).map_err(|_| unknown(next))?;
        }
        scenario.commands.push(dated);
        scenario.today = Some(date);
    }
    if scenario.today.is_none_or(|last| last < session.today) {
        scenario.today = Some(session.today);
    }
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{PackId, Policy};
    use crate::formats::csv::{plan_schedule, Dialect};
    use crate::formats::plan_json::plan_text;
    use crate::formats::reproduce::refund_request;
    use crate::simulation::demo::demo_scenario;
    use crate::simulation::scenario::Replacement;
    use serde_json::Value;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn demo() -> Session {
        let today = Date::parse("2026-11-21").unwrap();
        let mut session = Session::new(today, Policy::pack(PackId::Azure2026));
        session.replace(demo_scenario(today), Replacement::Demo).unwrap();
        session
    }

    fn request(exits: &[(&str, u32)], from: &str, until: Option<&str>) -> PlanRequest {
        PlanRequest {
            exits: exits.iter().map(|(r, q)| (r.to_string(), *q)).collect(),
            from: day(from),
            until: until.map(day),
        }
    }

    /// The `reservoir plan` request for the same situation, made of the workspace's own
    /// reproducing requests.
    fn cli_request(s: &Session, customer: &str, exits: &[(&str, u32)], from: &str) -> Value {
        let w = s.workspace();
        let mut request = refund_request(w, customer, exits[0].0, exits[0].1, day(from)).unwrap();
        let others: Vec<Value> = exits[1..]
            .iter()
            .map(|(r, q)| refund_request(w, customer, r, *q, day(from)).unwrap()["reservations"][0].clone())
            .collect();
        let object = request.as_object_mut().unwrap();
        object["reservations"].as_array_mut().unwrap().extend(others);
        object.remove("refund");
        let exits: Vec<Value> =
            exits.iter().map(|(r, q)| serde_json::json!({ "reservation": r, "quantity": q })).collect();
        object.insert("plan".into(), serde_json::json!({ "exits": exits, "from": from }));
        request
    }

    /// Woodgrove's three units took more than 20,000 nodes to prove, when that was the budget
    /// whatever the number of reservations.
    #[test]
    fn a_few_units_of_the_demo_are_planned_and_proven_best() {
        let s = demo();
        for (customer, exits) in [
            ("woodgrove", vec![("woodgrove-vm-m", 1), ("woodgrove-sql", 2)]),
            ("contoso", vec![("contoso-vm-d4", 10), ("contoso-sql", 1)]),
        ] {
            let view = customer_plan(&s, customer, &request(&exits, "2026-11-21", None)).unwrap().unwrap();
            assert!(view.plan.proven_best, "{customer}'s plan is proven best");
        }
    }

    #[test]
    fn the_page_plans_what_reservoir_plan_prints_for_the_same_situation() {
        let s = demo();
        for (customer, exits) in [
            ("contoso", vec![("contoso-vm-d4", 10), ("contoso-sql", 1)]),
            ("woodgrove", vec![("woodgrove-vm-m", 1), ("woodgrove-sql", 1)]),
        ] {
            let view = customer_plan(&s, customer, &request(&exits, "2026-11-21", None)).unwrap().unwrap();
            let (text, _) = plan_text(&cli_request(&s, customer, &exits, "2026-11-21").to_string()).unwrap();
            let cli: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(cli["totalSavedUsd"]["amount"], view.plan.best.total_saved_usd.amount_string());
            assert_eq!(cli["steps"].as_array().unwrap().len(), view.plan.best.steps.len());
            for (step, written) in view.plan.best.steps.iter().zip(cli["steps"].as_array().unwrap()) {
                assert_eq!(written["date"], step.date.to_string());
                assert_eq!(written["reservation"], view.reservations[step.exit].as_str());
                assert_eq!(written["savedUsd"]["amount"], step.saved_usd.amount_string());
            }
            let more = &cli["strategies"]["firstDateThenWhole"]["planSavesMoreUsd"]["amount"];
            assert_eq!(more, &view.more_than_first_date.amount_string());
            let more = &cli["strategies"]["eachWholeEarliest"]["planSavesMoreUsd"]["amount"];
            assert_eq!(more, &view.more_than_whole_earliest.amount_string());
        }
    }

    #[test]
    fn a_bad_request_is_refused_by_what_is_wrong_never_planned() {
        let s = demo();
        let plan =
            |exits: &[(&str, u32)], from, until| customer_plan(&s, "contoso", &request(exits, from, until));
        assert_eq!(
            plan(&[("contoso-sql", 99)], "2026-11-21", None).unwrap().unwrap_err(),
            PlanRefusal::Plan(PlanError::InvalidQuantity { exit: 0, requested: 99, held: 1 })
        );
        assert_eq!(
            plan(&[], "2026-11-21", None).unwrap().unwrap_err(),
            PlanRefusal::Plan(PlanError::NoExits)
        );
        assert_eq!(
            plan(&[("contoso-sql", 1)], "2026-12-01", Some("2026-11-30")).unwrap().unwrap_err(),
            PlanRefusal::Plan(PlanError::LastBeforeFirst {
                from: day("2026-12-01"),
                until: day("2026-11-30")
            })
        );
        assert_eq!(
            plan(&[("contoso-sql", 1)], "2026-11-20", None).unwrap().unwrap_err(),
            PlanRefusal::FirstBeforeToday { today: day("2026-11-21") }
        );
        assert_eq!(
            plan(&[("contoso-sql", 1), ("fabrikam-vm", 1)], "2026-11-21", None).unwrap().unwrap_err(),
            PlanRefusal::UnknownReservation { exit: 1 }
        );
        // Another customer's user is told nothing.
        let mut megan = demo();
        megan.actor = Actor::Customer {
            customer: Name::parse("contoso").unwrap(),
            user: Name::parse("megan").unwrap(),
        };
        assert!(
            customer_plan(&megan, "contoso", &request(&[("contoso-sql", 1)], "2026-11-21", None)).is_none()
        );
        assert!(plan_choices(&megan, "contoso").is_empty());
    }

    #[test]
    fn the_choices_are_the_reservations_holding_units_with_how_many() {
        let s = demo();
        let choices = plan_choices(&s, "contoso");
        let c = s.workspace().customer("contoso").unwrap();
        assert_eq!(choices.len(), c.open_reservations().count());
        for choice in &choices {
            assert_eq!(choice.held, c.reservation(&choice.reservation).unwrap().quantity);
        }
    }

    #[test]
    fn the_exported_scenario_replays_the_plans_refunds_step_by_step() {
        let s = demo();
        for (customer, exits) in [
            ("contoso", vec![("contoso-vm-d4", 10), ("contoso-sql", 1), ("contoso-vm-b2", 1)]),
            // Woodgrove near its limit: the two SQL units go on two days, the second naming the
            // successor the first partial refund left.
            ("woodgrove", vec![("woodgrove-vm-m", 1), ("woodgrove-sql", 2)]),
        ] {
            let view = customer_plan(&s, customer, &request(&exits, "2026-11-21", None)).unwrap().unwrap();
            assert!(!view.plan.best.steps.is_empty());
            if customer == "woodgrove" {
                let sql_days = view.plan.best.steps.iter().filter(|s| s.exit == 1).count();
                assert_eq!(sql_days, 2, "{:?}", view.plan.best.steps);
            }
            let scenario = plan_scenario(&s, customer, &view).unwrap();
            // Through the file, as `reservoir simulate` and the import read it.
            let text = crate::formats::transfer::export_scenario(&scenario, scenario.today.unwrap());
            let read = crate::formats::simulation::parse_scenario(&text, &mut Vec::new()).unwrap();
            let replayed = replay(&read).unwrap();
            let refunds: Vec<(NaiveDate, Money, Money)> = replayed
                .activity_log
                .iter()
                .filter_map(|e| match &e.event {
                    Event::Canceled { refund, counted, .. } if e.customer.as_deref() == Some(customer) => {
                        Some((e.date, *refund, *counted))
                    }
                    _ => None,
                })
                .collect();
            let planned: Vec<(NaiveDate, Money, Money)> = view
                .plan
                .best
                .steps
                .iter()
                .map(|s| {
                    let priced = s.quote.priced.as_ref().unwrap();
                    (s.date, priced.partner.refund, priced.canceled_commitment_usd)
                })
                .collect();
            assert_eq!(refunds[refunds.len() - planned.len()..], planned[..], "{customer}");
            assert_eq!(read.today.map(|d| d.get()), view.plan.best.steps.last().map(|s| s.date));
        }
    }

    #[test]
    fn the_schedule_csv_has_a_row_a_step_and_the_total() {
        let s = demo();
        let exits = [("woodgrove-vm-m", 1), ("woodgrove-sql", 1)];
        let view = customer_plan(&s, "woodgrove", &request(&exits, "2026-11-21", None)).unwrap().unwrap();
        let text = plan_schedule(&view.plan.best, &view.reservations, Dialect::Comma);
        let rows: Vec<Vec<&str>> =
            text.trim_end().split("\r\n").map(|row| row.split(',').collect()).collect();
        assert_eq!(rows[0][0], "date");
        assert_eq!(rows.len(), view.plan.best.steps.len() + 2);
        for (row, step) in rows[1..].iter().zip(&view.plan.best.steps) {
            assert_eq!(row[0], step.date.to_string());
            assert_eq!(row[1], view.reservations[step.exit].as_str());
            assert_eq!(row[7], step.saved_usd.amount_string());
        }
        let total = rows.last().unwrap();
        assert_eq!((total[0], total[7]), ("total", view.plan.best.total_saved_usd.amount_string().as_str()));
    }

    #[test]
    fn the_timeline_with_the_plan_rises_by_each_steps_count() {
        let s = demo();
        let exits = [("contoso-vm-d4", 10), ("contoso-sql", 1)];
        let view = customer_plan(&s, "contoso", &request(&exits, "2026-11-21", None)).unwrap().unwrap();
        let first = &view.plan.best.steps[0];
        let at = |points: &[crate::simulation::timeline::Point], on: NaiveDate| {
            points.iter().rfind(|p| p.date <= on).map(|p| p.value).unwrap()
        };
        let counted: Money = view
            .plan
            .best
            .steps
            .iter()
            .filter(|s| s.date == first.date)
            .map(|s| s.quote.priced.as_ref().unwrap().canceled_commitment_usd)
            .fold(Currency::USD.zero(), |a, b| a.plus(b));
        assert_eq!(
            at(&view.timeline.with_plan, first.date),
            at(&view.timeline.consumed, first.date).plus(counted)
        );
    }
}
