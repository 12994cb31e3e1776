//! `fsutil::write_atomic`: a failed write leaves the original intact.

use dockdrill::fsutil::{create_new_atomic, write_atomic};

use super::support::{snapshot, temp_dir};

#[test]
fn write_atomic_replaces_the_whole_file() {
    let dir = temp_dir("atomic-ok");
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, "old contents that are longer than the new ones").unwrap();
    write_atomic(&path, b"new").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    let names: Vec<_> = snapshot(&dir).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        names,
        vec![std::path::PathBuf::from("scenario.kdl")],
        "temp file left behind"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_write_that_cannot_get_a_temporary_file_leaves_the_original_intact() {
    let dir = temp_dir("atomic-fail");
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, "precious").unwrap();
    // Every temporary name this process could use is taken (by directories,
    // which cannot be opened for writing): the write fails before the
    // original is touched, as a full disk would make it fail.
    for attempt in 0..100 {
        std::fs::create_dir(dir.join(format!(
            ".scenario.kdl.{}.{attempt}.tmp",
            std::process::id()
        )))
        .unwrap();
    }
    let before = snapshot(&dir);
    assert!(write_atomic(&path, b"replacement").is_err());
    assert!(create_new_atomic(&dir.join("other"), b"x").is_ok());
    std::fs::remove_file(dir.join("other")).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    assert_eq!(
        snapshot(&dir),
        before,
        "a failed write changed the directory"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rename_that_fails_removes_the_temporary_file_and_keeps_the_target() {
    let dir = temp_dir("atomic-rename");
    // The target is a non-empty directory: the rename fails after the
    // temporary file was fully written.
    let target = dir.join("target");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), "kept").unwrap();
    let before = snapshot(&dir);
    assert!(write_atomic(&target, b"replacement").is_err());
    assert_eq!(
        snapshot(&dir),
        before,
        "a failed write changed the directory"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn create_new_atomic_never_replaces_an_existing_file() {
    let dir = temp_dir("atomic-new");
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, "precious").unwrap();
    assert!(create_new_atomic(&path, b"replacement").is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    assert_eq!(snapshot(&dir).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_directory_is_an_error_not_a_partial_write() {
    let dir = temp_dir("atomic-missing");
    let path = dir.join("no/such/dir/file");
    assert!(write_atomic(&path, b"x").is_err());
    assert_eq!(snapshot(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}
