//! One reservation: its properties, its refund value today and on a what-if date with a chart over
//! the remaining term, the refund quote (the same numbers and names as `reservoir quote`) with its
//! breakdown, cancel, exchange, and the support-request draft.

use leptos::prelude::*;
use maud::{html, Markup};
use reservoir::app::queries::{
    customer_access, exchange_candidates, reservation_values, CancelAmounts, CancelValue, ReservationValues,
};
use reservoir::domain::breakdown::{Breakdown, Item, Line, Op};
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::{ExchangeError, Purchase};
use reservoir::domain::money::Money;
use reservoir::domain::partner::{refusal, ActionKind, Fact, Side};
use reservoir::domain::policy::CapCounts;
use reservoir::domain::quote::RefundQuote;
use reservoir::domain::reservation::{
    BillingPlan, ProductFamily, Reservation, Scope, Status, KNOWN_FAMILIES,
};
use reservoir::domain::values::Name;
use reservoir::formats::csv::{Dialect, QuoteSubject};
use reservoir::formats::reproduce::refund_request;
use reservoir::simulation::command::{Command, Rejection, ReturnLine};
use reservoir::simulation::workspace::ExchangePreview;

use crate::components::{
    parse_date_input, parse_money_input, parse_name_input, parse_quantity_input, parse_units_input,
    provenance_class, refused, route_id, sees, side, text_field, AmountHtml, AmountText, CopyButton,
    CsvDownloads, FieldError, Hidden, LineChart, NotToday, Series,
};
use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::{AppState, ExchangeToPrint};

#[component]
pub fn ReservationPage(customer: String, reservation: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let ids = StoredValue::new((customer, reservation));
    // Another customer's reservation is refused before it is looked up.
    let access = Memo::new(move |_| app.session.with(|s| customer_access(s, &ids.get_value().0).err()));
    let found = Memo::new(move |_| {
        let (c, r) = ids.get_value();
        app.session.with(|s| s.workspace().customer(&c).and_then(|c| c.reservation(&r)).cloned())
    });
    move || {
        let (customer, id) = ids.get_value();
        if let Some(why) = access.get() {
            return view! { <Hidden title=Key::CustomerHidden why=i18n::customer_hidden(&why) testid="customer-hidden" /> }
                .into_any();
        }
        let Some(r) = found.get() else {
            return view! {
                <h1>{t(Key::ReservationNotFound)}</h1>
                <p><a href=Route::Customer(customer).hash()>{t(Key::BackToCustomer)}</a></p>
            }
            .into_any();
        };
        let customer_name = app
            .session
            .with(|s| s.workspace().customer(&customer).map(|c| c.name.clone()).unwrap_or_default());
        view! {
            <nav class="crumbs" aria-label=t(Key::Breadcrumbs)>
                <a href=Route::Customers.hash()>{t(Key::Customers)}</a>" / "
                <a href=Route::Customer(customer.clone()).hash()>{customer_name.to_string()}</a>" / "
                <span>{id.clone()}</span>
            </nav>
            <h1>{format!("{} {}", t(Key::Reservation), r.id)}</h1>
            <div class="columns">
                <Properties customer=customer.clone() reservation=r.clone() />
                <ValueOverTime customer=customer.clone() reservation=r.clone() />
            </div>
            {(r.status == Status::Active).then(|| view! {
                <ManagePanel customer=customer.clone() reservation=r.clone() />
                <RefundPanel customer=customer.clone() reservation=r.clone() />
                <ExchangePanel customer=customer.clone() reservation=r.clone() />
            })}
        }
        .into_any()
    }
}

/// What a closed reservation became, as links: the reservation that holds its remaining units
/// after a partial return, and what the exchange that returned it bought. Nothing for an
/// active one, or one refunded whole. `compact` (a table cell) writes only an arrow before the
/// links.
#[component]
pub fn WhatItBecame(customer: String, status: Status, #[prop(optional)] compact: bool) -> impl IntoView {
    let Status::Closed { successor, exchanged_for, .. } = status else { return ().into_any() };
    let link = move |id: String, testid: &'static str| {
        let route = Route::Reservation(customer.clone(), id.clone());
        view! { <a href=route.hash() data-testid=testid>{id}</a> }
    };
    let lead = move |key: Key| if compact { "→".to_string() } else { t(key).to_string() };
    view! {
        {successor.map(|id| view! {
            <span class="became" data-testid="successor">{lead(Key::RemainingUnitsIn)}" "{link(id, "successor-link")}</span>
        })}
        {(!exchanged_for.is_empty()).then(|| view! {
            <span class="became" data-testid="exchanged-for">{lead(Key::ExchangedFor)}" "
                {exchanged_for.into_iter().enumerate().map(|(i, id)| view! {
                    {(i > 0).then_some(", ")}{link(id, "exchanged-for-link")}
                }).collect_view()}
            </span>
        })}
    }
    .into_any()
}

