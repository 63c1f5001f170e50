//! The one translation layer: every string a person sees, and every number, amount and date as
//! the locale writes it. English now; French and Swedish add a column to `strings!` and a branch to
//! each formatter, and the compiler lists every string they still lack.

use chrono::{Datelike, NaiveDate};
use reservoir::app::queries::WorkspaceSize;
use reservoir::app::session::Undoable;
use reservoir::domain::breakdown::{Item, PriceChoice, PriceUsed, UsdOf};
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::ExchangeError;
use reservoir::domain::money::{Currency, Money};
use reservoir::domain::partner::{ActionKind, Actor, Fact, NotAllowed, Role};
use reservoir::domain::policy::{CapCounts, Policy, PriceBasis, Provenance};
use reservoir::domain::quote::RefundError;
use reservoir::domain::refund::ReturnError;
use reservoir::domain::reservation::{BillingPlan, Buyer, Origin, Reservation, Scope};
use reservoir::domain::values::{self, NumberWriting, ValueError};
use reservoir::formats::input::{Expected, Found, InputError, Many, Problem};
use reservoir::formats::quote_json::exchange_error_code as code_of;
use reservoir::simulation::activity::Event;
use reservoir::simulation::command::{
    Counted, Invalid, NotRenewable, Rejection, SubscriptionKind, Thing, Unchanged,
};
use reservoir::simulation::scenario::Replacement;
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
    AllCustomers => "All customers",
    AllowCustomerToPurchase => "Allow customer to purchase (Azure reservations)",
    Allowed => "Allowed",
    AmountUsd => "Amount (USD)",
    ApplyCustomPolicy => "Apply these parameters",
    AssignOwner => "Give Owner role",
    AzureGlobal => "Azure Global",
    AzurePlan => "Azure plan",
    BackToCustomer => "Back to the customer",
    BackToCustomers => "Back to the customer list",
    BackToToday => "Back to today",
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
    CanceledPayments => "Canceled future payments",
    CanceledPaymentsHelp => "The payments still to come that cancelling stops: for a monthly plan every payment after the current one; zero for an upfront reservation. In the billing currency, at the partner's price (a customer's user sees its own).",
    CapCountsLabel => "counting toward the limit:",
    Closed => "Closed",
    ClosedOn => "Closed on",
    ColumnsHelp => "What the value columns mean",
    ComesBack => "When used amounts come back",
    CompareHint => "The same refund, on the date chosen here (today unless you pick another), under the 2020 rules, today's Azure policy and the policy in force.",
    CompareTitle => "Compare policies side by side",
    ConfirmCanUndo => "Undo can bring it back, even after the page is closed and opened again.",
    ConfirmCannotUndo => "This cannot be undone: what is here is too large for Undo to keep. Export it first to keep a copy.",
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
    ImportAddedStep => "Import added to what was here",
    ImportExport => "Import & export",
    ImportExportIntro => "Your workspace lives only in this browser. Download it to keep it, move it to another machine, or share it; read a file back in to continue.",
    ImportHint => "Nothing changes until the whole file has been checked. Adding merges its actions with yours by date; replacing puts the file in place of everything here. Both can be undone.",
    ImportClashes => "clashes if added to what is here; the file can replace the whole workspace instead (below):",
    ImportProblems => "problems; nothing was imported:",
    ImportReplace => "Replace everything here",
    ImportReplaced => "Replaced with the file's workspace. Undo brings back what was here.",
    ImportReplacedStep => "Import in place of what was here",
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
    CountsTowardLimit => "Counts toward the limit (USD)",
    CurrentUnitPrice => "Current unit price",
    CustomerHidden => "Another customer",
    CustomerNotFound => "No such customer",
    CustomerSaves => "Customer saves",
    CustomerSavesHelp => "What cancelling saves the customer: the refund it is owed plus the future payments it no longer makes, both at its own price (the partner's when no customer price is set), in the billing currency.",
    CustomerUnitPrice => "Customer's unit price (optional)",
    CustomerUsers => "Customer users",
    Customers => "Customers",
    CustomersIntro => "Each customer's refund limit at a glance: used in the rolling window, left, and when money next comes back.",
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
    ExchangedFor => "Exchanged for",
    ExportSession => "Download everything",
    Family => "Product family",
    Fee => "Early termination fee",
    Figure => "Figure",
    Filter => "Filter",
    FinalExchangeNote => "This is a final exchange: what it buys cannot be exchanged again.",
    FullRefundRule => "Full refund",
    Id => "ID",
    InForce => "in force",
    KeptByMicrosoft => "Kept by Microsoft",
    Kind => "Kind",
    LimitChartTitle => "Refund limit used over time (USD)",
    LimitLeft => "Limit left",
    LimitLeftAfter => "Limit left after",
    LimitLeftThatDay => "Limit left that day",
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
    NoRateToValue => "no USD rate: set one to value it",
    NotRefundable => "not refundable",
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
    PartnerOnlyDetails => "Shown to the partner only",
    Payments => "Payments",
    PermissionNeedsSubscription => "Needs an Azure plan or Azure Global subscription bought by the partner first.",
    PermissionRoleRule => "Only an Admin agent can turn this on or off; Sales agents and Helpdesk agents see it read-only. Each switch is logged as Create or Delete Customer Purchase Permissions.",
    PlanFits => "Fits today; it would add",
    PlannedRefund => "What would a refund do?",
    Policy => "Policy",
    PolicyInForce => "Policy in force:",
    PolicyIntro => "Packs are data: the 2020 Partner Center rules, Azure's public policy today, or your own parameters. Values marked observed come from recorded API responses, not from any current article.",
    Previous => "Previous",
    ProRatedRule => "Pro-rated",
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
    RefundCashBack => "Refund",
    RefundCashBackHelp => "Cash paid back now, at the partner's price (a customer's user sees its own): for an upfront reservation, the price of the days left; for a monthly plan, only the current payment's days left.",
    RefundInUsd => "Refund in USD",
    RefundLimit => "Refund limit",
    RefundQuote => "Refund quote",
    RefundToPartner => "Refund from Microsoft to the partner",
    RefundValueChartTitle => "What cancelling all units saves and counts toward the limit, against the limit left, over the remaining term (USD)",
    RefundsTotal => "Refunds total",
    Refused => "Refused:",
    Region => "Region",
    RemainingCommitment => "Remaining commitment canceled",
    RemainingUnitsIn => "Its remaining units continue in",
    Remove => "Remove",
    RemoveOwner => "Remove Owner role on",
    Removed => "removed",
    Rename => "Rename",
    ReplaceWithDemo => "Replace with the demo",
    ReproduceHint => "The same quote from the command line: save this request and run reservoir quote request.json.",
    ReproduceWithCli => "Reproduce with reservoir quote",
    Reservation => "Reservation",
    ReservationId => "Reservation ID",
    ReservationNotFound => "No such reservation",
    Reservations => "Reservations",
    ReservationsShown => "shown",
    ResetScenario => "Reset scenario",
    Returned => "Returned",
    Rule => "Rule",
    SameAsPartner => "same as the partner's",
    Save => "Save",
    SavesChartTitle => "What cancelling all units saves, over the remaining term (USD)",
    SavesPartner => "What cancelling saves (refund + canceled future payments)",
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
    SupportRequestRefused => "No request is drafted: support would be asked for a refund the policy refuses.",
    Term => "Term",
    TermAndPlan => "Term · plan",
    TermEnds => "Term ends",
    Today => "Today",
    TodayInvalid => "Today must be a date between 2000 and 2100.",
    TodayIsNow => "Simulated today is now",
    TodaySimulated => "Today (simulated)",
    TotalPaid => "Total paid so far",
    Totals => "Totals",
    TotalsHint => "Totals of the reservations that can be cancelled; one that cannot (closed, not refundable) counts in none.",
    Undo => "Undo",
    Undone => "Undone:",
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
    ValuesOn => "Values on",
    WhatCancellingDoes => "What cancelling all units does",
    WhatIfDate => "What-if date",
    WhatItCounts => "What it counts toward the limit",
    WithPlannedRefund => "With the planned refund",
    Yes => "Yes",
}

