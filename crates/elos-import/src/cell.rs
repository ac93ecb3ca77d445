//! What a clerk's cell means: formulas read as text, decimal commas, and dates written the
//! ways people write them (`1978`, `03/03/2017`, `2017-03-03`, `mar. 2017`, `3 de março de 2017`).

use elos_core::date::PartialDate;
use elos_core::search::fold;

/// A cell's text after formulas are read as text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    /// The address of a `=HYPERLINK(url; text)` cell.
    pub url: Option<String>,
    /// The cell held a formula (`=…`) that was not evaluated.
    pub formula: bool,
}

/// Reads a cell. A formula is never evaluated: `=HYPERLINK("https://…";"Lei 8.763")` gives the
/// text and the address, `="007"` gives `007`, and any other formula is kept as written, so a
/// spreadsheet cannot make the importer compute anything.
pub fn read_cell(raw: &str) -> Cell {
    let raw = raw.trim();
    let Some(formula) = raw.strip_prefix('=') else {
        return Cell {
            text: raw.to_owned(),
            ..Cell::default()
        };
    };
    let strings = string_literals(formula);
    let name: String = formula
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .collect::<String>()
        .to_ascii_uppercase();
    // HYPERLINK in English, HIPERLINK in Portuguese, HIPERVINCULO in Spanish spreadsheets.
    if matches!(
        name.as_str(),
        "HYPERLINK" | "HIPERLINK" | "HIPERVINCULO" | "HIPERVÍNCULO"
    ) {
        if let Some(url) = strings.first() {
            let text = strings.get(1).unwrap_or(url).clone();
            return Cell {
                text,
                url: Some(url.clone()),
                formula: true,
            };
        }
    }
    if name.is_empty() && strings.len() == 1 && formula.trim().starts_with('"') {
        return Cell {
            text: strings[0].clone(),
            url: None,
            formula: true,
        };
    }
    Cell {
        text: raw.to_owned(),
        url: None,
        formula: true,
    }
}

/// The `"…"` literals of a formula, with `""` read as one quote.
fn string_literals(formula: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = formula.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    s.push('"');
                } else {
                    break;
                }
            } else {
                s.push(c);
            }
        }
        out.push(s);
    }
    out
}

/// A decimal number written with `.` or `,` (`-19,4683`), as coordinates are typed in Brazil.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() || t.matches('.').count() > 1 {
        return None;
    }
    let ok = t
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if !ok {
        return None;
    }
    t.parse().ok().filter(|x: &f64| x.is_finite())
}

/// How a date was read, when the report should say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReading {
    Plain,
    /// `03/04/2017`: both numbers could be the month; read day first, as in Portuguese and Spanish.
    DayFirstAssumed,
    /// `03/13/2017`: 13 cannot be a month, so it was read month first (United States order).
    MonthFirst,
}

/// Month names and abbreviations in Portuguese, Spanish and English (folded).
const MONTHS: [&[&str]; 12] = [
    &["janeiro", "jan", "enero", "ene", "january"],
    &["fevereiro", "fev", "febrero", "feb", "february"],
    &["marco", "mar", "marzo", "march"],
    &["abril", "abr", "april", "apr"],
    &["maio", "mai", "mayo", "may"],
    &["junho", "jun", "junio", "june"],
    &["julho", "jul", "julio", "july"],
    &["agosto", "ago", "august", "aug"],
    &[
        "setembro",
        "set",
        "septiembre",
        "setiembre",
        "sep",
        "sept",
        "september",
    ],
    &["outubro", "out", "octubre", "oct", "october"],
    &["novembro", "nov", "noviembre", "november"],
    &["dezembro", "dez", "diciembre", "dic", "december", "dec"],
];

fn month_of(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u8 + 1)
}

