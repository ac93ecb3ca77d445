//! Presenting a tour: the keys presenters' hands already know (reveal.js conventions), swipes,
//! and [`Presenter`], the whole state of a presentation as a pure value fed with events and
//! timestamps — the page only draws it and turns DOM events into calls.
//!
//! **Architecture Invariant:** nothing here reads a clock or touches the DOM. Time comes in as
//! `now_ms` (any millisecond clock, `performance.now()` or `Date.now()`), so every path,
//! kiosk timing included, is tested with a fake clock.

pub mod kiosk;
pub mod params;
pub mod sync;

use crate::tour::Tour;
pub use kiosk::KioskConfig;

/// What a key, a swipe, a clicker or the presenter view asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Next,
    Previous,
    First,
    Last,
    /// A step by its index (0-based), from the presenter view.
    GoTo(usize),
    /// Blank the screen, or show it again (reveal.js "pause").
    ToggleBlank,
    ToggleAutoAdvance,
    /// A digit typed towards "number, then Enter".
    Digit(u8),
    /// Enter: go to the step whose number was typed.
    Jump,
    ToggleHelp,
    ToggleFullScreen,
    /// Close what is open; then leave full screen; then leave present mode.
    Escape,
    OpenPresenterView,
}

/// A key press as `KeyboardEvent` gives it: `key` is the layout's character or key name
/// (`"ArrowRight"`, `" "`, `"?"`), so `?` and digits work on every keyboard layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyInput<'a> {
    pub key: &'a str,
    pub shift: bool,
    pub alt: bool,
    pub ctrl: bool,
    pub meta: bool,
}

impl<'a> KeyInput<'a> {
    pub fn plain(key: &'a str) -> Self {
        Self {
            key,
            ..Self::default()
        }
    }
}

/// The command a key stands for, or `None` to leave the key to the browser. The page calls it
/// only when no text field has focus, and calls `preventDefault` when it returns a command.
///
/// As in reveal.js: Ctrl and Meta combinations are the browser's and the system's (copy, new
/// tab…), so they are left alone; Alt goes with any key; Shift only with the keys that use it
/// — Shift+Space goes back, Shift+arrows go to the first or last step — and, beyond reveal.js,
/// with digits, `.`, `/` and `?`, which need Shift on some keyboard layouts (AZERTY digits).
pub fn command_for_key(input: &KeyInput) -> Option<Command> {
    let key = input.key;
    let is_digit = key.len() == 1 && key.as_bytes()[0].is_ascii_digit();
    let shift_has_a_use = is_digit
        || matches!(
            key,
            " " | "Spacebar"
                | "ArrowLeft"
                | "ArrowRight"
                | "ArrowUp"
                | "ArrowDown"
                | "n"
                | "N"
                | "p"
                | "P"
                | "?"
                | "/"
                | "."
        );
    // reveal.js' rule, spelt out: Alt goes with anything; with Shift only the keys that use
    // it count (Ctrl or Meta then do not matter); otherwise Ctrl or Meta leave the key alone.
    let unused_modifier = !input.alt
        && if input.shift {
            !shift_has_a_use
        } else {
            input.ctrl || input.meta
        };
    if unused_modifier {
        return None;
    }
    let command = match key {
        "ArrowLeft" | "ArrowUp" if input.shift => Command::First,
        "ArrowRight" | "ArrowDown" if input.shift => Command::Last,
        " " | "Spacebar" if input.shift => Command::Previous,
        "ArrowRight" | "ArrowDown" | "PageDown" | " " | "Spacebar" | "n" | "N" | "l" | "L"
        | "j" | "J" => Command::Next,
        "ArrowLeft" | "ArrowUp" | "PageUp" | "p" | "P" | "h" | "H" | "k" | "K" => Command::Previous,
        "Home" => Command::First,
        "End" => Command::Last,
        // Logitech clickers' "black screen" button sends "." (or "b").
        "b" | "B" | "." | "v" | "V" | "/" => Command::ToggleBlank,
        "a" | "A" => Command::ToggleAutoAdvance,
        "Enter" => Command::Jump,
        "?" | "F1" => Command::ToggleHelp,
        "f" | "F" => Command::ToggleFullScreen,
        "Escape" | "Esc" => Command::Escape,
        "s" | "S" => Command::OpenPresenterView,
        _ if is_digit => Command::Digit(key.as_bytes()[0] - b'0'),
        _ => return None,
    };
    Some(command)
}

