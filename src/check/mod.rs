//! Acceptance checks: typed predicates evaluated over what a replay did.
//!
//! A check sees the world at the start and at the end of the replay and the
//! engine output the learner was shown; it never sees the learner's claims.

mod evidence;

pub use evidence::identifies;

use crate::engine::{World, http_request};
use crate::scenario::{
    CheckDecl, ContainerCondition, Evidence, ImageSelector, PortSpec, Predicate, When,
};
use crate::verdict::CheckResult;

/// What a replay observed, as checks need it.
pub struct Observed<'a> {
    pub start: &'a World,
    pub end: &'a World,
    /// Each docker or curl invocation's output, in order.
    pub outputs: &'a [String],
    /// Parallel to `outputs`: the command line each came from.
    pub output_commands: &'a [String],
    /// For containers that checks watch: the index into `outputs` of the
    /// invocation that first removed or replaced them.
    pub changed_at: &'a dyn Fn(&str) -> Option<usize>,
    /// The command lines as typed.
    pub commands: &'a [String],
}

pub fn evaluate(check: &CheckDecl, seen: &Observed<'_>) -> CheckResult {
    let mut reasons = Vec::new();
    for predicate in &check.predicates {
        evaluate_predicate(predicate, seen, &mut reasons);
    }
    CheckResult {
        name: check.name.clone(),
        about: check.about.clone(),
        passed: reasons.is_empty(),
        reasons,
    }
}

fn world_at<'a>(seen: &Observed<'a>, when: &When) -> &'a World {
    match when {
        When::Start => seen.start,
        When::End => seen.end,
    }
}

fn short(id: &str) -> &str {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.get(..12).unwrap_or(hex)
}

/// What `shown` evidence is judged against: the outputs shown before the
/// cut-off, each with the command line it came from.
pub struct Shown<'a> {
    pub outputs: &'a [String],
    /// Parallel to `outputs`.
    pub commands: &'a [String],
    pub start: &'a World,
    pub end: &'a World,
}

/// `None` when the evidence was shown; else how to name what is missing
/// (`the image ID web runs (a17e5d3c9b82)`, `"PG_DSN is not set"`).
pub fn missing_evidence(e: &Evidence, shown: &Shown<'_>) -> Option<String> {
    let id_shown = |id: &str| shown.outputs.iter().any(|text| identifies(text, id));
    match e {
        Evidence::Text { texts, asked } => {
            let seen = shown.outputs.iter().enumerate().any(|(i, out)| {
                let asked_ok = asked.as_deref().is_none_or(|a| {
                    shown
                        .commands
                        .get(i)
                        .is_some_and(|c| command_contains(c, a))
                });
                asked_ok && texts.iter().any(|t| out.contains(t))
            });
            let what = match texts.as_slice() {
                [one] => format!("{one:?}"),
                many => format!("any of {many:?}"),
            };
            let what = match asked {
                Some(a) => format!("{what} in reply to a command with `{a}`"),
                None => what,
            };
            (!seen).then_some(what)
        }
        Evidence::ImageOf { container } => match shown.start.container(container) {
            Ok(c) => (!id_shown(c.image_id()))
                .then(|| format!("the image ID {container} runs ({})", short(c.image_id()))),
            Err(_) => Some(format!("the image of {container}, which did not exist")),
        },
        Evidence::IdOf { image, at } => {
            let world = match at {
                When::Start => shown.start,
                When::End => shown.end,
            };
            match world.image(image) {
                Ok(i) => {
                    (!id_shown(i.id())).then(|| format!("the ID of {image} ({})", short(i.id())))
                }
                Err(_) => Some(format!("the ID of {image}, which did not exist")),
            }
        }
        Evidence::Any(items) => {
            let missing: Vec<String> = items
                .iter()
                .map(|i| missing_evidence(i, shown))
                .collect::<Option<Vec<String>>>()?;
            Some(format!("any of: {}", missing.join("; ")))
        }
    }
}

