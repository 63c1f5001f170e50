//! When the app writes its session to browser storage, when it takes another tab's save, and when
//! it stops for the person to choose: decisions on plain values, so that every case the browser
//! shell can meet is one row of one table (the tests at the end of this file). The shell reads
//! storage, asks here, and carries the answer out; nothing here touches storage.
//!
//! The ground rules, from the architecture's "stored data is never overwritten silently":
//!
//! - Each save carries a revision (`stored.rs`). A tab remembers the revision it last wrote or
//!   read; the text under the session key is "its own" only at exactly that revision.
//! - Anything else under the key (a newer save, an older one, text this version cannot read) is
//!   someone's work that this tab has not seen: writing over it would lose it, so the tab stops and
//!   both versions go to the person ([`SaveDecision::Conflict`]).
//! - When the person has chosen (Start fresh in the recovery view, Keep this tab's in a conflict),
//!   the shell first keeps the stored text aside (under its own key, or as a download), then takes
//!   it off the session key. What the next change meets is then [`InStorage::Nothing`], and it is
//!   written. The choice itself is therefore not an input here: by the time this module is asked,
//!   it is a fact about storage.
//!
//! | this tab is | a change here, storage holds … | another tab saved … |
//! |---|---|---|
//! | saved | nothing, or its own revision: write the next; a newer, older or unreadable save: conflict | a newer save: adopt it; the same or an older revision: conflict (two saves at once); unreadable: say so |
//! | showing the recovery view | hold: nothing is written | ignored |
//! | after a failed write | as when saved (it tries again) | anything readable or not: conflict |
//! | showing a conflict | hold | its newer save replaces the one shown |

use serde::Deserialize;

use crate::formats::stored::CURRENT_VERSION;

/// How saving stands in this tab: the shell's storage health without the texts it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// Every change so far is stored.
    Saved,
    /// The stored data could not be read when the tab opened: the recovery view is open, and that
    /// data stays as it is until the person chooses.
    Unreadable,
    /// The last write failed (a full storage, most often): this tab has changes that are not
    /// stored.
    WriteFailed,
    /// Another tab's save and this tab's changes are both on screen for the person to choose.
    Conflict,
    /// A scratch workspace is on screen (a lesson's worked example): it is never stored, and the
    /// partner's stored session stays as it is, to come back to.
    Scratch,
}

/// What the session's storage key holds, as far as a decision needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InStorage {
    /// Nothing: never saved, or taken off once kept aside.
    Nothing,
    /// A save this version reads, at `revision` (a version-1 save, which had none, is revision 0).
    Save {
        /// The revision it was saved at.
        revision: u64,
    },
    /// Text this version cannot read: damaged, another program's, or a newer version's.
    Unreadable,
    /// Storage itself could not be read (disabled, or a browser error).
    Unavailable,
}

impl InStorage {
    /// What a stored text is, read only as far as its format and revision (the session itself is
    /// not replayed: this runs on every change). `None` is an absent key.
    ///
    /// Readable here means what [`crate::formats::stored::read`] accepts as a format: a JSON object naming a
    /// session format from 1 to this version's, with a whole-number revision from version 2 on.
    pub fn of(text: Option<&str>) -> InStorage {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            revision: Option<u64>,
        }
        let Some(text) = text else { return InStorage::Nothing };
        let Ok(head) = serde_json::from_str::<Head>(text) else { return InStorage::Unreadable };
        let version = head
            .format
            .as_deref()
            .and_then(|f| f.strip_prefix("reservoir.session/"))
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| (1..=CURRENT_VERSION).contains(n));
        match (version, head.revision) {
            // Version 1 had no revision; its migration gives it 0.
            (Some(1), _) => InStorage::Save { revision: 0 },
            (Some(_), Some(revision)) => InStorage::Save { revision },
            _ => InStorage::Unreadable,
        }
    }
}

/// What to do with a change of the session in this tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveDecision {
    /// Write the session at this revision (the one after this tab's).
    Write {
        /// The revision to write, and the one this tab then has.
        revision: u64,
    },
    /// Write nothing: storage already holds exactly this session at this tab's revision (just
    /// after loading, or after adopting another tab's save). Writing would only echo between tabs.
    /// Nothing is unsaved either.
    AlreadyStored,
    /// Write nothing: the recovery view or a conflict is open, and the stored text must stay as it
    /// is until the person chooses.
    Hold,
    /// Write nothing and show a conflict: storage holds work this tab has not seen, kept for the
    /// person beside this tab's.
    Conflict,
    /// Write nothing: storage cannot be read, so whose work is there cannot be checked. The page
    /// says changes are not saved.
    Unavailable,
}

