//! A big session's body in a compact binary form: what version 5 of the stored session packs
//! (`stored.rs`), where version 4 packed the body's JSON.
//!
//! Why: opening a stored book of 20,000 reservations spent most of its time on JSON, not on the
//! book. Natively (ARCHITECTURE.md has the figures) it unpacked 9 MB, built a tree of them (55 ms,
//! 160,000 allocations), read the commands out of the tree (68 ms) and dropped it (18 ms), before
//! the replay itself (52 ms). Here a purchase, what a book holds by the thousand, is its fields one
//! after the other, read straight into their values: no tree, no key looked up, and a third of the
//! bytes to unpack.
//!
//! Every value is checked as the JSON reader checks it (`Name::parse`, `Amount::parse`,
//! `ProductFamily::parse`, ...): a damaged body can no more build a value the engine could not
//! store than a hand-edited scenario file can. Every other command is kept as its JSON and read by
//! `decode::dated_command`, and a scenario's head (its format, today and policy) is its JSON too:
//! they are few, and a command added to the engine needs nothing here.
//!
//! The layout. A count is an unsigned LEB128 number; a text is its length in bytes, then its UTF-8.
//!
//! ```text
//! body        = scenario, count of undo steps, step...
//! step        = 0                                 take back the last command
//!             | 1 + index in Replacement::ALL, scenario
//! scenario    = text (its JSON with no commands), count of commands, command...
//! command     = 0, text (the dated command's JSON)
//!             | 1, a purchase: count (days since 1 January of year 1), actor, text (customer),
//!               reservation
//! actor       = 0 (an Admin agent) | 1, text (its JSON)
//! reservation = count (which optional fields follow: PRESENT_*), [text id], [text order_id],
//!               text family, [text service], text sku, text region, index in Term::ALL,
//!               index in BillingPlan::ALL, count quantity, text unit_price,
//!               [text current_unit_price], [text customer_unit_price], [text (the scope's JSON)],
//!               [count purchase_date], [text display_name]
//! ```

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::domain::calendar::Term;
use crate::domain::partner::Actor;
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Amount, Date, Name, Quantity, ValueError};
use crate::formats::decode;
use crate::formats::input::{Expected, Found, InputError, Problem};
use crate::formats::packed::PackFault;
use crate::simulation::command::{Command, DatedCommand, NewReservation};
use crate::simulation::scenario::{Replacement, Scenario, UndoStep};

const STEP_COMMAND: u8 = 0;
const COMMAND_JSON: u8 = 0;
const COMMAND_BUY: u8 = 1;
const ACTOR_ADMIN_AGENT: u8 = 0;
const ACTOR_JSON: u8 = 1;

const PRESENT_ID: u64 = 1 << 0;
const PRESENT_ORDER_ID: u64 = 1 << 1;
const PRESENT_SERVICE: u64 = 1 << 2;
const PRESENT_CURRENT_PRICE: u64 = 1 << 3;
const PRESENT_CUSTOMER_PRICE: u64 = 1 << 4;
const PRESENT_SCOPE: u64 = 1 << 5;
const PRESENT_PURCHASE_DATE: u64 = 1 << 6;
const PRESENT_DISPLAY_NAME: u64 = 1 << 7;
const USED: u64 = 1 << 8;
const KNOWN_BITS: u64 = (1 << 9) - 1;

/// The body of a session: its scenario and its undo history, oldest step first.
pub fn write(scenario: &Scenario, undo: &[UndoStep]) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(64 * 1024));
    out.scenario(scenario);
    out.count(undo.len() as u64);
    for step in undo {
        match step {
            UndoStep::Command => out.0.push(STEP_COMMAND),
            UndoStep::Scenario { replaced, previous } => {
                let index =
                    Replacement::ALL.iter().position(|r| r == replaced).expect("every replacement is in ALL");
                out.0.push(1 + index as u8);
                out.scenario(previous);
            }
        }
    }
    out.0
}

