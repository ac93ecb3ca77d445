//! A small JSON parser that keeps the line and column of every value and every repeated key.
//!
//! `serde_json` silently keeps the last of two equal keys and forgets where values were; a
//! dataset checker must report both, so the loader reads this tree instead.
//!
//! It reads bytes, not characters; text without escapes is borrowed from the input rather than
//! copied; and all lists' items and all objects' members live in two arrays of the
//! [`Document`] rather than a vector each. A world-scale dataset holds half a million strings
//! and 150,000 lists and objects: allocating (and freeing) each one was most of the time
//! `elos check` took.
//!
//! **Architecture invariant:** every [`Node`] and [`Member`] key carries the exact 1-based
//! line and column (in characters) where it starts; the hostile corpus pins them.

use std::borrow::Cow;
use std::fmt;

/// A 1-based position in the source text. Columns count characters, not bytes, so they match
/// what a text editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A parsed document: its root value, and the items and members every list and object of it
/// points into.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    root: Node<'a>,
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Document<'a> {
    pub fn root(&self) -> &Node<'a> {
        &self.root
    }

    /// A list's items.
    pub fn items(&self, list: Items) -> &[Node<'a>] {
        &self.items[list.start..list.start + list.len]
    }

    /// An object's members, in file order.
    pub fn members(&self, object: Members) -> &[Member<'a>] {
        &self.members[object.start..object.start + object.len]
    }
}

/// Where a list's items are in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Items {
    start: usize,
    len: usize,
}

/// Where an object's members are in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Members {
    start: usize,
    len: usize,
}

