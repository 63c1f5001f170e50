//! A refund quote: the priced return, checked against the customer's refund limit.
//!
//! Policy errors, in precedence order (the first ones stop the arithmetic, the last ones do not,
//! so a refused refund still shows its numbers):
//! 1. `InvalidRefundQuantity`: zero units, or more than held.
//! 2. `ReservationNotActive`: the date is outside the term, or the reservation is closed.
//! 3. `SelfServiceRefundNotSupported`: a family that cannot be refunded.
//! 4. `RefundLimitExceeded`: consumed + this refund's canceled commitment > limit.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::breakdown::{Breakdown, Item, Op};
use crate::domain::ledger::{LimitCheck, RefundLedger};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::policy::Policy;
use crate::domain::refund::{price_return, Purpose, ReturnError, ReturnQuote};
use crate::domain::reservation::{ProductFamily, Reservation};

/// Why a refund is refused, with the numbers a person needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum RefundError {
    /// Zero units, or more units than held.
    InvalidRefundQuantity {
        /// Units asked for.
        requested: u32,
        /// Units held.
        held: u32,
    },
    /// The date is outside the reservation's term, or it is closed.
    ReservationNotActive {
        /// The first day of the term.
        purchase_date: NaiveDate,
        /// The day after its last day.
        term_end: NaiveDate,
        /// The date asked about.
        today: NaiveDate,
    },
    /// Red Hat and SUSE software plans and pre-purchase plans cannot be refunded.
    SelfServiceRefundNotSupported {
        /// The family.
        family: ProductFamily,
    },
    /// The refund would push the customer's canceled commitment over the limit.
    RefundLimitExceeded {
        /// Already counted in the window.
        consumed: Money,
        /// The limit.
        limit: Money,
        /// What this refund would add.
        requested: Money,
        /// By how much it would exceed the limit.
        excess: Money,
        /// The first later date on which it would fit as things stand (`None`: not within the term).
        earliest_fit: Option<NaiveDate>,
        /// When counted money next comes back before that date, why it is still not enough then:
        /// a person who sees "next money back" beside "it would fit" later needs the numbers.
        on_next_money_back: Option<StillOver>,
    },
}

/// A day on which money comes back into the pool, and the refund still would not fit: what is
/// left of the limit that day is below what the refund would count that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StillOver {
    /// The day counted money comes back.
    pub date: NaiveDate,
    /// The limit left on that day, as things stand.
    pub left: Money,
    /// What the same refund would count toward the limit on that day.
    pub requested: Money,
}

impl RefundError {
    /// The code, as the quote format writes it.
    pub fn code(&self) -> &'static str {
        match self {
            RefundError::InvalidRefundQuantity { .. } => "InvalidRefundQuantity",
            RefundError::ReservationNotActive { .. } => "ReservationNotActive",
            RefundError::SelfServiceRefundNotSupported { .. } => "SelfServiceRefundNotSupported",
            RefundError::RefundLimitExceeded { .. } => "RefundLimitExceeded",
        }
    }
}

impl From<ReturnError> for RefundError {
    fn from(error: ReturnError) -> RefundError {
        match error {
            ReturnError::InvalidRefundQuantity { requested, held } => {
                RefundError::InvalidRefundQuantity { requested, held }
            }
            ReturnError::ReservationNotActive { purchase_date, term_end, today } => {
                RefundError::ReservationNotActive { purchase_date, term_end, today }
            }
        }
    }
}

/// A refund quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefundQuote {
    /// The priced return (`None` when an error stopped the arithmetic).
    pub priced: Option<ReturnQuote>,
    /// The limit as it stands with this refund.
    pub limit: LimitCheck,
    /// Refusals, in precedence order; empty when the refund may go ahead.
    pub errors: Vec<RefundError>,
    /// Return lines, then the limit's lines.
    pub breakdown: Breakdown,
}

impl RefundQuote {
    /// True when the refund may go ahead.
    pub fn is_allowed(&self) -> bool {
        self.errors.is_empty()
    }

    /// The earliest date on which a refused refund fits, when the limit is what refuses it.
    pub fn earliest_fit(&self) -> Option<NaiveDate> {
        self.errors.iter().find_map(|e| match e {
            RefundError::RefundLimitExceeded { earliest_fit, .. } => *earliest_fit,
            _ => None,
        })
    }
}

/// Quotes the refund of `quantity` units of `reservation` on `today`, for a customer whose refund
/// ledger is `ledger`.
pub fn quote_refund(
    reservation: &Reservation,
    quantity: u32,
    today: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    ledger: &RefundLedger,
) -> RefundQuote {
    let mut errors = Vec::new();
    let priced = match price_return(reservation, quantity, today, policy, rate, Purpose::Refund) {
        Ok(priced) => Some(priced),
        Err(error) => {
            errors.push(RefundError::from(error));
            None
        }
    };
    if !reservation.family.is_self_service_returnable() {
        errors.push(RefundError::SelfServiceRefundNotSupported { family: reservation.family.clone() });
    }
    let requested = priced.as_ref().map_or(Currency::USD.zero(), |p| p.canceled_commitment_usd);
    let limit = ledger.check(today, requested, policy);
    if priced.is_some() && !limit.fits() {
        // A date is offered only for a refund the limit alone refuses: one that can never be made
        // (a Red Hat plan, say) has no date on which it would fit.
        let refusable_later = errors.is_empty();
        let last_day = reservation.term_dates().term_end.checked_sub_days(Days::new(1)).unwrap_or(today);
        let earliest_fit = refusable_later
            .then(|| {
                ledger.earliest_fit(today, last_day, policy, |date| {
                    price_return(reservation, quantity, date, policy, rate, Purpose::Refund)
                        .ok()
                        .map(|p| p.canceled_commitment_usd)
                })
            })
            .flatten();
        // The next day money comes back, when it comes before the refund fits: the numbers of
        // that day say why waiting for it alone is not enough.
        let window = policy.refund_window_days.get();
        let on_next_money_back = ledger
            .comes_back(today, window)
            .first()
            .map(|back| back.date)
            .filter(|date| refusable_later && *date <= last_day && earliest_fit.is_none_or(|fit| *date < fit))
            .and_then(|date| {
                let requested = price_return(reservation, quantity, date, policy, rate, Purpose::Refund)
                    .ok()?
                    .canceled_commitment_usd;
                let check = ledger.check(date, requested, policy);
                Some(StillOver { date, left: check.limit.minus(check.consumed), requested })
            });
        errors.push(RefundError::RefundLimitExceeded {
            consumed: limit.consumed,
            limit: limit.limit,
            requested,
            excess: limit.excess(),
            earliest_fit,
            on_next_money_back,
        });
    }

    let mut breakdown = priced.as_ref().map(|p| p.breakdown.clone()).unwrap_or_default();
    breakdown.push(
        Item::ConsumedBefore { window_days: policy.refund_window_days.get() },
        limit.consumed,
        Op::Start,
    );
    breakdown.push(Item::CanceledCommitment { counts: policy.cap_counts }, requested, Op::Plus);
    let consumed_after = limit.consumed.plus(requested);
    breakdown.push(Item::ConsumedAfter, consumed_after, Op::Equals);
    breakdown.push(Item::RefundLimit, limit.limit, Op::Start);
    breakdown.push(Item::ConsumedAfter, consumed_after, Op::Minus);
    breakdown.push(Item::LimitLeftAfter, limit.left_after, Op::Equals);

    RefundQuote { priced, limit, errors, breakdown }
}
