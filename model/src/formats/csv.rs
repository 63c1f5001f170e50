//! CSV exports: a customer's reservations with their refund value on a date, a refund quote's
//! breakdown, and the limit timeline. RFC 4180 quoting; amounts as plain decimals with their
//! currency in its own column, so a spreadsheet can add them up.
//!
//! Each file is written in a [`Dialect`]: comma-separated, the same in every language, for
//! programs; or for a spreadsheet set to a language, with that language's separator and decimal
//! mark, so a French or Swedish spreadsheet reads `2700,00` as a number, not as text.

use chrono::NaiveDate;

use crate::domain::breakdown::Item;
use crate::domain::policy::Policy;
use crate::domain::quote::{RefundError, RefundQuote};
use crate::domain::values::Name;
use crate::simulation::plan::Schedule;
use crate::simulation::timeline::LimitTimeline;
use crate::simulation::workspace::{Customer, Workspace};

/// How a CSV file separates its cells and writes its numbers. Data only: the shell picks the
/// marks of the person's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180 as programs read it: `,` between cells, `.` in numbers, no byte-order mark. The
    /// same bytes in every language.
    Comma,
    /// For a spreadsheet set to a language: its list separator between cells (`;` where the
    /// decimal mark is a comma), its decimal mark in numbers (`1234,5`: no group marks, which a
    /// spreadsheet would read as text), and a UTF-8 byte-order mark first, without which Excel
    /// reads the file in the system's legacy code page and garbles every accent.
    Spreadsheet {
        /// Between cells.
        separator: char,
        /// Between a number's whole part and its decimals.
        decimal_mark: char,
    },
}

impl Dialect {
    fn separator(self) -> char {
        match self {
            Dialect::Comma => ',',
            Dialect::Spreadsheet { separator, .. } => separator,
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            Dialect::Comma => '.',
            Dialect::Spreadsheet { decimal_mark, .. } => decimal_mark,
        }
    }
}

/// The UTF-8 byte-order mark (bytes EF BB BF), which tells a spreadsheet the file is UTF-8.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// A cell as the row gives it: text, written as it is, or a number (a plain decimal as the engine
/// writes it, `-1234.50`, or empty when there is none), written with the dialect's decimal mark.
enum Cell {
    Text(String),
    Number(String),
}

fn text(value: impl ToString) -> Cell {
    Cell::Text(value.to_string())
}

fn number(value: impl ToString) -> Cell {
    Cell::Number(value.to_string())
}

/// One text cell: defused when a spreadsheet would read it as a formula (a name starting with
/// `=`, `+`, `-` or `@` gets a leading apostrophe), then quoted as it needs to be.
fn cell(text: &str, separator: char) -> String {
    // A negative amount is a number, not a formula (read as a decimal: no float parser needed).
    if text.starts_with(['=', '+', '-', '@']) && text.parse::<rust_decimal::Decimal>().is_err() {
        quoted(&format!("'{text}"), separator)
    } else {
        quoted(text, separator)
    }
}

/// A cell quoted when it holds the separator, a quote or a line break.
fn quoted(text: &str, separator: char) -> String {
    if text.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A file being written: its rows, each ended by CRLF as RFC 4180 has it.
struct Writer {
    dialect: Dialect,
    out: String,
}

impl Writer {
    fn new(dialect: Dialect) -> Writer {
        let mut out = String::new();
        if let Dialect::Spreadsheet { .. } = dialect {
            out.push(BYTE_ORDER_MARK);
        }
        Writer { dialect, out }
    }

    /// A row of names: the header.
    fn header(&mut self, names: &[&str]) {
        self.row(names.iter().map(text).collect());
    }

    fn row(&mut self, cells: Vec<Cell>) {
        let separator = self.dialect.separator();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(separator);
            }
            let written = match c {
                Cell::Text(t) => cell(t, separator),
                // A number is never a formula, whichever its decimal mark (`-56150,00`).
                Cell::Number(n) => {
                    quoted(&n.replace('.', &self.dialect.decimal_mark().to_string()), separator)
                }
            };
            self.out.push_str(&written);
        }
        self.out.push_str("\r\n");
    }
}

