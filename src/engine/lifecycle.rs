//! The life of a container's main process, as dockerd runs it: starts,
//! exits (by itself, by signal, by the OOM killer), the restart manager's
//! policy and back-off, auto-removal, pause, rename. Every transition logs
//! its events. Times are the world's virtual clock.

use serde_json::json;

use super::behavior::Behavior;
use super::container::Status;
use super::error::EngineError;
use super::events::network_event;
use super::json::{bool_at, i64_at, set, str_at};
use super::network;
use super::ops::Signal;
use super::time::Timestamp;
use super::world::World;

const MILLI: i64 = 1_000_000;
const SECOND: i64 = 1_000_000_000;
/// restartmanager: the first delay, its multiplier and its ceiling.
const RESTART_FIRST_DELAY: i64 = 100 * MILLI;
const RESTART_MAX_DELAY: i64 = 60 * SECOND;
/// A run this long resets the back-off (`executionDuration >= 10s`).
const RESTART_RESET_AFTER: i64 = 10 * SECOND;
/// `StopTimeout` when the container sets none.
pub const DEFAULT_STOP_TIMEOUT: i64 = 10;

/// What the daemon keeps about a container beside its inspect document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Runtime {
    /// The restart manager's current delay (0: none yet).
    pub restart_delay: i64,
    /// When a `Restarting` container starts again.
    pub restart_at: Option<Timestamp>,
    /// `HasBeenManuallyStopped`: stop/kill since the last start.
    pub manually_stopped: bool,
    /// `ExitOnNext`: the restart manager was canceled.
    pub exit_on_next: bool,
    /// The next healthcheck probe.
    pub next_probe: Option<Timestamp>,
    /// A process shutting down cleanly after its stop signal exits then.
    pub drain_exit_at: Option<Timestamp>,
}

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCause {
    /// By itself, with this code.
    Exited(i64),
    /// Killed by the OOM killer (137, `OOMKilled: true`).
    OomKilled,
    /// A signal it did not survive (128 + n).
    Signaled(Signal),
}

impl World {
    /// The behaviour declared for container `idx`: its own, else its image's,
    /// without an exit whose `when-env` its environment does not meet.
    pub fn behavior(&self, idx: usize) -> Behavior {
        let Some(c) = self.containers.get(idx) else {
            return Behavior::default();
        };
        let mut b = self
            .behaviors
            .get(c.id())
            .or_else(|| self.behaviors.get(c.image_id()))
            .cloned()
            .unwrap_or_default();
        if b.exit
            .as_ref()
            .is_some_and(|e| !super::behavior::env_matches(&e.when_env, &c.env()))
        {
            b.exit = None;
        }
        b
    }

    pub fn runtime_mut(&mut self, idx: usize) -> Option<&mut Runtime> {
        let id = self.containers.get(idx)?.id().to_owned();
        Some(self.runtime.entry(id).or_default())
    }

    pub fn runtime_of(&self, idx: usize) -> Runtime {
        self.containers
            .get(idx)
            .and_then(|c| self.runtime.get(c.id()))
            .cloned()
            .unwrap_or_default()
    }

    /// What a start does after the process runs: a manual start resets the
    /// restart manager; events, startup log lines and health monitoring.
    pub(crate) fn after_start(&mut self, idx: usize, manual: bool) {
        let now = self.now;
        if let Some(rt) = self.runtime_mut(idx) {
            rt.manually_stopped = false;
            rt.exit_on_next = false;
            rt.restart_at = None;
            rt.drain_exit_at = None;
            if manual {
                rt.restart_delay = 0;
            }
        }
        network_event(self, idx, "connect");
        self.record_container_event(idx, "start", &[]);
        let behavior = self.behavior(idx);
        if let Some(c) = self.containers.get_mut(idx) {
            for (i, (stream, line)) in behavior.startup_logs.iter().enumerate() {
                let offset = i64::try_from(i).unwrap_or(0).saturating_mul(MILLI);
                c.logs.push(super::container::LogEntry {
                    time: now.plus_nanos(offset),
                    stream: *stream,
                    line: format!("{line}\n"),
                });
            }
        }
        self.init_health(idx);
    }

