//! Moving work in and out: export a whole workspace or one customer as a scenario file (the format
//! `reservoir simulate` reads), and import one — checked completely before anything changes, every
//! problem reported with its place in the file, added to what is there unless the person chooses
//! to replace it.

use crate::formats::json::Value;

use crate::domain::limits::MAX_COMMANDS;
use crate::domain::order;
use crate::domain::values::Date;
use crate::formats::decode;
use crate::formats::input::{Expected, Found, InputError, Many, Problem};
use crate::simulation::command::{Command, DatedCommand};
use crate::simulation::scenario::replay;
use crate::simulation::scenario::{Scenario, ScenarioFormat, SCENARIO_FORMAT};

/// Problems reported at most; past that the report says how many more there were.
pub const MAX_PROBLEMS: usize = 200;

/// The whole scenario, as a file that carries the session's simulated `today`, so that importing
/// it continues on the day it was left.
pub fn export_scenario(scenario: &Scenario, today: Date) -> String {
    let dated = Scenario { today: Some(today), ..scenario.clone() };
    serde_json::to_string_pretty(&dated).expect("scenarios serialize")
}

/// The commands that build one customer (and the rates and policies they were made under), as a
/// scenario of their own.
pub fn customer_scenario(scenario: &Scenario, customer: &str) -> Scenario {
    let commands = scenario
        .commands
        .iter()
        .filter(|c| match &c.command {
            Command::SetRate { .. } | Command::SetPolicy { .. } => true,
            other => other.customer().map(|c| c.as_str()) == Some(customer),
        })
        .cloned()
        .collect();
    Scenario { commands, ..scenario.clone() }
}

/// How an import combines with what is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Keep what is there and add the file's commands, merged by date.
    Add,
    /// Put the file in place of what is there (undoable).
    Replace,
}

/// A checked import: the scenario it would put in force, or every problem found.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportCheck {
    /// Everything applies; `scenario` is what would be in force, `added` how many commands came
    /// from the file.
    Ready {
        /// The scenario after the import. Its `today`, when there is one, is the simulated today
        /// the session moves to: the file's, when it replaces what is there; when it is added,
        /// only a later one (time in the scenario in force only moves forward).
        scenario: Scenario,
        /// Commands taken from the file.
        added: usize,
        /// Fields the reader did not know and ignored.
        ignored: Vec<String>,
    },
    /// Nothing can be imported; each problem names its place in the file.
    Problems(Vec<InputError>),
}

/// Reads `text` as a scenario file and checks it against `current` (whose simulated today is
/// `today`) completely: every command is read (a bad one does not hide the ones after it), then
/// the result is replayed. Nothing changes here; the caller puts `Ready`'s scenario in force.
pub fn check_import(text: &str, current: &Scenario, today: Date, mode: ImportMode) -> ImportCheck {
    // A stored session's scenario, written out to be read as a file is (below).
    let in_session: String;
    let mut value = match decode::json_value(text, "file") {
        Ok(value) => value,
        Err(error) => return ImportCheck::Problems(vec![error]),
    };
    // A session the app stored (downloaded from the recovery view, a conflict, or a full
    // storage) imports as the scenario inside it, after its own migrations.
    let is_session =
        value.get("format").and_then(Value::as_str).is_some_and(|f| f.starts_with("reservoir.session/"));
    if is_session {
        match crate::formats::stored::read(text) {
            Ok(stored) => {
                let dated = Scenario { today: Some(stored.today), ..stored.scenario };
                in_session = serde_json::to_string(&dated).expect("scenarios serialize");
                value = match decode::json_value(&in_session, "file") {
                    Ok(value) => value,
                    Err(error) => return ImportCheck::Problems(vec![error]),
                };
            }
            Err(error) => return ImportCheck::Problems(vec![error]),
        }
    }
    check_scenario(&value, current, today, mode)
}

