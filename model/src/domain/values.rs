//! Checked values: the only way a name, an amount, a quantity, a day count, a percentage or a date
//! gets into a command or a policy. Each type keeps its field private and is built only by its
//! parser, which holds exactly the rules the stored-session reader holds (it calls the same
//! parser). So a value the reader would refuse cannot be built at all, and nothing a partner types
//! can make stored data unreadable.
//!
//! A refusal is a [`ValueError`]: which rule, with its numbers and what was found, never a
//! sentence. The browser shell writes it in the reader's language; `Display` writes the plain
//! English the command-line tools print.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::domain::limits::{
    EARLIEST_YEAR, LATEST_YEAR, MAX_DECIMAL_PLACES, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_PERCENT,
    MAX_POLICY_DAYS, MAX_QUANTITY, MAX_UNIT_PRICE,
};

/// Why a typed or read value was refused: the rule broken, with its bounds and what was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ValueError {
    /// Nothing, or only spaces, where a name is needed.
    Empty,
    /// More characters than allowed.
    TooLong {
        /// The most allowed.
        max: usize,
        /// How many there were.
        found: usize,
    },
    /// A control character (a newline, a tab, ...) inside a name or a note.
    ControlCharacter {
        /// The text as typed, cut to 60 characters.
        found: String,
    },
    /// Not a date written `YYYY-MM-DD`.
    NotADate {
        /// What was there.
        found: String,
    },
    /// A date outside the years Reservoir accepts.
    YearOutOfRange {
        /// The first year accepted.
        earliest: i32,
        /// The last year accepted.
        latest: i32,
        /// The date as written.
        found: String,
    },
    /// Not a decimal number.
    NotAnAmount {
        /// What was there.
        found: String,
    },
    /// A negative amount.
    Negative {
        /// The amount as written.
        found: String,
    },
    /// An amount above the largest accepted.
    AboveMaximum {
        /// The largest accepted.
        max: Decimal,
        /// The amount as written.
        found: String,
    },
    /// More decimals than accepted.
    TooManyDecimals {
        /// The most accepted.
        max: u32,
        /// The amount as written.
        found: String,
    },
    /// Not a whole number.
    NotWholeNumber {
        /// What was there.
        found: String,
    },
    /// A form's amount that names another currency than its field's (`EUR 5` for a USD price).
    OtherCurrency {
        /// The field's currency code.
        expected: String,
        /// The amount as written.
        found: String,
    },
    /// A whole number outside its range (units, days).
    OutOfRange {
        /// The smallest accepted.
        min: u32,
        /// The largest accepted.
        max: u32,
        /// What was there.
        found: u32,
        /// What is counted.
        unit: CountUnit,
    },
}

/// What a whole number counts, so a message can say "units" or "days".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    /// Units of a reservation.
    Units,
    /// Days.
    Days,
}

/// Text cut to 60 characters, quoted as Rust writes a string, for what a message says was found.
fn shown(text: &str) -> String {
    let quoted = format!("{text:?}");
    if quoted.chars().count() > 60 {
        format!("{}…", quoted.chars().take(60).collect::<String>())
    } else {
        quoted
    }
}

impl fmt::Display for ValueError {
    /// The plain English of the command-line tools (the app writes its own, per language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Empty => write!(f, "expected a name, found an empty one"),
            ValueError::TooLong { max, found } => {
                write!(f, "expected at most {max} characters, found {found}")
            }
            ValueError::ControlCharacter { found } => {
                write!(f, "expected no control characters, found {found}")
            }
            ValueError::NotADate { found } => write!(f, "expected a date YYYY-MM-DD, found {found}"),
            ValueError::YearOutOfRange { earliest, latest, found } => {
                write!(f, "expected a date between {earliest} and {latest}, found {found}")
            }
            ValueError::NotAnAmount { found } => {
                write!(f, "expected a decimal amount such as \"1234.56\", found {found}")
            }
            ValueError::Negative { found } => write!(f, "expected an amount of zero or more, found {found}"),
            ValueError::AboveMaximum { max, found } => {
                write!(f, "expected an amount of at most {max}, found {found}")
            }
            ValueError::TooManyDecimals { max, found } => {
                write!(f, "expected at most {max} decimals, found {found}")
            }
            ValueError::NotWholeNumber { found } => write!(f, "expected a whole number, found {found}"),
            ValueError::OtherCurrency { expected, found } => {
                write!(f, "expected an amount in {expected}, found {found}")
            }
            ValueError::OutOfRange { min, max, found, unit } => {
                let unit = match unit {
                    CountUnit::Units => "units",
                    CountUnit::Days => "days",
                };
                write!(f, "expected {min} to {max} {unit}, found {found}")
            }
        }
    }
}

