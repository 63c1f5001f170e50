//! The printable refund estimate: what the partner hands the customer. One reservation's refund
//! quote for a number of units, in the app's language, with both sides of the money (what
//! Microsoft refunds the partner, what the partner owes the customer), the breakdown, the refund
//! limit before and after, the earliest date when refused, and a line saying it is an estimate
//! and under which rules. Print CSS (style/main.css) keeps it to one A4 or Letter page, black on
//! white, without the app's header or buttons.

use leptos::prelude::*;
use maud::html;
use reservoir::app::queries::customer_access;
use reservoir::domain::breakdown::Breakdown;
use reservoir::domain::money::Money;
use reservoir::domain::partner::Fact;
use reservoir::domain::reservation::Reservation;

use crate::components::{sees, AmountHtml, AmountText, Hidden};
use crate::i18n::{self, t, Key};
use crate::pages::reservation::BreakdownSteps;
use crate::route::Route;
use crate::state::AppState;
use crate::storage;

#[component]
pub fn EstimatePage(customer: String, reservation: String, units: u32) -> impl IntoView {
    let app = expect_context::<AppState>();
    let ids = StoredValue::new((customer, reservation));
    let access = Memo::new(move |_| app.session.with(|s| customer_access(s, &ids.get_value().0).err()));
    let partner_side = sees(Fact::PartnerPrice);
    move || {
        let (customer, id) = ids.get_value();
        if let Some(why) = access.get() {
            return view! { <Hidden title=Key::CustomerHidden why=i18n::customer_hidden(&why) testid="customer-hidden" /> }
                .into_any();
        }
        let today = app.today();
        let found = app.session.with(|s| {
            let w = s.workspace();
            let c = w.customer(&customer)?;
            let r = c.reservation(&id)?.clone();
            let quote = w.quote_refund(&customer, &r.id, units, today)?;
            Some((
                c.name.to_string(),
                r,
                quote,
                i18n::policy_name(&w.policy),
                w.policy.refund_window_days.get(),
            ))
        });
        let Some((customer_name, r, quote, policy, window_days)) = found else {
            return view! {
                <h1>{t(Key::ReservationNotFound)}</h1>
                <p><a href=Route::Customer(customer).hash()>{t(Key::BackToCustomer)}</a></p>
            }
            .into_any();
        };
        let partner = partner_side.get();
        let back = Route::Reservation(customer.clone(), id.clone()).hash();
        view! {
            <article class="estimate" data-testid="estimate">
                <Actions back=back />
                <h1>{t(Key::EstimateTitle)}</h1>
                <PartnerLine customer=format!("{customer_name} ({customer})") />
                <p data-testid="estimate-when">{i18n::fill(Key::EstimateWhen, &[
                    ("date", &i18n::date(today)),
                    ("policy", &policy),
                    ("units", &i18n::units(units)),
                    ("held", &i18n::units(r.quantity)),
                ])}</p>
                {(!quote.errors.is_empty()).then(|| view! {
                    <div class="estimate-refused" data-testid="estimate-refused">
                        <h2>{t(Key::EstimateRefused)}</h2>
                        <ul>
                            {quote.errors.iter().map(|e| view! { <li>{i18n::refund_error(e)}</li> }).collect_view()}
                        </ul>
                        {quote.earliest_fit().map(|date| view! {
                            <p><strong>{t(Key::EarliestFit)}{i18n::after_label()}</strong><span data-testid="estimate-earliest">{i18n::date(date)}</span></p>
                        })}
                    </div>
                })}
                // Two columns on a wide screen and on paper: the reservation and the limit beside
                // the money and how it is made, so that one refund fits one page.
                <div class="estimate-body">
                    <div>
                    <section>
                        <h2>{t(Key::Properties)}</h2>
                        <ReservationFacts reservation=r.clone() />
                    </section>
                    {partner.then(|| view! {
                    <section>
                        <h2>{i18n::fill(Key::EstimateLimit, &[("days", &i18n::count(u64::from(window_days)))])}</h2>
                        <Figures rows=vec![
                            (Key::LimitBefore, "consumedRefundsTotal", Some(quote.limit.consumed)),
                            (Key::LimitAfter, "consumedAfter", Some(quote.limit.consumed_after())),
                            (Key::RefundLimit, "maxRefundLimit", Some(quote.limit.limit)),
                            (Key::LimitLeftAfter, "leftAfter", Some(quote.limit.left_after)),
                        ] />
                    </section>
                    })}
                    </div>
                    <div>
                    {partner.then(|| view! {
                        <section>
                            <h2>{t(Key::EstimateMicrosoftSide)}</h2>
                            <Figures rows=vec![
                                (Key::RefundToPartner, "billingRefundAmount", quote.priced.as_ref().map(|p| p.partner.refund)),
                                (Key::RefundInUsd, "pricingRefundAmount", quote.priced.as_ref().map(|p| p.refund_usd)),
                                (Key::Fee, "billingFeeAmount", quote.priced.as_ref().map(|p| p.partner.fee)),
                                (Key::CanceledCommitment, "canceledCommitmentUsd", Some(quote.limit.requested)),
                            ] />
                        </section>
                    })}
                    <section>
                        <h2>{t(Key::EstimateCustomerSide)}</h2>
                        <Figures rows=vec![
                            (Key::OwedToCustomer, "customerRefundAmount", quote.priced.as_ref().map(|p| p.customer.refund)),
                            (Key::Fee, "customerFeeAmount", quote.priced.as_ref().map(|p| p.customer.fee)),
                            (Key::TotalPaid, "customerTotalPaidAmount", quote.priced.as_ref().map(|p| p.customer.total_paid)),
                        ] />
                    </section>
                    </div>
                </div>
                {partner.then(|| view! { <HowMade breakdown=quote.breakdown.clone() /> })}
                <EstimateNote today=today policy=policy />
            </article>
        }
        .into_any()
    }
}

