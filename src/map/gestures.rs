//! Pointer, wheel and pinch on the map. A gesture in progress moves the painted map by a CSS
//! transform (the compositor moves it, nothing is drawn again) and the view is committed once,
//! when it ends; what the pointer is on is answered by the core's hit-testing, not the DOM.

use elos_core::geo::{is_drag, world_bounds, Pinch, RectPx, ScreenBox, Viewport};
use elos_core::num::fixed;
use elos_core::scene::{ArcWhat, Hit};
use leptos::prelude::*;

use super::tooltip::{TipAt, TipTarget};
use super::{city_id, refit, MapState, MIN_VIEW_WIDTH_PX};
use crate::model::Model;
use crate::state::UiState;

/// One key press or button moves or zooms by this much.
pub const PAN_STEP: f64 = 0.15;
pub const ZOOM_STEP: f64 = 1.5;
/// A wheel burst ends, and the view is drawn at its new scale, after this long without a turn.
const WHEEL_REST_MS: u64 = 180;
/// A click on a cluster or bundle zooms in this much around it.
pub const CLUSTER_ZOOM: f64 = 2.5;
/// The wheel zooms in (or out) by this much a turn.
const WHEEL_ZOOM: f64 = 1.25;
/// The keyboard's focus is kept this far inside the map's edges.
const FOCUS_MARGIN_PX: f64 = 24.0;

/// Pointers down on the map (id, client x, y): one drags, two pinch.
#[derive(Default)]
struct Fingers {
    pointers: Vec<(i32, f64, f64)>,
    /// The last pinch.
    pinch: Option<Pinch>,
}

impl Fingers {
    fn pinch_now(&self) -> Option<Pinch> {
        let [(_, x0, y0), (_, x1, y1), ..] = self.pointers[..] else {
            return None;
        };
        Some(Pinch::of((x0, y0), (x1, y1)))
    }
}

/// The city a label names, if the event happened on a label.
fn label_city(ev: &leptos::ev::MouseEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.get_attribute("data-city")
}

/// Makes the picture painted for `drawn` look like `target`, by a CSS transform on
/// `.map-mover` (a gesture in progress, a presentation's flight).
pub fn move_picture(mover: &web_sys::HtmlElement, drawn: Viewport, target: &RectPx) {
    let (k, tx, ty) = drawn.css_transform_to(target);
    let _ = mover.style().set_property(
        "transform",
        &format!(
            "translate({}px,{}px) scale({})",
            fixed(tx, 2),
            fixed(ty, 2),
            fixed(k, 5)
        ),
    );
}

/// The map's pointer handling; `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
pub struct Pointer {
    map: MapState,
    model: Model,
    state: UiState,
    frame_ref: NodeRef<leptos::html::Div>,
    mover_ref: NodeRef<leptos::html::Div>,
    svg_ref: NodeRef<leptos::svg::Svg>,
    /// The last drag position (client px) while a button is down.
    drag: StoredValue<Option<(f64, f64)>>,
    /// The pointer moved far enough for this press to be a drag, not a click.
    dragged: StoredValue<bool>,
    fingers: StoredValue<Fingers>,
    /// Where a gesture in progress is heading; the view follows when it ends.
    preview: StoredValue<Option<RectPx>>,
    /// Where the map's frame is on screen: measuring forces a layout, so a gesture measures
    /// once and keeps it.
    frame_box: StoredValue<Option<ScreenBox>>,
    wheel_gen: StoredValue<u32>,
}

impl Pointer {
    pub fn new(
        map: MapState,
        model: Model,
        state: UiState,
        frame_ref: NodeRef<leptos::html::Div>,
        mover_ref: NodeRef<leptos::html::Div>,
        svg_ref: NodeRef<leptos::svg::Svg>,
    ) -> Self {
        Pointer {
            map,
            model,
            state,
            frame_ref,
            mover_ref,
            svg_ref,
            drag: StoredValue::new(None),
            dragged: StoredValue::new(false),
            fingers: StoredValue::new(Fingers::default()),
            preview: StoredValue::new(None),
            frame_box: StoredValue::new(None),
            wheel_gen: StoredValue::new(0),
        }
    }

    fn frame_box(&self) -> Option<ScreenBox> {
        if let Some(b) = self.frame_box.get_value() {
            return Some(b);
        }
        let frame = self.frame_ref.get_untracked()?;
        let rect = frame.get_bounding_client_rect();
        let b = ScreenBox::content(
            rect.left(),
            rect.top(),
            f64::from(frame.client_left()),
            f64::from(frame.client_top()),
        );
        self.frame_box.set_value(Some(b));
        Some(b)
    }

    /// A client point in the frame's CSS pixels.
    fn in_frame(&self, client_x: f64, client_y: f64) -> Option<(f64, f64)> {
        Some(self.frame_box()?.local(client_x, client_y))
    }

    /// The view being shown: a gesture's target while one is in progress.
    fn current(&self) -> Viewport {
        let vp = self.map.viewport();
        self.preview
            .get_value()
            .map_or(vp, |target| vp.with_view(target))
    }

