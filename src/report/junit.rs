//! `--format junit`: JUnit XML for CI test dashboards. One `<testsuite>` per
//! file, one failing `<testcase>` per diagnostic, one passing case for a clean
//! file, one erroring case for a file that could not be read. Deterministic:
//! no timestamps, durations or host names.

use std::io::{self, Write};

use super::xml::{DECLARATION, escape};
use super::{CheckedFile, Report, Reporter, one_line, span_positions};

pub struct JunitReporter;

impl Reporter for JunitReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let failures = report.counts().total();
        let cases: usize = report
            .files
            .iter()
            .map(|file| file.linted.diagnostics.len().max(1))
            .sum::<usize>()
            + report.failures.len();
        writeln!(out, "{DECLARATION}")?;
        writeln!(
            out,
            r#"<testsuites name="shipshape" tests="{cases}" failures="{failures}" errors="{}">"#,
            report.failures.len()
        )?;
        for file in report.files {
            write_file(file, out)?;
        }
        for failure in report.failures {
            let path = escape(&failure.path);
            writeln!(
                out,
                r#"  <testsuite name="{path}" tests="1" failures="0" errors="1">"#
            )?;
            writeln!(
                out,
                r#"    <testcase name="lint" classname="{path}" file="{path}">"#
            )?;
            writeln!(
                out,
                r#"      <error message="{}" type="input-error"/>"#,
                escape(&failure.message)
            )?;
            writeln!(out, "    </testcase>")?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

fn write_file(file: &CheckedFile, out: &mut dyn Write) -> io::Result<()> {
    let path = escape(&file.path);
    let diagnostics = &file.linted.diagnostics;
    writeln!(
        out,
        r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
        diagnostics.len().max(1),
        diagnostics.len()
    )?;
    if diagnostics.is_empty() {
        writeln!(
            out,
            r#"    <testcase name="no problems" classname="{path}" file="{path}"/>"#
        )?;
    }
    for diagnostic in diagnostics {
        let (start, _) = span_positions(&file.linted, diagnostic.span);
        let position = format!("{}:{}", start.line, start.column);
        writeln!(
            out,
            r#"    <testcase name="{} {} at {position}" classname="{path}" file="{path}" line="{}">"#,
            escape(diagnostic.code),
            escape(diagnostic.name),
            start.line
        )?;
        writeln!(
            out,
            r#"      <failure message="{}" type="{}">{}</failure>"#,
            escape(&diagnostic.message),
            escape(diagnostic.code),
            escape(&format!(
                "{}:{position}: {} {} {}",
                file.path,
                diagnostic.code,
                diagnostic.severity,
                one_line(&diagnostic.message)
            )),
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::report::InputFailure;
    use crate::report::test_support::{diagnostic, file, render};

    #[test]
    fn suites_per_file_cases_per_diagnostic() {
        let files = [
            file(
                "x/Dockerfile",
                "FROM 😀 a\n",
                vec![diagnostic(
                    "DL3006",
                    Severity::Warning,
                    "a < b & \"c\"",
                    (10, 11),
                )],
            ),
            file("clean", "FROM a:1\n", vec![]),
        ];
        let failures = [InputFailure {
            path: "gone".to_owned(),
            message: "no such file or directory".to_owned(),
        }];
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="shipshape" tests="3" failures="1" errors="1">
  <testsuite name="x/Dockerfile" tests="1" failures="1" errors="0">
    <testcase name="DL3006 untagged-image at 1:8" classname="x/Dockerfile" file="x/Dockerfile" line="1">
      <failure message="a &lt; b &amp; &quot;c&quot;" type="DL3006">x/Dockerfile:1:8: DL3006 warning a &lt; b &amp; &quot;c&quot;</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean" tests="1" failures="0" errors="0">
    <testcase name="no problems" classname="clean" file="clean"/>
  </testsuite>
  <testsuite name="gone" tests="1" failures="0" errors="1">
    <testcase name="lint" classname="gone" file="gone">
      <error message="no such file or directory" type="input-error"/>
    </testcase>
  </testsuite>
</testsuites>
"#;
        assert_eq!(render(&JunitReporter, &files, &failures), expected);
    }
}
