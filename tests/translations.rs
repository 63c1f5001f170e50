//! Every language has English's blanks, key by key: a word that lost `{date}` would show a
//! sentence without its date, and one with a blank English lacks would show the blank itself.
//! (A missing word is a compile error already: see `src/i18n/catalog.rs`.) The tables are plain
//! Rust with no web crate, so they are read here natively, as the app compiles them.

#[macro_use]
#[path = "../src/i18n/catalog.rs"]
mod catalog;
#[path = "../src/i18n/en.rs"]
mod en;
#[path = "../src/i18n/fr.rs"]
mod fr;
#[path = "../src/i18n/sv.rs"]
mod sv;

use std::collections::BTreeSet;

use en::{English, Key};

/// The blanks of a word: each `{name}`.
fn blanks(word: &str) -> BTreeSet<&str> {
    word.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

fn same_blanks_as_english(language: &str, word: fn(Key) -> &'static str) {
    let wrong: Vec<String> = Key::ALL
        .iter()
        .filter(|key| blanks(key.word::<English>()) != blanks(word(**key)))
        .map(|key| {
            format!(
                "{key:?}: English has {:?}, {language} has {:?}",
                blanks(key.word::<English>()),
                blanks(word(*key))
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{language} words whose blanks differ from English's:\n{}", wrong.join("\n"));
}

#[test]
fn french_words_have_the_blanks_of_english() {
    same_blanks_as_english("French", |k| k.word::<fr::French>());
}

#[test]
fn swedish_words_have_the_blanks_of_english() {
    same_blanks_as_english("Swedish", |k| k.word::<sv::Swedish>());
}

#[test]
fn no_word_is_empty_or_left_in_english_by_mistake() {
    // Words that are the same in English and the other language on purpose: names, codes and
    // words both languages share.
    const SAME: &[&str] = &[
        "Azure Global",
        "ID",
        "SKU",
        "Partner",
        "Region",
        "Status",
        "Reservation",
        "Parameter",
        "Policy",
        "Colon",
        "Quoted",
    ];
    for (language, word) in [
        ("French", (|k: Key| k.word::<fr::French>()) as fn(Key) -> &'static str),
        ("Swedish", |k| k.word::<sv::Swedish>()),
    ] {
        for key in Key::ALL {
            let (english, translated) = (key.word::<English>(), word(*key));
            assert!(!translated.trim().is_empty(), "{language} {key:?} is empty");
            let long = english.split_whitespace().count() > 3;
            assert!(
                !(long && english == translated) || SAME.contains(&english),
                "{language} {key:?} is still the English {english:?}"
            );
        }
    }
}

#[test]
fn a_blank_is_found_as_the_app_fills_it() {
    assert_eq!(
        blanks("Returned {units} of {reservation}: {refund}"),
        BTreeSet::from(["units", "reservation", "refund"])
    );
    assert!(blanks("no blank").is_empty());
}
