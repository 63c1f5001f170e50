//! What each language's CLDR data says, read from the browser's `Intl` (through js-sys) once per
//! language: the marks a number is written with, where an amount's currency code goes, how a date
//! is written, and which plural form a count takes.
//!
//! Money never passes through a float: `Intl` only writes sample numbers here, and what it wrote
//! is taken apart (`formatToParts`) into marks; the digits of every real amount come from its exact
//! decimal. Dates and plural categories are not money, so `Intl` writes them directly.
//!
//! What `Intl` said is kept in browser storage (`storage::CLDR_KEY`), for this browser's version:
//! the first `Intl.NumberFormat` or `Intl.DateTimeFormat` of a page loads the browser's CLDR data,
//! 30 to 60 ms in Chromium, and a page that opens on amounts (a big book's customer list) paid it
//! on every visit. What is kept is checked before it is used, and asked of `Intl` again when it
//! does not pass, was written for another browser version, or by another version of this file.

use std::cell::{OnceCell, RefCell};

use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Locale;

/// How a language writes numbers and amounts, as its CLDR data says.
#[derive(Debug)]
pub struct Marks {
    /// Between groups of three digits: `,` in English, U+202F in French, U+00A0 in Swedish.
    pub group: String,
    /// Between the whole part and the decimals.
    pub decimal: String,
    /// Before a negative number: `-` in English and French, U+2212 in Swedish.
    pub minus: String,
    /// Whether the currency code comes before the number (English) or after it.
    pub code_first: bool,
    /// Between the code and the number.
    pub code_gap: String,
    /// Between the number and the percent sign, and the sign's side: `12%`, `12 %`.
    pub percent_gap: String,
}

/// A piece of a date as the language writes it: `Intl` wrote each month once, and every date is
/// that month's pieces with its own day and year (a table of a few hundred rows writes its dates
/// without a call into JavaScript each).
#[derive(Debug)]
enum DatePiece {
    Day,
    Year,
    /// The month's name and the marks between the parts, as written: `nov.`, ` `.
    Text(String),
}

/// What is built once per language: the marks, each month's date pieces, and the plural rules.
struct Cldr {
    marks: Marks,
    months: Vec<Vec<DatePiece>>,
    /// Made when first asked for (it costs little, and is not kept).
    plurals: OnceCell<Intl::PluralRules>,
}

/// The first line of what is kept: a change to what `build` asks of `Intl`, or makes of it, or to
/// how it is written below, changes it. The second line is the browser version; then one line a
/// language: its tag, its marks and its twelve months, separated by tabs, a month's pieces by
/// U+001F (`D` the day, `Y` the year, `T` before a text). Written by hand, not with serde: derived
/// readers for these few types weighed 7 KiB in the bundle.
const KEPT_FORMAT: &str = "reservoir.cldr/1";
const PIECE: char = '\u{1f}';

thread_local! {
    static CACHE: RefCell<Vec<(Locale, std::rc::Rc<Cldr>)>> = const { RefCell::new(Vec::new()) };
}

/// The BCP 47 tag `Intl` is asked with. English is written as in Britain and the rest of Europe
/// (`21 Nov 2026`, day before month), as Microsoft's European pages write it; its numbers are the
/// same as American English's.
fn tag(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en-GB",
        Locale::Fr => "fr-FR",
        Locale::Sv => "sv-SE",
    }
}

fn cldr(locale: Locale) -> std::rc::Rc<Cldr> {
    if let Some(found) = CACHE.with(|c| c.borrow().iter().find(|(l, _)| *l == locale).map(|(_, c)| c.clone()))
    {
        return found;
    }
    let built = std::rc::Rc::new(kept(locale).unwrap_or_else(|| {
        let built = build(locale);
        keep(locale, &built);
        built
    }));
    CACHE.with(|c| c.borrow_mut().push((locale, built.clone())));
    built
}

/// This browser's version, as it names itself: what is kept is for it only.
fn browser() -> String {
    web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default()
}

