//! What must hold for *any* input to the dataset loader and the site configuration, and a
//! seeded mutator that makes near-valid inputs from the example and the hostile corpus. The
//! AFL++ targets (`src/bin/afl-*.rs`) and the std-only run (`src/bin/mutate.rs`) share both.

use std::path::{Path, PathBuf};

use elos_core::address::Url;
use elos_core::fallback::links_html;
use elos_core::i18n::Catalogue;
use elos_core::json::{self, Document, Node, Value};
use elos_core::links::{links, HomeChoice};
use elos_core::problem::{Level, Problem};
use elos_core::site::{check_address, parse_site_config, DataSource};

/// Checks the loader's promises on one input; `Err` says which one broke.
pub fn check_load(text: &str, catalogues: &[Catalogue]) -> Result<(), String> {
    let loaded = elos_core::load(text);
    check_problems(text, &loaded.problems, catalogues)?;
    if loaded.dataset.is_some() == loaded.has_errors() {
        return Err("a dataset exists if and only if there is no error".into());
    }
    if let Some(ds) = &loaded.dataset {
        links(ds, HomeChoice::All);
        for &home in &ds.home_cities {
            links(ds, HomeChoice::One(home));
        }
        let html = links_html(ds, &catalogues[0], "data/x.json");
        if html.contains("<script") || html.contains("<img") || html.contains("<svg") {
            return Err(format!(
                "markup from the data reached the fallback list: {html}"
            ));
        }
    }
    Ok(())
}

/// Checks the site configuration's promises, and the address rule on addresses made from the
/// same input.
pub fn check_site(text: &str, catalogues: &[Catalogue]) -> Result<(), String> {
    let parsed = parse_site_config(text);
    check_problems(text, &parsed.problems, catalogues)?;
    let has_errors = parsed.problems.iter().any(|p| p.level() == Level::Error);
    if parsed.config.is_some() == has_errors {
        return Err("a configuration exists if and only if there is no error".into());
    }
    let config = parsed.config.unwrap_or_default();
    let round_trip = parse_site_config(&config.to_json()).config;
    if round_trip.as_ref() != Some(&config) {
        return Err(format!(
            "the embedded form does not read back: {}",
            config.to_json()
        ));
    }
    if config.to_json().contains('<') || config.connect_src().contains([';', ',', '"']) {
        return Err("the configuration can break out of its element or policy".into());
    }
    let page = Url::parse("https://www.city.gov.br/relacoes/elos/").expect("a valid page");
    for address in text
        .split(['"', ' ', '\n'])
        .filter(|a| !a.is_empty())
        .take(16)
    {
        if let Ok(approved) = check_address(address, &page, &config) {
            let url = &approved.url;
            let allowed = match &approved.source {
                DataSource::ThisSite { .. } => url.origin == page.origin,
                DataSource::Listed { .. } => config.data_sources.iter().any(|s| s.allows(url)),
                DataSource::LocalFile => false,
            };
            if !allowed || url.path.contains("/../") || url.path.ends_with("/..") {
                return Err(format!("{address:?} was allowed as {url:?}"));
            }
            // What the rule approved must be approved again when written out in full.
            if check_address(&url.href(), &page, &config).map(|a| a.url) != Ok(url.clone()) {
                return Err(format!("{address:?} → {} is not stable", url.href()));
            }
        }
    }
    Ok(())
}

/// Every problem has a position inside the text and a sentence in every catalogue.
fn check_problems(
    text: &str,
    problems: &[Problem],
    catalogues: &[Catalogue],
) -> Result<(), String> {
    let lines = text.split('\n').count() as u32;
    for problem in problems {
        let Some(at) = problem.at else {
            return Err(format!("a problem without a position: {problem:?}"));
        };
        if at.line == 0 || at.column == 0 || at.line > lines {
            return Err(format!("a position outside the file: {problem:?}"));
        }
        for catalogue in catalogues {
            let key = problem.message_key();
            let base = format!("problem.{}", problem.code.key());
            if !catalogue.has(&key) && !catalogue.has(&base) {
                return Err(format!("{}: no sentence for {key}", catalogue.lang));
            }
            catalogue.problem(problem);
        }
    }
    Ok(())
}

/// The seeds: the example, the hostile corpus, the markup file and any inputs fuzzing found
/// (`tests/data/fuzz/`).
pub fn dataset_seeds(repo: &Path) -> Vec<String> {
    let mut seeds = Vec::new();
    let mut add = |path: PathBuf| {
        if let Ok(text) = std::fs::read_to_string(&path) {
            seeds.push(text);
        }
    };
    add(repo.join("public/data/example.json"));
    add(repo.join("tests/data/markup-in-text.json"));
    for dir in ["tests/data/hostile", "tests/data/fuzz"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(repo.join(dir))
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "json") && !is_site_seed(&path) {
                add(path);
            }
        }
    }
    seeds
}

/// `tests/data/fuzz/site-*.json` are site configurations, not datasets.
fn is_site_seed(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("site-"))
}

