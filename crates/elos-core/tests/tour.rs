//! Tours on the bundled example: the dataset's own tour as the loader reads it, and the tours
//! made from the data for each home city (facts from the seed pages: Ipatinga's sister cities
//! of 1978 and 2009, Belo Horizonte's 25 undated links, Jundiaí's two milestones).

use std::fs;
use std::path::{Path, PathBuf};

use elos_core::geo::{world_bounds, Projection, RectPx, WORLD_PROJECTION};
use elos_core::i18n::Catalogue;
use elos_core::links::HomeChoice;
use elos_core::model::{Dataset, Item, Party};
use elos_core::tour::{self, Step, Tour};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dataset(path: &str) -> Dataset {
    let text = fs::read_to_string(repo().join(path)).unwrap();
    elos_core::load(&text)
        .dataset
        .unwrap_or_else(|| panic!("{path} loads"))
}

fn example() -> Dataset {
    dataset("public/data/example.json")
}

fn home(ds: &Dataset, id: &str) -> HomeChoice {
    HomeChoice::One(ds.city_by_id(id).unwrap())
}

fn made(ds: &Dataset, home: HomeChoice) -> Tour {
    tour::from_data(ds, home, &Catalogue::all())
}

fn caption<'a>(step: &'a Step, lang: &str) -> &'a str {
    step.caption
        .get(lang)
        .unwrap_or_else(|| panic!("no {lang} caption"))
}

fn ids(ds: &Dataset, items: &[Item]) -> Vec<String> {
    items.iter().map(|i| ds.item_id(*i).to_owned()).collect()
}

#[test]
fn the_example_brings_its_own_tour_of_ipatinga_and_belo_horizonte() {
    let ds = example();
    let [tour] = &ds.tours[..] else {
        panic!("one tour expected, got {}", ds.tours.len())
    };
    assert_eq!(tour.id, "ipatinga-e-belo-horizonte");
    assert_eq!(tour.home, HomeChoice::All);
    assert_eq!(tour.steps.len(), 7);
    let kitakyushu = &tour.steps[1];
    assert_eq!(ids(&ds, &kitakyushu.highlight), ["ipatinga-kitakyushu"]);
    assert_eq!(
        (kitakyushu.from_year, kitakyushu.to_year),
        (Some(1978), Some(1978))
    );
    assert!(caption(kitakyushu, "en").starts_with("1978: Ipatinga and Kitakyushu"));
    assert!(caption(kitakyushu, "pt-BR").contains("cidades-irmãs"));
    assert_eq!(kitakyushu.duration_s, Some(12.0));
    let networks = &tour.steps[5];
    assert_eq!(networks.highlight.len(), 10);
    assert!(networks
        .highlight
        .iter()
        .all(|i| matches!(i, Item::Party(Party::Network(_)))));
    // Every step has pt-BR and en captions: the presenter's and the visitors' languages.
    for step in &tour.steps {
        caption(step, "pt-BR");
        caption(step, "en");
    }
    // With a tour of its own, the dataset is not offered a made-up one.
    let offered = tour::available(&ds, HomeChoice::All, &Catalogue::all());
    assert_eq!(offered, ds.tours);
}

#[test]
fn ipatingas_tour_walks_its_sister_cities_in_order() {
    let mut ds = example();
    ds.tours.clear();
    let ipatinga = home(&ds, "ipatinga");
    let tour = made(&ds, ipatinga);
    assert_eq!(tour.id, tour::DATA_TOUR_ID);
    assert_eq!(tour.home, ipatinga);
    assert_eq!(
        tour.title.get("pt-BR"),
        Some("Relações internacionais de Ipatinga")
    );
    assert_eq!(tour.steps.len(), 3, "overview, 1978, 2009");

    let overview = &tour.steps[0];
    assert_eq!(caption(overview, "en"), "Ipatinga: 2 international links");
    assert_eq!(
        caption(overview, "pt-BR"),
        "Ipatinga: 2 vínculos internacionais"
    );
    assert!(!overview.has_window() && overview.highlight.is_empty());
    assert_eq!(
        ids(&ds, &overview.frame),
        ["ipatinga", "ipatinga-kitakyushu", "ipatinga-marlboro"]
    );

    let kitakyushu = &tour.steps[1];
    assert_eq!(
        caption(kitakyushu, "en"),
        "1978: Ipatinga and Kitakyushu become sister cities"
    );
    assert_eq!(
        caption(kitakyushu, "pt-BR"),
        "1978: Ipatinga e Kitakyushu se tornam cidades-irmãs"
    );
    assert_eq!(
        caption(kitakyushu, "es"),
        "1978: Ipatinga se hermana con Kitakyushu"
    );
    assert_eq!(ids(&ds, &kitakyushu.highlight), ["ipatinga-kitakyushu"]);
    assert_eq!(
        (kitakyushu.from_year, kitakyushu.to_year),
        (Some(1978), Some(1978))
    );
    // The presenter's notes are the dataset's own description of the link.
    assert!(kitakyushu
        .notes
        .as_ref()
        .and_then(|n| n.get("en"))
        .is_some_and(|n| n.contains("since 1978")));

    let marlboro = &tour.steps[2];
    assert_eq!(
        caption(marlboro, "en"),
        "2009: Ipatinga and Marlboro become sister cities"
    );
    assert_eq!(
        (marlboro.from_year, marlboro.to_year),
        (Some(1978), Some(2009)),
        "the window grows, so 1978's link stays on the map"
    );
}

