//! Scenario files: the KDL v2 format that declares an incident (metadata,
//! the initial simulated world, typed acceptance checks, hints, follow-ups,
//! a debrief), its typed model, and a parser that reports every problem with
//! `file:line:column`. The grammar is documented in `docs/GRAMMAR.md`.

mod check;
mod container;
mod diagnostic;
mod hint;
mod image;
mod log;
mod model;
mod netvol;
mod parse;
mod ports;
mod process;
pub mod reference;
mod restart;
mod span;
pub(crate) mod time;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

pub use check::{
    CheckDecl, ContainerCondition, Evidence, HealthName, ImageSelector, Predicate, StateName, When,
};
pub use container::{ContainerDecl, ContainerStateDecl};
pub use diagnostic::{Diagnostic, Diagnostics, DiagnosticsReport, Severity};
pub use hint::{HintDecl, HintTrigger};
pub use image::{HttpRoute, ImageDecl};
pub use log::{LogLine, LogStream};
pub use model::{Difficulty, Followup, Scenario, WorldDecl};
pub use netvol::{ContainerStorageDecl, HostDecl, NetworkDecl, RemoteImageDecl, VolumeDecl};
pub use parse::{MAX_FILE_BYTES, parse};
pub use ports::{ExposedPort, PortSpec, Protocol};
pub use process::{
    ExitDecl, HealthPhaseDecl, HealthcheckDecl, OomDecl, ProcessDecl, ProcessRowDecl, StatsDecl,
    parse_duration, parse_size,
};
pub use restart::RestartPolicy;
pub use span::{Span, Spanned};
pub use time::{TimeSpec, Timestamp};

/// Reads and parses one scenario file. Only `path` is read (imports are the
/// world builder's business), and at most `MAX_FILE_BYTES` of it.
pub fn load(path: &Path) -> Result<Scenario, Diagnostics> {
    let file_name = path.display().to_string();
    let whole_file = |message: String| {
        Diagnostics(vec![Diagnostic::error(
            &file_name,
            Span {
                offset: 0,
                len: 0,
                line: 1,
                column: 1,
            },
            message,
        )])
    };
    let file =
        std::fs::File::open(path).map_err(|e| whole_file(format!("cannot read the file: {e}")))?;
    // Sized from the file's length (a read or two instead of a doubling
    // buffer's ten); the length only sizes the buffer, the take bounds it.
    let size_hint = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(MAX_FILE_BYTES as u64);
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint).unwrap_or(0) + 1);
    // One byte past the limit is enough to know the file is too big, and
    // never more: a scenario path could name a device or a huge file.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| whole_file(format!("cannot read the file: {e}")))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole_file(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes (1 MiB), the limit for scenario files"
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => parse(&file_name, &text),
        Err(e) => Err(not_utf8(&file_name, e.as_bytes())),
    }
}

/// One diagnostic per invalid byte sequence (up to a handful), positioned by
/// the valid text before it, so the author can find the damage.
fn not_utf8(file_name: &str, bytes: &[u8]) -> Diagnostics {
    let mut diags = Vec::new();
    let mut offset = 0;
    let mut line = 1;
    let mut column = 1;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for c in valid.chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        offset += valid.len();
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        if diags.len() == 8 {
            break;
        }
        let hex: Vec<String> = invalid.iter().map(|b| format!("{b:02x}")).collect();
        diags.push(
            Diagnostic::error(
                file_name,
                Span {
                    offset,
                    len: invalid.len(),
                    line,
                    column,
                },
                format!("the file is not UTF-8: invalid byte(s) {}", hex.join(" ")),
            )
            .with_help("scenario files are UTF-8 text"),
        );
        offset += invalid.len();
        column += 1;
    }
    Diagnostics(diags)
}
