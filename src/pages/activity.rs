//! The activity log: append-only, newest first.

use leptos::prelude::*;
use maud::html;
use reservoir::app::queries::{activity, activity_customers, activity_details_shown};

use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::AppState;

/// Entries shown at most; the log itself keeps everything.
const SHOWN: usize = 200;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let app = expect_context::<AppState>();
    // The customer whose entries are shown; empty for everyone.
    let chosen = RwSignal::new(String::new());
    let customers = Memo::new(move |_| app.session.with(activity_customers));
    view! {
        <h1>{t(Key::ActivityLog)}</h1>
        <p class="muted">{t(Key::ActivityIntro)}</p>
        <div class="field">
            <label for="activity-customer">{t(Key::Customer)}</label>
            <select id="activity-customer" data-testid="activity-customer" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{t(Key::AllCustomers)}</option>
                {move || customers.get().into_iter().map(|c| {
                    let label = if c.present { c.name.clone() } else { format!("{} ({})", c.name, t(Key::Removed)) };
                    view! { <option value=c.id.clone() selected=chosen.get_untracked() == c.id>{label}</option> }
                }).collect_view()}
            </select>
        </div>
        <ActivityTable customer=Signal::derive(move || chosen.with(|c| (!c.is_empty()).then(|| c.clone()))) with_customer=true />
    }
}

/// The log, all of it or one customer's; `with_customer` adds a customer column (the activity
/// page's; a customer's own page does not need it).
#[component]
pub fn ActivityTable(
    #[prop(into)] customer: Signal<Option<String>>,
    #[prop(optional)] with_customer: bool,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    // Each entry with whether its details may be read: a customer's user does not read the
    // partner's figures (prices, Microsoft's refunds, the limit).
    let rows = Memo::new(move |_| {
        customer.with(|c| {
            app.session.with(|s| {
                activity(s, c.as_deref(), SHOWN)
                    .into_iter()
                    .map(|e| (activity_details_shown(s, &e), e))
                    .collect::<Vec<_>>()
            })
        })
    });
    let names = Memo::new(move |_| app.session.with(activity_customers));
    // The rows hold only words and links: written as HTML (see `pages::reservation`).
    let body = move || {
        let names = names.read();
        let customer_cell = |id: Option<&str>| {
            let logged = id.and_then(|id| names.iter().find(|c| c.id == id));
            html! {
                @match (id, logged) {
                    (None, _) => td.muted { "—" },
                    (_, Some(c)) if c.present => td data-testid="activity-customer-cell" {
                        a href=(Route::Customer(c.id.clone()).hash()) { (c.name) }
                    },
                    (_, Some(c)) => td.muted data-testid="activity-customer-cell" { (c.name) },
                    (Some(id), None) => td data-testid="activity-customer-cell" { (id) },
                }
            }
        };
        let rows = rows.read();
        html! {
            @for (details_shown, e) in rows.iter() {
                tr data-testid="activity-row" {
                    td { (i18n::date(e.date)) }
                    th scope="row" data-testid="activity-operation" { (i18n::operation(&e.event)) }
                    @if with_customer { (customer_cell(e.customer.as_ref().map(|c| c.as_ref()))) }
                    td { (i18n::actor(&e.actor)) }
                    td { @if *details_shown { (i18n::event(&e.event)) } @else { (t(Key::PartnerOnlyDetails)) } }
                }
            }
        }
        .into_string()
    };
    view! {
        <div class="table-scroll">
            <table class="grid" data-testid="activity-log">
                <thead><tr>
                    <th scope="col">{t(Key::Date)}</th>
                    <th scope="col">{t(Key::Operation)}</th>
                    {with_customer.then(|| view! { <th scope="col">{t(Key::Customer)}</th> })}
                    <th scope="col">{t(Key::By)}</th>
                    <th scope="col">{t(Key::Details)}</th>
                </tr></thead>
                <tbody inner_html=body></tbody>
            </table>
        </div>
    }
}
