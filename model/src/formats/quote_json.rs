//! The quote of `docs/quote-format.md` (`reservoir.quote/1`): field names as the Azure REST API's
//! calculateRefund and calculateExchange responses, so a partner can hold the two side by side.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::breakdown::{Breakdown, Op};
use crate::domain::exchange::{quote_exchange, ExchangeError, ExchangeQuote};
use crate::domain::money::{Currency, Money};
use crate::domain::policy::Policy;
use crate::domain::quote::{quote_refund, RefundQuote};
use crate::domain::refund::ReturnQuote;
use crate::domain::reservation::Reservation;
use crate::formats::quote_request::{Action, QuoteRequest};

/// The quote format this writer produces.
pub const QUOTE_FORMAT: &str = "reservoir.quote/1";

/// A policy error: its code and a message a person can act on.
#[derive(Serialize)]
pub struct PolicyErrorJson {
    code: String,
    message: String,
}

/// One breakdown line.
#[derive(Serialize)]
pub struct LineJson {
    label: String,
    amount: Money,
    op: Op,
}

fn breakdown_json(breakdown: &Breakdown) -> Vec<LineJson> {
    breakdown
        .lines()
        .iter()
        .map(|line| LineJson {
            label: crate::formats::plain::breakdown_label(&line.item),
            amount: line.amount,
            op: line.op,
        })
        .collect()
}

/// `billingInformation`, as calculateRefund returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingInformationJson {
    billing_plan: &'static str,
    completed_transactions: u32,
    total_transactions: u32,
    billing_currency_total_paid_amount: Money,
    billing_currency_prorated_amount: Money,
    billing_currency_remaining_commitment_amount: Money,
}

fn billing_information(priced: &ReturnQuote) -> BillingInformationJson {
    BillingInformationJson {
        billing_plan: priced.billing_plan.name(),
        completed_transactions: priced.completed_transactions,
        total_transactions: priced.total_transactions,
        billing_currency_total_paid_amount: priced.partner.total_paid,
        billing_currency_prorated_amount: priced.partner.prorated_amount,
        billing_currency_remaining_commitment_amount: priced.partner.remaining_commitment,
    }
}

/// `policyResult` of a refund.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundPolicyResultJson {
    consumed_refunds_total: Money,
    max_refund_limit: Money,
    policy_errors: Vec<PolicyErrorJson>,
}

/// A refund quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundQuoteJson {
    format: &'static str,
    policy: &'static str,
    reservation_id: String,
    quantity: u32,
    billing_refund_amount: Money,
    pricing_refund_amount: Money,
    policy_result: RefundPolicyResultJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_information: Option<BillingInformationJson>,
    canceled_commitment_usd: Money,
    earliest_date_that_fits: Option<NaiveDate>,
    /// Added to the contract: the fee inside the refund, and what the partner owes the customer.
    billing_fee_amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_refund_amount: Option<Money>,
    breakdown: Vec<LineJson>,
}

/// A refund quote as JSON.
pub fn refund_json(
    quote: &RefundQuote,
    reservation: &Reservation,
    quantity: u32,
    policy: &Policy,
) -> RefundQuoteJson {
    let zero = reservation.currency.zero();
    let priced = quote.priced.as_ref();
    RefundQuoteJson {
        format: QUOTE_FORMAT,
        policy: policy.name(),
        reservation_id: reservation.id.to_string(),
        quantity,
        billing_refund_amount: priced.map_or(zero, |p| p.partner.refund),
        pricing_refund_amount: priced.map_or(Currency::USD.zero(), |p| p.refund_usd),
        policy_result: RefundPolicyResultJson {
            consumed_refunds_total: quote.limit.consumed,
            max_refund_limit: quote.limit.limit,
            policy_errors: quote
                .errors
                .iter()
                .map(|e| PolicyErrorJson {
                    code: e.code().into(),
                    message: crate::formats::plain::refund_error(e),
                })
                .collect(),
        },
        billing_information: priced.map(billing_information),
        canceled_commitment_usd: quote.limit.requested,
        earliest_date_that_fits: quote.earliest_fit(),
        billing_fee_amount: priced.map_or(zero, |p| p.partner.fee),
        customer_refund_amount: priced.map(|p| p.customer.refund),
        breakdown: breakdown_json(&quote.breakdown),
    }
}

/// One returned reservation in an exchange quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReservationToExchangeJson {
    reservation_id: String,
    quantity: u32,
    billing_refund_amount: Money,
    billing_information: BillingInformationJson,
}

/// One purchase in an exchange quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReservationToPurchaseJson {
    sku: String,
    quantity: u32,
    term: &'static str,
    billing_plan: &'static str,
    billing_currency_total: Money,
}

/// `policyResult` of an exchange.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangePolicyResultJson {
    policy_errors: Vec<PolicyErrorJson>,
}

/// An exchange quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeQuoteJson {
    format: &'static str,
    policy: &'static str,
    net_payable: Money,
    refunds_total: Money,
    purchases_total: Money,
    reservations_to_exchange: Vec<ReservationToExchangeJson>,
    reservations_to_purchase: Vec<ReservationToPurchaseJson>,
    policy_result: ExchangePolicyResultJson,
    /// Added to the contract: whether this is a final exchange under the cut-off rules.
    final_exchange: bool,
    breakdown: Vec<LineJson>,
}

