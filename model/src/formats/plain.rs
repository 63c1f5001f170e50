//! The command-line tools' plain English for the engine's refusals. The engine itself answers in
//! data ([`Rejection`] and what it holds); the browser shell writes the same values in the reader's
//! language (`src/i18n.rs`), and this module writes them for `reservoir simulate` and for the
//! errors of a stored session or an import that no longer replays.

use crate::domain::partner::NotAllowed;
use crate::formats::quote_json::exchange_error_message;
use crate::simulation::command::{Counted, Invalid, NotRenewable, Rejection, Thing, Unchanged};

/// A refusal, as a sentence a person can act on.
pub fn rejection(rejection: &Rejection) -> String {
    match rejection {
        Rejection::DateOutOfOrder { date, last_date } => format!(
            "This action is dated {date}, before the last one ({last_date}): simulated time only moves forward."
        ),
        Rejection::NotAllowed { action, why, .. } => match why {
            NotAllowed::OnlyAdminAgent { role } => format!(
                "A {} sees the purchase permission read-only: only an Admin agent may {}.",
                role.name(),
                action.name()
            ),
            NotAllowed::PartnerOnly { customer } => format!(
                "Customer {customer} cannot {}: in CSP only the partner does, even for reservations the customer bought itself.",
                action.name()
            ),
            NotAllowed::OtherTenant { customer, concerned } => {
                format!("Customer {customer} can act only in its own tenant, not for {concerned}.")
            }
        },
        Rejection::UnknownCustomer { customer } => format!("There is no customer {customer:?}."),
        Rejection::UnknownReservation { customer, reservation } => {
            format!("Customer {customer} has no reservation {reservation:?}.")
        }
        Rejection::UnknownSubscription { customer, subscription } => {
            format!("Customer {customer} has no subscription {subscription:?}.")
        }
        Rejection::UnknownUser { customer, user } => format!("Customer {customer} has no user {user:?}."),
        Rejection::AlreadyExists { what, id } => format!("A {} {id:?} already exists.", thing(*what)),
        Rejection::TooMany { what, max } => format!("At most {max} {}: remove some first.", counted(*what)),
        Rejection::Invalid(invalid) => self::invalid(invalid),
        Rejection::NothingToChange(unchanged) => match unchanged {
            Unchanged::Owner { user, subscription, is_owner } => format!(
                "{user} {} Owner on {subscription}.",
                if *is_owner { "is already" } else { "is not" }
            ),
            Unchanged::PurchasePermission { customer, allowed } => format!(
                "\"Allow customer to purchase\" is already {} for {customer}.",
                if *allowed { "on" } else { "off" }
            ),
            Unchanged::Scope { reservation, scope } => format!("{reservation} already has scope {scope}."),
            Unchanged::AlreadyCorrected { entry } => format!("Ledger entry {entry} is already corrected."),
        },
        Rejection::PurchasePermissionPrerequisite { customer } => format!(
            "Customer {customer} needs an Azure plan or Azure Global subscription bought by the partner before \"Allow customer to purchase\" can be turned on."
        ),
        Rejection::PurchasePermissionOff { customer } => format!(
            "\"Allow customer to purchase\" is off for customer {customer}: only the partner can buy reservations for it."
        ),
        Rejection::NotOwner { customer, user } => format!(
            "User {user} of customer {customer} does not hold the Owner role on an Azure plan or Azure Global subscription the partner bought (for a single-subscription scope, on that one), so the purchase fails."
        ),
        Rejection::RefundRefused { errors } => errors.iter().map(|e| e.message()).collect::<Vec<_>>().join(" "),
        Rejection::ExchangeRefused { errors } => {
            errors.iter().map(exchange_error_message).collect::<Vec<_>>().join(" ")
        }
        Rejection::NotRenewable { reservation, why } => format!(
            "{reservation} cannot be renewed: {}",
            match why {
                NotRenewable::Closed => "it is closed",
                NotRenewable::TermEnded => "its term has ended",
                NotRenewable::AlreadyRenewed => "it is already renewed",
                NotRenewable::PastTheCalendar => "its renewal would end past the calendar",
            }
        ),
    }
}

fn thing(thing: Thing) -> &'static str {
    match thing {
        Thing::Customer => "customer",
        Thing::Subscription => "subscription",
        Thing::User => "user",
        Thing::Reservation => "reservation",
    }
}

fn counted(counted: Counted) -> &'static str {
    match counted {
        Counted::Customers => "customers",
        Counted::Reservations => "reservations",
        Counted::LedgerEntries => "ledger entries per customer",
        Counted::ActivityEntries => "activity log entries",
        Counted::ExchangeLines => "lines in one exchange",
    }
}

/// The field a value belongs to, then what is wrong with it.
fn invalid(invalid: &Invalid) -> String {
    match invalid {
        Invalid::RateOutOfRange { found, max } => {
            format!("usd_per_unit: expected a rate above zero and at most {max}, found {found}")
        }
        Invalid::UsdIsAlwaysOne => "usd_per_unit: USD is always 1".into(),
        Invalid::NoRate { currency } => format!("currency: no USD rate is set for {currency}: set one first"),
        Invalid::ReservationClosed { reservation } => format!("reservation: {reservation} is closed"),
        Invalid::PurchaseInTheFuture { latest, found } => format!(
            "purchase_date: expected a date on or before {latest} (a purchase cannot be in the future), found {found}"
        ),
        Invalid::EarlierRefundInTheFuture { latest, found } => {
            format!("refund_date: expected a date on or before {latest}, found {found}")
        }
        Invalid::UnknownLedgerEntry { entry, entries } => {
            format!("entry: expected an entry between 0 and {}, found {entry}", entries.saturating_sub(1))
        }
        Invalid::CorrectionOfACorrection { .. } => "entry: a correction cannot itself be corrected".into(),
        Invalid::ReturnedTwice { reservation } => {
            format!("returns: expected each reservation once, found {reservation} twice")
        }
        Invalid::PurchaseCurrency { expected, found } => {
            format!("purchases: expected {expected}, the customer's billing currency, found {found}")
        }
    }
}
