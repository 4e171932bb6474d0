//! DL3030: `yum install` (and other prompting subcommands) needs `-y`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, RPM_PROMPTING, assumes_yes_rpm, check_missing_flag,
};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct YumMissingYes;

impl Rule for YumMissingYes {
    fn code(&self) -> &'static str {
        "DL3030"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::Yum],
                subcommands: RPM_PROMPTING,
                only_in_image: false,
                satisfied: &|_, _, found| assumes_yes_rpm(found),
                message: &|found| {
                    format!(
                        "`yum {}` asks for confirmation, which aborts a non-interactive build; add `-y`",
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
                fix: Some(("-y", Applicability::Safe)),
            },
        );
    }
}
