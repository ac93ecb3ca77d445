//! `cargo xtask bench import`: times `elos import` (the `cli` profile, as for `bench check`) on a synthetic spreadsheet of
//! 26,000 links (the size of a real list), geocoding included; prints the figures, never fails
//! on timing. The target (issue 14) is ≤ 2 s.
//!
//! The spreadsheet is written from the gazetteer itself, every sixth place a partner, so each
//! row names a different place (the worst case: nothing is geocoded twice); a tenth of the rows
//! repeat an earlier link from the other city's side. It is synthetic: it states no real link.

use std::fmt::Write as _;
use std::fs;

use crate::check_speed;
use crate::cmd::{self, repo_root};
use crate::{Args, Result};

const ROWS: usize = 26_000;
const OUT_DIR: &str = "target/bench-import";
const GAZETTEER: &str = "crates/elos-import/data/gazetteer.tsv";

/// Home cities of the synthetic sheet; any names the gazetteer knows would do.
const HOMES: [(&str, &str); 4] = [
    ("Belo Horizonte", "Brasil"),
    ("Ipatinga", "Brasil"),
    ("Jundiaí", "Brasil"),
    ("Montevidéu", "Uruguai"),
];

pub fn run(args: Args) -> Result<()> {
    args.finish()?;
    let root = repo_root();
    let gazetteer = fs::read_to_string(root.join(GAZETTEER))
        .map_err(|e| format!("cannot read {GAZETTEER}: {e}"))?;
    let places: Vec<(&str, &str)> = gazetteer
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.first() == Some(&"P")).then(|| (f[2], f[3]))
        })
        .step_by(6)
        .take(ROWS)
        .collect();
    let dates = ["1978", "03/03/2017", "mar. 2017", "2009-05-21", ""];
    let mut csv =
        String::from("cidade;país;parceiro;país do parceiro;tipo;início;situação;fonte\n");
    for i in 0..ROWS {
        let (home, home_country) = HOMES[i % HOMES.len()];
        if i % 10 == 9 {
            // The same link as row i-9, listed from the partner's side.
            let (partner, country) = places[(i - 9) % places.len()];
            let (h, hc) = HOMES[(i - 9) % HOMES.len()];
            let _ = writeln!(
                csv,
                "{partner};{country};{h};{hc};Cidade-irmã;;;Linha sintética {i}"
            );
            continue;
        }
        let (partner, country) = places[i % places.len()];
        let date = dates[i % dates.len()];
        let _ = writeln!(
            csv,
            "{home};{home_country};\"{partner}\";{country};Cidade-irmã;{date};ativo;Linha sintética {i}"
        );
    }
    let dir = root.join(OUT_DIR);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {OUT_DIR}: {e}"))?;
    let sheet = dir.join("links-26000.csv");
    fs::write(&sheet, csv).map_err(|e| format!("cannot write {}: {e}", sheet.display()))?;
    cmd::run(cmd::cargo().args(["build", "--profile", "cli", "-q", "-p", "elos-cli"]))?;
    let elos = check_speed::target_dir()
        .join("cli")
        .join(check_speed::exe("elos"));
    println!(
        "{ROWS} synthetic rows, {} distinct partner places",
        places.len()
    );
    for run in 1..=3 {
        let started = std::time::Instant::now();
        let output = cmd::command(&elos)
            .arg("import")
            .arg(&sheet)
            .arg("-o")
            .arg(dir.join("dataset.json"))
            .arg("--timings")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", elos.display()))?;
        let wall = started.elapsed().as_secs_f64();
        // 0 and 1 are imports (1: some rows left out); anything else is a failure to report.
        if !matches!(output.status.code(), Some(0 | 1)) {
            return Err(format!(
                "elos import failed ({}):\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let timing = stderr
            .lines()
            .find(|l| l.starts_with("timings:"))
            .unwrap_or("");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let summary = stdout.lines().last().unwrap_or("");
        println!("run {run}: {wall:.2} s in all (target ≤ 2 s) — {timing}");
        if run == 1 {
            println!("  {summary}");
        }
    }
    Ok(())
}
