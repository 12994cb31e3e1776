//! `depends_on` conditions at the public surface: what `docker compose up`
//! and `restart` print on stderr (compose 2.40.3's plain progress), in
//! which order services start, and how long the virtual clock waits.

use dockdrill::docker::{Output, run_with_stdin};
use dockdrill::engine::World;

const STACK: &str = r#"
            services:
              db:
                image: postgres:16
                healthcheck:
                  test: ["CMD-SHELL", "pg_isready -U shop"]
                  interval: 5s
                  timeout: 3s
                  retries: 5
              migrate:
                image: acme/shop:2.3
                command: ["./shop", "migrate"]
                environment:
                  SHOP_MODE: migrate
                depends_on:
                  db:
                    condition: service_healthy
              api:
                image: acme/shop:2.3
                ports: ["8080:8080"]
                depends_on:
                  db:
                    condition: service_healthy
                    restart: true
                  migrate:
                    condition: service_completed_successfully
"#;

/// A world whose host holds `compose` (indented as in STACK) and whose
/// images are postgres:16 (probes as `db_health` declares) and acme/shop
/// (a server, or a job exiting `migrate_code` 3s after each start when
/// SHOP_MODE=migrate).
fn world_with(compose: &str, db_health: &str, migrate_code: i64) -> World {
    let scenario = format!(
        r#"
scenario "deps" {{
    title "t"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief "b"
}}
world {{
    host {{
        workdir "/srv/shop"
        file "/srv/shop/compose.yaml" content="""{compose}            """
    }}
    image "postgres:16" created="-10d" size=400000000 {{
        cmd "postgres"
        {db_health}
    }}
    image "acme/shop:2.3" created="-1d" size=90000000 {{
        cmd "./shop" "serve"
        expose 8080
        http GET "/health" body="ok\n"
        exits after="3s" code={migrate_code} {{
            when-env SHOP_MODE="migrate"
        }}
    }}
}}
check "x" {{
    about "a"
    ran "docker"
}}
"#
    );
    let scenario = match dockdrill::scenario::parse("deps.kdl", &scenario) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    };
    dockdrill::world_build::build(&scenario).expect("world builds")
}

/// The stack; postgres turns healthy 12s after each start.
fn world() -> World {
    world_with(
        STACK,
        r#"health unhealthy output="no response\n"
        health healthy after="12s""#,
        0,
    )
}

fn docker(w: &mut World, line: &str) -> Output {
    let args: Vec<String> = line.split(' ').map(str::to_owned).collect();
    run_with_stdin(w, &args[1..], "")
}

/// The progress lines from the first container event on.
fn container_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .skip_while(|l| !l.starts_with(" Container"))
        .collect()
}

fn state(w: &World, name: &str) -> String {
    w.container(name)
        .map(|c| c.status().as_str().to_owned())
        .unwrap_or_default()
}

#[test]
fn up_waits_for_healthy_and_completed_dependencies_in_order() {
    let mut w = world();
    let start = w.now;
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        container_lines(out.stderr()),
        [
            " Container shop-db-1  Creating",
            " Container shop-db-1  Created",
            " Container shop-migrate-1  Creating",
            " Container shop-migrate-1  Created",
            " Container shop-api-1  Creating",
            " Container shop-api-1  Created",
            " Container shop-db-1  Starting",
            " Container shop-db-1  Started",
            " Container shop-db-1  Waiting",
            " Container shop-db-1  Healthy",
            " Container shop-migrate-1  Starting",
            " Container shop-migrate-1  Started",
            " Container shop-db-1  Waiting",
            " Container shop-migrate-1  Waiting",
            " Container shop-db-1  Healthy",
            " Container shop-migrate-1  Exited",
            " Container shop-api-1  Starting",
            " Container shop-api-1  Started",
        ]
    );
    // db's third probe (15.08s) is its first healthy one; compose sees it
    // at its next 500ms poll; the job exits 3s after it started.
    assert_eq!(w.now.nanos_since(start), 18_500_000_000);
    assert_eq!(state(&w, "shop-api-1"), "running");
    assert_eq!(state(&w, "shop-migrate-1"), "exited");
}

