//! Training (issue 13): six short lessons, each with exercises the engine makes from a class code
//! and grades (`reservoir::training`), the learner's results file, and the trainer's view of a
//! class's results files. Questions, situations and mistakes are written here from the exercise's
//! data, in the page's language; no figure is computed here.
//!
//! Progress is kept per learner under its own storage key (`storage::TRAINING_KEY`), apart from
//! the workspace: a class never touches the partner's session.

use std::collections::BTreeMap;

use leptos::prelude::*;
use maud::html;
use reservoir::app::session::Session;
use reservoir::domain::exchange::Purchase;
use reservoir::domain::partner::{ActionKind, Actor, Role};
use reservoir::domain::values::Name;
use reservoir::formats::quote_json::Quoted;
use reservoir::formats::quote_request::{Action, QuoteRequest};
use reservoir::training::class_code::{ClassCode, MAX_SEED};
use reservoir::training::exercise::{Answer, Ask, Exercise, Kind, Solution, ALLOWED, CUSTOMER_USER, LESSONS};
use reservoir::training::files::{
    class_results, given_json, read_given, CaseFile, FileError, FileProblem, Results, Shape, MAX_FILE_BYTES,
};
use reservoir::training::generate::exercises;
use reservoir::training::grade::{grade, written_answer, Given, Mistake};
use reservoir::training::scratch::worked_example_scenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::components::{download, parse_date_field, FieldError};
use crate::i18n::{self, fill, t, Key};
use crate::pages::reservation::BreakdownTable;
use crate::route::Route;
use crate::state::AppState;
use crate::storage;

/// Exercises in a class the page makes itself: two a lesson.
const NEW_CLASS_COUNT: u8 = 12;

/// What is stored under `storage::TRAINING_KEY`: who is learning now, and each learner's progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    learner: String,
    #[serde(default)]
    learners: BTreeMap<String, Progress>,
}

/// One learner's progress: the class (or a trainer's case file), the lesson open, the answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Progress {
    #[serde(default)]
    class: String,
    #[serde(default)]
    case: Option<String>,
    #[serde(default)]
    lesson: u8,
    /// By `{set}/{exercise id}` (set: the class code, or `case`), so joining another class never
    /// mixes its `e1` with this one's.
    #[serde(default)]
    answers: BTreeMap<String, Saved>,
}

/// One answer: what is in the field (kept as typed, even when it is not a number), and the
/// answer last checked, as the results file writes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Saved {
    #[serde(default)]
    typed: String,
    #[serde(default)]
    given: Option<Value>,
}

/// The exercises in use: a class's, or a case file's.
#[derive(Clone, Debug, PartialEq)]
struct InUse {
    class: Option<ClassCode>,
    title: Option<String>,
    exercises: Vec<Exercise>,
}

impl InUse {
    fn prefix(&self) -> String {
        self.class.as_ref().map(ClassCode::write).unwrap_or_else(|| "case".into())
    }
}

fn set_of(p: &Progress) -> InUse {
    if let Some(file) = p.case.as_deref().and_then(|text| CaseFile::read(text).ok()) {
        return InUse { class: None, title: file.title, exercises: file.exercises };
    }
    match ClassCode::parse(&p.class) {
        Ok(class) => {
            let set = exercises(class.seed, &class.lessons, usize::from(class.count));
            InUse { class: Some(class), title: None, exercises: set }
        }
        Err(_) => InUse { class: None, title: None, exercises: Vec::new() },
    }
}

fn new_class() -> String {
    let seed = (js_sys::Math::random() * MAX_SEED as f64) as u64;
    ClassCode::new(&LESSONS, seed.min(MAX_SEED), NEW_CLASS_COUNT).write()
}

