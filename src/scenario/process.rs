use super::LogLine;

/// How a container's main process behaves over time, declared on an
/// image (every container of it) or a container (overriding its image).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProcessDecl {
    pub exits: Option<ExitDecl>,
    pub oom: Option<OomDecl>,
    /// `Config.StopSignal`, as written (`SIGQUIT`).
    pub stop_signal: Option<String>,
    pub ignores_sigterm: bool,
    pub healthcheck: Option<HealthcheckDecl>,
    /// Declared probe outcomes, in order of `after`.
    pub health: Vec<HealthPhaseDecl>,
    pub files: Vec<(String, String)>,
    pub processes: Vec<ProcessRowDecl>,
    pub stats: Option<StatsDecl>,
    pub binaries: Option<Vec<String>>,
    /// Containers only: `--memory` in bytes.
    pub memory: Option<i64>,
}

impl ProcessDecl {
    pub fn is_empty(&self) -> bool {
        *self == ProcessDecl::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitDecl {
    /// Nanoseconds after each start.
    pub after: i64,
    pub code: i32,
    pub logs: Vec<LogLine>,
    /// `when-env`: exits only in containers whose environment has each
    /// `KEY=value` (an empty value: unset or empty), like a program that
    /// refuses to start without a variable.
    pub when_env: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OomDecl {
    pub after: i64,
    /// Bytes the process grows to; a `--memory` limit below it is hit.
    pub peak: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthcheckDecl {
    /// Shell form (`CMD-SHELL`).
    pub test: String,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub start_period: Option<i64>,
    pub start_interval: Option<i64>,
    pub retries: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthPhaseDecl {
    pub healthy: bool,
    /// From this long after each start on.
    pub after: i64,
    pub output: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessRowDecl {
    pub command: String,
    pub user: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatsDecl {
    /// CPU % in hundredths (`0.15%` is 15), as `docker stats` rounds it.
    pub cpu_hundredths: i64,
    pub memory: i64,
    pub net_in: i64,
    pub net_out: i64,
    pub block_in: i64,
    pub block_out: i64,
    pub pids: i64,
}

/// A Go-style duration: `30s`, `2m`, `1h30m`, `500ms`, `0s`.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let bad =
        || format!("{s:?} is not a duration; write e.g. \"30s\", \"2m\", \"1h30m\", \"500ms\"");
    if s == "0" {
        return Ok(0);
    }
    let mut total: i64 = 0;
    let mut rest = s;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let n_end = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        if n_end == 0 {
            return Err(bad());
        }
        let n: i64 = rest[..n_end].parse().map_err(|_| bad())?;
        rest = &rest[n_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_end] {
            "ns" => 1,
            "us" | "µs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        rest = &rest[unit_end..];
    }
    Ok(total)
}

/// A size: `512m`/`1g` (binary, as `--memory`), `45MiB`, `1.2kB`/`3MB`
/// (decimal, as `docker stats` prints), `0B`, or plain bytes.
pub fn parse_size(s: &str) -> Result<i64, String> {
    let bad = || format!("{s:?} is not a size; write e.g. \"512m\", \"45MiB\", \"1.2kB\", \"0B\"");
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(end);
    let value: f64 = num.parse().map_err(|_| bad())?;
    let mul: f64 = match unit {
        "" | "B" | "b" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "k" | "K" | "KiB" | "kiB" => 1024.0,
        "m" | "M" | "MiB" => 1024.0 * 1024.0,
        "g" | "G" | "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024f64.powi(4),
        _ => return Err(bad()),
    };
    let bytes = value * mul;
    if !(0.0..9.0e18).contains(&bytes) {
        return Err(bad());
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(bytes.round() as i64)
}