/// A decimal with thousands separators, as written in English: `1,234.5`.
pub fn number(value: Decimal) -> String {
    grouped(&value.to_string())
}

/// A whole number with thousands separators: `20,000`.
pub fn count(value: u64) -> String {
    grouped(&value.to_string())
}

/// How this language writes numbers; forms read typed amounts the same way
/// (`Amount::parse_written`), so a figure copied from the page is taken back as written.
pub const NUMBERS: NumberWriting = NumberWriting { decimal_mark: '.', group_marks: &[','] };

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
            grouped.push(NUMBERS.group_marks[0]);
        }
        grouped.push(c);
    }
    format!(
        "{}{}{}",
        if negative { "−" } else { "" },
        grouped,
        fraction.map(|f| format!("{}{f}", NUMBERS.decimal_mark)).unwrap_or_default()
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

/// A role's name, as Partner Center writes it in this language.
pub fn role(r: Role) -> &'static str {
    match r {
        Role::AdminAgent => "Admin agent",
        Role::GlobalAdmin => "Global admin",
        Role::HelpdeskAgent => "Helpdesk agent",
        Role::SalesAgent => "Sales agent",
        Role::UserManagementAdmin => "User management admin",
    }
}

/// A policy's name: its pack's (`csp-2020`, `azure-2026`, names not translated), or "custom"
/// once a parameter differs from the pack.
pub fn policy_name(p: &Policy) -> &'static str {
    if p.customized() {
        "custom"
    } else {
        p.base.name()
    }
}

/// Who acted.
pub fn actor(a: &Actor) -> String {
    match a {
        Actor::Partner { role: r } => format!("Partner · {}", role(*r)),
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

/// What put a whole scenario in force, as the button that did it is named.
pub fn replacement(r: Replacement) -> &'static str {
    t(match r {
        Replacement::Demo => Key::LoadDemo,
        Replacement::Reset => Key::ResetScenario,
        Replacement::ImportAdded => Key::ImportAddedStep,
        Replacement::ImportReplaced => Key::ImportReplacedStep,
    })
}

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
        Some(object) => format!("{}: {} · {object}", t(Key::Undo), undo_what(u)),
        None => format!("{}: {}", t(Key::Undo), undo_what(u)),
    }
}

/// What an event acted on, in a few words, so that Undo names it: "1 unit of contoso-vm-d4",
/// "contoso", "USD 1,000.00". `None` when the operation's name says it all (a policy).
fn event_object(e: &Event) -> Option<String> {
    let units_of =
        |quantity: u32, reservation: &str| format!("{} {} {reservation}", units(quantity), t(Key::Of));
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
        Event::Bought { reservation, quantity, .. } | Event::Canceled { reservation, quantity, .. } => {
            units_of(*quantity, reservation)
        }
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
        Undoable::Command(entry) => {
            format!("{} {} — {}", t(Key::Undone), operation(&entry.event), event(&entry.event))
        }
        Undoable::Scenario(r) => {
            format!("{} {}. Back: {}.", t(Key::Undone), replacement(*r), workspace_size(now))
        }
    }
}

/// "5 customers, 11 reservations and 39 recorded actions"; "an empty workspace".
pub fn workspace_size(size: WorkspaceSize) -> String {
    if size.is_empty() {
        return "an empty workspace".into();
    }
    let some = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{} {many}", count(n as u64))
        }
    };
    format!(
        "{}, {} and {}",
        some(size.customers, "customer", "customers"),
        some(size.reservations, "reservation", "reservations"),
        some(size.recorded_actions, "recorded action", "recorded actions"),
    )
}

