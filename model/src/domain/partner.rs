//! The partner's side (policy.md §4): the roles, who may do what, and the kinds of subscription.
//! (The support-request draft of §4.4 is words for a person, written by the app in `src/i18n.rs`
//! from the reservation's data.)

use serde::Serialize;

use crate::domain::values::Name;

/// A Partner Center role (policy.md §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Admin agent: the only role that may switch a customer's purchase permission.
    AdminAgent,
    /// Global admin.
    GlobalAdmin,
    /// Helpdesk agent: sees the purchase permission read-only.
    HelpdeskAgent,
    /// Sales agent: sees the purchase permission read-only.
    SalesAgent,
    /// User management admin.
    UserManagementAdmin,
}

impl Role {
    /// Every role, in the order Partner Center lists them.
    pub const ALL: [Role; 5] = [
        Role::AdminAgent,
        Role::GlobalAdmin,
        Role::HelpdeskAgent,
        Role::SalesAgent,
        Role::UserManagementAdmin,
    ];

    /// The role as every format writes it (`admin_agent`).
    pub fn code(self) -> &'static str {
        match self {
            Role::AdminAgent => "admin_agent",
            Role::GlobalAdmin => "global_admin",
            Role::HelpdeskAgent => "helpdesk_agent",
            Role::SalesAgent => "sales_agent",
            Role::UserManagementAdmin => "user_management_admin",
        }
    }

    /// The role's name as Partner Center writes it.
    pub fn name(self) -> &'static str {
        match self {
            Role::AdminAgent => "Admin agent",
            Role::GlobalAdmin => "Global admin",
            Role::HelpdeskAgent => "Helpdesk agent",
            Role::SalesAgent => "Sales agent",
            Role::UserManagementAdmin => "User management admin",
        }
    }
}

serialize_as_word!(Role, code);

/// Who issues a command.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Someone at the partner, in a role.
    Partner {
        /// The role.
        role: Role,
    },
    /// A user of the customer's own tenant.
    Customer {
        /// The customer.
        customer: Name,
        /// The user.
        user: Name,
    },
}

impl Actor {
    /// An Admin agent: the actor with every right.
    pub fn admin_agent() -> Actor {
        Actor::Partner { role: Role::AdminAgent }
    }

    /// How the activity log names the actor.
    pub fn describe(&self) -> String {
        match self {
            Actor::Partner { role } => format!("partner ({})", role.name()),
            Actor::Customer { customer, user } => format!("customer {customer} (user {user})"),
        }
    }
}

/// The kinds of action the rules of §4 and §2.2 distinguish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Add, rename or remove customers; subscriptions and users; rates, policy, earlier refunds.
    ManageWorkspace,
    /// Assign or remove the Owner role on a subscription.
    AssignOwner,
    /// Turn "Allow customer to purchase" on or off.
    SetPurchasePermission,
    /// Buy a reservation.
    Buy,
    /// Cancel units for a refund.
    Cancel,
    /// Exchange units.
    Exchange,
    /// Renew a reservation.
    Renew,
    /// Change a reservation's scope.
    ChangeScope,
}

/// Which rule keeps an actor from an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum NotAllowed {
    /// Only an Admin agent may switch the purchase permission; other roles see it read-only.
    OnlyAdminAgent {
        /// The role that tried.
        role: Role,
    },
    /// In CSP only the partner cancels, exchanges, renews or re-scopes, even what the customer
    /// bought itself.
    PartnerOnly {
        /// The customer that tried.
        customer: String,
    },
    /// A customer acts only in its own tenant.
    OtherTenant {
        /// The customer acting.
        customer: String,
        /// The customer the command concerns.
        concerned: String,
    },
}

/// Why an actor may not take an action, or `None` when it may. The rules:
/// - every partner role may view and manage, cancel, exchange or refund reservations (§4.1);
/// - only an Admin agent may switch a customer's purchase permission (§4.1);
/// - a customer may buy (under the permission, checked elsewhere) and manage Owner assignments in
///   its own tenant, and nothing else: never cancel, exchange, renew or re-scope, even what it
///   bought itself (§2.2).
pub fn refusal(actor: &Actor, action: ActionKind) -> Option<NotAllowed> {
    match (actor, action) {
        (Actor::Partner { role }, ActionKind::SetPurchasePermission) if *role != Role::AdminAgent => {
            Some(NotAllowed::OnlyAdminAgent { role: *role })
        }
        (Actor::Partner { .. }, _) => None,
        (Actor::Customer { .. }, ActionKind::Buy | ActionKind::AssignOwner) => None,
        (Actor::Customer { customer, .. }, _) => {
            Some(NotAllowed::PartnerOnly { customer: customer.to_string() })
        }
    }
}

/// Which side of a reservation's money an actor sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The partner's: what Microsoft charges it and refunds it.
    Partner,
    /// The customer's: what the partner charges the customer and owes it back.
    Customer,
}

/// The side an actor sees: a customer's user sees its own price, never the partner's.
pub fn side(actor: &Actor) -> Side {
    match actor {
        Actor::Partner { .. } => Side::Partner,
        Actor::Customer { .. } => Side::Customer,
    }
}

/// A fact of the workspace that is the partner's business, shown to the partner only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// The partner's buy price, today's price from Microsoft, what Microsoft refunds the partner,
    /// and whatever is worked out from them (the breakdown, the reproducing request, the exports).
    PartnerPrice,
    /// What Microsoft keeps of a return ("Kept by Microsoft").
    KeptByMicrosoft,
    /// The refund limit: what is counted, what is left, when it comes back, what a return would
    /// count. Microsoft counts it against the partner, at the partner's price, so every figure
    /// of it tells that price.
    RefundLimit,
    /// The support-request draft: the partner opens the request (policy.md §4.4).
    SupportDraft,
}

