//! What downloading a dataset can end in, judged from what the server said (status, type,
//! length, the first bytes), and one catalogue sentence for each failure, so a reader never
//! sees a browser's English "TypeError: Failed to fetch" inside a Portuguese sentence.
//!
//! The page (`src/fetch.rs`) does the network part and calls these rules; they are plain
//! functions so they are tested here.

use crate::i18n::Catalogue;
use crate::limits::MAX_BYTES;
use crate::site::Refusal;

/// How long the page waits for a whole dataset before giving up: long enough for 50 MB on a
/// slow connection, short enough that a stalled server does not leave the page waiting forever.
pub const TIMEOUT_SECONDS: u32 = 60;

/// Why a download gave no dataset text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadFailure {
    /// The address is not one the page fetches (see [`crate::site::check_address`]).
    Refused(Refusal),
    /// 404 or 410.
    NotFound,
    /// Any other status that is not a success.
    Status(u16),
    /// A web page (often a "not found" page served with status 200).
    HtmlPage,
    /// A type that is not JSON or plain text, such as an image or a PDF.
    ContentType(String),
    /// More than [`MAX_BYTES`], by its `Content-Length` or once read.
    TooLarge,
    /// The body stopped before its end (a dropped connection, a truncated compressed body).
    Truncated,
    /// No answer: offline, unknown host, refused connection, or a cross-origin read the site
    /// does not allow (browsers give all of these the same opaque error on purpose).
    Network,
    /// No complete answer within [`TIMEOUT_SECONDS`].
    Timeout,
    /// A local file the browser could not read.
    Unreadable,
}

impl DownloadFailure {
    /// The sentence for this failure, in the catalogue's language. `file` is the address as
    /// the reader gave it; `site` the host it was on (empty for a local file).
    pub fn message(&self, catalogue: &Catalogue, file: &str, site: &str) -> String {
        // The address came from the reader's link: isolated like any data text.
        let file = &*crate::lang::isolate(file);
        let max_mb = (MAX_BYTES / 1_000_000).to_string();
        let seconds = TIMEOUT_SECONDS.to_string();
        match self {
            DownloadFailure::Refused(refusal) => {
                let site = match refusal {
                    Refusal::NotAllowed { site } => site.as_str(),
                    _ => site,
                };
                catalogue.format(refusal.message_key(), &[("address", file), ("site", site)])
            }
            DownloadFailure::NotFound => catalogue.format("fetch.not_found", &[("file", file)]),
            DownloadFailure::Status(status) => catalogue.format(
                "fetch.status",
                &[("file", file), ("status", &status.to_string())],
            ),
            DownloadFailure::HtmlPage => catalogue.format("fetch.html_page", &[("file", file)]),
            DownloadFailure::ContentType(content_type) => catalogue.format(
                "fetch.content_type",
                &[("file", file), ("type", content_type)],
            ),
            DownloadFailure::TooLarge => {
                catalogue.format("fetch.too_large", &[("file", file), ("max_mb", &max_mb)])
            }
            DownloadFailure::Truncated => catalogue.format("fetch.truncated", &[("file", file)]),
            DownloadFailure::Network => {
                catalogue.format("fetch.network", &[("file", file), ("site", site)])
            }
            DownloadFailure::Timeout => {
                catalogue.format("fetch.timeout", &[("file", file), ("seconds", &seconds)])
            }
            DownloadFailure::Unreadable => catalogue.format("fetch.unreadable", &[("file", file)]),
        }
    }
}

/// Judges a response from its headers, before its body is read.
pub fn check_response(
    status: u16,
    content_type: Option<&str>,
    content_length: Option<u64>,
) -> Result<(), DownloadFailure> {
    match status {
        200..=299 => {}
        404 | 410 => return Err(DownloadFailure::NotFound),
        other => return Err(DownloadFailure::Status(other)),
    }
    if let Some(content_type) = content_type {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence == "text/html" || essence == "application/xhtml+xml" {
            return Err(DownloadFailure::HtmlPage);
        }
        if !is_acceptable_type(&essence) {
            return Err(DownloadFailure::ContentType(essence));
        }
    }
    match content_length {
        Some(length) if length > MAX_BYTES as u64 => Err(DownloadFailure::TooLarge),
        _ => Ok(()),
    }
}

