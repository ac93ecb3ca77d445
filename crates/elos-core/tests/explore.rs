//! Filters, facet counts and statistics on the bundled example (facts from the seed pages) and
//! on the generated 5,000-link dataset (checked against figures computed here straight from
//! its JSON, without the core).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use elos_core::filter::{self, Continent, Facet, FilterIndex, Filters};
use elos_core::links::{links, HomeChoice, Link};
use elos_core::model::{Dataset, LinkKind, Status};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &str) -> (Dataset, String) {
    let text = fs::read_to_string(repo().join(path)).unwrap();
    let ds = elos_core::load(&text).dataset.expect("dataset loads");
    (ds, text)
}

fn home(ds: &Dataset, id: &str) -> HomeChoice {
    HomeChoice::One(ds.city_by_id(id).unwrap())
}

fn partner_ids(ds: &Dataset, links: &[Link]) -> BTreeSet<String> {
    links
        .iter()
        .map(|l| ds.party_id(l.partner).to_owned())
        .collect()
}

fn filtered(ds: &Dataset, home_choice: HomeChoice, filters: &Filters) -> Vec<Link> {
    let index = FilterIndex::new(ds);
    filter::apply(ds, &index, filters, &links(ds, home_choice))
}

#[test]
fn belo_horizonte_network_memberships_are_its_ten_networks() {
    let (ds, _) = load("public/data/example.json");
    let f = Filters {
        kinds: vec![LinkKind::NetworkMembership],
        ..Filters::default()
    };
    let shown = filtered(&ds, home(&ds, "belo-horizonte"), &f);
    let expected: BTreeSet<String> = [
        "metropolis",
        "iclei",
        "mercocidades",
        "uclg",
        "unesco-creative-cities-network",
        "cities4forests",
        "milan-urban-food-policy-pact",
        "global-covenant-of-mayors",
        "fab-city",
        "al-las",
    ]
    .map(String::from)
    .into();
    assert_eq!(partner_ids(&ds, &shown), expected);
    assert_eq!(shown.len(), 10);
}

#[test]
fn filter_combinations_on_the_example() {
    let (ds, _) = load("public/data/example.json");
    let all = HomeChoice::All;
    let ids = |f: Filters| partner_ids(&ds, &filtered(&ds, all, &f));
    let set = |v: &[&str]| -> BTreeSet<String> { v.iter().map(|s| s.to_string()).collect() };

    // Continent: South America holds Rosario, Bogotá, Medellín and the Aburrá valley.
    let sa = Filters {
        continents: vec![Continent::SouthAmerica],
        ..Filters::default()
    };
    assert_eq!(
        ids(sa.clone()),
        set(&[
            "rosario",
            "bogota",
            "medellin",
            "valle-de-aburra-metropolitan-area"
        ])
    );
    // Two countries are alternatives within their group…
    let co_ar = Filters {
        countries: vec!["CO".into(), "AR".into()],
        ..Filters::default()
    };
    assert_eq!(ids(co_ar), ids(sa));
    // …and groups combine: bilateral cooperations in Europe.
    let eu_bilateral = Filters {
        kinds: vec![LinkKind::BilateralCooperation],
        continents: vec![Continent::Europe],
        ..Filters::default()
    };
    assert_eq!(
        ids(eu_bilateral),
        set(&["milan", "almada", "barcelona-metropolitan-area", "berlin"])
    );
    // Sister cities are active: Kitakyushu (1978) and Marlboro (2009), both Ipatinga's.
    let active_sisters = Filters {
        kinds: vec![LinkKind::SisterCity],
        statuses: vec![Status::Active],
        ..Filters::default()
    };
    assert_eq!(ids(active_sisters), set(&["kitakyushu", "marlboro"]));
    // A theme only the food pact has.
    let food = Filters {
        themes: vec!["food".into()],
        ..Filters::default()
    };
    assert_eq!(ids(food), set(&["milan-urban-food-policy-pact"]));
    // A network: the membership itself.
    let merco = Filters {
        networks: vec!["mercocidades".into()],
        ..Filters::default()
    };
    assert_eq!(ids(merco), set(&["mercocidades"]));
    // Nothing matches an impossible combination, and that is not an error.
    let none = Filters {
        kinds: vec![LinkKind::SisterCity],
        continents: vec![Continent::Europe],
        ..Filters::default()
    };
    assert!(ids(none).is_empty());
}

