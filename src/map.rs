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
/// A wheel burst ends, and the view is drawn at its new scale, after this long without a turn.
const WHEEL_REST_MS: u64 = 180;
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

/// One arc, ready to draw: computed once per change of links, never per pan step.
#[derive(Clone, PartialEq)]
struct ArcShape {
    cooperation_id: String,
    partner_id: String,
    kind: LinkKind,
    d: String,
}

/// One city marker, ready to draw.
#[derive(Clone, PartialEq)]
struct MarkerShape {
    city_id: String,
    at: PointPx,
    radius_px: f64,
    is_home: bool,
    uncertain: bool,
    aria_label: String,
}

/// What the tooltip is about: a city marker, or one link (cooperation × partner).
#[derive(Clone, PartialEq)]
enum TipTarget {
    City(String),
    Link {
        cooperation_id: String,
        partner_id: String,
    },
}

/// The tooltip's subject and where it points, in pixels from the map's top-left corner.
#[derive(Clone, PartialEq)]
struct TipAt {
    target: TipTarget,
    x_px: f64,
    y_px: f64,
    /// The point's share of the map's width: the tooltip shifts left by as much of its own
    /// width, so it never leaves the map sideways, whatever its text.
    fraction_x: f64,
    below: bool,
}

/// What the pointer or keyboard is on, or what is selected, lights up; a chosen network or
/// organisation also lights up its member cities and dims the rest.
#[derive(Clone, PartialEq, Default)]
struct Lit {
    /// CSS selectors (within `svg.map`) of the elements to highlight.
    selectors: Vec<String>,
    dim: bool,
}

/// A CSS string literal of `value` (quotes and backslashes escaped, control characters as hex
/// escapes), for attribute selectors built from dataset ids.
fn css_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The cities that take part in any cooperation with `party` (a network's or organisation's
/// members, as far as the dataset knows them), in the file's order, each once.
fn member_cities(ds: &elos_core::Dataset, party: Party) -> Vec<elos_core::model::CityIx> {
    let mut out = Vec::new();
    for coop in ds
        .cooperations
        .iter()
        .filter(|c| c.parties.contains(&party))
    {
        for p in &coop.parties {
            if let Party::City(c) = p {
                if !out.contains(c) {
                    out.push(*c);
                }
            }
        }
    }
    out
}

fn lit_for(ds: &elos_core::Dataset, hovered: Option<&str>, selected: Option<&str>) -> Lit {
    use elos_core::model::Item;
    let mut lit = Lit::default();
    let marker = |id: &str| format!(".markers [data-id={}]", css_string(id));
    for id in [hovered, selected].into_iter().flatten() {
        let Some(item) = ds.item_by_id(id) else {
            continue;
        };
        let cities = match item {
            Item::Party(Party::City(c)) => {
                lit.selectors
                    .push(format!(".arcs [data-partner={}]", css_string(id)));
                vec![c]
            }
            Item::Party(body) => {
                lit.selectors
                    .push(format!(".arcs [data-partner={}]", css_string(id)));
                lit.dim |= Some(id) == selected;
                member_cities(ds, body)
            }
            Item::Cooperation(c) => {
                lit.selectors
                    .push(format!(".arcs [data-id={}]", css_string(id)));
                ds.cooperation(c)
                    .parties
                    .iter()
                    .filter_map(|p| match p {
                        Party::City(c) => Some(*c),
                        _ => None,
                    })
                    .collect()
            }
            Item::Event(e) => vec![ds.event(e).city],
        };
        lit.selectors
            .extend(cities.into_iter().map(|c| marker(&ds.city(c).id)));
    }
    lit
}

/// Adds `highlight` to the elements `lit` names (and removes it from the last ones): a
/// hover touches a handful of elements, never all 5,000.
fn apply_lit(svg: &web_sys::Element, lit: &Lit, previous: StoredValue<Vec<web_sys::Element>>) {
    use wasm_bindgen::JsCast;
    previous.update_value(|old| {
        for el in old.drain(..) {
            let _ = el.class_list().remove_1("highlight");
        }
    });
    let mut now = Vec::new();
    for selector in &lit.selectors {
        let Ok(list) = svg.query_selector_all(selector) else {
            continue;
        };
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().add_1("highlight");
                now.push(el);
            }
        }
    }
    previous.set_value(now);
}

