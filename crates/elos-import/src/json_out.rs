//! A small JSON tree that keeps its keys in order, and a writer for it. The dataset is written
//! in the format's documented field order, and a merged file keeps the order (and every field,
//! known or not) of the file it came from.

use std::fmt::Write;

use elos_core::json::{Document, Node, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub fn obj() -> Self {
        J::Obj(Vec::new())
    }

    /// Adds a member (objects only); returns self for chaining.
    pub fn with(mut self, key: &str, value: J) -> Self {
        if let J::Obj(members) = &mut self {
            members.push((key.to_owned(), value));
        }
        self
    }

    /// Adds a member only when there is a value.
    pub fn with_opt(self, key: &str, value: Option<J>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    pub fn str(s: impl Into<String>) -> Self {
        J::Str(s.into())
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(members) => members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The array under `key`, created (at the end of the object) when absent.
    pub fn array_mut(&mut self, key: &str) -> Option<&mut Vec<J>> {
        if self.get_mut(key).is_none() {
            if let J::Obj(members) = self {
                members.push((key.to_owned(), J::Arr(Vec::new())));
            }
        }
        match self.get_mut(key) {
            Some(J::Arr(items)) => Some(items),
            _ => None,
        }
    }

    /// The tree of a document the core's parser read (every member kept, in file order).
    pub fn from_document(doc: &Document) -> Self {
        J::from_node(doc, doc.root())
    }

    fn from_node(doc: &Document, node: &Node) -> Self {
        match &node.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Num(*n),
            Value::String(s) => J::Str(s.as_ref().to_owned()),
            Value::Array(items) => J::Arr(
                doc.items(*items)
                    .iter()
                    .map(|item| J::from_node(doc, item))
                    .collect(),
            ),
            Value::Object(members) => J::Obj(
                doc.members(*members)
                    .iter()
                    .map(|m| (m.key.as_ref().to_owned(), J::from_node(doc, &m.value)))
                    .collect(),
            ),
        }
    }

    /// Two-space indented text, arrays of plain values on one line (as in the example dataset's
    /// `"parties": ["ipatinga", "kitakyushu"]`), ending with a newline.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn is_flat(&self) -> bool {
        match self {
            J::Arr(items) => items.iter().all(|i| !matches!(i, J::Arr(_) | J::Obj(_))),
            _ => false,
        }
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |out: &mut String, d: usize| {
            out.push('\n');
            for _ in 0..d {
                out.push_str("  ");
            }
        };
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => write_number(out, *n),
            J::Str(s) => write_string(out, s),
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Arr(items) if self.is_flat() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out, depth);
                }
                out.push(']');
            }
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, depth + 1);
                    item.write(out, depth + 1);
                }
                pad(out, depth);
                out.push(']');
            }
            J::Obj(members) if members.is_empty() => out.push_str("{}"),
            J::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, depth + 1);
                    write_string(out, k);
                    out.push_str(": ");
                    v.write(out, depth + 1);
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}

fn write_number(out: &mut String, n: f64) {
    if n.is_finite() {
        // Rust's shortest round-trip form: 40.3154 stays 40.3154, 3461144.0 is written 3461144.
        let _ = write!(out, "{n}");
    } else {
        out.push_str("null");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_order_and_round_trips() {
        let v = J::obj()
            .with("format", J::Num(1.0))
            .with("parties", J::Arr(vec![J::str("a"), J::str("b")]))
            .with("lat_deg", J::Num(-19.4683))
            .with("note", J::str("say \"hi\"\n\u{1}"))
            .with("cities", J::Arr(vec![J::obj().with("id", J::str("x"))]))
            .with("empty", J::Arr(vec![]));
        let text = v.pretty();
        assert!(text.starts_with(
            "{\n  \"format\": 1,\n  \"parties\": [\"a\", \"b\"],\n  \"lat_deg\": -19.4683,"
        ));
        assert!(text.contains(r#""say \"hi\"\n\u0001""#));
        let back = J::from_document(&elos_core::json::parse(&text).unwrap());
        assert_eq!(back, v);
    }
}
