//! `docker inspect` and `docker {container,image,network,volume} inspect`
//! (docker/cli `cli/command/inspect/inspector.go`, `system/inspect.go`).
//!
//! Like the CLI, a `--format` template runs first over the typed API struct
//! (Go field names, Go types) and, when that fails and the daemon's raw JSON
//! is at hand, once more over the raw JSON with `missingkey=error`.

mod gojson;
mod typed;

use std::sync::Arc;

use serde_json::Value as Json;

use crate::docker::flags::{Flag, Parsed};
use crate::docker::{Invocation, Output};
use crate::engine::{ContainerLookup, EngineError, Reference, World};
use crate::template::{self, ExecOptions, Value};

pub use gojson::{Escape, compact as go_json_compact, indent as go_json_indent};
pub use typed::go_duration;

pub static SYSTEM_FLAGS: &[Flag] = &[
    Flag::string("format", Some('f')),
    Flag::bool("size", Some('s')),
    Flag::string("type", None),
];
pub static CONTAINER_FLAGS: &[Flag] = &[
    Flag::string("format", Some('f')),
    Flag::bool("size", Some('s')),
];
pub static IMAGE_FLAGS: &[Flag] = &[
    Flag::string("format", Some('f')),
    Flag::string("platform", None),
];
pub static NETWORK_FLAGS: &[Flag] = &[
    Flag::string("format", Some('f')),
    Flag::bool("verbose", Some('v')),
];
pub static VOLUME_FLAGS: &[Flag] = &[Flag::string("format", Some('f'))];

const ALL_TYPES: &str = "\"config\", \"container\", \"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"";

/// One inspected object: the daemon's answer and what the CLI decoded it into.
struct Element {
    /// Shared with the world unless `--size` rewrote it; `typed` reads the
    /// same tree.
    doc: Arc<Json>,
    typed: Value,
    /// Whether the CLI kept the raw bytes (`docker volume inspect` does not),
    /// which decides the raw-JSON template fallback and the JSON encoder.
    has_raw: bool,
}

/// Object kinds, in the order `docker inspect` tries them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Container,
    Image,
    Network,
    Volume,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Container => "container",
            Kind::Image => "image",
            Kind::Network => "network",
            Kind::Volume => "volume",
        }
    }
}

/// Why a lookup failed: the message as the CLI prints it, and whether
/// `docker inspect` without `--type` moves on to the next kind
/// (`isErrSkippable`: not found, or an invalid reference).
struct LookupError {
    message: String,
    skippable: bool,
}

fn daemon_error(message: String, skippable: bool) -> LookupError {
    LookupError {
        message: format!("Error response from daemon: {message}"),
        skippable,
    }
}

impl Element {
    fn new(doc: Arc<Json>, typed: fn(Arc<Json>) -> Value) -> Self {
        Element {
            typed: typed(Arc::clone(&doc)),
            doc,
            has_raw: true,
        }
    }
}

/// From this many references on, containers are found through an index
/// built once ([`ContainerLookup`]) rather than a scan of the list each.
const INDEXED_LOOKUP_MIN_REFERENCES: usize = 4;

/// The index for `references`, when there are enough of them to pay for it.
fn container_lookup<'w>(world: &'w World, references: &[String]) -> Option<ContainerLookup<'w>> {
    (references.len() >= INDEXED_LOOKUP_MIN_REFERENCES).then(|| world.container_lookup())
}

fn lookup(
    world: &World,
    containers: Option<&ContainerLookup<'_>>,
    kind: Kind,
    reference: &str,
    size: bool,
) -> Result<Element, LookupError> {
    match kind {
        Kind::Container => match containers
            .map_or_else(|| world.container_index(reference), |c| c.index(reference))
            .map(|i| &world.containers[i])
        {
            Ok(c) => {
                let mut doc = Arc::clone(c.doc.shared_tree());
                if size {
                    add_sizes(
                        Arc::make_mut(&mut doc),
                        c.size_rw.unwrap_or(0),
                        c.size_root_fs.unwrap_or(0),
                    );
                }
                Ok(Element::new(doc, typed::container))
            }
            Err(e @ EngineError::NoSuchContainer(_)) => Err(daemon_error(e.to_string(), true)),
            Err(e) => Err(daemon_error(e.to_string(), false)),
        },
        Kind::Image => match world.image(reference) {
            Ok(img) => Ok(Element::new(
                Arc::clone(img.doc.shared_tree()),
                typed::image,
            )),
            Err(_) => Err(image_not_found(reference)),
        },
        Kind::Network => match world.network(reference) {
            Some(doc) => Ok(Element::new(Arc::new(doc.clone()), typed::network)),
            None => Err(daemon_error(format!("network {reference} not found"), true)),
        },
        Kind::Volume => match world.volume(reference) {
            Some(doc) => Ok(Element::new(Arc::new(doc.clone()), typed::volume)),
            None => Err(daemon_error(
                format!("get {reference}: no such volume"),
                true,
            )),
        },
    }
}

