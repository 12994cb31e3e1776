//! A JSON scanner for world files and the documents in them.
//!
//! It accepts exactly the texts `serde_json` accepts when it builds a
//! `serde_json::Value` (the same grammar, the same refusals: control
//! characters and lone UTF-16 surrogate escapes in strings, numbers beyond
//! `f64`'s range, nesting deeper than `serde_json`'s recursion limit, trailing
//! characters), and lets typed readers take the fields they want while the
//! rest is checked and skipped: strings eight bytes at a time, no tree, no
//! allocation. `serde_json` skipping costs ~9 instructions a byte and does not
//! check what building a tree would refuse; this does both for ~2.
//!
//! It says only whether the text is acceptable ([`Refused`] carries no
//! position or message): a refused text is read again by `serde_json`, whose
//! error (message, line and column) is the one shown, so errors read as
//! they always did. `tests/integration/json_scan.rs` holds the scanner to `serde_json`'s
//! verdict on generated and mutated texts.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::Value as Json;

/// The text is not what `serde_json` takes as a `Value`; ask it why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused;

pub type Scanned<T> = Result<T, Refused>;

/// `serde_json` refuses the 128th nested array or object.
const DEPTH_LIMIT: u32 = 128;

/// Objects' keys past this place are not guessed ([`KeyGuess`]).
const MAX_GUESSES: usize = 64;

/// Numbers longer than this (without an exponent) may exceed `f64`'s range
/// (`1e308` has 309 digits) and are checked by `serde_json` itself.
const SAFE_NUMBER_LEN: usize = 300;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Where a string's raw text (between its quotes) is, and whether it has
/// escapes.
#[derive(Clone, Copy, Debug)]
pub struct RawStr {
    start: usize,
    end: usize,
    escaped: bool,
}

impl RawStr {
    /// Where its raw text starts in the scanned text.
    pub fn start(self) -> usize {
        self.start
    }

    /// Its raw text's length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether it has escapes (its value is not its raw text).
    pub fn is_escaped(self) -> bool {
        self.escaped
    }
}

/// A member's key as readers dispatch on it: its length and its first
/// sixteen bytes (escapes decoded) as two little-endian words, zero past
/// its end. A key longer than sixteen bytes has words of zero, which no
/// name a reader asks for has ([`KeyName::new`] takes sixteen bytes at
/// most), so comparing the three fields is comparing the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyName {
    len: usize,
    w0: u64,
    w1: u64,
}

impl KeyName {
    /// A name a reader asks for (at most sixteen bytes).
    pub const fn new(name: &[u8]) -> KeyName {
        assert!(name.len() <= 16, "key names are compared as two words");
        KeyName::of(name)
    }

    /// The dispatch form of a key's value.
    const fn of(key: &[u8]) -> KeyName {
        let mut name = KeyName {
            len: key.len(),
            w0: 0,
            w1: 0,
        };
        if key.len() > 16 {
            return name;
        }
        let mut i = 0;
        while i < key.len() {
            let byte = (key[i] as u64) << (8 * (i % 8));
            if i < 8 {
                name.w0 |= byte;
            } else {
                name.w1 |= byte;
            }
            i += 1;
        }
        name
    }
}

/// A member's key as the last object of the same kind had it at the same
/// place: its text from the opening quote through the colon (at most
/// thirty-two bytes, compact: no escapes, no whitespace), and its name.
/// Documents of one world mostly list the same keys in the same order;
/// when the text at a key's place is these bytes again, the key is this
/// name without being scanned ([`Scanner::member_key_guessed`]).
#[derive(Clone, Copy, Debug)]
pub struct KeyGuess {
    /// The text's first sixteen bytes.
    text: u128,
    /// The bytes of `text` that count.
    mask: u128,
    /// How many bytes the text has.
    len: usize,
    /// The text's bytes past sixteen (`len` above sixteen), and those
    /// that count.
    rest: u128,
    rest_mask: u128,
    name: KeyName,
}

/// The longest key text guessed (see [`KeyGuess`]).
const GUESS_LEN: usize = 32;

