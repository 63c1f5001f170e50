//! Importing Azure's own exports (issue 11): the recorded responses of `../shared/azure_formats/`
//! (read where they are, never copied here) and small files written inline for what the
//! recordings lack (an order's `planInformation`, transactions, a price sheet, untidy states).
//! Every expected number was counted in the files themselves (with jq and python), not taken from
//! the program's output.

use std::collections::BTreeMap;

use reservoir::domain::calendar::Term;
use reservoir::domain::money::Currency;
use reservoir::domain::reservation::{BillingPlan, Scope};
use reservoir::domain::values::{Amount, Date, Name};
use reservoir::formats::azure::book::{AzureBook, AzureError, AzureFile, PlanError, PriceSource};
use reservoir::formats::azure::findings::{SkipReason, WarningKind};
use reservoir::formats::azure::recognise::FileKind;
use reservoir::formats::input::Problem;
use reservoir::simulation::command::Command;
use reservoir::simulation::scenario::{replay, ScenarioFormat};

const RECORDINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/azure_formats/azure-cli-extensions/extracted_response_bodies"
);
const RESERVATIONS: &str =
    "test_list_reservations__interaction0__GET_providers_Microsoft.Capacity_reservations.json";
const ORDERS: [&str; 3] = [
    "test_list_reservation_order__interaction0__GET_reservationOrders_page1.json",
    "test_list_reservation_order__interaction1__GET_reservationOrders_page2.json",
    "test_list_reservation_order__interaction2__GET_reservationOrders_page3.json",
];
const HISTORY: &str = "test_list_reservation_history__interaction0__revisions.json";

