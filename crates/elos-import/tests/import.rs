//! The importer on hand-made files (tests/data/, synthetic) with the real gazetteer: one test
//! per rule of issue 14 — encodings, separators, dates, exonyms, the ambiguous Marlboro, a
//! county, duplicates, both sides, formulas, other sources, merging — and every dataset made
//! is checked by `elos_core::load`, as `elos check` would.

use std::borrow::Cow;
use std::sync::OnceLock;

use elos_core::problem::Level;
use elos_import::report::{Code, Entry};
use elos_import::{import, Gazetteer, Imported, Input, Options, Progress};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.tsv");
        let text = std::fs::read_to_string(path).expect("data/gazetteer.tsv");
        Gazetteer::parse(Cow::Owned(text)).expect("the gazetteer parses")
    })
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn run_with(names: &[&str], options: &Options) -> (Imported, serde_like::Value) {
    let bytes: Vec<Vec<u8>> = names.iter().map(|n| file(n)).collect();
    let inputs: Vec<Input<'_>> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| Input { name, bytes })
        .collect();
    let imported = import(&inputs, gazetteer(), options, &mut |_| {});
    let value = imported
        .dataset
        .as_deref()
        .map(serde_like::parse)
        .unwrap_or(serde_like::Value::Null);
    (imported, value)
}

fn run(names: &[&str]) -> (Imported, serde_like::Value) {
    run_with(names, &Options::default())
}

/// A link's or event's sources, those cited by id looked up in the top-level `sources`.
fn sources_of<'a>(
    ds: &'a serde_like::Value,
    item: &'a serde_like::Value,
) -> Vec<&'a serde_like::Value> {
    item.get("sources")
        .items()
        .iter()
        .map(|s| match s {
            serde_like::Value::Str(id) => ds.by_id("sources", id),
            object => object,
        })
        .collect()
}

fn codes(imported: &Imported) -> Vec<(u64, Code)> {
    imported
        .report
        .entries
        .iter()
        .map(|e| (e.line, e.code))
        .collect()
}

fn entries(imported: &Imported, code: Code) -> Vec<&Entry> {
    imported
        .report
        .entries
        .iter()
        .filter(|e| e.code == code)
        .collect()
}

/// The dataset passes the same checks as `elos check`.
fn assert_checks(imported: &Imported) {
    let text = imported.dataset.as_deref().expect("a dataset");
    let loaded = elos_core::load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.problems);
    assert!(
        entries(imported, Code::FinalCheck).is_empty(),
        "{:?}",
        imported.report.entries
    );
}

/// Just enough JSON reading for the assertions, through the core's own parser.
mod serde_like {
    use elos_core::json::{parse as parse_node, Document, Node, Value as V};

    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Str(String),
        Num(f64),
        Arr(Vec<Value>),
        Obj(Vec<(String, Value)>),
        Other,
    }

    pub fn parse(text: &str) -> Value {
        let doc = parse_node(text).unwrap();
        from(&doc, doc.root())
    }

    fn from(doc: &Document, n: &Node) -> Value {
        match &n.value {
            V::Null => Value::Null,
            V::String(s) => Value::Str(s.as_ref().to_owned()),
            V::Number(x) => Value::Num(*x),
            V::Array(items) => Value::Arr(doc.items(*items).iter().map(|i| from(doc, i)).collect()),
            V::Object(m) => Value::Obj(
                doc.members(*m)
                    .iter()
                    .map(|m| (m.key.as_ref().to_owned(), from(doc, &m.value)))
                    .collect(),
            ),
            V::Bool(_) => Value::Other,
        }
    }

    impl Value {
        pub fn get(&self, key: &str) -> &Value {
            match self {
                Value::Obj(m) => m
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or(&Value::Null, |(_, v)| v),
                _ => &Value::Null,
            }
        }

        pub fn items(&self) -> &[Value] {
            match self {
                Value::Arr(items) => items,
                _ => &[],
            }
        }

        pub fn str(&self) -> &str {
            match self {
                Value::Str(s) => s,
                _ => "",
            }
        }

        pub fn num(&self) -> f64 {
            match self {
                Value::Num(x) => *x,
                _ => f64::NAN,
            }
        }

        /// The item of a list with this id.
        pub fn by_id(&self, list: &str, id: &str) -> &Value {
            self.get(list)
                .items()
                .iter()
                .find(|i| i.get("id").str() == id)
                .unwrap_or_else(|| panic!("no {id} in {list}"))
        }

        pub fn ids(&self, list: &str) -> Vec<String> {
            self.get(list)
                .items()
                .iter()
                .map(|i| i.get("id").str().to_owned())
                .collect()
        }
    }
}

