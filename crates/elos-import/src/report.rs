//! What the import read and decided, row by row, and why: for the clerk (text in the CLI, a
//! table in the page) and for tools (JSON). Entries hold a stable code and parameters; the
//! sentence comes from the import's message catalogue (`crates/elos-import/locales/`) in the
//! reader's language, like the core's dataset problems.

use elos_core::i18n::Catalogue;
use elos_core::import_msg::ReportRow;
use elos_core::problem::Level;

use crate::geocode::Candidate;
use crate::json_out::J;

/// The import's catalogues, in the core's format (`@name`, `@plural`, `{placeholders}`).
const CATALOGUES: &[(&str, &str)] = &[
    ("pt-BR", include_str!("../locales/pt-BR.json")),
    ("en", include_str!("../locales/en.json")),
    ("es", include_str!("../locales/es.json")),
];

/// Every import catalogue, pt-BR first.
pub fn catalogues() -> Vec<Catalogue> {
    CATALOGUES
        .iter()
        .map(|(lang, text)| Catalogue::parse(lang, text).expect("import catalogues are tested"))
        .collect()
}

/// The catalogue for a language tag (`pt`, `pt-BR`, `es-AR`…), English when none fits.
pub fn catalogue(lang: &str) -> Catalogue {
    let all = catalogues();
    let primary = lang.split('-').next().unwrap_or(lang);
    let pos = all
        .iter()
        .position(|c| c.lang.eq_ignore_ascii_case(lang))
        .or_else(|| {
            all.iter()
                .position(|c| c.lang.split('-').next() == Some(primary))
        })
        .or_else(|| all.iter().position(|c| c.lang == "en"))
        .unwrap_or(0);
    all.into_iter().nth(pos).expect("three catalogues")
}

macro_rules! codes {
    ($($name:ident = $key:literal, $level:ident;)*) => {
        /// Stable codes: message keys (`import.<code>`), documented in docs/import.md.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($name,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            pub fn key(self) -> &'static str {
                match self { $(Code::$name => $key,)* }
            }

            pub fn level(self) -> Level {
                match self { $(Code::$name => Level::$level,)* }
            }
        }
    };
}

codes! {
    FileRead = "file-read", Info;
    FileTimelinejs = "file-timelinejs", Info;
    FileWikidata = "file-wikidata", Info;
    FileEmpty = "file-empty", Error;
    FileNotWikidata = "file-not-wikidata", Error;
    UnknownColumn = "unknown-column", Warning;
    NoPartnerColumn = "no-partner-column", Error;
    NoHome = "no-home", Error;
    NoPartner = "no-partner", Error;
    NoSource = "no-source", Error;
    NoDate = "no-date", Error;
    PlaceUnique = "place-unique", Info;
    PlaceDominant = "place-dominant", Info;
    PlaceById = "place-by-id", Info;
    PlaceByCoordinates = "place-by-coordinates", Info;
    PlaceCorrected = "place-corrected", Warning;
    PlaceAmbiguous = "place-ambiguous", Warning;
    PlaceNotFound = "place-not-found", Error;
    PlaceNotFoundElsewhere = "place-not-found-elsewhere", Error;
    MetropolitanArea = "metropolitan-area", Info;
    RegionArea = "region-area", Info;
    CountryInferred = "country-inferred", Warning;
    UnknownCountry = "unknown-country", Warning;
    UnknownRegion = "unknown-region", Warning;
    UnknownQualifier = "unknown-qualifier", Warning;
    RegionNotMatched = "region-not-matched", Warning;
    CountryConflict = "country-conflict", Warning;
    UnknownGeonamesId = "unknown-geonames-id", Warning;
    BadCoordinates = "bad-coordinates", Warning;
    KindMissing = "kind-missing", Warning;
    KindUnknown = "kind-unknown", Warning;
    StatusUnknown = "status-unknown", Warning;
    DateInvalid = "date-invalid", Warning;
    DateDayFirst = "date-day-first", Info;
    DateMonthFirst = "date-month-first", Warning;
    DateYearOnly = "date-year-only", Info;
    EndBeforeStart = "end-before-start", Warning;
    ThemeNew = "theme-new", Info;
    Formula = "formula", Info;
    InsecureUrl = "insecure-url", Warning;
    SameCity = "same-city", Info;
    DuplicateLink = "duplicate-link", Info;
    BothSides = "both-sides", Info;
    DuplicateConflict = "duplicate-conflict", Warning;
    ExistingCity = "existing-city", Info;
    ExistingLink = "existing-link", Info;
    BodyAdded = "body-added", Info;
    TitleRow = "title-row", Info;
    MergeUnreadable = "merge-unreadable", Error;
    FinalCheck = "final-check", Error;
}

