//! One file per docker subcommand: parse flags, ask the engine, render.

pub mod build;
pub mod compose;
pub mod create;
pub mod events;
pub mod exec;
mod flat_context;
pub mod help;
pub mod history;
pub mod images;
pub mod info;
pub mod inspect;
pub mod kill;
pub mod login;
pub mod logs;
pub mod network_connect;
pub mod network_create;
pub mod network_ls;
pub mod network_rm;
pub mod pause;
pub mod port;
pub mod prune;
pub mod ps;
pub mod pull;
pub mod push;
pub mod rename;
pub mod restart;
pub mod rm;
pub mod rmi;
pub mod run;
pub mod start;
pub mod stats;
pub mod stop;
pub mod system_df;
pub mod tag;
pub mod top;
pub mod update;
pub mod version;
pub mod volume_create;
pub mod volume_ls;
pub mod volume_rm;
pub mod wait;

use super::command::{ArgsRule, Command};

const INSPECT_SHORT: &str = "Return low-level information on Docker objects";

/// One table row: path, usage line, short description, flags, whether flags
/// may follow positional arguments, argument rule, handler.
macro_rules! cmd {
    ($path:expr, $usage:expr, $short:expr, $flags:expr, $inter:expr, $args:expr, $run:expr) => {
        Command {
            path: $path,
            usage: $usage,
            short: $short,
            flags: $flags,
            interspersed: $inter,
            args: $args,
            run: $run,
        }
    };
}

/// A cobra alias: the same command under another path (`network remove`
/// for `network rm`), so errors and help name the path typed.
macro_rules! alias {
    ($path:expr, $command:expr) => {
        Command {
            path: $path,
            ..$command
        }
    };
}

const BUILD: Command = cmd!(
    "build",
    "docker buildx build [OPTIONS] PATH | URL | -",
    "Start a build",
    build::FLAGS,
    true,
    ArgsRule::Exactly(1),
    build::run
);

const CONTAINER_RM: Command = cmd!(
    "container rm",
    "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    rm::FLAGS,
    true,
    ArgsRule::AtLeast(1),
    rm::run
);

const IMAGE_RM: Command = cmd!(
    "image rm",
    "docker image rm [OPTIONS] IMAGE [IMAGE...]",
    "Remove one or more images",
    rmi::FLAGS,
    true,
    ArgsRule::AtLeast(1),
    rmi::run
);

const NETWORK_RM: Command = cmd!(
    "network rm",
    "docker network rm NETWORK [NETWORK...]",
    "Remove one or more networks",
    network_rm::FLAGS,
    true,
    ArgsRule::AtLeast(1),
    network_rm::run
);

const VOLUME_RM: Command = cmd!(
    "volume rm",
    "docker volume rm [OPTIONS] VOLUME [VOLUME...]",
    "Remove one or more volumes",
    volume_rm::FLAGS,
    true,
    ArgsRule::AtLeast(1),
    volume_rm::run
);

