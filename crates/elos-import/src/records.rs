//! Files → records: the office's spreadsheet (the template's columns), a TimelineJS sheet, a
//! Wikidata query result (JSON or CSV). Each becomes the same plain records, still as written,
//! so that one place ([`crate::assemble`]) decides what every cell means.

use std::collections::HashMap;

use elos_core::json::{self, Document, Node, Value};
use elos_core::search::fold;

use crate::cell::{parse_decimal, read_cell, Cell};
use crate::columns::{read_header, Column, Header};
use crate::decode::decode;
use crate::geocode::PlaceInput;
use crate::report::{Code, Entry};
use crate::sheet;

/// Where a record comes from: the file's index and the 1-based line its row starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct At {
    pub file: usize,
    pub line: u64,
}

/// One link as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkRecord {
    pub at: At,
    /// The language the sheet is written in (a catalogue tag).
    pub lang: &'static str,
    pub home: PlaceInput,
    pub home_wikidata_id: Option<String>,
    pub partner: PlaceInput,
    /// Names in other languages (Wikidata labels), besides `partner.written` in `lang`.
    pub partner_names: Vec<(String, String)>,
    pub partner_wikidata_id: Option<String>,
    pub kind: String,
    pub start: String,
    pub end: String,
    pub status: String,
    pub themes: String,
    pub description: String,
    pub instrument: String,
    pub instrument_date: String,
    pub source: String,
    pub source_url: String,
    pub accessed: String,
    pub source_note: String,
    /// The link comes from the Wikidata statement of this home city (named so): the source's
    /// title is written from the catalogue, in the dataset's languages.
    pub wikidata_source: Option<String>,
}

/// One dated event of a home city, as written (from a TimelineJS sheet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventRecord {
    pub at: At,
    pub lang: &'static str,
    pub home: PlaceInput,
    pub date: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub source_url: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileRecords {
    pub links: Vec<LinkRecord>,
    pub events: Vec<EventRecord>,
    pub entries: Vec<Entry>,
    /// A title the file gives the dataset (TimelineJS' title row).
    pub title: Option<String>,
    pub lang: &'static str,
}

/// What the whole import knows beyond the files: the city a TimelineJS sheet is about, or
/// the home city of a sheet without a "city" column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Defaults {
    pub home: String,
    pub home_country: String,
    /// The language of text in files that do not say (Wikidata labels, TimelineJS).
    pub lang: &'static str,
}

fn entry(at: At, code: Code, read: &str, params: Vec<(&'static str, String)>) -> Entry {
    Entry {
        file: Some(at.file),
        line: at.line,
        code,
        read: read.to_owned(),
        params,
        candidates: Vec::new(),
    }
}

/// Reads one file, whatever it is.
pub fn read_file(file: usize, bytes: &[u8], defaults: &Defaults) -> FileRecords {
    let (text, encoding) = decode(bytes);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return read_wikidata_json(file, &text, defaults);
    }
    let sheet = sheet::read(&text);
    let whole = At { file, line: 0 };
    let mut out = FileRecords {
        lang: defaults.lang,
        ..FileRecords::default()
    };
    if sheet.rows.is_empty() {
        out.entries.push(entry(whole, Code::FileEmpty, "", vec![]));
        return out;
    }
    let separator = match sheet.delimiter {
        b';' => "“;”",
        b'\t' => "tab",
        _ => "“,”",
    };
    // Wikidata's variable names (`partner_pt`) are matched as written, lower-cased: folding
    // would turn their underscores into spaces.
    let first: Vec<String> = sheet.rows[0]
        .cells
        .iter()
        .map(|c| c.trim().to_lowercase())
        .collect();
    let has = |name: &str| first.iter().any(|c| c == name);
    if has("year") && has("headline") {
        out.entries.push(entry(
            whole,
            Code::FileTimelinejs,
            "",
            vec![("city", defaults.home.clone())],
        ));
        read_timelinejs(file, &sheet, defaults, &mut out);
    } else if has("partner") && (has("partner_pt") || has("partnerlabel") || has("partner_en")) {
        let table: Vec<(u64, HashMap<String, String>)> = sheet.rows[1..]
            .iter()
            .map(|r| {
                let map = first.iter().cloned().zip(r.cells.iter().cloned()).collect();
                (r.line, map)
            })
            .collect();
        out.entries.push(entry(
            whole,
            Code::FileWikidata,
            "",
            vec![("rows", table.len().to_string())],
        ));
        read_wikidata_rows(file, table, defaults, &mut out);
    } else {
        read_template(file, &sheet, defaults, &mut out);
        out.entries.insert(
            0,
            entry(
                whole,
                Code::FileRead,
                "",
                vec![
                    ("encoding", encoding.key().to_owned()),
                    ("separator", separator.to_owned()),
                    ("language", out.lang.to_owned()),
                    ("rows", out.links.len().to_string()),
                ],
            ),
        );
    }
    out
}