#[component]
fn Properties(customer: String, reservation: Reservation) -> impl IntoView {
    let r = reservation;
    // A customer's user sees its own price; the partner's, and today's price from Microsoft, are
    // the partner's.
    let side = side();
    let (currency, own_price, partner_prices) = (r.currency, r.clone(), r.clone());
    let dates = r.term_dates();
    let row = |label: Key, value: String| view! { <tr><th scope="row">{t(label)}</th><td>{value}</td></tr> };
    view! {
        <section class="card" data-testid="properties">
            <h2>{t(Key::Properties)}</h2>
            <table class="props">
                <tbody>
                    <tr>
                        <th scope="row">{t(Key::ReservationId)}</th>
                        <td><code data-testid="reservation-id">{r.id.to_string()}</code>" "<CopyButton text=r.id.to_string() label=t(Key::Copy) testid="copy-reservation-id" /></td>
                    </tr>
                    <tr>
                        <th scope="row">{t(Key::OrderId)}</th>
                        <td><code data-testid="order-id">{r.order_id.to_string()}</code>" "<CopyButton text=r.order_id.to_string() label=t(Key::Copy) testid="copy-order-id" /></td>
                    </tr>
                    {r.display_name.clone().map(|shown| view! {
                        <tr><th scope="row">{t(Key::DisplayName)}</th><td data-testid="display-name">{shown}</td></tr>
                    })}
                    {row(Key::Family, i18n::family(r.family.name()))}
                    {row(Key::Sku, r.sku.to_string())}
                    {row(Key::Region, r.region.to_string())}
                    {row(Key::Quantity, r.quantity.to_string())}
                    {row(Key::Term, i18n::term(r.term))}
                    {row(Key::BillingPlan, i18n::plan(r.billing_plan))}
                    {row(Key::PurchaseDate, i18n::date(r.purchase_date))}
                    {row(Key::TermEnds, i18n::date(dates.term_end))}
                    {row(Key::Scope, i18n::scope(&r.scope))}
                    <tr>
                        <th scope="row">{t(Key::UnitPrice)}</th>
                        <td data-testid="unit-price">{move || i18n::price(currency, own_price.unit_price_on(side.get()))}</td>
                    </tr>
                    {move || (side.get() == Side::Partner).then(|| {
                        let r = &partner_prices;
                        view! {
                            {row(Key::CurrentUnitPrice, r.current_unit_price.map(|p| i18n::price(r.currency, p)).unwrap_or_else(|| t(Key::Unknown).into()))}
                            {row(Key::CustomerUnitPrice, r.customer_unit_price.map(|p| i18n::price(r.currency, p)).unwrap_or_else(|| t(Key::SameAsPartner).into()))}
                        }
                    })}
                    {row(Key::BoughtBy, i18n::buyer(r.bought_by).into())}
                    {row(Key::Origin, i18n::origin(r.origin).into())}
                    {row(Key::Used, t(if r.used { Key::Yes } else { Key::No }).into())}
                    <tr>
                        <th scope="row">{t(Key::Status)}</th>
                        <td data-testid="reservation-status">{match &r.status {
                            Status::Active => t(Key::Active).to_string(),
                            Status::Closed { date, .. } => format!("{} {}", t(Key::ClosedOn), i18n::date(*date)),
                        }}<WhatItBecame customer=customer status=r.status.clone() /></td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ValueOverTime(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    // This page's own what-if date: it starts at today, and no other page's date changes it.
    let what_if = RwSignal::new(None::<chrono::NaiveDate>);
    let date = Signal::derive(move || what_if.get().unwrap_or_else(|| app.today()));
    // A customer's user sees its own side, and neither the limit nor what counts toward it.
    let side = side();
    let limit_shown = sees(Fact::RefundLimit);
    let values = Memo::new(move |_| {
        let date = date.get();
        app.session
            .with(|s| reservation_values(s, &customer.get_value(), &r.with_value(|r| r.id.clone()), date))
    });
    view! {
        <section class="card" data-testid="value-over-time">
            <h2>{t(Key::WhatCancellingDoes)}</h2>
            <div class="form-row">
                <div class="field">
                    <label for="what-if">{t(Key::WhatIfDate)}</label>
                    <input id="what-if" type="date" data-testid="what-if" prop:value=move || date.get().to_string()
                        on:change=move |ev| { what_if.try_set(parse_date_input(&event_target_value(&ev)).map(|d| d.get())); } />
                </div>
                <NotToday date=date back=Callback::new(move |()| what_if.set(None)) testid="what-if-not-today" />
            </div>
            {move || {
                let Some(ReservationValues { today, what_if_value, counts, curve, .. }) = values.get() else {
                    return ().into_any();
                };
                let currency = "USD".to_string();
                let (side, limit_shown) = (side.get(), limit_shown.get());
                let mut series = vec![Series {
                    name: t(if side == Side::Partner { Key::SavesPartner } else { Key::CustomerSaves }).into(),
                    class: "line-a",
                    steps: false,
                    points: curve
                        .iter()
                        .map(|p| match side {
                            Side::Partner => (p.date, p.partner_saves_usd.amount()),
                            Side::Customer => (p.date, p.customer_saves_usd.amount()),
                        })
                        .collect(),
                }];
                if limit_shown {
                    series.extend([
                    Series {
                        name: t(Key::WhatItCounts).into(),
                        class: "line-b",
                        steps: false,
                        points: curve.iter().map(|p| (p.date, p.counted_usd.amount())).collect(),
                    },
                    Series {
                        name: t(Key::LimitLeftThatDay).into(),
                        class: "limit",
                        steps: true,
                        points: curve.iter().map(|p| (p.date, p.limit_left_usd.amount())).collect(),
                    },
                    ]);
                }
                let what_if_date = date.get();
                // Nothing to price on either day (a Red Hat plan, a closed reservation): say why,
                // once for each different reason, and show no figure at all.
                if today.amounts().is_none() && what_if_value.amounts().is_none() {
                    let mut reasons = vec![(today.clone(), "value-today-why")];
                    if what_if_value != today {
                        reasons.push((what_if_value, "value-what-if-why"));
                    }
                    return reasons
                        .into_iter()
                        .map(|(value, testid)| view! { <p data-testid=testid inner_html=unpriced_html(&value).into_string()></p> })
                        .collect_view()
                        .into_any();
                }
                let heading = if what_if_date == app.today() {
                    i18n::fill(Key::DateIsToday, &[("date", &i18n::date(what_if_date))])
                } else {
                    i18n::date(what_if_date)
                };
                let table = values_html(&today, &what_if_value, &heading, counts, side, limit_shown);
                view! {
                    <table class="figures values" data-testid="cancel-values" inner_html=table.into_string()></table>
                    <LineChart series=series title=t(if limit_shown { Key::RefundValueChartTitle } else { Key::SavesChartTitle }).into() currency=currency testid="value-chart" />
                }
                .into_any()
            }}
        </section>
    }
}

// The tables below hold only figures and words: they are written as HTML (`maud::html!`) and set
// as their element's content, which costs the bundle a few string writes instead of a view type
// of their own (ARCHITECTURE.md, "Bundle size"). Amounts are the same element as `AmountText`.

/// Why a reservation has no figures on a day: "not refundable" with the refusal's own reason.
fn unpriced_html(value: &CancelValue) -> Markup {
    html! {
        @match value {
            CancelValue::Priced(_) => {}
            CancelValue::NotRefundable { why } => {
                strong { (t(Key::NotRefundable)) } " — " span.small { (i18n::refund_error(why)) }
            }
            CancelValue::NoRate => (t(Key::NoRateToValue)),
            CancelValue::Closed => (t(Key::Closed)),
        }
    }
}

/// The value table's head and rows, today beside the what-if date (`heading`), on the side the
/// viewer sees (a customer's user: its own, without what counts toward the limit): each figure,
/// or why there is none.
fn values_html(
    today: &CancelValue,
    what_if: &CancelValue,
    heading: &str,
    counts: CapCounts,
    side: Side,
    limit_shown: bool,
) -> Markup {
    // Read by the tests: `value-today` and `value-what-if` are the refund, as before.
    let cell = |value: &CancelValue, testid: &'static str, pick: fn(&CancelAmounts, Side) -> Money| {
        html! {
            @if let CancelValue::Priced(a) = value {
                td.num { (AmountHtml(pick(a, side), testid)) }
            } @else {
                td.num.muted { "—" }
            }
        }
    };
    let row = |label: Key, help: &str, ids: [&'static str; 2], pick: fn(&CancelAmounts, Side) -> Money| {
        html! {
            tr {
                th scope="row" title=(help) { (t(label)) }
                (cell(today, ids[0], pick))
                (cell(what_if, ids[1], pick))
            }
        }
    };
    let unpriced = |value: &CancelValue, testid: &'static str| {
        html! {
            @if value.amounts().is_some() { td {} } @else { td data-testid=(testid) { (unpriced_html(value)) } }
        }
    };
    let full_refund = |value: &CancelValue, testid: &'static str| {
        html! {
            td {
                @if let Some(p) = value.amounts().and_then(|a| a.full_refund) {
                    span class=(provenance_class(p)) data-testid=(testid) {
                        (t(Key::FullRefundRule)) " · " (i18n::provenance(p))
                    }
                }
            }
        }
    };
    let any_unpriced = today.amounts().is_none() || what_if.amounts().is_none();
    let any_full = [today, what_if].iter().any(|v| v.amounts().is_some_and(|a| a.full_refund.is_some()));
    let counted_help = i18n::counted_help(counts);
    html! {
        thead { tr { td {} th scope="col" class="num" { (t(Key::Today)) } th scope="col" class="num" { (heading) } } }
        tbody {
            @if any_unpriced {
                tr { th scope="row" { (t(Key::Status)) } (unpriced(today, "value-today-why")) (unpriced(what_if, "value-what-if-why")) }
            }
            @if any_full {
                tr { th scope="row" { (t(Key::Rule)) } (full_refund(today, "full-refund-today")) (full_refund(what_if, "full-refund-what-if")) }
            }
            (row(Key::RefundCashBack, t(Key::RefundCashBackHelp), ["value-today", "value-what-if"], |a, side| a.on(side).refund))
            (row(Key::CanceledPayments, t(Key::CanceledPaymentsHelp), ["canceled-today", "canceled-what-if"], |a, side| a.on(side).canceled_payments))
            @if limit_shown {
                (row(Key::CountsTowardLimit, &counted_help, ["counted-today", "counted-what-if"], |a, _| a.counted_usd))
            }
            (row(Key::CustomerSaves, t(Key::CustomerSavesHelp), ["saves-today", "saves-what-if"], |a, _| a.customer.saves))
            @if limit_shown {
                tr { td colspan="3" class="muted small" data-testid="counts-in-force" { (counted_help) } }
            }
        }
    }
}

