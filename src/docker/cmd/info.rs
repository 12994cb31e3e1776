//! `docker info` (docker/cli `cli/command/system/info.go`): the host is
//! fixed (the machine the corpus was recorded on); the counts come from the
//! world.

use serde_json::Value as Json;

use super::inspect::{Escape, go_json_compact};
use crate::docker::Invocation;
use crate::docker::flags::{Flag, Parsed};
use crate::engine::World;
use crate::template::{self, ExecOptions};

pub static FLAGS: &[Flag] = &[Flag::string("format", Some('f'))];

/// `{{json .}}` of the CLI's `dockerInfo` as the recording host answered it;
/// counts, clock and version are replaced by the world's.
const HOST_INFO: &str = r#"{"ID":"c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b","Containers":8,"ContainersRunning":5,"ContainersPaused":0,"ContainersStopped":3,"Images":10,"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"],["Supports d_type","true"],["Using metacopy","false"],["Native Overlay Diff","true"],["userxattr","false"]],"Plugins":{"Volume":["local"],"Network":["bridge","host","ipvlan","macvlan","null","overlay"],"Authorization":null,"Log":["awslogs","fluentd","gcplogs","gelf","journald","json-file","local","splunk","syslog"]},"MemoryLimit":true,"SwapLimit":true,"CpuCfsPeriod":true,"CpuCfsQuota":true,"CPUShares":true,"CPUSet":true,"PidsLimit":true,"IPv4Forwarding":true,"Debug":false,"NFd":42,"OomKillDisable":false,"NGoroutines":61,"SystemTime":"2026-11-27T03:31:40.316438956Z","LoggingDriver":"json-file","CgroupDriver":"systemd","CgroupVersion":"2","NEventsListener":0,"KernelVersion":"6.8.0-60-generic","OperatingSystem":"Ubuntu 24.04.2 LTS","OSVersion":"24.04","OSType":"linux","Architecture":"x86_64","IndexServerAddress":"https://index.docker.io/v1/","RegistryConfig":{"IndexConfigs":{"docker.io":{"Mirrors":[],"Name":"docker.io","Official":true,"Secure":true}},"InsecureRegistryCIDRs":["::1/128","127.0.0.0/8"],"Mirrors":null},"NCPU":8,"MemTotal":16647487488,"GenericResources":null,"DockerRootDir":"/var/lib/docker","HttpProxy":"","HttpsProxy":"","NoProxy":"","Name":"oracle-host","Labels":[],"ExperimentalBuild":false,"ServerVersion":"28.2.2","Runtimes":{"io.containerd.runc.v2":{"path":"runc","status":{"org.opencontainers.runtime-spec.features":"{}"}},"runc":{"path":"runc","status":{"org.opencontainers.runtime-spec.features":"{}"}}},"DefaultRuntime":"runc","Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","RemoteManagers":null},"LiveRestoreEnabled":false,"Isolation":"","InitBinary":"docker-init","ContainerdCommit":{"ID":"05044ec0a9a75232cad458027ca83437aae3f4da"},"RuncCommit":{"ID":"v1.2.5-0-g59923ef"},"InitCommit":{"ID":"de40ad0"},"SecurityOptions":["name=apparmor","name=seccomp,profile=builtin","name=cgroupns"],"FirewallBackend":{"Driver":"iptables"},"CDISpecDirs":["/etc/cdi","/var/run/cdi"],"Containerd":{"Address":"/run/containerd/containerd.sock","Namespaces":{"Containers":"moby","Plugins":"plugins.moby"}},"Warnings":null,"ClientInfo":{"Debug":false,"Version":"28.2.2","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default","Plugins":[],"Warnings":null}}"#;

const DEFAULT_TEXT: &str = "Client:
 Version:    28.2.2
 Context:    default
 Debug Mode: false

Server:
 Containers: {containers}
  Running: {running}
  Paused: {paused}
  Stopped: {stopped}
 Images: {images}
 Server Version: {version}
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: runc io.containerd.runc.v2
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 05044ec0a9a75232cad458027ca83437aae3f4da
 runc version: v1.2.5-0-g59923ef
 init version: de40ad0
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.8.0-60-generic
 Operating System: Ubuntu 24.04.2 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 8
 Total Memory: 15.5GiB
 Name: oracle-host
 ID: c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

";

struct Counts {
    containers: usize,
    running: usize,
    paused: usize,
    stopped: usize,
    images: usize,
}

/// The daemon's state counter: a restarting container still counts as
/// running, a paused one only as paused.
fn counts(world: &World) -> Counts {
    let running = world
        .containers
        .iter()
        .filter(|c| c.is_running() && !c.is_paused())
        .count();
    let paused = world.containers.iter().filter(|c| c.is_paused()).count();
    Counts {
        containers: world.containers.len(),
        running,
        paused,
        stopped: world.containers.len() - running - paused,
        images: world.images.len(),
    }
}

fn info_doc(world: &World) -> Json {
    let mut doc: Json = serde_json::from_str(HOST_INFO).unwrap_or(Json::Null);
    let c = counts(world);
    if let Some(map) = doc.as_object_mut() {
        map.insert("Containers".into(), c.containers.into());
        map.insert("ContainersRunning".into(), c.running.into());
        map.insert("ContainersPaused".into(), c.paused.into());
        map.insert("ContainersStopped".into(), c.stopped.into());
        map.insert("Images".into(), c.images.into());
        map.insert("SystemTime".into(), world.now.rfc3339_nano().into());
        map.insert("ServerVersion".into(), world.daemon_version.clone().into());
    }
    doc
}

pub fn run(inv: &mut Invocation<'_>, parsed: &Parsed) {
    match parsed.string("format").unwrap_or("") {
        "" => {
            let c = counts(inv.world);
            let text = DEFAULT_TEXT
                .replace("{containers}", &c.containers.to_string())
                .replace("{running}", &c.running.to_string())
                .replace("{paused}", &c.paused.to_string())
                .replace("{stopped}", &c.stopped.to_string())
                .replace("{images}", &c.images.to_string())
                .replace("{version}", &inv.world.daemon_version);
            inv.out.print(&text);
        }
        "json" => {
            let text = go_json_compact(&info_doc(inv.world), Escape::Plain);
            inv.out.println(&text);
        }
        src => {
            let t = match template::parse(src) {
                Ok(t) => t,
                Err(e) => {
                    inv.out.eprintln(&format!("template parsing error: {e}"));
                    inv.out.status = 64;
                    return;
                }
            };
            let data = super::inspect::typed_plain(&info_doc(inv.world));
            let mut text = String::new();
            // `formatInfo` prints a newline after the template whether or
            // not it failed, keeping what it wrote before failing.
            let result = t.execute_into(&data, ExecOptions::default(), &mut text);
            inv.out.println(&text);
            if let Err(e) = result {
                inv.out.fail(&e.to_string());
            }
        }
    }
}
