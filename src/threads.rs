//! Starting the second thread of a two-thread phase at once.
//!
//! Linux often queues a new thread on the CPU of the thread that spawned
//! it, even with the other CPU idle; it moves over when a periodic balance
//! notices, up to a scheduler tick later (4 ms here). On this 2-core
//! machine a probe that splits 3 ms of work between two threads took
//! 14-22 ms for four such phases instead of 12, the new thread starting
//! 0.5-2.6 ms late. The spawner stepping off its CPU for a moment lets the
//! new thread start there at once, and the CPU the spawner lands on, if
//! the new thread had gone there instead, is left idle and pulls one of
//! the two straight back. Its own CPUs are restored at once after, so the
//! scheduler stays free to place both as load changes. Nothing outside
//! the process is touched: this is where the kernel runs our own threads.

use std::thread::{Scope, ScopedJoinHandle};

/// `scope.spawn(work)`, then makes room for the new thread to start now.
pub fn spawn_beside<'scope, T, F>(
    scope: &'scope Scope<'scope, '_>,
    work: F,
) -> ScopedJoinHandle<'scope, T>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    let handle = scope.spawn(work);
    step_aside();
    handle
}

/// Moves this thread to another of its CPUs, then allows it all of them
/// again. Does nothing if it may run on one CPU only, or on failure.
#[cfg(target_os = "linux")]
fn step_aside() {
    use nix::sched::{CpuSet, sched_getaffinity, sched_getcpu, sched_setaffinity};
    use nix::unistd::Pid;
    let this_thread = Pid::from_raw(0);
    let (Ok(allowed), Ok(cpu)) = (sched_getaffinity(this_thread), sched_getcpu()) else {
        return;
    };
    let mut elsewhere = allowed;
    if elsewhere.unset(cpu).is_err()
        || !(0..CpuSet::count()).any(|c| elsewhere.is_set(c).unwrap_or(false))
    {
        return;
    }
    if sched_setaffinity(this_thread, &elsewhere).is_ok() {
        let _ = sched_setaffinity(this_thread, &allowed);
    }
}

#[cfg(not(target_os = "linux"))]
fn step_aside() {}

#[cfg(test)]
mod tests {
    use super::spawn_beside;

    #[test]
    fn the_new_thread_runs_its_work_and_the_spawner_keeps_its_cpus() {
        #[cfg(target_os = "linux")]
        let before = nix::sched::sched_getaffinity(nix::unistd::Pid::from_raw(0));
        let text = "both halves";
        let (first, second) = std::thread::scope(|scope| {
            let second = spawn_beside(scope, || text.len() - 5);
            (5, second.join().unwrap_or(0))
        });
        assert_eq!((first, second), (5, 6));
        #[cfg(target_os = "linux")]
        assert_eq!(
            before.ok(),
            nix::sched::sched_getaffinity(nix::unistd::Pid::from_raw(0)).ok(),
            "the spawner may run on the CPUs it could before"
        );
    }
}
