//! Review-then-bless for solution transcripts, as insta does for snapshots:
//! when the engine prints something other than what a solution claims,
//! `dockdrill test --bless` writes a proposal `X.transcript.new` beside the
//! original, and `dockdrill review` accepts (replaces the original) or
//! rejects (deletes) it. A proposal rewrites only the claimed output of the
//! steps that mismatch, keeping the author's elisions (`...`, `[..]`) where
//! they still match, and every comment, header and command line as written.

mod file_diff;
mod pending;
mod proposal;

pub use file_diff::file_diff;
pub use pending::{
    PROPOSAL_SUFFIX, Pending, accept, find_pending, original_of, proposal_path, reject,
};
pub use proposal::{Proposal, ProposalError, propose};
