//! Filters over a home city's links, with the count each option would give, and the figures
//! of the statistics panel. The map, the timeline, the table and the statistics all take the
//! same filtered links, so they always agree.
//!
//! Filters are kept as plain keys and ids (not indices) so they round-trip through the URL
//! whatever dataset is loaded; values the dataset does not know are reported by
//! [`Filters::unknown_values`] and then simply match nothing.

use crate::date::PartialDate;
use crate::links::Link;
use crate::model::{CityIx, Dataset, LinkKind, NetworkIx, Party, Status};
use crate::query::{Ignored, Reason};

/// A continent, by the usual two-letter code (as in GeoNames' country list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Continent {
    Africa,
    Antarctica,
    Asia,
    Europe,
    NorthAmerica,
    Oceania,
    SouthAmerica,
}

impl Continent {
    pub const ALL: [Continent; 7] = [
        Continent::Africa,
        Continent::Antarctica,
        Continent::Asia,
        Continent::Europe,
        Continent::NorthAmerica,
        Continent::Oceania,
        Continent::SouthAmerica,
    ];

    /// Two-letter code used in URLs and message catalogues (`continent.SA`).
    pub fn key(self) -> &'static str {
        match self {
            Continent::Africa => "AF",
            Continent::Antarctica => "AN",
            Continent::Asia => "AS",
            Continent::Europe => "EU",
            Continent::NorthAmerica => "NA",
            Continent::Oceania => "OC",
            Continent::SouthAmerica => "SA",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(key))
    }

    /// The continent of an ISO 3166-1 alpha-2 country code, from the `countries-list` package
    /// (see `scripts/data/continents.mjs`). `None` for a code it does not know.
    pub fn of_country(iso2: &str) -> Option<Self> {
        const TABLE: &[u8] = include_bytes!("../data/continents.txt");
        // Lines are "CC XX\n", sorted by country: six bytes each.
        const LINE: usize = 6;
        let iso2 = iso2.as_bytes();
        if iso2.len() != 2 {
            return None;
        }
        let upper = [iso2[0].to_ascii_uppercase(), iso2[1].to_ascii_uppercase()];
        // A binary search over the lines in place: this runs for every link a filter or the
        // statistics look at, so it must not collect the table first.
        let (mut lo, mut hi) = (0, TABLE.len() / LINE);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let line = &TABLE[mid * LINE..mid * LINE + LINE];
            match line[..2].cmp(&upper[..]) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return std::str::from_utf8(&line[3..5])
                        .ok()
                        .and_then(Self::from_key)
                }
            }
        }
        None
    }
}

/// An option key as stored: country and continent codes in upper case.
fn canonical(facet: Facet, key: &str) -> String {
    match facet {
        Facet::Country | Facet::Continent => key.to_ascii_uppercase(),
        _ => key.to_owned(),
    }
}

/// One group of options in the filter panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    Kind,
    Theme,
    Country,
    Continent,
    Status,
    Network,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Kind,
        Facet::Theme,
        Facet::Country,
        Facet::Continent,
        Facet::Status,
        Facet::Network,
    ];

    /// The URL parameter (and catalogue key `filter.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Facet::Kind => "kind",
            Facet::Theme => "theme",
            Facet::Country => "country",
            Facet::Continent => "continent",
            Facet::Status => "status",
            Facet::Network => "network",
        }
    }
}

