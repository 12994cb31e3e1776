//! `true` and `false`: they ignore their arguments, as bash's builtins do.

use super::Runtime;
use crate::shell::CommandOutput;

pub(crate) fn run_true(_: &[String], _: &str, _: &mut dyn Runtime) -> CommandOutput {
    CommandOutput::default()
}

pub(crate) fn run_false(_: &[String], _: &str, _: &mut dyn Runtime) -> CommandOutput {
    CommandOutput {
        status: 1,
        ..CommandOutput::default()
    }
}
