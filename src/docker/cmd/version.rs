//! `docker version` (docker/cli `cli/command/system/version.go`): the client
//! is docker 28.2.2 (build e6534b4); the server reports the world's daemon.

use serde_json::{Value as Json, json};

use super::inspect::{Escape, go_json_compact, raw_value};
use crate::docker::Invocation;
use crate::docker::flags::{Flag, Parsed};
use crate::engine::World;
use crate::template::{self, ExecOptions};

pub static FLAGS: &[Flag] = &[Flag::string("format", Some('f'))];

const CLIENT_BUILT: &str = "Fri May 30 12:07:14 2025";
const SERVER_BUILT: &str = "Fri May 30 12:07:26 2025";
const SERVER_BUILD_TIME: &str = "2025-05-30T12:07:26.000000000+00:00";

/// `versionInfo` as `{{json .}}` marshals it, in struct order.
fn version_doc(world: &World) -> Json {
    let v = &world.daemon_version;
    let api = &world.api_version;
    json!({
        "Client": {
            "Version": "28.2.2",
            "ApiVersion": "1.50",
            "DefaultAPIVersion": "1.50",
            "GitCommit": "e6534b4",
            "GoVersion": "go1.24.3",
            "Os": "linux",
            "Arch": "amd64",
            "BuildTime": CLIENT_BUILT,
            "Context": "default"
        },
        "Server": {
            "Platform": {"Name": "Docker Engine - Community"},
            "Components": [
                {"Name": "Engine", "Version": v, "Details": {
                    "ApiVersion": api, "Arch": "amd64", "BuildTime": SERVER_BUILT,
                    "Experimental": "false", "GitCommit": "45873be", "GoVersion": "go1.24.3",
                    "KernelVersion": "6.8.0-60-generic", "MinAPIVersion": "1.24", "Os": "linux"}},
                {"Name": "containerd", "Version": "1.7.27",
                 "Details": {"GitCommit": "05044ec0a9a75232cad458027ca83437aae3f4da"}},
                {"Name": "runc", "Version": "1.2.5", "Details": {"GitCommit": "v1.2.5-0-g59923ef"}},
                {"Name": "docker-init", "Version": "0.19.0", "Details": {"GitCommit": "de40ad0"}}
            ],
            "Version": v,
            "ApiVersion": api,
            "MinAPIVersion": "1.24",
            "GitCommit": "45873be",
            "GoVersion": "go1.24.3",
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": "6.8.0-60-generic",
            "BuildTime": SERVER_BUILD_TIME
        }
    })
}

pub fn run(inv: &mut Invocation<'_>, parsed: &Parsed) {
    let doc = version_doc(inv.world);
    match parsed.string("format").unwrap_or("") {
        "" => {
            let text = default_text(inv.world);
            inv.out.print(&text);
        }
        "json" => {
            let text = go_json_compact(&doc, Escape::Plain);
            inv.out.println(&text);
        }
        src => {
            let t = match template::parse_named("version", src) {
                Ok(t) => t,
                Err(e) => {
                    inv.out.eprintln(&format!("template parsing error: {e}"));
                    inv.out.status = 64;
                    return;
                }
            };
            let data = super::inspect::typed_version(&doc);
            let mut text = String::new();
            let result = t.execute_into(&data, ExecOptions::default(), &mut text);
            // The output goes through a tabwriter, flushed with a newline
            // even when the template fails half-way.
            inv.out.print(&text);
            inv.out.print("\n");
            if let Err(e) = result {
                inv.out.fail(&e.to_string());
            }
            let _ = raw_value;
        }
    }
}

/// The default template after the tabwriter (min width 20, padding 1).
fn default_text(world: &World) -> String {
    let col = |label: &str, value: &str| format!("{label:<19} {value}\n");
    let mut s = String::from("Client:\n");
    s.push_str(&col(" Version:", "28.2.2"));
    s.push_str(&col(" API version:", "1.50"));
    s.push_str(&col(" Go version:", "go1.24.3"));
    s.push_str(&col(" Git commit:", "e6534b4"));
    s.push_str(&col(" Built:", CLIENT_BUILT));
    s.push_str(&col(" OS/Arch:", "linux/amd64"));
    s.push_str(&col(" Context:", "default"));
    s.push_str("\nServer: Docker Engine - Community\n Engine:\n");
    s.push_str(&col("  Version:", &world.daemon_version));
    s.push_str(&col(
        "  API version:",
        &format!("{} (minimum version 1.24)", world.api_version),
    ));
    s.push_str(&col("  Go version:", "go1.24.3"));
    s.push_str(&col("  Git commit:", "45873be"));
    s.push_str(&col("  Built:", SERVER_BUILT));
    s.push_str(&col("  OS/Arch:", "linux/amd64"));
    s.push_str(&col("  Experimental:", "false"));
    s.push_str(" containerd:\n");
    s.push_str(&col("  Version:", "1.7.27"));
    s.push_str(&col(
        "  GitCommit:",
        "05044ec0a9a75232cad458027ca83437aae3f4da",
    ));
    s.push_str(" runc:\n");
    s.push_str(&col("  Version:", "1.2.5"));
    s.push_str(&col("  GitCommit:", "v1.2.5-0-g59923ef"));
    s.push_str(" docker-init:\n");
    s.push_str(&col("  Version:", "0.19.0"));
    s.push_str(&col("  GitCommit:", "de40ad0"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Timestamp;

    #[test]
    fn default_output_matches_docker() {
        let w = World::empty(Timestamp::default(), "t");
        let text = default_text(&w);
        assert!(text.starts_with("Client:\n Version:           28.2.2\n"));
        assert!(text.contains("  API version:      1.50 (minimum version 1.24)\n"));
        assert!(text.ends_with("  GitCommit:        de40ad0\n"));
    }
}
