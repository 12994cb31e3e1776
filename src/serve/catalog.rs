//! The scenarios a server offers, loaded and checked once at start so a
//! broken file is reported in the terminal that started the server, not
//! discovered by a learner.

use std::path::PathBuf;
use std::sync::Arc;

use crate::engine::World;
use crate::harness;
use crate::scenario::{self, Scenario};
use crate::session;

/// Longest one-line summary on the catalog page, in characters.
const SUMMARY_CHARS: usize = 160;

pub struct Entry {
    pub scenario: Scenario,
    /// The world every session starts from, built (imports read) once.
    pub start: World,
    /// The file as named on the command line (or found in a directory).
    pub path: PathBuf,
    /// The brief's first sentence.
    pub summary: String,
}

pub struct Catalog {
    entries: Vec<Arc<Entry>>,
}

impl Catalog {
    /// Loads every scenario `paths` names (files, or directories of `.kdl`
    /// files). Any error, or two scenarios of one name, fails the whole load.
    pub fn load(paths: &[PathBuf]) -> Result<Catalog, String> {
        let files = harness::scenario_files(paths).map_err(|e| e.to_string())?;
        let mut entries: Vec<Arc<Entry>> = Vec::new();
        let mut errors = Vec::new();
        for path in files {
            let scenario = match scenario::load(&path) {
                Ok(s) => s,
                Err(d) => {
                    errors.push(d.to_string().trim_end().to_owned());
                    continue;
                }
            };
            let start = match session::scenario_world(&scenario, &path) {
                Ok(world) => world,
                Err(e) => {
                    errors.push(e.to_string());
                    continue;
                }
            };
            if let Some(first) = entries.iter().find(|e| e.scenario.name == scenario.name) {
                errors.push(format!(
                    "{}: scenario \"{}\" is also declared in {}; names must be unique",
                    path.display(),
                    scenario.name,
                    first.path.display()
                ));
                continue;
            }
            let summary = first_sentence(&scenario.brief);
            entries.push(Arc::new(Entry {
                scenario,
                start,
                path,
                summary,
            }));
        }
        if !errors.is_empty() {
            return Err(errors.join("\n"));
        }
        if entries.is_empty() {
            let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(format!("no scenario files (.kdl) in {}", named.join(", ")));
        }
        Ok(Catalog { entries })
    }

    pub fn entries(&self) -> &[Arc<Entry>] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&Arc<Entry>> {
        self.entries.iter().find(|e| e.scenario.name == name)
    }
}

/// The brief's first sentence, on one line and cut to a catalog row.
fn first_sentence(brief: &str) -> String {
    let first_paragraph = brief
        .split("\n\n")
        .find(|p| !p.trim().is_empty())
        .unwrap_or_default();
    let flat = first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sentence = match flat.find(". ") {
        Some(end) => &flat[..=end],
        None => flat.as_str(),
    };
    if sentence.chars().count() <= SUMMARY_CHARS {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(SUMMARY_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn the_summary_is_the_briefs_first_sentence_on_one_line() {
        assert_eq!(
            first_sentence("  You shipped a fix and\n  it failed. Then more.\n\nNext."),
            "You shipped a fix and it failed."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(first_sentence(""), "");
    }

    #[test]
    fn a_long_first_sentence_is_cut_with_an_ellipsis() {
        let long = "word ".repeat(100);
        let summary = first_sentence(&long);
        assert!(summary.ends_with('…'));
        assert!(summary.chars().count() <= super::SUMMARY_CHARS);
    }
}