/// The customer's reservations, with the refund of all their units on `date`, in `dialect`.
pub fn reservations(workspace: &Workspace, customer: &Customer, date: NaiveDate, dialect: Dialect) -> String {
    let values = workspace.revalue(customer, date);
    let mut out = Writer::new(dialect);
    out.header(&[
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
    ]);
    for r in &customer.reservations {
        let value =
            values.iter().find(|q| q.reservation_id == r.id).map(|q| q.partner.refund.amount_string());
        out.row(vec![
            text(&r.id),
            text(&r.order_id),
            text(r.family.name()),
            text(&r.sku),
            text(&r.region),
            text(r.term.code()),
            text(r.billing_plan.name()),
            number(r.quantity),
            text(r.purchase_date),
            text(r.currency.code()),
            number(r.unit_price),
            text(format!("{:?}", r.bought_by).to_lowercase()),
            text(if r.status == crate::domain::reservation::Status::Active { "active" } else { "closed" }),
            text(date),
            number(value.unwrap_or_default()),
        ]);
    }
    out.out
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
/// quotes show it, `custom` once a parameter is changed, and the pack it starts from). Written in
/// `dialect`; the labels, being text, keep the numbers they hold as the page writes them.
pub fn quote(
    quote: &RefundQuote,
    subject: &QuoteSubject,
    label: impl Fn(&Item) -> String,
    refusal: impl Fn(&RefundError) -> String,
    dialect: Dialect,
) -> String {
    // Every line starts with what the quote is about.
    let about = |rest: [Cell; 4]| {
        let mut cells = vec![
            text(&subject.customer.id),
            text(&subject.customer.name),
            text(subject.reservation),
            number(subject.units),
            text(subject.date),
            text(subject.policy.name()),
            text(subject.policy.base.name()),
        ];
        cells.extend(rest);
        cells
    };
    let mut out = Writer::new(dialect);
    out.header(&[
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
    ]);
    for line in quote.breakdown.lines() {
        out.row(about([
            text(label(&line.item)),
            text(format!("{:?}", line.op).to_lowercase()),
            text(line.amount.currency().code()),
            number(line.amount.amount_string()),
        ]));
    }
    for error in &quote.errors {
        out.row(about([
            text(format!("{}: {}", error.code(), refusal(error))),
            text("error"),
            text(""),
            number(""),
        ]));
    }
    out.out
}

/// The limit timeline: consumed on each day it changes, with and without the planned refund, in
/// `dialect`.
pub fn limit_timeline(timeline: &LimitTimeline, dialect: Dialect) -> String {
    let mut out = Writer::new(dialect);
    out.header(&["date", "consumed_usd", "with_planned_refund_usd", "limit_usd"]);
    let mut dates: Vec<NaiveDate> =
        timeline.consumed.iter().chain(timeline.with_plan.iter()).map(|p| p.date).collect();
    dates.sort();
    dates.dedup();
    let at = |points: &[crate::simulation::timeline::Point], date: NaiveDate| {
        points.iter().rfind(|p| p.date <= date).map(|p| p.value.amount_string()).unwrap_or_default()
    };
    for date in dates {
        out.row(vec![
            text(date),
            number(at(&timeline.consumed, date)),
            number(if timeline.with_plan.is_empty() { String::new() } else { at(&timeline.with_plan, date) }),
            number(timeline.limit.amount_string()),
        ]);
    }
    out.out
}

/// A refund plan's schedule (issue 15), a row a dated step: the units canceled, the refund and the
/// future payments canceled in the billing currency, what the step counts toward the limit and
/// what it saves in USD; then a `total` row with what the whole schedule saves. `reservations`
/// names each exit of the plan, by its index. In `dialect`.
pub fn plan_schedule(schedule: &Schedule, reservations: &[Name], dialect: Dialect) -> String {
    let mut out = Writer::new(dialect);
    out.header(&[
        "date",
        "reservation_id",
        "units",
        "currency",
        "refund",
        "canceled_payments",
        "counted_toward_limit_usd",
        "saved_usd",
    ]);
    for step in &schedule.steps {
        let Some(priced) = step.quote.priced.as_ref() else { continue };
        out.row(vec![
            text(step.date),
            text(reservations.get(step.exit).map(Name::as_str).unwrap_or_default()),
            number(step.quantity),
            text(priced.partner.refund.currency().code()),
            number(priced.partner.refund.amount_string()),
            number(priced.partner.remaining_commitment.amount_string()),
            number(priced.canceled_commitment_usd.amount_string()),
            number(step.saved_usd.amount_string()),
        ]);
    }
    out.row(vec![
        text("total"),
        text(""),
        number(schedule.steps.iter().map(|s| s.quantity).sum::<u32>()),
        text(""),
        number(""),
        number(""),
        number(""),
        number(schedule.total_saved_usd.amount_string()),
    ]);
    out.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain", ','), "plain");
        assert_eq!(cell("a,b", ','), "\"a,b\"");
        assert_eq!(cell("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")", ','), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-12.50", ','), "-12.50");
        assert_eq!(cell("@SUM(A1)", ','), "'@SUM(A1)");
    }

    /// RFC 4180 read back: rows of cells, quotes undone. Only for the tests: the app writes CSV,
    /// it never reads it.
    fn read_back(text: &str) -> Vec<Vec<String>> {
        read_back_with(text, ',')
    }

    /// [`read_back`] with another separator.
    fn read_back_with(text: &str, separator: char) -> Vec<Vec<String>> {
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
                (false, c) if c == separator => row.push(std::mem::take(&mut cell)),
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
        let text = quote(&q, &subject, |item| format!("{item:?}"), |e| e.code().to_string(), Dialect::Comma);
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
        let rows = read_back(&quote(
            &q,
            &subject,
            |item| format!("{item:?}"),
            |e| e.code().to_string(),
            Dialect::Comma,
        ));
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
        let text = reservations(&w, c, today, Dialect::Comma);
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
            reservations(&w, c, today, Dialect::Comma),
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
        let text = quote(&q, &subject, |item| format!("{item:?}"), |e| e.code().to_string(), Dialect::Comma);
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
            limit_timeline(&timeline, Dialect::Comma),
            crlf(&[
                "date,consumed_usd,with_planned_refund_usd,limit_usd",
                "2026-11-21,46450.00,106150.00,50000.00",
                "2027-03-21,14650.00,74350.00,50000.00",
                "2027-08-21,0.00,59700.00,50000.00",
                "2027-11-21,0.00,0.00,50000.00",
            ])
        );
    }
    /// How the shell writes for a French or Swedish spreadsheet.
    const SEMICOLON: Dialect = Dialect::Spreadsheet { separator: ';', decimal_mark: ',' };

    #[test]
    fn a_spreadsheet_row_writes_numbers_with_its_decimal_mark_and_quotes_its_separator() {
        let written = |dialect, cells| {
            let mut out = Writer::new(dialect);
            out.row(cells);
            out.out
        };
        let cells = || {
            vec![
                number("1234.5"),
                number("-56150.00"),
                number("2"),
                number(""),
                text("a;b"),
                text("a,b"),
                text("2.5"),
            ]
        };
        // Text stays as it is (`2.5` is a text cell: an ID or a label), only numbers change.
        assert_eq!(written(SEMICOLON, cells()), "\u{feff}1234,5;-56150,00;2;;\"a;b\";a,b;2.5\r\n");
        assert_eq!(written(Dialect::Comma, cells()), "1234.5,-56150.00,2,,a;b,\"a,b\",2.5\r\n");
        let english = Dialect::Spreadsheet { separator: ',', decimal_mark: '.' };
        assert_eq!(written(english, cells()), "\u{feff}1234.5,-56150.00,2,,a;b,\"a,b\",2.5\r\n");
        // Were a language to want a comma for both, its numbers would be quoted, not split.
        let both = Dialect::Spreadsheet { separator: ',', decimal_mark: ',' };
        assert_eq!(written(both, vec![number("1234.5"), text("x")]), "\u{feff}\"1234,5\",x\r\n");
        // The formula guard is the same in every dialect.
        assert_eq!(written(SEMICOLON, vec![text("=1+1"), text("-x")]), "\u{feff}'=1+1;'-x\r\n");
    }

    #[test]
    fn only_a_spreadsheet_file_starts_with_the_byte_order_mark() {
        let (w, _, timeline) = woodgrove();
        let c = w.customer("woodgrove").unwrap();
        let today = "2026-11-21".parse().unwrap();
        for dialect in [SEMICOLON, Dialect::Spreadsheet { separator: ',', decimal_mark: '.' }] {
            assert!(reservations(&w, c, today, dialect).as_bytes().starts_with(&[0xEF, 0xBB, 0xBF, b'r']));
            assert!(limit_timeline(&timeline, dialect).as_bytes().starts_with(&[0xEF, 0xBB, 0xBF, b'd']));
        }
        assert!(reservations(&w, c, today, Dialect::Comma).starts_with("reservation_id,"));
        assert!(limit_timeline(&timeline, Dialect::Comma).starts_with("date,"));
    }

    #[test]
    fn an_english_spreadsheet_file_is_the_comma_separated_file_after_its_byte_order_mark() {
        let (w, _, timeline) = woodgrove();
        let c = w.customer("woodgrove").unwrap();
        let today = "2026-11-21".parse().unwrap();
        let english = Dialect::Spreadsheet { separator: ',', decimal_mark: '.' };
        assert_eq!(
            reservations(&w, c, today, english),
            format!("\u{feff}{}", reservations(&w, c, today, Dialect::Comma))
        );
        assert_eq!(
            limit_timeline(&timeline, english),
            format!("\u{feff}{}", limit_timeline(&timeline, Dialect::Comma))
        );
    }

    #[test]
    fn a_french_or_swedish_spreadsheet_file_separates_with_semicolons_and_writes_decimal_commas() {
        let (w, q, timeline) = woodgrove();
        let c = w.customer("woodgrove").unwrap();
        let today = "2026-11-21".parse().unwrap();
        assert_eq!(
            reservations(&w, c, today, SEMICOLON),
            format!(
                "\u{feff}{}",
                crlf(&[
                    "reservation_id;order_id;family;sku;region;term;billing_plan;quantity;purchase_date;currency;unit_price;bought_by;status;refund_on;refund_amount",
                    "woodgrove-vm-m;woodgrove-vm-m-order;compute;Standard_M64s;eastus2;P3Y;Monthly;1;2025-07-18;USD;3000,00;partner;active;2026-11-21;2700,00",
                    "woodgrove-sql;woodgrove-sql-order;sql;SQL_DB_BC_Gen5_4;eastus2;P1Y;Upfront;2;2026-07-18;USD;6200,00;partner;active;2026-11-21;8119,45",
                ])
            )
        );
        assert_eq!(
            limit_timeline(&timeline, SEMICOLON),
            format!(
                "\u{feff}{}",
                crlf(&[
                    "date;consumed_usd;with_planned_refund_usd;limit_usd",
                    "2026-11-21;46450,00;106150,00;50000,00",
                    "2027-03-21;14650,00;74350,00;50000,00",
                    "2027-08-21;0,00;59700,00;50000,00",
                    "2027-11-21;0,00;0,00;50000,00",
                ])
            )
        );

        // The quote: labels are the page's words, which hold the language's own numbers and may
        // hold the separator; each stays one cell.
        let subject = QuoteSubject {
            customer: c,
            reservation: "woodgrove-vm-m",
            units: 1,
            date: today,
            policy: &w.policy,
        };
        let label = |item: &Item| match item {
            Item::Refund => "Remboursement ; au partenaire".to_string(),
            _ => "Prix 3 000,00 USD".to_string(),
        };
        let text = quote(&q, &subject, label, |e| format!("{} ; refusé", e.code()), SEMICOLON);
        let body = text.strip_prefix('\u{feff}').expect("a byte-order mark first");
        let rows = read_back_with(body, ';');
        assert_eq!(rows[0].len(), 11);
        assert!(rows.iter().all(|r| r.len() == 11), "{rows:?}");
        assert_eq!(rows.len(), 1 + q.breakdown.lines().len() + q.errors.len());
        let lines: Vec<&str> = body.split("\r\n").collect();
        let about = "woodgrove;Woodgrove Bank;woodgrove-vm-m;1;2026-11-21;azure-2026;azure-2026";
        assert_eq!(lines[1], format!("{about};Prix 3 000,00 USD;start;USD;2700,00"));
        assert_eq!(lines[2], format!("{about};\"Remboursement ; au partenaire\";equals;USD;2700,00"));
        assert!(
            lines.contains(&format!("{about};Prix 3 000,00 USD;equals;USD;-56150,00").as_str()),
            "{lines:?}"
        );
        assert!(lines.contains(
            &format!("{about};\"RefundLimitExceeded: RefundLimitExceeded ; refusé\";error;;").as_str()
        ));
    }
}
