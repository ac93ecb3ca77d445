//! Text → rows of cells: CSV with a comma, semicolon or tab between cells (a spreadsheet saved
//! in Brazil or Spain uses `;`, because `,` is the decimal separator there), quotes as in
//! RFC 4180, each row keeping the line it starts on so the report can point at it.

/// One row of cells and the 1-based line of the file where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub delimiter: u8,
    pub rows: Vec<Row>,
}

/// The separator of the first line: the candidate that occurs most often outside quotes.
/// Ties go to `;` then `,`: a header line never holds a decimal comma, so a semicolon there is
/// deliberate.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = first_record(text);
    let mut best = (0usize, b',');
    for d in [b'\t', b',', b';'] {
        let count = count_outside_quotes(first, d);
        if count > best.0 || (count == best.0 && count > 0 && d == b';') {
            best = (count, d);
        }
    }
    best.1
}

fn first_record(text: &str) -> &str {
    let mut in_quotes = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return &text[..i],
            _ => {}
        }
    }
    text
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut in_quotes = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            count += 1;
        }
    }
    count
}

/// Reads every row; rows whose cells are all blank are left out (spreadsheets pad with them).
pub fn read(text: &str) -> Sheet {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                if record.iter().any(|c| !c.trim().is_empty()) {
                    let (mut line, mut at) = record
                        .position()
                        .map_or((1, 0), |p| (p.line(), p.byte() as usize));
                    // The reader counts blank lines before a record as its start; the report
                    // must point at the record's own first line.
                    while let Some(&b) = bytes.get(at) {
                        match b {
                            b'\n' => line += 1,
                            b'\r' => {}
                            _ => break,
                        }
                        at += 1;
                    }
                    rows.push(Row {
                        line,
                        cells: record.iter().map(|c| c.trim().to_owned()).collect(),
                    });
                }
            }
            Ok(false) => break,
            // The text is already valid UTF-8, so the only error left is one the flexible
            // reader does not raise; stop rather than loop.
            Err(_) => break,
        }
    }
    Sheet { delimiter, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_separator() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2,3"), b',');
        assert_eq!(
            sniff_delimiter("cidade;país;parceiro\nIpatinga;Brasil;\"1,5\""),
            b';'
        );
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(
            sniff_delimiter("\"a;b\",c,d\n"),
            b',',
            "quoted separators do not count"
        );
    }

    #[test]
    fn reads_quotes_lines_and_blank_rows() {
        let sheet = read("a;b\n\n\"x\ny\";\"he said \"\"hi\"\"\"\n;\n1,5;2\n");
        assert_eq!(sheet.delimiter, b';');
        let lines: Vec<u64> = sheet.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 6]);
        assert_eq!(sheet.rows[1].cells, ["x\ny", "he said \"hi\""]);
        assert_eq!(sheet.rows[2].cells, ["1,5", "2"]);
    }
}
