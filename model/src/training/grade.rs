//! Grading a learner's answer, and the mistake finder: the number each known mistake gives for the
//! exercise, made by the engine with that one thing done wrong. A mistake is named only when the
//! learner's number is that mistake's number and not the right answer.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};

use crate::domain::money::Money;
use crate::domain::order;
use crate::domain::refund::{price_return, Purpose, RefundRule};
use crate::domain::reservation::BillingPlan;
use crate::formats::quote_json;
use crate::formats::quote_request::{parse_quote_request, Action};
use crate::training::exercise::{answer_of, Answer, Ask, Exercise, Kind, Solution, ALLOWED};

/// A learner's answer, as data (the page reads amounts in the learner's own format first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// An amount.
    Amount(Decimal),
    /// A date, or "no date fits" (`None`).
    Date(Option<NaiveDate>),
    /// The options picked, by code.
    Codes(Vec<String>),
}

/// The known mistakes, in the order they are looked for (when two give the same number, the
/// first is named).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mistake {
    /// A term across a 29 February counted as 365 days (1,095 for three years).
    TermOf365Days,
    /// The 12% early termination fee of 2020 taken under today's policy.
    OldFee,
    /// The purchase price used where today's is lower.
    PurchasePriceNotLower,
    /// A monthly plan's remaining payments left out of what counts toward the limit.
    RemainingCommitmentForgotten,
    /// The day of the return not counted among the days left.
    ReturnDayNotCounted,
}

impl Mistake {
    /// Every mistake.
    pub const ALL: [Mistake; 5] = [
        Mistake::TermOf365Days,
        Mistake::OldFee,
        Mistake::PurchasePriceNotLower,
        Mistake::RemainingCommitmentForgotten,
        Mistake::ReturnDayNotCounted,
    ];

    /// The mistake as files write it.
    pub fn code(self) -> &'static str {
        match self {
            Mistake::TermOf365Days => "term_of_365_days",
            Mistake::OldFee => "old_fee",
            Mistake::PurchasePriceNotLower => "purchase_price_not_lower",
            Mistake::RemainingCommitmentForgotten => "remaining_commitment_forgotten",
            Mistake::ReturnDayNotCounted => "return_day_not_counted",
        }
    }

    /// The mistake a code names.
    pub fn from_code(code: &str) -> Option<Mistake> {
        Mistake::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// A graded answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    /// Right to the cent (or the day, or the choice).
    pub right: bool,
    /// The mistake the answer shows, when it shows a known one.
    pub mistake: Option<Mistake>,
}

/// Grades `given` against the engine's solution.
pub fn grade(exercise: &Exercise, solution: &Solution, given: &Given) -> Grade {
    let right = match (&solution.answer, given) {
        (Answer::Amount { amount, .. }, Given::Amount(g)) => amount == g,
        (Answer::Date(d), Given::Date(g)) => d == g,
        (Answer::Codes(codes), Given::Codes(picked)) if exercise.ask == Ask::Roles => {
            let mut a = codes.clone();
            let mut b = picked.clone();
            order::sort_by(&mut a, String::cmp);
            order::sort_by(&mut b, String::cmp);
            b.dedup();
            a == b
        }
        // One reason is asked for: any reason the quote gives is right, "allowed" only when none.
        (Answer::Codes(codes), Given::Codes(picked)) => match picked.as_slice() {
            [one] if one == ALLOWED => codes.is_empty(),
            [one] => codes.contains(one),
            _ => false,
        },
        _ => false,
    };
    let mistake = match given {
        Given::Amount(g) if !right => mistake_of(exercise, *g),
        _ => None,
    };
    Grade { right, mistake }
}

/// The mistake whose number a wrong amount is, if any.
pub fn mistake_of(exercise: &Exercise, given: Decimal) -> Option<Mistake> {
    mistakes(exercise).into_iter().find(|(_, number)| *number == given).map(|(m, _)| m)
}

/// Each known mistake that applies to an amount exercise, with the number it gives when it differs
/// from the right answer.
pub fn mistakes(exercise: &Exercise) -> Vec<(Mistake, Decimal)> {
    let Some(request) = exercise.request.as_ref() else { return Vec::new() };
    if exercise.ask.kind() != Kind::Amount {
        return Vec::new();
    }
    let Ok(solution) = exercise.solve() else { return Vec::new() };
    let Answer::Amount { amount: right, .. } = solution.answer else { return Vec::new() };
    let mut found = Vec::new();
    for mistake in Mistake::ALL {
        let number = match mistake {
            Mistake::TermOf365Days => pro_rated_wrongly(exercise, mistake),
            Mistake::ReturnDayNotCounted => pro_rated_wrongly(exercise, mistake),
            Mistake::OldFee => requote(exercise.ask, request, "fee_percent", json!("12")),
            Mistake::PurchasePriceNotLower => {
                requote(exercise.ask, request, "price_basis", json!("purchase"))
            }
            Mistake::RemainingCommitmentForgotten => match exercise.ask {
                Ask::CanceledCommitment => requote(exercise.ask, request, "cap_counts", json!("refund_only")),
                _ => None,
            },
        };
        if let Some(number) = number.filter(|n| *n != right) {
            found.push((mistake, number));
        }
    }
    found
}

