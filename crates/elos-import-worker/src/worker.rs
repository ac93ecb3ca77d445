//! The worker's glue: messages in and out, the gazetteer's download.

use std::borrow::Cow;
use std::cell::RefCell;

use elos_core::import_msg::{FromWorker, ImportRequest, Stage};
use elos_import::Gazetteer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

/// Copied beside the worker by Trunk (`index.html`), relative to the worker's own address.
const GAZETTEER: &str = "import/gazetteer.tsv";

/// A request and its files' bytes.
type Job = (ImportRequest, Vec<Vec<u8>>);

thread_local! {
    static GAZETTEER_READ: RefCell<Option<Gazetteer>> = const { RefCell::new(None) };
    /// Requests that arrived before the gazetteer did.
    static WAITING: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker) {
    let _ = scope().post_message(&JsValue::from_str(&message.encode()));
}

/// The page posts `[request JSON, bytes of file 1, bytes of file 2, …]`.
fn job(data: &JsValue) -> Option<Job> {
    let parts: &js_sys::Array = data.dyn_ref()?;
    let request = ImportRequest::decode(&parts.get(0).as_string()?)?;
    let files = (1..parts.length())
        .map(|i| js_sys::Uint8Array::new(&parts.get(i)).to_vec())
        .collect();
    Some((request, files))
}

fn run(job: &Job, gazetteer: &Gazetteer) {
    let done = elos_import::page::run(&job.0, &job.1, gazetteer, &mut |m| post(&m));
    post(&done);
}

pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(job) = job(&event.data()) else {
            return;
        };
        GAZETTEER_READ.with_borrow(|g| match g {
            Some(g) => run(&job, g),
            None => WAITING.with_borrow_mut(|w| w.push(job)),
        });
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Progress {
        stage: Stage::Gazetteer,
        done: 0,
        total: 1,
    });
    wasm_bindgen_futures::spawn_local(async {
        match read_gazetteer().await {
            Ok(g) => {
                let waiting = WAITING.with_borrow_mut(std::mem::take);
                for job in &waiting {
                    run(job, &g);
                }
                GAZETTEER_READ.with_borrow_mut(|slot| *slot = Some(g));
                post(&FromWorker::Progress {
                    stage: Stage::Gazetteer,
                    done: 1,
                    total: 1,
                });
            }
            Err(message) => post(&FromWorker::Failed { message }),
        }
    });
}

async fn read_gazetteer() -> Result<Gazetteer, String> {
    let failed = |e: JsValue| format!("{GAZETTEER}: {e:?}");
    let response: Response = JsFuture::from(scope().fetch_with_str(GAZETTEER))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{GAZETTEER}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    Gazetteer::parse(Cow::Owned(text)).map_err(|e| format!("{GAZETTEER}: {e}"))
}
