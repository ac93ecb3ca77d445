//! Checks that need more than one field: the same link listed twice (or from both sides), a
//! city drawn outside its country, and which country codes exist. The loader runs the first
//! and the last itself; [`outside_country`] needs the world map's outlines
//! ([`crate::outlines`]) and is run by whoever carries them (`elos check`).

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use crate::geo::WORLD_PROJECTION;
use crate::json::Position;
use crate::model::{Cooperation, Dataset, LinkKind, Party};
use crate::outlines::CountryOutlines;
use crate::problem::{Code, Problem};

/// Whether `code` is an ISO 3166-1 alpha-2 code a city can have: an assigned code (the
/// continent table, `data/continents.txt`, lists them all, with Kosovo's `XK`) or a
/// user-assigned one (`AA`, `QM`–`QZ`, `XA`–`XZ`) for a territory ISO does not list. `ZZ`,
/// also user-assigned, is refused: it is the conventional "unknown region", and a city's
/// country is never unknown.
pub fn is_country_code(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let user_assigned =
        code == "AA" || (b[0] == b'Q' && b[1] >= b'M') || (b[0] == b'X' && code != "XK");
    user_assigned || crate::filter::Continent::of_country(code).is_some()
}

/// One warning for each link that repeats an earlier one: the same kind and the same parties,
/// in any order (a list made from both cities' pages has each link twice). `positions` are
/// where each cooperation starts, in file order, beside `coops`.
pub fn duplicate_links(positions: &[Position], coops: &[Option<Cooperation>]) -> Vec<Problem> {
    let mut first: HashMap<(LinkKind, Vec<Party>), &str> =
        HashMap::with_capacity_and_hasher(coops.len(), Default::default());
    let mut out = Vec::new();
    for (i, (at, coop)) in positions.iter().zip(coops).enumerate() {
        let Some(coop) = coop else { continue };
        let parties = in_order(&coop.parties);
        match first.entry((coop.kind, parties)) {
            Entry::Occupied(other) => out.push(
                Problem::new(Code::DuplicateLink, format!("cooperations[{i}]"), Some(*at))
                    .with("other", *other.get()),
            ),
            Entry::Vacant(slot) => {
                slot.insert(&coop.id);
            }
        }
    }
    out
}

/// A link's parties in one order whatever order they were written in. A link has two or three
/// parties: an insertion sort, rather than the slice sort, whose generic code would cost the
/// page's wasm about 1 KB compressed for this one call.
fn in_order(parties: &[Party]) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::with_capacity(parties.len());
    for &party in parties {
        let at = out.iter().position(|p| *p > party).unwrap_or(out.len());
        out.insert(at, party);
    }
    out
}

/// How far outside its country's outline a city may lie, in map pixels of the 1000-px-wide
/// world map (about 180 km at the equator): the 1:110m outlines leave out small islands and
/// cut coasts short, and a city there must not be reported.
pub const COAST_TOLERANCE_PX: f64 = 5.0;

/// How close to another country's outline a point must lie to be said to be in it, in map
/// pixels (about 50 km): the 1:110m coasts are cut short, so a coastal city (Colombo) often
/// lies just off its country's outline, while islands the map leaves out (the Canaries off
/// Morocco) lie farther than this from any other country.
pub const SHORE_PX: f64 = 1.4;

/// Cities whose point lies outside their country's outline on the page's map (Natural Earth
/// 1:110m, `public/world.svg`), farther than [`COAST_TOLERANCE_PX`], **and inside another
/// country's**: Brazil's Colombo drawn in Sri Lanka. A point in the sea is not reported, since
/// the 1:110m map leaves out many islands (Madeira, Réunion) where real cities lie; a country
/// the map has no outline for (small states) is not judged.
pub fn outside_country(dataset: &Dataset, outlines: &CountryOutlines) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, city) in dataset.cities.iter().enumerate() {
        let p = WORLD_PROJECTION.project(city.lon_deg, city.lat_deg);
        if outlines.contains_or_near(&city.country, p, COAST_TOLERANCE_PX) != Some(false) {
            continue;
        }
        let Some(found) = outlines.country_at(p, SHORE_PX) else {
            continue;
        };
        out.push(
            Problem::new(Code::OutsideCountry, format!("cities[{i}]"), None)
                .with("id", city.id.clone())
                .with("lat", crate::num::short(city.lat_deg))
                .with("lon", crate::num::short(city.lon_deg))
                .with("country", city.country.clone())
                .with("found", found.to_owned()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes() {
        for ok in ["BR", "JP", "XK", "AA", "QM", "QZ", "XA", "XZ", "GB"] {
            assert!(is_country_code(ok), "{ok}");
        }
        for bad in ["ZZ", "QA0", "br", "B", "BRA", "UK", "EU", "QL", ""] {
            assert!(!is_country_code(bad), "{bad}");
        }
        assert!(is_country_code("QA"), "Qatar is assigned");
    }

    #[test]
    fn parties_are_put_in_one_order() {
        use crate::model::{CityIx, NetworkIx};
        let (a, b, n) = (
            Party::City(CityIx(0)),
            Party::City(CityIx(7)),
            Party::Network(NetworkIx(1)),
        );
        assert_eq!(in_order(&[b, a]), [a, b]);
        assert_eq!(in_order(&[n, b, a]), [a, b, n]);
        assert_eq!(in_order(&[a, n, b]), [a, b, n]);
    }

    #[test]
    fn the_example_lies_in_its_countries_and_colombo_in_sri_lanka_is_caught() {
        let outlines =
            CountryOutlines::from_svg(include_str!("../../../public/world.svg")).unwrap();
        let example = include_str!("../../../public/data/example.json");
        let mut ds = crate::load(example).dataset.unwrap();
        assert_eq!(
            outside_country(&ds, &outlines),
            [],
            "the example's cities are where they belong"
        );
        // A Brazilian city drawn at Colombo, Sri Lanka (GeoNames 1248991: 6.93548, 79.84868).
        assert_eq!(ds.cities[0].country, "BR");
        ds.cities[0].lat_deg = 6.93548;
        ds.cities[0].lon_deg = 79.84868;
        let problems = outside_country(&ds, &outlines);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].code, problems[0].path.as_str()),
            (Code::OutsideCountry, "cities[0]")
        );
        assert_eq!(problems[0].param("lat"), Some("6.93548"));
        assert_eq!(problems[0].param("found"), Some("LK"));
        // Cities on islands the 1:110m map leaves out lie in the sea on the map, in no other
        // country: not reported (GeoNames points).
        for (iso, lat_deg, lon_deg, name) in [
            ("PT", 32.66568, -16.92547, "Funchal, Madeira"),
            ("PT", 37.73952, -25.66869, "Ponta Delgada, Azores"),
            ("ES", 28.09973, -15.41343, "Las Palmas, off Morocco"),
            ("ES", 39.56939, 2.65024, "Palma, Mallorca"),
            ("FR", -20.88231, 55.4504, "Saint-Denis, Réunion"),
        ] {
            ds.cities[0].country = iso.into();
            ds.cities[0].lat_deg = lat_deg;
            ds.cities[0].lon_deg = lon_deg;
            assert_eq!(outside_country(&ds, &outlines), [], "{name}");
        }
    }

    #[cfg(feature = "country-outlines")]
    #[test]
    fn the_bundled_outlines_are_the_pages_map() {
        let svg = include_str!("../../../public/world.svg");
        assert_eq!(
            CountryOutlines::bundled(),
            &CountryOutlines::from_svg(svg).unwrap()
        );
    }
}
