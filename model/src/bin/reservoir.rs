//! `reservoir`: the engine, headless.
//!
//!     reservoir quote REQUEST.json      (or - for standard input)
//!     reservoir simulate SCENARIO.json
//!
//! Exit 0 with the JSON on standard output; exit 2 with one line on standard error naming the
//! field when the input is invalid (nothing on standard output then: too large or not UTF-8 counts
//! as invalid); exit 1 when a file cannot be read at all. Two subcommands with one argument each need no argument-parsing crate.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str =
    "usage: reservoir quote REQUEST.json | reservoir simulate SCENARIO.json  (- reads standard input)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, path) = match args.as_slice() {
        [command, path] if command == "quote" || command == "simulate" => (command.as_str(), path.as_str()),
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let whole = if command == "quote" { "request" } else { "scenario" };
    let text = match read(path, whole) {
        Ok(text) => text,
        Err((code, message)) => {
            eprintln!("{message}");
            return ExitCode::from(code);
        }
    };
    let result = match command {
        "quote" => reservoir::formats::quote_json::quote_text(&text),
        _ => reservoir::formats::simulation::simulate_text(&text),
    };
    match result {
        Ok((json, ignored)) => {
            for path in ignored {
                eprintln!("warning: {path}: unknown field, ignored");
            }
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}

/// The whole input, from a file or standard input, refused past the input size limit. An input
/// that cannot be read is exit 1; one that is read but too large or not UTF-8 is an invalid input
/// (exit 2), named like the rest of the input's errors (`request: ...`).
fn read(path: &str, whole: &str) -> Result<String, (u8, String)> {
    let limit = reservoir::domain::limits::MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let outcome = if path == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    outcome.map_err(|e| (1, format!("{path}: cannot read: {e}")))?;
    if bytes.len() as u64 >= limit {
        return Err((
            2,
            format!(
                "{whole}: expected at most {} MiB, found more",
                reservoir::domain::limits::MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        (
            2,
            format!(
                "{whole}: expected UTF-8 text, found invalid bytes at byte {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
