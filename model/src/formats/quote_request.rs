//! The quote request of `docs/quote-format.md` (`reservoir.quote-request/1`), read and validated
//! into domain values. Every refusal names the field by its path.
//!
//! It is read like a scenario (`decode.rs`): one walk over a `json::Value`, with the same
//! field readers and checked values. Only the top level is read differently: a field the request
//! does not know is skipped without being built (however deeply it nests) and reported as
//! ignored, and text that is not JSON is located by the path of the value it broke off in.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use crate::formats::json::{Map, Value};
use chrono::NaiveDate;
use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};

use crate::domain::calendar::{Term, TermDates};
use crate::domain::exchange::Purchase;
use crate::domain::ledger::{EntryReason, LedgerEntry, RefundLedger};
use crate::domain::limits::{
    MAX_EXCHANGE_LINES, MAX_INPUT_BYTES, MAX_LEDGER_ENTRIES, MAX_QUANTITY, MAX_RESERVATIONS,
};
use crate::domain::money::{Currency, UsdRate};
use crate::domain::order;
use crate::domain::policy::Policy;
use crate::domain::reservation::{BillingPlan, Buyer, Origin, ProductFamily, Reservation, Scope, Status};
use crate::domain::values::{Amount, Date, Name, Quantity};
use crate::formats::decode::{self, Fields};
use crate::formats::input::{Expected, Found, InputError, Many, Problem};

/// The request format this reader understands.
pub const REQUEST_FORMAT: &str = "reservoir.quote-request/1";

/// A validated quote request.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteRequest {
    /// The policy in force.
    pub policy: Policy,
    /// The date of the quote.
    pub today: NaiveDate,
    /// USD per unit of each billing currency (USD is always 1).
    pub rates: BTreeMap<Currency, UsdRate>,
    /// The customer's earlier canceled commitment.
    pub ledger: RefundLedger,
    /// The reservations, in request order.
    pub reservations: Vec<Reservation>,
    /// What to quote.
    pub action: Action,
    /// Fields the reader did not know and ignored, by path.
    pub ignored_fields: Vec<String>,
}

/// What a request asks to quote.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A refund of some units of one reservation (index into `reservations`).
    Refund {
        /// Index of the reservation.
        reservation: usize,
        /// Units to return.
        quantity: u32,
    },
    /// An exchange.
    Exchange {
        /// (index of the reservation, units) returned.
        returns: Vec<(usize, u32)>,
        /// What is bought.
        purchases: Vec<Purchase>,
        /// The exchange's one billing currency.
        currency: Currency,
    },
    /// A refund plan (`reservoir plan`, issue 15).
    Plan {
        /// (index of the reservation, units) to get out of.
        exits: Vec<(usize, u32)>,
        /// The first date (default: the request's `today`).
        from: NaiveDate,
        /// The last date (default: the last day any of them can be refunded).
        until: Option<NaiveDate>,
    },
}

impl QuoteRequest {
    /// The rate of a currency (present for every currency of the request, by validation).
    pub fn rate(&self, currency: Currency) -> UsdRate {
        self.rates.get(&currency).copied().unwrap_or(UsdRate::ONE)
    }
}

/// The fields of a request, in the order they are read (which decides which of two errors is
/// reported).
const REQUEST_KEYS: &[&str] = &[
    "format",
    "policy",
    "today",
    "usd_per_unit",
    "refunds_before",
    "reservations",
    "refund",
    "exchange",
    "plan",
];

