//! DL3067: `COPY --from=x / /` copies a whole filesystem over this one.

use crate::rules::support::instr::copy_from_flag;
use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct CopyFromRootToRoot;

impl Rule for CopyFromRootToRoot {
    fn code(&self) -> &'static str {
        "DL3067"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) {
            return;
        }
        let mut findings = Vec::new();
        for instruction in &checker.dockerfile().instructions {
            if instruction.kind != Keyword::Copy || copy_from_flag(instruction).is_none() {
                continue;
            }
            let Arguments::Words { words, .. } = &instruction.args else {
                continue;
            };
            let [sources @ .., destination] = words.as_slice() else {
                continue;
            };
            let is_root = |text: &str| strip_surrounding_quotes(text) == "/";
            if !is_root(&destination.text) {
                continue;
            }
            if let Some(source) = sources.iter().find(|source| is_root(&source.text)) {
                findings.push(source.span);
            }
        }
        for span in findings {
            checker.report(
                span,
                "copying `/` to `/` overlays a whole filesystem on this stage; copy only the \
                 paths you need",
            );
        }
    }
}
