//! Guided demo stories: a scenario each, built relative to "today" like the demo, and a short
//! script of steps, each naming the page to show (by the IDs it needs), the element that matters
//! (by its `data-testid`) and what to say about it — as data with its figures, never in English:
//! the app writes the words in the person's language (`src/i18n/`), from these numbers.
//!
//! Here, in the app layer rather than beside the demo in `simulation/`, because a step's figures
//! are the ones its page shows: they come from the same queries (`reservation_values`,
//! `limit_view`, `compare_policies`) run on a session that replays the story's scenario.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use crate::app::queries::{compare_policies, limit_view, reservation_values, CancelValue, PlannedRefund};
use crate::app::session::Session;
use crate::domain::calendar::Term;
use crate::domain::money::{Currency, Money};
use crate::domain::partner::Actor;
use crate::domain::policy::{PackId, Policy};
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Date, Name, Note};
use crate::simulation::command::{Command, DatedCommand, NewReservation, SubscriptionKind};
use crate::simulation::demo::{amount, before, day, english_note, name, units, DemoNote};
use crate::simulation::scenario::Scenario;

/// A story, in the order the menu lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoryId {
    /// "A customer near its limit": why a refund is refused, and the date it fits.
    NearLimit,
    /// "A 3-year monthly reservation": what cancelling today saves, against in three months.
    MonthlyThreeYears,
    /// "The last exchange before the February 2027 change": the final exchange per unit.
    LastExchange,
    /// "The customer bought it themselves": who may cancel it, what the partner is not told.
    BoughtByCustomer,
    /// "A GBP customer": the billing currency against the USD limit.
    GbpCustomer,
    /// "2020 and today": the same cancellation under csp-2020 and azure-2026.
    ThenAndNow,
}

impl StoryId {
    /// Every story, in the menu's order.
    pub const ALL: [StoryId; 6] = [
        StoryId::NearLimit,
        StoryId::MonthlyThreeYears,
        StoryId::LastExchange,
        StoryId::BoughtByCustomer,
        StoryId::GbpCustomer,
        StoryId::ThenAndNow,
    ];

    /// Its code: the menu's option value.
    pub fn code(self) -> &'static str {
        match self {
            StoryId::NearLimit => "near-limit",
            StoryId::MonthlyThreeYears => "monthly-3-years",
            StoryId::LastExchange => "last-exchange",
            StoryId::BoughtByCustomer => "bought-by-customer",
            StoryId::GbpCustomer => "gbp-customer",
            StoryId::ThenAndNow => "2020-and-today",
        }
    }

    /// The story a code names.
    pub fn of(code: &str) -> Option<StoryId> {
        StoryId::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The page a step shows, with the IDs it needs (the shell makes its route of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoryPage {
    /// One customer.
    Customer { customer: Name },
    /// One customer's refund limit over time.
    Limit { customer: Name },
    /// One reservation of one customer.
    Reservation { customer: Name, reservation: Name },
    /// The policy in force and the comparison.
    Policy,
    /// The activity log.
    Activity,
}

impl StoryPage {
    /// The customer the page is about, if any.
    pub fn customer(&self) -> Option<&Name> {
        match self {
            StoryPage::Customer { customer }
            | StoryPage::Limit { customer }
            | StoryPage::Reservation { customer, .. } => Some(customer),
            StoryPage::Policy | StoryPage::Activity => None,
        }
    }
}

/// What a step says, with the figures it says it with (the engine's, on the story's day).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoryLine {
    /// The customer's limit is nearly used up.
    LimitUsed { customer: Name, consumed: Money, limit: Money, left: Money },
    /// Cancelling the whole reservation would count more than is left: refused.
    RefundRefused { reservation: Name, counted: Money, left: Money },
    /// The earliest day the same cancellation fits, as things stand.
    RefundFitsOn { reservation: Name, date: NaiveDate },
    /// A monthly reservation: its payment a unit, its units and its term.
    MonthlyPlan { reservation: Name, units: u32, payment: Money, term: Term },
    /// Cancelling today: this month's payment pro rata back and the payments to come canceled
    /// (the partner's side), and what the customer saves at its own price.
    CancelToday { refund: Money, canceled: Money, saves: Money },
    /// Cancelling on a later day saves the customer less.
    CancelLater { date: NaiveDate, saves: Money, less: Money },
    /// The story's today, and the day the exchange change took effect.
    CutoffInForce { today: NaiveDate, cutoff: NaiveDate },
    /// Bought before the cut-off: one final exchange per unit.
    FinalExchange { reservation: Name, bought: NaiveDate, cutoff: NaiveDate },
    /// Bought on or after the cut-off: no exchange at all.
    NoExchange { reservation: Name, bought: NaiveDate, cutoff: NaiveDate },
    /// The customer may buy reservations itself: its user holds Owner.
    CustomerMayBuy { customer: Name, user: Name },
    /// This reservation was bought by the customer's user, not by the partner.
    BoughtByCustomer { reservation: Name, user: Name, bought: NaiveDate },
    /// The partner pays for it but was not notified: it finds it in the orders and the log.
    PartnerNotNotified,
    /// Only the partner may cancel, exchange or renew it, even one the customer bought.
    OnlyPartnerCancels { user: Name },
    /// The customer is billed in its own currency, converted to USD for the limit.
    BilledIn { customer: Name, currency: Currency, usd_per_unit: Decimal },
    /// The refund in the billing currency, and what it counts toward the limit in USD.
    RefundInUsd { refund: Money, counted: Money },
    /// The limit is kept in USD whatever the billing currency.
    LimitInUsd { limit: Money, left: Money },
    /// The same cancellation under the 2020 documents and under today's policy.
    ThenAndNow { reservation: Name, then_refund: Money, then_fee: Money, now_refund: Money },
    /// The policy in force prices every refund on the reservation's page.
    NowInForce { refund: Money },
}

/// One step of a story's script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryStep {
    /// The page it shows.
    pub page: StoryPage,
    /// The `data-testid` of the element it points at.
    pub highlight: &'static str,
    /// What it says.
    pub line: StoryLine,
}

