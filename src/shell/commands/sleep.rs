//! `sleep`: validated here, then handed to the host as `["sleep", ARG...]`
//! so the engine can advance its virtual clock. Nothing waits for real.

use super::Runtime;
use crate::shell::CommandOutput;

pub(crate) fn run(args: &[String], _: &str, runtime: &mut dyn Runtime) -> CommandOutput {
    if args.is_empty() {
        return CommandOutput::failure(
            "sleep: missing operand\nTry 'sleep --help' for more information.\n".to_string(),
            1,
        );
    }
    for arg in args {
        if seconds(arg).is_none() {
            return CommandOutput::failure(
                format!(
                    "sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information.\n"
                ),
                1,
            );
        }
    }
    let mut argv = vec!["sleep".to_string()];
    argv.extend(args.iter().cloned());
    runtime.host_run(&argv, "")
}

/// The duration GNU sleep accepts: a non-negative number with an optional
/// s/m/h/d suffix.
pub(crate) fn seconds(text: &str) -> Option<f64> {
    let (number, unit) = match text.char_indices().last() {
        Some((index, c @ ('s' | 'm' | 'h' | 'd'))) => (text.get(..index)?, c),
        _ => (text, 's'),
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let factor = match unit {
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86400.0,
        _ => 1.0,
    };
    Some(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_gnu_suffixes() {
        assert_eq!(seconds("2"), Some(2.0));
        assert_eq!(seconds("1.5m"), Some(90.0));
        assert_eq!(seconds("x"), None);
        assert_eq!(seconds("-1"), None);
        assert_eq!(seconds("s"), None);
    }
}
