//! DL3016: packages installed with npm should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct NpmPinVersions;

impl Rule for NpmPinVersions {
    fn code(&self) -> &'static str {
        "DL3016"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Npm],
                // Every abbreviation npm accepts for `install`, and its alias `add`.
                install_subcommands: &[
                    "install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta",
                    "isntal", "isntall", "add",
                ],
                judge,
            },
        );
    }
}

/// Tarballs are fixed files; git sources need a `#<revision>`.
const TARBALL_SUFFIXES: [&str; 3] = [".tgz", ".tar.gz", ".tar"];

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    let name = installed.name();
    match package.kind {
        PackageKind::Name => match installed.version() {
            None | Some("") => Some(format!(
                "npm package `{name}` is not pinned; pin a version with `{name}@<version>`"
            )),
            Some("latest") => Some(format!(
                "npm package `{name}` asks for the `latest` tag, which is not a version; pin one \
                 with `{name}@<version>`"
            )),
            Some(_) => None,
        },
        PackageKind::Url => {
            let lower = name.to_ascii_lowercase();
            let is_plain_download = (lower.starts_with("http://") || lower.starts_with("https://"))
                && !lower.ends_with(".git");
            let is_tarball = TARBALL_SUFFIXES
                .iter()
                .any(|suffix| lower.ends_with(suffix));
            (!is_plain_download && !is_tarball && !name.contains('#')).then(|| {
                format!(
                    "npm package `{name}` follows a branch; pin a tag or commit with \
                         `#<revision>`"
                )
            })
        }
        _ => None,
    }
}