/// The header is the first of the top rows that names at least two known columns (a sheet may
/// have a title row above it).
fn find_header(sheet: &sheet::Sheet) -> Option<(usize, Header)> {
    sheet.rows.iter().take(10).enumerate().find_map(|(i, row)| {
        let h = read_header(&row.cells);
        (h.columns.iter().flatten().count() >= 2).then_some((i, h))
    })
}

fn read_template(file: usize, sheet: &sheet::Sheet, defaults: &Defaults, out: &mut FileRecords) {
    let whole = At { file, line: 0 };
    let Some((header_ix, header)) = find_header(sheet).filter(|(_, h)| h.has(Column::Partner))
    else {
        out.entries
            .push(entry(whole, Code::NoPartnerColumn, "", vec![]));
        return;
    };
    out.lang = header.lang;
    for unknown in &header.unknown {
        out.entries.push(entry(
            At {
                file,
                line: sheet.rows[header_ix].line,
            },
            Code::UnknownColumn,
            unknown,
            vec![],
        ));
    }
    for row in &sheet.rows[header_ix + 1..] {
        let at = At {
            file,
            line: row.line,
        };
        for (raw, column) in row.cells.iter().zip(&header.columns) {
            if column.is_some() && raw.starts_with('=') {
                out.entries.push(entry(at, Code::Formula, raw, vec![]));
            }
        }
        let get = |column: Column| -> Cell {
            header
                .index(column)
                .and_then(|i| row.cells.get(i))
                .map_or_else(Cell::default, |raw| read_cell(raw))
        };
        let home = get(Column::Home);
        let home_country = get(Column::HomeCountry);
        let partner = get(Column::Partner);
        let partner_country = get(Column::PartnerCountry);
        let partner_region = get(Column::PartnerRegion);
        let geonames = get(Column::PartnerGeonamesId);
        let wikidata = get(Column::PartnerWikidataId);
        let lat = get(Column::PartnerLatitude);
        let lon = get(Column::PartnerLongitude);
        let source = get(Column::Source);
        let source_url = get(Column::SourceUrl);
        let instrument = get(Column::Instrument);
        let coordinates = match (lat.text.is_empty(), lon.text.is_empty()) {
            (true, true) => None,
            _ => match (parse_decimal(&lat.text), parse_decimal(&lon.text)) {
                (Some(la), Some(lo)) if la.abs() <= 90.0 && lo.abs() <= 180.0 => Some((la, lo)),
                _ => {
                    out.entries.push(entry(
                        at,
                        Code::BadCoordinates,
                        &partner.text,
                        vec![("lat", lat.text.clone()), ("lon", lon.text.clone())],
                    ));
                    None
                }
            },
        };
        let (home_written, home_country) = if home.text.is_empty() {
            (defaults.home.clone(), defaults.home_country.clone())
        } else {
            (home.text, home_country.text)
        };
        out.links.push(LinkRecord {
            at,
            lang: header.lang,
            home: PlaceInput {
                written: home_written,
                country: home_country,
                ..PlaceInput::default()
            },
            home_wikidata_id: None,
            partner: PlaceInput {
                written: partner.text,
                country: partner_country.text,
                region: partner_region.text,
                geonames_id: geonames.text.trim().parse().ok(),
                coordinates,
            },
            partner_names: Vec::new(),
            partner_wikidata_id: Some(wikidata.text).filter(|w| !w.is_empty()),
            kind: get(Column::Kind).text,
            start: get(Column::Start).text,
            end: get(Column::End).text,
            status: get(Column::Status).text,
            themes: get(Column::Themes).text,
            description: get(Column::Description).text,
            instrument: instrument.text,
            instrument_date: get(Column::InstrumentDate).text,
            // A source cell that is a link gives both the title and the address.
            source_url: source_url
                .url
                .or(Some(source_url.text))
                .filter(|u| !u.is_empty())
                .or(source.url)
                .unwrap_or_default(),
            source: source.text,
            accessed: get(Column::Accessed).text,
            source_note: get(Column::SourceNote).text,
            wikidata_source: None,
        });
    }
}

