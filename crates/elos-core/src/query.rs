//! The page's address as state: the query string read into a typed [`Query`], with every
//! parameter that could not be used and why ([`Ignored`]), and written back the same way, so
//! that every view can be linked to. The page only reads `location.search` and writes the
//! history; what the parameters mean is decided here.

use std::borrow::Cow;

use crate::filter::{Facet, Filters};
use crate::i18n::Catalogue;
use crate::model::{Dataset, LinkKind};
use crate::table::Sort;

/// Main view: the map with the timeline, or the table (the map's text equivalent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Map,
    Table,
}

impl View {
    /// The `view=` value.
    pub fn key(self) -> &'static str {
        match self {
            View::Map => "map",
            View::Table => "table",
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        [View::Map, View::Table]
            .into_iter()
            .find(|v| v.key() == key)
    }
}

/// Why a parameter or one of its values was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A parameter Elos does not read (`?colour=red`); the name is the ignored value.
    UnknownParameter,
    /// `view=` other than `map` or `table`.
    UnknownView,
    /// `from=`/`to=` not a whole year from -9999 to 9999.
    NotAYear,
    /// `sort=` not a column of the table (with `-` for descending).
    UnknownSort,
    /// An option that exists in no dataset: `kind=twin`, `continent=XX`, `country=BRA`,
    /// `hide=…`.
    UnknownOption,
    /// An id or option that the loaded dataset does not have (`sel=`, `theme=`, `country=`,
    /// `network=`): only known once the data is in.
    NotInDataset,
    /// A present-mode parameter (`crate::present::params`).
    Present(crate::present::params::Reason),
}

/// A parameter value that could not be used, for the page's one gentle notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// The parameter; empty for [`Reason::UnknownParameter`], whose name is `value`.
    pub param: &'static str,
    pub value: String,
    pub reason: Reason,
}

impl Ignored {
    pub fn new(param: &'static str, value: &str, reason: Reason) -> Ignored {
        Ignored {
            param,
            value: value.to_owned(),
            reason,
        }
    }

    /// `view=“globe”`, or `“colour”` for an unknown parameter; the value isolated so that a
    /// right-to-left override in it cannot turn the sentence around it.
    pub fn shown(&self) -> String {
        let value = shortened(&self.value);
        let value = crate::lang::isolate(&value);
        if self.param.is_empty() {
            format!("“{value}”")
        } else {
            format!("{}=“{value}”", self.param)
        }
    }
}

/// The most characters of an address's value the notice repeats: a link can carry 10,000,
/// and the notice is there to say what was left out, not to show it all.
pub const SHOWN_CHARS: usize = 60;

/// `text` cut to [`SHOWN_CHARS`] characters, with "…" when cut.
fn shortened(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Every parameter the explorer reads besides the filter groups ([`Facet::key`]).
const NAMES: [&str; 10] = [
    "lang", "city", "sel", "view", "hide", "data", "from", "to", "q", "sort",
];

/// Whether the page reads a parameter of this name (the explorer's, the filter groups',
/// present mode's or the embedding host's).
pub fn is_known(name: &str) -> bool {
    NAMES.contains(&name)
        || crate::embed::NAMES.contains(&name)
        || crate::present::params::NAMES.contains(&name)
        || Facet::ALL.iter().any(|f| f.key() == name)
}

/// Years the window accepts from an address.
const YEARS: std::ops::RangeInclusive<i32> = -9999..=9999;

/// What the address says about the explorer's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub lang: Option<String>,
    /// The chosen home city's id; `None` shows every home city.
    pub city: Option<String>,
    /// The selected item's id.
    pub sel: Option<String>,
    pub view: View,
    pub filters: Filters,
    /// The search box's text.
    pub q: String,
    pub sort: Sort,
    /// The dataset's address; `None` is the site's default.
    pub data: Option<String>,
    /// The time window, whole years, inclusive; `None` leaves that end open.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// How the page sits in a host page (`embed`, `scheme`, `accent`, `transparent`).
    pub look: crate::embed::HostLook,
    /// Present mode and its tour, step and kiosk settings (`mode`, `tour`, `step`, `autoplay`,
    /// `loop`, `idle`, `captions`).
    pub present: crate::present::params::PresentParams,
}

