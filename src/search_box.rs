//! Search over cities, networks and organisations in every language of the data, as an ARIA
//! combobox: arrows move through the results, Enter selects on the map and timeline.

use elos_core::links::HomeChoice;
use elos_core::model::Party;
use elos_core::search::search;
use leptos::prelude::*;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::UiState;

const MAX_RESULTS: usize = 8;

#[component]
pub fn SearchBox() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    // The text is part of the state, so it is kept in the URL and restored with it.
    let query = state.search_text;
    let active = RwSignal::new(0usize);
    let open = RwSignal::new(false);

    let results = Memo::new(move |_| {
        let q = query.get();
        model
            .with_ds(|ds| {
                search(ds, &q, MAX_RESULTS)
                    .into_iter()
                    .map(|h| {
                        (
                            ds.party_id(h.party).to_owned(),
                            i18n.show(ds.party_names(h.party)),
                            h.matched,
                            h.party,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let choose = move |index: usize| {
        let Some((id, _, _, party)) = results.with_untracked(|r| r.get(index).cloned()) else {
            return;
        };
        // Make sure the chosen item is on the map: if the current home city has no link to it,
        // show every home city.
        // Filters that hide it are cleared too.
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
        state.selected_id.set(Some(id));
        open.set(false);
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" if n > 0 => {
                ev.prevent_default();
                choose(active.get_untracked().min(n - 1));
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
                open.set(false);
            }
            _ => {}
        }
    };

    let expanded = move || open.get() && !query.with(String::is_empty);
    view! {
        <div class="search">
            <label for="search-input">{i18n.tr("search.label")}</label>
            <input
                id="search-input"
                type="search"
                // eMAG 3.1 (recommendation 1.5): Alt+3 goes to the search.
                accesskey="3"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls="search-results"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || {
                    (expanded() && !results.with(Vec::is_empty))
                        .then(|| format!("search-option-{}", active.get()))
                }
                placeholder=i18n.tr("search.placeholder")
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:keydown=on_key
                on:blur=move |_| open.set(false)
            />
            <ul
                id="search-results"
                role="listbox"
                class="search-results"
                hidden=move || !expanded()
                aria-label=i18n.tr("search.label")
            >
                {move || {
                    results
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (_, name, matched, _))| {
                            let other = (matched != name)
                                .then(|| view! { <small>" (" {matched} ")"</small> });
                            view! {
                                <li
                                    id=format!("search-option-{i}")
                                    role="option"
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        choose(i);
                                    }
                                >
                                    {name}
                                    {other}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || {
                    if query.with(String::is_empty) {
                        String::new()
                    } else {
                        i18n.plural("search.results", results.with(Vec::len), &[])
                    }
                }}
            </p>
        </div>
    }
}