pub struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    /// A typed reader met a value it does not take (a mistyped or repeated
    /// field): what it read is not to be used, but the text is still
    /// checked to its end.
    pub gave_up: bool,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            gave_up: false,
        }
    }

    /// A scanner over `text` from byte `start` on: offsets stay those of
    /// `text`, and [`Scanner::finish`] checks to its end.
    pub fn new_at(text: &'a str, start: usize) -> Self {
        Scanner {
            pos: start,
            ..Scanner::new(text)
        }
    }

    /// The whole text being scanned.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset the scanner is at.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The text between two offsets the scanner returned.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// A string's value.
    #[inline(always)]
    pub fn decode(&self, s: RawStr) -> Scanned<Cow<'a, str>> {
        let raw = self.slice(s.start, s.end);
        if s.escaped {
            unescape(raw).map(Cow::Owned).ok_or(Refused)
        } else {
            Ok(Cow::Borrowed(raw))
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline(always)]
    pub fn peek(&mut self) -> Option<u8> {
        // Compact JSON has no whitespace: one load and one comparison,
        // the byte's test and the whitespace test in one.
        match self.bytes.get(self.pos) {
            Some(&b) if b > b' ' => Some(b),
            _ => self.peek_past_whitespace(),
        }
    }

    /// [`Scanner::peek`] at whitespace or the text's end.
    #[inline(never)]
    fn peek_past_whitespace(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    /// Only whitespace is left.
    pub fn finish(&mut self) -> Scanned<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Refused),
        }
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        self.pos = after_whitespace(self.bytes, self.pos);
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Scanned<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Refused)
        }
    }

    #[inline]
    fn enter(&mut self) -> Scanned<()> {
        self.depth += 1;
        if self.depth >= DEPTH_LIMIT {
            return Err(Refused);
        }
        Ok(())
    }

    /// Checks and skips one value.
    #[inline]
    pub fn skip_value(&mut self) -> Scanned<()> {
        self.skip_whitespace();
        // Scalars (most skipped values) without the nesting loop.
        self.pos = match self.bytes.get(self.pos) {
            Some(b'"') => string_end(self.bytes, self.pos + 1)?.0 + 1,
            Some(b'0'..=b'9') => match small_integer(self.bytes, self.pos) {
                Some((_, end)) => end,
                None => number_end(self.text, self.pos)?.0,
            },
            Some(b'-') => number_end(self.text, self.pos)?.0,
            Some(b't') => literal_end(self.bytes, self.pos, b"true")?,
            Some(b'f') => literal_end(self.bytes, self.pos, b"false")?,
            Some(b'n') => literal_end(self.bytes, self.pos, b"null")?,
            Some(b'[') if let Some(end) = strings_end(self.bytes, self.pos, self.depth) => end,
            _ => skip_value_at(self.text, self.pos, self.depth)?,
        };
        Ok(())
    }

    /// [`Scanner::skip_value`] for a member a reader does not read: a
    /// string right after the colon (most of them, in compact JSON) is
    /// skipped in the reader's own loop rather than through a call.
    #[inline(always)]
    pub fn skip_member_value(&mut self) -> Scanned<()> {
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                self.pos = string_end(self.bytes, self.pos + 1)?.0 + 1;
                return Ok(());
            }
            // One digit then the member's end: counts, flags as numbers.
            Some(b'0'..=b'9') if matches!(self.bytes.get(self.pos + 1), Some(b',' | b'}')) => {
                self.pos += 1;
                return Ok(());
            }
            Some(b'f') if self.bytes.get(self.pos..self.pos + 5) == Some(b"false") => {
                self.pos += 5;
                return Ok(());
            }
            Some(b't') if self.bytes.get(self.pos..self.pos + 4) == Some(b"true") => {
                self.pos += 4;
                return Ok(());
            }
            _ => {}
        }
        self.skip_value()
    }

    /// Checks and skips one value, giving its text.
    pub fn raw_value(&mut self) -> Scanned<&'a str> {
        self.skip_whitespace();
        let start = self.pos;
        self.skip_value()?;
        Ok(self.slice(start, self.pos))
    }

    #[inline]
    fn literal(&mut self, word: &[u8]) -> Scanned<()> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Refused)
        }
    }

    /// `null`, consumed, or `false` with nothing consumed.
    pub fn null(&mut self) -> Scanned<bool> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// An object, calling `member` with each key (unescaped, as serde
    /// compares keys); `member` must consume the value.
    #[inline]
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &[u8]) -> Scanned<()>,
    ) -> Scanned<()> {
        self.object_raw_keys(|s, key| {
            if key.escaped {
                let owned = s.decode(key)?;
                member(s, owned.as_bytes())
            } else {
                let bytes = s.bytes;
                member(s, bytes.get(key.start..key.end).unwrap_or_default())
            }
        })
    }

    /// An object, calling `member` with each key as it stands in the text
    /// (decoded with [`Scanner::decode`] when escaped); `member` must consume
    /// the value.
    #[inline]
    pub fn object_raw_keys(
        &mut self,
        mut member: impl FnMut(&mut Self, RawStr) -> Scanned<()>,
    ) -> Scanned<()> {
        self.eat(b'{')?;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            let key = self.key()?;
            member(self, key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Refused),
            }
        }
    }

    /// An array, calling `element` at each element; `element` must
    /// consume it.
    #[inline]
    pub fn array(&mut self, mut element: impl FnMut(&mut Self) -> Scanned<()>) -> Scanned<()> {
        self.eat(b'[')?;
        self.enter()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            element(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Refused),
            }
        }
    }

    /// Opens the array the scanner is at, for reading element by element
    /// with [`Scanner::array_next`]; `false` (the array consumed) when it
    /// is empty.
    pub fn array_open(&mut self) -> Scanned<bool> {
        self.eat(b'[')?;
        self.entered(b']')
    }

    /// Past an opening bracket: one level deeper, and `false` (the value
    /// consumed, the level left) when `close` follows at once.
    #[inline(always)]
    fn entered(&mut self, close: u8) -> Scanned<bool> {
        self.enter()?;
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// After an element of an array opened by [`Scanner::array_open`]:
    /// `true` when another follows, `false` (the array consumed) at its end.
    #[inline(always)]
    pub fn array_next(&mut self) -> Scanned<bool> {
        self.next_or_close(b']')
    }

    /// `true` past a comma, `false` past `close` (leaving that level).
    #[inline(always)]
    fn next_or_close(&mut self, close: u8) -> Scanned<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(Refused),
        }
    }

    /// Opens the object the scanner is at (after whitespace) for reading
    /// member by member: `Some(true)` at its first key (read it with
    /// [`Scanner::member_key`], then the value, then ask
    /// [`Scanner::object_next`]), `Some(false)` when it is empty (consumed),
    /// `None` (consumed) for `null` and, as a mismatch, anything else.
    ///
    /// The readers of hot documents loop over members with these rather
    /// than through [`Scanner::object`]'s callback: one function per
    /// object, the key's dispatch in the loop.
    #[inline(always)]
    pub fn opt_object_open(&mut self) -> Scanned<Option<bool>> {
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                self.entered(b'}').map(Some)
            }
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    /// [`Scanner::opt_object_open`] for arrays: `true` at the first
    /// element (then [`Scanner::array_next`] after each), `false` (the
    /// value consumed) for an empty array, `null` and, as a mismatch,
    /// anything else.
    #[inline(always)]
    pub fn opt_array_open(&mut self) -> Scanned<bool> {
        match self.peek() {
            Some(b'[') => {
                self.pos += 1;
                self.entered(b']')
            }
            Some(b'n') => self.literal(b"null").map(|()| false),
            _ => self.mismatch().map(|()| false),
        }
    }

    /// A member's key and its colon, in an object opened with
    /// [`Scanner::opt_object_open`]: the key as it stands in the text.
    #[inline(always)]
    pub fn member_key(&mut self) -> Scanned<KeyName> {
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b'"') {
            let start = self.pos + 1;
            if let Some(chunk) = self.bytes.get(start..).and_then(<[u8]>::first_chunk::<16>) {
                // A key of at most fifteen bytes without escapes is found
                // and named from the same two words.
                let len = (special_lanes(chunk).trailing_zeros() / 8) as usize;
                if chunk.get(len) == Some(&b'"') {
                    // `len` is below sixteen here: the shift is in range.
                    let name = u128::from_le_bytes(*chunk) & ((1u128 << (8 * len)) - 1);
                    // The two halves of the key's sixteen bytes.
                    #[allow(clippy::cast_possible_truncation)]
                    let (w0, w1) = (name as u64, (name >> 64) as u64);
                    let end = start + len;
                    self.pos = end + 1;
                    if self.bytes.get(self.pos) == Some(&b':') {
                        self.pos += 1;
                    } else {
                        self.eat(b':')?;
                    }
                    return Ok(KeyName { len, w0, w1 });
                }
            }
        }
        self.member_key_slow()
    }

    /// [`Scanner::member_key`] of the `index`th member of an object of
    /// a kind whose keys `guesses` holds, by place: when the text at the
    /// key is the guess's text, its name, without scanning it; otherwise
    /// the key is read and becomes the guess for its place. The same
    /// bytes read as the same key, so the result is [`Scanner::member_key`]'s.
    #[inline(always)]
    pub fn member_key_guessed(
        &mut self,
        guesses: &mut Vec<Option<KeyGuess>>,
        index: usize,
    ) -> Scanned<KeyName> {
        // A guess starts with a quote; pretty-printed JSON indents each
        // key (compact JSON pays one comparison here).
        self.skip_whitespace();
        if let Some(name) = self.guessed_key(guesses, index) {
            return Ok(name);
        }
        self.member_key_to_guess(guesses, index)
    }

    /// The guess for the `index`th key, consumed, when the text at the
    /// scanner is its text.
    #[inline(always)]
    fn guessed_key(&mut self, guesses: &[Option<KeyGuess>], index: usize) -> Option<KeyName> {
        let guess = guesses.get(index)?.as_ref()?;
        let chunk: &[u8; 16] = self.bytes.get(self.pos..self.pos + 16)?.try_into().ok()?;
        if (u128::from_le_bytes(*chunk) ^ guess.text) & guess.mask != 0 {
            return None;
        }
        if guess.len > 16 {
            let rest = self.bytes.get(self.pos + 16..)?.first_chunk::<16>()?;
            if (u128::from_le_bytes(*rest) ^ guess.rest) & guess.rest_mask != 0 {
                return None;
            }
        }
        self.pos += guess.len;
        Some(guess.name)
    }

    /// [`Scanner::member_key_guessed`] when the guess failed (or there
    /// was none), past the whitespace before the key: the key read, and
    /// kept as the guess for its place when its text is compact.
    #[inline(never)]
    fn member_key_to_guess(
        &mut self,
        guesses: &mut Vec<Option<KeyGuess>>,
        index: usize,
    ) -> Scanned<KeyName> {
        let start = self.pos;
        let name = self.member_key()?;
        if index >= MAX_GUESSES {
            return Ok(name);
        }
        let len = self.pos - start;
        // Quotes and colon around the name's own bytes (no escapes, no
        // whitespace): the text is the name's bytes.
        let guess = match self
            .bytes
            .get(start..)
            .and_then(<[u8]>::first_chunk::<GUESS_LEN>)
        {
            Some(chunk) if name.len + 3 == len && len <= GUESS_LEN => {
                let (head, tail) = chunk.split_at(16);
                let word = |bytes: &[u8]| {
                    let mut word = [0u8; 16];
                    word.copy_from_slice(bytes);
                    u128::from_le_bytes(word)
                };
                // Masks of the text's first `n` bytes of a word (`n` at
                // most sixteen).
                let mask = |n: usize| u128::MAX.checked_shr(8 * (16 - n) as u32).unwrap_or(0);
                let (mask, rest_mask) = (mask(len.min(16)), mask(len.saturating_sub(16)));
                Some(KeyGuess {
                    text: word(head) & mask,
                    mask,
                    len,
                    rest: word(tail) & rest_mask,
                    rest_mask,
                    name,
                })
            }
            _ => None,
        };
        if guesses.len() <= index {
            guesses.resize(index + 1, None);
        }
        if let Some(slot) = guesses.get_mut(index) {
            *slot = guess;
        }
        Ok(name)
    }

    /// [`Scanner::member_key`] where it stands in the text only, for
    /// readers that keep keys rather than dispatch on them.
    #[inline(always)]
    pub fn member_raw_key(&mut self) -> Scanned<RawStr> {
        self.skip_whitespace();
        self.key()
    }

    /// [`Scanner::member_key`] of keys with escapes, long keys and keys
    /// at the text's end.
    #[inline(never)]
    fn member_key_slow(&mut self) -> Scanned<KeyName> {
        let raw = self.key()?;
        if raw.escaped {
            return Ok(KeyName::of(self.decode(raw)?.as_bytes()));
        }
        Ok(KeyName::of(self.raw_bytes(raw)))
    }

    /// A raw key's bytes, when it has no escapes (a key with escapes is
    /// decoded with [`Scanner::decode`]).
    #[inline(always)]
    pub fn raw_bytes(&self, s: RawStr) -> &'a [u8] {
        self.bytes.get(s.start..s.end).unwrap_or_default()
    }

    /// After a member's value: `true` when another member follows,
    /// `false` (the object consumed) at its end.
    #[inline(always)]
    pub fn object_next(&mut self) -> Scanned<bool> {
        self.next_or_close(b'}')
    }

    /// How deep in arrays and objects the scanner is.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// A scanner over `text` from `start` on, as if `depth` arrays and
    /// objects were open there.
    pub fn new_inside(text: &'a str, start: usize, depth: u32) -> Self {
        Scanner {
            depth,
            ..Scanner::new_at(text, start)
        }
    }

    /// Continues at `end`, just past the array open at this point, which
    /// another scanner (started here with [`Scanner::new_inside`], at this
    /// depth) read to its end.
    pub fn skip_read_array(&mut self, end: usize) {
        self.pos = end;
        self.depth -= 1;
    }

    /// An object member's key and its colon; the scanner is at the key's
    /// opening quote (after whitespace).
    #[inline(always)]
    fn key(&mut self) -> Scanned<RawStr> {
        let key = self.string()?;
        // Compact JSON: the colon right after the key.
        if self.bytes.get(self.pos) == Some(&b':') {
            self.pos += 1;
            return Ok(key);
        }
        self.eat(b':')?;
        Ok(key)
    }

    /// A string, checked; the scanner is at its opening quote (after
    /// whitespace).
    #[inline(always)]
    pub fn string(&mut self) -> Scanned<RawStr> {
        self.eat(b'"')?;
        self.string_rest()
    }

    /// A string whose opening quote the scanner is just past.
    #[inline(always)]
    fn string_rest(&mut self) -> Scanned<RawStr> {
        let start = self.pos;
        let (end, escaped) = string_end(self.bytes, start)?;
        self.pos = end + 1;
        Ok(RawStr {
            start,
            end,
            escaped,
        })
    }

    /// A number, checked; `true` when it is a plain integer (no fraction
    /// or exponent). Those that could exceed `f64`'s range (an exponent,
    /// or very many digits) are checked by `serde_json`.
    fn number(&mut self) -> Scanned<bool> {
        self.skip_whitespace();
        let (end, integer) = number_end(self.text, self.pos)?;
        self.pos = end;
        Ok(integer)
    }

    /// Marks the document as not for the typed reader and skips the value.
    #[cold]
    pub fn mismatch(&mut self) -> Scanned<()> {
        self.gave_up = true;
        self.skip_value()
    }

    /// A string's value, or `None` for `null`; anything else is a mismatch.
    #[inline(always)]
    pub fn opt_str(&mut self) -> Scanned<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                let s = self.string_rest()?;
                self.decode(s).map(Some)
            }
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    /// A string where it stands in the text; anything else (`null`
    /// too) is a mismatch, `None`.
    #[inline(always)]
    pub fn str_or_mismatch(&mut self) -> Scanned<Option<RawStr>> {
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return self.string_rest().map(Some);
        }
        self.mismatch().map(|()| None)
    }

    /// A string where it stands in the text, or `None` for `null`;
    /// anything else is a mismatch.
    #[inline(always)]
    pub fn opt_raw_str(&mut self) -> Scanned<Option<RawStr>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string_rest().map(Some)
            }
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    pub fn opt_string(&mut self) -> Scanned<Option<String>> {
        Ok(self.opt_str()?.map(Cow::into_owned))
    }

    #[inline(always)]
    pub fn opt_bool(&mut self) -> Scanned<Option<bool>> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| Some(true)),
            Some(b'f') => self.literal(b"false").map(|()| Some(false)),
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    /// An integer within `i64`; a fraction, an exponent, `-0` (a float to
    /// `serde_json`) or an integer out of range is a mismatch.
    pub fn opt_i64(&mut self) -> Scanned<Option<i64>> {
        match self.peek() {
            Some(b'0'..=b'9') if let Some((n, end)) = small_integer(self.bytes, self.pos) => {
                self.pos = end;
                // Eighteen digits at most: within `i64`.
                Ok(i64::try_from(n).ok())
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                let integer = self.number()?;
                let token = self.bytes.get(start..self.pos).unwrap_or_default();
                match integer.then(|| parse_i64(token)).flatten() {
                    Some(n) => Ok(Some(n)),
                    None => {
                        self.gave_up = true;
                        Ok(None)
                    }
                }
            }
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    /// A list of strings, or `None` for `null`.
    pub fn opt_strings(&mut self) -> Scanned<Option<Vec<String>>> {
        match self.peek() {
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(|s| {
                    if s.peek() == Some(b'"') {
                        let item = s.string()?;
                        items.push(s.decode(item)?.into_owned());
                        Ok(())
                    } else {
                        s.mismatch()
                    }
                })?;
                Ok(Some(items))
            }
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => self.mismatch().map(|()| None),
        }
    }

    /// Any value, checked: where it is and what `serde_json`'s
    /// `Value::as_i64` reads of it (a plain integer within `i64`), `None`
    /// for `null`. Small plain integers (most sizes) are read without a
    /// tree.
    #[inline]
    pub fn opt_value_as_i64(&mut self) -> Scanned<Option<(Range<usize>, Option<i64>)>> {
        match self.peek() {
            Some(b'n') => return self.literal(b"null").map(|()| None),
            Some(b'0'..=b'9') => {
                if let Some((n, end)) = small_integer(self.bytes, self.pos) {
                    let start = self.pos;
                    self.pos = end;
                    // Eighteen digits at most: within `i64`.
                    return Ok(Some((start..end, i64::try_from(n).ok())));
                }
            }
            _ => {}
        }
        let start = self.pos;
        let value = self.opt_json()?;
        Ok(value.map(|v| (start..self.pos, v.as_i64())))
    }

    /// Any value as a tree, `None` for `null` (as serde reads an
    /// `Option<Value>`). Plain integers are built directly, as `serde_json`
    /// would (`u64` when not negative).
    pub fn opt_json(&mut self) -> Scanned<Option<Json>> {
        match self.peek() {
            Some(b'n') => return self.literal(b"null").map(|()| None),
            Some(b'0'..=b'9') => {
                if let Some((n, end)) = small_integer(self.bytes, self.pos) {
                    self.pos = end;
                    return Ok(Some(Json::from(n)));
                }
            }
            _ => {}
        }
        let raw = self.raw_value()?;
        if let Some(n) = parse_u64(raw.as_bytes()) {
            return Ok(Some(Json::from(n)));
        }
        serde_json::from_str(raw).map(Some).map_err(|_| Refused)
    }
}

