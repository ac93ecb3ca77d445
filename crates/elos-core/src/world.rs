//! The bundled world geometry (`public/world.json`): country outlines already projected to
//! SVG paths at build time, and the projection numbers the page needs for markers and arcs.

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

fn field<'a>(members: &'a [json::Member], key: &str) -> Result<&'a Value, WorldError> {
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
        Value::String(s) => Ok(s.clone()),
        _ => Err(WorldError(format!("'{key}' must be text"))),
    }
}

impl World {
    pub fn parse(text: &str) -> Result<World, WorldError> {
        let root = json::parse(text).map_err(|e| WorldError(e.to_string()))?;
        let Value::Object(m) = &root.value else {
            return Err(WorldError("not an object".into()));
        };
        let translate = match field(m, "translate_px")? {
            Value::Array(a) if a.len() == 2 => (
                number(&a[0].value, "translate_px")?,
                number(&a[1].value, "translate_px")?,
            ),
            _ => return Err(WorldError("'translate_px' must be [x, y]".into())),
        };
        let Value::Array(items) = field(m, "countries")? else {
            return Err(WorldError("'countries' must be a list".into()));
        };
        let mut countries = Vec::with_capacity(items.len());
        for item in items {
            let Value::Object(c) = &item.value else {
                return Err(WorldError("a country must be an object".into()));
            };
            countries.push(Country {
                iso: string(field(c, "iso")?, "iso")?,
                name: string(field(c, "name")?, "name")?,
                d: string(field(c, "d")?, "d")?,
            });
        }
        Ok(World {
            width_px: number(field(m, "width_px")?, "width_px")?,
            height_px: number(field(m, "height_px")?, "height_px")?,
            projection: Projection {
                scale: number(field(m, "scale")?, "scale")?,
                translate_x_px: translate.0,
                translate_y_px: translate.1,
            },
            sphere: string(field(m, "sphere")?, "sphere")?,
            graticule: string(field(m, "graticule")?, "graticule")?,
            countries,
            attribution: string(field(m, "attribution")?, "attribution")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
