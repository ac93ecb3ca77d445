//! The filter bar: how many links are shown (announced to screen readers), the chosen filters
//! as removable chips, "clear all", and a panel of option groups with their counts. The map,
//! the timeline, the table and the statistics all follow it through `Model::links`.

use elos_core::filter::{shown_options, Facet, OptionCount};
use leptos::prelude::*;

use crate::i18n::{DataText, I18n};
use crate::model::Model;
use crate::names::country_name;
use crate::state::UiState;

/// The visible name of one option (data text for networks).
fn option_label(i18n: I18n, model: Model, facet: Facet, key: &str) -> AnyView {
    match facet {
        Facet::Kind => i18n.t(&format!("kind.{key}")).into_any(),
        Facet::Status => i18n.t(&format!("status.{key}")).into_any(),
        Facet::Continent => i18n.t(&format!("continent.{key}")).into_any(),
        Facet::Theme => elos_core::describe::theme_name(&i18n.cat(), key).into_any(),
        Facet::Country => country_name(&i18n.lang.get(), key)
            .unwrap_or_else(|| key.to_owned())
            .into_any(),
        Facet::Network => model
            .with_ds(|ds| {
                ds.networks
                    .iter()
                    .find(|n| n.id == key)
                    .map(|n| view! { <DataText text=n.names.clone() /> }.into_any())
            })
            .flatten()
            .unwrap_or_else(|| key.to_owned().into_any()),
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let open = RwSignal::new(false);
    let chosen = move || state.filters.with(|f| f.total());
    let chips = move || {
        let filters = state.filters.get();
        Facet::ALL
            .into_iter()
            .flat_map(|facet| filters.keys(facet).into_iter().map(move |key| (facet, key)))
            .map(|(facet, key)| {
                let k = key.clone();
                let group = i18n.t(&format!("filter.{}", facet.key()));
                view! {
                    <li>
                        <button
                            type="button"
                            class="filter-chip"
                            on:click=move |_| state.filters.update(|f| f.toggle(facet, &k))
                        >
                            <span class="visually-hidden">{i18n.tr("filter.remove")} " "</span>
                            {group}
                            ": "
                            {option_label(i18n, model, facet, &key)}
                            <span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="filter-bar" aria-labelledby="filter-title">
            <h2 id="filter-title" class="visually-hidden">
                {i18n.tr("filter.title")}
            </h2>
            <div class="filter-row">
                <button
                    type="button"
                    class="filter-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="filter-panel"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || {
                        let n = chosen();
                        if n == 0 {
                            i18n.t("filter.open")
                        } else {
                            i18n.plural("filter.open_with", n, &[])
                        }
                    }}
                </button>
                <p class="result-count" role="status" aria-live="polite">
                    {move || i18n.plural("count.links_shown", model.map_links.with(Vec::len), &[])}
                </p>
                <ul class="filter-chips" aria-label=i18n.tr("filter.chosen")>
                    {chips}
                </ul>
                <Show when=move || { chosen() > 0 }>
                    <button
                        type="button"
                        class="clear-filters"
                        on:click=move |_| state.filters.update(|f| *f = Default::default())
                    >
                        {i18n.tr("filter.clear")}
                    </button>
                </Show>
            </div>
            <div id="filter-panel" class="filter-panel" hidden=move || !open.get()>
                <Show when=move || open.get()>
                    <FilterGroups />
                </Show>
            </div>
        </section>
    }
}

/// The option groups; only built while the panel is open, so their counts cost nothing
/// otherwise. A long group (the countries of a world-wide list) shows its first options and
/// a button for the rest: 200 options redrawn on every change made each change slow to lay out.
#[component]
fn FilterGroups() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    // Which groups the person unfolded; forgotten when the panel closes.
    let unfolded = RwSignal::new(Vec::<Facet>::new());
    move || {
        let open_groups = unfolded.get();
        model
            .facets
            .get()
            .into_iter()
            .filter(|(_, options)| !options.is_empty())
            .map(|(facet, options)| {
                let is_unfolded = open_groups.contains(&facet);
                let (shown, hidden) = shown_options(&options, is_unfolded);
                let items = shown
                    .into_iter()
                    .map(|OptionCount { key, count, chosen }| {
                        let (count, chosen) = (*count, *chosen);
                        let k = key.clone();
                        // Plain text, not a closure: these rows are rebuilt in place each time
                        // the counts change (a playing time window changes them every step),
                        // and a reactive child of a rebuilt element leaves its effect behind.
                        // This list re-runs when the language changes (it reads it here).
                        let count_text = i18n.format(
                            "filter.count",
                            &[("count", &i18n.cat().number(count as u64))],
                        );
                        view! {
                            <li class:empty=count == 0>
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=chosen
                                        on:change=move |_| {
                                            state.filters.update(|f| f.toggle(facet, &k))
                                        }
                                    />
                                    {option_label(i18n, model, facet, key)}
                                    <span class="count">{count_text}</span>
                                </label>
                            </li>
                        }
                    })
                    .collect_view();
                // The same button folded and unfolded, so it keeps the focus.
                let fold = (is_unfolded || hidden > 0).then(|| {
                    let text = if is_unfolded {
                        i18n.t("filter.fewer")
                    } else {
                        i18n.format(
                            "filter.more",
                            &[("count", &i18n.cat().number(options.len() as u64))],
                        )
                    };
                    view! {
                        <button
                            type="button"
                            class="facet-more link-button"
                            aria-expanded=is_unfolded.to_string()
                            on:click=move |_| {
                                unfolded
                                    .update(|u| {
                                        if let Some(at) = u.iter().position(|f| *f == facet) {
                                            u.remove(at);
                                        } else {
                                            u.push(facet);
                                        }
                                    })
                            }
                        >
                            {text}
                        </button>
                    }
                });
                view! {
                    <fieldset class=format!("facet facet-{}", facet.key())>
                        <legend>{i18n.t(&format!("filter.{}", facet.key()))}</legend>
                        <ul>{items}</ul>
                        {fold}
                    </fieldset>
                }
            })
            .collect_view()
    }
}
