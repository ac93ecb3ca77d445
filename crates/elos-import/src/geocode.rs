//! Names → GeoNames places, offline, and what was decided and why. The rule: a place is chosen
//! when it is the only one of that name (in the country and region given), or the largest by
//! far ([`DOMINANCE`]); otherwise the largest is used for the marker but the result is
//! [`Outcome::Ambiguous`] with the candidates, and the city is marked uncertain. Nothing is
//! chosen silently: every outcome goes into the report.

use elos_core::problem::edit_distance;
use elos_core::search::fold;

use crate::gazetteer::{Gazetteer, Place, Region};

/// The largest place is "clearly the one meant" only when it has at least this many times the
/// people of the next one of the same name. Ten times separates Milan (1.4 M) from Milan,
/// Tennessee (8,000), but not Marlboro, New Jersey (40,191) from Marlborough, Massachusetts
/// (39,818).
pub const DOMINANCE: u64 = 10;

/// How many candidates an ambiguous result lists.
pub const MAX_CANDIDATES: usize = 6;

/// What the cells say about a place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceInput {
    /// As written: "Marlboro (EUA)", "Milão, Itália", "Área Metropolitana de Barcelona".
    pub written: String,
    pub country: String,
    pub region: String,
    pub geonames_id: Option<u32>,
    /// (latitude, longitude) given in the sheet.
    pub coordinates: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    City,
    MetropolitanArea,
    /// An administrative region: a county, province, state or prefecture.
    Region,
}

impl PlaceKind {
    pub fn key(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::MetropolitanArea => "metropolitan_area",
            PlaceKind::Region => "region",
        }
    }
}

/// A place the clerk could have meant, as shown in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub region: String,
    pub country: String,
    pub population: u32,
    pub geonames_id: u32,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The sheet gave a GeoNames id.
    ById,
    /// The sheet gave coordinates; GeoNames was not asked.
    ByCoordinates,
    /// The only place of that name.
    Unique,
    /// The largest of several by far.
    Dominant { next: Candidate },
    /// No place has the name as written; one is spelt almost the same.
    Corrected { gazetteer_name: String },
    /// Several places could be meant; the marker is on the largest.
    Ambiguous { candidates: Vec<Candidate> },
    /// Nothing found: the row cannot be placed on the map.
    NotFound { elsewhere: Vec<Candidate> },
}

