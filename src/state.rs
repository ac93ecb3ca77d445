//! The one UI state: a small `Copy` struct of signals, provided by context and mirrored in the
//! URL query so that every view can be linked to.

use leptos::prelude::*;

use elos_core::embed::HostLook;
use elos_core::filter::Filters;
use elos_core::model::Item;
use elos_core::present::params::{Mode, PresentParams};
use elos_core::query::{Ignored, Query};
use elos_core::table::Sort;

pub use elos_core::query::View;

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
    /// How the page sits in a host page (`embed`, `scheme`, `accent`, `transparent`): set by
    /// the address once, and written back into it with every change of view.
    pub look: HostLook,
    /// Present mode and its tour, step and kiosk settings (`mode`, `tour`, `step`, `autoplay`,
    /// `loop`, `idle`, `captions`).
    pub present: RwSignal<PresentParams>,
    /// What a tour's step highlights on the map, beside the selection and the hover (not in
    /// the URL: the step is).
    pub spotlight: RwSignal<Vec<Item>>,
}

/// What the address says now (`elos_core::query` decides what it means), and what in it
/// could not be used.
pub fn read_query() -> (Query, Vec<Ignored>) {
    Query::parse(&window().location().search().unwrap_or_default())
}

impl UiState {
    pub fn new(query: &Query, lang: String) -> Self {
        Self {
            lang: RwSignal::new(lang),
            home_city_id: RwSignal::new(query.city.clone()),
            selected_id: RwSignal::new(query.sel.clone()),
            hovered_id: RwSignal::new(None),
            view: RwSignal::new(query.view),
            filters: RwSignal::new(query.filters.clone()),
            search_text: RwSignal::new(query.q.clone()),
            sort: RwSignal::new(query.sort),
            data_url: RwSignal::new(query.data.clone()),
            year_from: RwSignal::new(query.from),
            year_to: RwSignal::new(query.to),
            playing: RwSignal::new(false),
            look: query.look,
            present: RwSignal::new(query.present.clone()),
            spotlight: RwSignal::new(Vec::new()),
        }
    }

    /// The address's query for the current state.
    pub fn to_query(self) -> Query {
        Query {
            lang: Some(self.lang.get()),
            city: self.home_city_id.get(),
            sel: self.selected_id.get(),
            view: self.view.get(),
            filters: self.filters.get(),
            q: self.search_text.get(),
            sort: self.sort.get(),
            data: self.data_url.get(),
            from: self.year_from.get(),
            to: self.year_to.get(),
            look: self.look,
            present: self.present.get(),
        }
    }

    /// The view on screen as a query (no `?`), without the host look: what a link to the full
    /// explorer or an embedding snippet carries.
    pub fn view_query(self) -> String {
        let query = Query {
            look: HostLook::default(),
            present: PresentParams::default(),
            ..self.to_query()
        };
        elos_core::query::encode(&query.to_pairs())
    }
}

/// Keeps the address bar in step with the state. A change of what is looked at (home city,
/// selection, view, filters, present mode) adds a history entry, so Back and Forward step through them; other changes
/// (language, search text, sort, time window) replace the current entry. The language is always written,
/// so a reload or a link opened in another person's browser keeps the language chosen.
/// Inside another page's frame every change replaces the entry: the host page's Back button
/// must leave the host page, not step through the widget's clicks.
pub fn mirror_in_url(state: UiState) {
    crate::ui::effect(move || {
        let query = state.to_query();
        let search = query.to_search();
        let location = window().location();
        let current_search = location.search().unwrap_or_default();
        if search == current_search {
            return;
        }
        let url = format!("{}{search}", location.pathname().unwrap_or_default());
        let navigated =
            Query::parse(&current_search).0.navigates_to(&query) && !crate::embed::framed();
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
        let (q, _) = read_query();
        state.home_city_id.set(q.city);
        state.selected_id.set(q.sel);
        state.view.set(q.view);
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