#[test]
fn the_portuguese_template_semicolons_dates_exonyms_formula_and_duplicates() {
    let (imported, ds) = run(&["template-pt.csv"]);
    assert_checks(&imported);
    let read = &entries(&imported, Code::FileRead)[0].params;
    assert!(read.contains(&("encoding", "UTF-8".into())), "{read:?}");
    assert!(read.contains(&("separator", "“;”".into())));
    assert!(read.contains(&("language", "pt-BR".into())));

    // Exonyms and accents: Milão = Milano (Italia) = Milan; Montevidéu, Pequim, Nova Iorque.
    let milan = ds.by_id("cities", "milan");
    assert_eq!(milan.get("geonames_id").num(), 3173435.0);
    assert_eq!(milan.get("names").get("pt-BR").str(), "Milão");
    assert_eq!(milan.get("names").get("en").str(), "Milan");
    for (id, geonames) in [
        ("montevideo", 3441575.0),
        ("beijing", 1816670.0),
        ("new-york-city", 5128581.0),
    ] {
        assert_eq!(
            ds.by_id("cities", id).get("geonames_id").num(),
            geonames,
            "{id}"
        );
    }
    assert!(entries(&imported, Code::SameCity)
        .iter()
        .any(|e| e.read == "Milano (Italia)"));

    // Dates in four forms keep their precision.
    let start = |id: &str| ds.by_id("cooperations", id).get("start").str().to_owned();
    assert_eq!(start("belo-horizonte-milan"), "1978");
    assert_eq!(start("belo-horizonte-montevideo"), "2017-03-03");
    assert_eq!(start("belo-horizonte-beijing"), "2017-03-03");
    assert_eq!(start("belo-horizonte-new-york-city"), "2017-03");
    assert_eq!(entries(&imported, Code::EndBeforeStart).len(), 1);

    // The formula is text: the source's title and address, never a calculation.
    let milan_link = ds.by_id("cooperations", "belo-horizonte-milan");
    let sources = sources_of(&ds, milan_link);
    assert_eq!(sources.len(), 2, "two rows, one link, both sources");
    assert_eq!(sources[1].get("title").str(), "Lei sintética nº 1");
    assert_eq!(sources[1].get("url").str(), "https://example.org/lei");
    assert_eq!(entries(&imported, Code::Formula).len(), 1);
    assert_eq!(milan_link.get("themes").items().len(), 2);

    // Ipatinga → Kitakyushu and Kitakyushu → Ipatinga: one link.
    assert!(entries(&imported, Code::BothSides)
        .iter()
        .any(|e| e.line == 9));
    let ipatinga_kitakyushu = ds.by_id("cooperations", "ipatinga-kitakyushu");
    assert_eq!(ipatinga_kitakyushu.get("sources").items().len(), 2);
    assert!(!ds
        .ids("cooperations")
        .contains(&"kitakyushu-ipatinga".to_owned()));
    // Kitakyushu became a home city because a row is written from its side.
    assert!(ds
        .get("home_cities")
        .items()
        .iter()
        .any(|h| h.str() == "kitakyushu"));

    // A network is a body, not a place; an unknown place is left out with an error.
    assert_eq!(ds.ids("networks"), ["rede-metropolis"]);
    let missing = entries(&imported, Code::PlaceNotFound);
    assert_eq!((missing.len(), missing[0].line), (1, 11));
    assert_eq!(imported.report.summary.rows_skipped, 1);
}

