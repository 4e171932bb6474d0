//! DL3041: packages installed with dnf or microdnf should be pinned.

use crate::rules::support::pins::{PinPolicy, judge_rpm_package, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct DnfPinVersions;

impl Rule for DnfPinVersions {
    fn code(&self) -> &'static str {
        "DL3041"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Dnf, Manager::Microdnf],
                install_subcommands: &["install", "module install"],
                judge: judge_rpm_package,
            },
        );
    }
}
