//! Dates and times as people in the UK read them, in the reader's language.
//!
//! Times are stored in UTC (epoch milliseconds) and shown in UK time, GMT or
//! BST, in the NHS style ("29 November 2026, 8:32pm"; in Welsh "29 Tachwedd
//! 2026, 8:32yh"). The same code runs on the server and in the browser, so
//! hydration sees identical text.

use crate::i18n::Locale;
use crate::t;
use time::{Date, Month, OffsetDateTime};

/// UK clock time for an instant: BST (UTC+1) from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October, else GMT.
fn uk_time(epoch_ms: i64) -> OffsetDateTime {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    if is_bst(utc) {
        utc + time::Duration::HOUR
    } else {
        utc
    }
}

fn is_bst(utc: OffsetDateTime) -> bool {
    let year = utc.year();
    let starts = last_sunday(year, Month::March)
        .with_hms(1, 0, 0)
        .map(|t| t.assume_utc());
    let ends = last_sunday(year, Month::October)
        .with_hms(1, 0, 0)
        .map(|t| t.assume_utc());
    matches!((starts, ends), (Ok(starts), Ok(ends)) if utc >= starts && utc < ends)
}

/// The UK calendar date at an instant.
pub fn uk_date(epoch_ms: i64) -> Date {
    uk_time(epoch_ms).date()
}

/// The instant a UK day ends (midnight at the start of the next day, UK
/// time), in epoch milliseconds.
pub fn end_of_uk_day(date: Date) -> i64 {
    let next = date.next_day().unwrap_or(date);
    let utc_midnight = next.midnight().assume_utc();
    let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
    // Midnight in BST is 23:00 UTC the evening before.
    let bst_midnight = utc_midnight - time::Duration::HOUR;
    if is_bst(bst_midnight) {
        ms(bst_midnight)
    } else {
        ms(utc_midnight)
    }
}

/// "31 January 2027": the last UK day before the instant `end` (for a close
/// date stored as the end of its day).
pub fn last_day_before(locale: Locale, end: i64) -> String {
    day_month_year(locale, uk_date(end - 1))
}

/// "1 December 2026", "1 Rhagfyr 2026".
fn day_month_year(locale: Locale, d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(locale, d.month()), d.year())
}

fn month_name(locale: Locale, month: Month) -> String {
    match month {
        Month::January => t!(locale, "month-january"),
        Month::February => t!(locale, "month-february"),
        Month::March => t!(locale, "month-march"),
        Month::April => t!(locale, "month-april"),
        Month::May => t!(locale, "month-may"),
        Month::June => t!(locale, "month-june"),
        Month::July => t!(locale, "month-july"),
        Month::August => t!(locale, "month-august"),
        Month::September => t!(locale, "month-september"),
        Month::October => t!(locale, "month-october"),
        Month::November => t!(locale, "month-november"),
        Month::December => t!(locale, "month-december"),
    }
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last_day = time::util::days_in_month(month, year);
    let date = Date::from_calendar_date(year, month, last_day).unwrap_or(Date::MIN);
    let back = date.weekday().number_days_from_sunday();
    date - time::Duration::days(i64::from(back))
}

/// "29 November 2026, 8:32pm".
pub fn date_time(locale: Locale, epoch_ms: i64) -> String {
    let at = uk_time(epoch_ms);
    let (hour12, morning) = match at.hour() {
        0 => (12, true),
        h @ 1..=11 => (h, true),
        12 => (12, false),
        h => (h - 12, false),
    };
    let suffix = if morning {
        t!(locale, "time-am")
    } else {
        t!(locale, "time-pm")
    };
    format!(
        "{}, {}:{:02}{}",
        day_month_year(locale, at.date()),
        hour12,
        at.minute(),
        suffix
    )
}

/// A machine-readable UTC timestamp for `<time datetime=…>`.
pub fn iso(epoch_ms: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "31 December 2017" for an ISO date ("2017-12-31"); the input unchanged if
/// it is not one.
pub fn long_date(locale: Locale, iso_date: &str) -> String {
    match parse_date(iso_date) {
        Some(d) => day_month_year(locale, d),
        None => iso_date.to_owned(),
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_is_gmt_and_summer_is_bst() {
        // 2026-01-15T12:00:00Z
        assert_eq!(
            date_time(Locale::En, 1_768_478_400_000),
            "15 January 2026, 12:00pm"
        );
        // 2026-07-01T12:00:00Z is 1pm in London.
        assert_eq!(
            date_time(Locale::En, 1_782_907_200_000),
            "1 July 2026, 1:00pm"
        );
    }

    #[test]
    fn welsh_dates_name_the_month_in_welsh() {
        // 2026-12-01T20:32:00Z
        assert_eq!(
            date_time(Locale::Cy, 1_796_157_120_000),
            "1 Rhagfyr 2026, 8:32yh"
        );
        // 2026-07-01T08:05:00Z is 9:05am in London.
        assert_eq!(
            date_time(Locale::Cy, 1_782_893_100_000),
            "1 Gorffennaf 2026, 9:05yb"
        );
        assert_eq!(long_date(Locale::Cy, "2018-03-01"), "1 Mawrth 2018");
        assert_eq!(long_date(Locale::Cy, "not a date"), "not a date");
    }

    #[test]
    fn days_end_at_uk_midnight() {
        let winter = parse_date("2027-01-31").unwrap();
        // 2027-02-01T00:00:00Z
        assert_eq!(end_of_uk_day(winter), 1_801_440_000_000);
        assert_eq!(
            last_day_before(Locale::En, end_of_uk_day(winter)),
            "31 January 2027"
        );
        let summer = parse_date("2027-06-30").unwrap();
        // 2027-06-30T23:00:00Z is midnight in London.
        assert_eq!(end_of_uk_day(summer), 1_814_396_400_000);
        assert_eq!(
            last_day_before(Locale::En, end_of_uk_day(summer)),
            "30 June 2027"
        );
        assert_eq!(uk_date(1_814_396_400_000 - 1), summer);
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2017-12-31").is_some());
        assert!(parse_date("2017-02-30").is_none());
        assert!(parse_date("17-12-31").is_none());
        assert!(parse_date("2017-12-31x").is_none());
        assert_eq!(long_date(Locale::En, "2018-03-01"), "1 March 2018");
    }
}
