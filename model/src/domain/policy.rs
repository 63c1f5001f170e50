//! Policy packs as data (policy.md §2): a named, dated set of parameters. The arithmetic reads
//! these parameters; it never asks which pack it is running under.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::values::{Amount, Date, Days, Percent, WindowDays};

// The packs' own numbers, all well inside their types' bounds.
fn usd(n: u32) -> Amount {
    Amount::new(Decimal::from(n)).expect("a pack's limit is an amount")
}
fn percent(n: u32) -> Percent {
    Percent::new(Decimal::from(n)).expect("a pack's fee is a percentage")
}
fn days(n: u32) -> Days {
    Days::new(n).expect("a pack's day count is in range")
}
fn window(n: u32) -> WindowDays {
    WindowDays::new(n).expect("a pack's window is in range")
}

/// The packs Reservoir ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackId {
    /// The rules of the 2020 Partner Center articles (policy.md §2.1).
    Csp2020,
    /// Azure's public policy as it stands in late 2026 (policy.md §2.2).
    Azure2026,
}

impl PackId {
    /// The pack's name as requests and the interface write it.
    pub fn name(self) -> &'static str {
        match self {
            PackId::Csp2020 => "csp-2020",
            PackId::Azure2026 => "azure-2026",
        }
    }

    /// The pack with this name.
    pub fn from_name(name: &str) -> Option<PackId> {
        PackId::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Both packs, oldest first.
    pub const ALL: [PackId; 2] = [PackId::Csp2020, PackId::Azure2026];
}

serialize_as_word!(PackId, name);

/// What a refund adds to the customer's refund-limit counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CapCounts {
    /// The refund plus the canceled future payments (the Azure article's wording).
    CanceledCommitment,
    /// The refund alone (what recorded API responses show).
    RefundOnly,
}

impl CapCounts {
    /// Both ways of counting.
    pub const ALL: [CapCounts; 2] = [CapCounts::CanceledCommitment, CapCounts::RefundOnly];

    /// The way as policies write it.
    pub fn name(self) -> &'static str {
        match self {
            CapCounts::CanceledCommitment => "canceled_commitment",
            CapCounts::RefundOnly => "refund_only",
        }
    }
}

serialize_as_word!(CapCounts, name);

/// Which unit price a pro-rated refund is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PriceBasis {
    /// The lower of the purchase price and the reservation's current price.
    LowerOfPurchaseAndCurrent,
    /// The purchase price.
    Purchase,
}

impl PriceBasis {
    /// Both bases.
    pub const ALL: [PriceBasis; 2] = [PriceBasis::LowerOfPurchaseAndCurrent, PriceBasis::Purchase];

    /// The basis as policies write it.
    pub fn name(self) -> &'static str {
        match self {
            PriceBasis::LowerOfPurchaseAndCurrent => "lower_of_purchase_and_current",
            PriceBasis::Purchase => "purchase",
        }
    }
}

serialize_as_word!(PriceBasis, name);

/// Every parameter of a policy (policy.md §2.3), with its unit in its name. Each is a checked
/// value, so a policy can only be built valid: whatever the policy editor sends reads back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Policy {
    /// The pack this policy starts from.
    pub base: PackId,
    /// At most this much canceled commitment per customer inside the window, in USD.
    pub refund_limit_usd: Amount,
    /// The rolling window of the limit: a refund on day d counts through day d + window − 1.
    pub refund_window_days: WindowDays,
    /// What a refund adds to the limit counter.
    pub cap_counts: CapCounts,
    /// The early termination fee, in percent of the pro-rated refund (0 for none).
    pub fee_percent: Percent,
    /// Returns at most this many days after purchase pay no fee.
    pub fee_free_days: Days,
    /// Returns at most this many days after purchase get the whole price back (`None`: never).
    pub full_refund_window_days: Option<Days>,
    /// Whether that full refund needs the reservation to be unused.
    pub full_refund_requires_unused: bool,
    /// Which unit price a pro-rated refund uses.
    pub price_basis: PriceBasis,
    /// Whether an exchange must stay inside one product family.
    pub exchange_same_family_only: bool,
    /// Whether what is bought must be worth at least the remaining commitment returned.
    pub exchange_minimum_value: bool,
    /// Whether an exchange's refunds count toward the refund limit.
    pub exchanges_count_toward_limit: bool,
    /// From this date, reservations of savings-plan services bought on or after it cannot be
    /// exchanged, and those bought before get one final exchange (`None`: no such rule).
    pub exchange_cutoff_date: Option<Date>,
}

