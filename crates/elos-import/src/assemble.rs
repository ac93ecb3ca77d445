//! Records → dataset: every cell interpreted in one place, places geocoded (each distinct
//! written place once), the same city written two ways made one, the same link listed twice or
//! from both sides made one, and — with a dataset to merge into — its ids kept and its items
//! matched. The result is checked with `elos_core::load` before it is handed back, so a dataset
//! the importer returns is one `elos check` accepts.

use std::collections::{HashMap, HashSet};

use elos_core::date::PartialDate;
use elos_core::i18n::Catalogue;
use elos_core::load::slugify;
use elos_core::model::{Dataset, Identification, LinkKind, PlaceKind as CorePlaceKind, Status};
use elos_core::problem::Level;
use elos_core::search::fold;

use crate::cell::{parse_date, DateReading};
use crate::gazetteer::Gazetteer;
use crate::geocode::{geocode, Candidate, Geocoded, Outcome, PlaceInput, PlaceKind, Remark};
use crate::json_out::J;
use crate::records::{At, EventRecord, FileRecords, LinkRecord};
use crate::report::{catalogues, Code, Entry, Report};
use crate::vocab::{split_list, Vocabulary};

/// Text in several languages, in order.
type Text = Vec<(String, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Placing,
    Checking,
}

/// How far the import is, for a progress bar; sent every [`Options::progress_every`] rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CityKey {
    /// A place the gazetteer identified: the same GeoNames id and kind is the same city.
    Geo(u32, PlaceKind),
    /// A place identified only by its name and country (coordinates given, or an existing city
    /// without a GeoNames id).
    Named(String, String, PlaceKind),
    /// An ambiguous name stays its own city: "Marlboro (EUA)" is not merged with a row that
    /// says "Marlboro, New Jersey", whose marker happens to be at the same place.
    Uncertain(String, String, PlaceKind),
}

struct CityDraft {
    id: String,
    names: Text,
    country: String,
    lat_deg: f64,
    lon_deg: f64,
    kind: PlaceKind,
    location_note: Option<Text>,
    identification_note: Option<Text>,
    geonames_id: Option<u32>,
    wikidata_id: Option<String>,
    /// Already in the dataset merged into: written as it was.
    existing: bool,
    first: At,
    first_written: String,
}

struct BodyDraft {
    id: String,
    names: Text,
    network: bool,
    existing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PartyRef {
    City(usize),
    Body(usize),
}

/// A row's source cells as written.
struct SourceCells<'a> {
    title: &'a str,
    url: &'a str,
    accessed: &'a str,
    note: &'a str,
    /// The home city whose Wikidata statement the row comes from.
    wikidata: Option<&'a str>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct SourceDraft {
    title: String,
    url: Option<String>,
    accessed: Option<PartialDate>,
    note: Option<String>,
}

struct CoopDraft {
    id: String,
    kind: LinkKind,
    kind_label: Option<Text>,
    parties: Vec<PartyRef>,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    status: Status,
    themes: Vec<String>,
    description: Option<Text>,
    instrument: Option<(Text, Option<PartialDate>)>,
    sources: Vec<SourceDraft>,
    first: At,
}

struct EventDraft {
    id: String,
    city: usize,
    date: PartialDate,
    title: Text,
    description: Option<Text>,
    sources: Vec<SourceDraft>,
}

/// What the import should do besides reading the files.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The report's language (a catalogue tag).
    pub lang: String,
    /// The home city of rows that do not name one (TimelineJS sheets, a sheet without a
    /// "city" column).
    pub home: String,
    pub home_country: String,
    pub title: Option<String>,
    /// A source for rows that cite none ("Assessoria de Relações Internacionais, registros").
    pub default_source: Option<String>,
    /// The text of a dataset to add to; its ids and items are kept.
    pub merge_into: Option<String>,
    /// Report progress after this many rows (at least 1).
    pub progress_every: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            lang: "pt-BR".to_owned(),
            home: String::new(),
            home_country: String::new(),
            title: None,
            default_source: None,
            merge_into: None,
            progress_every: 1000,
        }
    }
}

struct Assembler<'g> {
    g: &'g Gazetteer,
    vocab: Vocabulary,
    catalogues: Vec<Catalogue>,
    report: Report,
    ids: HashSet<String>,
    cities: Vec<CityDraft>,
    city_keys: HashMap<CityKey, usize>,
    bodies: Vec<BodyDraft>,
    body_keys: HashMap<String, usize>,
    coops: Vec<CoopDraft>,
    coop_keys: HashMap<(LinkKind, Vec<PartyRef>), usize>,
    /// Links already in the dataset merged into, by kind and parties, with their ids.
    existing_coops: HashMap<(LinkKind, Vec<PartyRef>), String>,
    events: Vec<EventDraft>,
    home_cities: Vec<usize>,
    /// Each distinct written place is geocoded once: 26,000 rows name far fewer places.
    /// `None` for a place that could not be placed (its rows are left out, reported once).
    geocoded: HashMap<PlaceInputKey, Option<usize>>,
    /// The language text is written in (the first sheet's).
    lang: &'static str,
    /// The report's language, for the names put into its messages.
    report_lang: String,
    insecure_urls: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PlaceInputKey(String, String, String, Option<u32>, Option<(u64, u64)>);

impl From<&PlaceInput> for PlaceInputKey {
    fn from(p: &PlaceInput) -> Self {
        PlaceInputKey(
            p.written.trim().to_owned(),
            fold(&p.country),
            fold(&p.region),
            p.geonames_id,
            p.coordinates.map(|(a, b)| (a.to_bits(), b.to_bits())),
        )
    }
}

