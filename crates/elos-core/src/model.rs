//! The checked dataset: ids resolved to indices, dates parsed, coordinates in range.
//!
//! Only [`crate::load::load`] builds these values, so code that receives a [`Dataset`] never
//! re-checks a reference or unwraps an id.
//!
//! **Architecture invariant:** looking an item up by id, or asking whether a city is a home
//! city, costs O(1): the loader builds [`Dataset`]'s index once, so no caller scans the lists
//! (with 18,000 home cities a scan per link made every view quadratic).

use rustc_hash::FxHashMap as HashMap;

use crate::date::PartialDate;
use crate::lang::Text;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub title: Text,
    pub languages: Vec<String>,
    /// Indices into `cities`, in the file's order.
    pub home_cities: Vec<CityIx>,
    pub cities: Vec<City>,
    pub networks: Vec<Body>,
    pub organisations: Vec<Body>,
    pub cooperations: Vec<Cooperation>,
    pub events: Vec<Event>,
    /// Guided tours, in the file's order (`tours`; often none).
    pub tours: Vec<crate::tour::Tour>,
    /// For the page's credits: who made the dataset, where its data comes from.
    pub credits: Option<Text>,
    pub licence: Option<Licence>,
    /// Lookups by id and the home flag, derived from the lists above by the loader. The lists
    /// are public for reading; a caller that changes them must call [`Dataset::reindex`].
    pub(crate) index: Index,
}

/// What [`Dataset`] answers in O(1): every id's item, whether a city is a home city, and the
/// cooperations each party takes part in.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Index {
    by_id: HashMap<String, Item>,
    /// Indexed by [`CityIx`].
    is_home: Vec<bool>,
    /// Each party's cooperations, in the file's order.
    by_party: HashMap<Party, Vec<CooperationIx>>,
}

impl Index {
    fn new(ds: &Dataset) -> Self {
        let ids = ds.cities.len()
            + ds.networks.len()
            + ds.organisations.len()
            + ds.cooperations.len()
            + ds.events.len();
        let mut by_id = HashMap::with_capacity_and_hasher(ids, Default::default());
        // Ids are unique in a loaded dataset; `or_insert` keeps the first anyway, as a scan
        // in file order would.
        let mut add = |id: &str, item: Item| {
            by_id.entry(id.to_owned()).or_insert(item);
        };
        for (i, c) in ds.cities.iter().enumerate() {
            add(&c.id, Item::Party(Party::City(CityIx(i))));
        }
        for (i, n) in ds.networks.iter().enumerate() {
            add(&n.id, Item::Party(Party::Network(NetworkIx(i))));
        }
        for (i, o) in ds.organisations.iter().enumerate() {
            add(&o.id, Item::Party(Party::Organisation(OrganisationIx(i))));
        }
        for (i, c) in ds.cooperations.iter().enumerate() {
            add(&c.id, Item::Cooperation(CooperationIx(i)));
        }
        for (i, e) in ds.events.iter().enumerate() {
            add(&e.id, Item::Event(EventIx(i)));
        }
        let mut is_home = vec![false; ds.cities.len()];
        for h in &ds.home_cities {
            if let Some(flag) = is_home.get_mut(h.0) {
                *flag = true;
            }
        }
        let mut by_party: HashMap<Party, Vec<CooperationIx>> = HashMap::default();
        for (i, c) in ds.cooperations.iter().enumerate() {
            for p in &c.parties {
                let list = by_party.entry(*p).or_default();
                // A party named twice in one cooperation takes part once.
                if list.last() != Some(&CooperationIx(i)) {
                    list.push(CooperationIx(i));
                }
            }
        }
        Self {
            by_id,
            is_home,
            by_party,
        }
    }
}

/// The licence a dataset is published under.
#[derive(Debug, Clone, PartialEq)]
pub struct Licence {
    pub name: String,
    /// Always `https://`.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CityIx(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NetworkIx(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrganisationIx(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CooperationIx(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventIx(pub usize);

/// Anything a cooperation can link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    City(CityIx),
    Network(NetworkIx),
    Organisation(OrganisationIx),
}

#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub id: String,
    pub names: Text,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub lon_deg: f64,
    pub lat_deg: f64,
    pub place_kind: PlaceKind,
    pub location_note: Option<Text>,
    pub identification: Identification,
    pub identification_note: Option<Text>,
    pub geonames_id: Option<u64>,
    pub wikidata_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaceKind {
    #[default]
    City,
    /// Not a city: its point is only representative.
    MetropolitanArea,
    /// An administrative region (county, province, state, prefecture): its point is only
    /// representative.
    Region,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identification {
    #[default]
    Certain,
    /// The source does not make clear which place this is.
    Uncertain,
}

/// A network of cities or an international organisation: no single place on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub id: String,
    pub names: Text,
    pub website: Option<String>,
    pub headquarters: Option<CityIx>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    SisterCity,
    BilateralCooperation,
    NetworkMembership,
    OrganisationPartnership,
    Diplomatic,
    Other,
}

