//! Process behaviour children of `image` and `container`: `exits`, `oom`,
//! `stop-signal`, `ignores-sigterm`, `healthcheck`, `health`, `file`,
//! `process`, `stats`, `binaries` and (containers only) `memory`.

use super::tree::{Node, Value};

use super::Cx;
use super::node::{self, Shape};
use crate::scenario::{
    ExitDecl, HealthPhaseDecl, HealthcheckDecl, OomDecl, ProcessDecl, ProcessRowDecl, StatsDecl,
    Timestamp, parse_duration, parse_size,
};

pub(crate) const IMAGE_NODES: [&str; 11] = [
    "exits",
    "oom",
    "stop-signal",
    "ignores-sigterm",
    "on-sigterm",
    "healthcheck",
    "health",
    "file",
    "process",
    "stats",
    "binaries",
];
pub(crate) const CONTAINER_NODES: [&str; 12] = [
    "exits",
    "oom",
    "stop-signal",
    "ignores-sigterm",
    "on-sigterm",
    "healthcheck",
    "health",
    "file",
    "process",
    "stats",
    "binaries",
    "memory",
];

/// An unknown child of `image`/`container`, suggesting every known name.
pub(crate) fn unknown(cx: &mut Cx<'_>, parent: &str, c: &Node<'_>, own: &[&str], container: bool) {
    let mut all: Vec<&str> = own.to_vec();
    if container {
        all.extend(CONTAINER_NODES);
    } else {
        all.extend(IMAGE_NODES);
    }
    node::unknown_child(cx, parent, c, &all);
}

fn duration_prop(cx: &mut Cx<'_>, n: &Node<'_>, key: &str) -> Option<i64> {
    let (text, at) = node::prop_string(cx, n, key, "a duration like \"30s\"")?;
    match parse_duration(&text) {
        Ok(d) if d >= 0 => Some(d),
        Ok(_) => None,
        Err(msg) => {
            cx.error(at, msg);
            None
        }
    }
}

pub(crate) fn size_prop(cx: &mut Cx<'_>, n: &Node<'_>, key: &str) -> Option<i64> {
    let e = node::prop(n, key)?;
    if let Value::Integer(i) = e.value() {
        return i64::try_from(*i).ok();
    }
    let (text, at) = node::prop_string(cx, n, key, "a size like \"512m\"")?;
    match parse_size(&text) {
        Ok(v) => Some(v),
        Err(msg) => {
            cx.error(at, msg);
            None
        }
    }
}

fn int_prop(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    key: &str,
    what: &str,
    range: (i64, i64),
) -> Option<i64> {
    let e = node::prop(n, key)?;
    let v = node::integer(cx, e, what)?;
    match i64::try_from(v)
        .ok()
        .filter(|v| (range.0..=range.1).contains(v))
    {
        Some(v) => Some(v),
        None => {
            let at = node::value_span(cx, e);
            cx.error(
                at,
                format!("{v} is out of range for {what}: {} to {}", range.0, range.1),
            );
            None
        }
    }
}

fn once_flag(cx: &mut Cx<'_>, c: &Node<'_>, already: bool) -> bool {
    if already {
        cx.error(
            node::name_span(c),
            format!("`{}` is declared twice here", node::name(c)),
        );
        return false;
    }
    true
}

/// `exits` and `on-sigterm`: `after=` (required), `code=`, `log` children
/// and, where the process may exit only under some environment, `when-env`.
/// `None` when `after=` is missing or bad (reported).
fn exit_decl(
    cx: &mut Cx<'_>,
    c: &Node<'_>,
    clock: Option<Timestamp>,
    missing_after: &str,
    takes_when_env: bool,
) -> Option<ExitDecl> {
    let name = node::name(c);
    node::check(
        cx,
        c,
        &Shape::args(0, Some(0), "none")
            .props(&["after", "code"])
            .children(),
    );
    let after = duration_prop(cx, c, "after");
    if node::prop(c, "after").is_none() {
        cx.error(node::name_span(c), missing_after);
    }
    let code = int_prop(cx, c, "code", "an exit code", (0, 255)).unwrap_or(0);
    let expected: &[&str] = if takes_when_env {
        &["log", "when-env"]
    } else {
        &["log"]
    };
    let mut logs = Vec::new();
    let mut when_env = Vec::new();
    let mut seen_env = Vec::new();
    for l in node::children(c) {
        match node::name(l) {
            "log" => logs.extend(super::world::log_lines(cx, l, false, clock)),
            "when-env" if takes_when_env => {
                when_env.extend(super::world::pairs(cx, l, "env", &mut seen_env));
            }
            _ => node::unknown_child(cx, name, l, expected),
        }
    }
    Some(ExitDecl {
        after: after?,
        code: i32::try_from(code).unwrap_or(0),
        logs,
        when_env,
    })
}

