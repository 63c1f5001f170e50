//! The partner's side (policy.md §4): who may do what, and the support request a refund or an
//! exchange was asked for with in 2020.

use serde::{Deserialize, Serialize};

use crate::domain::money::Money;
use crate::domain::reservation::Reservation;
use crate::domain::values::Name;

/// A Partner Center role (policy.md §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl ActionKind {
    /// The action's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::ManageWorkspace => "manage customers and their subscriptions",
            ActionKind::AssignOwner => "assign the Owner role",
            ActionKind::SetPurchasePermission => "turn \"Allow customer to purchase\" on or off",
            ActionKind::Buy => "buy reservations",
            ActionKind::Cancel => "cancel reservations",
            ActionKind::Exchange => "exchange reservations",
            ActionKind::Renew => "renew reservations",
            ActionKind::ChangeScope => "change a reservation's scope",
        }
    }
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

/// One step of the 2020 support-request flow (policy.md §4.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupportStep {
    /// The step's title.
    pub title: &'static str,
    /// What to choose or enter.
    pub fields: Vec<(&'static str, String)>,
}

/// A support request, drafted for the partner to copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupportRequest {
    /// The three steps.
    pub steps: Vec<SupportStep>,
}

/// Drafts the support request for a refund or an exchange of `reservation`, with the amounts.
pub fn support_request(
    reservation: &Reservation,
    customer_name: &str,
    what: &str,
    quantity: u32,
    amounts: &[(&str, Money)],
) -> SupportRequest {
    let mut details = format!(
        "Please process a {what} of {quantity} of {} unit(s) of reservation {} (order {}) for our customer {customer_name}: {} {}, {} {}, bought {}.",
        reservation.quantity,
        reservation.id,
        reservation.order_id,
        reservation.sku,
        reservation.region,
        reservation.term.code(),
        reservation.billing_plan.name(),
        reservation.purchase_date,
    );
    for (label, amount) in amounts {
        details.push_str(&format!(" {label}: {amount}."));
    }
    SupportRequest {
        steps: vec![
            SupportStep { title: "1 Basics", fields: vec![("Issue type", "Billing".into())] },
            SupportStep {
                title: "2 Problem",
                fields: vec![
                    ("Problem type", "Reservation management".into()),
                    ("Problem category", "Exchanges and refunds".into()),
                    ("Reservation ID", reservation.id.to_string()),
                    ("Reservation order ID", reservation.order_id.to_string()),
                    ("Details", details),
                ],
            },
            SupportStep {
                title: "3 Contact information",
                fields: vec![("Contact", "the partner's support contact, on behalf of the customer".into())],
            },
        ],
    }
}

impl SupportRequest {
    /// The draft as plain text, to paste into the request.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for step in &self.steps {
            text.push_str(step.title);
            text.push('\n');
            for (name, value) in &step.fields {
                text.push_str(&format!("  {name}: {value}\n"));
            }
        }
        text
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
}

/// The kind of an Azure subscription the partner bought for a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SubscriptionKind {
    /// An Azure plan subscription.
    #[serde(rename = "Azure plan")]
    AzurePlan,
    /// An Azure Global (usage-based) subscription.
    #[serde(rename = "Azure Global")]
    AzureGlobal,
    /// Any other kind: it does not qualify for the customer's purchase permission.
    #[serde(rename = "Other")]
    Other,
}

impl SubscriptionKind {
    /// The kind's name as Partner Center writes it (and scenarios spell it).
    pub fn name(self) -> &'static str {
        match self {
            SubscriptionKind::AzurePlan => "Azure plan",
            SubscriptionKind::AzureGlobal => "Azure Global",
            SubscriptionKind::Other => "Other",
        }
    }
}
