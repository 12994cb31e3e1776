//! `POST /containers/{id}/update` (moby daemon/update.go): new resource
//! limits and restart policy for an existing container. The daemon checks
//! the request first (`verifyContainerSettings` on a host config holding
//! only what was sent), then finds the container, merges the non-zero
//! fields over its `HostConfig` (`Container.UpdateContainer`) and logs an
//! `update` event. A running container's process sees the new limits at
//! once (the OOM rule reads `HostConfig.Memory`), a restarting one at its
//! next start; the restart manager reads the new policy at the next exit.

use serde_json::json;

use super::error::EngineError;
use super::json::{bool_at, i64_at, set};
use super::world::World;

/// `linuxMinMemory`: 6 MiB.
const MIN_MEMORY: i64 = 6 * 1024 * 1024;
/// What the simulated host has (`docker info`: 8 CPUs, one memory node).
const HOST_CPUS: i64 = 8;
const HOST_CPUSET: &str = "0-7";
const HOST_MEMSET: &str = "0";
/// `defaultMaxCPUs`: the bound on cpuset lists (CVE-2018-20699).
const MAX_CPUSET: i64 = 8192;

/// An `UpdateConfig` as the CLI sends it: zero (or empty) means "keep".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerUpdate {
    pub blkio_weight: u16,
    pub cpu_period: i64,
    pub cpu_quota: i64,
    pub cpu_realtime_period: i64,
    pub cpu_realtime_runtime: i64,
    pub cpuset_cpus: String,
    pub cpuset_mems: String,
    pub cpu_shares: i64,
    pub memory: i64,
    pub memory_reservation: i64,
    /// -1: unlimited swap.
    pub memory_swap: i64,
    pub nano_cpus: i64,
    /// Sent only when set; the API turns 0 and negatives into 0 (unlimited).
    pub pids_limit: Option<i64>,
    /// The policy name as sent; empty keeps the container's.
    pub restart_name: String,
    pub restart_max_retries: i64,
}

impl World {
    /// Updates container `reference` (as typed). Errors are the daemon's
    /// texts: validation errors bare, conflicts with the container's
    /// current settings as `Cannot update container <id>: ...`.
    pub fn update_container(
        &mut self,
        reference: &str,
        update: &ContainerUpdate,
    ) -> Result<(), EngineError> {
        validate(update).map_err(EngineError::Other)?;
        let idx = self.container_index(reference)?;
        let c = &self.containers[idx];
        let id = c.id().to_owned();
        let conflict = current_conflict(&c.doc, update);
        if let Some(msg) = conflict {
            return Err(EngineError::Other(format!(
                "Cannot update container {id}: {msg}"
            )));
        }
        let doc = &mut self.containers[idx].doc;
        let fields: [(&str, i64); 10] = [
            ("BlkioWeight", i64::from(update.blkio_weight)),
            ("CpuShares", update.cpu_shares),
            ("NanoCpus", update.nano_cpus),
            ("CpuPeriod", update.cpu_period),
            ("CpuQuota", update.cpu_quota),
            ("Memory", update.memory),
            ("MemorySwap", update.memory_swap),
            ("MemoryReservation", update.memory_reservation),
            ("CpuRealtimePeriod", update.cpu_realtime_period),
            ("CpuRealtimeRuntime", update.cpu_realtime_runtime),
        ];
        for (key, value) in fields {
            if value != 0 {
                set(doc, &["HostConfig", key], json!(value));
            }
        }
        for (key, value) in [
            ("CpusetCpus", &update.cpuset_cpus),
            ("CpusetMems", &update.cpuset_mems),
        ] {
            if !value.is_empty() {
                set(doc, &["HostConfig", key], json!(value));
            }
        }
        if let Some(pids) = update.pids_limit {
            set(doc, &["HostConfig", "PidsLimit"], json!(pids.max(0)));
        }
        if !update.restart_name.is_empty() {
            set(
                doc,
                &["HostConfig", "RestartPolicy"],
                json!({
                    "Name": update.restart_name,
                    "MaximumRetryCount": update.restart_max_retries,
                }),
            );
        }
        self.record_container_event(idx, "update", &[]);
        Ok(())
    }
}

/// What `Container.UpdateContainer` refuses given the container's current
/// `HostConfig` (an `errdefs.Conflict`), checked before anything changes.
fn current_conflict(doc: &serde_json::Value, u: &ContainerUpdate) -> Option<&'static str> {
    let current = |key: &str| i64_at(doc, &["HostConfig", key]);
    if u.nano_cpus > 0 && current("CpuPeriod") > 0 {
        return Some(
            "Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set",
        );
    }
    if u.nano_cpus > 0 && current("CpuQuota") > 0 {
        return Some(
            "Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set",
        );
    }
    if u.cpu_period > 0 && current("NanoCpus") > 0 {
        return Some(
            "Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set",
        );
    }
    if u.cpu_quota > 0 && current("NanoCpus") > 0 {
        return Some(
            "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set",
        );
    }
    if u.memory != 0 && u.memory > current("MemorySwap") && u.memory_swap == 0 {
        return Some(
            "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time",
        );
    }
    let restart_is_none = matches!(u.restart_name.as_str(), "" | "no");
    if !u.restart_name.is_empty() && bool_at(doc, &["HostConfig", "AutoRemove"]) && !restart_is_none
    {
        return Some(
            "Restart policy cannot be updated because AutoRemove is enabled for the container",
        );
    }
    None
}

