//! A partner's session in the app, as pure data: the scenario (the replayable truth), the workspace
//! it leads to, the simulated "today" and who is acting. The browser shell holds one `Session`,
//! sends it commands, and stores [`Session::to_stored`]; everything else is derived.

pub use crate::domain::limits::MAX_UNDO;
use crate::domain::limits::MAX_UNDO_COMMANDS;
use crate::domain::partner::Actor;
use crate::domain::policy::Policy;
use crate::domain::values::Date;
use crate::formats::input::{InputError, Problem};
use crate::formats::stored;
use crate::simulation::activity::ActivityEntry;
use crate::simulation::command::{Command, DatedCommand, Rejection};
use crate::simulation::scenario::{replay, Replacement, Scenario, UndoStep};
use crate::simulation::workspace::Workspace;

/// What Undo takes back (or took back), for the words beside it: the page writes them from this
/// data, with the activity log's own wording of the command.
#[derive(Clone, Debug, PartialEq)]
pub enum Undoable {
    /// The last command, as the activity log recorded it.
    Command(Box<ActivityEntry>),
    /// A whole scenario put in force, by this.
    Scenario(Replacement),
}

/// The app's state, without any of the browser.
///
/// The undo history is part of the session and is stored with it (`formats::stored`, version 3):
/// what can be undone before a reload can be undone after it, and another tab's save brings its
/// own history. It is bounded (at most [`MAX_UNDO`] steps, keeping at most [`MAX_UNDO_COMMANDS`]
/// commands), in memory exactly as in storage, so a reload never takes away nor adds a step.
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

    /// What Undo would take back now, if anything.
    pub fn next_undo(&self) -> Option<Undoable> {
        match self.undo.last()? {
            // Every applied command logged exactly one entry, the last one for the last command.
            UndoStep::Command => {
                self.workspace.activity_log.last().map(|entry| Undoable::Command(Box::new(entry.clone())))
            }
            UndoStep::Scenario { replaced, .. } => Some(Undoable::Scenario(*replaced)),
        }
    }

    /// Undoes the last action (a command, a reset or a replace), and says which it was; `None`
    /// when there was none.
    pub fn undo(&mut self) -> Option<Undoable> {
        let undone = self.next_undo()?;
        match self.undo.pop()? {
            UndoStep::Command => {
                self.scenario.commands.pop();
                self.workspace = replay(&self.scenario).expect("a prefix of an applied scenario applies");
            }
            UndoStep::Scenario { mut previous, .. } => {
                self.workspace = replay(&previous).expect("a scenario that was in force applies");
                if let Some(today) = previous.today.take() {
                    self.today = today;
                }
                self.scenario = *previous;
            }
        }
        Some(undone)
    }

    /// Starts again from nothing under `policy`; undoable (see [`Session::replace_is_undoable`]).
    pub fn reset(&mut self, policy: Policy) {
        self.replace(Scenario::new(policy), Replacement::Reset).expect("an empty scenario applies");
    }

    /// Puts another scenario in force (a demo, an import: `why`); undoable (see
    /// [`Session::replace_is_undoable`]). A scenario that carries a simulated today (an exported
    /// file) brings the session to that day; undoing brings back the day before too. Refused when
    /// one of its commands does not apply: then nothing changes.
    pub fn replace(&mut self, mut scenario: Scenario, why: Replacement) -> Result<(), (usize, Rejection)> {
        let workspace = replay(&scenario)?;
        // The session keeps its today beside the scenario, not in it: one truth.
        let today = scenario.today.take();
        let mut previous = std::mem::replace(&mut self.scenario, scenario);
        if let Some(today) = today {
            previous.today = Some(std::mem::replace(&mut self.today, today));
        }
        self.workspace = workspace;
        self.push_undo(UndoStep::Scenario { replaced: why, previous: Box::new(previous) });
        Ok(())
    }

    /// Whether a reset or a replace now could be undone: the undo history keeps a scenario of at
    /// most [`MAX_UNDO_COMMANDS`] commands. The page says so before it replaces a larger one.
    pub fn replace_is_undoable(&self) -> bool {
        self.scenario.commands.len() <= MAX_UNDO_COMMANDS
    }

    /// Adds a step, then lets the oldest go until the history is within its bounds. Only the
    /// oldest: every step undoes what the steps after it left, so none can go from the middle.
    fn push_undo(&mut self, step: UndoStep) {
        self.undo.push(step);
        let mut kept: usize = self.undo.iter().map(UndoStep::commands_kept).sum();
        while self.undo.len() > MAX_UNDO || kept > MAX_UNDO_COMMANDS {
            kept -= self.undo.remove(0).commands_kept();
        }
    }

    /// A session from a scenario read back from storage, with no undo history.
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

    /// The same session as far as storage can tell: everything it stores, and the workspace.
    #[cfg(debug_assertions)]
    fn stores_as(&self, other: &Session) -> bool {
        self.scenario == other.scenario
            && self.today == other.today
            && self.actor == other.actor
            && self.workspace == other.workspace
            && self.undo == other.undo
    }
}