/// The breakdown as a table: each chain's lines, its totals in bold.
#[component]
pub fn BreakdownTable(breakdown: Breakdown, testid: &'static str) -> impl IntoView {
    let rows = html! {
        caption.sr-only { (t(Key::Breakdown)) }
        tbody { @for line in breakdown.lines() { (breakdown_row(line)) } }
    };
    view! { <table class="breakdown" data-testid=testid inner_html=rows.into_string()></table> }
}

/// The breakdown as one small table a step (each step ends at its `=` line), so that a printed
/// estimate can set the steps side by side in columns.
#[component]
pub fn BreakdownSteps(breakdown: Breakdown, testid: &'static str) -> impl IntoView {
    let lines = breakdown.lines();
    let steps = lines.split_inclusive(|line| line.op == Op::Equals);
    let tables = html! {
        @for step in steps { table.breakdown { tbody { @for line in step { (breakdown_row(line)) } } } }
    };
    view! { <div class="breakdown-steps" data-testid=testid inner_html=tables.into_string()></div> }
}

fn breakdown_row(line: &Line) -> Markup {
    let (class, sign) = match line.op {
        Op::Start => ("start", ""),
        Op::Plus => ("", "+ "),
        Op::Minus => ("", "− "),
        Op::Equals => ("total", "= "),
    };
    html! {
        tr class=(class) {
            th scope="row" { (i18n::breakdown_label(&line.item)) }
            td.op { (sign) }
            td.num { (AmountHtml(line.amount, "")) }
        }
    }
}

/// The quote's figures under the Azure API's names, exactly as `reservoir quote` writes them.
#[component]
pub fn QuoteFigures(quote: RefundQuote, side: Side) -> impl IntoView {
    let rows = if side == Side::Customer { customer_figures(&quote) } else { partner_figures(&quote) };
    view! {
        <table class="figures" data-testid="quote-figures" inner_html=rows.into_string()></table>
        {(side == Side::Customer).then(|| view! {
            <p class="muted small" data-testid="partner-only-figures">{i18n::partner_only(Fact::PartnerPrice)}</p>
        })}
    }
}

fn partner_figures(quote: &RefundQuote) -> Markup {
    let priced = quote.priced.as_ref();
    // A figure's words, then its name in the Azure API's response.
    let labelled =
        |label: Key, name: &'static str| html! { th scope="row" { (t(label)) " " code.api { (name) } } };
    let line = |name: &'static str, label: Key, money: Option<Money>| {
        html! { tr { (labelled(label, name)) td.num { @if let Some(m) = money { (AmountHtml(m, name)) } } } }
    };
    html! {
        tbody {
            (line("billingRefundAmount", Key::RefundToPartner, priced.map(|p| p.partner.refund)))
            (line("pricingRefundAmount", Key::RefundInUsd, priced.map(|p| p.refund_usd)))
            (line("billingFeeAmount", Key::Fee, priced.map(|p| p.partner.fee)))
            (line("billingCurrencyTotalPaidAmount", Key::TotalPaid, priced.map(|p| p.partner.total_paid)))
            (line("billingCurrencyProratedAmount", Key::KeptByMicrosoft, priced.map(|p| p.partner.prorated_amount)))
            (line("billingCurrencyRemainingCommitmentAmount", Key::RemainingCommitment, priced.map(|p| p.partner.remaining_commitment)))
            (line("canceledCommitmentUsd", Key::CanceledCommitment, Some(quote.limit.requested)))
            (line("consumedRefundsTotal", Key::LimitUsed, Some(quote.limit.consumed)))
            (line("maxRefundLimit", Key::RefundLimit, Some(quote.limit.limit)))
            (line("customerRefundAmount", Key::OwedToCustomer, priced.map(|p| p.customer.refund)))
            tr {
                (labelled(Key::Payments, "completedTransactions / totalTransactions"))
                td.num data-testid="transactions" {
                    @if let Some(p) = priced { (p.completed_transactions) " / " (p.total_transactions) }
                }
            }
            tr {
                (labelled(Key::EarliestFit, "earliestDateThatFits"))
                td.num data-testid="earliestDateThatFits" { (quote.earliest_fit().map(i18n::date).unwrap_or_else(|| "—".into())) }
            }
        }
    }
}

