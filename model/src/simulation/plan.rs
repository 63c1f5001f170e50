//! The refund planner (issue 15): the cancellation schedule — dates × units, partial quantities
//! allowed — that saves a customer the most when it leaves several reservations, every step
//! fitting the refund limit as the policy counts it, given the customer's earlier refunds.
//!
//! # What is maximised
//!
//! `saved = Σ over steps (refund after any fee + canceled future payments)`, in USD at the rates:
//! each step's `refund_usd + remaining_commitment_usd`, priced by the engine's own
//! [`value_return`] and checked, in the end, by its own [`quote_refund`] against a ledger holding
//! the customer's earlier refunds and the plan's earlier steps.
//!
//! # Why the answer is exact
//!
//! The schedule is searched over the whole daily time grid from the first date to the last
//! (branch and bound, depth first, day after day, each holding's quantity largest first, so the
//! first complete schedule is "as much as fits, as early as it fits"). Nothing is assumed about
//! the shape of the refund curve; a branch is cut only when a valid upper bound says it cannot beat
//! the best schedule found:
//!
//! - each unit left can bring at most the most its reservation is worth on any later day of the
//!   period on which one unit fits the limit on its own, plus a few cents (rounding a quantity's
//!   amount once instead of each unit's);
//! - when `saved` is what the limit counts (policy `canceled_commitment`: refund + canceled
//!   payments are both sides of the same sum), the days left fall into blocks of `window` days,
//!   and every step of a block lies in the window of the block's last step: a block holds at most
//!   the limit less what is counted on every day of it (the earlier refunds at their least, the
//!   steps already placed that are still counted at its end), and at most its units at their most;
//! - a day on which not one unit of anything fits is skipped: the only choice there is to wait.
//!
//! The search starts from the better of three schedules: the two simple strategies, and "on each
//! day, the units that fill the most of the room left" (depth first, the search's own first
//! schedules fill the first day exit by exit, which can leave room unused for a year).
//!
//! When the search finishes within its budget of nodes the plan is *proven* best
//! ([`Plan::proven_best`]). On a large request it may stop early; the plan is then the best
//! schedule found, which is never worse than either simple strategy (both are candidates from
//! the start), and `proven_best` says false; [`Plan::most_possible_usd`] then bounds how far it
//! can be from the best: no schedule saves more than the bound at the search's root. Tests compare
//! the plan with an exhaustive search over every day on small cases, fixed and random.

use chrono::{Days, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::ledger::{EntryReason, LedgerEntry, RefundLedger};
use crate::domain::money::{Currency, Money, UsdRate};
use crate::domain::order;
use crate::domain::policy::{CapCounts, Policy};
use crate::domain::quote::{quote_refund, RefundQuote};
use crate::domain::refund::{value_return, Purpose};
use crate::domain::reservation::Reservation;

/// Search nodes before the planner settles for the best schedule found: 20,000 (about 70 ms in
/// the browser for 20 reservations over 3 years), or [`SMALL_SEARCH_BUDGET`] over the number of
/// exits when that is more. A node's work grows with the exits it weighs, so a customer leaving
/// two or three reservations can have more of them in the same time, and a plan proven best.
pub const NODE_BUDGET: u64 = 20_000;

/// Nodes times exits for a small request (see [`NODE_BUDGET`]). 100,000 left a case of three
/// units (two P1Y reservations bought three months apart, an earlier refund, a period of 378
/// days) unproven, which the random test of small plans found (`planner.proptest-regressions`).
pub const SMALL_SEARCH_BUDGET: u64 = 300_000;

/// Units a customer wants out of one reservation.
#[derive(Clone, Copy, Debug)]
pub struct Exit<'a> {
    /// The reservation.
    pub reservation: &'a Reservation,
    /// Units to cancel.
    pub quantity: u32,
    /// USD per unit of its billing currency.
    pub rate: UsdRate,
}

/// Why a plan cannot be made at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum PlanError {
    /// No units were asked for.
    NoExits,
    /// The last date is before the first.
    LastBeforeFirst {
        /// The first date.
        from: NaiveDate,
        /// The last date.
        until: NaiveDate,
    },
    /// An exit asks for zero units, or more than the reservation holds.
    InvalidQuantity {
        /// Which exit (in request order).
        exit: usize,
        /// Units asked for.
        requested: u32,
        /// Units held.
        held: u32,
    },
    /// The same reservation is named twice.
    SameReservationTwice {
        /// The second exit naming it.
        exit: usize,
    },
}