impl Query {
    /// The query string's meaning (`?` optional), and what could not be used. A parameter
    /// given twice counts once, its first value, as `URLSearchParams.get` reads it; an empty
    /// value is no value.
    pub fn parse(search: &str) -> (Query, Vec<Ignored>) {
        let pairs = decode(search);
        Query::from_pairs(&pairs)
    }

    /// [`Query::parse`] of already decoded name–value pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> (Query, Vec<Ignored>) {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let mut ignored: Vec<Ignored> = Vec::new();
        for (name, _) in pairs {
            let unknown = Ignored::new("", name, Reason::UnknownParameter);
            if !is_known(name) && !ignored.contains(&unknown) {
                ignored.push(unknown);
            }
        }
        let view = match get("view") {
            None => View::Map,
            Some(v) => View::from_key(&v).unwrap_or_else(|| {
                ignored.push(Ignored::new("view", &v, Reason::UnknownView));
                View::Map
            }),
        };
        let mut year = |param: &'static str| {
            let text = get(param)?;
            let year = text.parse::<i32>().ok().filter(|y| YEARS.contains(y));
            if year.is_none() {
                ignored.push(Ignored::new(param, &text, Reason::NotAYear));
            }
            year
        };
        let (from, to) = (year("from"), year("to"));
        let sort = match get("sort") {
            None => Sort::default(),
            Some(s) => Sort::parse(&s).unwrap_or_else(|| {
                ignored.push(Ignored::new("sort", &s, Reason::UnknownSort));
                Sort::default()
            }),
        };
        let (mut filters, filter_ignored) = Filters::from_params(get);
        ignored.extend(filter_ignored);
        // `hide=` (the legend's setting in earlier links) is the kind filter's complement.
        if let Some(hide) = get("hide") {
            let mut hidden = Vec::new();
            for key in hide.split(',') {
                match LinkKind::from_key(key) {
                    Some(kind) => hidden.push(kind),
                    None => ignored.push(Ignored::new("hide", key, Reason::UnknownOption)),
                }
            }
            if !hidden.is_empty() && filters.kinds.is_empty() {
                filters.kinds = LinkKind::ALL
                    .into_iter()
                    .filter(|k| !hidden.contains(k))
                    .collect();
            }
        }
        let (look, look_ignored) = crate::embed::HostLook::from_query(get);
        ignored.extend(look_ignored);
        let (present, present_ignored) = crate::present::params::PresentParams::from_query(get);
        ignored.extend(present_ignored.into_iter().map(Ignored::from));
        let query = Query {
            lang: get("lang"),
            city: get("city"),
            sel: get("sel"),
            view,
            filters,
            q: get("q").unwrap_or_default(),
            sort,
            data: get("data"),
            from,
            to,
            look,
            present,
        };
        (query, ignored)
    }

    /// The parameters for this state, in a fixed order, leaving out what is at its default
    /// (the language is always written, so a link opened in another browser keeps it).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut put = |name: &'static str, value: Option<String>| {
            if let Some(v) = value {
                out.push((name, v));
            }
        };
        put("data", self.data.clone());
        put("lang", self.lang.clone());
        for (name, value) in self.look.to_query() {
            put(name, Some(value));
        }
        put("city", self.city.clone());
        put(
            "view",
            (self.view != View::Map).then(|| self.view.key().to_owned()),
        );
        for (name, value) in self.filters.to_params() {
            put(name, Some(value));
        }
        put("q", (!self.q.trim().is_empty()).then(|| self.q.clone()));
        put(
            "sort",
            (self.sort != Sort::default()).then(|| self.sort.key()),
        );
        put("from", self.from.map(|y| y.to_string()));
        put("to", self.to.map(|y| y.to_string()));
        put("sel", self.sel.clone());
        for (name, value) in self.present.to_query() {
            put(name, Some(value));
        }
        out
    }

    /// `?lang=pt-BR&city=ipatinga…`, or `""` when there is nothing to say.
    pub fn to_search(&self) -> String {
        let text = encode(&self.to_pairs());
        if text.is_empty() {
            text
        } else {
            format!("?{text}")
        }
    }

    /// Whether going from `self` to `next` changes what is looked at (home city, selection,
    /// view, filters or present mode): such a change gets its own history entry, so Back returns to it;
    /// the rest (language, search text, order, time window) replaces the current one.
    pub fn navigates_to(&self, next: &Query) -> bool {
        self.city != next.city
            || self.sel != next.sel
            || self.view != next.view
            || self.filters != next.filters
            || self.present.mode != next.present.mode
    }
}

