//! The browser shell over the engine (filled in by the app issue).
pub fn start() {}
