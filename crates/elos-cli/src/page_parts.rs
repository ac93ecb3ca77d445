//! `elos page-parts`: what `cargo xtask build` writes into `index.html`, made by the core so
//! that xtask stays free of it (xtask is std-only and must run even when the core does not
//! build). Checks the site configuration and the default dataset — a build with either broken
//! fails — then writes into the output folder:
//!
//! - `connect-src.txt`: the Content-Security-Policy's `connect-src` sources;
//! - `site.json`: the configuration in canonical form, for the `#elos-site` element;
//! - `default-dataset.txt`: the default dataset's path, for the preload link;
//! - `title.html`: the default dataset's title in the default language, escaped, for the
//!   subtitle of the frame painted before the app starts (the app's own subtitle shows the same
//!   title);
//! - `noscript.html` and `fallback.html`: the list of links for readers without JavaScript
//!   and for a browser where the app cannot start;
//! - `poster.svg`: a still picture of the default view, for the no-script embedding snippet
//!   (made from `world.svg` in the public folder);
//! - `first-map.html` and `first-timeline.html`: the default view's map (the world outline
//!   framed on the links, and their arcs, markers and labels) and timeline, drawn into the page
//!   so that they are painted before the app starts (`elos_core::first_view`; the timeline's
//!   "today" is the build's date);
//! - `first-map-note.html`: the note under that map when its arcs are drawn solid (or nothing);
//! - `first-count.html`: the filter bar's count of links shown in that view;
//! - `first-legend.html`: the legend and the list of networks and organisations beside (or, on a
//!   narrow screen, under) that map, so the timeline is painted where the app will draw it.

use std::fs;
use std::path::{Path, PathBuf};

use elos_core::embed::POSTER_FILE;
use elos_core::fallback::{escape_html, hidden_fallback_html, noscript_html, title_html};
use elos_core::first_view::{first_count_html, first_map, first_timeline_html};
use elos_core::i18n::{Catalogue, DEFAULT_LANG};
use elos_core::poster::poster_svg;
use elos_core::problem::{Level, Problem};
use elos_core::site::{parse_site_config, SiteConfig};

struct Options {
    site: PathBuf,
    public: PathBuf,
    out: PathBuf,
}

fn parse(words: Vec<String>) -> Result<Options, String> {
    let mut site = None;
    let mut public = None;
    let mut out = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let slot = match word.as_str() {
            "--site" => &mut site,
            "--public" => &mut public,
            "--out" => &mut out,
            other => return Err(format!("unexpected argument '{other}'")),
        };
        *slot = Some(PathBuf::from(
            words.next().ok_or(format!("{word} needs a path"))?,
        ));
    }
    Ok(Options {
        site: site.ok_or("--site is required")?,
        public: public.ok_or("--public is required")?,
        out: out.ok_or("--out is required")?,
    })
}

pub fn run(words: Vec<String>) -> Result<(), String> {
    let options = parse(words)?;
    let catalogues = Catalogue::all();
    let catalogue = catalogues
        .iter()
        .find(|c| c.lang == DEFAULT_LANG)
        .ok_or("no default catalogue")?;

    let config = site_config(&options.site, catalogue)?;
    let dataset_path = options.public.join(&config.default_dataset);
    let text = fs::read_to_string(&dataset_path).map_err(|e| {
        format!(
            "cannot read the default dataset {}: {e}",
            dataset_path.display()
        )
    })?;
    let loaded = elos_core::load(&text);
    let Some(dataset) = loaded.dataset else {
        return Err(problems_text(&dataset_path, &loaded.problems, catalogue));
    };

    fs::create_dir_all(&options.out)
        .map_err(|e| format!("cannot create {}: {e}", options.out.display()))?;
    let write = |name: &str, text: &str| {
        let path = options.out.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write("connect-src.txt", &config.connect_src())?;
    write("site.json", &config.to_json())?;
    write("default-dataset.txt", &config.default_dataset)?;
    write("title.html", &title_html(&dataset, catalogue))?;
    write(
        "noscript.html",
        &noscript_html(&dataset, catalogue, &config.default_dataset),
    )?;
    write(
        "fallback.html",
        &hidden_fallback_html(&dataset, catalogue, &config.default_dataset),
    )?;
    let world_path = options.public.join("world.svg");
    let world = fs::read_to_string(&world_path)
        .map_err(|e| format!("cannot read {}: {e}", world_path.display()))?;
    let poster = poster_svg(&world, &dataset, catalogue)
        .map_err(|e| format!("{}: {e}", world_path.display()))?;
    write(POSTER_FILE, &poster)?;
    let map = first_map(&dataset, &catalogues);
    let framed = map
        .world_svg(&world)
        .ok_or_else(|| format!("{}: no <svg viewBox=\"…\"> root", world_path.display()))?;
    write("first-map.html", &format!("{framed}{}", map.layers_svg))?;
    write("first-map-note.html", &map.note_html)?;
    write("first-count.html", &first_count_html(&dataset, &catalogues))?;
    write("first-legend.html", &map.legend_html)?;
    let lanes = first_timeline_html(&dataset, &catalogues, today());
    let timeline = if lanes.is_empty() {
        String::new()
    } else {
        format!(
            "<section class=\"timeline-pane boot-first\"><h2 class=\"pane-title\">{}</h2>\
             <div class=\"timeline-wrap boot-timeline\">{lanes}</div></section>",
            escape_html(&catalogue.t("timeline.title"))
        )
    };
    write("first-timeline.html", &timeline)?;
    Ok(())
}

/// Now as a fractional year (`timeline::year_fraction`), from the system clock.
fn today() -> f64 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (year, month0) = year_month(days as i64);
    elos_core::timeline::year_fraction(year, month0)
}

