//! What a published port answers: the simulated network between the host
//! and the containers. Nothing here touches a real socket.

use super::container::Container;
use super::json::at;
use super::world::World;

/// An HTTP response as a Go net/http server would send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: &'static str,
    /// In wire order, `Date`/`Content-Length` included.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Why no HTTP response came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectError {
    /// The host name is not one the simulated host resolves.
    UnknownHost,
    /// Nothing listens on that port.
    Refused,
    /// docker-proxy accepted, but nothing listens on the container port
    /// (`-p 8080:80` for an app on 8080): the proxy resets the connection.
    Reset,
    /// Something listens but speaks no HTTP the scenario declared.
    EmptyReply,
}

/// Hosts that reach the simulated machine itself.
pub fn is_local_host(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "::1" | "[::1]" | "0.0.0.0" | "host.docker.internal"
    ) || host.to_ascii_lowercase().ends_with(".localhost")
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Go's `http.DetectContentType`, for the bodies scenarios declare.
fn sniff(body: &str) -> &'static str {
    let trimmed = body.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
    let lower = trimmed.get(..14).unwrap_or(trimmed).to_ascii_lowercase();
    let html = [
        "<!doctype html",
        "<html",
        "<head",
        "<script",
        "<iframe",
        "<h1",
        "<div",
        "<font",
        "<table",
        "<a",
        "<style",
        "<title",
        "<b",
        "<body",
        "<br",
        "<p",
        "<!--",
    ];
    if html.iter().any(|p| {
        lower.starts_with(p) && matches!(lower.as_bytes().get(p.len()), Some(b' ' | b'>') | None)
    }) {
        return "text/html; charset=utf-8";
    }
    if lower.starts_with("<?xml") {
        return "text/xml; charset=utf-8";
    }
    if body
        .bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
    {
        return "application/octet-stream";
    }
    "text/plain; charset=utf-8"
}

/// `Date:` as net/http writes it (RFC 1123 with `GMT`).
pub fn http_date(world: &World) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = world.now.unix_seconds();
    let day = DAYS[secs.div_euclid(86_400).rem_euclid(7) as usize];
    // rfc3339(): YYYY-MM-DDTHH:MM:SSZ
    let t = world.now.rfc3339();
    let month = t
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{day}, {} {month} {} {} GMT",
        t.get(8..10).unwrap_or("01"),
        t.get(0..4).unwrap_or("0001"),
        t.get(11..19).unwrap_or("00:00:00")
    )
}

/// The running container that publishes `port` on an address `host`
/// reaches, and the container port it forwards to.
fn publisher<'a>(world: &'a World, host: &str, port: u16) -> Option<(&'a Container, String)> {
    let loopback_v4 = !host.contains(':');
    let want = port.to_string();
    world
        .containers
        .iter()
        .filter(|c| c.is_running())
        .find_map(|c| {
            c.published_ports().into_iter().find_map(|b| {
                let ip_ok = match b.host_ip.as_str() {
                    "0.0.0.0" | "127.0.0.1" => loopback_v4,
                    "::" | "::1" => !loopback_v4,
                    _ => false,
                };
                (ip_ok && b.host_port == want && b.container_port.ends_with("/tcp"))
                    .then_some((c, b.container_port))
            })
        })
}

/// One HTTP exchange with whatever listens on `host:port`. Routes come from
/// the image the container runs (its pinned `.Image`), not from whatever its
/// tag names now.
pub fn http_request(
    world: &World,
    method: &str,
    host: &str,
    port: u16,
    path: &str,
) -> Result<HttpResponse, ConnectError> {
    if !is_local_host(host) {
        return Err(ConnectError::UnknownHost);
    }
    // curl tries ::1 then 127.0.0.1 for localhost; either family may answer.
    let found = publisher(world, host, port).or_else(|| {
        if host.eq_ignore_ascii_case("localhost") {
            publisher(world, "::1", port)
        } else {
            None
        }
    });
    let Some((container, container_port)) = found else {
        return Err(ConnectError::Refused);
    };
    answer(world, container, &container_port, method, path)
}

/// What the app in `container` answers on `container_port` (`8080/tcp`),
/// reached through a published port or from inside a network.
pub(crate) fn answer(
    world: &World,
    container: &Container,
    container_port: &str,
    method: &str,
    path: &str,
) -> Result<HttpResponse, ConnectError> {
    let container_port = container_port.to_owned();
    let image_id = container.image_id();
    let exposed = world
        .image_by_id(image_id)
        .and_then(|i| at(&i.doc, &["Config", "ExposedPorts"]))
        .and_then(|e| e.as_object())
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    if !exposed.is_empty() && !exposed.contains(&container_port) {
        return Err(ConnectError::Reset);
    }
    let Some(routes) = world.apps.get(image_id) else {
        return Err(ConnectError::EmptyReply);
    };
    // The server routes on the path alone; the query does not matter.
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    // Go's ServeMux serves HEAD with the GET handler.
    let lookup = if method == "HEAD" { "GET" } else { method };
    let env = container.env();
    let mut on_path: Vec<_> = routes
        .iter()
        .filter(|r| r.path == path && r.applies(&env))
        .collect();
    // The most specific route first; ties keep their declared order.
    on_path.sort_by_key(|r| std::cmp::Reverse(r.when_env.len()));
    let mut headers: Vec<(String, String)> = Vec::new();
    let (status, body) = if let Some(route) = on_path
        .iter()
        .find(|r| r.method.eq_ignore_ascii_case(lookup))
    {
        headers.extend(route.headers.iter().cloned());
        (route.status, route.body.clone())
    } else if !on_path.is_empty() {
        let mut allow: Vec<String> = on_path
            .iter()
            .map(|r| r.method.to_ascii_uppercase())
            .collect();
        if allow.iter().any(|m| m == "GET") {
            allow.push("HEAD".to_owned());
        }
        allow.sort();
        allow.dedup();
        headers.push(("Allow".to_owned(), allow.join(", ")));
        headers.push((
            "Content-Type".to_owned(),
            "text/plain; charset=utf-8".to_owned(),
        ));
        headers.push(("X-Content-Type-Options".to_owned(), "nosniff".to_owned()));
        (405, "Method Not Allowed\n".to_owned())
    } else {
        // http.NotFound → http.Error sets these two headers.
        headers.push((
            "Content-Type".to_owned(),
            "text/plain; charset=utf-8".to_owned(),
        ));
        headers.push(("X-Content-Type-Options".to_owned(), "nosniff".to_owned()));
        (404, "404 page not found\n".to_owned())
    };
    // Handler-set headers go first, sorted by key (Header.WriteSubset);
    // then the server's own Date, Content-Length and sniffed Content-Type.
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let has_type = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("Content-Type"));
    headers.push(("Date".to_owned(), http_date(world)));
    let no_body = status == 204 || status == 304 || (100..200).contains(&status);
    if !no_body {
        headers.push(("Content-Length".to_owned(), body.len().to_string()));
        if !has_type && !body.is_empty() {
            headers.push(("Content-Type".to_owned(), sniff(&body).to_owned()));
        }
    }
    Ok(HttpResponse {
        status,
        reason: reason(status),
        headers,
        body: if method == "HEAD" || no_body {
            String::new()
        } else {
            body
        },
    })
}