#[test]
fn a_latin1_file_with_accents_commas_and_decimal_commas() {
    let (imported, ds) = run(&["latin1.csv"]);
    assert_checks(&imported);
    let read = &entries(&imported, Code::FileRead)[0].params;
    assert!(
        read.contains(&("encoding", "Windows-1252".into())),
        "{read:?}"
    );
    assert!(read.contains(&("separator", "“,”".into())));
    assert_eq!(
        ds.by_id("cities", "sao-paulo")
            .get("names")
            .get("pt-BR")
            .str(),
        "São Paulo"
    );
    assert_eq!(
        ds.by_id("cities", "milan").get("names").get("pt-BR").str(),
        "Milão"
    );
    let farm = ds.by_id("cities", "fazenda-sintetica");
    assert_eq!(
        (farm.get("lat_deg").num(), farm.get("lon_deg").num()),
        (-19.5, -42.5)
    );
    assert!(!entries(&imported, Code::PlaceByCoordinates).is_empty());
}

#[test]
fn english_headers_with_a_byte_order_mark() {
    let (imported, ds) = run(&["english-bom.csv"]);
    assert_checks(&imported);
    let read = &entries(&imported, Code::FileRead)[0].params;
    assert!(read.contains(&("encoding", "UTF-8 (BOM)".into())));
    assert!(read.contains(&("language", "en".into())));
    assert_eq!(
        ds.by_id("cities", "milan").get("names").get("en").str(),
        "Milan"
    );
    let link = ds.by_id("cooperations", "belo-horizonte-milan");
    assert_eq!(
        (link.get("kind").str(), link.get("status").str()),
        ("bilateral_cooperation", "active")
    );
    // 03/13/2017 can only be month first: read so, and said.
    assert_eq!(
        ds.by_id("cooperations", "belo-horizonte-buenos-aires")
            .get("start")
            .str(),
        "2017-03-13"
    );
    assert_eq!(entries(&imported, Code::DateMonthFirst).len(), 1);
}

#[test]
fn the_same_city_written_two_ways_is_one_city() {
    let (imported, ds) = run(&["liverpool.csv"]);
    assert_checks(&imported);
    let liverpools: Vec<String> = ds
        .ids("cities")
        .into_iter()
        .filter(|i| i.starts_with("liverpool"))
        .collect();
    assert_eq!(liverpools, ["liverpool"]);
    assert_eq!(ds.by_id("cities", "liverpool").get("country").str(), "GB");
    assert_eq!(entries(&imported, Code::SameCity).len(), 1);
}

#[test]
fn marlboro_is_ambiguous_and_a_county_is_a_region() {
    let (imported, ds) = run(&["marlboro.csv"]);
    assert_checks(&imported);
    let ambiguous = entries(&imported, Code::PlaceAmbiguous);
    assert_eq!(ambiguous[0].line, 2);
    let ids: Vec<u32> = ambiguous[0]
        .candidates
        .iter()
        .map(|c| c.geonames_id)
        .collect();
    for id in [5100886, 4943170, 5126055] {
        assert!(
            ids.contains(&id),
            "Marlboro NJ, Marlborough MA, Marlboro NY among {ids:?}"
        );
    }
    assert_eq!(ambiguous[0].candidates[0].region, "New Jersey");
    let marlboro = ds.by_id("cities", "marlboro");
    assert_eq!(marlboro.get("identification").str(), "uncertain");
    let note = marlboro.get("identification_note");
    for lang in ["pt-BR", "en", "es"] {
        assert!(note.get(lang).str().contains("Marlboro (EUA)"), "{lang}");
    }
    // "Nova York" is not a name the gazetteer has for the state: said, not guessed.
    assert!(entries(&imported, Code::UnknownRegion)
        .iter()
        .any(|e| e.line == 3));
    // "Marlboro, NY" names the state: no doubt, and not merged with the uncertain one.
    let ny = ds
        .get("cities")
        .items()
        .iter()
        .find(|c| c.get("geonames_id").num() == 5126055.0)
        .expect("Marlboro, New York");
    assert_eq!(ny.get("identification").str(), "");
    // The county: a region, its own GeoNames id, a representative point with a note.
    let county = ds.by_id("cities", "condado-de-monmouth");
    assert_eq!(county.get("place_kind").str(), "region");
    assert_eq!(county.get("geonames_id").num(), 5101305.0);
    let note = county.get("location_note").get("en").str();
    assert!(
        note.contains("only representative") && note.contains("most populous"),
        "{note}"
    );
    assert_eq!(entries(&imported, Code::RegionArea).len(), 1);
}

