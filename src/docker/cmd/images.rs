//! `docker images` / `docker image ls`: the daemon's image list (moby
//! `daemon/images/image_list.go`) and the CLI's `imageContext`.

use crate::docker::flags::{Flag, Parsed};
use crate::docker::format::filters::Filters;
use crate::docker::format::pattern::{BadPattern, path_match};
use crate::docker::format::units::{human_duration, human_size, human_size_with_precision};
use crate::docker::format::{
    Format, SubHeader, go_quote, go_time_string_seconds, no_args, truncate_id, write_table,
};
use crate::docker::{ArgsRule, Command, Invocation};
use crate::engine::{EngineError, Image, Reference, Timestamp, World};
use crate::template::{Object, Value};

pub const FLAGS: &[Flag] = &[
    Flag::bool("all", Some('a')),
    Flag::bool("digests", None),
    Flag::list("filter", Some('f')),
    Flag::string("format", None),
    Flag::bool("no-trunc", None),
    Flag::bool("quiet", Some('q')),
    Flag::bool("tree", None),
];

pub const IMAGES: Command = Command {
    path: "images",
    usage: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
    short: "List images",
    flags: FLAGS,
    interspersed: true,
    args: ArgsRule::AtMost(1),
    run: run_images,
};

pub const fn image_ls(path: &'static str) -> Command {
    Command {
        path,
        usage: "docker image ls [OPTIONS] [REPOSITORY[:TAG]]",
        short: "List images",
        flags: FLAGS,
        interspersed: true,
        args: ArgsRule::AtMost(1),
        run: run_image_ls,
    }
}

fn run_images(inv: &mut Invocation<'_>, p: &Parsed) {
    run(inv, p, true);
}

fn run_image_ls(inv: &mut Invocation<'_>, p: &Parsed) {
    run(inv, p, false);
}

const DEFAULT_TABLE: &str = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const DEFAULT_TABLE_DIGEST: &str = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";

/// `formatter.NewImageFormat`.
fn image_format(source: &str, quiet: bool, digest: bool) -> Format {
    let f = match source {
        "table" if quiet => "{{.ID}}",
        "table" if digest => DEFAULT_TABLE_DIGEST,
        "table" => DEFAULT_TABLE,
        "raw" if quiet => "image_id: {{.ID}}",
        "raw" if digest => {
            "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
        }
        "raw" => {
            "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
        }
        custom => {
            let mut f = Format(custom.to_owned());
            if f.is_table() && digest && !f.contains("{{.Digest}}") {
                f.0.push_str("\t{{.Digest}}");
            }
            return f;
        }
    };
    Format(f.to_owned())
}

fn run(inv: &mut Invocation<'_>, p: &Parsed, called_as_images: bool) {
    let mut filters = match Filters::parse(p.list("filter"), "-f, --filter") {
        Ok(f) => f,
        Err(e) => return inv.flag_error(&e),
    };
    let match_name = p.args.first().cloned().unwrap_or_default();
    if !match_name.is_empty() {
        filters.add("reference", &match_name);
    }
    let quiet = p.flag("quiet");
    let no_trunc = p.flag("no-trunc");
    let digests = p.flag("digests");
    let format_src = p.string("format").unwrap_or("");
    if p.flag("tree") {
        let refusal = if quiet {
            Some("--quiet is not yet supported with --tree")
        } else if no_trunc {
            Some("--no-trunc is not yet supported with --tree")
        } else if digests {
            Some("--show-digest is not yet supported with --tree")
        } else if !format_src.is_empty() {
            Some("--format is not yet supported with --tree")
        } else {
            None
        };
        if let Some(msg) = refusal {
            return inv.out.fail(msg);
        }
    }
    let summaries = match list_images(inv.world, p.flag("all"), &filters) {
        Ok(s) => s,
        Err(e) => return inv.out.daemon_error(&e),
    };
    let source = if format_src.is_empty() {
        "table"
    } else {
        format_src
    };
    let format = image_format(source, quiet, digests);
    let need_digest = digests || format.contains("{{.Digest}}");
    let now = inv.world.now;
    let mut rows = Vec::new();
    for s in &summaries {
        for (repo, tag, digest) in image_rows(s, need_digest, digests) {
            rows.push(Value::object(ImageContext {
                summary: s.clone(),
                trunc: !no_trunc,
                repo,
                tag,
                digest,
                now,
            }));
        }
    }
    let header = Value::object(SubHeader::new(HEADERS));
    match write_table(&format, &header, &rows) {
        Ok(text) => inv.out.print_string(text),
        Err(e) => return inv.out.fail(&e),
    }
    if !match_name.is_empty() && summaries.is_empty() && called_as_images {
        hint(inv, &match_name);
    }
}