/// One dated cancellation of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The day.
    pub date: NaiveDate,
    /// Which exit (index into the request's exits).
    pub exit: usize,
    /// Units canceled.
    pub quantity: u32,
    /// What this step saves, in USD: refund + canceled future payments.
    pub saved_usd: Money,
    /// The engine's own quote of the step on its date, with the earlier refunds and steps.
    pub quote: RefundQuote,
}

/// A schedule and what it saves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The steps, by date (a day's steps in exit order).
    pub steps: Vec<Step>,
    /// Σ saved.
    pub total_saved_usd: Money,
}

/// Why units of an exit are left out of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum NeverFitsReason {
    /// The family cannot be refunded (Red Hat, SUSE, pre-purchase plans).
    NotRefundable,
    /// The reservation's term has no day inside the period.
    NotActiveInPeriod,
    /// One unit alone counts more than the limit left on every day of the period.
    OneUnitOverLimit {
        /// The least one unit counts toward the limit on any day of the period, in USD.
        least_usd: Money,
    },
    /// The limit of the period is taken by the plan's other, more valuable steps.
    NoRoomLeft,
}

/// Units the plan leaves out, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NeverFits {
    /// Which exit.
    pub exit: usize,
    /// Units left out.
    pub quantity: u32,
    /// Why.
    pub reason: NeverFitsReason,
}

/// The planner's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub until: NaiveDate,
    /// The schedule that saves the most.
    pub best: Schedule,
    /// "Everything on the first date as far as it fits, the rest when it fits whole."
    pub first_date_then_whole: Schedule,
    /// "Each whole reservation on its earliest date."
    pub each_whole_earliest: Schedule,
    /// Units left out of the best schedule.
    pub never_fits: Vec<NeverFits>,
    /// True when the search covered every schedule (see the module's header).
    pub proven_best: bool,
    /// No schedule of these exits in this period saves more than this, in USD: the plan's own
    /// total when it is proven best; otherwise the search's upper bound at its root (each unit at
    /// its most on any day, and at most the limit in each 365 days when what is saved is what the
    /// limit counts), so the plan is at most this minus its total short of the best.
    pub most_possible_usd: Money,
}

impl Plan {
    /// The most the plan can be short of the best schedule, in USD (zero when proven best).
    pub fn most_short_usd(&self) -> Money {
        self.most_possible_usd.minus(self.best.total_saved_usd)
    }
}

/// Plans the exits from `from` to `until` (default: the last day any of them can be refunded).
pub fn plan(
    exits: &[Exit],
    from: NaiveDate,
    until: Option<NaiveDate>,
    policy: &Policy,
    ledger: &RefundLedger,
) -> Result<Plan, PlanError> {
    if exits.is_empty() {
        return Err(PlanError::NoExits);
    }
    for (at, exit) in exits.iter().enumerate() {
        if exit.quantity == 0 || exit.quantity > exit.reservation.quantity {
            return Err(PlanError::InvalidQuantity {
                exit: at,
                requested: exit.quantity,
                held: exit.reservation.quantity,
            });
        }
        if exits[..at].iter().any(|e| e.reservation.id == exit.reservation.id) {
            return Err(PlanError::SameReservationTwice { exit: at });
        }
    }
    let last_term_day = exits
        .iter()
        .filter_map(|e| e.reservation.term_dates().term_end.checked_sub_days(Days::new(1)))
        .max()
        .unwrap_or(from);
    let until = until.unwrap_or(last_term_day.max(from));
    if until < from {
        return Err(PlanError::LastBeforeFirst { from, until });
    }
    let mut grid = Grid::new(exits, from, until, policy, ledger);

    let first = grid.first_date_then_whole();
    let whole = grid.each_whole_earliest();
    // A third start for the search, not shown as a strategy: on each day, the units that fill
    // the room left the most. Depth first, the search's own first schedules are "as much as
    // fits, exit by exit", which can take a smaller unit on the first day and leave room unused
    // for a year; this start is often better, and a better start cuts more of the search.
    let fullest = grid.fullest_each_day();
    let mut search = Search::new(&mut grid);
    let root_bound = search.bound(0);
    for candidate in [&first, &whole, &fullest] {
        let total = candidate.iter().map(|s| s.value).sum::<i64>();
        if total > search.best_total {
            search.best_total = total;
            search.best = candidate.clone();
        }
    }
    search.day(0, 0);
    let proven_best = !search.stopped;
    let best_steps = search.best.clone();

    let best = grid.schedule(&best_steps);
    let most_possible_usd =
        if proven_best { best.total_saved_usd } else { usd(root_bound.max(cents(best.total_saved_usd))) };
    let never_fits = grid.never_fits(&best_steps);
    Ok(Plan {
        from,
        until,
        best,
        first_date_then_whole: grid.schedule(&first),
        each_whole_earliest: grid.schedule(&whole),
        never_fits,
        proven_best,
        most_possible_usd,
    })
}