impl Policy {
    /// The pack's parameters, unmodified.
    pub fn pack(id: PackId) -> Policy {
        match id {
            PackId::Csp2020 => Policy {
                base: id,
                refund_limit_usd: usd(50_000),
                // The documents say "in a 12-month period"; the Azure article of the same year says
                // rolling, so rolling 365 days it is.
                refund_window_days: window(365),
                // The 2020 documents knew no monthly plans; counting what is canceled is the
                // reading that keeps the limit meaningful for them.
                cap_counts: CapCounts::CanceledCommitment,
                // 12% "of the pro-rated remaining balance": the reading the older Azure help text
                // supports (policy.md §2.1).
                fee_percent: percent(12),
                fee_free_days: days(5),
                full_refund_window_days: Some(days(5)),
                full_refund_requires_unused: true,
                // The documents speak of the pro-rated balance of what was paid.
                price_basis: PriceBasis::Purchase,
                exchange_same_family_only: true,
                exchange_minimum_value: true,
                exchanges_count_toward_limit: false,
                exchange_cutoff_date: None,
            },
            PackId::Azure2026 => Policy {
                base: id,
                refund_limit_usd: usd(50_000),
                refund_window_days: window(365),
                cap_counts: CapCounts::CanceledCommitment,
                fee_percent: percent(0),
                fee_free_days: days(0),
                // Observed in recorded API responses, not documented (see `provenance`).
                full_refund_window_days: Some(days(5)),
                full_refund_requires_unused: false,
                price_basis: PriceBasis::LowerOfPurchaseAndCurrent,
                exchange_same_family_only: true,
                exchange_minimum_value: true,
                exchanges_count_toward_limit: false,
                exchange_cutoff_date: NaiveDate::from_ymd_opt(2027, 2, 1).and_then(|d| Date::new(d).ok()),
            },
        }
    }

    /// The name the interface and quotes show: the pack's, or `custom` once anything is changed.
    pub fn name(&self) -> &'static str {
        if self.customized() {
            "custom"
        } else {
            self.base.name()
        }
    }

    /// True when any parameter differs from the base pack (the interface calls it `custom`).
    /// Computed, never stored, so it cannot disagree with the parameters.
    pub fn customized(&self) -> bool {
        *self != Policy::pack(self.base)
    }

    /// True when a refund `days_held` days after purchase is charged the fee.
    pub fn charges_fee(&self, days_held: i64) -> bool {
        self.fee_percent.get() > Decimal::ZERO && days_held > i64::from(self.fee_free_days.get())
    }

    /// True when a refund `days_held` days after purchase of a (used or unused) reservation gets
    /// the whole price back.
    pub fn full_refund_applies(&self, days_held: i64, used: bool) -> bool {
        match self.full_refund_window_days {
            Some(days) => days_held <= i64::from(days.get()) && !(used && self.full_refund_requires_unused),
            None => false,
        }
    }

    /// True when the exchange cut-off rules are in force on `today`.
    pub fn cutoff_in_force(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.exchange_cutoff_date.map(Date::get).filter(|cutoff| today >= *cutoff)
    }

    /// Where the full-refund rule of this policy comes from: documented in the 2020 documents,
    /// observed (and stated by no current article) under azure-2026, so that every place the rule
    /// shows can say how far to trust it (policy.md §2.2). A custom policy keeps its base pack's.
    pub fn full_refund_provenance(&self) -> Provenance {
        let pack = if self.base == PackId::Csp2020 { 0 } else { 1 };
        PARAMETERS
            .iter()
            .find(|p| p.key == "full_refund_window_days")
            .map_or(Provenance::Observed, |p| p.provenance[pack])
    }
}

impl Policy {
    /// The policy as requests and scenarios write it: the pack's name when unchanged, else the
    /// base and every parameter (read back by the same reader as a request's overrides).
    pub fn to_json(&self) -> serde_json::Value {
        if !self.customized() {
            return serde_json::Value::String(self.base.name().into());
        }
        serde_json::to_value(self).expect("policies serialize")
    }
}

/// `serialize_with` for a policy field: [`Policy::to_json`].
pub fn serialize_as_written<S: serde::Serializer>(policy: &Policy, serializer: S) -> Result<S::Ok, S::Error> {
    policy.to_json().serialize(serializer)
}

/// Where a parameter's value comes from, so the interface can say how far to trust it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Stated by the pack's source documents.
    Documented,
    /// Seen in recorded API responses, stated by no current article.
    Observed,
    /// A reading Reservoir chose where the sources leave room; the note says which.
    Reading,
}