/// A recorded file's text, or `None` (with the reason printed) when the folder is absent.
fn recorded(name: &str) -> Option<String> {
    let path = std::path::Path::new(RECORDINGS).join(name);
    if !std::path::Path::new(RECORDINGS).is_dir() {
        println!("skipped: {RECORDINGS} is absent (the shared recordings are not beside this checkout)");
        return None;
    }
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn name(text: &str) -> Name {
    Name::parse(text).unwrap()
}

fn amount(text: &str) -> Amount {
    Amount::parse(text).unwrap()
}

/// The day the recordings were made near: every 3-year reservation bought in 2021 is live, every
/// 1-year one has expired.
const TODAY: &str = "2023-03-08";

/// A price sheet for the recorded SKUs, all but the SUSE plan: region rows and any-region rows.
const PRICE_SHEET: &str = "\u{feff}sku,region,term,billing_plan,currency,unit_price\r
Standard_B2s,eastus,P3Y,Monthly,USD,9.50\r
standard_b2s,,P3Y,Monthly,USD,10.00\r
Standard_B1ls,,P3Y,Monthly,USD,1.25\r
Standard_B1ls,,P3Y,Upfront,USD,40\r
Standard_B2ms,eastus,P3Y,Monthly,USD,20.10\r
Standard_B1ms,EastUS,P3Y,Monthly,USD,5.05\r
Standard_D2s_v3,eastus,P3Y,Monthly,USD,30.00\r
Standard_B1s,eastus,P3Y,Monthly,USD,3.00\r
Standard_B4ms,eastus,P3Y,Monthly,USD,40.00\r
Standard_B4ms,eastus,P1Y,Monthly,USD,60.00\r
";

fn recorded_book(price_sheet: bool) -> Option<AzureBook> {
    let mut texts = vec![(RESERVATIONS.to_string(), recorded(RESERVATIONS)?)];
    for order in ORDERS {
        texts.push((order.to_string(), recorded(order)?));
    }
    if price_sheet {
        texts.push(("prices.csv".to_string(), PRICE_SHEET.to_string()));
    }
    let files: Vec<AzureFile> = texts.iter().map(|(n, t)| AzureFile { name: n, text: t }).collect();
    Some(AzureBook::read(&files, date(TODAY), Some(Currency::USD)).expect("the recordings read"))
}

#[test]
fn the_recorded_reservations_and_order_pages_import_as_the_files_say() {
    let Some(book) = recorded_book(true) else { return };
    let files: Vec<(FileKind, usize)> = book.files.iter().map(|f| (f.kind, f.records)).collect();
    assert_eq!(
        files,
        [
            (FileKind::Reservations, 48),
            (FileKind::Orders, 50),
            (FileKind::Orders, 50),
            (FileKind::Orders, 10),
            (FileKind::PriceSheet, 10)
        ]
    );
    // 48 reservations: 41 Succeeded (19 on P3Y, live; 22 on P1Y, ended 2022-03-03), 7 Cancelled
    // (2 of them split).
    assert_eq!(book.reservations.len(), 19);
    let mut reasons = BTreeMap::new();
    for s in &book.skipped {
        let reason = match &s.reason {
            SkipReason::Cancelled => "cancelled",
            SkipReason::Split { .. } => "split",
            SkipReason::Expired { term_end } => {
                assert_eq!(*term_end, Some(date("2022-03-03")), "{s:?}");
                "expired"
            }
            other => panic!("unexpected {other:?}"),
        };
        *reasons.entry(reason).or_insert(0) += 1;
    }
    assert_eq!(reasons, BTreeMap::from([("cancelled", 5), ("expired", 22), ("split", 2)]));
    let split = book
        .skipped
        .iter()
        .find(|s| s.id.as_deref() == Some("cdef2a6c-0588-46fe-9197-c92f31317b97"))
        .unwrap();
    assert_eq!(
        split.reason,
        SkipReason::Split {
            into: vec![
                "f146a71b-8a89-448d-92c2-fc2a042b83b5".into(),
                "3d1b78e8-1248-42f9-a3a6-9f88acf0d16f".into()
            ]
        }
    );
    assert_eq!(split.place.to_string(), format!("{RESERVATIONS}: value[45]"));

    // Quantities, terms, families, dates and scopes of the live ones.
    assert_eq!(book.reservations.iter().map(|r| r.quantity.get()).sum::<u32>(), 43);
    assert!(book.reservations.iter().all(|r| r.term == Term::P3Y));
    assert_eq!(book.reservations.iter().filter(|r| r.family.name() == "compute").count(), 18);
    assert_eq!(book.reservations.iter().filter(|r| r.family.name() == "suse").count(), 1);
    let mut dates = BTreeMap::new();
    for r in &book.reservations {
        *dates.entry(r.purchase_date.get().to_string()).or_insert(0) += 1;
    }
    assert_eq!(
        dates,
        BTreeMap::from([
            ("2021-01-26".to_string(), 2),
            ("2021-02-09".to_string(), 1),
            ("2021-03-01".to_string(), 10),
            ("2021-03-02".to_string(), 3),
            ("2021-03-03".to_string(), 3)
        ])
    );
    let ten = book.reservations.iter().find(|r| *r.id == *"90232dc2-9741-4819-ad16-4fb94e54bf47").unwrap();
    assert_eq!((ten.quantity.get(), &*ten.order_id), (10, "5bc1688f-00cd-4b75-84b3-cfd8707032f0"));
    assert_eq!((&*ten.sku, &*ten.region), ("Standard_B1ls", "eastus2"));
    let singles: Vec<&str> = book
        .reservations
        .iter()
        .filter_map(|r| match &r.scope {
            Scope::Single { subscription } => Some(subscription.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(singles, ["00000000-0000-0000-0000-000000000000"; 3]);

    // Two live reservations have no billingPlan and no order in the files: Upfront, said so.
    let upfront: Vec<&str> =
        book.reservations.iter().filter(|r| r.billing_plan == BillingPlan::Upfront).map(|r| &*r.id).collect();
    assert_eq!(upfront, ["9df353c5-fad0-4555-be85-3789afe44b5c", "3d1b78e8-1248-42f9-a3a6-9f88acf0d16f"]);
    let places = |kind: fn(&WarningKind) -> bool| -> Vec<String> {
        book.warnings.iter().filter(|w| kind(&w.kind)).map(|w| w.place.to_string()).collect()
    };
    assert_eq!(
        places(|k| *k == WarningKind::NoBillingPlan),
        [
            format!("{RESERVATIONS}: value[0].properties.billingPlan"),
            format!("{RESERVATIONS}: value[47].properties.billingPlan")
        ]
    );
    // Three orders have the term "None"; no order page holds these reservations' orders.
    assert_eq!(
        places(|k| matches!(k, WarningKind::OrderTerm { found } if found == "None")),
        [
            format!("{}: value[11].properties.term", ORDERS[0]),
            format!("{}: value[49].properties.term", ORDERS[0]),
            format!("{}: value[0].properties.term", ORDERS[1])
        ]
    );
    let without: Vec<usize> = book
        .warnings
        .iter()
        .filter_map(|w| match w.kind {
            WarningKind::OrdersWithoutReservations { count } => Some(count),
            _ => None,
        })
        .collect();
    assert_eq!(without, [50, 50, 10]);

    // Prices from the sheet: a region's row before an any-region row; the SUSE plan has none.
    let price = |id: &str| {
        let r = book.reservations.iter().find(|r| *r.id == *id).unwrap();
        r.price.as_ref().map(|p| (p.unit_price.get().to_string(), p.source.clone()))
    };
    let sheet = |line: u32| {
        PriceSource::PriceSheet(reservoir::formats::azure::findings::Place::new(
            "prices.csv",
            format!("line {line}"),
        ))
    };
    assert_eq!(price("6881a075-e4f3-44e9-9067-b9a0db0a05b6"), Some(("9.50".into(), sheet(2)))); // B2s eastus
    assert_eq!(price("0aec9ef4-0ccb-4706-a24f-469256b64b3c"), Some(("10.00".into(), sheet(3)))); // B2s eastus2
    assert_eq!(price("3d1b78e8-1248-42f9-a3a6-9f88acf0d16f"), Some(("40".into(), sheet(5)))); // B1ls Upfront
    assert_eq!(price("2e390027-f48f-4308-981c-3e21b1c00ec5"), Some(("1.25".into(), sheet(4)))); // B1ls westeurope
    assert_eq!(price("dd1bf2ac-d014-43dd-a628-06738d8c5d17"), Some(("5.05".into(), sheet(7)))); // region in any case
    assert_eq!(price("9df353c5-fad0-4555-be85-3789afe44b5c"), None);
    assert_eq!(book.unpriced().count(), 1);
}

#[test]
fn a_book_becomes_a_scenario_that_replays_and_importing_it_again_adds_nothing() {
    let Some(mut book) = recorded_book(true) else { return };
    let contoso = name("contoso");
    let (scenario, plan) = book.scenario(&contoso, Some(&name("Contoso Ltd")), None).unwrap();
    assert_eq!(scenario.format, ScenarioFormat::V1);
    assert!(plan.customer_added);
    assert_eq!((plan.reservations_added, plan.unpriced, plan.subscriptions_added), (18, 1, 1));
    let workspace = replay(&scenario).expect("the scenario replays");
    let customer = workspace.customer("contoso").unwrap();
    assert_eq!((&*customer.name, customer.currency), ("Contoso Ltd", Currency::USD));
    assert_eq!(customer.reservations.len(), 18);
    assert_eq!(customer.reservations.iter().map(|r| r.quantity).sum::<u32>(), 43 - 1);
    let r = customer.reservations.iter().find(|r| r.id == "87ac11c2-8040-4a12-9e1a-5d0a57fa2f8a").unwrap();
    assert_eq!(r.order_id, "e672e06e-6a2b-483e-b109-83de09bdce7d");
    assert_eq!(r.purchase_date.to_string(), "2021-03-03");
    // Its `displayName`, as the reservations list writes it, is kept; the scenario file carries it.
    assert_eq!(r.display_name.as_deref(), Some("VM_RI_03-03-2021_15-47"));
    let text = serde_json::to_string(&scenario).unwrap();
    assert!(text.contains(r#""display_name":"VM_RI_03-03-2021_15-47""#));

    // The same files again add nothing, and say so.
    let again = book.plan(&workspace, &contoso, None, None).unwrap();
    assert!(again.commands.is_empty(), "{:?}", again.commands);
    assert_eq!((again.already_there.len(), again.reservations_added, again.unpriced), (18, 0, 1));
    assert!(again.already_there.iter().all(|a| a.customer == contoso));

    // The partner types the missing price: only that one is added.
    let (index, _) = book.unpriced().next().unwrap();
    assert!(book.set_price(index, amount("55.00")));
    assert!(!book.set_price(99, amount("1")));
    let priced = book.plan(&workspace, &contoso, None, None).unwrap();
    assert_eq!((priced.reservations_added, priced.already_there.len(), priced.commands.len()), (1, 18, 1));
    match &priced.commands[0].command {
        Command::Buy { reservation, .. } => {
            assert_eq!(reservation.id.as_deref(), Some("9df353c5-fad0-4555-be85-3789afe44b5c"));
            assert_eq!(reservation.unit_price, amount("55.00"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_of_no_known_kind_is_refused_with_its_name() {
    let history = recorded(HISTORY);
    let mut cases = vec![
        ("notes.txt", "hello, world\nnothing here".to_string()),
        ("scenario.json", r#"{"format": "reservoir.scenario/2", "commands": []}"#.to_string()),
        ("empty.csv", String::new()),
    ];
    if let Some(history) = history {
        // A reservation's history (its revisions) is not a book.
        cases.push((HISTORY, history));
    }
    for (file, text) in cases {
        let read = AzureBook::read(&[AzureFile { name: file, text: &text }], date(TODAY), None);
        assert_eq!(read, Err(AzureError::NotAnExport { file: file.to_string() }), "{file}");
    }
    let broken =
        AzureBook::read(&[AzureFile { name: "page.json", text: "{\"value\": [" }], date(TODAY), None);
    match broken {
        Err(AzureError::Unreadable { file, error }) => {
            assert_eq!(file, "page.json");
            assert!(matches!(error.problem, Problem::EndsEarly { .. }), "{error:?}");
        }
        other => panic!("{other:?}"),
    }
}

/// One reservation as Azure writes it, with `extra` merged into its properties.
fn reservation(id: &str, order: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut r = serde_json::json!({
        "id": format!("/providers/microsoft.capacity/reservationOrders/{order}/reservations/{id}"),
        "name": id,
        "type": "microsoft.capacity/reservationOrders/reservations",
        "location": "westeurope",
        "sku": {"name": "Standard_D4s_v5"},
        "properties": {
            "reservedResourceType": "VirtualMachines", "quantity": 3, "appliedScopeType": "Shared",
            "displayName": "VM_RI", "provisioningState": "Succeeded", "term": "P1Y",
            "purchaseDate": "2023-01-10", "renew": true
        }
    });
    for (k, v) in extra.as_object().unwrap() {
        r["properties"][k] = v.clone();
    }
    r
}

#[test]
fn untidy_states_terms_and_twice_listed_reservations_are_skipped_or_read_once_each_with_its_place() {
    let list = serde_json::json!({"value": [
        reservation("aaaaaaaa-0000-0000-0000-000000000001", "o1", serde_json::json!({"provisioningState": "PendingCapacity"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000002", "o2", serde_json::json!({"provisioningState": "ConfirmedCapacity"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000003", "o3", serde_json::json!({"provisioningState": "Pending"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000004", "o4", serde_json::json!({"provisioningState": "Merged", "mergeProperties": {"mergeDestination": "/providers/Microsoft.Capacity/reservationOrders/o9/reservations/BBBB"}})),
        reservation("aaaaaaaa-0000-0000-0000-000000000005", "o5", serde_json::json!({"term": "P5Y"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000006", "o6", serde_json::json!({"quantity": "many", "capabilities": null})),
        reservation("aaaaaaaa-0000-0000-0000-000000000007", "o7", serde_json::json!({"provisioningState": "Expired"})),
        reservation("AAAAAAAA-0000-0000-0000-000000000008", "O8", serde_json::json!({"purchaseDate": "2022-01-10"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000009", "o9", serde_json::json!({"purchaseDate": "2023-03-09"})),
        reservation("aaaaaaaa-0000-0000-0000-000000000010", "o10", serde_json::json!({"purchaseDate": null})),
    ]});
    // The CLI's bare list, with the live one again in other letter case.
    let bare = serde_json::json!([
        reservation("aaaaaaaa-0000-0000-0000-00000000000A", "o10", serde_json::json!({})),
        reservation("Aaaaaaaa-0000-0000-0000-000000000010", "o10", serde_json::json!({}))
    ]);
    let (list, bare) = (list.to_string(), bare.to_string());
    let files = [AzureFile { name: "list.json", text: &list }, AzureFile { name: "cli.json", text: &bare }];
    let book = AzureBook::read(&files, date(TODAY), None).unwrap();
    let reasons: Vec<(String, SkipReason)> =
        book.skipped.iter().map(|s| (s.place.to_string(), s.reason.clone())).collect();
    assert_eq!(
        reasons,
        [
            ("list.json: value[0]".to_string(), SkipReason::NotLive { state: "PendingCapacity".into() }),
            ("list.json: value[1]".to_string(), SkipReason::NotLive { state: "ConfirmedCapacity".into() }),
            ("list.json: value[2]".to_string(), SkipReason::NotLive { state: "Pending".into() }),
            ("list.json: value[3]".to_string(), SkipReason::Merged { into: Some("bbbb".into()) }),
            (
                "list.json: value[4].properties.term".to_string(),
                SkipReason::TermUnsupported { found: "P5Y".into() }
            ),
            (
                "list.json: value[5].properties.quantity".to_string(),
                SkipReason::Unreadable(Problem::Value(
                    reservoir::domain::values::ValueError::NotWholeNumber { found: "\"many\"".into() }
                ))
            ),
            ("list.json: value[6]".to_string(), SkipReason::Expired { term_end: None }),
            ("list.json: value[7]".to_string(), SkipReason::Expired { term_end: Some(date("2023-01-10")) }),
            (
                "list.json: value[8]".to_string(),
                SkipReason::BoughtAfterToday { purchase_date: date("2023-03-09") }
            ),
            ("list.json: value[9]".to_string(), SkipReason::NoPurchaseDate),
        ]
    );
    assert_eq!(book.reservations.len(), 1);
    assert_eq!(&*book.reservations[0].id, "aaaaaaaa-0000-0000-0000-00000000000A");
    assert!(book.reservations[0].renew);
    assert_eq!(book.reservations[0].display_name.as_deref(), Some("VM_RI"));
    let twice: Vec<String> = book
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            WarningKind::SameReservationTwice { first } => Some(format!("{} = {first}", w.place)),
            _ => None,
        })
        .collect();
    assert_eq!(twice, ["cli.json: [1] = list.json: value[9]"]);
}

/// An order read with `$expand=schedule`: two payments, listed with the later one first.
fn order_with_plan(order: &str, quantity: u32, currency: &str, first: &str) -> serde_json::Value {
    serde_json::json!({
        "id": format!("/providers/microsoft.capacity/reservationOrders/{order}"),
        "name": order,
        "type": "microsoft.capacity/reservationOrders",
        "properties": {
            "originalQuantity": quantity, "billingPlan": "Monthly", "term": "P1Y",
            "benefitStartTime": "2023-01-05T10:00:00Z",
            "planInformation": {
                "pricingCurrencyTotal": {"currencyCode": "USD", "amount": 1200},
                "startDate": "2023-01-05",
                "transactions": [
                    {"dueDate": "2023-02-05", "billingCurrencyTotal": {"currencyCode": currency, "amount": 999},
                     "status": "Scheduled"},
                    {"dueDate": "2023-01-05", "paymentDate": "2023-01-05",
                     "billingCurrencyTotal": {"currencyCode": currency, "amount": first}, "status": "Succeeded"}
                ]
            }
        }
    })
}

const TRANSACTIONS_MCA: &str = "Amount,ArmSkuName,BillingFrequency,BillingProfileId,BillingProfileName,Currency,Description,EventDate,EventType,Invoice,InvoiceId,InvoiceSectionId,InvoiceSectionName,PurchasingSubscriptionGuid,PurchasingSubscriptionName,Quantity,Region,ReservationOrderId,ReservationOrderName,Term
90.00,Standard_D4s_v5,Recurring,BP1,Contoso,EUR,\"Reservation, monthly\",2023-01-05T00:00:00Z,Purchase,G001,G001,IS1,Main,sub,Sub,3,westeurope,/providers/Microsoft.Capacity/reservationOrders/ORDER-B,VM_RI,P1Y
-1200.50,Standard_D2s_v3,OneTime,BP1,Contoso,USD,Refund,02/14/2023,Refund,G002,G002,IS1,Main,sub,Sub,1,eastus,order-z,VM_RI,P3Y
-300,Standard_D2s_v3,OneTime,BP1,Contoso,USD,Cancel,2023-02-14,Cancel,G002,G002,IS1,Main,sub,Sub,1,eastus,order-z,VM_RI,P3Y
-80,Standard_D2s_v3,OneTime,BP1,Contoso,EUR,Refund,2023-02-15,Refund,G003,G003,IS1,Main,sub,Sub,1,eastus,order-y,VM_RI,P3Y
-10,Standard_D2s_v3,OneTime,BP1,Contoso,USD,Refund,2023-03-09,Refund,G003,G003,IS1,Main,sub,Sub,1,eastus,order-y,VM_RI,P3Y
5,Standard_D2s_v3,OneTime,BP1,Contoso,USD,x,2023-02-15,Exchange,G004,G004,IS1,Main,sub,Sub,1,eastus,order-x,VM_RI,P3Y
5,Standard_D2s_v3,OneTime,BP1,Contoso,USD,x,2023-02-15,Transfer,G004,G004,IS1,Main,sub,Sub,1,eastus,order-x,VM_RI,P3Y
nope,Standard_D2s_v3,OneTime,BP1,Contoso,USD,x,2023-02-15,Refund,G004,G004,IS1,Main,sub,Sub,1,eastus,order-x,VM_RI,P3Y
";

#[test]
fn prices_come_from_the_orders_first_payment_then_the_purchase_row_and_refunds_reach_the_ledger() {
    let reservations = serde_json::json!({"value": [
        // Priced by its order's first payment: 100.00 over 3 units is 33.33, rounded (said so).
        reservation("res-a", "ORDER-A", serde_json::json!({"billingPlan": null, "purchaseDate": null})),
        // Its order's payment is in GBP: the EUR purchase row prices it instead, 90 over 3.
        reservation("res-b", "order-b", serde_json::json!({})),
    ]})
    .to_string();
    let orders = serde_json::json!([
        order_with_plan("order-a", 3, "EUR", "100.00"),
        order_with_plan("ORDER-B", 3, "GBP", "75")
    ])
    .to_string();
    let files = [
        AzureFile { name: "reservations.json", text: &reservations },
        AzureFile { name: "orders.json", text: &orders },
        AzureFile { name: "transactions.csv", text: TRANSACTIONS_MCA },
    ];
    let book = AzureBook::read(&files, date(TODAY), None).unwrap();
    assert_eq!(book.currency, Currency::from_code("EUR").unwrap(), "the first price's currency");
    assert_eq!(book.files[2].kind, FileKind::TransactionsMcaCsv);
    assert_eq!(book.files[2].records, 8);
    let a = &book.reservations[0];
    // No billingPlan nor purchaseDate of its own: its order's (matched in another letter case).
    assert_eq!((a.billing_plan, a.purchase_date), (BillingPlan::Monthly, date("2023-01-05")));
    let a_price = a.price.as_ref().unwrap();
    assert_eq!(a_price.unit_price, amount("33.33"));
    assert_eq!(
        a_price.source.clone(),
        PriceSource::OrderPlan(place(
            "orders.json",
            "[0].properties.planInformation.transactions[1].billingCurrencyTotal"
        ))
    );
    let b_price = book.reservations[1].price.as_ref().unwrap();
    assert_eq!(b_price.unit_price, amount("30"));
    assert_eq!(b_price.source, PriceSource::PurchaseTransaction(place("transactions.csv", "line 2")));

    let warnings: Vec<(String, WarningKind)> =
        book.warnings.iter().map(|w| (w.place.to_string(), w.kind.clone())).collect();
    let eur = Currency::from_code("EUR").unwrap();
    let expected = [
        (
            "transactions.csv: line 8.EventType".to_string(),
            WarningKind::UnknownEvent { found: "Transfer".into() },
        ),
        (
            "transactions.csv: line 9.Amount".to_string(),
            WarningKind::Unreadable(Problem::Value(reservoir::domain::values::ValueError::NotAnAmount {
                found: "\"nope\"".into(),
            })),
        ),
        (
            "orders.json: [0].properties.planInformation.transactions[1].billingCurrencyTotal".to_string(),
            WarningKind::PriceRounded {
                total: amount("100.00").get(),
                quantity: 3,
                unit_price: amount("33.33").get(),
            },
        ),
        (
            "orders.json: [1].properties.planInformation.transactions[1].billingCurrencyTotal".to_string(),
            WarningKind::PriceInOtherCurrency { found: Currency::from_code("GBP").unwrap(), expected: eur },
        ),
        ("transactions.csv: line 4".to_string(), WarningKind::CancelNotCounted),
        ("transactions.csv: line 5".to_string(), WarningKind::RefundNotInUsd { currency: eur }),
        ("transactions.csv: line 6".to_string(), WarningKind::RefundAfterToday { date: date("2023-03-09") }),
    ];
    assert_eq!(warnings, expected);

    // The one USD refund dated by today, on the portal's month-first date, without its sign.
    assert_eq!(book.refunds.len(), 1);
    assert_eq!((book.refunds[0].date, book.refunds[0].usd), (date("2023-02-14"), amount("1200.50")));
    assert_eq!(&*book.refunds[0].note(), "/providers/Microsoft.Capacity/reservationOrders/order-z");

    // EUR needs a rate: refused without one, set with one.
    let contoso = name("contoso");
    assert_eq!(book.scenario(&contoso, None, None).unwrap_err(), PlanError::NeedsRate { currency: eur });
    let (scenario, plan) = book.scenario(&contoso, None, Some(amount("1.08"))).unwrap();
    assert_eq!((plan.reservations_added, plan.refunds_added), (2, 1));
    let workspace = replay(&scenario).expect("replays");
    let customer = workspace.customer("contoso").unwrap();
    assert_eq!(customer.ledger.entries().len(), 1);
    assert_eq!(customer.ledger.consumed(date(TODAY).get(), 365).amount(), amount("1200.50").get());
    let again = book.plan(&workspace, &contoso, None, None).unwrap();
    assert!(again.commands.is_empty());
    assert_eq!((again.refunds_already_there, again.already_there.len()), (1, 2));
    // A customer billed in another currency is refused, not silently repriced.
    let usd_book = AzureBook::read(&files, date(TODAY), Some(Currency::USD)).unwrap();
    assert_eq!(
        usd_book.plan(&workspace, &contoso, None, None).unwrap_err(),
        PlanError::CurrencyDiffers { customer: eur, book: Currency::USD }
    );
}

fn place(file: &str, path: &str) -> reservoir::formats::azure::findings::Place {
    reservoir::formats::azure::findings::Place::new(file, path)
}

#[test]
fn an_import_takes_at_most_20000_reservations_and_20_mib_a_file() {
    let item = r#"{"type":"microsoft.capacity/reservationOrders/reservations"}"#;
    let many = format!("{{\"value\":[{}]}}", vec![item; 20_001].join(","));
    let read = AzureBook::read(&[AzureFile { name: "big.json", text: &many }], date(TODAY), None);
    assert_eq!(read, Err(AzureError::TooManyReservations { max: 20_000, found: 20_001 }));
    let exactly = format!("{{\"value\":[{}]}}", vec![item; 20_000].join(","));
    let read = AzureBook::read(&[AzureFile { name: "big.json", text: &exactly }], date(TODAY), None).unwrap();
    assert_eq!(read.skipped.len(), 20_000);

    let huge = format!("[{}]", " ".repeat(20 * 1024 * 1024));
    match AzureBook::read(&[AzureFile { name: "huge.json", text: &huge }], date(TODAY), None) {
        Err(AzureError::Unreadable { file, error }) => {
            assert_eq!(file, "huge.json");
            assert!(matches!(error.problem, Problem::TooBig { max_bytes: 20_971_520, .. }), "{error:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_price_sheet_row_that_cannot_be_read_refuses_the_sheet_at_its_cell() {
    let sheet = "sku,region,term,billing_plan,currency,unit_price\nStandard_B2s,,P2Y,Monthly,USD,1\n";
    match AzureBook::read(&[AzureFile { name: "prices.csv", text: sheet }], date(TODAY), None) {
        Err(AzureError::Unreadable { file, error }) => {
            assert_eq!((file.as_str(), error.path.as_str()), ("prices.csv", "line 2.term"));
        }
        other => panic!("{other:?}"),
    }
    let sheet = "sku,region,term,billing_plan,currency,unit_price\nStandard_B2s,,P1Y,Monthly,USD,-1\n";
    let error =
        AzureBook::read(&[AzureFile { name: "prices.csv", text: sheet }], date(TODAY), None).unwrap_err();
    assert!(
        matches!(error, AzureError::Unreadable { ref error, .. } if error.path == "line 2.unit_price"),
        "{error:?}"
    );
}

#[test]
fn a_price_sheet_in_another_currency_prices_nothing_and_says_so_once_per_row() {
    // Two reservations of one SKU, for a customer billed in EUR; the sheet prices that SKU in USD
    // only (plus a row for another SKU, which no reservation needs: not mentioned).
    let reservations = serde_json::json!({"value": [
        reservation("res-a", "order-a", serde_json::json!({"billingPlan": "Upfront"})),
        reservation("res-b", "order-b", serde_json::json!({"billingPlan": "Upfront"})),
    ]})
    .to_string();
    let sheet = "sku,region,term,billing_plan,currency,unit_price\n\
                 Standard_D4s_v5,,P1Y,Upfront,USD,700\n\
                 Standard_E2s_v5,,P1Y,Upfront,USD,300\n";
    let files = [
        AzureFile { name: "reservations.json", text: &reservations },
        AzureFile { name: "prices.csv", text: sheet },
    ];
    let eur = Currency::from_code("EUR").unwrap();
    let book = AzureBook::read(&files, date(TODAY), Some(eur)).unwrap();
    assert_eq!(book.unpriced().count(), 2);
    let warnings: Vec<(String, WarningKind)> =
        book.warnings.iter().map(|w| (w.place.to_string(), w.kind.clone())).collect();
    assert_eq!(
        warnings,
        [(
            "prices.csv: line 2".to_string(),
            WarningKind::PriceInOtherCurrency { found: Currency::USD, expected: eur }
        )]
    );
    // In USD, the same sheet prices both, and says nothing.
    let book = AzureBook::read(&files, date(TODAY), Some(Currency::USD)).unwrap();
    assert_eq!(book.unpriced().count(), 0);
    assert!(book.warnings.is_empty(), "{:?}", book.warnings);
}

#[test]
fn reservations_without_a_price_are_grouped_as_a_price_sheet_row_would_price_them() {
    let Some(book) = recorded_book(false) else { return };
    let groups = book.unpriced_groups();
    // Counted from the recorded file: every live reservation lacks a price without a sheet; one
    // group per (SKU, region, term, plan), each reservation in exactly one.
    let mut expected: Vec<(String, String, Term, BillingPlan)> = Vec::new();
    for (_, r) in book.unpriced() {
        let k = (r.sku.to_ascii_lowercase(), r.region.to_ascii_lowercase(), r.term, r.billing_plan);
        if !expected.contains(&k) {
            expected.push(k);
        }
    }
    assert!(groups.len() < book.unpriced().count(), "some reservations share a group");
    assert_eq!(
        groups
            .iter()
            .map(|g| (g.sku.to_ascii_lowercase(), g.region.to_ascii_lowercase(), g.term, g.billing_plan))
            .collect::<Vec<_>>(),
        expected
    );
    let mut all: Vec<usize> = groups.iter().flat_map(|g| g.reservations.clone()).collect();
    all.sort();
    assert_eq!(all, book.unpriced().map(|(i, _)| i).collect::<Vec<_>>());
    for g in &groups {
        let units: u32 = g.reservations.iter().map(|&i| book.reservations[i].quantity.get()).sum();
        assert_eq!(g.units, units);
    }
    // One price typed for a group prices each of its reservations.
    let mut priced = book.clone();
    for &i in &groups[0].reservations {
        assert!(priced.set_price(i, amount("12.50")));
    }
    assert_eq!(priced.unpriced_groups().len(), groups.len() - 1);
}
