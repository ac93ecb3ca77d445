//! Getting the dataset and the catalogues of other languages over the network: only from where
//! the site allows (the `#elos-site` configuration and `elos_core::site`), within a time limit,
//! and with every failure a value that has a catalogue sentence (`elos_core::download`).
//! Nothing here parses JSON or decides a rule: the core does.

use std::sync::OnceLock;

use elos_core::address::Url;
use elos_core::download::{check_body, check_response, DownloadFailure, TIMEOUT_SECONDS};
use elos_core::i18n::Catalogue;
use elos_core::problem::Problem;
use elos_core::site::{
    check_address, parse_site_config, DataSource, ParsedSite, Refusal, SiteConfig,
    SITE_CONFIG_FILE, SITE_ELEMENT_ID,
};
use elos_core::{load, Dataset};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Why a dataset could not be used, as the page's panel shows it; nothing here holds the
/// browser's own error text.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadFailure {
    /// No text (refused, not found, a web page, too large, too slow…): the panel says it in
    /// the page's language when it shows it ([`Failure::message`]), so a language change
    /// retells it.
    Download(Failure),
    /// The file was fetched but has errors.
    Problems {
        file: String,
        problems: Vec<Problem>,
    },
}

/// Why a dataset could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The address or file name as the reader gave it.
    pub file: String,
    pub kind: FailureKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FailureKind {
    /// No text: refused, not found, timed out… `site` is the host asked (empty if none).
    Download {
        failure: DownloadFailure,
        site: String,
    },
    /// Text that the loader refused: the panel lists the problems.
    Problems(Vec<Problem>),
}

impl Failure {
    fn download(file: &str, site: &str, failure: DownloadFailure) -> Failure {
        Failure {
            file: file.to_owned(),
            kind: FailureKind::Download {
                failure,
                site: site.to_owned(),
            },
        }
    }

    /// The sentence for a download failure in the catalogue's language; `None` for problems
    /// in the file, which the page lists one by one (`Catalogue::problem`).
    pub fn message(&self, catalogue: &Catalogue) -> Option<String> {
        match &self.kind {
            FailureKind::Download { failure, site } => {
                Some(failure.message(catalogue, &self.file, site))
            }
            FailureKind::Problems(_) => None,
        }
    }
}

impl From<Failure> for LoadFailure {
    fn from(failure: Failure) -> LoadFailure {
        match failure.kind {
            FailureKind::Problems(problems) => LoadFailure::Problems {
                file: failure.file,
                problems,
            },
            FailureKind::Download { .. } => LoadFailure::Download(failure),
        }
    }
}

/// A dataset that loaded, with any warnings it had and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub file: String,
    pub dataset: Dataset,
    /// The file's date (`Last-Modified`), when the server sent one: the printed brief's date
    /// of the data when the data itself does not say.
    pub modified: Option<elos_core::date::PartialDate>,
    pub warnings: Vec<Problem>,
    pub source: DataSource,
}

impl Loaded {
    /// "Dados publicados por este site (…): data/example.json" — shown under the title
    /// whenever the data is not the site's own default, so a reader always knows whose word
    /// it is.
    pub fn source_message(&self, catalogue: &Catalogue) -> Option<String> {
        self.source
            .worth_naming(&self.file, &default_dataset())
            .then(|| self.source.message(catalogue, &self.file))
    }
}

/// The site configuration the build embedded in `#elos-site`. Without the element (a
/// development server) the defaults hold: this site only. A malformed one also gives the
/// defaults — the page fails closed — and its problems ([`site_problems`]).
pub fn site() -> &'static ParsedSite {
    static SITE: OnceLock<ParsedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let text = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(SITE_ELEMENT_ID))
            .and_then(|element| element.text_content());
        match text {
            Some(text) => parse_site_config(&text),
            None => ParsedSite {
                config: Some(SiteConfig::default()),
                problems: Vec::new(),
            },
        }
    })
}

fn site_config() -> SiteConfig {
    site().config.clone().unwrap_or_default()
}

/// Problems of the embedded site configuration, for the page to list like a dataset's, under
/// [`SITE_CONFIG_FILE`]'s name (positions are within the `#elos-site` element's text).
pub fn site_problems() -> (&'static str, &'static [Problem]) {
    (SITE_CONFIG_FILE, &site().problems)
}

/// The dataset to show when the address has no `data=`.
pub fn default_dataset() -> String {
    site_config().default_dataset
}

/// The page's own address, which relative dataset addresses are resolved against.
fn page_base() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
}

