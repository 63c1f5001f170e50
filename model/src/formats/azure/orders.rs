//! One reservation order, as Azure writes it (`GET …/reservationOrders`, `…/{id}?$expand=schedule`,
//! `az reservations reservation-order list|show`): its plan, term, when its benefit started, its
//! quantity, the reservations it holds and, with `planInformation`, its first payment: the only
//! price an order carries.

use crate::formats::json::Value;

use crate::domain::calendar::Term;
use crate::domain::money::Currency;
use crate::domain::reservation::BillingPlan;
use crate::domain::values::{Amount, Date, Name};
use crate::formats::azure::findings::{Place, Warning, WarningKind};
use crate::formats::azure::paths::{day_of, key, last_segment, properties, segment_after};
use crate::formats::azure::reservations::plan;
use crate::formats::decode::{amount, text, units};
use crate::formats::input::{Expected, Found, InputError, Problem};

/// An order as Azure describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureOrder {
    /// Its GUID.
    pub id: Name,
    /// `billingPlan`, when there.
    pub billing_plan: Option<BillingPlan>,
    /// `term`, when it is one Reservoir models (`"None"` is not: a warning says so).
    pub term: Option<Term>,
    /// The day of `benefitStartTime`, when there.
    pub benefit_start: Option<Date>,
    /// `originalQuantity`, when there.
    pub original_quantity: Option<u32>,
    /// The first payment of `planInformation.transactions`, when there.
    pub first_payment: Option<Payment>,
    /// The GUIDs (lower case) of the reservations it lists.
    pub reservations: Vec<String>,
    /// Where it is.
    pub place: Place,
}

/// A payment's billing-currency total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// The amount.
    pub amount: Amount,
    /// Its currency.
    pub currency: Currency,
    /// Where (`…planInformation.transactions[0].billingCurrencyTotal`).
    pub place: Place,
}

/// Reads the order at `place`; an order with a field that cannot be read is an error at that
/// field (the import lists it and goes on).
pub fn read(item: &Value, place: &Place, warnings: &mut Vec<Warning>) -> Result<AzureOrder, InputError> {
    if !item.is_object() {
        return Err(InputError::wrong_kind(&place.path, Expected::Object, Found::of(item)));
    }
    let id_text = item.get("id").and_then(Value::as_str).unwrap_or("");
    let own = match item.get("name") {
        Some(Value::String(n)) => last_segment(n),
        _ => segment_after(id_text, "reservationOrders").unwrap_or(""),
    };
    let id = Name::parse(own).map_err(|e| InputError::new(place.at("name").path, Problem::Value(e)))?;
    let props = properties(item);
    let at = if std::ptr::eq(props, item) { place.clone() } else { place.at("properties") };
    let field = |key: &str| at.at(key).path;
    let billing_plan = match props.get("billingPlan") {
        None | Some(Value::Null) => None,
        Some(value) => Some(plan(value, &field("billingPlan"))?),
    };
    let term = match props.get("term") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let written = text(value, &field("term"), Expected::Text)?;
            let term = Term::ALL.into_iter().find(|t| t.code().eq_ignore_ascii_case(written.trim()));
            if term.is_none() {
                warnings.push(Warning {
                    kind: WarningKind::OrderTerm { found: written.chars().take(60).collect() },
                    place: at.at("term"),
                });
            }
            term
        }
    };
    let benefit_start = match props.get("benefitStartTime") {
        None | Some(Value::Null) => None,
        Some(value) => Some(day_of(value, &field("benefitStartTime"))?),
    };
    let original_quantity = match props.get("originalQuantity") {
        None | Some(Value::Null) => None,
        Some(value) => Some(units(value, &field("originalQuantity"))?),
    };
    let reservations = match props.get("reservations") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|r| r.get("id").and_then(Value::as_str))
            .map(|id| key(segment_after(id, "reservations").unwrap_or_else(|| last_segment(id))))
            .collect(),
        _ => Vec::new(),
    };
    let first_payment = first_payment(props, &at)?;
    Ok(AzureOrder {
        id,
        billing_plan,
        term,
        benefit_start,
        original_quantity,
        first_payment,
        reservations,
        place: place.clone(),
    })
}

/// The billing-currency total of the first payment of `planInformation.transactions`: the one due
/// first (by `dueDate`, else the first listed).
fn first_payment(props: &Value, at: &Place) -> Result<Option<Payment>, InputError> {
    let plan_at = at.at("planInformation");
    let Some(plan_information) = props.get("planInformation").filter(|p| !p.is_null()) else {
        return Ok(None);
    };
    let transactions_at = plan_at.at("transactions");
    let list = match plan_information.get("transactions") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(list)) => list,
        Some(other) => {
            return Err(InputError::wrong_kind(transactions_at.path, Expected::List, Found::of(other)))
        }
    };
    let mut first: Option<(Option<Date>, usize)> = None;
    for (i, payment) in list.iter().enumerate() {
        let due = match payment.get("dueDate") {
            None | Some(Value::Null) => None,
            Some(value) => Some(day_of(value, &format!("{}[{i}].dueDate", transactions_at.path))?),
        };
        let earlier = match (first, due) {
            (None, _) => true,
            (Some((Some(best), _)), Some(due)) => due < best,
            (Some((None, _)), Some(_)) => true,
            _ => false,
        };
        if earlier {
            first = Some((due, i));
        }
    }
    let Some((_, i)) = first else {
        return Ok(None);
    };
    let total_at = Place::new(&at.file, format!("{}[{i}].billingCurrencyTotal", transactions_at.path));
    let total = match list[i].get("billingCurrencyTotal") {
        None | Some(Value::Null) => return Err(InputError::new(total_at.path, Problem::Missing)),
        Some(total) => total,
    };
    let amount_at = total_at.at("amount").path;
    let amount_value = total.get("amount").ok_or_else(|| InputError::new(&amount_at, Problem::Missing))?;
    let code_at = total_at.at("currencyCode").path;
    let code_value = total.get("currencyCode").ok_or_else(|| InputError::new(&code_at, Problem::Missing))?;
    let code = text(code_value, &code_at, Expected::CurrencyText)?;
    let currency = Currency::from_code(code.trim())
        .ok_or_else(|| InputError::wrong_kind(&code_at, Expected::Currency, Found::word(code)))?;
    Ok(Some(Payment { amount: amount(amount_value, &amount_at)?, currency, place: total_at }))
}