impl LinkKind {
    pub const ALL: [LinkKind; 6] = [
        LinkKind::SisterCity,
        LinkKind::BilateralCooperation,
        LinkKind::NetworkMembership,
        LinkKind::OrganisationPartnership,
        LinkKind::Diplomatic,
        LinkKind::Other,
    ];

    /// The key used in dataset files, URLs and message catalogues.
    pub fn key(self) -> &'static str {
        match self {
            LinkKind::SisterCity => "sister_city",
            LinkKind::BilateralCooperation => "bilateral_cooperation",
            LinkKind::NetworkMembership => "network_membership",
            LinkKind::OrganisationPartnership => "organisation_partnership",
            LinkKind::Diplomatic => "diplomatic",
            LinkKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    Active,
    Ended,
    Suspended,
    Planned,
    #[default]
    Unknown,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Active,
        Status::Ended,
        Status::Suspended,
        Status::Planned,
        Status::Unknown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Ended => "ended",
            Status::Suspended => "suspended",
            Status::Planned => "planned",
            Status::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cooperation {
    pub id: String,
    pub kind: LinkKind,
    pub kind_label: Option<Text>,
    /// At least two, all distinct.
    pub parties: Vec<Party>,
    pub start: Option<PartialDate>,
    /// Never certainly before `start`.
    pub end: Option<PartialDate>,
    pub status: Status,
    pub themes: Vec<String>,
    pub description: Option<Text>,
    pub legal_instrument: Option<LegalInstrument>,
    /// At least one.
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub city: CityIx,
    pub date: PartialDate,
    pub title: Text,
    pub description: Option<Text>,
    pub legal_instrument: Option<LegalInstrument>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegalInstrument {
    pub title: Text,
    pub number: Option<String>,
    pub date: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub title: String,
    /// Always `https://`.
    pub url: Option<String>,
    pub accessed: Option<PartialDate>,
    pub note: Option<String>,
    /// A copy: a path relative to the dataset (never leaving its folder) or an `https://` address.
    pub archived: Option<String>,
}

impl Dataset {
    /// The link kinds the dataset's cooperations use, in [`LinkKind::ALL`]'s order: the
    /// legend's toggles (the app's and the first view's).
    pub fn kinds(&self) -> Vec<LinkKind> {
        let mut present = [false; LinkKind::ALL.len()];
        for c in &self.cooperations {
            present[c.kind as usize] = true;
        }
        LinkKind::ALL
            .into_iter()
            .filter(|k| present[*k as usize])
            .collect()
    }

    /// The same dataset with its index built: the loader's last step.
    pub(crate) fn indexed(mut self) -> Self {
        self.reindex();
        self
    }

    /// Rebuilds the id and home-city lookups after the public lists were changed.
    pub fn reindex(&mut self) {
        self.index = Index::new(self);
    }

    pub fn city(&self, ix: CityIx) -> &City {
        &self.cities[ix.0]
    }

    pub fn network(&self, ix: NetworkIx) -> &Body {
        &self.networks[ix.0]
    }

    pub fn organisation(&self, ix: OrganisationIx) -> &Body {
        &self.organisations[ix.0]
    }

    pub fn cooperation(&self, ix: CooperationIx) -> &Cooperation {
        &self.cooperations[ix.0]
    }

    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix.0]
    }

    pub fn is_home(&self, city: CityIx) -> bool {
        self.index.is_home.get(city.0).copied().unwrap_or(false)
    }

    pub fn party_id(&self, party: Party) -> &str {
        match party {
            Party::City(c) => &self.city(c).id,
            Party::Network(n) => &self.network(n).id,
            Party::Organisation(o) => &self.organisation(o).id,
        }
    }

    pub fn party_names(&self, party: Party) -> &Text {
        match party {
            Party::City(c) => &self.city(c).names,
            Party::Network(n) => &self.network(n).names,
            Party::Organisation(o) => &self.organisation(o).names,
        }
    }

    pub fn city_by_id(&self, id: &str) -> Option<CityIx> {
        match self.item_by_id(id)? {
            Item::Party(Party::City(c)) => Some(c),
            _ => None,
        }
    }

    /// Finds any item (city, network, organisation, cooperation, event) by its id.
    pub fn item_by_id(&self, id: &str) -> Option<Item> {
        self.index.by_id.get(id).copied()
    }

    /// The cooperations `party` takes part in, in the file's order.
    pub fn cooperations_of(&self, party: Party) -> &[CooperationIx] {
        self.index.by_party.get(&party).map_or(&[], Vec::as_slice)
    }

    /// The member cities of a network or organisation, as far as the dataset knows them: the
    /// cities that share a cooperation with it, each once, in the order first met. For a
    /// city, the cities it is linked to.
    pub fn member_cities(&self, body: Party) -> Vec<CityIx> {
        let mut out: Vec<CityIx> = Vec::new();
        for c in self.cooperations_of(body) {
            for p in &self.cooperation(*c).parties {
                if let Party::City(city) = *p {
                    if Party::City(city) != body && !out.contains(&city) {
                        out.push(city);
                    }
                }
            }
        }
        out
    }

    /// The networks and organisations a city belongs to (shares a cooperation with), each
    /// once, in the order first met.
    pub fn bodies_of(&self, city: CityIx) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        for c in self.cooperations_of(Party::City(city)) {
            for p in &self.cooperation(*c).parties {
                if !matches!(p, Party::City(_)) && !out.contains(p) {
                    out.push(*p);
                }
            }
        }
        out
    }

