//! The command-line tools' plain English for the engine's refusals. The engine itself answers in
//! data ([`Rejection`] and what it holds); the browser shell writes the same values in the reader's
//! language (`src/i18n.rs`), and this module writes them for `reservoir simulate` and for the
//! errors of a stored session or an import that no longer replays.

use std::fmt;

use rust_decimal::Decimal;

use crate::domain::breakdown::{Item, PriceChoice, PriceUsed, UsdOf};
use crate::domain::exchange::ExchangeError;
use crate::domain::money::Currency;
use crate::domain::partner::{ActionKind, NotAllowed};
use crate::domain::policy::{CapCounts, PriceBasis, Provenance};
use crate::domain::quote::RefundError;
use crate::formats::azure::book::{AzureBook, AzureError, ImportPlan, PlanError, PriceSource};
use crate::formats::azure::findings::{Place, SkipReason, WarningKind};
use crate::formats::azure::recognise::FileKind;
use crate::formats::input::{one_line, Expected, Found, InputError, Many, Problem};
use crate::formats::packed::PackFault;
use crate::simulation::activity::Event;
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
                action_name(*action)
            ),
            NotAllowed::PartnerOnly { customer } => format!(
                "Customer {customer} cannot {}: in CSP only the partner does, even for reservations the customer bought itself.",
                action_name(*action)
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
        Rejection::RefundRefused { errors } => errors.iter().map(refund_error).collect::<Vec<_>>().join(" "),
        Rejection::ExchangeRefused { errors } => {
            errors.iter().map(exchange_error).collect::<Vec<_>>().join(" ")
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

/// The activity log's name for what happened (for the permission switch, Partner Center's own:
/// `Create Customer Purchase Permissions` / `Delete Customer Purchase Permissions`).
pub fn operation(event: &Event) -> &'static str {
    match event {
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

/// An amount as written, with its currency, as the quote format writes it: `USD 1234.50`.
fn price(currency: Currency, amount: Decimal) -> String {
    format!("{} {amount}", currency.code())
}

/// What changed, in an English sentence, values written as the quote format writes them
/// (`USD 1234.50`, `2027-03-01`): the command line's and the simulation JSON's `details`.
pub fn event(event: &Event) -> String {
    let units = |n: u32| if n == 1 { "1 unit".to_string() } else { format!("{n} units") };
    match event {
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
            format!("1 {} = {}.", currency.code(), price(Currency::USD, *usd_per_unit))
        }
        Event::PolicySet { base, customized } => {
            format!("Policy {} in force.", if *customized { "custom" } else { base.name() })
        }
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
            "{reservation}: {} {quantity} × {sku} ({}, {}, {}) on {}{}, {} per unit.",
            if *recorded { "recorded" } else { "bought" },
            family,
            term.code(),
            billing_plan.name(),
            purchase_date,
            if *by_customer { " by the customer" } else { "" },
            price(*currency, *unit_price),
        ),
        Event::CurrentPriceSet { reservation, currency, price: Some(amount) } => {
            format!("Today's unit price of {reservation} set to {}.", price(*currency, *amount))
        }
        Event::CurrentPriceSet { reservation, price: None, .. } => {
            format!("Today's unit price of {reservation} cleared: refunds use the purchase price.")
        }
        Event::UsageSet { reservation, used: true } => format!("{reservation} marked used."),
        Event::UsageSet { reservation, used: false } => format!("{reservation} marked unused."),
        Event::Canceled { reservation, quantity, refund, counted, successor } => format!(
            "Returned {} of {reservation}: refund {}; {} counted toward the limit.{}",
            units(*quantity),
            refund,
            counted,
            successor.as_ref().map_or(String::new(), |id| format!(" The remaining units continue as {id}.")),
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
                refunds_total,
                bought.join(", "),
                purchases_total,
                net_payable,
                if *final_exchange {
                    " A final exchange: what it bought cannot be exchanged again."
                } else {
                    ""
                },
            )
        }
        Event::ScopeChanged { reservation, old, new } => {
            format!("Scope of {reservation} changed from {} to {}.", old, new)
        }
        Event::Renewed { reservation, renewal, from } => {
            format!("{reservation} renews as {renewal} from {}.", from)
        }
        Event::EarlierRefundRecorded { usd, refund_date } => {
            format!("Recorded a refund of {} made on {}.", price(Currency::USD, *usd), refund_date)
        }
        Event::LedgerEntryCorrected { entry, usd, note } => {
            format!("Canceled ledger entry #{entry} ({}): {note}", price(Currency::USD, *usd))
        }
    }
}

