//! A customer's book as Azure's exports describe it, read whole before anything changes: which
//! files were read, the reservations to import (each with where its price came from, or none),
//! those skipped and why, what was assumed, and the refunds for the refund-limit ledger. Then the
//! commands that add it to a workspace ([`AzureBook::plan`]), or a scenario file
//! ([`AzureBook::scenario`]); reservations and refunds already there are not added again.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::domain::calendar::{Term, TermDates};
use crate::domain::limits::{MAX_IMPORT_FILE_BYTES, MAX_IMPORT_RESERVATIONS, MAX_RESERVATIONS};
use crate::domain::money::Currency;
use crate::domain::partner::Actor;
use crate::domain::policy::{PackId, Policy};
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Amount, Date, Name, Note, Quantity};
use crate::formats::azure::findings::{Place, SkipReason, Skipped, Warning, WarningKind};
use crate::formats::azure::orders::{self, AzureOrder};
use crate::formats::azure::paths::key;
use crate::formats::azure::price_sheet::{self, PriceRow};
use crate::formats::azure::recognise::{csv_kind, json_kind, resources, syntax, FileKind, Syntax};
use crate::formats::azure::reservations::{self, AzureReservation};
use crate::formats::azure::table::Table;
use crate::formats::azure::transactions::{self, AzureTransaction, EventType};
use crate::formats::decode::not_json;
use crate::formats::input::{InputError, Problem};
use crate::simulation::command::{Command, DatedCommand, NewReservation, SubscriptionKind};
use crate::simulation::scenario::{Scenario, ScenarioFormat};
use crate::simulation::workspace::Workspace;

/// One file to read: its name (for every place the import names) and its text.
#[derive(Clone, Copy, Debug)]
pub struct AzureFile<'a> {
    /// The file's name, as the partner knows it.
    pub name: &'a str,
    /// Its whole text.
    pub text: &'a str,
}

/// Why files cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzureError {
    /// A file that is none of the kinds an import reads.
    NotAnExport {
        /// Its name.
        file: String,
    },
    /// A file that cannot be read: not JSON or CSV all through, over the size limit, or a price
    /// sheet's cell (the error's path is inside the file; empty for the whole file).
    Unreadable {
        /// Its name.
        file: String,
        /// What, and where inside it.
        error: InputError,
    },
    /// Text that is neither JSON nor CSV the reader can split.
    MalformedCsv {
        /// Its name.
        file: String,
        /// The CSV reader's own words.
        detail: String,
    },
    /// More reservations than one import takes.
    TooManyReservations {
        /// The most.
        max: usize,
        /// How many the files hold (counted up to the file that went past).
        found: usize,
    },
}

/// A file read, for the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRead {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: FileKind,
    /// Its records: resources of a JSON file, data rows of a CSV file.
    pub records: usize,
}

/// Where the customer's billing currency came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencySource {
    /// Given by the partner (or the customer's, for one the workspace has).
    Given,
    /// The first currency a price in the files is written in.
    Files,
    /// Neither: USD.
    Assumed,
}

/// Where a reservation's price came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceSource {
    /// Its order's `planInformation`: the first payment's billing-currency total divided by the
    /// order's quantity.
    OrderPlan(Place),
    /// The transactions file's Purchase row for its order, divided by the row's quantity.
    PurchaseTransaction(Place),
    /// The price sheet's row.
    PriceSheet(Place),
    /// Typed by the partner ([`AzureBook::set_price`]).
    Partner,
}

/// A unit's price (the whole term Upfront, one payment Monthly), in the book's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Price {
    /// The price.
    pub unit_price: Amount,
    /// Where it came from.
    pub source: PriceSource,
}

