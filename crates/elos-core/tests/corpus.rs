//! The hostile-dataset corpus (`tests/data/hostile/`), the bundled example and d3-geo's own
//! numbers, checked against the core.
#![allow(
    clippy::disallowed_methods,
    reason = "tests sort with the standard library as the reference"
)]

use std::fs;
use std::path::{Path, PathBuf};

use elos_core::geo::{
    world_bounds, GreatCircle, LonLat, Projection, WORLD_HEIGHT_PX, WORLD_PROJECTION,
    WORLD_WIDTH_PX,
};
use elos_core::i18n::Catalogue;
use elos_core::links::{links, HomeChoice};
use elos_core::model::{LinkKind, Party};
use elos_core::problem::Level;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn render(p: &elos_core::problem::Problem) -> String {
    let at =
        p.at.map_or("-".to_owned(), |a| format!("{}:{}", a.line, a.column));
    let path = if p.path.is_empty() { "-" } else { &p.path };
    format!("{} {} {} {}", p.level().key(), p.code.key(), path, at)
}

#[test]
fn every_hostile_file_gives_exactly_its_problems() {
    let dir = repo().join("tests/data/hostile");
    let mut checked = 0;
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let en = Catalogue::all()
        .into_iter()
        .find(|c| c.lang == "en")
        .unwrap();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = fs::read_to_string(path).unwrap();
        let expected = fs::read_to_string(path.with_extension("expect")).unwrap();
        let mut expected: Vec<&str> = expected.lines().collect();
        let loaded = elos_core::load(&text);
        let mut got: Vec<String> = loaded.problems.iter().map(render).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{}", path.display());
        assert_eq!(
            loaded.dataset.is_some(),
            !loaded.has_errors(),
            "{}",
            path.display()
        );
        for p in &loaded.problems {
            let sentence = en.problem(p);
            assert!(
                !sentence.contains('{'),
                "{}: unfilled placeholder in {sentence:?}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} corpus files found");
}

#[test]
fn problems_say_what_to_do_in_plain_words() {
    let text = fs::read_to_string(repo().join("tests/data/hostile/unknown-id.json")).unwrap();
    let loaded = elos_core::load(&text);
    let en = Catalogue::all()
        .into_iter()
        .find(|c| c.lang == "en")
        .unwrap();
    let pt = Catalogue::all()
        .into_iter()
        .find(|c| c.lang == "pt-BR")
        .unwrap();
    let p = &loaded.problems[0];
    assert_eq!(p.param("suggestion"), Some("kitakyushu"));
    assert!(en.problem(p).contains("kitakyshu") && en.problem(p).contains("kitakyushu"));
    assert!(
        pt.problem(p).contains("Você quis dizer “kitakyushu”?"),
        "{}",
        pt.problem(p)
    );
}

#[test]
fn the_example_dataset_is_clean_and_says_what_the_pages_say() {
    let text = fs::read_to_string(repo().join("public/data/example.json")).unwrap();
    let loaded = elos_core::load(&text);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ds = loaded.dataset.unwrap();
    assert_eq!(ds.home_cities.len(), 3);
    let city = |id: &str| ds.city_by_id(id).unwrap();
    let ipatinga = links(&ds, HomeChoice::One(city("ipatinga")));
    let partners: Vec<(&str, String)> = ipatinga
        .iter()
        .map(|l| {
            (
                ds.party_id(l.partner),
                ds.cooperation(l.cooperation).start.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(partners.len(), 2);
    assert!(partners.contains(&("kitakyushu", "1978".to_owned())));
    assert!(partners.contains(&("marlboro", "2009".to_owned())));
    let bh = links(&ds, HomeChoice::One(city("belo-horizonte")));
    let count = |kind| {
        bh.iter()
            .filter(|l| ds.cooperation(l.cooperation).kind == kind)
            .count()
    };
    assert_eq!(count(LinkKind::NetworkMembership), 10);
    assert_eq!(count(LinkKind::BilateralCooperation), 9);
    assert_eq!(count(LinkKind::OrganisationPartnership), 6);
    assert!(
        bh.iter()
            .all(|l| ds.cooperation(l.cooperation).start.is_none()),
        "the BH page gives no dates"
    );
    assert!(
        bh.iter()
            .filter(|l| matches!(l.partner, Party::Network(_)))
            .count()
            == 10
    );
    let jundiai = city("jundiai");
    assert!(
        links(&ds, HomeChoice::One(jundiai)).is_empty(),
        "the Jundiaí page names no partner"
    );
    let events: Vec<String> = ds
        .events
        .iter()
        .filter(|e| e.city == jundiai)
        .map(|e| e.date.to_string())
        .collect();
    assert_eq!(events, ["2001", "2017-03-03"]);
    let marlboro = ds.city(city("marlboro"));
    assert_eq!(
        marlboro.identification,
        elos_core::model::Identification::Uncertain
    );
    for c in &ds.cooperations {
        assert!(!c.sources.is_empty());
    }
}

fn reference() -> Value {
    serde_json::from_str(
        &fs::read_to_string(repo().join("crates/elos-core/tests/data/d3_reference.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn equal_earth_matches_d3() {
    let r = reference();
    let unit = Projection {
        scale: 1.0,
        translate_x_px: 0.0,
        translate_y_px: 0.0,
    };
    let points = r["equal_earth_unit"].as_array().unwrap();
    assert!(points.len() >= 10);
    for p in points {
        let v: Vec<f64> = p
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let got = unit.project(v[0], v[1]);
        assert!(
            (got.x_px - v[2]).abs() < 1e-9 && (got.y_px - v[3]).abs() < 1e-9,
            "{v:?} → {got:?}"
        );
    }
}

#[test]
fn great_circle_interpolation_matches_d3() {
    let r = reference();
    for case in r["interpolate"].as_array().unwrap() {
        let f = |k: &str, i: usize| case[k][i].as_f64().unwrap();
        let gc = GreatCircle::new(
            LonLat {
                lon_deg: f("from", 0),
                lat_deg: f("from", 1),
            },
            LonLat {
                lon_deg: f("to", 0),
                lat_deg: f("to", 1),
            },
        );
        let got = gc.at(case["t"].as_f64().unwrap());
        let (lon, lat) = (f("point", 0), f("point", 1));
        let dlon = ((got.lon_deg - lon + 540.0) % 360.0 - 180.0).abs();
        assert!(
            dlon < 1e-7 && (got.lat_deg - lat).abs() < 1e-7,
            "{case} → {got:?}"
        );
    }
}

/// The value of `name="…"` in the first tag of `svg` that has it.
fn attribute<'a>(svg: &'a str, name: &str) -> &'a str {
    let needle = format!(" {name}=\"");
    let start = svg.find(&needle).unwrap_or_else(|| panic!("no {name}")) + needle.len();
    &svg[start..start + svg[start..].find('"').unwrap()]
}

#[test]
fn world_geometry_and_core_share_one_projection() {
    let svg = fs::read_to_string(repo().join("public/world.svg")).unwrap();
    let r = reference();
    let scale: f64 = attribute(&svg, "data-scale").parse().unwrap();
    let translate: Vec<f64> = attribute(&svg, "data-translate")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(scale, r["world"]["scale"].as_f64().unwrap());
    assert_eq!(
        translate[0],
        r["world"]["translate_px"][0].as_f64().unwrap()
    );
    assert_eq!(
        translate[1],
        r["world"]["translate_px"][1].as_f64().unwrap()
    );
    assert_eq!(
        WORLD_PROJECTION,
        Projection {
            scale,
            translate_x_px: translate[0],
            translate_y_px: translate[1],
        },
        "geo::WORLD_PROJECTION must be the shapes' projection"
    );
    // The placeholder painted before the wasm runs shows what the map's whole view shows.
    let b = world_bounds();
    assert_eq!(
        attribute(&svg, "viewBox"),
        format!("{} {} {} {}", b.x_px, b.y_px, b.width_px, b.height_px)
    );
    // Every country has its ISO code (or none, for the two Natural Earth has no code for).
    let countries = svg.matches("class=\"country\"").count();
    assert!(countries > 170, "{countries} countries");
    assert_eq!(svg.matches("data-iso=\"\"").count(), 2);
    // The page's arcs are projected with these numbers; a Pacific route stays on the map.
    let line = elos_core::scene::arc_polyline(
        &WORLD_PROJECTION,
        LonLat {
            lon_deg: 139.69,
            lat_deg: 35.69,
        },
        LonLat {
            lon_deg: -118.24,
            lat_deg: 34.05,
        },
    );
    for p in line.iter().flatten() {
        assert!(
            (0.0..=WORLD_WIDTH_PX).contains(&p.x_px) && (0.0..=WORLD_HEIGHT_PX).contains(&p.y_px)
        );
    }
}

#[test]
fn warnings_do_not_block_loading() {
    let text = fs::read_to_string(repo().join("tests/data/hostile/unknown-field.json")).unwrap();
    let loaded = elos_core::load(&text);
    assert!(loaded.problems.iter().any(|p| p.level() == Level::Warning));
    let text =
        fs::read_to_string(repo().join("tests/data/hostile/link-without-home-city.json")).unwrap();
    assert!(elos_core::load(&text).dataset.is_some());
}
