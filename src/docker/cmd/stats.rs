//! `docker stats`: one sample per container (`--no-stream`). Without
//! `--no-stream` the real command redraws forever; the simulator prints
//! the first sample, as `--no-stream` does, and returns. Figures are the
//! scenario's `stats` declarations (zeros for a container that does not
//! run); the memory limit is `--memory`, else the host's memory.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::super::format::table::{Format, write_table};
use super::super::format::units::{bytes_size, human_size_with_precision};
use super::super::format::{SubHeader, no_args};
use crate::engine::json::i64_at;
use crate::template::{Object, Value};

pub const FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::string("format", None),
    Flag::bool("no-stream", None),
    Flag::bool("no-trunc", None),
];

/// The host's memory (`MemTotal` of `docker info`).
const HOST_MEMORY: i64 = 16_647_487_488;

const DEFAULT_FORMAT: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

const HEADERS: &[(&str, &str)] = &[
    ("BlockIO", "BLOCK I/O"),
    ("CPUPerc", "CPU %"),
    ("Container", "CONTAINER"),
    ("ID", "CONTAINER ID"),
    ("MemPerc", "MEM %"),
    ("MemUsage", "MEM USAGE / LIMIT"),
    ("Name", "NAME"),
    ("NetIO", "NET I/O"),
    ("PIDs", "PIDS"),
];

/// `container.StatsEntry` as the formatter sees it.
struct StatsRow {
    container: String,
    name: String,
    id: String,
    trunc: bool,
    cpu: f64,
    memory: i64,
    limit: i64,
    net: (i64, i64),
    block: (i64, i64),
    pids: i64,
}

impl StatsRow {
    #[allow(clippy::cast_precision_loss)]
    fn fields(&self) -> Vec<(&'static str, String)> {
        let mem_perc = if self.limit > 0 {
            self.memory as f64 / self.limit as f64 * 100.0
        } else {
            0.0
        };
        let id = if self.trunc {
            self.id.chars().take(12).collect()
        } else {
            self.id.clone()
        };
        let io = |(a, b): (i64, i64)| {
            format!(
                "{} / {}",
                human_size_with_precision(a as f64, 3),
                human_size_with_precision(b as f64, 3)
            )
        };
        vec![
            ("BlockIO", io(self.block)),
            ("CPUPerc", format!("{:.2}%", self.cpu)),
            ("Container", self.container.clone()),
            ("ID", id),
            ("MemPerc", format!("{mem_perc:.2}%")),
            (
                "MemUsage",
                format!(
                    "{} / {}",
                    bytes_size(self.memory as f64),
                    bytes_size(self.limit as f64)
                ),
            ),
            ("Name", self.name.clone()),
            ("NetIO", io(self.net)),
            ("PIDs", self.pids.to_string()),
        ]
    }
}

impl Object for StatsRow {
    fn type_name(&self) -> &str {
        "*container.statsContext"
    }

    fn method_arity(&self, _name: &str) -> Option<usize> {
        Some(0)
    }

    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let (_, v) = self.fields().into_iter().find(|(k, _)| *k == name)?;
        Some(no_args(name, args).map(|()| Value::str(v)))
    }

    fn to_json_value(&self) -> Value {
        Value::map(
            self.fields()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::str(v)))
                .collect(),
        )
    }
}

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let world = &*inv.world;
    let mut targets: Vec<(usize, String)> = Vec::new();
    if p.args.is_empty() {
        for c in world.containers_newest_first() {
            if (p.flag("all") || c.is_running())
                && let Ok(i) = world.container_index(c.id())
            {
                targets.push((i, c.id().chars().take(12).collect()));
            }
        }
    } else {
        let mut errors = Vec::new();
        for name in &p.args {
            match world.container_index(name) {
                Ok(i) => targets.push((i, name.clone())),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            for e in &errors {
                inv.out.daemon_error(e);
            }
            return;
        }
    }
    let rows: Vec<Value> = targets
        .into_iter()
        .map(|(idx, container)| {
            let c = &world.containers[idx];
            let running = c.is_running() && !c.is_restarting();
            let figures = world.behavior(idx).stats.unwrap_or_default();
            let limit = match i64_at(&c.doc, &["HostConfig", "Memory"]) {
                0 => HOST_MEMORY,
                l => l,
            };
            let row = if running {
                StatsRow {
                    container,
                    name: c.name().to_owned(),
                    id: c.id().to_owned(),
                    trunc: !p.flag("no-trunc"),
                    cpu: figures.cpu_percent,
                    memory: figures.memory_bytes,
                    limit,
                    net: (figures.net_rx, figures.net_tx),
                    block: (figures.block_read, figures.block_write),
                    pids: figures.pids.max(1),
                }
            } else {
                StatsRow {
                    container,
                    name: c.name().to_owned(),
                    id: c.id().to_owned(),
                    trunc: !p.flag("no-trunc"),
                    cpu: 0.0,
                    memory: 0,
                    limit: 0,
                    net: (0, 0),
                    block: (0, 0),
                    pids: 0,
                }
            };
            Value::object(row)
        })
        .collect();
    let source = p.string("format").unwrap_or("");
    let format = Format(match source {
        "" | "table" => DEFAULT_FORMAT.to_owned(),
        custom => custom.to_owned(),
    });
    let header = Value::object(SubHeader::new(HEADERS));
    match write_table(&format, &header, &rows) {
        Ok(text) => inv.out.print(&text),
        Err(e) => inv.out.fail(&e),
    }
}
