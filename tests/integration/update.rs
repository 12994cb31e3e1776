//! `docker update` through the public surface: what it prints, how it
//! fails, and what the new limits and restart policy do to a container's
//! life over virtual time (OOM kills, the restart manager).

use dockdrill::session::Session;

use crate::drill::{Drill, out};

/// An indexer that needs 1400 MiB six seconds into each start, and a job
/// that exits 3 two seconds into each start.
const IMAGES: &str = r#"image "indexer:4" created="-1d" size=100 {
        cmd "./indexer"
        oom after="6s" peak="1400m"
    }
    image "job:1" created="-1d" size=100 {
        cmd "./job"
        exits after="2s" code=3
    }
    image "web:1" created="-1d" size=100 {
        cmd "./web"
    }"#;

fn session(containers: &str) -> Session {
    Drill::new("update")
        .world(IMAGES)
        .world(containers)
        .session()
}

/// (stdout, stderr, status) of one line.
fn sh(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.run_line(line);
    (o.stdout().to_owned(), o.stderr().to_owned(), o.status)
}

const INDEXER_1G: &str = r#"container "indexer" image="indexer:4" created="-1m" started="now" {
        restart "unless-stopped"
        memory "1g"
    }"#;

#[test]
fn raising_the_limit_of_a_running_container_spares_it_the_oom_kill() {
    let mut s = session(INDEXER_1G);
    assert_eq!(
        sh(&mut s, "docker update --memory 2g indexer"),
        ("indexer\n".into(), String::new(), 0)
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 30; docker inspect indexer --format '{{.State.Status}} {{.State.OOMKilled}} {{.RestartCount}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}'"
        ),
        "running false 0 2147483648 2147483648\n"
    );
}

#[test]
fn a_crash_looping_container_runs_with_the_new_limit_from_its_next_start() {
    let mut s = session(INDEXER_1G);
    assert_eq!(
        out(
            &mut s,
            "sleep 6.05; docker inspect indexer --format '{{.State.Status}} {{.State.OOMKilled}}'"
        ),
        "restarting true\n"
    );
    assert_eq!(out(&mut s, "docker update -m 1536m indexer"), "indexer\n");
    assert_eq!(
        out(
            &mut s,
            "sleep 60; docker inspect indexer --format '{{.State.Status}} {{.RestartCount}} {{.HostConfig.Memory}}'"
        ),
        "running 1 1610612736\n"
    );
}

#[test]
fn a_limit_above_the_swap_limit_is_refused_until_the_swap_moves_too() {
    let mut s = session(INDEXER_1G);
    let id = out(&mut s, "docker inspect indexer --format '{{.Id}}'");
    let id = id.trim();
    assert_eq!(
        sh(&mut s, "docker update -m 3g indexer"),
        (
            String::new(),
            format!(
                "Error response from daemon: Cannot update container {id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time\n"
            ),
            1
        )
    );
    assert_eq!(
        out(&mut s, "docker update -m 3g --memory-swap 6g indexer"),
        "indexer\n"
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect indexer --format '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}'"
        ),
        "3221225472 6442450944\n"
    );
}

#[test]
fn restart_no_ends_a_crash_loop_at_the_next_exit() {
    let mut s = session(
        r#"container "job" image="job:1" created="-1m" started="now" {
            restart "always"
        }"#,
    );
    assert_eq!(out(&mut s, "docker update --restart no job"), "job\n");
    assert_eq!(
        out(
            &mut s,
            "sleep 10; docker inspect job --format '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}'"
        ),
        "exited 3 0 no\n"
    );
}

