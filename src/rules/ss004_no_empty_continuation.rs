//! SS004: no blank lines inside a continued instruction (BuildKit's NoEmptyContinuation).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::{Checker, Rule};
use crate::span::Span;

pub struct NoEmptyContinuation;

impl Rule for NoEmptyContinuation {
    fn code(&self) -> &'static str {
        "SS004"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        let lines = &checker.dockerfile().empty_continuation_lines;
        let mut index = 0;
        while let Some(first) = lines.get(index) {
            // One finding per instruction, covering all of its blank lines.
            let group: Vec<Span> = lines
                .iter()
                .skip(index)
                .take_while(|line| line.instruction == first.instruction)
                .map(|line| with_line_break(source, line.span))
                .collect();
            index += group.len().max(1);
            let Some(&span) = group.first() else {
                continue;
            };
            let edits = group
                .iter()
                .map(|&span| Edit {
                    span,
                    replacement: String::new(),
                })
                .collect();
            let fix = Fix {
                message: "delete the empty continuation lines".to_string(),
                applicability: Applicability::Safe,
                edits,
            };
            checker.report_with_fix(
                span,
                "empty line inside a continued instruction; delete it (BuildKit will reject it)",
                fix,
            );
        }
    }
}

/// `span` extended over the line break that ends it, so an empty line is a
/// visible, deletable range.
fn with_line_break(source: &str, span: Span) -> Span {
    let rest = source.get(span.end as usize..).unwrap_or("");
    let break_len = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with('\n') || rest.starts_with('\r') {
        1
    } else {
        0
    };
    Span::new(span.start as usize, span.end as usize + break_len)
}
