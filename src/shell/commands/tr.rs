//! `tr`: translate (`tr A B`), delete (`-d`), squeeze (`-s`), complement (`-c`).
//! Sets know ranges, `\` escapes and `[:class:]` names (ASCII, as in C).

use super::Runtime;
use super::getopt::Spec;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "tr",
    flags: "cCdst",
    with_arg: "",
    long: &[
        ("complement", 'c', false),
        ("delete", 'd', false),
        ("squeeze-repeats", 's', false),
        ("truncate-set1", 't', false),
    ],
    permute: true,
    usage_status: 1,
    usage_line: None,
};

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    let delete = parsed.has('d');
    let squeeze = parsed.has('s');
    let complement = parsed.has('c') || parsed.has('C');
    let operands = &parsed.operands;
    let needed = if delete == squeeze { 2 } else { 1 };
    if operands.is_empty() {
        return SPEC.usage_error("missing operand");
    }
    if operands.len() < needed {
        let last = operands.last().map(String::as_str).unwrap_or_default();
        let why = if squeeze {
            "Two strings must be given when both deleting and squeezing repeats."
        } else {
            "Two strings must be given when translating."
        };
        return SPEC.usage_error(&format!("missing operand after ‘{last}’\n{why}"));
    }
    if operands.len() > 2 || (delete && !squeeze && operands.len() > 1) {
        let extra = operands.get(needed).map(String::as_str).unwrap_or_default();
        let why = if delete && !squeeze {
            "\nOnly one string may be given when deleting without squeezing repeats."
        } else {
            ""
        };
        return SPEC.usage_error(&format!("extra operand ‘{extra}’{why}"));
    }
    let set1 = match operands.first().map(|text| expand_set(text)) {
        Some(Ok(set)) => set,
        Some(Err(message)) => return CommandOutput::failure(format!("tr: {message}\n"), 1),
        None => Vec::new(),
    };
    let set2 = match operands.get(1).map(|text| expand_set(text)) {
        Some(Ok(set)) => Some(set),
        Some(Err(message)) => return CommandOutput::failure(format!("tr: {message}\n"), 1),
        None => None,
    };
    let in_set1 = |c: char| set1.contains(&c) != complement;

    let mut out = String::with_capacity(stdin.len());
    let mut previous: Option<char> = None;
    for c in stdin.chars() {
        let mapped = if delete {
            if in_set1(c) {
                continue;
            }
            c
        } else if let Some(set2) = set2.as_ref().filter(|_| !delete) {
            translate(c, &set1, set2, complement)
        } else {
            c
        };
        if squeeze {
            // Squeezing uses the last set given: SET2 when translating or
            // deleting, SET1 when squeezing alone.
            let squeeze_set = set2.as_deref();
            let squeezable = match squeeze_set {
                Some(set) => set.contains(&mapped),
                None => in_set1(mapped),
            };
            if squeezable && previous == Some(mapped) {
                continue;
            }
        }
        previous = Some(mapped);
        out.push(mapped);
    }
    CommandOutput::success(out)
}

fn translate(c: char, set1: &[char], set2: &[char], complement: bool) -> char {
    if complement {
        return if set1.contains(&c) {
            c
        } else {
            set2.last().copied().unwrap_or(c)
        };
    }
    // The last occurrence in SET1 wins, as in GNU tr.
    match set1.iter().rposition(|&x| x == c) {
        Some(index) => set2.get(index).or(set2.last()).copied().unwrap_or(c),
        None => c,
    }
}

fn expand_set(text: &str) -> Result<Vec<char>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut set = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.iter().skip(i + 2).collect();
            if let Some(end) = rest.find(":]") {
                let name = rest.get(..end).unwrap_or_default();
                let class =
                    class_chars(name).ok_or_else(|| format!("invalid character class ‘{name}’"))?;
                set.extend(class);
                i += 2 + name.chars().count() + 2;
                continue;
            }
        }
        let (first, used) = set_char(&chars, i);
        i += used;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some() {
            let (last, used) = set_char(&chars, i + 1);
            if last < first {
                return Err(format!(
                    "range-endpoints of ‘{first}-{last}’ are in reverse collating sequence order"
                ));
            }
            i += 1 + used;
            set.extend(first..=last);
        } else {
            set.push(first);
        }
    }
    Ok(set)
}

/// One possibly escaped character of a set and how many chars it used.
fn set_char(chars: &[char], at: usize) -> (char, usize) {
    let Some(&c) = chars.get(at) else {
        return ('\\', 1);
    };
    if c != '\\' {
        return (c, 1);
    }
    let Some(&e) = chars.get(at + 1) else {
        return ('\\', 1);
    };
    let simple = match e {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        _ => None,
    };
    if let Some(c) = simple {
        return (c, 2);
    }
    if e.is_digit(8) {
        let mut value = 0u32;
        let mut used = 0;
        while used < 3 {
            match chars.get(at + 1 + used).and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    used += 1;
                }
                None => break,
            }
        }
        return (char::from_u32(value & 0xff).unwrap_or('\u{fffd}'), 1 + used);
    }
    (e, 2)
}

fn class_chars(name: &str) -> Option<Vec<char>> {
    let test: fn(&char) -> bool = match name {
        "alpha" => char::is_ascii_alphabetic,
        "digit" => char::is_ascii_digit,
        "alnum" => char::is_ascii_alphanumeric,
        "upper" => char::is_ascii_uppercase,
        "lower" => char::is_ascii_lowercase,
        "space" => |c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}'),
        "blank" => |c| matches!(c, ' ' | '\t'),
        "punct" => char::is_ascii_punctuation,
        "xdigit" => char::is_ascii_hexdigit,
        "cntrl" => char::is_ascii_control,
        "print" => |c| matches!(c, ' '..='~'),
        "graph" => char::is_ascii_graphic,
        _ => return None,
    };
    Some((0u8..128).map(char::from).filter(test).collect())
}
