//! `docker compose` (v2.40.3 plugin): global flags, the compose file from
//! the simulated host, and `up`, `down`, `ps`, `pull`, `logs`, `restart`,
//! `config`, `build`. Progress goes to stderr as compose's plain
//! (non-TTY) writer prints it: ` Container shop-db-1  Started`.

use super::super::command::Output;
use super::super::flags::{self, Flag, Parsed};
use crate::compose::converge::{self, UpOptions, project_containers, render};
use crate::compose::{Failure, Project, load};
use crate::docker::format::tabwriter::TabWriter;
use crate::engine::World;

const GLOBAL_FLAGS: &[Flag] = &[
    Flag::bool("all-resources", None),
    Flag::string("ansi", None),
    Flag::bool("compatibility", None),
    Flag::bool("dry-run", None),
    Flag::list("env-file", None),
    Flag::list("file", Some('f')),
    Flag::bool("help", Some('h')),
    Flag::int("parallel", None),
    Flag::list("profile", None),
    Flag::string("progress", None),
    Flag::string("project-directory", None),
    Flag::string("project-name", Some('p')),
];

const UP_FLAGS: &[Flag] = &[
    Flag::bool("abort-on-container-exit", None),
    Flag::bool("build", None),
    Flag::bool("detach", Some('d')),
    Flag::bool("force-recreate", None),
    Flag::bool("no-build", None),
    Flag::bool("no-deps", None),
    Flag::bool("no-recreate", None),
    Flag::bool("no-start", None),
    Flag::string("pull", None),
    Flag::bool("quiet-pull", None),
    Flag::bool("remove-orphans", None),
    Flag::int("timeout", Some('t')),
    Flag::bool("wait", None),
    Flag::bool("yes", Some('y')),
];
const DOWN_FLAGS: &[Flag] = &[
    Flag::bool("remove-orphans", None),
    Flag::string("rmi", None),
    Flag::int("timeout", Some('t')),
    Flag::bool("volumes", Some('v')),
];
const PS_FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::list("filter", None),
    Flag::string("format", None),
    Flag::bool("no-trunc", None),
    Flag::bool("orphans", None),
    Flag::bool("quiet", Some('q')),
    Flag::bool("services", None),
    Flag::list("status", None),
];
const PULL_FLAGS: &[Flag] = &[
    Flag::bool("ignore-buildable", None),
    Flag::bool("ignore-pull-failures", None),
    Flag::bool("include-deps", None),
    Flag::string("policy", None),
    Flag::bool("quiet", Some('q')),
];
const LOGS_FLAGS: &[Flag] = &[
    Flag::bool("follow", Some('f')),
    Flag::bool("no-color", None),
    Flag::bool("no-log-prefix", None),
    Flag::string("since", None),
    Flag::string("tail", Some('n')),
    Flag::bool("timestamps", Some('t')),
    Flag::string("until", None),
];
const RESTART_FLAGS: &[Flag] = &[Flag::bool("no-deps", None), Flag::int("timeout", Some('t'))];
const CONFIG_FLAGS: &[Flag] = &[
    Flag::string("format", None),
    Flag::bool("images", None),
    Flag::bool("quiet", Some('q')),
    Flag::bool("services", None),
    Flag::bool("volumes", None),
];
const BUILD_FLAGS: &[Flag] = &[
    Flag::bool("no-cache", None),
    Flag::bool("pull", None),
    Flag::bool("quiet", Some('q')),
];

const COMPOSE_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

fn fail(out: &mut Output, msg: &str) {
    out.eprintln(msg);
    out.status = 1;
}

