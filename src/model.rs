//! What the views share: the loaded data and the memos derived from it and the UI state.
//! Everything here calls pure core functions; components only draw the results.

use std::sync::Arc;

use elos_core::filter::{self, Facet, FilterIndex, OptionCount, Stats};
use elos_core::links::{self, HomeChoice, Link};
use elos_core::model::{Dataset, Item};
use elos_core::world::World;
use leptos::prelude::*;

use crate::fetch::{LoadFailure, Loaded};
use crate::state::UiState;

#[derive(Clone, Copy)]
pub struct Model {
    pub loaded: RwSignal<Option<Arc<Loaded>>>,
    pub failure: RwSignal<Option<LoadFailure>>,
    pub loading: RwSignal<bool>,
    pub world: RwSignal<Option<Arc<World>>>,
    pub world_failed: RwSignal<bool>,
    /// Gentle notices (an unknown city in the link, …), never errors.
    pub notice: RwSignal<Option<String>>,
    /// Query parameters the app could not use, reported with the next dataset's notice.
    pub ignored: RwSignal<Vec<elos_core::filter::Ignored>>,
    pub home: Memo<HomeChoice>,
    /// Every link of the chosen home city, before the filters.
    pub home_links: Memo<Vec<Link>>,
    /// `home_links` that pass the filters: what the timeline shows.
    pub links: Memo<Vec<Link>>,
    /// Each filter group's options with their counts (computed only while someone reads it).
    pub facets: Memo<Vec<(Facet, Vec<OptionCount>)>>,
    /// Figures of what is shown (`map_links`).
    pub stats: Memo<Stats>,
    /// `links` within the time window: what the map and the table show.
    pub map_links: Memo<Vec<Link>>,
    /// First and last year of the dated items, for the window's range.
    pub year_range: Memo<Option<(i32, i32)>>,
    pub selected: Memo<Option<Item>>,
}

impl Model {
    pub fn new(state: UiState) -> Self {
        let loaded: RwSignal<Option<Arc<Loaded>>> = RwSignal::new(None);
        let home = Memo::new(move |_| {
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
        let home_links = Memo::new(move |_| {
            let home = home.get();
            loaded.with(|l| {
                l.as_ref()
                    .map_or_else(Vec::new, |l| links::links(&l.dataset, home))
            })
        });
        // Which networks each city belongs to: needed by the network filter, once per dataset.
        let index = Memo::new(move |_| {
            loaded.with(|l| l.as_ref().map(|l| Arc::new(FilterIndex::new(&l.dataset))))
        });
        let links = Memo::new(move |_| {
            let all = home_links.get();
            let index = index.get();
            state.filters.with(|f| {
                loaded.with(|l| match (l, index) {
                    (Some(l), Some(index)) => filter::apply(&l.dataset, &index, f, &all),
                    _ => Vec::new(),
                })
            })
        });
        let facets = Memo::new(move |_| {
            let index = index.get();
            home_links.with(|all| {
                state.filters.with(|f| {
                    loaded.with(|l| match (l, index) {
                        (Some(l), Some(index)) => filter::facet_counts(&l.dataset, &index, f, all),
                        _ => Vec::new(),
                    })
                })
            })
        });
        let map_links = Memo::new(move |_| {
            let (from, to) = (state.year_from.get(), state.year_to.get());
            let all = links.get();
            if from.is_none() && to.is_none() {
                return all;
            }
            loaded.with(|l| {
                l.as_ref().map_or_else(Vec::new, |l| {
                    all.into_iter()
                        .filter(|link| {
                            links::began_in(
                                l.dataset.cooperation(link.cooperation).start,
                                from.unwrap_or(i32::MIN),
                                to.unwrap_or(i32::MAX),
                            )
                        })
                        .collect()
                })
            })
        });
        let year_range = Memo::new(move |_| {
            loaded.with(|l| {
                let ds = &l.as_ref()?.dataset;
                let years: Vec<i32> = ds
                    .cooperations
                    .iter()
                    .filter_map(|c| c.start.map(|d| d.year))
                    .chain(ds.events.iter().map(|e| e.date.year))
                    .collect();
                let first = *years.iter().min()?;
                let today = js_sys::Date::new_0().get_full_year() as i32;
                // Planned links may start in the future: the range then runs past today.
                let last = years.iter().copied().max().unwrap_or(today).max(today);
                Some((first.min(today), last))
            })
        });
        let item = move |id: Option<String>| {
            loaded.with(|l| match (l, id) {
                (Some(l), Some(id)) => l.dataset.item_by_id(&id),
                _ => None,
            })
        };
        let stats = Memo::new(move |_| {
            map_links.with(|shown| {
                loaded.with(|l| {
                    l.as_ref()
                        .map(|l| filter::stats(&l.dataset, shown))
                        .unwrap_or_default()
                })
            })
        });
        Self {
            loaded,
            failure: RwSignal::new(None),
            loading: RwSignal::new(true),
            world: RwSignal::new(None),
            world_failed: RwSignal::new(false),
            notice: RwSignal::new(None),
            ignored: RwSignal::new(Vec::new()),
            home,
            home_links,
            links,
            facets,
            stats,
            map_links,
            year_range,
            selected: Memo::new(move |_| item(state.selected_id.get())),
        }
    }

    /// Runs `f` on the dataset, if one is loaded (tracks it).
    pub fn with_ds<T>(&self, f: impl FnOnce(&Dataset) -> T) -> Option<T> {
        self.loaded.with(|l| l.as_ref().map(|l| f(&l.dataset)))
    }
}
