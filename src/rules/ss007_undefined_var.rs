//! SS007: variables the builder expands are declared first (BuildKit's UndefinedVar).

use std::collections::HashSet;

use crate::rules::support::buildkit::{
    PREDEFINED_ARGS, USUAL_BASE_IMAGE_ENV, closest_name, closest_within,
};
use crate::rules::{Checker, Rule};
use crate::semantic::{SemanticModel, Stage};
use crate::syntax::{Arguments, Dockerfile, Instruction, Keyword, VarRef};

pub struct UndefinedVar;

impl Rule for UndefinedVar {
    fn code(&self) -> &'static str {
        "SS007"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let mut findings = Vec::new();
        // BuildKit reports each variable once per instruction.
        let mut reported: HashSet<(usize, &str)> = HashSet::new();
        for stage in model.stages() {
            let base_env_unknown = base_environment_unknown(model, stage.index);
            for index in stage.instructions.clone().skip(1) {
                let Some(instruction) = checker.dockerfile().instructions.get(index) else {
                    continue;
                };
                for (var, earlier_in_instruction, appends_to_itself) in
                    expanded_references(instruction)
                {
                    let name = var.name.as_str();
                    let defined = model.binding(index, name).is_some()
                        || earlier_in_instruction.contains(&name)
                        || PREDEFINED_ARGS.contains(&name)
                        || USUAL_BASE_IMAGE_ENV.contains(&name);
                    if defined {
                        continue;
                    }
                    if !reported.insert((index, name)) {
                        continue;
                    }
                    let declared_later = declared_later(checker.dockerfile(), stage, index, name);
                    let known = known_names(model, index);
                    let suggestion = closest_name(name, known.iter().copied());
                    // An image built on a base we cannot see may set the
                    // variable itself: report only clear cases there (a
                    // one-edit typo, or a declaration further down).
                    let clear = declared_later || closest_within(name, known, 1).is_some();
                    if base_env_unknown && (!clear || appends_to_itself) {
                        continue;
                    }
                    let hint = suggestion
                        .map(|known| format!(" (did you mean `${known}`?)"))
                        .unwrap_or_default();
                    let advice = if declared_later {
                        "it is declared only later in the stage; move the declaration up"
                    } else {
                        "declare it with ARG or ENV before using it"
                    };
                    findings.push((
                        var.span,
                        format!("`${name}` is not defined here{hint}; {advice}"),
                    ));
                }
            }
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}

/// Whether the stage chain ends in an external image (not `scratch`), whose
/// environment BuildKit would read from the registry.
fn base_environment_unknown(model: &SemanticModel, stage: usize) -> bool {
    let root = model.ancestors(stage).last().copied().unwrap_or(stage);
    model
        .stage(root)
        .and_then(|stage| stage.base.as_ref())
        .is_some_and(|base| !base.scratch)
}

/// Every variable name visible at `instruction`, for suggestions.
fn known_names(model: &SemanticModel, instruction: usize) -> Vec<&str> {
    let mut names: Vec<&str> = model
        .env_at(instruction)
        .into_iter()
        .chain(model.arg_at(instruction))
        .map(|binding| binding.name.as_str())
        .collect();
    names.extend(USUAL_BASE_IMAGE_ENV.iter().copied());
    names.extend(PREDEFINED_ARGS.iter().copied());
    names
}

/// The references BuildKit expands in `instruction` (FROM is SS006's), each
/// with the ARG names the same instruction declared before it, and whether
/// it sits in the value of an ENV setting that same name (`PATH=$PATH:/x`).
fn expanded_references(instruction: &Instruction) -> Vec<(&VarRef, Vec<&str>, bool)> {
    let mut found = Vec::new();
    if instruction.kind == Keyword::From {
        return found;
    }
    match &instruction.args {
        Arguments::Words { words, .. } => {
            for word in words {
                for var in &word.vars {
                    found.push((var, Vec::new(), false));
                }
            }
        }
        Arguments::Arg(declarations) => {
            let mut earlier: Vec<&str> = Vec::new();
            for declaration in declarations {
                if let Some(default) = &declaration.default {
                    for var in &default.vars {
                        found.push((var, earlier.clone(), false));
                    }
                }
                earlier.push(declaration.name.value.as_str());
            }
        }
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                for var in &pair.key.vars {
                    found.push((var, Vec::new(), false));
                }
                for var in &pair.value.vars {
                    found.push((var, Vec::new(), var.name == pair.key.text));
                }
            }
        }
        Arguments::Text(word) => {
            for var in &word.vars {
                found.push((var, Vec::new(), false));
            }
        }
        _ => {}
    }
    found
}

/// Whether an ARG or ENV after `instruction` in the same stage declares `name`.
fn declared_later(dockerfile: &Dockerfile, stage: &Stage, instruction: usize, name: &str) -> bool {
    dockerfile
        .instructions
        .iter()
        .enumerate()
        .skip(instruction + 1)
        .take(stage.instructions.end.saturating_sub(instruction + 1))
        .any(|(_, later)| match (&later.kind, &later.args) {
            (Keyword::Arg, Arguments::Arg(declarations)) => declarations
                .iter()
                .any(|declaration| declaration.name.value == name),
            // A later `X=$X:...` extends a value it expects to exist already.
            (Keyword::Env, Arguments::KeyValues(pairs)) => pairs.iter().any(|pair| {
                pair.key.text == name && !pair.value.vars.iter().any(|var| var.name == name)
            }),
            _ => false,
        })
}