/// TimelineJS' template (Year, Month, Day, …, Headline, Text, Media, Media Credit, …, Type):
/// every dated row becomes an event of the home city; the row typed "title" names the dataset.
fn read_timelinejs(file: usize, sheet: &sheet::Sheet, defaults: &Defaults, out: &mut FileRecords) {
    let names: Vec<String> = sheet.rows[0].cells.iter().map(|c| fold(c)).collect();
    let col = |name: &str| names.iter().position(|n| n == name);
    let (year, month, day) = (col("year"), col("month"), col("day"));
    let (headline, text, media, credit, kind) = (
        col("headline"),
        col("text"),
        col("media"),
        col("media credit"),
        col("type"),
    );
    for row in &sheet.rows[1..] {
        let at = At {
            file,
            line: row.line,
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .map_or_else(Cell::default, |c| read_cell(c))
        };
        if fold(&cell(kind).text) == "title" {
            out.title = Some(cell(headline).text).filter(|t| !t.is_empty());
            out.entries
                .push(entry(at, Code::TitleRow, &cell(headline).text, vec![]));
            continue;
        }
        let (y, m, d) = (cell(year).text, cell(month).text, cell(day).text);
        let date = match (m.parse::<u8>().ok(), d.parse::<u8>().ok()) {
            (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y}-{m:02}"),
            _ => y.clone(),
        };
        let media = cell(media);
        let media_url = media.url.unwrap_or(media.text);
        out.events.push(EventRecord {
            at,
            lang: defaults.lang,
            home: PlaceInput {
                written: defaults.home.clone(),
                country: defaults.home_country.clone(),
                ..PlaceInput::default()
            },
            date,
            title: strip_tags(&cell(headline).text),
            description: strip_tags(&cell(text).text),
            source: cell(credit).text,
            source_url: if media_url.starts_with("http") {
                media_url
            } else {
                String::new()
            },
        });
    }
}

/// TimelineJS text may hold HTML; the dataset holds plain text.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_wikidata_json(file: usize, text: &str, defaults: &Defaults) -> FileRecords {
    let mut out = FileRecords {
        lang: defaults.lang,
        ..FileRecords::default()
    };
    let whole = At { file, line: 0 };
    let doc = json::parse(text.trim_start_matches('\u{feff}')).ok();
    let bindings = doc.as_ref().and_then(|doc| {
        let results = member(doc, doc.root(), "results")?;
        match &member(doc, results, "bindings")?.value {
            Value::Array(items) => Some((doc, doc.items(*items))),
            _ => None,
        }
    });
    let Some((doc, bindings)) = bindings else {
        out.entries
            .push(entry(whole, Code::FileNotWikidata, "", vec![]));
        return out;
    };
    let table: Vec<(u64, HashMap<String, String>)> = bindings
        .iter()
        .map(|b| {
            let mut map = HashMap::new();
            if let Value::Object(members) = &b.value {
                for m in doc.members(*members) {
                    if let Some(v) = member(doc, &m.value, "value") {
                        if let Value::String(s) = &v.value {
                            map.insert(m.key.to_lowercase(), s.as_ref().to_owned());
                        }
                    }
                }
            }
            (u64::from(b.at.line), map)
        })
        .collect();
    out.entries.push(entry(
        whole,
        Code::FileWikidata,
        "",
        vec![("rows", table.len().to_string())],
    ));
    read_wikidata_rows(file, table, defaults, &mut out);
    out
}

fn member<'d, 'a>(doc: &'d Document<'a>, node: &Node<'a>, key: &str) -> Option<&'d Node<'a>> {
    match &node.value {
        Value::Object(members) => doc
            .members(*members)
            .iter()
            .find(|m| m.key == key)
            .map(|m| &m.value),
        _ => None,
    }
}

/// "http://www.wikidata.org/entity/Q1234" → "Q1234".
fn wikidata_id(uri: &str) -> Option<String> {
    let id = uri.rsplit('/').next()?;
    (id.starts_with('Q') && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_owned())
}

/// "Point(130.85 33.85)" → (latitude, longitude).
fn wkt_point(text: &str) -> Option<(f64, f64)> {
    let inner = text.trim().strip_prefix("Point(")?.strip_suffix(')')?;
    let mut parts = inner.split_whitespace();
    let lon: f64 = parts.next()?.parse().ok()?;
    let lat: f64 = parts.next()?.parse().ok()?;
    (lat.abs() <= 90.0 && lon.abs() <= 180.0).then_some((lat, lon))
}

/// A Wikidata time ("1978-01-01T00:00:00Z") at its precision (9 year, 10 month, 11 day) as a
/// partial date. Without the precision, a 1 January is taken as a year only: Wikidata stores
/// "1978" as 1978-01-01.
pub fn wikidata_date(time: &str, precision: &str) -> (String, bool) {
    let date = time.trim_start_matches('+');
    let date = date.split('T').next().unwrap_or(date);
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return (time.to_owned(), false);
    };
    match precision.trim() {
        "9" => ((*y).to_owned(), false),
        "10" => (format!("{y}-{m}"), false),
        "11" => (format!("{y}-{m}-{d}"), false),
        "" if *m == "01" && *d == "01" => ((*y).to_owned(), true),
        _ => (format!("{y}-{m}-{d}"), false),
    }
}

