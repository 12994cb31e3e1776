//! A play session as a transcript: `$ command` lines, each followed by
//! what the simulated host printed, in the form `dockdrill grade` reads.

use crate::transcript::MAX_LINE_BYTES;

/// One command typed in `play` and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub command: String,
    /// stdout and stderr as the terminal showed them.
    pub printed: String,
}

/// The transcript text of `steps`. Printed lines the transcript format
/// cannot hold as they are (one that starts with `$ `, would read as a
/// command; one with a NUL, a carriage return or too many bytes) become
/// `...`, which matches any lines, so the text still grades as what the
/// engine printed.
pub fn transcript(scenario: &str, steps: &[Recorded]) -> String {
    let mut out = format!("# {scenario}: recorded by dockdrill play\n");
    for (i, step) in steps.iter().enumerate() {
        let mut physical = step.command.split('\n');
        out.push_str("$ ");
        out.push_str(physical.next().unwrap_or_default());
        out.push('\n');
        for continuation in physical {
            out.push_str("> ");
            out.push_str(continuation);
            out.push('\n');
        }
        let mut lines: Vec<&str> = if step.printed.is_empty() {
            Vec::new()
        } else {
            let body = step.printed.strip_suffix('\n').unwrap_or(&step.printed);
            body.split('\n').collect()
        };
        // The parser drops blank lines at the end of the file; an elision
        // keeps the last step's trailing blank lines matching.
        let last = i + 1 == steps.len();
        let mut elide_end = false;
        if last {
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
                elide_end = true;
            }
        }
        let mut previous_elided = false;
        for line in lines {
            if holds(line) {
                out.push_str(line);
                out.push('\n');
                previous_elided = false;
            } else if !previous_elided {
                out.push_str("...\n");
                previous_elided = true;
            }
        }
        if elide_end && !previous_elided {
            out.push_str("...\n");
        }
    }
    out
}

/// Whether a printed line reads back as the same claimed line.
fn holds(line: &str) -> bool {
    !(line == "$"
        || line.starts_with("$ ")
        || line.contains('\0')
        || line.contains('\r')
        || line.len() > MAX_LINE_BYTES)
}

#[cfg(test)]
mod tests {
    use super::{Recorded, transcript};
    use crate::transcript::{matches, parse};

    fn step(command: &str, printed: &str) -> Recorded {
        Recorded {
            command: command.to_owned(),
            printed: printed.to_owned(),
        }
    }

    #[test]
    fn recorded_steps_read_back_and_match_what_was_printed() {
        let steps = vec![
            step("echo '$ not a command'", "$ not a command\nok\n"),
            step("docker ps \\\n  -a", "CONTAINER ID\n"),
            step("echo -n x", "x"),
            step("echo", "\n"),
        ];
        let text = transcript("s", &steps);
        let parsed = parse(&text).expect("the recording parses");
        assert_eq!(parsed.steps.len(), steps.len());
        for (read, original) in parsed.steps.iter().zip(&steps) {
            assert_eq!(read.command, original.command);
            assert!(
                matches(&read.claimed, &original.printed),
                "{:?} vs {:?}",
                read.claimed,
                original.printed
            );
        }
    }
}