/// A live reservation to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookReservation {
    /// Its GUID, the reservation ID in Reservoir.
    pub id: Name,
    /// Its order's GUID, the order ID in Reservoir.
    pub order_id: Name,
    /// From `reservedResourceType`.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it.
    pub service: Option<Name>,
    /// `sku.name`.
    pub sku: Name,
    /// `location`.
    pub region: Name,
    /// `term`.
    pub term: Term,
    /// `billingPlan`, else its order's, else Upfront (with a warning).
    pub billing_plan: BillingPlan,
    /// `quantity`.
    pub quantity: Quantity,
    /// `purchaseDate`, else its order's `benefitStartTime`.
    pub purchase_date: Date,
    /// From `appliedScopeType` and `appliedScopeProperties`.
    pub scope: Scope,
    /// `displayName` (shown in the preview; the workspace keeps no display name).
    pub display_name: Option<Name>,
    /// `renew` (shown in the preview; a renewal is a command of its own in Reservoir).
    pub renew: bool,
    /// Its price, when a file (or the partner) gives one.
    pub price: Option<Price>,
    /// Where it is.
    pub place: Place,
}

impl BookReservation {
    /// The reservation a `buy` command records, when it has a price.
    pub fn new_reservation(&self) -> Option<NewReservation> {
        let price = self.price.as_ref()?;
        Some(NewReservation {
            id: Some(self.id.clone()),
            order_id: Some(self.order_id.clone()),
            family: self.family.clone(),
            service: self.service.clone(),
            sku: self.sku.clone(),
            region: self.region.clone(),
            term: self.term,
            billing_plan: self.billing_plan,
            quantity: self.quantity,
            unit_price: price.unit_price,
            current_unit_price: None,
            customer_unit_price: None,
            scope: self.scope.clone(),
            purchase_date: Some(self.purchase_date),
            used: false,
            display_name: self.display_name.clone(),
        })
    }
}

/// A refund from the transactions file, for the customer's refund-limit ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureRefund {
    /// Its day.
    pub date: Date,
    /// Its amount in USD.
    pub usd: Amount,
    /// Its order's GUID, when the row names one.
    pub order_id: Option<String>,
    /// Where it is.
    pub place: Place,
}

impl AzureRefund {
    /// The note its ledger entry carries: the order's Azure resource ID, so that the entry says
    /// where it came from in no particular language, and an import finds it again.
    pub fn note(&self) -> Note {
        let written = match &self.order_id {
            Some(order) => format!("/providers/Microsoft.Capacity/reservationOrders/{order}"),
            None => String::new(),
        };
        Note::parse(&written).unwrap_or_default()
    }
}

/// Everything the files say, for the preview: nothing has changed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureBook {
    /// The day the files were read for: live means live on it.
    pub today: Date,
    /// The customer's billing currency, in which prices are taken.
    pub currency: Currency,
    /// Where it came from.
    pub currency_source: CurrencySource,
    /// The files read, in the order given.
    pub files: Vec<FileRead>,
    /// The live reservations, in the order read.
    pub reservations: Vec<BookReservation>,
    /// The reservations not imported, with why.
    pub skipped: Vec<Skipped>,
    /// What was assumed, left out or found twice.
    pub warnings: Vec<Warning>,
    /// The refunds for the ledger.
    pub refunds: Vec<AzureRefund>,
}

/// What a file held, as read.
#[derive(Default)]
struct Records {
    reservations: Vec<Result<AzureReservation, Box<Skipped>>>,
    orders: Vec<AzureOrder>,
    transactions: Vec<AzureTransaction>,
    prices: Vec<PriceRow>,
}

impl AzureBook {
    /// Reads `files` for `today`, in `currency` when given (a customer the workspace already has
    /// is billed in its own). Nothing is refused for untidy data: a reservation or a row that
    /// cannot be read is listed with its place; only a file that is no export, cannot be read, is
    /// too large, or too many reservations in all, refuse the import.
    pub fn read(
        files: &[AzureFile],
        today: Date,
        currency: Option<Currency>,
    ) -> Result<AzureBook, AzureError> {
        let mut warnings = Vec::new();
        let mut read = Records::default();
        let mut files_read = Vec::with_capacity(files.len());
        for file in files {
            let (kind, records) = read_file(file, &mut read, &mut warnings)?;
            files_read.push(FileRead { name: file.name.to_string(), kind, records });
            if read.reservations.len() > MAX_IMPORT_RESERVATIONS {
                return Err(AzureError::TooManyReservations {
                    max: MAX_IMPORT_RESERVATIONS,
                    found: read.reservations.len(),
                });
            }
        }
        let (currency, currency_source) = match currency {
            Some(c) => (c, CurrencySource::Given),
            None => match first_currency(&read) {
                Some(c) => (c, CurrencySource::Files),
                None => (Currency::USD, CurrencySource::Assumed),
            },
        };
        let mut book = AzureBook {
            today,
            currency,
            currency_source,
            files: files_read,
            reservations: Vec::new(),
            skipped: Vec::new(),
            warnings,
            refunds: Vec::new(),
        };
        book.map(read);
        Ok(book)
    }