/// What the person chose. An empty group does not filter; within a group, options are
/// alternatives (a link matches one of them); between groups, all must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    pub kinds: Vec<LinkKind>,
    /// Theme keys as in the dataset (`culture`, …).
    pub themes: Vec<String>,
    /// ISO 3166-1 alpha-2, upper case: the partner city's country.
    pub countries: Vec<String>,
    pub continents: Vec<Continent>,
    pub statuses: Vec<Status>,
    /// Network ids: the membership itself, and partner cities that belong to the network.
    pub networks: Vec<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        Facet::ALL.iter().all(|f| self.count(*f) == 0)
    }

    /// How many options are chosen in a group.
    pub fn count(&self, facet: Facet) -> usize {
        match facet {
            Facet::Kind => self.kinds.len(),
            Facet::Theme => self.themes.len(),
            Facet::Country => self.countries.len(),
            Facet::Continent => self.continents.len(),
            Facet::Status => self.statuses.len(),
            Facet::Network => self.networks.len(),
        }
    }

    pub fn total(&self) -> usize {
        Facet::ALL.iter().map(|f| self.count(*f)).sum()
    }

    /// The chosen option keys of a group, as written in the URL.
    pub fn keys(&self, facet: Facet) -> Vec<String> {
        match facet {
            Facet::Kind => self.kinds.iter().map(|k| k.key().to_owned()).collect(),
            Facet::Theme => self.themes.clone(),
            Facet::Country => self.countries.clone(),
            Facet::Continent => self.continents.iter().map(|c| c.key().to_owned()).collect(),
            Facet::Status => self.statuses.iter().map(|s| s.key().to_owned()).collect(),
            Facet::Network => self.networks.clone(),
        }
    }

    pub fn has(&self, facet: Facet, key: &str) -> bool {
        self.keys(facet).iter().any(|k| k == key)
    }

    /// Adds or removes one option (by its key); unknown kind, status or continent keys are
    /// ignored. Keeps options in the order they were chosen.
    pub fn toggle(&mut self, facet: Facet, key: &str) {
        fn flip<T: PartialEq>(list: &mut Vec<T>, value: T) {
            if let Some(i) = list.iter().position(|v| *v == value) {
                list.remove(i);
            } else {
                list.push(value);
            }
        }
        match facet {
            Facet::Kind => {
                if let Some(k) = LinkKind::from_key(key) {
                    flip(&mut self.kinds, k)
                }
            }
            Facet::Theme => flip(&mut self.themes, key.to_owned()),
            Facet::Country => flip(&mut self.countries, key.to_ascii_uppercase()),
            Facet::Continent => {
                if let Some(c) = Continent::from_key(key) {
                    flip(&mut self.continents, c)
                }
            }
            Facet::Status => {
                if let Some(s) = Status::from_key(key) {
                    flip(&mut self.statuses, s)
                }
            }
            Facet::Network => flip(&mut self.networks, key.to_owned()),
        }
    }

    pub fn clear(&mut self, facet: Facet) {
        match facet {
            Facet::Kind => self.kinds.clear(),
            Facet::Theme => self.themes.clear(),
            Facet::Country => self.countries.clear(),
            Facet::Continent => self.continents.clear(),
            Facet::Status => self.statuses.clear(),
            Facet::Network => self.networks.clear(),
        }
    }

    /// Whether a kind is drawn: the legend's toggles and the kind filter are one setting.
    pub fn shows_kind(&self, kind: LinkKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// The legend's toggle: hides a shown kind or shows a hidden one. Hiding a kind while no
    /// kind filter is set keeps every other kind; showing the last hidden kind clears the filter.
    pub fn toggle_kind_shown(&mut self, kind: LinkKind, present: &[LinkKind]) {
        if self.kinds.is_empty() {
            self.kinds = present.iter().copied().filter(|k| *k != kind).collect();
            if self.kinds.is_empty() {
                // Hiding the only kind there is: show nothing of it, keep a filter that says so.
                self.kinds = LinkKind::ALL.into_iter().filter(|k| *k != kind).collect();
            }
        } else {
            self.toggle(Facet::Kind, kind.key());
            if present.iter().all(|k| self.kinds.contains(k)) {
                self.kinds.clear();
            }
        }
    }

    /// Reads the filters from URL parameters (`get("kind")` → `"sister_city,diplomatic"`).
    /// Keys that are not valid for any dataset (an unknown kind, status or continent) are
    /// returned as ignored; ids that only a dataset can judge are checked by
    /// [`Filters::unknown_values`].
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<Ignored>) {
        let mut filters = Filters::default();
        let mut ignored = Vec::new();
        for facet in Facet::ALL {
            let Some(value) = get(facet.key()) else {
                continue;
            };
            for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let valid = match facet {
                    Facet::Kind => LinkKind::from_key(part).is_some(),
                    Facet::Status => Status::from_key(part).is_some(),
                    Facet::Continent => Continent::from_key(part).is_some(),
                    Facet::Country => {
                        part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic())
                    }
                    Facet::Theme | Facet::Network => true,
                };
                if !valid {
                    ignored.push(Ignored::new(facet.key(), part, Reason::UnknownOption));
                } else if !filters.has(facet, &canonical(facet, part)) {
                    filters.toggle(facet, part);
                }
            }
        }
        (filters, ignored)
    }

    /// The URL parameters for these filters, in a fixed order; empty groups are left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        Facet::ALL
            .into_iter()
            .filter(|f| self.count(*f) > 0)
            .map(|f| (f.key(), self.keys(f).join(",")))
            .collect()
    }

    /// Themes, countries and networks the dataset never mentions (a stale link, a typo).
    pub fn unknown_values(&self, ds: &Dataset) -> Vec<Ignored> {
        let mut out = Vec::new();
        for t in &self.themes {
            if !ds.cooperations.iter().any(|c| c.themes.contains(t)) {
                out.push(Ignored::new("theme", t, Reason::NotInDataset));
            }
        }
        for c in &self.countries {
            if !ds.cities.iter().any(|city| city.country == *c) {
                out.push(Ignored::new("country", c, Reason::NotInDataset));
            }
        }
        for n in &self.networks {
            if !ds.networks.iter().any(|b| b.id == *n) {
                out.push(Ignored::new("network", n, Reason::NotInDataset));
            }
        }
        out
    }

    /// These filters without the values the dataset does not know.
    pub fn without(&self, ignored: &[Ignored]) -> Self {
        let mut f = self.clone();
        for i in ignored {
            let drop = |list: &mut Vec<String>| list.retain(|v| *v != i.value);
            match i.param {
                "theme" => drop(&mut f.themes),
                "country" => drop(&mut f.countries),
                "network" => drop(&mut f.networks),
                _ => {}
            }
        }
        f
    }
}

