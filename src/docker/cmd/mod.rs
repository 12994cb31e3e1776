//! One file per docker subcommand: parse flags, ask the engine, render.

pub mod create;
pub mod help;
pub mod kill;
pub mod pull;
pub mod restart;
pub mod rm;
pub mod rmi;
pub mod run;
pub mod start;
pub mod stop;
pub mod tag;

use super::command::{ArgsRule, Command};

/// One table row; a macro keeps the rows to one line each.
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

/// Every command docker understands here, sorted by path.
pub static TABLE: &[Command] = &[
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
        "container kill",
        "docker container kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers",
        kill::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        kill::run
    ),
    cmd!(
        "container remove",
        "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        rm::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rm::run
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
    cmd!(
        "container rm",
        "docker container rm [OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        rm::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rm::run
    ),
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
        "container stop",
        "docker container stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        stop::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        stop::run
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
        "image pull",
        "docker image pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "Download an image from a registry",
        pull::FLAGS,
        true,
        ArgsRule::Exactly(1),
        pull::run
    ),
    cmd!(
        "image remove",
        "docker image rm [OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
        rmi::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rmi::run
    ),
    cmd!(
        "image rm",
        "docker image rm [OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
        rmi::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        rmi::run
    ),
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
        "kill",
        "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers",
        kill::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        kill::run
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
        "stop",
        "docker stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        stop::FLAGS,
        true,
        ArgsRule::AtLeast(1),
        stop::run
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
];
