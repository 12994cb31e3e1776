//! The two kinds of page: the catalog, and one drill (brief, terminal,
//! checks). Pages are rendered on the server from the scenario; the script
//! (`assets/app.js`) only drives the terminal and the buttons.

use std::fmt::Write;

use super::catalog::{Catalog, Entry};
use super::html::{escape, prose};

fn page(title: &str, body: &str, scripts: &[&str]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"/assets/xterm.css\">\n\
         <link rel=\"stylesheet\" href=\"/assets/app.css\">\n</head>\n<body>\n\
         <header class=\"bar\"><a class=\"brand\" href=\"/\">dockdrill</a>\
         <span class=\"tagline\">Docker incidents as drills · every command runs in a simulated host</span></header>\n",
        escape(title)
    );
    out.push_str(body);
    for script in scripts {
        let _ = writeln!(out, "<script src=\"/assets/{script}\"></script>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

pub fn catalog(catalog: &Catalog) -> String {
    let mut body = String::from(
        "<main class=\"catalog\">\n<h1>Drills</h1>\n\
         <p class=\"lead\">Pick an incident. Each opens with a brief and a terminal on a \
         simulated Docker host; fix it, press Check, and download a transcript that \
         <code>dockdrill grade</code> accepts.</p>\n<ul class=\"drills\">\n",
    );
    for entry in catalog.entries() {
        let s = &entry.scenario;
        let _ = writeln!(
            body,
            "<li class=\"drill\"><a href=\"/s/{name}\"><span class=\"title\">{title}</span>\
             <span class=\"difficulty {difficulty}\">{difficulty}</span></a>\
             <p class=\"summary\">{summary}</p></li>",
            name = escape(&s.name),
            title = escape(&s.title),
            difficulty = escape(&s.difficulty.to_string()),
            summary = escape(&entry.summary),
        );
    }
    body.push_str("</ul>\n</main>\n");
    page("dockdrill: drills", &body, &[])
}

pub fn drill(entry: &Entry) -> String {
    let s = &entry.scenario;
    let mut body = String::new();
    let _ = write!(
        body,
        "<main class=\"play\" data-scenario=\"{name}\">\n\
         <section class=\"brief\">\n<p class=\"back\"><a href=\"/\">← All drills</a></p>\n\
         <h1>{title}</h1>\n\
         <p class=\"meta\"><span class=\"difficulty {difficulty}\">{difficulty}</span> \
         tools: {tools}</p>\n{brief}",
        name = escape(&s.name),
        title = escape(&s.title),
        difficulty = escape(&s.difficulty.to_string()),
        tools = escape(&s.tools.join(", ")),
        brief = prose(&s.brief),
    );
    body.push_str(
        "<p class=\"howto\">Type in the terminal: <code>hint</code> for a hint, \
         <code>check</code> or the Check button to see where you stand, \
         <code>submit</code> for the verdict, <code>help</code> for more.</p>\n</section>\n",
    );
    body.push_str(
        "<section class=\"work\">\n\
         <div id=\"terminal\" data-state=\"starting\" data-answered=\"0\"></div>\n\
         <div class=\"actions\">\
         <button id=\"check\" type=\"button\">Check</button>\
         <a id=\"download\" class=\"button\" href=\"#\">Download transcript</a>\
         <button id=\"restart\" type=\"button\" class=\"quiet\">Start over</button>\
         <span id=\"status\" role=\"status\"></span></div>\n\
         <section class=\"checks\">\n<h2>Checks</h2>\n<ul id=\"checks\">\n",
    );
    for check in &s.checks {
        let _ = writeln!(
            body,
            "<li class=\"check unknown\" data-check=\"{name}\"><span class=\"mark\">○</span>\
             <span class=\"name\">{name}</span><span class=\"about\">{about}</span></li>",
            name = escape(&check.name),
            about = escape(&check.about),
        );
    }
    body.push_str(
        "</ul>\n<p id=\"verdict\" class=\"verdict\">Not checked yet.</p>\n</section>\n\
         <section id=\"after\" class=\"after\" hidden>\n\
         <h2>Follow-up questions</h2>\n<ol id=\"followups\"></ol>\n\
         <h2>Debrief</h2>\n<div id=\"debrief\"></div>\n</section>\n</section>\n</main>\n",
    );
    page(
        &format!("{} · dockdrill", s.title),
        &body,
        &["xterm.js", "app.js"],
    )
}

pub fn not_found(what: &str) -> String {
    let body = format!(
        "<main class=\"catalog\">\n<h1>Not found</h1>\n<p>{}</p>\n\
         <p><a href=\"/\">All drills</a></p>\n</main>\n",
        escape(what)
    );
    page("dockdrill: not found", &body, &[])
}
