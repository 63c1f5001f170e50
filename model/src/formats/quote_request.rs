//! The quote request of `docs/quote-format.md` (`reservoir.quote-request/1`), read and validated
//! into domain values. Every refusal names the field by its path.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::calendar::{Term, TermDates};
use crate::domain::exchange::Purchase;
use crate::domain::ledger::{EntryReason, LedgerEntry, RefundLedger};
use crate::domain::limits::{MAX_EXCHANGE_LINES, MAX_LEDGER_ENTRIES, MAX_QUANTITY, MAX_RESERVATIONS};
use crate::domain::money::{Currency, UsdRate};
use crate::domain::policy::Policy;
use crate::domain::reservation::{BillingPlan, Buyer, Origin, ProductFamily, Reservation, Scope, Status};
use crate::domain::values::{self, Quantity};
use crate::formats::input::{from_json, Amount, Date, InputError, Name, Units};

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
}

impl QuoteRequest {
    /// The rate of a currency (present for every currency of the request, by validation).
    pub fn rate(&self, currency: Currency) -> UsdRate {
        self.rates.get(&currency).copied().unwrap_or(UsdRate::ONE)
    }
}

#[derive(Deserialize)]
// serde's own words would be "expected struct RequestWire": a name from the code, not the format.
#[serde(expecting = "a quote request object")]
struct RequestWire {
    #[serde(default)]
    format: Option<String>,
    // Read as a value and turned into a policy by `policy_from_value`, which names the key of a
    // bad override in its path.
    policy: serde_json::Value,
    today: Date,
    #[serde(default)]
    usd_per_unit: BTreeMap<String, Amount>,
    #[serde(default)]
    refunds_before: Vec<RefundBeforeWire>,
    reservations: Vec<ReservationWire>,
    #[serde(default)]
    refund: Option<ReturnWire>,
    #[serde(default)]
    exchange: Option<ExchangeWire>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object with date and usd")]
struct RefundBeforeWire {
    date: Date,
    usd: Amount,
}

#[derive(Deserialize)]
#[serde(expecting = "a reservation object")]
struct ReservationWire {
    id: Name,
    #[serde(default)]
    order_id: Option<Name>,
    family: ProductFamily,
    #[serde(default)]
    service: Option<Name>,
    #[serde(default)]
    sku: Option<Name>,
    #[serde(default)]
    region: Option<Name>,
    term: Term,
    billing_plan: BillingPlan,
    purchase_date: Date,
    quantity: Units,
    currency: Currency,
    unit_price: Amount,
    #[serde(default)]
    current_unit_price: Option<Amount>,
    #[serde(default)]
    customer_unit_price: Option<Amount>,
    #[serde(default)]
    used: Option<bool>,
    #[serde(default)]
    scope: Option<Scope>,
    #[serde(default)]
    bought_by: Option<Buyer>,
    #[serde(default)]
    origin: Option<Origin>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object with reservation and quantity")]
struct ReturnWire {
    reservation: Name,
    quantity: Units,
}

#[derive(Deserialize)]
#[serde(expecting = "an object with return and purchase")]
struct ExchangeWire {
    #[serde(rename = "return")]
    returns: Vec<ReturnWire>,
    #[serde(rename = "purchase")]
    purchases: Vec<PurchaseWire>,
}

#[derive(Deserialize)]
#[serde(expecting = "a purchase object")]
pub(crate) struct PurchaseWire {
    family: ProductFamily,
    #[serde(default)]
    service: Option<Name>,
    #[serde(default)]
    sku: Option<Name>,
    #[serde(default)]
    region: Option<Name>,
    term: Term,
    billing_plan: BillingPlan,
    quantity: Units,
    currency: Currency,
    unit_price: Amount,
    #[serde(default)]
    scope: Option<Scope>,
}

/// Reads and validates a quote request.
pub fn parse_quote_request(text: &str) -> Result<QuoteRequest, InputError> {
    let mut ignored_fields = Vec::new();
    let wire: RequestWire = from_json(text, "request", &mut ignored_fields)?;
    if let Some(format) = &wire.format {
        if format != REQUEST_FORMAT {
            return Err(InputError::new("format", format!("expected {REQUEST_FORMAT:?}, found {format:?}")));
        }
    }
    let policy = crate::formats::decode::policy(&wire.policy, "policy")?;

    let mut rates = BTreeMap::from([(Currency::USD, UsdRate::ONE)]);
    for (code, Amount(rate)) in wire.usd_per_unit {
        let path = format!("usd_per_unit.{code}");
        let currency = Currency::from_code(&code).ok_or_else(|| {
            InputError::new(&path, format!("expected a currency code such as EUR, found {code:?}"))
        })?;
        let rate = UsdRate::new(rate)
            .ok_or_else(|| InputError::new(&path, format!("expected a rate above zero, found \"{rate}\"")))?;
        if currency == Currency::USD && rate != UsdRate::ONE {
            return Err(InputError::new(
                path,
                format!("expected 1 for USD itself, found \"{}\"", rate.usd_per_unit()),
            ));
        }
        rates.insert(currency, rate);
    }

    if wire.refunds_before.len() > MAX_LEDGER_ENTRIES {
        return Err(InputError::new(
            "refunds_before",
            format!("expected at most {MAX_LEDGER_ENTRIES} entries, found {}", wire.refunds_before.len()),
        ));
    }
    let ledger = RefundLedger::from_entries(
        wire.refunds_before
            .into_iter()
            .map(|r| LedgerEntry {
                date: r.date.0,
                usd: r.usd.0,
                reason: EntryReason::Earlier { note: String::new() },
            })
            .collect(),
    );

    if wire.reservations.len() > MAX_RESERVATIONS {
        return Err(InputError::new(
            "reservations",
            format!("expected at most {MAX_RESERVATIONS} reservations, found {}", wire.reservations.len()),
        ));
    }
    let mut seen = HashSet::new();
    let mut reservations = Vec::with_capacity(wire.reservations.len());
    for (index, r) in wire.reservations.into_iter().enumerate() {
        let path = format!("reservations[{index}]");
        if !seen.insert(r.id.0.clone()) {
            return Err(InputError::new(
                format!("{path}.id"),
                format!("expected a unique id, found {:?} twice", r.id.0),
            ));
        }
        reservations.push(reservation_from_wire(r, &path, &rates)?);
    }

    let find = |name: &Name, path: &str| {
        reservations.iter().position(|r| r.id == name.0).ok_or_else(|| {
            InputError::new(path, format!("expected the id of one of the reservations, found {:?}", name.0))
        })
    };
    let action = match (wire.refund, wire.exchange) {
        (Some(refund), None) => Action::Refund {
            reservation: find(&refund.reservation, "refund.reservation")?,
            quantity: refund.quantity.0,
        },
        (None, Some(exchange)) => {
            if exchange.returns.len() + exchange.purchases.len() > MAX_EXCHANGE_LINES {
                return Err(InputError::new(
                    "exchange",
                    format!(
                        "expected at most {MAX_EXCHANGE_LINES} lines, found {}",
                        exchange.returns.len() + exchange.purchases.len()
                    ),
                ));
            }
            let mut returns = Vec::new();
            for (index, line) in exchange.returns.iter().enumerate() {
                let at = find(&line.reservation, &format!("exchange.return[{index}].reservation"))?;
                if returns.iter().any(|(other, _)| *other == at) {
                    return Err(InputError::new(
                        format!("exchange.return[{index}].reservation"),
                        format!("expected each reservation once, found {:?} twice", line.reservation.0),
                    ));
                }
                returns.push((at, line.quantity.0));
            }
            let currency = returns
                .first()
                .map(|(at, _)| reservations[*at].currency)
                .or_else(|| exchange.purchases.first().map(|p| p.currency))
                .unwrap_or(Currency::USD);
            for (index, (at, _)) in returns.iter().enumerate() {
                let found = reservations[*at].currency;
                if found != currency {
                    return Err(InputError::new(
                        format!("exchange.return[{index}].reservation"),
                        format!("expected a reservation billed in {currency} like the rest of this exchange, found one billed in {found}"),
                    ));
                }
            }
            let mut purchases = Vec::new();
            for (index, p) in exchange.purchases.into_iter().enumerate() {
                let path = format!("exchange.purchase[{index}]");
                let purchase = purchase_from_wire(p, &path)?;
                if purchase.currency != currency {
                    return Err(InputError::new(
                        format!("{path}.currency"),
                        format!(
                            "expected {currency} like the rest of this exchange, found {}",
                            purchase.currency
                        ),
                    ));
                }
                purchases.push(purchase);
            }
            Action::Exchange { returns, purchases, currency }
        }
        (Some(_), Some(_)) => {
            return Err(InputError::new(
                "request",
                "expected exactly one of \"refund\" or \"exchange\", found both",
            ))
        }
        (None, None) => {
            return Err(InputError::new(
                "request",
                "expected exactly one of \"refund\" or \"exchange\", found neither",
            ))
        }
    };

    Ok(QuoteRequest { policy, today: wire.today.0, rates, ledger, reservations, action, ignored_fields })
}

fn units(value: Units, path: &str) -> Result<Quantity, InputError> {
    match value.0 {
        0 => Err(InputError::new(path, "expected at least 1 unit, found 0")),
        n if n > MAX_QUANTITY => {
            Err(InputError::new(path, format!("expected at most {MAX_QUANTITY} units, found {n}")))
        }
        n => Quantity::new(n).map_err(|e| InputError::new(path, e.to_string())),
    }
}

fn reservation_from_wire(
    r: ReservationWire,
    path: &str,
    rates: &BTreeMap<Currency, UsdRate>,
) -> Result<Reservation, InputError> {
    if !rates.contains_key(&r.currency) {
        return Err(InputError::new(
            format!("{path}.currency"),
            format!(
                "expected a currency with a rate in usd_per_unit, found {:?} without one",
                r.currency.code()
            ),
        ));
    }
    if TermDates::new(r.purchase_date.0, r.term).is_none() {
        return Err(InputError::new(
            format!("{path}.purchase_date"),
            "expected a date whose term ends on a real date",
        ));
    }
    let scope = check_scope(r.scope, &format!("{path}.scope"))?;
    Ok(Reservation {
        order_id: r.order_id.map_or_else(|| r.id.0.clone(), |o| o.0),
        id: r.id.0,
        family: r.family,
        service: r.service.map(|s| s.0.to_string()),
        sku: r.sku.map(|s| s.0).unwrap_or_default().to_string(),
        region: r.region.map(|s| s.0).unwrap_or_default().to_string(),
        quantity: units(r.quantity, &format!("{path}.quantity"))?.get(),
        term: r.term,
        billing_plan: r.billing_plan,
        purchase_date: r.purchase_date.0,
        scope,
        currency: r.currency,
        unit_price: r.unit_price.0,
        current_unit_price: r.current_unit_price.map(|a| a.0),
        customer_unit_price: r.customer_unit_price.map(|a| a.0),
        used: r.used.unwrap_or(true),
        bought_by: r.bought_by.unwrap_or(Buyer::Partner),
        origin: r.origin.unwrap_or(Origin::Purchase),
        status: Status::Active,
    })
}

/// A purchase from its wire form.
pub(crate) fn purchase_from_wire(p: PurchaseWire, path: &str) -> Result<Purchase, InputError> {
    Ok(Purchase {
        family: p.family,
        service: p.service.map(|s| s.0),
        sku: p.sku.map(|s| s.0),
        region: p.region.map(|s| s.0),
        term: p.term,
        billing_plan: p.billing_plan,
        quantity: units(p.quantity, &format!("{path}.quantity"))?,
        currency: p.currency,
        unit_price: values::Amount::new(p.unit_price.0)
            .map_err(|e| InputError::new(format!("{path}.unit_price"), e.to_string()))?,
        scope: check_scope(p.scope, &format!("{path}.scope"))?,
    })
}

/// Shared when left out. The names inside a scope were checked as they were read.
fn check_scope(scope: Option<Scope>, _path: &str) -> Result<Scope, InputError> {
    Ok(scope.unwrap_or(Scope::Shared))
}
