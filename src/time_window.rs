//! The time window under the timeline: two year sliders (keyboard-operable), play/pause and
//! year steps. The map and the table show only the links made within the window.

use std::time::Duration;

use elos_core::timeline::Window;
use leptos::prelude::*;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::UiState;

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Plays the time window: its timer belongs to the page, not to the time window's view, so
/// that the table (which the window filters too) keeps playing and a view being rebuilt or
/// left mid-play never leaves a timer behind that reads what the view owned.
#[derive(Clone, Copy)]
pub struct Player {
    state: UiState,
    model: Model,
    timer: StoredValue<Option<IntervalHandle>>,
}

impl Player {
    /// Made once, with the page's state (the root owner keeps the timer for the page's life).
    pub fn new(state: UiState, model: Model) -> Self {
        Self {
            state,
            model,
            timer: StoredValue::new(None),
        }
    }

    pub fn stop(self) {
        if let Some(h) = self.timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if self.state.playing.get_untracked() {
            self.state.playing.set(false);
        }
    }

    /// Play when paused, pause when playing.
    pub fn toggle(self) {
        if self.state.playing.get_untracked() {
            self.stop();
            return;
        }
        let Some(range) = self.model.year_range.get_untracked() else {
            return;
        };
        let state = self.state;
        let play = range.play(state.year_to.get_untracked(), prefers_reduced_motion());
        state.year_from.set(Some(play.first));
        state.year_to.set(Some(play.start_year));
        state.playing.set(true);
        let handle = set_interval_with_handle(
            move || {
                let (next, done) = play.next(state.year_to.get_untracked().unwrap_or(play.first));
                state.year_to.set(Some(next));
                if done {
                    self.stop();
                }
            },
            Duration::from_millis(u64::from(play.every_ms)),
        );
        if let Some(old) = self
            .timer
            .try_update_value(|t| std::mem::replace(t, handle.ok()))
            .flatten()
        {
            old.clear();
        }
    }
}

#[component]
pub fn TimeWindow() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let player = expect_context::<Player>();
    let stop = move || player.stop();

    // Drawn only while the dataset has dates, so there is a range.
    let range = move || model.year_range.get().unwrap_or_default();
    let from = move || range().ends(state.year_from.get(), state.year_to.get()).0;
    let to = move || range().ends(state.year_from.get(), state.year_to.get()).1;
    let set_window = move |(from, to): (Option<i32>, Option<i32>)| {
        state.year_from.set(from);
        state.year_to.set(to);
    };
    let ends = move || {
        (
            state.year_from.get_untracked(),
            state.year_to.get_untracked(),
        )
    };
    // One year back or on: the window's end moves.
    let step = move |later: bool| {
        stop();
        let (f, t) = ends();
        set_window(range().step_end(f, t, later));
    };
    let play = move || player.toggle();

    // What the map shows: its window, which follows the sliders a frame later.
    let windowed = move || model.window.with(|(f, t)| f.is_some() || t.is_some());
    let undated_hidden = move || {
        if !windowed() {
            return 0;
        }
        model
            .with_ds(|ds| model.links.with(|l| elos_core::links::undated(ds, l).len()))
            .unwrap_or(0)
    };
    let summary = move || {
        let count = model.map_links.with(Vec::len);
        let (shown_from, shown_to) = model.window.get();
        let (shown_from, shown_to) = range().ends(shown_from, shown_to);
        i18n.plural(
            "window.summary",
            count,
            &[
                ("from", &shown_from.to_string()),
                ("to", &shown_to.to_string()),
            ],
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
                        let (f, t) = ends();
                        set_window(range().with_start(y, f, t));
                    })
                />
                <YearSlider
                    label_key="window.to"
                    range=Signal::derive(range)
                    value=Signal::derive(to)
                    on_year=Callback::new(move |y: i32| {
                        stop();
                        let (f, t) = ends();
                        set_window(range().with_end(y, f, t));
                    })
                />
            </div>
            <div class="play">
                <button
                    type="button"
                    on:click=move |_| step(false)
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
                    on:click=move |_| step(true)
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
    /// The years it can take.
    range: Signal<Window>,
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
                min=move || range.get().first
                max=move || range.get().last
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