/// Which unit price a pro-rated line used, naming both prices the policy's rule chose from.
fn price_used(price: &PriceChoice) -> String {
    match (price.basis, price.current, price.used) {
        (_, None, _) => "at the purchase price (no current price is set)".into(),
        (_, Some(_), PriceUsed::Current) => {
            format!("at the current price, lower than the purchase price {}", price.purchase)
        }
        (PriceBasis::LowerOfPurchaseAndCurrent, Some(current), PriceUsed::Purchase) => {
            format!("at the purchase price, not above the current price {current}")
        }
        (PriceBasis::Purchase, Some(current), PriceUsed::Purchase) => {
            format!("at the purchase price (the policy does not use the current price {current})")
        }
    }
}

/// A breakdown line's label, with its numbers: what the quote's `breakdown[].label` and the CSV
/// export carry (the app writes its own, `i18n::breakdown_label`).
pub fn breakdown_label(item: &Item) -> String {
    let units = |q: &u32| if *q == 1 { "1 unit".to_string() } else { format!("{q} units") };
    match item {
            Item::FullRefundWindow { unit_price, quantity, days_held, window_days, provenance } => format!(
                "Full refund, returned {days_held} days after purchase (window: {window_days} days{}): {unit_price} × {}",
                match provenance {
                    Provenance::Documented => "",
                    Provenance::Observed => "; observed, not documented",
                    Provenance::Reading => "; Reservoir's reading",
                },
                units(quantity)
            ),
            Item::ProRatedTerm { unit_price, quantity, remaining_days, term_days, price } => format!(
                "Pro-rated refund: {unit_price} × {} × {remaining_days} / {term_days} days remaining, {}",
                units(quantity),
                price_used(price)
            ),
            Item::ProRatedCycle { unit_price, quantity, cycle_remaining_days, cycle_days, price } => format!(
                "Current payment pro-rated: {unit_price} × {} × {cycle_remaining_days} / {cycle_days} days left in the cycle, {}",
                units(quantity),
                price_used(price)
            ),
            Item::Fee { percent, days_held, fee_free_days } => format!(
                "Early termination fee: {percent}% (returned {days_held} days after purchase, more than {fee_free_days})"
            ),
            Item::Refund => "Refund to the partner".into(),
            Item::TotalPaid { unit_price, units: u, payments } => format!(
                "Total paid so far: {unit_price} × {} × {payments} payment{}",
                units(u),
                if *payments == 1 { "" } else { "s" }
            ),
            Item::KeptByMicrosoft => "Kept by Microsoft (prorated amount)".into(),
            Item::RemainingCommitment { unit_price, quantity, payments_left } => format!(
                "Remaining commitment canceled: {unit_price} × {} × {payments_left} future payment{}",
                units(quantity),
                if *payments_left == 1 { "" } else { "s" }
            ),
            Item::Usd { of, usd_per_unit } => format!(
                "{} in USD (at {usd_per_unit} USD per unit)",
                match of {
                    UsdOf::Refund => "Refund",
                    UsdOf::RemainingCommitment => "Remaining commitment",
                    UsdOf::ReturnValue => "Returned value",
                }
            ),
            Item::CanceledCommitment { counts } => match counts {
                CapCounts::CanceledCommitment => {
                    "Canceled commitment counted toward the limit (refund + remaining commitment)".into()
                }
                CapCounts::RefundOnly => "Canceled commitment counted toward the limit (refund only)".into(),
            },
            Item::ConsumedBefore { window_days } => {
                format!("Already used of the limit in the last {window_days} days")
            }
            Item::ConsumedAfter => "Used of the limit after this refund".into(),
            Item::RefundLimit => "Refund limit".into(),
            Item::LimitLeftAfter => "Left of the limit after this refund".into(),
            Item::CustomerRefund { unit_price } => {
                format!("Owed to the customer, at the customer's price {unit_price}")
            }
            Item::PartnerDifference => "Partner's difference (refund received less refund owed)".into(),
            Item::ReturnValue { reservation, quantity } => {
                format!("Returned: {reservation}, {} (refund + remaining commitment)", units(quantity))
            }
            Item::RefundsTotal => "Refunds total".into(),
            Item::PurchaseValue { sku, quantity, payments, unit_price } => format!(
                "Purchase: {sku}, {unit_price} × {} × {payments} payment{} (lifetime value)",
                units(quantity),
                if *payments == 1 { "" } else { "s" }
            ),
            Item::PurchasesTotal => "Purchases total".into(),
            Item::NetPayable => "Net payable".into(),
        }
}