/// What is kept for `locale`, when it was kept by this browser and this version of the file and
/// passes its checks.
fn kept(locale: Locale) -> Option<Cldr> {
    let text = crate::storage::load_cldr()?;
    let line =
        languages_kept(&text, &browser())?.find(|line| line.split('\t').next() == Some(tag(locale)))?;
    let fields: Vec<&str> = line.split('\t').collect();
    let [_, group, decimal, minus, code_first, code_gap, percent_gap, months @ ..] = fields.as_slice() else {
        return None;
    };
    let piece = |written: &str| match written {
        "D" => Some(DatePiece::Day),
        "Y" => Some(DatePiece::Year),
        _ => written.strip_prefix('T').map(|text| DatePiece::Text(text.to_string())),
    };
    let months = months
        .iter()
        .map(|month| month.split(PIECE).map(piece).collect::<Option<Vec<_>>>())
        .collect::<Option<Vec<_>>>()?;
    let code_first = match *code_first {
        "1" => true,
        "0" => false,
        _ => return None,
    };
    let marks = Marks {
        group: group.to_string(),
        decimal: decimal.to_string(),
        minus: minus.to_string(),
        code_first,
        code_gap: code_gap.to_string(),
        percent_gap: percent_gap.to_string(),
    };
    let cldr = Cldr { marks, months, plurals: OnceCell::new() };
    sane(&cldr).then_some(cldr)
}

/// The language lines of a keep, when it was written in this format for this `browser`.
fn languages_kept<'t>(text: &'t str, browser: &str) -> Option<impl Iterator<Item = &'t str>> {
    let mut lines = text.split('\n');
    (lines.next()? == KEPT_FORMAT && lines.next()? == browser).then_some(lines)
}

/// Whether marks could have come from `Intl`, and can be kept as written above: short, without
/// digits (a digit in a mark would change what an amount reads as) or control characters, and
/// twelve months of one day and one year each.
fn sane(cldr: &Cldr) -> bool {
    let plain = |text: &str, longest: usize| {
        text.chars().count() <= longest && !text.chars().any(|c| c.is_ascii_digit() || c.is_control())
    };
    let marks = &cldr.marks;
    let month = |pieces: &Vec<DatePiece>| {
        let count = |which: fn(&DatePiece) -> bool| pieces.iter().filter(|p| which(p)).count();
        count(|p| matches!(p, DatePiece::Day)) == 1
            && count(|p| matches!(p, DatePiece::Year)) == 1
            && pieces.iter().all(|p| match p {
                DatePiece::Text(text) => plain(text, 16),
                _ => true,
            })
    };
    [&marks.group, &marks.decimal, &marks.minus, &marks.code_gap, &marks.percent_gap]
        .iter()
        .all(|m| plain(m, 4))
        && !marks.decimal.is_empty()
        && marks.group != marks.decimal
        && cldr.months.len() == 12
        && cldr.months.iter().all(month)
}

/// Keeps what `Intl` said for `locale` beside what was kept for the other languages. A storage
/// that refuses it (full, disabled) only means `Intl` is asked again next visit; marks that could
/// not be read back are not kept.
fn keep(locale: Locale, built: &Cldr) {
    if !sane(built) {
        return;
    }
    let browser = browser();
    let kept = crate::storage::load_cldr().unwrap_or_default();
    let mut text = format!("{KEPT_FORMAT}\n{browser}");
    for other in languages_kept(&kept, &browser).into_iter().flatten() {
        if other.split('\t').next() != Some(tag(locale)) {
            text.push('\n');
            text.push_str(other);
        }
    }
    let marks = &built.marks;
    let code_first = if marks.code_first { "1" } else { "0" };
    text.push('\n');
    text.push_str(
        &[
            tag(locale),
            &marks.group,
            &marks.decimal,
            &marks.minus,
            code_first,
            &marks.code_gap,
            &marks.percent_gap,
        ]
        .join("\t"),
    );
    for month in &built.months {
        text.push('\t');
        for (i, piece) in month.iter().enumerate() {
            if i > 0 {
                text.push(PIECE);
            }
            match piece {
                DatePiece::Day => text.push('D'),
                DatePiece::Year => text.push('Y'),
                DatePiece::Text(written) => {
                    text.push('T');
                    text.push_str(written);
                }
            }
        }
    }
    crate::storage::save_cldr(&text);
}

