//! The training files (`docs/training-format.md`): a learner's results
//! (`reservoir.training-results/1`) and a trainer's case file (`reservoir.training/1`). Both are
//! read once, at the edge, with every refusal naming its field by path; a results file's answers
//! are graded again by the engine on the trainer's side, never trusted.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::domain::values::{lenient_date, Name};
use crate::formats::input::InputError;
use crate::training::class_code::{ClassCode, ClassCodeError};
use crate::training::exercise::{Ask, Exercise, Kind};
use crate::training::generate::exercises;
use crate::training::grade::{grade, Given, Mistake};

/// A learner's results file.
pub const RESULTS_FORMAT: &str = "reservoir.training-results/1";
/// A trainer's case file.
pub const CASE_FORMAT: &str = "reservoir.training/1";
/// At most this many bytes in a training file.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// At most this many cases in a case file.
pub const MAX_CASES: usize = 100;

/// A refused training file: the field, by path, and what is wrong there.
#[derive(Clone, Debug, PartialEq)]
pub struct FileError {
    /// The field's path (`answers[2].given`); `file` for the whole.
    pub path: String,
    /// What is wrong.
    pub problem: FileProblem,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq)]
pub enum FileProblem {
    /// Over [`MAX_FILE_BYTES`].
    TooBig,
    /// Not JSON.
    NotJson,
    /// Another file's format (or none).
    WrongFormat {
        /// The format expected.
        expected: &'static str,
        /// The format found.
        found: Option<String>,
    },
    /// A required field is missing.
    Missing,
    /// A value of the wrong shape.
    WrongShape {
        /// The shape expected.
        expected: Shape,
    },
    /// Not a class code.
    ClassCode {
        /// Why.
        error: ClassCodeError,
    },
    /// No exercise of that name in the class.
    UnknownExercise {
        /// The name found.
        found: String,
    },
    /// The same exercise answered twice.
    AnsweredTwice {
        /// The exercise.
        exercise: String,
    },
    /// Not a lesson of 1 to 6.
    Lesson,
    /// An ask the format does not know.
    UnknownAsk {
        /// The ask found.
        found: String,
    },
    /// The request is a refund where the ask needs an exchange, or the other way round.
    AskDoesNotFit {
        /// The ask.
        ask: Ask,
    },
    /// More than [`MAX_CASES`] cases.
    TooManyCases,
    /// The request, refused by the quote's own reader (its path inside the request).
    Request {
        /// The quote reader's refusal.
        error: InputError,
    },
}

/// Shapes a field may be expected to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A JSON object.
    Object,
    /// A list.
    List,
    /// A name: text of 1 to 200 characters.
    Name,
    /// An amount as a decimal string.
    Amount,
    /// A date `YYYY-MM-DD`, or null.
    Date,
    /// A list of option codes.
    Codes,
    /// Text.
    Text,
}

fn error(path: impl Into<String>, problem: FileProblem) -> FileError {
    FileError { path: path.into(), problem }
}

/// A learner's results: who, which class, and what they answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// The learner's name.
    pub learner: Name,
    /// The class.
    pub class: ClassCode,
    /// (exercise id, answer), in the order answered.
    pub answers: Vec<(String, Given)>,
}

/// A given answer as files write it: an amount as a decimal string, a date (or null), codes as a list.
pub fn given_json(given: &Given) -> Value {
    match given {
        Given::Amount(a) => json!(a.normalize().to_string()),
        Given::Date(d) => json!(d.map(|d| d.to_string())),
        Given::Codes(c) => json!(c),
    }
}

impl Results {
    /// The results file.
    pub fn write(&self) -> String {
        let answers: Vec<Value> = self
            .answers
            .iter()
            .map(|(id, given)| json!({ "exercise": id, "given": given_json(given) }))
            .collect();
        let file = json!({
            "format": RESULTS_FORMAT,
            "learner": self.learner.to_string(),
            "class": self.class.write(),
            "answers": answers,
        });
        serde_json::to_string_pretty(&file).expect("JSON values serialize")
    }

