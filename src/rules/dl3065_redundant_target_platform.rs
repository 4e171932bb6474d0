//! DL3065: `FROM --platform=$TARGETPLATFORM` says what BuildKit does anyway.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::{Checker, Rule};
use crate::span::Span;

pub struct RedundantTargetPlatform;

impl Rule for RedundantTargetPlatform {
    fn code(&self) -> &'static str {
        "DL3065"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        let model = checker.model();
        for stage in model.stages() {
            let Some(platform) = &stage.platform else {
                continue;
            };
            if !matches!(
                platform.value.as_str(),
                "$TARGETPLATFORM" | "${TARGETPLATFORM}"
            ) {
                continue;
            }
            let Some(flag) = checker
                .dockerfile()
                .instructions
                .get(stage.from_instruction)
                .and_then(|from| from.flag("platform"))
            else {
                continue;
            };
            // Remove the flag and the blanks after it, so `FROM  img` does not remain.
            let after = source.get(flag.span.end as usize..).unwrap_or("");
            let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
            let removal = Span::new(flag.span.start as usize, flag.span.end as usize + blanks);
            let fix = Fix {
                message: "remove the redundant `--platform` flag".to_string(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: removal,
                    replacement: String::new(),
                }],
            };
            checker.report_with_fix(
                flag.span,
                "`--platform=$TARGETPLATFORM` is the default; remove the flag",
                fix,
            );
        }
    }
}