/// The quote as a customer's user sees it: what the partner would owe it back and what it has paid,
/// at its own price; none of Microsoft's side, the partner's price or the limit.
fn customer_figures(quote: &RefundQuote) -> Markup {
    let own = quote.priced.as_ref().map(|p| p.amounts(Side::Customer));
    let line = |label: Key, testid: &'static str, money: Option<Money>| {
        html! {
            tr {
                th scope="row" { (t(label)) }
                td.num { @if let Some(m) = money { (AmountHtml(m, testid)) } }
            }
        }
    };
    html! {
        tbody {
            (line(Key::OwedToCustomer, "customerRefundAmount", own.map(|a| a.refund)))
            (line(Key::Fee, "customerFeeAmount", own.map(|a| a.fee)))
            (line(Key::TotalPaid, "customerTotalPaidAmount", own.map(|a| a.total_paid)))
            (line(Key::RemainingCommitment, "customerRemainingCommitmentAmount", own.map(|a| a.remaining_commitment)))
        }
    }
}

/// What a partner changes on a reservation besides returning it: its scope, a renewal, whether it
/// is used, and today's price. The customer itself may do none of these (the buttons say why).
#[component]
fn ManagePanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    let id = move || r.with_value(|r| r.id.clone());
    let subscriptions = Memo::new(move |_| {
        app.session.with(|s| {
            s.workspace()
                .customer(&customer.get_value())
                .map(|c| c.subscriptions.iter().map(|x| x.id.to_string()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let scope_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::ChangeScope)
                .map(|why| i18n::not_allowed(&why, ActionKind::ChangeScope))
        })
    });
    let renew_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Renew).map(|why| i18n::not_allowed(&why, ActionKind::Renew))
        })
    });
    let manage_refused = refused(ActionKind::ManageWorkspace);
    let prices_shown = sees(Fact::PartnerPrice);
    let price =
        RwSignal::new(r.with_value(|r| r.current_unit_price.map(|p| p.to_string()).unwrap_or_default()));
    let price_error = RwSignal::new(None::<String>);
    let current_scope = r.with_value(|r| match &r.scope {
        Scope::Single { subscription } => subscription.to_string(),
        _ => String::new(),
    });
    view! {
        <section class="card" data-testid="manage-panel">
            <h2>{t(Key::Manage)}</h2>
            <div class="form-row">
                <div class="field">
                    <label for="scope-select">{t(Key::Scope)}</label>
                    <select id="scope-select" data-testid="scope-select" disabled=move || scope_refusal.get().is_some()
                        prop:value=current_scope.clone()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let scope = if value.is_empty() { Scope::Shared } else { Scope::Single { subscription: route_id(&value) } };
                            app.dispatch(Command::ChangeScope { customer: route_id(&customer.get_value()), reservation: route_id(&id()), scope });
                        }>
                        <option value="">{t(Key::SharedScope)}</option>
                        {move || subscriptions.get().into_iter().map(|sub| view! {
                            <option value=sub.to_string()>{format!("{} {sub}", t(Key::SingleSubscription))}</option>
                        }).collect_view()}
                    </select>
                </div>
                // Today's price from Microsoft is the partner's to know and to set.
                {move || prices_shown.get().then(|| view! {
                <div class="form-row">
                {text_field(t(Key::CurrentUnitPrice), "current-price".into(), "current-price", "decimal", price, price_error.into())}
                <button data-testid="current-price-save" disabled=move || manage_refused.get().is_some() on:click=move |_| {
                    let text = price.get();
                    let currency = r.with_value(|r| r.currency);
                    let parsed = if text.trim().is_empty() { Ok(None) } else { parse_money_input(&text, currency).map(Some) };
                    match parsed {
                        Ok(current_unit_price) => {
                            price_error.set(None);
                            app.dispatch(Command::SetCurrentPrice { customer: route_id(&customer.get_value()), reservation: route_id(&id()), current_unit_price });
                        }
                        Err(e) => price_error.set(Some(i18n::labelled(t(Key::CurrentUnitPrice), &e))),
                    }
                }>{t(Key::Save)}</button>
                </div>
                })}
                <label class="check">
                    <input type="checkbox" data-testid="used-toggle" prop:checked=r.with_value(|r| r.used) disabled=move || manage_refused.get().is_some()
                        on:change=move |ev| {
                            app.dispatch(Command::SetUsed { customer: route_id(&customer.get_value()), reservation: route_id(&id()), used: event_target_checked(&ev) });
                        } />
                    {t(Key::Used)}
                </label>
                <button data-testid="renew" disabled=move || renew_refusal.get().is_some() on:click=move |_| {
                    app.dispatch(Command::Renew { customer: route_id(&customer.get_value()), reservation: route_id(&id()) });
                }>{t(Key::Renew)}</button>
            </div>
            <p class="why" data-testid="manage-why">{move || scope_refusal.get()}</p>
            <p class="why" data-testid="renew-why">{move || renew_refusal.get()}</p>
            <p class="why" data-testid="used-why">{move || manage_refused.get()}</p>
            <p class="muted small">{t(Key::RenewHint)}</p>
        </section>
    }
}

/// The quote as a CSV file that says whose it is, on which day and under which policy.
fn quote_csv(
    app: AppState,
    q: &RefundQuote,
    customer: &str,
    reservation: &str,
    units: u32,
    dialect: Dialect,
) -> String {
    let date = app.today();
    app.session.with_untracked(|s| {
        let w = s.workspace();
        w.customer(customer)
            .map(|c| {
                let subject = QuoteSubject { customer: c, reservation, units, date, policy: &w.policy };
                reservoir::formats::csv::quote(
                    q,
                    &subject,
                    i18n::breakdown_label,
                    i18n::refund_error,
                    dialect,
                )
            })
            .unwrap_or_default()
    })
}

