//! Reading scenarios (and the app's stored session) by hand, in one walk over a [`json::Value`]
//! (the text read once into a tree that borrows it: `json.rs` says why not `serde_json::Value`):
//! every field is checked where it is read and every error names its exact path
//! (`commands[3].reservation.unit_price`).
//!
//! Why not `#[derive(Deserialize)]`: a dated command is a flat object tagged by `command`, which
//! serde can only read by buffering it (`flatten` plus an internally tagged enum), and every field
//! type is then compiled once per deserializer in the chain. In the browser that machinery alone
//! weighed 205 KB of the 990 KB bundle; this walk is a small fraction of it, and its paths are
//! more exact.

use std::borrow::Cow;

use crate::formats::json::{self, Map, Value};

use crate::domain::calendar::Term;
use crate::domain::exchange::Purchase;
use crate::domain::limits::{MAX_COMMANDS, MAX_INPUT_BYTES};
use crate::domain::money::Currency;
use crate::domain::partner::{Actor, Role};
use crate::domain::policy::{CapCounts, PackId, Policy, PriceBasis};
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope, ScopeKind};
use crate::domain::values::{Amount, Date, Days, Name, Note, Percent, Quantity, ValueError, WindowDays};
use crate::formats::input::{Expected, Found, InputError, Many, Problem};
use crate::simulation::command::{Command, DatedCommand, NewReservation, ReturnLine, SubscriptionKind, Verb};
use crate::simulation::scenario::{Scenario, ScenarioFormat, SCENARIO_FORMAT};

/// Parses JSON text into a `Value`, with the contract's messages for text that is not JSON.
pub fn json_value<'t>(text: &'t str, whole: &str) -> Result<Value<'t>, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_big(whole, text));
    }
    json::parse(text).map_err(|error| InputError::new(whole, not_json(&error)))
}

/// Text over [`MAX_INPUT_BYTES`], refused at `whole`.
pub fn too_big(whole: &str, text: &str) -> InputError {
    InputError::new(whole, Problem::TooBig { max_bytes: MAX_INPUT_BYTES, found_bytes: text.len() })
}

/// What serde_json found wrong with text that is not JSON (or not all of it).
pub fn not_json(error: &serde_json::Error) -> Problem {
    match error.classify() {
        serde_json::error::Category::Eof => Problem::EndsEarly { detail: error.to_string() },
        _ => Problem::Malformed { detail: error.to_string() },
    }
}

/// An object being read: its fields, its path, and which keys have been read (the others are
/// reported as ignored).
pub struct Fields<'a, 'p> {
    map: &'a Map<'a>,
    /// Borrowed, with the key of a nested object after it ([`Fields::object`]): a path is written
    /// out only for an error (see [`Fields::leaf`]).
    path: Cow<'p, str>,
    tail: [&'static str; 2],
    /// Which members have been read, by their place in the map: a bit each for the first 64,
    /// then a list (objects that big are rare).
    read: u64,
    read_beyond: Vec<usize>,
}

impl<'a, 'p> Fields<'a, 'p> {
    /// The object at `path`, or an error saying what was there instead.
    /// `path` is empty for the whole input, which errors then call `whole`.
    pub fn of(value: &'a Value<'a>, path: &'p str, what: Expected) -> Result<Fields<'a, 'p>, InputError> {
        Fields::of_whole(value, path, what, "input")
    }

    /// [`Fields::of`], naming the whole input `whole` when `path` is empty.
    pub fn of_whole(
        value: &'a Value<'a>,
        path: &'p str,
        what: Expected,
        whole: &str,
    ) -> Result<Fields<'a, 'p>, InputError> {
        match value {
            Value::Object(map) => Ok(Fields::new(map, path)),
            other => Err(InputError::wrong_kind(
                if path.is_empty() { whole } else { path },
                what,
                Found::of(other),
            )),
        }
    }

    /// The fields of `map`, an object at `path`.
    pub fn new(map: &'a Map<'a>, path: &'p str) -> Fields<'a, 'p> {
        Fields { map, path: Cow::Borrowed(path), tail: [""; 2], read: 0, read_beyond: Vec::new() }
    }

    /// The path of `key` in this object, written for an error (or an ignored key) only.
    fn at(&self, key: &str) -> String {
        let mut path = String::with_capacity(self.path.len() + 24 + key.len());
        for part in [&self.path, self.tail[0], self.tail[1], key] {
            if !part.is_empty() {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(part);
            }
        }
        path
    }