/// Where the whitespace from `pos` on ends.
#[inline(always)]
fn after_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    // Compact JSON has none: one comparison in the common case.
    while let Some(&b) = bytes.get(pos) {
        if b > b' ' || !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            break;
        }
        pos += 1;
        pos += leading_spaces(bytes, pos);
    }
    pos
}

/// How many of the (up to eight) bytes at `pos` are spaces before the
/// first that is not: pretty-printed JSON indents every line, and a run
/// of spaces is counted a word at a time rather than a byte at a time.
#[inline(always)]
fn leading_spaces(bytes: &[u8], pos: usize) -> usize {
    let Some(chunk) = bytes.get(pos..pos + 8) else {
        return 0;
    };
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    // Bytes equal to a space become zero; the zero bytes at the low end
    // (the first in memory) are the leading spaces.
    let differs = u64::from_le_bytes(word) ^ 0x2020_2020_2020_2020;
    (differs.trailing_zeros() / 8) as usize
}

/// Where the number at `start` ends, checked as [`Scanner::number`]
/// checks it, and whether it is a plain integer.
#[inline]
fn number_end(text: &str, start: usize) -> Scanned<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let digits = |pos: usize| {
        pos + bytes
            .get(pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match bytes.get(pos) {
        Some(b'0') => pos += 1,
        Some(b'1'..=b'9') => pos = digits(pos + 1),
        _ => return Err(Refused),
    }
    // Most numbers end here: an integer followed by `,`, `}` or `]`.
    if let Some(b',' | b'}' | b']') = bytes.get(pos) {
        if pos - start > SAFE_NUMBER_LEN
            && serde_json::from_str::<Json>(text.get(start..pos).unwrap_or("")).is_err()
        {
            return Err(Refused);
        }
        return Ok((pos, true));
    }
    let mut integer = true;
    if bytes.get(pos) == Some(&b'.') {
        let end = digits(pos + 1);
        if end == pos + 1 {
            return Err(Refused);
        }
        pos = end;
        integer = false;
    }
    let mut exponent = false;
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        let end = digits(pos);
        if end == pos {
            return Err(Refused);
        }
        pos = end;
        exponent = true;
        integer = false;
    }
    if (exponent || pos - start > SAFE_NUMBER_LEN)
        && serde_json::from_str::<Json>(text.get(start..pos).unwrap_or("")).is_err()
    {
        return Err(Refused);
    }
    Ok((pos, integer))
}

