//! What each package manager's command line looks like: its names, the
//! options that take a value, the subcommands that take packages, and how a
//! package argument spells its version.

use std::borrow::Cow;

use super::pins::PinSyntax;
use crate::shell::ast::Word;
use crate::shell::command::basename;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Microdnf,
    Yum,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Poetry,
    Pipenv,
    Bundle,
    Composer,
}

impl Manager {
    /// The canonical command name.
    pub fn as_str(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Yum => "yum",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Poetry => "poetry",
            Manager::Pipenv => "pipenv",
            Manager::Bundle => "bundle",
            Manager::Composer => "composer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OptionStyle {
    /// `-abc` bundles short flags; long options start with `--`.
    Getopt,
    /// Go's flag package: `-name` and `--name` are the same long option.
    SingleDashLong,
}

pub(super) struct ManagerSpec {
    pub manager: Manager,
    pub option_style: OptionStyle,
    /// Short option letters that take a value.
    pub value_short: &'static str,
    /// Long options (as written, with dashes) that take the next word as value.
    pub value_long: &'static [&'static str],
    /// Subcommands (space-joined when multi-word) whose operands are packages.
    pub package_subcommands: &'static [&'static str],
    /// First words of multi-word subcommands (`global` of `yarn global add`).
    pub subcommand_prefixes: &'static [&'static str],
    /// Options whose value is the version of the packages (`gem -v`).
    pub version_options: &'static [&'static str],
    pub pins: PinSyntax,
}

const APT_VALUE_LONG: &[&str] = &[
    "--option",
    "--target-release",
    "--default-release",
    "--config-file",
    "--host-architecture",
    "--build-profiles",
];
const APT_SUBCOMMANDS: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "autopurge",
    "upgrade",
    "full-upgrade",
    "build-dep",
    "source",
    "download",
    "markauto",
    "unmarkauto",
    "hold",
    "unhold",
    "satisfy",
];

const RPM_VALUE_LONG: &[&str] = &[
    "--setopt",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "--installroot",
    "--releasever",
    "--exclude",
    "--excludepkgs",
    "--downloaddir",
    "--destdir",
    "--forcearch",
    "--disableplugin",
    "--enableplugin",
    "--config",
    "--color",
    "--rpmverbosity",
    "--repofrompath",
    "--comment",
    "--advisory",
    "--cve",
    "--bz",
    "--sec-severity",
    "--debuglevel",
    "--errorlevel",
];
const RPM_SUBCOMMANDS: &[&str] = &[
    "install",
    "reinstall",
    "localinstall",
    "remove",
    "erase",
    "autoremove",
    "upgrade",
    "update",
    "downgrade",
    "groupinstall",
    "groupremove",
    "groupupdate",
    "builddep",
    "download",
    "info",
    "group install",
    "group remove",
    "group upgrade",
    "groups install",
    "module install",
    "module enable",
    "module remove",
    "module reset",
    "module disable",
];

const PIP_VALUE_LONG: &[&str] = &[
    "--requirement",
    "--constraint",
    "--editable",
    "--index-url",
    "--extra-index-url",
    "--find-links",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--upgrade-strategy",
    "--python-version",
    "--platform",
    "--implementation",
    "--abi",
    "--only-binary",
    "--no-binary",
    "--progress-bar",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--trusted-host",
    "--cert",
    "--client-cert",
    "--cache-dir",
    "--global-option",
    "--install-option",
    "--config-settings",
    "--report",
    "--python",
    "--root-user-action",
    "--build",
];
const PIP_SUBCOMMANDS: &[&str] = &["install", "uninstall", "download", "wheel"];

const NPM_VALUE_LONG: &[&str] = &[
    "--registry",
    "--loglevel",
    "--prefix",
    "--cache",
    "--userconfig",
    "--globalconfig",
    "--tag",
    "--omit",
    "--include",
    "--workspace",
    "--only",
    "--save-prefix",
    "--before",
    "--location",
    "--proxy",
    "--https-proxy",
    "--install-strategy",
];
const NPM_SUBCOMMANDS: &[&str] = &[
    "install",
    "i",
    "in",
    "ins",
    "inst",
    "insta",
    "instal",
    "isnt",
    "isnta",
    "isntal",
    "isntall",
    "add",
    "uninstall",
    "unlink",
    "remove",
    "rm",
    "r",
    "un",
    "update",
    "up",
    "upgrade",
    "udpate",
    "link",
    "ln",
];

