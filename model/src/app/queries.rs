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

use crate::domain::exchange::may_join_returns;
use crate::domain::ledger::{ComesBack, EntryState, LedgerEntry};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::{customer_refusal, refusal, sees, side, ActionKind, Fact, NotAllowed};
use crate::domain::policy::{PackId, Policy};
use crate::domain::quote::{quote_refund, RefundQuote};
use crate::domain::reservation::Scope;
use crate::domain::reservation::{Reservation, Status};
use crate::domain::values::Name;
use crate::simulation::activity::ActivityEntry;
use crate::simulation::command::Rejection;
use crate::simulation::timeline::{limit_timeline, refund_value_curve, LimitTimeline, Point};
use crate::simulation::workspace::{Customer, LimitStatus, Workspace};

use crate::app::session::Session;

/// The customer `id`, when it exists and the session's actor may see it: every query about one
/// customer asks this, so another customer's data never reaches a customer's user, whatever the
/// page asks.
fn visible<'a>(session: &'a Session, id: &str) -> Option<&'a Customer> {
    if customer_refusal(&session.actor, id).is_some() {
        return None;
    }
    session.workspace().customer(id)
}

/// Whether the session's actor may open the pages of customer `id`: `Err` with why not, `Ok(false)`
/// when there is no such customer. Refused before it is looked up, so a customer's user learns
/// nothing of which other customers exist.
pub fn customer_access(session: &Session, id: &str) -> Result<bool, NotAllowed> {
    match customer_refusal(&session.actor, id) {
        Some(why) => Err(why),
        None => Ok(session.workspace().customer(id).is_some()),
    }
}

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
    /// Its refund limit today, for an actor who sees the limit ([`Fact::RefundLimit`]).
    pub limit: Option<RowLimit>,
}

/// A customer's refund limit today, as the customer list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowLimit {
    /// Counted toward the limit today (USD).
    pub used: Money,
    /// Left today (USD; negative when over).
    pub left: Money,
    /// The next amount to come back into the pool, and when.
    pub next_back: Option<ComesBack>,
}