/// The same ask, quoted by the engine under the request's policy with one parameter changed.
fn requote(ask: Ask, request: &Value, key: &str, value: Value) -> Option<Decimal> {
    let mut changed = request.clone();
    let policy = match &request["policy"] {
        Value::String(name) => json!({ "base": name }),
        other => other.clone(),
    };
    changed["policy"] = policy;
    changed["policy"][key] = value;
    let parsed = parse_quote_request(&changed.to_string()).ok()?;
    let quote = serde_json::to_value(quote_json::quote(&parsed)).ok()?;
    match answer_of(ask, &quote).0 {
        Answer::Amount { amount, .. } => Some(amount),
        _ => None,
    }
}

/// A pro-rated refund with the term counted as 365 days a year, or the return day left out: the
/// engine's own pro-rating (`price_return`), with one count changed. Only for the refund itself.
fn pro_rated_wrongly(exercise: &Exercise, mistake: Mistake) -> Option<Decimal> {
    if exercise.ask != Ask::Refund {
        return None;
    }
    let request = exercise.parsed_request()?.ok()?;
    let Action::Refund { reservation, quantity } = request.action else { return None };
    let r = &request.reservations[reservation];
    let rate = request.rate(r.currency);
    let priced = price_return(r, quantity, request.today, &request.policy, rate, Purpose::Refund).ok()?;
    if priced.rule != RefundRule::ProRated {
        return None;
    }
    let (left, days) = match (mistake, r.billing_plan, priced.cycle) {
        (Mistake::TermOf365Days, BillingPlan::Upfront, _) => {
            (priced.remaining_days, 365 * i64::from(r.term.months() / 12))
        }
        (Mistake::ReturnDayNotCounted, BillingPlan::Upfront, _) => {
            (priced.remaining_days - 1, priced.term_days)
        }
        (Mistake::ReturnDayNotCounted, BillingPlan::Monthly, Some(c)) => {
            (c.cycle_remaining_days - 1, c.cycle_days)
        }
        _ => return None,
    };
    let a = &priced.partner;
    let before: Money = r
        .currency
        .round(a.basis_unit_price * Decimal::from(quantity) * Decimal::from(left) / Decimal::from(days));
    // The fee at the policy's percentage, where the quote charged one.
    let percent = if a.fee.amount().is_zero() { Decimal::ZERO } else { request.policy.fee_percent.get() };
    let fee = r.currency.round(percent * before.amount() / Decimal::ONE_HUNDRED);
    Some(before.minus(fee).amount())
}

/// An answer's amount as a learner types it in their language's writing (`-1,234.50`,
/// `−1 234,50 USD`): the form's own reader, `Amount::parse_written`, after an optional leading
/// minus, since an exchange's `netPayable` is negative when the customer gets money back and a
/// stored amount never is.
pub fn written_answer(
    text: &str,
    writing: crate::domain::values::NumberWriting,
    currency: &str,
) -> Result<Decimal, crate::domain::values::ValueError> {
    let typed = text.trim();
    let (negative, rest) = match typed.strip_prefix('-').or_else(|| typed.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest),
        None => (false, typed),
    };
    let amount = crate::domain::values::Amount::parse_written(rest, writing, Some(currency))?.get();
    Ok(if negative { -amount } else { amount })
}

#[cfg(test)]
mod written_answer_tests {
    use super::*;
    use crate::domain::values::{NumberWriting, ValueError};

    const EN: NumberWriting = NumberWriting { decimal_mark: '.', group_marks: &[','] };
    const FR: NumberWriting = NumberWriting { decimal_mark: ',', group_marks: &['\u{a0}', '\u{202f}', ' '] };

    #[test]
    fn reads_amounts_as_each_language_writes_them_with_a_sign() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(written_answer("1,234.50", EN, "USD"), Ok(d("1234.50")));
        assert_eq!(written_answer("-1,234.50", EN, "USD"), Ok(d("-1234.50")));
        assert_eq!(written_answer("\u{2212}1 234,50 USD", FR, "USD"), Ok(d("-1234.50")));
        assert_eq!(written_answer("USD 12.3", EN, "USD"), Ok(d("12.3")));
    }

    #[test]
    fn refuses_what_is_not_an_amount_in_that_language() {
        assert!(matches!(written_answer("12,5", EN, "USD"), Err(ValueError::NotAnAmount { .. })));
        assert!(matches!(written_answer("1.5", FR, "USD"), Err(ValueError::NotAnAmount { .. })));
        assert!(written_answer("abc", EN, "USD").is_err());
        assert!(written_answer("--5", EN, "USD").is_err());
        assert!(written_answer("", EN, "USD").is_err());
    }
}
