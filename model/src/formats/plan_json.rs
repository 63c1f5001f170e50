//! The plan of `docs/quote-format.md` (`reservoir.plan/1`, issue 15): a quote request with `plan`
//! in place of `refund`/`exchange`, answered with the schedule that saves the most, the two
//! simple strategies beside it and the units that never fit. Amounts are shaped as in the quote.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::money::Money;
use crate::formats::input::{InputError, Problem};
use crate::formats::quote_request::{parse_quote_request, Action, QuoteRequest};
use crate::simulation::plan::{plan, Exit, NeverFitsReason, Schedule};

/// The plan format this writer produces.
pub const PLAN_FORMAT: &str = "reservoir.plan/1";

/// One dated cancellation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepJson {
    date: NaiveDate,
    reservation: String,
    quantity: u32,
    /// The refund, in the billing currency (after any fee), as the quote's `billingRefundAmount`.
    billing_refund_amount: Money,
    /// Future payments canceled, in the billing currency.
    billing_currency_remaining_commitment_amount: Money,
    /// What the step adds to the limit counter.
    canceled_commitment_usd: Money,
    /// What the step saves: refund + canceled future payments, in USD.
    saved_usd: Money,
    /// The limit counter on the step's day, before it.
    consumed_refunds_total: Money,
}

/// A schedule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleJson {
    steps: Vec<StepJson>,
    total_saved_usd: Money,
}

/// A simple strategy, with how much less it saves than the plan.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyJson {
    #[serde(flatten)]
    schedule: ScheduleJson,
    /// The plan's total minus this strategy's (never negative).
    plan_saves_more_usd: Money,
}

/// The two simple strategies.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategiesJson {
    first_date_then_whole: StrategyJson,
    each_whole_earliest: StrategyJson,
}

/// Units left out, and why.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NeverFitsJson {
    reservation: String,
    quantity: u32,
    reason: NeverFitsReason,
}

/// The whole answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanJson {
    format: &'static str,
    policy: &'static str,
    from: NaiveDate,
    until: NaiveDate,
    steps: Vec<StepJson>,
    total_saved_usd: Money,
    strategies: StrategiesJson,
    never_fits: Vec<NeverFitsJson>,
    /// True when the search covered every schedule (always, but for very large requests).
    proven_best: bool,
    /// No schedule saves more: `totalSavedUsd` when proven best, else the search's upper bound.
    most_possible_usd: Money,
}

fn schedule_json(schedule: &Schedule, ids: &[String]) -> ScheduleJson {
    ScheduleJson {
        steps: schedule
            .steps
            .iter()
            .map(|s| {
                let priced = s.quote.priced.as_ref().expect("a planned step is priced");
                StepJson {
                    date: s.date,
                    reservation: ids[s.exit].clone(),
                    quantity: s.quantity,
                    billing_refund_amount: priced.partner.refund,
                    billing_currency_remaining_commitment_amount: priced.partner.remaining_commitment,
                    canceled_commitment_usd: priced.canceled_commitment_usd,
                    saved_usd: s.saved_usd,
                    consumed_refunds_total: s.quote.limit.consumed,
                }
            })
            .collect(),
        total_saved_usd: schedule.total_saved_usd,
    }
}

/// The plan a validated request with `plan` asks for (`None` for a refund or exchange request).
pub fn plan_json(request: &QuoteRequest) -> Option<PlanJson> {
    let Action::Plan { exits, from, until } = &request.action else { return None };
    let exits: Vec<Exit> = exits
        .iter()
        .map(|(at, quantity)| {
            let reservation = &request.reservations[*at];
            Exit { reservation, quantity: *quantity, rate: request.rate(reservation.currency) }
        })
        .collect();
    let ids: Vec<String> = exits.iter().map(|e| e.reservation.id.to_string()).collect();
    // The request's reader has refused what the planner would (no units, too many, dates).
    let planned = plan(&exits, *from, *until, &request.policy, &request.ledger).ok()?;
    let best = schedule_json(&planned.best, &ids);
    let strategy = |s: &Schedule| StrategyJson {
        schedule: schedule_json(s, &ids),
        plan_saves_more_usd: planned.best.total_saved_usd.minus(s.total_saved_usd),
    };
    Some(PlanJson {
        format: PLAN_FORMAT,
        policy: request.policy.name(),
        from: planned.from,
        until: planned.until,
        steps: best.steps,
        total_saved_usd: best.total_saved_usd,
        strategies: StrategiesJson {
            first_date_then_whole: strategy(&planned.first_date_then_whole),
            each_whole_earliest: strategy(&planned.each_whole_earliest),
        },
        never_fits: planned
            .never_fits
            .iter()
            .map(|n| NeverFitsJson {
                reservation: ids[n.exit].clone(),
                quantity: n.quantity,
                reason: n.reason,
            })
            .collect(),
        proven_best: planned.proven_best,
        most_possible_usd: planned.most_possible_usd,
    })
}

/// Reads a request and prints its plan: the whole of `reservoir plan` but the I/O. A request
/// without `plan` is refused, naming the field.
pub fn plan_text(request_text: &str) -> Result<(String, Vec<String>), InputError> {
    let request = parse_quote_request(request_text)?;
    let json = plan_json(&request).ok_or_else(|| InputError::new("plan", Problem::Missing))?;
    Ok((serde_json::to_string_pretty(&json).expect("plans always serialize"), request.ignored_fields))
}