/// Reads and validates a quote request.
pub fn parse_quote_request(text: &str) -> Result<QuoteRequest, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(decode::too_big("request", text));
    }
    let mut ignored_fields = Vec::new();
    let top = top_level(text, &mut ignored_fields)?;
    let mut f = Fields::new(&top.fields, "");

    let format = f.optional("format").map(|(v, p)| decode::text(v, &p, Expected::FormatName)).transpose()?;
    let (policy_value, policy_path) = f.present("policy")?;
    let today = f.present("today").and_then(|(v, p)| decode::date(v, &p))?;
    let usd_per_unit = match f.present_or_absent("usd_per_unit") {
        None => Vec::new(),
        Some((Value::Object(map), path)) => map
            .iter()
            .map(|(code, v)| decode::amount(v, &format!("{path}.{code}")).map(|a| (code, a)))
            .collect::<Result<Vec<_>, _>>()?,
        Some((other, path)) => return Err(InputError::wrong_kind(path, Expected::Rates, Found::of(other))),
    };
    let refunds_before = match f.present_or_absent("refunds_before") {
        None => Vec::new(),
        Some((v, p)) => list(v, &p, &mut ignored_fields, refund_before)?,
    };
    let (reservations_value, reservations_path) = f.present("reservations")?;
    let wires = list(reservations_value, &reservations_path, &mut ignored_fields, reservation)?;
    let refund = f.optional("refund").map(|(v, p)| return_line(v, &p, &mut ignored_fields)).transpose()?;
    let exchange = f.optional("exchange").map(|(v, p)| exchange(v, &p, &mut ignored_fields)).transpose()?;
    let plan = f.optional("plan").map(|(v, p)| plan(v, &p, &mut ignored_fields)).transpose()?;

    if let Some(format) = format {
        if format != REQUEST_FORMAT {
            return Err(InputError::new(
                "format",
                Problem::WrongFormat { expected: REQUEST_FORMAT, found: Some(format.to_string()) },
            ));
        }
    }
    let policy = decode::policy(policy_value, &policy_path)?;

    // Inserted, not `BTreeMap::from([..])`: building a map from a list sorts it, and that sort
    // alone weighed 1.4 KiB of the gzipped wasm (see `domain::order`).
    let mut rates = BTreeMap::new();
    rates.insert(Currency::USD, UsdRate::ONE);
    for (code, rate) in usd_per_unit {
        let path = format!("usd_per_unit.{code}");
        let currency = Currency::from_code(code)
            .ok_or_else(|| InputError::wrong_kind(&path, Expected::RateCurrency, Found::word(code)))?;
        let rate = UsdRate::new(rate.get())
            .ok_or_else(|| InputError::new(&path, Problem::RateNotAboveZero { found: rate.get() }))?;
        if currency == Currency::USD && rate != UsdRate::ONE {
            return Err(InputError::new(path, Problem::UsdRateNotOne { found: rate.usd_per_unit() }));
        }
        rates.insert(currency, rate);
    }

    if refunds_before.len() > MAX_LEDGER_ENTRIES {
        return Err(InputError::new(
            "refunds_before",
            Problem::TooMany { what: Many::Entries, max: MAX_LEDGER_ENTRIES, found: refunds_before.len() },
        ));
    }
    let ledger = RefundLedger::from_entries(refunds_before);

    if wires.len() > MAX_RESERVATIONS {
        return Err(InputError::new(
            "reservations",
            Problem::TooMany { what: Many::Reservations, max: MAX_RESERVATIONS, found: wires.len() },
        ));
    }
    let mut seen = HashSet::new();
    let mut reservations = Vec::with_capacity(wires.len());
    for (index, r) in wires.into_iter().enumerate() {
        let path = format!("reservations[{index}]");
        if !seen.insert(r.id.clone()) {
            return Err(InputError::new(format!("{path}.id"), Problem::DuplicateId { id: r.id.to_string() }));
        }
        reservations.push(r.checked(&path, &rates)?);
    }

    let find = |name: &Name, path: &str| {
        reservations
            .iter()
            .position(|r| r.id == *name)
            .ok_or_else(|| InputError::new(path, Problem::UnknownReservation { id: name.to_string() }))
    };
    let action = match (refund, exchange, plan) {
        (None, None, Some((lines, from, until))) => {
            let from = from.unwrap_or(today.get());
            let mut exits = Vec::with_capacity(lines.len());
            for (index, (reservation, quantity)) in lines.iter().enumerate() {
                let path = format!("plan.exits[{index}]");
                let at = find(reservation, &format!("{path}.reservation"))?;
                if exits.iter().any(|(other, _)| *other == at) {
                    return Err(InputError::new(
                        format!("{path}.reservation"),
                        Problem::ReturnedTwice { id: reservation.to_string() },
                    ));
                }
                let held = reservations[at].quantity;
                // A plan gets units out: none of a reservation is no exit (and the planner would
                // refuse it, after the reader had let it through).
                if *quantity == 0 {
                    return Err(InputError::new(format!("{path}.quantity"), Problem::NoUnits));
                }
                if *quantity > held {
                    return Err(InputError::new(
                        format!("{path}.quantity"),
                        Problem::TooManyUnits { max: held, found: *quantity },
                    ));
                }
                exits.push((at, *quantity));
            }
            if exits.is_empty() {
                return Err(InputError::new("plan.exits", Problem::NoUnits));
            }
            if exits.len() > MAX_EXCHANGE_LINES {
                return Err(InputError::new(
                    "plan.exits",
                    Problem::TooMany { what: Many::Lines, max: MAX_EXCHANGE_LINES, found: exits.len() },
                ));
            }
            if let Some(until) = until.filter(|until| *until < from) {
                return Err(InputError::new(
                    "plan.until",
                    Problem::DateBefore { earliest: from, found: until },
                ));
            }
            Action::Plan { exits, from, until }
        }
        (Some((reservation, quantity)), None, None) => {
            Action::Refund { reservation: find(&reservation, "refund.reservation")?, quantity }
        }
        (None, Some((lines, purchases)), None) => {
            if lines.len() + purchases.len() > MAX_EXCHANGE_LINES {
                return Err(InputError::new(
                    "exchange",
                    Problem::TooMany {
                        what: Many::Lines,
                        max: MAX_EXCHANGE_LINES,
                        found: lines.len() + purchases.len(),
                    },
                ));
            }
            let mut returns = Vec::new();
            for (index, (reservation, quantity)) in lines.iter().enumerate() {
                let path = format!("exchange.return[{index}].reservation");
                let at = find(reservation, &path)?;
                if returns.iter().any(|(other, _)| *other == at) {
                    return Err(InputError::new(
                        path,
                        Problem::ReturnedTwice { id: reservation.to_string() },
                    ));
                }
                returns.push((at, *quantity));
            }
            let currency = returns
                .first()
                .map(|(at, _)| reservations[*at].currency)
                .or_else(|| purchases.first().map(|p| p.currency))
                .unwrap_or(Currency::USD);
            for (index, (at, _)) in returns.iter().enumerate() {
                let found = reservations[*at].currency;
                if found != currency {
                    return Err(InputError::new(
                        format!("exchange.return[{index}].reservation"),
                        Problem::ReturnCurrency { expected: currency, found },
                    ));
                }
            }
            let mut checked = Vec::with_capacity(purchases.len());
            for (index, purchase) in purchases.into_iter().enumerate() {
                let purchase = purchase.checked(&format!("exchange.purchase[{index}]"))?;
                if purchase.currency != currency {
                    return Err(InputError::new(
                        format!("exchange.purchase[{index}].currency"),
                        Problem::PurchaseCurrency { expected: currency, found: purchase.currency },
                    ));
                }
                checked.push(purchase);
            }
            Action::Exchange { returns, purchases: checked, currency }
        }
        (None, None, None) => {
            return Err(InputError::new("request", Problem::RefundOrExchange { both: false }))
        }
        _ => return Err(InputError::new("request", Problem::RefundOrExchange { both: true })),
    };

    // Warnings in the order of the request's own fields, as they were written.
    let place = |path: &String| {
        top.order.iter().position(|key| {
            path.strip_prefix(key.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    };
    order::sort_by_key(&mut ignored_fields, place);
    Ok(QuoteRequest { policy, today: today.get(), rates, ledger, reservations, action, ignored_fields })
}

/// A list at `path`, each element read by `item` with its own path.
fn list<T>(
    value: &Value,
    path: &str,
    ignored: &mut Vec<String>,
    item: fn(&Value, &str, &mut Vec<String>) -> Result<T, InputError>,
) -> Result<Vec<T>, InputError> {
    match value {
        Value::Array(items) => {
            items.iter().enumerate().map(|(i, v)| item(v, &format!("{path}[{i}]"), ignored)).collect()
        }
        other => Err(InputError::wrong_kind(path, Expected::List, Found::of(other))),
    }
}

fn refund_before(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<LedgerEntry, InputError> {
    let mut f = Fields::of(value, path, Expected::EarlierRefund)?;
    let date = f.present("date").and_then(|(v, p)| decode::date(v, &p))?;
    let usd = f.present("usd").and_then(|(v, p)| decode::amount(v, &p))?;
    f.unread_into(ignored);
    Ok(LedgerEntry { date: date.get(), usd: usd.get(), reason: EntryReason::Earlier { note: String::new() } })
}

/// A returned reservation (by id) and its units.
fn return_line(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<(Name, u32), InputError> {
    let mut f = Fields::of(value, path, Expected::Return)?;
    let reservation = f.present("reservation").and_then(|(v, p)| decode::name(v, &p))?;
    let quantity = f.present("quantity").and_then(|(v, p)| decode::units(v, &p))?;
    f.unread_into(ignored);
    Ok((reservation, quantity))
}

/// An exchange as read: (reservation, units) returned, and what is bought.
type ExchangeWire = (Vec<(Name, u32)>, Vec<PurchaseWire>);

fn exchange(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<ExchangeWire, InputError> {
    let mut f = Fields::of(value, path, Expected::Exchange)?;
    let (v, p) = f.present("return")?;
    let returns = list(v, &p, ignored, return_line)?;
    let (v, p) = f.present("purchase")?;
    let purchases = list(v, &p, ignored, purchase)?;
    f.unread_into(ignored);
    Ok((returns, purchases))
}

/// A plan as read: (reservation, units) to get out of, and the first and last dates if given.
type PlanWire = (Vec<(Name, u32)>, Option<NaiveDate>, Option<NaiveDate>);

fn plan(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<PlanWire, InputError> {
    let mut f = Fields::of(value, path, Expected::Plan)?;
    let (v, p) = f.present("exits")?;
    let exits = list(v, &p, ignored, return_line)?;
    let from = f.optional("from").map(|(v, p)| decode::date(v, &p)).transpose()?.map(|d| d.get());
    let until = f.optional("until").map(|(v, p)| decode::date(v, &p)).transpose()?.map(|d| d.get());
    f.unread_into(ignored);
    Ok((exits, from, until))
}

/// One of a fixed set of words, refused in serde's words (the contract shows them).
fn variant<T: Copy>(
    f: &mut Fields,
    key: &'static str,
    all: &[T],
    spelling: fn(T) -> &'static str,
) -> Result<T, InputError> {
    let (value, path) = f.present(key)?;
    variant_of(value, &path, all, spelling)
}

fn optional_variant<T: Copy>(
    f: &mut Fields,
    key: &'static str,
    all: &[T],
    spelling: fn(T) -> &'static str,
) -> Result<Option<T>, InputError> {
    f.optional(key).map(|(value, path)| variant_of(value, &path, all, spelling)).transpose()
}

fn variant_of<T: Copy>(
    value: &Value,
    path: &str,
    all: &[T],
    spelling: fn(T) -> &'static str,
) -> Result<T, InputError> {
    let expected = || decode::spellings(all, spelling);
    match value {
        Value::String(s) => decode::spelled(s, all, spelling).ok_or_else(|| {
            InputError::new(path, Problem::UnknownVariant { expected: expected(), found: s.to_string() })
        }),
        other => {
            Err(InputError::new(path, Problem::NotOneOf { expected: expected(), found: Found::of(other) }))
        }
    }
}

/// A purchase as read: its units are checked later, where serde's reader checked them (which
/// decides which of two errors is reported).
struct PurchaseWire {
    family: ProductFamily,
    service: Option<Name>,
    sku: Option<Name>,
    region: Option<Name>,
    term: Term,
    billing_plan: BillingPlan,
    quantity: u32,
    currency: Currency,
    unit_price: Amount,
    scope: Scope,
}

impl PurchaseWire {
    fn read(f: &mut Fields) -> Result<PurchaseWire, InputError> {
        Ok(PurchaseWire {
            family: f.present("family").and_then(|(v, p)| family(v, &p))?,
            service: f.optional_name("service")?,
            sku: f.optional_name("sku")?,
            region: f.optional_name("region")?,
            term: variant(f, "term", &Term::ALL, Term::code)?,
            billing_plan: variant(f, "billing_plan", &BillingPlan::ALL, BillingPlan::name)?,
            quantity: f.present("quantity").and_then(|(v, p)| decode::units(v, &p))?,
            currency: f.present("currency").and_then(|(v, p)| currency(v, &p))?,
            unit_price: f.present("unit_price").and_then(|(v, p)| decode::amount(v, &p))?,
            scope: decode::optional_scope(f)?,
        })
    }

    fn checked(self, path: &str) -> Result<Purchase, InputError> {
        Ok(Purchase {
            family: self.family,
            service: self.service,
            sku: self.sku,
            region: self.region,
            term: self.term,
            billing_plan: self.billing_plan,
            quantity: units_bought(self.quantity, &format!("{path}.quantity"))?,
            currency: self.currency,
            unit_price: self.unit_price,
            scope: self.scope,
        })
    }
}

/// A reservation as read, before it is checked against the rest of the request. Its fields are
/// read in this order.
struct ReservationWire {
    id: Name,
    order_id: Option<Name>,
    family: ProductFamily,
    service: Option<Name>,
    sku: Option<Name>,
    region: Option<Name>,
    term: Term,
    billing_plan: BillingPlan,
    purchase_date: Date,
    quantity: u32,
    currency: Currency,
    unit_price: Amount,
    current_unit_price: Option<Amount>,
    customer_unit_price: Option<Amount>,
    used: Option<bool>,
    scope: Scope,
    bought_by: Option<Buyer>,
    origin: Option<Origin>,
}

fn reservation(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<ReservationWire, InputError> {
    let mut f = Fields::of(value, path, Expected::Reservation)?;
    let wire = ReservationWire {
        id: f.present("id").and_then(|(v, p)| decode::name(v, &p))?,
        order_id: f.optional_name("order_id")?,
        family: f.present("family").and_then(|(v, p)| family(v, &p))?,
        service: f.optional_name("service")?,
        sku: f.optional_name("sku")?,
        region: f.optional_name("region")?,
        term: variant(&mut f, "term", &Term::ALL, Term::code)?,
        billing_plan: variant(&mut f, "billing_plan", &BillingPlan::ALL, BillingPlan::name)?,
        purchase_date: f.present("purchase_date").and_then(|(v, p)| decode::date(v, &p))?,
        quantity: f.present("quantity").and_then(|(v, p)| decode::units(v, &p))?,
        currency: f.present("currency").and_then(|(v, p)| currency(v, &p))?,
        unit_price: f.present("unit_price").and_then(|(v, p)| decode::amount(v, &p))?,
        current_unit_price: f.optional_amount("current_unit_price")?,
        customer_unit_price: f.optional_amount("customer_unit_price")?,
        used: f.optional("used").map(|(v, p)| decode::boolean(v, &p)).transpose()?,
        scope: decode::optional_scope(&mut f)?,
        bought_by: optional_variant(&mut f, "bought_by", &Buyer::ALL, Buyer::name)?,
        origin: optional_variant(&mut f, "origin", &Origin::ALL, Origin::name)?,
    };
    f.unread_into(ignored);
    Ok(wire)
}

impl ReservationWire {
    /// The reservation, checked against the request's rates and the calendar.
    fn checked(self, path: &str, rates: &BTreeMap<Currency, UsdRate>) -> Result<Reservation, InputError> {
        if !rates.contains_key(&self.currency) {
            return Err(InputError::new(
                format!("{path}.currency"),
                Problem::NoRate { currency: self.currency },
            ));
        }
        if TermDates::new(self.purchase_date.get(), self.term).is_none() {
            return Err(InputError::new(format!("{path}.purchase_date"), Problem::TermEndsNowhere));
        }
        Ok(Reservation {
            order_id: self.order_id.unwrap_or_else(|| self.id.clone()),
            id: self.id,
            family: self.family,
            service: self.service.map(|s| s.to_string()),
            sku: self.sku.as_ref().map_or_else(|| "".into(), Name::shared),
            region: self.region.as_ref().map_or_else(|| "".into(), Name::shared),
            quantity: units_bought(self.quantity, &format!("{path}.quantity"))?.get(),
            term: self.term,
            billing_plan: self.billing_plan,
            purchase_date: self.purchase_date.get(),
            scope: self.scope,
            currency: self.currency,
            unit_price: self.unit_price.get(),
            current_unit_price: self.current_unit_price.map(|a| a.get()),
            customer_unit_price: self.customer_unit_price.map(|a| a.get()),
            used: self.used.unwrap_or(true),
            bought_by: self.bought_by.unwrap_or(Buyer::Partner),
            origin: self.origin.unwrap_or(Origin::Purchase),
            display_name: None,
            status: Status::Active,
        })
    }
}

fn purchase(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<PurchaseWire, InputError> {
    let mut f = Fields::of(value, path, Expected::Purchase)?;
    let wire = PurchaseWire::read(&mut f)?;
    f.unread_into(ignored);
    Ok(wire)
}

/// Units bought: at least 1, at most a reservation's most.
fn units_bought(n: u32, path: &str) -> Result<Quantity, InputError> {
    match n {
        0 => Err(InputError::new(path, Problem::NoUnits)),
        n => Quantity::new(n)
            .map_err(|_| InputError::new(path, Problem::TooManyUnits { max: MAX_QUANTITY, found: n })),
    }
}

fn family(value: &Value, path: &str) -> Result<ProductFamily, InputError> {
    let written = decode::text(value, path, Expected::FamilyText)?;
    ProductFamily::parse(written)
        .ok_or_else(|| InputError::wrong_kind(path, Expected::Family, Found::word(written)))
}

fn currency(value: &Value, path: &str) -> Result<Currency, InputError> {
    let code = decode::text(value, path, Expected::CurrencyText)?;
    Currency::from_code(code)
        .ok_or_else(|| InputError::wrong_kind(path, Expected::Currency, Found::word(code)))
}

/// The request's top level: the fields it knows, as values; the others skipped unread (however
/// deeply they nest) and added to `ignored`. Text that is not JSON is refused at the path of the
/// value it broke off in.
fn top_level<'t>(text: &'t str, ignored: &mut Vec<String>) -> Result<TopLevel<'t>, InputError> {
    let mut duplicate = None;
    let mut json = serde_json::Deserializer::from_str(text);
    let read = json
        .deserialize_map(TopLevelVisitor { ignored, duplicate: &mut duplicate })
        .and_then(|map| json.end().map(|()| map));
    read.map_err(|error| {
        if let Some(field) = duplicate {
            return InputError::new("request", Problem::DuplicateField { field });
        }
        if error.classify() == serde_json::error::Category::Data {
            let text = error.to_string();
            let found = text
                .strip_prefix("invalid type: ")
                .and_then(|rest| rest.split(", expected").next())
                .unwrap_or(&text);
            return InputError::new("request", Problem::NotARequest { found: found.to_string() });
        }
        // serde_json's column is that of the character it refused (counted from 1), or at the end
        // the last one read.
        let column = match error.classify() {
            serde_json::error::Category::Eof => error.column(),
            _ => error.column().saturating_sub(1),
        };
        let path = path_at(text, error.line(), column);
        InputError::new(if path.is_empty() { "request".to_string() } else { path }, decode::not_json(&error))
    })
}

/// The request's top level, read.
struct TopLevel<'de> {
    /// The fields the request knows.
    fields: Map<'de>,
    /// Every key, in the order written.
    order: Vec<String>,
}

struct TopLevelVisitor<'i> {
    ignored: &'i mut Vec<String>,
    duplicate: &'i mut Option<String>,
}

impl<'de> Visitor<'de> for TopLevelVisitor<'_> {
    type Value = TopLevel<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quote request object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        let mut order = Vec::new();
        while let Some(key) = access.next_key::<String>()? {
            order.push(key.clone());
            if REQUEST_KEYS.contains(&key.as_str()) {
                if map.contains_key(&key) {
                    *self.duplicate = Some(key);
                    return Err(de::Error::custom("duplicate field"));
                }
                let value = access.next_value::<Value>()?;
                map.insert(key, value);
            } else {
                access.next_value::<IgnoredAny>()?;
                self.ignored.push(key);
            }
        }
        Ok(TopLevel { fields: map, order })
    }
}

/// The path of the value that `text` breaks off in after `column` bytes of line `line`: the keys and indexes of the objects and lists still open there. Inside a field the
/// request does not know (skipped unread) it is that field.
fn path_at(text: &str, line: usize, column: usize) -> String {
    // An object's key counts while its value is being read: after its colon, until the value is
    // complete.
    enum Open {
        Object(Option<String>, Reading),
        List(usize),
    }
    #[derive(PartialEq)]
    enum Reading {
        Key,
        Value,
        Done,
    }
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut open: Vec<Open> = Vec::new();
    let mut chars = text[..end].chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => open.push(Open::Object(None, Reading::Key)),
            '[' => open.push(Open::List(0)),
            '}' | ']' => {
                open.pop();
                if let Some(Open::Object(_, reading)) = open.last_mut() {
                    *reading = Reading::Done;
                }
            }
            ':' => {
                if let Some(Open::Object(Some(_), reading)) = open.last_mut() {
                    *reading = Reading::Value;
                }
            }
            ',' => match open.last_mut() {
                Some(Open::Object(key, reading)) => (*key, *reading) = (None, Reading::Key),
                Some(Open::List(index)) => *index += 1,
                None => {}
            },
            '"' => {
                let mut string = String::new();
                let mut ended = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            ended = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some('n') => string.push('\n'),
                            Some('t') => string.push('\t'),
                            Some('r') => string.push('\r'),
                            Some('b') => string.push('\u{8}'),
                            Some('f') => string.push('\u{c}'),
                            Some('u') => {
                                let hex: String = chars.by_ref().take(4).collect();
                                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                    string.push(c);
                                }
                            }
                            Some(other) => string.push(other),
                            None => break,
                        },
                        other => string.push(other),
                    }
                }
                match open.last_mut() {
                    Some(Open::Object(key @ None, _)) => *key = Some(string),
                    Some(Open::Object(Some(_), reading)) if ended => *reading = Reading::Done,
                    _ => {}
                }
            }
            c if c.is_ascii_alphanumeric() || c == '-' => {
                if let Some(Open::Object(Some(_), reading)) = open.last_mut() {
                    *reading = Reading::Done;
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for (depth, segment) in open.iter().enumerate() {
        match segment {
            Open::Object(None, _) => break,
            Open::Object(Some(_), reading) if *reading != Reading::Value => break,
            Open::Object(Some(key), _) if depth == 0 => {
                path.push_str(key);
                if !REQUEST_KEYS.contains(&key.as_str()) {
                    break;
                }
            }
            Open::Object(Some(key), _) => {
                path.push('.');
                path.push_str(key);
            }
            Open::List(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}
