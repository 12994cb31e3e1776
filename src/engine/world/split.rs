//! A large `containers` list read by two threads.
//!
//! The scanner reads ~20 k instructions a container; on a 10,000-container
//! world that is most of `docker ps -a`. A second thread starts reading at
//! a guessed element boundary halfway through the list while this one
//! reads from the start. The guess is only a guess (a text that looks like
//! an element's start may be inside a string): the second thread's reading
//! is used only if this thread then reaches exactly that place as the
//! start of an element of the same list, where scanning the rest of the
//! list is the same work whoever does it (the scanner's state there is its
//! position and depth, and each container is read afresh). Otherwise it is
//! dropped and this thread reads on, so the result never depends on the
//! guess, only the time does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::TopContainers;
use super::containers::ContainersRead;
use crate::engine::scan::{Refused, Scanned, Scanner};
use crate::engine::view::ViewScratch;

/// Lists shorter than this (from their `[` to the end of the file) are read
/// by one thread: a thread costs ~0.1 ms to start.
const SPLIT_MIN_BYTES: usize = 512 * 1024;

/// How many places that look like an element's start are tried.
const MAX_CANDIDATES: usize = 64;

/// How many lists the second thread's reading was used for, in this
/// process (for tests: that the two-thread path is taken).
pub(super) static SPLIT_READS: AtomicUsize = AtomicUsize::new(0);

/// The `containers` list the scanner (over `file`) is at.
pub(super) fn scan_containers(
    s: &mut Scanner<'_>,
    file: &Arc<String>,
    scratch: &mut ViewScratch,
) -> Scanned<TopContainers> {
    match s.peek() {
        Some(b'[') => {}
        Some(b'n') => return s.null().map(|_| TopContainers::Absent),
        _ => return s.skip_value().map(|()| TopContainers::NotList),
    }
    // Room for the whole list is reserved in this thread's list, which
    // the other thread's containers are appended to.
    let mut list = ContainersRead::reading_until(s.text().len());
    let Some(guess) = split_point(s.text(), s.pos()) else {
        s.array(|s| list.read_element(s, file, scratch))?;
        return Ok(TopContainers::Read(list));
    };
    let depth = s.depth() + 1;
    let cancel = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let tail = crate::threads::spawn_beside(scope, || scan_tail(file, guess, depth, &cancel));
        let mut tail = Some(tail);
        let result = (|| {
            if !s.array_open()? {
                return Ok(());
            }
            loop {
                s.peek();
                if s.pos() >= guess
                    && let Some(tail) = tail.take()
                {
                    if s.pos() > guess {
                        // The guess was not an element's start.
                        cancel.store(true, Ordering::Relaxed);
                    }
                    if let Ok(Ok((rest, end))) = tail.join()
                        && s.pos() == guess
                    {
                        list.append(rest);
                        s.skip_read_array(end);
                        SPLIT_READS.fetch_add(1, Ordering::Relaxed);
                        return Ok(());
                    }
                }
                list.read_element(s, file, scratch)?;
                if !s.array_next()? {
                    return Ok(());
                }
            }
        })();
        cancel.store(true, Ordering::Relaxed);
        if let Some(tail) = tail {
            // Its reading is not used; a panic there is not ours to raise.
            let _ = tail.join();
        }
        result.map(|()| TopContainers::Read(list))
    })
}

/// The list's elements from `start` (where an element should start, inside
/// `depth` open arrays and objects) to its end, and where its `]` ends;
/// `Err` if the text from there is not such a list's rest, or when told to
/// stop.
fn scan_tail(
    file: &Arc<String>,
    start: usize,
    depth: u32,
    cancel: &AtomicBool,
) -> Scanned<(ContainersRead, usize)> {
    let mut s = Scanner::new_inside(file, start, depth);
    let mut scratch = ViewScratch::default();
    let mut list = ContainersRead::reading_until(file.len());
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(Refused);
        }
        list.read_element(&mut s, file, &mut scratch)?;
        if !s.array_next()? {
            return Ok((list, s.pos()));
        }
    }
}

/// A place about halfway through the list opened at `open` (its `[`)
/// that looks like the start of one of its elements: an object beginning
/// with the same key as the first element, right after a comma.
fn split_point(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = bytes.len().checked_sub(open)?;
    if rest < SPLIT_MIN_BYTES {
        return None;
    }
    let is_space = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let after_space = |mut at: usize| {
        while bytes.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        at
    };
    // The first element's first key, quotes included, as written.
    let brace = after_space(open + 1);
    if bytes.get(brace) != Some(&b'{') {
        return None;
    }
    let key_start = after_space(brace + 1);
    if bytes.get(key_start) != Some(&b'"') {
        return None;
    }
    let key_len = memchr::memchr(b'"', bytes.get(key_start + 1..)?)? + 2;
    let key = bytes.get(key_start..key_start + key_len)?;
    if key.contains(&b'\\') {
        return None;
    }
    let mid = open + rest / 2;
    let before_space = |mut at: usize| {
        while at > 0 && is_space(bytes[at - 1]) {
            at -= 1;
        }
        at
    };
    memchr::memmem::find_iter(bytes.get(mid..)?, key)
        .take(MAX_CANDIDATES)
        .find_map(|found| {
            let brace = before_space(mid + found).checked_sub(1)?;
            if bytes[brace] != b'{' {
                return None;
            }
            let comma = before_space(brace).checked_sub(1)?;
            (bytes[comma] == b',').then_some(brace)
        })
}
