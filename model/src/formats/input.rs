//! Outside input that cannot be used, as data: where ([`InputError::path`]) and what was wrong
//! ([`Problem`], with its numbers and what was found). The CLI's plain English for it is
//! `formats/plain.rs` (`path: message`, one line); the app writes its own from the same data.

use crate::formats::json::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::money::Currency;
use crate::domain::values::ValueError;
use crate::simulation::command::Rejection;

/// Input that cannot be used, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The field's path, e.g. `reservations[0].purchase_date` (`request` for the whole input),
    /// on one line: control characters written as their escapes.
    pub path: String,
    /// What was wrong there.
    pub problem: Problem,
}

impl InputError {
    /// An error at `path`. The path is kept on one line, whatever the input held (a map key in the
    /// path is the input's own text), since the CLI promises one line on standard error.
    pub fn new(path: impl Into<String>, problem: Problem) -> InputError {
        InputError { path: one_line(path.into()), problem }
    }

    /// `expected …, found …` at `path`.
    pub fn wrong_kind(path: impl Into<String>, expected: Expected, found: Found) -> InputError {
        InputError::new(path, Problem::WrongKind { expected, found })
    }

    /// The problem in the CLI's plain English, on one line (what `Display` writes after the path).
    pub fn message(&self) -> String {
        let line = self.to_string();
        line[self.path.len() + 2..].to_string()
    }
}

impl std::error::Error for InputError {}

/// `text` with every control character (and the Unicode line and paragraph separators) written
/// as its escape, `\n` for a newline, as Rust writes it inside a string.
pub fn one_line(text: String) -> String {
    let breaks = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !text.contains(breaks) {
        return text;
    }
    text.chars().map(|c| if breaks(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// What was wrong with a piece of input. Every refusal of every reader of outside text is one of
/// these, with what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A checked value (name, date, amount, count) its own parser refused.
    Value(ValueError),
    /// A required field is missing (or null).
    Missing,
    /// The wrong kind of JSON value, or text that is not what was asked for.
    WrongKind {
        /// What was expected.
        expected: Expected,
        /// What was there.
        found: Found,
    },
    /// Not one of a fixed list of words.
    NotOneOf {
        /// The words accepted, in order.
        expected: Vec<&'static str>,
        /// What was there.
        found: Found,
    },
    /// Not one of a fixed list of words, in the quote request (whose contract words this as
    /// serde does: ``unknown variant `P2Y`, expected `P1Y` or `P3Y` ``).
    UnknownVariant {
        /// The words accepted, in order.
        expected: Vec<&'static str>,
        /// The word that was there.
        found: String,
    },
    /// A policy object holds a key that is no parameter.
    UnknownParameter {
        /// Every key a policy object may have.
        known: &'static [&'static str],
        /// The key that was there.
        found: String,
    },
    /// The same field twice in the quote request.
    DuplicateField {
        /// The field.
        field: String,
    },
    /// The quote request is not an object.
    NotARequest {
        /// What it is, in serde_json's words (`null`, `sequence`, `integer \`5\``).
        found: String,
    },
    /// More text than any input may be.
    TooBig {
        /// The most bytes accepted.
        max_bytes: usize,
        /// How many there were.
        found_bytes: usize,
    },
    /// Too many items in a list.
    TooMany {
        /// What was counted.
        what: Many,
        /// The most accepted.
        max: usize,
        /// How many there were.
        found: usize,
    },
    /// Text that is not JSON.
    Malformed {
        /// serde_json's own words and place (`expected value at line 1 column 12`).
        detail: String,
    },
    /// JSON that stops before its end.
    EndsEarly {
        /// serde_json's own words and place.
        detail: String,
    },
    /// Another format's name (or none).
    WrongFormat {
        /// The format this reader reads.
        expected: &'static str,
        /// The name that was there.
        found: Option<String>,
    },
    /// Stored text that names no session format.
    NotASession {
        /// The newest session version this build reads.
        newest: u32,
        /// The `format` value there, as JSON.
        found: Option<String>,
    },
    /// A session written by a newer version of Reservoir.
    NewerSession {
        /// Its version.
        found: u32,
        /// The newest version this build reads.
        newest: u32,
    },
    /// A stored session's packed body that cannot be unpacked (damaged, or cut short).
    Packed(crate::formats::packed::PackFault),
    /// A stored undo step that takes back a command where the scenario has none left to take back.
    NoCommandToUndo,
    /// A stored session's command that no longer replays.
    NoLongerApplies {
        /// The command's index in the scenario.
        command: usize,
        /// Why it is refused.
        rejection: Box<Rejection>,
    },
    /// An imported file's command refused when replayed.
    Refused {
        /// Why.
        rejection: Box<Rejection>,
    },
    /// An imported command, dated before what is there, makes an existing one refused.
    RefusesExisting {
        /// Why the existing one is refused.
        rejection: Box<Rejection>,
    },
    /// More problems than are listed.
    MoreProblems {
        /// How many more.
        count: usize,
    },
    /// An actor that is neither exactly a partner nor exactly a customer.
    NotOneActor,
    /// A quote request asking for both a refund and an exchange, or for neither.
    RefundOrExchange {
        /// True for both, false for neither.
        both: bool,
    },
    /// A rate of zero.
    RateNotAboveZero {
        /// The rate as read.
        found: Decimal,
    },
    /// A rate for USD other than 1.
    UsdRateNotOne {
        /// The rate as read.
        found: Decimal,
    },
    /// A reservation's currency has no rate in `usd_per_unit`.
    NoRate {
        /// The currency.
        currency: Currency,
    },
    /// A reservation id used twice.
    DuplicateId {
        /// The id.
        id: String,
    },
    /// A reservation id none of the reservations has.
    UnknownReservation {
        /// The id.
        id: String,
    },
    /// A reservation returned twice in one exchange.
    ReturnedTwice {
        /// The id.
        id: String,
    },
    /// A returned reservation billed in another currency than the exchange's.
    ReturnCurrency {
        /// The exchange's currency.
        expected: Currency,
        /// The reservation's.
        found: Currency,
    },
    /// A purchase in another currency than the exchange's.
    PurchaseCurrency {
        /// The exchange's currency.
        expected: Currency,
        /// The purchase's.
        found: Currency,
    },
    /// A purchase date whose term would end on no calendar date.
    TermEndsNowhere,
    /// No units.
    NoUnits,
    /// A date before the one it must not precede (a plan's last date before its first).
    DateBefore {
        /// The earliest date accepted.
        earliest: NaiveDate,
        /// The date as read.
        found: NaiveDate,
    },
    /// More units than a reservation holds at most.
    TooManyUnits {
        /// The most.
        max: u32,
        /// How many there were.
        found: u32,
    },
}

/// What was counted, for [`Problem::TooMany`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Many {
    /// A scenario's commands.
    Commands,
    /// The quote request's earlier refunds.
    Entries,
    /// The quote request's reservations.
    Reservations,
    /// An exchange's lines (returns and purchases).
    Lines,
    /// A stored session's undo steps.
    UndoSteps,
    /// The commands a stored session's undo history keeps, in the scenarios it can bring back.
    UndoCommands,
}