    /// Joins what was read: orders by ID, the first Purchase of each order, reservations (each
    /// once), then refunds.
    fn map(&mut self, read: Records) {
        let mut orders: HashMap<String, &AzureOrder> = HashMap::new();
        for order in &read.orders {
            if let Some(first) = orders.get(&key(&order.id)) {
                self.warnings.push(Warning {
                    kind: WarningKind::SameOrderTwice { first: first.place.clone() },
                    place: order.place.clone(),
                });
            } else {
                orders.insert(key(&order.id), order);
            }
        }
        let mut purchases: HashMap<&str, &AzureTransaction> = HashMap::new();
        for t in read.transactions.iter().filter(|t| t.event == EventType::Purchase) {
            if let Some(order) = &t.order_id {
                let earlier = purchases.get(order.as_str()).is_none_or(|first| t.date < first.date);
                if earlier {
                    purchases.insert(order, t);
                }
            }
        }
        let mut seen: HashMap<String, Place> = HashMap::new();
        let ordered: HashSet<String> =
            read.reservations.iter().filter_map(|r| r.as_ref().ok().map(|r| key(&r.order_id))).collect();
        for record in read.reservations {
            let (id, place) = match &record {
                Ok(r) => (Some(r.id.to_string()), r.place.clone()),
                Err(s) => (s.id.clone(), s.place.clone()),
            };
            if let Some(id) = id {
                if let Some(first) = seen.get(&key(&id)) {
                    self.warnings.push(Warning {
                        kind: WarningKind::SameReservationTwice { first: first.clone() },
                        place,
                    });
                    continue;
                }
                seen.insert(key(&id), place);
            }
            match record {
                Ok(live) => {
                    let order = orders.get(&key(&live.order_id)).copied();
                    let purchase = purchases.get(key(&live.order_id).as_str()).copied();
                    match self.reservation(live, order, purchase, &read.prices) {
                        Ok(r) => self.reservations.push(r),
                        Err(s) => self.skipped.push(*s),
                    }
                }
                Err(skipped) => self.skipped.push(*skipped),
            }
        }
        self.orders_without_reservations(&read.orders, &seen, &ordered);
        self.prices_in_other_currency(&read.prices);
        for t in &read.transactions {
            match t.event {
                EventType::Refund if t.currency != Currency::USD => self.warnings.push(Warning {
                    kind: WarningKind::RefundNotInUsd { currency: t.currency },
                    place: t.place.clone(),
                }),
                EventType::Refund if t.date > self.today => self.warnings.push(Warning {
                    kind: WarningKind::RefundAfterToday { date: t.date },
                    place: t.place.clone(),
                }),
                EventType::Refund => self.refunds.push(AzureRefund {
                    date: t.date,
                    usd: t.amount,
                    order_id: t.order_id.clone(),
                    place: t.place.clone(),
                }),
                EventType::Cancel => self
                    .warnings
                    .push(Warning { kind: WarningKind::CancelNotCounted, place: t.place.clone() }),
                EventType::Purchase | EventType::Exchange => {}
            }
        }
    }

