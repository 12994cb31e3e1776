use super::tree::{Node, Value};
use miette::SourceSpan;

use super::Cx;
use super::node::{self, Shape};
use crate::scenario::reference;
use crate::scenario::{
    ContainerDecl, ContainerStateDecl, ContainerStorageDecl, ExposedPort, HttpRoute, ImageDecl,
    LogLine, LogStream, PortSpec, RemoteImageDecl, RestartPolicy, Spanned, TimeSpec, Timestamp,
    WorldDecl,
};

const WORLD_CHILDREN: [&str; 7] = [
    "image",
    "container",
    "import",
    "network",
    "volume",
    "host",
    "registry",
];
const IMAGE_PROPS: [&str; 3] = ["id", "created", "size"];
/// A registry image also names its manifest digest.
const REMOTE_PROPS: [&str; 4] = ["id", "created", "size", "digest"];
const IMAGE_CHILDREN: [&str; 10] = [
    "volume",
    "env",
    "cmd",
    "entrypoint",
    "workdir",
    "user",
    "expose",
    "label",
    "http",
    "log",
];
const CONTAINER_PROPS: [&str; 10] = [
    "network",
    "image",
    "pinned",
    "id",
    "created",
    "started",
    "state",
    "exit-code",
    "finished",
    "paused",
];
const CONTAINER_CHILDREN: [&str; 9] = [
    "publish", "restart", "env", "cmd", "label", "log", "alias", "volume", "mount",
];

pub(crate) fn walk(cx: &mut Cx<'_>, n: &Node<'_>, clock: Option<Timestamp>) -> WorldDecl {
    node::check(cx, n, &Shape::args(0, Some(0), "none").children());
    let mut world = WorldDecl::default();
    let mut container_nodes = Vec::new();
    // Where each image ID / reference was first declared, for duplicate reports.
    let mut refs_seen: Vec<(String, SourceSpan)> = Vec::new();
    let mut ids_seen: Vec<(String, SourceSpan)> = Vec::new();
    for c in node::children(n) {
        match node::name(c) {
            "image" => {
                if let Some(img) = image(cx, c, clock, &mut refs_seen, &mut ids_seen, &IMAGE_PROPS)
                {
                    world.images.push(img);
                }
            }
            "network" => {
                if let Some(d) = super::netvol::network(cx, c, clock) {
                    if world.networks.iter().any(|x| x.name == d.name) {
                        cx.error(
                            node::name_span(c),
                            format!("network {:?} is declared twice", d.name),
                        );
                    } else {
                        world.networks.push(d);
                    }
                }
            }
            "volume" => {
                if let Some(d) = super::netvol::volume(cx, c, clock) {
                    if world.volumes.iter().any(|x| x.name == d.name) {
                        cx.error(
                            node::name_span(c),
                            format!("volume {:?} is declared twice", d.name),
                        );
                    } else {
                        world.volumes.push(d);
                    }
                }
            }
            "host" => super::netvol::host(cx, c, &mut world.host),
            "registry" => {
                node::check(cx, c, &Shape::args(0, Some(0), "none").children());
                let mut remote_refs = Vec::new();
                let mut remote_ids = Vec::new();
                for r in node::children(c) {
                    if node::name(r) != "image" {
                        node::unknown_child(cx, "registry", r, &["image"]);
                        continue;
                    }
                    let digest = node::prop_string(cx, r, "digest", "a sha256 digest").and_then(
                        |(d, at)| match reference::as_id(&d) {
                            Some(hex) if hex.len() == 64 => Some(hex),
                            _ => {
                                cx.error(at, "a digest is sha256: and 64 lowercase hex digits");
                                None
                            }
                        },
                    );
                    if let Some(img) = image(
                        cx,
                        r,
                        clock,
                        &mut remote_refs,
                        &mut remote_ids,
                        &REMOTE_PROPS,
                    ) {
                        world.registry.push(RemoteImageDecl { image: img, digest });
                    }
                }
            }
            "container" => container_nodes.push(c),
            "import" => {
                if node::check(
                    cx,
                    c,
                    &Shape::args(1, Some(1), "a JSON file path, relative to the scenario"),
                ) && let Some(path) = node::arg_string(cx, c, 0, "a JSON file path")
                {
                    if path.trim().is_empty() {
                        cx.error(node::name_span(c), "`import` needs a file path");
                    } else {
                        world.imports.push(Spanned {
                            value: path,
                            span: cx.node_span(c),
                        });
                    }
                }
            }
            _ => node::unknown_child(cx, "world", c, &WORLD_CHILDREN),
        }
    }
    let mut names_seen: Vec<(String, SourceSpan)> = Vec::new();
    for c in container_nodes {
        if let Some(decl) = container(cx, c, clock, &world, &mut names_seen) {
            world.containers.push(decl);
        }
    }
    world
}

