//! DL3008: packages installed with apt-get (or apt, aptitude) should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, joined, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct AptPinVersions;

impl Rule for AptPinVersions {
    fn code(&self) -> &'static str {
        "DL3008"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::AptGet, Manager::Apt, Manager::Aptitude],
                install_subcommands: &["install"],
                judge,
            },
        );
    }
}

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    // A target release (`foo/bookworm-backports`) counts, as in hadolint.
    if package.kind != PackageKind::Name || package.version.is_some() || package.release.is_some() {
        return None;
    }
    let name = installed.name();
    // Sized once (most packages are reported, see `pins`).
    Some(joined([
        installed.manager_name(),
        " package `",
        name,
        "` is not pinned; pin a version with `",
        name,
        "=<version>`",
    ]))
}