/// A qualifier in brackets or after a comma that was neither a known country nor a region.
#[derive(Debug, Clone, PartialEq)]
pub enum Remark {
    UnknownQualifier(String),
    UnknownCountry(String),
    UnknownRegion(String),
    CountryInferred(String),
    CountryConflict { column: String, qualifier: String },
    UnknownGeonamesId(u32),
    RegionNotMatched(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Geocoded {
    /// The name as written, without qualifiers: what the dataset calls it in the sheet's language.
    pub name: String,
    pub kind: PlaceKind,
    pub country: Option<String>,
    pub geonames_id: Option<u32>,
    /// (latitude, longitude) of the marker.
    pub coordinates: Option<(f64, f64)>,
    /// GeoNames' own name of the place the marker is at (the principal city for an area).
    pub gazetteer_name: Option<String>,
    pub outcome: Outcome,
    pub remarks: Vec<Remark>,
}

impl Geocoded {
    pub fn placed(&self) -> bool {
        self.coordinates.is_some() && self.country.is_some()
    }

    pub fn uncertain(&self) -> bool {
        matches!(self.outcome, Outcome::Ambiguous { .. })
    }
}

/// Words that say an entry is a metropolitan area or an administrative region, folded, as
/// prefixes ("área metropolitana de …") and suffixes ("… county").
const METRO_PREFIXES: &[&str] = &[
    "area metropolitana de ",
    "area metropolitana del ",
    "area metropolitana do ",
    "area metropolitana da ",
    "regiao metropolitana de ",
    "regiao metropolitana do ",
    "regiao metropolitana da ",
    "region metropolitana de ",
    "zona metropolitana de ",
    "zona metropolitana del ",
    "metropolitan area of ",
    "greater ",
    "grande ",
    "gran ",
];
const METRO_SUFFIXES: &[&str] = &[" metropolitan area", " metro area", " metropolitan region"];
const REGION_PREFIXES: &[&str] = &[
    "condado de ",
    "condado do ",
    "condado del ",
    "county of ",
    "provincia de ",
    "provincia do ",
    "provincia da ",
    "provincia del ",
    "provincia di ",
    "province of ",
    "prefeitura de ",
    "prefectura de ",
    "departamento de ",
    "departamento del ",
    "department of ",
    "estado de ",
    "estado do ",
    "estado da ",
    "state of ",
    "regiao de ",
    "region de ",
    "region of ",
];
const REGION_SUFFIXES: &[&str] = &[
    " county",
    " province",
    " prefecture",
    " department",
    " state",
];
/// "Cidade de X", "City of X": the words say nothing more than X, unless X alone is not found.
/// "Prefeitura de X" is also here: when X is not a (Japanese) prefecture it is X's city hall.
const CITY_PREFIXES: &[&str] = &[
    "prefeitura municipal de ",
    "prefeitura de ",
    "alcaldia de ",
    "municipalidad de ",
    "city hall of ",
    "cidade de ",
    "cidade do ",
    "ciudad de ",
    "city of ",
    "municipio de ",
    "comune di ",
    "ville de ",
];

/// The words a law or a page puts before a country or state: "Milão, *na* Itália", "Luanda,
/// *capital de* Angola", "Mendoza, *en* Argentina". Folded, longest first.
const CONNECTORS: &[&str] = &[
    "capital da ",
    "capital de ",
    "capital do ",
    "capital of ",
    "capital del ",
    "na ",
    "no ",
    "nas ",
    "nos ",
    "em ",
    "en ",
    "in ",
    "da ",
    "do ",
    "de ",
    "del ",
    "la ",
    "el ",
];

/// A qualifier without its leading connector words, in its written form.
fn without_connectors(qualifier: &str) -> &str {
    let mut q = qualifier.trim();
    loop {
        let folded = fold(q);
        let Some(c) = CONNECTORS.iter().find(|c| folded.starts_with(**c)) else {
            return q;
        };
        // Connectors are ASCII, so their folded length is their written length.
        match q.get(c.len()..) {
            Some(rest) if !rest.trim().is_empty() => q = rest.trim(),
            _ => return q,
        }
    }
}

/// Splits "Liverpool (England, United Kingdom)" and "Milão, Itália" into the name and its
/// qualifiers. A trailing ", X" is a qualifier only if X is a country or region; otherwise it
/// is part of the name.
pub fn split_qualifiers(written: &str, g: &Gazetteer) -> (String, Vec<String>) {
    let mut name = written.trim().to_owned();
    let mut qualifiers = Vec::new();
    while name.ends_with(')') {
        let Some(open) = name.rfind('(') else { break };
        let inside = name[open + 1..name.len() - 1].to_owned();
        qualifiers.splice(
            0..0,
            inside
                .split([',', ';', '/'])
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
        );
        name = name[..open].trim().to_owned();
    }
    while let Some((comma, mark)) = name
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, ',' | '-' | '–'))
    {
        let tail = without_connectors(&name[comma + mark.len_utf8()..]);
        let is_qualifier = !tail.is_empty()
            && (g.country(tail).is_some() || !g.regions_named(tail).is_empty())
            // "Castilla-La Mancha", "Saint-Étienne": a hyphen without spaces is part of a name.
            && (name[comma..].starts_with(',') || name[..comma].ends_with(' '));
        if !is_qualifier {
            break;
        }
        qualifiers.insert(0, tail.to_owned());
        name = name[..comma].trim().to_owned();
    }
    (name, qualifiers)
}

