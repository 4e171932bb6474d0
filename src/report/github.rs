//! `--format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request:
//! `::error file=P,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::message`.

use std::io::{self, Write};

use super::{Report, Reporter, span_positions};
use crate::diagnostics::Severity;

pub struct GithubReporter;

impl Reporter for GithubReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, diagnostic) in report.diagnostics() {
            let (start, end) = span_positions(&file.linted, diagnostic.span);
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "notice",
            };
            write!(
                out,
                "::{command} file={},line={}",
                escape_property(&file.path),
                start.line
            )?;
            // GitHub ignores columns on an annotation that spans several lines.
            if start.line == end.line {
                write!(out, ",col={}", start.column)?;
            }
            write!(out, ",endLine={}", end.line)?;
            if start.line == end.line {
                write!(out, ",endColumn={}", end.column)?;
            }
            writeln!(
                out,
                ",title={}::{}",
                escape_property(diagnostic.code),
                escape_data(&diagnostic.message)
            )?;
        }
        for failure in report.failures {
            writeln!(
                out,
                "::error file={},title=shipshape::{}",
                escape_property(&failure.path),
                escape_data(&failure.message)
            )?;
        }
        Ok(())
    }
}

/// The message of a workflow command, escaped as `@actions/core` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::InputFailure;
    use crate::report::test_support::{diagnostic, file, render};

    #[test]
    fn annotations_escape_their_properties_and_message() {
        let source = "FROM a\nRUN x \\\n  y\n";
        let files = [file(
            "dir/a,b:c%.Dockerfile",
            source,
            vec![
                diagnostic(
                    "DL3006",
                    Severity::Warning,
                    "100% bad:\r\nreally, yes",
                    (5, 6),
                ),
                diagnostic("DL1000", Severity::Info, "two lines", (7, 17)),
                diagnostic("DL3007", Severity::Style, "s", (0, 0)),
                diagnostic("DL4000", Severity::Error, "e", (0, 4)),
            ],
        )];
        let failures = [InputFailure {
            path: "gone".to_owned(),
            message: "no such file or directory".to_owned(),
        }];
        let expected = "\
::warning file=dir/a%2Cb%3Ac%25.Dockerfile,line=1,col=6,endLine=1,endColumn=7,title=DL3006::100%25 bad:%0D%0Areally, yes
::notice file=dir/a%2Cb%3Ac%25.Dockerfile,line=2,endLine=3,title=DL1000::two lines
::notice file=dir/a%2Cb%3Ac%25.Dockerfile,line=1,col=1,endLine=1,endColumn=1,title=DL3007::s
::error file=dir/a%2Cb%3Ac%25.Dockerfile,line=1,col=1,endLine=1,endColumn=5,title=DL4000::e
::error file=gone,title=shipshape::no such file or directory
";
        assert_eq!(render(&GithubReporter, &files, &failures), expected);
    }
}
