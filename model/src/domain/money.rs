//! Currencies, amounts, and the one rounding rule of policy.md §3.
//!
//! Every amount is a `rust_decimal::Decimal`; no float ever holds money. An amount is rounded to its
//! currency's minor unit, half away from zero, at the step where a multiplication or division first
//! produces it ([`Currency::round`]); sums and differences of rounded amounts stay exact, which is
//! why every breakdown adds up to the cent.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::domain::limits::MAX_RATE;

/// A billing currency, by its ISO 4217 code, with the number of decimals of its minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_unit_digits: u32,
}

/// The billing currencies Azure invoices in, with their ISO 4217 minor units. A code outside this
/// table is refused at the edge rather than guessed at, since the minor unit decides the rounding.
const KNOWN_CURRENCIES: &[(&str, u32)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PLN", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("TRY", 2),
    ("TWD", 2),
    ("USD", 2),
    ("ZAR", 2),
];

impl Currency {
    /// US dollars: the pricing currency, in which the refund limit is counted.
    pub const USD: Currency = Currency { code: *b"USD", minor_unit_digits: 2 };

    /// The currency with this ISO code (upper case), if Reservoir knows its minor unit.
    pub fn from_code(code: &str) -> Option<Currency> {
        KNOWN_CURRENCIES.iter().find(|(known, _)| *known == code).map(|(known, digits)| Currency {
            code: known.as_bytes().try_into().expect("codes are three letters"),
            minor_unit_digits: *digits,
        })
    }

    /// Every currency Reservoir knows, for pickers.
    pub fn all() -> impl Iterator<Item = Currency> {
        KNOWN_CURRENCIES.iter().filter_map(|(code, _)| Currency::from_code(code))
    }

    /// The three-letter ISO code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).expect("codes are ASCII")
    }

    /// Decimals of the minor unit (2 for USD, EUR, GBP, SEK; 0 for JPY).
    pub fn minor_unit_digits(&self) -> u32 {
        self.minor_unit_digits
    }

    /// Rounds a freshly produced amount to this currency's minor unit, half away from zero:
    /// policy.md's one rounding rule. (`Decimal::round_dp` rounds half to even and must not be used.)
    pub fn round(&self, value: Decimal) -> Money {
        let mut amount =
            value.round_dp_with_strategy(self.minor_unit_digits, RoundingStrategy::MidpointAwayFromZero);
        // `round_dp_with_strategy` never adds digits (4500 stays 4500), and `Money::amount` promises
        // exactly the minor unit's digits (4500.00), as the ledger and the activity log show it.
        amount.rescale(self.minor_unit_digits);
        Money { currency: *self, amount }
    }

    /// Zero in this currency.
    pub fn zero(&self) -> Money {
        self.round(Decimal::ZERO)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// An amount of money: always rounded to its currency's minor unit, because the only ways to make
/// one are [`Currency::round`] and exact sums or differences of other `Money`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    currency: Currency,
    amount: Decimal,
}

impl Money {
    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount, with exactly the currency's minor-unit digits.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The exact sum. Both sides must be in one currency; mixing is a programming error that the
    /// edge rules out (a request that mixes currencies in one exchange is refused there).
    pub fn plus(self, other: Money) -> Money {
        debug_assert_eq!(self.currency, other.currency, "adding two currencies");
        Money { currency: self.currency, amount: self.amount + other.amount }
    }

    /// The exact difference.
    pub fn minus(self, other: Money) -> Money {
        debug_assert_eq!(self.currency, other.currency, "subtracting two currencies");
        Money { currency: self.currency, amount: self.amount - other.amount }
    }

    /// True when the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// The sum of amounts in one currency (zero of `currency` when there are none).
    pub fn sum(currency: Currency, amounts: impl IntoIterator<Item = Money>) -> Money {
        amounts.into_iter().fold(currency.zero(), Money::plus)
    }

    /// The amount as the decimal string the quote format uses, with exactly the minor-unit digits.
    pub fn amount_string(&self) -> String {
        let mut amount = self.amount;
        amount.rescale(self.currency.minor_unit_digits);
        amount.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount_string())
    }
}

/// Money serializes as the Azure API writes it: `{ "currencyCode": "GBP", "amount": "20.72" }`,
/// the amount a decimal string with exactly the currency's minor-unit digits.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut money = serializer.serialize_struct("Money", 2)?;
        money.serialize_field("currencyCode", self.currency.code())?;
        money.serialize_field("amount", &self.amount_string())?;
        money.end()
    }
}

/// An exchange rate: USD per one unit of a billing currency. Positive and bounded (a validated
/// type, so a rate of zero or a negative rate cannot reach the arithmetic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UsdRate(Decimal);

impl UsdRate {
    /// The rate of USD itself.
    pub const ONE: UsdRate = UsdRate(Decimal::ONE);

    /// A rate, if it is positive and at most [`MAX_RATE`].
    pub fn new(usd_per_unit: Decimal) -> Option<UsdRate> {
        (usd_per_unit > Decimal::ZERO && usd_per_unit <= MAX_RATE).then_some(UsdRate(usd_per_unit))
    }

    /// USD per one unit of the billing currency.
    pub fn usd_per_unit(&self) -> Decimal {
        self.0
    }

    /// The USD side of a billing amount: amount × rate, rounded (policy.md §3).
    pub fn to_usd(&self, billing: Money) -> Money {
        if billing.currency == Currency::USD {
            return billing;
        }
        Currency::USD.round(billing.amount * self.0)
    }
}

impl Serialize for UsdRate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero_not_half_even() {
        let usd = Currency::USD;
        for (input, expected) in [
            ("0.125", "0.13"),
            ("0.135", "0.14"),
            ("-0.125", "-0.13"),
            ("2.004999", "2.00"),
            ("1321.9668", "1321.97"),
        ] {
            assert_eq!(usd.round(d(input)).amount_string(), expected, "{input}");
        }
        let yen = Currency::from_code("JPY").unwrap();
        assert_eq!(yen.round(d("2.5")).amount_string(), "3");
    }

    #[test]
    fn amount_strings_carry_exactly_the_minor_unit_digits() {
        assert_eq!(Currency::USD.round(d("50000")).amount_string(), "50000.00");
        assert_eq!(Currency::USD.round(d("4500")).amount().to_string(), "4500.00");
        assert_eq!(
            Currency::USD.round(d("4500")).plus(Currency::USD.round(d("500"))).amount().to_string(),
            "5000.00"
        );
        assert_eq!(Currency::USD.zero().amount_string(), "0.00");
    }

    #[test]
    fn the_usd_side_is_rounded_where_it_is_produced() {
        let gbp = Currency::from_code("GBP").unwrap();
        let rate = UsdRate::new(d("1.2027")).unwrap();
        assert_eq!(rate.to_usd(gbp.round(d("20.72"))).amount_string(), "24.92");
    }

    #[test]
    fn unknown_codes_and_bad_rates_are_refused() {
        assert_eq!(Currency::from_code("XYZ"), None);
        assert_eq!(Currency::from_code("usd"), None);
        assert_eq!(UsdRate::new(Decimal::ZERO), None);
        assert_eq!(UsdRate::new(d("-1")), None);
    }
}
