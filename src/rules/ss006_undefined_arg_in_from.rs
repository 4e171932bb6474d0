//! SS006: FROM reads only declared global ARGs (BuildKit's UndefinedArgInFrom).

use crate::rules::support::buildkit::{closest_name, flag_references};
use crate::rules::{Checker, Rule};
use crate::semantic::AUTOMATIC_PLATFORM_ARGS;
use crate::span::Span;

pub struct UndefinedArgInFrom;

impl Rule for UndefinedArgInFrom {
    fn code(&self) -> &'static str {
        "SS006"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let escape = model.escape();
        let mut undefined: Vec<(Span, String)> = Vec::new();
        for stage in model.stages() {
            // The platform flag is expanded before the image name.
            if let Some(platform) = &stage.platform {
                for (span, name) in flag_references(checker.source(), platform, escape) {
                    undefined.push((span, name));
                }
            }
            if let Some(base) = &stage.base {
                for var in &base.word.vars {
                    undefined.push((var.span, var.name.clone()));
                }
            }
        }
        // Most FROMs use no variable: then no list of declared names is needed.
        if undefined.is_empty() {
            return;
        }
        let declared: Vec<&str> = model
            .global_args()
            .iter()
            .map(|arg| arg.name.value.as_str())
            .chain(AUTOMATIC_PLATFORM_ARGS.iter().copied())
            .collect();
        for (span, name) in undefined {
            if declared.contains(&name.as_str()) {
                continue;
            }
            let hint = closest_name(&name, declared.iter().copied())
                .map(|known| format!(" (did you mean `{known}`?)"))
                .unwrap_or_default();
            checker.report(
                span,
                format!(
                    "FROM uses `{name}`, which is not declared as an ARG before the first FROM{hint}"
                ),
            );
        }
    }
}
