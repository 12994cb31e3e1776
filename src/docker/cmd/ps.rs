//! `docker ps` / `docker container ls`: the daemon's container list with its
//! filters (moby `daemon/list.go`) and the CLI's `ContainerContext`.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::docker::flags::{Flag, Parsed};
use crate::docker::format::filters::Filters;
use crate::docker::format::ports::{Port, PortRef, displayable_ports, write_displayable_ports};
use crate::docker::format::table::{finish_table, finish_table_parts, parse_format, render_rows};
use crate::docker::format::tabwriter::Lines;
use crate::docker::format::units::{human_size_with_precision, write_human_duration};
use crate::docker::format::{
    Format, SubHeader, go_quote, no_args, one_string_arg, push_decimal, truncate_id,
    write_ellipsis, write_go_quote,
};
use crate::docker::{Command, Invocation};

use crate::engine::{
    Container, EngineError, MountRef, MountView, Reference, Status, Timestamp, World,
};
use crate::template::{self, ExecOptions, Object, PlainPiece, Value};

pub const FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::list("filter", Some('f')),
    Flag::string("format", None),
    Flag::int("last", Some('n')),
    Flag::bool("latest", Some('l')),
    Flag::bool("no-trunc", None),
    Flag::bool("quiet", Some('q')),
    Flag::bool("size", Some('s')),
];

pub const PS: Command = Command {
    path: "ps",
    usage: "docker ps [OPTIONS]",
    short: "List containers",
    flags: FLAGS,
    interspersed: true,
    args: crate::docker::ArgsRule::None,
    run,
};

/// `container ls` and its aliases share `ps`'s flags but not its usage line.
pub const fn container_ls(path: &'static str) -> Command {
    Command {
        path,
        usage: "docker container ls [OPTIONS]",
        short: "List containers",
        flags: FLAGS,
        interspersed: true,
        args: crate::docker::ArgsRule::None,
        run,
    }
}

const DEFAULT_TABLE: &str =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

const RAW_FORMAT: &str = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";

/// `formatter.NewContainerFormat`.
fn container_format(source: &str, quiet: bool, size: bool) -> Format {
    Format(match source {
        "table" | "" if quiet => "{{.ID}}".to_owned(),
        "table" | "" => {
            let mut f = DEFAULT_TABLE.to_owned();
            if size {
                f.push_str("\\t{{.Size}}");
            }
            f
        }
        "raw" if quiet => "container_id: {{.ID}}".to_owned(),
        "raw" => {
            let mut f = RAW_FORMAT.to_owned();
            if size {
                f.push_str("size: {{.Size}}\\n");
            }
            f
        }
        _ if quiet => "{{.ID}}".to_owned(),
        custom => custom.to_owned(),
    })
}

/// What the daemon's list asks for (`container.ListOptions`).
#[derive(Clone, Debug, Default)]
pub struct ListOptions {
    pub all: bool,
    pub limit: i64,
    pub size: bool,
    pub filters: Filters,
}

fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let filters = match Filters::parse(p.list("filter"), "-f, --filter") {
        Ok(f) => f,
        Err(e) => return inv.flag_error(&e),
    };
    let quiet = p.flag("quiet");
    let format_src = p.string("format").unwrap_or("").to_owned();
    if !format_src.is_empty() && quiet {
        inv.out.eprint(
            "WARNING: Ignoring custom format, because both --format and --quiet are set.\n",
        );
    }
    let last = p.int("last").unwrap_or(-1);
    let mut opts = ListOptions {
        all: p.flag("all"),
        limit: last,
        size: p.flag("size"),
        filters,
    };
    if p.flag("latest") && last == -1 {
        opts.limit = 1;
    }
    // Docker validates any --format up front, over an empty context, and
    // turns on sizes when the template reads `.Size`.
    if !format_src.is_empty() {
        let tmpl = match template::parse(&format_src) {
            Ok(t) => t,
            Err(e) => return inv.out.fail(&format!("failed to parse template: {e}")),
        };
        let probe = ContainerContext::probe();
        let size_used = probe.size_used.clone();
        let mut sink = String::new();
        if let Err(e) = tmpl.execute_into(&Value::object(probe), ExecOptions::default(), &mut sink)
        {
            return inv.out.fail(&format!("failed to execute template: {e}"));
        }
        if !quiet && !opts.size && !p.is_set("size") && size_used.get() {
            opts.size = true;
        }
    }
    let list = match list_containers(inv.world, &mut opts) {
        Ok(l) => l,
        Err(e) => return inv.out.daemon_error(&e),
    };
    let format = container_format(&format_src, quiet, opts.size);
    let trunc = !p.flag("no-trunc");
    match render(inv.world, &list, &format, trunc, opts.size) {
        Ok(text) => inv.out.print_string(text),
        Err(e) => inv.out.fail(&e),
    }
}

