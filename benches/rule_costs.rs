//! What each rule costs on the real corpus, once parsing and the semantic
//! model (with every script parsed) are paid for: the table that says where
//! `lint` spends its time beyond the model.
//!
//! `cargo bench --bench rule_costs [FILTER]`: rules whose code contains FILTER.
//! Single-threaded; best of `SHIPSHAPE_BENCH_ITERATIONS` (default 5) runs over
//! every file. Rules run in `lint`'s order with one set of shared facts per
//! file, so the first rule that asks for a shared fact is charged for it.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use shipshape::rules::{self, Checker, SharedFacts};
use shipshape::semantic::SemanticModel;
use shipshape::syntax::{self, Dockerfile};
use shipshape::{LintOptions, rules::Rule};

mod common;

struct Parsed {
    text: String,
    dockerfile: Dockerfile,
}

/// A parsed file with its model (which borrows the text and the tree).
struct Prepared<'a> {
    text: &'a str,
    dockerfile: &'a Dockerfile,
    model: SemanticModel<'a>,
}

fn corpus_files() -> Vec<PathBuf> {
    let Some(dir) = common::corpus_dir("real") else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// Runs every rule on every file as `lint` does (one set of shared facts per
/// file, so the first rule asking for a shared fact pays for it), adding up
/// the time of each rule.
fn time_rules(rules: &[&dyn Rule], files: &[Prepared], options: &LintOptions) -> Vec<Duration> {
    let mut costs = vec![Duration::ZERO; rules.len()];
    for file in files {
        let shared = SharedFacts::new();
        for (rule, cost) in rules.iter().zip(&mut costs) {
            let Some(meta) = rules::meta_for_code(rule.code()) else {
                continue;
            };
            let started = Instant::now();
            let mut checker = Checker::new(
                file.text,
                file.dockerfile,
                &file.model,
                &shared,
                meta,
                options,
            );
            rule.check(&mut checker);
            black_box(checker.into_diagnostics());
            *cost += started.elapsed();
        }
    }
    costs
}

fn main() {
    let (filter, iterations) = common::filter_and_iterations();
    let parsed: Vec<Parsed> = corpus_files()
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .map(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let dockerfile = syntax::parse(&text);
            Parsed { text, dockerfile }
        })
        .collect();
    let files: Vec<Prepared> = parsed
        .iter()
        .map(|Parsed { text, dockerfile }| {
            let model = SemanticModel::build(text, dockerfile, None);
            for index in 0..dockerfile.instructions.len() {
                black_box(model.scripts(index));
            }
            Prepared {
                text,
                dockerfile,
                model,
            }
        })
        .collect();
    if files.is_empty() {
        eprintln!("shared/corpus/real not found");
        return;
    }
    let options = LintOptions::default();
    let selected: Vec<&dyn Rule> = rules::all_rules()
        .iter()
        .copied()
        .filter(|rule| rule.code().contains(filter.as_str()))
        .filter(|rule| rules::meta_for_code(rule.code()).is_some_and(|m| options.is_enabled(m)))
        .collect();
    let mut best = vec![Duration::MAX; selected.len()];
    for _ in 0..iterations {
        for (best, cost) in best.iter_mut().zip(time_rules(&selected, &files, &options)) {
            *best = (*best).min(cost);
        }
    }
    let mut costs: Vec<(&'static str, Duration)> =
        selected.iter().map(|rule| rule.code()).zip(best).collect();
    costs.sort_by_key(|(_, cost)| std::cmp::Reverse(*cost));
    let total: Duration = costs.iter().map(|(_, cost)| *cost).sum();
    println!(
        "rule costs on {} corpus files (model and scripts prebuilt), best of {iterations}",
        files.len()
    );
    println!("{:<8} {:>10} {:>7}", "rule", "ms", "share");
    for (code, cost) in &costs {
        println!(
            "{code:<8} {:>10.2} {:>6.1}%",
            cost.as_secs_f64() * 1e3,
            100.0 * cost.as_secs_f64() / total.as_secs_f64().max(f64::EPSILON)
        );
    }
    println!("{:<8} {:>10.2}", "total", total.as_secs_f64() * 1e3);
}