/// The question before a scenario replaces what is here, naming what would be lost.
pub fn confirm_question(r: Replacement, size: WorkspaceSize) -> String {
    let size = workspace_size(size);
    match r {
        Replacement::Demo => format!("Replace {size} with the demo?"),
        Replacement::Reset => format!("Remove {size} and start again with an empty workspace?"),
        Replacement::ImportReplaced => format!("Replace {size} with the file's workspace?"),
        Replacement::ImportAdded => format!("Add the file's actions to {size}?"),
    }
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

/// The activity log's name for what happened (for the permission switch, Partner Center's own
/// operation names, which partners know from its activity log).
pub fn operation(e: &Event) -> &'static str {
    match e {
        Event::CustomerAdded { .. } => "Add customer",
        Event::CustomerRenamed { .. } => "Rename customer",
        Event::CustomerRemoved { .. } => "Remove customer",
        Event::RateSet { .. } => "Set exchange rate",
        Event::PolicySet { .. } => "Set policy",
        Event::SubscriptionAdded { .. } => "Add subscription",
        Event::UserAdded { .. } => "Add user",
        Event::OwnerAssigned { .. } => "Assign Owner role",
        Event::OwnerRemoved { .. } => "Remove Owner role",
        Event::PurchasePermissionSet { allowed: true, .. } => "Create Customer Purchase Permissions",
        Event::PurchasePermissionSet { allowed: false, .. } => "Delete Customer Purchase Permissions",
        Event::Bought { .. } => "Purchase reservation",
        Event::CurrentPriceSet { .. } => "Set current price",
        Event::UsageSet { .. } => "Set usage",
        Event::Canceled { .. } => "Cancel reservation",
        Event::Exchanged { .. } => "Exchange reservations",
        Event::ScopeChanged { .. } => "Change scope",
        Event::Renewed { .. } => "Renew reservation",
        Event::EarlierRefundRecorded { .. } => "Record earlier refund",
        Event::LedgerEntryCorrected { .. } => "Correct ledger entry",
    }
}

/// "1 unit", "3 units": the plural is the language's business.
fn units(n: u32) -> String {
    if n == 1 {
        "1 unit".to_string()
    } else {
        format!("{} units", count(u64::from(n)))
    }
}

/// An amount of money that is not a [`Money`] (a unit price, a rate, a ledger amount, a chart's
/// scale), written the way [`money`] writes money: its currency code and at least the currency's
/// minor-unit digits, `USD 20,000.00` (never `USD 20,000` beside it). Digits past the minor unit
/// that the amount really has stay (a unit price of `EUR 0.123456`): writing never rounds.
pub fn price(currency: Currency, amount: Decimal) -> String {
    let mut shown = amount.normalize();
    if shown.scale() < currency.minor_unit_digits() {
        shown.rescale(currency.minor_unit_digits());
    }
    format!("{} {}", currency.code(), number(shown))
}

/// What happened, in a sentence, written here from the event's data with amounts, dates and names
/// as the page writes them (the command line has its own plain sentences in the engine's
/// `formats::plain`).
pub fn event(e: &Event) -> String {
    match e {
        Event::CustomerAdded { customer, name, currency } => {
            format!("Added customer {name} ({customer}), billed in {}.", currency.code())
        }
        Event::CustomerRenamed { customer, old, new } => {
            format!("Renamed customer {customer} from {old} to {new}.")
        }
        Event::CustomerRemoved { customer, name, reservations: 1 } => {
            format!("Removed customer {name} ({customer}) with 1 reservation.")
        }
        Event::CustomerRemoved { customer, name, reservations } => {
            format!("Removed customer {name} ({customer}) with {} reservations.", count(*reservations as u64))
        }
        Event::RateSet { currency, usd_per_unit } => {
            format!("1 {} = {}.", currency.code(), price(Currency::USD, *usd_per_unit))
        }
        Event::PolicySet { base, customized } => {
            format!("Policy {} in force.", if *customized { "custom" } else { base.name() })
        }
        Event::SubscriptionAdded { customer, subscription, kind } => {
            format!("Added subscription {subscription} ({}) to {customer}.", subscription_kind(*kind))
        }
        Event::UserAdded { customer, user } => format!("Added user {user} to {customer}."),
        Event::OwnerAssigned { user, subscription } => format!("{user} is now Owner on {subscription}."),
        Event::OwnerRemoved { user, subscription } => format!("{user} is no longer Owner on {subscription}."),
        Event::PurchasePermissionSet { customer, allowed: true } => {
            format!("Allowed customer {customer} to purchase Azure reservations.")
        }
        Event::PurchasePermissionSet { customer, allowed: false } => {
            format!("Stopped customer {customer} from purchasing Azure reservations.")
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
        } => format!(
            "{reservation}: {} {} × {sku} ({}, {}, {}) on {}{}, {} per unit.",
            if *recorded { "recorded" } else { "bought" },
            count(u64::from(*quantity)),
            family(f.name()),
            term(*tm),
            plan(*billing_plan),
            date(*purchase_date),
            if *by_customer { " by the customer" } else { "" },
            price(*currency, *unit_price),
        ),
        Event::CurrentPriceSet { reservation, currency, price: Some(p) } => {
            format!("Today's unit price of {reservation} set to {}.", price(*currency, *p))
        }
        Event::CurrentPriceSet { reservation, price: None, .. } => {
            format!("Today's unit price of {reservation} cleared: refunds use the purchase price.")
        }
        Event::UsageSet { reservation, used: true } => format!("{reservation} marked used."),
        Event::UsageSet { reservation, used: false } => format!("{reservation} marked unused."),
        Event::Canceled { reservation, quantity, refund, counted, successor } => format!(
            "Returned {} of {reservation}: refund {}; {} counted toward the limit.{}",
            units(*quantity),
            money(*refund),
            money(*counted),
            successor.as_ref().map_or(String::new(), |id| format!(" The remaining units continue as {id}.")),
        ),
        Event::Exchanged {
            returned,
            refunds_total,
            bought,
            purchases_total,
            net_payable,
            final_exchange,
        } => format!(
            "Returned {} for {}; bought {} for {}; net payable {}.{}",
            returned.iter().map(|(n, id)| format!("{} of {id}", units(*n))).collect::<Vec<_>>().join(", "),
            money(*refunds_total),
            bought.join(", "),
            money(*purchases_total),
            money(*net_payable),
            if *final_exchange { " A final exchange: what it bought cannot be exchanged again." } else { "" },
        ),
        Event::ScopeChanged { reservation, old, new } => {
            format!("Scope of {reservation} changed from {} to {}.", scope(old), scope(new))
        }
        Event::Renewed { reservation, renewal, from } => {
            format!("{reservation} renews as {renewal} from {}.", date(*from))
        }
        Event::EarlierRefundRecorded { usd, refund_date } => {
            format!("Recorded a refund of {} made on {}.", price(Currency::USD, *usd), date(*refund_date))
        }
        Event::LedgerEntryCorrected { entry, usd, note } => {
            format!("Canceled ledger entry #{entry} ({}): {note}", price(Currency::USD, *usd))
        }
    }
}