/// Checks a stored undo history against the scenario it leads back from: walking from the newest
/// step, each command step needs a command left to take back, and each scenario it brings back
/// must replay (Undo replays it). `undo` is oldest first, as stored.
fn check_undo(scenario: &Scenario, undo: &[UndoStep]) -> Result<(), InputError> {
    let mut commands_left = scenario.commands.len();
    for (index, step) in undo.iter().enumerate().rev() {
        match step {
            UndoStep::Command if commands_left == 0 => {
                return Err(InputError::new(format!("undo[{index}]"), Problem::NoCommandToUndo));
            }
            UndoStep::Command => commands_left -= 1,
            UndoStep::Scenario { previous, .. } => {
                replay(previous).map_err(|(command, rejection)| {
                    InputError::new(
                        format!("undo[{index}].scenario.commands[{command}]"),
                        Problem::NoLongerApplies { command, rejection: Box::new(rejection) },
                    )
                })?;
                commands_left = previous.commands.len();
            }
        }
    }
    Ok(())
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
    let text = stored::write(session.today, &session.actor, &session.scenario, &session.undo, revision);
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
    let mut session =
        Session::restore(stored.scenario, stored.today, stored.actor).map_err(|(index, rejection)| {
            InputError::new(
                format!("scenario.commands[{index}]"),
                Problem::NoLongerApplies { command: index, rejection: Box::new(rejection) },
            )
        })?;
    check_undo(&session.scenario, &stored.undo)?;
    session.undo = stored.undo;
    Ok(Stored { session, revision: stored.revision })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use crate::domain::policy::PackId;
    use crate::domain::values::Name;
    use crate::simulation::command::DatedCommand;

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
        session.replace(crate::simulation::demo::demo_scenario(today), Replacement::Demo).unwrap();
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
        assert_eq!(s.undo(), Some(Undoable::Scenario(Replacement::Reset)));
        assert_eq!(s.workspace().customers.len(), 2);
        assert!(s.undo().is_some());
        assert_eq!(s.workspace().customers.len(), 1);
        assert!(s.undo().is_some());
        assert!(s.workspace().customers.is_empty());
        assert_eq!(s.undo(), None);
    }

    /// What Undo would take back is the data the page words it from: the last command's log
    /// entry, or what put the scenario in force.
    #[test]
    fn undo_names_what_it_would_take_back() {
        let today = date("2026-11-21");
        let mut s = Session::new(today, Policy::pack(PackId::Azure2026));
        assert_eq!(s.next_undo(), None);
        s.replace(crate::simulation::demo::demo_scenario(today), Replacement::Demo).unwrap();
        assert_eq!(s.next_undo(), Some(Undoable::Scenario(Replacement::Demo)));
        let refund = Command::Refund {
            customer: Name::parse("contoso").unwrap(),
            reservation: Name::parse("contoso-vm-d4").unwrap(),
            quantity: 1,
        };
        let entry = s.dispatch(refund).unwrap().clone();
        assert_eq!(s.next_undo(), Some(Undoable::Command(Box::new(entry.clone()))));
        assert_eq!(s.undo(), Some(Undoable::Command(Box::new(entry))), "undo says what it took back");
        assert_eq!(s.next_undo(), Some(Undoable::Scenario(Replacement::Demo)));
    }

    /// Save-then-load keeps the undo history: after a reload Undo takes back the same steps, in
    /// the same order, and no more.
    #[test]
    fn the_undo_history_reads_back_and_undoes_the_same() {
        let today = date("2026-11-21");
        let mut s = Session::new(today, Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        s.replace(crate::simulation::demo::demo_scenario(today), Replacement::Demo).unwrap();
        s.dispatch(add("b")).unwrap();
        s.reset(Policy::pack(PackId::Csp2020));
        let mut back = read(&write(&s, 3)).unwrap().session;
        assert_eq!(back, s);
        loop {
            assert_eq!(back.next_undo(), s.next_undo());
            let (undone, undone_back) = (s.undo(), back.undo());
            assert_eq!(undone_back, undone);
            assert_eq!(back.workspace(), s.workspace());
            if undone.is_none() {
                break;
            }
        }
        assert!(s.scenario().commands.is_empty());
    }

    #[test]
    fn the_undo_history_keeps_its_bounds_by_letting_the_oldest_go() {
        let today = date("2026-11-21");
        let mut s = Session::new(today, Policy::pack(PackId::Azure2026));
        for i in 0..MAX_UNDO + 3 {
            s.dispatch(add(&format!("c{i}"))).unwrap();
        }
        assert_eq!(s.undo.len(), MAX_UNDO);
        while s.undo().is_some() {}
        assert_eq!(s.workspace().customers.len(), 3, "the three oldest commands can no longer be undone");

        // A scenario larger than the history may keep cannot be brought back, and is said so first.
        let mut big = Scenario::new(Policy::pack(PackId::Azure2026));
        let rename = |i: usize| DatedCommand {
            date: today,
            actor: Actor::admin_agent(),
            command: Command::RenameCustomer {
                customer: Name::parse("c0").unwrap(),
                name: Name::parse(&format!("Name {i}")).unwrap(),
            },
        };
        big.commands.push(DatedCommand { date: today, actor: Actor::admin_agent(), command: add("c0") });
        big.commands.extend((0..MAX_UNDO_COMMANDS).map(rename));
        s.replace(big, Replacement::ImportReplaced).unwrap();
        assert!(s.can_undo());
        assert!(!s.replace_is_undoable());
        s.reset(Policy::pack(PackId::Azure2026));
        assert!(!s.can_undo(), "neither the reset nor anything before it can be undone");
        assert!(s.replace_is_undoable());
    }

    #[test]
    fn a_stored_undo_history_that_does_not_fit_its_scenario_is_refused_by_place() {
        let today = date("2026-11-21");
        let mut s = Session::new(today, Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        let text = write(&s, 1);
        let with_undo =
            |undo: &str| text.replace(r#""undo":[{"step":"command"}]"#, &format!(r#""undo":{undo}"#));
        let error = read(&with_undo(r#"[{"step":"command"},{"step":"command"}]"#)).unwrap_err();
        assert_eq!((error.path.as_str(), &error.problem), ("undo[0]", &Problem::NoCommandToUndo));
        let error = read(&with_undo(r#"[{"step":"redo"}]"#)).unwrap_err();
        assert_eq!(error.path, "undo[0].step");
        assert!(error.message().contains("\"load_demo\""), "{error}");
        let too_many = format!("[{}]", vec![r#"{"step":"command"}"#; MAX_UNDO + 1].join(","));
        assert_eq!(read(&with_undo(&too_many)).unwrap_err().path, "undo");
        // A scenario it would bring back that no longer replays: named inside the step.
        let twice = s.scenario().commands[0].clone();
        let mut broken = s.scenario().clone();
        broken.commands.push(twice);
        let step = serde_json::json!([{ "step": "reset", "scenario": broken }]).to_string();
        let error = read(&with_undo(&step)).unwrap_err();
        assert_eq!(error.path, "undo[0].scenario.commands[1]");
    }

    #[test]
    fn a_scenario_that_carries_its_day_brings_the_session_there_and_undo_brings_it_back() {
        let mut s = Session::new(date("2027-05-01"), Policy::pack(PackId::Azure2026));
        s.dispatch(add("a")).unwrap();
        let mut exported = crate::simulation::demo::demo_scenario(date("2026-11-21"));
        exported.today = Some(date("2026-12-01"));
        s.replace(exported, Replacement::ImportReplaced).unwrap();
        assert_eq!(s.today, date("2026-12-01"));
        assert_eq!(s.scenario().today, None, "the session keeps its day beside the scenario");
        // Saved and read back first: the day to go back to is kept with the undo history.
        let mut s = read(&write(&s, 3)).unwrap().session;
        assert!(s.undo().is_some());
        assert_eq!(s.today, date("2027-05-01"));
        assert_eq!(s.workspace().customers.len(), 1);
        // A scenario without a day (the demo, an old file) leaves the day as it is.
        s.replace(crate::simulation::demo::demo_scenario(date("2026-11-21")), Replacement::Demo).unwrap();
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
