use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    fn parse(s: &str) -> Option<Protocol> {
        match s {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "sctp" => Some(Protocol::Sctp),
            _ => None,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        })
    }
}

/// A port an image exposes; displays as Docker keys it (`8080/tcp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExposedPort {
    pub port: u16,
    pub protocol: Protocol,
}

impl ExposedPort {
    /// `8080/tcp`, `53/udp`, or `8080` (tcp, as `EXPOSE 8080` means).
    pub fn parse(s: &str) -> Result<ExposedPort, String> {
        let (port, proto) = match s.split_once('/') {
            Some((p, proto)) => (p, proto),
            None => (s, "tcp"),
        };
        let protocol = Protocol::parse(proto).ok_or_else(|| {
            format!("{s:?}: unknown protocol {proto:?}; expected tcp, udp or sctp")
        })?;
        Ok(ExposedPort {
            port: parse_port(port).ok_or_else(|| {
                format!(
                    "{s:?} is not a port; expected 1-65535, optionally with /tcp, /udp or /sctp"
                )
            })?,
            protocol,
        })
    }
}

impl fmt::Display for ExposedPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.port, self.protocol)
    }
}

/// A `-p` publish spec: `[ip:][host_port:]container_port[/proto]`.
/// Displays in the canonical form Docker would echo back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PortSpec {
    /// `None` binds all addresses (Docker's `0.0.0.0` and `::`).
    pub host_ip: Option<String>,
    /// `None` means an ephemeral host port chosen by the engine.
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub protocol: Protocol,
}

impl PortSpec {
    pub fn parse(s: &str) -> Result<PortSpec, String> {
        let bad = || {
            format!(
                "{s:?} is not a publish spec; expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO], like \"8080:8080\" or \"127.0.0.1:8080:80/tcp\""
            )
        };
        let (addr, proto) = match s.rsplit_once('/') {
            Some((a, p)) => (a, Protocol::parse(p).ok_or_else(bad)?),
            None => (s, Protocol::Tcp),
        };
        // An IPv6 host address is bracketed, so split it off before counting colons.
        let (host_ip, ports) = if let Some(rest) = addr.strip_prefix('[') {
            let (ip, after) = rest.split_once(']').ok_or_else(bad)?;
            let after = after.strip_prefix(':').ok_or_else(bad)?;
            if ip.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!("{s:?}: {ip:?} is not an IPv6 address"));
            }
            (Some(ip.to_owned()), after)
        } else {
            let parts: Vec<&str> = addr.split(':').collect();
            match parts.as_slice() {
                [ip, host, container] => {
                    if ip.parse::<std::net::Ipv4Addr>().is_err() {
                        return Err(format!(
                            "{s:?}: {ip:?} is not an IPv4 address (bracket IPv6 ones: \"[::1]:8080:80\")"
                        ));
                    }
                    return Self::finish(Some((*ip).to_owned()), host, container, proto, s);
                }
                _ => (None, addr),
            }
        };
        match ports.split(':').collect::<Vec<_>>().as_slice() {
            [container] if host_ip.is_none() => Self::finish(None, "", container, proto, s),
            [host, container] => Self::finish(host_ip, host, container, proto, s),
            _ => Err(bad()),
        }
    }

    fn finish(
        host_ip: Option<String>,
        host: &str,
        container: &str,
        protocol: Protocol,
        s: &str,
    ) -> Result<PortSpec, String> {
        let host_port = if host.is_empty() {
            None
        } else {
            Some(
                parse_port(host)
                    .ok_or_else(|| format!("{s:?}: host port {host:?} is not 1-65535"))?,
            )
        };
        let container_port = parse_port(container)
            .ok_or_else(|| format!("{s:?}: container port {container:?} is not 1-65535"))?;
        Ok(PortSpec {
            host_ip,
            host_port,
            container_port,
            protocol,
        })
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host_ip {
            Some(ip) if ip.contains(':') => write!(f, "[{ip}]:")?,
            Some(ip) => write!(f, "{ip}:")?,
            None => {}
        }
        match self.host_port {
            Some(p) => write!(f, "{p}:")?,
            None if self.host_ip.is_some() => f.write_str(":")?,
            None => {}
        }
        write!(f, "{}", self.container_port)?;
        if self.protocol != Protocol::Tcp {
            write!(f, "/{}", self.protocol)?;
        }
        Ok(())
    }
}

fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<u16>().ok().filter(|p| *p > 0)
}
