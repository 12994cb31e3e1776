//! The simulated Docker engine: world state, a virtual clock and pure state
//! transitions. The engine never prints and never reads files.

pub mod behavior;
mod build;
mod clock;
mod container;
mod container_doc;
pub mod dns;
mod doc;
mod error;
mod events;
mod health;
mod host;
mod http;
pub mod ids;
mod image;
pub mod image_doc;
pub mod json;
mod lifecycle;
pub mod links;
mod logs;
pub mod mounts;
mod names;
mod network;
mod network_ops;
mod ops;
pub mod ports;
mod prune;
mod reference;
mod registry;
mod resolve;
mod scan;
mod time;
mod trees;
mod update;
mod view;
mod volume;
mod volumes_from;
mod world;

pub use build::{BuildReport, BuildStep};
pub use container::{Container, LogEntry, PortBinding, Status, Stream};
pub use doc::{Doc, View};
pub use error::EngineError;
pub use events::{EVENTS_LIMIT, Event};
pub use host::HostFs;
pub use http::{ConnectError, HttpResponse, http_request};
pub use image::Image;
pub use lifecycle::{DEFAULT_STOP_TIMEOUT, ExitCause, Runtime};
pub use links::LegacyLink;
pub use logs::{Logs, LogsText};
pub use mounts::{MountKind, MountSpec};
pub use network_ops::NetworkCreate;
pub use ops::{
    ContainerSpec, HealthSpec, PullEvent, PullOutcome, RemovedImage, RestartPolicy, Signal,
};
pub use ports::PortSpec;
pub use reference::{Reference, ReferenceError};
pub use registry::{Registry, RemoteImage, Repository};
pub use time::{GO_ZERO_TIME, TimeParseError, Timestamp};
pub use trees::Trees;
pub use update::ContainerUpdate;
pub use view::{ContainerView, ImageView, ImportedExtras, MountRef, MountView};
pub use volume::VolumeOrigin;
pub use world::{ContainerLookup, HistoryEntry, HttpRoute, ImportError, World};
