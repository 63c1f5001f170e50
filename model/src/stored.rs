//! The stored format of the app's session, its versions, and the migrations between them.
//!
//! What the browser stores is `{"format": "reservoir.session/N", ...}`, separate from the engine's
//! types: it is read by hand (`decode.rs`), so changing a domain type never changes what can be
//! read. Each version that changed the format has one migration from the version before, applied
//! in order; each is tested against fixture files that are never edited afterwards
//! (`model/tests/fixtures/`). Data written by a newer version is refused with a message saying so,
//! and the caller leaves it untouched.
//!
//! | version | what changed |
//! |---|---|
//! | 1 | `today`, `actor`, `scenario` |
//! | 2 | adds `revision`: how many times the session was saved, so two tabs can tell that storage changed under them |

use serde::Serialize;
use serde_json::{json, Value};

use crate::decode::{self, Fields};
use crate::input::InputError;
use crate::partner::Actor;
use crate::scenario::Scenario;
use crate::session::Session;

/// The version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u32 = 2;

/// The format name of a version.
pub fn format_name(version: u32) -> String {
    format!("reservoir.session/{version}")
}

/// A session as stored: the session and the revision it was saved at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The session.
    pub session: Session,
    /// How many times it has been saved.
    pub revision: u64,
}

#[derive(Serialize)]
struct Written<'a> {
    format: String,
    revision: u64,
    today: chrono::NaiveDate,
    actor: &'a Actor,
    scenario: &'a Scenario,
}

/// The text to store for `session` at `revision`, in the current version.
pub fn write(session: &Session, revision: u64) -> String {
    serde_json::to_string(&Written {
        format: format_name(CURRENT_VERSION),
        revision,
        today: session.today,
        actor: &session.actor,
        scenario: session.scenario(),
    })
    .expect("sessions always serialize")
}

/// The version a stored text says it is in (`None` when it names no session format at all).
pub fn version_of(value: &Value) -> Result<u32, InputError> {
    let format = value.get("format").and_then(Value::as_str);
    format
        .and_then(|f| f.strip_prefix("reservoir.session/"))
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            InputError::new(
                "format",
                format!(
                    "expected a Reservoir session (\"reservoir.session/1\" to {:?}), found {}",
                    format_name(CURRENT_VERSION),
                    value.get("format").map_or("none".to_string(), Value::to_string)
                ),
            )
        })
}

/// One migration a version: `MIGRATIONS[n - 1]` turns version `n` into version `n + 1`.
const MIGRATIONS: &[fn(Value) -> Value] = &[v1_to_v2];

/// Version 2 adds the save revision. A version-1 session has never been saved with one: it starts
/// at 0.
fn v1_to_v2(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.insert("format".into(), json!(format_name(2)));
        object.insert("revision".into(), json!(0));
    }
    value
}

/// Reads a stored session of any version up to the current one, migrating it on the way, and
/// replays it. Any problem is an error naming where it is; the stored text is the caller's to keep.
pub fn read(text: &str) -> Result<Stored, InputError> {
    let mut value = decode::json_value(text, "stored session")?;
    if !value.is_object() {
        return Err(InputError::new(
            "stored session",
            format!("expected an object, found {}", crate::input::describe(&value)),
        ));
    }
    let version = version_of(&value)?;
    if version > CURRENT_VERSION {
        return Err(InputError::new(
            "format",
            format!(
                "written by a newer version of Reservoir (session format {version}; this one reads up to {CURRENT_VERSION}). Open it with that version, or keep it and start fresh."
            ),
        ));
    }
    for migration in &MIGRATIONS[(version as usize - 1)..] {
        value = migration(value);
    }
    let mut fields = Fields::of_whole(&value, "", "a stored session object", "stored session")?;
    fields.required("format")?;
    let (revision_value, revision_path) = fields.required("revision")?;
    let revision = revision_value.as_u64().ok_or_else(|| {
        InputError::new(revision_path, format!("expected a whole number, found {revision_value}"))
    })?;
    let today = fields.date("today")?;
    let (actor, actor_path) = fields.required("actor")?;
    let actor = decode::read_actor(actor, &actor_path)?;
    let (scenario, scenario_path) = fields.required("scenario")?;
    let scenario = decode::scenario(scenario, &scenario_path, &mut Vec::new())?;
    let session = Session::restore(scenario, today, actor).map_err(|(index, rejection)| {
        InputError::new(
            format!("scenario.commands[{index}]"),
            format!("no longer applies: {}", rejection.message()),
        )
    })?;
    Ok(Stored { session, revision })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PackId, Policy};

    #[test]
    fn what_is_written_reads_back_with_its_revision() {
        let today = "2026-11-21".parse().unwrap();
        let mut session = Session::new(today, Policy::pack(PackId::Csp2020));
        session.replace(crate::demo::demo_scenario(today)).unwrap();
        let back = read(&write(&session, 7)).unwrap();
        assert_eq!(back.revision, 7);
        assert_eq!(back.session.scenario(), session.scenario());
        assert_eq!(back.session.workspace(), session.workspace());
        assert_eq!(write(&back.session, 7), write(&session, 7));
    }

    #[test]
    fn newer_versions_and_strangers_are_named() {
        let newer = read(r#"{"format": "reservoir.session/3", "anything": 1}"#).unwrap_err();
        assert_eq!(newer.path, "format");
        assert!(
            newer.message.starts_with("written by a newer version of Reservoir (session format 3"),
            "{newer}"
        );
        let stranger = read(r#"{"format": "something-else"}"#).unwrap_err();
        assert!(stranger.message.contains("expected a Reservoir session"), "{stranger}");
        let zero = read(r#"{"format": "reservoir.session/0"}"#).unwrap_err();
        assert_eq!(zero.path, "format");
        assert!(read("[1, 2]").is_err());
        assert!(read("{").unwrap_err().message.contains("ends too early"));
    }
}