#[test]
fn belo_horizontes_undated_links_come_grouped_and_bodies_together() {
    let mut ds = example();
    ds.tours.clear();
    let tour = made(&ds, home(&ds, "belo-horizonte"));
    let captions: Vec<&str> = tour.steps.iter().map(|s| caption(s, "en")).collect();
    assert_eq!(
        captions,
        [
            "Belo Horizonte: 25 international links",
            "Belo Horizonte — Bilateral cooperation: 9 links with no start date given",
            "Belo Horizonte takes part in 10 city networks.",
            "Belo Horizonte works with 6 international organisations.",
        ]
    );
    assert_eq!(
        caption(&tour.steps[2], "pt-BR"),
        "Belo Horizonte participa de 10 redes de cidades."
    );
    assert_eq!(
        caption(&tour.steps[3], "es"),
        "Belo Horizonte coopera con 6 organismos internacionales."
    );
    let counts: Vec<usize> = tour.steps.iter().map(|s| s.highlight.len()).collect();
    assert_eq!(counts, [0, 9, 10, 6]);
    assert!(
        tour.steps.iter().all(|s| !s.has_window()),
        "nothing is dated"
    );
    // Bodies have no headquarters here: their step frames the home city.
    assert_eq!(ids(&ds, &tour.steps[2].frame)[0], "belo-horizonte");
}

#[test]
fn a_few_bodies_share_one_step() {
    let mut ds = example();
    ds.tours.clear();
    // Keep three of Belo Horizonte's bodies: two networks and one organisation.
    let keep = [
        "belo-horizonte-iclei",
        "belo-horizonte-mercocidades",
        "belo-horizonte-unesco",
    ];
    ds.cooperations.retain(|c| keep.contains(&c.id.as_str()));
    ds.reindex();
    let tour = made(&ds, home(&ds, "belo-horizonte"));
    let last = tour.steps.last().unwrap();
    assert_eq!(
        caption(last, "en"),
        "Belo Horizonte takes part in 2 city networks. Belo Horizonte works with 1 international organisation."
    );
    assert_eq!(last.highlight.len(), 3);
}

#[test]
fn all_home_cities_interleave_links_and_milestones_by_date() {
    let mut ds = example();
    ds.tours.clear();
    let tour = made(&ds, HomeChoice::All);
    assert_eq!(tour.title, ds.title);
    let dated: Vec<&str> = tour
        .steps
        .iter()
        .filter(|s| s.has_window())
        .map(|s| caption(s, "en"))
        .collect();
    assert_eq!(
        dated,
        [
            "1978: Ipatinga and Kitakyushu become sister cities",
            "2001: International Cooperation Directorate created",
            "2009: Ipatinga and Marlboro become sister cities",
            "3 March 2017: Restructured as the International Cooperation Office (ACI)",
        ]
    );
    assert_eq!(
        caption(&tour.steps[0], "en"),
        "27 international links",
        "25 of Belo Horizonte, 2 of Ipatinga"
    );
}

#[test]
fn a_city_with_only_milestones_still_gets_a_tour() {
    let mut ds = example();
    ds.tours.clear();
    let tour = made(&ds, home(&ds, "jundiai"));
    let captions: Vec<&str> = tour.steps.iter().map(|s| caption(s, "pt-BR")).collect();
    assert_eq!(
        captions,
        [
            "Jundiaí: ainda não há vínculos internacionais nestes dados",
            "2001: Criação da Diretoria de Cooperação Internacional",
            "3 de março de 2017: Reestruturação como Assessoria de Cooperação Internacional (ACI)",
        ]
    );
}

