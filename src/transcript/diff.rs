//! Claimed versus printed output as data (for any reporter) and as a
//! unified-diff-like text.

use owo_colors::{OwoColorize, Style};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::matcher::{is_elision, line_matches, split_lines};

/// Alignments larger than this many table cells fall back to a plain line
/// diff that ignores elisions: the table would cost too much memory.
const MAX_ALIGNMENT_CELLS: usize = 4_000_000;
/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineTag {
    /// Claimed and printed agree (possibly through an elision).
    Equal,
    /// Claimed but not printed (`-`).
    Missing,
    /// Printed but not claimed (`+`).
    Unexpected,
}

/// A run of a line's text, emphasised where it differs from its partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub emphasized: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub tag: LineTag,
    /// 1-based line in the claimed output (for an elided line: the `...`).
    pub claimed_line: Option<usize>,
    /// 1-based line in the printed output.
    pub printed_line: Option<usize>,
    /// A printed line that an elision (`...`) in the claim covers.
    pub elided: bool,
    pub segments: Vec<Segment>,
}

impl DiffLine {
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn plain(
        tag: LineTag,
        claimed_line: Option<usize>,
        printed_line: Option<usize>,
        text: &str,
    ) -> Self {
        DiffLine {
            tag,
            claimed_line,
            printed_line,
            elided: false,
            segments: vec![Segment {
                text: text.to_string(),
                emphasized: false,
            }],
        }
    }
}

/// Changed lines with their context, as in a unified diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// 1-based first claimed line (0 when the hunk has none).
    pub claimed_start: usize,
    pub claimed_len: usize,
    pub printed_start: usize,
    pub printed_len: usize,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepDiff {
    /// Every line of both sides, aligned.
    pub lines: Vec<DiffLine>,
    /// The changes with context; empty when the outputs match.
    pub hunks: Vec<Hunk>,
}

impl StepDiff {
    pub fn is_match(&self) -> bool {
        self.lines.iter().all(|line| line.tag == LineTag::Equal)
    }
}

/// Aligns claimed and printed output. The alignment minimises missing plus
/// unexpected lines, where a claimed `...` may cover any printed lines and
/// a claimed line matches a printed one as in [`super::matches`].
pub fn diff(claimed: &str, printed: &str) -> StepDiff {
    let claimed_lines = split_lines(claimed);
    let printed_lines = split_lines(printed);
    let cells = (claimed_lines.len() + 1).saturating_mul(printed_lines.len() + 1);
    let mut lines = if cells <= MAX_ALIGNMENT_CELLS {
        align(&claimed_lines, &printed_lines)
    } else {
        plain_diff(claimed, printed)
    };
    emphasize(&mut lines);
    let hunks = hunks(&lines);
    StepDiff { lines, hunks }
}

