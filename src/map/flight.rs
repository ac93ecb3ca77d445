//! The map in a presentation: each step flies the map to the step's framing
//! (`tour::frame_view`, `fly::Flight`). The map is drawn once for the flight's envelope and
//! that picture is moved by a CSS transform on `.map-mover` on each animation frame, as a
//! gesture moves it; the step's own view is drawn when the flight lands. Redrawing the layers
//! on every frame would cost tens of milliseconds a frame with big data.

use elos_core::fly::Flight;
use elos_core::geo::{world_bounds, RectPx, Viewport, WORLD_PROJECTION};
use elos_core::tour;
use leptos::prelude::*;

use super::gestures::{move_picture, Pointer};
use super::MapState;
use crate::model::Model;
use crate::present::{now_ms, Presentation};
use elos_core::geo::box_aspect;

/// A flight in progress: what it is, when it began and the view drawn for it.
#[derive(Clone, Copy)]
struct InFlight {
    flight: Flight,
    start_ms: f64,
    drawn: RectPx,
}

fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Follows the presentation's steps (and the frame's size, which full screen changes).
pub fn follow(
    map: MapState,
    model: Model,
    pointer: Pointer,
    mover_ref: NodeRef<leptos::html::Div>,
) {
    let Some(presentation) = use_context::<Presentation>() else {
        return;
    };
    let current: StoredValue<Option<InFlight>> = StoredValue::new(None);
    let generation = StoredValue::new(0_u32);
    crate::ui::effect(move || {
        let Some((tour, step)) = presentation.framing.get() else {
            current.set_value(None);
            return;
        };
        let box_px = map.box_px.get();
        let target = model.with_ds_untracked(|ds| {
            tour::frame_view(
                ds,
                &tour,
                &tour.steps[step],
                &WORLD_PROJECTION,
                box_aspect(box_px.0, box_px.1),
                world_bounds(),
            )
        });
        let Some(target) = target else { return };
        pointer.commit();
        // From what is on screen: mid-flight, the flight's view of this moment.
        let now = now_ms();
        let from = current.get_value().map_or_else(
            || map.view.get_untracked(),
            |f| f.flight.at(now - f.start_ms),
        );
        let flight = Flight::new(from, target, reduced_motion() || box_px.0 < 1.0);
        generation.update_value(|g| *g = g.wrapping_add(1));
        let this = generation.get_value();
        let land = move || {
            current.set_value(None);
            if let Some(mover) = mover_ref.get_untracked() {
                let _ = web_sys::HtmlElement::style(&mover).remove_property("transform");
            }
            if map.view.get_untracked() != target {
                map.view.set(target);
            }
            presentation.shown();
        };
        if flight.duration_ms <= 0.0 {
            land();
            return;
        }
        let drawn = flight.envelope();
        current.set_value(Some(InFlight {
            flight,
            start_ms: now,
            drawn,
        }));
        map.view.set(drawn);
        // The first frame already shows where the flight starts, not the wider picture.
        if let Some(mover) = mover_ref.get_untracked() {
            move_picture(&mover, Viewport::new(drawn, box_px.0, box_px.1), &from);
        }
        fn frame(
            map: MapState,
            mover_ref: NodeRef<leptos::html::Div>,
            current: StoredValue<Option<InFlight>>,
            generation: StoredValue<u32>,
            this: u32,
            land: impl Fn() + Clone + 'static,
        ) {
            request_animation_frame(move || {
                // `try_`: the map may be gone (present mode left) while a frame is pending.
                if generation.try_get_value() != Some(this) {
                    return;
                }
                let Some(f) = current.try_get_value().flatten() else {
                    return;
                };
                let elapsed_ms = now_ms() - f.start_ms;
                if f.flight.is_done(elapsed_ms) {
                    land();
                    return;
                }
                if let Some(mover) = mover_ref.get_untracked() {
                    let (w, h) = map.box_px.get_untracked();
                    move_picture(
                        &mover,
                        Viewport::new(f.drawn, w, h),
                        &f.flight.at(elapsed_ms),
                    );
                }
                frame(map, mover_ref, current, generation, this, land);
            });
        }
        frame(map, mover_ref, current, generation, this, land);
    });
}
