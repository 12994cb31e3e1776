use super::tree::{Document, Node};

use super::node::{self, Shape};
use super::{Cx, checks, hints, world};
use crate::scenario::{Difficulty, Followup, Scenario, TimeSpec, Timestamp, WorldDecl};

const TOP: [&str; 7] = [
    "scenario", "world", "check", "hint", "followup", "debrief", "note",
];
const SCENARIO_CHILDREN: [&str; 5] = ["title", "difficulty", "tools", "clock", "brief"];

pub(crate) fn walk(cx: &mut Cx<'_>, doc: &Document<'_>) -> Scenario {
    let mut scenario_node = None;
    let mut world_node = None;
    let mut debrief_node = None;
    let mut check_nodes = Vec::new();
    let mut hint_nodes = Vec::new();
    let mut followup_nodes = Vec::new();
    let mut note_nodes = Vec::new();
    for n in doc.nodes() {
        match node::name(n) {
            "scenario" => {
                node::once(cx, &mut scenario_node, n);
            }
            "world" => {
                node::once(cx, &mut world_node, n);
            }
            "debrief" => {
                node::once(cx, &mut debrief_node, n);
            }
            "check" => check_nodes.push(n),
            "hint" => hint_nodes.push(n),
            "followup" => followup_nodes.push(n),
            "note" => note_nodes.push(n),
            _ => node::unknown_top(cx, n, &TOP),
        }
    }

    let mut s = Scenario {
        name: String::new(),
        title: String::new(),
        difficulty: Difficulty::Medium,
        brief: String::new(),
        tools: Vec::new(),
        clock: Timestamp::default(),
        world: WorldDecl::default(),
        checks: Vec::new(),
        hints: Vec::new(),
        followups: Vec::new(),
        debrief: None,
        notes: Vec::new(),
        span: Default::default(),
    };

    let clock = match scenario_node {
        Some(n) => header(cx, n, &mut s),
        None => {
            cx.error_at(0, 0, "missing `scenario` node; a scenario file starts with `scenario \"NAME\" { title ... }`");
            None
        }
    };
    if let Some(t) = clock {
        s.clock = t;
    }
    match world_node {
        Some(n) => s.world = world::walk(cx, n, clock),
        None => cx.error_at(
            0,
            0,
            "missing `world` node: declare the images and containers present when play starts",
        ),
    }
    if check_nodes.is_empty() {
        cx.error_at(
            0,
            0,
            "no `check` node: a scenario needs at least one acceptance check",
        );
    }
    s.checks = checks::walk(cx, &check_nodes, &s.world);
    s.hints = hints::walk(cx, &hint_nodes, &s.checks);
    s.followups = followup_nodes
        .iter()
        .filter_map(|n| followup(cx, n))
        .collect();
    s.debrief = debrief_node.and_then(|n| text_node(cx, n, "the debrief text"));
    s.notes = note_nodes
        .iter()
        .filter_map(|n| text_node(cx, n, "the note text"))
        .collect();
    s
}

