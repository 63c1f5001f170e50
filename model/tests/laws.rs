//! Laws as property tests (proptest), held against a small reference model written here: an
//! independent, deliberately plain re-implementation of the refund formulas of policy.md §3, with
//! its own calendar arithmetic, that never calls the crate's refund code.
//!
//! - a refund never exceeds what was paid for the units returned;
//! - the crate's refund equals the reference model's, amount by amount;
//! - after any sequence of accepted refunds (and exchanges), the customer's consumed canceled
//!   commitment never exceeds the limit;
//! - a refused command leaves the workspace identical (`==` and its JSON);
//! - every breakdown adds up;
//! - under azure-2026 an exchange never touches the refund-limit ledger;
//! - save-then-load of a scenario is the identity, and both replay to the same workspace;
//! - hostile typed values either fail to build (a `ValueError`) or, dispatched through the app's
//!   session, always save and load back, and a refused one leaves the stored session unchanged.
//!
//! Each law runs a proptest `TestRunner` and also counts what the generated cases did, so that a
//! law cannot pass by never reaching the situation it is about. `RESERVOIR_LAW_CASES=N` runs N
//! cases per law instead of the defaults, for a longer local run.

use reservoir::formats::transfer::{
    check_import, customer_scenario, export_scenario, ImportCheck, ImportMode,
};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reservoir::app::session::{read, write, Session};
use reservoir::domain::breakdown::{Breakdown, Item, Op};
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::{quote_exchange, Purchase};
use reservoir::domain::ledger::{EntryReason, LedgerEntry, RefundLedger};
use reservoir::domain::money::{Currency, UsdRate};
use reservoir::domain::partner::{Actor, Role};
use reservoir::domain::policy::{CapCounts, PackId, Policy, PriceBasis};
use reservoir::domain::quote::quote_refund;
use reservoir::domain::refund::{price_return, value_return, Purpose, ReturnError};
use reservoir::domain::reservation::{BillingPlan, Buyer, Origin, ProductFamily, Reservation, Scope, Status};
use reservoir::domain::values::{
    self, Amount, Date, Days as DayCount, Name, Note, Percent, Quantity, ValueError, WindowDays,
};
use reservoir::formats::compact;
use reservoir::formats::plain;
use reservoir::formats::simulation::{parse_scenario, simulate};
use reservoir::simulation::command::{
    Command, DatedCommand, NewReservation, Rejection, ReturnLine, SubscriptionKind,
};
use reservoir::simulation::scenario::{Replacement, Scenario, UndoStep};
use reservoir::simulation::workspace::Workspace;
use rust_decimal::{Decimal, RoundingStrategy};

// ---------------------------------------------------------------------------------------------
// Running a law.

/// Checked values for literals and generated numbers the test knows are in range.
fn name(text: &str) -> Name {
    Name::parse(text).expect("a valid name")
}

fn amount(value: Decimal) -> Amount {
    Amount::new(value).expect("a valid amount")
}

fn units(value: u32) -> Quantity {
    Quantity::new(value).expect("a valid quantity")
}

fn day(date: NaiveDate) -> Date {
    Date::new(date).expect("a date in the accepted years")
}

fn cases(default: u32) -> u32 {
    std::env::var("RESERVOIR_LAW_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Runs `law` on `cases` values of `strategy`; a failure panics with the shrunk counterexample.
fn check<S: Strategy>(default_cases: u32, strategy: S, law: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config { cases: cases(default_cases), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(failure) = runner.run(&strategy, law) {
        panic!("{failure}");
    }
}

// ---------------------------------------------------------------------------------------------
// The reference model.

mod reference {
    use super::*;

    pub fn is_leap(year: i32) -> bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if is_leap(year) => 29,
            _ => 28,
        }
    }

    /// `months` after `date`, a day the month lacks becoming its last day (§3, "Dates").
    pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
        let index = date.year() * 12 + date.month0() as i32 + months as i32;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        NaiveDate::from_ymd_opt(year, month, date.day().min(days_in_month(year, month))).expect("a real date")
    }

    pub fn days(from: NaiveDate, to: NaiveDate) -> i64 {
        (to - from).num_days()
    }

    pub fn round(value: Decimal, digits: u32) -> Decimal {
        value.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
    }

    /// The policy parameters §3 reads.
    #[derive(Clone, Debug)]
    pub struct Rules {
        pub fee_percent: Decimal,
        pub fee_free_days: i64,
        pub full_refund_window_days: Option<i64>,
        pub full_refund_requires_unused: bool,
        pub lower_of_prices: bool,
        pub refund_only: bool,
    }

    impl Rules {
        pub fn of(policy: &Policy) -> Rules {
            Rules {
                fee_percent: policy.fee_percent.get(),
                fee_free_days: i64::from(policy.fee_free_days.get()),
                full_refund_window_days: policy.full_refund_window_days.map(|d| i64::from(d.get())),
                full_refund_requires_unused: policy.full_refund_requires_unused,
                lower_of_prices: policy.price_basis == PriceBasis::LowerOfPurchaseAndCurrent,
                refund_only: policy.cap_counts == CapCounts::RefundOnly,
            }
        }
    }

    /// §3's table, for `q` of `held` units.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Amounts {
        pub completed: u32,
        pub refund_before_fee: Decimal,
        pub fee: Decimal,
        pub refund: Decimal,
        pub remaining_commitment: Decimal,
        pub total_paid: Decimal,
        pub kept: Decimal,
        pub refund_usd: Decimal,
        pub remaining_commitment_usd: Decimal,
        pub canceled_commitment_usd: Decimal,
    }

    /// Why there is nothing to price.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Refusal {
        Quantity,
        NotActive,
    }

    #[allow(clippy::too_many_arguments)]
    pub fn refund(
        purchase_date: NaiveDate,
        months: u32,
        monthly: bool,
        p: Decimal,
        current: Option<Decimal>,
        held: u32,
        q: u32,
        used: bool,
        today: NaiveDate,
        rules: &Rules,
        exchange: bool,
        digits: u32,
        usd_per_unit: Decimal,
    ) -> Result<Amounts, Refusal> {
        if q == 0 || q > held {
            return Err(Refusal::Quantity);
        }
        let term_end = add_months(purchase_date, months);
        if today < purchase_date || today >= term_end {
            return Err(Refusal::NotActive);
        }
        let days_held = days(purchase_date, today);
        let full = match rules.full_refund_window_days {
            Some(window) => days_held <= window && !(used && rules.full_refund_requires_unused),
            None => false,
        };
        let b = match current {
            Some(c) if rules.lower_of_prices && c < p => c,
            _ => p,
        };
        let (q, held_units) = (Decimal::from(q), Decimal::from(held));
        let (completed, refund_before_fee) = if monthly {
            // Payment k falls on purchase + k months; `completed` counts those on or before today.
            let completed = (0..months).filter(|k| add_months(purchase_date, *k) <= today).count() as u32;
            let start = add_months(purchase_date, completed - 1);
            let end = add_months(purchase_date, completed);
            let value = if full {
                p * q
            } else {
                b * q * Decimal::from(days(today, end)) / Decimal::from(days(start, end))
            };
            (completed, round(value, digits))
        } else {
            let value = if full {
                p * q
            } else {
                b * q * Decimal::from(days(today, term_end)) / Decimal::from(days(purchase_date, term_end))
            };
            (1, round(value, digits))
        };
        // An exchange never charges a fee; a full refund is a full refund (see the report: §3 does
        // not say whether a fee applies inside a full-refund window longer than the fee-free days).
        let charges =
            !exchange && !full && rules.fee_percent > Decimal::ZERO && days_held > rules.fee_free_days;
        let fee = if charges {
            round(rules.fee_percent * refund_before_fee / Decimal::ONE_HUNDRED, digits)
        } else {
            Decimal::ZERO
        };
        let refund = refund_before_fee - fee;
        let remaining_commitment =
            if monthly { round(p * q * Decimal::from(months - completed), digits) } else { Decimal::ZERO };
        let total_paid = round(p * held_units * Decimal::from(completed), digits);
        let usd = |amount: Decimal| {
            if usd_per_unit == Decimal::ONE {
                amount
            } else {
                round(amount * usd_per_unit, 2)
            }
        };
        let (refund_usd, remaining_commitment_usd) = (usd(refund), usd(remaining_commitment));
        Ok(Amounts {
            completed,
            refund_before_fee,
            fee,
            refund,
            remaining_commitment,
            total_paid,
            kept: total_paid - refund,
            refund_usd,
            remaining_commitment_usd,
            canceled_commitment_usd: if rules.refund_only {
                refund_usd
            } else {
                refund_usd + remaining_commitment_usd
            },
        })
    }
}

