//! Training (issue 13): exercises made by the engine from a seed, graded by the engine.
//!
//! - Over 10,000 seeds every kind and every ask appears, no exercise repeats within a set, every
//!   answer is what `reservoir quote` prints for the exercise's request, and every request is valid.
//! - The same seed gives the same document; the real binary prints it.
//! - The mistake finder names each mistake on a case worked by hand, and never for a right answer.
//! - Class codes round-trip, and a misread character is refused.
//! - Results and case files: written and read back, refused with the field named, and fuzzed.

use std::collections::BTreeSet;

use proptest::prelude::*;
use reservoir::formats::quote_json::quote_text;
use reservoir::training::class_code::{ClassCode, ClassCodeError};
use reservoir::training::exercise::{answer_of, Ask, Exercise, Kind};
use reservoir::training::files::{class_results, CaseFile, FileProblem, Results, Shape};
use reservoir::training::generate::{exercises, same};
use reservoir::training::grade::{grade, mistakes, Given, Mistake};
use reservoir::training::plain::{exercises_json, file_error};
use rust_decimal::Decimal;
use serde_json::{json, Value};

#[test]
fn over_ten_thousand_seeds_every_kind_appears_nothing_repeats_and_every_answer_is_the_quotes() {
    let mut asks = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    let mut lessons = BTreeSet::new();
    for seed in 0..10_000u64 {
        // Three lessons a set, turning with the seed, so each set is quick and all six are drawn.
        let first = (seed % 6) as u8;
        let set = exercises(seed, &[1 + first, 1 + (first + 2) % 6, 1 + (first + 4) % 6], 3);
        assert_eq!(set.len(), 3, "seed {seed}");
        for (i, a) in set.iter().enumerate() {
            for b in &set[i + 1..] {
                assert!(!same(a, b), "seed {seed}: {} repeats {}", b.id, a.id);
            }
            asks.insert(a.ask);
            kinds.insert(format!("{:?}", a.ask.kind()));
            lessons.insert(a.lesson);
            // Valid: the quote's own reader takes it, ignoring nothing.
            if let Some(parsed) = a.parsed_request() {
                let parsed = parsed.unwrap_or_else(|e| panic!("seed {seed} {}: invalid: {e}", a.id));
                assert!(parsed.ignored_fields.is_empty(), "seed {seed} {}", a.id);
            } else {
                assert_eq!(a.ask, Ask::Roles);
            }
            let solution = a.solve().unwrap_or_else(|e| panic!("seed {seed} {}: {e}", a.id));
            // A choice can be answered: every code the engine gives is among the options.
            if let reservoir::training::exercise::Answer::Codes(codes) = &solution.answer {
                let options = a.options();
                assert!(
                    codes.iter().all(|c| options.contains(&c.as_str())),
                    "seed {seed} {}: {codes:?}",
                    a.id
                );
            }
            // What anyone gets with `reservoir quote`: the request printed, read and quoted.
            if let Some(request) = &a.request {
                let (printed, _) = quote_text(&request.to_string()).expect("valid");
                let quote: Value = serde_json::from_str(&printed).expect("a quote is JSON");
                assert_eq!(quote, solution.quote_json, "seed {seed} {}", a.id);
                assert_eq!(answer_of(a.ask, &quote).1, solution.answer_json, "seed {seed} {}", a.id);
            }
        }
    }
    assert_eq!(asks.len(), Ask::ALL.len(), "asks seen: {asks:?}");
    assert_eq!(kinds.len(), 3, "kinds seen: {kinds:?}");
    assert_eq!(lessons, (1..=6).collect());
}

#[test]
fn a_long_set_of_one_lesson_repeats_nothing() {
    for seed in 0..40 {
        for lesson in 1..=6 {
            let set = exercises(seed, &[lesson], 16);
            let expected = if lesson == 5 { 8 } else { 16 };
            assert_eq!(set.len(), expected, "seed {seed} lesson {lesson}");
            for (i, a) in set.iter().enumerate() {
                assert!(set[i + 1..].iter().all(|b| !same(a, b)), "seed {seed} lesson {lesson}");
            }
        }
    }
}

