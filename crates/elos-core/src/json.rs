//! A small JSON parser that keeps the line and column of every value and every repeated key.
//!
//! `serde_json` silently keeps the last of two equal keys and forgets where values were; a
//! dataset checker must report both, so the loader reads this tree instead.

use std::fmt;

/// A 1-based position in the source text. Columns count characters, not bytes, so they match
/// what a text editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One JSON value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Position,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Node>),
    /// Members in file order, duplicates kept, so the loader can report them.
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_at: Position,
    pub value: Node,
}

impl Value {
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
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} at line {}, column {}", at.line, at.column)]
pub struct SyntaxError {
    pub at: Position,
    pub message: String,
    /// Set when the text is not wrong but over a resource limit ([`crate::limits`]).
    pub limit: Option<Limit>,
}

/// Which resource limit a document went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Nested deeper than [`MAX_DEPTH`].
    Depth,
    /// More than [`crate::limits::MAX_VALUES`] values.
    Values,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
pub use crate::limits::MAX_DEPTH;
use crate::limits::MAX_VALUES;

/// Parses a whole JSON document. A leading UTF-8 byte-order mark must be stripped by the caller.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        chars: text.char_indices().peekable(),
        text,
        line: 1,
        column: 1,
        values: 0,
    };
    parser.skip_whitespace();
    let node = parser.value(0)?;
    parser.skip_whitespace();
    if let Some(c) = parser.peek() {
        return Err(parser.error(format!(
            "unexpected {} after the end of the JSON document",
            describe(c)
        )));
    }
    Ok(node)
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    line: u32,
    column: u32,
    /// Values read so far, against [`MAX_VALUES`].
    values: usize,
}