#[test]
fn the_reference_model_reproduces_the_worked_examples() {
    use reference::*;
    let azure = Rules::of(&Policy::pack(PackId::Azure2026));
    let csp = Rules::of(&Policy::pack(PackId::Csp2020));
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let n = |s: &str| s.parse::<Decimal>().unwrap();
    let one = |bought, months, monthly, p, today, used, rules: &Rules| {
        refund(d(bought), months, monthly, n(p), None, 1, 1, used, d(today), rules, false, 2, Decimal::ONE)
            .unwrap()
    };
    // W2, W3, W4, W5, W7, W8 of policy.md §5.
    assert_eq!(one("2023-03-01", 12, false, "2400", "2023-08-31", true, &azure).refund, n("1200.00"));
    let w3 = one("2024-01-15", 36, true, "100", "2025-01-15", true, &azure);
    assert_eq!((w3.completed, w3.refund, w3.canceled_commitment_usd), (13, n("100.00"), n("2400.00")));
    assert_eq!(
        one("2024-01-15", 36, true, "3000", "2025-08-25", true, &azure).canceled_commitment_usd,
        n("50032.26")
    );
    assert_eq!(one("2024-07-10", 12, false, "3650", "2025-07-09", true, &azure).refund, n("10.00"));
    assert_eq!(one("2024-01-01", 12, false, "12000", "2024-01-04", true, &csp).refund, n("11901.64"));
    let w8 = one("2024-01-01", 12, false, "12000", "2024-01-31", true, &csp);
    assert_eq!((w8.fee, w8.refund), (n("1321.97"), n("9694.42")));
    assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
    assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
}

// ---------------------------------------------------------------------------------------------
// Generators.

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date")
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        3 => (0u64..365 * 6).prop_map(|offset| start() + Days::new(offset)),
        // The 28th to the 31st, where months clamp.
        1 => (2022i32..2028, 1u32..=12, 28u32..=31)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d.min(reference::days_in_month(y, m))).expect("a date")),
    ]
}

/// A price with up to 4 decimals, mostly ordinary, sometimes tiny or at the top of the range.
fn arb_price() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        6 => (1i64..10_000_000, 0u32..=4).prop_map(|(m, scale)| Decimal::new(m, scale)),
        1 => (1i64..100, 0u32..=8).prop_map(|(m, scale)| Decimal::new(m, scale)),
        1 => (1i64..=1_000_000, 0u32..=2).prop_map(|(m, scale)| Decimal::new(m, scale) * Decimal::from(1_000_000)),
    ]
    .prop_map(|d| d.normalize())
}

fn arb_policy() -> impl Strategy<Value = Policy> {
    let custom = (
        select(&PackId::ALL[..]),
        prop_oneof![
            Just(Decimal::ZERO),
            Just(Decimal::from(12)),
            (0i64..=10_000).prop_map(|m| Decimal::new(m, 2))
        ],
        0u32..10,
        proptest::option::of(0u32..10),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(base, fee, free, window, unused, lower, refund_only)| Policy {
            fee_percent: Percent::new(fee.normalize()).expect("0 to 100"),
            fee_free_days: DayCount::new(free).expect("a day count"),
            full_refund_window_days: window.map(|w| DayCount::new(w).expect("a day count")),
            full_refund_requires_unused: unused,
            price_basis: if lower { PriceBasis::LowerOfPurchaseAndCurrent } else { PriceBasis::Purchase },
            cap_counts: if refund_only { CapCounts::RefundOnly } else { CapCounts::CanceledCommitment },
            ..Policy::pack(base)
        });
    prop_oneof![select(&PackId::ALL[..]).prop_map(Policy::pack), custom]
}

/// A reservation with its return: (reservation, units returned, the return date).
#[derive(Clone, Debug)]
struct Case {
    reservation: Reservation,
    quantity: u32,
    today: NaiveDate,
    rate: UsdRate,
}

fn arb_reservation(id: &'static str) -> impl Strategy<Value = Reservation> {
    (
        arb_date(),
        any::<bool>(),
        any::<bool>(),
        arb_price(),
        proptest::option::of(arb_price()),
        proptest::option::of(arb_price()),
        prop_oneof![4 => 1u32..=12, 1 => Just(1_000_000u32)],
        any::<bool>(),
        select(&["USD", "GBP", "JPY"][..]),
    )
        .prop_map(
            move |(bought, three_years, monthly, price, current, customer, quantity, used, currency)| {
                Reservation {
                    id: name(id),
                    order_id: name(&format!("order-{id}")),
                    family: ProductFamily::compute(),
                    service: None,
                    sku: "Standard_D2s_v5".into(),
                    region: "westeurope".into(),
                    quantity,
                    term: if three_years { Term::P3Y } else { Term::P1Y },
                    billing_plan: if monthly { BillingPlan::Monthly } else { BillingPlan::Upfront },
                    purchase_date: bought,
                    scope: Scope::Shared,
                    currency: Currency::from_code(currency).expect("known"),
                    unit_price: price,
                    current_unit_price: current,
                    customer_unit_price: customer,
                    used,
                    bought_by: Buyer::Partner,
                    origin: Origin::Purchase,
                    display_name: None,
                    status: Status::Active,
                }
            },
        )
}

fn arb_rate(currency: Currency) -> BoxedStrategy<UsdRate> {
    if currency == Currency::USD {
        Just(UsdRate::ONE).boxed()
    } else {
        (1i64..=2_000_000, 0u32..=6)
            .prop_filter_map("a valid rate", |(m, scale)| UsdRate::new(Decimal::new(m, scale)))
            .boxed()
    }
}

