//! Scenarios: a replayable sequence of dated commands (`reservoir simulate`, and the app's files).
//! The format is documented in `docs/scenario-format.md`.

use serde::Serialize;

use crate::command::DatedCommand;
use crate::input::InputError;
use crate::policy::Policy;
use crate::workspace::Workspace;

/// The scenario format this reader understands and writes.
pub const SCENARIO_FORMAT: &str = "reservoir.scenario/1";
/// The simulation output format.
pub const SIMULATION_FORMAT: &str = "reservoir.simulation/1";

/// A scenario: the policy it starts under and its commands, in date order. Written with serde,
/// read by [`crate::decode`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Always [`SCENARIO_FORMAT`].
    pub format: String,
    /// The policy in force at the start (a `set_policy` command may change it).
    #[serde(serialize_with = "crate::policy::serialize_as_written")]
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

/// What happened to one command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Its position in the scenario.
    pub index: usize,
    /// `applied` or `refused`.
    pub status: &'static str,
    /// The refusal's code, when refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The log's details when applied; the reason when refused.
    pub message: String,
}

/// A replayed scenario: the workspace it leads to and what happened to each command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// Always [`SIMULATION_FORMAT`].
    pub format: &'static str,
    /// The workspace after the last command.
    pub workspace: Workspace,
    /// One outcome per command, in order.
    pub outcomes: Vec<Outcome>,
}

/// Reads and checks a scenario; the paths of fields it does not know go to `ignored`.
pub fn parse_scenario(text: &str, ignored: &mut Vec<String>) -> Result<Scenario, InputError> {
    let value = crate::decode::json_value(text, "scenario")?;
    crate::decode::scenario(&value, "", ignored)
}

/// Replays a scenario from an empty workspace. A refused command changes nothing and the replay
/// goes on; its outcome says why.
pub fn simulate(scenario: &Scenario) -> Simulation {
    let mut workspace = Workspace::new(scenario.policy.clone());
    let outcomes = scenario
        .commands
        .iter()
        .enumerate()
        .map(|(index, command)| match workspace.apply(command) {
            Ok(entry) => Outcome { index, status: "applied", code: None, message: entry.event.details() },
            Err(rejection) => Outcome {
                index,
                status: "refused",
                code: Some(rejection.code()),
                message: rejection.message(),
            },
        })
        .collect();
    Simulation { format: SIMULATION_FORMAT, workspace, outcomes }
}

/// The whole of `reservoir simulate` but the I/O: the simulation as JSON, and the ignored fields.
pub fn simulate_text(text: &str) -> Result<(String, Vec<String>), InputError> {
    let mut ignored = Vec::new();
    let scenario = parse_scenario(text, &mut ignored)?;
    let json = serde_json::to_string_pretty(&simulate(&scenario)).expect("simulations always serialize");
    Ok((json, ignored))
}
