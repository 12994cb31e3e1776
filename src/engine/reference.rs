//! Image references as docker's `distribution/reference` package reads them.

use std::fmt;

/// A parsed, normalised image reference: `docker.io/library/myapp:latest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Registry host, e.g. `docker.io`, `ghcr.io`, `localhost:5000`.
    pub domain: String,
    /// Repository path on that host, e.g. `library/myapp`, `acme/api`.
    pub path: String,
    pub tag: Option<String>,
    /// `sha256:<64hex>` when the reference pins a digest.
    pub digest: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceError {
    /// `invalid reference format`
    Invalid,
    /// `invalid reference format: repository name (library/Nginx) must be lowercase`
    Uppercase(String),
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::Invalid => f.write_str("invalid reference format"),
            ReferenceError::Uppercase(path) => write!(
                f,
                "invalid reference format: repository name ({path}) must be lowercase"
            ),
        }
    }
}

impl std::error::Error for ReferenceError {}

const DEFAULT_DOMAIN: &str = "docker.io";
const OFFICIAL_PREFIX: &str = "library/";

impl Reference {
    /// `reference.ParseNormalizedNamed`.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        if input.is_empty() || input.len() > 255 + 128 + 72 {
            return Err(ReferenceError::Invalid);
        }
        let (name_and_tag, digest) = match input.split_once('@') {
            Some((n, d)) => {
                if !valid_digest(d) {
                    return Err(ReferenceError::Invalid);
                }
                (n, Some(d.to_owned()))
            }
            None => (input, None),
        };
        // A tag follows the last ':' that comes after the last '/'.
        let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                (&name_and_tag[..at], Some(&name_and_tag[at + 1..]))
            }
            None => (name_and_tag, None),
        };
        if let Some(tag) = tag
            && !valid_tag(tag)
        {
            return Err(ReferenceError::Invalid);
        }
        let (domain, path) = split_domain(name);
        if path.is_empty() || !path.split('/').all(valid_path_component) {
            if path
                .split('/')
                .all(|c| valid_path_component(&c.to_ascii_lowercase()))
            {
                return Err(ReferenceError::Uppercase(path));
            }
            return Err(ReferenceError::Invalid);
        }
        Ok(Reference {
            domain,
            path,
            tag: tag.map(str::to_owned),
            digest,
        })
    }

    /// The reference with `:latest` added when it names neither tag nor digest
    /// (`reference.TagNameOnly`).
    #[must_use]
    pub fn with_default_tag(mut self) -> Self {
        if self.tag.is_none() && self.digest.is_none() {
            self.tag = Some("latest".to_owned());
        }
        self
    }

    /// `reference.FamiliarName`: `myapp`, `acme/api`, `ghcr.io/acme/api`.
    pub fn familiar_name(&self) -> String {
        if self.domain == DEFAULT_DOMAIN {
            self.path
                .strip_prefix(OFFICIAL_PREFIX)
                .unwrap_or(&self.path)
                .to_owned()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// `reference.FamiliarString`: name plus `:tag` and `@digest` when present.
    pub fn familiar(&self) -> String {
        let mut out = self.familiar_name();
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }

    /// The fully qualified name, `docker.io/library/myapp`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }
}

fn split_domain(name: &str) -> (String, String) {
    match name.split_once('/') {
        Some((first, rest))
            if first.contains('.')
                || first.contains(':')
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            let domain = if first == "index.docker.io" {
                DEFAULT_DOMAIN
            } else {
                first
            };
            let path = if domain == DEFAULT_DOMAIN && !rest.contains('/') {
                format!("{OFFICIAL_PREFIX}{rest}")
            } else {
                rest.to_owned()
            };
            (domain.to_owned(), path)
        }
        Some(_) => (DEFAULT_DOMAIN.to_owned(), name.to_owned()),
        None => (
            DEFAULT_DOMAIN.to_owned(),
            format!("{OFFICIAL_PREFIX}{name}"),
        ),
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !is_alnum(b[0]) || !is_alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
            return false;
        }
    }
    true
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter()
            .all(|&x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'.' | b'-'))
}

fn valid_digest(d: &str) -> bool {
    d.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && super::ids::is_hex(hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn familiar(s: &str) -> String {
        Reference::parse(s).unwrap().with_default_tag().familiar()
    }

    #[test]
    fn normalises_official_and_user_images() {
        assert_eq!(familiar("myapp"), "myapp:latest");
        assert_eq!(familiar("docker.io/library/myapp:1.7.2"), "myapp:1.7.2");
        assert_eq!(familiar("acme/worker:dev"), "acme/worker:dev");
        assert_eq!(
            familiar("ghcr.io/acme/api:stable"),
            "ghcr.io/acme/api:stable"
        );
        assert_eq!(
            familiar("localhost:5000/tools/debug:0.1"),
            "localhost:5000/tools/debug:0.1"
        );
    }

    #[test]
    fn digests_and_tags_parse() {
        let r = Reference::parse(
            "nginx@sha256:217692fad0767ab12cde7e4c78373d2351d1fb62f19737db67e5e602062578bd",
        )
        .unwrap();
        assert_eq!(r.path, "library/nginx");
        assert!(r.tag.is_none());
        assert!(r.digest.is_some());
    }

    #[test]
    fn rejects_uppercase_and_garbage() {
        assert_eq!(
            Reference::parse("Nginx").unwrap_err().to_string(),
            "invalid reference format: repository name (library/Nginx) must be lowercase"
        );
        assert_eq!(
            Reference::parse("a b").unwrap_err(),
            ReferenceError::Invalid
        );
        assert_eq!(Reference::parse("x:").unwrap_err(), ReferenceError::Invalid);
    }
}
