//! `docker system df`: images, containers, local volumes and build cache,
//! with cli's size and reclaimable arithmetic.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::docker::format::tabwriter::TabWriter;
use crate::docker::format::units::human_size;

pub const FLAGS: &[Flag] = &[
    Flag::string("format", None),
    Flag::bool("verbose", Some('v')),
];

#[allow(clippy::cast_precision_loss)]
fn size(n: i64) -> String {
    human_size(n as f64)
}

fn reclaimable(r: i64, total: i64) -> String {
    if total > 0 {
        format!("{} ({}%)", size(r), r * 100 / total)
    } else {
        size(r)
    }
}

pub fn run(inv: &mut Invocation<'_>, _p: &Parsed) {
    let w = &*inv.world;
    let used_image = |id: &str| w.containers.iter().any(|c| c.image_id() == id);
    let images_total: i64 = w.images.iter().map(crate::engine::Image::size).sum();
    let images_used: i64 = w
        .images
        .iter()
        .filter(|i| used_image(i.id()))
        .map(crate::engine::Image::size)
        .sum();
    let images_active = w.images.iter().filter(|i| used_image(i.id())).count();
    let active =
        |c: &crate::engine::Container| c.is_running() || c.is_paused() || c.is_restarting();
    let rw = |c: &crate::engine::Container| c.size_rw.unwrap_or(0);
    let c_total: i64 = w.containers.iter().map(rw).sum();
    let c_reclaim: i64 = w.containers.iter().filter(|c| !active(c)).map(rw).sum();
    let c_active = w.containers.iter().filter(|c| active(c)).count();
    let names: Vec<String> = w
        .volumes
        .iter()
        .map(|v| crate::engine::json::str_at(v, &["Name"]).to_owned())
        .collect();
    let v_total: i64 = names.iter().map(|n| w.volume_size(n)).sum();
    let v_active = names
        .iter()
        .filter(|n| !w.volume_users(n).is_empty())
        .count();
    let v_reclaim: i64 = names
        .iter()
        .filter(|n| w.volume_users(n).is_empty())
        .map(|n| w.volume_size(n))
        .sum();
    let mut tw = TabWriter::docker();
    tw.write("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n");
    tw.write(&format!(
        "Images\t{}\t{images_active}\t{}\t{}\n",
        w.images.len(),
        size(images_total),
        reclaimable(images_total - images_used, images_total)
    ));
    tw.write(&format!(
        "Containers\t{}\t{c_active}\t{}\t{}\n",
        w.containers.len(),
        size(c_total),
        reclaimable(c_reclaim, c_total)
    ));
    tw.write(&format!(
        "Local Volumes\t{}\t{v_active}\t{}\t{}\n",
        names.len(),
        size(v_total),
        reclaimable(v_reclaim, v_total)
    ));
    tw.write(&format!(
        "Build Cache\t{}\t0\t0B\t0B\n",
        w.build_cache.len()
    ));
    inv.out.print(&tw.finish());
}