/// (value, cost) in USD cents, or `None` when it cannot be refunded that day.
type Priced = Option<(i64, i64)>;

/// A step on the grid: day index, exit, units, value and cost in USD cents.
#[derive(Clone, Copy, Debug)]
struct Placed {
    day: usize,
    exit: usize,
    quantity: u32,
    value: i64,
    cost: i64,
}

/// The period as a grid of days, with every amount the search asks for, priced once by the
/// engine and kept in USD cents.
struct Grid<'a> {
    exits: &'a [Exit<'a>],
    from: NaiveDate,
    days: usize,
    window: usize,
    limit: i64,
    policy: &'a Policy,
    ledger: &'a RefundLedger,
    /// The earlier refunds counted on each day.
    earlier: Vec<i64>,
    /// `known[e][q - 1][day]`: (value, cost) of `q` units of exit `e` on `day`, priced when first
    /// asked (a quantity's days are laid out when one of them is first asked: the search asks
    /// for the same ones again and again, and a hash lookup was most of its time).
    known: Vec<Vec<Vec<Option<Priced>>>>,
    /// What one unit of each exit counts on each day (`i64::MAX` when it cannot be refunded).
    unit_cost: Vec<Vec<i64>>,
    /// The most one unit of each exit is worth on any day from this one on on which it fits on
    /// its own (+ rounding slack).
    best_after: Vec<Vec<i64>>,
    /// Whether saved and counted are the same sum (so a window holds at most the limit of it).
    saved_is_counted: bool,
}

fn cents(money: Money) -> i64 {
    (money.amount() * Decimal::ONE_HUNDRED).round().to_i64().unwrap_or(i64::MAX / 4)
}

/// Cents one unit's USD amount may differ from its share of a quantity's: the billing amount is
/// rounded once for the quantity (half a cent of the billing currency, twice: refund and
/// remaining commitment), and each billing cent is `rate` USD cents.
fn rounding_slack(rate: UsdRate) -> i64 {
    2 * (rate.usd_per_unit().ceil().to_i64().unwrap_or(1_000_000) + 1)
}

fn usd(cents: i64) -> Money {
    Currency::USD.round(Decimal::new(cents, 2))
}

