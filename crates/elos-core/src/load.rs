//! Text → checked [`Dataset`] in one pass that collects every problem, not just the first.
//!
//! The JSON tree keeps positions ([`crate::json`]); the field tables in [`crate::spec`] say
//! what each object may hold. Items are read in file order; ids are registered first so that
//! references can be resolved (with a "did you mean") wherever they appear.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use crate::date::{DateError, PartialDate};
use crate::json::{self, Document, Member, Node, Position, Value};
use crate::lang::{self, Text};
use crate::limits;
use crate::model::*;
use crate::problem::{did_you_mean, Code, Level, Problem};
use crate::spec::{self, ObjectSpec, Shape};

mod tours;

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
    let mut problems = Vec::new();
    let dataset = read(text, &mut problems);
    let has_errors = problems.iter().any(|p| p.level() == Level::Error);
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
    Tour,
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
            Sort::Tour => "sort.tours",
            Sort::Source => "sort.sources",
        }
    }
}

#[derive(Clone)]
struct Registered {
    sort: Sort,
    /// The list it is in (`cities`…) and its place there, for "already used in cities[3].id".
    list: &'static str,
    index: usize,
    at: Position,
}

/// Reads the tree of one file. `'j` is the tree's: ids are looked up as borrowed text.
struct Loader<'j> {
    doc: &'j Document<'j>,
    problems: Vec<Problem>,
    ids: HashMap<&'j str, Registered>,
    /// The top-level `sources`, in order (`None` where one has errors), for citations by id.
    shared_sources: Vec<Option<Source>>,
}

/// Where a value is, as `cooperations[3].parties[1]`: a chain of borrowed steps that becomes
/// text only when a problem is reported. Formatting the path of every field and item took a
/// quarter of the loading time.
#[derive(Debug, Clone, Copy)]
enum JsonPath<'p> {
    Root,
    Field(&'p JsonPath<'p>, &'p str),
    Index(&'p JsonPath<'p>, usize),
}

impl<'p> JsonPath<'p> {
    fn field(&'p self, name: &'p str) -> JsonPath<'p> {
        JsonPath::Field(self, name)
    }

    fn index(&'p self, i: usize) -> JsonPath<'p> {
        JsonPath::Index(self, i)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Field(JsonPath::Root, name) => f.write_str(name),
            JsonPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

impl From<JsonPath<'_>> for String {
    fn from(path: JsonPath<'_>) -> String {
        path.to_string()
    }
}

/// An object's known, well-typed fields (unknown, duplicate and mistyped ones already reported).
struct Obj<'j, 'p> {
    path: JsonPath<'p>,
    spec: &'static ObjectSpec,
    /// Each field's usable value, by its place in `spec.fields`: an array, not a vector, as
    /// there is one of these per object loaded.
    fields: [Option<&'j Node<'j>>; spec::MAX_FIELDS],
}

impl<'j> Obj<'j, '_> {
    fn get(&self, field: Field) -> Option<&'j Node<'j>> {
        debug_assert_eq!(
            self.spec.fields[field.index].name, field.name,
            "a field of another object"
        );
        self.fields[field.index]
    }

    fn path_of(&self, field: Field) -> JsonPath<'_> {
        JsonPath::Field(&self.path, field.name)
    }
}

/// A field of one of the format's objects: its place in the object's spec, and its name.
#[derive(Debug, Clone, Copy)]
struct Field {
    index: usize,
    name: &'static str,
}

/// `field!(CITY, names)`: the field, found in `spec::CITY` at compile time, so reading it
/// costs no search (a search per field per object was an eighth of the loading time) and a
/// misspelt name does not compile.
macro_rules! field {
    ($spec:ident, $name:ident) => {
        const {
            match spec::$spec.position(stringify!($name)) {
                Some(index) => Field {
                    index,
                    name: stringify!($name),
                },
                None => panic!(concat!(
                    "spec::",
                    stringify!($spec),
                    " has no field ",
                    stringify!($name)
                )),
            }
        }
    };
}
// For the loader's submodules (`tours`), which a `macro_rules!` defined below their `mod`
// line would not reach.
use field;

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

