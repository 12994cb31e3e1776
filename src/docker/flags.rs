//! Command-line flags as spf13/pflag parses them for docker's cobra commands.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub enum FlagKind {
    /// `--all`, `-a`, `--all=false`
    Bool,
    /// One value; the last occurrence wins.
    String,
    /// Repeatable (`--filter a --filter b`, `-e X -e Y`).
    List,
    /// A Go `int` (value validated at parse).
    Int,
    /// A Go `time.Duration` (validated at parse; read with `Parsed::duration`).
    Duration,
    /// A custom pflag `Value` (bytes, decimals, `uint16`...): one value, the
    /// last wins; its `Set` check runs at parse, so a bad value is reported
    /// where pflag reports it, with the check's error text.
    Value(fn(&str) -> Result<(), String>),
}

impl PartialEq for FlagKind {
    fn eq(&self, other: &FlagKind) -> bool {
        match (self, other) {
            (FlagKind::Value(a), FlagKind::Value(b)) => std::ptr::fn_addr_eq(*a, *b),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for FlagKind {}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
}

impl Flag {
    pub const fn bool(long: &'static str, short: Option<char>) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::Bool,
        }
    }
    pub const fn string(long: &'static str, short: Option<char>) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::String,
        }
    }
    pub const fn list(long: &'static str, short: Option<char>) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::List,
        }
    }
    pub const fn int(long: &'static str, short: Option<char>) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::Int,
        }
    }
    pub const fn duration(long: &'static str, short: Option<char>) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::Duration,
        }
    }
    pub const fn value(
        long: &'static str,
        short: Option<char>,
        check: fn(&str) -> Result<(), String>,
    ) -> Flag {
        Flag {
            long,
            short,
            kind: FlagKind::Value(check),
        }
    }
}

/// Flags and positional arguments after parsing.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    values: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn is_set(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }

    /// A bool flag's value (`--all=false` is false).
    pub fn flag(&self, long: &str) -> bool {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .is_some_and(|v| v == "true")
    }

    pub fn string(&self, long: &str) -> Option<&str> {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn list(&self, long: &str) -> &[String] {
        self.values.get(long).map_or(&[], Vec::as_slice)
    }

    /// An int flag's value; parse already validated it.
    pub fn int(&self, long: &str) -> Option<i64> {
        self.string(long).and_then(|v| parse_go_int(v).ok())
    }

    /// A duration flag's value in nanoseconds; parse already validated it.
    pub fn duration(&self, long: &str) -> Option<i64> {
        self.string(long)
            .and_then(|v| super::go_duration::parse(v).ok())
    }
}

/// pflag's error texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagError {
    /// `--=x`, `---x`: pflag's `bad flag syntax`, naming the whole argument.
    BadSyntax(String),
    UnknownFlag(String),
    UnknownShorthand {
        c: char,
        arg: String,
    },
    NeedsArgument(String),
    NeedsArgumentShort {
        c: char,
        arg: String,
    },
    InvalidValue {
        value: String,
        flag: String,
        reason: String,
    },
}

impl std::fmt::Display for FlagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlagError::BadSyntax(arg) => write!(f, "bad flag syntax: {arg}"),
            FlagError::UnknownFlag(name) => write!(f, "unknown flag: --{name}"),
            FlagError::UnknownShorthand { c, arg } => {
                write!(f, "unknown shorthand flag: '{c}' in {arg}")
            }
            FlagError::NeedsArgument(name) => write!(f, "flag needs an argument: --{name}"),
            FlagError::NeedsArgumentShort { c, arg } => {
                write!(f, "flag needs an argument: '{c}' in {arg}")
            }
            FlagError::InvalidValue {
                value,
                flag,
                reason,
            } => {
                write!(
                    f,
                    "invalid argument \"{value}\" for \"{flag}\" flag: {reason}"
                )
            }
        }
    }
}

/// Parses `args` against `flags`. With `interspersed` false (docker `run`,
/// `exec`), the first positional argument ends flag parsing.
pub fn parse(args: &[String], flags: &[Flag], interspersed: bool) -> Result<Parsed, FlagError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            parsed.args.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = arg.strip_prefix("--") {
            if body.starts_with(['-', '=']) {
                return Err(FlagError::BadSyntax(arg.clone()));
            }
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (body, None),
            };
            let flag = flags
                .iter()
                .find(|f| f.long == name)
                .ok_or_else(|| FlagError::UnknownFlag(name.to_owned()))?;
            let value = match (flag.kind, inline) {
                (_, Some(v)) => v,
                (FlagKind::Bool, None) => "true".to_owned(),
                (_, None) => {
                    let v = args
                        .get(i)
                        .ok_or_else(|| FlagError::NeedsArgument(name.to_owned()))?;
                    i += 1;
                    v.clone()
                }
            };
            set(&mut parsed, flag, value)?;
        } else if arg.len() > 1 && arg.starts_with('-') {
            let shorts: Vec<char> = arg[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                let flag = flags.iter().find(|f| f.short == Some(c)).ok_or_else(|| {
                    FlagError::UnknownShorthand {
                        c,
                        arg: arg.clone(),
                    }
                })?;
                if flag.kind == FlagKind::Bool {
                    if shorts.get(j) == Some(&'=') {
                        let v: String = shorts[j + 1..].iter().collect();
                        set(&mut parsed, flag, v)?;
                        break;
                    }
                    set(&mut parsed, flag, "true".to_owned())?;
                    continue;
                }
                let rest: String = shorts[j..].iter().collect();
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_owned()
                } else if !rest.is_empty() {
                    rest
                } else {
                    let v = args.get(i).ok_or_else(|| FlagError::NeedsArgumentShort {
                        c,
                        arg: arg.clone(),
                    })?;
                    i += 1;
                    v.clone()
                };
                set(&mut parsed, flag, value)?;
                break;
            }
        } else {
            parsed.args.push(arg.clone());
            if !interspersed {
                parsed.args.extend(args[i..].iter().cloned());
                break;
            }
        }
    }
    Ok(parsed)
}

