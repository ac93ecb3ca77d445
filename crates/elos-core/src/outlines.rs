//! Country outlines read from the page's own world map (`public/world.svg`), for one question:
//! does a point on the map lie in a given country? The page never asks it (it draws the SVG as
//! it is); `elos check` does, to warn about a city drawn in the wrong country.
//!
//! The map's country paths are already projected (`scripts/data/world.mjs`, with
//! [`crate::geo::WORLD_PROJECTION`]) and written in whole quanta of a pixel, relative to the
//! point before, inside a group scaled to pixels: `<g transform="scale(0.25)">` and
//! `<path class="country" data-iso="BR" d="M1234 567l3-1 2 0…z">`. [`CountryOutlines::from_svg`]
//! reads that back into rings of map pixels.
//!
//! **Architecture invariant:** the outlines are read from the very file the page shows, so the
//! check and the map cannot disagree about where a border is; only the CLI embeds that file
//! (the `country-outlines` feature), never the page's wasm.

use std::collections::HashMap;

use crate::geo::PointPx;

/// What is wrong with a world map the outlines cannot be read from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OutlinesError {
    #[error("the map has no `<g … transform=\"scale(…)\">` group to give its units")]
    NoScale,
    #[error("the map has no country paths (`<path class=\"country\" data-iso=… d=…>`)")]
    NoCountries,
    #[error("the path of country '{iso}' cannot be read: {detail}")]
    BadPath { iso: String, detail: String },
}

/// The outlines of every country the map has a code for, in map pixels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountryOutlines {
    by_iso: HashMap<String, Outline>,
}

/// One country: its rings (islands and holes alike; the even-odd rule tells them apart) and
/// their bounding box.
#[derive(Debug, Clone, PartialEq)]
struct Outline {
    rings: Vec<Vec<PointPx>>,
    min: PointPx,
    max: PointPx,
}

impl CountryOutlines {
    /// Reads the country paths of an SVG written by `scripts/data/world.mjs`. Paths without a
    /// country code (`data-iso=""`: places Natural Earth gives none) are left out; several paths
    /// with one code make one country.
    pub fn from_svg(svg: &str) -> Result<Self, OutlinesError> {
        let quantum_px = scale_of_group(svg).ok_or(OutlinesError::NoScale)?;
        let mut rings_by_iso: HashMap<String, Vec<Vec<PointPx>>> = HashMap::new();
        let mut paths = 0;
        for tag in svg.split("<path").skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            if attribute(tag, "class") != Some("country") {
                continue;
            }
            paths += 1;
            let iso = attribute(tag, "data-iso").unwrap_or("");
            if iso.is_empty() {
                continue;
            }
            let d = attribute(tag, "d").unwrap_or("");
            let rings = rings(d, quantum_px).map_err(|detail| OutlinesError::BadPath {
                iso: iso.to_owned(),
                detail,
            })?;
            rings_by_iso
                .entry(iso.to_owned())
                .or_default()
                .extend(rings);
        }
        if paths == 0 {
            return Err(OutlinesError::NoCountries);
        }
        let by_iso = rings_by_iso
            .into_iter()
            .filter_map(|(iso, rings)| Outline::new(rings).map(|o| (iso, o)))
            .collect();
        Ok(Self { by_iso })
    }

    /// The outlines of `public/world.svg`, the map the page shows, read once.
    #[cfg(feature = "country-outlines")]
    pub fn bundled() -> &'static CountryOutlines {
        static OUTLINES: std::sync::OnceLock<CountryOutlines> = std::sync::OnceLock::new();
        OUTLINES.get_or_init(|| {
            CountryOutlines::from_svg(include_str!("../../../public/world.svg"))
                .expect("public/world.svg is read by the core's tests")
        })
    }

    /// How many countries have an outline.
    pub fn len(&self) -> usize {
        self.by_iso.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_iso.is_empty()
    }

    /// Whether the map has an outline for this ISO 3166-1 alpha-2 code.
    pub fn has(&self, iso: &str) -> bool {
        self.by_iso.contains_key(iso)
    }

    /// Whether `point` lies in the country, or within `tolerance_px` of its border; `None` when
    /// the map has no outline for the code.
    pub fn contains_or_near(&self, iso: &str, point: PointPx, tolerance_px: f64) -> Option<bool> {
        let outline = self.by_iso.get(iso)?;
        Some(outline.contains_or_near(point, tolerance_px))
    }

    /// The country whose outline holds `point` or passes within `tolerance_px` of it, if any;
    /// the smallest code first when several do, so the answer does not depend on a hash
    /// map's order.
    pub fn country_at(&self, point: PointPx, tolerance_px: f64) -> Option<&str> {
        self.by_iso
            .iter()
            .filter(|(_, outline)| outline.contains_or_near(point, tolerance_px))
            .map(|(iso, _)| iso.as_str())
            .min()
    }
}

