//! Services in dependency order with compose's `depends_on` conditions,
//! as compose v2.40.3 runs them (`InDependencyOrder`, `waitDependencies`,
//! `isServiceHealthy`, `isServiceCompleted` in `convergence.go`).
//!
//! compose visits services concurrently: a service begins once every
//! service it depends on is done, then polls each dependency every 500ms
//! until its condition holds. The simulator replays that over virtual
//! time: at each instant the ready services begin in dependency order
//! (ties by name), and the clock jumps from poll to poll, skipping polls
//! that cannot see a change (no exit, restart or probe of the awaited
//! containers falls due before them). The first failure ends the command,
//! as compose's errgroup does. A wait that nothing can ever end (a server
//! awaited as a one-shot job) ends as if the user pressed Ctrl-C.

use std::collections::BTreeMap;

use super::converge::{Event, Failure, ev};
use super::project::{CONDITION_COMPLETED, CONDITION_HEALTHY, CONDITION_STARTED, Dependency};
use crate::engine::json::at;
use crate::engine::{Status, Timestamp, World};

/// compose's ticker.
pub const POLL_NANOS: i64 = 500_000_000;
/// `--wait`'s condition: healthy, or running for a container without a
/// healthcheck (`ServiceConditionRunningOrHealthy`).
pub const CONDITION_RUNNING_OR_HEALTHY: &str = "running_or_healthy";
/// Polls before the simulated user gives up (Ctrl-C).
const MAX_POLLS: usize = 100_000;
/// Virtual time a command waits before the simulated user gives up.
const MAX_WAIT_NANOS: i64 = 24 * 3_600 * 1_000_000_000;

/// What happens to a service's containers once its dependencies allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `up`/`start`: start those not running (`startService`).
    Start,
    /// `restart`: restart each (`ContainerRestart`).
    Restart,
    /// Nothing: the pseudo-service `up --wait` waits for.
    Nothing,
}

/// One service to visit: its name, the dependencies compose honours for
/// this command, and what to do once they allow it.
#[derive(Clone, Debug)]
pub struct Visit {
    pub service: String,
    pub depends_on: BTreeMap<String, Dependency>,
    pub action: Action,
}

/// A dependency's containers as compose listed them before starting
/// (container IDs), by service.
pub type Listed = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    Pending,
    /// Polling since `since`; the next poll is number `next` (from 1);
    /// `open` are the dependencies not yet settled.
    Waiting {
        since: Timestamp,
        next: i64,
        open: Vec<String>,
    },
    Done,
}

/// What one poll of one dependency found.
enum Seen {
    /// Not yet: poll again.
    Pending,
    /// Settled: these events, and the dependant may go on.
    Settled(Vec<Event>),
    /// Failed: these events, then this error ends the command.
    Failed(Vec<Event>, String),
}

/// Visits `visits` in dependency order (a visit waits for the visits of
/// the services it depends on; dependencies outside `visits` are not
/// waited for). The order of `visits` breaks ties.
pub fn run(
    world: &mut World,
    visits: &[Visit],
    listed: &Listed,
    out: &mut Vec<Event>,
) -> Result<(), Failure> {
    let started = world.now;
    let mut phases = vec![Phase::Pending; visits.len()];
    let index_of = |name: &str| visits.iter().position(|v| v.service == name);
    for _ in 0..MAX_POLLS {
        // Everything that can begin now does, in order; a service done at
        // once (nothing to wait for) may let later ones begin.
        while let Some(i) = (0..visits.len()).find(|&i| {
            phases[i] == Phase::Pending
                && visits[i]
                    .depends_on
                    .keys()
                    .filter_map(|d| index_of(d))
                    .all(|d| phases[d] == Phase::Done)
        }) {
            phases[i] = begin(world, visits, i, listed, out)?;
        }
        let waiting: Vec<usize> = (0..visits.len())
            .filter(|&i| matches!(phases[i], Phase::Waiting { .. }))
            .collect();
        if waiting.is_empty() {
            return Ok(());
        }
        // The next poll that can see something, for each waiting service.
        let mut due: Vec<(Timestamp, usize, i64)> = Vec::new();
        for &i in &waiting {
            if let Phase::Waiting { since, next, open } = &phases[i]
                && let Some(k) = next_useful_poll(world, visits, i, listed, open, *since, *next)
            {
                due.push((since.plus_nanos(k.saturating_mul(POLL_NANOS)), i, k));
            }
        }
        let Some(&(time, _, _)) = due.iter().min_by_key(|(t, i, _)| (*t, *i)) else {
            return Err(Failure::Interrupted);
        };
        if time.nanos_since(started) > MAX_WAIT_NANOS {
            return Err(Failure::Interrupted);
        }
        world.advance_to(time);
        for &(t, i, k) in &due {
            if t != time {
                continue;
            }
            let Phase::Waiting { since, open, .. } = phases[i].clone() else {
                continue;
            };
            let mut still = Vec::new();
            for dep in &open {
                let cond = visits[i].depends_on.get(dep).cloned().unwrap_or_default();
                match poll(world, &visits[i].service, dep, &cond, listed) {
                    Seen::Pending => still.push(dep.clone()),
                    Seen::Settled(events) => out.extend(events),
                    Seen::Failed(events, e) => {
                        out.extend(events);
                        return Err(Failure::Error(e));
                    }
                }
            }
            phases[i] = if still.is_empty() {
                act(world, &visits[i], listed, out)?;
                Phase::Done
            } else {
                Phase::Waiting {
                    since,
                    next: k + 1,
                    open: still,
                }
            };
        }
    }
    Err(Failure::Interrupted)
}

