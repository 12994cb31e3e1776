//! A list of JSON documents (a world's networks or volumes) that may still
//! be the text it was imported from.
//!
//! Building a `serde_json::Value` costs ~30 instructions a byte, and most
//! commands never read networks or volumes (`docker ps` without a network
//! filter, `images`, `logs`): in `sh --world W -c 'docker ps'` on a small
//! world, building them at import was an eighth of the whole process. So an
//! imported list keeps each element's place in the file and builds all the
//! trees on first use, through `Deref`, which every reader of
//! `world.networks` and `world.volumes` goes through. The import checked
//! the whole file as `serde_json` checks it, so building cannot fail later.

use std::fmt;
use std::ops::{Deref, DerefMut, Range};
use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

/// Each element's place in the file it was imported from.
type Places = (Arc<String>, Box<[Range<usize>]>);

/// JSON trees, built on first use from their text when imported.
#[derive(Clone, Default)]
pub struct Trees {
    /// The file the trees are still text in, and each one's place in it.
    text: Option<Places>,
    trees: OnceLock<Vec<Json>>,
}

impl Trees {
    /// Trees kept as the text at `ranges` of `file` (which the import
    /// checked as `serde_json` checks a value) until first used.
    pub(crate) fn from_text(file: Arc<String>, ranges: Box<[Range<usize>]>) -> Self {
        Trees {
            text: Some((file, ranges)),
            trees: OnceLock::new(),
        }
    }

    /// Whether the trees were ever needed (for tests).
    pub fn is_parsed(&self) -> bool {
        self.trees.get().is_some()
    }

    fn trees(&self) -> &Vec<Json> {
        self.trees.get_or_init(|| match &self.text {
            Some((file, ranges)) => ranges
                .iter()
                .map(|range| {
                    file.get(range.clone())
                        .and_then(|text| serde_json::from_str(text).ok())
                        .unwrap_or(Json::Null)
                })
                .collect(),
            None => Vec::new(),
        })
    }
}

impl Deref for Trees {
    type Target = Vec<Json>;

    fn deref(&self) -> &Vec<Json> {
        self.trees()
    }
}

impl DerefMut for Trees {
    fn deref_mut(&mut self) -> &mut Vec<Json> {
        self.trees();
        self.text = None;
        match self.trees.get_mut() {
            Some(trees) => trees,
            None => unreachable!("`trees()` just built them"),
        }
    }
}

impl From<Vec<Json>> for Trees {
    fn from(trees: Vec<Json>) -> Self {
        Trees {
            text: None,
            trees: OnceLock::from(trees),
        }
    }
}

impl IntoIterator for Trees {
    type Item = Json;
    type IntoIter = std::vec::IntoIter<Json>;

    fn into_iter(mut self) -> Self::IntoIter {
        std::mem::take(&mut *self).into_iter()
    }
}

impl<'a> IntoIterator for &'a Trees {
    type Item = &'a Json;
    type IntoIter = std::slice::Iter<'a, Json>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Trees {
    type Item = &'a mut Json;
    type IntoIter = std::slice::IterMut<'a, Json>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl fmt::Debug for Trees {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.trees(), f)
    }
}

impl PartialEq for Trees {
    fn eq(&self, other: &Self) -> bool {
        self.trees() == other.trees()
    }
}