/// The plain non-negative integer of at most eighteen digits at `pos`
/// (no fraction or exponent follows) and where it ends, as
/// [`number_end`] and [`parse_u64`] read it; `None` for anything else,
/// which they decide.
#[inline(always)]
fn small_integer(bytes: &[u8], pos: usize) -> Option<(u64, usize)> {
    let mut n = 0u64;
    let mut end = pos;
    while let Some(&d) = bytes.get(end) {
        let digit = d.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        n = n * 10 + u64::from(digit);
        end += 1;
        if end - pos > 18 {
            return None;
        }
    }
    let leading_zero = bytes.get(pos) == Some(&b'0') && end - pos > 1;
    if end == pos || leading_zero || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
        return None;
    }
    Some((n, end))
}

/// Where the array at `pos` ends, inside `depth` open arrays and
/// objects, when it is a list of strings the scanner takes (commands,
/// entry points: most skipped lists); `None` for anything else, which
/// [`skip_value_at`] decides.
#[inline]
fn strings_end(bytes: &[u8], pos: usize, depth: u32) -> Option<usize> {
    if depth + 1 >= DEPTH_LIMIT {
        return None;
    }
    let mut pos = after_whitespace(bytes, pos + 1);
    if bytes.get(pos) == Some(&b']') {
        return Some(pos + 1);
    }
    loop {
        if bytes.get(pos) != Some(&b'"') {
            return None;
        }
        pos = after_whitespace(bytes, string_end(bytes, pos + 1).ok()?.0 + 1);
        match bytes.get(pos) {
            Some(b',') => pos = after_whitespace(bytes, pos + 1),
            Some(b']') => return Some(pos + 1),
            _ => return None,
        }
    }
}

