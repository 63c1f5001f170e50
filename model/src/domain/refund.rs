//! The refund arithmetic of policy.md §3, in one place.
//!
//! For `q` units returned out of `Q`, with unit price `p` (the whole term for Upfront, one payment
//! for Monthly) and basis `b` (the lower of `p` and today's price, or `p`, per the policy):
//!
//! | amount                    | Upfront                         | Monthly (`n` payments)                  |
//! |---------------------------|---------------------------------|-----------------------------------------|
//! | refund before fee         | `b × q × remaining / term days` | `b × q × cycle remaining / cycle days`  |
//! | inside full-refund window | `p × q`                         | `p × q` (the current payment)           |
//! | remaining commitment      | 0                               | `p × q × (n − completed)`               |
//! | total paid (all `Q`)      | `p × Q`                         | `p × Q × completed`                     |
//! | kept by Microsoft         | total paid − refund             | total paid − refund                     |
//!
//! fee = fee% × refund before fee (past the fee-free days); refund = refund before fee − fee.
//! Each amount is rounded where a multiplication or division first produces it, and never again.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::breakdown::{Breakdown, Item, Op, PriceChoice, PriceUsed, UsdOf};
use crate::domain::calendar::PaymentCycle;
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::Side;
use crate::domain::policy::{CapCounts, Policy, PriceBasis, Provenance};
use crate::domain::reservation::{BillingPlan, Reservation};

/// Why a return is computed: a cancellation may carry a fee, an exchange never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A refund (cancellation).
    Refund,
    /// The return side of an exchange.
    Exchange,
}

/// Which rule priced the return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundRule {
    /// Inside the full-refund window: the whole price back.
    FullRefundWindow,
    /// Pro-rated by the days left (of the term, or of the current payment cycle).
    ProRated,
}

/// Why a return cannot be priced at all: the checks that come before the arithmetic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum ReturnError {
    /// Zero units, or more units than the reservation holds.
    InvalidRefundQuantity {
        /// Units asked for.
        requested: u32,
        /// Units held.
        held: u32,
    },
    /// The date is outside the reservation's term, or it is already closed.
    ReservationNotActive {
        /// The first day of the term.
        purchase_date: NaiveDate,
        /// The day after the term's last day.
        term_end: NaiveDate,
        /// The date asked about.
        today: NaiveDate,
    },
}

/// One side of a return (Microsoft to the partner, or the partner to the customer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnAmounts {
    /// The unit price these amounts start from.
    pub unit_price: Decimal,
    /// The basis price used for pro-rating (`b`).
    pub basis_unit_price: Decimal,
    /// Before any fee.
    pub refund_before_fee: Money,
    /// The early termination fee (zero when none).
    pub fee: Money,
    /// The refund.
    pub refund: Money,
    /// Future payments canceled (zero for Upfront).
    pub remaining_commitment: Money,
    /// Paid so far for all units of the reservation.
    pub total_paid: Money,
    /// Kept by Microsoft: total paid − refund.
    pub prorated_amount: Money,
}

/// The priced return of `quantity` units of one reservation on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnQuote {
    /// The reservation.
    pub reservation_id: String,
    /// Units returned.
    pub quantity: u32,
    /// Units held before the return.
    pub held: u32,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// Payments made so far (1 for Upfront).
    pub completed_transactions: u32,
    /// Payments in the whole term (1 for Upfront).
    pub total_transactions: u32,
    /// Days from purchase to the return date.
    pub days_held: i64,
    /// Days in the term.
    pub term_days: i64,
    /// Days from the return date to the term end, the return date included.
    pub remaining_days: i64,
    /// The current payment cycle (Monthly only).
    pub cycle: Option<CycleDays>,
    /// Which rule priced it.
    pub rule: RefundRule,
    /// Microsoft's side, at the partner's price.
    pub partner: ReturnAmounts,
    /// The partner's side toward the customer, at the customer's price: the partner's own when
    /// none is set, so what is owed to the customer is then what Microsoft refunds the partner.
    pub customer: ReturnAmounts,
    /// USD per unit of the billing currency.
    pub usd_per_unit: Decimal,
    /// The refund's USD side.
    pub refund_usd: Money,
    /// The remaining commitment's USD side.
    pub remaining_commitment_usd: Money,
    /// What this return adds to the refund-limit counter, per `counts`.
    pub canceled_commitment_usd: Money,
    /// What the counter counts.
    pub counts: CapCounts,
    /// The lines that explain every amount above (empty when valued by [`value_return`]).
    pub breakdown: Breakdown,
}

