//! Docker Compose v2 (2.40.3) over the simulated engine: the compose file
//! model and what `up`, `down`, `pull` and `restart` do.

pub mod converge;
pub mod declared;
pub mod deps;
pub mod project;

pub use converge::{Event, Failure, UpOptions};
pub use project::{Project, Service, load};