fn selector_id(sel: &ImageSelector, seen: &Observed<'_>) -> Option<(String, String)> {
    match sel {
        ImageSelector::IdOf { image, at } => {
            let label = match at {
                When::Start => format!("what {image} named at the start"),
                When::End => format!("what {image} names now"),
            };
            world_at(seen, at)
                .image(image)
                .ok()
                .map(|i| (i.id().to_owned(), label))
        }
        ImageSelector::Reference(r) => seen
            .end
            .image(r)
            .ok()
            .map(|i| (i.id().to_owned(), r.clone())),
        ImageSelector::ImageOf { container } => seen.start.container(container).ok().map(|c| {
            (
                c.image_id().to_owned(),
                format!("the image {container} ran at the start"),
            )
        }),
    }
}

fn evaluate_predicate(p: &Predicate, seen: &Observed<'_>, reasons: &mut Vec<String>) {
    match p {
        Predicate::Shown {
            before_change,
            evidence,
            ..
        } => {
            let upto = before_change
                .as_deref()
                .and_then(|name| (seen.changed_at)(name))
                .unwrap_or(seen.outputs.len());
            let shown = &seen.outputs[..upto.min(seen.outputs.len())];
            let when = match before_change {
                Some(name) if upto < seen.outputs.len() => {
                    format!(" before {name} was removed or replaced")
                }
                _ => String::new(),
            };
            let context = Shown {
                outputs: shown,
                commands: seen.output_commands,
                start: seen.start,
                end: seen.end,
            };
            for item in evidence {
                if let Some(what) = missing_evidence(item, &context) {
                    reasons.push(format!("no command showed {what}{when}"));
                }
            }
        }
        Predicate::Container {
            name,
            conditions,
            after,
            ..
        } => {
            let later = after.map(|d| {
                let mut w = seen.end.clone();
                let t = w.now.plus_nanos(d);
                w.advance_to(t);
                w
            });
            let (world, when) = match (&later, after) {
                (Some(w), Some(d)) => (
                    w,
                    format!(
                        " ({} after the end of play)",
                        crate::docker::cmd::inspect::go_duration(*d)
                    ),
                ),
                _ => (seen.end, " at the end".to_owned()),
            };
            let Ok(c) = world.container(name) else {
                reasons.push(format!("no container named {name} exists{when}"));
                return;
            };
            let before_len = reasons.len();
            for cond in conditions {
                match cond {
                    ContainerCondition::State(want) => {
                        let got = c.status().as_str();
                        let want = want.to_string();
                        if got != want {
                            reasons.push(format!("{name} is {got}, not {want}"));
                        }
                    }
                    ContainerCondition::Image(sel) => match selector_id(sel, seen) {
                        Some((id, label)) if c.image_id() != id => reasons.push(format!(
                            "{name} runs image {}, not {} ({label})",
                            short(c.image_id()),
                            short(&id)
                        )),
                        Some(_) => {}
                        None => reasons.push(format!("the image {sel:?} does not exist")),
                    },
                    ContainerCondition::Publishes(spec) => {
                        if !publishes(c, spec) {
                            reasons.push(format!("{name} does not publish {spec}"));
                        }
                    }
                    ContainerCondition::RestartPolicy(want) => {
                        let got = restart_policy_text(c);
                        let want = want.to_string();
                        if got != want {
                            reasons
                                .push(format!("{name} has restart policy {got:?}, not {want:?}"));
                        }
                    }
                    ContainerCondition::Env(key, value) => {
                        let want = format!("{key}={value}");
                        if !c.env().contains(&want) {
                            reasons.push(format!("{name} does not have {want} in its environment"));
                        }
                    }
                    ContainerCondition::Health(want) => {
                        let got = c.health().unwrap_or("none");
                        if got != want.as_str() {
                            reasons.push(format!("{name} is {got}, not {}", want.as_str()));
                        }
                    }
                    ContainerCondition::ExitCode(want) => {
                        let got = c.exit_code();
                        if got != *want {
                            reasons.push(format!("{name} exited with {got}, not {want}"));
                        }
                    }
                    ContainerCondition::Steady => {
                        let started = c.started_at();
                        if !c.is_running() {
                            reasons.push(format!("{name} is {}, not running", c.status().as_str()));
                        } else if started.is_none_or(|s| s > seen.end.now) {
                            reasons.push(format!(
                                "{name} (re)started after the end of play (restart count {})",
                                crate::engine::json::i64_at(&c.doc, &["RestartCount"])
                            ));
                        }
                    }
                    ContainerCondition::Resolves(host) => {
                        let resolved = world
                            .container_index(name)
                            .ok()
                            .and_then(|i| world.resolve_from(i, host));
                        if resolved.is_none() {
                            reasons.push(format!("{host} does not resolve inside {name}"));
                        }
                    }
                    ContainerCondition::File { path, content } => {
                        let got = world
                            .container_index(name)
                            .ok()
                            .and_then(|i| {
                                world
                                    .container_files(i)
                                    .into_iter()
                                    .find(|(p, _)| p == path)
                            })
                            .map(|(_, c)| c);
                        match got {
                            None => reasons.push(format!("{name} has no file {path}")),
                            Some(c) if &c != content => reasons
                                .push(format!("{path} in {name} holds {c:?}, not {content:?}")),
                            Some(_) => {}
                        }
                    }
                    ContainerCondition::MemoryLimit { min, max } => {
                        let limit = crate::engine::json::i64_at(&c.doc, &["HostConfig", "Memory"]);
                        let shown = if limit > 0 {
                            format!("a memory limit of {}", mib(limit))
                        } else {
                            "no memory limit".to_owned()
                        };
                        if let Some(lo) = min
                            && limit > 0
                            && limit < *lo
                        {
                            reasons.push(format!("{name} has {shown}, below {}", mib(*lo)));
                        }
                        if let Some(hi) = max
                            && (limit == 0 || limit > *hi)
                        {
                            reasons.push(format!("{name} has {shown}, not at most {}", mib(*hi)));
                        }
                    }
                    ContainerCondition::SameContainer | ContainerCondition::NotRestarted => {
                        let Ok(before) = seen.start.container(name) else {
                            reasons.push(format!("no container {name} at the start"));
                            continue;
                        };
                        if before.id() != c.id() {
                            reasons.push(format!(
                                "{name} is a new container ({}), not the one that ran at the start ({})",
                                short(c.id()),
                                short(before.id())
                            ));
                        } else if matches!(cond, ContainerCondition::NotRestarted)
                            && before.started_at() != c.started_at()
                        {
                            reasons.push(format!(
                                "{name} was stopped, started or restarted during play"
                            ));
                        }
                    }
                }
            }
            if after.is_some() {
                for r in &mut reasons[before_len..] {
                    r.push_str(&when);
                }
            }
        }
        Predicate::Http {
            method,
            url,
            status,
            body,
            ..
        } => match parse_url(url) {
            None => reasons.push(format!("cannot request {url}")),
            Some((host, port, path)) => match http_request(seen.end, method, &host, port, &path) {
                Err(crate::engine::ConnectError::NoAnswer) => {
                    reasons.push(format!("{method} {url}: no answer (the request hangs)"))
                }
                Err(_) => reasons.push(format!("{method} {url}: connection refused")),
                Ok(resp) => {
                    if let Some(want) = status
                        && resp.status != *want
                    {
                        reasons.push(format!(
                            "{method} {url} answers {}, not {want}",
                            resp.status
                        ));
                    }
                    if let Some(want) = body
                        && &resp.body != want
                    {
                        reasons.push(format!(
                            "{method} {url} answers {:?}, not {want:?}",
                            resp.body
                        ));
                    }
                }
            },
        },
        Predicate::Tag { tag, names, .. } => {
            match (seen.end.image(tag), selector_id(names, seen)) {
                (Err(_), _) => reasons.push(format!("no image is tagged {tag} at the end")),
                (_, None) => reasons.push(format!("the image {names:?} does not exist")),
                (Ok(img), Some((id, label))) => {
                    if img.id() != id {
                        reasons.push(format!(
                            "{tag} names {}, not {} ({label})",
                            short(img.id()),
                            short(&id)
                        ));
                    }
                }
            }
        }
        Predicate::Ran {
            pattern, negated, ..
        } => {
            let ran = seen.commands.iter().any(|c| command_contains(c, pattern));
            if ran && *negated {
                reasons.push(format!("ran `{pattern}`"));
            } else if !ran && !*negated {
                reasons.push(format!("never ran `{pattern}`"));
            }
        }
    }
}

