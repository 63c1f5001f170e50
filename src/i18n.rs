//! The one translation layer: every string a person sees, and every number, amount and date as
//! the locale writes it. English now; French and Swedish add a column to `strings!` and a branch to
//! each formatter, and the compiler lists every string they still lack.

use chrono::{Datelike, NaiveDate};
use reservoir::activity::{Event, Style};
use reservoir::breakdown::Item;
use reservoir::calendar::Term;
use reservoir::command::{Rejection, SubscriptionKind};
use reservoir::exchange::ExchangeError;
use reservoir::money::{Currency, Money};
use reservoir::partner::{Actor, Role};
use reservoir::policy::{CapCounts, PriceBasis};
use reservoir::quote::RefundError;
use reservoir::quote_json::{exchange_error_code as code_of, exchange_error_message};
use reservoir::reservation::{BillingPlan, Buyer, Origin, ProductFamily, Scope};
use rust_decimal::Decimal;

macro_rules! strings {
    ($($key:ident => $en:expr,)*) => {
        /// A string of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            fn en(self) -> &'static str {
                match self { $(Key::$key => $en,)* }
            }
        }
    };
}

/// The string for `key` in the current locale.
pub fn t(key: Key) -> &'static str {
    key.en()
}

strings! {
    ActingAs => "Acting as",
    Actions => "Actions",
    Active => "Active",
    ActivityIntro => "Every change, dated with the simulated day and the role that made it. Append-only: an undo removes the last entry with its change.",
    ActivityLog => "Activity log",
    AddCustomer => "Add customer",
    AddPurchase => "Add a purchase",
    AddReturn => "Also return",
    AddSubscription => "Add subscription",
    AddUser => "Add user",
    AllowCustomerToPurchase => "Allow customer to purchase (Azure reservations)",
    Allowed => "Allowed",
    AmountUsd => "Amount (USD)",
    ApplyCustomPolicy => "Apply these parameters",
    AssignOwner => "Give Owner role",
    AtLeastOneDay => "expected at least 1 day",
    AtLeastOneUnit => "expected at least 1 unit",
    AzureGlobal => "Azure Global",
    AzurePlan => "Azure plan",
    BackToCustomer => "Back to the customer",
    BackToCustomers => "Back to the customer list",
    BillingCurrency => "Billing currency",
    BillingPlan => "Billing plan",
    Bought => "Bought",
    BoughtBy => "Bought by",
    BoughtByPartner => "Bought by the partner",
    Breadcrumbs => "Breadcrumbs",
    Breakdown => "How the numbers are made",
    Buy => "Buy",
    BuyHint => "Leave the purchase date empty to buy today; give an earlier date to record a reservation bought before.",
    BuyOrRecord => "Buy or record a reservation",
    By => "By",
    Cancel => "Cancel",
    CancelUnits => "Cancel these units",
    CanceledCommitment => "Canceled commitment counted toward the limit",
    CapCountsLabel => "counting toward the limit:",
    Closed => "Closed",
    ClosedOn => "Closed on",
    ComesBack => "When used amounts come back",
    CompareHint => "The same refund, on the what-if date, under the 2020 rules, today's Azure policy and the policy in force.",
    CompareTitle => "Compare policies side by side",
    ConflictExplain => "Another tab saved changes while this tab had changes of its own. Nothing has been overwritten: choose which version to keep. The other one is kept aside in this browser, and can be downloaded.",
    ConflictTitle => "Two tabs changed Reservoir at the same time",
    DownloadOtherTab => "Download the other tab's version",
    KeepThisTab => "Keep this tab's version",
    OtherTabUnreadable => "Another tab saved data this tab cannot read, so it was not loaded:",
    UpdatedFromOtherTab => "Updated with changes made in another tab.",
    UseOtherTab => "Use the other tab's version",
    ChooseFile => "A scenario file (.json)",
    Customer => "Customer",
    DownloadCsv => "Download CSV",
    Export => "Export",
    ExportCustomer => "Download this customer",
    ExportHint => "A scenario file holds every dated action, so it replays to exactly this workspace; reservoir simulate reads the same file. A customer's file holds its actions and the rates and policies they were made under.",
    ExportWorkspace => "Download the whole workspace",
    FileIs => "the file is",
    FileLimit => "Reservoir imports files of at most",
    Import => "Import",
    ImportAdd => "Add to what is here",
    ImportAdded => "Imported and added to what was here. Undo takes it back out.",
    ImportExport => "Import & export",
    ImportExportIntro => "Your workspace lives only in this browser. Download it to keep it, move it to another machine, or share it; read a file back in to continue.",
    ImportHint => "Nothing changes until the whole file has been checked. Adding merges its actions with yours by date; replacing puts the file in place of everything here. Both can be undone.",
    ImportProblems => "problems; nothing was imported:",
    ImportReplace => "Replace everything here",
    ImportReplaced => "Replaced with the file's workspace. Undo brings back what was here.",
    ImportedActions => "actions",
    Manage => "Manage",
    Renew => "Renew",
    RenewHint => "Renewing buys the same reservation again from the day this term ends, at today's price where one is set. The scope applies to this reservation's discount.",
    SharedScope => "Shared (all the customer's subscriptions)",
    SingleSubscription => "Single subscription:",
    RecordEarlierRefundHint => "Refunds made before this workspace knew the customer still count toward its limit for 365 days. A wrong entry is corrected by a new one, never edited.",
    RecordRefund => "Record",
    RefundDate => "Refund date",
    Note => "Note",
    LedgerTitle => "Refund-limit ledger",
    CorrectEntry => "Cancel this entry",
    Kind2 => "What",
    CorrectedByPartner => "Corrected by the partner",
    Correction => "Correction of",
    RecordedEarlier => "Recorded:",
    Refunded => "Refund of",
    Copied => "Copied",
    Copy => "Copy",
    CopyDraft => "Copy the draft",
    CopyRequest => "Copy the request",
    CurrentUnitPrice => "Current unit price",
    CustomerNotFound => "No such customer",
    CustomerUnitPrice => "Customer's unit price (optional)",
    CustomerUsers => "Customer users",
    Customers => "Customers",
    CustomersIntro => "Each customer's USD 50,000 refund limit at a glance: used in the rolling window, left, and when money next comes back.",
    Date => "Date",
    Delete => "Delete",
    DemoLoaded => "Demo data loaded: five customers billed in USD, EUR, GBP and SEK. Undo brings back what was there.",
    Details => "Details",
    Dismiss => "Dismiss",
    Documented => "documented",
    DownloadStoredData => "Download the stored data",
    EnterPurchasePrice => "Enter the unit price of what is bought to see netPayable and whether the exchange is allowed.",
    EarliestFit => "Earliest date it fits",
    Exchange => "Exchange",
    ExchangeHint => "Return units of one or more reservations and buy new ones of the same family. What is bought must be worth at least the remaining commitment returned; the new terms start today.",
    ExchangeNow => "Exchange",
    ExpectedDate => "expected a date",
    ExpectedWholeUnits => "expected a whole number of units, found",
    ExportSession => "Download everything",
    Family => "Product family",
    Fee => "Early termination fee",
    Figure => "Figure",
    Filter => "Filter",
    FinalExchangeNote => "This is a final exchange: what it buys cannot be exchanged again.",
    Id => "ID",
    InForce => "in force",
    KeptByMicrosoft => "Kept by Microsoft",
    Kind => "Kind",
    LimitChartTitle => "Refund limit used over time (USD)",
    LimitLeft => "Limit left",
    LimitLeftAfter => "Limit left after",
    LimitOverTime => "Limit over time",
    LimitUsed => "Limit used",
    LoadDemo => "Load demo data",
    MainNavigation => "Main",
    Name => "Name",
    NetPayable => "Net payable",
    NeverWithinTerm => "not within the term",
    Next => "Next",
    NextMoneyBack => "Next money back",
    No => "No",
    NoCustomersYet => "No customers yet. Add one below, or load the demo data from the top bar.",
    NotRefundableThatDay => "not refundable that day",
    NothingToChart => "Nothing to chart.",
    NothingToUndo => "Nothing to undo.",
    Observed => "observed, not documented",
    Of => "of",
    OpenReservations => "Open reservations",
    Operation => "Operation",
    OrderHistory => "Order history",
    OrderId => "Reservation order ID",
    Origin => "Origin",
    OtherKind => "Other",
    Outcome => "Outcome",
    OwedToCustomer => "Owed to the customer",
    OwnerOn => "Owner on",
    OwnerOnShort => "Owner on",
    Page => "Page",
    PanicMessage => "Reservoir hit an internal error and stopped. Your data is safe in this browser's storage: reload the page to continue.",
    Parameter => "Parameter",
    Partner => "Partner",
    Payments => "Payments",
    PercentRange => "expected a percent from 0 to 100",
    PermissionNeedsSubscription => "Needs an Azure plan or Azure Global subscription bought by the partner first.",
    PermissionRoleRule => "Only an Admin agent can turn this on or off; Sales agents and Helpdesk agents see it read-only. Each switch is logged as Create or Delete Customer Purchase Permissions.",
    PlanFits => "Fits today; it would add",
    PlannedRefund => "What would a refund do?",
    Policy => "Policy",
    PolicyInForce => "Policy in force:",
    PolicyIntro => "Packs are data: the 2020 Partner Center rules, Azure's public policy today, or your own parameters. Values marked observed come from recorded API responses, not from any current article.",
    Previous => "Previous",
    Properties => "Properties",
    PrereqOwner => "A customer user holds the Owner role on such a subscription (without it, the customer's purchase fails)",
    PrereqSubscription => "An Azure plan or Azure Global subscription bought by the partner",
    PurchaseDate => "Purchase date",
    PurchaseDateOptional => "Purchase date (empty: today)",
    PurchasePermission => "Customer permission to buy",
    PurchasesTotal => "Purchases total",
    Quantity => "Quantity",
    RateMissing => "No rate yet: set one before buying.",
    Reading => "Reservoir's reading",
    RecoveryExplain => "Reservoir found data in this browser that it cannot read. It has not changed it. Download it to keep it, then start fresh when you are ready.",
    RecoveryTitle => "Your stored data could not be opened",
    RefundInUsd => "Refund in USD",
    RefundLimit => "Refund limit",
    RefundOfAllUnits => "Refund of all units",
    RefundQuote => "Refund quote",
    RefundToPartner => "Refund from Microsoft to the partner",
    RefundValue => "Refund value",
    RefundValueChartTitle => "Refund value over the remaining term",
    RefundValueOn => "Refund value on",
    RefundsTotal => "Refunds total",
    Refused => "Refused:",
    Region => "Region",
    RemainingCommitment => "Remaining commitment canceled",
    Remove => "Remove",
    RemoveOwner => "Remove Owner role on",
    Rename => "Rename",
    ReproduceHint => "The same quote from the command line: save this request and run reservoir quote request.json.",
    ReproduceWithCli => "Reproduce with reservoir quote",
    Reservation => "Reservation",
    ReservationId => "Reservation ID",
    ReservationNotFound => "No such reservation",
    Reservations => "Reservations",
    ReservationsShown => "shown",
    ResetScenario => "Reset scenario",
    Returned => "Returned",
    SameAsPartner => "same as the partner's",
    Save => "Save",
    ScenarioReset => "Scenario reset: nothing left. Undo brings it back.",
    Scope => "Scope",
    ShowClosed => "Show closed",
    Sku => "SKU",
    Source => "Source",
    StartFresh => "Start fresh",
    Status => "Status",
    StorageFailed => "Changes could not be saved in this browser.",
    StorageFull => "This browser's storage is full: changes are no longer saved.",
    StorageKeptInMemory => "Everything is kept in this tab until you close it; download it to keep it.",
    SubscriptionId => "Subscription ID",
    Subscriptions => "Subscriptions",
    SupportRequestDraft => "Support request draft",
    SupportRequestHint => "The 2020 way: a support request from the customer's reservation, with the IDs Microsoft support asks for.",
    Term => "Term",
    TermAndPlan => "Term · plan",
    TermEnds => "Term ends",
    Today => "Today",
    TodayInvalid => "Today must be a date between 2000 and 2100.",
    TodayIsNow => "Simulated today is now",
    TodaySimulated => "Today (simulated)",
    TotalPaid => "Total paid so far",
    TotalRefundValue => "Total refund value:",
    Undo => "Undo",
    Undone => "Undone.",
    Unit => "Unit",
    UnitPrice => "Unit price",
    UnitPriceHint => "Unit price (whole term upfront; one payment monthly)",
    UnitsToReturn => "Units to return",
    Unknown => "unknown",
    UsdRate => "Rate:",
    Use => "Use",
    Used => "Used",
    User => "User",
    UsersAndOwners => "Users and Owner roles",
    Value => "Value",
    WhatIfDate => "What-if date",
    WithPlannedRefund => "With the planned refund",
    Yes => "Yes",
}

