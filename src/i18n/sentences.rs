//! Sentences written from the engine's data: the activity log, Undo, the confirmation question,
//! the breakdown ("How the numbers are made"), the support-request draft. Each is a word of the
//! current language with blanks (see `super::fill`), filled with names, amounts and dates as the
//! language writes them.

use chrono::NaiveDate;
use reservoir::app::queries::WorkspaceSize;
use reservoir::app::session::Undoable;
use reservoir::domain::breakdown::{Item, PriceChoice, PriceUsed, UsdOf};
use reservoir::domain::money::{Currency, Money};
use reservoir::domain::policy::{CapCounts, PriceBasis, Provenance};
use reservoir::domain::reservation::Reservation;
use reservoir::simulation::activity::Event;
use reservoir::simulation::scenario::Replacement;

use super::names::{
    cap_counts, family, operation, plan, provenance, replacement, scope, subscription_kind, term,
};
use super::{count, date, fill, money, number, percent, plural, price, t, Key};

/// What Undo would take back, named as the activity log names the command (or as the button that
/// replaced the scenario): "Cancel reservation".
fn undo_what(u: &Undoable) -> &'static str {
    match u {
        Undoable::Command(entry) => operation(&entry.event),
        Undoable::Scenario(r) => replacement(*r),
    }
}

/// The Undo button's words: "Undo: Cancel reservation · 1 unit of contoso-vm-d4".
pub fn undo_label(u: &Undoable) -> String {
    let object = match u {
        Undoable::Command(entry) => event_object(&entry.event),
        Undoable::Scenario(_) => None,
    };
    match object {
        Some(object) => fill(Key::UndoWhatOf, &[("what", &undo_what(u)), ("object", &object)]),
        None => fill(Key::UndoWhat, &[("what", &undo_what(u))]),
    }
}

/// "1 unit", "3 units": the plural is the language's business.
pub fn units(n: u32) -> String {
    plural(u64::from(n), Key::UnitsOne, Key::UnitsMany)
}

/// "1 unit of contoso-vm-d4".
fn units_of(n: u32, reservation: &str) -> String {
    fill(Key::UnitsOf, &[("units", &units(n)), ("reservation", &reservation)])
}

/// What an event acted on, in a few words, so that Undo names it: "1 unit of contoso-vm-d4",
/// "contoso", "USD 1,000.00". `None` when the operation's name says it all (a policy).
fn event_object(e: &Event) -> Option<String> {
    Some(match e {
        Event::CustomerAdded { customer, .. }
        | Event::CustomerRenamed { customer, .. }
        | Event::CustomerRemoved { customer, .. }
        | Event::PurchasePermissionSet { customer, .. } => customer.clone(),
        Event::RateSet { currency, .. } => currency.code().to_string(),
        Event::PolicySet { .. } => return None,
        Event::SubscriptionAdded { subscription, .. } => subscription.clone(),
        Event::UserAdded { user, .. } => user.clone(),
        Event::OwnerAssigned { user, subscription } | Event::OwnerRemoved { user, subscription } => {
            format!("{user} · {subscription}")
        }
        Event::Bought { reservation, quantity, .. } => units_of(*quantity, reservation),
        Event::Canceled { reservation, quantity, .. } => units_of(*quantity, reservation),
        Event::Exchanged { returned, .. } => returned
            .iter()
            .map(|(quantity, reservation)| units_of(*quantity, reservation))
            .collect::<Vec<_>>()
            .join(", "),
        Event::CurrentPriceSet { reservation, .. }
        | Event::UsageSet { reservation, .. }
        | Event::ScopeChanged { reservation, .. }
        | Event::Renewed { reservation, .. } => reservation.clone(),
        Event::EarlierRefundRecorded { usd, .. } => price(Currency::USD, *usd),
        Event::LedgerEntryCorrected { entry, .. } => format!("#{entry}"),
    })
}

