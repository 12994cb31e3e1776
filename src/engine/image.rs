//! An image: its inspect document.

use serde_json::Value as Json;

use super::container::object_strings;
use super::json::{at, i64_at, str_at, strings_at};
use super::time::Timestamp;

/// An image as the engine holds it; `doc` is what `GET /images/{id}/json`
/// answers, in the daemon's field order.
#[derive(Clone, Debug)]
pub struct Image {
    pub doc: Json,
}

impl Image {
    /// `sha256:<64hex>`
    pub fn id(&self) -> &str {
        str_at(&self.doc, &["Id"])
    }

    /// The 64 hex digits of the ID.
    pub fn hex(&self) -> &str {
        let id = self.id();
        id.strip_prefix("sha256:").unwrap_or(id)
    }

    pub fn repo_tags(&self) -> Vec<String> {
        strings_at(&self.doc, &["RepoTags"])
    }

    pub fn repo_digests(&self) -> Vec<String> {
        strings_at(&self.doc, &["RepoDigests"])
    }

    pub fn created(&self) -> Timestamp {
        Timestamp::parse(str_at(&self.doc, &["Created"])).unwrap_or_default()
    }

    pub fn size(&self) -> i64 {
        i64_at(&self.doc, &["Size"])
    }

    pub fn parent(&self) -> &str {
        str_at(&self.doc, &["Parent"])
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        object_strings(at(&self.doc, &["Config", "Labels"]))
    }

    pub fn config(&self) -> &Json {
        at(&self.doc, &["Config"]).unwrap_or(&Json::Null)
    }

    pub fn has_tag(&self, familiar: &str) -> bool {
        self.repo_tags().iter().any(|t| t == familiar)
    }
}
