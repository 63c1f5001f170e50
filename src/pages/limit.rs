//! A customer's refund limit over time: what is used, when each amount comes back, what a planned
//! refund would do, and the earliest date it fits.

use leptos::prelude::*;
use reservoir::app::queries::{customer_access, ledger, limit_view, LedgerRow, LimitView, PlannedRefund};
use reservoir::domain::ledger::{EntryReason, EntryState};
use reservoir::domain::money::Currency;
use reservoir::domain::partner::{sees, Fact};
use reservoir::simulation::command::Command;
use reservoir::simulation::timeline::{LimitTimeline, Point};

use crate::components::{
    parse_date_field, parse_date_input, parse_money_input, parse_note_input, parse_units_input, route_id,
    AmountText, CsvDownloads, FieldError, Hidden, LimitLeftText, LineChart, Series,
};
use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::AppState;

#[component]
pub fn LimitPage(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let plan_reservation = RwSignal::new(String::new());
    let plan_quantity = RwSignal::new("1".to_string());
    let plan_date = RwSignal::new(None::<chrono::NaiveDate>);
    let quantity = Memo::new(move |_| parse_units_input(&plan_quantity.get()));
    // The page without the plan, and the plan's figures apart: the planned refund's fields are
    // drawn once, so the figures follow each keystroke without taking the field being typed in.
    let page = Memo::new(move |_| app.session.with(|s| limit_view(s, &id.get_value(), None)));
    let planned = Memo::new(move |_| {
        let on = plan_date.get().unwrap_or(app.today());
        let chosen = plan_reservation.get();
        let plan = quantity.get().ok().filter(|_| !chosen.is_empty()).map(|quantity| PlannedRefund {
            reservation: chosen,
            quantity,
            on,
        });
        plan.as_ref()?;
        app.session
            .with(|s| limit_view(s, &id.get_value(), plan.as_ref()))
            .map(|view| (view.plan, view.timeline))
    });
    // Another customer's limit, or any limit to a customer's user, is refused with why.
    let hidden = Memo::new(move |_| app.session.with(|s| limit_hidden(s, &id.get_value())));
    move || {
        if let Some(why) = hidden.get() {
            return view! { <Hidden title=Key::LimitOverTime why=why testid="limit-hidden" /> }.into_any();
        }
        let Some(LimitView { name, status, returnable: reservations, timeline, .. }) = page.get() else {
            return view! { <h1>{t(Key::CustomerNotFound)}</h1> }.into_any();
        };
        // With the planned refund's line when one is planned, as the chart and its CSV show it.
        let shown = StoredValue::new(timeline);
        let with_plan =
            move || planned.get().map(|(_, timeline)| timeline).unwrap_or_else(|| shown.get_value());
        let chart = move || {
            let timeline = with_plan();
            let end = timeline.consumed.last().map(|p| p.date).unwrap_or(app.today());
            let series = limit_series(&timeline, app.today(), end, Key::WithPlannedRefund);
            view! { <LineChart series=series title=t(Key::LimitChartTitle).into() currency="USD".into() testid="limit-chart" /> }
        };
        view! {
            <nav class="crumbs" aria-label=t(Key::Breadcrumbs)>
                <a href=Route::Customers.hash()>{t(Key::Customers)}</a>" / "
                <a href=Route::Customer(id.get_value()).hash()>{name.to_string()}</a>" / "<span>{t(Key::LimitOverTime)}</span>
            </nav>
            <h1>{format!("{} — {}", t(Key::LimitOverTime), name)}</h1>
            // Printed, the page is the customer's limit summary: the figures, the chart, when
            // amounts come back and the ledger, without the forms (print CSS).
            <p class="print-only" data-testid="limit-printed-on">{app.session.with(|s| i18n::fill(Key::LimitPrintedOn, &[
                ("customer", &id.get_value()),
                ("date", &i18n::date(app.today())),
                ("policy", &i18n::policy_name(&s.workspace().policy)),
            ]))}</p>
            <p class="no-print">
                <button data-testid="print-limit" on:click=|_| {
                    if let Some(window) = web_sys::window() {
                        // A browser that cannot print says so itself.
                        let _ = window.print();
                    }
                }>{t(Key::PrintLimitSummary)}</button>
            </p>
            <div class="stats">
                <div class="stat"><span class="label">{t(Key::LimitUsed)}</span><AmountText money=status.consumed testid="timeline-used" /></div>
                <div class="stat"><span class="label">{t(Key::LimitLeft)}</span><LimitLeftText money=status.left testid="timeline-left" /></div>
                <div class="stat"><span class="label">{t(Key::RefundLimit)}</span><AmountText money=status.limit /></div>
            </div>
            {chart}
            <p>
                <CsvDownloads testid="timeline-csv" file={
                    let name = format!("limit-{}.csv", id.get_value());
                    Callback::new(move |dialect| (name.clone(), reservoir::formats::csv::limit_timeline(&with_plan(), dialect)))
                } />
            </p>
            <section class="card">
                <h2>{t(Key::ComesBack)}</h2>
                <div class="table-scroll"><table class="grid compact" data-testid="comes-back">
                    <thead><tr><th scope="col">{t(Key::Date)}</th><th scope="col" class="num">{t(Key::AmountUsd)}</th></tr></thead>
                    <tbody>
                        {status.comes_back.iter().map(|b| view! {
                            <tr><th scope="row">{i18n::date(b.date)}</th><td class="num"><AmountText money=b.usd /></td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </section>
            <Ledger id=id.get_value() />
            <section class="card no-print" data-testid="planned-refund">
                <h2>{t(Key::PlannedRefund)}</h2>
                <div class="form-row">
                    <div class="field">
                        <label for="plan-reservation">{t(Key::Reservation)}</label>
                        <select id="plan-reservation" data-testid="plan-reservation" prop:value=plan_reservation.get_untracked()
                            on:change=move |ev| plan_reservation.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {reservations.into_iter().map(|r| view! { <option value=r.to_string()>{r.to_string()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="plan-quantity">{t(Key::Quantity)}</label>
                        <input id="plan-quantity" class="short" inputmode="numeric" data-testid="plan-quantity" aria-describedby="plan-quantity-error"
                            aria-invalid=move || quantity.with(Result::is_err).then_some("true")
                            prop:value=move || plan_quantity.get() on:input=move |ev| plan_quantity.set(event_target_value(&ev)) />
                        <FieldError id="plan-quantity-error".into()
                            message=Signal::derive(move || quantity.get().err().map(|e| i18n::labelled(t(Key::Quantity), &e))) />
                    </div>
                    <div class="field">
                        <label for="plan-date">{t(Key::Date)}</label>
                        <input id="plan-date" type="date" data-testid="plan-date" prop:value=move || plan_date.get().unwrap_or(app.today()).to_string()
                            on:input=move |ev| plan_date.set(parse_date_input(&event_target_value(&ev)).map(|d| d.get())) />
                    </div>
                </div>
                <div role="status" aria-live="polite">
                    {move || planned.get().and_then(|(plan, _)| plan).map(|q| view! {
                        <p data-testid="plan-result">
                            {if q.is_allowed() {
                                view! { <span class="ok">{t(Key::PlanFits)}" "<AmountText money=q.limit.requested testid="plan-requested" /></span> }.into_any()
                            } else {
                                view! {
                                    <span class="error">{q.errors.iter().map(i18n::refund_error).collect::<Vec<_>>().join(" ")}</span>
                                    " "
                                    <strong data-testid="plan-earliest">{q.earliest_fit().map(i18n::date).unwrap_or_else(|| t(Key::NeverWithinTerm).into())}</strong>
                                }.into_any()
                            }}
                        </p>
                    })}
                </div>
            </section>
        }
        .into_any()
    }
}

/// The customer's refund-limit ledger: every entry with its reason, recording a refund made
/// before the workspace knew the customer, and cancelling a wrong entry by a correcting one.
#[component]
fn Ledger(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let entries = Memo::new(move |_| app.session.with(|s| ledger(s, &id.get_value())));
    let date = RwSignal::new(String::new());
    let usd = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // One error a field, shown beside it: every field is checked, not only the first.
    let date_error = RwSignal::new(None::<String>);
    let usd_error = RwSignal::new(None::<String>);
    let note_error = RwSignal::new(None::<String>);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let refund_date = parse_date_field(&date.get()).map_err(|e| i18n::labelled(t(Key::RefundDate), &e));
        let amount =
            parse_money_input(&usd.get(), Currency::USD).map_err(|e| i18n::labelled(t(Key::AmountUsd), &e));
        let note_v = parse_note_input(&note.get()).map_err(|e| i18n::labelled(t(Key::Note), &e));
        date_error.set(refund_date.clone().err());
        usd_error.set(amount.clone().err());
        note_error.set(note_v.clone().err());
        if let (Ok(refund_date), Ok(usd_v), Ok(note_v)) = (refund_date, amount, note_v) {
            let command = Command::RecordEarlierRefund {
                customer: route_id(&id.get_value()),
                refund_date,
                usd: usd_v,
                note: note_v,
            };
            if app.dispatch(command) {
                usd.set(String::new());
                note.set(String::new());
            }
        }
    };
    let reason = |r: &EntryReason| match r {
        EntryReason::Refund { reservation, quantity } => {
            format!("{} {quantity} × {reservation}", t(Key::Refunded))
        }
        EntryReason::Exchange { reservations } => format!("{} {}", t(Key::Exchange), reservations.join(", ")),
        EntryReason::Earlier { note } => format!("{} {note}", t(Key::RecordedEarlier)),
        EntryReason::Correction { corrects, note } => format!("{} #{corrects}: {note}", t(Key::Correction)),
    };
    view! {
        <section class="card" data-testid="ledger">
            <h2>{t(Key::LedgerTitle)}</h2>
            <div class="table-scroll"><table class="grid compact" data-testid="ledger-table">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{t(Key::Date)}</th>
                    <th scope="col">{t(Key::Kind2)}</th>
                    <th scope="col" class="num">{t(Key::AmountUsd)}</th>
                    <th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {move || entries.get().into_iter().map(|row| {
                        let correctable = row.correctable();
                        let LedgerRow { index, entry, state } = row;
                        view! {
                            <tr class:closed=state == EntryState::Corrected data-testid="ledger-row">
                                <td>{index}</td>
                                <td>{i18n::date(entry.date)}</td>
                                <td>{reason(&entry.reason)}</td>
                                <td class="num">{i18n::price(Currency::USD, entry.usd)}</td>
                                <td>{correctable.then(|| view! {
                                    <button class="link danger" data-testid="ledger-correct" on:click=move |_| {
                                        app.dispatch(Command::CorrectLedgerEntry {
                                            customer: route_id(&id.get_value()),
                                            entry: index,
                                            note: route_id(t(Key::CorrectedByPartner)),
                                        });
                                    }>{t(Key::CorrectEntry)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <form class="form-row" on:submit=record data-testid="record-refund">
                <div class="field">
                    <label for="earlier-date">{t(Key::RefundDate)}</label>
                    <input id="earlier-date" type="date" data-testid="earlier-date" aria-describedby="earlier-date-error"
                        aria-invalid=move || date_error.with(Option::is_some).then_some("true")
                        prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev)) />
                    <FieldError id="earlier-date-error".into() message=date_error.into() />
                </div>
                <div class="field">
                    <label for="earlier-usd">{t(Key::AmountUsd)}</label>
                    <input id="earlier-usd" data-testid="earlier-usd" inputmode="decimal" aria-describedby="earlier-error"
                        aria-invalid=move || usd_error.with(Option::is_some).then_some("true")
                        prop:value=move || usd.get() on:input=move |ev| usd.set(event_target_value(&ev)) />
                    <FieldError id="earlier-error".into() message=usd_error.into() />
                </div>
                <div class="field">
                    <label for="earlier-note">{t(Key::Note)}</label>
                    <input id="earlier-note" data-testid="earlier-note" aria-describedby="earlier-note-error"
                        aria-invalid=move || note_error.with(Option::is_some).then_some("true")
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                    <FieldError id="earlier-note-error".into() message=note_error.into() />
                </div>
                <button type="submit" data-testid="earlier-submit">{t(Key::RecordRefund)}</button>
            </form>
            <p class="muted small">{t(Key::RecordEarlierRefundHint)}</p>
        </section>
    }
}

/// The limit chart's lines: the limit used, the refund limit from `today` to `end`, and, when the
/// timeline holds one, the limit used with a planned refund or plan, named by `with_plan` (the
/// limit page and the refund planner draw the same chart).
pub(crate) fn limit_series(
    timeline: &LimitTimeline,
    today: chrono::NaiveDate,
    end: chrono::NaiveDate,
    with_plan: Key,
) -> Vec<Series> {
    let line = |name: Key, class: &'static str, points: &[Point]| Series {
        name: t(name).into(),
        class,
        steps: true,
        points: points.iter().map(|p| (p.date, p.value.amount())).collect(),
    };
    let mut series = vec![
        line(Key::LimitUsed, "line-a", &timeline.consumed),
        Series {
            name: t(Key::RefundLimit).into(),
            class: "limit",
            steps: true,
            points: vec![(today, timeline.limit.amount()), (end, timeline.limit.amount())],
        },
    ];
    if !timeline.with_plan.is_empty() {
        series.push(line(with_plan, "line-b", &timeline.with_plan));
    }
    series
}

/// Why a customer's limit is not shown to the actor (another customer's, or any limit to a
/// customer's user: it is between Microsoft and the partner), or `None` when it is: the limit
/// page and the refund planner ask the same.
pub(crate) fn limit_hidden(s: &reservoir::app::session::Session, customer: &str) -> Option<String> {
    match customer_access(s, customer) {
        Err(why) => Some(i18n::customer_hidden(&why)),
        Ok(_) if !sees(&s.actor, Fact::RefundLimit) => {
            Some(i18n::partner_only(Fact::RefundLimit).to_string())
        }
        Ok(_) => None,
    }
}