fn image(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    clock: Option<Timestamp>,
    refs_seen: &mut Vec<(String, SourceSpan)>,
    ids_seen: &mut Vec<(String, SourceSpan)>,
    props: &'static [&'static str],
) -> Option<ImageDecl> {
    node::check(
        cx,
        n,
        &Shape::args(0, None, "the image's references, like \"myapp:1.7.2\"")
            .props(props)
            .children(),
    );
    let mut references = Vec::new();
    for (r, at) in node::arg_strings(cx, n, "an image reference") {
        if let Some(problem) = reference::problem(&r) {
            cx.error(at, problem);
            continue;
        }
        if !reference::has_tag(&r) {
            cx.error_help(
                at,
                format!("{r:?} has no tag; declared references carry one"),
                format!("write \"{r}:latest\" if that is what you mean"),
            );
            continue;
        }
        if let Some((_, first)) = refs_seen.iter().find(|(seen, _)| *seen == r) {
            let first = cx.span(*first);
            cx.error(
                at,
                format!("{r:?} is already declared at {first}; a reference names one image"),
            );
            continue;
        }
        refs_seen.push((r.clone(), at));
        references.push(r);
    }
    let id = node::prop_string(cx, n, "id", "an image ID").and_then(|(id, at)| {
        if let Some(p) = reference::id_problem(&id) {
            cx.error(at, p);
            return None;
        }
        let hex = reference::as_id(&id)?;
        if let Some((other, first)) = ids_seen
            .iter()
            .find(|(seen, _)| seen.starts_with(&hex) || hex.starts_with(seen.as_str()))
        {
            let first = cx.span(*first);
            let msg = if *other == hex {
                format!("image ID {hex} is already declared at {first}")
            } else {
                format!("image ID {hex} overlaps {other} declared at {first}; one would be a prefix of the other")
            };
            cx.error(at, msg);
            return None;
        }
        ids_seen.push((hex.clone(), at));
        Some(hex)
    });
    if references.is_empty() && node::prop(n, "id").is_none() && node::args(n).next().is_none() {
        cx.error(
            node::name_span(n),
            "an image needs a reference (\"myapp:1.7.2\") or, for a dangling image, an `id`",
        );
    }
    let created = required_time(cx, n, "created", clock, "the image");
    let size = match node::prop(n, "size") {
        Some(e) => node::integer(cx, e, "the size in bytes").and_then(|v| match u64::try_from(v) {
            Ok(v) => Some(v),
            Err(_) => {
                let at = node::value_span(cx, e);
                cx.error(
                    at,
                    format!("size {v} is not a byte count; expected 0 or more"),
                );
                None
            }
        }),
        None => {
            cx.error(
                node::name_span(n),
                "`image` is missing `size=` (bytes, as `docker image inspect` shows `Size`)",
            );
            None
        }
    };

    let mut img = ImageDecl {
        references,
        id,
        created: created.unwrap_or(TimeSpec::Relative(0)),
        size: size.unwrap_or(0),
        env: Vec::new(),
        cmd: None,
        entrypoint: None,
        workdir: None,
        user: None,
        expose: Vec::new(),
        labels: Vec::new(),
        http: Vec::new(),
        logs: Vec::new(),
        volumes: Vec::new(),
        process: crate::scenario::ProcessDecl::default(),
        span: cx.node_span(n),
    };
    let mut cmd_node = None;
    let mut entrypoint_node = None;
    let mut workdir_node = None;
    let mut user_node = None;
    let mut env_seen = Vec::new();
    let mut label_seen = Vec::new();
    for c in node::children(n) {
        match node::name(c) {
            "env" => img.env.extend(pairs(cx, c, "env", &mut env_seen)),
            "label" => img.labels.extend(pairs(cx, c, "label", &mut label_seen)),
            "cmd" => {
                if node::once(cx, &mut cmd_node, c) {
                    img.cmd = argv(cx, c);
                }
            }
            "entrypoint" => {
                if node::once(cx, &mut entrypoint_node, c) {
                    img.entrypoint = argv(cx, c);
                }
            }
            "workdir" => {
                if node::once(cx, &mut workdir_node, c) {
                    img.workdir = single(cx, c, "an absolute path like /app");
                    if let Some(w) = &img.workdir
                        && !w.starts_with('/')
                    {
                        cx.error(
                            node::name_span(c),
                            format!("workdir {w:?} must be an absolute path"),
                        );
                    }
                }
            }
            "user" => {
                if node::once(cx, &mut user_node, c) {
                    img.user = single(cx, c, "a user name or UID[:GID]");
                }
            }
            "expose" => {
                node::check(cx, c, &Shape::args(1, None, "ports like \"8080/tcp\""));
                for e in node::args(c) {
                    let text = match e.value() {
                        Value::Integer(i) => i.to_string(),
                        _ => match node::string(cx, e, "a port like \"8080/tcp\"") {
                            Some(s) => s,
                            None => continue,
                        },
                    };
                    let at = node::value_span(cx, e);
                    match ExposedPort::parse(&text) {
                        Ok(p) if img.expose.contains(&p) => {
                            cx.error(at, format!("{p} is exposed twice"))
                        }
                        Ok(p) => img.expose.push(p),
                        Err(msg) => cx.error(at, msg),
                    }
                }
            }
            "http" => {
                if let Some(route) = http_route(cx, c) {
                    if img.http.iter().any(|r| {
                        r.method == route.method
                            && r.path == route.path
                            && r.when_env == route.when_env
                    }) {
                        cx.error(
                            node::name_span(c),
                            format!(
                                "a route for {} {} is already declared on this image",
                                route.method, route.path
                            ),
                        );
                    } else {
                        img.http.push(route);
                    }
                }
            }
            "log" => img.logs.extend(log_lines(cx, c, false, clock)),
            "volume" => {
                node::check(
                    cx,
                    c,
                    &Shape::args(1, None, "absolute paths (Dockerfile VOLUME)"),
                );
                for (v, at) in node::arg_strings(cx, c, "an absolute path") {
                    if v.starts_with('/') {
                        img.volumes.push(v);
                    } else {
                        cx.error(at, format!("volume {v:?} must be an absolute path"));
                    }
                }
            }
            name if super::process::IMAGE_NODES.contains(&name) => {
                super::process::child(cx, c, &mut img.process, clock);
            }
            _ => super::process::unknown(cx, "image", c, &IMAGE_CHILDREN, false),
        }
    }
    if let (Some(clock), Some(t)) = (clock, created)
        && t.resolve(clock).is_some_and(|t| t > clock)
    {
        let at = node::prop(n, "created").map_or(node::name_span(n), |e| node::value_span(cx, e));
        cx.error(at, "the image is created after the scenario clock; the world is what exists when play starts");
    }
    Some(img)
}

