//! DL3059: consecutive one-command RUNs that could be one layer.

use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::shell::Command;
use crate::syntax::{Instruction, Keyword};

pub struct ConsecutiveRun;

impl Rule for ConsecutiveRun {
    fn code(&self) -> &'static str {
        "DL3059"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let instructions = &checker.dockerfile().instructions;
        let mut reports = Vec::new();
        // Comments and blank lines are not instructions, so only they may
        // sit between the two.
        let mut previous: Option<&Instruction> = None;
        for (index, current) in instructions.iter().enumerate() {
            let single = is_single_command_run(model, index, current);
            if single && previous.is_some_and(|previous| same_flags(previous, current)) {
                reports.push(current.keyword.span);
            }
            previous = single.then_some(current);
        }
        for span in reports {
            checker.report(
                span,
                "this RUN directly follows another single-command RUN with the same flags; \
                 join them with `&&` to save a layer",
            );
        }
    }
}

/// A RUN made of exactly one simple command (heredoc scripts are deliberate
/// multi-line scripts and never count).
fn is_single_command_run(model: &SemanticModel, index: usize, instruction: &Instruction) -> bool {
    instruction.kind == Keyword::Run
        && instruction.heredocs.is_empty()
        && model
            .scripts(index)
            .iter()
            .map(|script| named_commands(&script.script.commands))
            .sum::<usize>()
            == 1
}

/// The commands that run something: not a bare redirection (`$(<file)`
/// reads a file), and not an `sh -c` wrapper whose inner script is counted
/// instead (`bash -c "source ~/.bashrc"` is one command).
fn named_commands(commands: &[Command]) -> usize {
    let mut wrappers: Vec<usize> = commands
        .iter()
        .filter_map(|command| command.nesting.shell_wrapper)
        .map(|wrapper| wrapper as usize)
        .collect();
    wrappers.sort_unstable();
    wrappers.dedup();
    commands
        .iter()
        .enumerate()
        .filter(|(index, command)| {
            !command.words.is_empty() && wrappers.binary_search(index).is_err()
        })
        .count()
}

fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    a.flags.len() == b.flags.len()
        && a.flags
            .iter()
            .zip(&b.flags)
            .all(|(left, right)| left.raw == right.raw)
}
