//! Every refusal the engine answers with, for a person, in the current language: a command's
//! rejection, a refund's or an exchange's policy errors, what an actor may not do or see, a typed
//! value's error beside its field, and what is wrong with a file or a stored session. Written from
//! the refusal's data, with its numbers, dates and names as the language writes them (the command
//! line has its own plain English in the engine's `formats::plain`).

use reservoir::domain::exchange::ExchangeError;
use reservoir::domain::limits::MAX_INPUT_BYTES;
use reservoir::domain::partner::{ActionKind, Fact, NotAllowed};
use reservoir::domain::quote::RefundError;
use reservoir::domain::refund::ReturnError;
use reservoir::domain::values::{CountUnit, ValueError};
use reservoir::formats::azure::book::{AzureError, PlanError, PriceSource};
use reservoir::formats::azure::findings::{Place, SkipReason, WarningKind};
use reservoir::formats::azure::recognise::FileKind;
use reservoir::formats::input::{Expected, Found, InputError, Many, Problem};
use reservoir::formats::packed::PackFault;
use reservoir::formats::quote_json::exchange_error_code as code_of;
use reservoir::simulation::command::{Counted, Invalid, NotRenewable, Rejection, Thing, Unchanged};

use super::names::{family, role, scope};
use super::sentences::units;
use super::{count, date, fill, money, number, quoted, t, Key};

/// A refund refusal, for a person: made here from the error's numbers.
pub fn refund_error(e: &RefundError) -> String {
    match e {
        RefundError::RefundLimitExceeded {
            consumed,
            limit,
            requested,
            excess,
            earliest_fit,
            on_next_money_back,
        } => {
            let mut said = fill(
                Key::RfOverLimit,
                &[
                    ("requested", &money(*requested)),
                    ("consumed", &money(*consumed)),
                    ("limit", &money(*limit)),
                    ("excess", &money(*excess)),
                ],
            );
            if let Some(s) = on_next_money_back {
                said.push(' ');
                said.push_str(&fill(
                    Key::RfNextMoneyBack,
                    &[("date", &date(s.date)), ("left", &money(s.left)), ("requested", &money(s.requested))],
                ));
            }
            said.push(' ');
            said.push_str(&match earliest_fit {
                Some(d) => fill(Key::RfFitsOn, &[("date", &date(*d))]),
                None => t(Key::RfNeverFits).into(),
            });
            said
        }
        RefundError::ReservationNotActive { purchase_date, term_end, today } => fill(
            Key::RfNotActive,
            &[("today", &date(*today)), ("from", &date(*purchase_date)), ("end", &date(*term_end))],
        ),
        RefundError::InvalidRefundQuantity { requested, held } => {
            fill(Key::RfQuantity, &[("requested", &units(*requested)), ("held", &count(u64::from(*held)))])
        }
        RefundError::SelfServiceRefundNotSupported { family: f } => {
            fill(Key::RfNotRefundable, &[("family", &family(f.name()))])
        }
    }
}

/// An exchange refusal's code.
pub fn exchange_error_code(e: &ExchangeError) -> &'static str {
    code_of(e)
}