/// All of what Undo would take back, for the button's description: the log's sentence of the
/// command ("Returned 1 unit of contoso-vm-d4: ..."), or the button that replaced the scenario.
pub fn undo_detail(u: &Undoable) -> String {
    match u {
        Undoable::Command(entry) => event(&entry.event),
        Undoable::Scenario(r) => format!("{}.", replacement(*r)),
    }
}

/// The message after Undo: what was taken back, and, for a whole scenario, what is back.
pub fn undone(u: &Undoable, now: WorkspaceSize) -> String {
    match u {
        Undoable::Command(entry) => fill(
            Key::UndoneCommand,
            &[("operation", &operation(&entry.event)), ("event", &event(&entry.event))],
        ),
        Undoable::Scenario(r) => {
            fill(Key::UndoneScenario, &[("what", &replacement(*r)), ("back", &workspace_size(now))])
        }
    }
}

/// "5 customers, 11 reservations and 39 recorded actions"; "an empty workspace".
pub fn workspace_size(size: WorkspaceSize) -> String {
    if size.is_empty() {
        return t(Key::EmptyWorkspace).into();
    }
    let n = |n: usize| n as u64;
    fill(
        Key::WorkspaceSize,
        &[
            ("customers", &plural(n(size.customers), Key::CustomersOne, Key::CustomersMany)),
            ("reservations", &plural(n(size.reservations), Key::ReservationsOne, Key::ReservationsMany)),
            ("actions", &plural(n(size.recorded_actions), Key::ActionsOne, Key::ActionsMany)),
        ],
    )
}

/// The question before a scenario replaces what is here, naming what would be lost.
pub fn confirm_question(r: Replacement, size: WorkspaceSize) -> String {
    let key = match r {
        Replacement::Demo => Key::ConfirmDemo,
        Replacement::Reset => Key::ConfirmReset,
        Replacement::ImportReplaced => Key::ConfirmImportReplace,
        Replacement::ImportAdded => Key::ConfirmImportAdd,
    };
    fill(key, &[("size", &workspace_size(size))])
}

/// The words of the button that goes ahead, naming the action.
pub fn confirm_button(r: Replacement) -> &'static str {
    t(match r {
        Replacement::Demo => Key::ReplaceWithDemo,
        Replacement::Reset => Key::ResetScenario,
        Replacement::ImportReplaced => Key::ImportReplace,
        Replacement::ImportAdded => Key::ImportAdd,
    })
}

