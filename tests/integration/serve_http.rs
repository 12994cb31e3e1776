//! `dockdrill serve` at the HTTP surface: pages and assets, the session API
//! a page drives, and what untrusted requests get back (clear 4xx answers,
//! never a crash). The browser test plays the same flow through Chromium.

use crate::serve_support;

use serde_json::json;
use serve_support::{Server, grade, scratch, solution_commands};

fn new_session(server: &Server) -> String {
    let created = server.post_json("/api/sessions", r#"{"scenario":"latest-drifted"}"#);
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["id"]
        .as_str()
        .expect("a session ID")
        .to_owned()
}

fn send_line(server: &Server, id: &str, line: &str) -> serde_json::Value {
    let body = json!({ "line": line }).to_string();
    let reply = server.post_json(&format!("/api/sessions/{id}/lines"), &body);
    assert_eq!(reply.status, 200, "{line}: {}", reply.text());
    reply.json()
}

#[test]
fn the_catalog_and_drill_pages_show_the_scenario_escaped() {
    let server = Server::start(&[]);
    let catalog = server.get("/");
    assert_eq!(catalog.status, 200);
    assert!(
        catalog
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/html")
    );
    assert!(catalog.header("content-security-policy").is_some());
    let page = catalog.text();
    assert!(
        page.contains("Deploy &#39;succeeded&#39; but the app serves old code"),
        "{page}"
    );
    assert!(page.contains("href=\"/s/latest-drifted\""));
    assert!(page.contains(">medium<"));

    let drill = server.get("/s/latest-drifted").text();
    assert!(drill.contains("data-scenario=\"latest-drifted\""));
    assert!(
        drill.contains("<code>docker ps</code>"),
        "backticks become code"
    );
    assert!(drill.contains("data-check=\"diagnosed\""));
    assert!(drill.contains("/assets/xterm.js"));

    let missing = server.get("/s/no-such-drill");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("No drill is named"));
    assert_eq!(server.get("/elsewhere").status, 404);
}