impl Items {
    pub fn len(self) -> usize {
        self.len
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

impl Members {
    pub fn len(self) -> usize {
        self.len
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// One JSON value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub at: Position,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    /// Borrowed from the input unless it held escapes.
    String(Cow<'a, str>),
    /// Items in the [`Document`].
    Array(Items),
    /// Members in the [`Document`], in file order, duplicates kept, so the loader can report
    /// them.
    Object(Members),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_at: Position,
    pub value: Node<'a>,
}

impl Value<'_> {
    /// The JSON type's name as a clerk would read it in an error message.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where. The sentence comes from the message catalogues
/// (`problem.not-json.<key>`, see [`SyntaxErrorKind::key`]); `Display` gives the English one
/// for developers' errors (a broken built-in catalogue).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind} at line {}, column {}", at.line, at.column)]
pub struct SyntaxError {
    pub at: Position,
    pub kind: SyntaxErrorKind,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
pub use crate::limits::MAX_DEPTH;
use crate::limits::MAX_VALUES;

/// What the parser found where something else was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Char(char),
    /// The end of the file.
    End,
}

/// The ways a text can fail to be JSON, with what the message needs to say.
#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxErrorKind {
    /// Something after the document's one value.
    AfterEnd { found: char },
    /// Where a value should start (a number, text, list, object, true, false or null).
    ExpectedValue { found: Found },
    /// A word starting like `expected` (true, false or null) but not it.
    UnknownWord { expected: &'static str },
    /// Digits and signs that are not a JSON number (`01`, `1.`, `+1`).
    BadNumber { literal: String },
    /// A number beyond what a 64-bit float holds.
    NumberTooLarge { literal: String },
    /// Text whose closing double quote never comes.
    UnclosedText,
    /// A control character (a line break, a tab…) written as is inside text.
    ControlInText { found: char },
    /// A backslash at the very end of the file.
    EndInEscape,
    /// A backslash followed by something that is not an escape.
    UnknownEscape { found: char },
    /// `\u` not followed by four hexadecimal digits.
    BadHexEscape,
    /// Half of a UTF-16 surrogate pair alone.
    LoneSurrogate,
    /// A high surrogate followed by something that is not a low one.
    BadSurrogatePair,
    /// A comma just before `]` or `}`.
    TrailingComma { close: char },
    /// Something else where the `:` after a field name should be.
    ExpectedColon { found: Found },
    /// Something else where a `,` or the `]` of a list should be.
    ExpectedListEnd { found: Found },
    /// Something else where a `,` or the `}` of an object should be.
    ExpectedObjectEnd { found: Found },
    /// Something else where a field name in double quotes should be.
    ExpectedKey { found: char },
    /// The file ends where an object's next field name should be.
    EndInObject,
    /// Lists and objects nested deeper than the parser follows ([`MAX_DEPTH`]): a resource
    /// limit rather than a fault of the text, reported as `too-deep`.
    TooDeep { max_depth: usize },
    /// More values than one document may hold ([`MAX_VALUES`]): also a resource limit,
    /// reported as `too-many`.
    TooManyValues { max_values: usize },
}

impl SyntaxErrorKind {
    /// The message variant: the catalogue key is `problem.not-json.<key>` (except for the two
    /// limits, which [`crate::problem::Problem::from_syntax_error`] reports with codes of
    /// their own).
    pub fn key(&self) -> &'static str {
        use SyntaxErrorKind::*;
        let at_end = |found: &Found| *found == Found::End;
        match self {
            AfterEnd { .. } => "after-end",
            ExpectedValue { found } if at_end(found) => "expected-value.end",
            ExpectedValue { .. } => "expected-value",
            UnknownWord { .. } => "unknown-word",
            BadNumber { .. } => "bad-number",
            NumberTooLarge { .. } => "number-too-large",
            UnclosedText => "unclosed-text",
            ControlInText { found: '\n' } => "control-in-text.line-break",
            ControlInText { .. } => "control-in-text",
            EndInEscape => "end-in-escape",
            UnknownEscape { .. } => "unknown-escape",
            BadHexEscape => "bad-hex-escape",
            LoneSurrogate => "lone-surrogate",
            BadSurrogatePair => "bad-surrogate-pair",
            TrailingComma { .. } => "trailing-comma",
            ExpectedColon { found } if at_end(found) => "expected-colon.end",
            ExpectedColon { .. } => "expected-colon",
            ExpectedListEnd { found } if at_end(found) => "expected-list-end.end",
            ExpectedListEnd { .. } => "expected-list-end",
            ExpectedObjectEnd { found } if at_end(found) => "expected-object-end.end",
            ExpectedObjectEnd { .. } => "expected-object-end",
            ExpectedKey { .. } => "expected-key",
            EndInObject => "end-in-object",
            TooDeep { .. } => "too-deep",
            TooManyValues { .. } => "too-many-values",
        }
    }

    /// One example of every kind and variant reported as `not-json`, for checking that each
    /// has its message (limits have problem codes of their own).
    pub fn examples() -> Vec<SyntaxErrorKind> {
        use SyntaxErrorKind::*;
        let x = Found::Char('x');
        vec![
            AfterEnd { found: 'x' },
            ExpectedValue { found: x },
            ExpectedValue { found: Found::End },
            UnknownWord { expected: "true" },
            BadNumber {
                literal: "01".into(),
            },
            NumberTooLarge {
                literal: "1e999".into(),
            },
            UnclosedText,
            ControlInText { found: '\t' },
            ControlInText { found: '\n' },
            EndInEscape,
            UnknownEscape { found: 'x' },
            BadHexEscape,
            LoneSurrogate,
            BadSurrogatePair,
            TrailingComma { close: ']' },
            ExpectedColon { found: x },
            ExpectedColon { found: Found::End },
            ExpectedListEnd { found: x },
            ExpectedListEnd { found: Found::End },
            ExpectedObjectEnd { found: x },
            ExpectedObjectEnd { found: Found::End },
            ExpectedKey { found: 'x' },
            EndInObject,
        ]
    }

    /// The message's parameters. Characters are shown the same way in every language: in
    /// quotes, or as their code point when they cannot be seen (`U+0009`).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        use SyntaxErrorKind::*;
        match self {
            AfterEnd { found: c }
            | ExpectedKey { found: c }
            | UnknownEscape { found: c }
            | ExpectedValue {
                found: Found::Char(c),
            }
            | ExpectedColon {
                found: Found::Char(c),
            }
            | ExpectedListEnd {
                found: Found::Char(c),
            }
            | ExpectedObjectEnd {
                found: Found::Char(c),
            } => vec![("found", show_char(*c))],
            ControlInText { found } if *found != '\n' => vec![("found", show_char(*found))],
            UnknownWord { expected } => vec![("expected", (*expected).to_owned())],
            BadNumber { literal } | NumberTooLarge { literal } => {
                vec![("number", literal.clone())]
            }
            TrailingComma { close } => vec![("close", close.to_string())],
            TooDeep { max_depth: max } | TooManyValues { max_values: max } => {
                vec![("max", crate::limits::group_digits(*max as u64))]
            }
            _ => Vec::new(),
        }
    }
}

/// A character as a message shows it: `“x”`, or its code point when it cannot be seen.
fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("“{c}”")
    }
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SyntaxErrorKind::*;
        let found = |found: &Found| match found {
            Found::Char(c) => show_char(*c),
            Found::End => "the end of the file".to_owned(),
        };
        match self {
            AfterEnd { found: c } => write!(
                f,
                "unexpected {} after the end of the JSON document",
                show_char(*c)
            ),
            ExpectedValue { found: what } => {
                write!(f, "{} where a value was expected", found(what))
            }
            UnknownWord { expected } => write!(
                f,
                "unknown word; expected {expected}, a number, text in double quotes, a list or an object"
            ),
            BadNumber { literal } => write!(f, "'{literal}' is not a valid JSON number"),
            NumberTooLarge { literal } => write!(f, "'{literal}' is too large a number"),
            UnclosedText => write!(
                f,
                "text that starts here is never closed with a double quote"
            ),
            ControlInText { found: c } => write!(
                f,
                "{} inside text; write it as an escape such as \\n",
                show_char(*c)
            ),
            EndInEscape => write!(f, "the file ends inside an escape"),
            UnknownEscape { found: c } => write!(f, "unknown escape \\{c}"),
            BadHexEscape => write!(f, "a \\u escape needs four hexadecimal digits"),
            LoneSurrogate => write!(f, "a lone UTF-16 surrogate in a \\u escape"),
            BadSurrogatePair => write!(f, "an invalid UTF-16 surrogate pair"),
            TrailingComma { close } => {
                write!(f, "a comma before '{close}': remove the trailing comma")
            }
            ExpectedColon { found: what } => {
                write!(f, "expected ':' after a field name, found {}", found(what))
            }
            ExpectedListEnd { found: what } => {
                write!(f, "expected ',' or ']' in a list, found {}", found(what))
            }
            ExpectedObjectEnd { found: what } => {
                write!(f, "expected ',' or '}}' in an object, found {}", found(what))
            }
            ExpectedKey { found: c } => write!(
                f,
                "expected a field name in double quotes, found {}",
                show_char(*c)
            ),
            EndInObject => write!(f, "the file ends inside an object"),
            TooDeep { max_depth } => write!(f, "nesting deeper than {max_depth} levels"),
            TooManyValues { max_values } => write!(f, "more than {max_values} values"),
        }
    }
}