fn load_project(world: &World, global: &Parsed) -> Result<Project, String> {
    let dir = global
        .string("project-directory")
        .map(|d| world.host.absolute(d));
    let file = match global.list("file").first() {
        Some(f) => world.host.absolute(f),
        None => {
            let base = dir.clone().unwrap_or_else(|| world.host.absolute("."));
            COMPOSE_FILES
                .iter()
                .map(|f| format!("{}/{f}", base.trim_end_matches('/')))
                .find(|p| world.host.read(p).is_some())
                .ok_or("no configuration file provided: not found")?
        }
    };
    let Some(text) = world.host.read(&file) else {
        return Err(format!("open {file}: no such file or directory"));
    };
    let working_dir = dir.unwrap_or_else(|| {
        file.rsplit_once('/').map_or("/".to_owned(), |(d, _)| {
            if d.is_empty() {
                "/".to_owned()
            } else {
                d.to_owned()
            }
        })
    });
    load(text, &file, &working_dir, global.string("project-name"))
}

/// Runs `docker compose ARGS...`.
pub fn run(world: &mut World, args: &[String]) -> Output {
    let mut out = Output::default();
    let global = match flags::parse(args, GLOBAL_FLAGS, false) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut out, &format!("{e}"));
            return out;
        }
    };
    let Some(sub) = global.args.first().cloned() else {
        out.print("\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n");
        return out;
    };
    let rest = &global.args[1..];
    let table: &[Flag] = match sub.as_str() {
        "up" => UP_FLAGS,
        "down" => DOWN_FLAGS,
        "ps" => PS_FLAGS,
        "pull" => PULL_FLAGS,
        "logs" => LOGS_FLAGS,
        "restart" => RESTART_FLAGS,
        "config" => CONFIG_FLAGS,
        "build" => BUILD_FLAGS,
        other => {
            fail(
                &mut out,
                &format!("unknown docker command: \"compose {other}\""),
            );
            return out;
        }
    };
    let p = match flags::parse(rest, table, true) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut out, &format!("{e}"));
            return out;
        }
    };
    let project = match load_project(world, &global) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut out, &e);
            return out;
        }
    };
    match sub.as_str() {
        "up" => up(world, &project, &p, &mut out),
        "down" => {
            let (events, result) = converge::down(world, &project, p.flag("volumes"));
            finish(&mut out, &events, result);
        }
        "ps" => ps(world, &project, &p, &mut out),
        "pull" => {
            let (events, result) = converge::pull(world, &project);
            let events = if p.flag("quiet") { Vec::new() } else { events };
            finish(&mut out, &events, result);
        }
        "logs" => logs(world, &project, &p, &mut out),
        "restart" => {
            let (events, result) = converge::restart(world, &project, &p.args);
            finish(&mut out, &events, result);
        }
        "config" => config(&project, &p, &mut out),
        "build" => build(world, &project, &p, &mut out),
        _ => {}
    }
    out
}

fn finish(out: &mut Output, events: &[converge::Event], result: Result<(), Failure>) {
    out.eprint(&render(events));
    match result {
        Ok(()) => {}
        Err(Failure::Error(e)) => fail(out, &e),
        Err(Failure::Interrupted) => out.status = 130,
    }
}

fn up(world: &mut World, project: &Project, p: &Parsed, out: &mut Output) {
    if p.flag("force-recreate") && p.flag("no-recreate") {
        return fail(out, "--force-recreate and --no-recreate are incompatible");
    }
    let pull = p.string("pull").map(str::to_owned);
    if let Some(policy) = &pull
        && !matches!(
            policy.as_str(),
            "always" | "missing" | "never" | "build" | "if_not_present"
        )
    {
        return fail(out, &format!("invalid --pull option {policy:?}"));
    }
    let opts = UpOptions {
        force_recreate: p.flag("force-recreate"),
        no_recreate: p.flag("no-recreate"),
        pull,
        services: p.args.clone(),
        no_deps: p.flag("no-deps"),
        wait: p.flag("wait"),
    };
    let (events, result) = converge::up(world, project, &opts);
    let ok = result.is_ok();
    finish(out, &events, result);
    if ok && !p.flag("detach") && !p.flag("wait") {
        // Attached: compose streams the logs until Ctrl-C, which the
        // simulator sends at once (as for a foreground `docker run`).
        let names: Vec<String> = project_containers(world, &project.name)
            .into_iter()
            .map(|i| world.containers[i].name().to_owned())
            .collect();
        out.println(&format!("Attaching to {}", names.join(", ")));
        out.status = 130;
    }
}

