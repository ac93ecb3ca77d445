//! Watching an element's size with a `ResizeObserver`: a view first laid out inside a hidden
//! tab or accordion (0×0) gets its real size, and draws, when it is shown.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Keeps `size` at the element's content-box size in CSS pixels while it is shown; a hidden
/// element (0 px wide) leaves the last size in place.
pub fn watch_size<E>(node: NodeRef<E>, size: RwSignal<(f64, f64)>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
    NodeRef<E>: Copy,
{
    crate::ui::effect(move || {
        let Some(el) = node.get() else { return };
        let Some(el) = el.dyn_ref::<web_sys::Element>().cloned() else {
            return;
        };
        let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let rect = entry.content_rect();
            let now = (rect.width(), rect.height());
            // Only the width says whether it is shown: an empty box is 0 px tall but laid out.
            if now.0 >= 1.0 && now != size.get_untracked() {
                size.set(now);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            // Dropped with the element: disconnect then, and free the callback.
            let observer = send_wrapper::SendWrapper::new(observer);
            let on_resize = send_wrapper::SendWrapper::new(on_resize);
            on_cleanup(move || {
                observer.disconnect();
                drop(on_resize);
            });
        }
    });
}
