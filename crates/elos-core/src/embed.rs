//! Elos inside another site's page: the host-look parameters (`embed`, `scheme`, `accent`,
//! `transparent`, and `lang` checked against the catalogues), the accent colour's contrast
//! rule, the widget's layout and short list, the snippets a webmaster pastes, and the height
//! messages the frame sends to `elos-embed.js` (`public/elos-embed.js`, which keeps the same
//! names and limits; a test here checks it).
//!
//! **Invariant:** every value in a snippet goes through [`escape_html`], and every colour the
//! page sets from `accent=` keeps text at WCAG AA (4.5:1) on the page's own surfaces.

use crate::fallback::escape_html;
use crate::i18n::Catalogue;
use crate::links::Link;
use crate::model::{Dataset, LinkKind};
use crate::query::{Ignored, Reason};

/// The names this module reads; the page's list of known parameters includes them.
pub const NAMES: [&str; 4] = ["embed", "scheme", "accent", "transparent"];

/// The colour scheme: the reader's system setting, or the one the host page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Scheme {
    pub fn key(self) -> &'static str {
        match self {
            Scheme::Auto => "auto",
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    fn parse(text: &str) -> Option<Scheme> {
        [Scheme::Auto, Scheme::Light, Scheme::Dark]
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(text))
    }
}

/// How the page looks and behaves inside a host page, from the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostLook {
    /// `embed=1`: no page header or credits block; the layout follows the frame's width.
    pub embed: bool,
    pub scheme: Scheme,
    /// `accent=0b5cad`: the host's colour for buttons, links and highlights.
    pub accent: Option<Rgb>,
    /// `transparent=1`: the host page's background shows through.
    pub transparent: bool,
    /// `lang=`, when there is a catalogue for it (the tag as the catalogue spells it).
    pub lang: Option<&'static str>,
}

impl HostLook {
    /// Reads the parameters through `get` (the query's value for a name; empty values count
    /// as absent), returning what can be used and what was left out.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (HostLook, Vec<Ignored>) {
        let mut look = HostLook::default();
        let mut ignored = Vec::new();
        let mut bad = |param: &'static str, value: String| {
            ignored.push(Ignored::new(param, &value, Reason::UnknownOption))
        };
        let get = |name: &str| get(name).filter(|v| !v.is_empty());
        for (name, slot) in [
            ("embed", &mut look.embed),
            ("transparent", &mut look.transparent),
        ] {
            if let Some(value) = get(name) {
                match parse_flag(&value) {
                    Some(on) => *slot = on,
                    None => bad(name, value),
                }
            }
        }
        if let Some(value) = get("scheme") {
            match Scheme::parse(&value) {
                Some(s) => look.scheme = s,
                None => bad("scheme", value),
            }
        }
        if let Some(value) = get("accent") {
            match Rgb::parse_hex(&value) {
                Some(c) => look.accent = Some(c),
                None => bad("accent", value),
            }
        }
        if let Some(value) = get("lang") {
            match Catalogue::languages()
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(&value))
            {
                Some((tag, _)) => look.lang = Some(tag),
                None => bad("lang", value),
            }
        }
        (look, ignored)
    }

    /// The parameters to put back in the address (not `lang`, which the page always writes),
    /// leaving out defaults, so they survive every change of view inside the frame.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.embed {
            out.push(("embed", "1".to_owned()));
        }
        if self.scheme != Scheme::Auto {
            out.push(("scheme", self.scheme.key().to_owned()));
        }
        if let Some(c) = self.accent {
            out.push(("accent", c.hex()));
        }
        if self.transparent {
            out.push(("transparent", "1".to_owned()));
        }
        out
    }
}

/// `1`/`0` (and `true`, `false`, `yes`, `no`), as the present mode's `loop` reads them.
fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// WCAG 2's minimum contrast for normal text at level AA.
pub const AA_TEXT_RATIO: f64 = 4.5;

