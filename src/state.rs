//! The shell's state: one `Session` (the engine's, pure), where the person is, and what the last
//! action said. A what-if date is not here: each page holds its own, starting at today, so a date
//! picked on one page never changes the figures of another. Components read derived values from it and send commands through
//! [`AppState::dispatch`]; nothing else changes the session.

use chrono::NaiveDate;
use leptos::prelude::*;
use reservoir::app::persistence::Health;
use reservoir::app::queries::workspace_size;
use reservoir::app::session::{Session, Stored};
use reservoir::domain::partner::Actor;
use reservoir::domain::policy::Policy;
use reservoir::domain::values::Date;
use reservoir::formats::input::InputError;
use reservoir::simulation::command::Command;
use reservoir::simulation::scenario::{Replacement, Scenario};

use crate::i18n::{t, Key, Locale};
use crate::route::Route;

/// What the last action said, shown in the live region at the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// True for a refusal or a failure (announced as an alert).
    pub is_error: bool,
    /// Whether to offer Undo next to it.
    pub undoable: bool,
}

/// How browser storage is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageHealth {
    /// Every change is saved.
    Saved,
    /// The stored data could not be read: it is kept untouched and nothing is written until the
    /// person chooses to start fresh (which sets it aside, then takes it off the session key).
    /// Holds the stored text and what was wrong with it (as data, written in the language the page
    /// speaks when it is shown).
    Unreadable { text: String, problems: Vec<InputError> },
    /// The last write failed (storage full, or unavailable): the state is kept in memory.
    WriteFailed { quota: bool, detail: String },
    /// Another tab saved while this one had changes of its own: nothing is written until the
    /// person chooses. Holds the other tab's stored text.
    Conflict { theirs: String },
    /// A lesson's worked example is open as a workspace of its own: nothing is written, and the
    /// partner's stored session is what leaving it opens again.
    Scratch,
}

impl StorageHealth {
    /// What the engine decides on (`reservoir::persistence`): the health without its texts.
    pub fn kind(&self) -> Health {
        match self {
            StorageHealth::Saved => Health::Saved,
            StorageHealth::Unreadable { .. } => Health::Unreadable,
            StorageHealth::WriteFailed { .. } => Health::WriteFailed,
            StorageHealth::Conflict { .. } => Health::Conflict,
            StorageHealth::Scratch => Health::Scratch,
        }
    }
}

/// Everything the components share, cheap to copy.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The engine's session, to read: the single source of truth. Only the methods of `AppState`
    /// change it (its writing half is private), so every change passes through this file.
    pub session: ReadSignal<Session>,
    write: WriteSignal<Session>,
    /// The page shown.
    pub route: RwSignal<Route>,
    /// The last action's message.
    pub notice: RwSignal<Option<Notice>>,
    /// Storage's health.
    pub storage: RwSignal<StorageHealth>,
    /// The save revision this tab last wrote or read (see `reservoir::formats::stored`).
    pub revision: RwSignal<u64>,
    /// The replacement of the whole workspace waiting for the person's answer (`confirm.rs`).
    pub confirming: RwSignal<Option<crate::confirm::Pending>>,
    /// The language the app speaks; every page is written again when it changes (`lib.rs`).
    pub locale: RwSignal<Locale>,
    /// The exchange basket whose estimate is to be printed (`pages::estimate`): the returns and
    /// purchases as the exchange panel read them. Held for this visit only, like a half-typed form.
    pub exchange_to_print: RwSignal<Option<ExchangeToPrint>>,
}

/// An exchange basket to print: the command the exchange panel would dispatch, not dispatched.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeToPrint {
    /// The customer.
    pub customer: String,
    /// The reservation whose page the basket was made on.
    pub reservation: String,
    /// What is returned.
    pub returns: Vec<reservoir::simulation::command::ReturnLine>,
    /// What is bought.
    pub purchases: Vec<reservoir::domain::exchange::Purchase>,
}

impl AppState {
    /// The state of a page just opened on `session` (as loaded, at `revision`).
    pub fn new(
        session: Session,
        route: Route,
        health: StorageHealth,
        revision: u64,
        locale: Locale,
    ) -> AppState {
        let (session, write) = signal(session);
        AppState {
            session,
            write,
            route: RwSignal::new(route),
            notice: RwSignal::new(None),
            storage: RwSignal::new(health),
            revision: RwSignal::new(revision),
            confirming: RwSignal::new(None),
            locale: RwSignal::new(locale),
            exchange_to_print: RwSignal::new(None),
        }
    }

