//! A `containers` list made into the world's containers as it is read.
//!
//! Each element becomes a [`Container`] in the thread that reads it (for a
//! large list, one of two: `split.rs`), pushed straight into the list the
//! world keeps: no list of intermediate elements to fault in, fill and
//! convert afterwards, and no second look at each view to learn whether
//! the list is already in creation order. An element that keeps the file
//! from importing is noted by its index and reported as the whole list's
//! check would report it (`into_containers`).

use std::ops::Range;
use std::sync::Arc;

use super::{ImportError, ImportExtras, at_start};
use crate::engine::container::Container;
use crate::engine::doc::{Doc, DocText};
use crate::engine::scan::{Scanned, Scanner};
use crate::engine::time::Timestamp;
use crate::engine::view::{ContainerView, ScannedExtras, ViewScratch};

/// A `containers` list as read so far.
#[derive(Default)]
pub(super) struct ContainersRead {
    /// The elements that are importable containers, in order.
    containers: Vec<Container>,
    /// How many elements were read.
    len: usize,
    /// The first element that is not an object.
    first_not_object: Option<usize>,
    /// The first object that is not an importable container, and why.
    first_unfit: Option<(usize, Unfit)>,
    /// The containers' creation times, in the order read.
    order: Order<Timestamp>,
    /// Where in the text the elements this list will hold are expected to
    /// end (for reserving room once the first one is read), if known.
    until: Option<usize>,
}

/// Why an object in the list is not an importable container.
enum Unfit {
    NoIdOrName,
    Extras(String),
}

/// An importable container is at least this many bytes of text with its
/// separator (`{"Id":"x","Name":"y"},`): the most containers room is ever
/// reserved for is the text left over this.
const MIN_ELEMENT_BYTES: usize = 24;

impl ContainersRead {
    /// An empty list whose elements are expected to end around `until` in
    /// the text: room for them is reserved, as the first one's size
    /// suggests, so that the list is not grown by copies.
    pub(super) fn reading_until(until: usize) -> ContainersRead {
        ContainersRead {
            until: Some(until),
            ..ContainersRead::default()
        }
    }

    /// Reserves room for the containers of `left` more bytes of text, as
    /// many as a first element of `first` bytes suggests, and an eighth
    /// more (pages of it never written are never touched). Nothing is
    /// reserved if the allocation fails: the list then grows as it needs.
    fn reserve_like(&mut self, first: usize, left: usize) {
        let like_first = left / first.max(1);
        let guess = like_first.saturating_add(like_first / 8) + 1;
        let _ = self
            .containers
            .try_reserve(guess.min(left / MIN_ELEMENT_BYTES + 1));
    }

    /// Reads the list element the scanner is at: a container read from
    /// `file` (whose text the scanner reads), or a value skipped.
    pub(super) fn read_element(
        &mut self,
        s: &mut Scanner<'_>,
        file: &Arc<String>,
        scratch: &mut ViewScratch,
    ) -> Scanned<()> {
        if s.peek() != Some(b'{') {
            s.skip_value()?;
            self.push(None);
            return Ok(());
        }
        let start = s.pos();
        let read = ContainerView::scan(s, file, scratch)?;
        let range = start..s.pos();
        if self.len == 0
            && let Some(until) = self.until
        {
            self.reserve_like(range.len() + 1, until.saturating_sub(range.end));
        }
        self.push(Some(container_at(file, range, read)));
        Ok(())
    }

    /// The list of elements at `ranges` of `file` (already checked as
    /// JSON), each an object or not.
    pub(super) fn located(
        file: &Arc<String>,
        elements: impl IntoIterator<Item = (Range<usize>, bool)>,
    ) -> ContainersRead {
        let mut list = ContainersRead::default();
        for (range, object) in elements {
            list.push(object.then(|| container_at(file, range, None)));
        }
        list
    }

    /// Records the next element: a container, why an object is not one,
    /// or `None` for an element that is not an object.
    fn push(&mut self, element: Option<Result<Container, Unfit>>) {
        let index = self.len;
        self.len += 1;
        match element {
            None => {
                self.first_not_object.get_or_insert(index);
            }
            Some(Err(unfit)) => {
                if self.first_unfit.is_none() {
                    self.first_unfit = Some((index, unfit));
                }
            }
            Some(Ok(container)) => {
                self.order.push(container.created());
                self.containers.push(container);
            }
        }
    }

    /// This list followed by `rest`, the list's elements after these.
    pub(super) fn append(&mut self, mut rest: ContainersRead) {
        let offset = self.len;
        self.len += rest.len;
        if self.first_not_object.is_none() {
            self.first_not_object = rest.first_not_object.map(|i| i + offset);
        }
        if self.first_unfit.is_none() {
            self.first_unfit = rest.first_unfit.map(|(i, why)| (i + offset, why));
        }
        self.order.append(rest.order);
        self.containers.append(&mut rest.containers);
    }

    /// The containers, oldest first (the file's order among equals), or
    /// the error for the first element that keeps the file from importing:
    /// one that is not an object, else the first unfit one.
    pub(super) fn into_containers(self) -> Result<Vec<Container>, ImportError> {
        if let Some(i) = self.first_not_object {
            return Err(at_start(format!("containers[{i}] is not an object")));
        }
        if let Some((i, why)) = self.first_unfit {
            return Err(at_start(match why {
                Unfit::NoIdOrName => format!("containers[{i}] needs \"Id\" and \"Name\""),
                Unfit::Extras(e) => e,
            }));
        }
        let mut containers = self.containers;
        self.order.sort_stably(&mut containers, Container::created);
        Ok(containers)
    }
}