impl Rgb {
    pub const BLACK: Rgb = Rgb::new(0, 0, 0);
    pub const WHITE: Rgb = Rgb::new(255, 255, 255);

    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// `0b5cad`, `0B5CAD`, `#0b5cad` or the short `06c`; nothing else (no names, no alpha).
    pub fn parse_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            6 => {
                let byte = |i: usize| Some(digit(i)? * 16 + digit(i + 1)?);
                Some(Rgb::new(byte(0)?, byte(2)?, byte(4)?))
            }
            3 => {
                let byte = |i: usize| Some(digit(i)? * 17);
                Some(Rgb::new(byte(0)?, byte(1)?, byte(2)?))
            }
            _ => None,
        }
    }

    /// `0b5cad`: six lower-case digits, as the address writes it.
    pub fn hex(self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        [self.r, self.g, self.b]
            .iter()
            .flat_map(|v| [DIGITS[usize::from(v >> 4)], DIGITS[usize::from(v & 15)]])
            .map(char::from)
            .collect()
    }

    /// `#0b5cad`, for CSS.
    pub fn css(self) -> String {
        format!("#{}", self.hex())
    }

    /// WCAG 2's relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let linear = |v: u8| {
            let c = f64::from(v) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                // x^2.4 as exp(2.4 ln x) (x > 0.09 here): `exp` and `ln` are in the wasm
                // already (fly), `powf` would bring libm's `pow` along for this one line.
                (2.4 * ((c + 0.055) / 1.055).ln()).exp()
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// `t` of the way from `self` to `other` (0 is `self`, 1 is `other`), in sRGB.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t + 0.5) as u8;
        Rgb::new(
            channel(self.r, other.r),
            channel(self.g, other.g),
            channel(self.b, other.b),
        )
    }
}

/// WCAG 2's contrast ratio, 1 to 21, whichever colour is lighter.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`: at least 4.58:1 for any colour, so text
/// on a button in the host's accent is always AA.
pub fn text_on(fill: Rgb) -> Rgb {
    if contrast_ratio(fill, Rgb::BLACK) >= contrast_ratio(fill, Rgb::WHITE) {
        Rgb::BLACK
    } else {
        Rgb::WHITE
    }
}

/// The accent as text (links, headings, the sort arrow) on every one of `surfaces`: the
/// accent itself when it already has AA contrast, else the least mix towards `toward` (black
/// on light pages, white on dark ones) that has it.
pub fn ink_on(accent: Rgb, surfaces: &[Rgb], toward: Rgb) -> Rgb {
    let reads = |c: Rgb| {
        surfaces
            .iter()
            .all(|s| contrast_ratio(c, *s) >= AA_TEXT_RATIO)
    };
    if reads(accent) {
        return accent;
    }
    // Mixing towards black (white) only darkens (lightens), so the contrast with light (dark)
    // surfaces only grows: the least mix that reads is found by halving.
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if reads(accent.mix(toward, mid)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let ink = accent.mix(toward, hi);
    if reads(ink) {
        ink
    } else {
        toward
    }
}

/// The page's own surfaces text is drawn on (panel, page, sea), as in `style/main.css`.
pub const LIGHT_SURFACES: [Rgb; 3] = [
    Rgb::new(0xff, 0xff, 0xff),
    Rgb::new(0xf7, 0xf7, 0xf4),
    Rgb::new(0xe3, 0xee, 0xf7),
];
pub const DARK_SURFACES: [Rgb; 3] = [
    Rgb::new(0x1d, 0x23, 0x29),
    Rgb::new(0x14, 0x18, 0x1c),
    Rgb::new(0x16, 0x28, 0x3a),
];

/// What the page sets from `accent=`: the CSS variables `--accent` (fills, borders),
/// `--on-accent` (text on a fill), `--accent-ink-light` and `--accent-ink-dark` (the accent as
/// text in each scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccentColours {
    pub fill: Rgb,
    pub on_fill: Rgb,
    pub ink_light: Rgb,
    pub ink_dark: Rgb,
}