/// What a link offers to each group, computed once per dataset.
#[derive(Debug, PartialEq)]
pub struct FilterIndex {
    /// For each city, the networks it is a member of (by a network-membership cooperation).
    city_networks: Vec<Vec<NetworkIx>>,
    /// For each city, its continent's key (looked up once, not once per link and count).
    city_continent: Vec<Option<&'static str>>,
}

impl FilterIndex {
    pub fn new(ds: &Dataset) -> Self {
        let mut city_networks = vec![Vec::new(); ds.cities.len()];
        for coop in &ds.cooperations {
            let networks: Vec<NetworkIx> = coop
                .parties
                .iter()
                .filter_map(|p| match p {
                    Party::Network(n) => Some(*n),
                    _ => None,
                })
                .collect();
            for p in &coop.parties {
                if let Party::City(c) = p {
                    let list: &mut Vec<NetworkIx> = &mut city_networks[c.0];
                    for n in &networks {
                        if !list.contains(n) {
                            list.push(*n);
                        }
                    }
                }
            }
        }
        let city_continent = ds
            .cities
            .iter()
            .map(|c| Continent::of_country(&c.country).map(Continent::key))
            .collect();
        Self {
            city_networks,
            city_continent,
        }
    }

    /// The networks a link belongs to: the network itself for a membership, the partner
    /// city's networks for a city.
    pub fn networks_of(&self, link: &Link) -> Vec<NetworkIx> {
        match link.partner {
            Party::Network(n) => vec![n],
            Party::City(c) => self.city_networks[c.0].clone(),
            Party::Organisation(_) => Vec::new(),
        }
    }
}

/// The partner's country: a city's own, a network's or organisation's headquarters city's when
/// the data gives one.
pub fn partner_country<'a>(ds: &'a Dataset, link: &Link) -> Option<&'a str> {
    partner_city(ds, link).map(|c| ds.city(c).country.as_str())
}