/// An exchange refusal, for a person.
pub fn exchange_error(e: &ExchangeError) -> String {
    match e {
        ExchangeError::EmptyExchange { returns, purchases } => fill(
            Key::ExEmpty,
            &[("returns", &count(*returns as u64)), ("purchases", &count(*purchases as u64))],
        ),
        ExchangeError::InvalidReturn {
            reservation,
            error: ReturnError::InvalidRefundQuantity { requested, held },
        } => fill(
            Key::ExQuantity,
            &[
                ("requested", &units(*requested)),
                ("reservation", reservation),
                ("held", &count(u64::from(*held))),
            ],
        ),
        ExchangeError::InvalidReturn {
            reservation,
            error: ReturnError::ReservationNotActive { purchase_date, term_end, today },
        } => fill(
            Key::ExNotActive,
            &[
                ("today", &date(*today)),
                ("reservation", reservation),
                ("from", &date(*purchase_date)),
                ("end", &date(*term_end)),
            ],
        ),
        ExchangeError::SelfServiceExchangeNotSupported { reservation, family: f } => {
            fill(Key::ExNotExchangeable, &[("reservation", reservation), ("family", &family(f.name()))])
        }
        ExchangeError::ExchangeNotAllowedAfterCutoff { reservation, purchase_date, cutoff } => fill(
            Key::ExAfterCutoff,
            &[("reservation", reservation), ("date", &date(*purchase_date)), ("cutoff", &date(*cutoff))],
        ),
        ExchangeError::FinalExchangeAlreadyUsed { reservation } => {
            fill(Key::ExFinalUsed, &[("reservation", reservation)])
        }
        ExchangeError::ExchangeFamilyMismatch { returned, other } => fill(
            Key::ExFamilyMismatch,
            &[("family", &family(returned.name())), ("other", &family(other.name()))],
        ),
        ExchangeError::ExchangeValueTooLow { refunds_total, purchases_total, shortfall } => fill(
            Key::ExValueTooLow,
            &[
                ("purchases", &money(*purchases_total)),
                ("refunds", &money(*refunds_total)),
                ("shortfall", &money(*shortfall)),
            ],
        ),
        ExchangeError::RefundLimitExceeded { consumed, limit, requested, excess } => fill(
            Key::ExOverLimit,
            &[
                ("requested", &money(*requested)),
                ("consumed", &money(*consumed)),
                ("limit", &money(*limit)),
                ("excess", &money(*excess)),
            ],
        ),
    }
}

/// Any refusal of a command, for a person.
pub fn rejection(r: &Rejection) -> String {
    match r {
        Rejection::DateOutOfOrder { date: on, last_date } => {
            fill(Key::RjDateOutOfOrder, &[("date", &date(*on)), ("last", &date(*last_date))])
        }
        Rejection::NotAllowed { why, action, .. } => not_allowed(why, *action),
        Rejection::UnknownCustomer { customer } => fill(Key::RjUnknownCustomer, &[("customer", customer)]),
        Rejection::UnknownReservation { customer, reservation } => {
            fill(Key::RjUnknownReservation, &[("customer", customer), ("reservation", reservation)])
        }
        Rejection::UnknownSubscription { customer, subscription } => {
            fill(Key::RjUnknownSubscription, &[("customer", customer), ("subscription", subscription)])
        }
        Rejection::UnknownUser { customer, user } => {
            fill(Key::RjUnknownUser, &[("customer", customer), ("user", user)])
        }
        Rejection::AlreadyExists { what, id } => fill(
            match what {
                Thing::Customer => Key::RjCustomerExists,
                Thing::Subscription => Key::RjSubscriptionExists,
                Thing::User => Key::RjUserExists,
                Thing::Reservation => Key::RjReservationExists,
            },
            &[("id", id)],
        ),
        Rejection::TooMany { what, max } => fill(
            match what {
                Counted::Customers => Key::RjTooManyCustomers,
                Counted::Reservations => Key::RjTooManyReservations,
                Counted::LedgerEntries => Key::RjTooManyLedgerEntries,
                Counted::ActivityEntries => Key::RjTooManyActivityEntries,
                Counted::ExchangeLines => Key::RjTooManyExchangeLines,
            },
            &[("max", &count(*max as u64))],
        ),
        Rejection::Invalid(invalid) => match invalid {
            Invalid::RateOutOfRange { found, max } => {
                fill(Key::RjRateOutOfRange, &[("max", &number(*max)), ("found", &number(*found))])
            }
            Invalid::UsdIsAlwaysOne => t(Key::RjUsdIsOne).into(),
            Invalid::NoRate { currency } => fill(Key::RjNoRate, &[("currency", &currency.code())]),
            Invalid::ReservationClosed { reservation } => {
                fill(Key::RjClosed, &[("reservation", reservation)])
            }
            Invalid::PurchaseInTheFuture { latest, found } => {
                fill(Key::RjPurchaseInFuture, &[("latest", &date(*latest)), ("found", &date(*found))])
            }
            Invalid::EarlierRefundInTheFuture { latest, found } => {
                fill(Key::RjEarlierRefundInFuture, &[("latest", &date(*latest)), ("found", &date(*found))])
            }
            Invalid::UnknownLedgerEntry { entry, entries } => {
                fill(Key::RjUnknownEntry, &[("entry", entry), ("entries", &count(*entries as u64))])
            }
            Invalid::CorrectionOfACorrection { entry } => {
                fill(Key::RjCorrectionOfCorrection, &[("entry", entry)])
            }
            Invalid::ReturnedTwice { reservation } => {
                fill(Key::RjReturnedTwice, &[("reservation", reservation)])
            }
            Invalid::PurchaseCurrency { expected, found } => {
                fill(Key::RjPurchaseCurrency, &[("expected", &expected.code()), ("found", &found.code())])
            }
        },
        Rejection::NothingToChange(unchanged) => match unchanged {
            Unchanged::Owner { user, subscription, is_owner } => fill(
                if *is_owner { Key::RjAlreadyOwner } else { Key::RjNotOwnerAlready },
                &[("user", user), ("subscription", subscription)],
            ),
            Unchanged::PurchasePermission { customer, allowed } => fill(
                if *allowed { Key::RjPermissionAlreadyOn } else { Key::RjPermissionAlreadyOff },
                &[("customer", customer)],
            ),
            Unchanged::Scope { reservation, scope: s } => {
                fill(Key::RjSameScope, &[("reservation", reservation), ("scope", &scope(s))])
            }
            Unchanged::AlreadyCorrected { entry } => fill(Key::RjAlreadyCorrected, &[("entry", entry)]),
        },
        Rejection::PurchasePermissionPrerequisite { customer } => {
            fill(Key::RjPermissionPrerequisite, &[("customer", customer)])
        }
        Rejection::PurchasePermissionOff { customer } => {
            fill(Key::RjPermissionOff, &[("customer", customer)])
        }
        Rejection::NotOwner { customer, user } => {
            fill(Key::RjNotOwner, &[("customer", customer), ("user", user)])
        }
        Rejection::RefundRefused { errors } => errors.iter().map(refund_error).collect::<Vec<_>>().join(" "),
        Rejection::ExchangeRefused { errors } => {
            errors.iter().map(exchange_error).collect::<Vec<_>>().join(" ")
        }
        Rejection::NotRenewable { reservation, why } => fill(
            match why {
                NotRenewable::Closed => Key::RjRenewClosed,
                NotRenewable::TermEnded => Key::RjRenewTermEnded,
                NotRenewable::AlreadyRenewed => Key::RjRenewAlreadyRenewed,
                NotRenewable::PastTheCalendar => Key::RjRenewPastCalendar,
            },
            &[("reservation", reservation)],
        ),
    }
}