/// "1 payment", "12 payments".
fn payments(n: u32) -> String {
    if n == 1 {
        "1 payment".to_string()
    } else {
        format!("{} payments", count(u64::from(n)))
    }
}

/// Which unit price a pro-rated line used, naming both prices the policy's rule chose from.
fn price_used(price: &PriceChoice) -> String {
    match (price.basis, price.current, price.used) {
        (_, None, _) => "at the purchase price (no current price is set)".into(),
        (_, Some(_), PriceUsed::Current) => {
            format!("at the current price, lower than the purchase price {}", number(price.purchase))
        }
        (PriceBasis::LowerOfPurchaseAndCurrent, Some(current), PriceUsed::Purchase) => {
            format!("at the purchase price, not above the current price {}", number(current))
        }
        (PriceBasis::Purchase, Some(current), PriceUsed::Purchase) => {
            format!("at the purchase price (the policy does not use the current price {})", number(current))
        }
    }
}

/// Where a rule comes from, as the policy page's badges say it.
pub fn provenance(p: Provenance) -> &'static str {
    match p {
        Provenance::Documented => t(Key::Documented),
        Provenance::Observed => t(Key::Observed),
        Provenance::Reading => t(Key::Reading),
    }
}

/// What counts toward the limit under the policy in force, for the help of a "counts" column.
pub fn counted_help(counts: CapCounts) -> String {
    format!(
        "What cancelling adds to the customer's refund-limit counter, in USD, under the policy in force: {}.",
        cap_counts(counts)
    )
}

/// "on 30 Jul 2027 — not today": said beside every figure on another date than today.
pub fn not_today(d: NaiveDate) -> String {
    format!("on {} — not today", date(d))
}

/// The full-refund rule's headline: how many days the window is and how far to trust it.
pub fn full_refund_headline(window_days: u32, days_held: i64, p: Provenance) -> String {
    let trust = match p {
        Provenance::Documented => "documented in the pack's sources".to_string(),
        Provenance::Observed => {
            format!("{}: recorded API responses show it, no current article states it", provenance(p))
        }
        Provenance::Reading => provenance(p).to_string(),
    };
    format!(
        "Full refund: returned {} days after purchase, inside the {}-day full-refund window ({trust}).",
        count(days_held.unsigned_abs()),
        count(u64::from(window_days))
    )
}

/// A breakdown line's label, written here from the line's data with its numbers as the locale
/// writes them.
pub fn breakdown_label(item: &Item) -> String {
    let days = |n: i64| count(n.unsigned_abs());
    match item {
        Item::FullRefundWindow { unit_price, quantity, days_held, window_days, provenance: p } => format!(
            "Full refund, returned {} days after purchase (window: {} days{}): {} × {}",
            days(*days_held),
            count(u64::from(*window_days)),
            match p {
                Provenance::Documented => String::new(),
                _ => format!("; {}", provenance(*p)),
            },
            number(*unit_price),
            units(*quantity)
        ),
        Item::ProRatedTerm { unit_price, quantity, remaining_days, term_days, price } => format!(
            "Pro-rated refund: {} × {} × {} / {} days remaining, {}",
            number(*unit_price),
            units(*quantity),
            days(*remaining_days),
            days(*term_days),
            price_used(price)
        ),
        Item::ProRatedCycle { unit_price, quantity, cycle_remaining_days, cycle_days, price } => format!(
            "Current payment pro-rated: {} × {} × {} / {} days left in the cycle, {}",
            number(*unit_price),
            units(*quantity),
            days(*cycle_remaining_days),
            days(*cycle_days),
            price_used(price)
        ),
        Item::Fee { percent, days_held, fee_free_days } => format!(
            "Early termination fee: {}% (returned {} days after purchase, more than {})",
            number(*percent),
            days(*days_held),
            count(u64::from(*fee_free_days))
        ),
        Item::Refund => "Refund to the partner".into(),
        Item::TotalPaid { unit_price, units: u, payments: p } => {
            format!("Total paid so far: {} × {} × {}", number(*unit_price), units(*u), payments(*p))
        }
        Item::KeptByMicrosoft => "Kept by Microsoft (prorated amount)".into(),
        Item::RemainingCommitment { unit_price, quantity, payments_left } => format!(
            "Remaining commitment canceled: {} × {} × {}",
            number(*unit_price),
            units(*quantity),
            if *payments_left == 1 {
                "1 future payment".to_string()
            } else {
                format!("{} future payments", count(u64::from(*payments_left)))
            }
        ),
        Item::Usd { of, usd_per_unit } => format!(
            "{} in USD (at {} USD per unit)",
            match of {
                UsdOf::Refund => "Refund",
                UsdOf::RemainingCommitment => "Remaining commitment",
                UsdOf::ReturnValue => "Returned value",
            },
            number(*usd_per_unit)
        ),
        Item::CanceledCommitment { counts: CapCounts::CanceledCommitment } => {
            "Canceled commitment counted toward the limit (refund + remaining commitment)".into()
        }
        Item::CanceledCommitment { counts: CapCounts::RefundOnly } => {
            "Canceled commitment counted toward the limit (refund only)".into()
        }
        Item::ConsumedBefore { window_days } => {
            format!("Already used of the limit in the last {} days", count(u64::from(*window_days)))
        }
        Item::ConsumedAfter => "Used of the limit after this refund".into(),
        Item::RefundLimit => "Refund limit".into(),
        Item::LimitLeftAfter => "Left of the limit after this refund".into(),
        Item::CustomerRefund { unit_price } => {
            format!("Owed to the customer, at the customer's price {}", number(*unit_price))
        }
        Item::PartnerDifference => "Partner's difference (refund received less refund owed)".into(),
        Item::ReturnValue { reservation, quantity } => {
            format!("Returned: {reservation}, {} (refund + remaining commitment)", units(*quantity))
        }
        Item::RefundsTotal => "Refunds total".into(),
        Item::PurchaseValue { sku, quantity, payments: p, unit_price } => format!(
            "Purchase: {sku}, {} × {} × {} (lifetime value)",
            number(*unit_price),
            units(*quantity),
            payments(*p)
        ),
        Item::PurchasesTotal => "Purchases total".into(),
        Item::NetPayable => "Net payable".into(),
    }
}

