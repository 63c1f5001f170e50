//! Every stored-format version Reservoir ever wrote still opens, through its migrations, as the
//! session it was. The fixtures in `tests/fixtures/` were written by the version they are named
//! after and are never edited: a change that breaks one of these tests breaks a partner's data.

use std::path::Path;

use reservoir::app::session::{read, write};
use reservoir::domain::money::Money;
use reservoir::formats::stored::CURRENT_VERSION;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

fn amount(m: Money) -> String {
    m.amount_string()
}

/// session-v1.json: the demo on 2026-11-21 (five customers), then 2 of Contoso's 10 D4 units
/// refunded the same day.
#[test]
fn version_1_opens_as_the_session_it_was() {
    let stored = read(&fixture("session-v1.json")).unwrap();
    assert_eq!(stored.revision, 0, "v1 knew no revisions; the migration starts them at 0");
    let session = &stored.session;
    assert_eq!(session.today.to_string(), "2026-11-21");
    let w = session.workspace();
    assert_eq!(w.customers.len(), 5);
    let contoso = w.customer("contoso").unwrap();
    // The refund left a successor holding the 8 remaining units, and one ledger entry.
    let open: Vec<(String, u32)> =
        contoso.open_reservations().map(|r| (r.id.to_string(), r.quantity)).collect();
    assert!(open.contains(&("contoso-vm-d4-0001".to_string(), 8)), "{open:?}");
    assert_eq!(contoso.ledger.len(), 1);
    // Woodgrove's recorded refunds still count: 31,800 + 14,650 used of the limit.
    let woodgrove = w.customer("woodgrove").unwrap();
    assert_eq!(amount(w.limit_status(woodgrove, session.today.get()).consumed), "46450.00");
    assert_eq!(
        reservoir::formats::plain::operation(&w.activity_log.last().unwrap().event),
        "Cancel reservation"
    );
}

#[test]
fn a_migrated_session_is_written_in_the_current_version_and_reads_back_the_same() {
    let stored = read(&fixture("session-v1.json")).unwrap();
    let text = write(&stored.session, stored.revision + 1);
    assert!(
        text.starts_with(&format!("{{\"format\":\"reservoir.session/{CURRENT_VERSION}\"")),
        "{}",
        &text[..60]
    );
    let again = read(&text).unwrap();
    assert_eq!(again.revision, 1);
    assert_eq!(again.session.workspace(), stored.session.workspace());
    assert_eq!(again.session.scenario(), stored.session.scenario());
}

/// Every version from 1 to the current one has a fixture, so no migration goes untested.
#[test]
fn every_version_has_a_frozen_fixture() {
    for version in 1..=CURRENT_VERSION {
        let name = format!("session-v{version}.json");
        let text = fixture(&name);
        let stored = read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(stored.session.workspace().customers.len(), 5, "{name}");
    }
}