/// "Prepared by {partner} for {customer}": the partner's name is typed here (kept in this
/// browser for the next estimate) and printed as text.
#[component]
fn PartnerLine(customer: String) -> impl IntoView {
    let partner = RwSignal::new(storage::load_partner_name().unwrap_or_default());
    let keep = move |name: String| {
        storage::save_partner_name(&name);
        partner.set(name);
    };
    view! {
        <div class="field no-print">
            <label for="estimate-partner">{t(Key::EstimatePartnerName)}</label>
            <input id="estimate-partner" data-testid="estimate-partner" prop:value=move || partner.get()
                on:input=move |ev| keep(event_target_value(&ev)) />
        </div>
        <p data-testid="estimate-parties">{move || {
            let name = partner.get();
            let name = if name.trim().is_empty() { t(Key::EstimateYourPartner).to_string() } else { name.trim().to_string() };
            i18n::fill(Key::EstimateParties, &[("partner", &name), ("customer", &customer)])
        }}</p>
    }
}

/// The reservation as the customer and Microsoft's support know it (written as HTML: only
/// figures and words, see `pages::reservation`).
#[component]
fn ReservationFacts(reservation: Reservation) -> impl IntoView {
    let r = reservation;
    let row = |label: Key, value: &str, testid: &'static str| {
        html! { tr { th scope="row" { (t(label)) } td data-testid=(testid) { (value) } } }
    };
    let rows = html! {
        caption.sr-only { (t(Key::Properties)) }
        tbody {
            (row(Key::ReservationId, &r.id, "estimate-reservation-id"))
            (row(Key::OrderId, &r.order_id, "estimate-order-id"))
            @if let Some(name) = &r.display_name { (row(Key::DisplayName, name, "estimate-display-name")) }
            (row(Key::Sku, &r.sku, "estimate-sku"))
            (row(Key::Region, &r.region, "estimate-region"))
            (row(Key::Term, &i18n::term(r.term), "estimate-term"))
            (row(Key::BillingPlan, &i18n::plan(r.billing_plan), "estimate-plan"))
            (row(Key::PurchaseDate, &i18n::date(r.purchase_date), "estimate-purchase-date"))
        }
    };
    view! { <table class="props" inner_html=rows.into_string()></table> }
}