    /// The object at `key`, whose own fields are read at `path.key` without writing that path
    /// unless there is an error: a stored book's 20,000 purchases each hold a reservation.
    pub fn object(&mut self, key: &'static str, what: Expected) -> Result<Fields<'a, 'p>, InputError> {
        let map = match self.required_value(key)? {
            Value::Object(map) => map,
            other => return Err(InputError::wrong_kind(self.at(key), what, Found::of(other))),
        };
        // Two levels are kept as a borrowed path and keys (`commands[3]`, `actor`, `partner`);
        // deeper, the path is written out.
        let (path, tail) = match (&self.path, self.tail) {
            (Cow::Borrowed(path), ["", ""]) => (Cow::Borrowed(*path), [key, ""]),
            (Cow::Borrowed(path), [first, ""]) => (Cow::Borrowed(*path), [first, key]),
            _ => (Cow::Owned(self.at(key)), ["", ""]),
        };
        Ok(Fields { map, path, tail, read: 0, read_beyond: Vec::new() })
    }

    /// The value of `key`, marked as read (what is never read is reported as ignored).
    fn read(&mut self, key: &str) -> Option<&'a Value<'a>> {
        let (place, value) = self.map.find(key)?;
        match place {
            0..64 => self.read |= 1 << place,
            _ => self.read_beyond.push(place),
        }
        Some(value)
    }

    fn was_read(&self, place: usize) -> bool {
        match place {
            0..64 => self.read & (1 << place) != 0,
            _ => self.read_beyond.contains(&place),
        }
    }

    /// The value of `key`, if present and not null.
    pub fn optional(&mut self, key: &'static str) -> Option<(&'a Value<'a>, String)> {
        match self.read(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some((value, self.at(key))),
        }
    }

    /// The value of `key`, null included; missing is an error naming it.
    pub fn present(&mut self, key: &'static str) -> Result<(&'a Value<'a>, String), InputError> {
        self.present_or_absent(key).ok_or_else(|| InputError::new(self.at(key), Problem::Missing))
    }

    /// The value of `key`, null included, if present.
    pub fn present_or_absent(&mut self, key: &'static str) -> Option<(&'a Value<'a>, String)> {
        self.read(key).map(|value| (value, self.at(key)))
    }

    /// The value of `key`; missing or null is an error naming it.
    pub fn required(&mut self, key: &'static str) -> Result<(&'a Value<'a>, String), InputError> {
        self.optional(key).ok_or_else(|| InputError::new(self.at(key), Problem::Missing))
    }

    /// The value of `key`; missing or null is an error naming it. No path is written unless
    /// there is an error (see [`Fields::leaf`]).
    fn required_value(&mut self, key: &'static str) -> Result<&'a Value<'a>, InputError> {
        match self.read(key) {
            None | Some(Value::Null) => Err(InputError::new(self.at(key), Problem::Missing)),
            Some(value) => Ok(value),
        }
    }

    /// The value of `key`, if present and not null, without its path.
    fn optional_value(&mut self, key: &'static str) -> Option<&'a Value<'a>> {
        self.read(key).filter(|value| !value.is_null())
    }

    /// `value`, the value of `key`, read by `leaf`: a reader of one value whose errors are at the
    /// path it is given. The path is written only for an error: written for every field, it was
    /// an allocation a field, 300,000 of them in a stored book of 20,000 reservations.
    fn leaf<T>(
        &self,
        value: &'a Value<'a>,
        key: &'static str,
        leaf: impl FnOnce(&'a Value<'a>, &str) -> Result<T, InputError>,
    ) -> Result<T, InputError> {
        leaf(value, "").map_err(|error| InputError::new(self.at(key), error.problem))
    }

    /// A name (ID, SKU, ...).
    pub fn name(&mut self, key: &'static str) -> Result<Name, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, name)
    }

    /// An optional name.
    pub fn optional_name(&mut self, key: &'static str) -> Result<Option<Name>, InputError> {
        self.optional_value(key).map(|value| self.leaf(value, key, name)).transpose()
    }

    /// A date.
    pub fn date(&mut self, key: &'static str) -> Result<Date, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, date)
    }

    /// An optional date.
    pub fn optional_date(&mut self, key: &'static str) -> Result<Option<Date>, InputError> {
        self.optional_value(key).map(|value| self.leaf(value, key, date)).transpose()
    }

    /// An amount.
    pub fn amount(&mut self, key: &'static str) -> Result<Amount, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, amount)
    }

    /// An optional amount.
    pub fn optional_amount(&mut self, key: &'static str) -> Result<Option<Amount>, InputError> {
        self.optional_value(key).map(|value| self.leaf(value, key, amount)).transpose()
    }

    /// A whole number of units.
    pub fn units(&mut self, key: &'static str) -> Result<u32, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, units)
    }

    /// Units bought: 1 to the most a reservation holds.
    pub fn quantity(&mut self, key: &'static str) -> Result<Quantity, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, |v, p| checked(v, p, true, Expected::Units, Quantity::parse))
    }

    /// A note, empty when left out.
    pub fn note(&mut self, key: &'static str) -> Result<Note, InputError> {
        match self.optional_value(key) {
            None => Ok(Note::default()),
            Some(value) => self.leaf(value, key, |v, p| checked(v, p, false, Expected::Text, Note::parse)),
        }
    }

