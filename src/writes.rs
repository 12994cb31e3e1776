//! What a command wrote to its standard output and standard error, in the
//! order it wrote it.
//!
//! A terminal shows both streams on one screen, in time order: `docker
//! logs` of a container whose stdout and stderr lines alternate shows them
//! alternating, not all stdout lines first. Commands that need one stream
//! (`$()`, `2>/dev/null`, a test of stdout alone) read it with
//! [`Writes::stdout`] / [`Writes::stderr`]; the terminal view and `2>&1`
//! replay the writes with [`Writes::chunks`].

/// One of a command's two output streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Writes to stdout and stderr in order.
///
/// Each stream's text is kept whole, so reading one stream costs nothing;
/// `runs` records how the two were interleaved: consecutive lengths, each
/// from one stream, adjacent runs always from different streams.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Writes {
    stdout: String,
    stderr: String,
    runs: Vec<(Stream, usize)>,
}

impl Writes {
    pub fn new() -> Self {
        Writes::default()
    }

    /// Only `text` on stdout.
    pub fn from_stdout(text: impl Into<String>) -> Self {
        let mut writes = Writes::new();
        writes.write(Stream::Stdout, &text.into());
        writes
    }

    /// Only `text` on stderr.
    pub fn from_stderr(text: impl Into<String>) -> Self {
        let mut writes = Writes::new();
        writes.write(Stream::Stderr, &text.into());
        writes
    }