/// The legacy `docker images` takes a name, so `docker images ls` lists
/// nothing; docker points at the command the user probably meant.
fn hint(inv: &mut Invocation<'_>, name: &str) {
    const SUBCOMMANDS: &[&str] = &[
        "build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push",
        "rm", "save", "tag",
    ];
    if SUBCOMMANDS.contains(&name) {
        inv.out.eprint(&format!(
            "\nNo images found matching {}: did you mean \"docker image {name}\"?\n",
            go_quote(name)
        ));
    }
}

const HEADERS: &[(&str, &str)] = &[
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("Tag", "TAG"),
    ("Digest", "DIGEST"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Size", "SIZE"),
    ("Containers", "CONTAINERS"),
    ("VirtualSize", "SIZE"),
    ("SharedSize", "SHARED SIZE"),
    ("UniqueSize", "UNIQUE SIZE"),
];

/// `image.Summary` as the list endpoint returns it.
#[derive(Clone, Debug, Default)]
pub struct ImageSummary {
    pub id: String,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    /// Unix seconds.
    pub created: i64,
    pub size: i64,
}

const ACCEPTED_FILTERS: &[&str] = &["dangling", "label", "before", "since", "reference", "until"];

/// How the daemon words a failed image lookup: the reference normalised
/// with `:latest`, or as typed when it is not a reference.
pub fn no_such_image<'w>(world: &'w World, reference: &str) -> Result<&'w Image, EngineError> {
    world.image(reference).map_err(|e| match e {
        EngineError::NoSuchImage(_) => match Reference::parse(reference) {
            Ok(r) => EngineError::NoSuchImage(r.with_default_tag().familiar()),
            Err(re) => EngineError::Other(re.to_string()),
        },
        other => other,
    })
}

