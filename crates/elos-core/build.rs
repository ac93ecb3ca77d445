//! Embeds the message catalogues in `locales/`, so adding a language is adding a file.
//!
//! With the `all-catalogues` feature (the default: the CLI and the tests) every catalogue is
//! embedded. Without it (the web page) only the default language's is, and the page fetches
//! another language's file when it is chosen: each catalogue weighs about 5 KB compressed.
//! Every language's tag and name are embedded either way, for the language switcher.
use std::{env, fs, path::Path};

const DEFAULT_LANG: &str = "pt-BR";

/// The value of the catalogue's `"@name"` (the language's own name), read without a JSON
/// parser: the build script has none, and the field is a plain string on one line.
fn own_name(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("\"@name\""))
        .expect("every catalogue has an \"@name\" line");
    let value = line.split_once(':').expect("\"@name\": \"…\"").1.trim();
    value
        .trim_end_matches(',')
        .trim()
        .trim_matches('"')
        .to_owned()
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    let all = env::var_os("CARGO_FEATURE_ALL_CATALOGUES").is_some();
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("crates/elos-core/locales/ must exist")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    #[allow(clippy::disallowed_methods, reason = "build script: not in the wasm")]
    files.sort();
    let mut embedded = String::from(
        "/// (language tag, catalogue JSON) of every embedded catalogue.\npub const CATALOGUES: &[(&str, &str)] = &[\n",
    );
    let mut names = String::from(
        "/// (language tag, the language's own name) of every catalogue in `locales/`.\npub const LANGUAGES: &[(&str, &str)] = &[\n",
    );
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let tag = f.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&f).expect("a readable catalogue");
        names.push_str(&format!("    ({tag:?}, {:?}),\n", own_name(&text)));
        if all || tag == DEFAULT_LANG {
            embedded.push_str(&format!(
                "    ({tag:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
    }
    embedded.push_str("];\n");
    names.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("catalogues.rs"),
        embedded + &names,
    )
    .unwrap();
}
