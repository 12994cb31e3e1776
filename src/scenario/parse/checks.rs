use super::tree::Node;
use miette::SourceSpan;

use super::node::{self, Shape};
use super::suggest::did_you_mean;
use super::{Cx, top, world};
use crate::scenario::reference;
use crate::scenario::{
    CheckDecl, ContainerCondition, Evidence, HealthName, ImageSelector, PortSpec, Predicate,
    RestartPolicy, StateName, When, WorldDecl, parse_duration,
};

const CHECK_CHILDREN: [&str; 7] = [
    "about",
    "shown",
    "container",
    "http",
    "ran",
    "not-ran",
    "tag",
];
const EVIDENCE: [&str; 4] = ["image-of", "id-of", "text", "any"];
const CONDITIONS: [&str; 13] = [
    "state",
    "resolves",
    "image",
    "publishes",
    "restart",
    "env",
    "same-container",
    "not-restarted",
    "memory-limit",
    "file",
    "health",
    "exit-code",
    "steady",
];
const SELECTORS: [&str; 3] = ["id-of", "reference", "image-of"];

pub(crate) fn walk(cx: &mut Cx<'_>, nodes: &[&Node<'_>], world: &WorldDecl) -> Vec<CheckDecl> {
    let mut out: Vec<CheckDecl> = Vec::new();
    let mut seen: Vec<(String, SourceSpan)> = Vec::new();
    for n in nodes {
        node::check(cx, n, &Shape::args(1, Some(1), "the check name").children());
        let name_at = node::args(n).next().map(|e| node::value_span(cx, e));
        let name = node::arg_string(cx, n, 0, "the check name");
        if let (Some(name), Some(at)) = (&name, name_at)
            && top::slug(cx, name, at, "a check name")
        {
            if let Some((_, first)) = seen.iter().find(|(s, _)| s == name) {
                let first = cx.span(*first);
                cx.error(
                    at,
                    format!("a check named {name:?} is already declared at {first}"),
                );
            } else {
                seen.push((name.clone(), at));
            }
        }
        let mut about_node = None;
        let mut predicates = Vec::new();
        for c in node::children(n) {
            match node::name(c) {
                "about" => {
                    node::once(cx, &mut about_node, c);
                }
                "shown" => predicates.extend(shown(cx, c, world)),
                "container" => predicates.extend(container(cx, c, world)),
                "http" => predicates.extend(http(cx, c)),
                "ran" | "not-ran" => predicates.extend(ran(cx, c)),
                "tag" => predicates.extend(tag(cx, c, world)),
                _ => node::unknown_child(cx, "check", c, &CHECK_CHILDREN),
            }
        }
        let about = match about_node {
            Some(a) => top::text_node(cx, a, "what the check means, in a sentence"),
            None => {
                cx.error(
                    node::name_span(n),
                    "`check` is missing `about` (what passing it means, in a sentence)",
                );
                None
            }
        };
        if predicates.is_empty() && !node::children(n).iter().any(|c| node::name(c) != "about") {
            cx.error(
                node::name_span(n),
                "`check` has no predicate; add shown, container, http, ran, not-ran or tag",
            );
        }
        out.push(CheckDecl {
            name: name.unwrap_or_default(),
            about: about.unwrap_or_default(),
            predicates,
            span: cx.node_span(n),
        });
    }
    out
}

fn shown(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl) -> Option<Predicate> {
    node::check(
        cx,
        n,
        &Shape::args(0, Some(0), "none")
            .props(&["before-change"])
            .children(),
    );
    let before_change =
        node::prop_string(cx, n, "before-change", "a container name").map(|(c, at)| {
            known_container(cx, world, &c, at);
            c
        });
    let evidence = evidence_list(cx, n, world, "shown");
    if node::children(n).is_empty() {
        cx.error(
            node::name_span(n),
            "`shown` lists no evidence; add image-of, id-of, text or any",
        );
    }
    Some(Predicate::Shown {
        before_change,
        evidence,
        span: cx.node_span(n),
    })
}

