//! A compose file as compose-go loads it, reduced to what the simulator
//! acts on: services (image, build, command, environment, ports, volumes,
//! networks, depends_on, restart, labels, pull_policy), networks, volumes.

use std::collections::BTreeMap;

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
    /// Service → (condition, restart).
    pub depends_on: BTreeMap<String, (String, bool)>,
    pub restart: Option<String>,
    pub labels: Vec<(String, String)>,
    pub pull_policy: Option<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
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
        match get(v, "depends_on") {
            Some(Yaml::Array(a)) => {
                for d in a.iter().filter_map(scalar) {
                    s.depends_on
                        .insert(d, ("service_started".to_owned(), false));
                }
            }
            Some(Yaml::Hash(h)) => {
                for (dk, dv) in h {
                    if let Some(d) = scalar(dk) {
                        let cond = get(dv, "condition")
                            .and_then(scalar)
                            .unwrap_or_else(|| "service_started".to_owned());
                        let restart = get(dv, "restart").and_then(Yaml::as_bool).unwrap_or(false);
                        s.depends_on.insert(d, (cond, restart));
                    }
                }
            }
            _ => {}
        }
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
    Ok(project)
}

impl Project {
    /// Services with dependencies first (compose's dependency order),
    /// ties by name.
    pub fn dependency_order(&self) -> Vec<String> {
        let mut done: Vec<String> = Vec::new();
        let names: Vec<&String> = self.services.keys().collect();
        // At most one pass per service: cycles end in name order.
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
}