/// What kind of value was expected, for [`Problem::WrongKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Any JSON object.
    Object,
    /// A scenario.
    Scenario,
    /// A stored session.
    StoredSession,
    /// A dated command.
    Command,
    /// An actor.
    Actor,
    /// The partner side of an actor.
    Partner,
    /// The customer side of an actor.
    Customer,
    /// A reservation.
    Reservation,
    /// A purchase.
    Purchase,
    /// A returned reservation and its units.
    Return,
    /// A scope.
    Scope,
    /// An earlier refund (date and USD).
    EarlierRefund,
    /// An exchange (return and purchase).
    Exchange,
    /// A plan (exits, from, until).
    Plan,
    /// The rates, by currency code.
    Rates,
    /// A list.
    List,
    /// true or false.
    Bool,
    /// Text.
    Text,
    /// A date.
    Date,
    /// A decimal amount.
    Amount,
    /// A whole number of units.
    Units,
    /// A percent.
    Percent,
    /// A whole number of days.
    Days,
    /// Any whole number.
    WholeNumber,
    /// A currency code, as text.
    CurrencyText,
    /// A currency Reservoir knows.
    Currency,
    /// A currency Reservoir knows, as a rate's key.
    RateCurrency,
    /// A product family, as text.
    FamilyText,
    /// A product family.
    Family,
    /// A command's name, as text.
    CommandName,
    /// A format's name, as text.
    FormatName,
    /// A policy pack's name.
    Pack,
    /// A policy: a pack's name or an object of overrides.
    Policy,
}

/// What was found where something else was expected: the input's own text for a string (quoted,
/// cut to 60 characters), a number, true, false or null, or just the kind of a list or object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The value as written.
    Written(String),
    /// A list.
    List,
    /// An object.
    Object,
}

impl Found {
    /// What `value` is, for a message.
    pub fn of(value: &Value) -> Found {
        let text = match value {
            Value::String(s) => format!("{s:?}"),
            Value::Array(_) => return Found::List,
            Value::Object(_) => return Found::Object,
            other => other.to_string(),
        };
        if text.chars().count() > 60 {
            Found::Written(format!("{}…", text.chars().take(60).collect::<String>()))
        } else {
            Found::Written(text)
        }
    }

    /// A word as found, quoted, in full.
    pub fn word(text: &str) -> Found {
        Found::Written(format!("{text:?}"))
    }
}
