//! Writing files so that a reader never sees half of one: the bytes go to a
//! temporary file in the same directory, which then takes the final name in
//! one step. A crash or a full disk leaves the old file (or none), never a
//! truncated one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces (or creates) `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Creates `path` with `bytes` atomically, failing with `AlreadyExists`
/// when something is already there: an existing file is never replaced,
/// even if it appears while we write.
pub fn create_new_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    let temp = write_temp(path, bytes)?;
    // A hard link fails if the name is taken, which makes "create only if
    // absent" and "appear complete" one step.
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(already_exists(path)),
        // Some file systems have no hard links; fall back to a checked rename.
        Err(_) => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(already_exists(path));
            }
            let temp = write_temp(path, bytes)?;
            fs::rename(&temp, path).inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            })
        }
    }
}

fn already_exists(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} already exists", path.display()),
    )
}

/// Writes `bytes` to a fresh temporary file beside `path` and syncs it.
fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    // The process ID keeps two writers apart; the counter keeps one
    // writer's attempts apart. Neither reaches the final name.
    for attempt in 0..100u32 {
        let temp = dir.join(format!(".{base}.{}.{attempt}.tmp", std::process::id()));
        let file = OpenOptions::new().write(true).create_new(true).open(&temp);
        let mut file: File = match file {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        return Ok(temp);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free temporary name beside {}", path.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dockdrill-fsutil-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).ok();
        dir
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp_file() {
        let dir = scratch("replace");
        let path = dir.join("a.txt");
        write_atomic(&path, b"one").ok();
        write_atomic(&path, b"two").ok();
        assert_eq!(fs::read(&path).ok(), Some(b"two".to_vec()));
        let names: Vec<_> = fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 1);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn create_new_atomic_refuses_an_existing_file() {
        let dir = scratch("create");
        let path = dir.join("a.txt");
        assert!(create_new_atomic(&path, b"one").is_ok());
        let again = create_new_atomic(&path, b"two");
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(fs::read(&path).ok(), Some(b"one".to_vec()));
        let _ = fs::remove_dir_all(&dir);
    }
}