#[test]
fn rows_that_cannot_be_used_are_left_out_with_their_reason() {
    let (imported, ds) = run(&["bad-rows.csv"]);
    assert_checks(&imported);
    let c = codes(&imported);
    for want in [
        (2, Code::NoHome),
        (3, Code::NoPartner),
        (4, Code::NoSource),
        (5, Code::KindUnknown),
        (5, Code::DateInvalid),
    ] {
        assert!(c.contains(&want), "{want:?} in {c:?}");
    }
    let other = ds.by_id("cooperations", "ipatinga-kitakyushu");
    assert_eq!(other.get("kind").str(), "other");
    assert_eq!(other.get("kind_label").get("pt-BR").str(), "amizade");
    assert_eq!(imported.report.summary.rows_skipped, 3);
    assert_eq!(imported.report.count(Level::Error), 3);
}

#[test]
fn a_default_source_and_home_city_fill_the_gaps() {
    let options = Options {
        home: "Ipatinga".into(),
        home_country: "BR".into(),
        default_source: Some("Registros da assessoria".into()),
        ..Options::default()
    };
    let (imported, ds) = run_with(&["bad-rows.csv"], &options);
    assert_checks(&imported);
    assert!(entries(&imported, Code::NoSource).is_empty());
    assert!(entries(&imported, Code::NoHome).is_empty());
    // Row 2 (now Ipatinga's) and row 4 (now with the default source) are one link.
    let sister = ds.by_id("cooperations", "ipatinga-kitakyushu");
    assert_eq!(sister.get("kind").str(), "sister_city");
    let titles: Vec<&str> = sources_of(&ds, sister)
        .iter()
        .map(|s| s.get("title").str())
        .collect();
    assert_eq!(titles, ["Planilha sintética", "Registros da assessoria"]);
}

#[test]
fn a_timelinejs_sheet_becomes_events() {
    let options = Options {
        home: "Jundiaí".into(),
        home_country: "Brasil".into(),
        ..Options::default()
    };
    let (imported, ds) = run_with(&["timelinejs.csv"], &options);
    assert_checks(&imported);
    assert_eq!(entries(&imported, Code::FileTimelinejs).len(), 1);
    assert_eq!(ds.get("title").get("pt-BR").str(), "Jundiaí Global");
    let events = ds.get("events").items();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].get("date").str(), "2017-03-03");
    assert_eq!(
        events[1].get("title").get("pt-BR").str(),
        "Lei Municipal nº 8763"
    );
    assert!(!events[1]
        .get("description")
        .get("pt-BR")
        .str()
        .contains('<'));
    assert!(codes(&imported).contains(&(5, Code::NoDate)));
}

