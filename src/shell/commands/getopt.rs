//! GNU-style option parsing shared by the built-in commands, with GNU's
//! error texts (`invalid option -- 'x'`, `Try 'cmd --help' ...`).

use crate::shell::CommandOutput;

pub(crate) struct Spec {
    pub name: &'static str,
    /// Short options that take no argument.
    pub flags: &'static str,
    /// Short options that take an argument.
    pub with_arg: &'static str,
    /// Long option, the short option it stands for, whether it takes an argument.
    pub long: &'static [(&'static str, char, bool)],
    /// GNU tools accept options after operands; `xargs` stops at its command.
    pub permute: bool,
    /// Exit status for a usage error (grep uses 2).
    pub usage_status: i32,
    /// grep prints a `Usage:` line before the `Try` line.
    pub usage_line: Option<&'static str>,
}

pub(crate) struct Parsed {
    pub options: Vec<(char, Option<String>)>,
    pub operands: Vec<String>,
}

impl Parsed {
    pub fn has(&self, option: char) -> bool {
        self.options.iter().any(|(c, _)| *c == option)
    }

    /// The value of the last occurrence of an option, as GNU tools use it.
    pub fn last(&self, option: char) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(c, _)| *c == option)
            .and_then(|(_, value)| value.as_deref())
    }
}

impl Spec {
    /// The failure for a usage error whose first line is `message`.
    pub fn usage_error(&self, message: &str) -> CommandOutput {
        let mut text = String::new();
        if !message.is_empty() {
            text.push_str(&format!("{}: {message}\n", self.name));
        }
        if let Some(usage) = self.usage_line {
            text.push_str(&format!("Usage: {} {usage}\n", self.name));
        }
        text.push_str(&format!(
            "Try '{} --help' for more information.\n",
            self.name
        ));
        CommandOutput::failure(text, self.usage_status)
    }

    pub fn parse(&self, args: &[String]) -> Result<Parsed, CommandOutput> {
        let mut parsed = Parsed {
            options: Vec::new(),
            operands: Vec::new(),
        };
        let mut index = 0;
        while let Some(arg) = args.get(index) {
            index += 1;
            if arg == "--" {
                parsed.operands.extend(args.iter().skip(index).cloned());
                break;
            }
            if let Some(long) = arg.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_string())),
                    None => (long, None),
                };
                let (short, takes_arg) = self.find_long(name, arg)?;
                let value = if takes_arg {
                    match inline {
                        Some(value) => Some(value),
                        None => match args.get(index) {
                            Some(value) => {
                                index += 1;
                                Some(value.clone())
                            }
                            None => {
                                return Err(self
                                    .usage_error(&format!("option '{arg}' requires an argument")));
                            }
                        },
                    }
                } else if inline.is_some() {
                    return Err(
                        self.usage_error(&format!("option '--{name}' doesn't allow an argument"))
                    );
                } else {
                    None
                };
                parsed.options.push((short, value));
                continue;
            }
            if arg.len() > 1 && arg.starts_with('-') {
                let letters: Vec<char> = arg.chars().skip(1).collect();
                let mut at = 0;
                while let Some(&letter) = letters.get(at) {
                    at += 1;
                    if self.flags.contains(letter) {
                        parsed.options.push((letter, None));
                    } else if self.with_arg.contains(letter) {
                        let rest: String = letters.iter().skip(at).collect();
                        let value = if !rest.is_empty() {
                            rest
                        } else if let Some(value) = args.get(index) {
                            index += 1;
                            value.clone()
                        } else {
                            return Err(self.usage_error(&format!(
                                "option requires an argument -- '{letter}'"
                            )));
                        };
                        parsed.options.push((letter, Some(value)));
                        break;
                    } else {
                        return Err(self.usage_error(&format!("invalid option -- '{letter}'")));
                    }
                }
                continue;
            }
            parsed.operands.push(arg.clone());
            if !self.permute {
                parsed.operands.extend(args.iter().skip(index).cloned());
                break;
            }
        }
        Ok(parsed)
    }

    /// A long option by exact name or unambiguous prefix, as getopt_long does.
    fn find_long(&self, name: &str, arg: &str) -> Result<(char, bool), CommandOutput> {
        if let Some((_, short, takes)) = self.long.iter().find(|(long, _, _)| *long == name) {
            return Ok((*short, *takes));
        }
        let candidates: Vec<_> = self
            .long
            .iter()
            .filter(|(long, _, _)| !name.is_empty() && long.starts_with(name))
            .collect();
        match candidates.as_slice() {
            [(_, short, takes)] => Ok((*short, *takes)),
            [] => Err(self.usage_error(&format!("unrecognized option '{arg}'"))),
            _ => Err(self.usage_error(&format!("option '{arg}' is ambiguous"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        name: "demo",
        flags: "ab",
        with_arg: "n",
        long: &[
            ("lines", 'n', true),
            ("all", 'a', false),
            ("alpha", 'b', false),
        ],
        permute: true,
        usage_status: 1,
        usage_line: None,
    };

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bundled_flags_and_attached_values_parse() {
        let parsed = SPEC
            .parse(&args(&["-abn5", "x", "--lines=3", "--", "-a"]))
            .ok();
        let parsed = parsed.map(|p| (p.options, p.operands));
        assert_eq!(
            parsed,
            Some((
                vec![
                    ('a', None),
                    ('b', None),
                    ('n', Some("5".into())),
                    ('n', Some("3".into()))
                ],
                args(&["x", "-a"])
            ))
        );
    }

    #[test]
    fn invalid_option_uses_gnu_text() {
        let error = SPEC
            .parse(&args(&["-z"]))
            .err()
            .map(|e| e.stderr().to_owned());
        assert_eq!(
            error.as_deref(),
            Some("demo: invalid option -- 'z'\nTry 'demo --help' for more information.\n")
        );
    }

    #[test]
    fn ambiguous_long_prefix_is_an_error() {
        let error = SPEC
            .parse(&args(&["--al"]))
            .err()
            .map(|e| e.stderr().to_owned());
        assert!(error.is_some_and(|e| e.contains("option '--al' is ambiguous")));
    }
}
