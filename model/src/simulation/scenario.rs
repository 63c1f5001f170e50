//! Scenarios: a replayable sequence of dated commands (`reservoir simulate`, and the app's files).
//! The format is documented in `docs/scenario-format.md`.

use serde::Serialize;

use crate::domain::policy::Policy;
use crate::simulation::command::{DatedCommand, Rejection};
use crate::simulation::workspace::Workspace;

/// The scenario format this reader understands and writes.
pub const SCENARIO_FORMAT: &str = "reservoir.scenario/1";

/// A scenario: the policy it starts under and its commands, in date order. Written with serde,
/// read by [`crate::formats::decode`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Always [`SCENARIO_FORMAT`].
    pub format: String,
    /// The policy in force at the start (a `set_policy` command may change it).
    #[serde(serialize_with = "crate::domain::policy::serialize_as_written")]
    pub policy: Policy,
    /// The commands.
    pub commands: Vec<DatedCommand>,
}

impl Scenario {
    /// An empty scenario under `policy`.
    pub fn new(policy: Policy) -> Scenario {
        Scenario { format: SCENARIO_FORMAT.into(), policy, commands: Vec::new() }
    }
}

/// Replays a scenario from nothing; the first refused command is an error, with its position.
pub fn replay(scenario: &Scenario) -> Result<Workspace, (usize, Rejection)> {
    let mut workspace = Workspace::new(scenario.policy.clone());
    for (index, command) in scenario.commands.iter().enumerate() {
        workspace.apply(command).map_err(|rejection| (index, rejection))?;
    }
    Ok(workspace)
}

/// What put a whole scenario in force in the app, so that Undo can say what it takes back. (Here,
/// below the stored session that keeps the undo history, rather than in the app layer.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Replacement {
    /// "Load demo data".
    Demo,
    /// "Reset scenario", or Start fresh over stored data that could not be read.
    Reset,
    /// An imported file added to what was there.
    ImportAdded,
    /// An imported file put in place of what was there.
    ImportReplaced,
}

impl Replacement {
    /// Every replacement, in the order the stored format documents them.
    pub const ALL: [Replacement; 4] =
        [Replacement::Demo, Replacement::Reset, Replacement::ImportAdded, Replacement::ImportReplaced];

    /// Its name in the stored session's undo history: the only place it is spelled.
    pub fn name(self) -> &'static str {
        match self {
            Replacement::Demo => "load_demo",
            Replacement::Reset => "reset",
            Replacement::ImportAdded => "import_added",
            Replacement::ImportReplaced => "import_replaced",
        }
    }
}

/// One step of the app's undo history: what Undo takes back.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoStep {
    /// The last command of the scenario in force.
    Command,
    /// A whole scenario that `replaced` put in force: Undo brings back `previous`, the one before.
    Scenario {
        /// What put the current one in force.
        replaced: Replacement,
        /// The scenario it put out of force.
        previous: Box<Scenario>,
    },
}

impl UndoStep {
    /// The commands it keeps (what [`crate::domain::limits::MAX_UNDO_COMMANDS`] counts).
    pub fn commands_kept(&self) -> usize {
        match self {
            UndoStep::Command => 0,
            UndoStep::Scenario { previous, .. } => previous.commands.len(),
        }
    }
}
