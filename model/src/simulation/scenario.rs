//! Scenarios: a replayable sequence of dated commands (`reservoir simulate`, and the app's files).
//! The format is documented in `docs/scenario-format.md`.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::domain::limits::MAX_RESERVATIONS;
use crate::domain::policy::Policy;
use crate::domain::values::Date;
use crate::simulation::command::{Command, DatedCommand, Rejection};
use crate::simulation::workspace::{IdScheme, Workspace};

/// The scenario format this build writes.
pub const SCENARIO_FORMAT: &str = "reservoir.scenario/2";

/// The first scenario format, still read: its commands name the IDs the workspace made up by its
/// first rule ([`IdScheme::Counter`]), so it replays by that rule.
pub const SCENARIO_FORMAT_1: &str = "reservoir.scenario/1";

/// Which version of the scenario format a scenario is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioFormat {
    /// `reservoir.scenario/1`: made-up IDs count over the whole workspace.
    V1,
    /// `reservoir.scenario/2`: made-up IDs follow their order; the file may carry the simulated
    /// today.
    V2,
}

impl ScenarioFormat {
    /// The format a name names, if this build reads it.
    pub fn named(name: &str) -> Option<ScenarioFormat> {
        match name {
            SCENARIO_FORMAT_1 => Some(ScenarioFormat::V1),
            SCENARIO_FORMAT => Some(ScenarioFormat::V2),
            _ => None,
        }
    }

    /// Its name, as the file writes it.
    pub fn name(self) -> &'static str {
        match self {
            ScenarioFormat::V1 => SCENARIO_FORMAT_1,
            ScenarioFormat::V2 => SCENARIO_FORMAT,
        }
    }

    /// The rule its commands' made-up IDs were written against.
    pub fn ids(self) -> IdScheme {
        match self {
            ScenarioFormat::V1 => IdScheme::Counter,
            ScenarioFormat::V2 => IdScheme::ByOrder,
        }
    }
}

impl Serialize for ScenarioFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A scenario: the policy it starts under and its commands, in date order. Written with serde,
/// read by [`crate::formats::decode`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// The format it is written in: a new scenario is in the current one; one read from a file or
    /// from storage keeps the version it was written in, so its IDs replay as they were.
    pub format: ScenarioFormat,
    /// The simulated today the scenario was exported on, when a file carries it (the app's
    /// session keeps its today beside the scenario, not in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<Date>,
    /// The policy in force at the start (a `set_policy` command may change it).
    #[serde(serialize_with = "crate::domain::policy::serialize_as_written")]
    pub policy: Policy,
    /// The commands.
    pub commands: Vec<DatedCommand>,
}

impl Scenario {
    /// An empty scenario under `policy`, in the current format.
    pub fn new(policy: Policy) -> Scenario {
        Scenario { format: ScenarioFormat::V2, today: None, policy, commands: Vec::new() }
    }

    /// An empty workspace for this scenario: its policy, and the ID rule of its format.
    pub fn empty_workspace(&self) -> Workspace {
        let mut workspace = Workspace::new(self.policy.clone());
        workspace.ids = self.format.ids();
        workspace
    }
}

/// Replays a scenario from nothing; the first refused command is an error, with its position.
///
/// Each customer is given room for the purchases the scenario makes for it as soon as it is added,
/// so that its reservations and its index of IDs are sized once rather than grown by doubling:
/// growing copied each reservation once or twice more and rehashed every ID, about a quarter of
/// replaying a book of 20,000 reservations natively at the bundle's opt-level (ARCHITECTURE.md,
/// "Storage for a big book"). The room is only room: what replay makes is the same without it.
pub fn replay(scenario: &Scenario) -> Result<Workspace, (usize, Rejection)> {
    let mut workspace = scenario.empty_workspace();
    let purchases = purchases_per_customer(&scenario.commands);
    for (index, command) in scenario.commands.iter().enumerate() {
        workspace.apply(command).map_err(|rejection| (index, rejection))?;
        if let (Command::AddCustomer { customer, .. }, Some(&count)) =
            (&command.command, purchases.get(&index))
        {
            workspace.make_room(customer, count.min(MAX_RESERVATIONS));
        }
    }
    Ok(workspace)
}

/// How many purchases these commands make for each customer, by the position of the command that
/// added it: a customer removed and added again gets room for what it buys after, not again for
/// what it bought before. So the room given in all is never more than the purchases.
fn purchases_per_customer(commands: &[DatedCommand]) -> FxHashMap<usize, usize> {
    let mut added_at = FxHashMap::default();
    let mut purchases = FxHashMap::default();
    for (index, command) in commands.iter().enumerate() {
        match &command.command {
            Command::AddCustomer { customer, .. } => {
                added_at.insert(&**customer, index);
            }
            Command::Buy { customer, .. } => {
                if let Some(&at) = added_at.get(&**customer) {
                    *purchases.entry(at).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    purchases
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_added_again_gets_room_for_what_it_buys_after() {
        let buy = |n: usize| {
            format!(
                r#"{{"date": "2026-11-21", "command": "buy", "customer": "c1", "reservation": {{"id": "r{n}",
                "family": "compute", "sku": "SKU1", "region": "westeurope", "term": "P1Y",
                "billing_plan": "Monthly", "quantity": 1, "unit_price": "10.00"}}}}"#
            )
        };
        let add = r#"{"date": "2026-11-21", "command": "add_customer", "customer": "c1", "name": "C", "currency": "USD"}"#;
        let remove = r#"{"date": "2026-11-21", "command": "remove_customer", "customer": "c1"}"#;
        let mut commands = vec![add.to_string()];
        commands.extend((0..10).map(buy));
        commands.extend([remove.to_string(), add.to_string()]);
        commands.extend((10..15).map(buy));
        let text = format!(r#"{{"format": "reservoir.scenario/2", "commands": [{}]}}"#, commands.join(","));
        let scenario = crate::formats::simulation::parse_scenario(&text, &mut Vec::new()).unwrap();

        let replayed = replay(&scenario).unwrap();
        let mut one_by_one = scenario.empty_workspace();
        for command in &scenario.commands {
            one_by_one.apply(command).unwrap();
        }
        assert_eq!(replayed, one_by_one, "the room changes nothing a command can see");
        // Room for the five it buys after it was added again, not for the fifteen of both lives.
        let reservations = &replayed.customer("c1").unwrap().reservations;
        assert_eq!(reservations.len(), 5);
        assert!((5..15).contains(&reservations.capacity()), "capacity {}", reservations.capacity());
    }
}