/// Why an actor may not take an action.
pub fn not_allowed(why: &NotAllowed, action: ActionKind) -> String {
    match why {
        NotAllowed::OnlyAdminAgent { role: r } => {
            fill(Key::NaOnlyAdminAgent, &[("role", &role(*r)), ("action", &action_name(action))])
        }
        NotAllowed::PartnerOnly { customer } => {
            fill(Key::NaPartnerOnly, &[("customer", customer), ("action", &action_name(action))])
        }
        NotAllowed::OtherTenant { customer, concerned } => {
            fill(Key::NaOtherTenant, &[("customer", customer), ("concerned", concerned)])
        }
    }
}

/// Why a customer's page is not shown: another customer's, to a customer's user.
pub fn customer_hidden(why: &NotAllowed) -> String {
    match why {
        NotAllowed::OtherTenant { customer, concerned } => {
            fill(Key::NaCustomerHidden, &[("customer", customer), ("concerned", concerned)])
        }
        other => not_allowed(other, ActionKind::ManageWorkspace),
    }
}

/// Why a fact is not shown: it is the partner's business.
pub fn partner_only(fact: Fact) -> &'static str {
    t(match fact {
        Fact::PartnerPrice => Key::HiddenPartnerPrice,
        Fact::KeptByMicrosoft => Key::HiddenKeptByMicrosoft,
        Fact::RefundLimit => Key::HiddenRefundLimit,
        Fact::SupportDraft => Key::HiddenSupportDraft,
    })
}

