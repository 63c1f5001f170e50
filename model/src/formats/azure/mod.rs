//! Azure's own exports, read into a customer's book (issue 11; `docs/import.md` says which field
//! comes from where):
//!
//! - [`recognise`]: which kind a file is, by its content;
//! - [`reservations`], [`orders`], [`transactions`], [`price_sheet`]: one reader a kind, each
//!   walking a [`crate::formats::json::Value`] (or a CSV [`table`]) with exact paths, through the checked values'
//!   own parsers; [`paths`]: Azure's resource IDs and dates;
//! - [`findings`]: places, reasons a reservation is skipped, warnings, as data;
//! - [`book`]: [`book::AzureBook::read`] joins them (orders, prices, refunds) into the preview, and
//!   [`book::AzureBook::plan`] / [`book::AzureBook::scenario`] make the commands that add it.

pub mod book;
pub mod findings;
pub mod orders;
pub mod paths;
pub mod price_sheet;
pub mod recognise;
pub mod reservations;
pub mod table;
pub mod transactions;
