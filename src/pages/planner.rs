//! The refund planner (issue 15): the partner picks units of a customer's reservations and the
//! period, presses Plan, and sees the dated schedule that saves the most, beside the two simple
//! ways, with the units that never fit and whether the plan is proven best. Every figure is the
//! engine's (`reservoir::app::planner`); the page only reads what was typed and writes it out.
//!
//! What is typed lives in the page only, like every what-if of the app (the limit page's planned
//! refund, a reservation's what-if date): a reload returns here with the fields empty, since the
//! units held may have changed since (another tab, an undo).

use std::collections::BTreeMap;

use leptos::prelude::*;
use maud::html;
use reservoir::app::planner::{
    customer_plan, plan_choices, plan_scenario, PlanRefusal, PlanRequest, PlanView,
};
use reservoir::app::queries::customer_header;
use reservoir::domain::money::Money;
use reservoir::formats::transfer::export_scenario;
use reservoir::simulation::plan::{NeverFitsReason, PlanError, Schedule};

use crate::components::{
    download, parse_date_input, parse_units_input, AmountHtml, CsvDownloads, FieldError, Hidden, LineChart,
};
use crate::i18n::{self, t, Key};
use crate::pages::limit::{limit_hidden, limit_series};
use crate::route::Route;
use crate::state::AppState;

/// What the last press of Plan found wrong in what was typed, field by field.
#[derive(Clone, Debug, Default, PartialEq)]
struct Typos {
    /// By reservation.
    units: BTreeMap<String, String>,
}