/// The absolute address to fetch for `file`, if the site allows it, and where it is. The core
/// decides; the browser's own reading of the address must then pass the same rule, so a
/// difference between the two parsers can only refuse.
fn approve(file: &str) -> Result<(String, DataSource), Failure> {
    let refused = |refusal: Refusal| Failure::download(file, "", DownloadFailure::Refused(refusal));
    let base = page_base().ok_or_else(|| refused(Refusal::Malformed))?;
    let page = Url::parse(&base).map_err(|e| refused(e.into()))?;
    let config = site_config();
    let approved = check_address(file, &page, &config).map_err(refused)?;
    let browser_href = web_sys::Url::new_with_base(file, &base)
        .map_err(|_| refused(Refusal::Malformed))?
        .href();
    let browser = check_address(&browser_href, &page, &config).map_err(refused)?;
    if browser.url.origin != approved.url.origin {
        return Err(refused(Refusal::Malformed));
    }
    Ok((browser_href, approved.source))
}

/// Aborts a request when its time is up; the timer is cleared when this is dropped.
struct Deadline {
    controller: web_sys::AbortController,
    timer: Option<i32>,
}

impl Deadline {
    fn start(seconds: u32) -> Option<Deadline> {
        let controller = web_sys::AbortController::new().ok()?;
        let abort = controller.clone();
        // Owned by the timer, not by the deadline: a timer id that does not fit an `i32`
        // (Playwright's fake clock counts from 10¹²) cannot be cleared, and the callback must
        // still be there when it fires — aborting a finished request does nothing.
        let on_time_up = Closure::once_into_js(move || abort.abort());
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_time_up.unchecked_ref(),
                i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX),
            )
            .ok();
        Some(Deadline { controller, timer })
    }

    fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    fn passed(this: &Option<Deadline>) -> bool {
        this.as_ref().is_some_and(|d| d.signal().aborted())
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

/// A downloaded file's text, where it came from and its date.
type Fetched = (String, DataSource, Option<elos_core::date::PartialDate>);

async fn fetch_text(file: &str, on_size: &dyn Fn(Option<u64>)) -> Result<Fetched, Failure> {
    let (href, source) = approve(file)?;
    let site = source.site().to_owned();
    let fail = |failure: DownloadFailure| Failure::download(file, &site, failure);
    let deadline = Deadline::start(TIMEOUT_SECONDS);
    let signal = deadline.as_ref().map(Deadline::signal);
    // The browser's error text ("TypeError: Failed to fetch") is never shown: it is English,
    // and it says the same for every cause on purpose.
    let response = gloo_net::http::Request::get(&href)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| {
            fail(if Deadline::passed(&deadline) {
                DownloadFailure::Timeout
            } else {
                DownloadFailure::Network
            })
        })?;
    // A redirect must end where the rule allows too (the CSP also checks every hop).
    let final_url = response.url();
    if !final_url.is_empty() && final_url != href {
        approve(&final_url).map_err(|_| {
            fail(DownloadFailure::Refused(Refusal::NotAllowed {
                site: Url::parse(&final_url)
                    .map(|u| u.origin.host_and_port())
                    .unwrap_or_default(),
            }))
        })?;
    }
    let headers = response.headers();
    let modified = headers
        .get("last-modified")
        .and_then(|d| elos_core::date::from_http_date(&d));
    let content_length = headers
        .get("content-length")
        .and_then(|length| length.trim().parse().ok());
    check_response(
        response.status(),
        headers.get("content-type").as_deref(),
        content_length,
    )
    .map_err(&fail)?;
    on_size(content_length);
    // Bytes, not `text()`: the browser would decode 10 MB of UTF-8 into a JS string only for
    // wasm-bindgen to encode it back into UTF-8 in the wasm's memory.
    let bytes = response.binary().await.map_err(|_| {
        fail(if Deadline::passed(&deadline) {
            DownloadFailure::Timeout
        } else {
            DownloadFailure::Truncated
        })
    })?;
    // Not UTF-8: decoded with replacement characters, and the loader says where they are.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    check_body(&text).map_err(&fail)?;
    Ok((text, source, modified))
}

fn check_from(
    file: &str,
    text: &str,
    source: DataSource,
    modified: Option<elos_core::date::PartialDate>,
) -> Result<Loaded, Failure> {
    let loaded = load(text);
    match loaded.dataset {
        Some(dataset) => Ok(Loaded {
            file: file.to_owned(),
            dataset,
            modified,
            warnings: loaded.problems,
            source,
        }),
        None => Err(Failure {
            file: file.to_owned(),
            kind: FailureKind::Problems(loaded.problems),
        }),
    }
}

/// Checks the text of a file the reader opened on their computer, the same way `elos check`
/// does. Nothing is sent anywhere.
pub fn check_local_file(file: &str, text: &str) -> Result<Loaded, Failure> {
    check_from(file, text, DataSource::LocalFile, None)
}

/// A local file the browser could not read.
pub fn unreadable_local_file(file: &str) -> Failure {
    Failure::download(file, "", DownloadFailure::Unreadable)
}

/// Downloads (if allowed) and checks a dataset.
pub async fn load_dataset(file: &str) -> Result<Loaded, Failure> {
    load_dataset_telling_size(file, &|_| {}).await
}