/// A refund refusal, for a person: made here from the error's numbers, so amounts and dates are
/// written as the locale writes them (the engine's own message serves the command line).
pub fn refund_error(e: &RefundError) -> String {
    match e {
        RefundError::RefundLimitExceeded { consumed, limit, requested, excess, earliest_fit, on_next_money_back } => {
            format!(
                "This refund would add {} to the {} already counted, over the {} limit by {}.{} {}",
                money(*requested),
                money(*consumed),
                money(*limit),
                money(*excess),
                on_next_money_back.map_or(String::new(), |s| format!(
                    " When money next comes back, on {}, {} of the limit will be left: still less than the {} this refund would count that day.",
                    date(s.date),
                    money(s.left),
                    money(s.requested)
                )),
                match earliest_fit {
                    Some(d) => format!("It would fit on {} as things stand.", date(*d)),
                    None => "It does not fit on any later day of the term as things stand.".into(),
                }
            )
        }
        RefundError::ReservationNotActive { purchase_date, term_end, today } => format!(
            "On {} the reservation is not active: its term runs from {} to the day before {}, and it must still hold units.",
            date(*today),
            date(*purchase_date),
            date(*term_end)
        ),
        RefundError::InvalidRefundQuantity { requested, held } => format!(
            "Cannot return {}: the reservation holds {}. Return between 1 and {}.",
            units(*requested),
            count(u64::from(*held)),
            count(u64::from(*held))
        ),
        RefundError::SelfServiceRefundNotSupported { family: f } => format!(
            "Reservations of the {} family cannot be refunded (Red Hat and SUSE software plans and pre-purchase plans are not refundable).",
            family(f.name())
        ),
    }
}

/// An exchange refusal's code.
pub fn exchange_error_code(e: &ExchangeError) -> &'static str {
    code_of(e)
}

/// An exchange refusal, for a person, with amounts written as the locale writes them.
pub fn exchange_error(e: &ExchangeError) -> String {
    match e {
        ExchangeError::EmptyExchange { returns, purchases } => format!(
            "An exchange returns at least one reservation and buys at least one; this one returns {} and buys {}.",
            count(*returns as u64),
            count(*purchases as u64)
        ),
        ExchangeError::InvalidReturn { reservation, error: ReturnError::InvalidRefundQuantity { requested, held } } => {
            format!(
                "Cannot return {} of {reservation}: it holds {}. Return between 1 and {}.",
                units(*requested),
                count(u64::from(*held)),
                count(u64::from(*held))
            )
        }
        ExchangeError::InvalidReturn {
            reservation,
            error: ReturnError::ReservationNotActive { purchase_date, term_end, today },
        } => format!(
            "On {}, {reservation} is not active: its term runs from {} to the day before {}.",
            date(*today),
            date(*purchase_date),
            date(*term_end)
        ),
        ExchangeError::SelfServiceExchangeNotSupported { reservation, family: f } => format!(
            "{reservation} cannot be exchanged: the {} family is not exchangeable (Red Hat, SUSE and pre-purchase plans).",
            family(f.name())
        ),
        ExchangeError::ExchangeNotAllowedAfterCutoff { reservation, purchase_date, cutoff } => format!(
            "{reservation} was bought on {}, on or after {}: reservations of services that savings plans cover bought from that date cannot be exchanged.",
            date(*purchase_date),
            date(*cutoff)
        ),
        ExchangeError::FinalExchangeAlreadyUsed { reservation } => {
            format!("{reservation} was bought by a final exchange and cannot be exchanged again.")
        }
        ExchangeError::ExchangeFamilyMismatch { returned, other } => format!(
            "Exchanges stay inside one product family: this one mixes {} and {}.",
            family(returned.name()),
            family(other.name())
        ),
        ExchangeError::ExchangeValueTooLow { refunds_total, purchases_total, shortfall } => format!(
            "What is bought ({}) is worth less than the remaining commitment returned ({}): buy at least {} more.",
            money(*purchases_total),
            money(*refunds_total),
            money(*shortfall)
        ),
        ExchangeError::RefundLimitExceeded { consumed, limit, requested, excess } => format!(
            "Under this policy exchanges count toward the refund limit: this one would add {} to the {} already counted, over the {} limit by {}.",
            money(*requested),
            money(*consumed),
            money(*limit),
            money(*excess)
        ),
    }
}

