//! The registries a scenario declares: what `docker pull` can fetch.
//!
//! Nothing ever reaches a network. A repository that no scenario declares
//! answers as Docker Hub answers for an unknown or private repository
//! (`pull access denied ...`).

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// Declared repositories by familiar name (`myapp`, `ghcr.io/acme/api`).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub repositories: BTreeMap<String, Repository>,
}

/// One repository: its tags.
#[derive(Clone, Debug, Default)]
pub struct Repository {
    pub tags: BTreeMap<String, RemoteImage>,
}

/// What a tag names remotely.
#[derive(Clone, Debug)]
pub struct RemoteImage {
    /// The manifest digest, `sha256:<64hex>`; becomes a RepoDigest locally.
    pub digest: String,
    /// The image inspect document as it lands locally (`Id`, `Config`,
    /// `RootFS`, ...). `RepoTags`/`RepoDigests` are filled in by the pull.
    pub doc: Json,
}

impl Registry {
    pub fn is_empty(&self) -> bool {
        self.repositories.is_empty()
    }

    pub fn lookup(&self, repository: &str, tag: &str) -> Option<&RemoteImage> {
        self.repositories.get(repository)?.tags.get(tag)
    }

    pub fn has_repository(&self, repository: &str) -> bool {
        self.repositories.contains_key(repository)
    }
}