/// A return inside the term (mostly), of a valid quantity (mostly).
fn arb_case() -> impl Strategy<Value = Case> {
    arb_reservation("r1").prop_flat_map(|reservation| {
        let term_days = (reference::add_months(reservation.purchase_date, reservation.term.months())
            - reservation.purchase_date)
            .num_days();
        let held = reservation.quantity;
        let today = prop_oneof![
            8 => 0..term_days,
            1 => -3i64..0,
            1 => term_days..term_days + 3,
            // The first days, around the full-refund and fee-free windows.
            4 => 0i64..12,
        ];
        let quantity = prop_oneof![8 => 1..=held, 1 => Just(0), 1 => Just(held + 1)];
        (Just(reservation.clone()), quantity, today, arb_rate(reservation.currency)).prop_map(
            |(reservation, quantity, offset, rate)| {
                let today = if offset >= 0 {
                    reservation.purchase_date + Days::new(offset as u64)
                } else {
                    reservation.purchase_date - Days::new(offset.unsigned_abs())
                };
                Case { reservation, quantity, today, rate }
            },
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Law: the crate's refund is the reference model's, and never more than was paid.

fn reference_for(
    case: &Case,
    policy: &Policy,
    purpose: Purpose,
) -> Result<reference::Amounts, reference::Refusal> {
    let r = &case.reservation;
    reference::refund(
        r.purchase_date,
        r.term.months(),
        r.billing_plan == BillingPlan::Monthly,
        r.unit_price,
        r.current_unit_price,
        r.quantity,
        case.quantity,
        r.used,
        case.today,
        &reference::Rules::of(policy),
        purpose == Purpose::Exchange,
        r.currency.minor_unit_digits(),
        case.rate.usd_per_unit(),
    )
}

#[test]
fn the_refund_is_the_reference_models_and_never_more_than_was_paid_and_valuing_agrees() {
    let priced = Cell::new(0);
    let refused = Cell::new(0);
    let fees = Cell::new(0);
    let full = Cell::new(0);
    check(
        2_000,
        (arb_case(), arb_policy(), select(&[Purpose::Refund, Purpose::Exchange][..])),
        |(case, policy, purpose)| {
            let expected = reference_for(&case, &policy, purpose);
            let got = price_return(&case.reservation, case.quantity, case.today, &policy, case.rate, purpose);
            // Valuing without the breakdown gives the same answer, to the cent, or the same refusal.
            let valued =
                value_return(&case.reservation, case.quantity, case.today, &policy, case.rate, purpose);
            let explained = got.clone().map(|mut q| {
                q.breakdown = Breakdown::new();
                q
            });
            prop_assert_eq!(&valued, &explained);
            let (expected, got) = match (expected, got) {
                (
                    Err(reference::Refusal::Quantity),
                    Err(ReturnError::InvalidRefundQuantity { requested, held }),
                ) => {
                    prop_assert_eq!((requested, held), (case.quantity, case.reservation.quantity));
                    refused.set(refused.get() + 1);
                    return Ok(());
                }
                (
                    Err(reference::Refusal::NotActive),
                    Err(ReturnError::ReservationNotActive { today, .. }),
                ) => {
                    prop_assert_eq!(today, case.today);
                    refused.set(refused.get() + 1);
                    return Ok(());
                }
                (Ok(expected), Ok(got)) => (expected, got),
                (expected, got) => {
                    return Err(TestCaseError::fail(format!("reference {expected:?}, crate {got:?}")));
                }
            };
            priced.set(priced.get() + 1);
            if !expected.fee.is_zero() {
                fees.set(fees.get() + 1);
            }
            if got.rule == reservoir::domain::refund::RefundRule::FullRefundWindow {
                full.set(full.get() + 1);
            }
            let a = &got.partner;
            let crate_amounts = reference::Amounts {
                completed: got.completed_transactions,
                refund_before_fee: a.refund_before_fee.amount(),
                fee: a.fee.amount(),
                refund: a.refund.amount(),
                remaining_commitment: a.remaining_commitment.amount(),
                total_paid: a.total_paid.amount(),
                kept: a.prorated_amount.amount(),
                refund_usd: got.refund_usd.amount(),
                remaining_commitment_usd: got.remaining_commitment_usd.amount(),
                canceled_commitment_usd: got.canceled_commitment_usd.amount(),
            };
            prop_assert_eq!(&crate_amounts, &expected);

            // Never more than was paid for the units returned: for Upfront their whole price, for
            // Monthly their current payment; and never below zero.
            let r = &case.reservation;
            let digits = r.currency.minor_unit_digits();
            let paid_for_returned = reference::round(r.unit_price * Decimal::from(case.quantity), digits);
            prop_assert!(a.refund.amount() >= Decimal::ZERO, "negative refund {}", a.refund);
            prop_assert!(
                a.refund.amount() <= paid_for_returned,
                "refund {} > paid {}",
                a.refund,
                paid_for_returned
            );
            prop_assert!(
                a.refund.amount() <= a.total_paid.amount(),
                "refund {} > total paid {}",
                a.refund,
                a.total_paid
            );
            prop_assert!(a.prorated_amount.amount() >= Decimal::ZERO);
            // What is owed to the customer follows the same bounds at its price; with no price of
            // its own, it is owed exactly what the partner gets back.
            let customer = &got.customer;
            let price = r.customer_unit_price.unwrap_or(r.unit_price);
            let owed = reference::round(price * Decimal::from(case.quantity), digits);
            prop_assert!(customer.refund.amount() >= Decimal::ZERO && customer.refund.amount() <= owed);
            if r.customer_unit_price.is_none() {
                prop_assert_eq!(customer, a);
            }
            // The amounts are in the reservation's currency, with its minor unit.
            prop_assert_eq!(a.refund.currency(), r.currency);
            let decimals = a.refund.amount_string().split('.').nth(1).map_or(0, str::len) as u32;
            prop_assert_eq!(decimals, digits);
            Ok(())
        },
    );
    eprintln!(
        "priced {}, refused {}, with a fee {}, full refunds {}",
        priced.get(),
        refused.get(),
        fees.get(),
        full.get()
    );
    // The cases reached every rule.
    assert!(priced.get() > 1_000 && refused.get() > 50, "priced {}, refused {}", priced.get(), refused.get());
    assert!(fees.get() > 50 && full.get() > 30, "with a fee {}, full refunds {}", fees.get(), full.get());
}

// ---------------------------------------------------------------------------------------------
// Law: every breakdown adds up.

#[test]
fn a_breakdown_that_does_not_add_up_is_caught() {
    let usd = |s: &str| Currency::USD.round(s.parse().unwrap());
    let mut wrong = Breakdown::new();
    wrong.push(Item::RefundsTotal, usd("10.00"), Op::Start);
    wrong.push(Item::PurchasesTotal, usd("2.50"), Op::Minus);
    wrong.push(Item::NetPayable, usd("7.49"), Op::Equals);
    assert!(wrong.check().is_err());
    let mut right = Breakdown::new();
    right.push(Item::RefundsTotal, usd("10.00"), Op::Start);
    right.push(Item::PurchasesTotal, usd("2.50"), Op::Minus);
    right.push(Item::NetPayable, usd("7.50"), Op::Equals);
    assert_eq!(right.check(), Ok(()));
    let mut open = right.clone();
    open.push(Item::RefundsTotal, usd("1.00"), Op::Start);
    open.push(Item::RefundsTotal, usd("1.00"), Op::Plus);
    assert!(open.check().is_err(), "a chain without its total");
}

fn arb_ledger() -> impl Strategy<Value = RefundLedger> {
    prop::collection::vec((arb_date(), (0i64..6_000_000).prop_map(|c| Decimal::new(c, 2))), 0..4).prop_map(
        |entries| {
            RefundLedger::from_entries(
                entries
                    .into_iter()
                    .map(|(date, usd)| LedgerEntry {
                        date,
                        usd,
                        reason: EntryReason::Earlier { note: String::new() },
                    })
                    .collect(),
            )
        },
    )
}

#[test]
fn every_refund_breakdown_adds_up() {
    let refused_by_limit = Cell::new(0);
    check(1_000, (arb_case(), arb_policy(), arb_ledger()), |(case, policy, ledger)| {
        let quote = quote_refund(&case.reservation, case.quantity, case.today, &policy, case.rate, &ledger);
        prop_assert_eq!(quote.breakdown.check(), Ok(()));
        if let Some(priced) = &quote.priced {
            prop_assert_eq!(priced.breakdown.check(), Ok(()));
            // The limit's chain ends on what the check says is left.
            let last = quote.breakdown.lines().last().expect("lines");
            prop_assert_eq!(last.amount, quote.limit.left_after);
            prop_assert_eq!(quote.limit.requested, priced.canceled_commitment_usd);
        }
        if quote.earliest_fit().is_some() || !quote.limit.fits() {
            refused_by_limit.set(refused_by_limit.get() + 1);
        }
        Ok(())
    });
    eprintln!("refused by the limit {}", refused_by_limit.get());
    assert!(refused_by_limit.get() > 20, "refused by the limit {}", refused_by_limit.get());
}

#[test]
fn every_exchange_breakdown_adds_up() {
    let purchase = (
        prop_oneof![3 => Just("compute"), 1 => Just("sql")],
        any::<bool>(),
        any::<bool>(),
        // A purchase of no unit cannot be built (a `Quantity` is 1 or more), nor a price above
        // the largest amount.
        1u32..4,
        arb_price().prop_map(|p| (p * Decimal::from(50)).min(Decimal::from(1_000_000_000_000u64))),
    )
        .prop_map(|(family, three_years, monthly, quantity, price)| Purchase {
            family: ProductFamily::parse(family).expect("a family"),
            service: None,
            sku: Some(name("Standard_D4s_v5")),
            region: Some(name("westeurope")),
            term: if three_years { Term::P3Y } else { Term::P1Y },
            billing_plan: if monthly { BillingPlan::Monthly } else { BillingPlan::Upfront },
            quantity: units(quantity),
            currency: Currency::USD,
            unit_price: amount(price),
            scope: Scope::Shared,
        });
    // Mostly one to three returns and one or two purchases; now and then none.
    let returns = prop::collection::vec((arb_case(), prop_oneof![4 => Just(0u32), 1 => 1u32..3]), 1..4);
    let returns = prop_oneof![1 => Just(Vec::new()), 8 => returns];
    let purchases = prop_oneof![1 => Just(Vec::new()), 8 => prop::collection::vec(purchase, 1..3)];
    let policy = (arb_policy(), any::<bool>())
        .prop_map(|(policy, counts)| Policy { exchanges_count_toward_limit: counts, ..policy });
    let accepted = Cell::new(0);
    check(
        600,
        (returns, purchases, policy, arb_ledger(), arb_date()),
        |(returns, purchases, policy, ledger, today)| {
            // All of one currency (USD), as the edge guarantees; some returns are dated at their own
            // case's date, others at a common date.
            let today = returns.first().map_or(today, |(case, _)| case.today);
            // Each return keeps its own distance from its purchase date to the common exchange date,
            // so that it is inside its term exactly when its own case was.
            let reservations: Vec<Reservation> = returns
                .iter()
                .enumerate()
                .map(|(i, (case, _))| {
                    let held_for = case.today - case.reservation.purchase_date;
                    Reservation {
                        id: name(&format!("r{i}")),
                        currency: Currency::USD,
                        purchase_date: today - held_for,
                        ..case.reservation.clone()
                    }
                })
                .collect();
            let lines: Vec<(&Reservation, u32)> = reservations
                .iter()
                .zip(&returns)
                .map(|(r, (case, pick))| (r, if *pick == 0 { case.quantity } else { *pick }))
                .collect();
            let quote =
                quote_exchange(&lines, &purchases, today, &policy, Currency::USD, UsdRate::ONE, &ledger);
            prop_assert_eq!(quote.breakdown.check(), Ok(()));
            for priced in &quote.returns {
                prop_assert_eq!(priced.breakdown.check(), Ok(()));
                prop_assert!(priced.partner.fee.amount().is_zero(), "an exchange charges no fee");
            }
            prop_assert_eq!(quote.net_payable, quote.purchases_total.minus(quote.refunds_total));
            if quote.errors.is_empty() {
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        },
    );
    eprintln!("accepted exchanges {}", accepted.get());
    assert!(accepted.get() > 20, "accepted exchanges {}", accepted.get());
}

// ---------------------------------------------------------------------------------------------
// Law: the earliest date that fits is the first day on which the same refund fits.

#[test]
fn the_earliest_date_that_fits_is_the_first_day_that_fits() {
    let fits_later = Cell::new(0);
    let never = Cell::new(0);
    // Earlier refunds in the year before the return, large enough that the limit often refuses.
    let ledger = prop::collection::vec((1u64..365, (1_000i64..60_000).prop_map(Decimal::from)), 1..4);
    let samples = prop::collection::vec(any::<prop::sample::Index>(), 4);
    check(200, (arb_case(), arb_policy(), ledger, samples), |(case, policy, entries, samples)| {
        let ledger = RefundLedger::from_entries(
            entries
                .iter()
                .map(|(days_before, usd)| LedgerEntry {
                    date: case.today - Days::new(*days_before),
                    usd: *usd,
                    reason: EntryReason::Earlier { note: String::new() },
                })
                .collect(),
        );
        let r = &case.reservation;
        let quote_on = |date: NaiveDate| quote_refund(r, case.quantity, date, &policy, case.rate, &ledger);
        let refused_by_limit =
            |date: NaiveDate| quote_on(date).errors.iter().any(|e| e.code() == "RefundLimitExceeded");
        let quote = quote_on(case.today);
        if !refused_by_limit(case.today) {
            prop_assert_eq!(quote.earliest_fit(), None);
            return Ok(());
        }
        let term_end = reference::add_months(r.purchase_date, r.term.months());
        let last_day = term_end - Days::new(1);
        let days_to_check = |until: NaiveDate| -> Vec<NaiveDate> {
            // The day before `until` and a few days between today and it.
            let span = (until - case.today).num_days();
            let mut days: Vec<NaiveDate> = samples
                .iter()
                .map(|i| case.today + Days::new(1 + i.index(span.max(1) as usize) as u64))
                .collect();
            days.push(until - Days::new(1));
            days.into_iter().filter(|d| *d > case.today && *d < until).collect()
        };
        match quote.earliest_fit() {
            Some(date) => {
                fits_later.set(fits_later.get() + 1);
                prop_assert!(date > case.today && date <= last_day, "{date} outside the term");
                let on_that_day = quote_on(date);
                prop_assert!(on_that_day.is_allowed(), "refused on {date}: {:?}", on_that_day.errors);
                for day in days_to_check(date) {
                    prop_assert!(refused_by_limit(day), "it fits on {day}, before {date}");
                }
            }
            None => {
                never.set(never.get() + 1);
                for day in days_to_check(term_end) {
                    prop_assert!(refused_by_limit(day), "it fits on {day}");
                }
            }
        }
        Ok(())
    });
    eprintln!("fits later {}, never {}", fits_later.get(), never.get());
    assert!(
        fits_later.get() > 20 && never.get() > 20,
        "fits later {}, never {}",
        fits_later.get(),
        never.get()
    );
}

// ---------------------------------------------------------------------------------------------
// Workspaces.

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn admin(date: NaiveDate, command: Command) -> DatedCommand {
    DatedCommand { date: day(date), actor: Actor::admin_agent(), command }
}

/// The id of the `k`-th reservation of `customer` that still holds units (or a name none has).
fn open_reservation(ws: &Workspace, customer: &str, k: usize) -> Name {
    let open: Vec<&Reservation> =
        ws.customer(customer).map(|c| c.open_reservations().collect()).unwrap_or_default();
    if open.is_empty() {
        name("none")
    } else {
        open[k % open.len()].id.clone()
    }
}

/// A step of a refund-and-exchange sequence: days after the previous step, which open reservation
/// (by position), units, and whether it is an exchange (with how much more is bought).
#[derive(Clone, Debug)]
struct Step {
    days_later: u64,
    which: usize,
    quantity: u32,
    exchange: Option<Decimal>,
}

fn arb_steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            prop_oneof![2 => Just(0u64), 3 => 1u64..60, 1 => 60u64..400],
            0usize..16,
            prop_oneof![6 => 1u32..6, 1 => Just(0u32)],
            prop_oneof![3 => Just(None), 1 => (0i64..100_000).prop_map(|m| Some(Decimal::new(m, 0)))],
        )
            .prop_map(|(days_later, which, quantity, exchange)| Step {
                days_later,
                which,
                quantity,
                exchange,
            }),
        1..max,
    )
}

/// Buys for customer c1 (in `currency`) the reservations given, recorded at their purchase dates.
fn workspace_with(
    policy: Policy,
    currency: Currency,
    rate: UsdRate,
    reservations: &[Reservation],
) -> Workspace {
    let mut ws = Workspace::new(policy);
    let first = reservations.iter().map(|r| r.purchase_date).max().unwrap_or_else(start);
    let setup = [
        Command::SetRate {
            currency: Currency::from_code("GBP").unwrap(),
            usd_per_unit: amount(rate.usd_per_unit()),
        },
        Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency },
    ];
    for command in setup {
        ws.apply(&admin(first, command)).expect("setup");
    }
    for (i, r) in reservations.iter().enumerate() {
        let new = NewReservation {
            id: Some(name(&format!("r{i}"))),
            order_id: None,
            family: r.family.clone(),
            service: None,
            sku: name(&r.sku),
            region: name(&r.region),
            term: r.term,
            billing_plan: r.billing_plan,
            quantity: units(r.quantity),
            unit_price: amount(r.unit_price),
            current_unit_price: r.current_unit_price.map(amount),
            customer_unit_price: r.customer_unit_price.map(amount),
            scope: Scope::Shared,
            purchase_date: Some(day(r.purchase_date)),
            used: r.used,
            display_name: None,
        };
        ws.apply(&admin(first, Command::Buy { customer: name("c1"), reservation: Box::new(new) }))
            .expect("buy");
    }
    ws
}

fn limit_policy() -> impl Strategy<Value = Policy> {
    (arb_policy(), select(&[5_000i64, 20_000, 50_000][..]), select(&[30u32, 365][..]), any::<bool>())
        .prop_map(|(policy, limit, window, exchanges_count)| Policy {
            refund_limit_usd: amount(Decimal::from(limit)),
            refund_window_days: WindowDays::new(window).expect("a window"),
            exchanges_count_toward_limit: exchanges_count,
            ..policy
        })
}

fn arb_portfolio() -> impl Strategy<Value = (Vec<Reservation>, Currency, UsdRate)> {
    (
        prop::collection::vec(
            (
                arb_reservation("r"),
                0u64..700,
                1u32..=10,
                (1i64..200_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
            ),
            1..6,
        ),
        any::<bool>(),
        (5_000i64..=20_000).prop_map(|m| UsdRate::new(Decimal::new(m, 4)).expect("a rate")),
    )
        .prop_map(|(reservations, gbp, rate)| {
            let currency = if gbp { Currency::from_code("GBP").unwrap() } else { Currency::USD };
            let reservations = reservations
                .into_iter()
                .map(|(r, offset, quantity, price)| Reservation {
                    // All bought in 2023-2024, priced so that a few refunds reach the limit.
                    purchase_date: d("2023-01-01") + Days::new(offset),
                    quantity,
                    unit_price: price.normalize(),
                    currency,
                    ..r
                })
                .collect();
            (reservations, currency, rate)
        })
}

/// Law: the limit is never exceeded. After every accepted refund or exchange, what the customer's
/// ledger counts on that day is at most the limit, and so on every later day.
#[test]
fn consumed_never_exceeds_the_limit() {
    let accepted_refunds = Cell::new(0);
    let refused_by_limit = Cell::new(0);
    check(
        250,
        (arb_portfolio(), limit_policy(), arb_steps(24)),
        |((reservations, currency, rate), policy, steps)| {
            let mut ws = workspace_with(policy.clone(), currency, rate, &reservations);
            let limit = policy.refund_limit_usd.get();
            let mut date = ws.last_date.expect("a date");
            for step in steps {
                date = date + Days::new(step.days_later);
                let reservation = open_reservation(&ws, "c1", step.which);
                let command = match step.exchange {
                    None => Command::Refund { customer: name("c1"), reservation, quantity: step.quantity },
                    Some(price) => Command::Exchange {
                        customer: name("c1"),
                        returns: vec![ReturnLine { reservation, quantity: step.quantity }],
                        purchases: vec![Purchase {
                            family: ProductFamily::compute(),
                            service: Some(name("vmware_solution")),
                            sku: Some(name("Standard_D4s_v5")),
                            region: Some(name("westeurope")),
                            term: Term::P3Y,
                            billing_plan: BillingPlan::Upfront,
                            quantity: units(1),
                            currency,
                            unit_price: amount(price),
                            scope: Scope::Shared,
                        }],
                    },
                };
                match ws.apply(&admin(date, command)) {
                    Ok(_) => {
                        if step.exchange.is_none() {
                            accepted_refunds.set(accepted_refunds.get() + 1);
                        }
                    }
                    Err(Rejection::RefundRefused { errors }) => {
                        if errors.iter().any(|e| e.code() == "RefundLimitExceeded") {
                            refused_by_limit.set(refused_by_limit.get() + 1);
                        }
                    }
                    Err(_) => {}
                }
                let ledger = &ws.customer("c1").expect("c1").ledger;
                for later in [0u64, 1, 29, 30, 180, 364, 365] {
                    let on = date + Days::new(later);
                    let consumed = ledger.consumed(on, policy.refund_window_days.get()).amount();
                    prop_assert!(consumed <= limit, "on {on}: consumed {consumed} > limit {limit}");
                    // The prefix-summed index agrees.
                    prop_assert_eq!(
                        ledger.index(policy.refund_window_days.get()).consumed(on).amount(),
                        consumed
                    );
                }
            }
            Ok(())
        },
    );
    eprintln!("accepted refunds {}, refused by the limit {}", accepted_refunds.get(), refused_by_limit.get());
    assert!(accepted_refunds.get() > 100, "accepted refunds {}", accepted_refunds.get());
    assert!(refused_by_limit.get() > 100, "refused by the limit {}", refused_by_limit.get());
}

/// Law: under azure-2026 an exchange never touches the refund-limit ledger, while each refund adds
/// exactly one entry.
#[test]
fn under_azure_2026_an_exchange_never_touches_the_limit() {
    let accepted_exchanges = Cell::new(0);
    check(
        250,
        (arb_portfolio(), arb_steps(16), arb_ledger()),
        |((reservations, currency, rate), steps, earlier)| {
            let mut ws = workspace_with(Policy::pack(PackId::Azure2026), currency, rate, &reservations);
            let mut date = ws.last_date.expect("a date");
            for entry in earlier.entries() {
                if entry.date <= date {
                    let command = Command::RecordEarlierRefund {
                        customer: name("c1"),
                        refund_date: day(entry.date),
                        usd: amount(entry.usd),
                        note: Note::default(),
                    };
                    ws.apply(&admin(date, command)).expect("an earlier refund");
                }
            }
            for step in steps {
                date = date + Days::new(step.days_later);
                let reservation = open_reservation(&ws, "c1", step.which);
                let before = ws.customer("c1").expect("c1").ledger.clone();
                let exchange = step.exchange.is_some();
                let command = match step.exchange {
                    None => Command::Refund { customer: name("c1"), reservation, quantity: step.quantity },
                    // Bought: one reservation worth its lifetime value and more, of the same family.
                    Some(extra) => {
                        let held = ws.customer("c1").unwrap().reservation(&reservation).cloned();
                        let value =
                            held.as_ref().map_or(Decimal::ONE, |r| r.lifetime_value(r.quantity).amount());
                        Command::Exchange {
                            customer: name("c1"),
                            returns: vec![ReturnLine { reservation, quantity: step.quantity }],
                            purchases: vec![Purchase {
                                family: ProductFamily::compute(),
                                service: None,
                                sku: Some(name("Standard_D4s_v5")),
                                region: Some(name("westeurope")),
                                term: Term::P1Y,
                                billing_plan: BillingPlan::Upfront,
                                quantity: units(1),
                                currency,
                                unit_price: amount(value + extra),
                                scope: Scope::Shared,
                            }],
                        }
                    }
                };
                let accepted = ws.apply(&admin(date, command)).is_ok();
                let after = &ws.customer("c1").expect("c1").ledger;
                if exchange || !accepted {
                    prop_assert_eq!(after, &before);
                } else {
                    prop_assert_eq!(after.len(), before.len() + 1);
                    prop_assert_eq!(&after.entries()[..before.len()], before.entries());
                }
                if exchange && accepted {
                    accepted_exchanges.set(accepted_exchanges.get() + 1);
                }
            }
            Ok(())
        },
    );
    eprintln!("accepted exchanges {}", accepted_exchanges.get());
    assert!(accepted_exchanges.get() > 100, "accepted exchanges {}", accepted_exchanges.get());
}

// ---------------------------------------------------------------------------------------------
// Arbitrary commands: a refused command changes nothing; save-then-load is the identity.

fn arb_name() -> impl Strategy<Value = Name> {
    prop_oneof![4 => select(&["c1", "c2", "s1", "s2", "alice", "bob"][..]).prop_map(String::from), 1 => "[A-Za-z][A-Za-z0-9 _-]{0,10}[a-z]"]
        .prop_map(|text| name(&text))
}

fn arb_amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        6 => (0i64..1_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => Just(Decimal::ZERO),
        1 => Just(Decimal::from(1_000_000_000_000u64)),
        1 => (1i64..100_000_000, 0u32..=8).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
    .prop_map(|d| amount(d.normalize()))
}

fn arb_scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        3 => Just(Scope::Shared),
        2 => select(&["s1", "s2", "s9"][..]).prop_map(|s| Scope::Single { subscription: name(s) }),
        1 => Just(Scope::ResourceGroup { subscription: name("s1"), resource_group: name("rg") }),
        1 => Just(Scope::ManagementGroup { management_group: name("mg") }),
    ]
}