/// One parameter of §2.3: its key (as requests write it), its unit, and where its value in each
/// pack comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInfo {
    /// The key, as in a request's policy overrides.
    pub key: &'static str,
    /// The unit, spelled out.
    pub unit: &'static str,
    /// Provenance in csp-2020 and in azure-2026.
    pub provenance: [Provenance; 2],
    /// Why, where a provenance is not `Documented`.
    pub note: &'static str,
}

/// The parameters of §2.3, in the order the interface lists them.
pub const PARAMETERS: &[ParameterInfo] = &[
    ParameterInfo {
        key: "refund_limit_usd",
        unit: "USD",
        provenance: [Provenance::Documented, Provenance::Documented],
        note: "",
    },
    ParameterInfo {
        key: "refund_window_days",
        unit: "days",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "The 2020 documents say \"12-month period\"; the Azure article of the same year says rolling.",
    },
    ParameterInfo {
        key: "cap_counts",
        unit: "canceled_commitment | refund_only",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "The article counts canceled future payments; recorded API responses count the refund alone.",
    },
    ParameterInfo {
        key: "fee_percent",
        unit: "percent of the pro-rated refund",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "12% of the pro-rated remaining balance, the reading the older Azure help text supports.",
    },
    ParameterInfo {
        key: "fee_free_days",
        unit: "days after purchase",
        provenance: [Provenance::Documented, Provenance::Documented],
        note: "",
    },
    ParameterInfo {
        key: "full_refund_window_days",
        unit: "days after purchase",
        provenance: [Provenance::Documented, Provenance::Observed],
        note: "azure-2026: recorded API responses show a full refund within about five days; no current article states it.",
    },
    ParameterInfo {
        key: "full_refund_requires_unused",
        unit: "yes / no",
        provenance: [Provenance::Documented, Provenance::Observed],
        note: "",
    },
    ParameterInfo {
        key: "price_basis",
        unit: "lower_of_purchase_and_current | purchase",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "csp-2020: the documents pro-rate what was paid.",
    },
    ParameterInfo {
        key: "exchange_same_family_only",
        unit: "yes / no",
        provenance: [Provenance::Documented, Provenance::Documented],
        note: "",
    },
    ParameterInfo {
        key: "exchange_minimum_value",
        unit: "yes / no",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "",
    },
    ParameterInfo {
        key: "exchanges_count_toward_limit",
        unit: "yes / no",
        provenance: [Provenance::Reading, Provenance::Documented],
        note: "",
    },
    ParameterInfo {
        key: "exchange_cutoff_date",
        unit: "date, or none",
        provenance: [Provenance::Documented, Provenance::Documented],
        note: "",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_are_not_custom_until_changed() {
        for id in PackId::ALL {
            let policy = Policy::pack(id);
            assert_eq!(policy.name(), id.name());
            let changed = Policy { fee_percent: percent(3), ..policy };
            assert_eq!(changed.name(), "custom");
        }
    }

    #[test]
    fn the_fee_and_the_full_refund_window_turn_at_day_five() {
        let csp = Policy::pack(PackId::Csp2020);
        assert!(!csp.charges_fee(5));
        assert!(csp.charges_fee(6));
        assert!(csp.full_refund_applies(5, false));
        assert!(!csp.full_refund_applies(5, true));
        assert!(!csp.full_refund_applies(6, false));
        let azure = Policy::pack(PackId::Azure2026);
        assert!(!azure.charges_fee(400));
        assert!(azure.full_refund_applies(5, true));
        assert!(!azure.full_refund_applies(6, false));
    }

    #[test]
    fn the_full_refund_rule_is_observed_under_azure_2026_and_documented_in_2020() {
        assert_eq!(Policy::pack(PackId::Azure2026).full_refund_provenance(), Provenance::Observed);
        assert_eq!(Policy::pack(PackId::Csp2020).full_refund_provenance(), Provenance::Documented);
        let custom = Policy { fee_percent: percent(3), ..Policy::pack(PackId::Azure2026) };
        assert_eq!(custom.full_refund_provenance(), Provenance::Observed);
    }

    #[test]
    fn every_policy_field_is_a_listed_parameter() {
        let json = serde_json::to_value(Policy::pack(PackId::Azure2026)).unwrap();
        let keys: Vec<_> = json
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "base" && *k != "customized")
            .cloned()
            .collect();
        let listed: Vec<_> = PARAMETERS.iter().map(|p| p.key.to_string()).collect();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        assert_eq!(keys_sorted, listed_sorted);
    }
}
