//! `docker push NAME[:TAG]`: into the scenario's registry, only after a
//! `docker login` to that registry (Docker Hub denies anonymous pushes).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::{Reference, RemoteImage, ids};

pub const FLAGS: &[Flag] = &[
    Flag::bool("all-tags", Some('a')),
    Flag::string("platform", None),
    Flag::bool("quiet", Some('q')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(reference) = p.args.first() else {
        return;
    };
    let r = match Reference::parse(reference) {
        Ok(r) => r.with_default_tag(),
        Err(e) => {
            return inv.out.fail(&format!("invalid reference format: {e}"));
        }
    };
    let familiar = r.familiar();
    let img = match inv.world.image(&familiar) {
        Ok(i) if i.has_tag(&familiar) => i.clone(),
        _ => {
            return inv.out.fail(&format!(
                "Error response from daemon: An image does not exist locally with the tag: {}",
                r.familiar_name()
            ));
        }
    };
    let quiet = p.flag("quiet");
    if !quiet {
        inv.out.println(&format!(
            "The push refers to repository [{}]",
            r.full_name()
        ));
    }
    let layers = crate::engine::json::strings_at(&img.doc, &["RootFS", "Layers"]);
    let short = |l: &str| ids::derive(&["blob", l])[..12].to_owned();
    if !inv.world.logins.contains(&r.domain) {
        if !quiet {
            for l in layers.iter().rev() {
                inv.out.println(&format!("{}: Preparing", short(l)));
            }
        }
        return inv
            .out
            .fail("denied: requested access to the resource is denied");
    }
    let repo = r.familiar_name();
    let tag = r.tag.clone().unwrap_or_else(|| "latest".to_owned());
    let digest = format!("sha256:{}", ids::derive(&["manifest", img.id(), &familiar]));
    let known: Vec<String> = inv
        .world
        .registry
        .repositories
        .get(&repo)
        .map(|rep| {
            rep.tags
                .values()
                .flat_map(|t| crate::engine::json::strings_at(&t.doc, &["RootFS", "Layers"]))
                .collect()
        })
        .unwrap_or_default();
    if !quiet {
        for l in layers.iter().rev() {
            inv.out.println(&format!("{}: Preparing", short(l)));
        }
        for l in layers.iter().rev() {
            if known.contains(l) {
                inv.out
                    .println(&format!("{}: Layer already exists", short(l)));
            } else {
                inv.out.println(&format!("{}: Pushed", short(l)));
            }
        }
    }
    let manifest_size = 524 + 95 * layers.len();
    inv.out
        .println(&format!("{tag}: digest: {digest} size: {manifest_size}"));
    let mut doc = img.doc.tree().clone();
    doc["RepoTags"] = serde_json::json!([]);
    doc["RepoDigests"] = serde_json::json!([]);
    inv.world
        .registry
        .repositories
        .entry(repo.clone())
        .or_default()
        .tags
        .insert(
            tag,
            RemoteImage {
                digest: digest.clone(),
                doc,
            },
        );
    // The local image now knows its digest in that repository.
    if let Ok(i) = inv.world.image_index(&familiar) {
        let d = format!("{repo}@{digest}");
        let img = &mut inv.world.images[i];
        let mut digests = img.repo_digests();
        if !digests.contains(&d) {
            digests.push(d);
            digests.sort();
            img.doc["RepoDigests"] = serde_json::json!(digests);
        }
    }
}
