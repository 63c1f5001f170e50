//! The command-line tools' plain English for the engine's refusals. The engine itself answers in
//! data ([`Rejection`] and what it holds); the browser shell writes the same values in the reader's
//! language (`src/i18n.rs`), and this module writes them for `reservoir simulate` and for the
//! errors of a stored session or an import that no longer replays.

use std::fmt;

use crate::domain::partner::NotAllowed;
use crate::formats::input::{one_line, Expected, Found, InputError, Many, Problem};
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

/// An input error as the CLI prints it: `path: message`, one line whatever the input held.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, one_line(problem(&self.problem)))
    }
}

/// What was wrong with a piece of input, in plain English.
pub fn problem(problem: &Problem) -> String {
    let list = |words: &[&str], quote: fn(&str) -> String| words.iter().map(|w| quote(w)).collect::<Vec<_>>();
    match problem {
        Problem::Value(error) => error.to_string(),
        Problem::Missing => "expected a value, found none (the field is missing)".into(),
        Problem::WrongKind { expected: what, found: it } => {
            format!("expected {}, found {}", expected(*what), found(it))
        }
        Problem::NotOneOf { expected, found: it } => {
            format!("expected one of {}, found {}", list(expected, |w| format!("{w:?}")).join(", "), found(it))
        }
        Problem::UnknownVariant { expected, found } => {
            let names = list(expected, |w| format!("`{w}`"));
            let expected = match names.as_slice() {
                [] => "there are no variants".to_string(),
                [one] => one.clone(),
                [a, b] => format!("{a} or {b}"),
                all => format!("one of {}", all.join(", ")),
            };
            format!("unknown variant `{found}`, expected {expected}")
        }
        Problem::UnknownParameter { known, found } => format!(
            "expected one of {}, found the unknown parameter {found:?}",
            list(known, |w| format!("{w:?}")).join(", ")
        ),
        Problem::DuplicateField { field } => format!("duplicate field `{field}`"),
        Problem::NotARequest { found } => format!("invalid type: {found}, expected a quote request object"),
        Problem::TooBig { max_bytes, found_bytes } => {
            format!("expected at most {} MiB, found {found_bytes} bytes", max_bytes / (1024 * 1024))
        }
        Problem::TooMany { what, max, found } => {
            let what = match what {
                Many::Commands => "commands",
                Many::Entries => "entries",
                Many::Reservations => "reservations",
                Many::Lines => "lines",
            };
            format!("expected at most {max} {what}, found {found}")
        }
        Problem::Malformed { detail } => format!("expected JSON, found malformed text ({detail})"),
        Problem::EndsEarly { detail } => format!("the JSON ends too early ({detail})"),
        Problem::WrongFormat { expected, found } => format!(
            "expected {expected:?}, found {}",
            found.as_ref().map_or("none".to_string(), |f| format!("{f:?}"))
        ),
        Problem::NotASession { newest, found } => format!(
            "expected a Reservoir session (\"reservoir.session/1\" to \"reservoir.session/{newest}\"), found {}",
            found.as_deref().unwrap_or("none")
        ),
        Problem::NewerSession { found, newest } => format!(
            "written by a newer version of Reservoir (session format {found}; this one reads up to {newest}). Open it with that version, or keep it and start fresh."
        ),
        Problem::NoLongerApplies { rejection: why, .. } => format!("no longer applies: {}", rejection(why)),
        Problem::Refused { rejection: why } => format!("refused: {}", rejection(why)),
        Problem::RefusesExisting { rejection: why } => {
            format!("dated before what is already there, it refuses an existing action: {}", rejection(why))
        }
        Problem::MoreProblems { count } => format!("and {count} more problems"),
        Problem::NotOneActor => "expected exactly one of {\"partner\": {\"role\": ...}} or {\"customer\": {\"customer\": ..., \"user\": ...}}".into(),
        Problem::RefundOrExchange { both } => format!(
            "expected exactly one of \"refund\" or \"exchange\", found {}",
            if *both { "both" } else { "neither" }
        ),
        Problem::RateNotAboveZero { found } => format!("expected a rate above zero, found \"{found}\""),
        Problem::UsdRateNotOne { found } => format!("expected 1 for USD itself, found \"{found}\""),
        Problem::NoRate { currency } => format!(
            "expected a currency with a rate in usd_per_unit, found {:?} without one",
            currency.code()
        ),
        Problem::DuplicateId { id } => format!("expected a unique id, found {id:?} twice"),
        Problem::UnknownReservation { id } => {
            format!("expected the id of one of the reservations, found {id:?}")
        }
        Problem::ReturnedTwice { id } => format!("expected each reservation once, found {id:?} twice"),
        Problem::ReturnCurrency { expected, found } => format!(
            "expected a reservation billed in {expected} like the rest of this exchange, found one billed in {found}"
        ),
        Problem::PurchaseCurrency { expected, found } => {
            format!("expected {expected} like the rest of this exchange, found {found}")
        }
        Problem::TermEndsNowhere => "expected a date whose term ends on a real date".into(),
        Problem::NoUnits => "expected at least 1 unit, found 0".into(),
        Problem::TooManyUnits { max, found } => format!("expected at most {max} units, found {found}"),
    }
}

/// What was found, as the messages show it.
fn found(found: &Found) -> String {
    match found {
        Found::Written(text) => text.clone(),
        Found::List => "a list".into(),
        Found::Object => "an object".into(),
    }
}

/// What kind of value was expected, as the messages name it.
fn expected(expected: Expected) -> &'static str {
    match expected {
        Expected::Object => "an object",
        Expected::Scenario => "a scenario object",
        Expected::StoredSession => "a stored session object",
        Expected::Command => "a command object with date and command",
        Expected::Actor => "an actor: {\"partner\": {...}} or {\"customer\": {...}}",
        Expected::Partner => "an object with a role",
        Expected::Customer => "an object with customer and user",
        Expected::Reservation => "a reservation object",
        Expected::Purchase => "a purchase object",
        Expected::Return => "an object with reservation and quantity",
        Expected::Scope => "a scope object",
        Expected::EarlierRefund => "an object with date and usd",
        Expected::Exchange => "an object with return and purchase",
        Expected::Rates => "an object of rates by currency code",
        Expected::List => "a list",
        Expected::Bool => "true or false",
        Expected::Text => "text",
        Expected::Date => "a date YYYY-MM-DD",
        Expected::Amount => "a decimal amount such as \"1234.56\"",
        Expected::Units => "a whole number of units",
        Expected::Percent => "a percent from 0 to 100",
        Expected::Days => "a whole number of days",
        Expected::WholeNumber => "a whole number",
        Expected::CurrencyText => "a currency code",
        Expected::Currency => "a currency code such as USD, EUR, GBP or SEK",
        Expected::RateCurrency => "a currency code such as EUR",
        Expected::FamilyText => "a product family",
        Expected::Family => "a product family such as \"compute\" or \"sql\"",
        Expected::CommandName => "a command name",
        Expected::FormatName => "a format name",
        Expected::Pack => "\"csp-2020\" or \"azure-2026\"",
        Expected::Policy => "\"csp-2020\", \"azure-2026\" or an object of overrides",
    }
}
