//! `awk`: only `{ print ITEM... }` programs, where an item is `$N`, `$NF`,
//! `$(NF-N)`, `NF`, `NR` or a "string"; `,` joins with a space. `-F SEP`
//! splits on a literal separator. Anything else is refused clearly rather
//! than half-interpreted.

use super::Runtime;
use super::text::lines;
use crate::shell::CommandOutput;

#[derive(Debug, PartialEq)]
enum Item {
    Field(FieldRef),
    Nf,
    Nr,
    Text(String),
    /// `,` in a print list: the output field separator.
    Separator,
}

#[derive(Debug, PartialEq)]
enum FieldRef {
    Number(usize),
    /// `$NF` (0) and `$(NF-n)`.
    FromEnd(usize),
}

const UNSUPPORTED: &str =
    "dockdrill: awk: only '{print $N, ...}' programs are supported in drills\n";

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let mut separator: Option<String> = None;
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        if first == "--" {
            rest = tail;
            break;
        }
        if let Some(value) = first.strip_prefix("-F") {
            if value.is_empty() {
                let Some((value, tail)) = tail.split_first() else {
                    return CommandOutput::failure(
                        "awk: option requires an argument -- F\n".to_string(),
                        2,
                    );
                };
                separator = Some(value.clone());
                rest = tail;
            } else {
                separator = Some(value.to_string());
                rest = tail;
            }
            continue;
        }
        if first.starts_with('-') && first.len() > 1 {
            return CommandOutput::failure(UNSUPPORTED.to_string(), 2);
        }
        break;
    }
    let Some((program, files)) = rest.split_first() else {
        return CommandOutput::failure(
            "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n".to_string(),
            2,
        );
    };
    if let Some(file) = files.iter().find(|file| *file != "-") {
        return CommandOutput::failure(
            format!("awk: cannot open {file} (No such file or directory)\n"),
            2,
        );
    }
    let Some(items) = parse_program(program) else {
        return CommandOutput::failure(UNSUPPORTED.to_string(), 2);
    };
    let separator = separator.map(|sep| if sep == "\\t" { "\t".to_string() } else { sep });
    let mut stdout = String::new();
    for (index, line) in lines(stdin).into_iter().enumerate() {
        let fields: Vec<&str> = match separator.as_deref() {
            None | Some(" ") => line.split_whitespace().collect(),
            Some("") => vec![line],
            Some(sep) => line.split(sep).collect(),
        };
        for item in &items {
            match item {
                Item::Separator => stdout.push(' '),
                Item::Text(text) => stdout.push_str(text),
                Item::Nf => stdout.push_str(&fields.len().to_string()),
                Item::Nr => stdout.push_str(&(index + 1).to_string()),
                Item::Field(FieldRef::Number(0)) => stdout.push_str(line),
                Item::Field(FieldRef::Number(n)) => {
                    stdout.push_str(fields.get(n - 1).copied().unwrap_or_default());
                }
                Item::Field(FieldRef::FromEnd(back)) => {
                    let n = fields.len().checked_sub(*back);
                    match n {
                        Some(0) => stdout.push_str(line),
                        Some(n) => stdout.push_str(fields.get(n - 1).copied().unwrap_or_default()),
                        None => {
                            return CommandOutput::new(
                                &stdout,
                                &format!(
                                    "awk: run time error: negative field index $-{}\n",
                                    back - fields.len()
                                ),
                                2,
                            );
                        }
                    }
                }
            }
        }
        stdout.push('\n');
    }
    CommandOutput::success(stdout)
}

fn parse_program(program: &str) -> Option<Vec<Item>> {
    let body = program.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
    let body = body.strip_suffix(';').unwrap_or(body).trim();
    let list = body.strip_prefix("print")?;
    if !list.is_empty() && !list.starts_with([' ', '\t', '$', '"', '(']) {
        return None;
    }
    let chars: Vec<char> = list.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            ' ' | '\t' => i += 1,
            ',' => {
                items.push(Item::Separator);
                i += 1;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i)? {
                        '"' => break,
                        '\\' => {
                            i += 1;
                            text.push(match chars.get(i)? {
                                'n' => '\n',
                                't' => '\t',
                                other => *other,
                            });
                        }
                        other => text.push(*other),
                    }
                    i += 1;
                }
                i += 1;
                items.push(Item::Text(text));
            }
            '$' => {
                let rest: String = chars.iter().skip(i + 1).collect();
                let (field, used) = parse_field(&rest)?;
                items.push(Item::Field(field));
                i += 1 + used;
            }
            _ => {
                let rest: String = chars.iter().skip(i).collect();
                if rest.starts_with("NF") {
                    items.push(Item::Nf);
                } else if rest.starts_with("NR") {
                    items.push(Item::Nr);
                } else {
                    return None;
                }
                i += 2;
            }
        }
    }
    if items.is_empty() {
        items.push(Item::Field(FieldRef::Number(0)));
    }
    Some(items)
}

/// A field reference after `$`, and how many chars it used.
fn parse_field(text: &str) -> Option<(FieldRef, usize)> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let n = digits.parse().ok()?;
        return Some((FieldRef::Number(n), digits.len()));
    }
    if text.starts_with("NF") {
        return Some((FieldRef::FromEnd(0), 2));
    }
    let inner = text.strip_prefix('(')?;
    let close = inner.find(')')?;
    let expr: String = inner
        .get(..close)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let used = 1 + close + 1;
    if expr == "NF" {
        return Some((FieldRef::FromEnd(0), used));
    }
    if let Some(back) = expr.strip_prefix("NF-") {
        return Some((FieldRef::FromEnd(back.parse().ok()?), used));
    }
    Some((FieldRef::Number(expr.parse().ok()?), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_parses_fields_strings_and_separators() {
        assert_eq!(
            parse_program(r#"{ print $1, $NF "x" }"#),
            Some(vec![
                Item::Field(FieldRef::Number(1)),
                Item::Separator,
                Item::Field(FieldRef::FromEnd(0)),
                Item::Text("x".to_string()),
            ])
        );
        assert_eq!(
            parse_program("{print $(NF-1)}"),
            Some(vec![Item::Field(FieldRef::FromEnd(1))])
        );
        assert_eq!(
            parse_program("{print}"),
            Some(vec![Item::Field(FieldRef::Number(0))])
        );
    }

    #[test]
    fn other_programs_are_refused() {
        assert_eq!(parse_program("NR==1{print $1}"), None);
        assert_eq!(parse_program("{printf $1}"), None);
        assert_eq!(parse_program("{print $1; print $2}"), None);
    }
}
