//! The activity log: one entry per applied command, saying what happened, when, and who did it.
//!
//! An entry keeps *what happened* as data (an [`Event`]), not as a sentence: the app writes it in
//! the reader's language, with amounts and dates as the locale writes them. The English sentence
//! ([`Event::details`]) is what the command line and the JSON of a workspace show.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::domain::calendar::Term;
use crate::domain::money::{Currency, Money};
use crate::domain::partner::{Actor, SubscriptionKind};
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};

/// One line of the activity log: what happened, when, and who did it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActivityEntry {
    /// The simulated day.
    pub date: NaiveDate,
    /// Who.
    pub actor: Actor,
    /// The customer concerned, if one.
    pub customer: Option<String>,
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
        policy: &'static str,
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
        reservation: String,
        recorded: bool,
        quantity: u32,
        sku: String,
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
    /// The operation's name in the log (for the permission switch, Partner Center's own:
    /// `Create Customer Purchase Permissions` / `Delete Customer Purchase Permissions`).
    pub fn operation(&self) -> &'static str {
        match self {
            Event::CustomerAdded { .. } => "Add customer",
            Event::CustomerRenamed { .. } => "Rename customer",
            Event::CustomerRemoved { .. } => "Remove customer",
            Event::RateSet { .. } => "Set exchange rate",
            Event::PolicySet { .. } => "Set policy",
            Event::SubscriptionAdded { .. } => "Add subscription",
            Event::UserAdded { .. } => "Add user",
            Event::OwnerAssigned { .. } => "Assign Owner role",
            Event::OwnerRemoved { .. } => "Remove Owner role",
            Event::PurchasePermissionSet { allowed: true, .. } => "Create Customer Purchase Permissions",
            Event::PurchasePermissionSet { allowed: false, .. } => "Delete Customer Purchase Permissions",
            Event::Bought { .. } => "Purchase reservation",
            Event::CurrentPriceSet { .. } => "Set current price",
            Event::UsageSet { .. } => "Set usage",
            Event::Canceled { .. } => "Cancel reservation",
            Event::Exchanged { .. } => "Exchange reservations",
            Event::ScopeChanged { .. } => "Change scope",
            Event::Renewed { .. } => "Renew reservation",
            Event::EarlierRefundRecorded { .. } => "Record earlier refund",
            Event::LedgerEntryCorrected { .. } => "Correct ledger entry",
        }
    }

    /// What changed, in an English sentence, values written as the quote format writes them
    /// (`USD 1234.50`, `2027-03-01`): the command line's and the workspace JSON's.
    pub fn details(&self) -> String {
        self.sentence(&Plain)
    }

    /// What changed, in an English sentence, values written in `style`.
    pub fn sentence(&self, style: &dyn Style) -> String {
        let units = |n: u32| if n == 1 { "1 unit".to_string() } else { format!("{n} units") };
        match self {
            Event::CustomerAdded { customer, name, currency } => {
                format!("Added customer {name} ({customer}), billed in {}.", currency.code())
            }
            Event::CustomerRenamed { customer, old, new } => {
                format!("Renamed customer {customer} from {old} to {new}.")
            }
            Event::CustomerRemoved { customer, name, reservations } => match reservations {
                1 => format!("Removed customer {name} ({customer}) with 1 reservation."),
                n => format!("Removed customer {name} ({customer}) with {n} reservations."),
            },
            Event::RateSet { currency, usd_per_unit } => {
                format!("1 {} = {}.", currency.code(), style.price(Currency::USD, *usd_per_unit))
            }
            Event::PolicySet { policy } => format!("Policy {policy} in force."),
            Event::SubscriptionAdded { customer, subscription, kind } => {
                format!(
                    "Added subscription {subscription} ({}) to {customer}.",
                    style.subscription_kind(*kind)
                )
            }
            Event::UserAdded { customer, user } => format!("Added user {user} to {customer}."),
            Event::OwnerAssigned { user, subscription } => format!("{user} is now Owner on {subscription}."),
            Event::OwnerRemoved { user, subscription } => {
                format!("{user} is no longer Owner on {subscription}.")
            }
            Event::PurchasePermissionSet { customer, allowed: true } => {
                format!("Allowed customer {customer} to purchase Azure reservations.")
            }
            Event::PurchasePermissionSet { customer, allowed: false } => {
                format!("Stopped customer {customer} from purchasing Azure reservations.")
            }
            Event::Bought {
                reservation,
                recorded,
                quantity,
                sku,
                family,
                term,
                billing_plan,
                currency,
                unit_price,
                purchase_date,
                by_customer,
            } => format!(
                "{reservation}: {} {quantity} × {sku} ({}, {}, {}) on {}{}, {} per unit.",
                if *recorded { "recorded" } else { "bought" },
                style.family(family),
                style.term(*term),
                style.plan(*billing_plan),
                style.date(*purchase_date),
                if *by_customer { " by the customer" } else { "" },
                style.price(*currency, *unit_price),
            ),
            Event::CurrentPriceSet { reservation, currency, price: Some(price) } => {
                format!("Today's unit price of {reservation} set to {}.", style.price(*currency, *price))
            }
            Event::CurrentPriceSet { reservation, price: None, .. } => {
                format!("Today's unit price of {reservation} cleared: refunds use the purchase price.")
            }
            Event::UsageSet { reservation, used: true } => format!("{reservation} marked used."),
            Event::UsageSet { reservation, used: false } => format!("{reservation} marked unused."),
            Event::Canceled { reservation, quantity, refund, counted, successor } => format!(
                "Returned {} of {reservation}: refund {}; {} counted toward the limit.{}",
                units(*quantity),
                style.money(*refund),
                style.money(*counted),
                successor
                    .as_ref()
                    .map_or(String::new(), |id| format!(" The remaining units continue as {id}.")),
            ),
            Event::Exchanged {
                returned,
                refunds_total,
                bought,
                purchases_total,
                net_payable,
                final_exchange,
            } => {
                format!(
                    "Returned {} for {}; bought {} for {}; net payable {}.{}",
                    returned
                        .iter()
                        .map(|(n, id)| format!("{} of {id}", units(*n)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    style.money(*refunds_total),
                    bought.join(", "),
                    style.money(*purchases_total),
                    style.money(*net_payable),
                    if *final_exchange {
                        " A final exchange: what it bought cannot be exchanged again."
                    } else {
                        ""
                    },
                )
            }
            Event::ScopeChanged { reservation, old, new } => {
                format!("Scope of {reservation} changed from {} to {}.", style.scope(old), style.scope(new))
            }
            Event::Renewed { reservation, renewal, from } => {
                format!("{reservation} renews as {renewal} from {}.", style.date(*from))
            }
            Event::EarlierRefundRecorded { usd, refund_date } => format!(
                "Recorded a refund of {} made on {}.",
                style.price(Currency::USD, *usd),
                style.date(*refund_date)
            ),
            Event::LedgerEntryCorrected { entry, usd, note } => {
                format!("Canceled ledger entry #{entry} ({}): {note}", style.price(Currency::USD, *usd))
            }
        }
    }
}

/// How a sentence writes its values. The defaults are the quote format's (`USD 1234.50`,
/// `2027-03-01`, `P3Y`); the app overrides them with the reader's locale.
pub trait Style {
    /// An amount rounded to its currency.
    fn money(&self, money: Money) -> String {
        money.to_string()
    }
    /// An amount as written, with its currency (a unit price, a rate).
    fn price(&self, currency: Currency, amount: Decimal) -> String {
        format!("{} {amount}", currency.code())
    }
    /// A day.
    fn date(&self, date: NaiveDate) -> String {
        date.to_string()
    }
    /// A reservation's scope.
    fn scope(&self, scope: &Scope) -> String {
        scope.to_string()
    }
    /// A product family.
    fn family(&self, family: &ProductFamily) -> String {
        family.to_string()
    }
    /// A term.
    fn term(&self, term: Term) -> String {
        term.code().to_string()
    }
    /// A billing plan.
    fn plan(&self, plan: BillingPlan) -> String {
        plan.name().to_string()
    }
    /// A subscription's kind.
    fn subscription_kind(&self, kind: SubscriptionKind) -> String {
        kind.name().to_string()
    }
}

/// The quote format's way of writing values.
pub struct Plain;

impl Style for Plain {}

/// An entry serializes as it reads in the log: the operation's name and the sentence.
impl Serialize for ActivityEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entry = serializer.serialize_struct("ActivityEntry", 5)?;
        entry.serialize_field("date", &self.date)?;
        entry.serialize_field("actor", &self.actor)?;
        entry.serialize_field("customer", &self.customer)?;
        entry.serialize_field("operation", self.event.operation())?;
        entry.serialize_field("details", &self.event.details())?;
        entry.end()
    }
}
