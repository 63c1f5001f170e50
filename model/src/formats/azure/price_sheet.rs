//! The partner's price sheet, for what no Azure file prices: a CSV with the header
//! `sku,region,term,billing_plan,currency,unit_price`. `unit_price` is a unit's price as Reservoir
//! keeps it (the whole term for Upfront, one monthly payment for Monthly); an empty `region`
//! matches any region, and a row naming the region wins over one that does not. The partner writes
//! this file, so a row that cannot be read refuses the file, at that row's cell.

use crate::domain::calendar::Term;
use crate::domain::money::Currency;
use crate::domain::reservation::BillingPlan;
use crate::domain::values::{Amount, Name};
use crate::formats::azure::findings::Place;
use crate::formats::azure::table::Table;
use crate::formats::input::{Expected, Found, InputError, Problem};

/// One row of the price sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceRow {
    /// The SKU (matched without regard to case).
    pub sku: Name,
    /// The region, or `None` for any (matched without regard to case).
    pub region: Option<Name>,
    /// The term.
    pub term: Term,
    /// The billing plan.
    pub billing_plan: BillingPlan,
    /// The currency of the price.
    pub currency: Currency,
    /// A unit's price.
    pub unit_price: Amount,
    /// Where the row is.
    pub place: Place,
}

/// Every row of a price sheet, or the first cell that cannot be read.
pub fn read(table: &Table, file: &str) -> Result<Vec<PriceRow>, InputError> {
    let column = |name: &str| table.column(name);
    let [sku, region, term, plan, currency, price] =
        ["sku", "region", "term", "billing_plan", "currency", "unit_price"].map(column);
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let cell = |at: Option<usize>, name: &str| (row.cell(at), row.path(Some(name)));
        let parsed = |at, name: &str, parse: fn(&str) -> Result<Name, crate::domain::values::ValueError>| {
            let (text, path) = cell(at, name);
            parse(text).map_err(|e| InputError::new(path, Problem::Value(e)))
        };
        let word = |at, name: &str, words: Vec<&'static str>| -> Result<usize, InputError> {
            let (text, path) = cell(at, name);
            words.iter().position(|w| w.eq_ignore_ascii_case(text)).ok_or_else(|| {
                InputError::new(path, Problem::NotOneOf { expected: words.clone(), found: Found::word(text) })
            })
        };
        let sku_name = parsed(sku, "sku", Name::parse)?;
        let region_name = match cell(region, "region").0 {
            "" => None,
            _ => Some(parsed(region, "region", Name::parse)?),
        };
        let term = Term::ALL[word(term, "term", Term::ALL.map(Term::code).to_vec())?];
        let billing_plan =
            BillingPlan::ALL[word(plan, "billing_plan", BillingPlan::ALL.map(BillingPlan::name).to_vec())?];
        let (code, code_path) = cell(currency, "currency");
        let currency = Currency::from_code(code)
            .ok_or_else(|| InputError::wrong_kind(code_path, Expected::Currency, Found::word(code)))?;
        let (written, price_path) = cell(price, "unit_price");
        let unit_price =
            Amount::parse(written).map_err(|e| InputError::new(price_path, Problem::Value(e)))?;
        rows.push(PriceRow {
            sku: sku_name,
            region: region_name,
            term,
            billing_plan,
            currency,
            unit_price,
            place: Place::new(file, row.path(None)),
        });
    }
    Ok(rows)
}

/// The row that prices a reservation of `sku` in `region` on `term` and `plan`, in `currency`:
/// one naming the region before one for any region, the first such row in the file.
pub fn find<'r>(
    rows: &'r [PriceRow],
    sku: &str,
    region: &str,
    term: Term,
    plan: BillingPlan,
    currency: Currency,
) -> Option<&'r PriceRow> {
    find_where(rows, sku, region, term, plan, |c| c == currency).map(|at| &rows[at])
}

/// The position of the row that would price the reservation but is written in another currency
/// than `currency`: what tells the partner why a sheet priced nothing.
pub fn find_in_other_currency(
    rows: &[PriceRow],
    sku: &str,
    region: &str,
    term: Term,
    plan: BillingPlan,
    currency: Currency,
) -> Option<usize> {
    find_where(rows, sku, region, term, plan, |c| c != currency)
}

fn find_where(
    rows: &[PriceRow],
    sku: &str,
    region: &str,
    term: Term,
    plan: BillingPlan,
    currency: impl Fn(Currency) -> bool,
) -> Option<usize> {
    let fits = |r: &PriceRow| {
        r.sku.eq_ignore_ascii_case(sku) && r.term == term && r.billing_plan == plan && currency(r.currency)
    };
    let position = |in_region: &dyn Fn(&PriceRow) -> bool| rows.iter().position(|r| fits(r) && in_region(r));
    position(&|r| r.region.as_ref().is_some_and(|g| g.eq_ignore_ascii_case(region)))
        .or_else(|| position(&|r| r.region.is_none()))
}