/// Reads a body [`write`] wrote. A body that is cut short or has bytes of no meaning is refused at
/// `packed` (it was altered after it was written); a value that does not pass its check is refused
/// at its own place, as the JSON reader would refuse it (`scenario.commands[3].reservation.sku`).
/// The undo history's bounds are the caller's to check, as for a plain body.
pub fn read(bytes: &[u8]) -> Result<(Scenario, Vec<UndoStep>), InputError> {
    let mut body = Reader { bytes, at: 0, seen: Seen::default() };
    let scenario = body.scenario("scenario")?;
    let steps = body.count()?;
    let mut undo = Vec::with_capacity(steps.min(body.left()));
    for index in 0..steps {
        let step = match body.byte()? {
            STEP_COMMAND => UndoStep::Command,
            tag => {
                let replaced = *Replacement::ALL.get(usize::from(tag) - 1).ok_or_else(damaged)?;
                let previous = body.scenario(&format!("undo[{index}].scenario"))?;
                UndoStep::Scenario { replaced, previous: Box::new(previous) }
            }
        };
        undo.push(step);
    }
    if body.left() > 0 {
        return Err(damaged());
    }
    Ok((scenario, undo))
}

/// The error for a body whose bytes do not follow the layout.
fn damaged() -> InputError {
    InputError::new("packed", Problem::Packed(PackFault::NotABody))
}

struct Writer(Vec<u8>);

impl Writer {
    fn count(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn text(&mut self, text: &str) {
        self.count(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn json(&mut self, value: &impl serde::Serialize) {
        self.text(&serde_json::to_string(value).expect("the engine's values serialize"));
    }

    fn scenario(&mut self, scenario: &Scenario) {
        let head = Scenario {
            format: scenario.format,
            today: scenario.today,
            policy: scenario.policy.clone(),
            commands: Vec::new(),
        };
        self.json(&head);
        self.count(scenario.commands.len() as u64);
        for command in &scenario.commands {
            match &command.command {
                Command::Buy { customer, reservation } => {
                    self.0.push(COMMAND_BUY);
                    self.date(command.date);
                    if command.actor == Actor::admin_agent() {
                        self.0.push(ACTOR_ADMIN_AGENT);
                    } else {
                        self.0.push(ACTOR_JSON);
                        self.json(&command.actor);
                    }
                    self.text(customer);
                    self.reservation(reservation);
                }
                _ => {
                    self.0.push(COMMAND_JSON);
                    self.json(command);
                }
            }
        }
    }

    fn date(&mut self, date: Date) {
        // Dates are between the years 2000 and 2100 (`Date`), so the count is never negative.
        self.count(chrono::Datelike::num_days_from_ce(&date.get()) as u64);
    }

    fn reservation(&mut self, r: &NewReservation) {
        let present = [
            (r.id.is_some(), PRESENT_ID),
            (r.order_id.is_some(), PRESENT_ORDER_ID),
            (r.service.is_some(), PRESENT_SERVICE),
            (r.current_unit_price.is_some(), PRESENT_CURRENT_PRICE),
            (r.customer_unit_price.is_some(), PRESENT_CUSTOMER_PRICE),
            (r.scope != Scope::Shared, PRESENT_SCOPE),
            (r.purchase_date.is_some(), PRESENT_PURCHASE_DATE),
            (r.display_name.is_some(), PRESENT_DISPLAY_NAME),
            (r.used, USED),
        ];
        self.count(present.iter().filter(|(is, _)| *is).map(|(_, bit)| bit).sum());
        let name = |out: &mut Writer, name: &Option<Name>| {
            if let Some(name) = name {
                out.text(name);
            }
        };
        name(self, &r.id);
        name(self, &r.order_id);
        self.text(r.family.name());
        name(self, &r.service);
        self.text(&r.sku);
        self.text(&r.region);
        self.0.push(Term::ALL.iter().position(|t| *t == r.term).expect("every term is in ALL") as u8);
        self.0
            .push(BillingPlan::ALL.iter().position(|b| *b == r.billing_plan).expect("every plan is in ALL")
                as u8);
        self.count(u64::from(r.quantity.get()));
        self.text(&r.unit_price.to_string());
        for price in [r.current_unit_price, r.customer_unit_price].into_iter().flatten() {
            self.text(&price.to_string());
        }
        if r.scope != Scope::Shared {
            self.json(&r.scope);
        }
        if let Some(date) = r.purchase_date {
            self.date(date);
        }
        name(self, &r.display_name);
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    /// Values read before, by their text (see [`Seen`]).
    seen: Seen<'b>,
}

/// The values a book names over and over, by the text they were read from: a book of 20,000
/// reservations names its 200 customers, its few SKUs, regions and families 20,000 times each. A
/// value is a function of its text alone, so each text is checked once and its value shared after
/// that (a clone of a [`Name`] shares its text). Only what passed its check is kept; a text that
/// failed fails again, at its own place. Opening a big book read 80,000 fewer names this way.
#[derive(Default)]
struct Seen<'b> {
    customers: HashMap<&'b str, Name>,
    skus: HashMap<&'b str, Name>,
    regions: HashMap<&'b str, Name>,
    families: HashMap<&'b str, ProductFamily>,
    /// Unit prices: Azure prices a SKU by region, term and billing plan, so a book of thousands
    /// of reservations holds a few hundred different prices.
    prices: HashMap<&'b str, Amount>,
    /// The order read last: an order's reservations come one after the other.
    order: Option<(&'b str, Name)>,
}

/// How many different texts [`Seen`] keeps of one kind: past that, a text is checked every time,
/// so that what is kept stays small whatever the body holds.
const SEEN_MAX: usize = 4096;

/// The value `text` was read as before, or `read` of it, kept for the next time.
fn seen_or_read<'b, T: Clone>(
    kept: &mut HashMap<&'b str, T>,
    text: &'b str,
    read: impl FnOnce(&str) -> Result<T, InputError>,
) -> Result<T, InputError> {
    if let Some(value) = kept.get(text) {
        return Ok(value.clone());
    }
    let value = read(text)?;
    if kept.len() < SEEN_MAX {
        kept.insert(text, value.clone());
    }
    Ok(value)
}

impl<'b> Reader<'b> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, InputError> {
        let byte = *self.bytes.get(self.at).ok_or_else(damaged)?;
        self.at += 1;
        Ok(byte)
    }

    fn count(&mut self) -> Result<usize, InputError> {
        // Bytes taken straight from the slice, in a plain loop: through `byte()` and over
        // `(0..64).step_by(7)`, counts were a seventh of reading a big book at opt-level "z".
        let mut n: u64 = 0;
        let mut shift = 0;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            // The tenth byte holds the 64th bit only.
            if shift == 63 && byte > 1 {
                return Err(damaged());
            }
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return usize::try_from(n).map_err(|_| damaged());
            }
            shift += 7;
            if shift > 63 {
                break;
            }
        }
        Err(damaged())
    }

