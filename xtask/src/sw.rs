//! dist/sw.js: the service worker (`public/sw.js`) with the cache list of this build — every
//! file Trunk wrote, by its hashed name — and a version that changes whenever any file does,
//! so the browser installs a new worker exactly when there is something new.

use std::fs;
use std::path::Path;

use crate::Result;

/// The worker's template; only the block between the markers changes.
const TEMPLATE: &str = include_str!("../../public/sw.js");
const BEGIN: &str = "/* elos:precache */";
const END: &str = "/* /elos:precache */";

/// The worker's file name in dist/; the page registers `./sw.js` so its scope is the app's
/// folder, wherever a city hall puts it.
pub const FILE_NAME: &str = "sw.js";

/// The files of the import worker and its gazetteer (`index.html`): fetched only when a person
/// opens Import, so never precached for every reader (the gazetteer alone is 13 MB).
pub fn only_for_import(path: &str) -> bool {
    let path = path.trim_start_matches("./");
    path.starts_with("import/") || path.starts_with("elos-import-worker")
}

/// The cache list: `./` (the page as navigations ask for it) and every file under `dist`
/// except the worker itself, the import's files and hidden files, as `./`-relative URLs, sorted; and the version,
/// a hash of every listed file's name and bytes.
pub fn precache(dist: &Path) -> Result<(Vec<String>, String)> {
    let mut files = Vec::new();
    collect(dist, dist, &mut files)?;
    files.sort();
    let mut hash = Fnv::new();
    for (url, path) in &files {
        hash.write(url.as_bytes());
        hash.write(&[0]);
        let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        hash.write(&bytes);
    }
    let mut urls = vec!["./".to_owned()];
    urls.extend(files.into_iter().map(|(url, _)| url));
    Ok((urls, format!("{:016x}", hash.finish())))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, std::path::PathBuf)>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') {
            continue; // Trunk's staging folder, editors' files
        }
        if path.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        let relative = path.strip_prefix(root).map_err(|e| e.to_string())?;
        let url: Vec<String> = relative
            .components()
            .map(|c| percent_encode(&c.as_os_str().to_string_lossy()))
            .collect();
        let url = format!("./{}", url.join("/"));
        if url != format!("./{FILE_NAME}") && !only_for_import(&url) {
            out.push((url, path));
        }
    }
    Ok(())
}

/// File names as URL path segments: Trunk's are plain ASCII, but a data file a city hall
/// adds to dist/ may have spaces or accents.
fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The worker's text for this cache list and version.
pub fn render(template: &str, urls: &[String], version: &str) -> Result<String> {
    let (Some(begin), Some(end)) = (template.find(BEGIN), template.find(END)) else {
        return Err(format!(
            "public/sw.js has lost its `{BEGIN}` … `{END}` markers"
        ));
    };
    if end < begin || template.matches(BEGIN).count() != 1 {
        return Err(format!(
            "public/sw.js must have one `{BEGIN}` before one `{END}`"
        ));
    }
    let list: Vec<String> = urls.iter().map(|u| format!("  {}", js_string(u))).collect();
    Ok(format!(
        "{}{BEGIN}\nconst VERSION = {};\nconst PRECACHE = [\n{},\n];\n{}",
        &template[..begin],
        js_string(version),
        list.join(",\n"),
        &template[end..]
    ))
}

/// A JavaScript string literal, which is also a JSON string (JSON's escaping is valid
/// JavaScript; U+2028 and U+2029, escaped too, are plain characters in both).
pub fn js_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes dist/sw.js for what dist/ holds now. Run after everything else is in dist/.
pub fn write(dist: &Path) -> Result<usize> {
    let (urls, version) = precache(dist)?;
    let text = render(TEMPLATE, &urls, &version)?;
    let path = dist.join(FILE_NAME);
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(urls.len())
}