/// The container the object at `range` of `file` is, from what the typed
/// reader read of it during the scan (`None`: it gave up, and the document
/// is read again, leniently, as an unread one is).
fn container_at(
    file: &Arc<String>,
    range: Range<usize>,
    read: Option<(ContainerView, ScannedExtras)>,
) -> Result<Container, Unfit> {
    let (view, extras) = match read {
        Some((view, extras)) => (view, ImportExtras::read(extras)),
        None => {
            let (view, extras) = ContainerView::read_imported_in(file, range.clone());
            (view, ImportExtras::from_values(extras))
        }
    };
    if view.id().is_empty() || view.name().is_empty() {
        return Err(Unfit::NoIdOrName);
    }
    let extras = extras.map_err(Unfit::Extras)?;
    Ok(Container {
        doc: Doc::from_text_and_view(DocText::new(Arc::clone(file), range), Arc::new(view)),
        size_rw: extras.size_rw,
        size_root_fs: extras.size_root_fs,
        logs: extras.logs.into_logs(file),
    })
}

/// Whether a sequence of keys, seen one at a time and in parts, is in
/// order, or strictly in reverse order.
#[derive(Clone, Copy, Debug)]
pub(super) struct Order<K> {
    /// The first and last keys seen, if any.
    ends: Option<(K, K)>,
    ascending: bool,
    strictly_descending: bool,
}

impl<K> Default for Order<K> {
    fn default() -> Self {
        Order {
            ends: None,
            ascending: true,
            strictly_descending: true,
        }
    }
}

impl<K: Ord + Copy> Order<K> {
    pub(super) fn push(&mut self, key: K) {
        self.append(Order {
            ends: Some((key, key)),
            ascending: true,
            strictly_descending: true,
        });
    }

    /// The order of these keys followed by `rest`'s.
    pub(super) fn append(&mut self, rest: Order<K>) {
        let Some((rest_first, rest_last)) = rest.ends else {
            return;
        };
        let Some((first, last)) = self.ends else {
            *self = rest;
            return;
        };
        self.ascending &= rest.ascending && last <= rest_first;
        self.strictly_descending &= rest.strictly_descending && last > rest_first;
        self.ends = Some((first, rest_last));
    }

    /// `items.sort_by_key(key)`, for items whose keys were seen in this
    /// order: nothing moves when they are in order, each moves once when
    /// strictly in reverse order (reversed, that is the stable sort's
    /// order), and only otherwise are they sorted.
    pub(super) fn sort_stably<T>(&self, items: &mut [T], key: impl Fn(&T) -> K) {
        if self.ascending {
            return;
        }
        if self.strictly_descending {
            items.reverse();
            return;
        }
        items.sort_by_key(key);
    }
}

#[cfg(test)]
mod tests {
    use super::Order;

    /// Lists of (key, place) pairs: sorted, reversed, with and without
    /// ties, and shuffled by a fixed generator.
    fn lists() -> Vec<Vec<(u8, usize)>> {
        let mut lists: Vec<Vec<u8>> = vec![
            vec![],
            vec![1],
            vec![1, 2, 3, 4],
            vec![4, 3, 2, 1],
            vec![4, 3, 3, 1],
            vec![1, 1, 1],
            vec![2, 1, 2],
            vec![1, 3, 2, 4],
        ];
        let mut state = 0x2545_f491_u32;
        for len in [2usize, 5, 30, 300] {
            for range in [2u32, 4, 256] {
                let list: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 17;
                        state ^= state << 5;
                        u8::try_from(state % range).unwrap_or(0)
                    })
                    .collect();
                let mut ascending = list.clone();
                ascending.sort_unstable();
                let descending: Vec<u8> = ascending.iter().rev().copied().collect();
                let mut distinct = ascending.clone();
                distinct.dedup();
                let distinct_descending = distinct.iter().rev().copied().collect();
                lists.extend([list, ascending, descending, distinct, distinct_descending]);
            }
        }
        lists
            .into_iter()
            .map(|keys| keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect())
            .collect()
    }

    /// The order of `list`'s keys, seen in two parts split at `at`.
    fn order_in_parts(list: &[(u8, usize)], at: usize) -> Order<u8> {
        let mut head = Order::default();
        let mut tail = Order::default();
        for &(k, _) in &list[..at] {
            head.push(k);
        }
        for &(k, _) in &list[at..] {
            tail.push(k);
        }
        head.append(tail);
        head
    }

    #[test]
    fn sorting_by_a_seen_order_is_the_stable_sort_however_the_keys_were_seen() {
        for list in lists() {
            let mut expected = list.clone();
            expected.sort_by_key(|&(k, _)| k);
            // Every split for short lists, a few for long ones.
            let splits: Vec<usize> = if list.len() <= 30 {
                (0..=list.len()).collect()
            } else {
                vec![0, 1, list.len() / 2, list.len() - 1, list.len()]
            };
            for at in splits {
                let order = order_in_parts(&list, at);
                assert_eq!(
                    order.ascending,
                    list.is_sorted_by_key(|&(k, _)| k),
                    "{list:?} split at {at}"
                );
                assert_eq!(
                    order.strictly_descending,
                    list.is_sorted_by(|a, b| a.0 > b.0),
                    "{list:?} split at {at}"
                );
                let mut sorted = list.clone();
                order.sort_stably(&mut sorted, |&(k, _)| k);
                assert_eq!(sorted, expected, "{list:?} split at {at}");
            }
        }
    }
}