/// What an action is, in a refusal.
pub fn action_name(action: ActionKind) -> &'static str {
    t(match action {
        ActionKind::ManageWorkspace => Key::DoManageWorkspace,
        ActionKind::AssignOwner => Key::DoAssignOwner,
        ActionKind::SetPurchasePermission => Key::DoSetPurchasePermission,
        ActionKind::Buy => Key::DoBuy,
        ActionKind::Cancel => Key::DoCancel,
        ActionKind::Exchange => Key::DoExchange,
        ActionKind::Renew => Key::DoRenew,
        ActionKind::ChangeScope => Key::DoChangeScope,
    })
}

/// Why a typed value was refused, beside its field.
pub fn value_error(e: &ValueError) -> String {
    match e {
        ValueError::Empty => t(Key::VeEmpty).into(),
        ValueError::TooLong { max, found } => {
            fill(Key::VeTooLong, &[("max", &count(*max as u64)), ("found", &count(*found as u64))])
        }
        ValueError::ControlCharacter { found } => fill(Key::VeControl, &[("found", found)]),
        ValueError::NotADate { found } => fill(Key::VeNotADate, &[("found", found)]),
        ValueError::YearOutOfRange { earliest, latest, found } => {
            fill(Key::VeYearOutOfRange, &[("earliest", earliest), ("latest", latest), ("found", found)])
        }
        ValueError::NotAnAmount { found } => {
            fill(Key::VeNotAnAmount, &[("example", &example_amount()), ("found", found)])
        }
        ValueError::Negative { found } => fill(Key::VeNegative, &[("found", found)]),
        ValueError::AboveMaximum { max, found } => {
            fill(Key::VeAboveMaximum, &[("max", &number(*max)), ("found", found)])
        }
        ValueError::TooManyDecimals { max, found } => {
            fill(Key::VeTooManyDecimals, &[("max", max), ("found", found)])
        }
        ValueError::NotWholeNumber { found } => fill(Key::VeNotWhole, &[("found", found)]),
        ValueError::OtherCurrency { expected, found } => {
            fill(Key::VeOtherCurrency, &[("expected", expected), ("found", found)])
        }
        ValueError::OutOfRange { min, max, found, unit } => fill(
            match unit {
                CountUnit::Units => Key::VeUnitsOutOfRange,
                CountUnit::Days => Key::VeDaysOutOfRange,
            },
            &[
                ("min", &count(u64::from(*min))),
                ("max", &count(u64::from(*max))),
                ("found", &count(u64::from(*found))),
            ],
        ),
    }
}

/// An amount as a form takes it in this language, without group marks: `1234.56`, `1234,56`.
fn example_amount() -> String {
    format!("1234{}56", super::number_writing().decimal_mark)
}