impl Fact {
    /// Every fact, for the decision table.
    pub const ALL: [Fact; 4] =
        [Fact::PartnerPrice, Fact::KeptByMicrosoft, Fact::RefundLimit, Fact::SupportDraft];
}

/// Whether an actor sees a fact: every partner role sees them all (§4.1 lets every role view
/// reservations), a customer's user none of them.
pub fn sees(actor: &Actor, fact: Fact) -> bool {
    match (actor, fact) {
        (Actor::Partner { .. }, _) => true,
        (
            Actor::Customer { .. },
            Fact::PartnerPrice | Fact::KeptByMicrosoft | Fact::RefundLimit | Fact::SupportDraft,
        ) => false,
    }
}

/// Why an actor may not see a customer, or `None` when it may: a customer's user sees its own
/// customer only. Decided on the names alone, so the answer tells nothing of which other
/// customers exist.
pub fn customer_refusal(actor: &Actor, customer: &str) -> Option<NotAllowed> {
    match actor {
        Actor::Partner { .. } => None,
        Actor::Customer { customer: own, .. } if own.as_str() == customer => None,
        Actor::Customer { customer: own, .. } => {
            Some(NotAllowed::OtherTenant { customer: own.to_string(), concerned: customer.to_string() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table_of_section_4_1() {
        // (actor, action, allowed)
        let name = |s: &str| crate::domain::values::Name::parse(s).unwrap();
        let customer = Actor::Customer { customer: name("c1"), user: name("u1") };
        for role in Role::ALL {
            let partner = Actor::Partner { role };
            for action in [
                ActionKind::Buy,
                ActionKind::Cancel,
                ActionKind::Exchange,
                ActionKind::Renew,
                ActionKind::ChangeScope,
            ] {
                assert_eq!(refusal(&partner, action), None, "{role:?} {action:?}");
            }
            assert_eq!(
                refusal(&partner, ActionKind::SetPurchasePermission).is_none(),
                role == Role::AdminAgent
            );
        }
        for (action, allowed) in [
            (ActionKind::Buy, true),
            (ActionKind::AssignOwner, true),
            (ActionKind::Cancel, false),
            (ActionKind::Exchange, false),
            (ActionKind::Renew, false),
            (ActionKind::ChangeScope, false),
            (ActionKind::SetPurchasePermission, false),
            (ActionKind::ManageWorkspace, false),
        ] {
            assert_eq!(refusal(&customer, action).is_none(), allowed, "{action:?}");
        }
        let actor = Actor::Partner { role: Role::SalesAgent };
        let why = refusal(&actor, ActionKind::SetPurchasePermission).unwrap();
        assert_eq!(why, NotAllowed::OnlyAdminAgent { role: Role::SalesAgent });
        let message = crate::formats::plain::rejection(&crate::simulation::command::Rejection::NotAllowed {
            actor,
            action: ActionKind::SetPurchasePermission,
            why,
        });
        assert!(message.contains("Sales agent") && message.contains("Admin agent"), "{message}");
    }

    #[test]
    fn who_sees_what_every_actor_kind_by_every_fact() {
        // (actor, side, sees each fact of Fact::ALL)
        let name = |s: &str| crate::domain::values::Name::parse(s).unwrap();
        let customer = Actor::Customer { customer: name("c1"), user: name("u1") };
        let mut table: Vec<(Actor, Side, bool)> =
            Role::ALL.into_iter().map(|role| (Actor::Partner { role }, Side::Partner, true)).collect();
        table.push((customer, Side::Customer, false));
        for (actor, expected_side, sees_facts) in table {
            assert_eq!(side(&actor), expected_side, "{actor:?}");
            for fact in Fact::ALL {
                assert_eq!(sees(&actor, fact), sees_facts, "{actor:?} {fact:?}");
            }
        }
    }

    #[test]
    fn a_customers_user_sees_its_own_customer_only() {
        let name = |s: &str| crate::domain::values::Name::parse(s).unwrap();
        let customer = Actor::Customer { customer: name("c1"), user: name("u1") };
        for role in Role::ALL {
            for concerned in ["c1", "c2", "nobody"] {
                assert_eq!(customer_refusal(&Actor::Partner { role }, concerned), None, "{role:?}");
            }
        }
        assert_eq!(customer_refusal(&customer, "c1"), None);
        for concerned in ["c2", "nobody", "C1", ""] {
            assert_eq!(
                customer_refusal(&customer, concerned),
                Some(NotAllowed::OtherTenant { customer: "c1".into(), concerned: concerned.into() }),
                "{concerned:?}"
            );
        }
    }
}

/// The kind of an Azure subscription the partner bought for a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubscriptionKind {
    /// An Azure plan subscription.
    AzurePlan,
    /// An Azure Global (usage-based) subscription.
    AzureGlobal,
    /// Any other kind: it does not qualify for the customer's purchase permission.
    Other,
}

impl SubscriptionKind {
    /// Every kind, as scenarios list them.
    pub const ALL: [SubscriptionKind; 3] =
        [SubscriptionKind::AzurePlan, SubscriptionKind::AzureGlobal, SubscriptionKind::Other];

    /// The kind's name as Partner Center writes it (and scenarios spell it).
    pub fn name(self) -> &'static str {
        match self {
            SubscriptionKind::AzurePlan => "Azure plan",
            SubscriptionKind::AzureGlobal => "Azure Global",
            SubscriptionKind::Other => "Other",
        }
    }
}

serialize_as_word!(SubscriptionKind, name);
