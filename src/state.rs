//! The one UI state: a small `Copy` struct of signals, provided by context and mirrored in the
//! URL query so that every view can be linked to.

use leptos::prelude::*;

use elos_core::filter::{Facet, Filters, Ignored};
use elos_core::model::{Item, LinkKind};
use elos_core::present::params::{Mode, PresentParams};
use elos_core::table::Sort;

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
    /// The filter panel's choices (the legend's kind toggles are its kind group).
    pub filters: RwSignal<Filters>,
    /// Text in the search box.
    pub search_text: RwSignal<String>,
    /// The table's order.
    pub sort: RwSignal<Sort>,
    /// Dataset address from `?data=`; `None` is the bundled example.
    pub data_url: RwSignal<Option<String>>,
    /// Time window (whole years, inclusive); `None` leaves that end open. While a window is
    /// set, the map shows only the links made in it.
    pub year_from: RwSignal<Option<i32>>,
    pub year_to: RwSignal<Option<i32>>,
    /// The timeline is playing: `year_to` advances by itself.
    pub playing: RwSignal<bool>,
    /// Present mode and its tour, step and kiosk settings (`mode`, `tour`, `step`, `autoplay`,
    /// `loop`, `idle`, `captions`).
    pub present: RwSignal<PresentParams>,
    /// What a tour's step highlights on the map, beside the selection and the hover (not in
    /// the URL: the step is).
    pub spotlight: RwSignal<Vec<Item>>,
}

/// What the query string said when the page opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub lang: Option<String>,
    pub city: Option<String>,
    pub sel: Option<String>,
    pub view: Option<View>,
    pub filters: Filters,
    pub q: String,
    pub sort: Sort,
    pub data: Option<String>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub present: PresentParams,
    /// Parameters that could not be used (an unknown name or a value that makes no sense).
    pub ignored: Vec<Ignored>,
}

/// Every parameter the app reads besides the filter groups (`Facet::key`); anything else in
/// the query is reported as ignored.
const KNOWN_PARAMS: [&str; 11] = [
    "lang", "city", "sel", "view", "hide", "data", "from", "to", "q", "sort",
    // Embedding options read by the host page's snippet, not by the app.
    "embed",
];

fn is_known_param(name: &str) -> bool {
    KNOWN_PARAMS.contains(&name)
        || elos_core::present::params::NAMES.contains(&name)
        || Facet::ALL.iter().any(|f| f.key() == name)
}

pub fn read_query() -> Query {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Query::default();
    };
    parse_query(|k| params.get(k), &param_names(&params))
}

fn param_names(params: &web_sys::UrlSearchParams) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(Some(keys)) = js_sys::try_iter(&params.keys()) {
        for k in keys.flatten() {
            if let Some(k) = k.as_string() {
                names.push(k);
            }
        }
    }
    names
}

/// The query's meaning, from a parameter getter and the parameter names present.
fn parse_query(get: impl Fn(&str) -> Option<String>, names: &[String]) -> Query {
    let get = |k: &str| get(k).filter(|v| !v.is_empty());
    let mut ignored: Vec<Ignored> = names
        .iter()
        .filter(|n| !is_known_param(n))
        .map(|n| Ignored {
            param: "",
            value: n.clone(),
        })
        .collect();
    let bad_values = std::cell::RefCell::new(Vec::new());
    let bad = |param: &'static str, value: &str| {
        bad_values.borrow_mut().push(Ignored {
            param,
            value: value.to_owned(),
        })
    };
    let view = match get("view").as_deref() {
        Some("table") => Some(View::Table),
        Some("map") | None => None,
        Some(other) => {
            bad("view", other);
            None
        }
    };
    let year = |key: &'static str| {
        let text = get(key)?;
        let y = text
            .parse::<i32>()
            .ok()
            .filter(|y| (-9999..=9999).contains(y));
        if y.is_none() {
            bad(key, &text);
        }
        y
    };
    let (from, to) = (year("from"), year("to"));
    let sort = match get("sort") {
        Some(s) => Sort::parse(&s).unwrap_or_else(|| {
            bad("sort", &s);
            Sort::default()
        }),
        None => Sort::default(),
    };
    let (mut filters, filter_ignored) = Filters::from_params(|k| get(k));
    ignored.extend(filter_ignored);
    let (present, present_ignored) = PresentParams::from_query(|k| get(k));
    ignored.extend(present_ignored.into_iter().map(Ignored::from));
    // `hide=` (the legend's setting in earlier links) is the kind filter's complement.
    if let Some(hide) = get("hide") {
        let hidden: Vec<LinkKind> = hide
            .split(',')
            .filter_map(|k| {
                let kind = LinkKind::from_key(k);
                if kind.is_none() {
                    bad("hide", k);
                }
                kind
            })
            .collect();
        if !hidden.is_empty() && filters.kinds.is_empty() {
            filters.kinds = LinkKind::ALL
                .into_iter()
                .filter(|k| !hidden.contains(k))
                .collect();
        }
    }
    ignored.extend(bad_values.into_inner());
    Query {
        lang: get("lang"),
        city: get("city"),
        sel: get("sel"),
        view,
        filters,
        q: get("q").unwrap_or_default(),
        sort,
        data: get("data"),
        from,
        to,
        present,
        ignored,
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
            filters: RwSignal::new(query.filters.clone()),
            search_text: RwSignal::new(query.q.clone()),
            sort: RwSignal::new(query.sort),
            data_url: RwSignal::new(query.data.clone()),
            year_from: RwSignal::new(query.from),
            year_to: RwSignal::new(query.to),
            playing: RwSignal::new(false),
            present: RwSignal::new(query.present.clone()),
            spotlight: RwSignal::new(Vec::new()),
        }
    }

    /// The query string for the current state (the language, and what differs from the defaults).
    pub fn to_query(self) -> String {
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return String::new();
        };
        if let Some(d) = self.data_url.get() {
            params.append("data", &d);
        }
        params.append("lang", &self.lang.get());
        if let Some(c) = self.home_city_id.get() {
            params.append("city", &c);
        }
        if self.view.get() != View::Map {
            params.append("view", self.view.get().key());
        }
        for (key, value) in self.filters.with(Filters::to_params) {
            params.append(key, &value);
        }
        let q = self.search_text.get();
        if !q.trim().is_empty() {
            params.append("q", &q);
        }
        if self.sort.get() != Sort::default() {
            params.append("sort", &self.sort.get().key());
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
        for (key, value) in self.present.with(PresentParams::to_query) {
            params.append(key, &value);
        }
        let q: String = params.to_string().into();
        if q.is_empty() {
            q
        } else {
            format!("?{q}")
        }
    }
}