fn partner_city(ds: &Dataset, link: &Link) -> Option<CityIx> {
    match link.partner {
        Party::City(c) => Some(c),
        Party::Network(n) => ds.network(n).headquarters,
        Party::Organisation(o) => ds.organisation(o).headquarters,
    }
}

/// The option keys a link has in one group (a link may have several themes).
pub fn option_keys(ds: &Dataset, index: &FilterIndex, link: &Link, facet: Facet) -> Vec<String> {
    borrowed_keys(ds, index, link, facet)
        .as_slice()
        .iter()
        .map(|k| (*k).to_owned())
        .collect()
}

/// A link's option keys in one group: most groups give one key or none, so those need no
/// allocation (26,000 links × 6 groups on every count).
#[derive(Debug, Clone)]
enum Keys<'a> {
    One(Option<&'a str>),
    Many(Vec<&'a str>),
}

impl<'a> Keys<'a> {
    fn as_slice(&self) -> &[&'a str] {
        match self {
            Keys::One(Some(k)) => std::slice::from_ref(k),
            Keys::One(None) => &[],
            Keys::Many(v) => v,
        }
    }
}

/// [`option_keys`] borrowed from the dataset: filtering and counting look at every key of
/// every link, and copying each one cost more than the filtering itself.
fn borrowed_keys<'a>(
    ds: &'a Dataset,
    index: &'a FilterIndex,
    link: &Link,
    facet: Facet,
) -> Keys<'a> {
    let coop = ds.cooperation(link.cooperation);
    match facet {
        Facet::Kind => Keys::One(Some(coop.kind.key())),
        Facet::Theme => Keys::Many(coop.themes.iter().map(String::as_str).collect()),
        Facet::Country => Keys::One(partner_country(ds, link)),
        Facet::Continent => {
            Keys::One(partner_city(ds, link).and_then(|c| index.city_continent[c.0]))
        }
        Facet::Status => Keys::One(Some(coop.status.key())),
        Facet::Network => match link.partner {
            Party::Network(n) => Keys::One(Some(ds.network(n).id.as_str())),
            Party::City(c) => Keys::Many(
                index.city_networks[c.0]
                    .iter()
                    .map(|n| ds.network(*n).id.as_str())
                    .collect(),
            ),
            Party::Organisation(_) => Keys::One(None),
        },
    }
}

fn chosen_keys(filters: &Filters) -> [Vec<String>; 6] {
    Facet::ALL.map(|f| filters.keys(f))
}

/// The links that pass every group, in their order.
pub fn apply(ds: &Dataset, index: &FilterIndex, filters: &Filters, links: &[Link]) -> Vec<Link> {
    if filters.is_empty() {
        return links.to_vec();
    }
    KeyTable::new(ds, index, links).apply(filters)
}

/// One option of a group with the number of links it would show, given the other groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionCount {
    pub key: String,
    pub count: usize,
    pub chosen: bool,
}

/// For each group, its options among `links` (plus any chosen option that has none), each
/// with how many links choosing it would show together with the other groups' choices. This
/// is the usual faceted count: choosing more options in one group only ever adds links.
/// Options are ordered by count (most first), then key.
pub fn facet_counts(
    ds: &Dataset,
    index: &FilterIndex,
    filters: &Filters,
    links: &[Link],
) -> Vec<(Facet, Vec<OptionCount>)> {
    KeyTable::new(ds, index, links).facet_counts(filters)
}

/// How many options a long group shows until the person asks for all of them (a country
/// group of a world-wide list has 200): the ones with the most links come first.
pub const FOLDED_OPTIONS: usize = 8;

