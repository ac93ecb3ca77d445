//! Keys, swipes, the deck and the kiosk clock, driven with a fake clock.

use super::*;
use crate::i18n::Catalogue;
use crate::lang::Text;
use crate::links::HomeChoice;
use crate::tour::Step;

fn key(key: &str) -> Option<Command> {
    command_for_key(&KeyInput::plain(key))
}

fn with(key: &str, shift: bool, alt: bool, ctrl: bool, meta: bool) -> Option<Command> {
    command_for_key(&KeyInput {
        key,
        shift,
        alt,
        ctrl,
        meta,
    })
}

#[test]
fn presenters_keys_and_clickers() {
    use Command::*;
    let cases = [
        // Next, as reveal.js and USB clickers (PageDown) send it.
        ("ArrowRight", Next),
        ("ArrowDown", Next),
        (" ", Next),
        ("PageDown", Next),
        ("n", Next),
        ("N", Next),
        // Previous.
        ("ArrowLeft", Previous),
        ("ArrowUp", Previous),
        ("PageUp", Previous),
        ("p", Previous),
        ("P", Previous),
        ("Home", First),
        ("End", Last),
        ("b", ToggleBlank),
        ("B", ToggleBlank),
        (".", ToggleBlank),
        ("a", ToggleAutoAdvance),
        ("3", Digit(3)),
        ("0", Digit(0)),
        ("Enter", Jump),
        ("?", ToggleHelp),
        ("F1", ToggleHelp),
        ("f", ToggleFullScreen),
        ("Escape", Escape),
        ("s", OpenPresenterView),
    ];
    for (k, command) in cases {
        assert_eq!(key(k), Some(command), "{k:?}");
    }
    for other in ["x", "Tab", "Shift", "F5", "Backspace", "é", "ArrowRightX"] {
        assert_eq!(key(other), None, "{other:?} is left to the browser");
    }
}

#[test]
fn modifiers_are_ignored_where_revealjs_ignores_them() {
    use Command::*;
    // Ctrl and Meta belong to the browser and the system.
    assert_eq!(
        with("n", false, false, true, false),
        None,
        "Ctrl+N: new window"
    );
    assert_eq!(with("ArrowRight", false, false, false, true), None);
    assert_eq!(with("f", false, false, true, false), None, "Ctrl+F: find");
    // Shift only with the keys that use it.
    assert_eq!(with("B", true, false, false, false), None);
    assert_eq!(with("F", true, false, false, false), None);
    assert_eq!(with(" ", true, false, false, false), Some(Previous));
    assert_eq!(with("ArrowLeft", true, false, false, false), Some(First));
    assert_eq!(with("ArrowUp", true, false, false, false), Some(First));
    assert_eq!(with("ArrowRight", true, false, false, false), Some(Last));
    assert_eq!(with("N", true, false, false, false), Some(Next));
    assert_eq!(with("?", true, false, false, false), Some(ToggleHelp));
    // Digits and "." need Shift on some layouts (AZERTY).
    assert_eq!(with("4", true, false, false, false), Some(Digit(4)));
    assert_eq!(with(".", true, false, false, false), Some(ToggleBlank));
    assert_eq!(
        with(" ", true, false, true, false),
        Some(Previous),
        "as in reveal.js, a key that uses Shift counts whatever else is held"
    );
    // Alt goes with anything, as in reveal.js.
    assert_eq!(with("ArrowRight", false, true, false, false), Some(Next));
}

#[test]
fn swipes_follow_the_finger() {
    assert_eq!(swipe_command(-80.0, 10.0, 200.0), Some(Command::Next));
    assert_eq!(swipe_command(80.0, -10.0, 200.0), Some(Command::Previous));
    assert_eq!(swipe_command(5.0, -60.0, 300.0), Some(Command::Next), "up");
    assert_eq!(swipe_command(0.0, 60.0, 300.0), Some(Command::Previous));
    assert_eq!(swipe_command(-30.0, 0.0, 100.0), None, "too short: a tap");
    assert_eq!(swipe_command(-300.0, 0.0, 2000.0), None, "too slow: a drag");
    assert_eq!(swipe_command(-41.0, 40.0, 100.0), Some(Command::Next));
}

/// What each overlay line's keys send, as `KeyboardEvent.key`.
fn key_value(cap: KeyCap) -> &'static str {
    match cap {
        KeyCap::Literal("→") => "ArrowRight",
        KeyCap::Literal("←") => "ArrowLeft",
        KeyCap::Literal("↓") => "ArrowDown",
        KeyCap::Literal("↑") => "ArrowUp",
        KeyCap::Literal(k) => k,
        KeyCap::Named("present.key.space") => " ",
        KeyCap::Named("present.key.page_down") => "PageDown",
        KeyCap::Named("present.key.page_up") => "PageUp",
        KeyCap::Named("present.key.home") => "Home",
        KeyCap::Named("present.key.end") => "End",
        KeyCap::Named("present.key.enter") => "Enter",
        KeyCap::Named("present.key.escape") => "Escape",
        KeyCap::Named("present.key.digits") => "7",
        KeyCap::Named(other) => panic!("no key value for {other}"),
    }
}