impl std::error::Error for ValueError {}

/// Checked text: trimmed, at most `max` characters, no control characters (nor the Unicode line
/// and paragraph separators), and not empty unless `empty_ok`.
fn checked_text(text: &str, max: usize, empty_ok: bool) -> Result<&str, ValueError> {
    let trimmed = text.trim();
    // IDs, SKUs and regions are ASCII, and a stored book reads 120,000 of them: one pass over the
    // bytes answers for those (an ASCII control character is exactly a `char::is_control` one).
    let (count, control) = if trimmed.is_ascii() {
        (trimmed.len(), trimmed.bytes().any(|b| b.is_ascii_control()))
    } else {
        let control = trimmed.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}');
        (trimmed.chars().count(), control)
    };
    if trimmed.is_empty() && !empty_ok {
        Err(ValueError::Empty)
    } else if count > max {
        Err(ValueError::TooLong { max, found: count })
    } else if control {
        Err(ValueError::ControlCharacter { found: shown(trimmed) })
    } else {
        Ok(trimmed)
    }
}

macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident, $max:expr, $empty_ok:expr) => {
        $(#[$doc])*
        ///
        /// The text is shared, not copied, when the value is cloned: one ID is held by the command
        /// that named it, the reservation, the customer's index and the activity log, and a book of
        /// 20,000 reservations clones its IDs a hundred thousand times as it is read.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Arc<str>);

        /// Written as the text is (`"r9"`), so a message that quotes a value with `{:?}` reads
        /// as it did when the value was a `String`.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl $name {
            /// Checks typed or read text; the value keeps it trimmed.
            pub fn parse(text: &str) -> Result<$name, ValueError> {
                checked_text(text, $max, $empty_ok).map(|text| $name(Arc::from(text)))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, shared rather than copied: for a value kept beside it (a reservation's
            /// SKU and region are the purchase's).
            pub fn shared(&self) -> Arc<str> {
                self.0.clone()
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                String::from(&*value.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &*self.0 == other.as_str()
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self.as_str() == &*other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == &*other.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

text_value!(
    /// A name or an identifier (a customer, a reservation, a SKU, a user, ...): trimmed, 1 to 200
    /// characters, no control characters.
    Name,
    MAX_NAME_CHARS,
    false
);

text_value!(
    /// A note (why a ledger entry was recorded): like a name, but it may be empty and longer.
    Note,
    MAX_NOTE_CHARS,
    true
);

impl Name {
    /// `base` followed by `suffix`, with `base` cut short when the whole would be longer than a
    /// name may be: the IDs the workspace makes up (`res-0001`, a successor `contoso-vm-0007`)
    /// must be names too, or a command naming them could not be stored.
    pub fn derived(base: &str, suffix: &str) -> Name {
        let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
        let kept: String = base.trim().chars().filter(|c| !c.is_control()).take(room).collect();
        let text = format!("{}{suffix}", kept.trim_end());
        Name::parse(&text)
            .unwrap_or_else(|_| Name(suffix.chars().take(MAX_NAME_CHARS).collect::<String>().into()))
    }
}

/// A calendar date between the years 2000 and 2100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD` (exactly that shape) inside the accepted years.
    pub fn parse(text: &str) -> Result<Date, ValueError> {
        // By hand rather than chrono's format parser: the shape is fixed, and the parser would
        // weigh more in the browser bundle than everything else here.
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
        let date = shaped
            .then(|| NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10)))
            .flatten();
        match date {
            Some(date) => Date::new(date).map_err(|_| ValueError::YearOutOfRange {
                earliest: EARLIEST_YEAR,
                latest: LATEST_YEAR,
                found: shown(text),
            }),
            None => Err(ValueError::NotADate { found: shown(text) }),
        }
    }

    /// A date the engine computed (a term's end, a day in a series), checked like a typed one.
    pub fn new(date: NaiveDate) -> Result<Date, ValueError> {
        if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
            Ok(Date(date))
        } else {
            Err(ValueError::YearOutOfRange {
                earliest: EARLIEST_YEAR,
                latest: LATEST_YEAR,
                found: date.to_string(),
            })
        }
    }

    /// The calendar date.
    pub fn get(self) -> NaiveDate {
        self.0
    }
}

/// A date as chrono's `NaiveDate::from_str` reads it, to the same answer for every text, without
/// chrono's format parser (4.8 KiB of the gzipped wasm, issue 16): the training files' dates go
/// through it, where a learner's edited results file may hold any text. That reader is lenient,
/// and so is this one: white space before each number and around each `-`, a signed year of any
/// length (`+12345`, `-44`) or up to four digits unsigned, a month and a day of one or two digits.
pub fn lenient_date(text: &str) -> Option<NaiveDate> {
    /// Up to `max` ASCII digits, at least one, as chrono's `scan::number` reads them.
    fn number(text: &str, max: usize) -> Option<(&str, i64)> {
        let digits = text.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut n = 0i64;
        for b in text[..digits].bytes() {
            n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some((&text[digits..], n))
    }
    fn dash(text: &str) -> Option<&str> {
        text.trim_start().strip_prefix('-')
    }
    let rest = text.trim_start();
    let (rest, year) = if let Some(unsigned) = rest.strip_prefix('-') {
        number(unsigned, usize::MAX).and_then(|(rest, y)| Some((rest, 0i64.checked_sub(y)?)))?
    } else if let Some(unsigned) = rest.strip_prefix('+') {
        number(unsigned, usize::MAX)?
    } else {
        number(rest, 4)?
    };
    let (rest, month) = number(dash(rest)?.trim_start(), 2)?;
    let (rest, day) = number(dash(rest)?.trim_start(), 2)?;
    if !rest.trim_start().is_empty() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month as u32, day as u32)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(&self.0, serializer)
    }
}

impl PartialEq<NaiveDate> for Date {
    fn eq(&self, other: &NaiveDate) -> bool {
        self.0 == *other
    }
}

impl PartialOrd<NaiveDate> for Date {
    fn partial_cmp(&self, other: &NaiveDate) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(other)
    }
}