#[component]
pub fn TrainingPage(code: Option<String>) -> impl IntoView {
    let stored = RwSignal::new(
        storage::load_training()
            .and_then(|text| serde_json::from_str::<Stored>(&text).ok())
            .unwrap_or_default(),
    );
    let save_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let text = stored.with(|s| serde_json::to_string(s).unwrap_or_default());
        save_error.set(storage::save_training(&text).err().map(|_| t(Key::TrNotSaved).to_string()));
    });
    let progress =
        Memo::new(move |_| stored.with(|s| s.learners.get(&s.learner).cloned().unwrap_or_default()));
    let change = move |f: &dyn Fn(&mut Progress)| {
        stored.update(|s| {
            let learner = s.learner.clone();
            f(s.learners.entry(learner).or_default());
        })
    };
    let set = Memo::new(move |_| progress.with(set_of));
    let has_learner = Memo::new(move |_| stored.with(|s| !s.learner.trim().is_empty()));

    // A link's class code: joined as soon as a learner is named; a code that is none is said.
    let link_error = RwSignal::new(None::<String>);
    let link_code = code.clone();
    Effect::new(move |_| {
        let Some(code) = link_code.clone() else { return };
        match ClassCode::parse(&code) {
            Ok(class) if has_learner.get() => {
                let written = class.write();
                if progress.with_untracked(|p| p.class != written || p.case.is_some()) {
                    change(&|p| {
                        p.class = written.clone();
                        p.case = None;
                    });
                }
            }
            Ok(_) => {}
            Err(_) => link_error.set(Some(fill(Key::TrBadClassCode, &[("code", &code)]))),
        }
    });

    let name_typed = RwSignal::new(stored.with_untracked(|s| s.learner.clone()));
    let name_error = RwSignal::new(None::<String>);
    let start = move |_| {
        let name = name_typed.get_untracked();
        match Name::parse(name.trim()) {
            Ok(name) => {
                name_error.set(None);
                stored.update(|s| {
                    s.learner = name.to_string();
                    let p = s.learners.entry(name.to_string()).or_default();
                    if p.class.is_empty() {
                        p.class = new_class();
                    }
                    if p.lesson == 0 {
                        p.lesson = 1;
                    }
                });
            }
            Err(e) => name_error.set(Some(fill(
                Key::TrFieldError,
                &[("field", &t(Key::TrLearner)), ("error", &i18n::value_error(&e))],
            ))),
        }
    };

    let code_typed = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let join = move |_| {
        let typed = code_typed.get_untracked();
        match ClassCode::parse(&typed) {
            Ok(class) => {
                code_error.set(None);
                let written = class.write();
                change(&|p| {
                    p.class = written.clone();
                    p.case = None;
                });
            }
            Err(_) => code_error.set(Some(fill(Key::TrBadClassCode, &[("code", &typed)]))),
        }
    };

    let lesson = Memo::new(move |_| progress.with(|p| p.lesson.clamp(1, 6)));
    let lesson_buttons = LESSONS
        .iter()
        .map(|&n| {
            view! {
                <li>
                    <button type="button" data-testid=format!("lesson-{n}") aria-pressed=move || (lesson.get() == n).to_string()
                        on:click=move |_| change(&|p| p.lesson = n)>
                        {i18n::labelled(&fill(Key::TrLesson, &[("n", &n)]), &lesson_title(n))}
                    </button>
                </li>
            }
        })
        .collect_view();

    let shown = move || {
        let n = lesson.get();
        let body = t(lesson_body(n));
        let paragraphs = body.split('\n').map(|p| view! { <p>{p.to_string()}</p> }).collect_view();
        let exercises_view = move || {
            if !has_learner.get() {
                return view! { <p class="muted" data-testid="training-need-name">{t(Key::TrLearnerNeeded)}</p> }.into_any();
            }
            let s = set.get();
            let prefix = s.prefix();
            let mine: Vec<Exercise> = s.exercises.into_iter().filter(|e| e.lesson == n).collect();
            if mine.is_empty() {
                return view! { <p class="muted">{t(Key::TrNoExercises)}</p> }.into_any();
            }
            mine.into_iter()
                .map(|e| {
                    let key = format!("{prefix}/{}", e.id);
                    view! { <ExerciseCard exercise=e key=key stored=stored /> }
                })
                .collect_view()
                .into_any()
        };
        view! {
            <section class="card" data-testid="lesson" aria-labelledby="lesson-title">
                <h2 id="lesson-title">{i18n::labelled(&fill(Key::TrLesson, &[("n", &n)]), &lesson_title(n))}</h2>
                {paragraphs}
                {worked_example(n)}
                <h3>{t(Key::TrExercises)}</h3>
                {exercises_view}
            </section>
        }
    };

    let class_line = move || {
        let s = set.get();
        match (&s.class, progress.with(|p| p.case.is_some())) {
            (_, true) => view! {
                <p data-testid="training-case">
                    {fill(Key::TrCaseLoaded, &[("title", &s.title.clone().unwrap_or_default()), ("count", &i18n::count(s.exercises.len() as u64))])}" "
                    <button type="button" data-testid="training-back-to-class" on:click=move |_| change(&|p| p.case = None)>{t(Key::TrBackToClass)}</button>
                </p>
            }
            .into_any(),
            (Some(class), false) => {
                let code = class.write();
                let link = format!("#/training/{code}");
                view! {
                    <p data-testid="training-class">
                        {i18n::labelled(t(Key::TrClassCode), &"")}<strong data-testid="training-class-code">{code.clone()}</strong>" · "
                        <a class="class-link" href=link.clone() data-testid="training-class-link">{link.clone()}</a>
                    </p>
                    <p class="muted">{t(Key::TrClassHint)}</p>
                }
                .into_any()
            }
            (None, false) => ().into_any(),
        }
    };

    let score = move || {
        let s = set.get();
        let prefix = s.prefix();
        let answers = progress.with(|p| p.answers.clone());
        let (mut answered, mut right) = (0u64, 0u64);
        for e in &s.exercises {
            let Some(given) = answers.get(&format!("{prefix}/{}", e.id)).and_then(|a| a.given.as_ref())
            else {
                continue;
            };
            let (Some(given), Ok(solution)) = (read_given(e, given), e.solve()) else { continue };
            answered += 1;
            right += u64::from(grade(e, &solution, &given).right);
        }
        fill(
            Key::TrScore,
            &[
                ("right", &i18n::count(right)),
                ("answered", &i18n::count(answered)),
                ("total", &i18n::count(s.exercises.len() as u64)),
            ],
        )
    };

    let download_results = move |_| {
        let s = set.get_untracked();
        let Some(class) = s.class.clone() else { return };
        let Ok(learner) = Name::parse(&stored.with_untracked(|st| st.learner.clone())) else { return };
        let prefix = s.prefix();
        let answers = progress.with_untracked(|p| p.answers.clone());
        let answers = s
            .exercises
            .iter()
            .filter_map(|e| {
                let given = answers.get(&format!("{prefix}/{}", e.id))?.given.as_ref()?;
                Some((e.id.clone(), read_given(e, given)?))
            })
            .collect();
        let file = Results { learner: learner.clone(), class: class.clone(), answers }.write();
        download(&format!("reservoir-training-{}-{learner}.json", class.write()), &file);
    };

    view! {
        <h1>{t(Key::Training)}</h1>
        <p class="muted">{t(Key::TrIntro)}</p>
        {move || link_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="training-link-error">{e}</p> })}
        {move || save_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        <section class="card" aria-labelledby="learner-title">
            <h2 id="learner-title">{t(Key::TrLearnerTitle)}</h2>
            <div class="field">
                <label for="training-name">{t(Key::TrLearner)}</label>
                <input id="training-name" data-testid="training-name" aria-describedby="training-name-error"
                    prop:value=move || name_typed.get() on:input=move |ev| name_typed.set(event_target_value(&ev)) />
                <FieldError id="training-name-error".into() message=name_error.into() />
            </div>
            <button type="button" data-testid="training-start" on:click=start>{t(Key::TrStart)}</button>
            <Show when=move || has_learner.get()>
                {class_line}
                <div class="field">
                    <label for="training-code">{t(Key::TrClassCode)}</label>
                    <input id="training-code" data-testid="training-code" aria-describedby="training-code-error"
                        prop:value=move || code_typed.get() on:input=move |ev| code_typed.set(event_target_value(&ev)) />
                    <FieldError id="training-code-error".into() message=code_error.into() />
                </div>
                <button type="button" data-testid="training-join" on:click=join>{t(Key::TrJoin)}</button>" "
                <button type="button" data-testid="training-new" on:click=move |_| {
                    let class = new_class();
                    change(&|p| { p.class = class.clone(); p.case = None; });
                }>{t(Key::TrNewExercises)}</button>
                <p data-testid="training-score">{score}</p>
                <button type="button" data-testid="training-download" disabled=move || set.with(|s| s.class.is_none()) on:click=download_results>
                    {t(Key::TrDownloadResults)}
                </button>
            </Show>
        </section>
        <nav aria-label=t(Key::TrLessons)>
            <ul class="lesson-list">{lesson_buttons}</ul>
        </nav>
        {shown}
        <Trainer stored=stored />
    }
}

