//! SS100: a credential written literally anywhere in an instruction.

use crate::rules::support::security::credentials::{FoundCredential, find_credentials};
use crate::rules::{Checker, Rule};
use crate::span::Span;
use crate::syntax::Instruction;

pub struct HardcodedCredential;

impl Rule for HardcodedCredential {
    fn code(&self) -> &'static str {
        "SS100"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        // Every stage counts: the Dockerfile itself, the build cache and the
        // build history keep the secret even when the image does not.
        for instruction in &checker.dockerfile().instructions {
            let line = &instruction.line;
            for credential in find_credentials(&line.text) {
                let span = line.span(credential.range.start, credential.range.end);
                checker.report(span, message(&credential, &instruction_name(instruction)));
            }
            for heredoc in &instruction.heredocs {
                let body = heredoc.body.text(source);
                let offset = heredoc.body.start as usize;
                for credential in find_credentials(body) {
                    let span = Span::new(
                        offset + credential.range.start,
                        offset + credential.range.end,
                    );
                    checker.report(span, message(&credential, &instruction_name(instruction)));
                }
            }
        }
    }
}

fn instruction_name(instruction: &Instruction) -> String {
    instruction
        .kind
        .as_str()
        .map_or_else(|| instruction.keyword.value.to_uppercase(), str::to_string)
}

/// Names the kind and the length only: the secret itself is never shown.
fn message(credential: &FoundCredential, keyword: &str) -> String {
    format!(
        "{} ({} characters) is written in this {keyword} instruction: it stays readable in the \
         Dockerfile and the image history; revoke it and pass it at build time with \
         `RUN --mount=type=secret` instead",
        credential.kind.describe(),
        credential.range.len()
    )
}
