//! Text → checked [`Dataset`] in one pass that collects every problem, not just the first.
//!
//! The JSON tree keeps positions ([`crate::json`]); the field tables in [`crate::spec`] say
//! what each object may hold. Items are read in file order; ids are registered first so that
//! references can be resolved (with a "did you mean") wherever they appear.

use std::collections::HashMap;

use crate::date::{DateError, PartialDate};
use crate::json::{self, Member, Node, Position, Value};
use crate::lang::{self, Text};
use crate::model::*;
use crate::problem::{did_you_mean, Code, Level, Problem};
use crate::spec::{self, FieldSpec, ObjectSpec, Shape};

/// The outcome of loading: a dataset only when there is no error, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub dataset: Option<Dataset>,
    pub problems: Vec<Problem>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level() == Level::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// Loads a dataset from the text of a file.
pub fn load(text: &str) -> Loaded {
    let mut loader = Loader::default();
    let dataset = loader.run(text);
    let has_errors = loader.problems.iter().any(|p| p.level() == Level::Error);
    let mut problems = loader.problems;
    crate::order::sort_by_key(&mut problems, |p| {
        (p.at.map(|a| (a.line, a.column)), p.level())
    });
    Loaded {
        dataset: if has_errors { None } else { dataset },
        problems,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    City,
    Network,
    Organisation,
    Cooperation,
    Event,
    Source,
}

impl Sort {
    fn term(self) -> &'static str {
        match self {
            Sort::City => "sort.cities",
            Sort::Network => "sort.networks",
            Sort::Organisation => "sort.organisations",
            Sort::Cooperation => "sort.cooperations",
            Sort::Event => "sort.events",
            Sort::Source => "sort.sources",
        }
    }
}

struct Registered {
    sort: Sort,
    index: usize,
    path: String,
    at: Position,
}

#[derive(Default)]
struct Loader {
    problems: Vec<Problem>,
    ids: HashMap<String, Registered>,
    /// The top-level `sources`, in order (`None` where one has errors), for citations by id.
    shared_sources: Vec<Option<Source>>,
}

/// An object's known, well-typed fields (unknown, duplicate and mistyped ones already reported).
struct Obj<'a> {
    path: String,
    fields: Vec<(&'static FieldSpec, &'a Node)>,
}

impl<'a> Obj<'a> {
    fn get(&self, name: &str) -> Option<&'a Node> {
        self.fields
            .iter()
            .find(|(f, _)| f.name == name)
            .map(|&(_, n)| n)
    }

    fn path_of(&self, name: &str) -> String {
        join(&self.path, name)
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn json_type_term(value: &Value) -> &'static str {
    match value {
        Value::Null => "type.null",
        Value::Bool(_) => "type.bool",
        Value::Number(_) => "type.number",
        Value::String(_) => "type.string",
        Value::Array(_) => "type.array",
        Value::Object(_) => "type.object",
    }
}

fn has_json_type(value: &Value, json_type: &str) -> bool {
    match (value, json_type) {
        (Value::Number(n), "integer") => n.fract() == 0.0,
        (Value::Number(_), "number") => true,
        (Value::String(_), "string") => true,
        (Value::Array(_), "array") => true,
        (Value::Object(_), "object") => true,
        _ => false,
    }
}

/// Whether `id` has the allowed shape: lowercase ASCII letters, digits and '-'.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A suggested id for a malformed one: "Belo Horizonte" → "belo-horizonte".
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in crate::search::fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