/// The listing as `format` prints it. Formats made of text and plain
/// columns (the default table, `table {{.Names}}\t{{.Status}}`, ...) are
/// rendered by [`Columns`] straight from the containers; anything else runs
/// the template over a [`ContainerContext`] per row. Both print the same
/// bytes (see the tests).
fn render(
    world: &World,
    list: &[Listed<'_>],
    format: &Format,
    trunc: bool,
    size: bool,
) -> Result<String, String> {
    let tmpl = parse_format(format)?;
    let header = Value::object(SubHeader::new(HEADERS));
    let plan = if template_only() {
        None
    } else {
        tmpl.plain_pieces().and_then(|pieces| {
            pieces
                .into_iter()
                .map(|piece| match piece {
                    PlainPiece::Text(t) => Some(Piece::Text(t)),
                    PlainPiece::Field(name) => Column::named(name).map(Piece::Column),
                })
                .collect::<Option<Vec<_>>>()
        })
    };
    if let Some(plan) = plan {
        let rendered = if format.is_table() {
            render_columns(world, list, &plan, trunc, size, Lines::scan)
                .map(|parts| finish_table_parts(&tmpl, &header, parts))
        } else {
            render_columns(world, list, &plan, trunc, size, |body| body).map(|parts| parts.concat())
        };
        if let Some(out) = rendered {
            #[cfg(test)]
            FAST_RENDERS.with(|n| n.set(n.get() + 1));
            return Ok(out);
        }
    }
    let mut refs = ResolvedImages::default();
    let rows: Vec<Value> = list
        .iter()
        .map(|c| {
            Value::object(ContainerContext {
                summary: summarize_listed(world, c, &mut refs, size),
                trunc,
                now: world.now,
                header: None,
                size_used: Rc::default(),
            })
        })
        .collect();
    let body = render_rows(&tmpl, rows.iter())?;
    Ok(finish_table(format, &tmpl, &header, body))
}

/// The most a listing reserves ahead for its rows.
const RESERVE_LIMIT: usize = 64 << 20;

/// Listings of at least this many rows are rendered by two threads, each
/// half into its own buffer (a thread costs ~0.1 ms; a row ~4 k
/// instructions).
const SPLIT_ROWS: usize = 1024;

/// The rows of a plain-column format, rendered by [`Columns`], in parts
/// (each row ended by a newline, each part taken by `finish` in the thread
/// that rendered it); `None` when a row is longer than a template may
/// print.
fn render_columns<T: Send>(
    world: &World,
    list: &[Listed<'_>],
    plan: &[Piece<'_>],
    trunc: bool,
    size: bool,
    finish: impl Fn(String) -> T + Sync,
) -> Option<Vec<T>> {
    if list.len() < SPLIT_ROWS {
        return Some(vec![finish(
            Columns::new(world, trunc, size).render(list, plan)?,
        )]);
    }
    let (first, second) = list.split_at(list.len() / 2);
    let finish = &finish;
    std::thread::scope(|scope| {
        let second = crate::threads::spawn_beside(scope, || {
            Columns::new(world, trunc, size)
                .render(second, plan)
                .map(finish)
        });
        let first = Columns::new(world, trunc, size)
            .render(first, plan)
            .map(finish);
        // A panic in the second half is not ours to raise: the template
        // path renders the listing instead.
        let second = second.join().ok().flatten();
        Some(vec![first?, second?])
    })
}

#[cfg(test)]
thread_local! {
    /// Tests set this to render through the template alone, the reference
    /// the direct renderer is held to.
    static TEMPLATE_ONLY: Cell<bool> = const { Cell::new(false) };
    /// How many listings the direct renderer printed.
    static FAST_RENDERS: Cell<usize> = const { Cell::new(0) };
}

#[cfg(test)]
mod render_tests;

fn template_only() -> bool {
    #[cfg(test)]
    return TEMPLATE_ONLY.with(Cell::get);
    #[cfg(not(test))]
    false
}

/// One part of a row: literal text, or a column.
#[derive(Clone, Copy)]
enum Piece<'t> {
    Text(&'t str),
    Column(Column),
}

/// The `ContainerContext` methods that take no arguments and return a
/// string: a `{{.X}}` action over one of them prints that string.
#[derive(Clone, Copy, Debug)]
enum Column {
    Id,
    Names,
    Image,
    Command,
    CreatedAt,
    RunningFor,
    Ports,
    State,
    Status,
    Size,
    Labels,
    Mounts,
    LocalVolumes,
    Networks,
}

impl Column {
    fn named(name: &str) -> Option<Column> {
        Some(match name {
            "ID" => Column::Id,
            "Names" => Column::Names,
            "Image" => Column::Image,
            "Command" => Column::Command,
            "CreatedAt" => Column::CreatedAt,
            "RunningFor" => Column::RunningFor,
            "Ports" => Column::Ports,
            "State" => Column::State,
            "Status" => Column::Status,
            "Size" => Column::Size,
            "Labels" => Column::Labels,
            "Mounts" => Column::Mounts,
            "LocalVolumes" => Column::LocalVolumes,
            "Networks" => Column::Networks,
            _ => return None,
        })
    }
}

/// Renders columns straight from the listed containers, into one buffer,
/// with what rows share (familiar image names, scratch space) kept across
/// rows.
struct Columns<'a> {
    world: &'a World,
    trunc: bool,
    size: bool,
    /// Containers some legacy link names, which therefore have more than
    /// one name.
    linked: BTreeSet<&'a str>,
    /// `familiar_with_tag` of each image reference seen.
    familiar: BTreeMap<&'a str, Option<String>>,
    refs: ResolvedImages,
    /// The image column as written for the first (reference, image ID)
    /// pairs seen: rows share a few images, and the column depends on the
    /// pair alone.
    images: Vec<(&'a str, &'a str, String)>,
    /// How many more pairs may be remembered.
    images_left: usize,
    scratch: String,
    command: String,
    ports: Vec<PortRef<'a>>,
}

/// How many image columns a listing remembers; shorter listings remember
/// none (each row's image is likely its own).
const IMAGES_REMEMBERED: usize = 32;

impl<'a> Columns<'a> {
    fn new(world: &'a World, trunc: bool, size: bool) -> Columns<'a> {
        Columns {
            world,
            trunc,
            size,
            linked: world.links.iter().map(|l| l.child_id.as_str()).collect(),
            familiar: BTreeMap::new(),
            refs: ResolvedImages::default(),
            images: Vec::new(),
            images_left: IMAGES_REMEMBERED,
            scratch: String::new(),
            command: String::new(),
            ports: Vec::new(),
        }
    }

    /// The rows, each ended by a newline; `None` when a row is longer
    /// than a template may print, so that the template reports it.
    fn render(&mut self, list: &[Listed<'a>], plan: &[Piece<'_>]) -> Option<String> {
        if list.len() < IMAGES_REMEMBERED {
            self.images_left = 0;
        }
        let mut body = String::new();
        for &c in list {
            let start = body.len();
            for piece in plan {
                match *piece {
                    Piece::Text(t) => body.push_str(t),
                    Piece::Column(col) => self.write(col, c, &mut body),
                }
            }
            if body.len() - start > template::MAX_OUTPUT {
                return None;
            }
            body.push('\n');
            if start == 0 {
                // Rows are much alike: room for all of them, as guessed from
                // the first, saves growing the buffer by copies (pages of it
                // never written are never touched).
                let guess = (body.len() + 16).saturating_mul(list.len());
                body.reserve(guess.min(RESERVE_LIMIT));
            }
        }
        Some(body)
    }

    fn write(&mut self, col: Column, c: &'a Container, out: &mut String) {
        match col {
            Column::Id => write_id(out, c.id(), self.trunc),
            Column::Names => {
                if self.linked.contains(c.id()) {
                    let names = self.world.container_names(c.id(), c.name());
                    write_names(out, &names, self.trunc);
                } else {
                    // The one name `/NAME`, printed without its slash
                    // whether truncated or not.
                    out.push_str(c.name());
                }
            }
            Column::Image => {
                let pair = (c.config_image(), c.image_id());
                if let Some((_, _, text)) = self.images.iter().find(|(r, i, _)| (*r, *i) == pair) {
                    return out.push_str(text);
                }
                let start = out.len();
                self.write_image(c, out);
                if self.images_left > 0 {
                    self.images_left -= 1;
                    let text = out.get(start..).unwrap_or_default().to_owned();
                    self.images.push((pair.0, pair.1, text));
                }
            }
            Column::Command => {
                self.command.clear();
                write_command_line(&mut self.command, c);
                write_command(out, &self.command, self.trunc, &mut self.scratch);
            }
            Column::CreatedAt => write_created_at(out, c.created().unix_seconds()),
            Column::RunningFor => {
                write_running_for(out, self.world.now, c.created().unix_seconds());
            }
            Column::Ports => {
                self.ports.clear();
                for_each_summary_port(c, |p| self.ports.push(p));
                write_displayable_ports(out, &mut self.ports);
            }
            Column::State => out.push_str(c.status().as_str()),
            Column::Status => write_status(out, c, self.world.now),
            Column::Size => {
                let (rw, root) = sizes(c, self.size);
                write_size(out, rw, root);
            }
            Column::Labels => write_labels(out, c.labels_iter()),
            Column::Mounts => write_mounts(out, c.mount_views(), self.trunc),
            Column::LocalVolumes => write_local_volumes(out, c.mount_views()),
            Column::Networks => {
                write_networks(out, c.network_ids().into_iter().flatten().map(|(n, _)| n));
            }
        }
    }

    /// The image column of `c`.
    fn write_image(&mut self, c: &'a Container, out: &mut String) {
        let image = summary_image(self.world, c, &mut self.refs);
        let familiar = &mut self.familiar;
        write_image(out, image, c.image_id(), self.trunc, |out| {
            match familiar
                .entry(image)
                .or_insert_with(|| familiar_with_tag(image))
            {
                Some(f) => {
                    out.push_str(f);
                    true
                }
                None => false,
            }
        });
    }
}

const HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Names", "NAMES"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Networks", "NETWORKS"),
    ("Platform", "PLATFORM"),
];

/// A mount as a container summary lists it.
pub type MountPoint = MountView;

/// `container.Summary` plus the snapshot fields the filters read.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub id: String,
    pub names: Vec<String>,
    pub image: String,
    pub image_id: String,
    pub command: String,
    /// Unix seconds.
    pub created: i64,
    pub ports: Vec<Port>,
    pub size_rw: i64,
    pub size_root_fs: i64,
    pub labels: Vec<(String, String)>,
    pub state: String,
    pub status: String,
    /// `None` when the summary has no `NetworkSettings`.
    pub networks: Option<Vec<(String, String)>>,
    pub mounts: Vec<MountPoint>,
}

