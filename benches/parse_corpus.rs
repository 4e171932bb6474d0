//! Throughput of `syntax::parse`, `lint()` and the semantic model with every
//! script parsed, on the shared corpora.
//!
//! `cargo bench --bench parse_corpus [FILTER]` runs every benchmark whose name
//! contains FILTER (`=NAME`: only the one named NAME, e.g. for a profiler). Inputs are loaded into memory first; each benchmark runs
//! single-threaded, `SHIPSHAPE_BENCH_ITERATIONS` times (default 5), and the
//! best and median times are reported. No benchmarking crate: plain `Instant`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use shipshape::semantic::SemanticModel;
use shipshape::syntax::expand::{expand_word, references};
use shipshape::{LintOptions, lint, shell, syntax};

mod common;
use common::corpus_dir;

/// One input file, kept in memory.
struct Input {
    name: String,
    bytes: Vec<u8>,
    /// The text `parse` sees (lossily decoded, as `lint` does).
    text: String,
    /// The text of every script of the file (what the shell parser reads).
    scripts: Vec<String>,
}

impl Input {
    fn load(path: &Path) -> Option<Input> {
        let bytes = std::fs::read(path).ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Some(Input {
            name: path.file_name()?.to_string_lossy().into_owned(),
            scripts: script_texts(&text),
            text,
            bytes,
        })
    }
}

/// Every file of `dir` matching `keep`, sorted by name.
fn load_dir(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<Input> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.is_file() && keep(path))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|path| Input::load(path)).collect()
}

struct Measurement {
    name: String,
    files: usize,
    bytes: usize,
    best: Duration,
    median: Duration,
}

/// Runs `work` over all `inputs` `iterations` times (after one warm-up run).
fn measure(
    name: String,
    inputs: &[&Input],
    iterations: usize,
    work: impl Fn(&Input),
) -> Measurement {
    inputs.iter().for_each(|input| work(input));
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let started = Instant::now();
            inputs.iter().for_each(|input| work(input));
            started.elapsed()
        })
        .collect();
    times.sort();
    Measurement {
        name,
        files: inputs.len(),
        bytes: inputs.iter().map(|input| input.bytes.len()).sum(),
        best: times.first().copied().unwrap_or_default(),
        median: times.get(times.len() / 2).copied().unwrap_or_default(),
    }
}

fn parse_one(input: &Input) {
    black_box(syntax::parse(black_box(&input.text)));
}

thread_local! {
    /// Built once, as the CLI resolves its options once for every file
    /// (building them per file would time five `Arc` allocations and frees).
    static DEFAULT_OPTIONS: LintOptions = LintOptions::default();
    static NO_RULES: LintOptions = LintOptions {
        select: Some(Vec::new()),
        ..LintOptions::default()
    };
}

fn lint_one(input: &Input) {
    DEFAULT_OPTIONS.with(|options| {
        let _ = black_box(lint(
            black_box(&input.bytes),
            Path::new(&input.name),
            options,
        ));
    });
}

/// `lint` with no rule selected: decoding, parsing, the model (scripts are
/// parsed on demand, so not at all), suppressions and the line index. What
/// `lint corpus/real` spends beyond it is rules and the scripts they ask for.
fn lint_no_rules(input: &Input) {
    NO_RULES.with(|options| {
        let _ = black_box(lint(
            black_box(&input.bytes),
            Path::new(&input.name),
            options,
        ));
    });
}

/// Parse and semantic model with every instruction's scripts parsed (the
/// model parses them on demand, so `lint` alone pays only for what rules use):
/// the cost once rules look at every RUN.
fn model_with_scripts(input: &Input) {
    let dockerfile = syntax::parse(black_box(&input.text));
    let model = SemanticModel::build(&input.text, &dockerfile, None);
    for index in 0..dockerfile.instructions.len() {
        black_box(model.scripts(index));
    }
    black_box(&model);
}

/// The text of every script of every instruction of `text`.
fn script_texts(text: &str) -> Vec<String> {
    let dockerfile = syntax::parse(text);
    let model = SemanticModel::build(text, &dockerfile, None);
    (0..dockerfile.instructions.len())
        .flat_map(|index| {
            model
                .scripts(index)
                .iter()
                .map(|script| script.text.clone())
        })
        .collect()
}

/// The shell parser alone (with its package pass) on every script text, as
/// `build_scripts` runs it; the texts are extracted beforehand.
fn shell_scripts(input: &Input) {
    for text in &input.scripts {
        black_box(shell::parse_with_packages(black_box(text)));
    }
}