#[test]
fn the_keys_overlay_says_what_the_keys_do() {
    use Command::*;
    for line in KEY_HELP {
        for cap in line.keys {
            let got = key(key_value(*cap));
            let expected = match line.action {
                "present.action.next" => Some(Next),
                "present.action.previous" => Some(Previous),
                "present.action.first" => Some(First),
                "present.action.last" => Some(Last),
                "present.action.jump" if *cap == KeyCap::Named("present.key.enter") => Some(Jump),
                "present.action.jump" => Some(Digit(7)),
                "present.action.blank" => Some(ToggleBlank),
                "present.action.auto" => Some(ToggleAutoAdvance),
                "present.action.full_screen" => Some(ToggleFullScreen),
                "present.action.presenter_view" => Some(OpenPresenterView),
                "present.action.help" => Some(ToggleHelp),
                "present.action.escape" => Some(Escape),
                other => panic!("unexpected action {other}"),
            };
            assert_eq!(got, expected, "{cap:?} in {}", line.action);
        }
    }
    for cat in Catalogue::all() {
        for line in KEY_HELP {
            assert!(cat.has(line.action), "{} lacks {}", cat.lang, line.action);
            for cap in line.keys {
                if let KeyCap::Named(name) = cap {
                    assert!(cat.has(name), "{} lacks {name}", cat.lang);
                }
            }
        }
    }
}

#[test]
fn the_deck_stays_within_its_steps() {
    let mut deck = Deck::new(3, 0, false);
    assert_eq!(deck.counter(), (1, 3));
    assert!(!deck.apply(Command::Previous, false).step_changed);
    assert!(deck.apply(Command::Next, false).step_changed);
    assert!(deck.apply(Command::Last, false).step_changed);
    assert_eq!(deck.counter(), (3, 3));
    assert!(!deck.apply(Command::Next, false).step_changed, "no wrap");
    assert!(deck.apply(Command::First, false).step_changed);
    assert!(
        !deck.apply(Command::GoTo(3), false).step_changed,
        "no step 4"
    );
    assert_eq!(Deck::new(3, 99, false).step(), 2, "clamped");
    assert_eq!(Deck::new(0, 0, false).step_count(), 1, "never empty");
    let mut looping = Deck::new(3, 2, true);
    assert!(looping.apply(Command::Next, false).step_changed);
    assert_eq!(looping.step(), 0);
    looping.apply(Command::Previous, false);
    assert_eq!(looping.step(), 2);
}

#[test]
fn a_number_then_enter_jumps() {
    let mut deck = Deck::new(12, 0, false);
    deck.apply(Command::Digit(1), false);
    deck.apply(Command::Digit(1), false);
    assert_eq!(deck.typed(), Some(11));
    assert!(deck.apply(Command::Jump, false).step_changed);
    assert_eq!(deck.counter(), (11, 12));
    assert_eq!(deck.typed(), None);
    // Out of range or zero: nothing happens, and the number is gone.
    for digits in [&[9, 9][..], &[0]] {
        for d in digits {
            deck.apply(Command::Digit(*d), false);
        }
        assert!(!deck.apply(Command::Jump, false).step_changed);
        assert_eq!(deck.counter(), (11, 12));
    }
    // Another key abandons the number.
    deck.apply(Command::Digit(2), false);
    deck.apply(Command::Next, false);
    assert!(!deck.apply(Command::Jump, false).step_changed);
    assert_eq!(deck.counter(), (12, 12));
    // Enter alone does nothing.
    assert_eq!(deck.apply(Command::Jump, false), Outcome::default());
}

#[test]
fn a_blank_screen_shows_nothing_until_it_comes_back() {
    let mut deck = Deck::new(5, 1, false);
    deck.apply(Command::ToggleBlank, false);
    assert!(deck.is_blank());
    assert!(!deck.apply(Command::Next, false).step_changed);
    assert!(!deck.apply(Command::GoTo(4), false).step_changed);
    assert_eq!(deck.step(), 1);
    deck.apply(Command::ToggleBlank, false);
    assert!(!deck.is_blank());
    assert!(deck.apply(Command::Next, false).step_changed);
}