/// Whether a value has the JSON type of `shape` ([`Shape::json_type`], matched on the shape
/// rather than on that name: this runs for every field of every object).
fn has_json_type(value: &Value, shape: &Shape) -> bool {
    match (value, shape) {
        (Value::Number(n), Shape::Integer) => n.fract() == 0.0,
        (Value::Number(_), Shape::Number) => true,
        (Value::Object(_), Shape::Text | Shape::Object(_) | Shape::SourceRef) => true,
        (Value::Array(_), Shape::List(_)) => true,
        (Value::String(_), shape) => !matches!(
            shape,
            Shape::Integer
                | Shape::Number
                | Shape::Text
                | Shape::Object(_)
                | Shape::SourceRef
                | Shape::List(_)
        ),
        _ => false,
    }
}

/// Whether text is empty or only white space; most text starts with a visible ASCII
/// character, which answers without walking it.
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => text.trim().is_empty(),
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

/// Text → dataset, adding every problem found to `problems`.
fn read(text: &str, problems: &mut Vec<Problem>) -> Option<Dataset> {
    let start = Position { line: 1, column: 1 };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            problems.push(Problem::new(Code::ByteOrderMark, "", Some(start)));
            rest
        }
        None => text,
    };
    if let Some(too_large) = limits::check_size(text.len() as u64) {
        problems.push(too_large);
        return None;
    }
    if text.trim().is_empty() {
        problems.push(Problem::new(Code::EmptyFile, "", Some(start)));
        return None;
    }
    let doc = match json::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(Problem::from_syntax_error(&e));
            return None;
        }
    };
    let mut loader = Loader {
        doc: &doc,
        problems: std::mem::take(problems),
        ids: HashMap::default(),
        shared_sources: Vec::new(),
    };
    let dataset = loader.dataset(doc.root());
    *problems = loader.problems;
    dataset
}

impl<'j> Loader<'j> {
    fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn dataset(&mut self, root: &'j Node<'j>) -> Option<Dataset> {
        let top = self.object(root, JsonPath::Root, &spec::DATASET)?;
        if !self.lists_within_limits(&top) {
            return None;
        }
        self.check_format(&top);
        self.register_ids(&top);

        let title = self.text(&top, field!(DATASET, title));
        let languages = self.languages(&top);
        let cities: Vec<Option<City>> =
            self.list(&top, field!(DATASET, cities), |l, node, path| {
                l.city(node, path)
            });
        let networks = self.list(&top, field!(DATASET, networks), |l, node, path| {
            l.body(node, path)
        });
        let organisations = self.list(&top, field!(DATASET, organisations), |l, node, path| {
            l.body(node, path)
        });
        let home_cities = self.home_cities(&top);
        self.shared_sources = self.list(&top, field!(DATASET, sources), |l, node, path| {
            l.source_object(node, path, &SourceFields::SHARED)
        });
        let credits = self.text(&top, field!(DATASET, credits));
        let licence = self.licence(&top);
        let cooperations = self.list(&top, field!(DATASET, cooperations), |l, node, path| {
            l.cooperation(node, path)
        });
        let events = self.list(&top, field!(DATASET, events), |l, node, path| {
            l.event(node, path)
        });
        let tours = self.list(&top, field!(DATASET, tours), |l, node, path| {
            l.tour(node, path, home_cities.as_deref())
        });
        if let Some(positions) = self.cooperations_positions(&top) {
            if let Some(home) = &home_cities {
                self.check_home_parties(home, &positions, &cooperations);
            }
            for p in crate::checks::duplicate_links(&positions, &cooperations) {
                self.report(p);
            }
        }

        Some(
            Dataset {
                title: title?,
                languages: languages?,
                home_cities: home_cities?,
                cities: cities.into_iter().collect::<Option<_>>()?,
                networks: networks.into_iter().collect::<Option<_>>()?,
                organisations: organisations.into_iter().collect::<Option<_>>()?,
                cooperations: cooperations.into_iter().collect::<Option<_>>()?,
                events: events.into_iter().collect::<Option<_>>()?,
                tours: tours.into_iter().collect::<Option<_>>()?,
                credits,
                licence: licence?,
                index: Index::default(),
            }
            .indexed(),
        )
    }

