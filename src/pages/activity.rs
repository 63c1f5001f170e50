//! The activity log: append-only, newest first.

use leptos::prelude::*;
use reservoir::app::queries::{activity, activity_details_shown};

use crate::i18n::{self, t, Key};
use crate::state::AppState;

/// Entries shown at most; the log itself keeps everything.
const SHOWN: usize = 200;

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <h1>{t(Key::ActivityLog)}</h1>
        <p class="muted">{t(Key::ActivityIntro)}</p>
        <ActivityTable customer=None />
    }
}

/// The log, all of it or one customer's.
#[component]
pub fn ActivityTable(customer: Option<String>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    // Each entry with whether its details may be read: a customer's user does not read the
    // partner's figures (prices, Microsoft's refunds, the limit).
    let rows = Memo::new(move |_| {
        app.session.with(|s| {
            activity(s, customer.get_value().as_deref(), SHOWN)
                .into_iter()
                .map(|e| (activity_details_shown(s, &e), e))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <table class="grid" data-testid="activity-log">
            <thead><tr>
                <th scope="col">{t(Key::Date)}</th>
                <th scope="col">{t(Key::Operation)}</th>
                <th scope="col">{t(Key::By)}</th>
                <th scope="col">{t(Key::Details)}</th>
            </tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(details_shown, e)| view! {
                    <tr data-testid="activity-row">
                        <td>{i18n::date(e.date)}</td>
                        <th scope="row" data-testid="activity-operation">{i18n::operation(&e.event)}</th>
                        <td>{i18n::actor(&e.actor)}</td>
                        <td>{if details_shown { i18n::event(&e.event) } else { t(Key::PartnerOnlyDetails).to_string() }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