/// The evidence items inside `n` (`shown`, or `any` nested in it).
fn evidence_list(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl, parent: &str) -> Vec<Evidence> {
    let mut evidence = Vec::new();
    for c in node::children(n) {
        match node::name(c) {
            "image-of" => {
                if let Some(container) = image_of(cx, c, world) {
                    evidence.push(Evidence::ImageOf { container });
                }
            }
            "text" => evidence.extend(text_evidence(cx, c)),
            "id-of" => {
                if let Some((image, at)) = id_of(cx, c, world) {
                    evidence.push(Evidence::IdOf { image, at });
                }
            }
            "any" => {
                node::check(cx, c, &Shape::args(0, Some(0), "none").children());
                if node::children(c).is_empty() {
                    cx.error(
                        node::name_span(c),
                        "`any` lists no evidence; put the alternatives inside { }",
                    );
                }
                evidence.push(Evidence::Any(evidence_list(cx, c, world, "any")));
            }
            _ => node::unknown_child(cx, parent, c, &EVIDENCE),
        }
    }
    evidence
}

/// `text "A" "B" ... asked="TEXT"`.
fn text_evidence(cx: &mut Cx<'_>, c: &Node<'_>) -> Option<Evidence> {
    node::check(
        cx,
        c,
        &Shape::args(1, None, "texts, any one of which counts").props(&["asked"]),
    );
    let texts = node::arg_strings(cx, c, "a text the output shows");
    let mut ok = Vec::new();
    for (t, at) in texts {
        if t.trim().is_empty() {
            cx.error(at, "an empty text is in every output; it proves nothing");
        } else {
            ok.push(t);
        }
    }
    let asked = match node::prop_string(cx, c, "asked", "text of the command line") {
        Some((a, at)) if a.trim().is_empty() => {
            cx.error(at, "an empty `asked` matches every command line");
            None
        }
        other => other.map(|(a, _)| a),
    };
    (!ok.is_empty()).then_some(Evidence::Text { texts: ok, asked })
}

/// `image-of container="NAME"`: the container's name, once it is known.
fn image_of(cx: &mut Cx<'_>, c: &Node<'_>, world: &WorldDecl) -> Option<String> {
    node::check(
        cx,
        c,
        &Shape::args(0, Some(0), "none").props(&["container"]),
    );
    match node::prop_string(cx, c, "container", "a container name") {
        Some((name, at)) => {
            known_container(cx, world, &name, at);
            Some(name)
        }
        None => {
            if node::prop(c, "container").is_none() {
                cx.error(node::name_span(c), "`image-of` is missing `container=`");
            }
            None
        }
    }
}

/// `id-of image="REF" at="start"|"end"`.
fn id_of(cx: &mut Cx<'_>, c: &Node<'_>, world: &WorldDecl) -> Option<(String, When)> {
    node::check(
        cx,
        c,
        &Shape::args(0, Some(0), "none").props(&["image", "at"]),
    );
    let at = match node::prop_string(cx, c, "at", "start or end") {
        None => When::Start,
        Some((w, span)) => match w.as_str() {
            "start" => When::Start,
            "end" => When::End,
            other => {
                cx.error_opt_help(
                    span,
                    format!("unknown `at` {other:?}; expected start or end"),
                    did_you_mean(other, &["start", "end"]),
                );
                When::Start
            }
        },
    };
    let Some((image, span)) = node::prop_string(cx, c, "image", "an image reference") else {
        if node::prop(c, "image").is_none() {
            cx.error(node::name_span(c), "`id-of` is missing `image=`");
        }
        return None;
    };
    known_reference(cx, world, &image, span);
    Some((image, at))
}