impl<'a> Grid<'a> {
    fn new(
        exits: &'a [Exit<'a>],
        from: NaiveDate,
        until: NaiveDate,
        policy: &'a Policy,
        ledger: &'a RefundLedger,
    ) -> Grid<'a> {
        let days = (until - from).num_days() as usize + 1;
        let window = policy.refund_window_days.get() as usize;
        let index = ledger.index(window as u32);
        let earlier = (0..days).map(|d| cents(index.consumed(date_at(from, d)))).collect();
        let mut grid = Grid {
            exits,
            from,
            days,
            window,
            limit: cents(Currency::USD.round(policy.refund_limit_usd.get())),
            policy,
            ledger,
            earlier,
            known: exits.iter().map(|e| vec![Vec::new(); e.quantity as usize]).collect(),
            unit_cost: Vec::new(),
            best_after: Vec::new(),
            saved_is_counted: policy.cap_counts == CapCounts::CanceledCommitment,
        };
        grid.best_after = (0..exits.len())
            .map(|e| {
                let slack = rounding_slack(exits[e].rate);
                let mut after = vec![0; days + 1];
                let mut most = 0;
                for d in (0..days).rev() {
                    // Only the days on which one unit fits on its own: the other steps of a day
                    // only add to what the limit counts.
                    match grid.price(e, 1, d) {
                        Some((value, cost)) if grid.earlier[d] + cost <= grid.limit => {
                            most = most.max(value + slack);
                        }
                        _ => {}
                    }
                    after[d] = most;
                }
                after
            })
            .collect();
        grid.unit_cost = (0..exits.len())
            .map(|e| (0..days).map(|d| grid.price(e, 1, d).map_or(i64::MAX, |(_, cost)| cost)).collect())
            .collect();
        grid
    }

    fn date(&self, day: usize) -> NaiveDate {
        date_at(self.from, day)
    }

    /// (value, cost) in cents of `quantity` units of exit `e` on `day` (`None`: not refundable
    /// then), by the engine's own arithmetic.
    fn price(&mut self, e: usize, quantity: u32, day: usize) -> Option<(i64, i64)> {
        let days = self.days;
        let slot = &mut self.known[e][quantity as usize - 1];
        if slot.is_empty() {
            slot.resize(days, None);
        }
        if let Some(known) = slot[day] {
            return known;
        }
        let exit = &self.exits[e];
        let priced = if exit.reservation.family.is_self_service_returnable() {
            value_return(exit.reservation, quantity, self.date(day), self.policy, exit.rate, Purpose::Refund)
                .ok()
                .map(|p| {
                    (cents(p.refund_usd.plus(p.remaining_commitment_usd)), cents(p.canceled_commitment_usd))
                })
        } else {
            None
        };
        self.known[e][quantity as usize - 1][day] = Some(priced);
        priced
    }

    /// What the limit counts on `day`: earlier refunds and the steps dated in the window.
    fn consumed(&self, day: usize, steps: &[Placed]) -> i64 {
        let own: i64 =
            steps.iter().filter(|s| s.day <= day && s.day + self.window > day).map(|s| s.cost).sum();
        self.earlier[day] + own
    }

    /// Whether a step of `cost` on `day` keeps every step's check (its own and the later ones in
    /// its window) within the limit.
    fn fits(&self, day: usize, cost: i64, steps: &[Placed]) -> bool {
        if self.consumed(day, steps) + cost > self.limit {
            return false;
        }
        steps
            .iter()
            .filter(|s| s.day > day && s.day < day + self.window)
            .all(|s| self.consumed(s.day, steps) + cost <= self.limit)
    }

    /// The earliest day from `start` on which `quantity` units of exit `e` fit with `steps`.
    fn earliest(&mut self, e: usize, quantity: u32, start: usize, steps: &[Placed]) -> Option<Placed> {
        (start..self.days).find_map(|day| {
            let (value, cost) = self.price(e, quantity, day)?;
            self.fits(day, cost, steps).then_some(Placed { day, exit: e, quantity, value, cost })
        })
    }

    fn first_date_then_whole(&mut self) -> Vec<Placed> {
        let mut steps: Vec<Placed> = Vec::new();
        let mut rest: Vec<(usize, u32)> = self.exits.iter().map(|e| e.quantity).enumerate().collect();
        for (e, left) in rest.iter_mut() {
            for quantity in (1..=*left).rev() {
                let Some((value, cost)) = self.price(*e, quantity, 0) else { break };
                if self.fits(0, cost, &steps) {
                    *left -= quantity;
                    steps.push(Placed { day: 0, exit: *e, quantity, value, cost });
                    break;
                }
            }
        }
        for (e, left) in rest {
            if left > 0 {
                if let Some(step) = self.earliest(e, left, 1.min(self.days - 1), &steps) {
                    steps.push(step);
                }
            }
        }
        sorted(steps)
    }

    /// Day after day, while something fits: the units (one exit, any quantity) that take the most
    /// of the room left (the most value when saved is not what the limit counts), again and again.
    fn fullest_each_day(&mut self) -> Vec<Placed> {
        let mut steps: Vec<Placed> = Vec::new();
        let mut rest: Vec<u32> = self.exits.iter().map(|e| e.quantity).collect();
        for day in 0..self.days {
            if rest.iter().all(|q| *q == 0) {
                break;
            }
            loop {
                let room = self.limit - self.consumed(day, &steps);
                let mut pick: Option<Placed> = None;
                for (e, &left) in rest.iter().enumerate() {
                    // One unit is the cheapest way in: when it does not fit, no quantity does.
                    let fits_one = self.price(e, 1, day).is_some_and(|(_, cost)| cost <= room);
                    if left == 0 || !fits_one {
                        continue;
                    }
                    for quantity in (1..=left).rev() {
                        let Some((value, cost)) = self.price(e, quantity, day) else { break };
                        if cost > room {
                            continue;
                        }
                        let key = |p: &Placed| if self.saved_is_counted { p.cost } else { p.value };
                        let placed = Placed { day, exit: e, quantity, value, cost };
                        if pick.as_ref().is_none_or(|best| key(&placed) > key(best)) {
                            pick = Some(placed);
                        }
                        break;
                    }
                }
                let Some(placed) = pick else { break };
                rest[placed.exit] -= placed.quantity;
                steps.push(placed);
            }
        }
        sorted(steps)
    }

    fn each_whole_earliest(&mut self) -> Vec<Placed> {
        let mut steps = Vec::new();
        for e in 0..self.exits.len() {
            if let Some(step) = self.earliest(e, self.exits[e].quantity, 0, &steps) {
                steps.push(step);
            }
        }
        sorted(steps)
    }

    /// The steps priced and checked by the engine's own quote, each with the ledger as it stands
    /// on its day: the earlier refunds and the plan's earlier steps.
    fn schedule(&self, steps: &[Placed]) -> Schedule {
        let mut ledger = self.ledger.clone();
        let mut held: Vec<Reservation> = self.exits.iter().map(|e| e.reservation.clone()).collect();
        let mut out = Vec::with_capacity(steps.len());
        for s in sorted(steps.to_vec()) {
            let exit = &self.exits[s.exit];
            let date = self.date(s.day);
            let quote = quote_refund(&held[s.exit], s.quantity, date, self.policy, exit.rate, &ledger);
            let priced = quote.priced.as_ref().expect("a planned step is priced");
            let saved_usd = priced.refund_usd.plus(priced.remaining_commitment_usd);
            ledger.record(LedgerEntry {
                date,
                usd: priced.canceled_commitment_usd.amount(),
                reason: EntryReason::Earlier { note: String::new() },
            });
            held[s.exit].quantity -= s.quantity;
            out.push(Step { date, exit: s.exit, quantity: s.quantity, saved_usd, quote });
        }
        let total_saved_usd = Money::sum(Currency::USD, out.iter().map(|s| s.saved_usd));
        Schedule { steps: out, total_saved_usd }
    }

    fn never_fits(&mut self, steps: &[Placed]) -> Vec<NeverFits> {
        let mut out = Vec::new();
        for e in 0..self.exits.len() {
            let planned: u32 = steps.iter().filter(|s| s.exit == e).map(|s| s.quantity).sum();
            let quantity = self.exits[e].quantity - planned;
            if quantity == 0 {
                continue;
            }
            let reason = if !self.exits[e].reservation.family.is_self_service_returnable() {
                NeverFitsReason::NotRefundable
            } else {
                let costs: Vec<(usize, i64)> =
                    (0..self.days).filter_map(|d| self.price(e, 1, d).map(|(_, cost)| (d, cost))).collect();
                let counted = costs.iter().map(|(d, cost)| self.earlier[*d] + cost).min();
                match counted {
                    None => NeverFitsReason::NotActiveInPeriod,
                    Some(counted) if counted > self.limit => {
                        let least = costs.iter().map(|(_, cost)| *cost).min().unwrap_or(0);
                        NeverFitsReason::OneUnitOverLimit { least_usd: usd(least) }
                    }
                    Some(_) => NeverFitsReason::NoRoomLeft,
                }
            };
            out.push(NeverFits { exit: e, quantity, reason });
        }
        out
    }
}