/// A container the list kept; its summary is read from it when rendered
/// (the image reference it shows too: rendering runs on two threads for a
/// long listing, and reading each container there touches it once).
pub type Listed<'a> = &'a Container;

/// `State.String()` on the daemon clock.
pub fn status_string(c: &Container, now: Timestamp) -> String {
    let mut out = String::new();
    write_status(&mut out, c, now);
    out
}

/// [`status_string`], appended to `out`.
fn write_status(out: &mut String, c: &Container, now: Timestamp) {
    let since = |out: &mut String, t: Option<Timestamp>| {
        write_human_duration(out, now.nanos_since(t.unwrap_or_default()));
    };
    let status = c.status();
    if c.is_running() {
        if c.is_paused() {
            out.push_str("Up ");
            since(out, c.started_at());
            out.push_str(" (Paused)");
            return;
        }
        if c.is_restarting() {
            out.push_str("Restarting (");
            push_decimal(out, c.exit_code());
            out.push_str(") ");
            since(out, c.finished_at());
            out.push_str(" ago");
            return;
        }
        out.push_str("Up ");
        since(out, c.started_at());
        if let Some(h) = c.health() {
            out.push_str(" (");
            out.push_str(if h == "starting" {
                "health: starting"
            } else {
                h
            });
            out.push(')');
        }
        return;
    }
    if status == Status::Removing {
        return out.push_str("Removal In Progress");
    }
    if status == Status::Dead || c.is_dead() {
        return out.push_str("Dead");
    }
    if c.started_at().is_none() {
        return out.push_str("Created");
    }
    if c.finished_at().is_none() {
        return;
    }
    out.push_str("Exited (");
    push_decimal(out, c.exit_code());
    out.push_str(") ");
    since(out, c.finished_at());
    out.push_str(" ago");
}

