//! `num` against the standard library's formatting and parsing on 200,000 seeded values:
//! the digits must be std's (but for the documented difference at exact halves), and parsed
//! numbers std's exactly where `num` promises it, within 4 ulps elsewhere.

use elos_core::num::{fixed, parse_json_number, short};

/// A seeded xorshift: the same values on every run.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A value to format: spread over magnitudes, or short decimals (which land on or next to
/// halves), or a coordinate, or a value around the places where rounding carries.
fn value(d: &mut Draws) -> f64 {
    let sign = if d.below(2) == 0 { -1.0 } else { 1.0 };
    let x = match d.below(4) {
        0 => d.unit() * 10f64.powi(d.below(27) as i32 - 9),
        1 => d.below(100_000_000) as f64 / 10f64.powi(d.below(10) as i32),
        2 => d.unit() * 360.0 - 180.0,
        _ => {
            (d.below(1000) as f64 + 0.5 - 1e-12 * d.below(3) as f64) / 10f64.powi(d.below(6) as i32)
        }
    };
    sign * x
}

/// Std's digits with the sign of a zero result dropped, as `fixed` documents.
fn std_fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

/// Whether |x| × 10^decimals is within a millionth of a half: there `fixed` rounds away from
/// zero and std to the exact value's nearest (halves to even), so they may differ by one in
/// the last digit. Read from std's exact digits, further out.
fn near_half(x: f64, decimals: usize) -> bool {
    let more = format!("{:.*}", decimals + 12, x.abs());
    let point = more.find('.').unwrap_or(more.len());
    let tail = &more[point + 1 + decimals..];
    let rest: f64 = format!("0.{tail}").parse().unwrap_or(0.0);
    (rest - 0.5).abs() < 1e-6
}

#[test]
fn fixed_and_short_write_what_std_writes() {
    let mut d = Draws(0x6e75_6d5f_6669_7865);
    let mut halves = 0;
    for case in 0..100_000 {
        let x = value(&mut d);
        let decimals = d.below(10) as usize;
        let ours = fixed(x, decimals as u32);
        let std = std_fixed(x, decimals);
        if ours == std {
            if decimals == 6 {
                let trimmed = std.trim_end_matches('0').trim_end_matches('.');
                let trimmed = if std.contains('.') { trimmed } else { &std };
                assert_eq!(short(x), trimmed, "case {case}: short({x:e})");
            }
            continue;
        }
        assert!(
            near_half(x, decimals),
            "case {case}: fixed({x:e}, {decimals}) = {ours}, std {std}"
        );
        // Compared as whole numbers of the last digit's unit, exactly.
        let units = |s: &str| s.replace('.', "").parse::<i128>().unwrap();
        assert_eq!(
            (units(&ours) - units(&std)).abs(),
            1,
            "case {case}: fixed({x:e}, {decimals}) = {ours}, std {std}: more than a last digit"
        );
        halves += 1;
    }
    // The generator aims at halves; if none differed, it no longer reaches them.
    assert!(halves > 100, "only {halves} values at a half");
    assert_eq!(fixed(f64::NAN, 2), "NaN");
    assert_eq!(fixed(f64::NEG_INFINITY, 2), "-inf");
    assert_eq!(fixed(f64::INFINITY, 0), "inf");
}

/// A JSON number: up to 25 significant digits, a fraction, an exponent (sometimes past a
/// float's range either way). Also how many significant digits it has and its power of ten
/// once the point is removed, which decide whether `num` promises an exact result.
fn json_number(d: &mut Draws) -> (String, usize, i64) {
    let mut s = String::new();
    if d.below(3) == 0 {
        s.push('-');
    }
    let whole_digits = 1 + d.below(20) as usize;
    let zero = d.below(10) == 0;
    for i in 0..whole_digits {
        let digit = if i == 0 { 1 + d.below(9) } else { d.below(10) };
        s.push(char::from(b'0' + digit as u8));
        if zero {
            s.truncate(s.len() - 1);
            s.push('0');
            break;
        }
    }
    let mut fraction_digits = 0;
    if d.below(2) == 0 {
        s.push('.');
        fraction_digits = 1 + d.below(15) as usize;
        for _ in 0..fraction_digits {
            s.push(char::from(b'0' + d.below(10) as u8));
        }
    }
    let mut exponent = 0;
    if d.below(2) == 0 {
        exponent = d.below(700) as i64 - 350;
        s.push(if d.below(2) == 0 { 'e' } else { 'E' });
        s.push_str(&exponent.to_string());
    }
    let significant = if zero { 1 } else { whole_digits } + fraction_digits;
    (s, significant, exponent - fraction_digits as i64)
}

#[test]
fn json_numbers_read_as_std_reads_them() {
    let mut d = Draws(0x7061_7273_655f_6e75);
    let mut exact_cases = 0;
    for case in 0..100_000 {
        let (text, significant, power) = json_number(&mut d);
        let want: f64 = text.parse().unwrap();
        let got = parse_json_number(&text).unwrap_or_else(|| panic!("case {case}: {text}"));
        if significant <= 15 && power.abs() <= 22 {
            // The promise: exact (correctly rounded) here.
            assert_eq!(got.to_bits(), want.to_bits(), "case {case}: {text}");
            exact_cases += 1;
        } else if want.is_normal() {
            let ulp = f64::EPSILON * want.abs();
            assert!(
                (got - want).abs() <= 4.0 * ulp,
                "case {case}: {text}: {got:e}, std {want:e}"
            );
        } else if want.is_infinite() {
            assert_eq!(got, want, "case {case}: {text} overflows in std");
        } else {
            // Zero or below the normal range: the JSON loader reads coordinates and counts,
            // never these, so only closeness in absolute terms is asked.
            assert!((got - want).abs() < 1e-300, "case {case}: {text}");
        }
    }
    assert!(exact_cases > 10_000, "only {exact_cases} exact cases");
}
