//! `dockdrill review`: accept or reject the proposals `dockdrill test
//! --bless` wrote.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::bless::{self, Pending};

/// Review proposed transcripts (`X.transcript.new`, written by `dockdrill
/// test --bless`): accepting one replaces `X.transcript` with it, atomically;
/// rejecting one deletes it. On a terminal, each proposal's diff is shown
/// and you are asked; otherwise say --accept or --reject.
#[derive(Args)]
#[command(after_help = "\
PATHS are proposals, the transcripts they would replace, or directories to
search (default: solutions/).

Exit status: 0 done (or nothing to review), 2 bad usage or a file that could
not be replaced or deleted.

Examples:
  dockdrill review                                  ask about each proposal
  dockdrill review --accept --all                   accept every proposal under solutions/
  dockdrill review --reject solutions/my-incident/good.transcript.new")]
pub struct ReviewArgs {
    /// Proposals, transcripts or directories (default: solutions/).
    paths: Vec<PathBuf>,
    /// Accept the proposals: each replaces its transcript.
    #[arg(long, conflicts_with = "reject")]
    accept: bool,
    /// Reject the proposals: each is deleted.
    #[arg(long)]
    reject: bool,
    /// Act on every proposal found (needed with --accept or --reject when
    /// no PATHS are given).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
    Skip,
    Quit,
}

pub fn run(args: ReviewArgs) -> ExitCode {
    let decided = if args.accept {
        Some(Decision::Accept)
    } else if args.reject {
        Some(Decision::Reject)
    } else {
        None
    };
    let interactive = decided.is_none() && std::io::stdin().is_terminal();
    if decided.is_some() && args.paths.is_empty() && !args.all {
        eprintln!(
            "dockdrill review: name the proposals to {}, or pass --all for every one under solutions/",
            if args.accept { "accept" } else { "reject" }
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("solutions")]
    } else {
        args.paths.clone()
    };
    let pending = match bless::find_pending(&paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("dockdrill review: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    if pending.is_empty() {
        println!("no proposals to review");
        return ExitCode::SUCCESS;
    }
    if decided.is_none() && !interactive {
        eprintln!("dockdrill review: stdin is not a terminal; pass --accept or --reject. Pending:");
        for p in &pending {
            eprintln!("  {}", p.proposal.display());
        }
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let color = args.color.enabled();
    let mut failed = false;
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    let mut stdin = std::io::stdin().lock();
    for (i, p) in pending.iter().enumerate() {
        let decision = match decided {
            Some(d) => d,
            None => {
                print!("{}", diff_of(p, color));
                ask(&mut stdin, i + 1, pending.len())
            }
        };
        let outcome = match decision {
            Decision::Accept => bless::accept(p).map(|()| {
                accepted += 1;
                format!("accepted {}", p.original.display())
            }),
            Decision::Reject => bless::reject(p).map(|()| {
                rejected += 1;
                format!("rejected {}", p.proposal.display())
            }),
            Decision::Skip => {
                skipped += 1;
                Ok(format!("skipped {}", p.proposal.display()))
            }
            Decision::Quit => {
                skipped += pending.len() - i;
                break;
            }
        };
        match outcome {
            Ok(line) => println!("{line}"),
            Err(e) => {
                failed = true;
                eprintln!("dockdrill review: {}: {e}", p.proposal.display());
            }
        }
    }
    println!("{accepted} accepted, {rejected} rejected, {skipped} left for later");
    if failed {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff_of(p: &Pending, color: bool) -> String {
    let old = std::fs::read_to_string(&p.original).unwrap_or_default();
    let new = std::fs::read_to_string(&p.proposal).unwrap_or_default();
    bless::file_diff(
        &p.original.display().to_string(),
        &old,
        &p.proposal.display().to_string(),
        &new,
        color,
    )
}

fn ask(stdin: &mut impl BufRead, index: usize, total: usize) -> Decision {
    loop {
        eprint!("[{index}/{total}] accept this proposal? [a]ccept [r]eject [s]kip [q]uit: ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => return Decision::Quit,
            Ok(_) => {}
        }
        match line.trim() {
            "a" | "accept" | "y" | "yes" => return Decision::Accept,
            "r" | "reject" | "n" | "no" => return Decision::Reject,
            "s" | "skip" | "" => return Decision::Skip,
            "q" | "quit" => return Decision::Quit,
            _ => continue,
        }
    }
}
