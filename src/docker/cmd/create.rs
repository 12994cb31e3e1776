//! `docker create` and what `docker run` shares with it: turning the
//! container flags into a `ContainerSpec`, pulling a missing image, creating.

use super::super::command::{Invocation, Output};
use super::super::flags::FlagError;
use super::super::flags::{Flag, Parsed};
use crate::engine::mounts::{parse_mount_flag, parse_volume_flag};
use crate::engine::ports::parse_publish;
use crate::engine::{
    ContainerSpec, EngineError, HealthSpec, PullOutcome, Reference, RestartPolicy,
};

/// The container flags `run` and `create` both take (cli `addFlags`), plus
/// any command-specific ones: one list, so the two commands cannot drift.
macro_rules! container_flags {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            Flag::list("env", Some('e')),
            Flag::list("env-file", None),
            Flag::string("entrypoint", None),
            Flag::list("expose", None),
            Flag::string("health-cmd", None),
            Flag::duration("health-interval", None),
            Flag::int("health-retries", None),
            Flag::duration("health-start-interval", None),
            Flag::duration("health-start-period", None),
            Flag::duration("health-timeout", None),
            Flag::string("hostname", Some('h')),
            Flag::bool("init", None),
            Flag::bool("interactive", Some('i')),
            Flag::list("label", Some('l')),
            Flag::list("label-file", None),
            Flag::list("link", None),
            Flag::string("memory", Some('m')),
            Flag::list("mount", None),
            Flag::string("cpus", None),
            Flag::string("name", None),
            Flag::string("net", None),
            Flag::string("network", None),
            Flag::list("network-alias", None),
            Flag::bool("no-healthcheck", None),
            Flag::string("platform", None),
            Flag::list("publish", Some('p')),
            Flag::string("pull", None),
            Flag::bool("quiet", Some('q')),
            Flag::string("restart", None),
            Flag::bool("rm", None),
            Flag::string("stop-signal", None),
            Flag::int("stop-timeout", None),
            Flag::bool("tty", Some('t')),
            Flag::string("user", Some('u')),
            Flag::list("volume", Some('v')),
            Flag::list("volumes-from", None),
            Flag::string("workdir", Some('w')),
        ]
    };
}
pub(crate) use container_flags;

pub const CREATE_FLAGS: &[Flag] = container_flags!();

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    if !check_mount_flags(inv, p) {
        return;
    }
    let spec = match parse_spec(inv, p, false) {
        Ok(s) => s,
        Err(msg) => return with_help(&mut inv.out, &msg, "create"),
    };
    match create(inv, p, spec, true) {
        Ok(id) => inv.out.println(&id),
        // `docker create` returns daemon errors unwrapped (exit 1).
        Err(e) => match e {
            CreateError::Daemon(e) => inv.out.daemon_error(&e),
            CreateError::Client(msg) => inv.out.fail(&msg),
        },
    }
}

/// Why a create failed.
pub enum CreateError {
    /// From the daemon: `Error response from daemon: ...`.
    Daemon(EngineError),
    /// From the client, printed as is.
    Client(String),
}

impl CreateError {
    pub fn message(&self) -> String {
        match self {
            CreateError::Daemon(e) => format!("Error response from daemon: {e}"),
            CreateError::Client(m) => m.clone(),
        }
    }
}

/// pflag parses `--mount` and `--link` values as it reads them: a bad one
/// is a flag error (exit 125 with usage). Returns false when it reported one.
pub fn check_mount_flags(inv: &mut Invocation<'_>, p: &Parsed) -> bool {
    for raw in p.list("link") {
        if let Err(reason) = crate::engine::links::parse_link(raw) {
            inv.flag_error(&FlagError::InvalidValue {
                value: raw.clone(),
                flag: "--link".to_owned(),
                reason,
            });
            return false;
        }
    }
    for raw in p.list("mount") {
        if let Err(reason) = parse_mount_flag(raw) {
            inv.flag_error(&FlagError::InvalidValue {
                value: raw.clone(),
                flag: "--mount".to_owned(),
                reason,
            });
            return false;
        }
    }
    true
}

/// `docker: <msg>` + blank + help line, exit 125 (cli's `withHelp`).
pub fn with_help(out: &mut Output, msg: &str, command: &str) {
    out.eprintln(&format!(
        "docker: {msg}\n\nRun 'docker {command} --help' for more information"
    ));
    out.status = 125;
}

