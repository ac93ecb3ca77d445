//! Elos' importer: what a clerk has (a spreadsheet, a TimelineJS sheet, a Wikidata query
//! result) → a checked dataset and a report of every decision. Pure: bytes in, dataset and
//! report out, no I/O, so the CLI and the page's Web Worker run the same code.

pub mod cell;
pub mod columns;
pub mod decode;
pub mod gazetteer;
pub mod geocode;
pub mod json_out;
pub mod report;
pub mod sheet;
pub mod vocab;
