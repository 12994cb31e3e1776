use super::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintDecl {
    pub name: String,
    pub trigger: HintTrigger,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintTrigger {
    /// The learner ran a command line containing this text (whitespace runs
    /// collapsed, as for `ran` checks).
    Ran(String),
    /// The named check failed.
    Failed(String),
    Always,
}
