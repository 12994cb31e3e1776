//! Builds image inspect documents for declared images, in the field order
//! dockerd 28.2 answers `GET /images/{id}/json` with.

use serde_json::{Map, Value as Json, json};

use super::ids;
use super::time::Timestamp;

/// What a scenario declares about an image.
#[derive(Clone, Debug, Default)]
pub struct ImageSpec {
    /// Familiar references (`myapp:1.7.2`); may be empty for a dangling image.
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    /// 64 hex digits, without `sha256:`.
    pub hex: String,
    pub created: Timestamp,
    pub size: i64,
    pub user: Option<String>,
    pub exposed_ports: Vec<String>,
    pub env: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub labels: Vec<(String, String)>,
    /// Dockerfile `VOLUME` paths.
    pub volumes: Vec<String>,
}

const DEFAULT_PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

pub fn build(spec: &ImageSpec) -> Json {
    // Go's ImageConfig omits empty fields; keep its field order.
    let mut config = Map::new();
    if let Some(user) = &spec.user {
        config.insert("User".into(), json!(user));
    }
    if !spec.exposed_ports.is_empty() {
        let ports: Map<String, Json> = sorted(spec.exposed_ports.iter().cloned())
            .into_iter()
            .map(|p| (p, json!({})))
            .collect();
        config.insert("ExposedPorts".into(), Json::Object(ports));
    }
    let mut env = spec.env.clone();
    if !env.iter().any(|e| e.starts_with("PATH=")) {
        env.insert(0, DEFAULT_PATH.to_owned());
    }
    config.insert("Env".into(), json!(env));
    if let Some(ep) = &spec.entrypoint {
        config.insert("Entrypoint".into(), json!(ep));
    }
    if let Some(cmd) = &spec.cmd {
        config.insert("Cmd".into(), json!(cmd));
    }
    if !spec.volumes.is_empty() {
        let vols: Map<String, Json> = sorted(spec.volumes.iter().cloned())
            .into_iter()
            .map(|v| (v, json!({})))
            .collect();
        config.insert("Volumes".into(), Json::Object(vols));
    }
    if let Some(wd) = &spec.working_dir {
        config.insert("WorkingDir".into(), json!(wd));
    }
    if !spec.labels.is_empty() {
        let labels: Map<String, Json> = sorted_pairs(&spec.labels)
            .into_iter()
            .map(|(k, v)| (k, json!(v)))
            .collect();
        config.insert("Labels".into(), Json::Object(labels));
    }
    let layers: Vec<String> = (0..3)
        .map(|n| {
            format!(
                "sha256:{}",
                ids::derive(&["layer", &spec.hex, &n.to_string()])
            )
        })
        .collect();
    let dir = |n: usize| {
        format!(
            "/var/lib/docker/overlay2/{}",
            ids::derive(&["overlay", &spec.hex, &n.to_string()])
        )
    };
    let top = dir(0);
    let lower = (1..3)
        .map(|n| format!("{}/diff", dir(n)))
        .collect::<Vec<_>>()
        .join(":");
    // `json!` copies an interpolated `Json` through its serializer, so
    // the built config is moved into its place afterwards.
    let mut doc = json!({
        "Id": format!("sha256:{}", spec.hex),
        "RepoTags": spec.repo_tags,
        "RepoDigests": spec.repo_digests,
        "Parent": "",
        "Comment": "buildkit.dockerfile.v0",
        "Created": spec.created.rfc3339_nano(),
        "DockerVersion": "",
        "Author": "",
        "Config": null,
        "Architecture": "amd64",
        "Os": "linux",
        "Size": spec.size,
        "GraphDriver": {
            "Data": {
                "LowerDir": lower,
                "MergedDir": format!("{top}/merged"),
                "UpperDir": format!("{top}/diff"),
                "WorkDir": format!("{top}/work"),
            },
            "Name": "overlay2",
        },
        "RootFS": { "Type": "layers", "Layers": layers },
        "Metadata": { "LastTagTime": spec.created.rfc3339_nano() },
    });
    super::json::set(&mut doc, &["Config"], Json::Object(config));
    doc
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v.dedup();
    v
}

fn sorted_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut v = pairs.to_vec();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_order_matches_dockerd() {
        let doc = build(&ImageSpec {
            hex: "a".repeat(64),
            cmd: Some(vec!["./server".into()]),
            ..ImageSpec::default()
        });
        let keys: Vec<&String> = doc
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "Id",
                "RepoTags",
                "RepoDigests",
                "Parent",
                "Comment",
                "Created",
                "DockerVersion",
                "Author",
                "Config",
                "Architecture",
                "Os",
                "Size",
                "GraphDriver",
                "RootFS",
                "Metadata"
            ]
        );
        assert_eq!(doc["Config"]["Env"][0], DEFAULT_PATH);
    }
}
