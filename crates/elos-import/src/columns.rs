//! The spreadsheet's columns: their headers in Portuguese, English and Spanish, declared once.
//! The template files, docs/import.md and the reader all come from this table.

use elos_core::search::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Home,
    HomeCountry,
    Partner,
    PartnerCountry,
    PartnerRegion,
    Kind,
    Start,
    End,
    Status,
    Themes,
    Description,
    Instrument,
    InstrumentDate,
    Source,
    SourceUrl,
    Accessed,
    SourceNote,
    PartnerGeonamesId,
    PartnerWikidataId,
    PartnerLatitude,
    PartnerLongitude,
}

/// The languages a sheet can be written in, in catalogue tags.
pub const SHEET_LANGUAGES: [&str; 3] = ["pt-BR", "en", "es"];

/// A column and the headers that name it, per language; the first is the template's.
pub struct ColumnSpec {
    pub column: Column,
    pub pt: &'static [&'static str],
    pub en: &'static [&'static str],
    pub es: &'static [&'static str],
}

impl ColumnSpec {
    pub fn headers(&self, lang: &str) -> &'static [&'static str] {
        match lang {
            "en" => self.en,
            "es" => self.es,
            _ => self.pt,
        }
    }
}

pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        column: Column::Home,
        pt: &["cidade", "município", "cidade de origem"],
        en: &["city", "home city", "municipality"],
        es: &["ciudad", "municipio", "ciudad de origen"],
    },
    ColumnSpec {
        column: Column::HomeCountry,
        pt: &["país", "país da cidade"],
        en: &["country", "home country"],
        es: &["país", "país de la ciudad"],
    },
    ColumnSpec {
        column: Column::Partner,
        pt: &[
            "parceiro",
            "parceira",
            "cidade parceira",
            "cidade-irmã",
            "contraparte",
        ],
        en: &["partner", "partner city", "sister city", "counterpart"],
        es: &["socio", "contraparte", "ciudad socia", "ciudad hermana"],
    },
    ColumnSpec {
        column: Column::PartnerCountry,
        pt: &["país do parceiro", "país parceiro", "país da parceira"],
        en: &["partner country", "partner's country"],
        es: &["país del socio", "país de la contraparte"],
    },
    ColumnSpec {
        column: Column::PartnerRegion,
        pt: &[
            "estado ou província do parceiro",
            "região do parceiro",
            "estado do parceiro",
        ],
        en: &[
            "partner state or province",
            "partner region",
            "partner state",
        ],
        es: &[
            "estado o provincia del socio",
            "región del socio",
            "provincia del socio",
        ],
    },
    ColumnSpec {
        column: Column::Kind,
        pt: &["tipo", "tipo de vínculo", "tipo de relação"],
        en: &["kind", "type", "link type"],
        es: &["tipo", "tipo de vínculo", "tipo de relación"],
    },
    ColumnSpec {
        column: Column::Start,
        pt: &["início", "data de início", "desde", "ano"],
        en: &["start", "start date", "since", "year"],
        es: &["inicio", "fecha de inicio", "desde", "año"],
    },
    ColumnSpec {
        column: Column::End,
        pt: &["fim", "término", "data de término", "data final"],
        en: &["end", "end date"],
        es: &["fin", "fecha de fin", "fecha de término"],
    },
    ColumnSpec {
        column: Column::Status,
        pt: &["situação", "status"],
        en: &["status", "state of the link"],
        es: &["estado", "situación"],
    },
    ColumnSpec {
        column: Column::Themes,
        pt: &["temas", "áreas", "áreas de cooperação"],
        en: &["themes", "topics", "areas"],
        es: &["temas", "áreas de cooperación"],
    },
    ColumnSpec {
        column: Column::Description,
        pt: &["descrição", "objeto", "observações"],
        en: &["description", "purpose", "notes"],
        es: &["descripción", "objeto", "observaciones"],
    },
    ColumnSpec {
        column: Column::Instrument,
        pt: &["instrumento", "instrumento legal", "lei"],
        en: &["instrument", "legal instrument", "law"],
        es: &["instrumento", "instrumento legal", "ley"],
    },
    ColumnSpec {
        column: Column::InstrumentDate,
        pt: &["data do instrumento"],
        en: &["instrument date"],
        es: &["fecha del instrumento"],
    },
    ColumnSpec {
        column: Column::Source,
        pt: &["fonte"],
        en: &["source"],
        es: &["fuente"],
    },
    ColumnSpec {
        column: Column::SourceUrl,
        pt: &["url da fonte", "link da fonte", "url", "link"],
        en: &["source url", "source link", "url", "link"],
        es: &["url de la fuente", "enlace de la fuente", "url", "enlace"],
    },
    ColumnSpec {
        column: Column::Accessed,
        pt: &["acesso em", "consultado em", "data de acesso"],
        en: &["accessed", "accessed on", "retrieved"],
        es: &["consultado", "consultado el", "fecha de consulta"],
    },
    ColumnSpec {
        column: Column::SourceNote,
        pt: &["nota da fonte"],
        en: &["source note"],
        es: &["nota de la fuente"],
    },
    ColumnSpec {
        column: Column::PartnerGeonamesId,
        pt: &["geonames do parceiro", "geonames"],
        en: &["partner geonames id", "geonames id", "geonames"],
        es: &["geonames del socio", "geonames"],
    },
    ColumnSpec {
        column: Column::PartnerWikidataId,
        pt: &["wikidata do parceiro", "wikidata"],
        en: &["partner wikidata id", "wikidata id", "wikidata"],
        es: &["wikidata del socio", "wikidata"],
    },
    ColumnSpec {
        column: Column::PartnerLatitude,
        pt: &["latitude do parceiro", "latitude", "lat"],
        en: &["partner latitude", "latitude", "lat"],
        es: &["latitud del socio", "latitud", "lat"],
    },
    ColumnSpec {
        column: Column::PartnerLongitude,
        pt: &["longitude do parceiro", "longitude", "lon", "lng"],
        en: &["partner longitude", "longitude", "lon", "lng"],
        es: &["longitud del socio", "longitud", "lon", "lng"],
    },
];