/// Any refusal of a command, for a person: written here from the refusal's data, with dates,
/// amounts, roles and scopes as the locale writes them.
pub fn rejection(r: &Rejection) -> String {
    match r {
        Rejection::DateOutOfOrder { date: on, last_date } => format!(
            "This action is dated {}, before the last one ({}): simulated time only moves forward.",
            date(*on),
            date(*last_date)
        ),
        Rejection::NotAllowed { why, action, .. } => not_allowed(why, *action),
        Rejection::UnknownCustomer { customer } => format!("There is no customer \"{customer}\"."),
        Rejection::UnknownReservation { customer, reservation } => {
            format!("Customer {customer} has no reservation \"{reservation}\".")
        }
        Rejection::UnknownSubscription { customer, subscription } => {
            format!("Customer {customer} has no subscription \"{subscription}\".")
        }
        Rejection::UnknownUser { customer, user } => format!("Customer {customer} has no user \"{user}\"."),
        Rejection::AlreadyExists { what, id } => {
            let what = match what {
                Thing::Customer => "customer",
                Thing::Subscription => "subscription",
                Thing::User => "user",
                Thing::Reservation => "reservation",
            };
            format!("A {what} \"{id}\" already exists.")
        }
        Rejection::TooMany { what, max } => {
            let what = match what {
                Counted::Customers => "customers",
                Counted::Reservations => "reservations",
                Counted::LedgerEntries => "ledger entries per customer",
                Counted::ActivityEntries => "activity log entries",
                Counted::ExchangeLines => "lines in one exchange",
            };
            format!("At most {} {what}: remove some first.", count(*max as u64))
        }
        Rejection::Invalid(invalid) => match invalid {
            Invalid::RateOutOfRange { found, max } => {
                format!("A USD rate is above zero and at most {}; {} is not.", number(*max), number(*found))
            }
            Invalid::UsdIsAlwaysOne => "USD's rate is always 1.".into(),
            Invalid::NoRate { currency } => {
                format!("No USD rate is set for {}: set one first.", currency.code())
            }
            Invalid::ReservationClosed { reservation } => format!("{reservation} is closed."),
            Invalid::PurchaseInTheFuture { latest, found } => format!(
                "A purchase cannot be in the future: the purchase date must be on or before {}, not {}.",
                date(*latest),
                date(*found)
            ),
            Invalid::EarlierRefundInTheFuture { latest, found } => format!(
                "An earlier refund is dated on or before {}, not {}.",
                date(*latest),
                date(*found)
            ),
            Invalid::UnknownLedgerEntry { entry, entries } => {
                format!("There is no ledger entry #{entry}: the ledger has {} entries.", count(*entries as u64))
            }
            Invalid::CorrectionOfACorrection { entry } => {
                format!("Entry #{entry} is a correction, and a correction cannot itself be corrected.")
            }
            Invalid::ReturnedTwice { reservation } => {
                format!("{reservation} is returned twice: return each reservation once.")
            }
            Invalid::PurchaseCurrency { expected, found } => format!(
                "Purchases are billed in {}, the customer's billing currency, not {}.",
                expected.code(),
                found.code()
            ),
        },
        Rejection::NothingToChange(unchanged) => match unchanged {
            Unchanged::Owner { user, subscription, is_owner: true } => {
                format!("{user} is already Owner on {subscription}.")
            }
            Unchanged::Owner { user, subscription, is_owner: false } => {
                format!("{user} is not Owner on {subscription}.")
            }
            Unchanged::PurchasePermission { customer, allowed } => format!(
                "\"Allow customer to purchase\" is already {} for {customer}.",
                if *allowed { "on" } else { "off" }
            ),
            Unchanged::Scope { reservation, scope: s } => {
                format!("{reservation} already has scope {}.", scope(s))
            }
            Unchanged::AlreadyCorrected { entry } => format!("Ledger entry #{entry} is already corrected."),
        },
        Rejection::PurchasePermissionPrerequisite { customer } => format!(
            "Customer {customer} needs an Azure plan or Azure Global subscription bought by the partner before \"Allow customer to purchase\" can be turned on."
        ),
        Rejection::PurchasePermissionOff { customer } => format!(
            "\"Allow customer to purchase\" is off for customer {customer}: only the partner can buy reservations for it."
        ),
        Rejection::NotOwner { customer, user } => format!(
            "User {user} of customer {customer} does not hold the Owner role on an Azure plan or Azure Global subscription the partner bought (for a single-subscription scope, on that one), so the purchase fails."
        ),
        Rejection::RefundRefused { errors } => errors.iter().map(refund_error).collect::<Vec<_>>().join(" "),
        Rejection::ExchangeRefused { errors } => {
            errors.iter().map(exchange_error).collect::<Vec<_>>().join(" ")
        }
        Rejection::NotRenewable { reservation, why } => format!(
            "{reservation} cannot be renewed: {}.",
            match why {
                NotRenewable::Closed => "it is closed",
                NotRenewable::TermEnded => "its term has ended",
                NotRenewable::AlreadyRenewed => "it is already renewed",
                NotRenewable::PastTheCalendar => "its renewal would end past the last date Reservoir handles",
            }
        ),
    }
}

