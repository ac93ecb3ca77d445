//! `elos check FILE…`: reports every problem of Elos datasets before they are published;
//! `elos site elos-site.json` does the same for a site configuration, `elos import FILE…`
//! makes a dataset from spreadsheets (see `import.rs`), and `elos page-parts` writes what
//! `cargo xtask build` puts into `index.html` (see `page_parts.rs`).
//!
//! Exit status of `check` and `site`: 0 when every file is clean (warnings allowed), 1 when any
//! has errors, 2 when a file cannot be read or the command line is wrong. Every sentence they
//! print comes from the core's message catalogues (`cli.*`), in the language of `--lang`
//! (English by default). `import` writes its report in that language too (the importer's own
//! catalogues) and says its exit status in `import::USAGE`; `page-parts` is the build's tool
//! and speaks English.

mod import;
mod page_parts;
mod spreadsheet;

use std::io::Write;
use std::process::ExitCode;

use elos_core::checks::outside_country;
use elos_core::i18n::Catalogue;
use elos_core::outlines::CountryOutlines;
use elos_core::problem::{Level, Problem};
use serde::Serialize;

/// A faster allocator for the many small strings a dataset's records make (`bench check`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The CLI's language when `--lang` is not given: its users read shell output in English.
const DEFAULT_LANG: &str = "en";

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

/// What is wrong with a command line (or that it asked for help).
#[derive(Debug, PartialEq)]
enum ArgError {
    Help,
    UnknownCommand(String),
    FormatMissing,
    Format(String),
    LangMissing,
    UnknownOption(String),
    NoFiles,
}

impl ArgError {
    /// The sentence for the person at the terminal; none for a request for help.
    fn message(&self, catalogue: &Catalogue) -> Option<String> {
        Some(match self {
            ArgError::Help => return None,
            ArgError::UnknownCommand(command) => {
                catalogue.format("cli.error.unknown-command", &[("command", command)])
            }
            ArgError::FormatMissing => catalogue.t("cli.error.format-missing"),
            ArgError::Format(value) => catalogue.format("cli.error.format", &[("value", value)]),
            ArgError::LangMissing => catalogue.t("cli.error.lang-missing"),
            ArgError::UnknownOption(option) => {
                catalogue.format("cli.error.unknown-option", &[("option", option)])
            }
            ArgError::NoFiles => catalogue.t("cli.error.no-files"),
        })
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, ArgError> {
    let kind = match args.next().as_deref() {
        Some("check") => Kind::Dataset,
        Some("site") => Kind::Site,
        Some("-h" | "--help") | None => return Err(ArgError::Help),
        Some(other) => return Err(ArgError::UnknownCommand(other.to_owned())),
    };
    let mut out = Args {
        kind,
        format: Format::Text,
        lang: DEFAULT_LANG.to_owned(),
        files: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                out.format = match args.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    Some(other) => return Err(ArgError::Format(other.to_owned())),
                    None => return Err(ArgError::FormatMissing),
                }
            }
            "--lang" => out.lang = args.next().ok_or(ArgError::LangMissing)?,
            "-h" | "--help" => return Err(ArgError::Help),
            flag if flag.starts_with("--") => return Err(ArgError::UnknownOption(flag.to_owned())),
            file => out.files.push(file.to_owned()),
        }
    }
    if out.files.is_empty() {
        return Err(ArgError::NoFiles);
    }
    Ok(out)
}

/// The language `--lang` asks for, read before the rest of the command line so that even
/// its mistakes are reported in that language.
fn asked_lang(args: &[String]) -> Option<&str> {
    let at = args.iter().position(|a| a == "--lang")?;
    args.get(at + 1).map(String::as_str)
}