/// Parses a whole JSON document. A leading UTF-8 byte-order mark must be stripped by the caller.
pub fn parse(text: &str) -> Result<Document<'_>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        continuation_bytes: 0,
        scratch: Vec::new(),
        scratch_members: Vec::new(),
        items: Vec::new(),
        members: Vec::new(),
        values: 0,
    };
    parser.skip_whitespace();
    let root = parser.value(0)?;
    parser.skip_whitespace();
    if let Some(c) = parser.peek_char() {
        return Err(parser.error(SyntaxErrorKind::AfterEnd { found: c }));
    }
    Ok(Document {
        root,
        items: parser.items,
        members: parser.members,
    })
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Byte offset of the next byte to read.
    pos: usize,
    line: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// UTF-8 continuation bytes between `line_start` and `pos`: the column is the bytes read
    /// on this line minus these, so it counts characters without decoding them.
    continuation_bytes: usize,
    /// Items and members of the lists and objects still open, innermost last. A closed one's
    /// move to `items` or `members` together, so each list's items (and each object's members)
    /// are contiguous there.
    scratch: Vec<Node<'a>>,
    scratch_members: Vec<Member<'a>>,
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
    /// Values read so far, against [`MAX_VALUES`].
    values: usize,
}

impl<'a> Parser<'a> {
    #[inline(always)]
    fn position(&self) -> Position {
        let column = self.pos - self.line_start - self.continuation_bytes + 1;
        Position {
            line: self.line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn error(&self, kind: SyntaxErrorKind) -> SyntaxError {
        self.error_at(self.position(), kind)
    }

    fn error_at(&self, at: Position, kind: SyntaxErrorKind) -> SyntaxError {
        SyntaxError { at, kind }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The whole character at the read position, for messages.
    fn peek_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn found(&self) -> Found {
        self.peek_char().map_or(Found::End, Found::Char)
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                    self.continuation_bytes = 0;
                }
                _ => break,
            }
        }
    }