    /// One live reservation, with its order's plan, date and price; or why it is skipped.
    fn reservation(
        &mut self,
        live: AzureReservation,
        order: Option<&AzureOrder>,
        purchase: Option<&AzureTransaction>,
        prices: &[PriceRow],
    ) -> Result<BookReservation, Box<Skipped>> {
        let skip =
            |reason| Box::new(Skipped { id: Some(live.id.to_string()), reason, place: live.place.clone() });
        let at = |key: &str| live.properties.at(key);
        let billing_plan = match live.billing_plan.or(order.and_then(|o| o.billing_plan)) {
            Some(plan) => plan,
            None => {
                self.warnings.push(Warning { kind: WarningKind::NoBillingPlan, place: at("billingPlan") });
                BillingPlan::Upfront
            }
        };
        let Some(purchase_date) = live.purchase_date.or(order.and_then(|o| o.benefit_start)) else {
            return Err(skip(SkipReason::NoPurchaseDate));
        };
        if purchase_date > self.today {
            return Err(skip(SkipReason::BoughtAfterToday { purchase_date }));
        }
        let Some(term) = TermDates::new(purchase_date.get(), live.term) else {
            return Err(Box::new(Skipped {
                id: Some(live.id.to_string()),
                reason: SkipReason::Unreadable(Problem::TermEndsNowhere),
                place: at("purchaseDate"),
            }));
        };
        if term.term_end <= self.today.get() {
            return Err(skip(SkipReason::Expired { term_end: Date::new(term.term_end).ok() }));
        }
        let mut reservation = BookReservation {
            id: live.id,
            order_id: live.order_id,
            family: live.family,
            service: live.service,
            sku: live.sku,
            region: live.region,
            term: live.term,
            billing_plan,
            quantity: live.quantity,
            purchase_date,
            scope: live.scope,
            display_name: live.display_name,
            renew: live.renew,
            price: None,
            place: live.place,
        };
        reservation.price = self.price(&reservation, order, purchase, prices);
        Ok(reservation)
    }

    /// The first price found: the order's first payment, the order's Purchase transaction, the
    /// price sheet.
    fn price(
        &mut self,
        r: &BookReservation,
        order: Option<&AzureOrder>,
        purchase: Option<&AzureTransaction>,
        prices: &[PriceRow],
    ) -> Option<Price> {
        if let Some((payment, quantity)) =
            order.and_then(|o| Some((o.first_payment.as_ref()?, o.original_quantity.filter(|q| *q > 0)?)))
        {
            if let Some(unit_price) =
                self.unit_price(payment.amount, payment.currency, quantity, &payment.place)
            {
                return Some(Price { unit_price, source: PriceSource::OrderPlan(payment.place.clone()) });
            }
        }
        if let Some(t) = purchase {
            let quantity = t.quantity.or(order.and_then(|o| o.original_quantity)).filter(|q| *q > 0);
            if let Some(unit_price) = self.unit_price(t.amount, t.currency, quantity.unwrap_or(1), &t.place) {
                return Some(Price { unit_price, source: PriceSource::PurchaseTransaction(t.place.clone()) });
            }
        }
        price_sheet::find(prices, &r.sku, &r.region, r.term, r.billing_plan, self.currency).map(|row| Price {
            unit_price: row.unit_price,
            source: PriceSource::PriceSheet(row.place.clone()),
        })
    }

    /// One warning per price-sheet row that would have priced a reservation left without a price,
    /// had it been written in the book's currency: the partner sees why the sheet priced nothing
    /// (a USD sheet for a customer billed in EUR).
    fn prices_in_other_currency(&mut self, prices: &[PriceRow]) {
        // Extended, not collected: collecting a set sorts its items with its own copy of the
        // standard sort (see `domain::order`); inserting them one by one needs none.
        let mut rows = BTreeSet::new();
        rows.extend(self.reservations.iter().filter(|r| r.price.is_none()).filter_map(|r| {
            price_sheet::find_in_other_currency(
                prices,
                &r.sku,
                &r.region,
                r.term,
                r.billing_plan,
                self.currency,
            )
        }));
        for at in rows {
            let row = &prices[at];
            self.warnings.push(Warning {
                kind: WarningKind::PriceInOtherCurrency { found: row.currency, expected: self.currency },
                place: row.place.clone(),
            });
        }
    }

    /// `total / quantity` in the book's currency, rounded to its minor unit (with a warning when
    /// that changes it); `None`, with a warning, for a total in another currency.
    fn unit_price(
        &mut self,
        total: Amount,
        currency: Currency,
        quantity: u32,
        place: &Place,
    ) -> Option<Amount> {
        if currency != self.currency {
            self.warnings.push(Warning {
                kind: WarningKind::PriceInOtherCurrency { found: currency, expected: self.currency },
                place: place.clone(),
            });
            return None;
        }
        let exact = total.get() / rust_decimal::Decimal::from(quantity);
        let rounded = currency.round(exact).amount();
        if rounded != exact {
            self.warnings.push(Warning {
                kind: WarningKind::PriceRounded { total: total.get(), quantity, unit_price: rounded },
                place: place.clone(),
            });
        }
        Amount::new(rounded).ok()
    }

