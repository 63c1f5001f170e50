//! Where the person is, kept in the URL's hash so that a reload (or the back button) returns there.

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The customer list.
    Customers,
    /// One customer.
    Customer(String),
    /// One customer's refund limit over time.
    Limit(String),
    /// The refund planner for one customer (issue 15).
    Planner(String),
    /// One reservation of one customer.
    Reservation(String, String),
    /// The printable estimate of refunding some units of a reservation.
    Estimate(String, String, u32),
    /// The printable estimate of the exchange basket made on a reservation's page.
    ExchangeEstimate(String, String),
    /// The policy in force, and the side-by-side comparison.
    Policy,
    /// The whole activity log.
    Activity,
    /// Import and export.
    Data,
    /// Training: lessons and exercises, with the class code a link gives, if any.
    Training(Option<String>),
}

impl Route {
    /// The route a hash (`#/customer/contoso`) names; anything unknown is the customer list.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<String> = path.split('/').filter(|p| !p.is_empty()).map(decode).collect();
        match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["customer", id] => Route::Customer(id.to_string()),
            ["customer", id, "limit"] => Route::Limit(id.to_string()),
            ["customer", id, "plan"] => Route::Planner(id.to_string()),
            ["customer", id, "reservation", r] => Route::Reservation(id.to_string(), r.to_string()),
            ["customer", id, "reservation", r, "exchange-estimate"] => {
                Route::ExchangeEstimate(id.to_string(), r.to_string())
            }
            ["customer", id, "reservation", r, "estimate", units] => match units.parse() {
                Ok(units) => Route::Estimate(id.to_string(), r.to_string(), units),
                Err(_) => Route::Reservation(id.to_string(), r.to_string()),
            },
            ["policy"] => Route::Policy,
            ["activity"] => Route::Activity,
            ["data"] => Route::Data,
            ["training"] => Route::Training(None),
            ["training", code] => Route::Training(Some(code.to_string())),
            _ => Route::Customers,
        }
    }

    /// The hash for this route.
    pub fn hash(&self) -> String {
        match self {
            Route::Customers => "#/".into(),
            Route::Customer(id) => format!("#/customer/{}", encode(id)),
            Route::Limit(id) => format!("#/customer/{}/limit", encode(id)),
            Route::Planner(id) => format!("#/customer/{}/plan", encode(id)),
            Route::Reservation(id, r) => format!("#/customer/{}/reservation/{}", encode(id), encode(r)),
            Route::ExchangeEstimate(id, r) => {
                format!("#/customer/{}/reservation/{}/exchange-estimate", encode(id), encode(r))
            }
            Route::Estimate(id, r, units) => {
                format!("#/customer/{}/reservation/{}/estimate/{units}", encode(id), encode(r))
            }
            Route::Policy => "#/policy".into(),
            Route::Activity => "#/activity".into(),
            Route::Data => "#/data".into(),
            Route::Training(None) => "#/training".into(),
            Route::Training(Some(code)) => format!("#/training/{}", encode(code)),
        }
    }
}

/// Percent-encodes everything but letters, digits, `-`, `_` and `.`, so any ID fits in a hash.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
