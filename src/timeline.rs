//! The timeline: dated links and milestones on a year axis in lanes that never overlap, and the
//! undated links in their own labelled group. Layout comes from `elos_core::timeline`.

use elos_core::date::PartialDate;
use elos_core::links;
use elos_core::model::Status;
use elos_core::num::fixed;
use elos_core::timeline::{ellipsize, estimate_label_width_px, layout, ticks, Span, YearScale};
use leptos::prelude::*;

use crate::i18n::{DataText, I18n};
use crate::model::Model;
use crate::state::{Highlight, UiState};

const LANE_PX: f64 = 24.0;
const AXIS_PX: f64 = 26.0;
const FONT_PX: f64 = 12.0;
const MARKER_PX: f64 = 7.0;
const SIDE_PX: f64 = 14.0;

/// One thing on the timeline, ready to draw.
#[derive(Clone, PartialEq)]
struct Entry {
    id: String,
    /// The partner's id for a link (highlighted with it on the map).
    partner_id: Option<String>,
    label: String,
    aria: String,
    is_event: bool,
    start: PartialDate,
    end: Option<PartialDate>,
    ongoing: bool,
}

fn today_year() -> f64 {
    let now = js_sys::Date::new_0();
    f64::from(now.get_full_year()) + f64::from(now.get_month()) / 12.0
}