fn container(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    clock: Option<Timestamp>,
    world: &WorldDecl,
    names_seen: &mut Vec<(String, SourceSpan)>,
) -> Option<ContainerDecl> {
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the container name")
            .props(&CONTAINER_PROPS)
            .children(),
    );
    let name_at = node::args(n).next().map(|e| node::value_span(cx, e));
    let name = node::arg_string(cx, n, 0, "the container name");
    if let (Some(name), Some(at)) = (&name, name_at) {
        let valid = name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if !valid {
            cx.error(
                at,
                format!(
                    "{name:?} is not a container name; Docker allows [a-zA-Z0-9][a-zA-Z0-9_.-]*"
                ),
            );
        } else if let Some((_, first)) = names_seen.iter().find(|(s, _)| s == name) {
            let first = cx.span(*first);
            cx.error(
                at,
                format!("a container named {name:?} is already declared at {first}"),
            );
        } else {
            names_seen.push((name.clone(), at));
        }
    }

    let image = match node::prop_string(
        cx,
        n,
        "image",
        "the image reference as typed at `docker run`",
    ) {
        Some((r, at)) => {
            resolve_image(cx, world, &r, at, "image");
            Some((r, at))
        }
        None => {
            if node::prop(n, "image").is_none() {
                cx.error(
                    node::name_span(n),
                    "`container` is missing `image=` (the reference it was run from)",
                );
            }
            None
        }
    };
    let pinned =
        node::prop_string(cx, n, "pinned", "the image the tag named at create").map(|(p, at)| {
            let pinned_img = resolve_image(cx, world, &p, at, "pinned");
            let typed_img = image.as_ref().and_then(|(r, _)| world.image(r));
            if let (Some(a), Some(b)) = (pinned_img, typed_img)
                && a.span == b.span
            {
                cx.error_help(
                    at,
                    "`pinned` names the same image as `image`",
                    "`pinned` is for a tag that has moved since the container was created; drop it",
                );
            }
            (p, at)
        });
    let id = node::prop_string(cx, n, "id", "a container ID").and_then(|(id, at)| {
        match reference::id_problem(&id) {
            Some(p) => {
                cx.error(at, p);
                None
            }
            None => reference::as_id(&id),
        }
    });

    let created = required_time(cx, n, "created", clock, "the container");
    let started_given = optional_time(cx, n, "started");
    let state_text = node::prop_string(cx, n, "state", "running, exited, created or paused");
    let exit_code = node::prop(n, "exit-code").and_then(|e| {
        let v = node::integer(cx, e, "the exit code")?;
        match i32::try_from(v).ok().filter(|c| (0..=255).contains(c)) {
            Some(c) => Some(c),
            None => {
                let at = node::value_span(cx, e);
                cx.error(
                    at,
                    format!("exit code {v} is out of range; a process exits with 0 to 255"),
                );
                None
            }
        }
    });
    let finished = optional_time(cx, n, "finished");
    let paused = optional_time(cx, n, "paused");
    let state = match &state_text {
        None => ContainerStateDecl::Running,
        Some((s, at)) => match s.as_str() {
            "running" => ContainerStateDecl::Running,
            "created" => ContainerStateDecl::Created,
            "paused" => ContainerStateDecl::Paused {
                since: paused.as_ref().map(|(t, _)| *t),
            },
            "exited" => ContainerStateDecl::Exited {
                code: exit_code.unwrap_or(0),
                finished: finished.map(|(t, _)| t),
            },
            other => {
                cx.error_opt_help(
                    *at,
                    format!("unknown container state {other:?}; expected running, exited, created or paused"),
                    super::suggest::did_you_mean(other, &ContainerStateDecl::NAMES),
                );
                ContainerStateDecl::Running
            }
        },
    };
    let exited = matches!(state, ContainerStateDecl::Exited { .. });
    let known_state = state_text.is_none()
        || state_text
            .as_ref()
            .is_some_and(|(s, _)| ContainerStateDecl::NAMES.contains(&s.as_str()));
    if known_state && !exited {
        for key in ["exit-code", "finished"] {
            if let Some(e) = node::prop(n, key) {
                let k = e.name().map_or(e.span(), |k| k.span());
                cx.error(k, format!("`{key}` applies only to state=\"exited\""));
            }
        }
    }
    if known_state
        && !matches!(state, ContainerStateDecl::Paused { .. })
        && let Some(e) = node::prop(n, "paused")
    {
        let k = e.name().map_or(e.span(), |k| k.span());
        cx.error(k, "`paused` applies only to state=\"paused\"");
    }
    let started = match (state, started_given) {
        (ContainerStateDecl::Created, Some((_, at))) => {
            cx.error(
                at,
                "a container in state \"created\" has never started; drop `started`",
            );
            None
        }
        (ContainerStateDecl::Created, None) => None,
        (_, Some((t, _))) => Some(t),
        (_, None) => created,
    };

    let mut decl = ContainerDecl {
        name: name.unwrap_or_default(),
        id,
        image: image.as_ref().map(|(r, _)| r.clone()).unwrap_or_default(),
        pinned: pinned.as_ref().map(|(p, _)| p.clone()),
        created: created.unwrap_or(TimeSpec::Relative(0)),
        started,
        state,
        publish: Vec::new(),
        restart: None,
        env: Vec::new(),
        cmd: None,
        labels: Vec::new(),
        logs: Vec::new(),
        storage: ContainerStorageDecl {
            network: node::prop_string(cx, n, "network", "a network name").map(|(s, _)| s),
            ..ContainerStorageDecl::default()
        },
        process: crate::scenario::ProcessDecl::default(),
        span: cx.node_span(n),
    };
    let mut restart_node = None;
    let mut cmd_node = None;
    let mut env_seen = Vec::new();
    let mut label_seen = Vec::new();
    for c in node::children(n) {
        match node::name(c) {
            "publish" => {
                node::check(
                    cx,
                    c,
                    &Shape::args(1, None, "publish specs like \"8080:8080\""),
                );
                for (spec, at) in node::arg_strings(cx, c, "a publish spec like \"8080:8080\"") {
                    match PortSpec::parse(&spec) {
                        Ok(p) if decl.publish.contains(&p) => {
                            cx.error(at, format!("{spec:?} is published twice"))
                        }
                        Ok(p) => decl.publish.push(p),
                        Err(msg) => cx.error(at, msg),
                    }
                }
            }
            "restart" => {
                if node::once(cx, &mut restart_node, c)
                    && let Some(text) = single(cx, c, "a restart policy")
                {
                    let at = node::args(c)
                        .next()
                        .map_or(node::name_span(c), |e| node::value_span(cx, e));
                    match RestartPolicy::parse(&text) {
                        Ok(p) => decl.restart = Some(p),
                        Err(msg) => cx.error_opt_help(
                            at,
                            msg,
                            super::suggest::did_you_mean(
                                &text,
                                &["no", "always", "unless-stopped", "on-failure"],
                            ),
                        ),
                    }
                }
            }
            "env" => decl.env.extend(pairs(cx, c, "env", &mut env_seen)),
            "label" => decl.labels.extend(pairs(cx, c, "label", &mut label_seen)),
            "cmd" => {
                if node::once(cx, &mut cmd_node, c) {
                    decl.cmd = argv(cx, c);
                }
            }
            "log" => decl.logs.extend(log_lines(cx, c, true, clock)),
            name if super::process::CONTAINER_NODES.contains(&name) => {
                super::process::child(cx, c, &mut decl.process, clock);
            }
            _ => {
                if !super::netvol::container_child(cx, c, &mut decl.storage) {
                    super::process::unknown(cx, "container", c, &CONTAINER_CHILDREN, true);
                }
            }
        }
    }
    if let Some(clock) = clock {
        timeline(
            cx,
            n,
            clock,
            world,
            &decl,
            image.as_ref().map(|(r, _)| r.as_str()),
        );
    }
    Some(decl)
}