fn container(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl) -> Option<Predicate> {
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the container name")
            .props(&["after"])
            .children(),
    );
    let after =
        node::prop_string(cx, n, "after", "a duration like \"2m\"").and_then(|(text, at)| {
            match parse_duration(&text) {
                Ok(d) if d > 0 => Some(d),
                Ok(_) => {
                    cx.error(
                        at,
                        "`after` must be longer than 0s; leave it out to judge at the end",
                    );
                    None
                }
                Err(e) => {
                    cx.error(at, e);
                    None
                }
            }
        });
    let name_at = node::args(n).next().map(|e| node::value_span(cx, e));
    let name = node::arg_string(cx, n, 0, "the container name");
    if let (Some(name), Some(at)) = (&name, name_at) {
        known_container(cx, world, name, at);
    }
    let mut conditions = Vec::new();
    for c in node::children(n) {
        let cond = match node::name(c) {
            "state" => one_arg(cx, c, "a container state").and_then(|(s, at)| {
                match StateName::from_name(&s) {
                    Some(st) => Some(ContainerCondition::State(st)),
                    None => {
                        cx.error_opt_help(
                            at,
                            format!(
                                "unknown state {s:?}; expected one of {}",
                                StateName::NAMES.join(", ")
                            ),
                            did_you_mean(&s, &StateName::NAMES),
                        );
                        None
                    }
                }
            }),
            "image" => image_selector(cx, c, world).map(ContainerCondition::Image),
            "publishes" => {
                one_arg(cx, c, "a publish spec like \"8080:8080\"").and_then(|(s, at)| {
                    PortSpec::parse(&s)
                        .map_err(|e| cx.error(at, e))
                        .ok()
                        .map(ContainerCondition::Publishes)
                })
            }
            "restart" => one_arg(cx, c, "a restart policy").and_then(|(s, at)| {
                RestartPolicy::parse(&s)
                    .map_err(|e| cx.error(at, e))
                    .ok()
                    .map(ContainerCondition::RestartPolicy)
            }),
            "file" => {
                node::check(
                    cx,
                    c,
                    &Shape::args(1, Some(1), "an absolute path").props(&["content"]),
                );
                let path = node::arg_string(cx, c, 0, "an absolute path");
                let content = node::prop_string(cx, c, "content", "the file's content");
                if node::prop(c, "content").is_none() {
                    cx.error(node::name_span(c), "`file` needs content=TEXT");
                }
                match (path, content) {
                    (Some(p), _) if !p.starts_with('/') => {
                        cx.error(node::name_span(c), format!("{p:?} is not an absolute path"));
                        None
                    }
                    (Some(path), Some((content, _))) => {
                        Some(ContainerCondition::File { path, content })
                    }
                    _ => None,
                }
            }
            "memory-limit" => {
                node::check(
                    cx,
                    c,
                    &Shape::args(0, Some(0), "none; write min=SIZE and/or max=SIZE")
                        .props(&["min", "max"]),
                );
                let min = super::process::size_prop(cx, c, "min");
                let max = super::process::size_prop(cx, c, "max");
                if node::prop(c, "min").is_none() && node::prop(c, "max").is_none() {
                    cx.error(
                        node::name_span(c),
                        "`memory-limit` needs min=SIZE, max=SIZE or both (like \"512m\")",
                    );
                    None
                } else if let (Some(lo), Some(hi)) = (min, max)
                    && lo > hi
                {
                    cx.error(node::name_span(c), "`memory-limit` has min above max");
                    None
                } else {
                    Some(ContainerCondition::MemoryLimit { min, max })
                }
            }
            "same-container" | "not-restarted" | "steady" => {
                node::check(cx, c, &Shape::args(0, Some(0), "none"));
                Some(match node::name(c) {
                    "same-container" => ContainerCondition::SameContainer,
                    "not-restarted" => ContainerCondition::NotRestarted,
                    _ => ContainerCondition::Steady,
                })
            }
            "health" => one_arg(cx, c, "a health status").and_then(|(s, at)| {
                match HealthName::from_name(&s) {
                    Some(h) => Some(ContainerCondition::Health(h)),
                    None => {
                        cx.error_opt_help(
                            at,
                            format!(
                                "unknown health status {s:?}; expected one of {}",
                                HealthName::NAMES.join(", ")
                            ),
                            did_you_mean(&s, &HealthName::NAMES),
                        );
                        None
                    }
                }
            }),
            "exit-code" => {
                node::check(cx, c, &Shape::args(1, Some(1), "an exit code, 0 to 255"));
                let e = node::args(c).next();
                e.and_then(|e| node::integer(cx, e, "an exit code"))
                    .and_then(
                        |v| match i64::try_from(v).ok().filter(|v| (0..=255).contains(v)) {
                            Some(v) => Some(ContainerCondition::ExitCode(v)),
                            None => {
                                if let Some(e) = e {
                                    let at = node::value_span(cx, e);
                                    cx.error(at, format!("{v} is not an exit code (0 to 255)"));
                                }
                                None
                            }
                        },
                    )
            }
            "resolves" => {
                one_arg(cx, c, "a host name").map(|(h, _)| ContainerCondition::Resolves(h))
            }
            "env" => {
                node::check(
                    cx,
                    c,
                    &Shape::args(0, Some(0), "none; write KEY=\"value\"").any_props(),
                );
                let pairs = node::pairs(cx, c, "the expected value");
                if pairs.len() != 1 {
                    cx.error(
                        node::name_span(c),
                        "`env` in a check takes exactly one KEY=\"value\" property",
                    );
                }
                pairs
                    .into_iter()
                    .next()
                    .map(|(k, v, _)| ContainerCondition::Env(k, v))
            }
            _ => {
                node::unknown_child(cx, "container", c, &CONDITIONS);
                None
            }
        };
        conditions.extend(cond);
    }
    if node::children(n).is_empty() {
        cx.error(
            node::name_span(n),
            "`container` has no conditions; add state, image, publishes, restart, env, resolves, same-container, not-restarted, health, memory-limit, file, exit-code or steady",
        );
    }
    Some(Predicate::Container {
        name: name?,
        conditions,
        after,
        span: cx.node_span(n),
    })
}

