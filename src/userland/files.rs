//! `cat` and `ls` over the files an image declares (busybox wording).

use super::ExecOutput;
use crate::engine::World;

/// The container's files, its mounts included (a volume's data goes
/// with the volume).
fn declared(world: &World, idx: usize) -> Vec<(String, String)> {
    world.container_files(idx)
}

fn absolute(world: &World, idx: usize, path: &str) -> String {
    if path.starts_with('/') {
        return normalize(path);
    }
    let wd = world.containers.get(idx).map_or("", |c| {
        crate::engine::json::str_at(&c.doc, &["Config", "WorkingDir"])
    });
    let base = if wd.is_empty() { "/" } else { wd };
    normalize(&format!("{}/{path}", base.trim_end_matches('/')))
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

pub fn cat(world: &World, idx: usize, args: &[String]) -> ExecOutput {
    let files = declared(world, idx);
    let mut out = ExecOutput::default();
    for arg in args {
        let path = absolute(world, idx, arg);
        match files.iter().find(|(p, _)| *p == path) {
            Some((_, content)) => out.print(content),
            None => {
                let what = if is_dir(&files, &path) {
                    "Is a directory"
                } else {
                    "No such file or directory"
                };
                out.eprint(&format!("cat: can't open '{arg}': {what}\n"));
                out.status = 1;
            }
        }
    }
    out
}

fn is_dir(files: &[(String, String)], path: &str) -> bool {
    let prefix = if path == "/" {
        "/".to_owned()
    } else {
        format!("{path}/")
    };
    files.iter().any(|(p, _)| p.starts_with(&prefix))
}

pub fn ls(world: &World, idx: usize, args: &[String]) -> ExecOutput {
    let files = declared(world, idx);
    let targets: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let targets = if targets.is_empty() {
        vec![".".to_owned()]
    } else {
        targets
    };
    let mut out = ExecOutput::default();
    for arg in &targets {
        let path = absolute(world, idx, arg);
        if files.iter().any(|(p, _)| *p == path) {
            out.print(&format!("{arg}\n"));
            continue;
        }
        if !is_dir(&files, &path) {
            out.eprint(&format!("ls: {arg}: No such file or directory\n"));
            out.status = 1;
            continue;
        }
        let prefix = if path == "/" {
            "/".to_owned()
        } else {
            format!("{path}/")
        };
        let mut names: Vec<String> = files
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(&prefix))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_owned())
            .collect();
        names.sort();
        names.dedup();
        if targets.len() > 1 {
            out.print(&format!("{arg}:\n"));
        }
        for n in names {
            out.print(&n);
            out.print("\n");
        }
    }
    out
}
