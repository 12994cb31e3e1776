//! KDL text → [`Scenario`], collecting every problem instead of stopping at
//! the first. Walking order: world (images, then containers), then checks,
//! then hints, because later ones refer to earlier ones; the diagnostics are
//! sorted back into source order at the end.

mod checks;
mod cx;
mod fast;
mod gate;
mod hints;
#[cfg(test)]
mod mutate;
mod netvol;
mod node;
mod process;
mod suggest;
mod top;
mod tree;
mod world;

use kdl::KdlDocument;

pub(crate) use cx::Cx;

use super::{Diagnostic, Diagnostics, Scenario};

/// Scenario files are hand-written; anything larger is a mistake or an attack.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The kdl crate recurses once per syntax error it recovers from, and per
/// nesting level, so hostile input can exhaust any stack (1 MiB of `}`, or
/// 10 000 `{`, overflows even `PARSER_STACK`). So every file first passes our
/// own iterative syntax gate. What the gate accepts, kdl parses without error
/// recovery. What it rejects goes to kdl anyway (for kdl's own messages, and
/// in case the gate was stricter than KDL) only when it is small and shallow
/// enough for kdl's worst case to fit the stack: measured in debug builds,
/// 16 KiB of any error-dense input with at most `KDL_MAX_BRACES` braces.
const KDL_UNGATED_BYTES: usize = 16 << 10;
const KDL_MAX_BRACES: usize = 256;
const PARSER_STACK: usize = 256 << 20;

pub fn parse(file_name: &str, text: &str) -> Result<Scenario, Diagnostics> {
    parse_via(file_name, text, Path::Fast)
}

/// Which parser reads a file the fast path can take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Fast,
    /// The gate and the kdl crate, as for files beyond the fast path's
    /// subset (for tests: the two must give the same model).
    #[cfg_attr(not(test), allow(dead_code))]
    Kdl,
}

fn parse_via(file_name: &str, text: &str, path: Path) -> Result<Scenario, Diagnostics> {
    let mut cx = Cx::new(file_name, text);
    if text.len() > MAX_FILE_BYTES {
        cx.error_at(
            0,
            0,
            format!(
                "the file is {} bytes; scenario files are limited to {} bytes (1 MiB)",
                text.len(),
                MAX_FILE_BYTES
            ),
        );
        return Err(cx.finish());
    }
    // Files in the common subset of KDL skip both the gate and kdl's
    // recovering parser: the fast path takes only well-formed text (its
    // differential tests hold it to kdl), bounded in depth.
    let fast = match path {
        Path::Fast => fast::parse(text),
        Path::Kdl => None,
    };
    if fast.is_none() {
        let mut gate_cx = Cx::new(file_name, text);
        gate::check(&mut gate_cx);
        if gate_cx.has_errors() && !kdl_can_take(text) {
            return Err(gate_cx.finish());
        }
    }
    let Some(doc) = fast.or_else(|| parse_kdl(&mut cx).map(|d| tree::Document::from_kdl(&d)))
    else {
        return Err(cx.finish());
    };
    let scenario = top::walk(&mut cx, &doc);
    if cx.has_errors() {
        Err(cx.finish())
    } else {
        Ok(scenario)
    }
}

/// Counting raw characters bounds kdl's nesting however the text lexes
/// (braces inside strings count too, which only errs on the safe side).
fn kdl_can_take(text: &str) -> bool {
    text.len() <= KDL_UNGATED_BYTES
        && text.matches('{').count() <= KDL_MAX_BRACES
        && text.matches("/*").count() <= KDL_MAX_BRACES
}

fn parse_kdl(cx: &mut Cx<'_>) -> Option<KdlDocument> {
    let text = cx.text;
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("kdl-parse".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || KdlDocument::parse_v2(text))
            .map(|handle| handle.join())
    });
    match outcome {
        Ok(Ok(Ok(doc))) => Some(doc),
        Ok(Ok(Err(err))) => {
            for d in &err.diagnostics {
                let message = d
                    .message
                    .clone()
                    .unwrap_or_else(|| "invalid KDL".to_owned());
                let diag = cx.diagnostic_at(
                    d.span.offset(),
                    d.span.len(),
                    format!("KDL syntax: {message}"),
                );
                let diag = match &d.help {
                    Some(h) => diag.with_help(h.clone()),
                    None => diag,
                };
                cx.push(diag);
            }
            if err.diagnostics.is_empty() {
                cx.error_at(0, 0, "KDL syntax: the file is not a valid KDL v2 document");
            }
            None
        }
        Ok(Err(_panic)) => {
            cx.error_at(
                0,
                0,
                "the KDL parser failed on this file; please report it with the file attached",
            );
            None
        }
        Err(io) => {
            cx.error_at(0, 0, format!("cannot start the KDL parser: {io}"));
            None
        }
    }
}

pub(crate) fn sorted(mut diags: Vec<Diagnostic>) -> Diagnostics {
    diags.sort_by_key(|d| (d.offset, d.line, d.column));
    diags.dedup();
    Diagnostics(diags)
}

#[cfg(test)]
mod tests {
    use super::{Path, parse_via};

    /// The model (or the diagnostics) built from the fast parser's tree is
    /// the one built from kdl's: on every shipped scenario, and on mutated
    /// copies of each (deleted ranges, inserted punctuation, swapped values).
    #[test]
    fn fast_and_kdl_paths_give_the_same_model_and_diagnostics() {
        let files = crate::testdata::shipped_scenarios();
        assert!(!files.is_empty());
        let inserts = [
            "\"", "{", "}", ";", "=", " ", "\n", "#", "-", "1", "//", "x", "=1", " #true",
            " \"s\"", "\\n", "\u{1}", " k=v", "\"\"\"", "é",
        ];
        let mut mutator = super::mutate::Mutator::new(0x9e37_79b9_7f4a_7c15);
        let (mut compared, mut ok_models) = (0, 0);
        for path in &files {
            let seed = std::fs::read_to_string(path).unwrap_or_default();
            let name = path.display().to_string();
            // kdl parses slowly in debug builds: the seed incident gets
            // the most mutants.
            let rounds = if name.ends_with("latest-drifted.kdl") {
                40
            } else {
                6
            };
            for round in 0..rounds {
                let text = if round > 0 {
                    mutator.mutate(&seed, &inserts)
                } else {
                    seed.clone()
                };
                let fast = parse_via(&name, &text, Path::Fast);
                let slow = parse_via(&name, &text, Path::Kdl);
                assert_eq!(fast, slow, "{name}, round {round}:\n{text}");
                compared += 1;
                ok_models += usize::from(fast.is_ok());
            }
        }
        assert!(
            compared > 100 && ok_models > 20,
            "{compared} compared, {ok_models} parsed"
        );
    }
}
