//! `.xlsx`, `.xlsm`, `.xls` and `.ods` files → the CSV text `elos import` reads: the first
//! sheet, every formula kept as written and never calculated (so `=HYPERLINK(…)` keeps its
//! address), dates as ISO days. The importer itself takes CSV only, which keeps the page's
//! wasm free of a zip and XML reader.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

pub fn is_spreadsheet(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The first sheet as CSV, and its name (for the report).
pub fn first_sheet_as_csv(path: &str) -> Result<(Vec<u8>, String), String> {
    let mut book =
        open_workbook_auto(path).map_err(|e| format!("cannot read the spreadsheet: {e}"))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the spreadsheet has no sheet")?;
    let values = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read the sheet “{name}”: {e}"))?;
    // Formulas are optional: a file format or a sheet without them is read by its values.
    let formulas = book.worksheet_formula(&name).ok();
    let (row0, col0) = values.start().unwrap_or((0, 0));
    let mut out = String::new();
    for (r, row) in values.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, value)| {
                let at = (row0 + r as u32, col0 + c as u32);
                let formula = formulas
                    .as_ref()
                    .and_then(|f| f.get_value(at))
                    .filter(|f| !f.is_empty());
                match formula {
                    Some(f) if f.starts_with('=') => f.clone(),
                    Some(f) => format!("={f}"),
                    None => cell_text(value),
                }
            })
            .collect();
        out.push_str(&cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    Ok((out.into_bytes(), name))
}

fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // 1978 typed in a cell is a number: written back without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, d, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        // ODS gives dates as ISO text already; a day is enough for a link's date.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// RFC 4180: quoted when the cell holds a comma, a quote or a line break.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_spreadsheets_by_extension() {
        assert!(is_spreadsheet("planilha.XLSX") && is_spreadsheet("a/b.ods"));
        assert!(!is_spreadsheet("planilha.csv") && !is_spreadsheet("xlsx"));
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell_text(&Data::Float(1978.0)), "1978");
        assert_eq!(cell_text(&Data::Float(-19.5)), "-19.5");
    }
}
