//! A partner's workspace: its customers, their subscriptions, users, reservations and refund
//! ledgers, the policy and rates in force, and the append-only activity log.
//!
//! The only way to change a workspace is [`Workspace::apply`], with a [`DatedCommand`]. It is
//! all-or-nothing: every handler checks everything first and mutates only after the last check,
//! so a refused command leaves the workspace exactly as it was (a property test holds it to that).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::domain::exchange::{quote_exchange, ExchangeQuote, Purchase};
use crate::domain::ledger::{ComesBack, EntryReason, EntryState, LedgerEntry, RefundLedger};
use crate::domain::limits::{
    MAX_ACTIVITY_ENTRIES, MAX_CUSTOMERS, MAX_EXCHANGE_LINES, MAX_LEDGER_ENTRIES, MAX_RATE, MAX_RESERVATIONS,
};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::partner::{refusal, Actor, NotAllowed};
use crate::domain::policy::{PackId, Policy};
use crate::domain::quote::{quote_refund, RefundQuote};
use crate::domain::refund::{value_return, Purpose, ReturnQuote};
use crate::domain::reservation::{Buyer, ClosedReason, Origin, Reservation, Scope, Status};
use crate::domain::values::{Amount, Date, Name};
use crate::simulation::activity::{ActivityEntry, Event};
use crate::simulation::command::{
    Command, Counted, DatedCommand, Invalid, NewReservation, NotRenewable, Rejection, ReturnLine,
    SubscriptionKind, Thing, Unchanged,
};

/// A subscription of a customer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Subscription {
    /// Its ID.
    pub id: Name,
    /// Its kind.
    pub kind: SubscriptionKind,
    /// Whether the partner bought it.
    pub bought_by_partner: bool,
}

impl Subscription {
    /// An Azure plan or Azure Global subscription the partner bought: what the purchase permission
    /// needs (policy.md §4.2).
    pub fn qualifies_for_purchase_permission(&self) -> bool {
        self.bought_by_partner
            && matches!(self.kind, SubscriptionKind::AzurePlan | SubscriptionKind::AzureGlobal)
    }
}

/// A user of the customer's tenant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct User {
    /// The user's name.
    pub name: Name,
    /// Subscriptions on which the user holds the Owner role.
    pub owner_of: BTreeSet<Name>,
}

/// A customer (a tenant): the refund limit is kept per customer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Customer {
    /// Its ID.
    pub id: Name,
    /// Its name.
    pub name: Name,
    /// Its billing currency: every reservation of the customer is billed in it.
    pub currency: Currency,
    /// Its subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// Its users.
    pub users: Vec<User>,
    /// "Allow customer to purchase" (Azure reservations): off by default.
    pub purchase_permission: bool,
    /// Every reservation, active and closed, in the order they were made; `order_id` groups them
    /// into orders.
    pub reservations: Vec<Reservation>,
    /// The refund-limit ledger.
    pub ledger: RefundLedger,
    /// Where each reservation is in `reservations`, and every ID the customer holds: kept by the
    /// workspace as it adds reservations, so that checking a new ID or finding a reservation is
    /// a lookup, not a scan (one import adds up to 20,000 reservations to one customer).
    #[serde(skip)]
    index: IdIndex,
}

/// A customer's reservation and order IDs, derived from its reservations. Hashed tables, only
/// ever asked about one ID: a big book's replay looks up or adds an ID 60,000 times, and ordered
/// maps spent most of that comparing GUIDs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct IdIndex {
    /// Each reservation's position in [`Customer::reservations`].
    reservations: FxHashMap<Name, usize>,
    /// Every order ID.
    orders: FxHashSet<Name>,
}

/// Adds nothing to a hash: the index is derived from the reservations, which are hashed, so
/// customers with equal reservations have equal indexes.
impl Hash for IdIndex {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl IdIndex {
    fn add(&mut self, reservation: &Reservation, position: usize) {
        self.reservations.insert(reservation.id.clone(), position);
        self.orders.insert(reservation.order_id.clone());
    }
}

impl Customer {
    /// A new customer, with nothing yet.
    pub fn new(id: Name, name: Name, currency: Currency) -> Customer {
        Customer {
            id,
            name,
            currency,
            subscriptions: Vec::new(),
            users: Vec::new(),
            purchase_permission: false,
            reservations: Vec::new(),
            ledger: RefundLedger::new(),
            index: IdIndex::default(),
        }
    }

    /// A customer holding these reservations and nothing else: for reading (a benchmark's
    /// portfolio); a workspace's customers are made by its commands.
    pub fn with_reservations(
        id: Name,
        name: Name,
        currency: Currency,
        reservations: Vec<Reservation>,
    ) -> Customer {
        let mut customer = Customer::new(id, name, currency);
        for reservation in reservations {
            customer.add_reservation(reservation);
        }
        customer
    }

    /// Adds a reservation, keeping the index of IDs. (A workspace adds one through its own
    /// `add_reservation`, which counts it.)
    fn add_reservation(&mut self, reservation: Reservation) {
        self.index.add(&reservation, self.reservations.len());
        self.reservations.push(reservation);
    }

    /// The position of the reservation with this ID.
    fn position(&self, id: &str) -> Option<usize> {
        self.index.reservations.get(id).copied()
    }

    /// True when a reservation or an order of the customer has this ID.
    fn holds_id(&self, id: &str) -> bool {
        self.index.reservations.contains_key(id) || self.index.orders.contains(id)
    }

    /// True when the index agrees with the reservations: what the laws check after every command.
    pub fn index_is_whole(&self) -> bool {
        let mut rebuilt = IdIndex::default();
        for (position, r) in self.reservations.iter().enumerate() {
            rebuilt.add(r, position);
        }
        rebuilt == self.index
    }

