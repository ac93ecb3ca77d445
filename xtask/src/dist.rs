//! `cargo xtask build`: Trunk's release build into dist/, rewritten so it runs under a strict Content-Security-Policy.
//!
//! Trunk inlines a `<script type="module">` loader, which `script-src 'self'` forbids. The
//! loader moves to `dist/loader-<hash>.js`, the policy goes first in `<head>` as a `<meta>`
//! (city-hall web servers rarely let us set headers), and every asset URL must stay relative
//! so the app works from any sub-folder.
//!
//! The site configuration (`elos-site.json`) decides the policy's `connect-src` and is
//! embedded as `<script type="application/json" id="elos-site">`, so the page learns it
//! without a request; the default dataset's links are written as plain HTML for readers
//! without JavaScript (`<noscript>`) and for a browser where the app cannot start (a hidden
//! `#elos-fallback` section that `fallback-<hash>.js` reveals). The core makes these parts
//! (`elos page-parts`); this file only places them. Last, `dist/sw.js` gets the build's cache
//! list (`sw`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{self, cargo, command, repo_root};
use crate::{setup, sw, Result};

/// The policy the app must run under, but for `connect-src`, which the site configuration
/// decides ([`csp`]); `wasm-unsafe-eval` lets the app compile its own wasm; `worker-src` says
/// outright that the only workers are the page's own files (the import worker, sw.js).
const CSP_BEFORE_CONNECT: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src";
const CSP_AFTER_CONNECT: &str = "object-src 'none'; base-uri 'none'; form-action 'none'";

/// The site configuration at the top of the repository (documented in docs/site.md).
pub const SITE_CONFIG: &str = "elos-site.json";
/// What `elos page-parts` writes, below target/.
const PAGE_PARTS_DIR: &str = "target/elos-page-parts";
/// The default dataset that `index.html` preloads; the configuration may name another.
const INDEX_PRELOADED_DATASET: &str = "data/example.json";
/// The host page's auto-height loader: plain JavaScript kept in the repository, copied as is.
pub const EMBED_LOADER: &str = "elos-embed.js";
/// The still picture of the default view for the no-script snippet, made by the core.
pub const POSTER: &str = "poster.svg";

/// The whole policy with these `connect-src` sources (`'self'` and https origins or folders,
/// space-separated, as `elos page-parts` writes them). Anything else is refused, so a
/// configuration can never widen the policy or add a directive.
pub fn csp(connect_src: &str) -> Result<String> {
    let sources: Vec<&str> = connect_src.split(' ').collect();
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/:".contains(c);
    for source in &sources {
        let ok = *source == "'self'"
            || (source.starts_with("https://")
                && source.len() > "https://".len()
                && source.chars().all(plain));
        if !ok {
            return Err(format!(
                "connect-src source {source:?} is not 'self' or an https address; check {SITE_CONFIG}"
            ));
        }
    }
    if sources.first() != Some(&"'self'") {
        return Err("connect-src must start with 'self'".into());
    }
    Ok(format!(
        "{CSP_BEFORE_CONNECT} {connect_src}; {CSP_AFTER_CONNECT}"
    ))
}

/// What the build adds to Trunk's `index.html`, made by the core (`elos page-parts`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageParts {
    /// `'self'` and the configured sources.
    pub connect_src: String,
    /// The configuration for the `#elos-site` element.
    pub site_json: String,
    pub default_dataset: String,
    /// The default dataset's title in the default language, as HTML (escaped by the core).
    pub title: String,
    /// `<noscript>…</noscript>` with the default dataset's links.
    pub noscript: String,
    /// The hidden `#elos-fallback` section with the same links.
    pub fallback: String,
    /// The default view as an SVG picture.
    pub poster: String,
    /// The world outline framed on the default view, and its layers (`first_view`).
    pub first_map: String,
    /// The note under the default view's map when its arcs are solid, or nothing.
    pub first_map_note: String,
    /// The filter bar's count of links shown in the default view.
    pub first_count: String,
    /// The legend and the networks and organisations beside the default view's map.
    pub first_legend: String,
    /// The default view's timeline section, or nothing when no link has a date.
    pub first_timeline: String,
}

