//! `docker build`: BuildKit's plain progress (what a pipe gets) on
//! stderr. Step timings are all `0.0s` (the virtual clock does not move
//! during a build); the lines users grep for (`#N [i/n] STEP`, `CACHED`,
//! `writing image sha256:...`, `naming to ...`, `ERROR: ...`) are
//! BuildKit's.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::docker::format::units::human_size;

pub const FLAGS: &[Flag] = &[
    Flag::list("build-arg", None),
    Flag::string("file", Some('f')),
    Flag::list("label", None),
    Flag::bool("no-cache", None),
    Flag::string("platform", None),
    Flag::string("progress", None),
    Flag::bool("pull", None),
    Flag::bool("quiet", Some('q')),
    Flag::list("tag", Some('t')),
    Flag::string("target", None),
];

#[allow(clippy::cast_precision_loss)]
fn bytes(n: usize) -> String {
    human_size(n as f64)
}

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(context) = p.args.first().cloned() else {
        return;
    };
    let mut tags = Vec::new();
    for t in p.list("tag") {
        match crate::engine::Reference::parse(t) {
            Ok(_) => tags.push(t.clone()),
            Err(e) => {
                return inv
                    .out
                    .fail(&format!("ERROR: failed to build: invalid tag {t:?}: {e}"));
            }
        }
    }
    let dockerfile = p.string("file").unwrap_or("Dockerfile").to_owned();
    let saved_cache = if p.flag("no-cache") {
        Some(std::mem::take(&mut inv.world.build_cache))
    } else {
        None
    };
    let result = inv.world.build_image_report(&context, &dockerfile, &tags);
    if let Some(saved) = saved_cache {
        inv.world.build_cache.extend(saved);
    }
    let quiet = p.flag("quiet");
    let mut s = String::from("#0 building with \"default\" instance using docker driver\n\n");
    let (report, error) = match result {
        Ok(r) => (Some(r), None),
        Err(failure) => {
            let (r, e) = *failure;
            (r, Some(e))
        }
    };
    let Some(report) = report else {
        let e = error.unwrap_or_default();
        return inv.out.fail(&format!("ERROR: {e}"));
    };
    let mut n = 1;
    s.push_str(&format!(
        "#{n} [internal] load build definition from {dockerfile}\n#{n} transferring dockerfile: {} done\n#{n} DONE 0.0s\n\n",
        bytes(report.dockerfile_bytes)
    ));
    n += 1;
    s.push_str(&format!(
        "#{n} [internal] load metadata for {}\n#{n} DONE 0.0s\n\n",
        report.base
    ));
    n += 1;
    s.push_str(&format!(
        "#{n} [internal] load .dockerignore\n#{n} transferring context: 2B done\n#{n} DONE 0.0s\n\n"
    ));
    let needs_context = report
        .steps
        .iter()
        .any(|st| st.name.contains("] COPY ") || st.name.contains("] ADD "));
    for (i, step) in report.steps.iter().enumerate() {
        n += 1;
        s.push_str(&format!("#{n} {}\n", step.name));
        match (&step.error, step.cached) {
            (Some(e), _) => {
                let e = e.strip_prefix("failed to solve: ").unwrap_or(e);
                s.push_str(&format!("#{n} ERROR: {e}\n"));
            }
            (None, true) => s.push_str(&format!("#{n} CACHED\n")),
            (None, false) => s.push_str(&format!("#{n} DONE 0.0s\n")),
        }
        s.push('\n');
        if i == 0 && needs_context {
            n += 1;
            s.push_str(&format!(
                "#{n} [internal] load build context\n#{n} transferring context: {} done\n#{n} DONE 0.0s\n\n",
                bytes(report.context_bytes)
            ));
        }
    }
    if let Some(e) = error {
        if let Some(failed) = report.steps.iter().find(|st| st.error.is_some()) {
            s.push_str(&format!("------\n > {}:\n------\n", failed.name));
        }
        s.push_str(&format!("ERROR: failed to build: {e}\n"));
        inv.out.eprint(&s);
        inv.out.status = 1;
        return;
    }
    n += 1;
    s.push_str(&format!(
        "#{n} exporting to image\n#{n} exporting layers done\n#{n} writing image {} done\n",
        report.image_id
    ));
    for t in &report.tags {
        s.push_str(&format!("#{n} naming to {t} done\n"));
    }
    s.push_str(&format!("#{n} DONE 0.0s\n"));
    if quiet {
        inv.out.println(&report.image_id);
    } else {
        inv.out.eprint(&s);
    }
}
