//! What each page of the app shows, asked of the engine: one function per view, returning plain
//! data the page renders as it is.
//!
//! The shell computes nothing: sums of money, who owns what, which ledger entries stand, which
//! reservations can be returned and what they are worth are answered here, from the same rules the
//! commands use, so a page cannot show a figure the engine would not stand behind. Dates are
//! arguments: a page may ask about today or about a what-if date it holds itself.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::exchange::may_join_returns;
use crate::domain::ledger::{ComesBack, EntryState, LedgerEntry};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::{customer_refusal, refusal, sees, ActionKind, Fact, NotAllowed, Side};
use crate::domain::policy::{CapCounts, PackId, Policy, Provenance};
use crate::domain::quote::{quote_refund, RefundError, RefundQuote};
use crate::domain::refund::{value_return, Purpose, RefundRule, ReturnAmounts};
use crate::domain::reservation::Scope;
use crate::domain::reservation::{Reservation, Status};
use crate::domain::values::Name;
use crate::simulation::activity::ActivityEntry;
use crate::simulation::command::Rejection;
use crate::simulation::timeline::{cancel_value_curve, limit_timeline, CancelPoint, LimitTimeline};
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
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

/// What cancelling a reservation's units means on one side (the partner's toward Microsoft, or
/// the customer's toward the partner), in the billing currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CancelSide {
    /// The refund: cash paid back now (the current payment pro-rated, for a monthly plan).
    pub refund: Money,
    /// The future payments the cancellation cancels (the remaining commitment; zero for Upfront).
    pub canceled_payments: Money,
    /// What cancelling saves this side: `refund + canceled_payments`. For a monthly plan this is
    /// most of what is at stake: cancelling woodgrove-vm-m pays back USD 2,700.00 but also stops
    /// USD 57,000.00 of payments to come.
    pub saves: Money,
}

impl CancelSide {
    fn of(amounts: &ReturnAmounts) -> CancelSide {
        CancelSide {
            refund: amounts.refund,
            canceled_payments: amounts.remaining_commitment,
            saves: amounts.saves(),
        }
    }

    fn sum<'a>(currency: Currency, sides: impl Iterator<Item = &'a CancelSide> + Clone) -> CancelSide {
        CancelSide {
            refund: Money::sum(currency, sides.clone().map(|s| s.refund)),
            canceled_payments: Money::sum(currency, sides.clone().map(|s| s.canceled_payments)),
            saves: Money::sum(currency, sides.map(|s| s.saves)),
        }
    }
}

/// What cancelling every unit of a reservation on one date would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CancelAmounts {
    /// The partner's side, at the partner's price (what the partner sees).
    pub partner: CancelSide,
    /// The customer's side, at the customer's price, or at the partner's when none is set (the
    /// customer then pays the partner's price). A view for a customer's own users shows this one.
    pub customer: CancelSide,
    /// What it counts toward the customer's refund limit, in USD, per the policy's `cap_counts`:
    /// the refund's USD side, plus the canceled payments' under `canceled_commitment`.
    pub counted_usd: Money,
    /// `Some` when the full-refund window priced it, with where that rule comes from (under
    /// azure-2026 it is observed, not documented, and the page must say so).
    pub full_refund: Option<Provenance>,
}

/// What cancelling a reservation would do on a date, or why it cannot be cancelled then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CancelValue {
    /// It holds no units any more.
    Closed,
    /// Its billing currency has no USD rate, so it cannot be priced.
    NoRate,
    /// It cannot be refunded on that date (a Red Hat plan never; any reservation outside its
    /// term), with the refusal's data: it counts in no total.
    NotRefundable {
        /// Why, as the refund quote would refuse it.
        why: RefundError,
    },
    /// The amounts.
    Priced(CancelAmounts),
}

impl CancelAmounts {
    /// The side an actor sees (see [`crate::domain::partner::side`]).
    pub fn on(&self, side: Side) -> &CancelSide {
        match side {
            Side::Partner => &self.partner,
            Side::Customer => &self.customer,
        }
    }
}

impl CancelTotals {
    /// The side an actor sees (see [`crate::domain::partner::side`]).
    pub fn on(&self, side: Side) -> &CancelSide {
        match side {
            Side::Partner => &self.partner,
            Side::Customer => &self.customer,
        }
    }
}

