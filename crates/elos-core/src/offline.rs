//! The page's side of working offline: whether to register the service worker
//! (`public/sw.js`, written into dist/ by `cargo xtask build`), the messages it exchanges with
//! it, and when a new version may take over — never in the middle of a presentation.

/// The worker's address, relative to the page: its scope is then the app's own folder.
pub const WORKER_URL: &str = "./sw.js";

/// The first word of every message to or from the worker (`TAG` in `public/sw.js`).
pub const TAG: &str = "elos-sw1";

/// Where the page is running, as far as a service worker cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The page itself, in a tab or window.
    TopLevel,
    /// In an iframe of a page from the same site (`window.top` readable).
    SameOriginFrame,
    /// In an iframe of another site: its storage is partitioned or blocked, and the host
    /// page's visitors did not ask for Elos to stay on their machine.
    CrossOriginFrame,
}

/// Whether to register the worker: in a secure context (https, or localhost for a laptop
/// serving dist/) and not inside another site's page.
pub fn should_register(context: Context, secure_context: bool) -> bool {
    secure_context && context != Context::CrossOriginFrame
}

/// What the page tells the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToWorker {
    /// A waiting new version may take over now (`skipWaiting`).
    Activate,
    /// Which build do you serve? (Answered with [`FromWorker::Version`].)
    AskVersion,
}

impl ToWorker {
    pub fn encode(self) -> String {
        match self {
            ToWorker::Activate => format!("{TAG} activate"),
            ToWorker::AskVersion => format!("{TAG} version"),
        }
    }
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromWorker {
    /// The build the worker serves (a hash of its files), shown in the "available offline"
    /// details and compared with a waiting worker's.
    Version(String),
}

impl FromWorker {
    /// A message from the worker, or `None` for anything else (ignore it).
    pub fn decode(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        if words.next()? != TAG || words.next()? != "version" {
            return None;
        }
        let version = words.next()?;
        let plausible = !version.is_empty() && version.bytes().all(|b| b.is_ascii_alphanumeric());
        (plausible && words.next().is_none()).then(|| FromWorker::Version(version.to_owned()))
    }
}

/// What to do when a new version of the app has installed and waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Presenting: say nothing and change nothing; ask again when the presentation ends.
    Hold,
    /// Say so (`offline.update_ready`, `offline.update_now`); on a click send
    /// [`ToWorker::Activate`] and reload once the new worker controls the page
    /// (`controllerchange`).
    Offer,
}

/// The one rule for updates: a presentation is never interrupted, not even by a notice.
pub fn when_update_waits(presenting: bool) -> Update {
    if presenting {
        Update::Hold
    } else {
        Update::Offer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_only_where_it_belongs() {
        assert!(should_register(Context::TopLevel, true));
        assert!(should_register(Context::SameOriginFrame, true));
        assert!(!should_register(Context::CrossOriginFrame, true));
        assert!(
            !should_register(Context::TopLevel, false),
            "http: browsers refuse"
        );
    }

    #[test]
    fn messages_match_the_worker() {
        assert_eq!(ToWorker::Activate.encode(), "elos-sw1 activate");
        assert_eq!(ToWorker::AskVersion.encode(), "elos-sw1 version");
        assert_eq!(
            FromWorker::decode("elos-sw1 version 0123456789abcdef"),
            Some(FromWorker::Version("0123456789abcdef".into()))
        );
        for junk in [
            "",
            "elos-sw1 version",
            "elos-sw1 version a b",
            "elos-sw2 version 1",
            "elos-sw1 activate",
            "elos-sw1 version <script>",
        ] {
            assert_eq!(FromWorker::decode(junk), None, "{junk:?}");
        }
        // The worker's side of the same words (public/sw.js).
        let worker = include_str!("../../../public/sw.js");
        assert!(worker.contains(&format!("const TAG = \"{TAG}\";")));
        for word in [
            "\"activate\"",
            "\"version\"",
            "TAG + \" version \" + VERSION",
        ] {
            assert!(worker.contains(word), "public/sw.js lacks {word}");
        }
    }

    #[test]
    fn a_presentation_is_never_interrupted_by_an_update() {
        assert_eq!(when_update_waits(true), Update::Hold);
        assert_eq!(when_update_waits(false), Update::Offer);
    }
}