impl Outline {
    fn new(rings: Vec<Vec<PointPx>>) -> Option<Self> {
        let mut points = rings.iter().flatten();
        let first = *points.next()?;
        let (mut min, mut max) = (first, first);
        for p in points {
            min.x_px = min.x_px.min(p.x_px);
            min.y_px = min.y_px.min(p.y_px);
            max.x_px = max.x_px.max(p.x_px);
            max.y_px = max.y_px.max(p.y_px);
        }
        Some(Self { rings, min, max })
    }

    fn contains_or_near(&self, p: PointPx, tolerance_px: f64) -> bool {
        let far_outside_box = p.x_px < self.min.x_px - tolerance_px
            || p.x_px > self.max.x_px + tolerance_px
            || p.y_px < self.min.y_px - tolerance_px
            || p.y_px > self.max.y_px + tolerance_px;
        if far_outside_box {
            return false;
        }
        // Even-odd over all rings (holes included) first: most points are well inside, and
        // the crossing test is cheaper than a distance to every edge.
        let mut inside = false;
        for (a, b) in self.edges() {
            if (a.y_px > p.y_px) != (b.y_px > p.y_px)
                && p.x_px < a.x_px + (p.y_px - a.y_px) * (b.x_px - a.x_px) / (b.y_px - a.y_px)
            {
                inside = !inside;
            }
        }
        inside
            || self
                .edges()
                .any(|(a, b)| distance_to_segment_px(p, a, b) <= tolerance_px)
    }

    /// Every edge of every ring, the closing one included.
    fn edges(&self) -> impl Iterator<Item = (PointPx, PointPx)> + '_ {
        self.rings.iter().flat_map(|ring| {
            ring.iter()
                .zip(ring.iter().cycle().skip(1))
                .map(|(a, b)| (*a, *b))
        })
    }
}

fn distance_to_segment_px(p: PointPx, a: PointPx, b: PointPx) -> f64 {
    let (dx, dy) = (b.x_px - a.x_px, b.y_px - a.y_px);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.x_px - a.x_px) * dx + (p.y_px - a.y_px) * dy) / length2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.x_px + t * dx, a.y_px + t * dy);
    ((p.x_px - cx).powi(2) + (p.y_px - cy).powi(2)).sqrt()
}

/// The value of `name="…"` in a tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix("=\"") {
                return value.split('"').next();
            }
        }
        rest = after;
    }
}

/// The pixels per path unit: the `scale(…)` of the group holding the shapes.
fn scale_of_group(svg: &str) -> Option<f64> {
    let group = svg.split("<g").skip(1).find_map(|tag| {
        let tag = tag.split('>').next()?;
        attribute(tag, "transform")
    })?;
    let factor: f64 = group
        .strip_prefix("scale(")?
        .strip_suffix(')')?
        .trim()
        .parse()
        .ok()?;
    (factor > 0.0 && factor.is_finite()).then_some(factor)
}

/// The closed rings of SVG path data made of `M`/`m`, `L`/`l` and `Z`/`z` (the only commands
/// `world.mjs` writes), scaled by `unit_px`. Rings of fewer than three points enclose nothing
/// and are dropped.
fn rings(d: &str, unit_px: f64) -> Result<Vec<Vec<PointPx>>, String> {
    let mut out: Vec<Vec<PointPx>> = Vec::new();
    let mut ring: Vec<PointPx> = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut start = (0.0, 0.0);
    let mut command = None;
    let mut numbers = Numbers { rest: d };
    loop {
        numbers.skip_separators();
        let Some(c) = numbers.rest.chars().next() else {
            break;
        };
        if c.is_ascii_alphabetic() {
            numbers.rest = &numbers.rest[c.len_utf8()..];
            match c {
                'M' | 'm' | 'Z' | 'z' => {
                    if ring.len() >= 3 {
                        out.push(std::mem::take(&mut ring));
                    }
                    ring.clear();
                }
                // A lineto right after a closepath starts a ring at the last one's start.
                'L' | 'l' if ring.is_empty() => ring.push(point(x, y, unit_px)),
                'L' | 'l' => {}
                other => return Err(format!("the command '{other}' is not drawn by world.mjs")),
            }
            if matches!(c, 'Z' | 'z') {
                (x, y) = start;
                command = None;
            } else {
                command = Some(c);
            }
            continue;
        }
        let Some(cmd) = command else {
            return Err(format!(
                "a number without a command at “{}”",
                head(numbers.rest)
            ));
        };
        let (Some(a), Some(b)) = (numbers.next(), numbers.next()) else {
            return Err(format!(
                "an unpaired coordinate at “{}”",
                head(numbers.rest)
            ));
        };
        if cmd.is_ascii_lowercase() {
            (x, y) = (x + a, y + b);
        } else {
            (x, y) = (a, b);
        }
        if matches!(cmd, 'M' | 'm') {
            start = (x, y);
            // Further pairs after a moveto are linetos (SVG's rule).
            command = Some(if cmd == 'M' { 'L' } else { 'l' });
        }
        ring.push(point(x, y, unit_px));
    }
    if ring.len() >= 3 {
        out.push(ring);
    }
    Ok(out)
}

