//! A big session's body, packed to fit browser storage: DEFLATE (RFC 1951, by `miniz_oxide`), then
//! standard base64 (RFC 4648, by `base64`), so that the packed text is plain ASCII inside the JSON
//! envelope.
//!
//! Why: localStorage holds 5,242,880 UTF-16 characters per site (measured in Chromium), and a
//! workspace of 20,000 reservations writes about 8.6 million characters of JSON. Packed, the same
//! session takes about a quarter of that (the figures are in ARCHITECTURE.md). Level 1 is chosen
//! over the better ratio of level 6 because a save packs the whole session on every change: level
//! 6 took five times as long for a fifth less text.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::domain::limits::MAX_INPUT_BYTES;

/// The DEFLATE level: fast, see the module's header.
const LEVEL: u8 = 1;

/// Why packed text could not be unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackFault {
    /// Not base64 text.
    NotBase64,
    /// Base64, but not DEFLATE data (cut short, or altered).
    NotDeflate,
    /// It unpacks to more than any input may be ([`MAX_INPUT_BYTES`]).
    TooBig,
    /// It unpacks to bytes that are not UTF-8 text.
    NotText,
}

/// `text`, packed.
pub fn pack(text: &str) -> String {
    STANDARD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), LEVEL))
}

/// The text `packed` was made from.
pub fn unpack(packed: &str) -> Result<String, PackFault> {
    let bytes = STANDARD.decode(packed).map_err(|_| PackFault::NotBase64)?;
    let text =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INPUT_BYTES).map_err(|error| {
            match error.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PackFault::TooBig,
                _ => PackFault::NotDeflate,
            }
        })?;
    String::from_utf8(text).map_err(|_| PackFault::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_packed_unpacks_to_itself() {
        for text in ["", "a", "{\"commands\":[]}", &"réservation 🚀 ".repeat(10_000)] {
            assert_eq!(unpack(&pack(text)).as_deref(), Ok(text));
        }
    }

    #[test]
    fn damaged_packs_are_named() {
        let good = pack(&"{\"a\": 1}".repeat(100));
        assert_eq!(unpack("not base64!"), Err(PackFault::NotBase64));
        assert_eq!(unpack(&good[..good.len() / 2 / 4 * 4]), Err(PackFault::NotDeflate));
        assert_eq!(unpack(&STANDARD.encode(b"\x00\x01\x02 plain bytes")), Err(PackFault::NotDeflate));
        let not_text = STANDARD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 1));
        assert_eq!(unpack(&not_text), Err(PackFault::NotText));
        let huge =
            STANDARD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_INPUT_BYTES + 1], 1));
        assert_eq!(unpack(&huge), Err(PackFault::TooBig));
    }
}