/// Every command docker understands here, sorted by path.
pub static TABLE: &[Command] = &[
    images::IMAGES,
    ps::PS,
    BUILD,
    cmd!(
        "container create",
        "docker container create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create a new container",
        create::CREATE_FLAGS,
        false,
        ArgsRule::AtLeast(1),
        create::run
    ),
    cmd!(
        "container exec",
        "docker container exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        "Execute a command in a running container",
        exec::FLAGS,
        false,
        ArgsRule::AtLeast(2),
        exec::run
    ),
    cmd!(
        "container inspect",
        "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
        "Display detailed information on one or more containers",
        inspect::CONTAINER_FLAGS,
        true,
        ArgsRule::AtLeast(1),
        inspect::run_container
    ),
    cmd!(
        "container kill",
        "docker container kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers",
        kill::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        kill::run
    ),
    ps::container_ls("container list"),
    cmd!(
        "container logs",
        "docker container logs [OPTIONS] CONTAINER",
        "Fetch the logs of a container",
        logs::FLAGS,
        true,
        ArgsRule::Exactly(1),
        logs::run
    ),
    ps::container_ls("container ls"),
    cmd!(
        "container pause",
        "docker container pause CONTAINER [CONTAINER...]",
        "Pause all processes within one or more containers",
        pause::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        pause::run_pause
    ),
    cmd!(
        "container port",
        "docker container port CONTAINER [PRIVATE_PORT[/PROTO]]",
        "List port mappings or a specific mapping for the container",
        port::FLAGS,
        true,
        ArgsRule::Range(1, 2),
        port::run
    ),
    cmd!(
        "container prune",
        "docker container prune [OPTIONS]",
        "Remove all stopped containers",
        prune::CONTAINER_FLAGS,
        true,
        ArgsRule::None,
        prune::container
    ),
    ps::container_ls("container ps"),
    alias!("container remove", CONTAINER_RM),
    cmd!(
        "container rename",
        "docker container rename CONTAINER NEW_NAME",
        "Rename a container",
        rename::FLAGS,
        true,
        ArgsRule::Exactly(2),
        rename::run
    ),
    cmd!(
        "container restart",
        "docker container restart [OPTIONS] CONTAINER [CONTAINER...]",
        "Restart one or more containers",
        restart::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        restart::run
    ),
    CONTAINER_RM,
    cmd!(
        "container run",
        "docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create and run a new container from an image",
        run::RUN_FLAGS,
        false,
        ArgsRule::AtLeast(1),
        run::run
    ),
    cmd!(
        "container start",
        "docker container start [OPTIONS] CONTAINER [CONTAINER...]",
        "Start one or more stopped containers",
        start::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        start::run
    ),
    cmd!(
        "container stats",
        "docker container stats [OPTIONS] [CONTAINER...]",
        "Display a live stream of container(s) resource usage statistics",
        stats::FLAGS,
        true,
        ArgsRule::Any,
        stats::run
    ),
    cmd!(
        "container stop",
        "docker container stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        stop::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        stop::run
    ),
    cmd!(
        "container top",
        "docker container top CONTAINER [ps OPTIONS]",
        "Display the running processes of a container",
        top::FLAGS,
        false,
        ArgsRule::AtLeast(1),
        top::run
    ),
    cmd!(
        "container unpause",
        "docker container unpause CONTAINER [CONTAINER...]",
        "Unpause all processes within one or more containers",
        pause::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        pause::run_unpause
    ),
    cmd!(
        "container update",
        "docker container update [OPTIONS] CONTAINER [CONTAINER...]",
        "Update configuration of one or more containers",
        update::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        update::run
    ),
    cmd!(
        "container wait",
        "docker container wait CONTAINER [CONTAINER...]",
        "Block until one or more containers stop, then print their exit codes",
        wait::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        wait::run
    ),
    cmd!(
        "create",
        "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create a new container",
        create::CREATE_FLAGS,
        false,
        ArgsRule::AtLeast(1),
        create::run
    ),
    cmd!(
        "events",
        "docker events [OPTIONS]",
        "Get real time events from the server",
        events::FLAGS,
        true,
        ArgsRule::None,
        events::run
    ),
    cmd!(
        "exec",
        "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        "Execute a command in a running container",
        exec::FLAGS,
        false,
        ArgsRule::AtLeast(2),
        exec::run
    ),
    cmd!(
        "history",
        "docker history [OPTIONS] IMAGE",
        "Show the history of an image",
        history::FLAGS,
        true,
        ArgsRule::Exactly(1),
        history::run
    ),
    alias!("image build", BUILD),
    cmd!(
        "image history",
        "docker image history [OPTIONS] IMAGE",
        "Show the history of an image",
        history::FLAGS,
        true,
        ArgsRule::Exactly(1),
        history::run
    ),
    cmd!(
        "image inspect",
        "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
        "Display detailed information on one or more images",
        inspect::IMAGE_FLAGS,
        true,
        ArgsRule::AtLeast(1),
        inspect::run_image
    ),
    images::image_ls("image list"),
    images::image_ls("image ls"),
    cmd!(
        "image prune",
        "docker image prune [OPTIONS]",
        "Remove unused images",
        prune::IMAGE_FLAGS,
        true,
        ArgsRule::None,
        prune::image
    ),
    cmd!(
        "image pull",
        "docker image pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "Download an image from a registry",
        pull::FLAGS,
        true,
        ArgsRule::Exactly(1),
        pull::run
    ),
    cmd!(
        "image push",
        "docker image push [OPTIONS] NAME[:TAG]",
        "Upload an image to a registry",
        push::FLAGS,
        true,
        ArgsRule::Exactly(1),
        push::run
    ),
    alias!("image remove", IMAGE_RM),
    IMAGE_RM,
    cmd!(
        "image tag",
        "docker image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        tag::FLAGS,
        true,
        ArgsRule::Exactly(2),
        tag::run
    ),
    cmd!(
        "info",
        "docker info [OPTIONS]",
        "Display system-wide information",
        info::FLAGS,
        true,
        ArgsRule::None,
        info::run
    ),
    cmd!(
        "inspect",
        "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
        INSPECT_SHORT,
        inspect::SYSTEM_FLAGS,
        true,
        ArgsRule::AtLeast(1),
        inspect::run_system
    ),
    cmd!(
        "kill",
        "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers",
        kill::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        kill::run
    ),
    cmd!(
        "login",
        "docker login [OPTIONS] [SERVER]",
        "Authenticate to a registry",
        login::LOGIN_FLAGS,
        true,
        ArgsRule::AtMost(1),
        login::login
    ),
    cmd!(
        "logout",
        "docker logout [SERVER]",
        "Log out from a registry",
        login::LOGOUT_FLAGS,
        true,
        ArgsRule::AtMost(1),
        login::logout
    ),
    cmd!(
        "logs",
        "docker logs [OPTIONS] CONTAINER",
        "Fetch the logs of a container",
        logs::FLAGS,
        true,
        ArgsRule::Exactly(1),
        logs::run
    ),
    cmd!(
        "network connect",
        "docker network connect [OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
        network_connect::CONNECT_FLAGS,
        true,
        ArgsRule::Exactly(2),
        network_connect::connect
    ),
    cmd!(
        "network create",
        "docker network create [OPTIONS] NETWORK",
        "Create a network",
        network_create::FLAGS,
        true,
        ArgsRule::Exactly(1),
        network_create::run
    ),
    cmd!(
        "network disconnect",
        "docker network disconnect [OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
        network_connect::DISCONNECT_FLAGS,
        true,
        ArgsRule::Exactly(2),
        network_connect::disconnect
    ),
    cmd!(
        "network inspect",
        "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
        inspect::NETWORK_FLAGS,
        true,
        ArgsRule::AtLeast(1),
        inspect::run_network
    ),
    network_ls::network_ls("network list"),
    network_ls::network_ls("network ls"),
    cmd!(
        "network prune",
        "docker network prune [OPTIONS]",
        "Remove all unused networks",
        prune::NETWORK_FLAGS,
        true,
        ArgsRule::None,
        prune::network
    ),
    alias!("network remove", NETWORK_RM),
    NETWORK_RM,
    cmd!(
        "pause",
        "docker pause CONTAINER [CONTAINER...]",
        "Pause all processes within one or more containers",
        pause::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        pause::run_pause
    ),
    cmd!(
        "port",
        "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
        "List port mappings or a specific mapping for the container",
        port::FLAGS,
        true,
        ArgsRule::Range(1, 2),
        port::run
    ),
    cmd!(
        "pull",
        "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "Download an image from a registry",
        pull::FLAGS,
        true,
        ArgsRule::Exactly(1),
        pull::run
    ),
    cmd!(
        "push",
        "docker push [OPTIONS] NAME[:TAG]",
        "Upload an image to a registry",
        push::FLAGS,
        true,
        ArgsRule::Exactly(1),
        push::run
    ),
    cmd!(
        "rename",
        "docker rename CONTAINER NEW_NAME",
        "Rename a container",
        rename::FLAGS,
        true,
        ArgsRule::Exactly(2),
        rename::run
    ),
    cmd!(
        "restart",
        "docker restart [OPTIONS] CONTAINER [CONTAINER...]",
        "Restart one or more containers",
        restart::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        restart::run
    ),
    cmd!(
        "rm",
        "docker rm [OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        rm::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rm::run
    ),
    cmd!(
        "rmi",
        "docker rmi [OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
        rmi::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rmi::run
    ),
    cmd!(
        "run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create and run a new container from an image",
        run::RUN_FLAGS,
        false,
        ArgsRule::AtLeast(1),
        run::run
    ),
    cmd!(
        "start",
        "docker start [OPTIONS] CONTAINER [CONTAINER...]",
        "Start one or more stopped containers",
        start::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        start::run
    ),
    cmd!(
        "stats",
        "docker stats [OPTIONS] [CONTAINER...]",
        "Display a live stream of container(s) resource usage statistics",
        stats::FLAGS,
        true,
        ArgsRule::Any,
        stats::run
    ),
    cmd!(
        "stop",
        "docker stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        stop::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        stop::run
    ),
    cmd!(
        "system df",
        "docker system df [OPTIONS]",
        "Show docker disk usage",
        system_df::FLAGS,
        true,
        ArgsRule::None,
        system_df::run
    ),
    cmd!(
        "system events",
        "docker system events [OPTIONS]",
        "Get real time events from the server",
        events::FLAGS,
        true,
        ArgsRule::None,
        events::run
    ),
    cmd!(
        "system info",
        "docker system info [OPTIONS]",
        "Display system-wide information",
        info::FLAGS,
        true,
        ArgsRule::None,
        info::run
    ),
    cmd!(
        "system prune",
        "docker system prune [OPTIONS]",
        "Remove unused data",
        prune::SYSTEM_FLAGS,
        true,
        ArgsRule::None,
        prune::system
    ),
    cmd!(
        "tag",
        "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        tag::FLAGS,
        true,
        ArgsRule::Exactly(2),
        tag::run
    ),
    cmd!(
        "top",
        "docker top CONTAINER [ps OPTIONS]",
        "Display the running processes of a container",
        top::FLAGS,
        false,
        ArgsRule::AtLeast(1),
        top::run
    ),
    cmd!(
        "unpause",
        "docker unpause CONTAINER [CONTAINER...]",
        "Unpause all processes within one or more containers",
        pause::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        pause::run_unpause
    ),
    cmd!(
        "update",
        "docker update [OPTIONS] CONTAINER [CONTAINER...]",
        "Update configuration of one or more containers",
        update::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        update::run
    ),
    cmd!(
        "version",
        "docker version [OPTIONS]",
        "Show the Docker version information",
        version::FLAGS,
        true,
        ArgsRule::None,
        version::run
    ),
    cmd!(
        "volume create",
        "docker volume create [OPTIONS] [VOLUME]",
        "Create a volume",
        volume_create::FLAGS,
        true,
        ArgsRule::AtMost(1),
        volume_create::run
    ),
    cmd!(
        "volume inspect",
        "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
        "Display detailed information on one or more volumes",
        inspect::VOLUME_FLAGS,
        true,
        ArgsRule::AtLeast(1),
        inspect::run_volume
    ),
    volume_ls::volume_ls("volume list"),
    volume_ls::volume_ls("volume ls"),
    cmd!(
        "volume prune",
        "docker volume prune [OPTIONS]",
        "Remove unused local volumes",
        prune::VOLUME_FLAGS,
        true,
        ArgsRule::None,
        prune::volume
    ),
    alias!("volume remove", VOLUME_RM),
    VOLUME_RM,
    cmd!(
        "wait",
        "docker wait CONTAINER [CONTAINER...]",
        "Block until one or more containers stop, then print their exit codes",
        wait::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        wait::run
    ),
];

#[cfg(test)]
mod listing_corpus;
