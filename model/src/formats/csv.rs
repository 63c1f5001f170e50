//! CSV exports: a customer's reservations with their refund value on a date, a refund quote's
//! breakdown, and the limit timeline. RFC 4180 quoting; amounts as plain decimals with their
//! currency in its own column, so a spreadsheet can add them up.

use chrono::NaiveDate;

use crate::domain::breakdown::Item;
use crate::domain::quote::{RefundError, RefundQuote};
use crate::simulation::timeline::LimitTimeline;
use crate::simulation::workspace::{Customer, Workspace};

/// One cell: quoted when it needs to be, and defused when a spreadsheet would read it as a
/// formula (a name starting with `=`, `+`, `-` or `@` gets a leading apostrophe).
fn cell(text: &str) -> String {
    // A negative amount is a number, not a formula (read as a decimal: no float parser needed).
    let defused = if text.starts_with(['=', '+', '-', '@']) && text.parse::<rust_decimal::Decimal>().is_err()
    {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

fn row(cells: &[String]) -> String {
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The customer's reservations, with the refund of all their units on `date`.
pub fn reservations(workspace: &Workspace, customer: &Customer, date: NaiveDate) -> String {
    let values = workspace.revalue(customer, date);
    let mut out = row(&[
        "reservation_id",
        "order_id",
        "family",
        "sku",
        "region",
        "term",
        "billing_plan",
        "quantity",
        "purchase_date",
        "currency",
        "unit_price",
        "bought_by",
        "status",
        "refund_on",
        "refund_amount",
    ]
    .map(String::from));
    for r in &customer.reservations {
        let value =
            values.iter().find(|q| q.reservation_id == r.id).map(|q| q.partner.refund.amount_string());
        out.push_str(&row(&[
            r.id.to_string(),
            r.order_id.to_string(),
            r.family.name().to_string(),
            r.sku.clone(),
            r.region.clone(),
            r.term.code().to_string(),
            r.billing_plan.name().to_string(),
            r.quantity.to_string(),
            r.purchase_date.to_string(),
            r.currency.code().to_string(),
            r.unit_price.to_string(),
            format!("{:?}", r.bought_by).to_lowercase(),
            if r.status == crate::domain::reservation::Status::Active {
                "active".into()
            } else {
                "closed".into()
            },
            date.to_string(),
            value.unwrap_or_default(),
        ]));
    }
    out
}

/// A refund quote's breakdown, line by line, then its policy errors, worded by `label` and
/// `refusal`: the page passes its own words (the file then says what the page says), the command
/// line `formats::plain`'s.
pub fn quote(
    quote: &RefundQuote,
    label: impl Fn(&Item) -> String,
    refusal: impl Fn(&RefundError) -> String,
) -> String {
    let mut out = row(&["line", "op", "currency", "amount"].map(String::from));
    for line in quote.breakdown.lines() {
        out.push_str(&row(&[
            label(&line.item),
            format!("{:?}", line.op).to_lowercase(),
            line.amount.currency().code().to_string(),
            line.amount.amount_string(),
        ]));
    }
    for error in &quote.errors {
        out.push_str(&row(&[
            format!("{}: {}", error.code(), refusal(error)),
            "error".into(),
            String::new(),
            String::new(),
        ]));
    }
    out
}

/// The limit timeline: consumed on each day it changes, with and without the planned refund.
pub fn limit_timeline(timeline: &LimitTimeline) -> String {
    let mut out = row(&["date", "consumed_usd", "with_planned_refund_usd", "limit_usd"].map(String::from));
    let mut dates: Vec<NaiveDate> =
        timeline.consumed.iter().chain(timeline.with_plan.iter()).map(|p| p.date).collect();
    dates.sort();
    dates.dedup();
    let at = |points: &[crate::simulation::timeline::Point], date: NaiveDate| {
        points.iter().rfind(|p| p.date <= date).map(|p| p.value.amount_string()).unwrap_or_default()
    };
    for date in dates {
        out.push_str(&row(&[
            date.to_string(),
            at(&timeline.consumed, date),
            if timeline.with_plan.is_empty() { String::new() } else { at(&timeline.with_plan, date) },
            timeline.limit.amount_string(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-12.50"), "-12.50");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn the_demo_exports_its_reservations() {
        let today: NaiveDate = "2026-11-21".parse().unwrap();
        let w = crate::simulation::scenario::replay(&crate::simulation::demo::demo_scenario(
            crate::domain::values::Date::new(today).unwrap(),
        ))
        .unwrap();
        let c = w.customer("woodgrove").unwrap();
        let text = reservations(&w, c, today);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1]
            .starts_with("woodgrove-vm-m,woodgrove-vm-m-order,compute,Standard_M64s,eastus2,P3Y,Monthly,1,"));
        assert!(lines[1].ends_with(",2026-11-21,2700.00"), "{}", lines[1]);
    }
}
