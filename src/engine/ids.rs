//! Deterministic object IDs.
//!
//! Real Docker draws IDs from randomness or content digests; the simulator
//! derives them with SHA-256 from stable inputs so that the same scenario and
//! transcript print the same bytes on every machine.

use sha2::{Digest, Sha256};

/// A 64-hex-digit ID derived from `parts` (joined unambiguously).
pub fn derive(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize())
}

/// `derive(&[parts.., "0"])`, `derive(&[parts.., "1"])`, ... for `count`
/// indices, hashing the shared prefix once.
pub fn derive_indexed(parts: &[&str], count: usize) -> Vec<String> {
    let mut prefix = Sha256::new();
    for part in parts {
        prefix.update((part.len() as u64).to_le_bytes());
        prefix.update(part.as_bytes());
    }
    (0..count)
        .map(|n| {
            let n = n.to_string();
            let mut hasher = prefix.clone();
            hasher.update((n.len() as u64).to_le_bytes());
            hasher.update(n.as_bytes());
            hex(&hasher.finalize())
        })
        .collect()
}

/// Completes a hex prefix to 64 digits, deterministically from `seed`.
/// A full-length (or longer) prefix is returned as is.
pub fn complete(prefix: &str, seed: &str) -> String {
    let prefix = prefix
        .strip_prefix("sha256:")
        .unwrap_or(prefix)
        .to_ascii_lowercase();
    if prefix.len() >= 64 {
        return prefix[..64].to_owned();
    }
    let tail = derive(&["complete", &prefix, seed]);
    format!("{prefix}{}", &tail[prefix.len()..])
}

pub fn is_hex(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let a = derive(&["container", "web", "1"]);
        assert_eq!(a, derive(&["container", "web", "1"]));
        assert_ne!(a, derive(&["container", "web1", ""]));
        assert_eq!(a.len(), 64);
        assert!(is_hex(&a));
    }

    #[test]
    fn indexed_derivation_equals_one_derivation_per_index() {
        let hex = "ab".repeat(32);
        let all = derive_indexed(&["layer", &hex], 3);
        for (n, id) in all.iter().enumerate() {
            assert_eq!(*id, derive(&["layer", &hex, &n.to_string()]));
        }
        assert_eq!(derive_indexed(&[], 1)[0], derive(&["0"]));
    }

    #[test]
    fn completion_keeps_the_prefix() {
        let id = complete("sha256:A17E5D3C9B82", "myapp:1.7.2");
        assert!(id.starts_with("a17e5d3c9b82"));
        assert_eq!(id.len(), 64);
        assert_eq!(id, complete("a17e5d3c9b82", "myapp:1.7.2"));
    }
}