#[test]
fn escape_closes_then_leaves_full_screen_then_present_mode() {
    let mut deck = Deck::new(5, 0, false);
    deck.apply(Command::ToggleHelp, false);
    deck.apply(Command::ToggleBlank, false);
    assert!(deck.is_help_shown() && deck.is_blank());
    assert_eq!(deck.apply(Command::Escape, true), Outcome::default());
    assert!(!deck.is_help_shown() && deck.is_blank());
    assert_eq!(deck.apply(Command::Escape, true), Outcome::default());
    assert!(!deck.is_blank());
    assert_eq!(
        deck.apply(Command::Escape, true).effect,
        Some(Effect::ExitFullScreen)
    );
    assert_eq!(
        deck.apply(Command::Escape, false).effect,
        Some(Effect::LeavePresentMode)
    );
    assert_eq!(
        deck.apply(Command::ToggleFullScreen, false).effect,
        Some(Effect::EnterFullScreen)
    );
    assert_eq!(
        deck.apply(Command::ToggleFullScreen, true).effect,
        Some(Effect::ExitFullScreen)
    );
    deck.apply(Command::Digit(3), false);
    assert_eq!(deck.apply(Command::Escape, false), Outcome::default());
    assert_eq!(deck.typed(), None, "Escape drops a half-typed number first");
    deck.apply(Command::ToggleHelp, false);
    deck.apply(Command::Next, false);
    assert!(!deck.is_help_shown(), "moving on closes the keys overlay");
}

fn tour(durations_s: &[Option<f64>]) -> Tour {
    Tour {
        id: "t".into(),
        title: Text::new([("en", "T")]),
        home: HomeChoice::All,
        steps: durations_s
            .iter()
            .map(|d| Step {
                frame: vec![],
                from_year: None,
                to_year: None,
                highlight: vec![],
                caption: Text::new([("en", "x")]),
                notes: None,
                duration_s: *d,
            })
            .collect(),
    }
}

fn kiosk(autoplay_s: Option<f64>, looping: bool, idle_s: Option<f64>) -> KioskConfig {
    KioskConfig {
        autoplay_s,
        looping,
        idle_s,
    }
}

#[test]
fn autoplay_counts_each_step_from_when_it_is_on_screen() {
    let mut p = Presenter::new(&tour(&[None; 4]), 0, kiosk(Some(10.0), false, None), 0.0);
    assert!(p.is_playing());
    p.shown(500.0);
    assert_eq!(p.next_wake_ms(500.0), Some(10_500.0));
    assert!(!p.tick(10_000.0).step_changed);
    assert!(p.tick(10_500.0).step_changed);
    assert_eq!(p.deck().step(), 1);
    // The map takes 1.5 s to fly there: the step still gets its full 10 s on screen.
    p.shown(12_000.0);
    p.shown(13_000.0); // a second report of the same step changes nothing
    assert!(!p.tick(21_999.0).step_changed);
    assert!(p.tick(22_000.0).step_changed);
    // A timer that fires late (a busy or throttled tab) does not shorten the next step.
    p.shown(22_000.0);
    assert!(
        p.tick(32_900.0).step_changed,
        "due at 32 000, ticked at 32 900"
    );
    assert_eq!(p.next_wake_ms(32_900.0), Some(42_900.0));
    // The last step stays: without loop=1 auto-advance ends there.
    assert!(!p.tick(42_900.0).step_changed);
    assert_eq!(p.deck().step(), 3);
    assert!(!p.is_playing());
    assert_eq!(p.next_wake_ms(50_000.0), None);
}

#[test]
fn a_steps_own_duration_wins_and_loop_starts_again() {
    let mut p = Presenter::new(
        &tour(&[Some(3.0), None, Some(5.0)]),
        0,
        kiosk(Some(8.0), true, None),
        0.0,
    );
    p.shown(0.0);
    assert_eq!(p.step_duration_ms(), 3_000.0);
    assert!(p.tick(3_000.0).step_changed);
    p.shown(3_000.0);
    assert_eq!(p.step_duration_ms(), 8_000.0, "autoplay value");
    assert!(p.tick(11_000.0).step_changed);
    p.shown(11_000.0);
    assert!(p.tick(16_000.0).step_changed);
    assert_eq!(p.deck().step(), 0, "loop=1: back to the first step");
    assert!(p.is_playing());
}

#[test]
fn a_clock_jump_never_skips_or_freezes_steps() {
    let mut p = Presenter::new(&tour(&[None; 5]), 0, kiosk(Some(10.0), false, None), 0.0);
    p.shown(0.0);
    // The laptop slept an hour: one step on, not five.
    assert!(p.tick(3_600_000.0).step_changed);
    assert_eq!(p.deck().step(), 1);
    // Its clock was then set back a day: the wait is still one step long.
    p.tick(3_600_000.0 - 86_400_000.0);
    let now = 3_600_000.0 - 86_400_000.0;
    assert_eq!(p.next_wake_ms(now), Some(now + 10_000.0));
    assert!(p.tick(now + 10_000.0).step_changed);
}

