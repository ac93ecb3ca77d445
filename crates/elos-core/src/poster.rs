//! The poster: a still SVG picture of the default view — the world with every home city's
//! links, as the map first opens — that `elos page-parts` writes beside the app
//! (`embed::POSTER_FILE`). The no-script snippet shows it where a CMS removes iframes and
//! scripts, and an oEmbed file can name it as the thumbnail. It is made from the country
//! shapes of `public/world.svg` (the ones the page paints before the wasm runs) and the same
//! scene the map draws (`scene::Network`), so it looks like the map.
//!
//! **Invariant:** dataset text (names, the title) is escaped; the picture has no script, no
//! link and no external reference, so it is safe as an `<img>` anywhere.

use crate::embed::{POSTER_HEIGHT_PX, POSTER_WIDTH_PX};
use crate::fallback::escape_html;
use crate::first_view::{default_scene, shade_partners};
use crate::geo::PointPx;
use crate::i18n::Catalogue;
use crate::model::Dataset;
use crate::num::fixed;

/// Why there is no poster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PosterError {
    #[error("the world map has no <svg> element with a closing </svg>; run scripts/data/world.mjs again")]
    NotAWorldSvg,
}

const LABEL_FONT_PX: f64 = 13.0;

/// The map's look in the light scheme, from `style/main.css` (a test checks the colours): an
/// `<img>` cannot read the page's stylesheet.
const POSTER_CSS: &str = "\
.sphere{fill:#e3eef7}\
.graticule{fill:none;stroke:#d5d9dd;stroke-width:2px}\
.country{fill:#e8e4da;stroke:#b9b2a3;stroke-width:2px}\
.country.partner{fill:#f3d9a6}\
.arc{fill:none;stroke-width:1.75px;stroke-linecap:round;stroke-linejoin:round}\
.kind-sister_city{stroke:#b0186b}\
.kind-bilateral_cooperation{stroke:#1458b8;stroke-dasharray:7 4}\
.kind-network_membership{stroke:#2c7a31;stroke-dasharray:2 3}\
.kind-organisation_partnership{stroke:#b35300;stroke-dasharray:9 3 2 3}\
.kind-diplomatic{stroke:#6a1b9a;stroke-dasharray:1 3}\
.kind-other{stroke:#4f5d66;stroke-dasharray:4 4}\
.solid .arc{stroke-dasharray:none}\
.weight-0{stroke:#0b5cad;stroke-width:.75px;opacity:.22}\
.weight-1{stroke:#0b5cad;stroke-width:1.25px;opacity:.45}\
.weight-2{stroke:#0b5cad;stroke-width:2px;opacity:.65}\
.weight-3{stroke:#0b5cad;stroke-width:3.25px;opacity:.8}\
.mk{fill:none;stroke-linecap:round}.mk.home{stroke-linecap:square}\
.mk.ring{stroke:#1d232a}.mk.dot{stroke:#ffffff}.mk.core{stroke:none}\
.mk.home.ring{stroke:#ffffff}.mk.home.dot{stroke:#b3261e}\
.mk.cluster.ring,.mk.cluster.core{stroke:#0b5cad}\
.mk.uncertain.ring{stroke:#55606b}.mk.uncertain.core{stroke:#1d232a;stroke-width:2.5px}\
.mk.s0.ring{stroke-width:10px}.mk.s0.dot{stroke-width:7px}\
.mk.s1.ring{stroke-width:12px}.mk.s1.dot{stroke-width:9px}\
.mk.s2.ring{stroke-width:15px}.mk.s2.dot{stroke-width:12px}\
.mk.s3.ring{stroke-width:19px}.mk.s3.dot{stroke-width:16px}\
.mk.s4.ring{stroke-width:24px}.mk.s4.dot{stroke-width:21px}\
.mk.home.s0.ring{stroke-width:9px}.mk.home.s0.dot{stroke-width:6px}\
.mk.home.s1.ring{stroke-width:11px}.mk.home.s1.dot{stroke-width:8px}\
.mk.home.s2.ring{stroke-width:13px}.mk.home.s2.dot{stroke-width:10px}\
.mk.home.s3.ring{stroke-width:17px}.mk.home.s3.dot{stroke-width:14px}\
.mk.home.s4.ring{stroke-width:21px}.mk.home.s4.dot{stroke-width:18px}\
.mk.cluster.s0.core{stroke-width:3px}.mk.cluster.s1.core{stroke-width:4px}\
.mk.cluster.s2.core{stroke-width:5px}.mk.cluster.s3.core{stroke-width:7px}\
.mk.cluster.s4.core{stroke-width:9px}\
text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}\
.label{font-size:13px;font-weight:600;fill:#1d232a;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}\
.label.home{font-weight:700}\
.caption{font-size:18px;font-weight:700;fill:#1d232a;paint-order:stroke;stroke:#ffffff;stroke-width:4px;stroke-linejoin:round}";

