//! Container lifecycle over virtual time, through the public surface: a
//! scenario declares processes (exits, OOM, SIGTERM handling, healthchecks,
//! files), a session runs docker command lines and moves the clock.

use dockdrill::session::Session;

use crate::drill::Drill;

fn session(world: &str) -> Session {
    Drill::new("lifecycle")
        .tools("docker curl")
        .world(world)
        .session()
}

/// Runs a line; returns (terminal output, status).
fn sh(s: &mut Session, line: &str) -> (String, i32) {
    let o = s.run_line(line);
    (o.terminal(), o.status)
}

fn out(s: &mut Session, line: &str) -> String {
    sh(s, line).0
}

const SERVER: &str = r#"image "app:1" created="-1d" size=100 {
        cmd "./server"
        expose "8080/tcp"
        http GET "/healthz" status=200 body="ok\n"
    }"#;

#[test]
fn crash_loop_backs_off_doubling_from_100ms_and_counts_restarts() {
    let mut s = session(
        r#"image "job:1" created="-1d" size=100 {
            cmd "./job"
            exits after="2s" code=3
        }
        container "job" image="job:1" created="-1m" started="now" {
            restart "always"
        }"#,
    );
    // 2s: exits, restarts 100ms later; 4.1s: exits, restarts 200ms later.
    assert_eq!(
        out(
            &mut s,
            "sleep 2.05; docker inspect job --format '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}'"
        ),
        "restarting 1 3\n"
    );
    assert_eq!(
        out(&mut s, "docker ps --format '{{.Status}}'"),
        "Restarting (3) Less than a second ago\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 0.1; docker inspect job --format '{{.State.Status}} {{.RestartCount}}'"
        ),
        "running 1\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 2.1; docker inspect job --format '{{.State.Status}} {{.RestartCount}}'"
        ),
        "restarting 2\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 0.2; docker inspect job --format '{{.State.Status}} {{.RestartCount}}'"
        ),
        "running 2\n"
    );
    // A manual restart resets the count.
    assert_eq!(out(&mut s, "docker restart job"), "job\n");
    assert_eq!(
        out(&mut s, "docker inspect job --format '{{.RestartCount}}'"),
        "0\n"
    );
}

#[test]
fn on_failure_gives_up_after_its_retries() {
    let mut s = session(
        r#"image "job:1" created="-1d" size=100 {
            cmd "./job"
            exits after="1s" code=1
        }
        container "job" image="job:1" created="-1m" started="now" {
            restart "on-failure:2"
        }"#,
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 1m; docker ps -a --format '{{.Status}}'; docker inspect job --format '{{.RestartCount}}'"
        ),
        "Exited (1) 56 seconds ago\n2\n"
    );
}

#[test]
fn a_declared_past_start_plays_out_up_to_the_clock() {
    let mut s = session(
        r#"image "job:1" created="-1d" size=100 {
            cmd "./job"
            exits after="30s" code=0
        }
        container "job" image="job:1" created="-10m" {
            restart "on-failure"
        }"#,
    );
    assert_eq!(
        out(&mut s, "docker ps -a --format '{{.Status}}'"),
        "Exited (0) 9 minutes ago\n"
    );
}

#[test]
fn stop_sends_sigterm_and_kills_after_the_timeout_when_ignored() {
    let mut s = session(&format!(
        r#"{SERVER}
        image "stubborn:1" created="-1d" size=100 {{
            cmd "./stubborn"
            ignores-sigterm
        }}
        container "web" image="app:1" created="-1h"
        container "stubborn" image="stubborn:1" created="-1h""#
    ));
    assert_eq!(out(&mut s, "docker stop web"), "web\n");
    assert_eq!(
        out(&mut s, "docker inspect web --format '{{.State.ExitCode}}'"),
        "143\n"
    );
    assert_eq!(out(&mut s, "docker stop -t 5 stubborn"), "stubborn\n");
    assert_eq!(
        out(
            &mut s,
            "docker ps -a --filter name=stubborn --format '{{.Status}}'"
        ),
        "Exited (137) Less than a second ago\n"
    );
    let events = out(
        &mut s,
        "docker events --since 10s --filter container=stubborn --format '{{.Action}}'",
    );
    assert_eq!(events, "kill\nkill\ndie\nstop\n");
}

