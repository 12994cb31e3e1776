use std::fmt;

pub use crate::engine::Timestamp;

/// Parses RFC 3339 (`2026-11-27T09:00:00Z`, `2026-11-27T10:00:00.5+01:00`)
/// with the engine's parser, worded for authors.
pub fn parse_rfc3339(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse(s).map_err(|_| {
        format!("{s:?} is not an RFC 3339 time like \"2026-11-27T09:00:00Z\" (with \"Z\" or an offset like \"+01:00\")")
    })
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
        parse_rfc3339(s).map(TimeSpec::Absolute).map_err(|e| {
            format!("{e}, \"now\", or an offset from the clock like \"-6h\" or \"-1h30m\"")
        })
    }

    pub fn resolve(self, clock: Timestamp) -> Option<Timestamp> {
        match self {
            TimeSpec::Relative(delta) => clock
                .unix_nanos()
                .checked_add(delta)
                .map(Timestamp::from_unix_nanos),
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