/// A few hand-made configurations and addresses, and those kept in `tests/data/fuzz/site-*`.
pub fn site_seeds(repo: &Path) -> Vec<String> {
    let mut seeds = hand_made_site_seeds();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo.join("tests/data/fuzz"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    seeds.extend(
        paths
            .iter()
            .filter(|path| is_site_seed(path))
            .filter_map(|path| std::fs::read_to_string(path).ok()),
    );
    seeds
}

fn hand_made_site_seeds() -> Vec<String> {
    [
        r#"{"format": 1, "data_sources": [], "default_dataset": "data/example.json"}"#,
        r#"{"format": 1, "data_sources": ["https://dados.city.gov.br/elos/", "https://b.example:8443"]}"#,
        r#"{"format": 1, "data_sources": ["https://city.gov.br@evil.example/", "//evil.example", "data:,x", "blob:https://a/1", "https://prefeitura.são-paulo.example/", "https://a.example/x/../y/"], "default_dataset": "../x.json"}"#,
        "{\"format\": 1, \"data_sources\": [\"https://a.example/\"]}\n\"https://a.example/ok.json\" \"https://a.example/../x\" \"data/x.json\" \"../../x\" \"//a.example/z\" \"https://a.example@b.example/\"",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// xorshift64*: small, seeded, the same sequence everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that has broken parsers and pages before.
const HOSTILE_TEXT: &[&str] = &[
    "",
    " ",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "https://city.gov.br@evil.example/",
    "//evil.example/x.json",
    "\u{202E}gnp.exe",
    "\u{200B}\u{200D}\u{FEFF}",
    "\0",
    "=HYPERLINK(\"x\")",
    "😀👍🏽",
    "مدينة",
    "北九州市",
    "1978-02-30",
    "2017-13",
    "0000",
    "-0001",
    "99999",
    "kitakyshu",
    "ipatinga",
    "pt-BR",
    "xx-",
    "\\u0000",
];

const HOSTILE_NUMBERS: &[f64] = &[
    0.0, -0.0, 1.0, -1.0, 180.0, 180.000001, -90.5, 1e300, -1e-300, 2.0, 1978.0, 0.5,
];

/// One mutation of `seed`: mostly structural (so the loader's deeper checks run), sometimes
/// raw bytes (so the parser's do).
pub fn mutate(seed: &str, other: &str, rng: &mut Rng) -> String {
    if rng.below(4) == 0 {
        return mutate_bytes(seed, other, rng);
    }
    match json::parse(seed.strip_prefix('\u{feff}').unwrap_or(seed)) {
        Ok(doc) => {
            let mut root = Tree::from(&doc);
            let donor = json::parse(other).ok().map(|doc| Tree::from(&doc));
            for _ in 0..=rng.below(4) {
                mutate_tree(&mut root, donor.as_ref(), rng);
            }
            let mut out = String::new();
            write_json(&root, &mut out, rng.below(3) == 0);
            out
        }
        Err(_) => mutate_bytes(seed, other, rng),
    }
}

fn mutate_bytes(seed: &str, other: &str, rng: &mut Rng) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(8) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = rng.pick(b"{}[]\",:-0123456789.eE\\u \n\ttfn");
                bytes.insert(at, *piece);
            }
            2 if !bytes.is_empty() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 => bytes.truncate(at),
            4 => {
                let depth = rng.below(300);
                let open = if rng.below(2) == 0 { b'[' } else { b'{' };
                bytes.splice(at..at, std::iter::repeat_n(open, depth));
            }
            5 => {
                let donor = other.as_bytes();
                let start = rng.below(donor.len());
                let end = (start + rng.below(256)).min(donor.len());
                bytes.splice(at..at, donor[start..end].iter().copied());
            }
            6 => {
                let text = rng.pick(HOSTILE_TEXT).as_bytes();
                bytes.splice(at..at, text.iter().copied());
            }
            _ => {
                let start = rng.below(bytes.len());
                let end = (start + rng.below(128)).min(bytes.len());
                let copy: Vec<u8> = bytes[start..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A JSON value the mutator can edit. The core's [`Document`] keeps every list's items and
/// every object's members in two shared arrays, made for reading fast, not for editing.
#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Tree>),
    /// Members in file order, duplicate keys kept.
    Object(Vec<(String, Tree)>),
}

impl From<&Document<'_>> for Tree {
    fn from(doc: &Document<'_>) -> Tree {
        Tree::of(doc, doc.root())
    }
}

impl Tree {
    /// The parser refuses nesting beyond `json::MAX_DEPTH`, so this recursion stays shallow.
    fn of(doc: &Document<'_>, node: &Node<'_>) -> Tree {
        match &node.value {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(*b),
            Value::Number(n) => Tree::Number(*n),
            Value::String(s) => Tree::String(s.to_string()),
            Value::Array(items) => Tree::Array(
                doc.items(*items)
                    .iter()
                    .map(|item| Tree::of(doc, item))
                    .collect(),
            ),
            Value::Object(members) => Tree::Object(
                doc.members(*members)
                    .iter()
                    .map(|m| (m.key.to_string(), Tree::of(doc, &m.value)))
                    .collect(),
            ),
        }
    }
}

/// Changes one randomly chosen value somewhere in the tree.
fn mutate_tree(root: &mut Tree, donor: Option<&Tree>, rng: &mut Rng) {
    let count = count_nodes(root);
    let target = rng.below(count);
    let mut seen = 0;
    let donor_value = donor.map(|d| {
        let n = count_nodes(d);
        nth_node(d, rng.below(n)).clone()
    });
    visit_nth(root, target, &mut seen, &mut |node| match rng.below(9) {
        0 => *node = Tree::String(rng.pick(HOSTILE_TEXT).to_string()),
        1 => *node = Tree::Number(*rng.pick(HOSTILE_NUMBERS)),
        2 => *node = Tree::Null,
        3 => *node = Tree::Bool(rng.below(2) == 0),
        4 => {
            if let Some(d) = donor_value.clone() {
                *node = d;
            }
        }
        5 => match node {
            Tree::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                if rng.below(2) == 0 {
                    items.remove(i);
                } else {
                    let copy = items[i].clone();
                    items.insert(rng.below(items.len() + 1), copy);
                }
            }
            Tree::Object(members) if !members.is_empty() => {
                let i = rng.below(members.len());
                match rng.below(3) {
                    0 => {
                        members.remove(i);
                    }
                    1 => {
                        let copy = members[i].clone();
                        members.push(copy);
                    }
                    _ => members[i].0 = rng.pick(HOSTILE_TEXT).to_string(),
                }
            }
            _ => *node = Tree::Array(Vec::new()),
        },
        6 => {
            if let Tree::String(s) = node {
                // A typo in an id or a date.
                let mut chars: Vec<char> = s.chars().collect();
                if !chars.is_empty() {
                    let i = rng.below(chars.len());
                    chars.remove(i);
                }
                *s = chars.into_iter().collect();
            }
        }
        7 => *node = Tree::Object(Vec::new()),
        _ => {
            let inner = node.clone();
            *node = Tree::Array(vec![inner]);
        }
    });
}

fn count_nodes(node: &Tree) -> usize {
    1 + match node {
        Tree::Array(items) => items.iter().map(count_nodes).sum(),
        Tree::Object(members) => members.iter().map(|(_, value)| count_nodes(value)).sum(),
        _ => 0,
    }
}

fn nth_node(node: &Tree, n: usize) -> &Tree {
    fn walk<'a>(node: &'a Tree, n: usize, seen: &mut usize) -> Option<&'a Tree> {
        if *seen == n {
            return Some(node);
        }
        *seen += 1;
        match node {
            Tree::Array(items) => items.iter().find_map(|i| walk(i, n, seen)),
            Tree::Object(members) => members.iter().find_map(|(_, v)| walk(v, n, seen)),
            _ => None,
        }
    }
    walk(node, n, &mut 0).unwrap_or(node)
}

