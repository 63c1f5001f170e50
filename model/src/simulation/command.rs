//! The one closed set of things that change a workspace, and the one set of reasons a change is
//! refused. Every command is dated and has an actor; [`crate::simulation::workspace::Workspace::apply`] applies
//! it all-or-nothing.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::calendar::Term;
use crate::domain::exchange::{ExchangeError, Purchase};
use crate::domain::money::Currency;
pub use crate::domain::partner::SubscriptionKind;
use crate::domain::partner::{ActionKind, Actor, NotAllowed};
use crate::domain::policy::Policy;
use crate::domain::quote::RefundError;
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Amount, Date, Name, Note, Quantity};

/// A command with its date and its actor: one step of a simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedCommand {
    /// The simulated day it happens on. Days never go backwards within a workspace.
    pub date: Date,
    /// Who does it (an Admin agent when not given).
    pub actor: Actor,
    /// What.
    pub command: Command,
}

/// Written as scenarios write it: one flat object, its date, who acts, the command's name (from
/// [`Verb::name`], the one place a command's name is spelled; the reader uses it too) and the
/// command's own fields.
impl Serialize for DatedCommand {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Written<'a> {
            date: Date,
            actor: &'a Actor,
            command: &'static str,
            #[serde(flatten)]
            fields: &'a Command,
        }
        Written {
            date: self.date,
            actor: &self.actor,
            command: self.command.verb().name(),
            fields: &self.command,
        }
        .serialize(serializer)
    }
}

/// Which command a command is, with its name as scenarios and stored sessions write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    /// [`Command::AddCustomer`].
    AddCustomer,
    /// [`Command::RenameCustomer`].
    RenameCustomer,
    /// [`Command::RemoveCustomer`].
    RemoveCustomer,
    /// [`Command::SetRate`].
    SetRate,
    /// [`Command::SetPolicy`].
    SetPolicy,
    /// [`Command::AddSubscription`].
    AddSubscription,
    /// [`Command::AddUser`].
    AddUser,
    /// [`Command::AssignOwner`].
    AssignOwner,
    /// [`Command::RemoveOwner`].
    RemoveOwner,
    /// [`Command::SetPurchasePermission`].
    SetPurchasePermission,
    /// [`Command::Buy`].
    Buy,
    /// [`Command::SetCurrentPrice`].
    SetCurrentPrice,
    /// [`Command::SetUsed`].
    SetUsed,
    /// [`Command::Refund`].
    Refund,
    /// [`Command::Exchange`].
    Exchange,
    /// [`Command::ChangeScope`].
    ChangeScope,
    /// [`Command::Renew`].
    Renew,
    /// [`Command::RecordEarlierRefund`].
    RecordEarlierRefund,
    /// [`Command::CorrectLedgerEntry`].
    CorrectLedgerEntry,
}

impl Verb {
    /// Every command, in the order the scenario format documents them.
    pub const ALL: [Verb; 19] = [
        Verb::AddCustomer,
        Verb::RenameCustomer,
        Verb::RemoveCustomer,
        Verb::SetRate,
        Verb::SetPolicy,
        Verb::AddSubscription,
        Verb::AddUser,
        Verb::AssignOwner,
        Verb::RemoveOwner,
        Verb::SetPurchasePermission,
        Verb::Buy,
        Verb::SetCurrentPrice,
        Verb::SetUsed,
        Verb::Refund,
        Verb::Exchange,
        Verb::ChangeScope,
        Verb::Renew,
        Verb::RecordEarlierRefund,
        Verb::CorrectLedgerEntry,
    ];

