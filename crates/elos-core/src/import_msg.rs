//! The messages between the page and its import worker. The importer and its gazetteer run in
//! a Web Worker of their own (`crates/elos-import-worker`), so neither is in the page's wasm;
//! the two sides talk in JSON text, written and read here, both directions tested together.
//! The importer's crate turns its report into [`ReportRow`]s; the page only draws them.

use crate::json::{self, Document, Node, Value};
use crate::problem::Level;

/// What the page asks the worker: import these files (their bytes travel beside this text, in
/// the same order as `names`) with the report in `lang`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportRequest {
    pub lang: String,
    /// The home city of rows that name none (a TimelineJS sheet), and its country.
    pub home: String,
    pub home_country: String,
    pub names: Vec<String>,
}

/// How far the worker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Fetching and reading the gazetteer (once per page).
    Gazetteer,
    Reading,
    Placing,
    Checking,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Gazetteer => "gazetteer",
            Stage::Reading => "reading",
            Stage::Placing => "placing",
            Stage::Checking => "checking",
        }
    }

    fn from_key(key: &str) -> Option<Stage> {
        [
            Stage::Gazetteer,
            Stage::Reading,
            Stage::Placing,
            Stage::Checking,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// One line of the import's report as the page's table shows it: where, what was read, what
/// was decided and why (the same sentence as `elos import`), and the places it may have meant.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// "file.csv:12", "file.csv" for the whole file, "" for the dataset as a whole.
    pub place: String,
    pub level: Level,
    pub code: String,
    pub read: String,
    pub message: String,
    pub candidates: Vec<String>,
}

/// What the import made.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportResult {
    /// The dataset's JSON text; none when nothing usable was read.
    pub dataset: Option<String>,
    /// The report as `elos import --report` writes it, for the download.
    pub report_json: String,
    /// The counts in one sentence.
    pub summary: String,
    pub rows: Vec<ReportRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FromWorker {
    Progress {
        stage: Stage,
        done: u64,
        total: u64,
    },
    Done(ImportResult),
    /// The worker could not start (the gazetteer did not download): a sentence for the reader.
    Failed {
        message: String,
    },
}

impl ImportRequest {
    pub fn encode(&self) -> String {
        let names: Vec<String> = self.names.iter().map(|n| quote(n)).collect();
        format!(
            "{{\"lang\":{},\"home\":{},\"home_country\":{},\"names\":[{}]}}",
            quote(&self.lang),
            quote(&self.home),
            quote(&self.home_country),
            names.join(",")
        )
    }

    pub fn decode(text: &str) -> Option<ImportRequest> {
        let doc = json::parse(text).ok()?;
        let root = Obj(&doc, doc.root());
        Some(ImportRequest {
            lang: root.str("lang")?,
            home: root.str("home")?,
            home_country: root.str("home_country")?,
            names: root.strs("names")?,
        })
    }
}

impl FromWorker {
    pub fn encode(&self) -> String {
        match self {
            FromWorker::Progress { stage, done, total } => format!(
                "{{\"type\":\"progress\",\"stage\":{},\"done\":{done},\"total\":{total}}}",
                quote(stage.key())
            ),
            FromWorker::Failed { message } => {
                format!("{{\"type\":\"failed\",\"message\":{}}}", quote(message))
            }
            FromWorker::Done(result) => {
                let rows: Vec<String> = result
                    .rows
                    .iter()
                    .map(|r| {
                        let candidates: Vec<String> =
                            r.candidates.iter().map(|c| quote(c)).collect();
                        format!(
                            "{{\"place\":{},\"level\":{},\"code\":{},\"read\":{},\"message\":{},\"candidates\":[{}]}}",
                            quote(&r.place),
                            quote(r.level.key()),
                            quote(&r.code),
                            quote(&r.read),
                            quote(&r.message),
                            candidates.join(",")
                        )
                    })
                    .collect();
                format!(
                    "{{\"type\":\"done\",\"dataset\":{},\"report\":{},\"summary\":{},\"rows\":[{}]}}",
                    result.dataset.as_deref().map_or("null".to_owned(), quote),
                    quote(&result.report_json),
                    quote(&result.summary),
                    rows.join(",")
                )
            }
        }
    }

    pub fn decode(text: &str) -> Option<FromWorker> {
        let doc = json::parse(text).ok()?;
        let root = Obj(&doc, doc.root());
        match root.str("type")?.as_str() {
            "progress" => Some(FromWorker::Progress {
                stage: Stage::from_key(&root.str("stage")?)?,
                done: root.num("done")?,
                total: root.num("total")?,
            }),
            "failed" => Some(FromWorker::Failed {
                message: root.str("message")?,
            }),
            "done" => {
                let dataset = match root.get("dataset")?.value {
                    Value::Null => None,
                    _ => Some(root.str("dataset")?),
                };
                let rows = match &root.get("rows")?.value {
                    Value::Array(items) => doc
                        .items(*items)
                        .iter()
                        .map(|node| {
                            let row = Obj(&doc, node);
                            let level = match row.str("level")?.as_str() {
                                "error" => Level::Error,
                                "warning" => Level::Warning,
                                _ => Level::Info,
                            };
                            Some(ReportRow {
                                place: row.str("place")?,
                                level,
                                code: row.str("code")?,
                                read: row.str("read")?,
                                message: row.str("message")?,
                                candidates: row.strs("candidates")?,
                            })
                        })
                        .collect::<Option<Vec<_>>>()?,
                    _ => return None,
                };
                Some(FromWorker::Done(ImportResult {
                    dataset,
                    report_json: root.str("report")?,
                    summary: root.str("summary")?,
                    rows,
                }))
            }
            _ => None,
        }
    }
}

/// The names the page gives its downloads for an imported file: the dataset (the file's
/// name with `.json`, or `.elos.json` when it already was JSON, a Wikidata result) and the report.
pub fn download_names(file: &str) -> (String, String) {
    let (stem, extension) = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext),
        _ => (file, ""),
    };
    let stem = if stem.trim().is_empty() {
        "dataset"
    } else {
        stem
    };
    let dataset = if extension.eq_ignore_ascii_case("json") {
        format!("{stem}.elos.json")
    } else {
        format!("{stem}.json")
    };
    (dataset, format!("{stem}.report.json"))
}