#[test]
fn every_made_caption_is_complete_in_every_language() {
    let mut ds = example();
    ds.tours.clear();
    let cats = Catalogue::all();
    for choice in [
        HomeChoice::All,
        home(&ds, "ipatinga"),
        home(&ds, "belo-horizonte"),
        home(&ds, "jundiai"),
    ] {
        let tour = made(&ds, choice);
        assert!(!tour.steps.is_empty());
        for step in &tour.steps {
            for cat in &cats {
                let text = caption(step, &cat.lang);
                assert!(
                    !text.contains('{') && !text.contains("tour."),
                    "{}: {text}",
                    cat.lang
                );
            }
        }
    }
}

/// The map's own projection and frame (`public/world.svg`).
const WORLD: Projection = WORLD_PROJECTION;

fn contains(view: &RectPx, x_px: f64, y_px: f64) -> bool {
    (view.x_px..=view.x_px + view.width_px).contains(&x_px)
        && (view.y_px..=view.y_px + view.height_px).contains(&y_px)
}

#[test]
fn a_step_frames_its_link_whole_at_the_screens_aspect() {
    let ds = example();
    let tour = &ds.tours[0];
    let aspect = 16.0 / 9.0;
    let view = tour::frame_view(&ds, tour, &tour.steps[1], &WORLD, aspect, world_bounds());
    assert!((view.width_px / view.height_px - aspect).abs() < 1e-9);
    for id in ["ipatinga", "kitakyushu"] {
        let c = ds.city(ds.city_by_id(id).unwrap());
        let p = WORLD.project(c.lon_deg, c.lat_deg);
        assert!(contains(&view, p.x_px, p.y_px), "{id} is in the frame");
    }
    // The bodies' step frames Belo Horizonte alone: a region, not a street.
    let bh = tour::frame_view(&ds, tour, &tour.steps[5], &WORLD, aspect, world_bounds());
    assert!(bh.width_px >= tour::FRAME_MIN_WIDTH_PX && bh.width_px < 400.0);
    // A step naming nothing framable falls back to the tour's links: the first step's overview
    // holds Kitakyushu and Berlin.
    let overview = tour::frame_view(&ds, tour, &tour.steps[0], &WORLD, aspect, world_bounds());
    for id in ["kitakyushu", "berlin", "rosario"] {
        let c = ds.city(ds.city_by_id(id).unwrap());
        let p = WORLD.project(c.lon_deg, c.lat_deg);
        assert!(contains(&overview, p.x_px, p.y_px), "{id} in the overview");
    }
}

/// A world-scale dataset where every city is a home city (the synthetic 26,000-link world):
/// the tour of all of them frames every link once, and has one step per home city and kind of
/// undated link to a city, each highlighting exactly those links, counted here the plain way.
#[test]
fn a_world_scale_tour_frames_every_link_once_and_groups_undated_links_by_home_and_kind() {
    let ds = dataset("tests/data/synthetic/world-26k.json");
    let all = elos_core::links::links(&ds, HomeChoice::All);
    let tour = made(&ds, HomeChoice::All);

    let framed = &tour.steps[0].frame;
    let coops: Vec<_> = framed
        .iter()
        .filter_map(|i| match i {
            Item::Cooperation(c) => Some(*c),
            _ => None,
        })
        .collect();
    let unique: std::collections::BTreeSet<_> = all.iter().map(|l| l.cooperation).collect();
    assert_eq!(coops.len(), unique.len(), "each cooperation framed once");

    let mut expected = std::collections::BTreeMap::new();
    for l in &all {
        let coop = ds.cooperation(l.cooperation);
        if matches!(l.partner, Party::City(_)) && coop.start.is_none() {
            *expected.entry((l.home, coop.kind)).or_insert(0usize) += 1;
        }
    }
    assert!(
        expected.len() > 1000,
        "the world has many home cities with undated links"
    );
    let undated_steps: Vec<&Step> = tour
        .steps
        .iter()
        .filter(|s| s.from_year.is_none() && !s.highlight.is_empty())
        .filter(|s| matches!(s.highlight[0], Item::Cooperation(_)))
        .collect();
    assert_eq!(undated_steps.len(), expected.len());
    for step in undated_steps {
        let Item::Party(Party::City(h)) = step.frame[0] else {
            panic!("an undated step frames its home city first");
        };
        let Item::Cooperation(first) = step.highlight[0] else {
            unreachable!()
        };
        let kind = ds.cooperation(first).kind;
        assert_eq!(expected.get(&(h, kind)), Some(&step.highlight.len()));
    }
}
