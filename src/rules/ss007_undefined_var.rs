//! SS007: variables the builder expands are declared first (BuildKit's UndefinedVar).

use std::borrow::Cow;

use crate::rules::support::buildkit::{
    PREDEFINED_ARGS, USUAL_BASE_IMAGE_ENV, closest_name, closest_within, flag_references,
};
use crate::rules::{Checker, Rule};
use crate::semantic::{SemanticModel, Stage};
use crate::span::Span;
use crate::syntax::{ArgDecl, Arguments, Dockerfile, Instruction, Keyword, VarRef};

pub struct UndefinedVar;

impl Rule for UndefinedVar {
    fn code(&self) -> &'static str {
        "SS007"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let dockerfile = checker.dockerfile();
        let mut findings = Vec::new();
        // Reused for every instruction: most have no reference at all.
        let mut uses: Vec<VariableUse> = Vec::new();
        // Positions in `uses` of the instruction's undefined names.
        let mut undefined: Vec<usize> = Vec::new();
        for stage in model.stages() {
            // Asked only for an undefined name, which is rare.
            let mut base_env_unknown: Option<bool> = None;
            for index in stage.instructions.clone().skip(1) {
                let Some(instruction) = dockerfile.instructions.get(index) else {
                    continue;
                };
                uses.clear();
                undefined.clear();
                expanded_references(checker.source(), model.escape(), instruction, &mut uses);
                for (position, found) in uses.iter().enumerate() {
                    let name = found.name.as_ref();
                    let defined = model.binding(index, name).is_some()
                        || found
                            .earlier_in_instruction
                            .iter()
                            .any(|declaration| declaration.name.value == name)
                        || PREDEFINED_ARGS.contains(&name)
                        || USUAL_BASE_IMAGE_ENV.contains(&name);
                    if defined {
                        continue;
                    }
                    // BuildKit reports each variable once per instruction.
                    let reported_before = undefined.iter().any(|&earlier| {
                        uses.get(earlier)
                            .is_some_and(|earlier| earlier.name == found.name)
                    });
                    if reported_before {
                        continue;
                    }
                    undefined.push(position);
                    let declared_later = declared_later(dockerfile, stage, index, name);
                    let known = known_names(model, index);
                    let base_env_unknown = *base_env_unknown
                        .get_or_insert_with(|| base_environment_unknown(model, stage.index));
                    // An image built on a base we cannot see may set the
                    // variable itself: report only clear cases there (a
                    // one-edit typo, or a declaration further down). Most
                    // such names are not reported: look for a one-edit
                    // neighbour before the (costlier) closest suggestion.
                    if base_env_unknown
                        && (found.appends_to_itself
                            || !(declared_later
                                || closest_within(name, known.iter().copied(), 1).is_some()))
                    {
                        continue;
                    }
                    let suggestion = closest_name(name, known.iter().copied());
                    let hint = suggestion
                        .map(|known| format!(" (did you mean `${known}`?)"))
                        .unwrap_or_default();
                    let advice = if declared_later {
                        "it is declared only later in the stage; move the declaration up"
                    } else {
                        "declare it with ARG or ENV before using it"
                    };
                    findings.push((
                        found.span,
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
fn known_names<'m>(model: &'m SemanticModel, instruction: usize) -> Vec<&'m str> {
    let mut names: Vec<&str> = model
        .env_at(instruction)
        .into_iter()
        .chain(model.arg_at(instruction))
        .map(|binding| &*binding.name)
        .collect();
    names.extend(USUAL_BASE_IMAGE_ENV.iter().copied());
    names.extend(PREDEFINED_ARGS.iter().copied());
    names
}

/// One variable reference the builder expands.
struct VariableUse<'a> {
    /// Borrowed from the syntax tree; owned for flag values, scanned here.
    name: Cow<'a, str>,
    span: Span,
    /// The ARG declarations of the same instruction before the reference.
    earlier_in_instruction: &'a [ArgDecl],
    /// In the value of an ENV setting that same name (`PATH=$PATH:/x`).
    appends_to_itself: bool,
}

impl<'a> VariableUse<'a> {
    fn of(var: &'a VarRef) -> VariableUse<'a> {
        VariableUse {
            name: Cow::Borrowed(&var.name),
            span: var.span,
            earlier_in_instruction: &[],
            appends_to_itself: false,
        }
    }
}

/// Flags of ADD and COPY whose values BuildKit expands.
const EXPANDED_FLAGS: [&str; 3] = ["from", "chown", "chmod"];

/// Appends the references BuildKit expands in `instruction` to `found` (FROM is SS006's).
fn expanded_references<'a>(
    source: &str,
    escape: char,
    instruction: &'a Instruction,
    found: &mut Vec<VariableUse<'a>>,
) {
    if instruction.kind == Keyword::From {
        return;
    }
    if matches!(instruction.kind, Keyword::Add | Keyword::Copy) {
        let values = instruction
            .flags
            .iter()
            .filter(|flag| EXPANDED_FLAGS.contains(&flag.name.value.as_str()))
            .filter_map(|flag| flag.value.as_ref());
        for value in values {
            for (span, name) in flag_references(source, value, escape) {
                found.push(VariableUse {
                    name: Cow::Owned(name),
                    span,
                    earlier_in_instruction: &[],
                    appends_to_itself: false,
                });
            }
        }
    }
    match &instruction.args {
        Arguments::Words { words, .. } => {
            for word in words {
                found.extend(word.vars.iter().map(VariableUse::of));
            }
        }
        Arguments::Arg(declarations) => {
            for (position, declaration) in declarations.iter().enumerate() {
                if let Some(default) = &declaration.default {
                    let earlier = declarations.get(..position).unwrap_or_default();
                    for var in &default.vars {
                        let mut used = VariableUse::of(var);
                        used.earlier_in_instruction = earlier;
                        found.push(used);
                    }
                }
            }
        }
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                found.extend(pair.key.vars.iter().map(VariableUse::of));
                for var in &pair.value.vars {
                    let mut used = VariableUse::of(var);
                    used.appends_to_itself = var.name == pair.key.text;
                    found.push(used);
                }
            }
        }
        Arguments::Text(word) => found.extend(word.vars.iter().map(VariableUse::of)),
        _ => {}
    }
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
