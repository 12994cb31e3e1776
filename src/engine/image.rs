//! An image: its inspect document.

use serde_json::Value as Json;

use super::container::object_strings;
use super::doc::Doc;
use super::json::at;
use super::time::Timestamp;
use super::view::ImageView;

/// An image as the engine holds it; `doc` is what `GET /images/{id}/json`
/// answers, in the daemon's field order.
#[derive(Clone, Debug)]
pub struct Image {
    pub doc: Doc<ImageView>,
}

impl Image {
    /// `sha256:<64hex>`
    pub fn id(&self) -> &str {
        &self.doc.view().id
    }

    /// The 64 hex digits of the ID.
    pub fn hex(&self) -> &str {
        let id = self.id();
        id.strip_prefix("sha256:").unwrap_or(id)
    }

    pub fn repo_tags(&self) -> Vec<String> {
        self.doc.view().repo_tags.clone()
    }

    pub fn repo_digests(&self) -> Vec<String> {
        self.doc.view().repo_digests.clone()
    }

    pub fn created(&self) -> Timestamp {
        self.doc.view().created
    }

    pub fn size(&self) -> i64 {
        self.doc.view().size
    }

    pub fn parent(&self) -> &str {
        &self.doc.view().parent
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        object_strings(at(&self.doc, &["Config", "Labels"]))
    }

    pub fn config(&self) -> &Json {
        at(&self.doc, &["Config"]).unwrap_or(&Json::Null)
    }

    pub fn has_tag(&self, familiar: &str) -> bool {
        self.doc.view().repo_tags.iter().any(|t| t == familiar)
    }
}