/// Every line of `inputs` with a `$`, as one input (the shell lexer's workload).
fn dollar_lines(inputs: &[Input]) -> Input {
    let mut text = String::new();
    for input in inputs {
        for line in input.text.lines().filter(|line| line.contains('$')) {
            text.push_str(line);
            text.push('\n');
        }
    }
    Input {
        name: "lines with $".to_owned(),
        bytes: text.clone().into_bytes(),
        text,
        scripts: Vec::new(),
    }
}

/// Expands each line as one word (errors are part of the workload) and finds its references.
fn expand_lines(input: &Input) {
    let lookup = |name: &str| match name {
        "PATH" => Some("/usr/local/bin:/usr/bin:/bin".to_owned()),
        "HOME" => Some("/root".to_owned()),
        _ => None,
    };
    for line in input.text.lines() {
        let _ = black_box(expand_word(black_box(line), '\\', &lookup));
        black_box(references(black_box(line), '\\'));
    }
}

fn print_table(measurements: &[Measurement]) {
    println!(
        "{:<44} {:>6} {:>10} {:>11} {:>11} {:>11}",
        "benchmark", "files", "input", "best", "median", "best MB/s"
    );
    for m in measurements {
        let megabytes = m.bytes as f64 / 1e6;
        let seconds = m.best.as_secs_f64();
        let throughput = if seconds > 0.0 {
            format!("{:.1}", megabytes / seconds)
        } else {
            "-".to_owned()
        };
        println!(
            "{:<44} {:>6} {:>8.2}MB {:>11} {:>11} {:>11}",
            m.name,
            m.files,
            megabytes,
            format_duration(m.best),
            format_duration(m.median),
            throughput
        );
    }
}

fn format_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros >= 1e6 {
        format!("{:.3} s", micros / 1e6)
    } else if micros >= 1e3 {
        format!("{:.2} ms", micros / 1e3)
    } else {
        format!("{micros:.1} µs")
    }
}

fn main() {
    let (filter, iterations) = common::filter_and_iterations();
    let Some(real_dir) = corpus_dir("real") else {
        eprintln!(
            "shared/corpus/real not found next to {}",
            env!("CARGO_MANIFEST_DIR")
        );
        return;
    };
    let real = load_dir(&real_dir, |_| true);
    let synthetic = corpus_dir("synthetic")
        .map(|dir| {
            load_dir(&dir, |path| {
                path.extension().is_some_and(|ext| ext == "Dockerfile")
            })
        })
        .unwrap_or_default();
    println!(
        "shipshape benchmarks: {} real files, {} synthetic, best of {iterations} (single-threaded)",
        real.len(),
        synthetic.len()
    );

    type Work = fn(&Input);
    let mut plan: Vec<(String, Vec<&Input>, Work)> = vec![
        (
            "parse corpus/real".to_owned(),
            real.iter().collect(),
            parse_one,
        ),
        (
            "lint corpus/real".to_owned(),
            real.iter().collect(),
            lint_one,
        ),
        (
            "lint corpus/real, no rule selected".to_owned(),
            real.iter().collect(),
            lint_no_rules,
        ),
        (
            "model+all scripts corpus/real".to_owned(),
            real.iter().collect(),
            model_with_scripts,
        ),
        (
            "shell parse of every script corpus/real".to_owned(),
            real.iter().collect(),
            shell_scripts,
        ),
    ];
    let dollar_lines = dollar_lines(&real);
    plan.push((
        "expand+references corpus/real lines with $".to_owned(),
        vec![&dollar_lines],
        expand_lines,
    ));
    for input in &synthetic {
        plan.push((
            format!("parse synthetic/{}", input.name),
            vec![input],
            parse_one,
        ));
        plan.push((
            format!("lint synthetic/{}", input.name),
            vec![input],
            lint_one,
        ));
        plan.push((
            format!("model+all scripts synthetic/{}", input.name),
            vec![input],
            model_with_scripts,
        ));
    }
    let measurements: Vec<Measurement> = plan
        .into_iter()
        .filter(|(name, _, _)| match filter.strip_prefix('=') {
            Some(exact) => name == exact,
            None => name.contains(&filter),
        })
        .map(|(name, inputs, work)| measure(name, &inputs, iterations, work))
        .collect();
    if measurements.is_empty() {
        eprintln!("no benchmark matches {filter:?}");
        return;
    }
    print_table(&measurements);
}
