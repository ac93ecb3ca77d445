//! The dataset format's fields, declared once: the loader checks files against these tables and
//! the JSON Schema in `docs/dataset.schema.json` is generated from them, so the two cannot drift.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    String,
    Integer,
    Number,
    /// `{ "pt-BR": "…", "en": "…" }`.
    Text,
    /// A lowercase `a-z0-9-` id, or a reference to one.
    Id,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// An `https://` URL.
    Url,
    /// ISO 3166-1 alpha-2, upper case.
    Country,
    /// BCP 47 language tag.
    Language,
    Enum(&'static [&'static str]),
    /// A source object, or the id of one in the dataset's top-level `sources`.
    SourceRef,
    /// Where a copy of a source is kept: a path relative to the dataset (no `..`), or an
    /// `https://` address (a web archive).
    Archive,
    List(&'static Shape),
    Object(&'static ObjectSpec),
}

impl Shape {
    /// The JSON type a value of this shape must have.
    pub fn json_type(&self) -> &'static str {
        match self {
            Shape::Integer => "integer",
            Shape::Number => "number",
            Shape::Text | Shape::Object(_) | Shape::SourceRef => "object",
            Shape::List(_) => "array",
            _ => "string",
        }
    }

    /// The message-catalogue term naming that JSON type.
    pub fn type_term(&self) -> &'static str {
        match self.json_type() {
            "integer" => "type.integer",
            "number" => "type.number",
            "object" => "type.object",
            "array" => "type.array",
            _ => "type.string",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
    pub doc: &'static str,
    /// For lists: the fewest items allowed (0: any number).
    pub min_items: u32,
    /// For lists: an item may not appear twice.
    pub unique_items: bool,
    /// For numbers: the smallest and largest value allowed.
    pub range: Option<(f64, f64)>,
}

impl FieldSpec {
    const fn min_items(mut self, n: u32) -> Self {
        self.min_items = n;
        self
    }

    const fn unique(mut self) -> Self {
        self.unique_items = true;
        self
    }

    const fn range(mut self, min: f64, max: f64) -> Self {
        self.range = Some((min, max));
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectSpec {
    /// The schema definition's name.
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
}

impl ObjectSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn req(name: &'static str, shape: Shape, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        required: true,
        shape,
        doc,
        min_items: 0,
        unique_items: false,
        range: None,
    }
}

const fn opt(name: &'static str, shape: Shape, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        required: false,
        shape,
        doc,
        min_items: 0,
        unique_items: false,
        range: None,
    }
}

pub const LINK_KINDS: &[&str] = &[
    "sister_city",
    "bilateral_cooperation",
    "network_membership",
    "organisation_partnership",
    "diplomatic",
    "other",
];
pub const STATUSES: &[&str] = &["active", "ended", "suspended", "planned", "unknown"];
pub const PLACE_KINDS: &[&str] = &["city", "metropolitan_area", "region"];
pub const IDENTIFICATIONS: &[&str] = &["certain", "uncertain"];

pub const SOURCE: ObjectSpec = ObjectSpec {
    name: "Source",
    doc: "Where a fact comes from.",
    fields: &[
        req(
            "title",
            Shape::String,
            "What the source is, e.g. the page's title.",
        ),
        opt("url", Shape::Url, "The source's address; https only."),
        opt("accessed", Shape::Date, "When the source was read."),
        opt(
            "note",
            Shape::String,
            "Where in the source, or how it was obtained.",
        ),
        opt("archived", Shape::Archive, ARCHIVED_DOC),
    ],
};

/// A source in the dataset's top-level `sources`, cited from links and events by its id: a
/// long list citing one page on every link then names it once.
pub const SHARED_SOURCE: ObjectSpec = ObjectSpec {
    name: "SharedSource",
    doc: "A source cited by id from links and events.",
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req(
            "title",
            Shape::String,
            "What the source is, e.g. the page's title.",
        ),
        opt("url", Shape::Url, "The source's address; https only."),
        opt("accessed", Shape::Date, "When the source was read."),
        opt(
            "note",
            Shape::String,
            "Where in the source, or how it was obtained.",
        ),
        opt("archived", Shape::Archive, ARCHIVED_DOC),
    ],
};

const ARCHIVED_DOC: &str = "A copy of the source: a path relative to the dataset file (e.g. `arquivo/ipatinga-cidades-irmas.html`, shipped beside it) or an https address of a web archive.";

pub const LICENCE: ObjectSpec = ObjectSpec {
    name: "Licence",
    doc: "The licence the dataset is published under.",
    fields: &[
        req("name", Shape::String, "e.g. \"CC BY 4.0\"."),
        opt("url", Shape::Url, "The licence's text; https only."),
    ],
};

pub const LEGAL_INSTRUMENT: ObjectSpec = ObjectSpec {
    name: "LegalInstrument",
    doc: "The law, decree or agreement that establishes a link or event.",
    fields: &[
        req("title", Shape::Text, "e.g. \"Lei Municipal nº 8.763\"."),
        opt("number", Shape::String, "The instrument's number."),
        opt("date", Shape::Date, "The instrument's date."),
    ],
};

