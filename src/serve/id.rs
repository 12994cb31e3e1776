//! Session IDs: 128 bits from the operating system's RNG, as hex. Knowing
//! one is what lets a browser drive a session, so they must be unguessable.
//! They are the only randomness in dockdrill, and they never reach a
//! transcript, a verdict or anything else that is graded.

use std::fmt;

/// Bytes of randomness in an ID.
const BYTES: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(String);

impl SessionId {
    /// A fresh ID, or why the OS would not give randomness.
    pub fn random() -> Result<SessionId, String> {
        let mut bytes = [0u8; BYTES];
        getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for a session ID: {e}"))?;
        Ok(SessionId(hex(&bytes)))
    }

    /// The ID a request names, if it has the shape of one. Anything else is
    /// no session, so it never reaches a lookup.
    pub fn parse(text: &str) -> Option<SessionId> {
        (text.len() == BYTES * 2 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| SessionId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::SessionId;

    #[test]
    fn fresh_ids_parse_back_and_differ() {
        let a = SessionId::random().expect("an ID");
        let b = SessionId::random().expect("an ID");
        assert_ne!(a, b);
        assert_eq!(SessionId::parse(a.as_str()), Some(a));
    }

    #[test]
    fn only_lowercase_hex_of_the_right_length_is_an_id() {
        assert!(SessionId::parse("0123456789abcdef0123456789abcdef").is_some());
        assert!(SessionId::parse("0123456789ABCDEF0123456789abcdef").is_none());
        assert!(SessionId::parse("0123").is_none());
        assert!(SessionId::parse("../../etc/passwd").is_none());
        assert!(SessionId::parse("").is_none());
    }
}
