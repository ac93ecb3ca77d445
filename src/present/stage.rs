//! What present mode draws over the full-screen map: the tour's title, the step's caption (and
//! the visitors' caption) in a live region, the step counter, a toolbar that hides with the
//! cursor, and the overlays the deck asks for (blank screen, keys, typed step number, idle
//! countdown). The overlays are always in the page and shown with `hidden`, so a kiosk running
//! for hours never builds and drops elements.

use elos_core::i18n::Catalogue;
use elos_core::lang::Picked;
use elos_core::present::{Command, Deck, KeyCap, KEY_HELP};
use elos_core::tour;
use leptos::prelude::*;

use super::Presentation;
use crate::i18n::I18n;
use crate::state::UiState;
use crate::ui::{derived, flag, text};

/// The header's "Present" button.
#[component]
pub fn PresentButton() -> impl IntoView {
    let presentation = expect_context::<Presentation>();
    let i18n = expect_context::<I18n>();
    view! {
        <button type="button" class="present-button" on:click=move |_| presentation.enter()>
            {i18n.tr("present.start")}
        </button>
    }
}

/// Text as shown: its language and the text.
type Shown = (String, String);

fn owned(picked: Option<Picked>) -> Shown {
    picked.map_or_else(Default::default, |p| (p.lang.to_owned(), p.text.to_owned()))
}

/// What the stage says about the step on screen.
#[derive(Clone, PartialEq, Default)]
struct StepText {
    title: Shown,
    caption: Shown,
    /// Empty when the visitors' language is not chosen or the caption lacks it.
    visitors: Shown,
    number: usize,
    count: usize,
}

/// The toolbar's buttons: the key that does the same (shown as the button's face, so the
/// buttons teach the keys), what it does, and the command.
const BUTTONS: [(&str, &str, Command); 7] = [
    ("←", "present.action.previous", Command::Previous),
    ("→", "present.action.next", Command::Next),
    ("A", "present.action.auto", Command::ToggleAutoAdvance),
    ("B", "present.action.blank", Command::ToggleBlank),
    ("F", "present.action.full_screen", Command::ToggleFullScreen),
    (
        "S",
        "present.action.presenter_view",
        Command::OpenPresenterView,
    ),
    ("?", "present.action.help", Command::ToggleHelp),
];