impl Loader {
    fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn run(&mut self, text: &str) -> Option<Dataset> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => {
                self.report(Problem::new(
                    Code::ByteOrderMark,
                    "",
                    Some(Position { line: 1, column: 1 }),
                ));
                rest
            }
            None => text,
        };
        if text.trim().is_empty() {
            self.report(Problem::new(Code::EmptyFile, "", None));
            return None;
        }
        let root = match json::parse(text) {
            Ok(root) => root,
            Err(e) => {
                self.report(Problem::new(Code::NotJson, "", Some(e.at)).with("detail", e.message));
                return None;
            }
        };
        let top = self.object(&root, "", &spec::DATASET)?;
        self.check_format(&top);
        self.register_ids(&top);

        let title = self.text(&top, "title");
        let languages = self.languages(&top);
        let cities: Vec<Option<City>> =
            self.list(&top, "cities", |l, node, path| l.city(node, path));
        let networks = self.list(&top, "networks", |l, node, path| l.body(node, path));
        let organisations = self.list(&top, "organisations", |l, node, path| l.body(node, path));
        let home_cities = self.home_cities(&top);
        self.shared_sources = self.list(&top, "sources", |l, node, path| {
            l.source_object(node, path, &spec::SHARED_SOURCE)
        });
        let credits = self.text(&top, "credits");
        let licence = self.licence(&top);
        let cooperations = self.list(&top, "cooperations", |l, node, path| {
            l.cooperation(node, path)
        });
        let events = self.list(&top, "events", |l, node, path| l.event(node, path));
        if let (Some(home), Some(coops)) = (&home_cities, &cooperations_positions(&top)) {
            self.check_home_parties(home, coops, &cooperations);
        }
        if let Some(positions) = cooperations_positions(&top) {
            for p in crate::checks::duplicate_links(&positions, &cooperations) {
                self.report(p);
            }
        }

        Some(Dataset {
            title: title?,
            languages: languages?,
            home_cities: home_cities?,
            cities: cities.into_iter().collect::<Option<_>>()?,
            networks: networks.into_iter().collect::<Option<_>>()?,
            organisations: organisations.into_iter().collect::<Option<_>>()?,
            cooperations: cooperations.into_iter().collect::<Option<_>>()?,
            events: events.into_iter().collect::<Option<_>>()?,
            credits,
            licence: licence?,
        })
    }

    /// Checks an object's members against its field table and returns the usable ones.
    fn object<'a>(
        &mut self,
        node: &'a Node,
        path: &str,
        spec: &'static ObjectSpec,
    ) -> Option<Obj<'a>> {
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, path, "type.object");
            return None;
        };
        let mut obj = Obj {
            path: path.to_owned(),
            fields: Vec::new(),
        };
        let mut seen: Vec<&Member> = Vec::new();
        for member in members {
            let member_path = join(path, &member.key);
            if let Some(first) = seen.iter().find(|m| m.key == member.key) {
                self.report(
                    Problem::new(Code::DuplicateKey, member_path, Some(member.key_at))
                        .with("field", member.key.clone())
                        .with("first_line", first.key_at.line.to_string()),
                );
                continue;
            }
            seen.push(member);
            let Some(field) = spec.field(&member.key) else {
                let suggestion = did_you_mean(&member.key, spec.fields.iter().map(|f| f.name));
                let mut p = Problem::new(Code::UnknownField, member_path, Some(member.key_at))
                    .with("field", member.key.clone());
                if let Some(s) = suggestion {
                    p = p.with("suggestion", s).variant("suggest");
                }
                self.report(p);
                continue;
            };
            if matches!(member.value.value, Value::Null) && !field.required {
                continue; // an explicit null means "not given"
            }
            if !has_json_type(&member.value.value, field.shape.json_type()) {
                self.wrong_type(&member.value, &member_path, field.shape.type_term());
                continue;
            }
            obj.fields.push((field, &member.value));
        }
        for field in spec.fields.iter().filter(|f| f.required) {
            if !seen.iter().any(|m| m.key == field.name) {
                self.report(
                    Problem::new(Code::MissingField, join(path, field.name), Some(node.at))
                        .with("field", field.name),
                );
            }
        }
        Some(obj)
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &'static str) {
        self.report(
            Problem::new(Code::WrongType, path, Some(node.at))
                .term("expected", expected)
                .term("found", json_type_term(&node.value)),
        );
    }

    fn check_format(&mut self, top: &Obj) {
        if let Some(node) = top.get("format") {
            if let Value::Number(n) = node.value {
                if n != f64::from(FORMAT_VERSION) {
                    self.report(
                        Problem::new(Code::UnsupportedFormat, "format", Some(node.at))
                            .with("found", format_number(n)),
                    );
                }
            }
        }
    }

    /// First pass: every item's id, so references anywhere can be resolved.
    fn register_ids(&mut self, top: &Obj) {
        let lists = [
            ("cities", Sort::City),
            ("networks", Sort::Network),
            ("organisations", Sort::Organisation),
            ("cooperations", Sort::Cooperation),
            ("events", Sort::Event),
            ("sources", Sort::Source),
        ];
        for (name, sort) in lists {
            let Some(Node {
                value: Value::Array(items),
                ..
            }) = top.get(name)
            else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let Value::Object(members) = &item.value else {
                    continue;
                };
                let Some(Member {
                    value:
                        Node {
                            value: Value::String(id),
                            at,
                        },
                    ..
                }) = members.iter().find(|m| m.key == "id")
                else {
                    continue;
                };
                let path = join(&index(name, i), "id");
                if let Some(first) = self.ids.get(id) {
                    let p = Problem::new(Code::DuplicateId, path, Some(*at))
                        .with("id", id.clone())
                        .with("first_path", first.path.clone())
                        .with("first_line", first.at.line.to_string());
                    self.report(p);
                } else {
                    self.ids.insert(
                        id.clone(),
                        Registered {
                            sort,
                            index: i,
                            path,
                            at: *at,
                        },
                    );
                }
            }
        }
    }

    fn list<T>(
        &mut self,
        obj: &Obj,
        name: &str,
        mut read: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<Option<T>> {
        let Some(Node {
            value: Value::Array(items),
            ..
        }) = obj.get(name)
        else {
            return Vec::new();
        };
        let path = obj.path_of(name);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| read(self, item, &index(&path, i)))
            .collect()
    }

    fn string<'a>(&mut self, obj: &Obj<'a>, name: &str) -> Option<(&'a str, Position)> {
        match obj.get(name) {
            Some(Node {
                value: Value::String(s),
                at,
            }) => {
                if s.trim().is_empty() {
                    self.report(
                        Problem::new(Code::EmptyText, obj.path_of(name), Some(*at))
                            .with("field", name.to_owned()),
                    );
                    None
                } else {
                    Some((s.as_str(), *at))
                }
            }
            _ => None,
        }
    }

    fn opt_string(&mut self, obj: &Obj, name: &str) -> Option<String> {
        self.string(obj, name).map(|(s, _)| s.to_owned())
    }

    fn number(&mut self, obj: &Obj, name: &str) -> Option<(f64, Position)> {
        match obj.get(name) {
            Some(Node {
                value: Value::Number(n),
                at,
            }) => Some((*n, *at)),
            _ => None,
        }
    }

    fn text(&mut self, obj: &Obj, name: &str) -> Option<Text> {
        let node = obj.get(name)?;
        self.text_node(node, &obj.path_of(name), name)
    }

    fn text_node(&mut self, node: &Node, path: &str, name: &str) -> Option<Text> {
        let Value::Object(members) = &node.value else {
            return None;
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut ok = true;
        for m in members {
            let member_path = join(path, &m.key);
            if entries.iter().any(|(l, _)| *l == m.key) {
                self.report(
                    Problem::new(Code::DuplicateKey, member_path, Some(m.key_at))
                        .with("field", m.key.clone())
                        .with("first_line", "?"),
                );
                ok = false;
                continue;
            }
            if !lang::is_language_tag(&m.key) {
                self.report(
                    Problem::new(Code::InvalidValue, member_path.clone(), Some(m.key_at))
                        .with("value", m.key.clone())
                        .variant("language"),
                );
                ok = false;
            }
            match &m.value.value {
                Value::String(s) if !s.trim().is_empty() => {
                    entries.push((m.key.clone(), s.clone()))
                }
                Value::String(_) => {
                    self.report(
                        Problem::new(Code::EmptyText, member_path, Some(m.value.at))
                            .with("field", name.to_owned()),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(&m.value, &member_path, "type.string");
                    ok = false;
                }
            }
        }
        if members.is_empty() {
            self.report(
                Problem::new(Code::EmptyText, path, Some(node.at)).with("field", name.to_owned()),
            );
            return None;
        }
        ok.then_some(Text(entries))
    }

    fn date(&mut self, obj: &Obj, name: &str) -> Option<PartialDate> {
        let (text, at) = self.string(obj, name)?;
        match PartialDate::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let mut p = Problem::new(Code::InvalidDate, obj.path_of(name), Some(at))
                    .with("value", text.to_owned());
                match e {
                    DateError::Day(_, _, days) => {
                        p = p.with("days", days.to_string()).variant("day")
                    }
                    DateError::Month(_, _) => p = p.variant("month"),
                    DateError::Shape(_) => {}
                }
                self.report(p);
                None
            }
        }
    }

    fn url(&mut self, obj: &Obj, name: &str) -> Option<String> {
        let (text, at) = self.string(obj, name)?;
        let rest = text.strip_prefix("https://");
        let host_ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !host.contains(char::is_whitespace) && !host.contains('@')
        });
        if host_ok && !text.contains(char::is_whitespace) {
            Some(text.to_owned())
        } else {
            self.report(
                Problem::new(Code::InsecureUrl, obj.path_of(name), Some(at))
                    .with("url", text.to_owned()),
            );
            None
        }
    }

    fn enum_key(&mut self, obj: &Obj, name: &str) -> Option<&'static str> {
        let field = obj.fields.iter().find(|(f, _)| f.name == name)?.0;
        let Shape::Enum(allowed) = field.shape else {
            return None;
        };
        let (text, at) = self.string(obj, name)?;
        if let Some(key) = allowed.iter().find(|k| **k == text) {
            return Some(key);
        }
        let mut p = Problem::new(Code::InvalidValue, obj.path_of(name), Some(at))
            .with("value", text.to_owned())
            .with("field", name.to_owned())
            .with("allowed", allowed.join(", "));
        if let Some(s) = did_you_mean(text, allowed.iter().copied()) {
            p = p.with("suggestion", s).variant("suggest");
        }
        self.report(p);
        None
    }

    fn id(&mut self, obj: &Obj, name: &str) -> Option<String> {
        let (id, at) = self.string(obj, name)?;
        self.check_id_shape(id, at, &obj.path_of(name))
            .then(|| id.to_owned())
    }

    fn check_id_shape(&mut self, id: &str, at: Position, path: &str) -> bool {
        if is_valid_id(id) {
            return true;
        }
        self.report(
            Problem::new(Code::InvalidId, path, Some(at))
                .with("id", id.to_owned())
                .with("example", slugify(id)),
        );
        false
    }

    /// Resolves a reference to one of `allowed` sorts, reporting unknown and wrong ones.
    fn resolve(
        &mut self,
        id: &str,
        at: Position,
        path: &str,
        allowed: &[Sort],
        expected: &'static str,
    ) -> Option<(Sort, usize)> {
        match self.ids.get(id) {
            Some(r) if allowed.contains(&r.sort) => Some((r.sort, r.index)),
            Some(r) => {
                let found = r.sort.term();
                self.report(
                    Problem::new(Code::WrongReference, path, Some(at))
                        .with("id", id.to_owned())
                        .term("found", found)
                        .term("expected", expected),
                );
                None
            }
            None => {
                let candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, r)| allowed.contains(&r.sort))
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut p = Problem::new(Code::UnknownId, path, Some(at))
                    .with("id", id.to_owned())
                    .term("expected", expected);
                if let Some(s) = did_you_mean(id, candidates) {
                    p = p.with("suggestion", s.to_owned()).variant("suggest");
                }
                self.report(p);
                None
            }
        }
    }

    fn city_ref(&mut self, id: &str, at: Position, path: &str) -> Option<CityIx> {
        self.resolve(id, at, path, &[Sort::City], "sort.cities")
            .map(|(_, i)| CityIx(i))
    }

    fn languages(&mut self, top: &Obj) -> Option<Vec<String>> {
        let Some(Node {
            value: Value::Array(items),
            at,
        }) = top.get("languages")
        else {
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let path = index("languages", i);
            match &item.value {
                Value::String(tag) if lang::is_language_tag(tag) => out.push(tag.clone()),
                Value::String(tag) => {
                    self.report(
                        Problem::new(Code::InvalidValue, path, Some(item.at))
                            .with("value", tag.clone())
                            .variant("language"),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(item, &path, "type.string");
                    ok = false;
                }
            }
        }
        if items.is_empty() {
            self.report(
                Problem::new(Code::EmptyText, "languages", Some(*at)).with("field", "languages"),
            );
            ok = false;
        }
        ok.then_some(out)
    }

    fn home_cities(&mut self, top: &Obj) -> Option<Vec<CityIx>> {
        let Some(Node {
            value: Value::Array(items),
            at,
        }) = top.get("home_cities")
        else {
            return None;
        };
        if items.is_empty() {
            self.report(
                Problem::new(Code::MissingField, "home_cities", Some(*at))
                    .with("field", "home_cities")
                    .variant("empty"),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let path = index("home_cities", i);
            let Value::String(id) = &item.value else {
                self.wrong_type(item, &path, "type.string");
                ok = false;
                continue;
            };
            match self.city_ref(id, item.at, &path) {
                Some(c) if out.contains(&c) => {
                    self.report(
                        Problem::new(Code::InvalidValue, path, Some(item.at))
                            .with("value", id.clone())
                            .variant("repeated"),
                    );
                    ok = false;
                }
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn city(&mut self, node: &Node, path: &str) -> Option<City> {
        let obj = self.object(node, path, &spec::CITY)?;
        let id = self.id(&obj, "id");
        let names = self.text(&obj, "names");
        let country = self.string(&obj, "country").and_then(|(c, at)| {
            if crate::checks::is_country_code(c) {
                Some(c.to_owned())
            } else {
                self.report(
                    Problem::new(Code::InvalidValue, obj.path_of("country"), Some(at))
                        .with("value", c.to_owned())
                        .variant("country"),
                );
                None
            }
        });
        let lon = self.coordinate(&obj, "lon_deg", 180.0);
        let lat = self.coordinate(&obj, "lat_deg", 90.0);
        let place_kind = match self.enum_key(&obj, "place_kind") {
            Some("metropolitan_area") => PlaceKind::MetropolitanArea,
            Some("region") => PlaceKind::Region,
            _ => PlaceKind::City,
        };
        let identification = match self.enum_key(&obj, "identification") {
            Some("uncertain") => Identification::Uncertain,
            _ => Identification::Certain,
        };
        let location_note = self.text(&obj, "location_note");
        let identification_note = self.text(&obj, "identification_note");
        let geonames_id = self.number(&obj, "geonames_id").map(|(n, _)| n as u64);
        let wikidata_id = self.opt_string(&obj, "wikidata_id");
        Some(City {
            id: id?,
            names: names?,
            country: country?,
            lon_deg: lon?,
            lat_deg: lat?,
            place_kind,
            location_note,
            identification,
            identification_note,
            geonames_id,
            wikidata_id,
        })
    }

    fn coordinate(&mut self, obj: &Obj, name: &str, limit: f64) -> Option<f64> {
        let (value, at) = self.number(obj, name)?;
        if value.abs() <= limit {
            return Some(value);
        }
        self.report(
            Problem::new(Code::CoordinateOutOfRange, obj.path_of(name), Some(at))
                .with("field", name.to_owned())
                .with("value", format_number(value))
                .with("min", format_number(-limit))
                .with("max", format_number(limit)),
        );
        None
    }

    fn body(&mut self, node: &Node, path: &str) -> Option<Body> {
        let obj = self.object(node, path, &spec::BODY)?;
        let id = self.id(&obj, "id");
        let names = self.text(&obj, "names");
        let website = obj.get("website").map(|_| self.url(&obj, "website"));
        let headquarters = self
            .string(&obj, "headquarters_city_id")
            .map(|(hq, at)| self.city_ref(hq, at, &obj.path_of("headquarters_city_id")));
        Some(Body {
            id: id?,
            names: names?,
            website: transpose(website)?,
            headquarters: transpose(headquarters)?,
        })
    }

    fn sources(&mut self, obj: &Obj) -> Option<Vec<Source>> {
        let node = obj.get("sources")?;
        let Value::Array(items) = &node.value else {
            return None;
        };
        if items.is_empty() {
            self.report(Problem::new(
                Code::NoSources,
                obj.path_of("sources"),
                Some(node.at),
            ));
            return None;
        }
        let path = obj.path_of("sources");
        let read: Vec<Option<Source>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.source(item, &index(&path, i)))
            .collect();
        read.into_iter().collect()
    }

    /// A source written out, or cited by the id of one in the top-level `sources`.
    fn source(&mut self, node: &Node, path: &str) -> Option<Source> {
        let Value::String(id) = &node.value else {
            return self.source_object(node, path, &spec::SOURCE);
        };
        let (_, i) = self.resolve(id, node.at, path, &[Sort::Source], "sort.sources")?;
        // A shared source with errors was reported where it is written.
        self.shared_sources.get(i).cloned().flatten()
    }

    fn source_object(
        &mut self,
        node: &Node,
        path: &str,
        spec: &'static ObjectSpec,
    ) -> Option<Source> {
        let obj = self.object(node, path, spec)?;
        if spec.field("id").is_some() {
            self.id(&obj, "id")?;
        }
        let title = self.opt_string(&obj, "title");
        let url = obj.get("url").map(|_| self.url(&obj, "url"));
        let accessed = obj.get("accessed").map(|_| self.date(&obj, "accessed"));
        let note = self.opt_string(&obj, "note");
        let archived = obj.get("archived").map(|_| self.archive(&obj, "archived"));
        Some(Source {
            title: title?,
            url: transpose(url)?,
            accessed: transpose(accessed)?,
            note,
            archived: transpose(archived)?,
        })
    }

    /// A copy of a source: an https address, or a path relative to the dataset that stays in
    /// its folder (no scheme, no leading `/`, no `..`), so the page can link it safely.
    fn archive(&mut self, obj: &Obj, name: &str) -> Option<String> {
        let (text, at) = self.string(obj, name)?;
        if text.starts_with("https://") {
            return self.url(obj, name);
        }
        let relative_ok = !text.starts_with('/')
            && !text.contains([':', '\\'])
            && !text.contains(char::is_whitespace)
            && !text.split('/').any(|part| part == ".." || part.is_empty());
        if relative_ok {
            Some(text.to_owned())
        } else {
            self.report(
                Problem::new(Code::InvalidValue, obj.path_of(name), Some(at))
                    .with("value", text.to_owned())
                    .variant("archived"),
            );
            None
        }
    }

    fn licence(&mut self, top: &Obj) -> Option<Option<Licence>> {
        let Some(node) = top.get("licence") else {
            return Some(None);
        };
        let obj = self.object(node, &top.path_of("licence"), &spec::LICENCE)?;
        let name = self.opt_string(&obj, "name");
        let url = obj.get("url").map(|_| self.url(&obj, "url"));
        Some(Some(Licence {
            name: name?,
            url: transpose(url)?,
        }))
    }

    fn legal_instrument(&mut self, obj: &Obj) -> Option<Option<LegalInstrument>> {
        let Some(node) = obj.get("legal_instrument") else {
            return Some(None);
        };
        let inner = self.object(
            node,
            &obj.path_of("legal_instrument"),
            &spec::LEGAL_INSTRUMENT,
        )?;
        let title = self.text(&inner, "title");
        let number = self.opt_string(&inner, "number");
        let date = inner.get("date").map(|_| self.date(&inner, "date"));
        Some(Some(LegalInstrument {
            title: title?,
            number,
            date: transpose(date)?,
        }))
    }

    fn cooperation(&mut self, node: &Node, path: &str) -> Option<Cooperation> {
        let obj = self.object(node, path, &spec::COOPERATION)?;
        let id = self.id(&obj, "id");
        let kind = self.enum_key(&obj, "kind").and_then(LinkKind::from_key);
        let kind_label = self.text(&obj, "kind_label");
        let parties = self.parties(&obj);
        let start = obj.get("start").map(|_| self.date(&obj, "start"));
        let end = obj.get("end").map(|_| self.date(&obj, "end"));
        if let (Some(Some(s)), Some(Some(e)), Some(end_node)) = (start, end, obj.get("end")) {
            if e.certainly_before(&s) {
                self.report(
                    Problem::new(Code::EndBeforeStart, obj.path_of("end"), Some(end_node.at))
                        .with("start", s.to_string())
                        .with("end", e.to_string()),
                );
                return None;
            }
        }
        let status = match obj.get("status") {
            Some(_) => Some(self.enum_key(&obj, "status").and_then(Status::from_key)),
            None => Some(Some(Status::Unknown)),
        };
        let themes = self.themes(&obj);
        let description = self.text(&obj, "description");
        let legal_instrument = self.legal_instrument(&obj);
        let sources = self.sources(&obj);
        Some(Cooperation {
            id: id?,
            kind: kind?,
            kind_label,
            parties: parties?,
            start: transpose(start)?,
            end: transpose(end)?,
            status: status??,
            themes: themes?,
            description,
            legal_instrument: legal_instrument?,
            sources: sources?,
        })
    }

    fn parties(&mut self, obj: &Obj) -> Option<Vec<Party>> {
        let node = obj.get("parties")?;
        let Value::Array(items) = &node.value else {
            return None;
        };
        let path = obj.path_of("parties");
        if items.len() < 2 {
            self.report(
                Problem::new(Code::TooFewParties, path.clone(), Some(node.at))
                    .with("count", items.len().to_string()),
            );
        }
        let mut out: Vec<Party> = Vec::new();
        let mut ok = items.len() >= 2;
        for (i, item) in items.iter().enumerate() {
            let item_path = index(&path, i);
            let Value::String(id) = &item.value else {
                self.wrong_type(item, &item_path, "type.string");
                ok = false;
                continue;
            };
            let resolved = self.resolve(
                id,
                item.at,
                &item_path,
                &[Sort::City, Sort::Network, Sort::Organisation],
                "sort.parties",
            );
            let party = match resolved {
                Some((Sort::City, i)) => Party::City(CityIx(i)),
                Some((Sort::Network, i)) => Party::Network(NetworkIx(i)),
                Some((_, i)) => Party::Organisation(OrganisationIx(i)),
                None => {
                    ok = false;
                    continue;
                }
            };
            if out.contains(&party) {
                self.report(
                    Problem::new(Code::InvalidValue, item_path, Some(item.at))
                        .with("value", id.clone())
                        .variant("repeated"),
                );
                ok = false;
            }
            out.push(party);
        }
        ok.then_some(out)
    }

    fn themes(&mut self, obj: &Obj) -> Option<Vec<String>> {
        let Some(node) = obj.get("themes") else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &node.value else {
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let path = index(&obj.path_of("themes"), i);
            match &item.value {
                Value::String(t) if is_valid_theme(t) => out.push(t.clone()),
                Value::String(t) => {
                    self.report(
                        Problem::new(Code::InvalidValue, path, Some(item.at))
                            .with("value", t.clone())
                            .variant("theme"),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(item, &path, "type.string");
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn event(&mut self, node: &Node, path: &str) -> Option<Event> {
        let obj = self.object(node, path, &spec::EVENT)?;
        let id = self.id(&obj, "id");
        let city = self
            .string(&obj, "city_id")
            .and_then(|(c, at)| self.city_ref(c, at, &obj.path_of("city_id")));
        let date = self.date(&obj, "date");
        let title = self.text(&obj, "title");
        let description = self.text(&obj, "description");
        let legal_instrument = self.legal_instrument(&obj);
        let sources = self.sources(&obj);
        Some(Event {
            id: id?,
            city: city?,
            date: date?,
            title: title?,
            description,
            legal_instrument: legal_instrument?,
            sources: sources?,
        })
    }

    fn check_home_parties(
        &mut self,
        home: &[CityIx],
        positions: &[(String, Position)],
        coops: &[Option<Cooperation>],
    ) {
        for ((path, at), coop) in positions.iter().zip(coops) {
            let Some(coop) = coop else { continue };
            let touches_home = coop
                .parties
                .iter()
                .any(|p| matches!(p, Party::City(c) if home.contains(c)));
            if !touches_home {
                self.report(
                    Problem::new(Code::HomeCityNotParty, join(path, "parties"), Some(*at))
                        .with("id", coop.id.clone()),
                );
            }
        }
    }
}

fn cooperations_positions(top: &Obj) -> Option<Vec<(String, Position)>> {
    let Node {
        value: Value::Array(items),
        ..
    } = top.get("cooperations")?
    else {
        return None;
    };
    Some(
        items
            .iter()
            .enumerate()
            .map(|(i, n)| (index("cooperations", i), n.at))
            .collect(),
    )
}

/// Theme keys look like ids but with `_` (`public_services`).
fn is_valid_theme(theme: &str) -> bool {
    !theme.is_empty()
        && theme
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `Some(None)` (field absent) stays absent; `Some(Some(x))` is x; a field that was present but
/// bad (`Some(None)` inside) makes the whole item unusable.
fn transpose<T>(field: Option<Option<T>>) -> Option<Option<T>> {
    match field {
        None => Some(None),
        Some(Some(v)) => Some(Some(v)),
        Some(None) => None,
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        crate::num::short(n)
    }
}