/// The options a group shows, in their order, and how many it leaves out. A group folds only
/// when it has more than two options past [`FOLDED_OPTIONS`] (a button to reveal one or two
/// would cost more than it saves); folded, it shows the first [`FOLDED_OPTIONS`] and every
/// chosen option after them, so a choice never disappears from the panel.
pub fn shown_options(options: &[OptionCount], unfolded: bool) -> (Vec<&OptionCount>, usize) {
    if unfolded || options.len() <= FOLDED_OPTIONS + 2 {
        return (options.iter().collect(), 0);
    }
    let shown: Vec<&OptionCount> = options
        .iter()
        .enumerate()
        .filter(|(i, o)| *i < FOLDED_OPTIONS || o.chosen)
        .map(|(_, o)| o)
        .collect();
    let hidden = options.len() - shown.len();
    (shown, hidden)
}

/// A list of links with each one's option keys in every group, as small numbers: made once
/// per dataset and home city, so that a filter change only compares and counts numbers
/// (26,000 links × 6 groups on every change) instead of looking each key up again.
#[derive(Debug, Clone, Default)]
pub struct KeyTable {
    links: Vec<Link>,
    groups: [Group; 6],
}

/// One group's options (a number is a position in `names`) and every link's options in it:
/// link `i` has `ids[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, Default)]
struct Group {
    names: Vec<String>,
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl Group {
    fn of(&self, link: usize) -> &[u32] {
        &self.ids[self.starts[link] as usize..self.starts[link + 1] as usize]
    }

    /// Which options are chosen, by number (a chosen key the links do not have matches none),
    /// or `None` when the group has no choice.
    fn wanted(&self, chosen: &[String]) -> Option<Vec<bool>> {
        (!chosen.is_empty()).then(|| {
            self.names
                .iter()
                .map(|n| chosen.iter().any(|c| c == n))
                .collect()
        })
    }
}

fn passes_ids(ids: &[u32], wanted: &Option<Vec<bool>>) -> bool {
    match wanted {
        None => true,
        Some(w) => ids.iter().any(|i| w[*i as usize]),
    }
}

impl KeyTable {
    pub fn new(ds: &Dataset, index: &FilterIndex, links: &[Link]) -> Self {
        let groups = Facet::ALL.map(|facet| {
            let mut numbers: rustc_hash::FxHashMap<&str, u32> = Default::default();
            let mut group = Group {
                starts: Vec::with_capacity(links.len() + 1),
                ..Group::default()
            };
            group.starts.push(0);
            for link in links {
                for key in borrowed_keys(ds, index, link, facet).as_slice() {
                    let next = numbers.len() as u32;
                    let id = *numbers.entry(key).or_insert_with(|| {
                        group.names.push((*key).to_owned());
                        next
                    });
                    // A key twice in one link (a theme written twice) counts once.
                    let from = *group.starts.last().unwrap_or(&0) as usize;
                    if !group.ids[from..].contains(&id) {
                        group.ids.push(id);
                    }
                }
                group.starts.push(group.ids.len() as u32);
            }
            group
        });
        Self {
            links: links.to_vec(),
            groups,
        }
    }

    /// The links the table was made of.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The links that pass every group, in their order.
    pub fn apply(&self, filters: &Filters) -> Vec<Link> {
        if filters.is_empty() {
            return self.links.clone();
        }
        let chosen = chosen_keys(filters);
        let wanted: Vec<(&Group, Option<Vec<bool>>)> = self
            .groups
            .iter()
            .zip(&chosen)
            .filter(|(_, c)| !c.is_empty())
            .map(|(g, c)| (g, g.wanted(c)))
            .collect();
        self.links
            .iter()
            .enumerate()
            .filter(|(i, _)| wanted.iter().all(|(g, w)| passes_ids(g.of(*i), w)))
            .map(|(_, l)| *l)
            .collect()
    }