/// The catalogue for `lang`: the same tag (any case), else the same primary language
/// (`pt` → pt-BR, `es-AR` → es); `None` when there is none.
fn catalogue_for<'c>(catalogues: &'c [Catalogue], lang: &str) -> Option<&'c Catalogue> {
    let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    catalogues
        .iter()
        .find(|c| c.lang.eq_ignore_ascii_case(lang))
        .or_else(|| {
            catalogues
                .iter()
                .find(|c| primary(&c.lang) == primary(lang))
        })
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
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("import") {
        return match import::parse_args(raw[1..].iter().cloned()) {
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
    if raw.first().map(String::as_str) == Some("page-parts") {
        return match page_parts::run(raw[1..].to_vec()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("elos page-parts: {message}");
                ExitCode::from(1)
            }
        };
    }
    let catalogues = Catalogue::all();
    let fallback = catalogue_for(&catalogues, DEFAULT_LANG).unwrap_or(&catalogues[0]);
    let asked = asked_lang(&raw);
    let catalogue = asked
        .and_then(|lang| catalogue_for(&catalogues, lang))
        .unwrap_or(fallback);
    let args = match parse_args(raw.iter().cloned()) {
        Ok(a) => a,
        Err(error) => {
            if let Some(message) = error.message(catalogue) {
                eprintln!("elos: {message}\n");
            }
            eprintln!("{}", catalogue.t("cli.usage"));
            return ExitCode::from(2);
        }
    };
    if let Some(lang) = asked.filter(|lang| catalogue_for(&catalogues, lang).is_none()) {
        let available: Vec<&str> = catalogues.iter().map(|c| c.lang.as_str()).collect();
        eprintln!(
            "elos: {}",
            catalogue.format(
                "cli.warning.unknown-lang",
                &[
                    ("lang", lang),
                    ("fallback", &catalogue.lang),
                    ("available", &available.join(", ")),
                ],
            )
        );
    }

    let mut worst = 0u8;
    let mut reports = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in &args.files {
        let text = match read_checked(file, catalogue) {
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
                let _ = writeln!(out, "{}", summary(file, errors, warnings, catalogue));
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

/// The file's text, unless it is too large (the page's own limit) or cannot be read.
fn read_checked(file: &str, catalogue: &Catalogue) -> Result<Read, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| unreadable(&e, catalogue))?
        .len();
    if let Some(problem) = elos_core::limits::check_size(size) {
        return Ok(Read::TooLarge(problem));
    }
    let bytes = std::fs::read(file).map_err(|e| unreadable(&e, catalogue))?;
    String::from_utf8(bytes)
        .map(Read::Text)
        .map_err(|_| catalogue.t("cli.unreadable.not-utf8"))
}

fn check_text(kind: Kind, text: &str) -> Vec<Problem> {
    match kind {
        Kind::Dataset => {
            let mut loaded = elos_core::load(text);
            // Whether each city lies in its country needs the map's outlines, which the loader
            // (and so the page) does not carry: the CLI embeds the page's own world.svg.
            if let Some(dataset) = &loaded.dataset {
                loaded
                    .problems
                    .extend(outside_country(dataset, CountryOutlines::bundled()));
            }
            loaded.problems
        }
        Kind::Site => elos_core::site::parse_site_config(text).problems,
    }
}

/// Why a file could not be read, in the reader's language (the system's own words only for
/// the rare causes without a sentence of ours).
fn unreadable(error: &std::io::Error, catalogue: &Catalogue) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => catalogue.t("cli.unreadable.not-found"),
        std::io::ErrorKind::PermissionDenied => catalogue.t("cli.unreadable.denied"),
        _ => catalogue.format("cli.unreadable.other", &[("error", &error.to_string())]),
    }
}