    /// The command's name, as scenarios write it: the only place it is spelled.
    pub fn name(self) -> &'static str {
        match self {
            Verb::AddCustomer => "add_customer",
            Verb::RenameCustomer => "rename_customer",
            Verb::RemoveCustomer => "remove_customer",
            Verb::SetRate => "set_rate",
            Verb::SetPolicy => "set_policy",
            Verb::AddSubscription => "add_subscription",
            Verb::AddUser => "add_user",
            Verb::AssignOwner => "assign_owner",
            Verb::RemoveOwner => "remove_owner",
            Verb::SetPurchasePermission => "set_purchase_permission",
            Verb::Buy => "buy",
            Verb::SetCurrentPrice => "set_current_price",
            Verb::SetUsed => "set_used",
            Verb::Refund => "refund",
            Verb::Exchange => "exchange",
            Verb::ChangeScope => "change_scope",
            Verb::Renew => "renew",
            Verb::RecordEarlierRefund => "record_earlier_refund",
            Verb::CorrectLedgerEntry => "correct_ledger_entry",
        }
    }
}

/// A reservation to buy (or, with a past `purchase_date`, one bought before that the partner
/// records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewReservation {
    /// The reservation ID (made up when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Name>,
    /// The order ID (made up when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Name>,
    /// The product family.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Name>,
    /// The SKU.
    pub sku: Name,
    /// The region.
    pub region: Name,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// Units.
    pub quantity: Quantity,
    /// The partner's price of one unit (whole term Upfront, one payment Monthly), in the
    /// customer's billing currency.
    pub unit_price: Amount,
    /// Today's price of one unit, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_unit_price: Option<Amount>,
    /// The customer's price of one unit, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_unit_price: Option<Amount>,
    /// Where the discount applies.
    pub scope: Scope,
    /// The purchase date when recording an earlier purchase (on or before the command's date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purchase_date: Option<Date>,
    /// Whether it has been used.
    pub used: bool,
    /// The name the partner or Azure gave it (`displayName`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Name>,
}

/// One line returned in an exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnLine {
    /// The reservation.
    pub reservation: Name,
    /// Units.
    pub quantity: u32,
}

/// Everything that changes a workspace. Serialized as its fields only (`untagged`): its name is
/// written beside them by [`DatedCommand`], from [`Verb::name`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Command {
    /// Adds a customer billed in `currency`.
    AddCustomer {
        /// Its ID.
        customer: Name,
        /// Its name.
        name: Name,
        /// Its billing currency.
        currency: Currency,
    },
    /// Renames a customer.
    RenameCustomer {
        /// The customer.
        customer: Name,
        /// The new name.
        name: Name,
    },
    /// Removes a customer and everything it holds.
    RemoveCustomer {
        /// The customer.
        customer: Name,
    },
    /// Sets the USD rate of a billing currency.
    SetRate {
        /// The currency.
        currency: Currency,
        /// USD per one unit of it.
        usd_per_unit: Amount,
    },
    /// Puts a policy in force.
    SetPolicy {
        /// The policy.
        #[serde(serialize_with = "crate::domain::policy::serialize_as_written")]
        policy: Policy,
    },
    /// Records a subscription the customer has.
    AddSubscription {
        /// The customer.
        customer: Name,
        /// The subscription ID.
        subscription: Name,
        /// Its kind.
        kind: SubscriptionKind,
        /// Whether the partner bought it (only those qualify for the purchase permission).
        bought_by_partner: bool,
    },
    /// Records a user of the customer's tenant.
    AddUser {
        /// The customer.
        customer: Name,
        /// The user.
        user: Name,
    },
    /// Gives a user the Owner role on a subscription.
    AssignOwner {
        /// The customer.
        customer: Name,
        /// The user.
        user: Name,
        /// The subscription.
        subscription: Name,
    },
    /// Takes the Owner role on a subscription away from a user.
    RemoveOwner {
        /// The customer.
        customer: Name,
        /// The user.
        user: Name,
        /// The subscription.
        subscription: Name,
    },
    /// Turns "Allow customer to purchase" on or off.
    SetPurchasePermission {
        /// The customer.
        customer: Name,
        /// On or off.
        allowed: bool,
    },
    /// Buys (or records) a reservation for the customer.
    Buy {
        /// The customer.
        customer: Name,
        /// What.
        reservation: Box<NewReservation>,
    },
    /// Records today's price of a reservation's unit (`None`: unknown).
    SetCurrentPrice {
        /// The customer.
        customer: Name,
        /// The reservation.
        reservation: Name,
        /// The price.
        current_unit_price: Option<Amount>,
    },
    /// Records whether a reservation has been used.
    SetUsed {
        /// The customer.
        customer: Name,
        /// The reservation.
        reservation: Name,
        /// Used or not.
        used: bool,
    },
    /// Cancels units for a refund.
    Refund {
        /// The customer.
        customer: Name,
        /// The reservation.
        reservation: Name,
        /// Units.
        quantity: u32,
    },
    /// Exchanges units for new reservations.
    Exchange {
        /// The customer.
        customer: Name,
        /// What is returned.
        returns: Vec<ReturnLine>,
        /// What is bought.
        purchases: Vec<Purchase>,
    },
    /// Changes where a reservation's discount applies.
    ChangeScope {
        /// The customer.
        customer: Name,
        /// The reservation.
        reservation: Name,
        /// The new scope.
        scope: Scope,
    },
    /// Renews a reservation: a new purchase of the same, starting when the term ends.
    Renew {
        /// The customer.
        customer: Name,
        /// The reservation.
        reservation: Name,
    },
    /// Records a refund made before the workspace knew the customer.
    RecordEarlierRefund {
        /// The customer.
        customer: Name,
        /// The day of the refund (on or before the command's date).
        refund_date: Date,
        /// Its canceled commitment in USD.
        usd: Amount,
        /// A note.
        note: Note,
    },
    /// Cancels a ledger entry that was wrong, by appending its opposite with the reason.
    CorrectLedgerEntry {
        /// The customer.
        customer: Name,
        /// The entry's position in the ledger.
        entry: usize,
        /// Why.
        note: Name,
    },
}