/// session-v3.json: Acme added to an empty session, then the demo loaded over it, then 1 of
/// Contoso's 10 D4 units refunded, on 2026-11-21. Its undo history takes each back in turn, as it
/// could before it was saved.
#[test]
fn version_3_opens_with_the_undo_history_it_was_saved_with() {
    use reservoir::app::session::Undoable;
    use reservoir::simulation::activity::Event;
    use reservoir::simulation::scenario::Replacement;

    let mut session = read(&fixture("session-v3.json")).unwrap().session;
    match session.undo() {
        Some(Undoable::Command(entry)) => {
            assert!(
                matches!(&entry.event, Event::Canceled { reservation, quantity: 1, .. } if reservation == "contoso-vm-d4"),
                "{:?}",
                entry.event
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(session.workspace().customers.len(), 5);
    assert_eq!(session.undo(), Some(Undoable::Scenario(Replacement::Demo)));
    let ids: Vec<String> = session.workspace().customers.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["acme"]);
    assert!(matches!(session.undo(), Some(Undoable::Command(_))));
    assert!(session.workspace().customers.is_empty());
    assert_eq!(session.undo(), None);
}

/// Older versions had no undo history (it was kept in memory): they open with none.
#[test]
fn versions_before_3_open_with_nothing_to_undo() {
    for name in ["session-v1.json", "session-v2.json"] {
        let session = read(&fixture(name)).unwrap().session;
        assert!(!session.can_undo(), "{name}");
    }
}

/// session-v4.json: session-v3.json's session with 1,500 more reservations bought for Contoso,
/// written by version 4, whose text over `PACK_ABOVE` characters stores the scenario and the undo
/// history packed. It opens as the session it was, and written again it packs again (in version 5's
/// compact form).
#[test]
fn version_4_opens_a_packed_session() {
    use reservoir::formats::stored::PACK_ABOVE;

    let text = fixture("session-v4.json");
    assert!(text.contains("\"packed\":\"") && !text.contains("\"scenario\""), "the fixture is packed");
    let stored = read(&text).unwrap();
    assert_eq!(stored.revision, 4);
    let session = &stored.session;
    let contoso = session.workspace().customer("contoso").unwrap();
    let bulk = contoso.reservations.iter().filter(|r| r.id.as_str().starts_with("contoso-bulk-")).count();
    assert_eq!(bulk, 1_500);
    let plain_length = serde_json::to_string(session.scenario()).unwrap().len();
    assert!(plain_length > PACK_ABOVE, "{plain_length}");
    // Packed, it takes a small part of the room its plain text would.
    assert!(text.len() * 5 < plain_length, "{} of {plain_length}", text.len());
    let again = write(session, 5);
    assert!(again.contains("\"packed\":\""));
    assert!(again.len() < text.len(), "version 5 packs it in less room: {} of {}", again.len(), text.len());
    let back = read(&again).unwrap();
    assert_eq!(back.session.workspace(), session.workspace());
    assert_eq!(back.session.scenario(), session.scenario());
    assert_eq!(back.session.next_undo(), session.next_undo());
}

/// A session under `PACK_ABOVE` is written plainly, as version 3 wrote it, so that a person can
/// still read it in the browser's tools.
#[test]
fn a_small_session_is_written_plainly() {
    let stored = read(&fixture("session-v3.json")).unwrap();
    let text = write(&stored.session, 9);
    assert!(text.contains("\"scenario\":{") && !text.contains("\"packed\""), "{}", &text[..200]);
}

/// session-v5.json: session-v4.json's session, then two purchases for Contoso, written by version
/// 5, which packs the compact binary body (`formats/compact.rs`): one with every optional field a
/// purchase has (its own IDs, service, both prices, a single-subscription scope, an earlier
/// purchase date, used, a display name with characters beyond ASCII), and one bought by Contoso's
/// own user Megan rather than the default Admin agent.
#[test]
fn version_5_opens_a_compact_packed_session() {
    use reservoir::app::session::Undoable;
    use reservoir::domain::partner::Actor;
    use reservoir::domain::reservation::Scope;
    use reservoir::simulation::command::Command;

    let text = fixture("session-v5.json");
    assert!(text.contains("\"packed\":\"") && !text.contains("\"scenario\""), "the fixture is packed");
    let stored = read(&text).unwrap();
    assert_eq!(stored.revision, 5);
    let session = &stored.session;
    let contoso = session.workspace().customer("contoso").unwrap();
    let bulk = contoso.reservations.iter().filter(|r| r.id.as_str().starts_with("contoso-bulk-")).count();
    assert_eq!(bulk, 1_500);
    let commands = &session.scenario().commands;
    let [.., every_field, by_user] = commands.as_slice() else { panic!("two commands at least") };
    let Command::Buy { reservation: r, .. } = &every_field.command else { panic!("{every_field:?}") };
    assert_eq!(r.id.as_deref(), Some("contoso-v5-every-field"));
    assert_eq!(r.order_id.as_deref(), Some("order-v5"));
    assert_eq!((r.family.name(), r.service.as_deref()), ("sql", Some("sql_database")));
    assert_eq!((r.sku.as_str(), r.region.as_str()), ("SQLDB_GP_Compute_Gen5", "swedencentral"));
    assert_eq!((r.term.code(), r.billing_plan.name(), r.quantity.get()), ("P3Y", "Upfront", 3));
    assert_eq!(r.unit_price.to_string(), "1234.5678", "an amount keeps the digits it was written with");
    assert_eq!(r.current_unit_price.map(|p| p.to_string()).as_deref(), Some("1300.00"));
    assert_eq!(r.customer_unit_price.map(|p| p.to_string()).as_deref(), Some("1400"));
    assert!(matches!(&r.scope, Scope::Single { subscription } if subscription == "contoso-plan"));
    assert_eq!(r.purchase_date.map(|d| d.to_string()).as_deref(), Some("2026-02-28"));
    assert!(r.used);
    assert_eq!(r.display_name.as_deref(), Some("Réservation « SQL » ✓"));
    assert!(
        matches!(&by_user.actor, Actor::Customer { customer, user } if customer == "contoso" && user == "megan")
    );
    // Undo takes back the last purchase first, as before the save.
    let mut session = session.clone();
    assert!(matches!(session.undo(), Some(Undoable::Command(_))));
    assert!(session
        .workspace()
        .customer("contoso")
        .unwrap()
        .reservation("contoso-bought-by-its-user")
        .is_none());
}