    /// Reads a results file; each answer must name an exercise of its class and have its kind's shape.
    pub fn read(text: &str) -> Result<Results, FileError> {
        let top = object_of(text, RESULTS_FORMAT)?;
        let learner = match top.get("learner") {
            None => return Err(error("learner", FileProblem::Missing)),
            Some(v) => v
                .as_str()
                .and_then(|s| Name::parse(s).ok())
                .ok_or_else(|| error("learner", FileProblem::WrongShape { expected: Shape::Name }))?,
        };
        let class = match top.get("class") {
            None => return Err(error("class", FileProblem::Missing)),
            Some(Value::String(code)) => {
                ClassCode::parse(code).map_err(|e| error("class", FileProblem::ClassCode { error: e }))?
            }
            Some(_) => return Err(error("class", FileProblem::WrongShape { expected: Shape::Text })),
        };
        let set = exercises(class.seed, &class.lessons, usize::from(class.count));
        let list = match top.get("answers") {
            None => return Err(error("answers", FileProblem::Missing)),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(error("answers", FileProblem::WrongShape { expected: Shape::List })),
        };
        let mut answers: Vec<(String, Given)> = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let path = format!("answers[{i}]");
            let Value::Object(item) = item else {
                return Err(error(path, FileProblem::WrongShape { expected: Shape::Object }));
            };
            let id = match item.get("exercise") {
                None => return Err(error(format!("{path}.exercise"), FileProblem::Missing)),
                Some(Value::String(id)) => id.clone(),
                Some(_) => {
                    return Err(error(
                        format!("{path}.exercise"),
                        FileProblem::WrongShape { expected: Shape::Text },
                    ))
                }
            };
            let Some(exercise) = set.iter().find(|e| e.id == id) else {
                return Err(error(format!("{path}.exercise"), FileProblem::UnknownExercise { found: id }));
            };
            if answers.iter().any(|(seen, _)| *seen == id) {
                return Err(error(format!("{path}.exercise"), FileProblem::AnsweredTwice { exercise: id }));
            }
            let given_path = format!("{path}.given");
            let given = match item.get("given") {
                None => return Err(error(given_path, FileProblem::Missing)),
                Some(v) => read_given(exercise, v).ok_or_else(|| {
                    let expected = match exercise.ask.kind() {
                        Kind::Amount => Shape::Amount,
                        Kind::Date => Shape::Date,
                        Kind::Choice => Shape::Codes,
                    };
                    error(given_path, FileProblem::WrongShape { expected })
                })?,
            };
            answers.push((id, given));
        }
        Ok(Results { learner, class, answers })
    }
}

/// A given answer of an exercise's kind, or `None` when the value has another shape.
pub fn read_given(exercise: &Exercise, value: &Value) -> Option<Given> {
    match (exercise.ask.kind(), value) {
        (Kind::Amount, Value::String(s)) => {
            let amount: Decimal = s.trim().parse().ok()?;
            (s.len() <= 40).then_some(Given::Amount(amount))
        }
        (Kind::Date, Value::Null) => Some(Given::Date(None)),
        (Kind::Date, Value::String(s)) => lenient_date(s).map(|d| Given::Date(Some(d))),
        (Kind::Choice, Value::Array(items)) => {
            let options = exercise.options();
            let codes: Option<Vec<String>> = items
                .iter()
                .map(|v| v.as_str().filter(|c| options.contains(c)).map(str::to_string))
                .collect();
            codes.map(Given::Codes)
        }
        _ => None,
    }
}

/// How a class did on one exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExerciseResult {
    /// The exercise.
    pub exercise: String,
    /// Learners who answered it.
    pub answered: usize,
    /// Of them, right.
    pub right: usize,
    /// The mistake named most often, with how many made it (the first in `Mistake::ALL` on a tie).
    pub common_mistake: Option<(Mistake, usize)>,
}

/// A class's results per exercise, each answer graded again by the engine.
pub fn class_results(class: &ClassCode, files: &[Results]) -> Vec<ExerciseResult> {
    let set = exercises(class.seed, &class.lessons, usize::from(class.count));
    set.iter()
        .map(|exercise| {
            let solution = exercise.solve().ok();
            let mut answered = 0;
            let mut right = 0;
            let mut named: BTreeMap<Mistake, usize> = BTreeMap::new();
            for file in files.iter().filter(|f| f.class == *class) {
                let (Some(solution), Some((_, given))) =
                    (solution.as_ref(), file.answers.iter().find(|(id, _)| *id == exercise.id))
                else {
                    continue;
                };
                answered += 1;
                let graded = grade(exercise, solution, given);
                right += usize::from(graded.right);
                if let Some(m) = graded.mistake {
                    *named.entry(m).or_default() += 1;
                }
            }
            let most = named.values().copied().max();
            let common_mistake =
                most.and_then(|n| named.iter().find(|(_, c)| **c == n).map(|(m, c)| (*m, *c)));
            ExerciseResult { exercise: exercise.id.clone(), answered, right, common_mistake }
        })
        .collect()
}

