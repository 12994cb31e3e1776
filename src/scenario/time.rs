use std::fmt;

const NANOS_PER_SEC: i64 = 1_000_000_000;

/// An instant: seconds since the Unix epoch plus nanoseconds, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Timestamp {
    /// Parses RFC 3339 (`2026-11-27T09:00:00Z`, `2026-11-27T10:00:00.5+01:00`).
    /// `t` may be lowercase and a space may stand for it, as RFC 3339 allows.
    pub fn parse_rfc3339(s: &str) -> Result<Timestamp, String> {
        let b = s.as_bytes();
        let expected = "expected an RFC 3339 time like \"2026-11-27T09:00:00Z\"";
        if b.len() < 20 || !s.is_ascii() {
            return Err(expected.to_owned());
        }
        let num = |range: std::ops::Range<usize>| -> Result<i64, String> {
            let part = s.get(range).ok_or_else(|| expected.to_owned())?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse::<i64>().map_err(|_| expected.to_owned())
            } else {
                Err(expected.to_owned())
            }
        };
        if b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(expected.to_owned());
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(format!("{s:?} is not a calendar date"));
        }
        // 60 is a leap second; Docker (Go) rejects it too, so we do.
        if hour > 23 || minute > 59 || second > 59 {
            return Err(format!("{s:?} is not a valid time of day"));
        }
        let mut i = 19;
        let mut nanos: u32 = 0;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            if digits.is_empty() || digits.len() > 9 {
                return Err("fractional seconds need 1 to 9 digits".to_owned());
            }
            let mut n: u32 = 0;
            for d in digits
                .bytes()
                .chain(std::iter::repeat_n(b'0', 9 - digits.len()))
            {
                n = n * 10 + u32::from(d - b'0');
            }
            nanos = n;
        }
        let offset_secs = match &s[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6
                && matches!(rest.as_bytes()[0], b'+' | b'-')
                && rest.as_bytes()[3] == b':' =>
            {
                let h = num(i + 1..i + 3)?;
                let m = num(i + 4..i + 6)?;
                if h > 23 || m > 59 {
                    return Err(format!("{rest:?} is not a valid UTC offset"));
                }
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (h * 3600 + m * 60)
            }
            _ => {
                return Err(format!(
                    "{expected} (with \"Z\" or an offset like \"+01:00\")"
                ));
            }
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
        Ok(Timestamp { secs, nanos })
    }

    /// Adds a signed nanosecond offset; `None` when it leaves the i64 range.
    pub fn checked_add_nanos(self, delta: i64) -> Option<Timestamp> {
        let total = i128::from(self.secs) * i128::from(NANOS_PER_SEC)
            + i128::from(self.nanos)
            + i128::from(delta);
        let secs = total.div_euclid(i128::from(NANOS_PER_SEC));
        let nanos = total.rem_euclid(i128::from(NANOS_PER_SEC));
        Some(Timestamp {
            secs: i64::try_from(secs).ok()?,
            nanos: u32::try_from(nanos).ok()?,
        })
    }
}

/// Renders like Go's `time.RFC3339Nano` in UTC (trailing zeros of the
/// fraction dropped), which is how Docker prints timestamps in inspect output.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )?;
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// A time as an author writes it: relative to the scenario clock, or absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeSpec {
    /// Nanoseconds from the scenario clock; negative is the past.
    Relative(i64),
    Absolute(Timestamp),
}

impl TimeSpec {
    /// `now`, a signed duration (`-2d`, `-1h30m`, `+5s`, `-250ms`), or RFC 3339.
    pub fn parse(s: &str) -> Result<TimeSpec, String> {
        if s == "now" {
            return Ok(TimeSpec::Relative(0));
        }
        if s.starts_with(['+', '-']) {
            return parse_relative(s).map(TimeSpec::Relative);
        }
        Timestamp::parse_rfc3339(s)
            .map(TimeSpec::Absolute)
            .map_err(|e| {
                format!("{e}, \"now\", or an offset from the clock like \"-6h\" or \"-1h30m\"")
            })
    }

    pub fn resolve(self, clock: Timestamp) -> Option<Timestamp> {
        match self {
            TimeSpec::Relative(delta) => clock.checked_add_nanos(delta),
            TimeSpec::Absolute(t) => Some(t),
        }
    }
}

impl fmt::Display for TimeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeSpec::Relative(0) => f.write_str("now"),
            TimeSpec::Relative(n) => {
                let sign = if *n < 0 { '-' } else { '+' };
                let mut rest = n.unsigned_abs();
                f.write_fmt(format_args!("{sign}"))?;
                for (unit, size) in UNITS {
                    if rest >= size {
                        write!(f, "{}{unit}", rest / size)?;
                        rest %= size;
                    }
                }
                Ok(())
            }
            TimeSpec::Absolute(t) => write!(f, "{t}"),
        }
    }
}

const UNITS: [(&str, u64); 6] = [
    ("d", 86_400_000_000_000),
    ("h", 3_600_000_000_000),
    ("m", 60_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("ns", 1),
];

fn parse_relative(s: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "{s:?} is not a time offset; expected a sign and units from d h m s ms ns in that order, like \"-2d\", \"-1h30m\" or \"+5s\""
        )
    };
    let negative = s.starts_with('-');
    let body = &s[1..];
    if body.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut last_unit = None;
    let mut rest = body;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        // "ms" must win over "m" followed by a stray "s".
        let (unit_idx, unit_len) = if rest.starts_with("ms") {
            (4, 2)
        } else if rest.starts_with("ns") {
            (5, 2)
        } else {
            match rest.bytes().next() {
                Some(b'd') => (0, 1),
                Some(b'h') => (1, 1),
                Some(b'm') => (2, 1),
                Some(b's') => (3, 1),
                _ => return Err(bad()),
            }
        };
        if last_unit.is_some_and(|l| l >= unit_idx) {
            return Err(bad());
        }
        last_unit = Some(unit_idx);
        rest = &rest[unit_len..];
        let size = UNITS[unit_idx].1;
        total = n
            .checked_mul(size)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("{s:?} is too far from the clock"))?;
    }
    let total = i64::try_from(total).map_err(|_| format!("{s:?} is too far from the clock"))?;
    Ok(if negative { -total } else { total })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}