/// A decimal with thousands separators, as written in English: `1,234.5`.
pub fn number(value: Decimal) -> String {
    grouped(&value.to_string())
}

/// Thousands separators on a plain decimal string.
fn grouped(text: &str) -> String {
    let text = text.to_string();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, text),
    };
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}{}{}",
        if negative { "−" } else { "" },
        grouped,
        fraction.map(|f| format!(".{f}")).unwrap_or_default()
    )
}

/// An amount with its currency code, always: `USD 1,234.56`.
pub fn money(m: Money) -> String {
    // The engine's own string keeps exactly the currency's minor-unit digits (12.50, not 12.5).
    format!("{} {}", m.currency().code(), grouped(&m.amount_string()))
}

/// A date as English readers expect it: `21 Nov 2026`.
pub fn date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// A role's name.
pub fn role(r: Role) -> &'static str {
    r.name()
}

/// Who acted.
pub fn actor(a: &Actor) -> String {
    match a {
        Actor::Partner { role } => format!("Partner · {}", role.name()),
        Actor::Customer { customer, user } => format!("Customer {customer} · {user}"),
    }
}

/// A term.
pub fn term(t: Term) -> String {
    match t {
        Term::P1Y => "1 year".into(),
        Term::P3Y => "3 years".into(),
    }
}

