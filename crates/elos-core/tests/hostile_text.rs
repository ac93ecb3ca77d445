//! The hostile-text corpus (tests/data/hostile-text/, issue 15) in the core: the dataset with
//! a payload in every text field loads, every address that is not https is refused with its
//! own problem (so none can become a link), and the table's CSV neutralises every formula in
//! every language. The browser test (tests/browser/hostile.test.mjs) checks the page.

use elos_core::i18n::Catalogue;
use elos_core::links::{links, HomeChoice};
use elos_core::problem::Code;
use elos_core::table::{link_rows, to_csv, Sort};

fn corpus(name: &str) -> String {
    let path = format!(
        "{}/../../tests/data/hostile-text/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_payload_in_every_text_field_still_loads() {
    let loaded = elos_core::load(&corpus("text.json"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.dataset.is_some());
}

#[test]
fn every_address_that_is_not_https_is_refused() {
    let text = corpus("urls.json");
    let loaded = elos_core::load(&text);
    assert!(loaded.dataset.is_none());
    let fields = text.matches("\"url\":").count() + text.matches("\"website\":").count();
    let refused = loaded
        .problems
        .iter()
        .filter(|p| p.code == Code::InsecureUrl)
        .count();
    assert_eq!(refused, fields, "{:?}", loaded.problems);
    assert!(loaded.problems.iter().all(|p| p.at.is_some()));
}

#[test]
fn the_csv_of_hostile_rows_has_no_formula_in_any_language() {
    let ds = elos_core::load(&corpus("text.json")).dataset.unwrap();
    let shown = links(&ds, HomeChoice::All);
    assert!(shown.len() > 20);
    for cat in Catalogue::all() {
        let rows = link_rows(&ds, &shown, &cat, |_| None, Sort::default());
        let cells: Vec<Vec<String>> = rows.into_iter().map(|r| r.cells).collect();
        let csv = to_csv(&["h".into()], &cells);
        let fields: Vec<&str> = csv
            .split("\r\n")
            .flat_map(|line| line.split(','))
            .map(|f| f.trim_start_matches('"'))
            .collect();
        for field in &fields {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{}: {field:.60}",
                cat.lang
            );
        }
        assert!(csv.contains("'=HYPERLINK"), "{}", cat.lang);
        // The page's own isolates (FSI…PDI around shown names) are not data.
        assert!(!csv.contains('\u{2068}'), "{}", cat.lang);
    }
}
