//! Builds a new container's inspect document, field for field in the order
//! dockerd 28.2.2 answers `GET /containers/{id}/json` for a container made by
//! `docker run`/`docker create` (cf. the conformance world `latest-drift`).

use serde_json::{Map, Value as Json, json};

use super::image::Image;
use super::json::{at, str_at};
use super::ops::ContainerSpec;
use super::time::GO_ZERO_TIME;

/// The container config after the daemon merged in the image's
/// (`merge` in moby's `daemon/commit.go`).
pub struct MergedConfig {
    pub env: Vec<String>,
    pub cmd: Json,
    pub entrypoint: Json,
    pub path: String,
    pub args: Vec<String>,
    /// `Config.Healthcheck`: the container's over the image's.
    pub healthcheck: Option<Json>,
}

pub fn merge(spec: &ContainerSpec, image: &Image) -> Result<MergedConfig, String> {
    let cfg = image.config();
    // User variables first, then the image's that the user did not set.
    let mut env = spec.env.clone();
    let key = |e: &str| e.split('=').next().unwrap_or(e).to_owned();
    let user_keys: Vec<String> = env.iter().map(|e| key(e)).collect();
    for e in strings(at(cfg, &["Env"])) {
        if !user_keys.contains(&key(&e)) {
            env.push(e);
        }
    }
    // An entrypoint given by the user drops the image's Cmd as well
    // (unless the user gave a command too).
    let (entrypoint, cmd) = match &spec.entrypoint {
        Some(ep) => (Some(ep.clone()), spec.cmd.clone()),
        None => {
            let ep = at(cfg, &["Entrypoint"])
                .and_then(Json::as_array)
                .map(|_| strings(at(cfg, &["Entrypoint"])));
            let cmd = spec.cmd.clone().or_else(|| {
                at(cfg, &["Cmd"])
                    .and_then(Json::as_array)
                    .map(|_| strings(at(cfg, &["Cmd"])))
            });
            (ep, cmd)
        }
    };
    let mut argv: Vec<String> = entrypoint.clone().unwrap_or_default();
    argv.extend(cmd.clone().unwrap_or_default());
    // `--entrypoint ""` resets the entrypoint: no empty program name.
    if argv.first().is_some_and(String::is_empty) {
        argv.remove(0);
    }
    let Some((path, args)) = argv.split_first() else {
        return Err("no command specified".to_owned());
    };
    let list = |v: Option<Vec<String>>| match v {
        Some(items) => Json::Array(items.into_iter().map(Json::String).collect()),
        None => Json::Null,
    };
    Ok(MergedConfig {
        env,
        cmd: list(cmd),
        entrypoint: list(entrypoint),
        path: path.clone(),
        args: args.to_vec(),
        healthcheck: merge_healthcheck(spec.healthcheck.as_ref(), at(cfg, &["Healthcheck"])),
    })
}

/// moby `merge`: without the user's, the image's; else each empty field of
/// the user's takes the image's value.
fn merge_healthcheck(user: Option<&super::ops::HealthSpec>, image: Option<&Json>) -> Option<Json> {
    let Some(user) = user else {
        return image.cloned();
    };
    let from_image = |key: &str| image.and_then(|h| h.get(key)).and_then(Json::as_i64);
    let mut test = user.test.clone();
    if test.is_empty() {
        test = strings(image.and_then(|h| h.get("Test")));
    }
    let mut h = Map::new();
    if !test.is_empty() {
        h.insert("Test".into(), json!(test));
    }
    for (key, own) in [
        ("Interval", user.interval),
        ("Timeout", user.timeout),
        ("StartPeriod", user.start_period),
        ("StartInterval", user.start_interval),
        ("Retries", user.retries),
    ] {
        let v = if own == 0 {
            from_image(key).unwrap_or(0)
        } else {
            own
        };
        if v != 0 {
            h.insert(key.into(), json!(v));
        }
    }
    Some(Json::Object(h))
}

