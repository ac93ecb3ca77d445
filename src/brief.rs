//! "Print brief": the handout for a visiting delegation. Renders `elos_core::brief::Brief` into
//! `<article class="brief">` (a direct child of `<body>`), which `style/print.css` lays out on
//! A4 or Letter, then opens the browser's print dialog. On screen the article is never shown.

use elos_core::brief::{brief, Paper, Phrase};
use elos_core::geo::{world_bounds, Viewport, WORLD_PROJECTION};
use elos_core::links;
use elos_core::num::fixed;
use elos_core::scene::Network;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::map::{arc_paths, label_texts, marker_paths, paths, world_shapes};
use crate::model::Model;
use crate::names::country_name;
use crate::present::Presentation;
use elos_core::scene::labels_for;

/// The brief's map, in its own units: a page's width.
const MAP_WIDTH_PX: f64 = 1000.0;
const MAP_HEIGHT_PX: f64 = 460.0;
/// Its labels' size, in the map's units (about 7 pt on the page).
const LABEL_FONT_PX: f64 = 14.0;

/// Whether the brief is laid out for printing; provided by context.
#[derive(Clone, Copy)]
pub struct Printing {
    on: RwSignal<bool>,
    /// The interface language, whose region picks the paper.
    lang: RwSignal<String>,
}

impl Printing {
    pub fn new(lang: RwSignal<String>) -> Self {
        let printing = Printing {
            on: RwSignal::new(false),
            lang,
        };
        // The dialog closed (printed or not): the page is itself again.
        crate::ui::on_window("afterprint", move |_| printing.stop());
        printing
    }

    fn html() -> Option<web_sys::HtmlElement> {
        document().document_element()?.dyn_into().ok()
    }

    fn start(self) {
        let Some(html) = Self::html() else { return };
        // The paper of the reader's region: the interface language's (pt-BR → A4), or the
        // browser's when the interface language names none (en → en-US → Letter).
        let ui = self.lang.get_untracked();
        let language = if ui.contains('-') {
            ui
        } else {
            window().navigator().language().unwrap_or_default()
        };
        let _ = html.set_attribute("data-paper", Paper::for_language_tag(&language).key());
        let _ = html.class_list().add_1("printing-brief");
        self.on.set(true);
        // Once the article is in the page (the view updates before the next frame).
        request_animation_frame(|| {
            let _ = window().print();
        });
    }

    fn stop(self) {
        if let Some(html) = Self::html() {
            let _ = html.class_list().remove_1("printing-brief");
            let _ = html.style().remove_property("--brief-footer");
        }
        self.on.set(false);
    }
}

#[component]
pub fn PrintButton() -> impl IntoView {
    let printing = expect_context::<Printing>();
    let i18n = expect_context::<I18n>();
    view! {
        <button type="button" class="print-brief" on:click=move |_| printing.start()>
            {i18n.tr("brief.print")}
        </button>
    }
}

/// The article, while printing.
#[component]
pub fn BriefArticle() -> impl IntoView {
    let printing = expect_context::<Printing>();
    move || printing.on.get().then(brief_view).flatten()
}

/// Dataset text, marked with its language when it is not the brief's.
fn phrase(p: &Phrase, lang: &str) -> impl IntoView {
    let mark = (!p.lang.eq_ignore_ascii_case(lang)).then(|| p.lang.clone());
    view! { <span lang=mark>{p.text.clone()}</span> }
}

