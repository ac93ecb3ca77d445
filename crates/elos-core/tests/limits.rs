//! The resource limits on whole files: each refused quickly, with its own problem and a
//! position, before the file's contents cost memory or time.

use std::time::Instant;

use elos_core::limits::{MAX_BYTES, MAX_DEPTH, MAX_LIST_ITEMS, MAX_VALUES};
use elos_core::problem::Code;

fn only_problem(text: &str) -> (Code, Option<&'static str>, String, (u32, u32)) {
    let loaded = elos_core::load(text);
    assert!(loaded.dataset.is_none());
    let [problem] = &loaded.problems[..] else {
        panic!("one problem expected: {:?}", loaded.problems);
    };
    let at = problem.at.expect("a position");
    (
        problem.code,
        problem.variant,
        problem.path.clone(),
        (at.line, at.column),
    )
}

#[test]
fn a_million_cities_are_refused_quickly() {
    let text = format!(
        "{{\"format\": 1,\n \"cities\": [{}{{}}]}}",
        "{},".repeat(1_000_000 - 1)
    );
    let started = Instant::now();
    let loaded = elos_core::load(&text);
    assert!(loaded.dataset.is_none());
    let too_many = loaded
        .problems
        .iter()
        .find(|p| p.code == Code::TooMany)
        .expect("too-many");
    assert_eq!(too_many.path, "cities");
    assert_eq!(too_many.at.map(|a| (a.line, a.column)), Some((2, 12)));
    // Far below the time the loader would take on a million cities (and debug builds are slow).
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let just_enough = format!(
        "{{\"format\": 1, \"cities\": [{}{{}}]}}",
        "{},".repeat(MAX_LIST_ITEMS - 1)
    );
    assert!(elos_core::load(&just_enough)
        .problems
        .iter()
        .all(|p| p.code != Code::TooMany));
}

#[test]
fn a_file_over_the_size_limit_is_not_parsed() {
    let text = format!("{{\"format\": 1, \"x\": \"{}\"}}", "a".repeat(MAX_BYTES));
    let (code, _, _, at) = only_problem(&text);
    assert_eq!((code, at), (Code::TooLarge, (1, 1)));
}

#[test]
fn nesting_and_value_count_have_their_own_problems() {
    let deep = format!("{{\"format\": {}1", "[".repeat(MAX_DEPTH + 10));
    let (code, _, _, at) = only_problem(&deep);
    assert_eq!((code, at.0), (Code::TooDeep, 1));
    let many = format!("{{\"format\": 1, \"x\": [{}0]}}", "0,".repeat(MAX_VALUES));
    let (code, variant, _, _) = only_problem(&many);
    assert_eq!((code, variant), (Code::TooMany, Some("values")));
}

#[test]
fn every_limit_reads_well_in_every_language() {
    for catalogue in elos_core::i18n::Catalogue::all() {
        let deep = "[".repeat(MAX_DEPTH + 2);
        let problems = elos_core::load(&deep).problems;
        let sentence = catalogue.problem(&problems[0]);
        assert!(
            sentence.contains("128") && !sentence.contains('{'),
            "{sentence}"
        );
    }
}
