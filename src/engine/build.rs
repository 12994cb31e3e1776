//! `docker build` from a Dockerfile and context declared as host files:
//! FROM, COPY/ADD, RUN, ENV, CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK, LABEL,
//! WORKDIR, USER, VOLUME, ARG. Each step's cache key is its instruction,
//! its parent's key and (for COPY/ADD) the copied files' contents, so an
//! unchanged step is `CACHED` as BuildKit reports it. RUN has no effect
//! on files; its command fails only when it is literally `false` or
//! `exit N` (N > 0).

use serde_json::{Map, Value as Json, json};

use super::ids;
use super::image::Image;
use super::json::{at, set, str_at};
use super::world::{HistoryEntry, World};

/// One Dockerfile instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Uppercased keyword.
    pub keyword: String,
    pub args: String,
    pub line: usize,
}

/// A build step as BuildKit's progress shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildStep {
    /// `[2/4] COPY . /app`
    pub name: String,
    pub cached: bool,
    /// `Some(text)` when the step failed.
    pub error: Option<String>,
}

/// A failed build: what ran before the failure (if anything did) and
/// the error.
pub type BuildFailure = Box<(Option<BuildReport>, String)>;

fn fail(report: Option<BuildReport>, error: String) -> BuildFailure {
    Box::new((report, error))
}

/// What a build did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildReport {
    pub dockerfile_bytes: usize,
    pub context_bytes: usize,
    /// The FROM reference, normalized (`docker.io/library/node:20`).
    pub base: String,
    pub steps: Vec<BuildStep>,
    /// `sha256:...` of the built image (when it succeeded).
    pub image_id: String,
    /// Normalized tags (`docker.io/library/myapp:latest`).
    pub tags: Vec<String>,
}

/// Parses a Dockerfile: line continuations, comments, keywords.
pub fn parse_dockerfile(text: &str) -> Result<Vec<Instruction>, String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if pending.is_empty() {
            start = i + 1;
        }
        if let Some(body) = line.strip_suffix('\\') {
            pending.push_str(body);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let full = std::mem::take(&mut pending);
        let (kw, args) = full.split_once(char::is_whitespace).unwrap_or((&full, ""));
        let keyword = kw.to_ascii_uppercase();
        const KNOWN: &[&str] = &[
            "FROM",
            "COPY",
            "ADD",
            "RUN",
            "ENV",
            "CMD",
            "ENTRYPOINT",
            "EXPOSE",
            "HEALTHCHECK",
            "LABEL",
            "WORKDIR",
            "USER",
            "VOLUME",
            "ARG",
            "STOPSIGNAL",
            "SHELL",
            "ONBUILD",
            "MAINTAINER",
        ];
        if !KNOWN.contains(&keyword.as_str()) {
            return Err(format!(
                "dockerfile parse error on line {start}: unknown instruction: {kw}"
            ));
        }
        out.push(Instruction {
            keyword,
            args: args.trim().to_owned(),
            line: start,
        });
    }
    if !out.iter().any(|i| i.keyword == "FROM") {
        return Err("dockerfile parse error: no build stage in current context".to_owned());
    }
    Ok(out)
}

/// `["a", "b"]` exec form, else the shell form wrapped in `/bin/sh -c`.
fn exec_or_shell(args: &str) -> Vec<String> {
    if let Ok(Json::Array(items)) = serde_json::from_str::<Json>(args) {
        return items
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_owned())
            .collect();
    }
    vec!["/bin/sh".to_owned(), "-c".to_owned(), args.to_owned()]
}

/// `KEY=value KEY2="v 2"` or the legacy `KEY value`.
fn key_values(args: &str) -> Vec<(String, String)> {
    if !args.contains('=')
        && let Some((k, v)) = args.split_once(char::is_whitespace)
    {
        return vec![(k.to_owned(), v.trim().to_owned())];
    }
    let mut out = Vec::new();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let Some((k, after)) = rest.split_once('=') else {
            break;
        };
        let (v, tail) = if let Some(q) = after.strip_prefix('"') {
            match q.split_once('"') {
                Some((v, t)) => (v.to_owned(), t),
                None => (q.to_owned(), ""),
            }
        } else {
            match after.split_once(char::is_whitespace) {
                Some((v, t)) => (v.to_owned(), t),
                None => (after.to_owned(), ""),
            }
        };
        out.push((k.trim().to_owned(), v));
        rest = tail.trim_start();
    }
    out
}

