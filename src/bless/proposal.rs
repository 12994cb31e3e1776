//! A transcript with the claimed output of its mismatching steps replaced
//! by what the engine printed, keeping whatever the author wrote that still
//! holds.

use std::fmt;

use crate::transcript;
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

/// Alignments larger than this many cells fall back to the printed output.
const MAX_ALIGNMENT_CELLS: usize = 4_000_000;
/// Dropping a line the author wrote costs more than adding a printed one:
/// among equally short edits, the one that keeps the author's lines wins
/// (an elision swallowing a line that still matches would lose it).
/// A claimed line replaced by the printed line in its place costs least of
/// all edits, so an elision next to a changed line does not swallow it.
const DROP_COST: u32 = 2;
const INSERT_COST: u32 = 1;
const REPLACE_COST: u32 = 1;

/// The claimed output rewritten to match `printed`: claimed lines that still
/// match (elisions included) stay as written, lines the engine did not print
/// go, printed lines nobody claimed come in.
fn rewrite_claim(claimed: &str, printed: &str) -> String {
    let claimed: Vec<&str> = claimed.lines().collect();
    let printed: Vec<&str> = printed.lines().collect();
    let verbatim = || printed.iter().map(|l| format!("{l}\n")).collect::<String>();
    let (n, m) = (claimed.len(), printed.len());
    let width = m + 1;
    if (n + 1).saturating_mul(width) > MAX_ALIGNMENT_CELLS {
        return verbatim();
    }
    let elision = |i: usize| claimed.get(i).is_some_and(|l| *l == "...");
    let fits = |i: usize, j: usize| match (claimed.get(i), printed.get(j)) {
        (Some(c), Some(p)) => transcript::line_matches(c, p),
        _ => false,
    };
    // cost[i * width + j]: cheapest rewrite of claimed[i..] for printed[j..].
    let mut cost = vec![0u32; (n + 1) * width];
    let get =
        |cost: &[u32], i: usize, j: usize| cost.get(i * width + j).copied().unwrap_or(u32::MAX);
    for j in 0..=m {
        if let Some(cell) = cost.get_mut(n * width + j) {
            *cell = u32::try_from(m - j)
                .unwrap_or(u32::MAX / 4)
                .saturating_mul(INSERT_COST);
        }
    }
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            let end = get(&cost, i + 1, j);
            let next_printed = if j < m {
                get(&cost, i, j + 1)
            } else {
                u32::MAX
            };
            let value = if elision(i) {
                end.min(next_printed)
            } else {
                let mut best = end
                    .saturating_add(DROP_COST)
                    .min(next_printed.saturating_add(INSERT_COST));
                if j < m {
                    let replace = if fits(i, j) { 0 } else { REPLACE_COST };
                    best = best.min(get(&cost, i + 1, j + 1).saturating_add(replace));
                }
                best
            };
            if let Some(cell) = cost.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let here = get(&cost, i, j);
        if i == n {
            out.push_str(printed.get(j).copied().unwrap_or_default());
            out.push('\n');
            j += 1;
        } else if elision(i) {
            // Covering the printed line keeps the claim short; the `...`
            // is written once, when it ends.
            if j < m && get(&cost, i, j + 1) == here {
                j += 1;
            } else {
                out.push_str("...\n");
                i += 1;
            }
        } else if fits(i, j) && get(&cost, i + 1, j + 1) == here {
            out.push_str(claimed.get(i).copied().unwrap_or_default());
            out.push('\n');
            i += 1;
            j += 1;
        } else if j < m && get(&cost, i + 1, j + 1).saturating_add(REPLACE_COST) == here {
            out.push_str(printed.get(j).copied().unwrap_or_default());
            out.push('\n');
            i += 1;
            j += 1;
        } else if get(&cost, i + 1, j).saturating_add(DROP_COST) == here {
            i += 1;
        } else {
            out.push_str(printed.get(j).copied().unwrap_or_default());
            out.push('\n');
            j += 1;
        }
    }
    if transcript::matches(&out, &printed.join("\n")) {
        out
    } else {
        verbatim()
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