fn arb_currency() -> impl Strategy<Value = Currency> {
    select(&["USD", "GBP", "JPY", "EUR"][..]).prop_map(|c| Currency::from_code(c).expect("known"))
}

/// A reservation reference: `@k` is resolved, when the command is applied, to the k-th reservation
/// of its customer (so that commands reach what was bought); other names are taken as they are.
fn reservation_ref() -> impl Strategy<Value = Name> {
    prop_oneof![5 => (0usize..8).prop_map(|k| name(&format!("@{k}"))), 1 => select(&["r1", "ghost"][..]).prop_map(name)]
}

fn arb_new_reservation() -> impl Strategy<Value = NewReservation> {
    (
        (
            proptest::option::of(select(&["r1", "r2", "r3"][..]).prop_map(name)),
            proptest::option::of(Just(name("o1"))),
        ),
        (
            select(&["compute", "sql", "cosmos_db", "red_hat"][..]),
            proptest::option::of(Just(name("vmware_solution"))),
        ),
        // 0 and 1,000,001 units cannot be built (the hostile-values law checks they are refused
        // when read); the largest quantity can.
        (any::<bool>(), any::<bool>(), prop_oneof![8 => 1u32..=12, 1 => Just(1_000_000u32)].prop_map(units)),
        (arb_amount(), proptest::option::of(arb_amount()), proptest::option::of(arb_amount())),
        (arb_scope(), proptest::option::of(arb_date()), any::<bool>()),
    )
        .prop_map(
            |(
                (id, order_id),
                (family, service),
                (three, monthly, quantity),
                (price, current, customer),
                (scope, bought, used),
            )| {
                NewReservation {
                    id: id.clone(),
                    order_id,
                    family: ProductFamily::parse(family).expect("a family"),
                    service,
                    sku: name("Standard_D2s_v5"),
                    region: name("westeurope"),
                    term: if three { Term::P3Y } else { Term::P1Y },
                    billing_plan: if monthly { BillingPlan::Monthly } else { BillingPlan::Upfront },
                    quantity,
                    unit_price: price,
                    current_unit_price: current,
                    customer_unit_price: customer,
                    scope,
                    purchase_date: bought.map(day),
                    used,
                    // A display name on some: it must save, load and replay like the rest.
                    display_name: id.as_ref().map(|i| name(&format!("RI {i}"))),
                }
            },
        )
}

