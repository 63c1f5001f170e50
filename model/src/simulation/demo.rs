//! The demo dataset: a believable partner's book of customers, built as a scenario of dated
//! commands relative to "today", so it replays like anything a partner types. Also a large
//! portfolio for the benchmarks.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::calendar::Term;
use crate::domain::money::Currency;
use crate::domain::order;
use crate::domain::partner::Actor;
use crate::domain::policy::{PackId, Policy};
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Amount, Date, Name, Note, Quantity};
use crate::simulation::command::{Command, DatedCommand, NewReservation, SubscriptionKind};
use crate::simulation::scenario::Scenario;

// The demo's own values, checked like anything typed: a demo that could not be stored would lock
// a trainer's browser at the next reload. Its names and numbers are fixed and well inside bounds
// (a test replays it on several days).
pub(crate) fn name(text: &str) -> Name {
    Name::parse(text).expect("the demo's names are names")
}
pub(crate) fn amount(text: &str) -> Amount {
    Amount::parse(text).expect("the demo's amounts are amounts")
}
pub(crate) fn units(n: u32) -> Quantity {
    Quantity::new(n).expect("the demo's quantities are in range")
}
/// A day of the demo, kept inside the years Reservoir accepts (a "today" in 2000 would put the
/// demo's first purchases in 1996).
pub(crate) fn day(date: NaiveDate) -> Date {
    Date::new(date).unwrap_or_else(|_| Date::parse("2000-01-01").expect("the earliest day is a date"))
}

struct Plan<'a> {
    customer: &'a str,
    id: &'a str,
    family: &'a str,
    sku: &'a str,
    region: &'a str,
    term: Term,
    billing_plan: BillingPlan,
    quantity: u32,
    unit_price: &'a str,
    /// Months before today it was bought.
    months_ago: u32,
    /// Bought by the customer itself (needs the permission and Owner).
    by_customer: Option<&'a str>,
    customer_price: Option<&'a str>,
}

pub(crate) fn before(today: NaiveDate, months: u32, days: u64) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .and_then(|d| d.checked_sub_days(Days::new(days)))
        .unwrap_or(today)
}

/// The note the demo's partner typed when it recorded one of Woodgrove's earlier refunds: the
/// partner's ticket, as a partner would jot it down. Notes are a person's words, kept as typed: the
/// app loads the demo with them in the person's language ([`demo_scenario_in`]); the engine's tests
/// and benchmarks use [`english_note`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoNote {
    /// The partner's ticket number.
    pub ticket: u32,
}

/// The demo's notes in English.
pub fn english_note(note: DemoNote) -> String {
    format!("Partner ticket {}", note.ticket)
}

/// The demo with its notes in English.
pub fn demo_scenario(today: Date) -> Scenario {
    demo_scenario_in(today, english_note)
}