/// Reads decimal text exactly (never through a float): plain digits, or scientific notation.
fn decimal(text: &str) -> Option<Decimal> {
    let trimmed = text.trim();
    let plain = !trimmed.is_empty()
        && trimmed.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
        && trimmed.len() <= 40;
    if plain {
        Decimal::from_str(trimmed).ok()
    } else if trimmed.len() <= 40 && trimmed.contains(['e', 'E']) {
        Decimal::from_scientific(trimmed).ok()
    } else {
        None
    }
}

/// Checks a decimal between zero and `max`, with at most 8 decimals, kept as written ("84.10"
/// stays 84.10, so what is stored reads back identical).
fn checked_decimal(text: &str, max: Decimal) -> Result<Decimal, ValueError> {
    match decimal(text) {
        None => Err(ValueError::NotAnAmount { found: shown(text) }),
        Some(v) if v.is_sign_negative() && !v.is_zero() => Err(ValueError::Negative { found: shown(text) }),
        Some(v) if v > max => Err(ValueError::AboveMaximum { max, found: shown(text) }),
        Some(v) if v.normalize().scale() > MAX_DECIMAL_PLACES => {
            Err(ValueError::TooManyDecimals { max: MAX_DECIMAL_PLACES, found: shown(text) })
        }
        // A negative zero is zero: kept without its sign.
        Some(v) if v.is_zero() => Ok(v.abs()),
        Some(v) => Ok(v),
    }
}

macro_rules! decimal_value {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            /// Checks typed or read text.
            pub fn parse(text: &str) -> Result<$name, ValueError> {
                checked_decimal(text, $max).map($name)
            }

            /// A number the engine holds, checked like typed text.
            pub fn new(value: Decimal) -> Result<$name, ValueError> {
                $name::parse(&value.to_string())
            }

            /// The number.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Serialize::serialize(&self.0, serializer)
            }
        }
    };
}