/// JSON under any of its names, and the generic types that static hosts give a `.json` file
/// they do not know.
fn is_acceptable_type(essence: &str) -> bool {
    essence.is_empty()
        || essence == "application/json"
        || essence == "text/json"
        || essence.ends_with("+json")
        || essence == "text/plain"
        || essence == "application/octet-stream"
        || essence == "binary/octet-stream"
}

/// Judges the body once read: a web page served as if it were the file (status 200, wrong
/// or no type), or more text than the limit.
pub fn check_body(text: &str) -> Result<(), DownloadFailure> {
    if text.len() > MAX_BYTES {
        return Err(DownloadFailure::TooLarge);
    }
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<head")
        || head.starts_with("<body")
        || head.starts_with("<!--")
    {
        return Err(DownloadFailure::HtmlPage);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(
            check_response(200, Some("application/json"), Some(30_000)),
            Ok(())
        );
        assert_eq!(
            check_response(404, Some("text/html"), None),
            Err(DownloadFailure::NotFound)
        );
        assert_eq!(
            check_response(410, None, None),
            Err(DownloadFailure::NotFound)
        );
        assert_eq!(
            check_response(500, None, None),
            Err(DownloadFailure::Status(500))
        );
        assert_eq!(
            check_response(403, None, None),
            Err(DownloadFailure::Status(403))
        );
    }

    #[test]
    fn content_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/geo+json",
            "text/plain; charset=UTF-8",
            "application/octet-stream",
        ] {
            assert_eq!(check_response(200, Some(ok), None), Ok(()), "{ok}");
        }
        assert_eq!(check_response(200, None, None), Ok(()));
        assert_eq!(
            check_response(200, Some("text/html; charset=utf-8"), None),
            Err(DownloadFailure::HtmlPage)
        );
        assert_eq!(
            check_response(200, Some("image/png"), None),
            Err(DownloadFailure::ContentType("image/png".into()))
        );
        assert_eq!(
            check_response(200, Some("application/pdf"), None),
            Err(DownloadFailure::ContentType("application/pdf".into()))
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(
            check_response(200, None, Some(MAX_BYTES as u64 + 1)),
            Err(DownloadFailure::TooLarge)
        );
        assert_eq!(
            check_body(&" ".repeat(MAX_BYTES + 1)),
            Err(DownloadFailure::TooLarge)
        );
    }

    #[test]
    fn an_error_page_served_as_success_is_recognised() {
        for page in [
            "<!DOCTYPE html><html><body>Página não encontrada</body></html>",
            "\u{feff}\n  <html lang=\"pt-BR\">",
            "<!-- nginx --><html>",
            "<HEAD><title>404</title>",
        ] {
            assert_eq!(check_body(page), Err(DownloadFailure::HtmlPage), "{page}");
        }
        assert_eq!(check_body("{\"format\": 1}"), Ok(()));
        // Not every text starting with '<' is a page: the loader says what is wrong with it.
        assert_eq!(check_body("<<not json"), Ok(()));
    }

    #[test]
    fn every_failure_has_a_sentence_in_every_language_without_browser_text() {
        let failures = [
            DownloadFailure::Refused(Refusal::Malformed),
            DownloadFailure::Refused(Refusal::Scheme),
            DownloadFailure::Refused(Refusal::Credentials),
            DownloadFailure::Refused(Refusal::NotAllowed {
                site: "elsewhere.example".into(),
            }),
            DownloadFailure::NotFound,
            DownloadFailure::Status(503),
            DownloadFailure::HtmlPage,
            DownloadFailure::ContentType("image/png".into()),
            DownloadFailure::TooLarge,
            DownloadFailure::Truncated,
            DownloadFailure::Network,
            DownloadFailure::Timeout,
            DownloadFailure::Unreadable,
        ];
        for catalogue in Catalogue::all() {
            let mut seen = Vec::new();
            for failure in &failures {
                let sentence = failure.message(&catalogue, "dados/x.json", "www.city.gov.br");
                assert!(!sentence.contains('{'), "{}: {sentence}", catalogue.lang);
                assert!(
                    !sentence.starts_with("fetch.") && !sentence.starts_with("address."),
                    "{}: {sentence}",
                    catalogue.lang
                );
                assert!(
                    sentence.contains("dados/x.json"),
                    "{}: {sentence}",
                    catalogue.lang
                );
                assert!(
                    !seen.contains(&sentence),
                    "{}: two failures read alike: {sentence}",
                    catalogue.lang
                );
                seen.push(sentence);
            }
        }
    }
}
