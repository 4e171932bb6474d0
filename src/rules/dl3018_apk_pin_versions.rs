//! DL3018: packages installed with apk should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, joined, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct ApkPinVersions;

impl Rule for ApkPinVersions {
    fn code(&self) -> &'static str {
        "DL3018"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Apk],
                install_subcommands: &["add"],
                judge,
            },
        );
    }
}

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    // A repository tag (`foo@edge`) picks a repository, not a version.
    if package.kind != PackageKind::Name || package.version.is_some() {
        return None;
    }
    let name = installed.name();
    // Sized once (most packages are reported, see `pins`).
    Some(joined([
        "apk package `",
        name,
        "` is not pinned; pin a version with `",
        name,
        "=<version>`",
    ]))
}