fn strip_affix<'a>(folded: &'a str, prefixes: &[&str], suffixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .or_else(|| suffixes.iter().find_map(|s| folded.strip_suffix(s)))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn candidate(g: &Gazetteer, p: &Place<'_>) -> Candidate {
    Candidate {
        name: p.name.to_owned(),
        region: g.region_name(p).unwrap_or("").to_owned(),
        country: p.country.to_owned(),
        population: p.population,
        geonames_id: p.geonames_id,
        lat_deg: p.lat_deg,
        lon_deg: p.lon_deg,
    }
}

/// Where the entry's qualifiers and columns narrow the search to.
#[derive(Debug, Default)]
struct Area {
    country: Option<String>,
    /// (admin1, admin2) codes; admin2 empty for a state.
    region: Option<(String, String)>,
}

impl Area {
    fn contains(&self, p: &Place<'_>) -> bool {
        self.country.as_deref().is_none_or(|c| c == p.country)
            && self
                .region
                .as_ref()
                .is_none_or(|(a1, a2)| a1 == p.admin1 && (a2.is_empty() || a2 == p.admin2))
    }
}

/// Geocodes one place.
pub fn geocode(input: &PlaceInput, g: &Gazetteer) -> Geocoded {
    let (name, qualifiers) = split_qualifiers(&input.written, g);
    let mut remarks = Vec::new();
    let mut area = Area::default();
    if !input.country.trim().is_empty() {
        match g.country(&input.country) {
            Some(c) => area.country = Some(c.iso2.clone()),
            None => remarks.push(Remark::UnknownCountry(input.country.trim().to_owned())),
        }
    }
    let mut region_words: Vec<String> = qualifiers.clone();
    if !input.region.trim().is_empty() {
        region_words.push(input.region.trim().to_owned());
    }
    for q in &region_words {
        let q = &without_connectors(q).to_owned();
        if let Some(c) = g.country(q) {
            match &area.country {
                Some(have) if *have != c.iso2 => remarks.push(Remark::CountryConflict {
                    column: have.clone(),
                    qualifier: q.clone(),
                }),
                _ => area.country = Some(c.iso2.clone()),
            }
            continue;
        }
        let regions: Vec<Region<'_>> = g
            .regions_named(q)
            .into_iter()
            .filter(|r| area.country.as_deref().is_none_or(|c| c == r.country))
            .collect();
        // A state's name is rarely shared within a country; across countries it may be
        // ("Georgia"), and then the region tells nothing.
        let first_level: Vec<&Region<'_>> =
            regions.iter().filter(|r| r.admin2.is_empty()).collect();
        let chosen = if first_level.len() == 1 {
            Some(*first_level[0])
        } else if regions.len() == 1 {
            Some(regions[0])
        } else {
            None
        };
        match chosen {
            Some(r) => {
                area.country.get_or_insert_with(|| r.country.to_owned());
                area.region = Some((r.admin1.to_owned(), r.admin2.to_owned()));
            }
            None if q == input.region.trim() => remarks.push(Remark::UnknownRegion(q.clone())),
            None => remarks.push(Remark::UnknownQualifier(q.clone())),
        }
    }

    let mut out = Geocoded {
        name: name.clone(),
        kind: PlaceKind::City,
        country: area.country.clone(),
        geonames_id: None,
        coordinates: None,
        gazetteer_name: None,
        outcome: Outcome::NotFound { elsewhere: vec![] },
        remarks,
    };

    let folded = fold(&name);
    // The kind first: an area's or region's point is that of the place its name refers to.
    if let Some(core) = strip_affix(&folded, METRO_PREFIXES, METRO_SUFFIXES) {
        // "Grande Prairie" and "Gran Canaria" are names, not areas: a place of the whole name wins.
        if find_places(&name, &area, g).is_empty() {
            out.kind = PlaceKind::MetropolitanArea;
            let core_name = original_tail(&name, core);
            return settle(out, &core_name, &area, input, g);
        }
    }
    if let Some(core) = strip_affix(&folded, REGION_PREFIXES, REGION_SUFFIXES) {
        let mut regions = g.regions_named(&name);
        if regions.is_empty() {
            regions = g.regions_named(&original_tail(&name, core));
        }
        regions.retain(|r| area.country.as_deref().is_none_or(|c| c == r.country));
        if !regions.is_empty() {
            out.kind = PlaceKind::Region;
            return settle_region(out, regions, g);
        }
    }
    let mut city_name = name.clone();
    if let Some(core) = strip_affix(&folded, CITY_PREFIXES, &[]) {
        if find_places(&name, &area, g).is_empty() {
            city_name = original_tail(&name, core);
        }
    }
    settle(out, &city_name, &area, input, g)
}