/// The element an event happened in, if it (or an ancestor) carries `data-id`: the layers
/// listen once for all their arcs or markers.
fn event_item(ev: &leptos::ev::Event) -> Option<(web_sys::Element, String)> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let el = target.closest("[data-id]").ok()??;
    let id = el.get_attribute("data-id")?;
    Some((el, id))
}

/// Where the SVG is drawn on screen: the frame's content box (inside its border), in client
/// CSS pixels. Measuring forces a layout, so a gesture measures once and keeps it.
#[derive(Clone, Copy)]
struct FrameBox {
    left_px: f64,
    top_px: f64,
    width_px: f64,
    height_px: f64,
}

impl FrameBox {
    fn measure(frame: &web_sys::Element) -> Self {
        let rect = frame.get_bounding_client_rect();
        FrameBox {
            left_px: rect.left() + f64::from(frame.client_left()),
            top_px: rect.top() + f64::from(frame.client_top()),
            width_px: f64::from(frame.client_width()).max(1.0),
            height_px: f64::from(frame.client_height()).max(1.0),
        }
    }

    /// For a client point over the map: its place in the view as fractions of the view's
    /// width and height, and the map units per CSS pixel, allowing for the letterboxing of
    /// `preserveAspectRatio="xMidYMid meet"`.
    fn view_fractions(&self, v: &RectPx, client_x: f64, client_y: f64) -> (f64, f64, f64) {
        let (w, h) = (self.width_px, self.height_px);
        let upp = (v.width_px / w).max(v.height_px / h);
        let offset_x = (w - v.width_px / upp) / 2.0;
        let offset_y = (h - v.height_px / upp) / 2.0;
        (
            (client_x - self.left_px - offset_x) * upp / v.width_px,
            (client_y - self.top_px - offset_y) * upp / v.height_px,
            upp,
        )
    }
}

/// Pointers down on the map (id, client x, y): one drags, two pinch.
#[derive(Default)]
struct Gesture {
    pointers: Vec<(i32, f64, f64)>,
    /// The last pinch centre (client px) and finger distance.
    pinch: Option<(f64, f64, f64)>,
}

impl Gesture {
    fn pinch_now(&self) -> Option<(f64, f64, f64)> {
        let [(_, x0, y0), (_, x1, y1), ..] = self.pointers[..] else {
            return None;
        };
        Some(((x0 + x1) / 2.0, (y0 + y1) / 2.0, (x1 - x0).hypot(y1 - y0)))
    }
}

