//! `cargo xtask build`: Trunk's release build into dist/, rewritten so it runs under a strict Content-Security-Policy.
//!
//! Trunk inlines a `<script type="module">` loader, which `script-src 'self'` forbids. The
//! loader moves to `dist/loader-<hash>.js`, the policy goes first in `<head>` as a `<meta>`
//! (city-hall web servers rarely let us set headers), and every asset URL must stay relative
//! so the app works from any sub-folder. Last, `dist/sw.js` gets the build's cache list
//! (`sw`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{self, cargo, command, repo_root};
use crate::{setup, sw, Result};

/// The policy the app must run under; `wasm-unsafe-eval` lets it compile its own wasm,
/// `https:` lets it fetch a dataset published elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn dist_dir() -> PathBuf {
    repo_root().join("dist")
}

/// Installs missing tools, then [`build_with_tools`].
pub fn build() -> Result<PathBuf> {
    setup::ensure_tools()?;
    build_with_tools()
}

/// Builds with Trunk and hardens `dist/index.html`. Returns dist/.
pub fn build_with_tools() -> Result<PathBuf> {
    // `trunk build --offline` makes cargo offline too, so fetch new dependencies first.
    cmd::run(cargo().arg("fetch"))?;
    // The npm build of wasm-opt cannot create its output folder, and Trunk does not make it
    // before the first optimised build: without this a fresh clone's first build fails.
    let wasm_opt_out = repo_root().join("target/wasm-opt/release");
    fs::create_dir_all(&wasm_opt_out)
        .map_err(|e| format!("cannot create {}: {e}", wasm_opt_out.display()))?;
    cmd::run(command("trunk").args(["build", "--release", "--offline"]))?;

    let dist = dist_dir();
    let index_path = dist.join("index.html");
    let html = read(&index_path)?;
    let hardened =
        harden(&html).map_err(|problem| format!("{}: {problem}", index_path.display()))?;
    for script in &hardened.scripts {
        write(&dist.join(&script.file_name), &script.source)?;
    }
    write(&index_path, &hardened.html)?;
    check_asset_urls(&dist)?;
    // Last: the worker's cache list is whatever dist/ holds now.
    let cached = sw::write(&dist)?;
    println!(
        "build: dist/ ready; loader moved to {}, CSP in <head>, all asset URLs relative, \
         {} caching {cached} URLs for offline use",
        hardened
            .scripts
            .iter()
            .map(|script| script.file_name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        sw::FILE_NAME
    );
    Ok(dist)
}

/// A script that was inline in `index.html` and now is a file beside it.
#[derive(Debug, PartialEq)]
pub struct ScriptFile {
    pub file_name: String,
    pub source: String,
}

#[derive(Debug)]
pub struct Hardened {
    pub html: String,
    pub scripts: Vec<ScriptFile>,
}

/// Rewrites Trunk's `index.html` for [`CSP`]: inline scripts become files, SRI attributes go
/// and the policy becomes the first element of `<head>`.
pub fn harden(html: &str) -> Result<Hardened> {
    if html
        .to_ascii_lowercase()
        .contains("http-equiv=\"content-security-policy\"")
    {
        return Err("already has a Content-Security-Policy; was it hardened twice?".into());
    }
    let (html, scripts) = externalise_inline_scripts(html)?;
    let html = strip_attribute(&html, "integrity");
    let html = insert_after_head_tag(
        &html,
        &format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\" />"),
    )?;
    if contains_tag(&html, "style") {
        return Err(
            "has an inline <style>, which style-src 'self' blocks; drop data-inline from the css link in index.html"
                .into(),
        );
    }
    Ok(Hardened { html, scripts })
}

/// Moves each `<script>` with a body and no `src` into `loader-<hash>.js`, keeping its
/// other attributes (`type="module"`), so the page loads it from the same folder.
fn externalise_inline_scripts(html: &str) -> Result<(String, Vec<ScriptFile>)> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_from(&lower, "<script", pos) {
        let unclosed = || format!("unclosed <script> at byte {start}");
        let body_start = find_from(&lower, ">", start).ok_or_else(unclosed)? + 1;
        let body_end = find_from(&lower, "</script", body_start).ok_or_else(unclosed)?;
        let end = find_from(&lower, ">", body_end).ok_or_else(unclosed)? + 1;
        let open_tag = &html[start..body_start];
        let body = html[body_start..body_end].trim();

        out.push_str(&html[pos..start]);
        if body.is_empty() || has_attribute(open_tag, "src") {
            out.push_str(&html[start..end]);
        } else {
            let file_name = format!("loader-{}.js", short_hash(body));
            let attributes = open_tag["<script".len()..open_tag.len() - 1].trim();
            out.push_str(&format!(
                "<script {attributes} src=\"./{file_name}\"></script>"
            ));
            scripts.push(ScriptFile {
                file_name,
                source: format!("{body}\n"),
            });
        }
        pos = end;
    }
    out.push_str(&html[pos..]);
    Ok((out, scripts))
}

