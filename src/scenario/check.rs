use std::fmt;

use super::{PortSpec, RestartPolicy, Span};

/// One acceptance check: passes when every predicate holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDecl {
    pub name: String,
    pub about: String,
    pub predicates: Vec<Predicate>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Predicate {
    /// Engine output (not the learner's claimed output) contained each
    /// evidence value, in any form that identifies it, before the first
    /// command that removed or replaced the container `before_change` (or
    /// anywhere in the session when `None` or when nothing replaced it).
    Shown {
        before_change: Option<String>,
        evidence: Vec<Evidence>,
        span: Span,
    },
    /// A container named `name` exists at the end and meets every condition.
    /// With `after` (nanoseconds), judged that long after the end of play,
    /// the clock moved on a copy of the world with nothing typed: a fix
    /// that only holds until the next crash, OOM kill or probe fails.
    Container {
        name: String,
        conditions: Vec<ContainerCondition>,
        after: Option<i64>,
        span: Span,
    },
    /// An HTTP request to the simulated host answers as stated at the end.
    /// `status`/`body` absent: any answer will do (the port is served).
    Http {
        method: String,
        url: String,
        status: Option<u16>,
        body: Option<String>,
        span: Span,
    },
    /// Some command line the learner ran contains `pattern` (after runs of
    /// whitespace are collapsed to one space); `negated`: none does.
    Ran {
        pattern: String,
        negated: bool,
        span: Span,
    },
    /// At the end, the reference `tag` names the image `names` selects
    /// (e.g. a release channel a host must not rewrite).
    Tag {
        tag: String,
        names: ImageSelector,
        span: Span,
    },
}

impl Predicate {
    pub fn span(&self) -> Span {
        match self {
            Predicate::Shown { span, .. }
            | Predicate::Container { span, .. }
            | Predicate::Http { span, .. }
            | Predicate::Ran { span, .. }
            | Predicate::Tag { span, .. } => *span,
        }
    }
}

/// A value that must appear in engine output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The image ID the container was pinned to when play started (`.Image`).
    ImageOf { container: String },
    /// The ID that the reference `image` named at `at`.
    IdOf { image: String, at: When },
    /// Any one of these texts, verbatim (e.g. an error message, a log line,
    /// a configuration value). With `asked`, only the output of command
    /// lines containing `asked` counts (`true` in reply to `OOMKilled`).
    Text {
        texts: Vec<String>,
        asked: Option<String>,
    },
    /// At least one of these items.
    Any(Vec<Evidence>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Start,
    End,
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            When::Start => "start",
            When::End => "end",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerCondition {
    State(StateName),
    Image(ImageSelector),
    Publishes(PortSpec),
    RestartPolicy(RestartPolicy),
    /// The container's effective environment (image vars merged) has it.
    Env(String, String),
    /// It is the container that had this name at the start (same ID): it
    /// was not removed and recreated.
    SameContainer,
    /// The same container, and `.State.StartedAt` is what it was at the
    /// start: nobody stopped, started or restarted it.
    NotRestarted,
    /// `.State.Health.Status` is this (`none`: no healthcheck).
    Health(HealthName),
    /// `.State.ExitCode` is this.
    ExitCode(i64),
    /// Running, and not (re)started since play ended: with `after`, it
    /// neither exited nor was restarted by its policy in that time.
    Steady,
    /// A process in the container reads `content` at `path` (through its
    /// mounts: volume files, bind-mounted host files, else its own files).
    File {
        path: String,
        content: String,
    },
    /// A process in it resolves this host name to a running container
    /// (Docker's embedded DNS, /etc/hosts): the service names it needs.
    Resolves(String),
    /// `.HostConfig.Memory` (bytes; 0 is unlimited) is at least `min` and
    /// at most `max`. Unlimited meets any `min` and no `max`.
    MemoryLimit {
        min: Option<i64>,
        max: Option<i64>,
    },
}

/// A healthcheck status as `.State.Health.Status` reports it, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HealthName {
    Starting,
    Healthy,
    Unhealthy,
    None,
}

impl HealthName {
    pub const NAMES: [&'static str; 4] = ["starting", "healthy", "unhealthy", "none"];

    pub fn from_name(s: &str) -> Option<HealthName> {
        Some(match s {
            "starting" => HealthName::Starting,
            "healthy" => HealthName::Healthy,
            "unhealthy" => HealthName::Unhealthy,
            "none" => HealthName::None,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HealthName::Starting => "starting",
            HealthName::Healthy => "healthy",
            HealthName::Unhealthy => "unhealthy",
            HealthName::None => "none",
        }
    }
}

/// Which image a container must be running, judged by its pinned `.Image`
/// or by what was typed at create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSelector {
    /// `.Image` equals the ID that reference `image` named at `at`.
    IdOf { image: String, at: When },
    /// `.Config.Image` names this reference (an untagged name means `:latest`).
    Reference(String),
    /// `.Image` equals the image the container `container` ran at the start.
    ImageOf { container: String },
}

/// A container status as `docker inspect` reports `.State.Status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateName {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
}

impl StateName {
    pub const NAMES: [&'static str; 6] = [
        "created",
        "running",
        "paused",
        "restarting",
        "exited",
        "dead",
    ];

    pub fn from_name(s: &str) -> Option<StateName> {
        Some(match s {
            "created" => StateName::Created,
            "running" => StateName::Running,
            "paused" => StateName::Paused,
            "restarting" => StateName::Restarting,
            "exited" => StateName::Exited,
            "dead" => StateName::Dead,
            _ => return None,
        })
    }
}

impl fmt::Display for StateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StateName::Created => "created",
            StateName::Running => "running",
            StateName::Paused => "paused",
            StateName::Restarting => "restarting",
            StateName::Exited => "exited",
            StateName::Dead => "dead",
        })
    }
}
