//! Backslash escapes shared by `$'...'` and `echo -e`.

/// Expands C-style escapes. `echo` reads octal as `\0nnn` and stops all
/// output at `\c`; `$'...'` reads octal as `\nnn`. Returns the text and
/// whether a `\c` was seen.
pub(crate) fn unescape(raw: &str, echo: bool) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = chars.get(i) else {
            out.push('\\');
            break;
        };
        i += 1;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'e' | 'E' => out.push('\u{1b}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' if !echo => out.push('\''),
            '"' if !echo => out.push('"'),
            'c' if echo => return (out, true),
            'x' => {
                let (value, used) = digits(&chars, i, 16, 2);
                if used == 0 {
                    out.push_str("\\x");
                } else {
                    i += used;
                    out.push(byte_char(value));
                }
            }
            '0'..='7' => {
                // echo wants a leading 0 and up to three more digits.
                let (start, max) = if echo {
                    if e != '0' {
                        out.push('\\');
                        out.push(e);
                        continue;
                    }
                    (i, 3)
                } else {
                    (i - 1, 3)
                };
                let (value, used) = digits(&chars, start, 8, max);
                i = start + used;
                out.push(byte_char(value));
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

fn digits(chars: &[char], start: usize, radix: u32, max: usize) -> (u32, usize) {
    let mut value = 0u32;
    let mut used = 0;
    while used < max {
        match chars.get(start + used).and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                value = value * radix + d;
                used += 1;
            }
            None => break,
        }
    }
    (value, used)
}

/// A byte value as a char; bytes past ASCII become their Latin-1 code
/// point, since our strings must stay valid UTF-8.
fn byte_char(value: u32) -> char {
    char::from_u32(value & 0xff).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_escapes_expand_and_c_stops() {
        assert_eq!(unescape(r"a\tb\nc", true), ("a\tb\nc".to_string(), false));
        assert_eq!(unescape(r"ab\cde", true), ("ab".to_string(), true));
        assert_eq!(unescape(r"\0101\x41", true), ("AA".to_string(), false));
    }

    #[test]
    fn ansi_c_octal_needs_no_leading_zero() {
        assert_eq!(unescape(r"\101\'", false).0, "A'");
    }
}