    /// Shows `target` by moving the painted map (no redraw).
    fn show(&self, target: RectPx) {
        let Some(mover) = self.mover_ref.get_untracked() else {
            self.map.view.set(target);
            return;
        };
        move_picture(&mover, self.map.viewport(), &target);
        self.preview.set_value(Some(target));
    }

    /// Ends a gesture: the view becomes its target and is drawn once.
    pub fn commit(&self) {
        // The next gesture measures again (the page may have scrolled or resized).
        self.frame_box.set_value(None);
        if let Some(target) = self.preview.get_value() {
            self.preview.set_value(None);
            self.map.view.set(target);
            if let Some(mover) = self.mover_ref.get_untracked() {
                let _ = web_sys::HtmlElement::style(&mover).remove_property("transform");
            }
        }
    }

    /// Zooms about a point of the frame (CSS px), or its centre.
    pub fn zoom_at(&self, factor: f64, at: Option<(f64, f64)>) {
        self.commit();
        let vp = self.map.viewport();
        let (fx, fy) = at.map_or((0.5, 0.5), |(x, y)| vp.view_fractions(x, y));
        let next = vp
            .view
            .zoomed(factor, fx, fy, MIN_VIEW_WIDTH_PX, &world_bounds());
        self.map.view.set(next);
    }

    pub fn zoom_by(&self, factor: f64) {
        self.zoom_at(factor, None);
    }

    /// Moves by fractions of the view's width and height.
    pub fn pan_by(&self, fx: f64, fy: f64) {
        self.commit();
        self.map
            .view
            .update(|v| *v = v.panned_by_fraction(fx, fy, &world_bounds()));
    }

    /// Keeps a map point in view, moving as little as needed.
    pub fn keep_in_view(&self, at: elos_core::geo::PointPx) {
        let vp = self.map.viewport();
        if let Some(view) = vp.keeping_in_view(at, FOCUS_MARGIN_PX, &world_bounds()) {
            self.map.view.set(view);
        }
    }

    pub fn reset(&self) {
        self.commit();
        refit(self.map, self.model);
    }

    pub fn wheel(&self, ev: leptos::ev::WheelEvent) {
        let Some((x, y)) = self.in_frame(f64::from(ev.client_x()), f64::from(ev.client_y())) else {
            return;
        };
        ev.prevent_default();
        let vp = self.current();
        let (fx, fy) = vp.view_fractions(x, y);
        let factor = if ev.delta_y() < 0.0 {
            WHEEL_ZOOM
        } else {
            WHEEL_ZOOM.recip()
        };
        self.show(
            vp.view
                .zoomed(factor, fx, fy, MIN_VIEW_WIDTH_PX, &world_bounds()),
        );
        self.map.tip.set(None);
        // The burst ends when the wheel rests for a moment.
        self.wheel_gen.update_value(|g| *g = g.wrapping_add(1));
        let gen = self.wheel_gen.get_value();
        let me = *self;
        set_timeout(
            move || {
                // `try_`: the map may be gone (another view) when the wheel comes to rest.
                if me.wheel_gen.try_get_value() == Some(gen)
                    && me.drag.try_with_value(Option::is_none) == Some(true)
                {
                    me.commit();
                }
            },
            std::time::Duration::from_millis(WHEEL_REST_MS),
        );
    }

    pub fn down(&self, ev: leptos::ev::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        self.fingers.update_value(|g| {
            if ev.is_primary() {
                // A new gesture: forget pointers whose `pointerup` happened elsewhere.
                *g = Fingers::default();
            }
            g.pointers.retain(|p| p.0 != id);
            g.pointers.push((id, x, y));
            g.pinch = g.pinch_now();
        });
        if self.fingers.with_value(|g| g.pointers.len()) >= 2 {
            // A pinch: no drag, no click at the end, and both fingers stay with the map.
            self.drag.set_value(None);
            self.dragged.set_value(true);
            self.map.tip.set(None);
            if let Some(svg) = self.svg_ref.get_untracked() {
                for (pointer, _, _) in self.fingers.with_value(|g| g.pointers.clone()) {
                    let _ = svg.set_pointer_capture(pointer);
                }
            }
        } else {
            self.drag.set_value(Some((x, y)));
            self.dragged.set_value(false);
        }
    }

    pub fn moved(&self, ev: leptos::ev::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        let pinch = self
            .fingers
            .try_update_value(|g| {
                let p = g.pointers.iter_mut().find(|p| p.0 == id)?;
                (p.1, p.2) = (x, y);
                let before = g.pinch?;
                let now = g.pinch_now()?;
                g.pinch = Some(now);
                Some((before, now))
            })
            .flatten();
        if let Some((before, now)) = pinch {
            let Some(in_box) = self.in_frame(now.x_px, now.y_px) else {
                return;
            };
            let vp = self.current();
            self.show(vp.pinched(before, now, in_box, MIN_VIEW_WIDTH_PX, &world_bounds()));
            return;
        }
        let Some((x0, y0)) = self.drag.get_value() else {
            if ev.pointer_type() != "touch" && ev.buttons() == 0 {
                match label_city(&ev) {
                    Some(id) => self.hover_label(id),
                    None => self.hover_at(x, y),
                }
            }
            return;
        };
        if !self.dragged.get_value() && !is_drag((x0, y0), (x, y)) {
            return;
        }
        if !self.dragged.get_value() {
            if let Some(svg) = self.svg_ref.get_untracked() {
                let _ = svg.set_pointer_capture(id);
            }
            self.map.tip.set(None);
        }
        self.dragged.set_value(true);
        self.show(self.current().dragged((x0, y0), (x, y), &world_bounds()));
        self.drag.set_value(Some((x, y)));
    }

