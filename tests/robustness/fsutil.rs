//! `fsutil::write_atomic`: a failed write leaves the original intact.

use dockdrill::fsutil::{temp_path_for, write_atomic};

use crate::support::{snapshot, temp_dir};

#[test]
fn write_atomic_replaces_the_whole_file() {
    let dir = temp_dir("atomic-ok");
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, "old contents that are longer than the new ones").unwrap();
    write_atomic(&path, b"new").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    assert!(!temp_path_for(&path).exists(), "temp file left behind");
    write_atomic(&dir.join("fresh"), b"x").unwrap();
    assert_eq!(std::fs::read(dir.join("fresh")).unwrap(), b"x");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_write_that_fails_midway_leaves_the_original_intact() {
    let dir = temp_dir("atomic-fail");
    let path = dir.join("scenario.kdl");
    std::fs::write(&path, "precious").unwrap();
    // A directory where the temporary file must go: opening it fails after
    // the write has begun, as a full disk or a crash would.
    std::fs::create_dir(temp_path_for(&path)).unwrap();
    let before = snapshot(&dir);
    assert!(write_atomic(&path, b"replacement").is_err());
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
fn a_missing_directory_is_an_error_not_a_partial_write() {
    let dir = temp_dir("atomic-missing");
    let path = dir.join("no/such/dir/file");
    assert!(write_atomic(&path, b"x").is_err());
    assert_eq!(snapshot(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}
