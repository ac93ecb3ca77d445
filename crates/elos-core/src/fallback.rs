//! The links of a dataset as plain HTML, written into `index.html` at build time: what a reader
//! without JavaScript, a search engine, or a browser where WebAssembly fails to start sees
//! instead of the map and the timeline.
//!
//! **Invariant:** every piece of dataset text goes through [`escape_html`] and sits in its own
//! `<bdi>`, so no name can add markup or reverse the text around it.

use crate::i18n::Catalogue;
use crate::lang::Text;
use crate::links::{links, HomeChoice};
use crate::model::{Dataset, Party};

/// The id of the hidden section the loader reveals when the app cannot start.
pub const FALLBACK_ID: &str = "elos-fallback";

/// Links listed, at most: past it, a sentence counts the others and links to the data file
/// (`data_href`). The list is written into every page load twice (`<noscript>` and the hidden
/// fallback): a twin-city list of 26,000 links made 9 MB of each.
pub const LISTED_LINKS: usize = 500;

/// `<noscript>` with the list, for readers and crawlers without JavaScript.
pub fn noscript_html(ds: &Dataset, cat: &Catalogue, data_href: &str) -> String {
    format!(
        "<noscript><section class=\"fallback\" lang=\"{lang}\"><p>{message}</p>{list}</section></noscript>",
        lang = escape_html(&cat.lang),
        message = escape_html(&cat.t("fallback.no_script")),
        list = links_html(ds, cat, data_href),
    )
}

/// The same list in a hidden section, with the message for a browser where WebAssembly is
/// missing or the app failed to start; the loader removes `hidden` then.
pub fn hidden_fallback_html(ds: &Dataset, cat: &Catalogue, data_href: &str) -> String {
    format!(
        "<section id=\"{FALLBACK_ID}\" class=\"fallback\" lang=\"{lang}\" hidden><p>{message}</p>{list}</section>",
        lang = escape_html(&cat.lang),
        message = escape_html(&cat.t("fallback.no_wasm")),
        list = links_html(ds, cat, data_href),
    )
}

/// Per home city, a heading and a list: partner (country), kind, since when, sources; the
/// first [`LISTED_LINKS`] links, then how many more there are, in the data file `data_href`.
pub fn links_html(ds: &Dataset, cat: &Catalogue, data_href: &str) -> String {
    let ui = cat.lang.as_str();
    let mut out = format!("<h2>{}</h2>", data_text(&ds.title, ui));
    let mut listed = 0;
    let mut cut = false;
    // Links listed, each once: a link between two home cities is under both.
    let mut seen = std::collections::BTreeSet::new();
    for &home in &ds.home_cities {
        if listed >= LISTED_LINKS {
            cut = true;
            break;
        }
        let city = data_text(&ds.city(home).names, ui);
        let heading = cat.format("fallback.home", &[("city", "\u{E000}")]);
        out.push_str(&format!(
            "<h3>{}</h3><ul>",
            escape_html(&heading).replace('\u{E000}', &city)
        ));
        let home_links = links(ds, HomeChoice::One(home));
        if home_links.is_empty() {
            out.push_str(&format!(
                "<li>{}</li>",
                escape_html(&cat.t("fallback.none"))
            ));
        }
        for link in home_links {
            if listed >= LISTED_LINKS {
                cut = true;
                break;
            }
            listed += 1;
            let home_party = Party::City(home);
            seen.insert((
                link.cooperation.0,
                home_party.min(link.partner),
                home_party.max(link.partner),
            ));
            let coop = ds.cooperation(link.cooperation);
            let mut item = data_text(ds.party_names(link.partner), ui);
            if let Party::City(partner) = link.partner {
                item.push_str(&format!(" ({})", escape_html(&ds.city(partner).country)));
            }
            let kind = match &coop.kind_label {
                Some(label) => data_text(label, ui),
                None => escape_html(&cat.t(&format!("kind.{}", coop.kind.key()))),
            };
            let since = match &coop.start {
                Some(date) => cat.format("fallback.since", &[("date", &cat.date(date))]),
                None => cat.t("fallback.undated"),
            };
            item.push_str(&format!(" — {kind} · {}", escape_html(&since)));
            let sources: Vec<String> = coop
                .sources
                .iter()
                .map(|source| {
                    let title = format!("<bdi>{}</bdi>", escape_html(&source.title));
                    match &source.url {
                        // The loader accepts only https URLs, so no `javascript:` reaches here.
                        Some(url) if url.starts_with("https://") => format!(
                            "<a href=\"{}\" rel=\"external noopener noreferrer\">{title}</a>",
                            escape_html(url)
                        ),
                        _ => title,
                    }
                })
                .collect();
            if !sources.is_empty() {
                item.push_str(&format!(
                    " · {} {}",
                    escape_html(&cat.t("fallback.source")),
                    sources.join("; ")
                ));
            }
            out.push_str(&format!("<li>{item}</li>"));
        }
        out.push_str("</ul>");
    }
    let unlisted = if cut {
        links(ds, HomeChoice::All).len().saturating_sub(seen.len())
    } else {
        0
    };
    if unlisted > 0 {
        out.push_str(&format!(
            "<p>{} <a href=\"{}\">{}</a></p>",
            escape_html(&cat.plural("fallback.more", unlisted as u64, &[])),
            escape_html(data_href),
            escape_html(data_href)
        ));
    }
    out
}