/// The command column's source: `Path` and `Args`, args with spaces quoted.
fn command_line(c: &Container) -> String {
    let mut line = String::new();
    write_command_line(&mut line, c);
    line
}

fn write_command_line(line: &mut String, c: &Container) {
    let (path, args) = c.path_and_args();
    line.push_str(path);
    for a in args {
        line.push(' ');
        if a.contains(' ') {
            line.push('\'');
            line.push_str(a);
            line.push('\'');
        } else {
            line.push_str(a);
        }
    }
}

/// `nat.ParsePort`: a port number, 0 for an empty string.
fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() {
        return Some(0);
    }
    s.parse().ok()
}

/// The summary's `Ports`, in the order the daemon lists them.
fn for_each_summary_port<'c>(c: &'c Container, mut f: impl FnMut(PortRef<'c>)) {
    for (key, bindings) in c.port_bindings() {
        let (num, proto) = match key.split_once('/') {
            Some((n, p)) => (n, p),
            None => (key, "tcp"),
        };
        let Some(private) = parse_port(num) else {
            continue;
        };
        if bindings.len() == 0 {
            f(PortRef {
                ip: "",
                private_port: private,
                public_port: 0,
                kind: proto,
            });
            continue;
        }
        for (host_ip, host_port) in bindings {
            let Some(public) = parse_port(host_port) else {
                continue;
            };
            f(PortRef {
                ip: host_ip,
                private_port: private,
                public_port: public,
                kind: proto,
            });
        }
    }
}

fn summary_ports(c: &Container) -> Vec<Port> {
    let mut out = Vec::new();
    for_each_summary_port(c, |p| {
        out.push(Port {
            ip: p.ip.to_owned(),
            private_port: p.private_port,
            public_port: p.public_port,
            kind: p.kind.to_owned(),
        });
    });
    out
}

/// The daemon's view of one container (`View.transform` + `refreshImage`).
pub fn summarize(world: &World, c: &Container, size: bool) -> Summary {
    summarize_listed(world, c, &mut ResolvedImages::default(), size)
}

/// What each image reference resolves to (an image ID, or nothing), looked
/// up once per listing: thousands of containers share a few references.
#[derive(Default)]
pub struct ResolvedImages(BTreeMap<String, Option<String>>);

impl ResolvedImages {
    fn resolve(&mut self, world: &World, reference: &str) -> Option<&str> {
        if !self.0.contains_key(reference) {
            let id = world.image(reference).ok().map(|img| img.id().to_owned());
            self.0.insert(reference.to_owned(), id);
        }
        self.0.get(reference).and_then(|id| id.as_deref())
    }
}

/// The summary's `Image`: the reference as typed, unless it no longer
/// resolves to the pinned image, which is then shown by ID.
fn summary_image<'c>(world: &World, c: &'c Container, refs: &mut ResolvedImages) -> &'c str {
    let image_id = c.image_id();
    let config_image = c.config_image();
    if config_image == image_id || refs.resolve(world, config_image) == Some(image_id) {
        config_image
    } else {
        image_id
    }
}

/// The sizes a summary carries: only when they were asked for.
fn sizes(c: &Container, size: bool) -> (i64, i64) {
    if size {
        (c.size_rw.unwrap_or(0), c.size_root_fs.unwrap_or(0))
    } else {
        (0, 0)
    }
}

/// The whole summary of a listed container, as the template path reads it.
fn summarize_listed(
    world: &World,
    c: &Container,
    refs: &mut ResolvedImages,
    size: bool,
) -> Summary {
    let (size_rw, size_root_fs) = sizes(c, size);
    Summary {
        id: c.id().to_owned(),
        names: world.container_names(c.id(), c.name()),
        image: summary_image(world, c, refs).to_owned(),
        image_id: c.image_id().to_owned(),
        command: command_line(c),
        created: c.created().unix_seconds(),
        ports: summary_ports(c),
        size_rw,
        size_root_fs,
        labels: c.labels(),
        state: c.status().as_str().to_owned(),
        status: status_string(c, world.now),
        networks: c.network_ids().map(|networks| {
            networks
                .map(|(name, id)| (name.to_owned(), id.to_owned()))
                .collect()
        }),
        mounts: c.mount_views().map(MountRef::to_owned).collect(),
    }
}

