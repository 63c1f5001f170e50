//! Mounts the app. Everything else is in `lib.rs`, where tests can reach it.
fn main() {
    reservoir_app::start();
}