/// A refund refusal, as a sentence a person can act on: what the quote's `policyErrors[].message`
/// carries.
pub fn refund_error(error: &RefundError) -> String {
    match error {
            RefundError::InvalidRefundQuantity { requested, held } => format!(
                "Cannot return {requested} unit(s): the reservation holds {held}. Return between 1 and {held}."
            ),
            RefundError::ReservationNotActive { purchase_date, term_end, today } => format!(
                "On {today} the reservation is not active: its term runs from {purchase_date} to the day before {term_end}, and it must still hold units."
            ),
            RefundError::SelfServiceRefundNotSupported { family } => format!(
                "Reservations of the {family} family cannot be refunded (Red Hat and SUSE software plans and pre-purchase plans are not refundable)."
            ),
            RefundError::RefundLimitExceeded {
                consumed,
                limit,
                requested,
                excess,
                earliest_fit,
                on_next_money_back,
            } => {
                let when = match earliest_fit {
                    Some(date) => format!(" It would fit on {date} as things stand."),
                    None => " It does not fit on any later day of the term as things stand.".to_string(),
                };
                let still = on_next_money_back.map_or(String::new(), |s| {
                    format!(
                        " When money next comes back, on {}, {} of the limit will be left: still less than the {} this refund would count that day.",
                        s.date, s.left, s.requested
                    )
                });
                format!(
                    "This refund would add {requested} to the {consumed} already counted, over the {limit} limit by {excess}.{still}{when}"
                )
            }
        }
}

/// A message a person can act on.
pub fn exchange_error(error: &ExchangeError) -> String {
    match error {
        ExchangeError::EmptyExchange { returns, purchases } => format!(
            "An exchange returns at least one reservation and buys at least one; this one returns {returns} and buys {purchases}."
        ),
        ExchangeError::InvalidReturn { reservation, error } => match error {
            crate::domain::refund::ReturnError::InvalidRefundQuantity { requested, held } => format!(
                "Cannot return {requested} unit(s) of {reservation}: it holds {held}. Return between 1 and {held}."
            ),
            crate::domain::refund::ReturnError::ReservationNotActive { purchase_date, term_end, today } => format!(
                "On {today}, {reservation} is not active: its term runs from {purchase_date} to the day before {term_end}."
            ),
        },
        ExchangeError::SelfServiceExchangeNotSupported { reservation, family } => format!(
            "{reservation} cannot be exchanged: the {family} family is not exchangeable (Red Hat, SUSE and pre-purchase plans)."
        ),
        ExchangeError::ExchangeNotAllowedAfterCutoff { reservation, purchase_date, cutoff } => format!(
            "{reservation} was bought on {purchase_date}, on or after {cutoff}: reservations of services that savings plans cover bought from that date cannot be exchanged."
        ),
        ExchangeError::FinalExchangeAlreadyUsed { reservation } => format!(
            "{reservation} was bought by a final exchange and cannot be exchanged again."
        ),
        ExchangeError::ExchangeFamilyMismatch { returned, other } => format!(
            "Exchanges stay inside one product family: this one mixes {returned} and {other}."
        ),
        ExchangeError::ExchangeValueTooLow { refunds_total, purchases_total, shortfall } => format!(
            "What is bought ({purchases_total}) is worth less than the remaining commitment returned ({refunds_total}): buy at least {shortfall} more."
        ),
        ExchangeError::RefundLimitExceeded { consumed, limit, requested, excess } => format!(
            "Under this policy exchanges count toward the refund limit: this one would add {requested} to the {consumed} already counted, over the {limit} limit by {excess}."
        ),
    }
}