#[test]
fn wikidata_results_keep_ids_precision_and_labels() {
    for name in ["wikidata.json", "wikidata.csv"] {
        let (imported, ds) = run(&[name]);
        assert_checks(&imported);
        assert_eq!(entries(&imported, Code::FileWikidata).len(), 1, "{name}");
        let kitakyushu = ds.by_id("cities", "kitakyushu");
        assert_eq!(kitakyushu.get("wikidata_id").str(), "Q900000002", "{name}");
        assert_eq!(kitakyushu.get("names").get("en").str(), "Kitakyushu");
        assert_eq!(kitakyushu.get("names").get("pt-BR").str(), "Quitaquiúxu");
        assert_eq!(
            ds.by_id("cities", "ipatinga").get("wikidata_id").str(),
            "Q900000001"
        );
        let link = ds.by_id("cooperations", "ipatinga-kitakyushu");
        assert_eq!(link.get("start").str(), "1978", "precision 9 is a year");
        let source = sources_of(&ds, link)[0];
        assert_eq!(
            source.get("url").str(),
            "https://www.wikidata.org/wiki/Q900000001#P190"
        );
        if name == "wikidata.json" {
            // No GeoNames id: Wikidata's coordinates, and a year-only start without precision.
            let village = ds.by_id("cities", "synthetic-village");
            assert_eq!(village.get("lat_deg").num(), 40.5);
            assert_eq!(
                ds.by_id("cooperations", "ipatinga-synthetic-village")
                    .get("start")
                    .str(),
                "2009"
            );
            assert_eq!(entries(&imported, Code::DateYearOnly).len(), 1);
        }
    }
}

#[test]
fn merging_keeps_the_existing_ids_and_reports_what_changed() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/data/example.json"
    ))
    .unwrap();
    let options = Options {
        merge_into: Some(example.clone()),
        ..Options::default()
    };
    let (imported, ds) = run_with(&["template-pt.csv"], &options);
    assert_checks(&imported);
    let before = elos_core::load(&example).dataset.unwrap();
    let ids = ds.ids("cities");
    for city in &before.cities {
        assert!(ids.contains(&city.id), "{} kept", city.id);
    }
    assert_eq!(
        ds.ids("cooperations")[..before.cooperations.len()],
        before
            .cooperations
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()[..]
    );
    // Kitakyushu, Milan and Ipatinga–Kitakyushu were already there.
    assert!(entries(&imported, Code::ExistingCity)
        .iter()
        .any(|e| e.params.contains(&("id", "kitakyushu".into()))));
    assert!(entries(&imported, Code::ExistingLink)
        .iter()
        .any(|e| e.params.contains(&("id", "ipatinga-kitakyushu".into()))));
    assert!(
        !ids.contains(&"milan-it".to_owned()),
        "Milão matched the example's milan"
    );
    assert!(ids.contains(&"montevideo".to_owned()));
    assert_eq!(
        ds.get("title"),
        serde_like::parse(&example).get("title"),
        "the title is kept"
    );
}

#[test]
fn merging_into_a_broken_dataset_stops() {
    let options = Options {
        merge_into: Some("{\"format\": 1}".into()),
        ..Options::default()
    };
    let (imported, _) = run_with(&["template-pt.csv"], &options);
    assert!(imported.dataset.is_none());
    assert_eq!(entries(&imported, Code::MergeUnreadable).len(), 1);
}

#[test]
fn progress_is_reported() {
    let bytes = file("template-pt.csv");
    let options = Options {
        progress_every: 3,
        ..Options::default()
    };
    let mut seen: Vec<Progress> = Vec::new();
    import(
        &[Input {
            name: "t",
            bytes: &bytes,
        }],
        gazetteer(),
        &options,
        &mut |p| seen.push(p),
    );
    let placing: Vec<usize> = seen
        .iter()
        .filter(|p| p.stage == elos_import::Stage::Placing)
        .map(|p| p.done)
        .collect();
    assert_eq!(placing, [0, 3, 6, 9]);
    assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((9, 9)));
}

#[test]
fn the_report_in_three_languages_and_as_json() {
    let (imported, _) = run(&["marlboro.csv"]);
    for (lang, word) in [("pt-BR", "Ambíguo"), ("en", "Ambiguous"), ("es", "Ambiguo")] {
        let c = elos_import::report::catalogue(lang);
        let text = imported.report.to_text(&c, Level::Warning);
        assert!(text.contains(word), "{lang}: {text}");
        assert!(text.contains("GeoNames 5126055"));
    }
    let json = imported
        .report
        .to_json(&elos_import::report::catalogue("en"));
    let value = serde_like::parse(&json);
    let first = value
        .get("entries")
        .items()
        .iter()
        .find(|e| e.get("code").str() == "place-ambiguous")
        .unwrap();
    assert_eq!(first.get("line").num(), 2.0);
    assert_eq!(first.get("read").str(), "Marlboro (EUA)");
    assert!(first.get("candidates").items().len() >= 3);
}