/// The last `folded_tail.len()`-ish characters of `name` in their written form: the affix was
/// found on the folded text, the dataset keeps the clerk's spelling.
fn original_tail(name: &str, folded_tail: &str) -> String {
    let words = folded_tail.split(' ').count();
    let all: Vec<&str> = name.split_whitespace().collect();
    if folded_tail.is_empty() || words > all.len() {
        return name.to_owned();
    }
    // Prefix form keeps the last words, suffix form the first ones.
    let last = all[all.len() - words..].join(" ");
    if fold(&last) == folded_tail {
        last
    } else {
        all[..words].join(" ")
    }
}

fn find_places<'g>(name: &str, area: &Area, g: &'g Gazetteer) -> Vec<Place<'g>> {
    g.places_named(name)
        .into_iter()
        .filter(|p| area.contains(p))
        .collect()
}

/// Finishes a city (or the principal city of an area): by id, coordinates or name.
fn settle(
    mut out: Geocoded,
    name: &str,
    area: &Area,
    input: &PlaceInput,
    g: &Gazetteer,
) -> Geocoded {
    if let Some(id) = input.geonames_id {
        if let Some(p) = g.place_by_geonames_id(id) {
            return place_at(out, &p, Outcome::ById);
        }
        out.remarks.push(Remark::UnknownGeonamesId(id));
        if input.coordinates.is_some() {
            out.geonames_id = Some(id);
        }
    }
    if let Some((lat, lon)) = input.coordinates {
        out.coordinates = Some((lat, lon));
        out.outcome = Outcome::ByCoordinates;
        if out.country.is_none() {
            out.remarks
                .push(Remark::UnknownCountry(input.country.clone()));
        }
        return out;
    }
    let mut places = find_places(name, area, g);
    if places.is_empty() && area.region.is_some() {
        // The region may be misspelt or wrong; the country still narrows the search.
        let wider = Area {
            country: area.country.clone(),
            region: None,
        };
        places = find_places(name, &wider, g);
        if !places.is_empty() {
            out.remarks
                .push(Remark::RegionNotMatched(input.region.clone()));
        }
    }
    match places.as_slice() {
        [] => {
            if let Some(country) = &area.country {
                if let Some(p) = closest_spelling(name, country, g) {
                    let gazetteer_name = p.name.to_owned();
                    return place_at(out, &p, Outcome::Corrected { gazetteer_name });
                }
            }
            let elsewhere = g
                .places_named(name)
                .iter()
                .take(MAX_CANDIDATES)
                .map(|p| candidate(g, p))
                .collect();
            out.outcome = Outcome::NotFound { elsewhere };
            out
        }
        [only] => {
            let only = *only;
            if area.country.is_none() {
                out.remarks
                    .push(Remark::CountryInferred(only.country.to_owned()));
            }
            place_at(out, &only, Outcome::Unique)
        }
        [first, second, ..] => {
            let (first, second) = (*first, *second);
            if u64::from(first.population) >= DOMINANCE * u64::from(second.population.max(1)) {
                if area.country.is_none() {
                    out.remarks
                        .push(Remark::CountryInferred(first.country.to_owned()));
                }
                let next = candidate(g, &second);
                place_at(out, &first, Outcome::Dominant { next })
            } else {
                let candidates = places
                    .iter()
                    .take(MAX_CANDIDATES)
                    .map(|p| candidate(g, p))
                    .collect();
                place_at(out, &first, Outcome::Ambiguous { candidates })
            }
        }
    }
}

