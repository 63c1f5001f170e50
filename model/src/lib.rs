//! # Reservoir's engine
//!
//! Azure reservations sold by a CSP partner, their refunds and exchanges, and the customer's
//! USD 50,000 refund limit, as pure Rust: no web crate, no clock, no I/O. "Today" is always an
//! argument. Money is `rust_decimal`, rounded only where policy.md §3 says.
//!
//! Four layers, each a folder; a module uses only its own layer and those below it
//! (`tests/layers.rs` fails the build of the tests when one reaches up, or when two modules use
//! each other):
//!
//! 1. [`domain`] — the rules and the arithmetic: checked values, money, terms, policies, the refund
//!    arithmetic ([`domain::refund`]), the refund limit ([`domain::ledger`]), quotes, exchanges.
//! 2. [`simulation`] — a partner's workspace changed by dated commands: commands and refusals,
//!    the activity log, scenarios and their replay, the demo, chart series.
//! 3. [`formats`] — text in and out: reading outside JSON, the quote contract, the stored
//!    session's versions, scenario files, CSV, the CLI's plain English.
//! 4. [`training`] — exercises made and graded by the engine from a seed, class codes, the
//!    learner's results and the trainer's case files.
//! 5. [`app`] — what the browser shell holds and asks: the session with its undo, the decision
//!    to save, the queries each page shows.

pub mod app;
pub mod domain;
pub mod formats;
pub mod simulation;
pub mod training;
