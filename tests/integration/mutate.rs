//! The mutating docker commands, the engine's state transitions and the
//! simulated curl, against the conformance world `latest-drift`.

use dockdrill::docker;
use dockdrill::engine::{HttpRoute, World, http_request};

const OLD: &str = "sha256:a17e5d3c9b822719f02352a5eb2d902ac2fee121b15b2cbff91c9a9ef97d9059";
const NEW: &str = "sha256:d5208f2801ce2ecee31fd251e43a6939c4312e74ad27f708bdc8b95462297cc9";
const WEB: &str = "cbb1ca0618920b2e6f822c1615e01149e02d40258aa3ac95274e4d1e58b26969";

fn route(body: &str) -> Vec<HttpRoute> {
    vec![HttpRoute {
        method: "GET".into(),
        path: "/version".into(),
        status: 200,
        body: body.into(),
        headers: vec![],
        when_env: vec![],
    }]
}

fn world() -> World {
    let text = include_str!("../../../shared/conformance/worlds/latest-drift/world.json");
    let mut w = World::from_inspect_json(text, "latest-drift").unwrap();
    w.apps.insert(OLD.into(), route("1.7.2\n"));
    w.apps.insert(NEW.into(), route("1.8.0\n"));
    w
}

fn docker(w: &mut World, line: &str) -> docker::Output {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    docker::run(w, &args)
}

fn curl(w: &World, line: &str) -> (String, String, i32) {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    dockdrill::curl::run(w, &args)
}

#[test]
fn rm_running_without_force_fails() {
    let mut w = world();
    let o = docker(&mut w, "rm web");
    assert_eq!(o.status, 1);
    assert_eq!(o.stdout(), "");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: cannot remove container \"web\": container is running: stop the container before removing or force remove\n"
    );
    assert!(w.container("web").is_ok());
}

#[test]
fn rm_force_then_run_repins_latest() {
    let mut w = world();
    let o = docker(&mut w, "rm -f web");
    assert_eq!((o.stdout(), o.status), ("web\n", 0));
    let o = docker(&mut w, "run -d --name web -p 8080:8080 myapp:latest");
    assert_eq!(o.stderr(), "");
    assert_eq!(o.status, 0);
    let id = o.stdout().trim_end();
    assert_eq!(id.len(), 64);
    let c = w.container("web").unwrap();
    assert_eq!(c.id(), id);
    assert_eq!(c.image_id(), NEW);
    assert_eq!(c.config_image(), "myapp:latest");
    assert!(c.is_running());
    assert_eq!(curl(&w, "-s localhost:8080/version").0, "1.8.0\n");
}

