//! The world map. The country shapes are static SVG in index.html (painted before the wasm
//! starts), adopted here; the shown links are drawn over them as a fixed handful of paths from
//! `elos_core::scene`, so the element count never grows with the data. Pan and zoom change only
//! the `viewBox` (a gesture in progress moves the painted picture by a CSS transform); the
//! pointer is matched by the core's hit-testing, the keyboard moves a focus ring from marker to
//! marker, and labels are placed by the core where they fit.

mod flight;
mod gestures;
mod keys;
mod legend;
mod tooltip;

use std::sync::Arc;

use elos_core::geo::{box_aspect, world_bounds, RectPx, Viewport, WORLD_PROJECTION};
use elos_core::model::{CityIx, Party};
use elos_core::num::fixed;
use elos_core::scene::{labels_for, ArcStyle, Drawing, LabelView, MarkerStyle, LABEL_FONT_PX};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::{Model, Shared};
use crate::state::UiState;

pub use legend::{Bodies, Legend};

/// The narrowest view, in map pixels (about a 40× zoom on the whole world).
const MIN_VIEW_WIDTH_PX: f64 = 25.0;

/// Labels in present mode grow with the screen, so names read from across a room: 19 px on a
/// 1920 px wide map, 38 px at 3840.
fn label_font_px(presenting: bool, box_width_px: f64) -> f64 {
    if presenting {
        (box_width_px / 100.0).clamp(LABEL_FONT_PX, 40.0)
    } else {
        LABEL_FONT_PX
    }
}

/// The map's own state, shared by its parts (gestures, keys, tooltip).
#[derive(Clone, Copy)]
struct MapState {
    /// The part of the map shown (map pixels), as committed after a gesture.
    view: RwSignal<RectPx>,
    /// The view that fits the current links: "show all links" returns to it.
    fitted: RwSignal<RectPx>,
    /// The frame's size in CSS pixels, from a `ResizeObserver` (0 while hidden).
    box_px: RwSignal<(f64, f64)>,
    drawing: crate::ui::Derived<Option<Shared<Drawing>>>,
    /// The city the keyboard's focus ring is on.
    focus: RwSignal<Option<CityIx>>,
    tip: RwSignal<Option<tooltip::TipAt>>,
    /// What is announced to screen readers about the keyboard focus.
    said: RwSignal<String>,
}

impl MapState {
    fn viewport(&self) -> Viewport {
        let (w, h) = self.box_px.get_untracked();
        Viewport::new(self.view.get_untracked(), w, h)
    }
}

thread_local! {
    /// The country shapes from index.html, kept while the table view is shown.
    static WORLD_SHAPES: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
}

/// The country shapes that index.html painted before the wasm ran (the first call finds them
/// in the page; the map moves them into itself, and gets them back after the table view).
pub fn world_shapes() -> Option<web_sys::Element> {
    WORLD_SHAPES.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = document()
                .get_element_by_id("world")
                .and_then(|svg| svg.query_selector(".world-shapes").ok().flatten());
        }
        cell.clone()
    })
}

/// The country paths, by their `data-iso` code.
fn country_paths(base: &web_sys::Element) -> Vec<(String, web_sys::Element)> {
    let Ok(list) = base.query_selector_all("path.country") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|el| (el.get_attribute("data-iso").unwrap_or_default(), el))
        .collect()
}

