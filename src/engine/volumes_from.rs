//! `run/create --volumes-from CONTAINER[:ro|:rw]`, as moby v28.2.2's
//! `registerMountPoints` copies another container's mount points
//! (`daemon/volumes.go`, `ParseVolumesFrom` in `volume/mounts`).
//!
//! Every mount of the source (named and anonymous volumes, binds, tmpfs)
//! is mounted at the same destination in the new container: the same
//! volume, so files written through one are seen through the other. The
//! copy is read-only if the source's was or `:ro` is given; moby does not
//! copy the `Mode` field, so inspect shows `"Mode": ""` for these mounts.
//! `-v`/`--mount` at the same destination win over a copied mount.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use super::error::EngineError;
use super::json::{bool_at, str_at};
use super::world::World;

/// moby's `ParseVolumesFrom`: the container and whether the copies stay
/// writable. `Err` is its text.
pub fn parse_volumes_from(spec: &str) -> Result<(String, bool), String> {
    if spec.is_empty() {
        return Err("volumes-from specification cannot be an empty string".to_owned());
    }
    let (id, mode) = spec.split_once(':').unwrap_or((spec, ""));
    if mode.is_empty() {
        return Ok((id.to_owned(), true));
    }
    let invalid = || format!("invalid mode: {mode}");
    let mut counts = [0u8; 5];
    for o in mode.split(',') {
        let kind = match o {
            "rw" | "ro" => 0,
            "z" | "Z" => 1,
            "private" | "rprivate" | "slave" | "rslave" | "shared" | "rshared" => 2,
            "nocopy" => 3,
            "consistent" | "cached" | "delegated" => 4,
            _ => return Err(invalid()),
        };
        counts[kind] += 1;
    }
    // One word per kind; propagation and copy modes are not allowed here.
    if counts.iter().any(|&n| n > 1) || counts[2] > 0 || counts[3] > 0 {
        return Err(invalid());
    }
    Ok((id.to_owned(), !mode.split(',').any(|o| o == "ro")))
}

impl World {
    /// The mounts `--volumes-from` gives a new container, by destination;
    /// a later source wins at a shared destination.
    pub(crate) fn volumes_from_mounts(
        &self,
        specs: &[String],
    ) -> Result<BTreeMap<String, Json>, EngineError> {
        let mut out = BTreeMap::new();
        for spec in specs {
            let (source, writable) = parse_volumes_from(spec).map_err(EngineError::Other)?;
            let c = self.container(&source)?;
            for m in c.mounts() {
                let mut copy = m.clone();
                super::json::set(&mut copy, &["Mode"], json!(""));
                super::json::set(&mut copy, &["RW"], json!(bool_at(m, &["RW"]) && writable));
                out.insert(str_at(m, &["Destination"]).to_owned(), copy);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_as_moby_parses_them() {
        assert_eq!(parse_volumes_from("data").unwrap(), ("data".into(), true));
        assert_eq!(
            parse_volumes_from("data:ro").unwrap(),
            ("data".into(), false)
        );
        assert_eq!(
            parse_volumes_from("data:rw,z").unwrap(),
            ("data".into(), true)
        );
        assert_eq!(
            parse_volumes_from("data:rshared").unwrap_err(),
            "invalid mode: rshared"
        );
        assert_eq!(
            parse_volumes_from("data:ro,rw").unwrap_err(),
            "invalid mode: ro,rw"
        );
        assert_eq!(
            parse_volumes_from("").unwrap_err(),
            "volumes-from specification cannot be an empty string"
        );
    }
}
