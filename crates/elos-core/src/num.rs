//! Number ↔ text without core's float formatting and parsing machinery, which costs the wasm
//! build ~25 KB (brotli) of tables and code. Precision is what maps and JSON coordinates need.

/// `x` with `decimals` (0..=9) digits after the point, like `format!("{x:.N}")`, except that
/// halves round away from zero instead of to even and a value that rounds to zero has no
/// sign. Exact for |x| below 2^64; beyond that only whole units (saturating), and infinities
/// are `inf` and `-inf` as in std.
pub fn fixed(x: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    let scale = 10u64.pow(decimals);
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_owned();
    }
    let whole = x.abs().trunc();
    if whole >= 1.8e19 {
        // Past u64: whole units only.
        return (x as i128).to_string();
    }
    // The whole part and the fraction are scaled apart: scaling |x| at once lost the last
    // digit once |x| × 10^decimals passed 2^52 (e.g. 25859469.72134830 at 8 decimals came
    // out as …831). The fraction is below one, so its product keeps every digit asked for.
    let fraction = x.abs() - whole; // exact: both are the same binade or finer
    let mut units = whole as u64;
    let mut fraction_scaled = (fraction * scale as f64).round() as u64;
    if fraction_scaled >= scale {
        units += 1;
        fraction_scaled -= scale;
    }
    let mut s = String::new();
    if x < 0.0 && (units != 0 || fraction_scaled != 0) {
        s.push('-');
    }
    s.push_str(&units.to_string());
    if decimals > 0 {
        s.push('.');
        let digits = fraction_scaled.to_string();
        for _ in digits.len()..decimals as usize {
            s.push('0');
        }
        s.push_str(&digits);
    }
    s
}

/// `x` in the shortest usual form: whole numbers without a point, others with up to six decimals.
pub fn short(x: f64) -> String {
    let s = fixed(x, 6);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a JSON number that `is_json_number` accepted. Exact (correctly rounded) for up to
/// 15 significant digits and exponents within ±22 — every coordinate and count in practice —
/// and within a few ulps otherwise.
pub fn parse_json_number(literal: &str) -> Option<f64> {
    let b = literal.as_bytes();
    let mut i = 0;
    let neg = b.first() == Some(&b'-');
    if neg {
        i += 1;
    }
    let (mut mant, mut exp, mut digits) = (0u64, 0i32, 0u32);
    let mut seen_point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                if digits < 19 {
                    mant = mant * 10 + u64::from(c - b'0');
                    if mant != 0 {
                        digits += 1;
                    }
                    if seen_point {
                        exp -= 1;
                    }
                } else if !seen_point {
                    exp += 1;
                }
            }
            b'.' => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if i < b.len() {
        let e: i32 = literal[i + 1..].trim_start_matches('+').parse().ok()?;
        exp = exp.saturating_add(e);
    }
    let mut v = mant as f64;
    let mut e = exp;
    while e > 22 {
        v *= 1e22;
        e -= 22;
    }
    while e < -22 {
        v /= 1e22;
        e += 22;
    }
    v = if e >= 0 {
        v * POW10[e as usize]
    } else {
        v / POW10[(-e) as usize]
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_std() {
        for x in [
            0.0, 1.25, -3.25159, 12345.678, -0.04, 0.05, 99.99, 1e-9, 180.0, -90.0,
        ] {
            for d in 0..6 {
                let want = format!("{x:.d$}", d = d as usize);
                let got = fixed(x, d);
                let (w, g): (f64, f64) = (want.parse().unwrap(), got.parse().unwrap());
                assert!(
                    (w - g).abs() <= 10f64.powi(-(d as i32)) + 1e-12,
                    "{x} {d}: {want} vs {got}"
                );
            }
        }
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(3.25159, 2), "3.25");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(7.0), "7");
    }

    #[test]
    fn parses_like_std() {
        for s in [
            "0",
            "-0",
            "1",
            "-23.5",
            "1e3",
            "1E-3",
            "2.5e+2",
            "-12.345678901234",
            "0.1",
            "1234567890123456789012",
            "1e-400",
            "5e-324",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse_json_number(s).unwrap();
            assert!(
                want == got || ((want - got) / want).abs() < 1e-15,
                "{s}: {want} vs {got}"
            );
        }
    }
}
