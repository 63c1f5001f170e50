//! Layer 3: text in and out — outside JSON read once at the edge, the quote contract, the stored
//! session's versions, scenario files and CSV.

pub mod azure;
pub mod compact;
pub mod csv;
pub mod decode;
pub mod input;
pub mod json;
pub mod packed;
pub mod plain;
pub mod plan_json;
pub mod quote_json;
pub mod quote_request;
pub mod reproduce;
pub mod simulation;
pub mod stored;
pub mod transfer;
