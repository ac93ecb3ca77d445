//! Working offline: registers the service worker (`dist/sw.js`, written by `cargo xtask build`)
//! where `elos_core::offline` says so, shows "available offline" once it controls the page, and
//! offers a waiting new version only outside a presentation (`offline::when_update_waits`).

use elos_core::offline::{
    should_register, when_update_waits, Context, ToWorker, Update, WORKER_URL,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::present::in_frame;
use crate::state::UiState;
use crate::ui::{flag, text};

/// The service worker's state as far as the page shows it; provided by context.
#[derive(Clone, Copy)]
pub struct Offline {
    /// A worker controls the page: it opens with no network.
    ready: RwSignal<bool>,
    /// A new version has installed and waits for the page's word.
    waiting: RwSignal<bool>,
    registration: StoredValue<Option<SendWrapper<web_sys::ServiceWorkerRegistration>>>,
    /// The reader asked for the new version: reload once it controls the page.
    reload_when_changed: StoredValue<bool>,
}

fn context() -> Context {
    if !in_frame() {
        return Context::TopLevel;
    }
    // Another site's page cannot be read: its address throws.
    let readable = window()
        .top()
        .ok()
        .flatten()
        .is_some_and(|top| top.location().href().is_ok());
    if readable {
        Context::SameOriginFrame
    } else {
        Context::CrossOriginFrame
    }
}

impl Offline {
    pub fn start() -> Self {
        let offline = Offline {
            ready: RwSignal::new(false),
            waiting: RwSignal::new(false),
            registration: StoredValue::new(None),
            reload_when_changed: StoredValue::new(false),
        };
        if !should_register(context(), window().is_secure_context()) {
            return offline;
        }
        let container = window().navigator().service_worker();
        offline.ready.set(container.controller().is_some());
        let on_change = Closure::<dyn Fn()>::new(move || {
            offline.ready.set(true);
            if offline.reload_when_changed.get_value() {
                let _ = window().location().reload();
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        // One listener for the page's life.
        on_change.forget();
        leptos::task::spawn_local(async move {
            let promise = container.register(WORKER_URL);
            let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
                return;
            };
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            offline.check_waiting(&registration);
            let on_found = Closure::<dyn Fn()>::new(move || {
                let Some(installing) = offline
                    .registration
                    .with_value(|r| r.as_ref().and_then(|r| r.installing()))
                else {
                    return;
                };
                let on_state = Closure::<dyn Fn()>::new(move || {
                    offline.registration.with_value(|r| {
                        if let Some(r) = r {
                            offline.check_waiting(r);
                        }
                    });
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            });
            registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
            on_found.forget();
            offline
                .registration
                .set_value(Some(SendWrapper::new(registration)));
        });
        offline
    }

    /// A new version waits when a worker is installed beside the one in control (the first
    /// install takes the page at once and is no update).
    fn check_waiting(self, registration: &web_sys::ServiceWorkerRegistration) {
        let controlled = window().navigator().service_worker().controller().is_some();
        if controlled && registration.waiting().is_some() {
            self.waiting.set(true);
        }
    }

    fn update_now(self) {
        self.reload_when_changed.set_value(true);
        self.registration.with_value(|r| {
            if let Some(waiting) = r.as_ref().and_then(|r| r.waiting()) {
                let _ = waiting.post_message(&ToWorker::Activate.encode().into());
            }
        });
    }
}

/// "Available offline", once it is true.
#[component]
pub fn OfflineBadge() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let i18n = expect_context::<I18n>();
    let said = text(move || {
        if offline.ready.get() {
            i18n.t("offline.ready")
        } else {
            String::new()
        }
    });
    view! {
        <p class="offline-ready" role="status">
            {said}
        </p>
    }
}

/// The offer of a new version — never during a presentation.
#[component]
pub fn UpdateOffer() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let held = flag(move || {
        !offline.waiting.get() || when_update_waits(state.presenting()) == Update::Hold
    });
    view! {
        // Not `.notice`: the area's notices are the data's and the address's.
        <p class="update-offer" hidden=held>
            <span>{i18n.tr("offline.update_ready")}</span>
            <button type="button" class="notice-close" on:click=move |_| offline.update_now()>
                {i18n.tr("offline.update_now")}
            </button>
        </p>
    }
}
