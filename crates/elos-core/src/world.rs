//! The bundled world geometry (`public/world.json`): country outlines already projected to
//! SVG paths at build time, and the projection numbers the page needs for markers and arcs.
//!
//! The file stores the paths compactly (written by `scripts/data/world.mjs`) and [`World::parse`]
//! rebuilds d3's absolute path text from them, byte for byte:
//!
//! - `arcs`: one string of arcs separated by spaces. An arc is a run of points in tenths of a
//!   map pixel, written as `(dx, dy)` steps from the previous point (an arc's first point steps
//!   from the previous arc's last point, the first arc's from `(0, 0)`). Each number is encoded
//!   as in Google's Encoded Polyline Algorithm (zigzag sign, 5-bit groups least significant
//!   first, `0x20` meaning "more groups follow") with the base64url alphabet.
//! - `sphere`, `graticule` and each country's `rings`: lists of parts, each a list of arc
//!   numbers, `~i` (that is `-i - 1`) meaning arc `i` walked backwards, as in TopoJSON.
//!   Consecutive arcs share their end point, so a border two countries share is stored once.
//!   The sphere's and countries' parts are closed rings (`Z`) that end where they began; the
//!   graticule's are open lines.

use crate::geo::Projection;
use crate::json::{self, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, or empty for territories without one.
    pub iso: String,
    pub name: String,
    /// SVG path data in map pixels.
    pub d: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub width_px: f64,
    pub height_px: f64,
    pub projection: Projection,
    pub sphere: String,
    pub graticule: String,
    pub countries: Vec<Country>,
    pub attribution: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("world geometry: {0}")]
pub struct WorldError(pub String);

fn field<'a, 'j>(members: &'a [json::Member<'j>], key: &str) -> Result<&'a Value<'j>, WorldError> {
    members
        .iter()
        .find(|m| m.key == key)
        .map(|m| &m.value.value)
        .ok_or_else(|| WorldError(format!("missing '{key}'")))
}

fn number(v: &Value, key: &str) -> Result<f64, WorldError> {
    match v {
        Value::Number(n) => Ok(*n),
        _ => Err(WorldError(format!("'{key}' must be a number"))),
    }
}

fn string(v: &Value, key: &str) -> Result<String, WorldError> {
    match v {
        Value::String(s) => Ok(s.clone().into_owned()),
        _ => Err(WorldError(format!("'{key}' must be text"))),
    }
}

