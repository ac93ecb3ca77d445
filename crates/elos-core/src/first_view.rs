//! The first view, drawn at build time: the default dataset's map (its links' arcs, markers and
//! labels, the partner countries shaded, the world framed on them as the app frames them) and
//! its timeline, as static SVG that `elos page-parts` writes and `cargo xtask build` puts into
//! `index.html`'s placeholder. The page paints it before the WebAssembly has arrived; the app
//! replaces it with the same view, drawn live.
//!
//! It has no fixed size: the map's layers share the world outline's frame (the map frame's
//! shape, `NOMINAL_BOX_PX`, letterboxed like the world in any other shape) with strokes that do
//! not scale, and the timeline is placed in fractions of its width (SVG percentages), laid
//! out for a narrow and a wide box so that no labels overlap at any width from
//! [`NARROW_TIMELINE_PX`] up. Text that changes with the language (city names, dates) is there
//! in every catalogue's language, the default one shown (`public/boot.js` shows the one the
//! app will choose).
//!
//! **Invariant:** every piece of dataset text is escaped (`fallback::escape_html`), and only the
//! default view is drawn: an address that asks for anything else hides it (`boot.js`).

use crate::fallback::escape_html;
use crate::geo::{world_bounds, RectPx, Viewport, WORLD_PROJECTION};
use crate::i18n::{Catalogue, DEFAULT_LANG};
use crate::links::{bodies_among, body_kind, links, HomeChoice};
use crate::model::Dataset;
use crate::num::fixed;
use crate::scene::{labels_for, ArcStyle, Drawing, MarkerStyle, Network, LABEL_FONT_PX};
use crate::timeline::{ellipsize, entries, size, Chart, Entry};

/// The box the first view is drawn for: the map frame's shape (`aspect-ratio: 1000 / 523` in
/// `style/main.css`), at the size of the poster.
pub const NOMINAL_BOX_PX: (f64, f64) = (1000.0, 523.0);

/// The timeline's two layouts: for boxes narrower than [`WIDE_TIMELINE_PX`], and from it up.
pub const NARROW_TIMELINE_PX: f64 = 320.0;
pub const WIDE_TIMELINE_PX: f64 = 900.0;

/// The default view of a dataset (every home city) in a box: the network, the view fitted to
/// its links and its drawing — as the map first opens, and as the poster shows it.
pub struct DefaultScene {
    pub network: Network,
    pub viewport: Viewport,
    pub drawing: Drawing,
}

pub fn default_scene(ds: &Dataset, width_px: f64, height_px: f64) -> DefaultScene {
    let shown = links(ds, HomeChoice::All);
    let network = Network::build(ds, &shown, HomeChoice::All, &WORLD_PROJECTION);
    let view = network.fit_view(world_bounds(), width_px / height_px);
    let viewport = Viewport::new(view, width_px, height_px);
    let drawing = network.draw(&WORLD_PROJECTION, &viewport);
    DefaultScene {
        network,
        viewport,
        drawing,
    }
}

impl DefaultScene {
    /// Every arc path and marker path of the drawing, in the map's classes.
    pub fn paths(&self) -> String {
        let mut out = String::new();
        for style in ArcStyle::ALL {
            let path = &self.drawing.arcs[style.index()];
            if !path.is_empty() {
                out.push_str(&format!(
                    "<path class=\"arc {}\" d=\"{path}\"/>",
                    style.class()
                ));
            }
        }
        for style in MarkerStyle::all() {
            let path = &self.drawing.markers[style.index()];
            if path.is_empty() {
                continue;
            }
            for layer in ["ring", "dot", "core"] {
                out.push_str(&format!(
                    "<path class=\"mk {} s{} {layer}\" d=\"{path}\"/>",
                    style.role.key(),
                    style.size
                ));
            }
        }
        out
    }

    /// The labels the map shows (`scene::labels_for`) as `<text>` elements, names in
    /// `cat`'s language, `font_px` tall.
    pub fn labels(&self, ds: &Dataset, cat: &Catalogue, font_px: f64) -> String {
        label_texts(&self.drawing, ds, cat, font_px)
    }
}

fn label_texts(drawing: &Drawing, ds: &Dataset, cat: &Catalogue, font_px: f64) -> String {
    labels_for(drawing, ds, &cat.lang, &[], font_px)
        .iter()
        .map(|l| {
            format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"{}\">{}</text>",
                fixed(l.x_px, 1),
                fixed(l.y_px, 1),
                l.anchor,
                l.class,
                escape_html(&l.text)
            )
        })
        .collect()
}