/// The year and month (0–11) of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn year_month(days: i64) -> (i32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, (month - 1) as u32)
}

/// The configuration in `path`, or the defaults (own site only) when there is no such file.
fn site_config(path: &Path, catalogue: &Catalogue) -> Result<SiteConfig, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let parsed = parse_site_config(&text);
    parsed
        .config
        .ok_or_else(|| problems_text(path, &parsed.problems, catalogue))
}

fn problems_text(path: &Path, problems: &[Problem], catalogue: &Catalogue) -> String {
    let lines: Vec<String> = problems
        .iter()
        .filter(|p| p.level() == Level::Error)
        .map(|p| {
            let place =
                p.at.map_or(String::new(), |a| format!(":{}:{}", a.line, a.column));
            format!(
                "{}{place}: {}[{}] {}: {}",
                path.display(),
                p.level().key(),
                p.code.key(),
                p.path,
                catalogue.problem(p)
            )
        })
        .collect();
    format!(
        "{} is not ready to publish:\n{}",
        path.display(),
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("elos-page-parts-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("public/data")).unwrap();
        dir
    }

    fn run_in(dir: &Path) -> Result<(), String> {
        let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
        run(vec![
            "--site".into(),
            path("elos-site.json"),
            "--public".into(),
            path("public"),
            "--out".into(),
            path("out"),
        ])
    }

    #[test]
    fn writes_every_part_from_the_example() {
        let dir = temp("ok");
        let example = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/data/example.json"
        );
        fs::copy(example, dir.join("public/data/example.json")).unwrap();
        let world = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/world.svg");
        fs::copy(world, dir.join("public/world.svg")).unwrap();
        fs::write(
            dir.join("elos-site.json"),
            r#"{"format": 1, "data_sources": ["https://dados.city.gov.br/elos/"]}"#,
        )
        .unwrap();
        run_in(&dir).unwrap();
        let read = |name: &str| fs::read_to_string(dir.join("out").join(name)).unwrap();
        assert_eq!(
            read("connect-src.txt"),
            "'self' https://dados.city.gov.br/elos/"
        );
        assert_eq!(read("default-dataset.txt"), "data/example.json");
        assert!(read("site.json").contains("https://dados.city.gov.br/elos/"));
        assert!(read("noscript.html").starts_with("<noscript>"));
        assert!(read("fallback.html").contains("id=\"elos-fallback\""));
        assert_eq!(
            read("title.html"),
            "<bdi>Exemplo: relações internacionais de Ipatinga, Belo Horizonte e Jundiaí</bdi>"
        );
        assert!(read("poster.svg").starts_with("<svg xmlns="));
        let map = read("first-map.html");
        assert!(map.contains("id=\"world\"") && map.contains("data-world-view=\"0 -18 1000 523\""));
        assert!(map.contains("<svg class=\"boot-layers"));
        assert!(read("first-timeline.html").contains("1978: Kitakyushu"));
        assert!(read("first-legend.html").contains(">Mercocidades</span>"));
        assert!(read("first-count.html").starts_with("<p class=\"result-count "));
        assert_eq!(
            read("first-map-note.html"),
            "",
            "the example's few arcs are dashed"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn days_become_years_and_months() {
        assert_eq!(year_month(0), (1970, 0));
        assert_eq!(year_month(59), (1970, 2), "1 March 1970");
        assert_eq!(year_month(11_016), (2000, 1), "29 February 2000");
        assert_eq!(year_month(20_790), (2026, 11), "3 December 2026");
        assert_eq!(year_month(-1), (1969, 11));
    }

    #[test]
    fn a_broken_configuration_or_dataset_fails_with_positions() {
        let dir = temp("broken");
        fs::write(dir.join("public/data/example.json"), "{}").unwrap();
        fs::write(
            dir.join("elos-site.json"),
            "{\"format\": 1,\n \"data_sources\": [\"http://a.example/\"]}",
        )
        .unwrap();
        let error = run_in(&dir).unwrap_err();
        assert!(
            error.contains("elos-site.json:2:19: error[invalid-source]"),
            "{error}"
        );
        fs::write(dir.join("elos-site.json"), "{\"format\": 1}").unwrap();
        let error = run_in(&dir).unwrap_err();
        assert!(
            error.contains("example.json:1:1: error[missing-field]"),
            "{error}"
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
