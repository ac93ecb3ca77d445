//! The table view: the same links as the map, as text — the map's accessible equivalent —
//! sortable by any column, with a CSV download of exactly the rows shown, in their order.

use elos_core::table::{self, Column};
use elos_core::timeline::Rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::Model;
use crate::names::country_name;
use crate::state::UiState;

/// Up to this many rows, every row is in the page; more are drawn as the table scrolls.
const ALL_ROWS_UP_TO: usize = 200;
/// Rows when the table scrolls (cells on one line), and the header's height.
const ROWS: Rows = Rows { row_px: 36.0 };
const HEAD_PX: f64 = 72.0;
/// The scrolled table is at least this many rows tall.
const ROWS_AT_LEAST: usize = 10;

/// Saves `text` as a file through a temporary object URL (no server, nothing leaves the page).
pub fn download(file_name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_class_name("visually-hidden");
    document().body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

#[component]
pub fn LinkTable() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let rows = crate::ui::derived(move || {
        let links = model.map_links.get();
        let sort = state.sort.get();
        model
            .with_ds(|ds| {
                let lang = i18n.lang.get();
                table::link_rows(
                    ds,
                    &links,
                    &i18n.cat(),
                    |iso| country_name(&lang, iso),
                    sort,
                )
            })
            .unwrap_or_default()
    });
    let header = move || {
        Column::ALL
            .map(|c| i18n.t(&format!("table.{}", c.key())))
            .to_vec()
    };
    let on_download = move |_| {
        let cells: Vec<Vec<String>> =
            rows.with_untracked(|r| r.iter().map(|r| r.cells.clone()).collect());
        let csv = table::to_csv(&header(), &cells);
        if download(&i18n.t("table.file_name"), "text/csv;charset=utf-8", &csv).is_none() {
            leptos::logging::warn!("the CSV download could not start");
        }
    };
    // Only the rows in view exist in the page when there are many (26,000 rows scroll like
    // 30); a short table shows every row, wrapping long cells.
    let wrap_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_px = RwSignal::new(0.0);
    let wrap_size = RwSignal::new((0.0, 0.0));
    crate::resize::watch_size(wrap_ref, wrap_size);
    let many = move || rows.with(Vec::len) > ALL_ROWS_UP_TO;
    let window = move || {
        let n = rows.with(Vec::len);
        if n <= ALL_ROWS_UP_TO {
            return 0..n;
        }
        ROWS.visible_below(
            HEAD_PX,
            scroll_px.get(),
            wrap_size.get().1,
            ROWS_AT_LEAST,
            n,
            6,
        )
    };
    let spacer = move |rows_px: f64| format!("{}px", elos_core::num::fixed(rows_px, 0));
    let body = move || {
        let range = window();
        let total = rows.with(Vec::len);
        let (above, below) = ROWS.spacers_px(&range, total);
        let lang = i18n.lang.get();
        let shown = rows.with(|rows| {
            rows[range.clone()]
                .iter()
                .zip(range.clone())
                .map(|(row, i)| {
                    let (id, home_lang, partner_lang) = model
                        .with_ds(|ds| {
                            let lang_of = |text: &elos_core::lang::Text| {
                                text.pick(&lang)
                                    .filter(|p| !p.lang.eq_ignore_ascii_case(&lang))
                                    .map(|p| p.lang.to_owned())
                            };
                            (
                                ds.cooperation(row.item.cooperation).id.clone(),
                                lang_of(&ds.city(row.item.home).names),
                                lang_of(ds.party_names(row.item.partner)),
                            )
                        })
                        .unwrap_or_default();
                    let c = row.cells.clone();
                    view! {
                        <tr aria-rowindex=(i + 2).to_string()>
                            <td lang=home_lang>{c[0].clone()}</td>
                            <th scope="row">
                                <button
                                    type="button"
                                    class="link-button"
                                    lang=partner_lang
                                    on:click=move |_| state.selected_id.set(Some(id.clone()))
                                >
                                    {c[1].clone()}
                                </button>
                            </th>
                            {c[2..].iter().map(|t| view! { <td>{t.clone()}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect_view()
        });
        // Spacers stand for the rows not drawn, so the scroll bar is the whole table's.
        let pad = |rows_px: f64| {
            (rows_px > 0.0).then(|| {
                view! { <tr class="spacer" aria-hidden="true" style:height=spacer(rows_px)></tr> }
            })
        };
        view! {
            {pad(above)}
            {shown}
            {pad(below)}
        }
    };
    // The heading row as plain values, redrawn whole when the sort or the language changes:
    // reactive parts in it were left behind (effects and all) each time the table was
    // replaced by the map (`bench soak`).
    let heading = move |column: Column| {
        let s = state.sort.get();
        let aria_sort = if s.column != column {
            "none"
        } else if s.descending {
            "descending"
        } else {
            "ascending"
        };
        let mark = match aria_sort {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "↕",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| state.sort.update(|s| *s = s.clicked(column))
                >
                    {i18n.t(&format!("table.{}", column.key()))}
                    <span class="sort-mark" aria-hidden="true">
                        {mark}
                    </span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-tools">
            <button type="button" on:click=on_download disabled=move || rows.with(Vec::is_empty)>
                {i18n.tr("table.download")}
            </button>
        </div>
        // Scrolls on narrow screens and with many rows; focusable so the keyboard can scroll it.
        <div
            class="table-wrap"
            class:many=many
            role="region"
            tabindex="0"
            aria-label=i18n.tr("table.caption")
            node_ref=wrap_ref
            on:scroll=move |_| {
                if let Some(el) = wrap_ref.get_untracked() {
                    scroll_px.set(f64::from(el.scroll_top()));
                }
            }
        >
            <table class="links" aria-rowcount=move || (rows.with(Vec::len) + 1).to_string()>
                <caption>
                    {i18n.tr("table.caption")} " — "
                    {move || i18n.plural("count.links", rows.with(Vec::len), &[])}
                </caption>
                <thead>
                    <tr>{move || Column::ALL.into_iter().map(heading).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="muted">{i18n.tr("table.empty")}</p>
            </Show>
        </div>
    }
}