/// Why an actor may not take an action.
pub fn not_allowed(why: &NotAllowed, action: ActionKind) -> String {
    match why {
            NotAllowed::OnlyAdminAgent { role: r } => format!(
                "A {} sees the purchase permission read-only: only an Admin agent may {}.",
                role(*r),
                action_name(action)
            ),
            NotAllowed::PartnerOnly { customer } => format!(
                "Customer {customer} cannot {}: in CSP only the partner does, even for reservations the customer bought itself.",
                action_name(action)
            ),
            NotAllowed::OtherTenant { customer, concerned } => {
                format!("Customer {customer} can act only in its own tenant, not for {concerned}.")
            }
    }
}

/// Why a customer's page is not shown: another customer's, to a customer's user.
pub fn customer_hidden(why: &NotAllowed) -> String {
    match why {
        NotAllowed::OtherTenant { customer, concerned } => format!(
            "You are acting as a user of customer {customer}, which sees its own customer only: {concerned} is not shown."
        ),
        other => not_allowed(other, ActionKind::ManageWorkspace),
    }
}

/// Why a fact is not shown: it is the partner's business.
pub fn partner_only(fact: Fact) -> &'static str {
    match fact {
        Fact::PartnerPrice => "The partner's prices and what Microsoft refunds it are shown to the partner only.",
        Fact::KeptByMicrosoft => "What Microsoft keeps of a return is shown to the partner only.",
        Fact::RefundLimit => {
            "The refund limit is counted between Microsoft and the partner, at the partner's price: it is shown to the partner only."
        }
        Fact::SupportDraft => "The partner opens the support request for a refund or an exchange: its draft is shown to the partner only.",
    }
}

/// What an action is, in a refusal.
fn action_name(action: ActionKind) -> &'static str {
    match action {
        ActionKind::ManageWorkspace => "manage customers and their subscriptions",
        ActionKind::AssignOwner => "assign the Owner role",
        ActionKind::SetPurchasePermission => "turn \"Allow customer to purchase\" on or off",
        ActionKind::Buy => "buy reservations",
        ActionKind::Cancel => "cancel reservations",
        ActionKind::Exchange => "exchange reservations",
        ActionKind::Renew => "renew reservations",
        ActionKind::ChangeScope => "change a reservation's scope",
    }
}

/// Why a typed value was refused, beside its field: written here from the refusal's data.
pub fn value_error(e: &ValueError) -> String {
    match e {
        ValueError::Empty => "expected a name, found an empty one".into(),
        ValueError::TooLong { max, found } => {
            format!("expected at most {} characters, found {}", count(*max as u64), count(*found as u64))
        }
        ValueError::ControlCharacter { found } => format!("expected no control characters, found {found}"),
        ValueError::NotADate { found } => format!("expected a date YYYY-MM-DD, found {found}"),
        ValueError::YearOutOfRange { earliest, latest, found } => {
            format!("expected a date between {earliest} and {latest}, found {found}")
        }
        ValueError::NotAnAmount { found } => {
            format!("expected a decimal amount such as \"1234.56\", found {found}")
        }
        ValueError::Negative { found } => format!("expected an amount of zero or more, found {found}"),
        ValueError::AboveMaximum { max, found } => {
            format!("expected an amount of at most {}, found {found}", number(*max))
        }
        ValueError::TooManyDecimals { max, found } => {
            format!("expected at most {max} decimals, found {found}")
        }
        ValueError::NotWholeNumber { found } => format!("expected a whole number, found {found}"),
        ValueError::OtherCurrency { expected, found } => {
            format!("expected an amount in {expected}, found {found}")
        }
        ValueError::OutOfRange { min, max, found, unit } => {
            let unit = match unit {
                values::CountUnit::Units => "units",
                values::CountUnit::Days => "days",
            };
            format!(
                "expected {} to {} {unit}, found {}",
                count(u64::from(*min)),
                count(u64::from(*max)),
                count(u64::from(*found))
            )
        }
    }
}