/// The dataset's title as HTML in the catalogue's language, for the frame `index.html` paints
/// before the app starts (its subtitle, which the app's header then shows too).
pub fn title_html(ds: &Dataset, cat: &Catalogue) -> String {
    data_text(&ds.title, &cat.lang)
}

/// Dataset text in the reader's language, escaped, isolated for direction, and marked with
/// its own language when it is not the page's.
fn data_text(text: &Text, ui: &str) -> String {
    match text.pick(ui) {
        Some(picked) if picked.lang.eq_ignore_ascii_case(ui) => {
            format!("<bdi>{}</bdi>", escape_html(picked.text))
        }
        Some(picked) => format!(
            "<bdi lang=\"{}\">{}</bdi>",
            escape_html(picked.lang),
            escape_html(picked.text)
        ),
        None => String::new(),
    }
}

/// Text safe inside an element or a double- or single-quoted attribute. NUL, which HTML
/// parsers drop or replace, becomes U+FFFD here so what is shown is what is written.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt() -> Catalogue {
        Catalogue::all().into_iter().next().unwrap()
    }

    fn dataset(text: &str) -> Dataset {
        let loaded = crate::load(text);
        loaded
            .dataset
            .unwrap_or_else(|| panic!("{:?}", loaded.problems))
    }

    const HOSTILE: &str = r#"{
  "format": 1,
  "title": {"pt-BR": "Relações de <b>Ipatinga</b> & cia"},
  "languages": ["pt-BR"],
  "home_cities": ["ipatinga"],
  "cities": [
    {"id": "ipatinga", "names": {"pt-BR": "Ipatinga</h3><script>alert(1)</script>"}, "country": "BR", "lon_deg": -42.5, "lat_deg": -19.4},
    {"id": "evil", "names": {"en": "\"><img src=x onerror=alert(1)> \u202Egnp.exe", "ar": "مدينة"}, "country": "JP", "lon_deg": 130.8, "lat_deg": 33.8}
  ],
  "cooperations": [
    {"id": "c1", "kind": "sister_city", "parties": ["ipatinga", "evil"], "start": "1978",
     "sources": [{"title": "<svg onload=alert(1)>", "url": "https://example.org/?a=1&b=\"2\""}]}
  ]
}"#;

    /// A big dataset lists its first links and says how many more there are, and where.
    #[test]
    fn a_long_list_stops_at_the_limit_and_points_at_the_data_file() {
        let ds = crate::load(include_str!(
            "../../../tests/data/synthetic/links-5000.json"
        ))
        .dataset
        .unwrap();
        // The 5,000 links have one home city each: none is listed twice.
        let total = links(&ds, HomeChoice::All).len();
        assert!(total > LISTED_LINKS);
        let html = noscript_html(&ds, &pt(), "data/big.json");
        assert_eq!(html.matches("<li>").count(), LISTED_LINKS);
        let more = crate::i18n::Catalogue::all()[0].plural(
            "fallback.more",
            (total - LISTED_LINKS) as u64,
            &[],
        );
        assert!(more.contains("relações"), "{more}");
        assert!(
            html.contains(&format!(
                "<p>{} <a href=\"data/big.json\">data/big.json</a></p>",
                escape_html(&more)
            )),
            "{}",
            &html[html.len() - 400..]
        );
        // The example is short: every link, no sentence.
        let example = noscript_html(
            &dataset(include_str!("../../../public/data/example.json")),
            &pt(),
            "data/example.json",
        );
        assert!(!example.contains("data/example.json"));
    }

    #[test]
    fn the_title_is_escaped_and_isolated() {
        assert_eq!(
            title_html(&dataset(HOSTILE), &pt()),
            "<bdi>Relações de &lt;b&gt;Ipatinga&lt;/b&gt; &amp; cia</bdi>"
        );
    }

    #[test]
    fn markup_in_names_is_text() {
        let html = links_html(&dataset(HOSTILE), &pt(), "data/example.json");
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<svg"));
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("Relações de &lt;b&gt;Ipatinga&lt;/b&gt; &amp; cia"),
            "{html}"
        );
        assert!(
            html.contains("Ipatinga&lt;/h3&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("<bdi lang=\"en\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; \u{202E}gnp.exe</bdi> (JP)"), "{html}");
        assert!(html.contains("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\" rel=\"external noopener noreferrer\"><bdi>&lt;svg onload=alert(1)&gt;</bdi></a>"), "{html}");
        assert!(html.contains("Cidade-irmã · desde 1978"), "{html}");
        // Only the elements written here: every '<' opens one of them.
        let tags: Vec<&str> = html
            .split('<')
            .skip(1)
            .map(|rest| rest.split([' ', '>']).next().unwrap())
            .collect();
        for tag in tags {
            assert!(
                ["h2", "/h2", "h3", "/h3", "ul", "/ul", "li", "/li", "bdi", "/bdi", "a", "/a"]
                    .contains(&tag),
                "unexpected <{tag}> in {html}"
            );
        }
    }

    #[test]
    fn noscript_and_hidden_section_carry_the_same_list() {
        let ds = dataset(HOSTILE);
        let list = links_html(&ds, &pt(), "data/example.json");
        let noscript = noscript_html(&ds, &pt(), "data/example.json");
        let hidden = hidden_fallback_html(&ds, &pt(), "data/example.json");
        assert!(noscript.starts_with("<noscript>") && noscript.ends_with("</noscript>"));
        assert!(noscript.contains(&list) && hidden.contains(&list));
        assert!(hidden.starts_with(
            "<section id=\"elos-fallback\" class=\"fallback\" lang=\"pt-BR\" hidden>"
        ));
        assert!(hidden.contains("WebAssembly"));
    }

    #[test]
    fn escapes_everything_that_can_open_markup() {
        assert_eq!(
            escape_html("<a href='x'>&\"\0"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\u{FFFD}"
        );
    }

    #[test]
    fn the_example_lists_every_link() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/data/example.json"
        ))
        .unwrap();
        let ds = dataset(&text);
        let html = links_html(&ds, &pt(), "data/example.json");
        let items = html.matches("<li>").count();
        let expected: usize = ds
            .home_cities
            .iter()
            .map(|&h| links(&ds, HomeChoice::One(h)).len().max(1))
            .sum();
        assert_eq!(items, expected);
        assert!(
            html.contains("Kitakyushu") || html.contains("北九州"),
            "{html}"
        );
        assert!(html.contains("desde 1978"));
    }
}