/// The first view's map: the world outline's view and partner countries, and its layers.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstMap {
    /// What the world outline shows (its `viewBox`, in map pixels).
    pub view: RectPx,
    pub partner_countries: Vec<String>,
    /// `<svg class="boot-layers">`: the arcs, markers and labels (one group per language).
    pub layers_svg: String,
    /// The note under the map when its many arcs are drawn solid (kinds by colour only), as
    /// the app's map shows it (`map.legend_solid`), in each language; empty when they are not.
    pub note_html: String,
    /// The legend and the networks and organisations beside the map ([`legend_html`]).
    pub legend_html: String,
}

impl FirstMap {
    /// `public/world.svg`'s text framed on this view (its whole-world `viewBox` kept in
    /// `data-world-view`, for an address that asks for another view) with the partner
    /// countries shaded. `None` when the text has no `<svg …viewBox="…">` root.
    pub fn world_svg(&self, world_svg: &str) -> Option<String> {
        let open = world_svg.find("<svg")?;
        let tag_end = open + world_svg[open..].find('>')?;
        let attr = open + world_svg[open..tag_end].find(" viewBox=\"")? + " viewBox=\"".len();
        let attr_end = attr + world_svg[attr..tag_end].find('"')?;
        let whole = &world_svg[attr..attr_end];
        let v = self.view;
        let out = format!(
            "{}{} {} {} {}\" data-world-view=\"{whole}{}",
            &world_svg[..attr],
            fixed(v.x_px, 2),
            fixed(v.y_px, 2),
            fixed(v.width_px, 2),
            fixed(v.height_px, 2),
            &world_svg[attr_end..]
        );
        Some(shade_partners(&out, &self.partner_countries))
    }
}

/// `shapes` (country paths of `public/world.svg`) with the countries `isos` shaded as partners'
/// (`class="country partner"`), as the map shades them.
pub fn shade_partners(shapes: &str, isos: &[impl AsRef<str>]) -> String {
    let mut out = shapes.to_owned();
    for iso in isos {
        let iso = iso.as_ref();
        out = out.replace(
            &format!("class=\"country\" data-iso=\"{iso}\""),
            &format!("class=\"country partner\" data-iso=\"{iso}\""),
        );
    }
    out
}

/// `class` for the text of `lang` among the catalogues: the default language's is shown.
fn lang_class(lang: &str) -> &'static str {
    if lang == DEFAULT_LANG {
        "boot-lang"
    } else {
        "boot-lang boot-off"
    }
}

/// HTML that says something in each of the catalogues' languages: the default language's
/// (`parts` holds `(lang, html)`, every root element with `data-lang`) is in the page, and each
/// other one is in a `<template data-lang>` right after it, which `fallback.js` puts in its place
/// when the app will show that language. A template's content is parsed but never styled or
/// laid out: three styled copies of the legend, the networks and the timeline made the first
/// view ~0.1 s slower to paint on a phone-speed CPU (`bench load`). `class` goes on the
/// templates (`boot-first`: removed with the first view).
fn per_language(parts: &[(String, String)], class: &str) -> String {
    let mut out = String::new();
    if let Some((_, html)) = parts.iter().find(|(lang, _)| lang == DEFAULT_LANG) {
        out.push_str(html);
    }
    for (lang, html) in parts.iter().filter(|(lang, _)| lang != DEFAULT_LANG) {
        out.push_str(&format!(
            "<template class=\"boot-lang {class}\" data-lang=\"{}\">{html}</template>",
            escape_html(lang)
        ));
    }
    out
}

/// The map frames narrower than the nominal box that the first view's labels are also laid out
/// for: each set is shown from its width up to the next one's (up to
/// [`NARROW_LABELS_UP_TO_PX`] for the last), by a container query in `style/main.css`
/// (`.labels.at-320`…), and the nominal box's set from there up. The nominal set scaled down to
/// a phone's map would be unreadably small and crowded; laid out for a box a little narrower
/// than the frame, a set is shown at most ~1.4× its size and never overlaps (it only grows
/// apart).
pub const NARROW_LABEL_BOXES_PX: [f64; 4] = [320.0, 420.0, 560.0, 700.0];
pub const NARROW_LABELS_UP_TO_PX: f64 = 850.0;

