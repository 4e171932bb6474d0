//! Helpers of the instruction rules (DL3022, DL3023, DL3026, DL3067, ...):
//! what a `--from` value refers to, seen from the stage that uses it.

use crate::semantic::{SemanticModel, Stage};
use crate::syntax::{Flag, Instruction};

/// What a `COPY --from=` / `RUN --mount=from=` value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FromTarget {
    /// The stage the instruction is in (by name or index).
    OwnStage,
    /// An earlier stage (by name, case-insensitive, or index).
    EarlierStage,
    /// A stage that only comes later in the file (by name or index).
    LaterStage,
    /// A number that is no stage index at all.
    IndexOutOfRange,
    /// Contains a variable: unknown until the build.
    Variable,
    /// Anything else: an image or a named build context.
    External,
}

/// Classifies `reference` as used by an instruction of `stage`.
pub(crate) fn from_target(model: &SemanticModel, stage: &Stage, reference: &str) -> FromTarget {
    if reference.contains('$') {
        return FromTarget::Variable;
    }
    if !reference.is_empty() && reference.bytes().all(|byte| byte.is_ascii_digit()) {
        return match reference.parse::<usize>() {
            Ok(index) if index == stage.index => FromTarget::OwnStage,
            Ok(index) if index < stage.index => FromTarget::EarlierStage,
            Ok(index) if index < model.stages().len() => FromTarget::LaterStage,
            _ => FromTarget::IndexOutOfRange,
        };
    }
    if stage.is_named(reference) {
        return FromTarget::OwnStage;
    }
    if model.stage_named_before(reference, stage.index).is_some() {
        return FromTarget::EarlierStage;
    }
    if model.stage_by_name(reference).is_some() {
        return FromTarget::LaterStage;
    }
    FromTarget::External
}

/// The `--from` flag of a `COPY` with a value.
pub(crate) fn copy_from_flag(instruction: &Instruction) -> Option<&Flag> {
    instruction.flag("from").filter(|flag| flag.value.is_some())
}
