//! `docker logs` (docker/cli `container/logs.go`, moby `daemon/logs.go`,
//! `api/types/time`). Times are read on the world's clock.

use crate::docker::Invocation;
use crate::docker::flags::{Flag, Parsed};
use crate::engine::{Status, Stream, Timestamp};

pub static FLAGS: &[Flag] = &[
    Flag::bool("details", None),
    Flag::bool("follow", Some('f')),
    Flag::string("since", None),
    Flag::string("tail", Some('n')),
    Flag::bool("timestamps", Some('t')),
    Flag::string("until", None),
];

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
    let now = inv.world.now;
    // The client converts --since/--until before it sends the request.
    let mut bound = |flag: &str| -> Result<Option<Timestamp>, ()> {
        match parsed.string(flag).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => match get_timestamp(v, now) {
                Ok(t) => Ok(t),
                Err(e) => {
                    inv.out
                        .fail(&format!("invalid value for {}: {e}", quote(flag)));
                    Err(())
                }
            },
        }
    };
    let Ok(since) = bound("since") else { return };
    let Ok(until) = bound("until") else { return };
    if matches!(container.status(), Status::Dead | Status::Removing) {
        inv.out.fail(
            "Error response from daemon: can not get logs from container which is dead or marked for removal",
        );
        return;
    }
    let driver = crate::engine::json::str_at(&container.doc, &["HostConfig", "LogConfig", "Type"]);
    if driver == "none" {
        inv.out
            .fail("Error response from daemon: configured logging driver does not support reading");
        return;
    }
    // The daemon reads `tail` with strconv.Atoi; anything else means all.
    let tail: Option<usize> = parsed
        .string("tail")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|n| usize::try_from(n).ok());
    let entries = &container.logs;
    let start = tail.map_or(0, |n| entries.len().saturating_sub(n));
    let tty = crate::engine::json::bool_at(&container.doc, &["Config", "Tty"]);
    let timestamps = parsed.flag("timestamps");
    let details = parsed.flag("details");
    let mut since = since;
    for entry in &entries[start..] {
        if let Some(s) = since {
            if entry.time < s {
                continue;
            }
            // Timestamps need not be monotonic: once one entry passes, the
            // daemon stops checking `since`.
            since = None;
        }
        if until.is_some_and(|u| entry.time > u) {
            break;
        }
        let mut line = String::new();
        if timestamps {
            line.push_str(&entry.time.rfc3339_nano_fixed());
            line.push(' ');
        }
        if details {
            // No log-opt attributes: an empty attribute list and its space.
            line.push(' ');
        }
        line.push_str(&entry.line);
        if tty || entry.stream == Stream::Stdout {
            inv.out.print(&line);
        } else {
            inv.out.eprint(&line);
        }
    }
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

/// `timetypes.GetTimestamp`, then the daemon's `ParseTimestamps`: a Go
/// duration counts back from now (whole seconds), otherwise an RFC 3339-like
/// time or a Unix timestamp. `Ok(None)` means no bound (`--until 0`).
pub(crate) fn get_timestamp(value: &str, now: Timestamp) -> Result<Option<Timestamp>, String> {
    if value != "0"
        && let Some(ns) = parse_go_duration(value)
    {
        let t = now.plus_nanos(-ns);
        return Ok(Some(Timestamp::from_unix_seconds(t.unix_seconds())));
    }
    if value.contains('-') {
        return parse_time_like(value).map(Some).ok_or_else(|| {
            format!(
                "parsing time {}: cannot parse {} as \"2006\"",
                quote(value),
                quote(value)
            )
        });
    }
    let (secs, frac) = value.split_once('.').unwrap_or((value, ""));
    let Ok(s) = secs.parse::<i64>() else {
        return Err(format!(
            "failed to parse value as time or duration: {}",
            quote(value)
        ));
    };
    let nanos = if frac.is_empty() {
        0
    } else {
        let Ok(n) = frac.parse::<i64>() else {
            return Err(format!(
                "failed to parse value as time or duration: {}",
                quote(value)
            ));
        };
        let digits = i32::try_from(frac.len()).unwrap_or(9);
        (n as f64 * 10f64.powi(9 - digits)) as i64
    };
    if s == 0 && nanos == 0 {
        return Ok(None);
    }
    Ok(Some(Timestamp::from_unix_seconds(s).plus_nanos(nanos)))
}

/// Dates and times the way `GetTimestamp` accepts them, in UTC (the
/// simulator's zone): `2006-01-02`, `2006-01-02T15:04`, RFC 3339 with or
/// without zone and fraction.
fn parse_time_like(value: &str) -> Option<Timestamp> {
    if let Ok(t) = Timestamp::parse(value) {
        return Some(t);
    }
    let (date, time) = value.split_once('T').unwrap_or((value, ""));
    let time = time.trim_end_matches(['Z', 'z']);
    let mut hms: Vec<&str> = if time.is_empty() {
        Vec::new()
    } else {
        time.split(':').collect()
    };
    while hms.len() < 3 {
        hms.push("00");
    }
    let text = format!("{date}T{}:{}:{}Z", hms[0], hms[1], hms[2]);
    Timestamp::parse(&text).ok()
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_go_duration(s: &str) -> Option<i64> {
    crate::docker::go_duration::parse(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_count_back_whole_seconds() {
        let now = Timestamp::parse("2026-11-27T00:20:56.5Z").unwrap_or_default();
        let t = get_timestamp("10m", now).ok().flatten();
        assert_eq!(
            t.map(|t| t.rfc3339()),
            Some("2026-11-27T00:10:56Z".to_owned())
        );
        assert_eq!(get_timestamp("0", now), Ok(None));
        assert!(get_timestamp("bogus", now).is_err());
        let abs = get_timestamp("2026-11-26T18:20:54Z", now).ok().flatten();
        assert_eq!(
            abs.map(|t| t.rfc3339()),
            Some("2026-11-26T18:20:54Z".to_owned())
        );
        assert_eq!(parse_go_duration("1h30m"), Some(5_400_000_000_000));
    }
}