/// The support request a refund or an exchange was asked for with in 2020 (policy.md §4.4),
/// drafted for the partner to copy: the three steps of the form and what to enter in each, with
/// the reservation's IDs and the amounts.
pub fn support_request(
    reservation: &Reservation,
    customer_name: &str,
    quantity: u32,
    amounts: &[(&str, Money)],
) -> String {
    let mut details = format!(
        "Please process a refund of {} of {} of reservation {} (order {}) for our customer {customer_name}: {} {}, {} {}, bought {}.",
        count(u64::from(quantity)),
        units(reservation.quantity),
        reservation.id,
        reservation.order_id,
        reservation.sku,
        reservation.region,
        reservation.term.code(),
        reservation.billing_plan.name(),
        reservation.purchase_date,
    );
    for (label, amount) in amounts {
        details.push_str(&format!(" {label}: {amount}."));
    }
    let steps: [(&str, Vec<(&str, String)>); 3] = [
        ("1 Basics", vec![("Issue type", "Billing".into())]),
        (
            "2 Problem",
            vec![
                ("Problem type", "Reservation management".into()),
                ("Problem category", "Exchanges and refunds".into()),
                ("Reservation ID", reservation.id.to_string()),
                ("Reservation order ID", reservation.order_id.to_string()),
                ("Details", details),
            ],
        ),
        (
            "3 Contact information",
            vec![("Contact", "the partner's support contact, on behalf of the customer".into())],
        ),
    ];
    let mut text = String::new();
    for (title, fields) in steps {
        text.push_str(title);
        text.push('\n');
        for (name, value) in fields {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    }
    text
}

/// Why outside text (an imported file, a stored session) cannot be used, for a person: written
/// here from the error's data (its place is shown beside it, from `InputError::path`).
pub fn input_error(e: &InputError) -> String {
    let quoted = |words: &[&str]| words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ");
    match &e.problem {
        Problem::Value(error) => value_error(error),
        Problem::Missing => "expected a value, found none (the field is missing)".into(),
        Problem::WrongKind { expected, found: it } => {
            format!("expected {}, found {}", expected_input(*expected), found(it))
        }
        Problem::NotOneOf { expected, found: it } => {
            format!("expected one of {}, found {}", quoted(expected), found(it))
        }
        Problem::UnknownVariant { expected, found } => {
            format!("expected one of {}, found \"{found}\"", quoted(expected))
        }
        Problem::UnknownParameter { known, found } => {
            format!("expected one of {}, found the unknown parameter \"{found}\"", quoted(known))
        }
        Problem::DuplicateField { field } => format!("the field \"{field}\" is there twice"),
        Problem::NotARequest { found } => format!("expected a quote request object, found {found}"),
        Problem::TooBig { max_bytes, found_bytes } => format!(
            "expected at most {} MiB, found {} bytes",
            count((*max_bytes / (1024 * 1024)) as u64),
            count(*found_bytes as u64)
        ),
        Problem::TooMany { what, max, found } => {
            let what = match what {
                Many::Commands => "commands",
                Many::Entries => "entries",
                Many::Reservations => "reservations",
                Many::Lines => "lines",
                Many::UndoSteps => "undo steps",
                Many::UndoCommands => "commands kept for Undo",
            };
            format!("expected at most {} {what}, found {}", count(*max as u64), count(*found as u64))
        }
        Problem::Malformed { detail } => format!("expected JSON, found malformed text ({detail})"),
        Problem::EndsEarly { detail } => format!("the JSON ends too early ({detail})"),
        Problem::WrongFormat { expected, found } => format!(
            "expected \"{expected}\", found {}",
            found.as_ref().map_or("none".to_string(), |f| format!("\"{f}\""))
        ),
        Problem::NotASession { newest, found } => format!(
            "expected a Reservoir session (versions 1 to {newest}), found {}",
            found.as_deref().unwrap_or("none")
        ),
        Problem::NewerSession { found, newest } => format!(
            "written by a newer version of Reservoir (session format {found}; this one reads up to {newest}). Open it with that version, or keep it and start fresh."
        ),
        Problem::NoCommandToUndo => "an undo step for a command, where none is left to undo".into(),
        Problem::NoLongerApplies { command, rejection: why } => {
            format!("action {} no longer applies: {}", count(*command as u64 + 1), rejection(why))
        }
        Problem::Refused { rejection: why } => format!("refused: {}", rejection(why)),
        Problem::RefusesExisting { rejection: why } => {
            format!("dated before what is already there, it refuses an existing action: {}", rejection(why))
        }
        Problem::MoreProblems { count: more } => format!("and {} more problems", count(*more as u64)),
        Problem::NotOneActor => "expected exactly one of a partner (with a role) or a customer (with a user)".into(),
        Problem::RefundOrExchange { both } => format!(
            "expected exactly one of \"refund\" or \"exchange\", found {}",
            if *both { "both" } else { "neither" }
        ),
        Problem::RateNotAboveZero { found } => format!("expected a rate above zero, found {}", number(*found)),
        Problem::UsdRateNotOne { found } => format!("expected 1 for USD itself, found {}", number(*found)),
        Problem::NoRate { currency } => format!("expected a currency with a rate, found {currency} without one"),
        Problem::DuplicateId { id } => format!("expected a unique id, found \"{id}\" twice"),
        Problem::UnknownReservation { id } => {
            format!("expected the id of one of the reservations, found \"{id}\"")
        }
        Problem::ReturnedTwice { id } => format!("expected each reservation once, found \"{id}\" twice"),
        Problem::ReturnCurrency { expected, found } => format!(
            "expected a reservation billed in {expected} like the rest of this exchange, found one billed in {found}"
        ),
        Problem::PurchaseCurrency { expected, found } => {
            format!("expected {expected} like the rest of this exchange, found {found}")
        }
        Problem::TermEndsNowhere => "expected a date whose term ends on a real date".into(),
        Problem::NoUnits => "expected at least 1 unit, found 0".into(),
        Problem::TooManyUnits { max, found } => format!(
            "expected at most {} units, found {}",
            count(u64::from(*max)),
            count(u64::from(*found))
        ),
    }
}

/// What was found where something else was expected.
fn found(found: &Found) -> String {
    match found {
        Found::Written(text) => text.clone(),
        Found::List => "a list".into(),
        Found::Object => "an object".into(),
    }
}

/// What kind of value was expected.
fn expected_input(expected: Expected) -> &'static str {
    match expected {
        Expected::Object => "an object",
        Expected::Scenario => "a scenario",
        Expected::StoredSession => "a stored session",
        Expected::Command => "an action with a date and a command",
        Expected::Actor => "a partner or a customer",
        Expected::Partner => "a partner with a role",
        Expected::Customer => "a customer and a user",
        Expected::Reservation => "a reservation",
        Expected::Purchase => "a purchase",
        Expected::Return => "a reservation and a quantity",
        Expected::Scope => "a scope",
        Expected::EarlierRefund => "a date and an amount in USD",
        Expected::Exchange => "what is returned and what is bought",
        Expected::Rates => "rates by currency code",
        Expected::List => "a list",
        Expected::Bool => "true or false",
        Expected::Text => "text",
        Expected::Date => "a date YYYY-MM-DD",
        Expected::Amount => "a decimal amount such as \"1234.56\"",
        Expected::Units => "a whole number of units",
        Expected::Percent => "a percent from 0 to 100",
        Expected::Days => "a whole number of days",
        Expected::WholeNumber => "a whole number",
        Expected::CurrencyText => "a currency code",
        Expected::Currency | Expected::RateCurrency => "a currency code such as USD, EUR, GBP or SEK",
        Expected::FamilyText => "a product family",
        Expected::Family => "a product family such as \"compute\" or \"sql\"",
        Expected::CommandName => "a command name",
        Expected::FormatName => "a format name",
        Expected::Pack => "\"csp-2020\" or \"azure-2026\"",
        Expected::Policy => "\"csp-2020\", \"azure-2026\" or an object of overrides",
    }
}