pub(crate) fn child(cx: &mut Cx<'_>, c: &Node<'_>, p: &mut ProcessDecl, clock: Option<Timestamp>) {
    match node::name(c) {
        "exits" => {
            let decl = exit_decl(
                cx,
                c,
                clock,
                "`exits` needs `after=` (how long after each start, like \"30s\")",
                true,
            );
            if once_flag(cx, c, p.exits.is_some())
                && let Some(decl) = decl
            {
                p.exits = Some(decl);
            }
        }
        "oom" => {
            node::check(
                cx,
                c,
                &Shape::args(0, Some(0), "none").props(&["after", "peak"]),
            );
            let after = duration_prop(cx, c, "after");
            let peak = size_prop(cx, c, "peak");
            if after.is_none() || peak.is_none() {
                cx.error(
                    node::name_span(c),
                    "`oom` needs `after=` (when, like \"2m\") and `peak=` (the memory it reaches, like \"600m\")",
                );
            }
            if once_flag(cx, c, p.oom.is_some())
                && let (Some(after), Some(peak)) = (after, peak)
            {
                p.oom = Some(OomDecl { after, peak });
            }
        }
        "stop-signal" => {
            if node::check(cx, c, &Shape::args(1, Some(1), "a signal like \"SIGQUIT\""))
                && let Some(sig) = node::arg_string(cx, c, 0, "a signal")
            {
                if crate::engine::Signal::parse(&sig).is_err() {
                    cx.error(node::name_span(c), format!("{sig:?} is not a signal"));
                } else if once_flag(cx, c, p.stop_signal.is_some()) {
                    p.stop_signal = Some(sig);
                }
            }
        }
        "ignores-sigterm" => {
            node::check(cx, c, &Shape::args(0, Some(0), "none"));
            p.ignores_sigterm = true;
        }
        "on-sigterm" => {
            let decl = exit_decl(
                cx,
                c,
                clock,
                "`on-sigterm` needs `after=` (how long the clean shutdown takes, like \"25s\")",
                false,
            );
            if once_flag(cx, c, p.on_sigterm.is_some())
                && let Some(decl) = decl
            {
                p.on_sigterm = Some(decl);
            }
        }
        "healthcheck" => {
            node::check(
                cx,
                c,
                &Shape::args(0, Some(0), "none").props(&[
                    "test",
                    "interval",
                    "timeout",
                    "retries",
                    "start-period",
                    "start-interval",
                ]),
            );
            let test = node::prop_string(cx, c, "test", "the probe command, shell form");
            if test.is_none() {
                cx.error(
                    node::name_span(c),
                    "`healthcheck` needs `test=` (the command, as HEALTHCHECK CMD takes it)",
                );
            }
            let decl = HealthcheckDecl {
                test: test.map(|(t, _)| t).unwrap_or_default(),
                interval: duration_prop(cx, c, "interval"),
                timeout: duration_prop(cx, c, "timeout"),
                start_period: duration_prop(cx, c, "start-period"),
                start_interval: duration_prop(cx, c, "start-interval"),
                retries: int_prop(cx, c, "retries", "retries", (0, 1000)),
            };
            if once_flag(cx, c, p.healthcheck.is_some()) {
                p.healthcheck = Some(decl);
            }
        }
        "health" => {
            node::check(
                cx,
                c,
                &Shape::args(1, Some(1), "healthy or unhealthy").props(&["after", "output"]),
            );
            let healthy = match node::arg_string(cx, c, 0, "healthy or unhealthy").as_deref() {
                Some("healthy") => Some(true),
                Some("unhealthy") => Some(false),
                Some(other) => {
                    cx.error(
                        node::name_span(c),
                        format!("unknown health {other:?}; expected healthy or unhealthy"),
                    );
                    None
                }
                None => None,
            };
            let after = duration_prop(cx, c, "after").unwrap_or(0);
            let output = node::prop_string(cx, c, "output", "the probe's output")
                .map(|(o, _)| o)
                .unwrap_or_default();
            if let Some(healthy) = healthy {
                if p.health.iter().any(|h| h.after == after) {
                    cx.error(
                        node::name_span(c),
                        "two `health` outcomes start at the same time",
                    );
                } else {
                    p.health.push(HealthPhaseDecl {
                        healthy,
                        after,
                        output,
                    });
                    p.health.sort_by_key(|h| h.after);
                }
            }
        }
        "file" => {
            node::check(
                cx,
                c,
                &Shape::args(1, Some(1), "an absolute path").props(&["content"]),
            );
            if let Some(path) = node::arg_string(cx, c, 0, "an absolute path") {
                let content = node::prop_string(cx, c, "content", "the file's content")
                    .map(|(t, _)| t)
                    .unwrap_or_default();
                if !path.starts_with('/') {
                    cx.error(
                        node::name_span(c),
                        format!("file path {path:?} must be absolute"),
                    );
                } else if p.files.iter().any(|(f, _)| *f == path) {
                    cx.error(
                        node::name_span(c),
                        format!("file {path:?} is declared twice"),
                    );
                } else {
                    p.files.push((path, content));
                }
            }
        }
        "process" => {
            node::check(
                cx,
                c,
                &Shape::args(1, Some(1), "the command line").props(&["user"]),
            );
            if let Some(command) = node::arg_string(cx, c, 0, "the command line") {
                let user = node::prop_string(cx, c, "user", "a user name").map(|(u, _)| u);
                p.processes.push(ProcessRowDecl { command, user });
            }
        }
        "stats" => {
            node::check(
                cx,
                c,
                &Shape::args(0, Some(0), "none").props(&[
                    "cpu",
                    "memory",
                    "net-in",
                    "net-out",
                    "block-in",
                    "block-out",
                    "pids",
                ]),
            );
            let cpu = node::prop_string(cx, c, "cpu", "a percentage like \"0.15%\"").and_then(
                |(t, at)| {
                    let num = t.strip_suffix('%').unwrap_or(&t);
                    match num.parse::<f64>() {
                        #[allow(clippy::cast_possible_truncation)]
                        Ok(v) if (0.0..=100_000.0).contains(&v) => Some((v * 100.0).round() as i64),
                        _ => {
                            cx.error(at, format!("{t:?} is not a CPU percentage like \"0.15%\""));
                            None
                        }
                    }
                },
            );
            let decl = StatsDecl {
                cpu_hundredths: cpu.unwrap_or(0),
                memory: size_prop(cx, c, "memory").unwrap_or(0),
                net_in: size_prop(cx, c, "net-in").unwrap_or(0),
                net_out: size_prop(cx, c, "net-out").unwrap_or(0),
                block_in: size_prop(cx, c, "block-in").unwrap_or(0),
                block_out: size_prop(cx, c, "block-out").unwrap_or(0),
                pids: int_prop(cx, c, "pids", "a process count", (0, 1_000_000)).unwrap_or(1),
            };
            if once_flag(cx, c, p.stats.is_some()) {
                p.stats = Some(decl);
            }
        }
        "binaries" => {
            node::check(
                cx,
                c,
                &Shape::args(0, None, "program names like \"sh\" \"curl\""),
            );
            let names: Vec<String> = node::arg_strings(cx, c, "a program name")
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            if once_flag(cx, c, p.binaries.is_some()) {
                p.binaries = Some(names);
            }
        }
        "memory" => {
            if node::check(cx, c, &Shape::args(1, Some(1), "a limit like \"512m\""))
                && let Some(text) = node::arg_string(cx, c, 0, "a limit like \"512m\"")
            {
                match crate::docker::format::units::ram_in_bytes(&text) {
                    Ok(v) if v >= 6 * 1024 * 1024 => p.memory = Some(v),
                    Ok(_) => cx.error(node::name_span(c), "the minimum memory limit is 6MB"),
                    Err(e) => cx.error(node::name_span(c), e),
                }
            }
        }
        _ => {}
    }
}
