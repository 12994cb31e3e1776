//! `sh -c 'CMD'` inside a container: simple commands joined by `&&`,
//! `||` and `;`, single and double quotes, `$NAME` expansion. Pipes and
//! redirections are beyond it (documented in GRAMMAR.md).

use super::{ExecOutput, has_binary, run_program};
use crate::engine::World;

pub fn run(world: &World, idx: usize, shell: &str, args: &[String]) -> ExecOutput {
    let script = match args.split_first() {
        Some((flag, rest)) if flag == "-c" => match rest.first() {
            Some(s) => s.clone(),
            None => {
                return ExecOutput::err(format!("{shell}: -c: option requires an argument\n"), 2);
            }
        },
        // No script and no stdin: the shell reads EOF and exits.
        _ => return ExecOutput::ok(String::new()),
    };
    let env = super::environment(world, idx);
    let mut out = ExecOutput::default();
    let mut last = 0;
    let mut skip = false;
    for (words, op) in split(&script, &env) {
        if !skip && !words.is_empty() {
            let name = &words[0];
            // Builtins: `exit [N]` ends the script (a healthcheck's usual
            // `|| exit 1`); `export` and `:` change nothing a later
            // command here could see.
            if name == "exit" {
                match words.get(1) {
                    None => {}
                    Some(n) => match n.parse::<u32>() {
                        Ok(v) => last = (v & 0xff) as i32,
                        Err(_) => {
                            out.eprint(&format!("{shell}: exit: Illegal number: {n}\n"));
                            last = 2;
                        }
                    },
                }
                out.status = last;
                return out;
            }
            let result = if name == "export" || name == ":" {
                ExecOutput::ok(String::new())
            } else if has_binary(world, idx, name) {
                run_program(world, idx, &words)
            } else {
                ExecOutput::err(format!("{shell}: {name}: not found\n"), 127)
            };
            out.writes.append(&result.writes);
            last = result.status;
        }
        skip = match op.as_str() {
            "&&" => last != 0,
            "||" => last == 0,
            _ => false,
        };
    }
    out.status = last;
    out
}

/// Commands with the operator after each.
fn split(script: &str, env: &[String]) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let expand = |name: &str| -> String {
        env.iter()
            .find_map(|e| e.strip_prefix(&format!("{name}=")))
            .unwrap_or("")
            .to_owned()
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                word.push(n);
                            }
                        }
                        '$' => {
                            let mut name = String::new();
                            while let Some(&n) = chars.peek() {
                                if n.is_ascii_alphanumeric() || n == '_' {
                                    name.push(n);
                                    chars.next();
                                } else {
                                    break;
                                }
                            }
                            word.push_str(&expand(&name));
                        }
                        _ => word.push(c),
                    }
                }
            }
            '$' => {
                in_word = true;
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                word.push_str(&expand(&name));
            }
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            ';' | '&' | '|' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                let mut op = ch.to_string();
                if ch != ';' && chars.peek() == Some(&ch) {
                    chars.next();
                    op.push(ch);
                }
                out.push((std::mem::take(&mut words), op));
            }
            _ => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    out.push((words, String::new()));
    out
}
