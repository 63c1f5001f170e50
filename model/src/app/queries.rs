//! What each page of the app shows, asked of the engine: one function per view, returning plain
//! data the page renders as it is.
//!
//! The shell computes nothing: sums of money, who owns what, which ledger entries stand, which
//! reservations can be returned and what they are worth are answered here, from the same rules the
//! commands use, so a page cannot show a figure the engine would not stand behind. Dates are
//! arguments: a page may ask about today or about a what-if date it holds itself.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ledger::{ComesBack, EntryState, LedgerEntry};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::{refusal, ActionKind, NotAllowed};
use crate::domain::policy::{PackId, Policy};
use crate::domain::quote::{quote_refund, RefundQuote};
use crate::domain::reservation::{Reservation, Status};
use crate::domain::values::Name;
use crate::simulation::activity::ActivityEntry;
use crate::simulation::timeline::{limit_timeline, refund_value_curve, LimitTimeline, Point};
use crate::simulation::workspace::{LimitStatus, Workspace};

use crate::app::session::Session;

/// One line of the customer list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerRow {
    /// The customer's ID.
    pub id: Name,
    /// Its name.
    pub name: Name,
    /// Its billing currency.
    pub currency: Currency,
    /// Reservations that hold units.
    pub open: usize,
    /// Counted toward the limit today (USD).
    pub used: Money,
    /// Left today (USD; negative when over).
    pub left: Money,
    /// The next amount to come back into the pool, and when.
    pub next_back: Option<ComesBack>,
}

/// The customer list on the session's today.
pub fn customers_overview(session: &Session) -> Vec<CustomerRow> {
    let w = session.workspace();
    let today = session.today.get();
    w.customers
        .iter()
        .map(|c| {
            let status = w.limit_status(c, today);
            CustomerRow {
                id: c.id.clone(),
                name: c.name.clone(),
                currency: c.currency,
                open: c.open_reservations().count(),
                used: status.consumed,
                left: status.left,
                next_back: status.comes_back.first().copied(),
            }
        })
        .collect()
}

/// The head of a customer's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerHeader {
    /// Its name.
    pub name: Name,
    /// Its billing currency.
    pub currency: Currency,
    /// The USD rate of that currency, when known.
    pub rate: Option<UsdRate>,
    /// The limit on the session's today.
    pub limit: LimitStatus,
}

/// The head of a customer's page (`None` for an unknown customer).
pub fn customer_header(session: &Session, customer: &str) -> Option<CustomerHeader> {
    let w = session.workspace();
    let c = w.customer(customer)?;
    Some(CustomerHeader {
        name: c.name.clone(),
        currency: c.currency,
        rate: w.rate(c.currency),
        limit: w.limit_status(c, session.today.get()),
    })
}

/// The "Allow customer to purchase" card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionView {
    /// Whether the permission is on.
    pub on: bool,
    /// Whether some subscription qualifies (the first prerequisite).
    pub qualifying_subscription: bool,
    /// Users holding the Owner role on a qualifying subscription (the second), by name.
    pub owners: Vec<String>,
    /// Why the session's actor may not switch it, if it may not.
    pub refused: Option<NotAllowed>,
}

/// The purchase-permission card of a customer (`None` for an unknown customer).
pub fn purchase_permission(session: &Session, customer: &str) -> Option<PermissionView> {
    let c = session.workspace().customer(customer)?;
    Some(PermissionView {
        on: c.purchase_permission,
        qualifying_subscription: c.has_qualifying_subscription(),
        owners: c.qualifying_owners().map(|u| u.name.to_string()).collect(),
        refused: refusal(&session.actor, ActionKind::SetPurchasePermission),
    })
}

/// One user of a customer with their Owner roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserRow {
    /// The user.
    pub name: Name,
    /// Subscriptions the user is Owner of.
    pub owner_of: Vec<Name>,
    /// Subscriptions the user could be made Owner of.
    pub could_own: Vec<Name>,
}

/// A customer's users (empty for an unknown customer).
pub fn users(session: &Session, customer: &str) -> Vec<UserRow> {
    let Some(c) = session.workspace().customer(customer) else { return Vec::new() };
    c.users
        .iter()
        .map(|u| UserRow {
            name: u.name.clone(),
            owner_of: u.owner_of.iter().cloned().collect(),
            could_own: c
                .subscriptions
                .iter()
                .filter(|s| !u.owner_of.contains(&s.id))
                .map(|s| s.id.clone())
                .collect(),
        })
        .collect()
}