/// One line of the keys overlay (`?`): the keys, as catalogue keys (`present.key.*`) or literal
/// key caps, and what they do (a `present.action.*` catalogue key). Built from the same choices
/// as [`command_for_key`], and tested against it, so the overlay never lists a key that does
/// something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    pub keys: &'static [KeyCap],
    pub action: &'static str,
}

/// A key as the overlay shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCap {
    /// Printed as is ("→", "N", "?").
    Literal(&'static str),
    /// A key name to translate (`present.key.space` → "Espaço").
    Named(&'static str),
}

pub const KEY_HELP: [KeyHelp; 11] = [
    KeyHelp {
        keys: &[
            KeyCap::Literal("→"),
            KeyCap::Literal("↓"),
            KeyCap::Named("present.key.space"),
            KeyCap::Named("present.key.page_down"),
            KeyCap::Literal("N"),
        ],
        action: "present.action.next",
    },
    KeyHelp {
        keys: &[
            KeyCap::Literal("←"),
            KeyCap::Literal("↑"),
            KeyCap::Named("present.key.page_up"),
            KeyCap::Literal("P"),
        ],
        action: "present.action.previous",
    },
    KeyHelp {
        keys: &[KeyCap::Named("present.key.home")],
        action: "present.action.first",
    },
    KeyHelp {
        keys: &[KeyCap::Named("present.key.end")],
        action: "present.action.last",
    },
    KeyHelp {
        keys: &[
            KeyCap::Named("present.key.digits"),
            KeyCap::Named("present.key.enter"),
        ],
        action: "present.action.jump",
    },
    KeyHelp {
        keys: &[KeyCap::Literal("B"), KeyCap::Literal(".")],
        action: "present.action.blank",
    },
    KeyHelp {
        keys: &[KeyCap::Literal("A")],
        action: "present.action.auto",
    },
    KeyHelp {
        keys: &[KeyCap::Literal("F")],
        action: "present.action.full_screen",
    },
    KeyHelp {
        keys: &[KeyCap::Literal("S")],
        action: "present.action.presenter_view",
    },
    KeyHelp {
        keys: &[KeyCap::Literal("?")],
        action: "present.action.help",
    },
    KeyHelp {
        keys: &[KeyCap::Named("present.key.escape")],
        action: "present.action.escape",
    },
];

/// The presenter view's clock for `elapsed_ms` since the presentation began: `4:05`, or
/// `1:02:03` past an hour; never negative.
pub fn clock_text(elapsed_ms: f64) -> String {
    let total_s = (elapsed_ms.max(0.0) / 1000.0).floor() as u64;
    let (hours, minutes, seconds) = (total_s / 3600, total_s / 60 % 60, total_s % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// Least travel of a swipe, in CSS pixels (reveal.js uses 40).
pub const SWIPE_MIN_PX: f64 = 40.0;
/// Longest a swipe may take: a slower movement is a drag (panning the map), not a swipe.
pub const SWIPE_MAX_MS: f64 = 800.0;

/// The command a finished touch or pen movement stands for: a swipe to the left or upwards
/// goes on (the content follows the finger), to the right or downwards goes back. Measured from
/// `pointerdown` to `pointerup` (`dx_px`, `dy_px` in CSS pixels, `duration_ms`).
pub fn swipe_command(dx_px: f64, dy_px: f64, duration_ms: f64) -> Option<Command> {
    if !(0.0..=SWIPE_MAX_MS).contains(&duration_ms) {
        return None;
    }
    let along = if dx_px.abs() > dy_px.abs() {
        dx_px
    } else {
        dy_px
    };
    if along <= -SWIPE_MIN_PX {
        Some(Command::Next)
    } else if along >= SWIPE_MIN_PX {
        Some(Command::Previous)
    } else {
        None
    }
}

/// Where the presentation is: the step and what covers it. Changed only by
/// [`Deck::apply`] and [`Deck::go_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deck {
    step: usize,
    step_count: usize,
    /// Next past the last step goes to the first, and back from the first to the last.
    looping: bool,
    blank: bool,
    help: bool,
    typed: Option<u32>,
}

/// What happened, for the page to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The step changed: fly the map, announce the caption, update `step=` in the URL.
    pub step_changed: bool,
    /// Something only the page can do.
    pub effect: Option<Effect>,
}

impl Outcome {
    fn stepped(step_changed: bool) -> Self {
        Self {
            step_changed,
            effect: None,
        }
    }

    fn effect(effect: Effect) -> Self {
        Self {
            step_changed: false,
            effect: Some(effect),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    EnterFullScreen,
    ExitFullScreen,
    LeavePresentMode,
    OpenPresenterView,
}

/// The largest step number one can type: more digits start a new number.
const TYPED_MAX: u32 = 9999;

impl Deck {
    /// A deck of `step_count` steps (a tour has at least one) at `step`, clamped.
    pub fn new(step_count: usize, step: usize, looping: bool) -> Self {
        let step_count = step_count.max(1);
        Self {
            step: step.min(step_count - 1),
            step_count,
            looping,
            blank: false,
            help: false,
            typed: None,
        }
    }

    /// The current step's index (0-based).
    pub fn step(&self) -> usize {
        self.step
    }

    pub fn step_count(&self) -> usize {
        self.step_count
    }

    /// The step counter as people read it: (3, 12) for "3 / 12".
    pub fn counter(&self) -> (usize, usize) {
        (self.step + 1, self.step_count)
    }

    pub fn is_last(&self) -> bool {
        self.step + 1 == self.step_count
    }

    pub fn is_blank(&self) -> bool {
        self.blank
    }

    pub fn is_help_shown(&self) -> bool {
        self.help
    }

    /// The step number being typed ("Go to step 3…"), before Enter.
    pub fn typed(&self) -> Option<u32> {
        self.typed
    }

    /// Whether the deck is as a kiosk starts: first step, nothing covering it.
    pub fn is_at_start(&self) -> bool {
        self.step == 0 && !self.blank && !self.help && self.typed.is_none()
    }

    /// Goes to `step` (ignored when out of range); whether the step changed. Overlays close:
    /// the audience should see where the presenter went.
    pub fn go_to(&mut self, step: usize) -> bool {
        if step >= self.step_count || step == self.step {
            return false;
        }
        self.step = step;
        self.help = false;
        true
    }

    /// Back to the first step with nothing covering it (a kiosk's idle reset).
    pub fn reset(&mut self) -> bool {
        self.blank = false;
        self.help = false;
        self.typed = None;
        self.go_to(0)
    }

    /// Applies a command. `full_screen` is whether the page is full screen now, which decides
    /// what Escape and F do. Auto-advance is not the deck's: [`Presenter`] handles it.
    pub fn apply(&mut self, command: Command, full_screen: bool) -> Outcome {
        let typed = self.typed.take();
        // While blank only what does not show the content works (reveal.js lets only its
        // "resume" keys through), so a stray clicker press never reveals the next step.
        if self.blank
            && !matches!(
                command,
                Command::ToggleBlank
                    | Command::Escape
                    | Command::ToggleFullScreen
                    | Command::OpenPresenterView
            )
        {
            return Outcome::default();
        }
        let last = self.step_count - 1;
        match command {
            Command::Next if self.step == last && self.looping => Outcome::stepped(self.go_to(0)),
            Command::Next => Outcome::stepped(self.go_to((self.step + 1).min(last))),
            Command::Previous if self.step == 0 && self.looping => {
                Outcome::stepped(self.go_to(last))
            }
            Command::Previous => Outcome::stepped(self.go_to(self.step.saturating_sub(1))),
            Command::First => Outcome::stepped(self.go_to(0)),
            Command::Last => Outcome::stepped(self.go_to(last)),
            Command::GoTo(step) => Outcome::stepped(self.go_to(step)),
            Command::Digit(d) => {
                let so_far = typed.unwrap_or(0);
                let more = so_far * 10 + u32::from(d);
                self.typed = Some(if more > TYPED_MAX { u32::from(d) } else { more });
                Outcome::default()
            }
            Command::Jump => match typed {
                Some(n) if n >= 1 => Outcome::stepped(self.go_to(n as usize - 1)),
                _ => Outcome::default(),
            },
            Command::ToggleBlank => {
                self.blank = !self.blank;
                Outcome::default()
            }
            Command::ToggleHelp => {
                self.help = !self.help;
                Outcome::default()
            }
            Command::ToggleFullScreen if full_screen => Outcome::effect(Effect::ExitFullScreen),
            Command::ToggleFullScreen => Outcome::effect(Effect::EnterFullScreen),
            Command::OpenPresenterView => Outcome::effect(Effect::OpenPresenterView),
            Command::Escape if self.help => {
                self.help = false;
                Outcome::default()
            }
            Command::Escape if typed.is_some() => Outcome::default(),
            Command::Escape if self.blank => {
                self.blank = false;
                Outcome::default()
            }
            Command::Escape if full_screen => Outcome::effect(Effect::ExitFullScreen),
            Command::Escape => Outcome::effect(Effect::LeavePresentMode),
            Command::ToggleAutoAdvance => Outcome::default(),
        }
    }
}

/// A presentation: the [`Deck`] and the kiosk clock (auto-advance on a wall clock, pause on
/// any input, return to the first step when idle). The page keeps one in a signal, calls
/// [`command`](Self::command) for keys, swipes and the presenter view, [`touch`](Self::touch)
/// for any other pointer or touch input, [`shown`](Self::shown) once a new step has arrived on
/// screen, and [`tick`](Self::tick) when the timer it set for
/// [`next_wake_ms`](Self::next_wake_ms) fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Presenter {
    deck: Deck,
    config: KioskConfig,
    /// Each step's own duration, if the tour gives one.
    durations_s: Vec<Option<f64>>,
    /// When the current step's time is up, while auto-advancing.
    due_ms: Option<f64>,
    /// The step changed and the page has not said it is on screen yet; until then `due_ms`
    /// counts from the change, after that from [`Presenter::shown`].
    awaiting_shown: bool,
    last_input_ms: f64,
}

impl Presenter {
    /// Starts `tour` at `step` (clamped) at `now_ms`, auto-advancing if `config.autoplay_s`.
    pub fn new(tour: &Tour, step: usize, config: KioskConfig, now_ms: f64) -> Self {
        let deck = Deck::new(tour.steps.len(), step, config.looping);
        let mut presenter = Self {
            deck,
            config,
            durations_s: tour.steps.iter().map(|s| s.duration_s).collect(),
            due_ms: None,
            awaiting_shown: true,
            last_input_ms: now_ms,
        };
        if config.autoplay_s.is_some() {
            presenter.play(now_ms);
        }
        presenter
    }

    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    pub fn config(&self) -> KioskConfig {
        self.config
    }

    pub fn is_playing(&self) -> bool {
        self.due_ms.is_some()
    }

    /// How long the current step stays when auto-advancing, in milliseconds.
    pub fn step_duration_ms(&self) -> f64 {
        self.duration_ms(self.deck.step())
    }

    fn duration_ms(&self, step: usize) -> f64 {
        let seconds = self
            .durations_s
            .get(step)
            .copied()
            .flatten()
            .or(self.config.autoplay_s)
            .unwrap_or(kiosk::DEFAULT_STEP_S);
        seconds * 1000.0
    }

    fn play(&mut self, now_ms: f64) {
        self.due_ms = Some(now_ms + self.step_duration_ms());
    }

    /// A key, swipe, clicker or presenter-view command at `now_ms`. Like every input it pauses
    /// auto-advance (reveal.js' `autoSlideStoppable`) — except A, which toggles it.
    pub fn command(&mut self, command: Command, full_screen: bool, now_ms: f64) -> Outcome {
        let was_playing = self.is_playing();
        self.input(now_ms);
        if command == Command::ToggleAutoAdvance {
            if !was_playing && !self.deck.is_blank() {
                self.play(now_ms);
            }
            return Outcome::default();
        }
        let outcome = self.deck.apply(command, full_screen);
        if outcome.step_changed {
            self.awaiting_shown = true;
        }
        outcome
    }

    /// Any other input (a touch, a click, a pointer press): pauses auto-advance and restarts
    /// the idle time, cancelling a countdown.
    pub fn touch(&mut self, now_ms: f64) {
        self.input(now_ms);
    }

    fn input(&mut self, now_ms: f64) {
        self.due_ms = None;
        self.last_input_ms = now_ms;
    }

    /// The page has the current step on screen (the map has flown there, the caption is
    /// drawn): the step's time starts now, so a slow render or flight never shortens it.
    pub fn shown(&mut self, now_ms: f64) {
        if !self.awaiting_shown {
            return;
        }
        self.awaiting_shown = false;
        if self.is_playing() {
            self.play(now_ms);
        }
    }

    /// The idle countdown's start and the reset time, when idling applies now: not while
    /// auto-advancing (the loop is what a kiosk should do), nor at the first step when there
    /// is nothing to resume.
    fn idle_window_ms(&self) -> Option<(f64, f64)> {
        let idle_s = self.config.idle_s?;
        let resting = self.deck.is_at_start() && self.config.autoplay_s.is_none();
        if self.is_playing() || resting {
            return None;
        }
        Some(kiosk::idle_window_ms(self.last_input_ms, idle_s))
    }

    /// Seconds left before an idle kiosk returns to the first step, while the countdown shows.
    pub fn countdown_s(&self, now_ms: f64) -> Option<u32> {
        let (start_ms, reset_ms) = self.idle_window_ms()?;
        (now_ms >= start_ms && now_ms < reset_ms)
            .then(|| ((reset_ms - now_ms) / 1000.0).ceil() as u32)
    }

    /// When to call [`tick`](Self::tick) next (the same clock as `now_ms`): the current step's
    /// end, the countdown's start, each second of the countdown and the reset. `None`: nothing
    /// is scheduled until some input.
    pub fn next_wake_ms(&self, now_ms: f64) -> Option<f64> {
        let mut wake = self.due_ms;
        if let Some((start_ms, reset_ms)) = self.idle_window_ms() {
            let idle_wake = if now_ms < start_ms {
                start_ms
            } else {
                // The next whole second before the reset, so the countdown's number changes
                // on time.
                let seconds_left = ((reset_ms - now_ms) / 1000.0).ceil() - 1.0;
                reset_ms - seconds_left.max(0.0) * 1000.0
            };
            wake = Some(wake.map_or(idle_wake, |w| w.min(idle_wake)));
        }
        wake
    }

    /// Time passes: advances a step when its time is up (one step at most, however late the
    /// tick), and returns an idle kiosk to the first step. A clock that jumped backwards (a
    /// laptop's time corrected) never freezes the show: no wait is longer than the step's
    /// duration or the idle time.
    pub fn tick(&mut self, now_ms: f64) -> Outcome {
        if now_ms < self.last_input_ms {
            self.last_input_ms = now_ms;
        }
        let duration_ms = self.step_duration_ms();
        if let Some(due) = self.due_ms {
            if due - now_ms > duration_ms {
                self.due_ms = Some(now_ms + duration_ms);
            }
        }
        if let Some((_, reset_ms)) = self.idle_window_ms() {
            if now_ms >= reset_ms {
                let step_changed = self.deck.reset();
                self.last_input_ms = now_ms;
                self.due_ms = None;
                if self.config.autoplay_s.is_some() {
                    self.play(now_ms);
                }
                self.awaiting_shown = step_changed;
                return Outcome::stepped(step_changed);
            }
        }
        match self.due_ms {
            Some(due) if now_ms >= due => {
                if self.deck.is_last() && !self.config.looping {
                    self.due_ms = None;
                    return Outcome::default();
                }
                let next = if self.deck.is_last() {
                    0
                } else {
                    self.deck.step() + 1
                };
                let step_changed = self.deck.go_to(next);
                // Counted from now, not from `due`: a late tick must not shorten the next
                // step. `shown` moves it again once the step is on screen.
                self.play(now_ms);
                self.awaiting_shown = step_changed;
                Outcome::stepped(step_changed)
            }
            _ => Outcome::default(),
        }
    }
}

#[cfg(test)]
mod tests;
