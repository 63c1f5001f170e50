//! `reservoir`: the engine, headless.
//!
//!     reservoir quote REQUEST.json      (or - for standard input)
//!     reservoir simulate SCENARIO.json
//!
//! Exit 0 with the JSON on standard output; exit 2 with one line on standard error naming the
//! field when the input is invalid (nothing on standard output then); exit 1 when a file cannot be
//! read. Two subcommands with one argument each need no argument-parsing crate.

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
    let text = match read(path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    let result = match command {
        "quote" => reservoir::quote_json::quote_text(&text),
        _ => reservoir::scenario::simulate_text(&text),
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

/// The whole input, from a file or standard input, refused past the input size limit.
fn read(path: &str) -> Result<String, String> {
    let limit = reservoir::limits::MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let outcome = if path == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    outcome.map_err(|e| format!("{path}: cannot read: {e}"))?;
    if bytes.len() as u64 >= limit {
        return Err(format!(
            "{path}: expected at most {} MiB",
            reservoir::limits::MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!("{path}: expected UTF-8 text, found invalid bytes at {}", e.utf8_error().valid_up_to())
    })
}