/// One reservation of a customer, with its refund value on the valuation date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationRow {
    /// The reservation.
    pub reservation: Reservation,
    /// Whether it holds units.
    pub active: bool,
    /// Its refund to the partner on the valuation date, when it could be returned then.
    pub value: Option<Money>,
}

/// A customer's reservations valued on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationsView {
    /// Every reservation, active and closed, in the order they were made.
    pub rows: Vec<ReservationRow>,
    /// The sum of the rows' values, in the billing currency.
    pub total: Money,
}

/// A customer's reservations with their refund values on `date` (`None` for an unknown customer).
pub fn reservations(session: &Session, customer: &str, date: NaiveDate) -> Option<ReservationsView> {
    let w = session.workspace();
    let c = w.customer(customer)?;
    // Looked up by ID, not searched: the benchmark portfolio has thousands of reservations.
    let values: HashMap<String, Money> =
        w.revalue(c, date).into_iter().map(|q| (q.reservation_id, q.partner.refund)).collect();
    let rows: Vec<ReservationRow> = c
        .reservations
        .iter()
        .map(|r| ReservationRow {
            reservation: r.clone(),
            active: r.status == Status::Active,
            value: values.get(r.id.as_str()).copied(),
        })
        .collect();
    let total = Money::sum(c.currency, rows.iter().filter_map(|r| r.value));
    Some(ReservationsView { rows, total })
}

/// One reservation of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    /// The reservation.
    pub reservation: Name,
    /// Units it holds (or held).
    pub quantity: u32,
    /// Its SKU.
    pub sku: String,
    /// When it was closed, if it was.
    pub closed: Option<NaiveDate>,
}

/// One order of a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderRow {
    /// The order.
    pub order: Name,
    /// The earliest purchase date among its reservations.
    pub first_purchase: Option<NaiveDate>,
    /// Its reservations, in the order they were made.
    pub lines: Vec<OrderLine>,
}

/// A customer's order history (empty for an unknown customer).
pub fn orders(session: &Session, customer: &str) -> Vec<OrderRow> {
    let Some(c) = session.workspace().customer(customer) else { return Vec::new() };
    c.orders()
        .into_iter()
        .map(|(_, members)| OrderRow {
            // Every member carries its order's ID: the first one's is the order's.
            order: members[0].order_id.clone(),
            first_purchase: members.iter().map(|r| r.purchase_date).min(),
            lines: members
                .iter()
                .map(|r| OrderLine {
                    reservation: r.id.clone(),
                    quantity: r.quantity,
                    sku: r.sku.clone(),
                    closed: match r.status {
                        Status::Active => None,
                        Status::Closed { date, .. } => Some(date),
                    },
                })
                .collect(),
        })
        .collect()
}

/// What a reservation is worth, today and on a what-if date, and its curve over the rest of its
/// term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationValues {
    /// The refund of all its units today, when it could be returned today.
    pub today: Option<Money>,
    /// The what-if date.
    pub what_if: NaiveDate,
    /// The refund on the what-if date, when it could be returned then.
    pub what_if_value: Option<Money>,
    /// The refund of all its units from today to the end of its term (empty without a rate).
    pub curve: Vec<Point>,
}

/// How many points the value curve has, about.
const CURVE_SAMPLES: u32 = 120;

/// A reservation's refund value today and on `what_if` (`None` when the customer or the
/// reservation is unknown).
pub fn reservation_values(
    session: &Session,
    customer: &str,
    reservation: &str,
    what_if: NaiveDate,
) -> Option<ReservationValues> {
    let w = session.workspace();
    let today = session.today.get();
    let r = w.customer(customer)?.reservation(reservation)?;
    let refund = |date| {
        w.quote_refund(customer, reservation, r.quantity, date)
            .and_then(|q| q.priced.map(|p| p.partner.refund))
    };
    Some(ReservationValues {
        today: refund(today),
        what_if,
        what_if_value: refund(what_if),
        curve: w
            .rate(r.currency)
            .map(|rate| refund_value_curve(r, r.quantity, today, &w.policy, rate, CURVE_SAMPLES))
            .unwrap_or_default(),
    })
}

