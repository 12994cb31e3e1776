//! Every shipped scenario × solution × check as its own test case.

use std::path::PathBuf;
use std::process::ExitCode;

use dockdrill::harness;

fn main() -> ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = match harness::scenario_files(&[dir]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut cases = Vec::new();
    for file in files {
        match harness::load_bundle(&file) {
            Ok(bundle) => cases.extend(harness::cases(&bundle)),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    libtest_mimic::run(&args, harness::trials(cases)).exit_code()
}
