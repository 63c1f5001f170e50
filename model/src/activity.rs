//! The activity log: one entry per applied command, saying what happened, when, and who did it.
//!
//! An entry keeps *what happened* as data (an [`Event`]), not as a sentence: the app writes it in
//! the reader's language, with amounts and dates as the locale writes them. The English sentence
//! ([`Event::details`]) is what the command line and the JSON of a workspace show.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::calendar::Term;
use crate::command::SubscriptionKind;
use crate::money::{Currency, Money};
use crate::partner::Actor;
use crate::reservation::{BillingPlan, ProductFamily, Scope};

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

    /// What changed, in an English sentence, amounts as the quote format writes them.
    pub fn details(&self) -> String {
        match self {
            Event::CustomerAdded { customer, name, currency } => {
                format!("Added customer {name} ({customer}), billed in {currency}.")
            }
            Event::CustomerRenamed { customer, old, new } => {
                format!("Renamed customer {customer} from {old} to {new}.")
            }
            Event::CustomerRemoved { customer, name, reservations } => {
                format!("Removed customer {name} ({customer}) with {reservations} reservation(s).")
            }
            Event::RateSet { currency, usd_per_unit } => format!("1 {currency} = {usd_per_unit} USD."),
            Event::PolicySet { policy } => format!("Policy {policy} in force."),
            Event::SubscriptionAdded { customer, subscription, kind } => {
                format!("Added subscription {subscription} ({}) to {customer}.", kind.name())
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
                "{reservation}: {} {quantity} × {sku} ({family} {} {}, {currency} {unit_price} per unit) on {purchase_date}{}.",
                if *recorded { "Recorded" } else { "Bought" },
                term.code(),
                billing_plan.name(),
                if *by_customer { " by the customer" } else { "" },
            ),
            Event::CurrentPriceSet { reservation, price } => {
                let price = price.map_or("unknown".to_string(), |p| p.to_string());
                format!("Current unit price of {reservation}: {price}.")
            }
            Event::UsageSet { reservation, used } => {
                format!("{reservation} marked {}.", if *used { "used" } else { "unused" })
            }
            Event::Canceled { reservation, quantity, refund, counted, successor } => format!(
                "Returned {quantity} unit(s) of {reservation}: refund {refund}, canceled commitment {counted} counted toward the limit.{}",
                successor.as_ref().map_or(String::new(), |id| format!(" The remaining units continue as {id}.")),
            ),
            Event::Exchanged { returned, refunds_total, bought, purchases_total, net_payable, final_exchange } => {
                format!(
                    "Returned {} for {refunds_total}; bought {} for {purchases_total}; net payable {net_payable}{}.",
                    returned.iter().map(|(units, id)| format!("{units} × {id}")).collect::<Vec<_>>().join(", "),
                    bought.join(", "),
                    if *final_exchange {
                        " (a final exchange: what it bought cannot be exchanged again)"
                    } else {
                        ""
                    },
                )
            }
            Event::ScopeChanged { reservation, old, new } => {
                format!("Scope of {reservation} changed from {old} to {new}.")
            }
            Event::Renewed { reservation, renewal, from } => {
                format!("{reservation} renews as {renewal} from {from}.")
            }
            Event::EarlierRefundRecorded { usd, refund_date } => {
                format!("Recorded a refund of USD {usd} made on {refund_date}.")
            }
            Event::LedgerEntryCorrected { entry, usd, note } => {
                format!("Canceled ledger entry {entry} (USD {usd}): {note}")
            }
        }
    }
}

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