    /// `handleContainerExit`: the process of container `idx` ended now.
    /// Applies the restart policy; an `--rm` container that stays down is
    /// removed. Returns whether the container still exists.
    pub(crate) fn process_exit(&mut self, idx: usize, cause: ExitCause) -> bool {
        let Some(c) = self.containers.get(idx) else {
            return false;
        };
        if !c.is_running() || c.is_restarting() {
            return true;
        }
        let now = self.now;
        let code = match cause {
            ExitCause::Exited(code) => code,
            ExitCause::OomKilled => 137,
            ExitCause::Signaled(s) => 128 + i64::from(s.0),
        };
        if cause == ExitCause::OomKilled {
            set(
                &mut self.containers[idx].doc,
                &["State", "OOMKilled"],
                json!(true),
            );
            self.record_container_event(idx, "oom", &[]);
        }
        let started = self.containers[idx].started_at().unwrap_or(now);
        let ran = now.nanos_since(started).max(0);
        let policy = str_at(
            &self.containers[idx].doc,
            &["HostConfig", "RestartPolicy", "Name"],
        )
        .to_owned();
        let max_retries = i64_at(
            &self.containers[idx].doc,
            &["HostConfig", "RestartPolicy", "MaximumRetryCount"],
        );
        let restart_count = i64_at(&self.containers[idx].doc, &["RestartCount"]);
        let rt = self.runtime_of(idx);
        let mut delay = rt.restart_delay;
        let restart = if policy.is_empty() || policy == "no" || rt.exit_on_next {
            false
        } else {
            if ran >= RESTART_RESET_AFTER {
                delay = 0;
            }
            delay = if delay == 0 {
                RESTART_FIRST_DELAY
            } else if delay < RESTART_MAX_DELAY {
                delay * 2
            } else {
                delay
            };
            delay = delay.min(RESTART_MAX_DELAY);
            match policy.as_str() {
                "always" => true,
                "unless-stopped" => !rt.manually_stopped,
                "on-failure" => (max_retries == 0 || restart_count < max_retries) && code != 0,
                _ => false,
            }
        };
        if let Some(r) = self.runtime_mut(idx) {
            r.restart_delay = delay;
            r.next_probe = None;
            r.restart_at = restart.then(|| now.plus_nanos(delay));
        }
        network_event(self, idx, "disconnect");
        network::disconnect(self, idx);
        let doc = &mut self.containers[idx].doc;
        let fields = [
            (
                "Status",
                json!(if restart { "restarting" } else { "exited" }),
            ),
            ("Running", json!(restart)),
            ("Paused", json!(false)),
            ("Restarting", json!(restart)),
            ("Pid", json!(0)),
            ("ExitCode", json!(code)),
            ("FinishedAt", json!(now.rfc3339_nano())),
        ];
        super::ops::set_fields(doc, "State", fields);
        if restart {
            set(doc, &["RestartCount"], json!(restart_count + 1));
        }
        self.record_container_event(
            idx,
            "die",
            &[
                ("exitCode", code.to_string()),
                ("execDuration", (ran / SECOND).to_string()),
            ],
        );
        if !restart && bool_at(&self.containers[idx].doc, &["HostConfig", "AutoRemove"]) {
            self.destroy(idx);
            return false;
        }
        true
    }

    /// [`process_exit`](World::process_exit) by `signal` for a running
    /// container that is removed right after (`rm -f`): what outlives the
    /// container (its networks' `disconnect` events and endpoints, the
    /// `die` event) without the changes to its document and its restart
    /// manager, which the removal drops. Changing the document would copy
    /// all of it while the world a replay started from still shares it,
    /// and read its typed view again for each event.
    pub(crate) fn exit_before_removal(&mut self, idx: usize, signal: Signal) {
        let Some(c) = self.containers.get(idx) else {
            return;
        };
        if !c.is_running() || c.is_restarting() {
            return;
        }
        let now = self.now;
        let code = 128 + i64::from(signal.0);
        let ran = now.nanos_since(c.started_at().unwrap_or(now)).max(0);
        let id = c.id().to_owned();
        network_event(self, idx, "disconnect");
        network::release(self, &id);
        self.record_container_event(
            idx,
            "die",
            &[
                ("exitCode", code.to_string()),
                ("execDuration", (ran / SECOND).to_string()),
            ],
        );
    }

