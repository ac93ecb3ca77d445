//! The JSON parser against `serde_json` on generated documents: both must accept and refuse
//! the same texts and read the same values, and every value and key must start where the
//! generator wrote it.
//!
//! Valid documents mix every JSON form (escapes, surrogate pairs, characters of one to four
//! bytes, exponents, duplicate keys, all four kinds of white space, CRLF lines); invalid ones
//! are valid ones with a character deleted, inserted or replaced, a comma put before a closing
//! bracket, or cut short. Seeded, so a failure names a case that can be replayed.

use std::collections::BTreeMap;

use elos_core::json::{self, Document, Node, Position, Value};

/// A seeded xorshift: the same cases on every run.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.below(list.len())]
    }
}

/// Writes a document and remembers where each value and key starts (1-based line and
/// column in characters, as an editor shows them), in the order a depth-first walk meets
/// them.
struct Writer {
    text: String,
    line: u32,
    column: u32,
    starts: Vec<Position>,
}

impl Writer {
    fn new() -> Self {
        Writer {
            text: String::new(),
            line: 1,
            column: 1,
            starts: Vec::new(),
        }
    }

    fn put(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.text.push_str(s);
    }

    fn mark(&mut self) {
        self.starts.push(Position {
            line: self.line,
            column: self.column,
        });
    }

    fn space(&mut self, d: &mut Draws) {
        let s = d.pick(&["", "", " ", "  ", "\t", "\n", "\r\n", " \n  "]);
        self.put(s);
    }

    fn value(&mut self, d: &mut Draws, depth: usize) {
        self.mark();
        let container = depth < 6 && d.chance(35);
        match (container, d.below(7)) {
            (true, 0..=2) => self.array(d, depth),
            (true, _) => self.object(d, depth),
            (false, 0) => self.put(d.pick(&["true", "false", "null"])),
            (false, 1 | 2) => self.number(d),
            (false, _) => self.string(d),
        }
    }

    fn array(&mut self, d: &mut Draws, depth: usize) {
        self.put("[");
        let n = d.below(5);
        for i in 0..n {
            self.space(d);
            if i > 0 {
                self.put(",");
                self.space(d);
            }
            self.value(d, depth + 1);
        }
        self.space(d);
        self.put("]");
    }

    fn object(&mut self, d: &mut Draws, depth: usize) {
        self.put("{");
        let n = d.below(5);
        for i in 0..n {
            self.space(d);
            if i > 0 {
                self.put(",");
                self.space(d);
            }
            self.mark();
            // A small set of keys, so objects often repeat one.
            if d.chance(70) {
                let key = d.pick(&["\"id\"", "\"names\"", "\"a\"", "\"é\"", "\"\\u0069d\""]);
                self.put(key);
            } else {
                self.string(d);
            }
            self.space(d);
            self.put(":");
            self.space(d);
            self.value(d, depth + 1);
        }
        self.space(d);
        self.put("}");
    }

    fn string(&mut self, d: &mut Draws) {
        self.put("\"");
        for _ in 0..d.below(12) {
            let piece = d.pick(&[
                "a",
                "Z",
                "0",
                " ",
                "-",
                "é",
                "ã",
                "ß",
                "北",
                "九",
                "😀",
                "𝄞",
                "\\\"",
                "\\\\",
                "\\/",
                "/",
                "\\b",
                "\\f",
                "\\n",
                "\\r",
                "\\t",
                "\\u00e9",
                "\\u0001",
                "\\uFFFF",
                "\\ud83d\\ude00",
                "\u{7f}",
                "'",
                "{",
                "]",
            ]);
            self.put(piece);
        }
        self.put("\"");
    }

    fn number(&mut self, d: &mut Draws) {
        let mut n = String::new();
        if d.chance(30) {
            n.push('-');
        }
        if d.chance(20) {
            n.push('0');
        } else {
            n.push(char::from(b'1' + d.below(9) as u8));
            for _ in 0..d.below(20) {
                n.push(char::from(b'0' + d.below(10) as u8));
            }
        }
        if d.chance(40) {
            n.push('.');
            for _ in 0..1 + d.below(18) {
                n.push(char::from(b'0' + d.below(10) as u8));
            }
        }
        if d.chance(30) {
            n.push(d.pick(&['e', 'E']));
            n.push_str(d.pick(&["", "+", "-"]));
            // Mostly ordinary exponents, sometimes past a float's range either way.
            let exponent = if d.chance(90) {
                d.below(40)
            } else {
                d.below(420)
            };
            n.push_str(&exponent.to_string());
        }
        self.put(&n);
    }
}

/// Every value and key start of a parsed document, in depth-first order.
fn starts(doc: &Document, node: &Node, out: &mut Vec<Position>) {
    out.push(node.at);
    match node.value {
        Value::Array(items) => {
            for item in doc.items(items) {
                starts(doc, item, out);
            }
        }
        Value::Object(members) => {
            for m in doc.members(members) {
                out.push(m.key_at);
                starts(doc, &m.value, out);
            }
        }
        _ => {}
    }
}

