//! Parsing outside input, once, at the edge: JSON text becomes typed values or one error that names
//! the field by its path (`reservations[0].purchase_date: expected a date YYYY-MM-DD, found
//! "2023-13-01"`). Nothing here panics, whatever the bytes.
//!
//! The field types below ([`Date`], [`Amount`], [`Units`]) check their own values while they are
//! read, so serde_path_to_error can attach the path to their messages.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::domain::limits::MAX_INPUT_BYTES;
use crate::domain::values;

/// Input that cannot be used, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The field's path, e.g. `reservations[0].purchase_date` (`request` for the whole input).
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl InputError {
    /// An error at `path`. Both parts are kept on one line, whatever the input held: serde echoes
    /// some input as is (an unknown enum variant or field, a map key in the path), so a newline
    /// there would split the one line the CLI promises on standard error.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { path: one_line(path.into()), message: one_line(message.into()) }
    }
}

/// `text` with every control character (and the Unicode line and paragraph separators) written
/// as its escape, `\n` for a newline, as Rust writes it inside a string.
fn one_line(text: String) -> String {
    let breaks = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !text.contains(breaks) {
        return text;
    }
    text.chars().map(|c| if breaks(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for InputError {}

/// Reads `text` as JSON into `T`. Fields `T` does not know are collected in `ignored` (by path)
/// rather than refused, since the formats promise that fields may be added.
pub fn from_json<T: DeserializeOwned>(
    text: &str,
    whole: &str,
    ignored: &mut Vec<String>,
) -> Result<T, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::new(
            whole,
            format!("expected at most {} MiB, found {} bytes", MAX_INPUT_BYTES / (1024 * 1024), text.len()),
        ));
    }
    let mut json = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    let result = {
        let mut note_unknown = |path: serde_ignored::Path<'_>| ignored.push(path_text(&path));
        let unknown = serde_ignored::Deserializer::new(&mut json, &mut note_unknown);
        T::deserialize(serde_path_to_error::Deserializer::new(unknown, &mut track))
    };
    let value = result
        .and_then(|value| json.end().map(|()| value))
        .map_err(|error| json_error(&track.path().to_string(), whole, &error))?;
    Ok(value)
}

/// An ignored field's path in the notation the errors use (`reservations[0].note`, `refund.note`),
/// rather than serde_ignored's own (`reservations.0.note`, `refund.?.note`).
fn path_text(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", path_text(parent)),
        Path::Map { parent, key } => match path_text(parent) {
            parent if parent.is_empty() => key.clone(),
            parent => format!("{parent}.{key}"),
        },
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
            path_text(parent)
        }
    }
}

/// The message of a serde_json error, with its path, without the line and column suffix for
/// errors about a value (the path says where) but with it for malformed text.
fn json_error(path: &str, whole: &str, error: &serde_json::Error) -> InputError {
    let text = error.to_string();
    match error.classify() {
        serde_json::error::Category::Data => {
            let message = match text.rfind(" at line ") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            };
            located(path, message).or_whole(whole)
        }
        serde_json::error::Category::Eof => {
            InputError::new(path, format!("the JSON ends too early ({text})")).or_whole(whole)
        }
        _ => InputError::new(path, format!("expected JSON, found malformed text ({text})")).or_whole(whole),
    }
}

/// An error that serde reported at `path` (empty or `.` for the whole input). serde reports a
/// missing field at the object that lacks it ("missing field `term`"); the contract names the
/// field itself by its path, so the field moves into the path.
pub(crate) fn located(path: &str, message: String) -> InputError {
    let whole = path.is_empty() || path == ".";
    match message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
        Some(field) if whole => InputError::new(field, MISSING),
        Some(field) => InputError::new(format!("{path}.{field}"), MISSING),
        None => InputError::new(path, message),
    }
}

const MISSING: &str = "expected a value, found none (the field is missing)";

