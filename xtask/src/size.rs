//! `cargo xtask bench size`: raw, gzip -9 and brotli -q 11 bytes of every file in dist/, against the page-weight budget.

use std::path::Path;

use crate::cmd::{command, repo_root};
use crate::{dist, Args, Result};

/// What the example's first view downloads, brotli-compressed (150 KB, in SI kilobytes).
pub const BUDGET_BROTLI_BYTES: u64 = 150_000;

pub fn run(mut args: Args) -> Result<()> {
    let no_build = args.flag("--no-build");
    args.finish()?;
    let dist = if no_build {
        dist::dist_dir()
    } else {
        dist::build()?
    };
    let sizes = measure(&dist)?;
    print_table(&sizes);
    Ok(())
}

#[derive(Debug, PartialEq)]
pub struct FileSize {
    pub path: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Sizes of every file under `dist`, largest brotli first.
pub fn measure(dist: &Path) -> Result<Vec<FileSize>> {
    if !dist.join("index.html").exists() {
        return Err(format!(
            "{} has no index.html; run `cargo xtask build` first",
            dist.display()
        ));
    }
    let script = repo_root().join("xtask/scripts/compressed-sizes.mjs");
    let output = command("node")
        .arg(script)
        .arg(dist)
        .output()
        .map_err(|e| format!("cannot run node to measure dist/: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "measuring dist/ failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut sizes = parse(&String::from_utf8_lossy(&output.stdout))?;
    sizes.sort_by(|a, b| b.brotli.cmp(&a.brotli).then_with(|| a.path.cmp(&b.path)));
    Ok(sizes)
}

fn parse(tsv: &str) -> Result<Vec<FileSize>> {
    tsv.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let number = |i: usize| fields.get(i).and_then(|field| field.parse().ok());
            match (fields.first(), number(1), number(2), number(3)) {
                (Some(path), Some(raw), Some(gzip), Some(brotli)) => Ok(FileSize {
                    path: path.to_string(),
                    raw,
                    gzip,
                    brotli,
                }),
                _ => Err(format!(
                    "unexpected line from compressed-sizes.mjs: {line:?}"
                )),
            }
        })
        .collect()
}

/// Whether the example's first view downloads the file: not the message catalogues (the
/// default language is built into the wasm; another language adds its one file), not the
/// licence list (never fetched), not the service worker (registered after the view, for
/// offline use), not datasets other than the example, not the release archive, not the import
/// worker and its gazetteer (loaded when a person opens Import), not what host pages load
/// (the embedding loader `elos-embed.js` and the still `poster.svg`).
pub fn in_first_view(path: &str) -> bool {
    let path = path.trim_start_matches("./");
    !(path.starts_with("locales/")
        || crate::sw::only_for_import(path)
        || path == "THIRD-PARTY-LICENSES.txt"
        || path == "sw.js"
        || path == "elos-embed.js"
        || path == "poster.svg"
        || path.ends_with(".zip")
        || (path.starts_with("data/") && path != "data/example.json"))
}

/// The brotli bytes of what the example's first view downloads (the page weight).
pub fn total_brotli(sizes: &[FileSize]) -> u64 {
    sizes
        .iter()
        .filter(|size| in_first_view(&size.path))
        .map(|size| size.brotli)
        .sum()
}

pub fn print_table(sizes: &[FileSize]) {
    let width = sizes
        .iter()
        .map(|size| size.path.len())
        .max()
        .unwrap_or(4)
        .max(5);
    println!(
        "{:<width$}  {:>9}  {:>9}  {:>9}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for size in sizes {
        let note = if in_first_view(&size.path) {
            ""
        } else {
            "  (not in the first view)"
        };
        println!(
            "{:<width$}  {:>9}  {:>9}  {:>9}{note}",
            size.path, size.raw, size.gzip, size.brotli
        );
    }
    let sum = |bytes: fn(&FileSize) -> u64| {
        sizes
            .iter()
            .filter(|size| in_first_view(&size.path))
            .map(bytes)
            .sum::<u64>()
    };
    println!(
        "{:<width$}  {:>9}  {:>9}  {:>9}",
        "first view",
        sum(|size| size.raw),
        sum(|size| size.gzip),
        sum(|size| size.brotli)
    );
    println!("{}", budget_line(total_brotli(sizes)));
}

pub fn budget_line(total_brotli: u64) -> String {
    let percent = total_brotli as f64 * 100.0 / BUDGET_BROTLI_BYTES as f64;
    let verdict = if total_brotli <= BUDGET_BROTLI_BYTES {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    format!(
        "brotli total {:.1} KB of the {} KB budget ({percent:.0}%): {verdict}",
        total_brotli as f64 / 1000.0,
        BUDGET_BROTLI_BYTES / 1000
    )
}

/// Fails when everything in dist/ weighs more than the budget, brotli-compressed.
pub fn check_budget(sizes: &[FileSize]) -> Result<()> {
    let total = total_brotli(sizes);
    if total <= BUDGET_BROTLI_BYTES {
        return Ok(());
    }
    Err(format!(
        "dist/ is {total} bytes brotli-compressed, over the {BUDGET_BROTLI_BYTES}-byte budget; \
         the table above shows the heaviest files first"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_script_output_and_checks_the_budget() {
        let sizes =
            parse("index.html\t900\t400\t300\nelos-app_bg.wasm\t70000\t28000\t24000\n").unwrap();
        assert_eq!(sizes[1].path, "elos-app_bg.wasm");
        assert_eq!(total_brotli(&sizes), 24_300);
        assert!(check_budget(&sizes).is_ok());
        assert!(budget_line(24_300).contains("24.3 KB of the 150 KB budget (16%): within budget"));
        let heavy = parse("main.css\t900000\t200000\t150001\n").unwrap();
        assert!(check_budget(&heavy).is_err());
        // What the first view does not download does not count.
        let later = parse(
            "locales/en.json\t900000\t200000\t150001\nsw.js\t1\t1\t9\nposter.svg\t1\t1\t9\nelos-embed.js\t1\t1\t9\n",
        )
        .unwrap();
        assert_eq!(total_brotli(&later), 0);
        assert!(in_first_view("data/example.json") && !in_first_view("data/other.json"));
        assert!(!in_first_view("import/gazetteer.tsv"));
        assert!(!in_first_view("elos-import-worker_bg.wasm"));
        assert!(parse("x\t1\t2\n").is_err());
    }
}
