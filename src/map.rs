//! The world map: countries (pre-projected at build time), great-circle arcs and city markers
//! as SVG. Panning and zooming only change the `viewBox`; paths are never rebuilt.

use elos_core::geo::{arc_path, fit, GreatCircle, LonLat, PointPx, RectPx};
use elos_core::links::{self, HomeChoice, LabelBox, LabelSide};
use elos_core::model::{LinkKind, Party};
use elos_core::num::fixed;
use elos_core::timeline::estimate_label_width_px;
use leptos::prelude::*;

use crate::i18n::I18n;
use crate::model::Model;
use crate::names::country_name;
use crate::state::{Highlight, UiState};

/// The narrowest view, in map pixels (about a 40× zoom on the whole world).
const MIN_VIEW_WIDTH_PX: f64 = 25.0;
/// One key press or button moves or zooms by this much.
const PAN_STEP: f64 = 0.15;
const ZOOM_STEP: f64 = 1.5;
const LABEL_FONT_PX: f64 = 12.0;

fn bounds(model: &Model) -> RectPx {
    model.world.with(|w| {
        w.as_ref().map_or(
            RectPx {
                x_px: 0.0,
                y_px: 0.0,
                width_px: 1000.0,
                height_px: 487.0,
            },
            |w| RectPx {
                x_px: 0.0,
                y_px: 0.0,
                width_px: w.width_px,
                height_px: w.height_px,
            },
        )
    })
}

/// The view that shows the current links: home city and partners, not the whole ocean.
fn fitted_view(model: &Model) -> RectPx {
    let b = bounds(model);
    let Some(projection) = model
        .world
        .with_untracked(|w| w.as_ref().map(|w| w.projection))
    else {
        return b;
    };
    let links = model.links.get_untracked();
    let home = model.home.get_untracked();
    let points: Vec<PointPx> = model
        .loaded
        .with_untracked(|l| {
            l.as_ref().map(|l| {
                let ds = &l.dataset;
                // Whole routes, not just their ends: a great circle bows towards the pole.
                let mut pts: Vec<LonLat> = links
                    .iter()
                    .filter_map(|link| {
                        Some((
                            links::party_location(ds, Party::City(link.home))?,
                            links::party_location(ds, link.partner)?,
                        ))
                    })
                    .flat_map(|(from, to)| GreatCircle::new(from, to).sample(10.0, 3))
                    .collect();
                for &h in &ds.home_cities {
                    if home == HomeChoice::All || home == HomeChoice::One(h) {
                        pts.extend(links::party_location(ds, Party::City(h)));
                    }
                }
                pts
            })
        })
        .unwrap_or_default()
        .into_iter()
        .map(|p| projection.project(p.lon_deg, p.lat_deg))
        .collect();
    fit(&points, 40.0, 220.0, b.width_px / b.height_px, b)
}