/// A billing plan.
pub fn plan(p: BillingPlan) -> String {
    match p {
        BillingPlan::Upfront => "Upfront".into(),
        BillingPlan::Monthly => "Monthly".into(),
    }
}

/// A product family's name.
pub fn family(name: &str) -> String {
    match name {
        "compute" => "Compute".into(),
        "sql" => "SQL".into(),
        "cosmos_db" => "Cosmos DB".into(),
        "storage" => "Storage".into(),
        "databricks" => "Databricks".into(),
        "synapse" => "Synapse Analytics".into(),
        "app_service" => "App Service".into(),
        "red_hat" => "Red Hat software plan".into(),
        "suse" => "SUSE software plan".into(),
        "pre_purchase" => "Pre-purchase plan".into(),
        other => other.replace('_', " "),
    }
}

/// Who bought a reservation.
pub fn buyer(b: Buyer) -> &'static str {
    match b {
        Buyer::Partner => "Partner",
        Buyer::Customer => "Customer",
    }
}

/// How a reservation came to be.
pub fn origin(o: Origin) -> &'static str {
    match o {
        Origin::Purchase => "Purchase",
        Origin::Renewal => "Renewal",
        Origin::Exchange => "Bought by an exchange",
        Origin::FinalExchange => "Bought by a final exchange (cannot be exchanged again)",
    }
}