/// FNV-1a, 64 bits: a version that changes when any byte does (not a security hash).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dist/ as Trunk leaves it, in a fresh temporary folder.
    fn fake_dist(name: &str) -> std::path::PathBuf {
        let dist = std::env::temp_dir().join(format!("elos-sw-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dist);
        fs::create_dir_all(dist.join("data")).unwrap();
        fs::create_dir_all(dist.join("locales")).unwrap();
        fs::create_dir_all(dist.join(".stage")).unwrap();
        fs::create_dir_all(dist.join("import")).unwrap();
        for (file, text) in [
            // Loaded when a person opens Import, never precached.
            ("import/gazetteer.tsv", "C\tAD"),
            ("elos-import-worker_loader.js", "importScripts()"),
            ("elos-import-worker_bg.wasm", "\0asm"),
            ("index.html", "<html></html>"),
            ("elos-app-9f8e0a1b2c3d4e5f.js", "export default 1"),
            ("elos-app-9f8e0a1b2c3d4e5f_bg.wasm", "\0asm"),
            ("main-1a2b3c4d5e6f7a8b.css", "body{}"),
            ("loader-0123456789.js", "import init"),
            ("locales/en.json", "{}"),
            ("data/example.json", "{\"format\":1}"),
            ("data/minha cidade.json", "{}"),
            (".stage/partial.js", "half-written"),
            ("sw.js", "an older worker"),
        ] {
            fs::write(dist.join(file), text).unwrap();
        }
        dist
    }

    #[test]
    fn the_cache_list_is_every_file_of_the_build() {
        let dist = fake_dist("list");
        let (urls, version) = precache(&dist).unwrap();
        assert_eq!(
            urls,
            [
                "./",
                "./data/example.json",
                "./data/minha%20cidade.json",
                "./elos-app-9f8e0a1b2c3d4e5f.js",
                "./elos-app-9f8e0a1b2c3d4e5f_bg.wasm",
                "./index.html",
                "./loader-0123456789.js",
                "./locales/en.json",
                "./main-1a2b3c4d5e6f7a8b.css",
            ]
        );
        assert_eq!(version.len(), 16);
        // Same files, same version; one byte more anywhere, a new version.
        assert_eq!(precache(&dist).unwrap().1, version);
        fs::write(dist.join("data/example.json"), "{\"format\":1} ").unwrap();
        assert_ne!(precache(&dist).unwrap().1, version);
        fs::remove_dir_all(dist).unwrap();
    }

    #[test]
    fn the_worker_gets_the_list_and_keeps_the_rest_of_the_template() {
        let urls = vec!["./".to_owned(), "./a \"b\".js".to_owned()];
        let text = render(TEMPLATE, &urls, "0123456789abcdef").unwrap();
        assert!(text.contains(
            "/* elos:precache */\nconst VERSION = \"0123456789abcdef\";\nconst PRECACHE = [\n  \"./\",\n  \"./a \\\"b\\\".js\",\n];\n/* /elos:precache */"
        ), "{text}");
        assert!(!text.contains("const VERSION = \"dev\""));
        // Everything outside the block is the template's.
        let outside = |t: &str| {
            let (a, rest) = t.split_once(BEGIN).unwrap();
            let (_, b) = rest.split_once(END).unwrap();
            format!("{a}{b}")
        };
        assert_eq!(outside(&text), outside(TEMPLATE));
        assert!(render("no markers", &urls, "v").is_err());
        assert!(render(&format!("{END}{BEGIN}"), &urls, "v").is_err());
    }

    #[test]
    fn writing_puts_sw_js_in_dist() {
        let dist = fake_dist("write");
        let count = write(&dist).unwrap();
        let written = fs::read_to_string(dist.join(FILE_NAME)).unwrap();
        assert_eq!(count, 9);
        assert!(written.contains("\"./index.html\""));
        assert!(
            !written.contains("\"./sw.js\""),
            "the worker does not cache itself"
        );
        // Writing again from the same files gives the same worker: no update for nothing.
        write(&dist).unwrap();
        assert_eq!(fs::read_to_string(dist.join(FILE_NAME)).unwrap(), written);
        fs::remove_dir_all(dist).unwrap();
    }

    #[test]
    fn the_template_keeps_the_strategies_the_docs_promise() {
        // No skipWaiting on install: only the page's "activate" message updates a running tour.
        let install = &TEMPLATE[TEMPLATE.find("\"install\"").unwrap()..];
        let install = &install[..install.find("});").unwrap()];
        assert!(!install.contains("skipWaiting"), "{install}");
        assert_eq!(TEMPLATE.matches("self.skipWaiting()").count(), 1);
        for promise in [
            "elos-sw1",
            "\"activate\"",
            "\"version\"",
            "request.mode === \"navigate\"",
            "networkFirst",
            "cacheFirst",
            "no-store",
        ] {
            assert!(TEMPLATE.contains(promise), "public/sw.js lacks {promise}");
        }
    }
}
