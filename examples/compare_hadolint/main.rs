//! Differential run against hadolint: reads hadolint's cached JSON output (see
//! `scripts/compare-hadolint.sh`, which runs hadolint and then this), lints the
//! same files with the library, matches findings by (file, code, instruction
//! line) and writes the Markdown report.
//!
//! cargo run --example compare_hadolint -- --corpus DIR --cache DIR --out FILE
//!     --notes FILE [--command TEXT] [--date YYYY-MM-DD]

mod compare;
mod hadolint;
mod notes;
mod ours;
mod parse_failures;
mod report;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::hadolint::Outcome;

struct Args {
    corpus: PathBuf,
    cache: PathBuf,
    out: PathBuf,
    notes: PathBuf,
    /// How the report was generated, quoted in it.
    command: String,
    date: String,
}

fn parse_args() -> Result<Args, String> {
    let mut corpus = None;
    let mut cache = None;
    let mut out = None;
    let mut notes = None;
    let mut command = String::from("cargo run --example compare_hadolint");
    let mut date = String::from("an unknown date");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--corpus" => corpus = Some(PathBuf::from(value)),
            "--cache" => cache = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--notes" => notes = Some(PathBuf::from(value)),
            "--command" => command = value,
            "--date" => date = value,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    let required = |value: Option<PathBuf>, name: &str| {
        value.ok_or_else(|| format!("missing {name} (usage: see the top of this file)"))
    };
    Ok(Args {
        corpus: required(corpus, "--corpus")?,
        cache: required(cache, "--cache")?,
        out: required(out, "--out")?,
        notes: required(notes, "--notes")?,
        command,
        date,
    })
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let hadolint_run = hadolint::load(&args.cache)?;
    let notes = notes::load(&args.notes)?;
    let names: Vec<&String> = hadolint_run.outcomes.keys().collect();
    let linted = ours::lint_all(&args.corpus, &names);
    let files: Vec<report::File<'_>> = names
        .iter()
        .zip(hadolint_run.outcomes.values())
        .zip(&linted)
        .map(|((name, hadolint), ours)| report::File {
            name,
            hadolint,
            ours: ours.as_ref(),
        })
        .collect();
    let rendered = report::render(&report::Input {
        command: &args.command,
        date: &args.date,
        hadolint_version: &hadolint_run.version,
        hadolint_seconds: hadolint_run.seconds,
        files: &files,
        notes: &notes,
    });
    std::fs::write(&args.out, rendered.report)?;
    std::fs::write(args.cache.join("cases.tsv"), rendered.cases)?;
    let crashed = files
        .iter()
        .filter(|file| matches!(file.hadolint, Outcome::Crashed))
        .count();
    eprintln!(
        "compared {} files ({crashed} crashed hadolint)",
        files.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("compare_hadolint: {error}");
            ExitCode::FAILURE
        }
    }
}
