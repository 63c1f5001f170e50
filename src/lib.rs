//! The browser shell over the engine.
#![cfg(target_arch = "wasm32")]
use leptos::prelude::*;

/// Mounts the app on the page.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <main><h1>"Reservoir"</h1></main> });
}
