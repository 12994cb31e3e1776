//! Instants on the virtual clock, with Go's RFC 3339 rendering.
//!
//! Docker prints engine timestamps with `time.RFC3339Nano` (trailing zeros of
//! the fraction dropped) and the client renders local times in the caller's
//! zone; the simulator always runs in UTC so output never depends on the host.

use std::fmt;

const NANOS_PER_SEC: i64 = 1_000_000_000;

/// An instant in UTC, in nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

/// Go's zero `time.Time`, which docker prints for "never" (`FinishedAt` of a
/// container that never stopped).
pub const GO_ZERO_TIME: &str = "0001-01-01T00:00:00Z";

impl Timestamp {
    pub const fn from_unix_nanos(nanos: i64) -> Self {
        Timestamp(nanos)
    }

    pub const fn from_unix_seconds(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(NANOS_PER_SEC))
    }

    pub const fn unix_nanos(self) -> i64 {
        self.0
    }

    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(NANOS_PER_SEC)
    }

    pub const fn subsec_nanos(self) -> i64 {
        self.0.rem_euclid(NANOS_PER_SEC)
    }

    #[must_use]
    pub const fn plus_nanos(self, nanos: i64) -> Self {
        Timestamp(self.0.saturating_add(nanos))
    }

    #[must_use]
    pub const fn plus_seconds(self, secs: i64) -> Self {
        self.plus_nanos(secs.saturating_mul(NANOS_PER_SEC))
    }

    /// Nanoseconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn nanos_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Parses RFC 3339 (`2026-11-27T09:00:00Z`, `...T09:00:00.123456789+02:00`).
    /// Go's zero time maps to `None`-like callers via [`Timestamp::parse_optional`].
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        parse_rfc3339(text).ok_or_else(|| TimeParseError(text.to_owned()))
    }

    /// Like `parse`, but Go's zero time (docker's "never") is `None`.
    pub fn parse_optional(text: &str) -> Result<Option<Self>, TimeParseError> {
        if text.starts_with("0001-01-01T00:00:00") {
            return Ok(None);
        }
        Self::parse(text).map(Some)
    }

    /// `time.RFC3339Nano`: fraction without trailing zeros, `Z` for UTC.
    pub fn rfc3339_nano(self) -> String {
        let (date, secs_of_day) = self.civil();
        let mut out = format!("{date}T{}", hms(secs_of_day));
        let frac = self.subsec_nanos();
        if frac != 0 {
            let digits = format!("{frac:09}");
            out.push('.');
            out.push_str(digits.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// `time.RFC3339`: whole seconds.
    pub fn rfc3339(self) -> String {
        let (date, secs_of_day) = self.civil();
        format!("{date}T{}Z", hms(secs_of_day))
    }

    /// Go's `Time.String()` in UTC, as docker prints `CreatedAt` columns:
    /// `2026-11-26 18:20:54 +0000 UTC`.
    pub fn go_string_seconds(self) -> String {
        let mut out = String::with_capacity(29);
        self.write_go_string_seconds(&mut out);
        out
    }

    /// [`Timestamp::go_string_seconds`], appended to `out` (list columns
    /// print one per row).
    pub fn write_go_string_seconds(self, out: &mut String) {
        let (date, secs_of_day) = self.civil();
        if (0..=9999).contains(&date.year) {
            let mut buf = *b"0000-00-00 00:00:00 +0000 UTC";
            let put = |buf: &mut [u8; 29], at: usize, width: usize, mut v: i64| {
                for i in (at..at + width).rev() {
                    buf[i] = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            };
            put(&mut buf, 0, 4, date.year);
            put(&mut buf, 5, 2, date.month);
            put(&mut buf, 8, 2, date.day);
            put(&mut buf, 11, 2, secs_of_day / 3600);
            put(&mut buf, 14, 2, secs_of_day / 60 % 60);
            put(&mut buf, 17, 2, secs_of_day % 60);
            out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
        } else {
            out.push_str(&format!("{date} {} +0000 UTC", hms(secs_of_day)));
        }
    }

    /// The timestamp `docker logs -t` prints: RFC 3339 with exactly nine
    /// fractional digits (`jsonmessage.RFC3339NanoFixed`).
    pub fn rfc3339_nano_fixed(self) -> String {
        let (date, secs_of_day) = self.civil();
        format!("{date}T{}.{:09}Z", hms(secs_of_day), self.subsec_nanos())
    }

    fn civil(self) -> (Date, i64) {
        let secs = self.unix_seconds();
        let days = secs.div_euclid(86_400);
        (Date::from_days(days), secs.rem_euclid(86_400))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339_nano())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError(pub String);

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid RFC 3339 time {:?}", self.0)
    }
}

impl std::error::Error for TimeParseError {}

fn hms(secs_of_day: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        secs_of_day / 3600,
        secs_of_day / 60 % 60,
        secs_of_day % 60
    )
}

#[derive(Clone, Copy)]
struct Date {
    year: i64,
    month: i64,
    day: i64,
}

impl Date {
    // Howard Hinnant's days-from-civil algorithm and its inverse.
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    #[inline]
    fn to_days(self) -> i64 {
        let year = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let mp = if self.month > 2 {
            self.month - 3
        } else {
            self.month + 9
        };
        let doy = (153 * mp + 2) / 5 + self.day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let head: &[u8; 19] = b.first_chunk()?;
    if b.len() < 20 {
        return None;
    }
    let [year, month, day, hour, minute, second] = head_fields(head)?;
    let date = Date { year, month, day };
    if !(1..=12).contains(&date.month)
        || !(1..=days_in_month(date.year, date.month)).contains(&date.day)
    {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0i64;
    if let Some((b'.', frac)) = rest.split_first() {
        // The fraction's digits (one to nine), right-padded with zeros to
        // nanoseconds.
        let mut count = 0;
        let mut value = 0i64;
        while let Some(&c) = frac.get(count) {
            if !c.is_ascii_digit() {
                break;
            }
            if count == 9 {
                return None;
            }
            value = value * 10 + i64::from(c - b'0');
            count += 1;
        }
        nanos = value * *POWERS_OF_TEN.get(9usize.checked_sub(count)?)?;
        if count == 0 {
            return None;
        }
        rest = frac.get(count..)?;
    }
    let offset_secs = match rest {
        b"Z" | b"z" => 0,
        _ => {
            let ob: &[u8; 6] = rest.try_into().ok()?;
            if !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                return None;
            }
            let oh: i64 = std::str::from_utf8(&ob[1..3]).ok()?.parse().ok()?;
            let om: i64 = std::str::from_utf8(&ob[4..6]).ok()?.parse().ok()?;
            if oh > 23 || om > 59 {
                return None;
            }
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
    };
    let secs = date.to_days() * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(Timestamp(
        secs.checked_mul(NANOS_PER_SEC)?.checked_add(nanos)?,
    ))
}

/// `10^n` for the digits a fraction lacks to be nanoseconds.
const POWERS_OF_TEN: [i64; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];

/// `YYYY-MM-DDTHH:MM:SS` (`T` also `t` or a space) as year, month, day,
/// hour, minute and second, or `None` when a digit or separator is not
/// where it should be. Imports read three of these a container: the
/// digits are checked and paired a word at a time (three overlapping
/// eight-byte words) rather than two bytes at a time.
#[inline]
fn head_fields(head: &[u8; 19]) -> Option<[i64; 6]> {
    let word = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&head[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    // Bytes 0-7 `YYYY-MM-`, 8-15 `DDTHH:MM`, 11-18 `HH:MM:SS`.
    let (a, b, c) = (word(0), word(8), word(11));
    // The digit lanes of each word (0xFF a lane).
    const A_DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
    const B_DIGITS: u64 = 0xFFFF_00FF_FF00_FFFF;
    const C_DIGITS: u64 = 0xFFFF_0000_0000_0000;
    if not_digits(a) & A_DIGITS != 0 || not_digits(b) & B_DIGITS != 0 {
        return None;
    }
    if not_digits(c) & C_DIGITS != 0 {
        return None;
    }
    if head[4] != b'-' || head[7] != b'-' || !matches!(head[10], b'T' | b't' | b' ') {
        return None;
    }
    if head[13] != b':' || head[16] != b':' {
        return None;
    }
    // Each digit lane's value, then each lane with the next as a
    // two-digit number (at most 99: no carries).
    // Separator lanes are masked out first, so that subtracting does not
    // borrow from the digit after them.
    let pairs = |w: u64, digits: u64| {
        let v = (w & digits) - (0x3030_3030_3030_3030 & digits);
        v.wrapping_mul(10).wrapping_add(v >> 8)
    };
    let (a, b, c) = (pairs(a, A_DIGITS), pairs(b, B_DIGITS), pairs(c, C_DIGITS));
    let lane = |w: u64, i: usize| i64::from(w.to_le_bytes()[i]);
    Some([
        lane(a, 0) * 100 + lane(a, 2),
        lane(a, 5),
        lane(b, 0),
        lane(b, 3),
        lane(b, 6),
        lane(c, 6),
    ])
}

/// The high bit of each byte of `w` that is not an ASCII digit, exact for
/// every lane (no carry crosses a lane).
#[inline(always)]
fn not_digits(w: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let low = w & LOW7;
    // Bit 7 set: the byte is above `9` (or not ASCII).
    let above = (low + 0x4646_4646_4646_4646) | w;
    // Bit 7 set: the low seven bits are at least `0`.
    let at_least = low + 0x5050_5050_5050_5050;
    (above | !at_least) & HIGHS
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time head reader accepts and reads exactly what the
    /// byte-pair reader it replaced did: every byte value at every place
    /// of valid stamps, and every digit value at every digit place.
    #[test]
    fn head_fields_read_as_byte_pairs_read_them() {
        fn by_pairs(head: &[u8; 19]) -> Option<[i64; 6]> {
            if head[4] != b'-' || head[7] != b'-' || !matches!(head[10], b'T' | b't' | b' ') {
                return None;
            }
            if head[13] != b':' || head[16] != b':' {
                return None;
            }
            let pair = |i: usize| {
                let (tens, ones) = (head[i].wrapping_sub(b'0'), head[i + 1].wrapping_sub(b'0'));
                (tens < 10 && ones < 10).then(|| i64::from(tens * 10 + ones))
            };
            Some([
                pair(0)? * 100 + pair(2)?,
                pair(5)?,
                pair(8)?,
                pair(11)?,
                pair(14)?,
                pair(17)?,
            ])
        }
        for base in [
            *b"2026-11-26T18:20:54",
            *b"0000-00-00t00:00:00",
            *b"9999-99-99 99:99:99",
            *b"1970-01-01T00:00:00",
        ] {
            for at in 0..19 {
                for byte in 0..=255u8 {
                    let mut head = base;
                    head[at] = byte;
                    assert_eq!(super::head_fields(&head), by_pairs(&head), "{head:?}");
                    if at + 1 < 19 {
                        head[at + 1] = byte ^ 0x0F;
                        assert_eq!(super::head_fields(&head), by_pairs(&head), "{head:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn round_trips_rfc3339_nano_without_trailing_zeros() {
        let t = Timestamp::parse("2026-11-26T18:20:54.692603990Z").unwrap();
        assert_eq!(t.rfc3339_nano(), "2026-11-26T18:20:54.69260399Z");
        assert_eq!(t.rfc3339(), "2026-11-26T18:20:54Z");
        assert_eq!(t.rfc3339_nano_fixed(), "2026-11-26T18:20:54.692603990Z");
    }

    #[test]
    fn applies_zone_offsets() {
        let a = Timestamp::parse("2026-11-27T09:00:00+02:00").unwrap();
        let b = Timestamp::parse("2026-11-27T07:00:00Z").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn go_string_matches_docker_created_at() {
        let t = Timestamp::parse("2026-11-26T18:20:54.6Z").unwrap();
        assert_eq!(t.go_string_seconds(), "2026-11-26 18:20:54 +0000 UTC");
    }

    #[test]
    fn rejects_malformed_times() {
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-27 09:00",
            "2026-11-27T09:00:00.Z",
            "2026-11-27T09:00:00",
            "2026-11-27T09:00:00.1234567890Z",
            "2026-11-27T09:00:00.",
            "2026-11-27T09:00:00.5",
            "2026-11-27T09:00:00.5x",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    /// Fractions of one to nine digits are padded to nanoseconds.
    #[test]
    fn fractions_of_every_length_read_as_nanoseconds() {
        let digits = "123456789";
        for n in 1..=9 {
            let text = format!("1970-01-01T00:00:01.{}Z", &digits[..n]);
            let want =
                1_000_000_000 + digits[..n].parse::<i64>().unwrap() * 10i64.pow(9 - n as u32);
            assert_eq!(
                Timestamp::parse(&text).unwrap().unix_nanos(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn zero_time_is_never() {
        assert_eq!(Timestamp::parse_optional(GO_ZERO_TIME), Ok(None));
    }

    #[test]
    fn epoch_and_pre_epoch() {
        assert_eq!(
            Timestamp::parse("1970-01-01T00:00:00Z")
                .unwrap()
                .unix_nanos(),
            0
        );
        assert_eq!(
            Timestamp::from_unix_seconds(-1).rfc3339(),
            "1969-12-31T23:59:59Z"
        );
    }

    /// The parser before it did its own digit arithmetic, verbatim.
    fn reference_parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(range)?;
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let date = Date {
            year: num(0..4)?,
            month: num(5..7)?,
            day: num(8..10)?,
        };
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&date.month)
            || !(1..=days_in_month(date.year, date.month)).contains(&date.day)
        {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let mut rest = &text[19..];
        let mut nanos = 0i64;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            let padded = format!("{:0<9}", &frac[..digits]);
            nanos = padded.parse().ok()?;
            rest = &frac[digits..];
        }
        let offset_secs = match rest {
            "Z" | "z" => 0,
            _ => {
                let ob = rest.as_bytes();
                if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                    return None;
                }
                let oh: i64 = rest.get(1..3)?.parse().ok()?;
                let om: i64 = rest.get(4..6)?.parse().ok()?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let sign = if ob[0] == b'-' { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
        };
        let secs = date.to_days() * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
        Some(Timestamp(
            secs.checked_mul(NANOS_PER_SEC)?.checked_add(nanos)?,
        ))
    }

    fn reference_go_string_seconds(t: Timestamp) -> String {
        let (date, secs_of_day) = t.civil();
        format!("{date} {} +0000 UTC", hms(secs_of_day))
    }

    #[test]
    fn parse_equals_the_reference_on_mutated_times() {
        let seeds = [
            "2026-11-27T09:00:00Z",
            "2026-11-27T09:00:00.123456789+02:00",
            "2024-02-29T23:59:59.5-11:30",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999z",
        ];
        let subs = [
            "0", "1", "9", "+", "-", " ", "T", "Z", ".", ":", "é", "日", "", "00", "+1",
        ];
        let mut x: u64 = 5;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        for _ in 0..200_000 {
            let mut text = seeds[next() % seeds.len()].to_owned();
            for _ in 0..1 + next() % 3 {
                let at = next() % (text.len() + 1);
                if !text.is_char_boundary(at) {
                    continue;
                }
                let end = (at + next() % 2).min(text.len());
                if !text.is_char_boundary(end) {
                    continue;
                }
                text.replace_range(at..end, subs[next() % subs.len()]);
            }
            assert_eq!(parse_rfc3339(&text), reference_parse(&text), "{text:?}");
        }
    }

    #[test]
    fn go_string_equals_the_reference() {
        for secs in [
            i64::MIN / 1_000_000_000,
            -62_135_596_800,
            -1,
            0,
            1,
            1_795_000_000,
            253_402_300_799,
            253_402_300_800,
            i64::MAX / 1_000_000_000,
        ] {
            let t = Timestamp::from_unix_seconds(secs);
            assert_eq!(
                t.go_string_seconds(),
                reference_go_string_seconds(t),
                "{secs}"
            );
        }
    }
}