/// The demo: five customers billed in USD, EUR, GBP and SEK, upfront and monthly reservations of
/// several families, some bought by the customer, and Woodgrove close to its refund limit; its
/// notes written by `note`.
pub fn demo_scenario_in(today: Date, note: impl Fn(DemoNote) -> String) -> Scenario {
    let today = today.get();
    let start = before(today, 40, 0);
    let mut commands: Vec<DatedCommand> = Vec::new();
    let admin = Actor::admin_agent();
    let mut at = |date: NaiveDate, actor: &Actor, command: Command| {
        commands.push(DatedCommand { date: day(date), actor: actor.clone(), command });
    };
    for (currency, rate) in [("EUR", "1.08"), ("GBP", "1.27"), ("SEK", "0.095")] {
        at(
            start,
            &admin,
            Command::SetRate {
                currency: Currency::from_code(currency).expect("known"),
                usd_per_unit: amount(rate),
            },
        );
    }
    let customers = [
        ("contoso", "Contoso Ltd", "USD"),
        ("fabrikam", "Fabrikam GmbH", "EUR"),
        ("northwind", "Northwind Traders", "GBP"),
        ("tailspin", "Tailspin Toys AB", "SEK"),
        ("woodgrove", "Woodgrove Bank", "USD"),
    ];
    for (id, title, currency) in customers {
        at(
            start,
            &admin,
            Command::AddCustomer {
                customer: name(id),
                name: name(title),
                currency: Currency::from_code(currency).expect("known"),
            },
        );
        at(
            start,
            &admin,
            Command::AddSubscription {
                customer: name(id),
                subscription: name(&format!("{id}-plan")),
                kind: SubscriptionKind::AzurePlan,
                bought_by_partner: true,
            },
        );
        at(
            start,
            &admin,
            Command::AddSubscription {
                customer: name(id),
                subscription: name(&format!("{id}-global")),
                kind: SubscriptionKind::AzureGlobal,
                bought_by_partner: true,
            },
        );
    }
    // Contoso and Fabrikam buy for themselves.
    for (customer, user) in [("contoso", "megan"), ("fabrikam", "jonas")] {
        at(start, &admin, Command::AddUser { customer: name(customer), user: name(user) });
        at(
            start,
            &admin,
            Command::AssignOwner {
                customer: name(customer),
                user: name(user),
                subscription: name(&format!("{customer}-plan")),
            },
        );
        at(start, &admin, Command::SetPurchasePermission { customer: name(customer), allowed: true });
    }
    at(start, &admin, Command::AddUser { customer: name("northwind"), user: name("priya") });

    let plans = [
        Plan {
            customer: "contoso",
            id: "contoso-vm-d4",
            family: "compute",
            sku: "Standard_D4s_v5",
            region: "eastus",
            term: Term::P3Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 10,
            unit_price: "84.10",
            months_ago: 14,
            by_customer: None,
            customer_price: Some("92.50"),
        },
        Plan {
            customer: "contoso",
            id: "contoso-vm-b2",
            family: "compute",
            sku: "Standard_B2ms",
            region: "eastus",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 4,
            unit_price: "512.00",
            months_ago: 3,
            by_customer: Some("megan"),
            customer_price: None,
        },
        Plan {
            customer: "contoso",
            id: "contoso-sql",
            family: "sql",
            sku: "SQL_MI_GP_Gen5_8",
            region: "eastus",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 1,
            unit_price: "9850.00",
            months_ago: 7,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "fabrikam",
            id: "fabrikam-vm-e8",
            family: "compute",
            sku: "Standard_E8s_v5",
            region: "westeurope",
            term: Term::P3Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 2,
            unit_price: "11240.00",
            months_ago: 20,
            by_customer: None,
            customer_price: Some("12100.00"),
        },
        Plan {
            customer: "fabrikam",
            id: "fabrikam-cosmos",
            family: "cosmos_db",
            sku: "Cosmos_DB_100RU",
            region: "westeurope",
            term: Term::P1Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 30,
            unit_price: "5.60",
            months_ago: 5,
            by_customer: Some("jonas"),
            customer_price: None,
        },
        Plan {
            customer: "northwind",
            id: "northwind-vm-f4",
            family: "compute",
            sku: "Standard_F4s_v2",
            region: "uksouth",
            term: Term::P1Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 6,
            unit_price: "61.30",
            months_ago: 9,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "northwind",
            id: "northwind-redhat",
            family: "red_hat",
            sku: "RHEL_2vCPU",
            region: "uksouth",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 6,
            unit_price: "420.00",
            months_ago: 9,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "tailspin",
            id: "tailspin-vm-d2",
            family: "compute",
            sku: "Standard_D2s_v5",
            region: "swedencentral",
            term: Term::P3Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 8,
            unit_price: "690.00",
            months_ago: 11,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "tailspin",
            id: "tailspin-storage",
            family: "storage",
            sku: "Blob_Hot_100TB",
            region: "swedencentral",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 1,
            unit_price: "180000.00",
            months_ago: 2,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "woodgrove",
            id: "woodgrove-vm-m",
            family: "compute",
            sku: "Standard_M64s",
            region: "eastus2",
            term: Term::P3Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 1,
            unit_price: "3000.00",
            months_ago: 16,
            by_customer: None,
            customer_price: None,
        },
        Plan {
            customer: "woodgrove",
            id: "woodgrove-sql",
            family: "sql",
            sku: "SQL_DB_BC_Gen5_4",
            region: "eastus2",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 2,
            unit_price: "6200.00",
            months_ago: 4,
            by_customer: None,
            customer_price: None,
        },
    ];
    let mut buys: Vec<(NaiveDate, DatedCommand)> = plans
        .iter()
        .map(|p| {
            let bought = before(today, p.months_ago, 3);
            let actor = match p.by_customer {
                Some(user) => Actor::Customer { customer: name(p.customer), user: name(user) },
                None => admin.clone(),
            };
            let command = Command::Buy {
                customer: name(p.customer),
                reservation: Box::new(NewReservation {
                    id: Some(name(p.id)),
                    order_id: Some(name(&format!("{}-order", p.id))),
                    family: ProductFamily::parse(p.family).expect("known family"),
                    service: None,
                    sku: name(p.sku),
                    region: name(p.region),
                    term: p.term,
                    billing_plan: p.billing_plan,
                    quantity: units(p.quantity),
                    unit_price: amount(p.unit_price),
                    current_unit_price: None,
                    customer_unit_price: p.customer_price.map(amount),
                    scope: Scope::Shared,
                    purchase_date: None,
                    used: true,
                    display_name: None,
                }),
            };
            (bought, DatedCommand { date: day(bought), actor, command })
        })
        .collect();
    order::sort_by_key(&mut buys, |(date, _)| *date);
    commands.extend(buys.into_iter().map(|(_, c)| c));

    // Woodgrove has already used most of its limit: refunds recorded 8 and 3 months ago.
    let recent = before(today, 0, 1);
    for (months, usd, said) in
        [(8, "31800.00", DemoNote { ticket: 4411 }), (3, "14650.00", DemoNote { ticket: 4630 })]
    {
        commands.push(DatedCommand {
            date: day(recent),
            actor: admin.clone(),
            command: Command::RecordEarlierRefund {
                customer: name("woodgrove"),
                refund_date: day(before(today, months, 0)),
                usd: amount(usd),
                // A translated note the checked value refuses (too long) would be a translation's
                // slip: the demo still loads, with that note in English.
                note: Note::parse(&note(said))
                    .or_else(|_| Note::parse(&english_note(said)))
                    .expect("the demo's English notes are notes"),
            },
        });
    }
    Scenario { commands, ..Scenario::new(Policy::pack(PackId::Azure2026)) }
}