/// The daemon's answer for an image it cannot find, worded from the reference
/// as `ErrImageDoesNotExist` words it (`web` → `web:latest`), or the parse
/// error of a malformed reference.
fn image_not_found(reference: &str) -> LookupError {
    let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
    if hex.len() == 64 && crate::engine::ids::is_hex(hex) {
        return daemon_error(format!("No such image: sha256:{hex}"), true);
    }
    match Reference::parse(reference) {
        Ok(r) => daemon_error(
            format!("No such image: {}", r.with_default_tag().familiar()),
            true,
        ),
        Err(e) => daemon_error(e.to_string(), true),
    }
}

/// `inspect --size` adds the two pointer fields that follow `GraphDriver` in
/// the daemon's struct.
fn add_sizes(doc: &mut Json, size_rw: i64, size_root_fs: i64) {
    let Some(map) = doc.as_object() else {
        return;
    };
    let mut out = serde_json::Map::new();
    let mut placed = false;
    for (k, v) in map {
        if k == "SizeRw" || k == "SizeRootFs" {
            continue;
        }
        out.insert(k.clone(), v.clone());
        if k == "GraphDriver" {
            out.insert("SizeRw".into(), size_rw.into());
            out.insert("SizeRootFs".into(), size_root_fs.into());
            placed = true;
        }
    }
    if !placed {
        out.insert("SizeRw".into(), size_rw.into());
        out.insert("SizeRootFs".into(), size_root_fs.into());
    }
    *doc = Json::Object(out);
}

/// `docker inspect`
pub fn run_system(inv: &mut Invocation<'_>, parsed: &Parsed) {
    let size = parsed.flag("size");
    let kinds: Vec<Kind> = match parsed.string("type") {
        None => vec![Kind::Container, Kind::Image, Kind::Network, Kind::Volume],
        Some("") => {
            inv.out
                .fail(&format!("type is empty: must be one of {ALL_TYPES}"));
            return;
        }
        Some("container") => vec![Kind::Container],
        Some("image") => vec![Kind::Image],
        Some("network") => vec![Kind::Network],
        Some("volume") => vec![Kind::Volume],
        // Swarm objects and plugins exist only on a swarm manager or with
        // plugins installed; this engine has neither.
        Some(t @ ("config" | "node" | "plugin" | "secret" | "service" | "task")) => {
            let t = t.to_owned();
            let format = parsed.string("format").unwrap_or("");
            inspect(
                &mut inv.out,
                &parsed.args,
                format,
                |out: &mut Output, r: &str| {
                    let _ = out;
                    Err(swarm_error(&t, r))
                },
            );
            return;
        }
        Some(other) => {
            inv.out.fail(&format!(
                "unknown type: {}: must be one of {ALL_TYPES}",
                template::go_quote(other)
            ));
            return;
        }
    };
    let constrained = parsed.is_set("type");
    let world: &World = inv.world;
    let containers = container_lookup(world, &parsed.args);
    let format = parsed.string("format").unwrap_or("");
    inspect(
        &mut inv.out,
        &parsed.args,
        format,
        |out: &mut Output, r: &str| {
            for &kind in &kinds {
                match lookup(world, containers.as_ref(), kind, r, size) {
                    Ok(el) => {
                        if size && kind != Kind::Container {
                            out.eprintln(&format!("WARNING: --size ignored for {}", kind.name()));
                        }
                        return Ok(el);
                    }
                    Err(e) if !constrained && e.skippable => {}
                    Err(e) => return Err(e.message),
                }
            }
            Err(format!("Error: No such object: {r}"))
        },
    );
}

/// What the daemon answers for swarm objects when it is not a swarm manager.
fn swarm_error(kind: &str, reference: &str) -> String {
    if kind == "plugin" {
        return format!("Error response from daemon: plugin {reference} not found");
    }
    "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".to_owned()
}

fn run_kind(inv: &mut Invocation<'_>, parsed: &Parsed, kind: Kind) {
    let size = parsed.flag("size");
    let world: &World = inv.world;
    let containers = container_lookup(world, &parsed.args);
    let format = parsed.string("format").unwrap_or("");
    inspect(
        &mut inv.out,
        &parsed.args,
        format,
        |_: &mut Output, r: &str| {
            lookup(world, containers.as_ref(), kind, r, size)
                .map(|mut el| {
                    // `docker volume inspect` decodes into the typed struct only.
                    el.has_raw = kind != Kind::Volume;
                    el
                })
                .map_err(|e| e.message)
        },
    );
}