    pub fn up(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        let left = self
            .fingers
            .try_update_value(|g| {
                g.pointers.retain(|p| p.0 != id);
                g.pinch = g.pinch_now();
                g.pointers.first().map(|p| (p.1, p.2))
            })
            .flatten();
        // Lifting one finger of a pinch goes on as a drag with the other.
        self.drag.set_value(left);
        if left.is_none() {
            self.commit();
        }
    }

    pub fn left(&self, ev: leptos::ev::PointerEvent) {
        if ev.buttons() == 0 {
            self.map.tip.set(None);
            if self.state.hovered_id.get_untracked().is_some() {
                self.state.hovered_id.set(None);
            }
            self.frame_box.set_value(None);
        }
    }

    /// A label under the pointer: its city is hovered (the tooltip belongs to markers).
    fn hover_label(&self, id: String) {
        if self.map.tip.get_untracked().is_some() {
            self.map.tip.set(None);
        }
        if self.state.hovered_id.get_untracked().as_deref() != Some(id.as_str()) {
            self.state.hovered_id.set(Some(id));
        }
    }

    /// What the pointer is over: hovered item and tooltip.
    fn hover_at(&self, client_x: f64, client_y: f64) {
        let Some((x, y)) = self.in_frame(client_x, client_y) else {
            return;
        };
        let hit = self
            .map
            .drawing
            .with_untracked(|d| d.as_ref().and_then(|d| d.hit(x, y).map(|h| (h, d.clone()))));
        let (hovered, tip) = match hit {
            Some((Hit::Mark(i), d)) => {
                let m = &d.marks[i];
                let id = (m.cities == 1)
                    .then(|| city_id(self.model, m.city))
                    .flatten();
                (id, Some(TipTarget::Mark(m.clone())))
            }
            Some((Hit::Arc(i), d)) => {
                let what = d.arcs_drawn[i].what;
                let id = match what {
                    ArcWhat::Edge(e) => self
                        .model
                        .network
                        .with_untracked(|n| n.as_ref().map(|n| n.edges[e].cooperation))
                        .and_then(|c| {
                            self.model
                                .with_ds_untracked(|ds| ds.cooperation(c).id.clone())
                        }),
                    ArcWhat::Bundle { .. } => None,
                };
                (id, Some(TipTarget::Arc(what)))
            }
            None => (None, None),
        };
        if self.state.hovered_id.get_untracked() != hovered {
            self.state.hovered_id.set(hovered);
        }
        let next = tip.map(|target| TipAt::new(target, x, y, self.map.box_px.get_untracked()));
        if self.map.tip.get_untracked() != next {
            self.map.tip.set(next);
        }
        // A new hover measures again next time, in case the page scrolled.
        self.frame_box.set_value(None);
    }

    pub fn click(&self, ev: leptos::ev::MouseEvent) {
        if self.dragged.get_value() {
            return;
        }
        // A label names its city: clicking it chooses the city.
        if let Some(id) = label_city(&ev) {
            if let Some(city) = self
                .model
                .with_ds_untracked(|ds| ds.city_by_id(&id))
                .flatten()
            {
                self.map.focus.set(Some(city));
            }
            self.state.selected_id.set(Some(id));
            return;
        }
        let Some((x, y)) = self.in_frame(f64::from(ev.client_x()), f64::from(ev.client_y())) else {
            return;
        };
        self.frame_box.set_value(None);
        let hit = self
            .map
            .drawing
            .with_untracked(|d| d.as_ref().and_then(|d| d.hit(x, y).map(|h| (h, d.clone()))));
        match hit {
            Some((Hit::Mark(i), d)) => {
                let m = &d.marks[i];
                if m.cities > 1 {
                    self.zoom_at(CLUSTER_ZOOM, Some((x, y)));
                } else {
                    self.map.focus.set(Some(m.city));
                    self.state.selected_id.set(city_id(self.model, m.city));
                }
            }
            Some((Hit::Arc(i), d)) => match d.arcs_drawn[i].what {
                ArcWhat::Edge(e) => {
                    let id = self
                        .model
                        .network
                        .with_untracked(|n| n.as_ref().map(|n| n.edges[e].cooperation))
                        .and_then(|c| {
                            self.model
                                .with_ds_untracked(|ds| ds.cooperation(c).id.clone())
                        });
                    self.state.selected_id.set(id);
                }
                ArcWhat::Bundle { .. } => self.zoom_at(CLUSTER_ZOOM, Some((x, y))),
            },
            None => {}
        }
    }
}
