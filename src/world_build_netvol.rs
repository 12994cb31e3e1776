//! The part of the world builder for what surrounds containers: host
//! files, user-defined networks, named volumes and their files, the
//! registry, and a container's mounts.

use serde_json::json;

use crate::engine::image_doc;
use crate::engine::mounts::{parse_mount_flag, parse_volume_flag};
use crate::engine::{
    MountSpec, NetworkCreate, Reference, RemoteImage, Timestamp, VolumeOrigin, World, ids,
};
use crate::scenario::{ContainerDecl, Scenario};
use crate::world_build::{BuildError, at, image_spec, routes};

pub fn add_host_networks_volumes(
    world: &mut World,
    scenario: &Scenario,
    clock: Timestamp,
) -> Result<(), BuildError> {
    let decl = &scenario.world;
    world.host.cwd = decl
        .host
        .workdir
        .clone()
        .unwrap_or_else(|| "/root".to_owned());
    for (path, text) in &decl.host.files {
        world.host.files.insert(path.clone(), text.clone());
    }
    for n in &decl.networks {
        // Declared objects go on top of an imported world's.
        world
            .networks
            .retain(|x| x.get("Name").and_then(|v| v.as_str()) != Some(n.name.as_str()));
        world.now = at(n.created, clock);
        let req = NetworkCreate {
            name: n.name.clone(),
            driver: "bridge".to_owned(),
            subnet: n.subnet.clone(),
            gateway: n.gateway.clone(),
            internal: n.internal,
            attachable: false,
            labels: n.labels.clone(),
            options: Vec::new(),
            from_cli: n
                .labels
                .iter()
                .all(|(k, _)| !k.starts_with("com.docker.compose.")),
        };
        world.create_network(&req).map_err(|e| BuildError {
            line: n.span.line,
            column: n.span.column,
            message: e.to_string(),
        })?;
    }
    for v in &decl.volumes {
        world
            .volumes
            .retain(|x| x.get("Name").and_then(|v| v.as_str()) != Some(v.name.as_str()));
        world.now = at(v.created, clock);
        // A volume labelled only as anonymous is one the daemon named for a
        // container that has since gone (`rm` without `-v`).
        let origin = if v.labels.is_empty() {
            VolumeOrigin::Implicit
        } else if v.labels.len() == 1 && v.labels[0].0 == "com.docker.volume.anonymous" {
            VolumeOrigin::Anonymous
        } else {
            VolumeOrigin::Explicit
        };
        world
            .create_volume(Some(&v.name), origin, &v.labels)
            .map_err(|e| BuildError {
                line: v.span.line,
                column: v.span.column,
                message: e.to_string(),
            })?;
        let files = world.volume_files.entry(v.name.clone()).or_default();
        for (path, text) in &v.files {
            files.insert(path.clone(), text.clone());
        }
    }
    world.now = clock;
    Ok(())
}

/// Declared registry images become pullable tags with manifest digests.
pub fn add_registry(world: &mut World, scenario: &Scenario, clock: Timestamp) {
    for remote in &scenario.world.registry {
        let spec = image_spec(scenario, &remote.image, clock);
        let digest = remote.digest.clone().unwrap_or_else(|| {
            ids::derive(&["manifest", &spec.hex, &remote.image.references.join(",")])
        });
        let mut doc = image_doc::build(&spec);
        doc["RepoTags"] = json!([]);
        world
            .apps
            .entry(format!("sha256:{}", spec.hex))
            .or_insert_with(|| routes(&remote.image));
        for r in &remote.image.references {
            let Ok(parsed) = Reference::parse(r) else {
                continue;
            };
            let parsed = parsed.with_default_tag();
            let tag = parsed.tag.clone().unwrap_or_else(|| "latest".to_owned());
            world
                .registry
                .repositories
                .entry(parsed.familiar_name())
                .or_default()
                .tags
                .insert(
                    tag,
                    RemoteImage {
                        digest: format!("sha256:{digest}"),
                        doc: doc.clone(),
                    },
                );
        }
    }
}

/// A declared container's `-v` and `--mount` specs, parsed.
pub fn mounts(decl: &ContainerDecl) -> Result<Vec<MountSpec>, String> {
    let mut out = Vec::new();
    for v in &decl.storage.volumes {
        out.push(parse_volume_flag(v)?);
    }
    for m in &decl.storage.mounts {
        out.push(parse_mount_flag(m)?);
    }
    Ok(out)
}