/// Every problem a stored session has, not only the first: what the recovery view lists, so a
/// partner (or whoever helps them) sees all that keeps the data from opening. Problems inside its
/// scenario are found as an import finds them (every command read, then the rest replayed), with
/// `scenario.` before their paths; anything else is the stored-session reader's one error.
pub fn stored_problems(text: &str) -> Vec<InputError> {
    let first = match crate::formats::stored::read(text) {
        Ok(_) => return Vec::new(),
        Err(error) => error,
    };
    let inside = first.path.starts_with("scenario");
    let mut body = None;
    let value = crate::formats::stored::unpacked_value(text, &mut body).ok();
    let scenario = value.as_ref().and_then(|v| v.get("scenario"));
    match (inside, scenario) {
        (true, Some(scenario)) => {
            let empty =
                Scenario::new(crate::domain::policy::Policy::pack(crate::domain::policy::PackId::Azure2026));
            // Replacing never reads the current today; any date does.
            let today = Date::parse("2000-01-01").expect("a date");
            match check_scenario(scenario, &empty, today, ImportMode::Replace) {
                ImportCheck::Problems(problems) => problems
                    .into_iter()
                    .map(|mut p| {
                        p.path = format!("scenario.{}", p.path);
                        p
                    })
                    .collect(),
                ImportCheck::Ready { .. } => vec![first],
            }
        }
        _ => vec![first],
    }
}

/// Checks a scenario's JSON value completely against `current` (see [`check_import`]).
fn check_scenario(value: &Value, current: &Scenario, today: Date, mode: ImportMode) -> ImportCheck {
    let mut problems = Vec::new();
    let mut ignored = Vec::new();
    let Some(object) = value.as_object() else {
        return ImportCheck::Problems(vec![InputError::wrong_kind(
            "file",
            Expected::Scenario,
            Found::of(value),
        )]);
    };
    let name = object.get("format").and_then(Value::as_str);
    let format = name.and_then(ScenarioFormat::named).unwrap_or_else(|| {
        problems.push(InputError::new(
            "format",
            Problem::WrongFormat { expected: SCENARIO_FORMAT, found: name.map(String::from) },
        ));
        ScenarioFormat::V2
    });
    // A file written before the format carried the date has none: the session keeps its own.
    let file_today = match object.get("today") {
        None | Some(Value::Null) => None,
        Some(value) => decode::date(value, "today").map_err(|error| problems.push(error)).ok(),
    };
    let policy = match object.get("policy") {
        None | Some(Value::Null) => current.policy.clone(),
        Some(value) => match decode::policy(value, "policy") {
            Ok(policy) => policy,
            Err(error) => {
                problems.push(error);
                current.policy.clone()
            }
        },
    };
    let mut commands = Vec::new();
    match object.get("commands") {
        Some(Value::Array(list)) if list.len() > MAX_COMMANDS => problems.push(InputError::new(
            "commands",
            Problem::TooMany { what: Many::Commands, max: MAX_COMMANDS, found: list.len() },
        )),
        Some(Value::Array(list)) => {
            for (index, item) in list.iter().enumerate() {
                match decode::dated_command(item, &format!("commands[{index}]"), &mut ignored) {
                    Ok(command) => commands.push((index, command)),
                    Err(error) => problems.push(error),
                }
            }
        }
        Some(other) => problems.push(InputError::wrong_kind("commands", Expected::List, Found::of(other))),
        None => problems.push(InputError::new("commands", Problem::Missing)),
    }
    if !problems.is_empty() {
        return ImportCheck::Problems(cap(problems));
    }

    // The file's commands, merged by date after (Add) or instead of (Replace) the current ones.
    let added = commands.len();
    // Replacing puts the file's scenario in force, with its own ID rule and its today, even one
    // earlier than the session's: the time that only moves forward is the scenario's, and this
    // one starts over. Adding keeps the scenario in force, with its ID rule (so the IDs it has
    // stay), and moves its today only forward.
    #[allow(clippy::type_complexity)]
    let (base_policy, format, new_today, mut merged): (_, _, _, Vec<(Option<usize>, DatedCommand)>) =
        match mode {
            ImportMode::Replace => (policy, format, file_today, Vec::new()),
            ImportMode::Add => (
                current.policy.clone(),
                current.format,
                file_today.filter(|day| *day > today),
                current.commands.iter().cloned().map(|c| (None, c)).collect(),
            ),
        };
    merged.extend(commands.into_iter().map(|(i, c)| (Some(i), c)));
    // Stable: on the same day, what was there comes first.
    order::sort_by_key(&mut merged, |(_, c)| c.date);
    let scenario = Scenario {
        format,
        today: new_today,
        policy: base_policy,
        commands: merged.iter().map(|(_, c)| c.clone()).collect(),
    };

    // Replay, collecting every refusal of the file's own commands (a refused command is skipped
    // so that the ones after it are still checked).
    let mut workspace = scenario.empty_workspace();
    for (origin, command) in &merged {
        if let Err(rejection) = workspace.apply(command) {
            problems.push(match origin {
                Some(index) => InputError::new(
                    format!("commands[{index}]"),
                    Problem::Refused { rejection: Box::new(rejection) },
                ),
                None => InputError::new("file", Problem::RefusesExisting { rejection: Box::new(rejection) }),
            });
        }
    }
    if !problems.is_empty() {
        return ImportCheck::Problems(cap(problems));
    }
    debug_assert!(replay(&scenario).is_ok());
    ImportCheck::Ready { scenario, added, ignored }
}

