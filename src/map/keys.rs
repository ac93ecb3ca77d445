//! The map with the keyboard: one tab stop and a focus ring that arrow keys move to the nearest
//! marker in that direction (the core's `Drawing::step`), announced to screen readers. Tabbing
//! through 18,000 markers is not access; the table and the search are the complete text
//! equivalent.

use elos_core::present::params::Mode;
use elos_core::scene::Direction;
use leptos::prelude::*;

use super::gestures::{self, Pointer, PAN_STEP, ZOOM_STEP};
use super::tooltip::{TipAt, TipTarget};
use super::{city_id, MapState};
use crate::i18n::I18n;
use crate::model::Model;
use crate::names::country_name;
use crate::state::UiState;

/// The focused city's mark in the current drawing.
fn focused_mark(map: MapState, model: Model) -> Option<usize> {
    let city = map.focus.get_untracked()?;
    let network = model.network.get_untracked()?;
    map.drawing
        .with_untracked(|d| d.as_ref().and_then(|d| d.mark_of(&network, city)))
}

/// Says where the focus ring is.
fn announce(map: MapState, model: Model, i18n: I18n) {
    let Some(mark) = focused_mark(map, model) else {
        map.said.set(String::new());
        return;
    };
    let cat = i18n.cat();
    let lang = cat.lang.clone();
    // The tooltip shows at the focused marker too, for sighted keyboard users.
    let tip = map.drawing.with_untracked(|d| {
        let d = d.as_ref()?;
        let (x, y) = d.screen_of(mark)?;
        Some(TipAt::new(
            TipTarget::Mark(d.marks.get(mark)?.clone()),
            x,
            y,
            map.box_px.get_untracked(),
        ))
    });
    map.tip.set(tip);
    let text = map.drawing.with_untracked(|d| {
        let m = d.as_ref()?.marks.get(mark)?.clone();
        model.with_ds_untracked(|ds| {
            elos_core::describe::focus_announcement(
                &cat,
                ds,
                m.city,
                m.cities,
                m.link_count,
                &|iso| country_name(&lang, iso),
            )
        })
    });
    map.said.set(text.unwrap_or_default());
}

/// Focus arriving on the map puts the ring on the biggest marker in view (a home city first).
pub fn on_focus(map: MapState, model: Model, i18n: I18n) {
    if focused_mark(map, model).is_none() {
        let first = map.drawing.with_untracked(|d| {
            let d = d.as_ref()?;
            let i = d.step(None, Direction::Right)?;
            Some(d.marks[i].city)
        });
        map.focus.set(first);
    }
    announce(map, model, i18n);
}

pub fn on_key(
    map: MapState,
    model: Model,
    state: UiState,
    pointer: Pointer,
    ev: leptos::ev::KeyboardEvent,
) {
    // In a presentation the keys are the presenter's (src/present/).
    if ev.ctrl_key()
        || ev.meta_key()
        || ev.alt_key()
        || state.present.with_untracked(|p| p.mode == Mode::Present)
    {
        return;
    }
    let i18n = expect_context::<I18n>();
    let direction = match ev.key().as_str() {
        "ArrowLeft" => Some((Direction::Left, -PAN_STEP, 0.0)),
        "ArrowRight" => Some((Direction::Right, PAN_STEP, 0.0)),
        "ArrowUp" => Some((Direction::Up, 0.0, -PAN_STEP)),
        "ArrowDown" => Some((Direction::Down, 0.0, PAN_STEP)),
        _ => None,
    };
    let at_focus = || {
        let mark = focused_mark(map, model)?;
        map.drawing
            .with_untracked(|d| d.as_ref().and_then(|d| d.screen_of(mark)))
    };
    match ev.key().as_str() {
        _ if direction.is_some() => {
            let (dir, fx, fy) = direction.unwrap_or((Direction::Left, 0.0, 0.0));
            if ev.shift_key() {
                pointer.pan_by(fx, fy);
            } else {
                let from = focused_mark(map, model);
                let next = map.drawing.with_untracked(|d| {
                    let d = d.as_ref()?;
                    let i = d.step(from, dir)?;
                    Some((d.marks[i].city, d.marks[i].at))
                });
                match next {
                    Some((city, at)) => {
                        map.focus.set(Some(city));
                        pointer.keep_in_view(at);
                        announce(map, model, i18n);
                    }
                    None => {
                        // Nothing that way on screen: move the map there instead.
                        pointer.pan_by(fx, fy);
                        map.said.set(i18n.t("map.no_city_that_way"));
                    }
                }
            }
        }
        "+" | "=" => pointer.zoom_at(ZOOM_STEP, at_focus()),
        "-" | "_" => pointer.zoom_at(1.0 / ZOOM_STEP, at_focus()),
        "0" => pointer.reset(),
        "Enter" | " " => {
            let Some(mark) = focused_mark(map, model) else {
                return;
            };
            let m = map
                .drawing
                .with_untracked(|d| d.as_ref().and_then(|d| d.marks.get(mark).cloned()));
            match m {
                Some(m) if m.cities > 1 => {
                    pointer.zoom_at(gestures::CLUSTER_ZOOM, at_focus());
                    announce(map, model, i18n);
                }
                Some(m) => state.selected_id.set(city_id(model, m.city)),
                None => {}
            }
        }
        "Escape" => {
            map.tip.set(None);
            if state.selected_id.get_untracked().is_some() {
                state.selected_id.set(None);
            } else {
                map.focus.set(None);
                map.said.set(String::new());
            }
        }
        _ => return,
    }
    ev.prevent_default();
}
