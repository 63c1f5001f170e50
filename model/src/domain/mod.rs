//! Layer 1: the rules and the arithmetic, with no notion of a workspace, a command or a file.

/// `Serialize` for an enum written as one word, from the one method that spells it: the same
/// method (with the enum's `ALL`) builds the readers' word tables in `formats::decode`, so each
/// variant's outside spelling is written once.
macro_rules! serialize_as_word {
    ($ty:ty, $spelling:ident) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$spelling())
            }
        }
    };
}

pub mod breakdown;
pub mod calendar;
pub mod exchange;
pub mod ledger;
pub mod limits;
pub mod money;
pub mod order;
pub mod partner;
pub mod policy;
pub mod quote;
pub mod refund;
pub mod reservation;
pub mod values;
