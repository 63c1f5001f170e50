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

use crate::domain::partner::Actor;
use crate::domain::values::Date;
use crate::formats::decode::{self, Fields};
use crate::formats::input::{Expected, Found, InputError, Problem};
use crate::simulation::scenario::Scenario;

/// The version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u32 = 2;

/// The format name of a version.
pub fn format_name(version: u32) -> String {
    format!("reservoir.session/{version}")
}

/// What a stored session holds, read and checked but not yet replayed (the app layer replays it
/// into a session).
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// How many times it has been saved.
    pub revision: u64,
    /// The simulated today.
    pub today: Date,
    /// Who acts.
    pub actor: Actor,
    /// The commands so far.
    pub scenario: Scenario,
}

#[derive(Serialize)]
struct Written<'a> {
    format: String,
    revision: u64,
    today: Date,
    actor: &'a Actor,
    scenario: &'a Scenario,
}

/// The text to store at `revision`, in the current version.
pub fn write(today: Date, actor: &Actor, scenario: &Scenario, revision: u64) -> String {
    serde_json::to_string(&Written { format: format_name(CURRENT_VERSION), revision, today, actor, scenario })
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
                Problem::NotASession {
                    newest: CURRENT_VERSION,
                    found: value.get("format").map(Value::to_string),
                },
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

/// Reads a stored session of any version up to the current one, migrating it on the way. Any
/// problem is an error naming where it is; the stored text is the caller's to keep.
pub fn read(text: &str) -> Result<Stored, InputError> {
    let mut value = decode::json_value(text, "stored session")?;
    if !value.is_object() {
        return Err(InputError::wrong_kind("stored session", Expected::Object, Found::of(&value)));
    }
    let version = version_of(&value)?;
    if version > CURRENT_VERSION {
        return Err(InputError::new(
            "format",
            Problem::NewerSession { found: version, newest: CURRENT_VERSION },
        ));
    }
    for migration in &MIGRATIONS[(version as usize - 1)..] {
        value = migration(value);
    }
    let mut fields = Fields::of_whole(&value, "", Expected::StoredSession, "stored session")?;
    fields.required("format")?;
    let (revision_value, revision_path) = fields.required("revision")?;
    let revision = revision_value.as_u64().ok_or_else(|| {
        InputError::wrong_kind(
            revision_path,
            Expected::WholeNumber,
            Found::Written(revision_value.to_string()),
        )
    })?;
    let today = fields.date("today")?;
    let (actor, actor_path) = fields.required("actor")?;
    let actor = decode::read_actor(actor, &actor_path)?;
    let (scenario, scenario_path) = fields.required("scenario")?;
    let scenario = decode::scenario(scenario, &scenario_path, &mut Vec::new())?;
    Ok(Stored { revision, today, actor, scenario })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_versions_and_strangers_are_named() {
        let newer = read(r#"{"format": "reservoir.session/3", "anything": 1}"#).unwrap_err();
        assert_eq!(newer.path, "format");
        assert!(
            newer.message().starts_with("written by a newer version of Reservoir (session format 3"),
            "{newer}"
        );
        let stranger = read(r#"{"format": "something-else"}"#).unwrap_err();
        assert!(stranger.message().contains("expected a Reservoir session"), "{stranger}");
        let zero = read(r#"{"format": "reservoir.session/0"}"#).unwrap_err();
        assert_eq!(zero.path, "format");
        assert!(read("[1, 2]").is_err());
        assert!(read("{").unwrap_err().message().contains("ends too early"));
    }
}