fn point(x: f64, y: f64, unit_px: f64) -> PointPx {
    PointPx {
        x_px: x * unit_px,
        y_px: y * unit_px,
    }
}

fn head(text: &str) -> &str {
    let end = text.char_indices().nth(12).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The numbers of path data, one at a time: `3-1` is 3 and -1.
struct Numbers<'d> {
    rest: &'d str,
}

impl Numbers<'_> {
    fn skip_separators(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', ',', '\n', '\t', '\r']);
    }

    fn next(&mut self) -> Option<f64> {
        self.skip_separators();
        let bytes = self.rest.as_bytes();
        let mut end = usize::from(bytes.first() == Some(&b'-'));
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        let number = self.rest[..end].parse().ok()?;
        self.rest = &self.rest[end..];
        Some(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn px(x_px: f64, y_px: f64) -> PointPx {
        PointPx { x_px, y_px }
    }

    const TWO_SQUARES: &str = r#"<svg><g class="world-shapes" transform="scale(0.25)">
<path class="sphere" d="M0 0l4000 0 0 2000-4000 0z"/>
<path class="country" data-iso="AA" d="M0 0l40 0 0 40-40 0zm80 0l40 0 0 40-40 0z"/>
<path class="country" data-iso="" d="M400 400l4 0 0 4z"/>
<path class="country" data-iso="QM" d="M200 200L240 200L240 240L200 240Z"/>
</g></svg>"#;

    #[test]
    fn relative_quanta_become_rings_of_pixels() {
        let two = rings("M0 0l40 0 0 40-40 0zm80 0l40 0 0 40-40 0z", 0.25).unwrap();
        assert_eq!(
            two,
            [
                vec![px(0.0, 0.0), px(10.0, 0.0), px(10.0, 10.0), px(0.0, 10.0)],
                vec![px(20.0, 0.0), px(30.0, 0.0), px(30.0, 10.0), px(20.0, 10.0)],
            ],
            "after z the next m is relative to the ring's start"
        );
        assert_eq!(
            rings("M0 0L4 0L4 4Z", 1.0).unwrap(),
            [vec![px(0.0, 0.0), px(4.0, 0.0), px(4.0, 4.0)]]
        );
        assert!(
            rings("M0 0c1 1 2 2 3 3z", 1.0).is_err(),
            "curves are not expected"
        );
        assert!(rings("M0 0l1", 1.0).is_err());
        assert!(rings("12 3", 1.0).is_err());
    }

    #[test]
    fn points_in_near_and_out_of_a_country() {
        let outlines = CountryOutlines::from_svg(TWO_SQUARES).unwrap();
        assert_eq!(outlines.len(), 2, "the path without a code is left out");
        let inside = |iso, x, y| outlines.contains_or_near(iso, px(x, y), 1.0);
        assert_eq!(inside("AA", 5.0, 5.0), Some(true));
        assert_eq!(inside("AA", 25.0, 5.0), Some(true), "the second ring");
        assert_eq!(inside("AA", 10.5, 5.0), Some(true), "near the coast");
        assert_eq!(inside("AA", 15.0, 5.0), Some(false), "between the two");
        assert_eq!(inside("AA", 500.0, 5.0), Some(false));
        assert_eq!(inside("QM", 55.0, 55.0), Some(true), "absolute commands");
        assert_eq!(inside("BR", 5.0, 5.0), None, "no outline: not judged");
    }

    #[test]
    fn a_map_without_units_or_countries_is_refused() {
        assert_eq!(
            CountryOutlines::from_svg("<svg><g><path class=\"country\" d=\"M0 0z\"/></g></svg>"),
            Err(OutlinesError::NoScale)
        );
        assert_eq!(
            CountryOutlines::from_svg("<svg><g transform=\"scale(0.25)\"></g></svg>"),
            Err(OutlinesError::NoCountries)
        );
    }

    #[test]
    fn the_pages_map_has_an_outline_for_every_coded_country() {
        let svg = include_str!("../../../public/world.svg");
        let outlines = CountryOutlines::from_svg(svg).unwrap();
        let coded = svg.matches("class=\"country\"").count() - svg.matches("data-iso=\"\"").count();
        assert_eq!(outlines.len(), coded);
        assert!(outlines.len() > 170);
        let geo = crate::geo::WORLD_PROJECTION;
        // Brasília, Tokyo, Nairobi: each in its own country and not in another.
        for (iso, lon, lat) in [
            ("BR", -47.88, -15.79),
            ("JP", 139.69, 35.69),
            ("KE", 36.82, -1.29),
        ] {
            let p = geo.project(lon, lat);
            assert_eq!(outlines.contains_or_near(iso, p, 0.0), Some(true), "{iso}");
            assert_eq!(
                outlines.contains_or_near("AR", p, 0.0),
                Some(false),
                "{iso}"
            );
        }
    }
}