/// Reads the `scenario` block into `s`; returns the clock when valid, since
/// every relative time in the world depends on it.
fn header(cx: &mut Cx<'_>, n: &Node<'_>, s: &mut Scenario) -> Option<Timestamp> {
    s.span = cx.node_span(n);
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the scenario name").children(),
    );
    if let Some(name) = node::arg_string(cx, n, 0, "the scenario name") {
        if let Some(at) = node::args(n).next().map(|e| node::value_span(cx, e)) {
            slug(cx, &name, at, "a scenario name");
        }
        s.name = name;
    }
    let mut title = None;
    let mut difficulty = None;
    let mut tools = None;
    let mut clock = None;
    let mut brief = None;
    for c in node::children(n) {
        let slot = match node::name(c) {
            "title" => &mut title,
            "difficulty" => &mut difficulty,
            "tools" => &mut tools,
            "clock" => &mut clock,
            "brief" => &mut brief,
            _ => {
                node::unknown_child(cx, "scenario", c, &SCENARIO_CHILDREN);
                continue;
            }
        };
        node::once(cx, slot, c);
    }
    let missing = [
        ("title", title.is_none()),
        ("difficulty", difficulty.is_none()),
        ("tools", tools.is_none()),
        ("clock", clock.is_none()),
        ("brief", brief.is_none()),
    ];
    for (what, absent) in missing {
        if absent {
            cx.error(
                node::name_span(n),
                format!("`scenario` is missing `{what}`"),
            );
        }
    }
    if let Some(c) = title {
        s.title = text_node(cx, c, "the title").unwrap_or_default();
    }
    if let Some(c) = brief {
        s.brief = text_node(cx, c, "the brief").unwrap_or_default();
    }
    if let Some(c) = difficulty
        && node::check(cx, c, &Shape::args(1, Some(1), "easy, medium or hard"))
        && let Some(d) = node::arg_string(cx, c, 0, "easy, medium or hard")
    {
        match Difficulty::from_name(&d) {
            Some(d) => s.difficulty = d,
            None => {
                let at = node::args(c)
                    .next()
                    .map_or(node::name_span(c), |e| node::value_span(cx, e));
                cx.error_opt_help(
                    at,
                    format!("unknown difficulty {d:?}; expected easy, medium or hard"),
                    super::suggest::did_you_mean(&d, &Difficulty::NAMES),
                );
            }
        }
    }
    if let Some(c) = tools {
        node::check(
            cx,
            c,
            &Shape::args(1, None, "the commands the learner may run"),
        );
        let mut seen: Vec<String> = Vec::new();
        for (tool, at) in node::arg_strings(cx, c, "a command name") {
            if seen.contains(&tool) {
                cx.error(at, format!("`{tool}` is listed twice"));
            } else if tool.is_empty()
                || !tool
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                cx.error(
                    at,
                    format!("{tool:?} is not a command name; expected a word like docker or curl"),
                );
            } else {
                seen.push(tool);
            }
        }
        s.tools = seen;
    }
    let c = clock?;
    if !node::check(cx, c, &Shape::args(1, Some(1), "an RFC 3339 time")) {
        return None;
    }
    let text = node::arg_string(cx, c, 0, "an RFC 3339 time")?;
    let at = node::args(c)
        .next()
        .map_or(node::name_span(c), |e| node::value_span(cx, e));
    match super::super::time::parse_rfc3339(&text) {
        Ok(t) => Some(t),
        Err(e) => {
            let help = matches!(TimeSpec::parse(&text), Ok(TimeSpec::Relative(_))).then(|| {
                "the clock is where relative times count from, so it must be absolute".to_owned()
            });
            cx.error_opt_help(at, format!("bad clock: {e}"), help);
            None
        }
    }
}

/// A node whose single argument is text (title, brief, debrief, note, ...).
pub(crate) fn text_node(cx: &mut Cx<'_>, n: &Node<'_>, what: &'static str) -> Option<String> {
    if !node::check(cx, n, &Shape::args(1, Some(1), what)) {
        return None;
    }
    let s = node::arg_string(cx, n, 0, what)?;
    if s.trim().is_empty() {
        let at = node::args(n)
            .next()
            .map_or(node::name_span(n), |e| node::value_span(cx, e));
        cx.error(at, format!("`{}` is empty", node::name(n)));
    }
    Some(s)
}

fn followup(cx: &mut Cx<'_>, n: &Node<'_>) -> Option<Followup> {
    node::check(cx, n, &Shape::args(1, Some(1), "the question").children());
    let question = node::arg_string(cx, n, 0, "the question")?;
    if question.trim().is_empty() {
        cx.error(node::name_span(n), "`followup` has an empty question");
    }
    let mut answer_node = None;
    for c in node::children(n) {
        if node::name(c) == "answer" {
            node::once(cx, &mut answer_node, c);
        } else {
            node::unknown_child(cx, "followup", c, &["answer"]);
        }
    }
    let answer = answer_node.and_then(|c| text_node(cx, c, "the answer"));
    Some(Followup {
        question,
        answer,
        span: cx.node_span(n),
    })
}

/// Names that become test-case and file names: lowercase words joined by `-`.
pub(crate) fn slug(cx: &mut Cx<'_>, name: &str, at: miette::SourceSpan, what: &str) -> bool {
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !ok {
        cx.error(at, format!("{name:?} is not usable as {what}; use lowercase letters, digits and '-', like \"latest-drifted\""));
    }
    ok
}