#[component]
pub fn PresentStage() -> impl IntoView {
    let presentation = expect_context::<Presentation>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let deck = derived(move || {
        presentation
            .presenter
            .with(|p| p.as_ref().map(|p| *p.deck()))
    });
    let deck_says =
        move |what: fn(&Deck) -> bool| flag(move || deck.with(|d| d.as_ref().is_some_and(what)));
    let playing = derived(move || {
        presentation
            .presenter
            .with(|p| p.as_ref().is_some_and(|p| p.is_playing()))
    });
    let countdown = derived(move || {
        let now = presentation.now_ms.get();
        presentation
            .presenter
            .with(|p| p.as_ref().and_then(|p| p.countdown_s(now)))
    });
    let step = derived(move || {
        let Some((tour, step)) = presentation.framing.get() else {
            return StepText::default();
        };
        let lang = i18n.lang.get();
        let visitors = state.present.with(|p| p.caption_lang.clone());
        let (caption, second) =
            tour::captions(&tour.steps[step].caption, &lang, visitors.as_deref());
        StepText {
            title: owned(tour.title.pick(&lang)),
            caption: owned(caption),
            visitors: owned(second),
            number: step + 1,
            count: tour.steps.len(),
        }
    });
    let part = move |which: fn(&StepText) -> &String| text(move || step.with(|s| which(s).clone()));
    let numbers = move |key: &'static str| {
        text(move || {
            step.with(|s| {
                i18n.format(
                    key,
                    &[
                        ("step", &s.number.to_string()),
                        ("count", &s.count.to_string()),
                    ],
                )
            })
        })
    };
    let jump = text(move || {
        deck.with(|d| d.as_ref().and_then(Deck::typed))
            .map(|n| i18n.format("present.jump", &[("step", &n.to_string())]))
            .unwrap_or_default()
    });
    let counting = text(move || {
        countdown
            .get()
            .map(|s| i18n.plural("present.countdown", s as usize, &[]))
            .unwrap_or_default()
    });
    let buttons = BUTTONS
        .into_iter()
        .map(|(face, label, command)| {
            let pressed = Signal::derive(move || match command {
                Command::ToggleAutoAdvance => Some(playing.get().to_string()),
                Command::ToggleFullScreen => Some(presentation.full_screen.get().to_string()),
                _ => None,
            });
            view! {
                <button
                    type="button"
                    aria-label=i18n.tr(label)
                    title=i18n.tr(label)
                    aria-pressed=pressed
                    on:click=move |_| presentation.command(command)
                >
                    {face}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="stage" tabindex="-1" aria-label=i18n.tr("present.region")>
            <h2 class="stage-title" lang=part(|s| &s.title.0)>
                {part(|s| &s.title.1)}
            </h2>
            <div class="stage-bar" role="toolbar" aria-label=i18n.tr("present.controls")>
                {buttons}
                <CaptionLanguage />
                <crate::brief::PrintButton />
                <crate::offline::OfflineBadge />
                <button type="button" class="stage-exit" on:click=move |_| presentation.leave()>
                    {i18n.tr("present.exit")}
                </button>
            </div>
            <div class="stage-caption" role="status" aria-atomic="true">
                <p class="visually-hidden">{numbers("present.step_of")}</p>
                <p class="caption-main" lang=part(|s| &s.caption.0)>
                    {part(|s| &s.caption.1)}
                </p>
                <p
                    class="caption-visitors"
                    lang=part(|s| &s.visitors.0)
                    hidden=flag(move || step.with(|s| s.visitors.1.is_empty()))
                >
                    {part(|s| &s.visitors.1)}
                </p>
            </div>
            <p class="stage-counter" aria-hidden="true">
                {numbers("present.counter")}
            </p>
            <p class="stage-jump" role="status" hidden=flag(move || jump.with(String::is_empty))>
                {jump}
            </p>
            <p
                class="stage-countdown"
                role="status"
                hidden=flag(move || counting.with(String::is_empty))
            >
                {counting}
            </p>
            <div class="stage-blank" hidden=deck_says(|d| !d.is_blank())>
                <p class="visually-hidden">{i18n.tr("present.blanked")}</p>
            </div>
            <KeysHelp hidden=deck_says(|d| !d.is_help_shown()) />
        </section>
    }
}

/// The visitors' caption language, beside the presenter's (`captions=`).
#[component]
fn CaptionLanguage() -> impl IntoView {
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let chosen = text(move || {
        state
            .present
            .with(|p| p.caption_lang.clone().unwrap_or_default())
    });
    let options = Catalogue::languages()
        .iter()
        .map(|(tag, name)| {
            view! {
                <option value=*tag lang=*tag>
                    {*name}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="stage-captions">
            <span>{i18n.tr("present.captions")}</span>
            <select
                prop:value=chosen
                on:change=move |ev| {
                    let lang = event_target_value(&ev);
                    if !lang.is_empty() {
                        i18n.ensure(lang.clone());
                    }
                    state.present.update(|p| p.caption_lang = (!lang.is_empty()).then_some(lang));
                }
            >
                <option value="">{i18n.tr("present.captions_none")}</option>
                {options}
            </select>
        </label>
    }
}

/// `?`: the keys and what they do, from the core's table (the one `command_for_key` is
/// tested against).
#[component]
fn KeysHelp(hidden: Signal<bool>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = KEY_HELP
        .iter()
        .map(|line| {
            let keys = line
                .keys
                .iter()
                .map(|cap| {
                    let name = match cap {
                        KeyCap::Literal(face) => (*face).to_owned(),
                        KeyCap::Named(key) => i18n.t(key),
                    };
                    view! { <kbd>{name}</kbd> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{keys}</th>
                    <td>{i18n.t(line.action)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="stage-keys" role="dialog" aria-labelledby="stage-keys-title" hidden=hidden>
            <h2 id="stage-keys-title">{i18n.tr("present.help_title")}</h2>
            <table>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