/// A story as told on one day: the scenario to load, and the steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// Which story.
    pub id: StoryId,
    /// What loading it puts in force. It carries its own today only when the story must be told
    /// on another day than the session's (the exchange change is told on or after its date).
    pub scenario: Scenario,
    /// The day the story is told on (the session's today after loading it).
    pub today: Date,
    /// The script.
    pub steps: Vec<StoryStep>,
}

/// A reservation a story buys.
struct Buy<'a> {
    id: &'a str,
    family: &'a str,
    sku: &'a str,
    term: Term,
    billing_plan: BillingPlan,
    quantity: u32,
    unit_price: &'a str,
    current_price: Option<&'a str>,
    customer_price: Option<&'a str>,
}

/// A story's commands, written in date order (the workspace refuses time going back).
struct Book {
    commands: Vec<DatedCommand>,
}

impl Book {
    fn new() -> Book {
        Book { commands: Vec::new() }
    }

    fn at(&mut self, date: NaiveDate, actor: Actor, command: Command) {
        self.commands.push(DatedCommand { date: day(date), actor, command });
    }

    /// A customer with an Azure plan the partner bought.
    fn customer(&mut self, date: NaiveDate, id: &str, title: &str, currency: Currency) {
        let admin = Actor::admin_agent();
        self.at(
            date,
            admin.clone(),
            Command::AddCustomer { customer: name(id), name: name(title), currency },
        );
        self.at(
            date,
            admin,
            Command::AddSubscription {
                customer: name(id),
                subscription: name(&format!("{id}-plan")),
                kind: SubscriptionKind::AzurePlan,
                bought_by_partner: true,
            },
        );
    }

    fn buy(&mut self, date: NaiveDate, actor: Actor, customer: &str, b: Buy) {
        let reservation = NewReservation {
            id: Some(name(b.id)),
            order_id: Some(name(&format!("{}-order", b.id))),
            family: ProductFamily::parse(b.family).expect("a story's family is known"),
            service: None,
            sku: name(b.sku),
            region: name("eastus"),
            term: b.term,
            billing_plan: b.billing_plan,
            quantity: units(b.quantity),
            unit_price: amount(b.unit_price),
            current_unit_price: b.current_price.map(amount),
            customer_unit_price: b.customer_price.map(amount),
            scope: Scope::Shared,
            purchase_date: None,
            used: true,
            display_name: None,
        };
        self.at(date, actor, Command::Buy { customer: name(customer), reservation: Box::new(reservation) });
    }

    fn scenario(self) -> Scenario {
        Scenario { commands: self.commands, ..Scenario::new(Policy::pack(PackId::Azure2026)) }
    }
}

/// The day the exchange change takes effect under azure-2026 (`Policy::exchange_cutoff_date`).
pub fn exchange_cutoff() -> NaiveDate {
    Policy::pack(PackId::Azure2026).exchange_cutoff_date.expect("azure-2026 has an exchange cut-off").get()
}