    pub fn item_id(&self, item: Item) -> &str {
        match item {
            Item::Party(p) => self.party_id(p),
            Item::Cooperation(c) => &self.cooperation(c).id,
            Item::Event(e) => &self.event(e).id,
        }
    }
}

/// Anything that can be selected and shown in the details panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Party(Party),
    Cooperation(CooperationIx),
    Event(EventIx),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Dataset {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/data/example.json"
        ))
        .unwrap();
        crate::load(&text).dataset.unwrap()
    }

    /// Every item of the dataset, found the slow way: by walking the lists in file order.
    fn every_item(ds: &Dataset) -> Vec<Item> {
        let mut items = Vec::new();
        items.extend((0..ds.cities.len()).map(|i| Item::Party(Party::City(CityIx(i)))));
        items.extend((0..ds.networks.len()).map(|i| Item::Party(Party::Network(NetworkIx(i)))));
        items.extend(
            (0..ds.organisations.len())
                .map(|i| Item::Party(Party::Organisation(OrganisationIx(i)))),
        );
        items.extend((0..ds.cooperations.len()).map(|i| Item::Cooperation(CooperationIx(i))));
        items.extend((0..ds.events.len()).map(|i| Item::Event(EventIx(i))));
        items
    }

    #[test]
    fn every_id_finds_its_own_item() {
        let ds = example();
        let items = every_item(&ds);
        assert!(
            items.len() > 50,
            "the example has cities, bodies, links and events"
        );
        for item in items {
            let id = ds.item_id(item);
            assert_eq!(ds.item_by_id(id), Some(item), "{id}");
            let city = match item {
                Item::Party(Party::City(c)) => Some(c),
                _ => None,
            };
            assert_eq!(ds.city_by_id(id), city, "{id}: only cities are cities");
        }
        assert_eq!(ds.item_by_id("no-such-id"), None);
        assert_eq!(ds.item_by_id(""), None);
        assert_eq!(ds.city_by_id("ipatinga-kitakyushu"), None, "a link's id");
    }

    #[test]
    fn home_flags_match_the_home_list() {
        let ds = example();
        for i in 0..ds.cities.len() {
            assert_eq!(
                ds.is_home(CityIx(i)),
                ds.home_cities.contains(&CityIx(i)),
                "{}",
                ds.cities[i].id
            );
        }
        assert!(!ds.is_home(CityIx(ds.cities.len() + 7)), "out of range");
    }

    /// The same questions answered the slow way, by walking every cooperation.
    #[test]
    fn members_and_bodies_agree_with_a_scan() {
        let ds = example();
        let mut bodies_seen = 0;
        for item in every_item(&ds) {
            let Item::Party(party) = item else { continue };
            let scanned: Vec<CooperationIx> = (0..ds.cooperations.len())
                .map(CooperationIx)
                .filter(|c| ds.cooperation(*c).parties.contains(&party))
                .collect();
            assert_eq!(ds.cooperations_of(party), scanned, "{}", ds.party_id(party));
            match party {
                Party::City(city) => {
                    for body in ds.bodies_of(city) {
                        assert!(!matches!(body, Party::City(_)));
                        assert!(
                            ds.member_cities(body).contains(&city),
                            "membership is mutual"
                        );
                    }
                }
                body => {
                    bodies_seen += 1;
                    for city in ds.member_cities(body) {
                        assert!(ds.bodies_of(city).contains(&body));
                    }
                }
            }
        }
        assert!(
            bodies_seen > 5,
            "the example has networks and organisations"
        );
        let bh = ds.city_by_id("belo-horizonte").unwrap();
        let mercocidades = match ds.item_by_id("mercocidades") {
            Some(Item::Party(p)) => p,
            other => panic!("{other:?}"),
        };
        assert!(ds.bodies_of(bh).contains(&mercocidades));
        assert_eq!(
            ds.member_cities(mercocidades),
            [bh],
            "its only member in the example"
        );
    }

    #[test]
    fn reindex_follows_changed_lists() {
        let mut ds = example();
        let first = ds.home_cities[0];
        ds.home_cities.retain(|c| *c != first);
        ds.cities[1].id = "renamed".to_owned();
        ds.reindex();
        assert!(!ds.is_home(first));
        assert_eq!(ds.city_by_id("renamed"), Some(CityIx(1)));
        assert_eq!(
            ds,
            ds.clone().indexed(),
            "the index is derived from the lists"
        );
    }
}
