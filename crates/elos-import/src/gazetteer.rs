//! The offline gazetteer: GeoNames places (population 1,000 or more), their administrative
//! divisions and country names in pt/es/en, read from `data/gazetteer.tsv` (made by
//! `scripts/data/import_gazetteer.py`; format documented there and in docs/import.md).
//!
//! Names are looked up folded (case and accents ignored, `elos_core::search::fold`), through
//! sorted tables of name hashes rather than a map of strings: half a million names stay a few
//! megabytes, which matters in the page's Web Worker. A hash hit is always confirmed against
//! the place's own names, so a collision can never pick a wrong place.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use elos_core::search::fold;

/// A byte range of the gazetteer's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span(u32, u32);

#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    pub geonames_id: u32,
    /// GeoNames' name (English).
    pub name: String,
    /// The name in English, Portuguese and Spanish, in that order.
    pub names: [String; 3],
}

impl Country {
    /// The country's name in a catalogue language (`pt-BR`, `es`…), English otherwise.
    pub fn name_in(&self, lang: &str) -> &str {
        match lang.split('-').next() {
            Some("pt") => &self.names[1],
            Some("es") => &self.names[2],
            _ => &self.names[0],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct RegionRec {
    country: [u8; 2],
    admin1: Span,
    admin2: Span,
    geonames_id: u32,
    name: Span,
    aliases: Span,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct PlaceRec {
    geonames_id: u32,
    name: Span,
    country: [u8; 2],
    admin1: Span,
    admin2: Span,
    population: u32,
    lat_deg: f64,
    lon_deg: f64,
    aliases: Span,
}

/// A populated place, as the importer shows it to the clerk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'g> {
    pub ix: u32,
    pub geonames_id: u32,
    pub name: &'g str,
    pub country: &'g str,
    pub admin1: &'g str,
    pub admin2: &'g str,
    pub population: u32,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// A first- (state, province) or second-level (county, district) administrative division.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region<'g> {
    pub ix: u32,
    pub country: &'g str,
    pub admin1: &'g str,
    /// Empty for a first-level division.
    pub admin2: &'g str,
    pub geonames_id: u32,
    pub name: &'g str,
}

/// A damaged gazetteer file (the page may have fetched a truncated one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub line: usize,
    pub message: &'static str,
}

impl std::error::Error for GazetteerError {}

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gazetteer line {}: {}", self.line, self.message)
    }
}

pub struct Gazetteer {
    text: Cow<'static, str>,
    countries: Vec<Country>,
    country_by_name: HashMap<String, u16>,
    regions: Vec<RegionRec>,
    region_names: Vec<(u64, u32)>,
    /// Region indices sorted by (country, admin1, admin2), searched without allocating: every
    /// candidate shown needs its state's name.
    region_by_code: Vec<u32>,
    places: Vec<PlaceRec>,
    place_names: Vec<(u64, u32)>,
    place_by_id: HashMap<u32, u32>,
    country_places: HashMap<[u8; 2], Range<u32>>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Gazetteer({} countries, {} regions, {} places)",
            self.countries.len(),
            self.regions.len(),
            self.places.len()
        )
    }
}

