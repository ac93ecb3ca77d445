//! The present mode's URL parameters: `mode=present` (or `mode=presenter`, the presenter
//! view's window), `tour=ID`, `step=N` (1-based, as people
//! count), `autoplay=SECONDS`, `loop=1`, `idle=SECONDS` and `captions=LANG` (the visitors'
//! language, beside the presenter's `lang`). A value that cannot be used is left out with a
//! typed reason, like the explorer's own parameters, and the rest of the view still opens.

use super::KioskConfig;
use crate::lang::is_language_tag;
use crate::tour::Tour;

/// The names this module reads; the page's list of known parameters includes them.
pub const NAMES: [&str; 7] = [
    "mode", "tour", "step", "autoplay", "loop", "idle", "captions",
];

/// The `mode` values besides the default explorer.
pub const MODE_PRESENT: &str = "present";
pub const MODE_PRESENTER: &str = "presenter";

/// What the page is: the explorer, a presentation, or the presenter view (S) beside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Explore,
    Present,
    Presenter,
}

impl Mode {
    /// The `mode=` value; `None` for the explorer, which needs none.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Mode::Explore => None,
            Mode::Present => Some(MODE_PRESENT),
            Mode::Presenter => Some(MODE_PRESENTER),
        }
    }
}

/// Longest accepted `autoplay` or `idle`, in seconds: longer is a typo (milliseconds?).
pub const MAX_SECONDS: f64 = 3600.0;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PresentParams {
    pub mode: Mode,
    pub tour_id: Option<String>,
    /// As in the URL, 1-based; [`start`] checks it against the tour.
    pub step_number: Option<u32>,
    pub kiosk: KioskConfig,
    pub caption_lang: Option<String>,
}

/// Why a value was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `step=three`, `step=2.5`, `step=-1`.
    NotAWholeNumber,
    /// `step=0`, or past the tour's last step.
    NoSuchStep { step_count: usize },
    /// Not a number of seconds above 0 and at most [`MAX_SECONDS`] (`autoplay=fast`,
    /// `idle=0`).
    NotSeconds,
    /// `loop=` takes `1` or `0` (`true`, `false`, `yes`, `no` too).
    NotAFlag,
    /// `captions=` takes a language tag such as `en` or `pt-BR`.
    NotALanguage,
    /// A `mode` other than `present` and `presenter`.
    UnknownMode,
    /// A `tour` the dataset does not have.
    UnknownTour,
}

/// A parameter value that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub param: &'static str,
    pub value: String,
    pub reason: Reason,
}

/// For the page's one "left out" notice, which lists parameter and value.
impl From<Ignored> for crate::query::Ignored {
    fn from(ignored: Ignored) -> Self {
        crate::query::Ignored {
            param: ignored.param,
            value: ignored.value,
            reason: crate::query::Reason::Present(ignored.reason),
        }
    }
}

