use serde_json::json;

use super::*;
use crate::engine::{Container, Timestamp};

const ID: &str = "e07b5d3a9c6164d224d5d070bc29237b70d0564af175fe2d8b636138de3afcf3";

/// One exited container created with `-m 1g --restart unless-stopped`.
fn world(host_config: serde_json::Value) -> World {
    let mut w = World::empty(Timestamp::from_unix_seconds(1_800_000_000), "t");
    let mut hc = json!({
        "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0},
        "AutoRemove": false,
        "CpuShares": 0, "Memory": 1_073_741_824, "NanoCpus": 0,
        "BlkioWeight": 0, "CpuPeriod": 0, "CpuQuota": 0,
        "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0,
        "CpusetCpus": "", "CpusetMems": "",
        "MemoryReservation": 0, "MemorySwap": 2_147_483_648_i64, "PidsLimit": null
    });
    if let (Some(base), Some(extra)) = (hc.as_object_mut(), host_config.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    w.containers.push(Container {
        doc: json!({
            "Id": ID,
            "Name": "/indexer",
            "State": {"Status": "exited", "Running": false},
            "Config": {"Image": "indexer:4", "Labels": {"tier": "batch"}},
            "HostConfig": hc,
        })
        .into(),
        size_rw: None,
        size_root_fs: None,
        logs: Default::default(),
    });
    w
}

fn host(w: &World, key: &str) -> serde_json::Value {
    w.containers[0].doc["HostConfig"][key].clone()
}

fn err(w: &mut World, u: &ContainerUpdate) -> String {
    w.update_container("indexer", u).unwrap_err().to_string()
}

#[test]
fn only_the_fields_sent_change_and_an_update_event_is_logged() {
    let mut w = world(json!({}));
    let u = ContainerUpdate {
        memory: 2 << 30,
        cpu_shares: 512,
        pids_limit: Some(-1),
        restart_name: "on-failure".into(),
        restart_max_retries: 3,
        ..ContainerUpdate::default()
    };
    w.update_container("indexer", &u).unwrap();
    assert_eq!(host(&w, "Memory"), json!(2_147_483_648_i64));
    // The swap limit stays: an update does not double it as create does.
    assert_eq!(host(&w, "MemorySwap"), json!(2_147_483_648_i64));
    assert_eq!(host(&w, "CpuShares"), json!(512));
    assert_eq!(host(&w, "PidsLimit"), json!(0));
    assert_eq!(
        host(&w, "RestartPolicy"),
        json!({"Name": "on-failure", "MaximumRetryCount": 3})
    );
    let e = w.events.last().unwrap();
    assert_eq!(
        (e.kind.as_str(), e.action.as_str()),
        ("container", "update")
    );
    assert_eq!(e.actor, ID);
    assert_eq!(e.attributes["name"], "indexer");
    assert_eq!(e.attributes["image"], "indexer:4");
    assert_eq!(e.attributes["tier"], "batch");
}

#[test]
fn memory_above_the_current_swap_needs_the_swap_too() {
    let mut w = world(json!({}));
    let u = ContainerUpdate {
        memory: 3 << 30,
        ..ContainerUpdate::default()
    };
    assert_eq!(
        err(&mut w, &u),
        format!(
            "Cannot update container {ID}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time"
        )
    );
    assert_eq!(host(&w, "Memory"), json!(1_073_741_824));
    assert!(w.events.is_empty());
    let u = ContainerUpdate {
        memory: 3 << 30,
        memory_swap: -1,
        ..ContainerUpdate::default()
    };
    w.update_container("indexer", &u).unwrap();
    assert_eq!(host(&w, "Memory"), json!(3_221_225_472_i64));
    assert_eq!(host(&w, "MemorySwap"), json!(-1));
}

#[test]
fn a_container_without_a_limit_has_no_swap_limit_to_stay_under() {
    let mut w = world(json!({"Memory": 0, "MemorySwap": 0}));
    let u = ContainerUpdate {
        memory: 512 << 20,
        ..ContainerUpdate::default()
    };
    assert!(err(&mut w, &u).ends_with("update the memoryswap at the same time"));
}

#[test]
fn request_checks_come_before_the_lookup() {
    let mut w = world(json!({}));
    let cases: &[(ContainerUpdate, &str)] = &[
        (
            ContainerUpdate {
                memory: 1024,
                ..ContainerUpdate::default()
            },
            "Minimum memory limit allowed is 6MB",
        ),
        (
            ContainerUpdate {
                memory: 2 << 30,
                memory_swap: 1 << 30,
                ..ContainerUpdate::default()
            },
            "Minimum memoryswap limit should be larger than memory limit, see usage",
        ),
        (
            ContainerUpdate {
                memory: 1 << 30,
                memory_reservation: 2 << 30,
                ..ContainerUpdate::default()
            },
            "Minimum memory limit can not be less than memory reservation limit, see usage",
        ),
        (
            ContainerUpdate {
                memory_reservation: 1 << 20,
                ..ContainerUpdate::default()
            },
            "Minimum memory reservation allowed is 6MB",
        ),
        (
            ContainerUpdate {
                nano_cpus: 9_000_000_000,
                ..ContainerUpdate::default()
            },
            "range of CPUs is from 0.01 to 8.00, as there are only 8 CPUs available",
        ),
        (
            ContainerUpdate {
                nano_cpus: 1_000_000_000,
                cpu_quota: 50_000,
                ..ContainerUpdate::default()
            },
            "Conflicting options: Nano CPUs and CPU Quota cannot both be set",
        ),
        (
            ContainerUpdate {
                cpu_period: 10,
                ..ContainerUpdate::default()
            },
            "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
        ),
        (
            ContainerUpdate {
                cpu_quota: 10,
                ..ContainerUpdate::default()
            },
            "CPU cfs quota can not be less than 1ms (i.e. 1000)",
        ),
        (
            ContainerUpdate {
                blkio_weight: 5,
                ..ContainerUpdate::default()
            },
            "Range of blkio weight is from 10 to 1000",
        ),
        (
            ContainerUpdate {
                cpuset_cpus: "6-9".into(),
                ..ContainerUpdate::default()
            },
            "Requested CPUs are not available - requested 6-9, available: 0-7",
        ),
        (
            ContainerUpdate {
                cpuset_cpus: "a".into(),
                ..ContainerUpdate::default()
            },
            "Invalid value a for cpuset cpus: invalid format: a",
        ),
        (
            ContainerUpdate {
                cpuset_mems: "0-9999".into(),
                ..ContainerUpdate::default()
            },
            "Invalid value 0-9999 for cpuset mems: value of out range, maximum is 8192",
        ),
        (
            ContainerUpdate {
                restart_name: "sometimes".into(),
                ..ContainerUpdate::default()
            },
            "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
        ),
        (
            ContainerUpdate {
                restart_name: "always".into(),
                restart_max_retries: -2,
                ..ContainerUpdate::default()
            },
            "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative",
        ),
    ];
    for (u, want) in cases {
        assert_eq!(
            w.update_container("nosuch", u).unwrap_err().to_string(),
            *want
        );
    }
    assert_eq!(
        w.update_container("nosuch", &ContainerUpdate::default())
            .unwrap_err()
            .to_string(),
        "No such container: nosuch"
    );
}

#[test]
fn cpus_and_cfs_period_exclude_each_other_across_updates() {
    let mut w = world(json!({"NanoCpus": 1_500_000_000}));
    let u = ContainerUpdate {
        cpu_period: 100_000,
        ..ContainerUpdate::default()
    };
    assert_eq!(
        err(&mut w, &u),
        format!(
            "Cannot update container {ID}: Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set"
        )
    );
    let mut w = world(json!({"CpuQuota": 50_000}));
    let u = ContainerUpdate {
        nano_cpus: 2_000_000_000,
        ..ContainerUpdate::default()
    };
    assert!(
        err(&mut w, &u).ends_with("Nano CPUs cannot be updated as CPU Quota has already been set")
    );
}

#[test]
fn auto_remove_containers_keep_no_restart_policy() {
    let mut w =
        world(json!({"AutoRemove": true, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}}));
    let u = ContainerUpdate {
        restart_name: "always".into(),
        ..ContainerUpdate::default()
    };
    assert_eq!(
        err(&mut w, &u),
        format!(
            "Cannot update container {ID}: Restart policy cannot be updated because AutoRemove is enabled for the container"
        )
    );
    let u = ContainerUpdate {
        restart_name: "no".into(),
        ..ContainerUpdate::default()
    };
    assert!(w.update_container("indexer", &u).is_ok());
}
