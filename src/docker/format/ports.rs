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

/// Consecutive ports with the same host IP and protocol collapse into
/// ranges; mappings to a different host port are listed last.
pub fn displayable_ports(ports: &[Port]) -> String {
    let mut ports = ports.to_vec();
    ports.sort_by(|a, b| {
        a.private_port
            .cmp(&b.private_port)
            .then_with(|| a.ip.cmp(&b.ip))
            .then_with(|| a.public_port.cmp(&b.public_port))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    // Open groups by key, in the order the keys first appeared.
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut result = Vec::new();
    let mut host_mappings = Vec::new();
    for port in &ports {
        let current = port.private_port;
        let mut key = port.kind.clone();
        if !port.ip.is_empty() {
            if port.public_port != current {
                let host = join_host_port(&port.ip, &port.public_port.to_string());
                host_mappings.push(format!("{host}->{}/{}", port.private_port, port.kind));
                continue;
            }
            key = format!("{}/{}", port.ip, port.kind);
        }
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, current, current)),
            Some(group) => {
                // Go compares in uint16, so 65535 + 1 wraps to 0.
                if current == group.2.wrapping_add(1) {
                    group.2 = current;
                } else {
                    result.push(form_group(&group.0, group.1, group.2));
                    group.1 = current;
                    group.2 = current;
                }
            }
        }
    }
    for (key, first, last) in &groups {
        result.push(form_group(key, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

fn form_group(key: &str, start: u16, last: u16) -> String {
    let parts: Vec<&str> = key.split('/').collect();
    let (ip, kind) = if parts.len() > 1 {
        (parts[0], parts[1])
    } else {
        ("", parts[0])
    };
    let mut group = start.to_string();
    if start != last {
        group = format!("{group}-{last}");
    }
    if !ip.is_empty() {
        group = format!("{}->{group}", join_host_port(ip, &group));
    }
    format!("{group}/{kind}")
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
