//! Containers a scenario declares as made by an earlier `docker compose
//! up`: the author labels them with the project, the service and the
//! compose file on the host; the labels compose derives (the config hash,
//! the image ID, `depends_on`, the version...) are filled in from that
//! file here, so the next `docker compose up` sees them up to date, as it
//! would on the real host.

use std::collections::BTreeMap;

use serde_json::json;

use super::converge::{COMPOSE_VERSION, service_hash};
use super::load;
use crate::engine::World;
use crate::engine::json::set;

const PROJECT: &str = "com.docker.compose.project";
const SERVICE: &str = "com.docker.compose.service";
const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
const WORKING_DIR: &str = "com.docker.compose.project.working_dir";

/// Completes the compose labels of every container labelled with a
/// project, a service and a config file. The error names the container.
pub fn complete_labels(world: &mut World) -> Result<(), (String, String)> {
    for idx in 0..world.containers.len() {
        let c = &world.containers[idx];
        let labels = c.labels();
        let get = |k: &str| labels.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone());
        let (Some(project_name), Some(service), Some(file)) =
            (get(PROJECT), get(SERVICE), get(CONFIG_FILES))
        else {
            continue;
        };
        let name = c.name().to_owned();
        let fail = |e: String| (name.clone(), e);
        let text = world
            .host
            .read(&file)
            .ok_or_else(|| fail(format!("{CONFIG_FILES}: no host file {file}")))?;
        let dir = get(WORKING_DIR).unwrap_or_else(|| {
            file.rsplit_once('/')
                .map_or("/".to_owned(), |(d, _)| d.to_owned())
        });
        let project = load(text, &file, &dir, Some(&project_name)).map_err(fail)?;
        let s = project
            .services
            .get(&service)
            .ok_or_else(|| fail(format!("{file} has no service {service:?}")))?;
        let image_id = world
            .image(&s.image_name(&project.name))
            .map(|i| i.id().to_owned())
            .map_err(|e| fail(e.to_string()))?;
        let derived = [
            ("com.docker.compose.config-hash", service_hash(s)),
            ("com.docker.compose.container-number", "1".to_owned()),
            (
                "com.docker.compose.depends_on",
                super::converge::depends_on_label(s),
            ),
            ("com.docker.compose.image", image_id),
            ("com.docker.compose.oneoff", "False".to_owned()),
            ("com.docker.compose.version", COMPOSE_VERSION.to_owned()),
            (WORKING_DIR, dir.clone()),
        ];
        // Go marshals a map's keys sorted.
        let mut all: BTreeMap<String, String> = labels.iter().cloned().collect();
        for (k, v) in derived {
            all.entry(k.to_owned()).or_insert(v);
        }
        set(
            &mut world.containers[idx].doc,
            &["Config", "Labels"],
            json!(all),
        );
    }
    Ok(())
}