fn place_at(mut out: Geocoded, p: &Place<'_>, outcome: Outcome) -> Geocoded {
    out.country = Some(p.country.to_owned());
    out.geonames_id = Some(p.geonames_id);
    out.coordinates = Some((p.lat_deg, p.lon_deg));
    out.gazetteer_name = Some(p.name.to_owned());
    out.outcome = outcome;
    out
}

/// A region's point is that of its most populous place in the gazetteer; its id is the
/// region's own GeoNames id.
fn settle_region(mut out: Geocoded, regions: Vec<Region<'_>>, g: &Gazetteer) -> Geocoded {
    let biggest = |r: &Region<'_>| {
        g.places_in(r.country)
            .find(|p| p.admin1 == r.admin1 && (r.admin2.is_empty() || p.admin2 == r.admin2))
    };
    let r = regions[0];
    let Some(seat) = biggest(&r) else {
        out.outcome = Outcome::NotFound { elsewhere: vec![] };
        return out;
    };
    let outcome = if regions.len() == 1 {
        Outcome::Unique
    } else {
        Outcome::Ambiguous {
            candidates: regions
                .iter()
                .take(MAX_CANDIDATES)
                .filter_map(|r| {
                    let seat = biggest(r)?;
                    let parent = if r.admin2.is_empty() {
                        ""
                    } else {
                        g.region(r.country, r.admin1, "").map_or("", |p| p.name)
                    };
                    Some(Candidate {
                        name: r.name.to_owned(),
                        region: parent.to_owned(),
                        country: r.country.to_owned(),
                        population: 0,
                        geonames_id: r.geonames_id,
                        lat_deg: seat.lat_deg,
                        lon_deg: seat.lon_deg,
                    })
                })
                .collect(),
        }
    };
    let mut out = place_at(out, &seat, outcome);
    if r.geonames_id != 0 {
        out.geonames_id = Some(r.geonames_id);
    }
    out
}

