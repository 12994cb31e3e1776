//! docker/go-units v0.5.0: human durations and sizes, plus Go's `%g`.

/// `units.HumanDuration`, from a Go `time.Duration` in nanoseconds.
pub fn human_duration(nanos: i64) -> String {
    let mut out = String::new();
    write_human_duration(&mut out, nanos);
    out
}

/// [`human_duration`], appended to `out`.
pub fn write_human_duration(out: &mut String, nanos: i64) {
    // Go computes each unit as whole part + fraction in float64, then
    // truncates with int(); reproduce that arithmetic exactly.
    let split = |unit: i64| (nanos / unit) as f64 + (nanos % unit) as f64 / unit as f64;
    let mut count = |n: i64, unit: &str| {
        super::push_decimal(out, n);
        out.push(' ');
        out.push_str(unit);
    };
    let seconds = split(1_000_000_000) as i64;
    if seconds < 1 {
        return out.push_str("Less than a second");
    }
    if seconds == 1 {
        return out.push_str("1 second");
    }
    if seconds < 60 {
        return count(seconds, "seconds");
    }
    let minutes = split(60_000_000_000) as i64;
    if minutes == 1 {
        return out.push_str("About a minute");
    }
    if minutes < 60 {
        return count(minutes, "minutes");
    }
    let hours_f = split(3_600_000_000_000);
    let hours = (hours_f + 0.5) as i64;
    if hours == 1 {
        out.push_str("About an hour");
    } else if hours < 48 {
        count(hours, "hours");
    } else if hours < 24 * 7 * 2 {
        count(hours / 24, "days");
    } else if hours < 24 * 30 * 2 {
        count(hours / 24 / 7, "weeks");
    } else if hours < 24 * 365 * 2 {
        count(hours / 24 / 30, "months");
    } else {
        count(hours_f as i64 / 24 / 365, "years");
    }
}

const DECIMAL_ABBRS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const BINARY_ABBRS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