/// The declared image a container property names, reporting when none does.
fn resolve_image<'w>(
    cx: &mut Cx<'_>,
    world: &'w WorldDecl,
    r: &str,
    at: SourceSpan,
    key: &str,
) -> Option<&'w crate::scenario::ImageDecl> {
    if reference::as_id(r).is_none()
        && let Some(problem) = reference::problem(r)
    {
        cx.error(at, problem);
        return None;
    }
    let found = world.image(r);
    // With an imported world the image may come from the import, which only
    // the world builder reads; it reports a reference that is in neither.
    if found.is_none() && world.imports.is_empty() {
        let declared: Vec<&str> = world
            .images
            .iter()
            .flat_map(|i| i.references.iter().map(String::as_str))
            .collect();
        let help = super::suggest::did_you_mean(r, &declared).or_else(|| {
            (!declared.is_empty()).then(|| format!("declared references: {}", declared.join(", ")))
        });
        cx.error_opt_help(
            at,
            format!("`{key}` names {r:?}, which no declared image has"),
            help,
        );
    }
    found
}

/// Times that contradict each other would make the engine print a history
/// that cannot happen (a container older than its image, a start before the
/// create), so they are errors, not quirks.
fn timeline(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    clock: Timestamp,
    world: &WorldDecl,
    c: &ContainerDecl,
    typed: Option<&str>,
) {
    let at = |cx: &Cx<'_>, key: &str| {
        node::prop(n, key).map_or(node::name_span(n), |e| node::value_span(cx, e))
    };
    let Some(created) = c.created.resolve(clock) else {
        return;
    };
    if created > clock {
        let s = at(cx, "created");
        cx.error(s, "the container is created after the scenario clock; the world is what exists when play starts");
        return;
    }
    if let Some(started) = c.started.and_then(|t| t.resolve(clock))
        && node::prop(n, "started").is_some()
    {
        if started < created {
            let s = at(cx, "started");
            cx.error(s, "the container starts before it is created");
        } else if started > clock {
            let s = at(cx, "started");
            cx.error(s, "the container starts after the scenario clock");
        }
    }
    if let ContainerStateDecl::Paused { since: Some(p) } = c.state
        && let Some(paused) = p.resolve(clock)
    {
        let start = c.started.and_then(|t| t.resolve(clock)).unwrap_or(created);
        if paused < start || paused > clock {
            let s = at(cx, "paused");
            cx.error(
                s,
                "`paused` must fall between the container's start and the scenario clock",
            );
        }
    }
    if let ContainerStateDecl::Exited {
        finished: Some(f), ..
    } = c.state
        && let Some(finished) = f.resolve(clock)
    {
        let start = c.started.and_then(|t| t.resolve(clock)).unwrap_or(created);
        if finished < start || finished > clock {
            let s = at(cx, "finished");
            cx.error(
                s,
                "`finished` must fall between the container's start and the scenario clock",
            );
        }
    }
    let source = match (&c.pinned, typed) {
        (Some(p), _) => world.image(p),
        (None, Some(t)) => world.image(t),
        (None, None) => None,
    };
    if let Some(img) = source
        && let Some(img_created) = img.created.resolve(clock)
        && img_created > created
    {
        if c.pinned.is_some() {
            let s = at(cx, "pinned");
            cx.error(s, "the pinned image was created after the container; a container can only be created from an image that exists");
        } else {
            let s = at(cx, "image");
            cx.error_help(
                s,
                format!("{:?} names an image created after this container", c.image),
                "the tag must have named another image when the container was created: say which with pinned=\"REFERENCE-OR-ID\"",
            );
        }
    }
}