fn ps(world: &World, project: &Project, p: &Parsed, out: &mut Output) {
    let mut rows: Vec<usize> = project_containers(world, &project.name)
        .into_iter()
        .filter(|&i| p.flag("all") || world.containers[i].is_running())
        .filter(|&i| {
            p.args.is_empty()
                || p.args
                    .contains(&converge::label_of(world, i, "com.docker.compose.service"))
        })
        .collect();
    rows.sort_by(|a, b| world.containers[*a].name().cmp(world.containers[*b].name()));
    if p.flag("quiet") {
        for i in rows {
            out.println(world.containers[i].id());
        }
        return;
    }
    if p.flag("services") {
        let mut seen: Vec<String> = Vec::new();
        for i in rows {
            let s = converge::label_of(world, i, "com.docker.compose.service");
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        out.println(&seen.join("\n"));
        return;
    }
    let mut tw = TabWriter::docker();
    tw.write("NAME\tIMAGE\tCOMMAND\tSERVICE\tCREATED\tSTATUS\tPORTS\n");
    for i in rows {
        let c = &world.containers[i];
        let s = super::ps::summarize(world, c, false);
        let command = crate::docker::format::ellipsis(&s.command, 20);
        let created = format!(
            "{} ago",
            crate::docker::format::units::human_duration(world.now.nanos_since(c.created()))
        );
        let ports = crate::docker::format::ports::displayable_ports(&s.ports);
        tw.write(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.name(),
            s.image,
            crate::docker::format::go_quote(&command),
            converge::label_of(world, i, "com.docker.compose.service"),
            created,
            s.status,
            ports
        ));
    }
    out.print(&tw.finish());
}

fn logs(world: &World, project: &Project, p: &Parsed, out: &mut Output) {
    let idxs: Vec<usize> = project_containers(world, &project.name)
        .into_iter()
        .filter(|&i| {
            p.args.is_empty()
                || p.args
                    .contains(&converge::label_of(world, i, "com.docker.compose.service"))
        })
        .collect();
    let width = idxs
        .iter()
        .map(|&i| world.containers[i].name().chars().count())
        .max()
        .unwrap_or(0);
    let tail: Option<usize> = p.string("tail").and_then(|t| t.parse().ok());
    let mut lines: Vec<(crate::engine::Timestamp, String, bool)> = Vec::new();
    for &i in &idxs {
        let c = &world.containers[i];
        let prefix = if p.flag("no-log-prefix") {
            String::new()
        } else {
            format!("{:<width$} | ", c.name())
        };
        let entries = &c.logs;
        let skip = tail.map_or(0, |t| entries.len().saturating_sub(t));
        for e in entries.iter().skip(skip) {
            let ts = if p.flag("timestamps") {
                format!("{} ", e.time.rfc3339_nano_fixed())
            } else {
                String::new()
            };
            let text = e.line.trim_end_matches('\n');
            lines.push((
                e.time,
                format!("{prefix}{ts}{text}"),
                e.stream == crate::engine::Stream::Stderr,
            ));
        }
    }
    lines.sort_by_key(|l| l.0);
    for (_, l, _) in lines {
        out.println(&l);
    }
}