#[test]
fn run_doc_has_the_daemons_field_set_and_order() {
    let mut w = world();
    let real = w.container("web").unwrap().doc.clone();
    docker(&mut w, "rm -f web");
    docker(
        &mut w,
        "run -d --name web -p 8080:8080 -e PORT=8080 -e LOG_LEVEL=info --restart unless-stopped myapp:1.7.2",
    );
    let made = &w.container("web").unwrap().doc;
    fn shape(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
        if let Some(m) = v.as_object() {
            for (k, child) in m {
                let p = format!("{path}.{k}");
                out.push(p.clone());
                // Keys under these maps are data, not fields.
                if !k.contains('/') && k != "Labels" && k != "bridge" {
                    shape(child, p, out);
                }
            }
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    shape(&real, String::new(), &mut a);
    shape(made, String::new(), &mut b);
    assert_eq!(a, b);
    for path in [
        &["Config", "Env"][..],
        &["Config", "Cmd"],
        &["Config", "Labels"],
        &["Config", "ExposedPorts"],
        &["Config", "WorkingDir"],
        &["HostConfig", "PortBindings"],
        &["HostConfig", "RestartPolicy"],
        &["NetworkSettings", "Ports"],
    ] {
        let get = |d: &serde_json::Value| path.iter().fold(d.clone(), |v, k| v[*k].clone());
        assert_eq!(get(&real), get(made), "{path:?}");
    }
    assert_eq!(
        made["Config"]["Hostname"],
        &made["Id"].as_str().unwrap()[..12]
    );
    assert_eq!(
        made["NetworkSettings"]["Networks"]["bridge"]["NetworkID"],
        real["NetworkSettings"]["Networks"]["bridge"]["NetworkID"]
    );
    assert_eq!(made["NetworkSettings"]["IPAddress"], "172.17.0.2");
}

#[test]
fn run_with_taken_name_exits_125() {
    let mut w = world();
    let o = docker(&mut w, "run -d --name web -p 9090:8080 myapp:latest");
    assert_eq!(o.status, 125);
    assert_eq!(o.stdout(), "");
    assert_eq!(
        o.stderr(),
        format!(
            "docker: Error response from daemon: Conflict. The container name \"/web\" is already in use by container \"{WEB}\". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n"
        )
    );
    assert_eq!(w.containers.len(), 1);
}

#[test]
fn run_with_taken_port_leaves_container_created() {
    let mut w = world();
    let o = docker(&mut w, "run -d --name web2 -p 8080:8080 myapp:latest");
    assert_eq!(o.status, 125);
    assert!(o.stderr().starts_with(
        "docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint web2 ("
    ));
    assert!(o.stderr().ends_with(
        "): Bind for 0.0.0.0:8080 failed: port is already allocated\n\nRun 'docker run --help' for more information\n"
    ));
    let c = w.container("web2").unwrap();
    assert_eq!(c.status().as_str(), "created");
}

#[test]
fn run_missing_image_reports_pull_denied() {
    let mut w = world();
    let o = docker(&mut w, "run -d --name x myapp:9");
    assert_eq!(o.status, 125);
    assert_eq!(
        o.stderr(),
        "Unable to find image 'myapp:9' locally\ndocker: Error response from daemon: pull access denied for myapp, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n\nRun 'docker run --help' for more information\n"
    );
}

#[test]
fn pull_without_registry_is_denied() {
    let mut w = world();
    let o = docker(&mut w, "pull myapp:latest");
    assert_eq!(o.status, 1);
    assert_eq!(o.stdout(), "");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: pull access denied for myapp, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n"
    );
}

#[test]
fn pull_from_declared_registry() {
    use dockdrill::engine::{RemoteImage, Repository};
    let mut w = world();
    let mut doc = w.image(NEW).unwrap().doc.tree().clone();
    doc["Id"] = serde_json::json!(
        "sha256:1111111111111111111111111111111111111111111111111111111111111111"
    );
    let mut repo = Repository::default();
    repo.tags.insert(
        "2.0".into(),
        RemoteImage {
            digest: "sha256:2222222222222222222222222222222222222222222222222222222222222222"
                .into(),
            doc,
        },
    );
    w.registry.repositories.insert("myapp".into(), repo);
    let o = docker(&mut w, "pull myapp:2.0");
    assert_eq!(o.status, 0, "{}", o.stderr());
    assert!(o.stdout().starts_with("2.0: Pulling from library/myapp\n"));
    assert!(o.stdout().contains(": Already exists\n"));
    assert!(
        o.stdout().ends_with(
            "Status: Downloaded newer image for myapp:2.0\ndocker.io/library/myapp:2.0\n"
        )
    );
    assert!(w.image("myapp:2.0").is_ok());
    let again = docker(&mut w, "pull myapp:2.0");
    assert!(
        again
            .stdout()
            .contains("Status: Image is up to date for myapp:2.0\n")
    );
    let o = docker(&mut w, "pull myapp:3");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: manifest for myapp:3 not found: manifest unknown: manifest unknown\n"
    );
}

#[test]
fn restart_keeps_pinned_image() {
    let mut w = world();
    let o = docker(&mut w, "restart web");
    assert_eq!((o.stdout(), o.status), ("web\n", 0));
    let c = w.container("web").unwrap();
    assert_eq!(c.image_id(), OLD);
    assert!(c.is_running());
    assert_eq!(c.doc["RestartCount"], 0);
    assert_eq!(curl(&w, "-s http://localhost:8080/version").0, "1.7.2\n");
}