fn required_time(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    key: &str,
    clock: Option<Timestamp>,
    what: &str,
) -> Option<TimeSpec> {
    if node::prop(n, key).is_none() {
        cx.error(
            node::name_span(n),
            format!("`{}` is missing `{key}=` (when {what} was created: \"-2d\", \"-6h\", or an RFC 3339 time)", node::name(n)),
        );
        return None;
    }
    let (t, at) = optional_time(cx, n, key)?;
    if let Some(clock) = clock
        && t.resolve(clock).is_none()
    {
        cx.error(at, "this time is out of range");
        return None;
    }
    Some(t)
}

fn optional_time(cx: &mut Cx<'_>, n: &Node<'_>, key: &str) -> Option<(TimeSpec, SourceSpan)> {
    let (text, at) = node::prop_string(
        cx,
        n,
        key,
        "a time like \"-6h\" or \"2026-11-27T09:00:00Z\"",
    )?;
    match TimeSpec::parse(&text) {
        Ok(t) => Some((t, at)),
        Err(e) => {
            cx.error(at, format!("bad `{key}` time: {e}"));
            None
        }
    }
}

/// env/label: `env KEY="value" ...`; keys must be unique per container/image.
pub(crate) fn pairs(
    cx: &mut Cx<'_>,
    c: &Node<'_>,
    what: &str,
    seen: &mut Vec<String>,
) -> Vec<(String, String)> {
    let shape = Shape::args(0, Some(0), "none; write KEY=\"value\" properties").any_props();
    node::check(cx, c, &shape);
    if node::props(c).next().is_none() {
        cx.error(
            node::name_span(c),
            format!("`{what}` needs at least one KEY=\"value\" property"),
        );
    }
    let mut out = Vec::new();
    for (k, v, at) in node::pairs(cx, c, &format!("the {what} value")) {
        if k.is_empty() || (what == "env" && k.contains('=')) {
            cx.error(at, format!("{k:?} is not a valid {what} name"));
        } else if seen.contains(&k) {
            cx.error(at, format!("{what} {k} is set twice"));
        } else {
            seen.push(k.clone());
            out.push((k, v));
        }
    }
    out
}

