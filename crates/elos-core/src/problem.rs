//! Problems found in a dataset: a stable code, where it is, and what to do about it.

use crate::json::{Position, SyntaxError, SyntaxErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// Stable problem codes: documented in `docs/dataset.md`, used as message-catalogue keys
/// (`problem.<code>`) and by tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    EmptyFile,
    NotJson,
    WrongType,
    MissingField,
    UnknownField,
    DuplicateKey,
    UnsupportedFormat,
    DuplicateId,
    UnknownId,
    WrongReference,
    InvalidId,
    CoordinateOutOfRange,
    InvalidDate,
    EndBeforeStart,
    InsecureUrl,
    EmptyText,
    InvalidValue,
    TooFewParties,
    NoSources,
    HomeCityNotParty,
    DuplicateLink,
    OutsideCountry,
    ByteOrderMark,
    /// A site configuration's data source or default dataset that cannot be allowed.
    InvalidSource,
    /// More bytes than [`crate::limits::MAX_BYTES`].
    TooLarge,
    /// Lists and objects nested deeper than [`crate::limits::MAX_DEPTH`].
    TooDeep,
    /// More values, or more items in one list, than the limits allow.
    TooMany,
}

impl Code {
    pub const ALL: [Code; 27] = [
        Code::EmptyFile,
        Code::NotJson,
        Code::WrongType,
        Code::MissingField,
        Code::UnknownField,
        Code::DuplicateKey,
        Code::UnsupportedFormat,
        Code::DuplicateId,
        Code::UnknownId,
        Code::WrongReference,
        Code::InvalidId,
        Code::CoordinateOutOfRange,
        Code::InvalidDate,
        Code::EndBeforeStart,
        Code::InsecureUrl,
        Code::EmptyText,
        Code::InvalidValue,
        Code::TooFewParties,
        Code::NoSources,
        Code::HomeCityNotParty,
        Code::DuplicateLink,
        Code::OutsideCountry,
        Code::ByteOrderMark,
        Code::InvalidSource,
        Code::TooLarge,
        Code::TooDeep,
        Code::TooMany,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Code::EmptyFile => "empty-file",
            Code::NotJson => "not-json",
            Code::WrongType => "wrong-type",
            Code::MissingField => "missing-field",
            Code::UnknownField => "unknown-field",
            Code::DuplicateKey => "duplicate-key",
            Code::UnsupportedFormat => "unsupported-format",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownId => "unknown-id",
            Code::WrongReference => "wrong-reference",
            Code::InvalidId => "invalid-id",
            Code::CoordinateOutOfRange => "coordinate-out-of-range",
            Code::InvalidDate => "invalid-date",
            Code::EndBeforeStart => "end-before-start",
            Code::InsecureUrl => "insecure-url",
            Code::EmptyText => "empty-text",
            Code::InvalidValue => "invalid-value",
            Code::TooFewParties => "too-few-parties",
            Code::NoSources => "no-sources",
            Code::HomeCityNotParty => "home-city-not-party",
            Code::DuplicateLink => "duplicate-link",
            Code::OutsideCountry => "outside-country",
            Code::ByteOrderMark => "byte-order-mark",
            Code::InvalidSource => "invalid-source",
            Code::TooLarge => "too-large",
            Code::TooDeep => "too-deep",
            Code::TooMany => "too-many",
        }
    }

    pub fn level(self) -> Level {
        match self {
            Code::UnknownField
            | Code::HomeCityNotParty
            | Code::DuplicateLink
            | Code::OutsideCountry => Level::Warning,
            Code::ByteOrderMark => Level::Info,
            _ => Level::Error,
        }
    }
}

/// One problem. The sentence is rendered from the message catalogue (`problem.<code>`) with
/// `params`, so the CLI and the page say the same thing in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: Code,
    /// A message variant, e.g. `suggest` when a "did you mean" is known: the catalogue key is
    /// then `problem.<code>.<variant>`, so no sentence is glued from fragments.
    pub variant: Option<&'static str>,
    /// JSON path such as `cooperations[3].parties[1]`; empty for the whole file.
    pub path: String,
    pub at: Option<Position>,
    pub params: Vec<(&'static str, Param)>,
}

