//! docs/dataset.schema.json checked by an independent validator (the `boon` crate, draft
//! 2020-12, which passes the JSON Schema test suite) against the example and the hostile corpus: the example and every file the loader
//! accepts must pass; every file whose error a schema can express (a range, an empty name, too
//! few parties or sources, a repeated party, an unknown kind or country, a malformed date, id
//! or URL) must fail. Errors no schema can see (an unknown id, a day that does not exist, an
//! end before the start) are listed too, so the table stays honest.

use std::path::Path;

/// The schema, compiled: `is_valid` and `errors` judge one JSON value against it.
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn is_valid(&self, value: &serde_json::Value) -> bool {
        self.schemas.validate(value, self.index).is_ok()
    }

    /// Every failed keyword, one line each (“#” for the whole list of causes).
    fn errors(&self, value: &serde_json::Value) -> Vec<String> {
        match self.schemas.validate(value, self.index) {
            Ok(()) => Vec::new(),
            Err(error) => format!("{error:#}").lines().map(String::from).collect(),
        }
    }
}

fn validator() -> Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/dataset.schema.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    let location = "file:///docs/dataset.schema.json";
    compiler.add_resource(location, schema).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile(location, &mut schemas)
        .expect("the schema is a valid draft 2020-12 schema");
    Validator { schemas, index }
}

/// What the schema must say about each hostile file: `Some(false)` rejected, `Some(true)`
/// accepted although the loader finds an error (not expressible in a schema), `None` not JSON
/// a validator can read (or a duplicate key, which JSON parsers silently drop).
fn verdict(name: &str) -> Option<bool> {
    match name {
        "empty"
        | "whitespace"
        | "not-json-double-comma"
        | "not-json-truncated"
        | "bom"
        | "duplicate-key"
        | "deep-nesting" => None,
        "valid" | "shared-sources" => Some(true),
        // Errors only the loader sees.
        "duplicate-id" | "unknown-id" | "unknown-source-id" | "wrong-reference"
        | "impossible-date" | "end-before-start" => Some(true),
        "tour-valid" => Some(true),
        // Tours: references, the home city, the order of the years and ids only the loader sees;
        // a year out of range, a duration of 0 and a tour without steps the schema refuses too.
        "tour-unknown-id"
        | "tour-wrong-reference"
        | "tour-home-not-home"
        | "tour-years-reversed"
        | "tour-duplicate-id" => Some(true),
        // Warnings only: the file is publishable, so the schema must accept it. (An unknown
        // field is the exception, by design: `additionalProperties: false` lets an editor
        // underline a misspelt field name, which the loader only warns about.)
        "home-city-not-party"
        | "link-without-home-city"
        | "duplicate-link"
        | "duplicate-link-other-side" => Some(true),
        _ => Some(false),
    }
}

#[test]
fn the_example_passes() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/data/example.json"
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example).unwrap()).unwrap();
    let v = validator();
    let errors = v.errors(&value);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_hostile_corpus_is_judged_as_a_schema_can() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hostile");
    let v = validator();
    let mut wrong = Vec::new();
    let mut rejected = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        files += 1;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = serde_json::from_str::<serde_json::Value>(&text);
        let want = verdict(&name);
        match (parsed, want) {
            (Err(_), None) => {}
            (Ok(_), None) if name == "duplicate-key" || name == "deep-nesting" => {}
            (Ok(value), Some(valid)) => {
                let is_valid = v.is_valid(&value);
                if !is_valid {
                    rejected += 1;
                }
                if is_valid != valid {
                    wrong.push(format!(
                        "{name}: schema says valid={is_valid}, expected {valid}"
                    ));
                }
            }
            (parsed, want) => wrong.push(format!(
                "{name}: parsed={}, expected {want:?}",
                parsed.is_ok()
            )),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Before the schema said ranges, minItems, uniqueItems, country codes and blank text,
    // seven of these rejected files passed it.
    assert!(
        files >= 42 && rejected >= 23,
        "{rejected} of {files} rejected"
    );
}
