//! The one place the app touches browser storage (through gloo-storage).
//!
//! What is stored is `Session::to_stored()`. Stored data the app cannot read is never overwritten:
//! the app says so, keeps it, offers it for download, and starts fresh only when asked. When to
//! write is decided in the engine (`reservoir::persistence`); this module only reads and writes.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The storage key of the session.
pub const KEY: &str = "reservoir.session";

/// The storage key of the language chosen in the menu: beside the session, not in it, so that
/// Undo never takes a language back and an exported workspace carries none.
pub const LOCALE_KEY: &str = "reservoir.locale";

/// The language code chosen before, if any.
pub fn load_locale() -> Option<String> {
    LocalStorage::raw().get_item(LOCALE_KEY).ok().flatten()
}

/// Keeps the language chosen. A storage that refuses it (full, disabled) only means the next visit
/// follows the browser's languages again: nothing else is lost.
pub fn save_locale(code: &str) {
    let _ = LocalStorage::raw().set_item(LOCALE_KEY, code);
}

/// The storage key of the partner's name typed on a printed estimate: beside the session, not in
/// it (the partner's letterhead is no part of the simulation, and Undo never takes it back).
pub const PARTNER_NAME_KEY: &str = "reservoir.partner-name";

/// The partner's name typed on an estimate before, if any.
pub fn load_partner_name() -> Option<String> {
    LocalStorage::raw().get_item(PARTNER_NAME_KEY).ok().flatten()
}

/// Keeps the partner's name for the next estimate. A storage that refuses it only means the name
/// is typed again next time.
pub fn save_partner_name(name: &str) {
    let _ = LocalStorage::raw().set_item(PARTNER_NAME_KEY, name);
}

/// The storage key of what the browser's `Intl` said of each language's marks and months
/// (`i18n/intl.rs`): asking again costs a page 30 to 60 ms.
pub const CLDR_KEY: &str = "reservoir.cldr";

/// What was kept of the browser's `Intl`, if anything.
pub fn load_cldr() -> Option<String> {
    LocalStorage::raw().get_item(CLDR_KEY).ok().flatten()
}

/// Keeps what the browser's `Intl` said. A storage that refuses it only means `Intl` is asked
/// again on the next visit.
pub fn save_cldr(text: &str) {
    let _ = LocalStorage::raw().set_item(CLDR_KEY, text);
}

/// The storage key of training progress (issue 13): each learner's class and answers, apart
/// from the session, so that a class never touches the partner's workspace and Undo never takes
/// an answer back.
pub const TRAINING_KEY: &str = "reservoir.training";

/// The training progress kept before, if any.
pub fn load_training() -> Option<String> {
    LocalStorage::raw().get_item(TRAINING_KEY).ok().flatten()
}

/// Keeps the training progress; the error says why it could not (a full quota, most often).
pub fn save_training(text: &str) -> Result<(), String> {
    LocalStorage::raw().set_item(TRAINING_KEY, text).map_err(|error| js_name(&error))
}

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
    match long_item(KEY) {
        Ok(Some(text)) => Stored::Text(text),
        Ok(None) => Stored::Nothing,
        Err(error) => Stored::Unavailable(format!("{error:?}")),
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `Storage`, with a `getItem` that answers the browser's own string rather
    /// than a copy of it.
    #[wasm_bindgen(js_name = Storage)]
    type StorageArea;

    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_as_js(this: &StorageArea, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;

    /// The browser's UTF-8 encoder.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;

    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;

    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Utf8Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

/// A stored text that may be long (a big book's session), copied into the module as UTF-8 by the
/// browser's own encoder. A plain `get_item` has wasm-bindgen copy the text one character at a
/// time in JavaScript: for a book of 20,000 reservations (1.4 M characters), 15 ms of opening in
/// Chromium, and again at every change, whose save reads what is stored first.
fn long_item(key: &str) -> Result<Option<String>, JsValue> {
    let storage: StorageArea = wasm_bindgen::JsCast::unchecked_into(LocalStorage::raw());
    let Some(text) = storage.get_item_as_js(key)? else { return Ok(None) };
    let bytes = Utf8Encoder::new().encode(&text).to_vec();
    // The encoder writes valid UTF-8 (a lone surrogate becomes U+FFFD, as wasm-bindgen's own
    // copy makes it), so the lossy branch is never taken; it is there so that nothing can panic.
    Ok(Some(
        String::from_utf8(bytes).unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned()),
    ))
}

/// Keeps a copy of data that is being set aside (unreadable, or the losing side of a conflict)
/// under its own key, so nothing a person had is ever simply gone. Returns false when it could not
/// be kept (a full storage, most often): the caller must then keep it some other way.
#[must_use]
pub fn set_aside(key_suffix: &str, text: &str) -> bool {
    LocalStorage::raw().set_item(&format!("{KEY}.{key_suffix}"), text).is_ok()
}

/// Takes `text` off the session key once a person's choice has kept it aside (Start fresh over
/// unreadable data, Keep this tab's in a conflict), so that the next save finds the key empty and
/// writes. Left there, it was still someone's work to the next save, which stopped at it: after
/// Start fresh nothing was saved again. Text another tab saved in the meantime is not what was
/// kept aside, and stays (the next save meets it as a conflict).
pub fn release(text: &str) -> Result<(), String> {
    match load() {
        Stored::Text(stored) if stored == text => {
            LocalStorage::raw().remove_item(KEY).map_err(|error| js_name(&error))
        }
        Stored::Unavailable(detail) => Err(detail),
        _ => Ok(()),
    }
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

/// The revision a stored text was saved at (`None` for text without one: version 1, or not JSON).
///
/// Read as JSON, whatever the layout. It used to be picked out of the first 120 characters as
/// `"revision":N`, which only matches this app's own compact writing: a newer save laid out any
/// other way (pretty-printed, with a space after the colon) had no revision, so the conflict check
/// let a change in this tab overwrite it.
pub fn revision_in(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        revision: Option<u64>,
    }
    serde_json::from_str::<Head>(text).ok()?.revision
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
