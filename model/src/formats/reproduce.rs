//! The `reservoir quote` request that reproduces a quote made in the workspace, so a partner can
//! take any number the app shows to the command line (or to a colleague) and get the same answer.

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::domain::policy::Policy;
use crate::domain::reservation::Reservation;
use crate::formats::quote_request::REQUEST_FORMAT;
use crate::simulation::workspace::{Customer, Workspace};

/// The policy as a request writes it.
pub fn policy_json(policy: &Policy) -> Value {
    policy.to_json()
}

fn reservation_json(r: &Reservation) -> Value {
    let mut value = json!({
        "id": r.id, "order_id": r.order_id, "family": r.family.name(), "sku": r.sku, "region": r.region,
        "term": r.term.code(), "billing_plan": r.billing_plan.name(),
        "purchase_date": r.purchase_date.to_string(), "quantity": r.quantity,
        "currency": r.currency.code(), "unit_price": r.unit_price.to_string(), "used": r.used,
    });
    let object = value.as_object_mut().expect("an object");
    if let Some(service) = &r.service {
        object.insert("service".into(), json!(service));
    }
    if let Some(current) = r.current_unit_price {
        object.insert("current_unit_price".into(), json!(current.to_string()));
    }
    if let Some(customer) = r.customer_unit_price {
        object.insert("customer_unit_price".into(), json!(customer.to_string()));
    }
    object.insert("origin".into(), serde_json::to_value(r.origin).expect("serializes"));
    value
}

/// The customer's ledger as `refunds_before`: the entries that stand (a correction and what it
/// canceled are left out together).
fn refunds_before(customer: &Customer) -> Vec<Value> {
    customer
        .ledger
        .standing()
        .into_iter()
        .map(|(_, e)| json!({ "date": e.date.to_string(), "usd": e.usd.to_string() }))
        .collect()
}

/// The request for refunding `quantity` units of a reservation on `today` (`None` when the
/// customer or the reservation is unknown).
pub fn refund_request(
    workspace: &Workspace,
    customer: &str,
    reservation: &str,
    quantity: u32,
    today: NaiveDate,
) -> Option<Value> {
    let customer = workspace.customer(customer)?;
    let reservation = customer.reservation(reservation)?;
    let mut rates = Map::new();
    if let Some(rate) = workspace.rate(reservation.currency) {
        if reservation.currency.code() != "USD" {
            rates.insert(reservation.currency.code().into(), json!(rate.usd_per_unit().to_string()));
        }
    }
    Some(json!({
        "format": REQUEST_FORMAT,
        "policy": policy_json(&workspace.policy),
        "today": today.to_string(),
        "usd_per_unit": rates,
        "refunds_before": refunds_before(customer),
        "reservations": [reservation_json(reservation)],
        "refund": { "reservation": reservation.id, "quantity": quantity },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::quote_json::quote_text;
    use crate::simulation::demo::demo_scenario;
    use crate::simulation::scenario::replay;

    /// The request reproduces the workspace's own quote, for every demo reservation.
    #[test]
    fn the_request_reproduces_the_workspace_quote() {
        let today: NaiveDate = "2026-11-21".parse().unwrap();
        let workspace = replay(&demo_scenario(crate::domain::values::Date::new(today).unwrap())).unwrap();
        let mut checked = 0;
        for customer in &workspace.customers {
            for r in customer.open_reservations() {
                let request = refund_request(&workspace, &customer.id, &r.id, 1, today).unwrap();
                let (text, ignored) = quote_text(&request.to_string()).unwrap();
                assert!(ignored.is_empty(), "{ignored:?}");
                let cli: Value = serde_json::from_str(&text).unwrap();
                let quote = workspace.quote_refund(&customer.id, &r.id, 1, today).unwrap();
                let priced = quote.priced.as_ref().unwrap();
                assert_eq!(
                    cli["billingRefundAmount"]["amount"],
                    priced.partner.refund.amount_string(),
                    "{}",
                    r.id
                );
                assert_eq!(
                    cli["canceledCommitmentUsd"]["amount"],
                    priced.canceled_commitment_usd.amount_string()
                );
                assert_eq!(
                    cli["policyResult"]["consumedRefundsTotal"]["amount"],
                    quote.limit.consumed.amount_string()
                );
                assert_eq!(cli["policyResult"]["policyErrors"].as_array().unwrap().len(), quote.errors.len());
                checked += 1;
            }
        }
        assert_eq!(checked, 11);
    }
}
