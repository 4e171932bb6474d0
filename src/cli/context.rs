//! Which build context each linted Dockerfile gets: `--context DIR`, else
//! the Dockerfile's directory (for standard input, the directory of
//! `--stdin-filename` when it exists). Each directory is opened once per run.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::discover::Input;
use super::{print_error, print_warning};
use crate::context::filesystem::ContextRegistry;
use crate::lint::LintOptions;

/// The rules that read the build context.
const CONTEXT_RULES: [&str; 3] = ["SS014", "SS400", "SS401"];

/// The contexts of one run, and the ignore files already warned about.
#[derive(Default)]
pub(super) struct Contexts {
    registry: ContextRegistry,
    warned: HashSet<String>,
    missing: HashSet<PathBuf>,
}

/// Why a Dockerfile could not get its context.
pub(super) struct ContextFailure;

impl Contexts {
    /// Sets `options.build_context` for `input`. An explicit context that does
    /// not exist is an error (printed once); without one, a Dockerfile whose
    /// directory cannot be opened is linted without the context rules.
    pub(super) fn attach(
        &mut self,
        input: &Input,
        stdin_filename: Option<&str>,
        options: &mut LintOptions,
        err: &mut dyn Write,
    ) -> Result<(), ContextFailure> {
        // No directory is touched when no context rule would look at it.
        let wanted = CONTEXT_RULES.iter().any(|code| {
            crate::rules::meta_for_code(code).is_some_and(|meta| options.is_enabled(meta))
        });
        if !wanted {
            return Ok(());
        }
        let dockerfile = match input {
            Input::File { path, .. } => path.clone(),
            Input::Stdin { .. } => match stdin_filename {
                Some(name) if name != "-" => PathBuf::from(name),
                // BuildKit's default: `Dockerfile` at the context root.
                _ => match &options.context {
                    Some(directory) => directory.join("Dockerfile"),
                    None => return Ok(()),
                },
            },
        };
        let (directory, explicit) = match &options.context {
            Some(directory) => (directory.clone(), true),
            None => (parent_directory(&dockerfile), false),
        };
        let context = match self.registry.context(&directory) {
            Ok(context) => context,
            Err(error) if explicit => {
                if self.missing.insert(directory.clone()) {
                    print_error(err, &directory.display().to_string(), &error);
                }
                return Err(ContextFailure);
            }
            // Standard input named after a file in a directory that does not exist.
            Err(_) => return Ok(()),
        };
        let view = context.for_dockerfile(&dockerfile);
        if let Some(ignore) = crate::context::BuildContext::dockerignore(&view)
            && self.warned.insert(ignore.origin().to_string())
        {
            for problem in ignore.problems() {
                let location = format!("{}:{}", ignore.origin(), problem.line);
                let message = format!(
                    "{}; the line is skipped (BuildKit refuses it)",
                    problem.error
                );
                print_warning(err, &location, &message);
            }
        }
        options.build_context = Some(Arc::new(view));
        Ok(())
    }
}

fn parent_directory(dockerfile: &Path) -> PathBuf {
    match dockerfile.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