const ACCEPTED_FILTERS: &[&str] = &[
    "ancestor",
    "before",
    "exited",
    "id",
    "isolation",
    "label",
    "name",
    "status",
    "health",
    "since",
    "volume",
    "network",
    "is-task",
    "publish",
    "expose",
];

const STATES: &[&str] = &[
    "created",
    "running",
    "paused",
    "restarting",
    "removing",
    "exited",
    "dead",
];

const HEALTHS: &[&str] = &["none", "starting", "healthy", "unhealthy"];

fn invalid(msg: String) -> EngineError {
    EngineError::Other(msg)
}

/// `strconv.Atoi` with its error text.
fn go_atoi(v: &str) -> Result<i64, String> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(v)
        ));
    }
    v.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", go_quote(v)))
}

/// `nat.ParsePortRange` / `portOp`: the ports a publish/expose value names.
fn port_filter(key: &str, value: &str, into: &mut BTreeSet<String>) -> Result<(), EngineError> {
    if value.contains(':') {
        return Err(invalid(format!(
            "filter for '{key}' should not contain ':': {value}"
        )));
    }
    let (port, proto) = match value.split_once('/') {
        Some((p, "")) => (p, "tcp"),
        Some((p, proto)) => (p, proto),
        None => (value, "tcp"),
    };
    let fail = |e: String| invalid(format!("error while looking up for {key} {value}: {e}"));
    if port.is_empty() {
        return Err(fail("empty string specified for ports".to_owned()));
    }
    let parse = |s: &str| -> Result<u64, String> {
        s.parse::<u16>().map(u64::from).map_err(|_| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                format!(
                    "strconv.ParseUint: parsing {}: value out of range",
                    go_quote(s)
                )
            } else {
                format!("strconv.ParseUint: parsing {}: invalid syntax", go_quote(s))
            }
        })
    };
    let (start, end) = match port.split_once('-') {
        None => {
            let p = parse(port).map_err(fail)?;
            (p, p)
        }
        Some((a, b)) => {
            let a = parse(a).map_err(fail)?;
            let b = parse(b).map_err(fail)?;
            if b < a {
                return Err(fail(format!("invalid range specified for port: {port}")));
            }
            (a, b)
        }
    };
    for p in start..=end {
        into.insert(format!("{p}/{proto}"));
    }
    Ok(())
}

/// Resolves a `before`/`since` value: exact ID, then exact name.
fn id_or_name<'a>(list: &[&'a Container], value: &str) -> Result<&'a Container, EngineError> {
    if let Some(c) = list.iter().find(|c| c.id() == value) {
        return Ok(c);
    }
    let name = value.strip_prefix('/').unwrap_or(value);
    list.iter()
        .find(|c| c.name() == name)
        .copied()
        .ok_or_else(|| invalid(format!("No such container: {value}")))
}

/// `GET /containers/json`: the daemon's filtering, in its order.
pub fn list_containers<'w>(
    world: &'w World,
    opts: &mut ListOptions,
) -> Result<Vec<Listed<'w>>, EngineError> {
    let f = opts.filters.clone();
    f.validate(ACCEPTED_FILTERS).map_err(invalid)?;
    let mut exit_allowed = Vec::new();
    for v in f.get("exited") {
        let code = go_atoi(v).map_err(|e| invalid(format!("invalid filter 'exited={v}': {e}")))?;
        exit_allowed.push(code);
    }
    for v in f.get("status") {
        if !STATES.contains(&v) {
            return Err(invalid(format!(
                "invalid filter 'status={v}': invalid value for state ({v}): must be one of {}",
                STATES.join(", ")
            )));
        }
        opts.all = true;
    }
    let task_filter = f.contains("is-task");
    let is_task = f.bool_or_default("is-task", false).map_err(invalid)?;
    for v in f.get("health") {
        if !HEALTHS.contains(&v) {
            return Err(invalid(format!(
                "invalid filter 'health={v}': invalid value for health ({v}): must be one of {}",
                HEALTHS.join(", ")
            )));
        }
    }
    let all_containers = world.containers_newest_first();
    let mut before = None;
    for v in f.get("before") {
        before = Some(id_or_name(&all_containers, v)?.id().to_owned());
    }
    let mut since = None;
    for v in f.get("since") {
        since = Some(id_or_name(&all_containers, v)?.id().to_owned());
    }
    let ancestor_filter = f.contains("ancestor");
    let mut images = BTreeSet::new();
    for v in f.get("ancestor") {
        if let Ok(img) = world.image(v) {
            add_with_children(world, img.id(), &mut images);
        }
    }
    let mut publish = BTreeSet::new();
    for v in f.get("publish") {
        port_filter("publish", v, &mut publish)?;
    }
    let mut expose = BTreeSet::new();
    for v in f.get("expose") {
        port_filter("expose", v, &mut expose)?;
    }

    // The listed containers are kept in place, at the front of the
    // candidates' list, rather than copied into another.
    let mut list = by_name_id(all_containers, &f);
    let mut kept = 0;
    // Asked once: a long listing without filters reads no more of each
    // container than it shows.
    let (name_filter, id_filter) = (f.contains("name"), f.contains("id"));
    let (status_filter, health_filter) = (f.contains("status"), f.contains("health"));
    for at in 0..list.len() {
        let c = list[at];
        if let Some(b) = &before {
            if c.id() == b {
                before = None;
            }
            continue;
        }
        if since.as_deref() == Some(c.id()) {
            break;
        }
        if !opts.all && opts.limit <= 0 && !c.is_running() {
            continue;
        }
        if name_filter {
            let name = format!("/{}", c.name());
            if !f.matches("name", &name) && !f.matches("name", c.name()) {
                continue;
            }
        }
        if id_filter && !f.matches("id", c.id()) {
            continue;
        }
        // The simulator runs no swarm tasks.
        if task_filter && is_task {
            continue;
        }
        if f.contains("label") && !f.match_kv_list("label", &c.labels()) {
            continue;
        }
        if opts.limit > 0 && kept as i64 == opts.limit {
            break;
        }
        if !exit_allowed.is_empty()
            && !exit_allowed
                .iter()
                .any(|&code| code == c.exit_code() && !c.is_running() && c.started_at().is_some())
        {
            continue;
        }
        if status_filter && !f.matches("status", c.status().as_str()) {
            continue;
        }
        if health_filter && !f.exact_match("health", c.health().unwrap_or("none")) {
            continue;
        }
        if f.contains("volume") {
            let mounts = c.mount_views();
            let hit = f.get("volume").iter().any(|v| {
                mounts.clone().any(|m| {
                    (!m.destination.is_empty() && m.destination == *v)
                        || (if m.name.is_empty() { m.source } else { m.name }) == *v
                })
            });
            if !hit {
                continue;
            }
        }
        if ancestor_filter && !images.contains(c.image_id()) {
            continue;
        }
        if f.contains("network") {
            let hit = f.get("network").iter().any(|v| {
                c.network_ids()
                    .into_iter()
                    .flatten()
                    .any(|(name, id)| name == *v || id.starts_with(v))
            });
            if !hit {
                continue;
            }
        }
        if !expose.is_empty() || !publish.is_empty() {
            let ports = summary_ports(c);
            let hit = ports.iter().any(|p| {
                publish.contains(&format!("{}/{}", p.public_port, p.kind))
                    || expose.contains(&format!("{}/{}", p.private_port, p.kind))
            });
            if !hit {
                continue;
            }
        }
        list[kept] = c;
        kept += 1;
    }
    list.truncate(kept);
    Ok(list)
}