/// The current payment cycle's day counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CycleDays {
    /// Days in the cycle.
    pub cycle_days: i64,
    /// Days left in it, today included.
    pub cycle_remaining_days: i64,
}

impl ReturnAmounts {
    /// What cancelling saves on this side: the refund paid back plus the future payments that
    /// will no longer be made (the remaining commitment; zero for Upfront). In the billing currency.
    pub fn saves(&self) -> Money {
        self.refund.plus(self.remaining_commitment)
    }
}

impl ReturnQuote {
    /// The amounts of the side an actor sees (see [`crate::domain::partner::side`]). The
    /// customer's side is always priced: at the partner's price when no customer price is set.
    pub fn amounts(&self, side: Side) -> &ReturnAmounts {
        match side {
            Side::Customer => &self.customer,
            Side::Partner => &self.partner,
        }
    }

    /// The return's value in an exchange: refund plus remaining commitment.
    pub fn exchange_value(&self) -> Money {
        self.partner.saves()
    }
}

/// Prices the return of `quantity` units of `reservation` on `today`, with the breakdown that
/// explains every amount.
pub fn price_return(
    reservation: &Reservation,
    quantity: u32,
    today: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    purpose: Purpose,
) -> Result<ReturnQuote, ReturnError> {
    price(reservation, quantity, today, policy, rate, purpose, Explain::Yes)
}

/// The same amounts as [`price_return`], by the same code, without the breakdown (its
/// `breakdown` is empty): for valuing a whole portfolio at once, where thousands of explanations
/// nobody reads would cost more than the arithmetic.
pub fn value_return(
    reservation: &Reservation,
    quantity: u32,
    today: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    purpose: Purpose,
) -> Result<ReturnQuote, ReturnError> {
    price(reservation, quantity, today, policy, rate, purpose, Explain::No)
}

/// Whether a price comes with its breakdown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Explain {
    Yes,
    No,
}