/// A trainer's case file: a title and its cases, as exercises (`c1`, `c2`, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct CaseFile {
    /// The title, when given.
    pub title: Option<String>,
    /// The cases.
    pub exercises: Vec<Exercise>,
}

impl CaseFile {
    /// Reads a case file: every request through the quote's own reader, every ask fitting its request.
    pub fn read(text: &str) -> Result<CaseFile, FileError> {
        let top = object_of(text, CASE_FORMAT)?;
        let title = match top.get("title") {
            None | Some(Value::Null) => None,
            Some(Value::String(t)) if t.chars().count() <= 200 => Some(t.clone()),
            Some(_) => return Err(error("title", FileProblem::WrongShape { expected: Shape::Text })),
        };
        let cases = match top.get("cases") {
            None => return Err(error("cases", FileProblem::Missing)),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(error("cases", FileProblem::WrongShape { expected: Shape::List })),
        };
        if cases.len() > MAX_CASES {
            return Err(error("cases", FileProblem::TooManyCases));
        }
        let mut exercises = Vec::with_capacity(cases.len());
        for (i, case) in cases.iter().enumerate() {
            let path = format!("cases[{i}]");
            let Value::Object(case) = case else {
                return Err(error(path, FileProblem::WrongShape { expected: Shape::Object }));
            };
            let lesson = match case.get("lesson") {
                None => return Err(error(format!("{path}.lesson"), FileProblem::Missing)),
                Some(v) => v
                    .as_u64()
                    .filter(|l| (1..=6).contains(l))
                    .ok_or_else(|| error(format!("{path}.lesson"), FileProblem::Lesson))?
                    as u8,
            };
            let ask = match case.get("ask") {
                None => return Err(error(format!("{path}.ask"), FileProblem::Missing)),
                Some(Value::String(code)) => {
                    Ask::from_code(code).filter(|a| *a != Ask::Roles).ok_or_else(|| {
                        error(format!("{path}.ask"), FileProblem::UnknownAsk { found: code.clone() })
                    })?
                }
                Some(_) => {
                    return Err(error(
                        format!("{path}.ask"),
                        FileProblem::WrongShape { expected: Shape::Text },
                    ))
                }
            };
            let request = match case.get("request") {
                None => return Err(error(format!("{path}.request"), FileProblem::Missing)),
                Some(v) => v.clone(),
            };
            let exercise =
                Exercise { id: format!("c{}", i + 1), lesson, ask, request: Some(request), action: None };
            if let Some(Err(e)) = exercise.parsed_request() {
                return Err(error(format!("{path}.request"), FileProblem::Request { error: e }));
            }
            if ask.wants_refund().is_some_and(|refund| refund != exercise.is_refund()) {
                return Err(error(format!("{path}.ask"), FileProblem::AskDoesNotFit { ask }));
            }
            exercises.push(exercise);
        }
        Ok(CaseFile { title, exercises })
    }

    /// The case file, as a trainer edits it (answers are never written: the engine computes them).
    pub fn write(&self) -> String {
        let cases: Vec<Value> = self
            .exercises
            .iter()
            .filter(|e| e.request.is_some())
            .map(|e| json!({ "lesson": e.lesson, "ask": e.ask.code(), "request": e.request }))
            .collect();
        let mut file = Map::new();
        file.insert("format".into(), json!(CASE_FORMAT));
        if let Some(title) = &self.title {
            file.insert("title".into(), json!(title));
        }
        file.insert("cases".into(), Value::Array(cases));
        serde_json::to_string_pretty(&Value::Object(file)).expect("JSON values serialize")
    }
}

/// The top-level object of a training file of `format`.
fn object_of(text: &str, format: &'static str) -> Result<Map<String, Value>, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(error("file", FileProblem::TooBig));
    }
    let value: Value = serde_json::from_str(text).map_err(|_| error("file", FileProblem::NotJson))?;
    let Value::Object(top) = value else {
        return Err(error("file", FileProblem::WrongShape { expected: Shape::Object }));
    };
    match top.get("format") {
        Some(Value::String(f)) if f == format => Ok(top),
        Some(Value::String(f)) => {
            Err(error("format", FileProblem::WrongFormat { expected: format, found: Some(f.clone()) }))
        }
        _ => Err(error("format", FileProblem::WrongFormat { expected: format, found: None })),
    }
}