fn add_with_children(world: &World, id: &str, into: &mut BTreeSet<String>) {
    if into.contains(id) {
        return;
    }
    into.insert(id.to_owned());
    for img in world.images.iter().filter(|i| i.parent() == id) {
        add_with_children(world, img.id(), into);
    }
}

/// `filterByNameIDMatches`: with name or id filters, only containers whose
/// ID has a unique given prefix or whose name matches are walked.
fn by_name_id<'a>(mut all: Vec<&'a Container>, f: &Filters) -> Vec<&'a Container> {
    let names = f.get("name");
    let ids = f.get("id");
    if names.is_empty() && ids.is_empty() {
        return all;
    }
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    for id in &ids {
        if id.is_empty() {
            continue;
        }
        let mut hits = all.iter().filter(|c| c.id().starts_with(id));
        if let (Some(c), None) = (hits.next(), hits.next()) {
            matched.insert(c.id());
        }
    }
    if !names.is_empty() {
        let id_search = !ids.is_empty();
        let mut by_name = Vec::new();
        for c in &all {
            if id_search && !matched.contains(c.id()) {
                continue;
            }
            let slashed = format!("/{}", c.name());
            if f.matches("name", &slashed) || f.matches("name", c.name()) {
                by_name.push(c.id());
            }
        }
        matched.extend(by_name);
    }
    all.retain(|c| matched.contains(c.id()));
    all
}

// The columns of `formatter.ContainerContext`, each appended to `out`,
// shared by the template's context and the direct renderer.

fn write_id(out: &mut String, id: &str, trunc: bool) {
    out.push_str(if trunc { truncate_id(id) } else { id });
}

/// Every name without its leading `/`; truncated, the first that is not a
/// link name (`/web/db`).
fn write_names(out: &mut String, names: &[String], trunc: bool) {
    fn bare(n: &str) -> &str {
        n.get(1..).unwrap_or("")
    }
    if trunc && let Some(first) = names.iter().map(|n| bare(n)).find(|n| !n.contains('/')) {
        return out.push_str(first);
    }
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(bare(n));
    }
}

/// `familiar` appends the reference's familiar name and tag, and says
/// whether the reference parsed.
fn write_image(
    out: &mut String,
    image: &str,
    image_id: &str,
    trunc: bool,
    familiar: impl FnOnce(&mut String) -> bool,
) {
    if image.is_empty() {
        return out.push_str("<no image>");
    }
    if trunc {
        let short = truncate_id(image_id);
        if short == truncate_id(image) {
            return out.push_str(short);
        }
        if familiar(out) {
            return;
        }
    }
    out.push_str(image);
}

/// Familiar name with the tag, without any digest.
fn familiar_with_tag(image: &str) -> Option<String> {
    let r = Reference::parse(image).ok()?;
    let mut out = r.familiar_name();
    if let Some(tag) = &r.tag {
        out.push(':');
        out.push_str(tag);
    }
    Some(out)
}

fn write_command(out: &mut String, line: &str, trunc: bool, scratch: &mut String) {
    if trunc {
        scratch.clear();
        write_ellipsis(scratch, line, 20);
        write_go_quote(out, scratch);
    } else {
        write_go_quote(out, line);
    }
}

