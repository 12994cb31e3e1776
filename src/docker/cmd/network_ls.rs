//! `docker network ls`: the daemon's network list filters and the CLI's
//! `networkContext`, sorted naturally by name.

use serde_json::Value as Json;

use crate::docker::flags::{Flag, Parsed};
use crate::docker::format::filters::Filters;
use crate::docker::format::{
    Format, SubHeader, go_time_string, natural_less, truncate_id, write_table,
};
use crate::docker::{ArgsRule, Command, Invocation};
use crate::engine::json::{bool_at, str_at};
use crate::engine::{EngineError, Timestamp, World};
use crate::template::Value;

use super::flat_context::{FlatContext, labels};

pub const FLAGS: &[Flag] = &[
    Flag::list("filter", Some('f')),
    Flag::string("format", None),
    Flag::bool("no-trunc", None),
    Flag::bool("quiet", Some('q')),
];

pub const fn network_ls(path: &'static str) -> Command {
    Command {
        path,
        usage: "docker network ls [OPTIONS]",
        short: "List networks",
        flags: FLAGS,
        interspersed: true,
        args: ArgsRule::None,
        run,
    }
}

const HEADERS: &[(&str, &str)] = &[
    ("ID", "NETWORK ID"),
    ("Name", "NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("IPv4", "IPV4"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("CreatedAt", "CREATED AT"),
];

fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let filters = match Filters::parse(p.list("filter"), "-f, --filter") {
        Ok(f) => f,
        Err(e) => return inv.flag_error(&e),
    };
    let mut networks = match list_networks(inv.world, &filters) {
        Ok(n) => n,
        Err(e) => return inv.out.daemon_error(&e),
    };
    networks.sort_by(|a, b| {
        let (a, b) = (str_at(a, &["Name"]), str_at(b, &["Name"]));
        if natural_less(a, b) {
            std::cmp::Ordering::Less
        } else if natural_less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    let quiet = p.flag("quiet");
    let source = p
        .string("format")
        .filter(|f| !f.is_empty())
        .unwrap_or("table");
    let format = Format(match source {
        "table" if quiet => "{{.ID}}".to_owned(),
        "table" => "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}".to_owned(),
        "raw" if quiet => "network_id: {{.ID}}".to_owned(),
        "raw" => {
            "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n"
                .to_owned()
        }
        custom => custom.to_owned(),
    });
    let trunc = !p.flag("no-trunc");
    let rows: Vec<Value> = networks
        .into_iter()
        .map(|doc| Value::object(network_context(&doc, trunc)))
        .collect();
    let header = Value::object(SubHeader::new(HEADERS));
    match write_table(&format, &header, &rows) {
        Ok(text) => inv.out.print_string(text),
        Err(e) => inv.out.fail(&e),
    }
}

const ACCEPTED_FILTERS: &[&str] = &["dangling", "driver", "id", "label", "name", "scope", "type"];
const PREDEFINED: &[&str] = &["bridge", "host", "none", "default", "nat"];

/// `GET /networks` with `network.FilterNetworks`.
pub fn list_networks(world: &World, f: &Filters) -> Result<Vec<Json>, EngineError> {
    f.validate(ACCEPTED_FILTERS).map_err(EngineError::Other)?;
    for t in f.get("type") {
        if t != "custom" && t != "builtin" {
            return Err(EngineError::Other(format!("invalid filter: 'type'='{t}'")));
        }
    }
    let dangling = f.get("dangling");
    let dangling_only = match dangling.as_slice() {
        [] => None,
        ["0" | "false"] => Some(false),
        ["1" | "true"] => Some(true),
        [_] => {
            return Err(EngineError::Other(
                "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")"
                    .to_owned(),
            ));
        }
        _ => {
            return Err(EngineError::Other(
                "got more than one value for filter key \"dangling\"".to_owned(),
            ));
        }
    };
    let in_use = |doc: &Json| {
        let name = str_at(doc, &["Name"]);
        world
            .containers
            .iter()
            .any(|c| c.network_names().iter().any(|n| n == name))
    };
    let types = f.get("type");
    Ok(world
        .networks
        .iter()
        .filter(|n| f.exact_match("driver", str_at(n, &["Driver"])))
        .filter(|n| !f.contains("name") || f.matches("name", str_at(n, &["Name"])))
        .filter(|n| !f.contains("id") || f.matches("id", str_at(n, &["Id"])))
        .filter(|n| f.match_kv_list("label", &labels(n)))
        .filter(|n| f.exact_match("scope", str_at(n, &["Scope"])))
        .filter(|n| {
            let predefined = PREDEFINED.contains(&str_at(n, &["Name"]));
            match dangling_only {
                None => true,
                Some(true) => !predefined && !in_use(n),
                Some(false) => predefined || in_use(n),
            }
        })
        .filter(|n| {
            let predefined = PREDEFINED.contains(&str_at(n, &["Name"]));
            types.is_empty() || types.iter().any(|t| (*t == "builtin") == predefined)
        })
        .cloned()
        .collect())
}

/// `network.networkContext`.
fn network_context(doc: &Json, trunc: bool) -> FlatContext {
    FlatContext::new("*network.networkContext", doc, |doc, labels| {
        let id = str_at(doc, &["Id"]);
        let created = Timestamp::parse(str_at(doc, &["Created"])).unwrap_or_default();
        let bool_str = |key: &str| bool_at(doc, &[key]).to_string();
        vec![
            ("CreatedAt", go_time_string(created)),
            ("Driver", str_at(doc, &["Driver"]).to_owned()),
            (
                "ID",
                if trunc {
                    truncate_id(id).to_owned()
                } else {
                    id.to_owned()
                },
            ),
            ("IPv4", bool_str("EnableIPv4")),
            ("IPv6", bool_str("EnableIPv6")),
            ("Internal", bool_str("Internal")),
            ("Labels", labels.to_owned()),
            ("Name", str_at(doc, &["Name"]).to_owned()),
            ("Scope", str_at(doc, &["Scope"]).to_owned()),
        ]
    })
}