#[component]
fn RefundPanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    let quantity_text = RwSignal::new(r.with_value(|r| r.quantity.to_string()));
    let quantity = Memo::new(move |_| parse_units_input(&quantity_text.get()));
    let quote = Memo::new(move |_| {
        let today = app.today();
        let q = quantity.get().unwrap_or(0);
        app.session.with(|s| {
            s.workspace().quote_refund(&customer.get_value(), &r.with_value(|r| r.id.clone()), q, today)
        })
    });
    let request = Memo::new(move |_| {
        let today = app.today();
        let q = quantity.get().unwrap_or(0);
        app.session.with(|s| {
            refund_request(s.workspace(), &customer.get_value(), &r.with_value(|r| r.id.clone()), q, today)
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
                .unwrap_or_default()
        })
    });
    let role_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Cancel).map(|why| i18n::not_allowed(&why, ActionKind::Cancel))
        })
    });
    let side = side();
    let partner_prices = sees(Fact::PartnerPrice);
    let support_shown = sees(Fact::SupportDraft);
    // Drafted only for a refund that would be made: a request for a refused one would ask support
    // for what the policy does not allow. Otherwise the reasons it would be refused, in its place.
    let support = Memo::new(move |_| {
        let Some(quote) = quote.get() else { return Err(Vec::new()) };
        if !quote.is_allowed() {
            return Err(quote.errors.iter().map(i18n::refund_error).collect());
        }
        let Some(priced) = quote.priced else { return Err(Vec::new()) };
        app.session.with(|s| {
            let w = s.workspace();
            let c = w.customer(&customer.get_value());
            let name = c.map(|c| c.name.clone()).unwrap_or_default();
            Ok(r.with_value(|r| {
                i18n::support_request(
                    r,
                    &name,
                    priced.quantity,
                    &[
                        ("billingRefundAmount", priced.partner.refund),
                        ("pricingRefundAmount", priced.refund_usd),
                        ("canceledCommitmentUsd", priced.canceled_commitment_usd),
                    ],
                )
            }))
        })
    });
    view! {
        <section class="card" data-testid="refund-panel">
            <h2>{t(Key::RefundQuote)}</h2>
            <form class="form-row" on:submit=move |ev| {
                ev.prevent_default();
                if let Ok(q) = quantity.get() {
                    app.dispatch(Command::Refund { customer: route_id(&customer.get_value()), reservation: r.with_value(|r| r.id.clone()), quantity: q });
                }
            }>
                <div class="field">
                    <label for="refund-quantity">{move || i18n::fill(Key::UnitsToReturnOf, &[("held", &i18n::count(u64::from(r.with_value(|r| r.quantity))))])}</label>
                    <input id="refund-quantity" data-testid="refund-quantity" inputmode="numeric" aria-describedby="refund-quantity-error"
                        aria-invalid=move || quantity.get().is_err().then_some("true")
                        prop:value=move || quantity_text.get() on:input=move |ev| quantity_text.set(event_target_value(&ev)) />
                    <FieldError id="refund-quantity-error".into() message=Signal::derive(move || quantity.get().err()) />
                </div>
                <button type="submit" class="danger" data-testid="refund-submit"
                    disabled=move || role_refusal.get().is_some() || quote.get().is_none_or(|q| !q.is_allowed())>
                    {t(Key::CancelUnits)}
                </button>
                <p class="why" data-testid="refund-why">{move || role_refusal.get()}</p>
            </form>
            <div role="status" aria-live="polite">
                {move || quote.get().map(|q| {
                    let errors = q.errors.clone();
                    let breakdown = q.breakdown.clone();
                    // The breakdown and its CSV are the partner's arithmetic, at the partner's price.
                    let partner = partner_prices.get();
                    // The full-refund rule, when it priced this quote, says how far to trust it.
                    let full_refund = breakdown.lines().iter().find_map(|line| match line.item {
                        Item::FullRefundWindow { days_held, window_days, provenance, .. } => {
                            Some((i18n::full_refund_headline(window_days, days_held, provenance), provenance))
                        }
                        _ => None,
                    });
                    view! {
                        {full_refund.map(|(headline, provenance)| view! {
                            <p class="full-refund" data-testid="full-refund-headline">
                                <span class=provenance_class(provenance)>{i18n::provenance(provenance)}</span>" "{headline}
                            </p>
                        })}
                        {(!errors.is_empty()).then(|| view! {
                            <ul class="errors" data-testid="policy-errors">
                                {errors.into_iter().map(|e| view! {
                                    <li data-code=e.code()><strong>{e.code()}</strong>{i18n::after_label()}{i18n::refund_error(&e)}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        // The figures with what is done with them (print, CSV) in one column;
                        // the breakdown beside them.
                        <div class="quote-side">
                            <QuoteFigures quote=q.clone() side=side.get() />
                            {partner.then(|| view! {
                                <a class="button" data-testid="print-estimate"
                                    href=Route::Estimate(customer.get_value(), r.with_value(|r| r.id.to_string()), quantity.get_untracked().unwrap_or(0)).hash()>
                                    {t(Key::PrintEstimate)}
                                </a>
                            })}
                            {partner.then(|| view! {
                                <CsvDownloads testid="quote-csv" file={
                                    let q = q.clone();
                                    Callback::new(move |dialect| (format!("quote-{}.csv", r.with_value(|r| r.id.clone())), quote_csv(app, &q, &customer.get_value(), &r.with_value(|r| r.id.to_string()), quantity.get_untracked().unwrap_or(0), dialect)))
                                } />
                            })}
                        </div>
                        {partner.then(|| view! {
                            <details open>
                                <summary>{t(Key::Breakdown)}</summary>
                                <BreakdownTable breakdown=breakdown testid="refund-breakdown" />
                            </details>
                        })}
                    }
                })}
            </div>
            {move || partner_prices.get().then(|| view! {
            <details>
                <summary>{t(Key::ReproduceWithCli)}</summary>
                <p class="muted small">{t(Key::ReproduceHint)}</p>
                // Built again when the request changes: read once, it copied the request for the
                // quantity the page opened with, not the one shown below it.
                {move || view! { <CopyButton text=request.get() label=t(Key::CopyRequest) testid="copy-request" /> }}
                <pre data-testid="quote-request">{move || request.get()}</pre>
            </details>
            })}
            {move || if support_shown.get() {
                view! {
                    <details data-testid="support-request">
                        <summary>{t(Key::SupportRequestDraft)}</summary>
                        <p class="muted small">{t(Key::SupportRequestHint)}</p>
                        {move || match support.get() {
                            Ok(text) => view! {
                                <CopyButton text=text.clone() label=t(Key::CopyDraft) testid="copy-support" />
                                <pre data-testid="support-text">{text}</pre>
                            }.into_any(),
                            Err(reasons) => view! {
                                <p class="why" data-testid="support-refused">
                                    {t(Key::SupportRequestRefused)}" "{reasons.join(" ")}
                                </p>
                            }.into_any(),
                        }}
                    </details>
                }
                .into_any()
            } else {
                view! { <p class="muted small" data-testid="support-partner-only">{i18n::partner_only(Fact::SupportDraft)}</p> }.into_any()
            }}
        </section>
    }
}

/// A purchase line being edited in the exchange basket: each field's text as typed, in a signal of
/// its own, so typing in one field redraws that field's figures and errors, never the rows (a row
/// drawn again would take the focus from the field being typed in).
#[derive(Clone, Copy)]
struct PurchaseDraft {
    family: RwSignal<String>,
    sku: RwSignal<String>,
    term: RwSignal<String>,
    plan: RwSignal<String>,
    quantity: RwSignal<String>,
    price: RwSignal<String>,
}

impl PurchaseDraft {
    /// A line of `family` with `sku`, one unit for three years upfront, its price not typed yet.
    fn new(family: &str, sku: &str) -> PurchaseDraft {
        PurchaseDraft {
            family: RwSignal::new(family.to_string()),
            sku: RwSignal::new(sku.to_string()),
            term: RwSignal::new("P3Y".into()),
            plan: RwSignal::new("Upfront".into()),
            quantity: RwSignal::new("1".into()),
            price: RwSignal::new(String::new()),
        }
    }

    /// Another line with what this one holds now.
    fn copy(&self) -> PurchaseDraft {
        let again = |s: RwSignal<String>| RwSignal::new(s.get_untracked());
        PurchaseDraft {
            family: again(self.family),
            sku: again(self.sku),
            term: again(self.term),
            plan: again(self.plan),
            quantity: again(self.quantity),
            price: again(self.price),
        }
    }

    /// The checked purchase, or the field that is wrong and why.
    fn parse(
        &self,
        currency: reservoir::domain::money::Currency,
    ) -> Result<Purchase, (&'static str, String)> {
        let family =
            ProductFamily::parse(&self.family.get()).ok_or(("family", t(Key::Family).to_string()))?;
        let quantity = parse_quantity_input(&self.quantity.get())
            .map_err(|e| ("quantity", i18n::labelled(t(Key::Quantity), &e)))?;
        // A line with no SKU yet is still a line; an SKU that is typed must be a name.
        let sku = match self.sku.get().trim() {
            "" => None,
            typed => Some(parse_name_input(typed).map_err(|e| ("sku", i18n::labelled(t(Key::Sku), &e)))?),
        };
        let unit_price = parse_money_input(&self.price.get(), currency)
            .map_err(|e| ("price", i18n::labelled(t(Key::UnitPrice), &e)))?;
        Ok(Purchase {
            family,
            service: None,
            sku,
            // The basket has no region field: unknown, so left out (an empty one was once stored
            // and could not be read back, which locked the partner's data).
            region: None,
            term: if self.term.get() == "P3Y" { Term::P3Y } else { Term::P1Y },
            billing_plan: if self.plan.get() == "Monthly" {
                BillingPlan::Monthly
            } else {
                BillingPlan::Upfront
            },
            quantity,
            currency,
            unit_price,
            scope: Scope::Shared,
        })
    }
}

/// The exchange basket as typed, read and previewed: what the panel shows.
#[derive(Clone, PartialEq)]
struct Basket {
    /// The command's own check and prices, or its refusal before pricing.
    preview: Result<ExchangePreview, Rejection>,
    /// Each field's error, by field key (`return-0`, `purchase-1-price`): what is typed wrong, and
    /// the exchange rules' refusals about one line, beside that line's field.
    field_errors: Vec<(String, String)>,
    /// The refusals about the basket as a whole (worth too little, over the limit), shown only
    /// when every line is complete and right: otherwise they judge a basket nobody asked for.
    basket_errors: Vec<(String, String)>,
    /// Some purchase has no price yet.
    incomplete: bool,
    /// Every returned line is priced (so refundsTotal is the whole of what is returned).
    returns_priced: bool,
    /// Every purchase line is in (so purchasesTotal is the whole of what is bought).
    purchases_priced: bool,
    /// What pressing Exchange sends.
    command: Command,
}

impl Basket {
    /// True when pressing Exchange would do what is shown.
    fn ready(&self) -> bool {
        self.returns_priced
            && self.purchases_priced
            && self.field_errors.is_empty()
            && self.preview.as_ref().is_ok_and(ExchangePreview::is_accepted)
    }
}

/// Where an exchange refusal belongs: the key of the field of the line it is about, or `None` when
/// it is about the basket as a whole.
fn field_of(error: &ExchangeError, returned: &[Name], bought: &[(usize, Purchase)]) -> Option<String> {
    let return_line = |reservation: &str| {
        returned.iter().position(|id| id.as_str() == reservation).map(|index| format!("return-{index}"))
    };
    match error {
        ExchangeError::InvalidReturn { reservation, .. }
        | ExchangeError::SelfServiceExchangeNotSupported { reservation, .. }
        | ExchangeError::ExchangeNotAllowedAfterCutoff { reservation, .. }
        | ExchangeError::FinalExchangeAlreadyUsed { reservation } => return_line(reservation),
        // The first line of the other family: a purchase's family, as returns are offered in one.
        ExchangeError::ExchangeFamilyMismatch { other, .. } => bought
            .iter()
            .find(|(_, p)| p.family == *other)
            .map(|(index, _)| format!("purchase-{index}-family")),
        ExchangeError::EmptyExchange { .. }
        | ExchangeError::ExchangeValueTooLow { .. }
        | ExchangeError::RefundLimitExceeded { .. } => None,
    }
}

#[component]
fn ExchangePanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    // Returned: this reservation by default; others of the customer can be added. Each quantity
    // has its own signal, as each purchase field does (see `PurchaseDraft`).
    let returns = RwSignal::new(vec![(
        r.with_value(|r| r.id.clone()),
        RwSignal::new(r.with_value(|r| r.quantity.to_string())),
    )]);
    let purchases = RwSignal::new(vec![r.with_value(|r| PurchaseDraft::new(r.family.name(), &r.sku))]);
    // Only what the exchange rules accept beside what is returned already.
    let others = Memo::new(move |_| {
        let returned: Vec<Name> = returns.with(|r| r.iter().map(|(id, _)| id.clone()).collect());
        app.session.with(|s| exchange_candidates(s, &customer.get_value(), &returned))
    });
    // The live preview: the lines as typed, then the exchange command's own check and prices
    // (`Workspace::preview_exchange`), so what is shown is what pressing the button would do.
    let live = Memo::new(move |_| {
        app.session.with(|s| {
            let w = s.workspace();
            let c = w.customer(&customer.get_value())?;
            let mut field_errors: Vec<(String, String)> = Vec::new();
            let typed: Vec<(Name, String)> =
                returns.with(|r| r.iter().map(|(id, q)| (id.clone(), q.get())).collect());
            let mut lines = Vec::new();
            for (index, (id, q)) in typed.iter().enumerate() {
                match parse_units_input(q) {
                    Ok(quantity) => lines.push(ReturnLine { reservation: id.clone(), quantity }),
                    Err(e) => {
                        field_errors.push((format!("return-{index}"), i18n::labelled(t(Key::Quantity), &e)))
                    }
                }
            }
            let mut bought = Vec::new();
            let mut incomplete = false;
            let mut purchase_errors = false;
            for (index, draft) in purchases.get().iter().enumerate() {
                // A purchase whose price is not typed yet is not an error, only unfinished.
                if draft.price.get().trim().is_empty() {
                    incomplete = true;
                    continue;
                }
                match draft.parse(c.currency) {
                    Ok(p) => bought.push((index, p)),
                    Err((field, e)) => {
                        purchase_errors = true;
                        field_errors.push((format!("purchase-{index}-{field}"), e))
                    }
                }
            }
            let purchases_in: Vec<Purchase> = bought.iter().map(|(_, p)| p.clone()).collect();
            let returned: Vec<Name> = typed.iter().map(|(id, _)| id.clone()).collect();
            let preview = w.preview_exchange(s.today.get(), &c.id, &lines, &purchases_in);
            let mut basket_errors = Vec::new();
            let mut returns_priced = lines.len() == typed.len();
            match &preview {
                // A reservation that is gone is named beside its line, as a mistyped quantity is.
                Err(Rejection::UnknownReservation { reservation, .. }) => {
                    returns_priced = false;
                    if let Some(index) = returned.iter().position(|id| id.as_str() == reservation) {
                        field_errors.push((format!("return-{index}"), t(Key::ReservationNotFound).into()));
                    }
                }
                Err(other) => basket_errors.push((other.code().to_string(), i18n::rejection(other))),
                Ok(p) => {
                    for e in &p.quote.errors {
                        match field_of(e, &returned, &bought) {
                            Some(field) => {
                                // A return that cannot be priced is left out of refundsTotal.
                                if matches!(e, ExchangeError::InvalidReturn { .. }) {
                                    returns_priced = false;
                                }
                                field_errors.push((field, i18n::exchange_error(e)));
                            }
                            None => basket_errors
                                .push((i18n::exchange_error_code(e).to_string(), i18n::exchange_error(e))),
                        }
                    }
                    // A refusal the quote does not list (no room for the new reservations, ...).
                    if let Some(other) =
                        p.refusal.as_ref().filter(|r| !matches!(r, Rejection::ExchangeRefused { .. }))
                    {
                        basket_errors.push((other.code().to_string(), i18n::rejection(other)));
                    }
                }
            }
            let purchases_priced = !incomplete && !purchase_errors;
            // While a line is unfinished or wrong, the basket without it is no basket anyone asked
            // for: "buys nothing" or "worth too little" would be about it. The lines say what to fix.
            if !(returns_priced && purchases_priced && field_errors.is_empty()) {
                basket_errors.clear();
            }
            let command =
                Command::Exchange { customer: c.id.clone(), returns: lines, purchases: purchases_in };
            Some(Basket {
                preview,
                field_errors,
                basket_errors,
                incomplete,
                returns_priced,
                purchases_priced,
                command,
            })
        })
    });
    let error_for = move |key: String| {
        Signal::derive(move || {
            live.with(|l| {
                l.as_ref()
                    .and_then(|b| b.field_errors.iter().find(|(k, _)| *k == key).map(|(_, e)| e.clone()))
            })
        })
    };
    let invalid = move |key: String| move || error_for(key.clone()).get().is_some().then_some("true");
    let role_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Exchange).map(|why| i18n::not_allowed(&why, ActionKind::Exchange))
        })
    });
    // The exchange is priced at the partner's prices (refundsTotal, netPayable): the partner's.
    let totals_shown = sees(Fact::PartnerPrice);
    // A total of lines that are not all in is not shown: it would be a figure for another basket.
    let total = move |money: Option<reservoir::domain::money::Money>, testid: &'static str| match money {
        Some(m) => view! { <AmountText money=m testid=testid /> }.into_any(),
        None => view! { <span class="amount muted" data-testid=testid>"—"</span> }.into_any(),
    };
    view! {
        <section class="card" data-testid="exchange-panel">
            <h2>{t(Key::Exchange)}</h2>
            <p class="muted small">{t(Key::ExchangeHint)}</p>
            <h3>{t(Key::Returned)}</h3>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr><th scope="col">{t(Key::ReservationId)}</th><th scope="col">{t(Key::Quantity)}</th><th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th></tr></thead>
                <tbody>
                    {move || returns.get().into_iter().enumerate().map(|(index, (id, q))| {
                        let input_id = format!("exchange-return-{index}");
                        let error_id = format!("{input_id}-error");
                        view! {
                            <tr>
                                <th scope="row">{id.to_string()}</th>
                                <td>
                                    <label class="sr-only" for=input_id.clone()>{t(Key::Quantity)}</label>
                                    <input id=input_id data-testid=format!("exchange-return-quantity-{index}") class="short" inputmode="numeric" aria-describedby=error_id.clone()
                                        aria-invalid=invalid(format!("return-{index}"))
                                        prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
                                    <FieldError id=error_id message=error_for(format!("return-{index}")) />
                                </td>
                                <td><button class="link" on:click=move |_| returns.update(|r| { if r.len() > 1 { r.remove(index); } })>{t(Key::Remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <label class="inline">
                <span>{t(Key::AddReturn)}</span>
                <select data-testid="exchange-add-return" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        returns.update(|r| if !r.iter().any(|(x, _)| *x == id) { r.push((route_id(&id), RwSignal::new("1".into()))) });
                    }
                }>
                    <option value="">"—"</option>
                    {move || others.get().into_iter().map(|id| view! { <option value=id.to_string()>{id.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <h3>{t(Key::Bought)}</h3>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr>
                    <th scope="col">{t(Key::Family)}</th><th scope="col">{t(Key::Sku)}</th><th scope="col">{t(Key::Term)}</th>
                    <th scope="col">{t(Key::BillingPlan)}</th><th scope="col">{t(Key::Quantity)}</th><th scope="col">{t(Key::UnitPrice)}</th>
                    <th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {move || purchases.get().into_iter().enumerate().map(|(index, d)| {
                        let field = move |name: &str| format!("exchange-purchase-{index}-{name}-error");
                        let key = move |name: &str| format!("purchase-{index}-{name}");
                        view! {
                            <tr>
                                <td>
                                    <select aria-label=t(Key::Family) data-testid=format!("exchange-purchase-family-{index}") aria-describedby=field("family")
                                        aria-invalid=invalid(key("family"))
                                        prop:value=move || d.family.get() on:change=move |ev| d.family.set(event_target_value(&ev))>
                                        {KNOWN_FAMILIES.iter().map(|f| view! { <option value=*f>{i18n::family(f)}</option> }).collect_view()}
                                    </select>
                                    <FieldError id=field("family") message=error_for(key("family")) />
                                </td>
                                <td>
                                    <input aria-label=t(Key::Sku) data-testid=format!("exchange-purchase-sku-{index}") aria-describedby=field("sku")
                                        aria-invalid=invalid(key("sku"))
                                        prop:value=move || d.sku.get() on:input=move |ev| d.sku.set(event_target_value(&ev)) />
                                    <FieldError id=field("sku") message=error_for(key("sku")) />
                                </td>
                                <td><select aria-label=t(Key::Term) prop:value=move || d.term.get() on:change=move |ev| d.term.set(event_target_value(&ev))>
                                    <option value="P1Y">{i18n::term(Term::P1Y)}</option><option value="P3Y">{i18n::term(Term::P3Y)}</option>
                                </select></td>
                                <td><select aria-label=t(Key::BillingPlan) prop:value=move || d.plan.get() on:change=move |ev| d.plan.set(event_target_value(&ev))>
                                    <option value="Upfront">{i18n::plan(BillingPlan::Upfront)}</option><option value="Monthly">{i18n::plan(BillingPlan::Monthly)}</option>
                                </select></td>
                                <td>
                                    <input class="short" aria-label=t(Key::Quantity) inputmode="numeric" data-testid=format!("exchange-purchase-quantity-{index}") aria-describedby=field("quantity")
                                        aria-invalid=invalid(key("quantity"))
                                        prop:value=move || d.quantity.get() on:input=move |ev| d.quantity.set(event_target_value(&ev)) />
                                    <FieldError id=field("quantity") message=error_for(key("quantity")) />
                                </td>
                                <td>
                                    <input aria-label=t(Key::UnitPrice) inputmode="decimal" data-testid=format!("exchange-purchase-price-{index}") aria-describedby=field("price")
                                        aria-invalid=invalid(key("price"))
                                        prop:value=move || d.price.get() on:input=move |ev| d.price.set(event_target_value(&ev)) />
                                    <FieldError id=field("price") message=error_for(key("price")) />
                                </td>
                                <td><button class="link" on:click=move |_| purchases.update(|p| { if p.len() > 1 { p.remove(index); } })>{t(Key::Remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <button class="small" data-testid="exchange-add-purchase" on:click=move |_| purchases.update(|p| {
                let next = p.last().map(PurchaseDraft::copy).unwrap_or_else(|| PurchaseDraft::new("compute", ""));
                p.push(next);
            })>{t(Key::AddPurchase)}</button>
            <div class="exchange-totals" role="status" aria-live="polite" data-testid="exchange-totals">
                {move || live.get().filter(|_| totals_shown.get()).map(|basket| {
                    let quote = basket.preview.as_ref().ok().map(|p| p.quote.clone());
                    let refunds = quote.as_ref().filter(|_| basket.returns_priced).map(|q| q.refunds_total);
                    let bought = quote.as_ref().filter(|_| basket.purchases_priced).map(|q| q.purchases_total);
                    let net = quote.as_ref().filter(|_| basket.returns_priced && basket.purchases_priced).map(|q| q.net_payable);
                    view! {
                        {quote.is_some().then(|| view! {
                            <div class="stats">
                                <div class="stat"><span class="label">{t(Key::RefundsTotal)}" "<code class="api">"refundsTotal"</code></span>{total(refunds, "refundsTotal")}</div>
                                <div class="stat"><span class="label">{t(Key::PurchasesTotal)}" "<code class="api">"purchasesTotal"</code></span>{total(bought, "purchasesTotal")}</div>
                                <div class="stat"><span class="label">{t(Key::NetPayable)}" "<code class="api">"netPayable"</code></span>{total(net, "netPayable")}</div>
                            </div>
                        })}
                        {(!basket.basket_errors.is_empty()).then(|| view! {
                            <ul class="errors" data-testid="exchange-errors">
                                {basket.basket_errors.iter().map(|(code, text)| view! { <li data-code=code.clone()><strong>{code.clone()}</strong>{i18n::after_label()}{text.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                        {basket.incomplete.then(|| view! { <p class="muted" data-testid="exchange-incomplete">{t(Key::EnterPurchasePrice)}</p> })}
                        {quote.filter(|q| q.final_exchange).map(|_| view! { <p class="warning-text">{t(Key::FinalExchangeNote)}</p> })}
                    }
                })}
            </div>
            <button class="primary" data-testid="exchange-submit"
                disabled=move || role_refusal.get().is_some() || live.with(|l| l.as_ref().is_none_or(|b| !b.ready()))
                on:click=move |_| {
                    if let Some(basket) = live.get().filter(Basket::ready) {
                        app.dispatch(basket.command);
                    }
                }>
                {t(Key::ExchangeNow)}
            </button>
            {move || totals_shown.get().then(|| view! {
                " "
                <button data-testid="print-exchange-estimate"
                    disabled=move || live.with(|l| l.as_ref().is_none_or(|b| !b.ready()))
                    on:click=move |_| {
                        let Some(Command::Exchange { returns, purchases, .. }) = live.get().filter(Basket::ready).map(|b| b.command) else { return };
                        let (customer, reservation) = (customer.get_value(), r.with_value(|r| r.id.to_string()));
                        app.exchange_to_print.set(Some(ExchangeToPrint { customer: customer.clone(), reservation: reservation.clone(), returns, purchases }));
                        app.go(Route::ExchangeEstimate(customer, reservation));
                    }>{t(Key::PrintEstimate)}</button>
            })}
            <p class="why" data-testid="exchange-why">{move || role_refusal.get()}</p>
        </section>
    }
}
