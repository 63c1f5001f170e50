//! The policy in force (csp-2020, azure-2026 or custom, every parameter editable with its unit and
//! where its value comes from), and the same refund compared under all three side by side.

use leptos::prelude::*;
use maud::{html, Markup};
use reservoir::app::queries::{compare_policies, customer_access, returnable_everywhere};
use reservoir::domain::money::{Currency, Money};
use reservoir::domain::partner::{ActionKind, Fact, Side};
use reservoir::domain::policy::{CapCounts, PackId, Policy, PriceBasis, Provenance, PARAMETERS};
use reservoir::domain::quote::RefundQuote;
use reservoir::domain::refund::RefundRule;
use reservoir::simulation::command::Command;

use crate::components::{
    parse_date_field, parse_date_input, parse_days_input, parse_money_input, parse_percent_input,
    parse_window_input, provenance_class, refused, sees, side, AmountHtml, FieldError, NotToday,
};
use crate::i18n::{self, t, Key};
use crate::state::AppState;

#[component]
pub fn PolicyPage() -> impl IntoView {
    view! {
        <h1>{t(Key::Policy)}</h1>
        <p class="muted">{t(Key::PolicyIntro)}</p>
        <PolicyEditor />
        <Compare />
    }
}

fn provenance_badge(p: Provenance) -> impl IntoView {
    view! { <span class=provenance_class(p)>{i18n::provenance(p)}</span> }
}