/// The reservations of a customer that can be returned (refunded, exchanged): those holding units.
pub fn returnable(session: &Session, customer: &str) -> Vec<Name> {
    session
        .workspace()
        .customer(customer)
        .map(|c| c.open_reservations().map(|r| r.id.clone()).collect())
        .unwrap_or_default()
}

/// A refund a partner plans, to see what it would do to the limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRefund {
    /// The reservation.
    pub reservation: String,
    /// Units.
    pub quantity: u32,
    /// The day.
    pub on: NaiveDate,
}

/// A customer's limit over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitView {
    /// The customer's name.
    pub name: Name,
    /// The limit on the session's today.
    pub status: LimitStatus,
    /// What a refund could be planned on.
    pub returnable: Vec<Name>,
    /// The planned refund's quote, when one is planned on a known reservation.
    pub plan: Option<RefundQuote>,
    /// Consumed over the horizon, with and without the plan when it can be priced.
    pub timeline: LimitTimeline,
}

/// How far ahead the limit timeline looks.
pub const LIMIT_HORIZON_DAYS: u32 = 400;

/// A customer's limit, its timeline from the session's today and what a planned refund would do
/// (`None` for an unknown customer).
pub fn limit_view(session: &Session, customer: &str, plan: Option<&PlannedRefund>) -> Option<LimitView> {
    let w = session.workspace();
    let today = session.today.get();
    let c = w.customer(customer)?;
    let plan =
        plan.and_then(|p| w.quote_refund(customer, &p.reservation, p.quantity, p.on).map(|q| (p.on, q)));
    let planned =
        plan.as_ref().and_then(|(on, q)| q.priced.as_ref().map(|p| (*on, p.canceled_commitment_usd)));
    Some(LimitView {
        name: c.name.clone(),
        status: w.limit_status(c, today),
        returnable: c.open_reservations().map(|r| r.id.clone()).collect(),
        timeline: limit_timeline(&c.ledger, &w.policy, today, LIMIT_HORIZON_DAYS, planned),
        plan: plan.map(|(_, q)| q),
    })
}

/// One entry of a customer's refund-limit ledger, with where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// Its position (what a correction names).
    pub index: usize,
    /// The entry.
    pub entry: LedgerEntry,
    /// Standing, corrected, or a correction (see [`EntryState`]).
    pub state: EntryState,
}

impl LedgerRow {
    /// Whether the correcting command would accept this entry.
    pub fn correctable(&self) -> bool {
        self.state == EntryState::Standing
    }
}

/// A customer's ledger, every entry in order (empty for an unknown customer).
pub fn ledger(session: &Session, customer: &str) -> Vec<LedgerRow> {
    let Some(c) = session.workspace().customer(customer) else { return Vec::new() };
    c.ledger
        .states()
        .into_iter()
        .zip(c.ledger.entries())
        .enumerate()
        .map(|(index, (state, entry))| LedgerRow { index, entry: entry.clone(), state })
        .collect()
}

/// An open reservation of any customer, to choose for the policy comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationChoice {
    /// The customer's ID.
    pub customer: Name,
    /// The customer's name.
    pub customer_name: Name,
    /// The reservation.
    pub reservation: Name,
    /// Its SKU.
    pub sku: String,
}

/// Every reservation of every customer that could be returned, customer by customer.
pub fn returnable_everywhere(workspace: &Workspace) -> Vec<ReservationChoice> {
    workspace
        .customers
        .iter()
        .flat_map(|c| {
            c.open_reservations().map(move |r| ReservationChoice {
                customer: c.id.clone(),
                customer_name: c.name.clone(),
                reservation: r.id.clone(),
                sku: r.sku.clone(),
            })
        })
        .collect()
}

/// One column of the policy comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyColumn {
    /// The policy (the page names it: a pack's name, or custom).
    pub policy: Policy,
    /// Whether it is the policy in force (the last column).
    pub in_force: bool,
    /// The refund quoted under it.
    pub quote: RefundQuote,
}