/// Where the value at `pos` (after whitespace) ends, inside `depth` open
/// arrays and objects: checked as the scanner's readers check it, in one
/// loop that keeps only the open containers' kinds (a bit each; the depth
/// limit keeps them within 128 bits) instead of a call per value.
fn skip_value_at(text: &str, mut pos: usize, depth: u32) -> Scanned<usize> {
    let bytes = text.as_bytes();
    // Bit `i` set: the container open at relative depth `i + 1` is an
    // object.
    let mut objects: u128 = 0;
    let mut open: u32 = 0;
    loop {
        // A value is expected at `pos`.
        match bytes.get(pos) {
            Some(b'"') => pos = string_end(bytes, pos + 1)?.0 + 1,
            Some(&c @ (b'{' | b'[')) => {
                if depth + open + 1 >= DEPTH_LIMIT {
                    return Err(Refused);
                }
                let object = c == b'{';
                let bit = 1u128 << open;
                if object {
                    objects |= bit;
                } else {
                    objects &= !bit;
                }
                open += 1;
                pos = after_whitespace(bytes, pos + 1);
                match bytes.get(pos) {
                    Some(b'}') if object => {
                        open -= 1;
                        pos += 1;
                    }
                    Some(b']') if !object => {
                        open -= 1;
                        pos += 1;
                    }
                    _ => {
                        if object {
                            pos = key_end(bytes, pos)?;
                        }
                        continue;
                    }
                }
            }
            Some(b't') => pos = literal_end(bytes, pos, b"true")?,
            Some(b'f') => pos = literal_end(bytes, pos, b"false")?,
            Some(b'n') => pos = literal_end(bytes, pos, b"null")?,
            Some(b'-' | b'0'..=b'9') => pos = number_end(text, pos)?.0,
            _ => return Err(Refused),
        }
        // A value ended at `pos`: what follows it in the open containers.
        loop {
            if open == 0 {
                return Ok(pos);
            }
            let object = objects & (1u128 << (open - 1)) != 0;
            pos = after_whitespace(bytes, pos);
            match bytes.get(pos) {
                Some(b',') => {
                    pos = after_whitespace(bytes, pos + 1);
                    if object {
                        pos = key_end(bytes, pos)?;
                    }
                    break;
                }
                Some(b'}') if object => {
                    open -= 1;
                    pos += 1;
                }
                Some(b']') if !object => {
                    open -= 1;
                    pos += 1;
                }
                _ => return Err(Refused),
            }
        }
    }
}

