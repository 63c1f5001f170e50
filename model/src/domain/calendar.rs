//! Term dates and payment cycles (policy.md §3, "Dates"). All dates are UTC calendar dates.
//!
//! A term ends on the same calendar day 12 or 36 months after purchase, clamped to the month's last
//! day; a monthly plan pays on the purchase day of each month, clamped the same way. Day counts are
//! differences of dates, so the day of a return counts as a remaining day.

use chrono::{Datelike, Months, NaiveDate};

/// The length of a reservation's commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// One year: 12 months, 365 or 366 days.
    P1Y,
    /// Three years: 36 months.
    P3Y,
}

impl Term {
    /// Every term, shortest first.
    pub const ALL: [Term; 2] = [Term::P1Y, Term::P3Y];

    /// Months in the term: also the number of monthly payments.
    pub fn months(self) -> u32 {
        match self {
            Term::P1Y => 12,
            Term::P3Y => 36,
        }
    }

    /// The ISO 8601 duration, as the Azure API and every format write it.
    pub fn code(self) -> &'static str {
        match self {
            Term::P1Y => "P1Y",
            Term::P3Y => "P3Y",
        }
    }
}

serialize_as_word!(Term, code);

/// `months` calendar months after `date`; a day the target month lacks becomes its last day
/// (chrono's `checked_add_months` clamps exactly so). `None` only past chrono's year range.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The dates of one reservation's term, and of its payments when it is paid monthly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermDates {
    /// The purchase date: the term's first day and the first payment date.
    pub purchase_date: NaiveDate,
    /// The day after the term's last day (purchase date plus 12 or 36 months).
    pub term_end: NaiveDate,
    /// The term.
    pub term: Term,
}

/// Where `today` falls in a monthly plan's payment schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentCycle {
    /// Payment dates on or before today (at least 1: the first is on the purchase date).
    pub completed: u32,
    /// The last payment date on or before today.
    pub cycle_start: NaiveDate,
    /// The next payment date (or the term end after the last payment).
    pub cycle_end: NaiveDate,
    /// Days in the current cycle.
    pub cycle_days: i64,
    /// Days from today to the next payment date, today included.
    pub cycle_remaining_days: i64,
}

impl TermDates {
    /// The term's dates, or `None` for a purchase date too late for the calendar.
    pub fn new(purchase_date: NaiveDate, term: Term) -> Option<TermDates> {
        Some(TermDates { purchase_date, term_end: add_months(purchase_date, term.months())?, term })
    }

    /// Days from purchase to term end: 365 or 366 for one year.
    pub fn term_days(&self) -> i64 {
        days_between(self.purchase_date, self.term_end)
    }

    /// Days from purchase to `today` (bought on the 1st, returned on the 4th: 3).
    pub fn days_held(&self, today: NaiveDate) -> i64 {
        days_between(self.purchase_date, today)
    }

    /// Days from `today` to the term end, today included.
    pub fn remaining_days(&self, today: NaiveDate) -> i64 {
        days_between(today, self.term_end)
    }

    /// True when `today` is inside the term (from the purchase date to the day before the end).
    pub fn is_active_on(&self, today: NaiveDate) -> bool {
        self.purchase_date <= today && today < self.term_end
    }

    /// The `k`-th payment date, counting the purchase date as the 0th.
    pub fn payment_date(&self, k: u32) -> NaiveDate {
        // Always from the purchase date, never from the previous payment: a purchase on the 31st
        // pays on 28 or 29 February and then on 31 March again.
        add_months(self.purchase_date, k).expect("within the term, which was computable")
    }

    /// Where `today` falls in the payment schedule; `None` outside the term.
    pub fn payment_cycle(&self, today: NaiveDate) -> Option<PaymentCycle> {
        if !self.is_active_on(today) {
            return None;
        }
        // Payment k falls on or before today iff k months after purchase is on or before today.
        // Start from the whole-month estimate and correct it by at most one step either way.
        let months = (today.year() - self.purchase_date.year()) * 12 + today.month() as i32
            - self.purchase_date.month() as i32;
        let mut completed = (months.clamp(0, self.term.months() as i32 - 1)) as u32 + 1;
        while completed > 1 && self.payment_date(completed - 1) > today {
            completed -= 1;
        }
        while completed < self.term.months() && self.payment_date(completed) <= today {
            completed += 1;
        }
        let cycle_start = self.payment_date(completed - 1);
        let cycle_end = self.payment_date(completed);
        Some(PaymentCycle {
            completed,
            cycle_start,
            cycle_end,
            cycle_days: days_between(cycle_start, cycle_end),
            cycle_remaining_days: days_between(today, cycle_end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn term_ends_clamp_to_the_months_last_day() {
        for (purchase, term, end, days) in [
            ("2023-03-01", Term::P1Y, "2024-03-01", 366),
            ("2024-03-01", Term::P1Y, "2025-03-01", 365),
            ("2024-02-29", Term::P1Y, "2025-02-28", 365),
            ("2024-02-29", Term::P3Y, "2027-02-28", 1095),
            ("2023-02-28", Term::P1Y, "2024-02-28", 365),
            ("2023-03-31", Term::P3Y, "2026-03-31", 1096),
            ("2024-01-15", Term::P3Y, "2027-01-15", 1096),
        ] {
            let t = TermDates::new(date(purchase), term).unwrap();
            assert_eq!(t.term_end, date(end), "{purchase} {term:?}");
            assert_eq!(t.term_days(), days, "{purchase} {term:?}");
        }
    }

    #[test]
    fn payments_on_the_31st_fall_on_each_months_last_day() {
        let t = TermDates::new(date("2024-01-31"), Term::P1Y).unwrap();
        let dates: Vec<_> = (0..4).map(|k| t.payment_date(k).to_string()).collect();
        assert_eq!(dates, ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]);
    }

    #[test]
    fn cycles_of_28_to_31_days() {
        // (purchase, today, completed, cycle_days, cycle_remaining_days)
        for (purchase, today, completed, days, remaining) in [
            ("2023-01-31", "2023-02-28", 2, 31, 31), // Feb 28 → Mar 31
            ("2023-01-31", "2023-02-27", 1, 28, 1),  // Jan 31 → Feb 28
            ("2024-01-31", "2024-02-28", 1, 29, 1),  // leap February
            ("2024-01-15", "2024-02-15", 2, 29, 29),
            ("2024-04-15", "2024-04-20", 1, 30, 25),
            ("2024-01-15", "2025-08-25", 20, 31, 21), // W4
            ("2022-11-10", "2023-01-20", 3, 31, 21),  // the quote-format example
            ("2024-01-15", "2027-01-14", 36, 31, 1),  // the last day of a 3-year term
        ] {
            let t = TermDates::new(date(purchase), Term::P3Y).unwrap();
            let c = t.payment_cycle(date(today)).unwrap();
            assert_eq!(
                (c.completed, c.cycle_days, c.cycle_remaining_days),
                (completed, days, remaining),
                "{purchase} {today}"
            );
        }
    }

    #[test]
    fn outside_the_term_there_is_no_cycle() {
        let t = TermDates::new(date("2024-01-15"), Term::P1Y).unwrap();
        assert_eq!(t.payment_cycle(date("2024-01-14")), None);
        assert_eq!(t.payment_cycle(date("2025-01-15")), None);
        assert!(t.payment_cycle(date("2025-01-14")).is_some());
    }
}
