//! Docker's output formatting: tables, humanized durations and sizes, ports,
//! and the daemon-side list filters the listing commands share.

pub mod filters;
pub mod pattern;
pub mod ports;
pub mod table;
pub mod tabwriter;
pub mod units;

#[cfg(test)]
mod reference_tests;

use std::collections::BTreeMap;

use crate::engine::Timestamp;
use crate::template::{Object, Value};

pub use table::{Format, write_table};

/// `stringid.TruncateID`: drops an algorithm prefix, keeps 12 characters.
pub fn truncate_id(id: &str) -> &str {
    // A word-at-a-time search rather than `str::find`: IDs are 64 bytes
    // with no colon, and this runs up to three times a `ps` row. Not
    // `memchr::memchr`, whose first call detects the CPU's features: a
    // dozen `cpuid`s, each a trap to the hypervisor on a VM, ~4 % of a
    // whole small `docker ps` here.
    let id = match find_colon(id.as_bytes()) {
        Some(i) => id.get(i + 1..).unwrap_or(""),
        None => id,
    };
    // Twelve ASCII bytes are twelve characters.
    if let Some(head) = id.get(..12)
        && head.is_ascii()
    {
        return head;
    }
    match id.char_indices().nth(12) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

/// The first `:` in `bytes`, eight bytes at a time (a zero byte of the
/// word XOR `::::::::` is a colon; the test is exact for the lowest one,
/// "Bit Twiddling Hacks").
fn find_colon(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const COLONS: u64 = u64::from_le_bytes([b':'; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ COLONS;
        let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b':')
        .map(|i| at + i)
}

/// `formatter.Ellipsis`: fits `s` into `max` display columns, ending in `…`.
/// Widths follow `golang.org/x/text/width`: East Asian wide and fullwidth
/// runes count two, everything else one.
pub fn ellipsis(s: &str, max: usize) -> String {
    let mut out = String::new();
    write_ellipsis(&mut out, s, max);
    out
}

/// [`ellipsis`], appended to `out`.
pub fn write_ellipsis(out: &mut String, s: &str, max: usize) {
    if max == 0 {
        return;
    }
    if max == 1 {
        if let Some(c) = s.chars().next() {
            out.push(c);
        }
        return;
    }
    if s.is_ascii() {
        if s.len() <= max {
            out.push_str(s);
        } else {
            out.push_str(&s[..max - 1]);
            out.push('…');
        }
        return;
    }
    // The cut falls after the first rune whose running width is below `max`
    // while the next rune's reaches it.
    let mut total = 0;
    let mut previous: Option<(usize, usize)> = None;
    let mut cut = None;
    for (i, c) in s.char_indices() {
        total += char_width(c);
        if cut.is_none()
            && let Some((end, width)) = previous
            && width < max
            && total >= max
        {
            cut = Some(end);
        }
        previous = Some((i + c.len_utf8(), total));
    }
    match cut {
        Some(end) if total > max => {
            out.push_str(&s[..end]);
            out.push('…');
        }
        _ => out.push_str(s),
    }
}

/// Appends the decimal digits of `n`, without going through `fmt`.
pub fn push_decimal(out: &mut String, n: i64) {
    let mut digits = [b'-'; 20];
    let mut at = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        // `digits` starts as minus signs.
        at -= 1;
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn char_width(c: char) -> usize {
    use unicode_width::UnicodeWidthChar;
    if c.width() == Some(2) { 2 } else { 1 }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_go_quote(&mut out, s);
    out
}

/// [`go_quote`], appended to `out`.
pub fn write_go_quote(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    // Runs of printable ASCII other than `"` and `\\` are copied whole.
    let mut rest = s;
    while !rest.is_empty() {
        let plain = rest
            .bytes()
            .position(|b| !(b' '..=b'~').contains(&b) || b == b'"' || b == b'\\')
            .unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if !is_go_printable(c) => {
                if (c as u32) < 0x10000 {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// An approximation of Go's `strconv.IsPrint` for the runes that show up
/// in commands: controls, format characters and separators other than the
/// ASCII space are escaped.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    !(c.is_control()
        || (0x2028..=0x2029).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x2064).contains(&u)
        || u == 0xfeff
        || u == 0xad
        || (0xfff9..=0xfffb).contains(&u)
        || (c.is_whitespace()
            && c != ' '
            && u > 0x7f
            && u != 0x3000
            && u != 0xa0
            && !(0x2000..=0x200a).contains(&u)
            && u != 0x202f
            && u != 0x205f
            && u != 0x1680))
}

/// Go's `time.Time.String()` in UTC, fraction without trailing zeros:
/// `2026-10-28 00:21:11.615743235 +0000 UTC`.
pub fn go_time_string(t: Timestamp) -> String {
    let base = t.go_string_seconds();
    let frac = t.subsec_nanos();
    if frac == 0 {
        return base;
    }
    let digits = format!("{frac:09}");
    let digits = digits.trim_end_matches('0');
    match base.split_once(" +") {
        Some((head, tail)) => format!("{head}.{digits} +{tail}"),
        None => base,
    }
}

/// `time.Unix(t.Unix(), 0).String()`: whole seconds, as list summaries carry.
pub fn go_time_string_seconds(t: Timestamp) -> String {
    Timestamp::from_unix_seconds(t.unix_seconds()).go_string_seconds()
}

/// `fvbommel/sortorder.NaturalLess`: digit runs compare as numbers.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (da, db) = (a[i].is_ascii_digit(), b[j].is_ascii_digit());
        if da != db {
            return da;
        }
        if !da {
            if a[i] != b[j] {
                return a[i] < b[j];
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let (nz_a, nz_b) = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if i - nz_a != j - nz_b {
            return i - nz_a < j - nz_b;
        }
        if a[nz_a..i] != b[nz_b..j] {
            return a[nz_a..i] < b[nz_b..j];
        }
        if nz_a != nz_b {
            return nz_a < nz_b;
        }
    }
    a.len() < b.len()
}

/// `formatter.SubHeaderContext`: the map a table's header row is rendered
/// from, with its `Label` method for `{{.Label "com.example.x"}}` columns.
pub struct SubHeader {
    pub headers: BTreeMap<&'static str, &'static str>,
}

impl SubHeader {
    pub fn new(pairs: &[(&'static str, &'static str)]) -> SubHeader {
        SubHeader {
            headers: pairs.iter().copied().collect(),
        }
    }
}

impl Object for SubHeader {
    fn type_name(&self) -> &str {
        "formatter.SubHeaderContext"
    }

    fn method_arity(&self, name: &str) -> Option<usize> {
        // Only `Label` is a method; other names are map keys.
        (name == "Label").then_some(1)
    }

    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name == "Label" {
            return Some(match args {
                [Value::String(s)] => {
                    let last = s.rsplit('.').next().unwrap_or("");
                    Ok(Value::str(last.replace(['-', '_'], " ")))
                }
                [_] => Err("wrong type for value; expected string".to_owned()),
                _ => Err(format!(
                    "wrong number of args for Label: want 1 got {}",
                    args.len()
                )),
            });
        }
        // A Go map: a missing key yields the invalid value, printed as such.
        Some(Ok(match self.headers.get(name) {
            Some(h) => Value::str(*h),
            None => Value::str("<no value>"),
        }))
    }

    fn to_json_value(&self) -> Value {
        Value::map(
            self.headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::str(*v)))
                .collect(),
        )
    }
}

/// Checks a method call's arity the way `text/template` reports it.
pub fn no_args(name: &str, args: &[Value]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want 0 got {}",
            args.len()
        ))
    }
}

