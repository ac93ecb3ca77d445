//! `elos check FILE…`: reports every problem of Elos datasets before they are published;
//! `elos site elos-site.json` does the same for a site configuration, and `elos page-parts`
//! writes what `cargo xtask build` puts into `index.html` (see `page_parts.rs`).
//!
//! Exit status: 0 when every file is clean (warnings allowed), 1 when any has errors, 2 when a
//! file cannot be read or the command line is wrong.

mod page_parts;

use std::io::Write;
use std::process::ExitCode;

use elos_core::i18n::Catalogue;
use elos_core::problem::{Level, Problem};
use serde::Serialize;

const USAGE: &str = "usage: elos check [--format text|json] [--lang pt-BR|en|es] FILE…
       elos site [--format text|json] [--lang pt-BR|en|es] elos-site.json
       elos page-parts --site elos-site.json --public public --out DIR

check       checks Elos dataset files (JSON, format 1) and lists every problem with its place
            in the file
site        checks a site configuration (which other sites datasets may come from)
page-parts  used by `cargo xtask build`: checks the site configuration and the default dataset
            and writes the Content-Security-Policy sources, the embedded configuration and the
            no-JavaScript list of links into DIR
Exit status: 0 clean (warnings allowed), 1 errors found, 2 a file could not be read.";

/// What a file is checked as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Dataset,
    Site,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug)]
struct Args {
    kind: Kind,
    format: Format,
    lang: String,
    files: Vec<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let kind = match args.next().as_deref() {
        Some("check") => Kind::Dataset,
        Some("site") => Kind::Site,
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => {
            return Err(format!(
                "unknown command '{other}'; the commands are 'check', 'site' and 'page-parts'"
            ))
        }
    };
    let mut out = Args {
        kind,
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
    let mut words: Vec<String> = std::env::args().skip(1).collect();
    if words.first().map(String::as_str) == Some("page-parts") {
        words.remove(0);
        return match page_parts::run(words) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("elos page-parts: {message}");
                ExitCode::from(1)
            }
        };
    }
    let args = match parse_args(words.into_iter()) {
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
        let text = read_checked(file);
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
        let problems = match text {
            Read::Text(text) => check_text(args.kind, &text),
            Read::TooLarge(problem) => vec![problem],
        };
        let errors = problems
            .iter()
            .filter(|p| p.level() == Level::Error)
            .count();
        let warnings = problems
            .iter()
            .filter(|p| p.level() == Level::Warning)
            .count();
        if errors > 0 && worst < 1 {
            worst = 1;
        }
        match args.format {
            Format::Text => {
                for p in &problems {
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
                problems: problems
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

/// What was read of a file: its text, or the size problem when it is over the limit (then it
/// is not read at all, so a 5 GB file costs no memory).
enum Read {
    Text(String),
    TooLarge(Problem),
}

fn read_checked(file: &str) -> Result<Read, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    if let Some(problem) = elos_core::limits::check_size(size) {
        return Ok(Read::TooLarge(problem));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read it: {e}"))?;
    String::from_utf8(bytes)
        .map(Read::Text)
        .map_err(|_| "the file is not UTF-8 text: save it as UTF-8 and try again".to_owned())
}

fn check_text(kind: Kind, text: &str) -> Vec<Problem> {
    match kind {
        Kind::Dataset => elos_core::load(text).problems,
        Kind::Site => elos_core::site::parse_site_config(text).problems,
    }
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
    fn a_file_over_the_limit_gets_the_pages_verdict_without_being_read() {
        let path = std::env::temp_dir().join(format!("elos-cli-large-{}.json", std::process::id()));
        // Sparse: 60 MB that take no disk and, if read, would take 60 MB of memory.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(60_000_000)
            .unwrap();
        let read = read_checked(path.to_str().unwrap());
        std::fs::remove_file(&path).unwrap();
        let Ok(Read::TooLarge(problem)) = read else {
            panic!("the size problem expected");
        };
        assert_eq!(problem.code, elos_core::problem::Code::TooLarge);
        assert_eq!(problem.param("size_mb"), Some("60"));
        let site = check_text(
            Kind::Site,
            "{\"format\": 1, \"data_sources\": [\"http://a.example/\"]}",
        );
        assert_eq!(site[0].code.key(), "invalid-source");
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
