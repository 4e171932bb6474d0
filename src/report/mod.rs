//! Reporters: turn diagnostics into human or machine output.
//!
//! Adding a format means a variant of [`Format`], a module with a type that
//! implements [`Reporter`], and one arm in [`Format::reporter`].

mod human;
mod json;

use std::io::{self, Write};

use crate::diagnostics::Severity;
use crate::line_index::LineCol;
use crate::lint::LintedFile;
use crate::span::Span;

pub use human::HumanReporter;
pub use json::JsonReporter;

/// The output formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with the problem underlined, then a summary.
    Human,
    /// One compact JSON array of diagnostics.
    Json,
}

/// Choices that apply to every format (a format ignores what it has no use for).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Emit ANSI colour codes.
    pub color: bool,
}

impl Format {
    pub fn reporter(self, options: ReportOptions) -> Box<dyn Reporter> {
        match self {
            Format::Human => Box::new(HumanReporter {
                color: options.color,
            }),
            Format::Json => Box::new(JsonReporter),
        }
    }
}

/// One linted file, under the path shown to the user.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub path: String,
    pub linted: LintedFile,
}

/// Everything a run produced, in output order.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub files: &'a [CheckedFile],
    /// Inputs that could not be linted (already reported on stderr).
    pub failed_inputs: usize,
}

impl Report<'_> {
    /// How many diagnostics of each severity, most severe first.
    pub fn counts(&self) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for diagnostic in self.files.iter().flat_map(|file| &file.linted.diagnostics) {
            match diagnostic.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
                Severity::Style => counts.style += 1,
            }
        }
        counts
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
}

impl SeverityCounts {
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info + self.style
    }
}

/// Writes a whole report in one format.
pub trait Reporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// 1-based start and exclusive end of `span` (clamped to the text).
pub fn span_positions(file: &LintedFile, span: Span) -> (LineCol, LineCol) {
    let text = &file.source;
    let start = file.line_index.line_col(text, span.start as usize);
    let end = file.line_index.line_col(text, span.end as usize);
    (start, end.max(start))
}
