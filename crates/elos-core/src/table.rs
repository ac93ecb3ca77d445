//! The table view's columns, its sorting and its CSV export. The app fills the cells with text
//! in the UI language; sorting and CSV writing are plain functions over those cells, so the
//! downloaded file is exactly the rows on screen, in the same order.

use std::cmp::Ordering;

use crate::date::PartialDate;
use crate::search::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Home,
    Partner,
    Country,
    Kind,
    Start,
    End,
    Status,
    Sources,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Home,
        Column::Partner,
        Column::Country,
        Column::Kind,
        Column::Start,
        Column::End,
        Column::Status,
        Column::Sources,
    ];

    /// Used in the URL (`sort=-start`) and the catalogue (`table.start`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Home => "home",
            Column::Partner => "partner",
            Column::Country => "country",
            Column::Kind => "kind",
            Column::Start => "start",
            Column::End => "end",
            Column::Status => "status",
            Column::Sources => "sources",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// The table's order: a column, ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    /// Oldest link first: the order a person reads a city's history in.
    fn default() -> Self {
        Sort {
            column: Column::Start,
            descending: false,
        }
    }
}

impl Sort {
    /// `"start"` ascending, `"-start"` descending.
    pub fn parse(text: &str) -> Option<Self> {
        let (descending, key) = match text.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, text),
        };
        Column::from_key(key).map(|column| Sort { column, descending })
    }

    pub fn key(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.column.key()
        )
    }

    /// The order after a click on `column`'s header: the same column flips, another starts
    /// ascending.
    pub fn clicked(self, column: Column) -> Self {
        Sort {
            column,
            descending: self.column == column && !self.descending,
        }
    }
}

/// One table row: the text of each column (in [`Column::ALL`] order) and the dates, which
/// sort by time rather than by their text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    /// What the row stands for (the app keeps its link here).
    pub item: T,
    pub cells: Vec<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
}

