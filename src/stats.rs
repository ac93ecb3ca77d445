//! The statistics panel: figures of what is shown, and links per decade as a small bar chart
//! with a table beside it for screen readers. It follows the filters and the time window.

use elos_core::filter::Stats;
use elos_core::num::fixed;
use leptos::prelude::*;

use crate::i18n::{DataText, I18n};
use crate::model::Model;
use crate::state::UiState;

#[component]
pub fn StatsPanel() -> impl IntoView {
    let model = expect_context::<Model>();
    let i18n = expect_context::<I18n>();
    let figure = move |key: &'static str, value: fn(&Stats) -> usize| {
        view! {
            <div class="figure">
                <dt>{move || i18n.t(key)}</dt>
                <dd>{move || i18n.cat().number(model.stats.with(value) as u64)}</dd>
            </div>
        }
    };
    view! {
        <section class="stats" aria-labelledby="stats-title">
            <h2 id="stats-title" class="pane-title">
                {i18n.tr("stats.title")}
            </h2>
            <dl class="figures">
                {figure("stats.links", |s| s.links)}
                {figure("stats.partner_cities", |s| s.partner_cities)}
                {figure("stats.countries", |s| s.countries)}
                {figure("stats.continents", |s| s.continents)}
                {figure("stats.networks", |s| s.networks)}
                {figure("stats.organisations", |s| s.organisations)} <div class="figure oldest">
                    <dt>{i18n.tr("stats.oldest")}</dt>
                    <dd>
                        <Oldest />
                    </dd>
                </div>
            </dl>
            <DecadeChart />
        </section>
    }
}

/// The oldest link's date and partner, as a button that selects it.
#[component]
fn Oldest() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    move || {
        let oldest = model.stats.with(|s| s.oldest);
        let shown = oldest.and_then(|(date, link)| {
            model.with_ds(|ds| {
                let id = ds.cooperation(link.cooperation).id.clone();
                let names = ds.party_names(link.partner).clone();
                view! {
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| state.selected_id.set(Some(id.clone()))
                    >
                        {i18n.date(&date)}
                        " — "
                        <DataText text=names />
                    </button>
                }
                .into_any()
            })
        });
        shown.unwrap_or_else(|| i18n.t("stats.oldest_none").into_any())
    }
}

#[component]
fn DecadeChart() -> impl IntoView {
    let model = expect_context::<Model>();
    let i18n = expect_context::<I18n>();
    let decades = move || model.stats.with(|s| s.per_decade.clone());
    let chart = move || {
        let chart = elos_core::chart::decades(&decades())?;
        let bars = chart
            .bars
            .iter()
            .map(|bar| {
                let label = bar.labelled.then(|| {
                    view! {
                        <text class="decade" x=fixed(bar.centre_x, 1) y=fixed(chart.label_y, 1)>
                            {bar.decade.to_string()}
                        </text>
                    }
                });
                let count_label = bar.count_y.map(|y| {
                    view! {
                        <text class="bar-count" x=fixed(bar.centre_x, 1) y=fixed(y, 1)>
                            {i18n.cat().number(bar.count as u64)}
                        </text>
                    }
                });
                view! {
                    <rect
                        class="bar"
                        x=fixed(bar.x, 1)
                        y=fixed(bar.y, 1)
                        width=fixed(bar.width, 1)
                        height=fixed(bar.height, 1)
                    />
                    {count_label}
                    {label}
                }
            })
            .collect_view();
        Some(view! {
            <svg
                class="decade-chart"
                viewBox=format!("0 0 {} {}", fixed(chart.width, 1), fixed(chart.height, 1))
                aria-hidden="true"
                focusable="false"
            >
                <line
                    class="baseline"
                    x1="0"
                    x2=fixed(chart.width, 1)
                    y1=fixed(chart.baseline_y, 1)
                    y2=fixed(chart.baseline_y, 1)
                />
                {bars}
            </svg>
        })
    };
    let table_rows = move || {
        decades()
            .into_iter()
            .map(|(decade, count)| {
                // Plain text (the list re-runs when the language changes): reactive children
                // in rows rebuilt in place would leave an effect behind at each rebuild.
                let name = i18n.format("stats.decade", &[("decade", &decade.to_string())]);
                let number = i18n.cat().number(count as u64);
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td>{number}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="decades">
            <figcaption id="decades-title">{i18n.tr("stats.per_decade")}</figcaption>
            {chart}
            <table class="visually-hidden" aria-labelledby="decades-title">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr("stats.decade_heading")}</th>
                        <th scope="col">{i18n.tr("stats.links")}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
            <Show when=move || model.stats.with(|s| s.undated > 0)>
                <p class="muted">
                    {move || i18n.plural("stats.undated", model.stats.with(|s| s.undated), &[])}
                </p>
            </Show>
        </figure>
    }
}