/// `file: 1 error, 0 warnings: NOT ready to publish`, with the language's plural forms.
fn summary(file: &str, errors: usize, warnings: usize, catalogue: &Catalogue) -> String {
    let errors_text = catalogue.plural("cli.errors", errors as u64, &[]);
    let warnings_text = catalogue.plural("cli.warnings", warnings as u64, &[]);
    let key = if errors == 0 {
        "cli.summary.ok"
    } else {
        "cli.summary.not-ok"
    };
    catalogue.format(
        key,
        &[
            ("file", file),
            ("errors", &errors_text),
            ("warnings", &warnings_text),
        ],
    )
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

    fn args(list: &[&str]) -> Result<Args, ArgError> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    fn catalogue(lang: &str) -> Catalogue {
        catalogue_for(&Catalogue::all(), lang).unwrap().clone()
    }

    #[test]
    fn a_file_over_the_limit_gets_the_pages_verdict_without_being_read() {
        let path = std::env::temp_dir().join(format!("elos-cli-large-{}.json", std::process::id()));
        // Sparse: 60 MB that take no disk and, if read, would take 60 MB of memory.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(60_000_000)
            .unwrap();
        let read = read_checked(path.to_str().unwrap(), &catalogue("en"));
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
    fn check_warns_about_a_city_outside_its_country() {
        let example = include_str!("../../../public/data/example.json");
        let codes = |text: &str| -> Vec<&'static str> {
            check_text(Kind::Dataset, text)
                .iter()
                .map(|p| p.code.key())
                .collect()
        };
        assert!(!codes(example).contains(&"outside-country"));
        // The example's first city, Ipatinga (Brazil), moved to Colombo, Sri Lanka.
        let ipatinga = "\"lon_deg\": -42.5367,\n      \"lat_deg\": -19.4683,";
        assert!(example.contains(ipatinga));
        let colombo = "\"lon_deg\": 79.84868,\n      \"lat_deg\": 6.93548,";
        let moved = example.replacen(ipatinga, colombo, 1);
        assert!(
            codes(&moved).contains(&"outside-country"),
            "{:?}",
            codes(&moved)
        );
    }

    #[test]
    fn parses_the_command_line() {
        let a = args(&["check", "--format", "json", "a.json", "b.json"]).unwrap();
        assert!(a.format == Format::Json && a.files == ["a.json", "b.json"]);
        assert_eq!(a.kind, Kind::Dataset);
        assert_eq!(args(&["site", "elos-site.json"]).unwrap().kind, Kind::Site);
        assert_eq!(args(&["check"]).unwrap_err(), ArgError::NoFiles);
        assert_eq!(
            args(&["lint", "a"]).unwrap_err(),
            ArgError::UnknownCommand("lint".into())
        );
        assert_eq!(
            args(&["check", "--format", "xml", "a"]).unwrap_err(),
            ArgError::Format("xml".into())
        );
        assert_eq!(
            args(&["check", "a", "--format"]).unwrap_err(),
            ArgError::FormatMissing
        );
        assert_eq!(args(&[]).unwrap_err(), ArgError::Help);
    }

    #[test]
    fn finds_the_language_asked_for() {
        let all = Catalogue::all();
        let lang = |tag: &str| catalogue_for(&all, tag).map(|c| c.lang.as_str());
        assert_eq!(lang("pt-br"), Some("pt-BR"));
        assert_eq!(lang("pt"), Some("pt-BR"));
        assert_eq!(lang("es-AR"), Some("es"));
        assert_eq!(lang("de"), None);
        let raw: Vec<String> = ["check", "--lang", "es", "x"].map(String::from).into();
        assert_eq!(asked_lang(&raw), Some("es"));
    }

    #[test]
    fn summaries_use_the_languages_words_and_plurals() {
        let en = catalogue("en");
        let pt = catalogue("pt-BR");
        let es = catalogue("es");
        assert_eq!(
            summary("a.json", 1, 0, &en),
            "a.json: 1 error, 0 warnings: NOT ready to publish"
        );
        assert_eq!(
            summary("a.json", 0, 2, &en),
            "a.json: 0 errors, 2 warnings: ready to publish"
        );
        // Portuguese says "0 erro" (zero takes the singular), Spanish "0 errores".
        assert_eq!(
            summary("a.json", 0, 1, &pt),
            "a.json: 0 erro, 1 aviso: pronto para publicar"
        );
        assert_eq!(
            summary("a.json", 2, 0, &es),
            "a.json: 2 errores, 0 avisos: TODAVÍA NO está listo para publicar"
        );
    }

    #[test]
    fn every_command_line_mistake_has_a_sentence_in_every_language() {
        let mistakes = [
            ArgError::UnknownCommand("lint".into()),
            ArgError::FormatMissing,
            ArgError::Format("xml".into()),
            ArgError::LangMissing,
            ArgError::UnknownOption("--colour".into()),
            ArgError::NoFiles,
        ];
        for c in Catalogue::all() {
            assert!(c.has("cli.usage"), "{}", c.lang);
            for mistake in &mistakes {
                let message = mistake.message(&c).unwrap();
                assert!(
                    !message.starts_with("cli.") && !message.contains('{'),
                    "{}: {message}",
                    c.lang
                );
            }
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            assert!(!unreadable(&missing, &c).starts_with("cli."), "{}", c.lang);
        }
    }
}