impl PageParts {
    fn read(dir: &Path) -> Result<PageParts> {
        let part = |name: &str| read(&dir.join(name));
        Ok(PageParts {
            connect_src: part("connect-src.txt")?,
            site_json: part("site.json")?,
            default_dataset: part("default-dataset.txt")?,
            title: part("title.html")?,
            noscript: part("noscript.html")?,
            fallback: part("fallback.html")?,
            poster: part(POSTER)?,
            first_map: part("first-map.html")?,
            first_map_note: part("first-map-note.html")?,
            first_count: part("first-count.html")?,
            first_legend: part("first-legend.html")?,
            first_timeline: part("first-timeline.html")?,
        })
    }
}

/// Shows the `#elos-fallback` list when the app cannot start: no WebAssembly, the loader or the
/// app's module failing to load, or the app failing before it announces itself. It runs before
/// Trunk's loader (both are deferred, in document order).
const FALLBACK_JS: &str = include_str!("fallback.js");

/// Runs the core's `elos page-parts` for this repository's configuration and default dataset.
fn make_page_parts() -> Result<PageParts> {
    let root = repo_root();
    let out = root.join(PAGE_PARTS_DIR);
    let mut make = cargo();
    make.args([
        "run",
        "--quiet",
        "--package",
        "elos-cli",
        "--",
        "page-parts",
        "--site",
    ])
    .arg(root.join(SITE_CONFIG))
    .arg("--public")
    .arg(root.join("public"))
    .arg("--out")
    .arg(&out);
    cmd::run(&mut make)?;
    PageParts::read(&out)
}

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
    let parts = make_page_parts()?;
    if !dist.join(&parts.default_dataset).is_file() {
        return Err(format!(
            "{SITE_CONFIG} names the default dataset {}, which dist/ does not have; put it under public/data/",
            parts.default_dataset
        ));
    }
    let index_path = dist.join("index.html");
    let locales = repo_root().join("crates/elos-core/locales");
    let default_catalogue = read(&locales.join("pt-BR.json"))?;
    let mut others = Vec::new();
    for lang in BOOT_OTHER_LANGUAGES {
        others.push((lang, read(&locales.join(format!("{lang}.json")))?));
    }
    let template = read(&index_path)?;
    // The title last: a dataset's text is never read as a placeholder.
    let html = fill_messages(&template, &default_catalogue)
        .and_then(|html| {
            let texts = boot_texts(&template, &default_catalogue, &others)?;
            attach_boot_texts(&html, &texts)
        })
        .map(|html| fill_title(&html, &parts.title))
        .and_then(|html| {
            fill_first_view(
                &html,
                &parts.first_map,
                &[
                    (FIRST_MAP_NOTE_MARK, &parts.first_map_note),
                    (FIRST_COUNT_MARK, &parts.first_count),
                    (FIRST_LEGEND_MARK, &parts.first_legend),
                    (FIRST_TIMELINE_MARK, &parts.first_timeline),
                ],
            )
        })
        .map_err(|problem| format!("{}: {problem}", index_path.display()))?;
    let hardened =
        harden(&html, &parts).map_err(|problem| format!("{}: {problem}", index_path.display()))?;
    for script in &hardened.scripts {
        write(&dist.join(&script.file_name), &script.source)?;
    }
    write(&index_path, &hardened.html)?;
    write(&dist.join(POSTER), &parts.poster)?;
    let loader = repo_root().join("public").join(EMBED_LOADER);
    write(&dist.join(EMBED_LOADER), &read(&loader)?)?;
    crate::supply::write_licences(&dist)?;
    check_asset_urls(&dist)?;
    // Last: the worker's cache list is whatever dist/ holds now.
    let cached = sw::write(&dist)?;
    println!(
        "build: dist/ ready; scripts {}, CSP in <head> with connect-src {}, links of {} as <noscript> and #elos-fallback, all asset URLs relative, \
         {EMBED_LOADER} and {POSTER} for host pages, {} caching {cached} URLs for offline use",
        hardened
            .scripts
            .iter()
            .map(|script| script.file_name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        parts.connect_src,
        parts.default_dataset,
        sw::FILE_NAME
    );
    Ok(dist)
}

/// Where the first view's note under the map, count of links (in the filter bar), legend
/// (beside the map) and timeline go in `index.html`'s placeholder.
const FIRST_MAP_NOTE_MARK: &str = "<!--elos:first-map-note-->";
const FIRST_COUNT_MARK: &str = "<!--elos:first-count-->";
const FIRST_LEGEND_MARK: &str = "<!--elos:first-legend-->";
const FIRST_TIMELINE_MARK: &str = "<!--elos:first-timeline-->";

