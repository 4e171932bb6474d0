//! `--format human`: codespan-reporting excerpts with the exact span underlined,
//! then a one-line summary.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Ansi, Color, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::excerpt::Excerpt;
use super::{CheckedFile, Report, Reporter, SeverityCounts};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::span::Span;

pub struct HumanReporter {
    pub color: bool,
}

impl Reporter for HumanReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        if self.color {
            write_report(report, &mut Ansi::new(out))
        } else {
            write_report(report, &mut NoColor::new(out))
        }
    }
}

fn write_report(report: &Report<'_>, out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    for file in report.files {
        for diagnostic in &file.linted.diagnostics {
            let range = char_aligned(&file.linted.source, diagnostic.span);
            // Lines too long to print whole are drawn from a window around the span.
            match Excerpt::build(file, range.clone()) {
                Some(excerpt) => {
                    let rendered = to_rendered(diagnostic, excerpt.range.clone());
                    term::emit_to_write_style(out, &config, &excerpt, &rendered)
                }
                None => {
                    let rendered = to_rendered(diagnostic, range);
                    term::emit_to_write_style(out, &config, file, &rendered)
                }
            }
            .map_err(into_io)?;
        }
    }
    write_summary(report, out)
}

/// The summary in bold: green when there is nothing to report, red otherwise.
fn write_summary(report: &Report<'_>, out: &mut dyn WriteColor) -> io::Result<()> {
    let clean = report.counts().total() == 0 && report.failed_inputs() == 0;
    let color = if clean { Color::Green } else { Color::Red };
    out.set_color(ColorSpec::new().set_bold(true).set_fg(Some(color)))?;
    write!(out, "{}", summary(report))?;
    out.reset()?;
    writeln!(out)
}

fn into_io(error: FilesError) -> io::Error {
    match error {
        FilesError::Io(error) => error,
        other => io::Error::other(other.to_string()),
    }
}

/// `warning[DL3006]: message`, the span underlined and labelled with the rule's
/// name, and the fix (if any) as a note.
fn to_rendered(diagnostic: &Diagnostic, range: Range<usize>) -> Rendered<()> {
    let severity = match diagnostic.severity {
        Severity::Error => RenderedSeverity::Error,
        Severity::Warning => RenderedSeverity::Warning,
        Severity::Info => RenderedSeverity::Note,
        Severity::Style => RenderedSeverity::Help,
    };
    let mut rendered = Rendered::new(severity)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_label(Label::primary((), range).with_message(diagnostic.name));
    if let Some(fix) = &diagnostic.fix {
        let safety = match fix.applicability {
            Applicability::Safe => "safe fix",
            Applicability::Unsafe => "unsafe fix",
        };
        rendered = rendered.with_note(format!("{safety}: {}", fix.message));
    }
    rendered
}

