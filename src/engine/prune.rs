//! What the prune endpoints remove: stopped containers, unused images,
//! build cache. (Networks and volumes prune in their own files.)

use super::ids;
use super::ops::RemovedImage;
use super::world::World;

impl World {
    /// `POST /containers/prune`: every container that is not running.
    /// Returns full IDs (oldest first) and the bytes of their
    /// writable layers.
    pub fn prune_containers(&mut self) -> (Vec<String>, i64) {
        let victims: Vec<(String, i64)> = self
            .containers
            .iter()
            .filter(|c| !c.is_running())
            .map(|c| (c.id().to_owned(), c.size_rw.unwrap_or(0)))
            .collect();
        let mut removed = Vec::new();
        let mut bytes = 0;
        for (id, size) in victims {
            if self.remove_container(&id, false).is_ok() {
                removed.push(id);
                bytes += size;
            }
        }
        (removed, bytes)
    }

    /// `POST /images/prune`: dangling images (no tag), or with `all` every
    /// image no container uses; never a parent of another image.
    pub fn prune_images(&mut self, all: bool) -> (Vec<RemovedImage>, i64) {
        let candidates: Vec<(String, Vec<String>, i64)> = self
            .images
            .iter()
            .filter(|img| all || img.repo_tags().is_empty())
            .filter(|img| !self.containers.iter().any(|c| c.image_id() == img.id()))
            .filter(|img| !self.images.iter().any(|o| o.parent() == img.id()))
            .map(|img| (img.id().to_owned(), img.repo_tags(), img.size()))
            .collect();
        let mut records = Vec::new();
        let mut bytes = 0;
        for (id, tags, size) in candidates {
            for t in tags {
                if let Ok(r) = self.remove_image(&t, false) {
                    records.extend(r);
                }
            }
            if self.image_by_id(&id).is_some()
                && let Ok(r) = self.remove_image(&id, true)
            {
                records.extend(r);
            }
            if self.image_by_id(&id).is_none() {
                bytes += size;
            }
        }
        (records, bytes)
    }

    /// `POST /build/prune`: drops the build cache; returns BuildKit-style
    /// record IDs and bytes (the simulator does not size cache records).
    pub fn prune_build_cache(&mut self, _all: bool) -> (Vec<String>, i64) {
        let keys = std::mem::take(&mut self.build_cache);
        let ids = keys.iter().map(|k| cache_record_id(k)).collect();
        (ids, 0)
    }
}

/// BuildKit names cache records with 25 base-36 characters.
pub fn cache_record_id(key: &str) -> String {
    let hex = ids::derive(&["buildkit-cache", key]);
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    hex.as_bytes()
        .chunks(2)
        .take(25)
        .map(|pair| {
            let n = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            DIGITS[usize::from(n) % 36] as char
        })
        .collect()
}
