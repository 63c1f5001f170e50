//! Exchanges (policy.md §2.2 and §3): several returns and several purchases at once.
//!
//! `refundsTotal` = Σ (refund + remaining commitment) of what is returned; `purchasesTotal` = Σ
//! lifetime value of what is bought; `netPayable` = purchasesTotal − refundsTotal. An exchange
//! never charges a fee. Under the 2027 cut-off rules, a savings-plan service bought on or after the
//! cut-off cannot be exchanged, one bought before gets one final exchange, and what a final
//! exchange buys cannot be exchanged again.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::breakdown::{Breakdown, Item, Op};
use crate::domain::calendar::Term;
use crate::domain::ledger::RefundLedger;
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::policy::Policy;
use crate::domain::refund::{price_return, Purpose, ReturnError, ReturnQuote};
use crate::domain::reservation::{BillingPlan, Origin, ProductFamily, Reservation, Scope};
use crate::domain::values::{Amount, Name, Quantity};

/// A reservation to buy in an exchange (its term starts on the exchange date).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Purchase {
    /// The product family.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Name>,
    /// The SKU, when known (a basket line may not have one yet). Left out when unknown: an empty
    /// name written here would not read back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<Name>,
    /// The region, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Name>,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// Units.
    pub quantity: Quantity,
    /// The billing currency.
    pub currency: Currency,
    /// Price of one unit: the whole term for Upfront, one payment for Monthly.
    pub unit_price: Amount,
    /// Where the new reservation's discount applies (shared when not given).
    pub scope: Scope,
}

impl Purchase {
    /// Payments over the term: 1 for Upfront, 12 or 36 for Monthly.
    pub fn payments(&self) -> u32 {
        match self.billing_plan {
            BillingPlan::Upfront => 1,
            BillingPlan::Monthly => self.term.months(),
        }
    }

    /// The lifetime commitment: price × quantity × payments.
    pub fn lifetime_value(&self) -> Money {
        self.currency.round(
            self.unit_price.get() * Decimal::from(self.quantity.get()) * Decimal::from(self.payments()),
        )
    }
}

/// Why an exchange is refused. Listed, and reported, in this order of precedence: what is wrong
/// with one line comes before what is wrong with the exchange as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum ExchangeError {
    /// Nothing returned, or nothing bought.
    EmptyExchange {
        /// Lines returned.
        returns: usize,
        /// Lines bought.
        purchases: usize,
    },
    /// A returned line cannot be priced (bad quantity, or outside its term).
    InvalidReturn {
        /// The reservation.
        reservation: String,
        /// Why.
        error: ReturnError,
    },
    /// A family that cannot be exchanged (Red Hat, SUSE, pre-purchase plans).
    SelfServiceExchangeNotSupported {
        /// The reservation.
        reservation: String,
        /// Its family.
        family: ProductFamily,
    },
    /// Under the cut-off rules, a savings-plan service bought on or after the cut-off.
    ExchangeNotAllowedAfterCutoff {
        /// The reservation.
        reservation: String,
        /// When it was bought (or renewed).
        purchase_date: NaiveDate,
        /// The cut-off date.
        cutoff: NaiveDate,
    },
    /// Bought by a final exchange: it cannot be exchanged again.
    FinalExchangeAlreadyUsed {
        /// The reservation.
        reservation: String,
    },
    /// What is returned and what is bought are not all of one product family.
    ExchangeFamilyMismatch {
        /// The family of the first returned reservation.
        returned: ProductFamily,
        /// The first family that differs.
        other: ProductFamily,
    },
    /// What is bought is worth less than the remaining commitment returned.
    ExchangeValueTooLow {
        /// Σ refund + remaining commitment returned.
        refunds_total: Money,
        /// Σ lifetime value bought.
        purchases_total: Money,
        /// How much more must be bought.
        shortfall: Money,
    },
    /// Under a policy where exchanges count toward the refund limit, this one would exceed it.
    RefundLimitExceeded {
        /// Already counted in the window.
        consumed: Money,
        /// The limit.
        limit: Money,
        /// What this exchange would add.
        requested: Money,
        /// By how much it would exceed the limit.
        excess: Money,
    },
}

