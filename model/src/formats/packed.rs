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
    /// It unpacks, but to bytes that do not follow the compact body's layout (`compact.rs`):
    /// altered after it was written.
    NotABody,
}

/// `text`, packed.
pub fn pack(text: &str) -> String {
    pack_bytes(text.as_bytes())
}

/// Packs bytes (version 5's compact body, `compact.rs`).
pub fn pack_bytes(bytes: &[u8]) -> String {
    STANDARD.encode(miniz_oxide::deflate::compress_to_vec(bytes, LEVEL))
}

/// The text `packed` was made from.
pub fn unpack(packed: &str) -> Result<String, PackFault> {
    String::from_utf8(unpack_bytes(packed)?).map_err(|_| PackFault::NotText)
}

/// Unpacks what [`pack_bytes`] packed.
pub fn unpack_bytes(packed: &str) -> Result<Vec<u8>, PackFault> {
    let bytes = STANDARD.decode(packed).map_err(|_| PackFault::NotBase64)?;
    inflate(&bytes)
}

/// What a stored session's body packs down to, about: a first guess at the unpacked size. A
/// compact body (version 5, `formats/compact.rs`) packs about 3 to 1, a JSON body (version 4)
/// about 6 to 1, and is read once before it is written again as version 5.
const RATIO_GUESS: usize = 4;

/// DEFLATE data unpacked, into at most [`MAX_INPUT_BYTES`]. By hand around miniz_oxide's core
/// rather than its `decompress_to_vec_with_limit`, which starts from twice the packed size and
/// doubles, zeroing and copying 9 MB of a big book several times: in the browser that growing
/// took as long as the unpacking. The first guess is enough for a compact body; zeroing a guess
/// twice too big cost a big book 4 MB of zeroes at every opening.
fn inflate(mut input: &[u8]) -> Result<Vec<u8>, PackFault> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0; input.len().saturating_mul(RATIO_GUESS).clamp(1024, MAX_INPUT_BYTES)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut at = 0;
    loop {
        let (status, read, written) = decompress(&mut state, input, &mut out, at, flags);
        at += written;
        match status {
            TINFLStatus::Done => {
                out.truncate(at);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput if out.len() >= MAX_INPUT_BYTES => return Err(PackFault::TooBig),
            TINFLStatus::HasMoreOutput => {
                input = input.get(read..).ok_or(PackFault::NotDeflate)?;
                let grown = out.len().saturating_mul(2).min(MAX_INPUT_BYTES);
                out.resize(grown, 0);
            }
            _ => return Err(PackFault::NotDeflate),
        }
    }
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
