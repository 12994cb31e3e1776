use super::*;
use crate::scenario::*;

#[test]
fn minimal_fixture_parses() {
    let s = ok(MINIMAL);
    assert_eq!(s.name, "mini");
    assert_eq!(
        s.world.containers[0].started,
        Some(TimeSpec::Relative(-6 * 3600 * 1_000_000_000))
    );
}

#[test]
fn shipped_scenario_metadata() {
    let s = ok(SHIPPED);
    assert_eq!(s.name, "latest-drifted");
    assert_eq!(
        s.title,
        "Deploy 'succeeded' but the app serves old code: :latest drifted"
    );
    assert_eq!(s.difficulty, Difficulty::Medium);
    assert_eq!(s.tools, ["docker", "curl"]);
    assert_eq!(s.clock.to_string(), "2026-11-27T09:00:00Z");
    assert_eq!(s.clock.unix_seconds(), 1_795_770_000);
    assert!(
        s.brief
            .starts_with("You shipped a hotfix and the deploy reported success")
    );
    assert!(s.brief.contains("(a17e5d3c9b82) in the IMAGE column"));
    assert!(!s.brief.starts_with(' '), "multi-line strings are dedented");
    assert_eq!(s.notes.len(), 1);
    assert!(s.notes[0].contains("`web  a17e5d3c9b82`"));
    assert!(
        s.debrief
            .as_deref()
            .is_some_and(|d| d.starts_with("What happened:"))
    );
    assert_eq!(s.followups.len(), 3);
    assert!(s.followups.iter().all(|f| f.answer.is_some()));
    assert!(s.followups[2].question.contains("pull_policy: always"));
}

#[test]
fn shipped_scenario_images() {
    let s = ok(SHIPPED);
    let [old, new] = s.world.images.as_slice() else {
        panic!("two images expected")
    };
    assert_eq!(old.references, ["myapp:1.7.2"]);
    assert!(
        old.id
            .as_deref()
            .is_some_and(|i| i.starts_with("a17e5d3c9b82") && i.len() == 64)
    );
    assert_eq!(old.created, TimeSpec::Relative(-2 * 86_400 * 1_000_000_000));
    assert_eq!(old.size, 187_406_329);
    assert!(
        old.env
            .contains(&("APP_VERSION".to_owned(), "1.7.2".to_owned()))
    );
    assert_eq!(old.cmd.as_deref(), Some(&["./server".to_owned()][..]));
    assert_eq!(old.workdir.as_deref(), Some("/app"));
    assert_eq!(
        old.expose,
        [ExposedPort {
            port: 8080,
            protocol: Protocol::Tcp
        }]
    );
    assert_eq!(old.expose[0].to_string(), "8080/tcp");
    assert!(old.labels.contains(&(
        "org.opencontainers.image.version".to_owned(),
        "1.7.2".to_owned()
    )));
    let version = &old.http[0];
    assert_eq!(
        (
            version.method.as_str(),
            version.path.as_str(),
            version.status
        ),
        ("GET", "/version", 200)
    );
    assert_eq!(version.body, "1.7.2\n");
    assert_eq!(old.logs[0].text, "myapp 1.7.2 starting (pid 1)");

    assert_eq!(new.references, ["myapp:latest"]);
    assert!(
        new.id
            .as_deref()
            .is_some_and(|i| i.starts_with("d5208f2801ce"))
    );
    assert_eq!(new.created, TimeSpec::Relative(-10 * 60 * 1_000_000_000));
    assert_eq!(new.http[0].body, "1.8.0\n");
    assert_eq!(old.span.line, 32);
    assert_eq!(old.span.column, 5);
}