/// `docker container inspect`
pub fn run_container(inv: &mut Invocation<'_>, parsed: &Parsed) {
    run_kind(inv, parsed, Kind::Container);
}

/// `docker image inspect`
pub fn run_image(inv: &mut Invocation<'_>, parsed: &Parsed) {
    if let Some(p) = parsed.string("platform").filter(|p| !p.is_empty()) {
        // Single-platform images: a platform other than the image's own is
        // refused by the daemon; matching ones change nothing.
        let _ = p;
    }
    run_kind(inv, parsed, Kind::Image);
}

/// `docker network inspect`
pub fn run_network(inv: &mut Invocation<'_>, parsed: &Parsed) {
    run_kind(inv, parsed, Kind::Network);
}

/// `docker volume inspect`
pub fn run_volume(inv: &mut Invocation<'_>, parsed: &Parsed) {
    run_kind(inv, parsed, Kind::Volume);
}

/// How the elements are rendered (`NewTemplateInspectorFromString`).
enum Renderer {
    Indented,
    Json,
    Template(template::Template),
}

/// `inspect.Inspect`: render every reference that resolves, then report the
/// failures together (exit 1); a template that does not parse exits 64.
fn inspect<F>(out: &mut Output, refs: &[String], format: &str, mut get: F)
where
    F: FnMut(&mut Output, &str) -> Result<Element, String>,
{
    let renderer = match format {
        "" => Renderer::Indented,
        "json" => Renderer::Json,
        src => match template::parse(src) {
            Ok(t) => Renderer::Template(t),
            Err(e) => {
                out.eprintln(&format!("template parsing error: {e}"));
                out.status = 64;
                return;
            }
        },
    };
    let mut errors: Vec<String> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    let mut buffer = String::new();
    for r in refs {
        match get(out, r) {
            Ok(el) => match &renderer {
                Renderer::Template(t) => match execute(t, &el) {
                    Ok(text) => {
                        buffer.push_str(&text);
                        buffer.push('\n');
                    }
                    Err(e) => errors.push(e),
                },
                _ => elements.push(el),
            },
            Err(e) => errors.push(e),
        }
    }
    match &renderer {
        Renderer::Template(_) => {
            if buffer.is_empty() {
                out.print("\n");
            } else {
                out.print(&buffer);
            }
        }
        Renderer::Indented | Renderer::Json => {
            out.print(&render_json(
                &elements,
                matches!(renderer, Renderer::Indented),
            ));
        }
    }
    if !errors.is_empty() {
        out.fail(&errors.join("\n"));
    }
}

/// The JSON array of all elements: the raw answers indented or compacted
/// (daemon key order, no HTML escaping), or, without raw bytes, the typed
/// values through `json.Marshal[Indent]`, which escapes HTML.
fn render_json(elements: &[Element], indented: bool) -> String {
    if elements.is_empty() {
        return "[]\n".to_owned();
    }
    let escape = if elements.iter().any(|e| e.has_raw) {
        Escape::Plain
    } else {
        Escape::Html
    };
    let array = Json::Array(elements.iter().map(|e| Json::clone(&e.doc)).collect());
    let mut text = if indented {
        gojson::indent(&array, escape, "    ")
    } else {
        gojson::compact(&array, escape)
    };
    text.push('\n');
    text
}

/// `TemplateInspector.Inspect`: the typed struct first; on failure the raw
/// JSON with `missingkey=error`, whose error is the one reported.
fn execute(t: &template::Template, el: &Element) -> Result<String, String> {
    let mut text = String::new();
    let typed = t.execute_into(&el.typed, ExecOptions::default(), &mut text);
    match typed {
        Ok(()) => Ok(text),
        Err(e) if !el.has_raw => Err(format!("template parsing error: {e}")),
        Err(_) => {
            let raw = raw_value(&el.doc);
            let mut text = String::new();
            t.execute_into(
                &raw,
                ExecOptions {
                    missing_key_error: true,
                    ..ExecOptions::default()
                },
                &mut text,
            )
            .map(|()| text)
            .map_err(|e| format!("template parsing error: {e}"))
        }
    }
}

/// The raw answer as `json.Decoder` with `UseNumber` decodes it: numbers keep
/// their literal text, which for the daemon's integers is what `Int` prints.
pub fn raw_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::str(s.as_str()),
        Json::Array(items) => Value::list(items.iter().map(raw_value).collect()),
        Json::Object(map) => {
            Value::map(map.iter().map(|(k, v)| (k.clone(), raw_value(v))).collect())
        }
    }
}

/// `docker version`'s data as its template sees it.
pub fn typed_version(doc: &Json) -> Value {
    typed::version(doc)
}

/// A struct-like value whose fields are the JSON keys (`docker info`).
pub fn typed_plain(doc: &Json) -> Value {
    typed::plain(doc)
}

#[cfg(test)]
mod tests;
