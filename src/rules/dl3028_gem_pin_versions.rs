//! DL3028: gems installed with `gem install` should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct GemPinVersions;

impl Rule for GemPinVersions {
    fn code(&self) -> &'static str {
        "DL3028"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Gem],
                install_subcommands: &["install", "i"],
                judge,
            },
        );
    }
}

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    // `-v`/`--version` anywhere on the command line pins every gem (the
    // package layer attaches it to them).
    if package.kind != PackageKind::Name || package.version.is_some() {
        return None;
    }
    Some(format!(
        "gem `{name}` is not pinned; pin a version with `{name}:<version>` or `-v <version>`",
        name = installed.name()
    ))
}