/// What happened, in a sentence, written here from the event's data with amounts, dates and names
/// as the page writes them (the command line has its own plain sentences in the engine's
/// `formats::plain`).
pub fn event(e: &Event) -> String {
    match e {
        Event::CustomerAdded { customer, name, currency } => fill(
            Key::EvCustomerAdded,
            &[("name", name), ("customer", customer), ("currency", &currency.code())],
        ),
        Event::CustomerRenamed { customer, old, new } => {
            fill(Key::EvCustomerRenamed, &[("customer", customer), ("old", old), ("new", new)])
        }
        Event::CustomerRemoved { customer, name, reservations } => fill(
            Key::EvCustomerRemoved,
            &[
                ("name", name),
                ("customer", customer),
                ("reservations", &plural(*reservations as u64, Key::ReservationsOne, Key::ReservationsMany)),
            ],
        ),
        Event::RateSet { currency, usd_per_unit } => {
            format!("1 {} = {}.", currency.code(), price(Currency::USD, *usd_per_unit))
        }
        Event::PolicySet { base, customized } => fill(
            Key::EvPolicySet,
            &[("policy", &if *customized { t(Key::CustomPolicy) } else { base.name() })],
        ),
        Event::SubscriptionAdded { customer, subscription, kind } => fill(
            Key::EvSubscriptionAdded,
            &[("subscription", subscription), ("kind", &subscription_kind(*kind)), ("customer", customer)],
        ),
        Event::UserAdded { customer, user } => {
            fill(Key::EvUserAdded, &[("user", user), ("customer", customer)])
        }
        Event::OwnerAssigned { user, subscription } => {
            fill(Key::EvOwnerAssigned, &[("user", user), ("subscription", subscription)])
        }
        Event::OwnerRemoved { user, subscription } => {
            fill(Key::EvOwnerRemoved, &[("user", user), ("subscription", subscription)])
        }
        Event::PurchasePermissionSet { customer, allowed } => {
            fill(if *allowed { Key::EvPermissionOn } else { Key::EvPermissionOff }, &[("customer", customer)])
        }
        Event::Bought {
            reservation,
            recorded,
            quantity,
            sku,
            family: f,
            term: tm,
            billing_plan,
            currency,
            unit_price,
            purchase_date,
            by_customer,
        } => fill(
            match (*recorded, *by_customer) {
                (true, false) => Key::EvRecorded,
                (true, true) => Key::EvRecordedByCustomer,
                (false, false) => Key::EvBought,
                (false, true) => Key::EvBoughtByCustomer,
            },
            &[
                ("reservation", reservation),
                ("quantity", &count(u64::from(*quantity))),
                ("sku", sku),
                ("family", &family(f.name())),
                ("term", &term(*tm)),
                ("plan", &plan(*billing_plan)),
                ("date", &date(*purchase_date)),
                ("price", &price(*currency, *unit_price)),
            ],
        ),
        Event::CurrentPriceSet { reservation, currency, price: Some(p) } => {
            fill(Key::EvCurrentPriceSet, &[("reservation", reservation), ("price", &price(*currency, *p))])
        }
        Event::CurrentPriceSet { reservation, price: None, .. } => {
            fill(Key::EvCurrentPriceCleared, &[("reservation", reservation)])
        }
        Event::UsageSet { reservation, used } => {
            fill(if *used { Key::EvUsed } else { Key::EvUnused }, &[("reservation", reservation)])
        }
        Event::Canceled { reservation, quantity, refund, counted, successor } => {
            let returned = fill(
                Key::EvCanceled,
                &[
                    ("units", &units(*quantity)),
                    ("reservation", reservation),
                    ("refund", &money(*refund)),
                    ("counted", &money(*counted)),
                ],
            );
            match successor {
                Some(id) => format!("{returned} {}", fill(Key::EvSuccessor, &[("successor", id)])),
                None => returned,
            }
        }
        Event::Exchanged {
            returned,
            refunds_total,
            bought,
            purchases_total,
            net_payable,
            final_exchange,
        } => {
            let exchanged = fill(
                Key::EvExchanged,
                &[
                    (
                        "returned",
                        &returned.iter().map(|(n, id)| units_of(*n, id)).collect::<Vec<_>>().join(", "),
                    ),
                    ("refunds", &money(*refunds_total)),
                    ("bought", &bought.join(", ")),
                    ("purchases", &money(*purchases_total)),
                    ("net", &money(*net_payable)),
                ],
            );
            if *final_exchange {
                format!("{exchanged} {}", t(Key::EvFinalExchange))
            } else {
                exchanged
            }
        }
        Event::ScopeChanged { reservation, old, new } => fill(
            Key::EvScopeChanged,
            &[("reservation", reservation), ("old", &scope(old)), ("new", &scope(new))],
        ),
        Event::Renewed { reservation, renewal, from } => fill(
            Key::EvRenewed,
            &[("reservation", reservation), ("renewal", renewal), ("date", &date(*from))],
        ),
        Event::EarlierRefundRecorded { usd, refund_date } => fill(
            Key::EvEarlierRefund,
            &[("amount", &price(Currency::USD, *usd)), ("date", &date(*refund_date))],
        ),
        Event::LedgerEntryCorrected { entry, usd, note } => fill(
            Key::EvEntryCorrected,
            &[("entry", entry), ("amount", &price(Currency::USD, *usd)), ("note", note)],
        ),
    }
}

/// "1 payment", "12 payments".
fn payments(n: u32) -> String {
    plural(u64::from(n), Key::PaymentsOne, Key::PaymentsMany)
}

