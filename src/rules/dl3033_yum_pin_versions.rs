//! DL3033: packages installed with yum should be pinned.

use crate::rules::support::pins::{PinPolicy, judge_rpm_package, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct YumPinVersions;

impl Rule for YumPinVersions {
    fn code(&self) -> &'static str {
        "DL3033"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Yum],
                install_subcommands: &["install", "module install"],
                judge: judge_rpm_package,
            },
        );
    }
}
