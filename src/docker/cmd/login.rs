//! `docker login` / `docker logout`, simulated: a login with a user and a
//! password (or `--password-stdin`) succeeds and is remembered by the
//! world only; nothing is stored anywhere else.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const LOGIN_FLAGS: &[Flag] = &[
    Flag::string("password", Some('p')),
    Flag::bool("password-stdin", None),
    Flag::string("username", Some('u')),
];
pub const LOGOUT_FLAGS: &[Flag] = &[];

fn registry_host(server: Option<&String>) -> String {
    match server.map(String::as_str) {
        None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io") => {
            "docker.io".to_owned()
        }
        Some(s) => s
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
    }
}

pub fn login(inv: &mut Invocation<'_>, p: &Parsed) {
    let from_stdin = p.flag("password-stdin");
    if from_stdin && p.is_set("password") {
        return inv
            .out
            .fail("--password and --password-stdin are mutually exclusive");
    }
    if from_stdin && !p.is_set("username") {
        return inv
            .out
            .fail("Must provide --username with --password-stdin");
    }
    let password = if from_stdin {
        inv.stdin.lines().next().unwrap_or("").trim().to_owned()
    } else {
        p.string("password").unwrap_or("").to_owned()
    };
    if !p.is_set("username") || password.is_empty() {
        return inv
            .out
            .fail("Error: Cannot perform an interactive login from a non TTY device");
    }
    if p.is_set("password") {
        inv.out
            .eprintln("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    let host = registry_host(p.args.first());
    inv.world.logins.insert(host);
    inv.out.println("");
    inv.out.println("Login Succeeded");
}

pub fn logout(inv: &mut Invocation<'_>, p: &Parsed) {
    let host = registry_host(p.args.first());
    let shown = if host == "docker.io" {
        "https://index.docker.io/v1/".to_owned()
    } else {
        host.clone()
    };
    if inv.world.logins.remove(&host) {
        inv.out
            .println(&format!("Removing login credentials for {shown}"));
    } else {
        inv.out.println(&format!("Not logged in to {shown}"));
    }
}
