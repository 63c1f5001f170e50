//! # Reservoir's engine
//!
//! Azure reservations sold by a CSP partner, their refunds and exchanges, and the customer's
//! USD 50,000 refund limit, as pure Rust: no web crate, no clock, no I/O. "Today" is always an
//! argument. Money is `rust_decimal`, rounded only where policy.md §3 says.
//!
//! Where to look:
//! - the refund arithmetic: [`refund`] (one file, one table);
//! - the refund limit: [`ledger`]; a refund quote with its limit check: [`quote`];
//! - exchanges: [`exchange`]; policy packs as data: [`policy`];
//! - the partner's workspace, its commands and activity log: [`workspace`], [`command`],
//!   [`activity`], [`partner`];
//! - the app's session (undo, stored form), the demo, chart series: [`session`], [`demo`],
//!   [`timeline`];
//! - outside input: [`input`], [`quote_request`], [`scenario`]; the quote JSON: [`quote_json`].

pub mod activity;
pub mod breakdown;
pub mod calendar;
pub mod command;
pub mod csv;
pub mod decode;
pub mod demo;
pub mod exchange;
pub mod input;
pub mod ledger;
pub mod limits;
pub mod money;
pub mod partner;
pub mod persistence;
pub mod policy;
pub mod quote;
pub mod quote_json;
pub mod quote_request;
pub mod refund;
pub mod reproduce;
pub mod reservation;
pub mod scenario;
pub mod session;
pub mod stored;
pub mod timeline;
pub mod transfer;
pub mod workspace;
