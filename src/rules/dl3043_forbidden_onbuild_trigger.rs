//! DL3043: `ONBUILD` cannot trigger `ONBUILD`, `FROM` or `MAINTAINER`.

use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct ForbiddenOnbuildTrigger;

impl Rule for ForbiddenOnbuildTrigger {
    fn code(&self) -> &'static str {
        "DL3043"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no ONBUILD: nothing to walk.
        if !checker.has_instruction(Keyword::Onbuild) {
            return;
        }
        let mut findings = Vec::new();
        for instruction in &checker.dockerfile().instructions {
            let Arguments::Onbuild(Some(trigger)) = &instruction.args else {
                continue;
            };
            let problem = match trigger.kind {
                Keyword::Onbuild => "chaining `ONBUILD ONBUILD` is not allowed",
                Keyword::From => "`FROM` cannot be an ONBUILD trigger",
                Keyword::Maintainer => "`MAINTAINER` cannot be an ONBUILD trigger",
                _ => continue,
            };
            findings.push((trigger.keyword.span, problem));
        }
        for (span, problem) in findings {
            checker.report(
                span,
                format!("{problem}; BuildKit refuses it, remove or move the trigger"),
            );
        }
    }
}
