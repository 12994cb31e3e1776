//! The simulated Docker engine: world state, a virtual clock and pure state
//! transitions. The engine never prints and never reads files.

mod container;
mod error;
pub mod ids;
mod image;
pub mod image_doc;
pub mod json;
mod reference;
mod time;
mod world;

pub use container::{Container, LogEntry, PortBinding, Status, Stream};
pub use error::EngineError;
pub use image::Image;
pub use reference::{Reference, ReferenceError};
pub use time::{GO_ZERO_TIME, TimeParseError, Timestamp};
pub use world::{HttpRoute, ImportError, World};