#[test]
fn up_again_reruns_the_job_and_waits_for_running_dependencies() {
    let mut w = world();
    docker(&mut w, "docker compose up -d");
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Running\n Container shop-api-1  Running\n Container shop-db-1  Waiting\n Container shop-db-1  Healthy\n Container shop-migrate-1  Starting\n Container shop-migrate-1  Started\n Container shop-db-1  Waiting\n Container shop-migrate-1  Waiting\n Container shop-db-1  Healthy\n Container shop-migrate-1  Exited\n"
    );
}

#[test]
fn an_unhealthy_dependency_fails_up_and_leaves_dependants_created() {
    let mut w = world_with(STACK, r#"health unhealthy output="no response\n""#, 0);
    let start = w.now;
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr().ends_with(
            " Container shop-db-1  Starting\n Container shop-db-1  Started\n Container shop-db-1  Waiting\n Container shop-db-1  Error\ndependency failed to start: container shop-db-1 is unhealthy\n"
        ),
        "{}",
        out.stderr()
    );
    // Five failing probes, 5s apart (each takes 40ms): unhealthy at 25.16s.
    assert_eq!(w.now.nanos_since(start), 25_500_000_000);
    assert_eq!(state(&w, "shop-migrate-1"), "created");
    assert_eq!(state(&w, "shop-api-1"), "created");
}

#[test]
fn a_dependency_without_healthcheck_cannot_be_healthy() {
    let compose = STACK.replace(
        "                healthcheck:\n                  test: [\"CMD-SHELL\", \"pg_isready -U shop\"]\n",
        "                healthcheck:\n                  disable: true\n",
    );
    let mut w = world_with(&compose, "", 0);
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr().ends_with(
            " Container shop-db-1  Waiting\n Container shop-db-1  Error\ndependency failed to start: container shop-db-1 has no healthcheck configured\n"
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_failed_job_stops_its_dependants() {
    let mut w = world_with(STACK, r#"health healthy"#, 3);
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr().ends_with(
            " Container shop-db-1  Waiting\n Container shop-migrate-1  Waiting\n Container shop-db-1  Healthy\n Container shop-migrate-1  service \"migrate\" didn't complete successfully: exit 3\nservice \"migrate\" didn't complete successfully: exit 3\n"
        ),
        "{}",
        out.stderr()
    );
    assert_eq!(state(&w, "shop-api-1"), "created");
}

#[test]
fn an_optional_dependency_that_fails_is_skipped_with_a_warning() {
    let compose = STACK.replace(
        "                  migrate:\n                    condition: service_completed_successfully\n",
        "                  migrate:\n                    condition: service_completed_successfully\n                    required: false\n",
    );
    let mut w = world_with(&compose, r#"health healthy"#, 3);
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 0, "{}", out.stderr());
    let lines = container_lines(out.stderr());
    assert!(
        lines.contains(
            &" Container shop-migrate-1  Skipped: optional dependency \"migrate\" didn't complete successfully: exit 3"
        ),
        "{}",
        out.stderr()
    );
    assert!(
        out.stderr().contains(
            "level=warning msg=\"optional dependency \\\"migrate\\\" didn't complete successfully: exit 3\"\n"
        ),
        "{}",
        out.stderr()
    );
    assert_eq!(state(&w, "shop-api-1"), "running");
}

#[test]
fn a_job_that_never_ends_leaves_up_waiting_until_interrupted() {
    // Without SHOP_MODE the "job" is the server: it never exits.
    let compose = STACK.replace(
        "                  SHOP_MODE: migrate\n",
        "                  SHOP_MODE: serve\n",
    );
    let mut w = world_with(&compose, r#"health healthy"#, 0);
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 130);
    assert!(
        out.stderr()
            .ends_with(" Container shop-migrate-1  Waiting\n Container shop-db-1  Healthy\n"),
        "{}",
        out.stderr()
    );
    assert_eq!(state(&w, "shop-api-1"), "created");
}

#[test]
fn restart_waits_again_for_dependencies_declared_with_restart_true() {
    let mut w = world();
    docker(&mut w, "docker compose up -d");
    let out = docker(&mut w, "docker compose restart db");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Restarting\n Container shop-db-1  Started\n Container shop-db-1  Waiting\n Container shop-db-1  Healthy\n Container shop-api-1  Restarting\n Container shop-api-1  Started\n"
    );
}

#[test]
fn recreating_a_dependency_stops_and_restarts_its_restart_true_dependants() {
    let mut w = world();
    docker(&mut w, "docker compose up -d");
    let out = docker(&mut w, "docker compose up -d --force-recreate db");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Recreate\n Container shop-db-1  Recreated\n Container shop-db-1  Starting\n Container shop-db-1  Started\n"
    );
    // The whole project: api declares restart: true on db.
    let out = docker(&mut w, "docker compose up -d --force-recreate");
    assert_eq!(out.status, 0, "{}", out.stderr());
    let lines = container_lines(out.stderr());
    assert_eq!(
        lines[..4],
        [
            " Container shop-api-1  Stopping",
            " Container shop-api-1  Stopped",
            " Container shop-db-1  Recreate",
            " Container shop-db-1  Recreated",
        ]
    );
    assert_eq!(state(&w, "shop-api-1"), "running");
}

