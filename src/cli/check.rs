//! `shipshape check`: discover, read and lint in parallel, report, pick the exit code.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::discover::{Input, discover};
use super::input::{FileError, InputError, read_file, read_stdin};
use super::{
    CheckArgs, EXIT_ERROR, EXIT_PROBLEMS, EXIT_SUCCESS, output_error, print_error, print_warning,
};
use crate::lint::{LintOptions, lint};
use crate::report::{CheckedFile, Report, ReportOptions};

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
    let mut failed_inputs = 0;
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => {
                failed_inputs += 1;
                print_error(err, &error.path, &error.error);
            }
        }
    }

    let report = Report {
        files: &files,
        failed_inputs,
    };
    let reporter = args.format.reporter(ReportOptions { color });
    if let Err(error) = reporter.write(&report, out)
        && let Some(code) = output_error(&error, err)
    {
        return code;
    }

    let failing = args.fail_level.threshold().is_some_and(|threshold| {
        files
            .iter()
            .flat_map(|file| &file.linted.diagnostics)
            .any(|diagnostic| diagnostic.severity >= threshold)
    });
    if failed_inputs > 0 {
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
