//! Small pieces many pages use: an amount with its currency, a copy button, a line chart, file
//! download, and reading form inputs.

use chrono::NaiveDate;
use leptos::prelude::*;
use reservoir::domain::money::{Currency, Money};
use reservoir::domain::policy::Provenance;
use reservoir::domain::values::{self, Amount, Date, Days, Name, Note, Percent, Quantity, WindowDays};
use reservoir::formats::csv::Dialect;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::i18n::{self, t, Key};

// Reading form inputs: each field goes through the engine's own parser for its value, the one the
// stored-session reader uses, so what a form sends always reads back. A refusal comes back as the
// engine's `ValueError` (data) and is written here, in the reader's language, beside the field.

/// An `<input type="date">` value, checked as the engine checks dates.
pub fn parse_date_input(text: &str) -> Option<Date> {
    Date::parse(text).ok()
}

/// A typed date, or why not.
pub fn parse_date_field(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| i18n::value_error(&e))
}

/// A typed amount, checked as the engine checks amounts, and read as the page writes numbers
/// (`20,000.50`): a person types back what they read.
pub fn parse_amount_input(text: &str) -> Result<Amount, String> {
    Amount::parse_written(text, i18n::number_writing(), None).map_err(|e| i18n::value_error(&e))
}

/// A typed amount of money in `currency`: as [`parse_amount_input`], and it may start with the
/// currency's code, as the page writes money (`USD 20,000.00`); another currency's is refused.
pub fn parse_money_input(text: &str, currency: Currency) -> Result<Amount, String> {
    Amount::parse_written(text, i18n::number_writing(), Some(currency.code()))
        .map_err(|e| i18n::value_error(&e))
}

/// A typed percentage.
pub fn parse_percent_input(text: &str) -> Result<Percent, String> {
    Percent::parse(text).map_err(|e| i18n::value_error(&e))
}

/// A typed whole number of units (any: the refund says whether the reservation holds them).
pub fn parse_units_input(text: &str) -> Result<u32, String> {
    values::units(text).map_err(|e| i18n::value_error(&e))
}

/// A typed quantity to buy.
pub fn parse_quantity_input(text: &str) -> Result<Quantity, String> {
    Quantity::parse(text).map_err(|e| i18n::value_error(&e))
}

/// A typed day count of a policy.
pub fn parse_days_input(text: &str) -> Result<Days, String> {
    Days::parse(text).map_err(|e| i18n::value_error(&e))
}

/// A typed refund-limit window.
pub fn parse_window_input(text: &str) -> Result<WindowDays, String> {
    WindowDays::parse(text).map_err(|e| i18n::value_error(&e))
}

/// A typed name or ID.
pub fn parse_name_input(text: &str) -> Result<Name, String> {
    Name::parse(text).map_err(|e| i18n::value_error(&e))
}

/// The ID a page's route names, as the name commands carry. A route can hold any text typed in
/// the address bar; text that is no name names no customer or reservation, so it becomes `?`, which
/// the engine refuses as unknown (the page says there is no such customer first).
pub fn route_id(text: &str) -> Name {
    Name::parse(text).unwrap_or_else(|_| Name::derived("", "?"))
}

/// A typed note (may be empty).
pub fn parse_note_input(text: &str) -> Result<Note, String> {
    Note::parse(text).map_err(|e| i18n::value_error(&e))
}

/// An amount with its currency code, carrying its exact value for tests and copying.
#[component]
pub fn AmountText(money: Money, #[prop(optional)] testid: &'static str) -> impl IntoView {
    amount_text(money, testid)
}

/// What is left of the refund limit: below zero, it says "over the limit" in words beside the
/// amount, not by its colour alone (WCAG 1.4.1).
#[component]
pub fn LimitLeftText(money: Money, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let over = money.is_negative();
    view! {
        {amount_text(money, testid)}
        {over.then(|| view! { " "<span class="over-limit" data-testid="over-limit">{t(Key::OverLimit)}</span> })}
    }
}

