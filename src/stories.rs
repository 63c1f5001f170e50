//! Guided demo stories: the menu that loads one (`demo-stories`, in the header) and the side panel
//! that tells it step by step (`story-panel`). The stories themselves — scenario, pages, figures —
//! are the engine's (`reservoir::app::stories`); here a step becomes a route, and its element gets
//! an outline.
//!
//! Which story and which step are held in memory only, outside the page that a change of language
//! writes again: a reload closes the panel. A story's figures were computed on the day it was
//! loaded, from its own scenario; after a reload the workspace may be something else (the presenter
//! acted, or undid), and a panel reopened then would tell figures no page shows.

use leptos::prelude::*;
use reservoir::app::stories::{tell, StoryId, StoryPage, StoryStep};
use reservoir::domain::partner::Actor;
use reservoir::simulation::command::DatedCommand;
use reservoir::simulation::scenario::Replacement;
use wasm_bindgen::JsCast;

use crate::confirm::ask;
use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::AppState;

/// The class that outlines a step's element (`style/main.css`).
const HIGHLIGHT: &str = "story-highlight";

/// The story being told: its steps, and the one shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Telling {
    id: StoryId,
    steps: Vec<StoryStep>,
    at: usize,
    /// The commands the story put in force: while the session's scenario starts with them, the
    /// story still holds (the presenter may act on top of it).
    commands: Vec<DatedCommand>,
}

/// The story being told, if any: shared by the menu and the panel, kept across a change of
/// language (it is made before the page is written).
#[derive(Clone, Copy)]
pub struct Stories(RwSignal<Option<Telling>>);

impl Default for Stories {
    /// No story told.
    fn default() -> Stories {
        Stories(RwSignal::new(None))
    }
}

/// The page a step shows.
fn route_of(page: &StoryPage) -> Route {
    match page {
        StoryPage::Customer { customer } => Route::Customer(customer.to_string()),
        StoryPage::Limit { customer } => Route::Limit(customer.to_string()),
        StoryPage::Reservation { customer, reservation } => {
            Route::Reservation(customer.to_string(), reservation.to_string())
        }
        StoryPage::Policy => Route::Policy,
        StoryPage::Activity => Route::Activity,
    }
}

/// Loads a story in place of the workspace, as Load demo data does (one undoable step, asked
/// first when there is anything to lose), and opens its panel at the first step.
fn load(app: AppState, stories: Stories, id: StoryId) {
    let today = app.session.with_untracked(|s| s.today);
    let story = tell(id, today, i18n::demo_note);
    // A story is told from the partner's side: its steps show the partner's panels.
    if matches!(app.session.with_untracked(|s| s.actor.clone()), Actor::Customer { .. }) {
        app.act_as(Actor::admin_agent());
    }
    let loaded = i18n::fill(Key::StoryLoaded, &[("story", &i18n::story_title(id))]);
    let commands = story.scenario.commands.clone();
    app.replace(story.scenario, Replacement::Demo, &loaded);
    stories.0.set(Some(Telling { id, steps: story.steps, at: 0, commands }));
}

