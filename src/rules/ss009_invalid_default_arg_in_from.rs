//! SS009: FROM gives a valid image with the ARG defaults alone (BuildKit's
//! InvalidDefaultArgInFrom).

use crate::rules::{Checker, Rule};
use crate::semantic::{GlobalArg, ImageRef};
use crate::syntax::Arguments;
use crate::syntax::expand::expand_word;

pub struct InvalidDefaultArgInFrom;

/// Stand-in values of the automatic platform ARGs: any real platform gives
/// an equally valid (or invalid) name.
fn platform_sample(name: &str) -> Option<&'static str> {
    Some(match name {
        "TARGETPLATFORM" | "BUILDPLATFORM" => "linux/amd64",
        "TARGETOS" | "BUILDOS" => "linux",
        "TARGETARCH" | "BUILDARCH" => "amd64",
        "TARGETVARIANT" | "BUILDVARIANT" => "",
        _ => return None,
    })
}

/// Whether the ARG declaration of `arg` has a default (`ARG NAME=...`).
fn declares_default(checker: &Checker<'_>, arg: &GlobalArg) -> bool {
    match checker
        .dockerfile()
        .instructions
        .get(arg.instruction)
        .map(|instruction| &instruction.args)
    {
        Some(Arguments::Arg(declarations)) => declarations.iter().any(|declaration| {
            declaration.name.value == arg.name.value && declaration.default.is_some()
        }),
        _ => false,
    }
}

impl Rule for InvalidDefaultArgInFrom {
    fn code(&self) -> &'static str {
        "SS009"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let escape = model.escape();
        // Without --build-arg, an ARG with no default is empty.
        let default_of = |name: &str| {
            platform_sample(name).map(str::to_string).or_else(|| {
                Some(
                    model
                        .global_args()
                        .iter()
                        .rev()
                        .find(|arg| arg.name.value == name)
                        .and_then(|arg| arg.value.clone())
                        .unwrap_or_default(),
                )
            })
        };
        for stage in model.stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            if base.word.vars.is_empty() {
                continue;
            }
            // A default built from a platform ARG (`ARG IMG=app-$TARGETARCH`)
            // has no value the model can know: leave such FROMs alone.
            let unknown_default = base.word.vars.iter().any(|var| {
                model
                    .global_args()
                    .iter()
                    .rev()
                    .find(|arg| arg.name.value == var.name)
                    .is_some_and(|arg| arg.value.is_none() && declares_default(checker, arg))
            });
            if unknown_default {
                continue;
            }
            let Ok(expansion) = expand_word(&base.word.text, escape, &default_of) else {
                continue;
            };
            let image = expansion.value;
            if !image.is_empty() && ImageRef::parse(&image).is_ok() {
                continue;
            }
            let shown = if image.is_empty() {
                "an empty name".to_string()
            } else {
                format!("`{image}`")
            };
            checker.report(
                base.word.span,
                format!(
                    "with the ARG defaults, `{}` gives {shown}, not a valid image; give the ARG a usable default",
                    base.word.text
                ),
            );
        }
    }
}
