//! The CLI's custom flag values (docker/cli `opts`): memory sizes, swap
//! sizes, fractional CPUs and pflag's `uint16`. Each parses as its `Set`
//! does, with its error text; `FlagKind::Value` runs them at parse time.

use super::flags::go_quote_simple;
use super::format::units::ram_in_bytes;

/// `opts.MemBytes.Set`: go-units `RAMInBytes`.
pub fn mem_bytes(v: &str) -> Result<i64, String> {
    ram_in_bytes(v)
}

/// `opts.MemSwapBytes.Set`: like `MemBytes`, and `-1` is unlimited.
pub fn mem_swap_bytes(v: &str) -> Result<i64, String> {
    if v == "-1" {
        return Ok(-1);
    }
    ram_in_bytes(v)
}

/// `opts.ParseCPUs` (`NanoCPUs.Set`): a decimal (`1.5`, `2`, `1e-3`) or a
/// fraction (`3/2`), exact, in billionths of a CPU.
pub fn nano_cpus(v: &str) -> Result<i64, String> {
    let (numerator, denominator) =
        rational(v).ok_or_else(|| format!("failed to parse {v} as a rational number"))?;
    let scaled = numerator.checked_mul(1_000_000_000);
    match scaled {
        Some(n) if n % denominator != 0 => Err("value is too precise".to_owned()),
        // big.Int's Int64 of a value beyond int64 is undefined; saturate.
        Some(n) => {
            Ok(i64::try_from(n / denominator).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX }))
        }
        None => Ok(if numerator < 0 { i64::MIN } else { i64::MAX }),
    }
}

/// `big.Rat.SetString` for decimal input: `[+-]a/b` or `[+-]d.d[e[+-]n]`,
/// as (numerator, positive denominator); `None` where it returns false.
/// Values too large for i128 are refused as well (no CPU count is that big).
fn rational(v: &str) -> Option<(i128, i128)> {
    let (neg, body) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    let sign = if neg { -1 } else { 1 };
    if let Some((a, b)) = body.split_once('/') {
        let a = integer(a)?;
        let b = integer(b)?;
        if b == 0 {
            return None;
        }
        return Some((sign * a, b));
    }
    if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return Some((sign * i128::from_str_radix(hex, 16).ok()?, 1));
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole
        .bytes()
        .chain(frac.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{whole}{frac}");
    let digits = digits.trim_start_matches('0');
    let mut numerator: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let frac_len = i32::try_from(frac.len()).ok()?;
    let shift = exponent.checked_sub(frac_len)?;
    let mut denominator: i128 = 1;
    if shift >= 0 {
        if numerator != 0 {
            numerator = numerator.checked_mul(10i128.checked_pow(shift.unsigned_abs())?)?;
        }
    } else {
        denominator = 10i128.checked_pow(shift.unsigned_abs())?;
    }
    Some((sign * numerator, denominator))
}

/// An unsigned decimal integer, as big.Int reads one (digits only here).
fn integer(s: &str) -> Option<i128> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `strconv.ParseUint(v, 0, 16)`, as pflag's `uint16` flags call it.
pub fn uint16(v: &str) -> Result<u16, String> {
    let quoted = go_quote_simple(v);
    let invalid = || format!("strconv.ParseUint: parsing {quoted}: invalid syntax");
    let digits = v.replace('_', "");
    let Some((radix, body)) = crate::docker::flags::go_radix_digits(&digits) else {
        return Err(invalid());
    };
    let n = u128::from_str_radix(body, radix)
        .ok()
        .and_then(|n| u16::try_from(n).ok());
    n.ok_or_else(|| format!("strconv.ParseUint: parsing {quoted}: value out of range"))
}

/// The `FlagKind::Value` checks.
pub fn check_mem_bytes(v: &str) -> Result<(), String> {
    mem_bytes(v).map(drop)
}

pub fn check_mem_swap_bytes(v: &str) -> Result<(), String> {
    mem_swap_bytes(v).map(drop)
}

pub fn check_nano_cpus(v: &str) -> Result<(), String> {
    nano_cpus(v).map(drop)
}

pub fn check_uint16(v: &str) -> Result<(), String> {
    uint16(v).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpus_are_exact_billionths() {
        assert_eq!(nano_cpus("1.5"), Ok(1_500_000_000));
        assert_eq!(nano_cpus("3/2"), Ok(1_500_000_000));
        assert_eq!(nano_cpus("1e-3"), Ok(1_000_000));
        assert_eq!(nano_cpus("-1"), Ok(-1_000_000_000));
        assert_eq!(nano_cpus(".5"), Ok(500_000_000));
        assert_eq!(nano_cpus("0"), Ok(0));
        assert_eq!(nano_cpus("0x10"), Ok(16_000_000_000));
        assert_eq!(
            nano_cpus("0.0000000001"),
            Err("value is too precise".to_owned())
        );
        for bad in ["abc", "", "3/0", ".", "1e", "1.2.3"] {
            assert_eq!(
                nano_cpus(bad),
                Err(format!("failed to parse {bad} as a rational number"))
            );
        }
    }

    #[test]
    fn uint16_reads_as_strconv_does() {
        assert_eq!(uint16("500"), Ok(500));
        assert_eq!(uint16("0x10"), Ok(16));
        assert_eq!(uint16("1_0"), Ok(10));
        assert_eq!(
            uint16("70000"),
            Err("strconv.ParseUint: parsing \"70000\": value out of range".to_owned())
        );
        assert_eq!(
            uint16("-1"),
            Err("strconv.ParseUint: parsing \"-1\": invalid syntax".to_owned())
        );
        assert_eq!(
            uint16("+5"),
            Err("strconv.ParseUint: parsing \"+5\": invalid syntax".to_owned())
        );
    }

    #[test]
    fn swap_takes_minus_one_as_unlimited() {
        assert_eq!(mem_swap_bytes("-1"), Ok(-1));
        assert_eq!(mem_swap_bytes("2g"), Ok(2 << 30));
        assert_eq!(mem_swap_bytes("-2"), Err("invalid size: '-2'".to_owned()));
    }
}