#[component]
pub fn WorldMap() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let frame_ref = NodeRef::<leptos::html::Div>::new();
    let mover_ref = NodeRef::<leptos::html::Div>::new();
    let base_ref = NodeRef::<leptos::svg::G>::new();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let world_missing = RwSignal::new(false);

    let view = RwSignal::new(world_bounds());
    let fitted = RwSignal::new(world_bounds());
    let box_px = RwSignal::new((0.0, 0.0));
    let drawing = crate::ui::derived(move || {
        let network = model.network.get()?;
        let (w, h) = box_px.get();
        // Nothing is drawn before the frame has a size (the first build, a hidden tab): that
        // drawing, in a 1-pixel box, would be thrown away by the first resize, after costing
        // the page's first task its arcs, markers and labels.
        if w < 1.0 {
            return None;
        }
        let vp = Viewport::new(view.get(), w, h);
        Some(Shared(Arc::new(network.draw(&WORLD_PROJECTION, &vp))))
    });
    let map = MapState {
        view,
        fitted,
        box_px,
        drawing,
        focus: RwSignal::new(None),
        tip: RwSignal::new(None),
        said: RwSignal::new(String::new()),
    };

    // The frame's size, whenever it changes: a map first laid out inside a hidden tab (0×0)
    // fits its links when it is shown.
    crate::resize::watch_size(frame_ref, box_px);
    Effect::new(move |was_shown: Option<bool>| {
        let shown = box_px.get().0 >= 1.0;
        if shown && was_shown == Some(false) {
            refit(map, model);
        }
        shown
    });
    // The world shapes, once; partner countries shaded whenever the links change.
    let countries = StoredValue::new_local(Vec::<(String, web_sys::Element)>::new());
    // Taken from the page's first view only when the app shows itself: until then that view
    // is on screen and keeps them.
    let mounting = use_context::<crate::ui::Mounting>();
    crate::ui::effect(move || {
        let Some(base) = base_ref.get() else { return };
        if mounting.is_some_and(|m| !m.done()) {
            return;
        }
        match world_shapes() {
            Some(shapes) => {
                let _ = base.append_child(&shapes);
            }
            None => world_missing.set(true),
        }
        countries.set_value(country_paths(&base));
    });
    crate::ui::effect(move || {
        let partners: Vec<String> = model
            .network
            .with(|n| {
                n.as_ref().and_then(|n| {
                    model.with_ds(|ds| {
                        n.partner_countries(ds)
                            .into_iter()
                            .map(str::to_owned)
                            .collect()
                    })
                })
            })
            .unwrap_or_default();
        countries.with_value(|all| {
            for (iso, el) in all {
                let _ = el
                    .class_list()
                    .toggle_with_force("partner", partners.binary_search(iso).is_ok());
            }
        });
    });
    // Open on the current links whenever the data or the home city change (not on a filter or
    // the time window: the map must not jump while the window plays) — except in a
    // presentation, whose steps frame the map (flight.rs); leaving one refits.
    crate::ui::effect(move || {
        model.home.track();
        model.loaded.track();
        if !state.presenting() {
            refit(map, model);
        }
    });

    // Paths by layer: arcs, then (after the highlight's arcs and halos) markers on top.
    let arc_layers = crate::ui::derived(move || {
        drawing.with(|d| d.as_ref().map(|d| arc_paths(d)).unwrap_or_default())
    });
    let marker_layers = crate::ui::derived(move || {
        drawing.with(|d| d.as_ref().map(|d| marker_paths(d)).unwrap_or_default())
    });
    let lit = crate::ui::derived(move || {
        let ids = [state.selected_id.get(), state.hovered_id.get()];
        let spotlight = state.spotlight.get();
        let network = model.network.get()?;
        model
            .with_ds(|ds| {
                let mut all = elos_core::scene::Lit::default();
                // A tour step's highlight dims the rest, as choosing a network does.
                for item in &spotlight {
                    let one = network.lit(ds, *item);
                    all.edges.extend(one.edges);
                    all.nodes.extend(one.nodes);
                    all.dim = true;
                }
                for id in ids.iter().flatten() {
                    if let Some(item) = ds.item_by_id(id) {
                        let one = network.lit(ds, item);
                        all.edges.extend(one.edges);
                        all.nodes.extend(one.nodes);
                        all.dim |= one.dim && Some(id) == ids[0].as_ref();
                    }
                }
                all
            })
            .filter(|l| !l.edges.is_empty() || !l.nodes.is_empty() || l.dim)
    });
    let lit_layers = crate::ui::derived(move || {
        let Some(lit) = lit.get() else {
            return Vec::new();
        };
        let (Some(network), Some(d)) = (model.network.get(), drawing.get()) else {
            return Vec::new();
        };
        let drawn = network.draw_lit(&WORLD_PROJECTION, &d, &lit);
        let mut out: Vec<(String, String)> = Vec::new();
        for style in ArcStyle::ALL {
            if let Some(path) = drawn.arcs.get(style.index()).filter(|p| !p.is_empty()) {
                out.push((format!("arc lit {}", style.class()), path.clone()));
            }
        }
        for (size, path) in drawn.markers.iter().enumerate() {
            if !path.is_empty() {
                out.push((format!("mk lit s{size}"), path.clone()));
            }
        }
        out
    });
    let dim = move || lit.with(|l| l.as_ref().is_some_and(|l| l.dim));
    // The keyboard's focus ring.
    let cursor = move || {
        let city = map.focus.get()?;
        let network = model.network.get()?;
        drawing.with(|d| {
            let d = d.as_ref()?;
            let mark = d.mark_of(&network, city)?;
            let size = d.marks[mark].style.size;
            Some((d.dot_path(d.marks[mark].at), format!("cursor s{size}")))
        })
    };
    let labels = crate::ui::derived(move || place_labels(model, map, i18n, state));
    let sampled = move || {
        drawing.with(|d| {
            let d = d.as_ref()?;
            (d.aggregated && d.links_drawn < d.links_total).then(|| {
                i18n.plural(
                    "map.sampled",
                    d.links_total,
                    &[("shown", &i18n.cat().number(d.links_drawn as u64))],
                )
            })
        })
    };
    let view_box = move || {
        let v = view.get();
        format!(
            "{} {} {} {}",
            fixed(v.x_px, 3),
            fixed(v.y_px, 3),
            fixed(v.width_px, 3),
            fixed(v.height_px, 3)
        )
    };
    let layers_box = move || {
        let (w, h) = box_px.get();
        // A box not laid out yet counts as one pixel, as the viewport does.
        let vp = Viewport::new(view.get_untracked(), w, h);
        format!(
            "0 0 {} {}",
            fixed(vp.box_width_px, 1),
            fixed(vp.box_height_px, 1)
        )
    };
    let zoomed_in = move || view.get().closer_than(&fitted.get());
    let pointer = gestures::Pointer::new(map, model, state, frame_ref, mover_ref, svg_ref);
    flight::follow(map, model, pointer, mover_ref);

    view! {
        <div class="map-wrap">
            <div class="map-controls" role="toolbar" aria-label=i18n.tr("map.title")>
                <button
                    type="button"
                    on:click=move |_| pointer.zoom_by(gestures::ZOOM_STEP)
                    aria-label=i18n.tr("map.zoom_in")
                    title=i18n.tr("map.zoom_in")
                >
                    "+"
                </button>
                <button
                    type="button"
                    on:click=move |_| pointer.zoom_by(1.0 / gestures::ZOOM_STEP)
                    aria-label=i18n.tr("map.zoom_out")
                    title=i18n.tr("map.zoom_out")
                >
                    "−"
                </button>
                <button type="button" class="reset" on:click=move |_| pointer.reset()>
                    {i18n.tr("map.reset")}
                </button>
            </div>
            <div class="map-frame" node_ref=frame_ref>
                // The pointer is followed over the whole picture, labels included (a label is
                // as good a place to click a city as its marker).
                <div
                    class="map-mover"
                    node_ref=mover_ref
                    on:wheel=move |ev| pointer.wheel(ev)
                    on:pointerdown=move |ev| pointer.down(ev)
                    on:pointermove=move |ev| pointer.moved(ev)
                    on:pointerup=move |ev| pointer.up(ev)
                    on:pointercancel=move |ev| pointer.up(ev)
                    on:pointerleave=move |ev| pointer.left(ev)
                    on:click=move |ev| pointer.click(ev)
                >
                    <svg
                        node_ref=svg_ref
                        class="map"
                        class:zoomed=zoomed_in
                        viewBox=view_box
                        preserveAspectRatio="xMidYMid meet"
                        role="application"
                        aria-roledescription=i18n.tr("map.title")
                        tabindex="0"
                        aria-label=move || format!("{} {}", i18n.t("map.label"), i18n.t("map.keys"))
                        aria-describedby="map-focus"
                        on:keydown=move |ev| keys::on_key(map, model, state, pointer, ev)
                        on:focus=move |_| keys::on_focus(map, model, i18n)
                        on:blur=move |_| map.tip.set(None)
                    >
                        <g node_ref=base_ref class="base"></g>
                    </svg>
                    // The links and cities, in the box's own pixels: redrawn for each view, so
                    // strokes need no `vector-effect` (several times slower to rasterise).
                    <svg
                        class="map-layers"
                        class:dim=dim
                        class:solid=move || drawing.with(|d| d.as_ref().is_some_and(|d| !d.dashed))
                        viewBox=layers_box
                        aria-hidden="true"
                    >
                        {move || paths(arc_layers.get())}
                        {move || paths(lit_layers.get())}
                        {move || cursor().map(|(d, class)| view! { <path class=class d=d /> })}
                        {move || paths(marker_layers.get())}
                        <g
                            class="labels"
                            style:font-size=move || {
                                format!(
                                    "{}px",
                                    fixed(label_font_px(state.presenting(), box_px.get().0), 1),
                                )
                            }
                        >
                            {move || label_texts(labels.get())}
                        </g>
                    </svg>
                </div>
            </div>
            <tooltip::Tip map=map />
            <p id="map-focus" class="visually-hidden" role="status">
                {move || map.said.get()}
            </p>
            <p class="map-note" role="status">
                {sampled}
            </p>
            <Show when=move || {
                drawing.with(|d| d.as_ref().is_some_and(|d| !d.dashed && !d.aggregated))
            }>
                <p class="map-note">{i18n.tr("map.legend_solid")}</p>
            </Show>
            <Show when=move || world_missing.get()>
                <p class="notice" role="status">
                    {i18n.tr("errors.world")}
                </p>
            </Show>
            <p class="attribution">{i18n.tr("map.attribution")}</p>
        </div>
    }
}