fn arb_purchase() -> impl Strategy<Value = Purchase> {
    (
        select(&["compute", "sql"][..]),
        any::<bool>(),
        any::<bool>(),
        // A purchase of no unit cannot be built.
        (1u32..4).prop_map(units),
        arb_amount(),
        arb_currency(),
        arb_scope(),
    )
        .prop_map(|(family, three, monthly, quantity, price, currency, scope)| Purchase {
            family: ProductFamily::parse(family).expect("a family"),
            service: None,
            sku: Some(name("Standard_D4s_v5")),
            region: Some(name("westeurope")),
            term: if three { Term::P3Y } else { Term::P1Y },
            billing_plan: if monthly { BillingPlan::Monthly } else { BillingPlan::Upfront },
            quantity,
            currency,
            unit_price: price,
            scope,
        })
}

fn arb_command() -> impl Strategy<Value = Command> {
    let customer = || prop_oneof![4 => Just(name("c1")), 2 => Just(name("c2")), 1 => Just(name("c3"))];
    let subscription = || select(&["s1", "s2", "s9"][..]).prop_map(name);
    let user = || select(&["alice", "bob"][..]).prop_map(name);
    let kind =
        select(&[SubscriptionKind::AzurePlan, SubscriptionKind::AzureGlobal, SubscriptionKind::Other][..]);
    prop_oneof![
        1 => (customer(), arb_name(), arb_currency()).prop_map(|(customer, name, currency)| Command::AddCustomer { customer, name, currency }),
        1 => (customer(), arb_name()).prop_map(|(customer, name)| Command::RenameCustomer { customer, name }),
        1 => customer().prop_map(|customer| Command::RemoveCustomer { customer }),
        1 => (arb_currency(), prop_oneof![arb_amount(), Just(amount(Decimal::from(2_000_000)))]).prop_map(|(currency, usd_per_unit)| Command::SetRate { currency, usd_per_unit }),
        1 => arb_policy().prop_map(|policy| Command::SetPolicy { policy }),
        1 => (customer(), subscription(), kind, any::<bool>()).prop_map(|(customer, subscription, kind, bought_by_partner)| Command::AddSubscription { customer, subscription, kind, bought_by_partner }),
        1 => (customer(), user()).prop_map(|(customer, user)| Command::AddUser { customer, user }),
        1 => (customer(), user(), subscription()).prop_map(|(customer, user, subscription)| Command::AssignOwner { customer, user, subscription }),
        1 => (customer(), user(), subscription()).prop_map(|(customer, user, subscription)| Command::RemoveOwner { customer, user, subscription }),
        1 => (customer(), any::<bool>()).prop_map(|(customer, allowed)| Command::SetPurchasePermission { customer, allowed }),
        5 => (customer(), arb_new_reservation()).prop_map(|(customer, new)| Command::Buy { customer, reservation: Box::new(new) }),
        1 => (customer(), reservation_ref(), proptest::option::of(arb_amount())).prop_map(|(customer, reservation, current_unit_price)| Command::SetCurrentPrice { customer, reservation, current_unit_price }),
        1 => (customer(), reservation_ref(), any::<bool>()).prop_map(|(customer, reservation, used)| Command::SetUsed { customer, reservation, used }),
        5 => (customer(), reservation_ref(), prop_oneof![6 => 1u32..5, 1 => Just(0u32), 1 => 5u32..20]).prop_map(|(customer, reservation, quantity)| Command::Refund { customer, reservation, quantity }),
        4 => (customer(), prop::collection::vec((reservation_ref(), 0u32..5), 0..3), prop::collection::vec(arb_purchase(), 0..3)).prop_map(|(customer, returns, purchases)| Command::Exchange {
            customer,
            returns: returns.into_iter().map(|(reservation, quantity)| ReturnLine { reservation, quantity }).collect(),
            purchases,
        }),
        1 => (customer(), reservation_ref(), arb_scope()).prop_map(|(customer, reservation, scope)| Command::ChangeScope { customer, reservation, scope }),
        2 => (customer(), reservation_ref()).prop_map(|(customer, reservation)| Command::Renew { customer, reservation }),
        1 => (customer(), arb_date(), arb_amount()).prop_map(|(customer, refund_date, usd)| Command::RecordEarlierRefund { customer, refund_date: day(refund_date), usd, note: Note::parse("before").expect("a note") }),
        1 => (customer(), 0usize..4, arb_name()).prop_map(|(customer, entry, note)| Command::CorrectLedgerEntry { customer, entry, note }),
    ]
}

