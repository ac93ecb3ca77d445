//! What things are called and how they are described in the UI language: one rule each, used
//! by the map's tooltip, the timeline, the table, the details panel and the announcements, so
//! a person never sees two names for one thing.
//!
//! Country names come from the caller (the browser's `Intl.DisplayNames` in the page), so no
//! table of country names ships with the core.

use crate::i18n::Catalogue;
use crate::links::Link;
use crate::model::{CityIx, Cooperation, Dataset, Party, Status};

/// A country's name in the UI language, or `None` when the caller cannot say.
pub type CountryName<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A link's kind as a person reads it: the dataset's own label for an `other` link that has
/// one, otherwise the catalogue's name of the kind.
pub fn kind_name(cat: &Catalogue, coop: &Cooperation) -> String {
    match &coop.kind_label {
        Some(label) if !label.show(&cat.lang).is_empty() => label.show(&cat.lang).into_owned(),
        _ => cat.t(&format!("kind.{}", coop.kind.key())),
    }
}

/// A theme as a person reads it: the catalogue's name for the themes it knows, otherwise the
/// dataset's own key with spaces for underscores.
pub fn theme_name(cat: &Catalogue, key: &str) -> String {
    let catalogue_key = format!("theme.{key}");
    if cat.has(&catalogue_key) {
        cat.t(&catalogue_key)
    } else {
        crate::lang::isolate(&key.replace('_', " ")).into_owned()
    }
}

/// A city, network or organisation's name in the UI language (or the best other one).
pub fn party_name(cat: &Catalogue, ds: &Dataset, party: Party) -> String {
    ds.party_names(party).show(&cat.lang).into_owned()
}

/// Where a party is: a city's country; "network" or "international organisation" for a body.
pub fn place(cat: &Catalogue, ds: &Dataset, party: Party, country: CountryName) -> String {
    match party {
        Party::City(c) => {
            let iso = &ds.city(c).country;
            country(iso).unwrap_or_else(|| iso.clone())
        }
        Party::Network(_) => cat.t("details.network"),
        Party::Organisation(_) => cat.t("details.organisation"),
    }
}

/// "since 1978", or that the start is not known.
pub fn since(cat: &Catalogue, coop: &Cooperation) -> String {
    match coop.start {
        Some(start) => cat.format("map.tip_since", &[("year", &start.year.to_string())]),
        None => cat.t("map.tip_undated"),
    }
}

/// Whether a link is still in force with no end in sight: the timeline draws it up to today.
pub fn is_ongoing(coop: &Cooperation) -> bool {
    coop.end.is_none() && coop.status == Status::Active
}

/// A tooltip: a title and a few plain-text lines (always inserted as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tooltip {
    pub title: String,
    pub lines: Vec<String>,
}

/// How many of a city's links a tooltip lists before "and N more".
const LISTED: usize = 3;

/// A city's tooltip: its country (and "home city"), its number of shown links and, for a
/// partner, the first few of them with their kind and start year.
pub fn city_tooltip(
    cat: &Catalogue,
    ds: &Dataset,
    links: &[Link],
    city: CityIx,
    link_count: usize,
    country: CountryName,
) -> Tooltip {
    let is_home = ds.is_home(city);
    let here = place(cat, ds, Party::City(city), country);
    let mut lines = vec![if is_home {
        format!("{here} · {}", cat.t("map.legend_home"))
    } else {
        here
    }];
    lines.push(cat.plural("map.tip_links", link_count as u64, &[]));
    let own: Vec<&Link> = links
        .iter()
        .filter(|l| l.partner == Party::City(city) || (!is_home && l.home == city))
        .collect();
    for l in own.iter().take(LISTED) {
        let coop = ds.cooperation(l.cooperation);
        let other = if l.partner == Party::City(city) {
            Party::City(l.home)
        } else {
            l.partner
        };
        lines.push(cat.format(
            "map.tip_link",
            &[
                ("home", &party_name(cat, ds, other)),
                ("kind", &kind_name(cat, coop)),
                ("since", &since(cat, coop)),
            ],
        ));
    }
    if own.len() > LISTED {
        lines.push(cat.plural("map.tip_more", (own.len() - LISTED) as u64, &[]));
    }
    Tooltip {
        title: party_name(cat, ds, Party::City(city)),
        lines,
    }
}

/// A link's tooltip: the route, the partner's country, the kind and start year, and how many
/// shown links the partner city has (`partner_links`, for a city).
pub fn link_tooltip(
    cat: &Catalogue,
    ds: &Dataset,
    link: &Link,
    partner_links: Option<u32>,
    country: CountryName,
) -> Tooltip {
    let coop = ds.cooperation(link.cooperation);
    let home = party_name(cat, ds, Party::City(link.home));
    let partner = party_name(cat, ds, link.partner);
    let mut lines = vec![
        place(cat, ds, link.partner, country),
        format!("{} · {}", kind_name(cat, coop), since(cat, coop)),
    ];
    if let Some(n) = partner_links {
        lines.push(cat.plural("map.marker_links", u64::from(n), &[("name", &partner)]));
    }
    Tooltip {
        title: cat.format("map.tip_route", &[("home", &home), ("partner", &partner)]),
        lines,
    }
}

/// A cluster's tooltip (several cities drawn as one at this zoom): its biggest city, how many
/// others and links, and what a click does.
pub fn cluster_tooltip(
    cat: &Catalogue,
    ds: &Dataset,
    city: CityIx,
    cities: u32,
    links: u32,
) -> Tooltip {
    Tooltip {
        title: cat.plural(
            "map.cluster",
            u64::from(cities.saturating_sub(1)),
            &[("name", &party_name(cat, ds, Party::City(city)))],
        ),
        lines: vec![
            cat.plural("map.tip_links", u64::from(links), &[]),
            cat.t("map.cluster_hint"),
        ],
    }
}

