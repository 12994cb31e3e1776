//! A simulated `curl` (7.88.1, as Debian 12 ships it) for the commands
//! learners type against published ports. Nothing ever reaches a network:
//! local hosts are answered by the engine (`engine::http_request`), every
//! other host fails to resolve, and no file is ever written.
//!
//! Supported: `-s -S -i -I -f -v -L -X -H -o -w -m/--max-time -d`, combined
//! short flags (`-fsSL`), URLs with or without `http://`. `-v` prints an
//! approximation of curl's trace (IPv4 only, no TLS). Without `-s`, curl
//! would draw a progress meter on stderr when output is not a terminal
//! (`-o /dev/null`); the simulator assumes a terminal and draws none.

use crate::engine::{ConnectError, HttpResponse, World, http_request};
use crate::writes::{Stream, Writes};

/// A request that never gets an answer and has no `--max-time`: the
/// user's Ctrl-C ends curl (128 + SIGINT), as a foreground `docker run`.
const INTERRUPTED: i32 = 130;

const TRY_HELP: &str = "curl: try 'curl --help' or 'curl --manual' for more information";

#[derive(Default)]
struct Options {
    silent: bool,
    show_error: bool,
    include: bool,
    head: bool,
    fail: bool,
    verbose: bool,
    location: bool,
    method: Option<String>,
    headers: Vec<String>,
    output: Option<String>,
    write_out: Option<String>,
    data: Option<String>,
    urls: Vec<String>,
    /// `-m/--max-time` in seconds, as given.
    max_time: Option<String>,
}

/// Runs `curl ARGV...` (without the leading `curl`): stdout, stderr, status.
pub fn run(world: &World, argv: &[String]) -> (String, String, i32) {
    let (writes, status) = run_in_order(world, None, argv);
    (
        writes.stdout().to_owned(),
        writes.stderr().to_owned(),
        status,
    )
}

/// `curl` run inside container `from` (an `exec`, a healthcheck probe), or
/// on the host (`None`): host names resolve as that container sees them.
/// What it wrote, in order (`-v` traces on stderr around the body), and
/// its status.
pub fn run_in_order(world: &World, from: Option<usize>, argv: &[String]) -> (Writes, i32) {
    let opts = match parse(argv) {
        Ok(o) => o,
        Err(msg) => return (Writes::from_stderr(format!("{msg}\n{TRY_HELP}\n")), 2),
    };
    if opts.urls.is_empty() {
        return (
            Writes::from_stderr(format!("curl: no URL specified!\n{TRY_HELP}\n")),
            2,
        );
    }
    let mut writes = Writes::new();
    let mut status = 0;
    for url in &opts.urls {
        status = fetch(world, from, &opts, url, &mut writes);
        if status == INTERRUPTED {
            break;
        }
    }
    (writes, status)
}

fn parse(argv: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut i = 0;
    let unknown = |a: &str| format!("curl: option {a}: is unknown");
    let needs = |a: &str| format!("curl: option {a}: requires parameter");
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        let mut take = |name: &str| -> Result<String, String> {
            let v = argv.get(i).cloned().ok_or_else(|| needs(name))?;
            i += 1;
            Ok(v)
        };
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "silent" => o.silent = true,
                "show-error" => o.show_error = true,
                "include" => o.include = true,
                "head" => o.head = true,
                "fail" => o.fail = true,
                "verbose" => o.verbose = true,
                "location" => o.location = true,
                "request" => o.method = Some(take(a)?),
                "header" => o.headers.push(take(a)?),
                "output" => o.output = Some(take(a)?),
                "write-out" => o.write_out = Some(take(a)?),
                "max-time" => o.max_time = Some(take(a)?),
                "connect-timeout" | "retry" | "user-agent" => {
                    take(a)?;
                }
                "data" | "data-raw" | "data-binary" => o.data = Some(take(a)?),
                "url" => o.urls.push(take(a)?),
                "no-progress-meter" => {}
                _ => return Err(unknown(a)),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            for (k, c) in chars.iter().enumerate() {
                let attached: String = chars[k + 1..].iter().collect();
                let mut value = |name: &str| -> Result<String, String> {
                    if attached.is_empty() {
                        take(name)
                    } else {
                        Ok(attached.clone())
                    }
                };
                match c {
                    's' => o.silent = true,
                    'S' => o.show_error = true,
                    'i' => o.include = true,
                    'I' => o.head = true,
                    'f' => o.fail = true,
                    'v' => o.verbose = true,
                    'L' => o.location = true,
                    'X' => {
                        o.method = Some(value(a)?);
                        break;
                    }
                    'H' => {
                        o.headers.push(value(a)?);
                        break;
                    }
                    'o' => {
                        o.output = Some(value(a)?);
                        break;
                    }
                    'w' => {
                        o.write_out = Some(value(a)?);
                        break;
                    }
                    'd' => {
                        o.data = Some(value(a)?);
                        break;
                    }
                    'm' => {
                        o.max_time = Some(value(a)?);
                        break;
                    }
                    'A' => {
                        value(a)?;
                        break;
                    }
                    _ => return Err(unknown(&format!("-{c}"))),
                }
            }
        } else {
            o.urls.push(a.clone());
        }
    }
    Ok(o)
}

