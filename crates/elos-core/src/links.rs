//! From cooperations to the links a person sees: one per (home city, partner) pair, with what
//! the map and the timeline need to draw it.

use crate::date::PartialDate;
use crate::geo::LonLat;
use crate::model::*;

/// One link of a home city to one partner (a city, network or organisation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub cooperation: CooperationIx,
    pub home: CityIx,
    pub partner: Party,
}

/// Which home city is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HomeChoice {
    /// Every home city of the dataset.
    #[default]
    All,
    One(CityIx),
}

/// The links of the chosen home city (or all), in the file's order. A cooperation between two
/// home cities appears once in "all" (under the first of them) and once under each when chosen.
/// One home city's are found through the dataset's index (`Dataset::cooperations_of`), not by
/// reading every cooperation: the build's list of links asks for each of 18,000 home cities.
pub fn links(ds: &Dataset, home: HomeChoice) -> Vec<Link> {
    let mut out = Vec::new();
    let mut of_home: Vec<usize> = match home {
        HomeChoice::All => Vec::new(),
        HomeChoice::One(h) => ds
            .cooperations_of(Party::City(h))
            .iter()
            .map(|c| c.0)
            .collect(),
    };
    of_home.dedup();
    let candidates: &mut dyn Iterator<Item = usize> = match home {
        HomeChoice::All => &mut (0..ds.cooperations.len()),
        HomeChoice::One(_) => &mut of_home.iter().copied(),
    };
    for i in candidates {
        let coop = &ds.cooperations[i];
        let homes: Vec<CityIx> = coop
            .parties
            .iter()
            .filter_map(|p| match p {
                Party::City(c) if ds.is_home(*c) => Some(*c),
                _ => None,
            })
            .filter(|c| match home {
                HomeChoice::All => true,
                HomeChoice::One(h) => *c == h,
            })
            .collect();
        for &h in homes.iter().take(if home == HomeChoice::All {
            1
        } else {
            usize::MAX
        }) {
            for &partner in &coop.parties {
                if partner == Party::City(h) {
                    continue;
                }
                if home == HomeChoice::All
                    && matches!(partner, Party::City(c) if homes.contains(&c))
                {
                    // Home-to-home link: the first home city holds it, and the other is its partner.
                    if homes.first() != Some(&h) {
                        continue;
                    }
                }
                out.push(Link {
                    cooperation: CooperationIx(i),
                    home: h,
                    partner,
                });
            }
        }
    }
    out
}

/// A network's or an organisation's kind of link and the catalogue key of what it is: the
/// chip that lists it beside the map takes the kind's colour and the key's words as its title.
pub fn body_kind(body: Party) -> (LinkKind, &'static str) {
    if matches!(body, Party::Network(_)) {
        (LinkKind::NetworkMembership, "details.network")
    } else {
        (LinkKind::OrganisationPartnership, "details.organisation")
    }
}

/// The networks and organisations among the links' partners, each once, in the links'
/// order: they have no single place on the map, so the page lists them beside it.
pub fn bodies_among(links: &[Link]) -> Vec<Party> {
    let mut seen = std::collections::HashSet::new();
    links
        .iter()
        .map(|l| l.partner)
        .filter(|p| !matches!(p, Party::City(_)) && seen.insert(*p))
        .collect()
}

/// Events of the chosen home city (or all).
pub fn events(ds: &Dataset, home: HomeChoice) -> Vec<EventIx> {
    ds.events
        .iter()
        .enumerate()
        .filter(|(_, e)| match home {
            HomeChoice::All => true,
            HomeChoice::One(h) => e.city == h,
        })
        .map(|(i, _)| EventIx(i))
        .collect()
}

/// Whether a link began within `[from_year, to_year]` (whole years): the time window shows
/// how the city's links grew, so a link is in the window of the years it was made. Undated
/// links are never in a window: they are shown in the undated group instead.
pub fn began_in(start: Option<PartialDate>, from_year: i32, to_year: i32) -> bool {
    start.is_some_and(|s| (from_year..=to_year).contains(&s.year))
}

/// The links begun in a time window whose ends may be open ([`began_in`]); all of them
/// when neither end is set. The map, the table and the statistics show these.
pub fn in_window(ds: &Dataset, links: &[Link], from: Option<i32>, to: Option<i32>) -> Vec<Link> {
    if from.is_none() && to.is_none() {
        return links.to_vec();
    }
    let (from, to) = (from.unwrap_or(i32::MIN), to.unwrap_or(i32::MAX));
    links
        .iter()
        .filter(|l| began_in(ds.cooperation(l.cooperation).start, from, to))
        .copied()
        .collect()
}

/// The links with no start date (their own group under the timeline).
pub fn undated(ds: &Dataset, links: &[Link]) -> Vec<Link> {
    links
        .iter()
        .filter(|l| ds.cooperation(l.cooperation).start.is_none())
        .copied()
        .collect()
}

