//! Shared logic of DL3012, DL4003 and DL4004: an instruction that only takes
//! effect once per stage, where every earlier occurrence is dead code.

use crate::rules::Checker;
use crate::syntax::Keyword;

/// Reports the keyword of every second and later `kind` instruction of a stage.
/// `ONBUILD` triggers run in another build and do not count; instructions
/// inherited from a parent stage do not either (only this stage's last one
/// overrides them, which is intended).
pub fn report_repeats(checker: &mut Checker<'_>, kind: Keyword, what: &str) {
    // Nearly every file has at most one: nothing to walk.
    if !checker.has_repeated_instruction(kind) {
        return;
    }
    let mut seen_in_stage = false;
    for instruction in &checker.dockerfile().instructions {
        if instruction.kind == Keyword::From {
            seen_in_stage = false;
        } else if instruction.kind == kind {
            if seen_in_stage {
                checker.report(
                    instruction.keyword.span,
                    format!(
                        "{what} overrides an earlier {what} of this stage; only the last one takes effect"
                    ),
                );
            }
            seen_in_stage = true;
        }
    }
}
