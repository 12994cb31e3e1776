//! Proposals waiting for review: finding them, accepting, rejecting.

use std::io;
use std::path::{Path, PathBuf};

use crate::fsutil;
use crate::transcript;

/// What `--bless` appends to a transcript's file name.
pub const PROPOSAL_SUFFIX: &str = ".new";

/// How deep `find_pending` descends below a directory it is given.
const MAX_DEPTH: usize = 8;
/// Most proposals one search lists.
const MAX_PENDING: usize = 10_000;

/// A proposal and the transcript it would replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub proposal: PathBuf,
    pub original: PathBuf,
}

/// `X.transcript` → `X.transcript.new`.
pub fn proposal_path(original: &Path) -> PathBuf {
    let mut name = original.as_os_str().to_owned();
    name.push(PROPOSAL_SUFFIX);
    PathBuf::from(name)
}

/// `X.transcript.new` → `X.transcript`; `None` for any other name.
pub fn original_of(proposal: &Path) -> Option<PathBuf> {
    let name = proposal.to_str()?;
    let original = name.strip_suffix(PROPOSAL_SUFFIX)?;
    original
        .ends_with(".transcript")
        .then(|| PathBuf::from(original))
}

/// The proposals that `paths` name: proposal files themselves, transcripts
/// (their proposal, if one exists), or directories (searched). Sorted,
/// without repeats. A path that names nothing reviewable is an error.
pub fn find_pending(paths: &[PathBuf]) -> Result<Vec<Pending>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, 0, &mut found);
        } else if let Some(original) = original_of(path) {
            if !path.is_file() {
                return Err(format!("{}: no such proposal", path.display()));
            }
            found.push(Pending {
                proposal: path.clone(),
                original,
            });
        } else if path.extension().is_some_and(|e| e == "transcript") {
            let proposal = proposal_path(path);
            if proposal.is_file() {
                found.push(Pending {
                    proposal,
                    original: path.clone(),
                });
            }
        } else if path.exists() {
            return Err(format!(
                "{}: not a transcript, a proposal (.transcript.new) or a directory",
                path.display()
            ));
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    found.sort_by(|a, b| a.proposal.cmp(&b.proposal));
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<Pending>) {
    if depth > MAX_DEPTH || found.len() >= MAX_PENDING {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        // Symlinked directories are not followed: a loop would never end.
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            walk(&path, depth + 1, found);
        } else if let Some(original) = original_of(&path)
            && found.len() < MAX_PENDING
        {
            found.push(Pending {
                proposal: path,
                original,
            });
        }
    }
}

/// Replaces the original with the proposal, in one step. The proposal must
/// still read as a transcript: a hand-edited `.new` that does not is kept.
pub fn accept(p: &Pending) -> io::Result<()> {
    let bytes = std::fs::read(&p.proposal)?;
    if let Err(e) = transcript::parse_bytes(&bytes) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}:{e}", p.proposal.display()),
        ));
    }
    // rename is atomic when both names share a directory, which they do;
    // the helper covers the original being on another file system.
    match std::fs::rename(&p.proposal, &p.original) {
        Ok(()) => Ok(()),
        Err(_) => {
            fsutil::write_atomic(&p.original, &bytes)?;
            std::fs::remove_file(&p.proposal)
        }
    }
}

/// Deletes the proposal; the original stays as it is.
pub fn reject(p: &Pending) -> io::Result<()> {
    std::fs::remove_file(&p.proposal)
}
