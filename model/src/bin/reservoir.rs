//! `reservoir`: the engine, headless.
//!
//!     reservoir quote REQUEST.json      (or - for standard input)
//!     reservoir plan REQUEST.json       (a quote request with "plan": the refund planner)
//!     reservoir simulate SCENARIO.json
//!     reservoir import --customer ID [--name NAME] [--currency CUR] [--rate USD_PER_UNIT] --today DATE FILE...
//!     reservoir exercise --seed N --count K [--lessons 2,3] | --class K7M2-9QXD
//!
//! Exit 0 with the JSON on standard output; exit 2 with one line on standard error naming the
//! field when the input is invalid (nothing on standard output then: too large or not UTF-8 counts
//! as invalid); exit 1 when a file cannot be read at all. `import` also writes its warnings on
//! standard error, one a line, with exit 0. So few subcommands and flags need no argument-parsing
//! crate.

use std::io::Read;
use std::process::ExitCode;

use reservoir::domain::limits::{MAX_IMPORT_FILE_BYTES, MAX_INPUT_BYTES};
use reservoir::domain::money::Currency;
use reservoir::domain::values::{Amount, Date, Name};
use reservoir::formats::azure::book::{AzureBook, AzureFile};
use reservoir::formats::plain;
use reservoir::training::generate;