const SPECS: &[ManagerSpec] = &[
    ManagerSpec {
        manager: Manager::AptGet,
        option_style: OptionStyle::Getopt,
        value_short: "acotP",
        value_long: APT_VALUE_LONG,
        package_subcommands: APT_SUBCOMMANDS,
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Apt,
    },
    ManagerSpec {
        manager: Manager::Apt,
        option_style: OptionStyle::Getopt,
        value_short: "acotP",
        value_long: APT_VALUE_LONG,
        package_subcommands: APT_SUBCOMMANDS,
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Apt,
    },
    ManagerSpec {
        manager: Manager::Aptitude,
        option_style: OptionStyle::Getopt,
        value_short: "otFSw",
        value_long: &[
            "--option",
            "--target-release",
            "--default-release",
            "--display-format",
            "--sort",
            "--width",
        ],
        package_subcommands: APT_SUBCOMMANDS,
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Apt,
    },
    ManagerSpec {
        manager: Manager::Apk,
        option_style: OptionStyle::Getopt,
        value_short: "Xtp",
        value_long: &[
            "--repository",
            "--virtual",
            "--root",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "--repositories-file",
            "--progress-fd",
            "--wait",
            "--cache-max-age",
        ],
        package_subcommands: &["add", "del", "fix", "upgrade", "fetch", "info", "dot"],
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Apk,
    },
    ManagerSpec {
        manager: Manager::Dnf,
        option_style: OptionStyle::Getopt,
        value_short: "cdexR",
        value_long: RPM_VALUE_LONG,
        package_subcommands: RPM_SUBCOMMANDS,
        subcommand_prefixes: &["group", "groups", "module"],
        version_options: &[],
        pins: PinSyntax::Rpm,
    },
    ManagerSpec {
        manager: Manager::Microdnf,
        option_style: OptionStyle::Getopt,
        value_short: "",
        value_long: RPM_VALUE_LONG,
        package_subcommands: RPM_SUBCOMMANDS,
        subcommand_prefixes: &["module"],
        version_options: &[],
        pins: PinSyntax::Rpm,
    },
    ManagerSpec {
        manager: Manager::Yum,
        option_style: OptionStyle::Getopt,
        value_short: "cdexR",
        value_long: RPM_VALUE_LONG,
        package_subcommands: RPM_SUBCOMMANDS,
        subcommand_prefixes: &["group", "groups", "module"],
        version_options: &[],
        pins: PinSyntax::Rpm,
    },
    ManagerSpec {
        manager: Manager::Zypper,
        option_style: OptionStyle::Getopt,
        value_short: "RcDCrtp",
        value_long: &[
            "--root",
            "--config",
            "--reposd-dir",
            "--cache-dir",
            "--raw-cache-dir",
            "--solv-cache-dir",
            "--pkg-cache-dir",
            "--type",
            "--repo",
            "--from",
            "--plus-repo",
            "--download",
        ],
        package_subcommands: &[
            "install",
            "in",
            "remove",
            "rm",
            "update",
            "up",
            "source-install",
            "si",
            "info",
            "if",
        ],
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Zypper,
    },
    ManagerSpec {
        manager: Manager::Pip,
        option_style: OptionStyle::Getopt,
        value_short: "rceiftbC",
        value_long: PIP_VALUE_LONG,
        package_subcommands: PIP_SUBCOMMANDS,
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Pep440,
    },
    ManagerSpec {
        manager: Manager::Npm,
        option_style: OptionStyle::Getopt,
        value_short: "w",
        value_long: NPM_VALUE_LONG,
        package_subcommands: NPM_SUBCOMMANDS,
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Npm,
    },
    ManagerSpec {
        manager: Manager::Yarn,
        option_style: OptionStyle::Getopt,
        value_short: "",
        value_long: &[
            "--registry",
            "--cache-folder",
            "--modules-folder",
            "--network-timeout",
            "--mutex",
            "--cwd",
            "--global-folder",
            "--link-folder",
            "--network-concurrency",
            "--use-yarnrc",
        ],
        package_subcommands: &[
            "add",
            "remove",
            "upgrade",
            "up",
            "global add",
            "global remove",
            "global upgrade",
        ],
        subcommand_prefixes: &["global"],
        version_options: &[],
        pins: PinSyntax::Npm,
    },
    ManagerSpec {
        manager: Manager::Pnpm,
        option_style: OptionStyle::Getopt,
        value_short: "CF",
        value_long: &[
            "--filter",
            "--registry",
            "--dir",
            "--store-dir",
            "--reporter",
        ],
        package_subcommands: &[
            "add",
            "install",
            "i",
            "remove",
            "rm",
            "uninstall",
            "un",
            "update",
            "up",
            "upgrade",
        ],
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Npm,
    },
    ManagerSpec {
        manager: Manager::Gem,
        option_style: OptionStyle::Getopt,
        value_short: "vsinP",
        value_long: &[
            "--version",
            "--source",
            "--install-dir",
            "--bindir",
            "--platform",
            "--trust-policy",
            "--build-root",
        ],
        package_subcommands: &["install", "i", "uninstall", "update", "fetch"],
        subcommand_prefixes: &[],
        version_options: &["-v", "--version"],
        pins: PinSyntax::Gem,
    },
    ManagerSpec {
        manager: Manager::Go,
        option_style: OptionStyle::SingleDashLong,
        value_short: "",
        value_long: &[
            "C",
            "o",
            "p",
            "tags",
            "ldflags",
            "gcflags",
            "asmflags",
            "mod",
            "modfile",
            "overlay",
            "pkgdir",
            "buildmode",
            "compiler",
            "gccgoflags",
            "installsuffix",
            "exec",
            "toolexec",
            "pgo",
            "covermode",
            "coverpkg",
        ],
        package_subcommands: &["install", "get", "run"],
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Go,
    },
    ManagerSpec {
        manager: Manager::Poetry,
        option_style: OptionStyle::Getopt,
        value_short: "CEGP",
        value_long: &[
            "--group",
            "--extras",
            "--directory",
            "--project",
            "--source",
            "--python",
            "--platform",
            "--markers",
            "--only",
            "--with",
            "--without",
        ],
        package_subcommands: &["add", "remove", "self add", "self remove"],
        subcommand_prefixes: &["self"],
        version_options: &[],
        pins: PinSyntax::Poetry,
    },
    ManagerSpec {
        manager: Manager::Pipenv,
        option_style: OptionStyle::Getopt,
        value_short: "ri",
        value_long: &[
            "--python",
            "--pypi-mirror",
            "--index",
            "--extra-index-url",
            "--requirements",
            "--categories",
        ],
        package_subcommands: &["install", "uninstall", "upgrade"],
        subcommand_prefixes: &[],
        version_options: &[],
        pins: PinSyntax::Pep440,
    },
    ManagerSpec {
        manager: Manager::Bundle,
        option_style: OptionStyle::Getopt,
        value_short: "jvgs",
        value_long: &[
            "--gemfile",
            "--path",
            "--without",
            "--with",
            "--jobs",
            "--retry",
            "--binstubs",
            "--version",
            "--group",
            "--source",
            "--git",
            "--branch",
            "--ref",
        ],
        package_subcommands: &["add", "remove"],
        subcommand_prefixes: &[],
        version_options: &["-v", "--version"],
        pins: PinSyntax::Gem,
    },
    ManagerSpec {
        manager: Manager::Composer,
        option_style: OptionStyle::Getopt,
        value_short: "d",
        value_long: &["--working-dir"],
        package_subcommands: &["require", "remove", "update", "global require"],
        subcommand_prefixes: &["global"],
        version_options: &[],
        pins: PinSyntax::Composer,
    },
];

