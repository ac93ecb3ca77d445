//! The presenter view (`?mode=presenter`, opened with S): the current step's caption and
//! notes, the next step, a clock and the controls, in a second window kept in step with the
//! presentation over the `BroadcastChannel`. It loads the same dataset (from the service
//! worker's cache when offline), so the channel carries only ids and numbers.

use elos_core::present::sync::{Message, Remote, ShowState};
use elos_core::present::{clock_text, Command};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::{now_ms, Channel, Presentation};
use crate::i18n::I18n;
use crate::ui::{derived, text};
use elos_core::lang::Text;

/// What a key or button of the presenter view asks of the presentation.
fn remote_for(command: Command) -> Option<Remote> {
    Some(match command {
        Command::Next => Remote::Next,
        Command::Previous => Remote::Previous,
        Command::First => Remote::First,
        Command::Last => Remote::Last,
        Command::GoTo(step) => Remote::GoTo(step),
        Command::ToggleBlank => Remote::ToggleBlank,
        Command::ToggleAutoAdvance => Remote::ToggleAutoAdvance,
        _ => return None,
    })
}

const BUTTONS: [(&str, Command); 4] = [
    ("present.action.previous", Command::Previous),
    ("present.action.next", Command::Next),
    ("present.action.blank", Command::ToggleBlank),
    ("present.action.auto", Command::ToggleAutoAdvance),
];

#[component]
pub fn PresenterView() -> impl IntoView {
    let presentation = expect_context::<Presentation>();
    let i18n = expect_context::<I18n>();
    let show: RwSignal<Option<ShowState>> = RwSignal::new(None);
    let ended = RwSignal::new(false);
    let opened_ms = now_ms();
    let clock = RwSignal::new(0.0);
    let channel = StoredValue::new(
        Channel::open(move |message| match message {
            Message::State(s) => {
                ended.set(false);
                show.set(Some(s));
            }
            Message::Ended => ended.set(true),
            _ => {}
        })
        .map(SendWrapper::new),
    );
    let send = move |command: Command| {
        if let Some(remote) = remote_for(command) {
            channel.with_value(|c| {
                if let Some(c) = c {
                    c.post(&Message::Do(remote));
                }
            });
        }
    };
    channel.with_value(|c| {
        if let Some(c) = c {
            c.post(&Message::Hello);
        }
    });
    let _ = set_interval_with_handle(
        move || clock.set(now_ms() - opened_ms),
        std::time::Duration::from_millis(1000),
    );
    // The presenter's keys steer the presentation; a typed number then Enter jumps there.
    let typed: RwSignal<Option<usize>> = RwSignal::new(None);
    crate::ui::on_window("keydown", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let command = match super::command_for_event(ev) {
            Some(Command::Digit(d)) => {
                typed.update(|t| *t = Some(t.unwrap_or(0).saturating_mul(10) + usize::from(d)));
                ev.prevent_default();
                return;
            }
            Some(Command::Jump) => match typed.get_untracked() {
                Some(n) if n >= 1 => Command::GoTo(n - 1),
                _ => return,
            },
            Some(other) => other,
            None => return,
        };
        typed.set(None);
        if remote_for(command).is_some() {
            ev.prevent_default();
            send(command);
        }
    });

    // The step on screen and the next, as their texts in the presenter's language.
    let steps = derived(move || {
        let lang = i18n.lang.get();
        let pick = |t: &Text| {
            t.pick(&lang)
                .map_or_else(Default::default, |p| (p.lang.to_owned(), p.text.to_owned()))
        };
        let s = show.get()?;
        let tour = presentation
            .tours
            .with(|all| all.iter().find(|t| t.id == s.tour_id).cloned())?;
        let now = tour.steps.get(s.step)?;
        let next = tour.steps.get(s.step + 1).map(|n| pick(&n.caption));
        Some([
            pick(&now.caption),
            now.notes
                .as_ref()
                .map(pick)
                .unwrap_or_else(|| (lang.clone(), i18n.t("presenter.no_notes"))),
            next.unwrap_or_else(|| (lang.clone(), i18n.t("presenter.end"))),
        ])
    });
    let status = text(move || {
        if ended.get() {
            return i18n.t("presenter.ended");
        }
        let Some(s) = show.get() else {
            return i18n.t("presenter.waiting");
        };
        let mut parts = vec![i18n.format(
            "present.step_of",
            &[
                ("step", &(s.step + 1).to_string()),
                ("count", &s.step_count.to_string()),
            ],
        )];
        if s.blank {
            parts.push(i18n.t("presenter.blank"));
        }
        if s.playing {
            parts.push(i18n.t("presenter.playing"));
        }
        parts.join(" · ")
    });
    let part = move |which: usize, lang: bool| {
        text(move || {
            steps.with(|s| {
                s.as_ref()
                    .map(|s| {
                        if lang {
                            s[which].0.clone()
                        } else {
                            s[which].1.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        })
    };
    let buttons = BUTTONS
        .into_iter()
        .map(|(label, command)| {
            view! {
                <button type="button" on:click=move |_| send(command)>
                    {i18n.tr(label)}
                </button>
            }
        })
        .collect_view();
    view! {
        <main class="presenter" id="main">
            <header class="presenter-head">
                <h1>{i18n.tr("presenter.title")}</h1>
                <p class="presenter-clock">
                    <span class="visually-hidden">{i18n.tr("presenter.clock")}" "</span>
                    {text(move || clock_text(clock.get()))}
                </p>
                <p class="presenter-status" role="status">
                    {status}
                </p>
            </header>
            <section class="presenter-now" aria-labelledby="presenter-now">
                <h2 id="presenter-now">{i18n.tr("presenter.now")}</h2>
                <p class="presenter-caption" lang=part(0, true)>
                    {part(0, false)}
                </p>
                <h2>{i18n.tr("presenter.notes")}</h2>
                <p class="presenter-notes" lang=part(1, true)>
                    {part(1, false)}
                </p>
            </section>
            <section class="presenter-next" aria-labelledby="presenter-next">
                <h2 id="presenter-next">{i18n.tr("presenter.next")}</h2>
                <p lang=part(2, true)>{part(2, false)}</p>
            </section>
            <div class="presenter-controls" role="toolbar" aria-label=i18n.tr("present.controls")>
                {buttons}
            </div>
        </main>
    }
}