    /// The reservation with this ID.
    pub fn reservation(&self, id: &str) -> Option<&Reservation> {
        self.position(id).map(|at| &self.reservations[at])
    }

    /// The reservations that hold units (whether or not their term has started).
    pub fn open_reservations(&self) -> impl Iterator<Item = &Reservation> {
        self.reservations.iter().filter(|r| r.status == Status::Active)
    }

    /// True when some subscription qualifies for the purchase permission.
    pub fn has_qualifying_subscription(&self) -> bool {
        self.subscriptions.iter().any(Subscription::qualifies_for_purchase_permission)
    }

    /// Whether `user` holds the Owner role on `subscription` and that subscription qualifies for
    /// the purchase permission: what a customer's own purchase needs (policy.md §4.2). The buy
    /// command and the permission card ask this one rule.
    pub fn owns_qualifying(&self, user: &User, subscription: &str) -> bool {
        user.owner_of.contains(subscription)
            && self
                .subscriptions
                .iter()
                .any(|s| s.id == subscription && s.qualifies_for_purchase_permission())
    }

    /// Why `user`, a user of this customer, may not buy a reservation of `scope` itself, or
    /// `None` when it may (policy.md §4.2): the permission must be on, and the user Owner of a
    /// qualifying subscription the scope covers. The buy command and the buy form ask this rule.
    pub fn purchase_refusal(&self, user: &str, scope: &Scope) -> Option<Rejection> {
        if !self.purchase_permission {
            return Some(Rejection::PurchasePermissionOff { customer: self.id.to_string() });
        }
        let Some(u) = self.users.iter().find(|u| u.name.as_str() == user) else {
            return Some(Rejection::UnknownUser { customer: self.id.to_string(), user: user.to_string() });
        };
        let owns_qualifying = |id: &str| self.owns_qualifying(u, id);
        let allowed = match scope {
            Scope::Single { subscription } | Scope::ResourceGroup { subscription, .. } => {
                owns_qualifying(subscription)
            }
            _ => self.subscriptions.iter().any(|s| owns_qualifying(&s.id)),
        };
        (!allowed).then(|| Rejection::NotOwner { customer: self.id.to_string(), user: user.to_string() })
    }

    /// The users who could buy once the permission is on: Owners of some qualifying subscription.
    pub fn qualifying_owners(&self) -> impl Iterator<Item = &User> {
        self.users.iter().filter(|u| u.owner_of.iter().any(|sub| self.owns_qualifying(u, sub)))
    }

    /// The orders, in the order they were placed: (order ID, its reservations). Each order is
    /// found by its ID in a hashed index built as it goes: searched for along the list, a
    /// customer of 5,000 reservations in 1,250 orders cost about 3 million comparisons at every
    /// change its page showed.
    pub fn orders(&self) -> Vec<(&str, Vec<&Reservation>)> {
        let mut orders: Vec<(&str, Vec<&Reservation>)> = Vec::new();
        let mut placed: FxHashMap<&str, usize> = FxHashMap::default();
        for r in &self.reservations {
            match placed.entry(r.order_id.as_str()) {
                Entry::Occupied(at) => orders[*at.get()].1.push(r),
                Entry::Vacant(at) => {
                    at.insert(orders.len());
                    orders.push((&r.order_id, vec![r]));
                }
            }
        }
        orders
    }
}

/// The limit as it stands for one customer on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitStatus {
    /// Counted in the window.
    pub consumed: Money,
    /// The limit.
    pub limit: Money,
    /// Left (negative when earlier refunds recorded exceed it).
    pub left: Money,
    /// When counted amounts come back, earliest first.
    pub comes_back: Vec<ComesBack>,
}

/// An exchange checked and priced, not applied: see [`Workspace::preview_exchange`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExchangePreview {
    /// The priced basket: refundsTotal, purchasesTotal, netPayable, and the policy's errors.
    pub quote: ExchangeQuote,
    /// `None` when the command would be applied; otherwise the very rejection it would return.
    pub refusal: Option<Rejection>,
    /// The customer's position, for the command that applies the preview.
    #[serde(skip)]
    customer: usize,
    /// Each returned reservation's position in the customer's list, with the units returned.
    #[serde(skip)]
    returned: Vec<(usize, u32)>,
}

impl ExchangePreview {
    /// True when applying the exchange command would succeed.
    pub fn is_accepted(&self) -> bool {
        self.refusal.is_none()
    }
}

/// The whole state of a partner's simulation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Workspace {
    /// The policy in force.
    pub policy: Policy,
    /// USD per unit of each billing currency (USD is always 1 and never stored).
    pub rates: BTreeMap<Currency, UsdRate>,
    /// The customers, in the order they were added.
    pub customers: Vec<Customer>,
    /// Append-only. Kept as data: the simulation output (`formats::simulation`) writes it with the
    /// CLI's sentences, the app with the reader's.
    #[serde(skip)]
    pub activity_log: Vec<ActivityEntry>,
    /// The date of the last command applied: commands are applied in date order.
    pub last_date: Option<NaiveDate>,
    /// A counter for the IDs the workspace makes up by the first rule ([`IdScheme::Counter`]).
    pub serial: u64,
    /// How the workspace makes up IDs: the rule the scenario's commands were written against.
    #[serde(skip)]
    pub ids: IdScheme,
    /// Where each customer is in `customers`, kept by the two commands that add and remove one.
    #[serde(skip)]
    customer_places: CustomerPlaces,
    /// Reservations across all customers, kept by the commands that add and remove them. Every
    /// purchase checks the workspace's limit against it: summed afresh at each of a big book's
    /// 20,000 purchases, over its 200 customers, it was a sixth of the book's replay.
    #[serde(skip)]
    held: usize,
}