/// The container flags as the CLI's `parse` reads them; `Err` is its text.
pub fn parse_spec(inv: &Invocation<'_>, p: &Parsed, detach: bool) -> Result<ContainerSpec, String> {
    let mut args = p.args.iter();
    let image = args.next().cloned().unwrap_or_default();
    let cmd: Vec<String> = args.cloned().collect();
    if let Some(file) = p.list("env-file").first() {
        // The simulator never reads host files.
        return Err(format!("open {file}: no such file or directory"));
    }
    if let Some(file) = p.list("label-file").first() {
        return Err(format!("open {file}: no such file or directory"));
    }
    let mut publish = Vec::new();
    for raw in p.list("publish") {
        publish.extend(parse_publish(raw)?);
    }
    // `-e NAME` copies the client's variable; the simulated client has no
    // environment, so such variables are dropped as docker drops unset ones.
    let env = p
        .list("env")
        .iter()
        .filter(|e| e.contains('='))
        .cloned()
        .collect();
    let labels = p
        .list("label")
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (l.clone(), String::new()),
        })
        .collect();
    let restart = RestartPolicy::parse(p.string("restart").unwrap_or(""))?;
    let auto_remove = p.flag("rm");
    let memory = match p.string("memory").filter(|m| !m.is_empty()) {
        None => 0,
        Some(m) => crate::docker::format::units::ram_in_bytes(m)
            .map_err(|e| format!("invalid argument \"{m}\" for \"-m, --memory\" flag: {e}"))?,
    };
    if memory > 0 && memory < 6 * 1024 * 1024 {
        return Err("Error response from daemon: Minimum memory limit allowed is 6MB".to_owned());
    }
    if auto_remove && restart != RestartPolicy::No {
        return Err("conflicting options: cannot specify both --restart and --rm".to_owned());
    }
    let entrypoint = p.string("entrypoint").map(|e| {
        if e.is_empty() {
            vec![String::new()]
        } else {
            vec![e.to_owned()]
        }
    });
    let healthcheck = health_spec(p)?;
    let network = p
        .string("network")
        .or_else(|| p.string("net"))
        .filter(|n| !n.is_empty() && *n != "default")
        .unwrap_or("bridge")
        .to_owned();
    let mut mounts = Vec::new();
    for raw in p.list("volume") {
        mounts.push(parse_volume_flag(raw)?);
    }
    for raw in p.list("mount") {
        // Already validated by `check_mount_flags`.
        if let Ok(m) = parse_mount_flag(raw) {
            mounts.push(m);
        }
    }
    let aliases = p.list("network-alias").to_vec();
    Ok(ContainerSpec {
        mounts,
        aliases,
        links: p.list("link").to_vec(),
        volumes_from: p.list("volumes-from").to_vec(),
        id: None,
        name: p
            .string("name")
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        image_ref: image,
        image_id: String::new(),
        env,
        cmd: (!cmd.is_empty()).then_some(cmd),
        entrypoint,
        labels,
        publish,
        restart,
        auto_remove,
        created: inv.world.now,
        network,
        attach: !detach,
        interactive: p.flag("interactive"),
        tty: p.flag("tty"),
        workdir: p.string("workdir").map(str::to_owned),
        user: p.string("user").map(str::to_owned),
        hostname: p
            .string("hostname")
            .filter(|h| !h.is_empty())
            .map(str::to_owned),
        memory,
        healthcheck,
        stop_signal: p
            .string("stop-signal")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        // The CLI sends StopTimeout only when the flag was given.
        stop_timeout: p
            .is_set("stop-timeout")
            .then(|| p.int("stop-timeout"))
            .flatten(),
    })
}

