//! The guided demo stories in words: each story's title, and each step's line written from the
//! figures the engine gave it (`reservoir::app::stories`).

use reservoir::app::stories::{StoryId, StoryLine};
use reservoir::domain::policy::PackId;

use super::{count, date, fill, money, number, t, term, Key};

/// A story's title, as the menu and the panel name it.
pub fn story_title(id: StoryId) -> &'static str {
    t(match id {
        StoryId::NearLimit => Key::StoryNearLimit,
        StoryId::MonthlyThreeYears => Key::StoryMonthly,
        StoryId::LastExchange => Key::StoryLastExchange,
        StoryId::BoughtByCustomer => Key::StoryBoughtByCustomer,
        StoryId::GbpCustomer => Key::StoryGbp,
        StoryId::ThenAndNow => Key::StoryThenAndNow,
    })
}

/// What a step says.
pub fn story_line(line: &StoryLine) -> String {
    match line {
        StoryLine::LimitUsed { customer, consumed, limit, left } => fill(
            Key::StoryLimitUsed,
            &[
                ("customer", customer),
                ("consumed", &money(*consumed)),
                ("left", &money(*left)),
                ("limit", &money(*limit)),
            ],
        ),
        StoryLine::RefundRefused { reservation, counted, left } => fill(
            Key::StoryRefundRefused,
            &[("reservation", reservation), ("counted", &money(*counted)), ("left", &money(*left))],
        ),
        StoryLine::RefundFitsOn { reservation, date: on } => {
            fill(Key::StoryRefundFitsOn, &[("reservation", reservation), ("date", &date(*on))])
        }
        StoryLine::MonthlyPlan { reservation, units, payment, term: length } => fill(
            Key::StoryMonthlyPlan,
            &[
                ("reservation", reservation),
                ("units", &count(u64::from(*units))),
                ("payment", &money(*payment)),
                ("term", &term(*length)),
            ],
        ),
        StoryLine::CancelToday { refund, canceled, saves } => fill(
            Key::StoryCancelToday,
            &[("refund", &money(*refund)), ("canceled", &money(*canceled)), ("saves", &money(*saves))],
        ),
        StoryLine::CancelLater { date: on, saves, less } => fill(
            Key::StoryCancelLater,
            &[("date", &date(*on)), ("saves", &money(*saves)), ("less", &money(*less))],
        ),
        StoryLine::CutoffInForce { today, cutoff } => {
            fill(Key::StoryCutoffInForce, &[("today", &date(*today)), ("cutoff", &date(*cutoff))])
        }
        StoryLine::FinalExchange { reservation, bought, cutoff } => fill(
            Key::StoryFinalExchange,
            &[("reservation", reservation), ("bought", &date(*bought)), ("cutoff", &date(*cutoff))],
        ),
        StoryLine::NoExchange { reservation, bought, cutoff } => fill(
            Key::StoryNoExchange,
            &[("reservation", reservation), ("bought", &date(*bought)), ("cutoff", &date(*cutoff))],
        ),
        StoryLine::CustomerMayBuy { customer, user } => {
            fill(Key::StoryCustomerMayBuy, &[("customer", customer), ("user", user)])
        }
        StoryLine::BoughtByCustomer { reservation, user, bought } => fill(
            Key::StoryBoughtByCustomerLine,
            &[("user", user), ("reservation", reservation), ("bought", &date(*bought))],
        ),
        StoryLine::PartnerNotNotified => t(Key::StoryPartnerNotNotified).to_string(),
        StoryLine::OnlyPartnerCancels { user } => fill(Key::StoryOnlyPartnerCancels, &[("user", user)]),
        StoryLine::BilledIn { customer, currency, usd_per_unit } => fill(
            Key::StoryBilledIn,
            &[("customer", customer), ("currency", &currency.code()), ("rate", &number(*usd_per_unit))],
        ),
        StoryLine::RefundInUsd { refund, counted } => {
            fill(Key::StoryRefundInUsd, &[("refund", &money(*refund)), ("counted", &money(*counted))])
        }
        StoryLine::LimitInUsd { limit, left } => {
            fill(Key::StoryLimitInUsd, &[("left", &money(*left)), ("limit", &money(*limit))])
        }
        StoryLine::ThenAndNow { reservation, then_refund, then_fee, now_refund } => fill(
            Key::StoryThenAndNowLine,
            &[
                ("reservation", reservation),
                ("then", &PackId::Csp2020.name()),
                ("then_refund", &money(*then_refund)),
                ("then_fee", &money(*then_fee)),
                ("now", &PackId::Azure2026.name()),
                ("now_refund", &money(*now_refund)),
            ],
        ),
        StoryLine::NowInForce { refund } => {
            fill(Key::StoryNowInForce, &[("now", &PackId::Azure2026.name()), ("refund", &money(*refund))])
        }
    }
}
