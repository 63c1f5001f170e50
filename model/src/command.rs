//! The one closed set of things that change a workspace, and the one set of reasons a change is
//! refused. Every command is dated and has an actor; [`crate::workspace::Workspace::apply`] applies
//! it all-or-nothing.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::calendar::Term;
use crate::exchange::{ExchangeError, Purchase};
use crate::money::Currency;
use crate::partner::{ActionKind, Actor};
use crate::policy::Policy;
use crate::quote::RefundError;
use crate::quote_json::exchange_error_message;
use crate::reservation::{BillingPlan, ProductFamily, Scope};

/// A command with its date and its actor: one step of a simulation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatedCommand {
    /// The simulated day it happens on. Days never go backwards within a workspace.
    pub date: NaiveDate,
    /// Who does it (an Admin agent when not given).
    pub actor: Actor,
    /// What.
    #[serde(flatten)]
    pub command: Command,
}

/// The kind of an Azure subscription the partner bought for a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SubscriptionKind {
    /// An Azure plan subscription.
    #[serde(rename = "Azure plan")]
    AzurePlan,
    /// An Azure Global (usage-based) subscription.
    #[serde(rename = "Azure Global")]
    AzureGlobal,
    /// Any other kind: it does not qualify for the customer's purchase permission.
    #[serde(rename = "Other")]
    Other,
}

impl SubscriptionKind {
    /// The kind's name as Partner Center writes it (and scenarios spell it).
    pub fn name(self) -> &'static str {
        match self {
            SubscriptionKind::AzurePlan => "Azure plan",
            SubscriptionKind::AzureGlobal => "Azure Global",
            SubscriptionKind::Other => "Other",
        }
    }
}

/// A reservation to buy (or, with a past `purchase_date`, one bought before that the partner
/// records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewReservation {
    /// The reservation ID (made up when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The order ID (made up when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The product family.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The SKU.
    pub sku: String,
    /// The region.
    pub region: String,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// Units.
    pub quantity: u32,
    /// The partner's price of one unit (whole term Upfront, one payment Monthly), in the
    /// customer's billing currency.
    pub unit_price: Decimal,
    /// Today's price of one unit, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_unit_price: Option<Decimal>,
    /// The customer's price of one unit, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_unit_price: Option<Decimal>,
    /// Where the discount applies.
    pub scope: Scope,
    /// The purchase date when recording an earlier purchase (on or before the command's date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purchase_date: Option<NaiveDate>,
    /// Whether it has been used.
    pub used: bool,
}

/// One line returned in an exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnLine {
    /// The reservation.
    pub reservation: String,
    /// Units.
    pub quantity: u32,
}

/// Everything that changes a workspace.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Adds a customer billed in `currency`.
    AddCustomer {
        /// Its ID.
        customer: String,
        /// Its name.
        name: String,
        /// Its billing currency.
        currency: Currency,
    },
    /// Renames a customer.
    RenameCustomer {
        /// The customer.
        customer: String,
        /// The new name.
        name: String,
    },
    /// Removes a customer and everything it holds.
    RemoveCustomer {
        /// The customer.
        customer: String,
    },
    /// Sets the USD rate of a billing currency.
    SetRate {
        /// The currency.
        currency: Currency,
        /// USD per one unit of it.
        usd_per_unit: Decimal,
    },
    /// Puts a policy in force.
    SetPolicy {
        /// The policy.
        #[serde(serialize_with = "crate::policy::serialize_as_written")]
        policy: Policy,
    },
    /// Records a subscription the customer has.
    AddSubscription {
        /// The customer.
        customer: String,
        /// The subscription ID.
        subscription: String,
        /// Its kind.
        kind: SubscriptionKind,
        /// Whether the partner bought it (only those qualify for the purchase permission).
        bought_by_partner: bool,
    },
    /// Records a user of the customer's tenant.
    AddUser {
        /// The customer.
        customer: String,
        /// The user.
        user: String,
    },
    /// Gives a user the Owner role on a subscription.
    AssignOwner {
        /// The customer.
        customer: String,
        /// The user.
        user: String,
        /// The subscription.
        subscription: String,
    },
    /// Takes the Owner role on a subscription away from a user.
    RemoveOwner {
        /// The customer.
        customer: String,
        /// The user.
        user: String,
        /// The subscription.
        subscription: String,
    },
    /// Turns "Allow customer to purchase" on or off.
    SetPurchasePermission {
        /// The customer.
        customer: String,
        /// On or off.
        allowed: bool,
    },
    /// Buys (or records) a reservation for the customer.
    Buy {
        /// The customer.
        customer: String,
        /// What.
        reservation: Box<NewReservation>,
    },
    /// Records today's price of a reservation's unit (`None`: unknown).
    SetCurrentPrice {
        /// The customer.
        customer: String,
        /// The reservation.
        reservation: String,
        /// The price.
        current_unit_price: Option<Decimal>,
    },
    /// Records whether a reservation has been used.
    SetUsed {
        /// The customer.
        customer: String,
        /// The reservation.
        reservation: String,
        /// Used or not.
        used: bool,
    },
    /// Cancels units for a refund.
    Refund {
        /// The customer.
        customer: String,
        /// The reservation.
        reservation: String,
        /// Units.
        quantity: u32,
    },
    /// Exchanges units for new reservations.
    Exchange {
        /// The customer.
        customer: String,
        /// What is returned.
        returns: Vec<ReturnLine>,
        /// What is bought.
        purchases: Vec<Purchase>,
    },
    /// Changes where a reservation's discount applies.
    ChangeScope {
        /// The customer.
        customer: String,
        /// The reservation.
        reservation: String,
        /// The new scope.
        scope: Scope,
    },
    /// Renews a reservation: a new purchase of the same, starting when the term ends.
    Renew {
        /// The customer.
        customer: String,
        /// The reservation.
        reservation: String,
    },
    /// Records a refund made before the workspace knew the customer.
    RecordEarlierRefund {
        /// The customer.
        customer: String,
        /// The day of the refund (on or before the command's date).
        refund_date: NaiveDate,
        /// Its canceled commitment in USD.
        usd: Decimal,
        /// A note.
        note: String,
    },
    /// Cancels a ledger entry that was wrong, by appending its opposite with the reason.
    CorrectLedgerEntry {
        /// The customer.
        customer: String,
        /// The entry's position in the ledger.
        entry: usize,
        /// Why.
        note: String,
    },
}

