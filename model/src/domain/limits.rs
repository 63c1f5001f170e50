//! A limit on everything: the bounds every outside input is checked against, in one place.
//!
//! They keep the arithmetic far from `Decimal`'s 28 digits (the largest product the engine forms is
//! price × quantity × payments × rate, well under 10^28 with these bounds), keep a tab's storage
//! small, and turn absurd input into a clear message instead of a slow page.

use rust_decimal::Decimal;

/// The largest unit price accepted, in the billing currency (a whole term's price for Upfront).
pub const MAX_UNIT_PRICE: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0); // 10^12

/// The largest quantity of units in one reservation.
pub const MAX_QUANTITY: u32 = 1_000_000;

/// The largest exchange rate (USD per unit of a billing currency) accepted.
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The largest single amount in a ledger entry or an override, in USD.
pub const MAX_LEDGER_AMOUNT_USD: Decimal = MAX_UNIT_PRICE;

/// Digits after the decimal point accepted in a price or a rate.
pub const MAX_DECIMAL_PLACES: u32 = 8;

/// The earliest and latest dates accepted anywhere (purchase dates, today, ledger entries).
pub const EARLIEST_YEAR: i32 = 2000;
/// See [`EARLIEST_YEAR`].
pub const LATEST_YEAR: i32 = 2100;

/// Reservations in one request or one workspace.
pub const MAX_RESERVATIONS: usize = 20_000;

/// Customers in one workspace.
pub const MAX_CUSTOMERS: usize = 1_000;

/// Entries in one customer's refund ledger.
pub const MAX_LEDGER_ENTRIES: usize = 20_000;

/// Entries in the activity log of one workspace.
pub const MAX_ACTIVITY_ENTRIES: usize = 100_000;

/// Commands in one scenario.
pub const MAX_COMMANDS: usize = 100_000;

/// Steps the app's undo history keeps (the oldest go first).
pub const MAX_UNDO: usize = 50;

/// Commands the undo history keeps across the whole scenarios it can bring back (a demo, a file
/// replaced by another): the history is stored with the session, so it must not crowd a browser's
/// storage. Steps go, oldest first, until what is left fits; a scenario larger than this alone
/// cannot be brought back, and the app says so before it is replaced.
pub const MAX_UNDO_COMMANDS: usize = 5_000;

/// Lines in one exchange (returns plus purchases).
pub const MAX_EXCHANGE_LINES: usize = 100;

/// Characters in a name or an identifier.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters in a note (why a ledger entry was recorded or corrected).
pub const MAX_NOTE_CHARS: usize = 1_000;

/// Bytes of one request, scenario or imported file.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// Reservations one import of Azure's exports reads, over all its files.
pub const MAX_IMPORT_RESERVATIONS: usize = MAX_RESERVATIONS;

/// Bytes of one file of an import of Azure's exports.
pub const MAX_IMPORT_FILE_BYTES: usize = MAX_INPUT_BYTES;

/// Nesting depth of JSON input (serde_json stops at 128 on its own; this documents it).
pub const MAX_JSON_DEPTH: usize = 128;

/// Percent values (fees) are between zero and this.
pub const MAX_PERCENT: Decimal = Decimal::ONE_HUNDRED;

/// Day counts in a policy (windows) are at most this.
pub const MAX_POLICY_DAYS: u32 = 3_660;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_say_what_their_comments_say() {
        assert_eq!(MAX_UNIT_PRICE, Decimal::from(1_000_000_000_000_u64));
        assert_eq!(MAX_RATE, Decimal::from(1_000_000));
        // price × quantity × 36 payments × rate stays inside Decimal's 28 digits.
        let largest = MAX_UNIT_PRICE * Decimal::from(MAX_QUANTITY) * Decimal::from(36) * MAX_RATE;
        assert!(largest < Decimal::from_parts(0, 0, 0x1000_0000, false, 0));
    }
}