/// A drawing's arcs as (class, path data), one per style.
pub fn arc_paths(d: &Drawing) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for style in ArcStyle::ALL {
        let path = &d.arcs[style.index()];
        if !path.is_empty() {
            out.push((format!("arc {}", style.class()), path.clone()));
        }
    }
    out
}

/// A drawing's markers as (class, path data): ring, dot and core of each style.
pub fn marker_paths(d: &Drawing) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for style in MarkerStyle::all() {
        let path = &d.markers[style.index()];
        if path.is_empty() {
            continue;
        }
        let class = format!("mk {} s{}", style.role.key(), style.size);
        for layer in ["ring", "dot", "core"] {
            out.push((format!("{class} {layer}"), path.clone()));
        }
    }
    out
}

/// The labels as `<text>` elements.
pub fn label_texts(labels: Vec<LabelView>) -> impl IntoView {
    labels
        .into_iter()
        .map(|l| {
            view! {
                <text
                    x=fixed(l.x_px, 1)
                    y=fixed(l.y_px, 1)
                    text-anchor=l.anchor
                    class=l.class
                    data-city=l.city_id
                    data-cx=fixed(l.marker_x_px, 1)
                    data-cy=fixed(l.marker_y_px, 1)
                >
                    {l.text}
                </text>
            }
        })
        .collect_view()
}