fn read_wikidata_rows(
    file: usize,
    table: Vec<(u64, HashMap<String, String>)>,
    defaults: &Defaults,
    out: &mut FileRecords,
) {
    let lang_suffix = |lang: &str| match lang {
        "en" => "en",
        "es" => "es",
        _ => "pt",
    };
    for (line, row) in table {
        let at = At { file, line };
        let get = |k: &str| row.get(k).cloned().unwrap_or_default();
        let labels = |prefix: &str| -> Vec<(String, String)> {
            let mut names = Vec::new();
            for (suffix, tag) in [("pt", "pt-BR"), ("en", "en"), ("es", "es")] {
                let v = get(&format!("{prefix}_{suffix}"));
                if !v.is_empty() {
                    names.push((tag.to_owned(), v));
                }
            }
            let label = get(&format!("{prefix}label"));
            if names.is_empty() && !label.is_empty() && wikidata_id(&label).is_none() {
                names.push((defaults.lang.to_owned(), label));
            }
            names
        };
        let pick = |names: &[(String, String)]| -> String {
            let want = lang_suffix(defaults.lang);
            names
                .iter()
                .find(|(l, _)| l.starts_with(want))
                .or_else(|| names.first())
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        let home_names = labels("city");
        let partner_names = labels("partner");
        let home_id = wikidata_id(&get("city"));
        let partner_id = wikidata_id(&get("partner"));
        let (start, start_year_only) = wikidata_date(&get("start"), &get("start_precision"));
        let (end, end_year_only) = wikidata_date(&get("end"), &get("end_precision"));
        for (flag, written, iso) in [
            (start_year_only, get("start"), &start),
            (end_year_only, get("end"), &end),
        ] {
            if flag {
                out.entries.push(entry(
                    at,
                    Code::DateYearOnly,
                    &written,
                    vec![("date", written.clone()), ("iso", iso.clone())],
                ));
            }
        }
        let home_written = if home_names.is_empty() {
            defaults.home.clone()
        } else {
            pick(&home_names)
        };
        let partner_written = pick(&partner_names);
        let home_label = home_written.clone();
        out.links.push(LinkRecord {
            at,
            lang: defaults.lang,
            home: PlaceInput {
                written: home_written,
                country: Some(get("city_country"))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| defaults.home_country.clone()),
                ..PlaceInput::default()
            },
            home_wikidata_id: home_id.clone(),
            partner: PlaceInput {
                written: partner_written.clone(),
                country: get("partner_country"),
                region: String::new(),
                geonames_id: get("geonames").trim().parse().ok(),
                coordinates: wkt_point(&get("coord")),
            },
            partner_names: partner_names
                .into_iter()
                .filter(|(_, n)| *n != partner_written)
                .collect(),
            partner_wikidata_id: partner_id,
            kind: "sister_city".to_owned(),
            start,
            end,
            wikidata_source: Some(home_label),
            source_url: home_id.map_or_else(String::new, |q| {
                format!("https://www.wikidata.org/wiki/{q}#P190")
            }),
            ..LinkRecord::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wikidata_dates_keep_their_precision() {
        assert_eq!(
            wikidata_date("1978-01-01T00:00:00Z", "9"),
            ("1978".into(), false)
        );
        assert_eq!(
            wikidata_date("2017-03-01T00:00:00Z", "10"),
            ("2017-03".into(), false)
        );
        assert_eq!(
            wikidata_date("2017-03-03T00:00:00Z", "11"),
            ("2017-03-03".into(), false)
        );
        assert_eq!(
            wikidata_date("1978-01-01T00:00:00Z", ""),
            ("1978".into(), true)
        );
        assert_eq!(wikidata_date("", ""), ("".into(), false));
    }

    #[test]
    fn wikidata_values() {
        assert_eq!(
            wikidata_id("http://www.wikidata.org/entity/Q1234").as_deref(),
            Some("Q1234")
        );
        assert_eq!(wikidata_id("Kitakyushu"), None);
        assert_eq!(wkt_point("Point(130.85 33.85)"), Some((33.85, 130.85)));
        assert_eq!(wkt_point("Point(200 0)"), None);
        assert_eq!(
            strip_tags("<p>Visit of <b>the mayor</b></p>"),
            "Visit of the mayor"
        );
    }
}
