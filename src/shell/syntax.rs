//! The tree `parse` produces: what a line says, before anything is expanded.

use std::fmt;

/// A whole command line: and-or lists separated by `;` or newlines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub lists: Vec<AndOrList>,
    /// Set when the line uses a construct drills do not run (subshells, loops,
    /// `&`, ...). The line is then rejected as a whole, so nothing before the
    /// construct runs either: a half-executed line would be harder to grade.
    pub unsupported: Option<Unsupported>,
}

/// `a && b || c`: pipelines joined by `&&` / `||`, evaluated left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOrList {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `[!] cmd | cmd | ...`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<SimpleCommand>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// `NAME=value` words before the command name.
    pub assignments: Vec<Assignment>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// 1-based column where the command starts.
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
}

/// One shell word: the pieces that are concatenated after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub column: usize,
    pub parts: Vec<WordPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPart {
    /// Unquoted text: kept as is (globs have nothing to match in a drill's
    /// empty working directory, so bash would keep them too).
    Literal(String),
    /// Quoted or escaped text: never split, and keeps an empty word alive.
    Quoted(String),
    /// `$NAME`, `${NAME}`, `$?`.
    Var { name: String, quoted: bool },
    /// `$(...)` or a backquoted command.
    Subst { script: Script, quoted: bool },
    /// A leading unquoted `~`.
    Tilde,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor being redirected (`2` in `2>x`); `None` for `&>`,
    /// which redirects both 1 and 2.
    pub fd: Option<u32>,
    pub op: RedirectOp,
    pub target: Word,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>` or `>|`
    Output,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>&WORD`, `<&WORD`
    Duplicate,
}

/// A construct the shell recognises but drills do not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub column: usize,
    /// e.g. "a subshell `( ... )`"; shown as `dockdrill: FEATURE is not supported in drills`.
    pub feature: &'static str,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dockdrill: {} is not supported in drills", self.feature)
    }
}

/// A line bash would refuse to run. `Display` gives bash's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based character column in the line.
    pub column: usize,
    /// Bash's message without the `bash: ` prefix.
    pub message: String,
}

impl SyntaxError {
    pub(crate) fn near(column: usize, token: &str) -> Self {
        SyntaxError {
            column,
            message: format!("syntax error near unexpected token `{token}'"),
        }
    }

    pub(crate) fn unexpected_eof(column: usize) -> Self {
        SyntaxError {
            column,
            message: "syntax error: unexpected end of file".to_string(),
        }
    }

    pub(crate) fn unmatched(column: usize, closer: &str) -> Self {
        SyntaxError {
            column,
            message: format!("unexpected EOF while looking for matching `{closer}'"),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bash: {}", self.message)
    }
}

impl std::error::Error for SyntaxError {}
