//! The import as the page's worker runs it: a request and the files' bytes in, progress and
//! the result out as the messages of `elos_core::import_msg`, with the report in the
//! request's language — the same sentences `elos import` prints.

use elos_core::import_msg::{FromWorker, ImportRequest, ImportResult, Stage};

use crate::assemble::{self, Options, Progress};
use crate::{import, report, Gazetteer, Input};

/// Imports the files of `request` (`bytes[i]` is the file named `request.names[i]`); calls
/// `post` with progress as it goes and returns the result.
pub fn run(
    request: &ImportRequest,
    bytes: &[Vec<u8>],
    gazetteer: &Gazetteer,
    post: &mut dyn FnMut(FromWorker),
) -> FromWorker {
    let options = Options {
        lang: request.lang.clone(),
        home: request.home.trim().to_owned(),
        home_country: request.home_country.trim().to_owned(),
        progress_every: 500,
        ..Options::default()
    };
    let inputs: Vec<Input<'_>> = request
        .names
        .iter()
        .zip(bytes)
        .map(|(name, bytes)| Input { name, bytes })
        .collect();
    let mut progress = |p: Progress| {
        post(FromWorker::Progress {
            stage: match p.stage {
                assemble::Stage::Reading => Stage::Reading,
                assemble::Stage::Placing => Stage::Placing,
                assemble::Stage::Checking => Stage::Checking,
            },
            done: p.done as u64,
            total: p.total as u64,
        })
    };
    let imported = import(&inputs, gazetteer, &options, &mut progress);
    let catalogue = report::catalogue(&request.lang);
    FromWorker::Done(ImportResult {
        dataset: imported.dataset,
        report_json: imported.report.to_json(&catalogue),
        summary: imported.report.summary_text(&catalogue),
        rows: imported.report.rows(&catalogue),
    })
}
