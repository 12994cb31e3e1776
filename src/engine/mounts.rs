//! `-v/--volume` and `--mount` values as docker's CLI reads them (the
//! compose loader's `ParseVolume` and `opts.MountOpt`), and what the daemon
//! then refuses (`volume/mounts/linux_parser.go`).

/// What backs a mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    Volume,
    Bind,
    Tmpfs,
}

impl MountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Volume => "volume",
            MountKind::Bind => "bind",
            MountKind::Tmpfs => "tmpfs",
        }
    }
}

/// One mount a new container asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountSpec {
    pub kind: MountKind,
    /// A volume name (`""`: anonymous) or an absolute host path.
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// The `-v` text (kept in `HostConfig.Binds`); `None` for `--mount` and
    /// for anonymous volumes, which go to `Config.Volumes`.
    pub bind_text: Option<String>,
    /// Given with `--mount` (kept in `HostConfig.Mounts`).
    pub from_mount_flag: bool,
}

fn is_file_path(source: &str) -> bool {
    matches!(source.chars().next(), Some('.' | '/' | '~'))
}

/// Parses one `-v` value. `Err` is the CLI's text (printed after `docker: `).
pub fn parse_volume_flag(spec: &str) -> Result<MountSpec, String> {
    let anonymous = |target: &str| MountSpec {
        kind: MountKind::Volume,
        source: String::new(),
        target: target.to_owned(),
        read_only: false,
        bind_text: None,
        from_mount_flag: false,
    };
    match spec.chars().count() {
        0 => return Err("invalid empty volume spec".to_owned()),
        1 | 2 => return Ok(anonymous(spec)),
        _ => {}
    }
    let mut fields: Vec<&str> = spec.split(':').collect();
    if fields.iter().any(|f| f.is_empty()) {
        return Err(format!(
            "invalid spec: {spec}: empty section between colons"
        ));
    }
    if fields.len() > 3 {
        return Err(format!("invalid spec: {spec}: too many colons"));
    }
    if fields.len() == 1 {
        return Ok(anonymous(spec));
    }
    let options = if fields.len() == 3 {
        fields.pop()
    } else {
        None
    };
    let (source, target) = (fields[0], fields[1]);
    let mut read_only = false;
    for o in options.unwrap_or("").split(',') {
        match o {
            "ro" => read_only = true,
            "rw" => read_only = false,
            _ => {}
        }
    }
    let kind = if is_file_path(source) {
        MountKind::Bind
    } else {
        MountKind::Volume
    };
    Ok(MountSpec {
        kind,
        source: source.to_owned(),
        target: target.to_owned(),
        read_only,
        bind_text: Some(spec.to_owned()),
        from_mount_flag: false,
    })
}

