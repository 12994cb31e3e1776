//! Help texts for bare `docker` and management commands.

pub const TOP_LEVEL: &str =
    "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n";

pub fn group(name: &str) -> String {
    format!("\nUsage:  docker {name} COMMAND\n\nManage {name}s\n")
}