fn cap(mut problems: Vec<InputError>) -> Vec<InputError> {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(InputError::new("file", Problem::MoreProblems { count: more }));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{PackId, Policy};
    use crate::simulation::demo::demo_scenario;

    fn today() -> crate::domain::values::Date {
        crate::domain::values::Date::parse("2026-11-21").unwrap()
    }

    #[test]
    fn a_customer_exported_alone_imports_into_an_empty_workspace() {
        let demo = demo_scenario(today());
        let alone = customer_scenario(&demo, "woodgrove");
        let text = export_scenario(&alone, today());
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        let ImportCheck::Ready { scenario, added, .. } =
            check_import(&text, &empty, today(), ImportMode::Add)
        else {
            panic!("not ready")
        };
        assert_eq!(added, alone.commands.len());
        let w = replay(&scenario).unwrap();
        assert_eq!(w.customers.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["woodgrove"]);
    }

    #[test]
    fn importing_what_is_already_there_reports_every_clash_by_place() {
        let demo = demo_scenario(today());
        let text = export_scenario(&customer_scenario(&demo, "contoso"), today());
        let ImportCheck::Problems(problems) = check_import(&text, &demo, today(), ImportMode::Add) else {
            panic!("a second Contoso was accepted")
        };
        assert!(problems
            .iter()
            .any(|p| p.path.starts_with("commands[") && p.message().contains("already exists")));
        // Replacing instead is fine.
        assert!(matches!(
            check_import(&text, &demo, today(), ImportMode::Replace),
            ImportCheck::Ready { .. }
        ));
    }

    #[test]
    fn an_export_keeps_the_simulated_date() {
        let demo = demo_scenario(today());
        let later = Date::parse("2027-02-01").unwrap();
        let text = export_scenario(&demo, later);
        assert!(text.contains("\"format\": \"reservoir.scenario/2\""), "{}", &text[..200]);
        assert!(text.contains("\"today\": \"2027-02-01\""), "{}", &text[..200]);
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        // Replacing restores the file's day, even one before the session's own: that scenario
        // starts over on the day it was left.
        let end_of_2030 = Date::parse("2030-12-31").unwrap();
        let ImportCheck::Ready { scenario, .. } =
            check_import(&text, &empty, end_of_2030, ImportMode::Replace)
        else {
            panic!("not ready")
        };
        assert_eq!(scenario.today, Some(later));
        assert_eq!(Scenario { today: None, ..scenario }, demo);
        // Adding to the scenario in force moves its day only forward.
        let ImportCheck::Ready { scenario, .. } = check_import(&text, &empty, end_of_2030, ImportMode::Add)
        else {
            panic!("not ready")
        };
        assert_eq!(scenario.today, None);
        let ImportCheck::Ready { scenario, .. } = check_import(&text, &empty, today(), ImportMode::Add)
        else {
            panic!("not ready")
        };
        assert_eq!(scenario.today, Some(later));
    }

    #[test]
    fn a_file_without_the_date_still_imports_and_leaves_the_day_alone() {
        let demo = demo_scenario(today());
        let mut value: serde_json::Value = serde_json::from_str(&export_scenario(&demo, today())).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("today");
        object.insert("format".into(), serde_json::Value::String("reservoir.scenario/1".into()));
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        let ImportCheck::Ready { scenario, .. } =
            check_import(&value.to_string(), &empty, today(), ImportMode::Replace)
        else {
            panic!("an old export did not import")
        };
        assert_eq!(scenario.today, None);
        assert_eq!(scenario.format, ScenarioFormat::V1, "it keeps the ID rule it was written with");
        let bad = r#"{"format": "reservoir.scenario/2", "today": "2026-02-30", "commands": []}"#;
        let ImportCheck::Problems(problems) = check_import(bad, &empty, today(), ImportMode::Replace) else {
            panic!("a date that is not one was accepted")
        };
        assert_eq!(problems[0].path, "today");
    }

    #[test]
    fn every_bad_command_is_reported_not_just_the_first() {
        let text = r#"{"format": "reservoir.scenario/1", "commands": [
            {"date": "2026-13-01", "command": "add_customer", "customer": "a", "name": "A", "currency": "USD"},
            {"date": "2026-01-01", "command": "add_customer", "customer": "b", "name": "B", "currency": "XYZ"},
            {"date": "2026-01-01", "command": "fly", "customer": "c"}
        ]}"#;
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        let ImportCheck::Problems(problems) = check_import(text, &empty, today(), ImportMode::Add) else {
            panic!()
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["commands[0].date", "commands[1].currency", "commands[2].command"]);
    }

    #[test]
    fn a_stored_session_of_any_version_imports_as_its_scenario() {
        let v1 =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/session-v1.json"))
                .unwrap();
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        let ImportCheck::Ready { scenario, .. } = check_import(&v1, &empty, today(), ImportMode::Replace)
        else {
            panic!("a v1 session did not import")
        };
        assert_eq!(replay(&scenario).unwrap().customers.len(), 5);
        let newer = r#"{"format": "reservoir.session/9"}"#;
        let ImportCheck::Problems(problems) = check_import(newer, &empty, today(), ImportMode::Add) else {
            panic!()
        };
        assert!(problems[0].message().contains("newer version"), "{problems:?}");
    }

    #[test]
    fn a_file_that_is_not_a_scenario_says_so() {
        let empty = Scenario::new(Policy::pack(PackId::Azure2026));
        for (text, path) in [("{", "file"), ("[]", "file"), (r#"{"format": "x", "commands": []}"#, "format")]
        {
            let ImportCheck::Problems(problems) = check_import(text, &empty, today(), ImportMode::Add) else {
                panic!("{text}")
            };
            assert_eq!(problems[0].path, path, "{text}");
        }
    }

    #[test]
    fn a_stored_session_names_every_problem_it_has() {
        use crate::formats::stored;
        let demo = demo_scenario(today());
        let text = stored::write(today(), &crate::domain::partner::Actor::admin_agent(), &demo, &[], 3);
        assert!(stored_problems(&text).is_empty());
        // What older builds could store: a blank rename and a policy past its bounds.
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let commands = value["scenario"]["commands"].as_array_mut().unwrap();
        commands[3]["name"] = serde_json::Value::String("   ".into());
        commands.push(serde_json::json!({"date": "2026-11-21", "command": "set_policy",
            "policy": {"base": "azure-2026", "fee_free_days": 5000}}));
        let broken = serde_json::to_string(&value).unwrap();
        assert!(stored::read(&broken).is_err());
        let problems = stored_problems(&broken);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths.len(), 2, "{problems:?}");
        assert!(paths[0].starts_with("scenario.commands[3]"), "{paths:?}");
        assert!(paths[1].starts_with(&format!("scenario.commands[{}]", demo.commands.len())), "{paths:?}");
        // Outside the scenario, the reader's one error.
        assert_eq!(stored_problems("{").len(), 1);
    }
}