/// An exchange quote as JSON.
pub fn exchange_json(quote: &ExchangeQuote, policy: &Policy) -> ExchangeQuoteJson {
    ExchangeQuoteJson {
        format: QUOTE_FORMAT,
        policy: policy.name(),
        net_payable: quote.net_payable,
        refunds_total: quote.refunds_total,
        purchases_total: quote.purchases_total,
        reservations_to_exchange: quote
            .returns
            .iter()
            .map(|r| ReservationToExchangeJson {
                reservation_id: r.reservation_id.clone(),
                quantity: r.quantity,
                billing_refund_amount: r.partner.refund,
                billing_information: billing_information(r),
            })
            .collect(),
        reservations_to_purchase: quote
            .purchases
            .iter()
            .map(|p| ReservationToPurchaseJson {
                sku: p.purchase.sku.as_ref().map_or_else(String::new, ToString::to_string),
                quantity: p.purchase.quantity.get(),
                term: p.purchase.term.code(),
                billing_plan: p.purchase.billing_plan.name(),
                billing_currency_total: p.lifetime_value,
            })
            .collect(),
        policy_result: ExchangePolicyResultJson {
            policy_errors: quote
                .errors
                .iter()
                .map(|e| PolicyErrorJson {
                    code: exchange_error_code(e).into(),
                    message: crate::formats::plain::exchange_error(e),
                })
                .collect(),
        },
        final_exchange: quote.final_exchange,
        breakdown: breakdown_json(&quote.breakdown),
    }
}

/// The code of an exchange error, as quotes write it.
pub fn exchange_error_code(error: &ExchangeError) -> &'static str {
    match error {
        ExchangeError::EmptyExchange { .. } => "EmptyExchange",
        ExchangeError::InvalidReturn { error, .. } => match error {
            crate::domain::refund::ReturnError::InvalidRefundQuantity { .. } => "InvalidExchangeQuantity",
            crate::domain::refund::ReturnError::ReservationNotActive { .. } => "ReservationNotActive",
        },
        ExchangeError::SelfServiceExchangeNotSupported { .. } => "SelfServiceExchangeNotSupported",
        ExchangeError::ExchangeNotAllowedAfterCutoff { .. } => "ExchangeNotAllowedAfterCutoff",
        ExchangeError::FinalExchangeAlreadyUsed { .. } => "FinalExchangeAlreadyUsed",
        ExchangeError::ExchangeFamilyMismatch { .. } => "ExchangeFamilyMismatch",
        ExchangeError::ExchangeValueTooLow { .. } => "ExchangeValueTooLow",
        ExchangeError::RefundLimitExceeded { .. } => "RefundLimitExceeded",
    }
}

/// Either quote, ready to print.
#[derive(Serialize)]
#[serde(untagged)]
pub enum QuoteJson {
    /// A refund.
    Refund(Box<RefundQuoteJson>),
    /// An exchange.
    Exchange(Box<ExchangeQuoteJson>),
    /// A refund plan.
    Plan(Box<crate::formats::plan_json::PlanJson>),
}

/// The engine's own quote of a refund or an exchange request.
#[derive(Clone, Debug)]
pub enum Quoted {
    /// A refund quote.
    Refund(Box<RefundQuote>),
    /// An exchange quote.
    Exchange(Box<ExchangeQuote>),
}

/// The engine's quote of a validated refund or exchange request; `None` for a plan request, which
/// is a schedule of quotes (`plan_json`). The one place a request is quoted: `reservoir quote`
/// and the training exercises (`training::exercise`) both read their answers from it.
pub fn quoted(request: &QuoteRequest) -> Option<Quoted> {
    Some(match &request.action {
        Action::Refund { reservation, quantity } => {
            let reservation = &request.reservations[*reservation];
            Quoted::Refund(Box::new(quote_refund(
                reservation,
                *quantity,
                request.today,
                &request.policy,
                request.rate(reservation.currency),
                &request.ledger,
            )))
        }
        Action::Exchange { returns, purchases, currency } => {
            let returns: Vec<(&Reservation, u32)> =
                returns.iter().map(|(at, q)| (&request.reservations[*at], *q)).collect();
            Quoted::Exchange(Box::new(quote_exchange(
                &returns,
                purchases,
                request.today,
                &request.policy,
                *currency,
                request.rate(*currency),
                &request.ledger,
            )))
        }
        Action::Plan { .. } => return None,
    })
}

/// The quote of `quoted` (of `request`) as `reservoir quote` prints it.
pub fn quoted_json(quoted: &Quoted, request: &QuoteRequest) -> QuoteJson {
    match (quoted, &request.action) {
        (Quoted::Refund(quote), Action::Refund { reservation, quantity }) => QuoteJson::Refund(Box::new(
            refund_json(quote, &request.reservations[*reservation], *quantity, &request.policy),
        )),
        (Quoted::Exchange(quote), _) => QuoteJson::Exchange(Box::new(exchange_json(quote, &request.policy))),
        (Quoted::Refund(_), _) => unreachable!("a refund is quoted for a refund request only"),
    }
}

/// Computes the quote a validated request asks for.
pub fn quote(request: &QuoteRequest) -> QuoteJson {
    match quoted(request) {
        Some(quoted) => quoted_json(&quoted, request),
        // The request's reader has refused every plan the planner would refuse.
        None => QuoteJson::Plan(Box::new(
            crate::formats::plan_json::plan_json(request).expect("the reader refuses what the planner would"),
        )),
    }
}

/// Reads a request and prints its quote: the whole of `reservoir quote` but the I/O.
pub fn quote_text(request_text: &str) -> Result<(String, Vec<String>), crate::formats::input::InputError> {
    let request = crate::formats::quote_request::parse_quote_request(request_text)?;
    let json = serde_json::to_string_pretty(&quote(&request)).expect("quotes always serialize");
    Ok((json, request.ignored_fields))
}