#[test]
fn assets_come_from_the_binary_and_nothing_else_does() {
    let server = Server::start(&[]);
    let xterm = server.get("/assets/xterm.js");
    assert_eq!(xterm.status, 200);
    assert!(
        xterm
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/javascript")
    );
    assert!(xterm.text().contains("e.Terminal="));
    assert_eq!(server.get("/assets/xterm-LICENSE.txt").status, 200);
    for path in [
        "/assets/..%2f..%2fCargo.toml",
        "/assets/../Cargo.toml",
        "/assets/app.js.map",
        "/assets/",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
}

#[test]
fn a_session_played_over_the_api_downloads_a_transcript_grade_passes() {
    let server = Server::start(&["scenarios/latest-drifted.kdl"]);
    let id = new_session(&server);
    let report = server.get(&format!("/api/sessions/{id}/report")).json();
    assert_eq!(report["passed"], false);
    for command in solution_commands("rm-and-run") {
        send_line(&server, &id, &command);
    }
    let check = send_line(&server, &id, "check");
    assert_eq!(check["graded"], true);
    let report = server.get(&format!("/api/sessions/{id}/report")).json();
    assert_eq!(report["passed"], true, "{report}");
    assert_eq!(report["checks"].as_array().map(Vec::len), Some(2));
    assert!(report["debrief"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(report["followups"].as_array().map(Vec::len), Some(3));

    let download = server.get(&format!("/api/sessions/{id}/transcript"));
    assert_eq!(download.status, 200);
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename=\"latest-drifted.transcript\"")
    );
    assert!(
        !download.text().contains(&id),
        "session IDs never reach a transcript"
    );
    let file = scratch("api").join("latest-drifted.transcript");
    std::fs::write(&file, &download.body).expect("save the transcript");
    let (status, out) = grade(&file, &["--format", "json"]);
    assert_eq!(status, 0, "{out}");
    let verdict: serde_json::Value = serde_json::from_str(&out).expect("JSON verdict");
    let page_names: Vec<&serde_json::Value> = report["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| &c["passed"])
        .collect();
    let grade_names: Vec<&serde_json::Value> = verdict["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| &c["passed"])
        .collect();
    assert_eq!(
        page_names, grade_names,
        "the page and grade agree check by check"
    );
}

#[test]
fn bad_requests_get_a_clear_4xx_and_the_server_carries_on() {
    let server = Server::start(&[]);
    let error = |status: u16, response: serve_support::Response| {
        assert_eq!(response.status, status, "{}", response.text());
        response.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let broken = server.post_json("/api/sessions", r#"{"scenario":"#);
    assert!(error(400, broken).contains("not the JSON"));
    let unknown_field = server.post_json("/api/sessions", r#"{"scenario":"latest-drifted","x":1}"#);
    assert!(error(400, unknown_field).contains("unknown field"));
    let wrong_type = server.post_json("/api/sessions", r#"{"scenario":7}"#);
    assert!(error(400, wrong_type).contains("invalid type"));
    let no_such = server.post_json("/api/sessions", r#"{"scenario":"nope"}"#);
    assert!(error(404, no_such).contains("no scenario named"));
    let not_json = serve_support::request(
        &server.addr,
        "POST",
        "/api/sessions",
        &[("Content-Type", "text/plain")],
        br#"{"scenario":"latest-drifted"}"#,
    );
    assert!(error(415, not_json).contains("application/json"));
    let huge = format!(r#"{{"scenario":"{}"}}"#, "a".repeat(1024 * 1024));
    assert!(error(413, server.post_json("/api/sessions", &huge)).contains("larger than"));

    let id = new_session(&server);
    let lines = format!("/api/sessions/{id}/lines");
    let two_lines = server.post_json(&lines, r#"{"line":"docker ps\ndocker images"}"#);
    assert!(error(400, two_lines).contains("one line at a time"));
    let long = json!({ "line": "x".repeat(64 * 1024 + 1) }).to_string();
    assert!(error(400, server.post_json(&lines, &long)).contains("limit"));
    let gone = server.post_json(
        "/api/sessions/0123456789abcdef0123456789abcdef/lines",
        r#"{"line":"docker ps"}"#,
    );
    assert!(error(404, gone).contains("no such session"));
    assert_eq!(server.get("/api/sessions/not-an-id/report").status, 404);
    assert_eq!(server.get("/api/sessions").status, 405);

    // The session is untouched by all of that.
    let reply = send_line(&server, &id, "docker ps --format '{{.Names}}'");
    assert_eq!(reply["output"], "web\n");
    let reply = send_line(&server, &id, "save /etc/passwd");
    assert!(
        reply["output"]
            .as_str()
            .unwrap_or_default()
            .contains("Download transcript")
    );
}

#[test]
fn the_oldest_idle_session_makes_room_when_the_server_is_full() {
    let server = Server::start(&["--max-sessions", "2"]);
    let first = new_session(&server);
    let second = new_session(&server);
    send_line(&server, &first, "docker ps");
    let third = new_session(&server);
    assert_ne!(first, second);
    assert_eq!(
        server.get(&format!("/api/sessions/{second}/report")).status,
        404
    );
    assert_eq!(
        server.get(&format!("/api/sessions/{first}/report")).status,
        200
    );
    assert_eq!(
        server.get(&format!("/api/sessions/{third}/report")).status,
        200
    );
}

#[test]
fn serve_refuses_missing_or_broken_scenarios_before_listening() {
    let dir = scratch("broken");
    std::fs::write(dir.join("broken.kdl"), "scenario \"x\" {\n  title 1\n}\n").expect("write");
    for path in [dir.join("broken.kdl"), dir.join("missing")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dockdrill"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg(&path)
            .output()
            .expect("run dockdrill serve");
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert!(out.stdout.is_empty(), "nothing announced");
    }
}