/// The one place in the country spelt within one or two letters of `name` (two for long
/// names), if exactly one is closest and not a tie.
fn closest_spelling<'g>(name: &str, country: &str, g: &'g Gazetteer) -> Option<Place<'g>> {
    let folded = fold(name);
    let len = folded.chars().count();
    if len < 5 {
        return None;
    }
    let limit = if len < 9 { 1 } else { 2 };
    let mut best: Vec<(usize, Place<'g>)> = Vec::new();
    for p in g.places_in(country) {
        let d = g
            .place_names(&p)
            // Folding changes a name's length by a few bytes at most (accents); skipping the
            // far longer and shorter ones first keeps a whole-country scan cheap.
            .filter(|n| {
                n.len() + 2 * limit + 6 >= folded.len() && n.len() <= folded.len() + 2 * limit + 6
            })
            // A misspelling rarely starts with the wrong letter; an accented first letter is
            // not judged here and goes on to the full comparison.
            .filter(
                |n| match (n.as_bytes().first(), folded.as_bytes().first()) {
                    (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => {
                        a.to_ascii_lowercase() == *b
                    }
                    _ => true,
                },
            )
            .map(fold)
            .filter(|n| n.len().abs_diff(folded.len()) <= limit)
            .map(|n| edit_distance(&folded, &n))
            .min()
            .unwrap_or(usize::MAX);
        if d <= limit {
            best.push((d, p));
        }
    }
    best.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.population.cmp(&a.1.population)));
    match best.as_slice() {
        [(_, only)] => Some(*only),
        [(d0, first), (d1, second), ..]
            if d0 < d1
                || u64::from(first.population)
                    >= DOMINANCE * u64::from(second.population.max(1)) =>
        {
            Some(*first)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::tests::synthetic;

    fn input(written: &str, country: &str) -> PlaceInput {
        PlaceInput {
            written: written.into(),
            country: country.into(),
            ..PlaceInput::default()
        }
    }

    #[test]
    fn splits_qualifiers() {
        let g = synthetic();
        assert_eq!(
            split_qualifiers("Twin (AA)", &g),
            ("Twin".into(), vec!["AA".into()])
        );
        assert_eq!(
            split_qualifiers("Twin (Northshire, Alphaland)", &g),
            ("Twin".into(), vec!["Northshire".into(), "Alphaland".into()])
        );
        assert_eq!(
            split_qualifiers("Portville, Betaland", &g),
            ("Portville".into(), vec!["Betaland".into()])
        );
        assert_eq!(
            split_qualifiers("Port-Gamma", &g),
            ("Port-Gamma".into(), vec![])
        );
    }

    #[test]
    fn chooses_only_when_clear() {
        let g = synthetic();
        let alias = geocode(&input("Pôrto Vila", ""), &g);
        assert_eq!(
            (alias.geonames_id, alias.outcome),
            (Some(100), Outcome::Unique),
            "an alternate name"
        );
        let port = geocode(&input("portville", ""), &g);
        assert_eq!(port.geonames_id, Some(100), "largest by far");
        assert!(matches!(port.outcome, Outcome::Dominant { .. }));
        assert_eq!(port.remarks, [Remark::CountryInferred("AA".into())]);

        let twin = geocode(&input("Twin (AA)", ""), &g);
        assert!(twin.uncertain(), "40,000 vs 39,000 is no choice");
        let Outcome::Ambiguous { candidates } = &twin.outcome else {
            panic!()
        };
        assert_eq!(candidates.len(), 2);
        assert_eq!(candidates[1].region, "Southshire");

        let south = geocode(&input("Twin", "Alfalândia"), &g);
        assert!(south.uncertain());
        let south = geocode(
            &PlaceInput {
                region: "Southshire".into(),
                ..input("Twin", "AA")
            },
            &g,
        );
        assert_eq!((south.geonames_id, south.uncertain()), (Some(102), false));

        let other = geocode(&input("Portville", "BB"), &g);
        assert_eq!(other.geonames_id, Some(200), "the country decides");
    }

    #[test]
    fn areas_regions_typos_and_failures() {
        let g = synthetic();
        let metro = geocode(&input("Área Metropolitana de Portville", "AA"), &g);
        assert_eq!(
            (metro.kind, metro.geonames_id),
            (PlaceKind::MetropolitanArea, Some(100))
        );
        let county = geocode(&input("Condado de Oak", "AA"), &g);
        assert_eq!(
            (county.kind, county.geonames_id),
            (PlaceKind::Region, Some(11))
        );
        assert_eq!(
            county.coordinates,
            Some((10.0, 20.0)),
            "its most populous place"
        );
        let typo = geocode(&input("Oakdal", "AA"), &g);
        assert!(matches!(typo.outcome, Outcome::Corrected { .. }));
        let missing = geocode(&input("Nowhere", "AA"), &g);
        assert!(!missing.placed());
        let elsewhere = geocode(&input("Oakdale", "BB"), &g);
        let Outcome::NotFound { elsewhere } = elsewhere.outcome else {
            panic!()
        };
        assert_eq!(elsewhere[0].country, "AA");
        let unknown = geocode(&input("Portville (Zeta)", ""), &g);
        assert_eq!(unknown.remarks[0], Remark::UnknownQualifier("Zeta".into()));
        let by_id = geocode(
            &PlaceInput {
                geonames_id: Some(103),
                ..input("Anything", "")
            },
            &g,
        );
        assert_eq!(
            (by_id.outcome, by_id.geonames_id),
            (Outcome::ById, Some(103))
        );
        let by_coords = geocode(
            &PlaceInput {
                coordinates: Some((1.5, 2.5)),
                ..input("Farm", "AA")
            },
            &g,
        );
        assert_eq!(by_coords.coordinates, Some((1.5, 2.5)));
    }
}
