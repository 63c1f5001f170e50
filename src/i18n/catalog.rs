//! How a language's words are declared. English declares the keys (`strings!` in `en.rs`); every
//! other language gives a word for each (`words!`). Each key is an associated constant of the
//! trait [`Words`] without a default, so a language that lacks some is a compile error naming
//! every one it lacks (E0046 lists them all), and a word for a key that does not exist is one too.
//!
//! A word may have blanks, `{name}`, that [`super::fill`] fills with values the app wrote as the
//! language writes them; `tests/translations.rs` checks that every language has the same blanks as
//! English, key by key.
//!
//! This file and the three tables use nothing but `core`, so that native test can read them.

/// Declares the keys with their English words: the enum [`Key`], the trait [`Words`] and English.
macro_rules! strings {
    ($($key:ident => $en:expr,)*) => {
        /// A string of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        /// A language: a word for every key.
        #[allow(non_upper_case_globals)]
        pub trait Words { $(const $key: &'static str;)* }

        /// English, the language the keys are declared in.
        pub struct English;

        #[allow(non_upper_case_globals)]
        impl Words for English { $(const $key: &'static str = $en;)* }

        impl Key {
            /// Every key, in declaration order.
            #[allow(dead_code)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// This key's word in the language `L`.
            pub fn word<L: Words>(self) -> &'static str {
                match self { $(Key::$key => L::$key,)* }
            }
        }
    };
}

/// Declares a language other than English: a word for each key (see [`Words`]).
macro_rules! words {
    ($language:ident { $($key:ident => $word:expr,)* }) => {
        #[allow(non_upper_case_globals)]
        impl super::en::Words for $language { $(const $key: &'static str = $word;)* }
    };
}