fn by_date(a: Option<PartialDate>, b: Option<PartialDate>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.earliest().cmp(&b.earliest()),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts rows in place, stably: text ignoring accents and case, dates by time. Rows without a
/// date stay last in both directions, as "unknown" is not earlier or later than anything.
pub fn sort_rows<T>(rows: &mut Vec<Row<T>>, sort: Sort) {
    // The text that orders rows: the column's own, or the partner's to break ties between dates.
    let text_column = match sort.column {
        Column::Start | Column::End => Column::Partner.index(),
        column => column.index(),
    };
    let flip = |o: Ordering| if sort.descending { o.reverse() } else { o };
    // Folding allocates, so each row's text is folded once here, not twice per comparison
    // (that took ~0.3 s for 26,000 rows).
    let mut keyed: Vec<(String, Row<T>)> = rows
        .drain(..)
        .map(|r| (fold(&r.cells[text_column]), r))
        .collect();
    crate::order::sort_by(&mut keyed, |(folded_a, a), (folded_b, b)| {
        let by_text = || {
            folded_a
                .cmp(folded_b)
                .then_with(|| a.cells[text_column].cmp(&b.cells[text_column]))
        };
        match sort.column {
            Column::Start | Column::End => {
                let (da, db) = if sort.column == Column::Start {
                    (a.start, b.start)
                } else {
                    (a.end, b.end)
                };
                match (da, db) {
                    (Some(_), Some(_)) => flip(by_date(da, db)),
                    _ => by_date(da, db),
                }
                .then_with(by_text)
            }
            _ => flip(by_text()),
        }
    });
    rows.extend(keyed.into_iter().map(|(_, r)| r));
}

/// The table's rows for the shown links, cells in the catalogue's language, in `sort`'s
/// order. `country_name` names an ISO code in that language (the page asks the browser's
/// `Intl.DisplayNames`; `None` shows the code).
pub fn link_rows(
    ds: &crate::model::Dataset,
    links: &[crate::links::Link],
    cat: &crate::i18n::Catalogue,
    country_name: impl Fn(&str) -> Option<String>,
    sort: Sort,
) -> Vec<Row<crate::links::Link>> {
    use crate::model::Party;
    let lang = cat.lang.as_str();
    let mut rows: Vec<Row<crate::links::Link>> = links
        .iter()
        .map(|l| {
            let coop = ds.cooperation(l.cooperation);
            let country = match l.partner {
                Party::City(c) => {
                    let iso = &ds.city(c).country;
                    country_name(iso).unwrap_or_else(|| iso.clone())
                }
                _ => "—".to_owned(),
            };
            let cells = Column::ALL
                .iter()
                .map(|c| match c {
                    Column::Home => ds.city(l.home).names.show(lang).into_owned(),
                    Column::Partner => ds.party_names(l.partner).show(lang).into_owned(),
                    Column::Country => country.clone(),
                    Column::Kind => crate::describe::kind_name(cat, coop),
                    Column::Start => coop
                        .start
                        .map_or_else(|| cat.t("details.date_unknown"), |d| cat.date(&d)),
                    Column::End => coop.end.map_or_else(String::new, |d| cat.date(&d)),
                    Column::Status => cat.t(&format!("status.{}", coop.status.key())),
                    Column::Sources => coop
                        .sources
                        .iter()
                        .map(|s| s.title.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                })
                .collect();
            Row {
                item: *l,
                cells,
                start: coop.start,
                end: coop.end,
            }
        })
        .collect();
    sort_rows(&mut rows, sort);
    rows
}

/// One CSV field: quoted when it holds a comma, quote or line break. A field that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) gets
/// a leading apostrophe, so a hostile dataset cannot plant a formula in a clerk's spreadsheet.
/// The bidi isolates the page wraps some names in for display (`lang::isolate`) are not data
/// and are left out first: they would otherwise hide a formula's `=` from this guard.
fn csv_field(text: &str) -> String {
    let text = crate::lang::without_isolates(text);
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The table as CSV (RFC 4180: comma separated, CRLF line ends), header first, with a UTF-8
/// byte-order mark so spreadsheet programs read accents right.
pub fn to_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for line in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the standard sort is the reference"
)]
mod tests {
    use super::*;

    fn row(partner: &str, start: Option<&str>) -> Row<usize> {
        Row {
            item: 0,
            cells: vec![
                "Home".into(),
                partner.into(),
                String::new(),
                String::new(),
                start.unwrap_or("?").into(),
                String::new(),
                String::new(),
                String::new(),
            ],
            start: start.map(|s| PartialDate::parse(s).unwrap()),
            end: None,
        }
    }

    fn partners(rows: &[Row<usize>]) -> Vec<&str> {
        rows.iter().map(|r| r.cells[1].as_str()).collect()
    }

    #[test]
    fn sorts_text_ignoring_accents_and_case() {
        let mut rows = vec![
            row("Zurique", None),
            row("Évora", None),
            row("bogotá", None),
            row("Assunção", None),
        ];
        sort_rows(&mut rows, Sort::parse("partner").unwrap());
        assert_eq!(partners(&rows), ["Assunção", "bogotá", "Évora", "Zurique"]);
        sort_rows(&mut rows, Sort::parse("-partner").unwrap());
        assert_eq!(partners(&rows), ["Zurique", "Évora", "bogotá", "Assunção"]);
    }

    #[test]
    fn sorts_dates_by_time_with_undated_last_both_ways() {
        let mut rows = vec![
            row("A", Some("2009")),
            row("B", None),
            row("C", Some("1978-05")),
            row("D", Some("2009-01-15")),
        ];
        sort_rows(&mut rows, Sort::default());
        assert_eq!(partners(&rows), ["C", "A", "D", "B"]);
        sort_rows(&mut rows, Sort::parse("-start").unwrap());
        // "2009" counts from its first day, so 15 January 2009 is later.
        assert_eq!(partners(&rows), ["D", "A", "C", "B"]);
    }

    #[test]
    fn sorting_matches_comparing_folded_text_directly() {
        let names = [
            "Évora",
            "evora",
            "Zurique",
            "bogotá",
            "Bogota",
            "Ōsaka",
            "osaka",
            "Assunção",
        ];
        let dates = [None, Some("2009"), Some("1978-05"), Some("2009-01-15")];
        let rows: Vec<Row<usize>> = (0..64)
            .map(|i| {
                let mut r = row(names[i * 5 % names.len()], dates[i * 3 % dates.len()]);
                r.item = i;
                r.cells[3] = names[i * 7 % names.len()].to_owned();
                r
            })
            .collect();
        for key in [
            "partner", "-partner", "kind", "-kind", "start", "-start", "end",
        ] {
            let sort = Sort::parse(key).unwrap();
            let mut fast = rows.clone();
            sort_rows(&mut fast, sort);
            // The rule written the slow, obvious way: fold inside the comparison.
            let by_text = |a: &str, b: &str| fold(a).cmp(&fold(b)).then_with(|| a.cmp(b));
            let flip = |o: Ordering| if sort.descending { o.reverse() } else { o };
            let mut slow = rows.clone();
            slow.sort_by(|a, b| match sort.column {
                Column::Start | Column::End => {
                    let (da, db) = if sort.column == Column::Start {
                        (a.start, b.start)
                    } else {
                        (a.end, b.end)
                    };
                    match (da, db) {
                        (Some(_), Some(_)) => flip(by_date(da, db)),
                        _ => by_date(da, db),
                    }
                    .then_with(|| by_text(&a.cells[1], &b.cells[1]))
                }
                c => flip(by_text(&a.cells[c.index()], &b.cells[c.index()])),
            });
            let items = |rows: &[Row<usize>]| rows.iter().map(|r| r.item).collect::<Vec<_>>();
            assert_eq!(items(&fast), items(&slow), "{key}");
        }
    }

    #[test]
    fn header_clicks_flip_then_switch() {
        let s = Sort::default().clicked(Column::Start);
        assert_eq!(s.key(), "-start");
        assert_eq!(s.clicked(Column::Start).key(), "start");
        assert_eq!(s.clicked(Column::Partner).key(), "partner");
        assert_eq!(Sort::parse("-nope"), None);
    }

    #[test]
    fn csv_quotes_and_guards_fields() {
        let csv = to_csv(
            &["Parceiro".into(), "Fontes".into()],
            &[
                vec!["Kitakyushu, Japão".into(), "Diz \"sim\"".into()],
                vec!["=HYPERLINK(\"x\")".into(), "linha 1\nlinha 2".into()],
                vec!["-1".into(), "@SUM".into()],
            ],
        );
        assert_eq!(
            csv,
            "\u{feff}Parceiro,Fontes\r\n\
             \"Kitakyushu, Japão\",\"Diz \"\"sim\"\"\"\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",\"linha 1\nlinha 2\"\r\n\
             '-1,'@SUM\r\n"
        );
    }

    /// What a hostile dataset may put in a name or source title (OWASP's CSV injection list,
    /// and the page's own display isolates around a right-to-left payload).
    #[test]
    fn csv_neutralises_formula_payloads() {
        let payloads = [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            (
                "@SUM(1+9)*cmd|' /C calc'!A0",
                "'@SUM(1+9)*cmd|' /C calc'!A0",
            ),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\"'\r=1+1\""),
            (
                "=HYPERLINK(\"https://evil.example\",\"x\")",
                "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"",
            ),
            ("\u{2068}=1+1 \u{0645}\u{2069}", "'=1+1 \u{0645}"),
            ("\u{2068}\u{202E}=1+1\u{2069}", "\u{202E}=1+1"),
            ("<script>alert(1)</script>", "<script>alert(1)</script>"),
            ("Kitakyushu", "Kitakyushu"),
        ];
        for (cell, written) in payloads {
            let csv = to_csv(&["x".into()], &[vec![cell.into()]]);
            assert_eq!(csv, format!("\u{feff}x\r\n{written}\r\n"), "{cell:?}");
        }
    }
}
