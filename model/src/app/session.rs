//! A partner's session in the app, as pure data: the scenario (the replayable truth), the workspace
//! it leads to, the simulated "today" and who is acting. The browser shell holds one `Session`,
//! sends it commands, and stores [`Session::to_stored`]; everything else is derived.

use crate::domain::partner::Actor;
use crate::domain::policy::Policy;
use crate::domain::values::Date;
use crate::formats::input::{InputError, Problem};
use crate::formats::stored;
use crate::simulation::activity::ActivityEntry;
use crate::simulation::command::{Command, DatedCommand, Rejection};
use crate::simulation::scenario::{replay, Scenario};
use crate::simulation::workspace::Workspace;

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
    /// The simulated date actions are dated with: a checked date, so it always reads back.
    pub today: Date,
    /// Who acts.
    pub actor: Actor,
}

impl Session {
    /// An empty session on `today`, acted by an Admin agent, under `policy`.
    pub fn new(today: Date, policy: Policy) -> Session {
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
            Some(UndoStep::Scenario(mut previous)) => {
                self.workspace = replay(&previous).expect("a scenario that was in force applies");
                if let Some(today) = previous.today.take() {
                    self.today = today;
                }
                self.scenario = *previous;
                true
            }
        }
    }

    /// Starts again from nothing under `policy`; undoable.
    pub fn reset(&mut self, policy: Policy) {
        self.replace(Scenario::new(policy)).expect("an empty scenario applies");
    }

    /// Puts another scenario in force (a demo, an import); undoable. A scenario that carries a
    /// simulated today (an exported file) brings the session to that day; undoing brings back
    /// the day before too. Refused when one of its commands does not apply: then nothing changes.
    pub fn replace(&mut self, mut scenario: Scenario) -> Result<(), (usize, Rejection)> {
        let workspace = replay(&scenario)?;
        // The session keeps its today beside the scenario, not in it: one truth.
        let today = scenario.today.take();
        let mut previous = std::mem::replace(&mut self.scenario, scenario);
        if let Some(today) = today {
            previous.today = Some(std::mem::replace(&mut self.today, today));
        }
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
    pub fn restore(scenario: Scenario, today: Date, actor: Actor) -> Result<Session, (usize, Rejection)> {
        let workspace = replay(&scenario)?;
        Ok(Session { scenario, workspace, undo: Vec::new(), today, actor })
    }

    /// The stored form at revision 0 (see [`write`]).
    pub fn to_stored(&self) -> String {
        write(self, 0)
    }

    /// Reads a stored session of any version this build knows (see [`read`]).
    pub fn from_stored(text: &str) -> Result<Session, InputError> {
        read(text).map(|stored| stored.session)
    }

    /// The same session as far as storage can tell: what is stored of it (not its undo steps).
    #[cfg(debug_assertions)]
    fn stores_as(&self, other: &Session) -> bool {
        self.scenario == other.scenario
            && self.today == other.today
            && self.actor == other.actor
            && self.workspace == other.workspace
    }
}

/// A session as stored: the session and the revision it was saved at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The session.
    pub session: Session,
    /// How many times it has been saved.
    pub revision: u64,
}

/// The text to store for `session` at `revision` (the format and its versions:
/// `formats::stored`).
///
/// In tests and debug builds every save reads its own output back and compares: whatever is
/// written must open as the same session, or a partner's work would be locked behind the recovery
/// view at the next reload. Release builds (the app as users get it) skip the check.
pub fn write(session: &Session, revision: u64) -> String {
    let text = stored::write(session.today, &session.actor, &session.scenario, revision);
    #[cfg(debug_assertions)]
    match read(&text) {
        Ok(back) => assert!(
            back.revision == revision && back.session.stores_as(session),
            "a saved session reads back different:\n{text}"
        ),
        Err(error) => panic!("a saved session does not read back ({error}):\n{text}"),
    }
    text
}

/// Reads a stored session of any version this build knows, and replays it. Any problem is an
/// error naming where it is; the stored text is the caller's to keep.
pub fn read(text: &str) -> Result<Stored, InputError> {
    let stored = stored::read(text)?;
    let session =
        Session::restore(stored.scenario, stored.today, stored.actor).map_err(|(index, rejection)| {
            InputError::new(
                format!("scenario.commands[{index}]"),
                Problem::NoLongerApplies { command: index, rejection: Box::new(rejection) },
            )
        })?;
    Ok(Stored { session, revision: stored.revision })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use crate::domain::policy::PackId;
    use crate::domain::values::Name;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn add(id: &str) -> Command {
        Command::AddCustomer {
            customer: Name::parse(id).unwrap(),
            name: Name::parse(&format!("Customer {id}")).unwrap(),
            currency: Currency::USD,
        }
    }

    #[test]
    fn what_is_written_reads_back_with_its_revision() {
        let today = date("2026-11-21");
        let mut session = Session::new(today, Policy::pack(PackId::Csp2020));
        session.replace(crate::simulation::demo::demo_scenario(today)).unwrap();
        let back = read(&write(&session, 7)).unwrap();
        assert_eq!(back.revision, 7);
        assert_eq!(back.session.scenario(), session.scenario());
        assert_eq!(back.session.workspace(), session.workspace());
        assert_eq!(write(&back.session, 7), write(&session, 7));
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
    fn a_scenario_that_carries_its_day_brings_the_session_there_and_undo_brings_it_back() {
        let mut s = Session::new(date("2027-05-01"), Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        let mut exported = crate::simulation::demo::demo_scenario(date("2026-11-21"));
        exported.today = Some(date("2026-12-01"));
        s.replace(exported).unwrap();
        assert_eq!(s.today, date("2026-12-01"));
        assert_eq!(s.scenario().today, None, "the session keeps its day beside the scenario");
        assert!(s.undo());
        assert_eq!(s.today, date("2027-05-01"));
        assert_eq!(s.workspace().customers.len(), 1);
        // A scenario without a day (the demo, an old file) leaves the day as it is.
        s.replace(crate::simulation::demo::demo_scenario(date("2026-11-21"))).unwrap();
        assert_eq!(s.today, date("2027-05-01"));
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
        assert!(error.message().contains("newer version"), "{error}");
        // A version-1 session migrates (it gains a revision) and then misses its fields by name.
        let error = Session::from_stored("{\"format\": \"reservoir.session/1\"}").unwrap_err();
        assert_eq!(error.path, "today");
        assert!(error.message().contains("missing"), "{error}");
        let error = Session::from_stored("{").unwrap_err();
        assert!(error.message().contains("ends too early"), "{error}");
    }
}
