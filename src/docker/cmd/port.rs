//! `docker port` (docker/cli `cli/command/container/port.go`).

use std::cmp::Ordering;

use crate::docker::Invocation;
use crate::docker::flags::{Flag, Parsed};

pub static FLAGS: &[Flag] = &[];

pub fn run(inv: &mut Invocation<'_>, parsed: &Parsed) {
    let Some(name) = parsed.args.first() else {
        return;
    };
    let container = match inv.world.container(name) {
        Ok(c) => c,
        Err(e) => {
            inv.out.daemon_error(&e);
            return;
        }
    };
    let bindings = container.published_ports();
    let mut lines: Vec<String> = Vec::new();
    if let Some(wanted) = parsed.args.get(1) {
        let (port, proto) = wanted.split_once('/').unwrap_or((wanted.as_str(), ""));
        let proto = if proto.is_empty() { "tcp" } else { proto };
        if let Err(reason) = parse_port(port) {
            inv.out.fail(&format!(
                "Error: invalid port ({port}): strconv.ParseUint: parsing {}: {reason}",
                crate::template::go_quote(port)
            ));
            return;
        }
        let key = format!("{port}/{proto}");
        lines.extend(
            bindings
                .iter()
                .filter(|b| b.container_port == key)
                .map(|b| join_host_port(&b.host_ip, &b.host_port)),
        );
        if lines.is_empty() {
            inv.out.fail(&format!(
                "Error: No public port '{wanted}' published for {name}"
            ));
            return;
        }
    } else {
        lines.extend(bindings.iter().map(|b| {
            format!(
                "{} -> {}",
                b.container_port,
                join_host_port(&b.host_ip, &b.host_port)
            )
        }));
    }
    lines.sort_by(|a, b| natural_cmp(a, b));
    for line in lines {
        inv.out.println(&line);
    }
}

/// `strconv.ParseUint(port, 10, 16)`'s failure reason.
fn parse_port(port: &str) -> Result<u16, &'static str> {
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    port.parse::<u16>().map_err(|_| "value out of range")
}

/// `net.JoinHostPort`: IPv6 hosts are bracketed.
fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// `sortorder.NaturalLess`: digit runs compare as numbers and sort before
/// other bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (da, db) = (a[i].is_ascii_digit(), b[j].is_ascii_digit());
        if da != db {
            return if da {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        if !da {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let (si, sj) = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (na, nb) = (&a[si..i], &b[sj..j]);
        if na.len() != nb.len() {
            return na.len().cmp(&nb.len());
        }
        if na != nb {
            return na.cmp(nb);
        }
        if si != sj {
            return si.cmp(&sj);
        }
    }
    // Identical so far: the shorter string sorts first.
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_puts_80_before_443_and_ipv4_before_ipv6() {
        let mut v = vec![
            "443/tcp -> 0.0.0.0:443",
            "80/tcp -> [::]:80",
            "80/tcp -> 0.0.0.0:80",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "80/tcp -> 0.0.0.0:80",
                "80/tcp -> [::]:80",
                "443/tcp -> 0.0.0.0:443"
            ]
        );
    }

    #[test]
    fn ports_parse_as_uint16() {
        assert_eq!(parse_port("abc"), Err("invalid syntax"));
        assert_eq!(parse_port("70000"), Err("value out of range"));
        assert_eq!(parse_port("-1"), Err("invalid syntax"));
        assert_eq!(parse_port("8080"), Ok(8080));
    }
}
