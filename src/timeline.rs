//! The timeline: dated links and milestones on a year axis, in lanes that never overlap
//! (`elos_core::timeline`), in a box that scrolls when there are many lanes. Only the lanes in
//! view are in the page, so 5,000 dated links cost what 50 do. One tab stop: arrow keys move
//! through time (left, right) and across lanes (up, down), Home and End to the ends.

use elos_core::date::PartialDate;
use elos_core::describe;
use elos_core::links;
use elos_core::model::Party;
use elos_core::num::fixed;
use elos_core::timeline::{
    ellipsize, estimate_label_width_px, layout, step_from, ticks, visible_rows, year_span, Placed,
    Span, Step, YearScale,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::{Model, Shared};
use crate::state::{Highlight, UiState};
use crate::undated::UndatedList;

const LANE_PX: f64 = 24.0;
const AXIS_PX: f64 = 30.0;
const FONT_PX: f64 = 12.0;
const MARKER_PX: f64 = 7.0;
const SIDE_PX: f64 = 14.0;
/// The box shows at most this many lanes; more scroll.
const LANES_SHOWN: usize = 8;

/// One thing on the timeline, ready to draw.
#[derive(Clone, PartialEq)]
struct Entry {
    id: String,
    /// Estimated once with the label, for the lane layout.
    label_width_px: f64,
    /// The partner's id for a link (highlighted with it on the map).
    partner_id: Option<String>,
    label: String,
    aria: String,
    is_event: bool,
    start: PartialDate,
    end: Option<PartialDate>,
    ongoing: bool,
}

/// An entry and, for a link, the (cooperation index, partner) that the filters keep or not.
type KeyedEntry = (Option<(usize, Party)>, Entry);

/// Entries placed on an axis.
struct Chart {
    /// Every entry of the home city; `shown` says which are on this chart, in order.
    all: std::sync::Arc<Vec<KeyedEntry>>,
    shown: Vec<usize>,
    /// The item first in time (the timeline's tab stop until another is chosen).
    first: Option<usize>,
    placed: Vec<Placed>,
    lanes: usize,
    scale: YearScale,
    ticks: Vec<i32>,
    first_year: i32,
    last_year: i32,
}

impl Chart {
    /// The `i`th entry on this chart.
    fn entry(&self, i: usize) -> &Entry {
        &self.all[self.shown[i]].1
    }
}

fn today() -> (i32, f64) {
    let now = js_sys::Date::new_0();
    let year = now.get_full_year() as i32;
    (year, f64::from(year) + f64::from(now.get_month()) / 12.0)
}

#[component]
pub fn Timeline() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let wrap_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_px = RwSignal::new(0.0);
    // The item with the tab stop (an index into the entries), moved by the arrow keys.
    let active = RwSignal::new(None::<usize>);
    let focus_after_draw = StoredValue::new(false);

    let size_px = RwSignal::new((0.0, 0.0));
    crate::resize::watch_size(wrap_ref, size_px);
    let width_px = crate::ui::derived(move || size_px.get().0);

    // Every dated link of the home city (and its milestones), with its texts: made once per
    // home city and language, not on every filter change.
    let all_entries = crate::ui::derived(move || {
        let links = model.home_links.get();
        let home = model.home.get();
        let cat = i18n.cat();
        model
            .with_ds(|ds| {
                let mut out: Vec<KeyedEntry> = Vec::new();
                for l in &links {
                    let Some((label, aria)) = describe::timeline_names(&cat, ds, l) else {
                        continue;
                    };
                    let coop = ds.cooperation(l.cooperation);
                    out.push((
                        Some((l.cooperation.0, l.partner)),
                        Entry {
                            id: coop.id.clone(),
                            partner_id: Some(ds.party_id(l.partner).to_owned()),
                            label_width_px: 0.0,
                            label,
                            aria,
                            is_event: false,
                            start: coop.start.unwrap_or(PartialDate::year(0)),
                            end: coop.end,
                            ongoing: describe::is_ongoing(coop),
                        },
                    ));
                }
                for e in links::events(ds, home) {
                    let event = ds.event(e);
                    let title = event.title.show(&cat.lang).to_owned();
                    let label = cat.format(
                        "timeline.item",
                        &[("date", &cat.date(&event.date)), ("name", &title)],
                    );
                    out.push((
                        None,
                        Entry {
                            id: event.id.clone(),
                            partner_id: None,
                            aria: format!("{label} — {}", cat.t("timeline.event")),
                            label_width_px: 0.0,
                            label,
                            is_event: true,
                            start: event.date,
                            end: None,
                            ongoing: false,
                        },
                    ));
                }
                for (_, e) in &mut out {
                    e.label_width_px = estimate_label_width_px(&e.label, FONT_PX);
                }
                out
            })
            .unwrap_or_default()
    });
    // Those that pass the filters: indices into `all_entries`.
    let entries = crate::ui::derived(move || {
        let shown: std::collections::HashSet<(usize, Party)> = model
            .links
            .with(|l| l.iter().map(|l| (l.cooperation.0, l.partner)).collect());
        all_entries.with(|all| {
            (0..all.len())
                .filter(|i| all[*i].0.is_none_or(|key| shown.contains(&key)))
                .collect::<Vec<usize>>()
        })
    });

    let chart = crate::ui::derived(move || {
        let all = all_entries.shared();
        let shown = entries.get();
        let width = width_px.get();
        if shown.is_empty() || width <= 0.0 {
            return None;
        }
        let (today_year, today) = today();
        let (first, last) = year_span(
            shown
                .iter()
                .map(|i| &all[*i].1)
                .flat_map(|e| [e.start.year, e.end.unwrap_or(e.start).year]),
            today_year,
        )?;
        let scale = YearScale::new(first, last, SIDE_PX, width - SIDE_PX);
        let spans: Vec<Span> = shown
            .iter()
            .map(|i| {
                let e = &all[*i].1;
                Span {
                    start: e.start,
                    end: e.end,
                    ongoing: e.ongoing,
                    label_width_px: e.label_width_px,
                }
            })
            .collect();
        let placed = layout(&spans, &scale, today, 8.0, MARKER_PX);
        let lanes = placed.iter().map(|p| p.lane + 1).max().unwrap_or(1);
        let first_in_time = step_from(&placed, 0, Step::First);
        Some(Shared(std::sync::Arc::new(Chart {
            ticks: ticks(&scale, 52.0),
            all,
            shown,
            first: first_in_time,
            placed,
            lanes,
            scale,
            first_year: first,
            last_year: last,
        })))
    });

    // A new chart starts again from the top.
    crate::ui::effect(move || {
        chart.track();
        active.set(None);
        // Only when scrolled: setting scrollTop makes the browser lay the page out at once.
        if scroll_px.get_untracked() != 0.0 {
            scroll_px.set(0.0);
            if let Some(el) = scroll_ref.get_untracked() {
                el.set_scroll_top(0);
            }
        }
    });

    let box_height = move || {
        chart.with(|c| {
            c.as_ref()
                .map_or(0.0, |c| c.lanes.min(LANES_SHOWN) as f64 * LANE_PX + 4.0)
        })
    };
    // The tab stop: the chosen item, else the first in time.
    let tab_stop = move || {
        active
            .get()
            .or_else(|| chart.with(|c| c.as_ref().and_then(|c| c.first)))
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => Step::Earlier,
            "ArrowRight" => Step::Later,
            "ArrowUp" => Step::Up,
            "ArrowDown" => Step::Down,
            "Home" => Step::First,
            "End" => Step::Last,
            "Enter" | " " => {
                ev.prevent_default();
                if let Some(i) = tab_stop() {
                    let id = chart.with_untracked(|c| c.as_ref().map(|c| c.entry(i).id.clone()));
                    state.selected_id.set(id);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let Some(from) = active.get_untracked().or_else(tab_stop) else {
            return;
        };
        let next = chart.with_untracked(|c| {
            let c = c.as_ref()?;
            let i = step_from(&c.placed, from, step)?;
            Some((i, c.placed[i].lane))
        });
        let Some((i, lane)) = next else { return };
        active.set(Some(i));
        // Scroll its lane into the box, then focus it once it is drawn.
        if let Some(el) = scroll_ref.get_untracked() {
            let top = lane as f64 * LANE_PX;
            let view = f64::from(el.client_height());
            let now = f64::from(el.scroll_top());
            if top < now || top + LANE_PX > now + view {
                let to = (top - view / 2.0).max(0.0);
                el.set_scroll_top(to as i32);
                scroll_px.set(to);
            }
        }
        focus_after_draw.set_value(true);
    };
    // Give focus to the active item after the lanes in view are drawn.
    crate::ui::effect(move || {
        let Some(i) = active.get() else { return };
        if !focus_after_draw.get_value() {
            return;
        }
        request_animation_frame(move || {
            focus_after_draw.set_value(false);
            if let Some(el) = document()
                .get_element_by_id(&format!("tl-{i}"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    });

    let (from, to) = (state.year_from, state.year_to);
    let items = move || {
        let Some(c) = chart.get() else {
            return Vec::new();
        };
        let rows = visible_rows(scroll_px.get(), box_height(), LANE_PX, c.lanes, 2);
        let stop = tab_stop();
        let (from, to) = (from.get(), to.get());
        (0..c.shown.len())
            .filter(|i| rows.contains(&c.placed[*i].lane) || Some(*i) == stop)
            .map(|i| {
                let e = c.entry(i);
                let p = c.placed[i];
                let y = p.lane as f64 * LANE_PX + LANE_PX / 2.0 + 2.0;
                let outside =
                    from.is_some_and(|f| e.start.year < f) || to.is_some_and(|t| e.start.year > t);
                let (hl_id, hl_partner) = (e.id.clone(), e.partner_id.clone());
                let highlighted = move || {
                    highlight.is(&hl_id) || hl_partner.as_deref().is_some_and(|p| highlight.is(p))
                };
                let (click_id, focus_id) = (e.id.clone(), e.id.clone());
                let shown = ellipsize(&e.label, p.label_end_px - p.label_x_px, FONT_PX);
                let hit_x = p.label_x_px.min(p.x_start_px - MARKER_PX);
                let hit_w = p.label_end_px.max(p.x_end_px).max(p.x_start_px + MARKER_PX) - hit_x;
                view! {
                    <g
                        id=format!("tl-{i}")
                        class="tl-item"
                        class:outside=outside
                        class:event=e.is_event
                        class:highlight=highlighted
                        role="button"
                        tabindex=if Some(i) == stop { "0" } else { "-1" }
                        aria-label=e.aria.clone()
                        on:click=move |_| {
                            active.set(Some(i));
                            state.selected_id.set(Some(click_id.clone()));
                        }
                        on:focus={
                            let id = focus_id.clone();
                            move |_| {
                                active.set(Some(i));
                                state.hovered_id.set(Some(id.clone()));
                            }
                        }
                        on:mouseenter=move |_| state.hovered_id.set(Some(focus_id.clone()))
                        on:mouseleave=move |_| state.hovered_id.set(None)
                        on:blur=move |_| state.hovered_id.set(None)
                    >
                        <rect
                            class="hit"
                            x=fixed(hit_x, 1)
                            y=fixed(y - LANE_PX / 2.0, 1)
                            width=fixed(hit_w, 1)
                            height=fixed(LANE_PX, 1)
                        />
                        {(p.x_end_px > p.x_start_px + 0.5)
                            .then(|| {
                                view! {
                                    <line
                                        class="bar"
                                        class:ongoing=e.ongoing
                                        x1=fixed(p.x_start_px, 1)
                                        x2=fixed(p.x_end_px, 1)
                                        y1=fixed(y, 1)
                                        y2=fixed(y, 1)
                                    />
                                }
                            })}
                        <path
                            class=if e.is_event { "event-mark" } else { "link-mark" }
                            d=format!("M{} {}h0", fixed(p.x_start_px, 1), fixed(y, 1))
                        />
                        <text x=fixed(p.label_x_px, 1) y=fixed(y + 4.0, 1)>
                            {match shown.strip_suffix('…') {
                                Some(prefix) => {
                                    // The visible part stays inside the accessible name; the "…"
                                    // itself is hidden from assistive technology.
                                    view! {
                                        {prefix.to_owned()}
                                        <tspan aria-hidden="true">"…"</tspan>
                                    }
                                        .into_any()
                                }
                                None => shown.into_any(),
                            }}
                        </text>
                    </g>
                }
            })
            .collect::<Vec<_>>()
    };

    let axis = move || {
        let c = chart.get()?;
        let width = width_px.get();
        let (_, today) = today();
        let today_x = c.scale.x_px(today);
        let marks = c
            .ticks
            .iter()
            .map(|year| {
                let x = c.scale.x_px(f64::from(*year));
                view! {
                    <g class="tick" transform=format!("translate({} 0)", fixed(x, 1))>
                        <line y2="5" />
                        <text y="18" text-anchor="middle">
                            {year.to_string()}
                        </text>
                    </g>
                }
            })
            .collect_view();
        let band = (from.get().is_some() || to.get().is_some()).then(|| {
            let x0 = c.scale.x_px(f64::from(from.get().unwrap_or(c.first_year)));
            let x1 = c
                .scale
                .x_px(f64::from(to.get().unwrap_or(c.last_year)) + 1.0)
                .min(width - SIDE_PX);
            view! {
                <rect
                    class="window-band"
                    x=fixed(x0, 1)
                    y="0"
                    width=fixed((x1 - x0).max(1.0), 1)
                    height="6"
                />
            }
        });
        Some(view! {
            <svg
                class="timeline-axis"
                width=fixed(width, 0)
                height=fixed(AXIS_PX, 0)
                viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(AXIS_PX, 0))
                aria-hidden="true"
            >
                {band}
                <line
                    class="axis"
                    x1=fixed(SIDE_PX, 0)
                    x2=fixed(width - SIDE_PX, 1)
                    y1="0"
                    y2="0"
                />
                {marks}
                <text class="today-label" x=fixed(today_x - 3.0, 1) y="28" text-anchor="end">
                    {i18n.tr("timeline.today")}
                </text>
                <line class="today" x1=fixed(today_x, 1) x2=fixed(today_x, 1) y1="0" y2="8" />
            </svg>
        })
    };

    let lanes_svg = move || {
        let c = chart.get()?;
        let width = width_px.get();
        let height = c.lanes as f64 * LANE_PX + 4.0;
        let (_, today) = today();
        let today_x = c.scale.x_px(today);
        Some(view! {
            <svg
                class="timeline"
                width=fixed(width, 0)
                height=fixed(height, 0)
                viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))
                role="group"
                aria-label=move || {
                    format!("{} {}", i18n.t("timeline.label"), i18n.t("timeline.keys"))
                }
                on:keydown=on_key
            >
                <line
                    class="today"
                    x1=fixed(today_x, 1)
                    x2=fixed(today_x, 1)
                    y1="0"
                    y2=fixed(height, 1)
                />
                {items}
            </svg>
        })
    };
    let has_dates = move || chart.with(Option::is_some);

    // No dated link at all: the timeline says so, and the undated group below takes its place.
    let none_dated =
        move || !has_dates() && entries.with(Vec::is_empty) && !model.links.with(Vec::is_empty);
    view! {
        <Show when=none_dated>
            <p class="muted timeline-empty">{i18n.tr("timeline.empty")}</p>
        </Show>
        <div class="timeline-wrap" node_ref=wrap_ref>
            <Show when=has_dates>
                <div
                    class="timeline-scroll timeline-box"
                    node_ref=scroll_ref
                    on:scroll=move |_| {
                        if let Some(el) = scroll_ref.get_untracked() {
                            scroll_px.set(f64::from(el.scroll_top()));
                        }
                    }
                >
                    {lanes_svg}
                </div>
                <div class="timeline-box">{axis}</div>
            </Show>
        </div>
        // The window is there whenever the dataset has dates, even if the chosen links have none.
        <Show when=move || model.year_range.with(Option::is_some)>
            <crate::time_window::TimeWindow />
        </Show>
        <UndatedList />
    }
}
