//! Declarations of the host around the containers: networks, volumes,
//! host files (bind sources, build contexts, compose files), the registry,
//! and what a container adds to them (networks, aliases, mounts, files).

use super::{ImageDecl, Span, TimeSpec};

/// A user-defined network present when play starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkDecl {
    pub name: String,
    /// `172.20.0.0/16`; absent: the next free default pool.
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub internal: bool,
    pub created: TimeSpec,
    pub labels: Vec<(String, String)>,
    pub span: Span,
}

/// A named volume and the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeDecl {
    pub name: String,
    pub created: TimeSpec,
    pub labels: Vec<(String, String)>,
    /// Paths relative to the volume root, with their contents.
    pub files: Vec<(String, String)>,
    pub span: Span,
}

/// Files on the simulated host and the shell's working directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostDecl {
    pub workdir: Option<String>,
    /// Absolute paths with their contents.
    pub files: Vec<(String, String)>,
}

/// An image a registry serves (`docker pull`), with its manifest digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteImageDecl {
    pub image: ImageDecl,
    /// 64 hex digits; derived when absent.
    pub digest: Option<String>,
}

/// What a container declares about its networks and storage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerStorageDecl {
    /// `--network`; absent: the default bridge.
    pub network: Option<String>,
    /// `--network-alias` on that network.
    pub aliases: Vec<String>,
    /// `-v` specs, as typed.
    pub volumes: Vec<String>,
    /// `--mount` specs, as typed.
    pub mounts: Vec<String>,
}