#[test]
fn any_input_pauses_and_a_toggles() {
    let mut p = Presenter::new(&tour(&[None; 5]), 0, kiosk(Some(10.0), false, None), 0.0);
    p.shown(0.0);
    p.touch(4_000.0);
    assert!(!p.is_playing());
    assert!(!p.tick(10_000.0).step_changed);
    // A key pauses too, and still does what it says.
    let mut q = Presenter::new(&tour(&[None; 5]), 0, kiosk(Some(10.0), false, None), 0.0);
    assert!(q.command(Command::Next, false, 1_000.0).step_changed);
    assert!(!q.is_playing());
    // A resumes: the step gets a full duration from the key press.
    q.command(Command::ToggleAutoAdvance, false, 5_000.0);
    assert!(q.is_playing());
    assert_eq!(q.next_wake_ms(5_000.0), Some(15_000.0));
    q.command(Command::ToggleAutoAdvance, false, 6_000.0);
    assert!(!q.is_playing());
    // A also starts a tour that had no autoplay, at the default pace.
    let mut r = Presenter::new(&tour(&[None; 2]), 0, KioskConfig::default(), 0.0);
    assert!(!r.is_playing());
    r.command(Command::ToggleAutoAdvance, false, 0.0);
    assert_eq!(r.next_wake_ms(0.0), Some(kiosk::DEFAULT_STEP_S * 1000.0));
}

#[test]
fn an_idle_kiosk_counts_down_and_returns_to_the_first_step() {
    let config = kiosk(Some(10.0), true, Some(60.0));
    let mut p = Presenter::new(&tour(&[None; 6]), 0, config, 0.0);
    p.shown(0.0);
    // Playing by itself is what a kiosk should do: no countdown however long it runs.
    for step_end in [
        10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0, 60_000.0, 70_000.0,
    ] {
        p.tick(step_end);
        p.shown(step_end);
        assert_eq!(p.countdown_s(step_end), None);
    }
    assert_eq!(p.deck().step(), 1, "looped once around six steps");
    // A visitor steps forward twice, then walks away.
    p.command(Command::Next, false, 75_000.0);
    p.command(Command::Next, false, 80_000.0);
    assert_eq!(p.deck().step(), 3);
    assert_eq!(p.countdown_s(129_999.0), None);
    assert_eq!(
        p.next_wake_ms(100_000.0),
        Some(130_000.0),
        "countdown start"
    );
    assert_eq!(p.countdown_s(130_000.0), Some(10));
    assert_eq!(p.countdown_s(135_500.0), Some(5));
    assert_eq!(
        p.next_wake_ms(135_500.0),
        Some(136_000.0),
        "wakes each second to redraw the countdown"
    );
    assert!(!p.tick(139_999.0).step_changed);
    assert!(p.tick(140_000.0).step_changed);
    assert_eq!(p.deck().step(), 0);
    assert!(p.is_playing(), "and plays again");
    assert_eq!(p.countdown_s(140_000.0), None);
}

#[test]
fn a_touch_cancels_the_countdown() {
    let config = kiosk(None, false, Some(30.0));
    let mut p = Presenter::new(&tour(&[None; 4]), 2, config, 0.0);
    assert_eq!(p.countdown_s(25_000.0), Some(5));
    p.touch(25_000.0);
    assert_eq!(p.countdown_s(25_000.0), None);
    assert!(
        !p.tick(30_000.0).step_changed,
        "the reset moved with the touch"
    );
    assert_eq!(p.countdown_s(45_000.0), Some(10));
    assert!(p.tick(55_000.0).step_changed);
    assert_eq!(p.deck().step(), 0);
    assert!(!p.is_playing(), "no autoplay to resume");
    // At the first step with nothing to resume there is nothing to count down to.
    assert_eq!(p.next_wake_ms(60_000.0), None);
    assert_eq!(p.countdown_s(100_000.0), None);
}

#[test]
fn idle_also_clears_a_blank_screen_and_the_keys_overlay() {
    let mut p = Presenter::new(&tour(&[None; 3]), 0, kiosk(None, false, Some(20.0)), 0.0);
    p.command(Command::ToggleHelp, false, 1_000.0);
    p.command(Command::ToggleBlank, false, 2_000.0);
    assert!(p.deck().is_help_shown() && p.deck().is_blank());
    assert_eq!(p.countdown_s(12_000.0), Some(10));
    p.tick(22_000.0);
    assert!(p.deck().is_at_start());
}

#[test]
fn the_presenters_clock_reads_like_a_stopwatch() {
    assert_eq!(clock_text(0.0), "0:00");
    assert_eq!(clock_text(245_999.0), "4:05");
    assert_eq!(clock_text(3_723_000.0), "1:02:03");
    assert_eq!(
        clock_text(-5_000.0),
        "0:00",
        "a clock set back never shows minus"
    );
}