/// A scope.
pub fn scope(s: &Scope) -> String {
    match s {
        Scope::Single { subscription } => format!("Single subscription: {subscription}"),
        Scope::ResourceGroup { subscription, resource_group } => {
            format!("Resource group {resource_group} in {subscription}")
        }
        Scope::Shared => "Shared".into(),
        Scope::ManagementGroup { management_group } => format!("Management group {management_group}"),
    }
}

/// A subscription's kind.
pub fn subscription_kind(k: SubscriptionKind) -> &'static str {
    match k {
        SubscriptionKind::AzurePlan => "Azure plan",
        SubscriptionKind::AzureGlobal => "Azure Global",
        SubscriptionKind::Other => "Other",
    }
}

/// What counts toward the limit.
pub fn cap_counts(c: CapCounts) -> &'static str {
    match c {
        CapCounts::CanceledCommitment => "refund + canceled future payments (the article)",
        CapCounts::RefundOnly => "the refund only (recorded API responses)",
    }
}

/// Which price a refund is computed from.
pub fn price_basis(p: PriceBasis) -> &'static str {
    match p {
        PriceBasis::LowerOfPurchaseAndCurrent => "lower of purchase and current price",
        PriceBasis::Purchase => "purchase price",
    }
}

/// A policy parameter's name.
pub fn parameter(key: &str) -> &'static str {
    match key {
        "refund_limit_usd" => "Refund limit",
        "refund_window_days" => "Rolling window",
        "cap_counts" => "What counts toward the limit",
        "fee_percent" => "Early termination fee",
        "fee_free_days" => "Fee-free days after purchase",
        "full_refund_window_days" => "Full-refund window (empty: none)",
        "full_refund_requires_unused" => "Full refund needs the reservation unused",
        "price_basis" => "Price a refund uses",
        "exchange_same_family_only" => "Exchanges stay within one family",
        "exchange_minimum_value" => "Exchanges must buy at least the value returned",
        "exchanges_count_toward_limit" => "Exchanges count toward the limit",
        "exchange_cutoff_date" => "Exchange cut-off date (empty: none)",
        _ => "",
    }
}

