//! SS014 (BuildKit's CopyIgnoredFile): a COPY/ADD source the `.dockerignore` excludes.

use crate::context::clean_source;
use crate::rules::support::context_sources::context_sources;
use crate::rules::{Checker, Rule};

pub struct CopyIgnoredFile;

/// The patterns that make BuildKit report a copy of the whole context.
const WHOLE_CONTEXT_PATTERNS: [&str; 3] = ["*", "**", "**/*"];

impl Rule for CopyIgnoredFile {
    fn code(&self) -> &'static str {
        "SS014"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let Some(context) = checker.options().build_context.as_deref() else {
            return;
        };
        // BuildKit skips the check when there are exceptions: a directory may
        // be excluded while a file inside it is re-included.
        let Some(ignore) = context.dockerignore().filter(|i| !i.has_exceptions()) else {
            return;
        };
        for source in context_sources(checker.dockerfile()) {
            let path = clean_source(source.path);
            let excluded = if path == "." || path == "/" {
                ignore.has_pattern(&WHOLE_CONTEXT_PATTERNS)
            } else {
                ignore.excludes(&path)
            };
            if excluded {
                let message = format!(
                    "Attempting to {} file \"{path}\" that is excluded by .dockerignore",
                    source.command
                );
                checker.report(source.word.span, message);
            }
        }
    }
}
