//! `lint(source, path, options) -> diagnostics`, free of I/O.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::line_index::LineIndex;

/// What the caller chooses for one run (configuration grows in later issues).
#[derive(Debug, Clone, Default)]
pub struct LintOptions {}

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The decoded source text (lossily, if it was not valid UTF-8); spans index into it.
    pub source: String,
    pub line_index: LineIndex,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("binary file (contains a NUL byte at offset {offset}), not a Dockerfile")]
    Binary { offset: usize },
}

pub fn lint(source: &[u8], path: &Path, options: &LintOptions) -> Result<LintedFile, LintError> {
    let _ = (path, options);
    let text = String::from_utf8_lossy(source).into_owned();
    Ok(LintedFile {
        line_index: LineIndex::new(&text),
        source: text,
        diagnostics: Vec::new(),
    })
}
