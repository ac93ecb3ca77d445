//! Message catalogues: one JSON file per language in `crates/elos-core/locales/`, embedded at
//! build time. Messages have named placeholders (`{count}`) and plural forms; dates keep their
//! precision and are written the language's way.

use std::collections::HashMap;

use crate::date::{PartialDate, Precision};
use crate::json::{self, Value};
use crate::problem::{Param, Problem};

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// The language used when nothing else is asked for, and whose keys every catalogue must have.
pub const DEFAULT_LANG: &str = "pt-BR";

/// How a language chooses between plural forms (CLDR cardinal rules for whole numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralRule {
    /// "one" for 0 and 1 (Portuguese, French).
    OneForZeroAndOne,
    /// "one" for 1 only (English, Spanish, German, Italian…).
    OneForOne,
    /// A single form (Japanese, Chinese…).
    NoPlural,
}

impl PluralRule {
    fn from_key(key: &str) -> Option<Self> {
        match key {
            "one-0-1" => Some(Self::OneForZeroAndOne),
            "one-1" => Some(Self::OneForOne),
            "none" => Some(Self::NoPlural),
            _ => None,
        }
    }

    pub fn category(self, n: u64) -> &'static str {
        match self {
            Self::OneForZeroAndOne if n <= 1 => "one",
            Self::OneForOne if n == 1 => "one",
            _ => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Message {
    Plain(String),
    /// Plural category → text.
    Plural(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub lang: String,
    /// The language's own name, for the switcher ("Português").
    pub name: String,
    pub plural: PluralRule,
    messages: HashMap<String, Message>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("catalogue {lang}: {message}")]
pub struct CatalogueError {
    pub lang: String,
    pub message: String,
}

impl Catalogue {
    pub fn parse(lang: &str, text: &str) -> Result<Self, CatalogueError> {
        let err = |message: String| CatalogueError {
            lang: lang.to_owned(),
            message,
        };
        let doc = json::parse(text).map_err(|e| err(e.to_string()))?;
        let Value::Object(members) = doc.root().value else {
            return Err(err("the catalogue must be a JSON object".into()));
        };
        let mut name = None;
        let mut plural = None;
        let mut messages = HashMap::new();
        for m in doc.members(members) {
            match (&*m.key, &m.value.value) {
                ("@name", Value::String(s)) => name = Some(s.to_string()),
                ("@plural", Value::String(s)) => {
                    plural = Some(
                        PluralRule::from_key(s)
                            .ok_or_else(|| err(format!("unknown @plural rule '{s}'")))?,
                    )
                }
                (key, _) if key.starts_with('@') => {}
                (key, Value::String(s)) => {
                    messages.insert(key.to_owned(), Message::Plain(s.to_string()));
                }
                (key, Value::Object(forms)) => {
                    let mut out = Vec::new();
                    for f in doc.members(*forms) {
                        let Value::String(s) = &f.value.value else {
                            return Err(err(format!("{key}.{} must be text", f.key)));
                        };
                        out.push((f.key.to_string(), s.to_string()));
                    }
                    if !out.iter().any(|(c, _)| c == "other") {
                        return Err(err(format!("{key} needs an \"other\" plural form")));
                    }
                    messages.insert(key.to_owned(), Message::Plural(out));
                }
                (key, _) => return Err(err(format!("{key} must be text or plural forms"))),
            }
        }
        Ok(Self {
            lang: lang.to_owned(),
            name: name.ok_or_else(|| err("missing @name".into()))?,
            plural: plural.ok_or_else(|| err("missing @plural".into()))?,
            messages,
        })
    }

    /// Every language there is a catalogue for: (tag, the language's own name), whether or not
    /// it is built in.
    pub fn languages() -> &'static [(&'static str, &'static str)] {
        LANGUAGES
    }

    /// Every built-in catalogue, the default language first.
    pub fn all() -> Vec<Catalogue> {
        let mut all: Vec<Catalogue> = CATALOGUES
            .iter()
            .map(|(lang, text)| {
                Catalogue::parse(lang, text).expect("built-in catalogues are tested")
            })
            .collect();
        crate::order::sort_by_key(&mut all, |c| (c.lang != DEFAULT_LANG, c.lang.clone()));
        all
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// The placeholders a message uses, for checking translations against each other.
    pub fn placeholders(&self, key: &str) -> Vec<String> {
        let texts: Vec<&str> = match self.messages.get(key) {
            Some(Message::Plain(s)) => vec![s],
            Some(Message::Plural(forms)) => forms.iter().map(|(_, s)| s.as_str()).collect(),
            None => vec![],
        };
        let mut out: Vec<String> = texts.iter().flat_map(|t| placeholder_names(t)).collect();
        crate::order::sort_dedup(&mut out);
        out
    }

    pub fn is_plural(&self, key: &str) -> bool {
        matches!(self.messages.get(key), Some(Message::Plural(_)))
    }

    /// A message without parameters; the key itself when missing, so a gap is visible, not blank.
    pub fn t(&self, key: &str) -> String {
        self.format(key, &[])
    }

    /// A message with `{name}` placeholders filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.messages.get(key) {
            Some(Message::Plain(s)) => fill(s, args),
            Some(Message::Plural(forms)) => fill(
                &forms
                    .iter()
                    .find(|(c, _)| c == "other")
                    .map_or(String::new(), |(_, s)| s.clone()),
                args,
            ),
            None => key.to_owned(),
        }
    }

    /// A plural message: the form is chosen by `count`, which fills `{count}` formatted for the language.
    pub fn plural(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let formatted = self.number(count);
        let mut all: Vec<(&str, &str)> = vec![("count", &formatted)];
        all.extend_from_slice(args);
        match self.messages.get(key) {
            Some(Message::Plural(forms)) => {
                let category = self.plural.category(count);
                let text = forms
                    .iter()
                    .find(|(c, _)| c == category)
                    .or_else(|| forms.iter().find(|(c, _)| c == "other"))
                    .map_or("", |(_, s)| s.as_str());
                fill(text, &all)
            }
            _ => self.format(key, &all),
        }
    }

    /// A whole number with the language's digit grouping (`12.345` in pt-BR, `12,345` in en).
    pub fn number(&self, n: u64) -> String {
        let sep = self.messages.get("number.group").map_or(",", |m| match m {
            Message::Plain(s) => s.as_str(),
            Message::Plural(_) => ",",
        });
        let digits = n.to_string();
        if digits.len() <= 4 {
            // "1978" and "2 500" styles differ; short numbers stay ungrouped, as years must.
            return digits;
        }
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A partial date written with its own precision: "1978", "março de 2017", "3 March 2017".
    pub fn date(&self, date: &PartialDate) -> String {
        let year = date.year.to_string();
        match (date.precision(), date.month, date.day) {
            (Precision::Year, _, _) => year,
            (Precision::Month, Some(m), _) => {
                let month = self.t(&format!("month.{m}"));
                self.format("date.month", &[("month", &month), ("year", &year)])
            }
            (_, Some(m), Some(d)) => {
                let month = self.t(&format!("month.{m}"));
                self.format(
                    "date.day",
                    &[("day", &d.to_string()), ("month", &month), ("year", &year)],
                )
            }
            _ => year,
        }
    }

    /// A dataset problem's sentence in this language.
    pub fn problem(&self, problem: &Problem) -> String {
        let key = problem.message_key();
        let key = if self.has(&key) {
            key
        } else {
            format!("problem.{}", problem.code.key())
        };
        let values: Vec<(&str, String)> = problem
            .params
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    // Text from the file: isolated, so it cannot turn the sentence around.
                    Param::Text(t) => crate::lang::isolate(t).into_owned(),
                    Param::Term(term) => self.t(term),
                };
                (*name, text)
            })
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.format(&key, &args)
    }
}