pub const CITY: ObjectSpec = ObjectSpec {
    name: "City",
    doc: "A city (or metropolitan area) named anywhere in the dataset.",
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req(
            "names",
            Shape::Text,
            "Names per language, native scripts included.",
        ),
        req(
            "country",
            Shape::Country,
            "ISO 3166-1 alpha-2 country code, upper case.",
        ),
        req(
            "lon_deg",
            Shape::Number,
            "Longitude in degrees, -180 to 180.",
        )
        .range(-180.0, 180.0),
        req("lat_deg", Shape::Number, "Latitude in degrees, -90 to 90.").range(-90.0, 90.0),
        opt(
            "place_kind",
            Shape::Enum(PLACE_KINDS),
            "A metropolitan area's or region's point is only representative.",
        ),
        opt(
            "location_note",
            Shape::Text,
            "Why the point is where it is.",
        ),
        opt(
            "identification",
            Shape::Enum(IDENTIFICATIONS),
            "Whether the sources make clear which place this is.",
        ),
        opt(
            "identification_note",
            Shape::Text,
            "What is uncertain and why this place was chosen.",
        ),
        opt(
            "geonames_id",
            Shape::Integer,
            "GeoNames id the coordinates come from.",
        )
        .range(1.0, 4_294_967_295.0),
        opt("wikidata_id", Shape::String, "Wikidata item, e.g. Q1234."),
    ],
};

pub const BODY: ObjectSpec = ObjectSpec {
    name: "Body",
    doc: "A city network or an international organisation.",
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req("names", Shape::Text, "Names per language."),
        opt("website", Shape::Url, "Official website; https only."),
        opt(
            "headquarters_city_id",
            Shape::Id,
            "A city in `cities`, if known.",
        ),
    ],
};

pub const COOPERATION: ObjectSpec = ObjectSpec {
    name: "Cooperation",
    doc: "One international link.",
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req(
            "kind",
            Shape::Enum(LINK_KINDS),
            "What sort of link this is.",
        ),
        opt("kind_label", Shape::Text, "What an `other` link is."),
        req(
            "parties",
            Shape::List(&Shape::Id),
            "Ids of the cities, networks or organisations linked; at least two.",
        )
        .min_items(2)
        .unique(),
        opt(
            "start",
            Shape::Date,
            "When the link began; absent when unknown.",
        ),
        opt(
            "end",
            Shape::Date,
            "When it ended; absent when ongoing or unknown.",
        ),
        opt(
            "status",
            Shape::Enum(STATUSES),
            "Current status; `unknown` when absent.",
        ),
        opt(
            "themes",
            Shape::List(&Shape::String),
            "Theme keys, e.g. culture, economy, education.",
        )
        .unique(),
        opt("description", Shape::Text, "What the link is for."),
        opt(
            "legal_instrument",
            Shape::Object(&LEGAL_INSTRUMENT),
            "The instrument that establishes it.",
        ),
        req(
            "sources",
            Shape::List(&Shape::SourceRef),
            "At least one source: an object, or the id of one in the top-level `sources`.",
        )
        .min_items(1),
    ],
};

pub const EVENT: ObjectSpec = ObjectSpec {
    name: "Event",
    doc: "A dated milestone in a home city's international relations.",
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req("city_id", Shape::Id, "The home city it belongs to."),
        req("date", Shape::Date, "When it happened."),
        req("title", Shape::Text, "What happened."),
        opt("description", Shape::Text, "More about it."),
        opt(
            "legal_instrument",
            Shape::Object(&LEGAL_INSTRUMENT),
            "The instrument behind it.",
        ),
        req(
            "sources",
            Shape::List(&Shape::SourceRef),
            "At least one source: an object, or the id of one in the top-level `sources`.",
        )
        .min_items(1),
    ],
};

pub const DATASET: ObjectSpec = ObjectSpec {
    name: "Dataset",
    doc: "An Elos dataset, format version 1.",
    fields: &[
        req("format", Shape::Integer, "Format version: 1."),
        req("title", Shape::Text, "The dataset's title."),
        req(
            "languages",
            Shape::List(&Shape::Language),
            "Languages the text is written in, most complete first.",
        )
        .min_items(1)
        .unique(),
        req(
            "home_cities",
            Shape::List(&Shape::Id),
            "Ids of the cities whose links are shown.",
        )
        .min_items(1)
        .unique(),
        req(
            "cities",
            Shape::List(&Shape::Object(&CITY)),
            "Every city named in the file.",
        ),
        opt(
            "networks",
            Shape::List(&Shape::Object(&BODY)),
            "City networks.",
        ),
        opt(
            "organisations",
            Shape::List(&Shape::Object(&BODY)),
            "International organisations.",
        ),
        opt(
            "sources",
            Shape::List(&Shape::Object(&SHARED_SOURCE)),
            "Sources cited by id from links and events.",
        ),
        req(
            "cooperations",
            Shape::List(&Shape::Object(&COOPERATION)),
            "The links.",
        ),
        opt(
            "events",
            Shape::List(&Shape::Object(&EVENT)),
            "Dated milestones of home cities.",
        ),
        opt(
            "credits",
            Shape::Text,
            "Who made the dataset and where its data comes from, for the page's credits (e.g. \"Coordinates: GeoNames, CC BY 4.0\").",
        ),
        opt(
            "licence",
            Shape::Object(&LICENCE),
            "The licence the dataset is published under.",
        ),
    ],
};

/// Every object kind, for the schema's definitions.
pub const ALL_OBJECTS: [&ObjectSpec; 9] = [
    &DATASET,
    &CITY,
    &BODY,
    &COOPERATION,
    &EVENT,
    &LEGAL_INSTRUMENT,
    &SOURCE,
    &SHARED_SOURCE,
    &LICENCE,
];
