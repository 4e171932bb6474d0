//! `--format concise`: `path:line:col: CODE level message`, one diagnostic per
//! line and nothing else, the shape editors' problem matchers expect.

use std::io::{self, Write};

use super::{Report, Reporter, one_line, span_positions};

pub struct ConciseReporter;

impl Reporter for ConciseReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, diagnostic) in report.diagnostics() {
            let (start, _) = span_positions(&file.linted, diagnostic.span);
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                file.path,
                start.line,
                start.column,
                diagnostic.code,
                diagnostic.severity,
                one_line(&diagnostic.message)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::report::test_support::{diagnostic, file, render};

    #[test]
    fn one_line_per_diagnostic_with_character_columns() {
        let source = "FROM a\nLABEL x=\"😀\" y\n";
        let y = source.find(" y").unwrap_or(0) + 1;
        let files = [
            file(
                "a/Dockerfile",
                source,
                vec![
                    diagnostic("DL1000", Severity::Error, "missing `=`\nhere", (y, y + 1)),
                    diagnostic("DL3006", Severity::Warning, "untagged", (5, 6)),
                ],
            ),
            file("clean", "FROM a:1\n", vec![]),
        ];
        assert_eq!(
            render(&ConciseReporter, &files, &[]),
            "a/Dockerfile:2:13: DL1000 error missing `=` here\na/Dockerfile:1:6: DL3006 warning untagged\n"
        );
        assert_eq!(render(&ConciseReporter, &[], &[]), "");
    }
}
