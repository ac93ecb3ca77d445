//! Elos inside a host page: the host's look on the root element, the frame's width (which
//! chooses the layout) and height (told to the host page's `elos-embed.js`), and the widget's
//! own parts — the compact view, the one-line credit with its "open the full explorer" link,
//! and full screen where the frame allows it. The rules are the core's (`elos_core::embed`).
//!
//! A good guest: nothing here listens for keys, stores anything or asks any server.

use std::cell::Cell;
use std::rc::Rc;

use elos_core::describe;
use elos_core::embed::{is_size_query, short_list, size_messages, AccentColours, HostLook, Scheme};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::{Highlight, UiState};

/// Whether the page is inside another page's frame.
pub fn framed() -> bool {
    window()
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| JsValue::from(parent) != JsValue::from(window()))
}

/// Puts the host's look on `<html>`: classes for the stylesheet (`embed`, `scheme-light`,
/// `scheme-dark`, `transparent`) and, for `accent=`, the core's colours as CSS variables
/// (through the CSSOM, which the page's Content-Security-Policy allows).
pub fn apply_look(look: HostLook) {
    let Some(root) = document().document_element() else {
        return;
    };
    let classes = root.class_list();
    let scheme = match look.scheme {
        Scheme::Auto => "",
        Scheme::Light => "scheme-light",
        Scheme::Dark => "scheme-dark",
    };
    for (on, class) in [
        (look.embed, "embed"),
        (!scheme.is_empty(), scheme),
        (look.transparent, "transparent"),
    ] {
        if on {
            let _ = classes.add_1(class);
        }
    }
    if let (Some(accent), Some(root)) = (look.accent, root.dyn_ref::<web_sys::HtmlElement>()) {
        for (name, value) in AccentColours::new(accent).css_variables() {
            let _ = root.style().set_property(name, &value);
        }
    }
}

/// Follows the frame's size with one `ResizeObserver` on the document: returns the frame's
/// width in CSS px (kept while it is hidden), and when framed, posts the page's height to the
/// host page whenever it changes (at most every 100 ms), and again when the loader asks.
pub fn watch_frame(i18n: I18n) -> RwSignal<f64> {
    let width = RwSignal::new(
        window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(0.0),
    );
    let Some(root) = document().document_element() else {
        return width;
    };
    let framed = framed();
    let last_px = Rc::new(Cell::new(0u32));
    let pending = Rc::new(Cell::new(false));
    let post = {
        let last_px = Rc::clone(&last_px);
        move || {
            let title = untrack(|| i18n.t("embed.frame_title"));
            post_height(&last_px, &title);
        }
    };
    let on_resize = {
        let post = post.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Some(w) = window().inner_width().ok().and_then(|w| w.as_f64()) {
                if w >= 1.0 && w != width.get_untracked() {
                    width.set(w);
                }
            }
            if framed && !pending.replace(true) {
                let (post, pending) = (post.clone(), Rc::clone(&pending));
                set_timeout(
                    move || {
                        pending.set(false);
                        post();
                    },
                    std::time::Duration::from_millis(100),
                );
            }
        })
    };
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The page lives as long as the observer: nothing to free.
    on_resize.forget();
    if framed {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let parent = window().parent().ok().flatten().map(JsValue::from);
                if ev.source().map(JsValue::from) != parent {
                    return;
                }
                let field =
                    |name: &str| js_sys::Reflect::get(&ev.data(), &JsValue::from_str(name)).ok();
                let kind = field("type").and_then(|v| v.as_string());
                let version = field("version").and_then(|v| v.as_f64());
                if is_size_query(kind.as_deref(), version) {
                    last_px.set(0);
                    post();
                }
            });
        let _ = window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        on_message.forget();
    }
    width
}

/// Tells the host page the page's height, if it changed: in Elos' own message and the two
/// common shapes (`elos_core::embed::size_messages`). A hidden frame has no height to tell.
fn post_height(last_px: &Cell<u32>, title: &str) {
    let Some(root) = document().document_element() else {
        return;
    };
    let height = root.get_bounding_client_rect().height().ceil();
    if height < 1.0 || height as u32 == last_px.get() {
        return;
    }
    last_px.set(height as u32);
    let Some(parent) = window().parent().ok().flatten() else {
        return;
    };
    let href = window().location().href().unwrap_or_default();
    let [own, common, iframely] = size_messages(height as u32, title, &href);
    for text in [own, common] {
        if let Ok(message) = js_sys::JSON::parse(&text) {
            let _ = parent.post_message(&message, "*");
        }
    }
    let _ = parent.post_message(&JsValue::from_str(&iframely), "*");
}

