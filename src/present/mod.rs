//! Present mode (`?mode=present`): one `elos_core::present::Presenter` in a signal, fed with
//! keys, swipes, touches, timers and the presenter view's messages; the map flies to each
//! step's framing (`src/map/flight.rs`) and [`PresentStage`] draws the rest. Every decision —
//! which key does what, when a kiosk advances or resets, what Escape closes — is the core's;
//! this file only turns DOM events into calls and the outcomes into DOM calls.

mod presenter_view;
mod stage;

use std::sync::Arc;

use elos_core::filter::Filters;
use elos_core::links::HomeChoice;
use elos_core::present::params::{start, Mode, PresentParams};
use elos_core::present::sync::{channel_name, Message, ShowState};
use elos_core::present::{command_for_key, swipe_command, Command, Effect, KeyInput, Presenter};
use elos_core::tour::{self, Tour};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::{UiState, View};
use crate::ui::{derived, effect, Derived};

pub use presenter_view::PresenterView;
pub use stage::{PresentButton, PresentStage};

/// The cursor hides after this long without moving, in present mode.
const CURSOR_REST_MS: f64 = 3000.0;

/// How long after leaving full screen an Escape still counts as the one that left it.
const ESCAPE_ECHO_MS: f64 = 500.0;

/// The wall clock every timing here uses: `Date.now()`, which a test's fake clock controls.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A presentation in progress, or ready to start; provided by context. `Copy`.
#[derive(Clone, Copy)]
pub struct Presentation {
    state: UiState,
    model: Model,
    i18n: I18n,
    /// The tours of the data shown: the dataset's own, or one made from its data.
    pub tours: Derived<Vec<Arc<Tour>>>,
    /// The tour `tour=` names, else the first.
    pub tour: Derived<Option<Arc<Tour>>>,
    pub presenter: RwSignal<Option<Presenter>>,
    /// The tour and step the map frames, while presenting.
    pub framing: Derived<Option<(Arc<Tour>, usize)>>,
    /// The clock at the last tick (the idle countdown's seconds count from it).
    pub now_ms: RwSignal<f64>,
    pub full_screen: RwSignal<bool>,
    pub cursor_hidden: RwSignal<bool>,
    /// The pending kiosk timer's id (a stale one firing only causes a harmless `tick`).
    timer: StoredValue<Option<i32>>,
    channel: StoredValue<Option<SendWrapper<Channel>>>,
    /// The tour the presenter was made for (id, step count).
    made_for: StoredValue<Option<(String, usize)>>,
    last_posted: StoredValue<Option<ShowState>>,
    /// Where a touch or pen went down (x, y, time), for swipes.
    press: StoredValue<Option<(f64, f64, f64)>>,
    last_move_ms: StoredValue<f64>,
    cursor_timer: StoredValue<bool>,
    /// When full screen was last left: an Escape that arrives just after it is the one that
    /// left it (some browsers pass it on to the page, some keep it), not a second Escape.
    left_full_screen_ms: StoredValue<f64>,
    /// The page itself asked to leave full screen (F, the button): no Escape to swallow.
    exiting: StoredValue<bool>,
}

impl Presentation {
    pub fn new(state: UiState, model: Model, i18n: I18n) -> Self {
        let tours = derived(move || {
            let home = model.home.get();
            let catalogues = i18n.catalogues();
            model
                .with_ds(|ds| {
                    tour::available(ds, home, &catalogues)
                        .into_iter()
                        .map(Arc::new)
                        .collect()
                })
                .unwrap_or_default()
        });
        let tour = derived(move || {
            let wanted = state.present.with(|p| p.tour_id.clone());
            tours.with(|all: &Vec<Arc<Tour>>| {
                all.iter()
                    .find(|t| Some(&t.id) == wanted.as_ref())
                    .or(all.first())
                    .cloned()
            })
        });
        let presenter: RwSignal<Option<Presenter>> = RwSignal::new(None);
        let framing = derived(move || {
            let step = presenter.with(|p| p.as_ref().map(|p| p.deck().step()))?;
            let tour = tour.get()?;
            (step < tour.steps.len()).then_some((tour, step))
        });
        Self {
            state,
            model,
            i18n,
            tours,
            tour,
            presenter,
            framing,
            now_ms: RwSignal::new(now_ms()),
            full_screen: RwSignal::new(false),
            cursor_hidden: RwSignal::new(false),
            timer: StoredValue::new(None),
            channel: StoredValue::new(None),
            made_for: StoredValue::new(None),
            last_posted: StoredValue::new(None),
            press: StoredValue::new(None),
            last_move_ms: StoredValue::new(0.0),
            cursor_timer: StoredValue::new(false),
            left_full_screen_ms: StoredValue::new(f64::NEG_INFINITY),
            exiting: StoredValue::new(false),
        }
    }