fn visit_nth(
    node: &mut Tree,
    n: usize,
    seen: &mut usize,
    change: &mut dyn FnMut(&mut Tree),
) -> bool {
    if *seen == n {
        change(node);
        return true;
    }
    *seen += 1;
    match node {
        Tree::Array(items) => items.iter_mut().any(|i| visit_nth(i, n, seen, change)),
        Tree::Object(members) => members
            .iter_mut()
            .any(|(_, value)| visit_nth(value, n, seen, change)),
        _ => false,
    }
}

/// JSON text of a tree (duplicate keys kept), on one line or indented.
fn write_json(tree: &Tree, out: &mut String, pretty: bool) {
    write_value(tree, out, pretty, 0);
}

fn write_value(value: &Tree, out: &mut String, pretty: bool, depth: usize) {
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    match value {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Number(n) => out.push_str(&format!("{n:?}").replace("inf", "1e999")),
        Tree::String(s) => write_string(s, out),
        Tree::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(item, out, pretty, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Tree::Object(members) => {
            out.push('{');
            for (i, (key, member)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(key, out);
                out.push_str(": ");
                write_value(member, out, pretty, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn every_seed_keeps_the_promises() {
        let catalogues = Catalogue::all();
        let seeds = dataset_seeds(&repo());
        assert!(seeds.len() > 30, "the example and the hostile corpus");
        for seed in &seeds {
            check_load(seed, &catalogues).unwrap();
        }
        for seed in site_seeds(&repo()) {
            check_site(&seed, &catalogues).unwrap();
        }
    }

    #[test]
    fn the_writer_gives_back_what_the_parser_read() {
        let example = &dataset_seeds(&repo())[0];
        let root = Tree::from(&json::parse(example).unwrap());
        let mut out = String::new();
        write_json(&root, &mut out, true);
        let again = Tree::from(&json::parse(&out).unwrap());
        let mut twice = String::new();
        write_json(&again, &mut twice, true);
        assert_eq!(again, root);
        assert_eq!(out, twice);
        assert!(elos_core::load(&out).dataset.is_some());
    }

    #[test]
    fn mutations_are_seeded() {
        let seeds = dataset_seeds(&repo());
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|i| mutate(&seeds[i % seeds.len()], &seeds[0], &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }
}