    /// [`facet_counts`] of the table's links.
    pub fn facet_counts(&self, filters: &Filters) -> Vec<(Facet, Vec<OptionCount>)> {
        let chosen = chosen_keys(filters);
        let wanted: Vec<Option<Vec<bool>>> = self
            .groups
            .iter()
            .zip(&chosen)
            .map(|(g, c)| g.wanted(c))
            .collect();
        // How many groups each link fails: a link counts for a group's options when it passes
        // every other group, that is when it fails none, or fails only this one.
        let fails: Vec<u8> = (0..self.links.len())
            .map(|i| {
                self.groups
                    .iter()
                    .zip(&wanted)
                    .filter(|(g, w)| !passes_ids(g.of(i), w))
                    .count() as u8
            })
            .collect();
        Facet::ALL
            .into_iter()
            .enumerate()
            .map(|(fi, facet)| {
                let group = &self.groups[fi];
                // Every name is some link's key: the table numbers only keys it meets.
                let mut counts = vec![0usize; group.names.len()];
                for (i, fails) in fails.iter().enumerate() {
                    let passes_others = match *fails {
                        0 => true,
                        1 => !passes_ids(group.of(i), &wanted[fi]),
                        _ => false,
                    };
                    for id in group.of(i) {
                        counts[*id as usize] += usize::from(passes_others);
                    }
                }
                let mut options: Vec<OptionCount> = group
                    .names
                    .iter()
                    .zip(counts)
                    .map(|(key, count)| OptionCount {
                        chosen: chosen[fi].iter().any(|c| c == key),
                        key: key.clone(),
                        count,
                    })
                    .collect();
                for key in &chosen[fi] {
                    if !group.names.contains(key) {
                        options.push(OptionCount {
                            key: key.clone(),
                            count: 0,
                            chosen: true,
                        });
                    }
                }
                crate::order::sort_by(&mut options, |a, b| {
                    b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key))
                });
                (facet, options)
            })
            .collect()
    }
}

/// The figures of the statistics panel for a set of links.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub links: usize,
    /// Distinct partner cities (home cities count when they are another's partner).
    pub partner_cities: usize,
    /// Distinct countries of partner cities.
    pub countries: usize,
    pub continents: usize,
    pub networks: usize,
    pub organisations: usize,
    /// The earliest start and the link that has it (the first in file order on a tie).
    pub oldest: Option<(PartialDate, Link)>,
    /// Links per decade by start year, from the first decade to the last, with empty decades
    /// in between: `(first year of the decade, count)`.
    pub per_decade: Vec<(i32, usize)>,
    /// Links without a start date, left out of `per_decade`.
    pub undated: usize,
}

/// Distinct country codes: a two-letter code (the dataset's ISO 3166 form) marks a bit, any
/// other string goes in a set. Counting 18,000 partner cities' countries on every filter change
/// by hashing their names cost ~4 ms a change in the browser.
#[derive(Default)]
struct CountrySet<'a> {
    two_letter: Vec<bool>,
    others: rustc_hash::FxHashSet<&'a str>,
    len: usize,
}

impl<'a> CountrySet<'a> {
    /// Adds a code; true when it was not there yet.
    fn insert(&mut self, code: &'a str) -> bool {
        let new = match code.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
                if self.two_letter.is_empty() {
                    self.two_letter = vec![false; 26 * 26];
                }
                let slot = usize::from(a - b'A') * 26 + usize::from(b - b'A');
                !std::mem::replace(&mut self.two_letter[slot], true)
            }
            _ => self.others.insert(code),
        };
        self.len += usize::from(new);
        new
    }
}

