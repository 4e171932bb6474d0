//! The scripts of an instruction, asked of the model only where there can be
//! some: the model keeps a lazily filled slot per instruction, and filling an
//! empty one (a synchronised one-time initialisation) is most of what asking
//! about a COPY or an ENV would cost.

use crate::semantic::{RunScript, SemanticModel};
use crate::syntax::{Arguments, Instruction, Keyword};

/// Whether the model may hold scripts for `instruction`: only RUN, CMD,
/// ENTRYPOINT and HEALTHCHECK commands, directly or as an `ONBUILD` trigger,
/// are analysed as shell scripts.
pub(crate) fn may_have_scripts(instruction: &Instruction) -> bool {
    let command = match &instruction.args {
        Arguments::Onbuild(Some(trigger)) => trigger,
        _ => instruction,
    };
    matches!(
        command.kind,
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
    )
}

/// The scripts of instruction `index` (which is `instruction`), as
/// [`SemanticModel::scripts`] gives them.
pub(crate) fn scripts_of<'m>(
    model: &'m SemanticModel<'m>,
    index: usize,
    instruction: &Instruction,
) -> &'m [RunScript] {
    if may_have_scripts(instruction) {
        model.scripts(index)
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_instructions_without_scripts_are_skipped() {
        let source = "FROM a\nCOPY x y\nENV A=1\nRUN echo a\nCMD echo b\nENTRYPOINT echo c\n\
                      HEALTHCHECK CMD echo d\nONBUILD RUN echo e\nONBUILD COPY x y\nUSER u\n";
        let dockerfile = crate::syntax::parse(source);
        let model = SemanticModel::build(source, &dockerfile, None);
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            let expected = model.scripts(index).len();
            assert_eq!(
                scripts_of(&model, index, instruction).len(),
                expected,
                "{index}"
            );
            if !may_have_scripts(instruction) {
                assert_eq!(expected, 0, "{index}");
            }
        }
        let with_scripts = dockerfile
            .instructions
            .iter()
            .filter(|instruction| may_have_scripts(instruction))
            .count();
        assert_eq!(with_scripts, 5);
    }
}
