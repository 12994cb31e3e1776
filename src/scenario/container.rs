use std::fmt;

use super::{LogLine, PortSpec, RestartPolicy, Span, TimeSpec};

/// A container present when play starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDecl {
    pub name: String,
    /// Optional ID (bare lowercase hex, 4-64 digits); derived when absent.
    pub id: Option<String>,
    /// The reference as it was typed at `docker run` (`.Config.Image`).
    pub image: String,
    /// The image (reference or ID) `image` named when the container was
    /// created, present only when that tag has moved since. `.Image` pins it.
    pub pinned: Option<String>,
    pub created: TimeSpec,
    /// `None` exactly when the state is `Created`; otherwise defaults to
    /// `created` when the file does not say.
    pub started: Option<TimeSpec>,
    pub state: ContainerStateDecl,
    pub publish: Vec<PortSpec>,
    pub restart: Option<RestartPolicy>,
    /// Variables given at `docker run -e`; the engine merges the image's in.
    pub env: Vec<(String, String)>,
    pub cmd: Option<Vec<String>>,
    /// Labels given at `docker run --label`; merged with the image's likewise.
    pub labels: Vec<(String, String)>,
    pub logs: Vec<LogLine>,
    /// Networks, aliases, mounts and files in volumes.
    pub storage: super::ContainerStorageDecl,
    /// How its process behaves over time (see `ProcessDecl`).
    pub process: super::ProcessDecl,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerStateDecl {
    Running,
    /// `finished: None` means it exited as play starts (at the clock).
    Exited {
        code: i32,
        finished: Option<TimeSpec>,
    },
    Created,
    Paused,
}

impl ContainerStateDecl {
    pub const NAMES: [&'static str; 4] = ["running", "exited", "created", "paused"];
}

impl fmt::Display for ContainerStateDecl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ContainerStateDecl::Running => "running",
            ContainerStateDecl::Exited { .. } => "exited",
            ContainerStateDecl::Created => "created",
            ContainerStateDecl::Paused => "paused",
        })
    }
}
