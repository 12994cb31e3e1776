//! Whether printed text identifies an object ID.

/// True when `text` contains `hex_id` in a form that identifies it: a run of
/// at least 12 hex digits that is a prefix of the 64-hex ID (so `a17e5d3c9b82`,
/// `sha256:a17e5d3c9b82...` and the full ID all count).
pub fn identifies(text: &str, hex_id: &str) -> bool {
    let hex_id = hex_id.strip_prefix("sha256:").unwrap_or(hex_id);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_lower_hex(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_lower_hex(bytes[i]) {
                i += 1;
            }
            let run = &text[start..i];
            if run.len() >= 12 && hex_id.starts_with(run) {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

#[cfg(test)]
mod tests {
    use super::identifies;

    const ID: &str = "a17e5d3c9b822719f02352a5eb2d902ac2fee121b15b2cbff91c9a9ef97d9059";

    #[test]
    fn short_id_with_or_without_prefix_identifies() {
        assert!(identifies("web  a17e5d3c9b82\n", ID));
        assert!(identifies("sha256:a17e5d3c9b822719...\n", ID));
        assert!(identifies(&format!("\"Image\": \"sha256:{ID}\","), ID));
    }

    #[test]
    fn fewer_than_twelve_digits_or_a_different_id_does_not() {
        assert!(!identifies("a17e5d3c9b8", ID));
        assert!(!identifies("a17e5d3c9b83", ID));
        assert!(!identifies("xa17e5d3c9b82", "b".repeat(64).as_str()));
    }

    #[test]
    fn a_longer_run_must_still_be_a_prefix() {
        assert!(!identifies("a17e5d3c9b82ffff", ID));
    }
}