/// The story `id` told on `today`, its notes (the earlier refunds' tickets) written by `note`.
pub fn tell(id: StoryId, today: Date, note: impl Fn(DemoNote) -> String) -> Story {
    match id {
        StoryId::NearLimit => near_limit(today, note),
        StoryId::MonthlyThreeYears => monthly(today),
        StoryId::LastExchange => last_exchange(today),
        StoryId::BoughtByCustomer => bought_by_customer(today),
        StoryId::GbpCustomer => gbp(today),
        StoryId::ThenAndNow => then_and_now(today),
    }
}

/// The story's scenario in force on `today`, as the app holds it after loading.
fn session(scenario: &Scenario, today: Date) -> Session {
    let mut scenario = scenario.clone();
    scenario.today = None;
    Session::restore(scenario, today, Actor::admin_agent()).expect("a story's scenario replays")
}

/// What cancelling every unit of a reservation would do on `date`, on the partner's side.
fn cancel(
    session: &Session,
    customer: &str,
    reservation: &str,
    date: NaiveDate,
) -> crate::app::queries::CancelAmounts {
    let values = reservation_values(session, customer, reservation, date).expect("the story's reservation");
    match values.what_if_value {
        CancelValue::Priced(amounts) => amounts,
        other => panic!("{reservation} cannot be cancelled on {date}: {other:?}"),
    }
}

fn near_limit(today: Date, note: impl Fn(DemoNote) -> String) -> Story {
    let t = today.get();
    let admin = Actor::admin_agent();
    let mut book = Book::new();
    book.customer(before(t, 40, 0), "woodgrove", "Woodgrove Bank", Currency::USD);
    book.buy(
        before(t, 16, 3),
        admin.clone(),
        "woodgrove",
        Buy {
            id: "woodgrove-vm-m",
            family: "compute",
            sku: "Standard_M64s",
            term: Term::P3Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 1,
            unit_price: "3000.00",
            current_price: None,
            customer_price: None,
        },
    );
    // Refunds recorded yesterday, dated 8 and 3 months ago, as in the demo.
    for (months, usd, said) in
        [(8, "31800.00", DemoNote { ticket: 4411 }), (3, "14650.00", DemoNote { ticket: 4630 })]
    {
        book.at(
            before(t, 0, 1),
            admin.clone(),
            Command::RecordEarlierRefund {
                customer: name("woodgrove"),
                refund_date: day(before(t, months, 0)),
                usd: amount(usd),
                note: Note::parse(&note(said))
                    .or_else(|_| Note::parse(&english_note(said)))
                    .expect("the demo's English notes are notes"),
            },
        );
    }
    let scenario = book.scenario();
    let s = session(&scenario, today);
    let (customer, reservation) = (name("woodgrove"), name("woodgrove-vm-m"));
    let plan = PlannedRefund { reservation: reservation.to_string(), quantity: 1, on: t };
    let view = limit_view(&s, &customer, Some(&plan)).expect("woodgrove is there");
    let quote = view.plan.expect("the planned refund is quoted");
    let counted = quote.limit.requested;
    let fits = quote.earliest_fit().unwrap_or(t);
    let at_reservation =
        StoryPage::Reservation { customer: customer.clone(), reservation: reservation.clone() };
    let at_limit = StoryPage::Limit { customer: customer.clone() };
    Story {
        id: StoryId::NearLimit,
        scenario,
        today,
        steps: vec![
            StoryStep {
                page: at_limit.clone(),
                highlight: "ledger",
                line: StoryLine::LimitUsed {
                    customer: name("Woodgrove Bank"),
                    consumed: view.status.consumed,
                    limit: view.status.limit,
                    left: view.status.left,
                },
            },
            StoryStep {
                page: at_reservation,
                highlight: "refund-panel",
                line: StoryLine::RefundRefused {
                    reservation: reservation.clone(),
                    counted,
                    left: view.status.left,
                },
            },
            StoryStep {
                page: at_limit,
                highlight: "planned-refund",
                line: StoryLine::RefundFitsOn { reservation, date: fits },
            },
        ],
    }
}