/// What the loaded dataset makes of the ids and options in the address.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Judged {
    /// The `city=` that is not one of the dataset's home cities (all are shown instead).
    pub unknown_city: Option<String>,
    /// Whether `sel=` names an item of the dataset (`false` when there was none).
    pub sel_known: bool,
    /// The filters without the options the dataset does not have.
    pub filters: Filters,
    /// `sel=` and filter options the dataset does not have.
    pub ignored: Vec<Ignored>,
}

/// Checks the address's ids against the dataset, once it is loaded.
pub fn judge(ds: &Dataset, city: Option<&str>, sel: Option<&str>, filters: &Filters) -> Judged {
    let unknown_city = city
        .filter(|id| ds.city_by_id(id).is_none_or(|c| !ds.is_home(c)))
        .map(str::to_owned);
    let sel_known = sel.is_some_and(|id| ds.item_by_id(id).is_some());
    let mut ignored = Vec::new();
    if let Some(id) = sel.filter(|_| !sel_known) {
        ignored.push(Ignored::new("sel", id, Reason::NotInDataset));
    }
    let unknown = filters.unknown_values(ds);
    let filters = filters.without(&unknown);
    ignored.extend(unknown);
    Judged {
        unknown_city,
        sel_known,
        filters,
        ignored,
    }
}

/// The notice for what the address asked for and could not have: an unknown home city, then
/// the list of what was left out. `None` when all was used.
pub fn notice(cat: &Catalogue, unknown_city: Option<&str>, ignored: &[Ignored]) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(id) = unknown_city {
        let id = shortened(id);
        let id = crate::lang::isolate(&id);
        parts.push(cat.format("notice.unknown_city", &[("id", &id)]));
    }
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(Ignored::shown).collect();
        parts.push(cat.format("notice.ignored", &[("list", &list.join(", "))]));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Name–value pairs as `application/x-www-form-urlencoded`, the way `URLSearchParams`
/// writes them: letters, digits and `*-._` as they are, space as `+`, every other byte of
/// the UTF-8 as `%XX`.
pub fn encode(pairs: &[(&str, String)]) -> String {
    fn escape(out: &mut String, text: &str) {
        for b in text.bytes() {
            match b {
                b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => {
                    out.push(char::from(b))
                }
                b' ' => out.push('+'),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789ABCDEF";
                    out.push('%');
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
        }
    }
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        escape(&mut out, name);
        out.push('=');
        escape(&mut out, value);
    }
    out
}

