//! Reporters: turn diagnostics into human or machine output.
//!
//! Adding a format means a variant of [`Format`], a module with a type that
//! implements [`Reporter`], and one arm in [`Format::reporter`]. Reporters do
//! no I/O of their own: they write the whole report to the writer they get.

mod checkstyle;
mod concise;
mod excerpt;
mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod statistics;
mod xml;

use std::io::{self, Write};

use crate::diagnostics::{Diagnostic, Severity};
use crate::line_index::LineCol;
use crate::lint::LintedFile;
use crate::rules::{self, RuleMeta};
use crate::span::Span;

pub use checkstyle::CheckstyleReporter;
pub use concise::ConciseReporter;
pub use fingerprint::{fnv1a_64, github_line_hashes};
pub use github::GithubReporter;
pub use gitlab::GitlabReporter;
pub use human::HumanReporter;
pub use json::JsonReporter;
pub use junit::JunitReporter;
pub use sarif::SarifReporter;
pub use statistics::{RuleCount, StatisticsReporter, rule_counts};

/// Where every rule's documentation is published, by code.
pub const RULE_DOCS_BASE_URL: &str =
    "https://github.com/shipshape-lint/shipshape/blob/main/docs/rules/";
/// The project's home page.
pub const INFORMATION_URI: &str = "https://github.com/shipshape-lint/shipshape";

/// The docs URL of one rule code (ShellCheck's wiki for an SC code).
pub fn rule_docs_url(code: &str) -> String {
    if crate::shellcheck::is_shellcheck_code(code) {
        return crate::shellcheck::wiki_url(code);
    }
    format!("{RULE_DOCS_BASE_URL}{code}.md")
}

/// The output formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with the problem underlined, then a summary.
    Human,
    /// `path:line:col: CODE level message`, one per line (for editors' problem matchers).
    Concise,
    /// One compact JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning accepts it.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML (deterministic: no timestamps).
    Junit,
}

/// Choices that apply to every format (a format ignores what it has no use for).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Print a count per rule instead of the diagnostics (JSON with `--format json`,
    /// a table otherwise).
    pub statistics: bool,
}

impl Format {
    pub fn reporter(self, options: ReportOptions) -> Box<dyn Reporter> {
        if options.statistics {
            return Box::new(StatisticsReporter {
                json: self == Format::Json,
            });
        }
        match self {
            Format::Human => Box::new(HumanReporter {
                color: options.color,
            }),
            Format::Concise => Box::new(ConciseReporter),
            Format::Json => Box::new(JsonReporter),
            Format::Sarif => Box::new(SarifReporter {
                source_root: std::env::current_dir().ok(),
            }),
            Format::Github => Box::new(GithubReporter),
            Format::Gitlab => Box::new(GitlabReporter),
            Format::Checkstyle => Box::new(CheckstyleReporter),
            Format::Junit => Box::new(JunitReporter),
        }
    }
}

/// One linted file, under the path shown to the user.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub path: String,
    pub linted: LintedFile<'static>,
}

/// An input that could not be linted, under the path shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFailure {
    pub path: String,
    /// Why, as printed on stderr after `shipshape: error: <path>: `.
    pub message: String,
}

/// Everything a run produced, in output order.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub files: &'a [CheckedFile],
    /// Inputs that could not be linted (already reported on stderr; machine
    /// formats that have a place for them repeat them).
    pub failures: &'a [InputFailure],
}

impl Report<'_> {
    /// How many diagnostics of each severity, most severe first.
    pub fn counts(&self) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for diagnostic in self.diagnostics().map(|(_, diagnostic)| diagnostic) {
            match diagnostic.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
                Severity::Style => counts.style += 1,
            }
        }
        counts
    }

    /// How many inputs could not be linted.
    pub fn failed_inputs(&self) -> usize {
        self.failures.len()
    }

    /// Every diagnostic with its file, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&CheckedFile, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|file| file.linted.diagnostics.iter().map(move |d| (file, d)))
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

/// The catalog entry of a diagnostic's code, if it has one.
fn meta_of(diagnostic: &Diagnostic) -> Option<&'static RuleMeta> {
    rules::meta_for_code(diagnostic.code)
}

