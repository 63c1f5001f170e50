//! The activity log: one entry per applied command, saying what happened, when, and who did it.
//!
//! An entry keeps *what happened* as data (an [`Event`]), not as a sentence: the app writes it in
//! the reader's language (`src/i18n.rs`), with amounts and dates as the locale writes them; the
//! command line writes its plain English (`formats::plain::event`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::calendar::Term;
use crate::domain::money::{Currency, Money};
use crate::domain::partner::{Actor, SubscriptionKind};
use crate::domain::policy::PackId;
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::Name;

/// One line of the activity log: what happened, when, and who did it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActivityEntry {
    /// The simulated day.
    pub date: NaiveDate,
    /// Who.
    pub actor: Actor,
    /// The customer concerned, if one.
    pub customer: Option<Name>,
    /// What happened.
    pub event: Event,
}

/// What an applied command did, with the facts a reader needs (the amounts a refund moved, the
/// IDs an exchange created), so the sentence can be written in any language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    CustomerAdded {
        customer: String,
        name: String,
        currency: Currency,
    },
    CustomerRenamed {
        customer: String,
        old: String,
        new: String,
    },
    CustomerRemoved {
        customer: String,
        name: String,
        reservations: usize,
    },
    RateSet {
        currency: Currency,
        usd_per_unit: Decimal,
    },
    PolicySet {
        /// The pack it starts from.
        base: PackId,
        /// Whether a parameter differs from the pack.
        customized: bool,
    },
    SubscriptionAdded {
        customer: String,
        subscription: String,
        kind: SubscriptionKind,
    },
    UserAdded {
        customer: String,
        user: String,
    },
    OwnerAssigned {
        user: String,
        subscription: String,
    },
    OwnerRemoved {
        user: String,
        subscription: String,
    },
    PurchasePermissionSet {
        customer: String,
        allowed: bool,
    },
    /// A purchase: bought today, or recorded with an earlier purchase date.
    Bought {
        reservation: Name,
        recorded: bool,
        quantity: u32,
        sku: Name,
        family: ProductFamily,
        term: Term,
        billing_plan: BillingPlan,
        currency: Currency,
        unit_price: Decimal,
        purchase_date: NaiveDate,
        by_customer: bool,
    },
    CurrentPriceSet {
        reservation: String,
        currency: Currency,
        price: Option<Decimal>,
    },
    UsageSet {
        reservation: String,
        used: bool,
    },
    /// A refund: what the partner gets back, and what it counted toward the limit.
    Canceled {
        reservation: String,
        quantity: u32,
        refund: Money,
        counted: Money,
        successor: Option<String>,
    },
    Exchanged {
        /// (units, reservation) returned.
        returned: Vec<(u32, String)>,
        refunds_total: Money,
        bought: Vec<String>,
        purchases_total: Money,
        net_payable: Money,
        final_exchange: bool,
    },
    ScopeChanged {
        reservation: String,
        old: Scope,
        new: Scope,
    },
    Renewed {
        reservation: String,
        renewal: String,
        from: NaiveDate,
    },
    EarlierRefundRecorded {
        usd: Decimal,
        refund_date: NaiveDate,
    },
    LedgerEntryCorrected {
        entry: usize,
        usd: Decimal,
        note: String,
    },
}

impl Event {
    /// Whether its details hold a figure of the partner's side (its buy price, today's price from
    /// Microsoft, Microsoft's refund, the refund limit), which only the partner sees
    /// ([`crate::domain::partner::Fact`]). Every event is named, so a new one must be decided.
    pub fn holds_partner_figures(&self) -> bool {
        match self {
            Event::Bought { .. }
            | Event::CurrentPriceSet { .. }
            | Event::Canceled { .. }
            | Event::Exchanged { .. }
            | Event::EarlierRefundRecorded { .. }
            | Event::LedgerEntryCorrected { .. } => true,
            Event::RateSet { .. }
            | Event::PolicySet { .. }
            | Event::CustomerAdded { .. }
            | Event::CustomerRenamed { .. }
            | Event::CustomerRemoved { .. }
            | Event::SubscriptionAdded { .. }
            | Event::UserAdded { .. }
            | Event::OwnerAssigned { .. }
            | Event::OwnerRemoved { .. }
            | Event::PurchasePermissionSet { .. }
            | Event::UsageSet { .. }
            | Event::ScopeChanged { .. }
            | Event::Renewed { .. } => false,
        }
    }
}