fn image_selector(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl) -> Option<ImageSelector> {
    node::check(
        cx,
        n,
        &Shape::args(
            0,
            Some(0),
            "none; put id-of, reference or image-of inside { }",
        )
        .children(),
    );
    selector_block(cx, n, world)
}

/// The one selector inside `n`'s `{ }` (`image` conditions, `tag` predicates).
fn selector_block(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl) -> Option<ImageSelector> {
    let parent = node::name(n).to_owned();
    let kids = node::children(n);
    if kids.len() != 1 {
        let msg = if kids.is_empty() {
            format!(
                "`{parent}` needs one selector inside {{ }}: id-of image=\"REF\" at=\"start\", reference \"REF\" or image-of container=\"NAME\""
            )
        } else {
            format!(
                "`{parent}` takes exactly one selector; use several `{parent}` nodes to require several"
            )
        };
        cx.error(node::name_span(n), msg);
    }
    let mut out = None;
    for c in kids {
        let sel = match node::name(c) {
            "id-of" => id_of(cx, c, world).map(|(image, at)| ImageSelector::IdOf { image, at }),
            "reference" => one_arg(cx, c, "an image reference").map(|(r, at)| {
                known_reference(cx, world, &r, at);
                ImageSelector::Reference(r)
            }),
            "image-of" => {
                image_of(cx, c, world).map(|container| ImageSelector::ImageOf { container })
            }
            _ => {
                node::unknown_child(cx, &parent, c, &SELECTORS);
                None
            }
        };
        if out.is_none() {
            out = sel;
        }
    }
    out
}

