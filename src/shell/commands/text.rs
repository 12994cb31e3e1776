//! Line handling shared by the text filters.

use crate::shell::CommandOutput;

/// The lines of a stream, without their newlines. A final line without a
/// newline still counts, as in the GNU tools.
pub(crate) fn lines(input: &str) -> Vec<&str> {
    let body = input.strip_suffix('\n').unwrap_or(input);
    if input.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    }
}

/// Joins lines back into a stream, each ending in a newline.
pub(crate) fn unlines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// GNU tools given a file operand: there are no files in a drill.
pub(crate) fn no_such_file(command: &str, file: &str) -> String {
    format!("{command}: {file}: No such file or directory\n")
}

pub(crate) fn success(stdout: String) -> CommandOutput {
    CommandOutput::success(stdout)
}

/// Parses a count as GNU `xstrtoumax` would for `head -n`/`tail -n`,
/// with the multiplier suffixes people actually type.
pub(crate) fn parse_count(text: &str) -> Option<u64> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    if digits.is_empty() {
        return None;
    }
    let value: u64 = digits.parse().unwrap_or(u64::MAX);
    let multiplier: u64 = match suffix {
        "" => 1,
        "b" => 512,
        "k" | "K" | "KiB" => 1024,
        "kB" | "KB" => 1000,
        "M" | "MiB" => 1024 * 1024,
        "MB" => 1000 * 1000,
        "G" | "GiB" => 1024 * 1024 * 1024,
        "GB" => 1000 * 1000 * 1000,
        _ => return None,
    };
    Some(value.saturating_mul(multiplier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_an_unterminated_last_line() {
        assert_eq!(lines("a\nb"), vec!["a", "b"]);
        assert_eq!(lines("a\nb\n"), vec!["a", "b"]);
        assert_eq!(lines("\n"), vec![""]);
        assert!(lines("").is_empty());
    }
}
