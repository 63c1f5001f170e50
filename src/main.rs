//! Mounts the app. Everything else is in `lib.rs`, where tests can reach it.
fn main() {
    #[cfg(target_arch = "wasm32")]
    reservoir_app::start();
}
