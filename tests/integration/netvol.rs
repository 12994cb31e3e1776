//! Networks, volumes, images, registry and compose at the public surface:
//! a scenario declares a host, the simulated `docker` prints what docker
//! 28.2.2 (and compose 2.40.3) print.

use crate::words;

use dockdrill::docker::{Output, run_with_stdin};
use dockdrill::engine::World;

const SCENARIO: &str = r#"
scenario "netvol" {
    title "t"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief "b"
}
world {
    host {
        workdir "/srv/shop"
        file "/srv/shop/compose.yaml" content="""
            services:
              db:
                image: postgres:16
                volumes:
                  - pgdata:/var/lib/postgresql/data
              api:
                image: ghcr.io/acme/api:stable
                depends_on: [db]
                ports: ["8080:8080"]
            volumes:
              pgdata: {}
            """
        file "/srv/app/Dockerfile" content="""
            FROM node:20
            WORKDIR /app
            COPY package.json /app/
            RUN npm ci
            CMD ["node", "server.js"]
            """
        file "/srv/app/package.json" content="{}"
        file "/srv/conf/app.ini" content="debug=0\n"
    }
    image "postgres:16" created="-10d" size=400000000 {
        volume "/var/lib/postgresql/data"
        cmd "postgres"
    }
    image "node:20" created="-10d" size=1100000000 {
        cmd "node"
    }
    image "myapp:1.0" created="-5d" size=100000000 {
        cmd "./server"
        expose 8080
    }
    registry {
        image "ghcr.io/acme/api:stable" created="-1d" size=90000000 digest="sha256:1111111111111111111111111111111111111111111111111111111111111111" {
            cmd "./api"
            expose 8080
        }
    }
    network "backend" created="-1d"
    volume "olddata" created="-3d" {
        file "dump.sql" content="INSERT 1;\n"
    }
    container "db" image="postgres:16" created="-2d" {
        file "/var/lib/postgresql/data/PG_VERSION" content="16\n"
    }
    container "web" image="myapp:1.0" created="-2d" {
        publish "8080:8080"
    }
    container "api" image="myapp:1.0" created="-2d" network="backend" {
        alias "service"
        volume "olddata:/backup"
        mount "type=bind,src=/srv/conf,dst=/etc/app,readonly"
    }
    container "worker" image="myapp:1.0" created="-2d" network="backend"
}
check "x" {
    about "a"
    container "db" { state "running"; }
}
"#;

fn world() -> World {
    let scenario = match dockdrill::scenario::parse("netvol.kdl", SCENARIO) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    };
    dockdrill::world_build::build(&scenario).expect("world builds")
}

fn docker(w: &mut World, line: &str) -> Output {
    docker_in(w, line, "")
}

fn docker_in(w: &mut World, line: &str, stdin: &str) -> Output {
    let args: Vec<String> = words::shell_words(line);
    run_with_stdin(w, &args[1..], stdin)
}

fn idx(w: &World, name: &str) -> usize {
    w.container_index(name).expect("container exists")
}

#[test]
fn names_resolve_on_user_networks_but_not_on_the_default_bridge() {
    let w = world();
    let web = idx(&w, "web");
    assert_eq!(w.resolve_from(web, "db"), None);
    let api = idx(&w, "api");
    let worker = idx(&w, "worker");
    let found = w
        .resolve_address(worker, "service")
        .expect("alias resolves");
    assert_eq!(found.container, Some(api));
    assert_eq!(found.ip, "172.18.0.2");
    assert_eq!(w.resolve_from(worker, "api"), Some(api));
    assert_eq!(w.resolve_from(worker, "db"), None);
}

#[test]
fn connecting_to_a_network_makes_a_container_resolvable() {
    let mut w = world();
    let out = docker(&mut w, "docker network connect backend db");
    assert_eq!((out.stdout(), out.status), ("", 0));
    let worker = idx(&w, "worker");
    assert!(w.resolve_from(worker, "db").is_some());
    let out = docker(&mut w, "docker network connect backend db");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: endpoint with name db already exists in network backend\n"
    );
}