/// Removes every `name="…"` attribute. Trunk's SRI hashes add nothing for same-origin files
/// whose names already carry a content hash, and they misfire: Chromium warns on every load
/// that `integrity` is ignored on the wasm's `as="fetch"` preload, and a stale cached copy
/// of a script fails its digest and blocks the app (eframe_template#157).
fn strip_attribute(html: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        out.push_str(&rest[..start]);
        let value_start = start + needle.len();
        match rest[value_start..].find('"') {
            Some(value_len) => rest = &rest[value_start + value_len + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn insert_after_head_tag(html: &str, insert: &str) -> Result<String> {
    let lower = html.to_ascii_lowercase();
    let head = find_tag(&lower, "head").ok_or("has no <head>")?;
    let head_end = find_from(&lower, ">", head).ok_or("has an unclosed <head> tag")? + 1;
    Ok(format!(
        "{}{insert}{}",
        &html[..head_end],
        &html[head_end..]
    ))
}

fn find_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    haystack[from..].find(needle).map(|i| i + from)
}

/// Position of `<name>` or `<name …>` (not `<header>` when looking for `head`).
fn find_tag(lower: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(at) = find_from(lower, &open, from) {
        match lower[at + open.len()..].chars().next() {
            Some(c) if c == '>' || c == '/' || c.is_ascii_whitespace() => return Some(at),
            _ => from = at + open.len(),
        }
    }
    None
}

fn contains_tag(html: &str, name: &str) -> bool {
    find_tag(&html.to_ascii_lowercase(), name).is_some()
}

fn has_attribute(open_tag: &str, name: &str) -> bool {
    open_tag
        .to_ascii_lowercase()
        .split(|c: char| c.is_ascii_whitespace() || c == '<' || c == '>')
        .any(|word| word == name || word.starts_with(&format!("{name}=")))
}

/// FNV-1a, 40 bits in hex: enough to bust caches when the loader changes.
fn short_hash(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:010x}", hash >> 24)
}

/// Fails if `index.html`, a loader or a stylesheet in dist/ points at an absolute URL (the
/// app must work from whatever sub-folder a city hall puts it in) or at a file dist/ lacks.
pub fn check_asset_urls(dist: &Path) -> Result<()> {
    let mut absolute = Vec::new();
    let mut missing = Vec::new();
    for entry in fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let urls = if name == "index.html" {
            html_urls(&read(&path)?)
        } else if name.starts_with("loader-") && name.ends_with(".js") {
            quoted_import_urls(&read(&path)?)
        } else if name.ends_with(".css") {
            css_urls(&read(&path)?)
        } else {
            continue;
        };
        for url in urls {
            if !is_relative(&url) {
                absolute.push(format!("{name}: {url}"));
            } else if let Some(file) = local_file(&url) {
                if !dist.join(file).exists() {
                    missing.push(format!("{name}: {url}"));
                }
            }
        }
    }
    if !absolute.is_empty() {
        return Err(format!(
            "dist/ has absolute URLs, which break when the app is served from a sub-folder \
             (Trunk.toml needs public_url = \"./\"):\n  {}",
            absolute.join("\n  ")
        ));
    }
    if !missing.is_empty() {
        return Err(format!(
            "dist/ refers to files it does not have (did another Trunk build run at the same \
             time?); run `cargo xtask build` again:\n  {}",
            missing.join("\n  ")
        ));
    }
    Ok(())
}

/// The dist/ file a relative URL names, if it names one (`data:` and `#…` do not).
fn local_file(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next()?.trim_start_matches("./");
    (!url.starts_with("data:") && !path.is_empty()).then_some(path)
}

fn is_relative(url: &str) -> bool {
    url.starts_with("data:")
        || url.starts_with('#')
        || !(url.starts_with('/') || url.contains("://"))
}

/// Values of `src="…"` and `href="…"` attributes.
fn html_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in [" src=\"", " href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                urls.push(rest[..end].to_string());
            }
        }
    }
    urls
}

/// Single-quoted strings of Trunk's loader, which are exactly its module and wasm paths.
fn quoted_import_urls(js: &str) -> Vec<String> {
    js.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn css_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|url| url.trim().trim_matches(['"', '\'']).to_string())
        .collect()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Trunk 0.21 writes for this repo's index.html (hashes shortened).
    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="pt-BR"><head>
    <meta charset="utf-8">
    <title>Elos</title>