/// An amount in an HTML template (`maud::html!`, for parts of pages written as HTML: tables of
/// figures, the customer list's rows): the element [`AmountText`] draws, with the same class and
/// attributes, so a page and its tests read both alike; `data-testid` when one is given.
pub struct AmountHtml(pub Money, pub &'static str);

impl maud::Render for AmountHtml {
    fn render(&self) -> maud::Markup {
        let AmountHtml(money, testid) = *self;
        maud::html! {
            span class=(if money.is_negative() { "amount negative" } else { "amount" })
                data-testid=[(!testid.is_empty()).then_some(testid)]
                data-amount=(money.amount_string())
                data-currency=(money.currency().code()) { (i18n::money(money)) }
        }
    }
}

/// [`LimitLeftText`] in an HTML template, as [`AmountHtml`] is [`AmountText`].
pub struct LimitLeftHtml(pub Money, pub &'static str);

impl maud::Render for LimitLeftHtml {
    fn render(&self) -> maud::Markup {
        let LimitLeftHtml(money, testid) = *self;
        maud::html! {
            (AmountHtml(money, testid))
            @if money.is_negative() { " " span.over-limit data-testid="over-limit" { (t(Key::OverLimit)) } }
        }
    }
}

// The markup of an amount: [`AmountHtml`] writes the same as HTML text.
fn amount_text(money: Money, testid: &'static str) -> impl IntoView {
    let negative = money.is_negative();
    view! {
        <span
            class=if negative { "amount negative" } else { "amount" }
            data-testid=(!testid.is_empty()).then_some(testid)
            data-amount=money.amount_string()
            data-currency=money.currency().code().to_string()
        >
            {i18n::money(money)}
        </span>
    }
}

/// Says beside a figure that it is on another date than today ("on 30 Jul 2027 — not today"),
/// with a way back to today; nothing when the date is today. Each page holds its own what-if date,
/// so this is what keeps a figure from passing for today's.
#[component]
pub fn NotToday(
    /// The date the figures are on.
    #[prop(into)]
    date: Signal<NaiveDate>,
    /// Sets the page's what-if date back to today.
    back: Callback<()>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let app = expect_context::<crate::state::AppState>();
    move || {
        let date = date.get();
        (date != app.today()).then(|| {
            view! {
                <span class="not-today" data-testid=(!testid.is_empty()).then_some(testid)>
                    <strong>{i18n::not_today(date)}</strong>" "
                    <button type="button" class="link" on:click=move |_| back.run(())>{t(Key::BackToToday)}</button>
                </span>
            }
        })
    }
}

/// A page a customer's user may not see, in place of it: its title, why, and the way back to the
/// customer list (customer, reservation and limit pages all refuse the same way).
#[component]
pub fn Hidden(title: crate::i18n::Key, why: String, testid: &'static str) -> impl IntoView {
    view! {
        <h1>{t(title)}</h1>
        <p class="why" data-testid=testid>{why}</p>
        <p><a href=crate::route::Route::Customers.hash()>{t(crate::i18n::Key::BackToCustomers)}</a></p>
    }
}

/// The badge class of a rule's provenance, as the policy page colours it.
pub fn provenance_class(p: Provenance) -> &'static str {
    match p {
        Provenance::Documented => "badge documented",
        Provenance::Observed => "badge observed",
        Provenance::Reading => "badge reading",
    }
}

/// Copies text to the clipboard, and says so.
#[component]
pub fn CopyButton(
    text: String,
    label: &'static str,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    view! {
        <button
            class="copy"
            data-testid=(!testid.is_empty()).then_some(testid)
            on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&text);
                    copied.set(true);
                }
            }
        >
            {move || if copied.get() { t(Key::Copied) } else { label }}
        </button>
    }
}

/// Offers `text` as a JSON file download, without any request: a Blob URL on a temporary link.
pub fn download(file_name: &str, text: &str) {
    download_as(file_name, "application/json", text);
}

/// Offers `text` as a CSV file download.
pub fn download_csv(file_name: &str, text: &str) {
    download_as(file_name, "text/csv", text);
}

/// A CSV file's two downloads, side by side: comma-separated (the same bytes in every language,
/// for programs) and for a spreadsheet in the page's language (its separator and decimal mark,
/// with a byte-order mark), so the spreadsheet opens the amounts as numbers. `file` writes the
/// file in a dialect: its name and its text. The first button's test ID is `testid`, the
/// second's `{testid}-sheet`.
#[component]
pub fn CsvDownloads(testid: &'static str, file: Callback<Dialect, (String, String)>) -> impl IntoView {
    let save = move |dialect| {
        let (name, text) = file.run(dialect);
        download_csv(&name, &text);
    };
    view! {
        <span class="downloads">
            <button class="small" data-testid=testid on:click=move |_| save(Dialect::Comma)>
                {t(Key::CsvCommaSeparated)}
            </button>
            <button class="small" data-testid=format!("{testid}-sheet") on:click=move |_| save(i18n::spreadsheet_csv())>
                {t(Key::CsvForSpreadsheet)}
            </button>
        </span>
    }
}

