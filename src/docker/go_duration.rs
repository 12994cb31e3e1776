//! Go's `time.ParseDuration`, as pflag's `DurationVar` flags (`--health-interval`,
//! `--stop-timeout` is an int) read their values, with Go's error texts.

const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Nanoseconds, or Go's error (`time: invalid duration "x"`).
pub fn parse(s: &str) -> Result<i64, String> {
    let quoted = format!("\"{s}\"");
    let invalid = || format!("time: invalid duration {quoted}");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !rest.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let int_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (int_part, after) = rest.split_at(int_len);
        let (frac_part, after) = match after.strip_prefix('.') {
            Some(f) => {
                let n = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
                f.split_at(n)
            }
            None => ("", after),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = after
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == unit) else {
            return Err(format!(
                "time: unknown unit \"{unit}\" in duration {quoted}"
            ));
        };
        let whole: u64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| invalid())?
        };
        let mut v = whole.checked_mul(scale).ok_or_else(invalid)?;
        // The fraction, digit by digit, as Go's leadingFraction does.
        let mut frac_scale = 1.0_f64;
        let mut frac = 0.0_f64;
        for d in frac_part.bytes().take(18) {
            frac_scale *= 10.0;
            frac += f64::from(d - b'0') / frac_scale;
        }
        v = v
            .checked_add((frac * scale as f64) as u64)
            .ok_or_else(invalid)?;
        total = total.checked_add(v).ok_or_else(invalid)?;
        if total > i64::MAX as u64 {
            return Err(invalid());
        }
        rest = after;
    }
    let total = i64::try_from(total).map_err(|_| invalid())?;
    Ok(if neg { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse("30s"), Ok(30_000_000_000));
        assert_eq!(parse("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse(".5ms"), Ok(500_000));
        assert_eq!(parse("-2s"), Ok(-2_000_000_000));
        assert_eq!(parse("0"), Ok(0));
    }

    #[test]
    fn bad_durations_say_what_go_says() {
        assert_eq!(parse("x"), Err("time: invalid duration \"x\"".to_owned()));
        assert_eq!(parse(""), Err("time: invalid duration \"\"".to_owned()));
        assert_eq!(
            parse("5"),
            Err("time: missing unit in duration \"5\"".to_owned())
        );
        assert_eq!(
            parse("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".to_owned())
        );
    }
}
