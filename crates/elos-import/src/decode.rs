//! Bytes → text: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode
//! text"), and anything else read as Windows-1252, the superset of Latin-1 that Excel on
//! Windows writes. The encoding found is reported, so the clerk knows what was assumed.

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: read as Windows-1252 (which agrees with Latin-1 on every printable byte).
    Windows1252,
}

impl Encoding {
    /// The name used in reports and messages.
    pub fn key(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decodes a whole file. Never fails: the worst case is Windows-1252, where every byte is a
/// character, and the report says so.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (utf16(rest, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), Encoding::Utf8),
        // A Latin-1 file with accents is almost never valid UTF-8 (an "é" is a lone 0xE9), so
        // failing UTF-8 is a reliable sign.
        Err(_) => (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Encoding::Windows1252,
        ),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The WHATWG Windows-1252 table. Only 0x80–0x9F differ from Latin-1; encoding_rs would bring
/// every other encoding's tables into the page's wasm for these 32 entries.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_encoding() {
        assert_eq!(decode("Milão".as_bytes()), ("Milão".into(), Encoding::Utf8));
        assert_eq!(
            decode(b"\xEF\xBB\xBFMil\xC3\xA3o"),
            ("Milão".into(), Encoding::Utf8Bom)
        );
        assert_eq!(
            decode(b"Mil\xE3o \x80 \x93x\x94"),
            ("Milão € “x”".into(), Encoding::Windows1252)
        );
        assert_eq!(
            decode(b"\xFF\xFEM\x00i\x00l\x00\xE3\x00o\x00"),
            ("Milão".into(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(b"\xFE\xFF\x00M\x00\xE9"),
            ("Mé".into(), Encoding::Utf16Be)
        );
    }
}
