//! Criterion benchmarks of the library's hot paths: scenario parsing,
//! replay and grading, template execution, and `docker ps` on large worlds.
//! Whole-process timings (start-up included) are scripts/bench's job.
//!
//! ```text
//! cargo bench --bench engine            # all
//! cargo bench --bench engine -- ps      # one group
//! ```

#[path = "support/big_world.rs"]
mod big_world;

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dockdrill::engine::World;
use dockdrill::session::Session;
use dockdrill::{runner, scenario, template, transcript, world_build};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const SEED: &str = "scenarios/latest-drifted.kdl";
const GOOD: &str = "solutions/latest-drifted/rm-and-run.transcript";

fn scenario_parsing(c: &mut Criterion) {
    let text = read(SEED);
    let mut g = c.benchmark_group("scenario");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse/latest-drifted", |b| {
        b.iter(|| scenario::parse(SEED, black_box(&text)).is_ok())
    });
    g.finish();
}

fn grading(c: &mut Criterion) {
    let Ok(seed) = scenario::parse(SEED, &read(SEED)) else {
        panic!("seed scenario parses");
    };
    let Ok(good) = transcript::parse(&read(GOOD)) else {
        panic!("good solution parses");
    };
    let Ok(start) = world_build::build(&seed) else {
        panic!("seed world builds");
    };
    let mut g = c.benchmark_group("grade");
    g.bench_function("transcript/parse", |b| {
        let text = read(GOOD);
        b.iter(|| transcript::parse(black_box(&text)).is_ok())
    });
    g.bench_function("world/build", |b| {
        b.iter(|| world_build::build(black_box(&seed)).is_ok())
    });
    g.bench_function("rm-and-run/with-world-build", |b| {
        b.iter(|| runner::grade(&seed, black_box(&good), "bench").is_ok())
    });
    g.bench_function("rm-and-run/from-built-world", |b| {
        b.iter(|| {
            runner::grade_from(start.clone(), &seed, black_box(&good), "bench")
                .is_ok_and(|v| v.passed())
        })
    });
    g.finish();
}

fn templates(c: &mut Criterion) {
    let world = big_world::world_json(1);
    let Ok(w) = World::from_inspect_json(&world, "bench") else {
        panic!("generated world imports");
    };
    let Some(doc) = w.containers.first().map(|c| c.doc.clone()) else {
        panic!("one container");
    };
    let data = template::Value::from_inspect_json(&doc);
    let mut g = c.benchmark_group("template");
    for (name, src) in [
        ("field", "{{.Config.Image}}"),
        (
            "range-labels",
            "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}",
        ),
        ("json", "{{json .State}}"),
        (
            "if-eq-printf",
            "{{if eq .State.Status \"running\"}}{{printf \"%s up\" .Name}}{{else}}down{{end}}",
        ),
    ] {
        let Ok(t) = template::parse(src) else {
            panic!("{src} parses");
        };
        g.bench_function(BenchmarkId::new("parse", name), |b| {
            b.iter(|| template::parse(black_box(src)).is_ok())
        });
        g.bench_function(BenchmarkId::new("execute", name), |b| {
            let mut out = String::new();
            b.iter(|| {
                out.clear();
                t.execute_into(&data, template::ExecOptions::default(), &mut out)
                    .is_ok()
            })
        });
    }
    g.finish();
}

fn ps_on_large_worlds(c: &mut Criterion) {
    let mut g = c.benchmark_group("ps");
    g.sample_size(20);
    for n in [100usize, 1_000, 10_000] {
        let text = big_world::world_json(n);
        let Ok(world) = World::from_inspect_json(&text, "bench") else {
            panic!("generated world imports");
        };
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new("import-world", n), |b| {
            b.iter(|| World::from_inspect_json(black_box(&text), "bench").is_ok())
        });
        let tools = vec!["docker".to_owned()];
        let mut session = Session::new(world, &tools);
        for line in [
            "docker ps -a",
            "docker ps -a --format '{{.Names}} {{.Status}}'",
            "docker ps -q",
        ] {
            g.bench_function(BenchmarkId::new(line, n), |b| {
                b.iter(|| session.run_line(black_box(line)).status)
            });
        }
        g.bench_function(BenchmarkId::new("docker inspect (last)", n), |b| {
            let line = format!("docker inspect svc-{:05} --format '{{{{.Id}}}}'", n - 1);
            b.iter(|| session.run_line(black_box(&line)).status)
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    scenario_parsing,
    grading,
    templates,
    ps_on_large_worlds
);
criterion_main!(benches);