/// [`load_dataset`], telling `on_size` the file's size (when the server says it) before the
/// body is in.
async fn load_dataset_telling_size(
    file: &str,
    on_size: &dyn Fn(Option<u64>),
) -> Result<Loaded, Failure> {
    let (text, source, modified) = fetch_text(file, on_size).await?;
    check_from(file, &text, source, modified)
}

/// [`check_local_file`] in the older failure shape.
pub fn check(file: &str, text: &str) -> Result<Loaded, LoadFailure> {
    check_local_file(file, text).map_err(LoadFailure::from)
}

/// [`load_dataset`] in the older failure shape.
pub async fn dataset(file: &str) -> Result<Loaded, LoadFailure> {
    load_dataset(file).await.map_err(LoadFailure::from)
}

/// The dataset the page opens with, asked for before the app is built: when it is in within
/// [`FIRST_WAIT_MS`], the first view is drawn with it at once. The browser then lays out one
/// page, the explorer with its data, instead of an empty explorer first and the same explorer
/// with its data a frame later (on a phone-speed CPU, that extra layout cost a tenth of a
/// second before the map was on screen).
pub struct FirstDataset {
    pub file: String,
    pub outcome: FirstOutcome,
}

pub enum FirstOutcome {
    Ready(Box<Result<Loaded, LoadFailure>>),
    /// Still downloading or being checked: the app shows that it is loading meanwhile.
    Pending(futures::channel::oneshot::Receiver<Result<Loaded, LoadFailure>>),
}

/// How long the app waits for its first dataset before it shows itself (and a "loading"
/// status) without it. Meanwhile the page shows the frame painted from index.html.
pub const FIRST_WAIT_MS: i32 = 400;

/// A first dataset this big or bigger (or of unknown size) is not waited for: the app shows
/// itself (its first build, ~0.3 s on a phone-speed CPU) while the file downloads, and parsing
/// it (~0.15 s per MB there) follows. A smaller one is parsed first and drawn at once.
pub const FIRST_WAIT_BYTES: u64 = 1_000_000;

/// A first dataset on its way (see [`FirstDataset`]).
pub struct FirstDownload {
    file: String,
    receive: futures::channel::oneshot::Receiver<Result<Loaded, LoadFailure>>,
    /// Sent when the app should not wait any longer: the dataset is in, or it is big.
    go: futures::channel::oneshot::Receiver<()>,
}

impl FirstDownload {
    /// Starts downloading and checking `file`.
    pub fn start(file: String) -> Self {
        let (send, receive) = futures::channel::oneshot::channel();
        let (go_send, go) = futures::channel::oneshot::channel();
        let go_send = std::rc::Rc::new(std::cell::Cell::new(Some(go_send)));
        let download = file.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let big = std::rc::Rc::clone(&go_send);
            let on_size = move |bytes: Option<u64>| {
                if bytes.is_none_or(|b| b >= FIRST_WAIT_BYTES) {
                    if let Some(go) = big.take() {
                        let _ = go.send(());
                    }
                }
            };
            let result = load_dataset_telling_size(&download, &on_size).await;
            let _ = send.send(result.map_err(LoadFailure::from));
            if let Some(go) = go_send.take() {
                let _ = go.send(());
            }
        });
        Self { file, receive, go }
    }

    /// The dataset once it is in, or still pending once it is known to be big or `deadline`
    /// is done.
    pub async fn wait(
        self,
        deadline: impl std::future::Future<Output = ()> + Unpin,
    ) -> FirstDataset {
        let Self {
            file,
            mut receive,
            go,
        } = self;
        let _ = futures::future::select(go, deadline).await;
        let outcome = match receive.try_recv() {
            Ok(Some(result)) => FirstOutcome::Ready(Box::new(result)),
            Ok(None) => FirstOutcome::Pending(receive),
            // The download task never drops its sender without sending.
            Err(_) => FirstOutcome::Ready(Box::new(Err(LoadFailure::from(Failure::download(
                &file,
                "",
                DownloadFailure::Network,
            ))))),
        };
        FirstDataset { file, outcome }
    }
}

/// A future that is done after `ms` milliseconds (the browser's timer).
pub fn sleep_ms(ms: i32) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    Box::pin(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    })
}

/// Where the catalogues of languages not built into the page are (copied there by Trunk).
const LOCALES: &str = "locales";

/// The message catalogue of `lang`, fetched and parsed; on failure, a sentence for the console
/// in the built-in language (the page stays in the language it was in).
pub async fn catalogue(lang: &str) -> Result<Catalogue, String> {
    let file = format!("{LOCALES}/{lang}.json");
    let (text, _, _) = fetch_text(&file, &|_| {}).await.map_err(|failure| {
        let built_in = Catalogue::all().into_iter().next();
        built_in
            .and_then(|c| failure.message(&c))
            .unwrap_or_else(|| file.clone())
    })?;
    Catalogue::parse(lang, &text).map_err(|e| e.to_string())
}