/// A portfolio of `count` varied reservations for one USD customer, for benchmarks.
pub fn large_scenario(today: Date, count: usize) -> Scenario {
    let day_of = today;
    let today = today.get();
    let admin = Actor::admin_agent();
    let mut commands = vec![DatedCommand {
        date: day_of,
        actor: admin.clone(),
        command: Command::AddCustomer {
            customer: name("big"),
            name: name("Big Portfolio Inc"),
            currency: Currency::USD,
        },
    }];
    let families = ["compute", "sql", "cosmos_db", "storage"];
    for i in 0..count {
        let monthly = i % 2 == 0;
        let term = if i % 3 == 0 { Term::P3Y } else { Term::P1Y };
        let months_ago = (i % 11) as u32;
        commands.push(DatedCommand {
            date: day_of,
            actor: admin.clone(),
            command: Command::Buy {
                customer: name("big"),
                reservation: Box::new(NewReservation {
                    id: Some(name(&format!("r{i:05}"))),
                    order_id: Some(name(&format!("o{:05}", i / 4))),
                    family: ProductFamily::parse(families[i % families.len()]).expect("known"),
                    service: None,
                    sku: name(&format!("SKU_{}", i % 37)),
                    region: name("eastus"),
                    term,
                    billing_plan: if monthly { BillingPlan::Monthly } else { BillingPlan::Upfront },
                    quantity: units(1 + (i % 7) as u32),
                    unit_price: Amount::new(Decimal::new(1_000 + (i as i64 * 7_919) % 500_000, 2))
                        .expect("a benchmark price is an amount"),
                    current_unit_price: (i % 5 == 0).then(|| amount("900")),
                    customer_unit_price: None,
                    scope: Scope::Shared,
                    purchase_date: Some(day(before(today, months_ago, (i % 27) as u64))),
                    used: true,
                    display_name: None,
                }),
            },
        });
    }
    Scenario { commands, ..Scenario::new(Policy::pack(PackId::Azure2026)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulation::scenario::replay;

    #[test]
    fn the_demo_replays_without_a_refusal_on_any_day() {
        for today in ["2026-11-21", "2024-02-29", "2027-03-31", "2030-01-01"] {
            let scenario = demo_scenario(Date::parse(today).unwrap());
            let workspace = replay(&scenario).unwrap_or_else(|(i, r)| panic!("{today}: command {i}: {r:?}"));
            assert_eq!(workspace.customers.len(), 5);
            let currencies: std::collections::BTreeSet<_> =
                workspace.customers.iter().map(|c| c.currency.code().to_string()).collect();
            assert_eq!(currencies.into_iter().collect::<Vec<_>>(), ["EUR", "GBP", "SEK", "USD"]);
        }
    }

    #[test]
    fn woodgrove_is_close_to_its_limit() {
        let today = Date::parse("2026-11-21").unwrap();
        let workspace = replay(&demo_scenario(today)).unwrap();
        let today = today.get();
        let woodgrove = workspace.customer("woodgrove").unwrap();
        let status = workspace.limit_status(woodgrove, today);
        assert_eq!(status.left.amount_string(), "3550.00");
        // ... and a full cancellation of its M-series reservation is refused today.
        let quote = workspace.quote_refund("woodgrove", "woodgrove-vm-m", 1, today).unwrap();
        assert!(!quote.is_allowed());
    }

    #[test]
    fn some_reservations_are_bought_by_the_customer() {
        let workspace = replay(&demo_scenario(Date::parse("2026-11-21").unwrap())).unwrap();
        let by_customer = workspace
            .customers
            .iter()
            .flat_map(|c| &c.reservations)
            .filter(|r| r.bought_by == crate::domain::reservation::Buyer::Customer)
            .count();
        assert_eq!(by_customer, 2);
    }

    #[test]
    fn the_large_portfolio_has_what_it_says() {
        let workspace = replay(&large_scenario(Date::parse("2026-11-21").unwrap(), 500)).unwrap();
        assert_eq!(workspace.reservation_count(), 500);
    }
}
