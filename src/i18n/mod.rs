//! The one translation layer: every string a person sees, in English, French or Swedish, and
//! every number, amount and date as the language writes them.
//!
//! - `catalog.rs` — how a language is declared, so that a missing word is a compile error;
//! - `en.rs`, `fr.rs`, `sv.rs` — the words (English declares the keys);
//! - `intl.rs` — CLDR from the browser's `Intl`: number marks, dates, plural forms;
//! - `names.rs` — the engine's things by name (roles and operations as Partner Center names them);
//! - `sentences.rs` — the activity log, Undo, the confirmation, the breakdown, the support draft;
//! - `refusals.rs` — every refusal and error, from its data;
//! - `stories.rs` — the guided demo stories' titles and steps, from the engine's figures.
//!
//! The current language is set once per render of the app (`set_locale`); every function here
//! writes in it.

#[macro_use]
mod catalog;
mod en;
mod fr;
mod intl;
mod names;
mod refusals;
mod sentences;
mod stories;
mod sv;

use std::cell::Cell;
use std::fmt::Display;

use chrono::NaiveDate;
use reservoir::domain::money::{Currency, Money};
use reservoir::domain::values::NumberWriting;
use reservoir::formats::csv::Dialect;
use rust_decimal::Decimal;

use en::English;
pub use en::Key;
use fr::French;
pub use names::*;
pub use refusals::*;
pub use sentences::*;
pub use stories::*;
use sv::Swedish;

/// A language Reservoir speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    En,
    Fr,
    Sv,
}

impl Locale {
    /// Every language, in the order the language menu lists them.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::Sv];

    /// The language's code: the menu's option value, what is stored, and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Sv => "sv",
        }
    }

    /// The language's own name for itself, as a language menu lists it.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Sv => "Svenska",
        }
    }

    /// The language of a code such as `fr`, `fr-CA` or `sv-SE` (its first subtag), if Reservoir
    /// speaks it.
    pub fn of(code: &str) -> Option<Locale> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of a browser's preferred languages that Reservoir speaks; English otherwise.
    pub fn preferred<'a>(languages: impl IntoIterator<Item = &'a str>) -> Locale {
        languages.into_iter().find_map(Locale::of).unwrap_or(Locale::En)
    }
}

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
}

/// Makes `locale` the language every function here writes in.
pub fn set_locale(locale: Locale) {
    CURRENT.with(|c| c.set(locale));
}

/// The language every function here writes in.
pub fn locale() -> Locale {
    CURRENT.with(Cell::get)
}

/// The string for `key` in the current language.
pub fn t(key: Key) -> &'static str {
    match locale() {
        Locale::En => key.word::<English>(),
        Locale::Fr => key.word::<French>(),
        Locale::Sv => key.word::<Swedish>(),
    }
}

