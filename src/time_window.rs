//! The time window under the timeline: two year sliders (keyboard-operable), play/pause and
//! year steps. The map and the table show only the links made within the window.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::UiState;

/// A whole play-through takes about this long, whatever the span of years.
const PLAY_TOTAL_MS: f64 = 8000.0;

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

#[component]
pub fn TimeWindow() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let timer = StoredValue::new(None::<IntervalHandle>);

    let range = move || model.year_range.get().unwrap_or((2000, 2026));
    let from = move || state.year_from.get().unwrap_or(range().0);
    let to = move || state.year_to.get().unwrap_or(range().1);
    let set_window = move |f: i32, t: i32| {
        let (first, last) = range();
        let (f, t) = (f.clamp(first, last), t.clamp(first, last));
        let (f, t) = if f <= t { (f, t) } else { (t, f) };
        state.year_from.set((f != first || t != last).then_some(f));
        state.year_to.set((f != first || t != last).then_some(t));
    };
    let stop = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        state.playing.set(false);
    };
    let step = move |delta: i32| {
        stop();
        set_window(from(), to() + delta);
    };
    let play = move || {
        if state.playing.get_untracked() {
            stop();
            return;
        }
        let (first, last) = range();
        let years = (last - first).max(1);
        // Reduced motion: a few discrete jumps instead of a year-by-year animation.
        let (step_years, every) = if prefers_reduced_motion() {
            ((years / 5).max(1), Duration::from_millis(1200))
        } else {
            (
                1,
                Duration::from_millis((PLAY_TOTAL_MS / f64::from(years)).clamp(80.0, 700.0) as u64),
            )
        };
        let start = if to() >= last { first } else { to() };
        state.year_from.set(Some(first));
        state.year_to.set(Some(start));
        state.playing.set(true);
        let handle = set_interval_with_handle(
            move || {
                let next = (state.year_to.get_untracked().unwrap_or(first) + step_years).min(last);
                state.year_to.set(Some(next));
                if next >= last {
                    stop();
                }
            },
            every,
        );
        timer.set_value(handle.ok());
    };
    on_cleanup(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
    });

    let windowed = move || state.year_from.get().is_some() || state.year_to.get().is_some();
    let undated_hidden = move || {
        if !windowed() {
            return 0;
        }
        model
            .with_ds(|ds| {
                model.links.with(|l| {
                    l.iter()
                        .filter(|l| ds.cooperation(l.cooperation).start.is_none())
                        .count()
                })
            })
            .unwrap_or(0)
    };
    let summary = move || {
        let count = model.map_links.with(Vec::len);
        i18n.plural(
            "window.summary",
            count,
            &[("from", &from().to_string()), ("to", &to().to_string())],
        )
    };

    view! {
        <fieldset class="time-window">
            <legend>{i18n.tr("window.legend")}</legend>
            <div class="sliders">
                <YearSlider
                    label_key="window.from"
                    range=Signal::derive(range)
                    value=Signal::derive(from)
                    on_year=Callback::new(move |y: i32| {
                        stop();
                        set_window(y, to().max(y));
                    })
                />
                <YearSlider
                    label_key="window.to"
                    range=Signal::derive(range)
                    value=Signal::derive(to)
                    on_year=Callback::new(move |y: i32| {
                        stop();
                        set_window(from().min(y), y);
                    })
                />
            </div>
            <div class="play">
                <button
                    type="button"
                    on:click=move |_| step(-1)
                    aria-label=i18n.tr("window.prev")
                    title=i18n.tr("window.prev")
                >
                    "◀"
                </button>
                <button
                    type="button"
                    class="primary"
                    aria-pressed=move || state.playing.get().to_string()
                    on:click=move |_| play()
                >
                    {move || {
                        if state.playing.get() {
                            i18n.t("window.pause")
                        } else {
                            i18n.t("window.play")
                        }
                    }}
                </button>
                <button
                    type="button"
                    on:click=move |_| step(1)
                    aria-label=i18n.tr("window.next")
                    title=i18n.tr("window.next")
                >
                    "▶"
                </button>
                <button
                    type="button"
                    on:click=move |_| {
                        stop();
                        state.year_from.set(None);
                        state.year_to.set(None);
                    }
                    disabled=move || !windowed()
                >
                    {i18n.tr("window.clear")}
                </button>
            </div>
            <p class="window-summary" role="status" aria-live="polite">
                {summary}
                <Show when=move || {
                    undated_hidden() > 0
                }>" " {move || i18n.plural("window.undated_hidden", undated_hidden(), &[])}</Show>
            </p>
        </fieldset>
    }
}

/// One end of the window: a labelled year slider with its value shown beside it.
#[component]
fn YearSlider(
    /// Catalogue key of the label.
    label_key: &'static str,
    /// First and last year it can take.
    range: Signal<(i32, i32)>,
    value: Signal<i32>,
    /// Called with the year the person moved it to.
    on_year: Callback<i32>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <label>
            <span>{i18n.tr(label_key)}</span>
            <input
                type="range"
                min=move || range.get().0
                max=move || range.get().1
                step="1"
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                        on_year.run(y);
                    }
                }
            />
            <output>{value}</output>
        </label>
    }
}