#[test]
fn network_create_ls_rm_and_prune_print_as_docker_does() {
    let mut w = world();
    let out = docker(&mut w, "docker network create app");
    assert_eq!(out.stdout().len(), 65);
    let out = docker(&mut w, "docker network create app");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: network with name app already exists\n"
    );
    let out = docker(
        &mut w,
        "docker network inspect app --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'",
    );
    assert_eq!(out.stdout(), "172.19.0.0/16 172.19.0.1\n");
    let out = docker(&mut w, "docker network rm backend");
    assert_eq!(out.status, 1);
    assert!(out.stderr().starts_with(
        "Error response from daemon: error while removing network: network backend has active endpoints (name:\"api\" id:\""
    ));
    let out = docker(&mut w, "docker network rm bridge");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"
    );
    let out = docker(&mut w, "docker network prune -f");
    assert_eq!(out.stdout(), "Deleted Networks:\napp\n\n");
}

#[test]
fn volumes_list_inspect_and_refuse_removal_while_in_use() {
    let mut w = world();
    let out = docker(&mut w, "docker volume rm olddata");
    assert_eq!(out.status, 1);
    let api_id = w
        .container("api")
        .map(|c| c.id().to_owned())
        .unwrap_or_default();
    assert_eq!(
        out.stderr(),
        format!("Error response from daemon: remove olddata: volume is in use - [{api_id}]\n")
    );
    let out = docker(&mut w, "docker volume rm nope");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: get nope: no such volume\n"
    );
    let out = docker(&mut w, "docker volume create data");
    assert_eq!(out.stdout(), "data\n");
    let out = docker(
        &mut w,
        "docker volume inspect data --format '{{json .Labels}} {{.Mountpoint}}'",
    );
    assert_eq!(out.stdout(), "{} /var/lib/docker/volumes/data/_data\n");
}

#[test]
fn rm_v_loses_anonymous_volume_data_but_named_volumes_survive() {
    let mut w = world();
    let db = idx(&w, "db");
    assert_eq!(
        w.read_container_file(db, "/var/lib/postgresql/data/PG_VERSION")
            .as_deref(),
        Some("16\n")
    );
    let anon = w.anonymous_volumes_of(db);
    assert_eq!(anon.len(), 1);
    // rm without -v: the volume stays, dangling; a new container gets a new one.
    docker(&mut w, "docker rm -f db");
    assert!(w.volume(&anon[0]).is_some());
    docker(&mut w, "docker run -d --name db postgres:16");
    let db = idx(&w, "db");
    assert_eq!(
        w.read_container_file(db, "/var/lib/postgresql/data/PG_VERSION"),
        None
    );
    // rm -v takes the new anonymous volume with it.
    let fresh = w.anonymous_volumes_of(db);
    let out = docker(&mut w, "docker rm -f -v db");
    assert_eq!(out.stdout(), "db\n");
    assert!(w.volume(&fresh[0]).is_none());
    // The named volume of api survives its container.
    docker(&mut w, "docker rm -f -v api");
    assert!(w.volume("olddata").is_some());
    assert_eq!(
        w.volume_files
            .get("olddata")
            .and_then(|f| f.get("dump.sql"))
            .map(String::as_str),
        Some("INSERT 1;\n")
    );
}

#[test]
fn mounts_show_in_inspect_and_bad_specs_are_refused() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker inspect api --format '{{json .HostConfig.Binds}} {{len .Mounts}}'",
    );
    assert_eq!(out.stdout(), "[\"olddata:/backup\"] 2\n");
    let out = docker(
        &mut w,
        "docker run -d --mount type=bind,src=/nope,dst=/x myapp:1.0",
    );
    assert_eq!(out.status, 125);
    assert_eq!(
        out.stderr(),
        "docker: Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: /nope\n\nRun 'docker run --help' for more information\n"
    );
    let out = docker(&mut w, "docker run -d --mount type=volume myapp:1.0");
    assert_eq!(out.status, 125);
    assert!(out.stderr().starts_with(
        "invalid argument \"type=volume\" for \"--mount\" flag: target is required\n"
    ));
    let out = docker(&mut w, "docker run -d -v a::b myapp:1.0");
    assert_eq!(
        out.stderr(),
        "docker: invalid spec: a::b: empty section between colons\n\nRun 'docker run --help' for more information\n"
    );
}