/// Edit-distance alignment with elisions: cost[i][j] is the fewest
/// missing + unexpected lines aligning claimed[i..] with printed[j..].
fn align(claimed: &[&str], printed: &[&str]) -> Vec<DiffLine> {
    let (n, m) = (claimed.len(), printed.len());
    let width = m + 1;
    let mut cost = vec![0u32; (n + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    let get = |cost: &[u32], i: usize, j: usize| cost.get(at(i, j)).copied().unwrap_or(u32::MAX);
    let matched = |i: usize, j: usize| match (claimed.get(i), printed.get(j)) {
        (Some(c), Some(p)) => line_matches(c, p),
        _ => false,
    };
    for j in 0..=m {
        if let Some(cell) = cost.get_mut(at(n, j)) {
            *cell = u32::try_from(m - j).unwrap_or(u32::MAX);
        }
    }
    for i in (0..n).rev() {
        let elision = claimed.get(i).is_some_and(|line| is_elision(line));
        for j in (0..=m).rev() {
            let skip = get(&cost, i + 1, j);
            let take = if j < m {
                get(&cost, i, j + 1)
            } else {
                u32::MAX
            };
            let value = if elision {
                skip.min(take)
            } else {
                let mut best = skip.saturating_add(1).min(take.saturating_add(1));
                if j < m && matched(i, j) {
                    best = best.min(get(&cost, i + 1, j + 1));
                }
                best
            };
            if let Some(cell) = cost.get_mut(at(i, j)) {
                *cell = value;
            }
        }
    }

    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let here = get(&cost, i, j);
        let printed_text = printed.get(j).copied().unwrap_or_default();
        if i == n {
            lines.push(DiffLine::plain(
                LineTag::Unexpected,
                None,
                Some(j + 1),
                printed_text,
            ));
            j += 1;
            continue;
        }
        let claimed_text = claimed.get(i).copied().unwrap_or_default();
        if is_elision(claimed_text) {
            // Ties go to covering the printed line: it then shows as equal
            // instead of as noise.
            if j < m && get(&cost, i, j + 1) == here {
                let mut line =
                    DiffLine::plain(LineTag::Equal, Some(i + 1), Some(j + 1), printed_text);
                line.elided = true;
                lines.push(line);
                j += 1;
            } else {
                i += 1;
            }
        } else if j < m && matched(i, j) && get(&cost, i + 1, j + 1) == here {
            lines.push(DiffLine::plain(
                LineTag::Equal,
                Some(i + 1),
                Some(j + 1),
                printed_text,
            ));
            i += 1;
            j += 1;
        } else if get(&cost, i + 1, j).saturating_add(1) == here {
            lines.push(DiffLine::plain(
                LineTag::Missing,
                Some(i + 1),
                None,
                claimed_text,
            ));
            i += 1;
        } else {
            lines.push(DiffLine::plain(
                LineTag::Unexpected,
                None,
                Some(j + 1),
                printed_text,
            ));
            j += 1;
        }
    }
    lines
}

/// A line diff that treats elisions as text, for outputs too large to align.
fn plain_diff(claimed: &str, printed: &str) -> Vec<DiffLine> {
    let text_diff = TextDiff::from_lines(claimed, printed);
    text_diff
        .iter_all_changes()
        .map(|change| {
            let text = change.value().strip_suffix('\n').unwrap_or(change.value());
            let tag = match change.tag() {
                ChangeTag::Equal => LineTag::Equal,
                ChangeTag::Delete => LineTag::Missing,
                ChangeTag::Insert => LineTag::Unexpected,
            };
            DiffLine::plain(
                tag,
                change.old_index().map(|i| i + 1),
                change.new_index().map(|i| i + 1),
                text,
            )
        })
        .collect()
}

/// Within each run of changed lines, lists missing lines before unexpected
/// ones and pairs them up to emphasise the characters that differ.
fn emphasize(lines: &mut [DiffLine]) {
    let mut start = 0;
    while start < lines.len() {
        if lines.get(start).is_some_and(|l| l.tag == LineTag::Equal) {
            start += 1;
            continue;
        }
        let mut end = start;
        while lines.get(end).is_some_and(|l| l.tag != LineTag::Equal) {
            end += 1;
        }
        if let Some(run) = lines.get_mut(start..end) {
            run.sort_by_key(|line| line.tag == LineTag::Unexpected);
            let missing = run.iter().filter(|l| l.tag == LineTag::Missing).count();
            let (old, new) = run.split_at_mut(missing);
            for (before, after) in old.iter_mut().zip(new.iter_mut()) {
                pair_emphasis(before, after);
            }
        }
        start = end;
    }
}

fn pair_emphasis(before: &mut DiffLine, after: &mut DiffLine) {
    let (old, new) = (before.text(), after.text());
    let text_diff = TextDiff::from_chars(old.as_str(), new.as_str());
    // Lines with little in common read better whole than confetti-marked.
    if text_diff.ratio() < 0.5 {
        return;
    }
    let mut old_segments: Vec<Segment> = Vec::new();
    let mut new_segments: Vec<Segment> = Vec::new();
    let push = |segments: &mut Vec<Segment>, text: &str, emphasized: bool| match segments.last_mut()
    {
        Some(last) if last.emphasized == emphasized => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_string(),
            emphasized,
        }),
    };
    for change in text_diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut old_segments, change.value(), false);
                push(&mut new_segments, change.value(), false);
            }
            ChangeTag::Delete => push(&mut old_segments, change.value(), true),
            ChangeTag::Insert => push(&mut new_segments, change.value(), true),
        }
    }
    before.segments = old_segments;
    after.segments = new_segments;
}

fn hunks(lines: &[DiffLine]) -> Vec<Hunk> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.tag == LineTag::Equal {
            continue;
        }
        let from = index.saturating_sub(CONTEXT);
        let to = (index + CONTEXT + 1).min(lines.len());
        match ranges.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => ranges.push((from, to)),
        }
    }
    ranges
        .into_iter()
        .map(|(from, to)| {
            let slice = lines.get(from..to).unwrap_or_default();
            let mut claimed: Vec<usize> = slice.iter().filter_map(|l| l.claimed_line).collect();
            claimed.dedup();
            let printed: Vec<usize> = slice.iter().filter_map(|l| l.printed_line).collect();
            let before = lines.get(..from).unwrap_or_default();
            let start = |side: &[usize], last_before: Option<usize>| {
                side.first()
                    .copied()
                    .unwrap_or_else(|| last_before.unwrap_or(0))
            };
            Hunk {
                claimed_start: start(&claimed, before.iter().rev().find_map(|l| l.claimed_line)),
                claimed_len: claimed.len(),
                printed_start: start(&printed, before.iter().rev().find_map(|l| l.printed_line)),
                printed_len: printed.len(),
                lines: slice.to_vec(),
            }
        })
        .collect()
}

/// Draws a diff like `diff -u`: `-` for claimed lines that were not
/// printed, `+` for printed lines that were not claimed. Empty when the
/// outputs match.
pub fn render_diff(d: &StepDiff, color: bool) -> String {
    if d.hunks.is_empty() {
        return String::new();
    }
    let paint = |text: &str, style: Style| -> String {
        if color {
            text.style(style).to_string()
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    out.push_str(&paint("--- claimed", Style::new().bold()));
    out.push('\n');
    out.push_str(&paint("+++ printed", Style::new().bold()));
    out.push('\n');
    for hunk in &d.hunks {
        let header = format!(
            "@@ -{},{} +{},{} @@",
            hunk.claimed_start, hunk.claimed_len, hunk.printed_start, hunk.printed_len
        );
        out.push_str(&paint(&header, Style::new().cyan()));
        out.push('\n');
        for line in &hunk.lines {
            let (sign, base) = match line.tag {
                LineTag::Equal => (' ', Style::new()),
                LineTag::Missing => ('-', Style::new().red()),
                LineTag::Unexpected => ('+', Style::new().green()),
            };
            let base = if line.elided { base.dimmed() } else { base };
            out.push_str(&paint(&sign.to_string(), base));
            for segment in &line.segments {
                let style = if segment.emphasized {
                    base.bold().underline()
                } else {
                    base
                };
                out.push_str(&paint(&segment.text, style));
            }
            out.push('\n');
        }
    }
    out
}
