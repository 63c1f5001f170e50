//! An exercise: a lesson, what is asked, and the situation as a `reservoir.quote-request/1`
//! request. Its answer is read from the engine's own quote of that request (`solve`), under the
//! quote's field names, so `reservoir quote` checks every answer.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};

use crate::domain::money::Currency;
use crate::domain::partner::{refusal, ActionKind, Actor, Role};
use crate::domain::values::{lenient_date, Name};
use crate::formats::input::{InputError, Problem};
use crate::formats::quote_json;
use crate::formats::quote_request::{parse_quote_request, QuoteRequest};

/// The lessons, in the order the page teaches them.
pub const LESSONS: [u8; 6] = [1, 2, 3, 4, 5, 6];

/// What an exercise asks: one field of the quote (its code is the quote's field path), or, for
/// the partner's roles, who may take an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Ask {
    /// What has been paid so far (`billingInformation.billingCurrencyTotalPaidAmount`).
    TotalPaid,
    /// The monthly payments still to come (`billingInformation.billingCurrencyRemainingCommitmentAmount`).
    RemainingCommitment,
    /// The refund (`billingRefundAmount`).
    Refund,
    /// What the refund counts toward the limit (`canceledCommitmentUsd`).
    CanceledCommitment,
    /// What is already counted in the rolling window (`policyResult.consumedRefundsTotal`).
    ConsumedTotal,
    /// The earliest date a refused refund fits (`earliestDateThatFits`).
    EarliestFit,
    /// Allowed, or refused and why (`policyResult.policyErrors`).
    PolicyErrors,
    /// What the customer pays or gets in an exchange (`netPayable`).
    NetPayable,
    /// Which actors may take an action (`allowedActors`).
    Roles,
}

/// The kind of answer an exercise wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An amount, exact to the cent.
    Amount,
    /// A date.
    Date,
    /// One or more of given options.
    Choice,
}

impl Ask {
    /// Every ask.
    pub const ALL: [Ask; 9] = [
        Ask::TotalPaid,
        Ask::RemainingCommitment,
        Ask::Refund,
        Ask::CanceledCommitment,
        Ask::ConsumedTotal,
        Ask::EarliestFit,
        Ask::PolicyErrors,
        Ask::NetPayable,
        Ask::Roles,
    ];

    /// The quote's field path this ask reads (the answer's shape), and the ask's code in files.
    pub fn code(self) -> &'static str {
        match self {
            Ask::TotalPaid => "billingInformation.billingCurrencyTotalPaidAmount",
            Ask::RemainingCommitment => "billingInformation.billingCurrencyRemainingCommitmentAmount",
            Ask::Refund => "billingRefundAmount",
            Ask::CanceledCommitment => "canceledCommitmentUsd",
            Ask::ConsumedTotal => "policyResult.consumedRefundsTotal",
            Ask::EarliestFit => "earliestDateThatFits",
            Ask::PolicyErrors => "policyResult.policyErrors",
            Ask::NetPayable => "netPayable",
            Ask::Roles => "allowedActors",
        }
    }

    /// The ask a code names.
    pub fn from_code(code: &str) -> Option<Ask> {
        Ask::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The kind of answer.
    pub fn kind(self) -> Kind {
        match self {
            Ask::EarliestFit => Kind::Date,
            Ask::PolicyErrors | Ask::Roles => Kind::Choice,
            _ => Kind::Amount,
        }
    }

    /// Whether a refund (true) or an exchange (false) request answers it; `None` for roles.
    pub fn wants_refund(self) -> Option<bool> {
        match self {
            Ask::NetPayable => Some(false),
            Ask::Roles => None,
            Ask::PolicyErrors => None,
            _ => Some(true),
        }
    }
}

/// One exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// Its name in its set (`e1`, `e2`, ... or `c1`, ... in a case file).
    pub id: String,
    /// The lesson, 1 to 6.
    pub lesson: u8,
    /// What is asked.
    pub ask: Ask,
    /// The situation, as a quote request (`None` for the roles).
    pub request: Option<Value>,
    /// For the roles: the action asked about.
    pub action: Option<ActionKind>,
}

/// Who the roles exercise lists: the partner's five roles, then a customer's own user.
pub const CUSTOMER_USER: &str = "customer_user";

/// The options a choice offers, as codes.
pub fn options(ask: Ask, refund: bool) -> Vec<&'static str> {
    match (ask, refund) {
        (Ask::Roles, _) => Role::ALL.iter().map(|r| r.code()).chain([CUSTOMER_USER]).collect(),
        (_, true) => {
            vec![ALLOWED, "RefundLimitExceeded", "SelfServiceRefundNotSupported", "ReservationNotActive"]
        }
        (_, false) => vec![
            ALLOWED,
            "ExchangeFamilyMismatch",
            "ExchangeValueTooLow",
            "ExchangeNotAllowedAfterCutoff",
            "FinalExchangeAlreadyUsed",
            "SelfServiceExchangeNotSupported",
        ],
    }
}

