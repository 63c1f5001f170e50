//! Layer 1: the rules and the arithmetic, with no notion of a workspace, a command or a file.

pub mod breakdown;
pub mod calendar;
pub mod exchange;
pub mod ledger;
pub mod limits;
pub mod money;
pub mod partner;
pub mod policy;
pub mod quote;
pub mod refund;
pub mod reservation;
pub mod values;