#[test]
fn a_set_keeps_to_its_lessons_and_takes_them_in_turn() {
    for seed in 0..200 {
        let set = exercises(seed, &[3, 2], 5);
        let lessons: Vec<u8> = set.iter().map(|e| e.lesson).collect();
        assert_eq!(lessons, vec![2, 3, 2, 3, 2]);
        let ids: Vec<&str> = set.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["e1", "e2", "e3", "e4", "e5"]);
    }
}

#[test]
fn the_same_seed_gives_the_same_document_and_another_seed_another() {
    let a = exercises_json(42, &exercises(42, &[], 12));
    let b = exercises_json(42, &exercises(42, &[], 12));
    let c = exercises_json(43, &exercises(43, &[], 12));
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a["format"], "reservoir.exercises/1");
    assert_eq!(a["seed"], 42);
    for e in a["exercises"].as_array().expect("a list") {
        for field in ["id", "lesson", "kind", "question", "request", "answer"] {
            assert!(e.get(field).is_some(), "{field} missing in {e}");
        }
        assert!(e["question"].as_str().is_some_and(|q| q.ends_with('?')));
    }
}

#[test]
fn the_binary_prints_the_exercises_and_refuses_a_bad_flag() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_reservoir"))
            .args(args)
            .output()
            .expect("the binary runs")
    };
    let out = run(&["exercise", "--seed", "7", "--count", "4", "--lessons", "2,3"]);
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(printed, exercises_json(7, &exercises(7, &[2, 3], 4)));
    let again = run(&["exercise", "--seed", "7", "--count", "4", "--lessons", "2,3"]);
    assert_eq!(out.stdout, again.stdout);
    let bad = run(&["exercise", "--seed", "7", "--count", "4", "--lessons", "2,9"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim(),
        "--lessons: expected lessons from 1 to 6 such as 2,3, found \"2,9\""
    );
    assert_eq!(run(&["exercise", "--seed", "x", "--count", "4"]).status.code(), Some(2));
    assert_eq!(run(&["exercise", "--seed", "1", "--count", "0"]).status.code(), Some(2));
    // A class code gives the class's set: the one the page shows for it.
    let class = reservoir::training::class_code::ClassCode::new(&[2, 3], 7, 4).write();
    let by_code = run(&["exercise", "--class", &class]);
    assert_eq!(by_code.stdout, out.stdout);
    let misheard = run(&["exercise", "--class", "K7M2-9QXX"]);
    assert_eq!(misheard.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&misheard.stderr).starts_with("--class: not a class code"));
}

/// A refund exercise on a situation worked by hand.
fn refund_case(ask: Ask, reservation: Value, today: &str, policy: &str) -> Exercise {
    Exercise {
        id: "c1".into(),
        lesson: 2,
        ask,
        request: Some(json!({
            "policy": policy,
            "today": today,
            "reservations": [reservation],
            "refund": { "reservation": "r1", "quantity": 1 },
        })),
        action: None,
    }
}