fn arb_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        6 => Just(Actor::admin_agent()),
        2 => select(&Role::ALL[..]).prop_map(|role| Actor::Partner { role }),
        1 => select(&[("c1", "alice"), ("c1", "bob"), ("c2", "alice")][..])
            .prop_map(|(customer, user)| Actor::Customer { customer: name(customer), user: name(user) }),
    ]
}

/// Dated commands: mostly forward in time, sometimes a step back.
fn arb_dated_commands(max: usize) -> impl Strategy<Value = Vec<DatedCommand>> {
    prop::collection::vec(
        (
            prop_oneof![3 => Just(0i64), 4 => 1i64..90, 1 => 90i64..500, 1 => -30i64..0],
            arb_actor(),
            arb_command(),
        ),
        0..max,
    )
    .prop_map(|steps| {
        let mut date = d("2023-06-01");
        steps
            .into_iter()
            .map(|(days, actor, command)| {
                date = if days >= 0 {
                    date + Days::new(days as u64)
                } else {
                    date - Days::new(days.unsigned_abs())
                };
                DatedCommand { date: day(date), actor, command }
            })
            .collect()
    })
}

/// Replaces `@k` reservation references by the k-th reservation of the command's customer.
fn resolve(command: &mut Command, ws: &Workspace) {
    let customer = command.customer().map(Name::to_string).unwrap_or_default();
    let pick = |reference: &mut Name| {
        if let Some(k) = reference.strip_prefix('@').and_then(|k| k.parse::<usize>().ok()) {
            let all: Vec<Name> = ws
                .customer(&customer)
                .map(|c| c.reservations.iter().map(|r| r.id.clone()).collect())
                .unwrap_or_default();
            *reference = if all.is_empty() { name("none") } else { all[k % all.len()].clone() };
        }
    };
    match command {
        Command::SetCurrentPrice { reservation, .. }
        | Command::SetUsed { reservation, .. }
        | Command::Refund { reservation, .. }
        | Command::ChangeScope { reservation, .. }
        | Command::Renew { reservation, .. } => pick(reservation),
        Command::Exchange { returns, .. } => returns.iter_mut().for_each(|line| pick(&mut line.reservation)),
        _ => {}
    }
}

/// The setup that arbitrary commands start from: two customers (USD and GBP), subscriptions, users,
/// the purchase permission for c1, and a few reservations.
fn setup_commands() -> Vec<DatedCommand> {
    let setup_day = d("2023-06-01");
    let mut commands = vec![
        Command::SetRate {
            currency: Currency::from_code("GBP").unwrap(),
            usd_per_unit: Amount::parse("1.2027").unwrap(),
        },
        Command::AddCustomer { customer: name("c1"), name: name("Contoso"), currency: Currency::USD },
        Command::AddCustomer {
            customer: name("c2"),
            name: name("Fabrikam"),
            currency: Currency::from_code("GBP").unwrap(),
        },
        Command::AddSubscription {
            customer: name("c1"),
            subscription: name("s1"),
            kind: SubscriptionKind::AzurePlan,
            bought_by_partner: true,
        },
        Command::AddUser { customer: name("c1"), user: name("alice") },
        Command::AssignOwner { customer: name("c1"), user: name("alice"), subscription: name("s1") },
        Command::SetPurchasePermission { customer: name("c1"), allowed: true },
    ];
    for (customer, id, months) in [("c1", "r1", 12), ("c1", "r2", 36), ("c2", "r1", 36)] {
        commands.push(Command::Buy {
            customer: name(customer),
            reservation: Box::new(NewReservation {
                id: Some(name(id)),
                order_id: None,
                family: ProductFamily::compute(),
                service: None,
                sku: name("Standard_D2s_v5"),
                region: name("westeurope"),
                term: if months == 12 { Term::P1Y } else { Term::P3Y },
                billing_plan: if months == 12 { BillingPlan::Upfront } else { BillingPlan::Monthly },
                quantity: units(6),
                unit_price: amount(Decimal::from(1_000)),
                current_unit_price: None,
                customer_unit_price: Some(amount(Decimal::from(1_100))),
                scope: Scope::Shared,
                purchase_date: Some(day(d("2023-05-01"))),
                used: true,
                display_name: None,
            }),
        });
    }
    commands.into_iter().map(|command| admin(setup_day, command)).collect()
}

/// Law: all or nothing. A refused command leaves the workspace identical, by `==` and by its JSON;
/// an accepted one adds exactly one activity-log entry and moves the date to its own.
#[test]
fn a_refused_command_leaves_the_workspace_identical() {
    let codes = RefCell::new(BTreeSet::new());
    let applied = Cell::new(0);
    check(300, arb_dated_commands(40), |commands| {
        let mut ws = Workspace::new(Policy::pack(PackId::Azure2026));
        for command in setup_commands() {
            ws.apply(&command).expect("setup");
        }
        for mut dated in commands {
            resolve(&mut dated.command, &ws);
            let before = ws.clone();
            let before_json = serde_json::to_string(&before).expect("serializes");
            match ws.apply(&dated) {
                Ok(_) => {
                    applied.set(applied.get() + 1);
                    prop_assert_eq!(ws.activity_log.len(), before.activity_log.len() + 1);
                    prop_assert_eq!(&ws.activity_log[..before.activity_log.len()], &before.activity_log[..]);
                    prop_assert_eq!(ws.last_date, Some(dated.date.get()));
                    // The ID index the workspace keeps agrees with the reservations it indexes.
                    prop_assert!(
                        ws.customers.iter().all(|c| c.index_is_whole()),
                        "index out of step: {:?}",
                        dated
                    );
                    prop_assert!(ws.customer_places_are_whole(), "customer places out of step: {:?}", dated);
                    prop_assert!(ws.held_is_whole(), "count of reservations out of step: {:?}", dated);
                }
                Err(rejection) => {
                    codes.borrow_mut().insert(rejection.code());
                    prop_assert!(!plain::rejection(&rejection).trim().is_empty());
                    prop_assert!(ws == before, "{} changed the workspace: {:?}", rejection.code(), dated);
                    prop_assert_eq!(serde_json::to_string(&ws).expect("serializes"), before_json);
                }
            }
        }
        Ok(())
    });
    let codes = codes.into_inner();
    eprintln!("applied {}, refusals {codes:?}", applied.get());
    // The commands reached most of the refusals there are, and many were applied.
    for code in [
        "DateOutOfOrder",
        "NotAllowed",
        "UnknownCustomer",
        "UnknownReservation",
        "AlreadyExists",
        "Invalid",
        "RefundRefused",
        "ExchangeRefused",
        "NotRenewable",
        "NothingToChange",
    ] {
        assert!(codes.contains(code), "no {code} among {codes:?}");
    }
    assert!(applied.get() > 1_000, "applied {}", applied.get());
}