/// Where each customer is in [`Workspace::customers`], by its ID: a hashed table, looked up at
/// every command that names a customer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct CustomerPlaces(FxHashMap<Name, usize>);

/// Adds nothing to a hash: the places are derived from the customers, which are hashed.
impl Hash for CustomerPlaces {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

/// How the workspace makes up the IDs of what a command creates without naming it. A scenario's
/// format version says which rule its commands were written against, so the IDs later commands
/// name (a refund of `res-0006`) replay to the same reservations forever.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IdScheme {
    /// `reservoir.scenario/1`: `res-NNNN`, `order-NNNN` and `ID-NNNN` from one counter over the
    /// whole workspace, so a reservation's number and its order's differ (`res-0002` in
    /// `order-0003`).
    Counter,
    /// `reservoir.scenario/2`: the customer's Nth order is `order-000N` and what it buys is
    /// `res-000N` (`res-000N-1`, `res-000N-2`, … when it buys several); what continues a
    /// reservation `X` (the rest after a partial return, a renewal) is `X-2`, `X-3`, … in `X`'s
    /// order; a reservation bought into a named order without an ID is named after the order.
    #[default]
    ByOrder,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new(Policy::pack(PackId::Azure2026))
    }
}

impl Workspace {
    /// An empty workspace under `policy`.
    pub fn new(policy: Policy) -> Workspace {
        Workspace {
            policy,
            rates: BTreeMap::new(),
            customers: Vec::new(),
            activity_log: Vec::new(),
            last_date: None,
            serial: 0,
            ids: IdScheme::default(),
            customer_places: CustomerPlaces::default(),
            held: 0,
        }
    }

    /// True when `customer_places` agrees with the customers: what the laws check after every
    /// command.
    pub fn customer_places_are_whole(&self) -> bool {
        self.customer_places.0.len() == self.customers.len()
            && self.customers.iter().enumerate().all(|(at, c)| self.customer_places.0.get(&c.id) == Some(&at))
    }

    /// True when the count of reservations kept agrees with the customers': what the laws check
    /// after every command.
    pub fn held_is_whole(&self) -> bool {
        self.held == self.reservation_count()
    }

    /// Room for `count` more reservations of this customer and their IDs, so that buying that
    /// many grows neither (`scenario::replay` knows how many a scenario buys). Changes nothing a
    /// command can see.
    pub(crate) fn make_room(&mut self, customer: &str, count: usize) {
        if let Ok(at) = self.customer_index(customer) {
            let customer = &mut self.customers[at];
            customer.reservations.reserve(count);
            customer.index.reservations.reserve(count);
        }
    }

    /// Adds a reservation to the customer at `at`, counting it. (The workspace's only way to add
    /// one.)
    fn add_reservation(&mut self, at: usize, reservation: Reservation) {
        self.customers[at].add_reservation(reservation);
        self.held += 1;
    }

