//! A screen presenting by itself (a lobby, a fair stand): how long steps stay, looping, and
//! going back to the first step when nobody has touched it for a while. The state machine that
//! uses these is [`super::Presenter`].

/// The kiosk settings, from the URL (`autoplay=SECONDS`, `loop=1`, `idle=SECONDS`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct KioskConfig {
    /// Advance by itself, each step staying its own `duration_s` or else this long.
    pub autoplay_s: Option<f64>,
    /// After the last step comes the first (also for Next and Previous, as in reveal.js).
    pub looping: bool,
    /// With no input for this long, go back to the first step (and resume auto-advance).
    pub idle_s: Option<f64>,
}

/// How long a step stays when auto-advance is started with A and neither the step nor the URL
/// says: long enough to read a two-line caption aloud.
pub const DEFAULT_STEP_S: f64 = 10.0;

/// The visible countdown before an idle reset, in seconds (shorter when `idle` itself is).
pub const IDLE_COUNTDOWN_S: f64 = 10.0;

/// When the idle countdown starts and when the reset happens, for input last seen at
/// `last_input_ms`: the reset comes `idle_s` after the input, the countdown during its last
/// [`IDLE_COUNTDOWN_S`], so `idle=60` means a minute, countdown included.
pub fn idle_window_ms(last_input_ms: f64, idle_s: f64) -> (f64, f64) {
    let reset_ms = last_input_ms + idle_s * 1000.0;
    let countdown_ms = IDLE_COUNTDOWN_S.min(idle_s) * 1000.0;
    (reset_ms - countdown_ms, reset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_is_the_end_of_the_idle_time() {
        assert_eq!(idle_window_ms(5_000.0, 60.0), (55_000.0, 65_000.0));
        assert_eq!(
            idle_window_ms(0.0, 4.0),
            (0.0, 4_000.0),
            "a short idle is all countdown"
        );
    }
}
