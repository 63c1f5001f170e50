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