/// Whether the container publishes `spec` (host port, container port and
/// protocol; the host IP too when the spec names one).
fn publishes(c: &crate::engine::Container, spec: &PortSpec) -> bool {
    let key = format!("{}/{}", spec.container_port, spec.protocol);
    c.published_ports().iter().any(|b| {
        b.container_port == key
            && spec.host_port.is_none_or(|p| b.host_port == p.to_string())
            && spec.host_ip.as_deref().is_none_or(|ip| b.host_ip == ip)
    })
}

/// A container's restart policy as `--restart` writes it: `no`, `always`,
/// `on-failure`, `on-failure:5` (the retry count is part of the policy).
pub fn restart_policy_text(c: &crate::engine::Container) -> String {
    let name = match c.restart_policy() {
        "" => "no",
        n => n,
    };
    let retries = crate::engine::json::i64_at(
        &c.doc,
        &["HostConfig", "RestartPolicy", "MaximumRetryCount"],
    );
    if name == "on-failure" && retries > 0 {
        format!("on-failure:{retries}")
    } else {
        name.to_owned()
    }
}

/// Bytes as `--memory` would take them back: `512MiB`, or bytes when odd.
fn mib(bytes: i64) -> String {
    if bytes % (1024 * 1024) == 0 {
        format!("{}MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Whether a typed command line contains `pattern`, ignoring runs of spaces.
pub fn command_contains(command: &str, pattern: &str) -> bool {
    normalize(command).contains(&*normalize(pattern))
}

/// `s`'s words one space apart. Most command lines and patterns already
/// are (then `s` itself); ASCII text is rebuilt in one pass into one
/// string, where splitting into a list and joining it made three.
fn normalize(s: &str) -> std::borrow::Cow<'_, str> {
    if is_normal(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    // `split_ascii_whitespace` leaves out the vertical tab, which
    // `split_whitespace` splits on.
    if !s.is_ascii() || s.as_bytes().contains(&b'\x0b') {
        return std::borrow::Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `s` is its own whitespace normal form: ASCII (non-ASCII
/// whitespace is rare enough to leave to the general path), no whitespace
/// but single spaces between words.
fn is_normal(s: &str) -> bool {
    let bytes = s.as_bytes();
    s.is_ascii()
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
        && !bytes
            .iter()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
}

/// `http://localhost:8080/version` → (`localhost`, 8080, `/version`).
pub fn parse_url(url: &str) -> Option<(String, u16, String)> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_owned()),
        None => (rest, "/".to_owned()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, 80),
    };
    Some((host.to_owned(), port, path))
}

#[cfg(test)]
mod command_contains_tests {
    /// The normal-form shortcut answers as the general path does.
    #[test]
    fn command_contains_equals_the_normalising_comparison() {
        let slow = |command: &str, pattern: &str| {
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            norm(command).contains(&norm(pattern))
        };
        let atoms = [
            "a", "b", "ab", " ", "  ", "\t", "\n", "\u{a0}", "\u{3000}", "é", "x y", "", "\x0b",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            usize::try_from(x % n as u64).unwrap_or(0)
        };
        for _ in 0..20_000 {
            let mut strings = [String::new(), String::new()];
            for (s, max_len) in strings.iter_mut().zip([9, 4]) {
                for _ in 0..next(max_len) {
                    s.push_str(atoms[next(atoms.len())]);
                }
            }
            let [command, pattern] = &strings;
            assert_eq!(
                super::command_contains(command, pattern),
                slow(command, pattern),
                "{command:?} / {pattern:?}"
            );
        }
        assert!(super::command_contains("docker ps -a", "ps -a"));
        assert!(super::command_contains("docker  ps\t-a", "ps -a"));
        assert!(!super::command_contains("docker ps", "ps -a"));
    }
}
