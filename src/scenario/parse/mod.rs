//! KDL text → [`Scenario`], collecting every problem instead of stopping at
//! the first. Walking order: world (images, then containers), then checks,
//! then hints, because later ones refer to earlier ones; the diagnostics are
//! sorted back into source order at the end.

mod checks;
mod cx;
mod fast;
mod gate;
mod hints;
mod netvol;
mod node;
mod process;
mod suggest;
mod top;
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
    let fast = fast::parse(text);
    if fast.is_none() {
        let mut gate_cx = Cx::new(file_name, text);
        gate::check(&mut gate_cx);
        if gate_cx.has_errors() && !kdl_can_take(text) {
            return Err(gate_cx.finish());
        }
    }
    let Some(doc) = fast.or_else(|| parse_kdl(&mut cx)) else {
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