/// The first view's map of `ds`, with labels in each of `catalogues`' languages.
pub fn first_map(ds: &Dataset, catalogues: &[Catalogue]) -> FirstMap {
    let (w, h) = NOMINAL_BOX_PX;
    let scene = default_scene(ds, w, h);
    let view = scene.viewport.view;
    let mut svg = format!(
        "<svg class=\"boot-layers{solid}\" viewBox=\"0 0 {w} {h}\" aria-hidden=\"true\" focusable=\"false\">{paths}",
        solid = if scene.drawing.dashed { "" } else { " solid" },
        w = fixed(w, 0),
        h = fixed(h, 0),
        paths = scene.paths(),
    );
    // The narrow boxes' drawings: the same view, so the same places, scaled.
    let narrow: Vec<(f64, Drawing)> = NARROW_LABEL_BOXES_PX
        .iter()
        .map(|&width_px| {
            let viewport = Viewport::new(view, width_px, width_px * h / w);
            (width_px, scene.network.draw(&WORLD_PROJECTION, &viewport))
        })
        .collect();
    for cat in catalogues {
        let (class, lang) = (lang_class(&cat.lang), escape_html(&cat.lang));
        svg.push_str(&format!(
            "<g class=\"labels {class}\" data-lang=\"{lang}\">{}</g>",
            scene.labels(ds, cat, LABEL_FONT_PX)
        ));
        for (width_px, drawing) in &narrow {
            let texts = label_texts(drawing, ds, cat, LABEL_FONT_PX);
            if texts.is_empty() {
                continue;
            }
            svg.push_str(&format!(
                "<g class=\"labels at-{} {class}\" data-lang=\"{lang}\" transform=\"scale({})\">{texts}</g>",
                fixed(*width_px, 0),
                fixed(w / width_px, 4)
            ));
        }
    }
    svg.push_str("</svg>");
    let solid = !scene.drawing.dashed && !scene.drawing.aggregated;
    let notes: Vec<(String, String)> = catalogues
        .iter()
        .filter(|_| solid)
        .map(|cat| {
            let html = format!(
                "<p class=\"map-note boot-first boot-lang\" data-lang=\"{}\">{}</p>",
                escape_html(&cat.lang),
                escape_html(&cat.t("map.legend_solid"))
            );
            (cat.lang.clone(), html)
        })
        .collect();
    FirstMap {
        note_html: per_language(&notes, "boot-first"),
        legend_html: legend_html(ds, &scene.network, catalogues),
        view,
        partner_countries: scene
            .network
            .partner_countries(ds)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        layers_svg: svg,
    }
}

/// The first view's timeline of `ds` (every home city's dated links and milestones) in each of
/// `catalogues`' languages, drawn as the app draws its timeline, with `today` (a fractional
/// year: the build's) ending the axis and the ongoing bars. Empty when nothing has a date.
/// Only the lanes the app's box shows without scrolling are drawn.
pub fn first_timeline_html(ds: &Dataset, catalogues: &[Catalogue], today: f64) -> String {
    let shown = links(ds, HomeChoice::All);
    let mut parts = Vec::new();
    for cat in catalogues {
        let all = entries(cat, ds, &shown, HomeChoice::All);
        if all.is_empty() {
            return String::new();
        }
        let spans: Vec<_> = all.iter().map(Entry::span).collect();
        let layouts: Vec<String> = [
            ("boot-narrow", NARROW_TIMELINE_PX),
            ("boot-wide", WIDE_TIMELINE_PX),
        ]
        .iter()
        .filter_map(|(class, width)| {
            let chart = Chart::new(&spans, *width, today)?;
            Some(timeline_box(&chart, &all, cat, today, class))
        })
        .collect();
        parts.push((
            cat.lang.clone(),
            format!(
                "<div class=\"boot-lang\" data-lang=\"{}\">{}</div>",
                escape_html(&cat.lang),
                layouts.concat()
            ),
        ));
    }
    per_language(&parts, "")
}

/// The first view's count of links shown ("27 links shown"), as the filter bar says it in the
/// default view, in each language of `catalogues` (see `per_language`): on a narrow screen
/// it takes a line of its own, and the map below would move when it came.
pub fn first_count_html(ds: &Dataset, catalogues: &[Catalogue]) -> String {
    let shown = links(ds, HomeChoice::All).len() as u64;
    let parts: Vec<(String, String)> = catalogues
        .iter()
        .map(|cat| {
            let html = format!(
                "<p class=\"result-count boot-first boot-lang\" data-lang=\"{}\">{}</p>",
                escape_html(&cat.lang),
                escape_html(&cat.plural("count.links_shown", shown, &[]))
            );
            (cat.lang.clone(), html)
        })
        .collect();
    per_language(&parts, "boot-first")
}

