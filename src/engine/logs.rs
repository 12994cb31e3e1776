//! A container's log lines, which an imported container may still hold as
//! the text of its `_logs`.
//!
//! Building `_logs` into a JSON tree and then into [`LogEntry`]s at import
//! cost ~7 % of `sh --world W -c 'docker ps'` on a small world, for lines
//! only `logs`, `attach` and a few checks read. So the import checks the
//! text as the conversion would (a list; each entry's `time` a valid RFC
//! 3339 time: the same errors, in the same order), keeps its place in the
//! file, and converts it on first use.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::container::{LogEntry, Stream};
use super::doc::DocText;
use super::json::str_at;
use super::scan::{Scanned, Scanner};
use super::time::Timestamp;

/// Log lines, converted on first use from their text when imported.
///
/// As small as the `Vec` it stands for: a 10,000-container world's
/// containers are pushed and sorted by value.
#[derive(Clone)]
pub enum Logs {
    Lines(Vec<LogEntry>),
    /// Imported lines, still text until first read.
    Text(Box<LogsText>),
}

/// The `_logs` value's text, checked at import by [`check`], and the lines
/// once converted.
#[derive(Clone)]
pub struct LogsText {
    text: DocText,
    lines: OnceLock<Vec<LogEntry>>,
}

impl Default for Logs {
    fn default() -> Self {
        Logs::Lines(Vec::new())
    }
}

impl Logs {
    /// Lines kept as the `_logs` text `text` (which [`check`] accepted)
    /// until first used.
    pub(crate) fn from_text(text: DocText) -> Self {
        Logs::Text(Box::new(LogsText {
            text,
            lines: OnceLock::new(),
        }))
    }

    /// Whether the lines are still only the imported text (for tests).
    pub fn is_text(&self) -> bool {
        matches!(self, Logs::Text(t) if t.lines.get().is_none())
    }

    fn lines(&self) -> &Vec<LogEntry> {
        match self {
            Logs::Lines(lines) => lines,
            Logs::Text(t) => t.lines.get_or_init(|| convert(&t.text)),
        }
    }
}

/// `_logs` as a tree, converted: each entry's `time` (an RFC 3339 time),
/// `stream` (`stderr`, else stdout) and `line`, read leniently.
pub(crate) fn parse(logs: &Json) -> Result<Vec<LogEntry>, String> {
    let items = logs.as_array().ok_or(NOT_A_LIST)?;
    items
        .iter()
        .map(|entry| {
            let time =
                Timestamp::parse(str_at(entry, &["time"])).map_err(|e| format!("_logs: {e}"))?;
            let stream = if str_at(entry, &["stream"]) == "stderr" {
                Stream::Stderr
            } else {
                Stream::Stdout
            };
            Ok(LogEntry {
                time,
                stream,
                line: str_at(entry, &["line"]).to_owned(),
            })
        })
        .collect()
}

const NOT_A_LIST: &str = "\"_logs\" must be a list";

/// Checks the `_logs` value the scanner is at (not `null`) as [`parse`]
/// would convert its tree, consuming it: the error `parse` would give, or
/// none. Only the entries' `time`s are read: a tree's lookup finds an
/// object's last `time` member, and anything but a string reads as "".
pub(crate) fn check(s: &mut Scanner<'_>) -> Scanned<Result<(), String>> {
    if s.peek() != Some(b'[') {
        s.skip_value()?;
        return Ok(Err(NOT_A_LIST.to_owned()));
    }
    let mut first_error = None;
    s.array(|s| {
        let mut time: Option<Cow<'_, str>> = None;
        if s.peek() == Some(b'{') {
            s.object(|s, key| {
                if key == b"time" && s.peek() == Some(b'"') {
                    let raw = s.string()?;
                    time = Some(s.decode(raw)?);
                } else {
                    if key == b"time" {
                        time = None;
                    }
                    s.skip_value()?;
                }
                Ok(())
            })?;
        } else {
            s.skip_value()?;
        }
        if first_error.is_none()
            && let Err(e) = Timestamp::parse(time.as_deref().unwrap_or(""))
        {
            first_error = Some(format!("_logs: {e}"));
        }
        Ok(())
    })?;
    Ok(first_error.map_or(Ok(()), Err))
}

impl Deref for Logs {
    type Target = Vec<LogEntry>;

    fn deref(&self) -> &Vec<LogEntry> {
        self.lines()
    }
}

impl DerefMut for Logs {
    fn deref_mut(&mut self) -> &mut Vec<LogEntry> {
        if let Logs::Text(t) = self {
            let lines = t.lines.take().unwrap_or_else(|| convert(&t.text));
            *self = Logs::Lines(lines);
        }
        match self {
            Logs::Lines(lines) => lines,
            Logs::Text(_) => unreachable!("just converted"),
        }
    }
}

/// The lines of a `_logs` text [`check`] accepted.
fn convert(text: &DocText) -> Vec<LogEntry> {
    serde_json::from_str::<Json>(text.get())
        .ok()
        .and_then(|tree| parse(&tree).ok())
        .unwrap_or_default()
}

impl From<Vec<LogEntry>> for Logs {
    fn from(lines: Vec<LogEntry>) -> Self {
        Logs::Lines(lines)
    }
}

impl<'a> IntoIterator for &'a Logs {
    type Item = &'a LogEntry;
    type IntoIter = std::slice::Iter<'a, LogEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Logs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.lines(), f)
    }
}

impl PartialEq for Logs {
    fn eq(&self, other: &Self) -> bool {
        self.lines() == other.lines()
    }
}
