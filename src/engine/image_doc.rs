//! Builds image inspect documents for declared images, in the field order
//! dockerd 28.2 answers `GET /images/{id}/json` with.

use serde_json::{Map, Value as Json};

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

/// An object with `fields` in order, its map allocated at its final size
/// (`json!` grows its map one insert at a time, and copies an interpolated
/// `Json` through its serializer).
fn object<const N: usize>(fields: [(&str, Json); N]) -> Json {
    let mut map = Map::with_capacity(N);
    for (key, value) in fields {
        map.insert(key.to_owned(), value);
    }
    Json::Object(map)
}

pub fn build(spec: &ImageSpec) -> Json {
    // Go's ImageConfig omits empty fields; keep its field order.
    let mut config = Map::with_capacity(8);
    if let Some(user) = &spec.user {
        config.insert("User".into(), Json::from(user.as_str()));
    }
    if !spec.exposed_ports.is_empty() {
        let ports: Map<String, Json> = sorted(spec.exposed_ports.iter().cloned())
            .into_iter()
            .map(|p| (p, Json::Object(Map::new())))
            .collect();
        config.insert("ExposedPorts".into(), Json::Object(ports));
    }
    let mut env = spec.env.clone();
    if !env.iter().any(|e| e.starts_with("PATH=")) {
        env.insert(0, DEFAULT_PATH.to_owned());
    }
    config.insert("Env".into(), Json::from(env));
    if let Some(ep) = &spec.entrypoint {
        config.insert("Entrypoint".into(), Json::from(ep.clone()));
    }
    if let Some(cmd) = &spec.cmd {
        config.insert("Cmd".into(), Json::from(cmd.clone()));
    }
    if !spec.volumes.is_empty() {
        let vols: Map<String, Json> = sorted(spec.volumes.iter().cloned())
            .into_iter()
            .map(|v| (v, Json::Object(Map::new())))
            .collect();
        config.insert("Volumes".into(), Json::Object(vols));
    }
    if let Some(wd) = &spec.working_dir {
        config.insert("WorkingDir".into(), Json::from(wd.as_str()));
    }
    if !spec.labels.is_empty() {
        let labels: Map<String, Json> = sorted_pairs(&spec.labels)
            .into_iter()
            .map(|(k, v)| (k, Json::String(v)))
            .collect();
        config.insert("Labels".into(), Json::Object(labels));
    }
    // Three layers and three overlay directories, each ID derived from
    // the image's hex and the index: the hashers share their prefix.
    let layer_ids = ids::derive_indexed(&["layer", &spec.hex], 3);
    let dir_ids = ids::derive_indexed(&["overlay", &spec.hex], 3);
    let layers: Vec<String> = layer_ids.iter().map(|h| format!("sha256:{h}")).collect();
    let top = format!("/var/lib/docker/overlay2/{}", dir_ids[0]);
    let lower = dir_ids[1..]
        .iter()
        .map(|h| format!("/var/lib/docker/overlay2/{h}/diff"))
        .collect::<Vec<_>>()
        .join(":");
    let created = spec.created.rfc3339_nano();
    object([
        ("Id", Json::String(format!("sha256:{}", spec.hex))),
        ("RepoTags", Json::from(spec.repo_tags.clone())),
        ("RepoDigests", Json::from(spec.repo_digests.clone())),
        ("Parent", Json::from("")),
        ("Comment", Json::from("buildkit.dockerfile.v0")),
        ("Created", Json::String(created.clone())),
        ("DockerVersion", Json::from("")),
        ("Author", Json::from("")),
        ("Config", Json::Object(config)),
        ("Architecture", Json::from("amd64")),
        ("Os", Json::from("linux")),
        ("Size", Json::from(spec.size)),
        (
            "GraphDriver",
            object([
                (
                    "Data",
                    object([
                        ("LowerDir", Json::String(lower)),
                        ("MergedDir", Json::String(format!("{top}/merged"))),
                        ("UpperDir", Json::String(format!("{top}/diff"))),
                        ("WorkDir", Json::String(format!("{top}/work"))),
                    ]),
                ),
                ("Name", Json::from("overlay2")),
            ]),
        ),
        (
            "RootFS",
            object([
                ("Type", Json::from("layers")),
                ("Layers", Json::from(layers)),
            ]),
        ),
        ("Metadata", object([("LastTagTime", Json::String(created))])),
    ])
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
mod reference {
    //! The document as built before, with `json!`: the tests hold `build`
    //! to it.

    use serde_json::{Map, Value as Json, json};

    use super::super::ids;
    use super::{DEFAULT_PATH, ImageSpec, sorted, sorted_pairs};

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
        // Three layers and three overlay directories, each ID derived from
        // the image's hex and the index: the hashers share their prefix.
        let layer_ids = ids::derive_indexed(&["layer", &spec.hex], 3);
        let dir_ids = ids::derive_indexed(&["overlay", &spec.hex], 3);
        let layers: Vec<String> = layer_ids.iter().map(|h| format!("sha256:{h}")).collect();
        let top = format!("/var/lib/docker/overlay2/{}", dir_ids[0]);
        let lower = dir_ids[1..]
            .iter()
            .map(|h| format!("/var/lib/docker/overlay2/{h}/diff"))
            .collect::<Vec<_>>()
            .join(":");
        let created = spec.created.rfc3339_nano();
        // `json!` copies an interpolated `Json` through its serializer, so
        // the built config is moved into its place afterwards.
        let mut doc = json!({
            "Id": format!("sha256:{}", spec.hex),
            "RepoTags": spec.repo_tags,
            "RepoDigests": spec.repo_digests,
            "Parent": "",
            "Comment": "buildkit.dockerfile.v0",
            "Created": created.clone(),
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
            "Metadata": { "LastTagTime": created },
        });
        super::super::json::set(&mut doc, &["Config"], Json::Object(config));
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte for byte, field order included.
    #[test]
    fn built_documents_equal_the_json_macro_build() {
        for variant in 0..64_usize {
            let flag = |bit: usize| variant & (1 << bit) != 0;
            let spec = ImageSpec {
                repo_tags: if flag(0) {
                    vec!["a:1".into(), "b:2".into()]
                } else {
                    Vec::new()
                },
                repo_digests: if flag(1) {
                    vec!["a@sha256:00".into()]
                } else {
                    Vec::new()
                },
                hex: format!("{variant:02x}").repeat(32),
                created: Timestamp::from_unix_nanos(1_700_000_000_000_000_007),
                size: i64::try_from(variant).unwrap_or(0) * 1000,
                user: flag(2).then(|| "app".to_owned()),
                exposed_ports: if flag(3) {
                    vec!["80/tcp".into(), "53/udp".into(), "80/tcp".into()]
                } else {
                    Vec::new()
                },
                env: if flag(4) {
                    vec!["PATH=/x".into(), "A=1".into()]
                } else {
                    vec!["A=1".into()]
                },
                entrypoint: flag(5).then(|| vec!["/e".into()]),
                cmd: flag(0).then(|| vec!["run".into(), "--x".into()]),
                working_dir: flag(1).then(|| "/w".to_owned()),
                labels: if flag(2) {
                    vec![("z".into(), "1".into()), ("a".into(), "2".into())]
                } else {
                    Vec::new()
                },
                volumes: if flag(3) {
                    vec!["/data".into(), "/a".into()]
                } else {
                    Vec::new()
                },
            };
            assert_eq!(
                serde_json::to_string(&build(&spec)).unwrap_or_default(),
                serde_json::to_string(&reference::build(&spec)).unwrap_or_default(),
                "variant {variant}"
            );
        }
    }

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
