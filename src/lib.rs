//! The browser shell over the engine: it renders derived values, sends commands, and persists the
//! session in one effect. Every number comes from the `reservoir` crate; nothing here computes
//! money.
#![cfg(target_arch = "wasm32")]
// The size benchmark's floor build leaves the pages' helpers unused, on purpose.
#![cfg_attr(feature = "shell-only", allow(dead_code, unused_imports))]

mod components;
mod header;
mod i18n;
mod pages;
mod route;
mod state;
mod storage;

use leptos::prelude::*;
use reservoir::app::session as stored;
use reservoir::app::session::Session;
use reservoir::domain::policy::{PackId, Policy};

use crate::i18n::{t, Key};
use crate::route::Route;
use crate::state::{AppState, StorageHealth};

/// Mounts the app on the page.
pub fn start() {
    install_panic_message();
    leptos::mount::mount_to_body(App);
}

/// A panic must never leave a frozen page: besides the console report, it puts a plain message on
/// the page that says the data is safe and what to do.
fn install_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) {
            banner.set_id("panic-message");
            let _ = banner.set_attribute("role", "alert");
            let _ = banner.set_attribute("data-testid", "panic-message");
            banner.set_text_content(Some(t(Key::PanicMessage)));
            let _ = body.prepend_with_node_1(&banner);
        }
    }));
}

/// The real date, from the browser's clock: the simulated today starts there. A clock set outside
/// the years Reservoir handles starts at the nearest one it does.
fn real_today() -> reservoir::domain::values::Date {
    use reservoir::domain::values::Date;
    let now = chrono::Utc::now().date_naive();
    Date::new(now).unwrap_or_else(|_| {
        let edge = if chrono::Datelike::year(&now) < 2000 { "2000-01-01" } else { "2100-12-31" };
        Date::parse(edge).expect("the edges of the calendar are dates")
    })
}