fn lesson_title(n: u8) -> &'static str {
    t(match n {
        1 => Key::TrL1Title,
        2 => Key::TrL2Title,
        3 => Key::TrL3Title,
        4 => Key::TrL4Title,
        5 => Key::TrL5Title,
        _ => Key::TrL6Title,
    })
}

fn lesson_body(n: u8) -> Key {
    match n {
        1 => Key::TrL1Body,
        2 => Key::TrL2Body,
        3 => Key::TrL3Body,
        4 => Key::TrL4Body,
        5 => Key::TrL5Body,
        _ => Key::TrL6Body,
    }
}

/// One exercise: the question and the situation, written from its data; the answer field of its
/// kind; Check, and the engine's grade with its breakdown and the mistake it names.
#[component]
fn ExerciseCard(exercise: Exercise, key: String, stored: RwSignal<Stored>) -> impl IntoView {
    let solution = exercise.solve().ok();
    let saved = {
        let key = key.clone();
        Memo::new(move |_| {
            stored.with(|s| {
                s.learners.get(&s.learner).and_then(|p| p.answers.get(&key)).cloned().unwrap_or_default()
            })
        })
    };
    let write = {
        let key = key.clone();
        move |typed: String, given: Option<Value>| {
            stored.update(|s| {
                let learner = s.learner.clone();
                let entry = s.learners.entry(learner).or_default().answers.entry(key.clone()).or_default();
                entry.typed = typed;
                if given.is_some() {
                    entry.given = given;
                }
            })
        }
    };
    let typed = RwSignal::new(saved.get_untracked().typed);
    let error = RwSignal::new(None::<String>);
    let id = exercise.id.clone();
    let field_id = format!("answer-{id}");
    let kind = exercise.ask.kind();
    let currency = match solution.as_ref().map(|s| &s.answer) {
        Some(Answer::Amount { currency, .. }) => currency.code().to_string(),
        _ => "USD".to_string(),
    };
    let label = match kind {
        Kind::Amount => fill(Key::TrYourAnswerIn, &[("currency", &currency)]),
        _ => t(Key::TrYourAnswer).to_string(),
    };

    let check = {
        let exercise = exercise.clone();
        let write = write.clone();
        let label = label.clone();
        let currency = currency.clone();
        move |_| {
            let text = typed.get_untracked();
            let given = match exercise.ask.kind() {
                Kind::Amount => written_answer(&text, i18n::number_writing(), &currency)
                    .map(Given::Amount)
                    .map_err(|e| i18n::value_error(&e)),
                Kind::Date => parse_date_field(text.trim()).map(|d| Given::Date(Some(d.get()))),
                Kind::Choice => {
                    let codes: Vec<String> =
                        text.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect();
                    if codes.is_empty() {
                        Err(t(Key::TrPickOne).to_string())
                    } else {
                        Ok(Given::Codes(codes))
                    }
                }
            };
            match given {
                Ok(given) => {
                    error.set(None);
                    write(text, Some(given_json(&given)));
                }
                Err(why) => {
                    // What was typed stays, in the field and in storage; the last checked answer too.
                    error.set(Some(fill(Key::TrFieldError, &[("field", &label), ("error", &why)])));
                    write(text, None);
                }
            }
        }
    };

    let field = match kind {
        Kind::Amount | Kind::Date => {
            let input_type = if kind == Kind::Date { "date" } else { "text" };
            let inputmode = if kind == Kind::Date { "none" } else { "decimal" };
            let error_id = format!("{field_id}-error");
            view! {
                <div class="field">
                    <label for=field_id.clone()>{label.clone()}</label>
                    <input id=field_id.clone() type=input_type inputmode=inputmode data-testid="answer" aria-describedby=error_id.clone()
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <FieldError id=error_id message=error.into() />
                </div>
            }
            .into_any()
        }
        Kind::Choice => {
            let many = exercise.ask == Ask::Roles;
            let options = exercise
                .options()
                .into_iter()
                .map(|code| {
                    let checked = move || typed.with(|t| t.split(',').any(|c| c == code));
                    let name = format!("choice-{id}");
                    view! {
                        <label class="choice">
                            <input type=if many { "checkbox" } else { "radio" } name=name value=code data-testid=format!("option-{code}")
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    typed.update(|t| {
                                        let mut codes: Vec<String> = if many {
                                            t.split(',').filter(|c| !c.is_empty() && *c != code).map(str::to_string).collect()
                                        } else {
                                            Vec::new()
                                        };
                                        if on {
                                            codes.push(code.to_string());
                                        }
                                        *t = codes.join(",");
                                    });
                                } />
                            " "{option_label(code)}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="choices">
                    <legend>{label.clone()}</legend>
                    {options}
                    <FieldError id=format!("{field_id}-error") message=error.into() />
                </fieldset>
            }
            .into_any()
        }
    };

    let feedback = {
        let exercise = exercise.clone();
        move || {
            let given = saved.with(|s| s.given.clone())?;
            let solution = solution.clone()?;
            let given = read_given(&exercise, &given)?;
            Some(feedback(&exercise, &solution, &given))
        }
    };

    view! {
        <article class="exercise card" data-testid="exercise" data-exercise=exercise.id.clone()>
            <h4>{fill(Key::TrExercise, &[("id", &exercise.id)])}</h4>
            <p class="question" data-testid="question">{question(&exercise)}</p>
            {situation(&exercise)}
            {field}
            <button type="button" data-testid="check" on:click=check>{t(Key::TrCheck)}</button>
            <div aria-live="polite">{feedback}</div>
        </article>
    }
}

/// The engine's grade of an answer: right or not, the engine's answer and how it is made, and the
/// mistake the number is, if it is a known one.
fn feedback(exercise: &Exercise, solution: &Solution, given: &Given) -> AnyView {
    let graded = grade(exercise, solution, given);
    let verdict = if graded.right { t(Key::TrRight) } else { t(Key::TrWrong) };
    let expected = fill(Key::TrExpected, &[("answer", &answer_text(&solution.answer, exercise))]);
    let mistake = graded.mistake.map(|m| {
        view! { <p class="mistake" data-testid="mistake" data-mistake=m.code()>{fill(Key::TrMistake, &[("mistake", &mistake_text(m))])}</p> }
    });
    view! {
        <div class=if graded.right { "feedback right" } else { "feedback wrong" } data-testid="feedback" data-right=graded.right.to_string()>
            <p><strong data-testid="verdict">{verdict}</strong>" "<span data-testid="expected">{expected}</span></p>
            {mistake}
            {explanation(solution, false)}
        </div>
    }
    .into_any()
}

/// Why the engine's answer is what it is: its refusals in words, and the quote's breakdown
/// (folded under "How the answer is made" unless `open`).
fn explanation(solution: &Solution, open: bool) -> impl IntoView {
    let (breakdown, refusals) = match &solution.quoted {
        Some(Quoted::Refund(q)) => {
            (Some(q.breakdown.clone()), q.errors.iter().map(i18n::refund_error).collect())
        }
        Some(Quoted::Exchange(q)) => {
            (Some(q.breakdown.clone()), q.errors.iter().map(i18n::exchange_error).collect())
        }
        None => (None, Vec::<String>::new()),
    };
    view! {
        {refusals.into_iter().map(|r| view! { <p class="muted">{r}</p> }).collect_view()}
        {breakdown.map(|b| view! {
            <details open=open>
                <summary>{t(Key::TrHowMade)}</summary>
                <BreakdownTable breakdown=b testid="exercise-breakdown" />
            </details>
        })}
    }
}

/// A lesson's worked example: the engine's first exercise of the lesson for seed 0, its answer and
/// how it is made, computed live like every exercise.
fn worked_example(lesson: u8) -> Option<AnyView> {
    let e = exercises(0, &[lesson], 1).into_iter().next()?;
    let solution = e.solve().ok()?;
    // One click opens the situation as a workspace of its own; the partner's stays stored.
    let scratch = e.request.is_some().then(|| {
        let e = e.clone();
        view! {
            <button data-testid="worked-open" on:click=move |_| {
                let app = expect_context::<AppState>();
                let id = Name::parse(WORKED_EXAMPLE_CUSTOMER).expect("a name");
                let Ok(name) = Name::parse(t(Key::ScratchCustomerName)) else { return };
                let opened = worked_example_scenario(&e, &id, &name)
                    .and_then(|(scenario, today)| Session::restore(scenario, today, Actor::admin_agent()).ok());
                if let Some(session) = opened {
                    app.open_scratch(session, Route::Customer(WORKED_EXAMPLE_CUSTOMER.into()));
                }
            }>
                {t(Key::TrOpenWorked)}
            </button>
        }
    });
    Some(
        view! {
            <div class="worked" data-testid="worked-example">
                <h3>{t(Key::TrWorkedExample)}</h3>
                <p class="question">{question(&e)}</p>
                {situation(&e)}
                <p data-testid="worked-answer">{fill(Key::TrExpected, &[("answer", &answer_text(&solution.answer, &e))])}</p>
                {explanation(&solution, true)}
                {scratch}
            </div>
        }
        .into_any(),
    )
}

/// The ID of the worked example's customer in its scratch workspace.
const WORKED_EXAMPLE_CUSTOMER: &str = "example";

fn answer_text(answer: &Answer, exercise: &Exercise) -> String {
    match answer {
        Answer::Amount { currency, amount } => i18n::price(*currency, *amount),
        Answer::Date(Some(d)) => i18n::date(*d),
        Answer::Date(None) => t(Key::TrNoDay).into(),
        Answer::Codes(codes) if codes.is_empty() && exercise.ask != Ask::Roles => option_label(ALLOWED),
        Answer::Codes(codes) => codes.iter().map(|c| option_label(c)).collect::<Vec<_>>().join(", "),
    }
}

fn mistake_text(m: Mistake) -> &'static str {
    t(match m {
        Mistake::TermOf365Days => Key::TrMkTerm365,
        Mistake::OldFee => Key::TrMkOldFee,
        Mistake::PurchasePriceNotLower => Key::TrMkPurchasePrice,
        Mistake::RemainingCommitmentForgotten => Key::TrMkRemainingForgotten,
        Mistake::ReturnDayNotCounted => Key::TrMkReturnDay,
    })
}