/// One `<path>` per (class, path data): the map's layers.
pub fn paths(layers: Vec<(String, String)>) -> impl IntoView {
    layers
        .into_iter()
        .map(|(class, d)| view! { <path class=class d=d /> })
        .collect_view()
}

/// Shows the view that fits the current links in the current frame.
fn refit(map: MapState, model: Model) {
    let box_px = map.box_px.get_untracked();
    let v = model
        .network
        .with_untracked(|n| {
            n.as_ref()
                .map(|n| n.fit_view(world_bounds(), box_aspect(box_px.0, box_px.1)))
        })
        .unwrap_or_else(world_bounds);
    map.fitted.set(v);
    map.view.set(v);
}

/// Labels in priority order, where they fit: what is chosen or focused first, then
/// home cities, then the cities (or clusters) with the most links.
fn place_labels(model: Model, map: MapState, i18n: I18n, state: UiState) -> Vec<LabelView> {
    let Some(d) = map.drawing.get() else {
        return Vec::new();
    };
    // What is chosen or focused by the keyboard is named first. Not what the pointer is on:
    // the tooltip names it, and labels redrawn on every hover would move under the pointer.
    let wanted: Vec<String> = [
        state.selected_id.get(),
        map.focus
            .get()
            .and_then(|c| model.with_ds(|ds| ds.city(c).id.clone())),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lang = i18n.lang.get();
    model
        .with_ds(|ds| {
            labels_for(
                &d,
                ds,
                &lang,
                &wanted,
                label_font_px(state.presenting(), map.box_px.get().0),
            )
        })
        .unwrap_or_default()
}

/// The party a map item is about, for hover and selection: a city's id.
fn city_id(model: Model, city: CityIx) -> Option<String> {
    model.with_ds(|ds| ds.party_id(Party::City(city)).to_owned())
}
