//! The page's import worker (a Web Worker built by Trunk, `index.html`): fetches the gazetteer
//! when the person opens Import, then imports the files the page posts and answers with
//! progress and the result (`elos_core::import_msg`). Nothing here decides anything: the
//! import is `elos_import::page::run`, tested natively.

#[cfg(target_arch = "wasm32")]
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