    /// A value at `field` that the book names over and over (see [`Seen`]): a customer, SKU or
    /// region (`Name::parse`), or a unit price (`Amount::parse`).
    fn repeated<T: Clone>(
        &mut self,
        kept: for<'s> fn(&'s mut Seen<'b>) -> &'s mut HashMap<&'b str, T>,
        parse: fn(&str) -> Result<T, ValueError>,
        at: &dyn Fn(&str) -> String,
        field: &str,
    ) -> Result<T, InputError> {
        let text = self.text()?;
        seen_or_read(kept(&mut self.seen), text, |text| {
            parse(text).map_err(|e| InputError::new(at(field), Problem::Value(e)))
        })
    }

    fn text(&mut self) -> Result<&'b str, InputError> {
        let length = self.count()?;
        if length > self.left() {
            return Err(damaged());
        }
        let bytes = &self.bytes[self.at..self.at + length];
        self.at += length;
        std::str::from_utf8(bytes).map_err(|_| damaged())
    }

    /// The text of a JSON value, read as JSON at `path`.
    fn json<T>(
        &mut self,
        path: &str,
        read: impl FnOnce(&crate::formats::json::Value, &str) -> Result<T, InputError>,
    ) -> Result<T, InputError> {
        let text = self.text()?;
        read(&decode::json_value(text, path)?, path)
    }

    fn scenario(&mut self, path: &str) -> Result<Scenario, InputError> {
        let mut scenario = self.json(path, |value, path| decode::scenario(value, path, &mut Vec::new()))?;
        if !scenario.commands.is_empty() {
            // The writer keeps the commands out of the head; commands there were put in after.
            return Err(damaged());
        }
        let count = self.count()?;
        if count > crate::domain::limits::MAX_COMMANDS {
            return Err(InputError::new(
                format!("{path}.commands"),
                Problem::TooMany {
                    what: crate::formats::input::Many::Commands,
                    max: crate::domain::limits::MAX_COMMANDS,
                    found: count,
                },
            ));
        }
        // Each command takes two bytes at least: a damaged count cannot ask for more room than that.
        scenario.commands.reserve(count.min(self.left() / 2));
        for index in 0..count {
            let at = |field: &str| {
                format!("{path}.commands[{index}]{}{field}", if field.is_empty() { "" } else { "." })
            };
            let command = match self.byte()? {
                COMMAND_JSON => {
                    self.json(&at(""), |value, path| decode::dated_command(value, path, &mut Vec::new()))?
                }
                COMMAND_BUY => self.buy(&at)?,
                _ => return Err(damaged()),
            };
            scenario.commands.push(command);
        }
        Ok(scenario)
    }

    fn date(&mut self, at: &dyn Fn(&str) -> String, field: &str) -> Result<Date, InputError> {
        let days = i32::try_from(self.count()?).map_err(|_| damaged())?;
        let date = NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(damaged)?;
        Date::new(date).map_err(|e| InputError::new(at(field), Problem::Value(e)))
    }

    /// A checked value from its text, refused at `field` as the JSON reader refuses it.
    fn checked<T>(
        &mut self,
        at: &dyn Fn(&str) -> String,
        field: &str,
        parse: impl Fn(&str) -> Result<T, ValueError>,
    ) -> Result<T, InputError> {
        let text = self.text()?;
        parse(text).map_err(|e| InputError::new(at(field), Problem::Value(e)))
    }

    /// [`Reader::checked`] for a field that is there only when `present`.
    fn optional<T>(
        &mut self,
        present: bool,
        at: &dyn Fn(&str) -> String,
        field: &str,
        parse: impl Fn(&str) -> Result<T, ValueError>,
    ) -> Result<Option<T>, InputError> {
        present.then(|| self.checked(at, field, parse)).transpose()
    }

    fn buy(&mut self, at: &dyn Fn(&str) -> String) -> Result<DatedCommand, InputError> {
        let date = self.date(at, "date")?;
        let actor = match self.byte()? {
            ACTOR_ADMIN_AGENT => Actor::admin_agent(),
            ACTOR_JSON => self.json(&at("actor"), decode::read_actor)?,
            _ => return Err(damaged()),
        };
        let customer = self.repeated(|seen| &mut seen.customers, Name::parse, at, "customer")?;
        let reservation = Box::new(self.reservation(at)?);
        Ok(DatedCommand { date, actor, command: Command::Buy { customer, reservation } })
    }

    /// A purchase's order ID: the same as the purchase before's, most often.
    fn order_id(&mut self, at: &dyn Fn(&str) -> String) -> Result<Name, InputError> {
        let text = self.text()?;
        if let Some((last, order)) = &self.seen.order {
            if *last == text {
                return Ok(order.clone());
            }
        }
        let order =
            Name::parse(text).map_err(|e| InputError::new(at("reservation.order_id"), Problem::Value(e)))?;
        self.seen.order = Some((text, order.clone()));
        Ok(order)
    }

    fn reservation(&mut self, at: &dyn Fn(&str) -> String) -> Result<NewReservation, InputError> {
        let present = self.count()? as u64;
        if present & !KNOWN_BITS != 0 {
            return Err(damaged());
        }
        let has = |bit: u64| present & bit != 0;
        let id = self.optional(has(PRESENT_ID), at, "reservation.id", Name::parse)?;
        let order_id = match has(PRESENT_ORDER_ID) {
            true => Some(self.order_id(at)?),
            false => None,
        };
        let family_text = self.text()?;
        let family = seen_or_read(&mut self.seen.families, family_text, |text| {
            ProductFamily::parse(text).ok_or_else(|| {
                InputError::wrong_kind(at("reservation.family"), Expected::Family, Found::word(text))
            })
        })?;
        let service = self.optional(has(PRESENT_SERVICE), at, "reservation.service", Name::parse)?;
        let sku = self.repeated(|seen| &mut seen.skus, Name::parse, at, "reservation.sku")?;
        let region = self.repeated(|seen| &mut seen.regions, Name::parse, at, "reservation.region")?;
        let term = *Term::ALL.get(usize::from(self.byte()?)).ok_or_else(damaged)?;
        let billing_plan = *BillingPlan::ALL.get(usize::from(self.byte()?)).ok_or_else(damaged)?;
        let quantity = u32::try_from(self.count()?).map_err(|_| damaged())?;
        let quantity = Quantity::new(quantity)
            .map_err(|e| InputError::new(at("reservation.quantity"), Problem::Value(e)))?;
        let mut price = |field: &str| self.repeated(|seen| &mut seen.prices, Amount::parse, at, field);
        let unit_price = price("reservation.unit_price")?;
        let current_unit_price =
            has(PRESENT_CURRENT_PRICE).then(|| price("reservation.current_unit_price")).transpose()?;
        let customer_unit_price =
            has(PRESENT_CUSTOMER_PRICE).then(|| price("reservation.customer_unit_price")).transpose()?;
        let scope = match has(PRESENT_SCOPE) {
            true => self.json(&at("reservation.scope"), decode::scope)?,
            false => Scope::Shared,
        };
        let purchase_date =
            if has(PRESENT_PURCHASE_DATE) { Some(self.date(at, "reservation.purchase_date")?) } else { None };
        let display_name =
            self.optional(has(PRESENT_DISPLAY_NAME), at, "reservation.display_name", Name::parse)?;
        Ok(NewReservation {
            id,
            order_id,
            family,
            service,
            sku,
            region,
            term,
            billing_plan,
            quantity,
            unit_price,
            current_unit_price,
            customer_unit_price,
            scope,
            purchase_date,
            used: has(USED),
            display_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json;

    fn scenario_with(buy: &str) -> Scenario {
        let text = format!(
            r#"{{"format": "reservoir.scenario/2", "commands": [
            {{"date": "2026-11-21", "command": "add_customer", "customer": "c1", "name": "C", "currency": "EUR"}},
            {{"date": "2026-11-21", "command": "buy", "customer": "c1", "reservation": {buy}}}]}}"#
        );
        decode::scenario(&json::parse(&text).unwrap(), "", &mut Vec::new()).unwrap()
    }

    #[test]
    fn a_purchase_takes_a_fraction_of_its_json_and_reads_back_the_same() {
        let scenario = scenario_with(
            r#"{"id": "1f0c2a5e-0d1b-4c8e-9a56-6b1d2f3e4a5b", "family": "compute", "sku": "Standard_D2s_v5",
                "region": "westeurope", "term": "P1Y", "billing_plan": "Monthly", "quantity": 2, "unit_price": "61.32"}"#,
        );
        let body = write(&scenario, &[]);
        let mut without = scenario.clone();
        without.commands.pop();
        let purchase = body.len() - write(&without, &[]).len();
        let json = serde_json::to_string(&scenario.commands[1]).unwrap().len();
        assert!(purchase * 2 < json, "{purchase} bytes against {json} of JSON");
        assert_eq!(read(&body).unwrap(), (scenario, Vec::new()));
    }

    #[test]
    fn a_value_that_fails_its_check_is_refused_at_its_place() {
        let scenario = scenario_with(
            r#"{"family": "compute", "sku": "SKU1", "region": "westeurope", "term": "P1Y",
                "billing_plan": "Monthly", "quantity": 2, "unit_price": "61.32"}"#,
        );
        let body = write(&scenario, &[]);
        let at = body.windows(4).position(|w| w == b"SKU1").unwrap();
        // A control character in the SKU, the layout untouched: the SKU is refused, as in JSON.
        let mut altered = body.clone();
        altered[at + 2] = 0x01;
        let error = read(&altered).unwrap_err();
        assert_eq!(error.path, "scenario.commands[1].reservation.sku");
        assert!(matches!(error.problem, Problem::Value(ValueError::ControlCharacter { .. })), "{error:?}");
        // A price that is not one.
        let at = body.windows(5).position(|w| w == b"61.32").unwrap();
        let mut altered = body.clone();
        altered[at + 2] = b'x';
        assert_eq!(read(&altered).unwrap_err().path, "scenario.commands[1].reservation.unit_price");
        // Cut short anywhere, or a byte past the end: refused at `packed`, never a panic.
        for length in 0..body.len() {
            let error = read(&body[..length]).unwrap_err();
            assert!(error.path == "packed" || error.path.starts_with("scenario"), "{length}: {error:?}");
        }
        let mut longer = body.clone();
        longer.push(0);
        assert_eq!(read(&longer).unwrap_err().problem, Problem::Packed(PackFault::NotABody));
    }

    #[test]
    fn values_named_again_read_the_same_and_a_bad_one_is_refused_at_its_own_place() {
        // Five purchases naming the same customer, order, family, SKU, region and price, which the
        // reader checks once and shares after that (`Seen`).
        let buy = r#"{"date": "2026-11-21", "command": "buy", "customer": "c1", "reservation": {"order_id": "o1",
            "family": "Cosmos DB", "sku": "SKU1", "region": "westeurope", "term": "P1Y", "billing_plan": "Monthly",
            "quantity": 1, "unit_price": "10.00"}}"#;
        let text = format!(
            r#"{{"format": "reservoir.scenario/2", "commands": [
            {{"date": "2026-11-21", "command": "add_customer", "customer": "c1", "name": "C", "currency": "EUR"}},
            {}]}}"#,
            [buy; 5].join(",")
        );
        let scenario = decode::scenario(&json::parse(&text).unwrap(), "", &mut Vec::new()).unwrap();
        let body = write(&scenario, &[]);
        let (read_back, _) = read(&body).unwrap();
        assert_eq!(read_back, scenario);
        // Every family reads as its normal form, the first and the ones shared after it.
        for command in &read_back.commands[1..] {
            let Command::Buy { reservation, .. } = &command.command else { panic!("a purchase") };
            assert_eq!(reservation.family.to_string(), "cosmos_db");
        }
        // The fourth purchase's SKU altered: read before as good, it is refused there and only there.
        let at = body.windows(4).enumerate().filter(|(_, w)| *w == b"SKU1").nth(3).unwrap().0;
        let mut altered = body.clone();
        altered[at + 2] = 0x01;
        assert_eq!(read(&altered).unwrap_err().path, "scenario.commands[4].reservation.sku");
        // So is the fifth purchase's customer, read four times before.
        // (A purchase's customer is its text after its length: 2, "c1".)
        let at = body.windows(3).enumerate().filter(|(_, w)| *w == [2, b'c', b'1']).nth(4).unwrap().0;
        let mut altered = body.clone();
        altered[at + 2] = 0x7f;
        assert_eq!(read(&altered).unwrap_err().path, "scenario.commands[5].customer");
        // And the third purchase's price, read twice before.
        let at = body.windows(5).enumerate().filter(|(_, w)| *w == b"10.00").nth(2).unwrap().0;
        let mut altered = body.clone();
        altered[at + 2] = b'x';
        assert_eq!(read(&altered).unwrap_err().path, "scenario.commands[3].reservation.unit_price");
    }

    #[test]
    fn counts_that_overflow_are_refused() {
        let mut reader = Reader { bytes: &[0xff; 11], at: 0, seen: Seen::default() };
        assert!(reader.count().is_err());
        let mut reader = Reader {
            bytes: &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02],
            at: 0,
            seen: Seen::default(),
        };
        assert!(reader.count().is_err(), "the 65th bit");
        let mut writer = Writer(Vec::new());
        writer.count(u64::MAX);
        assert_eq!(
            Reader { bytes: &writer.0, at: 0, seen: Seen::default() }.count().map(|n| n as u64),
            Ok(u64::MAX)
        );
    }
}
