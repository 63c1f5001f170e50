//! One customer: its limit, subscriptions, the purchase permission with its prerequisites, users
//! and their Owner roles, reservations (sortable, filterable), order history and activity log.

use leptos::prelude::*;
use reservoir::app::queries::{
    buy_refusal, customer_access, customer_header, orders, purchase_permission, reservations, users,
    CancelValue, CustomerHeader, OrderLine, PermissionView, ReservationRow,
};
use reservoir::domain::calendar::Term;
use reservoir::domain::partner::{ActionKind, Fact, Side};
use reservoir::domain::reservation::{BillingPlan, ProductFamily, Scope, Status, KNOWN_FAMILIES};
use reservoir::simulation::command::{Command, NewReservation, SubscriptionKind};
use reservoir::simulation::workspace::Customer;

use crate::components::{
    page_rows, parse_amount_input, parse_date_field, parse_date_input, parse_money_input, parse_name_input,
    parse_quantity_input, provenance_class, refused, route_id, sees, side, text_field, AmountText,
    CsvDownloads, FieldError, Hidden, LimitLeftText, NotToday, Pager, PAGE_ROWS,
};
use crate::i18n::{self, t, Key};
use crate::pages::activity::ActivityTable;
use crate::pages::reservation::WhatItBecame;
use crate::route::Route;
use crate::state::AppState;

#[component]
pub fn CustomerPage(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    // A memo, not a plain closure: the page below must be built again only when the customer
    // appears or disappears. Read directly, every change of the session (a refused purchase, the
    // "acting as" select, a permission switch) rebuilt every section, which threw away the
    // reservations filter and sort and everything typed into the buy form.
    // Another customer's page is refused before it is looked up (a customer's user sees its own).
    let exists = Memo::new(move |_| app.session.with(|s| customer_access(s, &id.get_value())));
    view! {
        {move || {
            if let Err(why) = exists.get() {
                return view! { <Hidden title=Key::CustomerHidden why=i18n::customer_hidden(&why) testid="customer-hidden" /> }
                    .into_any();
            }
            if exists.get() != Ok(true) {
                return view! {
                    <h1>{t(Key::CustomerNotFound)}</h1>
                    <p><a href=Route::Customers.hash()>{t(Key::BackToCustomers)}</a></p>
                }
                .into_any();
            }
            let customer = id.get_value();
            view! {
                <CustomerHeader id=customer.clone() />
                <div class="columns">
                    <PurchasePermission id=customer.clone() />
                    <Subscriptions id=customer.clone() />
                </div>
                <Users id=customer.clone() />
                <Reservations id=customer.clone() />
                <BuyReservation id=customer.clone() />
                <Orders id=customer.clone() />
                <section class="card">
                    <h2>{t(Key::ActivityLog)}</h2>
                    <ActivityTable customer=Some(customer) />
                </section>
            }
            .into_any()
        }}
    }
}

fn with_customer<T>(app: AppState, id: &str, f: impl FnOnce(&Customer) -> T) -> Option<T> {
    app.session.with(|s| s.workspace().customer(id).map(f))
}