/// A line bought, with its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PurchaseLine {
    /// The purchase.
    pub purchase: Purchase,
    /// Its lifetime value.
    pub lifetime_value: Money,
}

/// A priced exchange. It carries every amount even when it is refused, so that a person sees by
/// how much it misses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExchangeQuote {
    /// The one billing currency of the exchange.
    pub currency: Currency,
    /// The priced returns (those that could be priced).
    pub returns: Vec<ReturnQuote>,
    /// What is bought.
    pub purchases: Vec<PurchaseLine>,
    /// Σ (refund + remaining commitment) returned.
    pub refunds_total: Money,
    /// Σ lifetime value bought.
    pub purchases_total: Money,
    /// purchasesTotal − refundsTotal.
    pub net_payable: Money,
    /// The returned value in USD (what would count toward the limit where exchanges count).
    pub refunds_total_usd: Money,
    /// Whether this exchange is a final exchange under the cut-off rules (what it buys can then
    /// not be exchanged again).
    pub final_exchange: bool,
    /// Refusals, in precedence order; empty when the exchange may go ahead.
    pub errors: Vec<ExchangeError>,
    /// The lines that explain the totals.
    pub breakdown: Breakdown,
}

impl ExchangeQuote {
    /// The origin the reservations bought by this exchange get.
    pub fn purchase_origin(&self) -> Origin {
        if self.final_exchange {
            Origin::FinalExchange
        } else {
            Origin::Exchange
        }
    }
}

/// The rules about one returned reservation on its own (its family, and the cut-off rules in force
/// from `cutoff`): its refusals, and whether returning it makes the exchange a final one.
fn return_rules(reservation: &Reservation, cutoff: Option<NaiveDate>) -> (Vec<ExchangeError>, bool) {
    let mut errors = Vec::new();
    let mut final_exchange = false;
    if !reservation.family.is_self_service_returnable() {
        errors.push(ExchangeError::SelfServiceExchangeNotSupported {
            reservation: reservation.id.to_string(),
            family: reservation.family.clone(),
        });
    }
    if let Some(cutoff) = cutoff {
        if reservation.family.savings_plan_covered(reservation.service.as_deref()) {
            if reservation.origin == Origin::FinalExchange {
                errors.push(ExchangeError::FinalExchangeAlreadyUsed {
                    reservation: reservation.id.to_string(),
                });
            } else if reservation.purchase_date >= cutoff {
                errors.push(ExchangeError::ExchangeNotAllowedAfterCutoff {
                    reservation: reservation.id.to_string(),
                    purchase_date: reservation.purchase_date,
                    cutoff,
                });
            } else {
                final_exchange = true;
            }
        }
    }
    (errors, final_exchange)
}

/// Whether `candidate` may be added to the returns of an exchange on `today` that already returns
/// `returned`: by the same rules [`quote_exchange`] applies to a returned reservation on its own,
/// and, where the policy keeps an exchange in one family, in the family of what is returned. (How
/// many units, and what is bought, the quote judges once they are typed.)
pub fn may_join_returns(
    candidate: &Reservation,
    returned: &[&Reservation],
    today: NaiveDate,
    policy: &Policy,
) -> bool {
    let (refusals, _) = return_rules(candidate, policy.cutoff_in_force(today));
    let same_family =
        !policy.exchange_same_family_only || returned.iter().all(|r| r.family == candidate.family);
    refusals.is_empty() && same_family && candidate.is_active_on(today)
}

