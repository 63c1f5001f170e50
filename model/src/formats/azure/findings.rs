//! What an import says about what it read, as data: where each thing is in its file ([`Place`]),
//! why a reservation is not imported ([`SkipReason`]) and what was assumed or left out
//! ([`WarningKind`]). The CLI words them in `formats/plain.rs`; the page in its own languages.

use rust_decimal::Decimal;

use crate::domain::money::Currency;
use crate::domain::values::Date;
use crate::formats::input::{InputError, Problem};

/// A place in one file: the file's name and a path inside it, as JSON paths are written
/// (`value[17].properties.term`) or, in a CSV file, `line 3` and `line 3.Amount`. An empty path is
/// the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file's name, as given.
    pub file: String,
    /// Where inside it.
    pub path: String,
}

impl Place {
    /// `path` in `file`.
    pub fn new(file: &str, path: impl Into<String>) -> Place {
        Place { file: file.to_string(), path: path.into() }
    }

    /// A place under this one: `value[3]` and `properties.term` make `value[3].properties.term`.
    pub fn at(&self, key: &str) -> Place {
        let path = if self.path.is_empty() { key.to_string() } else { format!("{}.{key}", self.path) };
        Place { file: self.file.clone(), path }
    }

    /// The place an input error names, in `file`.
    pub fn of_error(file: &str, error: &InputError) -> Place {
        Place::new(file, error.path.clone())
    }
}

/// A reservation read but not imported, with why and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its reservation ID, when it could be read.
    pub id: Option<String>,
    /// Why it is not imported.
    pub reason: SkipReason,
    /// Where it is (for an unreadable one, the field that could not be read).
    pub place: Place,
}

/// Why a reservation is not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Cancelled (refunded, or returned in an exchange).
    Cancelled,
    /// Split into others (which are imported in its place when they are live).
    Split {
        /// The reservations it became (GUIDs, lower case).
        into: Vec<String>,
    },
    /// Merged into another.
    Merged {
        /// The reservation it became, when the file says.
        into: Option<String>,
    },
    /// Its term is over on the import's today.
    Expired {
        /// The day its term ended, when known (Azure's state `Expired` does not say).
        term_end: Option<Date>,
    },
    /// In a state other than live (`Creating`, `Pending`, `PendingCapacity`, `Failed`, …).
    NotLive {
        /// The state as the file writes it (empty when it has none).
        state: String,
    },
    /// A term Reservoir does not model (`P5Y`, `None`).
    TermUnsupported {
        /// The term as written.
        found: String,
    },
    /// Neither its `purchaseDate` nor its order's `benefitStartTime` is there.
    NoPurchaseDate,
    /// Bought after the import's today.
    BoughtAfterToday {
        /// Its purchase date.
        purchase_date: Date,
    },
    /// A field that cannot be read (its place is the field's).
    Unreadable(Problem),
}

/// Something the import assumed, left out or found twice, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What.
    pub kind: WarningKind,
    /// Where.
    pub place: Place,
}

/// What a warning says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// No billing plan on the reservation nor on its order: imported as Upfront.
    NoBillingPlan,
    /// No `appliedScopeType`: imported with a shared scope.
    NoScope,
    /// An order whose term is not one Reservoir models (`"None"`): its reservations' own terms
    /// are used.
    OrderTerm {
        /// The term as written.
        found: String,
    },
    /// The same reservation again (IDs compared without regard to case): the first one read is
    /// kept.
    SameReservationTwice {
        /// Where it was read first.
        first: Place,
    },
    /// The same order again: the first one read is kept.
    SameOrderTwice {
        /// Where it was read first.
        first: Place,
    },
    /// Orders that name no reservation of the files read (an orders page without its
    /// reservations list): nothing is imported from them.
    OrdersWithoutReservations {
        /// How many, in this file.
        count: usize,
    },
    /// A price in another currency than the customer's: not used.
    PriceInOtherCurrency {
        /// The price's currency.
        found: Currency,
        /// The customer's.
        expected: Currency,
    },
    /// A total that does not divide evenly by the order's quantity: the unit price is rounded to
    /// the currency's minor unit.
    PriceRounded {
        /// The total.
        total: Decimal,
        /// The order's quantity.
        quantity: u32,
        /// The unit price used.
        unit_price: Decimal,
    },
    /// A refund in another currency than USD: not added to the refund-limit ledger (the limit is
    /// in USD; record it by hand with its USD amount).
    RefundNotInUsd {
        /// Its currency.
        currency: Currency,
    },
    /// A refund dated after the import's today: not added.
    RefundAfterToday {
        /// Its date.
        date: Date,
    },
    /// A `Cancel` transaction (canceled future payments): not added to the ledger, which counts
    /// each refund's canceled commitment from the refund itself.
    CancelNotCounted,
    /// A transaction of a type other than Purchase, Refund, Cancel and Exchange: ignored.
    UnknownEvent {
        /// The type as written.
        found: String,
    },
    /// A record (an order, a transaction) with a field that cannot be read: ignored.
    Unreadable(Problem),
}