fn config(project: &Project, p: &Parsed, out: &mut Output) {
    if p.flag("quiet") {
        return;
    }
    if p.flag("services") {
        for s in project.dependency_order() {
            out.println(&s);
        }
        return;
    }
    if p.flag("volumes") {
        for v in project.volumes.keys() {
            out.println(v);
        }
        return;
    }
    if p.flag("images") {
        for s in project.services.values() {
            out.println(&s.image_name(&project.name));
        }
        return;
    }
    // The normalized model, in compose's key order for the fields the
    // simulator knows.
    let mut y = format!("name: {}\nservices:\n", project.name);
    for s in project.services.values() {
        y.push_str(&format!("  {}:\n", s.name));
        if let Some(cmd) = &s.command {
            y.push_str("    command:\n");
            for w in cmd {
                y.push_str(&format!("      - {}\n", yaml_scalar(w)));
            }
        }
        if let Some(n) = &s.container_name {
            y.push_str(&format!("    container_name: {n}\n"));
        }
        if !s.depends_on.is_empty() {
            y.push_str("    depends_on:\n");
            for (d, dep) in &s.depends_on {
                y.push_str(&format!(
                    "      {d}:\n        condition: {}\n        required: {}\n        restart: {}\n",
                    dep.condition, dep.required, dep.restart
                ));
            }
        }
        if !s.environment.is_empty() {
            y.push_str("    environment:\n");
            let mut env = s.environment.clone();
            env.sort();
            for (k, v) in env {
                y.push_str(&format!("      {k}: {}\n", yaml_scalar(&v)));
            }
        }
        y.push_str(&format!("    image: {}\n", s.image_name(&project.name)));
        if !s.labels.is_empty() {
            y.push_str("    labels:\n");
            let mut l = s.labels.clone();
            l.sort();
            for (k, v) in l {
                y.push_str(&format!("      {k}: {}\n", yaml_scalar(&v)));
            }
        }
        y.push_str("    networks:\n");
        for n in s.networks.keys() {
            y.push_str(&format!("      {n}: null\n"));
        }
        if let Some(pp) = &s.pull_policy {
            y.push_str(&format!("    pull_policy: {pp}\n"));
        }
        if let Some(r) = &s.restart {
            y.push_str(&format!("    restart: {r}\n"));
        }
        if !s.volumes.is_empty() {
            y.push_str("    volumes:\n");
            for v in &s.volumes {
                y.push_str(&format!("      - type: {}\n", v.kind));
                if !v.source.is_empty() {
                    y.push_str(&format!("        source: {}\n", v.source));
                }
                y.push_str(&format!("        target: {}\n", v.target));
                if v.read_only {
                    y.push_str("        read_only: true\n");
                }
                if v.kind == "volume" {
                    y.push_str("        volume: {}\n");
                } else {
                    y.push_str("        bind: {}\n");
                }
            }
        }
    }
    y.push_str("networks:\n");
    for (k, n) in &project.networks {
        y.push_str(&format!("  {k}:\n    name: {}\n", n.name));
        if n.external {
            y.push_str("    external: true\n");
        }
    }
    if !project.volumes.is_empty() {
        y.push_str("volumes:\n");
        for (k, v) in &project.volumes {
            y.push_str(&format!("  {k}:\n    name: {}\n", v.name));
            if v.external {
                y.push_str("    external: true\n");
            }
        }
    }
    out.print(&y);
}

fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-'))
        && s.parse::<f64>().is_err()
        && !matches!(s, "true" | "false" | "null" | "yes" | "no");
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn build(world: &mut World, project: &Project, p: &Parsed, out: &mut Output) {
    let mut events = Vec::new();
    for s in project.services.values() {
        let Some((context, dockerfile)) = &s.build else {
            continue;
        };
        if !p.args.is_empty() && !p.args.contains(&s.name) {
            continue;
        }
        let image = s.image_name(&project.name);
        if let Err(e) = world.build_image(context, dockerfile, &[image], &[]) {
            return fail(out, &format!("failed to solve: {e}"));
        }
        events.push(converge::Event {
            id: format!("Service {}", s.name),
            text: String::new(),
            status: "Built".to_owned(),
        });
    }
    finish(out, &events, Ok(()));
}
