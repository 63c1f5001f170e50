//! The browser shell over the engine: it renders derived values, sends commands, and persists the
//! session in one effect. Every number comes from the `reservoir` crate; nothing here computes
//! money.
#![cfg(target_arch = "wasm32")]
// The size benchmark's floor build leaves the pages' helpers unused, on purpose.
#![cfg_attr(feature = "shell-only", allow(dead_code, unused_imports))]

mod components;
mod confirm;
mod header;
mod i18n;
mod pages;
mod route;
mod state;
mod storage;
mod stories;
mod update;

use leptos::prelude::*;
use reservoir::app::persistence::{self, InStorage, OtherTabDecision, SaveDecision};
use reservoir::app::session as stored;
use reservoir::app::session::Session;
use reservoir::domain::policy::{PackId, Policy};

use crate::i18n::{t, Key, Locale};
use crate::route::Route;
use crate::state::{AppState, StorageHealth};

/// Mounts the app on the page.
pub fn start() {
    i18n::set_locale(first_locale());
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

/// The language to open in: the one chosen before in this browser, or else the first of the
/// browser's preferred languages that Reservoir speaks, or else English.
fn first_locale() -> Locale {
    if let Some(chosen) = storage::load_locale().as_deref().and_then(Locale::of) {
        return chosen;
    }
    let preferred: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    Locale::preferred(preferred.iter().map(String::as_str))
}

/// `<html lang>` and the window's title follow the language, so screen readers, hyphenation and
/// the browser's own controls speak it too.
fn set_document_language(locale: Locale) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", locale.code());
    }
    document.set_title(t(Key::DocumentTitle));
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
    // `read_from`: the stored text the session was just read from, if it was (see the effect).
    let (session, revision, health, read_from) = match storage::load() {
        storage::Stored::Nothing => (fresh(), 0, StorageHealth::Saved, None),
        storage::Stored::Text(text) => match stored::read(&text) {
            Ok(stored) => (stored.session, stored.revision, StorageHealth::Saved, Some(text)),
            Err(error) => {
                // Every problem, not only the one that stopped the reader (see
                // `transfer::stored_problems`), each with its place.
                let mut problems = reservoir::formats::transfer::stored_problems(&text);
                if problems.is_empty() {
                    problems.push(error);
                }
                (fresh(), 0, StorageHealth::Unreadable { text, problems }, None)
            }
        },
        storage::Stored::Unavailable(detail) => {
            (fresh(), 0, StorageHealth::WriteFailed { quota: false, detail }, None)
        }
    };
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let app = AppState::new(session, Route::from_hash(&hash), health, revision, i18n::locale());
    provide_context(app);
    // The story being told outlives a change of language, which writes the page again.
    provide_context(stories::Stories::default());

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

    // The one effect that persists. On every change of the session it reads what is stored, asks
    // the engine what to do (`reservoir::app::persistence::on_change`: write the next revision, nothing
    // to write, hold while the person chooses, or a conflict), and does it. After loading and after
    // adopting another tab's save, the session may be exactly what is stored: `read_from` keeps
    // the text it was read from, to check that once (writing it again would echo between tabs
    // forever). The texts are compared, rather than the session written again to compare with:
    // with 20,000 reservations that write cost opening the app a quarter of a second.
    let read_from = StoredValue::new(read_from);
    Effect::new(move |_| {
        app.session.track();
        let health = app.storage.get_untracked();
        let revision = app.revision.get_untracked();
        // Just read (at start, or another tab's save adopted): the session is what is stored, and
        // a save by another tab since then comes as a `storage` event (below), which the engine
        // decides about. So storage is not read again to compare: copying a big book's text into
        // the module took 30 ms of opening, for an answer known already.
        let loaded = match read_from.get_value() {
            Some(text) => storage::Stored::Text(text),
            None => storage::load(),
        };
        let in_storage = match &loaded {
            storage::Stored::Nothing => InStorage::Nothing,
            storage::Stored::Text(text) => InStorage::of(Some(text)),
            storage::Stored::Unavailable(_) => InStorage::Unavailable,
        };
        let same_as_stored = in_storage == (InStorage::Save { revision })
            && read_from.with_value(
                |text| matches!((text, &loaded), (Some(text), storage::Stored::Text(now)) if text == now),
            );
        let decision = persistence::on_change(health.kind(), revision, in_storage, same_as_stored);
        if decision != SaveDecision::Hold {
            read_from.set_value(None);
        }
        let next = match decision {
            SaveDecision::Write { revision } => {
                let text = app.session.with_untracked(|s| stored::write(s, revision));
                match storage::save(&text) {
                    Ok(()) => {
                        app.revision.set(revision);
                        StorageHealth::Saved
                    }
                    Err(detail) => StorageHealth::WriteFailed { quota: detail == "quota", detail },
                }
            }
            SaveDecision::AlreadyStored => StorageHealth::Saved,
            SaveDecision::Hold => return,
            // The stored text is kept, as it is, for the person to choose about.
            SaveDecision::Conflict => {
                let storage::Stored::Text(theirs) = loaded else { return };
                StorageHealth::Conflict { theirs }
            }
            SaveDecision::Unavailable => {
                let storage::Stored::Unavailable(detail) = loaded else { return };
                StorageHealth::WriteFailed { quota: false, detail }
            }
        };
        if health != next {
            app.storage.set(next);
        }
    });

    // Another tab changed the stored session: the engine decides (`on_other_tab_save`) whether
    // this tab shows their save, shows both for the person to choose, or says it cannot read it.
    let _ = window_event_listener(leptos::ev::storage, move |event| {
        // Another tab chose a language: this one speaks it too.
        if event.key().as_deref() == Some(storage::LOCALE_KEY) {
            if let Some(locale) = event.new_value().as_deref().and_then(Locale::of) {
                if locale != app.locale.get_untracked() {
                    app.notice.set(None);
                    app.locale.set(locale);
                }
            }
            return;
        }
        if event.key().as_deref() != Some(storage::KEY) {
            return;
        }
        let theirs = event.new_value();
        let read = theirs.as_deref().map(stored::read);
        let kind = match &read {
            None => InStorage::Nothing,
            Some(Ok(stored)) => InStorage::Save { revision: stored.revision },
            Some(Err(_)) => InStorage::Unreadable,
        };
        let health = app.storage.get_untracked().kind();
        match (persistence::on_other_tab_save(health, app.revision.get_untracked(), kind), read, theirs) {
            (OtherTabDecision::Adopt, Some(Ok(stored)), theirs) => {
                read_from.set_value(theirs);
                app.adopt(stored);
                app.notice.set(Some(state::Notice {
                    text: t(Key::UpdatedFromOtherTab).into(),
                    is_error: false,
                    undoable: false,
                }));
            }
            (OtherTabDecision::Conflict, _, Some(theirs)) => {
                app.storage.set(StorageHealth::Conflict { theirs })
            }
            (OtherTabDecision::ReportUnreadable, Some(Err(error)), _) => {
                app.notice.set(Some(state::Notice {
                    text: format!(
                        "{} {}: {}",
                        t(Key::OtherTabUnreadable),
                        error.path,
                        i18n::input_error(&error)
                    ),
                    is_error: true,
                    undoable: false,
                }))
            }
            _ => {}
        }
    });

    // Every word on the page is written in the language of the moment: a change of language
    // writes the whole page again (its own what-if dates and half-typed forms start afresh, as on
    // a reload; the session is untouched).
    move || {
        let locale = app.locale.get();
        i18n::set_locale(locale);
        set_document_language(locale);
        pages(app).into_any()
    }
}