impl AccentColours {
    pub fn new(accent: Rgb) -> AccentColours {
        AccentColours {
            fill: accent,
            on_fill: text_on(accent),
            ink_light: ink_on(accent, &LIGHT_SURFACES, Rgb::BLACK),
            ink_dark: ink_on(accent, &DARK_SURFACES, Rgb::WHITE),
        }
    }

    /// (CSS custom property, value) pairs for the root element.
    pub fn css_variables(&self) -> [(&'static str, String); 4] {
        [
            ("--accent", self.fill.css()),
            ("--on-accent", self.on_fill.css()),
            ("--accent-ink-light", self.ink_light.css()),
            ("--accent-ink-dark", self.ink_dark.css()),
        ]
    }
}

/// Up to this frame width (CSS px) an embedded page is the compact widget.
pub const COMPACT_MAX_WIDTH_PX: f64 = 600.0;

/// What an embedded page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Header, filters, map, timeline, table, statistics, details.
    Full,
    /// The map and a short list of the home city's links, for a narrow content column.
    Compact,
}

/// The layout for a frame `width_px` wide (0 while it is hidden: the full explorer until its
/// width is known). Outside a host page (`embed` off) always the full explorer.
pub fn layout(embed: bool, width_px: f64) -> Layout {
    if embed && (1.0..=COMPACT_MAX_WIDTH_PX).contains(&width_px) {
        Layout::Compact
    } else {
        Layout::Full
    }
}

/// How many links the compact widget lists.
pub const SHORT_LIST_LEN: usize = 6;

/// The compact widget's list: sister cities first, then the other links, each group oldest
/// first with the undated last, in the file's order otherwise; at most `max`.
pub fn short_list(ds: &Dataset, links: &[Link], max: usize) -> Vec<Link> {
    let mut out = links.to_vec();
    crate::order::sort_by_key(&mut out, |l| {
        let coop = ds.cooperation(l.cooperation);
        (
            coop.kind != LinkKind::SisterCity,
            coop.start.is_none(),
            coop.start,
        )
    });
    out.truncate(max);
    out
}

/// A frame size offered by the "Embed this view" dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameSize {
    /// `small`, `medium`, `wide`: its catalogue key is `embed.size_<key>`.
    pub key: &'static str,
    /// `None`: the whole width of the host's column.
    pub width_px: Option<u32>,
    /// The height before the app says how tall it is (or for good, without the loader).
    pub height_px: u32,
}

pub const SIZES: [FrameSize; 3] = [
    FrameSize {
        key: "small",
        width_px: Some(400),
        height_px: 620,
    },
    FrameSize {
        key: "medium",
        width_px: Some(600),
        height_px: 720,
    },
    FrameSize {
        key: "wide",
        width_px: None,
        height_px: 900,
    },
];

/// Which snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetKind {
    /// The iframe and the loader that sizes it to its content (with a link for pages that run
    /// no scripts).
    AutoHeight,
    /// The iframe alone, at a fixed height; it scrolls inside.
    Plain,
    /// For editors that remove iframes and scripts: the poster image, linked to the explorer.
    Poster,
}

impl SnippetKind {
    pub const ALL: [SnippetKind; 3] = [
        SnippetKind::AutoHeight,
        SnippetKind::Plain,
        SnippetKind::Poster,
    ];

    /// Its catalogue key is `embed.kind_<key>`.
    pub fn key(self) -> &'static str {
        match self {
            SnippetKind::AutoHeight => "auto",
            SnippetKind::Plain => "plain",
            SnippetKind::Poster => "poster",
        }
    }
}

/// The file `cargo xtask build` copies beside the app for host pages.
pub const LOADER_FILE: &str = "elos-embed.js";
/// The still picture of the default view the build writes beside the app.
pub const POSTER_FILE: &str = "poster.svg";
/// The sandbox an Elos frame works under: scripts and its own storage, and links that open in a
/// new, ordinary tab. (`allow-downloads` lets the table's CSV download through.)
pub const SANDBOX: &str =
    "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-downloads";

