//! Which kind of Azure export a file is, from its content alone (never its name): JSON whose
//! resources are reservations, reservation orders or reservation transactions, or CSV whose
//! header is a transactions export's or the price sheet's. Anything else is refused, named.

use crate::formats::json::Value;

use crate::formats::azure::paths::properties;

/// The kinds of file an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Reservations: `GET …/reservations` (`{value, nextLink}`), or the bare list `az reservations
    /// list` prints.
    Reservations,
    /// Reservation orders: a list (`GET …/reservationOrders`), or one order (`…/reservationOrders/
    /// {id}?$expand=schedule`, `az reservations reservation-order show`).
    Orders,
    /// Reservation transactions from the Consumption API (JSON).
    TransactionsJson,
    /// Cost Management's reservation-transactions CSV, Microsoft Customer Agreement columns.
    TransactionsMcaCsv,
    /// Cost Management's reservation-transactions CSV, Enterprise Agreement columns.
    TransactionsEaCsv,
    /// A reservation-transactions CSV with the columns both agreements share.
    TransactionsCsv,
    /// The partner's price sheet: `sku,region,term,billing_plan,currency,unit_price`.
    PriceSheet,
    /// A list with nothing in it (an empty page): read, and nothing in it.
    Empty,
}

impl FileKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [FileKind; 8] = [
        FileKind::Reservations,
        FileKind::Orders,
        FileKind::TransactionsJson,
        FileKind::TransactionsMcaCsv,
        FileKind::TransactionsEaCsv,
        FileKind::TransactionsCsv,
        FileKind::PriceSheet,
        FileKind::Empty,
    ];
}

/// The columns of the price sheet, in the order its header writes them.
pub const PRICE_SHEET_COLUMNS: [&str; 6] =
    ["sku", "region", "term", "billing_plan", "currency", "unit_price"];

/// The columns every reservation-transactions CSV has that an import reads (compared without
/// regard to case: exports write `EventType`, some tools `eventType`).
pub const TRANSACTION_COLUMNS: [&str; 6] =
    ["eventdate", "eventtype", "amount", "currency", "quantity", "reservationorderid"];

/// How a file's text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON: it starts with `{` or `[`.
    Json,
    /// Anything else is read as CSV.
    Csv,
}

/// How the text is written, from its first character (after a byte-order mark and spaces).
pub fn syntax(text: &str) -> Syntax {
    match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
        Some('{' | '[') => Syntax::Json,
        _ => Syntax::Csv,
    }
}

/// The resources of a JSON file, each with its path: `value[i]` of a REST page, `[i]` of a bare
/// list, or the whole file (empty path) for one resource.
pub fn resources<'v>(root: &'v Value<'v>) -> Vec<(&'v Value<'v>, String)> {
    match root {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (v, format!("[{i}]"))).collect(),
        Value::Object(map) => match map.get("value") {
            Some(Value::Array(items)) => {
                items.iter().enumerate().map(|(i, v)| (v, format!("value[{i}]"))).collect()
            }
            _ => vec![(root, String::new())],
        },
        _ => Vec::new(),
    }
}

/// The kind of a JSON file, from its first resource; `None` when it is none Reservoir reads.
pub fn json_kind(root: &Value) -> Option<FileKind> {
    let items = resources(root);
    let Some((first, _)) = items.first() else {
        return matches!(root, Value::Array(_))
            .then_some(FileKind::Empty)
            .or_else(|| matches!(root.get("value"), Some(Value::Array(_))).then_some(FileKind::Empty));
    };
    resource_kind(first)
}

/// What one resource is: by its `type` when it has one, else by the fields only that kind has.
fn resource_kind(item: &Value) -> Option<FileKind> {
    if !item.is_object() {
        return None;
    }
    if let Some(kind) = item.get("type").and_then(Value::as_str) {
        let kind = kind.to_ascii_lowercase();
        if kind.contains("/revisions") {
            // A reservation's history: old versions of one reservation, not a book.
            return None;
        }
        if kind.ends_with("reservationorders/reservations") {
            return Some(FileKind::Reservations);
        }
        if kind.ends_with("/reservationorders") {
            return Some(FileKind::Orders);
        }
        if kind.contains("reservationtransactions") {
            return Some(FileKind::TransactionsJson);
        }
    }
    let props = properties(item);
    let has = |key: &str| props.get(key).is_some();
    if has("reservedResourceType") && has("quantity") {
        Some(FileKind::Reservations)
    } else if has("originalQuantity") || has("planInformation") {
        Some(FileKind::Orders)
    } else if has("eventType") && has("reservationOrderId") {
        Some(FileKind::TransactionsJson)
    } else {
        None
    }
}