fn download_as(file_name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", file_name);
        if let Some(link) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&link) {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// One series of a chart: its name, CSS class, and (date, amount) points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The legend's text.
    pub name: String,
    /// `line-a`, `line-b`, `limit`.
    pub class: &'static str,
    /// Drawn as steps (the limit over time) or straight lines (a refund value).
    pub steps: bool,
    /// The points, in date order.
    pub points: Vec<(NaiveDate, Decimal)>,
}

/// A small SVG line chart over dates. Amounts become pixel positions here and only here, in
/// whole pixels computed with integers: drawing needs no exactness, and no drawn number is ever
/// shown or added up (the axis labels are the engine's own amounts).
#[component]
pub fn LineChart(
    series: Vec<Series>,
    title: String,
    currency: String,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    const W: i64 = 640;
    const H: i64 = 220;
    // The labels are HTML beside the plot, not SVG text: text inside the SVG would scale with its
    // viewBox, down to 6 px on a phone. The plot only keeps room for its strokes.
    const PAD_LEFT: i64 = 4;
    const PAD: i64 = 8;
    let all: Vec<&(NaiveDate, Decimal)> = series.iter().flat_map(|s| s.points.iter()).collect();
    if all.is_empty() {
        return view! { <p class="muted">{t(Key::NothingToChart)}</p> }.into_any();
    }
    let first = all.iter().map(|p| p.0).min().expect("non-empty");
    let last = all.iter().map(|p| p.0).max().expect("non-empty");
    let days = (last - first).num_days().max(1);
    let max = all.iter().map(|p| p.1).max().unwrap_or(Decimal::ONE).max(Decimal::ONE).ceil();
    let x = move |d: NaiveDate| PAD_LEFT + (d - first).num_days() * (W - PAD_LEFT - PAD) / days;
    let y = move |v: Decimal| {
        let scaled = (v.max(Decimal::ZERO) * Decimal::from(H - 2 * PAD) / max).round().to_i64().unwrap_or(0);
        H - PAD - scaled
    };
    let paths = series
        .iter()
        .map(|s| {
            let mut d = String::new();
            for (i, (date, value)) in s.points.iter().enumerate() {
                let (px, py) = (x(*date), y(*value));
                if i == 0 {
                    d.push_str(&format!("M{px},{py}"));
                } else if s.steps {
                    d.push_str(&format!(" H{px} V{py}"));
                } else {
                    d.push_str(&format!(" L{px},{py}"));
                }
            }
            if s.steps {
                d.push_str(&format!(" H{}", W - PAD));
            }
            view! { <path class=format!("series {}", s.class) d=d /> }
        })
        .collect_view();
    let max_label = match Currency::from_code(&currency) {
        Some(known) => i18n::price(known, max),
        None => format!("{currency} {}", i18n::number(max)),
    };
    let legend = series
        .iter()
        .map(|s| view! { <li><span class=format!("swatch {}", s.class)></span>{s.name.clone()}</li> })
        .collect_view();
    view! {
        <figure class="chart" data-testid=(!testid.is_empty()).then_some(testid)>
            <div class="plot">
                <div class="y-ticks" aria-hidden="true">
                    <span class="tick" data-testid="chart-max">{max_label}</span>
                    <span class="tick">"0"</span>
                </div>
                // Stretched to the width it is given (its strokes do not scale), so a narrow
                // screen gets a narrower plot, not a smaller one.
                <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=title.clone()>
                    <line class="axis" x1=PAD_LEFT y1=H - PAD x2=W - PAD y2=H - PAD />
                    <line class="axis" x1=PAD_LEFT y1=PAD x2=PAD_LEFT y2=H - PAD />
                    {paths}
                </svg>
                <div class="x-ticks" aria-hidden="true">
                    <span class="tick">{i18n::date(first)}</span>
                    <span class="tick">{i18n::date(last)}</span>
                </div>
            </div>
            <figcaption>
                <span>{title}</span>
                <ul class="legend">{legend}</ul>
            </figcaption>
            <ChartNumbers series=series currency=currency />
        </figure>
    }
    .into_any()
}

