//! The map's tooltip: what the pointer is on, in words from `elos_core::describe`, placed
//! through CSS variables (no inline style under the page's Content-Security-Policy) and
//! shifted so it never leaves the map sideways. Never shown for touch.

use elos_core::describe::{self, Tooltip};
use elos_core::geo::TipPlacement;
use elos_core::links::Link;
use elos_core::num::fixed;
use elos_core::scene::{ArcWhat, Mark};
use leptos::prelude::*;

use super::MapState;
use crate::i18n::I18n;
use crate::model::Model;
use crate::names::country_name;

/// What the tooltip is about.
#[derive(Clone, PartialEq)]
pub enum TipTarget {
    Mark(Mark),
    Arc(ArcWhat),
}

/// The tooltip's subject and where it points, CSS pixels from the map frame's corner.
#[derive(Clone, PartialEq)]
pub struct TipAt {
    pub target: TipTarget,
    x_px: f64,
    y_px: f64,
    /// Shifted by its share of the map's width, so it stays on the map whatever its text;
    /// below the point near the top.
    place: TipPlacement,
}

impl TipAt {
    pub fn new(target: TipTarget, x_px: f64, y_px: f64, box_px: (f64, f64)) -> Self {
        TipAt {
            target,
            x_px,
            y_px,
            place: TipPlacement::at(x_px, y_px, box_px.0),
        }
    }
}

fn text(model: Model, i18n: I18n, target: &TipTarget) -> Option<Tooltip> {
    let cat = i18n.cat();
    let lang = cat.lang.clone();
    let country = |iso: &str| country_name(&lang, iso);
    let links = model.map_links.get();
    let network = model.network.get()?;
    model
        .with_ds(|ds| match target {
            TipTarget::Mark(m) if m.cities > 1 => Some(describe::cluster_tooltip(
                &cat,
                ds,
                m.city,
                m.cities,
                m.link_count,
            )),
            TipTarget::Mark(m) => Some(describe::city_tooltip(
                &cat,
                ds,
                &links,
                m.city,
                m.link_count as usize,
                &country,
            )),
            TipTarget::Arc(what) => {
                let (edge, count) = match *what {
                    ArcWhat::Edge(e) => (e, 1),
                    ArcWhat::Bundle { edge, links } => (edge, links),
                };
                let e = network.edges.get(edge)?;
                let link = Link {
                    cooperation: e.cooperation,
                    home: network.nodes[e.from as usize].city,
                    partner: e.partner,
                };
                if count > 1 {
                    Some(describe::bundle_tooltip(&cat, ds, &link, count))
                } else {
                    let partner_links = e.to.map(|n| network.nodes[n as usize].link_count);
                    Some(describe::link_tooltip(
                        &cat,
                        ds,
                        &link,
                        partner_links,
                        &country,
                    ))
                }
            }
        })
        .flatten()
}

#[component]
pub fn Tip(map: MapState) -> impl IntoView {
    let model = expect_context::<Model>();
    let i18n = expect_context::<I18n>();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let content = crate::ui::derived(move || {
        map.tip
            .with(|t| t.as_ref().and_then(|t| text(model, i18n, &t.target)))
    });
    crate::ui::effect(move || {
        let Some((x, y, fx)) = map
            .tip
            .with(|t| t.as_ref().map(|t| (t.x_px, t.y_px, t.place.fraction_x)))
        else {
            return;
        };
        if let Some(el) = tip_ref.get() {
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("--tip-x", &format!("{}px", fixed(x, 1)));
            let _ = style.set_property("--tip-y", &format!("{}px", fixed(y, 1)));
            let _ = style.set_property("--tip-fx", &fixed(fx, 3));
        }
    });
    // Drawing again (pan, zoom, new data) moves what was under the pointer.
    crate::ui::effect(move || {
        map.drawing.track();
        map.tip.set(None);
    });
    view! {
        <div
            node_ref=tip_ref
            class="map-tip"
            class:below=move || map.tip.with(|t| t.as_ref().is_some_and(|t| t.place.below))
            role="tooltip"
            hidden=move || content.with(Option::is_none)
        >
            {move || {
                content
                    .get()
                    .map(|t| {
                        view! {
                            <strong>{t.title}</strong>
                            {t
                                .lines
                                .into_iter()
                                .map(|line| view! { <span>{line}</span> })
                                .collect_view()}
                        }
                    })
            }}
        </div>
    }
}