fn date_at(from: NaiveDate, day: usize) -> NaiveDate {
    from.checked_add_days(Days::new(day as u64)).unwrap_or(NaiveDate::MAX)
}

fn sorted(mut steps: Vec<Placed>) -> Vec<Placed> {
    order::sort_by_key(&mut steps, |s| (s.day, s.exit));
    steps
}

/// The branch and bound of the module's header.
struct Search<'g, 'a> {
    grid: &'g mut Grid<'a>,
    rest: Vec<u32>,
    steps: Vec<Placed>,
    best: Vec<Placed>,
    best_total: i64,
    nodes: u64,
    /// Nodes before the search settles for the best found (see [`NODE_BUDGET`]).
    budget: u64,
    stopped: bool,
}

impl<'g, 'a> Search<'g, 'a> {
    fn new(grid: &'g mut Grid<'a>) -> Search<'g, 'a> {
        let rest = grid.exits.iter().map(|e| e.quantity).collect();
        let budget = NODE_BUDGET.max(SMALL_SEARCH_BUDGET / grid.exits.len().max(1) as u64);
        Search {
            grid,
            rest,
            steps: Vec::new(),
            best: Vec::new(),
            best_total: -1,
            nodes: 0,
            budget,
            stopped: false,
        }
    }

    /// The most the units left can still bring from `day` on.
    ///
    /// Each unit at its most on any day left; and, when saved is what the limit counts, block by
    /// block of `window` days from `day`: every step of a block lies in the window of the block's
    /// last step, so a block holds at most the limit less what is still counted on every day of
    /// it (the earlier refunds at their least, the steps already placed that are still counted at
    /// its end), and at most its units at their most.
    fn bound(&self, day: usize) -> i64 {
        let grid = &*self.grid;
        let by_units_from = |from: usize| self.units_bound(from);
        let by_units = by_units_from(day);
        if !grid.saved_is_counted || day >= grid.days {
            return by_units;
        }
        // Saved and counted are the same sum, but each is rounded on its own way to USD
        // cents: a few cents a unit of slack keeps the bound an upper bound.
        let slack: i64 = self
            .rest
            .iter()
            .enumerate()
            .map(|(e, q)| i64::from(*q) * rounding_slack(grid.exits[e].rate))
            .sum();
        let mut by_blocks = 0;
        let mut start = day;
        while start < grid.days {
            let end = (start + grid.window).min(grid.days) - 1;
            let still_counted: i64 =
                self.steps.iter().filter(|s| s.day + grid.window > end).map(|s| s.cost).sum();
            // The least the earlier refunds count in the block (they only leave the window as
            // days pass, unless one is dated inside the period).
            let earlier = grid.earlier[start..=end].iter().copied().min().unwrap_or(0);
            let room = (grid.limit - earlier - still_counted).max(0);
            by_blocks += room.min(by_units_from(start));
            start += grid.window;
        }
        by_units.min(by_blocks + slack)
    }