decimal_value!(
    /// A non-negative decimal amount (a price, a rate, USD), at most 10^12 with at most 8 decimals.
    Amount,
    MAX_UNIT_PRICE
);

/// How a page writes numbers: its decimal mark, and the marks that group thousands (the first is
/// the one it writes). English writes `20,000.00`; French and Swedish write `20 000,00`, grouping
/// with a no-break space. The shell holds one per language; the engine only reads with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberWriting {
    /// Between the whole part and the decimals.
    pub decimal_mark: char,
    /// Between groups of three digits of the whole part; the first is the one written.
    pub group_marks: &'static [char],
}

/// The whole part of a written number without its group marks: `20,000` → `20000`. Grouped, it
/// must be grouped throughout as the page writes it (one to three digits, then groups of exactly
/// three, all with the same mark), so a slip such as `2,00,0` is refused, not guessed at.
fn ungrouped(whole: &str, marks: &[char]) -> Option<String> {
    let Some(mark) = whole.chars().find(|c| marks.contains(c)) else {
        return Some(whole.to_string());
    };
    let (sign, digits) = match whole.strip_prefix(['-', '+']) {
        Some(rest) => (&whole[..1], rest),
        None => ("", whole),
    };
    let groups: Vec<&str> = digits.split(mark).collect();
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let first_fits = (1..=3).contains(&groups[0].len()) && all_digits(groups[0]);
    let rest_fit = groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
    (first_fits && rest_fit).then(|| format!("{sign}{}", groups.concat()))
}

impl Amount {
    /// Reads an amount typed in a form, written as the page itself writes amounts: with group
    /// marks (`20,000.00`) and, when `currency` is given, an optional currency code before the
    /// number or after it, as the language puts it (`USD 20,000.00`, `20 000,00 USD`), which must
    /// be that currency. What remains is checked by [`Amount::parse`],
    /// so every rule of a stored amount holds; a refusal quotes the text as typed. Only forms read
    /// this way: stored data and files keep the one plain spelling `Amount::parse` reads.
    pub fn parse_written(
        text: &str,
        writing: NumberWriting,
        currency: Option<&str>,
    ) -> Result<Amount, ValueError> {
        let typed = text.trim();
        let not_an_amount = || ValueError::NotAnAmount { found: shown(text) };
        // A code is three letters and a space (`USD 20,000.00`), or a space and three letters
        // (`20 000,00 USD`), as the page writes money.
        let mut number = typed;
        if let Some(code) = currency {
            let is_code = |l: &&str| l.chars().all(|c| c.is_ascii_alphabetic());
            let leading = typed
                .get(..3)
                .filter(is_code)
                .filter(|_| typed.get(3..).and_then(|r| r.chars().next()).is_some_and(char::is_whitespace));
            let at_end = typed.len().checked_sub(3).and_then(|cut| {
                typed
                    .get(cut..)
                    .filter(is_code)
                    .filter(|_| typed[..cut].chars().next_back().is_some_and(char::is_whitespace))
            });
            if let Some(letters) = leading.or(at_end) {
                if !letters.eq_ignore_ascii_case(code) {
                    return Err(ValueError::OtherCurrency { expected: code.to_string(), found: shown(text) });
                }
                number = if leading.is_some() {
                    typed[3..].trim_start()
                } else {
                    typed[..typed.len() - 3].trim_end()
                };
            }
        }
        // The page writes a minus as U+2212: read as one, so a negative is refused as negative.
        let number = number.replacen('\u{2212}', "-", 1);
        // A `.` in a language whose decimal mark is another would be a guess: `1.500` is 1,500 in
        // German and 1.5 in English.
        if writing.decimal_mark != '.' && number.contains('.') {
            return Err(not_an_amount());
        }
        let mut parts = number.split(writing.decimal_mark);
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        if parts.next().is_some() || fraction.is_some_and(|f| f.contains(writing.group_marks)) {
            return Err(not_an_amount());
        }
        let whole = ungrouped(whole, writing.group_marks).ok_or_else(not_an_amount)?;
        let plain = match fraction {
            Some(fraction) => format!("{whole}.{fraction}"),
            None => whole,
        };
        Amount::parse(&plain).map_err(|e| e.found_as(text))
    }
}