/// The same refund quoted under csp-2020, azure-2026 and the policy in force, on `date` (`None`
/// when the customer, the reservation or the currency's rate is unknown).
pub fn compare_policies(
    workspace: &Workspace,
    customer: &str,
    reservation: &str,
    quantity: u32,
    date: NaiveDate,
) -> Option<Vec<PolicyColumn>> {
    let c = workspace.customer(customer)?;
    let r = c.reservation(reservation)?;
    let rate = workspace.rate(r.currency)?;
    let column = |policy: Policy, in_force: bool| PolicyColumn {
        quote: quote_refund(r, quantity, date, &policy, rate, &c.ledger),
        policy,
        in_force,
    };
    Some(vec![
        column(Policy::pack(PackId::Csp2020), false),
        column(Policy::pack(PackId::Azure2026), false),
        column(workspace.policy.clone(), true),
    ])
}

/// The activity log, newest first, all of it or one customer's, at most `shown` entries.
pub fn activity(session: &Session, customer: Option<&str>, shown: usize) -> Vec<ActivityEntry> {
    session
        .workspace()
        .activity_log
        .iter()
        .rev()
        .filter(|e| customer.is_none() || e.customer.as_deref() == customer)
        .take(shown)
        .cloned()
        .collect()
}

/// A customer the activity log names, for its customer column and filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedCustomer {
    /// Its ID, as the log's entries name it.
    pub id: String,
    /// Its name now, or the last it had when it was removed (its entries stay in the log).
    pub name: String,
    /// False once it was removed.
    pub present: bool,
}

