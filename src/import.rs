//! The Import view: a file the person opens or drops goes to the import worker (its own wasm
//! with the importer and the gazetteer, started only when Import is opened; nothing is
//! uploaded), and what comes back is drawn: progress, the report's table, the imported dataset
//! as a preview in the normal map, timeline and table, and its downloads.

use std::sync::Arc;

use elos_core::import_msg::{download_names, FromWorker, ImportRequest, ImportResult, Stage};
use elos_core::problem::Level;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::UiState;

/// Trunk's loader for the worker (`index.html`, `data-loader-shim`), beside the page.
const WORKER: &str = "./elos-import-worker_loader.js";

/// The Import view's state, provided by context; the footer's button opens it.
#[derive(Clone, Copy)]
pub struct Importer {
    pub open: RwSignal<bool>,
    progress: RwSignal<Option<(Stage, u64, u64)>>,
    failed: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    file: RwSignal<String>,
    result: RwSignal<Option<Arc<ImportResult>>>,
    worker: StoredValue<Option<SendWrapper<web_sys::Worker>>>,
    // The worker's answers arrive outside any component, where there is no context to ask.
    model: Model,
    state: UiState,
    i18n: I18n,
}

impl Importer {
    pub fn new(model: Model, state: UiState, i18n: I18n) -> Self {
        Self {
            open: RwSignal::new(false),
            progress: RwSignal::new(None),
            failed: RwSignal::new(None),
            busy: RwSignal::new(false),
            file: RwSignal::new(String::new()),
            result: RwSignal::new(None),
            worker: StoredValue::new(None),
            model,
            state,
            i18n,
        }
    }

