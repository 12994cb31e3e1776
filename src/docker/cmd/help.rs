//! Help texts: bare `docker`, management commands, and `--help` of the
//! commands whose text was taken from docker 28.2.2 (80-column wrapping, as
//! the CLI prints it when stdout is not a terminal).

use crate::docker::Command;

pub const TOP_LEVEL: &str =
    "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n";

pub fn group(name: &str) -> String {
    format!("\nUsage:  docker {name} COMMAND\n\nManage {name}s\n")
}

/// What `docker <path> --help` prints.
pub fn for_command(command: &Command, path: &str) -> String {
    let path = path.strip_prefix("docker ").unwrap_or(path);
    match KNOWN.iter().find(|h| h.paths.contains(&path)) {
        Some(help) if help.args.is_empty() => format!("Usage:  docker {path}\n{}", help.text),
        Some(help) => format!("Usage:  docker {path} {}\n{}", help.args, help.text),
        None => format!("Usage:  {}\n\n{}\n", command.usage, command.short),
    }
}

/// A help text taken from docker 28.2.2, with every command path that
/// prints it: cobra's help differs between a command and its aliases only
/// in the path on the usage line.
struct Help {
    paths: &'static [&'static str],
    /// The usage line after the path.
    args: &'static str,
    /// Everything after the usage line.
    text: &'static str,
}

static KNOWN: &[Help] = &[
    Help {
        paths: &["update", "container update"],
        args: "[OPTIONS] CONTAINER [CONTAINER...]",
        text: "
Update configuration of one or more containers

Aliases:
  docker container update, docker update

Options:
      --blkio-weight uint16        Block IO (relative weight), between 10
                                   and 1000, or 0 to disable (default 0)
      --cpu-period int             Limit CPU CFS (Completely Fair
                                   Scheduler) period
      --cpu-quota int              Limit CPU CFS (Completely Fair
                                   Scheduler) quota
      --cpu-rt-period int          Limit the CPU real-time period in
                                   microseconds
      --cpu-rt-runtime int         Limit the CPU real-time runtime in
                                   microseconds
  -c, --cpu-shares int             CPU shares (relative weight)
      --cpus decimal               Number of CPUs
      --cpuset-cpus string         CPUs in which to allow execution (0-3, 0,1)
      --cpuset-mems string         MEMs in which to allow execution (0-3, 0,1)
  -m, --memory bytes               Memory limit
      --memory-reservation bytes   Memory soft limit
      --memory-swap bytes          Swap limit equal to memory plus swap:
                                   -1 to enable unlimited swap
      --pids-limit int             Tune container pids limit (set -1 for
                                   unlimited)
      --restart string             Restart policy to apply when a
                                   container exits
",
    },
    Help {
        paths: &["inspect"],
        args: "[OPTIONS] NAME|ID [NAME|ID...]",
        text: "
Return low-level information on Docker objects

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -s, --size            Display total file sizes if the type is container
      --type string     Only inspect objects of the given type
",
    },
    Help {
        paths: &["container inspect"],
        args: "[OPTIONS] CONTAINER [CONTAINER...]",
        text: "
Display detailed information on one or more containers

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -s, --size            Display total file sizes
",
    },
    Help {
        paths: &["image inspect"],
        args: "[OPTIONS] IMAGE [IMAGE...]",
        text: "
Display detailed information on one or more images

Options:
  -f, --format string     Format output using a custom template:
                          'json':             Print in JSON format
                          'TEMPLATE':         Print output using the
                          given Go template.
                          Refer to https://docs.docker.com/go/formatting/
                          for more information about formatting output
                          with templates
      --platform string   Inspect a specific platform of the
                          multi-platform image.
                          If the image or the server is not
                          multi-platform capable, the command will error
                          out if the platform does not match.
                          'os[/arch[/variant]]': Explicit platform (eg.
                          linux/amd64)
",
    },
    Help {
        paths: &["network inspect"],
        args: "[OPTIONS] NETWORK [NETWORK...]",
        text: "
Display detailed information on one or more networks

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -v, --verbose         Verbose output for diagnostics
",
    },
    Help {
        paths: &["volume inspect"],
        args: "[OPTIONS] VOLUME [VOLUME...]",
        text: "
Display detailed information on one or more volumes

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
",
    },
    Help {
        paths: &["port", "container port"],
        args: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        text: "
List port mappings or a specific mapping for the container

Aliases:
  docker container port, docker port
",
    },
    Help {
        paths: &["logs", "container logs"],
        args: "[OPTIONS] CONTAINER",
        text: "
Fetch the logs of a container

Aliases:
  docker container logs, docker logs

Options:
      --details        Show extra details provided to logs
  -f, --follow         Follow log output
      --since string   Show logs since timestamp (e.g.
                       \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"
                       for 42 minutes)
  -n, --tail string    Number of lines to show from the end of the logs
                       (default \"all\")
  -t, --timestamps     Show timestamps
      --until string   Show logs before a timestamp (e.g.
                       \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"
                       for 42 minutes)
",
    },
    Help {
        paths: &["version"],
        args: "[OPTIONS]",
        text: "
Show the Docker version information

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
",
    },
    Help {
        paths: &["info", "system info"],
        args: "[OPTIONS]",
        text: "
Display system-wide information

Aliases:
  docker system info, docker info

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
",
    },
    Help {
        paths: &["ps", "container ls"],
        args: "[OPTIONS]",
        text: "
List containers

Aliases:
  docker container ls, docker container list, docker container ps, docker ps

Options:
  -a, --all             Show all containers (default shows just running)
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -n, --last int        Show n last created containers (includes all
                        states) (default -1)
  -l, --latest          Show the latest created container (includes all
                        states)
      --no-trunc        Don't truncate output
  -q, --quiet           Only display container IDs
  -s, --size            Display total file sizes
",
    },
    Help {
        paths: &["images", "image ls"],
        args: "[OPTIONS] [REPOSITORY[:TAG]]",
        text: "
List images

Aliases:
  docker image ls, docker image list, docker images

Options:
  -a, --all             Show all images (default hides intermediate images)
      --digests         Show digests
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-trunc        Don't truncate output
  -q, --quiet           Only show image IDs
      --tree            List multi-platform images as a tree (EXPERIMENTAL)
",
    },
    Help {
        paths: &["network ls"],
        args: "[OPTIONS]",
        text: "
List networks

Aliases:
  docker network ls, docker network list

Options:
  -f, --filter filter   Provide filter values (e.g. \"driver=bridge\")
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-trunc        Do not truncate the output
  -q, --quiet           Only display network IDs
",
    },
    Help {
        paths: &["volume ls"],
        args: "[OPTIONS]",
        text: "
List volumes

Aliases:
  docker volume ls, docker volume list

Options:
  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -q, --quiet           Only display volume names
",
    },
];
