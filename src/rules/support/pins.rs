//! What the `*-pin-versions` rules (DL3008, DL3013, DL3016, DL3018, DL3028,
//! DL3033, DL3037, DL3041, DL3062) share: walking every package a script
//! installs with a given manager, and reporting the ones a rule judges
//! unpinned on the package word.

use crate::rules::Checker;
use crate::rules::support::package_sites::by_managers;
use crate::semantic::{RunScript, SemanticModel};
use crate::shell::packages::{Manager, PackageArg, PackageInvocation, PackageKind};
use crate::span::Span;

/// One package argument of an install-like invocation.
pub(crate) struct InstalledPackage<'m> {
    pub model: &'m SemanticModel<'m>,
    /// Index of the instruction the script belongs to (RUN, ONBUILD RUN, or a
    /// shell-form CMD/ENTRYPOINT that installs at start-up).
    pub instruction: usize,
    pub script: &'m RunScript,
    pub invocation: &'m PackageInvocation,
    pub package: &'m PackageArg,
}

impl<'m> InstalledPackage<'m> {
    /// The package argument as a span of the Dockerfile.
    pub fn source_span(&self) -> Span {
        self.script.source_span(self.package.span)
    }

    /// The manager's name as the user reads it (`dnf`, `microdnf`, ...).
    pub fn manager_name(&self) -> &'static str {
        self.invocation.manager.as_str()
    }

    /// The package name (for files and URLs: the whole argument).
    pub fn name(&self) -> &'m str {
        self.package.name(&self.script.text)
    }

    /// The version written after the package, if any.
    pub fn version(&self) -> Option<&'m str> {
        self.package.version(&self.script.text)
    }
}

/// Which invocations a rule looks at and how it judges their packages.
pub(crate) struct PinPolicy {
    pub managers: &'static [Manager],
    /// Subcommands (as the package layer joins them) that install packages.
    pub install_subcommands: &'static [&'static str],
    /// `Some(message)` when the package is not pinned.
    pub judge: fn(&InstalledPackage<'_>) -> Option<String>,
}

/// Reports every package that `policy` judges unpinned. Packages spelled
/// with a variable (`$PKGS`, `"${deps[@]}"`) are unknown, not unpinned, and
/// are never judged.
pub(crate) fn report_unpinned(checker: &mut Checker<'_>, policy: &PinPolicy) {
    // The packages come in source order, each once, except when a variable
    // used by two installs names the same packages twice (or a variable's
    // packages lie before the install): report them straight away, and only
    // when the order breaks start again through a sorted, deduplicated list.
    // Most packages are reported: make room once (a bound: every package
    // of the rule's managers) rather than growing the list report by report.
    let packages: usize = by_managers(checker.package_sites(), policy.managers)
        .map(|site| site.invocation.packages.len())
        .sum();
    checker.reserve_reports(packages);
    let mut last: Option<(u32, u32)> = None;
    let mut in_order = true;
    for_each_unpinned(checker, policy, |span, message, checker| {
        let key = (span.start, span.end);
        if last.is_some_and(|last| key <= last) {
            in_order = false;
        }
        if in_order {
            last = Some(key);
            checker.report(span, message);
        }
        in_order
    });
    if in_order {
        return;
    }
    // The checker may hold other rules' reports: drop just this rule's.
    let code = checker.meta().code;
    checker.retain_reported_since(0, |diagnostic| diagnostic.code != code);
    let mut findings = Vec::new();
    for_each_unpinned(checker, policy, |span, message, _| {
        findings.push((span, message));
        true
    });
    findings.sort_by_key(|(span, _)| (span.start, span.end));
    findings.dedup_by(|later, earlier| later.0 == earlier.0);
    checker.reserve_reports(findings.len());
    for (span, message) in findings {
        checker.report(span, message);
    }
}