impl CancelValue {
    /// The amounts, when it can be cancelled on that date.
    pub fn amounts(&self) -> Option<&CancelAmounts> {
        match self {
            CancelValue::Priced(amounts) => Some(amounts),
            _ => None,
        }
    }
}

/// What cancelling all the units of `r` on `date` would do, by the refund quote's own rules and
/// precedence (not active before not refundable), without the limit's verdict: the limit decides
/// whether it may go ahead, not what it is worth.
fn cancel_value(w: &Workspace, r: &Reservation, date: NaiveDate) -> CancelValue {
    if r.status != Status::Active {
        return CancelValue::Closed;
    }
    let Some(rate) = w.rate(r.currency) else { return CancelValue::NoRate };
    // Valued without the breakdown: a portfolio's table asks this of every reservation.
    let priced = match value_return(r, r.quantity, date, &w.policy, rate, Purpose::Refund) {
        Ok(priced) => priced,
        Err(error) => return CancelValue::NotRefundable { why: RefundError::from(error) },
    };
    if !r.family.is_self_service_returnable() {
        return CancelValue::NotRefundable {
            why: RefundError::SelfServiceRefundNotSupported { family: r.family.clone() },
        };
    }
    CancelValue::Priced(CancelAmounts {
        partner: CancelSide::of(&priced.partner),
        customer: CancelSide::of(&priced.customer),
        counted_usd: priced.canceled_commitment_usd,
        full_refund: (priced.rule == RefundRule::FullRefundWindow).then(|| w.policy.full_refund_provenance()),
    })
}

/// One reservation of a customer, with what cancelling it would do on the valuation date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationRow {
    /// The reservation.
    pub reservation: Reservation,
    /// Whether it holds units.
    pub active: bool,
    /// What cancelling all its units would do on the valuation date.
    pub value: CancelValue,
}

/// The sums of a customer's reservations that could be cancelled on the valuation date; those
/// that cannot (closed, not refundable) count in none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CancelTotals {
    /// The partner's side, in the billing currency.
    pub partner: CancelSide,
    /// The customer's side, in the billing currency.
    pub customer: CancelSide,
    /// What cancelling them all, one by one, would count toward the limit (USD).
    pub counted_usd: Money,
}

/// A customer's reservations valued on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationsView {
    /// Every reservation, active and closed, in the order they were made.
    pub rows: Vec<ReservationRow>,
    /// The sums of the rows' amounts.
    pub totals: CancelTotals,
    /// What the policy in force counts toward the limit (the page says which).
    pub counts: CapCounts,
}

/// A customer's reservations with what cancelling each would do on `date`, both sides (the page
/// shows the one its actor sees) (`None` for an unknown customer, or one the actor may not see).
pub fn reservations(session: &Session, customer: &str, date: NaiveDate) -> Option<ReservationsView> {
    let w = session.workspace();
    let c = visible(session, customer)?;
    let rows: Vec<ReservationRow> = c
        .reservations
        .iter()
        .map(|r| ReservationRow {
            reservation: r.clone(),
            active: r.status == Status::Active,
            value: cancel_value(w, r, date),
        })
        .collect();
    let priced = rows.iter().filter_map(|r| r.value.amounts());
    let totals = CancelTotals {
        partner: CancelSide::sum(c.currency, priced.clone().map(|a| &a.partner)),
        customer: CancelSide::sum(c.currency, priced.clone().map(|a| &a.customer)),
        counted_usd: Money::sum(Currency::USD, priced.map(|a| a.counted_usd)),
    };
    Some(ReservationsView { rows, totals, counts: w.policy.cap_counts })
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
                    sku: r.sku.to_string(),
                    closed: match r.status {
                        Status::Active => None,
                        Status::Closed { date, .. } => Some(date),
                    },
                })
                .collect(),
        })
        .collect()
}

/// What cancelling a reservation would do, today and on a what-if date, and over the rest of its
/// term against the customer's limit left each day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReservationValues {
    /// Cancelling all its units today.
    pub today: CancelValue,
    /// The what-if date.
    pub what_if: NaiveDate,
    /// Cancelling all its units on the what-if date.
    pub what_if_value: CancelValue,
    /// What the policy in force counts toward the limit (the page says which).
    pub counts: CapCounts,
    /// From today to the end of its term, all in USD: what cancelling saves, what it counts, and
    /// the limit left that day (empty without a rate, or when it cannot be refunded at all).
    pub curve: Vec<CancelPoint>,
}

