//! The lines a person reads to follow a quote's arithmetic.
//!
//! A breakdown is a list of chains: a `Start` line, then `Plus` and `Minus` lines, then an
//! `Equals` line whose amount is exactly the running sum. [`Breakdown::check`] verifies that, so
//! "every breakdown adds up to the cent" is a property the tests can state, not a hope.
//! Each line names what it is ([`Item`]) with the numbers behind it; its English label is made
//! from those, and the interface translates the same `Item` into other languages.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::money::Money;
use crate::domain::policy::{CapCounts, PriceBasis, Provenance};

/// How a line takes part in its chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Starts a chain: the running sum becomes this amount.
    Start,
    /// Adds to the running sum.
    Plus,
    /// Subtracts from the running sum.
    Minus,
    /// Ends a chain: this amount equals the running sum.
    Equals,
}

/// What a breakdown line is, with the numbers that made its amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    /// Returned inside the full-refund window: the whole price of the units back. `provenance`
    /// says whether the rule is documented or only observed, which every label must say.
    FullRefundWindow {
        unit_price: Decimal,
        quantity: u32,
        days_held: i64,
        window_days: u32,
        provenance: Provenance,
    },
    /// Upfront: the basis price pro-rated by the days left in the term.
    ProRatedTerm {
        unit_price: Decimal,
        quantity: u32,
        remaining_days: i64,
        term_days: i64,
        price: PriceChoice,
    },
    /// Monthly: the current payment pro-rated by the days left in its cycle.
    ProRatedCycle {
        unit_price: Decimal,
        quantity: u32,
        cycle_remaining_days: i64,
        cycle_days: i64,
        price: PriceChoice,
    },
    /// The early termination fee.
    Fee { percent: Decimal, days_held: i64, fee_free_days: u32 },
    /// What Microsoft refunds the partner.
    Refund,
    /// What the customer has paid so far for all units of the reservation.
    TotalPaid { unit_price: Decimal, units: u32, payments: u32 },
    /// What Microsoft keeps of what was paid (the API's "prorated amount").
    KeptByMicrosoft,
    /// Future monthly payments that the return cancels.
    RemainingCommitment { unit_price: Decimal, quantity: u32, payments_left: u32 },
    /// An amount's USD side, at a rate.
    Usd { of: UsdOf, usd_per_unit: Decimal },
    /// What this return adds to the refund-limit counter.
    CanceledCommitment { counts: CapCounts },
    /// The customer's canceled commitment already counted in the window.
    ConsumedBefore { window_days: u32 },
    /// The counter after this return.
    ConsumedAfter,
    /// The refund limit.
    RefundLimit,
    /// What is left of the limit after this return (negative: by how much it is exceeded).
    LimitLeftAfter,
    /// What the partner owes the customer, at the customer's price.
    CustomerRefund { unit_price: Decimal },
    /// What the partner keeps: Microsoft's refund less what it owes the customer.
    PartnerDifference,
    /// One returned reservation's value in an exchange (its refund plus remaining commitment).
    ReturnValue { reservation: String, quantity: u32 },
    /// Sum of the returned values.
    RefundsTotal,
    /// One purchase's lifetime value in an exchange.
    PurchaseValue { sku: String, quantity: u32, payments: u32, unit_price: Decimal },
    /// Sum of the purchases' lifetime values.
    PurchasesTotal,
    /// What the customer pays on top (negative: the value rule is broken).
    NetPayable,
}

/// The unit price a pro-rated line used, and the prices the policy's rule chose it from: so the
/// line can say "at the current price 2,000, lower than the purchase price 2,400".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PriceChoice {
    /// The purchase unit price.
    pub purchase: Decimal,
    /// Today's unit price, when one is set.
    pub current: Option<Decimal>,
    /// The policy's rule (lower of the two, or the purchase price).
    pub basis: PriceBasis,
    /// Which of the two the line used.
    pub used: PriceUsed,
}

/// Which price a pro-rated line used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceUsed {
    /// The purchase price.
    Purchase,
    /// Today's price, lower than the purchase price.
    Current,
}

/// Which amount a [`Item::Usd`] line converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsdOf {
    /// The refund.
    Refund,
    /// The remaining commitment.
    RemainingCommitment,
    /// An exchange's returned value.
    ReturnValue,
}

/// One line: what it is, its amount, and its part in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// What the line is.
    #[serde(flatten)]
    pub item: Item,
    /// Its amount.
    pub amount: Money,
    /// Its part in the chain.
    pub op: Op,
}

/// A quote's breakdown: chains of lines that add up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Breakdown {
    lines: Vec<Line>,
}

impl Breakdown {
    /// An empty breakdown.
    pub fn new() -> Breakdown {
        Breakdown::default()
    }

    /// Appends a line.
    pub fn push(&mut self, item: Item, amount: Money, op: Op) {
        self.lines.push(Line { item, amount, op });
    }

    /// Appends every line of another breakdown.
    pub fn extend(&mut self, other: Breakdown) {
        self.lines.extend(other.lines);
    }

    /// The lines, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Checks that every chain adds up to the cent and stays in one currency; the error names the
    /// first line that does not.
    pub fn check(&self) -> Result<(), String> {
        // The running sum, and whether a Plus or Minus has been applied since the chain started
        // (a chain that has moved must end in an Equals; a lone Start is a fact on its own).
        let mut running: Option<(Money, bool)> = None;
        for (index, line) in self.lines.iter().enumerate() {
            let problem = |what: &str| format!("line {index} ({:?}): {what}", line.item);
            match (line.op, running) {
                (Op::Start, Some((_, true))) => {
                    return Err(problem("starts a chain before the last one has a total"))
                }
                (Op::Start, _) => running = Some((line.amount, false)),
                (_, None) => return Err(problem("is outside a chain")),
                (_, Some((sum, _))) if sum.currency() != line.amount.currency() => {
                    return Err(problem("changes currency inside a chain"))
                }
                (Op::Plus, Some((sum, _))) => running = Some((sum.plus(line.amount), true)),
                (Op::Minus, Some((sum, _))) => running = Some((sum.minus(line.amount), true)),
                (Op::Equals, Some((sum, _))) => {
                    if sum != line.amount {
                        return Err(problem(&format!("says {} but its chain sums to {sum}", line.amount)));
                    }
                    running = None;
                }
            }
        }
        match running {
            Some((_, true)) => Err("the last chain has no total".into()),
            _ => Ok(()),
        }
    }
}
