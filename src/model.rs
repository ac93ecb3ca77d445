//! What the views share: the loaded data and the memos derived from it and the UI state.
//! Everything here calls pure core functions; components only draw the results.

use std::sync::Arc;

use elos_core::filter::{self, Facet, FilterIndex, OptionCount, Stats};
use elos_core::geo::WORLD_PROJECTION;
use elos_core::links::{self, HomeChoice, Link};
use elos_core::model::{Dataset, Item};
use elos_core::scene::{CityPoints, Network};
use elos_core::search::SearchIndex;
use elos_core::timeline::Window;
use leptos::prelude::*;

use crate::fetch::{LoadFailure, Loaded};
use crate::state::UiState;

#[derive(Clone, Copy)]
pub struct Model {
    pub loaded: RwSignal<Option<Arc<Loaded>>>,
    pub failure: RwSignal<Option<LoadFailure>>,
    pub loading: RwSignal<bool>,
    /// Gentle notices (an unknown city in the link, …), never errors.
    pub notice: RwSignal<Option<String>>,
    /// Query parameters the app could not use, reported with the next dataset's notice.
    pub ignored: RwSignal<Vec<elos_core::query::Ignored>>,
    pub home: crate::ui::Derived<HomeChoice>,
    /// Every link of the chosen home city, before the filters.
    pub home_links: crate::ui::Derived<Vec<Link>>,
    /// `home_links` that pass the filters: what the timeline shows.
    pub links: crate::ui::Derived<Vec<Link>>,
    /// Each filter group's options with their counts (computed only while someone reads it).
    pub facets: crate::ui::Derived<Vec<(Facet, Vec<OptionCount>)>>,
    /// Figures of what is shown (`map_links`).
    pub stats: crate::ui::Derived<Stats>,
    /// `links` within the time window: what the map and the table show.
    pub map_links: crate::ui::Derived<Vec<Link>>,
    /// The time window the links follow (`UiState`'s, a painted frame later: `ui::deferred`);
    /// what describes the shown links reads this one, so words and map agree.
    pub window: ReadSignal<(Option<i32>, Option<i32>)>,
    /// The years the time window can cover (dated starts and events, and today).
    pub year_range: crate::ui::Derived<Option<Window>>,
    pub selected: crate::ui::Derived<Option<Item>>,
    /// The map's cities and links for `map_links` (rebuilt with them, never on pan or zoom).
    pub network: crate::ui::Derived<Option<Shared<Network>>>,
    /// Every name folded once per dataset, for the search and the city chooser.
    pub search_index: crate::ui::Derived<Option<Shared<SearchIndex>>>,
}

/// Shared, immutable data in a memo: compared by identity, never by walking its contents
/// (a memo compares each new value with the last).
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl Model {
    pub fn new(state: UiState) -> Self {
        let loaded: RwSignal<Option<Arc<Loaded>>> = RwSignal::new(None);
        let home = crate::ui::derived(move || {
            let id = state.home_city_id.get();
            loaded.with(|l| match (l, id) {
                (Some(l), Some(id)) => l
                    .dataset
                    .city_by_id(&id)
                    .filter(|c| l.dataset.is_home(*c))
                    .map_or(HomeChoice::All, HomeChoice::One),
                _ => HomeChoice::All,
            })
        });
        let home_links = crate::ui::derived(move || {
            let home = home.get();
            loaded.with(|l| {
                l.as_ref()
                    .map_or_else(Vec::new, |l| links::links(&l.dataset, home))
            })
        });
        // Which networks each city belongs to: needed by the network filter, once per dataset.
        let index = crate::ui::derived(move || {
            loaded.with(|l| l.as_ref().map(|l| Arc::new(FilterIndex::new(&l.dataset))))
        });
        // The home links' option keys as numbers, once per dataset and home city: a filter
        // change then only compares and counts numbers.
        let key_table = crate::ui::derived(move || {
            let index = index.get();
            home_links.with(|all| {
                loaded.with(|l| match (l, index) {
                    (Some(l), Some(index)) => {
                        Shared(Arc::new(filter::KeyTable::new(&l.dataset, &index, all)))
                    }
                    _ => Shared(Arc::new(filter::KeyTable::default())),
                })
            })
        });
        // The filters and the time window as the links follow them: a frame after the input,
        // which is answered (box ticked, thumb moved, address written) before the redraw.
        let filters = crate::ui::deferred(move || state.filters.get());
        let window = crate::ui::deferred(move || (state.year_from.get(), state.year_to.get()));
        // With no filter the table is not needed: it is made on the first choice or when the
        // filter panel opens, not before the first view.
        let links = crate::ui::derived(move || {
            if filters.with(filter::Filters::is_empty) {
                return home_links.get();
            }
            key_table.with(|table| filters.with(|f| table.apply(f)))
        });
        let facets = crate::ui::derived(move || {
            key_table.with(|table| filters.with(|f| table.facet_counts(f)))
        });
        let map_links = crate::ui::derived(move || {
            let (from, to) = window.get();
            links.with(|all| {
                loaded.with(|l| {
                    l.as_ref()
                        .map_or_else(Vec::new, |l| links::in_window(&l.dataset, all, from, to))
                })
            })
        });
        let year_range = crate::ui::derived(move || {
            let today = crate::timeline::today().0;
            loaded.with(|l| Window::of_dataset(&l.as_ref()?.dataset, today))
        });
        let item = move |id: Option<String>| {
            loaded.with(|l| match (l, id) {
                (Some(l), Some(id)) => l.dataset.item_by_id(&id),
                _ => None,
            })
        };
        let stats = crate::ui::derived(move || {
            map_links.with(|shown| {
                loaded.with(|l| {
                    l.as_ref()
                        .map(|l| filter::stats(&l.dataset, shown))
                        .unwrap_or_default()
                })
            })
        });
        // Every city projected once per dataset, not on every filter change.
        let city_points = crate::ui::derived(move || {
            loaded.with(|l| {
                l.as_ref()
                    .map(|l| Shared(Arc::new(CityPoints::new(&l.dataset, &WORLD_PROJECTION))))
            })
        });
        let network = crate::ui::derived(move || {
            let home = home.get();
            let points = city_points.get();
            map_links.with(|shown| {
                loaded.with(|l| {
                    let (l, points) = (l.as_ref()?, points?);
                    Some(Shared(Arc::new(Network::build_on(
                        &l.dataset, shown, home, &points,
                    ))))
                })
            })
        });
        Self {
            loaded,
            failure: RwSignal::new(None),
            loading: RwSignal::new(true),
            notice: RwSignal::new(None),
            ignored: RwSignal::new(Vec::new()),
            home,
            home_links,
            links,
            facets,
            stats,
            map_links,
            window,
            year_range,
            selected: crate::ui::derived(move || item(state.selected_id.get())),
            network,
            search_index: crate::ui::derived(move || {
                loaded.with(|l| {
                    l.as_ref()
                        .map(|l| Shared(Arc::new(SearchIndex::new(&l.dataset))))
                })
            }),
        }
    }

    /// Runs `f` on the dataset, if one is loaded, without tracking it (event handlers).
    pub fn with_ds_untracked<T>(&self, f: impl FnOnce(&Dataset) -> T) -> Option<T> {
        self.loaded
            .with_untracked(|l| l.as_ref().map(|l| f(&l.dataset)))
    }

    /// Runs `f` on the dataset, if one is loaded (tracks it).
    pub fn with_ds<T>(&self, f: impl FnOnce(&Dataset) -> T) -> Option<T> {
        self.loaded.with(|l| l.as_ref().map(|l| f(&l.dataset)))
    }
}
