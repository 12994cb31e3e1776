//! An inspect document that may still be the JSON text it was imported from.
//!
//! Turning JSON text into a `serde_json::Value` (an `IndexMap` per object, to
//! keep the daemon's field order) costs ~30 instructions a byte: two thirds
//! of a whole `dockdrill sh --world W -c 'docker ps'`, and most of a
//! 10,000-container import, although `docker ps` reads a dozen fields per
//! container. So an imported document stays text until something needs the
//! whole tree (`inspect`, a template over raw JSON, a change), and the
//! fields the engine reads all the time come from a typed [`View`], parsed
//! straight from the text (or, once the tree exists, from the tree) and
//! cached until the document changes.

use std::fmt;
use std::ops::{Deref, DerefMut, Range};
use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

/// A document's JSON text: a range of the world file it was imported from,
/// which all of that file's documents share (so the file is held once).
#[derive(Clone)]
pub(crate) struct DocText {
    file: Arc<String>,
    range: Range<usize>,
}

impl DocText {
    /// `range` must lie within `file` on character boundaries (it came
    /// from the scanner); otherwise the text reads as empty.
    pub(crate) fn new(file: Arc<String>, range: Range<usize>) -> Self {
        DocText { file, range }
    }

    pub(crate) fn get(&self) -> &str {
        self.file.get(self.range.clone()).unwrap_or("")
    }
}

/// The typed fields a kind of document exposes cheaply.
pub trait View: Sized {
    /// Reads the view from the document's text; `None` when the text has a
    /// shape the typed reader does not take (a field of an unexpected type,
    /// a duplicate key), in which case the tree is built and read instead.
    fn from_text(text: &str) -> Option<Self>;
    /// Reads the view from the tree, with the engine's lenient accessors:
    /// a missing or mistyped field reads as empty.
    fn from_tree(doc: &Json) -> Self;
    /// Removes what an imported document carries besides the daemon's
    /// answer (`_SizeRw`, `_logs`, ...), once, when the tree is built.
    fn strip_extras(_doc: &mut Json) {}
}

/// A document with a cached [`View`]. Derefs to the tree, building it from
/// the text on first use; a mutable deref drops the text and the view.
///
/// The tree and the view are shared, not copied, by clones (the runner
/// keeps the world a transcript started from beside the one it changes;
/// `inspect` hands the tree to a template): a mutable deref copies the tree
/// only while another clone still holds it.
pub struct Doc<V> {
    text: Option<DocText>,
    tree: OnceLock<Arc<Json>>,
    view: OnceLock<Arc<V>>,
}

impl<V: View> Doc<V> {
    pub fn new(tree: Json) -> Self {
        Doc {
            text: None,
            tree: OnceLock::from(Arc::new(tree)),
            view: OnceLock::new(),
        }
    }

    /// A document kept as text. The text was checked at import as
    /// `serde_json` checks it, so building its tree later cannot fail.
    pub(crate) fn from_text(text: DocText) -> Self {
        Doc {
            text: Some(text),
            tree: OnceLock::new(),
            view: OnceLock::new(),
        }
    }

    /// A document kept as text whose view was already read from it.
    pub(crate) fn from_text_and_view(text: DocText, view: Arc<V>) -> Self {
        Doc {
            text: Some(text),
            tree: OnceLock::new(),
            view: OnceLock::from(view),
        }
    }

    pub fn view(&self) -> &V {
        self.view.get_or_init(|| {
            Arc::new(match (self.tree.get(), &self.text) {
                (None, Some(text)) => {
                    V::from_text(text.get()).unwrap_or_else(|| V::from_tree(self.tree()))
                }
                _ => V::from_tree(self.tree()),
            })
        })
    }

    pub fn tree(&self) -> &Json {
        self.shared_tree()
    }

    /// The tree, to hold beyond a borrow of the world without copying it.
    pub fn shared_tree(&self) -> &Arc<Json> {
        self.tree.get_or_init(|| {
            let mut tree = self
                .text
                .as_ref()
                .and_then(|t| serde_json::from_str(t.get()).ok())
                .unwrap_or(Json::Null);
            V::strip_extras(&mut tree);
            Arc::new(tree)
        })
    }

    /// Whether the tree was ever needed (for tests and benchmarks).
    pub fn is_parsed(&self) -> bool {
        self.tree.get().is_some()
    }
}

impl<V: View> Deref for Doc<V> {
    type Target = Json;

    fn deref(&self) -> &Json {
        self.tree()
    }
}

impl<V: View> DerefMut for Doc<V> {
    fn deref_mut(&mut self) -> &mut Json {
        self.tree();
        self.text = None;
        self.view = OnceLock::new();
        match self.tree.get_mut() {
            Some(tree) => Arc::make_mut(tree),
            None => unreachable!("`tree()` just built it"),
        }
    }
}

impl<V> Clone for Doc<V> {
    fn clone(&self) -> Self {
        Doc {
            text: self.text.clone(),
            tree: self.tree.clone(),
            view: self.view.clone(),
        }
    }
}

impl<V: View> fmt::Debug for Doc<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.tree(), f)
    }
}

impl<V: View> From<Json> for Doc<V> {
    fn from(tree: Json) -> Self {
        Doc::new(tree)
    }
}