/// Where a snippet points: the app's folder (absolute, ending in `/`) and the view's query
/// (without `?`, and without the host-look parameters, which the snippet adds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetTarget<'a> {
    pub folder_url: &'a str,
    pub view_query: &'a str,
}

impl SnippetTarget<'_> {
    /// The address of the full explorer for this view.
    pub fn full_url(&self) -> String {
        if self.view_query.is_empty() {
            self.folder_url.to_owned()
        } else {
            format!("{}?{}", self.folder_url, self.view_query)
        }
    }

    /// The address of this view in a frame: `embed=1` first.
    pub fn embed_url(&self) -> String {
        if self.view_query.is_empty() {
            format!("{}?embed=1", self.folder_url)
        } else {
            format!("{}?embed=1&{}", self.folder_url, self.view_query)
        }
    }
}

/// The HTML a webmaster pastes, in the catalogue's language (the frame's title, the link for
/// pages without scripts, the poster's text).
pub fn snippet(kind: SnippetKind, to: &SnippetTarget, size: FrameSize, cat: &Catalogue) -> String {
    let full = escape_html(&to.full_url());
    let open = escape_html(&cat.t("embed.open_full"));
    let width_css = match size.width_px {
        Some(w) => format!("width:100%;max-width:{w}px"),
        None => "width:100%".to_owned(),
    };
    let iframe = |auto: bool| {
        format!(
            "<iframe src=\"{src}\" title=\"{title}\"{marker} style=\"{width_css};height:{h}px;border:0\" \
             loading=\"lazy\" allow=\"fullscreen\" sandbox=\"{SANDBOX}\"></iframe>",
            src = escape_html(&to.embed_url()),
            title = escape_html(&cat.t("embed.frame_title")),
            marker = if auto { " data-elos" } else { "" },
            h = size.height_px,
        )
    };
    match kind {
        SnippetKind::Plain => iframe(false),
        SnippetKind::AutoHeight => format!(
            "{}\n<script src=\"{}\" async></script>\n<noscript><p><a href=\"{full}\">{open}</a></p></noscript>",
            iframe(true),
            escape_html(&format!("{}{LOADER_FILE}", to.folder_url)),
        ),
        SnippetKind::Poster => format!(
            "<p><a href=\"{full}\"><img src=\"{src}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\" \
             style=\"max-width:100%;height:auto;border:0\"><br>{open}</a></p>",
            src = escape_html(&format!("{}{POSTER_FILE}", to.folder_url)),
            alt = escape_html(&cat.t("embed.poster_alt")),
            w = POSTER_WIDTH_PX,
            h = POSTER_HEIGHT_PX,
        ),
    }
}

/// The poster's size in CSS pixels: the world map's own proportions (`geo::world_bounds`).
pub const POSTER_WIDTH_PX: u32 = 1000;
pub const POSTER_HEIGHT_PX: u32 = 523;

/// The frame's height message, Elos' own: `{"type": "elos:size", "version": 1, "height": N,
/// "title": "…"}`. The loader acts on this one only.
pub const SIZE_MESSAGE: &str = "elos:size";
/// What the loader asks a frame that may have spoken before it listened: `{"type":
/// "elos:size?", "version": 1}`.
pub const SIZE_QUERY: &str = "elos:size?";
pub const MESSAGE_VERSION: u32 = 1;
/// Heights the loader accepts (CSS px); anything else is not a page's height.
pub const MIN_HEIGHT_PX: u32 = 100;
pub const MAX_HEIGHT_PX: u32 = 20000;

