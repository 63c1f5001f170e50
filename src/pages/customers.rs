//! The customer list: each customer's refund limit at a glance; add, rename, delete (with undo).

use leptos::prelude::*;
use maud::{html, Markup};
use reservoir::app::queries::customers_overview;
use reservoir::domain::money::Currency;
use reservoir::domain::partner::{ActionKind, Fact};
use reservoir::simulation::command::Command;

use reservoir::app::queries::CustomerRow;
use wasm_bindgen::JsCast;

use crate::components::{
    focus_later, focus_later_at, parse_name_input, refused, sees, text_field, AmountHtml, LimitLeftHtml,
};
use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::AppState;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let rows = Memo::new(move |_| app.session.with(customers_overview));
    let editing = RwSignal::new(None::<String>);
    let limit_shown = sees(Fact::RefundLimit);
    let manage_refused = refused(ActionKind::ManageWorkspace);
    // A row's Rename or Delete, found from the button clicked and its row's customer ID. (A
    // disabled button is never clicked; the engine refuses an actor who may not manage anyway.)
    let on_row_action = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("button[data-action]").ok().flatten())
        else {
            return;
        };
        let id = button
            .closest("tr[data-customer]")
            .ok()
            .flatten()
            .and_then(|row| row.get_attribute("data-customer"));
        let Some(customer) = rows.with_untracked(|rows| {
            rows.iter().find(|r| Some(r.id.as_str()) == id.as_deref()).map(|r| r.id.clone())
        }) else {
            return;
        };
        match button.get_attribute("data-action").as_deref() {
            Some("rename") => {
                editing.set(Some(customer.to_string()));
                focus_later("[data-testid=rename-input]");
            }
            Some("delete") => {
                app.dispatch(Command::RemoveCustomer { customer });
            }
            _ => {}
        }
    };

    view! {
        <h1>{t(Key::Customers)}</h1>
        <p class="muted">{t(Key::CustomersIntro)}</p>
        {move || {
            if rows.with(Vec::is_empty) {
                view! {
                    <div class="empty" data-testid="no-customers">
                        <p>{t(Key::NoCustomersYet)}</p>
                    </div>
                }
                .into_any()
            } else {
                ().into_any()
            }
        }}
        <div class="table-scroll"><table class="grid" data-testid="customers-table" hidden=move || rows.with(Vec::is_empty)>
            <caption class="sr-only">{t(Key::Customers)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(Key::Name)}</th>
                    <th scope="col">{t(Key::Id)}</th>
                    <th scope="col">{t(Key::BillingCurrency)}</th>
                    <th scope="col" class="num">{t(Key::OpenReservations)}</th>
                    {move || limit_shown.get().then(|| view! {
                        <th scope="col" class="num">{t(Key::LimitUsed)}</th>
                        <th scope="col" class="num">{t(Key::LimitLeft)}</th>
                        <th scope="col">{t(Key::NextMoneyBack)}</th>
                    })}
                    <th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th>
                </tr>
            </thead>
            // The rows are written as one piece of HTML (`rows_html`), and one handler on their
            // body answers their buttons (`on_row_action`). Drawn through Leptos, a book of 200
            // customers took about 60 ms in Chromium: a dozen elements a row, each attribute
            // crossing into JavaScript on its own. The rows hold nothing reactive: a change of
            // actor (who may be refused managing the workspace), of the customers, or opening a
            // row's rename form writes them again. The row being renamed is the one Leptos draws,
            // in a body of its own between the rows before and after it.
            {move || {
                let refused = manage_refused.get().is_some();
                let renamed_id = editing.get();
                rows.with(|rows| {
                    let at = renamed_id.as_deref().and_then(|id| rows.iter().position(|r| r.id.as_str() == id));
                    let (before, renamed, after) = match at {
                        Some(at) => (&rows[..at], Some(rows[at].clone()), &rows[at + 1..]),
                        None => (&rows[..], None, &[][..]),
                    };
                    // One body when no row is being renamed; otherwise one for each part that
                    // has rows, so no empty body sits in the table.
                    let renaming = renamed.is_some();
                    view! {
                        {(!renaming || !before.is_empty()).then(|| view! {
                            <tbody on:click=on_row_action inner_html=rows_html(before, refused) />
                        })}
                        {renamed.map(|row| view! {
                            <tbody on:click=on_row_action><RenameRow row=row refused=refused editing=editing /></tbody>
                        })}
                        {(!after.is_empty()).then(|| view! {
                            <tbody on:click=on_row_action inner_html=rows_html(after, refused) />
                        })}
                    }
                })
            }}
        </table></div>
        <p class="why" data-testid="customers-why">{move || manage_refused.get()}</p>
        <AddCustomer />
    }
}