#[test]
fn kill_with_a_signal_exits_128_plus_it() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\""
    ));
    assert_eq!(out(&mut s, "docker kill -s HUP web"), "web\n");
    assert_eq!(
        out(&mut s, "docker inspect web --format '{{.State.ExitCode}}'"),
        "129\n"
    );
    assert_eq!(
        sh(&mut s, "docker kill web"),
        (
            format!(
                "Error response from daemon: Cannot kill container: web: container {} is not running\n",
                out(&mut s, "docker inspect web --format '{{.Id}}'").trim()
            ),
            1
        )
    );
}

#[test]
fn oom_kill_needs_a_memory_limit_below_the_peak() {
    let mut s = session(
        r#"image "hog:1" created="-1d" size=100 {
            cmd "./hog"
            oom after="45s" peak="600m"
        }
        container "small" image="hog:1" created="-1m" started="now" {
            memory "512m"
        }
        container "roomy" image="hog:1" created="-1m" started="now""#,
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 46; docker inspect small roomy --format '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}} {{.HostConfig.Memory}}'"
        ),
        "/small exited 137 true 536870912\n/roomy running 0 false 0\n"
    );
}

#[test]
fn health_starts_then_turns_unhealthy_when_the_probe_hits_the_wrong_port() {
    let mut s = session(
        r#"image "app:1" created="-1d" size=100 {
            cmd "./server"
            expose "8080/tcp"
            http GET "/healthz" status=200 body="ok\n"
            binaries "sh" "curl"
            healthcheck test="curl -fs http://localhost:8081/healthz" interval="10s" retries=3
        }
        image "good:1" created="-1d" size=100 {
            cmd "./server"
            expose "8080/tcp"
            http GET "/healthz" status=200 body="ok\n"
            binaries "sh" "curl"
            healthcheck test="curl -fs http://localhost:8080/healthz" interval="10s"
        }
        container "web" image="app:1" created="-1m" started="now"
        container "ok" image="good:1" created="-2m" started="now""#,
    );
    assert_eq!(
        out(&mut s, "docker ps --format '{{.Names}} {{.Status}}'"),
        "web Up Less than a second (health: starting)\nok Up Less than a second (health: starting)\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 31; docker ps --format '{{.Names}} {{.Status}}'"
        ),
        "web Up 31 seconds (unhealthy)\nok Up 31 seconds (healthy)\n"
    );
    assert_eq!(
        out(
            &mut s,
            "docker inspect web --format '{{.State.Health.Status}} {{.State.Health.FailingStreak}} {{len .State.Health.Log}} {{(index .State.Health.Log 0).ExitCode}}'"
        ),
        "unhealthy 3 3 7\n"
    );
    assert_eq!(
        out(
            &mut s,
            "docker events --since 1m --filter event=health_status --format '{{.Actor.Attributes.name}} {{.Action}}'"
        ),
        "ok health_status: healthy\nweb health_status: unhealthy\n"
    );
}

#[test]
fn declared_health_outcomes_follow_the_time_since_start() {
    let mut s = session(
        r#"image "app:1" created="-1d" size=100 {
            cmd "./server"
            healthcheck test="check" interval="30s"
            health healthy
            health unhealthy after="2m" output="db down"
        }
        container "web" image="app:1" created="-1m" started="now""#,
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 31; docker inspect web --format '{{.State.Health.Status}}'"
        ),
        "healthy\n"
    );
    assert_eq!(
        out(
            &mut s,
            "sleep 3m; docker inspect web --format '{{.State.Health.Status}} {{(index .State.Health.Log 4).Output}}'"
        ),
        "unhealthy db down\n"
    );
}

#[test]
fn auto_remove_takes_the_container_away_when_it_exits() {
    let mut s = session(
        r#"image "job:1" created="-1d" size=100 {
            cmd "./job"
            log "starting"
            exits after="5s" code=0 {
                log "done"
            }
        }"#,
    );
    assert_eq!(
        sh(&mut s, "docker run --rm --name once job:1"),
        ("starting\ndone\n".to_owned(), 0)
    );
    assert_eq!(out(&mut s, "docker ps -a --format '{{.Names}}'"), "");
    let id = out(&mut s, "docker run -d --name bg job:1");
    assert_eq!(id.len(), 65);
    assert_eq!(out(&mut s, "docker logs bg"), "starting\n");
    assert_eq!(sh(&mut s, "docker wait bg"), ("0\n".to_owned(), 0));
    assert_eq!(out(&mut s, "docker logs bg"), "starting\ndone\n");
}

