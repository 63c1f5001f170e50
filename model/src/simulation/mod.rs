//! Layer 2: a partner's workspace, changed only by dated commands, and what replays them.

pub mod activity;
pub mod command;
pub mod demo;
pub mod plan;
pub mod scenario;
pub mod timeline;
pub mod workspace;