/// The kind of a CSV file from its header's column names (trimmed); `None` when it is none
/// Reservoir reads.
pub fn csv_kind(header: &[String]) -> Option<FileKind> {
    let lower: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let has = |name: &str| lower.iter().any(|h| h == name);
    if lower.len() == PRICE_SHEET_COLUMNS.len() && PRICE_SHEET_COLUMNS.iter().all(|c| has(c)) {
        Some(FileKind::PriceSheet)
    } else if TRANSACTION_COLUMNS.iter().all(|c| has(c)) {
        Some(if has("accountname") || has("purchasingenrollment") {
            FileKind::TransactionsEaCsv
        } else if has("billingprofileid") {
            FileKind::TransactionsMcaCsv
        } else {
            FileKind::TransactionsCsv
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_resource_is_known_by_its_type_or_by_its_fields() {
        let kind = |v: serde_json::Value| json_kind(&crate::formats::json::parse(&v.to_string()).unwrap());
        assert_eq!(
            kind(json!({"value": [{"type": "microsoft.capacity/reservationOrders/reservations"}]})),
            Some(FileKind::Reservations)
        );
        assert_eq!(kind(json!([{"type": "Microsoft.Capacity/reservationOrders"}])), Some(FileKind::Orders));
        assert_eq!(kind(json!({"type": "microsoft.capacity/reservationOrders"})), Some(FileKind::Orders));
        assert_eq!(
            kind(json!({"value": [{"type": "Microsoft.Consumption/modernReservationTransactions"}]})),
            Some(FileKind::TransactionsJson)
        );
        assert_eq!(
            kind(json!([{"properties": {"reservedResourceType": "VirtualMachines", "quantity": 1}}])),
            Some(FileKind::Reservations)
        );
        assert_eq!(
            kind(json!([{"reservedResourceType": "VirtualMachines", "quantity": 1}])),
            Some(FileKind::Reservations)
        );
        assert_eq!(
            kind(json!({"value": [{"type": "Microsoft.Capacity/reservationOrders/reservations/revisions"}]})),
            None
        );
        assert_eq!(kind(json!({"value": []})), Some(FileKind::Empty));
        assert_eq!(kind(json!([])), Some(FileKind::Empty));
        assert_eq!(kind(json!({"format": "reservoir.scenario/2"})), None);
        assert_eq!(kind(json!([1, 2])), None);
        assert_eq!(kind(json!(5)), None);
    }

    #[test]
    fn a_csv_is_known_by_its_header() {
        let kind = |h: &str| csv_kind(&h.split(',').map(String::from).collect::<Vec<_>>());
        assert_eq!(kind("sku,region,term,billing_plan,currency,unit_price"), Some(FileKind::PriceSheet));
        assert_eq!(kind("unit_price,SKU,region,term,billing_plan,currency"), Some(FileKind::PriceSheet));
        assert_eq!(kind("sku,region,term,billing_plan,currency"), None);
        let mca = "Amount,ArmSkuName,BillingFrequency,BillingProfileId,BillingProfileName,Currency,Description,EventDate,EventType,Invoice,InvoiceId,InvoiceSectionId,InvoiceSectionName,PurchasingSubscriptionGuid,PurchasingSubscriptionName,Quantity,Region,ReservationOrderId,ReservationOrderName,Term";
        assert_eq!(kind(mca), Some(FileKind::TransactionsMcaCsv));
        let ea = "AccountName,AccountOwnerEmail,Amount,ArmSkuName,BillingFrequency,BillingMonth,CostCenter,Currency,CurrentEnrollmentId,DepartmentName,Description,EventDate,EventType,MonetaryCommitment,Overage,PurchasingSubscriptionGuid,PurchasingSubscriptionName,PurchasingEnrollment,Quantity,Region,ReservationOrderId,ReservationOrderName,Term";
        assert_eq!(kind(ea), Some(FileKind::TransactionsEaCsv));
        assert_eq!(
            kind("eventDate,eventType,amount,currency,quantity,reservationOrderId"),
            Some(FileKind::TransactionsCsv)
        );
        assert_eq!(kind("name,email"), None);
    }
}