#[test]
fn shipped_scenario_container() {
    let s = ok(SHIPPED);
    let web = s.world.container("web").expect("web is declared");
    assert_eq!(web.image, "myapp:latest");
    assert_eq!(web.pinned.as_deref(), Some("myapp:1.7.2"));
    let six_hours = TimeSpec::Relative(-6 * 3600 * 1_000_000_000);
    assert_eq!((web.created, web.started), (six_hours, Some(six_hours)));
    assert_eq!(web.state, ContainerStateDecl::Running);
    assert_eq!(web.publish.len(), 1);
    assert_eq!(web.publish[0].to_string(), "8080:8080");
    assert_eq!(web.restart, Some(RestartPolicy::UnlessStopped));
    assert_eq!(
        web.env,
        [
            ("PORT".to_owned(), "8080".to_owned()),
            ("LOG_LEVEL".to_owned(), "info".to_owned())
        ]
    );
    assert_eq!(web.logs.len(), 4);
    assert_eq!(web.logs[2].stream, LogStream::Stderr);
    assert_eq!(
        web.logs[2].at,
        Some(TimeSpec::Relative(-5 * 3600 * 1_000_000_000))
    );
    // The tag resolves to the rebuilt image; the pin to the old one.
    assert!(
        s.world
            .image(&web.image)
            .is_some_and(|i| i.references == ["myapp:latest"])
    );
    let pinned = web.pinned.as_deref().and_then(|p| s.world.image(p));
    assert!(pinned.is_some_and(|i| i.references == ["myapp:1.7.2"]));
    assert!(
        s.world
            .image("a17e5d3c9b82")
            .is_some_and(|i| i.references == ["myapp:1.7.2"])
    );
    assert!(
        s.world
            .image("sha256:d5208f2801ce")
            .is_some_and(|i| i.references == ["myapp:latest"])
    );
    assert!(
        s.world
            .image("myapp")
            .is_some_and(|i| i.references == ["myapp:latest"])
    );
}

#[test]
fn shipped_scenario_checks_and_hints() {
    let s = ok(SHIPPED);
    let names: Vec<&str> = s.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["diagnosed", "recreated"]);
    let Predicate::Shown {
        before_change,
        evidence,
        ..
    } = &s.checks[0].predicates[0]
    else {
        panic!("diagnosed is a shown predicate")
    };
    assert_eq!(before_change.as_deref(), Some("web"));
    assert_eq!(
        evidence,
        &[
            Evidence::ImageOf {
                container: "web".to_owned()
            },
            Evidence::IdOf {
                image: "myapp:latest".to_owned(),
                at: When::Start
            },
        ]
    );
    let recreated = &s.checks[1];
    let [
        Predicate::Container {
            name, conditions, ..
        },
        Predicate::Http {
            method,
            url,
            status,
            body,
            ..
        },
    ] = recreated.predicates.as_slice()
    else {
        panic!(
            "recreated is container + http, got {:?}",
            recreated.predicates
        )
    };
    assert_eq!(name, "web");
    assert_eq!(
        conditions,
        &[
            ContainerCondition::State(StateName::Running),
            ContainerCondition::Image(ImageSelector::IdOf {
                image: "myapp:latest".to_owned(),
                at: When::Start
            }),
            ContainerCondition::Publishes(PortSpec {
                host_ip: None,
                host_port: Some(8080),
                container_port: 8080,
                protocol: Protocol::Tcp
            }),
        ]
    );
    assert_eq!(
        (method.as_str(), url.as_str()),
        ("GET", "http://localhost:8080/version")
    );
    assert_eq!((*status, body.as_deref()), (Some(200), Some("1.8.0\n")));

    let triggers: Vec<&HintTrigger> = s.hints.iter().map(|h| &h.trigger).collect();
    assert_eq!(
        triggers,
        [
            &HintTrigger::Ran("docker restart web".to_owned()),
            &HintTrigger::Ran("docker tag".to_owned()),
            &HintTrigger::Failed("diagnosed".to_owned()),
            &HintTrigger::Failed("recreated".to_owned()),
        ]
    );
    assert!(s.hints.iter().all(|h| !h.text.is_empty()));
}

#[test]
fn shipped_scenario_loads_from_disk() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/latest-drifted.kdl");
    let s = match load(&path) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    };
    assert_eq!(s.name, "latest-drifted");
}