/// The choice that says nothing refuses it.
pub const ALLOWED: &str = "allowed";

/// An answer, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// An amount in a currency.
    Amount {
        /// The currency.
        currency: Currency,
        /// The amount.
        amount: Decimal,
    },
    /// A date, or none (a refund that fits no day within the term).
    Date(Option<NaiveDate>),
    /// Codes: policy error codes (empty: allowed), or the actors allowed.
    Codes(Vec<String>),
}

/// The engine's quote behind an exercise, for its breakdown: `reservoir quote`'s own.
pub use crate::formats::quote_json::Quoted;

/// An exercise solved by the engine.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The answer.
    pub answer: Answer,
    /// The answer under the quote's own field names and shapes.
    pub answer_json: Value,
    /// The quote, for its breakdown (`None` for the roles).
    pub quoted: Option<Quoted>,
    /// The quote as `reservoir quote` prints it (`Null` for the roles).
    pub quote_json: Value,
}

impl Exercise {
    /// The request, read by the quote's own reader.
    pub fn parsed_request(&self) -> Option<Result<QuoteRequest, InputError>> {
        self.request.as_ref().map(|r| parse_quote_request(&r.to_string()))
    }

    /// The options of a choice (empty for amounts and dates).
    pub fn options(&self) -> Vec<&'static str> {
        match self.ask.kind() {
            Kind::Choice => options(self.ask, self.is_refund()),
            _ => Vec::new(),
        }
    }

    /// Whether the request is a refund.
    pub fn is_refund(&self) -> bool {
        self.request.as_ref().is_some_and(|r| r.get("refund").is_some())
    }

    /// The answer, read from the engine's quote of the request.
    pub fn solve(&self) -> Result<Solution, InputError> {
        let Some(parsed) = self.parsed_request() else {
            let action = self.action.unwrap_or(ActionKind::Cancel);
            let allowed = allowed_actors(action);
            return Ok(Solution {
                answer_json: json!({ "allowedActors": allowed }),
                answer: Answer::Codes(allowed),
                quoted: None,
                quote_json: Value::Null,
            });
        };
        let request = parsed?;
        // One quote, written by the same writers `reservoir quote` uses. A plan request (issue
        // 15) is a schedule, not one quote: no exercise asks one, and a case file that gives one
        // is refused by its field.
        let Some(quoted) = quote_json::quoted(&request) else {
            return Err(InputError::new(
                "request.plan",
                Problem::UnknownParameter { known: &["refund", "exchange"], found: "plan".into() },
            ));
        };
        let written = serde_json::to_value(quote_json::quoted_json(&quoted, &request));
        let quote_json = written.expect("quotes serialize");
        let (answer, answer_json) = answer_of(self.ask, &quote_json);
        Ok(Solution { answer, answer_json, quoted: Some(quoted), quote_json })
    }
}

/// The actors `refusal` lets take an action, as codes.
pub fn allowed_actors(action: ActionKind) -> Vec<String> {
    let customer = Actor::Customer {
        customer: Name::parse("customer").expect("a name"),
        user: Name::parse("user").expect("a name"),
    };
    Role::ALL
        .iter()
        .map(|role| (Actor::Partner { role: *role }, role.code()))
        .chain([(customer, CUSTOMER_USER)])
        .filter(|(actor, _)| refusal(actor, action).is_none())
        .map(|(_, code)| code.to_string())
        .collect()
}

/// The value at a quote's field path.
pub fn at_path<'v>(quote: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(quote, |v, key| v.get(key).unwrap_or(&Value::Null))
}

/// An ask's answer, read from a quote as `reservoir quote` prints it.
pub fn answer_of(ask: Ask, quote: &Value) -> (Answer, Value) {
    let value = at_path(quote, ask.code());
    let answer = match ask.kind() {
        Kind::Amount => Answer::Amount {
            currency: value["currencyCode"].as_str().and_then(Currency::from_code).unwrap_or(Currency::USD),
            amount: value["amount"].as_str().and_then(|a| a.parse().ok()).unwrap_or_default(),
        },
        Kind::Date => Answer::Date(value.as_str().and_then(lenient_date)),
        Kind::Choice => Answer::Codes(
            value
                .as_array()
                .map(|errors| errors.iter().filter_map(|e| e["code"].as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
        ),
    };
    let shaped = match &answer {
        Answer::Codes(codes) => Value::Array(codes.iter().map(|c| json!({ "code": c })).collect()),
        _ => value.clone(),
    };
    // Nested under the field's own path: `{"policyResult": {"policyErrors": [...]}}`.
    let nested = ask.code().rsplit('.').fold(shaped, |inner, key| json!({ key: inner }));
    (answer, nested)
}
