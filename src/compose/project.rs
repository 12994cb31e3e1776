//! A compose file as compose-go loads it, reduced to what the simulator
//! acts on: services (image, build, command, environment, ports, volumes,
//! networks, depends_on, restart, labels, pull_policy), networks, volumes.

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::{Yaml, YamlLoader};

/// Largest compose file read.
const MAX_COMPOSE_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// The directory holding the compose file (`project.working_dir`).
    pub working_dir: String,
    pub config_file: String,
    /// By service name (compose sorts services by name where order matters).
    pub services: BTreeMap<String, Service>,
    /// Declared networks (key → real name); `default` is always present.
    pub networks: BTreeMap<String, NetworkDef>,
    /// Declared volumes (key → real name).
    pub volumes: BTreeMap<String, VolumeDef>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkDef {
    pub name: String,
    pub external: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolumeDef {
    pub name: String,
    pub external: bool,
}

/// One service, normalized. Field order is the order of the config hash.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Service {
    pub name: String,
    pub image: Option<String>,
    /// Build context (absolute) and Dockerfile name.
    pub build: Option<(String, String)>,
    pub container_name: Option<String>,
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub environment: Vec<(String, String)>,
    pub ports: Vec<String>,
    /// Normalized short syntax: `SOURCE:TARGET[:ro]`, `TARGET` (anonymous).
    pub volumes: Vec<ServiceVolume>,
    /// Network key → aliases.
    pub networks: BTreeMap<String, Vec<String>>,
    pub depends_on: BTreeMap<String, Dependency>,
    pub restart: Option<String>,
    pub labels: Vec<(String, String)>,
    pub pull_policy: Option<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    pub healthcheck: Option<Healthcheck>,
}

/// One `depends_on` entry (compose-go's `ServiceDependency`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Dependency {
    /// `service_started`, `service_healthy` or
    /// `service_completed_successfully`.
    pub condition: String,
    /// Restart this service when the dependency is recreated or restarted.
    pub restart: bool,
    /// A dependency that fails stops the dependant (else a warning).
    pub required: bool,
}

impl Default for Dependency {
    fn default() -> Self {
        Dependency {
            condition: CONDITION_STARTED.to_owned(),
            restart: false,
            required: true,
        }
    }
}

pub const CONDITION_STARTED: &str = "service_started";
pub const CONDITION_HEALTHY: &str = "service_healthy";
pub const CONDITION_COMPLETED: &str = "service_completed_successfully";

/// A service's `healthcheck`, normalized: durations in nanoseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Healthcheck {
    /// `["CMD-SHELL", cmd]` for a string, the list as written otherwise.
    pub test: Vec<String>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub start_period: Option<i64>,
    pub start_interval: Option<i64>,
    pub retries: Option<i64>,
    pub disable: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ServiceVolume {
    /// `volume`, `bind`.
    pub kind: String,
    /// Volume key (named), absolute host path (bind), `""` anonymous.
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

impl Service {
    /// The image a container of this service runs: `image`, else the
    /// name compose gives a built image (`PROJECT-SERVICE`).
    pub fn image_name(&self, project: &str) -> String {
        self.image
            .clone()
            .unwrap_or_else(|| format!("{project}-{}", self.name))
    }
}

/// compose-go's `NormalizeProjectName`: lowercase, keep `[a-z0-9_-]`.
pub fn normalize_project_name(s: &str) -> String {
    s.to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
        .collect()
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get<'a>(y: &'a Yaml, key: &str) -> Option<&'a Yaml> {
    y.as_hash()?.get(&Yaml::String(key.to_owned()))
}