    /// A name where an empty one means none: a purchase's SKU and region, which an exchange
    /// basket may leave unknown (and which Reservoir once wrote as `""`).
    pub fn name_or_none(&mut self, key: &'static str) -> Result<Option<Name>, InputError> {
        match self.optional_value(key) {
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(value) => self.leaf(value, key, name).map(Some),
            None => Ok(None),
        }
    }

    /// A yes/no; `default` when left out.
    pub fn flag(&mut self, key: &'static str, default: bool) -> Result<bool, InputError> {
        match self.optional_value(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(InputError::wrong_kind(self.at(key), Expected::Bool, Found::of(other))),
        }
    }

    /// One of an enum's words: `all` its variants, `spelling` the one method that writes them
    /// (the same one its `Serialize` writes with).
    pub fn word<T: Copy>(
        &mut self,
        key: &'static str,
        all: &[T],
        spelling: fn(T) -> &'static str,
    ) -> Result<T, InputError> {
        let value = self.required_value(key)?;
        self.leaf(value, key, |v, p| word(v, p, all, spelling))
    }

    /// A list, each element read by `item` with its own path.
    pub fn list<T>(
        &mut self,
        key: &'static str,
        mut item: impl FnMut(&'a Value<'a>, &str) -> Result<T, InputError>,
    ) -> Result<Vec<T>, InputError> {
        let (value, path) = self.required(key)?;
        match value {
            Value::Array(items) => {
                items.iter().enumerate().map(|(i, v)| item(v, &format!("{path}[{i}]"))).collect()
            }
            other => Err(InputError::wrong_kind(path, Expected::List, Found::of(other))),
        }
    }

    /// Adds the paths of the keys nobody read to `ignored`.
    pub fn unread_into(&self, ignored: &mut Vec<String>) {
        if self.map.len() <= 64 && self.read.count_ones() as usize == self.map.len() {
            return;
        }
        ignored.extend(
            self.map.iter_indexed().filter(|(place, ..)| !self.was_read(*place)).map(|(_, k, _)| self.at(k)),
        );
    }
}

/// Text, or an error saying it was expected.
pub fn text<'v>(value: &'v Value, path: &str, what: Expected) -> Result<&'v str, InputError> {
    value.as_str().ok_or_else(|| InputError::wrong_kind(path, what, Found::of(value)))
}

/// true or false.
pub fn boolean(value: &Value, path: &str) -> Result<bool, InputError> {
    value.as_bool().ok_or_else(|| InputError::wrong_kind(path, Expected::Bool, Found::of(value)))
}

/// A checked value read by its own parser (the one the app's forms use), from a string or, where
/// `numbers`, a JSON number as written (serde_json's arbitrary_precision keeps a number's exact
/// text, so 0.1 stays 0.1).
pub fn checked<T>(
    value: &Value,
    path: &str,
    numbers: bool,
    what: Expected,
    parse: impl Fn(&str) -> Result<T, ValueError>,
) -> Result<T, InputError> {
    // Borrowed where it can be: every name, date and amount of a stored book passes here.
    let written: std::borrow::Cow<str> = match value {
        Value::String(s) => std::borrow::Cow::Borrowed(s.as_ref()),
        Value::Number(n) if numbers => n.to_string().into(),
        other => return Err(InputError::wrong_kind(path, what, Found::of(other))),
    };
    parse(&written).map_err(|e| InputError::new(path, Problem::Value(e)))
}

/// A name.
pub fn name(value: &Value, path: &str) -> Result<Name, InputError> {
    checked(value, path, false, Expected::Text, Name::parse)
}

/// A date.
pub fn date(value: &Value, path: &str) -> Result<Date, InputError> {
    checked(value, path, false, Expected::Date, Date::parse)
}

/// An amount.
pub fn amount(value: &Value, path: &str) -> Result<Amount, InputError> {
    checked(value, path, true, Expected::Amount, Amount::parse)
}

/// Any whole number of units (whether it is too many is the caller's rule).
pub fn units(value: &Value, path: &str) -> Result<u32, InputError> {
    let written = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.to_string(),
        _ => String::new(),
    };
    if !written.is_empty() && written.len() <= 12 && written.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = written.parse::<u32>() {
            return Ok(n);
        }
    }
    Err(InputError::wrong_kind(path, Expected::Units, Found::of(value)))
}

/// The variant of `all` that `spelling` writes as `text`.
pub fn spelled<T: Copy>(text: &str, all: &[T], spelling: fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|t| spelling(*t) == text)
}

/// Every spelling of `all`, in order, for a message listing what is accepted.
pub fn spellings<T: Copy>(all: &[T], spelling: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|t| spelling(*t)).collect()
}