/// The header row read: which column each cell is, the sheet's language, and the headers
/// nobody knows (reported, their cells ignored).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub columns: Vec<Option<Column>>,
    pub lang: &'static str,
    pub unknown: Vec<String>,
}

impl Header {
    pub fn index(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    pub fn has(&self, column: Column) -> bool {
        self.index(column).is_some()
    }
}

fn normalise(header: &str) -> String {
    fold(header.trim().trim_end_matches(':'))
        .replace(['_', '*'], " ")
        .trim()
        .to_owned()
}

/// Reads a header row. The language is the one whose words name the most columns (ties go to
/// Portuguese, the product's first language); a header matches in any language.
pub fn read_header(cells: &[String]) -> Header {
    let mut score = [0usize; 3];
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for cell in cells {
        let h = normalise(cell);
        let mut found = None;
        for spec in COLUMNS {
            for (i, lang) in SHEET_LANGUAGES.iter().enumerate() {
                if spec.headers(lang).iter().any(|w| normalise(w) == h) {
                    score[i] += 1;
                    found = found.or(Some(spec.column));
                }
            }
        }
        // "país" is both the Portuguese and the Spanish home-country header, "estado" is
        // Spanish for status but Portuguese for a state: the first table entry that matches
        // wins, and that is the documented meaning.
        if found.is_some() && columns.contains(&found) {
            found = None;
        }
        if found.is_none() && !h.is_empty() {
            unknown.push(cell.clone());
        }
        columns.push(found);
    }
    let best = (0..3)
        .max_by_key(|&i| (score[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    Header {
        columns,
        lang: SHEET_LANGUAGES[best],
        unknown,
    }
}

/// The template's header row in a language.
pub fn template_headers(lang: &str) -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.headers(lang)[0]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_headers_in_three_languages() {
        let pt = read_header(&cells(&[
            "Cidade",
            "País",
            "Parceiro",
            "País do parceiro",
            "Tipo",
            "Início",
            "Situação",
            "Fonte",
        ]));
        assert_eq!(pt.lang, "pt-BR");
        assert_eq!(pt.index(Column::PartnerCountry), Some(3));
        assert_eq!(pt.index(Column::Status), Some(6));
        let en = read_header(&cells(&[
            "City",
            "Partner",
            "Partner country",
            "Kind",
            "Start",
            "Source",
            "Source URL",
        ]));
        assert_eq!(en.lang, "en");
        assert_eq!(en.index(Column::SourceUrl), Some(6));
        let es = read_header(&cells(&[
            "Ciudad",
            "Socio",
            "País del socio",
            "Tipo",
            "Inicio",
            "Estado",
            "Fuente",
            "Color",
        ]));
        assert_eq!(es.lang, "es");
        assert_eq!(es.index(Column::Status), Some(5));
        assert_eq!(es.unknown, ["Color"]);
    }

    #[test]
    fn every_language_has_a_header_for_every_column_and_they_do_not_clash() {
        for lang in SHEET_LANGUAGES {
            let headers = template_headers(lang);
            let read = read_header(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
            assert_eq!(read.lang, lang, "{headers:?}");
            let got: Vec<Column> = read.columns.iter().map(|c| c.unwrap()).collect();
            let want: Vec<Column> = COLUMNS.iter().map(|c| c.column).collect();
            assert_eq!(got, want, "{lang}");
        }
    }
}