/// The `--health-*` and `--no-healthcheck` flags as the CLI's `parse`
/// turns them into a `HealthConfig` (cli/command/container/opts.go).
fn health_spec(p: &Parsed) -> Result<Option<HealthSpec>, String> {
    let cmd = p.string("health-cmd").unwrap_or("");
    let duration = |name: &str| p.duration(name).unwrap_or(0);
    let spec = HealthSpec {
        test: if cmd.is_empty() {
            Vec::new()
        } else {
            vec!["CMD-SHELL".to_owned(), cmd.to_owned()]
        },
        interval: duration("health-interval"),
        timeout: duration("health-timeout"),
        start_period: duration("health-start-period"),
        start_interval: duration("health-start-interval"),
        retries: p.int("health-retries").unwrap_or(0),
    };
    let have_settings = spec != HealthSpec::default();
    if p.flag("no-healthcheck") {
        if have_settings {
            return Err("--no-healthcheck conflicts with --health-* options".to_owned());
        }
        return Ok(Some(HealthSpec {
            test: vec!["NONE".to_owned()],
            ..HealthSpec::default()
        }));
    }
    if !have_settings {
        return Ok(None);
    }
    for (value, flag) in [
        (spec.interval, "--health-interval"),
        (spec.timeout, "--health-timeout"),
        (spec.retries, "--health-retries"),
        (spec.start_period, "--health-start-period"),
        (spec.start_interval, "--health-start-interval"),
    ] {
        if value < 0 {
            return Err(format!("{flag} cannot be negative"));
        }
    }
    Ok(Some(spec))
}

/// Creates the container, pulling its image first when it is missing and
/// `--pull` allows (cli `createContainer`). Pull progress goes to stderr.
pub fn create(
    inv: &mut Invocation<'_>,
    p: &Parsed,
    mut spec: ContainerSpec,
    _is_create: bool,
) -> Result<String, CreateError> {
    let named =
        Reference::parse(&spec.image_ref).map_err(|e| CreateError::Client(e.to_string()))?;
    let pull = p.string("pull").unwrap_or("missing");
    if !matches!(pull, "always" | "missing" | "never") {
        return Err(CreateError::Client(format!(
            "invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\""
        )));
    }
    let quiet = p.flag("quiet");
    if pull == "always" {
        let outcome = inv
            .world
            .pull(&spec.image_ref)
            .map_err(CreateError::Daemon)?;
        if !quiet {
            inv.out.eprint(&render_pull(&outcome));
        }
    }
    let image_id = match inv.world.resolve_image_for_run(&spec.image_ref) {
        Ok(id) => id,
        Err(EngineError::NoSuchImage(_)) if pull == "missing" => {
            if !quiet {
                inv.out.eprintln(&format!(
                    "Unable to find image '{}' locally",
                    named.clone().with_default_tag().familiar()
                ));
            }
            let outcome = inv
                .world
                .pull(&spec.image_ref)
                .map_err(CreateError::Daemon)?;
            if !quiet {
                inv.out.eprint(&render_pull(&outcome));
            }
            outcome.image_id
        }
        Err(EngineError::NoSuchImage(_)) => {
            return Err(CreateError::Daemon(EngineError::Other(format!(
                "No such image: {}",
                named.with_default_tag().familiar()
            ))));
        }
        Err(e) => return Err(CreateError::Daemon(e)),
    };
    spec.image_id = image_id;
    inv.world
        .insert_container(spec)
        .map_err(CreateError::Daemon)
}

/// A pull's progress as the CLI prints it to a pipe (no progress bars:
/// jsonmessage drops them when the output is not a terminal).
pub fn render_pull(o: &PullOutcome) -> String {
    use crate::engine::PullEvent;
    let mut s = String::new();
    if o.downloaded_newer {
        s.push_str(&format!("{}: Pulling from {}\n", o.tag, o.path));
        let mut fetched = Vec::new();
        for l in &o.layers {
            match l {
                PullEvent::LayerExists(id) => s.push_str(&format!("{id}: Already exists\n")),
                PullEvent::LayerPulled(id) => {
                    s.push_str(&format!("{id}: Pulling fs layer\n"));
                    fetched.push(id);
                }
            }
        }
        for id in &fetched {
            s.push_str(&format!(
                "{id}: Verifying Checksum\n{id}: Download complete\n"
            ));
        }
        for id in &fetched {
            s.push_str(&format!("{id}: Pull complete\n"));
        }
        s.push_str(&format!(
            "Digest: {}\nStatus: Downloaded newer image for {}\n",
            o.digest, o.familiar
        ));
    } else {
        s.push_str(&format!(
            "{}: Pulling from {}\nDigest: {}\nStatus: Image is up to date for {}\n",
            o.tag, o.path, o.digest, o.familiar
        ));
    }
    s
}