struct Url {
    scheme: String,
    host: String,
    port: u16,
    path: String,
}

fn parse_url(raw: &str) -> Result<Url, (i32, String)> {
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_owned(), raw),
    };
    if scheme != "http" && scheme != "https" {
        return Err((
            1,
            format!("curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl"),
        ));
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_owned()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_owned()),
    };
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let default_port = if scheme == "https" { 443 } else { 80 };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, p) = v6.split_once(']').unwrap_or((v6, ""));
        (h.to_owned(), p.strip_prefix(':').unwrap_or(""))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), p),
            None => (authority.to_owned(), ""),
        }
    };
    let port = if port.is_empty() {
        default_port
    } else {
        port.parse::<u16>().map_err(|_| {
            (
                3,
                "curl: (3) URL using bad/illegal format or missing URL".to_owned(),
            )
        })?
    };
    if host.is_empty() {
        return Err((
            3,
            "curl: (3) URL using bad/illegal format or missing URL".to_owned(),
        ));
    }
    Ok(Url {
        scheme,
        host,
        port,
        path: path.split('#').next().unwrap_or("/").to_owned(),
    })
}

/// One URL; returns curl's exit status.
fn fetch(world: &World, from: Option<usize>, o: &Options, raw: &str, w: &mut Writes) -> i32 {
    let fail = |w: &mut Writes, code: i32, msg: &str, http: u16| {
        if !o.silent || o.show_error {
            w.write(Stream::Stderr, msg);
            w.write(Stream::Stderr, "\n");
        }
        if let Some(template) = &o.write_out {
            w.write(Stream::Stdout, &write_out(template, http, raw, code));
        }
        code
    };
    let mut url = match parse_url(raw) {
        Ok(u) => u,
        Err((code, msg)) => return fail(w, code, &msg, 0),
    };
    let method = o.method.clone().unwrap_or_else(|| {
        if o.head {
            "HEAD".to_owned()
        } else if o.data.is_some() {
            "POST".to_owned()
        } else {
            "GET".to_owned()
        }
    });
    let mut hops = 0;
    loop {
        let host_display = if url.host.contains(':') {
            format!("[{}]", url.host)
        } else {
            url.host.clone()
        };
        let addr = if url.host.eq_ignore_ascii_case("localhost") {
            "127.0.0.1".to_owned()
        } else {
            url.host.clone()
        };
        let response = match from {
            None => http_request(world, &method, &url.host, url.port, &url.path),
            Some(idx) => world.http_from(idx, &method, &url.host, url.port, &url.path),
        };
        if o.verbose && !matches!(response, Err(ConnectError::UnknownHost)) {
            w.write(
                Stream::Stderr,
                &format!("*   Trying {addr}:{}...\n", url.port),
            );
        }
        let response: HttpResponse = match response {
            Ok(r) => r,
            Err(ConnectError::UnknownHost) => {
                let msg = format!("curl: (6) Could not resolve host: {}", url.host);
                if o.verbose {
                    w.write(
                        Stream::Stderr,
                        &format!("* Could not resolve host: {}\n", url.host),
                    );
                    w.write(Stream::Stderr, "* Closing connection 0\n");
                }
                return fail(w, 6, &msg, 0);
            }
            Err(ConnectError::Refused) => {
                let msg = format!(
                    "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                    url.host, url.port
                );
                if o.verbose {
                    w.write(Stream::Stderr, &format!(
                        "* connect to {addr} port {} failed: Connection refused\n* Failed to connect to {} port {} after 0 ms: Couldn't connect to server\n* Closing connection 0\n",
                        url.port, url.host, url.port
                    ));
                }
                return fail(w, 7, &msg, 0);
            }
            Err(ConnectError::Reset) => {
                return fail(
                    w,
                    56,
                    "curl: (56) Recv failure: Connection reset by peer",
                    0,
                );
            }
            Err(ConnectError::EmptyReply) => {
                return fail(w, 52, "curl: (52) Empty reply from server", 0);
            }
            Err(ConnectError::NoAnswer) => {
                let Some(limit) = o.max_time.as_deref() else {
                    return INTERRUPTED;
                };
                // curl reports the time it gave up, a millisecond past the limit.
                let ms = limit
                    .parse::<f64>()
                    .map_or(0, |s| (s * 1000.0).round() as i64)
                    + 1;
                if o.verbose {
                    w.write(Stream::Stderr, &format!(
                        "* Connected to {} ({addr}) port {} (#0)\n> {method} {} HTTP/1.1\n> Host: {host_display}{}\n> User-Agent: curl/7.88.1\n> Accept: */*\n> \n* Operation timed out after {ms} milliseconds with 0 bytes received\n* Closing connection 0\n",
                        url.host,
                        url.port,
                        url.path,
                        if url.port == 80 { String::new() } else { format!(":{}", url.port) }
                    ));
                }
                let msg = format!(
                    "curl: (28) Operation timed out after {ms} milliseconds with 0 bytes received"
                );
                return fail(w, 28, &msg, 0);
            }
        };
        if url.scheme == "https" {
            return fail(
                w,
                35,
                "curl: (35) error:0A00010B:SSL routines::wrong version number",
                0,
            );
        }
        if o.verbose {
            w.write(Stream::Stderr, &format!(
                "* Connected to {} ({addr}) port {} (#0)\n> {method} {} HTTP/1.1\n> Host: {host_display}{}\n> User-Agent: curl/7.88.1\n> Accept: */*\n",
                url.host,
                url.port,
                url.path,
                if url.port == 80 { String::new() } else { format!(":{}", url.port) }
            ));
            for h in &o.headers {
                w.write(Stream::Stderr, &format!("> {h}\n"));
            }
            w.write(Stream::Stderr, "> \n");
            w.write(
                Stream::Stderr,
                &format!("< HTTP/1.1 {} {}\n", response.status, response.reason),
            );
            for (k, v) in &response.headers {
                w.write(Stream::Stderr, &format!("< {k}: {v}\n"));
            }
            w.write(Stream::Stderr, "< \n");
        }
        let location = response
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Location"))
            .map(|(_, v)| v.clone());
        if o.location
            && (300..400).contains(&response.status)
            && let Some(loc) = location
            && hops < 50
        {
            hops += 1;
            if o.include || o.head {
                w.write(Stream::Stdout, &head_block(&response));
            }
            url = if loc.starts_with('/') {
                Url { path: loc, ..url }
            } else {
                match parse_url(&loc) {
                    Ok(u) => u,
                    Err((code, msg)) => return fail(w, code, &msg, response.status),
                }
            };
            continue;
        }
        if o.fail && response.status >= 400 {
            if o.verbose {
                w.write(Stream::Stderr, "* Closing connection 0\n");
            }
            let msg = format!(
                "curl: (22) The requested URL returned error: {}",
                response.status
            );
            return fail(w, 22, &msg, response.status);
        }
        let mut body = String::new();
        if o.include || o.head {
            body.push_str(&head_block(&response));
        }
        if !o.head {
            body.push_str(&response.body);
        }
        let code = match o.output.as_deref() {
            None | Some("-") => {
                w.write(Stream::Stdout, &body);
                0
            }
            Some("/dev/null") => 0,
            // The simulator never writes files.
            Some(_) => {
                if !o.silent || o.show_error {
                    w.write(
                        Stream::Stderr,
                        "curl: (23) Failure writing output to destination\n",
                    );
                }
                23
            }
        };
        if o.verbose {
            w.write(
                Stream::Stderr,
                &format!("* Connection #0 to host {} left intact\n", url.host),
            );
        }
        if let Some(template) = &o.write_out {
            w.write(
                Stream::Stdout,
                &write_out(template, response.status, raw, code),
            );
        }
        return code;
    }
}

/// The status line and headers as they arrive, CRLF-terminated.
fn head_block(r: &HttpResponse) -> String {
    let mut s = format!("HTTP/1.1 {} {}\r\n", r.status, r.reason);
    for (k, v) in &r.headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s
}

/// `-w`: `%{http_code}` and a few other variables, `\n`/`\t`/`\r`, `%%`.
fn write_out(fmt: &str, http: u16, url: &str, exit: i32) -> String {
    let mut s = String::new();
    let mut rest = fmt;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%{")
            && let Some(end) = after.find('}')
        {
            let var = &after[..end];
            match var {
                "http_code" | "response_code" => s.push_str(&format!("{http:03}")),
                "url_effective" | "url" => s.push_str(url),
                "exitcode" => s.push_str(&exit.to_string()),
                _ => {}
            }
            rest = &after[end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("%%") {
            s.push('%');
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('\\')
            && let Some(e) = after.chars().next()
        {
            match e {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                '\\' => s.push('\\'),
                other => {
                    s.push('\\');
                    s.push(other);
                }
            }
            rest = &after[e.len_utf8()..];
            continue;
        }
        s.push(c);
        rest = &rest[c.len_utf8()..];
    }
    s
}
