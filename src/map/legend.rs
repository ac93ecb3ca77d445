//! Beside the map: the legend (whose kind entries are the kind filter's toggles) and the list
//! of networks and organisations, which have no single place on the map.

use elos_core::model::{Item, Party};
use leptos::prelude::*;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::{Highlight, UiState};

/// The symbols on the map, and the link kinds present in the dataset, each a toggle that hides
/// or shows its links everywhere. A network view (many equal cities) explains its clusters and
/// line widths instead of home cities.
#[component]
pub fn Legend() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    // The dataset's kinds in their order, once per dataset (the entries below are redrawn
    // with every filter change; sorting 26,000 kinds each time showed in the profile).
    let kinds = crate::ui::derived(move || model.with_ds(|ds| ds.kinds()).unwrap_or_default());
    let kinds = move || kinds.get();
    let aggregated = move || {
        model
            .network
            .with(|n| n.as_ref().is_some_and(|n| n.aggregated))
    };
    let has_uncertain = move || {
        model.network.with(|n| {
            n.as_ref()
                .is_some_and(|n| n.nodes.iter().any(|node| node.uncertain))
        })
    };
    let entry = move |class: &'static str, key: &'static str| {
        view! {
            <li class="legend-static">
                <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                    <path class=class d="M12 6h0" />
                </svg>
                {i18n.tr(key)}
            </li>
        }
    };
    view! {
        <section class="legend" aria-labelledby="legend-title">
            <h3 id="legend-title">{i18n.tr("map.legend")}</h3>
            <ul>
                <Show
                    when=aggregated
                    fallback=move || {
                        view! {
                            {entry("swatch-home", "map.legend_home")}
                            {entry("swatch-city", "map.legend_partner")}
                        }
                    }
                >
                    {entry("swatch-city", "map.legend_partner")}
                    {entry("swatch-cluster", "map.legend_cluster")}
                    <li class="legend-static">
                        <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                            <path class="arc weight-3" d="M1 6 L23 6" />
                        </svg>
                        {i18n.tr("map.legend_weight")}
                    </li>
                </Show>
                <Show when=has_uncertain>{entry("swatch-uncertain", "map.legend_uncertain")}</Show>
                <li class="legend-static">
                    <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                        <rect class="swatch-country" x="2" y="1" width="20" height="10" />
                    </svg>
                    {i18n.tr("map.legend_country")}
                </li>
                {entry("swatch-lit", "map.legend_highlight")}
                // Plain values in a list redrawn whole when the kinds, the filters or the
                // language change: a keyed `For` here left its rows' effects behind each time
                // the map was replaced by the table (`bench soak`).
                {move || {
                    kinds()
                        .into_iter()
                        .map(|kind| {
                            let pressed = state.filters.with(|f| f.shows_kind(kind)).to_string();
                            let label = i18n.t(&format!("kind.{}", kind.key()));
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="legend-toggle"
                                        aria-pressed=pressed
                                        on:click=move |_| {
                                            let present = kinds();
                                            state
                                                .filters
                                                .update(|f| f.toggle_kind_shown(kind, &present))
                                        }
                                    >
                                        <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                                            <path
                                                class=format!("arc kind-{}", kind.key())
                                                d="M1 6 L23 6"
                                            />
                                        </svg>
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// Networks and organisations have no single place: they are listed beside the map. Choosing
/// one (or pointing at it) rings its member cities on the map and dims the rest; choosing a
/// city marks the networks and organisations it belongs to.
#[component]
pub fn Bodies() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    // A memo: the shown links change at every step of a playing time window, the bodies among
    // them seldom, and each rebuild of the chips below costs their reactive attributes' effects.
    let bodies = crate::ui::derived(move || {
        let links = model.map_links.get();
        model
            .with_ds(|ds| {
                elos_core::links::bodies_among(&links)
                    .into_iter()
                    .map(|p| (p, ds.party_id(p).to_owned(), ds.party_names(p).clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // The bodies the selected city belongs to (or the selected cooperation involves).
    let joined = crate::ui::derived(move || {
        let selected = state.selected_id.get();
        model
            .with_ds(|ds| {
                let bodies: Vec<Party> = match selected.and_then(|id| ds.item_by_id(&id)) {
                    Some(Item::Party(Party::City(city))) => ds.bodies_of(city),
                    Some(Item::Cooperation(c)) => ds.cooperation(c).parties.clone(),
                    _ => Vec::new(),
                };
                bodies
                    .into_iter()
                    .filter(|p| !matches!(p, Party::City(_)))
                    .map(|p| ds.party_id(p).to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // "ICLEI: 2 member cities ringed on the map", while a body is chosen.
    let members_note = move || {
        let selected = state.selected_id.get()?;
        let network = model.network.get()?;
        model
            .with_ds(|ds| {
                let Some(Item::Party(body)) = ds.item_by_id(&selected) else {
                    return None;
                };
                if matches!(body, Party::City(_)) {
                    return None;
                }
                let on_map = network.lit(ds, Item::Party(body)).nodes.len();
                let name = i18n.show(ds.party_names(body));
                Some(i18n.plural("map.bodies_members", on_map, &[("name", &name)]))
            })
            .flatten()
    };
    let hover = move |id: Option<String>| {
        if state.hovered_id.get_untracked() != id {
            state.hovered_id.set(id);
        }
    };
    view! {
        <section class="bodies" aria-labelledby="bodies-title">
            <h3 id="bodies-title">{i18n.tr("map.bodies")}</h3>
            <p class="hint">{i18n.tr("map.bodies_hint")}</p>
            <p class="members-note" role="status">
                {members_note}
            </p>
            {move || {
                let list = bodies.get();
                if list.is_empty() {
                    view! { <p class="muted">{i18n.t("map.bodies_none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="chips">
                            {list
                                .into_iter()
                                .map(|(party, id, names)| {
                                    let (kind, item) = elos_core::links::body_kind(party);
                                    let (click_id, hl_id, member_id) = (
                                        id.clone(),
                                        id.clone(),
                                        id.clone(),
                                    );
                                    let (enter_id, focus_id) = (id.clone(), id.clone());
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class=format!("chip kind-{}", kind.key())
                                                class:highlight=move || highlight.is_selected(&hl_id)
                                                class:member=move || {
                                                    joined.with(|j| j.contains(&member_id))
                                                }
                                                aria-pressed=move || {
                                                    highlight.is_selected(&id).to_string()
                                                }
                                                title=i18n.tr(item)
                                                on:click=move |_| {
                                                    let again = state.selected_id.get_untracked().as_deref()
                                                        == Some(click_id.as_str());
                                                    state
                                                        .selected_id
                                                        .set(if again { None } else { Some(click_id.clone()) })
                                                }
                                                on:pointerenter=move |ev: leptos::ev::PointerEvent| {
                                                    if ev.pointer_type() != "touch" {
                                                        hover(Some(enter_id.clone()));
                                                    }
                                                }
                                                on:pointerleave=move |_| hover(None)
                                                on:focus=move |_| hover(Some(focus_id.clone()))
                                                on:blur=move |_| hover(None)
                                            >
                                                <crate::i18n::DataText text=names />
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