#[test]
fn system_prune_asks_first_and_with_volumes_takes_only_anonymous_ones() {
    let mut w = world();
    let out = docker(&mut w, "docker system prune --volumes");
    assert_eq!(out.status, 1);
    assert!(
        out.stdout()
            .ends_with("Are you sure you want to continue? [y/N] ")
    );
    docker(&mut w, "docker rm -f db");
    let out = docker_in(&mut w, "docker system prune -a --volumes", "y\n");
    assert_eq!(out.status, 0);
    assert!(out.stdout().contains("Deleted Volumes:\n"));
    // olddata is named: only `volume prune -a` removes it, once unused.
    assert!(w.volume("olddata").is_some());
    assert!(out.stdout().contains("untagged: postgres:16\n"));
    assert!(
        out.stdout().ends_with("\nTotal reclaimed space: 1.5GB\n"),
        "{}",
        out.stdout()
    );
}

#[test]
fn compose_up_prints_plain_progress_and_labels_containers() {
    let mut w = world();
    // The legacy web container holds 8080; free it first.
    docker(&mut w, "docker rm -f web");
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(out.status, 0, "{}", out.stderr());
    let tail: Vec<&str> = out
        .stderr()
        .lines()
        .skip_while(|l| !l.starts_with(" Network"))
        .collect();
    assert_eq!(
        tail,
        [
            " Network shop_default  Creating",
            " Network shop_default  Created",
            " Volume shop_pgdata  Creating",
            " Volume shop_pgdata  Created",
            " Container shop-db-1  Creating",
            " Container shop-db-1  Created",
            " Container shop-api-1  Creating",
            " Container shop-api-1  Created",
            " Container shop-db-1  Starting",
            " Container shop-db-1  Started",
            " Container shop-api-1  Starting",
            " Container shop-api-1  Started",
        ]
    );
    assert!(out.stderr().starts_with(" api Pulling \n"));
    let out = docker(
        &mut w,
        "docker inspect shop-api-1 --format '{{index .Config.Labels \"com.docker.compose.service\"}} {{index .Config.Labels \"com.docker.compose.depends_on\"}} {{index .Config.Labels \"com.docker.compose.project.working_dir\"}}'",
    );
    assert_eq!(out.stdout(), "api db:service_started:false /srv/shop\n");
    let out = docker(&mut w, "docker compose up -d");
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Running\n Container shop-api-1  Running\n"
    );
    let out = docker(&mut w, "docker compose up -d --force-recreate api");
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Running\n Container shop-api-1  Recreate\n Container shop-api-1  Recreated\n Container shop-api-1  Starting\n Container shop-api-1  Started\n"
    );
    let out = docker(&mut w, "docker compose ps --services");
    assert_eq!(out.stdout(), "api\ndb\n");
    let out = docker(&mut w, "docker compose down");
    assert!(
        out.stderr()
            .ends_with(" Network shop_default  Removing\n Network shop_default  Removed\n")
    );
    assert!(w.volume("shop_pgdata").is_some());
}

#[test]
fn compose_recreates_when_the_local_image_changed() {
    let mut w = world();
    docker(&mut w, "docker rm -f web");
    docker(&mut w, "docker compose up -d");
    // The tag moves to another image: the image label no longer matches.
    docker(&mut w, "docker tag myapp:1.0 ghcr.io/acme/api:stable");
    let out = docker(&mut w, "docker compose up -d");
    assert!(out.stderr().contains(" Container shop-api-1  Recreate\n"));
    let out = docker(&mut w, "docker compose up -d --pull never --no-recreate");
    assert_eq!(
        out.stderr(),
        " Container shop-db-1  Running\n Container shop-api-1  Running\n"
    );
}

#[test]
fn build_reuses_its_cache_and_history_lists_the_steps() {
    let mut w = world();
    let out = docker(&mut w, "docker build -t myapp:2.0 /srv/app");
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert!(out.stderr().contains("#5 [internal] load build context\n"));
    assert!(
        out.stderr()
            .contains("#7 [3/4] COPY package.json /app/\n#7 DONE 0.0s\n")
    );
    assert!(
        out.stderr()
            .contains("naming to docker.io/library/myapp:2.0 done\n")
    );
    let out = docker(&mut w, "docker build -t myapp:2.1 /srv/app");
    assert!(out.stderr().contains("#8 [4/4] RUN npm ci\n#8 CACHED\n"));
    let out = docker(&mut w, "docker history myapp:2.0 --format x");
    assert_eq!(out.status, 0);
    let out = docker(&mut w, "docker history myapp:2.0");
    let lines: Vec<&str> = out.stdout().lines().collect();
    assert!(lines[0].starts_with("IMAGE "));
    assert!(lines[1].contains("CMD [\"node\", \"server.js\"]"));
    assert!(lines[2].starts_with("<missing> "));
    assert!(lines[2].contains("RUN /bin/sh -c npm ci # buildkit"));
    let out = docker(&mut w, "docker build -t x /nowhere");
    assert_eq!(out.status, 1);
}

