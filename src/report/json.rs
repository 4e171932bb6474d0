//! `--format json`: one compact JSON array of diagnostics, then a newline.
//! The schema is documented in `docs/json-output.md`; field order is fixed by
//! the struct declarations below.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckedFile, Report, Reporter, span_positions};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::span::Span;

pub struct JsonReporter;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    #[serde(flatten)]
    range: JsonRange,
    code: &'a str,
    name: &'a str,
    level: Severity,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
}

/// 1-based lines and Unicode-scalar columns; the end is exclusive.
#[derive(Serialize)]
struct JsonRange {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    range: JsonRange,
    content: &'a str,
}

fn range(file: &CheckedFile, span: Span) -> JsonRange {
    let (start, end) = span_positions(&file.linted, span);
    JsonRange {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn convert<'a>(file: &'a CheckedFile, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let fix = diagnostic.fix.as_ref().map(|fix| JsonFix {
        message: &fix.message,
        applicability: fix.applicability,
        edits: fix
            .edits
            .iter()
            .map(|edit| JsonEdit {
                range: range(file, edit.span),
                content: &edit.replacement,
            })
            .collect(),
    });
    JsonDiagnostic {
        file: &file.path,
        range: range(file, diagnostic.span),
        code: diagnostic.code,
        name: diagnostic.name,
        level: diagnostic.severity,
        message: &diagnostic.message,
        fix,
    }
}

impl Reporter for JsonReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let diagnostics: Vec<JsonDiagnostic<'_>> = report
            .files
            .iter()
            .flat_map(|file| {
                file.linted
                    .diagnostics
                    .iter()
                    .map(move |d| convert(file, d))
            })
            .collect();
        serde_json::to_writer(&mut *out, &diagnostics)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Edit, Fix};
    use crate::line_index::LineIndex;
    use crate::lint::LintedFile;

    fn file(source: &str, diagnostics: Vec<Diagnostic>) -> CheckedFile {
        CheckedFile {
            path: "dir/Dockerfile".to_owned(),
            linted: LintedFile {
                source: source.to_owned().into(),
                line_index: LineIndex::new(source),
                diagnostics,
                buildkit_error: false,
                script_check_error: None,
            },
        }
    }

    fn render(files: &[CheckedFile]) -> String {
        let mut out = Vec::new();
        let report = Report {
            files,
            failures: &[],
        };
        JsonReporter.write(&report, &mut out).ok();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn no_diagnostics_is_an_empty_array() {
        assert_eq!(render(&[file("FROM a:1\n", vec![])]), "[]\n");
    }

    #[test]
    fn fields_come_in_the_documented_order() {
        let source = "LABEL x=\"é\"\nFROM ubuntu\n";
        let start = source.find("ubuntu").unwrap_or(0);
        let fix = Fix {
            message: "Pin a tag".to_owned(),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                span: Span::new(start + 6, start + 6),
                replacement: ":24.04".to_owned(),
            }],
        };
        let diagnostic = Diagnostic {
            code: "DL3006",
            name: "untagged-image",
            severity: Severity::Warning,
            message: "Always tag the version of an image explicitly".to_owned(),
            span: Span::new(start, start + 6),
            fix: Some(fix),
        };
        let unicode = Diagnostic {
            code: "X1",
            name: "x",
            severity: Severity::Style,
            message: "m".to_owned(),
            span: Span::new(9, 11),
            fix: None,
        };
        let output = render(&[file(source, vec![unicode, diagnostic])]);
        assert_eq!(
            output,
            concat!(
                r#"[{"file":"dir/Dockerfile","line":1,"column":10,"end_line":1,"end_column":11,"#,
                r#""code":"X1","name":"x","level":"style","message":"m","fix":null},"#,
                r#"{"file":"dir/Dockerfile","line":2,"column":6,"end_line":2,"end_column":12,"#,
                r#""code":"DL3006","name":"untagged-image","level":"warning","#,
                r#""message":"Always tag the version of an image explicitly","#,
                r#""fix":{"message":"Pin a tag","applicability":"unsafe","edits":"#,
                r#"[{"line":2,"column":12,"end_line":2,"end_column":12,"content":":24.04"}]}}]"#,
                "\n"
            )
        );
    }
}
