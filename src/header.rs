//! The top of every page: navigation, the simulated today, who is acting, undo, reset, the demo;
//! then storage's health and the last action's message.

use leptos::prelude::*;
use reservoir::domain::partner::{sees, Actor, Fact, Role};
use reservoir::domain::policy::{PackId, Policy};
use reservoir::domain::values::Name;
use reservoir::formats::transfer::export_scenario;
use reservoir::simulation::demo::demo_scenario_in;
use reservoir::simulation::scenario::Replacement;

use crate::components::{download, parse_date_input};
use crate::confirm::{ask, ConfirmReplace};
use crate::i18n::{self, t, Key, Locale};
use crate::route::Route;
use crate::state::{AppState, Notice, StorageHealth};

/// The actor as the "acting as" select writes it.
fn actor_value(actor: &Actor) -> String {
    match actor {
        Actor::Partner { role } => format!("partner:{}", role.code()),
        Actor::Customer { customer, user } => format!("customer:{customer}:{user}"),
    }
}

fn actor_from_value(value: &str) -> Option<Actor> {
    let mut parts = value.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("partner"), Some(role), None) => {
            Role::ALL.into_iter().find(|r| r.code() == role).map(|role| Actor::Partner { role })
        }
        (Some("customer"), Some(customer), Some(user)) => {
            Some(Actor::Customer { customer: Name::parse(customer).ok()?, user: Name::parse(user).ok()? })
        }
        _ => None,
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let app = expect_context::<AppState>();
    let nav = move |route: Route, key: Key, testid: &'static str| {
        let target = route.clone();
        // A customer's pages belong to the customer list.
        let section = |r: &Route| match r {
            Route::Customer(_)
            | Route::Limit(_)
            | Route::Planner(_)
            | Route::Reservation(..)
            | Route::Estimate(..)
            | Route::ExchangeEstimate(..) => Route::Customers,
            Route::Training(_) => Route::Training(None),
            other => other.clone(),
        };
        let current = move || section(&app.route.get()) == section(&route);
        view! {
            <a href=target.hash() data-testid=testid aria-current=move || current().then_some("page")>{t(key)}</a>
        }
    };
    let next_undo = move || app.session.with(|s| s.next_undo());
    let customer_users = move || {
        app.session.with(|s| {
            s.workspace()
                .customers
                .iter()
                .flat_map(|c| c.users.iter().map(move |u| (c.id.clone(), c.name.clone(), u.name.clone())))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◆"</span>
                <span>"Reservoir"</span>
            </div>
            <nav aria-label=t(Key::MainNavigation)>
                {nav(Route::Customers, Key::Customers, "nav-customers")}
                {nav(Route::Policy, Key::Policy, "nav-policy")}
                {nav(Route::Activity, Key::ActivityLog, "nav-activity")}
                {nav(Route::Data, Key::ImportExport, "nav-data")}
                {nav(Route::Training(None), Key::Training, "nav-training")}
            </nav>
            <div class="controls">
                <label class="inline">
                    <span>{t(Key::TodaySimulated)}</span>
                    <input
                        type="date"
                        data-testid="today"
                        prop:value=move || app.today().to_string()
                        on:change=move |ev| {
                            match parse_date_input(&event_target_value(&ev)) {
                                Some(date) => {
                                    app.set_today(date);
                                    app.notice.set(Some(Notice {
                                        text: format!("{} {}", t(Key::TodayIsNow), i18n::date(date.get())),
                                        is_error: false,
                                        undoable: false,
                                    }));
                                }
                                None => app.notice.set(Some(Notice {
                                    text: t(Key::TodayInvalid).into(),
                                    is_error: true,
                                    undoable: false,
                                })),
                            }
                        }
                    />
                </label>
                <label class="inline">
                    <span>{t(Key::ActingAs)}</span>
                    <select
                        data-testid="acting-as"
                        prop:value=move || app.session.with(|s| actor_value(&s.actor))
                        on:change=move |ev| {
                            if let Some(actor) = actor_from_value(&event_target_value(&ev)) {
                                app.act_as(actor);
                            }
                        }
                    >
                        <optgroup label=t(Key::Partner)>
                            {Role::ALL
                                .into_iter()
                                .map(|role| {
                                    let value = actor_value(&Actor::Partner { role });
                                    view! { <option value=value>{i18n::role(role)}</option> }
                                })
                                .collect_view()}
                        </optgroup>
                        <optgroup label=t(Key::CustomerUsers)>
                            {move || {
                                customer_users()
                                    .into_iter()
                                    .map(|(customer, name, user)| {
                                        let value = actor_value(&Actor::Customer { customer, user: user.clone() });
                                        view! { <option value=value>{format!("{name}: {user}")}</option> }
                                    })
                                    .collect_view()
                            }}
                        </optgroup>
                    </select>
                </label>
                <label class="inline">
                    <span>{t(Key::Language)}</span>
                    <select
                        data-testid="locale"
                        on:change=move |ev| {
                            if let Some(locale) = Locale::of(&event_target_value(&ev)) {
                                app.set_locale(locale);
                                // The page is written again; the menu keeps the focus it had.
                                crate::components::focus_later("[data-testid=locale]");
                            }
                        }
                    >
                        {Locale::ALL
                            .into_iter()
                            .map(|locale| {
                                view! {
                                    <option value=locale.code() lang=locale.code() selected=locale == app.locale.get_untracked()>
                                        {locale.name()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                // Says what it would take back, in the activity log's words; the whole sentence is
                // its description.
                <button
                    data-testid="undo"
                    class="undo"
                    disabled=move || !app.session.with(|s| s.can_undo())
                    title=move || next_undo().map(|u| i18n::undo_detail(&u))
                    on:click=move |_| app.undo()
                >
                    {move || next_undo().map_or_else(|| t(Key::Undo).to_string(), |u| i18n::undo_label(&u))}
                </button>
                // Both put everything here out of force: asked first when there is anything to lose.
                <button
                    data-testid="load-demo"
                    on:click=move |_| {
                        ask(app, Replacement::Demo, move || {
                            let today = app.session.with_untracked(|s| s.today);
                            app.replace(demo_scenario_in(today, i18n::demo_note), Replacement::Demo, t(Key::DemoLoaded));
                            app.go(Route::Customers);
                        })
                    }
                >
                    {t(Key::LoadDemo)}
                </button>
                <crate::stories::StoryMenu />
                <button
                    data-testid="reset"
                    class="danger"
                    on:click=move |_| {
                        ask(app, Replacement::Reset, move || {
                            let policy = app.session.with_untracked(|s| s.workspace().policy.clone());
                            app.reset(policy);
                            app.notice.set(Some(Notice { text: t(Key::ScenarioReset).into(), is_error: false, undoable: true }));
                            app.go(Route::Customers);
                        })
                    }
                >
                    {t(Key::ResetScenario)}
                </button>
            </div>
        </header>
        // Outside the header, so that the header's dark-bar styles stay off it.
        <ConfirmReplace />
        <div class="policy-strip" data-testid="policy-in-force">
            {move || {
                app.session.with(|s| {
                    let p = &s.workspace().policy;
                    // What counts toward the limit is the partner's to know, like the limit.
                    let counting = if sees(&s.actor, Fact::RefundLimit) {
                        format!(" · {} {}", t(Key::CapCountsLabel), i18n::cap_counts(p.cap_counts))
                    } else {
                        String::new()
                    };
                    format!(
                        "{} {}{counting} · {}",
                        t(Key::PolicyInForce),
                        i18n::policy_name(p),
                        i18n::actor(&s.actor),
                    )
                })
            }}
        </div>
    }
}

/// Storage's health: the recovery view when stored data could not be read, a lasting warning
/// when a write failed.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let app = expect_context::<AppState>();
    move || {
        match app.storage.get() {
        StorageHealth::Saved => ().into_any(),
        StorageHealth::Scratch => view! {
            <section class="scratch" role="status" data-testid="scratch-banner">
                <strong>{t(Key::ScratchOpen)}</strong>
                " "
                <span>{t(Key::ScratchNothingStored)}</span>
                " "
                // The partner's workspace is what is stored: opening the app again reads it, as
                // any start does, and lands on the training page the example came from.
                <button data-testid="scratch-leave" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_hash(&Route::Training(None).hash());
                        let _ = window.location().reload();
                    }
                }>
                    {t(Key::ScratchLeave)}
                </button>
            </section>
        }
        .into_any(),
        StorageHealth::Unreadable { text, problems } => {
            let for_download = text.clone();
            view! {
                <section class="recovery" role="alert" data-testid="recovery">
                    <h2>{t(Key::RecoveryTitle)}</h2>
                    <p>{t(Key::RecoveryExplain)}</p>
                    <ul class="errors" data-testid="recovery-problems">
                        {problems.into_iter().map(|p| view! { <li><code data-testid="recovery-problem">{i18n::labelled(&p.path, &i18n::input_error(&p))}</code></li> }).collect_view()}
                    </ul>
                    <div class="actions">
                        <button data-testid="recovery-download" on:click=move |_| download("reservoir-unreadable-session.json", &for_download)>
                            {t(Key::DownloadStoredData)}
                        </button>
                        <button
                            class="danger"
                            data-testid="recovery-start-fresh"
                            on:click=move |_| {
                                // The unreadable data moves aside rather than vanishing, then off
                                // the session key: left there, the fresh session's saves met it as
                                // another tab's work and stopped, so nothing was saved again.
                                keep_aside("unreadable", "reservoir-unreadable-session.json", &text);
                                app.storage.set(match crate::storage::release(&text) {
                                    Ok(()) => StorageHealth::Saved,
                                    Err(detail) => StorageHealth::WriteFailed { quota: false, detail },
                                });
                                app.reset(Policy::pack(PackId::Azure2026));
                            }
                        >
                            {t(Key::StartFresh)}
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
        StorageHealth::Conflict { theirs } => {
            let (theirs_a, theirs_b) = (theirs.clone(), theirs.clone());
            view! {
                <section class="recovery" role="alert" data-testid="conflict">
                    <h2>{t(Key::ConflictTitle)}</h2>
                    <p>{t(Key::ConflictExplain)}</p>
                    <div class="actions">
                        <button data-testid="conflict-keep-theirs" on:click=move |_| {
                            // This tab's version is set aside, then the other tab's is shown. When
                            // theirs cannot be read (a newer version's), that is said and nothing
                            // changes: it used to set this tab's version aside and do nothing else.
                            match reservoir::app::session::read(&theirs_a) {
                                Ok(stored) => {
                                    keep_aside("this-tab", "reservoir-this-tab.json", &app.session.with_untracked(|s| reservoir::app::session::write(s, app.revision.get_untracked())));
                                    app.storage.set(StorageHealth::Saved);
                                    app.adopt(stored);
                                }
                                Err(error) => app.notice.set(Some(Notice {
                                    text: format!("{} {}: {}", t(Key::OtherTabUnreadable), error.path, i18n::input_error(&error)),
                                    is_error: true,
                                    undoable: false,
                                })),
                            }
                        }>{t(Key::UseOtherTab)}</button>
                        <button data-testid="conflict-keep-mine" on:click=move |_| {
                            // The other tab's version is set aside and taken off the session key,
                            // then this one is written, at a revision above both, so every tab
                            // reads it as the newest.
                            keep_aside("other-tab", "reservoir-other-tab.json", &theirs_b);
                            let theirs_revision = crate::storage::revision_in(&theirs_b).unwrap_or(0);
                            app.revision.set(theirs_revision.max(app.revision.get_untracked()));
                            app.storage.set(match crate::storage::release(&theirs_b) {
                                Ok(()) => StorageHealth::Saved,
                                Err(detail) => StorageHealth::WriteFailed { quota: false, detail },
                            });
                            app.save_again();
                        }>{t(Key::KeepThisTab)}</button>
                        <button on:click=move |_| download("reservoir-other-tab.json", &theirs)>{t(Key::DownloadOtherTab)}</button>
                    </div>
                </section>
            }
            .into_any()
        }
        StorageHealth::WriteFailed { quota, detail } => view! {
            <section class="warning" role="alert" data-testid="storage-warning">
                <strong>{t(if quota { Key::StorageFull } else { Key::StorageFailed })}</strong>
                " "
                <span>{t(Key::StorageKeptInMemory)}</span>
                " "
                // The workspace as a scenario file, the format Import reads back (and `reservoir
                // simulate` replays). It used to be the stored session (`reservoir.session/2`),
                // which Import refuses: the file the person was told to keep could not be restored.
                <button data-testid="storage-warning-download" on:click=move |_| download("reservoir-workspace.json", &app.session.with_untracked(|s| export_scenario(s.scenario(), s.today)))>
                    {t(Key::ExportSession)}
                </button>
                <small class="muted">{detail}</small>
            </section>
        }
        .into_any(),
    }
    }
}

/// Sets `text` aside in storage (see [`crate::storage::set_aside`]); when storage cannot hold it
/// (full, which is often why there is a conflict at all), downloads it as `file_name` instead.
/// Before, a failed set-aside was ignored and the choice went ahead: with a full storage, "Use
/// the other tab's version" threw this tab's work away, and "Start fresh" the unreadable data.
fn keep_aside(key_suffix: &str, file_name: &str, text: &str) {
    if !crate::storage::set_aside(key_suffix, text) {
        download(file_name, text);
    }
}

/// The last action's message: a live region, so results and recalculated totals are announced.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let app = expect_context::<AppState>();
    view! {
        <div class="notice-area" role="status" aria-live="polite" data-testid="notice">
            {move || {
                app.notice.get().map(|n| {
                    view! {
                        <div class=if n.is_error { "notice error" } else { "notice ok" }>
                            <span data-testid=if n.is_error { "notice-error" } else { "notice-ok" }>{n.text}</span>
                            {n.undoable.then(|| view! {
                                <button class="link" data-testid="notice-undo" on:click=move |_| app.undo()>{t(Key::Undo)}</button>
                            })}
                            <button class="link" aria-label=t(Key::Dismiss) on:click=move |_| app.notice.set(None)>"×"</button>
                        </div>
                    }
                })
            }}
        </div>
    }
}