impl Command {
    /// Which command this is.
    pub fn verb(&self) -> Verb {
        match self {
            Command::AddCustomer { .. } => Verb::AddCustomer,
            Command::RenameCustomer { .. } => Verb::RenameCustomer,
            Command::RemoveCustomer { .. } => Verb::RemoveCustomer,
            Command::SetRate { .. } => Verb::SetRate,
            Command::SetPolicy { .. } => Verb::SetPolicy,
            Command::AddSubscription { .. } => Verb::AddSubscription,
            Command::AddUser { .. } => Verb::AddUser,
            Command::AssignOwner { .. } => Verb::AssignOwner,
            Command::RemoveOwner { .. } => Verb::RemoveOwner,
            Command::SetPurchasePermission { .. } => Verb::SetPurchasePermission,
            Command::Buy { .. } => Verb::Buy,
            Command::SetCurrentPrice { .. } => Verb::SetCurrentPrice,
            Command::SetUsed { .. } => Verb::SetUsed,
            Command::Refund { .. } => Verb::Refund,
            Command::Exchange { .. } => Verb::Exchange,
            Command::ChangeScope { .. } => Verb::ChangeScope,
            Command::Renew { .. } => Verb::Renew,
            Command::RecordEarlierRefund { .. } => Verb::RecordEarlierRefund,
            Command::CorrectLedgerEntry { .. } => Verb::CorrectLedgerEntry,
        }
    }

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
    pub fn customer(&self) -> Option<&Name> {
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
/// who acts, then what the command names, then the rules of the action itself. Every variant is
/// data with its numbers: the app writes it in the reader's language (`i18n::rejection`), the CLI
/// in plain English (`formats::plain`).
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
        actor: Actor,
        /// What.
        action: ActionKind,
        /// Which rule.
        why: NotAllowed,
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
        what: Thing,
        /// The ID.
        id: String,
    },
    /// A limit of `limits.rs` would be passed.
    TooMany {
        /// What.
        what: Counted,
        /// The limit.
        max: usize,
    },
    /// A value the command carries cannot be used here.
    Invalid(Invalid),
    /// The command would change nothing.
    NothingToChange(Unchanged),
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
        why: NotRenewable,
    },
}

/// The kinds of thing a workspace holds by ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Thing {
    /// A customer.
    Customer,
    /// A subscription.
    Subscription,
    /// A user.
    User,
    /// A reservation.
    Reservation,
}