    /// Each unit left at its most on any day from `day` on.
    fn units_bound(&self, day: usize) -> i64 {
        self.rest
            .iter()
            .enumerate()
            .map(|(e, q)| i64::from(*q) * self.grid.best_after[e][day.min(self.grid.days)])
            .sum()
    }

    fn total(&self) -> i64 {
        self.steps.iter().map(|s| s.value).sum()
    }

    /// Decides day `day` onward.
    fn day(&mut self, day: usize, total: i64) {
        self.nodes += 1;
        if self.nodes > self.budget {
            self.stopped = true;
            return;
        }
        // Skip to the first day on which at least one unit of something fits. The units' part of
        // the bound never grows from one day to the next, so it is taken once, on that day: had
        // it cut on a day skipped, it cuts there too. (The whole bound is taken in `choose`.)
        let left: Vec<usize> = (0..self.rest.len()).filter(|e| self.rest[*e] > 0).collect();
        let mut day = day;
        loop {
            if day >= self.grid.days {
                self.leaf(total);
                return;
            }
            let room = self.grid.limit - self.grid.consumed(day, &self.steps);
            if left.iter().any(|e| self.grid.unit_cost[*e][day] <= room) {
                break;
            }
            day += 1;
        }
        if total + self.units_bound(day) <= self.best_total {
            self.leaf(total);
            return;
        }
        let room = self.grid.limit - self.grid.consumed(day, &self.steps);
        self.choose(day, 0, room, total);
    }

    fn leaf(&mut self, total: i64) {
        if total > self.best_total {
            debug_assert_eq!(total, self.total());
            self.best_total = total;
            self.best = self.steps.clone();
        }
    }

    /// Decides how many units of exit `e` and the exits after it go on `day`: for each exit `x`
    /// from `e` on as the next one with units today (each quantity, largest first), then none of
    /// them, which waits for the next day. Zeros are a loop, not a call, so the depth is the
    /// number of steps plus the days waited.
    fn choose(&mut self, day: usize, e: usize, room: i64, total: i64) {
        // The bound depends on the units left and the steps placed, which every branch below
        // gives back as it found them: once is enough.
        let bound = self.bound(day);
        for x in e..self.rest.len() {
            if self.stopped || total + bound <= self.best_total {
                return;
            }
            for quantity in (1..=self.rest[x]).rev() {
                let Some((value, cost)) = self.grid.price(x, quantity, day) else { break };
                if cost > room {
                    continue;
                }
                self.rest[x] -= quantity;
                self.steps.push(Placed { day, exit: x, quantity, value, cost });
                self.choose(day, x + 1, room - cost, total + value);
                self.steps.pop();
                self.rest[x] += quantity;
                if self.stopped {
                    return;
                }
            }
        }
        self.day(day + 1, total);
    }
}