#[component]
pub fn WorldMap() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let view_rect = RwSignal::new(bounds(&model));
    let resized = RwSignal::new(0u32);
    let svg_width_px = RwSignal::new(1000.0_f64);
    let drag = StoredValue::new(None::<(f64, f64)>);
    let dragged = StoredValue::new(false);

    // Open on the current links whenever the data, the world or the home city change.
    Effect::new(move |_| {
        model.home.track();
        model.loaded.track();
        model.world.track();
        view_rect.set(fitted_view(&model));
    });
    let _ = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    // Markers and strokes keep their screen size: CSS scales them by map units per screen pixel.
    Effect::new(move |_| {
        resized.track();
        let v = view_rect.get();
        if let Some(svg) = svg_ref.get() {
            let width = f64::from(svg.client_width()).max(1.0);
            let _ = svg
                .style()
                .set_property("--upp", &fixed(v.width_px / width, 5));
        }
    });

    let zoom = move |factor: f64| {
        view_rect.update(|v| *v = v.zoomed(factor, 0.5, 0.5, MIN_VIEW_WIDTH_PX, &bounds(&model)))
    };
    let pan = move |fx: f64, fy: f64| {
        view_rect.update(|v| *v = v.panned(fx * v.width_px, fy * v.height_px, &bounds(&model)))
    };
    let reset = move || view_rect.set(fitted_view(&model));

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let handled = match ev.key().as_str() {
            "ArrowLeft" => {
                pan(-PAN_STEP, 0.0);
                true
            }
            "ArrowRight" => {
                pan(PAN_STEP, 0.0);
                true
            }
            "ArrowUp" => {
                pan(0.0, -PAN_STEP);
                true
            }
            "ArrowDown" => {
                pan(0.0, PAN_STEP);
                true
            }
            "+" | "=" => {
                zoom(ZOOM_STEP);
                true
            }
            "-" | "_" => {
                zoom(1.0 / ZOOM_STEP);
                true
            }
            "0" => {
                reset();
                true
            }
            "Escape" => {
                state.selected_id.set(None);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        let Some(svg) = svg_ref.get() else { return };
        ev.prevent_default();
        let rect = svg.get_bounding_client_rect();
        let fx = (f64::from(ev.client_x()) - rect.left()) / rect.width().max(1.0);
        let fy = (f64::from(ev.client_y()) - rect.top()) / rect.height().max(1.0);
        let factor = if ev.delta_y() < 0.0 { 1.25 } else { 0.8 };
        view_rect.update(|v| *v = v.zoomed(factor, fx, fy, MIN_VIEW_WIDTH_PX, &bounds(&model)));
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        drag.set_value(Some((f64::from(ev.client_x()), f64::from(ev.client_y()))));
        dragged.set_value(false);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some((x0, y0)) = drag.get_value() else {
            return;
        };
        let Some(svg) = svg_ref.get() else { return };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !dragged.get_value() && (x - x0).abs() + (y - y0).abs() < 4.0 {
            return;
        }
        if !dragged.get_value() {
            let _ = svg.set_pointer_capture(ev.pointer_id());
        }
        dragged.set_value(true);
        let upp = view_rect.get_untracked().width_px / f64::from(svg.client_width()).max(1.0);
        view_rect.update(|v| *v = v.panned(-(x - x0) * upp, -(y - y0) * upp, &bounds(&model)));
        drag.set_value(Some((x, y)));
    };
    let on_up = move |_| drag.set_value(None);

    let select = move |id: String| {
        if !dragged.get_value() {
            state.selected_id.set(Some(id));
        }
    };

    let partner_countries = Memo::new(move |_| {
        let links = model.map_links.get();
        model
            .with_ds(|ds| {
                let mut isos: Vec<String> = links
                    .iter()
                    .filter_map(|l| match l.partner {
                        Party::City(c) => Some(ds.city(c).country.clone()),
                        _ => None,
                    })
                    .collect();
                isos.sort();
                isos.dedup();
                isos
            })
            .unwrap_or_default()
    });

    let countries = move || {
        model.world.get().map(|w| {
            let sphere = w.sphere.clone();
            let graticule = w.graticule.clone();
            let paths = w
                .countries
                .iter()
                .map(|c| {
                    let iso = c.iso.clone();
                    let name = c.name.clone();
                    let iso_for_class = iso.clone();
                    view! {
                        <path
                            class="country"
                            class:partner=move || {
                                partner_countries.with(|p| p.contains(&iso_for_class))
                            }
                            d=c.d.clone()
                        >
                            <title>
                                {move || {
                                    country_name(&i18n.lang.get(), &iso)
                                        .unwrap_or_else(|| name.clone())
                                }}
                            </title>
                        </path>
                    }
                })
                .collect_view();
            view! {
                <path class="sphere" d=sphere />
                <path class="graticule" d=graticule aria-hidden="true" />
                <g class="countries">{paths}</g>
            }
        })
    };

    let arcs = move || {
        let projection = model.world.with(|w| w.as_ref().map(|w| w.projection))?;
        let links = model.map_links.get();
        model.with_ds(|ds| {
            links
                .iter()
                .filter_map(|link| {
                    let from = links::party_location(ds, Party::City(link.home))?;
                    let to = links::party_location(ds, link.partner)?;
                    let coop = ds.cooperation(link.cooperation);
                    let id = coop.id.clone();
                    let partner_id = ds.party_id(link.partner).to_owned();
                    let (hl_id, hl_partner) = (id.clone(), partner_id.clone());
                    let hl = highlight;
                    let highlighted = move || hl.is(&hl_id) || hl.is(&hl_partner);
                    let label = i18n_arc_label(&i18n, ds, link.home, link.partner, coop.kind);
                    let select_id = id.clone();
                    Some(view! {
                        <path
                            class=format!("arc kind-{}", coop.kind.key())
                            class:highlight=highlighted
                            d=arc_path(&projection, from, to)
                            on:click=move |_| select(select_id.clone())
                        >
                            <title>{label}</title>
                        </path>
                    })
                })
                .collect_view()
        })
    };

    // Markers change with the data, home city and window, not with pan and zoom: computed once
    // here for both the marker layer and the label layer (which re-runs on every pan step).
    let placed_markers = Memo::new(move |_| {
        let projection = model.world.with(|w| w.as_ref().map(|w| w.projection));
        let links = model.map_links.get();
        let home = model.home.get();
        projection
            .and_then(|p| model.with_ds(|ds| links::markers(ds, &links, home, &p)))
            .unwrap_or_default()
    });

    let markers = move || {
        let mut markers = placed_markers.get();
        model.with_ds(|ds| {
            // Tab order follows names, so a keyboard user meets partners alphabetically.
            let lang = i18n.lang.get_untracked();
            markers.sort_by_key(|m| {
                (
                    !m.is_home,
                    elos_core::search::fold(ds.city(m.city).names.show(&lang)),
                )
            });
            markers
                .into_iter()
                .map(|m| {
                    let city = ds.city(m.city);
                    let id = city.id.clone();
                    let names = city.names.clone();
                    let iso = city.country.clone();
                    let count = m.link_count;
                    let (hl_id, key_id, click_id) = (id.clone(), id.clone(), id.clone());
                    let label = move || {
                        let name = i18n.show(&names);
                        let country =
                            country_name(&i18n.lang.get(), &iso).unwrap_or_else(|| iso.clone());
                        let place =
                            i18n.format("map.marker", &[("name", &name), ("country", &country)]);
                        i18n.plural("map.marker_links", count, &[("name", &place)])
                    };
                    let on_key = move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            state.selected_id.set(Some(key_id.clone()));
                        }
                    };
                    let focus_id = id.clone();
                    let aria_label = label.clone();
                    view! {
                        <g
                            class="marker"
                            class:home=m.is_home
                            class:uncertain=city.identification
                                == elos_core::model::Identification::Uncertain
                            class:highlight={
                                let hl = highlight;
                                move || hl.is(&hl_id)
                            }
                            transform=format!(
                                "translate({} {})",
                                fixed(m.at.x_px, 1),
                                fixed(m.at.y_px, 1),
                            )
                            role="button"
                            tabindex="0"
                            aria-label=aria_label
                            on:click=move |_| select(click_id.clone())
                            on:keydown=on_key
                            on:focus={
                                let id = focus_id.clone();
                                move |_| state.hovered_id.set(Some(id.clone()))
                            }
                            on:blur=move |_| state.hovered_id.set(None)
                            on:mouseenter=move |_| state.hovered_id.set(Some(focus_id.clone()))
                            on:mouseleave=move |_| state.hovered_id.set(None)
                        >
                            <title>{label}</title>
                            <g class="scaled">
                                <circle r=fixed(m.radius_px, 1) />
                            </g>
                        </g>
                    }
                })
                .collect_view()
        })
    };

    // Labels sit in their own layer above the markers, so a label never catches a click meant
    // for the map. Home cities and whatever is hovered or selected are labelled, each on a side
    // where it overlaps no other label or marker at the current zoom.
    let labels = move || {
        let v = view_rect.get();
        let upp = v.width_px / svg_width_px.get().max(1.0);
        let wanted = [state.selected_id.get(), state.hovered_id.get()];
        let markers = placed_markers.get();
        model.with_ds(|ds| {
            let screen = |p: PointPx| ((p.x_px - v.x_px) / upp, (p.y_px - v.y_px) / upp);
            let mut shown: Vec<&links::Marker> = markers
                .iter()
                .filter(|m| m.is_home || wanted.iter().flatten().any(|w| *w == ds.city(m.city).id))
                .collect();
            // Priority: what the person pointed at, then home cities with more links.
            shown.sort_by_key(|m| {
                (
                    !wanted.iter().flatten().any(|w| *w == ds.city(m.city).id),
                    std::cmp::Reverse(m.link_count),
                )
            });
            let names: Vec<String> = shown
                .iter()
                .map(|m| i18n.show(&ds.city(m.city).names))
                .collect();
            let boxes: Vec<LabelBox> = shown
                .iter()
                .zip(&names)
                .map(|(m, name)| {
                    let (x_px, y_px) = screen(m.at);
                    LabelBox {
                        x_px,
                        y_px,
                        radius_px: m.radius_px,
                        width_px: estimate_label_width_px(name, LABEL_FONT_PX) + 4.0,
                        height_px: LABEL_FONT_PX + 2.0,
                    }
                })
                .collect();
            let circles: Vec<(f64, f64, f64)> = markers
                .iter()
                .map(|m| {
                    let (x, y) = screen(m.at);
                    (x, y, m.radius_px)
                })
                .collect();
            let sides = links::place_labels(&boxes, &circles);
            shown
                .iter()
                .zip(names)
                .zip(sides)
                .filter_map(|((m, name), side)| {
                    let gap = m.radius_px + 3.0;
                    let (x, y, anchor) = match side? {
                        LabelSide::Right => (gap, 4.0, "start"),
                        LabelSide::Left => (-gap, 4.0, "end"),
                        LabelSide::Above => (0.0, -gap - 2.0, "middle"),
                        LabelSide::Below => (0.0, gap + LABEL_FONT_PX, "middle"),
                    };
                    Some(view! {
                        <g
                            class="label"
                            transform=format!(
                                "translate({} {})",
                                fixed(m.at.x_px, 1),
                                fixed(m.at.y_px, 1),
                            )
                            aria-hidden="true"
                        >
                            <g class="scaled">
                                <text x=fixed(x, 1) y=fixed(y, 1) text-anchor=anchor>
                                    {name}
                                </text>
                            </g>
                        </g>
                    })
                })
                .collect_view()
        })
    };

    let view_box = move || {
        let v = view_rect.get();
        format!(
            "{} {} {} {}",
            fixed(v.x_px, 2),
            fixed(v.y_px, 2),
            fixed(v.width_px, 2),
            fixed(v.height_px, 2)
        )
    };

    view! {
        <div class="map-wrap">
            <div class="map-controls" role="toolbar" aria-label=move || i18n.t("map.title")>
                <button
                    type="button"
                    on:click=move |_| zoom(ZOOM_STEP)
                    aria-label=move || i18n.t("map.zoom_in")
                    title=move || i18n.t("map.zoom_in")
                >
                    "+"
                </button>
                <button
                    type="button"
                    on:click=move |_| zoom(1.0 / ZOOM_STEP)
                    aria-label=move || i18n.t("map.zoom_out")
                    title=move || i18n.t("map.zoom_out")
                >
                    "−"
                </button>
                <button type="button" class="reset" on:click=move |_| reset()>
                    {move || i18n.t("map.reset")}
                </button>
            </div>
            <svg
                node_ref=svg_ref
                class="map"
                viewBox=view_box
                preserveAspectRatio="xMidYMid meet"
                role="group"
                tabindex="0"
                aria-label=move || format!("{} {}", i18n.t("map.label"), i18n.t("map.keys"))
                on:keydown=on_key
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
            >
                {countries}
                <g class="arcs">{arcs}</g>
                <g class="markers">{markers}</g>
                <g class="labels">{labels}</g>
            </svg>
            <Show when=move || model.world_failed.get()>
                <p class="notice" role="status">
                    {move || i18n.t("errors.world")}
                </p>
            </Show>
            <p class="attribution">{move || i18n.t("map.attribution")}</p>
        </div>
        <Legend />
        <Bodies />
    }
}

