//! Mutated copies of a scenario's text for the parsers' differential
//! tests: a few deleted ranges and inserted fragments each, drawn from a
//! fixed xorshift sequence so every run tries the same mutants.

pub struct Mutator {
    state: u64,
}

impl Mutator {
    pub fn new(seed: u64) -> Self {
        Mutator { state: seed }
    }

    /// The next number below `n` (0 when `n` is 0).
    pub fn next(&mut self, n: usize) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        usize::try_from(self.state % n.max(1) as u64).unwrap_or(0)
    }

    /// `text` with one to three edits, each deleting up to 12 bytes or
    /// inserting one of `inserts` (an edit that would split a character is
    /// skipped).
    pub fn mutate(&mut self, text: &str, inserts: &[&str]) -> String {
        let mut text = text.to_owned();
        for _ in 0..1 + self.next(3) {
            let at = self.next(text.len());
            if !text.is_char_boundary(at) {
                continue;
            }
            if self.next(2) == 0 {
                let end = (at + 1 + self.next(12)).min(text.len());
                if text.is_char_boundary(end) {
                    text.replace_range(at..end, "");
                }
            } else {
                text.insert_str(at, inserts[self.next(inserts.len())]);
            }
        }
        text
    }
}