fn strings(v: Option<&Json>) -> Vec<String> {
    v.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Go's encoding/json writes map keys sorted; these objects are Go maps.
fn sorted(map: Map<String, Json>) -> Json {
    let mut entries: Vec<(String, Json)> = map.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Json::Object(entries.into_iter().collect())
}

/// The whole document for a container that has just been created.
pub fn build(
    id: &str,
    name: &str,
    spec: &ContainerSpec,
    image: &Image,
    merged: MergedConfig,
    network_id: &str,
) -> Json {
    let cfg = image.config();
    let mut exposed = Map::new();
    if let Some(ports) = at(cfg, &["ExposedPorts"]).and_then(Json::as_object) {
        for k in ports.keys() {
            exposed.insert(k.clone(), json!({}));
        }
    }
    let mut bindings: Map<String, Json> = Map::new();
    for p in &spec.publish {
        exposed.insert(p.key(), json!({}));
        let entry = bindings.entry(p.key()).or_insert_with(|| json!([]));
        if let Some(list) = entry.as_array_mut() {
            list.push(json!({"HostIp": p.host_ip, "HostPort": p.host_port}));
        }
    }
    let mut labels: Map<String, Json> = Map::new();
    if let Some(l) = at(cfg, &["Labels"]).and_then(Json::as_object) {
        for (k, v) in l {
            labels.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &spec.labels {
        labels.insert(k.clone(), Json::String(v.clone()));
    }
    let user = spec
        .user
        .clone()
        .unwrap_or_else(|| str_at(cfg, &["User"]).to_owned());
    let workdir = spec
        .workdir
        .clone()
        .unwrap_or_else(|| str_at(cfg, &["WorkingDir"]).to_owned());

    let mut config = Map::new();
    config.insert(
        "Hostname".into(),
        json!(spec.hostname.clone().unwrap_or_else(|| id[..12].to_owned())),
    );
    config.insert("Domainname".into(), json!(""));
    config.insert("User".into(), json!(user));
    config.insert("AttachStdin".into(), json!(spec.attach && spec.interactive));
    config.insert("AttachStdout".into(), json!(spec.attach));
    config.insert("AttachStderr".into(), json!(spec.attach));
    if !exposed.is_empty() {
        config.insert("ExposedPorts".into(), sorted(exposed));
    }
    config.insert("Tty".into(), json!(spec.tty));
    config.insert("OpenStdin".into(), json!(spec.interactive));
    config.insert("StdinOnce".into(), json!(spec.attach && spec.interactive));
    config.insert("Env".into(), json!(merged.env));
    config.insert("Cmd".into(), merged.cmd);
    if let Some(h) = &merged.healthcheck {
        config.insert("Healthcheck".into(), h.clone());
    }
    config.insert("Image".into(), json!(spec.image_ref));
    config.insert(
        "Volumes".into(),
        at(cfg, &["Volumes"]).cloned().unwrap_or(Json::Null),
    );
    config.insert("WorkingDir".into(), json!(workdir));
    config.insert("Entrypoint".into(), merged.entrypoint);
    config.insert(
        "OnBuild".into(),
        at(cfg, &["OnBuild"]).cloned().unwrap_or(Json::Null),
    );
    config.insert("Labels".into(), sorted(labels));
    if let Some(s) = spec
        .stop_signal
        .as_deref()
        .or_else(|| at(cfg, &["StopSignal"]).and_then(Json::as_str))
        .filter(|s| !s.is_empty())
    {
        config.insert("StopSignal".into(), json!(s));
    }
    if let Some(t) = spec.stop_timeout {
        config.insert("StopTimeout".into(), json!(t));
    }

    let layer = super::ids::derive(&["overlay2-layer", id]);
    let dir = |l: &str, sub: &str| format!("/var/lib/docker/overlay2/{l}/{sub}");
    let mut lower = dir(&format!("{layer}-init"), "diff");
    let image_upper = str_at(&image.doc, &["GraphDriver", "Data", "UpperDir"]);
    if !image_upper.is_empty() {
        lower.push(':');
        lower.push_str(image_upper);
    }
    let image_lower = str_at(&image.doc, &["GraphDriver", "Data", "LowerDir"]);
    if !image_lower.is_empty() {
        lower.push(':');
        lower.push_str(image_lower);
    }

    // `json!` copies an interpolated `Json` through its serializer, so the
    // parts built as `Json` are moved into their places afterwards.
    let mut doc = json!({
        "Id": id,
        "Created": spec.created.rfc3339_nano(),
        "Path": merged.path,
        "Args": merged.args,
        "State": {
            "Status": "created",
            "Running": false,
            "Paused": false,
            "Restarting": false,
            "OOMKilled": false,
            "Dead": false,
            "Pid": 0,
            "ExitCode": 0,
            "Error": "",
            "StartedAt": GO_ZERO_TIME,
            "FinishedAt": GO_ZERO_TIME
        },
        "Image": spec.image_id,
        // The daemon writes these files at first start.
        "ResolvConfPath": "",
        "HostnamePath": "",
        "HostsPath": "",
        "LogPath": "",
        "Name": format!("/{name}"),
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": null,
        "HostConfig": null,
        "GraphDriver": {
            "Data": {
                "ID": id,
                "LowerDir": lower,
                "MergedDir": dir(&layer, "merged"),
                "UpperDir": dir(&layer, "diff"),
                "WorkDir": dir(&layer, "work")
            },
            "Name": "overlay2"
        },
        "Mounts": [],
        "Config": null,
        "NetworkSettings": null
    });
    super::json::set(
        &mut doc,
        &["HostConfig"],
        host_config(spec, sorted(bindings)),
    );
    super::json::set(&mut doc, &["Config"], Json::Object(config));
    super::json::set(
        &mut doc,
        &["NetworkSettings"],
        network_settings(&spec.network, network_id),
    );
    doc
}

fn host_config(spec: &ContainerSpec, port_bindings: Json) -> Json {
    let mut head = json!({
        "Binds": null,
        "ContainerIDFile": "",
        "LogConfig": {"Type": "json-file", "Config": {}},
        "NetworkMode": spec.network,
        "PortBindings": null,
        "RestartPolicy": {
            "Name": spec.restart.name(),
            "MaximumRetryCount": spec.restart.max_retries()
        },
        "AutoRemove": spec.auto_remove,
        "VolumeDriver": "",
        "VolumesFrom": null,
        "ConsoleSize": [0, 0],
        "CapAdd": null,
        "CapDrop": null,
        "CgroupnsMode": "private",
        "Dns": [],
        "DnsOptions": [],
        "DnsSearch": [],
        "ExtraHosts": null,
        "GroupAdd": null,
        "IpcMode": "private",
        "Cgroup": "",
        "Links": null,
        "OomScoreAdj": 0,
        "PidMode": "",
        "Privileged": false,
        "PublishAllPorts": false,
        "ReadonlyRootfs": false,
        "SecurityOpt": null,
        "UTSMode": "",
        "UsernsMode": "",
        "ShmSize": 67108864,
        "Runtime": "runc"
    });
    // Split in two: one json! literal this long exceeds the macro's
    // recursion limit.
    let rest = json!({
        "Isolation": "",
        "CpuShares": 0,
        "Memory": 0,
        "NanoCpus": 0,
        "CgroupParent": "",
        "BlkioWeight": 0,
        "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [],
        "BlkioDeviceWriteBps": [],
        "BlkioDeviceReadIOps": [],
        "BlkioDeviceWriteIOps": [],
        "CpuPeriod": 0,
        "CpuQuota": 0,
        "CpuRealtimePeriod": 0,
        "CpuRealtimeRuntime": 0,
        "CpusetCpus": "",
        "CpusetMems": "",
        "Devices": [],
        "DeviceCgroupRules": null,
        "DeviceRequests": null,
        "MemoryReservation": 0,
        "MemorySwap": 0,
        "MemorySwappiness": null,
        "OomKillDisable": false,
        "PidsLimit": null,
        "Ulimits": [],
        "CpuCount": 0,
        "CpuPercent": 0,
        "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0,
        "MaskedPaths": [
            "/proc/asound",
            "/proc/acpi",
            "/proc/interrupts",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap"
        ],
        "ReadonlyPaths": [
            "/proc/bus",
            "/proc/fs",
            "/proc/irq",
            "/proc/sys",
            "/proc/sysrq-trigger"
        ]
    });
    super::json::set(&mut head, &["PortBindings"], port_bindings);
    if let (Some(head), Json::Object(tail)) = (head.as_object_mut(), rest) {
        head.extend(tail);
    }
    if spec.memory > 0 {
        // The daemon doubles an unset swap limit (`adaptContainerSettings`).
        super::json::set(&mut head, &["Memory"], json!(spec.memory));
        super::json::set(&mut head, &["MemorySwap"], json!(spec.memory * 2));
    }
    head
}

/// Settings of a container that is not running: attached in name only.
/// A never-started container has no NetworkID yet (cf. a created container
/// in the `mixed` world); the caller fills it in once the network is known.
pub fn network_settings(network: &str, network_id: &str) -> Json {
    let mut networks = Map::new();
    networks.insert(network.to_owned(), endpoint_settings(network_id, None));
    let mut settings = json!({
        "Bridge": "",
        "SandboxID": "",
        "SandboxKey": "",
        "Ports": {},
        "HairpinMode": false,
        "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": null,
        "SecondaryIPv6Addresses": null,
        "EndpointID": "",
        "Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "IPAddress": "",
        "IPPrefixLen": 0,
        "IPv6Gateway": "",
        "MacAddress": "",
        "Networks": null
    });
    super::json::set(&mut settings, &["Networks"], Json::Object(networks));
    settings
}

/// An endpoint: `Some((mac, endpoint, gateway, ip, prefix))` when connected.
pub fn endpoint_settings(network_id: &str, live: Option<(&str, &str, &str, &str, i64)>) -> Json {
    let (mac, ep, gw, ip, prefix) = live.unwrap_or(("", "", "", "", 0));
    json!({
        "IPAMConfig": null,
        "Links": null,
        "Aliases": null,
        "MacAddress": mac,
        "DriverOpts": null,
        "GwPriority": 0,
        "NetworkID": network_id,
        "EndpointID": ep,
        "Gateway": gw,
        "IPAddress": ip,
        "IPPrefixLen": prefix,
        "IPv6Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "DNSNames": null
    })
}

/// Fills in what `-v`/`--mount`/`--network-alias` gave: `Mounts`,
/// `HostConfig.Binds`/`Mounts`, `Config.Volumes` and the endpoint aliases.
pub fn add_mounts(doc: &mut Json, spec: &ContainerSpec, mounts: Vec<Json>) {
    use super::json::set;
    use super::mounts::MountKind;
    let binds: Vec<&str> = spec
        .mounts
        .iter()
        .filter_map(|m| m.bind_text.as_deref())
        .collect();
    if !binds.is_empty() {
        set(doc, &["HostConfig", "Binds"], json!(binds));
    }
    let flagged: Vec<Json> = spec
        .mounts
        .iter()
        .filter(|m| m.from_mount_flag)
        .map(|m| {
            let mut o = Map::new();
            o.insert("Type".into(), json!(m.kind.as_str()));
            if !m.source.is_empty() {
                o.insert("Source".into(), json!(m.source));
            }
            o.insert("Target".into(), json!(m.target));
            if m.read_only {
                o.insert("ReadOnly".into(), json!(true));
            }
            if m.kind == MountKind::Volume {
                o.insert("VolumeOptions".into(), json!({}));
            }
            Json::Object(o)
        })
        .collect();
    if !flagged.is_empty()
        && let Some(hc) = doc.get_mut("HostConfig").and_then(Json::as_object_mut)
    {
        {
            // dockerd prints it just before MaskedPaths.
            let old = std::mem::take(hc);
            for (k, v) in old {
                if k == "MaskedPaths" {
                    hc.insert("Mounts".into(), Json::Array(flagged.clone()));
                }
                hc.insert(k, v);
            }
        }
    }
    let anonymous: Vec<&str> = spec
        .mounts
        .iter()
        .filter(|m| m.kind == MountKind::Volume && m.source.is_empty() && !m.from_mount_flag)
        .map(|m| m.target.as_str())
        .collect();
    if !anonymous.is_empty() {
        let mut vols: Map<String, Json> = at(doc, &["Config", "Volumes"])
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default();
        for t in anonymous {
            vols.insert(t.to_owned(), json!({}));
        }
        set(doc, &["Config", "Volumes"], sorted(vols));
    }
    set(doc, &["Mounts"], Json::Array(mounts));
    if !spec.aliases.is_empty() {
        set(
            doc,
            &["NetworkSettings", "Networks", &spec.network, "Aliases"],
            json!(spec.aliases),
        );
    }
}