pub fn stats(ds: &Dataset, links: &[Link]) -> Stats {
    // Distinct values counted by marking them (by index, or in a set), not by sorting every
    // link's value: the statistics follow every filter change over 26,000 links.
    let mut city_seen = vec![false; ds.cities.len()];
    let mut network_seen = vec![false; ds.networks.len()];
    let mut organisation_seen = vec![false; ds.organisations.len()];
    let (mut partner_cities, mut networks, mut organisations) = (0, 0, 0);
    let mut countries = CountrySet::default();
    let mut continents: Vec<Continent> = Vec::new();
    let mut oldest: Option<(PartialDate, Link)> = None;
    let mut per_year: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let mut undated = 0;
    let mark = |seen: &mut Vec<bool>, i: usize, count: &mut usize| {
        if !std::mem::replace(&mut seen[i], true) {
            *count += 1;
        }
    };
    for link in links {
        match link.partner {
            Party::City(c) => {
                if !city_seen[c.0] {
                    city_seen[c.0] = true;
                    partner_cities += 1;
                    let country = ds.city(c).country.as_str();
                    if countries.insert(country) {
                        continents.extend(Continent::of_country(country));
                    }
                }
            }
            Party::Network(n) => mark(&mut network_seen, n.0, &mut networks),
            Party::Organisation(o) => mark(&mut organisation_seen, o.0, &mut organisations),
        }
        match ds.cooperation(link.cooperation).start {
            Some(start) => {
                *per_year.entry(start.year).or_default() += 1;
                if oldest.is_none_or(|(d, _)| start.earliest() < d.earliest()) {
                    oldest = Some((start, *link));
                }
            }
            None => undated += 1,
        }
    }
    crate::order::sort_dedup(&mut continents);
    let decade = |y: i32| y.div_euclid(10) * 10;
    let per_decade = match (per_year.keys().next(), per_year.keys().next_back()) {
        (Some(&first), Some(&last)) => (decade(first)..=decade(last))
            .step_by(10)
            .map(|d| (d, per_year.range(d..d + 10).map(|(_, n)| n).sum()))
            .collect(),
        _ => Vec::new(),
    };
    Stats {
        links: links.len(),
        partner_cities,
        countries: countries.len,
        continents: continents.len(),
        networks,
        organisations,
        oldest,
        per_decade,
        undated,
    }
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the standard sort is the reference"
)]
mod tests {
    use super::*;

    #[test]
    fn a_country_set_counts_each_code_once_whatever_its_form() {
        let mut set = CountrySet::default();
        let added: Vec<bool> = [
            "BR", "PT", "BR", "br", "XKX", "br", "", "XKX", "ZZ", "AA", "É",
        ]
        .iter()
        .map(|c| set.insert(c))
        .collect();
        assert_eq!(
            added,
            [true, true, false, true, true, false, true, false, true, true, true]
        );
        // As a set of strings counts them: "br" and "BR" are two strings.
        assert_eq!(set.len, 8);
    }

    #[test]
    fn continents_come_from_the_country_table() {
        assert_eq!(Continent::of_country("BR"), Some(Continent::SouthAmerica));
        assert_eq!(Continent::of_country("jp"), Some(Continent::Asia));
        assert_eq!(Continent::of_country("US"), Some(Continent::NorthAmerica));
        assert_eq!(Continent::of_country("PT"), Some(Continent::Europe));
        assert_eq!(Continent::of_country("MZ"), Some(Continent::Africa));
        assert_eq!(Continent::of_country("AU"), Some(Continent::Oceania));
        assert_eq!(Continent::of_country("AQ"), Some(Continent::Antarctica));
        assert_eq!(Continent::of_country("ZZ"), None);
        assert_eq!(Continent::of_country("B"), None);
        assert_eq!(Continent::of_country("ÉÉ"), None);
    }

