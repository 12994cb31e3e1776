//! Go literal syntax: `strconv.Unquote`, `strconv.UnquoteChar` and the number
//! forms `parse.newNumber` accepts.

use super::node::Number;

/// Go's `strconv.Unquote` for `"..."`, `` `...` `` and `'x'`; `None` is
/// `ErrSyntax` ("invalid syntax").
pub(crate) fn unquote(s: &str) -> Option<String> {
    let quote = s.chars().next()?;
    if s.len() < 2 || !s.ends_with(quote) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match quote {
        '`' => {
            if body.contains('`') {
                return None;
            }
            Some(body.replace('\r', ""))
        }
        '"' | '\'' => {
            let mut out = String::new();
            let mut rest = body;
            while !rest.is_empty() {
                let (c, tail) = unquote_char(rest, quote)?;
                out.push_str(&c);
                rest = tail;
                if quote == '\'' && !rest.is_empty() {
                    return None;
                }
            }
            if quote == '\'' && out.chars().count() != 1 {
                return None;
            }
            Some(out)
        }
        _ => None,
    }
}

/// Decodes one (possibly escaped) character; returns its UTF-8 text (an
/// `\xNN` byte that is not valid UTF-8 alone becomes U+FFFD) and the rest.
pub(crate) fn unquote_char(s: &str, quote: char) -> Option<(String, &str)> {
    let c = s.chars().next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c.to_string(), &s[c.len_utf8()..]));
    }
    let rest = &s[1..];
    let e = rest.chars().next()?;
    let after = &rest[e.len_utf8()..];
    let simple = match e {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if e != quote {
                return None;
            }
            Some(e)
        }
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c.to_string(), after));
    }
    let (n, radix) = match e {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (3, 8),
        _ => return None,
    };
    let digits_src = if radix == 8 { rest } else { after };
    let digits = digits_src.get(..n)?;
    let v = u32::from_str_radix(digits, radix).ok()?;
    let tail = &digits_src[n..];
    match e {
        'x' => Some((
            char::from_u32(v)
                .filter(|_| v < 0x80)
                .map_or('\u{FFFD}', |c| c)
                .to_string(),
            tail,
        )),
        '0'..='7' => {
            if v > 255 {
                return None;
            }
            Some((
                char::from_u32(v)
                    .filter(|_| v < 0x80)
                    .map_or('\u{FFFD}', |c| c)
                    .to_string(),
                tail,
            ))
        }
        _ => char::from_u32(v).map(|c| (c.to_string(), tail)),
    }
}

/// Go's `parse.newNumber` for number and character literals.
pub(crate) fn parse_number(text: &str, is_char: bool) -> Result<Number, String> {
    let mut n = Number {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
    };
    if is_char {
        let inner = &text[1..];
        let (c, tail) = unquote_char(inner, '\'').ok_or_else(|| "invalid syntax".to_string())?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        let r = c.chars().next().map_or(0, |c| c as u32);
        n.int = Some(r.into());
        n.uint = Some(r.into());
        n.float = Some(r.into());
        return Ok(n);
    }
    if text.ends_with('i') {
        return Err(format!(
            "illegal number syntax: {}",
            super::gofmt::quote(text)
        ));
    }
    let u = parse_uint(text);
    let i = parse_int(text);
    if let Some(u) = u {
        n.uint = Some(u);
    }
    if let Some(i) = i {
        n.int = Some(i);
        if i == 0 {
            n.uint = Some(0);
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", super::gofmt::quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!(
            "illegal number syntax: {}",
            super::gofmt::quote(text)
        ));
    }
    Ok(n)
}

/// Splits off a sign and a base prefix, checking Go's underscore rules.
fn int_parts(text: &str) -> Option<(bool, u32, String)> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    if !underscores_ok(digits, prefixed) {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    Some((neg, radix, clean))
}

/// Underscores must separate digits (a base prefix counts as a digit).
fn underscores_ok(digits: &str, prefixed: bool) -> bool {
    let mut prev_digit = prefixed;
    for c in digits.chars() {
        if c == '_' {
            if !prev_digit {
                return false;
            }
            prev_digit = false;
        } else {
            prev_digit = true;
        }
    }
    prev_digit || digits.is_empty()
}

fn parse_uint(text: &str) -> Option<u64> {
    let (neg, radix, digits) = int_parts(text)?;
    if neg || text.starts_with('+') {
        return None;
    }
    u64::from_str_radix(&digits, radix).ok()
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, radix, digits) = int_parts(text)?;
    let magnitude = u64::from_str_radix(&digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

fn parse_float(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if unsigned.starts_with("0x") || unsigned.contains("inf") || unsigned.contains("nan") {
        // Hex floats are legal Go but never seen in docker templates.
        return None;
    }
    if lower.contains('_') {
        return None;
    }
    if !lower.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    lower.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_go_escapes() {
        assert_eq!(
            unquote(r#""a\tb\n\x41\u00e9""#).as_deref(),
            Some("a\tb\nAé")
        );
        assert_eq!(unquote("`raw\\n`").as_deref(), Some("raw\\n"));
        assert_eq!(unquote(r#""bad\q""#), None);
    }

    #[test]
    fn numbers_keep_every_reading() {
        let n = parse_number("0x1F", false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.int, Some(31));
        let f = parse_number("1.5", false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((f.int, f.float), (None, Some(1.5)));
        let c = parse_number("'a'", true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.int, Some(97));
        assert!(parse_number("1e", false).is_err());
    }
}