/// Past the key at `pos` (its opening quote), its colon and the
/// whitespace after it: where the member's value should start.
#[inline(always)]
fn key_end(bytes: &[u8], pos: usize) -> Scanned<usize> {
    if bytes.get(pos) != Some(&b'"') {
        return Err(Refused);
    }
    let (end, _) = string_end(bytes, pos + 1)?;
    let colon = after_whitespace(bytes, end + 1);
    if bytes.get(colon) != Some(&b':') {
        return Err(Refused);
    }
    Ok(after_whitespace(bytes, colon + 1))
}

#[inline(always)]
fn literal_end(bytes: &[u8], pos: usize, word: &[u8]) -> Scanned<usize> {
    if bytes.get(pos..pos + word.len()) == Some(word) {
        Ok(pos + word.len())
    } else {
        Err(Refused)
    }
}

/// Where the string starting at `pos` (after its opening quote) ends (its
/// closing quote), and whether it has escapes.
#[inline(always)]
fn string_end(bytes: &[u8], mut pos: usize) -> Scanned<(usize, bool)> {
    // Sixteen bytes at a time up to the first quote, backslash or control
    // character; most strings end at the first of them, and anything else
    // (escapes, refusals, the last bytes of the text) is out of line.
    while let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<16>) {
        let special = special_lanes(chunk);
        if special != 0 {
            pos += (special.trailing_zeros() / 8) as usize;
            if bytes.get(pos) == Some(&b'"') {
                return Ok((pos, false));
            }
            break;
        }
        pos += 16;
    }
    string_end_from(bytes, pos)
}

/// [`string_end`] from `pos` on, all bytes of the string before it plain.
#[inline(never)]
fn string_end_from(bytes: &[u8], mut pos: usize) -> Scanned<(usize, bool)> {
    let mut escaped = false;
    loop {
        'found: {
            while let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<16>) {
                let special = special_lanes(chunk);
                if special != 0 {
                    pos += (special.trailing_zeros() / 8) as usize;
                    break 'found;
                }
                pos += 16;
            }
            while let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) {
                let special = special_bytes(u64::from_le_bytes(*chunk));
                if special != 0 {
                    pos += (special.trailing_zeros() / 8) as usize;
                    break 'found;
                }
                pos += 8;
            }
        }
        match bytes.get(pos) {
            Some(b'"') => return Ok((pos, escaped)),
            Some(b'\\') => {
                escaped = true;
                pos = escape_end(bytes, pos)?;
            }
            Some(0..0x20) | None => return Err(Refused),
            Some(_) => pos += 1,
        }
    }
}

/// Where the escape at `pos` (its backslash) ends. UTF-16 surrogates must
/// come in pairs, as `serde_json` requires of a string it keeps.
fn escape_end(bytes: &[u8], pos: usize) -> Scanned<usize> {
    match bytes.get(pos + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(pos + 2),
        Some(b'u') => {
            let unit = hex4(bytes, pos + 2).ok_or(Refused)?;
            match unit {
                0xD800..=0xDBFF => {
                    if bytes.get(pos + 6..pos + 8) != Some(b"\\u") {
                        return Err(Refused);
                    }
                    let low = hex4(bytes, pos + 8).ok_or(Refused)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(Refused);
                    }
                    Ok(pos + 12)
                }
                0xDC00..=0xDFFF => Err(Refused),
                _ => Ok(pos + 6),
            }
        }
        _ => Err(Refused),
    }
}

/// A plain non-negative integer's value, if it fits a `u64`.
fn parse_u64(token: &[u8]) -> Option<u64> {
    if token.is_empty() || (token.len() > 1 && token[0] == b'0') {
        return None;
    }
    token.iter().try_fold(0u64, |n, &d| {
        if d.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        } else {
            None
        }
    })
}

/// A plain integer's value (`-0` excluded: `serde_json` reads it as a
/// float), if it fits an `i64`.
fn parse_i64(token: &[u8]) -> Option<i64> {
    match token.split_first() {
        Some((b'-', digits)) => {
            let n = parse_u64(digits)?;
            if n == 0 {
                return None;
            }
            0i64.checked_sub_unsigned(n)
        }
        _ => i64::try_from(parse_u64(token)?).ok(),
    }
}

/// Sixteen bytes' flags as one little-endian number: byte `i` is `0xFF`
/// when byte `i` of `chunk` is a quote, a backslash or below 0x20, zero
/// otherwise. Written lane by lane so that the compiler makes it a few
/// vector compares (SSE2 on x86-64) without `unsafe` intrinsics.
#[inline(always)]
fn special_lanes(chunk: &[u8; 16]) -> u128 {
    let mut flags = [0u8; 16];
    for (flag, &b) in flags.iter_mut().zip(chunk) {
        *flag = u8::from((b == b'"') | (b == b'\\') | (b < 0x20)).wrapping_neg();
    }
    u128::from_le_bytes(flags)
}

