//! Links without a start date: their own counted, browsable group where the timeline is (a
//! real twin-city list is mostly undated). Only the rows in view are in the page, so 20,000
//! of them scroll as easily as 20; one tab stop, arrow keys move, Enter chooses.

use elos_core::describe;
use elos_core::timeline::Rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::I18n;
use crate::model::Model;
use crate::state::{Highlight, UiState};

const ROWS: Rows = Rows { row_px: 34.0 };
/// The list shows at most this many rows; more scroll.
const ROWS_SHOWN: usize = 8;

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    partner: String,
    partner_lang: Option<String>,
    detail: String,
    kind_class: String,
}

#[component]
pub fn UndatedList() -> impl IntoView {
    let highlight = expect_context::<Highlight>();
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_px = RwSignal::new(0.0);
    let active = RwSignal::new(0usize);

    // The undated links only; each row's text is made when the row is drawn, so 20,000 of
    // them cost a list of small records, not 20,000 sets of strings.
    let rows = crate::ui::derived(move || {
        model.links.with(|links| {
            model
                .with_ds(|ds| elos_core::links::undated(ds, links))
                .unwrap_or_default()
        })
    });
    let row = move |l: &elos_core::links::Link| -> Option<Row> {
        let cat = i18n.cat();
        let many_homes = model.home.get_untracked() == elos_core::links::HomeChoice::All;
        model.with_ds_untracked(|ds| {
            let coop = ds.cooperation(l.cooperation);
            let picked = ds.party_names(l.partner).pick(&cat.lang);
            let partner_lang = picked
                .as_ref()
                .filter(|p| !p.lang.eq_ignore_ascii_case(&cat.lang))
                .map(|p| p.lang.to_owned());
            let kind = describe::kind_name(&cat, coop);
            Row {
                id: coop.id.clone(),
                partner: picked.map(|p| p.shown().into_owned()).unwrap_or_default(),
                partner_lang,
                detail: if many_homes {
                    format!(
                        "{kind} · {}",
                        describe::party_name(&cat, ds, elos_core::model::Party::City(l.home))
                    )
                } else {
                    kind
                },
                kind_class: format!("kind-{}", coop.kind.key()),
            }
        })
    };
    crate::ui::effect(move || {
        rows.track();
        active.set(0);
        // Only when scrolled: setting scrollTop makes the browser lay the page out at once.
        if scroll_px.get_untracked() != 0.0 {
            scroll_px.set(0.0);
            if let Some(el) = scroll_ref.get_untracked() {
                el.set_scroll_top(0);
            }
        }
    });
    let count = move || rows.with(Vec::len);
    let box_px = move || ROWS.box_px(count(), ROWS_SHOWN);

    let focus_row = move |i: usize| {
        active.set(i);
        if let Some(el) = scroll_ref.get_untracked() {
            let (now, view) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
            if let Some(to) = ROWS.scroll_to_show(i, now, view) {
                el.set_scroll_top(to as i32);
                scroll_px.set(to);
            }
        }
        request_animation_frame(move || {
            if let Some(el) = document()
                .get_element_by_id(&format!("undated-{i}"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = count();
        if n == 0 {
            return;
        }
        let now = active.get_untracked().min(n - 1);
        let next = match ev.key().as_str() {
            "ArrowDown" => (now + 1).min(n - 1),
            "ArrowUp" => now.saturating_sub(1),
            "PageDown" => (now + ROWS_SHOWN).min(n - 1),
            "PageUp" => now.saturating_sub(ROWS_SHOWN),
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        focus_row(next);
    };

    let visible = move || {
        let range = ROWS.visible(scroll_px.get(), box_px(), count(), 4);
        let stop = active.get();
        let total = count();
        i18n.lang.track();
        rows.with(|rows| {
            range
                .clone()
                .chain((!range.contains(&stop) && stop < total).then_some(stop))
                .filter_map(|i| Some((i, row(&rows[i])?)))
                .map(|(i, r)| {
                    let (click_id, hl_id) = (r.id.clone(), r.id.clone());
                    view! {
                        <li
                            class="undated-row"
                            aria-setsize=total.to_string()
                            aria-posinset=(i + 1).to_string()
                            style:top=format!("{}px", elos_core::num::fixed(ROWS.top_px(i), 0))
                        >
                            <button
                                type="button"
                                id=format!("undated-{i}")
                                class=format!("undated-item {}", r.kind_class)
                                // A plain value: rows are rebuilt in place as the list scrolls,
                                // and a reactive attribute would leave an effect behind each time.
                                class:highlight=highlight.is_selected(&hl_id)
                                tabindex=if i == stop { "0" } else { "-1" }
                                on:click=move |_| {
                                    active.set(i);
                                    state.selected_id.set(Some(click_id.clone()));
                                }
                            >
                                <span class="name" lang=r.partner_lang>
                                    {r.partner}
                                </span>
                                <span class="detail">{r.detail}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // Rows are placed at their index in a list as tall as all of them (through the CSSOM:
    // the page's Content-Security-Policy forbids style attributes).
    let total_height = move || format!("{}px", elos_core::num::fixed(ROWS.height_px(count()), 0));

    view! {
        <Show when=move || { count() > 0 }>
            <section class="undated" aria-labelledby="undated-title">
                <h3 id="undated-title">{move || i18n.plural("timeline.undated", count(), &[])}</h3>
                <p class="muted">{i18n.tr("timeline.undated_note")}</p>
                <div
                    class="undated-scroll"
                    node_ref=scroll_ref
                    on:keydown=on_key
                    on:scroll=move |_| {
                        if let Some(el) = scroll_ref.get_untracked() {
                            scroll_px.set(f64::from(el.scroll_top()));
                        }
                    }
                >
                    <ul
                        class="undated-list"
                        aria-labelledby="undated-title"
                        style:height=total_height
                    >
                        {visible}
                    </ul>
                </div>
            </section>
        </Show>
    }
}