/// The poster of `ds`'s default view (every home city), titled in the catalogue's language.
/// `world_svg` is the text of `public/world.svg`.
pub fn poster_svg(world_svg: &str, ds: &Dataset, cat: &Catalogue) -> Result<String, PosterError> {
    let shapes = world_shapes(world_svg)?;
    let (w, h) = (f64::from(POSTER_WIDTH_PX), f64::from(POSTER_HEIGHT_PX));
    let scene = default_scene(ds, w, h);
    let viewport = scene.viewport;
    let drawing = &scene.drawing;

    // Countries with a partner, shaded as the map shades them.
    let shapes = shade_partners(shapes, &scene.network.partner_countries(ds));

    // Map pixels → poster pixels, as the page's viewBox does it.
    let upp = viewport.map_units_per_px();
    let (tx, ty) = viewport.screen_from_map(PointPx {
        x_px: 0.0,
        y_px: 0.0,
    });
    let title = escape_html(&ds.title.show(&cat.lang));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {POSTER_WIDTH_PX} {POSTER_HEIGHT_PX}\" \
         width=\"{POSTER_WIDTH_PX}\" height=\"{POSTER_HEIGHT_PX}\" role=\"img\">\
         <title>{title}</title><style>{POSTER_CSS}</style>\
         <g transform=\"matrix({s} 0 0 {s} {tx} {ty})\">{shapes}</g><g class=\"{solid}\">",
        s = fixed(1.0 / upp, 5),
        tx = fixed(tx, 2),
        ty = fixed(ty, 2),
        solid = if drawing.dashed { "" } else { "solid" },
    );
    out.push_str(&scene.paths());
    out.push_str("</g>");

    out.push_str(&scene.labels(ds, cat, LABEL_FONT_PX));
    out.push_str(&format!(
        "<text class=\"caption\" x=\"16\" y=\"{}\">{title}</text></svg>\n",
        POSTER_HEIGHT_PX - 16
    ));
    Ok(out)
}

/// What is inside `world.svg`'s root element: the sphere, the graticule and the countries.
fn world_shapes(world_svg: &str) -> Result<&str, PosterError> {
    let open = world_svg.find("<svg").ok_or(PosterError::NotAWorldSvg)?;
    let start = open
        + world_svg[open..]
            .find('>')
            .ok_or(PosterError::NotAWorldSvg)?
        + 1;
    let end = world_svg.rfind("</svg>").ok_or(PosterError::NotAWorldSvg)?;
    if end < start {
        return Err(PosterError::NotAWorldSvg);
    }
    Ok(world_svg[start..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORLD: &str = include_str!("../../../public/world.svg");

    fn example() -> Dataset {
        crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap()
    }

    fn pt_br() -> Catalogue {
        Catalogue::all().into_iter().next().unwrap()
    }

    #[test]
    fn the_example_poster_has_the_world_its_links_and_its_title() {
        let svg = poster_svg(WORLD, &example(), &pt_br()).unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 523\"")
        );
        assert!(svg.contains("<title>Exemplo: relações internacionais de Ipatinga"));
        assert_eq!(
            svg.matches("class=\"country").count(),
            WORLD.matches("class=\"country").count()
        );
        assert!(
            svg.contains("class=\"country partner\" data-iso=\"JP\""),
            "Kitakyushu's country"
        );
        assert!(svg.contains("<path class=\"arc kind-sister_city\" d=\"M"));
        assert!(svg.contains("<path class=\"mk home "));
        assert!(svg.contains("class=\"label home\">Ipatinga</text>"));
        assert!(
            svg.contains("Natural Earth"),
            "the shapes keep their attribution"
        );
        // Nothing that could run or fetch anything.
        for forbidden in ["<script", "href", "url(", "@import", "<foreignObject"] {
            assert!(!svg.contains(forbidden), "{forbidden}");
        }
        let event_handler = svg.match_indices(" on").any(|(i, _)| {
            let name: String = svg[i + 1..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            svg[i + 1 + name.len()..].starts_with('=')
        });
        assert!(!event_handler);
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn names_are_escaped_and_a_broken_world_is_refused() {
        let text = include_str!("../../../public/data/example.json").replacen(
            "\"Ipatinga\"",
            "\"Ipa<script>tinga\"",
            1,
        );
        let ds = crate::load(&text).dataset.unwrap();
        let svg = poster_svg(WORLD, &ds, &pt_br()).unwrap();
        assert!(!svg.contains("<script>") && svg.contains("Ipa&lt;script&gt;tinga"));
        assert_eq!(
            poster_svg("<g/>", &ds, &pt_br()),
            Err(PosterError::NotAWorldSvg)
        );
    }

    /// The poster's colours are the stylesheet's light ones.
    #[test]
    fn colours_are_the_stylesheet_ones() {
        let css = include_str!("../../../style/main.css");
        let light = &css[..css.find("@media (prefers-color-scheme: dark)").unwrap()];
        for (i, _) in POSTER_CSS.match_indices('#') {
            let colour = &POSTER_CSS[i..i + 7];
            assert!(
                light.contains(colour),
                "{colour} is not a colour of main.css"
            );
        }
    }
}
