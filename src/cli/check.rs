//! `shipshape check`: discover, read and lint in parallel, report, pick the exit code.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::context::{ContextFailure, Contexts};
use super::discover::{Input, discover};
use super::input::{FileError, InputError, read_file, read_stdin};
use super::shellcheck::ShellcheckRunner;
use super::{
    CheckArgs, EXIT_ERROR, EXIT_PROBLEMS, EXIT_SUCCESS, FailLevel, output, print_error,
    print_warning,
};
use crate::config::{ConfigError, Overrides, Resolver};
use crate::diagnostics::Severity;
use crate::lint::{LintOptions, lint_owned};
use crate::report::{CheckedFile, InputFailure, Report, ReportOptions};
use crate::shellcheck::{self, ScriptChecker, ScriptInput};

pub fn run(args: &CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cwd = std::env::current_dir().ok();
    let discovery = discover(&args.paths, args.stdin_filename.as_deref(), cwd.as_deref());
    for (path, message) in &discovery.warnings {
        print_warning(err, path, message);
    }

    // Looked up once for the run, unless turned off outright.
    let runner = match shellcheck_flag(args) {
        Some(false) => None,
        _ => ShellcheckRunner::find(),
    };
    let checker = runner
        .clone()
        .map(|runner| Arc::new(runner) as Arc<dyn ScriptChecker>);
    let Some(mut inputs) = configure(args, discovery.inputs, checker, cwd.as_deref(), err) else {
        return EXIT_ERROR;
    };
    if let Some(runner) = runner {
        check_scripts_in_batches(runner, &mut inputs);
    }
    // `collect` on an indexed parallel iterator keeps the input order.
    let results: Vec<Result<(CheckedFile, Option<Severity>), FileError>> = inputs
        .into_par_iter()
        .map(|input| {
            input.and_then(|(input, options)| {
                check_one(&input, &options).map(|file| (file, options.fail_level))
            })
        })
        .collect();

    let mut files = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    let mut fail_levels = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((file, fail_level)) => {
                if let Some(error) = &file.linted.script_check_error {
                    print_warning(err, &file.path, &format!("{error}; SC checks skipped"));
                }
                files.push(file);
                fail_levels.push(fail_level);
            }
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

    let failing = files
        .iter()
        .zip(&fail_levels)
        .any(|(file, fail_level)| file.linted.fails(*fail_level));
    if !failures.is_empty() {
        EXIT_ERROR
    } else if failing {
        EXIT_PROBLEMS
    } else {
        EXIT_SUCCESS
    }
}