/// Parses a date as a clerk writes it, keeping its precision; `None` when it is not a date
/// (the caller reports the cell as written).
pub fn parse_date(text: &str) -> Option<(PartialDate, DateReading)> {
    let text = text.trim();
    if let Ok(d) = PartialDate::parse(text) {
        return Some((d, DateReading::Plain));
    }
    let numbers: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    if numbers.len() > 1
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return numeric_date(&numbers);
    }
    // Words: "mar. 2017", "março de 2017", "3 de março de 2017", "March 3, 2017".
    let folded = fold(text).replace([',', '/', '-', '.'], " ");
    let tokens: Vec<&str> = folded
        .split_whitespace()
        .filter(|t| !matches!(*t, "de" | "del" | "of" | "the" | "em" | "en" | "in"))
        .collect();
    let num = |t: &str| -> Option<u32> {
        let t = t
            .trim_end_matches(['º', 'o', 'ª'])
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (day, month, year) = match tokens.as_slice() {
        [m, y] => (None, month_of(m), num(y).filter(|_| y.len() == 4)),
        [d, m, y] if month_of(m).is_some() => {
            (num(d), month_of(m), num(y).filter(|_| y.len() == 4))
        }
        [m, d, y] if month_of(m).is_some() => {
            (num(d), month_of(m), num(y).filter(|_| y.len() == 4))
        }
        _ => return None,
    };
    let (Some(month), Some(year)) = (month, year) else {
        return None;
    };
    let iso = match day {
        Some(d) => format!("{year:04}-{month:02}-{d:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    PartialDate::parse(&iso)
        .ok()
        .map(|d| (d, DateReading::Plain))
}

fn numeric_date(parts: &[&str]) -> Option<(PartialDate, DateReading)> {
    let n = |s: &str| s.parse::<u32>().ok();
    let (iso, reading) = match parts {
        // 2017/03/03 and 2017/03
        [y, m, d] if y.len() == 4 => (format!("{y}-{:02}-{:02}", n(m)?, n(d)?), DateReading::Plain),
        [y, m] if y.len() == 4 => (format!("{y}-{:02}", n(m)?), DateReading::Plain),
        // 03/2017
        [m, y] if y.len() == 4 => (format!("{y}-{:02}", n(m)?), DateReading::Plain),
        [a, b, y] if y.len() == 4 => {
            let (a, b) = (n(a)?, n(b)?);
            if a > 12 || a == b {
                (format!("{y}-{b:02}-{a:02}"), DateReading::Plain)
            } else if b > 12 {
                (format!("{y}-{a:02}-{b:02}"), DateReading::MonthFirst)
            } else {
                (format!("{y}-{b:02}-{a:02}"), DateReading::DayFirstAssumed)
            }
        }
        _ => return None,
    };
    PartialDate::parse(&iso).ok().map(|d| (d, reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> String {
        parse_date(text).map_or_else(|| "error".into(), |(d, _)| d.to_string())
    }

    #[test]
    fn formulas_are_text() {
        let link = read_cell(r#"=HYPERLINK("https://example.org/lei";"Lei nº 8.763")"#);
        assert_eq!(link.text, "Lei nº 8.763");
        assert_eq!(link.url.as_deref(), Some("https://example.org/lei"));
        assert!(link.formula);
        let pt = read_cell(r#"=HIPERLINK("https://example.org")"#);
        assert_eq!(pt.text, "https://example.org");
        assert_eq!(read_cell(r#"="He said ""hi""""#).text, "He said \"hi\"");
        let other = read_cell("=SUM(A1:A3)");
        assert_eq!((other.text.as_str(), other.formula), ("=SUM(A1:A3)", true));
        assert_eq!(read_cell("  Milão ").text, "Milão");
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(parse_decimal("-19,4683"), Some(-19.4683));
        assert_eq!(parse_decimal("130.85"), Some(130.85));
        assert_eq!(parse_decimal("1.234,5"), None);
        assert_eq!(parse_decimal("12a"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn dates_as_clerks_write_them() {
        for (written, iso) in [
            ("1978", "1978"),
            ("2017-03-03", "2017-03-03"),
            ("2017-03", "2017-03"),
            ("03/03/2017", "2017-03-03"),
            ("3/3/2017", "2017-03-03"),
            ("25/12/2009", "2009-12-25"),
            ("03.04.2017", "2017-04-03"),
            ("03/2017", "2017-03"),
            ("2017/03/05", "2017-03-05"),
            ("mar. 2017", "2017-03"),
            ("Mar 2017", "2017-03"),
            ("março de 2017", "2017-03"),
            ("Marzo de 2017", "2017-03"),
            ("September 2001", "2001-09"),
            ("set/2001", "2001-09"),
            ("3 de março de 2017", "2017-03-03"),
            ("3 de marzo de 2017", "2017-03-03"),
            ("March 3, 2017", "2017-03-03"),
            ("1º de janeiro de 2001", "2001-01-01"),
            ("dic. 1999", "1999-12"),
        ] {
            assert_eq!(date(written), iso, "{written}");
        }
        for bad in [
            "",
            "década de 1990",
            "c. 1990",
            "31/02/2017",
            "mar-17",
            "2017-13",
            "soon",
        ] {
            assert_eq!(date(bad), "error", "{bad}");
        }
        assert_eq!(
            parse_date("03/04/2017").unwrap().1,
            DateReading::DayFirstAssumed
        );
        assert_eq!(parse_date("03/13/2017").unwrap().1, DateReading::MonthFirst);
        assert_eq!(parse_date("13/03/2017").unwrap().1, DateReading::Plain);
    }
}
