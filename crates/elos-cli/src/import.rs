//! `elos import FILE… -o dataset.json`: spreadsheets, TimelineJS sheets and Wikidata results
//! to a dataset, with a report of every decision (text here, JSON with `--report`).
//!
//! Exit status: 0 the dataset was written and no row needs action (warnings allowed), 1 the
//! dataset was written but rows were left out (or nothing could be imported), 2 a file could
//! not be read or the command line is wrong.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use elos_core::problem::Level;
use elos_import::{import, report, Gazetteer, Input, Options};

pub const USAGE: &str =
    "usage: elos import FILE… -o DATASET.json [--merge EXISTING.json] [--report REPORT.json]
                   [--lang pt-BR|en|es] [--city NAME] [--country COUNTRY] [--title TITLE]
                   [--source SOURCE] [--verbose] [--timings]

Reads spreadsheets (CSV, or the first sheet of an .xlsx, .xls or .ods file: the template in
docs/templates/, or the office's own with the same headers in Portuguese, English or Spanish), TimelineJS sheets exported as CSV and
Wikidata query results (JSON or CSV), places every city with the bundled GeoNames gazetteer,
and writes a dataset `elos check` accepts, with a report of what was decided and why.

  -o FILE        where to write the dataset (`-` for standard output)
  --merge FILE   add to this dataset, keeping its ids; the result goes to -o
  --report FILE  also write the report as JSON
  --lang TAG     the report's language (default en)
  --city NAME    the home city of rows that name none (TimelineJS sheets)
  --country C    that city's country
  --title TITLE  the dataset's title
  --source TEXT  the source of rows that cite none (e.g. the office's own records)
  --verbose      list every decision, not only warnings and errors
  --timings      print how long reading the gazetteer and importing took

Exit status: 0 written and clean (warnings allowed), 1 written but rows were left out (or
nothing to import), 2 a file could not be read.";

#[derive(Debug, Default)]
pub struct Args {
    pub files: Vec<String>,
    pub output: Option<String>,
    pub merge: Option<String>,
    pub report: Option<String>,
    pub lang: String,
    pub city: String,
    pub country: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub verbose: bool,
    pub timings: bool,
}

pub fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = Args {
        lang: "en".to_owned(),
        ..Args::default()
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-o" | "--output" => out.output = Some(value("-o")?),
            "--merge" => out.merge = Some(value("--merge")?),
            "--report" => out.report = Some(value("--report")?),
            "--lang" => out.lang = value("--lang")?,
            "--city" => out.city = value("--city")?,
            "--country" => out.country = value("--country")?,
            "--title" => out.title = Some(value("--title")?),
            "--source" => out.source = Some(value("--source")?),
            "--verbose" => out.verbose = true,
            "--timings" => out.timings = true,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            file => out.files.push(file.to_owned()),
        }
    }
    if out.files.is_empty() {
        return Err("name at least one file to import".to_owned());
    }
    if out.output.is_none() {
        return Err(
            "say where to write the dataset with -o FILE (or -o - for the screen)".to_owned(),
        );
    }
    Ok(out)
}

pub fn run(args: Args) -> ExitCode {
    let mut inputs = Vec::new();
    let mut notes = Vec::new();
    for file in &args.files {
        let read = if crate::spreadsheet::is_spreadsheet(file) {
            crate::spreadsheet::first_sheet_as_csv(file).map(|(csv, sheet)| {
                notes.push(format!("{file}: the first sheet, “{sheet}”, was read"));
                csv
            })
        } else {
            std::fs::read(file).map_err(|e| format!("cannot read it: {e}"))
        };
        match read {
            Ok(bytes) => inputs.push((file.clone(), bytes)),
            Err(message) => {
                eprintln!("elos: {file}: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let merge_into = match &args.merge {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    eprintln!("elos: {path}: the dataset is not UTF-8 text");
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                eprintln!("elos: {path}: cannot read it: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let started = Instant::now();
    let gazetteer = Gazetteer::embedded();
    let gazetteer_ms = started.elapsed().as_secs_f64() * 1000.0;
    let options = Options {
        lang: args.lang.clone(),
        home: args.city.clone(),
        home_country: args.country.clone(),
        title: args.title.clone(),
        default_source: args.source.clone(),
        merge_into,
        progress_every: 5000,
    };
    let inputs_ref: Vec<Input<'_>> = inputs
        .iter()
        .map(|(name, bytes)| Input { name, bytes })
        .collect();
    let started = Instant::now();
    let imported = import(&inputs_ref, &gazetteer, &options, &mut |_| {});
    let import_ms = started.elapsed().as_secs_f64() * 1000.0;
    let catalogue = report::catalogue(&args.lang);
    let min = if args.verbose {
        Level::Info
    } else {
        Level::Warning
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let to_stdout = args.output.as_deref() == Some("-");
    let mut text: String = notes.iter().map(|n| format!("{n}\n")).collect();
    text.push_str(&imported.report.to_text(&catalogue, min));
    if to_stdout {
        eprint!("{text}");
    } else {
        let _ = write!(out, "{text}");
    }
    if let Some(path) = &args.report {
        if let Err(e) = std::fs::write(path, imported.report.to_json(&catalogue)) {
            eprintln!("elos: {path}: cannot write the report: {e}");
            return ExitCode::from(2);
        }
    }
    if args.timings {
        eprintln!(
            "timings: gazetteer {gazetteer_ms:.0} ms ({} places), import {import_ms:.0} ms ({} rows)",
            gazetteer.place_count(),
            imported.report.summary.rows
        );
    }
    let merge_failed = imported
        .report
        .entries
        .iter()
        .any(|e| e.code == report::Code::MergeUnreadable);
    let Some(dataset) = imported.dataset else {
        return ExitCode::from(if merge_failed { 2 } else { 1 });
    };
    match args.output.as_deref() {
        Some("-") => {
            let _ = write!(out, "{dataset}");
        }
        Some(path) => {
            if let Err(e) = std::fs::write(path, dataset) {
                eprintln!("elos: {path}: cannot write the dataset: {e}");
                return ExitCode::from(2);
            }
        }
        None => {}
    }
    if imported.report.count(Level::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
