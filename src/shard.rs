//! `--shard I/N`: split work across machines by a stable hash of each item's
//! name, so N runs with I = 1..=N are disjoint, together cover everything,
//! and put each item in the same shard on every run and every machine.
//!
//! 1-based like jest, playwright and nextest (`--shard 1/4` is the first of
//! four). A Kubernetes Indexed Job's 0-based `JOB_COMPLETION_INDEX` maps to
//! `--shard $((JOB_COMPLETION_INDEX + 1))/N`; see docs/PERFORMANCE.md.

use std::fmt;
use std::str::FromStr;

/// Largest shard count accepted: far beyond any CI matrix, small enough
/// that a typo (`--shard 1/40000000`) is caught.
pub const MAX_SHARDS: u32 = 65_536;

/// One shard of N: `index` is 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole: one shard of one.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Whether the item named `name` belongs to this shard.
    pub fn contains(self, name: &str) -> bool {
        self.count <= 1 || stable_hash(name) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// FNV-1a, 64-bit: fixed by its definition, unlike std's `DefaultHasher`,
/// whose output may change between Rust releases and so between machines.
pub fn stable_hash(name: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    name.bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardError(String);

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShardError {}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let bad = |why: &str| {
            ShardError(format!(
                "`{text}`: {why}; write I/N with 1 <= I <= N, e.g. 1/4"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: u32 = i.trim().parse().map_err(|_| bad("I is not a number"))?;
        let count: u32 = n.trim().parse().map_err(|_| bad("N is not a number"))?;
        if count == 0 || count > MAX_SHARDS {
            return Err(bad(&format!("N must be between 1 and {MAX_SHARDS}")));
        }
        if index == 0 || index > count {
            return Err(bad("I is out of range (shards count from 1)"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        (0..2000)
            .map(|i| format!("student-{i:04}/attempt-{}.transcript", i % 3))
            .collect()
    }

    #[test]
    fn shards_are_disjoint_and_cover_every_name() {
        for count in [1, 2, 3, 7, 16] {
            for name in names() {
                let owners = (1..=count)
                    .filter(|&index| Shard { index, count }.contains(&name))
                    .count();
                assert_eq!(owners, 1, "{name} in {owners} of {count} shards");
            }
        }
    }

    #[test]
    fn shards_are_roughly_balanced() {
        let count = 4;
        for index in 1..=count {
            let n = names()
                .iter()
                .filter(|name| Shard { index, count }.contains(name))
                .count();
            assert!((350..=650).contains(&n), "shard {index}/{count} has {n}");
        }
    }

    #[test]
    fn hash_is_fixed_across_runs_and_machines() {
        // FNV-1a's published test vectors: a changed hash would silently
        // move work between shards of a running job.
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parses_one_based_index_over_count() {
        assert_eq!("2/5".parse(), Ok(Shard { index: 2, count: 5 }));
        assert_eq!("1/1".parse(), Ok(Shard::ALL));
        for bad in ["0/4", "5/4", "1/0", "x/2", "2", "", "1/70000", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} accepted");
        }
        assert!(
            "0/4"
                .parse::<Shard>()
                .is_err_and(|e| e.to_string().contains("count from 1"))
        );
    }
}