<link rel="stylesheet" href="./main-1a2b.css" integrity="sha384-AbC+/=">
<link rel="modulepreload" href="./elos-app-9f8e.js" crossorigin="anonymous" integrity="sha384-XyZ">
<link rel="preload" href="./elos-app-9f8e_bg.wasm" crossorigin="anonymous" integrity="sha384-WaS" as="fetch" type="application/wasm"></head>
<body><script type="module">
import init, * as bindings from './elos-app-9f8e.js';
const wasm = await init({ module_or_path: './elos-app-9f8e_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

    #[test]
    fn loader_moves_to_a_file_and_the_policy_leads_the_head() {
        let hardened = harden(TRUNK_INDEX).unwrap();
        let [loader] = &hardened.scripts[..] else {
            panic!("one loader expected, got {:?}", hardened.scripts);
        };
        assert!(loader.file_name.starts_with("loader-") && loader.file_name.ends_with(".js"));
        assert!(loader
            .source
            .starts_with("import init, * as bindings from './elos-app-9f8e.js';"));
        assert!(hardened.html.contains(&format!(
            "<script type=\"module\" src=\"./{}\"></script></body>",
            loader.file_name
        )));
        assert!(!hardened.html.contains("import init"));
        let head = hardened.html.find("<head>").unwrap() + "<head>".len();
        assert!(hardened.html[head..]
            .trim_start()
            .starts_with("<meta http-equiv=\"Content-Security-Policy\""));
        assert!(!hardened.html.contains("integrity"));
        assert!(hardened.html.contains(
            "<link rel=\"preload\" href=\"./elos-app-9f8e_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\""
        ));
    }

    #[test]
    fn same_loader_same_name_and_external_scripts_stay() {
        let first = harden(TRUNK_INDEX).unwrap();
        let second = harden(TRUNK_INDEX).unwrap();
        assert_eq!(first.scripts, second.scripts);

        let external = r#"<html><head></head><body><script src="./a.js"></script></body></html>"#;
        let hardened = harden(external).unwrap();
        assert!(hardened.scripts.is_empty());
        assert!(hardened.html.contains(r#"<script src="./a.js"></script>"#));
    }

    #[test]
    fn refuses_what_the_policy_would_block_or_a_second_pass() {
        let styled = "<html><head><style>h1{}</style></head></html>";
        assert!(harden(styled).unwrap_err().contains("<style>"));
        let once = harden(TRUNK_INDEX).unwrap().html;
        assert!(harden(&once).is_err());
        assert!(harden("<html><header></header></html>")
            .unwrap_err()
            .contains("no <head>"));
        assert!(harden("<head><script>x").unwrap_err().contains("unclosed"));
    }

    #[test]
    fn absolute_urls_are_found() {
        let html =
            r#"<link href="/main.css"><script src="./loader-1.js"></script><img src="data:,">"#;
        let absolute: Vec<_> = html_urls(html)
            .into_iter()
            .filter(|url| !is_relative(url))
            .collect();
        assert_eq!(absolute, ["/main.css"]);
        assert_eq!(
            css_urls("a{background:url('/x.svg')} b{background:url(y.png)}"),
            ["/x.svg", "y.png"]
        );
        assert_eq!(
            quoted_import_urls("import a from './a.js'; init({ p: '/b.wasm' })"),
            ["./a.js", "/b.wasm"]
        );
        assert!(!is_relative("https://example.org/x.js") && !is_relative("//cdn/x.js"));
        assert_eq!(local_file("./main-1.css?v=2"), Some("main-1.css"));
        assert_eq!(local_file("data:,"), None);
        assert_eq!(local_file("#top"), None);
    }

    #[test]
    fn a_reference_to_a_missing_file_fails_the_build() {
        let dist = std::env::temp_dir().join(format!("elos-dist-check-{}", std::process::id()));
        fs::create_dir_all(&dist).unwrap();
        fs::write(dist.join("a.js"), "").unwrap();
        let page = r#"<link rel="stylesheet" href="./b.css"><script src="./a.js"></script>"#;
        fs::write(dist.join("index.html"), page).unwrap();
        let error = check_asset_urls(&dist).unwrap_err();
        assert!(
            error.contains("index.html: ./b.css") && !error.contains("a.js"),
            "{error}"
        );
        fs::write(dist.join("b.css"), "h1 { background: url(/bg.png) }").unwrap();
        let error = check_asset_urls(&dist).unwrap_err();
        assert!(
            error.contains("absolute URLs") && error.contains("b.css: /bg.png"),
            "{error}"
        );
        fs::remove_dir_all(dist).unwrap();
    }
}
