use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dockdrill::engine::{Timestamp, World};
use dockdrill::shell::{self, CommandOutput, Host, ShellConfig};

#[derive(Parser)]
#[command(name = "dockdrill", version, about = "Docker incidents as drills")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run one command line in a world and print what it prints.
    Sh {
        #[arg(long)]
        world: std::path::PathBuf,
        #[arg(long)]
        at: Option<String>,
        #[arg(short = 'c')]
        line: String,
    },
}

struct DockerHost<'a> {
    world: &'a mut World,
}

impl Host for DockerHost<'_> {
    fn run(&mut self, argv: &[String], _stdin: &str) -> CommandOutput {
        let out = dockdrill::docker::run(self.world, &argv[1..]);
        CommandOutput {
            stdout: out.stdout,
            stderr: out.stderr,
            status: out.status,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Sh { world, at, line } => {
            let text = match std::fs::read_to_string(&world) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("dockdrill: {}: {e}", world.display());
                    return ExitCode::from(2);
                }
            };
            let mut w = match World::from_inspect_json(&text, "world") {
                Ok(w) => w,
                Err(e) => {
                    eprintln!("dockdrill: {}:{e}", world.display());
                    return ExitCode::from(2);
                }
            };
            if let Some(at) = at {
                match Timestamp::parse(&at) {
                    Ok(t) => w.now = t,
                    Err(e) => {
                        eprintln!("dockdrill: --at: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            let config = ShellConfig {
                tools: vec!["docker".into(), "curl".into()],
            };
            let outcome = shell::run_line(&line, &config, &mut DockerHost { world: &mut w });
            print!("{}", outcome.stdout);
            eprint!("{}", outcome.stderr);
            ExitCode::from(u8::try_from(outcome.status).unwrap_or(1))
        }
    }
}