/// A choice's words: a policy error's, "allowed", a role's, or the customer's own user.
fn option_label(code: &str) -> String {
    if let Some(role) = Role::ALL.into_iter().find(|r| r.code() == code) {
        return i18n::role(role).into();
    }
    t(match code {
        ALLOWED => Key::TrOptAllowed,
        CUSTOMER_USER => Key::TrCustomerUser,
        "RefundLimitExceeded" => Key::TrOptLimit,
        "SelfServiceRefundNotSupported" => Key::TrOptNotRefundable,
        "ReservationNotActive" => Key::TrOptNotActive,
        "ExchangeFamilyMismatch" => Key::TrOptFamily,
        "ExchangeValueTooLow" => Key::TrOptValue,
        "ExchangeNotAllowedAfterCutoff" => Key::TrOptCutoff,
        "FinalExchangeAlreadyUsed" => Key::TrOptFinalUsed,
        "SelfServiceExchangeNotSupported" => Key::TrOptNotExchangeable,
        _ => Key::Unknown,
    })
    .into()
}

fn question(e: &Exercise) -> String {
    match e.ask {
        Ask::Roles => {
            fill(Key::TrQRoles, &[("action", &i18n::action_name(e.action.unwrap_or(ActionKind::Cancel)))])
        }
        ask => t(match ask {
            Ask::TotalPaid => Key::TrQTotalPaid,
            Ask::RemainingCommitment => Key::TrQRemaining,
            Ask::Refund => Key::TrQRefund,
            Ask::CanceledCommitment => Key::TrQCanceled,
            Ask::ConsumedTotal => Key::TrQConsumed,
            Ask::EarliestFit => Key::TrQEarliest,
            Ask::PolicyErrors if e.is_refund() => Key::TrQRefundAllowed,
            Ask::PolicyErrors => Key::TrQExchangeAllowed,
            _ => Key::TrQNetPayable,
        })
        .to_string(),
    }
}