/// How many points the value curve has, about.
const CURVE_SAMPLES: u32 = 120;

/// What cancelling a reservation would do today and on `what_if`, both sides (`None` when the
/// customer or the reservation is unknown, or the actor may not see them).
pub fn reservation_values(
    session: &Session,
    customer: &str,
    reservation: &str,
    what_if: NaiveDate,
) -> Option<ReservationValues> {
    let w = session.workspace();
    let today = session.today.get();
    let c = visible(session, customer)?;
    let r = c.reservation(reservation)?;
    Some(ReservationValues {
        today: cancel_value(w, r, today),
        what_if,
        what_if_value: cancel_value(w, r, what_if),
        counts: w.policy.cap_counts,
        curve: w
            .rate(r.currency)
            .filter(|_| r.status == Status::Active)
            .map(|rate| cancel_value_curve(r, r.quantity, today, &w.policy, rate, &c.ledger, CURVE_SAMPLES))
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
                sku: r.sku.to_string(),
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

/// What a workspace holds, counted as a person would list what they would lose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WorkspaceSize {
    /// Customers.
    pub customers: usize,
    /// Reservations, open and closed (a closed one is still part of the record).
    pub reservations: usize,
    /// Actions recorded: the scenario's commands, one activity-log entry each.
    pub recorded_actions: usize,
}

impl WorkspaceSize {
    /// Whether there is nothing to lose: no action was ever recorded.
    pub fn is_empty(&self) -> bool {
        self.recorded_actions == 0
    }
}

/// What the workspace holds now: what a reset, the demo or a replacing import would put out of
/// force (the page asks first), and what an Undo of one brought back.
pub fn workspace_size(session: &Session) -> WorkspaceSize {
    let workspace = session.workspace();
    WorkspaceSize {
        customers: workspace.customers.len(),
        reservations: workspace.customers.iter().map(|c| c.reservations.len()).sum(),
        recorded_actions: session.scenario().commands.len(),
    }
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

/// Every customer the activity log names that the session's actor may see, in the order they
/// first appear, with the name to show.
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
    // A customer's user is not told of other customers, not even their names.
    found.retain(|logged| customer_refusal(&session.actor, &logged.id).is_none());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::partner::side;
    use crate::domain::values::Date;
    use crate::simulation::command::Command;
    use crate::simulation::demo::demo_scenario;

    fn demo() -> Session {
        let today = Date::parse("2026-11-21").unwrap();
        let mut session = Session::new(today, Policy::pack(PackId::Azure2026));
        session.replace(demo_scenario(today), crate::simulation::scenario::Replacement::Demo).unwrap();
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
            let shown = row.limit.as_ref().expect("a partner sees every limit");
            assert_eq!(shown.used.plus(shown.left), limit, "{}", row.id);
            let c = s.workspace().customer(&row.id).unwrap();
            assert_eq!(row.open, c.open_reservations().count());
        }
    }

    /// Every column's total is the sum of the rows that can be cancelled, on both sides.
    #[test]
    fn a_customers_totals_are_the_sums_of_its_lines() {
        let s = demo();
        let today = s.today.get();
        let mut valued = 0;
        for c in &s.workspace().customers {
            for date in [today, today + chrono::Days::new(200)] {
                let view = reservations(&s, &c.id, date).unwrap();
                let zero = CancelSide {
                    refund: c.currency.zero(),
                    canceled_payments: c.currency.zero(),
                    saves: c.currency.zero(),
                };
                let (mut partner, mut customer, mut counted) = (zero, zero, Currency::USD.zero());
                for row in &view.rows {
                    let Some(a) = row.value.amounts() else { continue };
                    assert!(row.active, "{}: a closed reservation has no value", row.reservation.id);
                    for (sum, side) in [(&mut partner, &a.partner), (&mut customer, &a.customer)] {
                        assert_eq!(
                            side.saves,
                            side.refund.plus(side.canceled_payments),
                            "{}",
                            row.reservation.id
                        );
                        sum.refund = sum.refund.plus(side.refund);
                        sum.canceled_payments = sum.canceled_payments.plus(side.canceled_payments);
                        sum.saves = sum.saves.plus(side.saves);
                    }
                    counted = counted.plus(a.counted_usd);
                    valued += 1;
                }
                assert_eq!(
                    view.totals,
                    CancelTotals { partner, customer, counted_usd: counted },
                    "{} on {date}",
                    c.id
                );
                assert_eq!(view.totals.partner.refund.currency(), c.currency);
                assert_eq!(view.rows.len(), c.reservations.len());
            }
        }
        assert!(valued > 10, "the demo values its reservations ({valued})");
        assert!(reservations(&s, "nobody", today).is_none());
    }

    /// northwind-redhat could be priced, but a Red Hat plan cannot be refunded: its row says why
    /// and no total counts it (it once showed GBP 614.47 and added it to the customer's total).
    #[test]
    fn a_red_hat_plan_is_not_refundable_and_counts_in_no_total() {
        let s = demo();
        let view = reservations(&s, "northwind", s.today.get()).unwrap();
        let redhat = view.rows.iter().find(|r| r.reservation.id.as_str() == "northwind-redhat").unwrap();
        assert!(matches!(
            &redhat.value,
            CancelValue::NotRefundable { why: RefundError::SelfServiceRefundNotSupported { .. } }
        ));
        let others: Vec<&CancelAmounts> = view.rows.iter().filter_map(|r| r.value.amounts()).collect();
        assert_eq!(others.len(), 1, "only northwind-vm-f4 can be cancelled");
        assert_eq!(view.totals.partner, others[0].partner);
        assert_eq!(view.totals.counted_usd, others[0].counted_usd);
        // The reservation page's Today and what-if values and its chart agree.
        let values = reservation_values(&s, "northwind", "northwind-redhat", s.today.get()).unwrap();
        assert_eq!(values.today, redhat.value);
        assert!(values.curve.is_empty());
        // And the reservations CSV carries no refund for it.
        let w = s.workspace();
        assert!(w
            .revalue(w.customer("northwind").unwrap(), s.today.get())
            .iter()
            .all(|q| q.reservation_id != "northwind-redhat"));
    }

    /// What counts is the refund's USD side plus the canceled payments' under
    /// `canceled_commitment`, the refund's alone under `refund_only`; a monthly plan's row shows it,
    /// not only the current month's payment.
    #[test]
    fn what_counts_toward_the_limit_follows_cap_counts() {
        let mut s = demo();
        let today = s.today.get();
        let check = |s: &Session, counts: CapCounts| {
            for c in &s.workspace().customers {
                let view = reservations(s, &c.id, today).unwrap();
                assert_eq!(view.counts, counts);
                for row in &view.rows {
                    let Some(a) = row.value.amounts() else { continue };
                    let q = s
                        .workspace()
                        .quote_refund(&c.id, &row.reservation.id, row.reservation.quantity, today)
                        .unwrap();
                    let p = q.priced.unwrap();
                    let expected = match counts {
                        CapCounts::CanceledCommitment => p.refund_usd.plus(p.remaining_commitment_usd),
                        CapCounts::RefundOnly => p.refund_usd,
                    };
                    assert_eq!(a.counted_usd, expected, "{}", row.reservation.id);
                    assert_eq!(a.counted_usd, q.limit.requested, "the quote counts the same");
                }
            }
        };
        check(&s, CapCounts::CanceledCommitment);
        let m = reservations(&s, "woodgrove", today).unwrap();
        let m = m
            .rows
            .iter()
            .find(|r| r.reservation.id.as_str() == "woodgrove-vm-m")
            .unwrap()
            .value
            .amounts()
            .unwrap()
            .clone();
        assert_eq!(m.partner.refund.amount_string(), "2700.00");
        assert_eq!(m.partner.canceled_payments.amount_string(), "57000.00");
        assert_eq!(m.partner.saves.amount_string(), "59700.00");
        assert_eq!(m.counted_usd.amount_string(), "59700.00");
        assert_eq!(m.customer, m.partner, "no customer price: the customer pays the partner's");

        let policy = Policy { cap_counts: CapCounts::RefundOnly, ..Policy::pack(PackId::Azure2026) };
        s.dispatch(Command::SetPolicy { policy }).unwrap();
        check(&s, CapCounts::RefundOnly);
    }

    /// A customer price gives the customer's side its own amounts (contoso-vm-d4: 92.50 a month
    /// against the partner's 84.10).
    #[test]
    fn the_customer_side_is_at_the_customer_price() {
        let s = demo();
        let view = reservations(&s, "contoso", s.today.get()).unwrap();
        let d4 = view.rows.iter().find(|r| r.reservation.id.as_str() == "contoso-vm-d4").unwrap();
        let a = d4.value.amounts().unwrap();
        assert!(a.customer.saves.amount() > a.partner.saves.amount());
        let q = s.workspace().quote_refund("contoso", "contoso-vm-d4", 10, s.today.get()).unwrap();
        let customer = q.priced.unwrap().customer;
        assert_eq!(a.customer.refund, customer.refund);
        assert_eq!(a.customer.canceled_payments, customer.remaining_commitment);
    }

    /// The chart's points: counted and saved as the quote of that day says, against the limit
    /// left that day from the customer's ledger.
    #[test]
    fn the_value_chart_draws_what_cancelling_saves_and_counts_against_the_limit_left() {
        let s = demo();
        let today = s.today.get();
        let values = reservation_values(&s, "woodgrove", "woodgrove-vm-m", today).unwrap();
        assert!(values.curve.len() > 100, "{}", values.curve.len());
        assert_eq!(values.curve[0].date, today);
        let w = s.workspace();
        let c = w.customer("woodgrove").unwrap();
        for point in &values.curve {
            let q = w.quote_refund("woodgrove", "woodgrove-vm-m", 1, point.date).unwrap();
            let p = q.priced.unwrap();
            assert_eq!(point.counted_usd, q.limit.requested, "{}", point.date);
            assert_eq!(point.partner_saves_usd, p.refund_usd.plus(p.remaining_commitment_usd));
            assert_eq!(point.limit_left_usd, w.limit_status(c, point.date).left, "{}", point.date);
        }
        // The limit's steps are drawn where money comes back.
        for back in w.limit_status(c, today).comes_back {
            assert!(values.curve.iter().any(|p| p.date == back.date), "{}", back.date);
        }
        // Not a sawtooth: what cancelling saves only falls as the term runs.
        assert!(values
            .curve
            .windows(2)
            .all(|w| w[1].partner_saves_usd.amount() <= w[0].partner_saves_usd.amount()));
    }

    /// "It would fit on 30 Jul 2027" beside "Next money back 26 Mar 2027": the refusal carries the
    /// numbers of that next day, so the page can say why it is not enough.
    #[test]
    fn the_refusal_says_why_the_next_money_back_is_not_enough() {
        let s = demo();
        let today = s.today.get();
        let w = s.workspace();
        let q = w.quote_refund("woodgrove", "woodgrove-vm-m", 1, today).unwrap();
        let Some(RefundError::RefundLimitExceeded {
            earliest_fit: Some(fit),
            on_next_money_back: Some(still),
            ..
        }) = q.errors.last().cloned()
        else {
            panic!("{:?}", q.errors)
        };
        let next_back = w.limit_status(w.customer("woodgrove").unwrap(), today).comes_back[0].date;
        assert_eq!(still.date, next_back);
        assert!(still.date < fit);
        assert!(still.requested.amount() > still.left.amount(), "{still:?}");
        let then = w.quote_refund("woodgrove", "woodgrove-vm-m", 1, still.date).unwrap();
        assert_eq!(still.requested, then.limit.requested);
        assert_eq!(still.left, then.limit.limit.minus(then.limit.consumed));
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
            // Each sees the side `side` gives it, and that side is the quote's own.
            let seen = |row: &ReservationRow, actor: &crate::domain::partner::Actor| {
                row.value.amounts().map(|a| a.on(side(actor)).refund)
            };
            let (as_partner, as_customer) = (seen(p, &partner.actor), seen(&c, &customer.actor));
            assert_eq!(as_partner, quote.as_ref().map(|q| q.partner.refund), "{}", r.id);
            assert_eq!(as_customer, quote.as_ref().map(|q| q.customer.refund), "{}", r.id);
            if r.customer_unit_price.is_some() && as_customer.is_some() {
                assert_ne!(as_customer, as_partner, "{}", r.id);
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

    #[test]
    fn the_size_of_a_workspace_counts_what_a_reset_would_lose() {
        let mut s = demo();
        let size = workspace_size(&s);
        assert_eq!(
            (size.customers, size.reservations),
            (5, 11),
            "the demo's five customers and eleven reservations"
        );
        assert_eq!(size.recorded_actions, s.workspace().activity_log.len());
        assert!(!size.is_empty());
        s.reset(Policy::pack(PackId::Azure2026));
        assert_eq!(workspace_size(&s), WorkspaceSize { customers: 0, reservations: 0, recorded_actions: 0 });
        assert!(workspace_size(&s).is_empty());
    }
}
