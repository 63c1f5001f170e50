//! Offline after one visit, and a new build only when the person says so.
//!
//! The service worker (`web/sw.js`, its file list filled in by `tools/post-build.mjs`) keeps every
//! file of the build it came with and serves the page from them, network or not. A new build's
//! worker installs in the background beside it and waits: this page learns of it here and offers
//! a reload (`data-testid="update-ready"`). Only when the person accepts is the waiting worker told
//! to take over (`skip-waiting`), and the page reloads once it has — so a page never runs one
//! build's HTML with another's wasm, and a presenter is never reloaded mid-sentence.
//!
//! Registered only where a worker can exist: a page served over http(s) (the single file, opened
//! from disk, has none), in a browser that offers `navigator.serviceWorker`.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use crate::i18n::{t, Key};

/// The worker's file, beside index.html.
const WORKER: &str = "sw.js";
/// The message `web/sw.js` answers by taking over (`self.skipWaiting()`).
const TAKE_OVER: &str = "skip-waiting";

thread_local! {
    /// Whether a new build waits for the person. Outlives any one render of the page (a change of
    /// language writes the page again), so it is not owned by the component.
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
    /// Set when the person accepted: only then does a change of worker reload the page (the first
    /// visit's worker also takes control, and that must not reload anything).
    static ACCEPTED: Cell<bool> = const { Cell::new(false) };
}

/// "A new version is ready — reload", shown while a new build waits. Registers the worker the
/// first time it is drawn.
#[component]
pub fn UpdateReady() -> impl IntoView {
    let ready = READY.with(Clone::clone);
    if !REGISTERED.replace(true) {
        register(ready.clone());
    }
    let (dismissed, dismiss) = signal(false);
    view! {
        <div class="notice-area" role="status" aria-live="polite">
            {move || (ready.get() && !dismissed.get()).then(|| view! {
                <div class="notice ok" data-testid="update-ready">
                    <span>{t(Key::UpdateReady)}</span>
                    <button class="link" data-testid="update-reload" on:click=move |_| accept()>
                        {t(Key::UpdateReload)}
                    </button>
                    <button class="link" aria-label=t(Key::Dismiss) on:click=move |_| dismiss.set(true)>"×"</button>
                </div>
            })}
        </div>
    }
}

/// The browser's worker container, when this page may have a worker at all.
fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    // Absent outside secure contexts (http other than localhost): nothing to register then.
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return None;
    }
    Some(navigator.service_worker())
}

fn register(ready: ArcRwSignal<bool>) {
    let Some(container) = container() else { return };
    let reload_when_accepted = Closure::<dyn FnMut()>::new(|| {
        if ACCEPTED.get() {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(reload_when_accepted.as_ref().unchecked_ref()));
    reload_when_accepted.forget();

    let registering = container.register(WORKER);
    wasm_bindgen_futures::spawn_local(async move {
        // A refused registration leaves the app as it was without a worker: online only.
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(registering).await else { return };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.clone()));
        watch(&registration, ready);
    });
}

/// Offers the reload as soon as a new build's worker has installed, whether it was found before
/// this page asked (waiting, or still installing) or later.
fn watch(registration: &ServiceWorkerRegistration, ready: ArcRwSignal<bool>) {
    offer_if_waiting(registration, &ready);
    if let Some(installing) = registration.installing() {
        follow(installing, registration.clone(), ready.clone());
    }
    let found = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = found.installing() {
            follow(installing, found.clone(), ready.clone());
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

fn follow(worker: web_sys::ServiceWorker, registration: ServiceWorkerRegistration, ready: ArcRwSignal<bool>) {
    let watched = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed {
            offer_if_waiting(&registration, &ready);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// A waiting worker is a new build only when another one controls this page; on the first visit
/// the worker waits for nobody and takes control by itself.
fn offer_if_waiting(registration: &ServiceWorkerRegistration, ready: &ArcRwSignal<bool>) {
    let controlled = container().and_then(|c| c.controller()).is_some();
    if controlled && registration.waiting().is_some() {
        ready.set(true);
    }
}

/// The person accepted: the waiting worker takes over, and the page reloads when it has. If it is
/// gone already (another tab accepted), this page's worker is the new one: reload now.
fn accept() {
    ACCEPTED.set(true);
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&JsValue::from_str(TAKE_OVER));
        }
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    }
}