/// One decision or problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index into [`Report::files`]; `None` for the dataset as a whole.
    pub file: Option<usize>,
    /// 1-based line where the row starts; 0 for the whole file.
    pub line: u64,
    pub code: Code,
    /// What was read: the cell or row text the decision is about.
    pub read: String,
    pub params: Vec<(&'static str, String)>,
    /// The places the clerk may have meant (ambiguous and not-found places).
    pub candidates: Vec<Candidate>,
}

impl Entry {
    pub fn level(&self) -> Level {
        self.code.level()
    }

    /// The sentence in the catalogue's language.
    pub fn message(&self, c: &Catalogue) -> String {
        let args: Vec<(&str, &str)> = self.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let key = format!("import.{}", self.code.key());
        match self.params.iter().find(|(k, _)| *k == "count") {
            Some((_, n)) if c.is_plural(&key) => c.plural(&key, n.parse().unwrap_or(0), &args),
            _ => c.format(&key, &args),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileInfo {
    pub name: String,
}

/// How many items the import added or matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub rows: usize,
    pub rows_skipped: usize,
    pub cities_added: usize,
    pub cities_matched: usize,
    pub bodies_added: usize,
    pub links_added: usize,
    pub links_merged: usize,
    pub events_added: usize,
    pub uncertain_places: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub files: Vec<FileInfo>,
    pub entries: Vec<Entry>,
    pub summary: Summary,
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.entries.iter().filter(|e| e.level() == level).count()
    }

    fn place(&self, e: &Entry) -> String {
        let file = e
            .file
            .and_then(|f| self.files.get(f))
            .map_or("", |f| f.name.as_str());
        match (file.is_empty(), e.line) {
            (true, _) => "dataset".to_owned(),
            (false, 0) => file.to_owned(),
            (false, line) => format!("{file}:{line}"),
        }
    }

    /// Every entry as a row of the page's table, sentences in the catalogue's language: the
    /// same words as [`Report::to_text`], so the CLI and the page say one thing. Errors first,
    /// then warnings, then the rest, each in file order: what needs the clerk comes first.
    pub fn rows(&self, c: &Catalogue) -> Vec<ReportRow> {
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by_key(|e| e.level());
        entries
            .into_iter()
            .map(|e| ReportRow {
                place: match e.file.and_then(|f| self.files.get(f)) {
                    Some(_) => self.place(e),
                    None => String::new(),
                },
                level: e.level(),
                code: e.code.key().to_owned(),
                read: e.read.clone(),
                message: e.message(c),
                candidates: e.candidates.iter().map(|x| candidate_line(c, x)).collect(),
            })
            .collect()
    }

    /// One line per entry at `min` level or worse (`file:line: level[code] “read”: sentence`),
    /// candidates indented below, then the summary.
    pub fn to_text(&self, c: &Catalogue, min: Level) -> String {
        let mut out = String::new();
        for e in self.entries.iter().filter(|e| e.level() <= min) {
            let read = if e.read.is_empty() {
                String::new()
            } else {
                format!(" “{}”", e.read)
            };
            out.push_str(&format!(
                "{}: {}[{}]{read}: {}\n",
                self.place(e),
                e.level().key(),
                e.code.key(),
                e.message(c)
            ));
            for cand in &e.candidates {
                out.push_str(&format!("    {}\n", candidate_line(c, cand)));
            }
        }
        out.push_str(&self.summary_text(c));
        out.push('\n');
        out
    }

    pub fn summary_text(&self, c: &Catalogue) -> String {
        let s = &self.summary;
        let n = |v: usize| c.number(v as u64);
        c.format(
            "import.summary",
            &[
                ("rows", &n(s.rows)),
                ("skipped", &n(s.rows_skipped)),
                ("cities", &n(s.cities_added)),
                ("matched", &n(s.cities_matched)),
                ("bodies", &n(s.bodies_added)),
                ("links", &n(s.links_added)),
                ("merged", &n(s.links_merged)),
                ("events", &n(s.events_added)),
                ("uncertain", &n(s.uncertain_places)),
                ("errors", &n(self.count(Level::Error))),
                ("warnings", &n(self.count(Level::Warning))),
            ],
        )
    }

    /// The whole report as JSON, sentences in the catalogue's language.
    pub fn to_json(&self, c: &Catalogue) -> String {
        let s = &self.summary;
        let num = |v: usize| J::Num(v as f64);
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let file = e
                    .file
                    .and_then(|f| self.files.get(f))
                    .map(|f| J::str(&f.name));
                J::obj()
                    .with("file", file.unwrap_or(J::Null))
                    .with(
                        "line",
                        if e.line == 0 {
                            J::Null
                        } else {
                            J::Num(e.line as f64)
                        },
                    )
                    .with("level", J::str(e.level().key()))
                    .with("code", J::str(e.code.key()))
                    .with("read", J::str(&e.read))
                    .with("message", J::str(e.message(c)))
                    .with(
                        "params",
                        J::Obj(
                            e.params
                                .iter()
                                .map(|(k, v)| ((*k).to_owned(), J::str(v)))
                                .collect(),
                        ),
                    )
                    .with(
                        "candidates",
                        J::Arr(
                            e.candidates
                                .iter()
                                .map(|c| {
                                    J::obj()
                                        .with("name", J::str(&c.name))
                                        .with("region", J::str(&c.region))
                                        .with("country", J::str(&c.country))
                                        .with("population", J::Num(f64::from(c.population)))
                                        .with("geonames_id", J::Num(f64::from(c.geonames_id)))
                                        .with("lat_deg", J::Num(c.lat_deg))
                                        .with("lon_deg", J::Num(c.lon_deg))
                                })
                                .collect(),
                        ),
                    )
            })
            .collect();
        J::obj()
            .with("language", J::str(&c.lang))
            .with(
                "files",
                J::Arr(self.files.iter().map(|f| J::str(&f.name)).collect()),
            )
            .with(
                "summary",
                J::obj()
                    .with("rows", num(s.rows))
                    .with("rows_skipped", num(s.rows_skipped))
                    .with("cities_added", num(s.cities_added))
                    .with("cities_matched", num(s.cities_matched))
                    .with("bodies_added", num(s.bodies_added))
                    .with("links_added", num(s.links_added))
                    .with("links_merged", num(s.links_merged))
                    .with("events_added", num(s.events_added))
                    .with("uncertain_places", num(s.uncertain_places))
                    .with("errors", num(self.count(Level::Error)))
                    .with("warnings", num(self.count(Level::Warning))),
            )
            .with("entries", J::Arr(entries))
            .pretty()
    }
}

