//! The exchange preview is the exchange command's own check: for every basket, what
//! `Workspace::preview_exchange` says is what applying the command does — accepted with the same
//! totals, or refused with the same rejection.

use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::Purchase;
use reservoir::domain::money::Currency;
use reservoir::domain::partner::Actor;
use reservoir::domain::reservation::{BillingPlan, ProductFamily, Scope};
use reservoir::domain::values::{Amount, Date, Name, Quantity};
use reservoir::simulation::activity::Event;
use reservoir::simulation::command::{Command, DatedCommand, ReturnLine};
use reservoir::simulation::demo::demo_scenario;
use reservoir::simulation::scenario::replay;

fn name(s: &str) -> Name {
    Name::parse(s).unwrap()
}

fn back(reservation: &str, quantity: u32) -> ReturnLine {
    ReturnLine { reservation: name(reservation), quantity }
}

fn buy(family: &str, price: &str, currency: Currency) -> Purchase {
    Purchase {
        family: ProductFamily::parse(family).unwrap(),
        service: None,
        sku: Some(name("new-sku")),
        region: None,
        term: Term::P3Y,
        billing_plan: BillingPlan::Upfront,
        quantity: Quantity::new(1).unwrap(),
        currency,
        unit_price: Amount::parse(price).unwrap(),
        scope: Scope::Shared,
    }
}

#[test]
fn the_preview_says_what_the_exchange_command_does() {
    let today = Date::parse("2026-11-21").unwrap();
    let workspace = replay(&demo_scenario(today)).unwrap();
    let usd = Currency::USD;
    let held = workspace.customer("contoso").unwrap().reservation("contoso-vm-d4").unwrap().quantity;
    let baskets: Vec<(&str, Vec<ReturnLine>, Vec<Purchase>)> = vec![
        ("valid", vec![back("contoso-vm-d4", held)], vec![buy("compute", "20000", usd)]),
        ("part of it", vec![back("contoso-vm-d4", 1)], vec![buy("compute", "20000", usd)]),
        ("too low", vec![back("contoso-vm-d4", held)], vec![buy("compute", "100", usd)]),
        ("mixed families", vec![back("contoso-vm-d4", held)], vec![buy("sql", "20000", usd)]),
        ("no units", vec![back("contoso-vm-d4", 0)], vec![buy("compute", "20000", usd)]),
        ("more than held", vec![back("contoso-vm-d4", held + 1)], vec![buy("compute", "20000", usd)]),
        ("unknown reservation", vec![back("no-such-thing", 1)], vec![buy("compute", "20000", usd)]),
        (
            "twice the same",
            vec![back("contoso-vm-d4", 1), back("contoso-vm-d4", 1)],
            vec![buy("compute", "20000", usd)],
        ),
        ("nothing bought", vec![back("contoso-vm-d4", held)], vec![]),
        (
            "another currency",
            vec![back("contoso-vm-d4", held)],
            vec![buy("compute", "20000", Currency::from_code("EUR").unwrap())],
        ),
    ];
    let (mut accepted, mut refused) = (0, 0);
    for (label, returns, purchases) in baskets {
        let preview = workspace.preview_exchange(today.get(), "contoso", &returns, &purchases);
        let mut applied = workspace.clone();
        let command = Command::Exchange { customer: name("contoso"), returns, purchases };
        let outcome = applied
            .apply(&DatedCommand { date: today, actor: Actor::admin_agent(), command })
            .map(|entry| entry.event.clone());
        match (preview, outcome) {
            (Err(said), Err(did)) => {
                assert_eq!(said, did, "{label}");
                refused += 1;
            }
            (Ok(preview), Err(did)) => {
                assert_eq!(preview.refusal, Some(did), "{label}");
                refused += 1;
            }
            (
                Ok(preview),
                Ok(Event::Exchanged { refunds_total, purchases_total, net_payable, final_exchange, .. }),
            ) => {
                assert!(preview.is_accepted(), "{label}: {:?}", preview.refusal);
                assert_eq!(preview.quote.refunds_total, refunds_total, "{label}");
                assert_eq!(preview.quote.purchases_total, purchases_total, "{label}");
                assert_eq!(preview.quote.net_payable, net_payable, "{label}");
                assert_eq!(preview.quote.final_exchange, final_exchange, "{label}");
                accepted += 1;
            }
            (preview, outcome) => {
                panic!("{label}: the preview said {preview:?}, the command did {outcome:?}")
            }
        }
    }
    assert_eq!((accepted, refused), (2, 8));
}
