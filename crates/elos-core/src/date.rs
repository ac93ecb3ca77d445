//! ISO 8601 partial dates (`1978`, `2017-03`, `2017-03-03`) that keep their precision.

use std::cmp::Ordering;
use std::fmt;

/// A date known to the year, the month or the day. "1978" stays 1978; it never becomes
/// 1 January 1978.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    /// 1–12 when known.
    pub month: Option<u8>,
    /// 1–31 when known (only together with a month).
    pub day: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (for example 1978, 2017-03 or 2017-03-03)")]
    Shape(String),
    #[error("'{0}' has month {1}; months go from 01 to 12")]
    Month(String, u8),
    #[error("'{0}' names a day that does not exist: {1} has {2} days in that month")]
    Day(String, i32, u8),
}

/// Years outside this range are almost certainly typos in a dataset of city links.
pub const YEAR_MIN: i32 = 1000;
pub const YEAR_MAX: i32 = 2999;

impl PartialDate {
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing impossible days such as 2023-02-29.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let shape = || DateError::Shape(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let (y, m, d) = match parts.as_slice() {
            [y] => (*y, None, None),
            [y, m] => (*y, Some(*m), None),
            [y, m, d] => (*y, Some(*m), Some(*d)),
            _ => return Err(shape()),
        };
        if !digits(y, 4) || m.is_some_and(|m| !digits(m, 2)) || d.is_some_and(|d| !digits(d, 2)) {
            return Err(shape());
        }
        let year: i32 = y.parse().map_err(|_| shape())?;
        if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
            return Err(shape());
        }
        let month = m.map(|m| m.parse::<u8>().unwrap_or(0));
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::Month(text.to_owned(), month));
            }
        }
        let day = d.map(|d| d.parse::<u8>().unwrap_or(0));
        if let (Some(month), Some(day)) = (month, day) {
            let last = days_in_month(year, month);
            if day == 0 || day > last {
                return Err(DateError::Day(text.to_owned(), year, last));
            }
        }
        Ok(Self { year, month, day })
    }

    /// The first day this date could mean, as (year, month, day).
    pub fn earliest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date could mean.
    pub fn latest(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// Position on a continuous year axis: the middle of the period the date covers, so a
    /// year sits in the middle of its tick interval and a day at its own place.
    pub fn as_fractional_year(&self) -> f64 {
        let start = day_of_year(self.earliest());
        let end = day_of_year(self.latest()) + 1.0;
        let length = if is_leap(self.year) { 366.0 } else { 365.0 };
        f64::from(self.year) + (start + end) / 2.0 / length
    }

    /// Whether `self` certainly ends before `other` starts (used for "end before start").
    pub fn certainly_before(&self, other: &PartialDate) -> bool {
        self.latest() < other.earliest()
    }
}

fn day_of_year((year, month, day): (i32, u8, u8)) -> f64 {
    let before: u32 = (1..month).map(|m| u32::from(days_in_month(year, m))).sum();
    f64::from(before + u32::from(day) - 1)
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Orders by earliest possible day, then less precise first.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.earliest()
            .cmp(&other.earliest())
            .then(self.month.is_some().cmp(&other.month.is_some()))
            .then(self.day.is_some().cmp(&other.day.is_some()))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day an HTTP `Last-Modified` header names, in the IMF-fixdate form every server sends
/// (`Tue, 01 Dec 2026 06:31:00 GMT`, RFC 9110 §5.6.7): the date of a dataset file when the
/// data itself does not say. `None` for anything else.
pub fn from_http_date(text: &str) -> Option<PartialDate> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let [weekday, day, month, year, _time, "GMT"] = words.as_slice() else {
        return None;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !weekday.ends_with(',') || !digits(day, 2) || !digits(year, 4) {
        return None;
    }
    let month = MONTHS.iter().position(|m| m == month)? as u8 + 1;
    let date = PartialDate::parse(&format!("{year}-{month:02}-{day}")).ok()?;
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(PartialDate::parse("1978").unwrap(), PartialDate::year(1978));
        let m = PartialDate::parse("2017-03").unwrap();
        assert_eq!(
            (m.month, m.day, m.precision()),
            (Some(3), None, Precision::Month)
        );
        let d = PartialDate::parse("2017-03-03").unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(d.to_string(), "2017-03-03");
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        assert!(matches!(
            PartialDate::parse("2023-02-29"),
            Err(DateError::Day(_, 2023, 28))
        ));
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert!(matches!(
            PartialDate::parse("2017-13"),
            Err(DateError::Month(_, 13))
        ));
        for bad in [
            "",
            "78",
            "2017-3",
            "2017/03/03",
            "03/03/2017",
            "2017-03-03T00:00",
            "abcd",
            "2017-00",
            "2017-04-31",
            "2017-04-00",
            "0999",
            "1978-",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn compares_by_the_periods_they_cover() {
        let y2017 = PartialDate::parse("2017").unwrap();
        let march = PartialDate::parse("2017-03").unwrap();
        let day = PartialDate::parse("2017-03-03").unwrap();
        let y2016 = PartialDate::parse("2016").unwrap();
        assert!(y2016.certainly_before(&y2017));
        assert!(
            !y2017.certainly_before(&march),
            "2017 may end after March 2017 starts"
        );
        assert!(!march.certainly_before(&day));
        assert!(PartialDate::parse("2017-02-28")
            .unwrap()
            .certainly_before(&march));
        assert!(y2017 < march && march < day);
    }

    #[test]
    fn fractional_year_is_the_middle_of_the_period() {
        assert!((PartialDate::year(1978).as_fractional_year() - 1978.5).abs() < 1e-9);
        let jan1 = PartialDate::parse("2001-01-01")
            .unwrap()
            .as_fractional_year();
        assert!((jan1 - (2001.0 + 0.5 / 365.0)).abs() < 1e-9);
        let dec = PartialDate::parse("2001-12").unwrap().as_fractional_year();
        assert!(dec > 2001.9 && dec < 2002.0);
    }

    #[test]
    fn last_modified_headers_give_the_day() {
        assert_eq!(
            from_http_date("Tue, 01 Dec 2026 06:31:00 GMT"),
            Some(PartialDate::parse("2026-12-01").unwrap())
        );
        for junk in [
            "",
            "2026-12-01",
            "Tue, 1 Dec 2026 06:31:00 GMT",
            "Tue, 31 Feb 2026 06:31:00 GMT",
            "Tue, 01 Dez 2026 06:31:00 GMT",
            "Tuesday, 01-Dec-26 06:31:00 GMT",
            "Tue, 01 Dec 2026 06:31:00 +0000",
        ] {
            assert_eq!(from_http_date(junk), None, "{junk:?}");
        }
    }
}
