//! Builds a new container's inspect document, field for field in the order
//! dockerd 28.2.2 answers `GET /containers/{id}/json` for a container made by
//! `docker run`/`docker create` (cf. the conformance world `latest-drift`).

use std::sync::OnceLock;

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

/// A `json!`-like object literal whose map is allocated at its final size
/// (`json!` grows its map one insert at a time: a rehash and a copy of the
/// entries at each doubling). Values go through `Json::from`.
macro_rules! object {
    ($($key:literal : $value:expr),* $(,)?) => {{
        let mut map = Map::with_capacity(0 $(+ { let _ = $key; 1 })*);
        $( map.insert(String::from($key), Json::from($value)); )*
        Json::Object(map)
    }};
}

/// A document part whose keys, and most of whose values, are the same for
/// every container: built once per process and cloned (a clone copies the
/// map's hash table as it is, where inserting hashes every key again).
fn template(cell: &'static OnceLock<Json>, make: fn() -> Json) -> Json {
    cell.get_or_init(make).clone()
}

/// Replaces the value of a key the template has (in its place, so the
/// daemon's field order holds); a missing key is appended.
fn put(map: &mut Map<String, Json>, key: &str, value: Json) {
    match map.get_mut(key) {
        Some(slot) => *slot = value,
        None => {
            map.insert(key.to_owned(), value);
        }
    }
}

fn object_at<'a>(map: &'a mut Map<String, Json>, key: &str) -> Option<&'a mut Map<String, Json>> {
    map.get_mut(key).and_then(Json::as_object_mut)
}

static CONTAINER: OnceLock<Json> = OnceLock::new();
static ENDPOINT: OnceLock<Json> = OnceLock::new();
static NETWORK_SETTINGS: OnceLock<Json> = OnceLock::new();

/// A created container's document with what differs between containers
/// left empty (`build` fills it in).
fn container_template() -> Json {
    let empty = || Json::Object(Map::new());
    let none = || Json::Array(Vec::new());
    object! {
        "Id": "",
        "Created": "",
        "Path": "",
        "Args": none(),
        "State": object! {
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
            "FinishedAt": GO_ZERO_TIME,
        },
        "Image": "",
        // The daemon writes these files at first start.
        "ResolvConfPath": "",
        "HostnamePath": "",
        "HostsPath": "",
        "LogPath": "",
        "Name": "",
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": Json::Null,
        "HostConfig": object! {
            "Binds": Json::Null,
            "ContainerIDFile": "",
            "LogConfig": object! {"Type": "json-file", "Config": empty()},
            "NetworkMode": "",
            "PortBindings": Json::Null,
            "RestartPolicy": object! {"Name": "", "MaximumRetryCount": 0},
            "AutoRemove": false,
            "VolumeDriver": "",
            "VolumesFrom": Json::Null,
            "ConsoleSize": vec![0, 0],
            "CapAdd": Json::Null,
            "CapDrop": Json::Null,
            "CgroupnsMode": "private",
            "Dns": none(),
            "DnsOptions": none(),
            "DnsSearch": none(),
            "ExtraHosts": Json::Null,
            "GroupAdd": Json::Null,
            "IpcMode": "private",
            "Cgroup": "",
            "Links": Json::Null,
            "OomScoreAdj": 0,
            "PidMode": "",
            "Privileged": false,
            "PublishAllPorts": false,
            "ReadonlyRootfs": false,
            "SecurityOpt": Json::Null,
            "UTSMode": "",
            "UsernsMode": "",
            "ShmSize": 67_108_864,
            "Runtime": "runc",
            "Isolation": "",
            "CpuShares": 0,
            "Memory": 0,
            "NanoCpus": 0,
            "CgroupParent": "",
            "BlkioWeight": 0,
            "BlkioWeightDevice": none(),
            "BlkioDeviceReadBps": none(),
            "BlkioDeviceWriteBps": none(),
            "BlkioDeviceReadIOps": none(),
            "BlkioDeviceWriteIOps": none(),
            "CpuPeriod": 0,
            "CpuQuota": 0,
            "CpuRealtimePeriod": 0,
            "CpuRealtimeRuntime": 0,
            "CpusetCpus": "",
            "CpusetMems": "",
            "Devices": none(),
            "DeviceCgroupRules": Json::Null,
            "DeviceRequests": Json::Null,
            "MemoryReservation": 0,
            "MemorySwap": 0,
            "MemorySwappiness": Json::Null,
            "OomKillDisable": false,
            "PidsLimit": Json::Null,
            "Ulimits": none(),
            "CpuCount": 0,
            "CpuPercent": 0,
            "IOMaximumIOps": 0,
            "IOMaximumBandwidth": 0,
            "MaskedPaths": vec![
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
                "/sys/devices/virtual/powercap",
            ],
            "ReadonlyPaths": vec![
                "/proc/bus",
                "/proc/fs",
                "/proc/irq",
                "/proc/sys",
                "/proc/sysrq-trigger",
            ],
        },
        "GraphDriver": object! {
            "Data": object! {
                "ID": "",
                "LowerDir": "",
                "MergedDir": "",
                "UpperDir": "",
                "WorkDir": "",
            },
            "Name": "overlay2",
        },
        "Mounts": none(),
        "Config": Json::Null,
        "NetworkSettings": Json::Null,
    }
}

