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
//! | 3 | adds `undo`: the undo history, oldest step first, so that what could be undone before a reload can be undone after it; each step is `{"step": "command"}` (take back the scenario's last command) or `{"step": "load_demo" \| "reset" \| "import_added" \| "import_replaced", "scenario": {...}}` (bring back the scenario that step put out of force) |
//! | 4 | a big session may store `scenario` and `undo` packed: `"packed": "<base64 of DEFLATE of {\"scenario\": ..., \"undo\": [...]}>"` in their place (`packed.rs` says why), so that 20,000 reservations fit in browser storage; a session whose body is under 256 KiB of JSON is written plainly, as in version 3 |
//! | 5 | a packed body is the compact binary body of `compact.rs` in place of JSON: a third of the bytes, read without building a JSON tree, so that a big book opens sooner; a session whose compact body is under [`PACK_ABOVE`] bytes is written plainly, as in versions 3 and 4 |

use crate::formats::json::Value;
use serde::Serialize;

use crate::domain::limits::{MAX_UNDO, MAX_UNDO_COMMANDS};
use crate::domain::partner::Actor;
use crate::domain::values::Date;
use crate::formats::decode::{self, Fields};
use crate::formats::input::{Expected, Found, InputError, Many, Problem};
use crate::formats::{compact, packed};
use crate::simulation::scenario::{Replacement, Scenario, UndoStep};

/// The version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u32 = 5;

/// A session whose compact body (`compact.rs`: scenario and undo history) would be longer than
/// this many bytes is written packed. Below it, the stored text stays plain JSON that a person can
/// read in the browser's tools (about 256 KiB of it at most, where version 4 drew the line); above
/// it, packing saves most of the room (a book of 20,000 reservations with Azure's GUIDs: the
/// figures are in ARCHITECTURE.md).
pub const PACK_ABOVE: usize = 96 * 1024;

/// The field that holds a packed body.
const PACKED: &str = "packed";

/// The `step` of an undo step that takes back the last command.
const COMMAND_STEP: &str = "command";

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
    /// The undo history, oldest step first; read as written, not yet checked against the scenario
    /// (the app layer does, when it replays).
    pub undo: Vec<UndoStep>,
}

/// The envelope: what every version-4 save has plainly, for the checks that read only the head
/// (`app::persistence`), then the body, plain or packed.
#[derive(Serialize)]
struct Written<'a, B: Serialize> {
    format: String,
    revision: u64,
    today: Date,
    actor: &'a Actor,
    #[serde(flatten)]
    body: B,
}

/// What a save holds beside its head.
#[derive(Serialize)]
struct Body<'a> {
    scenario: &'a Scenario,
    undo: Vec<WrittenStep<'a>>,
}

/// The body, packed.
#[derive(Serialize)]
struct Packed {
    packed: String,
}

#[derive(Serialize)]
struct WrittenStep<'a> {
    step: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a Scenario>,
}

