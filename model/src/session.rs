//! A partner's session in the app, as pure data: the scenario (the replayable truth), the workspace
//! it leads to, the simulated "today" and who is acting. The browser shell holds one `Session`,
//! sends it commands, and stores [`Session::to_stored`]; everything else is derived.

use chrono::NaiveDate;

use crate::activity::ActivityEntry;
use crate::command::{Command, DatedCommand, Rejection};
use crate::input::InputError;
use crate::partner::Actor;
use crate::policy::Policy;
use crate::scenario::Scenario;
use crate::workspace::Workspace;

/// How many steps can be undone.
pub const MAX_UNDO: usize = 50;

/// What an undo step restores.
#[derive(Clone, Debug, PartialEq)]
enum UndoStep {
    /// Drop the last command.
    Command,
    /// Bring back a whole scenario that a reset or a replace discarded.
    Scenario(Box<Scenario>),
}

/// The app's state, without any of the browser.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    scenario: Scenario,
    workspace: Workspace,
    undo: Vec<UndoStep>,
    /// The simulated date actions are dated with.
    pub today: NaiveDate,
    /// Who acts.
    pub actor: Actor,
}

impl Session {
    /// An empty session on `today`, acted by an Admin agent, under `policy`.
    pub fn new(today: NaiveDate, policy: Policy) -> Session {
        let scenario = Scenario::new(policy);
        Session {
            workspace: Workspace::new(scenario.policy.clone()),
            scenario,
            undo: Vec::new(),
            today,
            actor: Actor::admin_agent(),
        }
    }

    /// The workspace as the commands so far leave it.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The commands so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Applies a command dated today, acted by the session's actor. Refused: nothing changes.
    pub fn dispatch(&mut self, command: Command) -> Result<&ActivityEntry, Rejection> {
        let dated = DatedCommand { date: self.today, actor: self.actor.clone(), command };
        self.workspace.apply(&dated)?;
        self.scenario.commands.push(dated);
        self.push_undo(UndoStep::Command);
        Ok(self.workspace.activity_log.last().expect("apply logs"))
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Undoes the last action (a command, a reset or a replace). Returns false when there was none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            None => false,
            Some(UndoStep::Command) => {
                self.scenario.commands.pop();
                self.workspace = replay(&self.scenario).expect("a prefix of an applied scenario applies");
                true
            }
            Some(UndoStep::Scenario(previous)) => {
                self.workspace = replay(&previous).expect("a scenario that was in force applies");
                self.scenario = *previous;
                true
            }
        }
    }

    /// Starts again from nothing under `policy`; undoable.
    pub fn reset(&mut self, policy: Policy) {
        self.replace(Scenario::new(policy)).expect("an empty scenario applies");
    }

    /// Puts another scenario in force (a demo, an import); undoable. Refused when one of its
    /// commands does not apply: then nothing changes.
    pub fn replace(&mut self, scenario: Scenario) -> Result<(), (usize, Rejection)> {
        let workspace = replay(&scenario)?;
        let previous = std::mem::replace(&mut self.scenario, scenario);
        self.workspace = workspace;
        self.push_undo(UndoStep::Scenario(Box::new(previous)));
        Ok(())
    }

    fn push_undo(&mut self, step: UndoStep) {
        if self.undo.len() == MAX_UNDO {
            self.undo.remove(0);
        }
        self.undo.push(step);
    }

    /// A session from a scenario read back from storage (no undo history).
    pub fn restore(
        scenario: Scenario,
        today: NaiveDate,
        actor: Actor,
    ) -> Result<Session, (usize, Rejection)> {
        let workspace = replay(&scenario)?;
        Ok(Session { scenario, workspace, undo: Vec::new(), today, actor })
    }

    /// The stored form at revision 0 (see [`crate::stored`] for revisions and versions).
    pub fn to_stored(&self) -> String {
        crate::stored::write(self, 0)
    }

    /// Reads a stored session of any version this build knows (see [`crate::stored::read`]).
    pub fn from_stored(text: &str) -> Result<Session, InputError> {
        crate::stored::read(text).map(|stored| stored.session)
    }
}

/// Replays a scenario from nothing; the first refused command is an error.
pub fn replay(scenario: &Scenario) -> Result<Workspace, (usize, Rejection)> {
    let mut workspace = Workspace::new(scenario.policy.clone());
    for (index, command) in scenario.commands.iter().enumerate() {
        workspace.apply(command).map_err(|rejection| (index, rejection))?;
    }
    Ok(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use crate::policy::PackId;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn add(id: &str) -> Command {
        Command::AddCustomer { customer: id.into(), name: format!("Customer {id}"), currency: Currency::USD }
    }

    #[test]
    fn undo_takes_back_commands_and_resets_in_order() {
        let mut s = Session::new(date("2025-01-01"), Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        s.dispatch(add("b")).unwrap();
        s.reset(Policy::pack(PackId::Csp2020));
        assert!(s.workspace().customers.is_empty());
        assert!(s.undo());
        assert_eq!(s.workspace().customers.len(), 2);
        assert!(s.undo());
        assert_eq!(s.workspace().customers.len(), 1);
        assert!(s.undo());
        assert!(s.workspace().customers.is_empty());
        assert!(!s.undo());
    }

    #[test]
    fn a_refused_command_is_not_stored() {
        let mut s = Session::new(date("2025-01-01"), Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        let before = s.to_stored();
        assert_eq!(s.dispatch(add("a")).unwrap_err().code(), "AlreadyExists");
        assert_eq!(s.to_stored(), before);
    }

    #[test]
    fn stored_sessions_read_back_as_they_were() {
        let mut s = Session::new(date("2025-01-01"), Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        s.today = date("2025-03-01");
        let back = Session::from_stored(&s.to_stored()).unwrap();
        assert_eq!(back.to_stored(), s.to_stored());
        assert_eq!(back.workspace(), s.workspace());
    }

    #[test]
    fn unreadable_stored_sessions_say_where() {
        let error = Session::from_stored("{\"format\": \"reservoir.session/9\"}").unwrap_err();
        assert_eq!(error.path, "format");
        assert!(error.message.contains("newer version"), "{error}");
        // A version-1 session migrates (it gains a revision) and then misses its fields by name.
        let error = Session::from_stored("{\"format\": \"reservoir.session/1\"}").unwrap_err();
        assert_eq!(error.path, "today");
        assert!(error.message.contains("missing"), "{error}");
        let error = Session::from_stored("{").unwrap_err();
        assert!(error.message.contains("ends too early"), "{error}");
    }
}