/// A change of the session in this tab: write it, or why not.
///
/// `this_tab` is the revision this tab last wrote or read; `stored` is what the key holds now;
/// `same_as_stored` says the stored text is exactly this session written at `this_tab` (the shell
/// compares only just after loading or adopting, when that is likely).
pub fn on_change(health: Health, this_tab: u64, stored: InStorage, same_as_stored: bool) -> SaveDecision {
    match health {
        // The person has a choice open about what is stored; until it is made, nothing is written.
        Health::Unreadable | Health::Conflict => SaveDecision::Hold,
        // A scratch workspace is for trying things: storage keeps the partner's own.
        Health::Scratch => SaveDecision::Hold,
        // After a failed write the tab tries again, under the same checks as any save.
        Health::Saved | Health::WriteFailed => match stored {
            _ if same_as_stored => SaveDecision::AlreadyStored,
            InStorage::Nothing => SaveDecision::Write { revision: this_tab + 1 },
            InStorage::Save { revision } if revision == this_tab => {
                SaveDecision::Write { revision: this_tab + 1 }
            }
            // Newer: another tab saved since this one last wrote or read. Older: written by a tab
            // that never saw this one's saves (one opened on an emptied storage, or a version-1
            // build). Unreadable: a newer version's save, or damage. Each is someone's work.
            InStorage::Save { .. } | InStorage::Unreadable => SaveDecision::Conflict,
            InStorage::Unavailable => SaveDecision::Unavailable,
        },
    }
}

/// What to do when another tab has changed the session's key (the browser's `storage` event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherTabDecision {
    /// Show their save here: this tab has nothing unsaved, and theirs is newer.
    Adopt,
    /// Show both versions for the person to choose (or, when a conflict is already shown, show
    /// their newer save in place of the one shown).
    Conflict,
    /// Say that another tab saved data this tab cannot read; this tab carries on, and its next
    /// change meets that data as a conflict.
    ReportUnreadable,
    /// Nothing to do.
    Ignore,
}

