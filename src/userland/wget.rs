//! busybox `wget` for requests from inside a container: `-q`, `-O FILE`
//! (`-` for stdout), `--spider`, `-T`; its error texts.

use super::ExecOutput;
use crate::engine::{ConnectError, World};

pub fn run(world: &World, idx: usize, args: &[String]) -> ExecOutput {
    let mut quiet = false;
    let mut spider = false;
    let mut to_stdout = false;
    let mut urls = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-q" => quiet = true,
            "--spider" | "-s" => spider = true,
            "-O" | "-T" | "-U" | "--header" => {
                if a == "-O" {
                    to_stdout = args.get(i + 1).is_some_and(|f| f == "-");
                }
                i += 1;
            }
            "-qO-" | "-O-" => {
                to_stdout = true;
                quiet |= a == "-qO-";
            }
            _ if a.starts_with('-') => {
                quiet |= a.contains('q');
                to_stdout |= a.ends_with("O-");
            }
            _ => urls.push(a.to_owned()),
        }
        i += 1;
    }
    let Some(url) = urls.first() else {
        return ExecOutput::err(
            "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n".to_owned(),
            1,
        );
    };
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (hostport, path) = match rest.find('/') {
        Some(p) => (&rest[..p], &rest[p..]),
        None => (rest, "/"),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().unwrap_or(80)),
        None => (hostport, 80),
    };
    let mut out = ExecOutput::default();
    let method = if spider { "HEAD" } else { "GET" };
    let addr = world
        .resolve_from(idx, host)
        .map(|t| {
            let c = &world.containers[t];
            c.network_names()
                .iter()
                .map(|n| {
                    crate::engine::json::str_at(
                        &c.doc,
                        &["NetworkSettings", "Networks", n, "IPAddress"],
                    )
                    .to_owned()
                })
                .find(|ip| !ip.is_empty())
                .filter(|_| t != idx)
                .unwrap_or_else(|| "127.0.0.1".to_owned())
        })
        .unwrap_or_default();
    let answer = world.http_from(idx, method, host, port, path);
    // An unknown host fails before wget announces the connection.
    if !quiet && !matches!(answer, Err(ConnectError::UnknownHost)) {
        out.eprint(&format!("Connecting to {hostport} ({addr}:{port})\n"));
    }
    match answer {
        Err(ConnectError::UnknownHost) => {
            out.eprint(&format!("wget: bad address '{hostport}'\n"));
            out.status = 1;
        }
        Err(ConnectError::Refused | ConnectError::Reset) => {
            out.eprint(&format!(
                "wget: can't connect to remote host ({addr}): Connection refused\n"
            ));
            out.status = 1;
        }
        Err(ConnectError::EmptyReply) => {
            out.eprint("wget: error getting response\n");
            out.status = 1;
        }
        // busybox wget's default timeout is 900s; the probe or the user
        // gives up first.
        Err(ConnectError::NoAnswer) => {
            out.eprint("wget: download timed out\n");
            out.status = 1;
        }
        Ok(r) if r.status >= 400 => {
            out.eprint(&format!(
                "wget: server returned error: HTTP/1.1 {} {}\n",
                r.status, r.reason
            ));
            out.status = 1;
        }
        Ok(r) => {
            if spider {
                if !quiet {
                    out.eprint("remote file exists\n");
                }
            } else if to_stdout {
                if !quiet {
                    out.eprint("writing to stdout\n");
                }
                out.print(&r.body);
            } else if !quiet {
                let file = path
                    .rsplit('/')
                    .next()
                    .filter(|f| !f.is_empty())
                    .unwrap_or("index.html");
                out.eprint(&format!("saving to '{file}'\n"));
            }
        }
    }
    out
}
