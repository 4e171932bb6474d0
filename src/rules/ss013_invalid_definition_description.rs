//! SS013: a comment right above a named stage or an ARG describes it
//! (BuildKit's experimental InvalidDefinitionDescription).

use crate::rules::support::buildkit::from_as_name;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Comment, Dockerfile, Instruction, Keyword};

pub struct InvalidDefinitionDescription;

impl Rule for InvalidDefinitionDescription {
    fn code(&self) -> &'static str {
        "SS013"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        for instruction in &dockerfile.instructions {
            let (what, keys): (&str, Vec<&str>) = match (&instruction.kind, &instruction.args) {
                (Keyword::Arg, Arguments::Arg(declarations)) => (
                    "ARG",
                    declarations
                        .iter()
                        .map(|declaration| declaration.name.value.as_str())
                        .collect(),
                ),
                (Keyword::From, _) => match from_as_name(instruction) {
                    Some((_, name)) => ("FROM", vec![name.text.as_str()]),
                    None => continue,
                },
                _ => continue,
            };
            let Some(last) = description_block(dockerfile, instruction).last().copied() else {
                continue;
            };
            let first_word = last.text.trim().split(' ').next().unwrap_or("");
            if keys.contains(&first_word) {
                continue;
            }
            let example = match keys.as_slice() {
                [only] => *only,
                _ => "<arg_key>",
            };
            checker.report(
                last.span,
                format!(
                    "the comment above this {what} becomes its description, so it should start with its name: `# {example} <description>`; otherwise separate it with an empty `#` line"
                ),
            );
        }
    }
}

/// The comment lines BuildKit takes as the description: those attached to the
/// instruction after the last empty `#` line, without parser directives and
/// comments inside continuations.
fn description_block<'a>(
    dockerfile: &'a Dockerfile,
    instruction: &Instruction,
) -> Vec<&'a Comment> {
    let mut block = Vec::new();
    for comment in instruction
        .comments
        .iter()
        .filter_map(|&index| dockerfile.comments.get(index))
    {
        if comment.inside_instruction {
            continue;
        }
        let is_directive = dockerfile.directives.iter().any(|directive| {
            directive.span.start <= comment.span.start && comment.span.end <= directive.span.end
        });
        if is_directive {
            continue;
        }
        if comment.text.trim().is_empty() {
            block.clear();
            continue;
        }
        block.push(comment);
    }
    block
}