fn word<T: Copy>(
    value: &Value,
    path: &str,
    all: &[T],
    spelling: fn(T) -> &'static str,
) -> Result<T, InputError> {
    let found = value.as_str().and_then(|s| spelled(s, all, spelling));
    found.ok_or_else(|| {
        InputError::new(
            path,
            Problem::NotOneOf { expected: spellings(all, spelling), found: Found::of(value) },
        )
    })
}

/// A currency Reservoir knows.
pub fn currency(fields: &mut Fields, key: &'static str) -> Result<Currency, InputError> {
    let value = fields.required_value(key)?;
    fields.leaf(value, key, |value, path| {
        let code = text(value, path, Expected::CurrencyText)?;
        Currency::from_code(code)
            .ok_or_else(|| InputError::wrong_kind(path, Expected::Currency, Found::word(code)))
    })
}

/// A product family.
pub fn family(fields: &mut Fields, key: &'static str) -> Result<ProductFamily, InputError> {
    let value = fields.required_value(key)?;
    fields.leaf(value, key, |value, path| {
        let written = text(value, path, Expected::FamilyText)?;
        ProductFamily::parse(written)
            .ok_or_else(|| InputError::wrong_kind(path, Expected::Family, Found::word(written)))
    })
}

/// A scope.
pub fn scope(value: &Value, path: &str) -> Result<Scope, InputError> {
    let mut f = Fields::of(value, path, Expected::Scope)?;
    Ok(match f.word("kind", &ScopeKind::ALL, ScopeKind::name)? {
        ScopeKind::Shared => Scope::Shared,
        ScopeKind::Single => Scope::Single { subscription: f.name("subscription")? },
        ScopeKind::ResourceGroup => Scope::ResourceGroup {
            subscription: f.name("subscription")?,
            resource_group: f.name("resource_group")?,
        },
        ScopeKind::ManagementGroup => {
            Scope::ManagementGroup { management_group: f.name("management_group")? }
        }
    })
}

/// A scope, shared when left out.
pub fn optional_scope(fields: &mut Fields) -> Result<Scope, InputError> {
    fields
        .optional("scope")
        .map(|(value, path)| scope(value, &path))
        .transpose()
        .map(|s| s.unwrap_or(Scope::Shared))
}

/// An actor: `{"partner": {"role": ...}}` or `{"customer": {"customer": ..., "user": ...}}`.
fn actor(mut f: Fields) -> Result<Actor, InputError> {
    match (f.map.get("partner"), f.map.get("customer"), f.map.len()) {
        (Some(_), None, 1) => {
            let mut p = f.object("partner", Expected::Partner)?;
            Ok(Actor::Partner { role: p.word("role", &Role::ALL, Role::code)? })
        }
        (None, Some(_), 1) => {
            let mut c = f.object("customer", Expected::Customer)?;
            Ok(Actor::Customer { customer: c.name("customer")?, user: c.name("user")? })
        }
        _ => Err(InputError::new(f.at(""), Problem::NotOneActor)),
    }
}

fn new_reservation(mut f: Fields, ignored: &mut Vec<String>) -> Result<NewReservation, InputError> {
    let reservation = NewReservation {
        id: f.optional_name("id")?,
        order_id: f.optional_name("order_id")?,
        family: family(&mut f, "family")?,
        service: f.optional_name("service")?,
        sku: f.name("sku")?,
        region: f.name("region")?,
        term: f.word("term", &Term::ALL, Term::code)?,
        billing_plan: f.word("billing_plan", &BillingPlan::ALL, BillingPlan::name)?,
        quantity: f.quantity("quantity")?,
        unit_price: f.amount("unit_price")?,
        current_unit_price: f.optional_amount("current_unit_price")?,
        customer_unit_price: f.optional_amount("customer_unit_price")?,
        scope: optional_scope(&mut f)?,
        purchase_date: f.optional_date("purchase_date")?,
        used: f.flag("used", false)?,
        display_name: f.optional_name("display_name")?,
    };
    f.unread_into(ignored);
    Ok(reservation)
}