fn size_and_unit(mut size: f64, base: f64, abbrs: &[&'static str; 9]) -> (f64, &'static str) {
    let mut i = 0;
    while size >= base && i < abbrs.len() - 1 {
        size /= base;
        i += 1;
    }
    (size, abbrs[i])
}

/// `units.HumanSizeWithPrecision`: `%.*g` plus an SI unit, no space.
pub fn human_size_with_precision(size: f64, precision: usize) -> String {
    let (size, unit) = size_and_unit(size, 1000.0, &DECIMAL_ABBRS);
    format!("{}{unit}", go_format_g(size, precision))
}

/// `units.HumanSize`: four significant digits.
pub fn human_size(size: f64) -> String {
    human_size_with_precision(size, 4)
}

/// `units.BytesSize`: binary units, four significant digits.
pub fn bytes_size(size: f64) -> String {
    let (size, unit) = size_and_unit(size, 1024.0, &BINARY_ABBRS);
    format!("{}{unit}", go_format_g(size, 4))
}

/// Go's `strconv.FormatFloat(x, 'g', prec, 64)`, which `%.*g` uses.
pub fn go_format_g(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let prec = prec.max(1);
    let neg = x.is_sign_negative() && x != 0.0;
    // Rust's exact formatting rounds the binary value half-to-even in
    // decimal, as Go's decimal.Round does.
    let sci = format!("{:.*e}", prec - 1, x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    let nd = digits.len() as i64;
    let dp = if nd == 0 { 0 } else { exp + 1 };
    let mut eprec = prec as i64;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    let e = dp - 1;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let digit = |i: i64| -> char {
        if i >= 0 && i < nd {
            digits[i as usize] as char
        } else {
            '0'
        }
    };
    if e < -4 || e >= eprec {
        let p = (prec as i64).min(nd).max(1);
        out.push(digit(0));
        if p > 1 {
            out.push('.');
            for i in 1..p {
                out.push(digit(i));
            }
        }
        let ee = if nd == 0 { 0 } else { e };
        out.push('e');
        out.push(if ee < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", ee.abs()));
        return out;
    }
    let mut p = prec as i64;
    if p > dp {
        p = nd;
    }
    let decimals = (p - dp).max(0);
    if dp > 0 {
        for i in 0..dp {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for i in 0..decimals {
            out.push(digit(dp + i));
        }
    }
    out
}

/// `units.RAMInBytes` (go-units v0.5.0 `parseSize` with binary multiples):
/// `512m`, `1g`, `1.5GiB`, `100`, `10 MB`; errors are its texts, including
/// `strconv.ParseFloat`'s for a malformed number.
pub fn ram_in_bytes(s: &str) -> Result<i64, String> {
    let Some(sep) = s.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        // There should be at least a digit.
        return Err(format!("invalid size: '{s}'"));
    };
    let (num, sfx) = if s.as_bytes()[sep] == b' ' {
        (&s[..sep], &s[sep + 1..])
    } else {
        (&s[..=sep], &s[sep + 1..])
    };
    let mut size = go_parse_float(num)?;
    if size < 0.0 {
        return Err(format!("invalid size: '{s}'"));
    }
    if sfx.is_empty() {
        return Ok(go_float_to_int64(size));
    }
    let bad_suffix = |sfx: &str| format!("invalid suffix: '{sfx}'");
    if sfx.len() > 3 {
        return Err(bad_suffix(sfx));
    }
    let lower = sfx.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    if bytes[0] == b'b' {
        if bytes.len() > 1 {
            return Err(bad_suffix(&lower));
        }
        return Ok(go_float_to_int64(size));
    }
    let power = match bytes[0] {
        b'k' => 1,
        b'm' => 2,
        b'g' => 3,
        b't' => 4,
        b'p' => 5,
        _ => return Err(bad_suffix(&lower)),
    };
    size *= 1024f64.powi(power);
    match bytes.len() {
        2 if bytes[1] != b'b' => return Err(bad_suffix(&lower)),
        3 if &lower[1..] != "ib" => return Err(bad_suffix(&lower)),
        _ => {}
    }
    Ok(go_float_to_int64(size))
}

/// `strconv.ParseFloat(s, 64)` for the decimal forms, with its error texts.
fn go_parse_float(s: &str) -> Result<f64, String> {
    let quoted = crate::docker::flags::go_quote_simple(s);
    let bare = s.trim_start_matches(['+', '-']).to_ascii_lowercase();
    let literal_infinity = bare == "inf" || bare == "infinity";
    // Go takes only ASCII digits, dots, exponents and signs here (and the
    // special names); Rust's parser agrees on that grammar.
    let value: f64 = s
        .parse()
        .map_err(|_| format!("strconv.ParseFloat: parsing {quoted}: invalid syntax"))?;
    if value.is_infinite() && !literal_infinity {
        return Err(format!(
            "strconv.ParseFloat: parsing {quoted}: value out of range"
        ));
    }
    Ok(value)
}

/// Go's `int64(f)` on amd64: out of range (and NaN) gives the minimum.
fn go_float_to_int64(f: f64) -> i64 {
    #[allow(clippy::cast_precision_loss)]
    let limit = i64::MAX as f64;
    if f.is_nan() || f >= limit || f < -limit {
        return i64::MIN;
    }
    #[allow(clippy::cast_possible_truncation)]
    let n = f as i64;
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn durations_cross_thresholds_as_go_units_does() {
        assert_eq!(human_duration(0), "Less than a second");
        assert_eq!(human_duration(-5 * S), "Less than a second");
        assert_eq!(human_duration(S), "1 second");
        assert_eq!(human_duration(59 * S), "59 seconds");
        assert_eq!(human_duration(60 * S), "About a minute");
        assert_eq!(human_duration(119 * S), "About a minute");
        assert_eq!(human_duration(120 * S), "2 minutes");
        assert_eq!(human_duration(3599 * S), "59 minutes");
        assert_eq!(human_duration(3600 * S), "About an hour");
        assert_eq!(human_duration(5399 * S), "About an hour");
        assert_eq!(human_duration(5400 * S), "2 hours");
        assert_eq!(human_duration(47 * 3600 * S), "47 hours");
        // 47.5 hours rounds to 48: never "1 day".
        assert_eq!(human_duration(47 * 3600 * S + 1800 * S), "2 days");
        assert_eq!(human_duration(13 * 86400 * S), "13 days");
        assert_eq!(human_duration(14 * 86400 * S), "2 weeks");
        assert_eq!(human_duration(60 * 86400 * S), "2 months");
        assert_eq!(human_duration(730 * 86400 * S), "2 years");
    }

    #[test]
    fn sizes_use_three_significant_digits() {
        let h = |n: f64| human_size_with_precision(n, 3);
        assert_eq!(h(0.0), "0B");
        assert_eq!(h(999.0), "999B");
        assert_eq!(h(4096.0), "4.1kB");
        assert_eq!(h(10072.0), "10.1kB");
        assert_eq!(h(73728.0), "73.7kB");
        assert_eq!(h(187_406_329.0), "187MB");
        assert_eq!(h(1_234_567_890.0), "1.23GB");
        assert_eq!(h(1000.0), "1kB");
        assert_eq!(h(999_700.0), "1e+03kB");
        assert_eq!(h(1125.0), "1.12kB");
        assert_eq!(human_size(188_112_941.0), "188.1MB");
        assert_eq!(human_size(1_234_567_890.0), "1.235GB");
        assert_eq!(bytes_size(1536.0), "1.5KiB");
    }

    #[test]
    fn ram_sizes_parse_and_fail_as_go_units_does() {
        assert_eq!(ram_in_bytes("512m"), Ok(512 << 20));
        assert_eq!(ram_in_bytes("1.5GiB"), Ok(3 << 29));
        assert_eq!(ram_in_bytes("10 MB"), Ok(10 << 20));
        assert_eq!(ram_in_bytes("100"), Ok(100));
        assert_eq!(ram_in_bytes("1kb"), Ok(1024));
        assert_eq!(ram_in_bytes("1e3"), Ok(1000));
        assert_eq!(ram_in_bytes("x"), Err("invalid size: 'x'".into()));
        assert_eq!(ram_in_bytes(""), Err("invalid size: ''".into()));
        assert_eq!(ram_in_bytes("-1"), Err("invalid size: '-1'".into()));
        assert_eq!(ram_in_bytes("100X"), Err("invalid suffix: 'x'".into()));
        assert_eq!(
            ram_in_bytes("100XYZW"),
            Err("invalid suffix: 'XYZW'".into())
        );
        assert_eq!(
            ram_in_bytes("1.2.3"),
            Err("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax".into())
        );
        assert_eq!(
            ram_in_bytes("1e999"),
            Err("strconv.ParseFloat: parsing \"1e999\": value out of range".into())
        );
    }

    #[test]
    fn go_g_formatting() {
        assert_eq!(go_format_g(0.000012345, 3), "1.23e-05");
        assert_eq!(go_format_g(0.5, 3), "0.5");
        assert_eq!(go_format_g(100.0, 3), "100");
        assert_eq!(go_format_g(-2.5, 3), "-2.5");
    }
}