impl Command {
    /// The kind of action, for the role rules.
    pub fn kind(&self) -> ActionKind {
        match self {
            Command::AssignOwner { .. } | Command::RemoveOwner { .. } => ActionKind::AssignOwner,
            Command::SetPurchasePermission { .. } => ActionKind::SetPurchasePermission,
            Command::Buy { .. } => ActionKind::Buy,
            Command::Refund { .. } => ActionKind::Cancel,
            Command::Exchange { .. } => ActionKind::Exchange,
            Command::Renew { .. } => ActionKind::Renew,
            Command::ChangeScope { .. } => ActionKind::ChangeScope,
            _ => ActionKind::ManageWorkspace,
        }
    }

    /// The customer the command concerns, if one.
    pub fn customer(&self) -> Option<&str> {
        match self {
            Command::SetRate { .. } | Command::SetPolicy { .. } => None,
            Command::AddCustomer { customer, .. }
            | Command::RenameCustomer { customer, .. }
            | Command::RemoveCustomer { customer }
            | Command::AddSubscription { customer, .. }
            | Command::AddUser { customer, .. }
            | Command::AssignOwner { customer, .. }
            | Command::RemoveOwner { customer, .. }
            | Command::SetPurchasePermission { customer, .. }
            | Command::Buy { customer, .. }
            | Command::SetCurrentPrice { customer, .. }
            | Command::SetUsed { customer, .. }
            | Command::Refund { customer, .. }
            | Command::Exchange { customer, .. }
            | Command::ChangeScope { customer, .. }
            | Command::Renew { customer, .. }
            | Command::RecordEarlierRefund { customer, .. }
            | Command::CorrectLedgerEntry { customer, .. } => Some(customer),
        }
    }
}

