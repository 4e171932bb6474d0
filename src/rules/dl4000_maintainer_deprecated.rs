//! DL4000: `MAINTAINER` is deprecated in favour of a label.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct MaintainerDeprecated;

impl Rule for MaintainerDeprecated {
    fn code(&self) -> &'static str {
        "DL4000"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no MAINTAINER: nothing to walk.
        if !checker.has_instruction(Keyword::Maintainer) {
            return;
        }
        // `ONBUILD MAINTAINER` is refused outright (DL3043), not deprecated.
        let escape = checker.dockerfile().escape;
        for instruction in &checker.dockerfile().instructions {
            if instruction.kind != Keyword::Maintainer {
                continue;
            }
            let message =
                "MAINTAINER is deprecated; use `LABEL org.opencontainers.image.authors=...`";
            match label_fix(checker.source(), instruction, escape) {
                Some(fix) => checker.report_with_fix(instruction.span, message, fix),
                None => checker.report(instruction.span, message),
            }
        }
    }
}

/// Replaces a one-line MAINTAINER by the OCI authors label. Unsafe: the
/// image's `Author` field is no longer set.
fn label_fix(source: &str, instruction: &Instruction, escape: char) -> Option<Fix> {
    let Arguments::Text(author) = &instruction.args else {
        return None;
    };
    let author = author.text.trim();
    if author.is_empty() || instruction.span.text(source).contains('\n') {
        return None;
    }
    // LABEL values are expanded, MAINTAINER is not: escape what expansion would eat.
    let mut quoted = String::with_capacity(author.len() + 2);
    for c in author.chars() {
        if c == '"' || c == '$' || c == escape {
            quoted.push(escape);
        }
        quoted.push(c);
    }
    Some(Fix {
        message: "Replace with the org.opencontainers.image.authors label".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: instruction.span,
            replacement: format!("LABEL org.opencontainers.image.authors=\"{quoted}\""),
        }],
    })
}