/// Keeps the address bar in step with the state. A change of what is looked at (home city,
/// selection, view, filters, present mode) adds a history entry, so Back and Forward step through them; other changes
/// (language, search text, sort, time window) replace the current entry. The language is always written,
/// so a reload or a link opened in another person's browser keeps the language chosen.
pub fn mirror_in_url(state: UiState) {
    crate::ui::effect(move || {
        let query = state.to_query();
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        let current_search = location.search().unwrap_or_default();
        if query == current_search || (query.is_empty() && current_search.is_empty()) {
            return;
        }
        let url = format!("{path}{query}");
        let key_of = |search: &str, key: &str| {
            web_sys::UrlSearchParams::new_with_str(search)
                .ok()
                .and_then(|p| p.get(key))
        };
        let navigated = ["city", "sel", "view", "mode"]
            .into_iter()
            .chain(Facet::ALL.map(Facet::key))
            .any(|k| key_of(&query, k) != key_of(&current_search, k));
        if let Ok(history) = window().history() {
            let _ = if navigated {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            } else {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            };
        }
    });
    // Back and Forward: the address changed under us, so the state follows it.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let q = read_query();
        state.home_city_id.set(q.city);
        state.selected_id.set(q.sel);
        state.view.set(q.view.unwrap_or_default());
        state.filters.set(q.filters);
        state.search_text.set(q.q);
        state.sort.set(q.sort);
        state.year_from.set(q.from);
        state.year_to.set(q.to);
        state.present.set(q.present);
    });
}

/// "Is this item hovered or selected?" for thousands of map and timeline elements. Each element
/// asks for its own id, and a `Selector` wakes only the elements whose answer changed, instead
/// of every element re-running on every hover (which made hovering quadratic in the number of
/// links). `Copy`, like the rest of the state.
#[derive(Clone, Copy)]
pub struct Highlight(StoredValue<Selectors>);

struct Selectors {
    hovered: leptos::reactive::computed::Selector<Option<String>>,
    selected: leptos::reactive::computed::Selector<Option<String>>,
}

impl Highlight {
    pub fn new(state: UiState) -> Self {
        Self(StoredValue::new(Selectors {
            hovered: leptos::reactive::computed::Selector::new(move || state.hovered_id.get()),
            selected: leptos::reactive::computed::Selector::new(move || state.selected_id.get()),
        }))
    }

    /// Whether `id` is hovered or selected (tracks only this id's answer).
    pub fn is(&self, id: &str) -> bool {
        let key = Some(id.to_owned());
        self.0
            .with_value(|s| s.hovered.selected(&key) || s.selected.selected(&key))
    }

    pub fn is_selected(&self, id: &str) -> bool {
        let key = Some(id.to_owned());
        self.0.with_value(|s| s.selected.selected(&key))
    }
}

impl UiState {
    /// Whether the page is presenting (`mode=present`), tracked.
    pub fn presenting(self) -> bool {
        self.present.with(|p| p.mode == Mode::Present)
    }
}
