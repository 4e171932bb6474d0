//! DL3035: `zypper dist-upgrade` in a RUN.

use crate::rules::util::direct_or_onbuild;
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;
use crate::syntax::Keyword;

pub struct ZypperDistUpgrade;

impl Rule for ZypperDistUpgrade {
    fn code(&self) -> &'static str {
        "DL3035"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let mut reports = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if direct_or_onbuild(instruction, Keyword::Run).is_none() {
                continue;
            }
            for run in model.scripts(index) {
                for invocation in &run.packages {
                    if invocation.manager != Manager::Zypper {
                        continue;
                    }
                    if let Some((name, span)) = &invocation.subcommand
                        && matches!(name.as_str(), "dist-upgrade" | "dup")
                    {
                        reports.push((run.source_span(*span), name.clone()));
                    }
                }
            }
        }
        for (span, name) in reports {
            checker.report(
                span,
                format!(
                    "`zypper {name}` moves the whole system to whatever the repositories hold \
                     today; use a newer base image, or `zypper update`/`zypper patch`"
                ),
            );
        }
    }
}