/// The activity log's name for what happened.
pub fn operation(e: &Event) -> &'static str {
    // English uses the engine's names, which for the permission switch are Partner Center's own.
    e.operation()
}

/// What happened, in a sentence, with amounts, dates and names as the page writes them. The
/// engine's sentence is English; French and Swedish will write their own from the same `Event`.
pub fn event(e: &Event) -> String {
    e.sentence(&Locale)
}

/// The locale's way of writing the values of a sentence.
struct Locale;

impl Style for Locale {
    fn money(&self, m: Money) -> String {
        money(m)
    }
    fn price(&self, currency: Currency, amount: Decimal) -> String {
        format!("{} {}", currency.code(), number(amount))
    }
    fn date(&self, d: NaiveDate) -> String {
        date(d)
    }
    fn scope(&self, s: &Scope) -> String {
        scope(s)
    }
    fn family(&self, f: &ProductFamily) -> String {
        family(f.name())
    }
    fn term(&self, t: Term) -> String {
        term(t)
    }
    fn plan(&self, p: BillingPlan) -> String {
        plan(p)
    }
    fn subscription_kind(&self, k: SubscriptionKind) -> String {
        subscription_kind(k).into()
    }
}

/// A breakdown line's label.
pub fn breakdown_label(item: &Item) -> String {
    item.label()
}

/// A refund refusal, for a person: made here from the error's numbers, so amounts and dates are
/// written as the locale writes them (the engine's own message serves the command line).
pub fn refund_error(e: &RefundError) -> String {
    match e {
        RefundError::RefundLimitExceeded { consumed, limit, requested, excess, earliest_fit } => format!(
            "This refund would add {} to the {} already counted, over the {} limit by {}. {}",
            money(*requested),
            money(*consumed),
            money(*limit),
            money(*excess),
            match earliest_fit {
                Some(d) => format!("It would fit on {} as things stand.", date(*d)),
                None => "It does not fit on any later day of the term as things stand.".into(),
            }
        ),
        RefundError::ReservationNotActive { purchase_date, term_end, today } => format!(
            "On {} the reservation is not active: its term runs from {} to the day before {}, and it must still hold units.",
            date(*today),
            date(*purchase_date),
            date(*term_end)
        ),
        other => other.message(),
    }
}

/// An exchange refusal's code.
pub fn exchange_error_code(e: &ExchangeError) -> &'static str {
    code_of(e)
}

/// An exchange refusal, for a person, with amounts written as the locale writes them.
pub fn exchange_error(e: &ExchangeError) -> String {
    match e {
        ExchangeError::ExchangeValueTooLow { refunds_total, purchases_total, shortfall } => format!(
            "What is bought ({}) is worth less than the remaining commitment returned ({}): buy at least {} more.",
            money(*purchases_total),
            money(*refunds_total),
            money(*shortfall)
        ),
        other => exchange_error_message(other),
    }
}

/// Any refusal of a command, for a person.
pub fn rejection(r: &Rejection) -> String {
    match r {
        Rejection::RefundRefused { errors } => errors.iter().map(refund_error).collect::<Vec<_>>().join(" "),
        Rejection::ExchangeRefused { errors } => {
            errors.iter().map(exchange_error).collect::<Vec<_>>().join(" ")
        }
        other => other.message(),
    }
}
