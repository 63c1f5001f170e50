//! The CLI's words for training (`reservoir exercise`): each exercise's question in plain English,
//! and the `reservoir.exercises/1` document. The page writes its own questions in `src/i18n/`.

use serde_json::{json, Value};

use crate::domain::partner::ActionKind;
use crate::training::exercise::{Ask, Exercise};
use crate::training::files::{FileError, FileProblem};

/// The exercises document's format.
pub const EXERCISES_FORMAT: &str = "reservoir.exercises/1";

/// An exercise's question, in English.
pub fn question(exercise: &Exercise) -> String {
    let field = exercise.ask.code();
    match exercise.ask {
        Ask::TotalPaid => format!("How much has been paid for this reservation so far ({field})?"),
        Ask::RemainingCommitment => {
            format!("How much is still to be paid over the rest of the term ({field})?")
        }
        Ask::Refund => format!("How much does Microsoft refund for the canceled units ({field})?"),
        Ask::CanceledCommitment => {
            format!("How much does this cancellation count toward the USD 50,000 refund limit ({field})?")
        }
        Ask::ConsumedTotal => format!("How much of the refund limit is already used on this day ({field})?"),
        Ask::EarliestFit => {
            format!("On which day, at the earliest, would this refused refund fit the limit ({field})?")
        }
        Ask::PolicyErrors if exercise.is_refund() => {
            format!("Is this refund allowed? If not, why ({field})?")
        }
        Ask::PolicyErrors => format!("Is this exchange allowed? If not, why ({field})?"),
        Ask::NetPayable => format!(
            "What does the customer pay (positive) or get back (negative) in this exchange ({field})?"
        ),
        Ask::Roles => format!(
            "Who may {} ({field}: partner roles, or {})?",
            action_words(exercise.action.unwrap_or(ActionKind::Cancel)),
            crate::training::exercise::CUSTOMER_USER
        ),
    }
}

fn action_words(action: ActionKind) -> &'static str {
    match action {
        ActionKind::SetPurchasePermission => "turn \"Allow customer to purchase\" on or off",
        ActionKind::Buy => "buy a reservation",
        ActionKind::Cancel => "cancel a reservation for a refund",
        ActionKind::Exchange => "exchange a reservation",
        ActionKind::Renew => "renew a reservation",
        ActionKind::ChangeScope => "change a reservation's scope",
        ActionKind::AssignOwner => "assign the Owner role on a subscription",
        ActionKind::ManageWorkspace => "manage customers and their subscriptions",
    }
}

/// The `reservoir.exercises/1` document of a set, each answer the engine's quote of its request.
pub fn exercises_json(seed: u64, set: &[Exercise]) -> Value {
    let exercises: Vec<Value> = set
        .iter()
        .map(|e| {
            let solution = e.solve().expect("generated requests are valid");
            let mut item = json!({
                "id": e.id,
                "lesson": e.lesson,
                "kind": e.ask.kind(),
                "question": question(e),
                "request": e.request,
                "answer": solution.answer_json,
            });
            if let Some(action) = e.action {
                item["action"] = json!(action);
            }
            let options = e.options();
            if !options.is_empty() {
                item["options"] = json!(options);
            }
            item
        })
        .collect();
    json!({ "format": EXERCISES_FORMAT, "seed": seed, "exercises": exercises })
}

/// A training file's refusal, in one line of English naming the field.
pub fn file_error(e: &FileError) -> String {
    let what = match &e.problem {
        FileProblem::TooBig => "expected at most 2 MiB, found more".to_string(),
        FileProblem::NotJson => "expected JSON, found text that is not".to_string(),
        FileProblem::WrongFormat { expected, found } => format!("expected \"{expected}\", found {found:?}"),
        FileProblem::Missing => "missing".to_string(),
        FileProblem::WrongShape { expected } => format!("expected {expected:?}"),
        FileProblem::ClassCode { error } => format!("not a class code: {error:?}"),
        FileProblem::UnknownExercise { found } => format!("no exercise {found:?} in this class"),
        FileProblem::AnsweredTwice { exercise } => format!("exercise {exercise:?} answered twice"),
        FileProblem::Lesson => "expected a lesson from 1 to 6".to_string(),
        FileProblem::UnknownAsk { found } => format!("unknown ask {found:?}"),
        FileProblem::AskDoesNotFit { ask } => format!("{} does not fit this request", ask.code()),
        FileProblem::TooManyCases => "expected at most 100 cases".to_string(),
        FileProblem::Request { error } => format!("{error}"),
    };
    format!("{}: {what}", e.path)
}
