//! The timeline: dated links and milestones on a year axis, in lanes that never overlap
//! (`elos_core::timeline`), in a box that scrolls when there are many lanes. Only the lanes in
//! view are in the page, so 5,000 dated links cost what 50 do. One tab stop: arrow keys move
//! through time (left, right) and across lanes (up, down), Home and End to the ends.

use elos_core::describe;
use elos_core::model::Party;
use elos_core::num::fixed;
use elos_core::timeline::{
    ellipsize, size, step_from, within, year_fraction, Chart, Entry, Span, Step,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::{Model, Shared};
use crate::state::{Highlight, UiState};
use crate::undated::UndatedList;

/// An entry and, for a link, the (cooperation index, partner) that the filters keep or not.
type KeyedEntry = (Option<(usize, Party)>, Entry);

/// Entries laid out on an axis.
#[derive(PartialEq)]
struct Placed {
    /// Every entry of the home city; `shown` says which are on this chart, in order.
    all: std::sync::Arc<Vec<KeyedEntry>>,
    shown: Vec<usize>,
    chart: Chart,
}

impl Placed {
    /// The `i`th entry on this chart.
    fn entry(&self, i: usize) -> &Entry {
        &self.all[self.shown[i]].1
    }
}

/// The year, and the year as a fraction (the clock is read here; the core does the rest).
pub fn today() -> (i32, f64) {
    let now = js_sys::Date::new_0();
    let year = now.get_full_year() as i32;
    (year, year_fraction(year, now.get_month()))
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
                elos_core::timeline::entries(&cat, ds, &links, home)
                    .into_iter()
                    .map(|e| (e.link.map(|(c, p)| (c.0, p)), e))
                    .collect::<Vec<KeyedEntry>>()
            })
            .unwrap_or_default()
    });

    // Those that pass the filters: indices into `all_entries`.
    let entries = crate::ui::derived(move || {
        // The filters only take links away: as many links as the home city has means all of
        // them (the first view, and after "clear"), with no set of 26,000 keys to build.
        let everything = model.links.with(Vec::len) == model.home_links.with(Vec::len);
        if everything {
            return all_entries.with(|all| (0..all.len()).collect::<Vec<usize>>());
        }
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
        let spans: Vec<Span> = shown.iter().map(|i| all[*i].1.span()).collect();
        let chart = Chart::new(&spans, width_px.get(), today().1)?;
        Some(Shared(std::sync::Arc::new(Placed { all, shown, chart })))
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

    let box_height = move || chart.with(|c| c.as_ref().map_or(0.0, |c| c.chart.box_height_px()));
    // The tab stop: the chosen item, else the first in time.
    let tab_stop = move || {
        active.get().or_else(|| {
            chart.with(|c| {
                c.as_ref()
                    .and_then(|c| step_from(&c.chart.placed, 0, Step::First))
            })
        })
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
            let i = step_from(&c.chart.placed, from, step)?;
            Some((i, c.chart.placed[i].lane, c.chart.rows()))
        });
        let Some((i, lane, rows)) = next else { return };
        active.set(Some(i));
        // Scroll its lane into the box, then focus it once it is drawn.
        if let Some(el) = scroll_ref.get_untracked() {
            let view = f64::from(el.client_height());
            if let Some(to) = rows.scroll_to_show(lane, f64::from(el.scroll_top()), view) {
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
        let rows = c
            .chart
            .rows()
            .visible(scroll_px.get(), box_height(), c.chart.lanes, 2);
        let stop = tab_stop();
        let (from, to) = (from.get(), to.get());
        let cat = i18n.cat();
        (0..c.shown.len())
            .filter(|i| rows.contains(&c.chart.placed[*i].lane) || Some(*i) == stop)
            .map(|i| {
                let e = c.entry(i);
                let p = c.chart.placed[i];
                let at = c.chart.item(i);
                let outside = !within(e.start.year, from, to);
                let (hl_id, hl_partner) = (e.id.clone(), e.partner_id.clone());
                // A plain value, not a closure: this list is rebuilt in place whenever it
                // re-runs (the window plays, the view scrolls), and a reactive attribute on a
                // rebuilt element leaves its old effect behind each time (`bench soak`). Reading
                // the highlight here re-runs the list, which only holds the rows in view.
                let highlighted =
                    highlight.is(&hl_id) || hl_partner.as_deref().is_some_and(|p| highlight.is(p));
                let (click_id, focus_id) = (e.id.clone(), e.id.clone());
                let shown = ellipsize(&e.label, at.label_width_px, size::FONT_PX);
                let aria = match e.link {
                    Some((ix, _)) => model
                        .with_ds_untracked(|ds| {
                            describe::timeline_aria(&cat, ds.cooperation(ix), &e.label)
                        })
                        .unwrap_or_default(),
                    None => format!("{} — {}", e.label, cat.t("timeline.event")),
                };
                view! {
                    <g
                        id=format!("tl-{i}")
                        class="tl-item"
                        class:outside=outside
                        class:event=e.is_event
                        class:highlight=highlighted
                        role="button"
                        tabindex=if Some(i) == stop { "0" } else { "-1" }
                        aria-label=aria
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
                            x=fixed(at.hit_x_px, 1)
                            y=fixed(at.hit_y_px, 1)
                            width=fixed(at.hit_width_px, 1)
                            height=fixed(at.hit_height_px, 1)
                        />
                        {at
                            .bar
                            .map(|(x1, x2)| {
                                view! {
                                    <line
                                        class="bar"
                                        class:ongoing=e.ongoing
                                        x1=fixed(x1, 1)
                                        x2=fixed(x2, 1)
                                        y1=fixed(at.y_px, 1)
                                        y2=fixed(at.y_px, 1)
                                    />
                                }
                            })}
                        <path
                            class=if e.is_event { "event-mark" } else { "link-mark" }
                            d=format!("M{} {}h0", fixed(p.x_start_px, 1), fixed(at.y_px, 1))
                        />
                        <text x=fixed(p.label_x_px, 1) y=fixed(at.text_y_px, 1)>
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

    // The two drawings are built once while there are dates (inside the `Show` below): only
    // their attributes and their lists follow the chart and the window. Rebuilt in place at
    // every step of a playing window, a reactive part inside them (the "today" label, the rows)
    // would leave its old effect behind each time (`bench soak`).
    let dims = move || {
        chart
            .with(|c| {
                c.as_ref().map(|c| {
                    let c = &c.chart;
                    let (axis_from, axis_to) = c.axis_px();
                    Dims {
                        width: c.width_px,
                        height: c.height_px(),
                        today_x: c.x_px(today().1),
                        label_end: c.today_label_end_px(today().1),
                        axis_from,
                        axis_to,
                    }
                })
            })
            .unwrap_or_default()
    };
    let axis = move || {
        let marks = move || {
            chart.with(|c| {
                let Some(c) = c.as_ref() else {
                    return Vec::new();
                };
                let c = &c.chart;
                c.ticks
                    .iter()
                    .map(|year| {
                        view! {
                            <g
                                class="tick"
                                transform=format!(
                                    "translate({} 0)",
                                    fixed(c.x_px(f64::from(*year)), 1),
                                )
                            >
                                <line y2="5" />
                                <text y="18" text-anchor="middle">
                                    {year.to_string()}
                                </text>
                            </g>
                        }
                    })
                    .collect::<Vec<_>>()
            })
        };
        let band = move || {
            let (from, to) = (from.get(), to.get());
            chart
                .with(|c| c.as_ref().and_then(|c| c.chart.band_px(from, to)))
                .map(|(x, width)| {
                    view! { <rect class="window-band" x=fixed(x, 1) y="0" width=fixed(width, 1) height="6" /> }
                })
        };
        view! {
            <svg
                class="timeline-axis"
                width=move || fixed(dims().width, 0)
                height=fixed(size::AXIS_PX, 0)
                viewBox=move || {
                    format!("0 0 {} {}", fixed(dims().width, 0), fixed(size::AXIS_PX, 0))
                }
                aria-hidden="true"
            >
                {band}
                <line
                    class="axis"
                    x1=move || fixed(dims().axis_from, 0)
                    x2=move || fixed(dims().axis_to, 1)
                    y1="0"
                    y2="0"
                />
                {marks}
                <text
                    class="today-label"
                    x=move || fixed(dims().label_end, 1)
                    y="28"
                    text-anchor="end"
                >
                    {i18n.tr("timeline.today")}
                </text>
                <line
                    class="today"
                    x1=move || fixed(dims().today_x, 1)
                    x2=move || fixed(dims().today_x, 1)
                    y1="0"
                    y2="8"
                />
            </svg>
        }
    };

    let lanes_svg = move || {
        view! {
            <svg
                class="timeline"
                width=move || fixed(dims().width, 0)
                height=move || fixed(dims().height, 0)
                viewBox=move || {
                    let d = dims();
                    format!("0 0 {} {}", fixed(d.width, 0), fixed(d.height, 0))
                }
                role="group"
                aria-label=move || {
                    format!("{} {}", i18n.t("timeline.label"), i18n.t("timeline.keys"))
                }
                on:keydown=on_key
            >
                <line
                    class="today"
                    x1=move || fixed(dims().today_x, 1)
                    x2=move || fixed(dims().today_x, 1)
                    y1="0"
                    y2=move || fixed(dims().height, 1)
                />
                {items}
            </svg>
        }
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
                    {lanes_svg()}
                </div>
                <div class="timeline-box">{axis()}</div>
            </Show>
        </div>
        // The window is there whenever the dataset has dates, even if the chosen links have none.
        <Show when=move || model.year_range.with(Option::is_some)>
            <crate::time_window::TimeWindow />
        </Show>
        <UndatedList />
    }
}

/// What the timeline's two drawings take from the chart, in pixels.
#[derive(Clone, Copy, Default)]
struct Dims {
    width: f64,
    height: f64,
    today_x: f64,
    label_end: f64,
    axis_from: f64,
    axis_to: f64,
}
