//! Where a replay went another way than a failing check wants.
//!
//! The runner snapshots what checks look at (the containers they name and
//! every image tag) after each step. For a failing check this module finds
//! the step that last changed the container the check names and says what
//! that step left behind next to what the check wants: "step 4, `docker
//! restart web`: web still runs a17e5d3c9b82 ...". Notes are built from the
//! predicates and the snapshots alone, never from scenario-specific text.

use std::collections::BTreeMap;

use crate::engine::{Timestamp, World};
use crate::scenario::{
    CheckDecl, ContainerCondition, Evidence, ImageSelector, PortSpec, Predicate, Scenario, When,
};
use crate::verdict::{CheckResult, Diagnosis};

/// The container names the checks of a scenario look at.
pub struct Tracked {
    containers: Vec<String>,
}

impl Tracked {
    pub fn of(scenario: &Scenario) -> Tracked {
        let mut containers: Vec<String> = Vec::new();
        for predicate in scenario.checks.iter().flat_map(|c| &c.predicates) {
            let name = match predicate {
                Predicate::Container { name, .. } => Some(name),
                Predicate::Shown {
                    before_change: Some(name),
                    ..
                } => Some(name),
                _ => None,
            };
            if let Some(name) = name
                && !containers.contains(name)
            {
                containers.push(name.clone());
            }
        }
        Tracked { containers }
    }

    pub fn snapshot(&self, world: &World) -> Snapshot {
        let containers = self
            .containers
            .iter()
            .map(|name| {
                let found =
                    world
                        .containers
                        .iter()
                        .find(|c| c.name() == name)
                        .map(|c| ContainerSnap {
                            id: c.id().to_owned(),
                            image_id: c.image_id().to_owned(),
                            config_image: c.config_image().to_owned(),
                            status: c.status().as_str().to_owned(),
                            started_at: c.started_at(),
                        });
                (name.clone(), found)
            })
            .collect();
        let mut tags = BTreeMap::new();
        for image in &world.images {
            for tag in image.repo_tags() {
                tags.insert(tag, image.id().to_owned());
            }
        }
        Snapshot { containers, tags }
    }
}

/// What the checks look at, at one moment of a replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// In the order of [`Tracked`]'s names, which are distinct (a short
    /// list, built after every step: cheaper than a map).
    containers: Vec<(String, Option<ContainerSnap>)>,
    /// Every `repo:tag` → the image ID it names.
    tags: BTreeMap<String, String>,
}

impl Snapshot {
    fn container(&self, name: &str) -> Option<&ContainerSnap> {
        self.containers
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, snap)| snap.as_ref())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ContainerSnap {
    id: String,
    image_id: String,
    config_image: String,
    status: String,
    started_at: Option<Timestamp>,
}

/// Snapshots before the first step and after each one.
pub struct History {
    /// `snapshots[0]` is the start; `snapshots[i + 1]` follows step `i`.
    snapshots: Vec<Snapshot>,
    /// For step `i`: how many docker invocations ran before it.
    invocations_before: Vec<usize>,
}

impl History {
    pub fn new(start: Snapshot) -> History {
        History {
            snapshots: vec![start],
            invocations_before: Vec::new(),
        }
    }

    pub fn push(&mut self, after_step: Snapshot, invocations_before: usize) {
        self.snapshots.push(after_step);
        self.invocations_before.push(invocations_before);
    }

    fn container_after(&self, step: usize, name: &str) -> Option<&ContainerSnap> {
        self.snapshots.get(step + 1).and_then(|s| s.container(name))
    }

    fn container_before(&self, step: usize, name: &str) -> Option<&ContainerSnap> {
        self.snapshots.get(step).and_then(|s| s.container(name))
    }

    fn steps(&self) -> usize {
        self.invocations_before.len()
    }

    /// The last step after which `changed(before, after)` holds.
    fn last_step_where(
        &self,
        name: &str,
        changed: impl Fn(Option<&ContainerSnap>, Option<&ContainerSnap>) -> bool,
    ) -> Option<usize> {
        (0..self.steps()).rev().find(|&i| {
            changed(
                self.container_before(i, name),
                self.container_after(i, name),
            )
        })
    }

    /// The step during which docker invocation `invocation` ran.
    fn step_of_invocation(&self, invocation: usize) -> Option<usize> {
        self.invocations_before
            .iter()
            .rposition(|&before| before <= invocation)
    }