#[component]
fn PolicyEditor() -> impl IntoView {
    let app = expect_context::<AppState>();
    let in_force = Memo::new(move |_| app.session.with(|s| s.workspace().policy.clone()));
    let draft = RwSignal::new(in_force.get_untracked());
    // Each refused value, by its parameter: shown beside its field, and all together under the
    // table. While one stands, Apply sends nothing: the draft still holds the value before it,
    // and putting that in force would not be what the person typed.
    let errors = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    let error = Signal::derive(move || {
        errors.with(|e| {
            (!e.is_empty()).then(|| e.iter().map(|(k, v)| i18n::labelled(k, v)).collect::<Vec<_>>().join(" "))
        })
    });
    // The handlers below use try_: a field still being typed in when the page goes away (the Back
    // button, a typed address) gets its change event after the editor's signals are gone, and a
    // plain update there stopped the whole app.
    let set_error = move |key: &'static str, problem: Option<String>| {
        let _ = errors.try_update(|e| match problem {
            Some(p) => {
                e.insert(key, p);
            }
            None => {
                e.remove(key);
            }
        });
    };
    // A draft follows the policy in force whenever that changes (undo, another pack).
    Effect::new(move |_| draft.set(in_force.get()));
    // Any change of the draft redraws every field from it, so a refused text still typed in
    // another field is replaced by the draft's value: its error goes with it.
    Effect::new(move |_| {
        draft.track();
        errors.update(|e| e.clear());
    });
    let apply = move |policy: Policy| {
        app.dispatch(Command::SetPolicy { policy });
    };
    let number = move |key: &'static str,
                       get: fn(&Policy) -> String,
                       set: fn(&mut Policy, &str) -> Result<(), String>| {
        let input_id = format!("policy-{key}");
        let error_id = format!("policy-{key}-error");
        let message = Signal::derive(move || errors.with(|e| e.get(key).cloned()));
        view! {
            <input id=input_id data-testid=format!("param-{key}") class="short" aria-describedby=error_id.clone()
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                prop:value=move || draft.with(get)
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let Some(mut next) = draft.try_get_untracked() else { return };
                    match set(&mut next, &text) {
                        Ok(()) => { set_error(key, None); draft.try_set(next); }
                        Err(e) => set_error(key, Some(e)),
                    }
                } />
            <FieldError id=error_id message=message />
        }
    };
    let flag = move |key: &'static str, get: fn(&Policy) -> bool, set: fn(&mut Policy, bool)| {
        view! {
            <input type="checkbox" data-testid=format!("param-{key}") id=format!("policy-{key}")
                prop:checked=move || draft.with(get)
                on:change=move |ev| { draft.try_update(|p| set(p, event_target_checked(&ev))); } />
        }
    };
    let editor = move |key: &'static str| -> AnyView {
        match key {
            "refund_limit_usd" => number(key, |p| p.refund_limit_usd.to_string(), |p, v| { p.refund_limit_usd = parse_money_input(v, Currency::USD)?; Ok(()) }).into_any(),
            "refund_window_days" => number(key, |p| p.refund_window_days.to_string(), |p, v| { p.refund_window_days = parse_window_input(v)?; Ok(()) }).into_any(),
            "cap_counts" => view! {
                <select id="policy-cap_counts" data-testid="param-cap_counts"
                    prop:value=move || draft.with(|p| format!("{:?}", p.cap_counts))
                    on:change=move |ev| { draft.try_update(|p| p.cap_counts = if event_target_value(&ev) == "RefundOnly" { CapCounts::RefundOnly } else { CapCounts::CanceledCommitment }); }>
                    <option value="CanceledCommitment">{i18n::cap_counts(CapCounts::CanceledCommitment)}</option>
                    <option value="RefundOnly">{i18n::cap_counts(CapCounts::RefundOnly)}</option>
                </select>
            }.into_any(),
            "fee_percent" => number(key, |p| p.fee_percent.to_string(), |p, v| { p.fee_percent = parse_percent_input(v)?; Ok(()) }).into_any(),
            "fee_free_days" => number(key, |p| p.fee_free_days.to_string(), |p, v| { p.fee_free_days = parse_days_input(v)?; Ok(()) }).into_any(),
            "full_refund_window_days" => number(key, |p| p.full_refund_window_days.map(|d| d.to_string()).unwrap_or_default(), |p, v| {
                p.full_refund_window_days = if v.trim().is_empty() { None } else { Some(parse_days_input(v)?) };
                Ok(())
            }).into_any(),
            "full_refund_requires_unused" => flag(key, |p| p.full_refund_requires_unused, |p, v| p.full_refund_requires_unused = v).into_any(),
            "price_basis" => view! {
                <select id="policy-price_basis" data-testid="param-price_basis"
                    prop:value=move || draft.with(|p| format!("{:?}", p.price_basis))
                    on:change=move |ev| { draft.try_update(|p| p.price_basis = if event_target_value(&ev) == "Purchase" { PriceBasis::Purchase } else { PriceBasis::LowerOfPurchaseAndCurrent }); }>
                    <option value="LowerOfPurchaseAndCurrent">{i18n::price_basis(PriceBasis::LowerOfPurchaseAndCurrent)}</option>
                    <option value="Purchase">{i18n::price_basis(PriceBasis::Purchase)}</option>
                </select>
            }.into_any(),
            "exchange_same_family_only" => flag(key, |p| p.exchange_same_family_only, |p, v| p.exchange_same_family_only = v).into_any(),
            "exchange_minimum_value" => flag(key, |p| p.exchange_minimum_value, |p, v| p.exchange_minimum_value = v).into_any(),
            "exchanges_count_toward_limit" => flag(key, |p| p.exchanges_count_toward_limit, |p, v| p.exchanges_count_toward_limit = v).into_any(),
            "exchange_cutoff_date" => view! {
                <input type="date" id="policy-exchange_cutoff_date" data-testid="param-exchange_cutoff_date"
                    aria-describedby="policy-exchange_cutoff_date-error"
                    aria-invalid=move || errors.with(|e| e.contains_key("exchange_cutoff_date")).then_some("true")
                    prop:value=move || draft.with(|p| p.exchange_cutoff_date.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        // Empty switches the cut-off off; a date outside the years Reservoir handles
                        // is refused and the draft keeps what it had.
                        let text = event_target_value(&ev);
                        if text.trim().is_empty() {
                            set_error("exchange_cutoff_date", None);
                            draft.try_update(|p| p.exchange_cutoff_date = None);
                        } else {
                            match parse_date_field(&text) {
                                Ok(date) => { set_error("exchange_cutoff_date", None); draft.try_update(|p| p.exchange_cutoff_date = Some(date)); }
                                Err(e) => set_error("exchange_cutoff_date", Some(e)),
                            }
                        }
                    } />
                <FieldError id="policy-exchange_cutoff_date-error".to_string() message=Signal::derive(move || errors.with(|e| e.get("exchange_cutoff_date").cloned())) />
            }.into_any(),
            _ => ().into_any(),
        }
    };
    let manage_refused = refused(ActionKind::ManageWorkspace);
    view! {
        <section class="card" data-testid="policy-editor">
            <h2>{t(Key::PolicyInForce)}" "<span data-testid="policy-name">{move || in_force.with(i18n::policy_name)}</span></h2>
            <div class="form-row">
                {PackId::ALL.into_iter().map(|pack| view! {
                    <button data-testid=format!("use-{}", pack.name()) class:primary=move || in_force.with(|p| p.base == pack && !p.customized())
                        disabled=move || manage_refused.get().is_some() on:click=move |_| apply(Policy::pack(pack))>
                        {format!("{} {}", t(Key::Use), pack.name())}
                    </button>
                }).collect_view()}
            </div>
            <div class="table-scroll"><table class="grid params">
                <thead><tr>
                    <th scope="col">{t(Key::Parameter)}</th>
                    <th scope="col">{t(Key::Value)}</th>
                    <th scope="col">{t(Key::Unit)}</th>
                    <th scope="col">{t(Key::Source)}</th>
                </tr></thead>
                <tbody>
                    {PARAMETERS.iter().map(|info| {
                        let index = move || in_force.with(|p| if p.base == PackId::Csp2020 { 0 } else { 1 });
                        view! {
                            <tr data-testid=format!("param-row-{}", info.key)>
                                <th scope="row"><label for=format!("policy-{}", info.key)>{i18n::parameter(info.key)}</label><br /><code class="api">{info.key}</code></th>
                                <td>{editor(info.key)}</td>
                                <td class="muted">{i18n::parameter_unit(info.unit)}</td>
                                <td>
                                    {move || provenance_badge(info.provenance[index()])}
                                    {i18n::parameter_note(info.key).map(|note| view! { <p class="muted small">{note}</p> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <p class="field-error" role="alert" data-testid="policy-error">{move || error.get()}</p>
            <button class="primary" data-testid="apply-policy" disabled=move || manage_refused.get().is_some() on:click=move |_| {
                // Nothing is sent while a value is refused, nor when nothing differs from the
                // policy in force (it would only log an identical "Set policy").
                if errors.with(|e| e.is_empty()) && draft.with(|d| in_force.with(|p| d != p)) {
                    apply(draft.get());
                }
            }>{t(Key::ApplyCustomPolicy)}</button>
            <p class="why" data-testid="policy-why">{move || manage_refused.get()}</p>
        </section>
    }
}

#[component]
fn Compare() -> impl IntoView {
    let app = expect_context::<AppState>();
    let choice = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_string());
    // This comparison's own date: it starts at today and changes no other page's figures.
    let what_if = RwSignal::new(None::<chrono::NaiveDate>);
    let date = Signal::derive(move || what_if.get().unwrap_or_else(|| app.today()));
    let options = Memo::new(move |_| {
        app.session.with(|s| {
            returnable_everywhere(s)
                .into_iter()
                .map(|o| {
                    (
                        format!("{}/{}", o.customer, o.reservation),
                        format!("{} — {} ({})", o.customer_name, o.reservation, o.sku),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let results = Memo::new(move |_| {
        let chosen = choice.get();
        let (customer, reservation) = chosen.split_once('/')?;
        let q = crate::components::parse_units_input(&quantity.get()).ok()?;
        let date = date.get();
        let columns = app.session.with(|s| {
            customer_access(s, customer).ok()?;
            compare_policies(s.workspace(), customer, reservation, q, date)
        })?;
        Some(
            columns
                .into_iter()
                .map(|c| {
                    let name = i18n::policy_name(&c.policy);
                    let label =
                        if c.in_force { format!("{} ({})", t(Key::InForce), name) } else { name.to_string() };
                    (label, c.quote, c.policy.full_refund_provenance())
                })
                .collect::<Vec<(String, RefundQuote, Provenance)>>(),
        )
    });
    // A customer's user compares what it would be owed, at its own price, and not the limit.
    let side = side();
    let limit_shown = sees(Fact::RefundLimit);
    view! {
        <section class="card" data-testid="compare">
            <h2>{t(Key::CompareTitle)}</h2>
            <p class="muted small">{t(Key::CompareHint)}</p>
            <div class="form-row">
                <div class="field">
                    <label for="compare-reservation">{t(Key::Reservation)}</label>
                    <select id="compare-reservation" data-testid="compare-reservation" on:change=move |ev| choice.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || options.get().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="compare-quantity">{t(Key::Quantity)}</label>
                    <input id="compare-quantity" class="short" data-testid="compare-quantity" prop:value=move || quantity.get()
                        on:change=move |ev| quantity.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="compare-date">{t(Key::Date)}</label>
                    <input id="compare-date" type="date" data-testid="compare-date" prop:value=move || date.get().to_string()
                        on:change=move |ev| { what_if.try_set(parse_date_input(&event_target_value(&ev)).map(|d| d.get())); } />
                </div>
                <NotToday date=date back=Callback::new(move |()| what_if.set(None)) testid="compare-not-today" />
            </div>
            {move || results.get().map(|results| {
                let table = compare_html(&results, side.get(), limit_shown.get());
                view! {
                    <div class="table-scroll"><table class="grid" data-testid="compare-table" inner_html=table.into_string()></table></div>
                }
            })}
        </section>
    }
}

/// The comparison's table, a column a policy (written as HTML: only figures and words, see
/// `pages::reservation`).
fn compare_html(results: &[(String, RefundQuote, Provenance)], side: Side, limit_shown: bool) -> Markup {
    let cell = |money: Option<Money>| {
        html! { td.num { @if let Some(m) = money { (AmountHtml(m, "")) } @else { span.muted { "—" } } } }
    };
    // Which rule priced the column's refund; the full-refund rule with where it comes from, since
    // under azure-2026 it is only observed (policy.md §2.2).
    let rule = |q: &RefundQuote, provenance: Provenance| {
        html! {
            td.num data-testid="compare-rule" {
                @match q.priced.as_ref().map(|p| p.rule) {
                    Some(RefundRule::FullRefundWindow) => span {
                        (t(Key::FullRefundRule)) " "
                        @if provenance != Provenance::Documented {
                            span class=(provenance_class(provenance)) { (i18n::provenance(provenance)) }
                        }
                    },
                    Some(RefundRule::ProRated) => span { (t(Key::ProRatedRule)) },
                    None => span.muted { "—" },
                }
            }
        }
    };
    let row = |label: Key, figure: &dyn Fn(&RefundQuote) -> Option<Money>| {
        html! { tr { th scope="row" { (t(label)) } @for (_, q, _) in results { (cell(figure(q))) } } }
    };
    html! {
        thead { tr {
            th scope="col" { (t(Key::Figure)) }
            @for (label, _, _) in results { th scope="col" class="num" { (label) } }
        } }
        tbody {
            tr { th scope="row" { (t(Key::Rule)) } @for (_, q, provenance) in results { (rule(q, *provenance)) } }
            (row(if side == Side::Partner { Key::RefundToPartner } else { Key::OwedToCustomer }, &|q| q.priced.as_ref().map(|p| p.amounts(side).refund)))
            (row(Key::Fee, &|q| q.priced.as_ref().map(|p| p.amounts(side).fee)))
            @if limit_shown {
                (row(Key::CanceledCommitment, &|q| Some(q.limit.requested)))
                (row(Key::LimitLeftAfter, &|q| Some(q.limit.left_after)))
            }
            tr {
                th scope="row" { (t(Key::Outcome)) }
                @for (_, q, _) in results {
                    td data-testid="compare-outcome" {
                        @if q.is_allowed() { (t(Key::Allowed)) } @else { (q.errors.iter().map(|e| e.code()).collect::<Vec<_>>().join(", ")) }
                    }
                }
            }
        }
    }
}
