//! Many container references resolved against one index.
//!
//! [`World::container_index`] scans the list up to three times a
//! reference; `docker inspect $(docker ps -aq)` on 10,000 containers made
//! that 10,000 x 30,000 comparisons, five seconds. A command that reads
//! the world and resolves many references builds this once instead: the
//! answers are `container_index`'s, reference for reference.

use std::collections::BTreeMap;

use super::World;
use crate::engine::error::EngineError;

/// The containers of a world by ID and by name, borrowed for as long as
/// the world is not changed.
pub struct ContainerLookup<'w> {
    world: &'w World,
    /// Each ID's first place in the list, and how many containers have it.
    ids: BTreeMap<&'w str, (usize, usize)>,
    /// Each name's first place in the list.
    names: BTreeMap<&'w str, usize>,
}

impl World {
    /// An index for resolving many container references while the world
    /// stays as it is.
    pub fn container_lookup(&self) -> ContainerLookup<'_> {
        let mut ids: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut names = BTreeMap::new();
        for (i, c) in self.containers.iter().enumerate() {
            ids.entry(c.id()).or_insert((i, 0)).1 += 1;
            names.entry(c.name()).or_insert(i);
        }
        ContainerLookup {
            world: self,
            ids,
            names,
        }
    }
}

impl ContainerLookup<'_> {
    /// What [`World::container_index`] answers for `reference`.
    pub fn index(&self, reference: &str) -> Result<usize, EngineError> {
        if reference.is_empty() {
            return Err(EngineError::NoSuchContainer(reference.to_owned()));
        }
        if let Some(&(i, _)) = self.ids.get(reference) {
            return Ok(i);
        }
        let name = reference.strip_prefix('/').unwrap_or(reference);
        if let Some(&i) = self.names.get(name) {
            return Ok(i);
        }
        if let Some(i) = self.world.link_name_index(name) {
            return Ok(i);
        }
        // IDs that start with the reference sort together from it on.
        let mut matches = self
            .ids
            .range(reference..)
            .take_while(|(id, _)| id.starts_with(reference))
            .map(|(_, &(i, count))| (i, count));
        match (matches.next(), matches.next()) {
            (Some((i, 1)), None) => Ok(i),
            (Some(_), _) => Err(EngineError::AmbiguousContainer(reference.to_owned())),
            (None, _) => Err(EngineError::NoSuchContainer(reference.to_owned())),
        }
    }
}