/// Why outside text (an imported file, a stored session) cannot be used, for a person (its place
/// is shown beside it, from `InputError::path`).
pub fn input_error(e: &InputError) -> String {
    let listed = |words: &[&str]| words.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(", ");
    match &e.problem {
        Problem::Value(error) => value_error(error),
        Problem::Missing => t(Key::IeMissing).into(),
        Problem::WrongKind { expected, found: it } => {
            fill(Key::IeExpectedFound, &[("expected", &expected_input(*expected)), ("found", &found(it))])
        }
        Problem::NotOneOf { expected, found: it } => {
            fill(Key::IeOneOf, &[("expected", &listed(expected)), ("found", &found(it))])
        }
        Problem::UnknownVariant { expected, found } => {
            fill(Key::IeOneOf, &[("expected", &listed(expected)), ("found", &quoted(found))])
        }
        Problem::UnknownParameter { known, found } => {
            fill(Key::IeUnknownParameter, &[("expected", &listed(known)), ("found", &quoted(found))])
        }
        Problem::DuplicateField { field } => fill(Key::IeDuplicateField, &[("field", &quoted(field))]),
        Problem::NotARequest { found } => fill(Key::IeNotARequest, &[("found", found)]),
        Problem::TooBig { max_bytes, found_bytes } => fill(
            Key::IeTooBig,
            &[("max", &count((*max_bytes / (1024 * 1024)) as u64)), ("found", &count(*found_bytes as u64))],
        ),
        Problem::TooMany { what, max, found } => fill(
            match what {
                Many::Commands => Key::IeTooManyCommands,
                Many::Entries => Key::IeTooManyEntries,
                Many::Reservations => Key::IeTooManyReservations,
                Many::Lines => Key::IeTooManyLines,
                Many::UndoSteps => Key::IeTooManyUndoSteps,
                Many::UndoCommands => Key::IeTooManyUndoCommands,
            },
            &[("max", &count(*max as u64)), ("found", &count(*found as u64))],
        ),
        Problem::Malformed { detail } => fill(Key::IeMalformed, &[("detail", detail)]),
        Problem::EndsEarly { detail } => fill(Key::IeEndsEarly, &[("detail", detail)]),
        Problem::WrongFormat { expected, found } => fill(
            Key::IeWrongFormat,
            &[
                ("expected", &quoted(expected)),
                ("found", &found.as_deref().map_or_else(|| t(Key::IeNone).to_string(), quoted)),
            ],
        ),
        Problem::NotASession { newest, found } => fill(
            Key::IeNotASession,
            &[("newest", newest), ("found", &found.as_deref().unwrap_or(t(Key::IeNone)))],
        ),
        Problem::NewerSession { found, newest } => {
            fill(Key::IeNewerSession, &[("found", found), ("newest", newest)])
        }
        Problem::Packed(PackFault::NotBase64) => t(Key::IePackedNotBase64).into(),
        Problem::Packed(PackFault::NotDeflate | PackFault::NotABody) => t(Key::IePackedDamaged).into(),
        Problem::Packed(PackFault::TooBig) => {
            fill(Key::IePackedTooBig, &[("max", &count((MAX_INPUT_BYTES / (1024 * 1024)) as u64))])
        }
        Problem::Packed(PackFault::NotText) => t(Key::IePackedNotText).into(),
        Problem::NoCommandToUndo => t(Key::IeNoCommandToUndo).into(),
        Problem::NoLongerApplies { command, rejection: why } => {
            fill(Key::IeNoLongerApplies, &[("action", &count(*command as u64 + 1)), ("why", &rejection(why))])
        }
        Problem::Refused { rejection: why } => fill(Key::IeRefused, &[("why", &rejection(why))]),
        Problem::RefusesExisting { rejection: why } => {
            fill(Key::IeRefusesExisting, &[("why", &rejection(why))])
        }
        Problem::MoreProblems { count: more } => fill(Key::IeMoreProblems, &[("more", &count(*more as u64))]),
        Problem::NotOneActor => t(Key::IeNotOneActor).into(),
        Problem::RefundOrExchange { both } => {
            t(if *both { Key::IeRefundAndExchange } else { Key::IeNeitherRefundNorExchange }).into()
        }
        Problem::RateNotAboveZero { found } => fill(Key::IeRateNotAboveZero, &[("found", &number(*found))]),
        Problem::UsdRateNotOne { found } => fill(Key::IeUsdRateNotOne, &[("found", &number(*found))]),
        Problem::NoRate { currency } => fill(Key::IeNoRate, &[("currency", currency)]),
        Problem::DuplicateId { id } => fill(Key::IeDuplicateId, &[("id", &quoted(id))]),
        Problem::UnknownReservation { id } => fill(Key::IeUnknownReservation, &[("id", &quoted(id))]),
        Problem::ReturnedTwice { id } => fill(Key::IeReturnedTwice, &[("id", &quoted(id))]),
        Problem::ReturnCurrency { expected, found } => {
            fill(Key::IeReturnCurrency, &[("expected", expected), ("found", found)])
        }
        Problem::PurchaseCurrency { expected, found } => {
            fill(Key::IePurchaseCurrency, &[("expected", expected), ("found", found)])
        }
        Problem::TermEndsNowhere => t(Key::IeTermEndsNowhere).into(),
        Problem::NoUnits => t(Key::IeNoUnits).into(),
        Problem::DateBefore { earliest, found } => {
            fill(Key::IeDateBefore, &[("earliest", &date(*earliest)), ("found", &date(*found))])
        }
        Problem::TooManyUnits { max, found } => fill(
            Key::IeTooManyUnits,
            &[("max", &count(u64::from(*max))), ("found", &count(u64::from(*found)))],
        ),
    }
}

