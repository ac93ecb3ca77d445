//! Elos web app: a city's international links on a world map and a timeline.

mod app;
mod brief;
mod combobox;
mod details;
mod embed;
mod embed_dialog;
mod fetch;
mod filters;
mod i18n;
mod import;
mod map;
mod model;
mod names;
mod offline;
mod present;
mod problems;
mod resize;
mod search_box;
mod state;
mod stats;
mod table;
mod time_window;
mod timeline;
mod ui;
mod undated;

/// The global allocator, counting the bytes in use so that `cargo xtask bench soak` can tell a
/// leak (live bytes that keep growing) from the wasm memory's high-water mark (which never
/// shrinks: the linear memory only grows). Counting costs an addition per allocation.
#[global_allocator]
static HEAP: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// The Rust heap's live bytes, read by the soak benchmark from the wasm module's exports.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn elos_heap_live_bytes() -> f64 {
    HEAP.allocated() as f64
}

fn main() {
    console_error_panic_hook::set_once();
    let lang = app::initial_language();
    // The dataset downloads while the catalogue (if any) does.
    let first = fetch::FirstDownload::start(app::first_dataset_file());
    let deadline = fetch::sleep_ms(fetch::FIRST_WAIT_MS);
    // Not Leptos' executor: it is only set up when the app mounts.
    wasm_bindgen_futures::spawn_local(async move {
        // Another language than the built-in one is fetched before the first view, so the
        // page never shows itself in the wrong language first.
        let mut catalogues = elos_core::i18n::Catalogue::all();
        if !catalogues.iter().any(|c| c.lang == lang) {
            match fetch::catalogue(&lang).await {
                Ok(c) => catalogues.push(c),
                Err(e) => leptos::logging::warn!("{e}"),
            }
        }
        let first = first.wait(deadline).await;
        // The app's build starts in a task of its own, not in the one that read the catalogue
        // or checked the dataset: on a phone neither task is then long (see `ui::Mounting`).
        fetch::sleep_ms(0).await;
        if app::is_presenter_view() {
            leptos::mount::mount_to_body(move || {
                app::PresenterApp(app::PresenterAppProps {
                    lang,
                    catalogues,
                    first,
                })
            });
        } else {
            leptos::mount::mount_to_body(move || {
                app::App(app::AppProps {
                    lang,
                    catalogues,
                    first,
                })
            });
        }
    });
}