fn spec(manager: Manager) -> Option<&'static ManagerSpec> {
    SPECS.iter().find(|spec| spec.manager == manager)
}

/// `pip`, `pip3`, `pip3.12` (not `pipx` or `pipenv`).
fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// `python`, `python3`, `python3.12`.
fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// Which manager `words` (an effective argv) runs, and its arguments after the
/// manager's own name (`python -m pip install x` → pip, `[install, x]`).
pub(super) fn identify<'w>(
    words: &'w [Word],
    text: &str,
) -> Option<(&'static ManagerSpec, &'w [Word])> {
    let name: Cow<str> = words.first()?.literal(text)?;
    let name = basename(&name);
    let args = words.get(1..).unwrap_or(&[]);
    let manager = match name {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        "aptitude" => Manager::Aptitude,
        "apk" => Manager::Apk,
        "dnf" | "dnf5" => Manager::Dnf,
        "microdnf" => Manager::Microdnf,
        "yum" => Manager::Yum,
        "zypper" => Manager::Zypper,
        "npm" => Manager::Npm,
        "yarn" | "yarnpkg" => Manager::Yarn,
        "pnpm" => Manager::Pnpm,
        "gem" => Manager::Gem,
        "go" => Manager::Go,
        "poetry" => Manager::Poetry,
        "pipenv" => Manager::Pipenv,
        "bundle" | "bundler" => Manager::Bundle,
        "composer" | "composer.phar" => Manager::Composer,
        name if is_pip_name(name) => Manager::Pip,
        name if is_python_name(name) => return python_module_pip(args, text),
        _ => return None,
    };
    Some((spec(manager)?, args))
}

/// `python [options] -m pip ARGS`.
fn python_module_pip<'w>(
    args: &'w [Word],
    text: &str,
) -> Option<(&'static ManagerSpec, &'w [Word])> {
    for (index, word) in args.iter().enumerate() {
        let value = word.literal(text)?;
        let module = match value.as_ref() {
            "-m" => args.get(index + 1)?.literal(text)?.into_owned(),
            attached if attached.starts_with("-m") => attached.get(2..)?.to_string(),
            option if option.starts_with('-') => continue,
            _ => return None,
        };
        let skip = if value == "-m" { 2 } else { 1 };
        return match module.as_str() {
            "pip" | "pip3" => Some((spec(Manager::Pip)?, args.get(index + skip..)?)),
            "pipenv" => Some((spec(Manager::Pipenv)?, args.get(index + skip..)?)),
            _ => None,
        };
    }
    None
}