/// FNV-1a: tiny, and good enough to spread folded names; hits are confirmed anyway.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `hash(&fold(text))` without building the folded string when `text` is ASCII (most names):
/// reading the gazetteer hashes half a million names, and the allocations were most of it.
/// Must agree with `fold` exactly; a test compares the two on every name of the file.
fn folded_hash(text: &str) -> u64 {
    if !text.is_ascii() {
        return hash(&fold(text));
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut push = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    // As `fold`: lower case, `.` and `'` dropped, runs of spaces, `-` and `_` one space,
    // none at the start or the end.
    let mut pending_space = false;
    let mut started = false;
    for b in text.bytes() {
        match b {
            b'.' | b'\'' => {}
            b'-' | b'_' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => {
                pending_space = started;
            }
            _ => {
                if pending_space {
                    push(b' ');
                    pending_space = false;
                }
                push(b.to_ascii_lowercase());
                started = true;
            }
        }
    }
    h
}

/// Country names people write that the packages' lists lack: abbreviations used in Brazilian
/// and Spanish-speaking offices, and the United Kingdom's four countries (a clerk writes
/// "Liverpool (Inglaterra)"). Each maps to an ISO 3166-1 code.
const EXTRA_COUNTRY_NAMES: &[(&str, &str)] = &[
    ("EUA", "US"),
    ("E.U.A.", "US"),
    ("EE.UU.", "US"),
    ("EEUU", "US"),
    ("U.S.A.", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Grã-Bretanha", "GB"),
    ("Gran Bretaña", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Inglaterra", "GB"),
    ("Scotland", "GB"),
    ("Escócia", "GB"),
    ("Escocia", "GB"),
    ("Wales", "GB"),
    ("País de Gales", "GB"),
    ("Gales", "GB"),
    ("Northern Ireland", "GB"),
    ("Irlanda do Norte", "GB"),
    ("Irlanda del Norte", "GB"),
    ("Holanda", "NL"),
    ("Holland", "NL"),
];

impl Gazetteer {
    /// The gazetteer built into the CLI.
    #[cfg(feature = "embedded-gazetteer")]
    pub fn embedded() -> Self {
        Self::parse(Cow::Borrowed(include_str!("../data/gazetteer.tsv")))
            .expect("the bundled gazetteer is tested")
    }

    /// Reads the gazetteer's text (the page passes the file it fetched).
    pub fn parse(text: Cow<'static, str>) -> Result<Self, GazetteerError> {
        let mut g = Gazetteer {
            text: Cow::Borrowed(""),
            countries: Vec::new(),
            country_by_name: HashMap::new(),
            regions: Vec::new(),
            region_names: Vec::new(),
            region_by_code: Vec::new(),
            places: Vec::new(),
            place_names: Vec::new(),
            place_by_id: HashMap::new(),
            country_places: HashMap::new(),
        };
        let base = text.as_ptr() as usize;
        let span = |s: &str| Span((s.as_ptr() as usize - base) as u32, s.len() as u32);
        let mut country_names: Vec<(String, u16)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let err = |message| GazetteerError {
                line: i + 1,
                message,
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let code2 = |s: &str| -> Result<[u8; 2], GazetteerError> {
                <[u8; 2]>::try_from(s.as_bytes()).map_err(|_| err("a country code has two letters"))
            };
            match f.as_slice() {
                ["C", iso2, iso3, id, name, en, pt, es, aliases] => {
                    let ix = g.countries.len() as u16;
                    g.countries.push(Country {
                        iso2: (*iso2).to_owned(),
                        iso3: (*iso3).to_owned(),
                        geonames_id: id.parse().map_err(|_| err("bad GeoNames id"))?,
                        name: (*name).to_owned(),
                        names: [(*en).to_owned(), (*pt).to_owned(), (*es).to_owned()],
                    });
                    for n in [*iso2, *iso3, *name, *en, *pt, *es]
                        .into_iter()
                        .chain(aliases.split('|'))
                    {
                        if !n.is_empty() {
                            country_names.push((fold(n), ix));
                        }
                    }
                }
                ["R", country, admin1, admin2, id, name, aliases] => {
                    let ix = g.regions.len() as u32;
                    g.regions.push(RegionRec {
                        country: code2(country)?,
                        admin1: span(admin1),
                        admin2: span(admin2),
                        geonames_id: id.parse().unwrap_or(0),
                        name: span(name),
                        aliases: span(aliases),
                    });
                    g.region_by_code.push(ix);
                    for n in std::iter::once(*name).chain(aliases.split('|')) {
                        if !n.is_empty() {
                            g.region_names.push((folded_hash(n), ix));
                        }
                    }
                    // Two- or three-letter first-level codes are how people write US states,
                    // Canadian provinces… ("Marlboro, NJ"); numeric codes (Brazil's "15") are not.
                    if admin2.is_empty()
                        && (2..=3).contains(&admin1.len())
                        && admin1.bytes().all(|b| b.is_ascii_uppercase())
                    {
                        g.region_names.push((folded_hash(admin1), ix));
                    }
                }
                ["P", id, name, country, admin1, admin2, population, lat, lon, aliases] => {
                    let ix = g.places.len() as u32;
                    let rec = PlaceRec {
                        geonames_id: id.parse().map_err(|_| err("bad GeoNames id"))?,
                        name: span(name),
                        country: code2(country)?,
                        admin1: span(admin1),
                        admin2: span(admin2),
                        population: population.parse().map_err(|_| err("bad population"))?,
                        lat_deg: lat.parse().map_err(|_| err("bad latitude"))?,
                        lon_deg: lon.parse().map_err(|_| err("bad longitude"))?,
                        aliases: span(aliases),
                    };
                    g.place_by_id.insert(rec.geonames_id, ix);
                    g.country_places
                        .entry(rec.country)
                        .and_modify(|r| r.end = ix + 1)
                        .or_insert(ix..ix + 1);
                    g.place_names.push((folded_hash(name), ix));
                    for a in aliases.split('|').filter(|a| !a.is_empty()) {
                        g.place_names.push((folded_hash(a), ix));
                    }
                    g.places.push(rec);
                }
                _ => return Err(err("unknown record")),
            }
        }
        for (name, code) in EXTRA_COUNTRY_NAMES {
            if let Some(ix) = g.countries.iter().position(|c| c.iso2 == *code) {
                country_names.push((fold(name), ix as u16));
            }
        }
        // First entry wins: a country's own code and names come before other countries' aliases.
        for (name, ix) in country_names {
            g.country_by_name.entry(name).or_insert(ix);
        }
        g.place_names.sort_unstable();
        g.place_names.dedup();
        g.region_names.sort_unstable();
        g.region_names.dedup();
        g.text = text;
        // Spans point into the text, so the codes can only be compared once it is in place.
        let mut by_code = std::mem::take(&mut g.region_by_code);
        by_code.sort_by(|&a, &b| g.region_code(a).cmp(&g.region_code(b)));
        g.region_by_code = by_code;
        Ok(g)
    }

    fn str(&self, s: Span) -> &str {
        &self.text[s.0 as usize..(s.0 + s.1) as usize]
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    pub fn place_count(&self) -> usize {
        self.places.len()
    }

    /// A country from its ISO code (alpha-2 or alpha-3) or its name in pt, es or en.
    pub fn country(&self, written: &str) -> Option<&Country> {
        let key = fold(written.trim().trim_matches(['(', ')', '.']));
        let key = if key.is_empty() { fold(written) } else { key };
        self.country_by_name
            .get(&key)
            .map(|&ix| &self.countries[usize::from(ix)])
    }

    pub fn country_by_code(&self, iso2: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso2 == iso2)
    }

    fn place_at(&self, ix: u32) -> Place<'_> {
        let p = &self.places[ix as usize];
        Place {
            ix,
            geonames_id: p.geonames_id,
            name: self.str(p.name),
            country: std::str::from_utf8(&p.country).unwrap_or(""),
            admin1: self.str(p.admin1),
            admin2: self.str(p.admin2),
            population: p.population,
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
        }
    }

    fn region_at(&self, ix: u32) -> Region<'_> {
        let r = &self.regions[ix as usize];
        Region {
            ix,
            country: std::str::from_utf8(&r.country).unwrap_or(""),
            admin1: self.str(r.admin1),
            admin2: self.str(r.admin2),
            geonames_id: r.geonames_id,
            name: self.str(r.name),
        }
    }

    pub fn place_by_geonames_id(&self, id: u32) -> Option<Place<'_>> {
        self.place_by_id.get(&id).map(|&ix| self.place_at(ix))
    }

    /// The names a place answers to: its GeoNames name and the alternate names kept.
    pub fn place_names(&self, place: &Place<'_>) -> impl Iterator<Item = &str> {
        let p = &self.places[place.ix as usize];
        std::iter::once(self.str(p.name))
            .chain(self.str(p.aliases).split('|').filter(|a| !a.is_empty()))
    }

    fn hits<'t>(table: &'t [(u64, u32)], folded: &str) -> impl Iterator<Item = u32> + 't {
        let h = hash(folded);
        let start = table.partition_point(|&(k, _)| k < h);
        table[start..]
            .iter()
            .take_while(move |&&(k, _)| k == h)
            .map(|&(_, ix)| ix)
    }

    /// Places one of whose names folds to `name`'s fold, most populous first.
    pub fn places_named(&self, name: &str) -> Vec<Place<'_>> {
        let folded = fold(name);
        let mut out: Vec<Place<'_>> = Self::hits(&self.place_names, &folded)
            .map(|ix| self.place_at(ix))
            .filter(|p| self.place_names(p).any(|n| fold(n) == folded))
            .collect();
        out.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.geonames_id.cmp(&b.geonames_id))
        });
        out.dedup_by_key(|p| p.ix);
        out
    }

    /// The places of a country, most populous first (the file's order).
    pub fn places_in(&self, iso2: &str) -> impl Iterator<Item = Place<'_>> {
        let range = <[u8; 2]>::try_from(iso2.as_bytes())
            .ok()
            .and_then(|c| self.country_places.get(&c).cloned())
            .unwrap_or(0..0);
        range.map(|ix| self.place_at(ix))
    }

    /// Divisions one of whose names (or, for a state, its letter code) folds to `name`'s fold.
    pub fn regions_named(&self, name: &str) -> Vec<Region<'_>> {
        let folded = fold(name);
        let mut out: Vec<Region<'_>> = Self::hits(&self.region_names, &folded)
            .map(|ix| self.region_at(ix))
            .filter(|r| {
                let rec = &self.regions[r.ix as usize];
                fold(r.name) == folded
                    || self.str(rec.aliases).split('|').any(|a| fold(a) == folded)
                    || (r.admin2.is_empty() && fold(r.admin1) == folded)
            })
            .collect();
        out.dedup_by_key(|r| r.ix);
        out
    }

    fn region_code(&self, ix: u32) -> (&[u8], &str, &str) {
        let r = &self.regions[ix as usize];
        (&r.country, self.str(r.admin1), self.str(r.admin2))
    }

    /// The division a place code names (`"US", "NJ", ""` is New Jersey).
    pub fn region(&self, country: &str, admin1: &str, admin2: &str) -> Option<Region<'_>> {
        let want = (country.as_bytes(), admin1, admin2);
        self.region_by_code
            .binary_search_by(|&ix| self.region_code(ix).cmp(&want))
            .ok()
            .map(|i| self.region_at(self.region_by_code[i]))
    }

    /// The first-level division's name of a place, for telling candidates apart.
    pub fn region_name(&self, place: &Place<'_>) -> Option<&str> {
        self.region(place.country, place.admin1, "").map(|r| r.name)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A hand-made gazetteer in the real file's format. Synthetic: names, ids and numbers are
    /// made up for the tests (no real place is described).
    pub const SYNTHETIC: &str = "# synthetic test gazetteer
C\tAA\tAAA\t1\tAlphaland\tAlphaland\tAlfalândia\tAlfalandia\t
C\tBB\tBBB\t2\tBetaland\tBetaland\tBetalândia\tBetalandia\t
R\tAA\tNO\t\t10\tNorthshire\tNortecondado
R\tAA\tNO\t001\t11\tOak County\tCondado de Oak|Oak
R\tAA\tSO\t\t12\tSouthshire\t
P\t100\tPortville\tAA\tNO\t001\t500000\t10.0000\t20.0000\tPorto Vila|Portovila
P\t101\tTwin\tAA\tNO\t001\t40000\t11.0000\t21.0000\t
P\t102\tTwin\tAA\tSO\t\t39000\t12.0000\t22.0000\t
P\t103\tOakdale\tAA\tNO\t001\t3000\t13.0000\t23.0000\t
P\t200\tPortville\tBB\t01\t\t2000\t30.0000\t40.0000\t
";

    pub fn synthetic() -> Gazetteer {
        Gazetteer::parse(Cow::Borrowed(SYNTHETIC)).unwrap()
    }

    #[test]
    fn finds_places_countries_and_regions() {
        let g = synthetic();
        assert_eq!(g.country("Alfalândia").unwrap().iso2, "AA");
        assert_eq!(g.country("bbb").unwrap().iso2, "BB");
        assert_eq!(g.country("(AA)").unwrap().iso2, "AA");
        assert_eq!(
            g.country("Alfalandia").unwrap().name_in("pt-BR"),
            "Alfalândia"
        );
        assert_eq!(g.country("AA").unwrap().name_in("es"), "Alfalandia");
        assert!(g.country("Gammaland").is_none());
        let ports: Vec<u32> = g
            .places_named("PORTVILLE")
            .iter()
            .map(|p| p.geonames_id)
            .collect();
        assert_eq!(ports, [100, 200], "most populous first");
        assert_eq!(g.places_named("Pôrto Vila")[0].geonames_id, 100);
        assert_eq!(g.places_named("Twin").len(), 2);
        assert_eq!(g.regions_named("Condado de Oak")[0].geonames_id, 11);
        assert_eq!(g.regions_named("no")[0].name, "Northshire");
        assert_eq!(
            g.region_name(&g.place_by_geonames_id(102).unwrap()),
            Some("Southshire")
        );
        assert_eq!(g.places_in("AA").count(), 4);
    }

    #[test]
    fn the_quick_hash_folds_like_fold() {
        let real = include_str!("../data/gazetteer.tsv");
        let mut names = vec![
            "  A-b_c  d. o'Neil ",
            "X\u{0b}Y",
            "-lead",
            "trail-",
            "Ab..c",
            "a - b",
        ];
        names.extend(
            real.lines()
                .flat_map(|l| l.split(['\t', '|']))
                .filter(|n| n.is_ascii()),
        );
        for name in names {
            assert_eq!(folded_hash(name), hash(&fold(name)), "{name:?}");
        }
    }

    #[test]
    fn refuses_a_damaged_file() {
        let e = Gazetteer::parse(Cow::Borrowed("C\tAA\n")).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