/// Law: save-then-load is the identity. A scenario written with serde_json and read back with
/// `parse_scenario` equals the original, writes back to the same text, and replays to the same
/// workspace.
#[test]
fn save_then_load_is_the_identity() {
    let replayed_reservations = Cell::new(0);
    check(250, (arb_policy(), arb_dated_commands(30)), |(policy, commands)| {
        let mut scenario = Scenario::new(policy);
        scenario.commands = setup_commands();
        scenario.commands.extend(commands);
        // Resolve the `@k` references as the replay would meet them, so the scenario is concrete.
        let mut ws = Workspace::new(scenario.policy.clone());
        for dated in &mut scenario.commands {
            resolve(&mut dated.command, &ws);
            let _ = ws.apply(dated);
        }
        let text = serde_json::to_string(&scenario).expect("serializes");
        let mut ignored = Vec::new();
        let loaded =
            parse_scenario(&text, &mut ignored).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert!(ignored.is_empty(), "ignored {:?}", ignored);
        prop_assert!(loaded == scenario, "the loaded scenario differs");
        prop_assert_eq!(serde_json::to_string(&loaded).expect("serializes"), text.as_str());
        // The compact body a big session is packed in (stored version 5) is the identity too, for
        // the scenario in force and for one an undo step brings back.
        let undo = [
            UndoStep::Command,
            UndoStep::Scenario {
                replaced: Replacement::ImportReplaced,
                previous: Box::new(scenario.clone()),
            },
        ];
        let body = compact::write(&scenario, &undo);
        let (back, back_undo) =
            compact::read(&body).map_err(|e| TestCaseError::fail(format!("compact: {e}\n{text}")))?;
        prop_assert!(back == scenario, "the compact body reads back a different scenario");
        prop_assert!(back_undo == undo, "the compact body reads back a different undo history");
        let (a, b) = (simulate(&scenario), simulate(&loaded));
        prop_assert!(a.workspace == b.workspace);
        prop_assert_eq!(&a.outcomes, &b.outcomes);
        prop_assert!(a.workspace == ws, "the replay is the step-by-step application");
        replayed_reservations.set(replayed_reservations.get() + a.workspace.reservation_count());
        Ok(())
    });
    eprintln!("reservations replayed {}", replayed_reservations.get());
    assert!(replayed_reservations.get() > 400, "reservations replayed {}", replayed_reservations.get());
}

// ---------------------------------------------------------------------------------------------
// Hostile values: whatever a partner types, a command either cannot be built (a `ValueError`, no
// panic) or is dispatched; an accepted sequence always saves and loads back, and a refused command
// leaves the stored session untouched.

/// Text a partner might type where a name goes: mostly names the setup knows, else hostile.
fn hostile_name() -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(&["c1", "c2", "c3", "r1", "r2", "s1", "s2", "alice", "bob", " c1 ", "Ünïcødé"][..])
            .prop_map(String::from),
        1 => select(&["", "   ", "\t", "\n", "a\u{0}b", "x\ny", "tab\there", "\u{2028}", "\u{7f}"][..])
            .prop_map(String::from),
        1 => select(&[199usize, 200, 201, 10_000][..]).prop_map(|n| "x".repeat(n)),
        1 => "\\PC{0,12}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// A whole number as typed (units, days): in range, at and past every bound, or not a number.
fn hostile_count() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0u32..12).prop_map(|n| n.to_string()),
        2 => select(&[
            "0", "1", "366", "3660", "3661", "5000", "999999", "1000000", "1000001", "4294967295",
            "4294967296", "99999999999999", "-1", "1.5", "1e3", "", " 7 ", "seven", "0x10",
        ][..])
        .prop_map(String::from),
        1 => any::<u64>().prop_map(|n| n.to_string()),
    ]
    .boxed()
}

/// An amount as typed: ordinary, at the bounds, negative, 13 digits, 9 decimals, or not a number.
fn hostile_amount() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0i64..10_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
        3 => select(&[
            "0", "-0", "100", "100.5", "1.2027", "0.00000001", "0.000000001", "1.123456789",
            "1000000000000", "1000000000000.01", "9999999999999", "-9999999999999", "-1", "-0.01",
            "1e3", "1e400", "NaN", "inf", "", " 12 ", "1,5",
        ][..])
        .prop_map(String::from),
        1 => (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
    ]
    .boxed()
}

/// A date as typed: near the setup's, at and past the accepted years, or not a date.
fn hostile_date() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0u64..900).prop_map(|offset| (d("2023-01-01") + Days::new(offset)).to_string()),
        2 => select(&[
            "2000-01-01", "1999-12-31", "2100-12-31", "2101-01-01", "0000-01-01", "9999-12-31",
            "2024-02-29", "2023-02-29", "2023-13-01", "2023-1-01", "+2023-01-01", "", "today",
        ][..])
        .prop_map(String::from),
        1 => (0i32..10_000, 0u32..14, 0u32..33).prop_map(|(y, m, day)| format!("{y:04}-{m:02}-{day:02}")),
    ]
    .boxed()
}

/// A step of a hostile session: a command whose every text and number field is raw text, a move
/// of "today" to a raw date, or a change of who acts.
#[derive(Clone, Debug)]
enum Hostile {
    AddCustomer(String, String, Currency),
    RenameCustomer(String, String),
    RemoveCustomer(String),
    SetRate(Currency, String),
    SetPolicy {
        base: PackId,
        limit: String,
        window: String,
        fee: String,
        free: String,
        full: Option<String>,
        cutoff: Option<String>,
    },
    AddSubscription(String, String),
    AddUser(String, String),
    AssignOwner(String, String, String),
    SetPurchasePermission(String, bool),
    Buy {
        customer: String,
        id: Option<String>,
        sku: String,
        quantity: String,
        price: String,
        current: Option<String>,
        subscription: Option<String>,
        bought: Option<String>,
    },
    SetCurrentPrice(String, String, Option<String>),
    Refund(String, String, String),
    Exchange {
        customer: String,
        returns: Vec<(String, String)>,
        sku: Option<String>,
        quantity: String,
        price: String,
    },
    Renew(String, String),
    RecordEarlierRefund(String, String, String, String),
    CorrectLedgerEntry(String, usize, String),
    Today(String),
    ActAsCustomer(String, String),
    ActAsAdmin,
    /// Undo, as the header's button does it.
    Undo,
    /// Reset scenario (undoable, so it lands in the stored undo history).
    Reset,
}

fn arb_hostile() -> impl Strategy<Value = Hostile> {
    let (n, c, a, t) = (hostile_name, hostile_count, hostile_amount, hostile_date);
    let opt = |s: BoxedStrategy<String>| proptest::option::of(s);
    // A policy's day counts and percentage: mostly in range, so that hostile policies are also
    // put in force, else hostile.
    let days = || prop_oneof![3 => (0u32..400).prop_map(|n| n.to_string()), 1 => c()].boxed();
    let percent =
        || prop_oneof![3 => (0i64..=10_000).prop_map(|m| Decimal::new(m, 2).to_string()), 1 => a()].boxed();
    prop_oneof![
        2 => (n(), n(), arb_currency()).prop_map(|(c, n, cur)| Hostile::AddCustomer(c, n, cur)),
        1 => (n(), n()).prop_map(|(c, n)| Hostile::RenameCustomer(c, n)),
        1 => n().prop_map(Hostile::RemoveCustomer),
        1 => (arb_currency(), a()).prop_map(|(cur, r)| Hostile::SetRate(cur, r)),
        3 => (select(&PackId::ALL[..]), a(), days(), percent(), days(), opt(days()), opt(t())).prop_map(
            |(base, limit, window, fee, free, full, cutoff)| Hostile::SetPolicy { base, limit, window, fee, free, full, cutoff },
        ),
        1 => (n(), n()).prop_map(|(c, s)| Hostile::AddSubscription(c, s)),
        1 => (n(), n()).prop_map(|(c, u)| Hostile::AddUser(c, u)),
        1 => (n(), n(), n()).prop_map(|(c, u, s)| Hostile::AssignOwner(c, u, s)),
        1 => (n(), any::<bool>()).prop_map(|(c, on)| Hostile::SetPurchasePermission(c, on)),
        5 => ((n(), opt(n()), n()), (c(), a(), opt(a())), (opt(n()), opt(t()))).prop_map(
            |((customer, id, sku), (quantity, price, current), (subscription, bought))| Hostile::Buy {
                customer, id, sku, quantity, price, current, subscription, bought,
            },
        ),
        1 => (n(), n(), opt(a())).prop_map(|(c, r, p)| Hostile::SetCurrentPrice(c, r, p)),
        4 => (n(), n(), c()).prop_map(|(c, r, q)| Hostile::Refund(c, r, q)),
        3 => (n(), prop::collection::vec((n(), c()), 0..3), opt(n()), c(), a()).prop_map(
            |(customer, returns, sku, quantity, price)| Hostile::Exchange { customer, returns, sku, quantity, price },
        ),
        1 => (n(), n()).prop_map(|(c, r)| Hostile::Renew(c, r)),
        2 => (n(), t(), a(), n()).prop_map(|(c, day, usd, note)| Hostile::RecordEarlierRefund(c, day, usd, note)),
        1 => (n(), 0usize..4, n()).prop_map(|(c, entry, note)| Hostile::CorrectLedgerEntry(c, entry, note)),
        2 => t().prop_map(Hostile::Today),
        1 => (n(), n()).prop_map(|(c, u)| Hostile::ActAsCustomer(c, u)),
        1 => Just(Hostile::ActAsAdmin),
        2 => Just(Hostile::Undo),
        1 => Just(Hostile::Reset),
    ]
}

/// What a hostile step builds: a command, a new today, a new actor, or the `ValueError` that
/// keeps it from being built.
enum Built {
    Command(Command),
    Today(Date),
    Actor(Actor),
    Undo,
    Reset,
}

