//! Layer 4: what the browser shell holds and asks of the engine.

pub mod persistence;
pub mod planner;
pub mod queries;
pub mod session;
pub mod stories;
