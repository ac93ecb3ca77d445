//! The dataset's JSON Schema (draft 2020-12), generated from the field tables in
//! [`crate::spec`] — the same tables the loader checks against. `cargo xtask schema` writes it
//! to `docs/dataset.schema.json`; a test fails when the checked-in file is stale.

use serde_json::{json, Map, Value};

use crate::spec::{ObjectSpec, Shape, ALL_OBJECTS, DATASET};

/// Text that is not only spaces: the loader trims before it calls a text empty.
const NOT_BLANK: &str = "\\S";

fn shape_schema(shape: &Shape) -> Value {
    match shape {
        Shape::String => json!({"type": "string", "minLength": 1, "pattern": NOT_BLANK}),
        Shape::Integer => json!({"type": "integer"}),
        Shape::Number => json!({"type": "number"}),
        Shape::Text => json!({"$ref": "#/$defs/Text"}),
        Shape::Id => json!({"$ref": "#/$defs/Id"}),
        Shape::Date => json!({"$ref": "#/$defs/PartialDate"}),
        Shape::Url => json!({"type": "string", "pattern": "^https://[^\\s/?#@]+([/?#]\\S*)?$"}),
        Shape::Country => country_schema(),
        Shape::Language => json!({"$ref": "#/$defs/LanguageTag"}),
        Shape::Enum(values) => json!({"type": "string", "enum": values}),
        Shape::SourceRef => json!({"anyOf": [{"$ref": "#/$defs/Source"}, {"$ref": "#/$defs/Id"}]}),
        Shape::Archive => json!({
            "type": "string",
            "anyOf": [
                {"pattern": "^https://[^\\s/?#@]+([/?#]\\S*)?$"},
                {"pattern": "^[^/:\\\\\\s][^:\\\\\\s]*$", "not": {"pattern": "(^|/)\\.\\.(/|$)|//|/$"}}
            ]
        }),
        Shape::List(item) => json!({"type": "array", "items": shape_schema(item)}),
        Shape::Object(spec) => json!({"$ref": format!("#/$defs/{}", spec.name)}),
    }
}

/// The codes `checks::is_country_code` accepts: every assigned code the continent table lists
/// (with `XK`), or a user-assigned one other than `ZZ`.
fn country_schema() -> Value {
    let assigned: Vec<&str> = include_str!("../data/continents.txt")
        .lines()
        .filter_map(|l| l.split(' ').next())
        .collect();
    json!({
        "type": "string",
        "anyOf": [
            {"enum": assigned},
            {"pattern": "^(AA|Q[M-Z]|X[A-Z])$", "description": "User-assigned codes (ZZ, \"unknown\", is refused)."}
        ]
    })
}

fn field_schema(f: &crate::spec::FieldSpec) -> Value {
    let mut s = shape_schema(&f.shape);
    if let Value::Object(map) = &mut s {
        map.insert("description".into(), Value::String(f.doc.into()));
        if f.min_items > 0 {
            map.insert("minItems".into(), json!(f.min_items));
        }
        if f.unique_items {
            map.insert("uniqueItems".into(), json!(true));
        }
        if let Some((min, max)) = f.range {
            let minimum = if f.min_exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            map.insert(minimum.into(), json!(min));
            map.insert("maximum".into(), json!(max));
        }
    }
    s
}

fn object_schema(spec: &ObjectSpec) -> Value {
    let mut properties = Map::new();
    for f in spec.fields {
        let s = field_schema(f);
        properties.insert(f.name.into(), s);
    }
    let required: Vec<&str> = spec
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "description": spec.doc,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The whole schema as pretty JSON text.
pub fn dataset_schema() -> String {
    let mut defs = Map::new();
    for spec in ALL_OBJECTS.iter().filter(|s| s.name != DATASET.name) {
        defs.insert(spec.name.into(), object_schema(spec));
    }
    defs.insert(
        "Text".into(),
        json!({
            "type": "object",
            "description": "Text per BCP 47 language tag, e.g. {\"pt-BR\": \"Cidades-irmãs\", \"en\": \"Sister cities\"}.",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/LanguageTag"},
            "additionalProperties": {"type": "string", "minLength": 1, "pattern": NOT_BLANK},
        }),
    );
    defs.insert(
        "Id".into(),
        json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$|^[a-z0-9][a-z0-9-]*[a-z0-9]$", "description": "Lowercase letters, digits and '-'; unique across the file."}),
    );
    defs.insert(
        "PartialDate".into(),
        json!({"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$", "description": "YYYY, YYYY-MM or YYYY-MM-DD; the precision is kept."}),
    );
    defs.insert(
        "LanguageTag".into(),
        json!({"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"}),
    );
    let mut root = object_schema(&DATASET);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!("Elos dataset, format 1"));
        map.insert("$defs".into(), Value::Object(defs));
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            props.insert(
                "format".into(),
                json!({"const": 1, "description": "Format version: 1."}),
            );
        }
    }
    let mut text = serde_json::to_string_pretty(&root).expect("a JSON value always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_schema_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/dataset.schema.json"
        );
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == dataset_schema(),
            "docs/dataset.schema.json is stale: run `cargo xtask schema`"
        );
    }

    #[test]
    fn schema_lists_every_required_field() {
        let schema: Value = serde_json::from_str(&dataset_schema()).unwrap();
        let coop = &schema["$defs"]["Cooperation"];
        let required: Vec<&str> = coop["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["id", "kind", "parties", "sources"]);
        assert_eq!(coop["properties"]["kind"]["enum"][0], "sister_city");
    }
}