    #[test]
    fn the_continent_table_is_well_formed() {
        let table = include_str!("../data/continents.txt");
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines.len() > 240, "{} countries", lines.len());
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted, "binary search needs sorted lines");
        for l in &lines {
            assert_eq!(l.len(), 5, "{l:?}");
            assert!(Continent::from_key(&l[3..]).is_some(), "{l:?}");
        }
    }

    #[test]
    fn params_round_trip_and_report_what_they_cannot_use() {
        let params = |k: &str| match k {
            "kind" => Some("network_membership,flying_carpet,network_membership".to_owned()),
            "country" => Some("jp,USA,".to_owned()),
            "continent" => Some("SA,XX".to_owned()),
            "status" => Some("active".to_owned()),
            "network" => Some("mercocidades".to_owned()),
            _ => None,
        };
        let (f, ignored) = Filters::from_params(params);
        assert_eq!(f.kinds, vec![LinkKind::NetworkMembership]);
        assert_eq!(f.countries, vec!["JP".to_owned()]);
        assert_eq!(f.continents, vec![Continent::SouthAmerica]);
        assert_eq!(f.statuses, vec![Status::Active]);
        assert_eq!(f.networks, vec!["mercocidades".to_owned()]);
        let ignored: Vec<(&str, &str)> = ignored
            .iter()
            .map(|i| (i.param, i.value.as_str()))
            .collect();
        assert_eq!(
            ignored,
            vec![
                ("kind", "flying_carpet"),
                ("country", "USA"),
                ("continent", "XX")
            ]
        );
        let params = f.to_params();
        assert_eq!(
            params,
            vec![
                ("kind", "network_membership".to_owned()),
                ("country", "JP".to_owned()),
                ("continent", "SA".to_owned()),
                ("status", "active".to_owned()),
                ("network", "mercocidades".to_owned()),
            ]
        );
        let (again, none) =
            Filters::from_params(|k| params.iter().find(|(p, _)| *p == k).map(|(_, v)| v.clone()));
        assert_eq!(again, f);
        assert!(none.is_empty());
    }

    #[test]
    fn legend_toggles_are_the_kind_filter() {
        let present = [LinkKind::SisterCity, LinkKind::NetworkMembership];
        let mut f = Filters::default();
        assert!(f.shows_kind(LinkKind::SisterCity));
        f.toggle_kind_shown(LinkKind::SisterCity, &present);
        assert!(!f.shows_kind(LinkKind::SisterCity));
        assert!(f.shows_kind(LinkKind::NetworkMembership));
        f.toggle_kind_shown(LinkKind::SisterCity, &present);
        assert!(
            f.kinds.is_empty(),
            "showing every kind again clears the filter"
        );
        f.toggle_kind_shown(LinkKind::SisterCity, &[LinkKind::SisterCity]);
        assert!(!f.shows_kind(LinkKind::SisterCity));
    }

    fn options(n: usize, chosen: &[usize]) -> Vec<OptionCount> {
        (0..n)
            .map(|i| OptionCount {
                key: format!("k{i}"),
                count: n - i,
                chosen: chosen.contains(&i),
            })
            .collect()
    }

    fn keys(shown: &[&OptionCount]) -> Vec<String> {
        shown.iter().map(|o| o.key.clone()).collect()
    }

    #[test]
    fn a_short_group_shows_every_option() {
        let all = options(FOLDED_OPTIONS + 2, &[]);
        let (shown, hidden) = shown_options(&all, false);
        assert_eq!(shown.len(), all.len());
        assert_eq!(hidden, 0);
    }

    #[test]
    fn a_long_group_folds_to_its_first_options_and_keeps_chosen_ones_in_order() {
        let all = options(205, &[3, 150, 204]);
        let (shown, hidden) = shown_options(&all, false);
        let mut expected: Vec<String> = (0..FOLDED_OPTIONS).map(|i| format!("k{i}")).collect();
        expected.push("k150".into());
        expected.push("k204".into());
        assert_eq!(keys(&shown), expected);
        assert_eq!(hidden, 205 - expected.len());
        // Unfolded, everything is there in the same order.
        let (shown, hidden) = shown_options(&all, true);
        assert_eq!(keys(&shown), keys(&all.iter().collect::<Vec<_>>()));
        assert_eq!(hidden, 0);
    }

    #[test]
    fn a_group_folds_from_three_options_past_the_fold() {
        let all = options(FOLDED_OPTIONS + 3, &[]);
        let (shown, hidden) = shown_options(&all, false);
        assert_eq!(shown.len(), FOLDED_OPTIONS);
        assert_eq!(hidden, 3);
        // Chosen options past the fold count as shown, not hidden.
        let all = options(FOLDED_OPTIONS + 3, &[FOLDED_OPTIONS, FOLDED_OPTIONS + 2]);
        let (shown, hidden) = shown_options(&all, false);
        assert_eq!(shown.len(), FOLDED_OPTIONS + 2);
        assert_eq!(hidden, 1);
    }
}