/// The first view drawn at build time (`elos page-parts`' `first-map.html`, and the parts for
/// `marks`: `first-map-note.html`, `first-count.html`, `first-legend.html`,
/// `first-timeline.html`, made and escaped by
/// the core): the map replaces the world outline Trunk inlined (`<svg id="world">…</svg>`),
/// each part its mark. After the messages and the title, so no dataset text is read as a
/// placeholder.
pub fn fill_first_view(html: &str, map: &str, marks: &[(&str, &str)]) -> Result<String> {
    let id = html
        .find("id=\"world\"")
        .ok_or("no <svg id=\"world\"> (the inlined public/world.svg) in the placeholder")?;
    let start = html[..id]
        .rfind("<svg")
        .ok_or("no <svg before id=\"world\"")?;
    let end = id
        + html[id..]
            .find("</svg>")
            .ok_or("unclosed <svg id=\"world\">")?
        + "</svg>".len();
    if let Some((mark, _)) = marks.iter().find(|(mark, _)| !html.contains(mark)) {
        return Err(format!("no {mark} in the placeholder"));
    }
    let mut html = format!("{}{map}{}", &html[..start], &html[end..]);
    for (mark, part) in marks {
        html = html.replacen(mark, part, 1);
    }
    Ok(html)
}

/// The placeholder frame's `{{dataset.title}}`: the default dataset's title, as the app's
/// subtitle shows it once the data is in. Painted first, it is the page's largest text; had the
/// app then drawn a longer subtitle, that would have been a new, later largest paint (LCP).
/// `title_html` is `elos page-parts`' `title.html`, escaped there like every other piece of
/// dataset text the build writes into the page.
pub fn fill_title(html: &str, title_html: &str) -> String {
    html.replace(&format!("{{{{{TITLE_KEY}}}}}"), title_html)
}

const TITLE_KEY: &str = "dataset.title";

/// Fills the `{{key}}` placeholders of index.html's first-paint placeholder (`#boot`) with the
/// default language's messages, so what is painted before the wasm runs says what the app
/// will say (and is the same size: a text that changes size when the app takes over moves the
/// page). The catalogue is read line by line: each plain message is one `"key": "text",` line.
pub fn fill_messages(html: &str, catalogue: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((start, key, end)) = next_placeholder(rest)? {
        if key == TITLE_KEY {
            // Left for `fill_title`.
            out.push_str(&rest[..end + 2]);
            rest = &rest[end + 2..];
            continue;
        }
        let value = message(catalogue, key)?;
        out.push_str(&rest[..start]);
        // Safe in text and in a quoted attribute (`placeholder="{{search.placeholder}}"`), as
        // elos_core::fallback::escape_html writes it.
        for c in value.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The first `{{key}}` placeholder in `text`: where it starts, its key, and where its `}}`
/// starts (the text after it is `text[end + 2..]`).
fn next_placeholder(text: &str) -> Result<Option<(usize, &str, usize)>> {
    let Some(start) = text.find("{{") else {
        return Ok(None);
    };
    let end = text[start..]
        .find("}}")
        .map(|e| start + e)
        .ok_or("an unclosed {{ placeholder")?;
    Ok(Some((start, &text[start + 2..end], end)))
}

/// The languages other than the default (pt-BR) that the placeholder's own texts are given in.
const BOOT_OTHER_LANGUAGES: [&str; 2] = ["en", "es"];

/// The placeholder's texts in the other languages, as JSON for `#boot`'s `data-texts`:
/// `{"en": [["Mapa", "Map"], …], …}`, each pair the default language's text (as the page has
/// it after [`fill_messages`]) and the same message in that language. fallback.js swaps them
/// before the first paint when the app will speak another language, so the placeholder's
/// controls and headings say what the app will say (and take its widths).
pub fn boot_texts(template: &str, default: &str, others: &[(&str, String)]) -> Result<String> {
    // The first view's timeline heading is written by `elos page-parts`, not a placeholder.
    let mut keys: Vec<&str> = vec!["timeline.title"];
    let mut rest = template;
    while let Some((_, key, end)) = next_placeholder(rest)? {
        if key != TITLE_KEY && !keys.contains(&key) {
            keys.push(key);
        }
        rest = &rest[end + 2..];
    }
    let mut json = String::from("{");
    for (n, (lang, catalogue)) in others.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"{lang}\":["));
        let mut first = true;
        for key in &keys {
            let from = message(default, key)?;
            let to = message(catalogue, key).map_err(|e| format!("{lang}: {e}"))?;
            if from == to {
                continue;
            }
            if !first {
                json.push(',');
            }
            first = false;
            json.push_str(&format!(
                "[{},{}]",
                crate::sw::js_string(&from),
                crate::sw::js_string(&to)
            ));
        }
        json.push(']');
    }
    json.push('}');
    Ok(json)
}

