//! bash's builtin `echo`: `-n`, `-e`, `-E`; anything else is printed.

use super::Runtime;
use super::text::success;
use crate::shell::CommandOutput;
use crate::shell::escapes::unescape;

pub(crate) fn run(args: &[String], _: &str, _: &mut dyn Runtime) -> CommandOutput {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    // Only words made entirely of n/e/E after a dash are options; `-x` or
    // `--` are printed, exactly as bash does.
    while let Some((first, tail)) = rest.split_first() {
        let Some(letters) = first.strip_prefix('-') else {
            break;
        };
        if letters.is_empty() || !letters.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for letter in letters.chars() {
            match letter {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut out = String::new();
    for (index, arg) in rest.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if escapes {
            let (text, stop) = unescape(arg, true);
            out.push_str(&text);
            if stop {
                return success(out);
            }
        } else {
            out.push_str(arg);
        }
    }
    if newline {
        out.push('\n');
    }
    success(out)
}
