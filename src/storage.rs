//! The one place the app touches browser storage (through gloo-storage).
//!
//! What is stored is `Session::to_stored()`. Stored data the app cannot read is never overwritten:
//! the app says so, keeps it, offers it for download, and starts fresh only when asked.

use gloo_storage::{LocalStorage, Storage};

/// The storage key of the session.
pub const KEY: &str = "reservoir.session";

/// What became of the stored session at start.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    /// Nothing was stored.
    Nothing,
    /// A session, as text.
    Text(String),
    /// Storage could not be read at all (disabled, or a browser error).
    Unavailable(String),
}

/// Reads the stored session's text.
pub fn load() -> Stored {
    match LocalStorage::raw().get_item(KEY) {
        Ok(Some(text)) => Stored::Text(text),
        Ok(None) => Stored::Nothing,
        Err(error) => Stored::Unavailable(format!("{error:?}")),
    }
}

/// Keeps a copy of data that is being set aside (unreadable, or the losing side of a conflict)
/// under its own key, so nothing a person had is ever simply gone.
pub fn set_aside(key_suffix: &str, text: &str) {
    let _ = LocalStorage::raw().set_item(&format!("{KEY}.{key_suffix}"), text);
}

/// Writes the session's text; the error says why it failed (a full quota, most often).
pub fn save(text: &str) -> Result<(), String> {
    LocalStorage::raw().set_item(KEY, text).map_err(|error| {
        let name = js_name(&error);
        if is_quota_error(&name) {
            "quota".to_string()
        } else {
            name
        }
    })
}

/// The revision a stored text starts with.
pub fn revision_in(text: &str) -> Option<u64> {
    let head = &text[..text.len().min(120)];
    let after = &head[head.find("\"revision\":")? + "\"revision\":".len()..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The error's name (`QuotaExceededError`, ...), or its debug text.
fn js_name(error: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    error.dyn_ref::<web_sys::DomException>().map(|e| e.name()).unwrap_or_else(|| format!("{error:?}"))
}

/// Every major engine's name for a full storage: Chromium and WebKit say `QuotaExceededError`,
/// old Firefox `NS_ERROR_DOM_QUOTA_REACHED`.
fn is_quota_error(name: &str) -> bool {
    matches!(name, "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED")
}