/// Every customer the activity log names, in the order they first appear, with the name to show.
pub fn activity_customers(session: &Session) -> Vec<LoggedCustomer> {
    use crate::simulation::activity::Event;
    let workspace = session.workspace();
    let mut found: Vec<LoggedCustomer> = Vec::new();
    for entry in &workspace.activity_log {
        let Some(id) = entry.customer.as_deref() else { continue };
        let named = match &entry.event {
            Event::CustomerAdded { name, .. } | Event::CustomerRemoved { name, .. } => Some(name.as_str()),
            Event::CustomerRenamed { new, .. } => Some(new.as_str()),
            _ => None,
        };
        match found.iter_mut().find(|c| c.id == id) {
            Some(known) => {
                if let Some(name) = named {
                    known.name = name.to_string();
                }
            }
            None => found.push(LoggedCustomer {
                id: id.to_string(),
                name: named.unwrap_or(id).to_string(),
                present: false,
            }),
        }
    }
    for logged in &mut found {
        if let Some(c) = workspace.customer(&logged.id) {
            logged.name = c.name.to_string();
            logged.present = true;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::Date;
    use crate::simulation::command::Command;
    use crate::simulation::demo::demo_scenario;

    fn demo() -> Session {
        let today = Date::parse("2026-11-21").unwrap();
        let mut session = Session::new(today, Policy::pack(PackId::Azure2026));
        session.replace(demo_scenario(today)).unwrap();
        session
    }

    #[test]
    fn the_activity_log_names_each_customer_it_mentions_even_once_removed() {
        let mut s = demo();
        let logged = activity_customers(&s);
        let present: Vec<&str> = s.workspace().customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(logged.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), present);
        let contoso = s.workspace().customer("contoso").unwrap().name.to_string();
        assert!(logged.iter().any(|c| c.id == "contoso" && c.name == contoso && c.present));
        s.dispatch(Command::RemoveCustomer { customer: Name::parse("contoso").unwrap() }).unwrap();
        let logged = activity_customers(&s);
        assert!(logged.iter().any(|c| c.id == "contoso" && c.name == contoso && !c.present), "{logged:?}");
        // Filtering by it still finds its entries, the removal included.
        let entries = activity(&s, Some("contoso"), usize::MAX);
        assert!(entries.len() > 1);
        assert!(entries.iter().all(|e| e.customer.as_deref() == Some("contoso")));
    }

    #[test]
    fn the_customer_list_has_every_customer_and_used_plus_left_is_the_limit() {
        let s = demo();
        let rows = customers_overview(&s);
        assert_eq!(rows.len(), s.workspace().customers.len());
        let limit = Currency::USD.round(s.workspace().policy.refund_limit_usd.get());
        for row in &rows {
            assert_eq!(row.used.plus(row.left), limit, "{}", row.id);
            let c = s.workspace().customer(&row.id).unwrap();
            assert_eq!(row.open, c.open_reservations().count());
        }
    }

    #[test]
    fn a_customers_total_refund_value_is_the_sum_of_its_lines() {
        let s = demo();
        let today = s.today.get();
        let mut valued = 0;
        for c in &s.workspace().customers {
            for date in [today, today + chrono::Days::new(200)] {
                let view = reservations(&s, &c.id, date).unwrap();
                let mut sum = c.currency.zero();
                for row in &view.rows {
                    if let Some(value) = row.value {
                        assert!(row.active, "{}: a closed reservation has no value", row.reservation.id);
                        sum = sum.plus(value);
                        valued += 1;
                    }
                }
                assert_eq!(view.total, sum, "{} on {date}", c.id);
                assert_eq!(view.total.currency(), c.currency);
                assert_eq!(view.rows.len(), c.reservations.len());
            }
        }
        assert!(valued > 10, "the demo values its reservations ({valued})");
        assert!(reservations(&s, "nobody", today).is_none());
    }

    #[test]
    fn orders_hold_every_reservation_once() {
        let s = demo();
        for c in &s.workspace().customers {
            let orders = orders(&s, &c.id);
            let lines: usize = orders.iter().map(|o| o.lines.len()).sum();
            assert_eq!(lines, c.reservations.len(), "{}", c.id);
            for o in &orders {
                let first =
                    o.lines.iter().map(|l| c.reservation(&l.reservation).unwrap().purchase_date).min();
                assert_eq!(o.first_purchase, first);
            }
        }
    }

    #[test]
    fn the_ledger_view_asks_the_correcting_command_s_rule() {
        let mut s = demo();
        let customer = s
            .workspace()
            .customers
            .iter()
            .find(|c| !c.ledger.is_empty())
            .map(|c| c.id.clone())
            .expect("a demo customer with ledger entries");
        let before = ledger(&s, &customer);
        assert!(before.iter().all(LedgerRow::correctable));
        s.dispatch(Command::CorrectLedgerEntry {
            customer: customer.clone(),
            entry: 0,
            note: Name::parse("wrong").unwrap(),
        })
        .unwrap();
        let after = ledger(&s, &customer);
        assert_eq!(after.len(), before.len() + 1);
        assert_eq!(after[0].state, EntryState::Corrected);
        assert_eq!(after.last().unwrap().state, EntryState::Correction);
        // What the view says cannot be corrected, the command refuses; what it offers, it takes.
        for row in &after {
            let mut tried = s.clone();
            let result = tried.dispatch(Command::CorrectLedgerEntry {
                customer: customer.clone(),
                entry: row.index,
                note: Name::parse("again").unwrap(),
            });
            assert_eq!(result.is_ok(), row.correctable(), "entry {}", row.index);
        }
    }

    #[test]
    fn the_permission_card_names_the_owners_a_customer_purchase_needs() {
        let s = demo();
        for c in &s.workspace().customers {
            let card = purchase_permission(&s, &c.id).unwrap();
            assert_eq!(card.qualifying_subscription, c.has_qualifying_subscription());
            for u in &c.users {
                let owns = c.subscriptions.iter().any(|sub| c.owns_qualifying(u, &sub.id));
                assert_eq!(card.owners.contains(&u.name.to_string()), owns, "{}", u.name);
            }
        }
    }

    #[test]
    fn the_limit_view_plans_on_returnable_reservations_only() {
        let s = demo();
        for c in &s.workspace().customers {
            let view = limit_view(&s, &c.id, None).unwrap();
            assert!(view.plan.is_none());
            assert_eq!(view.returnable, returnable(&s, &c.id));
            if let Some(first) = view.returnable.first() {
                let plan = PlannedRefund { reservation: first.to_string(), quantity: 1, on: s.today.get() };
                let planned = limit_view(&s, &c.id, Some(&plan)).unwrap();
                let quote = planned.plan.expect("a plan on a known reservation is quoted");
                assert_eq!(Some(quote), s.workspace().quote_refund(&c.id, first, 1, s.today.get()));
            }
        }
    }

    #[test]
    fn the_comparison_ends_with_the_policy_in_force() {
        let s = demo();
        let choices = returnable_everywhere(s.workspace());
        let first = choices.first().unwrap();
        let columns =
            compare_policies(s.workspace(), &first.customer, &first.reservation, 1, s.today.get()).unwrap();
        assert_eq!(columns.iter().map(|c| c.in_force).collect::<Vec<_>>(), [false, false, true]);
        assert_eq!(
            Some(columns[2].quote.clone()),
            s.workspace().quote_refund(&first.customer, &first.reservation, 1, s.today.get())
        );
    }
}