    /// Starts the presentation's machinery for the main window: the presenter made when the
    /// data is there, each step applied to the map's state, the kiosk timer, the presenter
    /// view's channel, keys, swipes and the cursor.
    pub fn run(self) {
        let state = self.state;
        let presenting = derived(move || state.presenting());
        // The presenter, made once the tour is known (again if the data brings another).
        // The tour is read only while presenting: made from a world-scale dataset's data it
        // is work the explorer alone never needs.
        effect(move || {
            let presenting = presenting.get();
            let tour = if presenting { self.tour.get() } else { None };
            match (presenting, tour) {
                (true, Some(tour)) => {
                    let key = (tour.id.clone(), tour.steps.len());
                    if self.made_for.get_value().as_ref() == Some(&key) {
                        return;
                    }
                    self.made_for.set_value(Some(key));
                    let params = state.present.get_untracked();
                    if let Some(lang) = params.caption_lang.clone() {
                        self.i18n.ensure(lang);
                    }
                    let tours = self.tours.get_untracked();
                    let plain: Vec<Tour> = tours.iter().map(|t| (**t).clone()).collect();
                    let (_, step, ignored) = start(&plain, &params);
                    if !ignored.is_empty() {
                        let list: Vec<String> = ignored
                            .into_iter()
                            .map(|i| format!("{}=“{}”", i.param, i.value))
                            .collect();
                        let text = self
                            .i18n
                            .format("notice.ignored", &[("list", &list.join(", "))]);
                        self.model.notice.update(|n| {
                            *n = Some(match n.take() {
                                Some(before) => format!("{before} {text}"),
                                None => text,
                            })
                        });
                    }
                    self.presenter
                        .set(Some(Presenter::new(&tour, step, params.kiosk, now_ms())));
                }
                (false, _) => {
                    if self.made_for.get_value().is_some() {
                        self.made_for.set_value(None);
                        self.presenter.set(None);
                    }
                }
                (true, None) => {}
            }
        });
        effect(move || self.apply_step());
        // The kiosk's clock: one timer, for the next moment the presenter has something to do.
        // One callback for the page's life: a fresh closure per schedule would leak each time
        // a pending one is cleared (a closure handed to a timer is freed only when it runs).
        let wake_up: js_sys::Function = Closure::<dyn Fn()>::new(move || self.tick())
            .into_js_value()
            .unchecked_into();
        effect(move || {
            let wake = self
                .presenter
                .with(|p| p.as_ref().and_then(|p| p.next_wake_ms(now_ms())));
            if let Some(old) = self.timer.get_value() {
                window().clear_timeout_with_handle(old);
            }
            let handle = wake.and_then(|at| {
                let wait_ms = (at - now_ms()).max(0.0).ceil() + 1.0;
                window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        &wake_up,
                        wait_ms.min(f64::from(i32::MAX)) as i32,
                    )
                    .ok()
            });
            self.timer.set_value(handle);
        });
        // The presenter view's channel, open while presenting; every change is told to it.
        effect(move || {
            if presenting.get() {
                if self.channel.with_value(Option::is_none) {
                    let channel = Channel::open(move |message| match message {
                        Message::Hello => self.post_state(true),
                        Message::Do(remote) => self.command(remote.into()),
                        _ => {}
                    });
                    self.channel.set_value(channel.map(SendWrapper::new));
                }
            } else if let Some(channel) = self.channel.try_update_value(Option::take).flatten() {
                channel.post(&Message::Ended);
            }
        });
        effect(move || {
            self.presenter.track();
            self.post_state(false);
        });
        // The page's look: present mode, the resting cursor.
        effect(move || {
            if let Some(html) = document().document_element() {
                let classes = html.class_list();
                let _ = classes.toggle_with_force("presenting", presenting.get());
                let _ = classes.toggle_with_force(
                    "cursor-hidden",
                    presenting.get() && self.cursor_hidden.get(),
                );
            }
        });
        self.listen();
    }

    /// Puts the step on screen through the explorer's own state: its time window, its
    /// highlight, the tour's home cities, and `step=` in the address.
    fn apply_step(self) {
        let Some((tour, step)) = self.framing.get() else {
            return;
        };
        let state = self.state;
        let s = &tour.steps[step];
        let number = Some(step as u32 + 1);
        if state.present.with_untracked(|p| p.step_number != number) {
            state.present.update(|p| p.step_number = number);
        }
        let set = |signal: RwSignal<Option<i32>>, year: Option<i32>| {
            if signal.get_untracked() != year {
                signal.set(year);
            }
        };
        set(state.year_from, s.from_year);
        set(state.year_to, s.to_year);
        if state.spotlight.with_untracked(|h| *h != s.highlight) {
            state.spotlight.set(s.highlight.clone());
        }
        let home = match tour.home {
            HomeChoice::One(city) => self.model.with_ds_untracked(|ds| ds.city(city).id.clone()),
            HomeChoice::All => None,
        };
        if state.home_city_id.get_untracked() != home {
            state.home_city_id.set(home);
        }
    }

    fn tick(self) {
        let now = now_ms();
        self.now_ms.set(now);
        self.presenter.update(|p| {
            if let Some(p) = p {
                p.tick(now);
            }
        });
    }

    /// A key, swipe, button or the presenter view's command.
    pub fn command(self, command: Command) {
        let now = now_ms();
        let full_screen =
            is_full_screen() || now - self.left_full_screen_ms.get_value() < ESCAPE_ECHO_MS;
        self.now_ms.set(now);
        let outcome = self
            .presenter
            .try_update(|p| p.as_mut().map(|p| p.command(command, full_screen, now)))
            .flatten();
        match outcome.and_then(|o| o.effect) {
            Some(Effect::EnterFullScreen) => {
                if let Some(html) = document().document_element() {
                    let _ = html.request_fullscreen();
                }
            }
            Some(Effect::ExitFullScreen) => self.exit_full_screen(),
            Some(Effect::LeavePresentMode) => self.leave(),
            Some(Effect::OpenPresenterView) => self.open_presenter_view(),
            None => {}
        }
    }

    /// Leaves full screen, if the page is in it (the browser rejects it otherwise). An exit the
    /// page asked for has no Escape echo to swallow.
    fn exit_full_screen(self) {
        if is_full_screen() {
            self.exiting.set_value(true);
            document().exit_fullscreen();
        }
    }

    /// Any other input: pauses auto-advance and restarts the idle time.
    pub fn touch(self) {
        if self.presenter.with_untracked(Option::is_some) {
            let now = now_ms();
            self.now_ms.set(now);
            self.presenter.update(|p| {
                if let Some(p) = p {
                    p.touch(now);
                }
            });
        }
    }

    /// The map has arrived at the step: its time starts now.
    pub fn shown(self) {
        let now = now_ms();
        self.presenter.update(|p| {
            if let Some(p) = p {
                p.shown(now);
            }
        });
    }

    /// "Present": full screen over the map, at the tour's first step — or, inside another
    /// site's frame that may not go full screen, the standalone page in a new tab.
    pub fn enter(self) {
        let doc = document();
        if in_frame() && !doc.fullscreen_enabled() {
            let url = self.address_with_mode(Mode::Present);
            let _ = window().open_with_url_and_target(&url, "_blank");
            return;
        }
        let state = self.state;
        state.view.set(View::Map);
        state.selected_id.set(None);
        state.hovered_id.set(None);
        state.search_text.set(String::new());
        state.filters.set(Filters::default());
        state.present.update(|p| {
            p.mode = Mode::Present;
            p.step_number = None;
        });
        if let Some(html) = doc.document_element() {
            let _ = html.request_fullscreen();
        }
        // The button that had focus is hidden with the page's chrome: focus goes to the stage,
        // so Tab continues in the presentation's toolbar and a screen reader is there too.
        focus_later(".stage");
    }

    /// Back to the explorer, with every link and no time window.
    pub fn leave(self) {
        self.exit_full_screen();
        let state = self.state;
        state.present.update(|p| {
            *p = PresentParams {
                caption_lang: p.caption_lang.take(),
                ..PresentParams::default()
            }
        });
        state.spotlight.set(Vec::new());
        state.year_from.set(None);
        state.year_to.set(None);
        focus_later(".present-button");
    }

    /// This page's address in another mode (the presenter view, or the standalone page).
    fn address_with_mode(self, mode: Mode) -> String {
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        match web_sys::UrlSearchParams::new_with_str(&search) {
            Ok(params) => {
                if let Some(key) = mode.key() {
                    params.set("mode", key);
                }
                let query: String = params.to_string().into();
                format!("{path}?{query}")
            }
            Err(_) => path,
        }
    }

    /// S: the presenter view, a second window of the same page kept in step over the channel.
    fn open_presenter_view(self) {
        let url = self.address_with_mode(Mode::Presenter);
        let opened = window().open_with_url_and_target_and_features(
            &url,
            "elos-presenter",
            "popup,width=1000,height=700",
        );
        if !matches!(opened, Ok(Some(_))) {
            self.model
                .notice
                .set(Some(self.i18n.t("present.popup_blocked")));
        }
    }

    /// Tells the presenter view where the show is, when it changed (or always, to a `Hello`).
    fn post_state(self, always: bool) {
        // Not presenting: nothing to post, and the tour (costly to make from a world-scale
        // dataset) is not asked for.
        if self.presenter.with_untracked(Option::is_none) {
            return;
        }
        let Some(tour) = self.tour.get_untracked() else {
            return;
        };
        let show = self
            .presenter
            .with_untracked(|p| p.as_ref().map(|p| ShowState::of(p, &tour.id)));
        let Some(show) = show else { return };
        if !always && self.last_posted.with_value(|l| l.as_ref() == Some(&show)) {
            return;
        }
        self.channel.with_value(|c| {
            if let Some(c) = c {
                c.post(&Message::State(show.clone()));
            }
        });
        self.last_posted.set_value(Some(show));
    }

    /// Keys, swipes, touches and the cursor, while presenting.
    fn listen(self) {
        let presenting = move || {
            self.state
                .present
                .with_untracked(|p| p.mode == Mode::Present)
        };
        crate::ui::on_window("keydown", move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if !presenting() || ev.default_prevented() || typing(ev) {
                return;
            }
            let key = ev.key();
            let Some(command) = command_for_event(ev) else {
                self.touch();
                return;
            };
            // A focused button or link keeps its own Space and Enter, unless a step number is
            // being typed.
            let typed = self
                .presenter
                .with_untracked(|p| p.as_ref().is_some_and(|p| p.deck().typed().is_some()));
            if matches!(key.as_str(), " " | "Enter") && on_control(ev) && !typed {
                return;
            }
            ev.prevent_default();
            self.command(command);
        });
        // Touch and pen: a swipe steps; any press pauses auto-advance and the idle time.
        crate::ui::on_window("pointerdown", move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::PointerEvent>() else {
                return;
            };
            if !presenting() {
                return;
            }
            self.touch();
            let pen_or_touch = ev.pointer_type() != "mouse";
            self.press.set_value(
                (ev.is_primary() && pen_or_touch)
                    .then(|| (f64::from(ev.client_x()), f64::from(ev.client_y()), now_ms())),
            );
        });
        crate::ui::on_window("pointerup", move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::PointerEvent>() else {
                return;
            };
            let Some((x, y, at)) = self.press.try_update_value(Option::take).flatten() else {
                return;
            };
            if !presenting() || !ev.is_primary() {
                return;
            }
            let (dx, dy) = (f64::from(ev.client_x()) - x, f64::from(ev.client_y()) - y);
            if let Some(command) = swipe_command(dx, dy, now_ms() - at) {
                self.command(command);
            }
        });
        crate::ui::on_window("wheel", move |_| {
            if presenting() {
                self.touch();
            }
        });
        crate::ui::on_window("pointermove", move |ev| {
            let mouse = ev
                .dyn_ref::<web_sys::PointerEvent>()
                .is_some_and(|ev| ev.pointer_type() == "mouse");
            if presenting() && mouse {
                self.cursor_moved();
            }
        });
        crate::ui::on_window("fullscreenchange", move |_| {
            let now = is_full_screen();
            let asked = self
                .exiting
                .try_update_value(std::mem::take)
                .unwrap_or(false);
            if !now && !asked {
                self.left_full_screen_ms.set_value(now_ms());
            }
            self.full_screen.set(now);
        });
        // A closed or reloaded window ends the show for the presenter view (a reload starts
        // it again).
        crate::ui::on_window("pagehide", move |_| {
            self.channel.with_value(|c| {
                if let Some(c) = c {
                    c.post(&Message::Ended);
                }
            });
        });
    }

    /// Shows the cursor; one timer hides it again once it has rested.
    fn cursor_moved(self) {
        self.last_move_ms.set_value(now_ms());
        if self.cursor_hidden.get_untracked() {
            self.cursor_hidden.set(false);
        }
        if !self.cursor_timer.get_value() {
            self.cursor_timer.set_value(true);
            self.hide_cursor_later(CURSOR_REST_MS);
        }
    }

    fn hide_cursor_later(self, wait_ms: f64) {
        set_timeout(
            move || {
                let rested_ms = now_ms() - self.last_move_ms.get_value();
                if rested_ms >= CURSOR_REST_MS {
                    self.cursor_timer.set_value(false);
                    self.cursor_hidden.set(true);
                } else {
                    self.hide_cursor_later(CURSOR_REST_MS - rested_ms);
                }
            },
            std::time::Duration::from_millis(wait_ms.max(1.0) as u64),
        );
    }
}