fn price(
    reservation: &Reservation,
    quantity: u32,
    today: NaiveDate,
    policy: &Policy,
    rate: UsdRate,
    purpose: Purpose,
    explain: Explain,
) -> Result<ReturnQuote, ReturnError> {
    let held = reservation.quantity;
    if quantity == 0 || quantity > held {
        return Err(ReturnError::InvalidRefundQuantity { requested: quantity, held });
    }
    let dates = reservation.term_dates();
    if !reservation.is_active_on(today) {
        return Err(ReturnError::ReservationNotActive {
            purchase_date: dates.purchase_date,
            term_end: dates.term_end,
            today,
        });
    }

    let days_held = dates.days_held(today);
    let cycle = match reservation.billing_plan {
        BillingPlan::Upfront => None,
        BillingPlan::Monthly => Some(dates.payment_cycle(today).expect("active on today")),
    };
    let (completed, total) = match cycle {
        None => (1, 1),
        Some(c) => (c.completed, reservation.term.months()),
    };
    let full_refund = policy.full_refund_applies(days_held, reservation.used);
    let fee_percent = match purpose {
        Purpose::Refund if policy.charges_fee(days_held) && !full_refund => policy.fee_percent.get(),
        _ => Decimal::ZERO,
    };
    let shape = Shape {
        currency: reservation.currency,
        plan: reservation.billing_plan,
        quantity,
        held,
        completed,
        total,
        remaining_days: dates.remaining_days(today),
        term_days: dates.term_days(),
        days_held,
        cycle,
        // Where the rule comes from is looked up only when it applies: revaluing a portfolio asks
        // this thousands of times.
        full_refund: policy
            .full_refund_window_days
            .filter(|_| full_refund)
            .map(|d| (d.get(), policy.full_refund_provenance())),
        fee_percent,
        fee_free_days: policy.fee_free_days.get(),
    };

    let partner_basis = basis(reservation.unit_price, reservation.current_unit_price, policy.price_basis);
    let partner = shape.amounts(reservation.unit_price, partner_basis);
    // The customer's side follows the same rules at the customer's price; where today's price is
    // lower, the customer's basis is lowered in the same proportion. A customer with no price of
    // its own pays the partner's, and is owed what the partner gets back.
    let customer = match reservation.customer_unit_price {
        Some(price) => {
            let scaled_basis = if reservation.unit_price.is_zero() {
                price
            } else {
                price * partner_basis / reservation.unit_price
            };
            shape.amounts(price, scaled_basis.min(price))
        }
        None => partner.clone(),
    };

    let refund_usd = rate.to_usd(partner.refund);
    let remaining_commitment_usd = rate.to_usd(partner.remaining_commitment);
    let canceled_commitment_usd = match policy.cap_counts {
        CapCounts::CanceledCommitment => refund_usd.plus(remaining_commitment_usd),
        CapCounts::RefundOnly => refund_usd,
    };

    let breakdown = if explain == Explain::Yes {
        let price = PriceChoice {
            purchase: reservation.unit_price,
            current: reservation.current_unit_price,
            basis: policy.price_basis,
            used: if partner_basis < reservation.unit_price {
                PriceUsed::Current
            } else {
                PriceUsed::Purchase
            },
        };
        let mut breakdown = shape.breakdown(&partner, price);
        breakdown.push(
            Item::Usd { of: UsdOf::Refund, usd_per_unit: rate.usd_per_unit() },
            refund_usd,
            Op::Start,
        );
        if policy.cap_counts == CapCounts::CanceledCommitment {
            breakdown.push(
                Item::Usd { of: UsdOf::RemainingCommitment, usd_per_unit: rate.usd_per_unit() },
                remaining_commitment_usd,
                Op::Plus,
            );
        }
        breakdown.push(
            Item::CanceledCommitment { counts: policy.cap_counts },
            canceled_commitment_usd,
            Op::Equals,
        );
        // The partner's difference is worth a chain only when the customer has a price of its own.
        if reservation.customer_unit_price.is_some() {
            breakdown.push(
                Item::CustomerRefund { unit_price: customer.unit_price },
                customer.refund,
                Op::Start,
            );
            breakdown.push(Item::Refund, partner.refund, Op::Start);
            breakdown.push(
                Item::CustomerRefund { unit_price: customer.unit_price },
                customer.refund,
                Op::Minus,
            );
            breakdown.push(Item::PartnerDifference, partner.refund.minus(customer.refund), Op::Equals);
        }
        breakdown
    } else {
        Breakdown::new()
    };

    Ok(ReturnQuote {
        reservation_id: reservation.id.to_string(),
        quantity,
        held,
        billing_plan: reservation.billing_plan,
        completed_transactions: completed,
        total_transactions: total,
        days_held,
        term_days: shape.term_days,
        remaining_days: shape.remaining_days,
        cycle: cycle
            .map(|c| CycleDays { cycle_days: c.cycle_days, cycle_remaining_days: c.cycle_remaining_days }),
        rule: if full_refund { RefundRule::FullRefundWindow } else { RefundRule::ProRated },
        partner,
        customer,
        usd_per_unit: rate.usd_per_unit(),
        refund_usd,
        remaining_commitment_usd,
        canceled_commitment_usd,
        counts: policy.cap_counts,
        breakdown,
    })
}

