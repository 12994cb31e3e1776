use std::fmt;

use super::{CheckDecl, ContainerDecl, HintDecl, ImageDecl, Span, Spanned, Timestamp};

/// A parsed, validated scenario file: everything the runner needs to build
/// the initial world, replay a transcript and grade it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub brief: String,
    pub tools: Vec<String>,
    /// The virtual "now" when play starts; relative times count from it.
    pub clock: Timestamp,
    pub world: WorldDecl,
    pub checks: Vec<CheckDecl>,
    pub hints: Vec<HintDecl>,
    pub followups: Vec<Followup>,
    pub debrief: Option<String>,
    pub notes: Vec<String>,
    /// The `scenario` node, for diagnostics that concern the whole file.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const NAMES: [&'static str; 3] = ["easy", "medium", "hard"];

    pub fn from_name(s: &str) -> Option<Difficulty> {
        match s {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followup {
    pub question: String,
    pub answer: Option<String>,
    pub span: Span,
}

/// The simulated Docker host as it is when play starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorldDecl {
    pub images: Vec<ImageDecl>,
    pub containers: Vec<ContainerDecl>,
    /// Docker-inspect-shaped JSON files, relative to the scenario file. The
    /// parser records them; reading them is the world builder's job, so that
    /// `load` touches exactly one file.
    pub imports: Vec<Spanned<String>>,
    pub networks: Vec<super::NetworkDecl>,
    pub volumes: Vec<super::VolumeDecl>,
    pub host: super::HostDecl,
    /// What `docker pull` can fetch.
    pub registry: Vec<super::RemoteImageDecl>,
}

impl WorldDecl {
    /// The declared image that `reference` names when play starts: by
    /// reference (a missing tag means `:latest`), else by ID or ID prefix.
    pub fn image(&self, reference: &str) -> Option<&ImageDecl> {
        let wanted = super::reference::normalize(reference);
        self.images
            .iter()
            .find(|i| {
                i.references
                    .iter()
                    .any(|r| super::reference::normalize(r) == wanted)
            })
            .or_else(|| {
                let hex = super::reference::as_id(reference)?;
                let mut hits = self.images.iter().filter(|i| {
                    i.id.as_deref()
                        .is_some_and(|id| id.starts_with(&hex) || hex.starts_with(id))
                });
                let first = hits.next()?;
                hits.next().is_none().then_some(first)
            })
    }

    pub fn container(&self, name: &str) -> Option<&ContainerDecl> {
        self.containers.iter().find(|c| c.name == name)
    }
}