/// What a limit of `limits.rs` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Customers in a workspace.
    Customers,
    /// Reservations in a workspace.
    Reservations,
    /// Entries in one customer's refund ledger.
    LedgerEntries,
    /// Entries in the activity log.
    ActivityEntries,
    /// Lines (returns plus purchases) in one exchange.
    ExchangeLines,
}

/// A value a command carries that cannot be used where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Invalid {
    /// A USD rate must be above zero and at most the largest rate.
    RateOutOfRange {
        /// The rate given.
        found: Decimal,
        /// The largest accepted.
        max: Decimal,
    },
    /// USD's rate is always 1.
    UsdIsAlwaysOne,
    /// No USD rate is set for the customer's currency.
    NoRate {
        /// The currency.
        currency: Currency,
    },
    /// The reservation is closed (refunded, exchanged or ended).
    ReservationClosed {
        /// The reservation.
        reservation: String,
    },
    /// A purchase dated after the day it is recorded on.
    PurchaseInTheFuture {
        /// The latest date accepted (the command's).
        latest: NaiveDate,
        /// The date given.
        found: NaiveDate,
    },
    /// An earlier refund dated after the day it is recorded on.
    EarlierRefundInTheFuture {
        /// The latest date accepted (the command's).
        latest: NaiveDate,
        /// The date given.
        found: NaiveDate,
    },
    /// No ledger entry at this position.
    UnknownLedgerEntry {
        /// The position given.
        entry: usize,
        /// How many entries the ledger has.
        entries: usize,
    },
    /// A correction cannot itself be corrected.
    CorrectionOfACorrection {
        /// The position given.
        entry: usize,
    },
    /// An exchange returns the same reservation on two lines.
    ReturnedTwice {
        /// The reservation.
        reservation: String,
    },
    /// An exchange buys in another currency than the customer's.
    PurchaseCurrency {
        /// The customer's billing currency.
        expected: Currency,
        /// The purchase's.
        found: Currency,
    },
}

/// What a command would not change, because it is already so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Unchanged {
    /// The user already holds (or, for a removal, does not hold) the Owner role there.
    Owner {
        /// The user.
        user: String,
        /// The subscription.
        subscription: String,
        /// Whether the user is Owner now.
        is_owner: bool,
    },
    /// The purchase permission is already as asked.
    PurchasePermission {
        /// The customer.
        customer: String,
        /// On or off.
        allowed: bool,
    },
    /// The reservation already has this scope.
    Scope {
        /// The reservation.
        reservation: String,
        /// Its scope.
        scope: Scope,
    },
    /// The ledger entry is already corrected.
    AlreadyCorrected {
        /// Its position.
        entry: usize,
    },
}

/// Why a reservation cannot be renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRenewable {
    /// It is closed.
    Closed,
    /// Its term has ended.
    TermEnded,
    /// It is already renewed.
    AlreadyRenewed,
    /// Its renewal would end past the last date Reservoir handles.
    PastTheCalendar,
}

impl Rejection {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verb_is_listed_once_with_its_own_name() {
        // A match with no wildcard: a new command that is not in ALL does not compile here.
        let listed = |v: Verb| match v {
            Verb::AddCustomer
            | Verb::RenameCustomer
            | Verb::RemoveCustomer
            | Verb::SetRate
            | Verb::SetPolicy
            | Verb::AddSubscription
            | Verb::AddUser
            | Verb::AssignOwner
            | Verb::RemoveOwner
            | Verb::SetPurchasePermission
            | Verb::Buy
            | Verb::SetCurrentPrice
            | Verb::SetUsed
            | Verb::Refund
            | Verb::Exchange
            | Verb::ChangeScope
            | Verb::Renew
            | Verb::RecordEarlierRefund
            | Verb::CorrectLedgerEntry => Verb::ALL.contains(&v),
        };
        assert!(Verb::ALL.into_iter().all(listed));
        let mut names: Vec<&str> = Verb::ALL.map(Verb::name).to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Verb::ALL.len());
    }
}