/// The text to store at `revision`, in the current version: plain JSON, or with its body packed
/// when its compact body (scenario and undo history) would be over [`PACK_ABOVE`] bytes.
pub fn write(today: Date, actor: &Actor, scenario: &Scenario, undo: &[UndoStep], revision: u64) -> String {
    fn envelope<B: Serialize>(today: Date, actor: &Actor, revision: u64, body: B) -> String {
        let written = Written { format: format_name(CURRENT_VERSION), revision, today, actor, body };
        serde_json::to_string(&written).expect("sessions always serialize")
    }
    // The compact body is cheap to write (a big book's JSON took longer than this and packing it
    // together), so it is written first and measured.
    let compact = compact::write(scenario, undo);
    if compact.len() > PACK_ABOVE {
        return envelope(today, actor, revision, Packed { packed: packed::pack_bytes(&compact) });
    }
    let undo = undo
        .iter()
        .map(|step| match step {
            UndoStep::Command => WrittenStep { step: COMMAND_STEP, scenario: None },
            UndoStep::Scenario { replaced, previous } => {
                WrittenStep { step: replaced.name(), scenario: Some(previous) }
            }
        })
        .collect();
    envelope(today, actor, revision, Body { scenario, undo })
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
const MIGRATIONS: &[fn(Value<'_>) -> Value<'_>] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5];

/// Version 2 adds the save revision. A version-1 session has never been saved with one: it starts
/// at 0.
fn v1_to_v2(mut value: Value<'_>) -> Value<'_> {
    if let Some(object) = value.as_object_mut() {
        object.insert("format", Value::from(format_name(2)));
        object.insert("revision", Value::from(0));
    }
    value
}

/// Version 3 adds the undo history. Before it, the history was kept in memory only and lost at
/// every reload: a version-2 session has none.
fn v2_to_v3(mut value: Value<'_>) -> Value<'_> {
    if let Some(object) = value.as_object_mut() {
        object.insert("format", Value::from(format_name(3)));
        object.insert("undo", Value::Array(Vec::new()));
    }
    value
}

/// Version 4 may pack the body; a version-3 session has it plain, which version 4 still reads.
fn v3_to_v4(mut value: Value<'_>) -> Value<'_> {
    if let Some(object) = value.as_object_mut() {
        object.insert("format", Value::from(format_name(4)));
    }
    value
}

/// Version 5 packs the body in its compact form; a version-4 body was JSON, and is read as such
/// ([`unpacked_value`] unpacks it in place before the migrations run). A plain body is unchanged.
fn v4_to_v5(mut value: Value<'_>) -> Value<'_> {
    if let Some(object) = value.as_object_mut() {
        object.insert("format", Value::from(format_name(5)));
    }
    value
}

/// A stored text as a JSON value, its body unpacked in place when it was packed as JSON (version
/// 4): what both [`read`] and the recovery view's full check (`transfer::stored_problems`) read.
/// The value points into `text` and into the unpacked body, which is kept in `body`. From version
/// 5 a packed body is binary (`compact.rs`) and stays packed here: [`read`] reads it.
pub fn unpacked_value<'t>(text: &'t str, body: &'t mut Option<String>) -> Result<Value<'t>, InputError> {
    let mut value = decode::json_value(text, "stored session")?;
    if version_of(&value).is_ok_and(|version| version >= 5) {
        return Ok(value);
    }
    let Some(object) = value.as_object_mut() else { return Ok(value) };
    let Some(packed) = object.remove(PACKED) else { return Ok(value) };
    let packed =
        packed.as_str().ok_or_else(|| InputError::wrong_kind(PACKED, Expected::Text, Found::of(&packed)))?;
    let unpacked = packed::unpack(packed).map_err(|fault| InputError::new(PACKED, Problem::Packed(fault)))?;
    match decode::json_value(body.insert(unpacked), PACKED)? {
        // The body's fields take their place beside the head, as a plain save has them.
        Value::Object(body) => object.extend(body),
        other => return Err(InputError::wrong_kind(PACKED, Expected::Object, Found::of(&other))),
    }
    Ok(value)
}

/// Reads a stored session of any version up to the current one, migrating it on the way. Any
/// problem is an error naming where it is; the stored text is the caller's to keep.
pub fn read(text: &str) -> Result<Stored, InputError> {
    let mut body = None;
    let mut value = unpacked_value(text, &mut body)?;
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
    let (scenario, undo) = match fields.optional(PACKED) {
        Some((packed, path)) => {
            let packed = packed
                .as_str()
                .ok_or_else(|| InputError::wrong_kind(&path, Expected::Text, Found::of(packed)))?;
            let bytes = packed::unpack_bytes(packed)
                .map_err(|fault| InputError::new(&path, Problem::Packed(fault)))?;
            let (scenario, undo) = compact::read(&bytes)?;
            within_bounds(&undo, "undo")?;
            (scenario, undo)
        }
        None => {
            let (scenario, scenario_path) = fields.required("scenario")?;
            let scenario = decode::scenario(scenario, &scenario_path, &mut Vec::new())?;
            (scenario, undo_history(&mut fields)?)
        }
    };
    Ok(Stored { revision, today, actor, scenario, undo })
}

/// The undo history, within its bounds: at most [`MAX_UNDO`] steps, keeping at most
/// [`MAX_UNDO_COMMANDS`] commands in all.
fn undo_history(fields: &mut Fields) -> Result<Vec<UndoStep>, InputError> {
    let (value, path) = fields.required("undo")?;
    let items =
        value.as_array().ok_or_else(|| InputError::wrong_kind(&path, Expected::List, Found::of(value)))?;
    if items.len() > MAX_UNDO {
        return Err(InputError::new(
            path,
            Problem::TooMany { what: Many::UndoSteps, max: MAX_UNDO, found: items.len() },
        ));
    }
    let undo = items
        .iter()
        .enumerate()
        .map(|(i, item)| undo_step(item, &format!("{path}[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    within_bounds(&undo, &path)?;
    Ok(undo)
}

/// Whether an undo history read at `path` keeps within its bounds: at most [`MAX_UNDO`] steps, and
/// at most [`MAX_UNDO_COMMANDS`] commands in all.
fn within_bounds(undo: &[UndoStep], path: &str) -> Result<(), InputError> {
    if undo.len() > MAX_UNDO {
        return Err(InputError::new(
            path,
            Problem::TooMany { what: Many::UndoSteps, max: MAX_UNDO, found: undo.len() },
        ));
    }
    let kept: usize = undo.iter().map(UndoStep::commands_kept).sum();
    if kept > MAX_UNDO_COMMANDS {
        return Err(InputError::new(
            path,
            Problem::TooMany { what: Many::UndoCommands, max: MAX_UNDO_COMMANDS, found: kept },
        ));
    }
    Ok(())
}

/// One undo step: `{"step": "command"}`, or a replacement's name and the scenario it put out of
/// force.
fn undo_step(value: &Value, path: &str) -> Result<UndoStep, InputError> {
    let mut fields = Fields::of(value, path, Expected::Object)?;
    let (step, step_path) = fields.required("step")?;
    if step.as_str() == Some(COMMAND_STEP) {
        return Ok(UndoStep::Command);
    }
    let replaced = step.as_str().and_then(|s| decode::spelled(s, &Replacement::ALL, Replacement::name));
    let replaced = replaced.ok_or_else(|| {
        let mut expected = vec![COMMAND_STEP];
        expected.extend(decode::spellings(&Replacement::ALL, Replacement::name));
        InputError::new(step_path, Problem::NotOneOf { expected, found: Found::of(step) })
    })?;
    let (scenario, scenario_path) = fields.required("scenario")?;
    let previous = decode::scenario(scenario, &scenario_path, &mut Vec::new())?;
    Ok(UndoStep::Scenario { replaced, previous: Box::new(previous) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_versions_and_strangers_are_named() {
        let newer = read(r#"{"format": "reservoir.session/6", "anything": 1}"#).unwrap_err();
        assert_eq!(newer.path, "format");
        assert!(
            newer.message().starts_with("written by a newer version of Reservoir (session format 6"),
            "{newer}"
        );
        let stranger = read(r#"{"format": "something-else"}"#).unwrap_err();
        assert!(stranger.message().contains("expected a Reservoir session"), "{stranger}");
        let zero = read(r#"{"format": "reservoir.session/0"}"#).unwrap_err();
        assert_eq!(zero.path, "format");
        assert!(read("[1, 2]").is_err());
        let packed = |body: &str| {
            format!(
                r#"{{"format": "reservoir.session/4", "revision": 1, "today": "2026-11-21", "actor": {{"partner": {{"role": "admin_agent"}}}}, "packed": {body}}}"#
            )
        };
        let damaged = read(&packed("\"eJzLSM3JyVcozy/KSQEAGgQEXQ==\"")).unwrap_err();
        assert_eq!(
            (damaged.path.as_str(), &damaged.problem),
            ("packed", &Problem::Packed(packed::PackFault::NotDeflate))
        );
        let not_text = read(&packed("12")).unwrap_err();
        assert_eq!(not_text.path, "packed");
        let not_an_object = read(&packed(&format!("\"{}\"", packed::pack("[1]")))).unwrap_err();
        assert_eq!(not_an_object.path, "packed");
        let missing = read(&packed(&format!("\"{}\"", packed::pack("{}")))).unwrap_err();
        assert_eq!(missing.path, "scenario", "the packed body is read as a plain one is");
        assert!(read("{").unwrap_err().message().contains("ends too early"));
        // Version 5 packs the compact body: JSON there is bytes of no meaning, refused at `packed`.
        let v5 = |body: &str| packed(body).replace("reservoir.session/4", "reservoir.session/5");
        let json_body = read(&v5(&format!("\"{}\"", packed::pack("{\"scenario\": {}}")))).unwrap_err();
        assert_eq!(
            (json_body.path.as_str(), &json_body.problem),
            ("packed", &Problem::Packed(packed::PackFault::NotABody))
        );
        let not_base64 = read(&v5("\"not base64!\"")).unwrap_err();
        assert_eq!(
            (not_base64.path.as_str(), &not_base64.problem),
            ("packed", &Problem::Packed(packed::PackFault::NotBase64))
        );
        assert_eq!(read(&v5("12")).unwrap_err().path, "packed");
    }
}
