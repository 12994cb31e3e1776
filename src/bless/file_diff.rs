//! A whole-file unified diff between a transcript and its proposal, as
//! `diff -u` would show it.

use owo_colors::OwoColorize;
use similar::{ChangeTag, TextDiff};

/// `--- old_name` / `+++ new_name`, then hunks with three lines of context.
/// Empty when the texts are equal.
pub fn file_diff(old_name: &str, old: &str, new_name: &str, new: &str, color: bool) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let paint = |text: String, f: fn(&str) -> String| if color { f(&text) } else { text };
    out.push_str(&paint(format!("--- {old_name}\n"), |s| {
        s.bold().to_string()
    }));
    out.push_str(&paint(format!("+++ {new_name}\n"), |s| {
        s.bold().to_string()
    }));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&paint(format!("{}\n", hunk.header()), |s| {
            s.cyan().to_string()
        }));
        for change in hunk.iter_changes() {
            let (sign, f): (char, fn(&str) -> String) = match change.tag() {
                ChangeTag::Equal => (' ', |s| s.to_owned()),
                ChangeTag::Delete => ('-', |s| s.red().to_string()),
                ChangeTag::Insert => ('+', |s| s.green().to_string()),
            };
            let text = change.value().trim_end_matches(['\n', '\r']);
            out.push_str(&paint(format!("{sign}{text}"), f));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let d = file_diff("a", "x\ny\nz\n", "b", "x\nY\nz\n", false);
        assert_eq!(d, "--- a\n+++ b\n@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n");
    }
}