fn entry(at: At, code: Code, read: &str, params: Vec<(&'static str, String)>) -> Entry {
    Entry {
        file: Some(at.file),
        line: at.line,
        code,
        read: read.to_owned(),
        params,
        candidates: Vec::new(),
    }
}

/// The outcome: the dataset's JSON text (none when nothing usable was read or the dataset to
/// merge into has errors) and the report.
pub struct Imported {
    pub dataset: Option<String>,
    pub report: Report,
}

/// Runs the whole import on files already read into records.
pub fn assemble(
    files: Vec<FileRecords>,
    names: Vec<String>,
    g: &Gazetteer,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Imported {
    let lang = files
        .iter()
        .find(|f| !f.links.is_empty() || !f.events.is_empty())
        .map_or("pt-BR", |f| f.lang);
    let mut a = Assembler {
        g,
        vocab: Vocabulary::new(),
        catalogues: catalogues(),
        report: Report::default(),
        ids: HashSet::new(),
        cities: Vec::new(),
        city_keys: HashMap::new(),
        bodies: Vec::new(),
        body_keys: HashMap::new(),
        coops: Vec::new(),
        coop_keys: HashMap::new(),
        existing_coops: HashMap::new(),
        events: Vec::new(),
        home_cities: Vec::new(),
        geocoded: HashMap::new(),
        lang,
        report_lang: options.lang.clone(),
        insecure_urls: HashSet::new(),
    };
    a.report.files = names
        .into_iter()
        .map(|name| crate::report::FileInfo { name })
        .collect();
    let existing = match &options.merge_into {
        Some(text) => match a.register_existing(text) {
            Some(root) => Some(root),
            None => {
                return Imported {
                    dataset: None,
                    report: a.report,
                }
            }
        },
        None => None,
    };
    let mut title = None;
    let mut links = Vec::new();
    let mut events = Vec::new();
    for f in files {
        a.report.entries.extend(f.entries);
        title = title.or(f.title);
        links.extend(f.links);
        events.extend(f.events);
    }
    let total = links.len() + events.len();
    let every = options.progress_every.max(1);
    progress(Progress {
        stage: Stage::Placing,
        done: 0,
        total,
    });
    for (i, link) in links.iter().enumerate() {
        a.report.summary.rows += 1;
        if !a.link(link, options) {
            a.report.summary.rows_skipped += 1;
        }
        if (i + 1) % every == 0 {
            progress(Progress {
                stage: Stage::Placing,
                done: i + 1,
                total,
            });
        }
    }
    for (i, event) in events.iter().enumerate() {
        a.report.summary.rows += 1;
        if !a.event(event, options) {
            a.report.summary.rows_skipped += 1;
        }
        if (links.len() + i + 1) % every == 0 {
            progress(Progress {
                stage: Stage::Placing,
                done: links.len() + i + 1,
                total,
            });
        }
    }
    progress(Progress {
        stage: Stage::Checking,
        done: total,
        total,
    });
    if a.home_cities.is_empty() && existing.is_none() {
        return Imported {
            dataset: None,
            report: a.report,
        };
    }
    let title = options.title.clone().or(title);
    let json = a.write(existing, title.as_deref());
    let text = json.pretty();
    let loaded = elos_core::load(&text);
    for p in loaded.problems.iter().filter(|p| p.level() == Level::Error) {
        a.report.entries.push(Entry {
            file: None,
            line: 0,
            code: Code::FinalCheck,
            read: p.path.clone(),
            params: vec![("problem", p.code.key().to_owned())],
            candidates: vec![],
        });
    }
    let dataset = (!loaded.has_errors()).then_some(text);
    progress(Progress {
        stage: Stage::Checking,
        done: total,
        total,
    });
    Imported {
        dataset,
        report: a.report,
    }
}

impl Assembler<'_> {
    fn push(&mut self, e: Entry) {
        self.report.entries.push(e);
    }

    /// A message in every catalogue: the dataset's notes are written in the three languages.
    fn text_all(&self, key: &str, args: &[(&str, &str)]) -> Text {
        let mut out: Text = self
            .catalogues
            .iter()
            .map(|c| (c.lang.clone(), c.format(key, args)))
            .collect();
        // The dataset's own language first.
        if let Some(i) = out.iter().position(|(l, _)| l == self.lang) {
            let first = out.remove(i);
            out.insert(0, first);
        }
        out
    }

    fn unique_id(&mut self, base: &str, fallback: &str, suffix: &str) -> String {
        let base = if base.is_empty() {
            fallback.to_owned()
        } else {
            base.to_owned()
        };
        let mut id = base.clone();
        if self.ids.contains(&id) && !suffix.is_empty() {
            id = format!("{base}-{suffix}");
        }
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    /// Reads the dataset to merge into; `None` (with an entry) when it has errors.
    fn register_existing(&mut self, text: &str) -> Option<J> {
        let loaded = elos_core::load(text);
        let Some(ds) = loaded.dataset.as_ref() else {
            let errors = loaded.errors().count();
            self.push(Entry {
                file: None,
                line: 0,
                code: Code::MergeUnreadable,
                read: String::new(),
                params: vec![("errors", errors.to_string())],
                candidates: vec![],
            });
            return None;
        };
        self.register_dataset(ds);
        let root = elos_core::json::parse(text.trim_start_matches('\u{feff}')).ok()?;
        Some(J::from_document(&root))
    }

    fn register_dataset(&mut self, ds: &Dataset) {
        for city in &ds.cities {
            self.ids.insert(city.id.clone());
            let kind = match city.place_kind {
                CorePlaceKind::MetropolitanArea => PlaceKind::MetropolitanArea,
                CorePlaceKind::Region => PlaceKind::Region,
                CorePlaceKind::City => PlaceKind::City,
            };
            let ix = self.cities.len();
            let uncertain = city.identification == Identification::Uncertain;
            if let (Some(id), false) = (city.geonames_id, uncertain) {
                self.city_keys.insert(CityKey::Geo(id as u32, kind), ix);
            }
            for p in city.names.iter() {
                let key = if uncertain {
                    CityKey::Uncertain(fold(p.text), city.country.clone(), kind)
                } else {
                    CityKey::Named(fold(p.text), city.country.clone(), kind)
                };
                self.city_keys.entry(key).or_insert(ix);
            }
            self.cities.push(CityDraft {
                id: city.id.clone(),
                names: city.names.0.clone(),
                country: city.country.clone(),
                lat_deg: city.lat_deg,
                lon_deg: city.lon_deg,
                kind,
                location_note: None,
                identification_note: None,
                geonames_id: city.geonames_id.map(|i| i as u32),
                wikidata_id: city.wikidata_id.clone(),
                existing: true,
                first: At::default(),
                first_written: String::new(),
            });
        }
        for (network, list) in [(true, &ds.networks), (false, &ds.organisations)] {
            for body in list {
                self.ids.insert(body.id.clone());
                let ix = self.bodies.len();
                for p in body.names.iter() {
                    self.body_keys.entry(fold(p.text)).or_insert(ix);
                }
                self.bodies.push(BodyDraft {
                    id: body.id.clone(),
                    names: body.names.0.clone(),
                    network,
                    existing: true,
                });
            }
        }
        let network_count = ds.networks.len();
        for coop in &ds.cooperations {
            self.ids.insert(coop.id.clone());
            let mut parties: Vec<PartyRef> = coop
                .parties
                .iter()
                .map(|p| match p {
                    elos_core::model::Party::City(c) => PartyRef::City(c.0),
                    elos_core::model::Party::Network(n) => PartyRef::Body(n.0),
                    elos_core::model::Party::Organisation(o) => PartyRef::Body(network_count + o.0),
                })
                .collect();
            parties.sort();
            self.existing_coops
                .insert((coop.kind, parties), coop.id.clone());
        }
        for e in &ds.events {
            self.ids.insert(e.id.clone());
        }
        self.home_cities = ds.home_cities.iter().map(|c| c.0).collect();
    }

    /// The city for a written place: found among those already made (or in the dataset merged
    /// into), or made now. `None` (with an entry) when the place cannot be put on the map.
    fn city(
        &mut self,
        input: &PlaceInput,
        lang: &str,
        at: At,
        names: &[(String, String)],
        wikidata_id: Option<&str>,
    ) -> Option<usize> {
        let key = PlaceInputKey::from(input);
        if let Some(&known) = self.geocoded.get(&key) {
            match known {
                Some(ix) => self.add_names(ix, input, lang, names),
                // Every row left out says so, not only the first naming the place.
                None => self.push(entry(at, Code::PlaceNotFound, &input.written, vec![])),
            }
            return known;
        }
        let geo = geocode(input, self.g);
        let ix = self.place(&geo, input, lang, at, names, wikidata_id);
        self.geocoded.insert(key, ix);
        ix
    }

    fn add_names(&mut self, ix: usize, input: &PlaceInput, lang: &str, names: &[(String, String)]) {
        let city = &mut self.cities[ix];
        if city.existing {
            return;
        }
        let (written, _) = crate::geocode::split_qualifiers(&input.written, self.g);
        for (lang, name) in std::iter::once((lang.to_owned(), written)).chain(names.iter().cloned())
        {
            if !name.is_empty() && !city.names.iter().any(|(l, _)| *l == lang) {
                city.names.push((lang, name));
            }
        }
    }

    fn place_label(&self, geo: &Geocoded) -> String {
        let name = geo
            .gazetteer_name
            .clone()
            .unwrap_or_else(|| geo.name.clone());
        let region = geo
            .geonames_id
            .and_then(|id| self.g.place_by_geonames_id(id))
            .and_then(|p| self.g.region_name(&p).map(str::to_owned));
        let country = geo.country.clone().unwrap_or_default();
        match region {
            Some(r) => format!("{name}, {r}, {country}"),
            None => format!("{name}, {country}"),
        }
    }

    fn place(
        &mut self,
        geo: &Geocoded,
        input: &PlaceInput,
        lang: &str,
        at: At,
        names: &[(String, String)],
        wikidata_id: Option<&str>,
    ) -> Option<usize> {
        let read = input.written.clone();
        for r in &geo.remarks {
            let (code, params) = match r {
                Remark::UnknownQualifier(q) => {
                    (Code::UnknownQualifier, vec![("qualifier", q.clone())])
                }
                Remark::UnknownCountry(c) => (Code::UnknownCountry, vec![("country", c.clone())]),
                Remark::UnknownRegion(r) => (Code::UnknownRegion, vec![("region", r.clone())]),
                Remark::CountryInferred(c) => (
                    Code::CountryInferred,
                    vec![("country", self.country_name(c))],
                ),
                Remark::CountryConflict { column, qualifier } => (
                    Code::CountryConflict,
                    vec![
                        ("country", self.country_name(column)),
                        ("qualifier", qualifier.clone()),
                    ],
                ),
                Remark::UnknownGeonamesId(id) => {
                    (Code::UnknownGeonamesId, vec![("id", id.to_string())])
                }
                Remark::RegionNotMatched(r) => {
                    (Code::RegionNotMatched, vec![("region", r.clone())])
                }
            };
            self.push(entry(at, code, &read, params));
        }
        let label = self.place_label(geo);
        let id = geo.geonames_id.map(|i| i.to_string()).unwrap_or_default();
        let decision = match &geo.outcome {
            Outcome::ById => entry(at, Code::PlaceById, &read, vec![("place", label.clone())]),
            Outcome::ByCoordinates => {
                let (lat, lon) = geo.coordinates.unwrap_or_default();
                entry(
                    at,
                    Code::PlaceByCoordinates,
                    &read,
                    vec![("lat", lat.to_string()), ("lon", lon.to_string())],
                )
            }
            Outcome::Unique => entry(
                at,
                Code::PlaceUnique,
                &read,
                vec![("place", label.clone()), ("id", id)],
            ),
            Outcome::Dominant { next } => entry(
                at,
                Code::PlaceDominant,
                &read,
                vec![
                    ("place", label.clone()),
                    ("id", id),
                    (
                        "next",
                        format!("{}, {}, {}", next.name, next.region, next.country),
                    ),
                ],
            ),
            Outcome::Corrected { .. } => entry(
                at,
                Code::PlaceCorrected,
                &read,
                vec![("place", label.clone()), ("id", id)],
            ),
            Outcome::Ambiguous { candidates } => Entry {
                candidates: candidates.clone(),
                ..entry(
                    at,
                    Code::PlaceAmbiguous,
                    &read,
                    vec![
                        ("count", candidates.len().to_string()),
                        ("place", label.clone()),
                    ],
                )
            },
            Outcome::NotFound { elsewhere } if !elsewhere.is_empty() && geo.country.is_some() => {
                Entry {
                    candidates: elsewhere.clone(),
                    ..entry(
                        at,
                        Code::PlaceNotFoundElsewhere,
                        &read,
                        vec![(
                            "country",
                            self.country_name(geo.country.as_deref().unwrap_or("")),
                        )],
                    )
                }
            }
            Outcome::NotFound { elsewhere } => Entry {
                candidates: elsewhere.clone(),
                ..entry(at, Code::PlaceNotFound, &read, vec![])
            },
        };
        self.push(decision);
        if !geo.placed() {
            return None;
        }
        match geo.kind {
            PlaceKind::MetropolitanArea => self.push(entry(
                at,
                Code::MetropolitanArea,
                &read,
                vec![("place", label.clone())],
            )),
            PlaceKind::Region => self.push(entry(
                at,
                Code::RegionArea,
                &read,
                vec![("place", label.clone())],
            )),
            PlaceKind::City => {}
        }
        let country = geo.country.clone().unwrap_or_default();
        let name = match (&geo.outcome, &geo.gazetteer_name) {
            // A misspelling is not kept as the city's name.
            (Outcome::Corrected { .. }, Some(n)) => n.clone(),
            _ => geo.name.clone(),
        };
        let key = match (&geo.outcome, geo.geonames_id) {
            (Outcome::Ambiguous { .. }, _) => {
                CityKey::Uncertain(fold(&name), country.clone(), geo.kind)
            }
            (Outcome::ByCoordinates, _) | (_, None) => {
                CityKey::Named(fold(&name), country.clone(), geo.kind)
            }
            (_, Some(id)) => CityKey::Geo(id, geo.kind),
        };
        let named = CityKey::Named(fold(&name), country.clone(), geo.kind);
        let found = self.city_keys.get(&key).or_else(|| {
            if matches!(key, CityKey::Geo(..)) {
                self.city_keys.get(&named)
            } else {
                None
            }
        });
        if let Some(&ix) = found {
            let city = &self.cities[ix];
            if city.existing {
                self.report.summary.cities_matched += 1;
                let id = city.id.clone();
                self.push(entry(at, Code::ExistingCity, &read, vec![("id", id)]));
            } else if fold(&city.first_written) != fold(&input.written) {
                let params = vec![
                    ("other", city.first_written.clone()),
                    ("line", city.first.line.to_string()),
                    ("id", city.id.clone()),
                ];
                self.push(entry(at, Code::SameCity, &read, params));
            }
            self.add_names(ix, input, lang, names);
            if self.cities[ix].wikidata_id.is_none() && !self.cities[ix].existing {
                self.cities[ix].wikidata_id = wikidata_id.map(str::to_owned);
            }
            return Some(ix);
        }
        let (lat_deg, lon_deg) = geo.coordinates.unwrap_or_default();
        let mut city_names: Text = vec![(lang.to_owned(), name.clone())];
        for (l, n) in names {
            if !city_names.iter().any(|(have, _)| have == l) {
                city_names.push((l.clone(), n.clone()));
            }
        }
        // GeoNames' main names are in English or the local Latin spelling ("Milan",
        // "Kitakyushu", "Mexico City"): kept as the English name when the sheet gave none.
        if let (PlaceKind::City, Some(gn)) = (geo.kind, &geo.gazetteer_name) {
            if !city_names.iter().any(|(l, _)| l == "en") && fold(gn) != fold(&name) {
                city_names.push(("en".to_owned(), gn.clone()));
            }
        }
        let principal = geo.gazetteer_name.clone().unwrap_or_default();
        let location_note = match geo.kind {
            PlaceKind::MetropolitanArea => {
                Some(self.text_all("note.metropolitan_area", &[("place", &principal)]))
            }
            PlaceKind::Region => Some(self.text_all("note.region", &[("place", &principal)])),
            PlaceKind::City => None,
        };
        let identification_note = match &geo.outcome {
            Outcome::Ambiguous { candidates } => {
                Some(self.ambiguity_note(&input.written, candidates))
            }
            _ => None,
        };
        if identification_note.is_some() {
            self.report.summary.uncertain_places += 1;
        }
        // Ids come from GeoNames' name when there is one ("milan" whether the sheet says Milão
        // or Milano), so sheets in different languages give the same ids.
        let id_name = match (geo.kind, &geo.gazetteer_name) {
            (PlaceKind::City, Some(gn)) if !slugify(gn).is_empty() => gn.clone(),
            _ => name.clone(),
        };
        let id = self.unique_id(&slugify(&id_name), "place", &country.to_ascii_lowercase());
        let ix = self.cities.len();
        self.cities.push(CityDraft {
            id,
            names: city_names,
            country,
            lat_deg,
            lon_deg,
            kind: geo.kind,
            location_note,
            identification_note,
            geonames_id: geo.geonames_id,
            wikidata_id: wikidata_id.map(str::to_owned),
            existing: false,
            first: at,
            first_written: input.written.clone(),
        });
        self.city_keys.insert(key, ix);
        if self.cities[ix].identification_note.is_none() {
            self.city_keys.entry(named).or_insert(ix);
        }
        self.report.summary.cities_added += 1;
        Some(ix)
    }

    fn ambiguity_note(&self, written: &str, candidates: &[Candidate]) -> Text {
        let chosen = candidates.first().map_or(String::new(), |c| {
            if c.region.is_empty() {
                c.name.clone()
            } else {
                format!("{}, {}", c.name, c.region)
            }
        });
        let mut out: Text = Vec::new();
        for c in &self.catalogues {
            let list: Vec<String> = candidates
                .iter()
                .map(|cand| crate::report::candidate_line(c, cand))
                .collect();
            let n = candidates.len().to_string();
            out.push((
                c.lang.clone(),
                c.format(
                    "note.ambiguous",
                    &[
                        ("written", written),
                        ("n", &n),
                        ("list", &list.join("; ")),
                        ("chosen", &chosen),
                    ],
                ),
            ));
        }
        if let Some(i) = out.iter().position(|(l, _)| l == self.lang) {
            let first = out.remove(i);
            out.insert(0, first);
        }
        out
    }

    /// A country as the report names it, in the report's language: "Alemanha (DE)".
    fn country_name(&self, iso2: &str) -> String {
        self.g.country_by_code(iso2).map_or_else(
            || iso2.to_owned(),
            |c| format!("{} ({iso2})", c.name_in(&self.report_lang)),
        )
    }

    fn body(&mut self, written: &str, network: bool, lang: &str, at: At) -> usize {
        let key = fold(written);
        if let Some(&ix) = self.body_keys.get(&key) {
            return ix;
        }
        let id = self.unique_id(&slugify(written), "body", "");
        self.push(entry(
            at,
            Code::BodyAdded,
            written,
            vec![("id", id.clone())],
        ));
        let ix = self.bodies.len();
        self.bodies.push(BodyDraft {
            id,
            names: vec![(lang.to_owned(), written.to_owned())],
            network,
            existing: false,
        });
        self.body_keys.insert(key, ix);
        self.report.summary.bodies_added += 1;
        ix
    }

    fn date(&mut self, written: &str, at: At) -> Option<PartialDate> {
        if written.trim().is_empty() {
            return None;
        }
        match parse_date(written) {
            Some((d, reading)) => {
                let params = vec![("date", written.to_owned()), ("iso", d.to_string())];
                match reading {
                    DateReading::Plain => {}
                    DateReading::DayFirstAssumed if self.lang == "en" => {
                        self.push(entry(at, Code::DateDayFirst, written, params))
                    }
                    DateReading::DayFirstAssumed => {}
                    DateReading::MonthFirst => {
                        self.push(entry(at, Code::DateMonthFirst, written, params))
                    }
                }
                Some(d)
            }
            None => {
                self.push(entry(
                    at,
                    Code::DateInvalid,
                    written,
                    vec![("date", written.to_owned())],
                ));
                None
            }
        }
    }

    fn source(&mut self, cells: SourceCells<'_>, options: &Options, at: At) -> Option<SourceDraft> {
        let SourceCells {
            title,
            url,
            accessed,
            note,
            wikidata,
        } = cells;
        let mut title = title.trim().to_owned();
        if let Some(city) = wikidata {
            let c = self
                .catalogues
                .iter()
                .find(|c| c.lang == self.lang)
                .unwrap_or(&self.catalogues[0]);
            title = c.format("wikidata.source", &[("city", city)]);
        }
        let mut note = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
        let url = url.trim();
        let url = if url.is_empty() {
            None
        } else if url.starts_with("https://") {
            Some(url.to_owned())
        } else {
            // Once per address: a list citing one law on every row needs one warning.
            if self.insecure_urls.insert(url.to_owned()) {
                self.push(entry(at, Code::InsecureUrl, url, vec![]));
            }
            note = Some(match note {
                Some(n) => format!("{n} — {url}"),
                None => url.to_owned(),
            });
            None
        };
        if title.is_empty() {
            title = url
                .clone()
                .or_else(|| options.default_source.clone())
                .unwrap_or_default();
        }
        if title.is_empty() {
            return None;
        }
        let accessed = self.date(accessed, at);
        Some(SourceDraft {
            title,
            url,
            accessed,
            note,
        })
    }

    /// One link row; false when it had to be left out.
    fn link(&mut self, r: &LinkRecord, options: &Options) -> bool {
        let at = r.at;
        if r.partner.written.trim().is_empty() {
            self.push(entry(at, Code::NoPartner, "", vec![]));
            return false;
        }
        if r.home.written.trim().is_empty() {
            self.push(entry(at, Code::NoHome, &r.partner.written, vec![]));
            return false;
        }
        let cells = SourceCells {
            title: &r.source,
            url: &r.source_url,
            accessed: &r.accessed,
            note: &r.source_note,
            wikidata: r.wikidata_source.as_deref(),
        };
        let Some(source) = self.source(cells, options, at) else {
            self.push(entry(at, Code::NoSource, &r.partner.written, vec![]));
            return false;
        };
        let (kind, kind_label) = if r.kind.trim().is_empty() {
            self.push(entry(at, Code::KindMissing, &r.partner.written, vec![]));
            (LinkKind::Other, None)
        } else {
            match self.vocab.kind(&r.kind) {
                Some(k) => (k, None),
                None => {
                    self.push(entry(
                        at,
                        Code::KindUnknown,
                        &r.kind,
                        vec![("kind", r.kind.clone())],
                    ));
                    (
                        LinkKind::Other,
                        Some(vec![(r.lang.to_owned(), r.kind.trim().to_owned())]),
                    )
                }
            }
        };
        let Some(home) = self.city(&r.home, r.lang, at, &[], r.home_wikidata_id.as_deref()) else {
            return false;
        };
        if !self.home_cities.contains(&home) {
            self.home_cities.push(home);
        }
        let partner = match kind {
            LinkKind::NetworkMembership => {
                PartyRef::Body(self.body(&r.partner.written, true, r.lang, at))
            }
            LinkKind::OrganisationPartnership | LinkKind::Diplomatic => {
                PartyRef::Body(self.body(&r.partner.written, false, r.lang, at))
            }
            _ => match self.city(
                &r.partner,
                r.lang,
                at,
                &r.partner_names,
                r.partner_wikidata_id.as_deref(),
            ) {
                Some(c) => PartyRef::City(c),
                None => return false,
            },
        };
        let start = self.date(&r.start, at);
        let mut end = self.date(&r.end, at);
        if let (Some(s), Some(e)) = (start, end) {
            if e.certainly_before(&s) {
                self.push(entry(
                    at,
                    Code::EndBeforeStart,
                    &r.end,
                    vec![("start", s.to_string()), ("end", e.to_string())],
                ));
                end = None;
            }
        }
        let status = if r.status.trim().is_empty() {
            Status::Unknown
        } else {
            self.vocab.status(&r.status).unwrap_or_else(|| {
                self.report.entries.push(entry(
                    at,
                    Code::StatusUnknown,
                    &r.status,
                    vec![("status", r.status.clone())],
                ));
                Status::Unknown
            })
        };
        let mut themes = Vec::new();
        for t in split_list(&r.themes) {
            let key = match self.vocab.theme(t) {
                Ok(k) => k.to_owned(),
                Err(k) => {
                    self.push(entry(
                        at,
                        Code::ThemeNew,
                        t,
                        vec![("theme", t.to_owned()), ("key", k.clone())],
                    ));
                    k
                }
            };
            if !themes.contains(&key) {
                themes.push(key);
            }
        }
        let text = |s: &str| {
            Some(vec![(r.lang.to_owned(), s.trim().to_owned())]).filter(|_| !s.trim().is_empty())
        };
        let instrument = text(&r.instrument).map(|t| {
            let d = self.date(&r.instrument_date, at);
            (t, d)
        });
        let mut parties = vec![PartyRef::City(home), partner];
        if parties[0] == parties[1] {
            // A row linking a city to itself says nothing; left out like an empty partner.
            self.push(entry(at, Code::NoPartner, &r.partner.written, vec![]));
            return false;
        }
        let mut key_parties = parties.clone();
        key_parties.sort();
        let key = (kind, key_parties);
        if let Some(id) = self.existing_coops.get(&key).cloned() {
            self.report.summary.links_merged += 1;
            self.push(entry(
                at,
                Code::ExistingLink,
                &r.partner.written,
                vec![("id", id)],
            ));
            return true;
        }
        if let Some(&ix) = self.coop_keys.get(&key) {
            self.merge_link(ix, at, r, start, end, status, source, home);
            return true;
        }
        let home_id = self.cities[home].id.clone();
        let partner_id = match partner {
            PartyRef::City(c) => self.cities[c].id.clone(),
            PartyRef::Body(b) => self.bodies[b].id.clone(),
        };
        let id = self.unique_id(
            &format!("{home_id}-{partner_id}"),
            "link",
            &kind.key().replace('_', "-"),
        );
        parties.dedup();
        self.coops.push(CoopDraft {
            id,
            kind,
            kind_label,
            parties,
            start,
            end,
            status,
            themes,
            description: text(&r.description),
            instrument,
            sources: vec![source],
            first: at,
        });
        self.coop_keys.insert(key, self.coops.len() - 1);
        self.report.summary.links_added += 1;
        true
    }

    /// The same link again: its sources are added; differing facts keep the first row's value
    /// and are reported; facts only the later row gives are taken.
    #[allow(clippy::too_many_arguments)]
    fn merge_link(
        &mut self,
        ix: usize,
        at: At,
        r: &LinkRecord,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        status: Status,
        source: SourceDraft,
        home: usize,
    ) {
        self.report.summary.links_merged += 1;
        let c = &self.coops[ix];
        let first_line = c.first.line.to_string();
        let id = c.id.clone();
        let from_other_side = c.parties[0] != PartyRef::City(home);
        let code = if from_other_side {
            Code::BothSides
        } else {
            Code::DuplicateLink
        };
        self.push(entry(
            at,
            code,
            &r.partner.written,
            vec![("line", first_line.clone()), ("id", id)],
        ));
        let mut conflicts = Vec::new();
        let c = &mut self.coops[ix];
        for (field, mine, theirs) in [("start", &mut c.start, start), ("end", &mut c.end, end)] {
            match (*mine, theirs) {
                (None, Some(t)) => *mine = Some(t),
                (Some(m), Some(t)) if m != t => {
                    conflicts.push((field, m.to_string(), t.to_string()))
                }
                _ => {}
            }
        }
        if c.status == Status::Unknown {
            c.status = status;
        } else if status != Status::Unknown && status != c.status {
            conflicts.push(("status", c.status.key().to_owned(), status.key().to_owned()));
        }
        if !c.sources.contains(&source) {
            c.sources.push(source);
        }
        for (field, first, second) in conflicts {
            self.push(entry(
                at,
                Code::DuplicateConflict,
                &r.partner.written,
                vec![
                    ("line", first_line.clone()),
                    ("field", field.to_owned()),
                    ("first", first),
                    ("second", second),
                ],
            ));
        }
    }

    fn event(&mut self, r: &EventRecord, options: &Options) -> bool {
        let at = r.at;
        if r.home.written.trim().is_empty() {
            self.push(entry(at, Code::NoHome, &r.title, vec![]));
            return false;
        }
        let Some(date) = self.date(&r.date, at) else {
            self.push(entry(at, Code::NoDate, &r.title, vec![]));
            return false;
        };
        let cells = SourceCells {
            title: &r.source,
            url: &r.source_url,
            accessed: "",
            note: "",
            wikidata: None,
        };
        let Some(source) = self.source(cells, options, at) else {
            self.push(entry(at, Code::NoSource, &r.title, vec![]));
            return false;
        };
        let Some(home) = self.city(&r.home, r.lang, at, &[], None) else {
            return false;
        };
        if !self.home_cities.contains(&home) {
            self.home_cities.push(home);
        }
        let title = if r.title.is_empty() {
            r.date.clone()
        } else {
            r.title.clone()
        };
        let slug: String = slugify(&title)
            .split('-')
            .take(5)
            .collect::<Vec<_>>()
            .join("-");
        let base = format!("{}-{}-{slug}", self.cities[home].id, date.year);
        let id = self.unique_id(base.trim_end_matches('-'), "event", "");
        self.events.push(EventDraft {
            id,
            city: home,
            date,
            title: vec![(r.lang.to_owned(), title)],
            description: Some(vec![(r.lang.to_owned(), r.description.clone())])
                .filter(|_| !r.description.is_empty()),
            sources: vec![source],
        });
        self.report.summary.events_added += 1;
        true
    }

    fn write(&self, existing: Option<J>, title: Option<&str>) -> J {
        let text = |t: &Text| J::Obj(t.iter().map(|(l, s)| (l.clone(), J::str(s))).collect());
        let party_id = |p: &PartyRef| match p {
            PartyRef::City(c) => self.cities[*c].id.clone(),
            PartyRef::Body(b) => self.bodies[*b].id.clone(),
        };
        let source_object = |s: &SourceDraft| {
            J::obj()
                .with("title", J::str(&s.title))
                .with_opt("url", s.url.as_ref().map(J::str))
                .with_opt("accessed", s.accessed.map(|d| J::str(d.to_string())))
                .with_opt("note", s.note.as_ref().map(J::str))
        };
        // A source cited more than once goes to the top-level `sources` and is cited by id: a
        // list that cites one law on every row names it once.
        let shared = self.shared_sources();
        let shared_ids: HashMap<&SourceDraft, &str> =
            shared.iter().map(|(id, s)| (*s, id.as_str())).collect();
        let source = |s: &SourceDraft| match shared_ids.get(s) {
            Some(id) => J::str(*id),
            None => source_object(s),
        };
        let shared_list: Vec<J> = shared
            .iter()
            .map(|(id, s)| match source_object(s) {
                J::Obj(mut members) => {
                    members.insert(0, ("id".to_owned(), J::str(id)));
                    J::Obj(members)
                }
                other => other,
            })
            .collect();
        let cities: Vec<J> = self
            .cities
            .iter()
            .filter(|c| !c.existing)
            .map(|c| {
                J::obj()
                    .with("id", J::str(&c.id))
                    .with("names", text(&c.names))
                    .with("country", J::str(&c.country))
                    .with("lon_deg", J::Num(c.lon_deg))
                    .with("lat_deg", J::Num(c.lat_deg))
                    .with_opt(
                        "place_kind",
                        (c.kind != PlaceKind::City).then(|| J::str(c.kind.key())),
                    )
                    .with_opt("location_note", c.location_note.as_ref().map(text))
                    .with_opt(
                        "identification",
                        c.identification_note.as_ref().map(|_| J::str("uncertain")),
                    )
                    .with_opt(
                        "identification_note",
                        c.identification_note.as_ref().map(text),
                    )
                    .with_opt("geonames_id", c.geonames_id.map(|i| J::Num(f64::from(i))))
                    .with_opt("wikidata_id", c.wikidata_id.as_ref().map(J::str))
            })
            .collect();
        let bodies = |network: bool| -> Vec<J> {
            self.bodies
                .iter()
                .filter(|b| !b.existing && b.network == network)
                .map(|b| {
                    J::obj()
                        .with("id", J::str(&b.id))
                        .with("names", text(&b.names))
                })
                .collect()
        };
        let coops: Vec<J> = self
            .coops
            .iter()
            .map(|c| {
                J::obj()
                    .with("id", J::str(&c.id))
                    .with("kind", J::str(c.kind.key()))
                    .with_opt("kind_label", c.kind_label.as_ref().map(text))
                    .with(
                        "parties",
                        J::Arr(c.parties.iter().map(|p| J::str(party_id(p))).collect()),
                    )
                    .with_opt("start", c.start.map(|d| J::str(d.to_string())))
                    .with_opt("end", c.end.map(|d| J::str(d.to_string())))
                    .with_opt(
                        "status",
                        (c.status != Status::Unknown).then(|| J::str(c.status.key())),
                    )
                    .with_opt(
                        "themes",
                        (!c.themes.is_empty())
                            .then(|| J::Arr(c.themes.iter().map(J::str).collect())),
                    )
                    .with_opt("description", c.description.as_ref().map(text))
                    .with_opt(
                        "legal_instrument",
                        c.instrument.as_ref().map(|(t, d)| {
                            J::obj()
                                .with("title", text(t))
                                .with_opt("date", d.map(|d| J::str(d.to_string())))
                        }),
                    )
                    .with("sources", J::Arr(c.sources.iter().map(source).collect()))
            })
            .collect();
        let events: Vec<J> = self
            .events
            .iter()
            .map(|e| {
                J::obj()
                    .with("id", J::str(&e.id))
                    .with("city_id", J::str(&self.cities[e.city].id))
                    .with("date", J::str(e.date.to_string()))
                    .with("title", text(&e.title))
                    .with_opt("description", e.description.as_ref().map(text))
                    .with("sources", J::Arr(e.sources.iter().map(source).collect()))
            })
            .collect();
        let home_ids: Vec<String> = self
            .home_cities
            .iter()
            .map(|&c| self.cities[c].id.clone())
            .collect();
        let mut languages: Vec<String> = vec![self.lang.to_owned()];
        let mut note_lang = |t: &Text| {
            for (l, _) in t {
                if !languages.contains(l) {
                    languages.push(l.clone());
                }
            }
        };
        for c in self.cities.iter().filter(|c| !c.existing) {
            note_lang(&c.names);
        }
        if let Some(mut root) = existing {
            let append = |root: &mut J, key: &str, items: Vec<J>| {
                if !items.is_empty() {
                    if let Some(list) = root.array_mut(key) {
                        list.extend(items);
                    }
                }
            };
            if let Some(J::Arr(list)) = root.get_mut("home_cities") {
                for id in &home_ids {
                    if !list.iter().any(|j| *j == J::str(id)) {
                        list.push(J::str(id));
                    }
                }
            }
            append(&mut root, "cities", cities);
            append(&mut root, "networks", bodies(true));
            append(&mut root, "organisations", bodies(false));
            append(&mut root, "cooperations", coops);
            append(&mut root, "events", events);
            append(&mut root, "sources", shared_list);
            return root;
        }
        let title = match title {
            Some(t) => vec![(self.lang.to_owned(), t.to_owned())],
            None => {
                let names: Vec<String> = self
                    .home_cities
                    .iter()
                    .map(|&c| {
                        self.cities[c]
                            .names
                            .first()
                            .map_or(String::new(), |(_, n)| n.clone())
                    })
                    .collect();
                self.text_all("dataset.title", &[("cities", &names.join(", "))])
            }
        };
        note_lang(&title);
        let networks = bodies(true);
        let organisations = bodies(false);
        J::obj()
            .with("format", J::Num(1.0))
            .with("title", text(&title))
            .with("languages", J::Arr(languages.iter().map(J::str).collect()))
            .with("home_cities", J::Arr(home_ids.iter().map(J::str).collect()))
            .with("cities", J::Arr(cities))
            .with_opt(
                "networks",
                (!networks.is_empty()).then_some(J::Arr(networks)),
            )
            .with_opt(
                "organisations",
                (!organisations.is_empty()).then_some(J::Arr(organisations)),
            )
            .with_opt(
                "sources",
                (!shared_list.is_empty()).then_some(J::Arr(shared_list)),
            )
            .with("cooperations", J::Arr(coops))
            .with_opt("events", (!events.is_empty()).then_some(J::Arr(events)))
            .with_opt(
                "credits",
                self.geocoded_any()
                    .then(|| text(&self.text_all("dataset.credits", &[]))),
            )
    }

    /// Whether any city written was placed with the gazetteer, whose data must be credited.
    fn geocoded_any(&self) -> bool {
        self.cities
            .iter()
            .any(|c| !c.existing && c.geonames_id.is_some())
    }

    /// The sources cited by two or more links or events, each with a new id, in first-cited order.
    fn shared_sources(&self) -> Vec<(String, &SourceDraft)> {
        let all = self
            .coops
            .iter()
            .flat_map(|c| &c.sources)
            .chain(self.events.iter().flat_map(|e| &e.sources));
        let mut order: Vec<&SourceDraft> = Vec::new();
        let mut counts: HashMap<&SourceDraft, usize> = HashMap::new();
        for s in all {
            let n = counts.entry(s).or_insert(0);
            if *n == 0 {
                order.push(s);
            }
            *n += 1;
        }
        let counted = order.into_iter().map(|s| (s, counts[s]));
        let mut taken: HashSet<String> = self.ids.clone();
        counted
            .filter(|(_, n)| *n > 1)
            .map(|(s, _)| {
                let base = format!("source-{}", slugify(&s.title));
                let base: String = base.split('-').take(8).collect::<Vec<_>>().join("-");
                let mut id = base.clone();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(id.clone());
                (id, s)
            })
            .collect()
    }
}