fn string_list(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A command given as a string is split as a POSIX shell would (shlex).
fn command(y: &Yaml) -> Option<Vec<String>> {
    match y {
        Yaml::Array(_) => Some(string_list(y)),
        Yaml::Null | Yaml::BadValue => None,
        other => scalar(other).map(|s| shell_split(&s)),
    }
}

fn shell_split(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    any = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `KEY: value` maps or `KEY=value` lists.
fn pairs(y: &Yaml) -> Vec<(String, String)> {
    match y {
        Yaml::Hash(h) => h
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default())))
            .collect(),
        Yaml::Array(a) => a
            .iter()
            .filter_map(scalar)
            .map(|s| match s.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (s, String::new()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn absolute(dir: &str, path: &str) -> String {
    let host = crate::engine::HostFs {
        cwd: dir.to_owned(),
        ..crate::engine::HostFs::default()
    };
    host.absolute(path)
}

fn service_volume(y: &Yaml, dir: &str) -> Result<ServiceVolume, String> {
    if let Some(spec) = scalar(y) {
        let m = crate::engine::mounts::parse_volume_flag(&spec).map_err(|e| e.to_string())?;
        let bind = m.kind == crate::engine::MountKind::Bind;
        return Ok(ServiceVolume {
            kind: if bind { "bind" } else { "volume" }.to_owned(),
            source: if bind {
                absolute(dir, &m.source)
            } else {
                m.source
            },
            target: m.target,
            read_only: m.read_only,
        });
    }
    let kind = get(y, "type")
        .and_then(scalar)
        .unwrap_or_else(|| "volume".to_owned());
    let source = get(y, "source").and_then(scalar).unwrap_or_default();
    let target = get(y, "target")
        .and_then(scalar)
        .ok_or("a volume needs a target")?;
    let read_only = get(y, "read_only").and_then(Yaml::as_bool).unwrap_or(false);
    Ok(ServiceVolume {
        source: if kind == "bind" {
            absolute(dir, &source)
        } else {
            source
        },
        kind,
        target,
        read_only,
    })
}

fn depends_on(
    v: &Yaml,
    service: &str,
    config_file: &str,
) -> Result<BTreeMap<String, Dependency>, String> {
    let mut out = BTreeMap::new();
    match get(v, "depends_on") {
        Some(Yaml::Array(a)) => {
            for d in a.iter().filter_map(scalar) {
                out.insert(d, Dependency::default());
            }
        }
        Some(Yaml::Hash(h)) => {
            for (dk, dv) in h {
                let Some(d) = scalar(dk) else { continue };
                let condition = get(dv, "condition")
                    .and_then(scalar)
                    .unwrap_or_else(|| CONDITION_STARTED.to_owned());
                if ![CONDITION_STARTED, CONDITION_HEALTHY, CONDITION_COMPLETED]
                    .contains(&condition.as_str())
                {
                    return Err(format!(
                        "validating {config_file}: services.{service}.depends_on.{d}.condition must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\""
                    ));
                }
                let flag = |key: &str, default: bool| {
                    get(dv, key).and_then(Yaml::as_bool).unwrap_or(default)
                };
                out.insert(
                    d,
                    Dependency {
                        condition,
                        restart: flag("restart", false),
                        required: flag("required", true),
                    },
                );
            }
        }
        _ => {}
    }
    Ok(out)
}

fn healthcheck(h: &Yaml, service: &str, config_file: &str) -> Result<Healthcheck, String> {
    let duration = |key: &str| -> Result<Option<i64>, String> {
        match get(h, key).and_then(scalar) {
            None => Ok(None),
            Some(text) => crate::docker::go_duration::parse(&text)
                .map(Some)
                .map_err(|e| {
                    format!("validating {config_file}: services.{service}.healthcheck.{key}: {e}")
                }),
        }
    };
    let test = match get(h, "test") {
        Some(Yaml::Array(a)) => a.iter().filter_map(scalar).collect(),
        Some(other) => scalar(other)
            .map(|cmd| vec!["CMD-SHELL".to_owned(), cmd])
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let retries = match get(h, "retries") {
        Some(Yaml::Integer(n)) => Some(*n),
        _ => None,
    };
    let check = Healthcheck {
        test,
        interval: duration("interval")?,
        timeout: duration("timeout")?,
        start_period: duration("start_period")?,
        start_interval: duration("start_interval")?,
        retries,
        disable: get(h, "disable").and_then(Yaml::as_bool).unwrap_or(false),
    };
    Ok(check)
}

/// Loads `text` (the file at `config_file` in `working_dir`); `name` is
/// `-p` if given. Errors read as compose's.
pub fn load(
    text: &str,
    config_file: &str,
    working_dir: &str,
    name: Option<&str>,
) -> Result<Project, String> {
    if text.len() > MAX_COMPOSE_BYTES {
        return Err(format!("{config_file}: file is too large"));
    }
    let docs = YamlLoader::load_from_str(text)
        .map_err(|e| format!("yaml: line {}: {}", e.marker().line(), e.info()))?;
    let root = docs.into_iter().next().unwrap_or(Yaml::Null);
    if !matches!(root, Yaml::Hash(_)) {
        return Err(format!(
            "validating {config_file}: (root) must be a mapping"
        ));
    }
    let dir_name = working_dir.rsplit('/').next().unwrap_or("");
    let name = name
        .map(str::to_owned)
        .or_else(|| get(&root, "name").and_then(scalar))
        .unwrap_or_else(|| dir_name.to_owned());
    let name = normalize_project_name(&name);
    let mut project = Project {
        name: name.clone(),
        working_dir: working_dir.to_owned(),
        config_file: config_file.to_owned(),
        ..Project::default()
    };
    let Some(Yaml::Hash(services)) = get(&root, "services") else {
        return Err("no service selected".to_owned());
    };
    for (k, v) in services {
        let Some(sname) = scalar(k) else { continue };
        let mut s = Service {
            name: sname.clone(),
            image: get(v, "image").and_then(scalar),
            container_name: get(v, "container_name").and_then(scalar),
            command: get(v, "command").and_then(command),
            entrypoint: get(v, "entrypoint").and_then(command),
            environment: get(v, "environment").map(pairs).unwrap_or_default(),
            ports: get(v, "ports").map(string_list).unwrap_or_default(),
            restart: get(v, "restart").and_then(scalar),
            labels: get(v, "labels").map(pairs).unwrap_or_default(),
            pull_policy: get(v, "pull_policy").and_then(scalar),
            working_dir: get(v, "working_dir").and_then(scalar),
            user: get(v, "user").and_then(scalar),
            hostname: get(v, "hostname").and_then(scalar),
            ..Service::default()
        };
        s.build = match get(v, "build") {
            None => None,
            Some(b) => match scalar(b) {
                Some(ctx) => Some((absolute(working_dir, &ctx), "Dockerfile".to_owned())),
                None => Some((
                    absolute(
                        working_dir,
                        &get(b, "context")
                            .and_then(scalar)
                            .unwrap_or_else(|| ".".to_owned()),
                    ),
                    get(b, "dockerfile")
                        .and_then(scalar)
                        .unwrap_or_else(|| "Dockerfile".to_owned()),
                )),
            },
        };
        if s.image.is_none() && s.build.is_none() {
            return Err(format!(
                "service {sname:?} has neither an image nor a build context specified: invalid compose project"
            ));
        }
        if let Some(Yaml::Array(vols)) = get(v, "volumes") {
            for vol in vols {
                s.volumes.push(service_volume(vol, working_dir)?);
            }
        }
        match get(v, "networks") {
            Some(Yaml::Array(a)) => {
                for n in a.iter().filter_map(scalar) {
                    s.networks.insert(n, Vec::new());
                }
            }
            Some(Yaml::Hash(h)) => {
                for (nk, nv) in h {
                    if let Some(n) = scalar(nk) {
                        let aliases = get(nv, "aliases").map(string_list).unwrap_or_default();
                        s.networks.insert(n, aliases);
                    }
                }
            }
            _ => {
                s.networks.insert("default".to_owned(), Vec::new());
            }
        }
        s.depends_on = depends_on(v, &sname, config_file)?;
        s.healthcheck = match get(v, "healthcheck") {
            Some(h) => Some(healthcheck(h, &sname, config_file)?),
            None => None,
        };
        project.services.insert(sname, s);
    }
    for (key, def) in [("networks", true), ("volumes", false)] {
        if let Some(Yaml::Hash(h)) = get(&root, key) {
            for (k, v) in h {
                let Some(k) = scalar(k) else { continue };
                let external = get(v, "external").and_then(Yaml::as_bool).unwrap_or(false);
                let real = get(v, "name").and_then(scalar).unwrap_or_else(|| {
                    if external {
                        k.clone()
                    } else {
                        format!("{name}_{k}")
                    }
                });
                if def {
                    project.networks.insert(
                        k,
                        NetworkDef {
                            name: real,
                            external,
                        },
                    );
                } else {
                    project.volumes.insert(
                        k,
                        VolumeDef {
                            name: real,
                            external,
                        },
                    );
                }
            }
        }
    }
    let uses_default = project
        .services
        .values()
        .any(|s| s.networks.contains_key("default"));
    if uses_default {
        project
            .networks
            .entry("default".to_owned())
            .or_insert_with(|| NetworkDef {
                name: format!("{name}_default"),
                external: false,
            });
    }
    // Every reference must be declared (compose-go's checks).
    for s in project.services.values() {
        for n in s.networks.keys() {
            if !project.networks.contains_key(n) {
                return Err(format!(
                    "service {:?} refers to undefined network {n}: invalid compose project",
                    s.name
                ));
            }
        }
        for v in &s.volumes {
            if v.kind == "volume"
                && !v.source.is_empty()
                && !project.volumes.contains_key(&v.source)
            {
                return Err(format!(
                    "service {:?} refers to undefined volume {}: invalid compose project",
                    s.name, v.source
                ));
            }
        }
        for d in s.depends_on.keys() {
            if !project.services.contains_key(d) {
                return Err(format!(
                    "service {:?} depends on undefined service {d:?}: invalid compose project",
                    s.name
                ));
            }
        }
    }
    if let Some(cycle) = dependency_cycle(&project) {
        return Err(cycle);
    }
    Ok(project)
}

/// compose-go's `graph.CheckCycle`, the last consistency check: searching
/// from each service in name order, dependencies in name order, the first
/// path that comes back to a service on it, as
/// `dependency cycle detected: a -> b -> a`.
///
/// Iterative, and a service whose search found nothing is not searched
/// again (nothing reachable from it can close a cycle through the current
/// path either), so a long chain or a wide diamond of services costs time
/// linear in the edges, not a deep stack or exponential time.
fn dependency_cycle(project: &Project) -> Option<String> {
    let deps_of = |name: &str| -> Vec<&str> {
        project.services.get(name).map_or_else(Vec::new, |s| {
            s.depends_on
                .keys()
                .filter(|d| project.services.contains_key(*d))
                .map(String::as_str)
                .collect()
        })
    };
    let mut acyclic: BTreeSet<&str> = BTreeSet::new();
    for start in project.services.keys() {
        if acyclic.contains(start.as_str()) {
            continue;
        }
        // The path from `start`, each step with its dependencies and how
        // many of them were searched.
        let mut path: Vec<(&str, Vec<&str>, usize)> = vec![(start, deps_of(start), 0)];
        while let Some((current, deps, searched)) = path.last_mut() {
            let Some(&dep) = deps.get(*searched) else {
                acyclic.insert(*current);
                path.pop();
                continue;
            };
            *searched += 1;
            if let Some(i) = path.iter().position(|(p, _, _)| *p == dep) {
                let names: Vec<&str> = path[i..].iter().map(|(p, _, _)| *p).collect();
                return Some(format!(
                    "dependency cycle detected: {} -> {dep}",
                    names.join(" -> ")
                ));
            }
            if !acyclic.contains(dep) {
                path.push((dep, deps_of(dep), 0));
            }
        }
    }
    None
}

impl Project {
    /// Services with dependencies first (compose's dependency order),
    /// ties by name.
    pub fn dependency_order(&self) -> Vec<String> {
        let mut done: Vec<String> = Vec::new();
        let names: Vec<&String> = self.services.keys().collect();
        // At most one pass per service; `load` refuses cycles, so every
        // service is placed by then.
        for _ in 0..=names.len() {
            for n in &names {
                if done.contains(n) {
                    continue;
                }
                let deps_done = self.services[*n]
                    .depends_on
                    .keys()
                    .all(|d| done.contains(d) || !self.services.contains_key(d));
                if deps_done {
                    done.push((*n).clone());
                }
            }
        }
        for n in names {
            if !done.contains(n) {
                done.push(n.clone());
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n  api:\n    image: ghcr.io/acme/api:stable\n    depends_on: [db]\n    ports: [\"8080:8080\"]\n    command: ./server --port 8080\nvolumes:\n  pgdata: {}\n";

    fn cycle_in(services: &str) -> Result<Project, String> {
        load(
            &format!("services:\n{services}"),
            "/srv/app/compose.yaml",
            "/srv/app",
            None,
        )
    }

    #[test]
    fn a_dependency_cycle_is_refused_naming_the_first_found_in_name_order() {
        let err = cycle_in(
            "  web:\n    image: w\n    depends_on: [api]\n  api:\n    image: a\n    depends_on: [db]\n  db:\n    image: d\n    depends_on: [web]\n",
        )
        .unwrap_err();
        assert_eq!(err, "dependency cycle detected: api -> db -> web -> api");
        let err = cycle_in("  solo:\n    image: s\n    depends_on: [solo]\n").unwrap_err();
        assert_eq!(err, "dependency cycle detected: solo -> solo");
    }

    #[test]
    fn a_cycle_below_the_start_is_reported_from_where_it_closes() {
        // From `a` the search goes a -> b -> c -> b: the cycle is the part
        // of the path from the service it returns to.
        let err = cycle_in(
            "  a:\n    image: i\n    depends_on: [b]\n  b:\n    image: i\n    depends_on: [c]\n  c:\n    image: i\n    depends_on: [b]\n",
        )
        .unwrap_err();
        assert_eq!(err, "dependency cycle detected: b -> c -> b");
    }

    #[test]
    fn shared_dependencies_without_a_cycle_load() {
        let mut services = String::new();
        // A ladder of 40 services, each depending on the next two: 2^40
        // paths for a search that does not remember what it has searched.
        for i in 0..40 {
            services.push_str(&format!(
                "  s{i:02}:\n    image: i\n    depends_on: [s{:02}, s{:02}]\n",
                i + 1,
                i + 2
            ));
        }
        services.push_str("  s40:\n    image: i\n  s41:\n    image: i\n");
        assert!(cycle_in(&services).is_ok());
    }

    #[test]
    fn project_name_comes_from_the_directory() {
        let p = load(FILE, "/srv/Shop/compose.yaml", "/srv/Shop", None).unwrap();
        assert_eq!(p.name, "shop");
        assert_eq!(p.networks["default"].name, "shop_default");
        assert_eq!(p.volumes["pgdata"].name, "shop_pgdata");
        assert_eq!(p.dependency_order(), ["db", "api"]);
        assert_eq!(
            p.services["api"].command,
            Some(vec!["./server".into(), "--port".into(), "8080".into()])
        );
    }

    #[test]
    fn undefined_volume_is_an_error() {
        let text = "services:\n  a:\n    image: x\n    volumes: [\"data:/d\"]\n";
        assert!(
            load(text, "/p/compose.yaml", "/p", None)
                .unwrap_err()
                .contains("undefined volume data")
        );
    }

    #[test]
    fn depends_on_map_reads_condition_required_and_restart() {
        let text = "services:\n  db:\n    image: pg\n    healthcheck:\n      test: pg_isready\n      interval: 1m30s\n      retries: 4\n  job:\n    image: j\n  api:\n    image: a\n    depends_on:\n      db:\n        condition: service_healthy\n        restart: true\n      job:\n        condition: service_completed_successfully\n        required: false\n";
        let p = load(text, "/p/compose.yaml", "/p", None).unwrap();
        let deps = &p.services["api"].depends_on;
        assert_eq!(
            deps["db"],
            Dependency {
                condition: CONDITION_HEALTHY.to_owned(),
                restart: true,
                required: true
            }
        );
        assert!(!deps["job"].required && !deps["job"].restart);
        let h = p.services["db"].healthcheck.clone().unwrap();
        assert_eq!(h.test, ["CMD-SHELL", "pg_isready"]);
        assert_eq!(h.interval, Some(90_000_000_000));
        assert_eq!(h.retries, Some(4));
        assert_eq!(p.dependency_order(), ["db", "job", "api"]);
    }

    #[test]
    fn an_unknown_condition_is_a_validation_error() {
        let text = "services:\n  db:\n    image: pg\n  api:\n    image: a\n    depends_on:\n      db:\n        condition: service_ready\n";
        let e = load(text, "/p/compose.yaml", "/p", None).unwrap_err();
        assert!(
            e.starts_with("validating /p/compose.yaml: services.api.depends_on.db.condition must be one of the following"),
            "{e}"
        );
    }
}