    /// Steps over `wanted`, or fails with `error` given what is there instead.
    fn expect(
        &mut self,
        wanted: u8,
        error: fn(Found) -> SyntaxErrorKind,
    ) -> Result<(), SyntaxError> {
        if self.peek() == Some(wanted) {
            self.pos += 1;
            return Ok(());
        }
        Err(self.error(error(self.found())))
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        let at = self.position();
        if depth > MAX_DEPTH {
            return Err(self.error(SyntaxErrorKind::TooDeep {
                max_depth: MAX_DEPTH,
            }));
        }
        // Counted before the value is kept: a bound on the memory a document takes, whatever
        // its shape.
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.error(SyntaxErrorKind::TooManyValues {
                max_values: MAX_VALUES,
            }));
        }
        let value = match self.peek() {
            None => return Err(self.error(SyntaxErrorKind::ExpectedValue { found: Found::End })),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b) if b == b'-' || b.is_ascii_digit() => self.number()?,
            Some(_) => {
                return Err(self.error(SyntaxErrorKind::ExpectedValue {
                    found: self.found(),
                }))
            }
        };
        Ok(Node { at, value })
    }

    fn literal(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(SyntaxErrorKind::UnknownWord { expected: word }))
        }
    }

    fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let at = self.position();
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.pos += 1;
        }
        let literal = &self.text[start..self.pos];
        if !is_json_number(literal) {
            return Err(self.error_at(
                at,
                SyntaxErrorKind::BadNumber {
                    literal: literal.to_owned(),
                },
            ));
        }
        crate::num::parse_json_number(literal)
            .filter(|n| n.is_finite())
            .map(Value::Number)
            .ok_or_else(|| {
                self.error_at(
                    at,
                    SyntaxErrorKind::NumberTooLarge {
                        literal: literal.to_owned(),
                    },
                )
            })
    }

    /// Reads text in double quotes. Errors inside it point at the offending character (or the
    /// escape's backslash); text that never closes points at its opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let opening = self.position();
        self.pos += 1;
        let mut owned: Option<String> = None;
        loop {
            let run_start = self.pos;
            self.skip_plain_text();
            let run = &self.text[run_start..self.pos];
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut s) => {
                            s.push_str(run);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(run);
                    let c = self.escape()?;
                    s.push(c);
                }
                Some(b) => {
                    return Err(self.error(SyntaxErrorKind::ControlInText {
                        found: char::from(b),
                    }))
                }
                None => return Err(self.error_at(opening, SyntaxErrorKind::UnclosedText)),
            }
        }
    }

    /// Moves to the next quote, backslash or control character (or the end), the bytes that
    /// end a plain run of text, counting the continuation bytes passed over. Eight bytes at a
    /// time: text is most of a dataset.
    #[inline(always)]
    fn skip_plain_text(&mut self) {
        while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let ends = plain_text_ends(word);
            if ends != 0 {
                let run_bytes = ends.trailing_zeros() as usize / 8;
                let run = word & ((1u64 << (8 * run_bytes)) - 1);
                self.continuation_bytes += continuation_bytes_in(run);
                self.pos += run_bytes;
                return;
            }
            self.continuation_bytes += continuation_bytes_in(word);
            self.pos += 8;
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return;
            }
            if b & 0xC0 == 0x80 {
                self.continuation_bytes += 1;
            }
            self.pos += 1;
        }
    }

    /// Reads one escape, the read position on its backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.position();
        let Some(&c) = self.bytes.get(self.pos + 1) else {
            return Err(self.error_at(at, SyntaxErrorKind::EndInEscape));
        };
        let simple = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(decoded) = simple {
            self.pos += 2;
            return Ok(decoded);
        }
        if c != b'u' {
            self.pos += 1;
            let other = self.peek_char().unwrap_or('\u{fffd}');
            return Err(self.error_at(at, SyntaxErrorKind::UnknownEscape { found: other }));
        }
        let high = self
            .hex4(self.pos + 2)
            .ok_or_else(|| self.error_at(at, SyntaxErrorKind::BadHexEscape))?;
        self.pos += 6;
        if !(0xD800..0xE000).contains(&high) {
            // Not a surrogate, so a character of its own.
            return char::from_u32(high)
                .ok_or_else(|| self.error_at(at, SyntaxErrorKind::LoneSurrogate));
        }
        if high >= 0xDC00 || self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
            return Err(self.error_at(at, SyntaxErrorKind::LoneSurrogate));
        }
        let low = self
            .hex4(self.pos + 2)
            .ok_or_else(|| self.error_at(at, SyntaxErrorKind::BadHexEscape))?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.error_at(at, SyntaxErrorKind::BadSurrogatePair));
        }
        self.pos += 6;
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.error_at(at, SyntaxErrorKind::BadSurrogatePair))
    }

    /// Four hexadecimal digits from byte `from`.
    fn hex4(&self, from: usize) -> Option<u32> {
        let digits = self.bytes.get(from..from + 4)?;
        digits
            .iter()
            .try_fold(0, |code, &d| Some(code * 16 + char::from(d).to_digit(16)?))
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(Items::default()));
        }
        let first = self.scratch.len();
        self.array_items(depth)?;
        let items = Items {
            start: self.items.len(),
            len: self.scratch.len() - first,
        };
        self.items.extend(self.scratch.drain(first..));
        Ok(Value::Array(items))
    }

    fn array_items(&mut self, depth: usize) -> Result<(), SyntaxError> {
        loop {
            let item = self.value(depth + 1)?;
            self.scratch.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.error(SyntaxErrorKind::TrailingComma { close: ']' }));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return self.expect(b']', |found| SyntaxErrorKind::ExpectedListEnd { found }),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(Members::default()));
        }
        let first = self.scratch_members.len();
        self.object_members(depth)?;
        let members = Members {
            start: self.members.len(),
            len: self.scratch_members.len() - first,
        };
        self.members.extend(self.scratch_members.drain(first..));
        Ok(Value::Object(members))
    }

    fn object_members(&mut self, depth: usize) -> Result<(), SyntaxError> {
        loop {
            self.skip_whitespace();
            let key_at = self.position();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error(SyntaxErrorKind::TrailingComma { close: '}' })),
                Some(_) => {
                    let c = self.peek_char().unwrap_or('\u{fffd}');
                    return Err(self.error(SyntaxErrorKind::ExpectedKey { found: c }));
                }
                None => return Err(self.error(SyntaxErrorKind::EndInObject)),
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':', |found| SyntaxErrorKind::ExpectedColon { found })?;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            self.scratch_members.push(Member { key, key_at, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {
                    return self.expect(b'}', |found| SyntaxErrorKind::ExpectedObjectEnd { found })
                }
            }
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each of the eight bytes (little-endian) that is a quote, a backslash or a
/// control character (below 0x20): the bytes that end a plain run of text. By the usual "has
/// a zero byte" test, `(x - 0x01…) & !x & 0x80…`: its lowest set bit marks the first zero byte
/// exactly (a borrow only ever spoils bits above it); with `n` ≤ 0x80 in place of 0x01 it
/// marks bytes below `n`.
fn plain_text_ends(word: u64) -> u64 {
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGH_BITS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH_BITS;
    below_space
        | zero_bytes(word ^ (ONES * u64::from(b'"')))
        | zero_bytes(word ^ (ONES * u64::from(b'\\')))
}

/// How many of the eight bytes are UTF-8 continuation bytes (`10xxxxxx`): they do not start a
/// character, so they do not move the column.
fn continuation_bytes_in(word: u64) -> usize {
    // Bit 7 set and bit 6 clear: shifting left by one puts each byte's bit 6 under its bit 7.
    let continuation = word & !(word << 1) & HIGH_BITS;
    // Most text is ASCII; counting bits has no instruction of its own on baseline x86-64.
    if continuation == 0 {
        0
    } else {
        continuation.count_ones() as usize
    }
}

/// Checks the JSON number grammar, which is stricter than Rust's float parser (no `+1`, `01`, `.5`).
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the standard sort is the reference"
)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).expect_err("should fail")
    }

    /// The items of a document whose root is a list.
    fn items<'d>(doc: &'d Document) -> &'d [Node<'d>] {
        let Value::Array(items) = doc.root().value else {
            panic!("not a list")
        };
        doc.items(items)
    }

    #[test]
    fn parses_nested_values_with_positions() {
        let doc =
            parse("{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": \"x\\u00e9\\ud83d\\ude00\"\n}")
                .unwrap();
        let Value::Object(members) = doc.root().value else {
            panic!()
        };
        let members = doc.members(members);
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_at, Position { line: 2, column: 3 });
        let Value::Array(items) = members[0].value.value else {
            panic!()
        };
        let items = doc.items(items);
        assert_eq!(items[1].value, Value::Number(-2500.0));
        assert_eq!(
            items[1].at,
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(members[1].value.value, Value::String("xé😀".into()));
    }

    #[test]
    fn keeps_duplicate_keys() {
        let doc = parse(r#"{"id": 1, "id": 2}"#).unwrap();
        let Value::Object(members) = doc.root().value else {
            panic!()
        };
        let members = doc.members(members);
        assert_eq!(members.len(), 2);
        assert_eq!(members[1].key_at.column, 11);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = parse("[\"ãé\", 1]").unwrap();
        assert_eq!(items(&doc)[1].at.column, 8);
        // Characters of three and four bytes, and a new line resets the count.
        let doc = parse("[\"北九州\", \"😀\",\n \"é\", 2]").unwrap();
        let items = items(&doc);
        assert_eq!(items[1].at, Position { line: 1, column: 9 });
        assert_eq!(items[3].at, Position { line: 2, column: 7 });
    }

    #[test]
    fn text_without_escapes_is_borrowed() {
        let doc = parse(r#"["plain", "with \" quote"]"#).unwrap();
        let items = items(&doc);
        assert!(matches!(
            items[0].value,
            Value::String(Cow::Borrowed("plain"))
        ));
        assert!(matches!(&items[1].value, Value::String(Cow::Owned(s)) if s == "with \" quote"));
    }

    #[test]
    fn reports_syntax_errors_where_they_are() {
        use SyntaxErrorKind::*;
        let e = err("{\n  \"a\": 1,\n}");
        assert_eq!(e.at, Position { line: 3, column: 1 });
        assert_eq!(e.kind, TrailingComma { close: '}' });
        assert_eq!(err("[1 2]").at.column, 4);
        let cases: [(&str, SyntaxErrorKind); 14] = [
            (
                "[1 2]",
                ExpectedListEnd {
                    found: Found::Char('2'),
                },
            ),
            ("[1", ExpectedListEnd { found: Found::End }),
            (
                "{\"a\":1 2}",
                ExpectedObjectEnd {
                    found: Found::Char('2'),
                },
            ),
            ("\"abc", UnclosedText),
            (
                "[01]",
                BadNumber {
                    literal: "01".into(),
                },
            ),
            (
                "{\"a\" 1}",
                ExpectedColon {
                    found: Found::Char('1'),
                },
            ),
            ("tru", UnknownWord { expected: "true" }),
            ("1 2", AfterEnd { found: '2' }),
            ("", ExpectedValue { found: Found::End }),
            ("\"a\nb\"", ControlInText { found: '\n' }),
            (
                "1e999",
                NumberTooLarge {
                    literal: "1e999".into(),
                },
            ),
            ("{,}", ExpectedKey { found: ',' }),
            ("{\"a\":1,", EndInObject),
            ("[1,]", TrailingComma { close: ']' }),
        ];
        for (text, kind) in cases {
            assert_eq!(err(text).kind, kind, "{text:?}");
        }
    }

    #[test]
    fn every_kind_has_its_own_key_and_says_what_it_found() {
        let examples = SyntaxErrorKind::examples();
        let mut keys: Vec<&str> = examples.iter().map(SyntaxErrorKind::key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), examples.len(), "two kinds share a key");
        let params = |kind: SyntaxErrorKind| kind.params();
        assert_eq!(
            params(SyntaxErrorKind::AfterEnd { found: 'x' }),
            [("found", "“x”".to_owned())]
        );
        assert_eq!(
            params(SyntaxErrorKind::ControlInText { found: '\t' }),
            [("found", "U+0009".to_owned())]
        );
    }

    #[test]
    fn errors_inside_text_point_at_the_character_or_escape() {
        // The line break itself, at the end of line 1, not the start of line 2.
        assert_eq!(err("[\"ab\ncd\"]").at, Position { line: 1, column: 5 });
        assert_eq!(err("[\"é\\x\"]").at, Position { line: 1, column: 4 });
        assert_eq!(err("\"\\u12G4\"").at, Position { line: 1, column: 2 });
        assert_eq!(err("\"\\ud800x\"").at, Position { line: 1, column: 2 });
        assert_eq!(err("  \"open").at, Position { line: 1, column: 3 });
    }

    #[test]
    fn refuses_hostile_nesting_without_overflowing() {
        let deep = "[".repeat(100_000);
        let e = err(&deep);
        assert_eq!(
            e.kind,
            SyntaxErrorKind::TooDeep {
                max_depth: MAX_DEPTH
            }
        );
        assert_eq!(e.at.column as usize, MAX_DEPTH + 2);
    }

    #[test]
    fn refuses_too_many_values_before_holding_them() {
        let many = format!("[{}0]", "0,".repeat(MAX_VALUES));
        let e = err(&many);
        assert_eq!(
            e.kind,
            SyntaxErrorKind::TooManyValues {
                max_values: MAX_VALUES
            }
        );
        // The value after the limit: the list itself is value 1.
        assert_eq!(e.at.column as usize, 2 + 2 * (MAX_VALUES - 1));
        assert!(parse(&format!("[{}0]", "0,".repeat(MAX_VALUES - 2))).is_ok());
    }

    #[test]
    fn word_tests_agree_with_byte_tests() {
        let mut seed = 0x1234_5678_9abc_def0_u64;
        let bytes = [
            b'"', b'\\', 0x00, 0x1f, b' ', b'a', 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xff,
        ];
        for _ in 0..20_000 {
            let mut word = [0u8; 8];
            for b in &mut word {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = bytes[(seed % bytes.len() as u64) as usize];
            }
            let packed = u64::from_le_bytes(word);
            let first_end = word
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let ends = plain_text_ends(packed);
            assert_eq!(
                (ends != 0).then(|| ends.trailing_zeros() as usize / 8),
                first_end,
                "{word:?}"
            );
            assert_eq!(
                continuation_bytes_in(packed),
                word.iter().filter(|&&b| b & 0xC0 == 0x80).count(),
                "{word:?}"
            );
        }
    }

    #[test]
    fn json_number_grammar() {
        for ok in ["0", "-0", "12", "1.5", "1e5", "1E-5", "-0.25e+2"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "-", "01", ".5", "1.", "1e", "+1", "1.2.3", "--1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