/// What was found where something else was expected.
fn found(found: &Found) -> String {
    match found {
        Found::Written(text) => text.clone(),
        Found::List => t(Key::FoundList).into(),
        Found::Object => t(Key::FoundObject).into(),
    }
}

/// What kind of value was expected.
fn expected_input(expected: Expected) -> String {
    let key = match expected {
        Expected::Object => Key::XObject,
        Expected::Scenario => Key::XScenario,
        Expected::StoredSession => Key::XStoredSession,
        Expected::Command => Key::XCommand,
        Expected::Actor => Key::XActor,
        Expected::Partner => Key::XPartner,
        Expected::Customer => Key::XCustomer,
        Expected::Reservation => Key::XReservation,
        Expected::Purchase => Key::XPurchase,
        Expected::Return => Key::XReturn,
        Expected::Scope => Key::XScope,
        Expected::EarlierRefund => Key::XEarlierRefund,
        Expected::Exchange => Key::XExchange,
        Expected::Plan => Key::XPlan,
        Expected::Rates => Key::XRates,
        Expected::List => Key::XList,
        Expected::Bool => Key::XBool,
        Expected::Text => Key::XText,
        Expected::Date => Key::XDate,
        Expected::Amount => return fill(Key::XAmount, &[("example", &example_amount())]),
        Expected::Units => Key::XUnits,
        Expected::Percent => Key::XPercent,
        Expected::Days => Key::XDays,
        Expected::WholeNumber => Key::XWholeNumber,
        Expected::CurrencyText => Key::XCurrencyText,
        Expected::Currency | Expected::RateCurrency => Key::XCurrency,
        Expected::FamilyText => Key::XFamilyText,
        Expected::Family => Key::XFamily,
        Expected::CommandName => Key::XCommandName,
        Expected::FormatName => Key::XFormatName,
        Expected::Pack => Key::XPack,
        Expected::Policy => Key::XPolicy,
    };
    t(key).into()
}

/// A place in one of an Azure import's files, as the CLI writes it: `file: path`, or the file's
/// name alone for the whole file.
pub fn azure_place(p: &Place) -> String {
    if p.path.is_empty() {
        p.file.clone()
    } else {
        format!("{}: {}", p.file, p.path)
    }
}

/// What an Azure file was read as.
pub fn azure_file_kind(k: FileKind) -> &'static str {
    t(match k {
        FileKind::Reservations => Key::AzKindReservations,
        FileKind::Orders => Key::AzKindOrders,
        FileKind::TransactionsJson => Key::AzKindTransactionsJson,
        FileKind::TransactionsMcaCsv => Key::AzKindTransactionsMca,
        FileKind::TransactionsEaCsv => Key::AzKindTransactionsEa,
        FileKind::TransactionsCsv => Key::AzKindTransactionsCsv,
        FileKind::PriceSheet => Key::AzKindPriceSheet,
        FileKind::Empty => Key::AzKindEmpty,
    })
}

/// A problem at a place inside an Azure file, worded as any file's problem.
fn azure_problem(problem: &Problem) -> String {
    input_error(&InputError::new("", problem.clone()))
}

/// Why a reservation of Azure's files is not imported.
pub fn azure_skip(r: &SkipReason) -> String {
    match r {
        SkipReason::Cancelled => t(Key::AzSkipCancelled).into(),
        SkipReason::Split { into } => fill(Key::AzSkipSplit, &[("into", &into.join(", "))]),
        SkipReason::Merged { into: Some(into) } => fill(Key::AzSkipMerged, &[("into", into)]),
        SkipReason::Merged { into: None } => t(Key::AzSkipMergedSomewhere).into(),
        SkipReason::Expired { term_end: Some(end) } => {
            fill(Key::AzSkipExpired, &[("date", &date(end.get()))])
        }
        SkipReason::Expired { term_end: None } => t(Key::AzSkipExpiredState).into(),
        SkipReason::NotLive { state } if state.is_empty() => t(Key::AzSkipNoState).into(),
        SkipReason::NotLive { state } => fill(Key::AzSkipNotLive, &[("state", &quoted(state))]),
        SkipReason::TermUnsupported { found } => fill(Key::AzSkipTerm, &[("found", &quoted(found))]),
        SkipReason::NoPurchaseDate => t(Key::AzSkipNoPurchaseDate).into(),
        SkipReason::BoughtAfterToday { purchase_date } => {
            fill(Key::AzSkipAfterToday, &[("date", &date(purchase_date.get()))])
        }
        SkipReason::Unreadable(problem) => azure_problem(problem),
    }
}