fn set(parsed: &mut Parsed, flag: &Flag, value: String) -> Result<(), FlagError> {
    let display = match flag.short {
        Some(c) => format!("-{c}, --{}", flag.long),
        None => format!("--{}", flag.long),
    };
    match flag.kind {
        FlagKind::Bool => {
            let normalized = parse_go_bool(&value).ok_or_else(|| FlagError::InvalidValue {
                value: value.clone(),
                flag: display,
                reason: format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    go_quote_simple(&value)
                ),
            })?;
            parsed
                .values
                .insert(flag.long, vec![normalized.to_string()]);
        }
        FlagKind::Int => {
            parse_go_int(&value).map_err(|reason| FlagError::InvalidValue {
                value: value.clone(),
                flag: display,
                reason,
            })?;
            parsed.values.insert(flag.long, vec![value]);
        }
        FlagKind::Duration => {
            super::go_duration::parse(&value).map_err(|reason| FlagError::InvalidValue {
                value: value.clone(),
                flag: display,
                reason,
            })?;
            parsed.values.insert(flag.long, vec![value]);
        }
        FlagKind::Value(check) => {
            check(&value).map_err(|reason| FlagError::InvalidValue {
                value: value.clone(),
                flag: display,
                reason,
            })?;
            parsed.values.insert(flag.long, vec![value]);
        }
        FlagKind::String => {
            parsed.values.insert(flag.long, vec![value]);
        }
        FlagKind::List => parsed.values.entry(flag.long).or_default().push(value),
    }
    Ok(())
}

/// `strconv.ParseBool`
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseInt(v, 0, 64)` as pflag's int flags call it, with its error text.
fn parse_go_int(v: &str) -> Result<i64, String> {
    let quoted = go_quote_simple(v);
    let invalid = || format!("strconv.ParseInt: parsing {quoted}: invalid syntax");
    let (neg, digits) = match v.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let digits = digits.replace('_', "");
    let Some((radix, body)) = go_radix_digits(&digits) else {
        return Err(invalid());
    };
    let magnitude = i128::from_str_radix(body, radix).map_err(|_| invalid())?;
    let value = if neg { -magnitude } else { magnitude };
    i64::try_from(value)
        .map_err(|_| format!("strconv.ParseInt: parsing {quoted}: value out of range"))
}

/// Go's `%q` for the ASCII strings flags usually carry.
pub(crate) fn go_quote_simple(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Base prefix (`0x`, `0b`, `0o`, a leading `0` for octal) and digits of an
/// unsigned Go integer literal, as `strconv.Parse{Int,Uint}` with base 0 read
/// it (underscores already removed); `None` when the digits do not fit the base.
pub(crate) fn go_radix_digits(digits: &str) -> Option<(u32, &str)> {
    let prefixed = |lower: &str, upper: &str| {
        digits
            .strip_prefix(lower)
            .or_else(|| digits.strip_prefix(upper))
    };
    let (radix, body) = if let Some(h) = prefixed("0x", "0X") {
        (16, h)
    } else if let Some(b) = prefixed("0b", "0B") {
        (2, b)
    } else if let Some(o) = prefixed("0o", "0O") {
        (8, o)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    (!body.is_empty() && body.chars().all(|c| c.is_digit(radix))).then_some((radix, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PS: &[Flag] = &[
        Flag::bool("all", Some('a')),
        Flag::bool("quiet", Some('q')),
        Flag::int("last", Some('n')),
        Flag::string("format", None),
        Flag::list("filter", Some('f')),
    ];

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn combined_shorthands_and_attached_values() {
        let p = parse(&args(&["-aq", "-n3", "--format={{.ID}}", "x"]), PS, true).unwrap();
        assert!(p.flag("all") && p.flag("quiet"));
        assert_eq!(p.int("last"), Some(3));
        assert_eq!(p.string("format"), Some("{{.ID}}"));
        assert_eq!(p.args, ["x"]);
    }

    #[test]
    fn repeatable_flags_accumulate() {
        let p = parse(&args(&["-f", "a=1", "--filter", "b=2"]), PS, true).unwrap();
        assert_eq!(p.list("filter"), ["a=1", "b=2"]);
    }

    #[test]
    fn errors_read_as_pflag_writes_them() {
        let e = |a: &[&str]| parse(&args(a), PS, true).unwrap_err().to_string();
        assert_eq!(e(&["--nope"]), "unknown flag: --nope");
        assert_eq!(e(&["-x"]), "unknown shorthand flag: 'x' in -x");
        assert_eq!(e(&["--format"]), "flag needs an argument: --format");
        assert_eq!(e(&["-n"]), "flag needs an argument: 'n' in -n");
        assert_eq!(
            e(&["-n", "abc"]),
            "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
    }

    #[test]
    fn non_interspersed_stops_at_first_positional() {
        let p = parse(&args(&["-a", "img", "-q"]), PS, false).unwrap();
        assert_eq!(p.args, ["img", "-q"]);
        assert!(!p.flag("quiet"));
    }
}
