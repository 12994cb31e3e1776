//! One file per docker subcommand: parse flags, ask the engine, render.

pub mod help;
pub mod info;
pub mod inspect;
pub mod logs;
pub mod port;
pub mod version;

use super::command::{ArgsRule, Command};

const INSPECT_SHORT: &str = "Return low-level information on Docker objects";

/// Every command docker understands here, sorted by path.
pub static TABLE: &[Command] = &[
    Command {
        path: "container inspect",
        usage: "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
        short: "Display detailed information on one or more containers",
        flags: inspect::CONTAINER_FLAGS,
        interspersed: true,
        args: ArgsRule::AtLeast(1),
        run: inspect::run_container,
    },
    Command {
        path: "container logs",
        usage: "docker container logs [OPTIONS] CONTAINER",
        short: "Fetch the logs of a container",
        flags: logs::FLAGS,
        interspersed: true,
        args: ArgsRule::Exactly(1),
        run: logs::run,
    },
    Command {
        path: "container port",
        usage: "docker container port CONTAINER [PRIVATE_PORT[/PROTO]]",
        short: "List port mappings or a specific mapping for the container",
        flags: port::FLAGS,
        interspersed: true,
        args: ArgsRule::Range(1, 2),
        run: port::run,
    },
    Command {
        path: "image inspect",
        usage: "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
        short: "Display detailed information on one or more images",
        flags: inspect::IMAGE_FLAGS,
        interspersed: true,
        args: ArgsRule::AtLeast(1),
        run: inspect::run_image,
    },
    Command {
        path: "info",
        usage: "docker info [OPTIONS]",
        short: "Display system-wide information",
        flags: info::FLAGS,
        interspersed: true,
        args: ArgsRule::None,
        run: info::run,
    },
    Command {
        path: "inspect",
        usage: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
        short: INSPECT_SHORT,
        flags: inspect::SYSTEM_FLAGS,
        interspersed: true,
        args: ArgsRule::AtLeast(1),
        run: inspect::run_system,
    },
    Command {
        path: "logs",
        usage: "docker logs [OPTIONS] CONTAINER",
        short: "Fetch the logs of a container",
        flags: logs::FLAGS,
        interspersed: true,
        args: ArgsRule::Exactly(1),
        run: logs::run,
    },
    Command {
        path: "network inspect",
        usage: "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
        short: "Display detailed information on one or more networks",
        flags: inspect::NETWORK_FLAGS,
        interspersed: true,
        args: ArgsRule::AtLeast(1),
        run: inspect::run_network,
    },
    Command {
        path: "port",
        usage: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
        short: "List port mappings or a specific mapping for the container",
        flags: port::FLAGS,
        interspersed: true,
        args: ArgsRule::Range(1, 2),
        run: port::run,
    },
    Command {
        path: "system info",
        usage: "docker system info [OPTIONS]",
        short: "Display system-wide information",
        flags: info::FLAGS,
        interspersed: true,
        args: ArgsRule::None,
        run: info::run,
    },
    Command {
        path: "version",
        usage: "docker version [OPTIONS]",
        short: "Show the Docker version information",
        flags: version::FLAGS,
        interspersed: true,
        args: ArgsRule::None,
        run: version::run,
    },
    Command {
        path: "volume inspect",
        usage: "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
        short: "Display detailed information on one or more volumes",
        flags: inspect::VOLUME_FLAGS,
        interspersed: true,
        args: ArgsRule::AtLeast(1),
        run: inspect::run_volume,
    },
];
