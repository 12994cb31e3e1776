//! `docker update [OPTIONS] CONTAINER [CONTAINER...]`: new resource limits
//! or restart policy for existing containers (cli `runUpdate`). Each
//! container updated prints its argument as typed; the errors are collected
//! and printed together at the end (exit 1).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::super::opts;
use crate::engine::ContainerUpdate;

pub const FLAGS: &[Flag] = &[
    Flag::value("blkio-weight", None, opts::check_uint16),
    Flag::int("cpu-period", None),
    Flag::int("cpu-quota", None),
    Flag::int("cpu-rt-period", None),
    Flag::int("cpu-rt-runtime", None),
    Flag::int("cpu-shares", Some('c')),
    Flag::value("cpus", None, opts::check_nano_cpus),
    Flag::string("cpuset-cpus", None),
    Flag::string("cpuset-mems", None),
    // Hidden and deprecated; API 1.42+ daemons ignore it.
    Flag::value("kernel-memory", None, opts::check_mem_bytes),
    Flag::value("memory", Some('m'), opts::check_mem_bytes),
    Flag::value("memory-reservation", None, opts::check_mem_bytes),
    Flag::value("memory-swap", None, opts::check_mem_swap_bytes),
    Flag::int("pids-limit", None),
    Flag::string("restart", None),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    // cobra's NFlag: any flag given, even with its zero value.
    if !FLAGS.iter().any(|f| p.is_set(f.long)) {
        return inv
            .out
            .fail("you must provide one or more flags when using this command");
    }
    let update = match update_config(p) {
        Ok(u) => u,
        Err(msg) => return inv.out.fail(&msg),
    };
    let mut errors = Vec::new();
    for name in &p.args {
        // The client trims the reference and refuses an empty one itself.
        let reference = name.trim();
        if reference.is_empty() {
            errors.push("invalid container name or ID: value is empty".to_owned());
            continue;
        }
        match inv.world.update_container(reference, &update) {
            Ok(()) => inv.out.println(name),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    if !errors.is_empty() {
        inv.out.fail(&errors.join("\n"));
    }
}

/// The request body the CLI builds; `Err` is a client-side error (the
/// restart policy's format, `opts.ParseRestartPolicy`).
fn update_config(p: &Parsed) -> Result<ContainerUpdate, String> {
    let bytes = |long: &str| p.string(long).and_then(|v| opts::mem_bytes(v).ok());
    let (restart_name, restart_max_retries) =
        parse_restart_policy(p.string("restart").unwrap_or(""))?;
    Ok(ContainerUpdate {
        blkio_weight: p
            .string("blkio-weight")
            .and_then(|v| opts::uint16(v).ok())
            .unwrap_or(0),
        cpu_period: p.int("cpu-period").unwrap_or(0),
        cpu_quota: p.int("cpu-quota").unwrap_or(0),
        cpu_realtime_period: p.int("cpu-rt-period").unwrap_or(0),
        cpu_realtime_runtime: p.int("cpu-rt-runtime").unwrap_or(0),
        cpuset_cpus: p.string("cpuset-cpus").unwrap_or("").to_owned(),
        cpuset_mems: p.string("cpuset-mems").unwrap_or("").to_owned(),
        cpu_shares: p.int("cpu-shares").unwrap_or(0),
        memory: bytes("memory").unwrap_or(0),
        memory_reservation: bytes("memory-reservation").unwrap_or(0),
        memory_swap: p
            .string("memory-swap")
            .and_then(|v| opts::mem_swap_bytes(v).ok())
            .unwrap_or(0),
        nano_cpus: p
            .string("cpus")
            .and_then(|v| opts::nano_cpus(v).ok())
            .unwrap_or(0),
        // The CLI sends a pids limit only when it is non-zero.
        pids_limit: p.int("pids-limit").filter(|n| *n != 0),
        restart_name,
        restart_max_retries,
    })
}

/// `opts.ParseRestartPolicy`: `NAME[:COUNT]`, unchecked beyond its format
/// (the daemon validates the name and count).
fn parse_restart_policy(s: &str) -> Result<(String, i64), String> {
    if s.is_empty() {
        return Ok((String::new(), 0));
    }
    let (name, count) = s.split_once(':').unwrap_or((s, ""));
    if s.contains(':') && name.is_empty() {
        return Err("invalid restart policy format: no policy provided before colon".to_owned());
    }
    let count = if count.is_empty() {
        0
    } else {
        go_atoi(count).ok_or_else(|| {
            "invalid restart policy format: maximum retry count must be an integer".to_owned()
        })?
    };
    Ok((name.to_owned(), count))
}

/// `strconv.Atoi` on 64-bit Go: an optional sign and decimal digits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