/// "Marlboro — New Jersey, US — 40.191 inhabitants — GeoNames 5100886".
pub fn candidate_line(c: &Catalogue, cand: &Candidate) -> String {
    let population = if cand.population > 0 {
        c.format(
            "import.candidate_population",
            &[("population", &c.number(u64::from(cand.population)))],
        )
    } else {
        String::new()
    };
    let region = if cand.region.is_empty() {
        String::new()
    } else {
        format!("{}, ", cand.region)
    };
    format!(
        "{} — {region}{}{population} — GeoNames {}",
        cand.name, cand.country, cand.geonames_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_has_every_message_with_the_same_placeholders() {
        let all = catalogues();
        let pt = &all[0];
        assert_eq!(pt.lang, "pt-BR");
        let mut keys: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("import.{}", c.key()))
            .collect();
        keys.extend(pt.keys().map(str::to_owned));
        for c in &all {
            for key in &keys {
                assert!(c.has(key), "{} lacks {key}", c.lang);
                assert_eq!(
                    c.placeholders(key),
                    pt.placeholders(key),
                    "{} {key}",
                    c.lang
                );
            }
            assert_eq!(
                c.keys().count(),
                pt.keys().count(),
                "{} has extra keys",
                c.lang
            );
        }
    }

    #[test]
    fn picks_a_catalogue_for_a_tag() {
        assert_eq!(catalogue("pt").lang, "pt-BR");
        assert_eq!(catalogue("es-AR").lang, "es");
        assert_eq!(catalogue("de").lang, "en");
    }
}
