//! One file per docker subcommand: parse flags, ask the engine, render.

pub mod help;
pub mod images;
pub mod network_ls;
pub mod ps;
pub mod volume_ls;

use super::command::Command;

/// Every command docker understands here, sorted by path.
pub static TABLE: &[Command] = &[
    ps::container_ls("container list"),
    ps::container_ls("container ls"),
    ps::container_ls("container ps"),
    images::image_ls("image list"),
    images::image_ls("image ls"),
    images::IMAGES,
    network_ls::network_ls("network list"),
    network_ls::network_ls("network ls"),
    ps::PS,
    volume_ls::volume_ls("volume list"),
    volume_ls::volume_ls("volume ls"),
];

#[cfg(test)]
mod listing_corpus;