/// An action, in a refusal.
fn action_name(action: ActionKind) -> &'static str {
    match action {
        ActionKind::ManageWorkspace => "manage customers and their subscriptions",
        ActionKind::AssignOwner => "assign the Owner role",
        ActionKind::SetPurchasePermission => "turn \"Allow customer to purchase\" on or off",
        ActionKind::Buy => "buy reservations",
        ActionKind::Cancel => "cancel reservations",
        ActionKind::Exchange => "exchange reservations",
        ActionKind::Renew => "renew reservations",
        ActionKind::ChangeScope => "change a reservation's scope",
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
                Many::UndoSteps => "undo steps",
                Many::UndoCommands => "commands kept for Undo",
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
        Problem::Packed(fault) => format!(
            "the packed session cannot be unpacked: {}",
            match fault {
                PackFault::NotBase64 => "it is not base64 text",
                PackFault::NotDeflate | PackFault::NotABody => "it is damaged or cut short",
                PackFault::TooBig => "it unpacks to more than 20 MiB",
                PackFault::NotText => "it unpacks to bytes that are not text",
            }
        ),
        Problem::NoCommandToUndo => "an undo step for a command, where none is left to undo".into(),
        Problem::NoLongerApplies { rejection: why, .. } => format!("no longer applies: {}", rejection(why)),
        Problem::Refused { rejection: why } => format!("refused: {}", rejection(why)),
        Problem::RefusesExisting { rejection: why } => {
            format!("dated before what is already there, it refuses an existing action: {}", rejection(why))
        }
        Problem::MoreProblems { count } => format!("and {count} more problems"),
        Problem::NotOneActor => "expected exactly one of {\"partner\": {\"role\": ...}} or {\"customer\": {\"customer\": ..., \"user\": ...}}".into(),
        Problem::RefundOrExchange { both } => format!(
            "expected exactly one of \"refund\", \"exchange\" or \"plan\", found {}",
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
        Problem::DateBefore { earliest, found } => format!("expected a date on or after {earliest}, found {found}"),
        Problem::TooManyUnits { max, found } => format!("expected at most {max} units, found {found}"),
    }
}

/// A place in an imported file: `file: path`, or the file alone.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", one_line(self.file.clone()))
        } else {
            write!(f, "{}: {}", one_line(self.file.clone()), one_line(self.path.clone()))
        }
    }
}

/// Why Azure's files cannot be imported, on one line naming the file.
pub fn azure_error(error: &AzureError) -> String {
    match error {
        AzureError::NotAnExport { file } => format!(
            "{}: expected Azure reservations, reservation orders, reservation transactions (JSON or CSV) or a price sheet (CSV with sku,region,term,billing_plan,currency,unit_price), found none of these",
            one_line(file.clone())
        ),
        AzureError::Unreadable { file, error } => {
            let place = Place::new(file, error.path.clone());
            format!("{place}: {}", one_line(problem(&error.problem)))
        }
        AzureError::MalformedCsv { file, detail } => {
            format!("{}: expected JSON or CSV, found text neither reads ({})", one_line(file.clone()), one_line(detail.clone()))
        }
        AzureError::TooManyReservations { max, found } => {
            format!("import: expected at most {max} reservations in one import, found {found}")
        }
    }
}

/// Why a book cannot be added.
pub fn plan_error(error: &PlanError) -> String {
    match error {
        PlanError::CurrencyDiffers { customer, book } => format!(
            "currency: the customer is billed in {customer}, and the prices were taken in {book}: import with the customer's currency"
        ),
        PlanError::NeedsRate { currency } => {
            format!("--rate: {currency} has no rate to USD yet: give one, in USD per 1 {currency}")
        }
        PlanError::TooManyReservations { max, found } => {
            format!("import: a workspace holds at most {max} reservations; this would make {found}")
        }
    }
}

/// What a file was read as.
pub fn file_kind(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Reservations => "reservations",
        FileKind::Orders => "reservation orders",
        FileKind::TransactionsJson => "reservation transactions (Consumption API JSON)",
        FileKind::TransactionsMcaCsv => "reservation transactions (Cost Management CSV, MCA)",
        FileKind::TransactionsEaCsv => "reservation transactions (Cost Management CSV, EA)",
        FileKind::TransactionsCsv => "reservation transactions (CSV)",
        FileKind::PriceSheet => "price sheet",
        FileKind::Empty => "an empty list",
    }
}

/// Why a reservation is not imported.
pub fn skip_reason(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Cancelled => "cancelled".into(),
        SkipReason::Split { into } if into.is_empty() => "split".into(),
        SkipReason::Split { into } => format!("split into {}", one_line(into.join(", "))),
        SkipReason::Merged { into: Some(into) } => format!("merged into {}", one_line(into.clone())),
        SkipReason::Merged { into: None } => "merged".into(),
        SkipReason::Expired { term_end: Some(end) } => format!("expired: its term ended on {end}"),
        SkipReason::Expired { term_end: None } => "expired".into(),
        SkipReason::NotLive { state } if state.is_empty() => "not live: it has no provisioningState".into(),
        SkipReason::NotLive { state } => format!("not live: its state is {state:?}"),
        SkipReason::TermUnsupported { found } => {
            format!("its term {found:?} is not one Reservoir models (P1Y, P3Y)")
        }
        SkipReason::NoPurchaseDate => {
            "no purchase date: neither its purchaseDate nor its order's benefitStartTime is there".into()
        }
        SkipReason::BoughtAfterToday { purchase_date } => format!("bought on {purchase_date}, after today"),
        SkipReason::Unreadable(why) => format!("unreadable: {}", one_line(problem(why))),
    }
}

