//! Moving the daemon's clock: everything due on the way happens at its own
//! virtual time, in order (process exits, OOM kills, restarts by policy,
//! healthcheck probes, auto-removal). Ties go to the oldest container, and
//! a process exit before a probe due at the same instant.

use super::container::Status;
use super::lifecycle::ExitCause;
use super::time::Timestamp;
use super::world::World;

/// A bound on transitions per move, so no declared world can spin forever.
const MAX_STEPS: usize = 1_000_000;
/// Probe runs kept individually at the end of a fast-forwarded stretch.
const KEEP_PROBES: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Due {
    Exit(ExitCause),
    Restart,
    Probe,
}

impl World {
    /// Advances the clock to `t` (never backwards), applying every
    /// transition due up to and including `t`.
    pub fn advance_to(&mut self, t: Timestamp) {
        if t < self.now {
            return;
        }
        for _ in 0..MAX_STEPS {
            let Some((time, idx, due)) = self.next_due(t) else {
                break;
            };
            if time > self.now {
                self.now = time;
            }
            match due {
                Due::Exit(cause) => self.exit_by_itself(idx, cause),
                Due::Restart => self.restart_by_policy(idx),
                Due::Probe => {
                    self.fast_forward_probes(idx, t);
                    self.run_probe(idx);
                }
            }
        }
        self.now = t;
        // Probe runs and fast-forwards can log slightly out of order.
        self.events.sort_by_key(|e| e.time);
    }

    /// The earliest transition due at or before `t`.
    fn next_due(&self, t: Timestamp) -> Option<(Timestamp, usize, Due)> {
        let mut best: Option<(Timestamp, u8, usize, Due)> = None;
        let mut consider = |time: Timestamp, rank: u8, idx: usize, due: Due| {
            if time > t {
                return;
            }
            if best.is_none_or(|(bt, br, bi, _)| (time, rank, idx) < (bt, br, bi)) {
                best = Some((time, rank, idx, due));
            }
        };
        for (idx, c) in self.containers.iter().enumerate() {
            let rt = self.runtime.get(c.id());
            match c.status() {
                Status::Running => {
                    if let Some((time, cause)) = self.scheduled_exit(idx) {
                        consider(time, 0, idx, Due::Exit(cause));
                    }
                    if let Some(p) = rt.and_then(|r| r.next_probe) {
                        consider(p, 1, idx, Due::Probe);
                    }
                }
                Status::Restarting => {
                    if let Some(r) = rt.and_then(|r| r.restart_at) {
                        consider(r, 0, idx, Due::Restart);
                    }
                }
                _ => {}
            }
        }
        best.map(|(time, _, idx, due)| (time, idx, due))
    }

    /// The earliest transition other than a probe, for anyone: probes of
    /// one container never change what another's probes see.
    fn next_non_probe(&self, t: Timestamp) -> Timestamp {
        let mut best = t;
        for (idx, c) in self.containers.iter().enumerate() {
            let time = match c.status() {
                Status::Running => self.scheduled_exit(idx).map(|(time, _)| time),
                Status::Restarting => self.runtime.get(c.id()).and_then(|r| r.restart_at),
                _ => None,
            };
            if let Some(time) = time
                && time < best
            {
                best = time;
            }
        }
        best
    }

    /// Over a long stretch where nothing else happens, probes all report
    /// the same: apply all but the last few at once (streak and status
    /// only), as if each had run.
    fn fast_forward_probes(&mut self, idx: usize, t: Timestamp) {
        let Some(c) = self.containers.get(idx) else {
            return;
        };
        let Some(next) = self.runtime.get(c.id()).and_then(|r| r.next_probe) else {
            return;
        };
        let started = c.started_at().unwrap_or(self.now);
        let interval = {
            let i = super::json::i64_at(&c.doc, &["Config", "Healthcheck", "Interval"]);
            if i == 0 { 30_000_000_000 } else { i }
        };
        let start_period = super::json::i64_at(&c.doc, &["Config", "Healthcheck", "StartPeriod"]);
        if next.nanos_since(started) < start_period {
            return;
        }
        let step = interval + super::health::PROBE_NANOS;
        let horizon = self.next_non_probe(t);
        let fits = horizon.nanos_since(next) / step;
        if fits <= KEEP_PROBES * 2 {
            return;
        }
        let skip = fits - KEEP_PROBES;
        if skip > 1_000_000_000 {
            return;
        }
        let result = self.probe_result(idx);
        // The first run decides any status change (and logs its event);
        // the others only extend the streak.
        let first_end = next.plus_nanos(super::health::PROBE_NANOS);
        self.apply_probe(idx, next, first_end, &result, false);
        if result.exit_code != 0
            && let Some(h) = self.containers[idx]
                .doc
                .pointer_mut("/State/Health/FailingStreak")
            && let Some(n) = h.as_i64()
        {
            *h = serde_json::json!(n + skip - 1);
            let retries = {
                let r = super::json::i64_at(
                    &self.containers[idx].doc,
                    &["Config", "Healthcheck", "Retries"],
                );
                if r == 0 { 3 } else { r }
            };
            if n + skip > retries && self.containers[idx].health() != Some("unhealthy") {
                let saved = self.now;
                self.now = first_end;
                super::json::set(
                    &mut self.containers[idx].doc,
                    &["State", "Health", "Status"],
                    serde_json::json!("unhealthy"),
                );
                self.record_container_event(idx, "health_status: unhealthy", &[]);
                self.now = saved;
            }
        }
        let resume = next.plus_nanos(step.saturating_mul(skip));
        if let Some(rt) = self.runtime_mut(idx) {
            rt.next_probe = Some(resume);
        }
        self.now = resume;
    }
}
