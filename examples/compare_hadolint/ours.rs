//! shipshape's side: the same files through the library, each finding moved to
//! the first line of its instruction (where hadolint reports).

use std::path::Path;

use rayon::prelude::*;
use shipshape::{LineIndex, LintOptions, lint, rules, syntax};

use crate::hadolint::Finding;

/// Codes hadolint 2.15.1 has but does not run without configuration: DL1001
/// and DL3057 are at severity `ignore` (off until overridden). The label
/// rules and DL3026 run on both sides but stay silent with no schema and no
/// trusted registries, as they do in hadolint.
const OFF_IN_HADOLINT: [&str; 2] = ["DL1001", "DL3057"];

/// One linted file.
pub struct Linted {
    pub source: String,
    pub line_index: LineIndex,
    /// `(first line, full span)` of every instruction, 1-based lines, in order.
    pub instructions: Vec<(u32, shipshape::Span)>,
    /// Findings at the first line of their instruction.
    pub findings: Vec<Finding>,
}

impl Linted {
    /// The span of the instruction that starts on `line` (with its heredoc
    /// bodies), or of the bare line when none starts there.
    pub fn instruction_span(&self, line: u32) -> shipshape::Span {
        self.instructions
            .iter()
            .find(|(first, _)| *first == line)
            .map(|(_, span)| *span)
            .unwrap_or_else(|| self.line_index.line_span(line.saturating_sub(1) as usize))
    }

    /// The 1-based line of `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.line_index.line_of(offset) as u32 + 1
    }

    /// The text of the 1-based `line`.
    pub fn line_text(&self, line: u32) -> &str {
        self.line_index
            .line_span(line.saturating_sub(1) as usize)
            .text(&self.source)
    }
}

/// The DL codes to run: every DL rule of the catalog that hadolint runs by default.
pub fn selected_codes() -> Vec<&'static str> {
    rules::CATALOG
        .iter()
        .map(|meta| meta.code)
        .filter(|code| code.starts_with("DL") && !OFF_IN_HADOLINT.contains(code))
        .collect()
}

pub fn options() -> LintOptions {
    LintOptions {
        select: Some(selected_codes().into_iter().map(str::to_string).collect()),
        ..LintOptions::default()
    }
}

/// Lints every named file of `corpus` in parallel; `Err` holds why a file was not linted.
pub fn lint_all(corpus: &Path, names: &[&String]) -> Vec<Result<Linted, String>> {
    let options = options();
    names
        .par_iter()
        .map(|name| lint_one(&corpus.join(name), &options))
        .collect()
}

fn lint_one(path: &Path, options: &LintOptions) -> Result<Linted, String> {
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let linted = lint(&bytes, path, options).map_err(|error| error.to_string())?;
    // The same text the linter parsed, parsed again for the instruction spans.
    let dockerfile = syntax::parse(&linted.source);
    let line_of = |offset: usize| linted.line_index.line_of(offset) as u32 + 1;
    let instructions: Vec<(u32, shipshape::Span)> = dockerfile
        .instructions
        .iter()
        .map(|instruction| {
            (
                line_of(instruction.span.start as usize),
                instruction.full_span,
            )
        })
        .collect();
    let findings = linted
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let start = diagnostic.span.start;
            // The last instruction starting at or before the finding, if the finding lies in it.
            let before = instructions.partition_point(|(_, span)| span.start <= start);
            let line = before
                .checked_sub(1)
                .and_then(|index| instructions.get(index))
                .filter(|(_, span)| start <= span.end)
                .map_or_else(|| line_of(start as usize), |(first, _)| *first);
            Finding {
                code: diagnostic.code.to_string(),
                line,
                exact_line: line_of(start as usize),
                message: diagnostic.message.clone(),
            }
        })
        .collect();
    Ok(Linted {
        line_index: linted.line_index,
        source: linted.source.into_owned(),
        instructions,
        findings,
    })
}