/// The address of the app's folder (`https://…/elos/`), from the page's own.
pub fn folder_url() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// The full explorer's address for the view on screen (without the host look).
fn full_url(state: UiState) -> String {
    let query = state.view_query();
    if query.is_empty() {
        folder_url()
    } else {
        format!("{}?{query}", folder_url())
    }
}

/// The compact widget's list: the home city's main links (`elos_core::embed::short_list`);
/// choosing one opens its details, and the rest are a link away.
#[component]
pub fn ShortList() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let highlight = expect_context::<Highlight>();
    let shown = crate::ui::derived(move || {
        let links = model.map_links.get();
        model
            .with_ds(|ds| short_list(ds, &links, elos_core::embed::SHORT_LIST_LEN))
            .unwrap_or_default()
    });
    let rows = move || {
        let cat = i18n.cat();
        shown.with(|links| {
            model.with_ds(|ds| {
                links
                    .iter()
                    .map(|l| {
                        let coop = ds.cooperation(l.cooperation);
                        let (id, lit_id) = (coop.id.clone(), coop.id.clone());
                        let detail = format!(
                            "{} · {}",
                            describe::kind_name(&cat, coop),
                            describe::since(&cat, coop)
                        );
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class=format!("short-item kind-{}", coop.kind.key())
                                    class:highlight=move || highlight.is_selected(&lit_id)
                                    on:click=move |_| state.selected_id.set(Some(id.clone()))
                                >
                                    <span class="name">
                                        {describe::party_name(&cat, ds, l.partner)}
                                    </span>
                                    <span class="detail">{detail}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let more = move || {
        model
            .map_links
            .with(Vec::len)
            .saturating_sub(shown.with(Vec::len))
    };
    view! {
        <section class="short-list" aria-labelledby="short-list-title">
            <h2 id="short-list-title" class="pane-title">
                {i18n.tr("embed.list_title")}
            </h2>
            <ul class="plain">{rows}</ul>
            <Show when=move || { more() > 0 }>
                <p>
                    <a href=move || full_url(state) target="_blank" rel="noopener">
                        {move || i18n.plural("embed.more", more(), &[])}
                        <span class="visually-hidden">" " {i18n.tr("embed.new_tab")}</span>
                    </a>
                </p>
            </Show>
        </section>
    }
}

/// The one line left of the credits block in a host page, with the way out to the full
/// explorer (a new tab: the host page stays) and full screen where the frame allows it.
#[component]
pub fn EmbedCredit() -> impl IntoView {
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    view! {
        <footer class="embed-credit">
            <span>{i18n.tr("embed.credit")}</span>
            <a href=move || full_url(state) target="_blank" rel="noopener">
                {i18n.tr("embed.open_full")}
                <span class="visually-hidden">" " {i18n.tr("embed.new_tab")}</span>
            </a>
            <FullScreen />
        </footer>
    }
}

/// Full screen for the whole frame, offered only where the host allows it (`allow="fullscreen"`:
/// `document.fullscreenEnabled`).
#[component]
fn FullScreen() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let doc = document();
    if !doc.fullscreen_enabled() {
        return ().into_any();
    }
    let on = RwSignal::new(false);
    // Esc leaves full screen without the button: follow the document.
    let on_change =
        Closure::<dyn Fn()>::new(move || on.set(document().fullscreen_element().is_some()));
    let _ = doc
        .add_event_listener_with_callback("fullscreenchange", on_change.as_ref().unchecked_ref());
    on_change.forget();
    let toggle = move |_| {
        let doc = document();
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        } else if let Some(root) = doc.document_element() {
            let _ = root.request_fullscreen();
        }
    };
    view! {
        <button type="button" class="fullscreen" on:click=toggle>
            {move || i18n.t(if on.get() { "embed.exit_fullscreen" } else { "embed.fullscreen" })}
        </button>
    }
    .into_any()
}
