//! `--format checkstyle`: Checkstyle 4.3 XML, one `<file>` per linted file
//! (clean ones too, as Checkstyle lists every file it audited).

use std::io::{self, Write};

use super::xml::{DECLARATION, escape};
use super::{Report, Reporter, span_positions};
use crate::diagnostics::Severity;

pub struct CheckstyleReporter;

impl Reporter for CheckstyleReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{DECLARATION}")?;
        writeln!(out, r#"<checkstyle version="4.3">"#)?;
        for file in report.files {
            if file.linted.diagnostics.is_empty() {
                writeln!(out, r#"  <file name="{}"/>"#, escape(&file.path))?;
                continue;
            }
            writeln!(out, r#"  <file name="{}">"#, escape(&file.path))?;
            for diagnostic in &file.linted.diagnostics {
                let (start, _) = span_positions(&file.linted, diagnostic.span);
                // Checkstyle knows error, warning and info.
                let severity = match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info | Severity::Style => "info",
                };
                writeln!(
                    out,
                    r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="{}"/>"#,
                    start.line,
                    start.column,
                    escape(&diagnostic.message),
                    escape(diagnostic.code),
                )?;
            }
            writeln!(out, "  </file>")?;
        }
        for failure in report.failures {
            writeln!(out, r#"  <file name="{}">"#, escape(&failure.path))?;
            writeln!(
                out,
                r#"    <error severity="error" message="{}" source="shipshape"/>"#,
                escape(&failure.message)
            )?;
            writeln!(out, "  </file>")?;
        }
        writeln!(out, "</checkstyle>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::InputFailure;
    use crate::report::test_support::{diagnostic, file, render};

    #[test]
    fn files_errors_and_failures_are_escaped_xml() {
        let files = [
            file(
                "a&b/Dockerfile",
                "FROM é <x>\n",
                vec![diagnostic(
                    "DL1000",
                    Severity::Style,
                    "bad <x> & \"y\"",
                    (7, 10),
                )],
            ),
            file("clean", "FROM a:1\n", vec![]),
        ];
        let failures = [InputFailure {
            path: "dir".to_owned(),
            message: "is a directory".to_owned(),
        }];
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="a&amp;b/Dockerfile">
    <error line="1" column="7" severity="info" message="bad &lt;x&gt; &amp; &quot;y&quot;" source="DL1000"/>
  </file>
  <file name="clean"/>
  <file name="dir">
    <error severity="error" message="is a directory" source="shipshape"/>
  </file>
</checkstyle>
"#;
        assert_eq!(render(&CheckstyleReporter, &files, &failures), expected);
    }
}
