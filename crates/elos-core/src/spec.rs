//! The dataset format's fields, declared once: the loader checks files against these tables and
//! the JSON Schema in `docs/dataset.schema.json` is generated from them, so the two cannot drift.

use crate::date::{YEAR_MAX, YEAR_MIN};

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
    /// The schema's description; empty without the `schema` feature (see [`schema_text`]).
    pub doc: &'static str,
    /// For lists: the fewest items allowed (0: any number).
    pub min_items: u32,
    /// For lists: an item may not appear twice.
    pub unique_items: bool,
    /// For numbers: the smallest and largest value allowed.
    pub range: Option<(f64, f64)>,
    /// For numbers with a range: the smallest value itself is refused (more than it, not at
    /// least it).
    pub min_exclusive: bool,
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

    /// More than `min`, at most `max`.
    const fn above_up_to(mut self, min: f64, max: f64) -> Self {
        self.range = Some((min, max));
        self.min_exclusive = true;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectSpec {
    /// The schema definition's name.
    pub name: &'static str,
    /// The schema's description; empty without the `schema` feature (see [`schema_text`]).
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
}

impl ObjectSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.position(name).map(|i| &self.fields[i])
    }

    /// The place of the field called `name` in [`ObjectSpec::fields`].
    pub const fn position(&self, name: &str) -> Option<usize> {
        self.position_from(name, 0)
    }

    /// [`ObjectSpec::position`], looking first at `hint` and on from there (wrapping round):
    /// files mostly write fields in the spec's order, so the field after the last one found
    /// is usually the next one.
    pub const fn position_from(&self, name: &str, hint: usize) -> Option<usize> {
        let wanted = name.as_bytes();
        let count = self.fields.len();
        // Plain loops, compared in place: for names this short, iterator adapters (at the
        // wasm's size-first optimisation level) and calls to memcmp cost more than comparing.
        let mut k = 0;
        while k < count {
            let i = (hint + k) % count;
            let have = self.fields[i].name.as_bytes();
            if have.len() == wanted.len() {
                let mut j = 0;
                while j < have.len() && have[j] == wanted[j] {
                    j += 1;
                }
                if j == have.len() {
                    return Some(i);
                }
            }
            k += 1;
        }
        None
    }
}

/// The most fields any object of the format has, so the loader can keep an object's fields in
/// an array on the stack.
pub const MAX_FIELDS: usize = 13;

// A compile error, not a panic while loading, when a spec outgrows the arrays.
const _: () = {
    let mut i = 0;
    while i < ALL_OBJECTS.len() {
        assert!(
            ALL_OBJECTS[i].fields.len() <= MAX_FIELDS,
            "raise MAX_FIELDS"
        );
        i += 1;
    }
};

/// Text only the JSON Schema shows (descriptions): kept with the `schema` feature, empty without
/// it, so the page's wasm does not carry some 4 KB of prose it never displays.
const fn schema_text(text: &'static str) -> &'static str {
    if cfg!(feature = "schema") {
        text
    } else {
        ""
    }
}

const fn req(name: &'static str, shape: Shape, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        required: true,
        shape,
        doc: schema_text(doc),
        min_items: 0,
        unique_items: false,
        range: None,
        min_exclusive: false,
    }
}

const fn opt(name: &'static str, shape: Shape, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        required: false,
        shape,
        doc: schema_text(doc),
        min_items: 0,
        unique_items: false,
        range: None,
        min_exclusive: false,
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
    doc: schema_text("Where a fact comes from."),
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
    doc: schema_text("A source cited by id from links and events."),
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
    doc: schema_text("The licence the dataset is published under."),
    fields: &[
        req("name", Shape::String, "e.g. \"CC BY 4.0\"."),
        opt("url", Shape::Url, "The licence's text; https only."),
    ],
};

pub const LEGAL_INSTRUMENT: ObjectSpec = ObjectSpec {
    name: "LegalInstrument",
    doc: schema_text("The law, decree or agreement that establishes a link or event."),
    fields: &[
        req("title", Shape::Text, "e.g. \"Lei Municipal nº 8.763\"."),
        opt("number", Shape::String, "The instrument's number."),
        opt("date", Shape::Date, "The instrument's date."),
    ],
};

pub const CITY: ObjectSpec = ObjectSpec {
    name: "City",
    doc: schema_text("A city (or metropolitan area) named anywhere in the dataset."),
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
    doc: schema_text("A city network or an international organisation."),
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
    doc: schema_text("One international link."),
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
    doc: schema_text("A dated milestone in a home city's international relations."),
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

/// The longest a tour step may stay on screen when a tour plays by itself, seconds: a step
/// longer than an hour is a typo (minutes or milliseconds), not a kiosk's intent.
pub const MAX_STEP_DURATION_S: f64 = 3600.0;

pub const TOUR_STEP: ObjectSpec = ObjectSpec {
    name: "TourStep",
    doc: schema_text(
        "One step of a tour: what the map frames and highlights, the years shown, the caption.",
    ),
    fields: &[
        opt(
            "frame",
            Shape::List(&Shape::Id),
            "Ids of the cities, links, networks, organisations or milestones the map frames \
             (a link frames its parties, a body its headquarters). Absent: what the step \
             highlights.",
        ),
        opt(
            "from_year",
            Shape::Integer,
            "First year of the time window; absent: from the first.",
        )
        .range(YEAR_MIN as f64, YEAR_MAX as f64),
        opt(
            "to_year",
            Shape::Integer,
            "Last year of the time window; absent: to the last.",
        )
        .range(YEAR_MIN as f64, YEAR_MAX as f64),
        opt(
            "highlight",
            Shape::List(&Shape::Id),
            "Ids of the links, cities, networks, organisations or milestones to highlight.",
        ),
        req("caption", Shape::Text, "What the audience reads."),
        opt("notes", Shape::Text, "What only the presenter sees."),
        opt(
            "duration_s",
            Shape::Number,
            "Seconds the step stays when the tour plays by itself (more than 0, at most 3600).",
        )
        .above_up_to(0.0, MAX_STEP_DURATION_S),
    ],
};

pub const TOUR: ObjectSpec = ObjectSpec {
    name: "Tour",
    doc: schema_text("A guided tour: steps shown in order when presenting."),
    fields: &[
        req("id", Shape::Id, "Unique id across the whole file."),
        req("title", Shape::Text, "The tour's title."),
        opt(
            "home_city_id",
            Shape::Id,
            "The home city whose links the map shows; absent: all home cities.",
        ),
        req(
            "steps",
            Shape::List(&Shape::Object(&TOUR_STEP)),
            "The steps, in order; at least one.",
        )
        .min_items(1),
    ],
};

pub const DATASET: ObjectSpec = ObjectSpec {
    name: "Dataset",
    doc: schema_text("An Elos dataset, format version 1."),
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
            "tours",
            Shape::List(&Shape::Object(&TOUR)),
            "Guided tours for presenting.",
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
pub const ALL_OBJECTS: [&ObjectSpec; 11] = [
    &DATASET,
    &CITY,
    &BODY,
    &COOPERATION,
    &EVENT,
    &LEGAL_INSTRUMENT,
    &SOURCE,
    &SHARED_SOURCE,
    &LICENCE,
    &TOUR,
    &TOUR_STEP,
];
