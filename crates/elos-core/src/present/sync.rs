//! What the main window and the presenter view (S) tell each other over a `BroadcastChannel`
//! (same origin only, so it works offline and never leaves the machine). Messages are one line
//! of versioned text: both windows may briefly run different builds (one reloaded after an
//! update), and each simply ignores what it does not understand — an unknown version, a
//! malformed line, or a message from another page of the same site.

use super::{Command, Presenter};
use crate::load::is_valid_id;

/// The first word of every message: a new, incompatible format gets a new tag.
pub const VERSION_TAG: &str = "elos1";

/// The channel both windows open: one per dataset, so two presentations of different data on
/// the same site do not steer each other.
pub fn channel_name(dataset_address: &str) -> String {
    format!("elos-present {dataset_address}")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Presenter view → main window: "I have just opened; tell me where you are."
    Hello,
    /// Main window → presenter view: where the show is, after every change and in answer to
    /// `Hello`.
    State(ShowState),
    /// Presenter view → main window: what the presenter pressed or clicked there.
    Do(Remote),
    /// Main window → presenter view: the presentation ended (present mode left, page closed).
    Ended,
}

/// The state the presenter view shows: it loads the same dataset itself, so ids and numbers
/// are enough to show the notes, the next step and the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowState {
    pub tour_id: String,
    /// 0-based here, 1-based in the text, as in the URL.
    pub step: usize,
    pub step_count: usize,
    pub blank: bool,
    pub playing: bool,
}

impl ShowState {
    pub fn of(presenter: &Presenter, tour_id: &str) -> Self {
        let deck = presenter.deck();
        Self {
            tour_id: tour_id.to_owned(),
            step: deck.step(),
            step_count: deck.step_count(),
            blank: deck.is_blank(),
            playing: presenter.is_playing(),
        }
    }
}

/// What the presenter view may ask of the main window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remote {
    Next,
    Previous,
    First,
    Last,
    /// A step index, 0-based (1-based in the text).
    GoTo(usize),
    ToggleBlank,
    ToggleAutoAdvance,
}

impl From<Remote> for Command {
    fn from(remote: Remote) -> Self {
        match remote {
            Remote::Next => Command::Next,
            Remote::Previous => Command::Previous,
            Remote::First => Command::First,
            Remote::Last => Command::Last,
            Remote::GoTo(step) => Command::GoTo(step),
            Remote::ToggleBlank => Command::ToggleBlank,
            Remote::ToggleAutoAdvance => Command::ToggleAutoAdvance,
        }
    }
}

fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

impl Message {
    /// The line to post.
    pub fn encode(&self) -> String {
        match self {
            Message::Hello => format!("{VERSION_TAG} hello"),
            Message::Ended => format!("{VERSION_TAG} ended"),
            Message::State(s) => format!(
                "{VERSION_TAG} state tour={} step={} of={} blank={} playing={}",
                s.tour_id,
                s.step + 1,
                s.step_count,
                flag(s.blank),
                flag(s.playing)
            ),
            Message::Do(remote) => {
                let what = match remote {
                    Remote::Next => "next".to_owned(),
                    Remote::Previous => "previous".to_owned(),
                    Remote::First => "first".to_owned(),
                    Remote::Last => "last".to_owned(),
                    Remote::GoTo(step) => format!("goto {}", step + 1),
                    Remote::ToggleBlank => "blank".to_owned(),
                    Remote::ToggleAutoAdvance => "auto".to_owned(),
                };
                format!("{VERSION_TAG} do {what}")
            }
        }
    }

    /// A received line, or `None` for anything not understood (ignore it).
    pub fn decode(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        if words.next()? != VERSION_TAG {
            return None;
        }
        let kind = words.next()?;
        let rest: Vec<&str> = words.collect();
        match (kind, rest.as_slice()) {
            ("hello", []) => Some(Message::Hello),
            ("ended", []) => Some(Message::Ended),
            ("do", [what]) => {
                let remote = match *what {
                    "next" => Remote::Next,
                    "previous" => Remote::Previous,
                    "first" => Remote::First,
                    "last" => Remote::Last,
                    "blank" => Remote::ToggleBlank,
                    "auto" => Remote::ToggleAutoAdvance,
                    _ => return None,
                };
                Some(Message::Do(remote))
            }
            ("do", ["goto", n]) => Some(Message::Do(Remote::GoTo(one_based(n)?))),
            ("state", fields) => decode_state(fields).map(Message::State),
            _ => None,
        }
    }
}

fn one_based(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<usize>().ok()?.checked_sub(1)
}

/// `key=value` fields in any order; unknown keys are skipped, so a later build may add some.
fn decode_state(fields: &[&str]) -> Option<ShowState> {
    let get = |key: &str| {
        fields
            .iter()
            .filter_map(|f| f.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    };
    let flag = |key: &str| match get(key)? {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    let tour_id = get("tour").filter(|t| is_valid_id(t))?;
    let step = one_based(get("step")?)?;
    let step_count = get("of")?.parse::<usize>().ok()?;
    if step >= step_count {
        return None;
    }
    Some(ShowState {
        tour_id: tour_id.to_owned(),
        step,
        step_count,
        blank: flag("blank")?,
        playing: flag("playing")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_round_trips() {
        let state = ShowState {
            tour_id: "ipatinga-e-belo-horizonte".into(),
            step: 2,
            step_count: 7,
            blank: false,
            playing: true,
        };
        let all = [
            Message::Hello,
            Message::Ended,
            Message::State(state),
            Message::Do(Remote::Next),
            Message::Do(Remote::Previous),
            Message::Do(Remote::First),
            Message::Do(Remote::Last),
            Message::Do(Remote::GoTo(0)),
            Message::Do(Remote::GoTo(11)),
            Message::Do(Remote::ToggleBlank),
            Message::Do(Remote::ToggleAutoAdvance),
        ];
        for m in all {
            assert_eq!(
                Message::decode(&m.encode()),
                Some(m.clone()),
                "{}",
                m.encode()
            );
        }
        assert_eq!(
            Message::Do(Remote::GoTo(2)).encode(),
            "elos1 do goto 3",
            "steps are counted from 1 in the text, as in the URL"
        );
    }

    #[test]
    fn anything_not_understood_is_ignored() {
        for junk in [
            "",
            "elos1",
            "hello",
            "elos2 hello",
            "ELOS1 hello",
            "elos1 hello there",
            "elos1 do jump",
            "elos1 do goto 0",
            "elos1 do goto x",
            "elos1 do goto 99999999999999999999999",
            "elos1 state tour=a step=3 of=2 blank=0 playing=0",
            "elos1 state tour=a step=1 of=2 blank=maybe playing=0",
            "elos1 state tour=A_B step=1 of=2 blank=0 playing=0",
            "elos1 state step=1 of=2 blank=0 playing=0",
            "{\"type\":\"next\"}",
        ] {
            assert_eq!(Message::decode(junk), None, "{junk:?}");
        }
        // A later build may add fields; this one reads what it knows.
        let newer = "elos1 state tour=t step=1 of=2 blank=0 playing=0 clock=123";
        assert!(matches!(Message::decode(newer), Some(Message::State(_))));
    }

    #[test]
    fn each_dataset_has_its_own_channel() {
        assert_ne!(
            channel_name("data/example.json"),
            channel_name("https://example.org/x.json")
        );
    }
}