/// Labelled amounts, each with its API name as its test ID.
#[component]
fn Figures(rows: Vec<(Key, &'static str, Option<Money>)>) -> impl IntoView {
    let rows = html! {
        tbody {
            @for (label, name, money) in rows {
                tr { th scope="row" { (t(label)) } td.num { @if let Some(m) = money { (AmountHtml(m, name)) } } }
            }
        }
    };
    view! { <table class="figures" inner_html=rows.into_string()></table> }
}

/// Print, and back to the reservation: on screen only.
#[component]
fn Actions(back: String) -> impl IntoView {
    view! {
        <div class="estimate-actions no-print">
            <button class="primary" data-testid="estimate-print" on:click=move |_| print()>{t(Key::Print)}</button>
            <a href=back data-testid="estimate-back">{t(Key::BackToReservation)}</a>
        </div>
    }
}

/// How the numbers are made: the breakdown, in steps set side by side on paper.
#[component]
fn HowMade(breakdown: Breakdown) -> impl IntoView {
    view! {
        <section>
            <h2>{t(Key::Breakdown)}</h2>
            <BreakdownSteps breakdown=breakdown testid="estimate-breakdown" />
        </section>
    }
}

/// That it is an estimate, when and under which rules it was made.
#[component]
fn EstimateNote(today: chrono::NaiveDate, policy: &'static str) -> impl IntoView {
    view! {
        <p class="estimate-note" data-testid="estimate-note">{i18n::fill(Key::EstimateNote, &[("date", &i18n::date(today)), ("policy", &policy)])}</p>
    }
}

/// The browser's print dialog (in a test, Chromium's `page.pdf()` prints the same CSS).
fn print() {
    if let Some(window) = web_sys::window() {
        // A browser that cannot print says so itself; nothing is lost.
        let _ = window.print();
    }
}

/// The printable estimate of an exchange basket made on a reservation's page: what is returned
/// and what is bought, each priced, refundsTotal, purchasesTotal and netPayable, the refusals,
/// the breakdown, and that it is an estimate. The basket is this visit's (a reload forgets it,
/// as it forgets a half-typed form): the page then says where to make one.
#[component]
pub fn ExchangeEstimatePage(customer: String, reservation: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let ids = StoredValue::new((customer, reservation));
    let partner_side = sees(Fact::PartnerPrice);
    move || {
        let (customer, id) = ids.get_value();
        let back = Route::Reservation(customer.clone(), id.clone()).hash();
        let basket = app.exchange_to_print.get().filter(|b| b.customer == customer && b.reservation == id);
        let today = app.today();
        let found = basket.filter(|_| partner_side.get()).and_then(|b| {
            app.session.with(|s| {
                let w = s.workspace();
                let c = w.customer(&customer)?;
                let preview = w.preview_exchange(today, &c.id, &b.returns, &b.purchases).ok()?;
                let orders: Vec<(String, String)> = preview
                    .quote
                    .returns
                    .iter()
                    .map(|r| {
                        let order = c.reservation(&r.reservation_id).map(|held| held.order_id.to_string());
                        (r.reservation_id.clone(), order.unwrap_or_default())
                    })
                    .collect();
                Some((c.name.to_string(), preview.quote, orders, i18n::policy_name(&w.policy)))
            })
        });
        let Some((customer_name, quote, orders, policy)) = found else {
            return view! {
                <h1>{t(Key::ExchangeEstimateTitle)}</h1>
                <p data-testid="exchange-estimate-missing">{t(Key::ExchangeEstimateMissing)}</p>
                <p><a href=back>{t(Key::BackToReservation)}</a></p>
            }
            .into_any();
        };
        view! {
            <article class="estimate" data-testid="exchange-estimate">
                <Actions back=back />
                <h1>{t(Key::ExchangeEstimateTitle)}</h1>
                <PartnerLine customer=format!("{customer_name} ({customer})") />
                <p data-testid="estimate-when">{i18n::fill(Key::ExchangeEstimateWhen, &[("date", &i18n::date(today)), ("policy", &policy)])}</p>
                {(!quote.errors.is_empty()).then(|| view! {
                    <div class="estimate-refused" data-testid="estimate-refused">
                        <h2>{t(Key::ExchangeEstimateRefused)}</h2>
                        <ul>{quote.errors.iter().map(|e| view! { <li>{i18n::exchange_error(e)}</li> }).collect_view()}</ul>
                    </div>
                })}
                <section>
                    <h2>{t(Key::Returned)}</h2>
                    <table class="grid compact">
                        <thead><tr>
                            <th scope="col">{t(Key::ReservationId)}</th>
                            <th scope="col">{t(Key::OrderId)}</th>
                            <th scope="col" class="num">{t(Key::Quantity)}</th>
                            <th scope="col" class="num">{t(Key::RefundToPartner)}</th>
                            <th scope="col" class="num">{t(Key::RemainingCommitment)}</th>
                        </tr></thead>
                        <tbody>
                            {quote.returns.iter().zip(orders).map(|(r, (reservation, order))| view! {
                                <tr>
                                    <td data-testid="estimate-returned-id">{reservation}</td>
                                    <td data-testid="estimate-returned-order">{order}</td>
                                    <td class="num">{i18n::units(r.quantity)}</td>
                                    <td class="num"><AmountText money=r.partner.refund /></td>
                                    <td class="num"><AmountText money=r.partner.remaining_commitment /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section>
                    <h2>{t(Key::Bought)}</h2>
                    <table class="grid compact">
                        <thead><tr>
                            <th scope="col">{t(Key::Sku)}</th>
                            <th scope="col">{t(Key::Term)}</th>
                            <th scope="col">{t(Key::BillingPlan)}</th>
                            <th scope="col" class="num">{t(Key::Quantity)}</th>
                            <th scope="col" class="num">{t(Key::UnitPrice)}</th>
                        </tr></thead>
                        <tbody>
                            {quote.purchases.iter().map(|line| {
                                let p = &line.purchase;
                                view! {
                                    <tr>
                                        <td>{p.sku.as_ref().map(|s| s.to_string()).unwrap_or_else(|| i18n::family(p.family.name()))}</td>
                                        <td>{i18n::term(p.term)}</td>
                                        <td>{i18n::plan(p.billing_plan)}</td>
                                        <td class="num">{i18n::units(p.quantity.get())}</td>
                                        <td class="num">{i18n::price(p.currency, p.unit_price.get())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <Figures rows=vec![
                    (Key::RefundsTotal, "refundsTotal", Some(quote.refunds_total)),
                    (Key::PurchasesTotal, "purchasesTotal", Some(quote.purchases_total)),
                    (Key::NetPayable, "netPayable", Some(quote.net_payable)),
                ] />
                {quote.final_exchange.then(|| view! { <p>{t(Key::FinalExchangeNote)}</p> })}
                <HowMade breakdown=quote.breakdown.clone() />
                <EstimateNote today=today policy=policy />
            </article>
        }
        .into_any()
    }
}
