//! `formatter.DisplayablePorts`: the PORTS column of `docker ps`.

/// One entry of a container summary's `Ports` (`container.Port`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Port {
    pub ip: String,
    pub private_port: u16,
    pub public_port: u16,
    pub kind: String,
}

/// `net.JoinHostPort`: brackets hosts that contain a colon.
pub fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

impl Port {
    pub fn as_ref(&self) -> PortRef<'_> {
        PortRef {
            ip: &self.ip,
            private_port: self.private_port,
            public_port: self.public_port,
            kind: &self.kind,
        }
    }
}

/// A [`Port`] borrowing its strings from the container it describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRef<'a> {
    pub ip: &'a str,
    pub private_port: u16,
    pub public_port: u16,
    pub kind: &'a str,
}

/// Consecutive ports with the same host IP and protocol collapse into
/// ranges; mappings to a different host port are listed last.
pub fn displayable_ports(ports: &[Port]) -> String {
    let mut refs: Vec<PortRef<'_>> = ports.iter().map(Port::as_ref).collect();
    let mut out = String::new();
    write_displayable_ports(&mut out, &mut refs);
    out
}

/// A group's key as Go builds it: the protocol, or `ip/protocol`.
#[derive(Clone, Copy)]
struct GroupKey<'a> {
    ip: &'a str,
    kind: &'a str,
}

impl GroupKey<'_> {
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let sep: &[u8] = if self.ip.is_empty() { b"" } else { b"/" };
        self.ip
            .bytes()
            .chain(sep.iter().copied())
            .chain(self.kind.bytes())
    }

    /// Go compares the joined strings, so `("", "a/b")` and `("a", "b")`
    /// are one key.
    fn same(&self, other: &GroupKey<'_>) -> bool {
        self.ip.len() + self.kind.len() + usize::from(!self.ip.is_empty())
            == other.ip.len() + other.kind.len() + usize::from(!other.ip.is_empty())
            && self.bytes().eq(other.bytes())
    }
}

/// [`displayable_ports`] over borrowed ports, appended to `out`; `ports`
/// is sorted in place.
pub fn write_displayable_ports(out: &mut String, ports: &mut [PortRef<'_>]) {
    ports.sort_by(|a, b| {
        a.private_port
            .cmp(&b.private_port)
            .then_with(|| a.ip.cmp(b.ip))
            .then_with(|| a.public_port.cmp(&b.public_port))
            .then_with(|| a.kind.cmp(b.kind))
    });
    // Open groups by key, in the order the keys first appeared.
    let mut groups: Vec<(GroupKey<'_>, u16, u16)> = Vec::new();
    let mut first = true;
    let mut separate = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push_str(", ");
        }
    };
    let mut remapped = false;
    for port in ports.iter() {
        let current = port.private_port;
        let key = if port.ip.is_empty() {
            GroupKey {
                ip: "",
                kind: port.kind,
            }
        } else {
            if port.public_port != current {
                remapped = true;
                continue;
            }
            GroupKey {
                ip: port.ip,
                kind: port.kind,
            }
        };
        match groups.iter_mut().find(|(k, _, _)| k.same(&key)) {
            None => groups.push((key, current, current)),
            Some(group) => {
                // Go compares in uint16, so 65535 + 1 wraps to 0.
                if current == group.2.wrapping_add(1) {
                    group.2 = current;
                } else {
                    separate(out);
                    form_group(out, group.0, group.1, group.2);
                    group.1 = current;
                    group.2 = current;
                }
            }
        }
    }
    for (key, start, last) in &groups {
        separate(out);
        form_group(out, *key, *start, *last);
    }
    if remapped {
        for port in ports.iter() {
            if !port.ip.is_empty() && port.public_port != port.private_port {
                separate(out);
                write_host_port(out, port.ip, |out| push_u16(out, port.public_port));
                out.push_str("->");
                push_u16(out, port.private_port);
                out.push('/');
                out.push_str(port.kind);
            }
        }
    }
}

fn push_u16(out: &mut String, n: u16) {
    super::push_decimal(out, i64::from(n));
}

/// `net.JoinHostPort(host, port)`, with the port written by `port`.
fn write_host_port(out: &mut String, host: &str, port: impl Fn(&mut String)) {
    if host.as_bytes().contains(&b':') {
        out.push('[');
        out.push_str(host);
        out.push_str("]:");
    } else {
        out.push_str(host);
        out.push(':');
    }
    port(out);
}

fn form_group(out: &mut String, key: GroupKey<'_>, start: u16, last: u16) {
    // Go splits the joined key on `/` and keeps the first two parts.
    if key.ip.contains('/') || key.kind.contains('/') {
        let joined: String = String::from_utf8(key.bytes().collect()).unwrap_or_default();
        let parts: Vec<&str> = joined.split('/').collect();
        let (ip, kind) = if parts.len() > 1 {
            (parts[0], parts[1])
        } else {
            ("", parts[0])
        };
        return form_split_group(out, ip, kind, start, last);
    }
    form_split_group(out, key.ip, key.kind, start, last);
}

fn form_split_group(out: &mut String, ip: &str, kind: &str, start: u16, last: u16) {
    let range = |out: &mut String| {
        push_u16(out, start);
        if start != last {
            out.push('-');
            push_u16(out, last);
        }
    };
    if !ip.is_empty() {
        write_host_port(out, ip, range);
        out.push_str("->");
    }
    range(out);
    out.push('/');
    out.push_str(kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(ip: &str, private: u16, public: u16, kind: &str) -> Port {
        Port {
            ip: ip.to_owned(),
            private_port: private,
            public_port: public,
            kind: kind.to_owned(),
        }
    }

    #[test]
    fn consecutive_ports_collapse_into_ranges_per_ip() {
        let mut ports = Vec::new();
        for n in [8002, 8000, 8001] {
            ports.push(p("::", n, n, "tcp"));
            ports.push(p("0.0.0.0", n, n, "tcp"));
        }
        ports.push(p("0.0.0.0", 9090, 9090, "udp"));
        ports.push(p("::", 9090, 9090, "udp"));
        assert_eq!(
            displayable_ports(&ports),
            "0.0.0.0:8000-8002->8000-8002/tcp, [::]:8000-8002->8000-8002/tcp, 0.0.0.0:9090->9090/udp, [::]:9090->9090/udp"
        );
    }

    #[test]
    fn broken_ranges_are_emitted_first() {
        let ports = vec![
            p("0.0.0.0", 80, 80, "tcp"),
            p("::", 80, 80, "tcp"),
            p("0.0.0.0", 443, 443, "tcp"),
            p("::", 443, 443, "tcp"),
        ];
        assert_eq!(
            displayable_ports(&ports),
            "0.0.0.0:80->80/tcp, [::]:80->80/tcp, 0.0.0.0:443->443/tcp, [::]:443->443/tcp"
        );
    }

    #[test]
    fn unpublished_and_remapped_ports() {
        let ports = vec![
            p("", 6379, 0, "tcp"),
            p("0.0.0.0", 80, 8080, "tcp"),
            p("", 6380, 0, "tcp"),
        ];
        assert_eq!(
            displayable_ports(&ports),
            "6379-6380/tcp, 0.0.0.0:8080->80/tcp"
        );
    }
}