fn describe(c: char) -> String {
    match c {
        '\n' => "end of line".to_owned(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

impl Parser<'_> {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&self, message: String) -> SyntaxError {
        SyntaxError {
            at: self.position(),
            message,
            limit: None,
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn expect(&mut self, wanted: char, context: &str) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(c) if c == wanted => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!(
                "expected '{wanted}' {context}, found {}",
                describe(c)
            ))),
            None => Err(self.error(format!(
                "the file ends too early: expected '{wanted}' {context}"
            ))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                limit: Some(Limit::Depth),
                ..self.error(format!("nesting deeper than {MAX_DEPTH} levels"))
            });
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(SyntaxError {
                limit: Some(Limit::Values),
                ..self.error(format!("more than {MAX_VALUES} values"))
            });
        }
        let at = self.position();
        let value = match self.peek() {
            None => return Err(self.error("the file ends where a value was expected".to_owned())),
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.literal("true", Value::Bool(true))?,
            Some('f') => self.literal("false", Value::Bool(false))?,
            Some('n') => self.literal("null", Value::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
            Some(c) => {
                return Err(self.error(format!(
                    "unexpected {} where a value was expected",
                    describe(c)
                )))
            }
        };
        Ok(Node { at, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        let start = self.position();
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                return Err(SyntaxError {
                    at: start,
                    message: format!("unknown word; expected {word}, a number, text in double quotes, a list or an object"),
                    limit: None,
                });
            }
            self.bump();
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let at = self.position();
        let start = self.chars.peek().map_or(self.text.len(), |&(i, _)| i);
        let mut end = start;
        while let Some(&(i, c)) = self.chars.peek() {
            if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                end = i + c.len_utf8();
                self.bump();
            } else {
                break;
            }
        }
        let literal = &self.text[start..end];
        if !is_json_number(literal) {
            return Err(SyntaxError {
                at,
                message: format!("'{literal}' is not a valid JSON number"),
                limit: None,
            });
        }
        crate::num::parse_json_number(literal)
            .filter(|n| n.is_finite())
            .map(Value::Number)
            .ok_or(SyntaxError {
                at,
                message: format!("'{literal}' is too large a number"),
                limit: None,
            })
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.position();
        self.bump(); // opening quote
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(SyntaxError {
                    at: start,
                    message: "text that starts here is never closed with a double quote".to_owned(),
                    limit: None,
                });
            };
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c if (c as u32) < 0x20 => {
                    return Err(self.error(format!(
                        "{} inside text; write it as an escape such as \\n",
                        describe(c)
                    )))
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = self
            .bump()
            .ok_or_else(|| self.error("the file ends inside an escape".to_owned()))?;
        Ok(match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.bump() != Some('\\') || self.bump() != Some('u') {
                        return Err(
                            self.error("a lone UTF-16 surrogate in a \\u escape".to_owned())
                        );
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("an invalid UTF-16 surrogate pair".to_owned()));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code)
                        .ok_or_else(|| self.error("an invalid \\u escape".to_owned()))?
                } else {
                    char::from_u32(high).ok_or_else(|| {
                        self.error("a lone UTF-16 surrogate in a \\u escape".to_owned())
                    })?
                }
            }
            other => return Err(self.error(format!("unknown escape \\{other}"))),
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.bump().and_then(|c| c.to_digit(16)).ok_or_else(|| {
                self.error("a \\u escape needs four hexadecimal digits".to_owned())
            })?;
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_whitespace();
                    if self.peek() == Some(']') {
                        return Err(
                            self.error("a comma before ']': remove the trailing comma".to_owned())
                        );
                    }
                }
                Some(']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                _ => {
                    return self
                        .expect(']', "or ',' in a list")
                        .map(|_| Value::Array(Vec::new()))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump();
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_at = self.position();
            if self.peek() != Some('"') {
                return match self.peek() {
                    Some('}') => {
                        Err(self.error("a comma before '}': remove the trailing comma".to_owned()))
                    }
                    Some(c) => Err(self.error(format!(
                        "expected a field name in double quotes, found {}",
                        describe(c)
                    ))),
                    None => Err(self.error("the file ends inside an object".to_owned())),
                };
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(':', "after a field name")?;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_at, value });
            self.skip_whitespace();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                _ => return self.expect('}', "or ',' in an object").map(|_| Value::Null),
            }
        }
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
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).expect_err("should fail")
    }

    #[test]
    fn parses_nested_values_with_positions() {
        let node =
            parse("{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": \"x\\u00e9\\ud83d\\ude00\"\n}")
                .unwrap();
        let Value::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_at, Position { line: 2, column: 3 });
        let Value::Array(items) = &members[0].value.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Number(-2500.0));
        assert_eq!(
            items[1].at,
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(members[1].value.value, Value::String("xé😀".to_owned()));
    }

    #[test]
    fn keeps_duplicate_keys() {
        let node = parse(r#"{"id": 1, "id": 2}"#).unwrap();
        let Value::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members.len(), 2);
        assert_eq!(members[1].key_at.column, 11);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let node = parse("[\"ãé\", 1]").unwrap();
        let Value::Array(items) = node.value else {
            panic!()
        };
        assert_eq!(items[1].at.column, 8);
    }

    #[test]
    fn reports_syntax_errors_where_they_are() {
        let e = err("{\n  \"a\": 1,\n}");
        assert_eq!(e.at, Position { line: 3, column: 1 });
        assert!(e.message.contains("trailing comma"), "{}", e.message);
        assert_eq!(err("[1 2]").at.column, 4);
        assert!(err("\"abc").message.contains("never closed"));
        assert!(err("[01]").message.contains("not a valid JSON number"));
        assert!(err("{\"a\" 1}").message.contains("expected ':'"));
        assert!(err("tru").message.contains("expected true"));
        assert!(err("1 2").message.contains("after the end"));
        assert!(err("").message.contains("ends"));
        assert!(err("\"a\nb\"").message.contains("end of line"));
        assert!(err("1e999").message.contains("too large"));
    }

    #[test]
    fn refuses_hostile_nesting_without_overflowing() {
        let deep = "[".repeat(100_000);
        let e = err(&deep);
        assert!(e.message.contains("nesting"));
        assert_eq!(e.limit, Some(Limit::Depth));
        assert_eq!(e.at.column as usize, MAX_DEPTH + 2);
        assert_eq!(err("[1,]").limit, None);
    }

    #[test]
    fn refuses_too_many_values_before_holding_them() {
        let many = format!("[{}0]", "0,".repeat(MAX_VALUES));
        let e = err(&many);
        assert_eq!(e.limit, Some(Limit::Values));
        // The value after the limit: the list itself is value 1.
        assert_eq!(e.at.column as usize, 2 + 2 * (MAX_VALUES - 1));
        assert!(parse(&format!("[{}0]", "0,".repeat(MAX_VALUES - 2))).is_ok());
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