fn purchase(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<Purchase, InputError> {
    let mut f = Fields::of(value, path, Expected::Purchase)?;
    let purchase = Purchase {
        family: family(&mut f, "family")?,
        service: f.optional_name("service")?,
        sku: f.name_or_none("sku")?,
        region: f.name_or_none("region")?,
        term: f.word("term", &Term::ALL, Term::code)?,
        billing_plan: f.word("billing_plan", &BillingPlan::ALL, BillingPlan::name)?,
        quantity: f.quantity("quantity")?,
        currency: currency(&mut f, "currency")?,
        unit_price: f.amount("unit_price")?,
        scope: optional_scope(&mut f)?,
    };
    f.unread_into(ignored);
    Ok(purchase)
}

fn return_line(value: &Value, path: &str) -> Result<ReturnLine, InputError> {
    let mut f = Fields::of(value, path, Expected::Return)?;
    Ok(ReturnLine { reservation: f.name("reservation")?, quantity: f.units("quantity")? })
}

/// The keys a policy object may have: `base`, every parameter of §2.3, and `customized` (written
/// by Reservoir itself, and recomputed on reading).
pub const POLICY_KEYS: &[&str] = &[
    "base",
    "customized",
    "refund_limit_usd",
    "refund_window_days",
    "cap_counts",
    "fee_percent",
    "fee_free_days",
    "full_refund_window_days",
    "full_refund_requires_unused",
    "price_basis",
    "exchange_same_family_only",
    "exchange_minimum_value",
    "exchanges_count_toward_limit",
    "exchange_cutoff_date",
];

fn pack(value: &Value, path: &str) -> Result<PackId, InputError> {
    let name = text(value, path, Expected::Pack)?;
    PackId::from_name(name).ok_or_else(|| InputError::wrong_kind(path, Expected::Pack, Found::word(name)))
}

/// A policy: a pack's name, or an object of overrides on a base pack (`azure-2026` when no base is
/// given). A key that is not a parameter is refused: a misspelt one would otherwise quote under a
/// policy nobody asked for.
pub fn policy(value: &Value, path: &str) -> Result<Policy, InputError> {
    let map = match value {
        Value::String(_) => return Ok(Policy::pack(pack(value, path)?)),
        Value::Object(map) => map,
        other => return Err(InputError::wrong_kind(path, Expected::Policy, Found::of(other))),
    };
    if let Some(unknown) = map.keys().find(|k| !POLICY_KEYS.contains(k)) {
        return Err(InputError::new(
            format!("{path}.{unknown}"),
            Problem::UnknownParameter { known: POLICY_KEYS, found: unknown.to_string() },
        ));
    }
    let mut f = Fields::new(map, path);
    let base = match f.optional("base") {
        Some((v, p)) => pack(v, &p)?,
        None => PackId::Azure2026,
    };
    let mut policy = Policy::pack(base);
    let days = |f: &mut Fields, key: &'static str| -> Result<Option<Days>, InputError> {
        f.optional(key).map(|(v, p)| checked(v, &p, true, Expected::Days, Days::parse)).transpose()
    };
    if let Some(limit) = f.optional_amount("refund_limit_usd")? {
        policy.refund_limit_usd = limit;
    }
    if let Some((v, p)) = f.optional("refund_window_days") {
        policy.refund_window_days = checked(v, &p, true, Expected::Days, WindowDays::parse)?;
    }
    if f.optional("cap_counts").is_some() {
        policy.cap_counts = f.word("cap_counts", &CapCounts::ALL, CapCounts::name)?;
    }
    if let Some((v, p)) = f.optional("fee_percent") {
        policy.fee_percent = checked(v, &p, true, Expected::Percent, Percent::parse)?;
    }
    if let Some(free) = days(&mut f, "fee_free_days")? {
        policy.fee_free_days = free;
    }
    // Present and null switches the full-refund window off; left out keeps the base's.
    if map.contains_key("full_refund_window_days") {
        policy.full_refund_window_days = days(&mut f, "full_refund_window_days")?;
    }
    if map.contains_key("full_refund_requires_unused") {
        policy.full_refund_requires_unused =
            f.flag("full_refund_requires_unused", policy.full_refund_requires_unused)?;
    }
    if f.optional("price_basis").is_some() {
        policy.price_basis = f.word("price_basis", &PriceBasis::ALL, PriceBasis::name)?;
    }
    policy.exchange_same_family_only =
        f.flag("exchange_same_family_only", policy.exchange_same_family_only)?;
    policy.exchange_minimum_value = f.flag("exchange_minimum_value", policy.exchange_minimum_value)?;
    policy.exchanges_count_toward_limit =
        f.flag("exchanges_count_toward_limit", policy.exchanges_count_toward_limit)?;
    if map.contains_key("exchange_cutoff_date") {
        policy.exchange_cutoff_date = f.optional_date("exchange_cutoff_date")?;
    }
    Ok(policy)
}

