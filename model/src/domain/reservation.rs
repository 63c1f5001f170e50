//! What a customer holds: reservations, with every field of policy.md §1. A `Reservation` is a
//! validated value: the edge (`request`, `scenario`) builds one only from checked input, so the
//! arithmetic never meets a zero quantity, a negative price or an unknown currency.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::Arc;

use serde::Serialize;

use crate::domain::calendar::{Term, TermDates};
use crate::domain::money::{Currency, Money};
use crate::domain::partner::Side;
use crate::domain::values::Name;

/// How a reservation is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BillingPlan {
    /// Paid once, at purchase.
    Upfront,
    /// The same total in 12 or 36 equal payments, one on the purchase day of each month.
    Monthly,
}

impl BillingPlan {
    /// Every plan, as the interface offers them.
    pub const ALL: [BillingPlan; 2] = [BillingPlan::Upfront, BillingPlan::Monthly];

    /// The name, as the Azure API and every format write it.
    pub fn name(self) -> &'static str {
        match self {
            BillingPlan::Upfront => "Upfront",
            BillingPlan::Monthly => "Monthly",
        }
    }
}

serialize_as_word!(BillingPlan, name);

/// A product family: exchanges stay inside one. Kept as a normalised lower-case name (`compute`,
/// `sql`, `cosmos_db`, ...) because Azure's list grows; the families whose rules differ are named
/// below. The name is shared when the family is cloned: every reservation of a book, and every
/// purchase in its activity log, holds its family.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductFamily(Arc<str>);

impl Serialize for ProductFamily {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// The families the interface offers, in the order it offers them.
pub const KNOWN_FAMILIES: &[&str] = &[
    "compute",
    "sql",
    "cosmos_db",
    "storage",
    "databricks",
    "synapse",
    "app_service",
    "red_hat",
    "suse",
    "pre_purchase",
];

/// Services whose reservations savings plans cover, for the 2027 exchange cut-off (policy.md
/// §2.2: "virtual machines, App Service, SQL Database and similar").
const SAVINGS_PLAN_FAMILIES: &[&str] = &["compute", "sql", "app_service"];

impl ProductFamily {
    /// Compute: virtual machines, dedicated host, App Service, VMware Solution.
    pub fn compute() -> ProductFamily {
        ProductFamily("compute".into())
    }

    /// A family from its name, normalised (`Cosmos DB`, `cosmos-db` and `cosmos_db` are one).
    /// `None` for an empty or over-long name, or one with characters other than letters, digits,
    /// spaces, `-` and `_`.
    pub fn parse(name: &str) -> Option<ProductFamily> {
        let trimmed = name.trim();
        if trimmed.is_empty()
            || trimmed.len() > 64
            || !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '_')
        {
            return None;
        }
        // A name already normal (as the engine writes it, and a stored book reads 20,000 of them)
        // is taken as it is.
        let normal: std::borrow::Cow<str> =
            if trimmed.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                trimmed.into()
            } else {
                trimmed
                    .chars()
                    .map(|c| match c {
                        ' ' | '-' => '_',
                        c => c.to_ascii_lowercase(),
                    })
                    .collect::<String>()
                    .into()
            };
        // A few spellings people use for the same family.
        let canonical = match normal.as_ref() {
            "virtual_machines" | "vm" | "vms" => Some("compute"),
            "sql_database" | "azure_sql" => Some("sql"),
            "cosmosdb" | "azure_cosmos_db" => Some("cosmos_db"),
            "redhat" | "red_hat_software" => Some("red_hat"),
            "suse_software" | "suse_linux" => Some("suse"),
            "prepurchase" | "pre_purchase_plan" => Some("pre_purchase"),
            _ => None,
        };
        Some(ProductFamily(canonical.unwrap_or(&normal).into()))
    }

    /// The normalised name.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// Red Hat and SUSE software plans and pre-purchase plans can be neither refunded nor
    /// exchanged (policy.md §2.2).
    pub fn is_self_service_returnable(&self) -> bool {
        !matches!(&*self.0, "red_hat" | "suse" | "pre_purchase")
    }

    /// Whether savings plans cover this family, so that the 2027 exchange cut-off applies to it.
    pub fn savings_plan_covered(&self, service: Option<&str>) -> bool {
        // Azure VMware Solution is compute, and exempt.
        SAVINGS_PLAN_FAMILIES.contains(&&*self.0) && service != Some("vmware_solution")
    }
}

