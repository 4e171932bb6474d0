//! `shipshape check`: discover, read and lint in parallel, report, pick the exit code.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::discover::{Input, discover};
use super::input::{FileError, InputError, read_file, read_stdin};
use super::{
    CheckArgs, EXIT_ERROR, EXIT_PROBLEMS, EXIT_SUCCESS, output, print_error, print_warning,
};
use crate::lint::{LintOptions, lint};
use crate::report::{CheckedFile, InputFailure, Report, ReportOptions};

pub fn run(args: &CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cwd = std::env::current_dir().ok();
    let discovery = discover(&args.paths, args.stdin_filename.as_deref(), cwd.as_deref());
    for (path, message) in &discovery.warnings {
        print_warning(err, path, message);
    }

    let options = LintOptions::default();
    // `collect` on an indexed parallel iterator keeps the input order.
    let results: Vec<Result<CheckedFile, FileError>> = discovery
        .inputs
        .into_par_iter()
        .map(|input| input.and_then(|input| check_one(&input, &options)))
        .collect();

    let mut files = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => {
                print_error(err, &error.path, &error.error);
                failures.push(InputFailure {
                    path: error.path,
                    message: error.error.to_string(),
                });
            }
        }
    }

    let report = Report {
        files: &files,
        failures: &failures,
    };
    let reporter = args.format.reporter(ReportOptions {
        color,
        statistics: args.statistics,
    });
    if let Some(code) = output::write_report(&*reporter, &report, args.output.as_deref(), out, err)
    {
        return code;
    }

    let failing = args.fail_level.threshold().is_some_and(|threshold| {
        files
            .iter()
            .flat_map(|file| &file.linted.diagnostics)
            .any(|diagnostic| diagnostic.severity >= threshold)
    });
    if !failures.is_empty() {
        EXIT_ERROR
    } else if failing {
        EXIT_PROBLEMS
    } else {
        EXIT_SUCCESS
    }
}

fn check_one(input: &Input, options: &LintOptions) -> Result<CheckedFile, FileError> {
    let display = input.display().to_owned();
    let linted = read_input(input).and_then(|bytes| {
        // Rules see the displayed path: it is what messages should mention.
        lint(&bytes, Path::new(&display), options).map_err(InputError::from)
    });
    match linted {
        Ok(linted) => Ok(CheckedFile {
            path: display,
            linted,
        }),
        Err(error) => Err(FileError {
            path: display,
            error,
        }),
    }
}

pub(super) fn read_input(input: &Input) -> Result<Vec<u8>, InputError> {
    match input {
        Input::File { path, .. } => read_file(path),
        Input::Stdin { .. } => read_stdin(),
    }
}