#[component]
pub fn Timeline() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let wrap_ref = NodeRef::<leptos::html::Div>::new();
    let width_px = RwSignal::new(800.0);
    let measure = move || {
        if let Some(el) = wrap_ref.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 {
                width_px.set(w);
            }
        }
    };
    Effect::new(move |_| {
        wrap_ref.track();
        measure();
    });
    let _ = window_event_listener(leptos::ev::resize, move |_| measure());

    let entries = Memo::new(move |_| {
        let links = model.links.get();
        let home = model.home.get();
        model
            .with_ds(|ds| {
                let mut out: Vec<Entry> = Vec::new();
                for l in &links {
                    let coop = ds.cooperation(l.cooperation);
                    let Some(start) = coop.start else { continue };
                    let name = i18n.show(ds.party_names(l.partner));
                    let date = i18n.date(&start);
                    let label = i18n.format("timeline.item", &[("date", &date), ("name", &name)]);
                    let kind = i18n.t(&format!("kind.{}", coop.kind.key()));
                    out.push(Entry {
                        id: coop.id.clone(),
                        partner_id: Some(ds.party_id(l.partner).to_owned()),
                        aria: if coop.end.is_none() && coop.status == Status::Active {
                            format!("{label} — {kind} — {}", i18n.t("timeline.ongoing"))
                        } else {
                            format!("{label} — {kind}")
                        },
                        label,
                        is_event: false,
                        start,
                        end: coop.end,
                        ongoing: coop.end.is_none() && coop.status == Status::Active,
                    });
                }
                for e in links::events(ds, home) {
                    let event = ds.event(e);
                    let title = i18n.show(&event.title);
                    let date = i18n.date(&event.date);
                    let label = i18n.format("timeline.item", &[("date", &date), ("name", &title)]);
                    out.push(Entry {
                        id: event.id.clone(),
                        partner_id: None,
                        aria: format!("{label} — {}", i18n.t("timeline.event")),
                        label,
                        is_event: true,
                        start: event.date,
                        end: None,
                        ongoing: false,
                    });
                }
                out
            })
            .unwrap_or_default()
    });

    let undated = Memo::new(move |_| {
        let links = model.links.get();
        model
            .with_ds(|ds| {
                links
                    .iter()
                    .filter(|l| ds.cooperation(l.cooperation).start.is_none())
                    .map(|l| {
                        (
                            ds.cooperation(l.cooperation).id.clone(),
                            ds.party_names(l.partner).clone(),
                            ds.cooperation(l.cooperation).kind,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let chart = move || {
        let entries = entries.get();
        if entries.is_empty() {
            return view! { <p class="muted">{i18n.t("timeline.empty")}</p> }.into_any();
        }
        let width = width_px.get();
        let today = today_year();
        let first = entries.iter().map(|e| e.start.year).min().unwrap_or(2000);
        // Planned links may start in the future: the axis then runs past today.
        let last = entries
            .iter()
            .map(|e| e.end.unwrap_or(e.start).year)
            .max()
            .unwrap_or(0)
            .max(today.floor() as i32);
        let scale = YearScale::new(first.min(last), last, SIDE_PX, width - SIDE_PX);
        let spans: Vec<Span> = entries
            .iter()
            .map(|e| Span {
                start: e.start,
                end: e.end,
                ongoing: e.ongoing,
                label_width_px: estimate_label_width_px(&e.label, FONT_PX),
            })
            .collect();
        let placed = layout(&spans, &scale, today, 8.0, MARKER_PX);
        let lanes = placed.iter().map(|p| p.lane + 1).max().unwrap_or(1);
        let height = lanes as f64 * LANE_PX + AXIS_PX + 8.0;
        let axis_y = lanes as f64 * LANE_PX + 6.0;
        let tick_marks = ticks(&scale, 52.0)
            .into_iter()
            .map(|year| {
                let x = scale.x_px(f64::from(year));
                view! {
                    <g
                        class="tick"
                        transform=format!("translate({} {})", fixed(x, 1), fixed(axis_y, 1))
                    >
                        <line y2="5" />
                        <text y="18" text-anchor="middle">
                            {year.to_string()}
                        </text>
                    </g>
                }
            })
            .collect_view();
        let today_x = scale.x_px(today);
        let (from, to) = (state.year_from.get(), state.year_to.get());
        let window_band = (from.is_some() || to.is_some()).then(|| {
            let x0 = scale.x_px(f64::from(from.unwrap_or(first)));
            let x1 = scale
                .x_px(f64::from(to.unwrap_or(last)) + 1.0)
                .min(width - SIDE_PX);
            view! {
                <rect
                    class="window-band"
                    x=fixed(x0, 1)
                    y="0"
                    width=fixed((x1 - x0).max(1.0), 1)
                    height=fixed(axis_y, 1)
                />
            }
        });
        let outside =
            move |year: i32| from.is_some_and(|f| year < f) || to.is_some_and(|t| year > t);
        let items = entries
            .into_iter()
            .zip(placed)
            .map(|(e, p)| {
                let y = p.lane as f64 * LANE_PX + LANE_PX / 2.0 + 2.0;
                let (hl_id, hl_partner, click_id, key_id, focus_id) = (e.id.clone(), e.partner_id.clone(), e.id.clone(), e.id.clone(), e.id.clone());
                let hl = highlight;
                let highlighted = move || hl.is(&hl_id) || hl_partner.as_deref().is_some_and(|p| hl.is(p));
                let bar = (p.x_end_px > p.x_start_px + 0.5).then(|| {
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
                });
                let mark = if e.is_event {
                    view! {
                        <rect
                            class="event-mark"
                            x="-5"
                            y="-5"
                            width="10"
                            height="10"
                            transform=format!(
                                "translate({} {}) rotate(45)",
                                fixed(p.x_start_px, 1),
                                fixed(y, 1),
                            )
                        />
                    }.into_any()
                } else {
                    view! { <circle class="link-mark" cx=fixed(p.x_start_px, 1) cy=fixed(y, 1) r="5" /> }.into_any()
                };
                view! {
                    <g
                        class="tl-item"
                        class:outside=outside(e.start.year)
                        class:event=e.is_event
                        class:highlight=highlighted
                        role="button"
                        tabindex="0"
                        aria-label=e.aria.clone()
                        on:click=move |_| state.selected_id.set(Some(click_id.clone()))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                state.selected_id.set(Some(key_id.clone()));
                            }
                        }
                        on:focus={
                            let id = focus_id.clone();
                            move |_| state.hovered_id.set(Some(id.clone()))
                        }
                        on:mouseenter=move |_| state.hovered_id.set(Some(focus_id.clone()))
                        on:mouseleave=move |_| state.hovered_id.set(None)
                        on:blur=move |_| state.hovered_id.set(None)
                    >
                        <title>{e.aria.clone()}</title>
                        <rect
                            class="hit"
                            x=fixed(p.label_x_px.min(p.x_start_px - MARKER_PX), 1)
                            y=fixed(y - LANE_PX / 2.0, 1)
                            width=fixed(
                                p.label_end_px.max(p.x_end_px).max(p.x_start_px + MARKER_PX)
                                    - p.label_x_px.min(p.x_start_px - MARKER_PX),
                                1,
                            )
                            height=fixed(LANE_PX, 1)
                        />
                        {bar}
                        {mark}
                        <text x=fixed(p.label_x_px, 1) y=fixed(y + 4.0, 1)>
                            {
                                let shown = ellipsize(
                                    &e.label,
                                    p.label_end_px - p.label_x_px,
                                    FONT_PX,
                                );
                                match shown.strip_suffix('…') {
                                    Some(prefix) => {
                                        // The visible part must stay inside the accessible name, so
                                        // the "…" itself is hidden from assistive technology.
                                        view! {
                                            {prefix.to_owned()}
                                            <tspan aria-hidden="true">"…"</tspan>
                                        }
                                            .into_any()
                                    }
                                    None => shown.into_any(),
                                }
                            }
                        </text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg
                class="timeline"
                width=fixed(width, 0)
                height=fixed(height, 0)
                viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))
                role="group"
                aria-label=i18n.t("timeline.label")
            >
                {window_band}
                <line
                    class="axis"
                    x1=fixed(SIDE_PX, 0)
                    x2=fixed(width - SIDE_PX, 1)
                    y1=fixed(axis_y, 1)
                    y2=fixed(axis_y, 1)
                />
                <line
                    class="today"
                    x1=fixed(today_x, 1)
                    x2=fixed(today_x, 1)
                    y1="0"
                    y2=fixed(axis_y, 1)
                />
                // Ongoing bars end on this line; it says what it is.
                <text
                    class="today-label"
                    x=fixed(today_x - 3.0, 1)
                    y=fixed(axis_y - 4.0, 1)
                    text-anchor="end"
                >
                    {i18n.t("timeline.today")}
                </text>
                {tick_marks}
                {items}
            </svg>
        }
        .into_any()
    };

    view! {
        <div class="timeline-wrap" node_ref=wrap_ref>
            {chart}
        </div>
        <crate::time_window::TimeWindow />
        <Show when=move || !undated.with(Vec::is_empty)>
            <section class="undated" aria-labelledby="undated-title">
                <h3 id="undated-title">
                    {move || i18n.plural("timeline.undated", undated.with(Vec::len), &[])}
                </h3>
                <p class="muted">{i18n.tr("timeline.undated_note")}</p>
                <ul class="chips">
                    <For each=move || undated.get() key=|(id, _, _)| id.clone() let:entry>
                        {
                            let (id, names, kind) = entry;
                            let (click_id, hl_id) = (id.clone(), id.clone());
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class=format!("chip kind-{}", kind.key())
                                        class:highlight=move || { highlight.is_selected(&hl_id) }
                                        on:click=move |_| {
                                            state.selected_id.set(Some(click_id.clone()))
                                        }
                                    >
                                        <DataText text=names />
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