fn build(step: &Hostile) -> Result<Built, ValueError> {
    let n = |text: &str| Name::parse(text);
    let a = |text: &str| Amount::parse(text);
    let opt_name = |text: &Option<String>| text.as_deref().map(Name::parse).transpose();
    let command = match step {
        Hostile::AddCustomer(c, name, currency) => {
            Command::AddCustomer { customer: n(c)?, name: n(name)?, currency: *currency }
        }
        Hostile::RenameCustomer(c, name) => Command::RenameCustomer { customer: n(c)?, name: n(name)? },
        Hostile::RemoveCustomer(c) => Command::RemoveCustomer { customer: n(c)? },
        Hostile::SetRate(currency, rate) => Command::SetRate { currency: *currency, usd_per_unit: a(rate)? },
        Hostile::SetPolicy { base, limit, window, fee, free, full, cutoff } => Command::SetPolicy {
            policy: Policy {
                refund_limit_usd: a(limit)?,
                refund_window_days: WindowDays::parse(window)?,
                fee_percent: Percent::parse(fee)?,
                fee_free_days: DayCount::parse(free)?,
                full_refund_window_days: full.as_deref().map(DayCount::parse).transpose()?,
                exchange_cutoff_date: cutoff.as_deref().map(Date::parse).transpose()?,
                ..Policy::pack(*base)
            },
        },
        Hostile::AddSubscription(c, s) => Command::AddSubscription {
            customer: n(c)?,
            subscription: n(s)?,
            kind: SubscriptionKind::AzurePlan,
            bought_by_partner: true,
        },
        Hostile::AddUser(c, u) => Command::AddUser { customer: n(c)?, user: n(u)? },
        Hostile::AssignOwner(c, u, s) => {
            Command::AssignOwner { customer: n(c)?, user: n(u)?, subscription: n(s)? }
        }
        Hostile::SetPurchasePermission(c, allowed) => {
            Command::SetPurchasePermission { customer: n(c)?, allowed: *allowed }
        }
        Hostile::Buy { customer, id, sku, quantity, price, current, subscription, bought } => Command::Buy {
            customer: n(customer)?,
            reservation: Box::new(NewReservation {
                id: opt_name(id)?,
                order_id: None,
                family: ProductFamily::compute(),
                service: None,
                sku: n(sku)?,
                region: name("westeurope"),
                term: Term::P1Y,
                billing_plan: BillingPlan::Upfront,
                quantity: Quantity::parse(quantity)?,
                unit_price: a(price)?,
                current_unit_price: current.as_deref().map(Amount::parse).transpose()?,
                customer_unit_price: None,
                scope: match opt_name(subscription)? {
                    Some(subscription) => Scope::Single { subscription },
                    None => Scope::Shared,
                },
                purchase_date: bought.as_deref().map(Date::parse).transpose()?,
                used: false,
                display_name: opt_name(id)?,
            }),
        },
        Hostile::SetCurrentPrice(c, r, price) => Command::SetCurrentPrice {
            customer: n(c)?,
            reservation: n(r)?,
            current_unit_price: price.as_deref().map(Amount::parse).transpose()?,
        },
        Hostile::Refund(c, r, q) => {
            Command::Refund { customer: n(c)?, reservation: n(r)?, quantity: values::units(q)? }
        }
        Hostile::Exchange { customer, returns, sku, quantity, price } => Command::Exchange {
            customer: n(customer)?,
            returns: returns
                .iter()
                .map(|(r, q)| Ok(ReturnLine { reservation: n(r)?, quantity: values::units(q)? }))
                .collect::<Result<_, ValueError>>()?,
            purchases: vec![Purchase {
                family: ProductFamily::compute(),
                service: None,
                sku: opt_name(sku)?,
                region: None,
                term: Term::P3Y,
                billing_plan: BillingPlan::Upfront,
                quantity: Quantity::parse(quantity)?,
                currency: Currency::USD,
                unit_price: a(price)?,
                scope: Scope::Shared,
            }],
        },
        Hostile::Renew(c, r) => Command::Renew { customer: n(c)?, reservation: n(r)? },
        Hostile::RecordEarlierRefund(c, date, usd, note) => Command::RecordEarlierRefund {
            customer: n(c)?,
            refund_date: Date::parse(date)?,
            usd: a(usd)?,
            note: Note::parse(note)?,
        },
        Hostile::CorrectLedgerEntry(c, entry, note) => {
            Command::CorrectLedgerEntry { customer: n(c)?, entry: *entry, note: n(note)? }
        }
        Hostile::Today(date) => return Date::parse(date).map(Built::Today),
        Hostile::ActAsCustomer(c, u) => {
            return Ok(Built::Actor(Actor::Customer { customer: n(c)?, user: n(u)? }))
        }
        Hostile::ActAsAdmin => return Ok(Built::Actor(Actor::admin_agent())),
        Hostile::Undo => return Ok(Built::Undo),
        Hostile::Reset => return Ok(Built::Reset),
    };
    Ok(Built::Command(command))
}

/// Law: hostile values never reach stored data. Every step is built from raw text by the checked
/// parsers; one that cannot be built fails with a `ValueError` (one line of English), never a
/// panic. What is built is dispatched through the app's `Session`, between Undos and Resets: after
/// every accepted step the session saves and loads back equal (scenario, workspace, today, actor,
/// revision, undo history), and a refused command leaves the stored session unchanged.
#[test]
fn hostile_values_never_reach_stored_data() {
    let (unbuilt, accepted, refused) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let policies = Cell::new(0);
    check(250, (prop::collection::vec(arb_hostile(), 1..30), any::<u64>()), |(steps, revision)| {
        let mut scenario = Scenario::new(Policy::pack(PackId::Azure2026));
        scenario.commands = setup_commands();
        let mut s = Session::restore(scenario, day(d("2023-06-01")), Actor::admin_agent())
            .map_err(|(i, r)| TestCaseError::fail(format!("setup command {i}: {r:?}")))?;
        for step in &steps {
            let built = match std::panic::catch_unwind(|| build(step)) {
                Ok(built) => built,
                Err(_) => return Err(TestCaseError::fail(format!("building {step:?} panicked"))),
            };
            match built {
                Err(error) => {
                    unbuilt.set(unbuilt.get() + 1);
                    let line = error.to_string();
                    prop_assert!(
                        !line.trim().is_empty() && line.lines().count() == 1,
                        "{:?}: {:?}",
                        step,
                        line
                    );
                    continue;
                }
                Ok(Built::Today(today)) => s.today = today,
                Ok(Built::Actor(actor)) => s.actor = actor,
                Ok(Built::Undo) => {
                    s.undo();
                }
                Ok(Built::Reset) => s.reset(Policy::pack(PackId::Csp2020)),
                Ok(Built::Command(command)) => {
                    let is_policy = matches!(command, Command::SetPolicy { .. });
                    let before = write(&s, 0);
                    match s.dispatch(command) {
                        Ok(_) => {
                            accepted.set(accepted.get() + 1);
                            if is_policy {
                                policies.set(policies.get() + 1);
                            }
                        }
                        Err(rejection) => {
                            refused.set(refused.get() + 1);
                            prop_assert_eq!(
                                write(&s, 0),
                                before,
                                "{} changed the stored session",
                                rejection.code()
                            );
                            continue;
                        }
                    }
                }
            }
            let text = write(&s, revision);
            let back = read(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text:.2000}")))?;
            prop_assert_eq!(back.revision, revision);
            prop_assert!(back.session.scenario() == s.scenario(), "the scenario read back differs");
            prop_assert!(back.session.workspace() == s.workspace(), "the workspace read back differs");
            prop_assert_eq!(back.session.today, s.today);
            prop_assert_eq!(&back.session.actor, &s.actor);
            prop_assert!(back.session == s, "the session read back differs (its undo history included)");
        }
        // Whatever the app exports imports back: the whole workspace, and each customer alone.
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        let exported = export_scenario(s.scenario(), s.today);
        match check_import(&exported, &empty, s.today, ImportMode::Replace) {
            ImportCheck::Ready { scenario, .. } => {
                prop_assert_eq!(scenario.today, Some(s.today), "the export does not bring its day back");
                let undated = Scenario { today: None, ..scenario };
                prop_assert!(&undated == s.scenario(), "the exported workspace imports different")
            }
            ImportCheck::Problems(problems) => {
                return Err(TestCaseError::fail(format!("the app's own export is refused: {problems:?}")))
            }
        }
        for customer in &s.workspace().customers {
            let one = export_scenario(&customer_scenario(s.scenario(), customer.id.as_str()), s.today);
            if let ImportCheck::Problems(problems) = check_import(&one, &empty, s.today, ImportMode::Replace)
            {
                return Err(TestCaseError::fail(format!(
                    "{}'s export is refused: {problems:?}",
                    customer.id
                )));
            }
        }
        Ok(())
    });
    eprintln!(
        "unbuilt {}, accepted {} (policies {}), refused {}",
        unbuilt.get(),
        accepted.get(),
        policies.get(),
        refused.get()
    );
    // The law reached all three outcomes, and hostile policies were put in force.
    assert!(unbuilt.get() > 200, "unbuilt {}", unbuilt.get());
    assert!(accepted.get() > 200, "accepted {}", accepted.get());
    assert!(refused.get() > 200, "refused {}", refused.get());
    assert!(policies.get() > 10, "policies {}", policies.get());
}