impl PresentParams {
    /// Reads the parameters through `get` (the query's value for a name), returning what can
    /// be used and what was left out.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<Ignored>) {
        let mut ignored = Vec::new();
        let mut bad = |param: &'static str, value: &str, reason: Reason| {
            ignored.push(Ignored {
                param,
                value: value.to_owned(),
                reason,
            })
        };
        let mut params = PresentParams::default();
        if let Some(mode) = get("mode") {
            match mode.as_str() {
                MODE_PRESENT => params.mode = Mode::Present,
                MODE_PRESENTER => params.mode = Mode::Presenter,
                _ => bad("mode", &mode, Reason::UnknownMode),
            }
        }
        params.tour_id = get("tour").filter(|t| !t.is_empty());
        if let Some(step) = get("step") {
            match parse_step_number(&step) {
                Ok(n) => params.step_number = Some(n),
                Err(reason) => bad("step", &step, reason),
            }
        }
        for (name, slot) in [
            ("autoplay", &mut params.kiosk.autoplay_s),
            ("idle", &mut params.kiosk.idle_s),
        ] {
            if let Some(value) = get(name) {
                match parse_seconds(&value) {
                    Some(s) => *slot = Some(s),
                    None => bad(name, &value, Reason::NotSeconds),
                }
            }
        }
        if let Some(value) = get("loop") {
            match value.as_str() {
                "1" | "true" | "yes" | "" => params.kiosk.looping = true,
                "0" | "false" | "no" => params.kiosk.looping = false,
                _ => bad("loop", &value, Reason::NotAFlag),
            }
        }
        if let Some(lang) = get("captions") {
            if is_language_tag(&lang) {
                params.caption_lang = Some(lang);
            } else {
                bad("captions", &lang, Reason::NotALanguage);
            }
        }
        (params, ignored)
    }

    /// The parameters to put back in the URL, in [`NAMES`] order, leaving out defaults.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(mode) = self.mode.key() {
            out.push(("mode", mode.to_owned()));
        }
        if let Some(t) = &self.tour_id {
            out.push(("tour", t.clone()));
        }
        if let Some(n) = self.step_number {
            out.push(("step", n.to_string()));
        }
        if let Some(s) = self.kiosk.autoplay_s {
            out.push(("autoplay", crate::num::short(s)));
        }
        if self.kiosk.looping {
            out.push(("loop", "1".to_owned()));
        }
        if let Some(s) = self.kiosk.idle_s {
            out.push(("idle", crate::num::short(s)));
        }
        if let Some(l) = &self.caption_lang {
            out.push(("captions", l.clone()));
        }
        out
    }
}

/// `step=` as written: a whole number from 1.
pub fn parse_step_number(text: &str) -> Result<u32, Reason> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::NotAWholeNumber);
    }
    // All digits, so only overflow fails: a step no tour has, which `step_index` reports.
    Ok(text.parse().unwrap_or(u32::MAX))
}

/// The URL's `step` value for a step index: `0` → `"1"`.
pub fn step_number(step: usize) -> String {
    (step + 1).to_string()
}

/// The step index for a URL step number, if the tour has it.
pub fn step_index(step_number: u32, step_count: usize) -> Result<usize, Reason> {
    let n = step_number as usize;
    if (1..=step_count).contains(&n) {
        Ok(n - 1)
    } else {
        Err(Reason::NoSuchStep { step_count })
    }
}

/// Seconds as `12` or `7.5`: digits with at most one decimal point, above 0 and at most
/// [`MAX_SECONDS`].
fn parse_seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let seconds = crate::num::parse_json_number(&format!("{whole}.{fraction}"))?;
    (seconds > 0.0 && seconds <= MAX_SECONDS).then_some(seconds)
}

