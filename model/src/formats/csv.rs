//! CSV exports: a customer's reservations with their refund value on a date, a refund quote's
//! breakdown, and the limit timeline. RFC 4180 quoting; amounts as plain decimals with their
//! currency in its own column, so a spreadsheet can add them up.

use chrono::NaiveDate;

use crate::domain::breakdown::Item;
use crate::domain::policy::Policy;
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

/// What a refund quote is about: whose reservation, how many units, on which day, under which
/// policy. A quote file carries it on every line, so a line copied elsewhere still says it.
#[derive(Clone, Copy, Debug)]
pub struct QuoteSubject<'a> {
    /// The customer.
    pub customer: &'a Customer,
    /// The reservation's ID.
    pub reservation: &'a str,
    /// The units returned.
    pub units: u32,
    /// The day the quote is for.
    pub date: NaiveDate,
    /// The policy in force.
    pub policy: &'a Policy,
}

/// A refund quote's breakdown, line by line, then its policy errors, worded by `label` and
/// `refusal`: the page passes its own words (the file then says what the page says), the command
/// line `formats::plain`'s. Every line starts with what the quote is about (`subject`): the
/// customer's ID and name, the reservation, the units, the date, and the policy (its name as
/// quotes show it, `custom` once a parameter is changed, and the pack it starts from).
pub fn quote(
    quote: &RefundQuote,
    subject: &QuoteSubject,
    label: impl Fn(&Item) -> String,
    refusal: impl Fn(&RefundError) -> String,
) -> String {
    let about = [
        subject.customer.id.to_string(),
        subject.customer.name.to_string(),
        subject.reservation.to_string(),
        subject.units.to_string(),
        subject.date.to_string(),
        subject.policy.name().to_string(),
        subject.policy.base.name().to_string(),
    ];
    let line_of = |cells: [String; 4]| row(&[about.to_vec(), cells.to_vec()].concat());
    let mut out = row(&[
        "customer_id",
        "customer_name",
        "reservation_id",
        "units",
        "date",
        "policy",
        "policy_base",
        "line",
        "op",
        "currency",
        "amount",
    ]
    .map(String::from));
    for line in quote.breakdown.lines() {
        out.push_str(&line_of([
            label(&line.item),
            format!("{:?}", line.op).to_lowercase(),
            line.amount.currency().code().to_string(),
            line.amount.amount_string(),
        ]));
    }
    for error in &quote.errors {
        out.push_str(&line_of([
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

    /// RFC 4180 read back: rows of cells, quotes undone. Only for the tests: the app writes CSV,
    /// it never reads it.
    fn read_back(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let (mut row, mut cell, mut quoted, mut chars) =
            (Vec::new(), String::new(), false, text.chars().peekable());
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        assert!(!quoted && cell.is_empty() && row.is_empty(), "the text ends inside a row: {text:?}");
        rows
    }

    #[test]
    fn the_quote_csv_names_the_customer_the_date_and_the_policy() {
        use crate::domain::values::Date;
        let today = Date::parse("2026-11-21").unwrap();
        let mut w =
            crate::simulation::scenario::replay(&crate::simulation::demo::demo_scenario(today)).unwrap();
        // A name a spreadsheet must keep whole: a comma and quotes.
        w.customers[0].name = crate::domain::values::Name::parse("Contoso, \"Europe\" GmbH").unwrap();
        let c = &w.customers[0];
        let r = c.open_reservations().next().unwrap();
        let q = w.quote_refund(&c.id, &r.id, 1, today.get()).unwrap();
        let subject =
            QuoteSubject { customer: c, reservation: &r.id, units: 1, date: today.get(), policy: &w.policy };
        let text = quote(&q, &subject, |item| format!("{item:?}"), |e| e.code().to_string());
        let rows = read_back(&text);
        assert_eq!(
            rows[0][..7],
            ["customer_id", "customer_name", "reservation_id", "units", "date", "policy", "policy_base"]
        );
        assert_eq!(rows.len(), 1 + q.breakdown.lines().len() + q.errors.len());
        for line in &rows[1..] {
            assert_eq!(line.len(), rows[0].len(), "{line:?}");
            assert_eq!(
                line[..7],
                [
                    c.id.as_str(),
                    "Contoso, \"Europe\" GmbH",
                    r.id.as_str(),
                    "1",
                    "2026-11-21",
                    "azure-2026",
                    "azure-2026"
                ]
            );
        }
        // A changed parameter shows as `custom`, with the pack it starts from.
        let mut custom = w.policy.clone();
        custom.fee_percent = crate::domain::values::Percent::parse("5").unwrap();
        let subject = QuoteSubject { policy: &custom, ..subject };
        let rows = read_back(&quote(&q, &subject, |item| format!("{item:?}"), |e| e.code().to_string()));
        assert_eq!(rows[1][5..7], ["custom", "azure-2026"]);
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
    /// The demo's Woodgrove Bank on 2026-11-21, returning one unit of its monthly VM reservation.
    fn woodgrove() -> (Workspace, RefundQuote, LimitTimeline) {
        let today = crate::domain::values::Date::parse("2026-11-21").unwrap();
        let w = crate::simulation::scenario::replay(&crate::simulation::demo::demo_scenario(today)).unwrap();
        let c = w.customer("woodgrove").unwrap();
        let q = w.quote_refund(&c.id, "woodgrove-vm-m", 1, today.get()).unwrap();
        let planned = Some((today.get(), q.priced.as_ref().unwrap().canceled_commitment_usd));
        let timeline =
            crate::simulation::timeline::limit_timeline(&c.ledger, &w.policy, today.get(), 400, planned);
        (w, q, timeline)
    }

    /// Lines as a CSV file ends them.
    fn crlf(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\r\n")).collect()
    }

    /// The comma-separated files, byte for byte: programs (and the browser tests) read them, so
    /// they change only on purpose.
    #[test]
    fn the_comma_separated_files_are_pinned() {
        let (w, q, timeline) = woodgrove();
        let c = w.customer("woodgrove").unwrap();
        let today = "2026-11-21".parse().unwrap();
        assert_eq!(
            reservations(&w, c, today),
            crlf(&[
                "reservation_id,order_id,family,sku,region,term,billing_plan,quantity,purchase_date,currency,unit_price,bought_by,status,refund_on,refund_amount",
                "woodgrove-vm-m,woodgrove-vm-m-order,compute,Standard_M64s,eastus2,P3Y,Monthly,1,2025-07-18,USD,3000.00,partner,active,2026-11-21,2700.00",
                "woodgrove-sql,woodgrove-sql-order,sql,SQL_DB_BC_Gen5_4,eastus2,P1Y,Upfront,2,2026-07-18,USD,6200.00,partner,active,2026-11-21,8119.45",
            ])
        );
        let subject = QuoteSubject {
            customer: c,
            reservation: "woodgrove-vm-m",
            units: 1,
            date: today,
            policy: &w.policy,
        };
        let about = "woodgrove,Woodgrove Bank,woodgrove-vm-m,1,2026-11-21,azure-2026,azure-2026";
        let text = quote(&q, &subject, |item| format!("{item:?}"), |e| e.code().to_string());
        let lines: Vec<String> = [
            "\"ProRatedCycle { unit_price: 3000.00, quantity: 1, cycle_remaining_days: 27, cycle_days: 30, price: PriceChoice { purchase: 3000.00, current: None, basis: LowerOfPurchaseAndCurrent, used: Purchase } }\",start,USD,2700.00",
            "Refund,equals,USD,2700.00",
            "\"TotalPaid { unit_price: 3000.00, units: 1, payments: 17 }\",start,USD,51000.00",
            "Refund,minus,USD,2700.00",
            "KeptByMicrosoft,equals,USD,48300.00",
            "\"RemainingCommitment { unit_price: 3000.00, quantity: 1, payments_left: 19 }\",start,USD,57000.00",
            "\"Usd { of: Refund, usd_per_unit: 1 }\",start,USD,2700.00",
            "\"Usd { of: RemainingCommitment, usd_per_unit: 1 }\",plus,USD,57000.00",
            "CanceledCommitment { counts: CanceledCommitment },equals,USD,59700.00",
            "ConsumedBefore { window_days: 365 },start,USD,46450.00",
            "CanceledCommitment { counts: CanceledCommitment },plus,USD,59700.00",
            "ConsumedAfter,equals,USD,106150.00",
            "RefundLimit,start,USD,50000.00",
            "ConsumedAfter,minus,USD,106150.00",
            "LimitLeftAfter,equals,USD,-56150.00",
            "RefundLimitExceeded: RefundLimitExceeded,error,,",
        ]
        .iter()
        .map(|l| format!("{about},{l}"))
        .collect();
        let header =
            "customer_id,customer_name,reservation_id,units,date,policy,policy_base,line,op,currency,amount";
        assert_eq!(
            text,
            format!("{header}\r\n{}", lines.iter().map(|l| format!("{l}\r\n")).collect::<String>())
        );
        assert_eq!(
            limit_timeline(&timeline),
            crlf(&[
                "date,consumed_usd,with_planned_refund_usd,limit_usd",
                "2026-11-21,46450.00,106150.00,50000.00",
                "2027-03-21,14650.00,74350.00,50000.00",
                "2027-08-21,0.00,59700.00,50000.00",
                "2027-11-21,0.00,0.00,50000.00",
            ])
        );
    }
}