/// The container's `Config`: its own settings over the image's.
fn config(id: &str, spec: &ContainerSpec, cfg: &Json, merged: MergedConfig) -> Map<String, Json> {
    let mut exposed = Map::new();
    if let Some(ports) = at(cfg, &["ExposedPorts"]).and_then(Json::as_object) {
        for k in ports.keys() {
            exposed.insert(k.clone(), Json::Object(Map::new()));
        }
    }
    for p in &spec.publish {
        exposed.insert(p.key(), Json::Object(Map::new()));
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
    let hostname = spec
        .hostname
        .clone()
        .unwrap_or_else(|| id.get(..12).unwrap_or(id).to_owned());

    let mut config = Map::with_capacity(21);
    let mut field = |key: &str, value: Json| {
        config.insert(key.to_owned(), value);
    };
    field("Hostname", Json::String(hostname));
    field("Domainname", Json::from(""));
    field("User", Json::String(user));
    field("AttachStdin", Json::Bool(spec.attach && spec.interactive));
    field("AttachStdout", Json::Bool(spec.attach));
    field("AttachStderr", Json::Bool(spec.attach));
    if !exposed.is_empty() {
        field("ExposedPorts", sorted(exposed));
    }
    field("Tty", Json::Bool(spec.tty));
    field("OpenStdin", Json::Bool(spec.interactive));
    field("StdinOnce", Json::Bool(spec.attach && spec.interactive));
    field("Env", Json::from(merged.env));
    field("Cmd", merged.cmd);
    if let Some(h) = merged.healthcheck {
        field("Healthcheck", h);
    }
    field("Image", Json::String(spec.image_ref.clone()));
    field(
        "Volumes",
        at(cfg, &["Volumes"]).cloned().unwrap_or(Json::Null),
    );
    field("WorkingDir", Json::String(workdir));
    field("Entrypoint", merged.entrypoint);
    field(
        "OnBuild",
        at(cfg, &["OnBuild"]).cloned().unwrap_or(Json::Null),
    );
    field("Labels", sorted(labels));
    if let Some(s) = spec
        .stop_signal
        .as_deref()
        .or_else(|| at(cfg, &["StopSignal"]).and_then(Json::as_str))
        .filter(|s| !s.is_empty())
    {
        field("StopSignal", Json::from(s));
    }
    if let Some(t) = spec.stop_timeout {
        field("StopTimeout", Json::from(t));
    }
    config
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
    let mut bindings: Map<String, Json> = Map::new();
    for p in &spec.publish {
        let entry = bindings
            .entry(p.key())
            .or_insert_with(|| Json::Array(Vec::new()));
        if let Some(list) = entry.as_array_mut() {
            list.push(object! {"HostIp": p.host_ip.as_str(), "HostPort": p.host_port.as_str()});
        }
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
    let mut merged = merged;
    let path = std::mem::take(&mut merged.path);
    let args = std::mem::take(&mut merged.args);
    let config = config(id, spec, image.config(), merged);

    let mut doc = template(&CONTAINER, container_template);
    if let Some(top) = doc.as_object_mut() {
        put(top, "Id", Json::from(id));
        put(top, "Created", Json::String(spec.created.rfc3339_nano()));
        put(top, "Path", Json::String(path));
        put(top, "Args", Json::from(args));
        put(top, "Image", Json::String(spec.image_id.clone()));
        put(top, "Name", Json::String(format!("/{name}")));
        if let Some(hc) = object_at(top, "HostConfig") {
            host_config(hc, spec, sorted(bindings));
        }
        if let Some(data) = object_at(top, "GraphDriver").and_then(|g| object_at(g, "Data")) {
            put(data, "ID", Json::from(id));
            put(data, "LowerDir", Json::String(lower));
            put(data, "MergedDir", Json::String(dir(&layer, "merged")));
            put(data, "UpperDir", Json::String(dir(&layer, "diff")));
            put(data, "WorkDir", Json::String(dir(&layer, "work")));
        }
        put(top, "Config", Json::Object(config));
        put(
            top,
            "NetworkSettings",
            network_settings(&spec.network, network_id),
        );
    }
    doc
}

/// What differs between containers in `HostConfig`.
fn host_config(hc: &mut Map<String, Json>, spec: &ContainerSpec, port_bindings: Json) {
    put(hc, "NetworkMode", Json::String(spec.network.clone()));
    put(hc, "PortBindings", port_bindings);
    if let Some(policy) = object_at(hc, "RestartPolicy") {
        put(policy, "Name", Json::from(spec.restart.name()));
        put(
            policy,
            "MaximumRetryCount",
            Json::from(spec.restart.max_retries()),
        );
    }
    put(hc, "AutoRemove", Json::Bool(spec.auto_remove));
    if spec.memory > 0 {
        // The daemon doubles an unset swap limit (`adaptContainerSettings`).
        put(hc, "Memory", Json::from(spec.memory));
        put(hc, "MemorySwap", Json::from(spec.memory * 2));
    }
}

fn network_settings_template() -> Json {
    object! {
        "Bridge": "",
        "SandboxID": "",
        "SandboxKey": "",
        "Ports": Json::Object(Map::new()),
        "HairpinMode": false,
        "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": Json::Null,
        "SecondaryIPv6Addresses": Json::Null,
        "EndpointID": "",
        "Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "IPAddress": "",
        "IPPrefixLen": 0,
        "IPv6Gateway": "",
        "MacAddress": "",
        "Networks": Json::Null,
    }
}

/// Settings of a container that is not running: attached in name only.
/// A never-started container has no NetworkID yet (cf. a created container
/// in the `mixed` world); the caller fills it in once the network is known.
pub fn network_settings(network: &str, network_id: &str) -> Json {
    let mut networks = Map::with_capacity(1);
    networks.insert(network.to_owned(), endpoint_settings(network_id, None));
    let mut settings = template(&NETWORK_SETTINGS, network_settings_template);
    if let Some(map) = settings.as_object_mut() {
        put(map, "Networks", Json::Object(networks));
    }
    settings
}

fn endpoint_template() -> Json {
    object! {
        "IPAMConfig": Json::Null,
        "Links": Json::Null,
        "Aliases": Json::Null,
        "MacAddress": "",
        "DriverOpts": Json::Null,
        "GwPriority": 0,
        "NetworkID": "",
        "EndpointID": "",
        "Gateway": "",
        "IPAddress": "",
        "IPPrefixLen": 0,
        "IPv6Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "DNSNames": Json::Null,
    }
}

/// An endpoint: `Some((mac, endpoint, gateway, ip, prefix))` when connected.
pub fn endpoint_settings(network_id: &str, live: Option<(&str, &str, &str, &str, i64)>) -> Json {
    let mut ep = template(&ENDPOINT, endpoint_template);
    if let Some(map) = ep.as_object_mut() {
        put(map, "NetworkID", Json::from(network_id));
        if let Some((mac, endpoint, gateway, ip, prefix)) = live {
            put(map, "MacAddress", Json::from(mac));
            put(map, "EndpointID", Json::from(endpoint));
            put(map, "Gateway", Json::from(gateway));
            put(map, "IPAddress", Json::from(ip));
            put(map, "IPPrefixLen", Json::from(prefix));
        }
    }
    ep
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

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use super::super::image::Image;
    use super::super::image_doc::{self, ImageSpec};
    use super::super::json::set;
    use super::super::ops::{ContainerSpec, HealthSpec, RestartPolicy};
    use super::super::ports::PortSpec;
    use super::super::time::Timestamp;
    use super::{build, endpoint_settings, merge, network_settings, reference};

    fn image(variant: usize) -> Image {
        let mut doc = image_doc::build(&ImageSpec {
            repo_tags: vec!["app:1".into()],
            hex: format!("{variant:x}").repeat(64)[..64].to_owned(),
            created: Timestamp::from_unix_nanos(1_700_000_000_000_000_000),
            size: 1234,
            user: (variant % 2 == 1).then(|| "nobody".to_owned()),
            exposed_ports: if variant.is_multiple_of(3) {
                vec!["8080/tcp".into(), "53/udp".into()]
            } else {
                Vec::new()
            },
            env: vec!["A=1".into(), "PORT=80".into()],
            entrypoint: (variant % 4 == 1).then(|| vec!["/entry".into(), "-x".into()]),
            cmd: (variant % 5 != 4).then(|| vec!["./server".into()]),
            working_dir: (variant.is_multiple_of(2)).then(|| "/app".to_owned()),
            labels: if variant.is_multiple_of(2) {
                vec![("z".into(), "1".into()), ("a".into(), "2".into())]
            } else {
                Vec::new()
            },
            volumes: if variant % 3 == 1 {
                vec!["/data".into()]
            } else {
                Vec::new()
            },
            ..ImageSpec::default()
        });
        if variant % 3 == 2 {
            set(&mut doc, &["Config", "StopSignal"], json!("SIGQUIT"));
            set(&mut doc, &["Config", "OnBuild"], json!(["RUN x"]));
            set(
                &mut doc,
                &["Config", "Healthcheck"],
                json!({"Test": ["CMD", "true"], "Interval": 5, "Retries": 3}),
            );
        }
        Image {
            doc: super::super::Doc::new(doc),
        }
    }

    fn spec(variant: usize) -> ContainerSpec {
        let port = |host_ip: &str, host_port: &str, container_port: u16, proto: &str| PortSpec {
            host_ip: host_ip.into(),
            host_port: host_port.into(),
            container_port,
            proto: proto.into(),
        };
        ContainerSpec {
            image_ref: "app:1".into(),
            image_id: format!("sha256:{}", "c".repeat(64)),
            env: if variant.is_multiple_of(2) {
                vec!["PORT=8080".into(), "X=y".into()]
            } else {
                Vec::new()
            },
            cmd: (variant % 3 == 1).then(|| vec!["sh".into(), "-c".into(), "x".into()]),
            entrypoint: match variant % 7 {
                3 => Some(vec!["/bin/tini".into()]),
                5 => Some(vec![String::new()]),
                _ => None,
            },
            labels: if variant.is_multiple_of(4) {
                vec![("b".into(), "x".into()), ("a".into(), "y".into())]
            } else {
                Vec::new()
            },
            publish: match variant % 4 {
                1 => vec![port("", "8080", 80, "tcp")],
                2 => vec![
                    port("127.0.0.1", "", 80, "tcp"),
                    port("", "9000", 80, "tcp"),
                    port("", "53", 53, "udp"),
                ],
                _ => Vec::new(),
            },
            restart: match variant % 4 {
                0 => RestartPolicy::No,
                1 => RestartPolicy::Always,
                2 => RestartPolicy::UnlessStopped,
                _ => RestartPolicy::OnFailure(3),
            },
            auto_remove: variant.is_multiple_of(5),
            created: Timestamp::from_unix_nanos(1_800_000_000_123_456_789),
            network: if variant.is_multiple_of(3) {
                "bridge"
            } else {
                "backend"
            }
            .into(),
            attach: variant % 2 == 1,
            interactive: variant % 4 == 1,
            tty: variant % 3 == 2,
            workdir: (variant % 5 == 1).then(|| "/w".to_owned()),
            user: (variant % 6 == 2).then(|| "1000:1000".to_owned()),
            hostname: (variant.is_multiple_of(7)).then(|| "box".to_owned()),
            memory: if variant % 4 == 3 { 512 << 20 } else { 0 },
            healthcheck: match variant % 5 {
                1 => Some(HealthSpec {
                    test: vec!["CMD-SHELL".into(), "curl -f localhost".into()],
                    interval: 2_000_000_000,
                    ..HealthSpec::default()
                }),
                3 => Some(HealthSpec::default()),
                _ => None,
            },
            stop_signal: (variant % 6 == 1).then(|| "SIGINT".to_owned()),
            stop_timeout: (variant % 5 == 2).then_some(30),
            ..ContainerSpec::default()
        }
    }

    /// Byte for byte (field order included), the template-built document
    /// is the one built field by field.
    #[test]
    fn built_documents_equal_the_field_by_field_build() {
        let mut built = 0;
        for image_variant in 0..12 {
            let image = image(image_variant);
            for variant in 0..84 {
                let spec = spec(variant);
                let (Ok(a), Ok(b)) = (merge(&spec, &image), merge(&spec, &image)) else {
                    continue;
                };
                let id = format!("{:x}", variant + 1).repeat(64)[..64].to_owned();
                let fast = build(&id, "web", &spec, &image, a, "net-id");
                let slow = reference::build(&id, "web", &spec, &image, b, "net-id");
                assert_eq!(
                    serde_json::to_string_pretty(&fast).unwrap_or_default(),
                    serde_json::to_string_pretty(&slow).unwrap_or_default(),
                    "image {image_variant}, spec {variant}"
                );
                built += 1;
            }
        }
        assert!(built > 800, "only {built} documents compared");
    }

    #[test]
    fn endpoints_and_network_settings_equal_the_field_by_field_build() {
        let text = |v: &Json| serde_json::to_string(v).unwrap_or_default();
        for live in [
            None,
            Some(("02:42:ac:11:00:02", "ep", "172.17.0.1", "172.17.0.2", 16)),
            Some(("", "ep2", "", "", 0)),
        ] {
            assert_eq!(
                text(&endpoint_settings("nid", live)),
                text(&reference::endpoint_settings("nid", live))
            );
        }
        for (net, id) in [("bridge", "abc"), ("my net", "")] {
            assert_eq!(
                text(&network_settings(net, id)),
                text(&reference::network_settings(net, id))
            );
        }
    }
}

#[cfg(test)]
mod reference {
    //! The document as built before templates, field by field with `json!`:
    //! the tests hold `build` to it.

    use serde_json::{Map, Value as Json, json};

    use super::super::image::Image;
    use super::super::json::{at, str_at};
    use super::super::ops::ContainerSpec;
    use super::super::time::GO_ZERO_TIME;
    use super::{MergedConfig, sorted};

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

        let layer = super::super::ids::derive(&["overlay2-layer", id]);
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
        super::super::json::set(
            &mut doc,
            &["HostConfig"],
            host_config(spec, sorted(bindings)),
        );
        super::super::json::set(&mut doc, &["Config"], Json::Object(config));
        super::super::json::set(
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
        super::super::json::set(&mut head, &["PortBindings"], port_bindings);
        if let (Some(head), Json::Object(tail)) = (head.as_object_mut(), rest) {
            head.extend(tail);
        }
        if spec.memory > 0 {
            // The daemon doubles an unset swap limit (`adaptContainerSettings`).
            super::super::json::set(&mut head, &["Memory"], json!(spec.memory));
            super::super::json::set(&mut head, &["MemorySwap"], json!(spec.memory * 2));
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
        super::super::json::set(&mut settings, &["Networks"], Json::Object(networks));
        settings
    }

    /// An endpoint: `Some((mac, endpoint, gateway, ip, prefix))` when connected.
    pub fn endpoint_settings(
        network_id: &str,
        live: Option<(&str, &str, &str, &str, i64)>,
    ) -> Json {
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
}