#[test]
fn curl_answers_from_the_image_the_container_runs() {
    let w = world();
    assert_eq!(
        curl(&w, "-s localhost:8080/version"),
        ("1.7.2\n".into(), String::new(), 0)
    );
    let r = http_request(&w, "GET", "127.0.0.1", 8080, "/nope").unwrap();
    assert_eq!((r.status, r.body.as_str()), (404, "404 page not found\n"));
}

#[test]
fn curl_include_prints_go_headers() {
    let w = world();
    let (out, _, status) = curl(&w, "-i localhost:8080/version");
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "HTTP/1.1 200 OK\r\nDate: Fri, 27 Nov 2026 00:20:55 GMT\r\nContent-Length: 6\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n1.7.2\n"
    );
}

#[test]
fn curl_errors() {
    let mut w = world();
    assert_eq!(
        curl(&w, "example.org"),
        (
            String::new(),
            "curl: (6) Could not resolve host: example.org\n".into(),
            6
        )
    );
    assert_eq!(
        curl(&w, "-sf localhost:8080/missing"),
        (String::new(), String::new(), 22)
    );
    assert_eq!(
        curl(&w, "-f localhost:8080/missing").1,
        "curl: (22) The requested URL returned error: 404\n"
    );
    assert_eq!(curl(&w, "-s -o out.txt localhost:8080/version").2, 23);
    assert_eq!(
        curl(&w, "-s -o /dev/null -w %{http_code} localhost:8080/version"),
        ("200".into(), String::new(), 0)
    );
    docker(&mut w, "stop web");
    assert_eq!(
        curl(&w, "-s localhost:8080/version"),
        (String::new(), String::new(), 7)
    );
    assert_eq!(
        curl(&w, "-sS localhost:8080/version").1,
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n"
    );
}

#[test]
fn stop_start_kill_lifecycle() {
    let mut w = world();
    let o = docker(&mut w, "stop web nope");
    assert_eq!(o.stdout(), "web\n");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: No such container: nope\n"
    );
    assert_eq!(o.status, 1);
    let c = w.container("web").unwrap();
    assert_eq!((c.status().as_str(), c.exit_code()), ("exited", 143));
    assert_eq!(c.doc["NetworkSettings"]["Ports"], serde_json::json!({}));
    let o = docker(&mut w, "kill web");
    assert_eq!(o.status, 1);
    assert_eq!(
        o.stderr(),
        format!(
            "Error response from daemon: Cannot kill container: web: container {WEB} is not running\n"
        )
    );
    let o = docker(&mut w, "start web");
    assert_eq!((o.stdout(), o.status), ("web\n", 0));
    assert!(w.container("web").unwrap().is_running());
    let o = docker(&mut w, "start nope");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: No such container: nope\nError: failed to start containers: nope\n"
    );
    let o = docker(&mut w, "kill web");
    assert_eq!(o.stdout(), "web\n");
    assert_eq!(w.container("web").unwrap().exit_code(), 137);
}

#[test]
fn tag_moves_latest_and_old_image_keeps_other_tags() {
    let mut w = world();
    let o = docker(&mut w, "tag myapp:1.7.2 myapp:latest");
    assert_eq!((o.stdout(), o.stderr(), o.status), ("", "", 0));
    assert_eq!(w.image("myapp:latest").unwrap().id(), OLD);
    assert_eq!(
        w.image(OLD).unwrap().repo_tags(),
        ["myapp:1.7.2", "myapp:latest"]
    );
    assert!(w.image(NEW).unwrap().repo_tags().is_empty());
    let o = docker(&mut w, "tag nope:1 x");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: No such image: nope:1\n"
    );
    assert_eq!(o.status, 1);
}

