//! The direct renderer ([`super::Columns`]) against the template: every
//! `docker ps` whose format it takes must print exactly what running the
//! format's template over each row's `ContainerContext` prints. Held on
//! every world the project ships (oracle and conformance worlds, every
//! scenario's world), on a generated large world, and on variants of them
//! whose containers carry awkward names, commands, ports, labels, mounts,
//! states, images and times, plus legacy links made by `docker run --link`.

use serde_json::{Value as Json, json};

use super::{FAST_RENDERS, TEMPLATE_ONLY};
use crate::docker::command;
use crate::engine::World;

#[path = "../../../../benches/support/big_world.rs"]
mod big_world;
#[path = "../../../../tests/worlds/mod.rs"]
mod worlds;

const FORMATS: &[Option<&str>] = &[
    None,
    Some("table"),
    Some("table {{.ID}}\\t{{.Names}}\\t{{.Ports}}"),
    Some(
        "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.CreatedAt}}\\t{{.RunningFor}}\\t{{.Ports}}\\t{{.State}}\\t{{.Status}}\\t{{.Size}}\\t{{.Labels}}\\t{{.Mounts}}\\t{{.LocalVolumes}}\\t{{.Networks}}\\t{{.Names}}",
    ),
    Some("{{.Names}} {{.Status}}"),
    Some("{{- .ID -}} | {{ .Command }}|{{.Image}}\\n{{.Ports}}\t{{.Mounts}}"),
    Some("{{.Labels}};{{.Networks}};{{.LocalVolumes}};{{.Size}};{{.CreatedAt}}"),
    Some("  table  {{.Names}}\\t{{.RunningFor}}  "),
    // Not plain: these go through the template either way.
    Some("raw"),
    Some("table {{.Names}}\\t{{.Label \"com.example.tier\"}}"),
    Some("{{json .}}"),
    Some("{{.Names | upper}}"),
];

const FLAGS: &[&[&str]] = &[
    &[],
    &["-a"],
    &["-a", "--no-trunc"],
    &["-a", "-s"],
    &["--no-trunc", "-s"],
    &["-n", "2"],
    &["-a", "-f", "status=exited"],
];

/// `docker ps FLAGS [--format F]` through the renderer the format selects,
/// and through the template alone; both must print the same.
fn assert_same(world: &World, what: &str) -> usize {
    assert_same_with(world, what, FORMATS, FLAGS)
}

/// [`assert_same`] over some formats and flag sets.
fn assert_same_with(
    world: &World,
    what: &str,
    formats: &[Option<&str>],
    flag_sets: &[&[&str]],
) -> usize {
    let mut compared = 0;
    for format in formats {
        for flags in flag_sets {
            let mut args: Vec<String> = std::iter::once("ps")
                .chain(flags.iter().copied())
                .map(str::to_owned)
                .collect();
            if let Some(f) = format {
                args.push("--format".to_owned());
                args.push((*f).to_owned());
            }
            let direct = command::run(&mut world.clone(), &args);
            TEMPLATE_ONLY.with(|t| t.set(true));
            let reference = command::run(&mut world.clone(), &args);
            TEMPLATE_ONLY.with(|t| t.set(false));
            assert_eq!(
                direct.stdout(),
                reference.stdout(),
                "{what}: docker {}",
                args.join(" ")
            );
            assert_eq!(direct, reference, "{what}: docker {}", args.join(" "));
            compared += 1;
        }
    }
    compared
}

fn scenario_worlds() -> Vec<(String, World)> {
    crate::testdata::shipped_scenarios()
        .into_iter()
        .map(|p| {
            let scenario = crate::scenario::load(&p).expect("shipped scenario loads");
            let world = crate::world_build::build(&scenario).expect("shipped world builds");
            (p.display().to_string(), world)
        })
        .collect()
}