#[test]
fn restart_always_makes_the_restart_manager_bring_it_back() {
    let mut s = session(r#"container "job" image="job:1" created="-1m" started="now""#);
    assert_eq!(out(&mut s, "docker update --restart=always job"), "job\n");
    assert_eq!(
        out(
            &mut s,
            "sleep 2.2; docker inspect job --format '{{.State.Status}} {{.RestartCount}}'"
        ),
        "running 1\n"
    );
}

#[test]
fn on_failure_takes_its_retry_count_into_the_host_config() {
    let mut s = session(r#"container "job" image="job:1" created="-1m" started="now""#);
    assert_eq!(
        out(&mut s, "docker update --restart on-failure:2 job"),
        "job\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 30; docker inspect job --format '{{.State.Status}} {{.RestartCount}} {{json .HostConfig.RestartPolicy}}'"
        ),
        "exited 2 {\"Name\":\"on-failure\",\"MaximumRetryCount\":2}\n"
    );
}

#[test]
fn each_unknown_container_is_reported_after_the_updated_ones() {
    let mut s = session(r#"container "web" image="web:1" created="-1m" started="now""#);
    assert_eq!(
        sh(&mut s, "docker update --cpus 1.5 nope web gone"),
        (
            "web\n".into(),
            "Error response from daemon: No such container: nope\nError response from daemon: No such container: gone\n".into(),
            1
        )
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect web --format '{{.HostConfig.NanoCpus}}'"
        ),
        "1500000000\n"
    );
}

#[test]
fn request_errors_repeat_for_each_container() {
    let mut s = session(r#"container "web" image="web:1" created="-1m" started="now""#);
    assert_eq!(
        sh(&mut s, "docker update -m 4m web nope"),
        (
            String::new(),
            "Error response from daemon: Minimum memory limit allowed is 6MB\nError response from daemon: Minimum memory limit allowed is 6MB\n".into(),
            1
        )
    );
    assert_eq!(
        sh(&mut s, "docker update --restart sometimes web"),
        (
            String::new(),
            "Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'\n".into(),
            1
        )
    );
}

#[test]
fn client_side_errors_stop_before_any_container() {
    let mut s = session(r#"container "web" image="web:1" created="-1m" started="now""#);
    assert_eq!(
        sh(&mut s, "docker update web"),
        (
            String::new(),
            "you must provide one or more flags when using this command\n".into(),
            1
        )
    );
    assert_eq!(
        sh(&mut s, "docker update --restart :3 web"),
        (
            String::new(),
            "invalid restart policy format: no policy provided before colon\n".into(),
            1
        )
    );
    assert_eq!(
        sh(&mut s, "docker update --restart on-failure:x web"),
        (
            String::new(),
            "invalid restart policy format: maximum retry count must be an integer\n".into(),
            1
        )
    );
    assert_eq!(
        sh(&mut s, "docker update -m 100x web"),
        (
            String::new(),
            "invalid argument \"100x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n\nUsage:  docker update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker update --help' for more information\n".into(),
            125
        )
    );
    assert_eq!(
        sh(&mut s, "docker container update --blkio-weight 70000 web"),
        (
            String::new(),
            "invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": value out of range\n\nUsage:  docker container update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker container update --help' for more information\n".into(),
            125
        )
    );
    assert_eq!(
        sh(&mut s, "docker update --cpus abc web"),
        (
            String::new(),
            "invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number\n\nUsage:  docker update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker update --help' for more information\n".into(),
            125
        )
    );
    assert_eq!(
        sh(&mut s, "docker update -m 2g ' '"),
        (
            String::new(),
            "invalid container name or ID: value is empty\n".into(),
            1
        )
    );
    assert_eq!(
        out(
            &mut s,
            "docker events --since 1h --until 0s --filter event=update"
        ),
        "",
        "nothing was updated"
    );
}

#[test]
fn an_auto_remove_container_keeps_its_no_restart_policy() {
    let mut s = session("");
    let id = out(&mut s, "docker run -d --rm --name once web:1");
    let id = id.trim();
    assert_eq!(
        sh(&mut s, "docker update --restart always once"),
        (
            String::new(),
            format!(
                "Error response from daemon: Cannot update container {id}: Restart policy cannot be updated because AutoRemove is enabled for the container\n"
            ),
            1
        )
    );
    assert_eq!(out(&mut s, "docker update --restart no once"), "once\n");
}

#[test]
fn an_update_is_logged_as_a_container_update_event() {
    let mut s = session(r#"container "web" image="web:1" created="-1m" started="now""#);
    let id = out(&mut s, "docker inspect web --format '{{.Id}}'");
    let id = id.trim();
    out(
        &mut s,
        "docker update --pids-limit 200 --cpu-shares 512 web",
    );
    assert_eq!(
        out(
            &mut s,
            "docker events --since 1h --until 0s --filter event=update --format '{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}'"
        ),
        format!("container update {id} web\n")
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect web --format '{{.HostConfig.PidsLimit}} {{.HostConfig.CpuShares}}'"
        ),
        "200 512\n"
    );
}

#[test]
fn a_restart_already_scheduled_still_happens_after_restart_no() {
    let mut s = session(INDEXER_1G);
    assert_eq!(
        out(
            &mut s,
            "sleep 6.05; docker update --restart no indexer; docker inspect indexer --format '{{.State.Status}}'"
        ),
        "indexer\nrestarting\n"
    );
    // The restart manager's timer runs out (100ms), the indexer starts once
    // more and is killed 6s later; the new policy leaves it down.
    assert_eq!(
        out(
            &mut s,
            "sleep 1; docker inspect indexer --format '{{.State.Status}} {{.RestartCount}}'; sleep 10; docker inspect indexer --format '{{.State.Status}} {{.State.OOMKilled}} {{.RestartCount}}'"
        ),
        "running 1\nexited true 1\n"
    );
}

#[test]
fn lowering_the_limit_below_what_the_process_uses_gets_it_killed() {
    let mut s = session(
        r#"container "indexer" image="indexer:4" created="-1m" started="-1m" {
            memory "2g"
        }"#,
    );
    assert_eq!(
        out(
            &mut s,
            "docker update -m 1g indexer; sleep 1; docker inspect indexer --format '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}'"
        ),
        "indexer\nexited 137 true\n"
    );
}

#[test]
fn help_is_the_clis() {
    let mut s = session("");
    let help = out(&mut s, "docker container update --help");
    assert!(
        help.starts_with(
            "Usage:  docker container update [OPTIONS] CONTAINER [CONTAINER...]\n\nUpdate configuration of one or more containers\n\nAliases:\n  docker container update, docker update\n"
        ),
        "{help}"
    );
    assert!(help.ends_with(
        "      --restart string             Restart policy to apply when a\n                                   container exits\n"
    ));
}

#[test]
fn the_first_bad_flag_in_argument_order_is_the_one_reported() {
    let mut s = session(r#"container "web" image="web:1" created="-1m" started="now""#);
    let usage = "\n\nUsage:  docker update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker update --help' for more information\n";
    assert_eq!(
        sh(&mut s, "docker update -m x --bogus web"),
        (
            String::new(),
            format!("invalid argument \"x\" for \"-m, --memory\" flag: invalid size: 'x'{usage}"),
            125
        )
    );
    assert_eq!(
        sh(&mut s, "docker update --bogus -m x web"),
        (String::new(), format!("unknown flag: --bogus{usage}"), 125)
    );
}
