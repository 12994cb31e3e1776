//! Healthchecks over virtual time, as moby's `daemon/health.go` runs them:
//! `starting` at each start, a probe every interval (every start interval
//! while starting inside the start period), `FailingStreak` counted from
//! the start period's end, `unhealthy` after `Retries` failures in a row,
//! the last five results in `Log`, and a `health_status` event per change.

use serde_json::{Value as Json, json};

use super::json::{at, i64_at, set, strings_at};
use super::time::Timestamp;
use super::world::World;

const SECOND: i64 = 1_000_000_000;
const DEFAULT_INTERVAL: i64 = 30 * SECOND;
const DEFAULT_START_INTERVAL: i64 = 5 * SECOND;
const DEFAULT_RETRIES: i64 = 3;
const MAX_LOG_ENTRIES: usize = 5;
/// How long one probe takes in the simulator (an exec is not instant).
pub const PROBE_NANOS: i64 = 40_000_000;

/// One probe's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeResult {
    pub exit_code: i64,
    pub output: String,
}

impl World {
    /// The probe command of container `idx` as exec runs it, when it has
    /// a healthcheck (`CMD` or `CMD-SHELL`).
    pub fn probe_argv(&self, idx: usize) -> Option<Vec<String>> {
        let c = self.containers.get(idx)?;
        let test = strings_at(&c.doc, &["Config", "Healthcheck", "Test"]);
        let (kind, rest) = test.split_first()?;
        match kind.as_str() {
            "CMD" if !rest.is_empty() => Some(rest.to_vec()),
            "CMD-SHELL" if !rest.is_empty() => {
                let mut argv = vec!["/bin/sh".to_owned(), "-c".to_owned()];
                argv.extend(rest.iter().cloned());
                Some(argv)
            }
            _ => None,
        }
    }

    fn health_setting(&self, idx: usize, key: &str, default: i64) -> i64 {
        let v = self
            .containers
            .get(idx)
            .map_or(0, |c| i64_at(&c.doc, &["Config", "Healthcheck", key]));
        if v == 0 { default } else { v }
    }

    /// `getInterval`: the start interval while starting inside the start
    /// period, else the interval.
    fn probe_interval(&self, idx: usize) -> i64 {
        let interval = self.health_setting(idx, "Interval", DEFAULT_INTERVAL);
        let start_period = self.health_setting(idx, "StartPeriod", 0);
        let Some(c) = self.containers.get(idx) else {
            return interval;
        };
        let started = c.started_at().unwrap_or(self.now);
        if self.now.nanos_since(started) >= start_period {
            return interval;
        }
        if c.health() == Some("starting") {
            self.health_setting(idx, "StartInterval", DEFAULT_START_INTERVAL)
        } else {
            interval
        }
    }

    /// `initHealthMonitor`: a (re)started container is `starting` again,
    /// keeping its log.
    pub(crate) fn init_health(&mut self, idx: usize) {
        if self.probe_argv(idx).is_none() {
            return;
        }
        let log = self
            .containers
            .get(idx)
            .and_then(|c| at(&c.doc, &["State", "Health", "Log"]))
            .cloned()
            .unwrap_or_else(|| json!([]));
        set(
            &mut self.containers[idx].doc,
            &["State", "Health"],
            json!({"Status": "starting", "FailingStreak": 0, "Log": log}),
        );
        self.resume_health(idx);
    }

    /// Opens the monitor: the next probe is one interval away.
    pub(crate) fn resume_health(&mut self, idx: usize) {
        if self.probe_argv(idx).is_none() {
            return;
        }
        let next = self.now.plus_nanos(self.probe_interval(idx));
        if let Some(rt) = self.runtime_mut(idx) {
            rt.next_probe = Some(next);
        }
    }