#[component]
fn CustomerHeader(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let summary = Memo::new(move |_| app.session.with(|s| customer_header(s, &id.get_value())));
    let rate_draft = RwSignal::new(String::new());
    let rate_error = RwSignal::new(None::<String>);
    let manage_refused = refused(ActionKind::ManageWorkspace);
    move || {
        let Some(CustomerHeader { name, currency, rate, limit }) = summary.get() else {
            return ().into_any();
        };
        let limit_route = Route::Limit(id.get_value());
        let limit_shown = limit.is_some();
        view! {
            <nav class="crumbs" aria-label=t(Key::Breadcrumbs)>
                <a href=Route::Customers.hash()>{t(Key::Customers)}</a>" / "<span>{name.to_string()}</span>
            </nav>
            <h1 data-testid="customer-name">{name.to_string()}</h1>
            <div class="stats">
                {limit.map(|status| view! {
                <div class="stat">
                    <span class="label">{t(Key::LimitUsed)}</span>
                    <AmountText money=status.consumed testid="customer-limit-used" />
                </div>
                <div class="stat">
                    <span class="label">{t(Key::LimitLeft)}</span>
                    <LimitLeftText money=status.left testid="customer-limit-left" />
                </div>
                <div class="stat">
                    <span class="label">{t(Key::NextMoneyBack)}</span>
                    {match status.comes_back.first() {
                        Some(back) => view! { <span>{i18n::date(back.date)}{i18n::after_label()}<AmountText money=back.usd /></span> }.into_any(),
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}
                </div>
                })}
                <div class="stat">
                    <span class="label">{t(Key::BillingCurrency)}</span>
                    <span>{currency.code().to_string()}</span>
                </div>
                {limit_shown.then(|| view! {
                    <a class="button" href=limit_route.hash() data-testid="open-limit">{t(Key::LimitOverTime)}</a>
                    " "<a class="button" href=Route::Planner(id.get_value()).hash() data-testid="open-planner">{t(Key::PlannerOpen)}</a>
                })}
            </div>
            {(currency != reservoir::domain::money::Currency::USD).then(|| {
                let current = rate.map(|r| r.usd_per_unit().to_string()).unwrap_or_default();
                view! {
                    <form class="inline rate" on:submit=move |ev| {
                        ev.prevent_default();
                        match parse_amount_input(&rate_draft.get()) {
                            Ok(usd_per_unit) => {
                                rate_error.set(None);
                                app.dispatch(Command::SetRate { currency, usd_per_unit });
                            }
                            Err(e) => rate_error.set(Some(e)),
                        }
                    }>
                        <label for="rate-input">{format!("{} 1 {} =", t(Key::UsdRate), currency.code())}</label>
                        <input id="rate-input" data-testid="rate-input" inputmode="decimal" aria-describedby="rate-error"
                            aria-invalid=move || rate_error.with(Option::is_some).then_some("true")
                            prop:value=current.clone() on:input=move |ev| rate_draft.set(event_target_value(&ev)) />
                        <span>"USD"</span>
                        <button type="submit" disabled=move || manage_refused.get().is_some()>{t(Key::Save)}</button>
                        <span class="why" data-testid="rate-why">{move || manage_refused.get()}</span>
                        {rate.is_none().then(|| view! { <strong class="field-error">{t(Key::RateMissing)}</strong> })}
                        <FieldError id="rate-error".into() message=rate_error.into() />
                    </form>
                }
            })}
        }
        .into_any()
    }
}

#[component]
fn PurchasePermission(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let view_model = Memo::new(move |_| app.session.with(|s| purchase_permission(s, &id.get_value())));
    move || {
        let Some(PermissionView { on, qualifying_subscription: qualifying, owners, refused }) =
            view_model.get()
        else {
            return ().into_any();
        };
        let disabled = refused.is_some() || (!on && !qualifying);
        let why = refused
            .as_ref()
            .map(|why| i18n::not_allowed(why, ActionKind::SetPurchasePermission))
            .or_else(|| (!on && !qualifying).then(|| t(Key::PermissionNeedsSubscription).to_string()));
        view! {
            <section class="card" data-testid="purchase-permission">
                <h2>{t(Key::PurchasePermission)}</h2>
                <label class="switch">
                    <input
                        type="checkbox"
                        role="switch"
                        data-testid="permission-switch"
                        prop:checked=on
                        disabled=disabled
                        aria-describedby="permission-why"
                        on:change=move |ev| {
                            let allowed = event_target_checked(&ev);
                            app.dispatch(Command::SetPurchasePermission { customer: route_id(&id.get_value()), allowed });
                        }
                    />
                    <span>{t(Key::AllowCustomerToPurchase)}</span>
                </label>
                <p id="permission-why" class="why" data-testid="permission-why">{why.unwrap_or_default()}</p>
                <ul class="checklist">
                    <li class=if qualifying { "ok" } else { "missing" }>{t(Key::PrereqSubscription)}</li>
                    <li class=if owners.is_empty() { "missing" } else { "ok" }>
                        {t(Key::PrereqOwner)}
                        {(!owners.is_empty()).then(|| format!(" ({})", owners.join(", ")))}
                    </li>
                </ul>
                <p class="muted small">{t(Key::PermissionRoleRule)}</p>
            </section>
        }
        .into_any()
    }
}

#[component]
fn Subscriptions(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let subscriptions = Memo::new(move |_| {
        with_customer(app, &id.get_value(), |c| c.subscriptions.clone()).unwrap_or_default()
    });
    let new_id = RwSignal::new(String::new());
    let kind = RwSignal::new("Azure plan".to_string());
    let by_partner = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let manage_refused = refused(ActionKind::ManageWorkspace);
    view! {
        <section class="card" data-testid="subscriptions">
            <h2>{t(Key::Subscriptions)}</h2>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr>
                    <th scope="col">{t(Key::Id)}</th>
                    <th scope="col">{t(Key::Kind)}</th>
                    <th scope="col">{t(Key::BoughtByPartner)}</th>
                </tr></thead>
                <tbody>
                    {move || subscriptions.get().into_iter().map(|s| view! {
                        <tr>
                            <th scope="row"><code>{s.id.to_string()}</code></th>
                            <td>{i18n::subscription_kind(s.kind)}</td>
                            <td>{t(if s.bought_by_partner { Key::Yes } else { Key::No })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <form class="form-row" on:submit=move |ev| {
                ev.prevent_default();
                match parse_name_input(&new_id.get()) {
                    Err(e) => error.set(Some(i18n::labelled(t(Key::Id), &e))),
                    Ok(subscription) => {
                        error.set(None);
                        let kind = match kind.get().as_str() {
                            "Azure plan" => SubscriptionKind::AzurePlan,
                            "Azure Global" => SubscriptionKind::AzureGlobal,
                            _ => SubscriptionKind::Other,
                        };
                        if app.dispatch(Command::AddSubscription { customer: route_id(&id.get_value()), subscription, kind, bought_by_partner: by_partner.get() }) {
                            new_id.set(String::new());
                        }
                    }
                }
            }>
                {text_field(t(Key::SubscriptionId), "new-subscription".into(), "new-subscription", "text", new_id, error.into())}
                <div class="field">
                    <label for="new-subscription-kind">{t(Key::Kind)}</label>
                    <select id="new-subscription-kind" data-testid="new-subscription-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="Azure plan">{t(Key::AzurePlan)}</option>
                        <option value="Azure Global">{t(Key::AzureGlobal)}</option>
                        <option value="Other">{t(Key::OtherKind)}</option>
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || by_partner.get() on:change=move |ev| by_partner.set(event_target_checked(&ev)) />
                    {t(Key::BoughtByPartner)}
                </label>
                <button type="submit" data-testid="add-subscription" disabled=move || manage_refused.get().is_some()>{t(Key::AddSubscription)}</button>
            </form>
            <p class="why" data-testid="subscriptions-why">{move || manage_refused.get()}</p>
        </section>
    }
}

#[component]
fn Users(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let data = Memo::new(move |_| app.session.with(|s| users(s, &id.get_value())));
    let new_user = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let manage_refused = refused(ActionKind::ManageWorkspace);
    view! {
        <section class="card" data-testid="users">
            <h2>{t(Key::UsersAndOwners)}</h2>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr>
                    <th scope="col">{t(Key::User)}</th>
                    <th scope="col">{t(Key::OwnerOn)}</th>
                    <th scope="col">{t(Key::AssignOwner)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        data.get().into_iter().map(|u| {
                            let user = u.name.clone();
                            let candidates: Vec<String> = u.could_own.iter().map(ToString::to_string).collect();
                            let owned: Vec<String> = u.owner_of.iter().map(ToString::to_string).collect();
                            view! {
                                <tr data-testid=format!("user-row-{}", u.name)>
                                    <th scope="row">{u.name.to_string()}</th>
                                    <td>
                                        {owned.into_iter().map(|sub| {
                                            let (user, sub2) = (user.clone(), sub.clone());
                                            view! {
                                                <span class="tag">{sub.clone()}
                                                    <button class="link" aria-label=format!("{} {sub}", t(Key::RemoveOwner)) on:click=move |_| {
                                                        app.dispatch(Command::RemoveOwner { customer: route_id(&id.get_value()), user: route_id(&user), subscription: route_id(&sub2) });
                                                    }>"×"</button>
                                                </span>
                                            }
                                        }).collect_view()}
                                    </td>
                                    <td>
                                        {candidates.into_iter().map(|sub| {
                                            let user = user.clone();
                                            let label = format!("{} {sub}", t(Key::OwnerOnShort));
                                            view! {
                                                <button class="small" data-testid=format!("assign-owner-{sub}") on:click=move |_| {
                                                    app.dispatch(Command::AssignOwner { customer: route_id(&id.get_value()), user: route_id(&user), subscription: route_id(&sub) });
                                                }>{label}</button>
                                            }
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table></div>
            <form class="form-row" on:submit=move |ev| {
                ev.prevent_default();
                match parse_name_input(&new_user.get()) {
                    Err(e) => error.set(Some(i18n::labelled(t(Key::User), &e))),
                    Ok(user) => {
                        error.set(None);
                        if app.dispatch(Command::AddUser { customer: route_id(&id.get_value()), user }) {
                            new_user.set(String::new());
                        }
                    }
                }
            }>
                {text_field(t(Key::User), "new-user".into(), "new-user", "text", new_user, error.into())}
                <button type="submit" data-testid="add-user" disabled=move || manage_refused.get().is_some()>{t(Key::AddUser)}</button>
            </form>
            <p class="why" data-testid="users-why">{move || manage_refused.get()}</p>
        </section>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortKey {
    Id,
    Sku,
    Family,
    Quantity,
    PurchaseDate,
    Value,
}

#[component]
fn Reservations(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let filter = RwSignal::new(String::new());
    let show_closed = RwSignal::new(false);
    let sort = RwSignal::new((SortKey::PurchaseDate, false));
    let page = RwSignal::new(0usize);
    // This table's own what-if date: it starts at today, and no other page's date changes it.
    let what_if = RwSignal::new(None::<chrono::NaiveDate>);
    let date = Signal::derive(move || what_if.get().unwrap_or_else(|| app.today()));
    let view = Memo::new(move |_| {
        let date = date.get();
        app.session.with(|s| reservations(s, &id.get_value(), date))
    });
    // Positions in the view's rows, filtered and sorted; the rows themselves are not copied (the
    // benchmark portfolio has thousands). When a new date leaves them as they were, the table keeps
    // its rows and only their figures change.
    let shown = Memo::new(move |_| {
        let needle = filter.get().to_lowercase();
        let (key, descending) = sort.get();
        let closed_too = show_closed.get();
        view.with(|view| {
            let Some(view) = view else { return Vec::new() };
            let rows = &view.rows;
            let mut list: Vec<usize> = (0..rows.len())
                .filter(|&i| closed_too || rows[i].active)
                .filter(|&i| {
                    let r = &rows[i].reservation;
                    needle.is_empty()
                        || [r.id.as_str(), &*r.sku, r.family.name(), r.order_id.as_str()]
                            .iter()
                            .any(|f| f.to_lowercase().contains(&needle))
                })
                .collect();
            list.sort_by(|&i, &j| {
                let (row_a, row_b) = (&rows[i], &rows[j]);
                let (a, b) = (&row_a.reservation, &row_b.reservation);
                let order = match key {
                    SortKey::Id => a.id.as_str().cmp(b.id.as_str()),
                    SortKey::Sku => a.sku.cmp(&b.sku),
                    SortKey::Family => a.family.name().cmp(b.family.name()),
                    SortKey::Quantity => a.quantity.cmp(&b.quantity),
                    SortKey::PurchaseDate => a.purchase_date.cmp(&b.purchase_date),
                    SortKey::Value => {
                        let counted =
                            |row: &ReservationRow| row.value.amounts().map(|a| a.counted_usd.amount());
                        counted(row_a).cmp(&counted(row_b))
                    }
                };
                if descending {
                    order.reverse()
                } else {
                    order
                }
            });
            list
        })
    });
    let totals = Memo::new(move |_| view.with(|v| v.as_ref().map(|v| (v.totals, v.counts))));
    let counted_help = move || totals.get().map(|(_, counts)| i18n::counted_help(counts)).unwrap_or_default();
    // The export holds the partner's prices.
    let csv_shown = sees(Fact::PartnerPrice);
    // A customer's user sees its own side and not the refund limit.
    let side = side();
    let limit_shown = sees(Fact::RefundLimit);
    let count = Signal::derive(move || shown.with(Vec::len));
    let no_help = Signal::derive(String::new);
    let header = move |key: SortKey, label: Key, numeric: bool, help: Signal<String>| {
        let aria = move || {
            let (k, d) = sort.get();
            if k == key {
                if d {
                    "descending"
                } else {
                    "ascending"
                }
            } else {
                "none"
            }
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=aria title=move || Some(help.get()).filter(|h| !h.is_empty())>
                <button class="sort" data-testid=format!("sort-{key:?}").to_lowercase() on:click=move |_| {
                    sort.update(|(k, d)| if *k == key { *d = !*d } else { *k = key; *d = false });
                    page.set(0);
                }>{t(label)}</button>
            </th>
        }
    };
    view! {
        <section class="card" data-testid="reservations">
            <h2>{t(Key::Reservations)}</h2>
            <div class="toolbar">
                <label class="inline">
                    <span>{t(Key::Filter)}</span>
                    <input type="search" data-testid="reservation-filter" prop:value=move || filter.get()
                        on:input=move |ev| { filter.set(event_target_value(&ev)); page.set(0); } />
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="show-closed" prop:checked=move || show_closed.get()
                        on:change=move |ev| { show_closed.set(event_target_checked(&ev)); page.set(0); } />
                    {t(Key::ShowClosed)}
                </label>
                <label class="inline">
                    <span>{t(Key::ValuesOn)}</span>
                    <input type="date" data-testid="what-if-date" prop:value=move || date.get().to_string()
                        on:change=move |ev| { what_if.try_set(parse_date_input(&event_target_value(&ev)).map(|d| d.get())); } />
                </label>
                <NotToday date=date back=Callback::new(move |()| what_if.set(None)) testid="values-not-today" />
                {move || csv_shown.get().then(|| view! {
                <CsvDownloads testid="reservations-csv" file=Callback::new(move |dialect| {
                    let date = date.get_untracked();
                    let text = app.session.with_untracked(|s| {
                        let w = s.workspace();
                        w.customer(&id.get_value()).map(|c| reservoir::formats::csv::reservations(w, c, date, dialect)).unwrap_or_default()
                    });
                    (format!("reservations-{}-{date}.csv", id.get_value()), text)
                }) />
                })}
            </div>
            <div class="table-scroll"><table class="grid compact" data-testid="reservations-table">
                <thead>
                    <tr>
                        {header(SortKey::Id, Key::ReservationId, false, no_help)}
                        {header(SortKey::Sku, Key::Sku, false, no_help)}
                        {header(SortKey::Family, Key::Family, false, no_help)}
                        <th scope="col">{t(Key::TermAndPlan)}</th>
                        {header(SortKey::Quantity, Key::Quantity, true, no_help)}
                        {header(SortKey::PurchaseDate, Key::PurchaseDate, false, no_help)}
                        <th scope="col">{t(Key::BoughtBy)}</th>
                        <th scope="col" class="num" title=t(Key::RefundCashBackHelp)>{t(Key::RefundCashBack)}</th>
                        <th scope="col" class="num" title=t(Key::CanceledPaymentsHelp)>{t(Key::CanceledPayments)}</th>
                        {move || limit_shown.get().then(|| header(SortKey::Value, Key::CountsTowardLimit, true, Signal::derive(counted_help)))}
                        <th scope="col" class="num" title=t(Key::CustomerSavesHelp)>{t(Key::CustomerSaves)}</th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by position and ID: a row is drawn once, and a new date redraws only
                    // its figures (what a reservation is, once bought, does not change).
                    <For
                        each=move || {
                            let page_of = shown.with(|s| s[page_rows(page.get(), s.len())].to_vec());
                            view.with(|v| {
                                let rows = v.as_ref().map(|v| v.rows.as_slice()).unwrap_or_default();
                                page_of.into_iter().filter_map(|i| rows.get(i).map(|row| (i, row.reservation.id.clone()))).collect::<Vec<_>>()
                            })
                        }
                        key=|entry| entry.clone()
                        children=move |(index, _)| {
                            let row = move || view.with(|v| v.as_ref().and_then(|v| v.rows.get(index)).cloned());
                            let Some(first) = row() else { return ().into_any() };
                            let r = first.reservation;
                            let route = Route::Reservation(id.get_value(), r.id.to_string());
                            view! {
                                <tr class:closed=move || !row().is_some_and(|row| row.active) data-testid="reservation-row">
                                    <th scope="row"><a href=route.hash() data-testid="reservation-link">{r.id.to_string()}</a></th>
                                    <td>{r.sku.clone()}</td>
                                    <td>{i18n::family(r.family.name())}</td>
                                    <td>{format!("{} · {}", i18n::term(r.term), i18n::plan(r.billing_plan))}</td>
                                    <td class="num">{r.quantity}</td>
                                    <td>{i18n::date(r.purchase_date)}</td>
                                    <td>{i18n::buyer(r.bought_by)}</td>
                                    {move || row().map(|row| value_cells(&row.value, side.get(), limit_shown.get(), &id.get_value(), &row.reservation.status))}
                                </tr>
                            }
                            .into_any()
                        }
                    />
                </tbody>
                <tfoot>
                    {move || totals.get().map(|(totals, _)| view! {
                        <tr class="total" data-testid="reservations-totals">
                            <th scope="row" colspan="7">
                                {t(Key::Totals)}" "
                                <NotToday date=date back=Callback::new(move |()| what_if.set(None)) />
                            </th>
                            // The side the actor sees: a customer's user, its own price and not the limit.
                            <td class="num"><AmountText money=totals.on(side.get()).refund testid="total-refund" /></td>
                            <td class="num"><AmountText money=totals.on(side.get()).canceled_payments testid="total-canceled" /></td>
                            {limit_shown.get().then(|| view! { <td class="num"><AmountText money=totals.counted_usd testid="total-counted" /></td> })}
                            <td class="num"><AmountText money=totals.customer.saves testid="total-saves" /></td>
                        </tr>
                    })}
                </tfoot>
            </table></div>
            <details class="column-help" data-testid="columns-help">
                <summary>{t(Key::ColumnsHelp)}</summary>
                <dl>
                    <dt>{t(Key::RefundCashBack)}</dt><dd>{t(Key::RefundCashBackHelp)}</dd>
                    <dt>{t(Key::CanceledPayments)}</dt><dd>{t(Key::CanceledPaymentsHelp)}</dd>
                    <dt>{t(Key::CountsTowardLimit)}</dt><dd data-testid="counted-help">{counted_help}</dd>
                    <dt>{t(Key::CustomerSaves)}</dt><dd>{t(Key::CustomerSavesHelp)}</dd>
                    <dt>{t(Key::Totals)}</dt><dd>{t(Key::TotalsHint)}</dd>
                </dl>
            </details>
            <Pager page=page count=count shown=Key::ReservationsShown testid="page-of" />
        </section>
    }
}

/// A reservation's value cells on the side its viewer sees: refund, canceled future payments, what
/// counts toward the limit (not for a customer's user), what the customer saves; or, across them,
/// why it has none.
fn value_cells(
    value: &CancelValue,
    side: Side,
    limit_shown: bool,
    customer: &str,
    status: &Status,
) -> AnyView {
    let columns = if limit_shown { "4" } else { "3" };
    let across = |testid: &'static str, text: String, why: Option<String>| {
        view! {
            <td colspan=columns class="muted" data-testid=testid>
                <strong>{text}</strong>
                {why.map(|why| view! { <span class="small">" — "{why}</span> })}
            </td>
        }
        .into_any()
    };
    match value {
        CancelValue::Priced(a) => view! {
            <td class="num">
                <AmountText money=a.on(side).refund testid="row-refund" />
                {a.full_refund.map(|p| view! { " "<span class=provenance_class(p) data-testid="row-full-refund">{format!("{} · {}", t(Key::FullRefundRule), i18n::provenance(p))}</span> })}
            </td>
            <td class="num"><AmountText money=a.on(side).canceled_payments testid="row-canceled" /></td>
            {limit_shown.then(|| view! { <td class="num"><AmountText money=a.counted_usd testid="row-counted" /></td> })}
            <td class="num"><AmountText money=a.customer.saves testid="row-saves" /></td>
        }
        .into_any(),
        CancelValue::NotRefundable { why } => {
            across("row-not-refundable", t(Key::NotRefundable).into(), Some(i18n::refund_error(why)))
        }
        CancelValue::NoRate => across("row-no-rate", t(Key::NoRateToValue).into(), None),
        // Closed: and what it became (its successor, what an exchange bought), as links.
        CancelValue::Closed => view! {
            <td colspan=columns class="muted" data-testid="row-closed">
                <strong>{t(Key::Closed)}</strong>
                <WhatItBecame customer=customer.to_string() status=status.clone() compact=true />
            </td>
        }
        .into_any(),
    }
}

#[component]
fn BuyReservation(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let family = RwSignal::new("compute".to_string());
    let sku_text = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let term = RwSignal::new("P1Y".to_string());
    let plan = RwSignal::new("Upfront".to_string());
    let quantity = RwSignal::new("1".to_string());
    let price = RwSignal::new(String::new());
    let customer_price = RwSignal::new(String::new());
    let purchase_date = RwSignal::new(String::new());
    let errors = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let buy_refused = Memo::new(move |_| {
        app.session.with(|s| buy_refusal(s, &id.get_value()).map(|r| i18n::rejection(&r)))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = std::collections::BTreeMap::new();
        let sku_v = parse_name_input(&sku_text.get())
            .map_err(|e| problems.insert("sku", i18n::labelled(t(Key::Sku), &e)))
            .ok();
        let region_v = parse_name_input(&region.get())
            .map_err(|e| problems.insert("region", i18n::labelled(t(Key::Region), &e)))
            .ok();
        let quantity_v = parse_quantity_input(&quantity.get())
            .map_err(|e| problems.insert("quantity", i18n::labelled(t(Key::Quantity), &e)))
            .ok();
        // The customer's billing currency: a price may be typed with its code, as the page writes it.
        let currency = app.session.with(|s| s.workspace().customer(&id.get_value()).map(|c| c.currency));
        let currency = currency.unwrap_or(reservoir::domain::money::Currency::USD);
        let price_v = parse_money_input(&price.get(), currency)
            .map_err(|e| problems.insert("price", i18n::labelled(t(Key::UnitPrice), &e)))
            .ok();
        let customer_price_v = if customer_price.get().trim().is_empty() {
            Some(None)
        } else {
            parse_money_input(&customer_price.get(), currency)
                .map(Some)
                .map_err(|e| problems.insert("customer_price", i18n::labelled(t(Key::CustomerUnitPrice), &e)))
                .ok()
        };
        let date_v = if purchase_date.get().trim().is_empty() {
            Some(None)
        } else {
            match parse_date_field(&purchase_date.get()) {
                Ok(d) => Some(Some(d)),
                Err(e) => {
                    problems.insert("purchase_date", i18n::labelled(t(Key::PurchaseDate), &e));
                    None
                }
            }
        };
        let family_v = ProductFamily::parse(&family.get());
        let empty = problems.is_empty();
        errors.set(problems);
        if !empty {
            return;
        }
        let (
            Some(sku),
            Some(region),
            Some(quantity),
            Some(unit_price),
            Some(customer_unit_price),
            Some(purchase_date_v),
            Some(family),
        ) = (sku_v, region_v, quantity_v, price_v, customer_price_v, date_v, family_v)
        else {
            return;
        };
        let command = Command::Buy {
            customer: route_id(&id.get_value()),
            reservation: Box::new(NewReservation {
                id: None,
                order_id: None,
                family,
                service: None,
                sku,
                region,
                term: if term.get() == "P3Y" { Term::P3Y } else { Term::P1Y },
                billing_plan: if plan.get() == "Monthly" {
                    BillingPlan::Monthly
                } else {
                    BillingPlan::Upfront
                },
                quantity,
                unit_price,
                current_unit_price: None,
                customer_unit_price,
                scope: Scope::Shared,
                purchase_date: purchase_date_v,
                used: true,
                display_name: None,
            }),
        };
        if app.dispatch(command) {
            sku_text.set(String::new());
            price.set(String::new());
        }
    };
    let text_field = move |label: Key, testid, field, value, mode| {
        text_field(t(label), format!("buy-{field}"), testid, mode, value, error_of(field))
    };
    view! {
        <form class="card" on:submit=submit data-testid="buy-form">
            <h2>{t(Key::BuyOrRecord)}</h2>
            <p class="muted small">{t(Key::BuyHint)}</p>
            <div class="form-grid">
                <div class="field">
                    <label for="buy-family">{t(Key::Family)}</label>
                    <select id="buy-family" data-testid="buy-family" on:change=move |ev| family.set(event_target_value(&ev))>
                        {KNOWN_FAMILIES.iter().map(|f| view! { <option value=*f>{i18n::family(f)}</option> }).collect_view()}
                    </select>
                </div>
                {text_field(Key::Sku, "buy-sku", "sku", sku_text, "text")}
                {text_field(Key::Region, "buy-region", "region", region, "text")}
                <div class="field">
                    <label for="buy-term">{t(Key::Term)}</label>
                    <select id="buy-term" data-testid="buy-term" on:change=move |ev| term.set(event_target_value(&ev))>
                        <option value="P1Y">{i18n::term(Term::P1Y)}</option>
                        <option value="P3Y">{i18n::term(Term::P3Y)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="buy-plan">{t(Key::BillingPlan)}</label>
                    <select id="buy-plan" data-testid="buy-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                        <option value="Upfront">{i18n::plan(BillingPlan::Upfront)}</option>
                        <option value="Monthly">{i18n::plan(BillingPlan::Monthly)}</option>
                    </select>
                </div>
                {text_field(Key::Quantity, "buy-quantity", "quantity", quantity, "numeric")}
                {text_field(Key::UnitPriceHint, "buy-price", "price", price, "decimal")}
                {text_field(Key::CustomerUnitPrice, "buy-customer-price", "customer_price", customer_price, "decimal")}
                <div class="field">
                    <label for="buy-purchase_date">{t(Key::PurchaseDateOptional)}</label>
                    <input id="buy-purchase_date" type="date" data-testid="buy-purchase-date" aria-describedby="buy-purchase_date-error"
                        aria-invalid=move || errors.with(|e| e.contains_key("purchase_date")).then_some("true")
                        prop:value=move || purchase_date.get() on:change=move |ev| purchase_date.set(event_target_value(&ev)) />
                    <FieldError id="buy-purchase_date-error".into() message=error_of("purchase_date") />
                </div>
            </div>
            <button type="submit" class="primary" data-testid="buy-submit" disabled=move || buy_refused.get().is_some()>{t(Key::Buy)}</button>
            <p class="why" data-testid="buy-why">{move || buy_refused.get()}</p>
        </form>
    }
}

/// The customer's orders, in the order they were placed, a page at a time (`Pager`): the
/// benchmark's customer of 5,000 reservations has 1,250.
#[component]
fn Orders(id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let orders = Memo::new(move |_| app.session.with(|s| orders(s, &id.get_value())));
    let count = Signal::derive(move || orders.with(Vec::len));
    // A memo, so the pager is drawn again only when it comes or goes, not at every change.
    let paged = Memo::new(move |_| count.get() > PAGE_ROWS);
    let page = RwSignal::new(0);
    let line = |l: &OrderLine| {
        let state = match l.closed {
            None => t(Key::Active).to_string(),
            Some(date) => format!("{} {}", t(Key::ClosedOn), i18n::date(date)),
        };
        format!("{} · {} × {} · {}", l.reservation, l.quantity, l.sku, state)
    };
    view! {
        <section class="card" data-testid="orders">
            <h2>{t(Key::OrderHistory)}</h2>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr>
                    <th scope="col">{t(Key::OrderId)}</th>
                    <th scope="col">{t(Key::PurchaseDate)}</th>
                    <th scope="col">{t(Key::Reservations)}</th>
                </tr></thead>
                <tbody>
                    {move || orders.with(|all| all[page_rows(page.get(), all.len())].iter().map(|o| view! {
                        <tr>
                            <th scope="row"><code>{o.order.to_string()}</code></th>
                            <td>{o.first_purchase.map(i18n::date).unwrap_or_default()}</td>
                            <td><ul class="plain">{o.lines.iter().map(|l| view! { <li>{line(l)}</li> }).collect_view()}</ul></td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table></div>
            {move || paged.get().then(|| view! {
                <Pager page=page count=count shown=Key::OrdersShown testid="orders-page-of" />
            })}
        </section>
    }
}
