//! Checks that need more than one field: the same link listed twice (or from both sides), a
//! city drawn outside its country, and which country codes exist. The loader calls the first
//! two kinds of rule it can judge alone; [`outside_country`] needs the world map and is run
//! by whoever has it (`elos check` embeds `public/world.json`).

use std::collections::HashMap;

use crate::json::Position;
use crate::model::{Cooperation, Dataset, Party};
use crate::problem::{Code, Problem};
use crate::world::World;

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
/// in any order (a list made from both cities' pages has each link twice).
pub fn duplicate_links(
    positions: &[(String, Position)],
    coops: &[Option<Cooperation>],
) -> Vec<Problem> {
    let mut first: HashMap<(crate::model::LinkKind, Vec<Party>), &str> = HashMap::new();
    let mut out = Vec::new();
    for ((path, at), coop) in positions.iter().zip(coops) {
        let Some(coop) = coop else { continue };
        let mut parties = coop.parties.clone();
        parties.sort();
        match first.get(&(coop.kind, parties.clone())) {
            Some(other) => out.push(
                Problem::new(Code::DuplicateLink, path.clone(), Some(*at)).with("other", *other),
            ),
            None => {
                first.insert((coop.kind, parties), &coop.id);
            }
        }
    }
    out
}

/// How far outside its country's outline a city may lie, in map pixels of the 1000-px-wide
/// world map (about 180 km at the equator): the 1:110m outlines leave out small islands and
/// cut coasts short, and a city there must not be reported.
pub const COAST_TOLERANCE_PX: f64 = 5.0;

/// Cities whose point lies outside their country's outline on the bundled map (Natural Earth
/// 1:110m), farther than [`COAST_TOLERANCE_PX`]: Brazil's Colombo drawn in Sri Lanka. A country
/// the map has no outline for (small states, `XK` aside) is not judged.
pub fn outside_country(dataset: &Dataset, world: &World) -> Vec<Problem> {
    let mut outlines: HashMap<&str, Vec<Vec<(f64, f64)>>> = HashMap::new();
    for c in &world.countries {
        if !c.iso.is_empty() {
            outlines.entry(&c.iso).or_default().extend(rings(&c.d));
        }
    }
    let mut out = Vec::new();
    for (i, city) in dataset.cities.iter().enumerate() {
        let Some(rings) = outlines.get(city.country.as_str()) else {
            continue;
        };
        let p = world.projection.project(city.lon_deg, city.lat_deg);
        if !inside_or_near(rings, (p.x_px, p.y_px), COAST_TOLERANCE_PX) {
            out.push(
                Problem::new(Code::OutsideCountry, format!("cities[{i}]"), None)
                    .with("id", city.id.clone())
                    .with("lat", city.lat_deg.to_string())
                    .with("lon", city.lon_deg.to_string())
                    .with("country", city.country.clone()),
            );
        }
    }
    out
}

/// The closed rings of d3's absolute path text (`M x,yLx,y…Z`).
fn rings(d: &str) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for part in d.split('M').filter(|p| !p.trim().is_empty()) {
        let ring: Vec<(f64, f64)> = part
            .trim_end_matches('Z')
            .split('L')
            .filter_map(|pair| {
                let (x, y) = pair.split_once(',')?;
                Some((
                    x.trim().parse().ok()?,
                    y.trim().trim_end_matches('Z').parse().ok()?,
                ))
            })
            .collect();
        if ring.len() >= 3 {
            out.push(ring);
        }
    }
    out
}

/// Even-odd point in polygon over all rings (holes included), or within `tolerance` of an edge.
fn inside_or_near(rings: &[Vec<(f64, f64)>], (x, y): (f64, f64), tolerance: f64) -> bool {
    let mut inside = false;
    for ring in rings {
        for i in 0..ring.len() {
            let (x1, y1) = ring[i];
            let (x2, y2) = ring[(i + 1) % ring.len()];
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                inside = !inside;
            }
            if distance_to_segment((x, y), (x1, y1), (x2, y2)) <= tolerance {
                return true;
            }
        }
    }
    inside
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
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
    fn points_in_and_out_of_a_ring() {
        let square = vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]];
        assert!(inside_or_near(&square, (5.0, 5.0), 1.0));
        assert!(inside_or_near(&square, (10.5, 5.0), 1.0), "near the coast");
        assert!(!inside_or_near(&square, (20.0, 5.0), 1.0));
        assert_eq!(rings("M0,0L10,0L10,10ZM20,20L30,20L30,30Z").len(), 2);
    }

    #[test]
    fn the_example_lies_in_its_countries_and_colombo_in_sri_lanka_is_caught() {
        let world = World::parse(include_str!("../../../public/world.json")).unwrap();
        let example = include_str!("../../../public/data/example.json");
        let mut ds = crate::load(example).dataset.unwrap();
        assert_eq!(
            outside_country(&ds, &world),
            [],
            "the example's cities are where they belong"
        );
        // A Brazilian city drawn at Colombo, Sri Lanka (GeoNames 1248991: 6.93548, 79.84868).
        ds.cities[0].lat_deg = 6.93548;
        ds.cities[0].lon_deg = 79.84868;
        let problems = outside_country(&ds, &world);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].code, problems[0].path.as_str()),
            (Code::OutsideCountry, "cities[0]")
        );
    }
}
