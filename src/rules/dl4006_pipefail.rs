//! DL4006: a pipe in RUN hides failures of all but its last command unless
//! `pipefail` is on.

use crate::rules::{Checker, Rule};
use crate::semantic::RunScript;
use crate::shell::Pipeline;
use crate::span::Span;
use crate::syntax::Keyword;

pub struct Pipefail;

/// Commands that cannot fail in a way worth catching when they feed a pipe
/// (`yes` even exits with SIGPIPE every time, which `pipefail` would turn into
/// a failed build).
const HARMLESS_PRODUCERS: [&str; 4] = ["echo", "printf", "yes", "true"];

impl Rule for Pipefail {
    fn code(&self) -> &'static str {
        "DL4006"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let mut reports = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if instruction.kind != Keyword::Run {
                continue;
            }
            // Non-POSIX shells (PowerShell, cmd) have no scripts in the model.
            let unprotected = model.scripts(index).iter().find_map(|script| {
                script
                    .script
                    .pipelines
                    .iter()
                    .enumerate()
                    .find_map(|(number, pipeline)| {
                        // Most pipelines are a single command: no pipe, no scan.
                        let pipe = *pipeline.pipes.first()?;
                        let first = first_command(script, number)?;
                        let matters = !pipeline.nesting.in_substitution
                            && !only_harmless_producers(script, pipeline);
                        (matters && !model.pipefail(index, script, first))
                            .then(|| script.source_span(pipe))
                    })
            });
            reports.extend(unprotected);
        }
        for span in reports {
            report(checker, span);
        }
    }
}

fn report(checker: &mut Checker<'_>, span: Span) {
    checker.report(
        span,
        "a failure before this pipe is ignored; start the RUN with `set -o pipefail &&` \
         or use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`",
    );
}

/// The index of the first simple command of pipeline `number`.
fn first_command(script: &RunScript, number: usize) -> Option<usize> {
    script
        .script
        .commands
        .iter()
        .position(|command| command.pipeline as usize == number)
}

/// Whether every element before the last is a simple `echo`/`printf`/`yes`/`true`.
fn only_harmless_producers(script: &RunScript, pipeline: &Pipeline) -> bool {
    let Some((_, producers)) = pipeline.commands.split_last() else {
        return false;
    };
    // Compound elements are not in `commands`: then some producer is unknown.
    pipeline.commands.len() == pipeline.len as usize
        && producers.iter().all(|&index| {
            script
                .script
                .commands
                .get(index)
                .and_then(|command| command.effective(&script.text).name(&script.text))
                .is_some_and(|name| HARMLESS_PRODUCERS.contains(&name.as_ref()))
        })
}
