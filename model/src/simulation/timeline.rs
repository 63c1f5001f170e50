//! Series over time, for the charts: a reservation's refund value over its remaining term, and a
//! customer's use of the refund limit, with what a planned refund would do to it.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::ledger::{comes_back_on, RefundLedger};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::Side;
use crate::domain::policy::Policy;
use crate::domain::refund::{price_return, Purpose};
use crate::domain::reservation::Reservation;

/// One point of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The day.
    pub date: NaiveDate,
    /// The value on that day.
    pub value: Money,
}

/// The refund of `quantity` units on each of about `samples` days from `from` to the term's last
/// day (always including both ends), in the billing currency, on the side an actor sees.
pub fn refund_value_curve(
    reservation: &Reservation,
    quantity: u32,
    from: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    samples: u32,
    side: Side,
) -> Vec<Point> {
    let dates = reservation.term_dates();
    let Some(last) = dates.term_end.checked_sub_days(Days::new(1)) else { return Vec::new() };
    let first = from.max(dates.purchase_date);
    if first > last {
        return Vec::new();
    }
    let span = (last - first).num_days().max(1) as u64;
    let step = span.div_ceil(u64::from(samples.max(1))).max(1);
    let mut points = Vec::new();
    let mut day = first;
    loop {
        if let Ok(quote) = price_return(reservation, quantity, day, policy, rate, Purpose::Refund) {
            points.push(Point { date: day, value: quote.amounts(side).refund });
        }
        if day == last {
            break;
        }
        day = day.checked_add_days(Days::new(step)).map_or(last, |next| next.min(last));
    }
    points
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