    /// Checks an object's members against its field table and returns the usable ones.
    fn object<'p>(
        &mut self,
        node: &'j Node<'j>,
        path: JsonPath<'p>,
        spec: &'static ObjectSpec,
    ) -> Option<Obj<'j, 'p>> {
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, path, "type.object");
            return None;
        };
        let members = self.doc.members(*members);
        let mut obj = Obj {
            path,
            spec,
            fields: [None; spec::MAX_FIELDS],
        };
        // The first member of each known field, and the unknown ones (rare: only so that a
        // repeated unknown field is reported as repeated).
        let mut first_of: [Option<&Member>; spec::MAX_FIELDS] = [None; spec::MAX_FIELDS];
        let mut unknown: Vec<&Member> = Vec::new();
        let mut next_field = 0;
        for member in members {
            let member_path = path.field(&member.key);
            let known = spec.position_from(&member.key, next_field);
            if let Some(i) = known {
                next_field = i + 1;
            }
            let first = match known {
                Some(i) => first_of[i],
                None => unknown.iter().find(|m| m.key == member.key).copied(),
            };
            if let Some(first) = first {
                self.report(
                    Problem::new(Code::DuplicateKey, member_path, Some(member.key_at))
                        .with("field", member.key.clone())
                        .with("first_line", first.key_at.line.to_string()),
                );
                continue;
            }
            let Some(i) = known else {
                unknown.push(member);
                let suggestion = did_you_mean(&member.key, spec.fields.iter().map(|f| f.name));
                let mut p = Problem::new(Code::UnknownField, member_path, Some(member.key_at))
                    .with("field", member.key.clone());
                if let Some(s) = suggestion {
                    p = p.with("suggestion", s).variant("suggest");
                }
                self.report(p);
                continue;
            };
            first_of[i] = Some(member);
            let field = &spec.fields[i];
            if matches!(member.value.value, Value::Null) && !field.required {
                continue; // an explicit null means "not given"
            }
            if !has_json_type(&member.value.value, &field.shape) {
                self.wrong_type(&member.value, member_path, field.shape.type_term());
                continue;
            }
            obj.fields[i] = Some(&member.value);
        }
        for (field, first) in spec.fields.iter().zip(first_of) {
            if field.required && first.is_none() {
                self.report(
                    Problem::new(Code::MissingField, path.field(field.name), Some(node.at))
                        .with("field", field.name),
                );
            }
        }
        Some(obj)
    }

    fn wrong_type(&mut self, node: &Node, path: JsonPath<'_>, expected: &'static str) {
        self.report(
            Problem::new(Code::WrongType, path, Some(node.at))
                .term("expected", expected)
                .term("found", json_type_term(&node.value)),
        );
    }

    fn check_format(&mut self, top: &Obj<'j, '_>) {
        if let Some(node) = top.get(field!(DATASET, format)) {
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

    /// Refuses a list longer than [`limits::MAX_LIST_ITEMS`] before any item is read, so a
    /// million cities cost one problem, not a million.
    fn lists_within_limits(&mut self, top: &Obj<'j, '_>) -> bool {
        let mut within = true;
        for field in [
            field!(DATASET, cities),
            field!(DATASET, networks),
            field!(DATASET, organisations),
            field!(DATASET, cooperations),
            field!(DATASET, events),
            field!(DATASET, tours),
            field!(DATASET, sources),
            field!(DATASET, home_cities),
            field!(DATASET, languages),
        ] {
            if let Some(Node {
                value: Value::Array(items),
                at,
            }) = top.get(field)
            {
                if let Some(problem) = limits::check_list(field.name, items.len(), *at) {
                    self.report(problem);
                    within = false;
                }
            }
        }
        within
    }

    /// First pass: every item's id, so references anywhere can be resolved.
    fn register_ids(&mut self, top: &Obj<'j, '_>) {
        let lists = [
            (field!(DATASET, cities), Sort::City),
            (field!(DATASET, networks), Sort::Network),
            (field!(DATASET, organisations), Sort::Organisation),
            (field!(DATASET, cooperations), Sort::Cooperation),
            (field!(DATASET, events), Sort::Event),
            (field!(DATASET, tours), Sort::Tour),
            (field!(DATASET, sources), Sort::Source),
        ];
        // Sized once: growing rehashes every id so far.
        let count: usize = lists
            .iter()
            .filter_map(|(field, _)| match top.get(*field) {
                Some(Node {
                    value: Value::Array(items),
                    ..
                }) => Some(items.len()),
                _ => None,
            })
            .sum();
        self.ids.reserve(count);
        for (field, sort) in lists {
            let name = field.name;
            let Some(Node {
                value: Value::Array(items),
                ..
            }) = top.get(field)
            else {
                continue;
            };
            let items = self.doc.items(*items);
            for (i, item) in items.iter().enumerate() {
                let Value::Object(members) = &item.value else {
                    continue;
                };
                let members = self.doc.members(*members);
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
                let id: &'j str = id;
                let first = match self.ids.entry(id) {
                    Entry::Occupied(first) => first.get().clone(),
                    Entry::Vacant(slot) => {
                        slot.insert(Registered {
                            sort,
                            list: name,
                            index: i,
                            at: *at,
                        });
                        continue;
                    }
                };
                let list = JsonPath::Root.field(name);
                let item = list.index(i);
                self.report(
                    Problem::new(Code::DuplicateId, item.field("id"), Some(*at))
                        .with("id", id)
                        .with("first_path", format!("{}[{}].id", first.list, first.index))
                        .with("first_line", first.at.line.to_string()),
                );
            }
        }
    }

    fn list<T>(
        &mut self,
        obj: &Obj<'j, '_>,
        field: Field,
        mut read: impl FnMut(&mut Self, &'j Node<'j>, JsonPath<'_>) -> Option<T>,
    ) -> Vec<Option<T>> {
        let Some(Node {
            value: Value::Array(items),
            ..
        }) = obj.get(field)
        else {
            return Vec::new();
        };
        let items = self.doc.items(*items);
        let path = obj.path_of(field);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| read(self, item, path.index(i)))
            .collect()
    }

    fn string(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<(&'j str, Position)> {
        match obj.get(field) {
            Some(Node {
                value: Value::String(s),
                at,
            }) => {
                if is_blank(s) {
                    self.report(
                        Problem::new(Code::EmptyText, obj.path_of(field), Some(*at))
                            .with("field", field.name),
                    );
                    None
                } else {
                    Some((&**s, *at))
                }
            }
            _ => None,
        }
    }

    fn opt_string(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<String> {
        self.string(obj, field).map(|(s, _)| s.to_owned())
    }

    fn number(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<(f64, Position)> {
        match obj.get(field) {
            Some(Node {
                value: Value::Number(n),
                at,
            }) => Some((*n, *at)),
            _ => None,
        }
    }

    fn text(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<Text> {
        let node = obj.get(field)?;
        self.text_node(node, obj.path_of(field), field.name)
    }

    fn text_node(&mut self, node: &Node, path: JsonPath<'_>, name: &str) -> Option<Text> {
        let Value::Object(members) = &node.value else {
            return None;
        };
        let members = self.doc.members(*members);
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut ok = true;
        for (i, m) in members.iter().enumerate() {
            let member_path = path.field(&m.key);
            if let Some(first) = members[..i].iter().find(|f| f.key == m.key) {
                self.report(
                    Problem::new(Code::DuplicateKey, member_path, Some(m.key_at))
                        .with("field", m.key.clone())
                        .with("first_line", first.key_at.line.to_string()),
                );
                ok = false;
                continue;
            }
            if !lang::is_language_tag(&m.key) {
                self.report(
                    Problem::new(Code::InvalidValue, member_path, Some(m.key_at))
                        .with("value", m.key.clone())
                        .variant("language"),
                );
                ok = false;
            }
            match &m.value.value {
                Value::String(s) if !is_blank(s) => {
                    entries.push((m.key.as_ref().to_owned(), s.as_ref().to_owned()))
                }
                Value::String(_) => {
                    self.report(
                        Problem::new(Code::EmptyText, member_path, Some(m.value.at))
                            .with("field", name.to_owned()),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(&m.value, member_path, "type.string");
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

    fn date(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<PartialDate> {
        let (text, at) = self.string(obj, field)?;
        match PartialDate::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let mut p = Problem::new(Code::InvalidDate, obj.path_of(field), Some(at))
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

    fn url(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<String> {
        let (text, at) = self.string(obj, field)?;
        let rest = text.strip_prefix("https://");
        let host_ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !host.contains(char::is_whitespace) && !host.contains('@')
        });
        if host_ok && !text.contains(char::is_whitespace) {
            Some(text.to_owned())
        } else {
            self.report(
                Problem::new(Code::InsecureUrl, obj.path_of(field), Some(at))
                    .with("url", text.to_owned()),
            );
            None
        }
    }

    fn enum_key(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<&'static str> {
        let Shape::Enum(allowed) = obj.spec.fields[field.index].shape else {
            return None;
        };
        let (text, at) = self.string(obj, field)?;
        if let Some(key) = allowed.iter().find(|k| **k == text) {
            return Some(key);
        }
        let mut p = Problem::new(Code::InvalidValue, obj.path_of(field), Some(at))
            .with("value", text.to_owned())
            .with("field", field.name)
            .with("allowed", allowed.join(", "));
        if let Some(s) = did_you_mean(text, allowed.iter().copied()) {
            p = p.with("suggestion", s).variant("suggest");
        }
        self.report(p);
        None
    }

    fn id(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<String> {
        let (id, at) = self.string(obj, field)?;
        self.check_id_shape(id, at, obj.path_of(field))
            .then(|| id.to_owned())
    }

    fn check_id_shape(&mut self, id: &str, at: Position, path: JsonPath<'_>) -> bool {
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
        path: JsonPath<'_>,
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
                    .map(|(k, _)| *k)
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

    fn city_ref(&mut self, id: &str, at: Position, path: JsonPath<'_>) -> Option<CityIx> {
        self.resolve(id, at, path, &[Sort::City], "sort.cities")
            .map(|(_, i)| CityIx(i))
    }

    fn languages(&mut self, top: &Obj<'j, '_>) -> Option<Vec<String>> {
        let Some(Node {
            value: Value::Array(items),
            at,
        }) = top.get(field!(DATASET, languages))
        else {
            return None;
        };
        let items = self.doc.items(*items);
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let languages = JsonPath::Root.field("languages");
            let path = languages.index(i);
            match &item.value {
                Value::String(tag) if lang::is_language_tag(tag) => {
                    out.push(tag.as_ref().to_owned())
                }
                Value::String(tag) => {
                    self.report(
                        Problem::new(Code::InvalidValue, path, Some(item.at))
                            .with("value", tag.clone())
                            .variant("language"),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(item, path, "type.string");
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

    fn home_cities(&mut self, top: &Obj<'j, '_>) -> Option<Vec<CityIx>> {
        let Some(Node {
            value: Value::Array(items),
            at,
        }) = top.get(field!(DATASET, home_cities))
        else {
            return None;
        };
        let items = self.doc.items(*items);
        if items.is_empty() {
            self.report(
                Problem::new(Code::MissingField, "home_cities", Some(*at))
                    .with("field", "home_cities")
                    .variant("empty"),
            );
            return None;
        }
        let mut out = Vec::new();
        // Flags beside the list: every city of a converted twin-city list is a home city, and
        // a scan of the list per entry was quadratic.
        let mut seen = CityFlags::default();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let home_cities = JsonPath::Root.field("home_cities");
            let path = home_cities.index(i);
            let Value::String(id) = &item.value else {
                self.wrong_type(item, path, "type.string");
                ok = false;
                continue;
            };
            match self.city_ref(id, item.at, path) {
                Some(c) if seen.set(c) => {
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

    fn city(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<City> {
        let obj = self.object(node, path, &spec::CITY)?;
        let id = self.id(&obj, field!(CITY, id));
        let names = self.text(&obj, field!(CITY, names));
        let country = self
            .string(&obj, field!(CITY, country))
            .and_then(|(c, at)| {
                if crate::checks::is_country_code(c) {
                    Some(c.to_owned())
                } else {
                    self.report(
                        Problem::new(
                            Code::InvalidValue,
                            obj.path_of(field!(CITY, country)),
                            Some(at),
                        )
                        .with("value", c.to_owned())
                        .variant("country"),
                    );
                    None
                }
            });
        let lon = self.coordinate(&obj, field!(CITY, lon_deg), 180.0);
        let lat = self.coordinate(&obj, field!(CITY, lat_deg), 90.0);
        let place_kind = match self.enum_key(&obj, field!(CITY, place_kind)) {
            Some("metropolitan_area") => PlaceKind::MetropolitanArea,
            Some("region") => PlaceKind::Region,
            _ => PlaceKind::City,
        };
        let identification = match self.enum_key(&obj, field!(CITY, identification)) {
            Some("uncertain") => Identification::Uncertain,
            _ => Identification::Certain,
        };
        let location_note = self.text(&obj, field!(CITY, location_note));
        let identification_note = self.text(&obj, field!(CITY, identification_note));
        let geonames_id = self
            .number(&obj, field!(CITY, geonames_id))
            .map(|(n, _)| n as u64);
        let wikidata_id = self.opt_string(&obj, field!(CITY, wikidata_id));
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

    fn coordinate(&mut self, obj: &Obj<'j, '_>, field: Field, limit: f64) -> Option<f64> {
        let (value, at) = self.number(obj, field)?;
        if value.abs() <= limit {
            return Some(value);
        }
        self.report(
            Problem::new(Code::CoordinateOutOfRange, obj.path_of(field), Some(at))
                .with("field", field.name)
                .with("value", format_number(value))
                .with("min", format_number(-limit))
                .with("max", format_number(limit)),
        );
        None
    }

    fn body(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<Body> {
        let obj = self.object(node, path, &spec::BODY)?;
        let id = self.id(&obj, field!(BODY, id));
        let names = self.text(&obj, field!(BODY, names));
        let website = obj
            .get(field!(BODY, website))
            .map(|_| self.url(&obj, field!(BODY, website)));
        let headquarters = self
            .string(&obj, field!(BODY, headquarters_city_id))
            .map(|(hq, at)| self.city_ref(hq, at, obj.path_of(field!(BODY, headquarters_city_id))));
        Some(Body {
            id: id?,
            names: names?,
            website: transpose(website)?,
            headquarters: transpose(headquarters)?,
        })
    }

    fn sources(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<Vec<Source>> {
        let node = obj.get(field)?;
        let Value::Array(items) = &node.value else {
            return None;
        };
        let items = self.doc.items(*items);
        if items.is_empty() {
            self.report(Problem::new(
                Code::NoSources,
                obj.path_of(field),
                Some(node.at),
            ));
            return None;
        }
        let path = obj.path_of(field);
        let read: Vec<Option<Source>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.source(item, path.index(i)))
            .collect();
        read.into_iter().collect()
    }

    /// A source written out, or cited by the id of one in the top-level `sources`.
    fn source(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<Source> {
        let Value::String(id) = &node.value else {
            return self.source_object(node, path, &SourceFields::OWN);
        };
        let (_, i) = self.resolve(id, node.at, path, &[Sort::Source], "sort.sources")?;
        // A shared source with errors was reported where it is written.
        self.shared_sources.get(i).cloned().flatten()
    }

    /// A source object: one written out in a link or event, or one of the top-level
    /// `sources` (which has an id).
    fn source_object(
        &mut self,
        node: &'j Node<'j>,
        path: JsonPath<'_>,
        fields: &SourceFields,
    ) -> Option<Source> {
        let obj = self.object(node, path, fields.spec)?;
        if let Some(id) = fields.id {
            self.id(&obj, id)?;
        }
        let title = self.opt_string(&obj, fields.title);
        let url = obj.get(fields.url).map(|_| self.url(&obj, fields.url));
        let accessed = obj
            .get(fields.accessed)
            .map(|_| self.date(&obj, fields.accessed));
        let note = self.opt_string(&obj, fields.note);
        let archived = obj
            .get(fields.archived)
            .map(|_| self.archive(&obj, fields.archived));
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
    fn archive(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<String> {
        let (text, at) = self.string(obj, field)?;
        if text.starts_with("https://") {
            return self.url(obj, field);
        }
        let relative_ok = !text.starts_with('/')
            && !text.contains([':', '\\'])
            && !text.contains(char::is_whitespace)
            && !text.split('/').any(|part| part == ".." || part.is_empty());
        if relative_ok {
            Some(text.to_owned())
        } else {
            self.report(
                Problem::new(Code::InvalidValue, obj.path_of(field), Some(at))
                    .with("value", text.to_owned())
                    .variant("archived"),
            );
            None
        }
    }

    fn licence(&mut self, top: &Obj<'j, '_>) -> Option<Option<Licence>> {
        let Some(node) = top.get(field!(DATASET, licence)) else {
            return Some(None);
        };
        let obj = self.object(node, top.path_of(field!(DATASET, licence)), &spec::LICENCE)?;
        let name = self.opt_string(&obj, field!(LICENCE, name));
        let url = obj
            .get(field!(LICENCE, url))
            .map(|_| self.url(&obj, field!(LICENCE, url)));
        Some(Some(Licence {
            name: name?,
            url: transpose(url)?,
        }))
    }

    fn legal_instrument(
        &mut self,
        obj: &Obj<'j, '_>,
        field: Field,
    ) -> Option<Option<LegalInstrument>> {
        let Some(node) = obj.get(field) else {
            return Some(None);
        };
        let inner = self.object(node, obj.path_of(field), &spec::LEGAL_INSTRUMENT)?;
        let title = self.text(&inner, field!(LEGAL_INSTRUMENT, title));
        let number = self.opt_string(&inner, field!(LEGAL_INSTRUMENT, number));
        let date = inner
            .get(field!(LEGAL_INSTRUMENT, date))
            .map(|_| self.date(&inner, field!(LEGAL_INSTRUMENT, date)));
        Some(Some(LegalInstrument {
            title: title?,
            number,
            date: transpose(date)?,
        }))
    }

    fn cooperation(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<Cooperation> {
        let obj = self.object(node, path, &spec::COOPERATION)?;
        let id = self.id(&obj, field!(COOPERATION, id));
        let kind = self
            .enum_key(&obj, field!(COOPERATION, kind))
            .and_then(LinkKind::from_key);
        let kind_label = self.text(&obj, field!(COOPERATION, kind_label));
        let parties = self.parties(&obj);
        let start = obj
            .get(field!(COOPERATION, start))
            .map(|_| self.date(&obj, field!(COOPERATION, start)));
        let end = obj
            .get(field!(COOPERATION, end))
            .map(|_| self.date(&obj, field!(COOPERATION, end)));
        if let (Some(Some(s)), Some(Some(e)), Some(end_node)) =
            (start, end, obj.get(field!(COOPERATION, end)))
        {
            if e.certainly_before(&s) {
                self.report(
                    Problem::new(
                        Code::EndBeforeStart,
                        obj.path_of(field!(COOPERATION, end)),
                        Some(end_node.at),
                    )
                    .with("start", s.to_string())
                    .with("end", e.to_string()),
                );
                return None;
            }
        }
        let status = match obj.get(field!(COOPERATION, status)) {
            Some(_) => Some(
                self.enum_key(&obj, field!(COOPERATION, status))
                    .and_then(Status::from_key),
            ),
            None => Some(Some(Status::Unknown)),
        };
        let themes = self.themes(&obj);
        let description = self.text(&obj, field!(COOPERATION, description));
        let legal_instrument = self.legal_instrument(&obj, field!(COOPERATION, legal_instrument));
        let sources = self.sources(&obj, field!(COOPERATION, sources));
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

    fn parties(&mut self, obj: &Obj<'j, '_>) -> Option<Vec<Party>> {
        let node = obj.get(field!(COOPERATION, parties))?;
        let Value::Array(items) = &node.value else {
            return None;
        };
        let items = self.doc.items(*items);
        let path = obj.path_of(field!(COOPERATION, parties));
        if items.len() < 2 {
            self.report(
                Problem::new(Code::TooFewParties, path, Some(node.at))
                    .with("count", items.len().to_string()),
            );
        }
        let mut out: Vec<Party> = Vec::new();
        let mut ok = items.len() >= 2;
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            let Value::String(id) = &item.value else {
                self.wrong_type(item, item_path, "type.string");
                ok = false;
                continue;
            };
            let resolved = self.resolve(
                id,
                item.at,
                item_path,
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

    fn themes(&mut self, obj: &Obj<'j, '_>) -> Option<Vec<String>> {
        let Some(node) = obj.get(field!(COOPERATION, themes)) else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &node.value else {
            return None;
        };
        let items = self.doc.items(*items);
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let themes = obj.path_of(field!(COOPERATION, themes));
            let path = themes.index(i);
            match &item.value {
                Value::String(t) if is_valid_theme(t) => out.push(t.as_ref().to_owned()),
                Value::String(t) => {
                    self.report(
                        Problem::new(Code::InvalidValue, path, Some(item.at))
                            .with("value", t.clone())
                            .variant("theme"),
                    );
                    ok = false;
                }
                _ => {
                    self.wrong_type(item, path, "type.string");
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn event(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<Event> {
        let obj = self.object(node, path, &spec::EVENT)?;
        let id = self.id(&obj, field!(EVENT, id));
        let city = self
            .string(&obj, field!(EVENT, city_id))
            .and_then(|(c, at)| self.city_ref(c, at, obj.path_of(field!(EVENT, city_id))));
        let date = self.date(&obj, field!(EVENT, date));
        let title = self.text(&obj, field!(EVENT, title));
        let description = self.text(&obj, field!(EVENT, description));
        let legal_instrument = self.legal_instrument(&obj, field!(EVENT, legal_instrument));
        let sources = self.sources(&obj, field!(EVENT, sources));
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

    /// Where each cooperation starts, in file order.
    fn cooperations_positions(&self, top: &Obj) -> Option<Vec<Position>> {
        let Node {
            value: Value::Array(items),
            ..
        } = top.get(field!(DATASET, cooperations))?
        else {
            return None;
        };
        Some(self.doc.items(*items).iter().map(|n| n.at).collect())
    }

    fn check_home_parties(
        &mut self,
        home: &[CityIx],
        positions: &[Position],
        coops: &[Option<Cooperation>],
    ) {
        let mut is_home = CityFlags::default();
        for &c in home {
            is_home.set(c);
        }
        for (i, (at, coop)) in positions.iter().zip(coops).enumerate() {
            let Some(coop) = coop else { continue };
            let touches_home = coop
                .parties
                .iter()
                .any(|p| matches!(p, Party::City(c) if is_home.get(*c)));
            if !touches_home {
                let list = JsonPath::Root.field("cooperations");
                let item = list.index(i);
                self.report(
                    Problem::new(Code::HomeCityNotParty, item.field("parties"), Some(*at))
                        .with("id", coop.id.clone()),
                );
            }
        }
    }
}

/// The fields of a source object, found at compile time in either of the two specs that
/// describe one: [`spec::SOURCE`] (written out where it is cited) and [`spec::SHARED_SOURCE`]
/// (in the top-level `sources`, with an id).
struct SourceFields {
    spec: &'static ObjectSpec,
    id: Option<Field>,
    title: Field,
    url: Field,
    accessed: Field,
    note: Field,
    archived: Field,
}

impl SourceFields {
    const OWN: SourceFields = SourceFields {
        spec: &spec::SOURCE,
        id: None,
        title: field!(SOURCE, title),
        url: field!(SOURCE, url),
        accessed: field!(SOURCE, accessed),
        note: field!(SOURCE, note),
        archived: field!(SOURCE, archived),
    };

    const SHARED: SourceFields = SourceFields {
        spec: &spec::SHARED_SOURCE,
        id: Some(field!(SHARED_SOURCE, id)),
        title: field!(SHARED_SOURCE, title),
        url: field!(SHARED_SOURCE, url),
        accessed: field!(SHARED_SOURCE, accessed),
        note: field!(SHARED_SOURCE, note),
        archived: field!(SHARED_SOURCE, archived),
    };
}

/// A yes/no per city, by index: cheaper than a set for the thousands of home cities.
#[derive(Default)]
struct CityFlags(Vec<bool>);

impl CityFlags {
    /// Sets the city's flag; whether it was already set.
    fn set(&mut self, c: CityIx) -> bool {
        if self.0.len() <= c.0 {
            self.0.resize(c.0 + 1, false);
        }
        std::mem::replace(&mut self.0[c.0], true)
    }

    fn get(&self, c: CityIx) -> bool {
        self.0.get(c.0).copied().unwrap_or(false)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_types_match_each_shapes_type_name() {
        let shapes = [
            Shape::String,
            Shape::Integer,
            Shape::Number,
            Shape::Text,
            Shape::Id,
            Shape::Date,
            Shape::Url,
            Shape::Country,
            Shape::Language,
            Shape::Enum(spec::STATUSES),
            Shape::SourceRef,
            Shape::Archive,
            Shape::List(&Shape::String),
            Shape::Object(&spec::SOURCE),
        ];
        let values = [
            (Value::Null, "null"),
            (Value::Bool(true), "bool"),
            (Value::Number(2.0), "integer"),
            (Value::Number(2.5), "number"),
            (Value::String("x".into()), "string"),
            (Value::Array(json::Items::default()), "array"),
            (Value::Object(json::Members::default()), "object"),
        ];
        for shape in &shapes {
            for (value, kind) in &values {
                // The rule as the spec states it, by the type's name.
                let expected = match (*kind, shape.json_type()) {
                    ("integer", "integer" | "number") => true,
                    ("number", "number") => true,
                    (kind, wanted) => kind == wanted,
                };
                assert_eq!(has_json_type(value, shape), expected, "{shape:?} {value:?}");
            }
        }
    }

    #[test]
    fn a_repeated_language_says_where_the_first_one_is() {
        let text = "{\"format\": 1,\n\"title\": {\"en\": \"A\",\n  \"en\": \"B\"}}";
        let loaded = load(text);
        let p = loaded
            .problems
            .iter()
            .find(|p| p.code == Code::DuplicateKey)
            .expect("a duplicate-key problem");
        assert_eq!(p.path, "title.en");
        assert_eq!(p.at, Some(Position { line: 3, column: 3 }));
        assert_eq!(p.param("first_line"), Some("2"));
    }

    #[test]
    fn paths_read_as_written() {
        let root = JsonPath::Root;
        let list = root.field("cooperations");
        let item = list.index(3);
        assert_eq!(
            item.field("parties").index(1).to_string(),
            "cooperations[3].parties[1]"
        );
        assert_eq!(root.to_string(), "");
        assert_eq!(String::from(root.field("title")), "title");
    }
}