impl ValueError {
    /// The same refusal, quoting `text` as what was found: a form's reading changes the text
    /// before the checked parser sees it, and the person must see what they typed.
    fn found_as(self, text: &str) -> ValueError {
        let typed = shown(text);
        match self {
            ValueError::NotAnAmount { .. } => ValueError::NotAnAmount { found: typed },
            ValueError::Negative { .. } => ValueError::Negative { found: typed },
            ValueError::AboveMaximum { max, .. } => ValueError::AboveMaximum { max, found: typed },
            ValueError::TooManyDecimals { max, .. } => ValueError::TooManyDecimals { max, found: typed },
            other => other,
        }
    }
}

decimal_value!(
    /// A percentage from 0 to 100 (the early termination fee).
    Percent,
    MAX_PERCENT
);

/// Reads a whole number from its digits (at most 12 of them, so absurd input stays cheap).
fn whole(text: &str) -> Result<u32, ValueError> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.len() <= 12 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = trimmed.parse::<u32>() {
            return Ok(n);
        }
    }
    Err(ValueError::NotWholeNumber { found: shown(text) })
}

macro_rules! count_value {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $unit:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The smallest value.
            pub const MIN: u32 = $min;
            /// The largest value.
            pub const MAX: u32 = $max;

            /// Checks typed or read digits.
            pub fn parse(text: &str) -> Result<$name, ValueError> {
                $name::new(whole(text)?)
            }

            /// Checks a number.
            pub fn new(value: u32) -> Result<$name, ValueError> {
                if ($min..=$max).contains(&value) {
                    Ok($name(value))
                } else {
                    Err(ValueError::OutOfRange { min: $min, max: $max, found: value, unit: $unit })
                }
            }

            /// The number.
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u32(self.0)
            }
        }
    };
}

count_value!(
    /// How many units a reservation (or an exchange's purchase) is bought with: 1 to 1,000,000.
    Quantity,
    1,
    MAX_QUANTITY,
    CountUnit::Units
);

count_value!(
    /// A policy's day count (fee-free days, the full-refund window): 0 to 3,660.
    Days,
    0,
    MAX_POLICY_DAYS,
    CountUnit::Days
);

count_value!(
    /// The refund limit's rolling window: 1 to 3,660 days (a window of no day counts nothing).
    WindowDays,
    1,
    MAX_POLICY_DAYS,
    CountUnit::Days
);