/// Moves focus to the element `selector` finds, once the view has drawn it.
fn focus_later(selector: &'static str) {
    request_animation_frame(move || {
        let found = document().query_selector(selector).ok().flatten();
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

pub fn is_full_screen() -> bool {
    document().fullscreen_element().is_some()
}

/// Whether the page is inside another page's frame.
pub fn in_frame() -> bool {
    let me = window();
    match me.top() {
        Ok(Some(top)) => wasm_bindgen::JsValue::from(top) != wasm_bindgen::JsValue::from(me),
        _ => true,
    }
}

fn target_element(ev: &web_sys::KeyboardEvent) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Keys go to a text field, list or slider with focus, never to the presentation.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    target_element(ev).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el
                .dyn_ref::<web_sys::HtmlElement>()
                .is_some_and(|h| h.is_content_editable())
    })
}

fn on_control(ev: &web_sys::KeyboardEvent) -> bool {
    target_element(ev)
        .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY"))
}

/// The presenter view's `BroadcastChannel` (same origin only: it never leaves the machine).
pub struct Channel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Channel {
    /// Opens the channel of the dataset shown; `on_message` gets what it understands.
    pub fn open(on_message: impl Fn(Message) + 'static) -> Option<Self> {
        let data = expect_context::<UiState>()
            .data_url
            .get_untracked()
            .unwrap_or_else(crate::fetch::default_dataset);
        let channel = web_sys::BroadcastChannel::new(&channel_name(&data)).ok()?;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(message) = ev.data().as_string().and_then(|l| Message::decode(&l)) {
                    on_message(message);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _on_message: on_message,
        })
    }

    pub fn post(&self, message: &Message) {
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str(&message.encode()));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// The presenter's command a key press stands for (reveal.js' keys, `present::command_for_key`),
/// with its modifiers: the stage and the presenter view read keys the same way.
pub(crate) fn command_for_event(ev: &web_sys::KeyboardEvent) -> Option<Command> {
    let key = ev.key();
    command_for_key(&KeyInput {
        key: &key,
        shift: ev.shift_key(),
        alt: ev.alt_key(),
        ctrl: ev.ctrl_key(),
        meta: ev.meta_key(),
    })
}