#[component]
pub fn PlannerPage(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let hidden = Memo::new(move |_| app.session.with(|s| limit_hidden(s, &id.get_value())));
    let name = Memo::new(move |_| app.session.with(|s| customer_header(s, &id.get_value()).map(|h| h.name)));
    let choices = Memo::new(move |_| app.session.with(|s| plan_choices(s, &id.get_value())));
    // What is typed, kept as typed (a refused value stays in its field).
    let typed = RwSignal::new(BTreeMap::<String, String>::new());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let typos = RwSignal::new(Typos::default());
    let asked = RwSignal::new(None::<PlanRequest>);
    // The plan of what was asked, on the workspace as it is now (an undo plans it again).
    let planned = Memo::new(move |_| {
        let request = asked.get()?;
        app.session.with(|s| customer_plan(s, &id.get_value(), &request))
    });
    let refusal = move || planned.with(|p| p.as_ref().and_then(|r| r.as_ref().err().cloned()));
    let press = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Typos::default();
        let mut exits = Vec::new();
        for choice in choices.get_untracked() {
            let id = choice.reservation.to_string();
            let text = typed.with_untracked(|t| t.get(&id).cloned().unwrap_or_default());
            if text.trim().is_empty() {
                continue;
            }
            match parse_units_input(&text) {
                Ok(0) => {}
                Ok(units) => exits.push((id, units)),
                Err(e) => {
                    found.units.insert(id, e);
                }
            }
        }
        let from = parse_date_input(&first.get_untracked()).map(|d| d.get()).unwrap_or(app.today());
        let until = parse_date_input(&last.get_untracked()).map(|d| d.get());
        let clean = found.units.is_empty();
        typos.set(found);
        asked.set(clean.then_some(PlanRequest { exits, from, until }));
    };
    // The refusal's word for one reservation's field, one date field, or the whole form.
    let units_error = move |reservation: String| {
        Signal::derive(move || {
            let label = i18n::fill(Key::PlannerUnitsOf, &[("reservation", &reservation)]);
            if let Some(typo) = typos.with(|t| t.units.get(&reservation).cloned()) {
                return Some(i18n::labelled(&label, &typo));
            }
            let exit_of =
                |exit: usize| asked.with(|a| a.as_ref().and_then(|a| a.exits.get(exit).map(|e| e.0.clone())));
            match refusal()? {
                PlanRefusal::Plan(PlanError::InvalidQuantity { exit, held, .. })
                    if exit_of(exit).as_ref() == Some(&reservation) =>
                {
                    Some(i18n::labelled(
                        &label,
                        &i18n::fill(Key::PlannerTooMany, &[("held", &i18n::count(held.into()))]),
                    ))
                }
                _ => None,
            }
        })
    };
    let first_error = Signal::derive(move || match refusal()? {
        PlanRefusal::FirstBeforeToday { today } => Some(i18n::labelled(
            t(Key::PlannerFirstDate),
            &i18n::fill(Key::PlannerFirstBeforeToday, &[("today", &i18n::date(today))]),
        )),
        _ => None,
    });
    let last_error = Signal::derive(move || match refusal()? {
        PlanRefusal::Plan(PlanError::LastBeforeFirst { from, .. }) => Some(i18n::labelled(
            t(Key::PlannerLastDate),
            &i18n::fill(Key::PlannerLastBeforeFirst, &[("from", &i18n::date(from))]),
        )),
        _ => None,
    });
    // A reservation gone since Plan was pressed (an undo, another tab) has no row left to say it.
    let form_error = Signal::derive(move || match refusal()? {
        PlanRefusal::Plan(PlanError::NoExits) => Some(t(Key::PlannerNothingPicked).to_string()),
        PlanRefusal::UnknownReservation { exit } => asked.with(|a| {
            let gone = a.as_ref().and_then(|a| a.exits.get(exit)).map(|e| e.0.clone()).unwrap_or_default();
            Some(i18n::fill(Key::PlannerGone, &[("reservation", &gone)]))
        }),
        PlanRefusal::NoRate { currency } => {
            Some(i18n::fill(Key::PlannerNoRate, &[("currency", &currency.code())]))
        }
        _ => None,
    });
    move || {
        if let Some(why) = hidden.get() {
            return view! { <Hidden title=Key::PlannerTitle why=why testid="planner-hidden" /> }.into_any();
        }
        let Some(name) = name.get() else {
            return view! { <h1>{t(Key::CustomerNotFound)}</h1> }.into_any();
        };
        let rows = choices
            .get()
            .into_iter()
            .map(|choice| {
                let reservation = choice.reservation.to_string();
                let input_id = format!("plan-units-{reservation}");
                let error_id = format!("{input_id}-error");
                let error = units_error(reservation.clone());
                let key = reservation.clone();
                let shown = reservation.clone();
                view! {
                    <tr data-testid="planner-row">
                        // The SKU under the ID rather than in a column of its own: on a phone the
                        // units field stays in view.
                        <th scope="row"><label for=input_id.clone()>{reservation.clone()}</label><br /><span class="muted small">{choice.sku.clone()}</span></th>
                        <td class="num">{i18n::count(choice.held.into())}</td>
                        <td>
                            <input id=input_id type="number" min="0" max=choice.held.to_string() step="1" class="short"
                                data-testid=format!("planner-units-{reservation}")
                                aria-label=i18n::fill(Key::PlannerUnitsOf, &[("reservation", &reservation)])
                                aria-describedby=error_id.clone()
                                aria-invalid=move || error.with(Option::is_some).then_some("true")
                                prop:value=move || typed.with(|t| t.get(&shown).cloned().unwrap_or_default())
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    typed.update(|t| { t.insert(key.clone(), text); });
                                } />
                            <FieldError id=error_id message=error />
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <nav class="crumbs" aria-label=t(Key::Breadcrumbs)>
                <a href=Route::Customers.hash()>{t(Key::Customers)}</a>" / "
                <a href=Route::Customer(id.get_value()).hash()>{name.to_string()}</a>" / "<span>{t(Key::PlannerTitle)}</span>
            </nav>
            <h1>{format!("{} — {}", t(Key::PlannerTitle), name)}</h1>
            <p class="muted">{t(Key::PlannerIntro)}</p>
            <form class="card" novalidate=true on:submit=press data-testid="planner-form">
                <div class="table-scroll"><table class="grid compact">
                    <thead><tr>
                        <th scope="col">{t(Key::Reservation)}</th>
                        <th scope="col" class="num">{t(Key::PlannerHeld)}</th>
                        <th scope="col">{t(Key::PlannerUnitsToCancel)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <div class="form-row">
                    <div class="field">
                        <label for="plan-first">{t(Key::PlannerFirstDate)}</label>
                        <input id="plan-first" type="date" data-testid="planner-first" aria-describedby="plan-first-error"
                            aria-invalid=move || first_error.with(Option::is_some).then_some("true")
                            prop:value=move || if first.get().is_empty() { app.today().to_string() } else { first.get() }
                            on:input=move |ev| first.set(event_target_value(&ev)) />
                        <FieldError id="plan-first-error".into() message=first_error />
                    </div>
                    <div class="field">
                        <label for="plan-last">{t(Key::PlannerLastDate)}</label>
                        <input id="plan-last" type="date" data-testid="planner-last" aria-describedby="plan-last-error plan-last-hint"
                            aria-invalid=move || last_error.with(Option::is_some).then_some("true")
                            prop:value=move || last.get() on:input=move |ev| last.set(event_target_value(&ev)) />
                        <FieldError id="plan-last-error".into() message=last_error />
                        <span class="muted small" id="plan-last-hint">{t(Key::PlannerLastDateHint)}</span>
                    </div>
                    <button type="submit" data-testid="planner-plan">{t(Key::PlannerPlan)}</button>
                </div>
                <FieldError id="plan-form-error".into() message=form_error />
            </form>
            // Only the total is announced: the whole plan in a live region would be read out at length.
            <p class="sr-only" role="status">{move || planned.with(|p| match p {
                Some(Ok(view)) => i18n::labelled(t(Key::PlannerTotal), &i18n::money(view.plan.best.total_saved_usd)),
                _ => String::new(),
            })}</p>
            {move || planned.get().and_then(Result::ok).map(|view| view! { <PlanShown id=id.get_value() view=view /> })}
        }
        .into_any()
    }
}

/// A plan: the schedule, the simple ways, what never fits, the chart, the downloads.
#[component]
fn PlanShown(id: String, view: PlanView) -> impl IntoView {
    let app = expect_context::<AppState>();
    let names: Vec<String> = view.reservations.iter().map(ToString::to_string).collect();
    let exported = StoredValue::new(view.clone());
    let csv_name = format!("plan-{id}.csv");
    let scenario_name = format!("reservoir-plan-{id}.json");
    let plan = &view.plan;
    let proven = if plan.proven_best {
        t(Key::PlannerProvenBest).to_string()
    } else {
        i18n::fill(
            Key::PlannerNotProven,
            &[("most", &i18n::money(plan.most_possible_usd)), ("short", &i18n::money(plan.most_short_usd()))],
        )
    };
    let never_fits = plan
        .never_fits
        .iter()
        .map(|n| {
            let units = i18n::count(n.quantity.into());
            let reservation = names[n.exit].clone();
            let blanks: [(&str, &dyn std::fmt::Display); 2] =
                [("units", &units), ("reservation", &reservation)];
            match n.reason {
                NeverFitsReason::NotRefundable => i18n::fill(Key::PlannerNotRefundable, &blanks),
                NeverFitsReason::NotActiveInPeriod => i18n::fill(Key::PlannerNotActive, &blanks),
                NeverFitsReason::OneUnitOverLimit { least_usd } => i18n::fill(
                    Key::PlannerOneUnitOverLimit,
                    &[("units", &units), ("reservation", &reservation), ("least", &i18n::money(least_usd))],
                ),
                NeverFitsReason::NoRoomLeft => i18n::fill(Key::PlannerNoRoomLeft, &blanks),
            }
        })
        .collect::<Vec<_>>();
    // The schedule's table and the lists hold only figures and words: written as HTML (see
    // `pages::reservation`).
    let strategy = |key: Key, schedule: &Schedule, more: Money, testid: &'static str| {
        let words = if more.amount().is_zero() {
            t(Key::PlannerSavesSame).to_string()
        } else {
            i18n::fill(Key::PlannerSavesMore, &[("amount", &i18n::money(more))])
        };
        html! {
            li data-testid=(testid) {
                strong { (t(key)) } (i18n::after_label()) (AmountHtml(schedule.total_saved_usd, ""))
                br; span { (words) }
            }
        }
    };
    let strategies = html! {
        (strategy(Key::PlannerFirstDateThenWhole, &plan.first_date_then_whole, view.more_than_first_date, "plan-first-date"))
        (strategy(Key::PlannerEachWholeEarliest, &plan.each_whole_earliest, view.more_than_whole_earliest, "plan-whole-earliest"))
    };
    let timeline = &view.timeline;
    let end = timeline.with_plan.last().or(timeline.consumed.last()).map(|p| p.date).unwrap_or(app.today());
    let series = limit_series(timeline, app.today(), end, Key::PlannerWithPlan);
    let schedule = html! {
        thead { tr {
            th scope="col" { (t(Key::Date)) }
            th scope="col" { (t(Key::Reservation)) }
            th scope="col" class="num" { (t(Key::Quantity)) }
            th scope="col" class="num" { (t(Key::PlannerRefund)) }
            th scope="col" class="num" { (t(Key::PlannerCanceledPayments)) }
            th scope="col" class="num" { (t(Key::PlannerCounted)) }
            th scope="col" class="num" { (t(Key::PlannerSaved)) }
        } }
        tbody {
            @for step in &plan.best.steps {
                @if let Some(priced) = &step.quote.priced {
                    tr data-testid="plan-step" {
                        td { (i18n::date(step.date)) }
                        th scope="row" { (names[step.exit]) }
                        td.num { (i18n::count(step.quantity.into())) }
                        td.num { (AmountHtml(priced.partner.refund, "")) }
                        td.num { (AmountHtml(priced.partner.remaining_commitment, "")) }
                        td.num { (AmountHtml(priced.canceled_commitment_usd, "")) }
                        td.num { (AmountHtml(step.saved_usd, "")) }
                    }
                }
            }
        }
        tfoot { tr {
            th scope="row" colspan="6" { (t(Key::PlannerTotal)) }
            td.num { (AmountHtml(plan.best.total_saved_usd, "plan-total")) }
        } }
    };
    let never_fits = html! { @for line in &never_fits { li { (line) } } };
    view! {
        <section class="card" data-testid="plan-schedule">
            <h2>{t(Key::PlannerSchedule)}</h2>
            <p>{i18n::fill(Key::PlannerPeriod, &[("from", &i18n::date(plan.from)), ("until", &i18n::date(plan.until))])}</p>
            {plan.best.steps.is_empty().then(|| view! { <p data-testid="plan-no-steps">{t(Key::PlannerNoSteps)}</p> })}
            <div class="table-scroll"><table class="grid compact" inner_html=schedule.into_string()></table></div>
            <p data-testid="plan-proven" class=if plan.proven_best { "ok" } else { "muted" }>{proven}</p>
            <p class="no-print">
                <CsvDownloads testid="plan-csv" file=Callback::new(move |dialect| {
                    let view = exported.get_value();
                    (csv_name.clone(), reservoir::formats::csv::plan_schedule(&view.plan.best, &view.reservations, dialect))
                }) />
                " "
                <button class="small" data-testid="plan-scenario" on:click=move |_| {
                    let view = exported.get_value();
                    let file = app.session.with_untracked(|s| {
                        plan_scenario(s, &id, &view).map(|scenario| export_scenario(&scenario, scenario.today.unwrap_or(s.today)))
                    });
                    if let Ok(text) = file {
                        download(&scenario_name, &text);
                    }
                }>{t(Key::PlannerExportScenario)}</button>
            </p>
        </section>
        <section class="card" data-testid="plan-strategies">
            <h2>{t(Key::PlannerStrategies)}</h2>
            <ul inner_html=strategies.into_string()></ul>
        </section>
        {(!plan.never_fits.is_empty()).then(|| view! {
            <section class="card" data-testid="plan-never-fits">
                <h2>{t(Key::PlannerNeverFits)}</h2>
                <ul inner_html=never_fits.into_string()></ul>
            </section>
        })}
        <LineChart series=series title=t(Key::PlannerChartTitle).into() currency="USD".into() testid="plan-chart" />
    }
}
