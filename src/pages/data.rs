//! Import and export: the whole workspace or one customer as a scenario file (the format
//! `reservoir simulate` reads), and a file read back in — checked completely first, every problem
//! shown with its place in the file, added to what is here unless the person chooses to replace
//! it (and either can be undone).

use leptos::prelude::*;
use reservoir::app::queries::customers_overview;
use reservoir::domain::limits::MAX_INPUT_BYTES;
use reservoir::domain::partner::{ActionKind, Fact};
use reservoir::formats::transfer::{
    check_import, customer_scenario, export_scenario, ImportCheck, ImportMode,
};
use reservoir::simulation::scenario::{Replacement, Scenario};
use wasm_bindgen::JsCast;

use crate::components::{download, refused, sees};
use crate::confirm::ask;
use crate::i18n::{self, t, Key};
use crate::state::AppState;

/// What the person picked, once read.
#[derive(Clone, Debug, PartialEq)]
enum Picked {
    /// Nothing yet.
    Nothing,
    /// Refused before reading (too large).
    TooLarge { name: String, bytes: u64 },
    /// Read: its name and text.
    File { name: String, text: String },
}

/// A size in MB with one decimal, written as the language writes numbers, in integers: formatting
/// a float would pull Rust's float formatting into the bundle for this one number.
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    i18n::number(rust_decimal::Decimal::new(tenths as i64, 1))
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let picked = RwSignal::new(Picked::Nothing);
    let customer = RwSignal::new(String::new());
    // The customers the actor may see; an export holds the partner's prices, an import changes
    // the partner's workspace: a customer's user may do neither, and is told why.
    let customers = Memo::new(move |_| {
        app.session.with(|s| customers_overview(s).into_iter().map(|c| (c.id, c.name)).collect::<Vec<_>>())
    });
    let export_shown = sees(Fact::PartnerPrice);
    let import_refused = refused(ActionKind::ManageWorkspace);
    // Both ways of importing are checked as soon as a file is read, so the buttons can say which
    // ones would work.
    let checks = Memo::new(move |_| match picked.get() {
        Picked::File { text, .. } => app.session.with(|s| {
            Some((
                check_import(&text, s.scenario(), s.today, ImportMode::Add),
                check_import(&text, s.scenario(), s.today, ImportMode::Replace),
            ))
        }),
        _ => None,
    });
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        let name = file.name();
        // Checked before reading: a 50 MB file is refused without being loaded into the page.
        if file.size() > MAX_INPUT_BYTES as f64 {
            picked.set(Picked::TooLarge { name, bytes: file.size() as u64 });
            return;
        }
        leptos::task::spawn_local(async move {
            let text =
                wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            picked.set(match text {
                Some(text) => Picked::File { name, text },
                None => Picked::File { name, text: String::new() },
            });
        });
    };
    let apply = move |scenario: Scenario, why: Replacement| {
        let done = t(if why == Replacement::ImportAdded { Key::ImportAdded } else { Key::ImportReplaced });
        app.replace(scenario, why, done);
        picked.set(Picked::Nothing);
    };

    view! {
        <h1>{t(Key::ImportExport)}</h1>
        <p class="muted">{t(Key::ImportExportIntro)}</p>
        <div class="columns">
            <section class="card" data-testid="export">
                <h2>{t(Key::Export)}</h2>
                <p>
                    <button data-testid="export-workspace" disabled=move || !export_shown.get() on:click=move |_| {
                        let text = app.session.with_untracked(|s| export_scenario(s.scenario(), s.today));
                        download("reservoir-workspace.json", &text);
                    }>{t(Key::ExportWorkspace)}</button>
                </p>
                <div class="form-row">
                    <div class="field">
                        <label for="export-customer">{t(Key::Customer)}</label>
                        <select id="export-customer" data-testid="export-customer" on:change=move |ev| customer.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || customers.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name.to_string()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button data-testid="export-customer-button" disabled=move || !export_shown.get() || customer.with(String::is_empty) on:click=move |_| {
                        let id = customer.get_untracked();
                        let text = app.session.with_untracked(|s| export_scenario(&customer_scenario(s.scenario(), &id), s.today));
                        download(&format!("reservoir-{id}.json"), &text);
                    }>{t(Key::ExportCustomer)}</button>
                </div>
                <p class="why" data-testid="export-why">{move || (!export_shown.get()).then(|| i18n::partner_only(Fact::PartnerPrice))}</p>
                <p class="muted small">{t(Key::ExportHint)}</p>
            </section>
            <section class="card" data-testid="import">
                <h2>{t(Key::Import)}</h2>
                <div class="field">
                    <label for="import-file">{t(Key::ChooseFile)}</label>
                    <input id="import-file" type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
                </div>
                <div role="status" aria-live="polite" data-testid="import-result">
                    {move || match picked.get() {
                        Picked::Nothing => ().into_any(),
                        Picked::TooLarge { name, bytes } => view! {
                            <p class="error" data-testid="import-too-large">
                                {i18n::fill(Key::FileTooLarge, &[("name", &name), ("size", &megabytes(bytes)), ("max", &i18n::count((MAX_INPUT_BYTES / 1_048_576) as u64))])}
                            </p>
                        }.into_any(),
                        Picked::File { name, .. } => match checks.get() {
                            Some((add, replace)) => {
                                let problems = match &add {
                                    ImportCheck::Problems(p) => Some(p.clone()),
                                    ImportCheck::Ready { .. } => None,
                                };
                                view! {
                                    <p><strong>{name}</strong></p>
                                    {problems.map(|problems| {
                                        // A file that clashes only with what is here (its own
                                        // export, most often) can still replace it: say so
                                        // rather than "nothing was imported".
                                        let can_replace = matches!(replace, ImportCheck::Ready { .. });
                                        let heading = if can_replace { Key::ImportClashes } else { Key::ImportProblems };
                                        view! {
                                        <p class=if can_replace { "muted" } else { "error" } data-testid="import-problems-heading">{format!("{} {}", problems.len(), t(heading))}</p>
                                        <ul class="errors" data-testid="import-problems">
                                            {problems.into_iter().map(|p| view! {
                                                <li><code>{p.path.clone()}</code>{i18n::after_label()}{i18n::input_error(&p)}</li>
                                            }).collect_view()}
                                        </ul>
                                    }})}
                                    <div class="actions">
                                        {match add {
                                            ImportCheck::Ready { scenario, added, .. } => view! {
                                                <button class="primary" data-testid="import-add" disabled=move || import_refused.get().is_some() on:click=move |_| apply(scenario.clone(), Replacement::ImportAdded)>
                                                    {i18n::fill(Key::ImportAddActions, &[("added", &i18n::count(added as u64))])}
                                                </button>
                                            }.into_any(),
                                            ImportCheck::Problems(_) => ().into_any(),
                                        }}
                                        {match replace {
                                            ImportCheck::Ready { scenario, .. } => view! {
                                                <button class="danger" data-testid="import-replace" disabled=move || import_refused.get().is_some() on:click=move |_| {
                                                    let scenario = scenario.clone();
                                                    // Everything here would be put out of force: asked first.
                                                    ask(app, Replacement::ImportReplaced, move || apply(scenario.clone(), Replacement::ImportReplaced));
                                                }>
                                                    {t(Key::ImportReplace)}
                                                </button>
                                            }.into_any(),
                                            ImportCheck::Problems(_) => ().into_any(),
                                        }}
                                    </div>
                                }.into_any()
                            }
                            None => ().into_any(),
                        },
                    }}
                </div>
                <p class="why" data-testid="import-why">{move || import_refused.get()}</p>
                <p class="muted small">{t(Key::ImportHint)}</p>
            </section>
        </div>
        <crate::pages::azure_import::AzureImport />
    }
}