/// cmd/entrypoint: the exec form, one argument per word.
fn argv(cx: &mut Cx<'_>, c: &Node<'_>) -> Option<Vec<String>> {
    node::check(
        cx,
        c,
        &Shape::args(1, None, "the program and its arguments, one string each"),
    );
    let words: Vec<String> = node::arg_strings(cx, c, "a command word")
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    (!words.is_empty()).then_some(words)
}

fn single(cx: &mut Cx<'_>, c: &Node<'_>, what: &'static str) -> Option<String> {
    if !node::check(cx, c, &Shape::args(1, Some(1), what)) {
        return None;
    }
    node::arg_string(cx, c, 0, what)
}

fn http_route(cx: &mut Cx<'_>, c: &Node<'_>) -> Option<HttpRoute> {
    let ok = node::check(
        cx,
        c,
        &Shape::args(2, Some(2), "the method and the path, like GET \"/version\"")
            .props(&["status", "body"])
            .children(),
    );
    let method = node::arg_string(cx, c, 0, "an HTTP method");
    let path = node::arg_string(cx, c, 1, "a path starting with /");
    if let Some(m) = &method
        && !valid_method(m)
    {
        let at = node::args(c)
            .next()
            .map_or(node::name_span(c), |e| node::value_span(cx, e));
        cx.error(
            at,
            format!("{m:?} is not an HTTP method; expected an uppercase word like GET or POST"),
        );
    }
    if let Some(p) = &path
        && !p.starts_with('/')
    {
        let at = node::args(c)
            .nth(1)
            .map_or(node::name_span(c), |e| node::value_span(cx, e));
        cx.error(at, format!("path {p:?} must start with /"));
    }
    let status = status_prop(cx, c).unwrap_or(200);
    let body = node::prop_string(cx, c, "body", "the response body")
        .map(|(b, _)| b)
        .unwrap_or_default();
    let mut headers = Vec::new();
    let mut seen = Vec::new();
    let mut when_env = Vec::new();
    let mut seen_env = Vec::new();
    for h in node::children(c) {
        match node::name(h) {
            "header" => headers.extend(pairs(cx, h, "header", &mut seen)),
            "when-env" => when_env.extend(pairs(cx, h, "env", &mut seen_env)),
            _ => node::unknown_child(cx, "http", h, &["header", "when-env"]),
        }
    }
    if !ok {
        return None;
    }
    Some(HttpRoute {
        method: method?,
        path: path?,
        status,
        body,
        headers,
        when_env,
        span: cx.node_span(c),
    })
}