    /// The last step that made `reference` name the ID it names after `step`.
    fn step_that_moved(&self, reference: &str, upto_step: usize) -> Option<usize> {
        let key = tag_key(reference)?;
        let now = self.snapshots.get(upto_step + 1)?.tags.get(&key);
        (0..=upto_step).rev().find(|&i| {
            let before = self.snapshots.get(i).and_then(|s| s.tags.get(&key));
            let after = self.snapshots.get(i + 1).and_then(|s| s.tags.get(&key));
            before != after && after == now
        })
    }
}

/// What a replay did, as diagnosis needs it.
pub struct Replay<'a> {
    pub start: &'a World,
    pub end: &'a World,
    pub history: &'a History,
    pub commands: &'a [String],
    pub outputs: &'a [String],
    /// Parallel to `outputs`: the command line each came from.
    pub output_commands: &'a [String],
    pub changed_at: &'a BTreeMap<String, usize>,
}

impl Replay<'_> {
    fn at(&self, step: Option<usize>, check: &str, note: String) -> Diagnosis {
        Diagnosis {
            check: check.to_owned(),
            step: step.map(|s| s + 1),
            command: step.and_then(|s| self.commands.get(s)).cloned(),
            note,
        }
    }

    /// `a17e5d3c9b82 (myapp:1.7.2)`: a short ID and the tags naming it now.
    fn image_words(&self, id: &str) -> String {
        let tags = self
            .end
            .image_by_id(id)
            .map(|i| i.repo_tags())
            .unwrap_or_default();
        if tags.is_empty() {
            short(id).to_owned()
        } else {
            format!("{} ({})", short(id), tags.join(", "))
        }
    }
}

/// Notes for every failing check, in check order.
pub fn diagnose(
    scenario: &Scenario,
    results: &[CheckResult],
    replay: &Replay<'_>,
) -> Vec<Diagnosis> {
    let mut notes = Vec::new();
    for check in &scenario.checks {
        let failed = results.iter().any(|r| r.name == check.name && !r.passed);
        if failed {
            diagnose_check(check, replay, &mut notes);
        }
    }
    notes
}

fn diagnose_check(check: &CheckDecl, replay: &Replay<'_>, notes: &mut Vec<Diagnosis>) {
    for predicate in &check.predicates {
        match predicate {
            Predicate::Shown {
                before_change: Some(name),
                evidence,
                ..
            } => shown_too_late(&check.name, name, evidence, replay, notes),
            Predicate::Container {
                name, conditions, ..
            } => container(&check.name, name, conditions, replay, notes),
            Predicate::Http { url, .. } => http(&check.name, url, replay, notes),
            _ => {}
        }
    }
}

/// The evidence was not on screen when the watched container was replaced.
fn shown_too_late(
    check: &str,
    name: &str,
    evidence: &[Evidence],
    replay: &Replay<'_>,
    notes: &mut Vec<Diagnosis>,
) {
    let Some(&invocation) = replay.changed_at.get(name) else {
        return;
    };
    let shown = replay.outputs.get(..invocation).unwrap_or_default();
    let context = crate::check::Shown {
        outputs: shown,
        commands: replay.output_commands.get(..invocation).unwrap_or_default(),
        start: replay.start,
        end: replay.end,
    };
    let missing: Vec<String> = evidence
        .iter()
        .filter_map(|item| crate::check::missing_evidence(item, &context))
        .collect();
    if missing.is_empty() {
        return;
    }
    let step = replay.history.step_of_invocation(invocation);
    let did = match step.map(|s| replay.history.container_after(s, name)) {
        Some(Some(_)) => "replaced",
        _ => "removed",
    };
    notes.push(replay.at(
        step,
        check,
        format!(
            "{did} {name} before any command had shown {}; look first, then fix",
            missing.join(" or ")
        ),
    ));
}

