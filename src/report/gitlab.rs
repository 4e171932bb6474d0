//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues).
//!
//! Fingerprints identify an issue across commits: they hash the path, the code,
//! the normalised text of the flagged lines and how many identical issues came
//! before in the file, never the line number, so moving a line keeps its issues.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::fingerprint::{fnv1a_64, normalized_lines};
use super::{CheckedFile, Report, Reporter, span_positions};
use crate::diagnostics::{Diagnostic, Severity};

pub struct GitlabReporter;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// GitLab's scale is info < minor < major < critical < blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Style => "info",
        Severity::Info => "minor",
        Severity::Warning => "major",
        Severity::Error => "critical",
    }
}

fn issues_of(file: &CheckedFile) -> Vec<Issue<'_>> {
    let linted = &file.linted;
    let mut occurrences: HashMap<(&str, String), usize> = HashMap::new();
    linted
        .diagnostics
        .iter()
        .map(|diagnostic: &Diagnostic| {
            let (start, end) = span_positions(linted, diagnostic.span);
            let text = normalized_lines(
                &linted.source,
                &linted.line_index,
                (start.line as usize).saturating_sub(1),
                (end.line as usize).saturating_sub(1),
            );
            let occurrence = occurrences
                .entry((diagnostic.code, text.clone()))
                .or_insert(0);
            let fingerprint = fnv1a_64(&[
                file.path.as_bytes(),
                diagnostic.code.as_bytes(),
                text.as_bytes(),
                occurrence.to_string().as_bytes(),
            ]);
            *occurrence += 1;
            Issue {
                description: format!("{}: {}", diagnostic.code, diagnostic.message),
                check_name: diagnostic.code,
                fingerprint: format!("{fingerprint:016x}"),
                severity: severity(diagnostic.severity),
                location: Location {
                    path: &file.path,
                    lines: Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            }
        })
        .collect()
}

impl Reporter for GitlabReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let issues: Vec<Issue<'_>> = report.files.iter().flat_map(issues_of).collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{diagnostic, file, render};

    fn fingerprints(path: &str, source: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let diagnostics = spans
            .iter()
            .map(|span| diagnostic("DL3006", Severity::Warning, "m", *span))
            .collect();
        issues_of(&file(path, source, diagnostics))
            .into_iter()
            .map(|issue| issue.fingerprint)
            .collect()
    }

    #[test]
    fn fingerprints_survive_line_shifts_and_tell_repeats_apart() {
        let before = fingerprints("Dockerfile", "FROM a\nFROM a\n", &[(5, 6), (12, 13)]);
        let after = fingerprints(
            "Dockerfile",
            "# new\n\n  FROM   a\nFROM a\n",
            &[(12, 13), (20, 21)],
        );
        assert_eq!(before, after);
        assert_ne!(before.first(), before.get(1));
        assert_ne!(
            before,
            fingerprints("other/Dockerfile", "FROM a\nFROM a\n", &[(5, 6), (12, 13)])
        );
    }

    #[test]
    fn issues_have_the_fields_gitlab_reads() {
        let files = [file(
            "Dockerfile",
            "FROM a\nRUN x\n",
            vec![diagnostic("DL3006", Severity::Style, "untagged", (5, 6))],
        )];
        let output = render(&GitlabReporter, &files, &[]);
        let fingerprint = fnv1a_64(&[b"Dockerfile", b"DL3006", b"FROM a", b"0"]);
        let expected = format!(
            r#"[
  {{
    "description": "DL3006: untagged",
    "check_name": "DL3006",
    "fingerprint": "{fingerprint:016x}",
    "severity": "info",
    "location": {{
      "path": "Dockerfile",
      "lines": {{
        "begin": 1,
        "end": 1
      }}
    }}
  }}
]
"#
        );
        assert_eq!(output, expected);
        assert_eq!(render(&GitlabReporter, &[], &[]), "[]\n");
    }
}
