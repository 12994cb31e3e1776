//! `run/create --link` and `--volumes-from` at the public surface: what the
//! simulated `docker` prints, and what a process inside the containers
//! sees, as docker 28.2.2 (moby v28.2.2) does it.

use crate::words;

use dockdrill::docker::{Output, run};
use dockdrill::engine::World;

const SCENARIO: &str = r#"
scenario "linkvol" {
    title "t"
    difficulty easy
    tools docker
    clock "2026-11-27T09:00:00Z"
    brief "b"
}
world {
    host {
        file "/srv/conf/app.ini" content="debug=0\n"
    }
    image "postgres:16" created="-10d" size=400000000 {
        env PATH="/usr/local/bin:/usr/bin:/bin" PG_MAJOR="16"
        volume "/var/lib/postgresql/data"
        expose "5432/tcp"
        cmd "postgres"
    }
    image "myapp:1.0" created="-5d" size=100000000 {
        cmd "./server"
        expose 8080
    }
    network "backend" created="-1d"
    volume "uploads" created="-3d" {
        file "a.png" content="PNG"
    }
    container "db" image="postgres:16" created="-2d" {
        env POSTGRES_USER="app"
        file "/var/lib/postgresql/data/PG_VERSION" content="16\n"
    }
    container "files" image="myapp:1.0" created="-2d" {
        volume "uploads:/srv/uploads"
        mount "type=bind,src=/srv/conf,dst=/etc/app,readonly"
    }
    container "other" image="myapp:1.0" created="-2d"
    container "api" image="myapp:1.0" created="-2d" network="backend"
}
check "x" {
    about "a"
    container "db" { state "running"; }
}
"#;

fn world() -> World {
    let scenario = match dockdrill::scenario::parse("linkvol.kdl", SCENARIO) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    };
    dockdrill::world_build::build(&scenario).expect("world builds")
}

fn docker(w: &mut World, line: &str) -> Output {
    run(w, &words::shell_words(line)[1..])
}

fn idx(w: &World, name: &str) -> usize {
    w.container_index(name).expect("container exists")
}

fn id(w: &World, name: &str) -> String {
    w.containers[idx(w, name)].id().to_owned()
}

const RUN_HELP: &str = "\n\nRun 'docker run --help' for more information\n";

#[test]
fn link_to_a_missing_container_is_refused_at_create() {
    let mut w = world();
    let out = docker(&mut w, "docker run -d --name web --link nope myapp:1.0");
    assert_eq!(out.status, 125);
    assert_eq!(
        out.stderr(),
        format!(
            "docker: Error response from daemon: could not get container for nope: No such container: nope{RUN_HELP}"
        )
    );
    assert!(w.container("web").is_err());
}