    /// What a probe started now reports: the declared outcome for this
    /// moment, else the probe command run inside the container.
    pub fn probe_result(&self, idx: usize) -> ProbeResult {
        let started = self
            .containers
            .get(idx)
            .and_then(|c| c.started_at())
            .unwrap_or(self.now);
        let behavior = self.behavior(idx);
        if let Some(phase) = behavior.declared_probe(self.now.nanos_since(started)) {
            return ProbeResult {
                exit_code: i64::from(!phase.healthy),
                output: phase.output.clone(),
            };
        }
        let argv = self.probe_argv(idx).unwrap_or_default();
        let out = crate::userland::exec(self, idx, &argv);
        ProbeResult {
            exit_code: i64::from(out.status),
            // The daemon hands the probe one buffer for both streams.
            output: out.writes.terminal(),
        }
    }

    /// Runs the probe due now and schedules the next.
    pub(crate) fn run_probe(&mut self, idx: usize) {
        let Some(argv) = self.probe_argv(idx) else {
            return;
        };
        let result = self.probe_result(idx);
        let start = self.now;
        let end = start.plus_nanos(PROBE_NANOS);
        let exec_id = self.next_id("exec", "healthcheck");
        let command = argv.join(" ");
        self.record_container_event(
            idx,
            &format!("exec_create: {command}"),
            &[("execID", exec_id.clone())],
        );
        self.record_container_event(
            idx,
            &format!("exec_start: {command}"),
            &[("execID", exec_id.clone())],
        );
        self.now = end;
        self.record_container_event(
            idx,
            "exec_die",
            &[
                ("execID", exec_id),
                ("exitCode", result.exit_code.to_string()),
            ],
        );
        self.apply_probe(idx, start, end, &result, true);
        self.now = start;
        let next = end.plus_nanos({
            let saved = self.now;
            self.now = end;
            let i = self.probe_interval(idx);
            self.now = saved;
            i
        });
        if let Some(rt) = self.runtime_mut(idx) {
            rt.next_probe = Some(next);
        }
    }

    /// `handleProbeResult`. `log`: keep the entry (a fast-forward over a
    /// long stable stretch keeps only the last few).
    pub(crate) fn apply_probe(
        &mut self,
        idx: usize,
        start: Timestamp,
        end: Timestamp,
        result: &ProbeResult,
        log: bool,
    ) {
        let retries = self.health_setting(idx, "Retries", DEFAULT_RETRIES);
        let start_period = self.health_setting(idx, "StartPeriod", 0);
        let Some(c) = self.containers.get(idx) else {
            return;
        };
        let started = c.started_at().unwrap_or(start);
        let old = c.health().unwrap_or("starting").to_owned();
        let mut streak = i64_at(&c.doc, &["State", "Health", "FailingStreak"]);
        let mut entries: Vec<Json> = at(&c.doc, &["State", "Health", "Log"])
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        if log {
            entries.push(json!({
                "Start": start.rfc3339_nano(),
                "End": end.rfc3339_nano(),
                "ExitCode": result.exit_code,
                "Output": truncate_output(&result.output),
            }));
            if entries.len() > MAX_LOG_ENTRIES {
                entries.drain(..entries.len() - MAX_LOG_ENTRIES);
            }
        }
        let mut status = old.clone();
        if result.exit_code == 0 {
            streak = 0;
            status = "healthy".to_owned();
        } else if !(old == "starting" && start.nanos_since(started) < start_period) {
            streak += 1;
            if streak >= retries {
                status = "unhealthy".to_owned();
            }
        }
        set(
            &mut self.containers[idx].doc,
            &["State", "Health"],
            json!({"Status": status, "FailingStreak": streak, "Log": entries}),
        );
        if status != old {
            let saved = self.now;
            self.now = end;
            self.record_container_event(idx, &format!("health_status: {status}"), &[]);
            self.now = saved;
        }
    }
}

/// The daemon keeps at most 4096 bytes of a probe's output.
fn truncate_output(s: &str) -> String {
    const MAX: usize = 4096;
    if s.len() <= MAX {
        return s.to_owned();
    }
    let mut cut = MAX;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &s[..cut])
}