/// The city where a party sits on the map: a city itself; a network or organisation its
/// headquarters city when known, otherwise none (it is shown in the side list).
pub fn party_city(ds: &Dataset, party: Party) -> Option<CityIx> {
    match party {
        Party::City(c) => Some(c),
        Party::Network(n) => ds.network(n).headquarters,
        Party::Organisation(o) => ds.organisation(o).headquarters,
    }
}

/// Where a party sits on the map: the point of its [`party_city`].
pub fn party_location(ds: &Dataset, party: Party) -> Option<LonLat> {
    Some(city_location(ds, party_city(ds, party)?))
}

/// A city's place on the globe.
pub fn city_location(ds: &Dataset, city: CityIx) -> LonLat {
    let c = ds.city(city);
    LonLat {
        lon_deg: c.lon_deg,
        lat_deg: c.lat_deg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One home city's links, found through the index, are what reading every cooperation in
    /// the file's order gives: each cooperation it is in, once per other party.
    #[test]
    fn one_home_city_s_links_are_every_cooperation_it_is_in_in_the_file_s_order() {
        for text in [
            include_str!("../../../public/data/example.json"),
            include_str!("../../../tests/data/synthetic/links-5000.json"),
        ] {
            let ds = crate::load(text).dataset.unwrap();
            let mut total = 0;
            for &h in &ds.home_cities {
                let mut expected = Vec::new();
                for (i, coop) in ds.cooperations.iter().enumerate() {
                    if !coop.parties.contains(&Party::City(h)) {
                        continue;
                    }
                    for &partner in coop.parties.iter().filter(|p| **p != Party::City(h)) {
                        expected.push(Link {
                            cooperation: CooperationIx(i),
                            home: h,
                            partner,
                        });
                    }
                }
                total += expected.len();
                assert_eq!(links(&ds, HomeChoice::One(h)), expected);
            }
            assert!(total >= links(&ds, HomeChoice::All).len());
        }
    }

    #[test]
    fn bodies_take_their_kind_and_the_kinds_in_use_keep_their_order() {
        let ds = crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap();
        for body in bodies_among(&links(&ds, HomeChoice::All)) {
            let (kind, title) = body_kind(body);
            match body {
                Party::Network(_) => assert_eq!(
                    (kind, title),
                    (LinkKind::NetworkMembership, "details.network")
                ),
                _ => assert_eq!(
                    (kind, title),
                    (LinkKind::OrganisationPartnership, "details.organisation")
                ),
            }
        }
        // The example has sister cities, bilateral cooperations, networks and organisations,
        // no consulate and nothing "other": in `LinkKind::ALL`'s order, not the file's.
        assert_eq!(
            ds.kinds(),
            [
                LinkKind::SisterCity,
                LinkKind::BilateralCooperation,
                LinkKind::NetworkMembership,
                LinkKind::OrganisationPartnership
            ]
        );
    }

    #[test]
    fn bodies_are_listed_once_in_the_links_order() {
        let ds = crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap();
        let all = links(&ds, HomeChoice::All);
        let bodies = bodies_among(&all);
        let mut expected: Vec<Party> = Vec::new();
        for l in &all {
            if matches!(l.partner, Party::Network(_) | Party::Organisation(_))
                && !expected.contains(&l.partner)
            {
                expected.push(l.partner);
            }
        }
        assert!(bodies.len() > 5);
        assert_eq!(bodies, expected);
        assert!(bodies_among(&[]).is_empty());

        let in_2000s = in_window(&ds, &all, Some(2000), Some(2020));
        assert!(!in_2000s.is_empty() && in_2000s.len() < all.len());
        for l in &in_2000s {
            let year = ds.cooperation(l.cooperation).start.unwrap().year;
            assert!((2000..=2020).contains(&year));
        }
        assert_eq!(
            in_window(&ds, &all, None, None),
            all,
            "no window: every link"
        );
        let undated_links = undated(&ds, &all);
        assert!(!undated_links.is_empty());
        assert!(
            in_window(&ds, &all, None, Some(9999)).len() + undated_links.len() == all.len(),
            "an open window holds every dated link and no undated one"
        );
    }

    #[test]
    fn windows_hold_the_links_made_in_them() {
        let y = |n| Some(PartialDate::year(n));
        assert!(
            !began_in(y(1978), 2000, 2020),
            "Kitakyushu (1978) is not in 2000–2020"
        );
        assert!(began_in(y(2009), 2000, 2020), "Marlboro (2009) is");
        assert!(
            began_in(y(2000), 2000, 2020) && began_in(y(2020), 2000, 2020),
            "inclusive"
        );
        assert!(!began_in(y(2021), 2000, 2020));
        assert!(
            !began_in(None, 1000, 2999),
            "undated links are never in a window"
        );
    }
}