    /// One warning per file of orders none of whose reservations any file holds.
    fn orders_without_reservations(
        &mut self,
        orders: &[AzureOrder],
        seen: &HashMap<String, Place>,
        ordered: &HashSet<String>,
    ) {
        let mut by_file: Vec<(String, usize)> = Vec::new();
        for order in orders {
            if ordered.contains(&key(&order.id)) || order.reservations.iter().any(|r| seen.contains_key(r)) {
                continue;
            }
            match by_file.iter_mut().find(|(file, _)| *file == order.place.file) {
                Some((_, count)) => *count += 1,
                None => by_file.push((order.place.file.clone(), 1)),
            }
        }
        for (file, count) in by_file {
            self.warnings.push(Warning {
                kind: WarningKind::OrdersWithoutReservations { count },
                place: Place::new(&file, ""),
            });
        }
    }

    /// Sets the price the partner typed for reservation `index` (of [`AzureBook::reservations`]),
    /// in the book's currency; `false` when there is no such reservation.
    pub fn set_price(&mut self, index: usize, unit_price: Amount) -> bool {
        match self.reservations.get_mut(index) {
            Some(r) => {
                r.price = Some(Price { unit_price, source: PriceSource::Partner });
                true
            }
            None => false,
        }
    }

    /// The reservations without a price, with their positions.
    pub fn unpriced(&self) -> impl Iterator<Item = (usize, &BookReservation)> {
        self.reservations.iter().enumerate().filter(|(_, r)| r.price.is_none())
    }

    /// The reservations without a price, grouped as a price sheet's row would price them (SKU,
    /// region, term, plan; SKU and region without regard to case), in the order first met: one
    /// price typed for a group prices all of it.
    pub fn unpriced_groups(&self) -> Vec<UnpricedGroup> {
        let mut groups: Vec<UnpricedGroup> = Vec::new();
        let mut by_key: HashMap<(String, String, Term, BillingPlan), usize> = HashMap::new();
        for (index, r) in self.unpriced() {
            let group_key = (key(&r.sku), key(&r.region), r.term, r.billing_plan);
            let at = *by_key.entry(group_key).or_insert_with(|| {
                groups.push(UnpricedGroup {
                    sku: r.sku.clone(),
                    region: r.region.clone(),
                    term: r.term,
                    billing_plan: r.billing_plan,
                    reservations: Vec::new(),
                    units: 0,
                });
                groups.len() - 1
            });
            groups[at].reservations.push(index);
            groups[at].units += r.quantity.get();
        }
        groups
    }