fn monthly(today: Date) -> Story {
    let t = today.get();
    let mut book = Book::new();
    book.customer(before(t, 40, 0), "contoso", "Contoso Ltd", Currency::USD);
    book.buy(
        before(t, 14, 3),
        Actor::admin_agent(),
        "contoso",
        Buy {
            id: "contoso-vm-d4",
            family: "compute",
            sku: "Standard_D4s_v5",
            term: Term::P3Y,
            billing_plan: BillingPlan::Monthly,
            quantity: 10,
            unit_price: "84.10",
            current_price: None,
            customer_price: Some("92.50"),
        },
    );
    let scenario = book.scenario();
    let s = session(&scenario, today);
    let (customer, reservation) = (name("contoso"), name("contoso-vm-d4"));
    let later = t.checked_add_months(Months::new(3)).unwrap_or(t);
    let now = cancel(&s, &customer, &reservation, t);
    let then = cancel(&s, &customer, &reservation, later).customer;
    let r = s.workspace().customer(&customer).and_then(|c| c.reservation(&reservation)).cloned();
    let r = r.expect("the story's reservation");
    let page = StoryPage::Reservation { customer: customer.clone(), reservation: reservation.clone() };
    Story {
        id: StoryId::MonthlyThreeYears,
        scenario,
        today,
        steps: vec![
            StoryStep {
                page: StoryPage::Customer { customer: customer.clone() },
                highlight: "reservations",
                line: StoryLine::MonthlyPlan {
                    reservation: reservation.clone(),
                    units: r.quantity,
                    payment: r.currency.round(r.unit_price),
                    term: r.term,
                },
            },
            StoryStep {
                page: page.clone(),
                highlight: "value-over-time",
                line: StoryLine::CancelToday {
                    refund: now.partner.refund,
                    canceled: now.partner.canceled_payments,
                    saves: now.customer.saves,
                },
            },
            StoryStep {
                page,
                highlight: "what-if",
                line: StoryLine::CancelLater {
                    date: later,
                    saves: then.saves,
                    less: now.customer.saves.minus(then.saves),
                },
            },
        ],
    }
}

fn last_exchange(today: Date) -> Story {
    let cutoff = exchange_cutoff();
    // Told on the day the change takes effect, or on today when that is later.
    let told = Date::new(today.get().max(cutoff)).unwrap_or(today);
    let t = told.get();
    let admin = Actor::admin_agent();
    let bought_before = before(cutoff, 10, 0);
    let bought_after = before(t, 1, 0).max(cutoff);
    let mut book = Book::new();
    book.customer(before(bought_before, 1, 0), "litware", "Litware Inc", Currency::USD);
    let vm = |id, term, price| Buy {
        id,
        family: "compute",
        sku: "Standard_D8s_v5",
        term,
        billing_plan: BillingPlan::Monthly,
        quantity: 4,
        unit_price: price,
        current_price: None,
        customer_price: None,
    };
    book.buy(bought_before, admin.clone(), "litware", vm("litware-vm-2026", Term::P3Y, "280.00"));
    book.buy(bought_after, admin, "litware", vm("litware-vm-2027", Term::P1Y, "310.00"));
    let mut scenario = book.scenario();
    if told != today {
        scenario.today = Some(told);
    }
    let customer = name("litware");
    let page = |id: &str| StoryPage::Reservation { customer: customer.clone(), reservation: name(id) };
    Story {
        id: StoryId::LastExchange,
        scenario,
        today: told,
        steps: vec![
            StoryStep {
                page: StoryPage::Policy,
                highlight: "policy-editor",
                line: StoryLine::CutoffInForce { today: t, cutoff },
            },
            StoryStep {
                page: page("litware-vm-2026"),
                highlight: "exchange-panel",
                line: StoryLine::FinalExchange {
                    reservation: name("litware-vm-2026"),
                    bought: bought_before,
                    cutoff,
                },
            },
            StoryStep {
                page: page("litware-vm-2027"),
                highlight: "exchange-panel",
                line: StoryLine::NoExchange {
                    reservation: name("litware-vm-2027"),
                    bought: bought_after,
                    cutoff,
                },
            },
        ],
    }
}

fn bought_by_customer(today: Date) -> Story {
    let t = today.get();
    let admin = Actor::admin_agent();
    let start = before(t, 40, 0);
    let mut book = Book::new();
    book.customer(start, "contoso", "Contoso Ltd", Currency::USD);
    book.at(start, admin.clone(), Command::AddUser { customer: name("contoso"), user: name("megan") });
    book.at(
        start,
        admin.clone(),
        Command::AssignOwner {
            customer: name("contoso"),
            user: name("megan"),
            subscription: name("contoso-plan"),
        },
    );
    book.at(start, admin, Command::SetPurchasePermission { customer: name("contoso"), allowed: true });
    let bought = before(t, 3, 3);
    let megan = Actor::Customer { customer: name("contoso"), user: name("megan") };
    book.buy(
        bought,
        megan,
        "contoso",
        Buy {
            id: "contoso-vm-b2",
            family: "compute",
            sku: "Standard_B2ms",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 4,
            unit_price: "512.00",
            current_price: None,
            customer_price: None,
        },
    );
    let scenario = book.scenario();
    let (customer, reservation, user) = (name("contoso"), name("contoso-vm-b2"), name("megan"));
    let at_customer = StoryPage::Customer { customer: customer.clone() };
    Story {
        id: StoryId::BoughtByCustomer,
        scenario,
        today,
        steps: vec![
            StoryStep {
                page: at_customer.clone(),
                highlight: "purchase-permission",
                line: StoryLine::CustomerMayBuy { customer: name("Contoso Ltd"), user: user.clone() },
            },
            StoryStep {
                page: at_customer,
                highlight: "orders",
                line: StoryLine::BoughtByCustomer {
                    reservation: reservation.clone(),
                    user: user.clone(),
                    bought,
                },
            },
            StoryStep {
                page: StoryPage::Activity,
                highlight: "activity-log",
                line: StoryLine::PartnerNotNotified,
            },
            StoryStep {
                page: StoryPage::Reservation { customer, reservation },
                highlight: "manage-panel",
                line: StoryLine::OnlyPartnerCancels { user },
            },
        ],
    }
}

