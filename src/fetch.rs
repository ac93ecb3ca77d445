//! Getting the dataset and the world geometry over the network, with every failure turned into
//! a message the page can show. Nothing here parses JSON: the core does.

use elos_core::problem::Problem;
use elos_core::{load, Dataset};

/// The bundled example, relative to the page so the app works from any sub-folder.
pub const EXAMPLE_DATASET: &str = "data/example.json";

/// Why a dataset could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadFailure {
    /// The address is not one the app will fetch (not same-origin, not https).
    RefusedAddress { file: String },
    /// The network failed (offline, DNS, CORS…).
    Network { file: String, detail: String },
    /// The server answered with an error status.
    Http { file: String, status: u16 },
    /// The file was fetched but has errors.
    Problems {
        file: String,
        problems: Vec<Problem>,
    },
}

/// A dataset that loaded, with any warnings it had.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub file: String,
    pub dataset: Dataset,
    pub warnings: Vec<Problem>,
}

/// Only same-origin files and https addresses are fetched: a link someone shares cannot make the
/// page read from an insecure or local-scheme address.
pub fn checked_address(address: &str) -> Result<String, LoadFailure> {
    let refused = || LoadFailure::RefusedAddress {
        file: address.to_owned(),
    };
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or_else(refused)?;
    let url = web_sys::Url::new_with_base(address, &base).map_err(|_| refused())?;
    let page_origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let same_origin = url.origin() == page_origin;
    if same_origin || url.protocol() == "https:" {
        Ok(url.href())
    } else {
        Err(refused())
    }
}

async fn fetch_text(file: &str) -> Result<String, LoadFailure> {
    let url = checked_address(file)?;
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| LoadFailure::Network {
            file: file.to_owned(),
            detail: e.to_string(),
        })?;
    if !response.ok() {
        return Err(LoadFailure::Http {
            file: file.to_owned(),
            status: response.status(),
        });
    }
    response.text().await.map_err(|e| LoadFailure::Network {
        file: file.to_owned(),
        detail: e.to_string(),
    })
}

/// Checks dataset text (fetched or from a local file) the same way `elos check` does.
pub fn check(file: &str, text: &str) -> Result<Loaded, LoadFailure> {
    let loaded = load(text);
    match loaded.dataset {
        Some(dataset) => Ok(Loaded {
            file: file.to_owned(),
            dataset,
            warnings: loaded.problems,
        }),
        None => Err(LoadFailure::Problems {
            file: file.to_owned(),
            problems: loaded.problems,
        }),
    }
}

pub async fn dataset(file: &str) -> Result<Loaded, LoadFailure> {
    let text = fetch_text(file).await?;
    check(file, &text)
}

/// Where the catalogues of languages not built into the page are (copied there by Trunk).
const LOCALES: &str = "locales";

/// The message catalogue of `lang`, fetched and parsed.
pub async fn catalogue(lang: &str) -> Result<elos_core::i18n::Catalogue, String> {
    let file = format!("{LOCALES}/{lang}.json");
    let text = fetch_text(&file).await.map_err(|e| match e {
        LoadFailure::Http { status, .. } => format!("{file}: HTTP {status}"),
        LoadFailure::Network { detail, .. } => format!("{file}: {detail}"),
        _ => format!("{file}: refused"),
    })?;
    elos_core::i18n::Catalogue::parse(lang, &text).map_err(|e| e.to_string())
}