/// Whether our value equals serde_json's. serde_json keeps the last of repeated keys, so ours
/// are folded the same way first. Numbers may differ in the last bits where `num` documents
/// it (more than 15 significant digits or exponents past ±22).
fn same(doc: &Document, node: &Node, theirs: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value as S;
    match (&node.value, theirs) {
        (Value::Null, S::Null) => Ok(()),
        (Value::Bool(a), S::Bool(b)) if a == b => Ok(()),
        (Value::Number(a), S::Number(b)) => {
            let b = b.as_f64().ok_or("serde number without f64")?;
            let ulp = f64::EPSILON * b.abs().max(f64::MIN_POSITIVE);
            if *a == b || (a - b).abs() <= 4.0 * ulp {
                Ok(())
            } else {
                Err(format!("number {a:e} vs {b:e} at {:?}", node.at))
            }
        }
        (Value::String(a), S::String(b)) if a == b => Ok(()),
        (Value::Array(items), S::Array(theirs)) => {
            let items = doc.items(*items);
            if items.len() != theirs.len() {
                return Err(format!("list length at {:?}", node.at));
            }
            items
                .iter()
                .zip(theirs)
                .try_for_each(|(a, b)| same(doc, a, b))
        }
        (Value::Object(members), S::Object(theirs)) => {
            let mut last: BTreeMap<&str, &Node> = BTreeMap::new();
            for m in doc.members(*members) {
                last.insert(&m.key, &m.value);
            }
            if last.len() != theirs.len() {
                return Err(format!("object size at {:?}", node.at));
            }
            for (key, value) in theirs {
                let ours = last
                    .get(key.as_str())
                    .ok_or_else(|| format!("missing key {key:?} at {:?}", node.at))?;
                same(doc, ours, value)?;
            }
            Ok(())
        }
        (a, b) => Err(format!("{a:?} vs {b} at {:?}", node.at)),
    }
}

fn valid_document(d: &mut Draws) -> Writer {
    let mut w = Writer::new();
    w.space(d);
    w.value(d, 0);
    w.space(d);
    w
}

#[test]
fn reads_generated_documents_as_serde_json_does_and_knows_where_each_value_is() {
    let mut d = Draws(0x0e1a_5eed_2026_0001);
    let mut compared = 0;
    for case in 0..3000 {
        let w = valid_document(&mut d);
        let theirs = serde_json::from_str::<serde_json::Value>(&w.text);
        let ours = json::parse(&w.text);
        let (ours, theirs) = match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            // Numbers past a float's range, written on purpose: both refuse them.
            (Err(_), Err(_)) => continue,
            (Ok(_), Err(e)) => panic!(
                "case {case}: accepted what serde_json refuses ({e}): {}",
                w.text
            ),
            (Err(e), Ok(_)) => panic!(
                "case {case}: refused ({e}) what serde_json reads: {}",
                w.text
            ),
        };
        if let Err(why) = same(&ours, ours.root(), &theirs) {
            panic!("case {case}: {why}\n{}", w.text);
        }
        let mut found = Vec::new();
        starts(&ours, ours.root(), &mut found);
        assert_eq!(found, w.starts, "case {case}: positions\n{}", w.text);
        compared += 1;
    }
    assert!(
        compared > 2500,
        "only {compared} documents were read by both"
    );
}

#[test]
fn accepts_and_refuses_damaged_documents_as_serde_json_does() {
    let mut d = Draws(0xbad0_5eed_2026_0002);
    let mut refused = 0;
    for case in 0..3000 {
        let w = valid_document(&mut d);
        let chars: Vec<char> = w.text.chars().collect();
        let at = d.below(chars.len() + 1);
        let noise = d.pick(&[
            '{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '+', '.', 'e', 't', 'x', ' ',
            '\u{1}', '\n', '\u{a0}',
        ]);
        let mut damaged: Vec<char> = chars.clone();
        let closers: Vec<usize> = (0..damaged.len())
            .filter(|&i| matches!(damaged[i], ']' | '}'))
            .collect();
        match d.below(5) {
            0 if at < damaged.len() => {
                damaged.remove(at);
            }
            1 => damaged.insert(at, noise),
            2 if at < damaged.len() => damaged[at] = noise,
            // The mistake people make most: a comma after the last item.
            3 if !closers.is_empty() => damaged.insert(d.pick(&closers), ','),
            _ => damaged.truncate(at),
        }
        let text: String = damaged.into_iter().collect();
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let ours = json::parse(&text);
        match (&ours, &theirs) {
            (Ok(doc), Ok(value)) => {
                if let Err(why) = same(doc, doc.root(), value) {
                    panic!("case {case}: {why}\n{text}");
                }
            }
            (Err(_), Err(_)) => refused += 1,
            (Ok(_), Err(e)) => {
                panic!("case {case}: accepted what serde_json refuses ({e}):\n{text:?}")
            }
            (Err(e), Ok(_)) => {
                panic!("case {case}: refused ({e}) what serde_json accepts:\n{text:?}")
            }
        }
    }
    // Most damage breaks a document; a test where nothing is refused tests nothing.
    assert!(
        refused > 1500,
        "only {refused} damaged documents were refused"
    );
}