/// The situation, from the request as the quote's reader reads it: the day, the policy, each
/// reservation, the refunds counted before, and what is returned or bought.
fn situation(e: &Exercise) -> Option<AnyView> {
    let request: QuoteRequest = e.parsed_request()?.ok()?;
    // Written as HTML (only words, see `pages::reservation`): a label and its value a row.
    let row = |label: &'static str, value: String| (label, value);
    let mut rows = vec![
        row(t(Key::Today), i18n::date(request.today)),
        row(t(Key::Policy), i18n::policy_name(&request.policy).to_string()),
    ];
    for r in &request.reservations {
        let mut facts = vec![
            format!("{} · {}", i18n::family(r.family.name()), r.sku),
            format!("{} · {}", i18n::term(r.term), i18n::plan(r.billing_plan)),
            i18n::labelled(t(Key::PurchaseDate), &i18n::date(r.purchase_date)),
            i18n::labelled(t(Key::Quantity), &i18n::count(u64::from(r.quantity))),
            i18n::labelled(t(Key::UnitPrice), &i18n::price(r.currency, r.unit_price)),
        ];
        if let Some(current) = r.current_unit_price {
            facts.push(i18n::labelled(t(Key::CurrentUnitPrice), &i18n::price(r.currency, current)));
        }
        facts.push(i18n::labelled(t(Key::Used), &t(if r.used { Key::Yes } else { Key::No })));
        if r.origin != reservoir::domain::reservation::Origin::Purchase {
            facts.push(i18n::origin(r.origin).to_string());
        }
        rows.push(row(t(Key::Reservation), facts.join(" · ")));
    }
    for entry in request.ledger.entries() {
        rows.push(row(
            t(Key::TrCountedBefore),
            fill(
                Key::TrCountedOn,
                &[
                    ("amount", &i18n::price(reservoir::domain::money::Currency::USD, entry.usd)),
                    ("date", &i18n::date(entry.date)),
                ],
            ),
        ));
    }
    match &request.action {
        Action::Refund { quantity, .. } => {
            rows.push(row(t(Key::TrUnitsToCancel), i18n::count(u64::from(*quantity))))
        }
        Action::Exchange { returns, purchases, .. } => {
            for (_, q) in returns {
                rows.push(row(t(Key::TrUnitsToReturn), i18n::count(u64::from(*q))));
            }
            for p in purchases {
                rows.push(row(t(Key::TrBuys), purchase_text(p)));
            }
        }
        Action::Plan { .. } => {}
    }
    let rows =
        html! { tbody { @for (label, value) in rows { tr { th scope="row" { (label) } td { (value) } } } } };
    Some(
        view! { <table class="situation" data-testid="situation" inner_html=rows.into_string()></table> }
            .into_any(),
    )
}

