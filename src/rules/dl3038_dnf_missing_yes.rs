//! DL3038: `dnf install` / `microdnf install` (and other prompting subcommands) need `-y`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, RPM_PROMPTING, assumes_yes_rpm, check_missing_flag,
};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct DnfMissingYes;

impl Rule for DnfMissingYes {
    fn code(&self) -> &'static str {
        "DL3038"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::Dnf, Manager::Microdnf],
                subcommands: RPM_PROMPTING,
                only_in_image: false,
                satisfied: &|_, _, found| assumes_yes_rpm(found),
                message: &|found| {
                    format!(
                        "`{} {}` asks for confirmation, which aborts a non-interactive build; add `-y`",
                        found.manager_name(),
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
                fix: Some(("-y", Applicability::Safe)),
            },
        );
    }
}