/// The header's menu of stories.
#[component]
pub fn StoryMenu() -> impl IntoView {
    let app = expect_context::<AppState>();
    let stories = expect_context::<Stories>();
    view! {
        <label class="inline">
            <span class="sr-only">{t(Key::DemoStories)}</span>
            <select
                data-testid="demo-stories"
                aria-label=t(Key::DemoStories)
                on:change=move |ev| {
                    let chosen = StoryId::of(&event_target_value(&ev));
                    // The menu is a list of actions: it shows its prompt again once one is chosen.
                    if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                        select.set_value("");
                    }
                    if let Some(id) = chosen {
                        ask(app, Replacement::Demo, move || load(app, stories, id));
                    }
                }
            >
                <option value="" selected>{t(Key::ChooseStory)}</option>
                {StoryId::ALL
                    .into_iter()
                    .map(|id| view! { <option value=id.code()>{i18n::story_title(id)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Takes every outline off.
fn clear_highlight() {
    let Some(document) = document() else { return };
    while let Ok(Some(element)) = document.query_selector(&format!(".{HIGHLIGHT}")) {
        let _ = element.class_list().remove_1(HIGHLIGHT);
    }
}

/// Outlines the element `testid` names once its page is drawn, and brings it into view. The page
/// is drawn after the route changes, so this looks again for a few frames; an element that never
/// comes (a panel the page does not show) leaves the step with its words alone.
fn highlight(testid: &'static str, frames_left: u32) {
    request_animation_frame(move || {
        let Some(document) = document() else { return };
        match document.query_selector(&format!("[data-testid=\"{testid}\"]")) {
            Ok(Some(element)) => {
                clear_highlight();
                let _ = element.class_list().add_1(HIGHLIGHT);
                // Centred when it fits in the window; a taller one from its top, where it starts.
                let window_height = web_sys::window()
                    .and_then(|w| w.inner_height().ok())
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                let fits = element.get_bounding_client_rect().height() < window_height * 0.6;
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(if fits {
                    web_sys::ScrollLogicalPosition::Center
                } else {
                    web_sys::ScrollLogicalPosition::Start
                });
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
            _ if frames_left > 0 => highlight(testid, frames_left - 1),
            _ => clear_highlight(),
        }
    });
}

/// Whether the page leaves room for the panel (`style/main.css`).
fn set_room(open: bool) {
    if let Some(body) = document().and_then(|d| d.body()) {
        let _ = body.class_list().toggle_with_force("story-open", open);
    }
}

/// The side panel: the story's title, the step's words, Back and Next, and a close button.
#[component]
pub fn StoryPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let stories = expect_context::<Stories>();
    let step = Memo::new(move |_| {
        stories.0.with(|s| s.as_ref().map(|s| (s.at, s.steps[s.at].page.clone(), s.steps[s.at].highlight)))
    });
    // Undone, reset, or replaced by the demo or an import: the story's pages and figures are
    // gone, and so is its panel.
    Effect::new(move |_| {
        let holds = app.session.with(|s| {
            stories.0.with_untracked(|t| t.as_ref().map(|t| s.scenario().commands.starts_with(&t.commands)))
        });
        if holds == Some(false) {
            stories.0.set(None);
        }
    });
    // Each step shown (and the panel written again in another language): its page, its element.
    Effect::new(move |_| match step.get() {
        Some((_, page, testid)) => {
            set_room(true);
            let route = route_of(&page);
            if app.route.get_untracked() != route {
                app.go(route);
            }
            highlight(testid, 30);
        }
        None => {
            set_room(false);
            clear_highlight();
        }
    });
    let move_by = move |forward: bool| {
        stories.0.update(|s| {
            if let Some(s) = s {
                s.at = if forward { (s.at + 1).min(s.steps.len() - 1) } else { s.at.saturating_sub(1) };
            }
        })
    };
    move || {
        stories.0.get().map(|telling| {
            let last = telling.at + 1 == telling.steps.len();
            let line = i18n::story_line(&telling.steps[telling.at].line);
            let counter = i18n::fill(
                Key::StoryStepOf,
                &[("step", &i18n::count(telling.at as u64 + 1)), ("steps", &i18n::count(telling.steps.len() as u64))],
            );
            view! {
                <aside class="story-panel" data-testid="story-panel" data-story=telling.id.code() aria-labelledby="story-title">
                    <div class="story-head">
                        <h2 id="story-title" data-testid="story-title">{i18n::story_title(telling.id)}</h2>
                        <button class="link" data-testid="story-close" aria-label=t(Key::StoryClose) title=t(Key::StoryClose)
                            on:click=move |_| stories.0.set(None)>"×"</button>
                    </div>
                    <p class="muted small" data-testid="story-step">{counter}</p>
                    <p data-testid="story-text" aria-live="polite">{line}</p>
                    <div class="actions">
                        <button data-testid="story-back" disabled=telling.at == 0 on:click=move |_| move_by(false)>
                            {t(Key::StoryBack)}
                        </button>
                        <button class="primary" data-testid="story-next" disabled=last on:click=move |_| move_by(true)>
                            {t(Key::Next)}
                        </button>
                    </div>
                </aside>
            }
        })
    }
}
