//! The one UI state: a small `Copy` struct of signals, provided by context and mirrored in the
//! URL query so that every view can be linked to.

use leptos::prelude::*;

use elos_core::model::LinkKind;

/// Main view: the map with the timeline, or the table (the map's text equivalent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Map,
    Table,
}

impl View {
    pub fn key(self) -> &'static str {
        match self {
            View::Map => "map",
            View::Table => "table",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct UiState {
    /// UI language tag (`pt-BR`, `en`, `es`).
    pub lang: RwSignal<String>,
    /// Chosen home city id; `None` shows every home city.
    pub home_city_id: RwSignal<Option<String>>,
    /// Selected item id (city, network, organisation, cooperation or event).
    pub selected_id: RwSignal<Option<String>>,
    /// Item under the pointer or keyboard focus, highlighted on both map and timeline.
    pub hovered_id: RwSignal<Option<String>>,
    pub view: RwSignal<View>,
    /// Link kinds switched off in the legend.
    pub hidden_kinds: RwSignal<Vec<LinkKind>>,
    /// Dataset address from `?data=`; `None` is the bundled example.
    pub data_url: RwSignal<Option<String>>,
    /// Time window (whole years, inclusive); `None` leaves that end open. While a window is
    /// set, the map shows only the links made in it.
    pub year_from: RwSignal<Option<i32>>,
    pub year_to: RwSignal<Option<i32>>,
    /// The timeline is playing: `year_to` advances by itself.
    pub playing: RwSignal<bool>,
}

/// What the query string said when the page opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub lang: Option<String>,
    pub city: Option<String>,
    pub sel: Option<String>,
    pub view: Option<View>,
    pub hide: Vec<LinkKind>,
    pub data: Option<String>,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

pub fn read_query() -> Query {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Query::default();
    };
    let get = |k: &str| params.get(k).filter(|v| !v.is_empty());
    Query {
        lang: get("lang"),
        city: get("city"),
        sel: get("sel"),
        view: match get("view").as_deref() {
            Some("table") => Some(View::Table),
            Some("map") => Some(View::Map),
            _ => None,
        },
        hide: get("hide")
            .map(|h| h.split(',').filter_map(LinkKind::from_key).collect())
            .unwrap_or_default(),
        data: get("data"),
        from: get("from").and_then(|y| y.parse().ok()),
        to: get("to").and_then(|y| y.parse().ok()),
    }
}

impl UiState {
    pub fn new(query: &Query, lang: String) -> Self {
        Self {
            lang: RwSignal::new(lang),
            home_city_id: RwSignal::new(query.city.clone()),
            selected_id: RwSignal::new(query.sel.clone()),
            hovered_id: RwSignal::new(None),
            view: RwSignal::new(query.view.unwrap_or_default()),
            hidden_kinds: RwSignal::new(query.hide.clone()),
            data_url: RwSignal::new(query.data.clone()),
            year_from: RwSignal::new(query.from),
            year_to: RwSignal::new(query.to),
            playing: RwSignal::new(false),
        }
    }

    /// The query string for the current state (only what differs from the defaults).
    pub fn to_query(self, default_lang: &str) -> String {
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return String::new();
        };
        if let Some(d) = self.data_url.get() {
            params.append("data", &d);
        }
        let lang = self.lang.get();
        if lang != default_lang {
            params.append("lang", &lang);
        }
        if let Some(c) = self.home_city_id.get() {
            params.append("city", &c);
        }
        if self.view.get() != View::Map {
            params.append("view", self.view.get().key());
        }
        let hidden = self.hidden_kinds.get();
        if !hidden.is_empty() {
            let keys: Vec<&str> = hidden.iter().map(|k| k.key()).collect();
            params.append("hide", &keys.join(","));
        }
        if let Some(y) = self.year_from.get() {
            params.append("from", &y.to_string());
        }
        if let Some(y) = self.year_to.get() {
            params.append("to", &y.to_string());
        }
        if let Some(s) = self.selected_id.get() {
            params.append("sel", &s);
        }
        let q: String = params.to_string().into();
        if q.is_empty() {
            q
        } else {
            format!("?{q}")
        }
    }
}

/// Keeps the address bar in step with the state, without adding history entries.
/// `browser_lang` is what the browser alone would choose: `lang` is written whenever the page
/// shows another, so a reload or a shared link keeps the language the person picked.
pub fn mirror_in_url(state: UiState, browser_lang: String) {
    Effect::new(move |_| {
        let query = state.to_query(&browser_lang);
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        let url = format!("{path}{query}");
        let current = format!("{path}{}", location.search().unwrap_or_default());
        if url != current {
            if let Ok(history) = window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    });
}
