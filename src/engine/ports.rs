//! `-p/--publish` specs as docker's CLI (go-connections `nat.ParsePortSpec`)
//! reads them, and the host side of a binding.

/// One container port to publish, after range expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    /// As typed (`""` = all interfaces).
    pub host_ip: String,
    /// As typed (`""` = an ephemeral port chosen at start).
    pub host_port: String,
    pub container_port: u16,
    /// `tcp`, `udp` or `sctp`.
    pub proto: String,
}

impl PortSpec {
    /// The key docker uses in `ExposedPorts`/`PortBindings`: `8080/tcp`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.container_port, self.proto)
    }
}

/// Parses one `-p` value: `[ip:][hostPort:]containerPort[/proto]`, where
/// ports may be ranges (`8000-8002:8000-8002`). The error is the CLI's text.
pub fn parse_publish(raw: &str) -> Result<Vec<PortSpec>, String> {
    let (rest, proto) = match raw.rsplit_once('/') {
        Some((r, p)) => (r, p.to_ascii_lowercase()),
        None => (raw, "tcp".to_owned()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    // An IPv6 host address is bracketed: [::1]:8080:80.
    let (ip, rest) = if let Some(after) = rest.strip_prefix('[') {
        match after.split_once("]:") {
            Some((ip, r)) => (ip.to_owned(), r),
            None => return Err(format!("invalid IP address: {rest}")),
        }
    } else {
        let parts: Vec<&str> = rest.split(':').collect();
        match parts.len() {
            1 | 2 => (String::new(), rest),
            3 => {
                let ip = parts[0];
                if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
                    return Err(format!("invalid IP address: {ip}"));
                }
                (ip.to_owned(), &rest[ip.len() + 1..])
            }
            _ => {
                return Err(format!(
                    "invalid IP address: {}",
                    parts[..parts.len() - 2].join(":")
                ));
            }
        }
    };
    let (host, container) = match rest.split_once(':') {
        Some((h, c)) => (h, c),
        None => ("", rest),
    };
    if container.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let (c_lo, c_hi) =
        parse_range(container).ok_or_else(|| format!("invalid containerPort: {container}"))?;
    let host_range = if host.is_empty() {
        None
    } else {
        Some(parse_range(host).ok_or_else(|| format!("invalid hostPort: {host}"))?)
    };
    let count = c_hi - c_lo + 1;
    if let Some((h_lo, h_hi)) = host_range {
        let h_count = h_hi - h_lo + 1;
        // A single container port may take a host range (docker picks one);
        // otherwise the two ranges must be the same length.
        if count != 1 && count != h_count {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {container} and {host}"
            ));
        }
    }
    let mut out = Vec::new();
    for i in 0..count {
        let host_port = match host_range {
            None => String::new(),
            Some((h_lo, h_hi)) if count == 1 && h_hi != h_lo => format!("{h_lo}-{h_hi}"),
            Some((h_lo, _)) => (h_lo + i).to_string(),
        };
        out.push(PortSpec {
            host_ip: ip.clone(),
            host_port,
            container_port: c_lo + i,
            proto: proto.clone(),
        });
    }
    Ok(out)
}

fn parse_range(s: &str) -> Option<(u16, u16)> {
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?),
        None => {
            let p = s.parse::<u16>().ok()?;
            (p, p)
        }
    };
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_forms() {
        let p = parse_publish("8080:8080").unwrap();
        assert_eq!(p[0].host_port, "8080");
        assert_eq!(p[0].key(), "8080/tcp");
        let p = parse_publish("127.0.0.1:9000:80/udp").unwrap();
        assert_eq!(
            (p[0].host_ip.as_str(), p[0].key()),
            ("127.0.0.1", "80/udp".to_owned())
        );
        let p = parse_publish("8000-8002:9000-9002").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(
            (p[2].host_port.as_str(), p[2].container_port),
            ("8002", 9002)
        );
        assert_eq!(parse_publish("80").unwrap()[0].host_port, "");
        assert!(parse_publish("x:80").is_err());
        assert!(parse_publish("80/foo").is_err());
    }
}