/// A bundle's tooltip (several links between two clusters drawn as one arc).
pub fn bundle_tooltip(cat: &Catalogue, ds: &Dataset, example: &Link, links: u32) -> Tooltip {
    let home = party_name(cat, ds, Party::City(example.home));
    let partner = party_name(cat, ds, example.partner);
    Tooltip {
        title: cat.plural(
            "map.bundle",
            u64::from(links),
            &[("home", &home), ("partner", &partner)],
        ),
        lines: vec![cat.t("map.cluster_hint")],
    }
}

/// What a screen reader hears for the map's keyboard focus: the city (or cluster), its
/// country and links, and what Enter does.
pub fn focus_announcement(
    cat: &Catalogue,
    ds: &Dataset,
    city: CityIx,
    cities: u32,
    links: u32,
    country: CountryName,
) -> String {
    let name = party_name(cat, ds, Party::City(city));
    if cities > 1 {
        return format!(
            "{} · {} · {}",
            cat.plural("map.cluster", u64::from(cities - 1), &[("name", &name)]),
            cat.plural("map.tip_links", u64::from(links), &[]),
            cat.t("map.cluster_hint")
        );
    }
    let place = cat.format(
        "map.marker",
        &[
            ("name", &name),
            ("country", &place(cat, ds, Party::City(city), country)),
        ],
    );
    cat.plural("map.marker_links", u64::from(links), &[("name", &place)])
}

/// A timeline item's text: the visible label ("1978: Kitakyushu") and its accessible name,
/// which begins with exactly that label (WCAG 2.5.3, label in name) and adds the kind and
/// whether it is still in force.
pub fn timeline_names(cat: &Catalogue, ds: &Dataset, link: &Link) -> Option<(String, String)> {
    let label = timeline_label(cat, ds, link)?;
    let aria = timeline_aria(cat, ds.cooperation(link.cooperation), &label);
    Some((label, aria))
}

/// A dated link's visible label on the timeline; `None` when it has no date.
pub fn timeline_label(cat: &Catalogue, ds: &Dataset, link: &Link) -> Option<String> {
    let start = ds.cooperation(link.cooperation).start?;
    Some(cat.format(
        "timeline.item",
        &[
            ("date", &cat.date(&start)),
            ("name", &party_name(cat, ds, link.partner)),
        ],
    ))
}

/// A timeline item's accessible name from its visible label: made only for the items drawn
/// (a world of 20,000 dated links lays out every label, but draws a screenful).
pub fn timeline_aria(cat: &Catalogue, coop: &Cooperation, label: &str) -> String {
    let mut aria = format!("{label} — {}", kind_name(cat, coop));
    if is_ongoing(coop) {
        aria.push_str(" — ");
        aria.push_str(&cat.t("timeline.ongoing"));
    }
    aria
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::{links, HomeChoice};

    fn example() -> Dataset {
        let text = include_str!("../../../public/data/example.json");
        crate::load(text).dataset.expect("the example loads")
    }

    fn cat(lang: &str) -> Catalogue {
        Catalogue::all()
            .into_iter()
            .find(|c| c.lang == lang)
            .unwrap()
    }

    fn no_country(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_dataset_label_names_an_other_link_everywhere() {
        let ds = example();
        let en = cat("en");
        for coop in &ds.cooperations {
            let name = kind_name(&en, coop);
            match &coop.kind_label {
                Some(label) => assert_eq!(name, label.show("en")),
                None => assert_eq!(name, en.t(&format!("kind.{}", coop.kind.key()))),
            }
        }
    }

    #[test]
    fn a_theme_has_one_name_with_a_fallback_for_keys_the_catalogue_lacks() {
        let en = cat("en");
        assert_eq!(theme_name(&en, "culture"), en.t("theme.culture"));
        assert_eq!(theme_name(&en, "urban_mobility_x"), "urban mobility x");
        assert_eq!(
            theme_name(&en, "a\u{202E}b"),
            "\u{2068}a\u{202E}b\u{2069}",
            "a key is data"
        );
    }

    #[test]
    fn timeline_names_keep_the_visible_label_inside_the_accessible_name() {
        let ds = example();
        for lang in ["pt-BR", "en", "es"] {
            let c = cat(lang);
            let all = links(&ds, HomeChoice::All);
            let mut dated = 0;
            for l in &all {
                if let Some((label, aria)) = timeline_names(&c, &ds, l) {
                    dated += 1;
                    assert!(aria.starts_with(&label), "{lang}: {aria:?} / {label:?}");
                    assert!(aria.len() > label.len());
                }
            }
            assert!(dated > 0);
        }
    }

    #[test]
    fn city_tooltip_lists_a_partners_links_and_counts_the_rest() {
        let ds = example();
        let en = cat("en");
        let all = links(&ds, HomeChoice::All);
        let kitakyushu = ds.city_by_id("kitakyushu").unwrap();
        let tip = city_tooltip(&en, &ds, &all, kitakyushu, 1, &no_country);
        assert_eq!(tip.title, "Kitakyushu");
        assert_eq!(tip.lines[0], "JP", "the code when no country name is known");
        assert!(tip
            .lines
            .iter()
            .any(|l| l.contains("Ipatinga") && l.contains("1978")));
        let ipatinga = ds.city_by_id("ipatinga").unwrap();
        let home = city_tooltip(&en, &ds, &all, ipatinga, 9, &|iso| {
            (iso == "BR").then(|| "Brazil".to_owned())
        });
        assert!(home.lines[0].starts_with("Brazil · "));
    }
}