fn gbp(today: Date) -> Story {
    let t = today.get();
    let start = before(t, 40, 0);
    let admin = Actor::admin_agent();
    let gbp = Currency::from_code("GBP").expect("GBP is known");
    let mut book = Book::new();
    book.at(start, admin.clone(), Command::SetRate { currency: gbp, usd_per_unit: amount("1.27") });
    book.customer(start, "northwind", "Northwind Traders", gbp);
    book.buy(
        before(t, 4, 3),
        admin,
        "northwind",
        Buy {
            id: "northwind-sql",
            family: "sql",
            sku: "SQL_DB_GP_Gen5_8",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 1,
            unit_price: "18000.00",
            current_price: None,
            customer_price: None,
        },
    );
    let scenario = book.scenario();
    let s = session(&scenario, today);
    let (customer, reservation) = (name("northwind"), name("northwind-sql"));
    let now = cancel(&s, &customer, &reservation, t);
    let rate = s.workspace().rate(gbp).expect("the story sets GBP's rate");
    let status = limit_view(&s, &customer, None).expect("northwind is there").status;
    Story {
        id: StoryId::GbpCustomer,
        scenario,
        today,
        steps: vec![
            StoryStep {
                page: StoryPage::Customer { customer: customer.clone() },
                highlight: "customer-name",
                line: StoryLine::BilledIn {
                    customer: name("Northwind Traders"),
                    currency: gbp,
                    usd_per_unit: rate.usd_per_unit(),
                },
            },
            StoryStep {
                page: StoryPage::Reservation { customer: customer.clone(), reservation },
                highlight: "value-over-time",
                line: StoryLine::RefundInUsd { refund: now.partner.refund, counted: now.counted_usd },
            },
            StoryStep {
                page: StoryPage::Limit { customer },
                highlight: "ledger",
                line: StoryLine::LimitInUsd { limit: status.limit, left: status.left },
            },
        ],
    }
}

fn then_and_now(today: Date) -> Story {
    let t = today.get();
    let mut book = Book::new();
    book.customer(before(t, 40, 0), "contoso", "Contoso Ltd", Currency::USD);
    book.buy(
        before(t, 7, 3),
        Actor::admin_agent(),
        "contoso",
        Buy {
            id: "contoso-sql",
            family: "sql",
            sku: "SQL_MI_GP_Gen5_8",
            term: Term::P1Y,
            billing_plan: BillingPlan::Upfront,
            quantity: 1,
            unit_price: "9850.00",
            // Its price has come down since: today's policy pays back at the lower one.
            current_price: Some("9200.00"),
            customer_price: None,
        },
    );
    let scenario = book.scenario();
    let s = session(&scenario, today);
    let (customer, reservation) = (name("contoso"), name("contoso-sql"));
    let columns =
        compare_policies(s.workspace(), &customer, &reservation, 1, t).expect("the story's reservation");
    let partner = |i: usize| columns[i].quote.priced.as_ref().map(|p| p.partner.clone()).expect("priced");
    let (then, now) = (partner(0), partner(1));
    Story {
        id: StoryId::ThenAndNow,
        scenario,
        today,
        steps: vec![
            StoryStep {
                page: StoryPage::Policy,
                highlight: "compare",
                line: StoryLine::ThenAndNow {
                    reservation: reservation.clone(),
                    then_refund: then.refund,
                    then_fee: then.fee,
                    now_refund: now.refund,
                },
            },
            StoryStep {
                page: StoryPage::Reservation { customer, reservation },
                highlight: "refund-panel",
                line: StoryLine::NowInForce { refund: now.refund },
            },
        ],
    }
}
