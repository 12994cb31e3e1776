//! The API structs the CLI decodes inspect answers into, as a template sees
//! them: Go field names (`ID`, `HostConfig.DNS`), Go types (durations print
//! `10s`, nil pointers `<nil>`, structs `{a b c}`).
//!
//! Only the fields whose Go name or type differs from the raw JSON are
//! declared; any other key of the answer is a field of the same name whose
//! type follows its JSON value. Structs print their fields in the answer's
//! order, which is the daemon's struct order.

use std::rc::Rc;
use std::sync::{Arc, LazyLock};

use serde_json::Value as Json;

use crate::template::{Object, Value};

/// A Go type, as far as a template can tell.
#[derive(Clone, Copy)]
enum Ty {
    /// Follows the JSON value (strings, bools, numbers, `[]string`, maps of strings).
    Plain,
    /// A slice: `null` or absent is a nil slice, which prints `[]` but
    /// marshals as `null`.
    Slice(&'static Ty),
    /// A map: `null` or absent is a nil map, which prints `map[]` but
    /// marshals as `null`.
    Map(&'static Ty),
    /// A pointer to a struct: `null` or absent is a nil pointer (`<nil>`).
    Ptr(&'static StructTy),
    /// A struct value: absent prints as its zero value.
    Struct(&'static StructTy),
    /// `*int64`/`*bool`: `null` or absent prints `<nil>`.
    PtrScalar,
    /// `time.Duration` (JSON nanoseconds).
    Duration,
    /// `time.Time` (JSON RFC 3339).
    Time,
    /// A Go int, absent from the answer when `omitempty` left it out.
    Int,
    /// A Go bool, absent from the answer when `omitempty` left it out.
    Bool,
    /// A Go string, absent from the answer when `omitempty` left it out
    /// (`StopSignal`, `MacAddress`): prints empty, not `<nil>`.
    Str,
}

struct StructTy {
    name: &'static str,
    /// Whether `fields` lists every field of the Go struct, so that it prints
    /// in declaration order with omitted fields as zero values.
    complete: bool,
    /// (Go name, JSON key, type), in struct order.
    fields: &'static [(&'static str, &'static str, Ty)],
}

const STRINGS: Ty = Ty::Plain;
/// `map[string]struct{}` (`nat.PortSet`, `Config.Volumes`): members print `{}`.
const SET: Ty = Ty::Map(&Ty::Struct(&OPEN_STRUCT));
static GRAPH_DRIVER: StructTy = StructTy {
    name: "storage.DriverData",
    complete: false,
    fields: &[("Data", "Data", Ty::Map(&Ty::Plain))],
};

static HEALTH_RESULT: StructTy = StructTy {
    name: "container.HealthcheckResult",
    complete: true,
    fields: &[
        ("Start", "Start", Ty::Time),
        ("End", "End", Ty::Time),
        ("ExitCode", "ExitCode", Ty::Plain),
        ("Output", "Output", Ty::Plain),
    ],
};
static HEALTH: StructTy = StructTy {
    name: "container.Health",
    complete: true,
    fields: &[
        ("Status", "Status", Ty::Plain),
        ("FailingStreak", "FailingStreak", Ty::Plain),
        ("Log", "Log", Ty::Slice(&Ty::Ptr(&HEALTH_RESULT))),
    ],
};
static STATE: StructTy = StructTy {
    name: "container.State",
    complete: true,
    fields: &[
        ("Status", "Status", Ty::Plain),
        ("Running", "Running", Ty::Plain),
        ("Paused", "Paused", Ty::Plain),
        ("Restarting", "Restarting", Ty::Plain),
        ("OOMKilled", "OOMKilled", Ty::Plain),
        ("Dead", "Dead", Ty::Plain),
        ("Pid", "Pid", Ty::Plain),
        ("ExitCode", "ExitCode", Ty::Plain),
        ("Error", "Error", Ty::Plain),
        ("StartedAt", "StartedAt", Ty::Plain),
        ("FinishedAt", "FinishedAt", Ty::Plain),
        ("Health", "Health", Ty::Ptr(&HEALTH)),
    ],
};
static HEALTH_CONFIG: StructTy = StructTy {
    name: "container.HealthConfig",
    complete: true,
    fields: &[
        ("Test", "Test", Ty::Slice(&STRINGS)),
        ("Interval", "Interval", Ty::Duration),
        ("Timeout", "Timeout", Ty::Duration),
        ("StartPeriod", "StartPeriod", Ty::Duration),
        ("StartInterval", "StartInterval", Ty::Duration),
        ("Retries", "Retries", Ty::Int),
    ],
};
static PORT_BINDING: StructTy = StructTy {
    name: "nat.PortBinding",
    complete: true,
    fields: &[
        ("HostIP", "HostIp", Ty::Plain),
        ("HostPort", "HostPort", Ty::Plain),
    ],
};
const PORT_MAP: Ty = Ty::Map(&Ty::Slice(&Ty::Struct(&PORT_BINDING)));
static CONFIG: StructTy = StructTy {
    name: "container.Config",
    complete: false,
    fields: &[
        ("Hostname", "Hostname", Ty::Plain),
        ("Domainname", "Domainname", Ty::Plain),
        ("User", "User", Ty::Plain),
        ("AttachStdin", "AttachStdin", Ty::Plain),
        ("AttachStdout", "AttachStdout", Ty::Plain),
        ("AttachStderr", "AttachStderr", Ty::Plain),
        ("ExposedPorts", "ExposedPorts", SET),
        ("Tty", "Tty", Ty::Plain),
        ("OpenStdin", "OpenStdin", Ty::Plain),
        ("StdinOnce", "StdinOnce", Ty::Plain),
        ("Env", "Env", Ty::Slice(&STRINGS)),
        ("Cmd", "Cmd", Ty::Slice(&STRINGS)),
        ("Healthcheck", "Healthcheck", Ty::Ptr(&HEALTH_CONFIG)),
        ("ArgsEscaped", "ArgsEscaped", Ty::Bool),
        ("Image", "Image", Ty::Plain),
        ("Volumes", "Volumes", SET),
        ("WorkingDir", "WorkingDir", Ty::Plain),
        ("Entrypoint", "Entrypoint", Ty::Slice(&STRINGS)),
        ("NetworkDisabled", "NetworkDisabled", Ty::Bool),
        ("MacAddress", "MacAddress", Ty::Str),
        ("OnBuild", "OnBuild", Ty::Slice(&STRINGS)),
        ("Labels", "Labels", Ty::Map(&Ty::Plain)),
        ("StopSignal", "StopSignal", Ty::Str),
        ("StopTimeout", "StopTimeout", Ty::PtrScalar),
        ("Shell", "Shell", Ty::Slice(&STRINGS)),
    ],
};
static RESTART_POLICY: StructTy = StructTy {
    name: "container.RestartPolicy",
    complete: true,
    fields: &[
        ("Name", "Name", Ty::Plain),
        ("MaximumRetryCount", "MaximumRetryCount", Ty::Plain),
    ],
};
static LOG_CONFIG: StructTy = StructTy {
    name: "container.LogConfig",
    complete: true,
    fields: &[
        ("Type", "Type", Ty::Plain),
        ("Config", "Config", Ty::Map(&Ty::Plain)),
    ],
};
static HOST_CONFIG: StructTy = StructTy {
    name: "container.HostConfig",
    complete: false,
    fields: &[
        ("LogConfig", "LogConfig", Ty::Struct(&LOG_CONFIG)),
        ("Binds", "Binds", Ty::Slice(&STRINGS)),
        ("PortBindings", "PortBindings", PORT_MAP),
        (
            "RestartPolicy",
            "RestartPolicy",
            Ty::Struct(&RESTART_POLICY),
        ),
        ("DNS", "Dns", Ty::Slice(&STRINGS)),
        ("DNSOptions", "DnsOptions", Ty::Slice(&STRINGS)),
        ("DNSSearch", "DnsSearch", Ty::Slice(&STRINGS)),
        ("ExtraHosts", "ExtraHosts", Ty::Slice(&STRINGS)),
        ("CapAdd", "CapAdd", Ty::Slice(&STRINGS)),
        ("CapDrop", "CapDrop", Ty::Slice(&STRINGS)),
        ("Links", "Links", Ty::Slice(&STRINGS)),
        ("SecurityOpt", "SecurityOpt", Ty::Slice(&STRINGS)),
        ("VolumesFrom", "VolumesFrom", Ty::Slice(&STRINGS)),
        ("CPUShares", "CpuShares", Ty::Plain),
        ("NanoCPUs", "NanoCpus", Ty::Plain),
        ("CPUPeriod", "CpuPeriod", Ty::Plain),
        ("CPUQuota", "CpuQuota", Ty::Plain),
        ("CPURealtimePeriod", "CpuRealtimePeriod", Ty::Plain),
        ("CPURealtimeRuntime", "CpuRealtimeRuntime", Ty::Plain),
        ("CPUCount", "CpuCount", Ty::Plain),
        ("CPUPercent", "CpuPercent", Ty::Plain),
        ("MemorySwappiness", "MemorySwappiness", Ty::PtrScalar),
        ("OomKillDisable", "OomKillDisable", Ty::PtrScalar),
        ("PidsLimit", "PidsLimit", Ty::PtrScalar),
        ("Init", "Init", Ty::PtrScalar),
        // Slices and maps the daemon sends as `null` (or leaves out:
        // `omitempty`): nil in the CLI's struct, so `{{json}}` prints
        // `null` and fmt `[]` / `map[]`, never `<nil>` or a missing key.
        ("GroupAdd", "GroupAdd", Ty::Slice(&STRINGS)),
        (
            "DeviceCgroupRules",
            "DeviceCgroupRules",
            Ty::Slice(&STRINGS),
        ),
        (
            "DeviceRequests",
            "DeviceRequests",
            Ty::Slice(&Ty::Struct(&OPEN_STRUCT)),
        ),
        ("Devices", "Devices", Ty::Slice(&Ty::Struct(&OPEN_STRUCT))),
        ("Mounts", "Mounts", Ty::Slice(&Ty::Struct(&OPEN_STRUCT))),
        ("MaskedPaths", "MaskedPaths", Ty::Slice(&STRINGS)),
        ("ReadonlyPaths", "ReadonlyPaths", Ty::Slice(&STRINGS)),
        ("StorageOpt", "StorageOpt", Ty::Map(&Ty::Plain)),
        ("Tmpfs", "Tmpfs", Ty::Map(&Ty::Plain)),
        ("Sysctls", "Sysctls", Ty::Map(&Ty::Plain)),
        ("Annotations", "Annotations", Ty::Map(&Ty::Plain)),
    ],
};
// `Type`, `Name` and `Driver` are `omitempty`: a bind mount's answer lacks
// `Name`, yet `.Name` is "" to a template.
static MOUNT_POINT: StructTy = StructTy {
    name: "container.MountPoint",
    complete: true,
    fields: &[
        ("Type", "Type", Ty::Str),
        ("Name", "Name", Ty::Str),
        ("Source", "Source", Ty::Plain),
        ("Destination", "Destination", Ty::Plain),
        ("Driver", "Driver", Ty::Str),
        ("Mode", "Mode", Ty::Plain),
        ("RW", "RW", Ty::Bool),
        ("Propagation", "Propagation", Ty::Plain),
    ],
};
static ENDPOINT_SETTINGS: StructTy = StructTy {
    name: "network.EndpointSettings",
    complete: false,
    fields: &[
        ("Aliases", "Aliases", Ty::Slice(&STRINGS)),
        ("Links", "Links", Ty::Slice(&STRINGS)),
        ("DNSNames", "DNSNames", Ty::Slice(&STRINGS)),
        ("DriverOpts", "DriverOpts", Ty::Map(&Ty::Plain)),
    ],
};
static NETWORK_SETTINGS: StructTy = StructTy {
    name: "container.NetworkSettings",
    complete: false,
    fields: &[
        ("Ports", "Ports", PORT_MAP),
        (
            "Networks",
            "Networks",
            Ty::Map(&Ty::Ptr(&ENDPOINT_SETTINGS)),
        ),
        (
            "SecondaryIPAddresses",
            "SecondaryIPAddresses",
            Ty::Slice(&Ty::Struct(&OPEN_STRUCT)),
        ),
        (
            "SecondaryIPv6Addresses",
            "SecondaryIPv6Addresses",
            Ty::Slice(&Ty::Struct(&OPEN_STRUCT)),
        ),
    ],
};
static CONTAINER: StructTy = StructTy {
    name: "container.InspectResponse",
    complete: false,
    fields: &[
        ("ID", "Id", Ty::Plain),
        ("State", "State", Ty::Ptr(&STATE)),
        ("ExecIDs", "ExecIDs", Ty::Slice(&STRINGS)),
        ("HostConfig", "HostConfig", Ty::Ptr(&HOST_CONFIG)),
        ("SizeRw", "SizeRw", Ty::PtrScalar),
        ("SizeRootFs", "SizeRootFs", Ty::PtrScalar),
        ("GraphDriver", "GraphDriver", Ty::Struct(&GRAPH_DRIVER)),
        ("Mounts", "Mounts", Ty::Slice(&Ty::Struct(&MOUNT_POINT))),
        ("Config", "Config", Ty::Ptr(&CONFIG)),
        (
            "NetworkSettings",
            "NetworkSettings",
            Ty::Ptr(&NETWORK_SETTINGS),
        ),
    ],
};
static IMAGE_CONFIG: StructTy = StructTy {
    name: "v1.DockerOCIImageConfig",
    complete: false,
    fields: &[
        ("User", "User", Ty::Plain),
        ("ExposedPorts", "ExposedPorts", SET),
        ("Env", "Env", Ty::Slice(&STRINGS)),
        ("Entrypoint", "Entrypoint", Ty::Slice(&STRINGS)),
        ("Cmd", "Cmd", Ty::Slice(&STRINGS)),
        ("Volumes", "Volumes", SET),
        ("WorkingDir", "WorkingDir", Ty::Plain),
        ("Labels", "Labels", Ty::Map(&Ty::Plain)),
        ("StopSignal", "StopSignal", Ty::Str),
        ("ArgsEscaped", "ArgsEscaped", Ty::Bool),
        ("Healthcheck", "Healthcheck", Ty::Ptr(&HEALTH_CONFIG)),
        ("OnBuild", "OnBuild", Ty::Slice(&STRINGS)),
        ("Shell", "Shell", Ty::Slice(&STRINGS)),
    ],
};
static METADATA: StructTy = StructTy {
    name: "image.Metadata",
    complete: false,
    fields: &[("LastTagTime", "LastTagTime", Ty::Time)],
};
static IMAGE: StructTy = StructTy {
    name: "image.InspectResponse",
    complete: false,
    fields: &[
        ("ID", "Id", Ty::Plain),
        ("RepoTags", "RepoTags", Ty::Slice(&STRINGS)),
        ("RepoDigests", "RepoDigests", Ty::Slice(&STRINGS)),
        ("ContainerConfig", "ContainerConfig", Ty::Ptr(&CONFIG)),
        ("Config", "Config", Ty::Ptr(&IMAGE_CONFIG)),
        ("GraphDriver", "GraphDriver", Ty::Struct(&GRAPH_DRIVER)),
        ("RootFS", "RootFS", Ty::Struct(&OPEN_STRUCT)),
        ("Metadata", "Metadata", Ty::Struct(&METADATA)),
    ],
};
static IPAM_CONFIG: StructTy = StructTy {
    name: "network.IPAMConfig",
    complete: false,
    fields: &[("AuxAddress", "AuxiliaryAddresses", Ty::Map(&Ty::Plain))],
};
static IPAM: StructTy = StructTy {
    name: "network.IPAM",
    complete: true,
    fields: &[
        ("Driver", "Driver", Ty::Plain),
        ("Options", "Options", Ty::Map(&Ty::Plain)),
        ("Config", "Config", Ty::Slice(&Ty::Struct(&IPAM_CONFIG))),
    ],
};
static CONFIG_REFERENCE: StructTy = StructTy {
    name: "network.ConfigReference",
    complete: true,
    fields: &[("Network", "Network", Ty::Plain)],
};
static ENDPOINT_RESOURCE: StructTy = StructTy {
    name: "network.EndpointResource",
    complete: false,
    fields: &[],
};
static NETWORK: StructTy = StructTy {
    name: "network.Inspect",
    complete: false,
    fields: &[
        ("ID", "Id", Ty::Plain),
        ("Created", "Created", Ty::Time),
        ("IPAM", "IPAM", Ty::Struct(&IPAM)),
        ("ConfigFrom", "ConfigFrom", Ty::Struct(&CONFIG_REFERENCE)),
        (
            "Containers",
            "Containers",
            Ty::Map(&Ty::Struct(&ENDPOINT_RESOURCE)),
        ),
        ("Options", "Options", Ty::Map(&Ty::Plain)),
        ("Labels", "Labels", Ty::Map(&Ty::Plain)),
    ],
};
static VOLUME: StructTy = StructTy {
    name: "volume.Volume",
    complete: false,
    fields: &[
        ("Labels", "Labels", Ty::Map(&Ty::Plain)),
        ("Options", "Options", Ty::Map(&Ty::Plain)),
    ],
};

pub fn container(doc: Arc<Json>) -> Value {
    typed(&JsonAt::root(doc), Ty::Struct(&CONTAINER))
}

pub fn image(doc: Arc<Json>) -> Value {
    typed(&JsonAt::root(doc), Ty::Struct(&IMAGE))
}

pub fn network(doc: Arc<Json>) -> Value {
    typed(&JsonAt::root(doc), Ty::Struct(&NETWORK))
}

pub fn volume(doc: Arc<Json>) -> Value {
    typed(&JsonAt::root(doc), Ty::Struct(&VOLUME))
}

/// A place in a shared answer: a struct nested in it is typed where it
/// lies, so that looking `.State.Status` up copies no part of the answer.
#[derive(Clone)]
struct JsonAt {
    root: Arc<Json>,
    path: Vec<Step>,
}

#[derive(Clone)]
enum Step {
    Key(Rc<str>),
    Index(usize),
}

impl JsonAt {
    fn root(root: Arc<Json>) -> Self {
        JsonAt {
            root,
            path: Vec::new(),
        }
    }

    fn child(&self, step: Step) -> Self {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(step);
        JsonAt {
            root: Arc::clone(&self.root),
            path,
        }
    }

    fn key(&self, key: &str) -> Self {
        self.child(Step::Key(key.into()))
    }

    /// The value here; `None` when the answer has nothing (or `null`) here.
    fn get(&self) -> Option<&Json> {
        self.path
            .iter()
            .try_fold(&*self.root, |json, step| match step {
                Step::Key(k) => json.get(&**k),
                Step::Index(i) => json.get(*i),
            })
            .filter(|j| !j.is_null())
    }

    /// The value here as a struct: one the answer lacks is empty (it prints
    /// as its zero value).
    fn object(&self) -> &Json {
        static EMPTY: LazyLock<Json> = LazyLock::new(|| Json::Object(serde_json::Map::new()));
        self.get().unwrap_or(&EMPTY)
    }
}

fn typed(at: &JsonAt, ty: Ty) -> Value {
    let json = at.get();
    match ty {
        Ty::Plain => json.map_or(Value::Nil, super::raw_value),
        Ty::Slice(elem) => match json.and_then(Json::as_array) {
            Some(items) => Value::list(
                (0..items.len())
                    .map(|i| typed(&at.child(Step::Index(i)), *elem))
                    .collect(),
            ),
            None => Value::NilList,
        },
        Ty::Map(elem) => match json.and_then(Json::as_object) {
            Some(m) => Value::map(
                m.keys()
                    .map(|k| (k.clone(), typed(&at.key(k), *elem)))
                    .collect(),
            ),
            None => Value::NilMap,
        },
        Ty::Ptr(s) => match json {
            Some(_) => Value::object(GoValue::Struct(s, at.clone())),
            None => Value::object(GoValue::NilPtr(s.name)),
        },
        Ty::Struct(s) => Value::object(GoValue::Struct(s, at.clone())),
        Ty::PtrScalar => match json {
            Some(j) => super::raw_value(j),
            None => Value::object(GoValue::NilPtr("int64")),
        },
        Ty::Duration => Value::object(GoValue::Duration(json.and_then(Json::as_i64).unwrap_or(0))),
        Ty::Int => json.map_or(Value::Int(0), super::raw_value),
        Ty::Bool => json.map_or(Value::Bool(false), super::raw_value),
        Ty::Str => json.map_or(Value::str(""), super::raw_value),
        Ty::Time => Value::object(GoValue::Time(
            json.and_then(Json::as_str).unwrap_or("").to_owned(),
        )),
    }
}

/// A typed value that no plain `Value` can stand for.
enum GoValue {
    Struct(&'static StructTy, JsonAt),
    /// A nil pointer of the named type.
    NilPtr(&'static str),
    Duration(i64),
    /// The RFC 3339 text the daemon sent.
    Time(String),
}

impl GoValue {
    /// The fields in print order: the declared ones first where the answer
    /// lacks them (omitted `omitempty` fields still print as zero values),
    /// otherwise the answer's order.
    fn fields(s: &StructTy, at: &JsonAt) -> Vec<(String, Value)> {
        let map = at.object().as_object();
        let declared = |k: &str| s.fields.iter().find(|(_, key, _)| *key == k);
        let mut out: Vec<(String, Value)> = Vec::new();
        if s.complete {
            for (go, key, ty) in s.fields {
                out.push(((*go).to_owned(), typed(&at.key(key), *ty)));
            }
        }
        for k in map.into_iter().flat_map(serde_json::Map::keys) {
            match declared(k) {
                Some(_) if s.complete => {}
                Some((go, _, ty)) => out.push(((*go).to_owned(), typed(&at.key(k), *ty))),
                None => out.push((k.clone(), typed(&at.key(k), Ty::Plain))),
            }
        }
        if !s.complete {
            for (go, key, ty) in s.fields {
                if map.is_none_or(|m| !m.contains_key(*key)) {
                    out.push(((*go).to_owned(), typed(&at.key(key), *ty)));
                }
            }
        }
        out
    }

    /// The field `fields` lists first under `name`, converting only that
    /// one: `{{.Image}}` no longer types every member of the answer (which
    /// cloned the whole document on each lookup).
    fn field_value(s: &StructTy, at: &JsonAt, name: &str) -> Option<Value> {
        let map = at.object().as_object();
        if s.complete
            && let Some((_, key, ty)) = s.fields.iter().find(|(go, _, _)| *go == name)
        {
            return Some(typed(&at.key(key), *ty));
        }
        for k in map.into_iter().flat_map(serde_json::Map::keys) {
            match s.fields.iter().find(|(_, key, _)| *key == k) {
                Some(_) if s.complete => {}
                Some((go, _, ty)) if *go == name => return Some(typed(&at.key(k), *ty)),
                Some(_) => {}
                None if k == name => return Some(typed(&at.key(k), Ty::Plain)),
                None => {}
            }
        }
        if !s.complete {
            for (go, key, ty) in s.fields {
                if *go == name && map.is_none_or(|m| !m.contains_key(*key)) {
                    return Some(typed(&at.key(key), *ty));
                }
            }
        }
        None
    }

    /// `fmt.Sprint` of the value (`%v`).
    fn go_format(&self) -> String {
        match self {
            GoValue::Struct(s, json) => {
                let parts: Vec<String> = GoValue::fields(s, json)
                    .iter()
                    .map(|(name, v)| {
                        let ty = s.fields.iter().find(|(go, _, _)| go == name).map(|f| f.2);
                        match ty {
                            Some(ty @ (Ty::Ptr(_) | Ty::Slice(Ty::Ptr(_)))) => {
                                let key = s
                                    .fields
                                    .iter()
                                    .find(|(go, _, _)| go == name)
                                    .map_or("", |f| f.1);
                                sprint_pointers(json.key(key).get(), ty)
                            }
                            _ => sprint_nested(v),
                        }
                    })
                    .collect();
                format!("{{{}}}", parts.join(" "))
            }
            GoValue::NilPtr(_) => "<nil>".to_owned(),
            GoValue::Duration(ns) => go_duration(*ns),
            GoValue::Time(t) => go_time(t),
        }
    }
}

/// `%v` of a pointer to a struct nested in a struct: Go prints its
/// address. Addresses differ on every run of the real CLI; the simulator
/// prints a stable one of the same shape (`0xc000` and six hex digits).
fn sprint_pointers(json: Option<&Json>, ty: Ty) -> String {
    let json = json.filter(|j| !j.is_null());
    let address = |j: &Json| {
        let hex = crate::engine::ids::derive(&["pointer", &j.to_string()]);
        format!("0xc000{}", &hex[..6])
    };
    match (ty, json) {
        (Ty::Ptr(_), None) => "<nil>".to_owned(),
        (Ty::Ptr(_), Some(j)) => address(j),
        (Ty::Slice(_), Some(Json::Array(items))) => {
            let parts: Vec<String> = items.iter().map(address).collect();
            format!("[{}]", parts.join(" "))
        }
        _ => "[]".to_owned(),
    }
}

/// `%v` of a value nested in a struct: Stringers print their text, nested
/// pointers would print an address, which only nil ones can match.
fn sprint_nested(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            if o.is_nil() {
                "<nil>".to_owned()
            } else {
                o.stringer().unwrap_or_else(|| o.go_format(false))
            }
        }
        other => crate::template::go_sprint(other),
    }
}

impl Object for GoValue {
    fn type_name(&self) -> &str {
        match self {
            GoValue::Struct(s, _) => s.name,
            GoValue::NilPtr(n) => n,
            GoValue::Duration(_) => "time.Duration",
            GoValue::Time(_) => "time.Time",
        }
    }

    fn field(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        match self {
            GoValue::Struct(s, json) => GoValue::field_value(s, json, name).map(Ok),
            GoValue::NilPtr(n) => Some(Err(format!("nil pointer evaluating *{n}.{name}"))),
            GoValue::Duration(_) | GoValue::Time(_) => None,
        }
    }

    fn stringer(&self) -> Option<String> {
        match self {
            GoValue::Duration(_) | GoValue::Time(_) => Some(self.go_format()),
            _ => None,
        }
    }

    fn go_format(&self, _plus: bool) -> String {
        GoValue::go_format(self)
    }

    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        match self {
            GoValue::Struct(_, at) => ordered_fields(at),
            _ => None,
        }
    }

    fn basic_value(&self) -> Option<Value> {
        match self {
            GoValue::Duration(ns) => Some(Value::Int(*ns)),
            _ => None,
        }
    }

    fn is_nil(&self) -> bool {
        matches!(self, GoValue::NilPtr(_))
    }

    fn to_json_value(&self) -> Value {
        match self {
            GoValue::Struct(_, at) => super::raw_value(at.object()),
            GoValue::NilPtr(_) => Value::Nil,
            GoValue::Duration(ns) => Value::Int(*ns),
            GoValue::Time(t) => Value::str(t.as_str()),
        }
    }
}

/// The answer's members in the daemon's order, nested objects kept ordered:
/// what `encoding/json` writes for the struct the daemon marshalled.
fn ordered_fields(at: &JsonAt) -> Option<Vec<(String, Value)>> {
    at.object().as_object().map(|m| {
        m.keys()
            .map(|k| (k.clone(), ordered_json(&at.key(k))))
            .collect()
    })
}

fn ordered_json(at: &JsonAt) -> Value {
    match at.get() {
        Some(Json::Object(_)) => Value::object(GoValue::Struct(&OPEN_STRUCT, at.clone())),
        Some(Json::Array(items)) => Value::list(
            (0..items.len())
                .map(|i| ordered_json(&at.child(Step::Index(i))))
                .collect(),
        ),
        Some(other) => super::raw_value(other),
        None => Value::Nil,
    }
}

/// `time.Duration.String`.
pub fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_owned();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
    } else {
        let secs_total = u / 1_000_000_000;
        let h = secs_total / 3600;
        let m = secs_total / 60 % 60;
        let s_ns = u % 60_000_000_000;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac(s_ns, 1_000_000_000));
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rem:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// `time.Time.String` of an RFC 3339 instant, in UTC as the daemon sends it.
pub fn go_time(rfc3339: &str) -> String {
    match crate::engine::Timestamp::parse(rfc3339) {
        Ok(t) => {
            let base = t.go_string_seconds();
            let nanos = t.subsec_nanos();
            if nanos == 0 {
                return base;
            }
            let digits = format!("{nanos:09}");
            let (date_time, zone) = base.split_at(19);
            format!("{date_time}.{}{zone}", digits.trim_end_matches('0'))
        }
        Err(_) => "0001-01-01 00:00:00 +0000 UTC".to_owned(),
    }
}

static CLIENT_VERSION: StructTy = StructTy {
    name: "system.clientVersion",
    complete: false,
    fields: &[
        ("Platform", "Platform", Ty::Ptr(&PLATFORM)),
        ("APIVersion", "ApiVersion", Ty::Plain),
    ],
};
static PLATFORM: StructTy = StructTy {
    name: "system.platformInfo",
    complete: false,
    fields: &[],
};
static COMPONENT_VERSION: StructTy = StructTy {
    name: "types.ComponentVersion",
    complete: true,
    fields: &[
        ("Name", "Name", Ty::Plain),
        ("Version", "Version", Ty::Plain),
        ("Details", "Details", Ty::Map(&Ty::Plain)),
    ],
};
static SERVER_VERSION: StructTy = StructTy {
    name: "types.Version",
    complete: false,
    fields: &[
        ("Platform", "Platform", Ty::Struct(&PLATFORM)),
        (
            "Components",
            "Components",
            Ty::Slice(&Ty::Struct(&COMPONENT_VERSION)),
        ),
        ("APIVersion", "ApiVersion", Ty::Plain),
        ("Experimental", "Experimental", Ty::Bool),
    ],
};
static VERSION_INFO: StructTy = StructTy {
    name: "system.versionInfo",
    complete: false,
    fields: &[
        ("Client", "Client", Ty::Ptr(&CLIENT_VERSION)),
        ("Server", "Server", Ty::Ptr(&SERVER_VERSION)),
    ],
};
/// A struct whose fields follow its JSON keys.
static OPEN_STRUCT: StructTy = StructTy {
    name: "struct",
    complete: false,
    fields: &[],
};
static PLAIN: StructTy = StructTy {
    name: "system.dockerInfo",
    complete: false,
    fields: &[
        ("Plugins", "Plugins", Ty::Struct(&OPEN_STRUCT)),
        ("RegistryConfig", "RegistryConfig", Ty::Ptr(&OPEN_STRUCT)),
        ("Swarm", "Swarm", Ty::Struct(&OPEN_STRUCT)),
        (
            "ContainerdCommit",
            "ContainerdCommit",
            Ty::Struct(&OPEN_STRUCT),
        ),
        ("RuncCommit", "RuncCommit", Ty::Struct(&OPEN_STRUCT)),
        ("InitCommit", "InitCommit", Ty::Struct(&OPEN_STRUCT)),
        ("FirewallBackend", "FirewallBackend", Ty::Ptr(&OPEN_STRUCT)),
        ("Containerd", "Containerd", Ty::Ptr(&OPEN_STRUCT)),
        ("ClientInfo", "ClientInfo", Ty::Ptr(&OPEN_STRUCT)),
    ],
};

pub fn version(doc: &Json) -> Value {
    typed(
        &JsonAt::root(Arc::new(doc.clone())),
        Ty::Struct(&VERSION_INFO),
    )
}

/// A struct whose Go field names are its JSON keys.
pub fn plain(doc: &Json) -> Value {
    typed(&JsonAt::root(Arc::new(doc.clone())), Ty::Struct(&PLAIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_go() {
        assert_eq!(go_duration(10_000_000_000), "10s");
        assert_eq!(go_duration(60_000_000_000), "1m0s");
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(go_duration(2_000_000), "2ms");
    }

    #[test]
    fn times_print_as_go() {
        assert_eq!(
            go_time("2026-09-28T00:21:11.945983282Z"),
            "2026-09-28 00:21:11.945983282 +0000 UTC"
        );
        assert_eq!(
            go_time("2026-09-28T00:21:11Z"),
            "2026-09-28 00:21:11 +0000 UTC"
        );
    }

    #[test]
    fn state_prints_as_a_struct() {
        let j: Json = serde_json::from_str(
            r#"{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":22444,"ExitCode":0,"Error":"","StartedAt":"a","FinishedAt":"b"}"#,
        )
        .unwrap_or_default();
        let v = GoValue::Struct(&STATE, JsonAt::root(Arc::new(j)));
        assert_eq!(
            v.go_format(),
            "{running true false false false false 22444 0  a b <nil>}"
        );
    }
}

#[cfg(test)]
mod field_lookup_tests {
    use super::*;

    /// Looking one field up gives what listing every field and picking the
    /// first of that name gives, for declared, extra and absent members.
    #[test]
    fn one_field_lookup_matches_the_full_listing() {
        let doc: Json = serde_json::json!({
            "Id": "abc", "Created": "2026-11-27T00:00:00Z", "Extra": {"A": 1},
            "State": {"Status": "running", "Running": true},
            "Config": {"Image": "x", "Labels": {"k": "v"}}
        });
        for s in [&CONTAINER, &IMAGE, &NETWORK, &VOLUME] {
            let at = JsonAt::root(Arc::new(doc.clone()));
            let all = GoValue::fields(s, &at);
            assert!(!all.is_empty());
            for (name, _) in &all {
                let first = all.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                let got = GoValue::field_value(s, &at, name);
                assert_eq!(
                    got.as_ref().map(crate::template::go_sprint),
                    first.map(crate::template::go_sprint),
                    "{} {name}",
                    s.name
                );
            }
            assert!(GoValue::field_value(s, &at, "NoSuchField").is_none());
        }
    }
}
