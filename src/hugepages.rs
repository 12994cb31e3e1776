//! Transparent huge pages for a large buffer about to be filled.
//!
//! Reading a 12 MB world into a fresh buffer takes one page fault per 4 KiB
//! (~3,000), and on a virtual machine each costs about a microsecond more
//! than the copy: half the time of the read. Advising the kernel that the
//! buffer may use 2 MiB pages turns most of them into a handful
//! (`MADV_HUGEPAGE`; honoured where transparent huge pages are `madvise`
//! or `always`, ignored where `never`). Reading the 10,000-container world:
//! 8.7 → 4.9 ms, 3,020 → 980 faults (docs/PERFORMANCE.md).
//!
//! This is the one `libc` call in the library (and one of its two `unsafe`
//! lines, with `utf8.rs`).
//! It is advice about memory the process owns, not host access: it reads
//! and changes nothing outside the process, and the buffer's contents are
//! untouched (tests/integration/no_host_effects.rs allows this line).

/// Buffers smaller than this gain too little to pay for the system call.
const MIN_BYTES: usize = 4 << 20;

/// Advises that `buffer`'s allocation (its capacity, not only its length)
/// use huge pages. Failure is ignored: it only means 4 KiB pages.
pub fn advise(buffer: &mut Vec<u8>) {
    if buffer.capacity() < MIN_BYTES {
        return;
    }
    advise_range(buffer.as_mut_ptr().addr(), buffer.capacity());
}

#[cfg(target_os = "linux")]
fn advise_range(start: usize, len: usize) {
    // madvise wants a page-aligned start; the smallest page size Linux uses
    // is 4 KiB, and on a system with larger pages the call fails harmlessly.
    let aligned = start & !(4096 - 1);
    let len = len + (start - aligned);
    // SAFETY: MADV_HUGEPAGE is advice about how to back a mapped range; it
    // neither reads nor writes memory, and a range that is not (wholly)
    // mapped only makes the call fail. The range is the buffer's allocation,
    // plus at most the rest of the page it starts in, which belongs to the
    // same mapping.
    let _ = unsafe { libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };
}

#[cfg(not(target_os = "linux"))]
fn advise_range(_start: usize, _len: usize) {}
