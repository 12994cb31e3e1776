//! `cat`: copies stdin. Drills have no files, so a file operand fails the
//! way a missing file does, after the other operands are copied.

use super::Runtime;
use super::getopt::Spec;
use super::text::no_such_file;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "cat",
    flags: "uAbeEnstTv",
    with_arg: "",
    long: &[],
    permute: true,
    usage_status: 1,
    usage_line: None,
};

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    let mut output = CommandOutput::default();
    let mut operands = parsed.operands;
    if operands.is_empty() {
        operands.push("-".to_string());
    }
    let mut stdin_used = false;
    for operand in &operands {
        if operand == "-" {
            // stdin is consumed by its first reader.
            if !stdin_used {
                output.print(stdin);
                stdin_used = true;
            }
        } else {
            output.eprint(&no_such_file("cat", operand));
            output.status = 1;
        }
    }
    output
}