#[test]
fn pause_unpause_and_their_errors() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\""
    ));
    let id = out(&mut s, "docker inspect web --format '{{.Id}}'")
        .trim()
        .to_owned();
    assert_eq!(out(&mut s, "docker pause web"), "web\n");
    assert_eq!(
        out(&mut s, "docker ps --format '{{.Status}}'"),
        "Up About an hour (Paused)\n"
    );
    assert_eq!(
        sh(&mut s, "docker pause web"),
        (
            format!("Error response from daemon: Container {id} is already paused\n"),
            1
        )
    );
    assert_eq!(
        sh(&mut s, "docker exec web ls"),
        ("Error response from daemon: Container web is paused, unpause the container before exec\n".to_owned(), 1)
    );
    assert_eq!(out(&mut s, "docker unpause web"), "web\n");
    assert_eq!(
        sh(&mut s, "docker unpause web"),
        (
            format!("Error response from daemon: Container {id} is not paused\n"),
            1
        )
    );
}

#[test]
fn rename_and_its_conflict() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\"\ncontainer \"db\" image=\"app:1\" created=\"-1h\" state=\"exited\""
    ));
    let db = out(&mut s, "docker inspect db --format '{{.Id}}'")
        .trim()
        .to_owned();
    assert_eq!(
        sh(&mut s, "docker rename web db"),
        (
            format!(
                "Error response from daemon: Error when allocating new name: Conflict. The container name \"/db\" is already in use by container \"{db}\". You have to remove (or rename) that container to be able to reuse that name.\nError: failed to rename container named web\n"
            ),
            1
        )
    );
    assert_eq!(sh(&mut s, "docker rename web api"), (String::new(), 0));
    assert_eq!(
        out(
            &mut s,
            "docker events --since 5s --filter event=rename --format '{{.Actor.Attributes.oldName}} {{.Actor.Attributes.name}}'"
        ),
        "/web api\n"
    );
}

#[test]
fn exec_runs_the_images_programs_and_refuses_missing_ones() {
    let mut s = session(
        r#"image "app:1" created="-1d" size=100 {
            cmd "./server"
            env APP_ENV="prod"
            workdir "/app"
            file "/app/config.yaml" content="port: 8080\n"
            process "node worker.js" user="node"
        }
        container "web" image="app:1" created="-1h"
        container "old" image="app:1" created="-1h" state="exited""#,
    );
    assert_eq!(
        out(&mut s, "docker exec web cat config.yaml"),
        "port: 8080\n"
    );
    assert_eq!(out(&mut s, "docker exec web ls /app"), "config.yaml\n");
    assert_eq!(
        sh(&mut s, "docker exec web cat /etc/missing"),
        (
            "cat: can't open '/etc/missing': No such file or directory\n".to_owned(),
            1
        )
    );
    assert_eq!(out(&mut s, "docker exec web printenv APP_ENV"), "prod\n");
    assert_eq!(
        out(
            &mut s,
            "docker exec web sh -c 'echo $APP_ENV && false || echo fallback'"
        ),
        "prod\nfallback\n"
    );
    assert_eq!(
        sh(&mut s, "docker exec web bash"),
        ("OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable file not found in $PATH: unknown\r\n".to_owned(), 127)
    );
    assert_eq!(
        sh(&mut s, "docker exec web sh -c 'curl -s localhost:8080'"),
        ("sh: curl: not found\n".to_owned(), 127)
    );
    let old = out(&mut s, "docker inspect old --format '{{.Id}}'")
        .trim()
        .to_owned();
    assert_eq!(
        sh(&mut s, "docker exec old ls"),
        (
            format!("Error response from daemon: container {old} is not running\n"),
            1
        )
    );
    assert_eq!(
        out(&mut s, "docker exec web ps"),
        "PID   USER     TIME  COMMAND\n    1 root      0:00 ./server\n    7 node      0:00 node worker.js\n"
    );
}

#[test]
fn exec_reaches_other_containers_by_ip_on_the_default_bridge_but_not_by_name() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\"\ncontainer \"client\" image=\"app:1\" created=\"-1h\""
    ));
    let ip = out(
        &mut s,
        "docker inspect web --format '{{.NetworkSettings.IPAddress}}'",
    )
    .trim()
    .to_owned();
    assert_eq!(
        out(
            &mut s,
            &format!("docker exec client wget -qO- http://{ip}:8080/healthz")
        ),
        "ok\n"
    );
    assert_eq!(
        sh(
            &mut s,
            "docker exec client wget -qO- http://web:8080/healthz"
        ),
        ("wget: bad address 'web:8080'\n".to_owned(), 1)
    );
}

