//! The resource limits every dataset is held to, so that a hostile or mistaken file is refused
//! quickly with a clear message instead of freezing the page or exhausting its memory. The
//! page and `elos check` call the same functions, so they give the same verdict.
//!
//! The numbers are documented in `docs/dataset.md`; a real city's file is far below each.

use crate::json::Position;
use crate::problem::{Code, Problem};

/// The largest file read, in bytes (50 MB). The example is 30 KB; 5,000 links make 2 MB.
pub const MAX_BYTES: usize = 50_000_000;
/// How deeply lists and objects may nest. A dataset needs five levels; the limit also keeps
/// the recursive parser far from the stack's end on hostile input.
pub const MAX_DEPTH: usize = 128;
/// How many JSON values (numbers, texts, lists, objects…) one file may hold: a bound on the
/// memory a parsed file takes, whatever its shape.
pub const MAX_VALUES: usize = 2_000_000;
/// How many items one list (`cities`, `cooperations`…) may hold.
pub const MAX_LIST_ITEMS: usize = 100_000;

/// The problem for a file of `bytes` bytes, if it is over [`MAX_BYTES`]. Callers that know the
/// size before reading (a file's metadata, a `Content-Length`) check here first.
pub fn check_size(bytes: u64) -> Option<Problem> {
    (bytes > MAX_BYTES as u64).then(|| {
        Problem::new(Code::TooLarge, "", Some(Position { line: 1, column: 1 }))
            .with("size_mb", bytes.div_ceil(1_000_000).to_string())
            .with("max_mb", (MAX_BYTES / 1_000_000).to_string())
    })
}

/// The problem for a list of `count` items at `path`, if it is over [`MAX_LIST_ITEMS`].
pub fn check_list(path: &str, count: usize, at: Position) -> Option<Problem> {
    (count > MAX_LIST_ITEMS).then(|| {
        Problem::new(Code::TooMany, path, Some(at))
            .with("field", path)
            .with("count", group_digits(count as u64))
            .with("max", group_digits(MAX_LIST_ITEMS as u64))
    })
}

/// `1 000 000` with narrow no-break spaces: the SI grouping, read alike in pt-BR, en and es,
/// unlike `1.000.000` or `1,000,000`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_limit() {
        assert_eq!(check_size(MAX_BYTES as u64), None);
        let problem = check_size(73_400_001).unwrap();
        assert_eq!(problem.code, Code::TooLarge);
        assert_eq!(problem.param("size_mb"), Some("74"));
        assert_eq!(problem.param("max_mb"), Some("50"));
        assert!(problem.at.is_some());
    }

    #[test]
    fn list_limit() {
        let at = Position {
            line: 3,
            column: 13,
        };
        assert_eq!(check_list("cities", MAX_LIST_ITEMS, at), None);
        let problem = check_list("cities", 1_000_000, at).unwrap();
        assert_eq!(problem.param("count"), Some("1\u{202F}000\u{202F}000"));
        assert_eq!(problem.param("max"), Some("100\u{202F}000"));
    }

    #[test]
    fn grouping() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1\u{202F}000");
    }
}