/// Parses one `--mount` value; `Err` is the reason pflag quotes in
/// `invalid argument "..." for "--mount" flag: REASON`.
pub fn parse_mount_flag(value: &str) -> Result<MountSpec, String> {
    let mut kind = MountKind::Volume;
    let mut source = String::new();
    let mut target = String::new();
    let mut read_only = false;
    let mut volume_opts = false;
    let mut bind_opts = false;
    let mut tmpfs_opts = false;
    for field in value.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.to_ascii_lowercase(), None),
        };
        let Some(val) = val else {
            match key.as_str() {
                "readonly" | "ro" => read_only = true,
                "volume-nocopy" => volume_opts = true,
                "bind-nonrecursive" => bind_opts = true,
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
            continue;
        };
        match key.as_str() {
            "type" => {
                kind = match val.to_ascii_lowercase().as_str() {
                    "volume" => MountKind::Volume,
                    "bind" => MountKind::Bind,
                    "tmpfs" => MountKind::Tmpfs,
                    "" => return Err("type is required".to_owned()),
                    other => return Err(format!("invalid value for type: {other}")),
                }
            }
            "source" | "src" => val.clone_into(&mut source),
            "target" | "dst" | "destination" => val.clone_into(&mut target),
            "readonly" | "ro" => {
                read_only = match val.to_ascii_lowercase().as_str() {
                    "1" | "true" | "t" => true,
                    "0" | "false" | "f" => false,
                    _ => return Err(format!("invalid value for {key}: {val}")),
                }
            }
            "consistency" => {}
            "bind-propagation" | "bind-recursive" | "bind-nonrecursive" => bind_opts = true,
            "volume-nocopy" | "volume-label" | "volume-driver" | "volume-opt"
            | "volume-subpath" => volume_opts = true,
            "tmpfs-size" | "tmpfs-mode" => tmpfs_opts = true,
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    if target.is_empty() {
        return Err("target is required".to_owned());
    }
    if volume_opts && kind != MountKind::Volume {
        return Err(format!(
            "cannot mix 'volume-*' options with mount type '{}'",
            kind.as_str()
        ));
    }
    if bind_opts && kind != MountKind::Bind {
        return Err(format!(
            "cannot mix 'bind-*' options with mount type '{}'",
            kind.as_str()
        ));
    }
    if tmpfs_opts && kind != MountKind::Tmpfs {
        return Err(format!(
            "cannot mix 'tmpfs-*' options with mount type '{}'",
            kind.as_str()
        ));
    }
    Ok(MountSpec {
        kind,
        source,
        target,
        read_only,
        bind_text: None,
        from_mount_flag: true,
    })
}

/// A local volume name (`volume/local`'s `validName`).
pub fn valid_volume_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The daemon's checks of a mount before create; `Err` is its text.
pub fn validate(m: &MountSpec, host_has: impl Fn(&str) -> bool) -> Result<(), String> {
    let spec_text = m.bind_text.clone().unwrap_or_else(|| m.target.clone());
    if !m.target.starts_with('/') {
        let what = if m.from_mount_flag {
            format!(
                "invalid mount config for type \"{}\": invalid mount path: '{}' mount path must be absolute",
                m.kind.as_str(),
                m.target
            )
        } else {
            format!(
                "invalid volume specification: '{spec_text}': invalid mount config for type \"{}\": invalid mount path: '{}' mount path must be absolute",
                m.kind.as_str(),
                m.target
            )
        };
        return Err(what);
    }
    match m.kind {
        MountKind::Bind => {
            if m.source.is_empty() {
                return Err(
                    "invalid mount config for type \"bind\": field Source must not be empty"
                        .to_owned(),
                );
            }
            if !m.source.starts_with('/') && m.from_mount_flag {
                return Err(format!(
                    "invalid mount config for type \"bind\": invalid mount path: '{}' mount path must be absolute",
                    m.source
                ));
            }
            // `-v` creates a missing host directory; `--mount` refuses it.
            if m.from_mount_flag && !host_has(&m.source) {
                return Err(format!(
                    "invalid mount config for type \"bind\": bind source path does not exist: {}",
                    m.source
                ));
            }
        }
        MountKind::Volume => {
            if !m.source.is_empty() && !valid_volume_name(&m.source) {
                return Err(format!(
                    "create {}: \"{}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                    m.source, m.source
                ));
            }
        }
        MountKind::Tmpfs => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_flag_kinds() {
        let named = parse_volume_flag("pgdata:/var/lib/postgresql/data").unwrap();
        assert_eq!(named.kind, MountKind::Volume);
        assert_eq!(named.source, "pgdata");
        let bind = parse_volume_flag("/srv/conf:/etc/app:ro").unwrap();
        assert_eq!(bind.kind, MountKind::Bind);
        assert!(bind.read_only);
        let anon = parse_volume_flag("/data").unwrap();
        assert_eq!(anon.source, "");
        assert_eq!(anon.bind_text, None);
    }

    #[test]
    fn volume_flag_errors_are_the_clis() {
        assert_eq!(
            parse_volume_flag("a::b").unwrap_err(),
            "invalid spec: a::b: empty section between colons"
        );
        assert_eq!(
            parse_volume_flag("a:/b:ro:x").unwrap_err(),
            "invalid spec: a:/b:ro:x: too many colons"
        );
    }

    #[test]
    fn mount_flag_needs_target() {
        assert_eq!(
            parse_mount_flag("type=volume,source=x").unwrap_err(),
            "target is required"
        );
        let m = parse_mount_flag("type=bind,src=/srv,dst=/app,readonly").unwrap();
        assert_eq!((m.kind, m.read_only), (MountKind::Bind, true));
        assert_eq!(
            parse_mount_flag("type=bind,src=/x,dst=/y,volume-nocopy").unwrap_err(),
            "cannot mix 'volume-*' options with mount type 'bind'"
        );
    }
}