/// The messages a frame posts to its host when its height changes: Elos' own (an object), the
/// common `{"type": "embed-size", "height": N}` (an object) and Iframely's `iframe.resize` (a
/// JSON string), so CMS plugins that know those resize it too. The first two are JSON text
/// for the page to turn into objects.
pub fn size_messages(height_px: u32, title: &str, href: &str) -> [String; 3] {
    [
        format!(
            "{{\"type\":\"{SIZE_MESSAGE}\",\"version\":{MESSAGE_VERSION},\"height\":{height_px},\"title\":{}}}",
            json_string(title)
        ),
        format!("{{\"type\":\"embed-size\",\"height\":{height_px}}}"),
        format!(
            "{{\"context\":\"iframe.resize\",\"src\":{},\"height\":{height_px}}}",
            json_string(href)
        ),
    ]
}

/// Whether a message's `type` and `version` (as the page read them) are the loader's question.
pub fn is_size_query(kind: Option<&str>, version: Option<f64>) -> bool {
    kind == Some(SIZE_QUERY) && version == Some(f64::from(MESSAGE_VERSION))
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(DIGITS[(u32::from(c) >> 4) as usize]));
                out.push(char::from(DIGITS[(u32::from(c) & 15) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look_of(query: &[(&str, &str)]) -> (HostLook, Vec<(&'static str, String)>) {
        let (look, ignored) = HostLook::from_query(|k| {
            query
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        });
        (
            look,
            ignored.into_iter().map(|i| (i.param, i.value)).collect(),
        )
    }

    /// Each parameter: what it accepts, and what it leaves out (with the default kept).
    #[test]
    fn each_parameter_reads_its_values_and_leaves_out_the_rest() {
        let default = HostLook::default();
        let accent = Rgb::new(0x0b, 0x5c, 0xad);
        /// (query, what it reads, what it leaves out)
        type Case<'a> = (&'a [(&'a str, &'a str)], HostLook, &'a [(&'a str, &'a str)]);
        let cases: Vec<Case> = vec![
            (&[], default, &[]),
            (
                &[("embed", "1")],
                HostLook {
                    embed: true,
                    ..default
                },
                &[],
            ),
            (
                &[("embed", "true")],
                HostLook {
                    embed: true,
                    ..default
                },
                &[],
            ),
            (&[("embed", "0")], default, &[]),
            (&[("embed", "")], default, &[]),
            (&[("embed", "sim")], default, &[("embed", "sim")]),
            (
                &[("scheme", "dark")],
                HostLook {
                    scheme: Scheme::Dark,
                    ..default
                },
                &[],
            ),
            (
                &[("scheme", "Light")],
                HostLook {
                    scheme: Scheme::Light,
                    ..default
                },
                &[],
            ),
            (&[("scheme", "auto")], default, &[]),
            (&[("scheme", "purple")], default, &[("scheme", "purple")]),
            (
                &[("accent", "0b5cad")],
                HostLook {
                    accent: Some(accent),
                    ..default
                },
                &[],
            ),
            (
                &[("accent", "#0B5CAD")],
                HostLook {
                    accent: Some(accent),
                    ..default
                },
                &[],
            ),
            (
                &[("accent", "06c")],
                HostLook {
                    accent: Some(Rgb::new(0, 0x66, 0xcc)),
                    ..default
                },
                &[],
            ),
            (&[("accent", "blue")], default, &[("accent", "blue")]),
            (
                &[("accent", "0b5cad80")],
                default,
                &[("accent", "0b5cad80")],
            ),
            (&[("accent", "0b5cag")], default, &[("accent", "0b5cag")]),
            (&[("accent", "+b5cad")], default, &[("accent", "+b5cad")]),
            (
                &[("transparent", "1")],
                HostLook {
                    transparent: true,
                    ..default
                },
                &[],
            ),
            (&[("transparent", "no")], default, &[]),
            (&[("transparent", "2")], default, &[("transparent", "2")]),
            (
                &[("lang", "es")],
                HostLook {
                    lang: Some("es"),
                    ..default
                },
                &[],
            ),
            (
                &[("lang", "pt-br")],
                HostLook {
                    lang: Some("pt-BR"),
                    ..default
                },
                &[],
            ),
            (&[("lang", "klingon")], default, &[("lang", "klingon")]),
            (
                &[
                    ("embed", "1"),
                    ("scheme", "neon"),
                    ("accent", "ffcc00"),
                    ("transparent", "x"),
                ],
                HostLook {
                    embed: true,
                    accent: Some(Rgb::new(0xff, 0xcc, 0)),
                    ..default
                },
                &[("transparent", "x"), ("scheme", "neon")],
            ),
        ];
        for (query, look, ignored) in cases {
            let expected: Vec<(&'static str, String)> = ignored
                .iter()
                .map(|(p, v)| {
                    let name = NAMES.iter().chain(&["lang"]).find(|n| *n == p).unwrap();
                    (*name, (*v).to_owned())
                })
                .collect();
            assert_eq!(look_of(query), (look, expected), "{query:?}");
        }
    }

    #[test]
    fn the_look_goes_back_into_the_address_and_reads_the_same() {
        let look = HostLook {
            embed: true,
            scheme: Scheme::Dark,
            accent: Some(Rgb::new(0xff, 0xcc, 0)),
            transparent: true,
            lang: None,
        };
        let query = look.to_query();
        assert_eq!(
            query,
            [
                ("embed", "1".to_owned()),
                ("scheme", "dark".to_owned()),
                ("accent", "ffcc00".to_owned()),
                ("transparent", "1".to_owned())
            ]
        );
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(look_of(&pairs), (look, vec![]));
        assert!(HostLook::default().to_query().is_empty());
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let close = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(close(contrast_ratio(Rgb::BLACK, Rgb::WHITE), 21.0));
        assert!(close(contrast_ratio(Rgb::WHITE, Rgb::WHITE), 1.0));
        // WebAIM's contrast checker: #767676 on white is 4.54:1, #777777 is 4.48:1.
        assert!(close(
            contrast_ratio(Rgb::new(0x76, 0x76, 0x76), Rgb::WHITE),
            4.54
        ));
        assert!(close(
            contrast_ratio(Rgb::new(0x77, 0x77, 0x77), Rgb::WHITE),
            4.48
        ));
        // The page's own accent on white: 6.67:1.
        assert!(close(
            contrast_ratio(Rgb::new(0x0b, 0x5c, 0xad), Rgb::WHITE),
            6.67
        ));
        assert_eq!(
            contrast_ratio(Rgb::new(1, 2, 3), Rgb::new(200, 100, 50)),
            contrast_ratio(Rgb::new(200, 100, 50), Rgb::new(1, 2, 3))
        );
    }

    /// Every colour on a grid of the whole cube: text on it and the accent as text keep AA.
    #[test]
    fn any_accent_keeps_text_at_aa() {
        let steps = [0u8, 17, 51, 85, 119, 128, 153, 187, 204, 221, 238, 255];
        for r in steps {
            for g in steps {
                for b in steps {
                    let accent = Rgb::new(r, g, b);
                    let colours = AccentColours::new(accent);
                    assert_eq!(colours.fill, accent);
                    assert!(
                        contrast_ratio(colours.on_fill, accent) >= AA_TEXT_RATIO,
                        "{accent:?}"
                    );
                    for s in LIGHT_SURFACES {
                        assert!(contrast_ratio(colours.ink_light, s) >= AA_TEXT_RATIO);
                    }
                    for s in DARK_SURFACES {
                        assert!(contrast_ratio(colours.ink_dark, s) >= AA_TEXT_RATIO);
                    }
                }
            }
        }
    }

    #[test]
    fn text_colour_and_ink_are_the_expected_ones() {
        // Yellow takes black text, navy white.
        assert_eq!(text_on(Rgb::new(0xff, 0xcc, 0)), Rgb::BLACK);
        assert_eq!(text_on(Rgb::new(0, 0, 0x80)), Rgb::WHITE);
        // A dark accent already reads on light surfaces: kept as it is.
        let navy = Rgb::new(0x0b, 0x5c, 0xad);
        assert_eq!(ink_on(navy, &LIGHT_SURFACES, Rgb::BLACK), navy);
        // Yellow is darkened just enough: AA, and one step less would not be.
        let yellow = Rgb::new(0xff, 0xcc, 0);
        let ink = ink_on(yellow, &LIGHT_SURFACES, Rgb::BLACK);
        let worst = |c: Rgb| {
            LIGHT_SURFACES
                .iter()
                .map(|s| contrast_ratio(c, *s))
                .fold(f64::MAX, f64::min)
        };
        assert!(worst(ink) >= AA_TEXT_RATIO && worst(ink) < 5.0, "{ink:?}");
        assert!(ink.r < yellow.r && ink.b == 0);
        assert_eq!(
            AccentColours::new(navy).css_variables()[0],
            ("--accent", "#0b5cad".to_owned())
        );
    }

    /// The surfaces the rule checks against are the stylesheet's.
    #[test]
    fn surfaces_are_the_stylesheet_colours() {
        let css = include_str!("../../../style/main.css");
        for (name, light, dark) in [("--panel", 0, 0), ("--bg", 1, 1), ("--sea", 2, 2)] {
            assert!(
                css.contains(&format!("{name}: {};", LIGHT_SURFACES[light].css())),
                "{name} light"
            );
            assert!(
                css.contains(&format!("{name}: {};", DARK_SURFACES[dark].css())),
                "{name} dark"
            );
        }
    }

    /// `scheme=dark` gives exactly what a dark system setting gives.
    #[test]
    fn forced_dark_is_the_system_dark() {
        let css = include_str!("../../../style/main.css");
        let declarations = |from: &str| -> Vec<String> {
            let start = css.find(from).unwrap() + from.len();
            let end = start + css[start..].find('}').unwrap();
            css[start..end]
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let system = declarations(":root:not(.scheme-light) {");
        assert!(system.len() > 15, "{system:?}");
        assert_eq!(system, declarations(":root.scheme-dark {\n"));
    }

    #[test]
    fn layout_follows_the_frame_width_only_when_embedded() {
        assert_eq!(layout(true, 320.0), Layout::Compact);
        assert_eq!(layout(true, 600.0), Layout::Compact);
        assert_eq!(layout(true, 601.0), Layout::Full);
        assert_eq!(layout(true, 1280.0), Layout::Full);
        assert_eq!(layout(true, 0.0), Layout::Full, "hidden: not known yet");
        assert_eq!(layout(false, 320.0), Layout::Full);
    }

    #[test]
    fn short_list_puts_sister_cities_first_oldest_first() {
        let ds = crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap();
        let ipatinga = ds.city_by_id("ipatinga").unwrap();
        let all = crate::links::links(&ds, crate::links::HomeChoice::One(ipatinga));
        let list = short_list(&ds, &all, SHORT_LIST_LEN);
        assert_eq!(list.len(), SHORT_LIST_LEN.min(all.len()));
        let first = ds.cooperation(list[0].cooperation);
        assert_eq!(first.kind, LinkKind::SisterCity);
        assert_eq!(first.id, "ipatinga-kitakyushu", "the oldest sister city");
        let kinds: Vec<bool> = list
            .iter()
            .map(|l| ds.cooperation(l.cooperation).kind == LinkKind::SisterCity)
            .collect();
        assert!(kinds.windows(2).all(|w| w[0] >= w[1]), "{kinds:?}");
        assert_eq!(short_list(&ds, &all, 2).len(), 2);
    }

    fn cat(lang: &str) -> Catalogue {
        Catalogue::all()
            .into_iter()
            .find(|c| c.lang == lang)
            .unwrap()
    }

    #[test]
    fn snippets_point_at_the_view_and_escape_everything() {
        let to = SnippetTarget {
            folder_url: "https://www.example.gov.br/ri/elos/",
            view_query: "lang=en&city=ipatinga",
        };
        assert_eq!(
            to.embed_url(),
            "https://www.example.gov.br/ri/elos/?embed=1&lang=en&city=ipatinga"
        );
        let en = cat("en");
        let auto = snippet(SnippetKind::AutoHeight, &to, SIZES[0], &en);
        assert!(auto.starts_with(
            "<iframe src=\"https://www.example.gov.br/ri/elos/?embed=1&amp;lang=en&amp;city=ipatinga\""
        ));
        assert!(auto.contains(" data-elos "));
        assert!(auto.contains("max-width:400px;height:620px"));
        assert!(auto.contains(&format!("sandbox=\"{SANDBOX}\"")));
        assert!(auto.contains(
            "<script src=\"https://www.example.gov.br/ri/elos/elos-embed.js\" async></script>"
        ));
        assert!(auto.contains(
            "<noscript><p><a href=\"https://www.example.gov.br/ri/elos/?lang=en&amp;city=ipatinga\">"
        ));
        assert!(auto.contains(&format!(
            "title=\"{}\"",
            escape_html(&en.t("embed.frame_title"))
        )));
        let plain = snippet(SnippetKind::Plain, &to, SIZES[2], &en);
        assert!(!plain.contains("<script") && !plain.contains("data-elos"));
        assert!(plain.contains("style=\"width:100%;height:900px;border:0\""));
        let poster = snippet(SnippetKind::Poster, &to, SIZES[1], &cat("pt-BR"));
        assert!(!poster.contains("<iframe") && !poster.contains("<script"));
        assert!(poster.contains("<img src=\"https://www.example.gov.br/ri/elos/poster.svg\""));
        // The frame's title is in the reader's language.
        assert_ne!(
            snippet(SnippetKind::Plain, &to, SIZES[0], &cat("es")),
            snippet(SnippetKind::Plain, &to, SIZES[0], &en)
        );
        let hostile = SnippetTarget {
            folder_url: "https://a.example/\"><script>x</script>/",
            view_query: "q=<b>'",
        };
        for kind in SnippetKind::ALL {
            let html = snippet(kind, &hostile, SIZES[0], &en);
            assert!(
                !html.contains("<b>") && !html.contains("\"><script>x"),
                "{html}"
            );
        }
    }

    #[test]
    fn size_messages_are_json_in_three_shapes() {
        let [own, common, iframely] = size_messages(812, "Elos \"map\"\n", "https://a/?x=1");
        assert_eq!(
            own,
            r#"{"type":"elos:size","version":1,"height":812,"title":"Elos \"map\"\u000a"}"#
        );
        assert_eq!(common, r#"{"type":"embed-size","height":812}"#);
        assert_eq!(
            iframely,
            r#"{"context":"iframe.resize","src":"https://a/?x=1","height":812}"#
        );
        for text in [own, common, iframely] {
            assert!(crate::json::parse(&text).is_ok(), "{text}");
        }
        assert!(is_size_query(Some("elos:size?"), Some(1.0)));
        assert!(!is_size_query(Some("elos:size?"), Some(2.0)));
        assert!(!is_size_query(Some("elos:size"), Some(1.0)));
        assert!(!is_size_query(None, None));
    }

    /// The loader in the host page keeps this module's names and limits.
    #[test]
    fn the_loader_speaks_the_same_protocol() {
        let js = include_str!("../../../public/elos-embed.js");
        for expected in [
            format!("var SIZE_MESSAGE = \"{SIZE_MESSAGE}\";"),
            format!("var SIZE_QUERY = \"{SIZE_QUERY}\";"),
            format!("var VERSION = {MESSAGE_VERSION};"),
            format!("var MIN_HEIGHT_PX = {MIN_HEIGHT_PX};"),
            format!("var MAX_HEIGHT_PX = {MAX_HEIGHT_PX};"),
        ] {
            assert!(js.contains(&expected), "elos-embed.js lacks `{expected}`");
        }
        assert!(
            js.len() < 4096,
            "the loader stays a few KB: {} bytes",
            js.len()
        );
    }
}