/// One dated command.
pub fn dated_command(
    value: &Value,
    path: &str,
    ignored: &mut Vec<String>,
) -> Result<DatedCommand, InputError> {
    let mut f = Fields::of(value, path, Expected::Command)?;
    let date = f.date("date")?;
    let actor = match f.optional_value("actor") {
        Some(_) => actor(f.object("actor", Expected::Actor)?)?,
        None => Actor::admin_agent(),
    };
    let (name_value, name_path) = f.required("command")?;
    let name = text(name_value, &name_path, Expected::CommandName)?;
    let Some(verb) = Verb::ALL.into_iter().find(|v| v.name() == name) else {
        return Err(InputError::new(
            name_path,
            Problem::NotOneOf { expected: Verb::ALL.map(Verb::name).to_vec(), found: Found::word(name) },
        ));
    };
    let command = match verb {
        Verb::AddCustomer => Command::AddCustomer {
            customer: f.name("customer")?,
            name: f.name("name")?,
            currency: currency(&mut f, "currency")?,
        },
        Verb::RenameCustomer => {
            Command::RenameCustomer { customer: f.name("customer")?, name: f.name("name")? }
        }
        Verb::RemoveCustomer => Command::RemoveCustomer { customer: f.name("customer")? },
        Verb::SetRate => Command::SetRate {
            currency: currency(&mut f, "currency")?,
            usd_per_unit: f.amount("usd_per_unit")?,
        },
        Verb::SetPolicy => {
            let (v, p) = f.required("policy")?;
            Command::SetPolicy { policy: policy(v, &p)? }
        }
        Verb::AddSubscription => Command::AddSubscription {
            customer: f.name("customer")?,
            subscription: f.name("subscription")?,
            kind: f.word("kind", &SubscriptionKind::ALL, SubscriptionKind::name)?,
            bought_by_partner: f.flag("bought_by_partner", true)?,
        },
        Verb::AddUser => Command::AddUser { customer: f.name("customer")?, user: f.name("user")? },
        Verb::AssignOwner => Command::AssignOwner {
            customer: f.name("customer")?,
            user: f.name("user")?,
            subscription: f.name("subscription")?,
        },
        Verb::RemoveOwner => Command::RemoveOwner {
            customer: f.name("customer")?,
            user: f.name("user")?,
            subscription: f.name("subscription")?,
        },
        Verb::SetPurchasePermission => {
            let customer = f.name("customer")?;
            let (v, p) = f.required("allowed")?;
            let allowed = boolean(v, &p)?;
            Command::SetPurchasePermission { customer, allowed }
        }
        Verb::Buy => {
            let customer = f.name("customer")?;
            let reservation = new_reservation(f.object("reservation", Expected::Reservation)?, ignored)?;
            Command::Buy { customer, reservation: Box::new(reservation) }
        }
        Verb::SetCurrentPrice => Command::SetCurrentPrice {
            customer: f.name("customer")?,
            reservation: f.name("reservation")?,
            current_unit_price: f.optional_amount("current_unit_price")?,
        },
        Verb::SetUsed => {
            let customer = f.name("customer")?;
            let reservation = f.name("reservation")?;
            let (v, p) = f.required("used")?;
            let used = boolean(v, &p)?;
            Command::SetUsed { customer, reservation, used }
        }
        Verb::Refund => Command::Refund {
            customer: f.name("customer")?,
            reservation: f.name("reservation")?,
            quantity: f.units("quantity")?,
        },
        Verb::Exchange => Command::Exchange {
            customer: f.name("customer")?,
            returns: f.list("returns", return_line)?,
            purchases: f.list("purchases", |v, p| purchase(v, p, ignored))?,
        },
        Verb::ChangeScope => {
            let customer = f.name("customer")?;
            let reservation = f.name("reservation")?;
            let (v, p) = f.required("scope")?;
            Command::ChangeScope { customer, reservation, scope: scope(v, &p)? }
        }
        Verb::Renew => Command::Renew { customer: f.name("customer")?, reservation: f.name("reservation")? },
        Verb::RecordEarlierRefund => Command::RecordEarlierRefund {
            customer: f.name("customer")?,
            refund_date: f.date("refund_date")?,
            usd: f.amount("usd")?,
            note: f.note("note")?,
        },
        Verb::CorrectLedgerEntry => {
            let customer = f.name("customer")?;
            let (v, p) = f.required("entry")?;
            let entry = units(v, &p)? as usize;
            Command::CorrectLedgerEntry { customer, entry, note: f.name("note")? }
        }
    };
    f.unread_into(ignored);
    Ok(DatedCommand { date, actor, command })
}

/// A scenario from its JSON value, at `path` (empty for a whole file).
pub fn scenario(value: &Value, path: &str, ignored: &mut Vec<String>) -> Result<Scenario, InputError> {
    let mut f = Fields::of_whole(value, path, Expected::Scenario, "scenario")?;
    let (format_value, format_path) = f.required("format")?;
    let format_name = text(format_value, &format_path, Expected::FormatName)?;
    let format = ScenarioFormat::named(format_name).ok_or_else(|| {
        InputError::new(
            &format_path,
            Problem::WrongFormat { expected: SCENARIO_FORMAT, found: Some(format_name.to_string()) },
        )
    })?;
    let today = f.optional_date("today")?;
    let policy = match f.optional("policy") {
        Some((v, p)) => policy(v, &p)?,
        None => Policy::pack(PackId::Azure2026),
    };
    let (commands_value, commands_path) = f.required("commands")?;
    let list = commands_value
        .as_array()
        .ok_or_else(|| InputError::wrong_kind(&commands_path, Expected::List, Found::of(commands_value)))?;
    if list.len() > MAX_COMMANDS {
        return Err(InputError::new(
            commands_path,
            Problem::TooMany { what: Many::Commands, max: MAX_COMMANDS, found: list.len() },
        ));
    }
    // One buffer for every command's path (`commands[12]`): a stored book has 20,000 of them.
    let mut path = String::new();
    let commands = list
        .iter()
        .enumerate()
        .map(|(i, v)| {
            use std::fmt::Write;
            path.clear();
            let _ = write!(path, "{commands_path}[{i}]");
            dated_command(v, &path, ignored)
        })
        .collect::<Result<Vec<_>, _>>()?;
    f.unread_into(ignored);
    Ok(Scenario { format, today, policy, commands })
}

