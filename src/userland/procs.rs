//! The processes in a container: the main one (PID 1 inside) and the
//! declared others, for `docker top` and `ps` inside.

use crate::engine::World;
use crate::engine::json::{i64_at, str_at};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    /// PID inside the container's namespace.
    pub pid: i64,
    /// PID on the host, as `docker top` shows it.
    pub host_pid: i64,
    pub host_ppid: i64,
    pub user: String,
    pub command: String,
}

/// The running processes of container `idx` (none unless it runs).
pub fn processes(world: &World, idx: usize) -> Vec<Process> {
    let Some(c) = world.containers.get(idx) else {
        return Vec::new();
    };
    let host_pid = i64_at(&c.doc, &["State", "Pid"]);
    if !c.is_running() || host_pid == 0 {
        return Vec::new();
    }
    let user = {
        let u = str_at(&c.doc, &["Config", "User"]);
        if u.is_empty() {
            "root".to_owned()
        } else {
            u.split(':').next().unwrap_or(u).to_owned()
        }
    };
    let mut out = vec![Process {
        pid: 1,
        host_pid,
        // containerd-shim started just before the process.
        host_ppid: host_pid - 23,
        user: user.clone(),
        command: c.command().join(" "),
    }];
    for (i, p) in world.behavior(idx).processes.iter().enumerate() {
        let n = i64::try_from(i).unwrap_or(0);
        out.push(Process {
            pid: 7 + n,
            host_pid: host_pid + 31 + n,
            host_ppid: host_pid,
            user: if p.user.is_empty() {
                user.clone()
            } else {
                p.user.clone()
            },
            command: p.command.clone(),
        });
    }
    out
}

/// busybox `ps`: `PID   USER     TIME  COMMAND`.
pub fn busybox_ps(world: &World, idx: usize) -> String {
    let mut out = String::from("PID   USER     TIME  COMMAND\n");
    for p in processes(world, idx) {
        let user: String = p.user.chars().take(8).collect();
        out.push_str(&format!(
            "{:>5} {user:<8} {:>5} {}\n",
            p.pid, "0:00", p.command
        ));
    }
    out
}