fn purchase_text(p: &Purchase) -> String {
    [
        i18n::family(p.family.name()),
        format!("{} · {}", i18n::term(p.term), i18n::plan(p.billing_plan)),
        i18n::labelled(t(Key::Quantity), &i18n::count(u64::from(p.quantity.get()))),
        i18n::labelled(t(Key::UnitPrice), &i18n::price(p.currency, p.unit_price.get())),
    ]
    .join(" · ")
}

/// The trainer's side: a case file opened as the exercises, and the class's results files read,
/// each answer graded again by the engine.
#[component]
fn Trainer(stored: RwSignal<Stored>) -> impl IntoView {
    let case_error = RwSignal::new(None::<String>);
    let results = RwSignal::new(Vec::<Results>::new());
    let refused = RwSignal::new(Vec::<String>::new());

    let on_case = move |ev: leptos::ev::Event| {
        let Some(file) = first_files(&ev).into_iter().next() else { return };
        leptos::task::spawn_local(async move {
            let (name, text) = read(file).await;
            match text.and_then(|text| CaseFile::read(&text).map(|_| text)) {
                Ok(text) => {
                    case_error.set(None);
                    stored.update(|s| {
                        let learner = s.learner.clone();
                        let p = s.learners.entry(learner).or_default();
                        p.case = Some(text.clone());
                        if p.lesson == 0 {
                            p.lesson = 1;
                        }
                    });
                }
                Err(e) => case_error.set(Some(file_error(&name, &e))),
            }
        });
    };
    let on_results = move |ev: leptos::ev::Event| {
        let files = first_files(&ev);
        leptos::task::spawn_local(async move {
            let mut read_ok = Vec::new();
            let mut errors = Vec::new();
            for file in files {
                let (name, text) = read(file).await;
                match text.and_then(|text| Results::read(&text)) {
                    Ok(r) => read_ok.push(r),
                    Err(e) => errors.push(file_error(&name, &e)),
                }
            }
            results.set(read_ok);
            refused.set(errors);
        });
    };

    let table = move || {
        let files = results.get();
        let class = files.first()?.class.clone();
        let set = exercises(class.seed, &class.lessons, usize::from(class.count));
        let rows = class_results(&class, &files)
            .into_iter()
            .zip(set)
            .map(|(r, e)| {
                let mistake = r
                    .common_mistake
                    .map(|(m, n)| format!("{} ({})", mistake_text(m), i18n::count(n as u64)))
                    .unwrap_or_else(|| "—".into());
                view! {
                    <tr data-testid="class-result" data-exercise=r.exercise.clone()>
                        <td>{r.exercise.clone()}</td>
                        <td>{fill(Key::TrLesson, &[("n", &e.lesson)])}</td>
                        <td>{question(&e)}</td>
                        <td class="num" data-testid="class-right">{fill(Key::TrRightOf, &[("right", &i18n::count(r.right as u64)), ("answered", &i18n::count(r.answered as u64))])}</td>
                        <td data-testid="class-mistake">{mistake}</td>
                    </tr>
                }
            })
            .collect_view();
        let others = files.iter().filter(|f| f.class != class).count();
        Some(view! {
            <p data-testid="class-summary">{fill(Key::TrClassSummary, &[("code", &class.write()), ("files", &i18n::count((files.len() - others) as u64))])}</p>
            {(others > 0).then(|| view! { <p class="muted">{fill(Key::TrOtherClass, &[("files", &i18n::count(others as u64))])}</p> })}
            <table class="grid compact" data-testid="class-results">
                <thead><tr>
                    <th scope="col">{t(Key::TrColExercise)}</th><th scope="col">{t(Key::TrColLesson)}</th>
                    <th scope="col">{t(Key::TrColQuestion)}</th><th scope="col">{t(Key::TrColRight)}</th>
                    <th scope="col">{t(Key::TrColMistake)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })
    };

    view! {
        <section class="card" aria-labelledby="trainer-title">
            <h2 id="trainer-title">{t(Key::TrTrainer)}</h2>
            <div class="field">
                <label for="training-case-file">{t(Key::TrCaseFile)}</label>
                <input id="training-case-file" type="file" accept=".json,application/json" data-testid="training-case-file"
                    aria-describedby="training-case-error" on:change=on_case />
                <FieldError id="training-case-error".into() message=case_error.into() />
            </div>
            <div class="field">
                <label for="training-results-files">{t(Key::TrImportResults)}</label>
                <input id="training-results-files" type="file" multiple accept=".json,application/json" data-testid="training-results-files" on:change=on_results />
            </div>
            {move || refused.get().into_iter().map(|e| view! { <p class="field-error" role="alert" data-testid="results-refused">{e}</p> }).collect_view()}
            {table}
        </section>
    }
}

fn first_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(list) =
        ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files())
    else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file's name and text; one over the training files' size is refused before it is read.