/// The chart's text alternative: its numbers as a table, a row a date, a column a series. A
/// series drawn as steps holds its value until its next point, as its line does; a straight-line
/// series has a value only on its own dates.
#[component]
fn ChartNumbers(series: Vec<Series>, currency: String) -> impl IntoView {
    let mut dates: Vec<NaiveDate> = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    dates.sort();
    dates.dedup();
    let known = Currency::from_code(&currency);
    let shown = move |value: Decimal| match known {
        Some(c) => i18n::price(c, value),
        None => i18n::number(value),
    };
    let value_on = |s: &Series, date: NaiveDate| -> Option<Decimal> {
        match s.points.iter().find(|p| p.0 == date) {
            Some(point) => Some(point.1),
            None if s.steps => s.points.iter().take_while(|p| p.0 < date).last().map(|p| p.1),
            None => None,
        }
    };
    let rows = dates
        .iter()
        .map(|date| {
            let cells = series
                .iter()
                .map(|s| view! { <td class="num">{value_on(s, *date).map(shown).unwrap_or_else(|| "—".into())}</td> })
                .collect_view();
            view! { <tr><th scope="row">{i18n::date(*date)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <details class="chart-numbers" data-testid="chart-numbers">
            <summary>{t(Key::ChartNumbers)}</summary>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Date)}</th>
                        {series.iter().map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// A labelled text input with its error: the error's element is `{id}-error`, tied to the input by
/// `aria-describedby`, and the input is marked `aria-invalid` while there is one.
pub fn text_field(
    label: &'static str,
    id: String,
    testid: &'static str,
    inputmode: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id data-testid=testid inputmode=inputmode aria-describedby=error_id.clone()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <FieldError id=error_id message=error />
        </div>
    }
}

/// Rows drawn per page of a long table (a customer's reservations, its orders): enough to scan,
/// few enough to redraw at once. The benchmark's customer of 5,000 reservations has 1,250 orders:
/// drawn whole, they made its page 120,000 pixels high, laid out again at every what-if date.
pub const PAGE_ROWS: usize = 50;

/// How many pages `count` rows fill: one at least, even for no row.
fn page_count(count: usize) -> usize {
    count.div_ceil(PAGE_ROWS).max(1)
}

/// The page that is shown: `page`, clamped to the last one, so a list that shrank (closed
/// reservations hidden, an Undo) never shows an empty page.
fn shown_page(page: usize, count: usize) -> usize {
    page.min(page_count(count) - 1)
}

/// The rows of that page, as a range.
pub fn page_rows(page: usize, count: usize) -> std::ops::Range<usize> {
    let start = shown_page(page, count) * PAGE_ROWS;
    start..count.min(start + PAGE_ROWS)
}

/// Previous and Next under a table drawn a page at a time, and where the reader is: "Page 2 / 25 ·
/// 1250 shown" (`shown` says what the count counts).
#[component]
pub fn Pager(page: RwSignal<usize>, count: Signal<usize>, shown: Key, testid: &'static str) -> impl IntoView {
    let pages = move || page_count(count.get());
    let at = move || shown_page(page.get(), count.get());
    view! {
        <div class="pager">
            <button disabled=move || at() == 0 on:click=move |_| page.set(at().saturating_sub(1))>{t(Key::Previous)}</button>
            <span data-testid=testid>{move || format!("{} {} / {} · {} {}", t(Key::Page), at() + 1, pages(), count.get(), t(shown))}</span>
            // In braces: a bare `>=` would end the tag in `view!`.
            <button disabled=move || { at() + 1 >= pages() } on:click=move |_| page.set(at() + 1)>{t(Key::Next)}</button>
        </div>
    }
}

/// A field's error, tied to its input by `id` (the input carries `aria-describedby` to it).
#[component]
pub fn FieldError(id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <span class="field-error" id=id role="alert">
            {move || message.get().unwrap_or_default()}
        </span>
    }
}

/// Focuses what `selector` finds once the page has been drawn again: the language menu after the
/// page is written in a new language, a customer row's name field when its rename form opens, and
/// its Rename again when the form closes.
pub fn focus_later(selector: &'static str) {
    focus_later_at(selector.to_string());
}

/// [`focus_later`], for a selector made at run time.
pub fn focus_later_at(selector: String) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// Why the session's actor may not take `action`, in words (`None` when it may): what a page shows
/// beside the control it disables, before the click.
pub fn refused(action: reservoir::domain::partner::ActionKind) -> Memo<Option<String>> {
    let app = expect_context::<crate::state::AppState>();
    Memo::new(move |_| {
        app.session.with(|s| {
            reservoir::domain::partner::refusal(&s.actor, action).map(|why| i18n::not_allowed(&why, action))
        })
    })
}

/// Whether the session's actor sees a fact of the partner's (see `reservoir::domain::partner::sees`).
pub fn sees(fact: reservoir::domain::partner::Fact) -> Memo<bool> {
    let app = expect_context::<crate::state::AppState>();
    Memo::new(move |_| app.session.with(|s| reservoir::domain::partner::sees(&s.actor, fact)))
}

/// The side of the money the session's actor sees (see `reservoir::domain::partner::side`).
pub fn side() -> Memo<reservoir::domain::partner::Side> {
    let app = expect_context::<crate::state::AppState>();
    Memo::new(move |_| app.session.with(|s| reservoir::domain::partner::side(&s.actor)))
}
