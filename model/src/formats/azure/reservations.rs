//! One reservation of a reservations list, as Azure writes it (`GET …/reservations`, `az
//! reservations list`): its IDs, state, SKU, region, family, quantity, term, plan, dates and scope.
//! Only a live one (`provisioningState` `Succeeded`) is read whole; any other is skipped with its
//! reason, so an untidy field of a cancelled reservation never stops an import.

use crate::formats::json::Value;

use crate::domain::calendar::Term;
use crate::domain::reservation::{BillingPlan, ProductFamily, Scope};
use crate::domain::values::{Date, Name, Quantity};
use crate::formats::azure::findings::{Place, SkipReason, Skipped, Warning, WarningKind};
use crate::formats::azure::paths::{day_of, key, last_segment, properties, segment_after};
use crate::formats::decode::{checked, name, text};
use crate::formats::input::{Expected, Found, InputError, Problem};

/// A live reservation as Azure describes it, before it meets its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureReservation {
    /// Its GUID (`name`), as written.
    pub id: Name,
    /// Its order's GUID, from its resource ID.
    pub order_id: Name,
    /// `sku.name`.
    pub sku: Name,
    /// `location`.
    pub region: Name,
    /// From `reservedResourceType`.
    pub family: ProductFamily,
    /// The service inside the family, where a rule depends on it (Azure VMware Solution).
    pub service: Option<Name>,
    /// `quantity`.
    pub quantity: Quantity,
    /// `term`.
    pub term: Term,
    /// `billingPlan`, when there.
    pub billing_plan: Option<BillingPlan>,
    /// `purchaseDate`, when there.
    pub purchase_date: Option<Date>,
    /// From `appliedScopeType` and `appliedScopeProperties` (or the older `appliedScopes`).
    pub scope: Scope,
    /// `displayName`.
    pub display_name: Option<Name>,
    /// `renew`.
    pub renew: bool,
    /// Where it is.
    pub place: Place,
    /// Where its properties are (`value[3].properties`, or the resource itself when flattened).
    pub properties: Place,
}

/// The family of an Azure `reservedResourceType`, and the service where a rule depends on it.
/// A type not listed here is its own family, named after it (`RedisCache` is `rediscache`).
pub fn family(resource_type: &str) -> Option<(ProductFamily, Option<&'static str>)> {
    let (family, service) = match resource_type.trim().to_ascii_lowercase().as_str() {
        "virtualmachines" | "dedicatedhost" => ("compute", None),
        "vmwarecloudsimple" | "avs" => ("compute", Some("vmware_solution")),
        "sqldatabases" | "sqlazurehybridbenefit" | "sqledge" => ("sql", None),
        "cosmosdb" => ("cosmos_db", None),
        "sqldatawarehouse" => ("synapse", None),
        "databricks" => ("databricks", None),
        "appservice" => ("app_service", None),
        "redhat" | "redhatosa" => ("red_hat", None),
        "suselinux" => ("suse", None),
        "blockblob" | "manageddisk" | "azurefiles" | "netappstorage" => ("storage", None),
        _ => return ProductFamily::parse(resource_type).map(|f| (f, None)),
    };
    Some((ProductFamily::parse(family).expect("a known family"), service))
}

/// The IDs of the resource at `place`: its own GUID and its order's.
pub fn ids(item: &Value, place: &Place) -> Result<(Name, Name), InputError> {
    let id_text = item.get("id").and_then(Value::as_str).unwrap_or("");
    let own = match item.get("name") {
        Some(Value::String(n)) => last_segment(n).to_string(),
        _ => segment_after(id_text, "reservations").unwrap_or("").to_string(),
    };
    let id = Name::parse(&own).map_err(|e| InputError::new(place.at("name").path, Problem::Value(e)))?;
    let order = segment_after(id_text, "reservationOrders")
        .or_else(|| {
            item.get("name").and_then(Value::as_str).and_then(|n| n.split('/').next().filter(|o| *o != own))
        })
        .ok_or_else(|| match item.get("id") {
            None | Some(Value::Null) => InputError::new(place.at("id").path, Problem::Missing),
            Some(other) => InputError::wrong_kind(place.at("id").path, Expected::Text, Found::of(other)),
        })?;
    let order = Name::parse(order).map_err(|e| InputError::new(place.at("id").path, Problem::Value(e)))?;
    Ok((id, order))
}