fn http(cx: &mut Cx<'_>, n: &Node<'_>) -> Option<Predicate> {
    let ok = node::check(
        cx,
        n,
        &Shape::args(
            2,
            Some(2),
            "the method and the URL, like GET \"http://localhost:8080/version\"",
        )
        .props(&["status", "body"]),
    );
    let method = node::arg_string(cx, n, 0, "an HTTP method");
    let url = node::arg_string(cx, n, 1, "a URL");
    if let Some(m) = &method
        && !world::valid_method(m)
    {
        let at = node::args(n)
            .next()
            .map_or(node::name_span(n), |e| node::value_span(cx, e));
        cx.error(
            at,
            format!("{m:?} is not an HTTP method; expected an uppercase word like GET"),
        );
    }
    if let Some(u) = &url {
        let host = u
            .strip_prefix("http://")
            .map(|rest| rest.split(['/', '?']).next().unwrap_or(""));
        if host.is_none_or(str::is_empty) {
            let at = node::args(n)
                .nth(1)
                .map_or(node::name_span(n), |e| node::value_span(cx, e));
            cx.error(
                at,
                format!(
                    "{u:?} is not a URL the simulated host serves; expected http://HOST[:PORT]/PATH"
                ),
            );
        }
    }
    let status = world::status_prop(cx, n);
    let body = node::prop_string(cx, n, "body", "the expected body").map(|(b, _)| b);
    if !ok {
        return None;
    }
    Some(Predicate::Http {
        method: method?,
        url: url?,
        status,
        body,
        span: cx.node_span(n),
    })
}

/// `tag "REF" { SELECTOR }`: what a reference names at the end.
fn tag(cx: &mut Cx<'_>, n: &Node<'_>, world: &WorldDecl) -> Option<Predicate> {
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the image reference").children(),
    );
    let at = node::args(n).next().map(|e| node::value_span(cx, e));
    let tag = node::arg_string(cx, n, 0, "an image reference");
    if let (Some(t), Some(at)) = (&tag, at) {
        known_reference(cx, world, t, at);
    }
    let names = selector_block(cx, n, world);
    Some(Predicate::Tag {
        tag: tag?,
        names: names?,
        span: cx.node_span(n),
    })
}

fn ran(cx: &mut Cx<'_>, n: &Node<'_>) -> Option<Predicate> {
    let (pattern, at) = one_arg(cx, n, "text a command line contains")?;
    if pattern.trim().is_empty() {
        cx.error(at, "an empty pattern matches every command");
        return None;
    }
    Some(Predicate::Ran {
        pattern,
        negated: node::name(n) == "not-ran",
        span: cx.node_span(n),
    })
}

fn one_arg(cx: &mut Cx<'_>, n: &Node<'_>, what: &'static str) -> Option<(String, SourceSpan)> {
    if !node::check(cx, n, &Shape::args(1, Some(1), what)) {
        return None;
    }
    let e = node::args(n).next()?;
    let s = node::string(cx, e, what)?;
    Some((s, node::value_span(cx, e)))
}

/// Names in checks must be declared; with an imported world they may also
/// be imported, which only the world builder can tell, so they are not
/// checked here.
fn known_container(cx: &mut Cx<'_>, world: &WorldDecl, name: &str, at: SourceSpan) {
    if world.container(name).is_none() && world.imports.is_empty() {
        let names: Vec<&str> = world.containers.iter().map(|c| c.name.as_str()).collect();
        cx.error_opt_help(
            at,
            format!("no container named {name:?} is declared in `world`"),
            did_you_mean(name, &names),
        );
    }
}

fn known_reference(cx: &mut Cx<'_>, world: &WorldDecl, r: &str, at: SourceSpan) {
    if let Some(p) = reference::problem(r) {
        cx.error(at, p);
        return;
    }
    let wanted = reference::normalize(r);
    let declared: Vec<&str> = world
        .images
        .iter()
        .flat_map(|i| i.references.iter().map(String::as_str))
        .collect();
    if !declared.iter().any(|d| reference::normalize(d) == wanted) && world.imports.is_empty() {
        cx.error_opt_help(
            at,
            format!("no image in `world` has the reference {r:?}"),
            did_you_mean(r, &declared),
        );
    }
}
