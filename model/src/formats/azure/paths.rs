//! Azure's identifiers and dates as the exports write them: the GUIDs inside resource IDs
//! (`/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{reservation}`, in any
//! letter case), the `properties` object of a resource (or the resource itself, when a tool prints
//! it flattened), and a day from a date-time (`2021-01-26T20:42:10.1294882Z`) or from the
//! month-first date the portal's CSV files write (`01/26/2021`).

use crate::formats::json::Value;

use crate::domain::values::Date;
use crate::formats::input::{Expected, Found, InputError, Problem};

/// The segment after `key` in a resource ID (`reservationOrders` → the order's GUID), compared
/// without regard to case.
pub fn segment_after<'t>(id: &'t str, key: &str) -> Option<&'t str> {
    let mut parts = id.split('/');
    while let Some(part) = parts.next() {
        if part.eq_ignore_ascii_case(key) {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

/// The last segment of a resource ID, or the text itself when it is a bare GUID.
pub fn last_segment(id: &str) -> &str {
    id.trim().trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The key IDs are matched by: lower case, since Azure writes the same GUID in either case.
pub fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

/// A resource's properties: its `properties` object, or the resource itself when it has none
/// (some tools print resources flattened).
pub fn properties<'v>(item: &'v Value<'v>) -> &'v Value<'v> {
    match item.get("properties") {
        Some(props @ Value::Object(_)) => props,
        _ => item,
    }
}

/// The day of a date or date-time text at `path`: `2021-01-26`, `2021-01-26T20:42:10Z`, or
/// `01/26/2021` (month first, as the portal's CSV files write it), through [`Date::parse`].
pub fn day(text: &str, path: &str) -> Result<Date, InputError> {
    let trimmed = text.trim();
    let date = match trimmed.find(['T', ' ']) {
        Some(at) => &trimmed[..at],
        None => trimmed,
    };
    let read = match slashed(date) {
        Some(iso) => Date::parse(&iso).or_else(|_| Date::parse(date)),
        None => Date::parse(date),
    };
    read.map_err(|error| InputError::new(path, Problem::Value(error)))
}

/// The day of a JSON value at `path` that should be a date or a date-time.
pub fn day_of(value: &Value, path: &str) -> Result<Date, InputError> {
    match value {
        Value::String(text) => day(text, path),
        other => Err(InputError::wrong_kind(path, Expected::Date, Found::of(other))),
    }
}

/// `MM/DD/YYYY` (with an optional time after a space) as `YYYY-MM-DD`.
fn slashed(text: &str) -> Option<String> {
    let date = text.split(' ').next()?;
    let mut parts = date.split('/');
    let (month, dayn, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(1..=2).contains(&month.len())
        || !(1..=2).contains(&dayn.len())
        || year.len() != 4
        || ![month, dayn, year].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(format!("{year}-{month:0>2}-{dayn:0>2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_give_their_guids_in_any_case() {
        let id = "/providers/microsoft.capacity/reservationOrders/C28AE6AB-3d60/reservations/9df353c5";
        assert_eq!(segment_after(id, "reservationorders"), Some("C28AE6AB-3d60"));
        assert_eq!(segment_after(id, "RESERVATIONS"), Some("9df353c5"));
        assert_eq!(segment_after(id, "revisions"), None);
        assert_eq!(last_segment(id), "9df353c5");
        assert_eq!(last_segment("a6d51912-d51c"), "a6d51912-d51c");
        assert_eq!(key(" AbC "), "abc");
    }

    #[test]
    fn a_day_is_read_from_a_date_a_date_time_or_the_portals_month_first_date() {
        let d = |t: &str| day(t, "x").map(|d| d.get().to_string());
        assert_eq!(d("2021-01-26"), Ok("2021-01-26".into()));
        assert_eq!(d("2021-01-26T20:42:10.1294882Z"), Ok("2021-01-26".into()));
        assert_eq!(d("01/26/2021"), Ok("2021-01-26".into()));
        assert_eq!(d("1/2/2021 12:00:00 AM"), Ok("2021-01-02".into()));
        assert!(d("2021-01-26garbage").is_err());
        assert!(d("26/01/2021").is_err());
        assert!(d("").is_err());
        assert!(d("2021-02-30").is_err());
        assert!(d("é").is_err());
        assert!(d("2021-01-2é").is_err());
    }
}