/// The header and the page the route names.
#[cfg(not(feature = "shell-only"))]
fn pages(app: AppState) -> impl IntoView {
    // A change of page moves the focus to the new page's heading, once it is drawn: a screen
    // reader says where the person now is, and Tab goes on from the page, not from the link left
    // behind. (Not at start, and not when the language changes: the menu keeps its focus then.)
    Effect::new(move |shown: Option<Route>| {
        let route = app.route.get();
        if shown.is_some_and(|shown| shown != route) {
            request_animation_frame(focus_page_heading);
        }
        route
    });
    view! {
        // The first stop of Tab: past the header's controls, to the page itself. A button, not a
        // `#main` link: the hash is the page's address here.
        <button class="skip-link" data-testid="skip-link" on:click=|_| focus_page_heading()>{t(Key::SkipToContent)}</button>
        <header::Header />
        <header::StorageBanner />
        <header::NoticeBar />
        <stories::StoryPanel />
        <update::UpdateReady />
        <main id="main" tabindex="-1">
            {move || match app.route.get() {
                Route::Customers => pages::customers::CustomersPage().into_any(),
                Route::Customer(id) => view! { <pages::customer::CustomerPage id=id /> }.into_any(),
                Route::Limit(id) => view! { <pages::limit::LimitPage id=id /> }.into_any(),
                Route::Planner(id) => view! { <pages::planner::PlannerPage id=id /> }.into_any(),
                Route::Reservation(id, r) => {
                    view! { <pages::reservation::ReservationPage customer=id reservation=r /> }.into_any()
                }
                Route::Estimate(id, r, units) => {
                    view! { <pages::estimate::EstimatePage customer=id reservation=r units=units /> }.into_any()
                }
                Route::ExchangeEstimate(id, r) => {
                    view! { <pages::estimate::ExchangeEstimatePage customer=id reservation=r /> }.into_any()
                }
                Route::Policy => pages::policy::PolicyPage().into_any(),
                Route::Activity => pages::activity::ActivityPage().into_any(),
                Route::Data => pages::data::DataPage().into_any(),
                Route::Training(code) => view! { <pages::training::TrainingPage code=code /> }.into_any(),
            }}
        </main>
    }
}

/// Focuses the page's heading (or the page itself, where it has none), made focusable by script
/// only (`tabindex="-1"`), so Tab does not stop on it.
#[cfg(not(feature = "shell-only"))]
fn focus_page_heading() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let target =
        document.query_selector("main h1").ok().flatten().or_else(|| document.get_element_by_id("main"));
    if let Some(element) = target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.set_attribute("tabindex", "-1");
        let _ = element.focus();
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