#[test]
fn up_wait_waits_for_every_service() {
    let mut w = world();
    let out = docker(&mut w, "docker compose up -d --wait");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert!(
        out.stderr().ends_with(
            " Container shop-api-1  Started\n Container shop-api-1  Waiting\n Container shop-db-1  Waiting\n Container shop-migrate-1  Waiting\n Container shop-api-1  Healthy\n Container shop-db-1  Healthy\n Container shop-migrate-1  Exited\n"
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_dependency_cycle_is_refused_before_anything_is_created() {
    let cyclic = STACK.replace(
        "              db:\n                image: postgres:16\n",
        "              db:\n                image: postgres:16\n                depends_on: [api]\n",
    );
    assert_ne!(cyclic, STACK);
    let mut w = world_with(&cyclic, "", 0);
    for command in ["docker compose up -d", "docker compose config --services"] {
        let out = docker(&mut w, command);
        assert_eq!(
            (out.stdout(), out.stderr(), out.status),
            ("", "dependency cycle detected: api -> db -> api\n", 1),
            "{command}"
        );
    }
    assert_eq!(docker(&mut w, "docker ps -aq").stdout(), "");
}

#[test]
fn up_no_deps_brings_up_only_the_named_service_and_waits_for_nothing() {
    let mut w = world();
    let start = w.now;
    let out = docker(&mut w, "docker compose up -d --no-deps api");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        container_lines(out.stderr()),
        [
            " Container shop-api-1  Creating",
            " Container shop-api-1  Created",
            " Container shop-api-1  Starting",
            " Container shop-api-1  Started",
        ]
    );
    assert_eq!(w.now, start);
    assert_eq!(state(&w, "shop-api-1"), "running");
    assert!(w.container("shop-db-1").is_err());
    // Without --no-deps the same command brings up what api depends on.
    let mut w = world();
    let out = docker(&mut w, "docker compose up -d api");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(state(&w, "shop-db-1"), "running");
    assert_eq!(state(&w, "shop-migrate-1"), "exited");
}

#[test]
fn up_wait_no_deps_waits_only_for_the_named_service() {
    let mut w = world();
    let out = docker(&mut w, "docker compose up -d --wait --no-deps migrate");
    // Nothing in this command awaits the job's completion, so --wait wants
    // it running: it is, at the first poll, 3s before it exits.
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(
        container_lines(out.stderr()),
        [
            " Container shop-migrate-1  Creating",
            " Container shop-migrate-1  Created",
            " Container shop-migrate-1  Starting",
            " Container shop-migrate-1  Started",
            " Container shop-migrate-1  Waiting",
            " Container shop-migrate-1  Healthy",
        ]
    );
    assert!(w.container("shop-db-1").is_err());
    assert!(w.container("shop-api-1").is_err());
}