/// The single string argument of a method such as `Label`.
pub fn one_string_arg<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, String> {
    match args {
        [Value::String(s)] => Ok(s),
        [other] => Err(format!(
            "wrong type for value; expected string; got {}",
            go_type_name(other)
        )),
        _ => Err(format!(
            "wrong number of args for {name}: want 1 got {}",
            args.len()
        )),
    }
}

fn go_type_name(v: &Value) -> &str {
    match v {
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
        Value::NilList => "[]string",
        Value::NilMap => "map[string]string",
        Value::Object(o) => o.type_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsis_counts_display_width() {
        assert_eq!(
            ellipsis("python -m worker --queue default", 20),
            "python -m worker --…"
        );
        assert_eq!(ellipsis("sleep infinity", 20), "sleep infinity");
        assert_eq!(ellipsis("/srv/shop/config", 15), "/srv/shop/conf…");
        assert_eq!(ellipsis("日本語のコマンドです", 7), "日本語…");
        assert_eq!(ellipsis("x", 1), "x");
        assert_eq!(ellipsis("abc", 0), "");
    }

    #[test]
    fn ids_truncate_after_the_algorithm() {
        assert_eq!(
            truncate_id("sha256:a17e5d3c9b822719f02352a5eb2d902ac2fee121"),
            "a17e5d3c9b82"
        );
        assert_eq!(truncate_id("abc"), "abc");
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let mut values = vec![i64::MIN, i64::MIN + 1, i64::MAX, -1, 0, 1];
        let mut n: i64 = 1;
        while let Some(next) = n.checked_mul(10) {
            values.extend([n - 1, n, n + 1, -n, -(n - 1)]);
            n = next;
        }
        let mut out = String::from("x");
        for v in values {
            out.truncate(1);
            push_decimal(&mut out, v);
            assert_eq!(out, format!("x{v}"));
        }
    }

    #[test]
    fn colons_are_found_at_every_place() {
        for len in 0..40 {
            for colon in (0..len).map(Some).chain([None]) {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| {
                        if Some(i) == colon {
                            b':'
                        } else if i % 3 == 0 {
                            b';'
                        } else {
                            b'9'
                        }
                    })
                    .collect();
                assert_eq!(find_colon(&bytes), colon, "{len} {colon:?}");
                if let Some(c) = colon {
                    let mut twice = bytes.clone();
                    twice[len - 1] = b':';
                    assert_eq!(find_colon(&twice), Some(c));
                }
            }
        }
    }

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(go_quote("sh -c 'a \"b\"'"), "\"sh -c 'a \\\"b\\\"'\"");
        assert_eq!(go_quote("a…\n"), "\"a…\\n\"");
    }

    #[test]
    fn natural_order() {
        assert!(natural_less("net2", "net10"));
        assert!(natural_less("bridge", "host"));
        assert!(!natural_less("b", "a"));
        assert!(natural_less("a", "ab"));
    }

    #[test]
    fn time_strings() {
        let t = Timestamp::parse("2026-10-28T00:21:11.615743235Z").unwrap();
        assert_eq!(go_time_string(t), "2026-10-28 00:21:11.615743235 +0000 UTC");
        assert_eq!(go_time_string_seconds(t), "2026-10-28 00:21:11 +0000 UTC");
    }
}
