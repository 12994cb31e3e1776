use super::TimeSpec;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogStream {
    Stdout,
    Stderr,
}

/// One line a container wrote, without its trailing newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub text: String,
    pub stream: LogStream,
    /// When it was written. `None`: when the container (last) started.
    /// Image log lines never carry a time; they are written at each start.
    pub at: Option<TimeSpec>,
}