/// Reads the reservation at `place`: a live one, or why it is skipped.
pub fn read(
    item: &Value,
    place: &Place,
    warnings: &mut Vec<Warning>,
) -> Result<AzureReservation, Box<Skipped>> {
    let unreadable = |id: Option<&Name>, error: InputError| {
        Box::new(Skipped {
            id: id.map(Name::to_string),
            place: Place::new(&place.file, error.path),
            reason: SkipReason::Unreadable(error.problem),
        })
    };
    if !item.is_object() {
        return Err(unreadable(
            None,
            InputError::wrong_kind(&place.path, Expected::Reservation, Found::of(item)),
        ));
    }
    let (id, order_id) = ids(item, place).map_err(|e| unreadable(None, e))?;
    let props = properties(item);
    let props_place = if std::ptr::eq(props, item) { place.clone() } else { place.at("properties") };
    if let Some(reason) = not_live(props) {
        return Err(Box::new(Skipped { id: Some(id.to_string()), reason, place: place.clone() }));
    }
    // A term written but not one Reservoir models (`P5Y`, `None`) is a reason, not a misreading.
    if let Some(Value::String(written)) = props.get("term") {
        if !Term::ALL.iter().any(|t| t.code().eq_ignore_ascii_case(written.trim())) {
            let reason = SkipReason::TermUnsupported { found: written.chars().take(60).collect() };
            return Err(Box::new(Skipped {
                id: Some(id.to_string()),
                reason,
                place: props_place.at("term"),
            }));
        }
    }
    read_live(item, props, &props_place, place, id.clone(), order_id, warnings)
        .map_err(|e| unreadable(Some(&id), e))
}

/// Why a reservation in this state is not imported; `None` for a live one.
fn not_live(props: &Value) -> Option<SkipReason> {
    let state = props.get("provisioningState").and_then(Value::as_str).unwrap_or("").trim();
    let guids = |list: Option<&Value>| -> Vec<String> {
        list.and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).map(|s| key(last_segment(s))).collect())
            .unwrap_or_default()
    };
    let split_into = guids(props.get("splitProperties").and_then(|s| s.get("splitDestinations")));
    let merged_into = props
        .get("mergeProperties")
        .and_then(|m| m.get("mergeDestination"))
        .and_then(Value::as_str)
        .map(|s| key(last_segment(s)));
    match state.to_ascii_lowercase().as_str() {
        "succeeded" => None,
        "split" => Some(SkipReason::Split { into: split_into }),
        "merged" => Some(SkipReason::Merged { into: merged_into }),
        "cancelled" | "canceled" if !split_into.is_empty() => Some(SkipReason::Split { into: split_into }),
        "cancelled" | "canceled" if merged_into.is_some() => Some(SkipReason::Merged { into: merged_into }),
        "cancelled" | "canceled" => Some(SkipReason::Cancelled),
        "expired" => Some(SkipReason::Expired { term_end: None }),
        _ => Some(SkipReason::NotLive { state: state.chars().take(60).collect() }),
    }
}

fn read_live(
    item: &Value,
    props: &Value,
    at: &Place,
    place: &Place,
    id: Name,
    order_id: Name,
    warnings: &mut Vec<Warning>,
) -> Result<AzureReservation, InputError> {
    let field = |key: &str| at.at(key).path;
    // SKU and region sit on the resource itself; a flattened one holds them beside the rest.
    let (sku_value, sku_path) = match item.get("sku") {
        Some(Value::Object(_)) => {
            required(item.get("sku").and_then(|s| s.get("name")), place.at("sku.name").path)?
        }
        Some(Value::String(_)) => required(item.get("sku"), place.at("sku").path)?,
        _ => required(props.get("sku").and_then(|s| s.get("name")), field("sku.name"))?,
    };
    let sku = name(sku_value, &sku_path)?;
    let (region_value, region_path) = match item.get("location") {
        Some(_) => required(item.get("location"), place.at("location").path)?,
        None => required(props.get("location"), field("location"))?,
    };
    let region = name(region_value, &region_path)?;
    let (type_value, type_path) = required(props.get("reservedResourceType"), field("reservedResourceType"))?;
    let resource_type = text(type_value, &type_path, Expected::FamilyText)?;
    let (family, service) = self::family(resource_type)
        .ok_or_else(|| InputError::wrong_kind(&type_path, Expected::Family, Found::word(resource_type)))?;
    let (quantity_value, quantity_path) = required(props.get("quantity"), field("quantity"))?;
    let quantity = checked(quantity_value, &quantity_path, true, Expected::Units, Quantity::parse)?;
    let (term_value, term_path) = required(props.get("term"), field("term"))?;
    let term_text = text(term_value, &term_path, Expected::Text)?;
    let Some(term) = Term::ALL.into_iter().find(|t| t.code().eq_ignore_ascii_case(term_text.trim())) else {
        return Err(InputError::new(
            term_path,
            Problem::NotOneOf { expected: Term::ALL.map(Term::code).to_vec(), found: Found::word(term_text) },
        ));
    };
    let billing_plan = match props.get("billingPlan") {
        None | Some(Value::Null) => None,
        Some(value) => Some(plan(value, &field("billingPlan"))?),
    };
    let purchase_date = match props.get("purchaseDate") {
        None | Some(Value::Null) => None,
        Some(value) => Some(day_of(value, &field("purchaseDate"))?),
    };
    let scope = scope(props, at, warnings)?;
    let display_name = match props.get("displayName") {
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Some(name(&Value::String(s.clone()), &field("displayName"))?)
        }
        _ => None,
    };
    let renew = match props.get("renew") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(InputError::wrong_kind(field("renew"), Expected::Bool, Found::of(other))),
    };
    Ok(AzureReservation {
        id,
        order_id,
        sku,
        region,
        family,
        service: service.map(|s| Name::parse(s).expect("a known service name")),
        quantity,
        term,
        billing_plan,
        purchase_date,
        scope,
        display_name,
        renew,
        place: place.clone(),
        properties: at.clone(),
    })
}

