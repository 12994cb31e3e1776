//! Writing files so that nothing is lost: a reader (or a crash) sees either
//! the old bytes or the new ones, never a half-written file.
//!
//! This is the one place production code writes files; tests/no_host_effects.rs
//! keeps it that way.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The temporary file `write_atomic` fills before renaming it over `path`:
/// a hidden sibling, so the rename stays on one filesystem.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.dockdrill-tmp"))
}

/// Replaces the contents of `path` with `bytes`: writes a sibling temporary
/// file, flushes it to disk, then renames it over `path`. On any error the
/// original file is untouched and the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path_for(path);
    let result = write_then_rename(&temp, path, bytes);
    if result.is_err() && temp.is_file() {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_then_rename(temp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(temp, path)
}
