use super::tree::Node;
use miette::SourceSpan;

use super::super::span::LineIndex;
use super::super::{Diagnostic, Diagnostics, Severity, Span};

/// The parse context: the text being read and the problems found so far.
pub(crate) struct Cx<'t> {
    pub file: &'t str,
    pub text: &'t str,
    /// Built on first use: a file that parses cleanly through the gate
    /// never needs one there.
    lines: std::cell::OnceCell<LineIndex>,
    diags: Vec<Diagnostic>,
}

impl<'t> Cx<'t> {
    pub(crate) fn new(file: &'t str, text: &'t str) -> Self {
        Cx {
            file,
            text,
            lines: std::cell::OnceCell::new(),
            diags: Vec::new(),
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    pub(crate) fn span(&self, s: SourceSpan) -> Span {
        self.lines().span(self.text, s.offset(), s.len())
    }

    pub(crate) fn node_span(&self, n: &Node<'_>) -> Span {
        self.span(n.span())
    }

    pub(crate) fn diagnostic_at(
        &self,
        offset: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(
            self.file,
            self.lines().span(self.text, offset, len),
            message,
        )
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(crate) fn error_at(&mut self, offset: usize, len: usize, message: impl Into<String>) {
        let d = self.diagnostic_at(offset, len, message);
        self.diags.push(d);
    }

    pub(crate) fn error(&mut self, at: SourceSpan, message: impl Into<String>) {
        self.error_at(at.offset(), at.len(), message);
    }

    pub(crate) fn error_help(
        &mut self,
        at: SourceSpan,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = self
            .diagnostic_at(at.offset(), at.len(), message)
            .with_help(help);
        self.diags.push(d);
    }

    pub(crate) fn error_opt_help(
        &mut self,
        at: SourceSpan,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = self.diagnostic_at(at.offset(), at.len(), message);
        d.help = help;
        self.diags.push(d);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    pub(crate) fn finish(self) -> Diagnostics {
        super::sorted(self.diags)
    }
}