/// `verifyContainerSettings` on the update's host config: the restart
/// policy (`ValidateRestartPolicy`), then the resources as
/// `verifyPlatformContainerResources` checks them on a cgroup v2 host that
/// supports every controller.
fn validate(u: &ContainerUpdate) -> Result<(), String> {
    validate_restart_policy(&u.restart_name, u.restart_max_retries)?;
    if u.memory != 0 && u.memory < MIN_MEMORY {
        return Err("Minimum memory limit allowed is 6MB".to_owned());
    }
    if u.memory > 0 && u.memory_swap > 0 && u.memory_swap < u.memory {
        return Err(
            "Minimum memoryswap limit should be larger than memory limit, see usage".to_owned(),
        );
    }
    if u.memory_reservation > 0 && u.memory_reservation < MIN_MEMORY {
        return Err("Minimum memory reservation allowed is 6MB".to_owned());
    }
    if u.memory > 0 && u.memory_reservation > 0 && u.memory < u.memory_reservation {
        return Err(
            "Minimum memory limit can not be less than memory reservation limit, see usage"
                .to_owned(),
        );
    }
    if u.nano_cpus > 0 && u.cpu_period > 0 {
        return Err("Conflicting options: Nano CPUs and CPU Period cannot both be set".to_owned());
    }
    if u.nano_cpus > 0 && u.cpu_quota > 0 {
        return Err("Conflicting options: Nano CPUs and CPU Quota cannot both be set".to_owned());
    }
    if u.nano_cpus != 0 && (u.nano_cpus < 0 || u.nano_cpus > HOST_CPUS * 1_000_000_000) {
        return Err(format!(
            "range of CPUs is from 0.01 to {HOST_CPUS}.00, as there are only {HOST_CPUS} CPUs available"
        ));
    }
    if u.cpu_period != 0 && !(1000..=1_000_000).contains(&u.cpu_period) {
        return Err(
            "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)"
                .to_owned(),
        );
    }
    if u.cpu_quota > 0 && u.cpu_quota < 1000 {
        return Err("CPU cfs quota can not be less than 1ms (i.e. 1000)".to_owned());
    }
    check_cpuset(&u.cpuset_cpus, HOST_CPUSET, "cpus", "CPUs")?;
    check_cpuset(&u.cpuset_mems, HOST_MEMSET, "mems", "memory nodes")?;
    if u.blkio_weight > 0 && !(10..=1000).contains(&u.blkio_weight) {
        return Err("Range of blkio weight is from 10 to 1000".to_owned());
    }
    Ok(())
}

/// `container.ValidateRestartPolicy`.
fn validate_restart_policy(name: &str, max_retries: i64) -> Result<(), String> {
    match name {
        "always" | "unless-stopped" | "no" => {
            if max_retries != 0 {
                let mut msg = "invalid restart policy: maximum retry count can only be used with 'on-failure'".to_owned();
                if max_retries < 0 {
                    msg.push_str(" and cannot be negative");
                }
                return Err(msg);
            }
            Ok(())
        }
        "on-failure" if max_retries < 0 => {
            Err("invalid restart policy: maximum retry count cannot be negative".to_owned())
        }
        "on-failure" | "" => Ok(()),
        other => Err(format!(
            "invalid restart policy: unknown policy '{other}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
        )),
    }
}

/// `IsCpusetCpusAvailable` / `IsCpusetMemsAvailable` against the host's
/// set (one contiguous range here).
fn check_cpuset(requested: &str, available: &str, kind: &str, what: &str) -> Result<(), String> {
    let wanted = parse_cpuset(requested, MAX_CPUSET)
        .map_err(|e| format!("Invalid value {requested} for cpuset {kind}: {e}"))?;
    let have = parse_cpuset(available, 0).unwrap_or_default();
    let inside = |(lo, hi): (i64, i64)| have.iter().any(|&(a, b)| a <= lo && hi <= b);
    if wanted.into_iter().all(inside) {
        Ok(())
    } else {
        Err(format!(
            "Requested {what} are not available - requested {requested}, available: {available}"
        ))
    }
}

/// sysinfo's `parseUintList` (`0-2,5`) as inclusive ranges, never expanded;
/// values above `maximum` (when non-zero) are refused.
fn parse_cpuset(val: &str, maximum: i64) -> Result<Vec<(i64, i64)>, String> {
    let mut out = Vec::new();
    if val.is_empty() {
        return Ok(out);
    }
    let invalid = || format!("invalid format: {val}");
    let too_big = || format!("value of out range, maximum is {maximum}");
    for part in val.split(',') {
        let (lo, hi) = match part.split_once('-') {
            None => {
                let v = go_atoi(part).ok_or_else(invalid)?;
                (v, v)
            }
            Some((lo, hi)) => {
                let lo = go_atoi(lo).ok_or_else(invalid)?;
                let hi = go_atoi(hi).ok_or_else(invalid)?;
                if hi < lo {
                    return Err(invalid());
                }
                (lo, hi)
            }
        };
        if maximum != 0 && hi > maximum {
            return Err(too_big());
        }
        out.push((lo, hi));
    }
    Ok(out)
}

/// `strconv.Atoi`: an optional sign and decimal digits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests;
