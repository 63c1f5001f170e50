//! Reservation transactions: the Consumption API's JSON (`…/reservationTransactions`, legacy (EA)
//! and modern (MCA) alike) or Cost Management's CSV export (Microsoft's documented MCA and EA
//! columns). Only the fields an import uses are read: the event's type and date, its amount and
//! currency, its quantity and its order. A row that cannot be read is listed and left out.

use crate::formats::json::Value;

use crate::domain::money::Currency;
use crate::domain::values::{units, Amount, Date, ValueError};
use crate::formats::azure::findings::{Place, Warning, WarningKind};
use crate::formats::azure::paths::{day, key, last_segment, properties};
use crate::formats::azure::table::{Row, Table};
use crate::formats::decode::text;
use crate::formats::input::{Expected, Found, InputError, Problem};

/// The events an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// A purchase (for a monthly plan, each month's payment).
    Purchase,
    /// A refund.
    Refund,
    /// A cancellation (canceled future payments).
    Cancel,
    /// An exchange.
    Exchange,
}

impl EventType {
    /// Every event type, as Azure spells them.
    pub const ALL: [EventType; 4] =
        [EventType::Purchase, EventType::Refund, EventType::Cancel, EventType::Exchange];

    /// The type as Azure writes it.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Purchase => "Purchase",
            EventType::Refund => "Refund",
            EventType::Cancel => "Cancel",
            EventType::Exchange => "Exchange",
        }
    }
}

/// One transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureTransaction {
    /// What happened.
    pub event: EventType,
    /// Its order's GUID (lower case), when the row names one.
    pub order_id: Option<String>,
    /// Its day.
    pub date: Date,
    /// Its amount, without its sign (refunds are written negative).
    pub amount: Amount,
    /// Its currency.
    pub currency: Currency,
    /// Its quantity, when written.
    pub quantity: Option<u32>,
    /// Where it is.
    pub place: Place,
}

/// The transactions of a JSON file's resources; rows that cannot be read become warnings.
pub fn from_json(
    items: &[(&Value, String)],
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<AzureTransaction> {
    let mut read = Vec::new();
    for (item, path) in items {
        let place = Place::new(file, path.clone());
        let props = properties(item);
        let at = if std::ptr::eq(props, *item) { place.clone() } else { place.at("properties") };
        let cell = |key: &str| -> Result<(String, String), InputError> {
            let path = at.at(key).path;
            match props.get(key) {
                None | Some(Value::Null) => Ok((String::new(), path)),
                Some(Value::Number(n)) => Ok((n.to_string(), path)),
                Some(value) => text(value, &path, Expected::Text).map(|t| (t.to_string(), path)),
            }
        };
        let fields = ["eventType", "eventDate", "amount", "currency", "quantity", "reservationOrderId"]
            .map(cell)
            .into_iter()
            .collect::<Result<Vec<_>, _>>();
        match fields.and_then(|f| transaction(&f, &place, warnings)) {
            Ok(Some(t)) => read.push(t),
            Ok(None) => {}
            Err(error) => warnings.push(unreadable(file, error)),
        }
    }
    read
}

/// The transactions of a CSV export; rows that cannot be read become warnings.
pub fn from_csv(table: &Table, file: &str, warnings: &mut Vec<Warning>) -> Vec<AzureTransaction> {
    let columns: Vec<(Option<usize>, &str)> =
        ["EventType", "EventDate", "Amount", "Currency", "Quantity", "ReservationOrderId"]
            .into_iter()
            .map(|name| {
                let at = table.column(name);
                (at, at.map_or(name, |c| table.header[c].as_str()))
            })
            .collect();
    let mut read = Vec::new();
    for row in &table.rows {
        let place = Place::new(file, row.path(None));
        let fields: Vec<(String, String)> =
            columns.iter().map(|(at, name)| (row.cell(*at).to_string(), csv_path(row, name))).collect();
        match transaction(&fields, &place, warnings) {
            Ok(Some(t)) => read.push(t),
            Ok(None) => {}
            Err(error) => warnings.push(unreadable(file, error)),
        }
    }
    read
}

fn csv_path(row: &Row, column: &str) -> String {
    row.path(Some(column))
}

fn unreadable(file: &str, error: InputError) -> Warning {
    Warning { place: Place::of_error(file, &error), kind: WarningKind::Unreadable(error.problem) }
}

/// One transaction from its six fields (text and path each, in the order of `from_json`), or
/// `None` for an event type an import does not use (with a warning).
fn transaction(
    fields: &[(String, String)],
    place: &Place,
    warnings: &mut Vec<Warning>,
) -> Result<Option<AzureTransaction>, InputError> {
    let [(event, event_path), (date, date_path), (amount, amount_path), (currency, currency_path), (quantity, quantity_path), (order, _)] =
        fields
    else {
        unreachable!("six fields are always given")
    };
    let required = |text: &str, path: &str| {
        if text.trim().is_empty() {
            Err(InputError::new(path, Problem::Missing))
        } else {
            Ok(())
        }
    };
    required(event, event_path)?;
    let Some(event) = EventType::ALL.into_iter().find(|e| e.name().eq_ignore_ascii_case(event.trim())) else {
        warnings.push(Warning {
            kind: WarningKind::UnknownEvent { found: event.chars().take(60).collect() },
            place: Place::new(&place.file, event_path.clone()),
        });
        return Ok(None);
    };
    required(date, date_path)?;
    let date = day(date, date_path)?;
    required(currency, currency_path)?;
    let currency = Currency::from_code(currency.trim())
        .ok_or_else(|| InputError::wrong_kind(currency_path, Expected::Currency, Found::word(currency)))?;
    required(amount, amount_path)?;
    let amount = unsigned_amount(amount.trim(), currency)
        .map_err(|e| InputError::new(amount_path, Problem::Value(e)))?;
    let quantity = match quantity.trim() {
        "" => None,
        // Exports write a quantity as a number, sometimes `1.0`.
        written => Some(
            units(written.strip_suffix(".0").unwrap_or(written))
                .map_err(|e| InputError::new(quantity_path, Problem::Value(e)))?,
        ),
    };
    let order_id = Some(key(last_segment(order))).filter(|o| !o.is_empty());
    Ok(Some(AzureTransaction { event, order_id, date, amount, currency, quantity, place: place.clone() }))
}

/// An amount without its sign (refunds are written negative), by the amount's own parser; one
/// with more decimals than a price may have (the API writes floating-point totals such as
/// `12.3400000001`) is rounded to the currency's minor unit first.
fn unsigned_amount(written: &str, currency: Currency) -> Result<Amount, ValueError> {
    let unsigned = written.strip_prefix('-').unwrap_or(written);
    match Amount::parse(unsigned) {
        Err(ValueError::TooManyDecimals { .. }) => {
            let exact = unsigned
                .parse::<rust_decimal::Decimal>()
                .map_err(|_| ValueError::NotAnAmount { found: format!("{unsigned:?}") })?;
            Amount::new(currency.round(exact).amount())
        }
        read => read,
    }
}