#[component]
pub fn WorldMap() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // The SVG's box without any gesture transform: positions are measured against it.
    let frame_ref = NodeRef::<leptos::html::Div>::new();
    // What a gesture moves. Not the SVG itself: a style change there (it holds the inherited
    // `--upp`) makes the browser restyle all its thousands of elements on every step.
    let mover_ref = NodeRef::<leptos::html::Div>::new();
    let wrap_ref = NodeRef::<leptos::html::Div>::new();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let view_rect = RwSignal::new(bounds(&model));
    let fitted = RwSignal::new(bounds(&model));
    let resized = RwSignal::new(0u32);
    let svg_width_px = RwSignal::new(1000.0_f64);
    let drag = StoredValue::new(None::<(f64, f64)>);
    let dragged = StoredValue::new(false);
    let gesture = StoredValue::new(Gesture::default());
    let tip = RwSignal::new(None::<TipAt>);
    // During a drag, pinch or wheel burst the view goes to `preview_rect` by a CSS transform
    // of the painted SVG (the compositor moves it, nothing is drawn again); the `viewBox`
    // follows once, when the gesture ends. With thousands of arcs, redrawing every step is what
    // made panning slow.
    let preview_rect = StoredValue::new(None::<RectPx>);
    // The frame's box, measured once per gesture.
    let frame_box = StoredValue::new(None::<FrameBox>);
    let wheel_gen = StoredValue::new(0u32);
    let current = move || {
        preview_rect
            .get_value()
            .unwrap_or_else(|| view_rect.get_untracked())
    };
    let geometry = move |frame: &web_sys::Element| {
        frame_box.get_value().unwrap_or_else(|| {
            let b = FrameBox::measure(frame);
            frame_box.set_value(Some(b));
            b
        })
    };
    let preview = move |target: RectPx| {
        let (Some(mover), Some(frame)) = (mover_ref.get_untracked(), frame_ref.get_untracked())
        else {
            view_rect.set(target);
            return;
        };
        let b = geometry(&frame);
        let (k, tx, ty) =
            view_rect
                .get_untracked()
                .css_transform_to(&target, b.width_px, b.height_px);
        let _ = web_sys::HtmlElement::style(&mover).set_property(
            "transform",
            &format!(
                "translate({}px,{}px) scale({})",
                fixed(tx, 2),
                fixed(ty, 2),
                fixed(k, 5)
            ),
        );
        preview_rect.set_value(Some(target));
    };
    let commit = move || {
        // The next gesture measures again (the page may have scrolled or resized).
        frame_box.set_value(None);
        if let Some(target) = preview_rect.get_value() {
            preview_rect.set_value(None);
            view_rect.set(target);
            if let Some(mover) = mover_ref.get_untracked() {
                let _ = web_sys::HtmlElement::style(&mover).remove_property("transform");
            }
        }
    };

    // Open on the current links whenever the data, the world or the home city change.
    Effect::new(move |_| {
        model.home.track();
        model.loaded.track();
        model.world.track();
        let v = fitted_view(&model);
        fitted.set(v);
        view_rect.set(v);
    });
    let _ = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    // Markers and strokes keep their screen size: CSS scales them by map units per screen pixel.
    Effect::new(move |_| {
        resized.track();
        let v = view_rect.get();
        if let Some(svg) = svg_ref.get() {
            let width = f64::from(svg.client_width()).max(1.0);
            svg_width_px.set(width);
            let height = f64::from(svg.client_height()).max(1.0);
            let upp = (v.width_px / width).max(v.height_px / height);
            let _ = svg.style().set_property("--upp", &fixed(upp, 5));
        }
    });

    let zoom = move |factor: f64| {
        commit();
        view_rect.update(|v| *v = v.zoomed(factor, 0.5, 0.5, MIN_VIEW_WIDTH_PX, &bounds(&model)))
    };
    let pan = move |fx: f64, fy: f64| {
        commit();
        view_rect.update(|v| *v = v.panned(fx * v.width_px, fy * v.height_px, &bounds(&model)))
    };
    let reset = move || {
        commit();
        view_rect.set(fitted_view(&model));
    };
    // Zoomed in, one finger pans the map; at the opening view it scrolls the page (CSS).
    let zoomed_in = move || view_rect.get().width_px < fitted.get().width_px - 0.5;

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
                tip.set(None);
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
        let Some(frame) = frame_ref.get() else { return };
        ev.prevent_default();
        let v = current();
        let (fx, fy, _) =
            geometry(&frame).view_fractions(&v, f64::from(ev.client_x()), f64::from(ev.client_y()));
        let factor = if ev.delta_y() < 0.0 { 1.25 } else { 0.8 };
        preview(v.zoomed(factor, fx, fy, MIN_VIEW_WIDTH_PX, &bounds(&model)));
        // The burst ends when the wheel rests for a moment.
        wheel_gen.update_value(|g| *g = g.wrapping_add(1));
        let gen = wheel_gen.get_value();
        set_timeout(
            move || {
                if wheel_gen.get_value() == gen && drag.get_value().is_none() {
                    commit();
                }
            },
            std::time::Duration::from_millis(WHEEL_REST_MS),
        );
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        gesture.update_value(|g| {
            if ev.is_primary() {
                // A new gesture: forget pointers whose `pointerup` happened elsewhere.
                *g = Gesture::default();
            }
            g.pointers.retain(|p| p.0 != id);
            g.pointers.push((id, x, y));
            g.pinch = g.pinch_now();
        });
        if gesture.with_value(|g| g.pointers.len()) >= 2 {
            // A pinch: no drag, no click at the end, and both fingers stay with the map.
            drag.set_value(None);
            dragged.set_value(true);
            tip.set(None);
            if let Some(svg) = svg_ref.get_untracked() {
                for (pointer, _, _) in gesture.with_value(|g| g.pointers.clone()) {
                    let _ = svg.set_pointer_capture(pointer);
                }
            }
        } else {
            drag.set_value(Some((x, y)));
            dragged.set_value(false);
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        let (Some(svg), Some(frame)) = (svg_ref.get(), frame_ref.get()) else {
            return;
        };
        let pinch = gesture
            .try_update_value(|g| {
                let p = g.pointers.iter_mut().find(|p| p.0 == id)?;
                (p.1, p.2) = (x, y);
                let before = g.pinch?;
                let now = g.pinch_now()?;
                g.pinch = Some(now);
                Some((before, now))
            })
            .flatten();
        if let Some(((x0, y0, d0), (x1, y1, d1))) = pinch {
            let bounds = bounds(&model);
            let v = current();
            let b = geometry(&frame);
            let (_, _, upp) = b.view_fractions(&v, x1, y1);
            // The map follows the fingers' centre, then scales about it.
            let moved = v.panned(-(x1 - x0) * upp, -(y1 - y0) * upp, &bounds);
            let (fx, fy, _) = b.view_fractions(&moved, x1, y1);
            let factor = if d0 > 1.0 { d1 / d0 } else { 1.0 };
            preview(moved.zoomed(factor, fx, fy, MIN_VIEW_WIDTH_PX, &bounds));
            return;
        }
        let Some((x0, y0)) = drag.get_value() else {
            return;
        };
        if !dragged.get_value() && (x - x0).abs() + (y - y0).abs() < 4.0 {
            return;
        }
        if !dragged.get_value() {
            let _ = svg.set_pointer_capture(id);
            tip.set(None);
        }
        dragged.set_value(true);
        let v = current();
        let (_, _, upp) = geometry(&frame).view_fractions(&v, x, y);
        preview(v.panned(-(x - x0) * upp, -(y - y0) * upp, &bounds(&model)));
        drag.set_value(Some((x, y)));
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        let left = gesture
            .try_update_value(|g| {
                g.pointers.retain(|p| p.0 != id);
                g.pinch = g.pinch_now();
                g.pointers.first().map(|p| (p.1, p.2))
            })
            .flatten();
        // Lifting one finger of a pinch goes on as a drag with the other.
        drag.set_value(left);
        if left.is_none() {
            commit();
        }
    };

    let select = move |id: String| {
        if !dragged.get_value() {
            state.selected_id.set(Some(id));
        }
    };
    let hover = move |id: Option<String>| {
        // Whatever passes under a dragging pointer is not being pointed at.
        if dragged.get_value() && drag.get_value().is_some() {
            return;
        }
        if state.hovered_id.get_untracked() != id {
            state.hovered_id.set(id);
        }
    };
    // The tooltip points at a client position, measured from the map's corner.
    let show_tip = move |target: TipTarget, client_x: f64, client_y: f64| {
        let Some(wrap) = wrap_ref.get_untracked() else {
            return;
        };
        let rect = wrap.get_bounding_client_rect();
        let (x_px, y_px) = (client_x - rect.left(), client_y - rect.top());
        let next = TipAt {
            target,
            x_px,
            y_px,
            fraction_x: (x_px / rect.width().max(1.0)).clamp(0.0, 1.0),
            below: y_px < 110.0,
        };
        if tip.get_untracked().as_ref() != Some(&next) {
            tip.set(Some(next));
        }
    };
    Effect::new(move |_| {
        let Some(at) = tip.get() else { return };
        if let Some(el) = tip_ref.get() {
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("--tip-x", &format!("{}px", fixed(at.x_px, 1)));
            let _ = style.set_property("--tip-y", &format!("{}px", fixed(at.y_px, 1)));
            let _ = style.set_property("--tip-fx", &fixed(at.fraction_x, 3));
        }
    });

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
                elos_core::order::sort_dedup(&mut isos);
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

    let arc_shapes = Memo::new(move |_| {
        let Some(projection) = model.world.with(|w| w.as_ref().map(|w| w.projection)) else {
            return Vec::new();
        };
        let links = model.map_links.get();
        model
            .with_ds(|ds| {
                links
                    .iter()
                    .filter_map(|link| {
                        let from = links::party_location(ds, Party::City(link.home))?;
                        let to = links::party_location(ds, link.partner)?;
                        let coop = ds.cooperation(link.cooperation);
                        Some(ArcShape {
                            cooperation_id: coop.id.clone(),
                            partner_id: ds.party_id(link.partner).to_owned(),
                            kind: coop.kind,
                            d: arc_path(&projection, from, to),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    });

    // One static element per arc, no closure and no listener of its own: the layer listens
    // for all of them and highlighting toggles a class on the few that change.
    let arcs = move || {
        arc_shapes.with(|arcs| {
            arcs.iter()
                .map(|a| {
                    view! {
                        <path
                            class=format!("arc kind-{}", a.kind.key())
                            d=a.d.clone()
                            data-id=a.cooperation_id.clone()
                            data-partner=a.partner_id.clone()
                        />
                    }
                })
                .collect_view()
        })
    };
    let arc_target = move |ev: &leptos::ev::Event| {
        let (el, id) = event_item(ev)?;
        let partner_id = el.get_attribute("data-partner")?;
        Some((id, partner_id))
    };
    let on_arc_over = move |ev: leptos::ev::PointerEvent| {
        if ev.pointer_type() == "touch" || ev.buttons() != 0 {
            return;
        }
        if let Some((cooperation_id, partner_id)) = arc_target(&ev) {
            hover(Some(cooperation_id.clone()));
            show_tip(
                TipTarget::Link {
                    cooperation_id,
                    partner_id,
                },
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
        }
    };
    let on_layer_out = move |ev: leptos::ev::PointerEvent| {
        // While a button is down the map is being dragged: leave the highlight alone.
        if ev.buttons() != 0 {
            return;
        }
        if tip.get_untracked().is_some() {
            tip.set(None);
        }
        hover(None);
    };
    let on_arc_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((id, _)) = arc_target(&ev) {
            select(id);
        }
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

    let marker_shapes = Memo::new(move |_| {
        let markers = placed_markers.get();
        let lang = i18n.lang.get();
        model
            .with_ds(|ds| {
                let mut shapes: Vec<(bool, String, MarkerShape)> = markers
                    .iter()
                    .map(|m| {
                        let city = ds.city(m.city);
                        let name = i18n.show(&city.names);
                        let country = country_name(&lang, &city.country)
                            .unwrap_or_else(|| city.country.clone());
                        let place =
                            i18n.format("map.marker", &[("name", &name), ("country", &country)]);
                        let shape = MarkerShape {
                            city_id: city.id.clone(),
                            at: m.at,
                            radius_px: m.radius_px,
                            is_home: m.is_home,
                            uncertain: city.identification
                                == elos_core::model::Identification::Uncertain,
                            aria_label: i18n.plural(
                                "map.marker_links",
                                m.link_count,
                                &[("name", &place)],
                            ),
                        };
                        (!m.is_home, elos_core::search::fold(&name), shape)
                    })
                    .collect();
                // Tab order follows names, so a keyboard user meets partners alphabetically.
                shapes.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
                shapes.into_iter().map(|(_, _, s)| s).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    // One `<circle>` per marker, scaled about its own centre by CSS: no wrapper, no closure, no
    // listener of its own.
    let markers = move || {
        marker_shapes.with(|markers| {
            markers
                .iter()
                .map(|m| {
                    view! {
                        <circle
                            class="marker"
                            class:home=m.is_home
                            class:uncertain=m.uncertain
                            cx=fixed(m.at.x_px, 1)
                            cy=fixed(m.at.y_px, 1)
                            r=fixed(m.radius_px, 1)
                            data-id=m.city_id.clone()
                            role="button"
                            tabindex="0"
                            aria-label=m.aria_label.clone()
                        />
                    }
                })
                .collect_view()
        })
    };
    let on_marker_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((_, id)) = event_item(&ev) {
            select(id);
        }
    };
    let on_marker_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            if let Some((_, id)) = event_item(&ev) {
                ev.prevent_default();
                state.selected_id.set(Some(id));
            }
        }
    };
    let on_marker_over = move |ev: leptos::ev::PointerEvent| {
        if ev.pointer_type() == "touch" || ev.buttons() != 0 {
            return;
        }
        if let Some((_, id)) = event_item(&ev) {
            hover(Some(id.clone()));
            show_tip(
                TipTarget::City(id),
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
        }
    };
    // Keyboard focus shows the tooltip too; a tap (which also focuses) does not.
    let on_marker_focus = move |ev: leptos::ev::FocusEvent| {
        let Some((el, id)) = event_item(&ev) else {
            return;
        };
        hover(Some(id.clone()));
        if el.matches(":focus-visible").unwrap_or(false) {
            let r = el.get_bounding_client_rect();
            show_tip(TipTarget::City(id), r.left() + r.width() / 2.0, r.top());
        }
    };
    let on_marker_blur = move |_: leptos::ev::FocusEvent| {
        tip.set(None);
        hover(None);
    };

    let lit = Memo::new(move |_| {
        let (hovered, selected) = (state.hovered_id.get(), state.selected_id.get());
        model
            .with_ds(|ds| lit_for(ds, hovered.as_deref(), selected.as_deref()))
            .unwrap_or_default()
    });
    let lit_elements = StoredValue::new(Vec::<web_sys::Element>::new());
    // A hover or selection change marks the elements at once.
    Effect::new(move |_| {
        let current = lit.get();
        if let Some(svg) = svg_ref.get() {
            apply_lit(&svg, &current, lit_elements);
        }
    });
    // Redrawn layers have new elements: mark them once they are in the page.
    Effect::new(move |_| {
        arc_shapes.track();
        marker_shapes.track();
        request_animation_frame(move || {
            if let Some(svg) = svg_ref.get_untracked() {
                apply_lit(&svg, &lit.get_untracked(), lit_elements);
            }
        });
    });

    let tip_text = Memo::new(move |_| {
        let at = tip.get()?;
        let links = model.map_links.get();
        let markers = placed_markers.get();
        let lang = i18n.lang.get();
        model
            .with_ds(|ds| tooltip_lines(&i18n, &lang, ds, &links, &markers, &at.target))
            .flatten()
    });

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
            elos_core::order::sort_by_key(&mut shown, |m| {
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
        <div class="map-wrap" node_ref=wrap_ref>
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
            <div class="map-frame" node_ref=frame_ref>
                <div class="map-mover" node_ref=mover_ref>
                    <svg
                        node_ref=svg_ref
                        class="map"
                        class:zoomed=zoomed_in
                        class:dim=move || lit.with(|l| l.dim)
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
                        <g
                            class="arcs"
                            on:click=on_arc_click
                            on:pointerover=on_arc_over
                            on:pointerout=on_layer_out
                        >
                            {arcs}
                        </g>
                        <g
                            class="markers"
                            on:click=on_marker_click
                            on:keydown=on_marker_key
                            on:pointerover=on_marker_over
                            on:pointerout=on_layer_out
                            on:focusin=on_marker_focus
                            on:focusout=on_marker_blur
                        >
                            {markers}
                        </g>
                        <g class="labels">{labels}</g>
                    </svg>
                </div>
            </div>
            <div
                node_ref=tip_ref
                class="map-tip"
                class:below=move || tip.with(|t| t.as_ref().is_some_and(|t| t.below))
                role="tooltip"
                hidden=move || tip_text.with(Option::is_none)
            >
                {move || {
                    tip_text
                        .get()
                        .map(|(title, lines)| {
                            view! {
                                <strong>{title}</strong>
                                {lines
                                    .into_iter()
                                    .map(|line| view! { <span>{line}</span> })
                                    .collect_view()}
                            }
                        })
                }}
            </div>
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

/// "since 1978", or that the date is not known.
fn since(i18n: &I18n, coop: &elos_core::model::Cooperation) -> String {
    match coop.start {
        Some(start) => i18n.format("map.tip_since", &[("year", &start.year.to_string())]),
        None => i18n.t("map.tip_undated"),
    }
}

/// The tooltip's title and lines: for a city its country, number of links and the first few of
/// them (kind and start year); for a link the route, the partner's country, kind, start year
/// and the partner's number of links. Plain text, always inserted as text.
fn tooltip_lines(
    i18n: &I18n,
    lang: &str,
    ds: &elos_core::Dataset,
    links: &[links::Link],
    markers: &[links::Marker],
    target: &TipTarget,
) -> Option<(String, Vec<String>)> {
    const LISTED: usize = 3;
    let kind_of =
        |coop: &elos_core::model::Cooperation| i18n.t(&format!("kind.{}", coop.kind.key()));
    let link_count = |city| {
        markers
            .iter()
            .find(|m| m.city == city)
            .map_or(0, |m| m.link_count)
    };
    let place_of = |party: Party| match party {
        Party::City(c) => {
            let iso = &ds.city(c).country;
            country_name(lang, iso).unwrap_or_else(|| iso.clone())
        }
        Party::Network(_) => i18n.t("details.network"),
        Party::Organisation(_) => i18n.t("details.organisation"),
    };
    match target {
        TipTarget::City(id) => {
            let city = ds.city_by_id(id)?;
            let name = i18n.show(&ds.city(city).names);
            let is_home = ds.is_home(city);
            let mut lines = vec![if is_home {
                format!(
                    "{} · {}",
                    place_of(Party::City(city)),
                    i18n.t("map.legend_home")
                )
            } else {
                place_of(Party::City(city))
            }];
            let count = link_count(city);
            lines.push(i18n.plural("map.tip_links", count, &[]));
            if !is_home {
                let own: Vec<&links::Link> = links
                    .iter()
                    .filter(|l| l.partner == Party::City(city))
                    .collect();
                for l in own.iter().take(LISTED) {
                    let coop = ds.cooperation(l.cooperation);
                    let home = i18n.show(&ds.city(l.home).names);
                    lines.push(i18n.format(
                        "map.tip_link",
                        &[
                            ("home", &home),
                            ("kind", &kind_of(coop)),
                            ("since", &since(i18n, coop)),
                        ],
                    ));
                }
                if own.len() > LISTED {
                    lines.push(i18n.plural("map.tip_more", own.len() - LISTED, &[]));
                }
            }
            Some((name, lines))
        }
        TipTarget::Link {
            cooperation_id,
            partner_id,
        } => {
            let link = links.iter().find(|l| {
                ds.cooperation(l.cooperation).id == *cooperation_id
                    && ds.party_id(l.partner) == partner_id
            })?;
            let coop = ds.cooperation(link.cooperation);
            let home = i18n.show(&ds.city(link.home).names);
            let partner = i18n.show(ds.party_names(link.partner));
            let mut lines = vec![
                place_of(link.partner),
                format!("{} · {}", kind_of(coop), since(i18n, coop)),
            ];
            if let Party::City(c) = link.partner {
                lines.push(i18n.plural("map.marker_links", link_count(c), &[("name", &partner)]));
            }
            Some((
                i18n.format("map.tip_route", &[("home", &home), ("partner", &partner)]),
                lines,
            ))
        }
    }
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
                elos_core::order::sort_dedup(&mut kinds);
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
                <li class="legend-static">
                    <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                        <circle class="swatch-lit" cx="12" cy="6" r="4" />
                    </svg>
                    {move || i18n.t("map.legend_highlight")}
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

/// Networks and organisations have no single place: they are listed beside the map. Choosing
/// one (or pointing at it) rings its member cities on the map and dims the rest; choosing a
/// city marks the networks and organisations it belongs to.
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
    // The bodies the selected city belongs to (or the selected cooperation involves).
    let joined = Memo::new(move |_| {
        let selected = state.selected_id.get();
        model
            .with_ds(|ds| {
                use elos_core::model::Item;
                let parties: Vec<Party> = match selected.and_then(|id| ds.item_by_id(&id)) {
                    Some(Item::Party(city @ Party::City(_))) => ds
                        .cooperations
                        .iter()
                        .filter(|c| c.parties.contains(&city))
                        .flat_map(|c| c.parties.iter().copied())
                        .collect(),
                    Some(Item::Cooperation(c)) => ds.cooperation(c).parties.clone(),
                    _ => Vec::new(),
                };
                parties
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
        let shown = model.map_links.get();
        model
            .with_ds(|ds| {
                let Some(elos_core::model::Item::Party(body)) = ds.item_by_id(&selected) else {
                    return None;
                };
                if matches!(body, Party::City(_)) {
                    return None;
                }
                let on_map = member_cities(ds, body)
                    .into_iter()
                    .filter(|c| {
                        shown
                            .iter()
                            .any(|l| l.home == *c || l.partner == Party::City(*c))
                    })
                    .count();
                let name = i18n.show(ds.party_names(body));
                Some(i18n.plural("map.bodies_members", on_map, &[("name", &name)]))
            })
            .flatten()
    };
    view! {
        <section class="bodies" aria-labelledby="bodies-title">
            <h3 id="bodies-title">{move || i18n.t("map.bodies")}</h3>
            <p class="hint">{move || i18n.t("map.bodies_hint")}</p>
            <p class="members-note" role="status">
                {members_note}
            </p>
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
                                    let (click_id, hl_id, member_id) = (
                                        id.clone(),
                                        id.clone(),
                                        id.clone(),
                                    );
                                    let (enter_id, focus_id) = (id.clone(), id.clone());
                                    let item = match party {
                                        Party::Network(_) => "details.network",
                                        _ => "details.organisation",
                                    };
                                    let hover = move |id: Option<String>| {
                                        if state.hovered_id.get_untracked() != id {
                                            state.hovered_id.set(id);
                                        }
                                    };
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class=format!("chip kind-{kind}")
                                                class:highlight=move || highlight.is_selected(&hl_id)
                                                class:member=move || {
                                                    joined.with(|j| j.contains(&member_id))
                                                }
                                                aria-pressed=move || {
                                                    highlight.is_selected(&id).to_string()
                                                }
                                                title=move || i18n.t(item)
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