/// What an import warns of.
pub fn warning(kind: &WarningKind) -> String {
    match kind {
        WarningKind::NoBillingPlan => "no billingPlan here nor on its order: imported as Upfront".into(),
        WarningKind::NoScope => "no appliedScopeType: imported with a shared scope".into(),
        WarningKind::OrderTerm { found } => {
            format!("{found:?} is no term: its reservations' own terms are used")
        }
        WarningKind::SameReservationTwice { first } => {
            format!("the same reservation as {first}: read once")
        }
        WarningKind::SameOrderTwice { first } => format!("the same order as {first}: read once"),
        WarningKind::OrdersWithoutReservations { count } => format!(
            "{count} order{} whose reservations no file holds: add the reservations list to import them",
            if *count == 1 { "" } else { "s" }
        ),
        WarningKind::PriceInOtherCurrency { found, expected } => {
            format!("a price in {found}, not the customer's {expected}: not used")
        }
        WarningKind::PriceRounded { total, quantity, unit_price } => {
            format!("{total} does not divide evenly by {quantity} units: the unit price is rounded to {unit_price}")
        }
        WarningKind::RefundNotInUsd { currency } => format!(
            "a refund in {currency}: not added to the refund-limit ledger, which counts USD (record it with its USD amount)"
        ),
        WarningKind::RefundAfterToday { date } => format!("a refund on {date}, after today: not added"),
        WarningKind::CancelNotCounted => {
            "a Cancel transaction: not added to the refund-limit ledger (its refund is counted)".into()
        }
        WarningKind::UnknownEvent { found } => {
            format!("the event type {found:?} is none of Purchase, Refund, Cancel, Exchange: ignored")
        }
        WarningKind::Unreadable(why) => format!("ignored: {}", one_line(problem(why))),
    }
}

/// Where a price came from.
pub fn price_source(source: &PriceSource) -> String {
    match source {
        PriceSource::OrderPlan(place) => format!("the order's first payment ({place})"),
        PriceSource::PurchaseTransaction(place) => format!("the Purchase transaction ({place})"),
        PriceSource::PriceSheet(place) => format!("the price sheet ({place})"),
        PriceSource::Partner => "typed by the partner".into(),
    }
}

/// What `reservoir import` says on standard error about a book and its plan, one line each: what
/// each file was read as, every warning and skipped reservation with its place, every reservation
/// left out for want of a price, and a last line of counts.
pub fn import_report(book: &AzureBook, plan: &ImportPlan) -> Vec<String> {
    let mut lines = Vec::new();
    for file in &book.files {
        lines.push(format!(
            "read: {}: {}, {} record{}",
            one_line(file.name.clone()),
            file_kind(file.kind),
            file.records,
            if file.records == 1 { "" } else { "s" }
        ));
    }
    for w in &book.warnings {
        lines.push(format!("warning: {}: {}", w.place, warning(&w.kind)));
    }
    for s in &book.skipped {
        let id = s.id.as_deref().map(|id| format!("reservation {id} ")).unwrap_or_default();
        lines.push(format!("skipped: {}: {id}{}", s.place, skip_reason(&s.reason)));
    }
    let already: std::collections::HashSet<usize> =
        plan.already_there.iter().map(|a| a.reservation).collect();
    for (_, r) in book.unpriced().filter(|(i, _)| !already.contains(i)) {
        lines.push(format!(
            "no price: {}: reservation {} ({} in {}, {}, {}) is left out: no file prices it; add a price sheet row",
            r.place,
            r.id,
            r.sku,
            r.region,
            r.term.code(),
            r.billing_plan.name()
        ));
    }
    let currency = match book.currency_source {
        crate::formats::azure::book::CurrencySource::Given => "given",
        crate::formats::azure::book::CurrencySource::Files => "from the files",
        crate::formats::azure::book::CurrencySource::Assumed => {
            "assumed: no currency given and no price in the files"
        }
    };
    lines.push(format!(
        "import: {} reservation{} added, {} already there, {} without a price, {} skipped; {} refund{} added to the ledger, {} already there; prices in {} ({currency})",
        plan.reservations_added,
        if plan.reservations_added == 1 { "" } else { "s" },
        plan.already_there.len(),
        plan.unpriced,
        book.skipped.len(),
        plan.refunds_added,
        if plan.refunds_added == 1 { "" } else { "s" },
        plan.refunds_already_there,
        book.currency,
    ));
    lines
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
        Expected::Plan => "an object with exits, and from and until if wanted",
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
