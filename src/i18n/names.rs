//! The names of the engine's things in the current language: roles and operations as Partner
//! Center names them, terms, plans, families, scopes, policy parameters.

use reservoir::domain::calendar::Term;
use reservoir::domain::partner::{Actor, Role};
use reservoir::domain::policy::{CapCounts, Policy, PriceBasis, Provenance};
use reservoir::domain::reservation::{BillingPlan, Buyer, Origin, Scope};
use reservoir::simulation::activity::Event;
use reservoir::simulation::command::SubscriptionKind;
use reservoir::simulation::demo::DemoNote;
use reservoir::simulation::scenario::Replacement;

use super::{fill, t, Key};

/// A role's name, as Partner Center writes it in this language.
pub fn role(r: Role) -> &'static str {
    t(match r {
        Role::AdminAgent => Key::RoleAdminAgent,
        Role::GlobalAdmin => Key::RoleGlobalAdmin,
        Role::HelpdeskAgent => Key::RoleHelpdeskAgent,
        Role::SalesAgent => Key::RoleSalesAgent,
        Role::UserManagementAdmin => Key::RoleUserManagementAdmin,
    })
}

/// A policy's name: its pack's (`csp-2020`, `azure-2026`, names not translated), or "custom"
/// once a parameter differs from the pack.
pub fn policy_name(p: &Policy) -> &'static str {
    if p.customized() {
        t(Key::CustomPolicy)
    } else {
        p.base.name()
    }
}

/// Who acted.
pub fn actor(a: &Actor) -> String {
    match a {
        Actor::Partner { role: r } => fill(Key::ActorPartner, &[("role", &role(*r))]),
        Actor::Customer { customer, user } => {
            fill(Key::ActorCustomer, &[("customer", customer), ("user", user)])
        }
    }
}

/// A term.
pub fn term(term: Term) -> String {
    t(match term {
        Term::P1Y => Key::TermOneYear,
        Term::P3Y => Key::TermThreeYears,
    })
    .into()
}

/// A billing plan.
pub fn plan(p: BillingPlan) -> String {
    t(match p {
        BillingPlan::Upfront => Key::PlanUpfront,
        BillingPlan::Monthly => Key::PlanMonthly,
    })
    .into()
}

/// A product family's name (product names stay as Microsoft names them in every language).
pub fn family(name: &str) -> String {
    match name {
        "compute" => t(Key::FamilyCompute).into(),
        "sql" => "SQL".into(),
        "cosmos_db" => "Cosmos DB".into(),
        "storage" => t(Key::FamilyStorage).into(),
        "databricks" => "Databricks".into(),
        "synapse" => "Synapse Analytics".into(),
        "app_service" => "App Service".into(),
        "red_hat" => t(Key::FamilyRedHat).into(),
        "suse" => t(Key::FamilySuse).into(),
        "pre_purchase" => t(Key::FamilyPrePurchase).into(),
        other => other.replace('_', " "),
    }
}

/// Who bought a reservation.
pub fn buyer(b: Buyer) -> &'static str {
    t(match b {
        Buyer::Partner => Key::Partner,
        Buyer::Customer => Key::Customer,
    })
}

/// How a reservation came to be.
pub fn origin(o: Origin) -> &'static str {
    t(match o {
        Origin::Purchase => Key::OriginPurchase,
        Origin::Renewal => Key::OriginRenewal,
        Origin::Exchange => Key::OriginExchange,
        Origin::FinalExchange => Key::OriginFinalExchange,
    })
}

/// A scope.
pub fn scope(s: &Scope) -> String {
    match s {
        Scope::Single { subscription } => fill(Key::ScopeSingle, &[("subscription", subscription)]),
        Scope::ResourceGroup { subscription, resource_group } => {
            fill(Key::ScopeResourceGroup, &[("group", resource_group), ("subscription", subscription)])
        }
        Scope::Shared => t(Key::ScopeShared).into(),
        Scope::ManagementGroup { management_group } => {
            fill(Key::ScopeManagementGroup, &[("group", management_group)])
        }
    }
}

/// A subscription's kind.
pub fn subscription_kind(k: SubscriptionKind) -> &'static str {
    t(match k {
        SubscriptionKind::AzurePlan => Key::AzurePlan,
        SubscriptionKind::AzureGlobal => Key::AzureGlobal,
        SubscriptionKind::Other => Key::OtherKind,
    })
}

/// What counts toward the limit.
pub fn cap_counts(c: CapCounts) -> &'static str {
    t(match c {
        CapCounts::CanceledCommitment => Key::CountsCanceledCommitment,
        CapCounts::RefundOnly => Key::CountsRefundOnly,
    })
}

