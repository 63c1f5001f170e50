//! A counter that keeps its count in browser storage, with a decimal and a date on screen: the
//! smallest app that uses every crate of the design card.
use leptos::prelude::*;
use gloo_storage::{LocalStorage, Storage};
use rust_decimal::Decimal;

#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Default)]
struct Count {
    clicks: u32,
}

fn main() {
    leptos::mount::mount_to_body(|| {
        let start: Count = LocalStorage::get("counter").unwrap_or_default();
        let count = RwSignal::new(start);
        Effect::new(move |_| {
            let _ = LocalStorage::set("counter", count.get());
        });
        let today = chrono::Utc::now().date_naive();
        view! {
            <main>
                <button id="increment" on:click=move |_| count.update(|c| c.clicks += 1)>"+1"</button>
                <p id="count">{move || count.get().clicks}</p>
                <p>{move || (Decimal::new(i64::from(count.get().clicks) * 125, 2)).to_string()}</p>
                <p>{today.to_string()}</p>
            </main>
        }
    });
}