/// Awkward values for each field `ps` shows, applied in turn to the
/// containers of a world document: variant `k` gives container `i`
/// mutation `(i + k) % len` of each kind.
fn mutations() -> Vec<(&'static str, Vec<Json>)> {
    let digest = format!("sha256:{}", "b".repeat(64));
    vec![
        (
            "Name",
            vec![
                json!("/日本語-app"),
                json!("/emoji-😀"),
                json!("/with/slash"),
                json!("/tab\there"),
                json!("/plain"),
                json!("/x"),
            ],
        ),
        (
            "Path",
            vec![
                json!("sh"),
                json!("/bin/日本語のコマンドです"),
                json!(""),
                json!("a\u{7}b\"c\\d"),
                json!("keycap-1\u{fe0f}\u{20e3}"),
                json!("zero\u{200b}width\u{feff}and\u{7f}del"),
                json!("tab\tin\npath"),
                json!("exactly-twenty-chars"),
                json!("twenty-one-characters"),
            ],
        ),
        (
            "Args",
            vec![
                json!([]),
                json!(["-c", "echo 'a b' \"q\""]),
                json!(["with space", "x"]),
                json!(["全角スペース\u{3000}あり"]),
                json!(["\u{10ffff}", "\u{1f600}\u{1f600}\u{1f600}"]),
            ],
        ),
        (
            "Ports",
            vec![
                json!({}),
                Json::Null,
                json!({"80/tcp": null}),
                json!({"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}]}),
                json!({"8000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8000"}], "8001/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8001"}], "8002/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8002"}], "8004/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8004"}]}),
                json!({"53/udp": [], "53/tcp": [], "54/udp": null, "9999/sctp": [{"HostIp": "", "HostPort": "9999"}]}),
                json!({"abc/tcp": null, "70000/tcp": null, "80": null, "81/tcp/x": null, "82/": null}),
                json!({"443/tcp": [{"HostIp": "127.0.0.1", "HostPort": ""}, {"HostIp": "::1", "HostPort": "x"}, {"HostIp": "fe80::1", "HostPort": "65535"}]}),
                json!({"65535/tcp": null, "0/tcp": null, "1/tcp": null}),
                json!({"80/tcp": [{"HostIp": "a/b", "HostPort": "80"}], "81/b": null, "82/a/b": null}),
            ],
        ),
        (
            "Labels",
            vec![
                json!({}),
                Json::Null,
                json!({"com.example.tier": "web", "b=c": "d,e", "a": ""}),
                json!({"z": "1", "a": "2", "m": "日本"}),
            ],
        ),
        (
            "Mounts",
            vec![
                json!([]),
                json!([{"Type": "volume", "Name": "a-very-long-volume-name-indeed", "Source": "/var/lib/docker/volumes/x/_data", "Destination": "/data", "Driver": "local"}]),
                json!([{"Type": "bind", "Source": "/srv/日本語/config", "Destination": "/etc/app"}, {"Type": "volume", "Name": "short", "Source": "", "Destination": "/x", "Driver": "other"}]),
            ],
        ),
        (
            "State",
            vec![
                json!({"Status": "running", "Running": true, "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"}),
                json!({"Status": "paused", "Running": true, "Paused": true, "StartedAt": "2026-11-20T09:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"}),
                json!({"Status": "restarting", "Running": true, "Restarting": true, "ExitCode": 3, "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "2026-11-26T23:59:59.9Z"}),
                json!({"Status": "running", "Running": true, "StartedAt": "2026-11-26T23:59:59Z", "FinishedAt": "0001-01-01T00:00:00Z", "Health": {"Status": "starting"}}),
                json!({"Status": "running", "Running": true, "StartedAt": "2024-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z", "Health": {"Status": "unhealthy"}}),
                json!({"Status": "exited", "ExitCode": 137, "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "2026-11-26T10:00:00Z"}),
                json!({"Status": "exited", "ExitCode": -1, "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"}),
                json!({"Status": "created", "StartedAt": "0001-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"}),
                json!({"Status": "dead", "Dead": true, "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "2026-11-26T10:00:00Z"}),
                json!({"Status": "removing", "StartedAt": "2026-11-26T09:00:00Z", "FinishedAt": "2026-11-26T10:00:00Z"}),
            ],
        ),
        ("Image", vec![json!(null), json!(digest), json!("")]),
        (
            "Config.Image",
            vec![
                json!(null),
                json!(""),
                json!("localhost:5000/team/app:1.2"),
                json!(format!("nginx:1.27@{digest}")),
                json!("docker.io/library/busybox"),
                json!("UPPER:case"),
                json!(digest),
            ],
        ),
        (
            "Created",
            vec![
                json!(null),
                json!("1970-01-01T00:00:00Z"),
                json!("1969-07-20T20:17:40.5Z"),
                json!("2026-11-26T23:59:59.999999999+01:00"),
                json!("2020-02-29T12:00:00Z"),
            ],
        ),
    ]
}

/// Sets `path` (dotted) in `doc`; `null` in the list means "keep".
fn set(doc: &mut Json, path: &str, value: &Json) {
    if value.is_null() {
        return;
    }
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (p.split('.').collect::<Vec<_>>(), k),
        None => (Vec::new(), path),
    };
    let mut at = doc;
    for p in parent {
        if !at.get(p).is_some_and(Json::is_object) {
            at[p] = json!({});
        }
        at = &mut at[p];
    }
    // Ports live under NetworkSettings, State's health under State.
    let key_path = if key == "Ports" {
        at = if at.get("NetworkSettings").is_some_and(Json::is_object) {
            &mut at["NetworkSettings"]
        } else {
            at["NetworkSettings"] = json!({});
            &mut at["NetworkSettings"]
        };
        "Ports"
    } else {
        key
    };
    at[key_path] = value.clone();
}

fn variant(world: &Json, k: usize) -> Json {
    let mut world = world.clone();
    let muts = mutations();
    if let Some(containers) = world.get_mut("containers").and_then(Json::as_array_mut) {
        for (i, doc) in containers.iter_mut().enumerate() {
            for (path, values) in &muts {
                let value = &values[(i + k) % values.len()];
                let path = if *path == "Labels" {
                    "Config.Labels"
                } else {
                    path
                };
                set(doc, path, value);
            }
            // Distinct names keep the world importable.
            if let Some(name) = doc.get("Name").and_then(Json::as_str) {
                doc["Name"] = json!(format!("{name}-{i}"));
            }
        }
    }
    world
}

/// Legacy links and a few state changes, made through the engine.
fn with_links(world: &World) -> World {
    let mut world = world.clone();
    let Some(c) = world.containers.first() else {
        return world;
    };
    let (name, image) = (c.name().to_owned(), c.config_image().to_owned());
    for line in [
        format!("run -d --name linker --link {name}:db {image}"),
        format!(
            "run -d --name linker2 --link {name} --link linker:up -p 8080:80 -p 127.0.0.1:9000-9001:9000-9001/udp {image}"
        ),
        "pause linker".to_owned(),
        format!("stop {name}"),
    ] {
        let args: Vec<String> = line.split(' ').map(str::to_owned).collect();
        let _ = command::run(&mut world, &args);
    }
    world
}

#[test]
fn direct_rows_equal_the_template_on_shipped_worlds_and_variants() {
    let before = FAST_RENDERS.with(std::cell::Cell::get);
    let mut compared = 0;
    let mut worlds: Vec<(String, Json)> = worlds::world_files()
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("world file");
            (
                f.display().to_string(),
                serde_json::from_str(&text).expect("JSON"),
            )
        })
        .collect();
    worlds.push((
        "big_world(60)".to_owned(),
        serde_json::from_str(&big_world::world_json(60)).expect("JSON"),
    ));
    let mut imported = 0;
    for (what, doc) in &worlds {
        for k in 0..=10 {
            let doc = if k == 0 { doc.clone() } else { variant(doc, k) };
            let what = format!("{what} variant {k}");
            let Ok(world) = World::from_inspect_json(&doc.to_string(), "seed") else {
                assert!(k > 0, "{what} does not import");
                continue;
            };
            imported += 1;
            compared += assert_same(&world, &what);
            compared += assert_same(&with_links(&world), &format!("{what} with links"));
        }
    }
    assert!(
        imported >= worlds.len() * 8,
        "most variants import: {imported}"
    );
    for (what, world) in scenario_worlds() {
        compared += assert_same(&world, &what);
        compared += assert_same(&with_links(&world), &format!("{what} with links"));
    }
    let fast = FAST_RENDERS.with(std::cell::Cell::get) - before;
    assert!(
        fast * 2 > compared,
        "the direct renderer ran for {fast} of {compared} listings"
    );
}

/// Listings of 1,024 rows or more are rendered by two threads, each half
/// into its own buffer: the same bytes as the template, at the threshold
/// and on both sides of it, on a large world and a variant of it.
#[test]
fn rows_rendered_by_two_threads_equal_the_template() {
    let formats = [FORMATS[0], FORMATS[3], FORMATS[4], FORMATS[5]];
    let flag_sets: [&[&str]; 3] = [&["-a"], &["-a", "--no-trunc", "-s"], &["-n", "1024"]];
    let doc: Json = serde_json::from_str(&big_world::world_json(1500)).expect("JSON");
    for (k, doc) in [(0, doc.clone()), (3, variant(&doc, 3))] {
        let world = World::from_inspect_json(&doc.to_string(), "seed").expect("imports");
        let before = FAST_RENDERS.with(std::cell::Cell::get);
        let compared = assert_same_with(
            &world,
            &format!("big_world(1500) variant {k}"),
            &formats,
            &flag_sets,
        );
        let fast = FAST_RENDERS.with(std::cell::Cell::get) - before;
        assert_eq!(fast, compared, "every listing here is plain columns");
    }
}
