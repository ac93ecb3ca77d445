//! Search over cities, networks and organisations in every language of the data, and the home
//! city chooser: both are comboboxes (`crate::combobox`) over the core's `SearchIndex`, so
//! either copes with 20,000 cities.

use elos_core::links::HomeChoice;
use elos_core::model::Party;
use leptos::prelude::*;

use crate::combobox::{Choice, Combobox};
use crate::i18n::I18n;
use crate::model::Model;
use crate::state::UiState;

const MAX_RESULTS: usize = 8;

/// A choice for a party: its name in the UI language, and the name that matched if another.
fn choice(model: Model, i18n: I18n, party: Party, matched: Option<&str>) -> Option<Choice> {
    model.with_ds_untracked(|ds| {
        let lang = i18n.lang.get_untracked();
        let picked = ds.party_names(party).pick(&lang);
        let label = picked
            .as_ref()
            .map(|p| p.shown().into_owned())
            .unwrap_or_default();
        Choice {
            value: ds.party_id(party).to_owned(),
            note: matched
                .map(elos_core::lang::isolate)
                .filter(|m| *m != label)
                .map(|m| m.into_owned()),
            lang: picked
                .filter(|p| !p.lang.eq_ignore_ascii_case(&lang))
                .map(|p| p.lang.to_owned()),
            label,
        }
    })
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    // The text is part of the state, so it is kept in the URL and restored with it.
    let query = state.search_text;
    let results = crate::ui::derived(move || {
        let q = query.get();
        i18n.lang.track();
        // Nothing typed: no index either (folding 20,000 names would hold up the first view).
        if q.trim().is_empty() {
            return Vec::new();
        }
        let Some(index) = model.search_index.get() else {
            return Vec::new();
        };
        index
            .search(&q, MAX_RESULTS, |_| true)
            .into_iter()
            .filter_map(|h| choice(model, i18n, h.party, Some(&h.matched)))
            .collect::<Vec<_>>()
    });
    let choose = move |chosen: Choice| {
        let Some(party) = model
            .with_ds_untracked(|ds| ds.item_by_id(&chosen.value))
            .flatten()
            .and_then(|item| match item {
                elos_core::model::Item::Party(p) => Some(p),
                _ => None,
            })
        else {
            return;
        };
        // Make sure the chosen item is on the map: if the current home city has no link to
        // it, show every home city; filters that hide it are cleared too.
        let shows = |links: &Vec<elos_core::links::Link>| {
            links
                .iter()
                .any(|l| l.partner == party || Party::City(l.home) == party)
        };
        if !model.links.with_untracked(shows) {
            state.filters.set(Default::default());
            if !model.home_links.with_untracked(shows)
                && model.home.get_untracked() != HomeChoice::All
            {
                state.home_city_id.set(None);
            }
        }
        state.year_from.set(None);
        state.year_to.set(None);
        state.selected_id.set(Some(chosen.value));
    };
    view! {
        <Combobox
            id="search-input"
            // eMAG 3.1 (recommendation 1.5): Alt+3 goes to the search.
            accesskey="3"
            label=Signal::derive(i18n.tr("search.label"))
            placeholder=Signal::derive(i18n.tr("search.placeholder"))
            text=query
            choices=Signal::derive(move || results.get())
            on_choose=Callback::new(choose)
            on_leave=Callback::new(|_| {})
            status=Signal::derive(move || {
                if query.with(String::is_empty) {
                    String::new()
                } else {
                    i18n.plural("search.results", results.with(Vec::len), &[])
                }
            })
        />
    }
}

/// The home city: "all" or one of the dataset's home cities, typed and picked from the list
/// (a `<select>` of 18,000 options is no choice at all).
#[component]
pub fn CityChooser() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let current_name = move || match model.home.get() {
        HomeChoice::All => i18n.t("nav.city_all"),
        HomeChoice::One(c) => model
            .with_ds(|ds| ds.city(c).names.show(&i18n.lang.get()).into_owned())
            .unwrap_or_default(),
    };
    let text = RwSignal::new(String::new());
    // The field shows the chosen city whenever the choice changes.
    crate::ui::effect(move || text.set(current_name()));
    let choices = crate::ui::derived(move || {
        let typed = text.get();
        let showing_current = typed == current_name();
        let all = Choice {
            value: String::new(),
            label: i18n.t("nav.city_all"),
            note: None,
            lang: None,
        };
        let homes = model
            .with_ds(|ds| ds.home_cities.clone())
            .unwrap_or_default();
        let browsing = showing_current || typed.trim().is_empty();
        // "All cities" leads the list while browsing; once a name is typed, only if it matches.
        let all_matches =
            elos_core::search::match_name(&elos_core::search::fold(&typed), &all.label).is_some();
        let mut out = if browsing || all_matches {
            vec![all]
        } else {
            Vec::new()
        };
        if browsing {
            // Nothing typed yet: the home cities in the file's order (all of them when few).
            out.extend(
                homes
                    .iter()
                    .take(MAX_RESULTS)
                    .filter_map(|c| choice(model, i18n, Party::City(*c), None)),
            );
        } else if let Some(index) = model.search_index.get() {
            let is_home = |p: Party| matches!(p, Party::City(c) if model.with_ds_untracked(|ds| ds.is_home(c)) == Some(true));
            out.extend(
                index
                    .search(&typed, MAX_RESULTS, is_home)
                    .into_iter()
                    .filter_map(|h| choice(model, i18n, h.party, Some(&h.matched))),
            );
        }
        out
    });
    view! {
        <Combobox
            id="city-input"
            label=Signal::derive(i18n.tr("nav.city"))
            placeholder=Signal::derive(i18n.tr("nav.city_placeholder"))
            text=text
            choices=Signal::derive(move || choices.get())
            on_choose=Callback::new(move |chosen: Choice| {
                state.selected_id.set(None);
                state.home_city_id.set((!chosen.value.is_empty()).then_some(chosen.value));
                text.set(current_name());
            })
            on_leave=Callback::new(move |_| text.set(current_name()))
            status=Signal::derive(move || {
                i18n.plural("search.results", choices.with(Vec::len), &[])
            })
        />
    }
}
