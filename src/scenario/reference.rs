//! Image references and IDs as Docker accepts them. Validation lives here so
//! the parser and later stages agree on what names the same image.

/// Why `s` is not a usable image reference, or `None` if it is.
/// Follows distribution/reference: `[host[:port]/]path[:tag][@digest]`,
/// path components lowercase `[a-z0-9]+` joined by `.`, `_`, `__` or `-`.
pub fn problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("an image reference cannot be empty".to_owned());
    }
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let ok = d.strip_prefix("sha256:").is_some_and(|h| {
            h.len() == 64 && h.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        });
        if !ok {
            return Some(format!(
                "{s:?} has a malformed digest; expected \"@sha256:\" and 64 lowercase hex digits"
            ));
        }
    }
    // A colon after the last slash starts the tag; one before it is a registry port.
    let last_slash = name_tag.rfind('/');
    let (name, tag) = match name_tag.rfind(':') {
        Some(c) if last_slash.is_none_or(|sl| c > sl) => (&name_tag[..c], Some(&name_tag[c + 1..])),
        _ => (name_tag, None),
    };
    if let Some(tag) = tag {
        let valid = !tag.is_empty()
            && tag.len() <= 128
            && tag.bytes().enumerate().all(|(i, c)| {
                c.is_ascii_alphanumeric() || c == b'_' || (i > 0 && matches!(c, b'.' | b'-'))
            });
        if !valid {
            return Some(format!(
                "{s:?} has an invalid tag; a tag is 1 to 128 of [A-Za-z0-9_.-], not starting with . or -"
            ));
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1
        && parts
            .first()
            .is_some_and(|h| h.contains(['.', ':']) || *h == "localhost")
    {
        parts.remove(0);
    }
    for part in parts {
        if !path_component_ok(part) {
            return Some(format!(
                "{s:?} is not a valid image reference; names are lowercase letters, digits and single separators (. _ __ -), like \"myapp:1.7.2\""
            ));
        }
    }
    None
}

fn path_component_ok(part: &str) -> bool {
    let b = part.as_bytes();
    if b.is_empty() || !b[0].is_ascii_lowercase() && !b[0].is_ascii_digit() {
        return false;
    }
    let last = b[b.len() - 1];
    if !last.is_ascii_lowercase() && !last.is_ascii_digit() {
        return false;
    }
    // Separators: ".", "_", "__", or any run of "-".
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !(b[i].is_ascii_lowercase() || b[i].is_ascii_digit()) {
            i += 1;
        }
        let sep = &part[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// Whether the reference carries an explicit tag or digest.
pub fn has_tag(s: &str) -> bool {
    if s.contains('@') {
        return true;
    }
    let last_slash = s.rfind('/');
    s.rfind(':')
        .is_some_and(|c| last_slash.is_none_or(|sl| c > sl))
}

/// The form two references are compared in: an untagged name means `:latest`,
/// as `docker run myapp` does.
pub fn normalize(s: &str) -> String {
    if has_tag(s) {
        s.to_owned()
    } else {
        format!("{s}:latest")
    }
}

/// The bare lowercase hex of an image ID or ID prefix (`sha256:` optional),
/// if `s` has that shape.
pub fn as_id(s: &str) -> Option<String> {
    let hex = s.strip_prefix("sha256:").unwrap_or(s);
    let ok = (4..=64).contains(&hex.len())
        && hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'));
    ok.then(|| hex.to_owned())
}

/// Why `s` is not a valid declared ID, or `None`.
pub fn id_problem(s: &str) -> Option<String> {
    let hex = s.strip_prefix("sha256:").unwrap_or(s);
    if hex.bytes().any(|c| c.is_ascii_uppercase()) && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Some(format!("{s:?}: Docker IDs are lowercase hex"));
    }
    if let Some(bad) = hex.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='f')) {
        return Some(format!(
            "{s:?} is not a hex ID ({bad:?} is not a hex digit); expected 4 to 64 of 0-9a-f, optionally after \"sha256:\""
        ));
    }
    if hex.len() < 4 || hex.len() > 64 {
        return Some(format!(
            "{s:?} has {} hex digits; an ID or ID prefix has 4 to 64",
            hex.len()
        ));
    }
    None
}
