//! `elos check FILE…`: reports every problem of Elos datasets before they are published;
//! `elos import FILE…` (in `import.rs`) makes a dataset from spreadsheets.
//!
//! Exit status of `check`: 0 when every file is clean (warnings allowed), 1 when any has
//! errors, 2 when a file cannot be read or the command line is wrong.

mod import;
mod spreadsheet;

use std::io::Write;
use std::process::ExitCode;

use elos_core::i18n::Catalogue;
use elos_core::problem::{Level, Problem};
use serde::Serialize;

const USAGE: &str = "usage: elos check [--format text|json] [--lang pt-BR|en|es] FILE…
       elos import FILE… -o DATASET.json [options]   (elos import --help)

Checks Elos dataset files (JSON, format 1) and lists every problem with its place in the file.
Exit status: 0 clean (warnings allowed), 1 errors found, 2 a file could not be read.";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug)]
struct Args {
    format: Format,
    lang: String,
    files: Vec<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("check") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => {
            return Err(format!(
                "unknown command '{other}'; the commands are 'check' and 'import'"
            ))
        }
    }
    let mut out = Args {
        format: Format::Text,
        lang: "en".to_owned(),
        files: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                out.format = match args.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    other => return Err(format!("--format takes 'text' or 'json', not {other:?}")),
                }
            }
            "--lang" => out.lang = args.next().ok_or("--lang needs a language such as pt-BR")?,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            file => out.files.push(file.to_owned()),
        }
    }
    if out.files.is_empty() {
        return Err("name at least one dataset file to check".to_owned());
    }
    Ok(out)
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    file: &'a str,
    level: &'static str,
    code: &'static str,
    path: String,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    readable: bool,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("import") {
        return match import::parse_args(std::env::args().skip(2)) {
            Ok(args) => import::run(args),
            Err(message) => {
                if !message.is_empty() {
                    eprintln!("elos: {message}\n");
                }
                eprintln!("{}", import::USAGE);
                ExitCode::from(2)
            }
        };
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("elos: {message}\n");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let catalogues = Catalogue::all();
    let catalogue = catalogues
        .iter()
        .find(|c| c.lang.eq_ignore_ascii_case(&args.lang))
        .unwrap_or_else(|| {
            catalogues
                .iter()
                .find(|c| c.lang == "en")
                .unwrap_or(&catalogues[0])
        });

    let mut worst = 0u8;
    let mut reports = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in &args.files {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                "the file is not UTF-8 text: save it as UTF-8 and try again".to_owned()
            }),
            Err(e) => Err(format!("cannot read it: {e}")),
        };
        let text = match text {
            Ok(t) => t,
            Err(message) => {
                worst = 2;
                match args.format {
                    Format::Text => eprintln!("{file}: {message}"),
                    Format::Json => reports.push(JsonReport {
                        file,
                        readable: false,
                        errors: 1,
                        warnings: 0,
                        problems: vec![JsonProblem {
                            file,
                            level: "error",
                            code: "unreadable",
                            path: String::new(),
                            line: None,
                            column: None,
                            message,
                        }],
                    }),
                }
                continue;
            }
        };
        let mut loaded = elos_core::load(&text);
        // Whether each city lies in its country needs the world map, which the loader does
        // not have: the CLI carries the page's own `world.json`.
        if let Some(dataset) = &loaded.dataset {
            loaded
                .problems
                .extend(elos_core::checks::outside_country(dataset, world()));
        }
        let errors = loaded
            .problems
            .iter()
            .filter(|p| p.level() == Level::Error)
            .count();
        let warnings = loaded
            .problems
            .iter()
            .filter(|p| p.level() == Level::Warning)
            .count();
        if errors > 0 && worst < 1 {
            worst = 1;
        }
        match args.format {
            Format::Text => {
                for p in &loaded.problems {
                    let _ = writeln!(out, "{}", text_line(file, p, catalogue));
                }
                let verdict = if errors == 0 {
                    "ok"
                } else {
                    "NOT ready to publish"
                };
                let _ = writeln!(
                    out,
                    "{file}: {errors} error(s), {warnings} warning(s) — {verdict}"
                );
            }
            Format::Json => reports.push(JsonReport {
                file,
                readable: true,
                errors,
                warnings,
                problems: loaded
                    .problems
                    .iter()
                    .map(|p| JsonProblem {
                        file,
                        level: p.level().key(),
                        code: p.code.key(),
                        path: p.path.clone(),
                        line: p.at.map(|a| a.line),
                        column: p.at.map(|a| a.column),
                        message: catalogue.problem(p),
                    })
                    .collect(),
            }),
        }
    }
    if args.format == Format::Json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&reports).unwrap_or_default()
        );
    }
    ExitCode::from(worst)
}

/// The page's world map, parsed once.
fn world() -> &'static elos_core::world::World {
    static WORLD: std::sync::OnceLock<elos_core::world::World> = std::sync::OnceLock::new();
    WORLD.get_or_init(|| {
        elos_core::world::World::parse(include_str!("../../../public/world.json"))
            .expect("public/world.json is tested by the core")
    })
}

/// `file:line:column: error[code] path: sentence` — the shape editors and CI logs link to.
fn text_line(file: &str, p: &Problem, catalogue: &Catalogue) -> String {
    let place =
        p.at.map_or(String::new(), |a| format!(":{}:{}", a.line, a.column));
    let path = if p.path.is_empty() {
        String::new()
    } else {
        format!(" {}", p.path)
    };
    format!(
        "{file}{place}: {}[{}]{path}: {}",
        p.level().key(),
        p.code.key(),
        catalogue.problem(p)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_the_command_line() {
        let a = args(&["check", "--format", "json", "a.json", "b.json"]).unwrap();
        assert!(a.format == Format::Json && a.files == ["a.json", "b.json"]);
        assert!(args(&["check"]).unwrap_err().contains("at least one"));
        assert!(args(&["lint", "a"])
            .unwrap_err()
            .contains("unknown command"));
        assert!(args(&["check", "--format", "xml", "a"]).is_err());
        assert_eq!(args(&[]).unwrap_err(), "");
    }
}
