//! DL3037: packages installed with zypper should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, is_capability, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct ZypperPinVersions;

impl Rule for ZypperPinVersions {
    fn code(&self) -> &'static str {
        "DL3037"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Zypper],
                install_subcommands: &["install", "in"],
                judge,
            },
        );
    }
}

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    // `-t pattern`, `-t patch`, ...: those are not versioned packages.
    let other_type = installed
        .invocation
        .options_named(&["-t", "--type"])
        .any(|option| {
            option
                .value
                .as_ref()
                .is_some_and(|(value, _)| value != "package")
        });
    if other_type
        || package.kind != PackageKind::Name
        || package.version.is_some()
        || is_capability(installed.name())
    {
        return None;
    }
    Some(format!(
        "zypper package `{name}` is not pinned; pin a version with `{name}=<version>`",
        name = installed.name()
    ))
}
