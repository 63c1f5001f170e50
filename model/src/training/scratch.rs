//! A lesson's worked example as a workspace of its own: the situation of its quote request (the
//! rates, the customer, each reservation bought as it was, the refunds already counted) as a
//! scenario dated on the request's day, for the shell to open apart from the partner's workspace
//! (`app::persistence::Health::Scratch` keeps it out of storage) and try things on.

use crate::domain::money::Currency;
use crate::domain::partner::Actor;
use crate::domain::values::{Amount, Date, Name, Note, Quantity};
use crate::formats::quote_request::parse_quote_request;
use crate::simulation::command::{Command, DatedCommand, NewReservation};
use crate::simulation::scenario::Scenario;
use crate::training::exercise::Exercise;

/// The worked example's scenario and its day, its customer `customer` named `name` (the shell's
/// words), or `None` when the exercise has no situation (the roles), or when the situation cannot
/// be a scenario (reservations in two currencies, a correction in its ledger). The commands are
/// the admin agent's, every one on the request's day.
pub fn worked_example_scenario(
    exercise: &Exercise,
    customer: &Name,
    name: &Name,
) -> Option<(Scenario, Date)> {
    let request = parse_quote_request(&exercise.request.as_ref()?.to_string()).ok()?;
    let today = Date::new(request.today).ok()?;
    let currency = request.reservations.first().map_or(Currency::USD, |r| r.currency);
    if request.reservations.iter().any(|r| r.currency != currency) {
        return None;
    }
    let on_the_day = |command| DatedCommand { date: today, actor: Actor::admin_agent(), command };
    let mut scenario = Scenario::new(request.policy.clone());
    for (currency, rate) in request.rates.iter().filter(|(c, _)| **c != Currency::USD) {
        let usd_per_unit = Amount::new(rate.usd_per_unit()).ok()?;
        scenario.commands.push(on_the_day(Command::SetRate { currency: *currency, usd_per_unit }));
    }
    scenario.commands.push(on_the_day(Command::AddCustomer {
        customer: customer.clone(),
        name: name.clone(),
        currency,
    }));
    for r in &request.reservations {
        let optional = |price: Option<rust_decimal::Decimal>| price.map(Amount::new).transpose();
        let bought = NewReservation {
            id: Some(r.id.clone()),
            order_id: Some(r.order_id.clone()),
            family: r.family.clone(),
            service: r.service.as_deref().map(Name::parse).transpose().ok()?,
            sku: Name::parse(&r.sku).ok()?,
            region: Name::parse(&r.region).ok()?,
            term: r.term,
            billing_plan: r.billing_plan,
            quantity: Quantity::new(r.quantity).ok()?,
            unit_price: Amount::new(r.unit_price).ok()?,
            current_unit_price: optional(r.current_unit_price).ok()?,
            customer_unit_price: optional(r.customer_unit_price).ok()?,
            scope: r.scope.clone(),
            purchase_date: Some(Date::new(r.purchase_date).ok()?),
            used: r.used,
            display_name: r.display_name.as_deref().map(Name::parse).transpose().ok()?,
        };
        scenario
            .commands
            .push(on_the_day(Command::Buy { customer: customer.clone(), reservation: Box::new(bought) }));
    }
    for entry in request.ledger.entries() {
        scenario.commands.push(on_the_day(Command::RecordEarlierRefund {
            customer: customer.clone(),
            refund_date: Date::new(entry.date).ok()?,
            usd: Amount::new(entry.usd).ok()?,
            note: Note::default(),
        }));
    }
    Some((scenario, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulation::scenario::replay;
    use crate::training::generate::exercises;

    /// Every exercise with a situation opens as a workspace holding that situation: each
    /// reservation as bought, and the limit counting what the request counts.
    #[test]
    fn every_situation_opens_as_a_workspace_of_its_own() {
        let (id, name) = (Name::parse("example").unwrap(), Name::parse("Example").unwrap());
        let mut opened = 0;
        for seed in 0..40 {
            for e in exercises(seed, &[1, 2, 3, 4, 5, 6], 12) {
                let Some(request) = &e.request else { continue };
                let request = parse_quote_request(&request.to_string()).unwrap();
                let (scenario, today) = worked_example_scenario(&e, &id, &name)
                    .unwrap_or_else(|| panic!("seed {seed}, {}: no scenario", e.id));
                assert_eq!(today.get(), request.today);
                let workspace =
                    replay(&scenario).unwrap_or_else(|(i, r)| panic!("seed {seed}, {}: #{i} {r:?}", e.id));
                let customer = workspace.customer("example").expect("the example's customer");
                assert_eq!(
                    customer.ledger.consumed(request.today, 365),
                    request.ledger.consumed(request.today, 365)
                );
                for r in &request.reservations {
                    let held = customer.reservations.iter().find(|h| h.id == r.id).expect("each reservation");
                    assert_eq!(
                        (held.quantity, held.purchase_date, held.unit_price, held.term, held.billing_plan),
                        (r.quantity, r.purchase_date, r.unit_price, r.term, r.billing_plan),
                        "seed {seed}, {}",
                        e.id
                    );
                }
                opened += 1;
            }
        }
        assert!(opened > 300, "most exercises have a situation: {opened}");
    }
}