/// A message parameter: literal text from the file, or a catalogue term to translate.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Term(&'static str),
}

impl Problem {
    pub fn new(code: Code, path: impl Into<String>, at: Option<Position>) -> Self {
        Self {
            code,
            variant: None,
            path: path.into(),
            at,
            params: Vec::new(),
        }
    }

    /// The problem for a text the JSON parser refused: a sentence per kind of syntax error
    /// (`problem.not-json.<kind>`), or a limit's own code when the text is only too big for
    /// Elos (`too-deep`, `too-many`). Datasets and site configurations report them alike.
    pub fn from_syntax_error(e: &SyntaxError) -> Self {
        let (code, variant) = match e.kind {
            SyntaxErrorKind::TooDeep { .. } => (Code::TooDeep, None),
            SyntaxErrorKind::TooManyValues { .. } => (Code::TooMany, Some("values")),
            ref kind => (Code::NotJson, Some(kind.key())),
        };
        let mut p = Problem::new(code, "", Some(e.at));
        if let Some(variant) = variant {
            p = p.variant(variant);
        }
        for (name, value) in e.kind.params() {
            p = p.with(name, value);
        }
        p
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, Param::Text(value.into())));
        self
    }

    pub fn term(mut self, name: &'static str, key: &'static str) -> Self {
        self.params.push((name, Param::Term(key)));
        self
    }

    pub fn variant(mut self, variant: &'static str) -> Self {
        self.variant = Some(variant);
        self
    }

    /// The message catalogue key for this problem's sentence.
    pub fn message_key(&self) -> String {
        match self.variant {
            Some(v) => format!("problem.{}.{v}", self.code.key()),
            None => format!("problem.{}", self.code.key()),
        }
    }

    pub fn level(&self) -> Level {
        self.code.level()
    }

    /// A literal parameter's text.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| match v {
                Param::Text(t) => Some(t.as_str()),
                Param::Term(_) => None,
            })
    }
}

/// Edit distance for "did you mean" suggestions (ids are short, so the quadratic cost is fine).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The closest candidate, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitakyshu", "kitakyushu"), 1);
        assert_eq!(edit_distance("medelín", "medellín"), 1);
    }

    #[test]
    fn suggests_only_plausible_typos() {
        let ids = ["kitakyushu", "marlboro", "ipatinga"];
        assert_eq!(did_you_mean("kitakyshu", ids), Some("kitakyushu"));
        assert_eq!(did_you_mean("tokyo", ids), None);
    }

    /// The codes named, as a list; it compiles only if it names every code of the enum,
    /// because the same names make a `match` with no catch-all arm.
    macro_rules! every_code {
        ($($code:ident),* $(,)?) => {{
            fn _names_every_code(code: Code) {
                match code {
                    $(Code::$code => {})*
                }
            }
            [$(Code::$code),*]
        }};
    }

    #[test]
    fn every_code_is_listed_once_with_its_own_key_and_a_message() {
        // A code added to the enum does not compile here until it is named; once named, it
        // fails below until it is also in Code::ALL.
        let every = every_code![
            EmptyFile,
            NotJson,
            WrongType,
            MissingField,
            UnknownField,
            DuplicateKey,
            UnsupportedFormat,
            DuplicateId,
            UnknownId,
            WrongReference,
            InvalidId,
            CoordinateOutOfRange,
            InvalidDate,
            EndBeforeStart,
            InsecureUrl,
            EmptyText,
            InvalidValue,
            TooFewParties,
            NoSources,
            HomeCityNotParty,
            DuplicateLink,
            OutsideCountry,
            ByteOrderMark,
            InvalidSource,
            TooLarge,
            TooDeep,
            TooMany,
        ];
        for code in every {
            assert_eq!(
                Code::ALL.iter().filter(|c| **c == code).count(),
                1,
                "{code:?} must be in Code::ALL exactly once"
            );
        }
        assert_eq!(Code::ALL.len(), every.len());
        let mut keys: Vec<&str> = every.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), every.len(), "two codes share a key");
        for catalogue in crate::i18n::Catalogue::all() {
            for code in every {
                let key = format!("problem.{}", code.key());
                assert!(catalogue.has(&key), "{} has no {key}", catalogue.lang);
            }
        }
    }
}
