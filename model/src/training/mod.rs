//! Training for new sales agents (issue 13): exercises made by the engine from a seed, graded by
//! the engine, with the known mistakes named; class codes; a learner's results file and a
//! trainer's case file. Answers are always the engine's own quote of the exercise's request,
//! never computed twice. Everything here answers in data; the English of the CLI's questions is in
//! `plain.rs`, the page writes its own words in `src/i18n/`.

pub mod class_code;
pub mod exercise;
pub mod files;
pub mod generate;
pub mod grade;
pub mod plain;
pub mod scratch;
pub mod seed;