/// What an Azure import assumed, left out or found twice.
pub fn azure_warning(w: &WarningKind) -> String {
    match w {
        WarningKind::NoBillingPlan => t(Key::AzWarnNoPlan).into(),
        WarningKind::NoScope => t(Key::AzWarnNoScope).into(),
        WarningKind::OrderTerm { found } => fill(Key::AzWarnOrderTerm, &[("found", &quoted(found))]),
        WarningKind::SameReservationTwice { first } => {
            fill(Key::AzWarnSameReservation, &[("first", &azure_place(first))])
        }
        WarningKind::SameOrderTwice { first } => {
            fill(Key::AzWarnSameOrder, &[("first", &azure_place(first))])
        }
        WarningKind::OrdersWithoutReservations { count: n } => {
            fill(Key::AzWarnOrdersAlone, &[("count", &count(*n as u64))])
        }
        WarningKind::PriceInOtherCurrency { found, expected } => {
            fill(Key::AzWarnOtherCurrency, &[("found", &found.code()), ("expected", &expected.code())])
        }
        WarningKind::PriceRounded { total, quantity, unit_price } => fill(
            Key::AzWarnRounded,
            &[
                ("total", &number(*total)),
                ("quantity", &count(u64::from(*quantity))),
                ("price", &number(*unit_price)),
            ],
        ),
        WarningKind::RefundNotInUsd { currency } => {
            fill(Key::AzWarnRefundNotUsd, &[("currency", &currency.code())])
        }
        WarningKind::RefundAfterToday { date: day } => {
            fill(Key::AzWarnRefundAfterToday, &[("date", &date(day.get()))])
        }
        WarningKind::CancelNotCounted => t(Key::AzWarnCancel).into(),
        WarningKind::UnknownEvent { found } => fill(Key::AzWarnUnknownEvent, &[("found", &quoted(found))]),
        WarningKind::Unreadable(problem) => azure_problem(problem),
    }
}

/// Why Azure's files cannot be imported at all, naming the file.
pub fn azure_error(e: &AzureError) -> String {
    match e {
        AzureError::NotAnExport { file } => fill(Key::AzErrNotAnExport, &[("file", file)]),
        AzureError::Unreadable { file, error } => {
            let file = azure_place(&Place::of_error(file, error));
            fill(Key::AzErrUnreadable, &[("file", &file), ("why", &input_error(error))])
        }
        AzureError::MalformedCsv { file, detail } => {
            fill(Key::AzErrMalformedCsv, &[("file", file), ("detail", detail)])
        }
        AzureError::TooManyReservations { max, found } => {
            fill(Key::AzErrTooMany, &[("max", &count(*max as u64)), ("found", &count(*found as u64))])
        }
    }
}

/// Why a book read from Azure's files cannot be added to the workspace.
pub fn azure_plan_error(e: &PlanError) -> String {
    match e {
        PlanError::CurrencyDiffers { customer, book } => {
            fill(Key::AzPlanCurrency, &[("customer", &customer.code()), ("book", &book.code())])
        }
        PlanError::NeedsRate { currency } => fill(Key::AzPlanNeedsRate, &[("currency", &currency.code())]),
        PlanError::TooManyReservations { max, found } => {
            fill(Key::AzPlanTooMany, &[("max", &count(*max as u64)), ("found", &count(*found as u64))])
        }
    }
}

/// Where an imported reservation's price came from.
pub fn azure_price_source(s: &PriceSource) -> &'static str {
    t(match s {
        PriceSource::OrderPlan(_) => Key::AzPriceOrder,
        PriceSource::PurchaseTransaction(_) => Key::AzPriceTransaction,
        PriceSource::PriceSheet(_) => Key::AzPriceSheet,
        PriceSource::Partner => Key::AzPricePartner,
    })
}
