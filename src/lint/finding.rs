use crate::scenario::{Diagnostic, Severity};

/// One problem `dockdrill check` reports: a parse error, a world the engine
/// refuses, a solution that cannot be loaded, or a lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The lint's name (`port-collision`); `None` for errors, which are
    /// not lints but reasons the file cannot be used.
    pub code: Option<&'static str>,
    /// The file the span points into.
    pub file: String,
    pub offset: usize,
    pub len: usize,
    /// 1-based, as editors count.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What the underlined text is, shown beside it.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Finding {
    pub(crate) fn warning(code: &'static str, at: Located, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            code: Some(code),
            file: at.file,
            offset: at.offset,
            len: at.len,
            line: at.line,
            column: at.column,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub(crate) fn error(at: Located, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            code: None,
            ..Finding::warning("", at, message)
        }
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Self {
        Finding {
            severity: d.severity,
            code: None,
            file: d.file.clone(),
            offset: d.offset,
            len: d.len,
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            label: None,
            help: d.help.clone(),
        }
    }
}

/// A place in a file: byte range plus line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub offset: usize,
    pub len: usize,
    pub line: usize,
    pub column: usize,
}