fn amount(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

/// Grades an amount, and checks the right answer is right with no mistake named.
fn graded(exercise: &Exercise, given: &str) -> (bool, Option<Mistake>) {
    let solution = exercise.solve().expect("a valid case");
    let g = grade(exercise, &solution, &Given::Amount(amount(given)));
    (g.right, g.mistake)
}

#[test]
fn the_mistake_finder_names_each_mistake_on_a_case_worked_by_hand() {
    // One unit, USD 3,660 upfront for a year bought 1 June 2023: the term holds 29 February 2024,
    // so it is 366 days long. Canceled on 10 January 2024, 143 days are left, the day of return
    // included (22 in January, 29, 31, 30, 31).
    let upfront = json!({
        "id": "r1", "family": "compute", "term": "P1Y", "billing_plan": "Upfront",
        "purchase_date": "2023-06-01", "quantity": 1, "currency": "USD", "unit_price": "3660",
    });
    let e = refund_case(Ask::Refund, upfront.clone(), "2024-01-10", "azure-2026");
    assert_eq!(graded(&e, "1430.00"), (true, None), "3660 × 143 / 366");
    assert_eq!(graded(&e, "1433.92"), (false, Some(Mistake::TermOf365Days)), "3660 × 143 / 365");
    assert_eq!(graded(&e, "1420"), (false, Some(Mistake::ReturnDayNotCounted)), "3660 × 142 / 366");
    assert_eq!(graded(&e, "1258.40"), (false, Some(Mistake::OldFee)), "1430 less 12%");
    assert_eq!(graded(&e, "1430.01"), (false, None), "a cent off is wrong, and no known mistake");

    // Today's price is lower (3,294): the refund uses it, 3294 × 143 / 366 = 1287.
    let mut lower = upfront.clone();
    lower["current_unit_price"] = json!("3294");
    let e = refund_case(Ask::Refund, lower, "2024-01-10", "azure-2026");
    assert_eq!(graded(&e, "1287"), (true, None));
    assert_eq!(graded(&e, "1430.00"), (false, Some(Mistake::PurchasePriceNotLower)));

    // A monthly plan of USD 100 bought 1 June 2023, canceled on 10 January 2024: the cycle of
    // 1 January holds 31 days, 22 left (2200 / 31 = 70.97); four payments are still to come
    // (February to May: 8 of 12 payments are made by 1 January), 400. The limit counts both: 470.97.
    let monthly = json!({
        "id": "r1", "family": "compute", "term": "P1Y", "billing_plan": "Monthly",
        "purchase_date": "2023-06-01", "quantity": 1, "currency": "USD", "unit_price": "100",
    });
    let e = refund_case(Ask::CanceledCommitment, monthly.clone(), "2024-01-10", "azure-2026");
    assert_eq!(graded(&e, "470.97"), (true, None));
    assert_eq!(graded(&e, "70.97"), (false, Some(Mistake::RemainingCommitmentForgotten)));
    let e = refund_case(Ask::Refund, monthly, "2024-01-10", "azure-2026");
    assert_eq!(graded(&e, "70.97"), (true, None));
    assert_eq!(graded(&e, "67.74"), (false, Some(Mistake::ReturnDayNotCounted)), "100 × 21 / 31");

    // Under the 2020 policy the fee is right, so taking it is no mistake, and leaving it out is not
    // the "old fee" either.
    let e = refund_case(Ask::Refund, upfront, "2024-01-10", "csp-2020");
    assert_eq!(graded(&e, "1258.40"), (true, None));
    assert!(mistakes(&e).iter().all(|(m, _)| *m != Mistake::OldFee));
}

#[test]
fn no_mistake_is_ever_named_for_a_right_answer_and_every_mistake_number_is_wrong() {
    let mut named = BTreeSet::new();
    for seed in 0..300u64 {
        for e in exercises(seed, &[1, 2, 3, 6], 8) {
            let solution = e.solve().expect("valid");
            if e.ask.kind() != Kind::Amount {
                continue;
            }
            let reservoir::training::exercise::Answer::Amount { amount: right, .. } = solution.answer else {
                panic!("an amount exercise answers an amount")
            };
            let g = grade(&e, &solution, &Given::Amount(right));
            assert!(g.right && g.mistake.is_none(), "seed {seed} {}", e.id);
            for (mistake, number) in mistakes(&e) {
                assert_ne!(number, right);
                let g = grade(&e, &solution, &Given::Amount(number));
                assert!(!g.right);
                assert!(g.mistake.is_some(), "seed {seed} {}: {mistake:?} not named", e.id);
                named.insert(mistake);
            }
        }
    }
    assert_eq!(named.len(), Mistake::ALL.len(), "mistakes the generator gives a chance to make: {named:?}");
}

#[test]
fn choices_are_graded_by_the_engines_reasons_and_roles_by_the_whole_set() {
    // Over the limit: 49,000 counted, a refund of 1,430 does not fit.
    let mut e = refund_case(
        Ask::PolicyErrors,
        json!({
            "id": "r1", "family": "compute", "term": "P1Y", "billing_plan": "Upfront",
            "purchase_date": "2023-06-01", "quantity": 1, "currency": "USD", "unit_price": "3660",
        }),
        "2024-01-10",
        "azure-2026",
    );
    e.request.as_mut().expect("a request")["refunds_before"] =
        json!([{ "date": "2023-12-01", "usd": "49000" }]);
    let solution = e.solve().expect("valid");
    let pick = |c: &str| grade(&e, &solution, &Given::Codes(vec![c.to_string()])).right;
    assert!(pick("RefundLimitExceeded"));
    assert!(!pick("allowed"));
    assert!(!pick("SelfServiceRefundNotSupported"));
    let roles = Exercise {
        id: "e1".into(),
        lesson: 5,
        ask: Ask::Roles,
        request: None,
        action: Some(reservoir::domain::partner::ActionKind::SetPurchasePermission),
    };
    let solution = roles.solve().expect("roles need no request");
    let given = |codes: &[&str]| Given::Codes(codes.iter().map(|c| c.to_string()).collect());
    assert!(grade(&roles, &solution, &given(&["admin_agent"])).right);
    assert!(!grade(&roles, &solution, &given(&["admin_agent", "global_admin"])).right);
}

#[test]
fn class_codes_round_trip_and_a_misread_character_is_refused() {
    let mut seen = BTreeSet::new();
    for mask in 1u8..64 {
        let lessons: Vec<u8> = (1..=6).filter(|l| mask & (1 << (l - 1)) != 0).collect();
        for (seed, count) in [(0, 1), (1, 32), (4_242, 10), (16_777_215, 7)] {
            let class = ClassCode::new(&lessons, seed, count);
            let code = class.write();
            assert_eq!(code.len(), 9, "{code}");
            assert!(seen.insert(code.clone()), "{code} written twice");
            assert_eq!(ClassCode::parse(&code), Ok(class.clone()));
            // Every single character misheard is refused.
            let chars: Vec<char> = code.chars().collect();
            for at in (0..9).filter(|i| *i != 4) {
                for other in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().filter(|c| *c != chars[at]) {
                    let mut wrong = chars.clone();
                    wrong[at] = other;
                    let wrong: String = wrong.into_iter().collect();
                    assert!(ClassCode::parse(&wrong).is_err(), "{wrong} read as a class ({code})");
                }
            }
        }
    }
    assert_eq!(ClassCode::parse("K7M2-9QX"), Err(ClassCodeError::Length { found: 7 }));
}

fn class() -> ClassCode {
    ClassCode::new(&[2, 3], 9_001, 4)
}

/// The right answer of an exercise, as a learner would give it.
fn right_given(e: &Exercise) -> Given {
    use reservoir::training::exercise::Answer;
    match e.solve().expect("valid").answer {
        Answer::Amount { amount, .. } => Given::Amount(amount),
        Answer::Date(d) => Given::Date(d),
        Answer::Codes(c) if e.ask == Ask::Roles => Given::Codes(c),
        Answer::Codes(c) => Given::Codes(vec![c.first().cloned().unwrap_or_else(|| "allowed".into())]),
    }
}

#[test]
fn results_files_read_back_and_the_trainer_sees_right_answers_and_the_common_mistake() {
    let class = class();
    let set = exercises(class.seed, &class.lessons, usize::from(class.count));
    let learner = |name: &str, answers: Vec<(String, Given)>| Results {
        learner: reservoir::domain::values::Name::parse(name).expect("a name"),
        class: class.clone(),
        answers,
    };
    let all_right: Vec<(String, Given)> = set.iter().map(|e| (e.id.clone(), right_given(e))).collect();
    // The first exercise is a refund (lesson 2): one learner forgets the day of return.
    assert_eq!(set[0].ask, Ask::Refund);
    let slip = mistakes(&set[0]);
    let (mistake, number) =
        *slip.iter().find(|(m, _)| *m == Mistake::ReturnDayNotCounted).expect("pro-rated");
    let mut one_wrong = all_right.clone();
    one_wrong[0].1 = Given::Amount(number);
    let files = vec![
        learner("Ada", all_right),
        learner("Bo", one_wrong.clone()),
        learner("Cy", one_wrong[..1].to_vec()),
    ];
    let read: Vec<Results> = files.iter().map(|f| Results::read(&f.write()).expect("reads back")).collect();
    assert_eq!(read, files);
    let summary = class_results(&class, &read);
    assert_eq!(summary.len(), 4);
    assert_eq!(
        (summary[0].answered, summary[0].right, summary[0].common_mistake),
        (3, 1, Some((mistake, 2)))
    );
    assert_eq!((summary[1].answered, summary[1].right, summary[1].common_mistake), (2, 2, None));
}

#[test]
fn a_bad_results_file_is_refused_with_the_field_named() {
    let class = class().write();
    let refused = |text: String| Results::read(&text).expect_err("refused");
    let e = refused(
        json!({ "format": "reservoir.training/1", "learner": "A", "class": class, "answers": [] })
            .to_string(),
    );
    assert_eq!(e.path, "format");
    let e = refused(
        json!({ "format": "reservoir.training-results/1", "learner": "A", "class": "ABCD", "answers": [] })
            .to_string(),
    );
    assert_eq!(
        (e.path.as_str(), &e.problem),
        ("class", &FileProblem::ClassCode { error: ClassCodeError::Length { found: 4 } })
    );
    let e = refused(
        json!({ "format": "reservoir.training-results/1", "learner": "A", "class": class,
        "answers": [{ "exercise": "e1", "given": 12 }] })
        .to_string(),
    );
    assert_eq!(
        (e.path.as_str(), &e.problem),
        ("answers[0].given", &FileProblem::WrongShape { expected: Shape::Amount })
    );
    assert_eq!(file_error(&e), "answers[0].given: expected Amount");
    let e = refused(
        json!({ "format": "reservoir.training-results/1", "learner": "A", "class": class,
        "answers": [{ "exercise": "e9", "given": "1" }] })
        .to_string(),
    );
    assert_eq!(e.path, "answers[0].exercise");
    let e = refused("not json".into());
    assert_eq!((e.path.as_str(), &e.problem), ("file", &FileProblem::NotJson));
}

#[test]
fn a_case_file_gives_exercises_the_engine_answers_and_names_what_is_wrong() {
    let request = json!({
        "policy": "azure-2026", "today": "2024-01-10",
        "reservations": [{ "id": "r1", "family": "compute", "term": "P1Y", "billing_plan": "Upfront",
            "purchase_date": "2023-06-01", "quantity": 1, "currency": "USD", "unit_price": "3660" }],
        "refund": { "reservation": "r1", "quantity": 1 }
    });
    let text = json!({ "format": "reservoir.training/1", "title": "Leap years",
        "cases": [{ "lesson": 2, "ask": "billingRefundAmount", "request": request }] })
    .to_string();
    let file = CaseFile::read(&text).expect("a valid case file");
    assert_eq!(file.title.as_deref(), Some("Leap years"));
    assert_eq!(file.exercises[0].id, "c1");
    assert_eq!(graded(&file.exercises[0], "1430"), (true, None));
    assert_eq!(CaseFile::read(&file.write()), Ok(file));

    let mut bad = request.clone();
    bad["reservations"][0]["purchase_date"] = json!("2023-13-01");
    let e = CaseFile::read(
        &json!({ "format": "reservoir.training/1",
        "cases": [{ "lesson": 2, "ask": "billingRefundAmount", "request": bad }] })
        .to_string(),
    )
    .expect_err("refused");
    assert_eq!(e.path, "cases[0].request");
    assert!(
        file_error(&e).starts_with("cases[0].request: reservations[0].purchase_date: expected a date"),
        "{}",
        file_error(&e)
    );
    // A plan request (issue 15) is a schedule, not one quote: refused by its field, never a panic.
    let mut plan = request.clone();
    plan.as_object_mut().unwrap().remove("refund");
    plan["plan"] = json!({ "exits": [{ "reservation": "r1", "quantity": 1 }] });
    let e = CaseFile::read(
        &json!({ "format": "reservoir.training/1",
        "cases": [{ "lesson": 2, "ask": "billingRefundAmount", "request": plan }] })
        .to_string(),
    )
    .expect_err("refused");
    assert!(e.path.starts_with("cases[0]"), "{}", file_error(&e));
    let e = CaseFile::read(
        &json!({ "format": "reservoir.training/1",
        "cases": [{ "lesson": 2, "ask": "netPayable", "request": request }] })
        .to_string(),
    )
    .expect_err("refused");
    assert_eq!(
        (e.path.as_str(), &e.problem),
        ("cases[0].ask", &FileProblem::AskDoesNotFit { ask: Ask::NetPayable })
    );
    let e = CaseFile::read(
        &json!({ "format": "reservoir.training/1",
        "cases": [{ "lesson": 7, "ask": "netPayable", "request": request }] })
        .to_string(),
    )
    .expect_err("refused");
    assert_eq!(e.path, "cases[0].lesson");
}

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("RESERVOIR_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// A refusal as the CLI prints it: a path and a message on one line.
fn one_line(e: &reservoir::training::files::FileError) -> Result<(), TestCaseError> {
    let line = file_error(e);
    prop_assert!(!e.path.is_empty());
    prop_assert_eq!(line.lines().count(), 1, "{}", line);
    Ok(())
}

/// JSON values of any shape, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        Just(json!("2024-02-29")),
        Just(json!("1e400")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}|exercise|given|lesson|ask|request", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn any_text_is_a_class_code_that_round_trips_or_a_reason(text in "\\PC{0,12}|[0-9A-Za-z -]{0,12}") {
        if let Ok(class) = ClassCode::parse(&text) {
            prop_assert_eq!(ClassCode::parse(&class.write()), Ok(class));
        }
    }

    #[test]
    fn any_text_or_json_is_a_results_file_or_a_refusal_naming_its_field(
        answers in any_json(), learner in any_json(), text in "\\PC{0,40}",
    ) {
        let file = json!({ "format": "reservoir.training-results/1", "learner": learner,
            "class": class().write(), "answers": answers });
        for input in [file.to_string(), text] {
            if let Err(e) = Results::read(&input) {
                one_line(&e)?;
            }
        }
    }

    #[test]
    fn any_text_or_json_is_a_case_file_or_a_refusal_naming_its_field(
        cases in any_json(), case in any_json(), text in "\\PC{0,40}",
    ) {
        let file = json!({ "format": "reservoir.training/1", "cases": cases });
        let one = json!({ "format": "reservoir.training/1", "cases": [{ "lesson": 2, "ask": "billingRefundAmount", "request": case }] });
        for input in [file.to_string(), one.to_string(), text] {
            match CaseFile::read(&input) {
                Ok(read) => {
                    for e in &read.exercises {
                        prop_assert!(e.solve().is_ok());
                    }
                }
                Err(e) => one_line(&e)?,
            }
        }
    }
}