/// The first view's legend and its list of networks and organisations, as the app draws them
/// beside the map (`src/map/legend.rs`) for the default view of `ds`, in each language of
/// `catalogues` (see `per_language`), inert copies with the app's classes. On a
/// narrow screen they sit between the map and the timeline: without them, the timeline would
/// jump down by their height when the app takes over. `network` is the default view's, the
/// one `first_map` draws (not built a second time).
fn legend_html(ds: &Dataset, network: &Network, catalogues: &[Catalogue]) -> String {
    let shown = links(ds, HomeChoice::All);
    let uncertain = network.nodes.iter().any(|n| n.uncertain);
    let bodies = bodies_among(&shown);
    let (mut legends, mut lists) = (Vec::new(), Vec::new());
    for cat in catalogues {
        let open = |class: &str| {
            format!(
                "<section class=\"{class} boot-first boot-lang\" data-lang=\"{}\" aria-hidden=\"true\" inert>",
                escape_html(&cat.lang)
            )
        };
        let mut out = String::new();
        let entry = |class: &str, key: &str| {
            format!(
                "<li class=\"legend-static\"><svg class=\"swatch\" viewBox=\"0 0 24 12\" aria-hidden=\"true\"><path class=\"{class}\" d=\"M12 6h0\"/></svg>{}</li>",
                escape_html(&cat.t(key))
            )
        };
        out.push_str(&open("legend"));
        out.push_str(&format!(
            "<h3>{}</h3><ul>",
            escape_html(&cat.t("map.legend"))
        ));
        if network.aggregated {
            out.push_str(&entry("swatch-city", "map.legend_partner"));
            out.push_str(&entry("swatch-cluster", "map.legend_cluster"));
            out.push_str(&format!(
                "<li class=\"legend-static\"><svg class=\"swatch\" viewBox=\"0 0 24 12\" aria-hidden=\"true\"><path class=\"arc weight-3\" d=\"M1 6 L23 6\"/></svg>{}</li>",
                escape_html(&cat.t("map.legend_weight"))
            ));
        } else {
            out.push_str(&entry("swatch-home", "map.legend_home"));
            out.push_str(&entry("swatch-city", "map.legend_partner"));
        }
        if uncertain {
            out.push_str(&entry("swatch-uncertain", "map.legend_uncertain"));
        }
        out.push_str(&format!(
            "<li class=\"legend-static\"><svg class=\"swatch\" viewBox=\"0 0 24 12\" aria-hidden=\"true\"><rect class=\"swatch-country\" x=\"2\" y=\"1\" width=\"20\" height=\"10\"/></svg>{}</li>",
            escape_html(&cat.t("map.legend_country"))
        ));
        out.push_str(&entry("swatch-lit", "map.legend_highlight"));
        for kind in ds.kinds() {
            out.push_str(&format!(
                "<li><button type=\"button\" class=\"legend-toggle\" aria-pressed=\"true\"><svg class=\"swatch\" viewBox=\"0 0 24 12\" aria-hidden=\"true\"><path class=\"arc kind-{key}\" d=\"M1 6 L23 6\"/></svg>{}</button></li>",
                escape_html(&cat.t(&format!("kind.{}", kind.key()))),
                key = kind.key()
            ));
        }
        out.push_str("</ul></section>");
        legends.push((cat.lang.clone(), std::mem::take(&mut out)));

        out.push_str(&open("bodies"));
        out.push_str(&format!(
            "<h3>{}</h3><p class=\"hint\">{}</p><p class=\"members-note\"></p>",
            escape_html(&cat.t("map.bodies")),
            escape_html(&cat.t("map.bodies_hint"))
        ));
        if bodies.is_empty() {
            out.push_str(&format!(
                "<p class=\"muted\">{}</p>",
                escape_html(&cat.t("map.bodies_none"))
            ));
        } else {
            out.push_str("<ul class=\"chips\">");
            for party in &bodies {
                let (kind, title) = body_kind(*party);
                // As `DataText` shows a name: in the UI language's form, marked with its own
                // language when it has none in the UI's.
                let (lang, name) = ds
                    .party_names(*party)
                    .pick(&cat.lang)
                    .map(|p| {
                        let mark = p.lang_mark(&cat.lang);
                        let mark = mark.map(|l| format!(" lang=\"{}\"", escape_html(l)));
                        (mark.unwrap_or_default(), p.shown().into_owned())
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<li><button type=\"button\" class=\"chip kind-{}\" aria-pressed=\"false\" title=\"{}\"><span{lang}>{}</span></button></li>",
                    kind.key(),
                    escape_html(&cat.t(title)),
                    escape_html(&name)
                ));
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
        lists.push((cat.lang.clone(), out));
    }
    per_language(&legends, "boot-first") + &per_language(&lists, "boot-first")
}

/// A percentage of the axis' length (between the side margins, which the stylesheet gives
/// the box as padding).
fn percent(chart: &Chart, x_px: f64) -> String {
    let (from, to) = chart.axis_px();
    format!("{}%", fixed((x_px - from) / (to - from) * 100.0, 3))
}

fn timeline_box(chart: &Chart, all: &[Entry], cat: &Catalogue, today: f64, class: &str) -> String {
    let lanes_shown = chart.lanes.min(size::LANES_SHOWN);
    let height = chart.box_height_px();
    let today_x = percent(chart, chart.x_px(today));
    let mut out = format!(
        "<div class=\"timeline-box boot-box {class}\"><svg class=\"boot-lanes\" width=\"100%\" height=\"{h}\" aria-hidden=\"true\" focusable=\"false\">\
         <line class=\"today\" x1=\"{today_x}\" x2=\"{today_x}\" y1=\"0\" y2=\"{h}\"/>",
        h = fixed(height, 0),
    );
    for (i, e) in all.iter().enumerate() {
        let p = chart.placed[i];
        if p.lane >= lanes_shown {
            continue;
        }
        let at = chart.item(i);
        let y = fixed(at.y_px, 1);
        let x = percent(chart, p.x_start_px);
        out.push_str(&format!(
            "<g class=\"tl-item{}\">",
            if e.is_event { " event" } else { "" }
        ));
        if let Some((x1, x2)) = at.bar {
            out.push_str(&format!(
                "<line class=\"bar{}\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>",
                if e.ongoing { " ongoing" } else { "" },
                percent(chart, x1),
                percent(chart, x2)
            ));
        }
        out.push_str(&format!(
            "<line class=\"{}\" x1=\"{x}\" x2=\"{x}\" y1=\"{y}\" y2=\"{y}\"/>",
            if e.is_event {
                "event-mark"
            } else {
                "link-mark"
            }
        ));
        // The label keeps its distance from the mark in pixels, on the side it was given.
        let (anchor, dx) = if p.label_x_px >= p.x_start_px {
            ("start", p.label_x_px - p.x_start_px)
        } else {
            ("end", p.label_end_px - p.x_start_px)
        };
        out.push_str(&format!(
            "<text x=\"{x}\" dx=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text></g>",
            fixed(dx, 1),
            fixed(at.text_y_px, 1),
            escape_html(&ellipsize(&e.label, at.label_width_px, size::FONT_PX))
        ));
    }
    out.push_str("</svg></div>");
    // The axis: ticks, and "today" left of its line.
    out.push_str(&format!(
        "<div class=\"timeline-box boot-box {class}\"><svg class=\"boot-axis\" width=\"100%\" height=\"{}\" aria-hidden=\"true\" focusable=\"false\">\
         <line class=\"axis\" x1=\"0%\" x2=\"100%\" y1=\"0\" y2=\"0\"/>",
        fixed(size::AXIS_PX, 0)
    ));
    for year in &chart.ticks {
        let x = percent(chart, chart.x_px(f64::from(*year)));
        out.push_str(&format!(
            "<g class=\"tick\"><line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"5\"/><text x=\"{x}\" y=\"18\" text-anchor=\"middle\">{year}</text></g>"
        ));
    }
    out.push_str(&format!(
        "<text class=\"today-label\" x=\"{today_x}\" dx=\"-{}\" y=\"28\" text-anchor=\"end\">{}</text>\
         <line class=\"today\" x1=\"{today_x}\" x2=\"{today_x}\" y1=\"0\" y2=\"8\"/></svg></div>",
        fixed(size::BASELINE_PX, 0),
        escape_html(&cat.t("timeline.today"))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORLD: &str = include_str!("../../../public/world.svg");
    const EXAMPLE: &str = include_str!("../../../public/data/example.json");
    /// 3 December 2026.
    const TODAY: f64 = 2026.917;

    fn load(text: &str) -> Dataset {
        crate::load(text).dataset.unwrap()
    }

    /// The text of `lang`'s group (`data-lang`) in `html`.
    fn group<'a>(html: &'a str, lang: &str) -> &'a str {
        let open = html.find(&format!("data-lang=\"{lang}\"")).unwrap();
        let rest = &html[open..];
        let end = rest[1..].find("data-lang=").map_or(rest.len(), |i| i + 1);
        &rest[..end]
    }

    #[test]
    fn the_example_map_is_framed_on_its_links_with_every_language_s_names() {
        let ds = load(EXAMPLE);
        let map = first_map(&ds, &Catalogue::all());
        let whole = world_bounds();
        assert!(
            map.view.width_px < whole.width_px * 0.9,
            "framed on the links, not the whole world: {:?}",
            map.view
        );
        let aspect = map.view.width_px / map.view.height_px;
        assert!((aspect - NOMINAL_BOX_PX.0 / NOMINAL_BOX_PX.1).abs() < 1e-6);
        for iso in ["JP", "US", "AR", "DE"] {
            assert!(map.partner_countries.iter().any(|c| c == iso), "{iso}");
        }
        assert!(
            !map.partner_countries.iter().any(|c| c == "BR"),
            "home cities' country is not a partner's"
        );
        let svg = &map.layers_svg;
        assert!(svg.starts_with("<svg class=\"boot-layers"));
        assert!(svg.contains("<path class=\"arc kind-sister_city\" d=\"M"));
        assert!(svg.contains("<path class=\"mk home "));
        // Names in each language; only the default one shown; uncertain places marked.
        assert!(group(svg, "pt-BR").contains(">Milão</text>"));
        assert!(group(svg, "en").contains(">Milan</text>"));
        assert!(group(svg, "pt-BR").contains(">Marlboro?</text>"));
        assert!(svg.contains("class=\"labels boot-lang\" data-lang=\"pt-BR\""));
        assert!(svg.contains("class=\"labels boot-lang boot-off\" data-lang=\"en\""));
        assert!(group(svg, "pt-BR").contains("class=\"label home\">Ipatinga</text>"));
        // Sets laid out for narrower frames, scaled into the nominal box: a phone's map names
        // its cities at the app's size, in every language.
        let phone = svg
            .find("<g class=\"labels at-320 boot-lang\" data-lang=\"pt-BR\" transform=\"scale(3.1250)\">")
            .expect("the phone's set");
        let phone = group(&svg[phone..], "pt-BR");
        assert!(phone.contains(">Ipatinga</text>") && phone.contains(">Kitakyushu</text>"));
        assert!(svg.contains("<g class=\"labels at-700 boot-lang boot-off\" data-lang=\"es\""));
        // Laid out in the 320-pixel box: every label's anchor is inside it.
        for (i, _) in phone.match_indices("<text x=\"") {
            let x: f64 = phone[i + 9..].split('"').next().unwrap().parse().unwrap();
            assert!((0.0..=320.0).contains(&x), "{x}");
        }
    }

    #[test]
    fn many_solid_arcs_get_the_map_s_note_and_a_few_dashed_ones_none() {
        let ds = load(EXAMPLE);
        assert_eq!(first_map(&ds, &Catalogue::all()).note_html, "");
        // 450 bilateral cooperations of one home city with cities spread over the world:
        // more arcs than are dashed, fewer than are aggregated.
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        let home = v["home_cities"][0].as_str().unwrap().to_owned();
        let (cities, coops) = (
            v["cities"].as_array().unwrap().clone(),
            v["cooperations"].as_array().unwrap().clone(),
        );
        let template_city = cities[0].clone();
        let template_coop = coops
            .iter()
            .find(|c| c["kind"] == "bilateral_cooperation")
            .unwrap()
            .clone();
        for i in 0..450 {
            let mut city = template_city.clone();
            city["id"] = format!("synthetic-{i}").into();
            city["names"] = serde_json::json!({ "en": format!("Synthetic {i}") });
            city["lat_deg"] = (-50.0 + f64::from(i % 100)).into();
            city["lon_deg"] = (-170.0 + f64::from(i) * 0.75).into();
            city["country"] = "AR".into();
            city.as_object_mut().unwrap().remove("geonames_id");
            v["cities"].as_array_mut().unwrap().push(city);
            let mut coop = template_coop.clone();
            coop["id"] = format!("synthetic-link-{i}").into();
            coop["parties"] = serde_json::json!([home, format!("synthetic-{i}")]);
            v["cooperations"].as_array_mut().unwrap().push(coop);
        }
        let ds = load(&v.to_string());
        let map = first_map(&ds, &Catalogue::all());
        assert!(map
            .layers_svg
            .starts_with("<svg class=\"boot-layers solid\""));
        assert!(map.note_html.starts_with(&format!(
            "<p class=\"map-note boot-first boot-lang\" data-lang=\"pt-BR\">{}</p>",
            default_catalogue().t("map.legend_solid")
        )));
        assert!(map
            .note_html
            .contains("<template class=\"boot-lang boot-first\" data-lang=\"es\">"));
    }

    #[test]
    fn the_world_outline_is_framed_and_shaded_and_keeps_its_whole_view() {
        let ds = load(EXAMPLE);
        let map = first_map(&ds, &Catalogue::all());
        let framed = map.world_svg(WORLD).unwrap();
        let root = &framed[..framed.find('>').unwrap()];
        assert!(root.contains("id=\"world\""));
        assert!(root.contains("data-world-view=\"0 -18 1000 523\""));
        let v = map.view;
        assert!(root.contains(&format!(
            " viewBox=\"{} {} {} {}\"",
            fixed(v.x_px, 2),
            fixed(v.y_px, 2),
            fixed(v.width_px, 2),
            fixed(v.height_px, 2)
        )));
        assert!(framed.contains("class=\"country partner\" data-iso=\"JP\""));
        assert!(framed.contains("class=\"country\" data-iso=\"BR\""));
        assert_eq!(
            framed.matches("<path").count(),
            WORLD.matches("<path").count()
        );
        assert_eq!(map.world_svg("<g/>"), None);
    }

    #[test]
    fn the_example_timeline_has_both_layouts_in_every_language() {
        let ds = load(EXAMPLE);
        let html = first_timeline_html(&ds, &Catalogue::all(), TODAY);
        let pt = group(&html, "pt-BR");
        assert!(html.starts_with("<div class=\"boot-lang\" data-lang=\"pt-BR\">"));
        assert!(html.contains("<template class=\"boot-lang \" data-lang=\"en\"><div class=\"boot-lang\" data-lang=\"en\">"));
        assert_eq!(pt.matches("boot-narrow").count(), 2, "lanes and axis");
        assert_eq!(pt.matches("boot-wide").count(), 2);
        // Ipatinga's two sister cities and Belo Horizonte's two milestones, in each layout.
        assert_eq!(pt.matches("<g class=\"tl-item\">").count(), 4);
        assert_eq!(pt.matches("<g class=\"tl-item event\">").count(), 4);
        assert!(pt.contains(">1978: Kitakyushu</text>"));
        assert!(groups(&html, "en").contains("today</text>"));
        // Kitakyushu (1978, the middle of the year) starts the 1978–2027 axis.
        assert!(pt.contains("<line class=\"link-mark\" x1=\"1.020%\""));
        // Every position is a percentage of the axis, inside it.
        for (i, _) in html.match_indices("x1=\"") {
            let value = &html[i + 4..];
            let value = &value[..value.find('"').unwrap()];
            let number: f64 = value.strip_suffix('%').unwrap().parse().unwrap();
            assert!((0.0..=100.0).contains(&number), "{value}");
        }
    }

    /// Every group of `lang` in `html`, one after the other.
    fn groups(html: &str, lang: &str) -> String {
        let mark = format!("data-lang=\"{lang}\"");
        html.match_indices(&mark)
            .map(|(i, _)| group(&html[i..], lang))
            .collect()
    }

    fn default_catalogue() -> Catalogue {
        Catalogue::all()
            .into_iter()
            .find(|c| c.lang == DEFAULT_LANG)
            .unwrap()
    }

    #[test]
    fn the_example_legend_and_bodies_are_the_app_s_in_every_language() {
        let ds = load(EXAMPLE);
        let html = first_map(&ds, &Catalogue::all()).legend_html;
        let pt = groups(&html, "pt-BR");
        assert!(html.starts_with(
            "<section class=\"legend boot-first boot-lang\" data-lang=\"pt-BR\" aria-hidden=\"true\" inert>"
        ));
        // The other languages' in templates (never laid out), each right after the default's.
        assert!(html.contains("<template class=\"boot-lang boot-first\" data-lang=\"en\"><section class=\"bodies boot-first boot-lang\" data-lang=\"en\""));
        assert_eq!(
            html.matches("<template ").count(),
            2 * (Catalogue::all().len() - 1)
        );
        assert_eq!(
            html.matches("<section ").count(),
            2 * Catalogue::all().len()
        );
        // Home and partner cities (not the network's clusters), the uncertain Marlboro, the
        // country and highlight entries, then the four kinds the example has, as toggles.
        let entries: Vec<&str> = pt.match_indices("<li").map(|(i, _)| &pt[i..]).collect();
        assert!(pt.contains("class=\"swatch-home\""));
        assert!(!pt.contains("swatch-cluster"));
        assert!(pt.contains(&format!(
            ">{}</li>",
            default_catalogue().t("map.legend_uncertain")
        )));
        assert_eq!(
            pt.matches("class=\"legend-toggle\" aria-pressed=\"true\"")
                .count(),
            4
        );
        assert!(pt.contains("kind-sister_city\" d=\"M1 6 L23 6\"/></svg>Cidade-irmã</button>"));
        assert!(!pt.contains("kind-consulate"), "a kind the example lacks");
        assert!(entries.len() > 9, "{} entries and chips", entries.len());
        // Every network and organisation of the home cities' links, once each, with its kind.
        assert_eq!(
            pt.matches("<button type=\"button\" class=\"chip ").count(),
            16
        );
        assert!(pt.contains("class=\"chip kind-network_membership\" aria-pressed=\"false\" title=\"Rede de cidades\"><span>Mercocidades</span>"));
        assert!(pt.contains("class=\"chip kind-organisation_partnership\""));
        assert!(groups(&html, "en").contains("title=\"City network\""));
        assert!(
            !html.contains(" id="),
            "no ids: the app's own are the only ones"
        );
    }

    #[test]
    fn the_count_is_the_filter_bar_s_for_every_home_link() {
        let ds = load(EXAMPLE);
        let html = first_count_html(&ds, &Catalogue::all());
        let home_links = links(&ds, HomeChoice::All).len() as u64;
        assert!(home_links > 20, "{home_links}");
        let said = default_catalogue().plural("count.links_shown", home_links, &[]);
        assert!(said.contains(&home_links.to_string()), "{said}");
        assert!(html.starts_with(&format!(
            "<p class=\"result-count boot-first boot-lang\" data-lang=\"pt-BR\">{said}</p>"
        )));
        assert_eq!(
            html.matches("<template class=\"boot-lang boot-first\" data-lang=")
                .count(),
            Catalogue::all().len() - 1
        );
        assert!(html.contains("<template class=\"boot-lang boot-first\" data-lang=\"en\"><p class=\"result-count boot-first boot-lang\" data-lang=\"en\">"));
    }

    #[test]
    fn the_legend_escapes_names_and_marks_their_language() {
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        let network = v["networks"][0].as_object_mut().unwrap();
        network.insert(
            "names".into(),
            serde_json::json!({ "en": "<img src=x onerror=alert(1)> & \"Co\"" }),
        );
        let ds = load(&v.to_string());
        let html = first_map(&ds, &Catalogue::all()).legend_html;
        assert!(!html.contains("<img"));
        let pt = groups(&html, "pt-BR");
        assert!(pt.contains(
            "<span lang=\"en\">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;</span>"
        ));
        assert!(
            groups(&html, "en").contains("<span>&lt;img"),
            "in its own language: no mark"
        );
    }

    #[test]
    fn a_dataset_without_networks_says_so_in_its_legend() {
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        let coops = v["cooperations"].as_array_mut().unwrap();
        coops.retain(|c| {
            !matches!(
                c["kind"].as_str(),
                Some("network_membership" | "organisation_partnership")
            )
        });
        let ds = load(&v.to_string());
        let html = first_map(&ds, &Catalogue::all()).legend_html;
        let pt = groups(&html, "pt-BR");
        assert!(!pt.contains("class=\"chips\""));
        assert!(pt.contains(&format!(
            "<p class=\"muted\">{}</p>",
            default_catalogue().t("map.bodies_none")
        )));
        assert!(
            !pt.contains("kind-network_membership"),
            "no toggle for a kind that is gone"
        );
    }

    #[test]
    fn without_dates_there_is_no_timeline_and_many_lanes_are_cut_to_the_box() {
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        strip(&mut v, &["start", "end", "date", "events"]);
        let ds = load(&v.to_string());
        assert_eq!(first_timeline_html(&ds, &Catalogue::all(), TODAY), "");

        // Forty links begun the same year need forty lanes: the box shows eight.
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        let coops = v["cooperations"].as_array_mut().unwrap();
        let first = coops[0].clone();
        for i in 0..40 {
            let mut c = first.clone();
            c["id"] = format!("extra-{i}").into();
            c["start"] = "2000".into();
            coops.push(c);
        }
        let ds = load(&v.to_string());
        let html = first_timeline_html(&ds, &Catalogue::all()[..1], TODAY);
        let narrow = &html[..html.find("boot-wide").unwrap()];
        // The 41 items of 2000 have a lane each; eight lanes are drawn, with what else fits in them.
        let items = narrow.matches("class=\"tl-item").count();
        assert!((8..=8 + 4).contains(&items), "{items} items drawn");
        assert!(narrow.contains(&format!(
            "height=\"{}\"",
            fixed(8.0 * size::LANE_PX + size::PAD_PX, 0)
        )));
    }

    fn strip(v: &mut serde_json::Value, keys: &[&str]) {
        match v {
            serde_json::Value::Object(map) => {
                for k in keys {
                    map.remove(*k);
                }
                map.values_mut().for_each(|v| strip(v, keys));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| strip(v, keys)),
            _ => {}
        }
    }

    #[test]
    fn dataset_text_is_escaped_everywhere() {
        let text = EXAMPLE
            .replacen(
                "\"Kitakyushu\"",
                "\"Kita<script>alert(1)</script>kyushu\"",
                1,
            )
            .replacen(
                "\"Ipatinga\"",
                "\"Ipa\\\"><img src=x onerror=alert(1)>\"",
                1,
            );
        let ds = load(&text);
        let cats = Catalogue::all();
        let map = first_map(&ds, &cats);
        let timeline = first_timeline_html(&ds, &cats, TODAY);
        for html in [&map.layers_svg, &timeline] {
            assert!(
                !html.contains("<script") && !html.contains("<img"),
                "{html}"
            );
        }
        assert!(map
            .layers_svg
            .contains("Ipa&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        assert!(timeline.contains("Kita&lt;script&gt;"));
    }
}