/// `GET /images/json`.
pub fn list_images(
    world: &World,
    all: bool,
    f: &Filters,
) -> Result<Vec<ImageSummary>, EngineError> {
    f.validate(ACCEPTED_FILTERS).map_err(EngineError::Other)?;
    let dangling_only = f
        .bool_or_default("dangling", false)
        .map_err(EngineError::Other)?;
    let mut before: Option<Timestamp> = None;
    for v in f.get("before") {
        let t = no_such_image(world, v)?.created();
        if before.is_none_or(|b| b > t) {
            before = Some(t);
        }
    }
    for v in f.get("until") {
        let t = until_timestamp(v, world.now).map_err(EngineError::Other)?;
        if before.is_none_or(|b| b > t) {
            before = Some(t);
        }
    }
    let mut since: Option<Timestamp> = None;
    for v in f.get("since") {
        let t = no_such_image(world, v)?.created();
        if since.is_none_or(|s| s < t) {
            since = Some(t);
        }
    }
    let has_children = |img: &Image| world.images.iter().any(|i| i.parent() == img.id());
    let mut out: Vec<(Timestamp, ImageSummary)> = Vec::new();
    for img in &world.images {
        if dangling_only && has_children(img) {
            continue;
        }
        let created = img.created();
        if before.is_some_and(|b| created >= b) || since.is_some_and(|s| created <= s) {
            continue;
        }
        if f.contains("label") && !f.match_kv_list("label", &img.labels()) {
            continue;
        }
        let mut summary = ImageSummary {
            id: img.id().to_owned(),
            repo_tags: Vec::new(),
            repo_digests: Vec::new(),
            created: created.unix_seconds(),
            size: img.size(),
        };
        let refs = img
            .repo_digests()
            .into_iter()
            .map(|r| (r, true))
            .chain(img.repo_tags().into_iter().map(|r| (r, false)));
        for (reference, is_digest) in refs {
            if f.contains("reference") {
                let mut found = false;
                for pattern in f.get("reference") {
                    found = familiar_match(pattern, &reference)
                        .map_err(|e| EngineError::Other(e.to_string()))?;
                    if found {
                        break;
                    }
                }
                if !found {
                    continue;
                }
            }
            if is_digest {
                summary.repo_digests.push(reference);
            } else {
                summary.repo_tags.push(reference);
            }
        }
        if summary.repo_digests.is_empty() && summary.repo_tags.is_empty() {
            if all || !has_children(img) {
                if f.contains("dangling") && !dangling_only {
                    continue;
                }
                if f.contains("reference") {
                    continue;
                }
            } else {
                continue;
            }
        } else if dangling_only && !summary.repo_tags.is_empty() {
            continue;
        }
        out.push((created, summary));
    }
    // Newest first by whole seconds, as the daemon compares `Created`.
    out.sort_by(|a, b| b.1.created.cmp(&a.1.created).then(b.0.cmp(&a.0)));
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// `reference.FamiliarMatch`: the pattern against the familiar string, then
/// against the familiar name alone.
fn familiar_match(pattern: &str, reference: &str) -> Result<bool, BadPattern> {
    let matched = path_match(pattern, reference)?;
    if matched {
        return Ok(true);
    }
    match Reference::parse(reference) {
        Ok(r) => Ok(path_match(pattern, &r.familiar_name()).unwrap_or(false)),
        Err(_) => Ok(false),
    }
}

/// `timetypes.GetTimestamp` + `ParseTimestamps` for the `until` filter.
fn until_timestamp(value: &str, now: Timestamp) -> Result<Timestamp, String> {
    if value != "0"
        && let Some(d) = go_parse_duration(value)
    {
        return Ok(Timestamp::from_unix_seconds(
            now.plus_nanos(-d).unix_seconds(),
        ));
    }
    let candidates = [
        value.to_owned(),
        format!("{value}Z"),
        format!("{value}:00Z"),
        format!("{value}:00:00Z"),
        format!("{value}T00:00:00Z"),
    ];
    if value.contains('-') {
        return candidates
            .iter()
            .find_map(|c| Timestamp::parse(c).ok())
            .ok_or_else(|| format!("parsing time {}: cannot parse", go_quote(value)));
    }
    let (secs, frac) = value.split_once('.').unwrap_or((value, ""));
    let bad = || {
        format!(
            "failed to parse value as time or duration: {}",
            go_quote(value)
        )
    };
    let secs: i64 = secs.parse().map_err(|_| bad())?;
    let nanos: i64 = if frac.is_empty() {
        0
    } else {
        let n: i64 = frac.parse().map_err(|_| bad())?;
        (n as f64 * 10f64.powi(9 - frac.len() as i32)) as i64
    };
    Ok(Timestamp::from_unix_seconds(secs).plus_nanos(nanos))
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn go_parse_duration(s: &str) -> Option<i64> {
    crate::docker::go_duration::parse(s).ok()
}

/// `imageFormat`: the (repository, tag, digest) rows one image lists as.
fn image_rows(
    s: &ImageSummary,
    need_digest: bool,
    show_digests: bool,
) -> Vec<(String, String, String)> {
    let none = || "<none>".to_owned();
    let dangling = (s.repo_tags.is_empty() && s.repo_digests.is_empty())
        || (s.repo_tags == ["<none>:<none>"] && s.repo_digests == ["<none>@<none>"]);
    if dangling {
        return vec![(none(), none(), none())];
    }
    // Repositories in order of first appearance; Go ranges over a map here,
    // so any fixed order is one docker could print.
    let mut repo_tags: Vec<(String, Vec<String>)> = Vec::new();
    for r in &s.repo_tags {
        let Ok(parsed) = Reference::parse(r) else {
            continue;
        };
        let Some(tag) = parsed.tag.clone() else {
            continue;
        };
        let name = parsed.familiar_name();
        match repo_tags.iter_mut().find(|(n, _)| *n == name) {
            Some((_, tags)) => tags.push(tag),
            None => repo_tags.push((name, vec![tag])),
        }
    }
    let mut repo_digests: Vec<(String, Vec<String>)> = Vec::new();
    for r in &s.repo_digests {
        let Ok(parsed) = Reference::parse(r) else {
            continue;
        };
        let Some(digest) = parsed.digest.clone() else {
            continue;
        };
        let name = parsed.familiar_name();
        match repo_digests.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => d.push(digest),
            None => repo_digests.push((name, vec![digest])),
        }
    }
    let mut rows = Vec::new();
    for (repo, tags) in repo_tags {
        let digests = match repo_digests.iter().position(|(n, _)| *n == repo) {
            Some(i) => repo_digests.remove(i).1,
            None => Vec::new(),
        };
        let digests = if need_digest { digests } else { Vec::new() };
        for tag in tags {
            if digests.is_empty() {
                rows.push((repo.clone(), tag, none()));
                continue;
            }
            for d in &digests {
                rows.push((repo.clone(), tag.clone(), d.clone()));
            }
        }
    }
    for (repo, digests) in repo_digests {
        if show_digests {
            for d in digests {
                rows.push((repo.clone(), none(), d));
            }
        } else {
            rows.push((repo, none(), String::new()));
        }
    }
    rows
}

/// `formatter.imageContext`.
pub struct ImageContext {
    pub summary: ImageSummary,
    pub trunc: bool,
    pub repo: String,
    pub tag: String,
    pub digest: String,
    pub now: Timestamp,
}

impl ImageContext {
    fn id(&self) -> String {
        if self.trunc {
            truncate_id(&self.summary.id).to_owned()
        } else {
            self.summary.id.clone()
        }
    }

    fn created_since(&self) -> String {
        let created = Timestamp::from_unix_seconds(self.summary.created);
        format!("{} ago", human_duration(self.now.nanos_since(created)))
    }

    fn created_at(&self) -> String {
        go_time_string_seconds(Timestamp::from_unix_seconds(self.summary.created))
    }

    fn fields(&self) -> [(&'static str, String); 11] {
        [
            ("Containers", "N/A".to_owned()),
            ("CreatedAt", self.created_at()),
            ("CreatedSince", self.created_since()),
            ("Digest", self.digest.clone()),
            ("ID", self.id()),
            ("Repository", self.repo.clone()),
            ("SharedSize", "N/A".to_owned()),
            (
                "Size",
                human_size_with_precision(self.summary.size as f64, 3),
            ),
            ("Tag", self.tag.clone()),
            ("UniqueSize", "N/A".to_owned()),
            ("VirtualSize", human_size(self.summary.size as f64)),
        ]
    }
}

impl Object for ImageContext {
    fn type_name(&self) -> &str {
        "*formatter.imageContext"
    }

    fn method_arity(&self, name: &str) -> Option<usize> {
        (name != "Header").then_some(0)
    }

    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name == "Header" || name == "FullHeader" {
            return Some(no_args(name, args).map(|()| Value::map(Default::default())));
        }
        let (_, v) = self.fields().into_iter().find(|(k, _)| *k == name)?;
        Some(no_args(name, args).map(|()| Value::str(v)))
    }

    /// `formatter.MarshalJSON` goes through `json.Marshal`: HTML escaped.
    fn json_escapes_html(&self) -> bool {
        true
    }

    fn to_json_value(&self) -> Value {
        Value::map(
            self.fields()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::str(v)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(go_parse_duration("24h"), Some(86_400_000_000_000));
        assert_eq!(go_parse_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(go_parse_duration("1.5s"), Some(1_500_000_000));
        assert_eq!(go_parse_duration("10"), None);
        assert_eq!(go_parse_duration("abc"), None);
    }

    #[test]
    fn rows_per_repository_tag() {
        let s = ImageSummary {
            id: "sha256:00".to_owned(),
            repo_tags: vec!["nginx:1.27".to_owned(), "nginx:latest".to_owned()],
            repo_digests: vec![format!("nginx@sha256:{}", "a".repeat(64))],
            created: 0,
            size: 0,
        };
        let rows = image_rows(&s, false, false);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].2, "<none>");
        let rows = image_rows(&s, true, true);
        assert!(rows[1].2.starts_with("sha256:aaa"));
    }
}