/// Another tab changed the key to `theirs` (read in full, since adopting it needs the session).
pub fn on_other_tab_save(health: Health, this_tab: u64, theirs: InStorage) -> OtherTabDecision {
    match (health, theirs) {
        // Removed (by a person's choice in that tab, or by clearing the site's data): this tab's
        // session is still here and is written with its next change.
        (_, InStorage::Nothing | InStorage::Unavailable) => OtherTabDecision::Ignore,
        // The recovery view is about the text this tab found at start, already on screen; any
        // change made here meanwhile is unsaved, so their save neither replaces it nor adds to it.
        // Start fresh then meets whatever is stored by then.
        (Health::Unreadable, _) => OtherTabDecision::Ignore,
        // A scratch workspace is not theirs to replace; leaving it reads whatever is stored then.
        (Health::Scratch, _) => OtherTabDecision::Ignore,
        (Health::Saved, InStorage::Save { revision }) if revision > this_tab => OtherTabDecision::Adopt,
        // localStorage cannot check-and-write in one step: two tabs that saved within the same
        // moment both wrote the revision after the one they knew. A save not above this tab's own
        // is such a race (or a tab that never saw this one's saves), and both go to the person.
        (Health::Saved, InStorage::Save { .. }) => OtherTabDecision::Conflict,
        (Health::Saved, InStorage::Unreadable) => OtherTabDecision::ReportUnreadable,
        // This tab has unsaved changes: theirs cannot replace them, and they cannot be written
        // over theirs.
        (Health::WriteFailed, _) => OtherTabDecision::Conflict,
        // The conflict on screen holds their earlier save; this one supersedes it (their tab wrote
        // over it). Kept on screen, the old one was what Keep this tab's set aside, and the
        // write then met the new one as a second conflict.
        (Health::Conflict, _) => OtherTabDecision::Conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Health::{Conflict as InConflict, Saved, Scratch, Unreadable as Recovering, WriteFailed};
    use InStorage::{Nothing, Save, Unavailable, Unreadable};

    /// This tab's revision in every row; the stored one is one below, equal or one above.
    const MINE: u64 = 6;
    const OLDER: InStorage = Save { revision: MINE - 1 };
    const SAME: InStorage = Save { revision: MINE };
    const NEWER: InStorage = Save { revision: MINE + 1 };
    const NEXT: SaveDecision = SaveDecision::Write { revision: MINE + 1 };

    /// A change in this tab: (health, what storage holds, same text as stored, decision, why).
    /// `same_as_stored` can only be true when storage holds this tab's own revision.
    #[rustfmt::skip]
    const ON_CHANGE: &[(Health, InStorage, bool, SaveDecision, &str)] = &[
        (Saved, Nothing, false, NEXT, "first save, or the key was cleared once kept aside (Start fresh, Keep this tab's)"),
        (Saved, OLDER, false, SaveDecision::Conflict, "an older save is a tab that never saw this one's: someone's work"),
        (Saved, SAME, false, NEXT, "its own last save: the next revision goes over it"),
        (Saved, SAME, true, SaveDecision::AlreadyStored, "just loaded or adopted: nothing to write, and no echo"),
        (Saved, NEWER, false, SaveDecision::Conflict, "another tab saved since: both go to the person"),
        (Saved, Unreadable, false, SaveDecision::Conflict, "a newer version's save or damage is kept, never written over"),
        (Saved, Unavailable, false, SaveDecision::Unavailable, "storage cannot be checked, so nothing is written, and the page says so"),

        (WriteFailed, Nothing, false, NEXT, "tries again: nothing to lose"),
        (WriteFailed, OLDER, false, SaveDecision::Conflict, "tries again, under the same check"),
        (WriteFailed, SAME, false, NEXT, "tries again over its own last save (room may have been made)"),
        (WriteFailed, SAME, true, SaveDecision::AlreadyStored, "what is stored is exactly this session: nothing is unsaved any more"),
        (WriteFailed, NEWER, false, SaveDecision::Conflict, "another tab saved while this one could not"),
        (WriteFailed, Unreadable, false, SaveDecision::Conflict, "kept, never written over"),
        (WriteFailed, Unavailable, false, SaveDecision::Unavailable, "still cannot be saved"),

        (Recovering, Nothing, false, SaveDecision::Hold, "the recovery view is open: nothing is written until the person chooses"),
        (Recovering, OLDER, false, SaveDecision::Hold, "as above, whatever is stored"),
        (Recovering, SAME, false, SaveDecision::Hold, "as above"),
        (Recovering, SAME, true, SaveDecision::Hold, "as above"),
        (Recovering, NEWER, false, SaveDecision::Hold, "as above"),
        (Recovering, Unreadable, false, SaveDecision::Hold, "the unreadable text stays as it is"),
        (Recovering, Unavailable, false, SaveDecision::Hold, "as above"),

        (InConflict, Nothing, false, SaveDecision::Hold, "a conflict is open: nothing is written until the person chooses"),
        (InConflict, OLDER, false, SaveDecision::Hold, "as above"),
        (InConflict, SAME, false, SaveDecision::Hold, "as above"),
        (InConflict, SAME, true, SaveDecision::Hold, "as above"),
        (InConflict, NEWER, false, SaveDecision::Hold, "as above: their save stays where it is"),
        (InConflict, Unreadable, false, SaveDecision::Hold, "as above"),
        (InConflict, Unavailable, false, SaveDecision::Hold, "as above"),

        (Scratch, Nothing, false, SaveDecision::Hold, "a scratch workspace is never stored"),
        (Scratch, OLDER, false, SaveDecision::Hold, "as above: the partner's own stays stored"),
        (Scratch, SAME, false, SaveDecision::Hold, "as above"),
        (Scratch, SAME, true, SaveDecision::Hold, "as above"),
        (Scratch, NEWER, false, SaveDecision::Hold, "as above"),
        (Scratch, Unreadable, false, SaveDecision::Hold, "as above"),
        (Scratch, Unavailable, false, SaveDecision::Hold, "as above"),
    ];

    /// Another tab changed the key: (health, what they left there, decision, why).
    #[rustfmt::skip]
    const ON_OTHER_TAB_SAVE: &[(Health, InStorage, OtherTabDecision, &str)] = &[
        (Saved, Nothing, OtherTabDecision::Ignore, "removed (a choice kept it aside first): this tab's next change writes"),
        (Saved, OLDER, OtherTabDecision::Conflict, "a tab that never saw this one's saves"),
        (Saved, SAME, OtherTabDecision::Conflict, "two saves in the same moment, both at the revision after the one they knew"),
        (Saved, NEWER, OtherTabDecision::Adopt, "nothing unsaved here: show theirs"),
        (Saved, Unreadable, OtherTabDecision::ReportUnreadable, "cannot be shown; said, and met as a conflict by the next change"),
        (Saved, Unavailable, OtherTabDecision::Ignore, "an event always carries the new text; nothing to act on"),

        (WriteFailed, Nothing, OtherTabDecision::Ignore, "removed: the next change tries to write again"),
        (WriteFailed, OLDER, OtherTabDecision::Conflict, "unsaved changes here, a save there"),
        (WriteFailed, SAME, OtherTabDecision::Conflict, "unsaved changes here, a save there"),
        (WriteFailed, NEWER, OtherTabDecision::Conflict, "unsaved changes here: adopting would drop them"),
        (WriteFailed, Unreadable, OtherTabDecision::Conflict, "unsaved changes here; theirs is kept for the person"),
        (WriteFailed, Unavailable, OtherTabDecision::Ignore, "nothing to act on"),

        (Recovering, Nothing, OtherTabDecision::Ignore, "the recovery view stays about the text found at start"),
        (Recovering, OLDER, OtherTabDecision::Ignore, "as above; Start fresh meets it later as a conflict"),
        (Recovering, SAME, OtherTabDecision::Ignore, "as above"),
        (Recovering, NEWER, OtherTabDecision::Ignore, "as above: changes made here meanwhile are not thrown away"),
        (Recovering, Unreadable, OtherTabDecision::Ignore, "as above"),
        (Recovering, Unavailable, OtherTabDecision::Ignore, "as above"),

        (InConflict, Nothing, OtherTabDecision::Ignore, "the conflict still holds their earlier text"),
        (InConflict, OLDER, OtherTabDecision::Conflict, "their latest save replaces the one shown"),
        (InConflict, SAME, OtherTabDecision::Conflict, "their latest save replaces the one shown"),
        (InConflict, NEWER, OtherTabDecision::Conflict, "their latest save replaces the one shown: Keep this tab's sets the latest aside, once"),
        (InConflict, Unreadable, OtherTabDecision::Conflict, "their latest save replaces the one shown"),
        (InConflict, Unavailable, OtherTabDecision::Ignore, "nothing to act on"),

        (Scratch, Nothing, OtherTabDecision::Ignore, "the scratch workspace stays; leaving it reads what is stored then"),
        (Scratch, OLDER, OtherTabDecision::Ignore, "as above"),
        (Scratch, SAME, OtherTabDecision::Ignore, "as above"),
        (Scratch, NEWER, OtherTabDecision::Ignore, "as above: their save is what leaving opens"),
        (Scratch, Unreadable, OtherTabDecision::Ignore, "as above"),
        (Scratch, Unavailable, OtherTabDecision::Ignore, "as above"),
    ];

    const HEALTHS: [Health; 5] = [Saved, WriteFailed, Recovering, InConflict, Scratch];
    const STORED: [InStorage; 6] = [Nothing, OLDER, SAME, NEWER, Unreadable, Unavailable];

    #[test]
    fn a_change_in_this_tab() {
        for &(health, stored, same, expected, why) in ON_CHANGE {
            assert_eq!(
                on_change(health, MINE, stored, same),
                expected,
                "{health:?}, {stored:?}, same: {same}: {why}"
            );
        }
    }

    #[test]
    fn another_tabs_save() {
        for &(health, theirs, expected, why) in ON_OTHER_TAB_SAVE {
            assert_eq!(on_other_tab_save(health, MINE, theirs), expected, "{health:?}, {theirs:?}: {why}");
        }
    }

    /// Every combination the shell can meet has exactly one row: a new health or a new kind of
    /// stored text fails here until its rows are written.
    #[test]
    fn the_tables_are_complete() {
        for health in HEALTHS {
            for stored in STORED {
                for same in [false, true] {
                    if same && stored != SAME {
                        continue;
                    }
                    let rows = ON_CHANGE.iter().filter(|r| (r.0, r.1, r.2) == (health, stored, same)).count();
                    assert_eq!(rows, 1, "on_change: {health:?}, {stored:?}, same: {same}");
                }
                let rows = ON_OTHER_TAB_SAVE.iter().filter(|r| (r.0, r.1) == (health, stored)).count();
                assert_eq!(rows, 1, "on_other_tab_save: {health:?}, {stored:?}");
            }
        }
        assert_eq!(ON_CHANGE.len(), 35);
        assert_eq!(ON_OTHER_TAB_SAVE.len(), 30);
    }

    /// Two tabs at the same revision change in the same moment: both write the next revision (the
    /// second write lands over the first, which localStorage cannot prevent), and each then hears
    /// of the other's save at its own revision: both show the conflict, and neither writes again.
    #[test]
    fn two_tabs_saving_in_the_same_moment_both_stop() {
        let (a, b) = (MINE, MINE);
        let written = on_change(Saved, a, SAME, false);
        assert_eq!(written, on_change(Saved, b, SAME, false));
        let SaveDecision::Write { revision } = written else { panic!("{written:?}") };
        let theirs = Save { revision };
        assert_eq!(on_other_tab_save(Saved, revision, theirs), OtherTabDecision::Conflict);
        assert_eq!(on_change(InConflict, revision, theirs, false), SaveDecision::Hold);
    }

    /// The whole Start fresh: recovering, nothing is written; once the unreadable text is kept
    /// aside and taken off the key, the fresh session is written. Had it stayed under the key
    /// (the old behaviour), the fresh session would have met it as someone's work.
    #[test]
    fn start_fresh_writes_once_the_unreadable_text_is_off_the_key() {
        assert_eq!(on_change(Recovering, 0, Unreadable, false), SaveDecision::Hold);
        assert_eq!(on_change(Saved, 0, Nothing, false), SaveDecision::Write { revision: 1 });
        assert_eq!(on_change(Saved, 0, Unreadable, false), SaveDecision::Conflict);
        assert_eq!(on_change(Saved, 1, Save { revision: 1 }, false), SaveDecision::Write { revision: 2 });
    }

    #[test]
    fn what_a_stored_text_is() {
        let v1 = include_str!("../../tests/fixtures/session-v1.json");
        let v2 = include_str!("../../tests/fixtures/session-v2.json");
        // A version after this build's (the fixture renamed; a newer build's save, as far as this one
        // can tell).
        let newer =
            v2.replace("\"reservoir.session/2\"", &format!("\"reservoir.session/{}\"", CURRENT_VERSION + 1));
        let no_revision = r#"{"format":"reservoir.session/2","today":"2026-11-21"}"#;
        #[rustfmt::skip]
        let rows: &[(Option<&str>, InStorage, &str)] = &[
            (None, Nothing, "an absent key"),
            (Some(v1), Save { revision: 0 }, "version 1 had no revision; its migration gives 0"),
            (Some(v2), Save { revision: 3 }, "pretty-printed, as a person or another program may write it"),
            (Some(r#"{"format":"reservoir.session/2","revision":41}"#), Save { revision: 41 }, "compact, as the app writes it (the session is not replayed here)"),
            (Some(&newer), Unreadable, "a newer version's, even with a revision"),
            (Some(no_revision), Unreadable, "version 2 without its revision"),
            (Some(r#"{"format":"reservoir.session/2","revision":"7"}"#), Unreadable, "a revision that is not a whole number"),
            (Some(r#"{"format":"reservoir.session/0","revision":1}"#), Unreadable, "no version 0"),
            (Some(r#"{"format":"something-else","revision":1}"#), Unreadable, "another program's"),
            (Some("[1, 2]"), Unreadable, "not an object"),
            (Some("{not json"), Unreadable, "not JSON"),
            (Some(""), Unreadable, "empty text"),
        ];
        for &(text, expected, why) in rows {
            assert_eq!(InStorage::of(text), expected, "{why}");
        }
        // Where the full read succeeds, the head agrees with it.
        for text in [v1, v2] {
            let read = crate::formats::stored::read(text).unwrap();
            assert_eq!(InStorage::of(Some(text)), Save { revision: read.revision });
        }
        assert!(crate::formats::stored::read(&newer).is_err());
    }
}