fn normalized(reference: &str) -> String {
    match super::reference::Reference::parse(reference) {
        Ok(r) => {
            let r = r.with_default_tag();
            let mut s = r.full_name();
            if let Some(t) = &r.tag {
                s.push(':');
                s.push_str(t);
            }
            if let Some(d) = &r.digest {
                s.push('@');
                s.push_str(d);
            }
            s
        }
        Err(_) => reference.to_owned(),
    }
}

impl World {
    /// Builds `dockerfile` (relative to `context`) and tags the result.
    /// `Err` is the build's final error line.
    pub fn build_image(
        &mut self,
        context: &str,
        dockerfile: &str,
        tags: &[String],
        _build_args: &[(String, String)],
    ) -> Result<BuildReport, String> {
        self.build_image_report(context, dockerfile, tags)
            .map_err(|f| f.1)
    }

    /// Like `build_image`, but a failure keeps the steps run so far.
    pub fn build_image_report(
        &mut self,
        context: &str,
        dockerfile: &str,
        tags: &[String],
    ) -> Result<BuildReport, BuildFailure> {
        let ctx = self.host.absolute(context);
        if !self.host.exists(&ctx) {
            return Err(fail(
                None,
                format!("unable to prepare context: path {context:?} not found"),
            ));
        }
        let df_path = if dockerfile.starts_with('/') {
            dockerfile.to_owned()
        } else {
            format!("{ctx}/{dockerfile}")
        };
        let Some(text) = self.host.read(&df_path).map(str::to_owned) else {
            return Err(fail(
                None,
                format!(
                    "failed to solve: failed to read dockerfile: open {dockerfile}: no such file or directory"
                ),
            ));
        };
        let instructions =
            parse_dockerfile(&text).map_err(|e| fail(None, format!("failed to solve: {e}")))?;
        let context_files: Vec<(String, String)> = self
            .host
            .under(&ctx)
            .into_iter()
            .map(|(p, c)| (p, c.to_owned()))
            .collect();
        let context_bytes = context_files.iter().map(|(_, c)| c.len()).sum();
        let from = instructions
            .iter()
            .rfind(|i| i.keyword == "FROM")
            .map(|i| i.args.split_whitespace().next().unwrap_or("").to_owned())
            .unwrap_or_default();
        let mut report = BuildReport {
            dockerfile_bytes: text.len(),
            context_bytes,
            base: normalized(&from),
            steps: Vec::new(),
            image_id: String::new(),
            tags: tags.iter().map(|t| normalized(t)).collect(),
        };
        // The base image: local, else pulled from the declared registry.
        let base = match self.image(&from) {
            Ok(img) => img.clone(),
            Err(_) => match self.pull(&from) {
                Ok(o) => match self.image_by_id(&o.image_id) {
                    Some(img) => img.clone(),
                    None => {
                        return Err(fail(
                            Some(report),
                            format!("failed to solve: {from}: not found"),
                        ));
                    }
                },
                Err(e) => {
                    let full = normalized(&from);
                    return Err(fail(
                        Some(report),
                        format!(
                            "failed to solve: {from}: failed to resolve source metadata for {full}: {e}"
                        ),
                    ));
                }
            },
        };
        let steps: Vec<&Instruction> = instructions
            .iter()
            .skip_while(|i| i.keyword != "FROM")
            .collect();
        let layered = |k: &str| matches!(k, "FROM" | "COPY" | "ADD" | "RUN" | "WORKDIR");
        let total = steps.iter().filter(|i| layered(&i.keyword)).count();
        let mut config = base.config().clone();
        if !config.is_object() {
            config = json!({});
        }
        let mut layers = super::json::strings_at(&base.doc, &["RootFS", "Layers"]);
        let mut size = base.size();
        let mut key = base.id().to_owned();
        let mut history: Vec<HistoryEntry> =
            self.history.get(base.id()).cloned().unwrap_or_default();
        let now = self.now;
        let mut n = 0;
        for ins in &steps {
            let kw = ins.keyword.as_str();
            let args = ins.args.as_str();
            let mut layer_bytes: i64 = 0;
            let mut content_key = format!("{kw} {args}");
            match kw {
                "FROM" => {
                    n += 1;
                    report.steps.push(BuildStep {
                        name: format!("[{n}/{total}] FROM {}", normalized(&from)),
                        cached: false,
                        error: None,
                    });
                    continue;
                }
                "COPY" | "ADD" => {
                    let words: Vec<&str> = args
                        .split_whitespace()
                        .filter(|w| !w.starts_with("--"))
                        .collect();
                    let sources = &words[..words.len().saturating_sub(1)];
                    for src in sources {
                        let src = src.trim_start_matches("./");
                        let matched: Vec<&(String, String)> = context_files
                            .iter()
                            .filter(|(p, _)| {
                                matches!(src, "." | "" | "*")
                                    || p == src
                                    || p.starts_with(&format!("{}/", src.trim_end_matches('/')))
                            })
                            .collect();
                        if matched.is_empty() {
                            n += 1;
                            let name = format!("[{n}/{total}] {kw} {args}");
                            let msg = format!(
                                "failed to solve: failed to compute cache key: failed to calculate checksum of ref: \"/{src}\": not found"
                            );
                            report.steps.push(BuildStep {
                                name,
                                cached: false,
                                error: Some(msg.clone()),
                            });
                            return Err(fail(Some(report), msg));
                        }
                        for (p, c) in matched {
                            content_key.push_str(&format!("\n{p}:{}", ids::derive(&[c])));
                            layer_bytes += i64::try_from(c.len()).unwrap_or(0);
                        }
                    }
                }
                "RUN" => {
                    let cmd = args.trim();
                    let code = if cmd == "false" {
                        Some(1)
                    } else {
                        cmd.strip_prefix("exit ")
                            .and_then(|c| c.trim().parse::<i32>().ok())
                            .filter(|c| *c != 0)
                    };
                    if let Some(code) = code {
                        n += 1;
                        let msg = format!(
                            "failed to solve: process \"/bin/sh -c {cmd}\" did not complete successfully: exit code: {code}"
                        );
                        report.steps.push(BuildStep {
                            name: format!("[{n}/{total}] RUN {cmd}"),
                            cached: false,
                            error: Some(msg.clone()),
                        });
                        return Err(fail(Some(report), msg));
                    }
                }
                "ENV" => {
                    let mut env = super::json::strings_at(&config, &["Env"]);
                    for (k, v) in key_values(args) {
                        env.retain(|e| e.split('=').next() != Some(k.as_str()));
                        env.push(format!("{k}={v}"));
                    }
                    set(&mut config, &["Env"], json!(env));
                }
                "LABEL" => {
                    let mut labels: Map<String, Json> = at(&config, &["Labels"])
                        .and_then(Json::as_object)
                        .cloned()
                        .unwrap_or_default();
                    for (k, v) in key_values(args) {
                        labels.insert(k, json!(v));
                    }
                    let mut sorted: Vec<(String, Json)> = labels.into_iter().collect();
                    sorted.sort_by(|a, b| a.0.cmp(&b.0));
                    set(
                        &mut config,
                        &["Labels"],
                        Json::Object(sorted.into_iter().collect()),
                    );
                }
                "CMD" => set(&mut config, &["Cmd"], json!(exec_or_shell(args))),
                "ENTRYPOINT" => {
                    set(&mut config, &["Entrypoint"], json!(exec_or_shell(args)));
                    // A new ENTRYPOINT resets an inherited CMD.
                    if let Some(m) = config.as_object_mut() {
                        m.remove("Cmd");
                    }
                }
                "WORKDIR" => set(&mut config, &["WorkingDir"], json!(args)),
                "USER" => set(&mut config, &["User"], json!(args)),
                "STOPSIGNAL" => set(&mut config, &["StopSignal"], json!(args)),
                "EXPOSE" => {
                    for p in args.split_whitespace() {
                        let p = if p.contains('/') {
                            p.to_owned()
                        } else {
                            format!("{p}/tcp")
                        };
                        set(&mut config, &["ExposedPorts", &p], json!({}));
                    }
                }
                "VOLUME" => {
                    for v in exec_or_shell(args)
                        .into_iter()
                        .filter(|v| v.starts_with('/') && v != "/bin/sh")
                    {
                        set(&mut config, &["Volumes", &v], json!({}));
                    }
                    if !args.starts_with('[') {
                        for v in args.split_whitespace() {
                            set(&mut config, &["Volumes", v], json!({}));
                        }
                    }
                }
                "HEALTHCHECK" => {
                    let hc = if args.eq_ignore_ascii_case("NONE") {
                        json!({"Test": ["NONE"]})
                    } else {
                        let cmd = args
                            .split_once("CMD")
                            .map_or(args, |(_, c)| c)
                            .trim()
                            .to_owned();
                        let test = match serde_json::from_str::<Json>(&cmd) {
                            Ok(Json::Array(a)) => {
                                let mut t = vec![json!("CMD")];
                                t.extend(a);
                                Json::Array(t)
                            }
                            _ => json!(["CMD-SHELL", cmd]),
                        };
                        json!({ "Test": test })
                    };
                    set(&mut config, &["Healthcheck"], hc);
                }
                _ => {}
            }
            key = ids::derive(&["build-step", &key, &content_key]);
            let created_by = match kw {
                "RUN" => format!("RUN /bin/sh -c {args} # buildkit"),
                "COPY" | "ADD" => format!("{kw} {args} # buildkit"),
                "WORKDIR" => format!("WORKDIR {args}"),
                "EXPOSE" => format!(
                    "EXPOSE map[{}]",
                    args.split_whitespace()
                        .map(|p| if p.contains('/') {
                            format!("{p}:{{}}")
                        } else {
                            format!("{p}/tcp:{{}}")
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                _ => format!("{kw} {args}"),
            };
            if layered(kw) {
                n += 1;
                let cached = self.build_cache.contains(&key);
                report.steps.push(BuildStep {
                    name: format!("[{n}/{total}] {kw} {args}"),
                    cached,
                    error: None,
                });
                self.build_cache.insert(key.clone());
                layers.push(format!("sha256:{}", ids::derive(&["layer", &key])));
                size += layer_bytes;
            }
            history.insert(
                0,
                HistoryEntry {
                    id: "<missing>".to_owned(),
                    created: now,
                    created_by,
                    size: layer_bytes,
                    comment: "buildkit.dockerfile.v0".to_owned(),
                },
            );
        }
        let hex = ids::derive(&["built-image", &key, &config.to_string()]);
        let image_id = format!("sha256:{hex}");
        // An identical build yields the same image: keep its creation time.
        let existing = self.image_by_id(&image_id).is_some();
        if !existing {
            let mut doc = base.doc.clone();
            set(&mut doc, &["Id"], json!(image_id));
            set(&mut doc, &["RepoTags"], json!([]));
            set(&mut doc, &["RepoDigests"], json!([]));
            set(&mut doc, &["Parent"], json!(""));
            set(&mut doc, &["Comment"], json!("buildkit.dockerfile.v0"));
            set(&mut doc, &["Created"], json!(now.rfc3339_nano()));
            set(&mut doc, &["Config"], config);
            set(&mut doc, &["Size"], json!(size));
            set(&mut doc, &["RootFS", "Layers"], json!(layers));
            set(
                &mut doc,
                &["Metadata", "LastTagTime"],
                json!(now.rfc3339_nano()),
            );
            self.images.push(Image { doc });
            if let Some(top) = history.first_mut() {
                top.id.clone_from(&image_id);
            }
            self.history.insert(image_id.clone(), history);
            let routes = self.apps.get(base.id()).cloned().unwrap_or_default();
            self.apps.insert(image_id.clone(), routes);
        }
        for t in tags {
            self.tag_image(&image_id, t)
                .map_err(|e| fail(Some(report.clone()), e.to_string()))?;
        }
        report.image_id = image_id;
        let _ = str_at;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_instructions_and_errors() {
        let ins = parse_dockerfile(
            "# app\nFROM node:20\nRUN npm ci \\\n  && npm test\nCMD [\"node\", \"server.js\"]\n",
        )
        .unwrap();
        assert_eq!(ins.len(), 3);
        assert_eq!(ins[1].args, "npm ci  && npm test");
        assert_eq!(
            parse_dockerfile("FROM x\nFORM y\n").unwrap_err(),
            "dockerfile parse error on line 2: unknown instruction: FORM"
        );
    }

    #[test]
    fn env_and_labels_parse_both_forms() {
        assert_eq!(
            key_values("A=1 B=\"two words\""),
            [("A".into(), "1".into()), ("B".into(), "two words".into())]
        );
        assert_eq!(
            key_values("NODE_ENV production"),
            [("NODE_ENV".into(), "production".into())]
        );
    }
}