/// An object node and the document it is in.
struct Obj<'d, 'a>(&'d Document<'a>, &'d Node<'a>);

impl<'d, 'a> Obj<'d, 'a> {
    fn get(&self, key: &str) -> Option<&'d Node<'a>> {
        match &self.1.value {
            Value::Object(members) => self
                .0
                .members(*members)
                .iter()
                .find(|m| m.key.as_ref() == key)
                .map(|m| &m.value),
            _ => None,
        }
    }

    fn str(&self, key: &str) -> Option<String> {
        self.get(key)?.value.as_str().map(str::to_owned)
    }

    fn num(&self, key: &str) -> Option<u64> {
        match self.get(key)?.value {
            Value::Number(n) if n >= 0.0 => Some(n as u64),
            _ => None,
        }
    }

    fn strs(&self, key: &str) -> Option<Vec<String>> {
        match &self.get(key)?.value {
            Value::Array(items) => self
                .0
                .items(*items)
                .iter()
                .map(|n| n.value.as_str().map(str::to_owned))
                .collect(),
            _ => None,
        }
    }
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips() {
        let request = ImportRequest {
            lang: "pt-BR".to_owned(),
            home: "Ipatinga".to_owned(),
            home_country: "Brasil".to_owned(),
            names: vec!["geminação \"2024\".csv".to_owned(), "b\\c\n.csv".to_owned()],
        };
        assert_eq!(ImportRequest::decode(&request.encode()), Some(request));
    }

    #[test]
    fn every_message_round_trips() {
        let messages = [
            FromWorker::Progress {
                stage: Stage::Placing,
                done: 1000,
                total: 26_000,
            },
            FromWorker::Progress {
                stage: Stage::Gazetteer,
                done: 0,
                total: 1,
            },
            FromWorker::Failed {
                message: "Não foi possível baixar o gazetteer\u{1}".to_owned(),
            },
            FromWorker::Done(ImportResult {
                dataset: Some("{\n  \"format\": 1\n}\n".to_owned()),
                report_json: "{\"entries\": []}".to_owned(),
                summary: "3 linhas".to_owned(),
                rows: vec![
                    ReportRow {
                        place: "a.csv:3".to_owned(),
                        level: Level::Warning,
                        code: "ambiguous-place".to_owned(),
                        read: "Marlboro (EUA)".to_owned(),
                        message: "ambíguo".to_owned(),
                        candidates: vec!["Marlboro — New Jersey".to_owned()],
                    },
                    ReportRow {
                        place: String::new(),
                        level: Level::Error,
                        code: "final-check".to_owned(),
                        read: String::new(),
                        message: "x".to_owned(),
                        candidates: vec![],
                    },
                    ReportRow {
                        place: "a.csv".to_owned(),
                        level: Level::Info,
                        code: "encoding".to_owned(),
                        read: "\t".to_owned(),
                        message: "Latin-1".to_owned(),
                        candidates: vec![],
                    },
                ],
            }),
            FromWorker::Done(ImportResult {
                dataset: None,
                report_json: String::new(),
                summary: String::new(),
                rows: vec![],
            }),
        ];
        for message in messages {
            assert_eq!(FromWorker::decode(&message.encode()), Some(message));
        }
    }

    #[test]
    fn downloads_are_named_after_the_file() {
        let names = |f: &str| download_names(f);
        assert_eq!(
            names("geminações 2024.csv"),
            (
                "geminações 2024.json".to_owned(),
                "geminações 2024.report.json".to_owned()
            )
        );
        assert_eq!(names("query.json").0, "query.elos.json");
        assert_eq!(names("lista").0, "lista.json");
        assert_eq!(names(".csv").0, ".csv.json");
        assert_eq!(names("").0, "dataset.json");
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "null",
            "{}",
            "{\"type\":\"progress\",\"stage\":\"flying\",\"done\":1,\"total\":2}",
            "{\"type\":\"done\",\"dataset\":null}",
            "{\"type\":\"hello\"}",
        ] {
            assert_eq!(FromWorker::decode(text), None, "{text}");
        }
    }
}