/// Puts [`boot_texts`]'s JSON on `<div id="boot"`, as an attribute (HTML-escaped: no script
/// element, so nothing for the Content-Security-Policy to weigh).
pub fn attach_boot_texts(html: &str, texts: &str) -> Result<String> {
    const BOOT: &str = "<div id=\"boot\"";
    if html.matches(BOOT).count() != 1 {
        return Err("the placeholder needs exactly one <div id=\"boot\">".into());
    }
    let escaped = texts
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Ok(html.replacen(BOOT, &format!("{BOOT} data-texts=\"{escaped}\""), 1))
}

/// A plain message of a catalogue, unescaped (`\"` and `\\` as the characters), read as
/// [`fill_messages`] reads it: one `"key": "text",` line.
fn message(catalogue: &str, key: &str) -> Result<String> {
    let needle = format!("\"{key}\": \"");
    let line = catalogue
        .lines()
        .find(|l| l.trim_start().starts_with(&needle))
        .ok_or_else(|| format!("{{{{{key}}}}}: no plain message {key} in the catalogue"))?;
    let value = line.trim_start()[needle.len()..]
        .trim_end()
        .trim_end_matches(',')
        .strip_suffix('"')
        .ok_or_else(|| format!("{key}: not a one-line message"))?;
    Ok(value.replace("\\\"", "\"").replace("\\\\", "\\"))
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

/// Rewrites Trunk's `index.html` for the policy ([`csp`]): inline scripts become files, SRI
/// attributes go, the policy becomes the first element of `<head>` followed by the site
/// configuration and the fallback script, and the list of links opens `<body>`.
pub fn harden(html: &str, parts: &PageParts) -> Result<Hardened> {
    if html
        .to_ascii_lowercase()
        .contains("http-equiv=\"content-security-policy\"")
    {
        return Err("already has a Content-Security-Policy; was it hardened twice?".into());
    }
    let policy = csp(&parts.connect_src)?;
    if parts.site_json.contains('<') {
        return Err("the site configuration would close its <script> element".into());
    }
    let (html, mut scripts) = externalise_inline_scripts(html)?;
    if contains_tag(&html, "style") {
        return Err(
            "has an inline <style>, which style-src 'self' blocks; drop data-inline from the css link in index.html"
                .into(),
        );
    }
    let html = strip_attribute(&html, "integrity");
    let html = preload_dataset(&html, &parts.default_dataset)?;
    let html = print_stylesheet_for_print_only(&html)?;
    let fallback_js = ScriptFile {
        file_name: format!("fallback-{}.js", short_hash(FALLBACK_JS)),
        source: FALLBACK_JS.to_string(),
    };
    let html = insert_after_tag(
        &html,
        "head",
        &format!(
            "\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />\
             \n    <script type=\"application/json\" id=\"elos-site\">{}</script>\
             \n    <script src=\"./{}\" defer></script>",
            parts.site_json, fallback_js.file_name
        ),
    )?;
    let html = insert_after_tag(
        &html,
        "body",
        &format!("\n{}\n{}\n", parts.noscript, parts.fallback),
    )?;
    scripts.push(fallback_js);
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
        if body.is_empty() || has_attribute(open_tag, "src") || is_data_block(open_tag) {
            out.push_str(&html[start..end]);
        } else {
            let body = &after_first_paint(body);
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

/// Trunk's loader starts the app (`await init(…)`) as soon as the wasm is in. Started before
/// the browser's first paint, the app replaced the page's painted-in-advance frame (the world
/// map in index.html) before it was ever shown: in a fast load the first paint came only after
/// the app, about 0.4 s in instead of 0.2 s, and Lighthouse then counted the wasm download in
/// the largest contentful paint. The app now starts after the first contentful paint, or at
/// once in a hidden tab (which does not paint), or after a second whatever happens. The wasm
/// still downloads and compiles meanwhile: its preload stays. Without it Lighthouse's simulated
/// LCP falls from ~3.2 to ~1.3 s (Lantern counts every request that ended before the observed
/// paint), but on a real slow 4G link (562.5 ms RTT, 1.47 Mbps, CPU 4×) the map and timeline
/// were painted ~0.9 s later (5.3 vs 4.4 s) for a first paint only 76 ms sooner (measured
/// 2026-12-03). Double quotes only: the asset check reads the loader's single-quoted strings
/// as its file paths.
const AFTER_FIRST_PAINT_JS: &str = "await new Promise((go) => {
  if (document.visibilityState !== \"visible\" || typeof PerformanceObserver !== \"function\") return go();
  setTimeout(go, 1000);
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName(\"first-contentful-paint\").length) {
      observer.disconnect();
      setTimeout(go, 0);
    }
  }).observe({ type: \"paint\", buffered: true });
});
";

/// `body` with the wait for the first paint before the first `await init(` (a script without
/// one is left as it is).
fn after_first_paint(body: &str) -> String {
    match body
        .find("const wasm = await init(")
        .or_else(|| body.find("await init("))
    {
        Some(at) => format!("{}{AFTER_FIRST_PAINT_JS}{}", &body[..at], &body[at..]),
        None => body.to_string(),
    }
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

/// A `<script>` whose type is neither JavaScript nor a module is data the browser never runs
/// (and the policy does not block); it stays where it is.
fn is_data_block(open_tag: &str) -> bool {
    let lower = open_tag.to_ascii_lowercase();
    let Some(at) = lower.find(" type=\"") else {
        return false;
    };
    let value = &lower[at + " type=\"".len()..];
    let value = value.split('"').next().unwrap_or("");
    !matches!(
        value,
        "" | "module" | "text/javascript" | "application/javascript"
    )
}

fn insert_after_tag(html: &str, name: &str, insert: &str) -> Result<String> {
    let lower = html.to_ascii_lowercase();
    let tag = find_tag(&lower, name).ok_or(format!("has no <{name}>"))?;
    let tag_end = find_from(&lower, ">", tag).ok_or(format!("has an unclosed <{name}> tag"))? + 1;
    Ok(format!("{}{insert}{}", &html[..tag_end], &html[tag_end..]))
}

/// Points the dataset preload of `index.html` at the configured default dataset, so the page
/// still fetches it while the wasm downloads.
fn preload_dataset(html: &str, dataset: &str) -> Result<String> {
    let preloaded = format!("href=\"{INDEX_PRELOADED_DATASET}\"");
    if dataset == INDEX_PRELOADED_DATASET {
        return Ok(html.to_string());
    }
    if !html.contains(&preloaded) {
        return Err(format!(
            "has no preload of {INDEX_PRELOADED_DATASET}; keep it in index.html so the default dataset loads early"
        ));
    }
    Ok(html.replacen(&preloaded, &format!("href=\"{dataset}\""), 1))
}

/// Marks the printed brief's stylesheet (`style/print.css`, all `@page` and `@media print`)
/// `media="print"`: the browser then neither waits for it before the first paint nor fetches
/// it ahead of what the screen needs. Trunk writes the `<link>` without a `media` attribute.
/// A page without it (a test's) is left as it is.
fn print_stylesheet_for_print_only(html: &str) -> Result<String> {
    const LINK: &str = "<link rel=\"stylesheet\" href=\"./print-";
    let Some(at) = html.find(LINK) else {
        return Ok(html.to_string());
    };
    let end = find_from(html, ">", at).ok_or("has an unclosed print.css <link>")?;
    let tag = &html[at..end];
    if has_attribute(&tag.to_ascii_lowercase(), "media") {
        return Ok(html.to_string());
    }
    let close = if tag.ends_with('/') { end - 1 } else { end };
    Ok(format!(
        "{} media=\"print\"{}",
        &html[..close],
        &html[close..]
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

/// Values of `src="…"` and `href="…"` attributes of assets: not of `<a>` links, which the
/// list of links has (its sources are https pages elsewhere, by design).
fn html_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in [" src=\"", " href=\""] {
        let mut from = 0;
        while let Some(at) = find_from(html, attribute, from) {
            from = at + attribute.len();
            let tag_start = html[..at].rfind('<').unwrap_or(0);
            if html[tag_start..].starts_with("<a ") {
                continue;
            }
            if let Some(end) = html[from..].find('"') {
                urls.push(html[from..from + end].to_string());
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
<link rel="preload" href="data/example.json" as="fetch" crossorigin="anonymous" />
<link rel="stylesheet" href="./main-1a2b.css" integrity="sha384-AbC+/=">
<link rel="stylesheet" href="./print-3c4d.css" integrity="sha384-PrT"/>
<link rel="modulepreload" href="./elos-app-9f8e.js" crossorigin="anonymous" integrity="sha384-XyZ">
<link rel="preload" href="./elos-app-9f8e_bg.wasm" crossorigin="anonymous" integrity="sha384-WaS" as="fetch" type="application/wasm"></head>
<body><script type="module">
import init, * as bindings from './elos-app-9f8e.js';
const wasm = await init({ module_or_path: './elos-app-9f8e_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

    fn parts() -> PageParts {
        PageParts {
            connect_src: "'self'".into(),
            site_json: r#"{"format": 1, "data_sources": [], "default_dataset": "data/example.json"}"#
                .into(),
            default_dataset: "data/example.json".into(),
            title: "<bdi>Example</bdi>".into(),
            noscript: "<noscript><ul><li><bdi>Kitakyushu</bdi></li></ul></noscript>".into(),
            fallback: "<section id=\"elos-fallback\" hidden><ul><li><a href=\"https://example.org/\">s</a></li></ul></section>".into(),
            poster: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into(),
            first_map: String::new(),
            first_map_note: String::new(),
            first_count: String::new(),
            first_legend: String::new(),
            first_timeline: String::new(),
        }
    }

    #[test]
    fn the_first_view_replaces_the_inlined_world_and_its_marks() {
        let marks = [
            ("<!--l-->", "<section>l</section>"),
            ("<!--t-->", "<section>t</section>"),
        ];
        let html = "<div class=\"map-frame\"><svg xmlns=\"x\" id=\"world\" viewBox=\"0 0 1 1\"><g/></svg></div><!--l--></section><!--t--><svg id=\"other\"></svg>";
        assert_eq!(
            fill_first_view(html, "<svg id=\"world\" viewBox=\"2 2 3 3\"></svg><svg class=\"boot-layers\"></svg>", &marks).unwrap(),
            "<div class=\"map-frame\"><svg id=\"world\" viewBox=\"2 2 3 3\"></svg><svg class=\"boot-layers\"></svg></div><section>l</section></section><section>t</section><svg id=\"other\"></svg>"
        );
        assert!(fill_first_view("<p>no world</p><!--l--><!--t-->", "m", &marks).is_err());
        for present in ["", "<!--l-->", "<!--t-->"] {
            assert!(
                fill_first_view(&format!("<svg id=\"world\"></svg>{present}"), "m", &marks)
                    .is_err(),
                "a mark missing: {present:?}"
            );
        }
        // The page's own template has every mark the build fills.
        let template = include_str!("../../index.html");
        for mark in [
            FIRST_MAP_NOTE_MARK,
            FIRST_COUNT_MARK,
            FIRST_LEGEND_MARK,
            FIRST_TIMELINE_MARK,
        ] {
            assert_eq!(template.matches(mark).count(), 1, "{mark}");
        }
    }

    #[test]
    fn the_placeholder_title_is_filled_after_the_messages() {
        assert_eq!(
            fill_title(
                "<p>{{dataset.title}}</p><p>{{app.name}}</p>",
                "<bdi>Links of A &amp; B</bdi>"
            ),
            "<p><bdi>Links of A &amp; B</bdi></p><p>{{app.name}}</p>"
        );
        // Messages first, the title after: braces in a title are text.
        let catalogue = "{\n  \"app.name\": \"Elos\",\n}";
        let filled =
            fill_messages("<p>{{dataset.title}}</p><h1>{{app.name}}</h1>", catalogue).unwrap();
        assert_eq!(filled, "<p>{{dataset.title}}</p><h1>Elos</h1>");
        assert_eq!(
            fill_title(&filled, "{{app.name}}"),
            "<p>{{app.name}}</p><h1>Elos</h1>"
        );
    }

    #[test]
    fn the_placeholders_texts_are_given_in_the_other_languages_as_escaped_pairs() {
        let template = "<div id=\"boot\"><h2>{{map.title}}</h2><p>{{dataset.title}}</p>\
                        <input placeholder=\"{{q}}\"><b>{{same}}</b><i>{{map.title}}</i></div>";
        let pt = "{\n  \"timeline.title\": \"Linha do tempo\",\n  \"map.title\": \"Mapa\",\n  \
                  \"q\": \"ex.: \\\"Belo\\\" <BH>\",\n  \"same\": \"Elos\"\n}";
        let en = "{\n  \"timeline.title\": \"Timeline\",\n  \"map.title\": \"Map\",\n  \
                  \"q\": \"e.g. \\\"Belo\\\" & <BH>\",\n  \"same\": \"Elos\"\n}";
        let texts = boot_texts(template, pt, &[("en", en.to_string())]).unwrap();
        // Each key once, in order, the dataset's title left out, equal texts left out, and
        // quotes escaped for JSON.
        assert_eq!(
            texts,
            r#"{"en":[["Linha do tempo","Timeline"],["Mapa","Map"],["ex.: \"Belo\" <BH>","e.g. \"Belo\" & <BH>"]]}"#
        );
        let html = attach_boot_texts(template, &texts).unwrap();
        assert!(html.starts_with(
            "<div id=\"boot\" data-texts=\"{&quot;en&quot;:[[&quot;Linha do tempo&quot;,"
        ));
        // Nothing in the attribute can end it or open a tag.
        let attribute = html.split("data-texts=\"").nth(1).unwrap();
        let value = &attribute[..attribute.find('"').unwrap()];
        assert!(!value.contains('<') && !value.contains('>'), "{value}");
        assert!(value.ends_with("]]}"), "{value}");
        // A message missing in a language is an error that names it, not a silent gap.
        let partial = "{\n  \"map.title\": \"Map\"\n}";
        let error = boot_texts(template, pt, &[("es", partial.to_string())]).unwrap_err();
        assert!(error.starts_with("es: {{timeline.title}}"), "{error}");
        assert!(attach_boot_texts("<main></main>", "{}").is_err());
    }

    #[test]
    fn placeholders_take_the_default_languages_messages() {
        let catalogue = "{\n  \"@name\": \"Português\",\n  \"map.attribution\": \"Países: <Natural Earth> & \\\"GeoNames\\\".\",\n  \"x\": {\n    \"one\": \"a\"\n  }\n}\n";
        assert_eq!(
            fill_messages("<p>{{map.attribution}}</p>", catalogue).unwrap(),
            "<p>Países: &lt;Natural Earth&gt; &amp; &quot;GeoNames&quot;.</p>"
        );
        // A message with quotes cannot close the attribute it is put in.
        assert_eq!(
            fill_messages("<input placeholder=\"{{map.attribution}}\" />", catalogue).unwrap(),
            "<input placeholder=\"Países: &lt;Natural Earth&gt; &amp; &quot;GeoNames&quot;.\" />"
        );
        assert!(fill_messages("<p>{{nope}}</p>", catalogue).is_err());
        assert!(
            fill_messages("<p>{{x}}</p>", catalogue).is_err(),
            "plural messages are not one line"
        );
        assert!(fill_messages("<p>{{map.attribution</p>", catalogue).is_err());
        assert_eq!(
            fill_messages("no placeholders", catalogue).unwrap(),
            "no placeholders"
        );
    }

    #[test]
    fn loader_moves_to_a_file_and_the_policy_leads_the_head() {
        let hardened = harden(TRUNK_INDEX, &parts()).unwrap();
        let [loader, fallback] = &hardened.scripts[..] else {
            panic!(
                "the loader and the fallback script expected, got {:?}",
                hardened.scripts
            );
        };
        assert!(
            fallback.file_name.starts_with("fallback-")
                && fallback.source.contains("elos-fallback")
        );
        assert!(loader.file_name.starts_with("loader-") && loader.file_name.ends_with(".js"));
        assert!(loader
            .source
            .starts_with("import init, * as bindings from './elos-app-9f8e.js';"));
        assert!(hardened.html.contains(&format!(
            "<script type=\"module\" src=\"./{}\"></script></body>",
            loader.file_name
        )));
        assert!(!hardened.html.contains("import init"));
        // The app starts after the first paint: the wait comes between the import and init.
        let wait = loader.source.find("first-contentful-paint").unwrap();
        assert!(wait < loader.source.find("await init(").unwrap());
        assert!(loader.source.find("import init").unwrap() < wait);
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
        let first = harden(TRUNK_INDEX, &parts()).unwrap();
        let second = harden(TRUNK_INDEX, &parts()).unwrap();
        assert_eq!(first.scripts, second.scripts);

        let external = r#"<html><head></head><body><script src="./a.js"></script></body></html>"#;
        let hardened = harden(external, &parts()).unwrap();
        assert_eq!(hardened.scripts.len(), 1, "only the fallback script");
        assert!(hardened.html.contains(r#"<script src="./a.js"></script>"#));
    }

    #[test]
    fn refuses_what_the_policy_would_block_or_a_second_pass() {
        let styled = "<html><head><style>h1{}</style></head></html>";
        assert!(harden(styled, &parts()).unwrap_err().contains("<style>"));
        let once = harden(TRUNK_INDEX, &parts()).unwrap().html;
        assert!(harden(&once, &parts()).is_err());
        assert!(harden("<html><header></header></html>", &parts())
            .unwrap_err()
            .contains("no <head>"));
        assert!(harden("<head><script>x", &parts())
            .unwrap_err()
            .contains("unclosed"));
    }

    #[test]
    fn connect_src_comes_from_the_site_configuration_and_nothing_else() {
        assert_eq!(
            csp("'self'").unwrap(),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
        );
        let listed = csp("'self' https://dados.city.gov.br/elos/ https://b.example:8443/").unwrap();
        assert!(listed.contains(
            "; connect-src 'self' https://dados.city.gov.br/elos/ https://b.example:8443/; "
        ));
        for bad in [
            "'self' https:",
            "'self' *",
            "'self' http://a.example/",
            "'self' https://a.example/; script-src *",
            "'self' 'unsafe-inline'",
            "https://a.example/",
            "'self'  https://a.example/",
            "'self' https://a.example/\"",
        ] {
            assert!(csp(bad).is_err(), "{bad}");
        }
        let policy = harden(
            TRUNK_INDEX,
            &PageParts {
                connect_src: "'self' https://dados.city.gov.br/".into(),
                ..parts()
            },
        )
        .unwrap()
        .html;
        assert!(policy.contains("connect-src 'self' https://dados.city.gov.br/;"));
        assert!(!policy.contains("https:;") && !policy.contains("'self' https: "));
    }

    #[test]
    fn site_configuration_and_fallback_are_placed() {
        let hardened = harden(TRUNK_INDEX, &parts()).unwrap();
        let html = &hardened.html;
        let site = format!(
            "<script type=\"application/json\" id=\"elos-site\">{}</script>",
            parts().site_json
        );
        assert!(html.contains(&site), "{html}");
        let fallback_js = &hardened.scripts[1].file_name;
        assert!(html.contains(&format!("<script src=\"./{fallback_js}\" defer></script>")));
        // The fallback script is deferred before the loader, so it listens before the app starts.
        assert!(html.find(fallback_js.as_str()) < html.find("loader-"));
        let body = html.find("<body>").unwrap();
        let noscript = html.find("<noscript>").unwrap();
        let section = html.find("<section id=\"elos-fallback\" hidden>").unwrap();
        assert!(body < noscript && noscript < section && section < html.find("loader-").unwrap());
        // A JSON block is data, not a script to move to a file.
        let again = externalise_inline_scripts(html).unwrap();
        assert!(again.1.is_empty() && again.0.contains(&site));
        // Its links are not assets.
        assert!(html_urls(html)
            .iter()
            .all(|url| !url.starts_with("https://example.org")));
        let bad = PageParts {
            site_json: "{\"x\": \"</script><script>alert(1)</script>\"}".into(),
            ..parts()
        };
        assert!(harden(TRUNK_INDEX, &bad).is_err());
    }

    #[test]
    fn the_print_stylesheet_applies_to_print_only() {
        let html = harden(TRUNK_INDEX, &parts()).unwrap().html;
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"./print-3c4d.css\" media=\"print\"/>")
        );
        assert!(html.contains("<link rel=\"stylesheet\" href=\"./main-1a2b.css\">"));
        let other = TRUNK_INDEX.replace("./print-3c4d.css", "./other.css");
        let html = harden(&other, &parts()).unwrap().html;
        assert!(html.contains("href=\"./other.css\""));
        assert!(!html.contains("media="));
    }

    #[test]
    fn another_default_dataset_is_preloaded() {
        let other = PageParts {
            default_dataset: "data/ipatinga.json".into(),
            ..parts()
        };
        let html = harden(TRUNK_INDEX, &other).unwrap().html;
        assert!(html.contains("<link rel=\"preload\" href=\"data/ipatinga.json\" as=\"fetch\""));
        assert!(!html.contains("data/example.json\" as"));
        assert!(harden("<html><head></head><body></body></html>", &other).is_err());
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
