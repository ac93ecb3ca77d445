//! The printed brief's content on the bundled example.

use std::fs;
use std::path::Path;

use elos_core::brief::{brief, Phrase};
use elos_core::date::PartialDate;
use elos_core::i18n::Catalogue;
use elos_core::links::HomeChoice;
use elos_core::model::Dataset;

fn example() -> Dataset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/data/example.json");
    elos_core::load(&fs::read_to_string(path).unwrap())
        .dataset
        .unwrap()
}

fn cat(lang: &str) -> Catalogue {
    Catalogue::all()
        .into_iter()
        .find(|c| c.lang == lang)
        .unwrap()
}

#[test]
fn ipatingas_brief_in_portuguese() {
    let ds = example();
    let ipatinga = HomeChoice::One(ds.city_by_id("ipatinga").unwrap());
    let b = brief(
        &ds,
        ipatinga,
        None,
        &cat("pt-BR"),
        Some(PartialDate::parse("2024-05").unwrap()),
    );
    assert_eq!(b.title.text, "Relações internacionais de Ipatinga");
    assert_eq!(b.as_of.as_deref(), Some("Dados de maio de 2024"));
    assert_eq!(
        b.footer_css,
        "\"Relações internacionais de Ipatinga · Dados de maio de 2024\""
    );
    assert!(!b.table.show_home);
    assert_eq!(b.table.headers[1], "Parceiro");
    let rows: Vec<(&str, &str, &str, &str)> = b
        .table
        .rows
        .iter()
        .map(|r| {
            (
                r.partner.text.as_str(),
                r.kind.as_str(),
                r.since.as_str(),
                r.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Kitakyushu", "Cidade-irmã", "1978", "Em vigor"),
            ("Marlboro", "Cidade-irmã", "2009", "Em vigor"),
        ]
    );
    let first = &b.table.rows[0];
    assert_eq!(first.country_code.as_deref(), Some("JP"));
    assert!(first.sources[0].0.starts_with("Prefeitura de Ipatinga"));
    assert!(b.tour.is_none());
}

#[test]
fn belo_horizontes_brief_groups_by_kind_and_says_when_dates_are_unknown() {
    let ds = example();
    let bh = HomeChoice::One(ds.city_by_id("belo-horizonte").unwrap());
    let b = brief(&ds, bh, None, &cat("pt-BR"), None);
    assert_eq!(b.as_of, None, "no source gives an access date");
    let partners: Vec<&str> = b.table.rows[..9]
        .iter()
        .map(|r| r.partner.text.as_str())
        .collect();
    assert_eq!(
        partners,
        [
            "Almada",
            "Área Metropolitana de Barcelona",
            "Área Metropolitana do Valle de Aburrá",
            "Berlim",
            "Bogotá",
            "Cidade do México",
            "Medellín",
            "Milão",
            "Rosário",
        ],
        "bilateral cooperation first, by name with accents folded"
    );
    assert!(b.table.rows.iter().all(|r| r.since == "Data desconhecida"));
    let kinds: Vec<&str> = b.table.rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds[9], "Rede de cidades");
    assert_eq!(kinds[19], "Organização internacional");
    assert_eq!(b.table.rows.len(), 25);
    assert_eq!(
        b.table.rows[9].country_code, None,
        "a network has no country"
    );
}

#[test]
fn the_tour_captions_come_in_the_briefs_language() {
    let ds = example();
    let tour = &ds.tours[0];
    let b = brief(&ds, HomeChoice::All, Some(tour), &cat("en"), None);
    assert!(
        b.table.show_home,
        "Ipatinga's and Belo Horizonte's links together"
    );
    assert_eq!(
        b.title,
        Phrase {
            text: ds.title.get("en").unwrap().into(),
            lang: "en".into()
        }
    );
    let (title, captions) = b.tour.unwrap();
    assert_eq!(title.text, "Ipatinga and Belo Horizonte in the world");
    assert_eq!(captions.len(), tour.steps.len());
    assert_eq!(
        captions[1].text,
        "1978: Ipatinga and Kitakyushu (Japan) become sister cities"
    );
    // Spanish falls back along the chain to the dataset's Portuguese, and says so.
    let es = brief(&ds, HomeChoice::All, Some(tour), &cat("es"), None);
    let (_, captions) = es.tour.unwrap();
    assert_eq!(captions[1].lang, "pt-BR");
    assert_eq!(es.table.headers[2], "Tipo");
}
