//! A transcript with the claimed output of its mismatching steps replaced
//! by what the engine printed, keeping whatever the author wrote that still
//! holds.

use std::fmt;

use crate::transcript::{self, LineTag};
use crate::verdict::StepResult;

/// A rewritten transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub text: String,
    /// 1-based lines of the `$ ` commands whose claimed output changed.
    pub rewritten: Vec<usize>,
}

/// Why no faithful proposal exists for a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalError {
    /// 1-based line of the step concerned.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ProposalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

impl std::error::Error for ProposalError {}

/// Proposes a new text for the transcript `text`, given the replay of its
/// steps (`results`, in order, as the runner produced them from this very
/// text). `Ok(None)`: every step's claimed output already matches.
pub fn propose(text: &str, results: &[StepResult]) -> Result<Option<Proposal>, ProposalError> {
    if results.iter().all(|r| r.matched) {
        return Ok(None);
    }
    let parsed = transcript::parse(text).map_err(|e| ProposalError {
        line: e.line,
        message: e.message,
    })?;
    if parsed.steps.len() != results.len() {
        return Err(ProposalError {
            line: 1,
            message: "the transcript changed while it was replayed".to_owned(),
        });
    }
    let file_lines: Vec<&str> = text.split_inclusive('\n').collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len());
    let mut next = 0; // index into file_lines of the first line not yet copied
    let mut rewritten = Vec::new();
    for (step, result) in parsed.steps.iter().zip(results) {
        if result.matched {
            continue;
        }
        for line in &result.printed.lines().collect::<Vec<_>>() {
            if line.starts_with("$ ") || *line == "$" {
                return Err(ProposalError {
                    line: step.line,
                    message: format!(
                        "the engine printed a line starting with `$`, which a transcript would read as a command: {line:?}"
                    ),
                });
            }
        }
        let start = step.claimed_line.saturating_sub(1);
        let count = step.claimed.lines().count();
        let end = (start + count).min(file_lines.len());
        for line in file_lines.get(next..start).unwrap_or_default() {
            out.push_str(line);
        }
        let claim = rewrite_claim(&step.claimed, &result.printed);
        for line in claim.lines() {
            out.push_str(line);
            out.push_str(newline);
        }
        next = end.max(start);
        rewritten.push(step.line);
    }
    for line in file_lines.get(next..).unwrap_or_default() {
        out.push_str(line);
    }
    verify(&out, results)?;
    Ok(Some(Proposal {
        text: out,
        rewritten,
    }))
}

/// The claimed output rewritten to match `printed`: claimed lines that still
/// match (elisions included) stay as written, lines the engine did not print
/// go, printed lines nobody claimed come in.
fn rewrite_claim(claimed: &str, printed: &str) -> String {
    let claimed_lines: Vec<&str> = claimed.lines().collect();
    let aligned = transcript::diff(claimed, printed);
    let mut out: Vec<String> = Vec::new();
    // 1-based index of the next claimed line not yet placed.
    let mut next = 1;
    // Elisions that covered no printed line never show in the alignment;
    // they still match, so they stay where they were.
    let keep_elisions_before = |k: usize, next: &mut usize, out: &mut Vec<String>| {
        while *next < k {
            if let Some(line) = claimed_lines.get(*next - 1)
                && *line == "..."
            {
                out.push((*line).to_owned());
            }
            *next += 1;
        }
    };
    for line in &aligned.lines {
        match (line.tag, line.claimed_line) {
            (LineTag::Equal, Some(k)) => {
                keep_elisions_before(k, &mut next, &mut out);
                if k == next {
                    out.push(claimed_lines.get(k - 1).copied().unwrap_or("").to_owned());
                    next = k + 1;
                }
            }
            (LineTag::Missing, Some(k)) => {
                keep_elisions_before(k, &mut next, &mut out);
                if k == next {
                    next = k + 1;
                }
            }
            _ => out.push(line.text()),
        }
    }
    keep_elisions_before(claimed_lines.len() + 1, &mut next, &mut out);
    let mut text = String::new();
    for line in &out {
        text.push_str(line);
        text.push('\n');
    }
    if transcript::matches(&text, printed) {
        text
    } else {
        // An alignment that does not match after all (outputs too large to
        // align take a plain diff): the printed output itself always does.
        printed.lines().map(|l| format!("{l}\n")).collect()
    }
}

/// The proposal must read back as the same commands, each claiming what the
/// engine printed.
fn verify(text: &str, results: &[StepResult]) -> Result<(), ProposalError> {
    let parsed = transcript::parse(text).map_err(|e| ProposalError {
        line: e.line,
        message: format!("the proposal would not parse: {}", e.message),
    })?;
    if parsed.steps.len() != results.len() {
        return Err(ProposalError {
            line: 1,
            message: "the proposal would not keep the transcript's commands".to_owned(),
        });
    }
    for (step, result) in parsed.steps.iter().zip(results) {
        if step.command != result.command || !transcript::matches(&step.claimed, &result.printed) {
            return Err(ProposalError {
                line: result.line,
                message: "no claimed output for this step reads back as what the engine printed (trailing blank lines at the end of a transcript are dropped)".to_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(line: usize, command: &str, claimed: &str, printed: &str) -> StepResult {
        StepResult {
            line,
            command: command.to_owned(),
            claimed: claimed.to_owned(),
            printed: printed.to_owned(),
            status: 0,
            matched: transcript::matches(claimed, printed),
        }
    }

    #[test]
    fn rewrites_only_the_mismatching_step_and_keeps_comments_and_elisions() {
        let text =
            "# expect: pass\n# why\n$ a   # first\nsha256:abc...\n$ b\nold\n...\nend\n$ c\nsame\n";
        let results = [
            step(3, "a   # first", "sha256:abc...\n", "sha256:abcdef\n"),
            step(5, "b", "old\n...\nend\n", "new\nx\ny\nend\n"),
            step(9, "c", "same\n", "same\n"),
        ];
        let p = propose(text, &results).ok().flatten();
        assert_eq!(
            p.map(|p| (p.text, p.rewritten)),
            Some((
                "# expect: pass\n# why\n$ a   # first\nsha256:abc...\n$ b\nnew\n...\nend\n$ c\nsame\n"
                    .to_owned(),
                vec![5]
            ))
        );
    }

    #[test]
    fn no_proposal_when_everything_matches() {
        let results = [step(1, "a", "x\n", "x\n")];
        assert_eq!(propose("$ a\nx\n", &results), Ok(None));
    }

    #[test]
    fn an_empty_elision_stays() {
        let results = [step(1, "a", "...\nx\nold\n", "x\nnew\n")];
        let p = propose("$ a\n...\nx\nold\n", &results).ok().flatten();
        assert_eq!(p.map(|p| p.text), Some("$ a\n...\nx\nnew\n".to_owned()));
    }

    #[test]
    fn printed_prompt_lines_cannot_be_proposed() {
        let results = [step(1, "a", "x\n", "$ y\n")];
        assert!(propose("$ a\nx\n", &results).is_err());
    }
}