fn write_created_at(out: &mut String, created: i64) {
    let t = Timestamp::from_unix_seconds(created);
    Timestamp::from_unix_seconds(t.unix_seconds()).write_go_string_seconds(out);
}

fn write_running_for(out: &mut String, now: Timestamp, created: i64) {
    let created = Timestamp::from_unix_seconds(created);
    write_human_duration(out, now.nanos_since(created));
    out.push_str(" ago");
}

fn write_size(out: &mut String, size_rw: i64, size_root_fs: i64) {
    out.push_str(&human_size_with_precision(size_rw as f64, 3));
    if size_root_fs > 0 {
        out.push_str(" (virtual ");
        out.push_str(&human_size_with_precision(size_root_fs as f64, 3));
        out.push(')');
    }
}

fn write_labels<'l>(out: &mut String, labels: impl Iterator<Item = (&'l str, &'l str)>) {
    let mut pairs: Vec<String> = labels.map(|(k, v)| format!("{k}={v}")).collect();
    pairs.sort();
    out.push_str(&pairs.join(","));
}

fn write_mounts<'m>(out: &mut String, mounts: impl Iterator<Item = MountRef<'m>>, trunc: bool) {
    for (i, m) in mounts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let name = if m.name.is_empty() { m.source } else { m.name };
        if trunc {
            write_ellipsis(out, name, 15);
        } else {
            out.push_str(name);
        }
    }
}

fn write_local_volumes<'m>(out: &mut String, mounts: impl Iterator<Item = MountRef<'m>>) {
    let local = mounts.filter(|m| m.driver == "local").count();
    push_decimal(out, i64::try_from(local).unwrap_or(i64::MAX));
}

fn write_networks<'n>(out: &mut String, names: impl Iterator<Item = &'n str>) {
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(name);
    }
}

/// `formatter.ContainerContext`.
pub struct ContainerContext {
    pub summary: Summary,
    pub trunc: bool,
    /// The client clock, for `RunningFor`.
    pub now: Timestamp,
    header: Option<SubHeader>,
    /// Docker's `FieldsUsed["Size"]`: set when a template reads `.Size`.
    size_used: Rc<Cell<bool>>,
}

impl ContainerContext {
    /// `NewContainerContext()`: the empty context `--format` is validated on.
    fn probe() -> ContainerContext {
        ContainerContext {
            summary: Summary::default(),
            trunc: false,
            now: Timestamp::default(),
            header: Some(SubHeader::new(HEADERS)),
            size_used: Rc::default(),
        }
    }

    fn column(&self, write: impl FnOnce(&mut String)) -> String {
        let mut out = String::new();
        write(&mut out);
        out
    }

    fn id(&self) -> String {
        self.column(|out| write_id(out, &self.summary.id, self.trunc))
    }

    fn names(&self) -> String {
        self.column(|out| write_names(out, &self.summary.names, self.trunc))
    }

    fn image(&self) -> String {
        let s = &self.summary;
        self.column(|out| {
            write_image(
                out,
                &s.image,
                &s.image_id,
                self.trunc,
                |out| match familiar_with_tag(&s.image) {
                    Some(f) => {
                        out.push_str(&f);
                        true
                    }
                    None => false,
                },
            );
        })
    }

    fn command(&self) -> String {
        self.column(|out| write_command(out, &self.summary.command, self.trunc, &mut String::new()))
    }

    fn created_at(&self) -> String {
        self.column(|out| write_created_at(out, self.summary.created))
    }

    fn running_for(&self) -> String {
        self.column(|out| write_running_for(out, self.now, self.summary.created))
    }

    fn size(&self) -> String {
        self.size_used.set(true);
        self.column(|out| write_size(out, self.summary.size_rw, self.summary.size_root_fs))
    }

    fn labels(&self) -> String {
        self.column(|out| {
            write_labels(
                out,
                self.summary
                    .labels
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            );
        })
    }

    fn label(&self, name: &str) -> String {
        self.summary
            .labels
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn mounts(&self) -> String {
        self.column(|out| {
            write_mounts(
                out,
                self.summary.mounts.iter().map(MountView::as_ref),
                self.trunc,
            );
        })
    }

    fn local_volumes(&self) -> String {
        self.column(|out| {
            write_local_volumes(out, self.summary.mounts.iter().map(MountView::as_ref))
        })
    }

    fn networks(&self) -> String {
        self.column(|out| {
            write_networks(
                out,
                self.summary
                    .networks
                    .iter()
                    .flatten()
                    .map(|(name, _)| name.as_str()),
            );
        })
    }

    fn header_value(&self) -> Value {
        match &self.header {
            Some(h) => h.to_json_value(),
            None => Value::map(Default::default()),
        }
    }
}

impl Object for ContainerContext {
    fn type_name(&self) -> &str {
        "*formatter.ContainerContext"
    }

    fn method_arity(&self, name: &str) -> Option<usize> {
        match name {
            "Label" => Some(1),
            "Header" | "FieldsUsed" => None,
            _ => Some(0),
        }
    }

