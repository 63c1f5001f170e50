//! One module a page.
pub mod activity;
pub mod azure_import;
pub mod customer;
pub mod customers;
pub mod data;
pub mod estimate;
pub mod limit;
pub mod planner;
pub mod policy;
pub mod reservation;
pub mod training;
