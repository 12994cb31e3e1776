//! `docker volume ls`: the daemon's volume list filters and the CLI's
//! `volumeContext`, sorted naturally by name.

use serde_json::Value as Json;

use crate::docker::flags::{Flag, Parsed};
use crate::docker::format::filters::Filters;
use crate::docker::format::{Format, SubHeader, natural_less, write_table};
use crate::docker::{ArgsRule, Command, Invocation};
use crate::engine::json::str_at;
use crate::engine::{EngineError, World};
use crate::template::Value;

use super::flat_context::{FlatContext, labels};

pub const FLAGS: &[Flag] = &[
    Flag::bool("cluster", None),
    Flag::list("filter", Some('f')),
    Flag::string("format", None),
    Flag::bool("quiet", Some('q')),
];

pub const fn volume_ls(path: &'static str) -> Command {
    Command {
        path,
        usage: "docker volume ls [OPTIONS]",
        short: "List volumes",
        flags: FLAGS,
        interspersed: true,
        args: ArgsRule::None,
        run,
    }
}

const HEADERS: &[(&str, &str)] = &[
    ("ID", "ID"),
    ("Name", "VOLUME NAME"),
    ("Group", "GROUP"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("Availability", "AVAILABILITY"),
    ("Mountpoint", "MOUNTPOINT"),
    ("Labels", "LABELS"),
    ("Links", "LINKS"),
    ("Size", "SIZE"),
    ("Status", "STATUS"),
];

fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let filters = match Filters::parse(p.list("filter"), "-f, --filter") {
        Ok(f) => f,
        Err(e) => return inv.flag_error(&e),
    };
    let mut volumes = match list_volumes(inv.world, &filters) {
        Ok(v) => v,
        Err(e) => return inv.out.daemon_error(&e),
    };
    let quiet = p.flag("quiet");
    let cluster = p.flag("cluster");
    let mut source = p.string("format").unwrap_or("").to_owned();
    if cluster {
        // The simulator has no cluster volumes.
        volumes.clear();
        source = if quiet {
            "table".to_owned()
        } else {
            "table {{.Name}}\t{{.Group}}\t{{.Driver}}\t{{.Availability}}\t{{.Status}}".to_owned()
        };
    } else if source.is_empty() {
        source = "table".to_owned();
    }
    volumes.sort_by(|a, b| {
        let (a, b) = (str_at(a, &["Name"]), str_at(b, &["Name"]));
        if natural_less(a, b) {
            std::cmp::Ordering::Less
        } else if natural_less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    let format = Format(match source.as_str() {
        "table" if quiet => "{{.Name}}".to_owned(),
        "table" => "table {{.Driver}}\t{{.Name}}".to_owned(),
        "raw" if quiet => "name: {{.Name}}".to_owned(),
        "raw" => "name: {{.Name}}\\ndriver: {{.Driver}}\\n".to_owned(),
        custom => custom.to_owned(),
    });
    let rows: Vec<Value> = volumes
        .into_iter()
        .map(|doc| Value::object(volume_context(&doc)))
        .collect();
    let header = Value::object(SubHeader::new(HEADERS));
    match write_table(&format, &header, &rows) {
        Ok(text) => inv.out.print_string(text),
        Err(e) => inv.out.fail(&e),
    }
}

const ACCEPTED_FILTERS: &[&str] = &["dangling", "driver", "label", "name"];

/// `GET /volumes`.
pub fn list_volumes(world: &World, f: &Filters) -> Result<Vec<Json>, EngineError> {
    f.validate(ACCEPTED_FILTERS).map_err(EngineError::Other)?;
    let dangling = f
        .bool_or_default("dangling", false)
        .map_err(EngineError::Other)?;
    let in_use = |name: &str| {
        world.containers.iter().any(|c| {
            c.mounts()
                .iter()
                .any(|m| str_at(m, &["Type"]) == "volume" && str_at(m, &["Name"]) == name)
        })
    };
    Ok(world
        .volumes
        .iter()
        .filter(|v| !f.contains("name") || f.matches("name", str_at(v, &["Name"])))
        .filter(|v| f.exact_match("driver", str_at(v, &["Driver"])))
        .filter(|v| f.match_kv_list("label", &labels(v)))
        .filter(|v| !f.contains("dangling") || in_use(str_at(v, &["Name"])) != dangling)
        .cloned()
        .collect())
}

/// `formatter.volumeContext`.
fn volume_context(doc: &Json) -> FlatContext {
    FlatContext::new("*formatter.volumeContext", doc, |doc, labels| {
        vec![
            ("Availability", "N/A".to_owned()),
            ("Driver", str_at(doc, &["Driver"]).to_owned()),
            ("Group", "N/A".to_owned()),
            ("Labels", labels.to_owned()),
            ("Links", "N/A".to_owned()),
            ("Mountpoint", str_at(doc, &["Mountpoint"]).to_owned()),
            ("Name", str_at(doc, &["Name"]).to_owned()),
            ("Scope", str_at(doc, &["Scope"]).to_owned()),
            ("Size", "N/A".to_owned()),
            ("Status", "N/A".to_owned()),
        ]
    })
}