/// Prices an exchange on `today`: every `(reservation, quantity)` returned, every purchase bought,
/// all in `currency` (the edge refuses a mix).
pub fn quote_exchange(
    returns: &[(&Reservation, u32)],
    purchases: &[Purchase],
    today: NaiveDate,
    policy: &Policy,
    currency: Currency,
    rate: UsdRate,
    ledger: &RefundLedger,
) -> ExchangeQuote {
    let mut errors = Vec::new();
    if returns.is_empty() || purchases.is_empty() {
        errors.push(ExchangeError::EmptyExchange { returns: returns.len(), purchases: purchases.len() });
    }

    let cutoff = policy.cutoff_in_force(today);
    let mut final_exchange = false;
    let mut priced = Vec::new();
    for (reservation, quantity) in returns {
        match price_return(reservation, *quantity, today, policy, rate, Purpose::Exchange) {
            Ok(quote) => priced.push(quote),
            Err(error) => {
                errors.push(ExchangeError::InvalidReturn { reservation: reservation.id.to_string(), error })
            }
        }
        let (refusals, last) = return_rules(reservation, cutoff);
        errors.extend(refusals);
        final_exchange |= last;
    }

    if policy.exchange_same_family_only {
        let mut families = returns.iter().map(|(r, _)| &r.family).chain(purchases.iter().map(|p| &p.family));
        if let Some(first) = families.next() {
            if let Some(other) = families.find(|f| *f != first) {
                errors.push(ExchangeError::ExchangeFamilyMismatch {
                    returned: first.clone(),
                    other: other.clone(),
                });
            }
        }
    }

    let mut breakdown = Breakdown::new();
    for (index, quote) in priced.iter().enumerate() {
        let op = if index == 0 { Op::Start } else { Op::Plus };
        breakdown.push(
            Item::ReturnValue { reservation: quote.reservation_id.clone(), quantity: quote.quantity },
            quote.exchange_value(),
            op,
        );
    }
    let refunds_total = Money::sum(currency, priced.iter().map(ReturnQuote::exchange_value));
    if !priced.is_empty() {
        breakdown.push(Item::RefundsTotal, refunds_total, Op::Equals);
    }

    let lines: Vec<PurchaseLine> = purchases
        .iter()
        .map(|p| PurchaseLine { purchase: p.clone(), lifetime_value: p.lifetime_value() })
        .collect();
    for (index, line) in lines.iter().enumerate() {
        let p = &line.purchase;
        breakdown.push(
            Item::PurchaseValue {
                sku: p.sku.as_ref().map_or_else(String::new, ToString::to_string),
                quantity: p.quantity.get(),
                payments: p.payments(),
                unit_price: p.unit_price.get(),
            },
            line.lifetime_value,
            if index == 0 { Op::Start } else { Op::Plus },
        );
    }
    let purchases_total = Money::sum(currency, lines.iter().map(|l| l.lifetime_value));
    if !lines.is_empty() {
        breakdown.push(Item::PurchasesTotal, purchases_total, Op::Equals);
    }

    let net_payable = purchases_total.minus(refunds_total);
    breakdown.push(Item::PurchasesTotal, purchases_total, Op::Start);
    breakdown.push(Item::RefundsTotal, refunds_total, Op::Minus);
    breakdown.push(Item::NetPayable, net_payable, Op::Equals);
    if policy.exchange_minimum_value && net_payable.is_negative() && !priced.is_empty() {
        errors.push(ExchangeError::ExchangeValueTooLow {
            refunds_total,
            purchases_total,
            shortfall: refunds_total.minus(purchases_total),
        });
    }

    let refunds_total_usd = Money::sum(Currency::USD, priced.iter().map(|q| rate.to_usd(q.exchange_value())));
    if policy.exchanges_count_toward_limit && !priced.is_empty() {
        let check = ledger.check(today, refunds_total_usd, policy);
        if !check.fits() {
            errors.push(ExchangeError::RefundLimitExceeded {
                consumed: check.consumed,
                limit: check.limit,
                requested: check.requested,
                excess: check.excess(),
            });
        }
    }

    ExchangeQuote {
        currency,
        refunds_total_usd,
        returns: priced,
        purchases: lines,
        refunds_total,
        purchases_total,
        net_payable,
        final_exchange,
        errors,
        breakdown,
    }
}