/// A service begins: `Waiting` for each dependency whose condition needs
/// a wait; with none, its action runs at once.
fn begin(
    world: &mut World,
    visits: &[Visit],
    i: usize,
    listed: &Listed,
    out: &mut Vec<Event>,
) -> Result<Phase, Failure> {
    let visit = &visits[i];
    let mut open = Vec::new();
    for (dep, cond) in &visit.depends_on {
        // Started is the dependency order itself; a service outside this
        // command (not selected) is not waited for.
        if cond.condition == CONDITION_STARTED || !visits.iter().any(|v| &v.service == dep) {
            continue;
        }
        let ids = listed.get(dep).cloned().unwrap_or_default();
        for id in &ids {
            out.push(ev(progress_name(world, id), "Waiting"));
        }
        if ids.is_empty() {
            let msg = format!("{} is missing dependency {dep}", visit.service);
            if cond.required {
                return Err(Failure::Error(msg));
            }
            out.push(warning(world, &msg));
            continue;
        }
        open.push(dep.clone());
    }
    if open.is_empty() {
        act(world, visit, listed, out)?;
        return Ok(Phase::Done);
    }
    Ok(Phase::Waiting {
        since: world.now,
        next: 1,
        open,
    })
}

/// The number of the first poll from `next` on that can see a change:
/// `next` itself when the awaited containers settle now or change before
/// it, else the first poll at or after their next transition; `None`
/// when nothing will ever change.
fn next_useful_poll(
    world: &World,
    visits: &[Visit],
    i: usize,
    listed: &Listed,
    open: &[String],
    since: Timestamp,
    next: i64,
) -> Option<i64> {
    let at_next = since.plus_nanos(next.saturating_mul(POLL_NANOS));
    let settles_now = open.iter().any(|dep| {
        let cond = visits[i].depends_on.get(dep).cloned().unwrap_or_default();
        !matches!(
            poll(world, &visits[i].service, dep, &cond, listed),
            Seen::Pending
        )
    });
    if settles_now {
        return Some(next);
    }
    let change = open
        .iter()
        .flat_map(|dep| listed.get(dep).cloned().unwrap_or_default())
        .filter_map(|id| next_transition(world, &id))
        .min()?;
    if change <= at_next {
        return Some(next);
    }
    let gap = change.nanos_since(since);
    Some(gap.div_euclid(POLL_NANOS) + i64::from(gap.rem_euclid(POLL_NANOS) != 0))
}

/// When container `id`'s state can next change by itself: its process
/// exits, its restart policy starts it, or a probe runs.
fn next_transition(world: &World, id: &str) -> Option<Timestamp> {
    let idx = world.container_index(id).ok()?;
    let rt = world.runtime_of(idx);
    [
        world.scheduled_exit(idx).map(|(t, _)| t),
        rt.restart_at,
        rt.next_probe,
    ]
    .into_iter()
    .flatten()
    .min()
}