    /// Removes container `idx` for good, with its `destroy` event.
    pub(crate) fn destroy(&mut self, idx: usize) {
        if idx >= self.containers.len() {
            return;
        }
        self.record_container_event(idx, "destroy", &[]);
        let id = self.containers[idx].id().to_owned();
        self.containers.remove(idx);
        self.runtime.remove(&id);
        network::release(self, &id);
        self.forget_links_of(&id);
    }

    /// The restart manager's timer fired: start the container again. A
    /// failed start (a port now taken) leaves it exited.
    pub(crate) fn restart_by_policy(&mut self, idx: usize) {
        let now = self.now;
        if let Some(rt) = self.runtime_mut(idx) {
            rt.restart_at = None;
        }
        let doc = &mut self.containers[idx].doc;
        // containerStart refuses a Running container: the monitor's start
        // begins from the stopped state, keeping RestartCount.
        set(doc, &["State", "Running"], json!(false));
        set(doc, &["State", "Restarting"], json!(false));
        set(doc, &["State", "Status"], json!("exited"));
        if self.start_process(idx, now, false).is_err()
            && bool_at(&self.containers[idx].doc, &["HostConfig", "AutoRemove"])
        {
            self.destroy(idx);
        }
    }

    /// The stop signal of container `idx`: `Config.StopSignal`, else SIGTERM.
    pub fn stop_signal(&self, idx: usize) -> Signal {
        let declared = self
            .containers
            .get(idx)
            .map_or("", |c| str_at(&c.doc, &["Config", "StopSignal"]));
        if declared.is_empty() {
            Signal::TERM
        } else {
            Signal::parse(declared).unwrap_or(Signal::TERM)
        }
    }

    /// `killWithSignal`: marks the container manually stopped (and its
    /// restart manager canceled when `signal` is its stop signal or it has
    /// none), logs `kill`, and delivers the signal. Returns whether the
    /// process died of it.
    fn signal_process(&mut self, idx: usize, signal: Signal) -> bool {
        let declared = self.containers.get(idx).map_or(String::new(), |c| {
            str_at(&c.doc, &["Config", "StopSignal"]).to_owned()
        });
        let cancels = signal == Signal::KILL
            || declared.is_empty()
            || Signal::parse(&declared).is_ok_and(|s| s == signal);
        let restarting = self.containers[idx].is_restarting();
        let paused = self.containers[idx].is_paused();
        if let Some(rt) = self.runtime_mut(idx) {
            rt.manually_stopped = true;
            if cancels {
                rt.exit_on_next = true;
            }
        }
        if restarting {
            return false;
        }
        if cancels && paused {
            // ExitOnNext resumes a paused process so the signal lands.
            self.set_paused(idx, false);
        }
        self.record_container_event(idx, "kill", &[("signal", signal.0.to_string())]);
        let behavior = self.behavior(idx);
        let stop_signal = self.stop_signal(idx);
        if signal == stop_signal
            && let Some(drain) = &behavior.on_sigterm
        {
            // A clean shutdown starts now (a second signal does not restart it).
            let at = self.now.plus_nanos(drain.after_nanos);
            if let Some(rt) = self.runtime_mut(idx)
                && rt.drain_exit_at.is_none()
            {
                rt.drain_exit_at = Some(at);
            }
            return false;
        }
        let dies = if signal == Signal::KILL {
            true
        } else if signal == Signal::TERM {
            !behavior.ignores_sigterm
        } else {
            signal.terminates()
        };
        if dies && !self.containers[idx].is_paused() {
            self.process_exit(idx, ExitCause::Signaled(signal));
            return true;
        }
        false
    }