/// The word for `key` with its blanks filled: each `{name}` takes the value given for `name`.
/// (`tests/translations.rs` holds every language to English's blanks, so none is left unfilled.)
pub fn fill(key: Key, blanks: &[(&str, &dyn Display)]) -> String {
    let template = t(key);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if blanks.iter().any(|(n, _)| *n == name) => {
                let (_, value) = blanks.iter().find(|(n, _)| *n == name).expect("found above");
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `n` with the word's singular or plural form, as the language's CLDR plural rule picks it
/// (French takes the singular for 0 as well as 1). Each form is a word with the blank `{n}`.
pub fn plural(n: u64, one: Key, many: Key) -> String {
    fill(if intl::is_one(locale(), n) { one } else { many }, &[("n", &count(n))])
}

/// What stands between a label and its value: `: ` in English, ` : ` (a no-break space first) in
/// French.
pub fn after_label() -> String {
    format!("{} ", t(Key::Colon))
}

/// A value after its label: "Unit price: expected …", « Prix unitaire : attendu … ».
pub fn labelled(label: &str, value: &dyn Display) -> String {
    format!("{label}{}{value}", after_label())
}

/// Text in the language's quotation marks: "x", « x », ”x”.
pub fn quoted(text: &str) -> String {
    fill(Key::Quoted, &[("text", &text)])
}

/// How the current language writes numbers, for reading typed amounts back the same way
/// (`Amount::parse_written`): a figure copied from the page is taken back as written. The marks
/// are those `Intl` writes, with the plain space a keyboard types beside the no-break ones.
pub fn number_writing() -> NumberWriting {
    match locale() {
        Locale::En => NumberWriting { decimal_mark: '.', group_marks: &[','] },
        Locale::Fr | Locale::Sv => {
            NumberWriting { decimal_mark: ',', group_marks: &['\u{202f}', '\u{a0}', ' '] }
        }
    }
}

/// How a CSV file is written for a spreadsheet in the current language: the language's decimal
/// mark, and between cells the list separator its spreadsheets expect (a semicolon where the
/// decimal mark is a comma, which then cannot separate).
pub fn spreadsheet_csv() -> Dialect {
    let decimal_mark = number_writing().decimal_mark;
    Dialect::Spreadsheet { separator: if decimal_mark == ',' { ';' } else { ',' }, decimal_mark }
}

/// A plain decimal string (`-12345.60`) with the language's marks.
fn with_marks(plain: &str) -> String {
    intl::with_marks(locale(), |marks| {
        let (negative, digits) = match plain.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, plain),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let mut out = String::with_capacity(plain.len() + 8);
        if negative {
            out.push_str(&marks.minus);
        }
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push_str(&marks.group);
            }
            out.push(c);
        }
        if let Some(fraction) = fraction {
            out.push_str(&marks.decimal);
            out.push_str(fraction);
        }
        out
    })
}

/// A decimal as the language writes it: `1,234.5`, `1 234,5`. The digits are the decimal's own.
pub fn number(value: Decimal) -> String {
    with_marks(&value.to_string())
}

/// A whole number as the language writes it: `20,000`, `20 000`.
pub fn count(value: u64) -> String {
    with_marks(&value.to_string())
}

/// A percentage as the language writes it: `12%`, `12 %`.
pub fn percent(value: Decimal) -> String {
    let gap = intl::with_marks(locale(), |marks| marks.percent_gap.clone());
    format!("{}{gap}%", number(value.normalize()))
}

/// A number with a currency code, where the language puts it: `USD 1,234.56`, `1 234,56 USD`.
fn coded(code: &str, plain: &str) -> String {
    let digits = with_marks(plain);
    intl::with_marks(locale(), |marks| {
        if marks.code_first {
            format!("{code}{}{digits}", marks.code_gap)
        } else {
            format!("{digits}{}{code}", marks.code_gap)
        }
    })
}

/// An amount with its currency code, always: `USD 1,234.56`, `1 234,56 USD`.
pub fn money(m: Money) -> String {
    // The engine's own string keeps exactly the currency's minor-unit digits (12.50, not 12.5).
    coded(m.currency().code(), &m.amount_string())
}

/// An amount of money that is not a [`Money`] (a unit price, a rate, a ledger amount, a chart's
/// scale), written the way [`money`] writes money: its currency code and at least the currency's
/// minor-unit digits, `USD 20,000.00` (never `USD 20,000` beside it). Digits past the minor unit
/// that the amount really has stay (a unit price of `EUR 0.123456`): writing never rounds.
pub fn price(currency: Currency, amount: Decimal) -> String {
    let mut shown = amount.normalize();
    if shown.scale() < currency.minor_unit_digits() {
        shown.rescale(currency.minor_unit_digits());
    }
    coded(currency.code(), &shown.to_string())
}

/// A date as the language writes it, from CLDR: `21 Nov 2026`, `21 nov. 2026`.
pub fn date(d: NaiveDate) -> String {
    intl::date(locale(), d)
}