/// Why a command is refused. Checked, and reported, in this order of precedence: the date, then
/// who acts, then what the command names, then the rules of the action itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum Rejection {
    /// The command is dated before the last one applied: simulated time only moves forward.
    DateOutOfOrder {
        /// The command's date.
        date: NaiveDate,
        /// The last applied command's date.
        last_date: NaiveDate,
    },
    /// The actor may not take this action.
    NotAllowed {
        /// Who.
        actor: String,
        /// What.
        action: ActionKind,
        /// Why, in a sentence that names the role and the action.
        reason: String,
    },
    /// No customer with this ID.
    UnknownCustomer {
        /// The ID.
        customer: String,
    },
    /// No reservation with this ID for the customer.
    UnknownReservation {
        /// The customer.
        customer: String,
        /// The ID.
        reservation: String,
    },
    /// No subscription with this ID for the customer.
    UnknownSubscription {
        /// The customer.
        customer: String,
        /// The ID.
        subscription: String,
    },
    /// No user with this name for the customer.
    UnknownUser {
        /// The customer.
        customer: String,
        /// The user.
        user: String,
    },
    /// Something with this ID already exists.
    AlreadyExists {
        /// What kind of thing.
        what: &'static str,
        /// The ID.
        id: String,
    },
    /// A limit of `limits.rs` would be passed.
    TooMany {
        /// What.
        what: &'static str,
        /// The limit.
        max: usize,
    },
    /// A value the command carries cannot be used here.
    Invalid {
        /// The field.
        field: &'static str,
        /// What was expected and found.
        message: String,
    },
    /// The command would change nothing.
    NothingToChange {
        /// Why.
        message: String,
    },
    /// The purchase permission cannot be turned on: no Azure plan or Azure Global subscription
    /// bought by the partner.
    PurchasePermissionPrerequisite {
        /// The customer.
        customer: String,
    },
    /// The customer tried to buy with the purchase permission off.
    PurchasePermissionOff {
        /// The customer.
        customer: String,
    },
    /// The customer's user does not hold the Owner role the purchase needs.
    NotOwner {
        /// The customer.
        customer: String,
        /// The user.
        user: String,
    },
    /// The refund is refused by policy.
    RefundRefused {
        /// The reasons, in precedence order.
        errors: Vec<RefundError>,
    },
    /// The exchange is refused by policy.
    ExchangeRefused {
        /// The reasons, in precedence order.
        errors: Vec<ExchangeError>,
    },
    /// The reservation cannot be renewed.
    NotRenewable {
        /// The reservation.
        reservation: String,
        /// Why.
        reason: String,
    },
}

impl Rejection {
    /// A message a person can act on.
    pub fn message(&self) -> String {
        match self {
            Rejection::DateOutOfOrder { date, last_date } => format!(
                "This action is dated {date}, before the last one ({last_date}): simulated time only moves forward."
            ),
            Rejection::NotAllowed { reason, .. } => reason.clone(),
            Rejection::UnknownCustomer { customer } => format!("There is no customer {customer:?}."),
            Rejection::UnknownReservation { customer, reservation } => {
                format!("Customer {customer} has no reservation {reservation:?}.")
            }
            Rejection::UnknownSubscription { customer, subscription } => {
                format!("Customer {customer} has no subscription {subscription:?}.")
            }
            Rejection::UnknownUser { customer, user } => format!("Customer {customer} has no user {user:?}."),
            Rejection::AlreadyExists { what, id } => format!("A {what} {id:?} already exists."),
            Rejection::TooMany { what, max } => format!("At most {max} {what}: remove some first."),
            Rejection::Invalid { field, message } => format!("{field}: {message}"),
            Rejection::NothingToChange { message } => message.clone(),
            Rejection::PurchasePermissionPrerequisite { customer } => format!(
                "Customer {customer} needs an Azure plan or Azure Global subscription bought by the partner before \"Allow customer to purchase\" can be turned on."
            ),
            Rejection::PurchasePermissionOff { customer } => format!(
                "\"Allow customer to purchase\" is off for customer {customer}: only the partner can buy reservations for it."
            ),
            Rejection::NotOwner { customer, user } => format!(
                "User {user} of customer {customer} does not hold the Owner role on an Azure plan or Azure Global subscription the partner bought (for a single-subscription scope, on that one), so the purchase fails."
            ),
            Rejection::RefundRefused { errors } => {
                errors.iter().map(|e| e.message()).collect::<Vec<_>>().join(" ")
            }
            Rejection::ExchangeRefused { errors } => {
                errors.iter().map(exchange_error_message).collect::<Vec<_>>().join(" ")
            }
            Rejection::NotRenewable { reservation, reason } => format!("{reservation} cannot be renewed: {reason}"),
        }
    }

    /// The code, as simulation output writes it.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::DateOutOfOrder { .. } => "DateOutOfOrder",
            Rejection::NotAllowed { .. } => "NotAllowed",
            Rejection::UnknownCustomer { .. } => "UnknownCustomer",
            Rejection::UnknownReservation { .. } => "UnknownReservation",
            Rejection::UnknownSubscription { .. } => "UnknownSubscription",
            Rejection::UnknownUser { .. } => "UnknownUser",
            Rejection::AlreadyExists { .. } => "AlreadyExists",
            Rejection::TooMany { .. } => "TooMany",
            Rejection::Invalid { .. } => "Invalid",
            Rejection::NothingToChange { .. } => "NothingToChange",
            Rejection::PurchasePermissionPrerequisite { .. } => "PurchasePermissionPrerequisite",
            Rejection::PurchasePermissionOff { .. } => "PurchasePermissionOff",
            Rejection::NotOwner { .. } => "NotOwner",
            Rejection::RefundRefused { .. } => "RefundRefused",
            Rejection::ExchangeRefused { .. } => "ExchangeRefused",
            Rejection::NotRenewable { .. } => "NotRenewable",
        }
    }
}
