//! `world { import "PATH" }`: a Docker-inspect world read relative to the
//! scenario file, with the scenario's declared objects applied on top.

use std::path::{Path, PathBuf};

use dockdrill::session::{self, Session};
use dockdrill::{scenario, world_build};
use serde_json::Value as Json;

/// A recorded world with every kind of object (see tests/oracle/README.md).
fn recorded_world() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/worlds/varied/world.json");
    std::fs::read_to_string(path).expect("recorded world")
}

const CLOCK: &str = "2026-11-27T04:02:35Z";

fn scenario_text(world_body: &str) -> String {
    format!(
        r#"scenario "imported" {{
    title "An imported production host"
    difficulty easy
    tools docker
    clock "{CLOCK}"
    brief "A world exported with docker inspect."
}}

world {{
{world_body}
}}

check "gateway-up" {{
    about "gateway keeps running"
    container "gateway" {{
        state "running"
    }}
}}
"#
    )
}

/// Writes `scenario.kdl` and `worlds/prod.json` into a fresh folder.
fn fixture(name: &str, world_body: &str, import: Option<&str>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("world-import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("worlds")).expect("fixture dir");
    if let Some(json) = import {
        std::fs::write(dir.join("worlds/prod.json"), json).expect("world file");
    }
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, scenario_text(world_body)).expect("scenario file");
    path
}

fn open(path: &Path) -> Result<Session, String> {
    Session::open(path).map_err(|e| e.0)
}

fn run(session: &mut Session, line: &str) -> String {
    let out = session.run_line(line);
    assert_eq!(out.status, 0, "{line}: {}", out.stderr());
    out.stdout().to_owned()
}

/// The one document `docker X inspect NAME` prints.
fn inspect(session: &mut Session, what: &str, name: &str) -> Json {
    let text = run(session, &format!("docker {what} inspect {name}"));
    let mut docs: Vec<Json> = serde_json::from_str(&text).expect("inspect prints JSON");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

const ON_TOP: &str = r#"    import "worlds/prod.json"
    image "tools/extra:1" created="-1h" size=1000 {
        cmd "/extra"
    }
    container "extra" image="tools/extra:1" created="-30m" state="running"
    container "side" image="alpine:3.20" created="-20m" state="running""#;

#[test]
fn imported_objects_inspect_exactly_as_exported() {
    let text = recorded_world();
    let path = fixture("round-trip", ON_TOP, Some(&text));
    let mut session = open(&path).expect("scenario opens");
    let world: Json = serde_json::from_str(&text).expect("world JSON");
    for mut doc in world["containers"].as_array().expect("containers").clone() {
        let map = doc.as_object_mut().expect("object");
        for extra in ["_SizeRw", "_SizeRootFs", "_logs"] {
            map.remove(extra);
        }
        let name = doc["Name"].as_str().expect("name").trim_start_matches('/');
        let got = inspect(&mut session, "container", name);
        assert_eq!(got, doc, "container {name}");
    }
    for doc in world["images"].as_array().expect("images") {
        let id = doc["Id"].as_str().expect("id");
        assert_eq!(inspect(&mut session, "image", id), *doc, "image {id}");
    }
    for doc in world["volumes"].as_array().expect("volumes") {
        let name = doc["Name"].as_str().expect("name");
        assert_eq!(inspect(&mut session, "volume", name), *doc, "volume {name}");
    }
    // Networks no declared container joined are untouched.
    for doc in world["networks"].as_array().expect("networks") {
        let name = doc["Name"].as_str().expect("name");
        if name != "bridge" {
            assert_eq!(
                inspect(&mut session, "network", name),
                *doc,
                "network {name}"
            );
        }
    }
}

#[test]
fn declared_containers_run_imported_and_declared_images() {
    let path = fixture("on-top", ON_TOP, Some(&recorded_world()));
    let mut session = open(&path).expect("scenario opens");
    let alpine = run(
        &mut session,
        "docker image inspect alpine:3.20 -f '{{.Id}}'",
    );
    let side = run(&mut session, "docker inspect side -f '{{.Image}}'");
    assert_eq!(side, alpine);
    assert_eq!(
        run(
            &mut session,
            "docker ps --filter name=extra --filter name=side --format '{{.Names}} {{.Image}} {{.State}}'"
        ),
        "side alpine:3.20 running\nextra tools/extra:1 running\n"
    );
    // The imported objects are all still there, and the clock is the scenario's.
    assert_eq!(run(&mut session, "docker ps -aq | wc -l").trim(), "11");
    assert_eq!(
        run(
            &mut session,
            "docker inspect gateway -f '{{.State.Status}} {{.State.Health.Status}}'"
        ),
        "running healthy\n"
    );
}

#[test]
fn grading_through_the_harness_uses_the_import() {
    let path = fixture("harness", ON_TOP, Some(&recorded_world()));
    let scenario = scenario::load(&path).expect("scenario parses");
    let world = session::scenario_world(&scenario, &path).expect("world builds");
    assert!(world.container("gateway").is_ok());
    assert!(world.container("extra").is_ok());
    // Without the file's location the builder refuses rather than ignore it.
    let err = world_build::build(&scenario).expect_err("imports need a path");
    assert!(
        err.to_string().contains("import \"worlds/prod.json\""),
        "{err}"
    );
}

#[test]
fn import_errors_name_the_file_and_position() {
    let body = "    import \"worlds/prod.json\"";
    let missing = fixture("missing", body, None);
    let e = open(&missing).err().expect("missing file fails");
    assert!(
        e.starts_with(&format!(
            "{}:10:5: import \"worlds/prod.json\": ",
            missing.display()
        )),
        "{e}"
    );

    let broken = fixture("broken", body, Some("{\n  \"containers\": [1,,]\n}\n"));
    let e = open(&broken).err().expect("bad JSON fails");
    assert!(e.contains("worlds/prod.json:2:"), "{e}");

    let absolute = fixture("absolute", "    import \"/etc/passwd\"", None);
    let e = open(&absolute).err().expect("absolute path refused");
    assert!(e.contains("must be relative to the scenario file"), "{e}");

    let unknown = fixture(
        "unknown-image",
        "    import \"worlds/prod.json\"\n    container \"x\" image=\"nosuch:1\" created=\"-1m\" state=\"running\"",
        Some(&recorded_world()),
    );
    let e = open(&unknown).err().expect("unknown image fails");
    assert!(e.contains("no declared or imported image nosuch:1"), "{e}");
}

#[test]
fn a_world_file_that_is_not_utf8_is_refused_naming_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("world-import-not-utf8");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join("world.json");
    std::fs::write(&path, b"{\"containers\": [\"\xff\"]}").expect("world file");
    let e = open(&path).err().expect("not UTF-8 fails");
    assert_eq!(
        e,
        format!("{}: stream did not contain valid UTF-8", path.display())
    );
}

#[test]
fn a_large_world_file_reads_as_a_small_one_does() {
    // Past the size where the read buffer is advised to use huge pages:
    // the same world, padded with whitespace, imports the same.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("world-import-large");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let small = dir.join("small.json");
    let large = dir.join("large.json");
    let text = recorded_world();
    std::fs::write(&small, &text).expect("small world");
    std::fs::write(&large, format!("{text}{}", " ".repeat(6 << 20))).expect("large world");
    let listing = |path: &Path| {
        let mut session = open(path).expect("world opens");
        run(&mut session, "docker ps -a --no-trunc; docker images")
    };
    assert_eq!(listing(&large), listing(&small));
}