#[test]
fn the_shipped_templates_have_the_readers_headers_and_import_cleanly() {
    for (lang, sep) in [("pt-BR", ";"), ("en", ","), ("es", ";")] {
        let path = format!(
            "{}/../../docs/templates/elos-import-{lang}.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert_eq!(
            header,
            elos_import::columns::template_headers(lang).join(sep),
            "{path}"
        );
        let imported = import(
            &[Input {
                name: &path,
                bytes: &bytes,
            }],
            gazetteer(),
            &Options::default(),
            &mut |_| {},
        );
        assert_checks(&imported);
        assert_eq!(imported.report.count(Level::Error), 0, "{lang}");
        assert_eq!(
            entries(&imported, Code::PlaceAmbiguous).len(),
            1,
            "Marlboro, as on Ipatinga's page"
        );
    }
}

fn run_real(name: &str) -> (Imported, serde_like::Value) {
    run(&[&format!("real/{name}")])
}

#[test]
fn real_lists_the_seed_pages() {
    let (imported, ds) = run_real("seeds-ipatinga-belo-horizonte.csv");
    assert_checks(&imported);
    // Marlboro (EUA): uncertain, as the example dataset has it.
    assert_eq!(
        ds.by_id("cities", "marlboro").get("identification").str(),
        "uncertain"
    );
    // "Berlim (ALE)", "Almada (POR)": the abbreviations are not ISO codes; the places are
    // still clear by size, and the report says the country was inferred.
    assert_eq!(ds.by_id("cities", "berlin").get("country").str(), "DE");
    assert_eq!(ds.by_id("cities", "almada").get("country").str(), "PT");
    assert_eq!(entries(&imported, Code::UnknownQualifier).len(), 2);
    // "Medelín" is a GeoNames alternate name of Medellín.
    assert_eq!(
        ds.by_id("cities", "medellin").get("geonames_id").num(),
        3674962.0
    );
    assert_eq!(
        ds.by_id("cities", "area-metropolitana-de-barcelona")
            .get("place_kind")
            .str(),
        "metropolitan_area"
    );
    // "Área Metropolitana do Valle de Aburrá" names no city: left out, coordinates needed.
    let missing = entries(&imported, Code::PlaceNotFound);
    assert_eq!(missing.len(), 1);
    assert!(missing[0]
        .read
        .starts_with("Área Metropolitana do Valle de Aburrá"));
    assert_eq!(ds.ids("networks").len() + ds.ids("organisations").len(), 5);
}

#[test]
fn real_lists_a_municipal_law() {
    let (imported, ds) = run_real("sao-paulo-lei-14471.csv");
    assert_checks(&imported);
    assert_eq!(imported.report.summary.links_added, 20);
    assert_eq!(imported.report.count(Level::Error), 0);
    for (id, country) in [
        ("milan", "IT"),
        ("seoul", "KR"),
        ("beijing", "CN"),
        ("bucharest", "RO"),
        ("gois", "PT"),
        ("yerevan", "AM"),
        ("la-paz", "BO"),
    ] {
        assert_eq!(ds.by_id("cities", id).get("country").str(), country, "{id}");
    }
    // One warning for the law's http address, not twenty.
    assert_eq!(entries(&imported, Code::InsecureUrl).len(), 1);
    let link = ds.by_id("cooperations", "sao-paulo-seoul");
    assert_eq!(link.get("legal_instrument").get("date").str(), "2007-07-10");
    let law = sources_of(&ds, link)[0];
    assert!(law.get("note").str().starts_with("http://"));
    // Cited on all twenty links, the law is written once, in the top-level sources.
    assert_eq!(ds.get("sources").items().len(), 1);
    assert_eq!(link.get("sources").items()[0].str(), law.get("id").str());
    assert!(ds.get("credits").get("pt-BR").str().contains("GeoNames"));
}

