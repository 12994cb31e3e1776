//! `docker history IMAGE`: one row per build step, newest first. Images
//! the simulator did not build show one `<missing>` row per layer under
//! the image's own row.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::docker::format::tabwriter::TabWriter;
use crate::docker::format::units::{human_duration, human_size_with_precision};
use crate::docker::format::{ellipsis, truncate_id};
use crate::engine::HistoryEntry;

pub const FLAGS: &[Flag] = &[
    Flag::string("format", None),
    Flag::bool("human", Some('H')),
    Flag::bool("no-trunc", None),
    Flag::string("platform", None),
    Flag::bool("quiet", Some('q')),
];

#[allow(clippy::cast_precision_loss)]
pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(reference) = p.args.first() else {
        return;
    };
    let img = match inv.world.image(reference) {
        Ok(i) => i.clone(),
        Err(e) => return inv.out.daemon_error(&e),
    };
    let rows: Vec<HistoryEntry> = match inv.world.history.get(img.id()) {
        Some(h) => h.clone(),
        None => {
            let layers = crate::engine::json::strings_at(&img.doc, &["RootFS", "Layers"]);
            let n = i64::try_from(layers.len().max(1)).unwrap_or(1);
            (0..layers.len().max(1))
                .map(|i| HistoryEntry {
                    id: if i == 0 {
                        img.id().to_owned()
                    } else {
                        "<missing>".to_owned()
                    },
                    created: img.created(),
                    created_by: String::new(),
                    size: img.size() / n,
                    comment: String::new(),
                })
                .collect()
        }
    };
    let no_trunc = p.flag("no-trunc");
    let human = !p.is_set("human") || p.flag("human");
    if p.flag("quiet") {
        for r in &rows {
            let id = if no_trunc {
                r.id.as_str()
            } else {
                truncate_id(&r.id)
            };
            inv.out.println(id);
        }
        return;
    }
    let mut tw = TabWriter::docker();
    tw.write("IMAGE\tCREATED\tCREATED BY\tSIZE\tCOMMENT\n");
    let now = inv.world.now;
    for r in &rows {
        let id = if r.id == "<missing>" || no_trunc {
            r.id.clone()
        } else {
            truncate_id(&r.id).to_owned()
        };
        let created = if human {
            format!("{} ago", human_duration(now.nanos_since(r.created)))
        } else {
            r.created.rfc3339()
        };
        let by = r.created_by.replace('\t', " ");
        let by = if no_trunc { by } else { ellipsis(&by, 45) };
        let size = if human {
            human_size_with_precision(r.size as f64, 3)
        } else {
            r.size.to_string()
        };
        tw.write(&format!("{id}\t{created}\t{by}\t{size}\t{}\n", r.comment));
    }
    inv.out.print(&tw.finish());
}