impl fmt::Display for ProductFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a reservation's discount applies.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One subscription.
    Single {
        /// The subscription.
        subscription: Name,
    },
    /// One resource group of one subscription.
    ResourceGroup {
        /// The subscription.
        subscription: Name,
        /// The resource group.
        resource_group: Name,
    },
    /// Every subscription the partner bought for the customer (policy.md §4.3).
    Shared,
    /// A management group.
    ManagementGroup {
        /// The management group.
        management_group: Name,
    },
}

/// The kinds of scope, as a scope's `kind` field writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// [`Scope::Shared`].
    Shared,
    /// [`Scope::Single`].
    Single,
    /// [`Scope::ResourceGroup`].
    ResourceGroup,
    /// [`Scope::ManagementGroup`].
    ManagementGroup,
}

impl ScopeKind {
    /// Every kind, in the order readers list them.
    pub const ALL: [ScopeKind; 4] =
        [ScopeKind::Shared, ScopeKind::Single, ScopeKind::ResourceGroup, ScopeKind::ManagementGroup];

    /// The kind as every format writes it.
    pub fn name(self) -> &'static str {
        match self {
            ScopeKind::Shared => "shared",
            ScopeKind::Single => "single",
            ScopeKind::ResourceGroup => "resource_group",
            ScopeKind::ManagementGroup => "management_group",
        }
    }
}

serialize_as_word!(ScopeKind, name);

impl Scope {
    /// The scope's kind.
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::Shared => ScopeKind::Shared,
            Scope::Single { .. } => ScopeKind::Single,
            Scope::ResourceGroup { .. } => ScopeKind::ResourceGroup,
            Scope::ManagementGroup { .. } => ScopeKind::ManagementGroup,
        }
    }
}

/// An object tagged by `kind` (`{"kind": "single", "subscription": "sub-1"}`), as serde's
/// internally tagged derive wrote it, with the kind spelled by [`ScopeKind::name`].
impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = match self {
            Scope::Shared => 1,
            Scope::Single { .. } | Scope::ManagementGroup { .. } => 2,
            Scope::ResourceGroup { .. } => 3,
        };
        let mut s = serializer.serialize_struct("Scope", fields)?;
        s.serialize_field("kind", &self.kind())?;
        match self {
            Scope::Shared => {}
            Scope::Single { subscription } => s.serialize_field("subscription", subscription)?,
            Scope::ResourceGroup { subscription, resource_group } => {
                s.serialize_field("subscription", subscription)?;
                s.serialize_field("resource_group", resource_group)?;
            }
            Scope::ManagementGroup { management_group } => {
                s.serialize_field("management_group", management_group)?;
            }
        }
        s.end()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Single { subscription } => write!(f, "single subscription {subscription}"),
            Scope::ResourceGroup { subscription, resource_group } => {
                write!(f, "resource group {resource_group} in {subscription}")
            }
            Scope::Shared => f.write_str("shared"),
            Scope::ManagementGroup { management_group } => {
                write!(f, "management group {management_group}")
            }
        }
    }
}

/// Who bought a reservation. Either way only the partner may cancel, exchange, renew or re-scope
/// it (policy.md §2.2, "CSP-specific").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Buyer {
    /// The partner, on the customer's behalf.
    Partner,
    /// The customer itself, under the "Allow customer to purchase" permission.
    Customer,
}

/// How a reservation came to be, which decides what the 2027 exchange rules allow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A purchase.
    Purchase,
    /// A renewal of an expiring reservation: a new purchase on the renewal date.
    Renewal,
    /// Bought by an exchange.
    Exchange,
    /// Bought by a final exchange under the cut-off rules: it cannot be exchanged again.
    FinalExchange,
}