    /// `docker stop`: the stop signal, then SIGKILL once `timeout` seconds
    /// pass with the process still running (the clock advances by them).
    /// A stopped container is left alone (the API's 304).
    pub fn stop_container(
        &mut self,
        idx: usize,
        signal: Option<Signal>,
        timeout: Option<i64>,
    ) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(String::new()));
        };
        if !c.is_running() {
            return Ok(());
        }
        let id = c.id().to_owned();
        let signal = signal.unwrap_or_else(|| self.stop_signal(idx));
        let timeout = timeout.unwrap_or_else(|| {
            let t = i64_at(&self.containers[idx].doc, &["Config", "StopTimeout"]);
            if t == 0 { DEFAULT_STOP_TIMEOUT } else { t }
        });
        let restarting = self.containers[idx].is_restarting();
        if restarting {
            // The canceled restart manager leaves it exited as it was.
            self.signal_process(idx, signal);
            self.settle_restarting(idx);
        } else if !self.signal_process(idx, signal) && timeout >= 0 {
            let deadline = self.now.plus_seconds(timeout);
            // The CLI returns as soon as the container exits; a process
            // that shuts down cleanly in time never gets the SIGKILL.
            let until = self
                .scheduled_exit(idx)
                .map(|(t, _)| t)
                .filter(|t| *t < deadline)
                .unwrap_or(deadline);
            self.advance_to(until);
            if let Ok(idx) = self.container_index(&id)
                && self.containers[idx].is_running()
            {
                self.record_container_event(idx, "kill", &[("signal", "9".to_owned())]);
                self.process_exit(idx, ExitCause::Signaled(Signal::KILL));
            }
        }
        if let Ok(idx) = self.container_index(&id) {
            self.record_container_event(idx, "stop", &[]);
        }
        Ok(())
    }

    /// A `Restarting` container whose restart was canceled: exited, with
    /// the code it last exited with (and removed if `--rm`).
    fn settle_restarting(&mut self, idx: usize) {
        if let Some(rt) = self.runtime_mut(idx) {
            rt.restart_at = None;
        }
        let doc = &mut self.containers[idx].doc;
        set(doc, &["State", "Status"], json!("exited"));
        set(doc, &["State", "Running"], json!(false));
        set(doc, &["State", "Restarting"], json!(false));
        if bool_at(doc, &["HostConfig", "AutoRemove"]) {
            self.destroy(idx);
        }
    }

    /// `POST /containers/{id}/kill`; `reference` as typed, for the error.
    pub fn kill_container(
        &mut self,
        idx: usize,
        reference: &str,
        signal: Signal,
    ) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(reference.to_owned()));
        };
        if !c.is_running() {
            return Err(EngineError::Other(format!(
                "Cannot kill container: {reference}: container {} is not running",
                c.id()
            )));
        }
        if c.is_restarting() {
            self.signal_process(idx, signal);
            if signal == Signal::KILL {
                self.settle_restarting(idx);
            }
            return Ok(());
        }
        self.signal_process(idx, signal);
        Ok(())
    }

    /// `POST /containers/{id}/restart`: stop (if running), then a manual
    /// start, which resets `RestartCount`; the pinned `.Image` stays.
    pub fn restart_container(
        &mut self,
        idx: usize,
        reference: &str,
        signal: Option<Signal>,
        timeout: Option<i64>,
    ) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(reference.to_owned()));
        };
        let id = c.id().to_owned();
        // HasBeenManuallyRestarted: an --rm container survives its own stop.
        let auto_remove = bool_at(&c.doc, &["HostConfig", "AutoRemove"]);
        if auto_remove {
            set(
                &mut self.containers[idx].doc,
                &["HostConfig", "AutoRemove"],
                json!(false),
            );
        }
        if self.containers[idx].is_running() {
            self.stop_container(idx, signal, timeout)?;
        }
        let idx = self.container_index(&id)?;
        if auto_remove {
            set(
                &mut self.containers[idx].doc,
                &["HostConfig", "AutoRemove"],
                json!(true),
            );
        }
        let at = self.now;
        self.start_container(idx, at).map_err(|e| {
            EngineError::Other(format!("Cannot restart container {reference}: {e}"))
        })?;
        self.record_container_event(idx, "restart", &[]);
        Ok(())
    }

    /// The attached process of a foreground `docker run` ended with `code`.
    pub fn finish_foreground(&mut self, idx: usize, code: i64) -> bool {
        if idx >= self.containers.len() || !self.containers[idx].is_running() {
            return false;
        }
        self.process_exit(idx, ExitCause::Exited(code))
    }

    fn set_paused(&mut self, idx: usize, paused: bool) {
        let doc = &mut self.containers[idx].doc;
        set(
            doc,
            &["State", "Status"],
            json!(if paused { "paused" } else { "running" }),
        );
        set(doc, &["State", "Paused"], json!(paused));
    }

    /// `POST /containers/{id}/pause`: freezes a running container; its
    /// healthchecks stop until it is unpaused.
    pub fn pause_container(&mut self, idx: usize) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(String::new()));
        };
        if !c.is_running() || (c.is_restarting() && !c.is_paused()) {
            return Err(EngineError::Other(format!(
                "container {} is not running",
                c.id()
            )));
        }
        if c.is_paused() {
            return Err(EngineError::Other(format!(
                "Container {} is already paused",
                c.id()
            )));
        }
        self.set_paused(idx, true);
        if let Some(rt) = self.runtime_mut(idx) {
            rt.next_probe = None;
        }
        self.record_container_event(idx, "pause", &[]);
        Ok(())
    }

    /// `POST /containers/{id}/unpause`.
    pub fn unpause_container(&mut self, idx: usize) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(String::new()));
        };
        if !c.is_paused() {
            return Err(EngineError::Other(format!(
                "Container {} is not paused",
                c.id()
            )));
        }
        self.set_paused(idx, false);
        self.resume_health(idx);
        self.record_container_event(idx, "unpause", &[]);
        Ok(())
    }

    /// `POST /containers/{id}/rename`.
    pub fn rename_container(&mut self, idx: usize, new_name: &str) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(String::new()));
        };
        let old = c.name().to_owned();
        let bare = new_name.strip_prefix('/').unwrap_or(new_name);
        if old == bare {
            return Err(EngineError::Other(
                "Renaming a container with the same name as its current name".to_owned(),
            ));
        }
        if !super::ops::valid_container_name(bare) {
            return Err(EngineError::Other(format!(
                "Error when allocating new name: Invalid container name (/{bare}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            )));
        }
        if let Some(other) = self.containers.iter().find(|o| o.name() == bare) {
            let conflict = EngineError::NameConflict {
                name: bare.to_owned(),
                id: other.id().to_owned(),
            };
            return Err(EngineError::Other(format!(
                "Error when allocating new name: {conflict}"
            )));
        }
        set(
            &mut self.containers[idx].doc,
            &["Name"],
            json!(format!("/{bare}")),
        );
        self.record_container_event(idx, "rename", &[("oldName", format!("/{old}"))]);
        self.refresh_link_names();
        Ok(())
    }

    /// When the running process of container `idx` exits by itself, and how
    /// (declared `exits`/`oom`); `None` for a server that runs until stopped.
    pub fn scheduled_exit(&self, idx: usize) -> Option<(Timestamp, ExitCause)> {
        let c = self.containers.get(idx)?;
        if c.status() != Status::Running {
            return None;
        }
        let started = c.started_at()?;
        let b = self.behavior(idx);
        let limit = i64_at(&c.doc, &["HostConfig", "Memory"]);
        let oom = b
            .oom
            .as_ref()
            .filter(|o| limit > 0 && limit < o.peak_bytes)
            .map(|o| (started.plus_nanos(o.after_nanos), ExitCause::OomKilled));
        let env = c.env();
        let exit = b
            .exit
            .as_ref()
            .filter(|e| super::behavior::env_matches(&e.when_env, &env))
            .map(|e| (started.plus_nanos(e.after_nanos), ExitCause::Exited(e.code)));
        let drain = self
            .runtime
            .get(c.id())
            .and_then(|rt| rt.drain_exit_at)
            .zip(b.on_sigterm.as_ref())
            .map(|(t, d)| (t, ExitCause::Exited(d.code)));
        [oom, exit, drain]
            .into_iter()
            .flatten()
            .min_by_key(|(t, _)| *t)
    }

    /// The process exits by itself: its last log lines, then the exit.
    pub(crate) fn exit_by_itself(&mut self, idx: usize, cause: ExitCause) {
        if let ExitCause::Exited(_) = cause {
            let now = self.now;
            let behavior = self.behavior(idx);
            let draining = self
                .containers
                .get(idx)
                .and_then(|c| self.runtime.get(c.id()))
                .and_then(|rt| rt.drain_exit_at)
                .is_some_and(|t| t <= now);
            let lines = if draining {
                behavior.on_sigterm.map(|e| e.logs)
            } else {
                behavior.exit.map(|e| e.logs)
            }
            .unwrap_or_default();
            if let Some(c) = self.containers.get_mut(idx) {
                let n = i64::try_from(lines.len()).unwrap_or(0);
                for (i, (stream, line)) in lines.into_iter().enumerate() {
                    let back = (n - i64::try_from(i).unwrap_or(0)) * MILLI;
                    c.logs.push(super::container::LogEntry {
                        time: now.plus_nanos(-back),
                        stream,
                        line: format!("{line}\n"),
                    });
                }
            }
        }
        self.process_exit(idx, cause);
    }
}
