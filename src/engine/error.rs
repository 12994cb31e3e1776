//! What the engine refuses, worded as dockerd words it.

use std::fmt;

/// A daemon-side error. `Display` is the daemon's message, without the CLI's
/// `Error response from daemon: ` prefix, which the CLI adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    NoSuchContainer(String),
    NoSuchImage(String),
    /// A container ID prefix that matches several containers.
    AmbiguousContainer(String),
    /// `run --name` with a name in use by the container with this ID.
    NameConflict {
        name: String,
        id: String,
    },
    /// `rm` of a running container without `-f`; the name as typed.
    ContainerRunning(String),
    InvalidReference(String),
    /// A pull of a repository no declared registry has.
    PullAccessDenied(String),
    /// A pull of a tag the repository does not have.
    ManifestUnknown {
        reference: String,
    },
    /// `rmi` of a reference still used by a container.
    ImageInUse {
        reference: String,
        container: String,
        image: String,
    },
    /// `rmi` of an image used by a running container.
    ImageInUseByRunning {
        image: String,
        container: String,
    },
    /// A published host port already held by another container.
    PortAllocated {
        endpoint: String,
        endpoint_id: String,
        host_ip: String,
        port: String,
    },
    /// Anything else, verbatim.
    Other(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NoSuchContainer(r) => write!(f, "No such container: {r}"),
            EngineError::NoSuchImage(r) => write!(f, "No such image: {r}"),
            EngineError::AmbiguousContainer(p) => {
                write!(f, "multiple IDs found with provided prefix: {p}")
            }
            EngineError::NameConflict { name, id } => write!(
                f,
                "Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."
            ),
            EngineError::ContainerRunning(name) => write!(
                f,
                "cannot remove container \"{name}\": container is running: stop the container before removing or force remove"
            ),
            EngineError::InvalidReference(msg) => f.write_str(msg),
            EngineError::PullAccessDenied(repo) => write!(
                f,
                "pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            ),
            EngineError::ManifestUnknown { reference } => {
                write!(
                    f,
                    "manifest for {reference} not found: manifest unknown: manifest unknown"
                )
            }
            EngineError::ImageInUse {
                reference,
                container,
                image,
            } => write!(
                f,
                "conflict: unable to remove repository reference \"{reference}\" (must force) - container {container} is using its referenced image {image}"
            ),
            EngineError::ImageInUseByRunning { image, container } => write!(
                f,
                "conflict: unable to delete {image} (cannot be forced) - image is being used by running container {container}"
            ),
            EngineError::PortAllocated {
                endpoint,
                endpoint_id,
                host_ip,
                port,
            } => write!(
                f,
                "failed to set up container networking: driver failed programming external connectivity on endpoint {endpoint} ({endpoint_id}): Bind for {host_ip}:{port} failed: port is already allocated"
            ),
            EngineError::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for EngineError {}