pub(crate) fn valid_method(m: &str) -> bool {
    !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase())
}

pub(crate) fn status_prop(cx: &mut Cx<'_>, c: &Node<'_>) -> Option<u16> {
    let e = node::prop(c, "status")?;
    let v = node::integer(cx, e, "an HTTP status code")?;
    match u16::try_from(v).ok().filter(|s| (100..=599).contains(s)) {
        Some(s) => Some(s),
        None => {
            let at = node::value_span(cx, e);
            cx.error(
                at,
                format!("{v} is not an HTTP status; expected 100 to 599"),
            );
            None
        }
    }
}

pub(crate) fn log_lines(
    cx: &mut Cx<'_>,
    c: &Node<'_>,
    timed: bool,
    clock: Option<Timestamp>,
) -> Vec<LogLine> {
    let props: &'static [&'static str] = if timed {
        &["stream", "at"]
    } else {
        &["stream"]
    };
    node::check(
        cx,
        c,
        &Shape::args(1, None, "the lines, one string each, without newlines").props(props),
    );
    let stream = match node::prop_string(cx, c, "stream", "stdout or stderr") {
        None => LogStream::Stdout,
        Some((s, at)) => match s.as_str() {
            "stdout" => LogStream::Stdout,
            "stderr" => LogStream::Stderr,
            other => {
                cx.error(
                    at,
                    format!("unknown stream {other:?}; expected stdout or stderr"),
                );
                LogStream::Stdout
            }
        },
    };
    let at = if timed {
        optional_time(cx, c, "at")
    } else {
        None
    };
    if let (Some((t, span)), Some(clock)) = (at, clock)
        && t.resolve(clock).is_none_or(|t| t > clock)
    {
        cx.error(
            span,
            "a log line cannot be written after the scenario clock",
        );
    }
    let mut out = Vec::new();
    for (text, span) in node::arg_strings(cx, c, "a log line") {
        if text.contains('\n') {
            cx.error_help(
                span,
                "a log line cannot contain a newline",
                "give each line as its own string",
            );
            continue;
        }
        out.push(LogLine {
            text,
            stream,
            at: at.map(|(t, _)| t),
        });
    }
    out
}
