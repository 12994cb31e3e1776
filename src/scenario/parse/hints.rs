use super::tree::Node;
use miette::SourceSpan;

use super::node::{self, Shape};
use super::suggest::did_you_mean;
use super::{Cx, top};
use crate::scenario::{CheckDecl, HintDecl, HintTrigger};

pub(crate) fn walk(cx: &mut Cx<'_>, nodes: &[&Node<'_>], checks: &[CheckDecl]) -> Vec<HintDecl> {
    let check_names: Vec<&str> = checks
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    let mut seen: Vec<(String, SourceSpan)> = Vec::new();
    let mut out = Vec::new();
    for n in nodes {
        node::check(
            cx,
            n,
            &Shape::args(1, Some(1), "the hint name")
                .props(&["when-ran", "when-failed"])
                .children(),
        );
        let name_at = node::args(n).next().map(|e| node::value_span(cx, e));
        let name = node::arg_string(cx, n, 0, "the hint name");
        if let (Some(name), Some(at)) = (&name, name_at)
            && top::slug(cx, name, at, "a hint name")
        {
            if let Some((_, first)) = seen.iter().find(|(s, _)| s == name) {
                let first = cx.span(*first);
                cx.error(
                    at,
                    format!("a hint named {name:?} is already declared at {first}"),
                );
            } else {
                seen.push((name.clone(), at));
            }
        }
        let ran = node::prop_string(cx, n, "when-ran", "text a command line contains");
        let failed = node::prop_string(cx, n, "when-failed", "a check name");
        let trigger = match (ran, failed) {
            (Some(_), Some((_, at))) => {
                cx.error(
                    at,
                    "a hint has one trigger: `when-ran` or `when-failed`, not both",
                );
                HintTrigger::Always
            }
            (Some((pattern, at)), None) => {
                if pattern.trim().is_empty() {
                    cx.error(at, "an empty `when-ran` matches every command");
                }
                HintTrigger::Ran(pattern)
            }
            (None, Some((check, at))) => {
                if !check_names.contains(&check.as_str()) {
                    cx.error_opt_help(
                        at,
                        format!("`when-failed` names {check:?}, but no check has that name"),
                        did_you_mean(&check, &check_names),
                    );
                }
                HintTrigger::Failed(check)
            }
            (None, None) => HintTrigger::Always,
        };
        let mut text_node = None;
        for c in node::children(n) {
            if node::name(c) == "text" {
                node::once(cx, &mut text_node, c);
            } else {
                node::unknown_child(cx, "hint", c, &["text"]);
            }
        }
        let text = match text_node {
            Some(t) => top::text_node(cx, t, "the hint text"),
            None => {
                cx.error(node::name_span(n), "`hint` is missing `text`");
                None
            }
        };
        out.push(HintDecl {
            name: name.unwrap_or_default(),
            trigger,
            text: text.unwrap_or_default(),
            span: cx.node_span(n),
        });
    }
    out
}
