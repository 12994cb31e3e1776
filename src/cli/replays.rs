//! Replays shared between transcripts that typed the same commands.
//!
//! A replay depends only on the scenario and the commands, in order: the
//! claimed output under each command decides nothing but whether that step
//! matched. A course's submissions repeat the same command sequences (the
//! claims differ in timestamps and IDs), so batch grading replays each
//! distinct sequence once and re-judges only the claims. The result is the
//! verdict a fresh replay gives, byte for byte (tested below).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::engine::World;
use crate::runner;
use crate::scenario::Scenario;
use crate::transcript::{self, Transcript};
use crate::verdict::Verdict;

/// Distinct command sequences remembered; past this, new sequences are
/// replayed without being kept, so memory stays bounded on any batch.
const MAX_REMEMBERED: usize = 16_384;

#[derive(Default)]
pub struct Replays {
    by_commands: Mutex<HashMap<Vec<String>, Arc<Verdict>>>,
}

impl Replays {
    pub fn grade(
        &self,
        scenario: &Scenario,
        start: &World,
        transcript: &Transcript,
        name: &str,
    ) -> Result<Verdict, runner::GradeError> {
        let commands: Vec<String> = transcript.steps.iter().map(|s| s.command.clone()).collect();
        let known = self
            .by_commands
            .lock()
            .ok()
            .and_then(|map| map.get(&commands).cloned());
        if let Some(replayed) = known {
            return Ok(rejudge(&replayed, transcript, name));
        }
        // A replay over its budget is not remembered: it answers with an error.
        let verdict = runner::grade_from(start.clone(), scenario, transcript, name)?;
        if let Ok(mut map) = self.by_commands.lock()
            && map.len() < MAX_REMEMBERED
        {
            map.insert(commands, Arc::new(verdict.clone()));
        }
        Ok(verdict)
    }
}

/// `replayed`'s verdict for another transcript with the same commands:
/// its own name, lines and claims, each claim matched against what the
/// engine printed.
fn rejudge(replayed: &Verdict, transcript: &Transcript, name: &str) -> Verdict {
    let mut verdict = replayed.clone();
    name.clone_into(&mut verdict.transcript);
    for (step, typed) in verdict.steps.iter_mut().zip(&transcript.steps) {
        step.line = typed.line;
        typed.claimed.clone_into(&mut step.claimed);
        step.matched = transcript::matches(&step.claimed, &step.printed);
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report;

    #[test]
    fn shared_replay_gives_the_verdict_a_fresh_replay_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Ok(scenario) = crate::scenario::load(&root.join("scenarios/latest-drifted.kdl")) else {
            panic!("the seed scenario loads");
        };
        let Ok(start) = crate::world_build::build(&scenario) else {
            panic!("the seed world builds");
        };
        let texts = [
            "$ docker ps --format '{{.Names}}'\nweb\n$ docker restart web\nweb\n",
            // Same commands, other claims: one wrong, one elided, lines shifted.
            "# a comment\n$ docker ps --format '{{.Names}}'\nnot-web\n\n$ docker restart web\n[..]\n",
            "$ docker ps --format '{{.Names}}'\n...\n$ docker restart web\n",
        ];
        let replays = Replays::default();
        for (i, text) in texts.iter().enumerate() {
            let Ok(t) = transcript::parse(text) else {
                panic!("transcript {i} parses");
            };
            let name = format!("t{i}");
            let Ok(shared) = replays.grade(&scenario, &start, &t, &name) else {
                panic!("transcript {i} grades");
            };
            let Ok(fresh) = runner::grade_from(start.clone(), &scenario, &t, &name) else {
                panic!("transcript {i} grades afresh");
            };
            assert_eq!(
                report::json::verdict(&shared),
                report::json::verdict(&fresh),
                "transcript {i}"
            );
        }
        assert_eq!(replays.by_commands.lock().map(|m| m.len()).ok(), Some(1));
    }
}
