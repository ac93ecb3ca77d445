//! The root component: reads the URL, loads the data and lays out the views.

use std::sync::Arc;

use elos_core::i18n::Catalogue;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::details::Details;
use crate::fetch::{self, LoadFailure};
use crate::filters::FilterBar;
use crate::i18n::{DataText, I18n};
use crate::map::{Bodies, Legend, WorldMap};
use crate::model::Model;
use crate::present::{PresentStage, Presentation, PresenterView};
use crate::problems::ProblemsPanel;
use crate::state::{mirror_in_url, read_query, UiState, View};
use crate::stats::StatsPanel;
use crate::table::LinkTable;
use crate::timeline::Timeline;
use crate::ui::{AtStage, Mounting};
use elos_core::embed::Layout;

fn browser_languages() -> Vec<String> {
    let nav = window().navigator();
    nav.languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

/// Whether this window is the presenter view (`mode=presenter`).
pub fn is_presenter_view() -> bool {
    read_query().0.present.mode == elos_core::present::params::Mode::Presenter
}

/// The interface language (`elos_core::i18n::initial_language`: the address's `lang=`, the
/// browser's preferences, Portuguese).
pub fn initial_language() -> String {
    let available: Vec<&str> = Catalogue::languages().iter().map(|(tag, _)| *tag).collect();
    let (query, _) = read_query();
    let prefs = browser_languages();
    let prefs: Vec<&str> = prefs.iter().map(String::as_str).collect();
    elos_core::i18n::initial_language(query.lang.as_deref(), &prefs, &available).to_owned()
}

/// The explorer's parts by the task that builds them (`ui::Mounting`), none of them long on a
/// phone: the page's skeleton and data first, then the controls and filters, the map, its
/// legend and the problems, the timeline and the details (the last stage, which shows the app).
const STAGE_CONTROLS: u8 = 1;
const STAGE_MAP: u8 = 2;
const STAGE_LEGEND: u8 = 3;
const STAGE_TIMELINE: u8 = crate::ui::LAST_STAGE;

/// The app, in `lang`, with the catalogues already at hand (the built-in one, and the
/// language's own when it had to be fetched first).
#[component]
pub fn App(lang: String, catalogues: Vec<Catalogue>, first: fetch::FirstDataset) -> impl IntoView {
    let (state, i18n, model, presentation) = set_up(lang, catalogues, first, true);
    presentation.run();
    let importer = crate::import::Importer::new(model, state, i18n);
    provide_context(importer);
    let look = state.look;
    crate::embed::apply_look(look);
    let width_px = crate::embed::watch_frame(i18n);
    let layout = crate::ui::derived(move || elos_core::embed::layout(look.embed, width_px.get()));
    let compact = move || layout.get() == Layout::Compact;

    // In a host page: no skip links, page header or credits block; the controls stay in the
    // full explorer, and the compact widget is the map with a short list.
    let header = move || {
        if look.embed {
            (!compact())
                .then(|| {
                    view! {
                        <AtStage stage=STAGE_CONTROLS>
                            <Controls embedded=true />
                        </AtStage>
                    }
                })
                .into_any()
        } else {
            view! {
                // eMAG 3.1 (recommendation 1.5): Alt+1 goes to the content, Alt+4 to the footer.
                <a class="skip" href="#main" accesskey="1">
                    {i18n.tr("app.skip")}
                </a>
                <a class="skip" href="#credits" accesskey="4">
                    {i18n.tr("app.skip_footer")}
                </a>
                <header class="top">
                    <div class="brand">
                        <h1>{i18n.tr("app.name")}</h1>
                        <p class="subtitle">
                            {move || {
                                model
                                    .with_ds(|ds| {
                                        view! { <DataText text=ds.title.clone() /> }.into_any()
                                    })
                                    .unwrap_or_else(|| i18n.t("app.subtitle").into_any())
                            }}
                        </p>
                        // Where the data comes from, when it is not the site's own default.
                        {move || {
                            model
                                .loaded
                                .with(|l| l.as_ref().and_then(|l| l.source_message(&i18n.cat())))
                                .map(|text| view! { <p class="data-source">{text}</p> })
                        }}
                    </div>
                    <AtStage stage=STAGE_CONTROLS>
                        <Controls embedded=false />
                    </AtStage>
                    <crate::offline::OfflineBadge />
                </header>
            }
            .into_any()
        }
    };
    let views = move || {
        if compact() {
            return view! {
                <section class="compact-map" aria-labelledby="map-title">
                    <h2 id="map-title" class="visually-hidden">
                        {i18n.tr("map.title")}
                    </h2>
                    <AtStage stage=STAGE_MAP>
                        <WorldMap />
                    </AtStage>
                </section>
                <AtStage stage=STAGE_TIMELINE>
                    <Details />
                    <crate::embed::ShortList />
                </AtStage>
            }
            .into_any();
        }
        view! {
            {move || state.presenting().then(|| view! { <PresentStage /> })}
            <Show when=move || importer.open.get()>
                <crate::import::ImportView />
            </Show>
            <AtStage stage=STAGE_CONTROLS>
                <FilterBar />
            </AtStage>
            <div class="workspace" class:with-details=move || model.selected.get().is_some()>
                <div class="views">
                    <Show
                        when=move || state.view.get() == View::Map
                        fallback=|| view! { <LinkTable /> }
                    >
                        <section class="map-pane" aria-labelledby="map-title">
                            <h2 id="map-title" class="pane-title">
                                {i18n.tr("map.title")}
                            </h2>
                            <AtStage stage=STAGE_MAP>
                                <WorldMap />
                            </AtStage>
                            <AtStage stage=STAGE_LEGEND>
                                <Legend />
                                <Bodies />
                            </AtStage>
                        </section>
                        <section class="timeline-pane" aria-labelledby="timeline-title">
                            <h2 id="timeline-title" class="pane-title">
                                {i18n.tr("timeline.title")}
                            </h2>
                            <AtStage stage=STAGE_TIMELINE>
                                <Timeline />
                            </AtStage>
                        </section>
                    </Show>
                    <crate::ui::AfterFirstPaint>
                        <StatsPanel />
                    </crate::ui::AfterFirstPaint>
                </div>
                <AtStage stage=STAGE_TIMELINE>
                    <Details />
                </AtStage>
            </div>
        }
        .into_any()
    };

    view! {
        {header}
        <AtStage stage=STAGE_LEGEND>
            <ProblemsPanel />
        </AtStage>
        <div class="notice-area" role="status">
            <crate::offline::UpdateOffer />
            {move || {
                model
                    .notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice">
                                <span>{n}</span>
                                <button
                                    type="button"
                                    class="notice-close"
                                    on:click=move |_| model.notice.set(None)
                                >
                                    {i18n.tr("notice.close")}
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
        <main id="main" tabindex="-1">
            <Show when=move || model.loading.get() && model.loaded.with(Option::is_none)>
                <p class="loading" role="status">
                    {i18n.tr("app.loading")}
                </p>
            </Show>
            {views}
        </main>
        {move || {
            if look.embed {
                view! { <crate::embed::EmbedCredit /> }.into_any()
            } else {
                view! {
                    <crate::ui::AfterFirstPaint>
                        <Credits />
                    </crate::ui::AfterFirstPaint>
                }
                    .into_any()
            }
        }}
        <crate::brief::BriefArticle />
    }
}

/// The presenter view (`?mode=presenter`, opened with S): the same data and state, another
/// page.
#[component]
pub fn PresenterApp(
    lang: String,
    catalogues: Vec<Catalogue>,
    first: fetch::FirstDataset,
) -> impl IntoView {
    set_up(lang, catalogues, first, false);
    view! { <PresenterView /> }
}

/// What every page of the app shares: the state from the URL, the catalogues, the data (loaded
/// here: the first dataset is usually in already), the presentation, printing and offline
/// contexts. `staged`: the views are built over several tasks (`ui::Mounting`).
fn set_up(
    lang: String,
    catalogues: Vec<Catalogue>,
    first: fetch::FirstDataset,
    staged: bool,
) -> (UiState, I18n, Model, Presentation) {
    let (query, ignored) = read_query();
    let state = UiState::new(&query, lang);
    let i18n = I18n::new(catalogues, state.lang);
    i18n.follow_language();
    let model = Model::new(state);
    provide_context(state);
    provide_context(i18n);
    provide_context(model);
    provide_context(crate::state::Highlight::new(state));
    provide_context(crate::time_window::Player::new(state, model));
    let presentation = Presentation::new(state, model, i18n);
    provide_context(presentation);
    provide_context(crate::brief::Printing::new(state.lang));
    provide_context(crate::offline::Offline::start());
    let mounting = Mounting::start(staged);
    provide_context(mounting);
    model.ignored.set(ignored);
    mirror_in_url(state);

    // The page's own language and title follow the UI language.
    crate::ui::effect(move || {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", &state.lang.get());
        }
        document().set_title(&i18n.t("app.title"));
    });

    // The page's placeholder (painted before the wasm ran) goes once the app is in place; the
    // world shapes in it are kept for the map, whichever view opens first.
    crate::ui::effect(move || {
        if !mounting.done() {
            return;
        }
        crate::map::world_shapes();
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        mounting.show();
    });
    // The dataset the address names: the first one was asked for before the app was built
    // (see `fetch::FirstDataset`), so the first view is usually drawn with it.
    let first_taken = std::cell::Cell::new(false);
    if first.file == dataset_file(state) {
        first_taken.set(true);
        match first.outcome {
            fetch::FirstOutcome::Ready(result) => apply(model, state, i18n, *result),
            fetch::FirstOutcome::Pending(receive) => {
                model.loading.set(true);
                spawn_local(async move {
                    match receive.await {
                        Ok(result) => apply(model, state, i18n, result),
                        Err(_) => load_published(model, state, i18n),
                    }
                });
            }
        }
    }
    crate::ui::effect(move || {
        state.data_url.track();
        if !first_taken.replace(false) {
            load_published(model, state, i18n);
        }
    });

    (state, i18n, model, presentation)
}

/// The dataset the address names, or the site's default.
fn dataset_file(state: UiState) -> String {
    state
        .data_url
        .get_untracked()
        .unwrap_or_else(fetch::default_dataset)
}

/// The dataset the page opens with (before the app's state exists).
pub fn first_dataset_file() -> String {
    read_query().0.data.unwrap_or_else(fetch::default_dataset)
}

/// Loads the dataset the address names (or the site's default) and shows it.
pub fn load_published(model: Model, state: UiState, i18n: I18n) {
    let file = dataset_file(state);
    model.loading.set(true);
    spawn_local(async move {
        let result = fetch::dataset(&file).await;
        apply(model, state, i18n, result);
    });
}

/// Takes a load's outcome: a good dataset replaces the shown one; a bad one leaves it in place
/// and opens the error panel.
pub fn apply(model: Model, state: UiState, i18n: I18n, result: Result<fetch::Loaded, LoadFailure>) {
    model.loading.set(false);
    match result {
        Ok(loaded) => {
            let judged = state.filters.with_untracked(|filters| {
                elos_core::query::judge(
                    &loaded.dataset,
                    state.home_city_id.get_untracked().as_deref(),
                    state.selected_id.get_untracked().as_deref(),
                    filters,
                )
            });
            if judged.unknown_city.is_some() {
                state.home_city_id.set(None);
            }
            if !judged.sel_known && state.selected_id.get_untracked().is_some() {
                state.selected_id.set(None);
            }
            if !state.filters.with_untracked(|f| *f == judged.filters) {
                state.filters.set(judged.filters);
            }
            let mut ignored = model.ignored.get_untracked();
            model.ignored.set(Vec::new());
            ignored.extend(judged.ignored);
            let notice =
                elos_core::query::notice(&i18n.cat(), judged.unknown_city.as_deref(), &ignored);
            if notice.is_some() {
                model.notice.set(notice);
            }
            model.failure.set(None);
            model.loaded.set(Some(Arc::new(loaded)));
        }
        Err(failure) => model.failure.set(Some(failure)),
    }
}

/// The view controls; in a host page (`embedded`) without the copy and embed buttons, whose
/// place the "open the full explorer" link takes.
#[component]
fn Controls(embedded: bool) -> impl IntoView {
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    view! {
        <nav class="controls" aria-label=i18n.tr("nav.view")>
            <crate::search_box::SearchBox />
            <crate::search_box::CityChooser />
            {(!embedded)
                .then(|| {
                    view! {
                        <CopyLink />
                        <crate::embed_dialog::EmbedButton />
                        <crate::present::PresentButton />
                        <crate::brief::PrintButton />
                    }
                })}
            <div class="view-switch" role="group" aria-label=i18n.tr("nav.view")>
                <button
                    type="button"
                    aria-pressed=move || (state.view.get() == View::Map).to_string()
                    on:click=move |_| state.view.set(View::Map)
                >
                    {i18n.tr("nav.view_map")}
                </button>
                <button
                    type="button"
                    aria-pressed=move || (state.view.get() == View::Table).to_string()
                    on:click=move |_| state.view.set(View::Table)
                >
                    {i18n.tr("nav.view_table")}
                </button>
            </div>
            <label>
                <span>{i18n.tr("nav.language")}</span>
                <select
                    prop:value=move || state.lang.get()
                    on:change=move |ev| state.lang.set(event_target_value(&ev))
                >
                    {i18n
                        .languages()
                        .into_iter()
                        .map(|(tag, name)| {
                            let t = tag.clone();
                            view! {
                                <option
                                    value=tag.clone()
                                    lang=tag
                                    selected=move || state.lang.get() == t
                                >
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}

/// Credits, and the data keeper's tools: check a local file or load another address.
#[component]
fn Credits() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let result = match text.ok().and_then(|t| t.as_string()) {
                Some(t) => fetch::check(&name, &t),
                None => Err(fetch::unreadable_local_file(&name).into()),
            };
            apply(model, state, i18n, result);
        });
    };
    let address = RwSignal::new(String::new());
    let importer = expect_context::<crate::import::Importer>();
    view! {
        <footer class="credits" id="credits" tabindex="-1">
            <h2>{i18n.tr("credits.title")}</h2>
            <ul>
                <li>{i18n.tr("credits.natural_earth")}</li>
                <li>{i18n.tr("credits.geonames")}</li>
                <li>{i18n.tr("credits.sources")}</li>
            </ul>
            <details class="data-tools">
                <summary>{i18n.tr("data.title")}</summary>
                <button type="button" on:click=move |_| importer.show()>
                    {i18n.tr("importer.open")}
                </button>
                <label>
                    {i18n.tr("data.open_file")}
                    <input type="file" accept=".json,application/json" on:change=on_file />
                </label>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    let a = address.get_untracked();
                    if !a.trim().is_empty() {
                        state.data_url.set(Some(a.trim().to_owned()));
                    }
                }>
                    <label>
                        {i18n.tr("data.address")}
                        <input
                            type="text"
                            inputmode="url"
                            prop:value=move || address.get()
                            on:input=move |ev| address.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit">{i18n.tr("data.load")}</button>
                </form>
            </details>
        </footer>
    }
}

/// Copies the address of the current view, which reproduces it exactly in a new tab.
#[component]
fn CopyLink() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let href = window().location().href().unwrap_or_default();
        let promise = window().navigator().clipboard().write_text(&href);
        spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(ok);
        });
    };
    view! {
        <div class="copy-link">
            <button type="button" on:click=copy>
                {i18n.tr("nav.copy_link")}
            </button>
            <span class="visually-hidden" role="status">
                {move || if copied.get() { i18n.t("nav.copied") } else { String::new() }}
            </span>
        </div>
    }
}