/// A billing plan, as Azure writes it (`Upfront`, `Monthly`), in any letter case.
pub fn plan(value: &Value, path: &str) -> Result<BillingPlan, InputError> {
    let written = text(value, path, Expected::Text)?;
    BillingPlan::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(written.trim())).ok_or_else(|| {
        InputError::new(
            path,
            Problem::NotOneOf {
                expected: BillingPlan::ALL.map(BillingPlan::name).to_vec(),
                found: Found::of(value),
            },
        )
    })
}

/// The scope: `Shared`; `Single` with a subscription (and a resource group when
/// `resourceGroupId` is there); `ManagementGroup`. No scope type at all is read as shared, with a
/// warning.
fn scope(props: &Value, at: &Place, warnings: &mut Vec<Warning>) -> Result<Scope, InputError> {
    let type_path = at.at("appliedScopeType").path;
    let kind = match props.get("appliedScopeType") {
        None | Some(Value::Null) => {
            warnings.push(Warning { kind: WarningKind::NoScope, place: at.at("appliedScopeType") });
            return Ok(Scope::Shared);
        }
        Some(value) => text(value, &type_path, Expected::Text)?,
    };
    let scope_props = props.get("appliedScopeProperties");
    let id_in = |key: &'static str, segment: &str| -> Result<Option<Name>, InputError> {
        let path = at.at("appliedScopeProperties").at(key).path;
        match scope_props.and_then(|p| p.get(key)) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => {
                let written = text(value, &path, Expected::Text)?;
                let id = segment_after(written, segment).unwrap_or_else(|| last_segment(written));
                Name::parse(id).map(Some).map_err(|e| InputError::new(path, Problem::Value(e)))
            }
        }
    };
    match kind.trim().to_ascii_lowercase().as_str() {
        "shared" => Ok(Scope::Shared),
        "single" => {
            let subscription = match id_in("subscriptionId", "subscriptions")? {
                Some(s) => Some(s),
                None => id_in("resourceGroupId", "subscriptions")?,
            };
            let subscription = match subscription {
                Some(s) => s,
                None => older_applied_scope(props, at)?,
            };
            Ok(match id_in("resourceGroupId", "resourceGroups")? {
                Some(resource_group) => Scope::ResourceGroup { subscription, resource_group },
                None => Scope::Single { subscription },
            })
        }
        "managementgroup" => match id_in("managementGroupId", "managementGroups")? {
            Some(management_group) => Ok(Scope::ManagementGroup { management_group }),
            None => {
                Err(InputError::new(at.at("appliedScopeProperties.managementGroupId").path, Problem::Missing))
            }
        },
        _ => Err(InputError::new(
            type_path,
            Problem::NotOneOf {
                expected: vec!["Shared", "Single", "ManagementGroup"],
                found: Found::word(kind),
            },
        )),
    }
}

/// The subscription of a single scope as older API versions write it: `appliedScopes[0]`.
fn older_applied_scope(props: &Value, at: &Place) -> Result<Name, InputError> {
    let path = at.at("appliedScopes[0]").path;
    match props.get("appliedScopes").and_then(|s| s.as_array()).and_then(|s| s.first()) {
        Some(Value::String(written)) => {
            let id = segment_after(written, "subscriptions").unwrap_or_else(|| last_segment(written));
            Name::parse(id).map_err(|e| InputError::new(path, Problem::Value(e)))
        }
        Some(other) => Err(InputError::wrong_kind(path, Expected::Text, Found::of(other))),
        None => Err(InputError::new(at.at("appliedScopeProperties.subscriptionId").path, Problem::Missing)),
    }
}

/// A value that must be there (and not null), with its path.
fn required<'v>(value: Option<&'v Value<'v>>, path: String) -> Result<(&'v Value<'v>, String), InputError> {
    match value {
        None | Some(Value::Null) => Err(InputError::new(path, Problem::Missing)),
        Some(v) => Ok((v, path)),
    }
}