    /// Opens the view and starts the worker, which begins fetching the gazetteer at once.
    pub fn show(self) {
        self.open.set(true);
        if self.worker.with_value(Option::is_some) {
            return;
        }
        self.failed.set(None);
        match web_sys::Worker::new(WORKER) {
            Ok(worker) => {
                let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |event: web_sys::MessageEvent| {
                        if let Some(message) = event
                            .data()
                            .as_string()
                            .and_then(|t| FromWorker::decode(&t))
                        {
                            self.receive(message);
                        }
                    },
                );
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                on_message.forget();
                self.worker.set_value(Some(SendWrapper::new(worker)));
            }
            Err(e) => self.failed.set(Some(format!("{e:?}"))),
        }
    }

    fn receive(self, message: FromWorker) {
        match message {
            FromWorker::Progress { stage, done, total } => {
                self.progress.set(Some((stage, done, total)))
            }
            FromWorker::Failed { message } => {
                self.busy.set(false);
                self.failed.set(Some(message));
                // A new worker is tried the next time Import is opened.
                if let Some(worker) = self.worker.try_update_value(Option::take).flatten() {
                    worker.terminate();
                }
            }
            FromWorker::Done(result) => {
                self.busy.set(false);
                self.progress.set(None);
                if let Some(text) = &result.dataset {
                    let checked = crate::fetch::check(&self.file.get_untracked(), text);
                    crate::app::apply(self.model, self.state, self.i18n, checked);
                }
                self.result.set(Some(Arc::new(result)));
            }
        }
    }

    /// Sends the files to the worker, with the report's language and the home city.
    fn import(self, files: Vec<web_sys::File>, home: String, home_country: String) {
        let Some(first) = files.first() else {
            return;
        };
        let lang = self.state.lang.get_untracked();
        self.file.set(first.name());
        self.busy.set(true);
        self.result.set(None);
        spawn_local(async move {
            let request = ImportRequest {
                lang,
                home,
                home_country,
                names: files.iter().map(web_sys::File::name).collect(),
            };
            let message = js_sys::Array::of1(&JsValue::from_str(&request.encode()));
            for file in &files {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => {
                        message.push(&js_sys::Uint8Array::new(&buffer));
                    }
                    Err(e) => {
                        self.busy.set(false);
                        self.failed.set(Some(format!("{}: {e:?}", file.name())));
                        return;
                    }
                }
            }
            self.worker.with_value(|w| {
                if let Some(worker) = w {
                    let _ = worker.post_message(&message);
                }
            });
        });
    }

    /// Closes the view and shows the published data again.
    fn close(self) {
        self.open.set(false);
        if self
            .result
            .try_update(Option::take)
            .flatten()
            .is_some_and(|r| r.dataset.is_some())
        {
            crate::app::load_published(self.model, self.state, self.i18n);
        }
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[component]
pub fn ImportView() -> impl IntoView {
    let importer = expect_context::<Importer>();
    let i18n = expect_context::<I18n>();
    let heading = NodeRef::<leptos::html::H2>::new();
    crate::ui::effect(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let home = RwSignal::new(String::new());
    let home_country = RwSignal::new(String::new());
    let send = move |files: Vec<web_sys::File>| {
        importer.import(files, home.get_untracked(), home_country.get_untracked())
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            send(files_of(input.files()));
            // The same file chosen again (after fixing it) is a change too.
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        send(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let status = move || {
        if let Some(detail) = importer.failed.get() {
            return i18n.format("importer.failed", &[("detail", &detail)]);
        }
        match importer.progress.get() {
            Some((Stage::Gazetteer, 0, _)) => i18n.t("importer.stage.gazetteer"),
            Some((Stage::Placing, done, total)) => i18n.format(
                "importer.stage.placing",
                &[
                    ("done", &i18n.cat().number(done)),
                    ("total", &i18n.cat().number(total)),
                ],
            ),
            Some((Stage::Reading, ..)) => i18n.t("importer.stage.reading"),
            Some((Stage::Checking, ..)) => i18n.t("importer.stage.checking"),
            _ if importer.busy.get() => i18n.t("importer.stage.reading"),
            Some((Stage::Gazetteer, ..)) => i18n.t("importer.stage.ready"),
            None => String::new(),
        }
    };
    view! {
        <section class="import-pane" aria-labelledby="import-title">
            <h2 id="import-title" class="pane-title" tabindex="-1" node_ref=heading>
                {i18n.tr("importer.title")}
            </h2>
            <p>{i18n.tr("importer.intro")}</p>
            <div
                class="drop-zone"
                on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label class="choose">
                    {i18n.tr("importer.choose")}
                    <input
                        type="file"
                        accept=".csv,.tsv,.txt,.json,text/csv,application/json"
                        multiple
                        on:change=on_file
                    />
                </label>
                <span>{i18n.tr("importer.drop")}</span>
            </div>
            <div class="import-home">
                <label>
                    {i18n.tr("importer.home")}
                    <input type="text" on:input=move |ev| home.set(event_target_value(&ev)) />
                </label>
                <label>
                    {i18n.tr("importer.home_country")}
                    <input
                        type="text"
                        on:input=move |ev| home_country.set(event_target_value(&ev))
                    />
                </label>
            </div>
            <p class="import-status" role="status">
                {status}
            </p>
            {move || importer.result.get().map(|result| view! { <ImportResultView result /> })}
            <button type="button" class="import-close" on:click=move |_| importer.close()>
                {i18n.tr("importer.close")}
            </button>
        </section>
    }
}

/// The banner, the downloads and the report's table of one import.
#[component]
fn ImportResultView(result: Arc<ImportResult>) -> impl IntoView {
    let importer = expect_context::<Importer>();
    let i18n = expect_context::<I18n>();
    let file = importer.file.get_untracked();
    let (dataset_name, report_name) = download_names(&file);
    let banner = if result.dataset.is_some() {
        i18n.format("importer.preview", &[("file", &file)])
    } else {
        i18n.format("importer.nothing", &[("file", &file)])
    };
    let dataset = result.dataset.clone();
    let report = result.report_json.clone();
    let level_name = move |level: Level| i18n.t(&format!("level.{}", level.key()));
    let rows = result
        .rows
        .iter()
        .map(|row| {
            let place = if row.place.is_empty() {
                i18n.t("importer.whole_file")
            } else {
                row.place.clone()
            };
            view! {
                <tr class=format!("level-{}", row.level.key())>
                    <td>{place}</td>
                    <td>{level_name(row.level)}</td>
                    <td>
                        <bdi>{row.read.clone()}</bdi>
                    </td>
                    <td>
                        {row.message.clone()}
                        {(!row.candidates.is_empty())
                            .then(|| {
                                view! {
                                    <ul>
                                        {row
                                            .candidates
                                            .iter()
                                            .map(|c| view! { <li>{c.clone()}</li> })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="preview-banner" role="note">
            {banner}
        </p>
        <p>{result.summary.clone()}</p>
        <div class="import-downloads">
            {dataset
                .map(|text| {
                    view! {
                        <button
                            type="button"
                            on:click=move |_| {
                                crate::table::download(&dataset_name, "application/json", &text);
                            }
                        >
                            {i18n.tr("importer.download_dataset")}
                        </button>
                    }
                })}
            <button
                type="button"
                on:click=move |_| {
                    crate::table::download(&report_name, "application/json", &report);
                }
            >
                {i18n.tr("importer.download_report")}
            </button>
        </div>
        <div class="import-report">
            <table>
                <caption>{i18n.tr("importer.report")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr("importer.col.place")}</th>
                        <th scope="col">{i18n.tr("importer.col.level")}</th>
                        <th scope="col">{i18n.tr("importer.col.read")}</th>
                        <th scope="col">{i18n.tr("importer.col.decision")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
