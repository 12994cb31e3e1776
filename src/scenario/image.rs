use super::{ExposedPort, LogLine, Span, TimeSpec};

/// An image present when play starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageDecl {
    /// Tags (`myapp:1.7.2`), always with an explicit tag. Empty for a
    /// dangling image, which then must declare its `id`.
    pub references: Vec<String>,
    /// Bare lowercase hex (the `sha256:` prefix is stripped): all 64 digits,
    /// or a prefix of at least 4 that the engine completes deterministically.
    pub id: Option<String>,
    pub created: TimeSpec,
    /// Bytes, as `docker image inspect` reports `Size`.
    pub size: u64,
    pub env: Vec<(String, String)>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub expose: Vec<ExposedPort>,
    pub labels: Vec<(String, String)>,
    /// What a container of this image answers over HTTP.
    pub http: Vec<HttpRoute>,
    /// What a container of this image prints each time it starts.
    pub logs: Vec<LogLine>,
    /// Dockerfile `VOLUME`s: each container gets an anonymous volume there.
    pub volumes: Vec<String>,
    /// How its process behaves over time (see `ProcessDecl`).
    pub process: super::ProcessDecl,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    pub method: String,
    /// Starts with `/`; matched exactly (no query-string handling).
    pub path: String,
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    /// `when-env`: the route answers only for containers whose environment
    /// has each `KEY=value` (an empty value: the variable is unset or empty).
    pub when_env: Vec<(String, String)>,
    pub span: Span,
}
