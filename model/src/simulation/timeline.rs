//! Series over time, for the charts: what cancelling a reservation would save and count toward
//! the limit over its remaining term, against the limit left each day; and a customer's use of the
//! refund limit, with what a planned refund would do to it.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::ledger::{comes_back_on, RefundLedger};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::policy::Policy;
use crate::domain::refund::{price_return, Purpose, ReturnAmounts};
use crate::domain::reservation::Reservation;

/// One point of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The day.
    pub date: NaiveDate,
    /// The value on that day.
    pub value: Money,
}

/// What cancelling a reservation means on one day, all in USD so the series share one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CancelPoint {
    /// The day.
    pub date: NaiveDate,
    /// What cancelling saves the partner: its refund plus the future payments it no longer makes.
    pub partner_saves_usd: Money,
    /// What cancelling saves the customer, at its own price (the partner's when none is set).
    pub customer_saves_usd: Money,
    /// What cancelling counts toward the refund limit, per the policy's `cap_counts`.
    pub counted_usd: Money,
    /// The customer's limit left that day, from its ledger as things stand.
    pub limit_left_usd: Money,
}

/// What cancelling `quantity` units would save and count on each of about `samples` days from
/// `from` to the term's last day (both ends included), against the limit left that day; the days
/// on which counted money comes back are included too, so the limit's steps fall where they are.
/// Empty when the reservation cannot be refunded at all (a Red Hat plan, say).
pub fn cancel_value_curve(
    reservation: &Reservation,
    quantity: u32,
    from: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    ledger: &RefundLedger,
    samples: u32,
) -> Vec<CancelPoint> {
    if !reservation.family.is_self_service_returnable() {
        return Vec::new();
    }
    let dates = reservation.term_dates();
    let Some(last) = dates.term_end.checked_sub_days(Days::new(1)) else { return Vec::new() };
    let first = from.max(dates.purchase_date);
    if first > last {
        return Vec::new();
    }
    let span = (last - first).num_days().max(1) as u64;
    let step = span.div_ceil(u64::from(samples.max(1))).max(1);
    let window = policy.refund_window_days.get();
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut day = first;
    loop {
        days.push(day);
        if day == last {
            break;
        }
        day = day.checked_add_days(Days::new(step)).map_or(last, |next| next.min(last));
    }
    days.extend(
        ledger.entries().iter().map(|e| comes_back_on(e.date, window)).filter(|d| *d > first && *d <= last),
    );
    days.sort();
    days.dedup();
    let index = ledger.index(window);
    let limit = Currency::USD.round(policy.refund_limit_usd.get());
    days.into_iter()
        .filter_map(|date| {
            let quote = price_return(reservation, quantity, date, policy, rate, Purpose::Refund).ok()?;
            Some(CancelPoint {
                date,
                // Each side's USD amounts are rounded apart, then added, as the limit's are
                // (policy.md §3), so the partner's saving equals what counts under
                // `canceled_commitment` to the cent.
                partner_saves_usd: quote.refund_usd.plus(quote.remaining_commitment_usd),
                customer_saves_usd: usd_saves(rate, &quote.customer),
                counted_usd: quote.canceled_commitment_usd,
                limit_left_usd: limit.minus(index.consumed(date)),
            })
        })
        .collect()
}

/// A side's saving in USD: the USD side of its refund plus that of its canceled payments.
pub fn usd_saves(rate: UsdRate, side: &ReturnAmounts) -> Money {
    rate.to_usd(side.refund).plus(rate.to_usd(side.remaining_commitment))
}

/// The limit over time for one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitTimeline {
    /// Consumed on each day it changes, from `from` to the end of the horizon, as things stand.
    pub consumed: Vec<Point>,
    /// The same with the planned refund added on its date (empty when there is no plan).
    pub with_plan: Vec<Point>,
    /// The limit.
    pub limit: Money,
}

/// The customer's consumed limit on `from` and on each later day it changes within `horizon_days`,
/// with and without a planned refund of `planned` USD on `planned_on`.
pub fn limit_timeline(
    ledger: &RefundLedger,
    policy: &Policy,
    from: NaiveDate,
    horizon_days: u32,
    plan: Option<(NaiveDate, Money)>,
) -> LimitTimeline {
    let window = policy.refund_window_days.get();
    let end = from.checked_add_days(Days::new(u64::from(horizon_days))).unwrap_or(from);
    let series = |extra: Option<(NaiveDate, Money)>| {
        let mut changes: Vec<NaiveDate> = vec![from];
        for entry in ledger.entries() {
            changes.push(entry.date);
            changes.push(comes_back_on(entry.date, window));
        }
        if let Some((date, _)) = extra {
            changes.push(date);
            changes.push(comes_back_on(date, window));
        }
        changes.retain(|d| *d >= from && *d <= end);
        changes.sort();
        changes.dedup();
        changes
            .into_iter()
            .map(|date| {
                let mut value = ledger.consumed(date, window);
                if let Some((planned_on, usd)) = extra {
                    if planned_on <= date && comes_back_on(planned_on, window) > date {
                        value = value.plus(usd);
                    }
                }
                Point { date, value }
            })
            .collect::<Vec<_>>()
    };
    LimitTimeline {
        consumed: series(None),
        with_plan: plan.map(|p| series(Some(p))).unwrap_or_default(),
        limit: Currency::USD.round(policy.refund_limit_usd.get()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::{EntryReason, LedgerEntry};
    use crate::domain::policy::PackId;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_limit_timeline_steps_where_amounts_come_back() {
        let mut ledger = RefundLedger::new();
        ledger.record(LedgerEntry {
            date: date("2025-01-15"),
            usd: "2400".parse().unwrap(),
            reason: EntryReason::Earlier { note: String::new() },
        });
        let policy = Policy::pack(PackId::Azure2026);
        let planned = Currency::USD.round("1000".parse().unwrap());
        let t =
            limit_timeline(&ledger, &policy, date("2025-06-01"), 400, Some((date("2025-07-01"), planned)));
        let shown: Vec<_> =
            t.consumed.iter().map(|p| (p.date.to_string(), p.value.amount_string())).collect();
        assert_eq!(
            shown,
            [("2025-06-01".to_string(), "2400.00".to_string()), ("2026-01-15".into(), "0.00".into())]
        );
        let planned: Vec<_> =
            t.with_plan.iter().map(|p| (p.date.to_string(), p.value.amount_string())).collect();
        assert_eq!(
            planned,
            [
                ("2025-06-01".to_string(), "2400.00".to_string()),
                ("2025-07-01".into(), "3400.00".into()),
                ("2026-01-15".into(), "1000.00".into()),
                ("2026-07-01".into(), "0.00".into()),
            ]
        );
    }
}
