//! The live sessions a server holds, bounded three ways: how many, how
//! long one may sit idle, and how many bytes they have recorded in all.
//! Past a bound the session idle longest goes first. Wall-clock time is
//! used here and only here, to decide eviction; each session's simulated
//! world keeps its own virtual clock.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::id::SessionId;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_sessions: usize,
    /// A session unused this long is dropped.
    pub idle: Duration,
    /// Most bytes all sessions together may have recorded.
    pub max_total_bytes: usize,
}

struct Slot<T> {
    value: Arc<Mutex<T>>,
    last_used: Instant,
    bytes: usize,
}

pub struct Store<T> {
    slots: BTreeMap<SessionId, Slot<T>>,
    limits: Limits,
}

impl<T> Store<T> {
    pub fn new(limits: Limits) -> Store<T> {
        Store {
            slots: BTreeMap::new(),
            limits,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Adds a session, first dropping expired ones and then, while the store
    /// is full, the one idle longest.
    pub fn insert(&mut self, id: SessionId, value: T, now: Instant) -> Arc<Mutex<T>> {
        self.expire(now);
        while self.slots.len() >= self.limits.max_sessions.max(1) {
            if !self.evict_idlest(None) {
                break;
            }
        }
        let value = Arc::new(Mutex::new(value));
        self.slots.insert(
            id,
            Slot {
                value: Arc::clone(&value),
                last_used: now,
                bytes: 0,
            },
        );
        value
    }

    /// The session `id`, marked as used now; `None` if it never existed,
    /// expired or was evicted.
    pub fn get(&mut self, id: &SessionId, now: Instant) -> Option<Arc<Mutex<T>>> {
        self.expire(now);
        let slot = self.slots.get_mut(id)?;
        slot.last_used = now;
        Some(Arc::clone(&slot.value))
    }

    pub fn remove(&mut self, id: &SessionId) {
        self.slots.remove(id);
    }

    /// Records how many bytes session `id` now holds; while all sessions
    /// together hold more than the budget, others idle longest are dropped.
    pub fn set_bytes(&mut self, id: &SessionId, bytes: usize) {
        let Some(slot) = self.slots.get_mut(id) else {
            return;
        };
        slot.bytes = bytes;
        while self.total_bytes() > self.limits.max_total_bytes {
            if !self.evict_idlest(Some(id)) {
                break;
            }
        }
    }

    fn total_bytes(&self) -> usize {
        self.slots.values().map(|s| s.bytes).sum()
    }

    fn expire(&mut self, now: Instant) {
        let idle = self.limits.idle;
        self.slots
            .retain(|_, slot| now.saturating_duration_since(slot.last_used) < idle);
    }

    /// Drops the session idle longest, sparing `keep`; false if none could go.
    fn evict_idlest(&mut self, keep: Option<&SessionId>) -> bool {
        let idlest = self
            .slots
            .iter()
            .filter(|(id, _)| Some(*id) != keep)
            .min_by_key(|(_, slot)| slot.last_used)
            .map(|(id, _)| id.clone());
        match idlest {
            Some(id) => self.slots.remove(&id).is_some(),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Limits, Store};
    use crate::serve::id::SessionId;
    use std::time::{Duration, Instant};

    fn id(n: u8) -> SessionId {
        SessionId::parse(&format!("{n:032x}")).expect("a well-formed ID")
    }

    fn store(max_sessions: usize, max_total_bytes: usize) -> Store<u8> {
        Store::new(Limits {
            max_sessions,
            idle: Duration::from_secs(60),
            max_total_bytes,
        })
    }

    #[test]
    fn a_full_store_evicts_the_session_idle_longest() {
        let t0 = Instant::now();
        let mut s = store(2, usize::MAX);
        s.insert(id(1), 1, t0);
        s.insert(id(2), 2, t0 + Duration::from_secs(1));
        // Using 1 makes 2 the idlest.
        assert!(s.get(&id(1), t0 + Duration::from_secs(2)).is_some());
        s.insert(id(3), 3, t0 + Duration::from_secs(3));
        assert_eq!(s.len(), 2);
        assert!(s.get(&id(2), t0 + Duration::from_secs(4)).is_none());
        assert!(s.get(&id(1), t0 + Duration::from_secs(4)).is_some());
        assert!(s.get(&id(3), t0 + Duration::from_secs(4)).is_some());
    }

    #[test]
    fn idle_sessions_expire() {
        let t0 = Instant::now();
        let mut s = store(8, usize::MAX);
        s.insert(id(1), 1, t0);
        assert!(s.get(&id(1), t0 + Duration::from_secs(59)).is_some());
        assert!(s.get(&id(1), t0 + Duration::from_secs(59 + 60)).is_none());
        assert!(s.is_empty());
    }

    #[test]
    fn the_byte_budget_evicts_others_never_the_session_that_grew() {
        let t0 = Instant::now();
        let mut s = store(8, 100);
        s.insert(id(1), 1, t0);
        s.insert(id(2), 2, t0 + Duration::from_secs(1));
        s.set_bytes(&id(1), 60);
        s.set_bytes(&id(2), 60);
        assert!(s.get(&id(1), t0 + Duration::from_secs(2)).is_none());
        assert!(s.get(&id(2), t0 + Duration::from_secs(2)).is_some());
        s.set_bytes(&id(2), 1000);
        assert_eq!(s.len(), 1);
    }
}