    /// Appends `text` to `stream`; a write to the stream written last
    /// extends its run.
    pub fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        self.buffer_mut(stream).push_str(text);
        match self.runs.last_mut() {
            Some((last, len)) if *last == stream => *len += text.len(),
            _ => self.runs.push((stream, text.len())),
        }
    }

    /// `write`, taking the text: the first write to a stream keeps the
    /// `String` itself instead of copying it (a large listing is not copied
    /// on its way to the terminal).
    pub fn write_string(&mut self, stream: Stream, text: String) {
        if self.buffer_mut(stream).is_empty() && !text.is_empty() {
            self.runs.push((stream, text.len()));
            *self.buffer_mut(stream) = text;
        } else {
            self.write(stream, &text);
        }
    }

    /// `append`, taking `other`: nothing is copied when nothing was
    /// written before.
    pub fn append_owned(&mut self, other: Writes) {
        if self.is_empty() {
            *self = other;
        } else {
            self.append(&other);
        }
    }

    /// Appends everything `other` wrote, in its order.
    pub fn append(&mut self, other: &Writes) {
        for (stream, text) in other.chunks() {
            self.write(stream, text);
        }
    }

    /// All that was written to stdout.
    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    /// All that was written to stderr.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    pub fn stream(&self, stream: Stream) -> &str {
        match stream {
            Stream::Stdout => &self.stdout,
            Stream::Stderr => &self.stderr,
        }
    }

    /// The writes in order, adjacent writes to one stream merged.
    pub fn chunks(&self) -> impl Iterator<Item = (Stream, &str)> + '_ {
        let mut offsets = [0usize; 2];
        self.runs.iter().map(move |&(stream, len)| {
            let offset = &mut offsets[stream as usize];
            let start = *offset;
            *offset += len;
            (
                stream,
                self.stream(stream).get(start..start + len).unwrap_or(""),
            )
        })
    }

    /// Both streams as a terminal shows them: in the order written.
    pub fn terminal(&self) -> String {
        match self.runs.as_slice() {
            [] => String::new(),
            [(stream, _)] => self.stream(*stream).to_owned(),
            _ => {
                let mut text = String::with_capacity(self.len());
                for (_, chunk) in self.chunks() {
                    text.push_str(chunk);
                }
                text
            }
        }
    }

    /// Bytes written to both streams.
    pub fn len(&self) -> usize {
        self.stdout.len() + self.stderr.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Keeps the first `max` bytes written to `stream` (cut back to a char
    /// boundary) and drops the rest of it, wherever it was written; the
    /// other stream is untouched. Whether anything was dropped.
    pub fn truncate_stream(&mut self, stream: Stream, max: usize) -> bool {
        let buffer = self.buffer_mut(stream);
        if buffer.len() <= max {
            return false;
        }
        let mut keep = max;
        while !buffer.is_char_boundary(keep) {
            keep -= 1;
        }
        buffer.truncate(keep);
        let mut room = keep;
        let mut runs = Vec::with_capacity(self.runs.len());
        for &(s, len) in &self.runs {
            let len = if s == stream {
                let kept = len.min(room);
                room -= kept;
                kept
            } else {
                len
            };
            if len == 0 {
                continue;
            }
            match runs.last_mut() {
                Some((last, total)) if *last == s => *total += len,
                _ => runs.push((s, len)),
            }
        }
        self.runs = runs;
        true
    }

    fn buffer_mut(&mut self, stream: Stream) -> &mut String {
        match stream {
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(writes: &Writes) -> Vec<(Stream, &str)> {
        writes.chunks().collect()
    }

    #[test]
    fn writes_keep_their_order_across_streams() {
        let mut w = Writes::new();
        w.write(Stream::Stdout, "a\n");
        w.write(Stream::Stderr, "b\n");
        w.write(Stream::Stdout, "c\n");
        assert_eq!(w.terminal(), "a\nb\nc\n");
        assert_eq!(w.stdout(), "a\nc\n");
        assert_eq!(w.stderr(), "b\n");
        assert_eq!(
            chunks(&w),
            [
                (Stream::Stdout, "a\n"),
                (Stream::Stderr, "b\n"),
                (Stream::Stdout, "c\n")
            ]
        );
    }

    #[test]
    fn adjacent_writes_to_one_stream_merge_into_one_chunk() {
        let mut w = Writes::new();
        w.write(Stream::Stderr, "x");
        w.write(Stream::Stderr, "");
        w.write(Stream::Stderr, "y\n");
        w.write(Stream::Stdout, "");
        w.write(Stream::Stderr, "z\n");
        assert_eq!(chunks(&w), [(Stream::Stderr, "xy\nz\n")]);
    }

    #[test]
    fn owned_writes_and_appends_equal_borrowed_ones() {
        let steps: [(Stream, &str); 5] = [
            (Stream::Stdout, "a\n"),
            (Stream::Stderr, ""),
            (Stream::Stderr, "b\n"),
            (Stream::Stdout, "c\n"),
            (Stream::Stdout, "d\n"),
        ];
        let mut borrowed = Writes::new();
        let mut owned = Writes::new();
        for (stream, text) in steps {
            borrowed.write(stream, text);
            owned.write_string(stream, text.to_owned());
            assert_eq!(owned, borrowed);
        }
        for before in [Writes::new(), Writes::from_stderr("x\n")] {
            let mut by_ref = before.clone();
            by_ref.append(&borrowed);
            let mut by_value = before;
            by_value.append_owned(borrowed.clone());
            assert_eq!(by_value, by_ref);
        }
    }

    #[test]
    fn nothing_written_is_empty() {
        let w = Writes::from_stdout("");
        assert!(w.is_empty());
        assert_eq!(w.terminal(), "");
        assert_eq!(chunks(&w), []);
    }

    #[test]
    fn append_replays_the_other_writes_in_order() {
        let mut w = Writes::from_stderr("e1\n");
        let mut other = Writes::from_stderr("e2\n");
        other.write(Stream::Stdout, "o\n");
        w.append(&other);
        assert_eq!(
            chunks(&w),
            [(Stream::Stderr, "e1\ne2\n"), (Stream::Stdout, "o\n")]
        );
    }

    #[test]
    fn truncating_one_stream_keeps_the_other_and_the_order() {
        let mut w = Writes::new();
        w.write(Stream::Stdout, "aaaa");
        w.write(Stream::Stderr, "E");
        w.write(Stream::Stdout, "bbbb");
        w.write(Stream::Stderr, "F");
        assert!(w.truncate_stream(Stream::Stdout, 6));
        assert_eq!(w.terminal(), "aaaaEbbF");
        assert!(w.truncate_stream(Stream::Stdout, 3));
        assert_eq!(
            chunks(&w),
            [(Stream::Stdout, "aaa"), (Stream::Stderr, "EF")]
        );
        assert!(!w.truncate_stream(Stream::Stderr, 2));
        assert_eq!(w.len(), 5);
    }

    #[test]
    fn truncating_never_splits_a_character() {
        let mut w = Writes::from_stdout("é");
        assert!(w.truncate_stream(Stream::Stdout, 1));
        assert!(w.is_empty());
        assert_eq!(w.stdout(), "");
    }
}