/// `text` on one line: line breaks become spaces, for line-oriented formats.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::diagnostics::{Applicability, Edit, Fix};
    use crate::line_index::LineIndex;

    pub fn diagnostic(
        code: &'static str,
        severity: Severity,
        message: &str,
        span: (usize, usize),
    ) -> Diagnostic {
        Diagnostic {
            code,
            name: rules::meta_for_code(code).map_or("unknown", |meta| meta.name),
            severity,
            message: message.to_owned(),
            span: Span::new(span.0, span.1),
            fix: None,
        }
    }

    pub fn with_fix(mut diagnostic: Diagnostic, edit: (usize, usize), content: &str) -> Diagnostic {
        diagnostic.fix = Some(Fix {
            message: "Fix it".to_owned(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span: Span::new(edit.0, edit.1),
                replacement: content.to_owned(),
            }],
        });
        diagnostic
    }

    pub fn file(path: &str, source: &str, diagnostics: Vec<Diagnostic>) -> CheckedFile {
        CheckedFile {
            path: path.to_owned(),
            linted: LintedFile {
                source: source.to_owned().into(),
                line_index: LineIndex::new(source),
                diagnostics,
                buildkit_error: false,
                script_check_error: None,
            },
        }
    }

    /// The output of every format, without and with statistics.
    pub fn render_every_way(files: &[CheckedFile]) -> Vec<(Format, String)> {
        let mut outputs = Vec::new();
        for &format in <Format as clap::ValueEnum>::value_variants() {
            for statistics in [false, true] {
                let options = ReportOptions {
                    color: false,
                    statistics,
                };
                outputs.push((format, render(&*format.reporter(options), files, &[])));
            }
        }
        outputs
    }

    pub fn render(
        reporter: &dyn Reporter,
        files: &[CheckedFile],
        failures: &[InputFailure],
    ) -> String {
        let report = Report { files, failures };
        let mut out = Vec::new();
        let written = reporter.write(&report, &mut out);
        assert!(written.is_ok(), "{written:?}");
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{diagnostic, file, render, render_every_way, with_fix};
    use super::*;

    /// ShellCheck's codes have no catalog entry: every format still names them,
    /// and links go to ShellCheck's wiki.
    #[test]
    fn every_format_handles_shellcheck_codes() {
        let source = "FROM a\nRUN echo $x\n";
        let mut finding = diagnostic("SC2086", Severity::Info, "Double quote", (16, 18));
        finding.name = crate::shellcheck::SHELLCHECK_NAME;
        let files = [file("Dockerfile", source, vec![finding])];
        for (format, output) in render_every_way(&files) {
            assert!(output.contains("SC2086"), "{format:?}: {output}");
        }
        let sarif = render(
            &*Format::Sarif.reporter(ReportOptions {
                color: false,
                statistics: false,
            }),
            &files,
            &[],
        );
        assert!(sarif.contains("https://www.shellcheck.net/wiki/SC2086"));
        assert_eq!(
            rule_docs_url("SC2086"),
            "https://www.shellcheck.net/wiki/SC2086"
        );
    }

    /// No span a rule could produce (past the end, inside a character, reversed)
    /// makes any format panic.
    #[test]
    fn every_format_survives_every_span() {
        let source = "a\r\n\u{feff}ébc\n\n\t😀 x\\\n y\r";
        let limit = source.len() + 2;
        let mut diagnostics = Vec::new();
        for start in 0..limit {
            for end in 0..limit {
                let base = diagnostic("DL3006", Severity::Warning, "m", (0, 0));
                let mut odd = with_fix(base, (0, 0), "x");
                odd.span = Span {
                    start: start as u32,
                    end: end as u32,
                };
                if let Some(fix) = odd.fix.as_mut() {
                    for edit in &mut fix.edits {
                        edit.span = odd.span;
                    }
                }
                diagnostics.push(odd);
            }
        }
        let files = [file("Dockerfile", source, diagnostics)];
        for (format, output) in render_every_way(&files) {
            assert!(!output.is_empty(), "{format:?}");
        }
    }
}