fn container(
    check: &str,
    name: &str,
    conditions: &[ContainerCondition],
    replay: &Replay<'_>,
    notes: &mut Vec<Diagnosis>,
) {
    let history = replay.history;
    let Some(end) = replay.end.containers.iter().find(|c| c.name() == name) else {
        let removed =
            history.last_step_where(name, |before, after| before.is_some() && after.is_none());
        let note = match removed {
            Some(_) => format!("removed {name}, and no later command created it again"),
            None => format!("no command created a container named {name}"),
        };
        notes.push(replay.at(removed, check, note));
        return;
    };
    // The step that created the container now named `name`, if any did.
    let created = history.last_step_where(name, |before, after| {
        after.is_some_and(|a| before.is_none_or(|b| b.id != a.id))
    });
    for condition in conditions {
        match condition {
            ContainerCondition::Image(selector) => {
                let Some((want, label)) = wanted_image(selector, replay) else {
                    continue;
                };
                let got = end.image_id();
                if got == want {
                    continue;
                }
                let runs = replay.image_words(got);
                let wants = format!("{} ({label})", short(&want));
                match created {
                    None => {
                        let touched =
                            history.last_step_where(name, |before, after| before != after);
                        let subject = if touched.is_some() {
                            name.to_owned()
                        } else {
                            format!("no command changed {name}: it")
                        };
                        notes.push(replay.at(
                            touched,
                            check,
                            format!(
                                "{subject} still runs {runs}, not {wants}; a container keeps the image ID it was created with, so the fix needs a new container"
                            ),
                        ));
                    }
                    Some(step) => {
                        let reference = end.config_image();
                        let mut note = format!(
                            "created {name} from {reference}, which then named {}, not {wants}",
                            short(got)
                        );
                        if let Some(moved) = history.step_that_moved(reference, step)
                            && moved != step
                        {
                            let command = replay.commands.get(moved).map_or("", String::as_str);
                            note.push_str(&format!(
                                "; step {}, `{}`, had pointed {reference} there",
                                moved + 1,
                                command.replace('\n', " ")
                            ));
                        }
                        notes.push(replay.at(Some(step), check, note));
                    }
                }
            }
            ContainerCondition::State(want) => {
                let got = end.status().as_str();
                let want = want.to_string();
                if got == want {
                    continue;
                }
                let changed = history.last_step_where(name, |before, after| {
                    after.is_some_and(|a| before.is_none_or(|b| b.status != a.status))
                });
                let note = match changed {
                    Some(_) => format!("left {name} {got}; the check wants it {want}"),
                    None => {
                        format!("{name} has been {got} since the start; the check wants it {want}")
                    }
                };
                notes.push(replay.at(changed, check, note));
            }
            ContainerCondition::Publishes(spec) => {
                // A container that is not running publishes nothing; the
                // state is the thing to fix, and has its own note.
                if publishes(end, spec) || !end.is_running() {
                    continue;
                }
                let note = match created {
                    Some(_) => format!("created {name} without publishing {spec}"),
                    None => format!("{name} has never published {spec}"),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::RestartPolicy(want) => {
                let got = crate::check::restart_policy_text(end);
                if got == want.to_string() {
                    continue;
                }
                let note = match created {
                    Some(_) => format!("created {name} with restart policy {got}, not {want}"),
                    None => format!("{name} has restart policy {got}, not {want}"),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::File { path, .. } => {
                let has =
                    replay.end.container_index(name).ok().is_some_and(|i| {
                        replay.end.container_files(i).iter().any(|(p, _)| p == path)
                    });
                if has {
                    continue;
                }
                let note = match created {
                    Some(_) => format!(
                        "created {name} without what held {path}: a new container gets new anonymous volumes"
                    ),
                    None => format!("{name} has no {path}"),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::MemoryLimit { min, max } => {
                let limit = crate::engine::json::i64_at(&end.doc, &["HostConfig", "Memory"]);
                let low = min.is_some_and(|lo| limit > 0 && limit < lo);
                let high = max.is_some_and(|hi| limit == 0 || limit > hi);
                if !low && !high {
                    continue;
                }
                let what = if limit == 0 {
                    "no memory limit".to_owned()
                } else {
                    format!("a memory limit of {limit} bytes")
                };
                let before = replay
                    .start
                    .container(name)
                    .map(|c| crate::engine::json::i64_at(&c.doc, &["HostConfig", "Memory"]));
                let note = match created {
                    Some(_) => format!("created {name} with {what}"),
                    None if before.is_ok_and(|b| b != limit) => {
                        format!("{name} was updated to {what}")
                    }
                    None => format!(
                        "{name} still has {what}; docker update or a new container changes it"
                    ),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::SameContainer | ContainerCondition::NotRestarted => {
                let Ok(original) = replay.start.container(name) else {
                    continue;
                };
                if original.id() != end.id() {
                    notes.push(replay.at(
                        created,
                        check,
                        format!(
                            "replaced {name} ({} became {}): whatever lived in the original container is gone",
                            short(original.id()),
                            short(end.id())
                        ),
                    ));
                } else if matches!(condition, ContainerCondition::NotRestarted)
                    && original.started_at() != end.started_at()
                {
                    let restarted = history.last_step_where(name, |before, after| {
                        matches!((before, after), (Some(b), Some(a)) if b.started_at != a.started_at)
                    });
                    notes.push(replay.at(
                        restarted,
                        check,
                        format!("restarted {name}, which the check wants left alone"),
                    ));
                }
            }
            // The verdict's reason already names the name that does not resolve;
            // no single step is to blame for it.
            ContainerCondition::Resolves(_) => {}
            ContainerCondition::Env(key, value) => {
                let want = format!("{key}={value}");
                if end.env().contains(&want) {
                    continue;
                }
                let note = match created {
                    Some(_) => format!("created {name} without {want} in its environment"),
                    None => format!("{name} lacks {want} in its environment"),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::Health(_) => {
                let probe =
                    crate::engine::json::strings_at(&end.doc, &["Config", "Healthcheck", "Test"]);
                let what = match probe.split_first() {
                    Some((kind, rest)) if kind != "NONE" && !rest.is_empty() => {
                        format!("its healthcheck runs `{}`", rest.join(" "))
                    }
                    _ => "it has no healthcheck".to_owned(),
                };
                let note = match created {
                    Some(_) => format!("created {name}; {what}"),
                    None => format!("{name} is the container from the start; {what}"),
                };
                notes.push(replay.at(created, check, note));
            }
            ContainerCondition::ExitCode(_) => {
                let stopped = history.last_step_where(name, |before, after| {
                    matches!((before, after), (Some(b), Some(a)) if b.status != a.status)
                });
                notes.push(replay.at(
                    stopped,
                    check,
                    format!(
                        "{name} is {} with exit code {}",
                        end.status().as_str(),
                        end.exit_code()
                    ),
                ));
            }
            ContainerCondition::Steady => {
                let restarts = crate::engine::json::i64_at(&end.doc, &["RestartCount"]);
                let note = match created {
                    Some(_) => format!(
                        "created {name}, but its process does not stay up (restart count {restarts} by the end)"
                    ),
                    None => format!(
                        "{name} is the container from the start, whose process keeps exiting (restart count {restarts})"
                    ),
                };
                notes.push(replay.at(created, check, note));
            }
        }
    }
}

/// Which container answers `url`, and what it runs; or who stopped answering.
fn http(check: &str, url: &str, replay: &Replay<'_>, notes: &mut Vec<Diagnosis>) {
    let Some((_, port, _)) = crate::check::parse_url(url) else {
        return;
    };
    let port = port.to_string();
    let serving = replay
        .end
        .containers
        .iter()
        .find(|c| c.is_running() && c.published_ports().iter().any(|b| b.host_port == port));
    match serving {
        Some(c) => notes.push(replay.at(
            None,
            check,
            format!(
                "{url} is answered by {}, which runs {}",
                c.name(),
                replay.image_words(c.image_id())
            ),
        )),
        None => notes.push(replay.at(
            None,
            check,
            format!("no running container publishes host port {port}"),
        )),
    }
}

fn wanted_image(selector: &ImageSelector, replay: &Replay<'_>) -> Option<(String, String)> {
    match selector {
        ImageSelector::IdOf { image, at } => {
            let label = match at {
                When::Start => format!("what {image} named at the start"),
                When::End => format!("what {image} names now"),
            };
            let id = world_at(replay, *at).image(image).ok()?.id().to_owned();
            Some((id, label))
        }
        ImageSelector::Reference(reference) => {
            let id = replay.end.image(reference).ok()?.id().to_owned();
            Some((id, reference.clone()))
        }
        ImageSelector::ImageOf { container } => {
            let id = replay
                .start
                .container(container)
                .ok()?
                .image_id()
                .to_owned();
            Some((id, format!("the image {container} ran at the start")))
        }
    }
}

fn world_at<'a>(replay: &Replay<'a>, when: When) -> &'a World {
    match when {
        When::Start => replay.start,
        When::End => replay.end,
    }
}

/// Whether the container publishes `spec`, as the `publishes` condition reads it.
fn publishes(c: &crate::engine::Container, spec: &PortSpec) -> bool {
    let key = format!("{}/{}", spec.container_port, spec.protocol);
    c.published_ports().iter().any(|b| {
        b.container_port == key
            && spec.host_port.is_none_or(|p| b.host_port == p.to_string())
            && spec.host_ip.as_deref().is_none_or(|ip| b.host_ip == ip)
    })
}

/// The `repo:tag` key a reference has in `RepoTags` (`myapp` → `myapp:latest`);
/// `None` for IDs and digests, which no tag move affects.
fn tag_key(reference: &str) -> Option<String> {
    if reference.contains('@') || reference.starts_with("sha256:") {
        return None;
    }
    let last_slash = reference.rfind('/');
    let tagged = reference
        .rfind(':')
        .is_some_and(|c| last_slash.is_none_or(|s| c > s));
    Some(if tagged {
        reference.to_owned()
    } else {
        format!("{reference}:latest")
    })
}

fn short(id: &str) -> &str {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.get(..12).unwrap_or(hex)
}