fn locales(locale: Locale) -> Array {
    Array::of1(&JsValue::from_str(tag(locale)))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// The parts `formatToParts` returned, as (type, value) pairs.
fn parts(array: &Array) -> Vec<(String, String)> {
    array
        .iter()
        .map(|part| {
            let field = |name: &str| {
                Reflect::get(&part, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            (field("type"), field("value"))
        })
        .collect()
}

fn build(locale: Locale) -> Cldr {
    let number = Intl::NumberFormat::new(&locales(locale), &Object::new());
    let sample = parts(&number.format_to_parts(-12345.6));
    let mark = |kind: &str| sample.iter().find(|(t, _)| t == kind).map(|(_, v)| v.clone());

    let money = Intl::NumberFormat::new(
        &locales(locale),
        &options(&[("style", "currency"), ("currency", "USD"), ("currencyDisplay", "code")]),
    );
    let amount = parts(&money.format_to_parts(1234.5));
    let code_at = amount.iter().position(|(t, _)| t == "currency");
    let first_digit = amount.iter().position(|(t, _)| t == "integer");
    let code_first = matches!((code_at, first_digit), (Some(c), Some(d)) if c < d);
    let literal = amount.iter().find(|(t, _)| t == "literal").map(|(_, v)| v.clone()).unwrap_or(" ".into());
    // English keeps a plain space after the code, as Microsoft's pages and `reservoir quote`
    // write it (`USD 50,000.00`); French and Swedish keep Intl's no-break space.
    let code_gap = if locale == Locale::En { " ".to_string() } else { literal };

    let percent = Intl::NumberFormat::new(&locales(locale), &options(&[("style", "percent")]));
    let percent_parts = parts(&percent.format_to_parts(0.12));
    let percent_gap =
        percent_parts.iter().find(|(t, _)| t == "literal").map(|(_, v)| v.clone()).unwrap_or_default();

    Cldr {
        marks: Marks {
            group: mark("group").unwrap_or(",".into()),
            decimal: mark("decimal").unwrap_or(".".into()),
            minus: mark("minusSign").unwrap_or("-".into()),
            code_first,
            code_gap,
            percent_gap,
        },
        months: month_pieces(locale),
        plurals: OnceCell::new(),
    }
}

/// Writes with the marks of `locale`.
pub fn with_marks<R>(locale: Locale, write: impl FnOnce(&Marks) -> R) -> R {
    write(&cldr(locale).marks)
}

/// How `Intl` writes a date of each month (the 15th of 2026 stands for all): `15 nov. 2026` is
/// [Day, " ", "nov.", " ", Year]. Days and years are written with the Latin digits the three
/// languages use, without leading zeros, as `numeric` asks.
fn month_pieces(locale: Locale) -> Vec<Vec<DatePiece>> {
    let format = Intl::DateTimeFormat::new(
        &locales(locale),
        &options(&[("day", "numeric"), ("month", "short"), ("year", "numeric"), ("timeZone", "UTC")]),
    );
    (0..12)
        .map(|month0| {
            let js = js_sys::Date::new_0();
            js.set_utc_full_year_with_month_date(2026, month0, 15);
            js.set_utc_hours(12);
            parts(&format.format_to_parts(&js))
                .into_iter()
                .map(|(kind, value)| match kind.as_str() {
                    "day" => DatePiece::Day,
                    "year" => DatePiece::Year,
                    _ => DatePiece::Text(value),
                })
                .collect()
        })
        .collect()
}

/// A date as `locale` writes it: `21 Nov 2026`, `21 nov. 2026`.
pub fn date(locale: Locale, d: NaiveDate) -> String {
    let cldr = cldr(locale);
    let mut out = String::with_capacity(16);
    for piece in &cldr.months[d.month0() as usize] {
        match piece {
            DatePiece::Day => out.push_str(&d.day().to_string()),
            DatePiece::Year => out.push_str(&d.year().to_string()),
            DatePiece::Text(text) => out.push_str(text),
        }
    }
    out
}

/// Whether a count takes the language's singular form ("one" in CLDR): 1 in English and Swedish,
/// 0 and 1 in French.
pub fn is_one(locale: Locale, n: u64) -> bool {
    let cldr = cldr(locale);
    let plurals = cldr.plurals.get_or_init(|| Intl::PluralRules::new(&locales(locale), &Object::new()));
    plurals.select(n as f64).as_string().as_deref() == Some("one")
}
