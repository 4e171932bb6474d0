//! SS002: stage names are written in lower case (BuildKit's StageNameCasing).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::buildkit::{from_as_name, is_all_lower};
use crate::rules::{Checker, Rule};

pub struct StageNameCasing;

impl Rule for StageNameCasing {
    fn code(&self) -> &'static str {
        "SS002"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        for stage in checker.model().stages() {
            let Some(from) = dockerfile.instructions.get(stage.from_instruction) else {
                continue;
            };
            let Some((_, name)) = from_as_name(from) else {
                continue;
            };
            // A name built from variables is not ours to rewrite.
            if is_all_lower(&name.text) || name.text.contains('$') {
                continue;
            }
            let lowered = name.text.to_lowercase();
            // References compare case-insensitively, so lower-casing the
            // name alone changes nothing else.
            let fix = Fix {
                message: format!("rename the stage to `{lowered}`"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: name.span,
                    replacement: lowered.clone(),
                }],
            };
            checker.report_with_fix(
                name.span,
                format!(
                    "stage name `{}` should be lower-case; write `{lowered}`",
                    name.text
                ),
                fix,
            );
        }
    }
}