#[test]
fn unknown_filter_values_are_reported_and_dropped() {
    let (ds, _) = load("public/data/example.json");
    let f = Filters {
        themes: vec!["food".into(), "piracy".into()],
        countries: vec!["JP".into(), "FR".into()],
        networks: vec!["no-such-network".into()],
        ..Filters::default()
    };
    let unknown = f.unknown_values(&ds);
    let pairs: Vec<(&str, &str)> = unknown
        .iter()
        .map(|i| (i.param, i.value.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("theme", "piracy"),
            ("country", "FR"),
            ("network", "no-such-network")
        ]
    );
    let kept = f.without(&unknown);
    assert_eq!(kept.themes, ["food"]);
    assert_eq!(kept.countries, ["JP"]);
    assert!(kept.networks.is_empty());
}

#[test]
fn belo_horizonte_kind_counts_follow_the_other_groups() {
    let (ds, _) = load("public/data/example.json");
    let index = FilterIndex::new(&ds);
    let bh = links(&ds, home(&ds, "belo-horizonte"));
    let kind_counts = |f: &Filters| {
        filter::facet_counts(&ds, &index, f, &bh)
            .into_iter()
            .find(|(facet, _)| *facet == Facet::Kind)
            .unwrap()
            .1
            .into_iter()
            .map(|o| (o.key, o.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kind_counts(&Filters::default()),
        [
            ("network_membership".to_owned(), 10),
            ("bilateral_cooperation".to_owned(), 9),
            ("organisation_partnership".to_owned(), 6),
        ]
    );
    // Choosing Europe leaves only the European bilateral cooperations to count.
    let eu = Filters {
        continents: vec![Continent::Europe],
        ..Filters::default()
    };
    assert_eq!(
        kind_counts(&eu),
        [
            ("bilateral_cooperation".to_owned(), 4),
            ("network_membership".to_owned(), 0),
            ("organisation_partnership".to_owned(), 0),
        ]
    );
}

#[test]
fn statistics_of_ipatinga() {
    let (ds, _) = load("public/data/example.json");
    let s = filter::stats(&ds, &links(&ds, home(&ds, "ipatinga")));
    assert_eq!(s.links, 2);
    assert_eq!(s.partner_cities, 2);
    assert_eq!(s.countries, 2, "Japan and the United States");
    assert_eq!(s.continents, 2, "Asia and North America");
    assert_eq!((s.networks, s.organisations), (0, 0));
    let (date, link) = s.oldest.unwrap();
    assert_eq!(date.year, 1978);
    assert_eq!(ds.party_id(link.partner), "kitakyushu");
    assert_eq!(s.per_decade, [(1970, 1), (1980, 0), (1990, 0), (2000, 1)]);
    assert_eq!(s.undated, 0);
}

#[test]
fn statistics_of_belo_horizonte_without_dates() {
    let (ds, _) = load("public/data/example.json");
    let s = filter::stats(&ds, &links(&ds, home(&ds, "belo-horizonte")));
    assert_eq!(s.links, 25);
    assert_eq!(s.partner_cities, 9);
    // Argentina, Mexico, Colombia, Italy, Portugal, Spain, Germany.
    assert_eq!(s.countries, 7);
    assert_eq!(s.continents, 3, "South America, North America, Europe");
    assert_eq!((s.networks, s.organisations), (10, 6));
    assert!(s.oldest.is_none());
    assert!(s.per_decade.is_empty());
    assert_eq!(s.undated, 25);
}

/// The 5,000-link dataset: statistics against figures computed from its JSON here.
#[test]
fn statistics_on_the_generated_dataset_match_its_json() {
    let (ds, text) = load("tests/data/synthetic/links-5000.json");
    let raw: Value = serde_json::from_str(&text).unwrap();
    let country_of = |id: &str| {
        raw["cities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["country"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let coops = raw["cooperations"].as_array().unwrap();
    let mut countries = BTreeSet::new();
    let mut decades = std::collections::BTreeMap::<i64, usize>::new();
    let mut min_year = i64::MAX;
    for c in coops {
        countries.insert(country_of(c["parties"][1].as_str().unwrap()));
        let year: i64 = c["start"].as_str().unwrap()[..4].parse().unwrap();
        min_year = min_year.min(year);
        *decades.entry(year / 10 * 10).or_default() += 1;
    }
    let all = links(&ds, HomeChoice::All);
    let s = filter::stats(&ds, &all);
    assert_eq!(s.links, coops.len());
    assert_eq!(
        s.partner_cities,
        coops.len(),
        "every link has its own partner"
    );
    assert_eq!(s.countries, countries.len());
    assert_eq!(s.oldest.unwrap().0.year as i64, min_year);
    let per_decade: Vec<(i64, usize)> = s
        .per_decade
        .iter()
        .map(|(d, n)| (*d as i64, *n))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(per_decade, decades.into_iter().collect::<Vec<_>>());
    assert_eq!(s.per_decade.iter().map(|d| d.1).sum::<usize>(), s.links);

    // Filtered: the status group against a count made from the JSON.
    let ended = Filters {
        statuses: vec![Status::Ended],
        ..Filters::default()
    };
    let expected = coops.iter().filter(|c| c["status"] == "ended").count();
    assert!(expected > 100);
    assert_eq!(filtered(&ds, HomeChoice::All, &ended).len(), expected);
}

/// The meaning of a facet count: the number of links shown if that option were the group's
/// only choice, with the other groups as they are. Checked for every option of every group on
/// 5,000 links under a few combinations of other choices.
#[test]
fn facet_counts_are_what_choosing_the_option_would_show() {
    let (ds, _) = load("tests/data/synthetic/links-5000.json");
    let index = FilterIndex::new(&ds);
    let all = links(&ds, HomeChoice::All);
    let combos = [
        Filters::default(),
        Filters {
            kinds: vec![LinkKind::SisterCity, LinkKind::Diplomatic],
            ..Filters::default()
        },
        Filters {
            continents: vec![Continent::Europe],
            themes: vec!["culture".into()],
            statuses: vec![Status::Active],
            ..Filters::default()
        },
    ];
    for base in combos {
        for (facet, options) in filter::facet_counts(&ds, &index, &base, &all) {
            // The generated dataset has no networks; every other group has options.
            assert_eq!(options.is_empty(), facet == Facet::Network, "{facet:?}");
            for o in options {
                let mut only = base.clone();
                only.clear(facet);
                only.toggle(facet, &o.key);
                let shown = filter::apply(&ds, &index, &only, &all).len();
                assert_eq!(o.count, shown, "{facet:?}={} under {base:?}", o.key);
                assert_eq!(o.chosen, base.has(facet, &o.key));
            }
        }
    }
}

/// The numbered key table filters exactly as the plain rule reads: a link passes when, in
/// every group with a choice, one of its option keys (as `option_keys` gives them) is chosen.
#[test]
fn the_key_table_filters_as_the_option_keys_say() {
    let (ds, _) = load("tests/data/synthetic/links-5000.json");
    let index = FilterIndex::new(&ds);
    let all = links(&ds, HomeChoice::All);
    let table = filter::KeyTable::new(&ds, &index, &all);
    assert_eq!(table.links(), all.as_slice());
    let combos = [
        Filters {
            kinds: vec![LinkKind::BilateralCooperation],
            ..Filters::default()
        },
        Filters {
            continents: vec![Continent::Asia, Continent::Africa],
            themes: vec!["culture".into(), "education".into()],
            ..Filters::default()
        },
        Filters {
            statuses: vec![Status::Ended],
            countries: vec!["FR".into(), "JP".into(), "XX".into()],
            ..Filters::default()
        },
    ];
    for filters in combos {
        let expected: Vec<Link> = all
            .iter()
            .filter(|l| {
                Facet::ALL.into_iter().all(|f| {
                    let chosen = filters.keys(f);
                    chosen.is_empty()
                        || filter::option_keys(&ds, &index, l, f)
                            .iter()
                            .any(|k| chosen.contains(k))
                })
            })
            .copied()
            .collect();
        assert!(!expected.is_empty(), "{filters:?} should keep some links");
        assert!(
            expected.len() < all.len(),
            "{filters:?} should drop some links"
        );
        assert_eq!(table.apply(&filters), expected, "{filters:?}");
    }
}
