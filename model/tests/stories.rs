//! The guided demo stories (`app::stories`): each replays, every page a step names exists in its
//! scenario, and what each story says is true in the engine's numbers.

use chrono::NaiveDate;
use reservoir::app::session::Session;
use reservoir::app::stories::{exchange_cutoff, tell, Story, StoryId, StoryLine, StoryPage};
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::{ExchangeError, Purchase};
use reservoir::domain::money::Currency;
use reservoir::domain::partner::{refusal, ActionKind, Actor};
use reservoir::domain::policy::{PackId, Policy};
use reservoir::domain::quote::RefundError;
use reservoir::domain::reservation::{BillingPlan, Buyer, ProductFamily, Scope};
use reservoir::domain::values::{Amount, Date, Quantity};
use reservoir::simulation::command::ReturnLine;
use reservoir::simulation::demo::english_note;
use reservoir::simulation::scenario::{replay, Replacement};
use reservoir::simulation::workspace::Workspace;

/// Days the stories are told on: the tests' pinned day, a leap day, after the exchange change,
/// and years later.
const DAYS: [&str; 5] = ["2026-11-21", "2024-02-29", "2027-02-01", "2027-03-31", "2030-01-01"];

fn told(id: StoryId, today: &str) -> Story {
    tell(id, Date::parse(today).unwrap(), english_note)
}

fn workspace(story: &Story) -> Workspace {
    replay(&story.scenario).unwrap_or_else(|(i, r)| panic!("{:?}: command {i}: {r:?}", story.id))
}

fn the_line(story: &Story, pick: impl Fn(&StoryLine) -> bool) -> StoryLine {
    story.steps.iter().map(|s| s.line.clone()).find(pick).expect("the story says it")
}

#[test]
fn there_are_six_stories_each_with_its_own_code() {
    assert!(StoryId::ALL.len() >= 6);
    for id in StoryId::ALL {
        assert_eq!(StoryId::of(id.code()), Some(id));
    }
    let codes: std::collections::BTreeSet<_> = StoryId::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(codes.len(), StoryId::ALL.len());
    assert_eq!(StoryId::of("no-such-story"), None);
}

#[test]
fn every_story_replays_and_every_step_names_what_its_scenario_holds() {
    for today in DAYS {
        for id in StoryId::ALL {
            let story = told(id, today);
            assert_eq!(story.id, id);
            let w = workspace(&story);
            assert!(story.steps.len() >= 2, "{id:?} has a script");
            // The day it is told on is today, or the day its scenario brings the session to.
            assert_eq!(story.scenario.today.unwrap_or(Date::parse(today).unwrap()), story.today);
            for (n, step) in story.steps.iter().enumerate() {
                assert!(!step.highlight.is_empty());
                if let Some(customer) = step.page.customer() {
                    let c = w.customer(customer).unwrap_or_else(|| panic!("{id:?} step {n}: {customer}"));
                    if let StoryPage::Reservation { reservation, .. } = &step.page {
                        assert!(c.reservation(reservation).is_some(), "{id:?} step {n}: {reservation}");
                    }
                }
            }
            // Loading it is one undoable step, as Load demo data is.
            let mut session = Session::new(Date::parse(today).unwrap(), Policy::pack(PackId::Azure2026));
            session.replace(story.scenario.clone(), Replacement::Demo).unwrap();
            assert_eq!(session.today, story.today);
            session.undo().unwrap();
            assert_eq!(session.today, Date::parse(today).unwrap());
            assert!(session.workspace().customers.is_empty());
        }
    }
}

#[test]
fn the_near_limit_refund_is_refused_and_fits_on_the_day_the_story_names() {
    for today in DAYS {
        let story = told(StoryId::NearLimit, today);
        let w = workspace(&story);
        let day = story.today.get();
        let refused = w.quote_refund("woodgrove", "woodgrove-vm-m", 1, day).unwrap();
        assert!(
            refused.errors.iter().any(|e| matches!(e, RefundError::RefundLimitExceeded { .. })),
            "{today}: {:?}",
            refused.errors
        );
        let StoryLine::RefundFitsOn { date, .. } =
            the_line(&story, |l| matches!(l, StoryLine::RefundFitsOn { .. }))
        else {
            unreachable!()
        };
        assert_eq!(refused.earliest_fit(), Some(date));
        assert!(date > day);
        assert!(
            w.quote_refund("woodgrove", "woodgrove-vm-m", 1, date).unwrap().is_allowed(),
            "{today}: {date}"
        );
        let eve = date.pred_opt().unwrap();
        assert!(!w.quote_refund("woodgrove", "woodgrove-vm-m", 1, eve).unwrap().is_allowed());
        let StoryLine::RefundRefused { counted, left, .. } =
            the_line(&story, |l| matches!(l, StoryLine::RefundRefused { .. }))
        else {
            unreachable!()
        };
        assert!(counted.amount() > left.amount());
        assert_eq!(counted, refused.limit.requested);
    }
}

#[test]
fn the_monthly_reservation_saves_less_when_cancelled_three_months_later() {
    for today in DAYS {
        let story = told(StoryId::MonthlyThreeYears, today);
        let StoryLine::CancelToday { refund, canceled, saves } =
            the_line(&story, |l| matches!(l, StoryLine::CancelToday { .. }))
        else {
            unreachable!()
        };
        assert!(refund.amount() > rust_decimal::Decimal::ZERO && canceled.amount() > refund.amount());
        // The customer's price is above the partner's: it saves more than the partner gets back.
        assert!(saves.amount() > refund.plus(canceled).amount());
        let StoryLine::CancelLater { date, saves: later, less } =
            the_line(&story, |l| matches!(l, StoryLine::CancelLater { .. }))
        else {
            unreachable!()
        };
        assert!(date > story.today.get());
        assert!(later.amount() < saves.amount(), "{today}: {later:?} vs {saves:?}");
        assert_eq!(saves.minus(later), less);
        let StoryLine::MonthlyPlan { term, .. } =
            the_line(&story, |l| matches!(l, StoryLine::MonthlyPlan { .. }))
        else {
            unreachable!()
        };
        assert_eq!(term, Term::P3Y);
        let w = workspace(&story);
        let r = w.customer("contoso").unwrap().reservation("contoso-vm-d4").unwrap();
        assert_eq!(r.billing_plan, BillingPlan::Monthly);
    }
}