/// Which price a refund is computed from.
pub fn price_basis(p: PriceBasis) -> &'static str {
    t(match p {
        PriceBasis::LowerOfPurchaseAndCurrent => Key::BasisLowerOf,
        PriceBasis::Purchase => Key::BasisPurchase,
    })
}

/// A policy parameter's name.
pub fn parameter(key: &str) -> &'static str {
    t(match key {
        "refund_limit_usd" => Key::ParamRefundLimit,
        "refund_window_days" => Key::ParamWindow,
        "cap_counts" => Key::ParamCapCounts,
        "fee_percent" => Key::ParamFee,
        "fee_free_days" => Key::ParamFeeFreeDays,
        "full_refund_window_days" => Key::ParamFullRefundWindow,
        "full_refund_requires_unused" => Key::ParamFullRefundUnused,
        "price_basis" => Key::ParamPriceBasis,
        "exchange_same_family_only" => Key::ParamSameFamily,
        "exchange_minimum_value" => Key::ParamMinimumValue,
        "exchanges_count_toward_limit" => Key::ParamExchangesCount,
        "exchange_cutoff_date" => Key::ParamCutoff,
        _ => return "",
    })
}

/// A policy parameter's unit (codes a request writes, such as `refund_only`, stay as they are).
pub fn parameter_unit(unit: &'static str) -> &'static str {
    t(match unit {
        "days" => Key::UnitDays,
        "percent of the pro-rated refund" => Key::UnitPercentOfProRated,
        "days after purchase" => Key::UnitDaysAfterPurchase,
        "yes / no" => Key::UnitYesNo,
        "date, or none" => Key::UnitDateOrNone,
        _ => return unit,
    })
}

/// Why a policy parameter's provenance is what it is, where it is not documented.
pub fn parameter_note(key: &str) -> Option<&'static str> {
    Some(t(match key {
        "refund_window_days" => Key::NoteWindow,
        "cap_counts" => Key::NoteCapCounts,
        "fee_percent" => Key::NoteFee,
        "full_refund_window_days" => Key::NoteFullRefundWindow,
        "price_basis" => Key::NoteBasis,
        _ => return None,
    }))
}

/// What put a whole scenario in force, as the button that did it is named.
pub fn replacement(r: Replacement) -> &'static str {
    t(match r {
        Replacement::Demo => Key::LoadDemo,
        Replacement::Reset => Key::ResetScenario,
        Replacement::ImportAdded => Key::ImportAddedStep,
        Replacement::ImportReplaced => Key::ImportReplacedStep,
    })
}

/// The activity log's name for what happened (for the permission switch, Partner Center's own
/// operation names, which partners know from its activity log).
pub fn operation(e: &Event) -> &'static str {
    t(match e {
        Event::CustomerAdded { .. } => Key::OpAddCustomer,
        Event::CustomerRenamed { .. } => Key::OpRenameCustomer,
        Event::CustomerRemoved { .. } => Key::OpRemoveCustomer,
        Event::RateSet { .. } => Key::OpSetRate,
        Event::PolicySet { .. } => Key::OpSetPolicy,
        Event::SubscriptionAdded { .. } => Key::OpAddSubscription,
        Event::UserAdded { .. } => Key::OpAddUser,
        Event::OwnerAssigned { .. } => Key::OpAssignOwner,
        Event::OwnerRemoved { .. } => Key::OpRemoveOwner,
        Event::PurchasePermissionSet { allowed: true, .. } => Key::OpCreatePurchasePermissions,
        Event::PurchasePermissionSet { allowed: false, .. } => Key::OpDeletePurchasePermissions,
        Event::Bought { .. } => Key::OpPurchase,
        Event::CurrentPriceSet { .. } => Key::OpSetCurrentPrice,
        Event::UsageSet { .. } => Key::OpSetUsage,
        Event::Canceled { .. } => Key::OpCancel,
        Event::Exchanged { .. } => Key::OpExchange,
        Event::ScopeChanged { .. } => Key::OpChangeScope,
        Event::Renewed { .. } => Key::OpRenew,
        Event::EarlierRefundRecorded { .. } => Key::OpRecordEarlierRefund,
        Event::LedgerEntryCorrected { .. } => Key::OpCorrectLedgerEntry,
    })
}

/// Where a rule comes from, as the policy page's badges say it.
pub fn provenance(p: Provenance) -> &'static str {
    t(match p {
        Provenance::Documented => Key::Documented,
        Provenance::Observed => Key::Observed,
        Provenance::Reading => Key::Reading,
    })
}

/// The demo's notes, as the demo's partner would have typed them in this language.
pub fn demo_note(note: DemoNote) -> String {
    fill(Key::DemoNote, &[("ticket", &note.ticket)])
}