/// Which unit price a pro-rated line used, naming both prices the policy's rule chose from.
fn price_used(price: &PriceChoice) -> String {
    match (price.basis, price.current, price.used) {
        (_, None, _) => t(Key::AtPurchaseNoCurrent).into(),
        (_, Some(_), PriceUsed::Current) => {
            fill(Key::AtCurrentLower, &[("purchase", &number(price.purchase))])
        }
        (PriceBasis::LowerOfPurchaseAndCurrent, Some(current), PriceUsed::Purchase) => {
            fill(Key::AtPurchaseNotAbove, &[("current", &number(current))])
        }
        (PriceBasis::Purchase, Some(current), PriceUsed::Purchase) => {
            fill(Key::AtPurchaseByPolicy, &[("current", &number(current))])
        }
    }
}

/// What counts toward the limit under the policy in force, for the help of a "counts" column.
pub fn counted_help(counts: CapCounts) -> String {
    fill(Key::CountedHelp, &[("counts", &cap_counts(counts))])
}

/// "on 30 Jul 2027 — not today": said beside every figure on another date than today.
pub fn not_today(d: NaiveDate) -> String {
    fill(Key::NotToday, &[("date", &date(d))])
}

/// The full-refund rule's headline: how many days the window is and how far to trust it.
pub fn full_refund_headline(window_days: u32, days_held: i64, p: Provenance) -> String {
    let trust = match p {
        Provenance::Documented => t(Key::TrustDocumented).to_string(),
        Provenance::Observed => fill(Key::TrustObserved, &[("observed", &provenance(p))]),
        Provenance::Reading => provenance(p).to_string(),
    };
    fill(
        Key::FullRefundHeadline,
        &[
            ("held", &count(days_held.unsigned_abs())),
            ("window", &count(u64::from(window_days))),
            ("trust", &trust),
        ],
    )
}

/// A breakdown line's label, written here from the line's data with its numbers as the locale
/// writes them.
pub fn breakdown_label(item: &Item) -> String {
    let days = |n: i64| count(n.unsigned_abs());
    match item {
        Item::FullRefundWindow { unit_price, quantity, days_held, window_days, provenance: p } => fill(
            Key::BdFullRefund,
            &[
                ("held", &days(*days_held)),
                ("window", &count(u64::from(*window_days))),
                (
                    "trust",
                    &match p {
                        Provenance::Documented => String::new(),
                        _ => fill(Key::BdTrustAside, &[("provenance", &provenance(*p))]),
                    },
                ),
                ("price", &number(*unit_price)),
                ("units", &units(*quantity)),
            ],
        ),
        Item::ProRatedTerm { unit_price, quantity, remaining_days, term_days, price } => fill(
            Key::BdProRatedTerm,
            &[
                ("price", &number(*unit_price)),
                ("units", &units(*quantity)),
                ("remaining", &days(*remaining_days)),
                ("term", &days(*term_days)),
                ("used", &price_used(price)),
            ],
        ),
        Item::ProRatedCycle { unit_price, quantity, cycle_remaining_days, cycle_days, price } => fill(
            Key::BdProRatedCycle,
            &[
                ("price", &number(*unit_price)),
                ("units", &units(*quantity)),
                ("remaining", &days(*cycle_remaining_days)),
                ("cycle", &days(*cycle_days)),
                ("used", &price_used(price)),
            ],
        ),
        Item::Fee { percent: p, days_held, fee_free_days } => fill(
            Key::BdFee,
            &[
                ("percent", &percent(*p)),
                ("held", &days(*days_held)),
                ("free", &count(u64::from(*fee_free_days))),
            ],
        ),
        Item::Refund => t(Key::BdRefund).into(),
        Item::TotalPaid { unit_price, units: u, payments: p } => fill(
            Key::BdTotalPaid,
            &[("price", &number(*unit_price)), ("units", &units(*u)), ("payments", &payments(*p))],
        ),
        Item::KeptByMicrosoft => t(Key::BdKeptByMicrosoft).into(),
        Item::RemainingCommitment { unit_price, quantity, payments_left } => fill(
            Key::BdRemainingCommitment,
            &[
                ("price", &number(*unit_price)),
                ("units", &units(*quantity)),
                (
                    "payments",
                    &plural(u64::from(*payments_left), Key::FuturePaymentsOne, Key::FuturePaymentsMany),
                ),
            ],
        ),
        Item::Usd { of, usd_per_unit } => fill(
            match of {
                UsdOf::Refund => Key::BdUsdRefund,
                UsdOf::RemainingCommitment => Key::BdUsdRemaining,
                UsdOf::ReturnValue => Key::BdUsdReturnValue,
            },
            &[("rate", &number(*usd_per_unit))],
        ),
        Item::CanceledCommitment { counts: CapCounts::CanceledCommitment } => {
            t(Key::BdCanceledCommitment).into()
        }
        Item::CanceledCommitment { counts: CapCounts::RefundOnly } => t(Key::BdCanceledRefundOnly).into(),
        Item::ConsumedBefore { window_days } => {
            fill(Key::BdConsumedBefore, &[("window", &count(u64::from(*window_days)))])
        }
        Item::ConsumedAfter => t(Key::BdConsumedAfter).into(),
        Item::RefundLimit => t(Key::RefundLimit).into(),
        Item::LimitLeftAfter => t(Key::BdLimitLeftAfter).into(),
        Item::CustomerRefund { unit_price } => {
            fill(Key::BdCustomerRefund, &[("price", &number(*unit_price))])
        }
        Item::PartnerDifference => t(Key::BdPartnerDifference).into(),
        Item::ReturnValue { reservation, quantity } => {
            fill(Key::BdReturnValue, &[("reservation", reservation), ("units", &units(*quantity))])
        }
        Item::RefundsTotal => t(Key::RefundsTotal).into(),
        Item::PurchaseValue { sku, quantity, payments: p, unit_price } => fill(
            Key::BdPurchaseValue,
            &[
                ("sku", sku),
                ("price", &number(*unit_price)),
                ("units", &units(*quantity)),
                ("payments", &payments(*p)),
            ],
        ),
        Item::PurchasesTotal => t(Key::PurchasesTotal).into(),
        Item::NetPayable => t(Key::NetPayable).into(),
    }
}