    /// The commands that add this book to `workspace` for `customer` (added when absent, named
    /// `name` or its ID, billed in the book's currency), dated the book's today: subscriptions its
    /// scopes name, every priced reservation the workspace does not hold yet (IDs compared without
    /// regard to case, across all customers), the refunds its ledger lacks. A non-USD currency
    /// needs a rate: the workspace's, else `usd_per_unit`.
    pub fn plan(
        &self,
        workspace: &Workspace,
        customer: &Name,
        name: Option<&Name>,
        usd_per_unit: Option<Amount>,
    ) -> Result<ImportPlan, PlanError> {
        let existing = workspace.customer(customer);
        if let Some(c) = existing {
            if c.currency != self.currency {
                return Err(PlanError::CurrencyDiffers { customer: c.currency, book: self.currency });
            }
        }
        let held: HashMap<String, &Name> = workspace
            .customers
            .iter()
            .flat_map(|c| c.reservations.iter().map(move |r| (key(&r.id), &c.id)))
            .collect();
        let mut plan = ImportPlan::default();
        let mut buys = Vec::new();
        for (index, r) in self.reservations.iter().enumerate() {
            if let Some(holder) = held.get(&key(&r.id)) {
                plan.already_there.push(AlreadyThere { reservation: index, customer: (*holder).clone() });
            } else if let Some(new) = r.new_reservation() {
                buys.push(new);
            } else {
                plan.unpriced += 1;
            }
        }
        let found = workspace.reservation_count() + buys.len();
        if found > MAX_RESERVATIONS {
            return Err(PlanError::TooManyReservations { max: MAX_RESERVATIONS, found });
        }
        let command = |command| DatedCommand { date: self.today, actor: Actor::admin_agent(), command };
        if existing.is_none() {
            plan.customer_added = true;
            plan.commands.push(command(Command::AddCustomer {
                customer: customer.clone(),
                name: name.cloned().unwrap_or_else(|| customer.clone()),
                currency: self.currency,
            }));
        }
        if !buys.is_empty() && workspace.rate(self.currency).is_none() {
            match usd_per_unit {
                Some(rate) => plan
                    .commands
                    .push(command(Command::SetRate { currency: self.currency, usd_per_unit: rate })),
                None => return Err(PlanError::NeedsRate { currency: self.currency }),
            }
        }
        let mut subscriptions: HashSet<&str> =
            existing.map(|c| c.subscriptions.iter().map(|s| s.id.as_str()).collect()).unwrap_or_default();
        for new in &buys {
            let subscription = match &new.scope {
                Scope::Single { subscription } | Scope::ResourceGroup { subscription, .. } => subscription,
                Scope::Shared | Scope::ManagementGroup { .. } => continue,
            };
            if subscriptions.insert(subscription.as_str()) {
                plan.subscriptions_added += 1;
                plan.commands.push(command(Command::AddSubscription {
                    customer: customer.clone(),
                    subscription: subscription.clone(),
                    kind: SubscriptionKind::AzurePlan,
                    bought_by_partner: true,
                }));
            }
        }
        plan.reservations_added = buys.len();
        plan.commands.extend(
            buys.into_iter()
                .map(|new| command(Command::Buy { customer: customer.clone(), reservation: Box::new(new) })),
        );
        // A refund is there when the ledger has an entry of the same day, amount and note not
        // already matched by another refund of the book.
        let mut ledger: Vec<(chrono::NaiveDate, rust_decimal::Decimal, String)> = existing
            .map(|c| {
                c.ledger
                    .entries()
                    .iter()
                    .filter_map(|e| match &e.reason {
                        crate::domain::ledger::EntryReason::Earlier { note } => {
                            Some((e.date, e.usd, note.clone()))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for refund in &self.refunds {
            let note = refund.note();
            let entry = (refund.date.get(), refund.usd.get(), note.to_string());
            if let Some(at) = ledger.iter().position(|e| *e == entry) {
                ledger.swap_remove(at);
                plan.refunds_already_there += 1;
                continue;
            }
            plan.refunds_added += 1;
            plan.commands.push(command(Command::RecordEarlierRefund {
                customer: customer.clone(),
                refund_date: refund.date,
                usd: refund.usd,
                note,
            }));
        }
        Ok(plan)
    }

    /// The book as a scenario file of its own (what `reservoir import` prints): [`AzureBook::plan`]
    /// against an empty workspace under `azure-2026`, written as `reservoir.scenario/1` (every ID
    /// is named, so the version's ID rule never applies).
    pub fn scenario(
        &self,
        customer: &Name,
        name: Option<&Name>,
        usd_per_unit: Option<Amount>,
    ) -> Result<(Scenario, ImportPlan), PlanError> {
        let policy = Policy::pack(PackId::Azure2026);
        let plan = self.plan(&Workspace::new(policy.clone()), customer, name, usd_per_unit)?;
        let scenario =
            Scenario { format: ScenarioFormat::V1, today: None, policy, commands: plan.commands.clone() };
        Ok((scenario, plan))
    }
}

/// Reservations without a price that one price would price: the same SKU, region, term and plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnpricedGroup {
    /// The SKU, as the first of them writes it.
    pub sku: Name,
    /// The region, as the first of them writes it.
    pub region: Name,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// Their positions in [`AzureBook::reservations`].
    pub reservations: Vec<usize>,
    /// Their units, all together.
    pub units: u32,
}

/// What adding a book to a workspace does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// The commands, in order: to apply as one step.
    pub commands: Vec<DatedCommand>,
    /// Whether the customer is added.
    pub customer_added: bool,
    /// Subscriptions added (those the scopes name that the customer lacks).
    pub subscriptions_added: usize,
    /// Reservations added.
    pub reservations_added: usize,
    /// Reservations the workspace already holds, not added again.
    pub already_there: Vec<AlreadyThere>,
    /// Reservations left out for want of a price.
    pub unpriced: usize,
    /// Refunds added to the ledger.
    pub refunds_added: usize,
    /// Refunds the ledger already holds.
    pub refunds_already_there: usize,
}

/// A reservation of the book that the workspace already holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlreadyThere {
    /// Its position in [`AzureBook::reservations`].
    pub reservation: usize,
    /// The customer holding it.
    pub customer: Name,
}

/// Why a book cannot be added to a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// The customer exists, billed in another currency than the book's prices.
    CurrencyDiffers {
        /// The customer's.
        customer: Currency,
        /// The book's.
        book: Currency,
    },
    /// A non-USD currency without a rate to USD.
    NeedsRate {
        /// The currency.
        currency: Currency,
    },
    /// The workspace would hold more reservations than it may.
    TooManyReservations {
        /// The most.
        max: usize,
        /// How many it would hold.
        found: usize,
    },
}

/// Reads one file into `read`: its kind and how many records it holds.
fn read_file(
    file: &AzureFile,
    read: &mut Records,
    warnings: &mut Vec<Warning>,
) -> Result<(FileKind, usize), AzureError> {
    let unreadable = |error: InputError| AzureError::Unreadable { file: file.name.to_string(), error };
    if file.text.len() > MAX_IMPORT_FILE_BYTES {
        return Err(unreadable(InputError::new(
            "",
            Problem::TooBig { max_bytes: MAX_IMPORT_FILE_BYTES, found_bytes: file.text.len() },
        )));
    }
    let not_an_export = || AzureError::NotAnExport { file: file.name.to_string() };
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    match syntax(text) {
        Syntax::Json => {
            let root = crate::formats::json::parse(text)
                .map_err(|e| unreadable(InputError::new("", not_json(&e))))?;
            let kind = json_kind(&root).ok_or_else(not_an_export)?;
            let items = resources(&root);
            match kind {
                FileKind::Reservations => {
                    for (item, path) in &items {
                        read.reservations.push(reservations::read(
                            item,
                            &Place::new(file.name, path.clone()),
                            warnings,
                        ));
                    }
                }
                FileKind::Orders => {
                    for (item, path) in &items {
                        match orders::read(item, &Place::new(file.name, path.clone()), warnings) {
                            Ok(order) => read.orders.push(order),
                            Err(error) => warnings.push(Warning {
                                place: Place::of_error(file.name, &error),
                                kind: WarningKind::Unreadable(error.problem),
                            }),
                        }
                    }
                }
                FileKind::TransactionsJson => {
                    read.transactions.extend(transactions::from_json(&items, file.name, warnings))
                }
                _ => return Ok((FileKind::Empty, 0)),
            }
            Ok((kind, items.len()))
        }
        Syntax::Csv => {
            let table = Table::read(text)
                .map_err(|detail| AzureError::MalformedCsv { file: file.name.to_string(), detail })?;
            let kind = csv_kind(&table.header).ok_or_else(not_an_export)?;
            if kind == FileKind::PriceSheet {
                read.prices.extend(price_sheet::read(&table, file.name).map_err(unreadable)?);
            } else {
                read.transactions.extend(transactions::from_csv(&table, file.name, warnings));
            }
            Ok((kind, table.rows.len()))
        }
    }
}

/// The first currency a price in the files is written in: an order's first payment, a purchase,
/// a price sheet's row.
fn first_currency(read: &Records) -> Option<Currency> {
    read.orders
        .iter()
        .find_map(|o| o.first_payment.as_ref().map(|p| p.currency))
        .or_else(|| read.transactions.iter().find(|t| t.event == EventType::Purchase).map(|t| t.currency))
        .or_else(|| read.prices.first().map(|p| p.currency))
}
