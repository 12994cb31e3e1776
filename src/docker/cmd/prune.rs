//! The prune commands (`container`, `network`, `volume`, `image`,
//! `system`): cli's confirmation prompts, report texts and totals.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::docker::format::units::human_size;

pub const CONTAINER_FLAGS: &[Flag] = &[Flag::list("filter", None), Flag::bool("force", Some('f'))];
pub const NETWORK_FLAGS: &[Flag] = CONTAINER_FLAGS;
pub const VOLUME_FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::list("filter", None),
    Flag::bool("force", Some('f')),
];
pub const IMAGE_FLAGS: &[Flag] = VOLUME_FLAGS;
pub const SYSTEM_FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::list("filter", None),
    Flag::bool("force", Some('f')),
    Flag::bool("volumes", None),
];

fn total(bytes: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes.max(0) as f64;
    format!("Total reclaimed space: {}", human_size(b))
}

fn listing(title: &str, items: &[String]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut s = format!("{title}:\n");
    for i in items {
        s.push_str(i);
        s.push('\n');
    }
    Some(s)
}

fn containers(inv: &mut Invocation<'_>) -> (Option<String>, i64) {
    let (ids, bytes) = inv.world.prune_containers();
    (listing("Deleted Containers", &ids), bytes)
}

fn networks(inv: &mut Invocation<'_>) -> Option<String> {
    let names = inv.world.prune_networks();
    listing("Deleted Networks", &names)
}

fn volumes(inv: &mut Invocation<'_>, all: bool) -> (Option<String>, i64) {
    let (names, bytes) = inv.world.prune_volumes(all);
    if names.is_empty() {
        return (None, 0);
    }
    (listing("Deleted Volumes", &names), bytes)
}

fn images(inv: &mut Invocation<'_>, all: bool) -> (Option<String>, i64) {
    let (records, bytes) = inv.world.prune_images(all);
    if records.is_empty() {
        return (None, 0);
    }
    let mut s = "Deleted Images:\n".to_owned();
    for r in records {
        match r {
            crate::engine::RemovedImage::Untagged(t) => s.push_str(&format!("untagged: {t}\n")),
            crate::engine::RemovedImage::Deleted(d) => s.push_str(&format!("deleted: {d}\n")),
        }
    }
    (Some(s), bytes)
}

pub fn container(inv: &mut Invocation<'_>, p: &Parsed) {
    if !p.flag("force")
        && !inv.confirm(
            "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?",
        )
    {
        return;
    }
    let (out, bytes) = containers(inv);
    if let Some(o) = out {
        inv.out.println(&o);
    }
    inv.out.println(&total(bytes));
}

pub fn network(inv: &mut Invocation<'_>, p: &Parsed) {
    if !p.flag("force")
        && !inv.confirm("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?")
    {
        return;
    }
    if let Some(o) = networks(inv) {
        inv.out.println(&o);
    }
}

pub fn volume(inv: &mut Invocation<'_>, p: &Parsed) {
    let all = p.flag("all");
    let warning = if all {
        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"
    } else {
        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    };
    if !p.flag("force") && !inv.confirm(warning) {
        return;
    }
    let (out, bytes) = volumes(inv, all);
    if let Some(o) = out {
        inv.out.println(&o);
    }
    inv.out.println(&total(bytes));
}

pub fn image(inv: &mut Invocation<'_>, p: &Parsed) {
    let all = p.flag("all");
    let warning = if all {
        "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
    } else {
        "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
    };
    if !p.flag("force") && !inv.confirm(warning) {
        return;
    }
    let (out, bytes) = images(inv, all);
    if let Some(o) = out {
        inv.out.println(&o);
    }
    inv.out.println(&total(bytes));
}

/// `docker system prune`: containers, networks, (anonymous) volumes with
/// `--volumes`, images (all unused with `-a`), build cache.
pub fn system(inv: &mut Invocation<'_>, p: &Parsed) {
    let all = p.flag("all");
    let with_volumes = p.flag("volumes");
    if !p.flag("force") {
        let mut warnings = vec![
            "all stopped containers",
            "all networks not used by at least one container",
        ];
        if with_volumes {
            warnings.push("all anonymous volumes not used by at least one container");
        }
        warnings.push(if all {
            "all images without at least one container associated to them"
        } else {
            "all dangling images"
        });
        warnings.push(if all {
            "all build cache"
        } else {
            "unused build cache"
        });
        let mut msg = "WARNING! This will remove:".to_owned();
        for w in warnings {
            msg.push_str("\n  - ");
            msg.push_str(w);
        }
        msg.push_str("\n\nAre you sure you want to continue?");
        if !inv.confirm(&msg) {
            return;
        }
    }
    let mut reclaimed = 0;
    let (c, bytes) = containers(inv);
    reclaimed += bytes;
    if let Some(o) = c {
        inv.out.println(&o);
    }
    if let Some(o) = networks(inv) {
        inv.out.println(&o);
    }
    if with_volumes {
        // The API prunes anonymous volumes only (since 1.42), even here.
        let (v, bytes) = volumes(inv, false);
        reclaimed += bytes;
        if let Some(o) = v {
            inv.out.println(&o);
        }
    }
    let (i, bytes) = images(inv, all);
    reclaimed += bytes;
    if let Some(o) = i {
        inv.out.println(&o);
    }
    let cache = inv.world.prune_build_cache(all);
    reclaimed += cache.1;
    if !cache.0.is_empty() {
        let mut s = "Deleted build cache objects:\n".to_owned();
        for id in &cache.0 {
            s.push_str(id);
            s.push('\n');
        }
        inv.out.println(&s);
    }
    inv.out.println(&total(reclaimed));
}