#[test]
fn top_lists_the_processes_with_ps_ef_columns() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\" started=\"-30m\""
    ));
    let top = out(&mut s, "docker top web");
    let mut lines = top.lines();
    assert_eq!(
        lines.next(),
        Some(
            "UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD"
        )
    );
    let row = lines.next().unwrap_or_default();
    assert!(row.starts_with("root                "), "{row}");
    assert!(
        row.ends_with("08:30               ?                   00:00:00            ./server"),
        "{row}"
    );
}

#[test]
fn stats_no_stream_prints_declared_figures() {
    let mut s = session(
        r#"image "app:1" created="-1d" size=100 {
            cmd "./server"
            stats cpu="0.15%" memory="45MiB" net-in="1.2kB" net-out="648B" block-in="0B" block-out="4.1MB" pids=3
        }
        container "web" image="app:1" created="-1h" {
            memory "512m"
        }"#,
    );
    let id = out(&mut s, "docker inspect web --format '{{.Id}}'");
    assert_eq!(
        out(&mut s, "docker stats --no-stream"),
        format!(
            "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O        BLOCK I/O    PIDS\n{}   web       0.15%     45MiB / 512MiB      8.79%     1.2kB / 648B   0B / 4.1MB   3\n",
            &id[..12]
        )
    );
    assert_eq!(
        out(
            &mut s,
            "docker stats --no-stream --format '{{.Name}}: {{.MemUsage}}' web"
        ),
        "web: 45MiB / 512MiB\n"
    );
}

#[test]
fn events_print_in_dockers_line_format_within_since_and_until() {
    let mut s = session(SERVER);
    let id = out(&mut s, "docker run -d --name web app:1")
        .trim()
        .to_owned();
    let net = out(&mut s, "docker network inspect bridge --format '{{.Id}}'")
        .trim()
        .to_owned();
    assert_eq!(
        out(
            &mut s,
            "docker events --since 2026-11-27T09:00:00Z --until 2026-11-27T09:00:01Z"
        ),
        format!(
            "2026-11-27T09:00:00.000000000Z container create {id} (image=app:1, name=web)\n\
             2026-11-27T09:00:00.000000000Z network connect {net} (container={id}, name=bridge, type=bridge)\n\
             2026-11-27T09:00:00.000000000Z container start {id} (image=app:1, name=web)\n"
        )
    );
    assert_eq!(
        out(&mut s, "docker events --until 2026-11-27T08:00:00Z"),
        ""
    );
}

#[test]
fn rm_force_of_a_running_container_kills_then_destroys() {
    let mut s = session(&format!(
        "{SERVER}\ncontainer \"web\" image=\"app:1\" created=\"-1h\""
    ));
    assert_eq!(out(&mut s, "docker rm -f web"), "web\n");
    assert_eq!(
        out(
            &mut s,
            "docker events --since 1s --filter type=container --format '{{.Action}}'"
        ),
        "kill\ndie\ndestroy\n"
    );
}

#[test]
fn health_log_entries_print_as_pointers_inside_a_struct() {
    let mut s = session(
        r#"image "app:1" created="-1d" size=100 {
            cmd "./server"
            healthcheck test="check" interval="10s"
            health healthy
        }
        container "web" image="app:1" created="-1m" started="now""#,
    );
    let text = out(
        &mut s,
        "sleep 11; docker inspect web --format '{{.State.Health}}'",
    );
    assert!(text.starts_with("{healthy 0 [0xc000"), "{text}");
    assert_eq!(
        out(
            &mut s,
            "docker inspect web --format '{{.Config.Healthcheck}}'"
        ),
        "{[CMD-SHELL check] 10s 0s 0s 0s 0}\n"
    );
}

#[test]
fn bad_process_declarations_are_reported_with_positions() {
    let text = Drill::new("lifecycle")
        .world(
            "    image \"app:1\" created=\"-1d\" size=100 {\n        exits after=\"soon\" code=1\n        oom after=\"1m\"\n        helthcheck test=\"x\"\n    }",
        )
        .text();
    let exits_line = text
        .lines()
        .position(|l| l.contains("exits after"))
        .map_or(0, |i| i + 1);
    let err = match dockdrill::scenario::parse("t.kdl", &text) {
        Ok(_) => panic!("accepted"),
        Err(d) => d.to_string(),
    };
    assert!(err.contains("\"soon\" is not a duration"), "{err}");
    assert!(err.contains("`oom` needs `after=`"), "{err}");
    assert!(err.contains("did you mean `healthcheck`"), "{err}");
    assert!(err.contains(&format!("t.kdl:{exits_line}:")), "{err}");
}
