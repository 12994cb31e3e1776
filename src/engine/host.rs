//! The simulated host's files: what a scenario declares (bind-mount
//! sources, build contexts, compose files). Nothing here touches the real
//! filesystem.

use std::collections::BTreeMap;

/// Declared host files by absolute path, and the shell's working directory.
#[derive(Clone, Debug, Default)]
pub struct HostFs {
    pub files: BTreeMap<String, String>,
    /// Where relative paths (`docker build .`, `compose.yaml`) resolve.
    pub cwd: String,
}

impl HostFs {
    /// `path` made absolute against the working directory and cleaned
    /// (`.`/`..`, repeated slashes), as `filepath.Abs` does.
    pub fn absolute(&self, path: &str) -> String {
        let joined = if path.starts_with('/') {
            path.to_owned()
        } else {
            let cwd = if self.cwd.is_empty() { "/" } else { &self.cwd };
            format!("{cwd}/{path}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for p in joined.split('/') {
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

    pub fn read(&self, path: &str) -> Option<&str> {
        self.files.get(&self.absolute(path)).map(String::as_str)
    }

    /// Whether `path` is a declared file or a directory holding one.
    pub fn exists(&self, path: &str) -> bool {
        let abs = self.absolute(path);
        if abs == "/" || self.files.contains_key(&abs) {
            return true;
        }
        let dir = format!("{abs}/");
        self.files.keys().any(|k| k.starts_with(&dir))
    }

    /// Files under directory `dir`, by path relative to it, sorted.
    pub fn under(&self, dir: &str) -> Vec<(String, &str)> {
        let abs = self.absolute(dir);
        let prefix = if abs == "/" {
            abs.clone()
        } else {
            format!("{abs}/")
        };
        self.files
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(&prefix)
                    .map(|rel| (rel.to_owned(), v.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_working_directory() {
        let mut fs = HostFs {
            cwd: "/srv/shop".to_owned(),
            ..HostFs::default()
        };
        fs.files
            .insert("/srv/shop/compose.yaml".to_owned(), "x".to_owned());
        assert_eq!(fs.absolute("./a/../compose.yaml"), "/srv/shop/compose.yaml");
        assert_eq!(fs.read("compose.yaml"), Some("x"));
        assert!(fs.exists("/srv"));
        assert!(!fs.exists("/srv/other"));
        assert_eq!(fs.under("/srv").len(), 1);
    }
}
