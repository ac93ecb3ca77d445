//! The table view: the same links as the map, as text — the map's accessible equivalent.

use elos_core::model::Party;
use leptos::prelude::*;

use crate::i18n::{DataText, I18n};
use crate::model::Model;
use crate::names::country_name;
use crate::state::UiState;

#[component]
pub fn LinkTable() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let rows = move || {
        let links = model.map_links.get();
        let lang = i18n.lang.get();
        model.with_ds(|ds| {
            links
                .iter()
                .map(|l| {
                    let coop = ds.cooperation(l.cooperation);
                    let country = match l.partner {
                        Party::City(c) => {
                            let iso = &ds.city(c).country;
                            country_name(&lang, iso).unwrap_or_else(|| iso.clone())
                        }
                        _ => "—".to_owned(),
                    };
                    let start = coop
                        .start
                        .map_or_else(|| i18n.t("details.date_unknown"), |s| i18n.date(&s));
                    let id = coop.id.clone();
                    view! {
                        <tr>
                            <td>
                                <DataText text=ds.city(l.home).names.clone() />
                            </td>
                            <th scope="row">
                                <button
                                    type="button"
                                    class="link-button"
                                    on:click=move |_| state.selected_id.set(Some(id.clone()))
                                >
                                    <DataText text=ds.party_names(l.partner).clone() />
                                </button>
                            </th>
                            <td>{country}</td>
                            <td>{i18n.t(&format!("kind.{}", coop.kind.key()))}</td>
                            <td>{start}</td>
                            <td>{i18n.t(&format!("status.{}", coop.status.key()))}</td>
                            <td>
                                {coop
                                    .sources
                                    .iter()
                                    .map(|s| s.title.clone())
                                    .collect::<Vec<_>>()
                                    .join("; ")}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-wrap">
            <table class="links">
                <caption>
                    {move || i18n.t("table.caption")} " — "
                    {move || i18n.plural("count.links", model.map_links.with(Vec::len), &[])}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("table.home")}</th>
                        <th scope="col">{move || i18n.t("table.partner")}</th>
                        <th scope="col">{move || i18n.t("table.country")}</th>
                        <th scope="col">{move || i18n.t("table.kind")}</th>
                        <th scope="col">{move || i18n.t("table.start")}</th>
                        <th scope="col">{move || i18n.t("table.status")}</th>
                        <th scope="col">{move || i18n.t("table.sources")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=move || model.map_links.with(Vec::is_empty)>
                <p class="muted">{move || i18n.t("table.empty")}</p>
            </Show>
        </div>
    }
}