impl InputError {
    /// Names the whole input (`request`, `scenario`) where the path is empty. A last segment `?`
    /// (serde_path_to_error's "some key not yet read", as when the text ends inside an object)
    /// names nothing, so the object holding it is named instead.
    fn or_whole(mut self, whole: &str) -> InputError {
        if self.path == "?" {
            self.path.clear();
        } else if let Some(parent) = self.path.strip_suffix(".?") {
            self.path = parent.to_string();
        }
        if self.path.is_empty() || self.path == "." {
            self.path = whole.to_string();
        }
        self
    }
}

/// A description of a JSON value for messages: strings quoted, long values cut.
pub fn describe(value: &Value) -> String {
    let text = match value {
        Value::String(s) => format!("{s:?}"),
        Value::Null => "null".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// A calendar date written `YYYY-MM-DD`, between the years 2000 and 2100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD` (exactly that shape) inside the accepted years: the rule of
    /// [`values::Date`], in the CLI's words.
    pub fn parse(text: &str) -> Result<NaiveDate, String> {
        values::Date::parse(text).map(values::Date::get).map_err(|e| e.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Date::parse(&text).map(Date).map_err(de::Error::custom),
            other => {
                Err(de::Error::custom(format!("expected a date YYYY-MM-DD, found {}", describe(&other))))
            }
        }
    }
}

/// A non-negative decimal amount, read exactly from a string or a JSON number (never through a
/// float), with at most 8 decimals and at most 10^12.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub Decimal);

impl Amount {
    /// Parses the text of an amount: the rule of [`values::Amount`], in the CLI's words.
    pub fn parse(text: &str) -> Result<Decimal, String> {
        values::Amount::parse(text).map(values::Amount::get).map_err(|e| e.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json's arbitrary_precision keeps a number's exact text, so 0.1 stays 0.1.
        match Value::deserialize(deserializer)? {
            Value::String(text) => Amount::parse(&text).map(Amount).map_err(de::Error::custom),
            Value::Number(number) => {
                Amount::parse(&number.to_string()).map(Amount).map_err(de::Error::custom)
            }
            other => Err(de::Error::custom(format!(
                "expected a decimal amount such as \"1234.56\", found {}",
                describe(&other)
            ))),
        }
    }
}

/// A whole number of units, from a JSON number (or a string of digits), at most `u32::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Units(pub u32);

impl<'de> Deserialize<'de> for Units {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let text = match &value {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(units) = text.parse::<u32>() {
                return Ok(Units(units));
            }
        }
        Err(de::Error::custom(format!("expected a whole number of units, found {}", describe(&value))))
    }
}

/// A short piece of text (a name or an identifier): trimmed, 1 to 200 characters, no control
/// characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(pub values::Name);

impl Name {
    /// Checks a name: the rule of [`values::Name`], in the CLI's words.
    pub fn parse(text: &str) -> Result<String, String> {
        values::Name::parse(text).map(String::from).map_err(|e| e.to_string())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => values::Name::parse(&text).map(Name).map_err(de::Error::custom),
            other => Err(de::Error::custom(format!("expected text, found {}", describe(&other)))),
        }
    }
}

/// `deserialize_with` helpers, so domain types can be read from JSON with the same checks.
pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    Date::deserialize(d).map(|v| v.0)
}

/// See [`de_date`].
pub fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Date>::deserialize(d).map(|v| v.map(|v| v.0))
}

/// See [`de_date`].
pub fn de_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Amount::deserialize(d).map(|v| v.0)
}

/// See [`de_date`].
pub fn de_opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Option::<Amount>::deserialize(d).map(|v| v.map(|v| v.0))
}

/// See [`de_date`]. Scenario commands need it too: serde buffers an internally tagged command, and
/// with `arbitrary_precision` a buffered `1.5` reaches a plain `u32` as a map ("invalid type: map,
/// expected u32"); [`Units`] reads it as the number it is.
pub fn de_units<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Units::deserialize(d).map(|v| v.0)
}

/// See [`de_date`].
pub fn de_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Name::deserialize(d).map(|v| v.0.into())
}

/// See [`de_date`].
pub fn de_opt_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Name>::deserialize(d).map(|v| v.map(|v| v.0.into()))
}
