//! One reservation: its properties, its refund value today and on a what-if date with a chart over
//! the remaining term, the refund quote (the same numbers and names as `reservoir quote`) with its
//! breakdown, cancel, exchange, and the support-request draft.

use leptos::prelude::*;
use reservoir::app::queries::{reservation_values, returnable, ReservationValues};
use reservoir::domain::breakdown::{Breakdown, Op};
use reservoir::domain::calendar::Term;
use reservoir::domain::exchange::Purchase;
use reservoir::domain::partner::{refusal, ActionKind};
use reservoir::domain::quote::RefundQuote;
use reservoir::domain::reservation::{
    BillingPlan, ProductFamily, Reservation, Scope, Status, KNOWN_FAMILIES,
};
use reservoir::formats::csv::QuoteSubject;
use reservoir::formats::reproduce::refund_request;
use reservoir::simulation::command::{Command, Rejection, ReturnLine};

use crate::components::{
    download_csv, parse_amount_input, parse_date_input, parse_name_input, parse_quantity_input,
    parse_units_input, route_id, text_field, AmountText, CopyButton, FieldError, LineChart, Series,
};
use crate::i18n::{self, t, Key};
use crate::route::Route;
use crate::state::AppState;

#[component]
pub fn ReservationPage(customer: String, reservation: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let ids = StoredValue::new((customer, reservation));
    let found = Memo::new(move |_| {
        let (c, r) = ids.get_value();
        app.session.with(|s| s.workspace().customer(&c).and_then(|c| c.reservation(&r)).cloned())
    });
    move || {
        let (customer, id) = ids.get_value();
        let Some(r) = found.get() else {
            return view! {
                <h1>{t(Key::ReservationNotFound)}</h1>
                <p><a href=Route::Customer(customer).hash()>{t(Key::BackToCustomer)}</a></p>
            }
            .into_any();
        };
        let customer_name = app
            .session
            .with(|s| s.workspace().customer(&customer).map(|c| c.name.clone()).unwrap_or_default());
        view! {
            <nav class="crumbs" aria-label=t(Key::Breadcrumbs)>
                <a href=Route::Customers.hash()>{t(Key::Customers)}</a>" / "
                <a href=Route::Customer(customer.clone()).hash()>{customer_name.to_string()}</a>" / "
                <span>{id.clone()}</span>
            </nav>
            <h1>{format!("{} {}", t(Key::Reservation), r.id)}</h1>
            <div class="columns">
                <Properties customer=customer.clone() reservation=r.clone() />
                <ValueOverTime customer=customer.clone() reservation=r.clone() />
            </div>
            {(r.status == Status::Active).then(|| view! {
                <ManagePanel customer=customer.clone() reservation=r.clone() />
                <RefundPanel customer=customer.clone() reservation=r.clone() />
                <ExchangePanel customer=customer.clone() reservation=r.clone() />
            })}
        }
        .into_any()
    }
}

/// What a closed reservation became, as links: the reservation that holds its remaining units
/// after a partial return, and what the exchange that returned it bought. Nothing for an
/// active one, or one refunded whole. `compact` (a table cell) writes only an arrow before the
/// links.
#[component]
pub fn WhatItBecame(customer: String, status: Status, #[prop(optional)] compact: bool) -> impl IntoView {
    let Status::Closed { successor, exchanged_for, .. } = status else { return ().into_any() };
    let link = move |id: String, testid: &'static str| {
        let route = Route::Reservation(customer.clone(), id.clone());
        view! { <a href=route.hash() data-testid=testid>{id}</a> }
    };
    let lead = move |key: Key| if compact { "→".to_string() } else { t(key).to_string() };
    view! {
        {successor.map(|id| view! {
            <span class="became" data-testid="successor">{lead(Key::RemainingUnitsIn)}" "{link(id, "successor-link")}</span>
        })}
        {(!exchanged_for.is_empty()).then(|| view! {
            <span class="became" data-testid="exchanged-for">{lead(Key::ExchangedFor)}" "
                {exchanged_for.into_iter().enumerate().map(|(i, id)| view! {
                    {(i > 0).then_some(", ")}{link(id, "exchanged-for-link")}
                }).collect_view()}
            </span>
        })}
    }
    .into_any()
}