async fn read(file: web_sys::File) -> (String, Result<String, FileError>) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        return (name, Err(FileError { path: "file".into(), problem: FileProblem::TooBig }));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
    (name, text.ok_or(FileError { path: "file".into(), problem: FileProblem::NotJson }))
}

/// A refused training file, naming the file and the field.
fn file_error(name: &str, e: &FileError) -> String {
    let problem = match &e.problem {
        FileProblem::TooBig => {
            fill(Key::TrFpTooBig, &[("max", &i18n::count((MAX_FILE_BYTES / 1_048_576) as u64))])
        }
        FileProblem::NotJson => t(Key::TrFpNotJson).into(),
        FileProblem::WrongFormat { expected, found } => fill(
            Key::TrFpWrongFormat,
            &[
                ("expected", expected),
                ("found", &found.clone().map(|f| i18n::quoted(&f)).unwrap_or_else(|| "—".into())),
            ],
        ),
        FileProblem::Missing => t(Key::IeMissing).into(),
        FileProblem::WrongShape { expected } => fill(
            Key::TrFpExpected,
            &[(
                "shape",
                &t(match expected {
                    Shape::Object => Key::XObject,
                    Shape::List | Shape::Codes => Key::XList,
                    Shape::Date => Key::XDate,
                    Shape::Amount => Key::TrShapeAmount,
                    Shape::Name | Shape::Text => Key::XText,
                }),
            )],
        ),
        FileProblem::ClassCode { .. } => t(Key::TrFpClassCode).into(),
        FileProblem::UnknownExercise { found } => fill(Key::TrFpUnknownExercise, &[("found", found)]),
        FileProblem::AnsweredTwice { exercise } => fill(Key::TrFpAnsweredTwice, &[("exercise", exercise)]),
        FileProblem::Lesson => t(Key::TrFpLesson).into(),
        FileProblem::UnknownAsk { found } => fill(Key::TrFpUnknownAsk, &[("found", found)]),
        FileProblem::AskDoesNotFit { ask } => fill(Key::TrFpAskDoesNotFit, &[("ask", &ask.code())]),
        FileProblem::TooManyCases => t(Key::TrFpTooManyCases).into(),
        FileProblem::Request { error } => i18n::input_error(error),
    };
    fill(Key::TrFileRefused, &[("file", &name), ("field", &e.path), ("problem", &problem)])
}
