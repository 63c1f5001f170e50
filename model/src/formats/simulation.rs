//! `reservoir simulate`: a scenario file replayed, every command's outcome, as JSON
//! (`reservoir.simulation/1`, docs/scenario-format.md).

use serde::Serialize;

use crate::formats::input::InputError;
use crate::formats::plain;
use crate::simulation::scenario::Scenario;
use crate::simulation::workspace::Workspace;

/// The simulation output format.
pub const SIMULATION_FORMAT: &str = "reservoir.simulation/1";

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
    #[serde(serialize_with = "workspace_json")]
    pub workspace: Workspace,
    /// One outcome per command, in order.
    pub outcomes: Vec<Outcome>,
}

/// The workspace as the simulation output writes it: its fields, and its activity log with each
/// entry's operation and sentence in the CLI's plain English.
fn workspace_json<S: serde::Serializer>(workspace: &Workspace, serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        date: chrono::NaiveDate,
        actor: &'a crate::domain::partner::Actor,
        customer: &'a Option<crate::domain::values::Name>,
        operation: &'static str,
        details: String,
    }
    #[derive(Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        workspace: &'a Workspace,
        activity_log: Vec<Entry<'a>>,
    }
    let activity_log = workspace
        .activity_log
        .iter()
        .map(|e| Entry {
            date: e.date,
            actor: &e.actor,
            customer: &e.customer,
            operation: plain::operation(&e.event),
            details: plain::event(&e.event),
        })
        .collect();
    Json { workspace, activity_log }.serialize(serializer)
}

/// Reads and checks a scenario; the paths of fields it does not know go to `ignored`.
pub fn parse_scenario(text: &str, ignored: &mut Vec<String>) -> Result<Scenario, InputError> {
    let value = crate::formats::decode::json_value(text, "scenario")?;
    crate::formats::decode::scenario(&value, "", ignored)
}

/// Replays a scenario from an empty workspace. A refused command changes nothing and the replay
/// goes on; its outcome says why.
pub fn simulate(scenario: &Scenario) -> Simulation {
    let mut workspace = scenario.empty_workspace();
    let outcomes = scenario
        .commands
        .iter()
        .enumerate()
        .map(|(index, command)| match workspace.apply(command) {
            Ok(entry) => {
                Outcome { index, status: "applied", code: None, message: plain::event(&entry.event) }
            }
            Err(rejection) => Outcome {
                index,
                status: "refused",
                code: Some(rejection.code()),
                message: plain::rejection(&rejection),
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