/// Nonzero when one of the eight bytes (little-endian) is a quote, a
/// backslash or below 0x20; the lowest set bit marks the first of them.
#[inline(always)]
fn special_bytes(x: u64) -> u64 {
    // Flipping bit 1 maps `"` (0x22) to 0x20 and the control characters
    // onto themselves, and nothing else below 0x21: one "byte below 0x21"
    // test finds both. The tests are exact for the lowest flagged byte
    // (a borrow only runs up from a byte that is itself flagged).
    let quote_or_control = x ^ (ONES * 0x02);
    let backslash = x ^ (ONES * u64::from(b'\\'));
    ((quote_or_control.wrapping_sub(ONES * 0x21) & !quote_or_control)
        | (backslash.wrapping_sub(ONES) & !backslash))
        & HIGHS
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u32, |n, &d| {
        let v = char::from(d).to_digit(16)?;
        Some(n << 4 | v)
    })
}

/// A checked string's escapes decoded; `None` on an escape the scanner
/// would have refused.
fn unescape(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let mut run = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(raw.get(run..i)?);
        let (ch, len) = match bytes.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let unit = hex4(bytes, i + 2)?;
                if (0xD800..=0xDBFF).contains(&unit) {
                    let low = hex4(bytes, i + 8)?
                        .checked_sub(0xDC00)
                        .filter(|low| *low < 0x400)?;
                    (
                        char::from_u32(0x1_0000 + ((unit - 0xD800) << 10 | low))?,
                        12,
                    )
                } else {
                    (char::from_u32(unit)?, 6)
                }
            }
            _ => return None,
        };
        out.push(ch);
        i += len;
        run = i;
    }
    out.push_str(raw.get(run..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{
        KeyName, Refused, Scanner, after_whitespace, number_end, parse_u64, small_integer,
        special_bytes, special_lanes, string_end,
    };

    /// Texts of one member's key, with every kind of byte at every place
    /// of keys of every length around the fast path's sixteen bytes, and
    /// as many bytes after it as tell apart the fast path and the slow.
    fn key_texts() -> Vec<Vec<u8>> {
        let odd: [&[u8]; 9] = [
            b"\\u0041",
            b"\\\"",
            b"\\n",
            b"\x01",
            b"\xc3\xa9",
            b"\"",
            b" ",
            b"\\ud83d\\ude00",
            b"\\ud83d",
        ];
        let mut texts = Vec::new();
        for len in 0..20 {
            let plain: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            for tail in [&b":1"[..], b" : 1", b"", b":", b"x"] {
                let mut text = vec![b'"'];
                text.extend(&plain);
                text.push(b'"');
                text.extend(tail);
                texts.push(text);
            }
            for at in 0..=len {
                for insert in odd {
                    let mut text = vec![b'"'];
                    text.extend(&plain[..at]);
                    text.extend(insert);
                    text.extend(&plain[at..]);
                    text.extend(b"\":1,\"next\":2");
                    texts.push(text);
                }
            }
        }
        texts
    }

    /// `member_key` (words read from the text) ends where the plain key
    /// reader ends, refuses what it refuses, and names the key as its
    /// decoded value names it.
    #[test]
    fn member_keys_are_named_as_their_values() {
        for text in key_texts() {
            let Ok(text) = String::from_utf8(text) else {
                continue;
            };
            let mut fast = Scanner::new(&text);
            let mut plain = Scanner::new(&text);
            let want = plain
                .key()
                .and_then(|raw| Ok(KeyName::of(plain.decode(raw)?.as_bytes())));
            let got = fast.member_key();
            assert_eq!(got, want, "{text:?}");
            if want.is_ok() {
                assert_eq!(fast.pos(), plain.pos(), "{text:?}");
            }
        }
    }

    /// A guessed key reads as the key read afresh (name, where it ends,
    /// refusal), whatever key was read at its place before: every key
    /// text read after every key text the reader takes, and after none.
    #[test]
    fn guessed_member_keys_read_as_fresh_ones() {
        // As they are (keys near the text's end), and with thirty-two bytes
        // and more after each.
        let texts: Vec<String> = key_texts()
            .into_iter()
            .filter_map(|text| String::from_utf8(text).ok())
            .flat_map(|text| {
                [
                    format!("{text},\"pad\":12345678901234567890123456789"),
                    text,
                ]
            })
            .collect();
        let primes: Vec<&String> = texts
            .iter()
            .filter(|text| text.len() >= 32 && Scanner::new(text).member_key().is_ok())
            .collect();
        let mut hits = 0;
        for prime in [None].into_iter().chain(primes.into_iter().map(Some)) {
            let mut guesses = Vec::new();
            if let Some(prime) = prime {
                let _ = Scanner::new(prime).member_key_guessed(&mut guesses, 0);
            }
            for text in &texts {
                let mut fresh = Scanner::new(text);
                let want = fresh.member_key();
                let mut guessed = Scanner::new(text);
                let mut tried = guesses.clone();
                let taken = |g: super::KeyGuess| {
                    text.len() >= if g.len > 16 { 32 } else { 16 }
                        && prime.is_some_and(|p| p.as_bytes()[..g.len] == text.as_bytes()[..g.len])
                };
                hits += usize::from(tried.first().copied().flatten().is_some_and(taken));
                let got = guessed.member_key_guessed(&mut tried, 0);
                assert_eq!(got, want, "{text:?} after {prime:?}");
                if want.is_ok() {
                    assert_eq!(guessed.pos(), fresh.pos(), "{text:?} after {prime:?}");
                }
            }
        }
        assert!(hits > 500, "{hits} guesses taken");
    }

    /// Names of different keys differ, names of equal keys are equal,
    /// whatever their lengths (a decoded key may hold a zero byte).
    #[test]
    fn key_names_tell_keys_apart() {
        let keys: Vec<Vec<u8>> = (0..=18)
            .flat_map(|len| {
                [b'a', 0u8].map(|last| {
                    let mut key = vec![b'k'; len];
                    if let Some(end) = key.last_mut() {
                        *end = last;
                    }
                    key
                })
            })
            .collect();
        for a in &keys {
            for b in &keys {
                let short = a.len() <= 16 && b.len() <= 16;
                if short || a.len() != b.len() {
                    assert_eq!(KeyName::of(a) == KeyName::of(b), a == b, "{a:?} {b:?}");
                }
            }
        }
    }

    /// The integer fast path reads what `number_end` and `parse_u64`
    /// read, and leaves everything else to them.
    #[test]
    fn small_integers_read_as_the_number_reader_reads_them() {
        let mut tokens: Vec<String> =
            ["0", "00", "01", "7", "-1", "10", "1.5", "1e3", "2E1", "0.0"]
                .map(String::from)
                .to_vec();
        for digits in 1..=21 {
            tokens.push("9".repeat(digits));
            tokens.push(format!("1{}", "0".repeat(digits - 1)));
            // Every digit value at every place.
            for first in 0..10 {
                tokens.push(
                    (0..digits)
                        .map(|i| char::from(b'0' + ((first + i) % 10) as u8))
                        .collect(),
                );
            }
        }
        let mut read = 0;
        for token in tokens {
            for after in [
                "", ",", "}", "]", " ", "x", ".", "e", "E", "\"", "-", "/", ":", "\u{7f}", "é",
            ] {
                // Short texts, and texts the word-wide reader can read.
                for pad in ["", "        ", "00000000", ",\"a\":123"] {
                    let text = format!("{token}{after}{pad}");
                    let Some((n, end)) = small_integer(text.as_bytes(), 0) else {
                        continue;
                    };
                    read += 1;
                    assert_eq!(number_end(&text, 0), Ok((end, true)), "{text:?}");
                    assert_eq!(parse_u64(&text.as_bytes()[..end]), Some(n), "{text:?}");
                }
            }
        }
        assert!(read > 5000, "{read} read");
    }

    /// A string ends where a byte walk says, with each kind of special
    /// byte at every place of strings as long as several of the scanner's
    /// words, and its escapes are noticed.
    #[test]
    fn strings_end_where_a_byte_walk_says() {
        let walk = |bytes: &[u8], mut pos: usize| -> Result<(usize, bool), Refused> {
            let mut escaped = false;
            loop {
                match bytes.get(pos) {
                    Some(b'"') => return Ok((pos, escaped)),
                    Some(b'\\') => {
                        escaped = true;
                        pos = super::escape_end(bytes, pos)?;
                    }
                    Some(0..0x20) | None => return Err(Refused),
                    Some(_) => pos += 1,
                }
            }
        };
        for len in 0..40 {
            for special in [&b"\""[..], b"\\n", b"\\q", b"\x1f", b"\x7f\"", b"\xff\""] {
                for at in 0..=len {
                    for tail in [0usize, 3, 20] {
                        let mut text = vec![b'a'; len];
                        text.splice(at..at, special.iter().copied());
                        text.push(b'"');
                        text.extend(std::iter::repeat_n(b'b', tail));
                        assert_eq!(string_end(&text, 0), walk(&text, 0), "{text:?}");
                    }
                }
            }
        }
    }

    /// Whitespace ends where a byte-by-byte walk says it does, for runs of
    /// spaces of every length around every other byte, at every offset
    /// and near the end of the text.
    #[test]
    fn whitespace_ends_where_a_byte_walk_says() {
        let walk = |bytes: &[u8], mut pos: usize| {
            while bytes
                .get(pos)
                .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            {
                pos += 1;
            }
            pos
        };
        for lead in 0..3 {
            for spaces in 0..20 {
                for stop in 0..=255u8 {
                    for tail in [0usize, 1, 7, 12] {
                        let mut text = vec![b'\n'; lead];
                        text.extend(std::iter::repeat_n(b' ', spaces));
                        text.push(stop);
                        text.extend(std::iter::repeat_n(b' ', tail));
                        for from in 0..text.len() {
                            assert_eq!(
                                after_whitespace(&text, from),
                                walk(&text, from),
                                "{text:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// `special_lanes` flags exactly the quotes, backslashes and control
    /// characters, each byte value at every lane among every other.
    #[test]
    fn special_lanes_flag_exactly_the_special_bytes() {
        let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        for value in 0..=255u8 {
            for other in [0u8, 0x1f, 0x20, b'"', b'\\', b'a', 0x7f, 0x80, 0xff] {
                for at in 0..16 {
                    let mut chunk = [other; 16];
                    chunk[at] = value;
                    let flags = special_lanes(&chunk).to_le_bytes();
                    for (i, &b) in chunk.iter().enumerate() {
                        let want = if special(b) { 0xff } else { 0 };
                        assert_eq!(flags[i], want, "{chunk:?} lane {i}");
                    }
                }
            }
        }
    }

    /// The first byte `special_bytes` flags is the first quote, backslash
    /// or control character, for every byte value before and after any
    /// other at every place in a word.
    #[test]
    fn special_bytes_flags_the_first_special_byte() {
        let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        for first in 0..=255u8 {
            for second in [
                0u8, 0x1f, 0x20, 0x21, b'"', 0x23, b'\\', b'a', 0x7f, 0x80, 0xff,
            ] {
                for at in 0..8 {
                    let mut word = [b'a'; 8];
                    word[at] = first;
                    if at < 7 {
                        word[at + 1] = second;
                    }
                    let want = word.iter().position(|&b| special(b));
                    let flags = special_bytes(u64::from_le_bytes(word));
                    let got = (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize);
                    assert_eq!(got, want, "{word:?}");
                }
            }
        }
    }
}