fn placeholder_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The interface language: the address's `lang=` if there is a catalogue for exactly that tag
/// (any case), else the browser's preferences (`navigator.languages`), else pt-BR. A `lang=`
/// with no catalogue is not negotiated (`lang=en-XX` is reported as ignored, not taken as en).
pub fn initial_language<'a>(
    asked: Option<&str>,
    browser: &[&str],
    available: &'a [&'a str],
) -> &'a str {
    match asked {
        Some(tag) if available.iter().any(|a| a.eq_ignore_ascii_case(tag)) => {
            negotiate(&[tag], available)
        }
        _ => negotiate(browser, available),
    }
}

/// Picks a catalogue language from what a browser prefers (`navigator.languages`), falling
/// back to pt-BR: an exact tag first, then the same primary language.
pub fn negotiate<'a>(preferred: &[&str], available: &'a [&'a str]) -> &'a str {
    for want in preferred {
        if let Some(a) = available.iter().find(|a| a.eq_ignore_ascii_case(want)) {
            return a;
        }
        let primary = want.split('-').next().unwrap_or(want);
        if let Some(a) = available.iter().find(|a| {
            a.split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        }) {
            return a;
        }
    }
    available
        .iter()
        .find(|a| **a == DEFAULT_LANG)
        .or(available.first())
        .copied()
        .unwrap_or(DEFAULT_LANG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_language_wins_only_when_there_is_its_catalogue() {
        let available = ["pt-BR", "en", "es"];
        assert_eq!(initial_language(Some("EN"), &["es"], &available), "en");
        assert_eq!(
            initial_language(Some("en-XX"), &["es-AR"], &available),
            "es"
        );
        assert_eq!(initial_language(Some("<script>"), &[], &available), "pt-BR");
        assert_eq!(initial_language(None, &["fr", "en-GB"], &available), "en");
        assert_eq!(initial_language(None, &[], &available), "pt-BR");
    }
    use crate::problem::Code;

    fn cat(lang: &str) -> Catalogue {
        Catalogue::all()
            .into_iter()
            .find(|c| c.lang == lang)
            .unwrap()
    }

    #[test]
    fn every_catalogue_has_every_default_key_with_the_same_placeholders() {
        let all = Catalogue::all();
        assert!(all.len() >= 3, "pt-BR, en and es at least");
        let base = &all[0];
        assert_eq!(base.lang, DEFAULT_LANG);
        for other in &all[1..] {
            for key in base.keys() {
                assert!(other.has(key), "{} misses key {key}", other.lang);
                assert_eq!(
                    base.placeholders(key),
                    other.placeholders(key),
                    "{}: {key} placeholders differ",
                    other.lang
                );
                assert_eq!(
                    base.is_plural(key),
                    other.is_plural(key),
                    "{}: {key} plural-ness differs",
                    other.lang
                );
            }
            for key in other.keys() {
                assert!(base.has(key), "{} has {key}, which pt-BR lacks", other.lang);
            }
        }
    }

    #[test]
    fn every_problem_code_has_a_message() {
        for c in Catalogue::all() {
            for code in Code::ALL {
                let key = format!("problem.{}", code.key());
                assert!(c.has(&key), "{} misses {key}", c.lang);
            }
        }
    }

    #[test]
    fn every_json_syntax_error_has_a_sentence_in_every_language() {
        for c in Catalogue::all() {
            for kind in crate::json::SyntaxErrorKind::examples() {
                let key = format!("problem.not-json.{}", kind.key());
                assert!(c.has(&key), "{} misses {key}", c.lang);
                let mut p = Problem::new(Code::NotJson, "", None).variant(kind.key());
                for (name, value) in kind.params() {
                    p = p.with(name, value);
                }
                let sentence = c.problem(&p);
                assert!(!sentence.contains('{'), "{}: {key}: {sentence}", c.lang);
                assert_eq!(
                    c.placeholders(&key).len(),
                    kind.params().len(),
                    "{}: {key} uses other parameters than it is given",
                    c.lang
                );
            }
        }
    }

    #[test]
    fn syntax_errors_read_in_the_readers_language() {
        let loaded = crate::load("{\"format\": 1,,}");
        let p = &loaded.problems[0];
        assert_eq!(p.code, Code::NotJson);
        let pt = cat("pt-BR").problem(p);
        let es = cat("es").problem(p);
        let en = cat("en").problem(p);
        assert!(
            pt.contains("nome de um campo") && pt.contains("“,”"),
            "{pt}"
        );
        assert!(es.contains("nombre de un campo"), "{es}");
        assert!(en.contains("field name"), "{en}");
        for sentence in [&pt, &es] {
            assert!(!sentence.contains("expected"), "English left in {sentence}");
        }
    }

    #[test]
    fn plurals_follow_the_language() {
        let pt = cat("pt-BR");
        let en = cat("en");
        assert_eq!(pt.plural.category(0), "one");
        assert_eq!(en.plural.category(0), "other");
        assert_eq!(en.plural.category(1), "one");
        let (pt0, en0) = (
            pt.plural("count.links", 0, &[]),
            en.plural("count.links", 0, &[]),
        );
        assert!(pt0.starts_with('0') && en0.starts_with('0'));
        assert_ne!(
            en.plural("count.links", 1, &[]),
            en.plural("count.links", 2, &[]).replace('2', "1")
        );
    }

    #[test]
    fn dates_keep_their_precision() {
        let pt = cat("pt-BR");
        let en = cat("en");
        let es = cat("es");
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(pt.date(&d("1978")), "1978");
        assert_eq!(en.date(&d("1978")), "1978");
        assert_eq!(pt.date(&d("2017-03")), "março de 2017");
        assert_eq!(en.date(&d("2017-03")), "March 2017");
        assert_eq!(pt.date(&d("2017-03-03")), "3 de março de 2017");
        assert_eq!(en.date(&d("2017-03-03")), "3 March 2017");
        assert_eq!(es.date(&d("2017-03-03")), "3 de marzo de 2017");
    }

    #[test]
    fn numbers_are_grouped_for_the_language() {
        assert_eq!(cat("pt-BR").number(12345), "12.345");
        assert_eq!(cat("en").number(12345), "12,345");
        assert_eq!(cat("en").number(1978), "1978");
    }

    #[test]
    fn fills_placeholders_and_keeps_unknown_ones_visible() {
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{a} {missing}", &[("a", "x")]), "x {missing}");
        assert_eq!(fill("no } close {", &[]), "no } close {");
    }

    #[test]
    fn negotiates_the_browser_language() {
        let available = ["en", "es", "pt-BR"];
        assert_eq!(negotiate(&["es-AR", "en"], &available), "es");
        assert_eq!(negotiate(&["pt-PT"], &available), "pt-BR");
        assert_eq!(negotiate(&["de"], &available), "pt-BR");
        assert_eq!(negotiate(&[], &available), "pt-BR");
    }

    #[test]
    fn rejects_broken_catalogues() {
        assert!(Catalogue::parse("xx", "[]").is_err());
        assert!(Catalogue::parse("xx", r#"{"@name":"X"}"#).is_err());
        assert!(
            Catalogue::parse("xx", r#"{"@name":"X","@plural":"one-1","k":{"one":"a"}}"#).is_err()
        );
    }
}
