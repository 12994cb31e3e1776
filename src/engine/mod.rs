//! The simulated Docker engine: world state, a virtual clock and pure state
//! transitions. The engine never prints and never reads files.

pub mod behavior;
mod clock;
mod container;
mod container_doc;
mod error;
mod events;
mod health;
mod http;
pub mod ids;
mod image;
pub mod image_doc;
pub mod json;
mod lifecycle;
mod names;
mod network;
mod ops;
pub mod ports;
mod reference;
mod registry;
mod resolve;
mod time;
mod world;

pub use container::{Container, LogEntry, PortBinding, Status, Stream};
pub use error::EngineError;
pub use events::{EVENTS_LIMIT, Event};
pub use http::{ConnectError, HttpResponse, http_request};
pub use image::Image;
pub use lifecycle::{DEFAULT_STOP_TIMEOUT, ExitCause, Runtime};
pub use ops::{
    ContainerSpec, HealthSpec, PullEvent, PullOutcome, RemovedImage, RestartPolicy, Signal,
};
pub use ports::PortSpec;
pub use reference::{Reference, ReferenceError};
pub use registry::{Registry, RemoteImage, Repository};
pub use time::{GO_ZERO_TIME, TimeParseError, Timestamp};
pub use world::{HttpRoute, ImportError, World};