#[test]
fn real_lists_two_laws_of_fortaleza() {
    let (imported, ds) = run_real("fortaleza-leis.csv");
    assert_checks(&imported);
    assert_eq!(imported.report.count(Level::Warning), 0);
    assert_eq!(ds.by_id("cities", "asuncion").get("country").str(), "PY");
    assert_eq!(
        ds.by_id("cities", "lisbon").get("names").get("pt-BR").str(),
        "Lisboa"
    );
}

#[test]
fn every_row_left_out_is_reported_even_when_its_place_was_looked_up_before() {
    // Synthetic: a made-up place named on two rows.
    let csv = "cidade;país;parceiro;país do parceiro;tipo;fonte\n\
               Ipatinga;Brasil;Cidade Inventada de Teste;Brasil;Cidade-irmã;Planilha sintética\n\
               Jundiaí;Brasil;Cidade Inventada de Teste;Brasil;Cidade-irmã;Planilha sintética\n";
    let imported = import(
        &[Input {
            name: "t.csv",
            bytes: csv.as_bytes(),
        }],
        gazetteer(),
        &Options::default(),
        &mut |_| {},
    );
    let lines: Vec<u64> = entries(&imported, Code::PlaceNotFound)
        .iter()
        .map(|e| e.line)
        .collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(imported.report.summary.rows_skipped, 2);
}

/// The page's worker: the same import, its messages decoded as the page decodes them, the
/// report's table in the reader's language with the CLI's own sentences.
#[test]
fn the_page_gets_the_dataset_and_the_report_rows_in_its_language() {
    use elos_core::import_msg::{FromWorker, ImportRequest};
    let request = ImportRequest {
        lang: "es".to_owned(),
        names: vec!["marlboro.csv".to_owned()],
        ..ImportRequest::default()
    };
    let request = ImportRequest::decode(&request.encode()).expect("the request round-trips");
    let mut progress = Vec::new();
    let done = elos_import::page::run(&request, &[file("marlboro.csv")], gazetteer(), &mut |m| {
        progress.push(m)
    });
    assert!(
        !progress.is_empty(),
        "the page is told how far the import is"
    );
    let Some(FromWorker::Done(result)) = FromWorker::decode(&done.encode()) else {
        panic!("the result decodes");
    };
    let dataset = result.dataset.expect("a dataset");
    assert!(
        elos_core::load(&dataset).dataset.is_some(),
        "elos check accepts it"
    );
    let (imported, _) = run_with(
        &["marlboro.csv"],
        &Options {
            lang: "es".to_owned(),
            ..Options::default()
        },
    );
    let c = elos_import::report::catalogue("es");
    let ambiguous = result
        .rows
        .iter()
        .find(|r| r.code == Code::PlaceAmbiguous.key())
        .expect("the ambiguous Marlboro is a row");
    assert_eq!(ambiguous.place, "marlboro.csv:2");
    assert_eq!(ambiguous.level, Level::Warning);
    assert_eq!(
        ambiguous.read,
        entries(&imported, Code::PlaceAmbiguous)[0].read
    );
    assert_eq!(
        ambiguous.message,
        entries(&imported, Code::PlaceAmbiguous)[0].message(&c)
    );
    assert!(ambiguous.candidates[0].contains("GeoNames 5100886"));
    let levels: Vec<Level> = result.rows.iter().map(|r| r.level).collect();
    assert!(
        levels.is_sorted(),
        "what needs the clerk comes first: {levels:?}"
    );
    assert_eq!(result.rows.len(), imported.report.entries.len());
    assert!(result.report_json.contains("\"language\": \"es\""));
    assert_eq!(result.summary, imported.report.summary_text(&c));
}