/// The row being renamed: its name cell is the rename form; its other cells are the same HTML as
/// every other row's.
#[component]
fn RenameRow(row: CustomerRow, refused: bool, editing: RwSignal<Option<String>>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let draft = RwSignal::new(row.name.to_string());
    let draft_error = RwSignal::new(None::<String>);
    let id = row.id.clone();
    // Where the focus goes back to once the form is closed: this row's Rename. The ID is quoted
    // in the selector, since a person may type anything in it, quotes and brackets too.
    let quoted = id.replace('\\', "\\\\").replace('"', "\\\"");
    let back_to_rename = format!(r#"[data-testid="customer-row-{quoted}"] [data-testid=rename]"#);
    let save_focus = back_to_rename.clone();
    let cells = row_cells(&row, refused);
    let testid = format!("customer-row-{id}");
    let customer = id.to_string();
    view! {
        <tr data-testid=testid data-customer=customer>
            <th scope="row">
                <form class="inline" on:submit=move |ev| {
                    ev.prevent_default();
                    // Checked here, as the reader checks it: an empty or blank name is refused
                    // beside the field and nothing is sent (it used to be sent, and locked the
                    // stored data at the next reload).
                    match parse_name_input(&draft.get()) {
                        Ok(name) => {
                            draft_error.set(None);
                            if app.dispatch(Command::RenameCustomer { customer: id.clone(), name }) {
                                editing.set(None);
                                focus_later_at(save_focus.clone());
                            }
                        }
                        Err(why) => draft_error.set(Some(i18n::labelled(t(Key::Name), &why))),
                    }
                }>
                    <label class="sr-only" for="rename-input">{t(Key::Name)}</label>
                    <input id="rename-input" data-testid="rename-input" aria-describedby="rename-input-error"
                        aria-invalid=move || draft_error.with(Option::is_some).then_some("true")
                        prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev)) />
                    <crate::components::FieldError id="rename-input-error".to_string() message=draft_error.into() />
                    <button type="submit" data-testid="rename-save">{t(Key::Save)}</button>
                    <button type="button" on:click=move |_| {
                        editing.set(None);
                        focus_later_at(back_to_rename.clone());
                    }>{t(Key::Cancel)}</button>
                </form>
            </th>
            {cells.into_iter().map(|cell| view! { <td class=cell.class inner_html=cell.html.into_string() /> }).collect_view()}
        </tr>
    }
}

/// One cell of a customer's row after its name: its class, and what it holds as HTML.
struct Cell {
    class: Option<&'static str>,
    html: Markup,
}

/// The cells of a customer's row after its name, as HTML (`maud` escapes every text): the same
/// markup the amounts have elsewhere ([`AmountHtml`]).
fn row_cells(row: &CustomerRow, refused: bool) -> Vec<Cell> {
    let cell = |class: Option<&'static str>, html: Markup| Cell { class, html };
    let mut cells = vec![
        cell(None, html! { code { (row.id) } }),
        cell(None, html! { (row.currency.code()) }),
        cell(Some("num"), html! { (row.open) }),
    ];
    if let Some(limit) = &row.limit {
        cells.push(cell(Some("num"), html! { (AmountHtml(limit.used, "limit-used")) }));
        cells.push(cell(Some("num"), html! { (LimitLeftHtml(limit.left, "limit-left")) }));
        cells.push(cell(
            None,
            html! {
                @match &limit.next_back {
                    Some(back) => span data-testid="next-back" {
                        (i18n::date(back.date)) (i18n::after_label()) (AmountHtml(back.usd, ""))
                    },
                    None => span.muted { "—" },
                }
            },
        ));
    }
    cells.push(cell(Some("actions"), html! {
        button type="button" class="link" data-testid="rename" data-action="rename" disabled[refused] { (t(Key::Rename)) }
        button type="button" class="link danger" data-testid="delete-customer" data-action="delete" disabled[refused] {
            (t(Key::Delete))
        }
    }));
    cells
}

/// Rows of the customer list as one piece of HTML: each row's name links to its customer's page.
fn rows_html(rows: &[CustomerRow], refused: bool) -> String {
    html! {
        @for row in rows {
            tr data-testid={ "customer-row-" (row.id) } data-customer=(row.id) {
                th scope="row" { a data-testid="customer-link" href=(Route::Customer(row.id.to_string()).hash()) { (row.name) } }
                @for cell in row_cells(row, refused) { td class=[cell.class] { (cell.html) } }
            }
        }
    }
    .into_string()
}

#[component]
fn AddCustomer() -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let currency = RwSignal::new("USD".to_string());
    let id_error = RwSignal::new(None::<String>);
    let name_error = RwSignal::new(None::<String>);
    let manage_refused = refused(ActionKind::ManageWorkspace);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked_id = parse_name_input(&id.get()).map_err(|e| i18n::labelled(t(Key::Id), &e));
        let checked_name = parse_name_input(&name.get()).map_err(|e| i18n::labelled(t(Key::Name), &e));
        id_error.set(checked_id.clone().err());
        name_error.set(checked_name.clone().err());
        if let (Ok(customer), Ok(name_ok), Some(currency)) =
            (checked_id, checked_name, Currency::from_code(&currency.get()))
        {
            if app.dispatch(Command::AddCustomer { customer, name: name_ok, currency }) {
                id.set(String::new());
                name.set(String::new());
            }
        }
    };
    view! {
        <form class="card form-row" on:submit=submit data-testid="add-customer">
            <h2>{t(Key::AddCustomer)}</h2>
            {text_field(t(Key::Id), "new-customer-id".into(), "new-customer-id", "text", id, id_error.into())}
            {text_field(t(Key::Name), "new-customer-name".into(), "new-customer-name", "text", name, name_error.into())}
            <div class="field">
                <label for="new-customer-currency">{t(Key::BillingCurrency)}</label>
                <select id="new-customer-currency" data-testid="new-customer-currency"
                    prop:value=move || currency.get() on:change=move |ev| currency.set(event_target_value(&ev))>
                    {Currency::all().map(|c| view! { <option value=c.code().to_string()>{c.code().to_string()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary" data-testid="add-customer-submit" disabled=move || manage_refused.get().is_some()>{t(Key::AddCustomer)}</button>
            <p class="why" data-testid="add-customer-why">{move || manage_refused.get()}</p>
        </form>
    }
}