/// Calls `found` with the source span and message of every package `policy`
/// judges unpinned, in site then package order, while it returns `true`.
fn for_each_unpinned(
    checker: &mut Checker<'_>,
    policy: &PinPolicy,
    mut found: impl FnMut(Span, String, &mut Checker<'_>) -> bool,
) {
    let model = checker.model();
    let sites = checker.package_sites();
    for site in by_managers(sites, policy.managers) {
        let invocation = site.invocation;
        if !invocation.is_subcommand(policy.install_subcommands) {
            continue;
        }
        for package in &invocation.packages {
            if package.kind == PackageKind::Dynamic {
                continue;
            }
            let installed = InstalledPackage {
                model,
                instruction: site.instruction,
                script: site.script,
                invocation,
                package,
            };
            if let Some(message) = (policy.judge)(&installed)
                && !found(installed.source_span(), message, checker)
            {
                return;
            }
        }
    }
}

/// `pieces` joined, sized once. Most packages of the corpus are reported:
/// inlined, the literal pieces are copied by a few fixed-size moves each,
/// where `concat` calls `memcpy` for every piece.
#[inline(always)]
pub(crate) fn joined<const N: usize>(pieces: [&str; N]) -> String {
    let mut message = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        message.push_str(piece);
    }
    message
}

/// Whether an RPM-style argument is a capability (`pkgconfig(x)`,
/// `perl(Foo::Bar)`, `dnf-command(config-manager)`), which names whatever
/// provides it rather than a package with a version.
pub(crate) fn is_capability(name: &str) -> bool {
    name.contains('(')
}

/// Whether a pip VCS URL names a fixed revision, written after `@` in the
/// last path segment (`git+https://host/x.git@v1.2`); the `@` of a user
/// (`git+ssh://git@host/x.git`) is not one.
pub(crate) fn pip_vcs_url_has_revision(url: &str) -> bool {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    path.rsplit('/').next().unwrap_or(path).contains('@')
}

/// DL3033 and DL3041: an RPM package is pinned by a NEVRA version
/// (`httpd-2.4.57`, `java-1.8.0-openjdk` is a name), a module by its stream
/// (`nodejs:18`). Groups, files and capabilities are not judged.
pub(crate) fn judge_rpm_package(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    let name = installed.name();
    if package.kind != PackageKind::Name || is_capability(name) {
        return None;
    }
    let manager = installed.manager_name();
    if installed.invocation.is_subcommand(&["module install"]) {
        return (!name.contains(':')).then(|| {
            joined([
                manager,
                " module `",
                name,
                "` has no stream; pin one with `",
                name,
                ":<stream>`",
            ])
        });
    }
    let (operator, version) = match &package.version {
        Some(pin) if looks_like_rpm_version(pin.version(&installed.script.text)) => return None,
        // A name ending in a number (`devtoolset-8`) is read as a version by
        // the package layer; it is still the whole name.
        Some(pin) => (pin.operator.as_ref(), pin.version(&installed.script.text)),
        None => ("", ""),
    };
    Some(joined([
        manager,
        " package `",
        name,
        operator,
        version,
        "` is not pinned; pin a version with `",
        name,
        operator,
        version,
        "-<version>`",
    ]))
}

/// Whether what follows `name-` is a real RPM version rather than the end of
/// a name such as `devtoolset-8`, `php-oci8-19c` or `golang-github-x-2`: it
/// has a release (`3.82-24.el7`), an epoch (`1:2.0`), a dot or tilde
/// (`2.4.6`, `1~rc1`), or is a date-like number (`20240101`).
pub(crate) fn looks_like_rpm_version(version: &str) -> bool {
    version.contains(['-', ':', '.', '~', '^'])
        || (version.len() >= 6 && version.chars().all(|ch| ch.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_in_pip_vcs_urls() {
        assert!(pip_vcs_url_has_revision(
            "git+https://github.com/a/b.git@v1.0#egg=b"
        ));
        assert!(!pip_vcs_url_has_revision(
            "git+ssh://git@github.com/a/b.git"
        ));
    }

    #[test]
    fn rpm_versions() {
        for version in ["2.4.6", "3.82-24.el7", "1:2", "1~rc1", "20240101"] {
            assert!(looks_like_rpm_version(version), "{version}");
        }
        for version in ["8", "19c", "50m", "2", "75dpi", "2024a"] {
            assert!(!looks_like_rpm_version(version), "{version}");
        }
    }

    #[test]
    fn capabilities() {
        assert!(is_capability("pkgconfig(libxml-2.0)"));
        assert!(!is_capability("libxml2-devel"));
    }
}
