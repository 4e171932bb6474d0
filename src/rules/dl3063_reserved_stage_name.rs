//! DL3063: `scratch` and `context` are reserved words, not stage names.

use crate::rules::{Checker, Rule};

pub struct ReservedStageName;

/// Names BuildKit gives a meaning of its own (`FROM scratch`, the `context` build context).
const RESERVED: [&str; 2] = ["scratch", "context"];

impl Rule for ReservedStageName {
    fn code(&self) -> &'static str {
        "DL3063"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for stage in model.stages() {
            let Some(name) = &stage.name else {
                continue;
            };
            // Stage names are already lowercased, as BuildKit compares them.
            if RESERVED.contains(&name.value.as_str()) {
                checker.report(
                    name.span,
                    format!(
                        "stage name `{}` is reserved by BuildKit; choose another name",
                        name.value
                    ),
                );
            }
        }
    }
}
