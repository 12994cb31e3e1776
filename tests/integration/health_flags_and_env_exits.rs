//! `run --health-*`/`--no-healthcheck` (merged over the image's HEALTHCHECK
//! as dockerd's `merge` does), a process that exits only without some
//! configuration (`exits { when-env }`), and the in-container `sh` builtins
//! a healthcheck uses (`|| exit 1`), through the public surface.

use dockdrill::session::Session;

use crate::drill::{Drill, out};

fn session(world: &str) -> Session {
    Drill::new("health-flags")
        .tools("docker curl")
        .world(world)
        .session()
}

/// An app on 8080 whose image's healthcheck probes port 80.
const APP: &str = r#"image "inv:5" created="-1d" size=100 {
        cmd "/app/inv"
        expose "8080/tcp"
        binaries "sh" "curl"
        healthcheck test="curl -fsS http://localhost/healthz || exit 1" interval="30s" retries=3
        http GET "/healthz" body="ok\n"
    }"#;

#[test]
fn image_probe_on_the_wrong_port_fails_with_curls_message_and_exit_1() {
    let mut s = session(APP);
    out(&mut s, "docker run -d --name inv inv:5");
    assert_eq!(
        out(
            &mut s,
            "sleep 95; docker inspect inv --format '{{.State.Health.Status}} {{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}'"
        ),
        "unhealthy 1 curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n\n"
    );
}

#[test]
fn health_cmd_replaces_the_image_test_and_keeps_its_other_settings() {
    let mut s = session(APP);
    out(
        &mut s,
        "docker run -d --name inv --health-cmd 'curl -fsS http://localhost:8080/healthz || exit 1' inv:5",
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect inv --format '{{json .Config.Healthcheck}}'"
        ),
        "{\"Test\":[\"CMD-SHELL\",\"curl -fsS http://localhost:8080/healthz || exit 1\"],\"Interval\":30000000000,\"Retries\":3}\n"
    );
    assert_eq!(
        out(&mut s, "sleep 31; docker ps --format '{{.Status}}'"),
        "Up 31 seconds (healthy)\n"
    );
}

#[test]
fn health_interval_alone_keeps_the_image_test() {
    let mut s = session(APP);
    out(
        &mut s,
        "docker create --name inv --health-interval 5s --health-retries 1 inv:5",
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect inv --format '{{json .Config.Healthcheck}}'"
        ),
        "{\"Test\":[\"CMD-SHELL\",\"curl -fsS http://localhost/healthz || exit 1\"],\"Interval\":5000000000,\"Retries\":1}\n"
    );
}

#[test]
fn no_healthcheck_sets_test_none_and_the_container_has_no_health() {
    let mut s = session(APP);
    out(&mut s, "docker run -d --name inv --no-healthcheck inv:5");
    assert_eq!(
        out(
            &mut s,
            "sleep 60; docker inspect inv --format '{{json .Config.Healthcheck}} {{json .State.Health}}'"
        ),
        "{\"Test\":[\"NONE\"],\"Interval\":30000000000,\"Retries\":3} null\n"
    );
    assert_eq!(
        out(&mut s, "docker ps --format '{{.Status}}'"),
        "Up About a minute\n"
    );
}

#[test]
fn health_flags_are_validated_as_the_cli_and_daemon_do() {
    let mut s = session(APP);
    let o = s.run_line("docker run --health-interval 5 inv:5");
    assert_eq!(o.status, 125);
    assert!(o.terminal().starts_with(
        "invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"\n"
    ));
    let o = s.run_line("docker run --health-timeout=-1s inv:5");
    assert_eq!(
        (o.terminal().as_str(), o.status),
        (
            "docker: --health-timeout cannot be negative\n\nRun 'docker run --help' for more information\n",
            125
        )
    );
    let o = s.run_line("docker create --health-start-period 10us inv:5");
    assert_eq!(
        (o.terminal().as_str(), o.status),
        (
            "Error response from daemon: StartPeriod in Healthcheck cannot be less than 1ms\n",
            1
        )
    );
    let o = s.run_line("docker run --no-healthcheck --health-retries 2 inv:5");
    assert_eq!(
        o.terminal(),
        "docker: --no-healthcheck conflicts with --health-* options\n\nRun 'docker run --help' for more information\n"
    );
}

#[test]
fn an_exit_with_when_env_happens_only_without_that_configuration() {
    let mut s = session(
        r#"image "api:1" created="-1d" size=100 {
            cmd "/app/api"
            expose "8080/tcp"
            http GET "/healthz" body="ok\n"
            exits after="1s" code=1 {
                log "FATAL DATABASE_URL is not set" stream="stderr"
                when-env DATABASE_URL=""
            }
        }"#,
    );
    out(&mut s, "docker run -d --name bad --restart always api:1");
    out(
        &mut s,
        "docker run -d --name good --restart always -e DATABASE_URL=postgres://db/app api:1",
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 30; docker ps -a --format '{{.Names}} {{.State}}' | sort; docker inspect bad good --format '{{.RestartCount}}'"
        ),
        "bad restarting\ngood running\n8\n0\n"
    );
    assert_eq!(
        out(&mut s, "docker logs --tail 1 bad"),
        "FATAL DATABASE_URL is not set\n"
    );
}