/// Pairs each input with its options (from its configuration file and the
/// command line) and drops excluded files; `None` after printing configuration
/// errors (exit 2: nothing is linted with a broken configuration).
fn configure(
    args: &CheckArgs,
    inputs: Vec<Result<Input, FileError>>,
    script_checker: Option<Arc<dyn ScriptChecker>>,
    cwd: Option<&Path>,
    err: &mut dyn Write,
) -> Option<Vec<Result<(Input, LintOptions), FileError>>> {
    // A trailing comma (`--ignore DL3006,`) leaves an empty item: not a rule.
    let selectors = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|item| !item.trim().is_empty())
            .cloned()
            .collect()
    };
    let overrides = Overrides {
        select: args.select.as_deref().map(selectors),
        extend_select: selectors(&args.extend_select),
        ignore: selectors(&args.ignore),
        fail_level: args.fail_level.map(FailLevel::threshold),
        target: args.target.clone(),
        context: args.context.clone(),
        config_file: args.config.clone(),
        isolated: args.isolated,
        shellcheck: shellcheck_flag(args),
        script_checker,
    };
    let print_all = |errors: Vec<ConfigError>, err: &mut dyn Write| {
        for error in errors {
            print_error(err, &error.location(cwd), &error.message);
        }
    };
    let mut resolver = match Resolver::new(overrides, cwd.map(Path::to_path_buf)) {
        Ok(resolver) => resolver,
        Err(errors) => {
            print_all(errors, err);
            return None;
        }
    };
    let mut configured = Vec::with_capacity(inputs.len());
    // Looked up once per input: a set keeps thousands of named files linear.
    let named: HashSet<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    let mut broken = false;
    let mut contexts = Contexts::default();
    for input in inputs {
        let input = match input {
            Ok(input) => input,
            Err(error) => {
                configured.push(Err(error));
                continue;
            }
        };
        let config_path = match &input {
            Input::File { path, .. } => path.clone(),
            Input::Stdin { .. } => match &args.stdin_filename {
                Some(name) => PathBuf::from(name),
                None => PathBuf::from("-"),
            },
        };
        // ruff's rule: `exclude` prunes directory walks; files named on the
        // command line are linted anyway unless `--force-exclude`.
        let explicit = match &input {
            Input::File { path, .. } => named.contains(path.as_path()),
            Input::Stdin { .. } => true,
        };
        let excluded = if explicit && !args.force_exclude {
            Ok(false)
        } else {
            resolver.is_excluded(&config_path)
        };
        let options = excluded
            .and_then(|excluded| Ok((!excluded).then_some(resolver.options_for(&config_path)?)));
        for warning in resolver.take_warnings() {
            print_warning(err, &warning.location(cwd), &warning.message);
        }
        match options {
            Ok(Some(mut options)) => {
                let stdin_filename = args.stdin_filename.as_deref();
                match contexts.attach(&input, stdin_filename, &mut options, err) {
                    Ok(()) => configured.push(Ok((input, options))),
                    Err(ContextFailure) => broken = true,
                }
            }
            Ok(None) => {}
            Err(errors) => {
                broken = true;
                print_all(errors, err);
            }
        }
    }
    if resolver.shellcheck_unavailable() {
        print_warning(
            err,
            "shellcheck",
            &"not found on PATH; SC checks skipped (install the `shellcheck` package)",
        );
    }
    (!broken).then_some(configured)
}

/// `--shellcheck` / `--no-shellcheck` (the last one given wins); `None`: the configuration decides.
fn shellcheck_flag(args: &CheckArgs) -> Option<bool> {
    if args.shellcheck {
        Some(true)
    } else if args.no_shellcheck {
        Some(false)
    } else {
        None
    }
}

/// With ShellCheck on, checks the scripts of every file first, each distinct
/// script once, in a few processes (starting one costs more than checking most
/// scripts); each file's lint then answers from the results. Files are read
/// and parsed twice for it, which is noise next to ShellCheck's own time
/// (the whole corpus parses in 0.04 s; ShellCheck on it takes about a minute).
fn check_scripts_in_batches(
    runner: ShellcheckRunner,
    inputs: &mut [Result<(Input, LintOptions), FileError>],
) {
    let wanted = |options: &LintOptions| {
        options.script_checker.is_some() && shellcheck::any_code_enabled(options)
    };
    let scripts: Vec<ScriptInput> = inputs
        .par_iter()
        .filter_map(|input| match input {
            // Standard input can be read only once: its lint runs ShellCheck itself.
            Ok((Input::File { path, .. }, options)) if wanted(options) => read_file(path).ok(),
            _ => None,
        })
        .flat_map_iter(|bytes| shellcheck::script_inputs(&bytes))
        .collect();
    if scripts.is_empty() {
        return;
    }
    let batched: Arc<dyn ScriptChecker> = Arc::new(runner.check_batch(scripts));
    for (_, options) in inputs.iter_mut().flatten() {
        if options.script_checker.is_some() {
            options.script_checker = Some(Arc::clone(&batched));
        }
    }
}

fn check_one(input: &Input, options: &LintOptions) -> Result<CheckedFile, FileError> {
    let display = input.display().to_owned();
    let linted = read_input(input).and_then(|bytes| {
        // Rules see the displayed path: it is what messages should mention.
        lint_owned(bytes, Path::new(&display), options).map_err(InputError::from)
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
