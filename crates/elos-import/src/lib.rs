//! Elos' importer: what a clerk has (a spreadsheet, a TimelineJS sheet, a Wikidata query
//! result) → a checked dataset and a report of every decision. Pure: bytes in, dataset and
//! report out, no I/O, so the CLI and the page's Web Worker run the same code.

pub mod assemble;
pub mod cell;
pub mod columns;
pub mod decode;
pub mod gazetteer;
pub mod geocode;
pub mod json_out;
pub mod page;
pub mod records;
pub mod report;
pub mod sheet;
pub mod vocab;

pub use assemble::{Imported, Options, Progress, Stage};
pub use gazetteer::Gazetteer;
pub use report::Report;

/// A file to import: its name (for the report) and its bytes, as read from disk or dropped on
/// the page.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Imports files into a dataset. Pure: the caller reads the files and writes the results.
/// `progress` is called every `options.progress_every` rows, so a Web Worker can post it.
pub fn import(
    inputs: &[Input<'_>],
    gazetteer: &Gazetteer,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Imported {
    let lang: &'static str = match options.lang.split('-').next() {
        Some("en") => "en",
        Some("es") => "es",
        _ => "pt-BR",
    };
    let defaults = records::Defaults {
        home: options.home.clone(),
        home_country: options.home_country.clone(),
        lang,
    };
    let total = inputs.len();
    let mut files = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        progress(Progress {
            stage: Stage::Reading,
            done: i,
            total,
        });
        files.push(records::read_file(i, input.bytes, &defaults));
    }
    let names = inputs.iter().map(|i| i.name.to_owned()).collect();
    assemble::assemble(files, names, gazetteer, options, progress)
}
