//! DL3013: packages installed with pip should be pinned.

use crate::rules::support::pins::{
    InstalledPackage, PinPolicy, pip_vcs_url_has_revision, report_unpinned,
};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct PipPinVersions;

impl Rule for PipPinVersions {
    fn code(&self) -> &'static str {
        "DL3013"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Pip],
                install_subcommands: &["install"],
                judge,
            },
        );
    }
}

const VCS_PREFIXES: [&str; 4] = ["git+", "hg+", "svn+", "bzr+"];

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    let name = installed.name();
    // A constraints file (option or `PIP_CONSTRAINT`) may pin every package;
    // with `--no-index` only the wheels already in a local directory can be
    // installed.
    if installed
        .invocation
        .has_option(&["-c", "--constraint", "--no-index"])
        || installed
            .model
            .resolve(installed.instruction, "PIP_CONSTRAINT")
            .is_some_and(|value| !value.trim().is_empty())
    {
        return None;
    }
    match package.kind {
        // `.[dev]`: the project in this directory, with extras.
        PackageKind::Name if name.starts_with('.') => None,
        PackageKind::Name if package.version.is_none() => Some(format!(
            "pip package `{name}` is not pinned; pin a version with `{name}==<version>` or install \
             from a requirements or constraints file"
        )),
        PackageKind::Url => {
            let lower = name.to_ascii_lowercase();
            let is_vcs = VCS_PREFIXES.iter().any(|prefix| lower.starts_with(prefix));
            (is_vcs && !pip_vcs_url_has_revision(name)).then(|| {
                format!(
                    "pip package `{name}` follows a branch; pin a tag or commit with `@<revision>`"
                )
            })
        }
        _ => None,
    }
}