fn compute_purchase(units: u32, price: &str) -> Purchase {
    Purchase {
        family: ProductFamily::parse("compute").unwrap(),
        service: None,
        sku: None,
        region: None,
        term: Term::P3Y,
        billing_plan: BillingPlan::Upfront,
        quantity: Quantity::new(units).unwrap(),
        currency: Currency::USD,
        unit_price: Amount::parse(price).unwrap(),
        scope: Scope::Shared,
    }
}

#[test]
fn the_last_exchange_before_the_change_is_final_and_one_bought_after_has_none() {
    let cutoff = exchange_cutoff();
    assert_eq!(cutoff, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
    // Told on or after the cut-off, while the reservation bought before it is still in its term.
    for today in ["2026-11-21", "2024-02-29", "2027-02-01", "2027-03-31", "2028-06-30"] {
        let story = told(StoryId::LastExchange, today);
        let day = story.today.get();
        assert!(day >= cutoff);
        assert_eq!(day, cutoff.max(Date::parse(today).unwrap().get()));
        let w = workspace(&story);
        let exchange = |reservation: &str| {
            let returns = [ReturnLine {
                reservation: reservoir::domain::values::Name::parse(reservation).unwrap(),
                quantity: 4,
            }];
            w.preview_exchange(day, "litware", &returns, &[compute_purchase(4, "20000.00")]).unwrap()
        };
        let before = exchange("litware-vm-2026");
        assert!(before.quote.final_exchange, "{today}");
        assert_eq!(before.quote.errors, []);
        assert_eq!(before.refusal, None);
        let after = exchange("litware-vm-2027");
        assert!(
            after
                .quote
                .errors
                .iter()
                .any(|e| matches!(e, ExchangeError::ExchangeNotAllowedAfterCutoff { .. })),
            "{today}: {:?}",
            after.quote.errors
        );
        let StoryLine::FinalExchange { bought, .. } =
            the_line(&story, |l| matches!(l, StoryLine::FinalExchange { .. }))
        else {
            unreachable!()
        };
        assert!(bought < cutoff);
        let StoryLine::NoExchange { bought, .. } =
            the_line(&story, |l| matches!(l, StoryLine::NoExchange { .. }))
        else {
            unreachable!()
        };
        assert!(bought >= cutoff);
    }
}

#[test]
fn the_customer_bought_it_and_only_the_partner_may_cancel_it() {
    for today in DAYS {
        let story = told(StoryId::BoughtByCustomer, today);
        let w = workspace(&story);
        let contoso = w.customer("contoso").unwrap();
        let r = contoso.reservation("contoso-vm-b2").unwrap();
        assert_eq!(r.bought_by, Buyer::Customer);
        let StoryLine::OnlyPartnerCancels { user } =
            the_line(&story, |l| matches!(l, StoryLine::OnlyPartnerCancels { .. }))
        else {
            unreachable!()
        };
        let buyer = Actor::Customer { customer: contoso.id.clone(), user };
        for action in [ActionKind::Cancel, ActionKind::Exchange] {
            assert!(refusal(&buyer, action).is_some(), "{action:?}");
            assert_eq!(refusal(&Actor::admin_agent(), action), None);
        }
        // The purchase is in the activity log, done by the customer's user.
        let logged = w.activity_log.iter().filter(|e| e.actor == buyer).count();
        assert_eq!(logged, 1);
    }
}

#[test]
fn the_gbp_customer_is_refunded_in_pounds_and_counted_in_dollars() {
    for today in DAYS {
        let story = told(StoryId::GbpCustomer, today);
        let w = workspace(&story);
        let gbp = Currency::from_code("GBP").unwrap();
        assert_eq!(w.customer("northwind").unwrap().currency, gbp);
        let StoryLine::RefundInUsd { refund, counted } =
            the_line(&story, |l| matches!(l, StoryLine::RefundInUsd { .. }))
        else {
            unreachable!()
        };
        assert_eq!(refund.currency(), gbp);
        assert_eq!(counted.currency(), Currency::USD);
        assert_eq!(w.rate(gbp).unwrap().to_usd(refund), counted);
        assert!(counted.amount() > refund.amount());
        let StoryLine::LimitInUsd { limit, .. } =
            the_line(&story, |l| matches!(l, StoryLine::LimitInUsd { .. }))
        else {
            unreachable!()
        };
        assert_eq!(limit.currency(), Currency::USD);
    }
}

#[test]
fn the_same_cancellation_differs_under_2020_and_today() {
    for today in DAYS {
        let story = told(StoryId::ThenAndNow, today);
        let StoryLine::ThenAndNow { then_refund, then_fee, now_refund, .. } =
            the_line(&story, |l| matches!(l, StoryLine::ThenAndNow { .. }))
        else {
            unreachable!()
        };
        assert_ne!(then_refund, now_refund, "{today}");
        assert!(then_fee.amount() > rust_decimal::Decimal::ZERO);
        let w = workspace(&story);
        let now = w.quote_refund("contoso", "contoso-sql", 1, story.today.get()).unwrap();
        assert_eq!(now.priced.unwrap().partner.refund, now_refund);
    }
}