/// The customer list on the session's today: the customers the session's actor may see (a
/// customer's user, its own only).
pub fn customers_overview(session: &Session) -> Vec<CustomerRow> {
    let w = session.workspace();
    let today = session.today.get();
    let limit_shown = sees(&session.actor, Fact::RefundLimit);
    w.customers
        .iter()
        .filter(|c| customer_refusal(&session.actor, &c.id).is_none())
        .map(|c| CustomerRow {
            id: c.id.clone(),
            name: c.name.clone(),
            currency: c.currency,
            open: c.open_reservations().count(),
            limit: limit_shown.then(|| {
                let status = w.limit_status(c, today);
                RowLimit {
                    used: status.consumed,
                    left: status.left,
                    next_back: status.comes_back.first().copied(),
                }
            }),
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
    /// The limit on the session's today, for an actor who sees it ([`Fact::RefundLimit`]).
    pub limit: Option<LimitStatus>,
}

/// The head of a customer's page (`None` for an unknown customer, or one the actor may not see).
pub fn customer_header(session: &Session, customer: &str) -> Option<CustomerHeader> {
    let w = session.workspace();
    let c = visible(session, customer)?;
    Some(CustomerHeader {
        name: c.name.clone(),
        currency: c.currency,
        rate: w.rate(c.currency),
        limit: sees(&session.actor, Fact::RefundLimit).then(|| w.limit_status(c, session.today.get())),
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
    let c = visible(session, customer)?;
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
    let Some(c) = visible(session, customer) else { return Vec::new() };
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
    /// Its refund on the valuation date, on the side the actor sees, when it could be returned
    /// then.
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

/// A customer's reservations with their refund values on `date`, on the side the session's actor
/// sees (`None` for an unknown customer, or one the actor may not see).
pub fn reservations(session: &Session, customer: &str, date: NaiveDate) -> Option<ReservationsView> {
    let w = session.workspace();
    let c = visible(session, customer)?;
    let side = side(&session.actor);
    // Looked up by ID, not searched: the benchmark portfolio has thousands of reservations.
    let values: HashMap<String, Money> =
        w.revalue(c, date).into_iter().map(|q| (q.reservation_id.clone(), q.amounts(side).refund)).collect();
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
    let Some(c) = visible(session, customer) else { return Vec::new() };
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

/// A reservation's refund value today and on `what_if`, on the side the session's actor sees
/// (`None` when the customer or the reservation is unknown, or the actor may not see them).
pub fn reservation_values(
    session: &Session,
    customer: &str,
    reservation: &str,
    what_if: NaiveDate,
) -> Option<ReservationValues> {
    let w = session.workspace();
    let today = session.today.get();
    let r = visible(session, customer)?.reservation(reservation)?;
    let side = side(&session.actor);
    let refund = |date| {
        w.quote_refund(customer, reservation, r.quantity, date)
            .and_then(|q| q.priced.map(|p| p.amounts(side).refund))
    };
    Some(ReservationValues {
        today: refund(today),
        what_if,
        what_if_value: refund(what_if),
        curve: w
            .rate(r.currency)
            .map(|rate| refund_value_curve(r, r.quantity, today, &w.policy, rate, CURVE_SAMPLES, side))
            .unwrap_or_default(),
    })
}

/// The reservations of a customer that can be returned (refunded, exchanged): those holding units.
pub fn returnable(session: &Session, customer: &str) -> Vec<Name> {
    visible(session, customer)
        .map(|c| c.open_reservations().map(|r| r.id.clone()).collect())
        .unwrap_or_default()
}

/// What an exchange that returns `returned` (IDs of the customer's reservations) may add to its
/// returns on the session's today: the customer's other open reservations that the exchange rules
/// accept beside them (`may_join_returns`: one family where the policy requires it, the cut-off
/// rules, nothing that cannot be exchanged at all).
pub fn exchange_candidates(session: &Session, customer: &str, returned: &[Name]) -> Vec<Name> {
    let w = session.workspace();
    let Some(c) = w.customer(customer) else { return Vec::new() };
    let held: Vec<&Reservation> = returned.iter().filter_map(|id| c.reservation(id)).collect();
    c.open_reservations()
        .filter(|r| !returned.contains(&r.id))
        .filter(|r| may_join_returns(r, &held, session.today.get(), &w.policy))
        .map(|r| r.id.clone())
        .collect()
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
/// (`None` for an unknown customer, or when the actor may not see it or its limit).
pub fn limit_view(session: &Session, customer: &str, plan: Option<&PlannedRefund>) -> Option<LimitView> {
    let w = session.workspace();
    let today = session.today.get();
    if !sees(&session.actor, Fact::RefundLimit) {
        return None;
    }
    let c = visible(session, customer)?;
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
    if !sees(&session.actor, Fact::RefundLimit) {
        return Vec::new();
    }
    let Some(c) = visible(session, customer) else { return Vec::new() };
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

/// Every reservation that could be returned, customer by customer, of the customers the session's
/// actor may see.
pub fn returnable_everywhere(session: &Session) -> Vec<ReservationChoice> {
    session
        .workspace()
        .customers
        .iter()
        .filter(|c| customer_refusal(&session.actor, &c.id).is_none())
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

/// The activity log, newest first, all of it or one customer's, at most `shown` entries: of what
/// the session's actor may see (a customer's user, its own customer's entries only).
pub fn activity(session: &Session, customer: Option<&str>, shown: usize) -> Vec<ActivityEntry> {
    session
        .workspace()
        .activity_log
        .iter()
        .rev()
        .filter(|e| customer.is_none() || e.customer.as_deref() == customer)
        .filter(|e| match e.customer.as_deref() {
            Some(concerned) => customer_refusal(&session.actor, concerned).is_none(),
            // Rates and the policy concern every customer: the partner's own settings.
            None => sees(&session.actor, Fact::PartnerPrice),
        })
        .take(shown)
        .cloned()
        .collect()
}

/// Whether the session's actor may read an entry's details: not when they hold a figure of the
/// partner's side (its price, Microsoft's refund, the limit) and the actor does not see those.
pub fn activity_details_shown(session: &Session, entry: &ActivityEntry) -> bool {
    !entry.event.holds_partner_figures() || sees(&session.actor, Fact::PartnerPrice)
}

/// Why the session's actor may not buy a reservation for `customer` from the buy form (shared
/// scope), or `None` when it may: the role rule, then, for a customer's user, the purchase
/// permission and the Owner role (policy.md §4.2) — the buy command's own checks.
pub fn buy_refusal(session: &Session, customer: &str) -> Option<Rejection> {
    let actor = &session.actor;
    let not_allowed = |why| Rejection::NotAllowed { actor: actor.clone(), action: ActionKind::Buy, why };
    if let Some(why) = refusal(actor, ActionKind::Buy).or_else(|| customer_refusal(actor, customer)) {
        return Some(not_allowed(why));
    }
    match (actor, session.workspace().customer(customer)) {
        (crate::domain::partner::Actor::Customer { user, .. }, Some(c)) => {
            c.purchase_refusal(user, &Scope::Shared)
        }
        _ => None,
    }
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
    fn an_exchange_may_add_only_reservations_the_exchange_rules_accept() {
        let s = demo();
        let names = |ids: &[&str]| ids.iter().map(|id| Name::parse(id).unwrap()).collect::<Vec<_>>();
        // Contoso holds two more compute reservations and one SQL: a compute exchange is offered
        // the compute ones only; an SQL one has nothing to add.
        assert_eq!(exchange_candidates(&s, "contoso", &names(&["contoso-vm-d4"])), names(&["contoso-vm-b2"]));
        assert_eq!(exchange_candidates(&s, "contoso", &names(&["contoso-sql"])), names(&[]));
        // A Red Hat plan cannot be exchanged at all, and so is never offered.
        assert_eq!(exchange_candidates(&s, "northwind", &names(&[])), names(&["northwind-vm-f4"]));
        // A policy that lets an exchange cross families offers the SQL one too.
        let mut open = demo();
        let mut policy = open.workspace().policy.clone();
        policy.exchange_same_family_only = false;
        open.dispatch(Command::SetPolicy { policy }).unwrap();
        assert_eq!(
            exchange_candidates(&open, "contoso", &names(&["contoso-vm-d4"])),
            names(&["contoso-sql", "contoso-vm-b2"])
        );
    }

    #[test]
    fn the_customer_list_has_every_customer_and_used_plus_left_is_the_limit() {
        let s = demo();
        let rows = customers_overview(&s);
        assert_eq!(rows.len(), s.workspace().customers.len());
        let limit = Currency::USD.round(s.workspace().policy.refund_limit_usd.get());
        for row in &rows {
            let shown = row.limit.as_ref().expect("a partner sees every limit");
            assert_eq!(shown.used.plus(shown.left), limit, "{}", row.id);
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
        let choices = returnable_everywhere(&s);
        let first = choices.first().unwrap();
        let columns =
            compare_policies(s.workspace(), &first.customer, &first.reservation, 1, s.today.get()).unwrap();
        assert_eq!(columns.iter().map(|c| c.in_force).collect::<Vec<_>>(), [false, false, true]);
        assert_eq!(
            Some(columns[2].quote.clone()),
            s.workspace().quote_refund(&first.customer, &first.reservation, 1, s.today.get())
        );
    }

    fn acting_as(customer: &str, user: &str) -> Session {
        let mut s = demo();
        s.actor = crate::domain::partner::Actor::Customer {
            customer: Name::parse(customer).unwrap(),
            user: Name::parse(user).unwrap(),
        };
        s
    }

    #[test]
    fn a_customers_user_sees_its_own_customer_only_and_no_limit() {
        let s = acting_as("contoso", "megan");
        let rows = customers_overview(&s);
        assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["contoso"]);
        assert_eq!(rows[0].limit, None, "the limit is counted at the partner's price");
        assert_eq!(customer_header(&s, "contoso").unwrap().limit, None);
        assert_eq!(customer_access(&s, "contoso"), Ok(true));
        let other =
            Err(NotAllowed::OtherTenant { customer: "contoso".into(), concerned: "woodgrove".into() });
        assert_eq!(customer_access(&s, "woodgrove"), other);
        // Whether the other customer exists or not, the answer is the same refusal.
        assert!(matches!(customer_access(&s, "nobody"), Err(NotAllowed::OtherTenant { .. })));
        let today = s.today.get();
        assert!(customer_header(&s, "woodgrove").is_none());
        assert!(reservations(&s, "fabrikam", today).is_none());
        assert!(reservation_values(&s, "fabrikam", "fabrikam-vm-e8", today).is_none());
        assert!(purchase_permission(&s, "fabrikam").is_none());
        assert!(users(&s, "fabrikam").is_empty() && orders(&s, "fabrikam").is_empty());
        assert!(returnable(&s, "fabrikam").is_empty());
        assert!(limit_view(&s, "contoso", None).is_none() && ledger(&s, "contoso").is_empty());
        assert!(returnable_everywhere(&s).iter().all(|c| c.customer.as_str() == "contoso"));
        assert!(!returnable_everywhere(&s).is_empty());
    }

    #[test]
    fn a_customers_user_sees_its_own_price_and_the_partner_price_when_none_is_set() {
        let partner = demo();
        let customer = acting_as("contoso", "megan");
        let today = partner.today.get();
        let w = partner.workspace();
        let mut differ = 0;
        for (p, c) in reservations(&partner, "contoso", today)
            .unwrap()
            .rows
            .iter()
            .zip(reservations(&customer, "contoso", today).unwrap().rows)
        {
            let r = &p.reservation;
            let quote = w.quote_refund("contoso", &r.id, r.quantity, today).and_then(|q| q.priced);
            assert_eq!(p.value, quote.as_ref().map(|q| q.partner.refund), "{}", r.id);
            let expected = quote.as_ref().map(|q| q.customer.refund);
            assert_eq!(c.value, expected, "{}", r.id);
            if r.customer_unit_price.is_some() && c.value.is_some() {
                assert_ne!(c.value, p.value, "{}", r.id);
                differ += 1;
            }
            let values = reservation_values(&customer, "contoso", &r.id, today).unwrap();
            assert_eq!(values.today, c.value, "{}", r.id);
        }
        assert!(differ > 0, "contoso-vm-d4 has a customer price");
        let vm = w.customer("contoso").unwrap().reservation("contoso-vm-d4").unwrap();
        assert_eq!(vm.unit_price_on(crate::domain::partner::Side::Customer), vm.customer_unit_price.unwrap());
        assert_eq!(vm.unit_price_on(crate::domain::partner::Side::Partner), vm.unit_price);
    }

    #[test]
    fn a_customers_user_reads_its_own_log_without_the_partners_figures() {
        let s = acting_as("contoso", "megan");
        let all = activity(&demo(), None, usize::MAX);
        let own = activity(&s, None, usize::MAX);
        assert!(!own.is_empty() && own.len() < all.len());
        assert!(own.iter().all(|e| e.customer.as_deref() == Some("contoso")));
        assert!(activity(&s, Some("woodgrove"), usize::MAX).is_empty());
        for e in &own {
            assert_eq!(activity_details_shown(&s, e), !e.event.holds_partner_figures());
        }
        assert!(own.iter().any(|e| !activity_details_shown(&s, e)), "the demo's purchases hold prices");
        assert!(all.iter().all(|e| activity_details_shown(&demo(), e)));
    }

    #[test]
    fn the_buy_form_asks_the_buy_command_s_rules() {
        use crate::domain::partner::Actor;
        // (actor, customer, refused with)
        let name = |s: &str| Name::parse(s).unwrap();
        let cases: [(Actor, &str, Option<&str>); 5] = [
            (Actor::admin_agent(), "northwind", None),
            (Actor::Customer { customer: name("contoso"), user: name("megan") }, "contoso", None),
            (
                Actor::Customer { customer: name("northwind"), user: name("priya") },
                "northwind",
                Some("PurchasePermissionOff"),
            ),
            (
                Actor::Customer { customer: name("contoso"), user: name("megan") },
                "fabrikam",
                Some("NotAllowed"),
            ),
            (
                Actor::Customer { customer: name("contoso"), user: name("nobody") },
                "contoso",
                Some("UnknownUser"),
            ),
        ];
        for (actor, customer, refused) in cases {
            let mut s = demo();
            s.actor = actor.clone();
            assert_eq!(
                buy_refusal(&s, customer).as_ref().map(Rejection::code),
                refused,
                "{actor:?} {customer}"
            );
        }
        // With the permission on, a user who owns no qualifying subscription still may not.
        let mut s = demo();
        s.dispatch(Command::SetPurchasePermission { customer: name("northwind"), allowed: true }).unwrap();
        s.actor = Actor::Customer { customer: name("northwind"), user: name("priya") };
        assert_eq!(buy_refusal(&s, "northwind").as_ref().map(Rejection::code), Some("NotOwner"));
    }
}
