//! HTTP routes: pages, assets, and the JSON API the page script calls.
//! Every request is untrusted: bodies are bounded, JSON is parsed here so
//! a bad body gets a 400 that says what is wrong, session IDs are checked
//! for shape before any lookup, and work on a session runs off the async
//! workers where a panic ends that session, not the server.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::catalog::Catalog;
use super::id::SessionId;
use super::live::{Live, PROMPT};
use super::store::Store;
use super::{assets, pages};

/// Longest line a request may carry: what a transcript line may hold.
pub const MAX_LINE_BYTES: usize = crate::transcript::MAX_LINE_BYTES;
/// Largest request body: a longest line even if every byte is escaped.
const MAX_BODY_BYTES: usize = 2 * MAX_LINE_BYTES + 1024;

/// Pages may load only this server's own scripts and styles; xterm.js sets
/// styles from script, hence `unsafe-inline` for styles alone.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub struct AppState {
    pub catalog: Catalog,
    pub sessions: Mutex<Store<Live>>,
}

type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(catalog_page))
        .route("/s/{name}", get(drill_page))
        .route("/assets/{name}", get(asset))
        .route("/api/sessions", post(create_session))
        .route("/api/sessions/{id}/lines", post(run_line))
        .route("/api/sessions/{id}/report", get(report))
        .route("/api/sessions/{id}/transcript", get(transcript))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// An API failure: a status and a sentence, sent as `{"error": ...}`.
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn no_session() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no such session: it never existed, sat idle too long, or made room for newer ones; start over",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The JSON body of a request, or a 4xx saying why not. Requiring
/// `application/json` also means another site's page cannot post here
/// without a CORS preflight, which this server never grants.
fn body<T: DeserializeOwned>(
    headers: &HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = bytes.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!("request body larger than {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::new(status, rejection.body_text())
        }
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON, with Content-Type: application/json",
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the request body is not the JSON this endpoint takes: {e}"
        ))
    })
}

async fn catalog_page(State(state): State<Shared>) -> Response {
    html(StatusCode::OK, pages::catalog(&state.catalog))
}

async fn drill_page(State(state): State<Shared>, Path(name): Path<String>) -> Response {
    match state.catalog.get(&name) {
        Some(entry) => html(StatusCode::OK, pages::drill(entry)),
        None => html(
            StatusCode::NOT_FOUND,
            pages::not_found(&format!("No drill is named \"{name}\".")),
        ),
    }
}

async fn asset(Path(name): Path<String>) -> Response {
    match assets::get(&name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "no-cache"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            asset.bytes,
        )
            .into_response(),
        None => ApiError::new(StatusCode::NOT_FOUND, format!("no asset named \"{name}\""))
            .into_response(),
    }
}

async fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        pages::not_found("There is no page at this address."),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSession {
    scenario: String,
}

async fn create_session(
    State(state): State<Shared>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: NewSession = body(&headers, bytes)?;
    let entry = state
        .catalog
        .get(&request.scenario)
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no scenario named \"{}\"", request.scenario),
            )
        })?;
    let id =
        SessionId::random().map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let live = blocking(move || Live::new(entry)).await?;
    let reply = serde_json::json!({
        "id": id.as_str(),
        "scenario": live.scenario_name(),
        "intro": live.intro(),
        "prompt": PROMPT,
    });
    sessions(&state).insert(id, live, Instant::now());
    Ok(json(StatusCode::CREATED, &reply))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    line: String,
    /// Ctrl-C: drop the command being continued (and `line`, if any).
    #[serde(default)]
    cancel: bool,
}

async fn run_line(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: Line = body(&headers, bytes)?;
    if request.line.len() > MAX_LINE_BYTES {
        return Err(ApiError::bad_request(format!(
            "line is {} bytes; the limit is {MAX_LINE_BYTES}",
            request.line.len()
        )));
    }
    if request.line.contains(['\n', '\r', '\0']) {
        return Err(ApiError::bad_request(
            "send one line at a time: no newline, carriage return or NUL",
        ));
    }
    let (id, live) = lookup(&state, &id)?;
    let worker = Arc::clone(&live);
    let outcome = blocking(move || {
        let mut live = worker.lock().unwrap_or_else(PoisonError::into_inner);
        let reply = if request.cancel {
            live.cancel()
        } else {
            live.line(&request.line)
        };
        (reply, live.recorded_bytes())
    })
    .await;
    let (reply, bytes) = outcome.inspect_err(|_| remove(&state, &id))?;
    sessions(&state).set_bytes(&id, bytes);
    Ok(json(StatusCode::OK, &reply))
}

async fn report(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (id, live) = lookup(&state, &id)?;
    let outcome = blocking(move || live.lock().unwrap_or_else(PoisonError::into_inner).report())
        .await
        .inspect_err(|_| remove(&state, &id))?;
    match outcome {
        Ok(report) => Ok(json(StatusCode::OK, &report)),
        Err(e) => Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e)),
    }
}

async fn transcript(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (_, live) = lookup(&state, &id)?;
    let (name, text) = {
        let live = live.lock().unwrap_or_else(PoisonError::into_inner);
        (live.scenario_name().to_owned(), live.transcript())
    };
    // Scenario names are identifiers (the parser enforces it); the filter
    // keeps the header well-formed whatever a name holds.
    let file: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let disposition = format!("attachment; filename=\"{file}.transcript\"");
    let disposition = HeaderValue::from_str(&disposition)
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response())
}

fn sessions(state: &AppState) -> std::sync::MutexGuard<'_, Store<Live>> {
    state
        .sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn lookup(state: &AppState, id: &str) -> Result<(SessionId, Arc<Mutex<Live>>), ApiError> {
    let id = SessionId::parse(id).ok_or_else(ApiError::no_session)?;
    let live = sessions(state)
        .get(&id, Instant::now())
        .ok_or_else(ApiError::no_session)?;
    Ok((id, live))
}

fn remove(state: &AppState, id: &SessionId) {
    sessions(state).remove(id);
}

/// Runs session work on the blocking pool: a long replay never stalls the
/// server, and a panic (a bug) comes back as a 500 instead of unwinding
/// through the connection.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error: this is a bug in dockdrill, not in what you typed; the session was closed, start over",
        )
    })
}
