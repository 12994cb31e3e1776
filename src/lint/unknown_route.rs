//! `unknown-route`: an `http` check expects an answer (a status other than
//! 404, or a body) at a method and path that no declared image serves. A
//! container of any declared image answers such a request with Go's 404, so
//! the check can pass only if the path is a typo away from a declared route.

use super::{Finding, locate};
use crate::check::parse_url;
use crate::scenario::{Predicate, Scenario};

pub fn lint(file: &str, text: &str, scenario: &Scenario, out: &mut Vec<Finding>) {
    for check in &scenario.checks {
        for predicate in &check.predicates {
            let Predicate::Http {
                method,
                url,
                status,
                body,
                span,
            } = predicate
            else {
                continue;
            };
            let expects_a_route = status.is_some_and(|s| s != 404) || body.is_some();
            let Some((_, _, path)) = parse_url(url) else {
                continue;
            };
            if !expects_a_route {
                continue;
            }
            let routes: Vec<&str> = scenario
                .world
                .images
                .iter()
                .flat_map(|i| &i.http)
                .filter(|r| &r.method == method)
                .map(|r| r.path.as_str())
                .collect();
            if routes.contains(&path.as_str()) {
                continue;
            }
            let mut finding = Finding::warning(
                "unknown-route",
                locate::within(file, text, *span, &format!("\"{url}\"")),
                format!(
                    "check {:?} requests {method} {path}, which no declared image serves",
                    check.name
                ),
            )
            .label("every container answers this with 404 page not found");
            let mut sorted = routes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let closest = sorted
                .iter()
                .map(|r| (edit_distance(r, &path), *r))
                .filter(|(d, _)| *d <= 2)
                .min();
            finding = match closest {
                Some((_, r)) => finding.help(format!("did you mean {r:?}?")),
                None if sorted.is_empty() => finding.help(format!(
                    "declare a route on the image that should answer: http {method} {path:?} status=200 body=\"...\""
                )),
                None => finding.help(format!(
                    "declared {method} routes: {}",
                    sorted.join(", ")
                )),
            };
            out.push(finding);
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let here = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (here + 1).min(left + 1).min(prev + cost);
            prev = here;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}