/// Any whole number of units, as returned or refunded: whether it is more than the reservation
/// holds is the refund's rule to judge, with its own error.
pub fn units(text: &str) -> Result<u32, ValueError> {
    whole(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_dates_are_read_as_chrono_reads_them() {
        let chrono = |text: &str| text.parse::<NaiveDate>().ok();
        for text in [
            "2026-11-21",
            " 2026-1-5 ",
            "2026 - 01 - 05",
            "+2026-01-05",
            "-44-03-15",
            "+12345-01-01",
            "20260-01-01",
            "2026-13-01",
            "2026-02-30",
            "2026-00-10",
            "2026-01-001",
            "2026-01",
            "",
            "2026-01-05x",
            "\u{a0}2026-01-05",
            "2026-01-05\t",
            "-",
            "+-1-01-01",
            "99999999999999999999-01-01",
            "+2147483648-01-01",
            "0000-01-01",
            "1-1-1",
            "2026-٣-01",
            "2026--01-05",
        ] {
            assert_eq!(lenient_date(text), chrono(text), "{text:?}");
        }
        // Every combination of these pieces (most of them dates), then random short texts.
        for year in ["2026", "+2024", "-2026", "26", "02026", " 2100", "0"] {
            for first in ["-", " -", "- ", "\t-\n"] {
                for month in ["1", "02", "12", "13", "0", "001"] {
                    for second in ["-", " - "] {
                        for day in ["1", "29", "30", "31", "32", "05 ", " 5", "5x"] {
                            let text = format!("{year}{first}{month}{second}{day}");
                            assert_eq!(lenient_date(&text), chrono(&text), "{text:?}");
                        }
                    }
                }
            }
        }
        // Every short text over an alphabet that reaches each branch.
        let alphabet = ['0', '1', '2', '9', '-', '+', ' ', 'x'];
        let mut state = 1u64;
        for _ in 0..200_000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (state >> 60) as usize + 3;
            let mut text = String::new();
            let mut bits = state;
            for _ in 0..len {
                bits = bits.rotate_left(3) ^ (bits >> 7);
                text.push(alphabet[(bits % 8) as usize]);
            }
            assert_eq!(lenient_date(&text), chrono(&text), "{text:?}");
        }
    }

    #[test]
    fn names_are_trimmed_bounded_and_clean() {
        assert_eq!(Name::parse("  Contoso  ").unwrap(), "Contoso");
        assert_eq!(Name::parse("").unwrap_err(), ValueError::Empty);
        assert_eq!(Name::parse("   ").unwrap_err(), ValueError::Empty);
        assert_eq!(Name::parse(&"x".repeat(201)).unwrap_err(), ValueError::TooLong { max: 200, found: 201 });
        assert!(Name::parse(&"x".repeat(200)).is_ok());
        assert!(matches!(Name::parse("a\u{1}b"), Err(ValueError::ControlCharacter { .. })));
        assert!(matches!(Name::parse("a\u{2028}b"), Err(ValueError::ControlCharacter { .. })));
        assert_eq!(Note::parse("").unwrap().as_str(), "");
    }

    #[test]
    fn derived_ids_are_names_whatever_the_base() {
        let long = "x".repeat(200);
        let id = Name::derived(&long, "-0007");
        assert_eq!(id.chars().count(), 200);
        assert!(id.ends_with("-0007"));
        assert_eq!(Name::derived("res", "-0001"), "res-0001");
    }

    #[test]
    fn dates_name_what_they_found() {
        assert_eq!(
            Date::parse("2023-13-01").unwrap_err().to_string(),
            r#"expected a date YYYY-MM-DD, found "2023-13-01""#
        );
        assert!(Date::parse("2023-1-01").is_err());
        assert!(Date::parse("+2023-01-01").is_err());
        assert!(Date::parse("1999-12-31").unwrap_err().to_string().contains("between 2000 and 2100"));
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
    }

    #[test]
    fn amounts_are_exact_and_bounded() {
        assert_eq!(Amount::parse("2.66").unwrap().to_string(), "2.66");
        assert_eq!(Amount::parse("84.10").unwrap().to_string(), "84.10");
        assert_eq!(Amount::parse("1e3").unwrap().to_string(), "1000");
        assert_eq!(Amount::parse("-0").unwrap().to_string(), "0");
        assert!(matches!(Amount::parse("-1"), Err(ValueError::Negative { .. })));
        assert!(Amount::parse("1e400").is_err());
        assert!(matches!(Amount::parse("10000000000000"), Err(ValueError::AboveMaximum { .. })));
        assert!(matches!(Amount::parse("0.000000001"), Err(ValueError::TooManyDecimals { .. })));
        assert!(Amount::parse("NaN").is_err());
        assert!(Amount::parse("").is_err());
        assert!(matches!(Percent::parse("100.5"), Err(ValueError::AboveMaximum { .. })));
    }

    const ENGLISH: NumberWriting = NumberWriting { decimal_mark: '.', group_marks: &[','] };
    // How French and Swedish are read: a no-break space (or a narrow one) groups, a comma marks
    // the decimals, and the currency code comes after the number.
    const FRENCH: NumberWriting =
        NumberWriting { decimal_mark: ',', group_marks: &['\u{a0}', '\u{202f}', ' '] };

    /// Reads `text` as a form does, in a USD field; `Ok` is the amount's plain spelling.
    fn written(text: &str, writing: NumberWriting) -> Result<String, ValueError> {
        Amount::parse_written(text, writing, Some("USD")).map(|a| a.to_string())
    }

    #[test]
    fn a_form_reads_amounts_as_the_page_writes_them() {
        for (typed, read) in [
            ("20,000", "20000"),
            ("20,000.00", "20000.00"),
            ("1,234,567.5", "1234567.5"),
            ("USD 20,000.00", "20000.00"),
            ("usd 20,000", "20000"),
            ("  USD\u{a0}999  ", "999"),
            ("20000", "20000"),
            ("1234.56", "1234.56"),
            ("999", "999"),
            ("0.5", "0.5"),
            ("1e3", "1000"),
        ] {
            assert_eq!(written(typed, ENGLISH).as_deref(), Ok(read), "{typed:?}");
        }
        for (typed, read) in [
            ("20\u{a0}000,00", "20000.00"),
            ("20\u{202f}000", "20000"),
            ("1 234,5", "1234.5"),
            ("12,5", "12.5"),
            ("20\u{202f}000,00\u{a0}USD", "20000.00"),
            ("1 234,56 usd", "1234.56"),
            ("USD 1 234,56", "1234.56"),
        ] {
            assert_eq!(written(typed, FRENCH).as_deref(), Ok(read), "{typed:?}");
        }
    }

    #[test]
    fn a_form_refuses_what_the_page_would_not_write_and_quotes_it() {
        let not_an_amount = |typed: &str| ValueError::NotAnAmount { found: shown(typed) };
        for typed in [
            "2,00,0",
            "1.2.3",
            "20,00",
            ",000",
            "1,000,",
            "1,0000",
            "20,000.000,1",
            "20 000",
            "1,,000",
            "USD",
            "USD20",
            "1,000e3",
            "",
            "NaN",
        ] {
            assert_eq!(written(typed, ENGLISH), Err(not_an_amount(typed)), "{typed:?}");
        }
        // French: a point is none of its marks, and a comma marks its decimals, not a group.
        for typed in ["1.500", "20 000,00,1", "20\u{a0}000 000,5\u{a0}1", "2\u{a0}00\u{a0}0"] {
            assert_eq!(written(typed, FRENCH), Err(not_an_amount(typed)), "{typed:?}");
        }
        // The checked parser's own rules still hold, about the text as typed.
        assert_eq!(written("−1,000", ENGLISH), Err(ValueError::Negative { found: shown("−1,000") }));
        assert_eq!(written("-5", ENGLISH), Err(ValueError::Negative { found: shown("-5") }));
        assert_eq!(
            written("1,000.123456789", ENGLISH),
            Err(ValueError::TooManyDecimals { max: MAX_DECIMAL_PLACES, found: shown("1,000.123456789") })
        );
        assert_eq!(
            written("10,000,000,000,000", ENGLISH),
            Err(ValueError::AboveMaximum { max: MAX_UNIT_PRICE, found: shown("10,000,000,000,000") })
        );
        // Another currency is refused by name; without a field currency a code is no number.
        assert_eq!(
            written("EUR 20,000.00", ENGLISH),
            Err(ValueError::OtherCurrency { expected: "USD".into(), found: shown("EUR 20,000.00") })
        );
        assert_eq!(
            written("20\u{a0}000,00 EUR", FRENCH),
            Err(ValueError::OtherCurrency { expected: "USD".into(), found: shown("20\u{a0}000,00 EUR") })
        );
        assert_eq!(
            Amount::parse_written("USD 5", ENGLISH, None),
            Err(ValueError::NotAnAmount { found: shown("USD 5") })
        );
        assert_eq!(
            written("EUR 1", ENGLISH).unwrap_err().to_string(),
            r#"expected an amount in USD, found "EUR 1""#
        );
    }

    #[test]
    fn stored_amounts_keep_the_one_plain_spelling() {
        // Only forms read the page's writing: a file or a stored session with "20,000" is refused.
        assert!(matches!(Amount::parse("20,000"), Err(ValueError::NotAnAmount { .. })));
        assert!(matches!(Amount::parse("USD 20000"), Err(ValueError::NotAnAmount { .. })));
    }

    #[test]
    fn counts_have_their_ranges() {
        assert!(Quantity::parse("0").is_err());
        assert_eq!(Quantity::parse("3").unwrap().get(), 3);
        assert!(Quantity::parse("1000001").is_err());
        assert_eq!(Days::parse("0").unwrap().get(), 0);
        assert_eq!(
            Days::parse("5000").unwrap_err(),
            ValueError::OutOfRange { min: 0, max: 3660, found: 5000, unit: CountUnit::Days }
        );
        assert!(WindowDays::parse("0").is_err());
        assert!(matches!(Days::parse("1.5"), Err(ValueError::NotWholeNumber { .. })));
        assert!(matches!(Days::parse("-1"), Err(ValueError::NotWholeNumber { .. })));
    }
}