    /// The customer with this ID.
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customer_index(id).ok().map(|at| &self.customers[at])
    }

    /// The USD rate of a currency, if known.
    pub fn rate(&self, currency: Currency) -> Option<UsdRate> {
        if currency == Currency::USD {
            Some(UsdRate::ONE)
        } else {
            self.rates.get(&currency).copied()
        }
    }

    /// Reservations across all customers.
    pub fn reservation_count(&self) -> usize {
        self.customers.iter().map(|c| c.reservations.len()).sum()
    }

    /// The limit for a customer on `today`.
    pub fn limit_status(&self, customer: &Customer, today: NaiveDate) -> LimitStatus {
        let window = self.policy.refund_window_days;
        let check = customer.ledger.check(today, Currency::USD.zero(), &self.policy);
        LimitStatus {
            consumed: check.consumed,
            limit: check.limit,
            left: check.left_after,
            comes_back: customer.ledger.comes_back(today, window.get()),
        }
    }

    /// Quotes a refund without applying it (`None` when the customer, the reservation or the
    /// currency's rate is unknown).
    pub fn quote_refund(
        &self,
        customer: &str,
        reservation: &str,
        quantity: u32,
        today: NaiveDate,
    ) -> Option<RefundQuote> {
        let customer = self.customer(customer)?;
        let reservation = customer.reservation(reservation)?;
        let rate = self.rate(reservation.currency)?;
        Some(quote_refund(reservation, quantity, today, &self.policy, rate, &customer.ledger))
    }

    /// The refund value today of every reservation of a customer that could be refunded today. A
    /// family that can never be refunded (a Red Hat plan) has none, though its return could be
    /// priced: a refund value beside "not refundable" is a promise nobody can keep.
    pub fn revalue(&self, customer: &Customer, today: NaiveDate) -> Vec<ReturnQuote> {
        let Some(rate) = self.rate(customer.currency) else { return Vec::new() };
        customer
            .open_reservations()
            .filter(|r| r.family.is_self_service_returnable())
            .filter_map(|r| value_return(r, r.quantity, today, &self.policy, rate, Purpose::Refund).ok())
            .collect()
    }

    /// Applies one command, all or nothing. On success the activity log has one more entry and
    /// the workspace's date is the command's.
    pub fn apply(&mut self, dated: &DatedCommand) -> Result<&ActivityEntry, Rejection> {
        let DatedCommand { date, actor, command } = dated;
        let date = &date.get();
        if let Some(last_date) = self.last_date {
            if *date < last_date {
                return Err(Rejection::DateOutOfOrder { date: *date, last_date });
            }
        }
        if let Some(why) = refusal(actor, command.kind()) {
            return Err(Rejection::NotAllowed { actor: actor.clone(), action: command.kind(), why });
        }
        if let (Actor::Customer { customer, .. }, Some(concerned)) = (actor, command.customer()) {
            if customer != concerned {
                return Err(Rejection::NotAllowed {
                    actor: actor.clone(),
                    action: command.kind(),
                    why: NotAllowed::OtherTenant {
                        customer: customer.to_string(),
                        concerned: concerned.to_string(),
                    },
                });
            }
        }
        if self.activity_log.len() >= MAX_ACTIVITY_ENTRIES {
            return Err(Rejection::TooMany { what: Counted::ActivityEntries, max: MAX_ACTIVITY_ENTRIES });
        }
        let event = self.execute(*date, actor, command)?;
        self.last_date = Some(*date);
        self.activity_log.push(ActivityEntry {
            date: *date,
            actor: actor.clone(),
            customer: command.customer().cloned(),
            event,
        });
        Ok(self.activity_log.last().expect("just pushed"))
    }

    /// Checks and carries out a command; returns what happened, for the log.
    fn execute(&mut self, date: NaiveDate, actor: &Actor, command: &Command) -> Result<Event, Rejection> {
        match command {
            Command::AddCustomer { customer, name, currency } => {
                if self.customer(customer).is_some() {
                    return Err(Rejection::AlreadyExists { what: Thing::Customer, id: customer.to_string() });
                }
                if self.customers.len() >= MAX_CUSTOMERS {
                    return Err(Rejection::TooMany { what: Counted::Customers, max: MAX_CUSTOMERS });
                }
                self.customer_places.0.insert(customer.clone(), self.customers.len());
                self.customers.push(Customer::new(customer.clone(), name.clone(), *currency));
                Ok(Event::CustomerAdded {
                    customer: customer.to_string(),
                    name: name.to_string(),
                    currency: *currency,
                })
            }
            Command::RenameCustomer { customer, name } => {
                let at = self.customer_index(customer)?;
                let old = std::mem::replace(&mut self.customers[at].name, name.clone());
                Ok(Event::CustomerRenamed {
                    customer: customer.to_string(),
                    old: old.to_string(),
                    new: name.to_string(),
                })
            }
            Command::RemoveCustomer { customer } => {
                let at = self.customer_index(customer)?;
                let removed = self.customers.remove(at);
                self.held -= removed.reservations.len();
                self.customer_places = CustomerPlaces(
                    self.customers.iter().enumerate().map(|(at, c)| (c.id.clone(), at)).collect(),
                );
                Ok(Event::CustomerRemoved {
                    customer: customer.to_string(),
                    reservations: removed.reservations.len(),
                    name: removed.name.to_string(),
                })
            }
            Command::SetRate { currency, usd_per_unit } => {
                let rate =
                    UsdRate::new(usd_per_unit.get()).ok_or(Rejection::Invalid(Invalid::RateOutOfRange {
                        found: usd_per_unit.get(),
                        max: MAX_RATE,
                    }))?;
                if *currency == Currency::USD && rate != UsdRate::ONE {
                    return Err(Rejection::Invalid(Invalid::UsdIsAlwaysOne));
                }
                if *currency != Currency::USD {
                    self.rates.insert(*currency, rate);
                }
                Ok(Event::RateSet { currency: *currency, usd_per_unit: usd_per_unit.get() })
            }
            Command::SetPolicy { policy } => {
                self.policy = policy.clone();
                Ok(Event::PolicySet { base: policy.base, customized: policy.customized() })
            }
            Command::AddSubscription { customer, subscription, kind, bought_by_partner } => {
                let at = self.customer_index(customer)?;
                let c = &mut self.customers[at];
                if c.subscriptions.iter().any(|s| s.id == *subscription) {
                    return Err(Rejection::AlreadyExists {
                        what: Thing::Subscription,
                        id: subscription.to_string(),
                    });
                }
                c.subscriptions.push(Subscription {
                    id: subscription.clone(),
                    kind: *kind,
                    bought_by_partner: *bought_by_partner,
                });
                Ok(Event::SubscriptionAdded {
                    customer: customer.to_string(),
                    subscription: subscription.to_string(),
                    kind: *kind,
                })
            }
            Command::AddUser { customer, user } => {
                let at = self.customer_index(customer)?;
                let c = &mut self.customers[at];
                if c.users.iter().any(|u| u.name == *user) {
                    return Err(Rejection::AlreadyExists { what: Thing::User, id: user.to_string() });
                }
                c.users.push(User { name: user.clone(), owner_of: BTreeSet::new() });
                Ok(Event::UserAdded { customer: customer.to_string(), user: user.to_string() })
            }
            Command::AssignOwner { customer, user, subscription }
            | Command::RemoveOwner { customer, user, subscription } => {
                let assign = matches!(command, Command::AssignOwner { .. });
                let at = self.customer_index(customer)?;
                let c = &mut self.customers[at];
                if !c.subscriptions.iter().any(|s| s.id == *subscription) {
                    return Err(Rejection::UnknownSubscription {
                        customer: customer.to_string(),
                        subscription: subscription.to_string(),
                    });
                }
                let u = c.users.iter_mut().find(|u| u.name == *user).ok_or_else(|| {
                    Rejection::UnknownUser { customer: customer.to_string(), user: user.to_string() }
                })?;
                if u.owner_of.contains(subscription) == assign {
                    return Err(Rejection::NothingToChange(Unchanged::Owner {
                        user: user.to_string(),
                        subscription: subscription.to_string(),
                        is_owner: assign,
                    }));
                }
                if assign {
                    u.owner_of.insert(subscription.clone());
                    Ok(Event::OwnerAssigned {
                        user: user.to_string(),
                        subscription: subscription.to_string(),
                    })
                } else {
                    u.owner_of.remove(subscription);
                    Ok(Event::OwnerRemoved { user: user.to_string(), subscription: subscription.to_string() })
                }
            }
            Command::SetPurchasePermission { customer, allowed } => {
                let at = self.customer_index(customer)?;
                let c = &mut self.customers[at];
                if c.purchase_permission == *allowed {
                    return Err(Rejection::NothingToChange(Unchanged::PurchasePermission {
                        customer: customer.to_string(),
                        allowed: *allowed,
                    }));
                }
                if *allowed && !c.has_qualifying_subscription() {
                    return Err(Rejection::PurchasePermissionPrerequisite { customer: customer.to_string() });
                }
                c.purchase_permission = *allowed;
                Ok(Event::PurchasePermissionSet { customer: customer.to_string(), allowed: *allowed })
            }
            Command::Buy { customer, reservation } => self.buy(date, actor, customer, reservation),
            Command::SetCurrentPrice { customer, reservation, current_unit_price } => {
                let (c, r) = self.reservation_index(customer, reservation)?;
                let held = &mut self.customers[c].reservations[r];
                held.current_unit_price = current_unit_price.map(Amount::get);
                Ok(Event::CurrentPriceSet {
                    reservation: reservation.to_string(),
                    currency: held.currency,
                    price: current_unit_price.map(Amount::get),
                })
            }
            Command::SetUsed { customer, reservation, used } => {
                let (c, r) = self.reservation_index(customer, reservation)?;
                self.customers[c].reservations[r].used = *used;
                Ok(Event::UsageSet { reservation: reservation.to_string(), used: *used })
            }
            Command::Refund { customer, reservation, quantity } => {
                self.refund(date, customer, reservation, *quantity)
            }
            Command::Exchange { customer, returns, purchases } => {
                self.exchange(date, customer, returns, purchases)
            }
            Command::ChangeScope { customer, reservation, scope } => {
                let (c, r) = self.reservation_index(customer, reservation)?;
                check_scope_subscription(&self.customers[c], scope)?;
                let held = &mut self.customers[c].reservations[r];
                if held.status != Status::Active {
                    return Err(Rejection::Invalid(Invalid::ReservationClosed {
                        reservation: reservation.to_string(),
                    }));
                }
                if held.scope == *scope {
                    return Err(Rejection::NothingToChange(Unchanged::Scope {
                        reservation: reservation.to_string(),
                        scope: scope.clone(),
                    }));
                }
                let old = std::mem::replace(&mut held.scope, scope.clone());
                Ok(Event::ScopeChanged { reservation: reservation.to_string(), old, new: scope.clone() })
            }
            Command::Renew { customer, reservation } => self.renew(date, customer, reservation),
            Command::RecordEarlierRefund { customer, refund_date, usd, note } => {
                let at = self.customer_index(customer)?;
                if refund_date.get() > date {
                    return Err(Rejection::Invalid(Invalid::EarlierRefundInTheFuture {
                        latest: date,
                        found: refund_date.get(),
                    }));
                }
                if self.customers[at].ledger.len() >= MAX_LEDGER_ENTRIES {
                    return Err(Rejection::TooMany { what: Counted::LedgerEntries, max: MAX_LEDGER_ENTRIES });
                }
                self.customers[at].ledger.record(LedgerEntry {
                    date: refund_date.get(),
                    usd: usd.get(),
                    reason: EntryReason::Earlier { note: note.to_string() },
                });
                Ok(Event::EarlierRefundRecorded { usd: usd.get(), refund_date: refund_date.get() })
            }
            Command::CorrectLedgerEntry { customer, entry, note } => {
                let at = self.customer_index(customer)?;
                let ledger = &self.customers[at].ledger;
                match ledger.state(*entry) {
                    None => {
                        return Err(Rejection::Invalid(Invalid::UnknownLedgerEntry {
                            entry: *entry,
                            entries: ledger.len(),
                        }))
                    }
                    Some(EntryState::Correction) => {
                        return Err(Rejection::Invalid(Invalid::CorrectionOfACorrection { entry: *entry }))
                    }
                    Some(EntryState::Corrected) => {
                        return Err(Rejection::NothingToChange(Unchanged::AlreadyCorrected { entry: *entry }))
                    }
                    Some(EntryState::Standing) => {}
                }
                let corrected = ledger.entries()[*entry].clone();
                if ledger.len() >= MAX_LEDGER_ENTRIES {
                    return Err(Rejection::TooMany { what: Counted::LedgerEntries, max: MAX_LEDGER_ENTRIES });
                }
                self.customers[at].ledger.record(LedgerEntry {
                    date: corrected.date,
                    usd: -corrected.usd,
                    reason: EntryReason::Correction { corrects: *entry, note: note.to_string() },
                });
                Ok(Event::LedgerEntryCorrected { entry: *entry, usd: corrected.usd, note: note.to_string() })
            }
        }
    }

    /// Where the customer is in `customers`. Looked up in `customer_places` rather than by
    /// comparing every customer's ID: a book of 20,000 reservations in 200 customers took two
    /// million comparisons to open. The place is checked before it is used, so a `customers`
    /// changed by other means than the commands is still found, by the scan.
    fn customer_index(&self, customer: &str) -> Result<usize, Rejection> {
        match self.customer_places.0.get(customer) {
            Some(&at) if self.customers.get(at).is_some_and(|c| c.id == customer) => Ok(at),
            _ => self
                .customers
                .iter()
                .position(|c| c.id == customer)
                .ok_or_else(|| Rejection::UnknownCustomer { customer: customer.to_string() }),
        }
    }

    fn reservation_index(&self, customer: &str, reservation: &str) -> Result<(usize, usize), Rejection> {
        let c = self.customer_index(customer)?;
        let r = self.customers[c].position(reservation).ok_or_else(|| Rejection::UnknownReservation {
            customer: customer.to_string(),
            reservation: reservation.to_string(),
        })?;
        Ok((c, r))
    }

    /// True when a reservation or an order of the customer already has this ID.
    fn taken(&self, customer: usize, id: &str) -> bool {
        self.customers[customer].holds_id(id)
    }

    /// An ID by the first rule ([`IdScheme::Counter`]): the next count no reservation or order
    /// of the customer has yet, after `prefix` cut short where needed, so it is a name a command
    /// can carry.
    fn counted_id(&mut self, customer: usize, prefix: &str) -> Name {
        loop {
            self.serial += 1;
            let id = Name::derived(prefix, &format!("-{:04}", self.serial));
            if !self.taken(customer, &id) {
                return id;
            }
        }
    }

    /// A new order of the customer buying `count` reservations, by [`IdScheme::ByOrder`]: its ID
    /// and theirs share the order's number, the customer's count of orders (skipping a number
    /// whose IDs are already used).
    fn numbered_order(&self, customer: usize, count: usize) -> (Name, Vec<Name>) {
        let mut number = self.customers[customer].orders().len() + 1;
        loop {
            let order = Name::derived("order", &format!("-{number:04}"));
            let ids: Vec<Name> = if count == 1 {
                vec![Name::derived("res", &format!("-{number:04}"))]
            } else {
                (1..=count).map(|k| Name::derived("res", &format!("-{number:04}-{k}"))).collect()
            };
            if !self.taken(customer, &order) && ids.iter().all(|id| !self.taken(customer, id)) {
                return (order, ids);
            }
            number += 1;
        }
    }

    /// `base-2`, `base-3`, …: the first the customer does not use, by [`IdScheme::ByOrder`].
    fn continued_id(&self, customer: usize, base: &str) -> Name {
        (2..)
            .map(|k| Name::derived(base, &format!("-{k}")))
            .find(|id| !self.taken(customer, id))
            .expect("a customer holds finitely many IDs")
    }

    /// The ID of what continues reservation `base` in its order: the rest after a partial
    /// return, or its renewal.
    fn continuing_id(&mut self, customer: usize, base: &str) -> Name {
        match self.ids {
            IdScheme::Counter => self.counted_id(customer, base),
            IdScheme::ByOrder => self.continued_id(customer, base),
        }
    }

    /// The IDs of a reservation bought alone: those the command names, the others made up.
    fn purchase_ids(&mut self, customer: usize, id: Option<&Name>, order: Option<&Name>) -> (Name, Name) {
        match self.ids {
            IdScheme::Counter => {
                // This order of making them up is the one `reservoir.scenario/1` files replay by.
                let id = id.cloned().unwrap_or_else(|| self.counted_id(customer, "res"));
                let order = order.cloned().unwrap_or_else(|| self.counted_id(customer, "order"));
                (id, order)
            }
            IdScheme::ByOrder => match (id, order) {
                (Some(id), Some(order)) => (id.clone(), order.clone()),
                (id, None) => {
                    let (order, mut ids) = self.numbered_order(customer, 1);
                    (id.cloned().unwrap_or_else(|| ids.remove(0)), order)
                }
                (None, Some(order)) => {
                    // Named after its order: `order-0003` holds `res-0003`, then `res-0003-2`.
                    let base = match order.strip_prefix("order-") {
                        Some(number) => format!("res-{number}"),
                        None => order.to_string(),
                    };
                    let id = match Name::parse(&base) {
                        Ok(alone) if !self.taken(customer, &alone) => alone,
                        _ => self.continued_id(customer, &base),
                    };
                    (id, order.clone())
                }
            },
        }
    }

    /// The IDs of an exchange's new order and of the `count` reservations it buys.
    fn exchange_ids(&mut self, customer: usize, count: usize) -> (Name, Vec<Name>) {
        match self.ids {
            IdScheme::Counter => {
                let order = self.counted_id(customer, "order");
                let ids = (0..count).map(|_| self.counted_id(customer, "res")).collect();
                (order, ids)
            }
            IdScheme::ByOrder => self.numbered_order(customer, count),
        }
    }

    fn check_room(&self, more: usize) -> Result<(), Rejection> {
        if self.held + more > MAX_RESERVATIONS {
            return Err(Rejection::TooMany { what: Counted::Reservations, max: MAX_RESERVATIONS });
        }
        Ok(())
    }

    fn buy(
        &mut self,
        date: NaiveDate,
        actor: &Actor,
        customer: &str,
        new: &NewReservation,
    ) -> Result<Event, Rejection> {
        let at = self.customer_index(customer)?;
        let c = &self.customers[at];
        if let Actor::Customer { user, .. } = actor {
            if let Some(rejection) = c.purchase_refusal(user, &new.scope) {
                return Err(rejection);
            }
        }
        check_scope_subscription(c, &new.scope)?;
        let purchase_date = new.purchase_date.map_or(date, Date::get);
        if purchase_date > date {
            return Err(Rejection::Invalid(Invalid::PurchaseInTheFuture {
                latest: date,
                found: purchase_date,
            }));
        }
        if self.rate(c.currency).is_none() {
            return Err(Rejection::Invalid(Invalid::NoRate { currency: c.currency }));
        }
        if let Some(id) = &new.id {
            if c.position(id).is_some() {
                return Err(Rejection::AlreadyExists { what: Thing::Reservation, id: id.to_string() });
            }
        }
        self.check_room(1)?;

        let (id, order_id) = self.purchase_ids(at, new.id.as_ref(), new.order_id.as_ref());
        let bought_by =
            if matches!(actor, Actor::Customer { .. }) { Buyer::Customer } else { Buyer::Partner };
        let currency = self.customers[at].currency;
        let reservation = Reservation {
            id: id.clone(),
            order_id,
            family: new.family.clone(),
            service: new.service.as_ref().map(Name::to_string),
            sku: new.sku.shared(),
            region: new.region.shared(),
            quantity: new.quantity.get(),
            term: new.term,
            billing_plan: new.billing_plan,
            purchase_date,
            scope: new.scope.clone(),
            currency,
            unit_price: new.unit_price.get(),
            current_unit_price: new.current_unit_price.map(Amount::get),
            customer_unit_price: new.customer_unit_price.map(Amount::get),
            used: new.used,
            bought_by,
            origin: Origin::Purchase,
            display_name: new.display_name.as_ref().map(Name::to_string),
            status: Status::Active,
        };
        let event = Event::Bought {
            reservation: id.clone(),
            recorded: purchase_date < date,
            quantity: new.quantity.get(),
            sku: new.sku.clone(),
            family: new.family.clone(),
            term: new.term,
            billing_plan: new.billing_plan,
            currency,
            unit_price: new.unit_price.get(),
            purchase_date,
            by_customer: bought_by == Buyer::Customer,
        };
        self.add_reservation(at, reservation);
        Ok(event)
    }

    fn refund(
        &mut self,
        date: NaiveDate,
        customer: &str,
        reservation: &str,
        quantity: u32,
    ) -> Result<Event, Rejection> {
        let (c, r) = self.reservation_index(customer, reservation)?;
        let held = &self.customers[c].reservations[r];
        let rate = self
            .rate(held.currency)
            .ok_or(Rejection::Invalid(Invalid::NoRate { currency: held.currency }))?;
        let quote = quote_refund(held, quantity, date, &self.policy, rate, &self.customers[c].ledger);
        if !quote.is_allowed() {
            return Err(Rejection::RefundRefused { errors: quote.errors });
        }
        if self.customers[c].ledger.len() >= MAX_LEDGER_ENTRIES {
            return Err(Rejection::TooMany { what: Counted::LedgerEntries, max: MAX_LEDGER_ENTRIES });
        }
        self.check_room(1)?;
        let priced = quote.priced.expect("an allowed quote is priced");
        let successor = self.close(c, r, quantity, date, ClosedReason::Refunded);
        self.customers[c].ledger.record(LedgerEntry {
            date,
            usd: priced.canceled_commitment_usd.amount(),
            reason: EntryReason::Refund { reservation: reservation.to_string(), quantity },
        });
        Ok(Event::Canceled {
            reservation: reservation.to_string(),
            quantity,
            refund: priced.partner.refund,
            counted: priced.canceled_commitment_usd,
            successor,
        })
    }

    /// Closes units of a reservation: the whole of it, or part, in which case a successor in the
    /// same order holds what remains. Returns the successor's ID.
    fn close(
        &mut self,
        c: usize,
        r: usize,
        quantity: u32,
        date: NaiveDate,
        reason: ClosedReason,
    ) -> Option<String> {
        let held = self.customers[c].reservations[r].quantity;
        let successor = (quantity < held).then(|| {
            let base = self.customers[c].reservations[r].id.clone();
            let id = self.continuing_id(c, &base);
            let mut rest = self.customers[c].reservations[r].clone();
            rest.id = id.clone();
            rest.quantity = held - quantity;
            self.add_reservation(c, rest);
            id.to_string()
        });
        self.customers[c].reservations[r].status =
            Status::Closed { date, reason, successor: successor.clone(), exchanged_for: Vec::new() };
        successor
    }

    /// Checks and prices an exchange on `date` without applying it: the function the exchange
    /// command itself runs before it changes anything, so a page that previews a basket with it
    /// shows exactly what the command would do — the same totals, and the same refusal.
    ///
    /// `Err` is a refusal found before the basket can be priced (an unknown customer or
    /// reservation, a line returned twice, a purchase in another currency or on a subscription
    /// the customer does not have, too many lines, no rate). Otherwise the preview carries the
    /// priced quote (every amount, even when refused, so a person sees by how much it misses) and
    /// the refusal, if any, that applying the command would return. What every command is checked
    /// for before its handler runs (the date's order, the actor's role) is not repeated here.
    pub fn preview_exchange(
        &self,
        date: NaiveDate,
        customer: &str,
        returns: &[ReturnLine],
        purchases: &[Purchase],
    ) -> Result<ExchangePreview, Rejection> {
        let c = self.customer_index(customer)?;
        if returns.len() + purchases.len() > MAX_EXCHANGE_LINES {
            return Err(Rejection::TooMany { what: Counted::ExchangeLines, max: MAX_EXCHANGE_LINES });
        }
        let currency = self.customers[c].currency;
        let rate = self.rate(currency).ok_or(Rejection::Invalid(Invalid::NoRate { currency }))?;
        let mut returned = Vec::new();
        for line in returns {
            let (_, r) = self.reservation_index(customer, &line.reservation)?;
            if returned.iter().any(|(other, _)| *other == r) {
                return Err(Rejection::Invalid(Invalid::ReturnedTwice {
                    reservation: line.reservation.to_string(),
                }));
            }
            returned.push((r, line.quantity));
        }
        for p in purchases {
            if p.currency != currency {
                return Err(Rejection::Invalid(Invalid::PurchaseCurrency {
                    expected: currency,
                    found: p.currency,
                }));
            }
            check_scope_subscription(&self.customers[c], &p.scope)?;
        }
        let held = &self.customers[c];
        let lines: Vec<(&Reservation, u32)> =
            returned.iter().map(|(r, q)| (&held.reservations[*r], *q)).collect();
        let quote = quote_exchange(&lines, purchases, date, &self.policy, currency, rate, &held.ledger);
        let closing_remainders = returned.iter().filter(|(r, q)| *q < held.reservations[*r].quantity).count();
        let refusal = if !quote.errors.is_empty() {
            Some(Rejection::ExchangeRefused { errors: quote.errors.clone() })
        } else if let Err(too_many) = self.check_room(purchases.len() + closing_remainders) {
            Some(too_many)
        } else if self.policy.exchanges_count_toward_limit && held.ledger.len() >= MAX_LEDGER_ENTRIES {
            Some(Rejection::TooMany { what: Counted::LedgerEntries, max: MAX_LEDGER_ENTRIES })
        } else {
            None
        };
        Ok(ExchangePreview { quote, refusal, customer: c, returned })
    }

    fn exchange(
        &mut self,
        date: NaiveDate,
        customer: &str,
        returns: &[ReturnLine],
        purchases: &[Purchase],
    ) -> Result<Event, Rejection> {
        let preview = self.preview_exchange(date, customer, returns, purchases)?;
        if let Some(refusal) = preview.refusal {
            return Err(refusal);
        }
        let ExchangePreview { quote, customer: c, returned: indices, .. } = preview;
        let currency = self.customers[c].currency;

        for (r, quantity) in &indices {
            self.close(c, *r, *quantity, date, ClosedReason::Exchanged);
        }
        if self.policy.exchanges_count_toward_limit {
            self.customers[c].ledger.record(LedgerEntry {
                date,
                usd: quote.refunds_total_usd.amount(),
                reason: EntryReason::Exchange {
                    reservations: returns.iter().map(|l| l.reservation.to_string()).collect(),
                },
            });
        }
        let (order_id, ids) = self.exchange_ids(c, purchases.len());
        let origin = quote.purchase_origin();
        let mut bought = Vec::new();
        for (p, id) in purchases.iter().zip(ids) {
            bought.push(id.to_string());
            self.add_reservation(
                c,
                Reservation {
                    id,
                    order_id: order_id.clone(),
                    family: p.family.clone(),
                    service: p.service.as_ref().map(Name::to_string),
                    sku: p.sku.as_ref().map_or_else(|| "".into(), Name::shared),
                    region: p.region.as_ref().map_or_else(|| "".into(), Name::shared),
                    quantity: p.quantity.get(),
                    term: p.term,
                    billing_plan: p.billing_plan,
                    // The new term starts on the exchange date.
                    purchase_date: date,
                    scope: p.scope.clone(),
                    currency,
                    unit_price: p.unit_price.get(),
                    current_unit_price: None,
                    customer_unit_price: None,
                    used: false,
                    bought_by: Buyer::Partner,
                    origin,
                    display_name: None,
                    status: Status::Active,
                },
            );
        }
        for (r, _) in &indices {
            if let Status::Closed { exchanged_for, .. } = &mut self.customers[c].reservations[*r].status {
                exchanged_for.clone_from(&bought);
            }
        }
        Ok(Event::Exchanged {
            returned: returns.iter().map(|l| (l.quantity, l.reservation.to_string())).collect(),
            refunds_total: quote.refunds_total,
            bought,
            purchases_total: quote.purchases_total,
            net_payable: quote.net_payable,
            final_exchange: quote.final_exchange,
        })
    }

    fn renew(&mut self, date: NaiveDate, customer: &str, reservation: &str) -> Result<Event, Rejection> {
        let (c, r) = self.reservation_index(customer, reservation)?;
        let held = &self.customers[c].reservations[r];
        let not = |why| Rejection::NotRenewable { reservation: reservation.to_string(), why };
        if held.status != Status::Active {
            return Err(not(NotRenewable::Closed));
        }
        let term_end = held.term_dates().term_end;
        if date >= term_end {
            return Err(not(NotRenewable::TermEnded));
        }
        let renewed = self.customers[c].reservations.iter().any(|other| {
            other.origin == Origin::Renewal
                && other.order_id == held.order_id
                && other.purchase_date == term_end
                && other.sku == held.sku
        });
        if renewed {
            return Err(not(NotRenewable::AlreadyRenewed));
        }
        if crate::domain::calendar::TermDates::new(term_end, held.term).is_none() {
            return Err(not(NotRenewable::PastTheCalendar));
        }
        self.check_room(1)?;
        let mut renewal = self.customers[c].reservations[r].clone();
        renewal.id = match self.ids {
            IdScheme::Counter => self.counted_id(c, "res"),
            IdScheme::ByOrder => self.continued_id(c, reservation),
        };
        // A renewal is a new purchase starting when the term ends, at today's price where known.
        renewal.purchase_date = term_end;
        renewal.unit_price = renewal.current_unit_price.unwrap_or(renewal.unit_price);
        renewal.current_unit_price = None;
        renewal.used = false;
        renewal.origin = Origin::Renewal;
        let id = renewal.id.clone();
        self.add_reservation(c, renewal);
        Ok(Event::Renewed { reservation: reservation.to_string(), renewal: id.to_string(), from: term_end })
    }
}

/// A single-subscription or resource-group scope must name a subscription of the customer.
fn check_scope_subscription(customer: &Customer, scope: &Scope) -> Result<(), Rejection> {
    match scope {
        Scope::Single { subscription } | Scope::ResourceGroup { subscription, .. }
            if !customer.subscriptions.iter().any(|s| s.id == *subscription) =>
        {
            Err(Rejection::UnknownSubscription {
                customer: customer.id.to_string(),
                subscription: subscription.to_string(),
            })
        }
        _ => Ok(()),
    }
}