#[component]
fn App() -> impl IntoView {
    let fresh = || Session::new(real_today(), Policy::pack(PackId::Azure2026));
    let (session, revision, health) = match storage::load() {
        storage::Stored::Nothing => (fresh(), 0, StorageHealth::Saved),
        storage::Stored::Text(text) => match stored::read(&text) {
            Ok(stored) => (stored.session, stored.revision, StorageHealth::Saved),
            Err(error) => (
                fresh(),
                0,
                StorageHealth::Unreadable {
                    text,
                    problem: format!("{}: {}", error.path, i18n::input_error(&error)),
                },
            ),
        },
        storage::Stored::Unavailable(detail) => {
            (fresh(), 0, StorageHealth::WriteFailed { quota: false, detail })
        }
    };
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let app = AppState {
        session: RwSignal::new(session),
        route: RwSignal::new(Route::from_hash(&hash)),
        notice: RwSignal::new(None),
        storage: RwSignal::new(health),
        what_if: RwSignal::new(None),
        revision: RwSignal::new(revision),
    };
    provide_context(app);

    // The back button and typed URLs move between pages too.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let route = Route::from_hash(&hash);
        // A message belongs to the page it was said on. But `AppState::go` shows its page before
        // it sets the hash, so its own hashchange finds that page already shown: the message the
        // action just gave stays (Load demo's and Reset's, with their Undo). Clearing it here
        // unconditionally made those two messages vanish as soon as they appeared.
        if app.route.get_untracked() != route {
            app.route.set(route);
            app.notice.set(None);
        }
    });

    // The one effect that persists. Every change of the session is written with the next
    // revision, unless storage is in a state the person must decide about first (unreadable data,
    // a conflict). Before writing, it checks that no other tab saved since this one last wrote or
    // read: if one did, this tab's change and theirs are both kept and the person chooses.
    // After loading and after adopting another tab's save, the session may be exactly what is
    // stored: then there is nothing to write (and writing would echo between tabs forever).
    let compare_first = StoredValue::new(true);
    Effect::new(move |_| {
        app.session.track();
        if matches!(
            app.storage.get_untracked(),
            StorageHealth::Unreadable { .. } | StorageHealth::Conflict { .. }
        ) {
            return;
        }
        let revision = app.revision.get_untracked();
        let stored_text = match storage::load() {
            storage::Stored::Text(text) => Some(text),
            _ => None,
        };
        if compare_first.get_value() {
            compare_first.set_value(false);
            let unchanged = app.session.with_untracked(|s| stored::write(s, revision));
            if stored_text.as_deref() == Some(unchanged.as_str()) {
                return;
            }
        }
        if let Some(theirs) = stored_text.filter(|t| storage::revision_in(t).is_some_and(|r| r > revision)) {
            app.storage.set(StorageHealth::Conflict { theirs });
            return;
        }
        let text = app.session.with_untracked(|s| stored::write(s, revision + 1));
        let health = match storage::save(&text) {
            Ok(()) => {
                app.revision.set(revision + 1);
                StorageHealth::Saved
            }
            Err(detail) => StorageHealth::WriteFailed { quota: detail == "quota", detail },
        };
        if app.storage.get_untracked() != health {
            app.storage.set(health);
        }
    });

    // Another tab saved: show its work here too, when this tab has nothing unsaved. With unsaved
    // work here (a failed write), the two are a conflict for the person to resolve.
    let _ = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(storage::KEY) {
            return;
        }
        let Some(theirs) = event.new_value() else { return };
        match app.storage.get_untracked() {
            StorageHealth::Saved => match stored::read(&theirs) {
                // localStorage cannot check-and-write in one step: two tabs that saved within the
                // same moment both wrote the revision after the one they knew. A save not above
                // this tab's own is such a race, and both versions go to the person.
                Ok(stored) if stored.revision <= app.revision.get_untracked() => {
                    app.storage.set(StorageHealth::Conflict { theirs });
                }
                Ok(stored) => {
                    compare_first.set_value(true);
                    app.revision.set(stored.revision);
                    app.session.set(stored.session);
                    app.notice.set(Some(state::Notice {
                        text: t(Key::UpdatedFromOtherTab).into(),
                        is_error: false,
                        undoable: false,
                    }));
                }
                Err(error) => app.notice.set(Some(state::Notice {
                    text: format!(
                        "{} {}: {}",
                        t(Key::OtherTabUnreadable),
                        error.path,
                        i18n::input_error(&error)
                    ),
                    is_error: true,
                    undoable: false,
                })),
            },
            StorageHealth::WriteFailed { .. } => app.storage.set(StorageHealth::Conflict { theirs }),
            StorageHealth::Unreadable { .. } | StorageHealth::Conflict { .. } => {}
        }
    });

    pages(app)
}

/// The header and the page the route names.
#[cfg(not(feature = "shell-only"))]
fn pages(app: AppState) -> impl IntoView {
    view! {
        <header::Header />
        <header::StorageBanner />
        <header::NoticeBar />
        <main id="main" tabindex="-1">
            {move || match app.route.get() {
                Route::Customers => pages::customers::CustomersPage().into_any(),
                Route::Customer(id) => view! { <pages::customer::CustomerPage id=id /> }.into_any(),
                Route::Limit(id) => view! { <pages::limit::LimitPage id=id /> }.into_any(),
                Route::Reservation(id, r) => {
                    view! { <pages::reservation::ReservationPage customer=id reservation=r /> }.into_any()
                }
                Route::Policy => pages::policy::PolicyPage().into_any(),
                Route::Activity => pages::activity::ActivityPage().into_any(),
                Route::Data => pages::data::DataPage().into_any(),
            }}
        </main>
    }
}

/// The size benchmark's floor (`tests/bench/app.mjs`): the same app with no header and no page,
/// so what is left is what any interface over the engine carries — loading and replaying the
/// stored session, saving it, following other tabs — and the budget's remainder is what the
/// pages may weigh. Never built for users.
#[cfg(feature = "shell-only")]
fn pages(app: AppState) -> impl IntoView {
    view! { <main id="main">{move || app.session.with(|s| s.workspace().customers.len())}</main> }
}
