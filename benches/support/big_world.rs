//! A large Docker-inspect world for scale benchmarks: N containers over a
//! handful of images, in the conformance corpus's world format (what
//! `dockdrill sh --world` and `World::from_inspect_json` read).
//!
//! Deterministic: the same N gives the same bytes. Containers vary the way
//! a busy host does: running, exited, restarting and paused, with and
//! without published ports, labels and mounts, so `ps` exercises every
//! column.

use std::fmt::Write;

const NOW: &str = "2026-11-27T00:21:12Z";

const IMAGES: &[(&str, &str, &[&str])] = &[
    (
        "nginx:1.27",
        "/docker-entrypoint.sh",
        &["nginx", "-g", "daemon off;"],
    ),
    ("redis:7-alpine", "docker-entrypoint.sh", &["redis-server"]),
    ("postgres:16", "docker-entrypoint.sh", &["postgres"]),
    (
        "acme/worker:dev",
        "python",
        &["-m", "worker", "--queue", "default"],
    ),
];

/// A 64-hex-digit ID from a counter (splitmix64 digits): distinct prefixes,
/// as real IDs have, so prefix lookups are exercised honestly.
fn hex_id(kind: u64, n: u64) -> String {
    let mut out = String::with_capacity(64);
    let mut x = kind.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ n;
    for _ in 0..4 {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let _ = write!(out, "{z:016x}");
    }
    out
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// The world as JSON text.
pub fn world_json(containers: usize) -> String {
    let mut out = String::with_capacity(containers * 2200 + 4096);
    let _ = write!(
        out,
        "{{\"now\":\"{NOW}\",\"daemon_version\":\"28.2.2\",\"api_version\":\"1.50\",\"images\":["
    );
    for (i, (tag, entry, cmd)) in IMAGES.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cmd: Vec<String> = cmd.iter().map(|c| json_str(c)).collect();
        let _ = write!(
            out,
            "{{\"Id\":\"sha256:{}\",\"RepoTags\":[{}],\"RepoDigests\":[],\"Parent\":\"\",\
             \"Created\":\"2026-10-23T00:21:11.625825954Z\",\"Config\":{{\"Entrypoint\":[{}],\
             \"Cmd\":[{}],\"Labels\":{{}}}},\"Architecture\":\"amd64\",\"Os\":\"linux\",\
             \"Size\":{},\"RootFS\":{{\"Type\":\"layers\",\"Layers\":[]}}}}",
            hex_id(1, i as u64),
            json_str(tag),
            json_str(entry),
            cmd.join(","),
            40_000_000 + i * 25_000_000,
        );
    }
    out.push_str("],\"networks\":[],\"volumes\":[],\"containers\":[");
    for n in 0..containers {
        if n > 0 {
            out.push(',');
        }
        container(&mut out, n);
    }
    out.push_str("]}\n");
    out
}

fn container(out: &mut String, n: usize) {
    let img = n % IMAGES.len();
    let (tag, entry, cmd) = IMAGES[img];
    let id = hex_id(2, n as u64);
    // Spread creation over the last 30 days, one container every ~4 minutes.
    let age = (n as u64 * 257) % (30 * 86_400);
    let created = rfc3339(1_795_652_472 - age as i64);
    let started = rfc3339(1_795_652_472 - (age / 2) as i64);
    let (status, running, paused, restarting, exit_code, finished) = match n % 7 {
        0..=2 => (
            "running",
            true,
            false,
            false,
            0,
            "0001-01-01T00:00:00Z".to_owned(),
        ),
        3 => ("exited", false, false, false, 0, started.clone()),
        4 => ("exited", false, false, false, 137, started.clone()),
        5 => ("restarting", true, false, true, 1, started.clone()),
        _ => (
            "paused",
            true,
            true,
            false,
            0,
            "0001-01-01T00:00:00Z".to_owned(),
        ),
    };
    let ports = if n.is_multiple_of(3) {
        let host = 20_000 + n % 40_000;
        format!(
            "{{\"8080/tcp\":[{{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"{host}\"}},{{\"HostIp\":\"::\",\"HostPort\":\"{host}\"}}]}}"
        )
    } else {
        "{\"6379/tcp\":null}".to_owned()
    };
    let mounts = if n.is_multiple_of(5) {
        format!(
            "[{{\"Type\":\"volume\",\"Name\":\"data{n}\",\"Source\":\"/var/lib/docker/volumes/data{n}/_data\",\
             \"Destination\":\"/data\",\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"}}]"
        )
    } else {
        "[]".to_owned()
    };
    let args: Vec<String> = cmd.iter().map(|c| json_str(c)).collect();
    let _ = write!(
        out,
        "{{\"Id\":\"{id}\",\"Created\":\"{created}\",\"Path\":{path},\"Args\":[{args}],\
         \"State\":{{\"Status\":\"{status}\",\"Running\":{running},\"Paused\":{paused},\
         \"Restarting\":{restarting},\"OOMKilled\":false,\"Dead\":false,\"Pid\":{pid},\
         \"ExitCode\":{exit_code},\"Error\":\"\",\"StartedAt\":\"{started}\",\"FinishedAt\":\"{finished}\"}},\
         \"Image\":\"sha256:{image}\",\"Name\":\"/svc-{n:05}\",\"RestartCount\":0,\"Driver\":\"overlay2\",\
         \"Platform\":\"linux\",\"HostConfig\":{{\"NetworkMode\":\"bridge\",\"RestartPolicy\":{{\"Name\":\"no\",\
         \"MaximumRetryCount\":0}},\"PortBindings\":{{}}}},\"Mounts\":{mounts},\
         \"Config\":{{\"Hostname\":\"{short}\",\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\"],\"Cmd\":[{args}],\
         \"Image\":{tag},\"Entrypoint\":[{path}],\"Labels\":{{\"com.example.team\":\"team{team}\",\
         \"com.example.shard\":\"{shard}\"}}}},\
         \"NetworkSettings\":{{\"Ports\":{ports},\"Networks\":{{\"bridge\":{{\"NetworkID\":\"{net}\",\
         \"IPAddress\":\"172.17.{a}.{b}\",\"Gateway\":\"172.17.0.1\",\"IPPrefixLen\":16}}}}}},\
         \"_SizeRw\":{size_rw},\"_SizeRootFs\":{size_root}}}",
        path = json_str(entry),
        args = args.join(","),
        pid = 1000 + n,
        image = hex_id(1, img as u64),
        short = &id[..12],
        tag = json_str(tag),
        team = n % 13,
        shard = n % 4,
        net = hex_id(3, 0),
        a = (n / 250) % 250,
        b = n % 250 + 2,
        size_rw = n * 4096,
        size_root = 50_000_000 + n * 4096,
    );
}

/// Seconds since the Unix epoch as RFC 3339 (UTC), for dates after 1970.
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.5Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