#[test]
fn rmi_conflicts_and_untag() {
    let mut w = world();
    let o = docker(&mut w, "rmi myapp:1.7.2");
    assert_eq!(o.status, 1);
    assert_eq!(
        o.stderr(),
        "Error response from daemon: conflict: unable to remove repository reference \"myapp:1.7.2\" (must force) - container cbb1ca061892 is using its referenced image a17e5d3c9b82\n"
    );
    let o = docker(&mut w, "rmi a17e5d3c9b82");
    assert_eq!(
        o.stderr(),
        "Error response from daemon: conflict: unable to delete a17e5d3c9b82 (cannot be forced) - image is being used by running container cbb1ca061892\n"
    );
    docker(&mut w, "tag myapp:1.7.2 myapp:old");
    let o = docker(&mut w, "rmi myapp:old");
    assert_eq!((o.stdout(), o.status), ("Untagged: myapp:old\n", 0));
    let o = docker(&mut w, "rmi myapp:latest");
    assert_eq!(o.status, 0);
    assert!(o.stdout().starts_with(&format!(
        "Untagged: myapp:latest\nDeleted: {NEW}\nDeleted: sha256:"
    )));
    assert!(w.image(NEW).is_err());
    let o = docker(&mut w, "rmi -f nope");
    assert_eq!(
        (o.stderr(), o.status),
        ("Error response from daemon: No such image: nope\n", 0)
    );
}

#[test]
fn generated_names_are_deterministic() {
    let mut a = world();
    let mut b = world();
    docker(&mut a, "create myapp:latest");
    docker(&mut b, "create myapp:latest");
    let na = a.containers.last().unwrap().name().to_owned();
    assert_eq!(na, b.containers.last().unwrap().name());
    assert!(na.contains('_'));
}

#[test]
fn foreground_run_of_a_server_is_interrupted() {
    let mut w = world();
    let o = docker(&mut w, "run --name fg -p 9000:8080 myapp:latest");
    assert_eq!((o.stdout(), o.status), ("", 130));
    assert_eq!(w.container("fg").unwrap().exit_code(), 130);
}

#[test]
fn restart_keeps_an_auto_remove_container() {
    let mut w = world();
    docker(&mut w, "rm -f web");
    docker(&mut w, "run -d --rm --name web -p 8080:8080 myapp:latest");
    let o = docker(&mut w, "restart web");
    assert_eq!((o.stdout(), o.status), ("web\n", 0));
    assert!(w.container("web").unwrap().is_running());
    docker(&mut w, "stop web");
    assert!(w.container("web").is_err());
}

#[test]
fn create_then_start_and_container_aliases() {
    let mut w = world();
    let o = docker(
        &mut w,
        "container create --name c2 -p 127.0.0.1:9000:8080 myapp:latest",
    );
    assert_eq!(o.status, 0, "{}", o.stderr());
    let c = w.container("c2").unwrap();
    assert_eq!(c.status().as_str(), "created");
    assert_eq!(c.doc["LogPath"], "");
    assert_eq!(
        c.doc["NetworkSettings"]["Networks"]["bridge"]["NetworkID"],
        ""
    );
    let o = docker(&mut w, "container start c2");
    assert_eq!(o.stdout(), "c2\n");
    let c = w.container("c2").unwrap();
    assert_eq!(
        c.doc["NetworkSettings"]["Ports"]["8080/tcp"],
        serde_json::json!([{"HostIp": "127.0.0.1", "HostPort": "9000"}])
    );
    assert_eq!(curl(&w, "-s 127.0.0.1:9000/version").0, "1.8.0\n");
    let o = docker(&mut w, "container remove -f c2");
    assert_eq!(o.stdout(), "c2\n");
    let o = docker(&mut w, "image rm nope");
    assert_eq!(
        (o.stderr(), o.status),
        ("Error response from daemon: No such image: nope\n", 1)
    );
}

#[test]
fn run_flag_errors_use_docker_help_form() {
    let mut w = world();
    let o = docker(&mut w, "run -d --env-file .env myapp:latest");
    assert_eq!(
        (o.stderr(), o.status),
        (
            "docker: open .env: no such file or directory\n\nRun 'docker run --help' for more information\n",
            125
        )
    );
    let o = docker(&mut w, "run -d --rm --restart always myapp:latest");
    assert_eq!(
        o.stderr(),
        "docker: conflicting options: cannot specify both --restart and --rm\n\nRun 'docker run --help' for more information\n"
    );
}