/// The support request a refund or an exchange was asked for with in 2020 (policy.md §4.4),
/// drafted for the partner to copy: the three steps of the form and what to enter in each, with
/// the reservation's IDs and the amounts, in the words of the form in this language.
pub fn support_request(
    reservation: &Reservation,
    customer_name: &str,
    quantity: u32,
    amounts: &[(&str, Money)],
) -> String {
    let mut details = fill(
        Key::SupportDetails,
        &[
            ("units", &units(quantity)),
            ("reservation", &reservation.id),
            ("order", &reservation.order_id),
            ("customer", &customer_name),
            ("sku", &reservation.sku),
            ("region", &reservation.region),
            ("term", &term(reservation.term)),
            ("plan", &plan(reservation.billing_plan)),
            ("date", &date(reservation.purchase_date)),
        ],
    );
    for (label, amount) in amounts {
        details.push_str(&format!(" {label}{} {}.", t(Key::Colon), money(*amount)));
    }
    let steps: [(Key, Vec<(Key, String)>); 3] = [
        (Key::SupportStepBasics, vec![(Key::SupportIssueType, t(Key::SupportBilling).into())]),
        (
            Key::SupportStepProblem,
            vec![
                (Key::SupportProblemType, t(Key::SupportReservationManagement).into()),
                (Key::SupportProblemCategory, t(Key::SupportExchangesAndRefunds).into()),
                (Key::ReservationId, reservation.id.to_string()),
                (Key::OrderId, reservation.order_id.to_string()),
                (Key::Details, details),
            ],
        ),
        (Key::SupportStepContact, vec![(Key::SupportContact, t(Key::SupportContactValue).into())]),
    ];
    let mut text = String::new();
    for (title, fields) in steps {
        text.push_str(t(title));
        text.push('\n');
        for (name, value) in fields {
            text.push_str(&format!("  {}{} {value}\n", t(name), t(Key::Colon)));
        }
    }
    text
}
