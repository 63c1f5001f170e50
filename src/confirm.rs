//! The question asked before a whole workspace is put out of force (Load demo data, Reset
//! scenario, an import that replaces everything): it names what would be lost, in the engine's
//! counts, and whether Undo could bring it back. A modal `<dialog>`, so focus stays inside and
//! Escape closes it; Escape and Cancel leave everything as it was.

use std::sync::Arc;

use leptos::prelude::*;
use reservoir::app::queries::workspace_size;
use reservoir::simulation::scenario::Replacement;

use crate::i18n::{self, t, Key};
use crate::state::AppState;

/// An action waiting for the person's answer.
#[derive(Clone)]
pub struct Pending {
    /// What it would do.
    replaced: Replacement,
    /// Does it.
    then: Arc<dyn Fn() + Send + Sync>,
}

/// Does `then` at once when there is nothing to lose (no action recorded); else asks first, in the
/// app's one [`ConfirmReplace`].
pub fn ask(app: AppState, replaced: Replacement, then: impl Fn() + Send + Sync + 'static) {
    if app.session.with_untracked(|s| workspace_size(s).is_empty()) {
        then();
    } else {
        app.confirming.set(Some(Pending { replaced, then: Arc::new(then) }));
    }
}

/// The dialog: open while an action waits for the answer (`AppState::confirming`). The app has one,
/// under the header, for every page.
#[component]
pub fn ConfirmReplace() -> impl IntoView {
    let app = expect_context::<AppState>();
    let pending = app.confirming;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let asking = pending.with(Option::is_some);
        let Some(dialog) = dialog.get() else { return };
        if asking && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !asking && dialog.open() {
            dialog.close();
        }
    });
    let go_ahead = move |_| {
        if let Some(asked) = pending.get_untracked() {
            pending.set(None);
            (asked.then)();
        }
    };
    view! {
        // Closed by Escape too: the dialog's own close event forgets the action.
        <dialog
            node_ref=dialog
            class="confirm"
            data-testid="confirm"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-question"
            on:close=move |_| pending.set(None)
        >
            {move || {
                pending.get().map(|asked| {
                    let (question, undoable) = app.session.with(|s| {
                        (i18n::confirm_question(asked.replaced, workspace_size(s)), s.replace_is_undoable())
                    });
                    view! {
                        <h2 id="confirm-title">{i18n::replacement(asked.replaced)}</h2>
                        <p id="confirm-question" data-testid="confirm-question">{question}</p>
                        <p class="muted" data-testid="confirm-undo-note">
                            {t(if undoable { Key::ConfirmCanUndo } else { Key::ConfirmCannotUndo })}
                        </p>
                        <div class="actions">
                            // The safe answer has the focus, so Enter alone loses nothing.
                            <button data-testid="confirm-cancel" autofocus on:click=move |_| pending.set(None)>
                                {t(Key::Cancel)}
                            </button>
                            <button class="danger" data-testid="confirm-replace" on:click=go_ahead>
                                {i18n::confirm_button(asked.replaced)}
                            </button>
                        </div>
                    }
                })
            }}
        </dialog>
    }
}