/// Reads an actor (for the stored session).
pub fn read_actor(value: &Value, path: &str) -> Result<Actor, InputError> {
    actor(Fields::of(value, path, Expected::Actor)?)
}

/// Reads a date (for the stored session).
pub fn read_date(value: &Value, path: &str) -> Result<Date, InputError> {
    date(value, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reservation::{Buyer, Origin};

    /// Every variant `ALL` must list, by a `match` with no wildcard: a new variant fails to compile
    /// here until it is listed.
    fn listed<T: Copy + PartialEq + std::fmt::Debug + serde::Serialize>(
        all: &[T],
        spelling: fn(T) -> &'static str,
        every: &[T],
    ) {
        for variant in every {
            assert!(all.contains(variant), "{variant:?} is missing from ALL");
        }
        assert_eq!(all.len(), every.len(), "ALL lists a variant twice");
        for variant in all {
            let written = spelling(*variant);
            let read = word(&Value::String(written.into()), "x", all, spelling);
            assert_eq!(read, Ok(*variant), "{written} reads back");
            let json = serde_json::to_value(variant).map(|v| v.as_str().map(String::from));
            assert_eq!(json.ok().flatten().as_deref(), Some(written), "{variant:?} is serialized as spelled");
        }
    }

    #[test]
    fn every_word_enum_lists_every_variant_and_reads_its_spelling_back() {
        let every = |t: Term| match t {
            Term::P1Y | Term::P3Y => [Term::P1Y, Term::P3Y],
        };
        listed(&Term::ALL, Term::code, &every(Term::P1Y));
        let every = |p: BillingPlan| match p {
            BillingPlan::Upfront | BillingPlan::Monthly => [BillingPlan::Upfront, BillingPlan::Monthly],
        };
        listed(&BillingPlan::ALL, BillingPlan::name, &every(BillingPlan::Upfront));
        let every = |k: SubscriptionKind| match k {
            SubscriptionKind::AzurePlan | SubscriptionKind::AzureGlobal | SubscriptionKind::Other => {
                [SubscriptionKind::AzurePlan, SubscriptionKind::AzureGlobal, SubscriptionKind::Other]
            }
        };
        listed(&SubscriptionKind::ALL, SubscriptionKind::name, &every(SubscriptionKind::Other));
        let every = |r: Role| match r {
            Role::AdminAgent
            | Role::GlobalAdmin
            | Role::HelpdeskAgent
            | Role::SalesAgent
            | Role::UserManagementAdmin => [
                Role::AdminAgent,
                Role::GlobalAdmin,
                Role::HelpdeskAgent,
                Role::SalesAgent,
                Role::UserManagementAdmin,
            ],
        };
        listed(&Role::ALL, Role::code, &every(Role::AdminAgent));
        let every = |c: CapCounts| match c {
            CapCounts::CanceledCommitment | CapCounts::RefundOnly => {
                [CapCounts::CanceledCommitment, CapCounts::RefundOnly]
            }
        };
        listed(&CapCounts::ALL, CapCounts::name, &every(CapCounts::RefundOnly));
        let every = |b: PriceBasis| match b {
            PriceBasis::LowerOfPurchaseAndCurrent | PriceBasis::Purchase => {
                [PriceBasis::LowerOfPurchaseAndCurrent, PriceBasis::Purchase]
            }
        };
        listed(&PriceBasis::ALL, PriceBasis::name, &every(PriceBasis::Purchase));
        let every = |p: PackId| match p {
            PackId::Csp2020 | PackId::Azure2026 => [PackId::Csp2020, PackId::Azure2026],
        };
        listed(&PackId::ALL, PackId::name, &every(PackId::Csp2020));
        let every = |b: Buyer| match b {
            Buyer::Partner | Buyer::Customer => [Buyer::Partner, Buyer::Customer],
        };
        listed(&Buyer::ALL, Buyer::name, &every(Buyer::Partner));
        let every = |o: Origin| match o {
            Origin::Purchase | Origin::Renewal | Origin::Exchange | Origin::FinalExchange => {
                [Origin::Purchase, Origin::Renewal, Origin::Exchange, Origin::FinalExchange]
            }
        };
        listed(&Origin::ALL, Origin::name, &every(Origin::Purchase));
        let every = |k: ScopeKind| match k {
            ScopeKind::Shared | ScopeKind::Single | ScopeKind::ResourceGroup | ScopeKind::ManagementGroup => {
                [ScopeKind::Shared, ScopeKind::Single, ScopeKind::ResourceGroup, ScopeKind::ManagementGroup]
            }
        };
        listed(&ScopeKind::ALL, ScopeKind::name, &every(ScopeKind::Shared));
    }

    #[test]
    fn a_scope_is_written_as_its_reader_reads_it() {
        let sub = |s: &str| Name::parse(s).unwrap();
        for scope in [
            Scope::Shared,
            Scope::Single { subscription: sub("sub-1") },
            Scope::ResourceGroup { subscription: sub("sub-1"), resource_group: sub("rg") },
            Scope::ManagementGroup { management_group: sub("mg") },
        ] {
            let written = serde_json::to_string(&scope).unwrap();
            let written = json::parse(&written).unwrap();
            assert_eq!(written.get("kind").and_then(Value::as_str), Some(scope.kind().name()));
            assert_eq!(super::scope(&written, "scope"), Ok(scope));
        }
        assert_eq!(
            serde_json::to_string(&Scope::ResourceGroup { subscription: sub("s"), resource_group: sub("g") })
                .unwrap(),
            r#"{"kind":"resource_group","subscription":"s","resource_group":"g"}"#
        );
    }

    /// Where a command's actor and a purchase's reservation are wrong, the error names the exact
    /// path, and a key nobody reads is reported at its own: the readers write paths only for an
    /// error, so every level of nesting is held here.
    #[test]
    fn errors_in_an_actor_or_a_purchase_name_their_exact_path() {
        let buy = r#"{"id": "r1", "family": "compute", "sku": "D2", "region": "westeurope",
            "term": "P1Y", "billing_plan": "Upfront", "quantity": 1, "unit_price": "10.00"}"#;
        let scenario = |command: &str| {
            format!(
                r#"{{"format": "reservoir.scenario/2", "commands": [
                    {{"date": "2026-01-01", "command": "add_customer", "customer": "c", "name": "C", "currency": "USD"}},
                    {command}]}}"#
            )
        };
        let with_reservation = |actor: &str, reservation: &str| {
            scenario(&format!(
                r#"{{"date": "2026-01-01", {actor} "command": "buy", "customer": "c", "reservation": {reservation}}}"#
            ))
        };
        let read = |text: &str| {
            let value = json::parse(text).unwrap();
            let mut ignored = Vec::new();
            super::scenario(&value, "", &mut ignored).map(|_| ignored)
        };
        let path_of = |text: &str| read(text).unwrap_err().path;
        let table = [
            (with_reservation(r#""actor": 3,"#, buy), "commands[1].actor"),
            (with_reservation(r#""actor": {},"#, buy), "commands[1].actor"),
            (with_reservation(r#""actor": {"partner": 1},"#, buy), "commands[1].actor.partner"),
            (with_reservation(r#""actor": {"partner": null},"#, buy), "commands[1].actor.partner"),
            (with_reservation(r#""actor": {"partner": {}},"#, buy), "commands[1].actor.partner.role"),
            (
                with_reservation(r#""actor": {"partner": {"role": "boss"}},"#, buy),
                "commands[1].actor.partner.role",
            ),
            (
                with_reservation(r#""actor": {"customer": {"customer": "c"}},"#, buy),
                "commands[1].actor.customer.user",
            ),
            (
                with_reservation(r#""actor": {"customer": {"customer": "", "user": "u"}},"#, buy),
                "commands[1].actor.customer.customer",
            ),
            (with_reservation("", "7"), "commands[1].reservation"),
            (with_reservation("", "null"), "commands[1].reservation"),
            (with_reservation("", &buy.replace(r#""sku": "D2","#, "")), "commands[1].reservation.sku"),
            (with_reservation("", &buy.replace("10.00", "ten")), "commands[1].reservation.unit_price"),
            (
                with_reservation(
                    "",
                    &buy.replace(r#""term": "P1Y","#, r#""term": "P1Y", "scope": {"kind": "single"},"#),
                ),
                "commands[1].reservation.scope.subscription",
            ),
        ];
        for (text, path) in &table {
            assert_eq!(path_of(text), *path, "{text}");
        }
        let fine = with_reservation(
            r#""actor": {"partner": {"role": "sales_agent"}},"#,
            &buy.replace(r#""id""#, r#""colour": "red", "id""#),
        );
        assert_eq!(read(&fine), Ok(vec!["commands[1].reservation.colour".to_string()]));
    }
}