/// A query string (with or without its `?`) as name–value pairs, the way `URLSearchParams`
/// reads it: `+` is a space, `%XX` a byte (a `%` not followed by two hex digits stays as it
/// is), and bytes that are not UTF-8 become U+FFFD.
pub fn decode(search: &str) -> Vec<(String, String)> {
    fn unescape(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    let search = search.strip_prefix('?').unwrap_or(search);
    search
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (unescape(name), unescape(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Continent;
    use crate::model::Status;
    use crate::table::Column;

    fn ignored(list: &[Ignored]) -> Vec<(&str, &str, Reason)> {
        list.iter()
            .map(|i| (i.param, i.value.as_str(), i.reason))
            .collect()
    }

    #[test]
    fn the_notice_cuts_long_values_short() {
        let long = "W".repeat(10_000);
        let (_, left_out) = Query::parse(&format!("?view={long}&{long}=1"));
        let shown: Vec<String> = left_out.iter().map(Ignored::shown).collect();
        let cut = format!("{}…", "W".repeat(SHOWN_CHARS));
        assert_eq!(shown, [format!("“{cut}”"), format!("view=“{cut}”")]);
        assert_eq!(shortened("short"), "short");
    }

    #[test]
    fn reads_every_parameter() {
        let (q, left_out) = Query::parse(
            "?lang=en&city=ipatinga&sel=ipatinga-kitakyushu&view=table&kind=sister_city\
             &country=jp&q=Kita+kyushu&sort=-partner&data=fixtures%2Fx.json&from=1978&to=2020",
        );
        assert!(left_out.is_empty(), "{left_out:?}");
        assert_eq!(q.lang.as_deref(), Some("en"));
        assert_eq!(q.city.as_deref(), Some("ipatinga"));
        assert_eq!(q.sel.as_deref(), Some("ipatinga-kitakyushu"));
        assert_eq!(q.view, View::Table);
        assert_eq!(q.filters.kinds, [LinkKind::SisterCity]);
        assert_eq!(q.filters.countries, ["JP"]);
        assert_eq!(q.q, "Kita kyushu");
        assert_eq!(
            q.sort,
            Sort {
                column: Column::Partner,
                descending: true
            }
        );
        assert_eq!(q.data.as_deref(), Some("fixtures/x.json"));
        assert_eq!((q.from, q.to), (Some(1978), Some(2020)));
    }

    #[test]
    fn says_why_each_thing_was_left_out() {
        let (q, left_out) = Query::parse(
            "colour=red&view=globe&from=abc&to=99999&sort=size&continent=XX&hide=sister_city,twin\
             &colour=blue&mode=present&embed=1",
        );
        assert_eq!(
            ignored(&left_out),
            [
                ("", "colour", Reason::UnknownParameter),
                ("view", "globe", Reason::UnknownView),
                ("from", "abc", Reason::NotAYear),
                ("to", "99999", Reason::NotAYear),
                ("sort", "size", Reason::UnknownSort),
                ("continent", "XX", Reason::UnknownOption),
                ("hide", "twin", Reason::UnknownOption),
            ],
            "an unknown name is reported once; present mode's and the host's names are known"
        );
        assert_eq!(q.view, View::Map);
        assert_eq!((q.from, q.to), (None, None));
        assert_eq!(q.sort, Sort::default());
        assert!(
            !q.filters.shows_kind(LinkKind::SisterCity) && q.filters.shows_kind(LinkKind::Other),
            "hide= is the kind filter's complement"
        );
    }

    #[test]
    fn empty_and_repeated_values() {
        let (q, left_out) = Query::parse("city=&q=&view=&sel=a&sel=b");
        assert!(left_out.is_empty());
        assert_eq!(q.city, None, "an empty value is no value");
        assert_eq!(
            q.sel.as_deref(),
            Some("a"),
            "the first of a repeated parameter"
        );
        assert_eq!(Query::parse(""), (Query::default(), Vec::new()));
        assert_eq!(Query::parse("?"), (Query::default(), Vec::new()));
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let query = Query {
            lang: Some("pt-BR".into()),
            city: Some("belo-horizonte".into()),
            sel: Some("bh-<script>".into()),
            view: View::Table,
            filters: Filters {
                kinds: vec![LinkKind::SisterCity, LinkKind::NetworkMembership],
                themes: vec!["culture".into()],
                countries: vec!["JP".into()],
                continents: vec![Continent::Asia],
                statuses: vec![Status::Active],
                networks: vec!["mercocidades".into()],
            },
            q: "São Paulo & 100% \u{202E}x +1".into(),
            sort: Sort {
                column: Column::Country,
                descending: true,
            },
            data: Some("https://dados.example/a b.json?x=1&y=2".into()),
            from: Some(-500),
            to: Some(2030),
            look: crate::embed::HostLook {
                embed: true,
                scheme: crate::embed::Scheme::Dark,
                accent: crate::embed::Rgb::parse_hex("0b5cad"),
                transparent: true,
                lang: Some("pt-BR"),
            },
            present: crate::present::params::PresentParams {
                mode: crate::present::params::Mode::Present,
                tour_id: Some("visita".into()),
                step_number: Some(3),
                ..Default::default()
            },
        };
        let search = query.to_search();
        assert!(search.starts_with("?data=https%3A%2F%2Fdados.example%2Fa+b.json%3Fx%3D1%26y%3D2&lang=pt-BR&embed=1&scheme=dark&accent=0b5cad&transparent=1&city=belo-horizonte&view=table&kind=sister_city%2Cnetwork_membership"), "{search}");
        assert_eq!(Query::parse(&search), (query, Vec::new()));
        assert_eq!(Query::default().to_search(), "");
    }

    #[test]
    fn encodes_like_url_search_params() {
        // Values from `new URLSearchParams([[name, value]]).toString()` (the WHATWG URL standard, as
        // in Node and Chromium).
        let cases = [
            ("a b", "a+b"),
            ("1,2", "1%2C2"),
            ("*-._~!'()", "*-._%7E%21%27%28%29"),
            ("São", "S%C3%A3o"),
            ("北", "%E5%8C%97"),
            ("\u{202E}", "%E2%80%AE"),
            ("\0", "%00"),
            ("=&?#+%", "%3D%26%3F%23%2B%25"),
        ];
        for (value, written) in cases {
            assert_eq!(encode(&[("q", value.to_owned())]), format!("q={written}"));
            assert_eq!(
                decode(&format!("q={written}")),
                [("q".into(), value.into())]
            );
        }
    }

    #[test]
    fn decodes_what_a_person_may_type() {
        assert_eq!(
            decode("?a=%zz&b=%4&c=%e2%80%ae&d&=e&&f=1=2"),
            [
                ("a".into(), "%zz".into()),
                ("b".into(), "%4".into()),
                ("c".into(), "\u{202E}".into()),
                ("d".into(), String::new()),
                (String::new(), "e".into()),
                ("f".into(), "1=2".into()),
            ]
        );
        assert_eq!(
            decode("q=%FF%FE"),
            [("q".into(), "\u{FFFD}\u{FFFD}".into())],
            "bytes that are not UTF-8"
        );
    }

    #[test]
    fn what_is_looked_at_makes_a_history_entry() {
        let (a, _) = Query::parse("lang=pt-BR&city=ipatinga");
        let mut b = a.clone();
        b.lang = Some("en".into());
        b.q = "kita".into();
        b.from = Some(2000);
        b.sort = Sort::parse("-partner").unwrap();
        assert!(
            !a.navigates_to(&b),
            "language, search, window and order replace"
        );
        for change in [
            |q: &mut Query| q.city = None,
            |q: &mut Query| q.sel = Some("x".into()),
            |q: &mut Query| q.view = View::Table,
            |q: &mut Query| q.filters.kinds = vec![LinkKind::Other],
        ] {
            let mut c = a.clone();
            change(&mut c);
            assert!(a.navigates_to(&c), "{c:?}");
        }
    }

    fn example() -> Dataset {
        crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap()
    }

    #[test]
    fn the_dataset_judges_ids_and_options() {
        let ds = example();
        let (q, _) = Query::parse("city=kitakyushu&sel=atlantis&theme=culture,nothing&network=x");
        let judged = judge(&ds, q.city.as_deref(), q.sel.as_deref(), &q.filters);
        assert_eq!(
            judged.unknown_city.as_deref(),
            Some("kitakyushu"),
            "a city, but not a home city"
        );
        assert!(!judged.sel_known);
        assert_eq!(
            ignored(&judged.ignored),
            [
                ("sel", "atlantis", Reason::NotInDataset),
                ("theme", "nothing", Reason::NotInDataset),
                ("network", "x", Reason::NotInDataset),
            ]
        );
        assert_eq!(judged.filters.themes, ["culture"]);
        assert!(judged.filters.networks.is_empty());

        let fine = judge(
            &ds,
            Some("ipatinga"),
            Some("kitakyushu"),
            &Filters::default(),
        );
        assert_eq!(fine.unknown_city, None);
        assert!(fine.sel_known && fine.ignored.is_empty());
    }

    #[test]
    fn the_notice_isolates_what_the_address_said() {
        let cat = Catalogue::all()
            .into_iter()
            .find(|c| c.lang == "en")
            .unwrap();
        assert_eq!(notice(&cat, None, &[]), None);
        let (_, left_out) = Query::parse("colour=red&view=\u{202E}globe");
        let text = notice(&cat, Some("atlan\u{202E}tis"), &left_out).unwrap();
        assert!(
            text.contains("“\u{2068}atlan\u{202E}tis\u{2069}”"),
            "the override ends with the id: {text}"
        );
        assert!(
            text.ends_with("left out: “colour”, view=“\u{2068}\u{202E}globe\u{2069}”."),
            "{text}"
        );
    }
}