/// One poll of `dep` for `dependant` (one goroutine's tick in
/// `waitDependencies`).
fn poll(world: &World, dependant: &str, dep: &str, cond: &Dependency, listed: &Listed) -> Seen {
    let ids = listed.get(dep).cloned().unwrap_or_default();
    let names =
        |world: &World| -> Vec<String> { ids.iter().map(|id| progress_name(world, id)).collect() };
    let _ = dependant;
    match cond.condition.as_str() {
        CONDITION_RUNNING_OR_HEALTHY | CONDITION_HEALTHY => {
            let fallback = cond.condition == CONDITION_RUNNING_OR_HEALTHY;
            match service_healthy(world, &ids, fallback) {
                Ok(false) => Seen::Pending,
                Ok(true) => {
                    Seen::Settled(names(world).into_iter().map(|n| ev(n, "Healthy")).collect())
                }
                Err(e) if !cond.required => {
                    let reason = if fallback {
                        format!("optional dependency {dep:?} is not running or is unhealthy")
                    } else {
                        format!("optional dependency {dep:?} failed to start")
                    };
                    let mut events: Vec<Event> = names(world)
                        .into_iter()
                        .map(|n| ev(n, &format!("Skipped: {reason}")))
                        .collect();
                    events.push(warning(world, &format!("{reason}: {e}")));
                    Seen::Settled(events)
                }
                Err(e) if fallback => Seen::Failed(Vec::new(), e),
                Err(e) => Seen::Failed(
                    names(world).into_iter().map(|n| ev(n, "Error")).collect(),
                    format!("dependency failed to start: {e}"),
                ),
            }
        }
        CONDITION_COMPLETED => match service_completed(world, &ids) {
            Err(e) => Seen::Failed(Vec::new(), e),
            Ok(None) => Seen::Pending,
            Ok(Some(0)) => {
                Seen::Settled(names(world).into_iter().map(|n| ev(n, "Exited")).collect())
            }
            Ok(Some(code)) => {
                let suffix = format!("{dep:?} didn't complete successfully: exit {code}");
                if cond.required {
                    let msg = format!("service {suffix}");
                    Seen::Failed(names(world).into_iter().map(|n| ev(n, &msg)).collect(), msg)
                } else {
                    let mut events: Vec<Event> = names(world)
                        .into_iter()
                        .map(|n| ev(n, &format!("Skipped: optional dependency {suffix}")))
                        .collect();
                    events.push(warning(world, &format!("optional dependency {suffix}")));
                    Seen::Settled(events)
                }
            }
        },
        other => Seen::Settled(vec![warning(
            world,
            &format!("unsupported depends_on condition: {other}"),
        )]),
    }
}

/// `isServiceHealthy`: every container healthy (or, with `fallback`,
/// running without a healthcheck); an error when one exited, is
/// unhealthy or has no health status.
fn service_healthy(world: &World, ids: &[String], fallback: bool) -> Result<bool, String> {
    for id in ids {
        let c = world
            .container(id)
            .map_err(|e| format!("Error response from daemon: {e}"))?;
        let name = c.name();
        if c.status() == Status::Exited {
            return Err(format!("container {name} exited ({})", c.exit_code()));
        }
        let configured = at(&c.doc, &["Config", "Healthcheck"]).is_some_and(|h| !h.is_null());
        if !configured && fallback {
            return Ok(c.status() == Status::Running);
        }
        match c.health() {
            None => return Err(format!("container {name} has no healthcheck configured")),
            Some("healthy") => {}
            Some("unhealthy") => return Err(format!("container {name} is unhealthy")),
            Some("starting") => return Ok(false),
            Some(other) => {
                return Err(format!(
                    "container {name} had unexpected health status {other:?}"
                ));
            }
        }
    }
    Ok(true)
}

/// `isServiceCompleted`: the exit code of the first container that exited.
fn service_completed(world: &World, ids: &[String]) -> Result<Option<i64>, String> {
    for id in ids {
        let c = world
            .container(id)
            .map_err(|e| format!("Error response from daemon: {e}"))?;
        if c.status() == Status::Exited {
            return Ok(Some(c.exit_code()));
        }
    }
    Ok(None)
}

/// Starts or restarts the service's listed containers.
fn act(
    world: &mut World,
    visit: &Visit,
    listed: &Listed,
    out: &mut Vec<Event>,
) -> Result<(), Failure> {
    if visit.action == Action::Nothing {
        return Ok(());
    }
    let ids = listed.get(&visit.service).cloned().unwrap_or_default();
    if ids.is_empty() && visit.action == Action::Start {
        return Err(Failure::Error(format!(
            "service {:?} has no container to start",
            visit.service
        )));
    }
    let daemon =
        |e: crate::engine::EngineError| Failure::Error(format!("Error response from daemon: {e}"));
    for id in ids {
        let idx = world.container_index(&id).map_err(daemon)?;
        let name = progress_name(world, &id);
        match visit.action {
            Action::Start => {
                if world.containers[idx].is_running() {
                    continue;
                }
                out.push(ev(name.clone(), "Starting"));
                let now = world.now;
                world.start_container(idx, now).map_err(daemon)?;
                out.push(ev(name, "Started"));
            }
            Action::Restart => {
                out.push(ev(name.clone(), "Restarting"));
                world
                    .restart_container(idx, &id, None, None)
                    .map_err(daemon)?;
                out.push(ev(name, "Started"));
            }
            Action::Nothing => {}
        }
    }
    Ok(())
}

/// `getContainerProgressName`.
fn progress_name(world: &World, id: &str) -> String {
    let name = world.container(id).map_or(id, |c| c.name());
    format!("Container {name}")
}

/// A logrus warning as compose's default text formatter prints it on a
/// non-terminal stderr (an event line without an ID, printed as is).
fn warning(world: &World, msg: &str) -> Event {
    Event {
        id: String::new(),
        text: String::new(),
        status: format!(
            "time={} level=warning msg={}",
            crate::docker::format::go_quote(&world.now.rfc3339()),
            crate::docker::format::go_quote(msg)
        ),
    }
}