/// The brief for the data, home city, tour and language shown now.
fn brief_view() -> Option<impl IntoView> {
    let model = expect_context::<Model>();
    let i18n = expect_context::<I18n>();
    let presentation = expect_context::<Presentation>();
    let world_ref = NodeRef::<leptos::svg::Svg>::new();
    let cat = i18n.cat();
    let lang = cat.lang.clone();
    let home = model.home.get_untracked();
    let tour = presentation.tour.get_untracked();
    let modified = model
        .loaded
        .with_untracked(|l| l.as_ref().and_then(|l| l.modified));
    let content = model.with_ds_untracked(|ds| {
        let b = brief(ds, home, tour.as_deref(), &cat, modified);
        let network = Network::build(ds, &links::links(ds, home), home, &WORLD_PROJECTION);
        let view_px = network.fit_view(world_bounds(), MAP_WIDTH_PX / MAP_HEIGHT_PX);
        let d = network.draw(
            &WORLD_PROJECTION,
            &Viewport::new(view_px, MAP_WIDTH_PX, MAP_HEIGHT_PX),
        );
        let labels = labels_for(&d, ds, &lang, &[], LABEL_FONT_PX);
        (b, view_px, arc_paths(&d), marker_paths(&d), labels)
    });
    let (b, view_px, arcs, markers, labels) = content?;
    if let Some(html) = Printing::html() {
        let _ = html.style().set_property("--brief-footer", &b.footer_css);
    }
    // The country shapes the map adopted, copied.
    crate::ui::effect(move || {
        if let (Some(svg), Some(shapes)) = (world_ref.get(), world_shapes()) {
            if let Ok(copy) = shapes.clone_node_with_deep(true) {
                let _ = svg.append_child(&copy);
            }
        }
    });
    let table = &b.table;
    let headers: Vec<String> = table.headers.to_vec();
    let show_home = table.show_home;
    let head = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 || show_home)
        .map(|(_, h)| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = table
        .rows
        .iter()
        .map(|r| {
            let country = r
                .country_code
                .as_deref()
                .and_then(|code| country_name(&lang, code))
                .map(|name| format!(" ({name})"));
            let sources = r
                .sources
                .iter()
                // A source without an address is a link to nowhere: printed as its title.
                .map(|(title, url)| {
                    view! {
                        <a href=url.clone()>{title.clone()}</a>
                        " "
                    }
                })
                .collect_view();
            view! {
                <tr>
                    {show_home.then(|| view! { <td>{phrase(&r.home, &lang)}</td> })}
                    <th scope="row">{phrase(&r.partner, &lang)} {country}</th>
                    <td>{r.kind.clone()}</td> <td>{r.since.clone()}</td> <td>{r.status.clone()}</td>
                    <td>{sources}</td>
                </tr>
            }
        })
        .collect_view();
    let tour_part = b.tour.as_ref().map(|(title, captions)| {
        let items = captions
            .iter()
            .map(|c| view! { <li>{phrase(c, &lang)}</li> })
            .collect_view();
        view! {
            <section class="brief-tour">
                <h2>{phrase(title, &lang)}</h2>
                <ol>{items}</ol>
            </section>
        }
    });
    let view_box = format!(
        "{} {} {} {}",
        fixed(view_px.x_px, 2),
        fixed(view_px.y_px, 2),
        fixed(view_px.width_px, 2),
        fixed(view_px.height_px, 2)
    );
    let size = || format!("0 0 {MAP_WIDTH_PX} {MAP_HEIGHT_PX}");
    Some(view! {
        <article class="brief" lang=b.lang.clone()>
            <header class="brief-head">
                <h1>{phrase(&b.title, &lang)}</h1>
                <p class="brief-date">{b.as_of.clone()}</p>
            </header>
            <figure class="brief-map">
                <svg viewBox=size() role="img" aria-label=i18n.t("brief.map")>
                    <svg
                        node_ref=world_ref
                        class="brief-world"
                        viewBox=view_box
                        width=MAP_WIDTH_PX
                        height=MAP_HEIGHT_PX
                        preserveAspectRatio="xMidYMid meet"
                    ></svg>
                    <svg
                        class="brief-layers"
                        viewBox=size()
                        width=MAP_WIDTH_PX
                        height=MAP_HEIGHT_PX
                    >
                        {paths(arcs)}
                        {paths(markers)}
                        <g class="labels" style:font-size=format!("{LABEL_FONT_PX}px")>
                            {label_texts(labels)}
                        </g>
                    </svg>
                </svg>
            </figure>
            <table class="brief-partners">
                <caption>{table.caption.clone()}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {tour_part}
        </article>
    })
}