#[component]
fn Properties(customer: String, reservation: Reservation) -> impl IntoView {
    let r = reservation;
    let dates = r.term_dates();
    let row = |label: Key, value: String| view! { <tr><th scope="row">{t(label)}</th><td>{value}</td></tr> };
    view! {
        <section class="card" data-testid="properties">
            <h2>{t(Key::Properties)}</h2>
            <table class="props">
                <tbody>
                    <tr>
                        <th scope="row">{t(Key::ReservationId)}</th>
                        <td><code data-testid="reservation-id">{r.id.to_string()}</code>" "<CopyButton text=r.id.to_string() label=t(Key::Copy) testid="copy-reservation-id" /></td>
                    </tr>
                    <tr>
                        <th scope="row">{t(Key::OrderId)}</th>
                        <td><code data-testid="order-id">{r.order_id.to_string()}</code>" "<CopyButton text=r.order_id.to_string() label=t(Key::Copy) testid="copy-order-id" /></td>
                    </tr>
                    {row(Key::Family, i18n::family(r.family.name()))}
                    {row(Key::Sku, r.sku.clone())}
                    {row(Key::Region, r.region.clone())}
                    {row(Key::Quantity, r.quantity.to_string())}
                    {row(Key::Term, i18n::term(r.term))}
                    {row(Key::BillingPlan, i18n::plan(r.billing_plan))}
                    {row(Key::PurchaseDate, i18n::date(r.purchase_date))}
                    {row(Key::TermEnds, i18n::date(dates.term_end))}
                    {row(Key::Scope, i18n::scope(&r.scope))}
                    {row(Key::UnitPrice, i18n::price(r.currency, r.unit_price))}
                    {row(Key::CurrentUnitPrice, r.current_unit_price.map(|p| i18n::price(r.currency, p)).unwrap_or_else(|| t(Key::Unknown).into()))}
                    {row(Key::CustomerUnitPrice, r.customer_unit_price.map(|p| i18n::price(r.currency, p)).unwrap_or_else(|| t(Key::SameAsPartner).into()))}
                    {row(Key::BoughtBy, i18n::buyer(r.bought_by).into())}
                    {row(Key::Origin, i18n::origin(r.origin).into())}
                    {row(Key::Used, t(if r.used { Key::Yes } else { Key::No }).into())}
                    <tr>
                        <th scope="row">{t(Key::Status)}</th>
                        <td data-testid="reservation-status">{match &r.status {
                            Status::Active => t(Key::Active).to_string(),
                            Status::Closed { date, .. } => format!("{} {}", t(Key::ClosedOn), i18n::date(*date)),
                        }}<WhatItBecame customer=customer status=r.status.clone() /></td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ValueOverTime(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    let values = Memo::new(move |_| {
        let what_if = app.valuation_date();
        app.session
            .with(|s| reservation_values(s, &customer.get_value(), &r.with_value(|r| r.id.clone()), what_if))
    });
    view! {
        <section class="card" data-testid="value-over-time">
            <h2>{t(Key::RefundValue)}</h2>
            {move || {
                let Some(ReservationValues { today: today_value, what_if, what_if_value, curve }) = values.get() else {
                    return ().into_any();
                };
                let currency = r.with_value(|r| r.currency.code().to_string());
                let series = vec![Series {
                    name: t(Key::RefundOfAllUnits).into(),
                    class: "line-a",
                    steps: false,
                    points: curve.iter().map(|p| (p.date, p.value.amount())).collect(),
                }];
                view! {
                    <div class="stats">
                        <div class="stat">
                            <span class="label">{t(Key::Today)}</span>
                            {match today_value {
                                Some(m) => view! { <AmountText money=m testid="value-today" /> }.into_any(),
                                None => view! { <span class="muted" data-testid="value-today">{t(Key::NotRefundableThatDay)}</span> }.into_any(),
                            }}
                        </div>
                        <div class="stat">
                            <label class="label" for="what-if">{t(Key::WhatIfDate)}</label>
                            <input id="what-if" type="date" data-testid="what-if" prop:value=what_if.to_string()
                                on:change=move |ev| app.what_if.set(parse_date_input(&event_target_value(&ev)).map(|d| d.get())) />
                            {match what_if_value {
                                Some(m) => view! { <AmountText money=m testid="value-what-if" /> }.into_any(),
                                None => view! { <span class="muted" data-testid="value-what-if">{t(Key::NotRefundableThatDay)}</span> }.into_any(),
                            }}
                        </div>
                    </div>
                    <LineChart series=series title=t(Key::RefundValueChartTitle).into() currency=currency testid="value-chart" />
                }
                .into_any()
            }}
        </section>
    }
}

/// The breakdown as a table: each chain's lines, its totals in bold.
#[component]
pub fn BreakdownTable(breakdown: Breakdown, testid: &'static str) -> impl IntoView {
    view! {
        <table class="breakdown" data-testid=testid>
            <caption class="sr-only">{t(Key::Breakdown)}</caption>
            <tbody>
                {breakdown.lines().iter().map(|line| {
                    let sign = match line.op { Op::Start => "", Op::Plus => "+ ", Op::Minus => "− ", Op::Equals => "= " };
                    view! {
                        <tr class=match line.op { Op::Equals => "total", Op::Start => "start", _ => "" }>
                            <th scope="row">{i18n::breakdown_label(&line.item)}</th>
                            <td class="op">{sign}</td>
                            <td class="num"><AmountText money=line.amount /></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The quote's figures under the Azure API's names, exactly as `reservoir quote` writes them.
#[component]
pub fn QuoteFigures(quote: RefundQuote) -> impl IntoView {
    let priced = quote.priced.clone();
    let line = move |name: &'static str, label: Key, money: Option<reservoir::domain::money::Money>| {
        view! {
            <tr>
                <th scope="row">{t(label)}" "<code class="api">{name}</code></th>
                <td class="num">{money.map(|m| view! { <AmountText money=m testid=name /> })}</td>
            </tr>
        }
    };
    view! {
        <table class="figures" data-testid="quote-figures">
            <tbody>
                {line("billingRefundAmount", Key::RefundToPartner, priced.as_ref().map(|p| p.partner.refund))}
                {line("pricingRefundAmount", Key::RefundInUsd, priced.as_ref().map(|p| p.refund_usd))}
                {line("billingFeeAmount", Key::Fee, priced.as_ref().map(|p| p.partner.fee))}
                {line("billingCurrencyTotalPaidAmount", Key::TotalPaid, priced.as_ref().map(|p| p.partner.total_paid))}
                {line("billingCurrencyProratedAmount", Key::KeptByMicrosoft, priced.as_ref().map(|p| p.partner.prorated_amount))}
                {line("billingCurrencyRemainingCommitmentAmount", Key::RemainingCommitment, priced.as_ref().map(|p| p.partner.remaining_commitment))}
                {line("canceledCommitmentUsd", Key::CanceledCommitment, Some(quote.limit.requested))}
                {line("consumedRefundsTotal", Key::LimitUsed, Some(quote.limit.consumed))}
                {line("maxRefundLimit", Key::RefundLimit, Some(quote.limit.limit))}
                {line("customerRefundAmount", Key::OwedToCustomer, priced.as_ref().and_then(|p| p.customer.as_ref().map(|c| c.refund)))}
                <tr>
                    <th scope="row">{t(Key::Payments)}" "<code class="api">"completedTransactions / totalTransactions"</code></th>
                    <td class="num" data-testid="transactions">{priced.as_ref().map(|p| format!("{} / {}", p.completed_transactions, p.total_transactions))}</td>
                </tr>
                <tr>
                    <th scope="row">{t(Key::EarliestFit)}" "<code class="api">"earliestDateThatFits"</code></th>
                    <td class="num" data-testid="earliestDateThatFits">{quote.earliest_fit().map(i18n::date).unwrap_or_else(|| "—".into())}</td>
                </tr>
            </tbody>
        </table>
    }
}

/// What a partner changes on a reservation besides returning it: its scope, a renewal, whether it
/// is used, and today's price. The customer itself may do none of these (the buttons say why).
#[component]
fn ManagePanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    let id = move || r.with_value(|r| r.id.clone());
    let subscriptions = Memo::new(move |_| {
        app.session.with(|s| {
            s.workspace()
                .customer(&customer.get_value())
                .map(|c| c.subscriptions.iter().map(|x| x.id.to_string()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let scope_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::ChangeScope)
                .map(|why| i18n::not_allowed(&why, ActionKind::ChangeScope))
        })
    });
    let renew_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Renew).map(|why| i18n::not_allowed(&why, ActionKind::Renew))
        })
    });
    let price =
        RwSignal::new(r.with_value(|r| r.current_unit_price.map(|p| p.to_string()).unwrap_or_default()));
    let price_error = RwSignal::new(None::<String>);
    let current_scope = r.with_value(|r| match &r.scope {
        Scope::Single { subscription } => subscription.to_string(),
        _ => String::new(),
    });
    view! {
        <section class="card" data-testid="manage-panel">
            <h2>{t(Key::Manage)}</h2>
            <div class="form-row">
                <div class="field">
                    <label for="scope-select">{t(Key::Scope)}</label>
                    <select id="scope-select" data-testid="scope-select" disabled=move || scope_refusal.get().is_some()
                        prop:value=current_scope.clone()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let scope = if value.is_empty() { Scope::Shared } else { Scope::Single { subscription: route_id(&value) } };
                            app.dispatch(Command::ChangeScope { customer: route_id(&customer.get_value()), reservation: route_id(&id()), scope });
                        }>
                        <option value="">{t(Key::SharedScope)}</option>
                        {move || subscriptions.get().into_iter().map(|sub| view! {
                            <option value=sub.to_string()>{format!("{} {sub}", t(Key::SingleSubscription))}</option>
                        }).collect_view()}
                    </select>
                </div>
                {text_field(t(Key::CurrentUnitPrice), "current-price".into(), "current-price", "decimal", price, price_error.into())}
                <button data-testid="current-price-save" on:click=move |_| {
                    let text = price.get();
                    let parsed = if text.trim().is_empty() { Ok(None) } else { parse_amount_input(&text).map(Some) };
                    match parsed {
                        Ok(current_unit_price) => {
                            price_error.set(None);
                            app.dispatch(Command::SetCurrentPrice { customer: route_id(&customer.get_value()), reservation: route_id(&id()), current_unit_price });
                        }
                        Err(e) => price_error.set(Some(format!("{}: {e}", t(Key::CurrentUnitPrice)))),
                    }
                }>{t(Key::Save)}</button>
                <label class="check">
                    <input type="checkbox" data-testid="used-toggle" prop:checked=r.with_value(|r| r.used)
                        on:change=move |ev| {
                            app.dispatch(Command::SetUsed { customer: route_id(&customer.get_value()), reservation: route_id(&id()), used: event_target_checked(&ev) });
                        } />
                    {t(Key::Used)}
                </label>
                <button data-testid="renew" disabled=move || renew_refusal.get().is_some() on:click=move |_| {
                    app.dispatch(Command::Renew { customer: route_id(&customer.get_value()), reservation: route_id(&id()) });
                }>{t(Key::Renew)}</button>
            </div>
            <p class="why" data-testid="manage-why">{move || scope_refusal.get()}</p>
            <p class="muted small">{t(Key::RenewHint)}</p>
        </section>
    }
}

/// The quote as a CSV file that says whose it is, on which day and under which policy.
fn quote_csv(app: AppState, q: &RefundQuote, customer: &str, reservation: &str, units: u32) -> String {
    let date = app.today();
    app.session.with_untracked(|s| {
        let w = s.workspace();
        w.customer(customer)
            .map(|c| {
                let subject = QuoteSubject { customer: c, reservation, units, date, policy: &w.policy };
                reservoir::formats::csv::quote(q, &subject, i18n::breakdown_label, i18n::refund_error)
            })
            .unwrap_or_default()
    })
}

#[component]
fn RefundPanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    let quantity_text = RwSignal::new(r.with_value(|r| r.quantity.to_string()));
    let quantity = Memo::new(move |_| parse_units_input(&quantity_text.get()));
    let quote = Memo::new(move |_| {
        let today = app.today();
        let q = quantity.get().unwrap_or(0);
        app.session.with(|s| {
            s.workspace().quote_refund(&customer.get_value(), &r.with_value(|r| r.id.clone()), q, today)
        })
    });
    let request = Memo::new(move |_| {
        let today = app.today();
        let q = quantity.get().unwrap_or(0);
        app.session.with(|s| {
            refund_request(s.workspace(), &customer.get_value(), &r.with_value(|r| r.id.clone()), q, today)
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
                .unwrap_or_default()
        })
    });
    let role_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Cancel).map(|why| i18n::not_allowed(&why, ActionKind::Cancel))
        })
    });
    let support = Memo::new(move |_| {
        let Some(quote) = quote.get() else { return String::new() };
        let Some(priced) = quote.priced else { return String::new() };
        app.session.with(|s| {
            let w = s.workspace();
            let c = w.customer(&customer.get_value());
            let name = c.map(|c| c.name.clone()).unwrap_or_default();
            r.with_value(|r| {
                i18n::support_request(
                    r,
                    &name,
                    priced.quantity,
                    &[
                        ("billingRefundAmount", priced.partner.refund),
                        ("pricingRefundAmount", priced.refund_usd),
                        ("canceledCommitmentUsd", priced.canceled_commitment_usd),
                    ],
                )
            })
        })
    });
    view! {
        <section class="card" data-testid="refund-panel">
            <h2>{t(Key::RefundQuote)}</h2>
            <form class="form-row" on:submit=move |ev| {
                ev.prevent_default();
                if let Ok(q) = quantity.get() {
                    app.dispatch(Command::Refund { customer: route_id(&customer.get_value()), reservation: r.with_value(|r| r.id.clone()), quantity: q });
                }
            }>
                <div class="field">
                    <label for="refund-quantity">{move || format!("{} ({} {})", t(Key::UnitsToReturn), t(Key::Of), r.with_value(|r| r.quantity))}</label>
                    <input id="refund-quantity" data-testid="refund-quantity" inputmode="numeric" aria-describedby="refund-quantity-error"
                        aria-invalid=move || quantity.get().is_err().then_some("true")
                        prop:value=move || quantity_text.get() on:input=move |ev| quantity_text.set(event_target_value(&ev)) />
                    <FieldError id="refund-quantity-error".into() message=Signal::derive(move || quantity.get().err()) />
                </div>
                <button type="submit" class="danger" data-testid="refund-submit"
                    disabled=move || role_refusal.get().is_some() || quote.get().is_none_or(|q| !q.is_allowed())>
                    {t(Key::CancelUnits)}
                </button>
                <p class="why" data-testid="refund-why">{move || role_refusal.get()}</p>
            </form>
            <div role="status" aria-live="polite">
                {move || quote.get().map(|q| {
                    let errors = q.errors.clone();
                    let breakdown = q.breakdown.clone();
                    view! {
                        {(!errors.is_empty()).then(|| view! {
                            <ul class="errors" data-testid="policy-errors">
                                {errors.into_iter().map(|e| view! {
                                    <li data-code=e.code()><strong>{e.code()}</strong>": "{i18n::refund_error(&e)}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        <QuoteFigures quote=q.clone() />
                        <button class="small" data-testid="quote-csv" on:click={
                            let q = q.clone();
                            move |_| download_csv(&format!("quote-{}.csv", r.with_value(|r| r.id.clone())), &quote_csv(app, &q, &customer.get_value(), &r.with_value(|r| r.id.to_string()), quantity.get_untracked().unwrap_or(0)))
                        }>{t(Key::DownloadCsv)}</button>
                        <details open>
                            <summary>{t(Key::Breakdown)}</summary>
                            <BreakdownTable breakdown=breakdown testid="refund-breakdown" />
                        </details>
                    }
                })}
            </div>
            <details>
                <summary>{t(Key::ReproduceWithCli)}</summary>
                <p class="muted small">{t(Key::ReproduceHint)}</p>
                // Built again when the request changes: read once, it copied the request for the
                // quantity the page opened with, not the one shown below it.
                {move || view! { <CopyButton text=request.get() label=t(Key::CopyRequest) testid="copy-request" /> }}
                <pre data-testid="quote-request">{move || request.get()}</pre>
            </details>
            <details data-testid="support-request">
                <summary>{t(Key::SupportRequestDraft)}</summary>
                <p class="muted small">{t(Key::SupportRequestHint)}</p>
                {move || view! { <CopyButton text=support.get() label=t(Key::CopyDraft) testid="copy-support" /> }}
                <pre data-testid="support-text">{move || support.get()}</pre>
            </details>
        </section>
    }
}

/// A purchase line being edited in the exchange basket: the text as typed, and its checked value.
#[derive(Clone, Debug, PartialEq)]
struct PurchaseDraft {
    family: String,
    sku: String,
    term: String,
    plan: String,
    quantity: String,
    price: String,
}

impl PurchaseDraft {
    fn parse(
        &self,
        currency: reservoir::domain::money::Currency,
    ) -> Result<Purchase, (&'static str, String)> {
        let family = ProductFamily::parse(&self.family).ok_or(("family", t(Key::Family).to_string()))?;
        let quantity = parse_quantity_input(&self.quantity)
            .map_err(|e| ("quantity", format!("{}: {e}", t(Key::Quantity))))?;
        // A line with no SKU yet is still a line; an SKU that is typed must be a name.
        let sku = match self.sku.trim() {
            "" => None,
            typed => Some(parse_name_input(typed).map_err(|e| ("sku", format!("{}: {e}", t(Key::Sku))))?),
        };
        let unit_price =
            parse_amount_input(&self.price).map_err(|e| ("price", format!("{}: {e}", t(Key::UnitPrice))))?;
        Ok(Purchase {
            family,
            service: None,
            sku,
            // The basket has no region field: unknown, so left out (an empty one was once stored
            // and could not be read back, which locked the partner's data).
            region: None,
            term: if self.term == "P3Y" { Term::P3Y } else { Term::P1Y },
            billing_plan: if self.plan == "Monthly" { BillingPlan::Monthly } else { BillingPlan::Upfront },
            quantity,
            currency,
            unit_price,
            scope: Scope::Shared,
        })
    }
}

#[component]
fn ExchangePanel(customer: String, reservation: Reservation) -> impl IntoView {
    let app = expect_context::<AppState>();
    let customer = StoredValue::new(customer);
    let r = StoredValue::new(reservation);
    // Returned: this reservation by default; others of the customer can be added.
    let returns =
        RwSignal::new(vec![(r.with_value(|r| r.id.clone()), r.with_value(|r| r.quantity.to_string()))]);
    let purchases = RwSignal::new(vec![PurchaseDraft {
        family: r.with_value(|r| r.family.name().to_string()),
        sku: r.with_value(|r| r.sku.clone()),
        term: "P3Y".into(),
        plan: "Upfront".into(),
        quantity: "1".into(),
        price: String::new(),
    }]);
    let others = Memo::new(move |_| app.session.with(|s| returnable(s, &customer.get_value())));
    // The live preview: the lines as typed, then the exchange command's own check and prices
    // (`Workspace::preview_exchange`), so what is shown is what pressing the button would do.
    let live = Memo::new(move |_| {
        app.session.with(|s| {
            let w = s.workspace();
            let c = w.customer(&customer.get_value())?;
            let mut line_errors: Vec<(String, String)> = Vec::new();
            let typed = returns.get();
            let mut lines = Vec::new();
            for (index, (id, q)) in typed.iter().enumerate() {
                match parse_units_input(q) {
                    Ok(quantity) => lines.push(ReturnLine { reservation: id.clone(), quantity }),
                    Err(e) => {
                        line_errors.push((format!("return-{index}"), format!("{}: {e}", t(Key::Quantity))))
                    }
                }
            }
            let mut bought = Vec::new();
            let mut incomplete = false;
            for (index, draft) in purchases.get().iter().enumerate() {
                // A purchase whose price is not typed yet is not an error, only unfinished.
                if draft.price.trim().is_empty() {
                    incomplete = true;
                    continue;
                }
                match draft.parse(c.currency) {
                    Ok(p) => bought.push(p),
                    Err((field, e)) => line_errors.push((format!("purchase-{index}-{field}"), e)),
                }
            }
            let preview = w.preview_exchange(s.today.get(), &c.id, &lines, &bought);
            // A reservation that is gone is named beside its line, as a mistyped quantity is.
            if let Err(Rejection::UnknownReservation { reservation, .. }) = &preview {
                if let Some(index) = typed.iter().position(|(id, _)| id.as_str() == reservation) {
                    line_errors.push((format!("return-{index}"), t(Key::ReservationNotFound).into()));
                }
            }
            let command = Command::Exchange { customer: c.id.clone(), returns: lines, purchases: bought };
            Some((preview, line_errors, command, incomplete))
        })
    });
    let error_for = move |key: String| {
        Signal::derive(move || {
            live.with(|l| {
                l.as_ref()
                    .and_then(|(_, errs, _, _)| errs.iter().find(|(k, _)| *k == key).map(|(_, e)| e.clone()))
            })
        })
    };
    let role_refusal = Memo::new(move |_| {
        app.session.with(|s| {
            refusal(&s.actor, ActionKind::Exchange).map(|why| i18n::not_allowed(&why, ActionKind::Exchange))
        })
    });
    let set_purchase = move |index: usize, f: fn(&mut PurchaseDraft, String), value: String| {
        purchases.update(|p| {
            if let Some(d) = p.get_mut(index) {
                f(d, value)
            }
        });
    };
    view! {
        <section class="card" data-testid="exchange-panel">
            <h2>{t(Key::Exchange)}</h2>
            <p class="muted small">{t(Key::ExchangeHint)}</p>
            <h3>{t(Key::Returned)}</h3>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr><th scope="col">{t(Key::ReservationId)}</th><th scope="col">{t(Key::Quantity)}</th><th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th></tr></thead>
                <tbody>
                    {move || returns.get().into_iter().enumerate().map(|(index, (id, q))| {
                        let input_id = format!("exchange-return-{index}");
                        let error_id = format!("{input_id}-error");
                        view! {
                            <tr>
                                <th scope="row">{id.to_string()}</th>
                                <td>
                                    <label class="sr-only" for=input_id.clone()>{t(Key::Quantity)}</label>
                                    <input id=input_id data-testid=format!("exchange-return-quantity-{index}") class="short" aria-describedby=error_id.clone()
                                        aria-invalid={ let key = format!("return-{index}"); move || error_for(key.clone()).get().is_some().then_some("true") }
                                        prop:value=q on:change=move |ev| returns.update(|r| if let Some(line) = r.get_mut(index) { line.1 = event_target_value(&ev) }) />
                                    <FieldError id=error_id message=error_for(format!("return-{index}")) />
                                </td>
                                <td><button class="link" on:click=move |_| returns.update(|r| { if r.len() > 1 { r.remove(index); } })>{t(Key::Remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <label class="inline">
                <span>{t(Key::AddReturn)}</span>
                <select data-testid="exchange-add-return" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        returns.update(|r| if !r.iter().any(|(x, _)| *x == id) { r.push((route_id(&id), "1".into())) });
                    }
                }>
                    <option value="">"—"</option>
                    {move || others.get().into_iter().map(|id| view! { <option value=id.to_string()>{id.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <h3>{t(Key::Bought)}</h3>
            <div class="table-scroll"><table class="grid compact">
                <thead><tr>
                    <th scope="col">{t(Key::Family)}</th><th scope="col">{t(Key::Sku)}</th><th scope="col">{t(Key::Term)}</th>
                    <th scope="col">{t(Key::BillingPlan)}</th><th scope="col">{t(Key::Quantity)}</th><th scope="col">{t(Key::UnitPrice)}</th>
                    <th scope="col"><span class="sr-only">{t(Key::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {move || purchases.get().into_iter().enumerate().map(|(index, d)| {
                        let price_error = format!("exchange-purchase-{index}-price-error");
                        let quantity_error = format!("exchange-purchase-{index}-quantity-error");
                        let sku_error = format!("exchange-purchase-{index}-sku-error");
                        view! {
                            <tr>
                                <td><select aria-label=t(Key::Family) prop:value=d.family.clone() on:change=move |ev| set_purchase(index, |d, v| d.family = v, event_target_value(&ev))>
                                    {KNOWN_FAMILIES.iter().map(|f| view! { <option value=*f>{i18n::family(f)}</option> }).collect_view()}
                                </select></td>
                                <td>
                                    <input aria-label=t(Key::Sku) data-testid=format!("exchange-purchase-sku-{index}") aria-describedby=sku_error.clone()
                                        aria-invalid={ let key = format!("purchase-{index}-sku"); move || error_for(key.clone()).get().is_some().then_some("true") }
                                        prop:value=d.sku.clone() on:change=move |ev| set_purchase(index, |d, v| d.sku = v, event_target_value(&ev)) />
                                    <FieldError id=sku_error message=error_for(format!("purchase-{index}-sku")) />
                                </td>
                                <td><select aria-label=t(Key::Term) prop:value=d.term.clone() on:change=move |ev| set_purchase(index, |d, v| d.term = v, event_target_value(&ev))>
                                    <option value="P1Y">{i18n::term(Term::P1Y)}</option><option value="P3Y">{i18n::term(Term::P3Y)}</option>
                                </select></td>
                                <td><select aria-label=t(Key::BillingPlan) prop:value=d.plan.clone() on:change=move |ev| set_purchase(index, |d, v| d.plan = v, event_target_value(&ev))>
                                    <option value="Upfront">{i18n::plan(BillingPlan::Upfront)}</option><option value="Monthly">{i18n::plan(BillingPlan::Monthly)}</option>
                                </select></td>
                                <td>
                                    <input class="short" aria-label=t(Key::Quantity) data-testid=format!("exchange-purchase-quantity-{index}") aria-describedby=quantity_error.clone()
                                        aria-invalid={ let key = format!("purchase-{index}-quantity"); move || error_for(key.clone()).get().is_some().then_some("true") }
                                        prop:value=d.quantity.clone() on:change=move |ev| set_purchase(index, |d, v| d.quantity = v, event_target_value(&ev)) />
                                    <FieldError id=quantity_error message=error_for(format!("purchase-{index}-quantity")) />
                                </td>
                                <td>
                                    <input aria-label=t(Key::UnitPrice) inputmode="decimal" data-testid=format!("exchange-purchase-price-{index}") aria-describedby=price_error.clone()
                                        aria-invalid={ let key = format!("purchase-{index}-price"); move || error_for(key.clone()).get().is_some().then_some("true") }
                                        prop:value=d.price.clone() on:input=move |ev| set_purchase(index, |d, v| d.price = v, event_target_value(&ev)) />
                                    <FieldError id=price_error message=error_for(format!("purchase-{index}-price")) />
                                </td>
                                <td><button class="link" on:click=move |_| purchases.update(|p| { if p.len() > 1 { p.remove(index); } })>{t(Key::Remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <button class="small" data-testid="exchange-add-purchase" on:click=move |_| purchases.update(|p| {
                let last = p.last().cloned();
                p.push(last.unwrap_or(PurchaseDraft { family: "compute".into(), sku: String::new(), term: "P3Y".into(), plan: "Upfront".into(), quantity: "1".into(), price: String::new() }));
            })>{t(Key::AddPurchase)}</button>
            <div class="exchange-totals" role="status" aria-live="polite" data-testid="exchange-totals">
                {move || live.get().map(|(preview, line_errors, _, incomplete)| {
                    let refusal_item = |r: &Rejection| view! { <li data-code=r.code()><strong>{r.code()}</strong>": "{i18n::rejection(r)}</li> };
                    let preview = match preview {
                        Ok(preview) => preview,
                        // Refused before it could be priced: the command's own refusal, unless a line already names it.
                        Err(Rejection::UnknownReservation { .. }) => return ().into_any(),
                        Err(rejection) => return view! {
                            <ul class="errors" data-testid="exchange-errors">{refusal_item(&rejection)}</ul>
                        }.into_any(),
                    };
                    let quote = preview.quote;
                    // While a price is missing, or a line is refused beside its field, the basket is
                    // priced without that line: its refusal ("buys nothing", "worth too little")
                    // would be about a basket nobody asked for. The lines say what to fix.
                    let refusal = if incomplete || !line_errors.is_empty() { None } else { preview.refusal };
                    view! {
                        <div class="stats">
                            <div class="stat"><span class="label">{t(Key::RefundsTotal)}" "<code class="api">"refundsTotal"</code></span><AmountText money=quote.refunds_total testid="refundsTotal" /></div>
                            <div class="stat"><span class="label">{t(Key::PurchasesTotal)}" "<code class="api">"purchasesTotal"</code></span><AmountText money=quote.purchases_total testid="purchasesTotal" /></div>
                            <div class="stat"><span class="label">{t(Key::NetPayable)}" "<code class="api">"netPayable"</code></span><AmountText money=quote.net_payable testid="netPayable" /></div>
                        </div>
                        {refusal.map(|refusal| view! {
                            <ul class="errors" data-testid="exchange-errors">
                                {match &refusal {
                                    Rejection::ExchangeRefused { errors } => errors.iter().map(|e| view! { <li data-code=i18n::exchange_error_code(e)><strong>{i18n::exchange_error_code(e)}</strong>": "{i18n::exchange_error(e)}</li> }).collect_view().into_any(),
                                    other => refusal_item(other).into_any(),
                                }}
                            </ul>
                        })}
                        {incomplete.then(|| view! { <p class="muted" data-testid="exchange-incomplete">{t(Key::EnterPurchasePrice)}</p> })}
                        {quote.final_exchange.then(|| view! { <p class="warning-text">{t(Key::FinalExchangeNote)}</p> })}
                    }
                    .into_any()
                })}
            </div>
            <button class="primary" data-testid="exchange-submit"
                disabled=move || role_refusal.get().is_some() || live.with(|l| l.as_ref().is_none_or(|(preview, errs, _, incomplete)| {
                    *incomplete || !errs.is_empty() || preview.as_ref().map_or(true, |p| !p.is_accepted())
                }))
                on:click=move |_| {
                    if let Some((_, _, command, _)) = live.get() {
                        app.dispatch(command);
                    }
                }>
                {t(Key::ExchangeNow)}
            </button>
            <p class="why" data-testid="exchange-why">{move || role_refusal.get()}</p>
        </section>
    }
}