/// The span clamped to the text and widened to character boundaries, so that
/// no span a rule produces can make the renderer slice inside a character.
fn char_aligned(text: &str, span: Span) -> Range<usize> {
    let mut end = (span.end as usize).min(text.len());
    let mut start = (span.start as usize).min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// `Found 3 problems (1 error, 2 warnings) in 2 files.`, `No problems found in 1 file.`,
/// then `1 file could not be checked.` when some inputs failed (their errors are on stderr).
fn summary(report: &Report<'_>) -> String {
    let files = plural(report.files.len(), "file", "files");
    let counts = report.counts();
    let checked = if report.files.is_empty() {
        (report.failed_inputs() == 0).then(|| "No Dockerfiles found.".to_owned())
    } else if counts.total() == 0 {
        Some(format!("No problems found in {files}."))
    } else {
        let problems = plural(counts.total(), "problem", "problems");
        Some(format!(
            "Found {problems} ({}) in {files}.",
            breakdown(counts)
        ))
    };
    let failed = (report.failed_inputs() > 0).then(|| {
        let failed = plural(report.failed_inputs(), "file", "files");
        format!("{failed} could not be checked.")
    });
    [checked, failed]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

fn breakdown(counts: SeverityCounts) -> String {
    [
        (counts.error, "error", "errors"),
        (counts.warning, "warning", "warnings"),
        (counts.info, "info", "info"),
        (counts.style, "style", "style"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| plural(count, one, many))
    .collect::<Vec<_>>()
    .join(", ")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// codespan-reporting reads lines and columns through our [`LineIndex`](crate::LineIndex),
/// so human and JSON output agree on positions.
impl<'a> Files<'a> for CheckedFile {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.linted.source)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.linted.line_index.line_of(byte_index))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let position = self
            .linted
            .line_index
            .line_col(&self.linted.source, byte_index);
        Ok(position.column as usize)
    }

    /// The line including its line break, as codespan's own `SimpleFile` has it.
    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let lines = &self.linted.line_index;
        if line_index > lines.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: lines.line_count().saturating_sub(1),
            });
        }
        let start = lines.line_start(line_index);
        let end = lines.line_start(line_index + 1);
        Ok(start..end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Fix;
    use crate::line_index::LineIndex;
    use crate::lint::LintedFile;
    use crate::report::InputFailure;

    fn diagnostic(severity: Severity, start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            code: "DL3006",
            name: "untagged-image",
            severity,
            message: "Always tag the version of an image explicitly".to_owned(),
            span: Span {
                start: start as u32,
                end: end as u32,
            },
            fix: None,
        }
    }

    fn render(source: &str, diagnostics: Vec<Diagnostic>, failed_inputs: usize) -> String {
        let files = [CheckedFile {
            path: "Dockerfile".to_owned(),
            linted: LintedFile {
                source: source.to_owned().into(),
                line_index: LineIndex::new(source),
                diagnostics,
                buildkit_error: false,
                script_check_error: None,
            },
        }];
        let failures: Vec<InputFailure> = (0..failed_inputs)
            .map(|i| InputFailure {
                path: format!("missing{i}"),
                message: "no such file or directory".to_owned(),
            })
            .collect();
        let report = Report {
            files: &files,
            failures: &failures,
        };
        let mut out = Vec::new();
        let written = HumanReporter { color: false }.write(&report, &mut out);
        assert!(written.is_ok(), "{written:?}");
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn underlines_the_exact_span() {
        let output = render(
            "FROM ubuntu\n",
            vec![diagnostic(Severity::Warning, 5, 11)],
            0,
        );
        let expected = "\
warning[DL3006]: Always tag the version of an image explicitly
  ┌─ Dockerfile:1:6
  │
1 │ FROM ubuntu
  │      ^^^^^^ untagged-image

Found 1 problem (1 warning) in 1 file.
";
        assert_eq!(output, expected);
    }

    #[test]
    fn spans_over_continuation_lines_are_drawn_across_lines() {
        let source = "FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl\n";
        let end = source.len() - 1;
        let output = render(source, vec![diagnostic(Severity::Warning, 13, end)], 0);
        let expected = "\
warning[DL3006]: Always tag the version of an image explicitly
  ┌─ Dockerfile:2:5
  │  
2 │   RUN apt-get update && \\
  │ ╭─────^
3 │ │     apt-get install -y curl
  │ ╰───────────────────────────^ untagged-image

Found 1 problem (1 warning) in 1 file.
";
        assert_eq!(output, expected);
    }

    #[test]
    fn severities_map_to_codespan_headers_and_fixes_become_notes() {
        let mut with_fix = diagnostic(Severity::Style, 0, 4);
        with_fix.fix = Some(Fix {
            message: "Use upper case".to_owned(),
            applicability: Applicability::Safe,
            edits: Vec::new(),
        });
        let diagnostics = vec![
            diagnostic(Severity::Error, 0, 4),
            diagnostic(Severity::Info, 0, 4),
            with_fix,
        ];
        let output = render("from a\n", diagnostics, 1);
        assert!(output.starts_with("error[DL3006]"), "{output}");
        assert!(output.contains("\nnote[DL3006]"), "{output}");
        assert!(output.contains("\nhelp[DL3006]"), "{output}");
        assert!(output.contains("= safe fix: Use upper case"), "{output}");
        assert!(output.ends_with(
            "Found 3 problems (1 error, 1 info, 1 style) in 1 file. 1 file could not be checked.\n"
        ));
    }

    #[test]
    fn odd_spans_never_panic() {
        let source = "FROM é\r\nRUN 😀 \\\n  x";
        for (start, end) in [(6, 7), (7, 7), (0, 100), (100, 200), (9, 30), (5, 2)] {
            let output = render(source, vec![diagnostic(Severity::Warning, start, end)], 0);
            assert!(
                output.contains("warning[DL3006]"),
                "{start}..{end}: {output}"
            );
        }
        let output = render("", vec![diagnostic(Severity::Warning, 0, 0)], 0);
        assert!(output.contains("Dockerfile:1:1"), "{output}");
    }

    #[test]
    fn every_span_over_a_tricky_text_renders() {
        let source = "a\r\n\u{feff}ébc\n\n\t😀 x\\\n y\r";
        let limit = source.len() + 2;
        for start in 0..limit {
            for end in 0..limit {
                let output = render(source, vec![diagnostic(Severity::Info, start, end)], 0);
                assert!(
                    output.starts_with("note[DL3006]"),
                    "{start}..{end}: {output}"
                );
            }
        }
    }

    #[test]
    fn summary_when_nothing_could_be_checked() {
        let failures = [
            InputFailure {
                path: "a".to_owned(),
                message: "is a directory".to_owned(),
            },
            InputFailure {
                path: "b".to_owned(),
                message: "is a directory".to_owned(),
            },
        ];
        let report = Report {
            files: &[],
            failures: &failures,
        };
        assert_eq!(summary(&report), "2 files could not be checked.");
        let report = Report {
            files: &[],
            failures: &[],
        };
        assert_eq!(summary(&report), "No Dockerfiles found.");
    }

    #[test]
    fn clean_files_get_a_short_summary() {
        assert_eq!(
            render("FROM a:1\n", vec![], 0),
            "No problems found in 1 file.\n"
        );
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_span() {
        let (xs, ys) = ("x".repeat(300), "y".repeat(300));
        let source = format!("FROM a:1\nRUN {xs} target {ys}\n");
        let start = source.find("target").unwrap();
        let output = render(
            &source,
            vec![diagnostic(Severity::Warning, start, start + 6)],
            0,
        );
        let column = start - "FROM a:1\n".len() + 1;
        let window = format!("…{} target {}…", "x".repeat(79), "y".repeat(79));
        let carets = format!("{}^^^^^^ untagged-image", " ".repeat(81));
        let expected = format!(
            "\
warning[DL3006]: Always tag the version of an image explicitly
  ┌─ Dockerfile:2:{column}
  │
2 │ {window}
  │ {carets}

Found 1 problem (1 warning) in 1 file.
"
        );
        assert_eq!(output, expected);
    }

    #[test]
    fn long_spans_on_long_lines_are_cut_too() {
        let line = "é😀 ab".repeat(400);
        let source = format!("FROM a:1\nRUN {line}\n");
        let start = source.find("RUN").unwrap();
        let output = render(
            &source,
            vec![diagnostic(Severity::Warning, start, source.len() - 1)],
            0,
        );
        assert!(output.contains("Dockerfile:2:1\n"), "{output}");
        assert!(
            output.lines().all(|line| line.chars().count() < 250),
            "{output}"
        );
        // The underline runs to the `…` that marks the cut (emoji take two cells).
        let drawn = output.lines().find_map(|line| line.strip_prefix("2 │ "));
        let drawn = drawn.unwrap();
        assert!(drawn.ends_with('…'), "{output}");
        let cells = drawn.chars().count() + drawn.matches('😀').count();
        let carets = output.lines().find(|line| line.contains('^')).unwrap();
        assert_eq!(carets.matches('^').count(), cells, "{output}");
    }

    /// The line numbers in the gutter of a rendered diagnostic.
    fn gutter_numbers(output: &str) -> Vec<String> {
        output
            .lines()
            .filter_map(|line| line.split_once(" │ "))
            .map(|(gutter, _)| gutter.trim().to_owned())
            .filter(|gutter| !gutter.is_empty())
            .collect()
    }

    #[test]
    fn multi_line_spans_over_long_lines_show_the_lines_codespan_shows() {
        for line_count in 1..14 {
            let short: Vec<String> = (0..line_count).map(|i| format!("RUN {i} \\")).collect();
            let long: Vec<String> = short
                .iter()
                .map(|line| format!("{}{line}", " ".repeat(400)))
                .collect();
            let mut rendered = Vec::new();
            for lines in [short, long] {
                let source = format!("FROM a:1\n{}\n", lines.join("\n"));
                let start = source.find("RUN").unwrap() + 2;
                let end = source.len() - 3;
                let output = render(&source, vec![diagnostic(Severity::Info, start, end)], 0);
                assert!(
                    output.lines().all(|line| line.chars().count() < 250),
                    "{output}"
                );
                assert!(output.contains("Dockerfile:2:"), "{output}");
                let breaks = output.lines().filter(|line| line.contains('·')).count();
                rendered.push((gutter_numbers(&output), breaks));
            }
            assert_eq!(rendered[0], rendered[1], "{line_count} lines");
        }
    }

    #[test]
    fn odd_spans_on_long_lines_never_panic() {
        let line = "\té😀x".repeat(100);
        let source = format!("FROM a\r\nRUN {line}\r\nRUN {line}\n{line}");
        let limit = source.len() + 2;
        for start in (0..limit).step_by(37) {
            for end in (0..limit).step_by(41) {
                let output = render(&source, vec![diagnostic(Severity::Info, start, end)], 0);
                assert!(
                    output.starts_with("note[DL3006]"),
                    "{start}..{end}: {output}"
                );
            }
        }
    }
}
