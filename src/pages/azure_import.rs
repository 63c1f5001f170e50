//! Import from Azure: a customer's reservations read from Azure's own exports (any mix of
//! reservations lists, orders, transactions and a price sheet), shown in full before anything
//! changes; confirmed, the engine's plan is added to the scenario as one undoable step, the way
//! an added scenario file is.

use std::collections::BTreeMap;

use leptos::prelude::*;
use reservoir::domain::limits::MAX_IMPORT_FILE_BYTES;
use reservoir::domain::money::Currency;
use reservoir::domain::partner::ActionKind;
use reservoir::domain::values::{Amount, Name};
use reservoir::formats::azure::book::{AzureBook, AzureError, AzureFile, ImportPlan, PlanError};
use reservoir::formats::input::{InputError, Problem};
use reservoir::simulation::scenario::Replacement;
use wasm_bindgen::JsCast;

use crate::components::{parse_amount_input, parse_money_input, refused};
use crate::i18n::{self, t, Key};
use crate::state::{AppState, Notice};

/// The files chosen, once read: each one's name and text.
type Files = Vec<(String, String)>;

#[component]
pub fn AzureImport() -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let files = RwSignal::new(Files::new());
    // A chosen file over the size limit: refused by its size, before a byte of it is read.
    let too_big = RwSignal::new(None::<AzureError>);
    // Prices the partner typed, by the position of the group of unpriced reservations they price
    // (`AzureBook::unpriced_groups` of the book as read).
    let typed = RwSignal::new(BTreeMap::<usize, String>::new());
    let rate = RwSignal::new(String::new());
    let import_refused = refused(ActionKind::ManageWorkspace);

    let customer_id = Memo::new(move |_| Name::parse(&customer.get()).ok());
    // A customer the workspace has is billed in its own currency; else the one chosen, else the
    // files'.
    let billing = Memo::new(move |_| {
        let own = customer_id
            .get()
            .and_then(|id| app.session.with(|s| s.workspace().customer(&id).map(|c| c.currency)));
        own.or_else(|| Currency::from_code(&currency.get()))
    });
    let read = Memo::new(move |_| {
        if let Some(error) = too_big.get() {
            return Some(Err(error));
        }
        files.with(|files| {
            if files.is_empty() {
                return None;
            }
            let azure: Vec<AzureFile> = files.iter().map(|(name, text)| AzureFile { name, text }).collect();
            let today = app.session.with(|s| s.today);
            Some(AzureBook::read(&azure, today, billing.get()))
        })
    });
    // The book with the prices typed so far; a price that cannot be read is left out (and said
    // beside its field).
    let book = Memo::new(move |_| {
        let mut book = match read.get() {
            Some(Ok(book)) => book,
            _ => return None,
        };
        let currency = book.currency;
        let groups = book.unpriced_groups();
        typed.with(|typed| {
            for (group, text) in typed {
                if let (Some(group), Ok(price)) = (groups.get(*group), parse_money_input(text, currency)) {
                    for &index in &group.reservations {
                        book.set_price(index, price);
                    }
                }
            }
        });
        Some(book)
    });
    let plan = Memo::new(move |_| -> Option<Result<ImportPlan, PlanError>> {
        let book = book.get()?;
        let id = customer_id.get()?;
        let given_name = Name::parse(&name.get()).ok();
        let usd_per_unit: Option<Amount> = parse_amount_input(&rate.get()).ok();
        Some(app.session.with(|s| book.plan(s.workspace(), &id, given_name.as_ref(), usd_per_unit)))
    });

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        typed.set(BTreeMap::new());
        let oversized = chosen.iter().find(|file| file.size() > MAX_IMPORT_FILE_BYTES as f64);
        too_big.set(oversized.map(|file| AzureError::Unreadable {
            file: file.name(),
            error: InputError::new(
                "",
                Problem::TooBig { max_bytes: MAX_IMPORT_FILE_BYTES, found_bytes: file.size() as usize },
            ),
        }));
        if oversized.is_some() {
            files.set(Files::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let mut read = Files::new();
            for file in chosen {
                let text =
                    wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                read.push((file.name(), text.unwrap_or_default()));
            }
            files.set(read);
        });
    };
    let confirm = move |_| {
        let Some(Ok(plan)) = plan.get_untracked() else { return };
        let there = plan.already_there.len() as u64;
        if plan.commands.is_empty() {
            app.notice.set(Some(Notice {
                text: i18n::fill(
                    Key::AzNothingAdded,
                    &[
                        ("there", &i18n::count(there)),
                        ("refunds", &i18n::count(plan.refunds_already_there as u64)),
                    ],
                ),
                is_error: false,
                undoable: false,
            }));
            return;
        }
        // Added as an imported scenario file is: the current commands, then the plan's (all
        // dated today), replayed as one step that Undo takes back out.
        let mut scenario = app.session.with_untracked(|s| s.scenario().clone());
        scenario.commands.extend(plan.commands);
        let done = i18n::fill(
            Key::AzAdded,
            &[
                ("added", &i18n::count(plan.reservations_added as u64)),
                ("there", &i18n::count(there)),
                ("refunds", &i18n::count(plan.refunds_added as u64)),
            ],
        );
        app.replace(scenario, Replacement::ImportAdded, &done);
        files.set(Files::new());
        typed.set(BTreeMap::new());
    };

    // Confirm is offered when the plan adds something, or when everything is already there (it
    // says so); not when all it lacks is prices, which the preview asks for.
    view! {
        <section class="card" data-testid="azure-import">
            <h2>{t(Key::AzImport)}</h2>
            <p class="muted small">{t(Key::AzIntro)}</p>
            <div class="form-row">
                <div class="field">
                    <label for="azure-customer">{t(Key::AzCustomerId)}</label>
                    <input id="azure-customer" data-testid="azure-customer" prop:value=move || customer.get() on:input=move |ev| customer.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="azure-name">{t(Key::AzName)}</label>
                    <input id="azure-name" data-testid="azure-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="azure-currency">{t(Key::BillingCurrency)}</label>
                    <select id="azure-currency" data-testid="azure-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                        <option value="">{t(Key::AzCurrencyFromFiles)}</option>
                        {Currency::all().map(|c| view! { <option value=c.code().to_string()>{c.code().to_string()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="azure-files">{t(Key::AzFiles)}</label>
                <input id="azure-files" type="file" multiple accept=".json,.csv,application/json,text/csv" data-testid="azure-files" on:change=on_files />
            </div>
            <div role="status" aria-live="polite">
                {move || match read.get() {
                    None => ().into_any(),
                    Some(Err(error)) => view! { <p class="error" data-testid="azure-error">{i18n::azure_error(&error)}</p> }.into_any(),
                    Some(Ok(read)) => preview(read, book, plan, customer_id, typed, rate).into_any(),
                }}
            </div>
            <div class="actions">
                <button class="primary" data-testid="azure-confirm"
                    disabled=move || import_refused.get().is_some() || !plan.with(|p| matches!(p, Some(Ok(plan)) if !plan.commands.is_empty() || plan.unpriced == 0))
                    on:click=confirm>{t(Key::AzConfirm)}</button>
            </div>
            <p class="why">{move || import_refused.get()}</p>
        </section>
    }
}

/// What the files hold and what confirming would do; nothing has changed yet.
fn preview(
    b: AzureBook,
    book: Memo<Option<AzureBook>>,
    plan: Memo<Option<Result<ImportPlan, PlanError>>>,
    customer_id: Memo<Option<Name>>,
    typed: RwSignal<BTreeMap<usize, String>>,
    rate: RwSignal<String>,
) -> impl IntoView {
    let currency = b.currency;
    let listed = RwSignal::new(false);
    // The rows that need a price: one per group the files left unpriced (`b` is the book as read).
    let unpriced = b.unpriced().count();
    let groups = b.unpriced_groups();
    view! {
        <div class="azure-preview" data-testid="azure-preview">
            <h3>{t(Key::AzFilesRead)}</h3>
            <ul data-testid="azure-files-read">
                {b.files.iter().map(|f| view! {
                    <li>{i18n::fill(Key::AzFileLine, &[("name", &f.name), ("kind", &i18n::azure_file_kind(f.kind)), ("records", &i18n::plural(f.records as u64, Key::AzRecordOne, Key::AzRecordMany))])}</li>
                }).collect_view()}
            </ul>
            <p data-testid="azure-to-customer">{move || {
                let count = book.with(|b| b.as_ref().map(|b| b.reservations.len()))?;
                let customer = customer_id.get().map(|c| c.to_string()).unwrap_or_else(|| "—".into());
                Some(i18n::fill(Key::AzToCustomer, &[("reservations", &i18n::plural(count as u64, Key::AzReservationOne, Key::AzReservationMany)), ("customer", &customer), ("currency", &currency.code())]))
            }}</p>
            // Listed when opened: a book of 10,000 would otherwise be drawn, unseen, on every change.
            <details on:toggle=move |ev| listed.set(ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open()))>
                <summary>{t(Key::Reservations)}</summary>
                <ul class="plain" data-testid="azure-reservations">
                    {move || listed.get().then(|| book.with(|b| b.as_ref().map(|b| b.reservations.iter().map(|r| {
                        let price = r.price.as_ref().map(|p| format!("{} ({})", i18n::price(b.currency, p.unit_price.get()), i18n::azure_price_source(&p.source)));
                        view! { <li><code>{r.id.to_string()}</code>" · "{r.sku.to_string()}" · "{i18n::units(r.quantity.get())}" · "{i18n::term(r.term)}" · "{i18n::plan(r.billing_plan)}{price.map(|p| format!(" · {p}"))}</li> }
                    }).collect_view())))}
                </ul>
            </details>
            <p data-testid="azure-refunds">{i18n::fill(Key::AzRefunds, &[("refunds", &i18n::plural(b.refunds.len() as u64, Key::AzRefundOne, Key::AzRefundMany))])}</p>
            <ul>
                {b.refunds.iter().map(|r| view! {
                    <li>{i18n::date(r.date.get())}{i18n::after_label()}{i18n::price(Currency::USD, r.usd.get())}</li>
                }).collect_view()}
            </ul>
            {(unpriced > 0).then(|| view! {
                <p data-testid="azure-unpriced">{i18n::fill(Key::AzUnpriced, &[("reservations", &i18n::plural(unpriced as u64, Key::AzReservationOne, Key::AzReservationMany)), ("currency", &currency.code())])}</p>
                <ul class="plain">
                    {groups.into_iter().enumerate().map(|(group, g)| {
                        let field = format!("azure-price-{group}");
                        let what = format!("{} · {} · {} · {}", g.sku, g.region, i18n::term(g.term), i18n::plan(g.billing_plan));
                        let how_many = i18n::fill(Key::AzPriceGroupSize, &[("reservations", &i18n::plural(g.reservations.len() as u64, Key::AzReservationOne, Key::AzReservationMany)), ("units", &i18n::units(g.units))]);
                        view! {
                            <li class="field" data-testid="azure-price-row">
                                <label for=field.clone()>{what}<span class="muted small group-size">{how_many}</span></label>
                                <input id=field.clone() data-testid="azure-price" inputmode="decimal" aria-describedby=format!("{field}-error")
                                    aria-invalid=move || typed.with(|t| t.get(&group).is_some_and(|v| parse_money_input(v, currency).is_err())).then_some("true")
                                    prop:value=move || typed.with(|t| t.get(&group).cloned().unwrap_or_default())
                                    on:change=move |ev| { let v = event_target_value(&ev); typed.update(|t| { t.insert(group, v); }); } />
                                <span class="error" id=format!("{field}-error")>{move || typed.with(|t| t.get(&group).and_then(|v| parse_money_input(v, currency).err()))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <p data-testid="azure-skipped-heading">{i18n::plural(b.skipped.len() as u64, Key::AzSkippedOne, Key::AzSkippedMany)}</p>
            <ul class="plain small" data-testid="azure-skipped">
                {b.skipped.iter().map(|s| view! {
                    <li><code>{i18n::azure_place(&s.place)}</code>{i18n::after_label()}{i18n::azure_skip(&s.reason)}</li>
                }).collect_view()}
            </ul>
            <p data-testid="azure-warnings-heading">{i18n::plural(b.warnings.len() as u64, Key::AzWarningsOne, Key::AzWarningsMany)}</p>
            <ul class="plain small" data-testid="azure-warnings">
                {b.warnings.iter().map(|w| view! {
                    <li><code>{i18n::azure_place(&w.place)}</code>{i18n::after_label()}{i18n::azure_warning(&w.kind)}</li>
                }).collect_view()}
            </ul>
            {move || match plan.with(|p| p.as_ref().and_then(|p| p.as_ref().err().cloned())) {
                Some(error) => {
                    let needs_rate = matches!(error, PlanError::NeedsRate { .. });
                    view! {
                        <p class="error" data-testid="azure-plan-error">{i18n::azure_plan_error(&error)}</p>
                        {needs_rate.then(|| view! {
                            <div class="field">
                                <label for="azure-rate">{i18n::fill(Key::AzRate, &[("currency", &currency.code())])}</label>
                                <input id="azure-rate" data-testid="azure-rate" inputmode="decimal" prop:value=move || rate.get() on:change=move |ev| rate.set(event_target_value(&ev)) />
                            </div>
                        })}
                    }.into_any()
                }
                _ => ().into_any(),
            }}
        </div>
    }
    .into_any()
}