/// The basis price `b` of policy.md §3.
fn basis(unit_price: Decimal, current_unit_price: Option<Decimal>, price_basis: PriceBasis) -> Decimal {
    match (price_basis, current_unit_price) {
        (PriceBasis::LowerOfPurchaseAndCurrent, Some(current)) => unit_price.min(current),
        _ => unit_price,
    }
}

/// Everything about a return except the prices, so that the partner's and the customer's sides
/// are computed by the very same code.
struct Shape {
    currency: Currency,
    plan: BillingPlan,
    quantity: u32,
    held: u32,
    completed: u32,
    total: u32,
    remaining_days: i64,
    term_days: i64,
    days_held: i64,
    cycle: Option<PaymentCycle>,
    /// `Some((window, where the rule comes from))` when the full-refund window applies.
    full_refund: Option<(u32, Provenance)>,
    fee_percent: Decimal,
    fee_free_days: u32,
}

impl Shape {
    fn amounts(&self, unit_price: Decimal, basis_unit_price: Decimal) -> ReturnAmounts {
        let round = |value: Decimal| self.currency.round(value);
        let q = Decimal::from(self.quantity);
        let refund_before_fee = match (self.full_refund, self.cycle) {
            (Some(_), _) => round(unit_price * q),
            (None, None) => round(
                basis_unit_price * q * Decimal::from(self.remaining_days) / Decimal::from(self.term_days),
            ),
            (None, Some(c)) => round(
                basis_unit_price * q * Decimal::from(c.cycle_remaining_days) / Decimal::from(c.cycle_days),
            ),
        };
        let fee = round(self.fee_percent * refund_before_fee.amount() / Decimal::ONE_HUNDRED);
        let refund = refund_before_fee.minus(fee);
        let remaining_commitment = match self.plan {
            BillingPlan::Upfront => self.currency.zero(),
            BillingPlan::Monthly => round(unit_price * q * Decimal::from(self.total - self.completed)),
        };
        let total_paid = round(unit_price * Decimal::from(self.held) * Decimal::from(self.completed));
        ReturnAmounts {
            unit_price,
            basis_unit_price,
            refund_before_fee,
            fee,
            refund,
            remaining_commitment,
            total_paid,
            prorated_amount: total_paid.minus(refund),
        }
    }

    fn breakdown(&self, a: &ReturnAmounts, price: PriceChoice) -> Breakdown {
        let mut b = Breakdown::new();
        let quantity = self.quantity;
        let first = match (self.full_refund, self.cycle) {
            (Some((window_days, provenance)), _) => Item::FullRefundWindow {
                unit_price: a.unit_price,
                quantity,
                days_held: self.days_held,
                window_days,
                provenance,
            },
            (None, None) => Item::ProRatedTerm {
                unit_price: a.basis_unit_price,
                quantity,
                remaining_days: self.remaining_days,
                term_days: self.term_days,
                price,
            },
            (None, Some(c)) => Item::ProRatedCycle {
                unit_price: a.basis_unit_price,
                quantity,
                cycle_remaining_days: c.cycle_remaining_days,
                cycle_days: c.cycle_days,
                price,
            },
        };
        b.push(first, a.refund_before_fee, Op::Start);
        if !self.fee_percent.is_zero() {
            b.push(
                Item::Fee {
                    percent: self.fee_percent,
                    days_held: self.days_held,
                    fee_free_days: self.fee_free_days,
                },
                a.fee,
                Op::Minus,
            );
        }
        b.push(Item::Refund, a.refund, Op::Equals);
        b.push(
            Item::TotalPaid { unit_price: a.unit_price, units: self.held, payments: self.completed },
            a.total_paid,
            Op::Start,
        );
        b.push(Item::Refund, a.refund, Op::Minus);
        b.push(Item::KeptByMicrosoft, a.prorated_amount, Op::Equals);
        if self.plan == BillingPlan::Monthly {
            b.push(
                Item::RemainingCommitment {
                    unit_price: a.unit_price,
                    quantity,
                    payments_left: self.total - self.completed,
                },
                a.remaining_commitment,
                Op::Start,
            );
        }
        b
    }
}
