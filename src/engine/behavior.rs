//! What a container's main process does over virtual time, as a scenario
//! declares it per image (and optionally per container): when it exits by
//! itself, when the OOM killer takes it, how it answers SIGTERM, what its
//! healthcheck probes report, and what `exec`, `top` and `stats` see inside.

use super::container::Stream;

/// Declared behaviour of a container's main process. The default is a
/// server that runs until stopped and handles SIGTERM.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Behavior {
    /// Lines the process writes each time it starts.
    pub startup_logs: Vec<(Stream, String)>,
    /// Exits by itself this long after each start.
    pub exit: Option<ScheduledExit>,
    /// Killed by the kernel's OOM killer this long after each start, when
    /// its memory limit (`--memory`) is below `peak_bytes`.
    pub oom: Option<OomKill>,
    /// Keeps running on SIGTERM: `docker stop` waits out its timeout and
    /// sends SIGKILL (exit 137).
    pub ignores_sigterm: bool,
    /// Declared probe outcomes over time since start; empty means probes
    /// are computed from the probe command (HTTP routes, exit 0 otherwise).
    pub health: Vec<HealthPhase>,
    /// Files `exec cat` can read: (absolute path, content).
    pub files: Vec<(String, String)>,
    /// Processes besides the main one, for `top` and `exec ps`.
    pub processes: Vec<ProcessRow>,
    pub stats: Option<StatsFigures>,
    /// Executables on the PATH; `None`: a busybox set (see `userland`).
    pub binaries: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledExit {
    pub after_nanos: i64,
    pub code: i64,
    /// Printed just before exiting.
    pub logs: Vec<(Stream, String)>,
    /// Only in containers whose environment matches (see `env_matches`).
    pub when_env: Vec<(String, String)>,
}

/// Whether an environment (`KEY=value` strings, as `.Config.Env`) has each
/// `KEY=value` of `when`; an empty wanted value means unset or empty.
pub fn env_matches(when: &[(String, String)], env: &[String]) -> bool {
    when.iter().all(|(k, want)| {
        let got = env
            .iter()
            .rev()
            .find_map(|e| e.split_once('=').filter(|(ek, _)| ek == k).map(|(_, v)| v));
        match got {
            Some(v) => v == want,
            None => want.is_empty(),
        }
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OomKill {
    pub after_nanos: i64,
    /// What the process would use; a limit at or above it avoids the kill.
    pub peak_bytes: i64,
}

/// From `from_nanos` after start on, probes end with `healthy` (exit 0) or
/// fail (exit 1) printing `output`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthPhase {
    pub from_nanos: i64,
    pub healthy: bool,
    pub output: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessRow {
    pub user: String,
    pub command: String,
}

/// What `docker stats --no-stream` shows for a running container.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsFigures {
    pub cpu_percent: f64,
    pub memory_bytes: i64,
    pub net_rx: i64,
    pub net_tx: i64,
    pub block_read: i64,
    pub block_write: i64,
    pub pids: i64,
}

impl Behavior {
    /// The probe outcome declared for `since_start`, if any.
    pub fn declared_probe(&self, since_start: i64) -> Option<&HealthPhase> {
        self.health
            .iter()
            .filter(|p| p.from_nanos <= since_start)
            .max_by_key(|p| p.from_nanos)
    }
}
