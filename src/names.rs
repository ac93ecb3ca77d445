//! Country names in the UI language from the browser's own `Intl.DisplayNames`, so no table of
//! ~250 names × languages ships with the page.

use wasm_bindgen::{JsCast, JsValue};

/// "JP" → "Japão" (pt-BR), "Japan" (en); `None` when the browser cannot say.
pub fn country_name(lang: &str, iso: &str) -> Option<String> {
    if iso.len() != 2 {
        return None;
    }
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