const USAGE: &str = "usage: reservoir quote REQUEST.json | reservoir plan REQUEST.json | reservoir simulate SCENARIO.json  (- reads standard input)
       reservoir import --customer ID [--name NAME] [--currency CUR] [--rate USD_PER_UNIT] --today DATE FILE...
       reservoir exercise --seed N --count K [--lessons 2,3] | --class K7M2-9QXD";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "import") {
        return import(&args[1..]);
    }
    if args.first().is_some_and(|a| a == "exercise") {
        return exercise(&args[1..]);
    }
    let (command, path) = match args.as_slice() {
        [command, path] if command == "quote" || command == "plan" || command == "simulate" => {
            (command.as_str(), path.as_str())
        }
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let whole = if command == "simulate" { "scenario" } else { "request" };
    let text = match read(path, whole, MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err((code, message)) => {
            eprintln!("{message}");
            return ExitCode::from(code);
        }
    };
    let result = match command {
        "quote" => reservoir::formats::quote_json::quote_text(&text),
        "plan" => reservoir::formats::plan_json::plan_text(&text),
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

/// `reservoir import`: Azure's exports in, a scenario file out (`docs/import.md`).
fn import(args: &[String]) -> ExitCode {
    let fail = |code: u8, message: String| {
        eprintln!("{message}");
        ExitCode::from(code)
    };
    let mut customer = None;
    let mut name = None;
    let mut currency = None;
    let mut rate = None;
    let mut today = None;
    let mut files = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let flag = arg.as_str();
        if !matches!(flag, "--customer" | "--name" | "--currency" | "--rate" | "--today") {
            if flag.starts_with("--") {
                return fail(2, USAGE.to_string());
            }
            files.push(arg.clone());
            continue;
        }
        let Some(value) = rest.next() else {
            return fail(2, USAGE.to_string());
        };
        let bad = |e: &dyn std::fmt::Display| format!("{flag}: {e}");
        match flag {
            "--customer" => match Name::parse(value) {
                Ok(n) => customer = Some(n),
                Err(e) => return fail(2, bad(&e)),
            },
            "--name" => match Name::parse(value) {
                Ok(n) => name = Some(n),
                Err(e) => return fail(2, bad(&e)),
            },
            "--currency" => match Currency::from_code(value) {
                Some(c) => currency = Some(c),
                None => {
                    return fail(
                        2,
                        bad(&format!(
                            "expected a currency code such as USD, EUR, GBP or SEK, found {value:?}"
                        )),
                    )
                }
            },
            "--rate" => match Amount::parse(value) {
                Ok(r) => rate = Some(r),
                Err(e) => return fail(2, bad(&e)),
            },
            _ => match Date::parse(value) {
                Ok(d) => today = Some(d),
                Err(e) => return fail(2, bad(&e)),
            },
        }
    }
    let (Some(customer), Some(today), false) = (customer, today, files.is_empty()) else {
        return fail(2, USAGE.to_string());
    };
    let mut texts = Vec::with_capacity(files.len());
    for path in &files {
        match read(path, path, MAX_IMPORT_FILE_BYTES) {
            Ok(text) => texts.push(text),
            Err((code, message)) => return fail(code, message),
        }
    }
    let azure_files: Vec<AzureFile> = files
        .iter()
        .zip(&texts)
        .map(|(name, text)| AzureFile { name: name.as_str(), text: text.as_str() })
        .collect();
    let book = match AzureBook::read(&azure_files, today, currency) {
        Ok(book) => book,
        Err(error) => return fail(2, plain::azure_error(&error)),
    };
    let (scenario, plan) = match book.scenario(&customer, name.as_ref(), rate) {
        Ok(done) => done,
        Err(error) => return fail(2, plain::plan_error(&error)),
    };
    for line in plain::import_report(&book, &plan) {
        eprintln!("{line}");
    }
    println!("{}", serde_json::to_string_pretty(&scenario).expect("scenarios serialize"));
    ExitCode::SUCCESS
}

/// `reservoir exercise`: a training set from a seed, as `reservoir.exercises/1` (docs/training-format.md).
fn exercise(args: &[String]) -> ExitCode {
    let fail = |message: String| {
        eprintln!("{message}");
        ExitCode::from(2)
    };
    let (mut seed, mut count, mut lessons) = (None, None, Vec::new());
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let Some(value) = rest.next() else { return fail(USAGE.to_string()) };
        match flag.as_str() {
            "--seed" => match value.parse::<u64>() {
                Ok(n) => seed = Some(n),
                Err(_) => {
                    return fail(format!("--seed: expected a whole number of 0 or more, found {value:?}"))
                }
            },
            "--count" => match value.parse::<usize>() {
                Ok(n) if (1..=generate::MAX_COUNT).contains(&n) => count = Some(n),
                _ => {
                    return fail(format!(
                        "--count: expected a number from 1 to {}, found {value:?}",
                        generate::MAX_COUNT
                    ))
                }
            },
            // A class code is the seed, count and lessons in one: the page's class, on the command line.
            "--class" => match reservoir::training::class_code::ClassCode::parse(value) {
                Ok(class) => {
                    seed = Some(class.seed);
                    count = Some(usize::from(class.count));
                    lessons = class.lessons;
                }
                Err(e) => return fail(format!("--class: not a class code: {e:?}")),
            },
            "--lessons" => {
                for part in value.split(',') {
                    match part.trim().parse::<u8>() {
                        Ok(l) if (1..=6).contains(&l) => lessons.push(l),
                        _ => {
                            return fail(format!(
                                "--lessons: expected lessons from 1 to 6 such as 2,3, found {value:?}"
                            ))
                        }
                    }
                }
            }
            _ => return fail(USAGE.to_string()),
        }
    }
    let (Some(seed), Some(count)) = (seed, count) else { return fail(USAGE.to_string()) };
    let set = generate::exercises(seed, &lessons, count);
    let json = reservoir::training::plain::exercises_json(seed, &set);
    println!("{}", serde_json::to_string_pretty(&json).expect("JSON values serialize"));
    ExitCode::SUCCESS
}

/// The whole input, from a file or standard input, refused past `max` bytes. An input that cannot
/// be read is exit 1; one that is read but too large or not UTF-8 is an invalid input (exit 2),
/// named like the rest of the input's errors (`request: ...`).
fn read(path: &str, whole: &str, max: usize) -> Result<String, (u8, String)> {
    let limit = max as u64 + 1;
    let mut bytes = Vec::new();
    let outcome = if path == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    outcome.map_err(|e| (1, format!("{path}: cannot read: {e}")))?;
    if bytes.len() as u64 >= limit {
        return Err((2, format!("{whole}: expected at most {} MiB, found more", max / (1024 * 1024))));
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
