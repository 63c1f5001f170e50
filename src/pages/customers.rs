//! The customer list: each customer's refund limit at a glance; add, rename, delete (with undo).

use leptos::prelude::*;
use reservoir::app::queries::customers_overview;
use reservoir::domain::money::Currency;
use reservoir::domain::partner::{ActionKind, Fact};
use reservoir::simulation::command::Command;

use crate::components::{
    focus_later, focus_later_at, parse_name_input, refused, sees, text_field, AmountText, LimitLeftText,
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
            <tbody>
                // What a row shows is drawn once: a change of actor (which may refuse managing
                // the workspace) draws the rows again, and so does opening a row's rename form
                // (`editing` is part of the row's key), so no row watches a signal of its own. A
                // book of 200 customers drew 600 reactive effects for that before.
                {move || {
                    let refused = manage_refused.get().is_some();
                    view! {
                        <For
                            each=move || {
                                let editing = editing.get();
                                rows.get()
                                    .into_iter()
                                    .map(|row| {
                                        let edited = editing.as_deref() == Some(row.id.as_str());
                                        (row, edited)
                                    })
                                    .collect::<Vec<_>>()
                            }
                            key=|(row, edited)| (row.clone(), *edited)
                            let:item
                        >
                            {
                                let (row, edited) = item;
                                let open_id = row.id.clone();
                                let delete_id = row.id.clone();
                                let rename_id = row.id.clone();
                                let name = row.name.to_string();
                                view! {
                                    <tr data-testid=format!("customer-row-{}", row.id)>
                                        <th scope="row">
                                            {
                                                if edited {
                                                    let draft = RwSignal::new(name.clone());
                                                    let draft_error = RwSignal::new(None::<String>);
                                                    view! {
                                                        <form class="inline" on:submit=move |ev| {
                                                            ev.prevent_default();
                                                            // Checked here, as the reader checks it: an empty or blank name is
                                                            // refused beside the field and nothing is sent (it used to be sent,
                                                            // and locked the stored data at the next reload).
                                                            match parse_name_input(&draft.get()) {
                                                                Ok(name) => {
                                                                    draft_error.set(None);
                                                                    if app.dispatch(Command::RenameCustomer { customer: rename_id.clone(), name }) {
                                                                        editing.set(None);
                                                                        focus_later_at(format!("[data-testid=customer-row-{rename_id}] [data-testid=rename]"));
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
                                                            <button type="button" on:click={
                                                                let id = row.id.to_string();
                                                                move |_| {
                                                                    editing.set(None);
                                                                    focus_later_at(format!("[data-testid=customer-row-{id}] [data-testid=rename]"));
                                                                }
                                                            }>{t(Key::Cancel)}</button>
                                                        </form>
                                                    }
                                                    .into_any()
                                                } else {
                                                    let target = Route::Customer(open_id.to_string());
                                                    view! { <a href=target.hash() data-testid="customer-link">{name}</a> }.into_any()
                                                }
                                            }
                                        </th>
                                        <td><code>{row.id.to_string()}</code></td>
                                        <td>{row.currency.code().to_string()}</td>
                                        <td class="num">{row.open}</td>
                                        {row.limit.map(|limit| view! {
                                            <td class="num"><AmountText money=limit.used testid="limit-used" /></td>
                                            <td class="num"><LimitLeftText money=limit.left testid="limit-left" /></td>
                                            <td>
                                                {match limit.next_back {
                                                    Some(back) => view! {
                                                        <span data-testid="next-back">{i18n::date(back.date)}{i18n::after_label()}<AmountText money=back.usd /></span>
                                                    }
                                                    .into_any(),
                                                    None => view! { <span class="muted">"—"</span> }.into_any(),
                                                }}
                                            </td>
                                        })}
                                        <td class="actions">
                                            <button class="link" data-testid="rename" disabled=refused on:click={
                                                let id = row.id.to_string();
                                                move |_| {
                                                    editing.set(Some(id.clone()));
                                                    focus_later("[data-testid=rename-input]");
                                                }
                                            }>{t(Key::Rename)}</button>
                                            <button class="link danger" data-testid="delete-customer" disabled=refused on:click=move |_| {
                                                app.dispatch(Command::RemoveCustomer { customer: delete_id.clone() });
                                            }>{t(Key::Delete)}</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    }
                }}
            </tbody>
        </table></div>
        <p class="why" data-testid="customers-why">{move || manage_refused.get()}</p>
        <AddCustomer />
    }
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
