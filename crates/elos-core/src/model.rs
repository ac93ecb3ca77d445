//! The checked dataset: ids resolved to indices, dates parsed, coordinates in range.
//!
//! Only [`crate::load::load`] builds these values, so code that receives a [`Dataset`] never
//! re-checks a reference or unwraps an id.

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
    /// For the page's credits: who made the dataset, where its data comes from.
    pub credits: Option<Text>,
    pub licence: Option<Licence>,
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
        self.home_cities.contains(&city)
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
        self.cities.iter().position(|c| c.id == id).map(CityIx)
    }

    /// Finds any item (city, network, organisation, cooperation, event) by its id.
    pub fn item_by_id(&self, id: &str) -> Option<Item> {
        if let Some(c) = self.city_by_id(id) {
            return Some(Item::Party(Party::City(c)));
        }
        if let Some(n) = self.networks.iter().position(|b| b.id == id) {
            return Some(Item::Party(Party::Network(NetworkIx(n))));
        }
        if let Some(o) = self.organisations.iter().position(|b| b.id == id) {
            return Some(Item::Party(Party::Organisation(OrganisationIx(o))));
        }
        if let Some(c) = self.cooperations.iter().position(|c| c.id == id) {
            return Some(Item::Cooperation(CooperationIx(c)));
        }
        self.events
            .iter()
            .position(|e| e.id == id)
            .map(|e| Item::Event(EventIx(e)))
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