/// A point in tenths of a map pixel.
type Tenths = (i32, i32);

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Each ASCII character's 6-bit value in [`ALPHABET`], or [`NOT_A_SYMBOL`].
const SYMBOLS: [u8; 128] = {
    let mut table = [NOT_A_SYMBOL; 128];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const NOT_A_SYMBOL: u8 = u8::MAX;

/// The arcs string → each arc's points.
fn decode_arcs(text: &str) -> Result<Vec<Vec<Tenths>>, WorldError> {
    let mut arcs = Vec::new();
    let mut at: Tenths = (0, 0);
    for (n, arc_text) in text.split(' ').enumerate() {
        let bad = |what: &str| WorldError(format!("'arcs': arc {n} {what}"));
        let mut numbers = Vec::with_capacity(arc_text.len());
        let (mut value, mut shift) = (0u32, 0u32);
        for c in arc_text.chars() {
            let s = SYMBOLS.get(c as usize).copied().unwrap_or(NOT_A_SYMBOL);
            if s == NOT_A_SYMBOL {
                return Err(bad(&format!("has '{c}', which is not a base64url letter")));
            }
            let s = u32::from(s);
            if shift > 25 {
                return Err(bad("has a number too large for a map"));
            }
            value |= (s & 31) << shift;
            shift += 5;
            if s & 32 == 0 {
                // Zigzag: 0, -1, 1, -2, 2… as 0, 1, 2, 3, 4…
                let n = (value >> 1) as i32 ^ -((value & 1) as i32);
                numbers.push(n);
                (value, shift) = (0, 0);
            }
        }
        if shift != 0 {
            return Err(bad("ends in the middle of a number"));
        }
        if numbers.is_empty() || numbers.len() % 2 != 0 {
            return Err(bad(
                "must be a whole number of (dx, dy) steps, at least one",
            ));
        }
        let mut points = Vec::with_capacity(numbers.len() / 2);
        for step in numbers.chunks_exact(2) {
            at = (
                at.0.checked_add(step[0])
                    .ok_or_else(|| bad("leaves the map"))?,
                at.1.checked_add(step[1])
                    .ok_or_else(|| bad("leaves the map"))?,
            );
            points.push(at);
        }
        arcs.push(points);
    }
    Ok(arcs)
}

/// Appends `tenths / 10` the way d3 writes `Math.round(x * 10) / 10`: "203.8", "0", "-0.3".
fn push_tenths(d: &mut String, tenths: i32) {
    if tenths < 0 {
        d.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    // Whole pixels digit by digit: `to_string` would allocate for each of ~20,000 numbers.
    let whole = magnitude / 10;
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    let mut rest = whole;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    d.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
    let tenth = magnitude % 10;
    if tenth != 0 {
        d.push('.');
        d.push(char::from(b'0' + tenth as u8));
    }
}

/// Parts (lists of arc numbers) → SVG path text in map pixels.
fn path(
    doc: &json::Document,
    arcs: &[Vec<Tenths>],
    parts: &Value,
    closed: bool,
    what: &str,
) -> Result<String, WorldError> {
    let Value::Array(parts) = parts else {
        return Err(WorldError(format!(
            "{what} must be a list of lists of arc numbers"
        )));
    };
    let mut d = String::new();
    let mut points: Vec<Tenths> = Vec::new();
    for (p, part) in doc.items(*parts).iter().enumerate() {
        let Value::Array(ids) = part.value else {
            return Err(WorldError(format!(
                "{what}[{p}] must be a list of arc numbers"
            )));
        };
        points.clear();
        for id in doc.items(ids) {
            let arc_at = id.at;
            let bad = |message: String| {
                WorldError(format!(
                    "{what}[{p}] at line {}, column {}: {message}",
                    arc_at.line, arc_at.column
                ))
            };
            let arc = match id.value {
                Value::Number(n) if n.fract() == 0.0 && n >= 0.0 => arcs.get(n as usize),
                Value::Number(n) if n.fract() == 0.0 && n < 0.0 => arcs.get((-n - 1.0) as usize),
                _ => return Err(bad("an arc number must be a whole number".into())),
            }
            .ok_or_else(|| bad(format!("there are only {} arcs", arcs.len())))?;
            let reversed = matches!(id.value, Value::Number(n) if n < 0.0);
            let first = if reversed { arc.last() } else { arc.first() };
            if points.last().is_some_and(|last| Some(last) != first) {
                return Err(bad(
                    "this arc does not start where the previous one ends".into()
                ));
            }
            // The end point two arcs share is written once.
            let skip = usize::from(!points.is_empty());
            if reversed {
                points.extend(arc.iter().rev().skip(skip));
            } else {
                points.extend(arc.iter().skip(skip));
            }
        }
        if closed {
            if points.len() < 2 || points.first() != points.last() {
                return Err(WorldError(format!(
                    "{what}[{p}] must be a ring that ends where it begins"
                )));
            }
            points.pop();
        } else if points.is_empty() {
            return Err(WorldError(format!("{what}[{p}] is empty")));
        }
        d.reserve(points.len() * 12);
        for (i, &(x, y)) in points.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_tenths(&mut d, x);
            d.push(',');
            push_tenths(&mut d, y);
        }
        if closed {
            d.push('Z');
        }
    }
    Ok(d)
}

impl World {
    pub fn parse(text: &str) -> Result<World, WorldError> {
        let doc = json::parse(text).map_err(|e| WorldError(e.to_string()))?;
        let Value::Object(m) = doc.root().value else {
            return Err(WorldError("not an object".into()));
        };
        let m = doc.members(m);
        let translate = match field(m, "translate_px")? {
            Value::Array(a) if a.len() == 2 => {
                let a = doc.items(*a);
                (
                    number(&a[0].value, "translate_px")?,
                    number(&a[1].value, "translate_px")?,
                )
            }
            _ => return Err(WorldError("'translate_px' must be [x, y]".into())),
        };
        let arcs = decode_arcs(&string(field(m, "arcs")?, "arcs")?)?;
        let Value::Array(items) = field(m, "countries")? else {
            return Err(WorldError("'countries' must be a list".into()));
        };
        let mut countries = Vec::with_capacity(items.len());
        for item in doc.items(*items) {
            let Value::Object(c) = item.value else {
                return Err(WorldError("a country must be an object".into()));
            };
            let c = doc.members(c);
            let iso = string(field(c, "iso")?, "iso")?;
            let name = string(field(c, "name")?, "name")?;
            let what = format!("country '{name}' rings");
            let d = path(&doc, &arcs, field(c, "rings")?, true, &what)?;
            countries.push(Country { iso, name, d });
        }
        Ok(World {
            width_px: number(field(m, "width_px")?, "width_px")?,
            height_px: number(field(m, "height_px")?, "height_px")?,
            projection: Projection {
                scale: number(field(m, "scale")?, "scale")?,
                translate_x_px: translate.0,
                translate_y_px: translate.1,
            },
            sphere: path(&doc, &arcs, field(m, "sphere")?, true, "'sphere'")?,
            graticule: path(&doc, &arcs, field(m, "graticule")?, false, "'graticule'")?,
            countries,
            attribution: string(field(m, "attribution")?, "attribution")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writer's side (`encodeInt` in `scripts/data/world.mjs`), for building test files.
    fn encode(numbers: &[i32]) -> String {
        let mut text = String::new();
        for &n in numbers {
            let mut z = if n < 0 { -2 * n - 1 } else { 2 * n } as u32;
            while z >= 32 {
                text.push(ALPHABET[(32 | (z & 31)) as usize] as char);
                z >>= 5;
            }
            text.push(ALPHABET[z as usize] as char);
        }
        text
    }

    fn file(arcs: &str, sphere: &str, graticule: &str, rings: &str) -> String {
        format!(
            r#"{{"attribution":"test","projection":"equal-earth","width_px":100,"height_px":50,
            "scale":10,"translate_px":[50,25],"sphere":{sphere},"graticule":{graticule},
            "countries":[{{"iso":"AA","name":"A","rings":{rings}}}],"arcs":"{arcs}"}}"#
        )
    }

    #[test]
    fn rebuilds_d3_path_text_from_shared_arcs() {
        // Two squares side by side sharing the border (10,0)–(10,10); a line across both.
        //   arc 0: (10,0) → (0,0) → (0,10) → (10,10)    the left square's own sides
        //   arc 1: (10,10) → (10,0)                      the shared border
        //   arc 2: (10,0) → (20,0) → (20,10) → (10,10)  the right square's own sides
        //   arc 3: (0,5) → (20,5)                        the line, open
        // in tenths of a pixel, each step from the previous point.
        let arcs = [
            encode(&[100, 0, -100, 0, 0, 100, 100, 0]),
            encode(&[0, 0, 0, -100]),
            encode(&[0, 0, 100, 0, 0, 100, -100, 0]),
            encode(&[-100, -53, 203, 0]),
        ]
        .join(" ");
        let text = file(&arcs, "[[0,1],[2,1]]", "[[3]]", "[[2,1],[-2,-1]]");
        let w = World::parse(&text).unwrap();
        assert_eq!(w.sphere, "M10,0L0,0L0,10L10,10ZM10,0L20,0L20,10L10,10Z");
        assert_eq!(
            w.countries[0].d,
            "M10,0L20,0L20,10L10,10ZM10,0L10,10L0,10L0,0Z"
        );
        assert_eq!(w.graticule, "M0,4.7L20.3,4.7");
        assert_eq!(w.countries[0].iso, "AA");
        assert_eq!(w.projection.translate_y_px, 25.0);
        // Negative numbers below one pixel keep their sign, as d3 writes them.
        let line = file(&encode(&[-3, 0, 3, -1]), "[]", "[[0]]", "[]");
        assert_eq!(World::parse(&line).unwrap().graticule, "M-0.3,0L0,-0.1");
    }

    #[test]
    fn a_broken_file_says_what_is_wrong() {
        let square = encode(&[0, 0, 10, 0, 0, 10, -10, 0, 0, -10]);
        let error = |arcs: &str, rings: &str| {
            World::parse(&file(arcs, "[]", "[]", rings))
                .unwrap_err()
                .to_string()
        };
        assert!(World::parse(&file(&square, "[]", "[]", "[[0]]")).is_ok());
        assert!(error("AB*", "[[0]]").contains("arc 0 has '*', which is not a base64url letter"));
        assert!(error("Ag", "[[0]]").contains("arc 0 ends in the middle of a number"));
        assert!(error("AAA", "[[0]]").contains("whole number of (dx, dy) steps"));
        assert!(error("", "[[0]]").contains("whole number of (dx, dy) steps"));
        assert!(error("________", "[[0]]").contains("too large"));
        assert!(error(&square, "[[1]]").contains("there are only 1 arcs"));
        assert!(error(&square, "[[0.5]]").contains("whole number"));
        let open = encode(&[0, 0, 10, 0, 0, 10]);
        assert!(error(&open, "[[0,0]]").contains("does not start where the previous one ends"));
        assert!(error(&open, "[[0]]")
            .contains("country 'A' rings[0] must be a ring that ends where it begins"));
        assert!(error(&square, "[0]").contains("rings[0] must be a list of arc numbers"));
        let old_format = file(&square, "[]", "[]", "[[0]]").replace(r#""arcs":"#, r#""old":"#);
        assert_eq!(
            World::parse(&old_format).unwrap_err().to_string(),
            "world geometry: missing 'arcs'"
        );
        // Every message names the file's part it is about.
        assert!(error(&square, "[[7]]").starts_with("world geometry: country 'A' rings[0] at line"));
    }

    #[test]
    fn parses_the_bundled_world() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/world.json"
        ))
        .unwrap();
        let w = World::parse(&text).unwrap();
        assert_eq!(w.width_px, 1000.0);
        assert!(w.countries.len() > 170);
        assert!(w
            .countries
            .iter()
            .any(|c| c.iso == "JP" && c.d.starts_with('M')));
        assert!(w.attribution.contains("Natural Earth"));
    }

    #[test]
    fn reports_what_is_wrong() {
        assert!(World::parse("{}").unwrap_err().0.contains("translate_px"));
        assert!(World::parse("nope").is_err());
    }
}