impl Buyer {
    /// Both buyers.
    pub const ALL: [Buyer; 2] = [Buyer::Partner, Buyer::Customer];

    /// The buyer as requests and quotes write it.
    pub fn name(self) -> &'static str {
        match self {
            Buyer::Partner => "partner",
            Buyer::Customer => "customer",
        }
    }
}

serialize_as_word!(Buyer, name);

impl Origin {
    /// Every origin.
    pub const ALL: [Origin; 4] = [Origin::Purchase, Origin::Renewal, Origin::Exchange, Origin::FinalExchange];

    /// The origin as requests and quotes write it.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Purchase => "purchase",
            Origin::Renewal => "renewal",
            Origin::Exchange => "exchange",
            Origin::FinalExchange => "final_exchange",
        }
    }
}

serialize_as_word!(Origin, name);

/// Whether a reservation still holds units.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Holds its units.
    Active,
    /// Closed by a refund, an exchange or a partial return (a successor holds what remains).
    Closed {
        /// The date it closed.
        date: NaiveDate,
        /// Why.
        reason: ClosedReason,
        /// The reservation that holds what remained, if any.
        successor: Option<String>,
        /// What an exchange that returned it bought: the reservations it became (empty for a
        /// refund).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        exchanged_for: Vec<String>,
    },
}

/// Why a reservation closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    /// Units were returned for money.
    Refunded,
    /// Units were returned in an exchange.
    Exchanged,
}

/// One reservation: every field of policy.md §1. It has no `Deserialize`: the only ways in are
/// the request reader and the workspace's commands, which validate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Reservation {
    /// The reservation ID.
    pub id: Name,
    /// The reservation order ID.
    pub order_id: Name,
    /// The product family.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it (`vmware_solution`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The SKU, e.g. `Standard_D2s_v5`.
    pub sku: Arc<str>,
    /// The Azure region, e.g. `westeurope`.
    pub region: Arc<str>,
    /// Units held.
    pub quantity: u32,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// The purchase date: the term's first day.
    pub purchase_date: NaiveDate,
    /// Where the discount applies.
    pub scope: Scope,
    /// The billing currency.
    pub currency: Currency,
    /// The partner's price of one unit: the whole term for Upfront, one payment for Monthly.
    pub unit_price: Decimal,
    /// Today's price of one unit, when known (a refund uses the lower of the two).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_unit_price: Option<Decimal>,
    /// The price the partner charges the customer for one unit, when it differs from its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_unit_price: Option<Decimal>,
    /// Whether the reservation has been used (matters inside a full-refund window that needs it
    /// unused). Unknown counts as used: an estimate must not promise more than it can.
    pub used: bool,
    /// Who bought it.
    pub bought_by: Buyer,
    /// How it came to be.
    pub origin: Origin,
    /// The name it was given (Azure's `displayName`), when it has one: kept by what continues it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Active, or closed.
    #[serde(flatten)]
    pub status: Status,
}

impl Reservation {
    /// The price of one unit on the side an actor sees: the partner's, or what the customer is
    /// charged, which is the partner's own price when no customer price is set.
    pub fn unit_price_on(&self, side: Side) -> Decimal {
        match side {
            Side::Partner => self.unit_price,
            Side::Customer => self.customer_unit_price.unwrap_or(self.unit_price),
        }
    }

    /// The term's dates (the edge checks that they are computable).
    pub fn term_dates(&self) -> TermDates {
        TermDates::new(self.purchase_date, self.term).expect("purchase dates are validated")
    }

    /// True while it holds units and `today` is inside its term.
    pub fn is_active_on(&self, today: NaiveDate) -> bool {
        self.status == Status::Active && self.term_dates().is_active_on(today)
    }

    /// The lifetime value of `quantity` units: price × quantity, times the payments when monthly.
    pub fn lifetime_value(&self, quantity: u32) -> Money {
        let payments = match self.billing_plan {
            BillingPlan::Upfront => 1,
            BillingPlan::Monthly => self.term.months(),
        };
        self.currency.round(self.unit_price * Decimal::from(quantity) * Decimal::from(payments))
    }
}
