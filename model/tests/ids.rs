//! The IDs the workspace makes up (docs/scenario-format.md, "IDs the workspace makes up"): in the
//! current format a reservation's number is its order's, so a person can tell which order holds
//! it; a file of the first format still replays to the IDs its own commands name.

use reservoir::domain::reservation::Status;
use reservoir::formats::simulation::parse_scenario;
use reservoir::simulation::scenario::replay;
use reservoir::simulation::workspace::Workspace;
use serde_json::{json, Value};

fn buy(date: &str, customer: &str, extra: Value) -> Value {
    let mut reservation = json!({ "family": "compute", "sku": "Standard_D2s_v5", "region": "westeurope",
        "term": "P1Y", "billing_plan": "Upfront", "quantity": 10, "unit_price": "1000" });
    reservation.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    json!({ "date": date, "command": "buy", "customer": customer, "reservation": reservation })
}

fn purchase(sku: &str) -> Value {
    json!({ "family": "compute", "sku": sku, "region": "westeurope", "term": "P3Y",
        "billing_plan": "Upfront", "quantity": 1, "currency": "USD", "unit_price": "20000" })
}

fn add(customer: &str) -> Value {
    json!({ "date": "2026-01-05", "command": "add_customer", "customer": customer, "name": customer, "currency": "USD" })
}

fn replayed(format: &str, commands: Vec<Value>) -> Workspace {
    let text = json!({ "format": format, "commands": commands }).to_string();
    replay(&parse_scenario(&text, &mut Vec::new()).unwrap()).unwrap()
}

/// (reservation, order) of every reservation of `customer`, in the order they were made.
fn ids(w: &Workspace, customer: &str) -> Vec<(String, String)> {
    w.customer(customer)
        .unwrap()
        .reservations
        .iter()
        .map(|r| (r.id.to_string(), r.order_id.to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(r, o)| (r.to_string(), o.to_string())).collect()
}

#[test]
fn a_bought_reservations_id_matches_its_order() {
    let w = replayed(
        "reservoir.scenario/2",
        vec![
            add("contoso"),
            add("fabrikam"),
            buy("2026-01-10", "contoso", json!({})),
            buy("2026-01-10", "contoso", json!({})),
            // Named by the partner: its order still counts as the customer's third.
            buy("2026-01-11", "contoso", json!({ "id": "vm-named", "order_id": "contoso-2026" })),
            // A named order without a reservation ID: the reservation is named after the order.
            buy("2026-01-11", "contoso", json!({ "order_id": "order-0002" })),
            // The other customer counts its own orders.
            buy("2026-01-11", "fabrikam", json!({})),
            json!({ "date": "2026-01-12", "command": "refund", "customer": "contoso", "reservation": "res-0001", "quantity": 2 }),
            json!({ "date": "2026-01-13", "command": "exchange", "customer": "contoso",
                "returns": [{ "reservation": "res-0001-2", "quantity": 8 }],
                "purchases": [purchase("Standard_E2s_v5"), purchase("Standard_E4s_v5")] }),
            json!({ "date": "2026-01-13", "command": "exchange", "customer": "contoso",
                "returns": [{ "reservation": "vm-named", "quantity": 10 }],
                "purchases": [purchase("Standard_E8s_v5")] }),
            json!({ "date": "2026-01-14", "command": "renew", "customer": "contoso", "reservation": "res-0002" }),
        ],
    );
    assert_eq!(
        ids(&w, "contoso"),
        pairs(&[
            ("res-0001", "order-0001"),
            ("res-0002", "order-0002"),
            ("vm-named", "contoso-2026"),
            ("res-0002-2", "order-0002"),
            // What remains after returning 2 of res-0001's 10 units: named after it, in its order.
            ("res-0001-2", "order-0001"),
            // An exchange buying two: its order's number, then which of the two.
            ("res-0004-1", "order-0004"),
            ("res-0004-2", "order-0004"),
            ("res-0005", "order-0005"),
            // The renewal of res-0002 continues it, in its order (res-0002-2 is taken).
            ("res-0002-3", "order-0002"),
        ])
    );
    assert_eq!(ids(&w, "fabrikam"), pairs(&[("res-0001", "order-0001")]));
    // What an exchanged reservation became is kept on it.
    let contoso = w.customer("contoso").unwrap();
    match &contoso.reservation("res-0001-2").unwrap().status {
        Status::Closed { exchanged_for, successor: None, .. } => {
            assert_eq!(exchanged_for, &["res-0004-1", "res-0004-2"])
        }
        other => panic!("{other:?}"),
    }
    match &contoso.reservation("res-0001").unwrap().status {
        Status::Closed { successor: Some(rest), exchanged_for, .. } => {
            assert_eq!(rest, "res-0001-2");
            assert!(exchanged_for.is_empty(), "a refund buys nothing");
        }
        other => panic!("{other:?}"),
    }
}

/// A file of the first format names the IDs the first rule made up (here `res-0001` bought in
/// `order-0002`, and its rest `res-0001-0003`); it must replay to them, or its later commands
/// would name reservations that are not there.
#[test]
fn a_version_1_scenario_replays_to_the_ids_its_commands_name() {
    let commands = vec![
        add("contoso"),
        buy("2026-01-10", "contoso", json!({})),
        json!({ "date": "2026-01-12", "command": "refund", "customer": "contoso", "reservation": "res-0001", "quantity": 2 }),
        json!({ "date": "2026-01-13", "command": "refund", "customer": "contoso", "reservation": "res-0001-0003", "quantity": 1 }),
    ];
    let w = replayed("reservoir.scenario/1", commands.clone());
    assert_eq!(
        ids(&w, "contoso"),
        pairs(&[
            ("res-0001", "order-0002"),
            ("res-0001-0003", "order-0002"),
            ("res-0001-0003-0004", "order-0002")
        ])
    );
    // The same commands in the current format make up other IDs: the format is what keeps them.
    let text = json!({ "format": "reservoir.scenario/2", "commands": commands }).to_string();
    assert!(replay(&parse_scenario(&text, &mut Vec::new()).unwrap()).is_err());
}

/// The stored sessions the app wrote before (fixtures, never edited) hold `reservoir.scenario/1`
/// scenarios: they open with the IDs they had, and are saved again in the same format.
#[test]
fn a_stored_session_keeps_its_ids_and_its_format() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/session-v1.json"))
            .unwrap();
    let session = reservoir::app::session::read(&text).unwrap().session;
    assert!(session.workspace().customer("contoso").unwrap().reservation("contoso-vm-d4-0001").is_some());
    let again = reservoir::app::session::write(&session, 1);
    assert!(again.contains(r#""scenario":{"format":"reservoir.scenario/1""#), "{}", &again[..200]);
}