    /// Speaks `locale` from now on, and keeps the choice in browser storage beside the session (so
    /// Undo does not undo it). The last message goes: it was said in the other language.
    pub fn set_locale(&self, locale: Locale) {
        crate::storage::save_locale(locale.code());
        self.notice.set(None);
        self.locale.set(locale);
    }

    /// Moves the simulated today (not undoable: it is where the person stands, not an action).
    pub fn set_today(&self, today: Date) {
        self.write.update(|s| s.today = today);
    }

    /// Acts as someone else from now on.
    pub fn act_as(&self, actor: Actor) {
        self.write.update(|s| s.actor = actor);
    }

    /// Starts again from nothing under `policy`; undoable.
    pub fn reset(&self, policy: Policy) {
        self.write.update(|s| s.reset(policy));
    }

    /// Puts another tab's save in place of this tab's session (adopted, or chosen in a conflict).
    pub fn adopt(&self, stored: Stored) {
        self.revision.set(stored.revision);
        self.write.set(stored.session);
    }

    /// Opens `session` (a lesson's worked example) in place of the partner's workspace, which
    /// stays stored as it is: in `Scratch` health the persisting effect writes nothing.
    pub fn open_scratch(&self, session: Session, route: Route) {
        self.storage.set(StorageHealth::Scratch);
        self.write.set(session);
        self.notice.set(None);
        self.go(route);
    }

    /// Saves this tab's session again as it is (after a conflict was settled in its favour): the
    /// persisting effect runs on any change of the session.
    pub fn save_again(&self) {
        self.write.update(|_| {});
    }

    /// Sends a command, dated today and acted by the current actor. The notice says what happened
    /// (the refusal, with its reasons, when refused). Returns true when applied.
    pub fn dispatch(&self, command: Command) -> bool {
        let undoable = !matches!(command, Command::SetRate { .. });
        let result =
            self.write.try_update(|s| s.dispatch(command).map(|entry| crate::i18n::event(&entry.event)));
        match result {
            Some(Ok(details)) => {
                self.notice.set(Some(Notice { text: details, is_error: false, undoable }));
                true
            }
            Some(Err(rejection)) => {
                self.notice.set(Some(Notice {
                    text: format!("{} {}", t(Key::Refused), crate::i18n::rejection(&rejection)),
                    is_error: true,
                    undoable: false,
                }));
                false
            }
            None => false,
        }
    }

    /// Puts a whole scenario in force (the demo, an import: `why`), undoably.
    pub fn replace(&self, scenario: Scenario, why: Replacement, done: &str) {
        let result = self.write.try_update(|s| s.replace(scenario, why));
        match result {
            Some(Ok(())) => {
                self.notice.set(Some(Notice { text: done.to_string(), is_error: false, undoable: true }))
            }
            Some(Err((index, rejection))) => self.notice.set(Some(Notice {
                text: format!("{} #{index}: {}", t(Key::Refused), crate::i18n::rejection(&rejection)),
                is_error: true,
                undoable: false,
            })),
            None => {}
        }
    }

    /// Undoes the last action; the notice says which it was (and, for a whole scenario, what is
    /// back).
    pub fn undo(&self) {
        let undone = self.write.try_update(|s| s.undo().map(|u| (u, workspace_size(s)))).flatten();
        self.notice.set(Some(Notice {
            text: match undone {
                Some((undone, now)) => crate::i18n::undone(&undone, now),
                None => t(Key::NothingToUndo).to_string(),
            },
            is_error: false,
            undoable: false,
        }));
    }

    /// Goes to a page, keeping the message of the action that led there: the page is shown first,
    /// so the hashchange that follows finds it already shown (see the listener in `lib.rs`).
    pub fn go(&self, route: Route) {
        let hash = route.hash();
        self.route.set(route);
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&hash);
        }
    }

    /// The simulated today.
    pub fn today(&self) -> NaiveDate {
        self.session.with(|s| s.today.get())
    }
}
