//! The class code: the lessons, the seed and the count in eight characters a trainer can read
//! aloud (`K7M2-9QXD`), so a whole class gets the same exercises with no network.
//!
//! 40 bits in Crockford's base 32 (digits and capitals without I, L, O, U; read back
//! case-insensitively, with O as 0 and I or L as 1, hyphens and spaces skipped): the lessons as six
//! bits, the count less one in five, the seed in 24, and a check character (the characters' sum
//! weighted by odd numbers, modulo 32), so a misheard character is always refused, not turned into
//! another class, and so are two swapped neighbours unless their values differ by exactly 16.

use serde::Serialize;

use crate::domain::order;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The largest seed a class code carries.
pub const MAX_SEED: u64 = (1 << 24) - 1;
/// The most exercises a class code asks for.
pub const MAX_COUNT: u8 = 32;

/// A class: which lessons, which seed, how many exercises.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClassCode {
    /// Lessons 1 to 6, ascending, at least one.
    pub lessons: Vec<u8>,
    /// The seed, at most [`MAX_SEED`].
    pub seed: u64,
    /// Exercises, 1 to [`MAX_COUNT`].
    pub count: u8,
}

/// Why a text is not a class code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ClassCodeError {
    /// Nothing was typed.
    Empty,
    /// Not eight characters (hyphens and spaces aside).
    Length {
        /// Characters found.
        found: usize,
    },
    /// A character that is no part of a code.
    Character {
        /// Its place, counted from 1 among the code's characters.
        at: usize,
        /// The character.
        found: char,
    },
    /// The check character does not match: a character was misread.
    Check,
    /// The code names no lesson.
    NoLesson,
}

impl ClassCode {
    /// A class, with the values brought into range (lessons 1 to 6, seed and count bounded).
    pub fn new(lessons: &[u8], seed: u64, count: u8) -> ClassCode {
        let mut lessons: Vec<u8> = lessons.iter().copied().filter(|l| (1..=6).contains(l)).collect();
        order::sort_by(&mut lessons, u8::cmp);
        lessons.dedup();
        if lessons.is_empty() {
            lessons = vec![1, 2, 3, 4, 5, 6];
        }
        ClassCode { lessons, seed: seed & MAX_SEED, count: count.clamp(1, MAX_COUNT) }
    }

    /// The code, as `XXXX-XXXX`.
    pub fn write(&self) -> String {
        let mask = self.lessons.iter().fold(0u64, |m, l| m | 1 << (l - 1));
        let bits = mask << 29 | u64::from(self.count - 1) << 24 | self.seed;
        let values: Vec<u8> = (0..7).rev().map(|i| ((bits >> (5 * i)) & 31) as u8).collect();
        let mut text = String::with_capacity(9);
        for (i, v) in values.iter().chain([&check(&values)]).enumerate() {
            if i == 4 {
                text.push('-');
            }
            text.push(ALPHABET[*v as usize] as char);
        }
        text
    }

    /// Reads a code as a person types or says it.
    pub fn parse(text: &str) -> Result<ClassCode, ClassCodeError> {
        let chars: Vec<char> = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if chars.is_empty() {
            return Err(ClassCodeError::Empty);
        }
        if chars.len() != 8 {
            return Err(ClassCodeError::Length { found: chars.len() });
        }
        let mut values = Vec::with_capacity(8);
        for (i, c) in chars.iter().enumerate() {
            let read = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            let value = ALPHABET.iter().position(|a| *a as char == read);
            match value {
                Some(v) if c.is_ascii() => values.push(v as u8),
                _ => return Err(ClassCodeError::Character { at: i + 1, found: *c }),
            }
        }
        if check(&values[..7]) != values[7] {
            return Err(ClassCodeError::Check);
        }
        let bits = values[..7].iter().fold(0u64, |b, v| b << 5 | u64::from(*v));
        let mask = (bits >> 29) & 63;
        if mask == 0 {
            return Err(ClassCodeError::NoLesson);
        }
        Ok(ClassCode {
            lessons: (1..=6).filter(|l| mask & 1 << (l - 1) != 0).collect(),
            seed: bits & MAX_SEED,
            count: ((bits >> 24) & 31) as u8 + 1,
        })
    }
}

/// The check value of seven values: their sum weighted 1, 3, 5, ... 13, modulo 32. Odd weights
/// have inverses modulo 32, so changing any one value always changes the check.
fn check(values: &[u8]) -> u8 {
    (values.iter().enumerate().map(|(i, v)| (2 * i as u32 + 1) * u32::from(*v)).sum::<u32>() % 32) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_as_its_class_and_a_misread_character_is_refused() {
        let class = ClassCode::new(&[2, 3], 123_456, 10);
        let code = class.write();
        assert_eq!(code.len(), 9);
        assert_eq!(ClassCode::parse(&code), Ok(class.clone()));
        assert_eq!(ClassCode::parse(&code.to_lowercase().replace('-', " ")), Ok(class));
        let mut wrong: Vec<char> = code.chars().collect();
        wrong[2] = if wrong[2] == 'A' { 'B' } else { 'A' };
        assert_eq!(ClassCode::parse(&wrong.iter().collect::<String>()), Err(ClassCodeError::Check));
        assert_eq!(ClassCode::parse("ABC"), Err(ClassCodeError::Length { found: 3 }));
        assert_eq!(ClassCode::parse("ABCD-EFU1"), Err(ClassCodeError::Character { at: 7, found: 'U' }));
        assert_eq!(ClassCode::parse(" - "), Err(ClassCodeError::Empty));
    }
}
