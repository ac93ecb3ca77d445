//! Country names in the UI language from the browser's own `Intl.DisplayNames`, so no table of
//! ~250 names × languages ships with the page.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Answers already asked for, by (language, code): building an `Intl.DisplayNames` costs far
    /// more than the lookup, and a map of 5,000 partners asks for the same few countries.
    static NAMES: RefCell<HashMap<(String, String), Option<String>>> = RefCell::default();
}

/// "JP" → "Japão" (pt-BR), "Japan" (en); `None` when the browser cannot say.
pub fn country_name(lang: &str, iso: &str) -> Option<String> {
    if iso.len() != 2 {
        return None;
    }
    let key = (lang.to_owned(), iso.to_owned());
    if let Some(known) = NAMES.with(|names| names.borrow().get(&key).cloned()) {
        return known;
    }
    let name = ask_browser(lang, iso);
    NAMES.with(|names| names.borrow_mut().insert(key, name.clone()));
    name
}

fn ask_browser(lang: &str, iso: &str) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &JsValue::from_str("DisplayNames"))
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &JsValue::from_str("type"),
        &JsValue::from_str("region"),
    )
    .ok()?;
    let args = js_sys::Array::of2(&JsValue::from_str(lang), &options);
    let names = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let of: js_sys::Function = js_sys::Reflect::get(&names, &JsValue::from_str("of"))
        .ok()?
        .dyn_into()
        .ok()?;
    of.call1(&names, &JsValue::from_str(iso)).ok()?.as_string()
}
