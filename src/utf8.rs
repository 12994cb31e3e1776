//! A large buffer made a `String` with its UTF-8 checked by two threads.
//!
//! `String::from_utf8` over a 12 MB world is ~0.7 ms that nothing else can
//! overlap: the import needs the text whole. Cut where a character starts,
//! the two halves of a buffer are valid UTF-8 exactly when the whole is,
//! so each half is checked with `std::str::from_utf8` on its own thread. When both are, the buffer
//! becomes a `String` without a third look, the library's second `unsafe`
//! line (docs/SECURITY.md); otherwise `String::from_utf8` gives its usual
//! error.

use std::string::FromUtf8Error;

/// Buffers smaller than this are checked on one thread: a thread costs
/// ~0.1 ms to start, the check ~0.06 ms a megabyte.
const TWO_THREAD_MIN_BYTES: usize = 2 << 20;

/// `buffer` as a `String` if it is UTF-8, as `String::from_utf8` would
/// give it, error included.
pub fn string_from_utf8(buffer: Vec<u8>) -> Result<String, FromUtf8Error> {
    if buffer.len() < TWO_THREAD_MIN_BYTES {
        return String::from_utf8(buffer);
    }
    let cut = char_start_near(&buffer, buffer.len() / 2);
    let (first, second) = buffer.split_at(cut);
    let both_valid = std::thread::scope(|scope| {
        let other = scope.spawn(|| std::str::from_utf8(second).is_ok());
        let mine = std::str::from_utf8(first).is_ok();
        // A panic there is not ours to raise: the one-thread check decides.
        mine && other.join().unwrap_or(false)
    });
    if !both_valid {
        return String::from_utf8(buffer);
    }
    // SAFETY: `first` and `second` are the whole buffer, each is valid
    // UTF-8, and two valid UTF-8 texts one after the other are valid UTF-8;
    // no byte changed since the check (`buffer` was only borrowed shared).
    // (Cutting where a character starts is what keeps valid text from
    // being refused; soundness does not depend on it.)
    Ok(unsafe { String::from_utf8_unchecked(buffer) })
}

/// The first place at or after `at` (or the end) whose byte is not a
/// continuation byte (`10xxxxxx`): where a character starts in valid text.
fn char_start_near(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b & 0xc0 != 0x80))
        .map_or(bytes.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::{TWO_THREAD_MIN_BYTES, string_from_utf8};

    /// A large text of ASCII with `insert` written at `at`.
    fn text_with(insert: &[u8], at: usize) -> Vec<u8> {
        let mut text: Vec<u8> = (0..TWO_THREAD_MIN_BYTES + 5)
            .map(|i| b'a' + u8::try_from(i % 26).unwrap_or(0))
            .collect();
        text[at..at + insert.len()].copy_from_slice(insert);
        text
    }

    fn places_around_the_middle() -> std::ops::RangeInclusive<usize> {
        let middle = (TWO_THREAD_MIN_BYTES + 5) / 2;
        middle - 5..=middle + 4
    }

    #[test]
    fn valid_text_with_a_character_across_the_middle_is_the_same_string() {
        for character in ["é", "€", "😀"] {
            for at in places_around_the_middle() {
                let text = text_with(character.as_bytes(), at);
                let made = string_from_utf8(text.clone()).expect("valid UTF-8");
                assert!(made.as_bytes() == &text[..], "{character} at {at}");
            }
        }
    }

    #[test]
    fn invalid_text_anywhere_near_the_middle_gives_from_utf8s_error() {
        let mut bads: Vec<Vec<u8>> = vec![
            vec![0x80],
            vec![0xbf, 0xbf, 0xbf, 0xbf],
            vec![0xe2, 0x82],
            vec![0xf0, 0x9f, 0x98],
            vec![0xff],
            vec![0xed, 0xa0, 0x80],
            vec![0xc0, 0xaf],
        ];
        // A character cut short by continuation bytes of another.
        bads.push("😀".as_bytes()[1..].to_vec());
        for bad in &bads {
            for at in places_around_the_middle() {
                let text = text_with(bad, at);
                let made = string_from_utf8(text.clone()).expect_err("invalid UTF-8");
                let expected = String::from_utf8(text).expect_err("invalid UTF-8");
                assert_eq!(made.utf8_error(), expected.utf8_error(), "{bad:x?} at {at}");
                assert!(made.as_bytes() == expected.as_bytes());
            }
        }
    }

    #[test]
    fn invalid_text_at_either_end_is_refused() {
        let len = TWO_THREAD_MIN_BYTES + 5;
        for (bad, at) in [
            (&[0x80u8][..], 0),
            (&[0xe2][..], len - 1),
            (&[0xf0, 0x9f][..], len - 2),
        ] {
            let text = text_with(bad, at);
            assert_eq!(
                string_from_utf8(text.clone()).map_err(|e| e.utf8_error()),
                String::from_utf8(text).map_err(|e| e.utf8_error())
            );
        }
    }

    #[test]
    fn small_and_empty_buffers_are_checked_as_from_utf8_does() {
        for text in [&b""[..], b"plain", b"\xe2\x82", "é".as_bytes()] {
            assert_eq!(
                string_from_utf8(text.to_vec()).map_err(|e| e.utf8_error()),
                String::from_utf8(text.to_vec()).map_err(|e| e.utf8_error())
            );
        }
    }
}
