//! DL3035: `zypper dist-upgrade` in a RUN.

use crate::rules::support::package_sites::by_managers;
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct ZypperDistUpgrade;

impl Rule for ZypperDistUpgrade {
    fn code(&self) -> &'static str {
        "DL3035"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for site in by_managers(checker.package_sites(), &[Manager::Zypper]) {
            if !site.is_run {
                continue;
            }
            if let Some((name, span)) = &site.invocation.subcommand
                && matches!(name.as_ref(), "dist-upgrade" | "dup")
            {
                reports.push((site.script.source_span(*span), name));
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