fn i18n_arc_label(
    i18n: &I18n,
    ds: &elos_core::Dataset,
    home: elos_core::model::CityIx,
    partner: Party,
    kind: LinkKind,
) -> String {
    let home = i18n.show(&ds.city(home).names);
    let partner = i18n.show(ds.party_names(partner));
    let kind = i18n.t(&format!("kind.{}", kind.key()));
    i18n.format(
        "map.arc",
        &[("home", &home), ("partner", &partner), ("kind", &kind)],
    )
}

/// Kinds present in the dataset, each a toggle that hides or shows its links everywhere.
#[component]
fn Legend() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let kinds = move || {
        model
            .with_ds(|ds| {
                let mut kinds: Vec<LinkKind> = ds.cooperations.iter().map(|c| c.kind).collect();
                kinds.sort();
                kinds.dedup();
                kinds
            })
            .unwrap_or_default()
    };
    view! {
        <section class="legend" aria-labelledby="legend-title">
            <h3 id="legend-title">{move || i18n.t("map.legend")}</h3>
            <ul>
                <li class="legend-static">
                    <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                        <circle class="swatch-home" cx="12" cy="6" r="5" />
                    </svg>
                    {move || i18n.t("map.legend_home")}
                </li>
                <li class="legend-static">
                    <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                        <rect class="swatch-country" x="2" y="1" width="20" height="10" />
                    </svg>
                    {move || i18n.t("map.legend_country")}
                </li>
                <For each=kinds key=|k| *k let:kind>
                    <li>
                        <button
                            type="button"
                            class="legend-toggle"
                            aria-pressed=move || {
                                state.filters.with(|f| f.shows_kind(kind)).to_string()
                            }
                            on:click=move |_| {
                                let present = kinds();
                                state.filters.update(|f| f.toggle_kind_shown(kind, &present))
                            }
                        >
                            <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                                <path class=format!("arc kind-{}", kind.key()) d="M1 6 L23 6" />
                            </svg>
                            {move || i18n.t(&format!("kind.{}", kind.key()))}
                        </button>
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// Networks and organisations have no single place: they are listed beside the map.
#[component]
fn Bodies() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let bodies = move || {
        let links = model.map_links.get();
        model
            .with_ds(|ds| {
                let mut out: Vec<(Party, String, elos_core::lang::Text)> = Vec::new();
                for l in &links {
                    if matches!(l.partner, Party::City(_))
                        || out.iter().any(|(p, _, _)| *p == l.partner)
                    {
                        continue;
                    }
                    out.push((
                        l.partner,
                        ds.party_id(l.partner).to_owned(),
                        ds.party_names(l.partner).clone(),
                    ));
                }
                out
            })
            .unwrap_or_default()
    };
    view! {
        <section class="bodies" aria-labelledby="bodies-title">
            <h3 id="bodies-title">{move || i18n.t("map.bodies")}</h3>
            {move || {
                let list = bodies();
                if list.is_empty() {
                    view! { <p class="muted">{i18n.t("map.bodies_none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="chips">
                            {list
                                .into_iter()
                                .map(|(party, id, names)| {
                                    let kind = if matches!(party, Party::Network(_)) {
                                        "network_membership"
                                    } else {
                                        "organisation_partnership"
                                    };
                                    let (click_id, hl_id) = (id.clone(), id.clone());
                                    let item = match party {
                                        Party::Network(_) => "details.network",
                                        _ => "details.organisation",
                                    };
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class=format!("chip kind-{kind}")
                                                class:highlight=move || { highlight.is_selected(&hl_id) }
                                                title=move || i18n.t(item)
                                                on:click=move |_| {
                                                    state.selected_id.set(Some(click_id.clone()))
                                                }
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
