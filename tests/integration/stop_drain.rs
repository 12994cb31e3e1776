//! A process that shuts down cleanly on its stop signal (`on-sigterm`):
//! `docker stop` waits for it up to its timeout and returns when it exits;
//! `--stop-timeout`/`--stop-signal` at create; and omitted string fields of
//! the container config printing as Go's zero values.

use dockdrill::session::Session;

use crate::drill::{Drill, out};

const WORLD: &str = r#"image "ledger:1" created="-1d" size=100 {
        cmd "/ledger"
        on-sigterm after="25s" code=0 {
            log "flushed" stream="stderr"
        }
    }
    container "ledger" image="ledger:1" created="-1h" started="-1h" {
        restart "unless-stopped"
    }"#;

fn session() -> Session {
    Drill::new("drain").world(WORLD).session()
}

#[test]
fn stop_with_the_default_timeout_kills_a_slow_clean_shutdown() {
    let mut s = session();
    let before = s.world.now;
    out(&mut s, "docker stop ledger");
    assert_eq!(s.world.now.nanos_since(before), 10_000_000_000);
    assert_eq!(
        out(
            &mut s,
            "docker ps -a --format '{{.Status}}'; docker logs ledger"
        ),
        "Exited (137) Less than a second ago\n"
    );
}

#[test]
fn stop_with_enough_time_returns_when_the_process_exits_cleanly() {
    let mut s = session();
    let before = s.world.now;
    out(&mut s, "docker stop -t 60 ledger");
    assert_eq!(s.world.now.nanos_since(before), 25_000_000_000);
    assert_eq!(
        out(
            &mut s,
            "docker ps -a --format '{{.Status}}'; docker logs ledger"
        ),
        "Exited (0) Less than a second ago\nflushed\n"
    );
}

#[test]
fn sigterm_then_wait_sees_the_clean_exit_and_the_policy_stays_quiet() {
    let mut s = session();
    assert_eq!(out(&mut s, "docker kill -s SIGTERM ledger"), "ledger\n");
    assert_eq!(
        out(&mut s, "docker inspect ledger --format '{{.State.Status}}'"),
        "running\n"
    );
    assert_eq!(out(&mut s, "docker wait ledger"), "0\n");
    assert_eq!(
        out(
            &mut s,
            "sleep 120; docker inspect ledger --format '{{.State.Status}} {{.RestartCount}}'"
        ),
        "exited 0\n"
    );
}

#[test]
fn stop_timeout_and_stop_signal_are_kept_in_the_config() {
    let mut s = session();
    out(
        &mut s,
        "docker create --name l2 --stop-timeout 60 --stop-signal SIGQUIT ledger:1",
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect l2 --format '{{.Config.StopTimeout}} {{.Config.StopSignal}}'"
        ),
        "60 SIGQUIT\n"
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect ledger --format '{{.Config.StopTimeout}} [{{.Config.StopSignal}}] [{{.Config.MacAddress}}]'"
        ),
        "<nil> [] []\n"
    );
    let o = s.run_line("docker create --stop-signal SIGBOGUS ledger:1");
    assert_eq!(
        (o.terminal().as_str(), o.status),
        ("Error response from daemon: Invalid signal: SIGBOGUS\n", 1)
    );
}

#[test]
fn a_container_stop_timeout_is_what_docker_stop_waits_by_default() {
    let mut s = session();
    out(&mut s, "docker run -d --name l3 --stop-timeout 30 ledger:1");
    out(&mut s, "docker stop l3");
    assert_eq!(
        out(&mut s, "docker inspect l3 --format '{{.State.ExitCode}}'"),
        "0\n"
    );
}