#[test]
fn pull_by_digest_pins_the_manifest() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker pull ghcr.io/acme/api@sha256:1111111111111111111111111111111111111111111111111111111111111111",
    );
    assert_eq!(out.status, 0, "{}", out.stderr());
    assert!(out.stdout().starts_with(
        "sha256:1111111111111111111111111111111111111111111111111111111111111111: Pulling from acme/api\n"
    ));
    assert!(out.stdout().ends_with(
        "Status: Downloaded newer image for ghcr.io/acme/api@sha256:1111111111111111111111111111111111111111111111111111111111111111\nghcr.io/acme/api@sha256:1111111111111111111111111111111111111111111111111111111111111111\n"
    ));
    let out = docker(
        &mut w,
        "docker image inspect ghcr.io/acme/api@sha256:1111111111111111111111111111111111111111111111111111111111111111 --format '{{.RepoTags}}'",
    );
    assert_eq!(out.stdout(), "[]\n");
    let out = docker(
        &mut w,
        "docker pull ghcr.io/acme/api@sha256:2222222222222222222222222222222222222222222222222222222222222222",
    );
    assert_eq!(out.status, 1);
    assert!(out.stderr().contains("manifest unknown"));
}

#[test]
fn push_needs_a_login_and_then_serves_pulls() {
    let mut w = world();
    let out = docker(&mut w, "docker push myapp:1.0");
    assert_eq!(out.status, 1);
    assert!(
        out.stdout()
            .starts_with("The push refers to repository [docker.io/library/myapp]\n")
    );
    assert_eq!(
        out.stderr(),
        "denied: requested access to the resource is denied\n"
    );
    let out = docker_in(&mut w, "docker login -u me --password-stdin", "secret\n");
    assert_eq!(out.stdout(), "\nLogin Succeeded\n");
    let out = docker(&mut w, "docker push myapp:1.0");
    assert_eq!(out.status, 0);
    assert!(out.stdout().contains("1.0: digest: sha256:"));
    docker(&mut w, "docker rmi -f myapp:1.0");
    let out = docker(&mut w, "docker pull myapp:1.0");
    assert_eq!(out.status, 0, "{}", out.stderr());
}

#[test]
fn system_df_counts_active_objects() {
    let mut w = world();
    let out = docker(&mut w, "docker system df");
    let lines: Vec<&str> = out.stdout().lines().collect();
    assert_eq!(
        lines[0],
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE"
    );
    assert!(lines[1].starts_with("Images          3         2         "));
    assert!(lines[3].starts_with("Local Volumes   2         2         "));
}

#[test]
fn scenario_errors_for_bad_storage_declarations() {
    let bad = SCENARIO.replace("volume \"olddata:/backup\"", "volume \"a::b\"");
    let err = dockdrill::scenario::parse("bad.kdl", &bad)
        .map(|_| ())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid spec: a::b: empty section between colons")
    );
    let bad = SCENARIO.replace("network \"backend\" created", "network \"bridge\" created");
    let err = dockdrill::scenario::parse("bad.kdl", &bad)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("bridge is a pre-defined network"));
}

#[test]
fn exec_sees_volume_data_until_the_volume_is_gone() {
    let mut w = world();
    let out = docker(
        &mut w,
        "docker exec db cat /var/lib/postgresql/data/PG_VERSION",
    );
    assert_eq!(out.stdout(), "16\n");
    let out = docker(&mut w, "docker exec api cat /etc/app/app.ini");
    assert_eq!(out.stdout(), "debug=0\n");
    docker(&mut w, "docker rm -f db");
    docker(&mut w, "docker run -d --name db postgres:16");
    let out = docker(
        &mut w,
        "docker exec db cat /var/lib/postgresql/data/PG_VERSION",
    );
    assert_eq!(out.status, 1);
    let out = docker(&mut w, "docker exec web wget -qO- http://api:8080/");
    assert_eq!(out.stderr(), "wget: bad address 'api:8080'\n");
}