    /// The names `field` answers, without computing the answer: the
    /// template engine asks before every lookup, once per row and column.
    fn has_field(&self, name: &str) -> bool {
        matches!(
            name,
            "ID" | "Names"
                | "Image"
                | "Command"
                | "CreatedAt"
                | "RunningFor"
                | "Ports"
                | "State"
                | "Status"
                | "Size"
                | "Labels"
                | "Label"
                | "Mounts"
                | "LocalVolumes"
                | "Networks"
                | "Platform"
                | "FullHeader"
                | "Header"
                | "FieldsUsed"
        )
    }

    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let s = |v: String| Some(no_args(name, args).map(|()| Value::str(v)));
        match name {
            "ID" => s(self.id()),
            "Names" => s(self.names()),
            "Image" => s(self.image()),
            "Command" => s(self.command()),
            "CreatedAt" => s(self.created_at()),
            "RunningFor" => s(self.running_for()),
            "Ports" => s(displayable_ports(&self.summary.ports)),
            "State" => s(self.summary.state.clone()),
            "Status" => s(self.summary.status.clone()),
            "Size" => s(self.size()),
            "Labels" => s(self.labels()),
            "Label" => Some(one_string_arg(name, args).map(|k| Value::str(self.label(k)))),
            "Mounts" => s(self.mounts()),
            "LocalVolumes" => s(self.local_volumes()),
            "Networks" => s(self.networks()),
            // Images from the graphdriver store carry no platform descriptor.
            "Platform" => Some(no_args(name, args).map(|()| Value::Nil)),
            "FullHeader" | "Header" => Some(no_args(name, args).map(|()| self.header_value())),
            "FieldsUsed" => Some(Ok(Value::map(Default::default()))),
            _ => None,
        }
    }

    /// `formatter.MarshalJSON` goes through `json.Marshal`: HTML escaped.
    fn json_escapes_html(&self) -> bool {
        true
    }

    fn to_json_value(&self) -> Value {
        let fields: [(&str, Value); 15] = [
            ("Command", Value::str(self.command())),
            ("CreatedAt", Value::str(self.created_at())),
            ("ID", Value::str(self.id())),
            ("Image", Value::str(self.image())),
            ("Labels", Value::str(self.labels())),
            ("LocalVolumes", Value::str(self.local_volumes())),
            ("Mounts", Value::str(self.mounts())),
            ("Names", Value::str(self.names())),
            ("Networks", Value::str(self.networks())),
            ("Platform", Value::Nil),
            ("Ports", Value::str(displayable_ports(&self.summary.ports))),
            ("RunningFor", Value::str(self.running_for())),
            ("Size", Value::str(self.size())),
            ("State", Value::str(self.summary.state.clone())),
            ("Status", Value::str(self.summary.status.clone())),
        ];
        Value::map(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(state: serde_json::Value) -> Container {
        Container {
            doc: serde_json::json!({"Id": "c", "Name": "/c", "State": state}).into(),
            size_rw: None,
            size_root_fs: None,
            logs: Default::default(),
        }
    }

    const ZERO: &str = "0001-01-01T00:00:00Z";

    #[test]
    fn status_strings_for_every_state() {
        let now = Timestamp::parse("2026-11-27T12:00:00Z").unwrap();
        let status = |state| status_string(&container(state), now);
        let started = "2026-11-27T09:00:00Z";
        let finished = "2026-11-27T11:55:00Z";
        assert_eq!(
            status(
                serde_json::json!({"Status": "paused", "Running": true, "Paused": true, "StartedAt": started, "FinishedAt": ZERO})
            ),
            "Up 3 hours (Paused)"
        );
        assert_eq!(
            status(
                serde_json::json!({"Status": "restarting", "Running": true, "Restarting": true, "ExitCode": 2, "StartedAt": started, "FinishedAt": finished})
            ),
            "Restarting (2) 5 minutes ago"
        );
        assert_eq!(
            status(
                serde_json::json!({"Status": "running", "Running": true, "StartedAt": "2026-11-27T11:59:59.5Z", "FinishedAt": ZERO, "Health": {"Status": "starting"}})
            ),
            "Up Less than a second (health: starting)"
        );
        assert_eq!(
            status(
                serde_json::json!({"Status": "exited", "ExitCode": 137, "StartedAt": started, "FinishedAt": finished})
            ),
            "Exited (137) 5 minutes ago"
        );
        assert_eq!(
            status(serde_json::json!({"Status": "created", "StartedAt": ZERO, "FinishedAt": ZERO})),
            "Created"
        );
        assert_eq!(
            status(
                serde_json::json!({"Status": "dead", "Dead": true, "StartedAt": started, "FinishedAt": finished})
            ),
            "Dead"
        );
        assert_eq!(
            status(
                serde_json::json!({"Status": "removing", "StartedAt": started, "FinishedAt": finished})
            ),
            "Removal In Progress"
        );
    }

    #[test]
    fn image_column_rules() {
        let ctx = |image: &str, trunc| ContainerContext {
            summary: Summary {
                image: image.to_owned(),
                image_id: format!("sha256:a17e5d3c9b82{}", "0".repeat(52)),
                ..Summary::default()
            },
            trunc,
            now: Timestamp::default(),
            header: None,
            size_used: Rc::default(),
        };
        let pinned = format!("sha256:a17e5d3c9b82{}", "0".repeat(52));
        assert_eq!(ctx(&pinned, true).image(), "a17e5d3c9b82");
        assert_eq!(ctx(&pinned, false).image(), pinned);
        let digest = format!("nginx:1.27@sha256:{}", "b".repeat(64));
        assert_eq!(ctx(&digest, true).image(), "nginx:1.27");
        assert_eq!(ctx("docker.io/library/busybox", true).image(), "busybox");
        assert_eq!(ctx("", true).image(), "<no image>");
    }
}