/// Which tour to present (`tour=` by id, else the first) and its starting step (`step=`,
/// checked against that tour's length, else the first), with what had to be left out.
/// `tours` comes from [`crate::tour::available`], which never returns none.
pub fn start(tours: &[Tour], params: &PresentParams) -> (usize, usize, Vec<Ignored>) {
    let mut ignored = Vec::new();
    let tour_ix = match &params.tour_id {
        None => 0,
        Some(id) => tours.iter().position(|t| t.id == *id).unwrap_or_else(|| {
            ignored.push(Ignored {
                param: "tour",
                value: id.clone(),
                reason: Reason::UnknownTour,
            });
            0
        }),
    };
    let step_count = tours.get(tour_ix).map_or(0, |t| t.steps.len());
    let step = match params.step_number {
        None => 0,
        Some(n) => step_index(n, step_count).unwrap_or_else(|reason| {
            ignored.push(Ignored {
                param: "step",
                value: n.to_string(),
                reason,
            });
            0
        }),
    };
    (tour_ix, step, ignored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Text;
    use crate::links::HomeChoice;
    use crate::tour::Step;

    fn query<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn tour(id: &str, steps: usize) -> Tour {
        let step = Step {
            frame: vec![],
            from_year: None,
            to_year: None,
            highlight: vec![],
            caption: Text::new([("en", "x")]),
            notes: None,
            duration_s: None,
        };
        Tour {
            id: id.to_owned(),
            title: Text::new([("en", id)]),
            home: HomeChoice::All,
            steps: vec![step; steps],
        }
    }

    #[test]
    fn a_full_kiosk_link_round_trips() {
        let pairs = [
            ("mode", "present"),
            ("tour", "ipatinga-e-belo-horizonte"),
            ("step", "3"),
            ("autoplay", "12"),
            ("loop", "1"),
            ("idle", "7.5"),
            ("captions", "en"),
        ];
        let (params, ignored) = PresentParams::from_query(query(&pairs));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(params.mode, Mode::Present);
        assert_eq!(params.step_number, Some(3));
        assert_eq!(
            params.kiosk,
            KioskConfig {
                autoplay_s: Some(12.0),
                looping: true,
                idle_s: Some(7.5)
            }
        );
        let back: Vec<(&str, String)> = pairs.iter().map(|(n, v)| (*n, v.to_string())).collect();
        assert_eq!(params.to_query(), back);
        assert!(PresentParams::default().to_query().is_empty());
        let (presenter, _) = PresentParams::from_query(query(&[("mode", "presenter")]));
        assert_eq!(presenter.mode, Mode::Presenter);
        assert_eq!(presenter.to_query(), [("mode", "presenter".to_owned())]);
    }

    #[test]
    fn junk_is_left_out_with_its_reason() {
        let pairs = [
            ("mode", "slides"),
            ("step", "three"),
            ("autoplay", "0"),
            ("idle", "-5"),
            ("loop", "maybe"),
            ("captions", "English"),
        ];
        let (params, ignored) = PresentParams::from_query(query(&pairs));
        assert_eq!(params, PresentParams::default());
        let reasons: Vec<(&str, Reason)> = ignored.iter().map(|i| (i.param, i.reason)).collect();
        assert_eq!(
            reasons,
            [
                ("mode", Reason::UnknownMode),
                ("step", Reason::NotAWholeNumber),
                ("autoplay", Reason::NotSeconds),
                ("idle", Reason::NotSeconds),
                ("loop", Reason::NotAFlag),
                ("captions", Reason::NotALanguage),
            ]
        );
        for bad in ["2.5", "-1", "", "1e3", " 3"] {
            assert_eq!(
                parse_step_number(bad),
                Err(Reason::NotAWholeNumber),
                "{bad}"
            );
        }
        for bad in ["", ".5", "5.", "1e2", "3601", "1.2.3", "٣"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
        assert_eq!(parse_seconds("0.5"), Some(0.5));
        assert_eq!(parse_seconds("3600"), Some(3600.0));
    }

    #[test]
    fn the_step_in_the_url_is_one_based_and_checked_against_the_tour() {
        for step in [0, 1, 11] {
            let n = parse_step_number(&step_number(step)).unwrap();
            assert_eq!(step_index(n, 12), Ok(step), "round trip of {step}");
        }
        assert_eq!(step_number(0), "1");
        assert_eq!(
            step_index(0, 12),
            Err(Reason::NoSuchStep { step_count: 12 })
        );
        assert_eq!(
            step_index(13, 12),
            Err(Reason::NoSuchStep { step_count: 12 })
        );
    }

    #[test]
    fn start_picks_the_tour_and_step_or_falls_back_to_the_first() {
        let tours = [tour("a", 3), tour("b", 12)];
        let params = |tour_id: Option<&str>, step_number: Option<u32>| PresentParams {
            tour_id: tour_id.map(str::to_owned),
            step_number,
            ..PresentParams::default()
        };
        assert_eq!(start(&tours, &params(None, None)), (0, 0, vec![]));
        assert_eq!(start(&tours, &params(Some("b"), Some(12))), (1, 11, vec![]));
        let (tour, step, ignored) = start(&tours, &params(Some("c"), Some(5)));
        assert_eq!((tour, step), (0, 0), "tour a has no step 5");
        assert_eq!(
            ignored,
            [
                Ignored {
                    param: "tour",
                    value: "c".into(),
                    reason: Reason::UnknownTour
                },
                Ignored {
                    param: "step",
                    value: "5".into(),
                    reason: Reason::NoSuchStep { step_count: 3 }
                },
            ]
        );
    }
}
