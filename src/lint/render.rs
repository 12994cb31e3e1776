//! Findings drawn with miette: the message, the source line with the span
//! underlined and labelled, and the help. Output is deterministic: a fixed
//! width (never the terminal's), and without colour a plain ASCII theme, so
//! logs and tests see the same bytes everywhere.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::Finding;
use crate::scenario::Severity;

/// How findings are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours and Unicode box drawing; otherwise plain ASCII.
    pub color: bool,
    /// Columns text is wrapped at.
    pub width: usize,
}

impl Style {
    pub const WIDTH: usize = 100;

    pub fn new(color: bool) -> Style {
        Style {
            color,
            width: Style::WIDTH,
        }
    }
}

/// One finding, drawn. `text` is the file it points into (`None`: draw no
/// snippet).
pub fn render(finding: &Finding, text: Option<&str>, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false)
        .without_syntax_highlighting();
    let shown = Shown {
        finding,
        source: text
            .filter(|t| !t.is_empty())
            .map(|t| NamedSource::new(&finding.file, t.to_owned())),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &shown).is_err() {
        out = format!(
            "{}:{}:{}: {}: {}\n",
            finding.file, finding.line, finding.column, finding.severity, finding.message
        );
    }
    out
}

struct Shown<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.finding, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            // Without a snippet, the position has to be in the message.
            write!(f, "{}: ", self.finding.file)?;
        }
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .code
            .map(|c| Box::new(format!("lint({c})")) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let span = SourceSpan::new(self.finding.offset.into(), self.finding.len);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.finding.label.clone(),
            span,
        ))))
    }
}
