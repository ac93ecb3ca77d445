//! The printed brief handed to a visiting delegation ("Print brief"): its content laid out as
//! plain data in one language — title, the partners table (kind, since, status, source), the
//! tour's captions, the data's date — for the page to render into `<article class="brief">`,
//! which `style/print.css` lays out on A4 or Letter.

use crate::date::PartialDate;
use crate::i18n::Catalogue;
use crate::lang::Text;
use crate::links::{self, HomeChoice};
use crate::model::*;
use crate::search::fold;
use crate::tour::Tour;

/// Dataset text with the language it is actually in, so the page can mark it (`lang`) when it
/// is not the brief's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub lang: String,
}

impl Phrase {
    fn of(text: &Text, lang: &str) -> Self {
        match text.pick(lang) {
            Some(p) => Phrase {
                text: p.text.to_owned(),
                lang: p.lang.to_owned(),
            },
            None => Phrase {
                text: String::new(),
                lang: lang.to_owned(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The brief's language (the catalogue's).
    pub lang: String,
    pub title: Phrase,
    /// "Data as of March 2017", when the data's date is known.
    pub as_of: Option<String>,
    /// The same text as a CSS string, for the page footer (`--brief-footer`, set through the
    /// CSSOM): `print.css` prints it on every page where the browser supports page margin
    /// boxes.
    pub footer_css: String,
    pub table: PartnerTable,
    /// The tour's title and its steps' captions, in order.
    pub tour: Option<(Phrase, Vec<Phrase>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerTable {
    /// The table's caption (`table.caption`).
    pub caption: String,
    /// Whether rows have more than one home city, so the home column is worth printing.
    pub show_home: bool,
    /// Header texts: home, partner, kind, since, status, sources (the catalogue's `table.*`,
    /// as the screen table says them).
    pub headers: [String; 6],
    pub rows: Vec<PartnerRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRow {
    pub cooperation: CooperationIx,
    pub home: Phrase,
    pub partner: Phrase,
    /// A partner city's ISO country code, for the page to name in the brief's language
    /// (`Intl.DisplayNames`); `None` for networks and organisations.
    pub country_code: Option<String>,
    /// The link's kind as the table says it (a dataset's own `kind_label` for `other`).
    pub kind: String,
    /// Its start date written with its precision, or "Unknown date".
    pub since: String,
    pub status: String,
    /// Titles and (https) addresses of its sources.
    pub sources: Vec<(String, Option<String>)>,
}

/// Paper sizes the brief is laid out for (`html[data-paper]`, matching `@page` names in
/// `print.css`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// The paper most printers of a region hold: Letter in the Americas' Letter countries
    /// (CLDR's `paperSize` list), A4 elsewhere — Brazil included.
    pub fn for_region(region: &str) -> Self {
        const LETTER: [&str; 14] = [
            "BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE",
        ];
        if LETTER.iter().any(|r| r.eq_ignore_ascii_case(region)) {
            Paper::Letter
        } else {
            Paper::A4
        }
    }

    /// The paper for a browser language such as `en-US` or `pt-BR` (its region subtag); A4
    /// when the tag names no region.
    pub fn for_language_tag(tag: &str) -> Self {
        let region = tag
            .split(['-', '_'])
            .skip(1)
            .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            .unwrap_or("");
        Self::for_region(region)
    }

    /// The `data-paper` attribute's value.
    pub fn key(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

/// The most recent `accessed` date of any source: what the data is known to be as of, when the
/// page knows nothing better (such as the file's `Last-Modified`).
pub fn latest_accessed(ds: &Dataset) -> Option<PartialDate> {
    ds.cooperations
        .iter()
        .flat_map(|c| &c.sources)
        .chain(ds.events.iter().flat_map(|e| &e.sources))
        .filter_map(|s| s.accessed)
        .max()
}

/// Lays out the brief for `home` in `cat`'s language. Rows go by kind (the legend's order),
/// then oldest first (undated last), then partner name; `tour` adds its captions;
/// `dataset_date` (else [`latest_accessed`]) dates it.
pub fn brief(
    ds: &Dataset,
    home: HomeChoice,
    tour: Option<&Tour>,
    cat: &Catalogue,
    dataset_date: Option<PartialDate>,
) -> Brief {
    let lang = cat.lang.as_str();
    let title = match home {
        HomeChoice::One(h) => Phrase {
            text: cat.format("tour.title", &[("city", &ds.city(h).names.show(lang))]),
            lang: lang.to_owned(),
        },
        HomeChoice::All => Phrase::of(&ds.title, lang),
    };
    let as_of = dataset_date
        .or_else(|| latest_accessed(ds))
        .map(|d| cat.format("brief.as_of", &[("date", &cat.date(&d))]));
    let footer = match &as_of {
        Some(date) => format!("{} · {date}", title.text),
        None => title.text.clone(),
    };

    let mut rows: Vec<PartnerRow> = links::links(ds, home)
        .into_iter()
        .map(|l| {
            let coop = ds.cooperation(l.cooperation);
            PartnerRow {
                cooperation: l.cooperation,
                home: Phrase::of(&ds.city(l.home).names, lang),
                partner: Phrase::of(ds.party_names(l.partner), lang),
                country_code: match l.partner {
                    Party::City(c) => Some(ds.city(c).country.clone()),
                    _ => None,
                },
                kind: coop.kind_label.as_ref().map_or_else(
                    || cat.t(&format!("kind.{}", coop.kind.key())),
                    |t| t.show(lang).into_owned(),
                ),
                since: coop
                    .start
                    .map_or_else(|| cat.t("details.date_unknown"), |d| cat.date(&d)),
                status: cat.t(&format!("status.{}", coop.status.key())),
                sources: coop
                    .sources
                    .iter()
                    .map(|s| (s.title.clone(), s.url.clone()))
                    .collect(),
            }
        })
        .collect();
    let kind_order = |ix: CooperationIx| {
        let kind = ds.cooperation(ix).kind;
        LinkKind::ALL.iter().position(|k| *k == kind)
    };
    crate::order::sort_by(&mut rows, |a, b| {
        let start = |r: &PartnerRow| ds.cooperation(r.cooperation).start;
        kind_order(a.cooperation)
            .cmp(&kind_order(b.cooperation))
            .then_with(|| match (start(a), start(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| fold(&a.partner.text).cmp(&fold(&b.partner.text)))
    });
    let show_home = rows.iter().any(|r| r.home != rows[0].home);

    Brief {
        lang: lang.to_owned(),
        title,
        as_of,
        footer_css: css_string(&footer),
        table: PartnerTable {
            caption: cat.t("table.caption"),
            show_home,
            headers: ["home", "partner", "kind", "start", "status", "sources"]
                .map(|k| cat.t(&format!("table.{k}"))),
            rows,
        },
        tour: tour.map(|t| {
            (
                Phrase::of(&t.title, lang),
                t.steps
                    .iter()
                    .map(|s| Phrase::of(&s.caption, lang))
                    .collect(),
            )
        }),
    }
}

/// `text` as a CSS string literal: quotes and backslashes escaped, line breaks as `\A`, so
/// dataset text set as a custom property can never end the string or the declaration.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\A "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_follows_the_region() {
        assert_eq!(Paper::for_region("BR"), Paper::A4);
        assert_eq!(Paper::for_region("US"), Paper::Letter);
        assert_eq!(Paper::for_region("mx"), Paper::Letter);
        assert_eq!(Paper::for_region(""), Paper::A4);
        assert_eq!(Paper::Letter.key(), "letter");
        assert_eq!(Paper::for_language_tag("en-US"), Paper::Letter);
        assert_eq!(Paper::for_language_tag("pt-BR"), Paper::A4);
        assert_eq!(Paper::for_language_tag("es-419"), Paper::A4);
        assert_eq!(Paper::for_language_tag("zh-Hant-TW"), Paper::A4);
        assert_eq!(Paper::for_language_tag("es-Latn-MX"), Paper::Letter);
        assert_eq!(Paper::for_language_tag("en"), Paper::A4);
    }

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("Dados de 2017"), "\"Dados de 2017\"");
        assert_eq!(
            css_string("a\"; } body { x: \\ \n\u{0}b"),
            "\"a\\\"; } body { x: \\\\ \\A b\""
        );
    }
}
