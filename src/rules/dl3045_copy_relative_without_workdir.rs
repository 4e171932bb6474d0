//! DL3045: a relative COPY destination needs a WORKDIR to be relative to.

use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct CopyRelativeWithoutWorkdir;

impl Rule for CopyRelativeWithoutWorkdir {
    fn code(&self) -> &'static str {
        "DL3045"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) {
            return;
        }
        let model = checker.model();
        let mut findings = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if instruction.kind != Keyword::Copy || model.stage_of(index).is_none() {
                continue;
            }
            // The model's WORKDIR includes what the parent stages set.
            if model.workdir_at(index).is_some() {
                continue;
            }
            let Arguments::Words { words, .. } = &instruction.args else {
                continue;
            };
            let [_, .., destination] = words.as_slice() else {
                continue;
            };
            let written = strip_surrounding_quotes(&destination.text);
            // `"${HOME}"/file` starts with a variable too (double quotes keep expansion).
            if written.trim_start_matches('"').starts_with('$') || is_absolute(written) {
                continue;
            }
            // `dir/$HOME`-like values are judged after expansion when known.
            if model
                .expand(index, destination)
                .is_some_and(|value| is_absolute(strip_surrounding_quotes(&value)))
            {
                continue;
            }
            findings.push((
                destination.span,
                format!(
                    "COPY to the relative path `{written}` with no WORKDIR set in this stage; \
                     set a WORKDIR first or use an absolute path"
                ),
            ));
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}

/// `/path`, or a Windows path with a drive (`C:\app`, `c:/app`) or a backslash root.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    let drive = matches!(bytes, [letter, b':', ..] if letter.is_ascii_alphabetic());
    path.starts_with('/') || path.starts_with('\\') || drive
}