#[test]
fn a_badly_formed_link_is_a_flag_error() {
    let mut w = world();
    let out = docker(&mut w, "docker run -d --link a:b:c myapp:1.0");
    assert_eq!(out.status, 125);
    assert!(
        out.stderr().starts_with(
            "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n"
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_link_names_the_child_in_the_parents_hosts_file_only() {
    let mut w = world();
    let out = docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    assert_eq!(out.status, 0, "{}", out.stderr());
    let (web, db, other) = (idx(&w, "web"), idx(&w, "db"), idx(&w, "other"));
    assert_eq!(w.resolve_from(web, "db"), Some(db));
    // The child's hostname (its short ID) is in the entry too.
    assert_eq!(w.resolve_from(web, &id(&w, "db")[..12]), Some(db));
    assert_eq!(w.resolve_from(other, "db"), None);
    assert_eq!(w.resolve_from(db, "web"), None);
    let out = docker(
        &mut w,
        "docker inspect web --format '{{json .HostConfig.Links}}'",
    );
    assert_eq!(out.stdout(), "[\"/db:/web/db\"]\n");
    let out = docker(&mut w, "docker exec web wget -qO- -T 2 http://db:5432/");
    assert!(!out.stderr().contains("bad address"), "{}", out.stderr());
    let out = docker(&mut w, "docker exec other wget -qO- -T 2 http://db:5432/");
    assert_eq!(out.stderr(), "wget: bad address 'db:5432'\n");
}

#[test]
fn an_alias_and_the_childs_name_both_resolve() {
    let mut w = world();
    docker(
        &mut w,
        "docker run -d --name web --link db:database myapp:1.0",
    );
    let (web, db) = (idx(&w, "web"), idx(&w, "db"));
    assert_eq!(w.resolve_from(web, "database"), Some(db));
    assert_eq!(w.resolve_from(web, "db"), Some(db));
    let out = docker(
        &mut w,
        "docker inspect web --format '{{json .HostConfig.Links}}'",
    );
    assert_eq!(out.stdout(), "[\"/db:/web/database\"]\n");
}

#[test]
fn link_variables_reach_processes_but_not_the_config() {
    let mut w = world();
    docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    let out = docker(&mut w, "docker exec web env");
    let ip = "172.17.0.2";
    let db_ip = dockdrill::engine::json::str_at(
        &w.containers[idx(&w, "db")].doc,
        &["NetworkSettings", "Networks", "bridge", "IPAddress"],
    )
    .to_owned();
    assert_eq!(db_ip, ip);
    let web_hostname = &id(&w, "web")[..12];
    assert_eq!(
        out.stdout(),
        format!(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\
             HOSTNAME={web_hostname}\n\
             DB_PORT=tcp://{ip}:5432\n\
             DB_PORT_5432_TCP=tcp://{ip}:5432\n\
             DB_PORT_5432_TCP_ADDR={ip}\n\
             DB_PORT_5432_TCP_PORT=5432\n\
             DB_PORT_5432_TCP_PROTO=tcp\n\
             DB_NAME=/web/db\n\
             DB_ENV_POSTGRES_USER=app\n\
             DB_ENV_PG_MAJOR=16\n\
             HOME=/root\n"
        )
    );
    let out = docker(&mut w, "docker inspect web --format '{{json .Config.Env}}'");
    assert_eq!(
        out.stdout(),
        "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]\n"
    );
    let out = docker(&mut w, "docker exec web printenv DB_NAME");
    assert_eq!(out.stdout(), "/web/db\n");
}

#[test]
fn a_stopped_child_stops_the_parent_from_starting_and_from_exec() {
    let mut w = world();
    docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    docker(&mut w, "docker stop db");
    let out = docker(&mut w, "docker exec web env");
    assert_eq!(
        (out.stderr(), out.status),
        (
            "Error response from daemon: Cannot link to a non running container: /db AS /web/db\n",
            1
        )
    );
    let out = docker(&mut w, "docker restart web");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr().starts_with(
            "Error response from daemon: Cannot restart container web: Cannot link to a non running container: /db AS /web/db"
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn run_linking_a_stopped_container_creates_it_but_cannot_start_it() {
    let mut w = world();
    docker(&mut w, "docker stop db");
    let out = docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    assert_eq!(out.status, 125);
    assert_eq!(
        out.stderr(),
        format!(
            "docker: Error response from daemon: Cannot link to a non running container: /db AS /web/db{RUN_HELP}"
        )
    );
    let out = docker(
        &mut w,
        "docker ps -a --filter name=web --format '{{.Names}} {{.Status}}'",
    );
    assert_eq!(out.stdout(), "web Created\n");
}

#[test]
fn removing_the_child_leaves_the_link_dangling_even_once_recreated() {
    let mut w = world();
    docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    let out = docker(&mut w, "docker rm -f db");
    assert_eq!((out.stdout(), out.status), ("db\n", 0));
    let out = docker(
        &mut w,
        "docker inspect web --format '{{json .HostConfig.Links}}'",
    );
    assert_eq!(out.stdout(), "[\"/db:/web/db\"]\n");
    docker(&mut w, "docker run -d --name db postgres:16");
    let out = docker(&mut w, "docker restart web");
    assert!(
        out.stderr()
            .contains("Cannot link to a non running container: /db AS /web/db"),
        "{}",
        out.stderr()
    );
    // Recreating the parent links the new child.
    docker(&mut w, "docker rm -f web");
    let out = docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert_eq!(w.resolve_from(idx(&w, "web"), "db"), Some(idx(&w, "db")));
}

#[test]
fn rm_link_removes_the_link_not_a_container() {
    let mut w = world();
    docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    let out = docker(&mut w, "docker rm -l db");
    assert_eq!(
        (out.stderr(), out.status),
        (
            "Error response from daemon: Conflict, cannot remove the default link name of the container\n",
            1
        )
    );
    let out = docker(&mut w, "docker rm --link /web/db");
    assert_eq!((out.stdout(), out.status), ("/web/db\n", 0));
    assert!(w.container("db").is_ok());
    // A nil list (`{{json}}` would print `null`; see docs/FIDELITY.md).
    let out = docker(
        &mut w,
        "docker inspect web --format '{{.HostConfig.Links}}'",
    );
    assert_eq!(out.stdout(), "[]\n");
    assert_eq!(w.resolve_from(idx(&w, "web"), "db"), None);
    let out = docker(&mut w, "docker rm -l web/db");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: No such container: web/db\n"
    );
}

#[test]
fn the_child_is_also_known_by_its_link_name() {
    let mut w = world();
    docker(&mut w, "docker run -d --name web --link db myapp:1.0");
    let out = docker(
        &mut w,
        "docker ps --no-trunc --filter name=db --format '{{.Names}}'",
    );
    assert_eq!(out.stdout(), "db,web/db\n");
    let out = docker(&mut w, "docker ps --filter name=db --format '{{.Names}}'");
    assert_eq!(out.stdout(), "db\n");
    let out = docker(&mut w, "docker inspect web/db --format '{{.Name}}'");
    assert_eq!(out.stdout(), "/db\n");
}

#[test]
fn on_a_user_defined_network_a_link_is_an_endpoint_alias() {
    let mut w = world();
    // No lookup at create: the name need not exist.
    let out = docker(
        &mut w,
        "docker run -d --name web --network backend --link api:backend-api --link nope myapp:1.0",
    );
    assert_eq!(out.status, 0, "{}", out.stderr());
    let out = docker(
        &mut w,
        "docker inspect web --format '{{.HostConfig.Links}} {{json .NetworkSettings.Networks.backend.Links}}'",
    );
    assert_eq!(out.stdout(), "[] [\"api:backend-api\",\"nope\"]\n");
    let (web, api) = (idx(&w, "web"), idx(&w, "api"));
    assert_eq!(w.resolve_from(web, "backend-api"), Some(api));
    assert_eq!(w.resolve_from(api, "backend-api"), None);
    // The alias survives a restart.
    docker(&mut w, "docker restart web");
    assert_eq!(w.resolve_from(idx(&w, "web"), "backend-api"), Some(api));
}

#[test]
fn links_conflict_with_host_networking() {
    let mut w = world();
    let out = docker(&mut w, "docker run -d --network host --link db myapp:1.0");
    assert_eq!(
        out.stderr(),
        format!(
            "docker: Error response from daemon: conflicting options: host type networking can't be used with links. This would result in undefined behavior{RUN_HELP}"
        )
    );
}

#[test]
fn volumes_from_shares_every_mount_of_the_source() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker run -d --name copy --volumes-from files myapp:1.0",
    );
    assert_eq!(out.status, 0, "{}", out.stderr());
    let out = docker(
        &mut w,
        "docker inspect copy --format '{{json .Mounts}} {{json .HostConfig.VolumesFrom}}'",
    );
    assert_eq!(
        out.stdout(),
        "[{\"Type\":\"bind\",\"Source\":\"/srv/conf\",\"Destination\":\"/etc/app\",\"Mode\":\"\",\"RW\":false,\"Propagation\":\"rprivate\"},\
         {\"Type\":\"volume\",\"Name\":\"uploads\",\"Source\":\"/var/lib/docker/volumes/uploads/_data\",\"Destination\":\"/srv/uploads\",\"Driver\":\"local\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"\"}] \
         [\"files\"]\n"
    );
    let out = docker(
        &mut w,
        "docker exec copy cat /srv/uploads/a.png /etc/app/app.ini",
    );
    assert_eq!(out.stdout(), "PNGdebug=0\n");
    // Written through one container, read through the other.
    let copy = idx(&w, "copy");
    w.write_container_file(copy, "/srv/uploads/b.png", "PNG2")
        .expect("a volume is mounted there");
    let out = docker(&mut w, "docker exec files cat /srv/uploads/b.png");
    assert_eq!(out.stdout(), "PNG2");
}

#[test]
fn volumes_from_ro_makes_every_copy_read_only() {
    let mut w = world();
    docker(
        &mut w,
        "docker create --name copy --volumes-from db:ro myapp:1.0",
    );
    let out = docker(
        &mut w,
        "docker inspect copy --format '{{range .Mounts}}{{.Destination}} {{.RW}} {{.Mode}}|{{end}}'",
    );
    assert_eq!(out.stdout(), "/var/lib/postgresql/data false |\n");
    let out = docker(&mut w, "docker exec db true");
    assert_eq!(out.status, 0);
    // The image's own VOLUME is covered by the copy: no new anonymous volume.
    let db_volume = w.anonymous_volumes_of(idx(&w, "db"));
    let before = w.volumes.len();
    docker(
        &mut w,
        "docker run -d --name pg2 --volumes-from db postgres:16",
    );
    assert_eq!(w.volumes.len(), before);
    assert_eq!(w.anonymous_volumes_of(idx(&w, "pg2")), db_volume);
    let out = docker(
        &mut w,
        "docker exec pg2 cat /var/lib/postgresql/data/PG_VERSION",
    );
    assert_eq!(out.stdout(), "16\n");
}

#[test]
fn volumes_from_a_missing_container_or_a_bad_mode_is_refused() {
    let mut w = world();
    let out = docker(&mut w, "docker run -d --volumes-from nope myapp:1.0");
    assert_eq!(out.status, 125);
    assert_eq!(
        out.stderr(),
        format!("docker: Error response from daemon: No such container: nope{RUN_HELP}")
    );
    let out = docker(&mut w, "docker create --volumes-from db:shared myapp:1.0");
    assert_eq!(
        (out.stderr(), out.status),
        ("Error response from daemon: invalid mode: shared\n", 1)
    );
}

#[test]
fn rm_v_keeps_an_anonymous_volume_another_container_still_uses() {
    let mut w = world();
    let anon = w.anonymous_volumes_of(idx(&w, "db"));
    assert_eq!(anon.len(), 1);
    docker(
        &mut w,
        "docker run -d --name keeper --volumes-from db myapp:1.0",
    );
    let out = docker(&mut w, "docker rm -f -v db");
    assert_eq!(out.stdout(), "db\n");
    assert!(w.volume(&anon[0]).is_some());
    let out = docker(
        &mut w,
        "docker exec keeper cat /var/lib/postgresql/data/PG_VERSION",
    );
    assert_eq!(out.stdout(), "16\n");
    // The last user's rm -v takes it.
    docker(&mut w, "docker rm -f -v keeper");
    assert!(w.volume(&anon[0]).is_none());
}

#[test]
fn a_mount_flag_wins_over_a_copied_mount_at_the_same_destination() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker create --name copy --volumes-from files -v fresh:/srv/uploads myapp:1.0",
    );
    assert_eq!(out.status, 0, "{}", out.stderr());
    let out = docker(
        &mut w,
        "docker inspect copy --format '{{range .Mounts}}{{.Destination}}={{.Name}}:{{.Source}} {{end}}'",
    );
    assert_eq!(
        out.stdout(),
        "/etc/app=:/srv/conf /srv/uploads=fresh:/var/lib/docker/volumes/fresh/_data \n",
        "{}",
        out.stderr()
    );
}

#[test]
fn network_connect_link_is_an_alias_on_that_network() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker network connect --link api:backend-api backend other",
    );
    assert_eq!((out.stderr(), out.status), ("", 0));
    let (other, api) = (idx(&w, "other"), idx(&w, "api"));
    assert_eq!(w.resolve_from(other, "backend-api"), Some(api));
    let out = docker(
        &mut w,
        "docker inspect other --format '{{json .NetworkSettings.Networks.backend.Links}}'",
    );
    assert_eq!(out.stdout(), "[\"api:backend-api\"]\n");
    let out = docker(&mut w, "docker network connect --link a:b:c backend db");
    assert_eq!(out.status, 125);
    assert!(out.stderr().starts_with(
        "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n"
    ));
}
